"""Nothing typed in the meeting window is lost, and nothing in the register goes against the wrong person.

Each test drives the real widgets with the mouse and keys, as an administrator taking a meeting would, and
checks what was stored in the database.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import select

from board_admin.db.models import Attendance
from board_admin.domain.enums import GroupKind, MemberRole
from board_admin.reports import meetings as reports
from board_admin.services import meetings as meeting_service
from board_admin.services import structure as s
from board_admin.ui.dialogs.meeting_window import MeetingWindow
from tests.ui.conftest import TODAY


@pytest.fixture
def open_meeting(qtbot, sqlite_database, world, settings, tmp_path):
    def open_(meeting_id: int, tab: int | None = 2) -> MeetingWindow:
        window = MeetingWindow(sqlite_database, meeting_id, settings, lambda: TODAY, drafts_folder=tmp_path / "drafts")
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitActive(window)
        if tab is not None:
            bar = window.tabs.tabBar()
            qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())
            assert window.tabs.currentIndex() == tab
        return window

    return open_


def click_row(qtbot, table, row: int, column: int = 1) -> None:
    rect = table.visualRect(table.model().index(row, column))
    assert rect.isValid(), f"row {row} is not in view"
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def stored_agenda(database, meeting_id):
    return {item.position: item for item in reports.agenda(database, meeting_id)}


def with_standard_agenda(database, world) -> int:
    meeting = world.meetings["board-2"]
    meeting_service.add_standard_agenda(database, meeting)
    return meeting


# --- the agenda and minutes ------------------------------------------------------------------------------


def test_minutes_typed_are_saved_when_another_item_is_clicked_and_the_save_can_be_undone(
    qtbot, open_meeting, sqlite_database, world
):
    meeting = with_standard_agenda(sqlite_database, world)
    window = open_meeting(meeting)
    panel = window.agenda_panel
    click_row(qtbot, panel.table, 2)  # item 3, the minutes of the last meeting
    qtbot.keyClicks(panel.item_minutes, "The action log was reviewed.")
    panel.item_decisions.setFocus()
    qtbot.keyClicks(panel.item_decisions, "Two actions closed.")
    click_row(qtbot, panel.table, 3)  # item 4, no "Save item" pressed
    qtbot.waitUntil(lambda: panel.current_item() is not None and panel.current_item().position == 4)
    saved = stored_agenda(sqlite_database, meeting)[3]
    assert (saved.minutes, saved.decisions) == ("The action log was reviewed.", "Two actions closed.")
    assert panel.item_minutes.toPlainText() == ""  # item 4's own (empty) minutes
    assert panel.saved_note.text().startswith("Item 3 saved")
    # Undo puts item 3 back as it was, and shows it.
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert stored_agenda(sqlite_database, meeting)[3].minutes is None
    assert panel.current_item().position == 3 and panel.item_minutes.toPlainText() == ""
    assert not panel.undo_button.isVisible()


def test_minutes_are_saved_on_moving_to_another_tab_and_on_closing(qtbot, open_meeting, sqlite_database, world):
    meeting = with_standard_agenda(sqlite_database, world)
    window = open_meeting(meeting)
    panel = window.agenda_panel
    click_row(qtbot, panel.table, 1)
    qtbot.keyClicks(panel.item_minutes, "Approved as a true record.")
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(3).center())  # Actions
    assert window.tabs.currentIndex() == 3
    assert stored_agenda(sqlite_database, meeting)[2].minutes == "Approved as a true record."
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())
    qtbot.keyClicks(panel.item_minutes, " Signed by the chair.")
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # closing the window, with the keyboard
    assert not window.isVisible()
    assert stored_agenda(sqlite_database, meeting)[2].minutes == "Approved as a true record. Signed by the chair."


def test_a_refused_save_keeps_the_user_on_the_item_with_the_text(qtbot, open_meeting, sqlite_database, world):
    meeting = with_standard_agenda(sqlite_database, world)
    window = open_meeting(meeting)
    panel = window.agenda_panel
    click_row(qtbot, panel.table, 0)
    qtbot.keyClicks(panel.item_minutes, "Apologies from the police.")
    panel.item_title.setFocus()
    panel.item_title.selectAll()
    qtbot.keyClick(panel.item_title, Qt.Key.Key_Delete)  # a blank title cannot be saved
    click_row(qtbot, panel.table, 4)
    selected = panel.table.selectionModel().selectedRows
    qtbot.waitUntil(lambda: [index.row() for index in selected()] == [0])
    assert panel.current_item().position == 1
    assert panel.item_error.isVisible() and "cannot be empty" in panel.item_error.text()
    assert panel.item_minutes.toPlainText() == "Apologies from the police."
    assert stored_agenda(sqlite_database, meeting)[1].minutes is None
    # Closing asks, rather than losing the text without a word; going back keeps the window and the text.
    window.close()
    assert window.isVisible()
    question = window.discard_question
    assert "could not be saved" in question.text()
    keep = next(b for b in question.buttons() if b.text() == "Go back and correct it")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert window.isVisible() and panel.item_minutes.toPlainText() == "Apologies from the police."
    qtbot.keyClicks(panel.item_title, "Welcome and apologies")
    window.close()
    assert not window.isVisible()
    saved = stored_agenda(sqlite_database, meeting)[1]
    assert (saved.title, saved.minutes) == ("Welcome and apologies", "Apologies from the police.")


def test_minutes_typed_before_a_crash_are_offered_back(qtbot, open_meeting, sqlite_database, world, tmp_path):
    meeting = with_standard_agenda(sqlite_database, world)
    window = open_meeting(meeting)
    panel = window.agenda_panel
    click_row(qtbot, panel.table, 3)  # item 4 (declarations of interest are item 2)
    qtbot.keyClicks(panel.item_minutes, "The board noted the neglect strategy")
    drafts = tmp_path / "drafts"
    # A draft is written a moment after the last key, while the item is still being typed.
    qtbot.waitUntil(lambda: any(drafts.glob("minutes-*.json")), timeout=15000)
    assert stored_agenda(sqlite_database, meeting)[4].minutes is None
    # The program dies (no close, no save); the meeting is opened again.
    again = open_meeting(meeting, tab=None)
    assert again.tabs.currentWidget() is again.agenda_panel
    assert again.agenda_panel.recovery.isVisible()
    assert "item 4, 'Matters arising and action log'" in again.agenda_panel.recovery_text.text()
    qtbot.mouseClick(again.agenda_panel.restore_button, Qt.MouseButton.LeftButton)
    assert stored_agenda(sqlite_database, meeting)[4].minutes == "The board noted the neglect strategy"
    assert not any(drafts.glob("minutes-*.json"))
    window.agenda_panel.discard_changes()


# --- the register ----------------------------------------------------------------------------------------


@pytest.fixture
def large_group_meeting(sqlite_database, world) -> int:
    """A forum of thirty members from the county council, too many to see at once."""
    group = s.create_group(sqlite_database, s.GroupFields("Practitioners forum", GroupKind.FORUM))
    for number in range(1, 31):
        person = s.create_person(sqlite_database, s.PersonFields(f"Member {number:02d}", world.agencies["CCC"]))
        s.add_membership(
            sqlite_database,
            s.MembershipFields(group, person, MemberRole.MEMBER, TODAY - dt.timedelta(days=100)),
        )
    return meeting_service.create_meeting(
        sqlite_database, meeting_service.MeetingFields(group, TODAY - dt.timedelta(days=1))
    )


def test_p_then_p_marks_two_members_in_a_row_and_the_register_stays_put(
    qtbot, open_meeting, sqlite_database, large_group_meeting
):
    window = open_meeting(large_group_meeting, tab=1)
    window.resize(900, 520)
    panel = window.register_panel
    table = panel.table
    bar = table.verticalScrollBar()
    assert bar.maximum() > 0, "the register must be longer than the window for this test"
    bar.setValue(bar.maximum() // 2)  # scrolled down the list, as with the wheel
    scrolled = bar.value()
    top = table.rowAt(0)
    click_row(qtbot, table, top + 2, column=0)
    first = panel.proxy.row_at(table.currentIndex()).person_name
    qtbot.keyClick(table, Qt.Key.Key_P)
    qtbot.keyClick(table, Qt.Key.Key_P)
    lines = reports.register(window.database, large_group_meeting).lines
    names = [line.person_name for line in lines]
    marked = {line.person_name for line in lines if line.status is not None}
    start = names.index(first)
    assert marked == {names[start], names[start + 1]}
    assert bar.value() == scrolled
    assert [line.person_name for line in panel.selected_lines()] == [names[start + 2]]
    assert window.focusWidget() is table
    # The next key goes to the next member, and a click lands on the row that was under the pointer.
    qtbot.keyClick(table, Qt.Key.Key_A)
    assert reports.register(window.database, large_group_meeting).lines[start + 2].status.label == "Apologies"
    click_row(qtbot, table, top, column=0)
    qtbot.mouseClick(panel.absent_button, Qt.MouseButton.LeftButton)
    absent = [line.person_name for line in reports.register(window.database, large_group_meeting).lines]
    assert reports.register(window.database, large_group_meeting).lines[top].status.label == "Absent"
    assert absent[top] == panel.model.rows()[top].person_name
    assert bar.value() == scrolled and window.focusWidget() is table


def test_a_register_sorted_by_attendance_does_not_move_under_the_pointer(
    qtbot, open_meeting, sqlite_database, large_group_meeting
):
    window = open_meeting(large_group_meeting, tab=1)
    window.resize(900, 520)
    panel = window.register_panel
    table = panel.table
    header = table.horizontalHeader()
    attendance = 3
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(attendance) + 10, header.height() // 2),
    )
    assert header.sortIndicatorSection() == attendance
    bar = table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    scrolled = bar.value()
    row = table.rowAt(0) + 2
    pointer = table.visualRect(panel.proxy.index(row, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pointer)
    first = panel.proxy.row_at(table.indexAt(pointer)).person_name
    qtbot.keyClick(table, Qt.Key.Key_P)
    second = panel.proxy.row_at(table.currentIndex()).person_name
    qtbot.keyClick(table, Qt.Key.Key_P)
    qtbot.wait(50)  # let the view lay itself out, as it would before the user's next click
    # The member under the pointer is still the one marked first, the next below, and the list has not scrolled.
    assert panel.proxy.row_at(table.indexAt(pointer)).person_name == first
    below = table.visualRect(panel.proxy.index(row + 1, 0)).center()
    assert panel.proxy.row_at(table.indexAt(below)).person_name == second
    assert bar.value() == scrolled
    marked = {line.person_name for line in reports.register(window.database, large_group_meeting).lines if line.status}
    assert marked == {first, second}


@pytest.fixture
def colleague(sqlite_database, world) -> int:
    """A colleague of Grace Lin's at the partnership service (Grace has no named deputy)."""
    return s.create_person(sqlite_database, s.PersonFields("Priya Shah", world.agencies["ISPS"], "Business manager"))


