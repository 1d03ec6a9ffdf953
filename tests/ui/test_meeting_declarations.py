"""The meeting window's Declarations tab, driven as a person does: choose who, what about, type the interest."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from board_admin.domain.enums import InterestAction, InterestKind
from board_admin.reports.declarations import meeting_declarations
from board_admin.services import meetings as me
from board_admin.ui.dialogs.meeting_window import MeetingWindow

TODAY = dt.date(2025, 6, 15)


def choose(qtbot, combo, text: str) -> None:
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text, f"{text} is not offered"


def test_a_declaration_is_recorded_from_the_tab_and_a_blank_one_refused(qtbot, sqlite_database, world, settings):
    meeting = world.meetings["board-2"]
    me.add_standard_agenda(sqlite_database, meeting)
    window = MeetingWindow(sqlite_database, meeting, settings, lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(4).center())
    panel = window.declarations_panel
    assert window.tabs.currentWidget() is panel

    choose(qtbot, panel.person, "Ben Okafor")
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    assert panel.error.isVisible() and "Say what the interest is" in panel.error.text()
    assert meeting_declarations(sqlite_database, meeting) == []

    choose(qtbot, panel.about, "Item 3: Minutes of the last meeting")
    qtbot.keyClicks(panel.interest, "Chairs the provider's board")
    choose(qtbot, panel.kind, "Pecuniary")
    choose(qtbot, panel.action, "Left the room")
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    rows = meeting_declarations(sqlite_database, meeting)
    assert [(r.person_name, r.about, r.interest, r.kind, r.action) for r in rows] == [
        (
            "Ben Okafor",
            "Item 3: Minutes of the last meeting",
            "Chairs the provider's board",
            InterestKind.PECUNIARY,
            InterestAction.LEFT_THE_ROOM,
        )
    ]
    assert not panel.error.isVisible() and panel.interest.text() == ""
    assert panel.model.rowCount() == 1
