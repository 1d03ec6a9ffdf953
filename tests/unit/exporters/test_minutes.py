"""The minutes and agenda documents, read back with python-docx."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document

from board_admin.domain.enums import AttendanceStatus, Sector
from board_admin.domain.errors import BoardAdminError
from board_admin.exporters.minutes import export_agenda, export_minutes
from board_admin.resources import user_templates_dir
from board_admin.services import meetings as m
from tests.sample_world import CHILDREN_BOARD

TODAY = dt.date(2025, 6, 15)


@pytest.fixture
def held_meeting(sqlite_database, with_world):
    """The children's board 150 days ago, held, with a register, an agenda with minutes, and actions."""
    database = sqlite_database
    world = with_world(database, TODAY)
    meeting = world.meetings["board-1"]
    people = world.people
    m.mark_held(database, meeting)
    m.set_attendance(database, meeting, people["Grace Lin"], AttendanceStatus.PRESENT)
    m.set_attendance(database, meeting, people["Ben Okafor"], AttendanceStatus.DEPUTY)
    m.set_attendance(database, meeting, people["Eve Marsh"], AttendanceStatus.APOLOGIES)
    m.add_guest(database, meeting, people["Chloe Price"])
    m.add_agenda_item(
        database,
        meeting,
        m.AgendaItemFields(
            "Neglect strategy",
            presenter="Alison Reed",
            paper_reference="SCPB 25/14",
            minutes="The board discussed the draft strategy.\nPartners welcomed the focus on early help.",
            decisions="The strategy was approved for consultation.",
        ),
    )
    m.add_standard_agenda(database, meeting)
    m.create_action(
        database,
        meeting,
        m.ActionFields("Publish the strategy", people["Alison Reed"], due_date=TODAY + dt.timedelta(days=10)),
    )
    return database, world, meeting


def document_text(path) -> tuple[list[str], list[list[list[str]]]]:
    document = Document(str(path))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables


def test_the_minutes_hold_the_attendance_the_items_and_the_actions(held_meeting, tmp_path):
    database, _world, meeting = held_meeting
    target = tmp_path / "minutes.docx"
    export_minutes(database, meeting, target, TODAY)
    paragraphs, tables = document_text(target)
    day = TODAY - dt.timedelta(days=150)
    assert paragraphs[0] == CHILDREN_BOARD
    assert paragraphs[1] == f"Minutes of the meeting held on {day:%A} {day.day} {day:%B %Y}, 10:00 to 12:00, Room 1"
    assert "Status of these minutes: Draft: to be approved at the next meeting." in paragraphs

    def section(heading: str) -> list[str]:
        start = paragraphs.index(heading) + 1
        end = next(i for i in range(start, len(paragraphs)) if paragraphs[i] in HEADINGS or paragraphs[i][:2] == "1.")
        return paragraphs[start:end]

    HEADINGS = {"Present", "Deputies", "In attendance", "Apologies", "Absent"}  # noqa: N806
    assert section("Present") == ["Grace Lin (Independent Safeguarding Partnership Service, Chair)"]
    # A deputy of the member's own agency: the agency once, with the deputy.
    assert section("Deputies") == ["Frank Hollis (Cambridgeshire Constabulary) deputising for Ben Okafor"]
    assert section("In attendance") == [
        "Chloe Price (Designated Nurse, Cambridgeshire and Peterborough Clinical Commissioning Group)"
    ]
    assert section("Apologies")[0] == "Eve Marsh (Hinchingbrooke Hospitals NHS Trust)"
    assert "Absent" not in paragraphs

    headings = [text for text in paragraphs if text[:2].rstrip(".").isdigit()]
    assert headings == [
        "1. Welcome, introductions and apologies",
        "2. Declarations of interest",
        "3. Minutes of the last meeting",
        "4. Matters arising and action log",
        "5. Neglect strategy",
        "6. Any other business",
        "7. Date of next meeting",
    ]
    declared = paragraphs.index("2. Declarations of interest")
    assert paragraphs[declared + 1] == "No interests were declared."
    item = paragraphs.index("5. Neglect strategy")
    assert paragraphs[item + 1 : item + 6] == [
        "Presented by Alison Reed; Paper SCPB 25/14",
        "The board discussed the draft strategy.",
        "Partners welcomed the focus on early help.",
        "Decisions",
        # The decision register's reference: the board's first decision of 2024-25.
        "SCPB-2024-25-D01: The strategy was approved for consultation.",
    ]
    actions = tables[-1]
    assert actions[0] == ["Ref", "Action", "Owner", "Due date", "Status"]
    due = TODAY + dt.timedelta(days=10)
    descriptions = [row[1] for row in actions[1:]]
    assert "Publish the strategy" in descriptions
    published = actions[1 + descriptions.index("Publish the strategy")]
    assert published[2:] == ["Alison Reed (Cambridgeshire County Council)", f"{due:%d/%m/%Y}", "Open"]
    assert len(actions) == 2


