"""Importing a workbook: how a business unit moves its existing spreadsheets in.

Everything is checked before anything is written: every cell, every reference to a name (in the workbook
or already in the database) and every rule the services enforce. Each problem names its sheet, row and
column; if there is any, nothing is changed. Otherwise the whole workbook is written in one transaction.
Rows are matched on their natural key (agency by name, meeting by group and date, ...) and update the
record they match or add a new one; a record the workbook does not mention is left alone, so importing
the same workbook twice changes nothing the second time.

The write is built for large registers: the database is read once into dictionaries, and new and
changed records go in with one statement per table (executemany), never a query per row.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from board_admin.db.backup import backup_now
from board_admin.db.engine import Database
from board_admin.db.models import (
    Action,
    Agency,
    AgendaItem,
    Attendance,
    BudgetLine,
    Challenge,
    ChallengeReferenceCounter,
    ChallengeStatusChange,
    ChallengeTheme,
    Contribution,
    Expenditure,
    FinancialYearRecord,
    Group,
    IncomeLine,
    Meeting,
    Membership,
    Person,
)
from board_admin.domain import workbook_format as wf
from board_admin.domain.dates import format_date, format_time
from board_admin.domain.enums import AttendanceStatus, LabelledEnum, MeetingStatus, MemberRole
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Permission
from board_admin.reports.workbook_rows import StoredRow, StoredWorkbook, read_stored_rows
from board_admin.services.challenges import REFERENCE_PATTERN, format_reference
from board_admin.services.uow import UnitOfWork

log = logging.getLogger("board_admin.services.workbook_import")

# A reference the challenge log gives out (CH-2025-014), in any case: the counter of its year must pass it.
NUMBERED_REFERENCE = re.compile(REFERENCE_PATTERN.pattern, re.IGNORECASE)
LAST_REFERENCE_NUMBER = 999_999


# --- what the caller gets ------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the workbook, placed as precisely as it can be."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        place = [self.sheet, f"row {self.row}" if self.row else None, f"column {self.column}" if self.column else None]
        where = ", ".join(part for part in place if part)
        return f"{where}: {self.message}" if where else self.message


class WorkbookImportError(BoardAdminError):
    """The workbook was refused; `problems` lists every reason, and nothing was changed."""

    def __init__(self, problems: list[Problem]) -> None:
        count = len(problems)
        found = "1 problem was found" if count == 1 else f"{count} problems were found"
        super().__init__(f"The workbook was not imported: {found}; nothing was changed.")
        self.problems = problems


@dataclass
class SheetCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportSummary:
    counts: dict[str, SheetCounts]  # by sheet name, in the workbook's order
    years_added: int = 0
    dry_run: bool = False

    @property
    def added(self) -> int:
        return sum(counts.added for counts in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(counts.updated for counts in self.counts.values())

    @property
    def unchanged(self) -> int:
        return sum(counts.unchanged for counts in self.counts.values())

    def describe(self) -> str:
        """'12 agencies, 80 people and 3 groups (94 new, 1 changed); 5 rows were already up to date'."""
        parts = []
        for sheet in wf.SHEETS:
            counts = self.counts.get(sheet.name)
            if counts and counts.added + counts.updated:
                parts.append(sheet.count(counts.added + counts.updated))
        if self.years_added:
            parts.append(f"{self.years_added} financial year{'s' if self.years_added != 1 else ''}")
        same = self.unchanged
        if not parts:
            return f"nothing; all {same} rows were already up to date" if same else "nothing; the workbook has no rows"
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        text = f"{listed} ({self.added} new, {self.updated} changed)"
        if same:
            text += f"; {same} row{' was' if same == 1 else 's were'} already up to date"
        return text


def import_workbook(database: Database, path: Path, dry_run: bool = False) -> ImportSummary:
    """Checks the workbook at `path` and, when it has no problem, writes it all in one transaction.

    With dry_run the whole import is done and then rolled back, so the summary says what it would do.
    Raises WorkbookImportError listing every problem, having changed nothing.
    """
    database.actor.require(Permission.IMPORT_WORKBOOK)  # before the file is read or a backup made
    path = Path(path)
    if not dry_run and database.sqlite_path is not None:
        # A copy to go back to, whatever the workbook turns out to hold.
        backup_now(database, "before-import")
    parsed, problems = read_workbook(path)
    # The import records one summary entry in the audit trail, not one per row.
    with UnitOfWork(database, Permission.IMPORT_WORKBOOK, audit=False) as uow:
        if not database.is_sqlite:
            # Others may be saving on a shared server: what was checked must be what is written over.
            uow.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        stored = read_stored_rows(uow.session)
        planner = _Planner(parsed, stored, problems)
        planner.plan()
        if problems:
            raise WorkbookImportError(_in_reading_order(problems, parsed))
        try:
            summary = _Writer(uow.session, planner).write()
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
        if not dry_run:
            if summary.added or summary.updated or summary.years_added:
                uow.record("database", "import", after={"file": path.name, "rows": summary.describe()})
            uow.commit()
    return summary


# --- reading the file ----------------------------------------------------------------------------


@dataclass
class ParsedSheet:
    sheet: wf.Sheet
    title: str  # the tab's name as written in the file
    headers: dict[str, str]  # column key -> the header as written in the file
    rows: list[Row] = field(default_factory=list)

    def header(self, key: str) -> str:
        return self.headers.get(key) or self.sheet.column(key).header


@dataclass
class Row:
    part: ParsedSheet
    number: int  # the row number Excel shows
    values: dict[str, object]  # converted values of the columns the sheet has (a blank cell: the default)
    broken: bool = False  # a cell could not be read; the row is only checked for its references


def read_workbook(path: Path) -> tuple[dict[str, ParsedSheet], list[Problem]]:
    """The sheets of the workbook by format sheet name, and the problems found in the cells themselves."""
    problems: list[Problem] = []
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        log.info("Cannot open %s: %s", path, error)
        raise WorkbookImportError(
            [Problem(path.name, None, None, "This file cannot be read as an Excel workbook (.xlsx).")]
        ) from error
    parsed: dict[str, ParsedSheet] = {}
    try:
        for worksheet in book.worksheets:
            worksheet.reset_dimensions()  # other programs often record a wrong size; read what is there
            rows = worksheet.iter_rows(values_only=True)
            sheet = wf.find_sheet(worksheet.title)
            if sheet is None:
                if any(any(not wf.is_blank(cell) for cell in row) for row in rows):
                    known = ", ".join(known.name for known in wf.SHEETS)
                    problems.append(
                        Problem(
                            worksheet.title,
                            None,
                            None,
                            f"'{worksheet.title}' is not a sheet of the Board Admin workbook; "
                            f"rename it to one of {known}, or delete it.",
                        )
                    )
                continue
            if sheet.name in parsed:
                problems.append(
                    Problem(
                        worksheet.title,
                        None,
                        None,
                        f"The workbook has two {sheet.name} sheets ('{parsed[sheet.name].title}' and "
                        f"'{worksheet.title}'); put all the rows on one.",
                    )
                )
                continue
            parsed[sheet.name] = _read_sheet(sheet, worksheet.title, rows, problems)
    finally:
        book.close()
    return parsed, problems


def _read_sheet(sheet: wf.Sheet, title: str, rows: Iterable[tuple], problems: list[Problem]) -> ParsedSheet:
    part = ParsedSheet(sheet, title, {})
    rows = iter(rows)
    header_row = next(rows, None) or ()
    positions: dict[int, wf.Column] = {}
    unread: set[int] = set()  # columns with a header that is not one of the format's
    for index, text in enumerate(header_row):
        if wf.is_blank(text):
            continue
        column = sheet.find_column(text)
        shown = " ".join(str(text).split())
        if column is None:
            unread.add(index)
            problems.append(
                Problem(
                    title,
                    1,
                    shown,
                    f"'{shown}' is not a column of the {sheet.name} sheet; its columns are {', '.join(sheet.headers)}.",
                )
            )
        elif column.key in part.headers:
            unread.add(index)
            problems.append(Problem(title, 1, shown, f"The column '{column.header}' appears twice."))
        else:
            positions[index] = column
            part.headers[column.key] = shown
    missing = [column for column in sheet.required if column.key not in part.headers]
    headed = set(positions) | unread
    stray_reported = False
    for number, cells in enumerate(rows, start=2):
        if all(wf.is_blank(cell) for cell in cells):
            continue
        if not headed and not part.headers:
            problems.append(Problem(title, 1, None, "The first row must hold the column headers."))
            return part
        if not stray_reported:
            stray = [index for index, cell in enumerate(cells) if index not in headed and not wf.is_blank(cell)]
            if stray:
                stray_reported = True
                problems.append(
                    Problem(
                        title,
                        number,
                        get_column_letter(stray[0] + 1),
                        "This column has values but no header; give it a header from the format or delete it.",
                    )
                )
        row = Row(part, number, {}, broken=bool(missing))
        for index, column in positions.items():
            raw = cells[index] if index < len(cells) else None
            try:
                row.values[column.key] = column.read(raw)
            except wf.CellError as error:
                problems.append(Problem(title, number, part.headers[column.key], error.message))
                row.broken = True
        part.rows.append(row)
    if missing and (part.rows or part.headers):
        for column in missing:
            problems.append(Problem(title, 1, column.header, f"The required column '{column.header}' is missing."))
    return part


def _in_reading_order(problems: list[Problem], parsed: dict[str, ParsedSheet]) -> list[Problem]:
    """Problems sheet by sheet in the order of the format (unknown sheets first), then row by row."""
    rank = {part.title: wf.SHEETS.index(part.sheet) for part in parsed.values()}
    return sorted(problems, key=lambda problem: (rank.get(problem.sheet or "", -1), problem.row or 0))


# --- checking: the database and the workbook merged ----------------------------------------------


@dataclass
class Entry:
    """A record as it will be after the import: the database's values overlaid with the workbook's row."""

    values: dict[str, object]
    stored: StoredRow | None = None
    row: Row | None = None
    # The key of the record it points to in its own sheet (for a challenge: the group or person it was escalated to).
    link: Hashable | None = None
    id: int | None = None
    changes: set[str] = field(default_factory=set)

    @property
    def is_new(self) -> bool:
        return self.stored is None


Key = Hashable


def _key(text: object) -> str:
    return wf.name_key(text)


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, dt.time):
        return format_time(value)
    if isinstance(value, LabelledEnum):
        return value.label
    return str(value)


def _overlaps(a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None) -> bool:
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def _term(start: dt.date, end: dt.date | None) -> str:
    return f"from {format_date(start)}" + (f" to {format_date(end)}" if end else "")


class _Planner:
    """Merges the workbook into the database's records, checking every rule on the way."""

    def __init__(self, parsed: dict[str, ParsedSheet], stored: StoredWorkbook, problems: list[Problem]) -> None:
        self.parsed = parsed
        self.stored = stored
        self.problems = problems
        self.entries: dict[str, dict[Key, Entry]] = {}
        self.expenditure_new: list[Entry] = []
        self.expenditure_matched = 0
        self.history_new: list[Entry] = []
        self.history_matched = 0
        self.reference_numbers: dict[int, int] = {}  # year -> the highest number of the challenges added
        self.years: set[int] = set()
        self.membership_keys: dict[int, Key] = {}  # stored membership id -> its key

    # helpers

    def problem(self, row: Row, key: str, message: str) -> None:
        self.problems.append(Problem(row.part.title, row.number, row.part.header(key), message))

    def rows(self, sheet: wf.Sheet) -> list[Row]:
        part = self.parsed.get(sheet.name)
        return part.rows if part else []

    def refer(self, row: Row, key: str, entries: dict[Key, Entry], what: str) -> Entry | None:
        """The record a name in the row means; a problem if there is none in the workbook or the database."""
        value = row.values.get(key)
        if value is None:
            return None
        entry = entries.get(_key(value))
        if entry is None:
            self.problem(row, key, f"There is no {what} called '{value}' in the workbook or the database.")
        return entry

    def refer_meeting(self, row: Row, group_key: str, date_key: str) -> Entry | None:
        group = self.refer(row, group_key, self.entries[wf.GROUPS.name], "group")
        day = row.values.get(date_key)
        if group is None or day is None:
            return None
        meeting = self.entries[wf.MEETINGS.name].get((_key(group.values["name"]), day))
        if meeting is None:
            self.problem(
                row,
                date_key,
                f"'{group.values['name']}' has no meeting on {format_date(day)} in the workbook or the database.",
            )
        return meeting

    def merge(self, sheet: wf.Sheet, key_of: Callable[[dict[str, object]], Key], needs: tuple[str, ...]) -> None:
        """Entries for the stored records and the workbook's rows of a sheet, matched on their key."""
        entries: dict[Key, Entry] = {}
        for stored in self.stored.rows[sheet.name]:
            entries.setdefault(key_of(stored.values), Entry(dict(stored.values), stored, id=stored.id))
        first: dict[Key, Row] = {}
        for row in self.rows(sheet):
            if any(row.values.get(key) is None for key in needs):
                continue  # its key could not be read: already a problem
            key = key_of(row.values)
            if key in first:
                described = ", ".join(_shown(row.values.get(part)) for part in needs)
                self.problem(
                    row,
                    needs[-1],
                    f"Row {first[key].number} already has this {sheet.singular} ({described}); "
                    "each may appear only once.",
                )
                continue
            first[key] = row
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = Entry({column.key: column.default for column in sheet.columns})
            entry.row = row
            entry.values.update(row.values)
        self.entries[sheet.name] = entries

    def from_workbook(self, sheet: wf.Sheet, *, checked: bool = True) -> Iterable[Entry]:
        """The entries that come from a row of the workbook (only rows whose every cell was read, if checked)."""
        for entry in self.entries[sheet.name].values():
            if entry.row is not None and not (checked and entry.row.broken):
                yield entry

    # the sheets, in an order where every sheet's references are already known

    def plan(self) -> None:
        self.plan_agencies()
        self.plan_people()
        self.plan_groups()
        self.plan_memberships()
        self.plan_meetings()
        self.plan_agenda_items()
        self.plan_attendance()
        self.plan_actions()
        self.plan_challenge_themes()
        self.plan_challenges()
        self.plan_challenge_history()
        self.plan_money()
        for sheet in wf.SHEETS:
            if sheet not in (wf.EXPENDITURE, wf.CHALLENGE_HISTORY):
                self.find_changes(sheet)

    def plan_agencies(self) -> None:
        self.merge(wf.AGENCIES, lambda values: _key(values["name"]), ("name",))

    def plan_people(self) -> None:
        self.merge(wf.PEOPLE, lambda values: _key(values["name"]), ("name",))
        for entry in self.from_workbook(wf.PEOPLE, checked=False):
            self.refer(entry.row, "agency", self.entries[wf.AGENCIES.name], "agency")
            email = entry.row.values.get("email")
            if email is not None and ("@" not in email or " " in email or email.startswith("@") or email.endswith("@")):
                self.problem(entry.row, "email", f"'{email}' is not an email address.")

    def plan_groups(self) -> None:
        self.merge(wf.GROUPS, lambda values: _key(values["name"]), ("name",))
        groups = self.entries[wf.GROUPS.name]
        for entry in self.from_workbook(wf.GROUPS, checked=False):
            row = entry.row
            parent = self.refer(row, "reports_to", groups, "group")
            if parent is entry:
                self.problem(row, "reports_to", "A group cannot report to itself.")
        for entry in groups.values():
            entry.link = _key(entry.values["reports_to"]) if entry.values["reports_to"] else None
        for entry in self.from_workbook(wf.GROUPS):
            row, values = entry.row, entry.values
            if values["start_date"] and values["end_date"] and values["end_date"] < values["start_date"]:
                self.problem(row, "end_date", self._ends_before(values["start_date"], values["end_date"]))
            own = _key(values["name"])
            if entry.link == own:
                continue  # already reported: it names itself
            chain, current, visited = [values["name"]], entry.link, set()
            while current is not None and current in groups and current not in visited:
                visited.add(current)
                chain.append(groups[current].values["name"])
                if current == own:
                    self.problem(row, "reports_to", f"This makes a loop: {' reports to '.join(chain)}.")
                    break
                current = groups[current].link

    @staticmethod
    def _ends_before(start: dt.date, end: dt.date) -> str:
        return f"The end date ({format_date(end)}) is before the start date ({format_date(start)})."

    def plan_memberships(self) -> None:
        sheet = wf.MEMBERSHIPS

        def key_of(values: dict[str, object]) -> Key:
            return (_key(values["group"]), _key(values["person"]), values["start_date"])

        self.merge(sheet, key_of, ("group", "person", "start_date"))
        memberships = self.entries[sheet.name]
        people, groups, agencies = (self.entries[s.name] for s in (wf.PEOPLE, wf.GROUPS, wf.AGENCIES))
        key_by_id = self.membership_keys = {
            entry.stored.id: key for key, entry in memberships.items() if entry.stored is not None
        }
        by_seat: dict[tuple[str, str], list[tuple[Key, Entry]]] = defaultdict(list)
        for key, entry in memberships.items():
            by_seat[key[0], key[1]].append((key, entry))
            if entry.stored is not None:
                entry.link = key_by_id.get(entry.stored.links.get("deputy_for"))

        for entry in self.from_workbook(sheet, checked=False):
            row = entry.row
            self.refer(row, "group", groups, "group")
            person = self.refer(row, "person", people, "person")
            self.refer(row, "agency", agencies, "agency")
            self.refer(row, "deputy_for", people, "person")
            if entry.values["agency"] is None and person is not None:
                entry.values["agency"] = person.values["agency"]  # by default the person's own agency

        for entry in self.from_workbook(sheet):
            row, values = entry.row, entry.values
            start, end = values["start_date"], values["end_date"]
            if end is not None and end < start:
                self.problem(row, "end_date", self._ends_before(start, end))
                continue
            group = groups.get(_key(values["group"]))
            if group is not None:
                self._check_within_group(row, group.values, start, end)
            for _seat_key, other in by_seat[_key(values["group"]), _key(values["person"])]:
                if other is entry or not _overlaps(start, end, other.values["start_date"], other.values["end_date"]):
                    continue
                if other.row is not None and other.row.number > row.number:
                    continue  # a clash between two rows is reported once, on the later row
                where = f"row {other.row.number}" if other.row is not None else "the database"
                self.problem(
                    row,
                    "start_date",
                    f"{values['person']} is already on '{values['group']}' "
                    f"{_term(other.values['start_date'], other.values['end_date'])} ({where}); "
                    "memberships of the same person on the same group cannot overlap.",
                )
            if "deputy_for" in row.values:
                entry.link = self._principal(entry, by_seat)

        # Groups whose dates the workbook changes must still hold the memberships it does not mention.
        for group in self.from_workbook(wf.GROUPS):
            stored = group.stored
            if stored is None or (
                stored.values["start_date"] == group.values["start_date"]
                and stored.values["end_date"] == group.values["end_date"]
            ):
                continue
            for (group_key, _person), seats in by_seat.items():
                if group_key != _key(group.values["name"]):
                    continue
                for _seat_key, seat in seats:
                    if seat.row is None:
                        self._check_within_group(
                            group.row, group.values, seat.values["start_date"], seat.values["end_date"], seat
                        )

    def _check_within_group(
        self,
        row: Row,
        group: dict[str, object],
        start: dt.date,
        end: dt.date | None,
        stored_seat: Entry | None = None,
    ) -> None:
        """A membership lies within its group's dates; reported on the membership or, for one only in the
        database, on the group whose new dates leave it outside."""
        name = group["name"]
        who = (
            f"{stored_seat.values['person']}'s membership {_term(start, end)} (in the database): "
            if stored_seat
            else ""
        )
        started, ended = group["start_date"], group["end_date"]
        if started is not None and start < started:
            self.problem(
                row,
                "start_date",
                f"{who}'{name}' started on {format_date(started)}; a membership cannot start before that.",
            )
        elif ended is not None and start > ended:
            self.problem(
                row,
                "end_date" if stored_seat else "start_date",
                f"{who}'{name}' ended on {format_date(ended)}; nobody can join it after that.",
            )
        elif ended is not None and (end is None or end > ended):
            self.problem(
                row, "end_date", f"{who}'{name}' ended on {format_date(ended)}; the membership must end by then."
            )

    def _principal(self, entry: Entry, by_seat: dict[tuple[str, str], list[tuple[Key, Entry]]]) -> Key | None:
        """The membership a deputy stands in for: the named member's seat on the same group."""
        row, values = entry.row, entry.values
        name = values["deputy_for"]
        if name is None:
            return None
        if _key(name) == _key(values["person"]):
            self.problem(row, "deputy_for", f"{values['person']} cannot be their own deputy.")
            return None
        if values["role"] is not MemberRole.DEPUTY:
            self.problem(row, "deputy_for", "Only a membership with the role Deputy can stand in for a member.")
            return None
        seats = by_seat.get((_key(values["group"]), _key(name)), [])
        if entry.link is not None and any(key == entry.link for key, _seat in seats):
            return entry.link  # still the named member's seat: the link stays as it is
        start, end = values["start_date"], values["end_date"]
        ordered = sorted(seats, key=lambda seat: seat[1].values["start_date"])
        for key, seat in ordered:
            if _overlaps(start, start, seat.values["start_date"], seat.values["end_date"]):
                return key
        for key, seat in ordered:
            if _overlaps(start, end, seat.values["start_date"], seat.values["end_date"]):
                return key
        self.problem(
            row,
            "deputy_for",
            f"{name} is not a member of '{values['group']}' at any time during this membership, "
            "so this deputy cannot stand in for them.",
        )
        return None

    def plan_meetings(self) -> None:
        sheet = wf.MEETINGS
        self.merge(sheet, lambda values: (_key(values["group"]), values["date"]), ("group", "date"))
        meetings = self.entries[sheet.name]
        for entry in self.from_workbook(sheet, checked=False):
            self.refer(entry.row, "group", self.entries[wf.GROUPS.name], "group")
        for entry in self.from_workbook(sheet):
            row, values = entry.row, entry.values
            if values["start_time"] and values["end_time"] and values["end_time"] <= values["start_time"]:
                self.problem(
                    row,
                    "end_time",
                    f"The meeting ends ({format_time(values['end_time'])}) before it starts "
                    f"({format_time(values['start_time'])}).",
                )
            approved = values["minutes_approved_on"]
            if approved is not None and approved < values["date"]:
                self.problem(
                    row,
                    "minutes_approved_on",
                    f"The minutes cannot be approved on {format_date(approved)}, before the meeting itself.",
                )
            replacement = values["postponed_to"]
            if replacement is None:
                continue
            if values["status"] is not MeetingStatus.POSTPONED:
                self.problem(
                    row,
                    "postponed_to",
                    "Only a postponed meeting can name the meeting that replaced it; "
                    f"this one's status is {_shown(values['status'])}.",
                )
            elif replacement == values["date"]:
                self.problem(row, "postponed_to", "A meeting cannot be postponed to its own date.")
            elif (_key(values["group"]), replacement) not in meetings:
                self.problem(
                    row,
                    "postponed_to",
                    f"'{values['group']}' has no meeting on {format_date(replacement)} "
                    "in the workbook or the database.",
                )

    def plan_agenda_items(self) -> None:
        sheet = wf.AGENDA_ITEMS

        def key_of(values: dict[str, object]) -> Key:
            return (_key(values["group"]), values["meeting_date"], values["position"])

        self.merge(sheet, key_of, ("group", "meeting_date", "position"))
        for entry in self.from_workbook(sheet, checked=False):
            self.refer_meeting(entry.row, "group", "meeting_date")

    def plan_attendance(self) -> None:
        sheet = wf.ATTENDANCE

        def key_of(values: dict[str, object]) -> Key:
            return (_key(values["group"]), values["meeting_date"], _key(values["person"]))

        self.merge(sheet, key_of, ("group", "meeting_date", "person"))
        people, agencies = self.entries[wf.PEOPLE.name], self.entries[wf.AGENCIES.name]
        for entry in self.from_workbook(sheet, checked=False):
            row = entry.row
            self.refer_meeting(row, "group", "meeting_date")
            self.refer(row, "person", people, "person")
            self.refer(row, "deputy", people, "person")
            self.refer(row, "agency", agencies, "agency")
        for entry in self.from_workbook(sheet):
            row, values = entry.row, entry.values
            status, deputy = values["status"], values["deputy"]
            if status is AttendanceStatus.DEPUTY and deputy is None:
                self.problem(
                    row,
                    "deputy" if "deputy" in row.values else "status",
                    "The status is Deputy, so the Deputy column must name who came.",
                )
            elif status is not AttendanceStatus.DEPUTY and deputy is not None:
                self.problem(
                    row,
                    "deputy",
                    f"A deputy ({deputy}) is named but the status is {_shown(status)}; "
                    "make the status Deputy or clear the deputy.",
                )
            elif deputy is not None and _key(deputy) == _key(values["person"]):
                self.problem(row, "deputy", f"{deputy} cannot be their own deputy.")

    def plan_actions(self) -> None:
        sheet = wf.ACTIONS

        def key_of(values: dict[str, object]) -> Key:
            which = (
                ("reference", _key(values["reference"]))
                if values["reference"]
                else ("action", _key(values["description"]))
            )
            return (_key(values["group"]), values["meeting_date"], which)

        self.merge(sheet, key_of, ("group", "meeting_date", "description"))
        people, agencies = self.entries[wf.PEOPLE.name], self.entries[wf.AGENCIES.name]
        for entry in self.from_workbook(sheet, checked=False):
            row = entry.row
            self.refer_meeting(row, "group", "meeting_date")
            self.refer(row, "owner", people, "person")
            self.refer(row, "owner_agency", agencies, "agency")

    def plan_challenge_themes(self) -> None:
        self.merge(wf.CHALLENGE_THEMES, lambda values: _key(values["name"]), ("name",))

    def plan_challenges(self) -> None:
        sheet = wf.CHALLENGES
        self.merge(sheet, lambda values: _key(values["reference"]), ("reference",))
        people, groups, agencies = (self.entries[s.name] for s in (wf.PEOPLE, wf.GROUPS, wf.AGENCIES))
        for entry in self.from_workbook(sheet, checked=False):
            row = entry.row
            self.refer(row, "raised_at", groups, "group")
            self.refer(row, "raised_by", people, "person")
            self.refer(row, "agency", agencies, "agency")
            self._file_under_theme(entry)
            self._escalated_to(entry)
        for entry in self.from_workbook(sheet):
            row, values = entry.row, entry.values
            raised = values["date_raised"]
            for key, what in (
                ("response_due", "The response cannot be due"),
                ("responded_on", "The response cannot have come"),
                ("date_closed", "It cannot be closed"),
            ):
                if values[key] is not None and values[key] < raised:
                    self.problem(
                        row, key, f"{what} on {format_date(values[key])}, before it was raised ({format_date(raised)})."
                    )
            numbered = NUMBERED_REFERENCE.fullmatch(values["reference"])
            if numbered is not None:
                year, number = int(numbered.group(1)), int(numbered.group(2))
                if number > LAST_REFERENCE_NUMBER:
                    self.problem(
                        row,
                        "reference",
                        f"A challenge reference can be numbered up to {LAST_REFERENCE_NUMBER} "
                        f"({format_reference(year, LAST_REFERENCE_NUMBER)}), not {number}.",
                    )
                elif entry.is_new:
                    self.reference_numbers[year] = max(self.reference_numbers.get(year, 0), number)
            day = values["raised_at_meeting"]
            if day is None:
                continue
            if values["raised_at"] is None:
                self.problem(row, "raised_at_meeting", "Name the group in 'Raised at' so that the meeting is known.")
            elif (_key(values["raised_at"]), day) not in self.entries[wf.MEETINGS.name]:
                self.problem(
                    row,
                    "raised_at_meeting",
                    f"'{values['raised_at']}' has no meeting on {format_date(day)} in the workbook or the database.",
                )

    def _file_under_theme(self, entry: Entry) -> None:
        """A challenge's theme is one of the managed list. A workbook that lists the themes must list (or the
        database hold) each one its challenges name; an older workbook, with no themes, adds them as it goes."""
        row, name = entry.row, entry.row.values.get("theme")
        if name is None:
            return
        themes = self.entries[wf.CHALLENGE_THEMES.name]
        theme = themes.get(_key(name))
        if theme is None and self.rows(wf.CHALLENGE_THEMES):
            listing = self.parsed[wf.CHALLENGE_THEMES.name].title
            self.problem(
                row,
                "theme",
                f"There is no theme called '{name}' on the {listing} sheet or in the database; add it there.",
            )
            return
        if theme is None:
            theme = themes[_key(name)] = Entry({"name": name, "active": True})
        entry.values["theme"] = theme.values["name"]  # as the list spells it

    def _escalated_to(self, entry: Entry) -> None:
        """The group "Escalated to" names, or else the person; a name that is neither stays as written."""
        name = entry.row.values.get("escalated_to")
        entry.link = None
        if name is None:
            return
        for kind, sheet in (("group", wf.GROUPS), ("person", wf.PEOPLE)):
            target = self.entries[sheet.name].get(_key(name))
            if target is not None:
                entry.link = (kind, _key(name))
                entry.values["escalated_to"] = target.values["name"]
                return

    def plan_challenge_history(self) -> None:
        """History is added to, never rewritten: a row matches a stored entry with all the same values (repeats
        counted, as for expenditure), and any other row is a new entry of its challenge's history."""
        sheet = wf.CHALLENGE_HISTORY
        challenges = self.entries[wf.CHALLENGES.name]

        def identity(values: dict[str, object]) -> Key:
            return (
                _key(values["reference"]),
                values["changed_on"],
                values["recorded_at"],
                _key(values["changed_by"]),
                values["from_status"],
                values["to_status"],
                values["note"],
            )

        in_database = Counter(identity(stored.values) for stored in self.stored.rows[sheet.name])
        for row in self.rows(sheet):
            values = {column.key: column.default for column in sheet.columns} | row.values
            if values["reference"] is None:
                continue  # already a problem
            challenge = challenges.get(_key(values["reference"]))
            if challenge is None:
                self.problem(
                    row, "reference", f"There is no challenge '{values['reference']}' in the workbook or the database."
                )
                continue
            if row.broken:
                continue
            values["reference"] = challenge.values["reference"]
            changed_on, raised = values["changed_on"], challenge.values["date_raised"]
            if values["recorded_at"] is None:
                values["recorded_at"] = dt.datetime.combine(changed_on, dt.time(0))
            if raised is not None and changed_on < raised:
                self.problem(
                    row,
                    "changed_on",
                    f"The status cannot have changed on {format_date(changed_on)}, before the challenge was raised "
                    f"({format_date(raised)}).",
                )
            if values["from_status"] is values["to_status"]:
                self.problem(
                    row,
                    "to_status",
                    f"The status did not change: From status and To status are both {_shown(values['to_status'])}.",
                )
            if in_database[identity(values)] > 0:
                in_database[identity(values)] -= 1
                self.history_matched += 1
            else:
                self.history_new.append(Entry(values, row=row))
        self.entries[sheet.name] = {}

    def plan_money(self) -> None:
        agencies = self.entries[wf.AGENCIES.name]
        self.merge(wf.CONTRIBUTIONS, lambda values: (values["year"], _key(values["agency"])), ("year", "agency"))
        for entry in self.from_workbook(wf.CONTRIBUTIONS, checked=False):
            self.refer(entry.row, "agency", agencies, "agency")
        self.merge(wf.INCOME_LINES, lambda values: (values["year"], _key(values["source"])), ("year", "source"))
        self.merge(wf.BUDGET_LINES, lambda values: (values["year"], _key(values["line"])), ("year", "line"))
        lines = self.entries[wf.BUDGET_LINES.name]

        # Expenditure has no key: a row matches a stored entry with all the same values, repeats counted.
        def identity(values: dict[str, object]) -> Key:
            return (values["year"], _key(values["line"]), values["date"], values["description"], values["amount"])

        in_database = Counter(identity(stored.values) for stored in self.stored.rows[wf.EXPENDITURE.name])
        for row in self.rows(wf.EXPENDITURE):
            values = {column.key: column.default for column in wf.EXPENDITURE.columns} | row.values
            if any(values[key] is None for key in ("year", "line", "date", "amount")):
                continue
            if (values["year"], _key(values["line"])) not in lines:
                self.problem(
                    row,
                    "line",
                    f"There is no budget line '{values['line']}' for {values['year']} in the workbook or the database.",
                )
                continue
            if in_database[identity(values)] > 0:
                in_database[identity(values)] -= 1
                self.expenditure_matched += 1
            else:
                self.expenditure_new.append(Entry(values, row=row))
        self.entries[wf.EXPENDITURE.name] = {}

        for sheet in (wf.CONTRIBUTIONS, wf.INCOME_LINES, wf.BUDGET_LINES):
            self.years.update(year.start_year for year, _rest in self.entries[sheet.name])
        self.years.update(entry.values["year"].start_year for entry in self.expenditure_new)

    # what changes

    def find_changes(self, sheet: wf.Sheet) -> None:
        for entry in self.entries[sheet.name].values():
            if entry.stored is None or entry.row is None:
                continue
            for key in entry.row.values:
                column = sheet.column(key)
                new, old = entry.values[key], entry.stored.values[key]
                if key == "deputy_for":
                    continue
                same = _key(new) == _key(old) if column.refers_to is not None else new == old
                if not same:
                    entry.changes.add(key)
            if sheet is wf.MEMBERSHIPS and "deputy_for" in entry.row.values:
                # The same name may now mean another seat of that member: compare the seats themselves.
                if entry.link != self.membership_keys.get(entry.stored.links.get("deputy_for")):
                    entry.changes.add("deputy_for")


