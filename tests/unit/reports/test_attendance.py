"""The attendance report on a small register, on SQLite and PostgreSQL, and the thresholds setting."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from board_admin.db.models import Agency, Attendance, Group, Meeting, Membership, Person
from board_admin.domain.attendance import AttendanceThresholds, Period
from board_admin.domain.enums import AttendanceStatus as S
from board_admin.domain.enums import GroupKind, MeetingStatus, MemberRole, Sector, UserRole
from board_admin.domain.errors import ValidationError
from board_admin.domain.permissions import Actor, PermissionDeniedError
from board_admin.reports.attendance import attendance_report, attendance_thresholds, find_groups
from board_admin.services.settings import save_attendance_thresholds

PERIOD = Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))


def build(database):
    with database.session() as session:
        police = Agency(name="Police", sector=Sector.POLICE, statutory_partner=True)
        health = Agency(name="Health", sector=Sector.HEALTH, statutory_partner=True)
        ann, bob, dee = (Person(name=n, agency=police) for n in ("Ann", "Bob", "Dee"))
        cat = Person(name="Cat", agency=health)
        board = Group(name="Board", kind=GroupKind.BOARD, quorum=2)
        sub = Group(name="Subgroup", kind=GroupKind.SUBGROUP, parent=board)
        session.add_all([police, health, ann, bob, cat, dee, board, sub])
        session.flush()
        for person, agency, end in ((ann, police, None), (bob, police, dt.date(2024, 8, 1)), (cat, health, None)):
            session.add(
                Membership(
                    group=board,
                    person=person,
                    agency=agency,
                    role=MemberRole.MEMBER,
                    start_date=dt.date(2020, 1, 1),
                    end_date=end,
                )
            )
        days = [dt.date(2024, 5, 1), dt.date(2024, 7, 1), dt.date(2024, 9, 1), dt.date(2024, 11, 1)]
        meetings = [Meeting(group=board, meeting_date=day, status=MeetingStatus.HELD) for day in days]
        meetings.append(
            Meeting(
                group=board,
                meeting_date=dt.date(2025, 1, 1),
                status=MeetingStatus.CANCELLED,
                cancellation_reason="Venue unavailable",
            )
        )
        meetings.append(Meeting(group=board, meeting_date=dt.date(2025, 3, 1)))
        meetings.append(Meeting(group=board, meeting_date=dt.date(2023, 3, 1), status=MeetingStatus.HELD))
        session.add_all(meetings)
        session.flush()
        register = {
            0: [(ann, S.PRESENT, None), (bob, S.PRESENT, None), (cat, S.DEPUTY, dee)],
            1: [(ann, S.APOLOGIES, None), (bob, S.ABSENT, None), (cat, S.PRESENT, None)],
            2: [(ann, S.ABSENT, None)],  # Cat left unmarked; Bob has left
            3: [],  # no register at all
        }
        for index, lines in register.items():
            for person, status, deputy in lines:
                session.add(Attendance(meeting=meetings[index], person=person, status=status, deputy=deputy))
        session.commit()
        return board.id, sub.id


def test_report_by_agency_person_group_matrix_and_completeness(database):
    board_id, sub_id = build(database)
    report = attendance_report(database, PERIOD, [board_id])
    agencies = {row.agency_name: row for row in report.agencies}
    # The meeting of 01/11 has no register at all: left out of every rate, counted as not recorded.
    assert (agencies["Police"].expected, agencies["Police"].represented, agencies["Police"].not_recorded) == (3, 1, 1)
    assert (agencies["Health"].expected, agencies["Health"].represented, agencies["Health"].rate) == (
        2,
        2,
        Fraction(1),
    )
    assert agencies["Health"].not_recorded == 2
    people = {row.person_name: row for row in report.people}
    assert (people["Ann"].held, people["Ann"].present, people["Ann"].not_recorded) == (4, 1, 1)
    assert people["Ann"].rate == Fraction(1, 3)
    assert (people["Bob"].held, people["Bob"].absent) == (2, 1)
    assert (people["Cat"].present, people["Cat"].deputy, people["Cat"].rate) == (1, 1, Fraction(1, 2))
    assert people["Cat"].not_recorded == 2
    assert [line.outcome for line in people["Cat"].meetings][0] == "Deputy sent (Dee)"
    assert [line.outcome for line in people["Cat"].meetings][3] == "Register missing"
    [group] = report.groups
    assert (group.planned, group.held, group.cancelled, group.still_planned) == (6, 4, 1, 1)
    assert group.cancellation_reasons == ("01/01/2025: Venue unavailable",)
    assert group.registers_missing == (dt.date(2024, 11, 1),)
    # Quorum 2: only the first meeting had two members (or deputies) in the room; the one with no register
    # is neither quorate nor not.
    assert (group.quorate, group.not_quorate) == (1, 2)
    matrix = report.matrix(board_id)
    assert {row.person_name: row.codes for row in matrix.rows} == {
        "Ann": ("P", "A", "X", "?"),
        "Bob": ("P", "X", "", ""),
        "Cat": ("D", "P", "?", "?"),
    }
    problems = [(row.meeting_date, row.problem, row.unmarked) for row in report.completeness]
    assert problems == [
        (dt.date(2024, 9, 1), "1 member not marked", ("Cat",)),
        (dt.date(2024, 11, 1), "Register missing", ("Ann", "Cat")),
    ]
    assert find_groups(database, ["board"], include_subgroups=True) == [board_id, sub_id]
    everything = attendance_report(database, PERIOD)
    assert {row.group_name for row in everything.groups} == {"Board", "Subgroup"}


def test_thresholds_are_settings_kept_for_everyone(database):
    assert attendance_thresholds(database) == AttendanceThresholds()
    save_attendance_thresholds(database, AttendanceThresholds(missed_in_a_row=2, minimum_rate=60, green_from=80))
    assert attendance_thresholds(database) == AttendanceThresholds(2, 60, 80, 50)
    with pytest.raises(ValidationError):
        save_attendance_thresholds(database, AttendanceThresholds(green_from=40))
    assert attendance_thresholds(database).green_from == 80
    database.actor = Actor("chair", "Chair", frozenset({UserRole.CHAIR}))
    with pytest.raises(PermissionDeniedError):
        save_attendance_thresholds(database, AttendanceThresholds())
    assert attendance_thresholds(database).green_from == 80