def test_matters_arising_appear_in_the_next_meetings_minutes(held_meeting, tmp_path):
    database, world, _meeting = held_meeting
    target = tmp_path / "next.docx"
    m.add_standard_agenda(database, world.meetings["board-5"])
    export_minutes(database, world.meetings["board-5"], target, TODAY)
    paragraphs, tables = document_text(target)
    arising = paragraphs.index("4. Matters arising and action log")
    assert paragraphs[arising + 1] == "Actions carried forward from earlier meetings:"
    carried = tables[0]
    assert carried[0] == ["Ref", "From meeting", "Action", "Owner", "Due date", "Status"]
    assert {row[2] for row in carried[1:]} == {
        "Circulate the neglect strategy",
        "Report on out of county placements",
        "Publish the strategy",
    }
    assert "No actions were agreed at this meeting." in paragraphs


def test_a_line_introducing_a_table_or_the_decisions_is_printed_on_the_same_page_as_them(held_meeting, tmp_path):
    database, world, meeting = held_meeting
    m.add_standard_agenda(database, world.meetings["board-5"])
    introductions = []
    for name, which in (("held.docx", meeting), ("next.docx", world.meetings["board-5"])):
        export_minutes(database, which, tmp_path / name, TODAY)
        for paragraph in Document(str(tmp_path / name)).paragraphs:
            if paragraph.text == "Decisions" or paragraph.text.startswith(("Presented by", "Actions carried forward")):
                introductions.append(paragraph)
    assert {paragraph.text.split(" ")[0] for paragraph in introductions} == {"Decisions", "Presented", "Actions"}
    assert all(paragraph.paragraph_format.keep_with_next for paragraph in introductions)


def test_the_agenda_lists_the_items(held_meeting, tmp_path):
    database, _world, meeting = held_meeting
    target = tmp_path / "agenda.docx"
    export_agenda(database, meeting, target, TODAY)
    paragraphs, tables = document_text(target)
    assert paragraphs[0] == CHILDREN_BOARD
    assert paragraphs[1].startswith("Agenda for the meeting on ")
    assert tables[0][0] == ["Item", "Title", "Presenter", "Paper"]
    assert tables[0][5] == ["5", "Neglect strategy", "Alison Reed", "SCPB 25/14"]


def test_the_users_own_template_is_used_first(held_meeting, tmp_path):
    database, _world, meeting = held_meeting
    own = Document()
    own.add_paragraph("OUR LOGO HERE")
    user_templates_dir().mkdir(parents=True, exist_ok=True)
    own.save(str(user_templates_dir() / "minutes.docx"))
    target = tmp_path / "minutes.docx"
    export_minutes(database, meeting, target, TODAY)
    paragraphs, _tables = document_text(target)
    assert paragraphs[:2] == ["OUR LOGO HERE", CHILDREN_BOARD]


def test_a_wrong_extension_writes_nothing(held_meeting, tmp_path):
    database, _world, meeting = held_meeting
    with pytest.raises(BoardAdminError, match="must end in .docx"):
        export_minutes(database, meeting, tmp_path / "minutes.pdf", TODAY)
    assert not [path for path in tmp_path.iterdir() if "minutes" in path.name]


