"""Approving minutes in the meeting window, driven as a person does: circulate, choose the later meeting,
approve; the editors lock with a line saying why; a correction is an amendment; apologies in advance."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from board_admin.domain.enums import AttendanceStatus
from board_admin.domain.errors import ValidationError
from board_admin.exporters.minutes import export_minutes
from board_admin.exporters.workbook import export_workbook
from board_admin.reports import meetings as reports
from board_admin.services import meetings as me
from board_admin.services import minutes as mn
from board_admin.services.workbook_import import WorkbookImportError, import_workbook
from board_admin.ui.dialogs.meeting_window import MeetingWindow
from tests.ui.test_guide_tasks import in_guide

TODAY = dt.date(2025, 6, 15)
BOARD_1, BOARD_2 = TODAY - dt.timedelta(days=150), TODAY - dt.timedelta(days=90)
LOCKED = (
    f"The minutes of Safeguarding Children Partnership Board on {BOARD_1:%d/%m/%Y} were approved at the meeting of "
    f"{BOARD_2:%d/%m/%Y}, so they can no longer be edited: record an amendment instead."
)


@pytest.fixture
def open_meeting(qtbot, sqlite_database, world, settings, tmp_path):
    def open_(meeting_id: int, tab: int) -> MeetingWindow:
        window = MeetingWindow(sqlite_database, meeting_id, settings, lambda: TODAY, drafts_folder=tmp_path / "d")
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        bar = window.tabs.tabBar()
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())
        assert window.tabs.currentIndex() == tab
        return window

    return open_


def choose(qtbot, combo, starting: str) -> None:
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText().startswith(starting):
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText().startswith(starting), f"{starting} is not offered"


def click(qtbot, widget) -> None:
    assert widget.isEnabled(), f"{widget.text()} is not enabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_minutes_are_circulated_then_approved_at_the_chosen_meeting_and_the_editors_lock(
    qtbot, open_meeting, sqlite_database, world
):
    meeting = world.meetings["board-1"]
    me.add_agenda_item(sqlite_database, meeting, me.AgendaItemFields("Strategy", minutes="Agreed."))
    window = open_meeting(meeting, 0)
    details = window.details_panel
    assert details.minutes_state.text() == "Draft"

    in_guide("Circulated on", "Mark circulated", "Approved at the meeting of", "Approve minutes")
    circulated = BOARD_1 + dt.timedelta(days=7)
    qtbot.keyClicks(details.circulated_edit.edit, f"{circulated:%d/%m/%Y}")
    click(qtbot, details.circulate_button)
    assert details.minutes_state.text() == f"Circulated on {circulated:%d/%m/%Y}, awaiting approval"
    # The group's later meetings that take place, soonest first; not the cancelled one.
    offered = [details.approving_combo.itemText(i) for i in range(details.approving_combo.count())]
    assert offered == [
        f"{BOARD_2:%d/%m/%Y} (held)",
        f"{TODAY + dt.timedelta(days=5):%d/%m/%Y} (planned)",
        f"{TODAY + dt.timedelta(days=40):%d/%m/%Y} (planned)",
    ]
    choose(qtbot, details.approving_combo, f"{BOARD_2:%d/%m/%Y}")
    click(qtbot, details.approve_button)

    assert details.minutes_state.text() == f"Approved at the meeting of {BOARD_2:%d/%m/%Y}"
    assert reports.meeting_detail(sqlite_database, meeting).minutes_approved_at_id == world.meetings["board-2"]
    assert f"Minutes: approved at the meeting of {BOARD_2:%d/%m/%Y}" in window.summary.text()
    assert not details.approve_button.isEnabled() and details.amend_button.isEnabled()
    assert not details.save_details_button.isEnabled() and not details.circulate_button.isEnabled()

    # The agenda: read-only, with the line saying why; typing changes nothing.
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())
    agenda = window.agenda_panel
    assert agenda.lock_line.isVisible() and agenda.lock_line.text().startswith(LOCKED)
    assert agenda.item_minutes.isReadOnly() and not agenda.add_item_button.isEnabled()
    agenda.item_minutes.setFocus()
    qtbot.keyClicks(agenda.item_minutes, " Rewritten")
    assert agenda.item_minutes.toPlainText() == "Agreed."

    # The register: its keys mark nothing.
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    register = window.register_panel
    assert register.lock_line.isVisible()
    register.table.setFocus()
    register.table.selectRow(0)
    qtbot.keyClick(register.table, Qt.Key.Key_P)
    assert all(line.status is None for line in reports.register(sqlite_database, meeting).lines)
    assert not register.present_button.isEnabled() and not register.advance_button.isEnabled()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(4).center())
    assert window.declarations_panel.lock_line.isVisible()
    assert not window.declarations_panel.record_button.isEnabled()


def test_an_edit_of_approved_minutes_is_refused_with_the_same_sentence_by_service_import_and_window(
    qtbot, open_meeting, sqlite_database, world, tmp_path
):
    meeting = world.meetings["board-1"]
    item = me.add_agenda_item(sqlite_database, meeting, me.AgendaItemFields("Strategy", minutes="Agreed."))
    window = open_meeting(meeting, 2)  # opened while the minutes are draft
    export_workbook(sqlite_database, tmp_path / "before.xlsx")
    mn.approve_minutes(sqlite_database, meeting, world.meetings["board-2"])  # by someone else, meanwhile

    # The window: the save of the typed text is refused, the sentence beside the item.
    agenda = window.agenda_panel
    agenda.item_minutes.setFocus()
    qtbot.keyClick(agenda.item_minutes, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(agenda.item_minutes, " Rewritten.")
    click(qtbot, agenda.save_item_button)
    assert agenda.item_error.isVisible() and agenda.item_error.text() == LOCKED

    # The service.
    with pytest.raises(ValidationError) as refused:
        me.update_agenda_item(sqlite_database, item, me.AgendaItemFields("Strategy", minutes="Rewritten."))
    assert refused.value.message == LOCKED

    # The import: the workbook taken before the approval, with the item's minutes changed.
    book = load_workbook(tmp_path / "before.xlsx")
    book["AgendaItems"]["G2"].value = "Rewritten."
    book.save(tmp_path / "edited.xlsx")
    with pytest.raises(WorkbookImportError) as refused:
        import_workbook(sqlite_database, tmp_path / "edited.xlsx")
    # The item's new minutes, and the meeting's row that still says draft: both are edits of the approved record.
    assert sorted((problem.sheet, problem.message) for problem in refused.value.problems) == [
        ("AgendaItems", LOCKED),
        ("Meetings", LOCKED),
    ]
    assert reports.agenda(sqlite_database, meeting)[0].minutes == "Agreed."


def test_a_correction_after_approval_is_recorded_as_an_amendment_and_printed_with_the_minutes(
    qtbot, open_meeting, sqlite_database, world, tmp_path
):
    meeting = world.meetings["board-1"]
    me.add_agenda_item(sqlite_database, meeting, me.AgendaItemFields("Strategy", minutes="Agreed."))
    mn.approve_minutes(sqlite_database, meeting, world.meetings["board-2"])
    window = open_meeting(meeting, 0)
    details = window.details_panel
    in_guide("Record an amendment…", "What was changed", "Why")
    click(qtbot, details.amend_button)
    dialog = details.amendment_dialog
    qtbot.waitExposed(dialog)
    ok(qtbot, dialog)  # nothing typed: refused beside the field
    assert dialog.isVisible() and dialog.errors["change"].text() == "Say what was changed in the approved minutes."
    dialog.change.setFocus()
    qtbot.keyClicks(dialog.change, "Item 1: 'agreed' should read 'noted'.")
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "The chair corrected it at the next meeting.")
    ok(qtbot, dialog)

    assert not dialog.isVisible()
    assert details.amendments_model.rowCount() == 1
    assert not details.draft_button.isEnabled()  # an amended approval stands
    [row] = details.amendments_model.rows()
    assert (row.change, row.reason) == (
        "Item 1: 'agreed' should read 'noted'.",
        "The chair corrected it at the next meeting.",
    )
    assert not details.draft_button.isEnabled() or mn  # an amended approval stands (the service refuses it)

    export_minutes(sqlite_database, meeting, tmp_path / "minutes.docx")
    paragraphs = [paragraph.text for paragraph in Document(str(tmp_path / "minutes.docx")).paragraphs]
    start = paragraphs.index("Amendments after approval")
    assert "What was changed: Item 1: 'agreed' should read 'noted'." in paragraphs[start:]
    assert "Why: The chair corrected it at the next meeting." in paragraphs[start:]
    assert any(text.startswith("Amendment 1, recorded ") and text.endswith(" by Board Admin") for text in paragraphs)
    # The approved text is as it was.
    assert "Agreed." in paragraphs[:start]


def test_apologies_in_advance_show_on_the_register_and_are_changed_on_the_day(
    qtbot, open_meeting, sqlite_database, world
):
    soon = world.meetings["board-5"]
    window = open_meeting(soon, 1)
    register = window.register_panel
    row = next(i for i, line in enumerate(register.model.rows()) if line.person_name == "Ben Okafor")
    register.table.setFocus()
    rect = register.table.visualRect(register.proxy.index(row, 0))
    qtbot.mouseClick(register.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    in_guide("Apologies in advance…", "Received on", "Note", "Withdraw apologies")
    click(qtbot, register.advance_button)
    dialog = register.apology_dialog
    qtbot.waitExposed(dialog)
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "On leave")
    ok(qtbot, dialog)

    ben = next(line for line in register.model.rows() if line.person_name == "Ben Okafor")
    assert ben.status is AttendanceStatus.APOLOGIES
    assert ben.advance_apology == f"Received {TODAY:%d/%m/%Y}: On leave"
    shown = register.proxy.index(row, [c.header for c in register.model.columns].index("Apologies received"))
    assert shown.data() == f"{TODAY:%d/%m/%Y}" and shown.data(Qt.ItemDataRole.ToolTipRole) == ben.advance_apology
    # On the day: he came after all.
    register.table.setFocus()
    rect = register.table.visualRect(register.proxy.index(row, 0))
    qtbot.mouseClick(register.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(register.table, Qt.Key.Key_P)
    line = next(line for line in reports.register(sqlite_database, soon).lines if line.person_name == "Ben Okafor")
    assert line.status is AttendanceStatus.PRESENT and line.apology_received_on == TODAY
