"""The papers of a meeting's agenda, for the meeting window, the command line and the agenda pack."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from board_admin.db.engine import Database
from board_admin.db.models import AgendaItem, Paper, PaperVersion
from board_admin.domain.dates import format_date
from board_admin.domain.errors import NotFoundError
from board_admin.domain.papers import PaperKind


@dataclass(frozen=True)
class PaperVersionRow:
    """One file received for a paper."""

    number: int
    file_name: str
    kind: PaperKind
    size: int
    pages: int | None
    received_at: dt.datetime
    received_by: str
    late: bool

    @property
    def is_pdf(self) -> bool:
        return self.kind is PaperKind.PDF

    @property
    def described(self) -> str:
        when = f"{format_date(self.received_at.date())} {self.received_at:%H:%M}"
        late = ", late paper" if self.late else ""
        return f"Version {self.number}: {self.file_name}, received {when} by {self.received_by}{late}"


@dataclass(frozen=True)
class PaperRow(PaperVersionRow):
    """A paper as it stands: its newest version's file (`number` 1 for a paper never replaced), and where the
    paper sits on the agenda."""

    id: int
    version: int  # the record's, for a replacement made from an out-of-date screen
    agenda_item_id: int
    item_position: int
    item_title: str
    position: int

    @property
    def described(self) -> str:
        """As the agenda panel and the pack list it: "report.pdf (version 2, late paper)"."""
        notes = []
        if self.number > 1:
            notes.append(f"version {self.number}")
        if self.late:
            notes.append("late paper")
        return self.file_name + (f" ({', '.join(notes)})" if notes else "")


# A version's columns in `PaperVersionRow`'s order.
_VERSION_COLUMNS = (
    PaperVersion.number,
    PaperVersion.file_name,
    PaperVersion.kind,
    PaperVersion.size,
    PaperVersion.pages,
    PaperVersion.received_at,
    PaperVersion.received_by,
    PaperVersion.late,
)


def _current_query():
    return (
        select(
            *_VERSION_COLUMNS,
            Paper.id,
            Paper.version,
            Paper.agenda_item_id,
            AgendaItem.position,
            AgendaItem.title,
            Paper.position,
        )
        .join(AgendaItem, AgendaItem.id == Paper.agenda_item_id)
        .join(PaperVersion, (PaperVersion.paper_id == Paper.id) & (PaperVersion.number == Paper.current_number))
        .order_by(AgendaItem.position, Paper.position)
    )


def _row(row_class, values):
    values = list(values)
    values[2] = PaperKind(values[2])
    return row_class(*values)


def meeting_papers(database: Database, meeting_id: int) -> list[PaperRow]:
    """Every paper on the meeting's agenda, in agenda order and then in the order attached."""
    with database.session() as session:
        rows = session.execute(_current_query().where(AgendaItem.meeting_id == meeting_id))
        return [_row(PaperRow, row) for row in rows]


def paper_row(database: Database, paper_id: int) -> PaperRow:
    with database.session() as session:
        row = session.execute(_current_query().where(Paper.id == paper_id)).one_or_none()
        if row is None:
            raise NotFoundError("The paper you asked for no longer exists; it may have been removed.")
        return _row(PaperRow, row)


def paper_versions(database: Database, paper_id: int) -> list[PaperVersionRow]:
    """Every file received for the paper, the newest first."""
    query = select(*_VERSION_COLUMNS).where(PaperVersion.paper_id == paper_id).order_by(PaperVersion.number.desc())
    with database.session() as session:
        return [_row(PaperVersionRow, row) for row in session.execute(query)]


def paper_content(database: Database, paper_id: int, number: int | None = None) -> tuple[str, bytes]:
    """The file name and content of a version of the paper (default: the newest)."""
    with database.session() as session:
        paper = session.get(Paper, paper_id)
        if paper is None:
            raise NotFoundError("The paper you asked for no longer exists; it may have been removed.")
        stored = session.scalar(
            select(PaperVersion).where(
                PaperVersion.paper_id == paper_id, PaperVersion.number == (number or paper.current_number)
            )
        )
        if stored is None:
            raise NotFoundError(f"The paper has no version {number}.")
        return stored.file_name, bytes(stored.content)


def agenda_item_at(database: Database, meeting_id: int, position: int) -> int:
    """The id of the meeting's agenda item numbered `position`, or a sentence saying the agenda has no such item."""
    with database.session() as session:
        found = session.scalar(
            select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id, AgendaItem.position == position)
        )
        if found is None:
            count = session.scalar(select(func.count()).where(AgendaItem.meeting_id == meeting_id))
            has = f"its items are numbered 1 to {count}" if count else "its agenda has no items yet"
            raise NotFoundError(f"The meeting has no agenda item {position}: {has}.")
        return found


def listed_paper_rows(database: Database) -> list[dict[str, object]]:
    """Every paper's newest version as the workbook's Papers sheet lists it (domain.workbook_format.PAPERS)."""
    from board_admin.db.models import Group, Meeting

    query = (
        select(
            Group.name,
            Meeting.meeting_date,
            AgendaItem.position,
            Paper.position,
            PaperVersion.file_name,
            PaperVersion.number,
            PaperVersion.kind,
            PaperVersion.size,
            PaperVersion.received_at,
            PaperVersion.late,
        )
        .join(AgendaItem, AgendaItem.id == Paper.agenda_item_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .join(Group, Group.id == Meeting.group_id)
        .join(PaperVersion, (PaperVersion.paper_id == Paper.id) & (PaperVersion.number == Paper.current_number))
    )
    keys = ("group", "meeting_date", "item", "position", "file_name", "number", "kind", "size", "received_at", "late")
    with database.session() as session:
        rows = [dict(zip(keys, row, strict=True)) for row in session.execute(query)]
    for row in rows:
        row["kind"] = PaperKind(row["kind"]).label
    return rows
