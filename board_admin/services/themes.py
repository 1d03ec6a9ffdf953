"""The managed lists of themes: the challenge log's themes and the case reviews' learning themes.

Both lists keep the same rules: a name is given, at most `NAME_LIMIT` characters, and no two themes of a
list share a name whatever its capitals; a theme is retired rather than deleted, so that the records
filed under it keep it.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from board_admin.db.engine import Database
from board_admin.domain.errors import ValidationError
from board_admin.domain.permissions import Permission
from board_admin.services.structure import NAME_LIMIT, check_version, clean_text, get_or_fail
from board_admin.services.uow import UnitOfWork


def _unique_name(session: Session, model, name: str, exclude_id: int | None, called: str) -> str:
    text = clean_text(name, "name", "The theme's name", required=True, limit=NAME_LIMIT)
    query = select(model.name).where(func.lower(model.name) == text.lower())
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    existing = session.scalar(query)
    if existing is not None:
        raise ValidationError(f"There is already a {called} called '{existing}'.", "name")
    return text


def add_theme_to(db: Database, model, permission: Permission, name: str, called: str) -> int:
    with UnitOfWork(db, permission) as uow:
        theme = model(name=_unique_name(uow.session, model, name, None, called), active=True)
        uow.session.add(theme)
        uow.commit()
        return theme.id


def rename_theme_in(
    db: Database,
    model,
    permission: Permission,
    theme_id: int,
    name: str,
    version: int | None,
    called: str,
    renamed: Callable[[Session, str, str], None] | None = None,
) -> None:
    """Renames the theme; `renamed(session, old, new)`, in the same transaction, moves whatever is filed
    under the old name."""
    with UnitOfWork(db, permission) as uow:
        theme = get_or_fail(uow.session, model, theme_id, called)
        check_version(theme, version, called)
        new_name = _unique_name(uow.session, model, name, theme_id, called)
        old_name = theme.name
        theme.name = new_name
        if renamed is not None:
            renamed(uow.session, old_name, new_name)
        uow.commit()


def set_theme_active_in(db: Database, model, permission: Permission, theme_id: int, active: bool, called: str) -> None:
    with UnitOfWork(db, permission) as uow:
        get_or_fail(uow.session, model, theme_id, called).active = bool(active)
        uow.commit()