def test_the_deputy_list_puts_the_members_agency_first_and_chooses_nobody(
    qtbot, open_meeting, sqlite_database, world, colleague
):
    window = open_meeting(world.meetings["board-5"], tab=1)
    panel = window.register_panel
    click_row(qtbot, panel.table, 0, column=0)  # Grace Lin
    qtbot.keyClick(panel.table, Qt.Key.Key_D)
    dialog = panel.deputy_dialog
    assert dialog.isVisible()
    shown = [dialog.list.item(row).text().strip() for row in range(dialog.list.count())]
    assert shown[0] == "Independent Safeguarding Partnership Service (the member's agency)"
    assert shown[1] == "Priya Shah (Business manager)"
    assert shown[2] == "Other agencies"
    assert dialog.list.selectedItems() == []
    # Enter without a choice records nobody.
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.isVisible()
    with sqlite_database.session() as session:
        assert session.scalar(select(Attendance)) is None
    # Typing filters the list; a colleague from the same agency is recorded without a question.
    qtbot.keyClicks(dialog.search, "priya")
    assert [item.text().strip() for item in dialog.person_items()] == ["Priya Shah (Business manager)"]
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    with sqlite_database.session() as session:
        line = session.scalar(select(Attendance))
        assert (line.deputy_id, line.agency_id) == (colleague, world.agencies["ISPS"])
    assert window.focusWidget() is panel.table