def test_the_minutes_list_the_challenges_raised_at_the_meeting(held_meeting, tmp_path):
    from board_admin.db.models import Meeting
    from board_admin.services import challenges

    database, world, meeting = held_meeting
    with database.session() as session:
        held_on = session.get(Meeting, meeting).meeting_date
    challenges.record_challenge(
        database,
        challenges.ChallengeFields(
            held_on,
            next(iter(world.agencies.values())),
            "Evidence that looked after children have their health assessments on time.",
            raised_at_group_id=world.groups[CHILDREN_BOARD],
            raised_at_meeting_id=meeting,
        ),
    )
    out = tmp_path / "minutes.docx"
    export_minutes(database, meeting, out, on_date=TODAY)
    paragraphs, _tables = document_text(out)
    heading = paragraphs.index("Challenges raised at this meeting")
    assert paragraphs[heading + 1].startswith("CH-")
    assert "health assessments on time" in paragraphs[heading + 1]


def test_a_deputy_from_another_agency_is_printed_with_their_own_agency_deputising_for_the_member(
    held_meeting, tmp_path
):
    """Not "Chloe Price (Independent Safeguarding Partnership Service) for Grace Lin", which reads as if the
    nurse worked for the partnership service: each person with their own organisation, as the minutes say it."""
    database, world, meeting = held_meeting
    people, agencies = world.people, world.agencies
    m.remove_guest(database, meeting, people["Chloe Price"])
    m.set_attendance(
        database, meeting, people["Grace Lin"], AttendanceStatus.DEPUTY, people["Chloe Price"], agencies["ISPS"]
    )
    target = tmp_path / "minutes.docx"
    export_minutes(database, meeting, target, TODAY)
    paragraphs, _tables = document_text(target)
    start = paragraphs.index("Deputies") + 1
    assert paragraphs[start : start + 2] == [
        "Chloe Price (Cambridgeshire and Peterborough Clinical Commissioning Group) deputising for "
        "Grace Lin (Independent Safeguarding Partnership Service)",
        "Frank Hollis (Cambridgeshire Constabulary) deputising for Ben Okafor",
    ]


def test_each_export_is_a_fresh_document_from_the_template_as_it_now_is(held_meeting, tmp_path):
    # The template's file is read once per process: two exports still never share a document, and a template
    # the user replaces is used from the next export on.
    database, _world, meeting = held_meeting
    first, second = tmp_path / "first.docx", tmp_path / "second.docx"
    export_minutes(database, meeting, first, TODAY)
    export_minutes(database, meeting, second, TODAY)
    assert document_text(second) == document_text(first)  # nothing of the first carried into the second
    user_templates_dir().mkdir(parents=True, exist_ok=True)
    for logo in ("OUR LOGO HERE", "OUR NEW LOGO"):
        own = Document()
        own.add_paragraph(logo)
        own.save(str(user_templates_dir() / "minutes.docx"))
        export_minutes(database, meeting, second, TODAY)
        paragraphs, _tables = document_text(second)
        assert paragraphs[:2] == [logo, CHILDREN_BOARD]
        assert paragraphs[2:] == document_text(first)[0][1:]


def _held_with_items(database, world, key: str, items: int) -> int:
    """The meeting `key` held, with a register and `items` agenda items, each with minutes, a decision and
    an action."""
    meeting, people = world.meetings[key], world.people
    m.mark_held(database, meeting)
    m.set_attendance(database, meeting, people["Grace Lin"], AttendanceStatus.PRESENT)
    m.set_attendance(database, meeting, people["Ben Okafor"], AttendanceStatus.DEPUTY)
    m.add_guest(database, meeting, people["Chloe Price"])
    for number in range(1, items + 1):
        fields = m.AgendaItemFields(
            f"Item {number}", presenter="Alison Reed", minutes=f"Discussed {number}.", decisions=f"Decision {number}."
        )
        m.add_agenda_item(database, meeting, fields)
        m.create_action(database, meeting, m.ActionFields(f"Action {number}", people["Alison Reed"]))
    return meeting


def _statements(database, meeting: int, path) -> int:
    from tests.conftest import StatementCounter

    with StatementCounter(database) as counter:
        export_minutes(database, meeting, path, TODAY)
    return counter.count


