"""Meeting governance: declarations of interest made at a meeting.

Each public function is one use case in one transaction, like services/meetings.py (decisions are recorded
there, with the agenda item they belong to).
"""

from __future__ import annotations

from dataclasses import dataclass

from board_admin.db.engine import Database
from board_admin.db.models import AgendaItem, Declaration, Person
from board_admin.domain import meetings as meeting_rules
from board_admin.domain.enums import InterestAction, InterestKind
from board_admin.domain.errors import ValidationError
from board_admin.domain.permissions import Permission
from board_admin.services.meetings import meeting_to_edit
from board_admin.services.structure import check_version, get_or_fail
from board_admin.services.uow import UnitOfWork


@dataclass
class DeclarationFields:
    person_id: int
    interest: str
    kind: InterestKind = InterestKind.OTHER
    action: InterestAction = InterestAction.STAYED
    # None: about the meeting's business as a whole.
    agenda_item_id: int | None = None


def _apply(uow: UnitOfWork, declaration: Declaration, meeting_id: int, fields: DeclarationFields) -> None:
    session = uow.session
    if session.get(Person, fields.person_id) is None:
        raise ValidationError("Choose who declared the interest.", "person_id")
    interest = " ".join((fields.interest or "").split())
    if not interest:
        raise ValidationError("Say what the interest is.", "interest")
    problem = meeting_rules.interest_problem(interest)
    if problem:
        raise ValidationError(problem, "interest")
    if fields.agenda_item_id is not None:
        item = session.get(AgendaItem, fields.agenda_item_id)
        if item is None or item.meeting_id != meeting_id:
            raise ValidationError("The agenda item chosen is not on this meeting's agenda.", "agenda_item_id")
    declaration.person_id = fields.person_id
    declaration.interest = interest
    declaration.kind = InterestKind(fields.kind)
    declaration.action = InterestAction(fields.action)
    declaration.agenda_item_id = fields.agenda_item_id


def record_declaration(db: Database, meeting_id: int, fields: DeclarationFields) -> int:
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        meeting_to_edit(uow.session, meeting_id)
        declaration = Declaration(meeting_id=meeting_id)
        _apply(uow, declaration, meeting_id, fields)
        uow.session.add(declaration)
        uow.commit()
        return declaration.id


def update_declaration(
    db: Database, declaration_id: int, fields: DeclarationFields, version: int | None = None
) -> None:
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        declaration = get_or_fail(uow.session, Declaration, declaration_id, "declaration")
        meeting_to_edit(uow.session, declaration.meeting_id)
        check_version(declaration, version, "declaration")
        _apply(uow, declaration, declaration.meeting_id, fields)
        uow.commit()


def delete_declaration(db: Database, declaration_id: int) -> None:
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        declaration = get_or_fail(uow.session, Declaration, declaration_id, "declaration")
        meeting_to_edit(uow.session, declaration.meeting_id)
        uow.session.delete(declaration)
        uow.commit()