def test_a_deputy_from_another_agency_is_confirmed_and_credited_to_the_members_agency(
    qtbot, open_meeting, sqlite_database, world, colleague
):
    window = open_meeting(world.meetings["board-5"], tab=1)
    panel = window.register_panel
    click_row(qtbot, panel.table, 0, column=0)  # Grace Lin, of the partnership service
    qtbot.mouseClick(panel.deputy_button, Qt.MouseButton.LeftButton)
    dialog = panel.deputy_dialog
    qtbot.keyClicks(dialog.search, "chloe")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)  # Record deputy
    question = dialog.question
    assert question.isVisible()
    assert question.text() == (
        "Chloe Price works for Cambridgeshire and Peterborough Clinical Commissioning Group. Are they "
        "representing Independent Safeguarding Partnership Service at this meeting, in place of Grace Lin?"
    )
    no = next(b for b in question.buttons() if b.text() == "No, choose again")
    qtbot.mouseClick(no, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    with sqlite_database.session() as session:
        assert session.scalar(select(Attendance)) is None
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    yes = next(b for b in dialog.question.buttons() if b.text().startswith("Yes, for"))
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with sqlite_database.session() as session:
        line = session.scalar(select(Attendance))
        assert (line.person_id, line.deputy_id, line.agency_id) == (
            world.people["Grace Lin"],
            world.people["Chloe Price"],
            world.agencies["ISPS"],
        )
    grace = panel.model.rows()[0]
    assert panel.deputy_text(grace) == (
        "Chloe Price (Cambridgeshire and Peterborough Clinical Commissioning Group, "
        "deputising for Independent Safeguarding Partnership Service)"
    )


# --- smaller things ----------------------------------------------------------------------------------------


def test_dates_are_not_todays_by_default(qtbot, open_meeting, world):
    window = open_meeting(world.meetings["board-2"], tab=0)
    next_meeting = TODAY + dt.timedelta(days=5)  # board-5: the next meeting neither cancelled nor postponed
    # Minutes are approved at a later meeting of the group: the next one is offered first.
    assert window.details_panel.approving_combo.currentText().startswith(f"{next_meeting:%d/%m/%Y}")
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(3).center())
    qtbot.mouseClick(window.actions_panel.new_action_button, Qt.MouseButton.LeftButton)
    dialog = window.actions_panel.action_dialog
    assert dialog.has_due.isChecked() and dialog.due.date() == next_meeting
    dialog.reject()
    # A group with no meeting after this one: no approval date and no due date until one is chosen.
    last = open_meeting(world.meetings["qeg-1"], tab=0)
    assert last.details_panel.approving_combo.count() == 0
    assert not last.details_panel.approve_button.isEnabled()
    last.tabs.setCurrentIndex(3)
    qtbot.mouseClick(last.actions_panel.new_action_button, Qt.MouseButton.LeftButton)
    assert not last.actions_panel.action_dialog.has_due.isChecked()


