"""Importing a workbook: how a business unit moves its existing spreadsheets in.

Everything is checked before anything is written: every cell, every reference to a name (in the workbook
or already in the database) and every rule the services enforce. Each problem names its sheet, row and
column; if there is any, nothing is changed. Otherwise the whole workbook is written in one transaction.
Rows are matched on their natural key (agency by name, meeting by group and date, ...) and update the
record they match or add a new one; a record the workbook does not mention is left alone, so importing
the same workbook twice changes nothing the second time.

The write is built for large registers: the database is read once into dictionaries, and new and
changed records go in with one statement per table (executemany), never a query per row.

Three stages, one module each, run in order by `import_workbook` below:
- reading.py  the file into typed rows by sheet; problems of the cells themselves (`read_workbook`), the
  cells read by cells.py (limits checked before reading, formulas, damaged files);
- planning.py the rows merged into the database's records; every rule checked, every problem placed;
- writing.py  the planned records written, one statement per table.
results.py holds what the caller gets back: the summary, or every problem.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.exc import DBAPIError, IntegrityError

from board_admin.db.backup import Step, backup_kept_if_written
from board_admin.db.engine import Database
from board_admin.db.models import Base
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.permissions import Permission
from board_admin.reports.workbook_rows import read_stored_rows
from board_admin.services.uow import UnitOfWork
from board_admin.services.workbook_import.planning import Planner
from board_admin.services.workbook_import.reading import in_reading_order, read_workbook
from board_admin.services.workbook_import.results import ImportSummary, Problem, SheetCounts, WorkbookImportError
from board_admin.services.workbook_import.writing import Writer

__all__ = ["ImportSummary", "Problem", "SheetCounts", "WorkbookImportError", "import_workbook", "read_workbook"]

log = logging.getLogger("board_admin.services.workbook_import")


# Every table an import may write: all but the trail itself, and the accounts and settings no workbook holds.
_NOT_IMPORTED = {"audit_entry", "app_user", "setting"}
_AUDITED_TABLES = [table for table in Base.metadata.sorted_tables if table.name not in _NOT_IMPORTED]


def import_workbook(database: Database, path: Path, dry_run: bool = False, step: Step | None = None) -> ImportSummary:
    """Checks the workbook at `path` and, when it has no problem, writes it all in one transaction.

    With dry_run the whole import is done and then rolled back, so the summary says what it would do.
    Raises WorkbookImportError listing every problem, having changed nothing. `step(done, total, what)` is told
    as each stage begins; if it raises (the window's Cancel), nothing is changed and no backup is kept.
    """
    database.actor.require(Permission.IMPORT_WORKBOOK)  # before the file is read or a backup made
    path = Path(path)

    def stage(done: int, text: str) -> None:
        if step is not None:
            step(done, 5, text)

    stage(0, "Backing up the database" if not dry_run else "Reading the workbook")
    # A copy to go back to, whatever the workbook turns out to hold; kept only when the import wrote something.
    with backup_kept_if_written(database, "before-import", make=not dry_run) as before_import:
        stage(1, "Reading the workbook")
        parsed, problems = read_workbook(path)
        # The import's bulk statements bypass the ORM's bookkeeping: every record it adds or changes is found by
        # comparing the tables before and after, and written to the trail with its values before and after,
        # beside one entry naming the file.
        with UnitOfWork(database, Permission.IMPORT_WORKBOOK, audit=False) as uow:
            if not database.is_sqlite:
                # Others may be saving on a shared server: what was checked must be what is written over.
                uow.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            stage(2, "Checking every row")
            stored = read_stored_rows(uow.session)
            planner = Planner(parsed, stored, problems)
            planner.plan()
            if problems:
                raise WorkbookImportError(in_reading_order(problems, parsed))
            stage(3, "Writing the records")
            try:
                with uow.audit_bulk_writes(_AUDITED_TABLES):
                    summary = Writer(uow.session, planner).write()
                    uow.session.flush()
            except DBAPIError as error:
                if not (isinstance(error, IntegrityError) or getattr(error.orig, "sqlstate", None) == "40001"):
                    raise
                log.warning("Workbook import refused by the database: %s", error.orig)
                raise BoardAdminError(
                    "The workbook was not imported because someone else changed the database while it was being "
                    "written; nothing was changed. Import it again."
                ) from error
            summary.dry_run = dry_run
            # The last point at which the import can still be stopped: after it, it is committed.
            stage(4, "Saving")
            if not dry_run:
                wrote = bool(summary.added or summary.updated or summary.years_added)
                if wrote:
                    uow.record("database", "import", after={"file": path.name, "rows": summary.describe()})
                uow.commit()
                before_import.keep = wrote
    return summary
