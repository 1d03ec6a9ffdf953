"""The decision register: every decision recorded under an agenda item, across meetings.

The meeting window, the minutes and the register export all read these rows, so the register and the
minutes of the same meeting say the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from board_admin.db.engine import Database
from board_admin.db.models import AgendaItem, Decision, Group, Meeting
from board_admin.domain.decisions import decision_reference
from board_admin.domain.errors import NotFoundError
from board_admin.domain.financial_year import FinancialYear


@dataclass(frozen=True)
class DecisionRow:
    id: int
    reference: str
    text: str
    group_id: int
    group_name: str
    year: FinancialYear
    number: int
    meeting_id: int
    meeting_date: dt.date
    item_position: int
    item_title: str


def _query():
    return (
        select(
            Decision.id,
            Group.name,
            Group.short_name,
            Decision.year_start,
            Decision.number,
            Decision.text,
            Decision.group_id,
            Meeting.id,
            Meeting.meeting_date,
            AgendaItem.position,
            AgendaItem.title,
        )
        .join(AgendaItem, AgendaItem.id == Decision.agenda_item_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .join(Group, Group.id == Decision.group_id)
    )


def _rows(session: Session, query) -> list[DecisionRow]:
    rows = []
    for id_, group, short, year_start, number, text, group_id, meeting_id, day, position, title in session.execute(
        query
    ):
        year = FinancialYear(year_start)
        rows.append(
            DecisionRow(
                id_,
                decision_reference(group, short, year, number),
                text,
                group_id,
                group,
                year,
                number,
                meeting_id,
                day,
                position,
                title,
            )
        )
    return rows


def meeting_decisions(database: Database, meeting_id: int) -> list[DecisionRow]:
    """A meeting's decisions in agenda order."""
    with database.session() as session:
        return decisions_read(session, meeting_id)


def decisions_read(session: Session, meeting_id: int) -> list[DecisionRow]:
    """`meeting_decisions` in a session already open (the minutes read the whole meeting in one)."""
    query = _query().where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position, Decision.position)
    return _rows(session, query)


def group_id_named(database: Database, name: str) -> int:
    with database.session() as session:
        group_id = session.scalar(select(Group.id).where(func.lower(Group.name) == name.strip().lower()))
    if group_id is None:
        raise NotFoundError(f"There is no group called '{name}'.")
    return group_id


def decision_register(
    database: Database,
    group_id: int | None = None,
    year: FinancialYear | None = None,
    search: str | None = None,
) -> list[DecisionRow]:
    """The register, newest meeting first; `search` finds words in the decision, the item or the reference."""
    query = _query()
    if group_id is not None:
        query = query.where(Decision.group_id == group_id)
    if year is not None:
        query = query.where(Decision.year_start == year.start_year)
    query = query.order_by(Meeting.meeting_date.desc(), Group.name, AgendaItem.position, Decision.position)
    with database.session() as session:
        rows = _rows(session, query)
    words = (search or "").casefold().split()
    if words:
        rows = [
            row
            for row in rows
            if all(word in f"{row.reference} {row.text} {row.item_title} {row.group_name}".casefold() for word in words)
        ]
    return rows
