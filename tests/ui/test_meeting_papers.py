"""Papers in the meeting window, driven by clicks: attach, replace (a new version, the late mark), open any
version, remove, and the "Agenda pack…" button writing the pack off the UI thread."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from board_admin.db.models import Meeting
from board_admin.demo.papers import paper_pdf
from board_admin.domain.papers import is_late
from board_admin.reports.papers import meeting_papers
from board_admin.services import meetings as me
from board_admin.ui.dialogs.meeting_window import MeetingWindow
from tests.ui.conftest import TODAY, open_messages

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def papers_window(qtbot, sqlite_database, world, settings, monkeypatch, tmp_path):
    meeting = world.meetings["board-6"]
    for title in ("Apologies", "Budget", "Neglect strategy"):
        me.add_agenda_item(sqlite_database, meeting, me.AgendaItemFields(title))
    opened: list[Path] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(Path(url.toLocalFile()))))
    window = MeetingWindow(sqlite_database, meeting, settings, lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(2)
    window.opened = opened
    return window


def choose_file(monkeypatch, path: Path) -> None:
    """The file dialog answered as a person would, with `path`."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (str(path), "")))


def meeting_date(database, meeting_id: int) -> dt.date:
    with database.session() as session:
        return session.get(Meeting, meeting_id).meeting_date


def test_a_paper_is_attached_replaced_opened_in_any_version_and_removed(
    qtbot, papers_window, sqlite_database, world, monkeypatch, tmp_path
):
    window, box = papers_window, papers_window.agenda_panel.papers
    meeting = world.meetings["board-6"]
    window.agenda_table.selectRow(1)  # Budget
    assert box.title() == "Papers of item 2" and not box.replace_button.isEnabled()
    first, second = tmp_path / "Budget report.pdf", tmp_path / "Budget report v2.pdf"
    first.write_bytes(paper_pdf("Budget report", "Fran", 2, TODAY))
    second.write_bytes(paper_pdf("Budget report (revised)", "Fran", 3, TODAY))

    choose_file(monkeypatch, first)
    qtbot.mouseClick(box.attach_button, LEFT)
    [stored] = meeting_papers(sqlite_database, meeting)
    assert (stored.item_title, stored.file_name, stored.number) == ("Budget", "Budget report.pdf", 1)
    assert [box.model.rows()[0].file_name] == ["Budget report.pdf"]

    choose_file(monkeypatch, second)
    qtbot.mouseClick(box.replace_button, LEFT)
    [stored] = meeting_papers(sqlite_database, meeting)
    assert (stored.file_name, stored.number) == ("Budget report v2.pdf", 2)
    # Received today: marked late (in words) when today is after the papers were due.
    late = is_late(dt.date.today(), meeting_date(sqlite_database, meeting))
    shown = box.proxy.index(0, 3).data()
    assert shown == ("Late paper" if late else "On time")
    assert box.proxy.index(0, 1).data() == "2"

    qtbot.mouseClick(box.open_button, LEFT)
    assert window.opened[-1].name == "Budget report v2.pdf"
    assert window.opened[-1].read_bytes() == second.read_bytes()

    qtbot.mouseClick(box.versions_button, LEFT)
    versions = box.versions_dialog
    qtbot.waitExposed(versions)
    assert [row.number for row in versions.model.rows()] == [2, 1]
    versions.table.selectRow(1)
    qtbot.mouseClick(versions.open_button, LEFT)
    assert window.opened[-1].name == "Budget report.pdf"
    assert window.opened[-1].read_bytes() == first.read_bytes()
    versions.accept()

    # Another item shows its own (no) papers.
    window.agenda_table.selectRow(2)
    assert box.model.rowCount() == 0 and box.title() == "Papers of item 3"
    window.agenda_table.selectRow(1)
    assert box.model.rowCount() == 1

    qtbot.mouseClick(box.remove_button, LEFT)
    question = box.question
    assert "Remove Budget report v2.pdf from item 2? All of its versions will be deleted." in question.text()
    remove = next(button for button in question.buttons() if button.text() == "Remove")
    qtbot.mouseClick(remove, LEFT)
    assert meeting_papers(sqlite_database, meeting) == [] and box.model.rowCount() == 0


def test_a_file_that_is_not_a_paper_is_refused_beside_the_list(
    qtbot, papers_window, sqlite_database, world, monkeypatch, tmp_path
):
    box = papers_window.agenda_panel.papers
    papers_window.agenda_table.selectRow(0)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a paper")
    choose_file(monkeypatch, notes)
    qtbot.mouseClick(box.attach_button, LEFT)
    assert box.error.isVisible() and box.error.text().startswith("notes.txt is not a paper Board Admin keeps")
    locked = tmp_path / "Damaged.pdf"
    locked.write_bytes(paper_pdf("Damaged", "X", 1, TODAY)[:200])
    choose_file(monkeypatch, locked)
    qtbot.mouseClick(box.attach_button, LEFT)
    assert box.error.text().startswith("Damaged.pdf is not a PDF that can be read")
    assert meeting_papers(sqlite_database, world.meetings["board-6"]) == []
    assert open_messages() == []


def test_the_agenda_pack_button_writes_the_pack(qtbot, papers_window, monkeypatch, tmp_path):
    window, box = papers_window, papers_window.agenda_panel.papers
    for row, pages in ((1, 2), (2, 3)):
        window.agenda_table.selectRow(row)
        paper = tmp_path / f"paper-{row}.pdf"
        paper.write_bytes(paper_pdf(f"Paper {row}", "Fran", pages, TODAY))
        choose_file(monkeypatch, paper)
        qtbot.mouseClick(box.attach_button, LEFT)
    target = tmp_path / "pack"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(target), "")))
    qtbot.mouseClick(window.pack_button, LEFT)
    qtbot.waitUntil(lambda: not window.jobs, timeout=30000)
    written = tmp_path / "pack.pdf"
    reader = PdfReader(written)
    assert len(reader.pages) == 1 + 2 + 3
    assert [entry.title for entry in reader.outline if not isinstance(entry, list)] == [
        "Agenda",
        "1. Apologies",
        "2. Budget",
        "3. Neglect strategy",
    ]
    assert window.written_message.text().startswith(f"Wrote {written} (the agenda pack, 6 pages")


def test_a_chair_may_open_papers_but_not_attach_them(qtbot, sqlite_database, world, settings, tmp_path):
    from board_admin.domain.enums import UserRole
    from board_admin.domain.permissions import Actor
    from board_admin.services import papers as pa

    item = me.add_agenda_item(sqlite_database, world.meetings["board-6"], me.AgendaItemFields("Budget"))
    pa.add_paper(sqlite_database, item, "Budget.pdf", paper_pdf("Budget", "Fran", 1, TODAY))
    sqlite_database.actor = Actor("chris", "Chris Chair", frozenset({UserRole.CHAIR}))
    window = MeetingWindow(sqlite_database, world.meetings["board-6"], settings, lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentIndex(2)
    box = window.agenda_panel.papers
    assert box.model.rowCount() == 1
    assert box.open_button.isEnabled() and box.versions_button.isEnabled()
    assert not box.attach_button.isEnabled() and not box.replace_button.isEnabled()
    assert not box.remove_button.isEnabled()
    assert window.pack_button.isEnabled()
