"""The partnership's counting rules on small hand-made registers (issue 20): postponed meetings, who counts
towards the quorum, lines never recorded, a member entered late, a held meeting with no register."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from board_admin.domain.attendance import (
    AttendanceThresholds,
    HeldMeeting,
    Mark,
    Period,
    ScheduledMeeting,
    Seat,
    agency_tallies,
    average_rate,
    count_meetings,
    expected_lines,
    meeting_attendance,
    meeting_occasions,
    person_tallies,
)
from board_admin.domain.enums import AttendanceStatus as S
from board_admin.domain.enums import MeetingStatus as M
from board_admin.domain.enums import MemberRole as R
from board_admin.domain.errors import ValidationError
from board_admin.domain.quorum import (
    DEFAULT_COUNTING_ROLES,
    QuorumLine,
    QuorumRule,
    assess_quorum,
    check_counting_roles,
    counting_roles_from_text,
    counting_roles_to_text,
)

GROUP = 1
D = dt.date
AUGUST_TO_SEPTEMBER = Period(D(2026, 8, 1), D(2026, 9, 30))


# --- planned, held, cancelled, postponed ---------------------------------------------------------


def test_postponed_then_held_counts_once_as_held_at_the_new_date():
    schedule = [
        ScheduledMeeting(1, GROUP, D(2026, 6, 17), M.HELD),
        ScheduledMeeting(2, GROUP, D(2026, 8, 19), M.POSTPONED, postponed_to_id=3),
        ScheduledMeeting(3, GROUP, D(2026, 9, 2), M.HELD),
    ]
    occasions = meeting_occasions(schedule)
    assert [(o.meeting.id, o.outcome, o.postponed) for o in occasions] == [(1, M.HELD, False), (3, M.HELD, True)]
    assert occasions[1].postponed_from == (schedule[1],)
    counts = count_meetings(occasions)
    assert (counts.planned, counts.held, counts.cancelled, counts.still_planned, counts.postponed) == (2, 2, 0, 0, 1)
    assert counts.held_rate == 1
    # Counted at the date it moved to: August alone has nothing, September has the meeting.
    assert count_meetings(occasions, Period(D(2026, 8, 1), D(2026, 8, 31))).planned == 0
    assert count_meetings(occasions, Period(D(2026, 9, 1), D(2026, 9, 30))).held == 1


def test_postponed_twice_then_held_is_still_one_meeting():
    schedule = [
        ScheduledMeeting(2, GROUP, D(2026, 8, 19), M.POSTPONED, postponed_to_id=3),
        ScheduledMeeting(3, GROUP, D(2026, 9, 2), M.POSTPONED, postponed_to_id=4),
        ScheduledMeeting(4, GROUP, D(2026, 9, 16), M.HELD),
    ]
    counts = count_meetings(meeting_occasions(schedule), AUGUST_TO_SEPTEMBER)
    assert (counts.planned, counts.held, counts.postponed) == (1, 1, 1)


def test_postponed_never_held_counts_as_cancelled():
    # Postponed with no new date, and postponed to a meeting that was then cancelled.
    schedule = [
        ScheduledMeeting(5, GROUP, D(2026, 8, 5), M.POSTPONED),
        ScheduledMeeting(6, GROUP, D(2026, 8, 19), M.POSTPONED, postponed_to_id=7),
        ScheduledMeeting(7, GROUP, D(2026, 9, 2), M.CANCELLED, cancellation_reason="Chair unwell"),
        ScheduledMeeting(8, GROUP, D(2026, 9, 30), M.PLANNED),
    ]
    occasions = meeting_occasions(schedule)
    assert [(o.meeting.id, o.outcome) for o in occasions] == [(5, M.CANCELLED), (7, M.CANCELLED), (8, M.PLANNED)]
    assert occasions[0].never_reheld and not occasions[1].never_reheld
    counts = count_meetings(occasions, AUGUST_TO_SEPTEMBER)
    assert (counts.planned, counts.held, counts.cancelled, counts.still_planned, counts.postponed) == (3, 0, 2, 1, 2)
    assert counts.planned == counts.held + counts.cancelled + counts.still_planned


def test_a_meeting_postponed_into_another_period_is_counted_there_only():
    # Moved from March to April: the year it left does not count it; the report hands over both years' rows.
    schedule = [
        ScheduledMeeting(1, GROUP, D(2026, 3, 25), M.POSTPONED, postponed_to_id=2),
        ScheduledMeeting(2, GROUP, D(2026, 4, 8), M.HELD),
    ]
    occasions = meeting_occasions(schedule)
    assert count_meetings(occasions, Period(D(2025, 4, 1), D(2026, 3, 31))).planned == 0
    assert count_meetings(occasions, Period(D(2026, 4, 1), D(2027, 3, 31))).held == 1


# --- the quorum ----------------------------------------------------------------------------------


def line(role, status, agency="Council", statutory=False) -> QuorumLine:
    return QuorumLine(agency, statutory, status, role)


def test_observer_adviser_and_minute_taker_present_do_not_count_towards_the_quorum():
    register = [
        line(R.CHAIR, S.PRESENT),
        line(R.OBSERVER, S.PRESENT),
        line(R.ADVISER, S.PRESENT),
        line(R.MINUTE_TAKER, S.PRESENT),
        line(R.MEMBER, S.APOLOGIES),
    ]
    result = assess_quorum(QuorumRule(minimum=2), register)
    assert (result.quorate, result.present) == (False, 1)
    assert result.describe() == "Not quorate: 1 member present (quorum 2)."
    # A group that lets its observers vote says so, and then they count.
    observing = QuorumRule(minimum=2, counting_roles=DEFAULT_COUNTING_ROLES | {R.OBSERVER})
    assert assess_quorum(observing, register).quorate


def test_a_deputy_in_a_members_place_counts_but_not_in_an_advisers_place():
    register = [line(R.CHAIR, S.PRESENT), line(R.MEMBER, S.DEPUTY), line(R.ADVISER, S.DEPUTY)]
    assert assess_quorum(QuorumRule(minimum=2), register).present == 2
    # A group where deputies do not count: only the chair.
    no_deputies = QuorumRule(minimum=2, counting_roles=DEFAULT_COUNTING_ROLES - {R.DEPUTY})
    result = assess_quorum(no_deputies, register)
    assert (result.quorate, result.present) == (False, 1)


def test_a_statutory_partner_is_represented_only_by_a_voting_member_or_their_deputy():
    register = [
        line(R.MEMBER, S.PRESENT, "Council", True),
        line(R.OBSERVER, S.PRESENT, "Police", True),
        line(R.MEMBER, S.APOLOGIES, "Police", True),
        line(R.MEMBER, S.DEPUTY, "Health", True),
        line(R.ADVISER, S.ABSENT, "Probation", True),  # no voting seat: not expected to make the quorum
    ]
    result = assess_quorum(QuorumRule(statutory_partners_required=True), register)
    assert result.missing_partners == ("Police",)


def test_counting_roles_are_stored_as_text_and_the_default_as_nothing():
    assert counting_roles_to_text(DEFAULT_COUNTING_ROLES) is None
    assert counting_roles_from_text(None) == DEFAULT_COUNTING_ROLES
    chosen = frozenset({R.CHAIR, R.OBSERVER})
    assert counting_roles_from_text(counting_roles_to_text(chosen)) == chosen


@pytest.mark.parametrize("roles", [frozenset(), frozenset({R.DEPUTY})])
def test_a_quorum_with_no_voting_role_is_refused_in_a_sentence(roles):
    with pytest.raises(ValidationError) as raised:
        check_counting_roles(roles)
    assert raised.value.field == "counting_roles"
    assert raised.value.message.endswith(".")


# --- registers never recorded --------------------------------------------------------------------

MEETINGS = [HeldMeeting(index, GROUP, D(2026, month, 1)) for index, month in enumerate((4, 5, 6, 7, 8), start=1)]
POLICE, HEALTH = 10, 20
ANN, BEA, CAL = 100, 200, 300


def marks(person: int, *statuses) -> list[Mark]:
    return [Mark(meeting.id, person, status) for meeting, status in zip(MEETINGS, statuses, strict=False) if status]


def test_member_added_after_three_registers_is_not_a_serial_non_attender():
    # Bea's seat starts on 01/04 but she was entered after the first three registers were taken: her lines
    # there were never recorded. She came to the next two.
    seats = [Seat(ANN, GROUP, POLICE, D(2020, 1, 1), None), Seat(BEA, GROUP, HEALTH, D(2026, 4, 1), None)]
    register = marks(ANN, S.PRESENT, S.PRESENT, S.PRESENT, S.PRESENT, S.PRESENT) + marks(
        BEA, None, None, None, S.PRESENT, S.PRESENT
    )
    lines = expected_lines(MEETINGS, seats, register)
    bea = next(tally for tally in person_tallies(lines, AttendanceThresholds()) if tally.person_id == BEA)
    assert (bea.held, bea.not_recorded, bea.recorded, bea.present, bea.rate) == (5, 3, 2, 2, Fraction(1))
    assert not bea.serial
    health = next(tally for tally in agency_tallies(lines) if tally.agency_id == HEALTH)
    assert (health.expected, health.represented, health.not_recorded, health.rate) == (2, 2, 3, Fraction(1))


def test_member_left_off_the_registers_taken_before_she_was_entered_is_not_expected_there():
    late = Seat(BEA, GROUP, HEALTH, D(2026, 4, 1), None, registers_from=D(2026, 6, 2))
    lines = expected_lines(MEETINGS, [late], marks(BEA, None, S.PRESENT, None, S.APOLOGIES, S.PRESENT))
    # Not on the registers of 01/04 and 01/06 (left off), but on 01/05 since a line was recorded after all.
    assert [line.meeting.id for line in lines] == [2, 4, 5]
    [tally] = person_tallies(lines, AttendanceThresholds())
    assert (tally.held, tally.not_recorded, tally.rate) == (3, 0, Fraction(2, 3))


def test_only_recorded_lines_make_a_run_of_misses_or_a_low_rate():
    seats = [Seat(CAL, GROUP, POLICE, D(2020, 1, 1), None)]
    thresholds = AttendanceThresholds(missed_in_a_row=3, minimum_rate=50)
    # Two misses, a blank, a miss: three recorded misses in a row; rate 0 of 3.
    lines = expected_lines(MEETINGS, seats, marks(CAL, S.ABSENT, S.APOLOGIES, None, S.ABSENT, S.PRESENT))
    [tally] = person_tallies(lines, thresholds)
    assert (tally.longest_run_missed, tally.rate, tally.serial) == (3, Fraction(1, 4), True)
    # Only two recorded lines, both missed: too few to call anyone a serial non-attender by rate.
    lines = expected_lines(MEETINGS, seats, marks(CAL, S.ABSENT, None, None, S.APOLOGIES, None))
    [tally] = person_tallies(lines, thresholds)
    assert (tally.recorded, tally.rate, tally.serial) == (2, 0, False)


def test_a_held_meeting_with_no_lines_is_left_out_of_every_rate():
    seats = [Seat(ANN, GROUP, POLICE, D(2020, 1, 1), None), Seat(BEA, GROUP, HEALTH, D(2020, 1, 1), None)]
    # The meeting of 01/05 has no register at all.
    register = marks(ANN, S.PRESENT, None, S.APOLOGIES) + marks(BEA, S.PRESENT, None, S.PRESENT)
    lines = expected_lines(MEETINGS[:3], seats, register)
    people = {tally.person_id: tally for tally in person_tallies(lines, AttendanceThresholds())}
    assert (people[ANN].rate, people[ANN].not_recorded) == (Fraction(1, 2), 1)
    assert (people[BEA].rate, people[BEA].not_recorded) == (Fraction(1), 1)
    agencies = {tally.agency_id: tally for tally in agency_tallies(lines)}
    assert (agencies[POLICE].expected, agencies[POLICE].not_recorded) == (2, 1)
    turnouts = meeting_attendance(lines)
    assert (turnouts[2].recorded, turnouts[2].rate) == (0, None)
    # Three seats filled of four recorded: the empty register neither adds seats nor empties them.
    assert average_rate(turnouts.values()) == Fraction(3, 4)
