"""The Reports page: every export listed with its options; an export runs in the background and writes its
file, remembering the folder; Cancel leaves no file behind; a role that may not export is told so."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QPushButton

from board_admin.domain.enums import UserRole
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Actor
from board_admin.reports.funding import funding_for_year
from board_admin.reports.lists import meeting_rows
from board_admin.ui.pages.reports import EXPORTS
from tests.sample_world import CHILDREN_BOARD
from tests.ui.conftest import TODAY, add_long_group, choose_by_keys, open_messages, room_for_text, type_date

EVERY_EXPORT = [
    "Annual report pack",
    "Minutes",
    "Agenda",
    "Agenda pack",
    "E-mail to members",
    "Attendance",
    "Challenge log",
    "Partner contributions",
    "Financial statement",
    "Membership by agency",
    "Meeting calendar",
    "Decision register",
    "Register of interests",
    "Case reviews",
    "Whole database workbook",
    "Audit trail",
]


def save_as(monkeypatch, path: Path) -> list[tuple]:
    """Answers the save dialog as a user would, and records what it offered."""
    offered: list[tuple] = []

    def answer(*args, **kwargs):
        offered.append(args)
        return str(path), args[3] if len(args) > 3 else ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return offered


def message(title: str):
    found = [box for box in open_messages() if box.windowTitle() == title]
    assert found, f"no message titled {title!r}; open: {[box.windowTitle() for box in open_messages()]}"
    return found[0]


@pytest.fixture
def page(window):
    window.show_page_by_key("reports")
    return window.page("reports")


def finish(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.jobs, timeout=30000)


def press_cancel(job) -> None:
    """Clicks Cancel on the export's progress window, as the user would."""
    [button] = job.progress.findChildren(QPushButton)
    assert button.text() == "&Cancel"
    button.click()


def choose_format(page, suffix: str) -> None:
    page.file_format.setCurrentIndex(page.file_format.findData(suffix))


def test_every_export_is_listed_with_what_it_holds(page):
    model = page.table.model()
    assert [model.index(row, 0).data() for row in range(model.rowCount())] == EVERY_EXPORT
    assert all(model.index(row, 2).data() for row in range(model.rowCount()))
    assert len({choice.key for choice in EXPORTS}) == len(EXPORTS)


def test_each_export_shows_only_the_options_it_needs(page):
    page.select("annual_pack")
    assert page.year.isVisible() and page.file_format.isVisible() and not page.meeting.isVisible()
    assert page.year.itemText(0) == "2025-26"  # the current year first
    page.select("minutes")
    assert page.group.isVisible() and page.meeting.isVisible() and not page.year.isVisible()
    assert not page.file_format.isVisible()  # Word only
    page.select("calendar")
    assert page.group.itemText(0) == "Every group" and not page.meeting.isVisible()
    page.select("attendance")
    assert page.groups.isVisible() and page.year.isVisible()
    page.select("membership")
    assert page.on_date.isVisible() and page.on_date.date() == TODAY
    page.select("audit")
    assert page.start.isVisible() and page.end.isVisible()
    page.select("challenges")
    assert page.year.itemText(0) == "Every year"


def test_the_annual_pack_is_written_in_the_background_and_the_folder_remembered(
    page, qtbot, monkeypatch, tmp_path, settings
):
    out = tmp_path / "reports" / "pack"
    out.parent.mkdir()
    offered = save_as(monkeypatch, out)
    page.select("annual_pack")
    page.year.setCurrentIndex(page.year.findText("2015-16"))
    choose_format(page, ".xlsx")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert page.jobs and page.jobs[0].running  # the page stays responsive while it writes
    assert any(dialog.isVisible() for dialog in page.findChildren(QProgressDialog))
    finish(qtbot, page)

    written = out.with_suffix(".xlsx")
    assert offered[0][2].endswith("annual-report-pack-2015-16.xlsx")
    book = openpyxl.load_workbook(written)
    # Under the sheet's title and period and its header (row 3); the last row is the table's totals row.
    income = [row for row in book["Income"].iter_rows(min_row=4, values_only=True)][:-1]
    funding = funding_for_year(page.database, FinancialYear(2015))
    assert [row[0] for row in income] == [source for source, _amount in funding.income_by_source]
    assert list(written.parent.iterdir()) == [written]  # no temporary left beside it
    done = message("Export finished")
    assert str(written) in done.text() and "the annual report pack for 2015-16" in done.text()
    assert settings.value("files/last_folder") == str(out.parent)
    assert page.open_button.isEnabled() and page.last_written == written


