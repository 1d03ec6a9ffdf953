"""Attendance by agency is counted by the database in one statement (reports/attendance_agencies.py): over
random registers, on SQLite and PostgreSQL, it must count what domain.attendance counts from the same rows,
and the drill-down must list the meetings the domain says lie behind each rate. A report of every view (an
export) tallies the lines it has read instead: its rows must be the statement's, field for field."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board_admin.db.models import Agency, Attendance, Group, Meeting, Membership, Person
from board_admin.domain.attendance import HeldMeeting, Mark, Period, Seat, agency_tallies, expected_lines
from board_admin.domain.enums import AttendanceStatus, GroupKind, MeetingStatus, MemberRole, Sector
from board_admin.reports.attendance import attendance_report
from board_admin.reports.attendance_agencies import agency_counts_query

BASE = dt.date(2024, 1, 1)
AGENCIES, PEOPLE, GROUPS = 3, 5, 2

days = st.integers(min_value=0, max_value=12)
seats = st.lists(
    st.tuples(
        st.integers(0, PEOPLE - 1),  # person
        st.integers(0, GROUPS - 1),  # group
        st.integers(0, AGENCIES - 1),  # agency
        days,  # start
        st.none() | st.integers(0, 8),  # length, None: still a member
        st.none() | days,  # registers from
        st.sampled_from([MemberRole.MEMBER, MemberRole.CHAIR, MemberRole.DEPUTY]),
    ),
    min_size=1,
    max_size=10,
)
meetings = st.lists(
    st.tuples(
        st.integers(0, GROUPS - 1),
        days,
        st.sampled_from([MeetingStatus.HELD, MeetingStatus.HELD, MeetingStatus.CANCELLED, MeetingStatus.PLANNED]),
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda meeting: (meeting[0], meeting[1]),
)
# For every (meeting, person) pair in turn: no line, or a line with this status.
marks = st.lists(st.none() | st.sampled_from(list(AttendanceStatus)), min_size=8 * PEOPLE, max_size=8 * PEOPLE)
periods = st.tuples(st.integers(0, 4), st.integers(4, 12))

counter = itertools.count()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seats=seats, meetings=meetings, marks=marks, period=periods)
def test_the_statement_counts_what_the_domain_counts(database, seats, meetings, marks, period):
    world = next(counter)  # each example writes its own agencies, people and groups
    period = Period(BASE + dt.timedelta(period[0]), BASE + dt.timedelta(period[0] + period[1]))
    with database.session() as session:
        agencies = [Agency(name=f"Agency {world}-{n}", sector=Sector.POLICE) for n in range(AGENCIES)]
        people = [Person(name=f"Person {world}-{n}", agency=agencies[n % AGENCIES]) for n in range(PEOPLE)]
        groups = [Group(name=f"Group {world}-{n}", kind=GroupKind.SUBGROUP) for n in range(GROUPS)]
        session.add_all([*agencies, *people, *groups])
        session.flush()
        domain_seats = []
        for person, group, agency, start, length, registers_from, role in seats:
            start_date = BASE + dt.timedelta(start)
            end_date = None if length is None else start_date + dt.timedelta(length)
            from_date = None if registers_from is None else BASE + dt.timedelta(registers_from)
            seat = Membership(
                group=groups[group],
                person=people[person],
                agency=agencies[agency],
                role=role,
                start_date=start_date,
                end_date=end_date,
                registers_from=from_date,
            )
            session.add(seat)
            session.flush()  # in order: of two seats starting the same day, the first entered counts
            if role is not MemberRole.DEPUTY:
                domain_seats.append(
                    Seat(people[person].id, groups[group].id, agencies[agency].id, start_date, end_date, from_date)
                )
        rows = [Meeting(group=groups[g], meeting_date=BASE + dt.timedelta(d), status=s) for g, d, s in meetings]
        session.add_all(rows)
        session.flush()
        domain_marks = []
        pairs = itertools.product(range(len(rows)), range(PEOPLE))
        for (meeting, person), status in zip(pairs, marks, strict=False):
            if status is None:
                continue
            deputy = people[(person + 1) % PEOPLE] if status is AttendanceStatus.DEPUTY else None
            session.add(Attendance(meeting=rows[meeting], person=people[person], status=status, deputy=deputy))
            if rows[meeting].status is MeetingStatus.HELD:
                domain_marks.append(Mark(rows[meeting].id, people[person].id, status))
        held = [
            HeldMeeting(row.id, row.group_id, row.meeting_date)
            for row in rows
            if row.status is MeetingStatus.HELD and row.meeting_date in period
        ]
        session.commit()
        group_ids = [group.id for group in groups]
        agency_ids = {agency.id for agency in agencies}

    tallies = agency_tallies(expected_lines(held, domain_seats, domain_marks))
    expected = {tally.agency_id: (tally.expected, tally.represented, tally.not_recorded) for tally in tallies}
    with database.session() as session:
        counted = {
            agency_id: (int(recorded), int(represented), int(unrecorded))
            for agency_id, recorded, represented, unrecorded, *_ in session.execute(
                *agency_counts_query(period, group_ids)
            ).all()
        }
    assert counted == expected
    assert set(counted) <= agency_ids

    report = attendance_report(database, period, group_ids)
    by_agency = {row.agency_id: row for row in report.agencies}
    assert {agency_id: (row.expected, row.represented, row.not_recorded) for agency_id, row in by_agency.items()} == (
        expected
    )
    for tally in tallies:
        drill = by_agency[tally.agency_id].meetings
        counted_ids = [line.meeting_id for line in drill if line.counted]
        assert counted_ids == [meeting.id for meeting, came in tally.meetings if came]
        assert sorted(line.meeting_id for line in drill) == sorted(
            [meeting.id for meeting, _ in tally.meetings] + [meeting.id for meeting in tally.unrecorded_meetings]
        )

    # An export's report tallies the register lines it reads for the other views: the same rows, in order.
    whole = attendance_report(database, period, group_ids, every_view=True)
    assert whole.agencies == report.agencies
    assert [row.meetings for row in whole.agencies] == [row.meetings for row in report.agencies]