# The completer's pop-up list asks the offscreen platform for things it cannot do (raise it, grab the keyboard).
@pytest.mark.qt_log_ignore("This plugin does not support raise", "This plugin does not support grabbing")
def test_the_owner_box_shows_its_hint_as_placeholder_and_typed_text_is_not_thrown_away(
    qtbot, open_meeting, sqlite_database, world
):
    window = open_meeting(world.meetings["qeg-1"], tab=3)
    qtbot.mouseClick(window.actions_panel.new_action_button, Qt.MouseButton.LeftButton)
    dialog = window.actions_panel.action_dialog
    owner = dialog.owner.lineEdit()
    assert owner.text() == "" and owner.placeholderText() == "Not assigned"
    qtbot.keyClicks(owner, "Chloe")
    assert owner.text() == "Chloe"
    # The names holding what was typed are offered; Down and Enter take the first.
    popup = dialog.owner.completer().popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.owner.currentText().startswith("Chloe Price (")
    qtbot.keyClicks(dialog.description, "Audit the health assessments")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # asked, not closed
    question = dialog.discard_question
    assert question.text() == "Save changes to the action?"
    count = len(window.actions_panel.model.rows())
    cancel = next(b for b in question.buttons() if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.description.toPlainText() == "Audit the health assessments"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    save = next(b for b in dialog.discard_question.buttons() if b.text() == "&Save")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert len(window.actions_panel.model.rows()) == count + 1


def test_an_export_offers_to_open_the_document(qtbot, open_meeting, world, tmp_path):
    window = open_meeting(world.meetings["board-1"], tab=0)
    job = window.run_export("minutes", tmp_path / "minutes.docx")
    qtbot.waitUntil(lambda: not job.running, timeout=20000)
    qtbot.waitUntil(lambda: getattr(window, "written_message", None) is not None)
    texts = [b.text() for b in window.written_message.buttons()]
    assert "&Open the document" in texts and "Open the &folder" in texts
    assert str(tmp_path / "minutes.docx") in window.written_message.text()


def test_the_guest_picker_chooses_nobody_for_the_user(qtbot, open_meeting, sqlite_database, world):
    window = open_meeting(world.meetings["board-6"], tab=1)
    panel = window.register_panel
    qtbot.mouseClick(panel.add_guest_button, Qt.MouseButton.LeftButton)
    dialog = panel.guest_dialog
    assert dialog.person.currentIndex() == -1 and dialog.person.currentText() == ""
    qtbot.keyClick(dialog.person, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.errors["person_id"].isVisible()
    assert panel.guest_model.rowCount() == 0


def test_closing_the_application_saves_the_minutes_being_typed(qtbot, window, sqlite_database, world):
    meeting_id = with_standard_agenda(sqlite_database, world)
    window.show_page_by_key("meetings")
    meeting = window.page("meetings").open_meeting_id(meeting_id)
    qtbot.waitExposed(meeting)
    meeting.tabs.setCurrentWidget(meeting.agenda_panel)
    panel = meeting.agenda_panel
    click_row(qtbot, panel.table, 4)
    qtbot.keyClicks(panel.item_minutes, "No other business.")
    window.close()
    assert stored_agenda(sqlite_database, meeting_id)[5].minutes == "No other business."


# --- signing out -----------------------------------------------------------------------------------------


def choose_from_menu(qtbot, window, menu_title: str, action) -> None:
    """Clicks a menu on the main window's menu bar, then one of its entries, as a person does."""
    bar = window.menuBar()
    menu_action = next(entry for entry in bar.actions() if entry.text().replace("&", "") == menu_title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu_action).center())
    menu = menu_action.menu()
    qtbot.waitUntil(menu.isVisible)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def open_from_meetings_page(qtbot, window, meeting_id: int) -> MeetingWindow:
    window.show_page_by_key("meetings")
    meeting = window.page("meetings").open_meeting_id(meeting_id)
    qtbot.waitExposed(meeting)
    bar = meeting.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())
    return meeting