def test_a_meetings_minutes_from_the_page(page, qtbot, monkeypatch, tmp_path):
    held = next(row for row in meeting_rows(page.database) if row.status.value == "held")
    save_as(monkeypatch, tmp_path / "minutes.docx")
    page.select("minutes")
    page.group.setCurrentIndex(page.group.findData(held.group_id))
    page.meeting.setCurrentIndex(page.meeting.findData(held.id))
    page.export()
    finish(qtbot, page)
    document = Document(str(tmp_path / "minutes.docx"))
    assert any(held.group_name in paragraph.text for paragraph in document.paragraphs)


def test_a_meetings_agenda_pack_from_the_page(page, qtbot, monkeypatch, tmp_path, world):
    from pypdf import PdfReader

    from board_admin.demo.papers import paper_pdf
    from board_admin.services import meetings as me
    from board_admin.services import papers as pa

    meeting = world.meetings["board-6"]
    item = me.add_agenda_item(page.database, meeting, me.AgendaItemFields("Budget"))
    pa.add_paper(page.database, item, "Budget.pdf", paper_pdf("Budget", "Fran", 3, dt.date(2025, 6, 1)))
    save_as(monkeypatch, tmp_path / "pack.pdf")
    page.select("pack")
    row = next(row for row in meeting_rows(page.database) if row.id == meeting)
    page.group.setCurrentIndex(page.group.findData(row.group_id))
    page.meeting.setCurrentIndex(page.meeting.findData(meeting))
    page.export()
    finish(qtbot, page)
    reader = PdfReader(tmp_path / "pack.pdf")
    assert len(reader.pages) == 1 + 3
    assert [entry.title for entry in reader.outline if not isinstance(entry, list)] == ["Agenda", "1. Budget"]


@pytest.mark.skipif(sys.platform == "win32", reason="Windows files have no owner-only permission bits")
def test_an_exported_file_can_be_opened_by_colleagues_like_any_saved_document(page, qtbot, monkeypatch, tmp_path):
    """The export was written to a private temporary file and renamed, so it kept that file's owner-only
    permissions (-rw-------): a colleague could not open it from the shared folder."""
    import os

    mask = os.umask(0o022)
    os.umask(mask)
    save_as(monkeypatch, tmp_path / "contributions.xlsx")
    page.select("contributions")
    page.export()
    finish(qtbot, page)
    written = tmp_path / "contributions.xlsx"
    assert written.stat().st_mode & 0o777 == 0o666 & ~mask
    # The exporters' own writing (the command line's, the pages' other exports) gives the same permissions.
    from board_admin.exporters.files import atomic_output

    with atomic_output(tmp_path / "other.docx") as temporary:
        temporary.write_bytes(b"x")
    assert (tmp_path / "other.docx").stat().st_mode & 0o777 == 0o666 & ~mask


