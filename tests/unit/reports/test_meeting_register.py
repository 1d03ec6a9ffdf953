"""The register of one meeting (reports/meetings.register), as the meeting window and the minutes read it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from board_admin.db.models import Membership
from board_admin.domain.enums import AttendanceStatus
from board_admin.reports.meetings import register
from board_admin.services import meetings as m
from board_admin.services import structure as s
from tests.sample_world import CHILDREN_BOARD

TODAY = dt.date(2025, 6, 15)


def test_a_line_kept_for_someone_no_longer_a_member_names_their_deputys_agency(database, with_world):
    """Ben Okafor's deputy stood in at the meeting; his seat was later ended before that date. His line stays
    on the register, with his deputy's agency, and no apology in advance (he sent none)."""
    world = with_world(database, TODAY)
    meeting, ben = world.meetings["board-1"], world.people["Ben Okafor"]
    m.set_attendance(database, meeting, ben, AttendanceStatus.DEPUTY)
    with database.session() as session:
        seat = session.scalar(
            select(Membership.id).where(
                Membership.person_id == ben, Membership.group_id == world.groups[CHILDREN_BOARD]
            )
        )
    s.end_membership(database, seat, TODAY - dt.timedelta(days=160))

    [line] = [line for line in register(database, meeting).lines if line.person_id == ben]
    assert line.role is None
    assert line.deputy_name == "Frank Hollis"
    assert line.deputy_agency_name == "Cambridgeshire Constabulary"
    assert line.apology_received_on is None
    assert line.deputising == "Frank Hollis (Cambridgeshire Constabulary) deputising for Ben Okafor"
