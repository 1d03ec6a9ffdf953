import datetime as dt

import pytest

from board_admin.domain.enums import Frequency
from board_admin.domain.errors import ValidationError
from board_admin.domain.schedule import LAST, SchedulePlan, ScheduleRule, nth_weekday

TUESDAY, THURSDAY, FRIDAY = 1, 3, 4


def test_second_tuesday_bi_monthly_over_a_year():
    rule = ScheduleRule(Frequency.BI_MONTHLY, weekday=TUESDAY, week=2)
    dates = rule.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert dates == [
        dt.date(2025, 1, 14),
        dt.date(2025, 3, 11),
        dt.date(2025, 5, 13),
        dt.date(2025, 7, 8),
        dt.date(2025, 9, 9),
        dt.date(2025, 11, 11),
    ]
    assert all(day.weekday() == TUESDAY and 8 <= day.day <= 14 for day in dates)


def test_last_thursday_monthly_across_a_leap_february():
    rule = ScheduleRule(Frequency.MONTHLY, weekday=THURSDAY, week=LAST)
    dates = rule.dates(dt.date(2024, 1, 1), dt.date(2024, 4, 30))
    assert dates == [dt.date(2024, 1, 25), dt.date(2024, 2, 29), dt.date(2024, 3, 28), dt.date(2024, 4, 25)]


def test_a_day_of_month_beyond_a_months_end_falls_on_its_last_day():
    rule = ScheduleRule(Frequency.MONTHLY, day_of_month=31)
    dates = rule.dates(dt.date(2023, 1, 1), dt.date(2023, 6, 30))
    assert dates == [
        dt.date(2023, 1, 31),
        dt.date(2023, 2, 28),
        dt.date(2023, 3, 31),
        dt.date(2023, 4, 30),
        dt.date(2023, 5, 31),
        dt.date(2023, 6, 30),
    ]


@pytest.mark.parametrize(("year", "expected"), [(2024, 29), (2023, 28), (2000, 29), (2100, 28)])
def test_the_29th_of_february_only_in_leap_years(year, expected):
    rule = ScheduleRule(Frequency.QUARTERLY, day_of_month=29)
    dates = rule.dates(dt.date(year, 2, 1), dt.date(year, 12, 31))
    assert dates == [dt.date(year, 2, expected), dt.date(year, 5, 29), dt.date(year, 8, 29), dt.date(year, 11, 29)]


def test_quarterly_counts_from_the_first_month_and_crosses_the_year_end():
    rule = ScheduleRule(Frequency.QUARTERLY, weekday=FRIDAY, week=1)
    dates = rule.dates(dt.date(2025, 11, 1), dt.date(2026, 8, 31))
    assert dates == [dt.date(2025, 11, 7), dt.date(2026, 2, 6), dt.date(2026, 5, 1), dt.date(2026, 8, 7)]


def test_the_first_months_date_before_the_start_is_left_out():
    rule = ScheduleRule(Frequency.MONTHLY, weekday=TUESDAY, week=2)
    assert rule.dates(dt.date(2025, 1, 20), dt.date(2025, 3, 1)) == [dt.date(2025, 2, 11)]


def test_weekly_with_skipped_dates():
    rule = ScheduleRule(Frequency.WEEKLY, weekday=FRIDAY)
    plan = SchedulePlan(rule, dt.date(2025, 12, 1), dt.date(2026, 1, 10), frozenset({dt.date(2025, 12, 26)}))
    assert plan.dates() == [
        dt.date(2025, 12, 5),
        dt.date(2025, 12, 12),
        dt.date(2025, 12, 19),
        dt.date(2026, 1, 2),
        dt.date(2026, 1, 9),
    ]


def test_nth_weekday_fourth_and_last_differ_in_a_five_week_month():
    assert nth_weekday(2025, 10, THURSDAY, 4) == dt.date(2025, 10, 23)
    assert nth_weekday(2025, 10, THURSDAY, LAST) == dt.date(2025, 10, 30)


def test_describe_in_the_business_units_words():
    rule = ScheduleRule(Frequency.BI_MONTHLY, weekday=TUESDAY, week=2, start_time=dt.time(10), end_time=dt.time(12))
    assert rule.describe() == "Bi-monthly, second Tuesday, 10:00-12:00"
    assert ScheduleRule(Frequency.MONTHLY, day_of_month=22).describe() == "Monthly, on the 22nd"
    assert ScheduleRule(Frequency.WEEKLY, weekday=FRIDAY).describe() == "Weekly, every Friday"


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        (ScheduleRule(Frequency.AS_REQUIRED, weekday=1, week=1), "frequency"),
        (ScheduleRule(Frequency.MONTHLY, weekday=1), "week"),
        (ScheduleRule(Frequency.MONTHLY, week=2), "weekday"),
        (ScheduleRule(Frequency.MONTHLY, day_of_month=32), "day_of_month"),
        (ScheduleRule(Frequency.WEEKLY, weekday=1, start_time=dt.time(12), end_time=dt.time(10)), "end_time"),
    ],
)
def test_incomplete_rules_are_refused_naming_the_field(rule, field):
    with pytest.raises(ValidationError) as caught:
        rule.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert caught.value.field == field
