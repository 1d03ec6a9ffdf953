"""Signing in, the first administrator, the accounts and audit page, and what each role is shown."""

from __future__ import annotations

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from sqlalchemy import select

from board_admin.db.models import User
from board_admin.domain.enums import Sector, UserRole
from board_admin.domain.permissions import NOBODY, SYSTEM
from board_admin.services import accounts, structure
from board_admin.ui.dialogs.accounts import AccountDialog, FirstAdministratorDialog, SignInDialog
from board_admin.ui.main_window import PAGES

ADMIN = accounts.AccountFields("amy", "Amy Admin", frozenset({UserRole.ADMINISTRATOR}))
CHAIR = accounts.AccountFields("chris", "Chris Chair", frozenset({UserRole.CHAIR}))


def press_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def users(database) -> list[str]:
    with database.session() as session:
        return list(session.scalars(select(User.username).order_by(User.username)))


def test_the_first_administrator_is_made_from_the_dialog(qtbot, sqlite_database):
    dialog = FirstAdministratorDialog(sqlite_database)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "amy")
    qtbot.keyClicks(dialog.display_name, "Amy Admin")
    qtbot.keyClicks(dialog.password, "correct horse")
    qtbot.keyClicks(dialog.repeat, "correct hose")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.errors["repeat"].text() == "The two passwords are not the same."
    assert users(sqlite_database) == []

    dialog.repeat.clear()
    qtbot.keyClicks(dialog.repeat, "correct horse")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert users(sqlite_database) == ["amy"]
    assert sqlite_database.actor.username == "amy"


def test_a_short_password_is_shown_beside_its_field(qtbot, sqlite_database):
    dialog = FirstAdministratorDialog(sqlite_database)
    qtbot.addWidget(dialog)
    dialog.show()
    for field, text in ((dialog.username, "amy"), (dialog.display_name, "Amy"), (dialog.password, "short")):
        qtbot.keyClicks(field, text)
    qtbot.keyClicks(dialog.repeat, "short")
    press_ok(qtbot, dialog)
    assert "at least 8 characters" in dialog.errors["password"].text()
    assert users(sqlite_database) == []


def test_sign_in_dialog(qtbot, sqlite_database):
    accounts.create_first_administrator(sqlite_database, ADMIN, "correct horse")
    sqlite_database.actor = NOBODY
    dialog = SignInDialog(sqlite_database)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "amy")
    qtbot.keyClicks(dialog.password, "wrong guess")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.general_error.text() == "The user name or password is wrong."
    assert dialog.password.text() == "" and sqlite_database.actor == NOBODY
    qtbot.keyClicks(dialog.password, "correct horse")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible() and sqlite_database.actor.username == "amy"


def test_an_administrator_adds_an_account(qtbot, sqlite_database):
    accounts.create_first_administrator(sqlite_database, ADMIN, "correct horse")
    dialog = AccountDialog(sqlite_database)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "fiona")
    qtbot.keyClicks(dialog.display_name, "Fiona Finance")
    qtbot.keyClicks(dialog.password, "pounds and pence")
    press_ok(qtbot, dialog)
    assert dialog.errors["roles"].text() == "Give the account at least one role."
    assert users(sqlite_database) == ["amy"]
    dialog.role_boxes[UserRole.FINANCE].setChecked(True)
    press_ok(qtbot, dialog)
    assert users(sqlite_database) == ["amy", "fiona"]


def test_a_chair_does_not_see_the_accounts_page(make_window, sqlite_database):
    accounts.create_first_administrator(sqlite_database, ADMIN, "correct horse")
    accounts.create_account(sqlite_database, CHAIR, "battery staple")
    accounts.sign_in(sqlite_database, "chris", "battery staple")
    window = make_window(sqlite_database)
    position = [entry.key for entry in PAGES].index("accounts")
    assert window.navigation.isRowHidden(position)
    assert not window.page_actions[position].isVisible()
    assert not window.import_action.isEnabled()
    assert window.user_label.text() == "Signed in as Chris Chair (Chair)"


def test_the_audit_trail_lists_changes_and_exports_them(make_window, sqlite_database, qtbot, tmp_path, monkeypatch):
    sqlite_database.actor = SYSTEM
    accounts.create_first_administrator(sqlite_database, ADMIN, "correct horse")
    structure.create_agency(sqlite_database, structure.AgencyFields("Healthwatch", Sector.OTHER))
    window = make_window(sqlite_database)
    assert window.user_label.text() == "Signed in as Amy Admin (Administrator)"
    window.show_page_by_key("accounts")
    page = window.page("accounts")
    assert [row.username for row in page.account_model.rows()] == ["amy"]
    changes = [(row.username, row.entity, row.operation) for row in page.audit_model.rows()]
    assert ("amy", "agency", "create") in changes and ("system", "app_user", "create") in changes

    page.who.setCurrentIndex(page.who.findData("amy"))
    assert {row.username for row in page.audit_model.rows()} == {"amy"}

    out = tmp_path / "trail.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(out), "")))
    page.export_audit()
    sheet = load_workbook(out)["Audit trail"]
    assert sheet["A1"].value == "Audit trail"
    assert sheet["A2"].value.startswith("Changes from ") and sheet["A2"].value.endswith(" by amy")
    assert sheet.print_title_rows == "$1:$3"  # the title, which changes, and the headers on every page
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0] == ("When", "Who", "Record", "Number", "What", "Before", "After")
    assert [(row[1], row[2], row[4]) for row in rows[1:]] == [("amy", "agency", "create")]
    assert '"name": "Healthwatch"' in rows[1][6]