# --- writing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """How a record's database column is worked out from its workbook values."""

    keys: tuple[str, ...]  # the workbook columns it depends on
    column: str
    convert: Callable[[Entry], object]
    link: bool = False  # points into the same table, so new records get it once they all exist


def _same(key: str, column: str | None = None) -> Field:
    return Field((key,), column or key, lambda entry: entry.values[key])


class _Writer:
    def __init__(self, session: Session, planner: _Planner) -> None:
        self.session = session
        self.planner = planner
        entries = planner.entries
        self.agency_id = {key: entry.id for key, entry in entries[wf.AGENCIES.name].items() if entry.id}
        self.person_id = {key: entry.id for key, entry in entries[wf.PEOPLE.name].items() if entry.id}
        self.group_id = {key: entry.id for key, entry in entries[wf.GROUPS.name].items() if entry.id}
        self.membership_id = {key: entry.id for key, entry in entries[wf.MEMBERSHIPS.name].items() if entry.id}
        self.meeting_id = {key: entry.id for key, entry in entries[wf.MEETINGS.name].items() if entry.id}
        self.challenge_id = {key: entry.id for key, entry in entries[wf.CHALLENGES.name].items() if entry.id}
        self.year_id = dict(planner.stored.years)
        self.line_id = {key: entry.id for key, entry in entries[wf.BUDGET_LINES.name].items() if entry.id}

    # lookups of ids by name, made when they are needed (new records get their ids as they are written)

    def _ref(self, ids: dict[Key, int], key: str) -> Callable[[Entry], int | None]:
        def convert(entry: Entry) -> int | None:
            value = entry.values[key]
            return ids[_key(value)] if value is not None else None

        return convert

    def _meeting(self, group_key: str, date_key: str) -> Callable[[Entry], int | None]:
        def convert(entry: Entry) -> int | None:
            group, day = entry.values[group_key], entry.values[date_key]
            return self.meeting_id[_key(group), day] if group is not None and day is not None else None

        return convert

    def _year(self, entry: Entry) -> int:
        return self.year_id[entry.values["year"].start_year]

    def _escalated_to(self, kind: str) -> Callable[[Entry], int | None]:
        ids = self.group_id if kind == "group" else self.person_id

        def convert(entry: Entry) -> int | None:
            return ids[entry.link[1]] if entry.link is not None and entry.link[0] == kind else None

        return convert

    def write(self) -> ImportSummary:
        summary = ImportSummary({sheet.name: SheetCounts() for sheet in wf.SHEETS})
        summary.years_added = self._write_years()
        specs: list[tuple[wf.Sheet, Table, list[Field], dict[Key, int] | None]] = [
            (
                wf.AGENCIES,
                Agency.__table__,
                [_same(key) for key in ("name", "short_name", "sector", "statutory_partner", "active")],
                self.agency_id,
            ),
            (
                wf.PEOPLE,
                Person.__table__,
                [_same("name"), Field(("agency",), "agency_id", self._ref(self.agency_id, "agency"))]
                + [_same(key) for key in ("job_title", "email", "phone", "active")],
                self.person_id,
            ),
            (
                wf.GROUPS,
                Group.__table__,
                [
                    _same(key)
                    for key in (
                        "name",
                        "short_name",
                        "kind",
                        "remit",
                        "frequency",
                        "quorum",
                        "statutory_partners_required",
                        "start_date",
                        "end_date",
                    )
                ]
                + [Field(("reports_to",), "parent_id", self._ref(self.group_id, "reports_to"), link=True)],
                self.group_id,
            ),
            (
                wf.MEMBERSHIPS,
                Membership.__table__,
                [
                    Field(("group",), "group_id", self._ref(self.group_id, "group")),
                    Field(("person",), "person_id", self._ref(self.person_id, "person")),
                    _same("role"),
                    Field(("agency",), "agency_id", self._ref(self.agency_id, "agency")),
                    _same("start_date"),
                    _same("end_date"),
                    Field(
                        ("deputy_for",),
                        "deputy_for_id",
                        lambda entry: self.membership_id[entry.link] if entry.link is not None else None,
                        link=True,
                    ),
                ],
                self.membership_id,
            ),
            (
                wf.MEETINGS,
                Meeting.__table__,
                [
                    Field(("group",), "group_id", self._ref(self.group_id, "group")),
                    _same("date", "meeting_date"),
                ]
                + [
                    _same(key)
                    for key in (
                        "start_time",
                        "end_time",
                        "location",
                        "status",
                        "cancellation_reason",
                        "minutes_approved_on",
                    )
                ]
                + [Field(("postponed_to",), "postponed_to_id", self._meeting("group", "postponed_to"), link=True)],
                self.meeting_id,
            ),
            (
                wf.AGENDA_ITEMS,
                AgendaItem.__table__,
                [Field(("group", "meeting_date"), "meeting_id", self._meeting("group", "meeting_date"))]
                + [_same(key) for key in ("position", "title", "presenter", "paper_reference", "minutes", "decisions")],
                None,
            ),
            (
                wf.ATTENDANCE,
                Attendance.__table__,
                [
                    Field(("group", "meeting_date"), "meeting_id", self._meeting("group", "meeting_date")),
                    Field(("person",), "person_id", self._ref(self.person_id, "person")),
                    _same("status"),
                    Field(("deputy",), "deputy_id", self._ref(self.person_id, "deputy")),
                    Field(("agency",), "agency_id", self._ref(self.agency_id, "agency")),
                ],
                None,
            ),
            (
                wf.ACTIONS,
                Action.__table__,
                [
                    Field(("group", "meeting_date"), "meeting_id", self._meeting("group", "meeting_date")),
                    _same("reference"),
                    _same("description"),
                    Field(("owner",), "owner_id", self._ref(self.person_id, "owner")),
                    Field(("owner_agency",), "owner_agency_id", self._ref(self.agency_id, "owner_agency")),
                    _same("due_date"),
                    _same("status"),
                    _same("rag"),
                ],
                None,
            ),
            (
                wf.CHALLENGE_THEMES,
                ChallengeTheme.__table__,
                [_same("name"), _same("active")],
                None,
            ),
            (
                wf.CHALLENGES,
                Challenge.__table__,
                [
                    _same("reference"),
                    _same("date_raised"),
                    Field(("raised_at",), "raised_at_group_id", self._ref(self.group_id, "raised_at")),
                    Field(
                        ("raised_at", "raised_at_meeting"),
                        "raised_at_meeting_id",
                        self._meeting("raised_at", "raised_at_meeting"),
                    ),
                    Field(("raised_by",), "raised_by_id", self._ref(self.person_id, "raised_by")),
                    Field(("agency",), "agency_id", self._ref(self.agency_id, "agency")),
                ]
                + [
                    _same(key)
                    for key in (
                        "theme",
                        "challenge",
                        "response_due",
                        "response",
                        "responded_on",
                        "outcome",
                        "status",
                        "escalated_to",
                        "date_closed",
                    )
                ]
                + [
                    Field(("escalated_to",), "escalated_to_group_id", self._escalated_to("group")),
                    Field(("escalated_to",), "escalated_to_person_id", self._escalated_to("person")),
                ],
                self.challenge_id,
            ),
            (
                wf.CONTRIBUTIONS,
                Contribution.__table__,
                [
                    Field(("year",), "year_id", self._year),
                    Field(("agency",), "agency_id", self._ref(self.agency_id, "agency")),
                    _same("agreed", "agreed_pence"),
                    _same("invoiced_on"),
                    _same("received", "received_pence"),
                    _same("received_on"),
                    _same("in_kind"),
                ],
                None,
            ),
            (
                wf.INCOME_LINES,
                IncomeLine.__table__,
                [Field(("year",), "year_id", self._year), _same("source"), _same("amount", "amount_pence")],
                None,
            ),
            (
                wf.BUDGET_LINES,
                BudgetLine.__table__,
                [Field(("year",), "year_id", self._year), _same("line", "name"), _same("budget", "budget_pence")],
                self.line_id,
            ),
        ]
        for sheet, table, fields, ids in specs:
            summary.counts[sheet.name] = self._write_sheet(table, fields, self.planner.entries[sheet.name], ids)
            if sheet is wf.CHALLENGE_THEMES:
                self._carry_theme_renames()
            if sheet is wf.CHALLENGES:
                summary.counts[wf.CHALLENGE_HISTORY.name] = self._write_history()
                self._pass_reference_counters()
        summary.counts[wf.EXPENDITURE.name] = self._write_expenditure()
        return summary

    def _carry_theme_renames(self) -> None:
        """A theme the workbook spells differently (only its case or spacing can differ) is renamed on the
        challenges filed under it too, as renaming it on screen does."""
        table = Challenge.__table__
        renamed = [
            {"p_old": entry.stored.values["name"], "p_new": entry.values["name"]}
            for entry in self.planner.entries[wf.CHALLENGE_THEMES.name].values()
            if entry.stored is not None and "name" in entry.changes
        ]
        if renamed:
            statement = (
                update(table)
                .where(table.c.theme == bindparam("p_old"))
                .values(theme=bindparam("p_new"), version=table.c.version + 1)
            )
            self._execute_many(statement, renamed)

    def _write_history(self) -> SheetCounts:
        new = self.planner.history_new
        if new:
            self.session.execute(
                insert(ChallengeStatusChange.__table__),
                [
                    {"challenge_id": self.challenge_id[_key(entry.values["reference"])]}
                    | {
                        key: entry.values[key]
                        for key in ("changed_on", "recorded_at", "changed_by", "from_status", "to_status", "note")
                    }
                    for entry in new
                ],
            )
        return SheetCounts(added=len(new), unchanged=self.planner.history_matched)

    def _pass_reference_counters(self) -> None:
        """The next reference the challenge log gives out comes after every one the import added, even once
        an imported challenge is deleted (a deleted challenge's reference is never given out again)."""
        table = ChallengeReferenceCounter.__table__
        counted = {year: number for year, number in self.session.execute(select(table.c.year, table.c.last_number))}
        numbers = self.planner.reference_numbers
        new = [{"year": year, "last_number": number} for year, number in numbers.items() if year not in counted]
        behind = [
            {"p_year": year, "p_number": number}
            for year, number in numbers.items()
            if year in counted and counted[year] < number
        ]
        if new:
            self.session.execute(insert(table), new)
        if behind:
            statement = (
                update(table).where(table.c.year == bindparam("p_year")).values(last_number=bindparam("p_number"))
            )
            self._execute_many(statement, behind)

    def _write_years(self) -> int:
        missing = sorted(self.planner.years - set(self.year_id))
        if missing:
            table = FinancialYearRecord.__table__
            rows = [{"start_year": year, "label": FinancialYear(year).label, "version": 1} for year in missing]
            ids = self._insert_returning_ids(table, rows)
            self.year_id.update(zip(missing, ids, strict=True))
        return len(missing)

    def _insert_returning_ids(self, table: Table, rows: list[dict[str, object]]) -> list[int]:
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(self.session.execute(statement, rows).scalars())

    def _write_sheet(
        self, table: Table, fields: list[Field], entries: dict[Key, Entry], ids: dict[Key, int] | None
    ) -> SheetCounts:
        counts = SheetCounts()
        plain = [spec for spec in fields if not spec.link]
        links = [spec for spec in fields if spec.link]

        new = [(key, entry) for key, entry in entries.items() if entry.is_new]
        if new:
            rows = [
                {spec.column: spec.convert(entry) for spec in plain}
                | {spec.column: None for spec in links}
                | {"version": 1}
                for _key_, entry in new
            ]
            if ids is not None:
                for (key, entry), new_id in zip(new, self._insert_returning_ids(table, rows), strict=True):
                    entry.id = ids[key] = new_id
            else:
                self.session.execute(insert(table), rows)
            counts.added = len(new)
            # Links to records of the same table, now that every one of them has an id.
            for spec in links:
                linked = [
                    {"p_id": entry.id, "p_value": value}
                    for _k, entry in new
                    if (value := spec.convert(entry)) is not None
                ]
                if linked:
                    statement = (
                        update(table).where(table.c.id == bindparam("p_id")).values({spec.column: bindparam("p_value")})
                    )
                    self._execute_many(statement, linked)

        changed: dict[tuple[str, ...], list[dict[str, object]]] = defaultdict(list)
        for entry in entries.values():
            if entry.is_new or entry.row is None:
                continue
            if not entry.changes:
                counts.unchanged += 1
                continue
            touched = [spec for spec in fields if entry.changes.intersection(spec.keys)]
            columns = tuple(spec.column for spec in touched)
            changed[columns].append(
                {"p_id": entry.stored.id} | {f"p_{spec.column}": spec.convert(entry) for spec in touched}
            )
            counts.updated += 1
        for columns, rows in changed.items():
            # The version goes up as with any save, so that someone editing the record meanwhile is told.
            statement = (
                update(table)
                .where(table.c.id == bindparam("p_id"))
                .values({column: bindparam(f"p_{column}") for column in columns} | {"version": table.c.version + 1})
            )
            self._execute_many(statement, rows)
        return counts

    def _execute_many(self, statement, rows: list[dict[str, object]]) -> None:
        # Executed on the connection: an ORM session would try to match rows to mapped objects.
        self.session.connection().execute(statement, rows)

    def _write_expenditure(self) -> SheetCounts:
        new = self.planner.expenditure_new
        if new:
            self.session.execute(
                insert(Expenditure.__table__),
                [
                    {
                        "budget_line_id": self.line_id[entry.values["year"], _key(entry.values["line"])],
                        "spent_on": entry.values["date"],
                        "description": entry.values["description"],
                        "amount_pence": entry.values["amount"],
                        "version": 1,
                    }
                    for entry in new
                ],
            )
        return SheetCounts(added=len(new), unchanged=self.planner.expenditure_matched)
