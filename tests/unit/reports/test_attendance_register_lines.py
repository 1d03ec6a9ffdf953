"""Register lines a batch at a time (the Attendance page's "Register lines" list), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from board_admin.db.models import Agency, Attendance, Group, Meeting, Person
from board_admin.domain.attendance import Period
from board_admin.domain.enums import AttendanceStatus as S
from board_admin.domain.enums import GroupKind, MeetingStatus, Sector
from board_admin.domain.financial_year import FinancialYear
from board_admin.reports.attendance import (
    REGISTER_ORDERS,
    count_register_lines,
    meeting_years,
    register_lines,
)

PERIOD = Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))


def build(database) -> dict[str, int]:
    """Two groups; four meetings in the period (one cancelled, with a register taken anyway) and one before it."""
    with database.session() as session:
        police = Agency(name="Police", sector=Sector.POLICE, statutory_partner=True)
        health = Agency(name="Health", sector=Sector.HEALTH, statutory_partner=True)
        council = Agency(name="Council", sector=Sector.LOCAL_AUTHORITY, statutory_partner=True)
        ann = Person(name="Ann", agency=police)
        bob = Person(name="Bob", agency=police)
        cat = Person(name="Cat", agency=health)
        dee = Person(name="Dee", agency=health)
        board = Group(name="Board", kind=GroupKind.BOARD)
        panel = Group(name="Panel", kind=GroupKind.PANEL, parent=board)
        session.add_all([police, health, council, ann, bob, cat, dee, board, panel])
        session.flush()
        may = Meeting(group=board, meeting_date=dt.date(2024, 5, 1), status=MeetingStatus.HELD)
        june = Meeting(group=panel, meeting_date=dt.date(2024, 6, 1), status=MeetingStatus.HELD)
        july = Meeting(group=board, meeting_date=dt.date(2024, 7, 1), status=MeetingStatus.CANCELLED)
        march = Meeting(group=board, meeting_date=dt.date(2025, 3, 31), status=MeetingStatus.HELD)
        before = Meeting(group=board, meeting_date=dt.date(2024, 3, 31), status=MeetingStatus.HELD)
        session.add_all([may, june, july, march, before])
        session.flush()
        lines = [
            (may, cat, S.DEPUTY, dee, None),
            (may, ann, S.PRESENT, None, None),
            (may, bob, S.APOLOGIES, None, council),  # representing another agency on that board
            (june, bob, S.ABSENT, None, None),
            (july, ann, S.APOLOGIES, None, None),
            (march, cat, S.PRESENT, None, None),
            (march, dee, S.GUEST, None, None),
            (before, ann, S.PRESENT, None, None),
        ]
        for meeting, person, status, deputy, agency in lines:
            session.add(Attendance(meeting=meeting, person=person, status=status, deputy=deputy, agency=agency))
        session.commit()
        return {"board": board.id, "panel": panel.id}


def seen(lines) -> list[tuple]:
    return [(line.meeting_date, line.group_name, line.person_name) for line in lines]


def test_lines_in_date_order_with_agency_deputy_and_the_meeting(database):
    ids = build(database)
    lines = register_lines(database, PERIOD, None, limit=100)
    assert seen(lines) == [
        (dt.date(2024, 5, 1), "Board", "Ann"),
        (dt.date(2024, 5, 1), "Board", "Bob"),
        (dt.date(2024, 5, 1), "Board", "Cat"),
        (dt.date(2024, 6, 1), "Panel", "Bob"),
        (dt.date(2024, 7, 1), "Board", "Ann"),
        (dt.date(2025, 3, 31), "Board", "Cat"),
        (dt.date(2025, 3, 31), "Board", "Dee"),
    ]
    by_line = {(line.meeting_date, line.person_name): line for line in lines}
    cat = by_line[(dt.date(2024, 5, 1), "Cat")]
    assert (cat.status, cat.deputy_name, cat.agency_name) == (S.DEPUTY, "Dee", "Health")
    # The agency the line was recorded for wins over the person's own.
    assert by_line[(dt.date(2024, 5, 1), "Bob")].agency_name == "Council"
    assert by_line[(dt.date(2024, 6, 1), "Bob")].agency_name == "Police"
    assert by_line[(dt.date(2024, 7, 1), "Ann")].meeting_status is MeetingStatus.CANCELLED
    assert by_line[(dt.date(2025, 3, 31), "Dee")].deputy_name is None
    assert count_register_lines(database, PERIOD, None) == 7

    board_only = register_lines(database, PERIOD, [ids["board"]], limit=100)
    assert {line.group_name for line in board_only} == {"Board"}
    assert len(board_only) == count_register_lines(database, PERIOD, [ids["board"]]) == 6
    assert register_lines(database, PERIOD, [], limit=100) == []
    assert count_register_lines(database, PERIOD, []) == 0
    assert count_register_lines(database, Period(dt.date(2024, 3, 31), dt.date(2024, 3, 31))) == 1


@pytest.mark.parametrize("order", REGISTER_ORDERS)
@pytest.mark.parametrize("descending", [False, True])
def test_batches_after_the_last_key_make_the_whole_list(database, order, descending):
    build(database)
    whole = register_lines(database, PERIOD, None, limit=100, order=order, descending=descending)
    assert len(whole) == 7
    batches, after = [], None
    while True:
        batch = register_lines(database, PERIOD, None, limit=2, after=after, order=order, descending=descending)
        if not batch:
            break
        assert len(batch) <= 2
        batches.extend(batch)
        after = batch[-1].key
    assert [line.attendance_id for line in batches] == [line.attendance_id for line in whole]
    # And counting instead of following keys gives the same pages.
    for offset in range(0, 7, 3):
        page = register_lines(database, PERIOD, None, offset=offset, limit=3, order=order, descending=descending)
        assert page == whole[offset : offset + 3]


def test_other_orders_sort_the_whole_list(database):
    build(database)
    people = [line.person_name for line in register_lines(database, PERIOD, None, order="person")]
    assert people == ["Ann", "Ann", "Bob", "Bob", "Cat", "Cat", "Dee"]
    backwards = register_lines(database, PERIOD, None, order="date", descending=True)
    assert backwards[0].meeting_date == dt.date(2025, 3, 31)
    assert backwards[-1].meeting_date == dt.date(2024, 5, 1)
    deputies = [line.deputy_name for line in register_lines(database, PERIOD, None, order="deputy", descending=True)]
    assert deputies[0] == "Dee"
    with pytest.raises(ValueError):
        register_lines(database, PERIOD, None, order="shoe size")


def test_meeting_years_run_from_the_first_meeting_to_the_last(database):
    assert meeting_years(database) == []
    build(database)
    assert meeting_years(database) == [FinancialYear(2024), FinancialYear(2023)]
