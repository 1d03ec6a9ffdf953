"""Issue 17, item 7: forms keep to the same rules as the import (domain/dates.py, domain/numbers.py): dates
between 1900 and 2100, whole numbers that fit their columns. Run on SQLite and PostgreSQL, where a quorum of
10^19 used to end in OverflowError or a driver error rather than a sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from board_admin.domain.enums import GroupKind
from board_admin.domain.errors import ValidationError
from board_admin.services import meetings, structure


def test_a_meeting_dated_in_the_year_one_is_refused_beside_its_date(database):
    group_id = structure.create_group(database, structure.GroupFields("Board", GroupKind.BOARD))
    with pytest.raises(ValidationError, match="dates run from 01/01/1900 to 31/12/2100") as refused:
        meetings.create_meeting(database, meetings.MeetingFields(group_id, dt.date(1, 1, 1)))
    assert refused.value.field == "meeting_date"
    with pytest.raises(ValidationError, match="dates run from"):
        meetings.create_meeting(database, meetings.MeetingFields(group_id, dt.date(9999, 12, 31)))
    assert meetings.create_meeting(database, meetings.MeetingFields(group_id, dt.date(2100, 12, 31)))


def test_a_quorum_larger_than_its_column_is_refused_beside_it(database):
    with pytest.raises(ValidationError, match="too large") as refused:
        structure.create_group(database, structure.GroupFields("Board", GroupKind.BOARD, quorum=10**19))
    assert refused.value.field == "quorum"
    assert structure.create_group(database, structure.GroupFields("Board", GroupKind.BOARD, quorum=2_147_483_647))


def test_a_group_starting_before_1900_is_refused(database):
    with pytest.raises(ValidationError, match="dates run from") as refused:
        structure.create_group(
            database, structure.GroupFields("Board", GroupKind.BOARD, start_date=dt.date(1899, 12, 31))
        )
    assert refused.value.field == "start_date"
