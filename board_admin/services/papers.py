"""Papers attached to agenda items: attach, replace with a new version, remove.

Each public function is one use case in one transaction, like services/governance.py. The file is checked
(domain.papers.check_paper_file) before anything is written, so a refused file leaves nothing half-attached.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from board_admin.db.engine import Database
from board_admin.db.models import AgendaItem, Meeting, Paper, PaperVersion
from board_admin.domain.papers import PaperFile, check_paper_file, is_late
from board_admin.domain.permissions import Permission
from board_admin.services.structure import check_version, get_or_fail
from board_admin.services.uow import UnitOfWork


def _now(received_at: dt.datetime | None) -> dt.datetime:
    return received_at or dt.datetime.now().replace(microsecond=0)


def _new_version(uow: UnitOfWork, paper: Paper, number: int, checked: PaperFile, received_at: dt.datetime) -> None:
    meeting_date = uow.session.scalar(
        select(Meeting.meeting_date)
        .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.id == paper.agenda_item_id)
    )
    uow.session.add(
        PaperVersion(
            paper_id=paper.id,
            number=number,
            file_name=checked.file_name,
            kind=checked.kind.value,
            size=len(checked.content),
            pages=checked.pages,
            received_at=received_at,
            received_by=uow.database.actor.username,
            late=is_late(received_at.date(), meeting_date),
            content=checked.content,
        )
    )


def add_paper(
    db: Database, agenda_item_id: int, file_name: str, content: bytes, received_at: dt.datetime | None = None
) -> int:
    """Attaches a file to an agenda item as a new paper (after the item's other papers); returns its id."""
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        item = get_or_fail(uow.session, AgendaItem, agenda_item_id, "agenda item")
        checked = check_paper_file(file_name, content)
        last = uow.session.scalar(select(func.max(Paper.position)).where(Paper.agenda_item_id == item.id)) or 0
        paper = Paper(agenda_item_id=item.id, position=last + 1, current_number=1)
        uow.session.add(paper)
        uow.flush()
        _new_version(uow, paper, 1, checked, _now(received_at))
        uow.commit()
        return paper.id


def replace_paper(
    db: Database,
    paper_id: int,
    file_name: str,
    content: bytes,
    version: int | None = None,
    received_at: dt.datetime | None = None,
) -> int:
    """Keeps a new file as the paper's next version (the earlier ones stay); returns the version's number."""
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        paper = get_or_fail(uow.session, Paper, paper_id, "paper")
        check_version(paper, version, "paper")
        checked = check_paper_file(file_name, content)
        number = paper.current_number + 1
        _new_version(uow, paper, number, checked, _now(received_at))
        paper.current_number = number
        uow.commit()
        return number


def remove_paper(db: Database, paper_id: int) -> None:
    """Takes a paper off its agenda item, with every version of it; the item's later papers close up."""
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        paper = get_or_fail(uow.session, Paper, paper_id, "paper")
        item_id = paper.agenda_item_id
        _delete(uow, paper)
        uow.flush()
        later = uow.session.scalars(select(Paper).where(Paper.agenda_item_id == item_id).order_by(Paper.position))
        for position, other in enumerate(list(later), start=1):
            if other.position != position:
                other.position = position
                uow.flush()  # one at a time: the positions are unique within the item
        uow.commit()


def _delete(uow: UnitOfWork, paper: Paper) -> None:
    for stored in list(uow.session.scalars(select(PaperVersion).where(PaperVersion.paper_id == paper.id))):
        uow.session.delete(stored)
    uow.flush()
    uow.session.delete(paper)


def remove_papers_of(uow: UnitOfWork, item: AgendaItem) -> None:
    """An agenda item being deleted takes its papers with it, each leaving an entry in the trail."""
    for paper in list(uow.session.scalars(select(Paper).where(Paper.agenda_item_id == item.id))):
        _delete(uow, paper)
    uow.flush()
