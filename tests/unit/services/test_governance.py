"""Declarations of interest on a real database (SQLite and PostgreSQL), their register and its exports, and
one check across both registers: they say what the minutes of the same meetings say."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from docx import Document

from board_admin.domain.enums import InterestAction, InterestKind
from board_admin.domain.errors import InUseError, ValidationError
from board_admin.domain.financial_year import FinancialYear
from board_admin.exporters.interests import export_interests
from board_admin.exporters.minutes import declaration_text, export_minutes
from board_admin.reports.decisions import decision_register
from board_admin.reports.declarations import interests_register, meeting_declarations
from board_admin.reports.meetings import agenda
from board_admin.services import governance as gov
from board_admin.services import meetings as m
from tests.sample_world import CHILDREN_BOARD

TODAY = dt.date(2025, 6, 15)


def declare(database, world, meeting: str, person: str, interest: str, **options) -> int:
    fields = gov.DeclarationFields(world.people[person], interest, **options)
    return gov.record_declaration(database, world.meetings[meeting], fields)


def test_a_declaration_is_about_the_meeting_or_one_of_its_items(database, world):
    item = m.add_agenda_item(database, world.meetings["board-2"], m.AgendaItemFields("Budget"))
    declare(database, world, "board-2", "Grace Lin", "Governor of a school", kind=InterestKind.NON_PECUNIARY)
    declare(
        database,
        world,
        "board-2",
        "Ben Okafor",
        "Director of a care provider",
        kind=InterestKind.PECUNIARY,
        action=InterestAction.LEFT_THE_ROOM,
        agenda_item_id=item,
    )
    rows = meeting_declarations(database, world.meetings["board-2"])
    assert [(row.person_name, row.about, row.kind, row.action) for row in rows] == [
        ("Grace Lin", "The meeting's business", InterestKind.NON_PECUNIARY, InterestAction.STAYED),
        ("Ben Okafor", "Item 1: Budget", InterestKind.PECUNIARY, InterestAction.LEFT_THE_ROOM),
    ]

    # The item goes; the declaration stays on record, about the meeting.
    m.delete_agenda_item(database, item)
    assert [row.about for row in meeting_declarations(database, world.meetings["board-2"])] == [
        "The meeting's business",
        "The meeting's business",
    ]
    # A meeting with declarations on record cannot be deleted as if entered by mistake.
    with pytest.raises(InUseError, match="declarations of interest"):
        m.delete_meeting(database, world.meetings["board-2"])


def test_bad_declarations_are_refused_with_a_sentence_and_nothing_saved(database, world):
    other_item = m.add_agenda_item(database, world.meetings["board-1"], m.AgendaItemFields("Elsewhere"))
    with pytest.raises(ValidationError, match="Say what the interest is"):
        declare(database, world, "board-2", "Grace Lin", "   ")
    with pytest.raises(ValidationError, match="not on this meeting's agenda"):
        declare(database, world, "board-2", "Grace Lin", "Governor", agenda_item_id=other_item)
    with pytest.raises(ValidationError, match="Choose who declared"):
        gov.record_declaration(database, world.meetings["board-2"], gov.DeclarationFields(999_999, "Governor"))
    assert interests_register(database) == []


def test_the_standard_agenda_has_the_standing_declarations_item_second(database, world):
    meeting = world.meetings["board-6"]
    assert m.add_standard_agenda(database, meeting) == len(m.STANDARD_AGENDA)
    assert [row.title for row in agenda(database, meeting)][:2] == [
        "Welcome, introductions and apologies",
        "Declarations of interest",
    ]


def test_the_register_of_interests_by_group_and_year_exports_to_excel_and_word(database, world, tmp_path):
    declare(database, world, "board-1", "Grace Lin", "Governor of a school")  # 2024-25
    declare(database, world, "board-5", "Ben Okafor", "=Director", kind=InterestKind.PECUNIARY)  # 2025-26
    declare(database, world, "exec-1", "Grace Lin", "Trustee")  # another group, 2025-26
    board = world.groups[CHILDREN_BOARD]
    assert [row.interest for row in interests_register(database, board)] == ["Governor of a school", "=Director"]
    # By group name, then date: the Executive board before the Children's board.
    assert [row.interest for row in interests_register(database, year=FinancialYear(2025))] == ["Trustee", "=Director"]
    assert [row.interest for row in interests_register(database, year=FinancialYear(2024))] == ["Governor of a school"]

    xlsx = tmp_path / "interests.xlsx"
    assert export_interests(database, xlsx, board, FinancialYear(2025), group_name=CHILDREN_BOARD) == 1
    sheet = openpyxl.load_workbook(xlsx)["Declarations"]
    line = [cell.value for cell in sheet[4]]
    assert line[0] == CHILDREN_BOARD and line[2] == "Ben Okafor" and line[5] == "=Director"
    assert line[6:] == ["Pecuniary", "Stayed"]
    assert sheet["A1"].value == f"Register of declarations of interest: {CHILDREN_BOARD}, 2025-26"
    # No two columns' words run together: the date centred, the text after the first column indented.
    assert sheet["B4"].alignment.horizontal == "center"
    assert all(cell.alignment.indent >= 1 for cell in sheet[4][2:])

    docx = tmp_path / "interests.docx"
    assert export_interests(database, docx) == 3
    table = Document(str(docx)).tables[0]
    assert [row.cells[5].text for row in table.rows[1:]] == [row.interest for row in interests_register(database)]


def test_the_decision_and_declarations_registers_agree_with_the_minutes(database, world, tmp_path):
    """What each register lists for a group and year is, meeting by meeting, what those meetings' minutes say."""
    for key in ("board-1", "board-2"):
        meeting = world.meetings[key]
        m.add_standard_agenda(database, meeting)
        m.add_agenda_item(
            database, meeting, m.AgendaItemFields(f"Strategy {key}", decisions=f"Approved at {key}.\nNoted."), 3
        )
    strategy = next(row.id for row in agenda(database, world.meetings["board-2"]) if row.title.startswith("Strategy"))
    declare(database, world, "board-1", "Grace Lin", "Governor of a school")
    declare(
        database,
        world,
        "board-2",
        "Ben Okafor",
        "Director of a provider",
        kind=InterestKind.PECUNIARY,
        action=InterestAction.TOOK_NO_PART,
        agenda_item_id=strategy,
    )
    board, year = world.groups[CHILDREN_BOARD], FinancialYear(2024)
    decisions = decision_register(database, board, year)
    declarations = interests_register(database, board, year)
    assert len(decisions) == 4 and len(declarations) == 2

    for key in ("board-1", "board-2"):
        meeting = world.meetings[key]
        path = tmp_path / f"{key}.docx"
        export_minutes(database, meeting, path, TODAY)
        paragraphs = [paragraph.text for paragraph in Document(str(path)).paragraphs]
        printed_decisions = [text for text in paragraphs if text.startswith("SCPB-")]
        assert printed_decisions == [f"{row.reference}: {row.text}" for row in decisions if row.meeting_id == meeting]
        expected = [declaration_text(row) for row in declarations if row.meeting_id == meeting]
        start = next(i for i, text in enumerate(paragraphs) if text.endswith(". Declarations of interest"))
        assert paragraphs[start + 1 : start + 1 + len(expected)] == expected
