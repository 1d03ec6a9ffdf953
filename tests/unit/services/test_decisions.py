"""The decision register on a real database (SQLite and PostgreSQL): numbering, the register, its exports,
and the minutes printing the same references."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from docx import Document

from board_admin.domain.enums import UserRole
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Actor, PermissionDeniedError
from board_admin.exporters.decisions import export_decisions
from board_admin.exporters.minutes import export_minutes
from board_admin.reports import meetings as r
from board_admin.reports.decisions import decision_register, meeting_decisions
from board_admin.services import meetings as m
from tests.sample_world import CHILDREN_BOARD, QEG

TODAY = dt.date(2025, 6, 15)


def item(database, meeting_id: int, title: str, decisions: str | None = None) -> int:
    return m.add_agenda_item(database, meeting_id, m.AgendaItemFields(title, decisions=decisions))


def references(rows) -> list[str]:
    return [row.reference for row in rows]


def test_decisions_are_numbered_per_group_and_financial_year(database, world):
    # board-1 and board-2 fall in 2024-25, board-5 and board-6 in 2025-26.
    item(database, world.meetings["board-1"], "Strategy", "Approved the strategy.\nAsked for a report.")
    item(database, world.meetings["board-2"], "Budget", "Agreed the budget.")
    item(database, world.meetings["board-5"], "Plan", "Adopted the plan.")

    board = decision_register(database, world.groups[CHILDREN_BOARD], FinancialYear(2024))
    assert sorted(references(board)) == ["SCPB-2024-25-D01", "SCPB-2024-25-D02", "SCPB-2024-25-D03"]
    by_reference = {row.reference: row.text for row in board}
    assert by_reference["SCPB-2024-25-D01"] == "Approved the strategy."
    assert by_reference["SCPB-2024-25-D03"] == "Agreed the budget."
    assert references(meeting_decisions(database, world.meetings["board-5"])) == ["SCPB-2025-26-D01"]


def test_editing_the_text_keeps_references_and_a_removed_decision_leaves_the_register(database, world):
    meeting = world.meetings["board-2"]
    first = item(database, meeting, "Strategy", "Approved.\nAsked for a report.")
    item(database, meeting, "Budget", "Agreed the budget.")  # D03
    row = next(row for row in r.agenda(database, meeting) if row.id == first)
    assert row.decisions == "Approved.\nAsked for a report."

    m.update_agenda_item(database, first, m.AgendaItemFields("Strategy", decisions="Approved as amended.\nNew point."))
    rows = meeting_decisions(database, meeting)
    assert [(row.reference, row.text) for row in rows] == [
        ("SCPB-2024-25-D01", "Approved as amended."),
        ("SCPB-2024-25-D02", "New point."),
        ("SCPB-2024-25-D03", "Agreed the budget."),
    ]

    m.update_agenda_item(database, first, m.AgendaItemFields("Strategy", decisions="New point."))
    assert [row.reference for row in meeting_decisions(database, meeting)] == ["SCPB-2024-25-D02", "SCPB-2024-25-D03"]

    m.delete_agenda_item(database, first)
    assert [row.text for row in decision_register(database)] == ["Agreed the budget."]


def test_the_register_is_filtered_by_group_and_year_and_searched(database, world):
    item(database, world.meetings["board-1"], "Neglect strategy", "Approved the neglect strategy.")
    item(database, world.meetings["board-5"], "Budget", "Agreed the budget for 2025-26.")
    everything = decision_register(database)
    assert [row.meeting_date for row in everything] == sorted((row.meeting_date for row in everything), reverse=True)
    assert [row.text for row in decision_register(database, search="NEGLECT")] == ["Approved the neglect strategy."]
    assert [row.text for row in decision_register(database, search="D01 2025-26")] == ["Agreed the budget for 2025-26."]
    assert decision_register(database, world.groups[QEG]) == []
    assert [row.meeting_id for row in decision_register(database, year=FinancialYear(2025))] == [
        world.meetings["board-5"]
    ]


def test_the_minutes_print_the_register_s_references(database, world, tmp_path):
    meeting = world.meetings["board-2"]
    item(database, meeting, "Strategy", "Approved the strategy.\nAsked for a report.")
    path = tmp_path / "minutes.docx"
    export_minutes(database, meeting, path, TODAY)
    text = [paragraph.text for paragraph in Document(str(path)).paragraphs]
    for row in meeting_decisions(database, meeting):
        assert f"{row.reference}: {row.text}" in text


def test_the_register_exports_to_excel_and_word_as_the_screen_lists_it(database, world, tmp_path):
    item(database, world.meetings["board-1"], "Strategy", "=SUM(A1)\nAsked for a report.")
    item(database, world.meetings["board-5"], "Plan", "Adopted the plan.")
    rows = decision_register(database, world.groups[CHILDREN_BOARD])

    xlsx = tmp_path / "decisions.xlsx"
    assert export_decisions(database, xlsx, world.groups[CHILDREN_BOARD], group_name=CHILDREN_BOARD) == 3
    sheet = openpyxl.load_workbook(xlsx)["Decisions"]
    read = [tuple(cell.value for cell in line) for line in sheet.iter_rows(min_row=4)]
    assert [(line[0], line[4]) for line in read] == [(row.reference, row.text) for row in rows]
    assert [line[2].date() for line in read] == [row.meeting_date for row in rows]

    docx = tmp_path / "decisions.docx"
    assert export_decisions(database, docx, year=FinancialYear(2025)) == 1
    table = Document(str(docx)).tables[0]
    assert [cell.text for cell in table.rows[1].cells] == [
        "SCPB-2025-26-D01",
        CHILDREN_BOARD,
        f"{rows[0].meeting_date:%d/%m/%Y}",
        "1. Plan",
        "Adopted the plan.",
    ]


def test_a_chair_may_export_but_not_record_decisions(database, world, tmp_path):
    item(database, world.meetings["board-2"], "Strategy", "Approved.")
    database.actor = Actor("chris", "Chris Chair", frozenset({UserRole.CHAIR}))
    with pytest.raises(PermissionDeniedError):
        item(database, world.meetings["board-1"], "Budget", "Agreed.")
    assert export_decisions(database, tmp_path / "register.xlsx") == 1
    database.actor = Actor("nobody", "Nobody", frozenset())
    with pytest.raises(PermissionDeniedError):
        export_decisions(database, tmp_path / "register.docx")
