"""Dates as people type them, and people in surname order."""

from __future__ import annotations

import datetime as dt

import pytest

from board_admin.domain.dates import UnreadableDateError, parse_date
from board_admin.domain.names import surname_key

APRIL_FOOLS = dt.date(2026, 4, 1)


@pytest.mark.parametrize(
    "typed",
    [
        "01/04/2026",
        "1/4/2026",
        "01042026",
        "1 Apr 2026",
        "1 April 2026",
        "1-4-2026",
        "1.4.26",
        " 01/04/2026 ",
        "2026-04-01",
    ],
)
def test_every_way_of_writing_a_date_gives_that_date(typed):
    assert parse_date(typed) == APRIL_FOOLS


def test_blank_is_no_date():
    assert parse_date("  ") is None


@pytest.mark.parametrize(
    "typed",
    ["Microsoft", "31/02/2026", "01/13/2026", "1/4/202", "0104202", "01/04/2026 10:00", "1 Foo 2026", "01/04/2201"],
)
def test_anything_else_is_refused_with_a_sentence_never_guessed(typed):
    with pytest.raises(UnreadableDateError) as refused:
        parse_date(typed)
    assert "date" in str(refused.value)


def test_people_sort_by_surname_whatever_their_title():
    names = ["Cllr Jane Smith", "Dr Anil Patel", "Zoe Adams", "DCI Ben Okafor", "Anna van der Berg", "Prof. Ann Lee"]
    assert sorted(names, key=surname_key) == [
        "Zoe Adams",
        "Prof. Ann Lee",
        "DCI Ben Okafor",
        "Dr Anil Patel",
        "Cllr Jane Smith",
        "Anna van der Berg",  # under V, as "Van der Berg"
    ]
