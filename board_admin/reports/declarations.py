"""Declarations of interest: a meeting's, for its minutes and its window, and the register per group and year.

The minutes and the register read these same rows, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from board_admin.db.engine import Database
from board_admin.db.models import Agency, AgendaItem, Declaration, Group, Meeting, Person
from board_admin.domain.enums import InterestAction, InterestKind
from board_admin.domain.financial_year import FinancialYear
from board_admin.reports.lists import KeptAtAMeeting, kept_at_a_meeting


@dataclass(frozen=True)
class DeclarationRow(KeptAtAMeeting):
    person_id: int
    person_name: str
    agency_name: str | None
    interest: str
    kind: InterestKind
    action: InterestAction
    agenda_item_id: int | None
    item_position: int | None
    item_title: str | None

    @property
    def about(self) -> str:
        """ "Item 4: Budget", or the meeting as a whole."""
        if self.item_position is None:
            return "The meeting's business"
        return f"Item {self.item_position}: {self.item_title}"


def _query():
    return (
        select(
            *kept_at_a_meeting(Declaration),
            Declaration.person_id,
            Person.name,
            Agency.name,
            Declaration.interest,
            Declaration.kind,
            Declaration.action,
            Declaration.agenda_item_id,
            AgendaItem.position,
            AgendaItem.title,
        )
        .join(Meeting, Meeting.id == Declaration.meeting_id)
        .join(Group, Group.id == Meeting.group_id)
        .join(Person, Person.id == Declaration.person_id)
        .outerjoin(Agency, Agency.id == Person.agency_id)
        .outerjoin(AgendaItem, AgendaItem.id == Declaration.agenda_item_id)
    )


def meeting_declarations(database: Database, meeting_id: int) -> list[DeclarationRow]:
    """The meeting's declarations: those about the whole meeting first, then by agenda item, then by name."""
    with database.session() as session:
        return declarations_read(session, meeting_id)


def declarations_read(session: Session, meeting_id: int) -> list[DeclarationRow]:
    """`meeting_declarations` in a session already open (the minutes read the whole meeting in one)."""
    rows = [DeclarationRow(*row) for row in session.execute(_query().where(Declaration.meeting_id == meeting_id))]
    return sorted(rows, key=lambda row: (row.item_position or 0, row.person_name.casefold(), row.id))


def interests_register(
    database: Database, group_id: int | None = None, year: FinancialYear | None = None
) -> list[DeclarationRow]:
    """Every declaration, by group and meeting date, optionally of one group and one financial year."""
    query = _query()
    if group_id is not None:
        query = query.where(Meeting.group_id == group_id)
    if year is not None:
        query = query.where(Meeting.meeting_date >= year.start, Meeting.meeting_date <= year.end)
    with database.session() as session:
        rows = [DeclarationRow(*row) for row in session.execute(query)]
    return sorted(
        rows,
        key=lambda row: (row.group_name.casefold(), row.meeting_date, row.item_position or 0, row.person_name, row.id),
    )
