"""What the Boards and groups page needs beyond the lists: a group's whole membership history, and the parts
of a group the forms edit that the list rows do not carry (the quorum's statutory partner rule and counting
roles, the version that detects a stale edit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from board_admin.db.engine import Database
from board_admin.db.models import Group, Membership
from board_admin.domain.enums import MemberRole
from board_admin.domain.names import surname_key
from board_admin.domain.quorum import DEFAULT_COUNTING_ROLES, counting_roles_from_text
from board_admin.reports.lists import MemberRow, member_rows


@dataclass(frozen=True)
class GroupRecord:
    id: int
    version: int
    statutory_partners_required: bool
    counting_roles: frozenset[MemberRole] = DEFAULT_COUNTING_ROLES


def group_record(database: Database, group_id: int) -> GroupRecord | None:
    with database.session() as session:
        row = session.execute(
            select(Group.id, Group.version, Group.statutory_partners_required, Group.quorum_roles).where(
                Group.id == group_id
            )
        ).one_or_none()
    return GroupRecord(row[0], row[1], row[2], counting_roles_from_text(row[3])) if row else None


def membership_history(database: Database, group_id: int, on_date: dt.date) -> list[MemberRow]:
    """Every membership the group has had, past, current and future: those current on `on_date` first, then
    the ones still to start, then the past ones latest first; by name within each."""
    rows = member_rows(database, Membership.group_id == group_id)

    def standing(row: MemberRow) -> tuple:
        if row.start_date > on_date:
            return (1, row.start_date.toordinal())
        if row.end_date is not None and row.end_date < on_date:
            return (2, -row.end_date.toordinal())
        return (0, 0)

    return sorted(rows, key=lambda row: (standing(row), surname_key(row.person_name), row.start_date))
