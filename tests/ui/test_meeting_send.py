"""Send to members, from the meeting window, driven with clicks: the dialog names who the e-mail cannot reach
before anything is opened, and the draft it opens (only the final openUrl is caught) is the .eml the command
writes: the members on the day in To, the deputy in Cc, the agenda attached, X-Unsent: 1."""

from __future__ import annotations

import datetime as dt
import email
import io
from email import policy
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from shiboken6 import isValid

from board_admin.domain.enums import MemberRole
from board_admin.services import meetings as m
from board_admin.services import structure as s
from board_admin.ui.dialogs.meeting_send import SendDialog
from board_admin.ui.dialogs.meeting_window import MeetingWindow
from tests.sample_world import CHILDREN_BOARD
from tests.ui.conftest import TODAY


@pytest.fixture
def opened(monkeypatch, tmp_path):
    """The files the window asks the computer to open (instead of opening them), and a data folder of the test's."""
    monkeypatch.setenv("BOARD_ADMIN_DATA_DIR", str(tmp_path / "data"))
    urls: list[Path] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(Path(url.toLocalFile())) or True)
    return urls


@pytest.fixture
def board(sqlite_database, world):
    """Frank Hollis (Ben Okafor's deputy) with an address; Chloe Price on the board without one."""
    s.update_person(
        sqlite_database,
        world.people["Frank Hollis"],
        s.PersonFields("Frank Hollis", world.agencies["Police"], email="frank.hollis@example.police.uk"),
    )
    s.add_membership(
        sqlite_database,
        s.MembershipFields(
            world.groups[CHILDREN_BOARD], world.people["Chloe Price"], MemberRole.MEMBER, TODAY - dt.timedelta(10)
        ),
    )
    return world


def open_send_dialog(qtbot, database, world, settings, key: str) -> SendDialog:
    window = MeetingWindow(database, world.meetings[key], settings, lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(SendDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def choose(qtbot, choice) -> None:
    qtbot.mouseClick(choice, Qt.MouseButton.LeftButton)


def table(dialog: SendDialog) -> list[list[str]]:
    grid = dialog.left_out
    return [[grid.item(row, column).text() for column in range(2)] for row in range(grid.rowCount())]


def test_the_dialog_lists_who_has_no_address_then_opens_the_draft(qtbot, sqlite_database, board, settings, opened):
    dialog = open_send_dialog(qtbot, sqlite_database, board, settings, "board-6")  # 40 days on: Dev Patel joined
    assert dialog.buttons["agenda"].isChecked()
    # Before anything is opened: who cannot be reached, and why.
    assert dialog.left_out.isVisible()
    assert table(dialog) == [
        ["Dev Patel (member)", "Dev Patel has no email address."],
        ["Chloe Price (member)", "Chloe Price has no email address."],
    ]
    assert dialog.addressed.text() == (
        f"To: 2 people, the members of {CHILDREN_BOARD} on 25/07/2025. Cc: 1 deputy named for them."
    )
    assert opened == []

    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(opened) == 1)
    path = opened[0]
    assert path.suffix == ".eml" and path.is_file()
    with path.open("rb") as handle:
        message = email.message_from_binary_file(handle, policy=policy.default)
    assert {address.addr_spec for address in message["To"].addresses} == {
        "grace.lin@example.org",
        "ben.okafor@example.police.uk",
    }
    assert [address.addr_spec for address in message["Cc"].addresses] == ["frank.hollis@example.police.uk"]
    assert message["X-Unsent"] == "1"
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == f"{CHILDREN_BOARD} agenda 2025-07-25.docx"
    assert Document(io.BytesIO(attachment.get_content())).paragraphs[0].text == CHILDREN_BOARD
    assert not isValid(dialog) or not dialog.isVisible()  # closed, and deleted with it
    path.unlink()


def test_the_reminder_lists_actions_nobody_owns(qtbot, sqlite_database, board, settings, opened):
    m.create_action(
        sqlite_database,
        board.meetings["board-2"],
        m.ActionFields("Audit the toolkit", owner_id=board.people["Dev Patel"]),
    )
    dialog = open_send_dialog(qtbot, sqlite_database, board, settings, "board-2")
    choose(qtbot, dialog.buttons["actions"])
    assert dialog.buttons["actions"].isChecked()
    assert table(dialog) == [
        ["Dev Patel", "Dev Patel has no email address."],
        [
            "No one named (no agency)",
            "2 open actions have no person named as owner, so no one is reminded of them.",
        ],
    ]
    # Nobody can be written to: there is no draft to open.
    assert dialog.addressed.text() == f"To: 0 people who own open actions of {CHILDREN_BOARD}."
    assert not dialog.open_button.isEnabled()


def test_change_the_wording_opens_the_units_own_copy(qtbot, sqlite_database, board, settings, opened, tmp_path):
    dialog = open_send_dialog(qtbot, sqlite_database, board, settings, "board-6")
    choose(qtbot, dialog.buttons["minutes"])
    qtbot.mouseClick(dialog.wording_button, Qt.MouseButton.LeftButton)
    own = tmp_path / "data" / "templates" / "email-minutes.txt"
    assert opened == [own]
    assert own.read_text(encoding="utf-8").startswith("Subject: $group: $document of the meeting on $date")
    own.write_text("Subject: Minutes, $group\n\nHere they are.\n", encoding="utf-8")

    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(opened) == 2)
    with opened[1].open("rb") as handle:
        message = email.message_from_binary_file(handle, policy=policy.default)
    assert message["Subject"] == f"Minutes, {CHILDREN_BOARD}"
    assert message.get_body(("plain",)).get_content() == "Here they are.\n"
    opened[1].unlink()
