"""The "agencies represented on the boards" matrix, written to Excel and Word and read back."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Emu, Mm

from board_admin.domain.enums import MemberRole, Sector
from board_admin.domain.errors import BoardAdminError
from board_admin.exporters.membership import GROUPS_SHEET, MATRIX_SHEET, TITLE, export_membership
from board_admin.reports.structure import TICK
from board_admin.services import structure as s
from tests.sample_world import CHILDREN_BOARD, EDUCATION_FORUM, EXECUTIVE, NEGLECT, QEG

TODAY = dt.date(2025, 6, 15)
GROUP_HEADINGS = ["ESPB", "SCPB", "QEG", EDUCATION_FORUM]
AGENCIES_TODAY = [
    "Cambridgeshire and Peterborough Clinical Commissioning Group",
    "Cambridgeshire Constabulary",
    "Cambridgeshire County Council",
    "Independent Safeguarding Partnership Service",
    "National Probation Service",
]
# What each agency holds on ESPB, SCPB, QEG and the forum today (sample_world's seats).
EXPECTED_TODAY = {
    "Cambridgeshire and Peterborough Clinical Commissioning Group": [TICK, "", "C", ""],
    "Cambridgeshire Constabulary": [TICK, TICK, "", ""],  # Ben a member, Frank his deputy: the member shows
    "Cambridgeshire County Council": [TICK, "", "", ""],  # Alison's chair of the board ended
    "Independent Safeguarding Partnership Service": ["C", "C", "", ""],
    "National Probation Service": ["", "", TICK, ""],  # Dev joins the board next month
}


def matrix_rows(path) -> tuple[list, list[list]]:
    sheet = openpyxl.load_workbook(path)[MATRIX_SHEET]
    table = sheet.tables["AgenciesRepresented"]
    rows = [list(row) for row in sheet[table.ref]]
    values = [[cell.value for cell in row] for row in rows]
    return values[0], values[1:]


def test_excel_has_every_agency_and_group_with_the_right_cells(database, world, tmp_path):
    out = tmp_path / "membership.xlsx"
    matrix = export_membership(database, out, TODAY)
    assert [placed.group.name for placed in matrix.groups] == [EXECUTIVE, CHILDREN_BOARD, QEG, EDUCATION_FORUM]
    headers, rows = matrix_rows(out)
    assert headers == ["Agency", "Sector", "Statutory partner", *GROUP_HEADINGS]
    assert [row[0] for row in rows] == AGENCIES_TODAY
    for row in rows:
        assert [value or "" for value in row[3:]] == EXPECTED_TODAY[row[0]], row[0]
    by_name = {row[0]: row for row in rows}
    assert by_name["Cambridgeshire Constabulary"][1:3] == ["Police", "Yes"]
    assert by_name["National Probation Service"][1:3] == ["Probation", "No"]


def test_excel_is_a_real_table_with_a_frozen_header_that_prints_landscape(database, world, tmp_path):
    out = tmp_path / "membership.xlsx"
    export_membership(database, out, TODAY)
    workbook = openpyxl.load_workbook(out)
    sheet = workbook[MATRIX_SHEET]
    assert sheet["A1"].value == TITLE
    assert sheet["A2"].value.startswith("Membership on 15/06/2025: 5 agencies on 4 boards and groups")
    assert "C chair" in sheet["A3"].value and f"{TICK} member" in sheet["A3"].value
    assert sheet.tables["AgenciesRepresented"].ref == "A5:G10"
    assert sheet.freeze_panes == "B6"
    # The title, the date, the key and the headers are printed at the top of every page.
    assert sheet.print_title_rows == "$1:$5" and sheet.print_title_cols == "$A:$A"
    assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet["D5"].alignment.text_rotation == 90
    assert sheet["A6"].font.bold and not sheet["A10"].font.bold  # statutory partners in bold
    assert sheet.column_dimensions["A"].width >= len(AGENCIES_TODAY[0])

    groups = workbook[GROUPS_SHEET]
    assert groups["A1"].value == f"{TITLE}: the groups named in the columns"
    assert groups["A2"].value == "Membership on 15/06/2025" and groups.print_title_rows == "$1:$3"
    key = [[cell.value for cell in row] for row in groups[groups.tables["GroupsShown"].ref]]
    assert key[0] == ["Column", "Group", "Kind", "Reports to", "Agencies represented"]
    assert [(row[0], row[1].strip(), row[2], row[4]) for row in key[1:]] == [
        ("ESPB", EXECUTIVE, "Board", 4),
        ("SCPB", CHILDREN_BOARD, "Board", 2),
        ("QEG", QEG, "Subgroup", 2),
        (EDUCATION_FORUM, EDUCATION_FORUM, "Dotted-line forum", 0),
    ]
    assert key[4][3] == f"Linked to {CHILDREN_BOARD} (dotted line)"
    assert groups.freeze_panes == "A4"


def word_matrix(path):
    document = Document(str(path))
    return document, document.tables[0], [[cell.text for cell in row.cells] for row in document.tables[0].rows]


def test_word_has_every_agency_and_group_with_the_right_cells(database, world, tmp_path):
    out = tmp_path / "membership.docx"
    export_membership(database, out, TODAY)
    document, _table, rows = word_matrix(out)
    assert document.paragraphs[0].text == TITLE
    assert "15/06/2025: 5 agencies on 4 boards and groups" in document.paragraphs[1].text
    assert "C chair" in document.paragraphs[2].text and "MT minute-taker" in document.paragraphs[2].text
    assert rows[0] == ["Agency", *GROUP_HEADINGS]
    assert [row[0] for row in rows[1:]] == AGENCIES_TODAY
    for row in rows[1:]:
        assert row[1:] == EXPECTED_TODAY[row[0]], row[0]
    key = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert key[0] == ["Column", "Group", "Kind", "Reports to"]
    assert [row[:3] for row in key[1:]] == [
        ["ESPB", EXECUTIVE, "Board"],
        ["SCPB", CHILDREN_BOARD, "Board"],
        ["QEG", QEG, "Subgroup"],
        [EDUCATION_FORUM, EDUCATION_FORUM, "Dotted-line forum"],
    ]


def test_word_table_is_landscape_with_a_wide_agency_column_and_a_repeated_rotated_header(database, world, tmp_path):
    out = tmp_path / "membership.docx"
    export_membership(database, out, TODAY)
    document, table, rows = word_matrix(out)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    grid = [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[0] >= Mm(70).twips  # wide enough for a long agency name on two lines
    assert all(width == grid[1] for width in grid[1:]) and grid[0] > 4 * grid[1]
    usable = section.page_width - section.left_margin - section.right_margin
    assert sum(grid) <= Emu(usable).twips + len(grid)  # the table fits the page (allowing for rounding)
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    header = table.rows[0]._tr
    assert header.trPr.find(qn("w:tblHeader")) is not None
    directions = [cell._tc.tcPr.find(qn("w:textDirection")) for cell in table.rows[0].cells]
    assert directions[0] is None and all(d is not None and d.get(qn("w:val")) == "btLr" for d in directions[1:])
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    bold = {row.cells[0].text: bool(row.cells[0].paragraphs[0].runs[0].bold) for row in table.rows[1:]}
    assert bold["Cambridgeshire Constabulary"] and not bold["National Probation Service"]
    assert document.tables[1].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_a_past_date_shows_who_sat_where_then(database, world, tmp_path):
    out = tmp_path / "then.xlsx"
    then = TODAY - dt.timedelta(days=350)
    matrix = export_membership(database, out, then)
    assert NEGLECT in [placed.group.name for placed in matrix.groups]  # the task and finish group was running
    headers, rows = matrix_rows(out)
    by_name = {row[0]: dict(zip(headers[3:], row[3:], strict=True)) for row in rows}
    assert by_name["Cambridgeshire County Council"]["SCPB"] == "C"  # Alison chaired the board then
    assert by_name["Hinchingbrooke Hospitals NHS Trust"]["SCPB"] == TICK  # now inactive, a member then
    assert by_name["National Probation Service"][NEGLECT] == TICK
    isps = by_name["Independent Safeguarding Partnership Service"]
    assert (isps["ESPB"], isps["SCPB"]) == ("C", None)  # Grace chaired the executive, not yet the board


def test_every_role_has_its_letter(database, world, tmp_path):
    fire = s.create_agency(database, s.AgencyFields("Cambridgeshire Fire and Rescue Service", Sector.FIRE_AND_RESCUE))
    person = s.create_person(database, s.PersonFields("Harry Stone", fire))
    s.add_membership(
        database,
        s.MembershipFields(world.groups[QEG], person, MemberRole.MINUTE_TAKER, TODAY - dt.timedelta(days=10)),
    )
    s.add_membership(
        database, s.MembershipFields(world.groups[EXECUTIVE], person, MemberRole.OBSERVER, TODAY - dt.timedelta(days=1))
    )
    out = tmp_path / "roles.docx"
    export_membership(database, out, TODAY)
    _document, _table, rows = word_matrix(out)
    assert ["Cambridgeshire Fire and Rescue Service", "O", "", "MT", ""] in rows


def test_text_that_looks_like_a_formula_stays_text(database, world, tmp_path):
    agency = s.create_agency(database, s.AgencyFields('=HYPERLINK("http://x","Trust")', Sector.OTHER))
    person = s.create_person(database, s.PersonFields("Ivy Grant", agency))
    s.add_membership(
        database, s.MembershipFields(world.groups[QEG], person, MemberRole.MEMBER, TODAY - dt.timedelta(days=5))
    )
    out = tmp_path / "formula.xlsx"
    export_membership(database, out, TODAY)
    sheet = openpyxl.load_workbook(out)[MATRIX_SHEET]
    cells = [row[0] for row in sheet.iter_rows(min_row=6) if row[0].value and str(row[0].value).startswith("=")]
    assert len(cells) == 1 and cells[0].data_type == "s" and cells[0].quotePrefix


def test_a_wrong_file_type_is_refused_and_nothing_written(database, world, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(BoardAdminError, match="must end in .xlsx or .docx"):
        export_membership(database, folder / "membership.pdf", TODAY)
    assert list(folder.iterdir()) == []


def test_a_database_without_groups_has_nothing_to_list(database, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(BoardAdminError, match="No board or group was running on 15/06/2025"):
        export_membership(database, folder / "nothing.docx", TODAY)
    assert list(folder.iterdir()) == []
