"""The unit of work: one session, one transaction, rolled back unless committed."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from board_admin.db.engine import Database
from board_admin.domain.errors import ConflictError, ValidationError

log = logging.getLogger("board_admin.services")


class UnitOfWork:
    """`with UnitOfWork(db) as uow: ...; uow.commit()`; leaving the block without commit rolls back."""

    session: Session

    def __init__(self, database: Database) -> None:
        self.database = database

    def __enter__(self) -> UnitOfWork:
        self.session = self.database.session()
        return self

    def __exit__(self, *exc_info) -> None:
        self.session.rollback()
        self.session.close()

    def flush(self) -> None:
        """Sends pending changes, turning the database's refusals into domain errors."""
        try:
            self.session.flush()
        except StaleDataError as error:
            raise ConflictError(
                "Someone else saved a change to this record after you opened it. "
                "Nothing of yours was saved; reopen the record to see their change."
            ) from error
        except IntegrityError as error:
            # The services check every rule first; reaching here means a rule they missed or a race.
            log.warning("Integrity error: %s", error.orig)
            raise ValidationError(f"The change breaks a rule of the database: {error.orig}") from error

    def commit(self) -> None:
        self.flush()
        self.session.commit()