@pytest.mark.qt_log_ignore("This plugin does not support raise", "This plugin does not support grabbing")
def test_signing_out_saves_the_minutes_being_typed_and_closes_the_meeting_window(qtbot, window, sqlite_database, world):
    from board_admin.domain.permissions import NOBODY

    meeting_id = with_standard_agenda(sqlite_database, world)
    meeting = open_from_meetings_page(qtbot, window, meeting_id)
    panel = meeting.agenda_panel
    click_row(qtbot, panel.table, 4)
    qtbot.keyClicks(panel.item_minutes, "No other business.")
    window.activateWindow()
    choose_from_menu(qtbot, window, "File", window.sign_out_action)
    qtbot.waitUntil(lambda: sqlite_database.actor is NOBODY)
    assert stored_agenda(sqlite_database, meeting_id)[5].minutes == "No other business."
    assert window.page("meetings").windows == []  # nothing of the meeting stays open for the next person
    assert window.sign_in_dialog is not None and window.sign_in_dialog.isVisible()


@pytest.mark.qt_log_ignore("This plugin does not support raise", "This plugin does not support grabbing")
def test_signing_out_with_minutes_that_cannot_be_saved_asks_and_going_back_keeps_the_user_signed_in(
    qtbot, window, sqlite_database, world
):
    from board_admin.domain.permissions import NOBODY

    meeting_id = with_standard_agenda(sqlite_database, world)
    meeting = open_from_meetings_page(qtbot, window, meeting_id)
    panel = meeting.agenda_panel
    click_row(qtbot, panel.table, 0)
    qtbot.keyClicks(panel.item_minutes, "Apologies from the police.")
    panel.item_title.setFocus()
    panel.item_title.selectAll()
    qtbot.keyClick(panel.item_title, Qt.Key.Key_Delete)  # a blank title cannot be saved
    signed_in = sqlite_database.actor
    window.activateWindow()
    choose_from_menu(qtbot, window, "File", window.sign_out_action)
    qtbot.waitUntil(lambda: meeting.discard_question is not None and meeting.discard_question.isVisible())
    keep = next(b for b in meeting.discard_question.buttons() if b.text() == "Go back and correct it")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    qtbot.wait(50)  # let the answer's after-effects run: nothing more should happen
    assert sqlite_database.actor is signed_in and window.sign_in_dialog is None
    assert meeting.isVisible() and panel.item_minutes.toPlainText() == "Apologies from the police."
    # Signing out again, and this time closing without the changes: the window closes and the sign-out goes on.
    window.activateWindow()
    choose_from_menu(qtbot, window, "File", window.sign_out_action)
    qtbot.waitUntil(lambda: meeting.discard_question is not None and meeting.discard_question.isVisible())
    discard = next(b for b in meeting.discard_question.buttons() if b.text() == "Close without them")
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sqlite_database.actor is NOBODY)
    assert window.page("meetings").windows == []
    assert window.sign_in_dialog is not None and window.sign_in_dialog.isVisible()
    assert stored_agenda(sqlite_database, meeting_id)[1].minutes is None


