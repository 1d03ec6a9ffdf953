import datetime as dt

from board_admin.domain.retention import Retention, copies_to_keep


def test_nothing_to_keep_of_nothing():
    assert copies_to_keep([]) == set()


def test_the_newest_copy_of_each_day_week_and_month():
    start = dt.datetime(2026, 1, 1, 9, 0)
    # Three copies a day for 120 days.
    made = [start + dt.timedelta(days=day, hours=hour) for day in range(120) for hour in (0, 4, 8)]
    kept = copies_to_keep(made, Retention(daily=3, weekly=2, monthly=2))
    newest = max(made)
    last_days = {newest.date() - dt.timedelta(days=n) for n in range(3)}
    daily = {moment for moment in kept if moment.date() in last_days}
    assert daily == {dt.datetime.combine(day, dt.time(17, 0)) for day in last_days}
    # Months: the newest copy of April (the newest overall) and of March.
    assert dt.datetime(2026, 3, 31, 17, 0) in kept
    assert len(kept) <= 3 + 2 + 2
    assert min(kept) >= dt.datetime(2026, 3, 1)
    assert newest in kept


def test_a_single_copy_is_kept():
    only = dt.datetime(2026, 5, 1, 12, 0)
    assert copies_to_keep([only], Retention(daily=0, weekly=0, monthly=0)) == {only}