def test_an_email_to_members_from_the_page_names_those_it_cannot_reach(page, qtbot, monkeypatch, tmp_path):
    """The sample world's board at its latest held meeting: Grace Lin and Ben Okafor have addresses, Ben's deputy
    Frank Hollis none; what to send is chosen on the page, as are the group and the meeting."""
    import email
    from email import policy

    held = next(
        row for row in meeting_rows(page.database) if row.status.value == "held" and row.group_name == CHILDREN_BOARD
    )
    save_as(monkeypatch, tmp_path / "minutes.eml")
    page.select("email")
    assert page.sending.isVisible() and page.meeting.isVisible() and not page.year.isVisible()
    assert [page.sending.itemText(row) for row in range(page.sending.count())][-3:] == [
        "Agenda",
        "Minutes",
        "Reminder to action owners",
    ]
    page.group.setCurrentIndex(page.group.findData(held.group_id))
    page.meeting.setCurrentIndex(page.meeting.findData(held.id))
    page.sending.setCurrentIndex(page.sending.findData("minutes"))
    page.export()
    finish(qtbot, page)
    with (tmp_path / "minutes.eml").open("rb") as handle:
        sent = email.message_from_binary_file(handle, policy=policy.default)
    assert sent["X-Unsent"] == "1"
    assert [part.get_filename() for part in sent.iter_attachments()] == [
        f"{CHILDREN_BOARD} minutes {held.meeting_date:%Y-%m-%d}.docx"
    ]
    said = message("Export finished").text()
    assert "Not addressed: Frank Hollis has no email address." in said.splitlines()


def test_cancel_leaves_no_file_and_keeps_the_old_one(page, qtbot, monkeypatch, tmp_path):
    out = tmp_path / "out" / "workbook.xlsx"
    out.parent.mkdir()
    out.write_bytes(b"last month's workbook")
    save_as(monkeypatch, out)
    page.select("workbook")
    job = page.export()
    press_cancel(job)
    finish(qtbot, page)
    assert job.outcome == "cancelled"
    assert out.read_bytes() == b"last month's workbook"
    assert list(out.parent.iterdir()) == [out]
    assert "was not written" in message("Export cancelled").text()


def test_cancelling_the_annual_pack_stops_it_and_leaves_nothing(page, qtbot, monkeypatch, tmp_path):
    out = tmp_path / "out" / "pack.docx"
    out.parent.mkdir()
    save_as(monkeypatch, out)
    page.select("annual_pack")
    choose_format(page, ".docx")
    job = page.export()
    press_cancel(job)
    finish(qtbot, page)
    assert job.outcome == "cancelled" and list(out.parent.iterdir()) == []


def test_a_missing_choice_is_told_and_nothing_written(page, qtbot, monkeypatch, tmp_path):
    save_as(monkeypatch, tmp_path / "audit.xlsx")
    page.select("audit")
    type_date(qtbot, page.end, page.start.date() - dt.timedelta(days=1))
    assert page.export() is None
    assert "ends before it starts" in message("Not exported").text()
    assert list(tmp_path.glob("*.xlsx")) == []


def listed_exports(page) -> list[str]:
    table = page.table
    return [table.model().index(row, 0).data() for row in range(table.model().rowCount())]


@pytest.mark.parametrize("role", [UserRole.CHAIR, UserRole.FINANCE, UserRole.ADMINISTRATOR])
def test_the_page_lists_only_the_exports_the_role_may_write(make_window, sqlite_database, world, role):
    """A finance officer does not see "Case reviews" (they concern individuals), nor a chair the audit trail;
    every entry listed can be exported by the one who sees it."""
    sqlite_database.actor = Actor("someone", "Someone", frozenset({role}))
    window = make_window(sqlite_database)
    window.show_page_by_key("reports")
    page = window.page("reports")
    listed = listed_exports(page)
    assert ("Case reviews" in listed) is (role is not UserRole.FINANCE)
    assert ("Audit trail" in listed) is (role is UserRole.ADMINISTRATOR)
    assert "Partner contributions" in listed and "Annual report pack" in listed
    # Only those who may import are told how (File > Import workbook… is greyed for the others).
    assert page.import_note.isVisibleTo(page) is (role is UserRole.ADMINISTRATOR)
    for row in range(len(listed)):
        page.table.selectRow(row)
        choice = page.current_choice()
        assert sqlite_database.actor.can(choice.permission)
        if "money_year" not in choice.options:
            assert page.export_button.isEnabled(), choice.name


