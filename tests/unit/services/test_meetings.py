"""The meeting use cases on a real database (SQLite and PostgreSQL), on the sample world."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from board_admin.db.models import Action, AgendaItem, Attendance, Group, Meeting
from board_admin.domain.enums import ActionStatus, AttendanceStatus, Frequency, MeetingStatus, Rag, UserRole
from board_admin.domain.errors import InUseError, ValidationError
from board_admin.domain.permissions import Actor, Permission, PermissionDeniedError
from board_admin.domain.schedule import SchedulePlan, ScheduleRule
from board_admin.reports import meetings as r
from board_admin.services import meetings as m
from board_admin.services.uow import UnitOfWork
from tests.sample_world import CHILDREN_BOARD, EXECUTIVE, QEG

TODAY = dt.date(2025, 6, 15)
P, A, X, D = AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT, AttendanceStatus.DEPUTY


def names(lines) -> list[str]:
    return [line.person_name for line in lines]


def count(database, model) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(model))


# --- the register --------------------------------------------------------------------------------


def test_the_register_lists_the_members_on_the_meeting_date(database, world):
    soon = r.register(database, world.meetings["board-5"])  # in 5 days
    # Eve left 100 days ago, Dev joins in 30 days, Alison's chair ended 200 days ago; Frank is Ben's deputy.
    assert names(soon.lines) == ["Grace Lin", "Ben Okafor"]
    ben = soon.lines[1]
    assert ben.named_deputy_name == "Frank Hollis"
    assert ben.agency_name == "Cambridgeshire Constabulary" and ben.statutory_partner
    assert all(line.status is None for line in soon.lines)

    later = r.register(database, world.meetings["board-6"])  # in 40 days: Dev has joined
    assert names(later.lines) == ["Grace Lin", "Ben Okafor", "Dev Patel"]

    earlier = r.register(database, world.meetings["board-1"])  # 150 days ago: Eve still sat; Alison had left
    assert names(earlier.lines) == ["Grace Lin", "Eve Marsh", "Ben Okafor"]  # the chair, then by surname


def test_a_deputy_line_defaults_to_the_named_deputy(database, world):
    meeting = world.meetings["board-5"]
    m.set_attendance(database, meeting, world.people["Ben Okafor"], D)
    m.set_attendance(database, meeting, world.people["Grace Lin"], P)
    register = r.register(database, meeting)
    ben = register.lines[1]
    assert ben.status is D and ben.deputy_name == "Frank Hollis"
    with database.session() as session:
        line = session.scalar(select(Attendance).where(Attendance.person_id == world.people["Ben Okafor"]))
        assert line.agency_id == world.agencies["Police"]
    assert register.quorum.present == 2

    # Back to present: the deputy goes; cleared: the line goes.
    m.set_attendance(database, meeting, world.people["Ben Okafor"], P)
    assert r.register(database, meeting).lines[1].deputy_name is None
    m.set_attendance(database, meeting, world.people["Ben Okafor"], None)
    assert r.register(database, meeting).lines[1].status is None
    assert count(database, Attendance) == 1


def test_a_deputy_without_a_named_deputy_must_be_chosen(database, world):
    meeting = world.meetings["board-5"]
    with pytest.raises(ValidationError) as caught:
        m.set_attendance(database, meeting, world.people["Grace Lin"], D)
    assert caught.value.field == "deputy_id"
    m.set_attendance(
        database,
        meeting,
        world.people["Grace Lin"],
        D,
        deputy_id=world.people["Alison Reed"],
        representing_agency_id=world.agencies["ISPS"],
    )
    assert r.register(database, meeting).lines[0].deputy_name == "Alison Reed"
    assert count(database, Attendance) == 1


def test_a_deputy_from_another_agency_is_taken_only_once_confirmed(database, world):
    meeting = world.meetings["board-5"]
    grace, alison = world.people["Grace Lin"], world.people["Alison Reed"]  # ISPS; Alison works for CCC
    with pytest.raises(ValidationError) as caught:
        m.set_attendance(database, meeting, grace, D, deputy_id=alison)
    assert caught.value.field == "representing_agency_id"
    assert "Alison Reed works for Cambridgeshire County Council, not Independent" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        m.set_attendance(database, meeting, grace, D, deputy_id=alison, representing_agency_id=world.agencies["CCC"])
    assert "added as a guest" in caught.value.message
    assert count(database, Attendance) == 0
    m.set_attendance(database, meeting, grace, D, deputy_id=alison, representing_agency_id=world.agencies["ISPS"])
    with database.session() as session:
        line = session.scalar(select(Attendance))
        assert (line.deputy_id, line.agency_id) == (alison, world.agencies["ISPS"])
    # Marked again (D on the line) the deputy already confirmed stays, without asking again.
    m.set_attendance(database, meeting, grace, D)
    assert r.register(database, meeting).lines[0].deputy_name == "Alison Reed"


def test_a_non_member_cannot_have_a_member_line_but_can_attend_as_a_guest(database, world):
    meeting = world.meetings["board-5"]
    with pytest.raises(ValidationError) as caught:
        m.set_attendance(database, meeting, world.people["Dev Patel"], P)
    assert "was not a member" in caught.value.message
    assert count(database, Attendance) == 0

    m.add_guest(database, meeting, world.people["Dev Patel"])
    register = r.register(database, meeting)
    assert [(guest.person_name, guest.agency_name) for guest in register.guests] == [
        ("Dev Patel", "National Probation Service")
    ]
    assert names(register.lines) == ["Grace Lin", "Ben Okafor"]
    assert register.quorum.present == 0  # guests never count
    with pytest.raises(ValidationError):
        m.add_guest(database, meeting, world.people["Grace Lin"])  # a member
    m.remove_guest(database, meeting, world.people["Dev Patel"])
    assert r.register(database, meeting).guests == ()


def test_quorum_by_number_present(database, world):
    meeting = world.meetings["exec-1"]  # quorum 3; Grace, Alison (council), Ben (police), Chloe (health)
    people = world.people
    m.set_attendance_many(database, meeting, [people["Grace Lin"], people["Alison Reed"]], P)
    quorum = r.register(database, meeting).quorum
    assert not quorum.quorate and quorum.describe() == "Not quorate: 2 members present (quorum 3)."
    m.set_attendance(database, meeting, people["Chloe Price"], P)
    assert r.register(database, meeting).quorum.quorate


def test_quorum_with_every_statutory_partner_required(database, world):
    with UnitOfWork(database, Permission.EDIT_STRUCTURE) as uow:
        uow.session.get(Group, world.groups[EXECUTIVE]).statutory_partners_required = True
        uow.commit()
    meeting = world.meetings["exec-1"]
    people = world.people
    m.set_attendance_many(database, meeting, [people["Grace Lin"], people["Alison Reed"], people["Chloe Price"]], P)
    m.set_attendance(database, meeting, people["Ben Okafor"], A)
    quorum = r.register(database, meeting).quorum
    assert not quorum.quorate
    assert quorum.missing_partners == ("Cambridgeshire Constabulary",)
    # Ben's colleague comes in his place: the police are represented.
    m.set_attendance(database, meeting, people["Ben Okafor"], D, deputy_id=people["Frank Hollis"])
    assert r.register(database, meeting).quorum.quorate


def test_a_chair_may_not_change_the_register(database, world):
    database.actor = Actor("chris", "Chris Chair", frozenset({UserRole.CHAIR}))
    with pytest.raises(PermissionDeniedError):
        m.set_attendance(database, world.meetings["board-5"], world.people["Ben Okafor"], P)
    assert count(database, Attendance) == 0


# --- the schedule and a meeting's status ---------------------------------------------------------


def test_generating_a_years_schedule_keeps_the_meetings_already_there(database, world):
    rule = ScheduleRule(Frequency.MONTHLY, weekday=1, week=2, start_time=dt.time(10), end_time=dt.time(12))
    existing = dt.date(2025, 5, 26)  # qeg-1, 20 days before TODAY; the rule gives 13/05 that month
    plan = SchedulePlan(rule, dt.date(2025, 4, 1), dt.date(2026, 3, 31), frozenset({dt.date(2025, 12, 9)}), "Room 4")
    result = m.generate_schedule(database, world.groups[QEG], plan)
    assert len(result.created) == 11  # twelve months, less the skipped December
    assert dt.date(2025, 12, 9) not in result.created
    assert existing not in result.created
    with database.session() as session:
        meetings = session.scalars(select(Meeting).where(Meeting.group_id == world.groups[QEG])).all()
        assert len(meetings) == 12
        new = [meeting for meeting in meetings if meeting.meeting_date in result.created]
        assert {(mt.start_time, mt.end_time, mt.location, mt.status) for mt in new} == {
            (dt.time(10), dt.time(12), "Room 4", MeetingStatus.PLANNED)
        }
    again = m.generate_schedule(database, world.groups[QEG], plan)
    assert again.created == () and len(again.already_there) == 11


def test_a_meeting_on_a_day_the_group_already_meets_is_refused(database, world):
    day = TODAY + dt.timedelta(days=5)
    with pytest.raises(ValidationError) as caught:
        m.create_meeting(database, m.MeetingFields(world.groups[CHILDREN_BOARD], day))
    assert caught.value.field == "meeting_date"
    with pytest.raises(ValidationError) as caught:
        m.create_meeting(
            database, m.MeetingFields(world.groups[QEG], day, start_time=dt.time(12), end_time=dt.time(11))
        )
    assert caught.value.field == "end_time"


def test_cancelling_needs_a_reason_and_postponing_links_the_new_meeting(database, world):
    meeting = world.meetings["exec-2"]
    with pytest.raises(ValidationError) as caught:
        m.cancel_meeting(database, meeting, "  ")
    assert caught.value.field == "reason"
    assert r.meeting_detail(database, meeting).status is MeetingStatus.PLANNED

    new_day = TODAY + dt.timedelta(days=34)
    replacement = m.postpone_meeting(database, meeting, new_day)
    old, new = r.meeting_detail(database, meeting), r.meeting_detail(database, replacement)
    assert old.status is MeetingStatus.POSTPONED and old.postponed_to == new_day
    assert (new.status, new.start_time, new.location) == (MeetingStatus.PLANNED, dt.time(14), "Shire Hall")

    m.cancel_meeting(database, replacement, "Purdah before the election")
    detail = r.meeting_detail(database, replacement)
    assert (detail.status, detail.cancellation_reason) == (MeetingStatus.CANCELLED, "Purdah before the election")
    m.mark_held(database, replacement)
    assert r.meeting_detail(database, replacement).cancellation_reason is None


def test_a_meeting_with_a_register_cannot_be_deleted(database, world):
    meeting = world.meetings["board-5"]
    m.set_attendance(database, meeting, world.people["Grace Lin"], P)
    with pytest.raises(InUseError):
        m.delete_meeting(database, meeting)
    new = m.create_meeting(database, m.MeetingFields(world.groups[QEG], TODAY + dt.timedelta(days=3)))
    m.add_standard_agenda(database, new)
    m.delete_meeting(database, new)
    assert count(database, AgendaItem) == 0


# --- agenda and minutes --------------------------------------------------------------------------


def titles(database, meeting_id) -> list[str]:
    return [item.title for item in r.agenda(database, meeting_id)]


def test_the_standard_agenda_and_reordering(database, world):
    meeting = world.meetings["board-5"]
    m.add_agenda_item(database, meeting, m.AgendaItemFields("Neglect strategy", "Alison Reed", "SCPB 25/14"))
    assert m.add_standard_agenda(database, meeting) == 6
    assert titles(database, meeting) == [
        "Welcome, introductions and apologies",
        "Declarations of interest",
        "Minutes of the last meeting",
        "Matters arising and action log",
        "Neglect strategy",
        "Any other business",
        "Date of next meeting",
    ]
    assert m.add_standard_agenda(database, meeting) == 0
    items = r.agenda(database, meeting)
    m.add_agenda_item(database, meeting, m.AgendaItemFields("Annual report"), position=5)
    m.move_agenda_item(database, items[4].id, 7)  # the neglect strategy just before "Date of next meeting"
    assert titles(database, meeting)[4:7] == ["Annual report", "Any other business", "Neglect strategy"]
    m.delete_agenda_item(database, items[0].id)
    assert [item.position for item in r.agenda(database, meeting)] == [1, 2, 3, 4, 5, 6, 7]
    with pytest.raises(ValidationError) as caught:
        m.add_agenda_item(database, meeting, m.AgendaItemFields("   "))
    assert caught.value.field == "title"


def test_minutes_text_keeps_its_paragraphs_and_stale_edits_are_refused(database, world):
    meeting = world.meetings["board-2"]
    item_id = m.add_agenda_item(database, meeting, m.AgendaItemFields("Neglect strategy"))
    item = r.agenda(database, meeting)[0]
    m.update_agenda_item(
        database,
        item_id,
        m.AgendaItemFields("Neglect strategy", minutes="First point.\n\nSecond point.", decisions="Approved."),
        item.version,
    )
    assert r.agenda(database, meeting)[0].minutes == "First point.\n\nSecond point."
    from board_admin.domain.errors import ConflictError

    with pytest.raises(ConflictError):
        m.update_agenda_item(database, item_id, m.AgendaItemFields("Other"), item.version)


# --- actions -------------------------------------------------------------------------------------


def test_open_actions_carry_forward_as_matters_arising(database, world):
    # board-2 (90 days ago) has one open, one in progress and one done action.
    arising = r.matters_arising(database, world.meetings["board-5"], TODAY)
    assert [action.description for action in arising] == [
        "Circulate the neglect strategy",
        "Report on out of county placements",
    ]
    assert [action.overdue for action in arising] == [True, False]
    # Not at the meeting that set them or before it, nor at another group's meetings.
    assert r.matters_arising(database, world.meetings["board-2"], TODAY) == []
    assert r.matters_arising(database, world.meetings["exec-2"], TODAY) == []

    m.set_action_status(database, arising[0].id, ActionStatus.DONE, Rag.GREEN)
    assert [a.description for a in r.matters_arising(database, world.meetings["board-5"], TODAY)] == [
        "Report on out of county placements"
    ]


def test_an_action_takes_its_owners_agency_and_the_log_filters(database, world):
    meeting = world.meetings["qeg-1"]
    action_id = m.create_action(
        database,
        meeting,
        m.ActionFields("Audit health assessments", world.people["Chloe Price"], due_date=TODAY - dt.timedelta(days=1)),
    )
    row = next(action for action in r.meeting_actions(database, meeting, TODAY) if action.id == action_id)
    assert row.owner == "Chloe Price (Cambridgeshire and Peterborough Clinical Commissioning Group)"
    assert row.reference == "QEG-001" and row.overdue  # numbered through the group's actions

    overdue = r.action_log(database, TODAY, overdue_only=True)
    assert {a.description for a in overdue} == {"Audit health assessments", "Circulate the neglect strategy"}
    assert [a.description for a in r.action_log(database, TODAY, owner_id=world.people["Chloe Price"])] == [
        "Audit health assessments"
    ]
    assert [a.id for a in r.action_log(database, TODAY, agency_id=world.agencies["CCG"])] == [action_id]
    assert {a.group_name for a in r.action_log(database, TODAY, group_id=world.groups[CHILDREN_BOARD])} == {
        CHILDREN_BOARD
    }
    assert len(r.action_log(database, TODAY)) == 5

    with pytest.raises(ValidationError) as caught:
        m.update_action(database, action_id, m.ActionFields("  "), row.version)
    assert caught.value.field == "description"
    with pytest.raises(ValidationError) as caught:
        m.create_action(database, meeting, m.ActionFields("Too early", due_date=TODAY - dt.timedelta(days=60)))
    assert caught.value.field == "due_date"
    assert count(database, Action) == 5


def test_the_month_calendar_places_meetings_on_their_days(database, world):
    weeks = r.month_calendar(database, 2025, 6)
    assert weeks[0][0].day == dt.date(2025, 5, 26) and not weeks[0][0].in_month  # Monday first
    days = {day.day: day for week in weeks for day in week}
    assert [meeting.group_name for meeting in days[dt.date(2025, 6, 20)].meetings] == [CHILDREN_BOARD]
    assert [meeting.group_name for meeting in days[dt.date(2025, 5, 26)].meetings] == [QEG]