def test_the_minutes_of_a_meeting_are_read_in_a_fixed_number_of_statements(database, with_world, tmp_path):
    """A statement for each kind of row, none per item: a meeting with eight items costs what one with one
    item costs, drafts (with the actions and challenges as they stand) and approved minutes alike."""
    from board_admin.services import minutes as mn

    world = with_world(database, TODAY)
    few = _held_with_items(database, world, "board-1", 1)
    many = _held_with_items(database, world, "board-2", 8)
    draft = [_statements(database, meeting, tmp_path / f"draft-{meeting}.docx") for meeting in (few, many)]
    assert draft[0] == draft[1]
    assert draft[1] <= 10
    mn.approve_minutes(database, few, many)
    mn.approve_minutes(database, many, world.meetings["board-5"])
    mn.record_amendment(database, many, "Item 3: the decision's wording.", "Asked for at the next meeting.")
    approved = [_statements(database, meeting, tmp_path / f"approved-{meeting}.docx") for meeting in (few, many)]
    assert approved[0] == approved[1]
    assert approved[1] <= 5  # the actions, challenges, register and declarations as kept at approval


def test_approved_minutes_keep_their_register_when_a_person_or_agency_is_renamed_later(
    held_meeting, empty_database_factory, tmp_path
):
    """The approved minutes are the record of who came for whom: renaming a person (a new surname) or an agency
    (a merger) afterwards changes the lists and the draft minutes, never minutes already approved."""
    from sqlalchemy import select

    from board_admin.db.models import Meeting
    from board_admin.exporters.workbook import export_workbook
    from board_admin.services import governance as gv
    from board_admin.services import minutes as mn
    from board_admin.services import structure as s
    from board_admin.services.workbook_import import import_workbook
    from tests.conftest import backend_of

    database, world, meeting = held_meeting
    people, agencies = world.people, world.agencies
    later = world.meetings["board-2"]
    m.mark_held(database, later)
    declared = gv.DeclarationFields(people["Grace Lin"], "Trustee of a local charity bidding for the contract")
    gv.record_declaration(database, meeting, declared)
    mn.approve_minutes(database, meeting, later)
    approved, renamed = tmp_path / "approved.docx", tmp_path / "renamed.docx"
    export_minutes(database, meeting, approved, TODAY)
    before = document_text(approved)
    assert any("Grace Lin" in text for text in before[0])
    cells = [cell for table in before[1] for row in table for cell in row]
    declaration = next(text for text in before[0] + cells if "Trustee of a local charity" in text)
    assert "Grace Lin" in declaration or "Grace Lin" in cells[cells.index(declaration) - 1]

    s.update_person(database, people["Grace Lin"], s.PersonFields("Grace Hughes", agencies["ISPS"], "Chair"))
    s.update_person(database, people["Frank Hollis"], s.PersonFields("Frank Holl", agencies["Police"]))
    s.update_agency(database, agencies["Police"], s.AgencyFields("Eastern Police", Sector.POLICE, "Police", True))
    export_minutes(database, meeting, renamed, TODAY)
    assert document_text(renamed) == before

    # Kept through a workbook round trip into a new database too.
    workbook = tmp_path / "all.xlsx"
    export_workbook(database, workbook)
    fresh = empty_database_factory(backend_of(database))
    import_workbook(fresh, workbook)
    with database.session() as session:
        day = session.get(Meeting, meeting).meeting_date
    with fresh.session() as session:
        copied = session.scalar(select(Meeting.id).where(Meeting.meeting_date == day))
    export_minutes(fresh, copied, renamed, TODAY)
    assert document_text(renamed) == before

    # Withdrawn, the minutes are a draft again and say what the lists say now.
    mn.withdraw_approval(database, meeting)
    export_minutes(database, meeting, renamed, TODAY)
    paragraphs, _tables = document_text(renamed)
    assert any("Grace Hughes" in text for text in paragraphs)
    assert not any("Grace Lin" in text for text in paragraphs)
    assert any("Frank Holl (Eastern Police) deputising for Ben Okafor" in text for text in paragraphs)