def test_the_word_pack_from_the_page_has_the_structure_picture_and_charts(
    page, qtbot, monkeypatch, tmp_path, sqlite_database, world
):
    # A board meeting with its register taken: a held meeting without one is left out of the rates (and so of
    # the chart), as the partnership counts it.
    from board_admin.domain.enums import AttendanceStatus
    from board_admin.services import meetings

    meetings.set_attendance(
        sqlite_database, world.meetings["board-1"], world.people["Ben Okafor"], AttendanceStatus.PRESENT
    )
    out = tmp_path / "pack.docx"
    save_as(monkeypatch, out)
    page.select("annual_pack")
    page.year.setCurrentIndex(page.year.findText("2024-25"))
    choose_format(page, ".docx")
    page.export()
    finish(qtbot, page)
    document = Document(str(out))
    assert len(document.inline_shapes) >= 2  # drawn off the UI thread: the structure and a board's chart
    assert document.paragraphs[0].text == "Annual report 2024-25: appendices"


def test_long_group_names_wrap_in_the_attendance_options_on_a_small_screen(page, window, qtbot):
    """At 1366x768 and 150% (910 logical pixels wide) the options box is narrow: each group's name is read
    whole, wrapped within the list (and in its tooltip), not run off the list's right edge."""
    window.show()
    window.resize(910, 480)
    page.select("attendance")
    qtbot.waitUntil(lambda: page.groups.isVisible())
    model, view = page.groups_model, page.groups
    qtbot.waitUntil(lambda: view.viewport().width() < max(view.sizeHintForColumn(0), 1))  # some name is longer
    edge = view.viewport().width()
    for row in range(model.rowCount()):
        item = model.item(row)
        assert item.toolTip() == item.text()
        assert view.visualRect(item.index()).right() < edge, item.text()


def test_the_chosen_groups_whole_name_is_in_its_tooltip(page, window, qtbot):
    """The narrow options box at 150% cuts a long group's name short: its tooltip names it whole."""
    window.show()
    page.select("agenda")
    qtbot.waitUntil(lambda: page.group.isVisible())
    page.group.setFocus()
    first = page.group.currentText()
    assert first and first in page.group.toolTip()
    qtbot.keyClick(page.group, Qt.Key.Key_Down)
    assert page.group.currentText() != first
    assert page.group.toolTip().endswith(f": {page.group.currentText()}")


def test_each_groups_whole_name_is_read_in_the_export_options_on_a_small_screen(
    qtbot, make_window, sqlite_database, world
):
    """At 1366x768 and 150% the chosen group was cut to "Adults' Consultation and Developm" beside its label:
    the options go under their labels and the box is as wide as the longest name, whichever export is chosen."""
    add_long_group(sqlite_database, world)
    window = make_window(sqlite_database)
    window.resize(910, 480)
    window.show_page_by_key("reports")
    page = window.page("reports")
    widths = set()
    for key in ("agenda", "minutes", "email", "attendance"):
        row = next(r for r in range(page.proxy.rowCount()) if page.proxy.row_at(page.proxy.index(r, 0)).key == key)
        place = page.table.visualRect(page.proxy.index(row, 0)).center()
        QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=place)
        qtbot.waitUntil(lambda key=key: page.current_choice().key == key)
        qtbot.wait(20)
        widths.add(page.options.width())
        if key == "attendance":
            continue
        for position in range(page.group.count()):
            name = page.group.itemText(position)
            choose_by_keys(page.group, name)
            assert room_for_text(page.group) >= page.group.fontMetrics().horizontalAdvance(name), (key, name)
    # The box keeps its width as the exports are chosen: the list beside it does not move under the pointer.
    assert len(widths) == 1
