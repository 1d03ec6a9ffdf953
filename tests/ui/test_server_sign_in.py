"""The window's sign-in to a shared server set up with setup-server: the person types their own login, and
PostgreSQL checks it; each refusal is one sentence in the dialog, which stays open."""

from __future__ import annotations

import pytest

from board_admin.ui.dialogs.accounts import ServerSignInDialog
from tests.ui.test_accounts_ui import press_ok
from tests.unit.db.test_server_roles import PASSWORDS, server  # noqa: F401 - the fixture

pytestmark = pytest.mark.postgres


def test_the_dialog_signs_in_to_the_server_as_the_person(qtbot, server):  # noqa: F811 - the fixture
    dialog = ServerSignInDialog(server.person_url)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, server.login["chair"])
    qtbot.keyClicks(dialog.password, "a wrong guess")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.general_error.text() == "The user name or password is wrong."
    assert dialog.password.text() == "" and dialog.database is None
    qtbot.keyClicks(dialog.password, PASSWORDS["chair"])
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert dialog.database.actor.username == server.login["chair"]
    assert dialog.database.actor.display_name == "Chris Chair"
    dialog.database.dispose()


def test_an_administrator_makes_and_disables_a_server_login_in_the_window(qtbot, server):  # noqa: F811
    import psycopg
    from PySide6.QtCore import Qt

    from board_admin.db import server_roles
    from board_admin.domain.enums import UserRole
    from board_admin.reports.accounts import account_rows
    from board_admin.ui.dialogs.accounts import AccountDialog

    admin = server_roles.connect_as_person(server.person_url, server.login["admin"], PASSWORDS["admin"])
    fay = f"{server.prefix}fay"
    try:
        dialog = AccountDialog(admin)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.username, fay)
        qtbot.keyClicks(dialog.display_name, "Fay Finance")
        dialog.role_boxes[UserRole.FINANCE].setFocus()
        qtbot.keyClick(dialog.role_boxes[UserRole.FINANCE], Qt.Key.Key_Space)
        qtbot.keyClicks(dialog.password, "Fay-pass-2026")
        press_ok(qtbot, dialog)
        assert not dialog.isVisible(), dialog.general_error.text()
        signed_in = server_roles.connect_as_person(server.person_url, fay, "Fay-pass-2026")
        assert signed_in.actor.roles == frozenset({UserRole.FINANCE})
        signed_in.dispose()

        row = next(row for row in account_rows(admin) if row.username == fay)
        edit = AccountDialog(admin, row)
        qtbot.addWidget(edit)
        edit.show()
        edit.active.setFocus()
        qtbot.keyClick(edit.active, Qt.Key.Key_Space)  # as a person ticks a box from the keyboard
        press_ok(qtbot, edit)
        assert not edit.isVisible(), edit.general_error.text()
        assert not next(row for row in account_rows(admin) if row.username == fay).active
        with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
            psycopg.connect(
                host=server.host, port=server.port, dbname=server.dbname, user=fay, password="Fay-pass-2026"
            )
    finally:
        admin.dispose()
