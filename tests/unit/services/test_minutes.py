"""Minutes from draft to approved, locked once approved, amended after; apologies in advance (SQLite and
PostgreSQL, on the sample world)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from board_admin.db.models import AgendaItem, Attendance, MinutesAmendment
from board_admin.domain.enums import AttendanceStatus, InterestAction, InterestKind, UserRole
from board_admin.domain.errors import ValidationError
from board_admin.domain.minutes import MinutesLockedError
from board_admin.domain.permissions import Actor, PermissionDeniedError
from board_admin.reports import meetings as r
from board_admin.services import governance as g
from board_admin.services import meetings as m
from board_admin.services import minutes as mn
from tests.sample_world import CHILDREN_BOARD

TODAY = dt.date(2025, 6, 15)
LOCKED = (
    f"The minutes of {CHILDREN_BOARD} on {(TODAY - dt.timedelta(days=150)):%d/%m/%Y} were approved at the meeting "
    f"of {(TODAY - dt.timedelta(days=90)):%d/%m/%Y}"
)


@pytest.fixture
def approved(database, world):
    """board-1 (150 days ago) approved at board-2 (90 days ago): the item, a declaration and a register line."""
    board_1, board_2 = world.meetings["board-1"], world.meetings["board-2"]
    item = m.add_agenda_item(database, board_1, m.AgendaItemFields("Strategy", minutes="Agreed.", decisions="Adopted."))
    declaration = g.record_declaration(
        database,
        board_1,
        g.DeclarationFields(world.people["Ben Okafor"], "Trustee", InterestKind.OTHER, InterestAction.STAYED),
    )
    m.set_attendance(database, board_1, world.people["Ben Okafor"], AttendanceStatus.PRESENT)
    mn.mark_minutes_circulated(database, board_1, TODAY - dt.timedelta(days=140))
    mn.approve_minutes(database, board_1, board_2)
    return {"meeting": board_1, "item": item, "declaration": declaration}


def test_minutes_go_from_draft_to_circulated_to_approved_at_a_named_later_meeting(database, world):
    board_1, board_2 = world.meetings["board-1"], world.meetings["board-2"]
    assert r.meeting_detail(database, board_1).approval.describe() == "Draft"
    mn.mark_minutes_circulated(database, board_1, TODAY - dt.timedelta(days=140))
    assert r.meeting_detail(database, board_1).approval.describe() == (
        f"Circulated on {(TODAY - dt.timedelta(days=140)):%d/%m/%Y}, awaiting approval"
    )
    # Not an earlier meeting, not the meeting itself, not a cancelled one, not another group's.
    for wrong, says in (
        (board_1, "after"),
        (world.meetings["board-3"], "cancelled or postponed"),
        (world.meetings["exec-2"], "same group"),
    ):
        with pytest.raises(ValidationError, match=says):
            mn.approve_minutes(database, board_1, wrong)
    with pytest.raises(ValidationError, match="after"):
        mn.approve_minutes(database, board_2, board_1)
    with pytest.raises(ValidationError, match="held"):
        mn.approve_minutes(database, world.meetings["board-5"], world.meetings["board-6"])  # not held yet

    mn.approve_minutes(database, board_1, board_2)

    detail = r.meeting_detail(database, board_1)
    assert detail.minutes_approved_at_id == board_2
    assert detail.minutes_approved_on == r.meeting_detail(database, board_2).meeting_date
    assert detail.approval.describe() == f"Approved at the meeting of {(TODAY - dt.timedelta(days=90)):%d/%m/%Y}"


def test_circulation_is_after_the_meeting(database, world):
    with pytest.raises(ValidationError, match="before the meeting itself"):
        mn.mark_minutes_circulated(database, world.meetings["board-2"], TODAY - dt.timedelta(days=91))


def test_every_edit_of_approved_minutes_is_refused_with_the_same_sentence(database, world, approved):
    meeting, item, declaration = approved["meeting"], approved["item"], approved["declaration"]
    people = world.people
    fields = m.MeetingFields(world.groups[CHILDREN_BOARD], TODAY - dt.timedelta(days=150), location="Elsewhere")
    before = r.minutes_content(database, meeting)
    edits = [
        lambda: m.update_meeting(database, meeting, fields),
        lambda: m.delete_meeting(database, meeting),
        lambda: m.mark_planned(database, meeting),
        lambda: m.cancel_meeting(database, meeting, "Mistake"),
        lambda: m.postpone_meeting(database, meeting, TODAY),
        lambda: m.set_attendance(database, meeting, people["Ben Okafor"], AttendanceStatus.ABSENT),
        lambda: m.set_attendance_many(database, meeting, [people["Grace Lin"]], AttendanceStatus.PRESENT),
        lambda: m.add_guest(database, meeting, people["Chloe Price"]),
        lambda: m.remove_guest(database, meeting, people["Chloe Price"]),
        lambda: m.add_agenda_item(database, meeting, m.AgendaItemFields("Late item")),
        lambda: m.update_agenda_item(database, item, m.AgendaItemFields("Strategy", minutes="Rewritten.")),
        lambda: m.delete_agenda_item(database, item),
        lambda: m.move_agenda_item(database, item, 2),
        lambda: m.add_standard_agenda(database, meeting),
        lambda: g.record_declaration(database, meeting, g.DeclarationFields(people["Grace Lin"], "Governor")),
        lambda: g.update_declaration(database, declaration, g.DeclarationFields(people["Ben Okafor"], "Other")),
        lambda: g.delete_declaration(database, declaration),
        lambda: mn.mark_minutes_circulated(database, meeting, TODAY - dt.timedelta(days=100)),
        lambda: mn.record_advance_apology(database, meeting, people["Grace Lin"], TODAY - dt.timedelta(days=155)),
    ]
    for edit in edits:
        with pytest.raises(MinutesLockedError) as refused:
            edit()
        assert refused.value.message.startswith(LOCKED)
        assert refused.value.message.endswith("can no longer be edited: record an amendment instead.")
    assert r.minutes_content(database, meeting) == before


def test_a_correction_after_approval_is_a_recorded_amendment(database, world, approved):
    meeting = approved["meeting"]
    with pytest.raises(ValidationError, match="why"):
        mn.record_amendment(database, meeting, "Item 1: 'agreed' should read 'noted'.", " ")
    with pytest.raises(ValidationError, match="Draft minutes are edited"):
        mn.record_amendment(database, world.meetings["board-2"], "Something", "Because")
    mn.record_amendment(database, meeting, "Item 1: 'agreed' should read 'noted'.", "The chair corrected it.")
    [row] = r.minutes_content(database, meeting).amendments
    assert (row.recorded_by, row.change, row.reason) == (
        database.actor.display_name,
        "Item 1: 'agreed' should read 'noted'.",
        "The chair corrected it.",
    )
    # The approved text itself is untouched, and an amended approval cannot be withdrawn.
    assert r.agenda(database, meeting)[0].minutes == "Agreed."
    with pytest.raises(ValidationError, match="amended since they were approved"):
        mn.withdraw_approval(database, meeting)


def test_an_approval_recorded_by_mistake_is_withdrawn_and_the_minutes_can_be_edited_again(database, approved):
    mn.withdraw_approval(database, approved["meeting"])
    assert r.meeting_detail(database, approved["meeting"]).approval.describe().startswith("Circulated on")
    m.update_agenda_item(database, approved["item"], m.AgendaItemFields("Strategy", minutes="Corrected."))
    assert r.agenda(database, approved["meeting"])[0].minutes == "Corrected."


def test_only_administrators_approve_or_amend_minutes(database, world, approved):
    for role in (UserRole.CHAIR, UserRole.FINANCE):
        database.actor = Actor("x", "X", frozenset({role}))
        with pytest.raises(PermissionDeniedError, match="approve minutes"):
            mn.approve_minutes(database, world.meetings["board-2"], world.meetings["board-5"])
        with pytest.raises(PermissionDeniedError, match="approve minutes"):
            mn.record_amendment(database, approved["meeting"], "What", "Why")
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(MinutesAmendment)) == 0


# --- apologies in advance ------------------------------------------------------------------------


def test_apologies_in_advance_open_the_register_as_apologies_and_can_be_changed_on_the_day(database, world):
    soon, ben = world.meetings["board-5"], world.people["Ben Okafor"]
    apology = mn.record_advance_apology(database, soon, ben, TODAY - dt.timedelta(days=2), "  On  leave ")
    line = next(line for line in r.register(database, soon).lines if line.person_id == ben)
    assert line.status is AttendanceStatus.APOLOGIES
    assert line.advance_apology == f"Received {(TODAY - dt.timedelta(days=2)):%d/%m/%Y}: On leave"
    [row] = r.advance_apologies(database, soon)
    assert (row.person_name, row.note) == ("Ben Okafor", "On leave")

    m.set_attendance(database, soon, ben, AttendanceStatus.PRESENT)  # came after all
    line = next(line for line in r.register(database, soon).lines if line.person_id == ben)
    assert line.status is AttendanceStatus.PRESENT
    mn.update_advance_apology(database, apology, TODAY - dt.timedelta(days=3), None)
    assert r.advance_apologies(database, soon)[0].note is None

    # Withdrawn: a line still saying apologies goes with it; a line changed on the day stays.
    mn.delete_advance_apology(database, apology)
    assert r.advance_apologies(database, soon) == []
    assert next(line for line in r.register(database, soon).lines if line.person_id == ben).status is (
        AttendanceStatus.PRESENT
    )
    grace = world.people["Grace Lin"]
    apology = mn.record_advance_apology(database, soon, grace, TODAY)
    mn.delete_advance_apology(database, apology)
    with database.session() as session:
        assert (
            session.scalar(select(Attendance).where(Attendance.person_id == grace, Attendance.meeting_id == soon))
            is None
        )


def test_apologies_in_advance_are_from_members_before_the_meeting(database, world):
    soon = world.meetings["board-5"]
    with pytest.raises(ValidationError, match="was not a member"):
        mn.record_advance_apology(database, soon, world.people["Chloe Price"], TODAY)
    with pytest.raises(ValidationError, match="received by the day of the meeting"):
        mn.record_advance_apology(database, soon, world.people["Ben Okafor"], TODAY + dt.timedelta(days=6))
    with pytest.raises(ValidationError, match="cancelled or postponed"):
        mn.record_advance_apology(
            database, world.meetings["board-3"], world.people["Grace Lin"], TODAY - dt.timedelta(days=40)
        )
    mn.record_advance_apology(database, soon, world.people["Ben Okafor"], TODAY)
    with pytest.raises(ValidationError, match="already recorded"):
        mn.record_advance_apology(database, soon, world.people["Ben Okafor"], TODAY)


def test_a_meeting_that_approved_minutes_or_has_apologies_is_not_deleted(database, world, approved):
    from board_admin.domain.errors import InUseError

    with pytest.raises(InUseError, match="minutes approved at it"):
        m.delete_meeting(database, world.meetings["board-2"])
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(AgendaItem)) == 1


# --- the register of approved minutes stands as it was approved --------------------------------------


def _seat(database, world, person: str) -> int:
    from board_admin.db.models import Membership

    with database.session() as session:
        return session.scalar(
            select(Membership.id).where(
                Membership.group_id == world.groups[CHILDREN_BOARD], Membership.person_id == world.people[person]
            )
        )


def _what_the_meeting_shows(database, world, meeting: int, path):
    """The register's rows, the minutes document read back, and the attendance report of that meeting."""
    from docx import Document

    from board_admin.domain.attendance import Period
    from board_admin.exporters.minutes import export_minutes
    from board_admin.reports.attendance import attendance_report

    rows = r.register(database, meeting)
    export_minutes(database, meeting, path)
    document = Document(str(path))
    text = (
        [paragraph.text for paragraph in document.paragraphs],
        [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables],
    )
    day = r.meeting_detail(database, meeting).meeting_date
    report = attendance_report(database, Period(day, day), [world.groups[CHILDREN_BOARD]])
    return rows.lines, rows.quorum, text, report.people, report.groups