def test_signing_out_with_an_action_half_typed_asks_save_discard_or_cancel(qtbot, window, sqlite_database, world):
    from PySide6.QtWidgets import QMessageBox

    from board_admin.domain.permissions import NOBODY

    meeting_id = with_standard_agenda(sqlite_database, world)
    meeting = open_from_meetings_page(qtbot, window, meeting_id)
    bar = meeting.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(3).center())
    actions = meeting.actions_panel
    qtbot.mouseClick(actions.new_action_button, Qt.MouseButton.LeftButton)
    form = actions.action_dialog
    qtbot.waitExposed(form)
    qtbot.keyClicks(form.description, "Write to the schools about the audit")
    before = [a.description for a in reports.meeting_actions(sqlite_database, meeting_id)]
    signed_in = sqlite_database.actor
    # The File menu is out of reach behind the form; Sign out comes through its action (as a shortcut would).
    window.sign_out_action.trigger()
    question = form.discard_question
    assert question is not None and question.isVisible() and question.text() == "Save changes to the action?"
    qtbot.mouseClick(question.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert sqlite_database.actor is signed_in and form.isVisible() and meeting.isVisible()
    window.sign_out_action.trigger()
    question = form.discard_question
    save = next(b for b in question.buttons() if b.text().replace("&", "") == "Save")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sqlite_database.actor is NOBODY)
    after = [a.description for a in reports.meeting_actions(sqlite_database, meeting_id)]
    assert sorted(after) == sorted([*before, "Write to the schools about the audit"])
    assert window.page("meetings").windows == []
