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

from sqlalchemy import Table, event, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from board_admin.db.engine import Database
from board_admin.db.models import AuditEntry
from board_admin.domain.errors import BoardAdminError, ConflictError, ValidationError
from board_admin.domain.papers import content_summary
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
        # On a shared server set up with setup-server the server's triggers write every row's entry, naming the
        # login; writing them here as well would double them.
        if self.audit and self.database.server_roles is None:
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
        self.database.changes += 1

    def record(
        self,
        entity: str,
        operation: str,
        entity_id: int | None = None,
        after: dict | None = None,
        before: dict | None = None,
    ) -> None:
        """An audit entry written by hand, e.g. one summary for a bulk import."""
        entry = self._entry(entity, entity_id, operation, before, after)
        if self.database.server_roles is not None:
            # Nobody may write the trail on the server but its own functions, which name the login themselves.
            self.session.execute(
                text("SELECT board_admin_audit_note(:entity, :operation, :before, :after)"),
                {key: entry[key] for key in ("entity", "operation", "before", "after")},
            )
            return
        self.session.execute(insert(AuditEntry), [entry])

    def audit_bulk_writes(self, tables: list[Table]) -> BulkAudit:
        """For a writer that bypasses the ORM (a workbook import's bulk statements): every row of `tables`
        is read before and after, and each row added, changed or deleted gets its own entry with its values
        before and after, written at commit in the same transaction.

        `with uow.audit_bulk_writes(tables): ...write...`. On a shared server set up with `setup-server`
        the server's triggers write those entries instead, so none is gathered here."""
        return BulkAudit(self, tables)

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


class BulkAudit:
    def __init__(self, uow: UnitOfWork, tables: list[Table]) -> None:
        self.uow, self.tables = uow, tables
        self.active = uow.database.server_roles is None

    def __enter__(self) -> BulkAudit:
        if self.active:
            self.before = self._rows()
        return self

    def __exit__(self, exc_type, *_rest) -> None:
        if exc_type is not None or not self.active:
            return
        self.uow.flush()
        now = self._rows()
        for key in sorted(self.before.keys() | now.keys(), key=lambda row: (row[0], str(row[1]))):
            old, new = self.before.get(key), now.get(key)
            if old == new:
                continue
            entity, entity_id = key
            if old is None:
                entry = (None, _audited(new))
                operation = "create"
            elif new is None:
                entry = (_audited(old), None)
                operation = "delete"
            else:
                before, changed = {}, {}
                for column, value in new.items():
                    if column in UNAUDITED_COLUMNS or old[column] == value:
                        continue
                    if column in SECRET_COLUMNS:
                        before[SECRET_COLUMNS[column]], changed[SECRET_COLUMNS[column]] = SECRET_BEFORE, SECRET_AFTER
                    else:
                        before[column], changed[column] = old[column], value
                if not changed:
                    continue
                entry = (before, changed)
                operation = "update"
            before, after = entry
            self.uow._gather(
                {"entity": entity, "entity_id": entity_id, "operation": operation, "before": before, "after": after}
            )

    def _rows(self) -> dict[tuple[str, object], dict]:
        rows = {}
        for table in self.tables:
            key_column = list(table.primary_key.columns)[0].name
            for row in self.uow.session.execute(select(table)).mappings():
                rows[(table.name, row[key_column])] = {column: _plain(value) for column, value in row.items()}
        return rows


def _audited(row: dict) -> dict:
    return {key: value for key, value in row.items() if key not in UNAUDITED_COLUMNS and key not in SECRET_COLUMNS}


def _plain(value):
    """A JSON-friendly form of a column value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        # A paper's file: named by its size and fingerprint, so the trail proves which file it was without
        # holding a second copy of every paper (the server's trigger writes the same words).
        return content_summary(bytes(value))
    return value
