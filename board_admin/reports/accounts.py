"""Read-side rows for the accounts and audit screens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from board_admin.db.engine import Database
from board_admin.db.models import AuditEntry, User
from board_admin.domain.enums import UserRole


@dataclass(frozen=True)
class AccountRow:
    id: int
    username: str
    display_name: str
    roles: frozenset[UserRole]
    active: bool
    version: int


def account_rows(database: Database) -> list[AccountRow]:
    with database.session() as session:
        return [
            AccountRow(
                user.id,
                user.username,
                user.display_name,
                frozenset(UserRole(value) for value in user.roles.split(",") if value),
                user.active,
                user.version,
            )
            for user in session.scalars(select(User).order_by(func.lower(User.username)))
        ]


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime  # UTC
    username: str
    entity: str
    entity_id: int | None
    operation: str
    before: str | None
    after: str | None


def audit_rows(
    database: Database,
    *,
    username: str | None = None,
    entity: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int | None = 5000,
) -> list[AuditRow]:
    """The newest entries first, filtered by who, what kind of record and when (dates inclusive)."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if username:
        query = query.where(AuditEntry.username == username)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if start:
        query = query.where(AuditEntry.at >= dt.datetime.combine(start, dt.time.min))
    if end:
        query = query.where(AuditEntry.at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    if limit:
        query = query.limit(limit)
    with database.session() as session:
        return [
            AuditRow(e.id, e.at, e.username, e.entity, e.entity_id, e.operation, e.before, e.after)
            for e in session.scalars(query)
        ]


def audit_usernames(database: Database) -> list[str]:
    """Everyone who appears in the audit trail, for the screen's filter."""
    with database.session() as session:
        return list(session.scalars(select(AuditEntry.username).distinct().order_by(AuditEntry.username)))
