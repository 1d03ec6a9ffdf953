"""What the screens share, written once, as a person meets it: where to save a document (ui/widgets.py: in the
folder last saved to, the file type added to a name typed without it), a page's "More" menu, and the one list
of exports (exports.py) that the Reports page shows."""

from __future__ import annotations

from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from board_admin.ui.dialogs.meeting_window import MeetingWindow
from tests.sample_world import CHILDREN_BOARD
from tests.ui.conftest import TODAY, open_messages


def answer_with(monkeypatch, chosen) -> list[tuple[str, str, str]]:
    """Answers the save question with `chosen`; returns what was asked: title, suggested file, file types."""
    asked = []

    def answer(_parent, title, suggested, file_filter, *_rest, **_options):
        asked.append((title, suggested, file_filter))
        return str(chosen), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return asked


def test_the_minutes_are_saved_where_last_saved_with_docx_added(
    qtbot, sqlite_database, world, settings, tmp_path, monkeypatch
):
    last, chosen = tmp_path / "last", tmp_path / "chosen"
    last.mkdir()
    chosen.mkdir()
    settings.setValue("files/last_folder", str(last))
    asked = answer_with(monkeypatch, chosen / "board minutes")
    window = MeetingWindow(sqlite_database, world.meetings["board-1"], settings, lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.mouseClick(window.export_minutes_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(window, "written_message", None) is not None, timeout=20000)
    day = window.detail.meeting_date
    suggested = str(last / f"{CHILDREN_BOARD} minutes {day:%Y-%m-%d}.docx")
    assert asked == [("Export the minutes", suggested, "Word documents (*.docx)")]
    assert Document(str(chosen / "board minutes.docx")).paragraphs[0].text == CHILDREN_BOARD
    assert str(chosen / "board minutes.docx") in window.written_message.text()
    assert settings.value("files/last_folder") == str(chosen)


def test_the_calendar_is_saved_with_ics_added(qtbot, window, settings, tmp_path, monkeypatch):
    settings.setValue("files/last_folder", str(tmp_path))
    asked = answer_with(monkeypatch, tmp_path / "meetings")
    window.show_page_by_key("meetings")
    page = window.page("meetings")
    qtbot.mouseClick(page.calendar_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(open_messages()), timeout=20000)
    assert asked == [("Export the schedule for Outlook", str(tmp_path / "All meetings.ics"), "Calendar files (*.ics)")]
    assert (tmp_path / "meetings.ics").read_text().startswith("BEGIN:VCALENDAR")
    assert f"to {tmp_path / 'meetings.ics'}" in open_messages()[0].text()


def test_cancelling_the_question_writes_nothing(qtbot, window, settings, tmp_path, monkeypatch):
    last = tmp_path / "last"
    last.mkdir()
    settings.setValue("files/last_folder", str(last))
    asked = answer_with(monkeypatch, "")
    window.show_page_by_key("meetings")
    qtbot.mouseClick(window.page("meetings").calendar_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and not open_messages()
    assert not list(last.iterdir())
    assert settings.value("files/last_folder") == str(last)


def menu(button) -> list[str]:
    return ["----" if action.isSeparator() else action.text() for action in button.menu().actions()]


def test_the_challenge_log_s_more_menu(window):
    window.show_page_by_key("challenges")
    page = window.page("challenges")
    assert page.more_button.text() == "&More"
    assert page.more_button.toolTip() == "Edit, change the status, delete; keep the list of themes"
    assert menu(page.more_button) == ["&Edit…", "Change the &status…", "&Delete…", "----", "&Themes…"]


def test_the_case_reviews_more_menu(window):
    window.show_page_by_key("reviews")
    page = window.page("reviews")
    assert page.more_button.toolTip() == "Delete a review; add a learning theme"
    assert menu(page.more_button) == ["&Delete…", "----", "Add a learning &theme…"]


def test_the_reports_page_lists_exactly_the_one_list(window):
    from board_admin.exports import EXPORTS

    window.show_page_by_key("reports")
    model = window.page("reports").table.model()
    assert [model.index(row, 0).data() for row in range(model.rowCount())] == [entry.name for entry in EXPORTS]
