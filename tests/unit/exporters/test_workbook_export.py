"""The workbook export on real databases: layout, real dates and numbers, text kept as text, and the round trip."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from board_admin.domain import workbook_format as wf
from board_admin.domain.case_reviews import STANDARD_KINDS
from board_admin.domain.errors import BoardAdminError
from board_admin.exporters import files
from board_admin.exporters.workbook import export_workbook
from board_admin.services.workbook_import import import_workbook
from tests.conftest import backend_of
from tests.workbook_dataset import FORMULA_LIKE, build_complete_dataset, challenge_log, content


def cells(path: Path) -> dict[str, list[tuple]]:
    book = load_workbook(path, read_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    finally:
        book.close()


def test_every_sheet_in_order_with_a_tidy_header_row(database, tmp_path):
    build_complete_dataset(database)
    out = tmp_path / "everything.xlsx"

    counts = export_workbook(database, out)

    book = load_workbook(out)
    # The sheets the import reads, then those listed for reading only (Papers: tested below, with papers).
    assert book.sheetnames == [sheet.name for sheet in wf.SHEETS + wf.LISTED_SHEETS]
    for sheet in wf.SHEETS:
        worksheet = book[sheet.name]
        header = [cell.value for cell in worksheet[1]]
        assert header == sheet.headers
        assert all(cell.font.bold for cell in worksheet[1])
        assert worksheet.freeze_panes == "A2"
        assert worksheet.auto_filter.ref == f"A1:{worksheet.cell(1, len(header)).column_letter}{counts[sheet.name] + 1}"
        assert counts[sheet.name] == worksheet.max_row - 1 > 0, f"{sheet.name} should have rows"
        widths = [worksheet.column_dimensions[cell.column_letter].width for cell in worksheet[1]]
        assert all(8 <= width <= 60 for width in widths)
        # Printed: the header on every page; a sheet too wide for one page repeats its first column on each.
        assert worksheet.print_title_rows == "$1:$1"
        fitted = worksheet.sheet_properties.pageSetUpPr is not None and worksheet.sheet_properties.pageSetUpPr.fitToPage
        assert fitted or worksheet.print_title_cols == "$A:$A", sheet.name
    # The widest agency name decides the width of its column (within the cap).
    longest = max(len(row[0]) for row in cells(out)["Agencies"][1:])
    assert book["Agencies"].column_dimensions["A"].width == longest + 2


def test_dates_times_and_amounts_are_real_values_in_uk_formats(database, tmp_path):
    build_complete_dataset(database)
    out = tmp_path / "everything.xlsx"
    export_workbook(database, out)
    book = load_workbook(out)

    meetings = book["Meetings"]
    held = next(row for row in meetings.iter_rows(min_row=2) if row[1].value == dt.datetime(2020, 1, 14))
    assert held[1].number_format == "dd/mm/yyyy"
    assert held[2].value == dt.time(10, 0) and held[2].number_format == "hh:mm"
    assert held[3].value == dt.time(12, 30)
    assert held[5].value == "Held"

    spent = [row for row in book["Expenditure"].iter_rows(min_row=2) if row[3].value == "Salaries"]
    assert len(spent) == 1
    amount = spent[0][4]
    assert amount.data_type == "n" and amount.number_format == "#,##0.00"
    assert amount.value == pytest.approx(112532.19)
    refund = next(row for row in book["Expenditure"].iter_rows(min_row=2) if row[3].value == "Refund")
    assert refund[4].value == pytest.approx(-123.45)

    agencies = {row[0]: row for row in book["Agencies"].iter_rows(min_row=2, values_only=True)}
    assert agencies["Cambridgeshire Constabulary"] == ("Cambridgeshire Constabulary", "Police", "Police", "Yes", "Yes")
    assert agencies["Old Probation Trust"][3:] == ("No", "No")

    challenges = book["Challenges"]
    responded = wf.CHALLENGES.headers.index("Responded on")
    closed = next(row for row in challenges.iter_rows(min_row=2) if row[0].value == "CH-2020-001")
    assert closed[responded].value == dt.datetime(2020, 2, 20) and closed[responded].number_format == "dd/mm/yyyy"

    history = [row for row in book["ChallengeHistory"].iter_rows(min_row=2) if row[0].value == "CH-2020-001"]
    assert [row[5].value for row in history] == ["Open", "Awaiting response", "Responded", "Closed"]
    recorded = history[0][2]
    assert recorded.value == dt.datetime(2020, 1, 14, 11, 5, 9) and recorded.number_format == "dd/mm/yyyy hh:mm:ss"
    # Two changes in the same second keep their order and stay apart, to the millisecond.
    assert history[1][2].value == dt.datetime(2020, 1, 14, 11, 5, 9, 250_000)
    assert history[0][4].value is None and history[3][6].value == "Closed at the board:\nassurance accepted."

    themes = [row for row in book["ChallengeThemes"].iter_rows(min_row=2, values_only=True)]
    assert themes == [("Exploitation", "Yes"), ("Neglect", "Yes"), ("Private fostering", "No")]


def test_text_that_looks_like_a_formula_is_written_and_read_back_as_text(database, empty_database_factory, tmp_path):
    build_complete_dataset(database)
    out = tmp_path / "everything.xlsx"
    export_workbook(database, out)

    book = load_workbook(out)
    found = {}
    for worksheet in book.worksheets:
        for row in worksheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.value in FORMULA_LIKE:
                    found[cell.value] = cell
    assert set(found) == set(FORMULA_LIKE)
    for text, cell in found.items():
        assert cell.data_type == "s", f"{text!r} was written as {cell.data_type}"
        assert cell.quotePrefix, f"{text!r} has no quote prefix"
    # Also as the file itself says it: no formula element anywhere.
    with zipfile.ZipFile(out) as archive:
        assert not any(b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in archive.namelist())

    copy = empty_database_factory(backend_of(database))
    import_workbook(copy, out)
    assert content(copy) == content(database)


def test_export_import_export_gives_identical_cells(database, empty_database_factory, tmp_path):
    build_complete_dataset(database)
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    export_workbook(database, first)

    copy = empty_database_factory(backend_of(database))
    summary = import_workbook(copy, first)
    export_workbook(copy, second)

    # Every row is added, but the standard kinds of case review, which every database already has.
    assert summary.updated == 0 and summary.unchanged == len(STANDARD_KINDS)
    assert summary.added == sum(len(rows) - 1 for rows in cells(first).values()) - len(STANDARD_KINDS)
    assert cells(second) == cells(first)
    assert content(copy) == content(database)
    assert challenge_log(copy) == challenge_log(database)


def test_rows_come_out_in_a_fixed_order(database, tmp_path):
    build_complete_dataset(database)
    export_workbook(database, tmp_path / "a.xlsx")
    export_workbook(database, tmp_path / "b.xlsx")
    first = cells(tmp_path / "a.xlsx")
    assert first == cells(tmp_path / "b.xlsx")

    names = [row[0] for row in first["Agencies"][1:]]
    assert names == sorted(names, key=str.casefold)
    actions = [row[2] for row in first["Actions"][1:]]
    # No reference first, then A1 before A10; the case review's action is at a later meeting.
    assert actions == [None, "A1", "A10", "CSPR-2019-01/1.1"]
    attendance = [(row[0], row[1], row[2]) for row in first["Attendance"][1:]]
    assert attendance == sorted(attendance, key=lambda line: (line[0], line[1], line[2].casefold()))


def test_an_empty_database_gives_every_sheet_with_headers_only(database, tmp_path):
    out = tmp_path / "empty.xlsx"
    counts = export_workbook(database, out)
    # Empty but for the standard kinds of case review, which every database has.
    kinds = sorted((kind.name, kind.prefix, "Yes") for kind in STANDARD_KINDS)
    assert counts == {sheet.name: 0 for sheet in wf.SHEETS + wf.LISTED_SHEETS} | {"ReviewKinds": len(kinds)}
    expected = {sheet.name: [tuple(sheet.headers)] for sheet in wf.SHEETS + wf.LISTED_SHEETS}
    expected["ReviewKinds"] += kinds
    assert cells(out) == expected


def test_a_target_open_in_another_program_is_left_untouched(sqlite_database, tmp_path, monkeypatch):
    build_complete_dataset(sqlite_database)
    out = tmp_path / "everything.xlsx"
    out.write_bytes(b"the workbook someone has open")

    def refuse(source, target):  # what Windows does while Excel holds the file
        raise PermissionError(13, "The process cannot access the file", str(target))

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(
        BoardAdminError, match=r"^everything\.xlsx is open in another program; close it and try again\.$"
    ):
        export_workbook(sqlite_database, out)

    assert out.read_bytes() == b"the workbook someone has open"
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


def test_an_existing_file_is_replaced_whole(sqlite_database, tmp_path):
    build_complete_dataset(sqlite_database)
    out = tmp_path / "everything.xlsx"
    out.write_bytes(b"an older export")
    export_workbook(sqlite_database, out)
    assert cells(out)["Agencies"][0] == tuple(wf.AGENCIES.headers)
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


def test_a_missing_folder_is_a_clear_error(sqlite_database, tmp_path):
    with pytest.raises(BoardAdminError, match="does not exist"):
        export_workbook(sqlite_database, tmp_path / "nowhere" / "everything.xlsx")


def test_the_demo_data_round_trips(database, empty_database_factory, with_demo, tmp_path):
    with_demo(database, dt.date(2025, 6, 1))
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    counts = export_workbook(database, first)
    assert all(counts.values()), counts

    copy = empty_database_factory(backend_of(database))
    import_workbook(copy, first)
    export_workbook(copy, second)

    carried = [sheet.name for sheet in wf.SHEETS]
    assert {name: cells(second)[name] for name in carried} == {name: cells(first)[name] for name in carried}
    # The demo's papers are listed, not carried: the copy has none of the files.
    assert len(cells(first)["Papers"]) > 1 and cells(second)["Papers"] == [tuple(wf.PAPERS.headers)]
    # Beyond the cells: the challenge log's history, themes, response dates and escalation links.
    log = challenge_log(database)
    assert challenge_log(copy) == log
    assert len(log["history"]) > len(log["challenges"]) and ("Private fostering", False) in log["themes"]
    assert any(responded for _r, _t, responded, *_rest in log["challenges"])
    assert any(group for *_start, group, _person in log["challenges"])
    # Importing the export into the database it came from changes nothing.
    again = import_workbook(database, first)
    assert (again.added, again.updated) == (0, 0)


def test_papers_are_listed_by_file_name_but_not_carried_and_the_round_trip_stays_exact(
    database, empty_database_factory, tmp_path
):
    """The Papers sheet says which files each item has; the import reads past it, so the files stay in the
    database they were attached to and every carried sheet comes back cell for cell."""
    from sqlalchemy import select

    from board_admin.db.models import AgendaItem
    from board_admin.demo.papers import paper_docx, paper_pdf
    from board_admin.services import papers as pa

    build_complete_dataset(database)
    with database.session() as session:
        item = session.scalar(select(AgendaItem).where(AgendaItem.title == "Neglect strategy"))
        item_id, position = item.id, item.position
    received = dt.datetime(2025, 6, 1, 9, 30)
    pa.add_paper(database, item_id, "Neglect strategy.pdf", paper_pdf("Neglect", "Ben", 2, received.date()), received)
    minutes = paper_docx("Notes", ["A note."])
    pa.add_paper(database, item_id, "Notes.docx", minutes, received)
    out = tmp_path / "everything.xlsx"
    counts = export_workbook(database, out)
    written = cells(out)
    assert counts["Papers"] == 2
    header, *rows = written["Papers"]
    assert list(header) == wf.PAPERS.headers
    from board_admin.domain.papers import is_late

    late = "Yes" if is_late(received.date(), rows[0][1].date()) else "No"
    assert [row[2:6] + row[6:7] + row[9:] for row in rows] == [
        (position, 1, "Neglect strategy.pdf", 1, "PDF", late),
        (position, 2, "Notes.docx", 1, "Word document", late),
    ]
    assert rows[1][7] == len(minutes) and rows[1][8] == received

    copy_ = empty_database_factory(backend_of(database))
    import_workbook(copy_, out)
    again = tmp_path / "again.xlsx"
    export_workbook(copy_, again)
    back = cells(again)
    assert {name: back[name] for name in back if name != "Papers"} == {
        name: written[name] for name in written if name != "Papers"
    }
    assert back["Papers"] == [tuple(wf.PAPERS.headers)]  # not carried: no file came with the workbook