def test_membership_changes_leave_an_approved_register_as_it_was_approved(database, world, approved, tmp_path):
    from board_admin.domain.enums import MemberRole
    from board_admin.services import structure as s

    meeting = approved["meeting"]
    days = lambda n: TODAY + dt.timedelta(days=n)  # noqa: E731
    before = _what_the_meeting_shows(database, world, meeting, tmp_path / "before.docx")
    names = [line.person_name for line in before[0]]
    assert sorted(names) == ["Ben Okafor", "Eve Marsh", "Grace Lin"]
    refused = f"change the register of {CHILDREN_BOARD} on {days(-150):%d/%m/%Y}, whose minutes were approved"

    # A member entered now, from before the meeting, is left off the register already taken...
    chloe = s.add_membership(
        database,
        s.MembershipFields(world.groups[CHILDREN_BOARD], world.people["Chloe Price"], MemberRole.MEMBER, days(-400)),
    )
    # ...and is neither offered it nor put on it afterwards.
    assert days(-150) not in s.registers_left_off(database, chloe)
    s.add_to_past_registers(database, chloe)
    eve, ben = _seat(database, world, "Eve Marsh"), _seat(database, world, "Ben Okafor")
    with pytest.raises(ValidationError, match=refused):
        s.end_membership(database, eve, days(-160))
    with pytest.raises(ValidationError, match=refused):
        s.delete_membership(database, eve)
    with pytest.raises(ValidationError, match=refused):
        s.update_membership(
            database,
            ben,
            s.MembershipFields(
                world.groups[CHILDREN_BOARD], world.people["Ben Okafor"], MemberRole.MEMBER, days(-700), None,
                world.agencies["CCC"],
            ),
        )  # fmt: skip
    with pytest.raises(ValidationError, match=refused):
        s.change_role(database, ben, MemberRole.ADVISER, days(-700))
    # Changes dated after the meeting are still made.
    s.change_role(database, ben, MemberRole.ADVISER, days(-50))
    s.end_membership(database, eve, days(-120))

    after = _what_the_meeting_shows(database, world, meeting, tmp_path / "after.docx")
    for what, old, new in zip(("register", "quorum", "minutes", "people", "groups"), before, after, strict=True):
        assert (what, new) == (what, old)


def test_an_unapproved_register_follows_the_memberships_and_so_does_one_whose_approval_is_withdrawn(
    database, world, approved
):
    from board_admin.services import structure as s

    meeting = approved["meeting"]
    days = lambda n: TODAY + dt.timedelta(days=n)  # noqa: E731
    later = world.meetings["board-2"]  # not approved
    assert "Grace Lin" in [line.person_name for line in r.register(database, later).lines]
    s.end_membership(database, _seat(database, world, "Grace Lin"), days(-100))
    assert "Grace Lin" not in [line.person_name for line in r.register(database, later).lines]

    mn.withdraw_approval(database, meeting)
    s.end_membership(database, _seat(database, world, "Eve Marsh"), days(-160))
    assert sorted(line.person_name for line in r.register(database, meeting).lines) == ["Ben Okafor", "Grace Lin"]
