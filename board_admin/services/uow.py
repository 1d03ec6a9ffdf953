"""The unit of work: one session, one transaction, rolled back unless committed.

It is also where two rules of every write are kept, so that no service can forget them:
- the acting user must hold the permission the use case declares (`UnitOfWork(db, Permission.X)`);
  a unit of work that declares none may read but any attempt to write through it is refused;
- every row it inserts, changes or deletes is written to the audit trail, with the values before and
  after, in the same transaction (so a write that fails leaves no audit entry either).

A use case may flush several times (agenda items are renumbered through negative positions, a new row gets
its id before others point at it); the trail shows one entry per row with its state before the use case
and after it, never the steps in between, so the entries are gathered over the flushes and written at commit.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import logging
from decimal import Decimal

from sqlalchemy import event, insert, inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from board_admin.db.engine import Database
from board_admin.db.models import AuditEntry
from board_admin.domain.errors import BoardAdminError, ConflictError, ValidationError
from board_admin.domain.permissions import Permission

log = logging.getLogger("board_admin.services")

# Columns that are bookkeeping rather than the user's data.
UNAUDITED_COLUMNS = {"version"}
# Columns never copied into the trail; a change to one is recorded as the fact of the change only.
SECRET_COLUMNS = {"password_hash": "password"}
SECRET_BEFORE, SECRET_AFTER = "(not recorded)", "(changed)"


class ReadOnlyError(BoardAdminError):
    """A change asked of a database opened read-only."""


class UnitOfWork:
    """`with UnitOfWork(db, Permission.X) as uow: ...; uow.commit()`; leaving without commit rolls back.

    `audit=False` is for bulk writers (the demo builder, a workbook import) that record one summary
    entry with `record()` instead of one per row.
    """

    session: Session

    def __init__(self, database: Database, permission: Permission | None = None, *, audit: bool = True) -> None:
        self.database = database
        self.permission = permission
        self.audit = audit

    def __enter__(self) -> UnitOfWork:
        if self.permission is not None:
            self.database.actor.require(self.permission)
            if self.database.read_only_reason and self.permission is not Permission.SIGN_IN:
                raise ReadOnlyError(f"Nothing was changed: {self.database.read_only_reason}")
        self.session = self.database.session()
        self._pending: list[dict] = []  # audit entries of this unit of work, written at commit
        self._pending_by_row: dict[tuple[str, object], dict] = {}
        event.listen(self.session, "before_flush", self._refuse_undeclared_write)
        if self.audit:
            event.listen(self.session, "after_flush", self._write_audit_entries)
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
        entries = [self._entry(**entry) for entry in self._pending if entry["operation"] != "update" or entry["after"]]
        if entries:
            self.session.connection().execute(insert(AuditEntry), entries)
        self._pending, self._pending_by_row = [], {}
        self.session.commit()

    def record(
        self,
        entity: str,
        operation: str,
        entity_id: int | None = None,
        after: dict | None = None,
        before: dict | None = None,
    ) -> None:
        """An audit entry written by hand, e.g. one summary for a bulk import."""
        self.session.execute(insert(AuditEntry), [self._entry(entity, entity_id, operation, before, after)])

    # --- the two rules ---------------------------------------------------------------------------

    def _refuse_undeclared_write(self, session: Session, _context, _instances) -> None:
        if self.permission is None and (session.new or session.dirty or session.deleted):
            raise RuntimeError("A unit of work that writes must declare the permission it needs.")

    def _write_audit_entries(self, session: Session, _context) -> None:
        for instance in session.new:
            if not isinstance(instance, AuditEntry):
                self._gather(self._entry_for(instance, "create", before=False, after=True))
        for instance in session.dirty:
            if session.is_modified(instance, include_collections=False):
                self._gather(self._entry_for(instance, "update", before=True, after=True))
        for instance in session.deleted:
            self._gather(self._entry_for(instance, "delete", before=True, after=False))

    def _gather(self, entry: dict) -> None:
        """Folds a flush's change of a row into what this unit of work already did to that row."""
        row = (entry["entity"], entry["entity_id"])
        earlier = self._pending_by_row.get(row)
        if earlier is None or earlier["operation"] == "delete":
            self._pending.append(entry)
            self._pending_by_row[row] = entry
        elif entry["operation"] == "update" and earlier["operation"] == "create":
            earlier["after"].update(entry["after"])  # a new row: its values as the unit of work leaves them
        elif entry["operation"] == "update":
            for key, value in entry["before"].items():
                earlier["before"].setdefault(key, value)  # the value before the first change wins
            earlier["after"].update(entry["after"])
            for key in [key for key, value in earlier["after"].items() if value == earlier["before"][key]]:
                del earlier["after"][key], earlier["before"][key]  # changed and changed back
        elif entry["operation"] == "delete" and earlier["operation"] == "create":
            self._pending.remove(earlier)  # made and removed again: the database never showed it
            del self._pending_by_row[row]
        elif entry["operation"] == "delete":
            entry["before"].update(earlier["before"])  # as the row was before this unit of work
            self._pending[self._pending.index(earlier)] = entry
            self._pending_by_row[row] = entry

    def _entry_for(self, instance, operation: str, *, before: bool, after: bool) -> dict:
        state = inspect(instance)
        old: dict = {}
        new: dict = {}
        for column in state.mapper.column_attrs:
            key = column.key
            if key in UNAUDITED_COLUMNS:
                continue
            history = state.attrs[key].history
            if operation == "update" and not history.has_changes():
                continue
            if key in SECRET_COLUMNS:
                if operation == "update":
                    old[SECRET_COLUMNS[key]], new[SECRET_COLUMNS[key]] = SECRET_BEFORE, SECRET_AFTER
                continue
            current = history.added[0] if history.added else (history.unchanged or [None])[0]
            previous = history.deleted[0] if history.deleted else current
            if before:
                old[key] = _plain(previous if operation == "update" else current)
            if after:
                new[key] = _plain(current)
        return {
            "entity": state.mapper.local_table.name,
            "entity_id": state.mapper.primary_key_from_instance(instance)[0],
            "operation": operation,
            "before": old if before else None,
            "after": new if after else None,
        }

    def _entry(self, entity: str, entity_id, operation: str, before: dict | None, after: dict | None) -> dict:
        return {
            "at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
            "username": self.database.actor.username,
            "entity": entity,
            "entity_id": entity_id,
            "operation": operation,
            "before": json.dumps(before, sort_keys=True) if before is not None else None,
            "after": json.dumps(after, sort_keys=True) if after is not None else None,
        }


def _plain(value):
    """A JSON-friendly form of a column value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
