"""The attendance rules on small hand-made registers with known answers."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from board_admin.domain.attendance import (
    AttendanceThresholds,
    HeldMeeting,
    Mark,
    Period,
    Seat,
    agency_tallies,
    average_rate,
    band,
    expected_lines,
    matrix_code,
    meeting_attendance,
    percent_text,
    person_tallies,
)
from board_admin.domain.enums import AttendanceStatus as S
from board_admin.domain.enums import Rag
from board_admin.domain.errors import ValidationError

GROUP = 1
POLICE, HEALTH = 10, 20
ANN, BOB, CAT = 100, 200, 300  # Ann and Bob police, Cat health
M1, M2, M3, M4 = (
    HeldMeeting(1, GROUP, dt.date(2024, 5, 1)),
    HeldMeeting(2, GROUP, dt.date(2024, 7, 1)),
    HeldMeeting(3, GROUP, dt.date(2024, 9, 1)),
    HeldMeeting(4, GROUP, dt.date(2024, 11, 1)),
)
MEETINGS = [M1, M2, M3, M4]
DEFAULTS = AttendanceThresholds()


def seat(person: int, agency: int, start=dt.date(2020, 1, 1), end=None) -> Seat:
    return Seat(person, GROUP, agency, start, end)


def marks(person: int, *statuses) -> list[Mark]:
    return [Mark(meeting.id, person, status) for meeting, status in zip(MEETINGS, statuses, strict=False) if status]


def tally_of(tallies, person):
    return next(t for t in tallies if t.person_id == person)


def test_a_deputy_counts_for_the_agency_not_for_the_person():
    lines = expected_lines(MEETINGS, [seat(CAT, HEALTH)], marks(CAT, S.PRESENT, S.DEPUTY, S.DEPUTY, S.PRESENT))
    cat = tally_of(person_tallies(lines, DEFAULTS), CAT)
    assert (cat.held, cat.present, cat.deputy, cat.rate) == (4, 2, 2, Fraction(1, 2))
    [health] = agency_tallies(lines)
    assert (health.expected, health.represented, health.rate) == (4, 4, Fraction(1))


def test_joiners_and_leavers_are_expected_only_while_members():
    seats = [seat(ANN, POLICE, start=dt.date(2024, 8, 1)), seat(CAT, HEALTH, end=dt.date(2024, 7, 1))]
    lines = expected_lines(
        MEETINGS, seats, marks(ANN, None, None, S.PRESENT, S.ABSENT) + marks(CAT, S.PRESENT, S.PRESENT)
    )
    tallies = person_tallies(lines, DEFAULTS)
    assert (tally_of(tallies, ANN).held, tally_of(tallies, ANN).present) == (2, 1)
    # Cat left on the day of the second meeting (end date included) and is not counted absent after it.
    assert (tally_of(tallies, CAT).held, tally_of(tallies, CAT).absent, tally_of(tallies, CAT).rate) == (2, 0, 1)
    by_agency = {t.agency_id: t for t in agency_tallies(lines)}
    assert (by_agency[POLICE].expected, by_agency[POLICE].represented) == (2, 1)
    assert (by_agency[HEALTH].expected, by_agency[HEALTH].represented) == (2, 2)


def test_an_agency_with_two_members_at_one_meeting_counts_each_meeting_once():
    seats = [seat(ANN, POLICE), seat(BOB, POLICE)]
    lines = expected_lines(
        MEETINGS,
        seats,
        marks(ANN, S.PRESENT, S.APOLOGIES, S.ABSENT, S.PRESENT) + marks(BOB, S.PRESENT, S.ABSENT, S.DEPUTY),
    )
    [police] = agency_tallies(lines)
    # M1 both came, M2 neither, M3 Bob sent a deputy, M4 Ann came (Bob unmarked).
    assert (police.expected, police.represented) == (4, 3)
    assert [came for _, came in police.meetings] == [True, False, True, True]


def test_only_held_meetings_count_and_a_group_with_none_has_no_rate():
    # The report passes held meetings only; a cancelled meeting never reaches the rules.
    lines = expected_lines([], [seat(ANN, POLICE)], [])
    assert person_tallies(lines, DEFAULTS) == []
    assert agency_tallies(lines) == []
    assert average_rate(meeting_attendance(lines).values()) is None
    assert percent_text(None) == "–"


def test_serial_non_attendance_by_a_run_of_misses_or_a_low_rate():
    seats = [seat(ANN, POLICE), seat(BOB, POLICE), seat(CAT, HEALTH)]
    lines = expected_lines(
        MEETINGS,
        seats,
        marks(ANN, S.APOLOGIES, S.ABSENT, S.DEPUTY, S.PRESENT)
        + marks(BOB, S.PRESENT, S.APOLOGIES, S.PRESENT, S.APOLOGIES)
        + marks(CAT, S.PRESENT, S.PRESENT, S.APOLOGIES, S.PRESENT),
    )
    tallies = person_tallies(lines, DEFAULTS)
    ann, bob, cat = (tally_of(tallies, who) for who in (ANN, BOB, CAT))
    assert (ann.longest_run_missed, ann.serial) == (3, True)
    assert ann.reason == "Missed 3 in a row; attended 25%, under 50%"
    assert (bob.rate, bob.serial) == (Fraction(1, 2), False)  # 50% is not under 50%
    assert not cat.serial
    strict = AttendanceThresholds(missed_in_a_row=2, minimum_rate=60)
    again = person_tallies(lines, strict)
    assert tally_of(again, BOB).reason == "Attended 50%, under 60%"


def test_unrecorded_lines_neither_count_as_missed_nor_break_a_run():
    lines = expected_lines(MEETINGS, [seat(ANN, POLICE)], marks(ANN, S.ABSENT, None, S.ABSENT, S.ABSENT))
    ann = tally_of(person_tallies(lines, DEFAULTS), ANN)
    assert (ann.not_recorded, ann.longest_run_missed, ann.held, ann.rate) == (1, 3, 4, 0)


def test_one_missed_meeting_does_not_make_a_serial_non_attender():
    lines = expected_lines([M1], [seat(ANN, POLICE)], marks(ANN, S.APOLOGIES))
    assert not tally_of(person_tallies(lines, DEFAULTS), ANN).serial


def test_bands_and_their_thresholds():
    assert band(Fraction(3, 4), DEFAULTS) is Rag.GREEN
    assert band(Fraction(74, 100), DEFAULTS) is Rag.AMBER
    assert band(Fraction(1, 2), DEFAULTS) is Rag.AMBER
    assert band(Fraction(49, 100), DEFAULTS) is Rag.RED
    assert band(None, DEFAULTS) is None
    assert band(Fraction(9, 10), AttendanceThresholds(green_from=95, amber_from=90)) is Rag.AMBER


@pytest.mark.parametrize(
    ("thresholds", "field"),
    [
        (AttendanceThresholds(missed_in_a_row=0), "missed_in_a_row"),
        (AttendanceThresholds(minimum_rate=101), "minimum_rate"),
        (AttendanceThresholds(green_from=60, amber_from=70), "amber_from"),
    ],
)
def test_thresholds_out_of_range_are_refused_naming_the_field(thresholds, field):
    with pytest.raises(ValidationError) as raised:
        thresholds.validate()
    assert raised.value.field == field


def test_turnout_and_matrix_codes():
    seats = [seat(ANN, POLICE), seat(CAT, HEALTH)]
    lines = expected_lines([M1], seats, marks(ANN, S.DEPUTY) + marks(CAT, S.ABSENT))
    turnout = meeting_attendance(lines)[M1.id]
    assert (turnout.expected, turnout.attended, turnout.rate) == (2, 1, Fraction(1, 2))
    assert [matrix_code(line) for line in lines] == ["D", "X"]
    assert matrix_code(None) == ""


def test_period_label_and_order():
    assert Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31)).label == "financial year 2024-25"
    assert Period(dt.date(2024, 4, 1), dt.date(2024, 6, 30)).label == "01/04/2024 to 30/06/2024"
    with pytest.raises(ValidationError):
        Period(dt.date(2024, 6, 1), dt.date(2024, 5, 1))
