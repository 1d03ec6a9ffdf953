"""The workbook format: the one description of every sheet and column that export and import both use.

A business unit moves its existing spreadsheets in with this format and takes the whole database out
with it, so the two directions must never drift apart: sheet names, column headers, which columns are
required and how each cell converts are all declared here, once. Plain Python: the cell values handled
are the ones a spreadsheet library hands over (str, int, float, Decimal, bool, date, datetime, time).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from board_admin.domain.case_reviews import CaseReviewStatus, ReviewDecision
from board_admin.domain.dates import date_out_of_range, format_date
from board_admin.domain.enums import (
    ActionStatus,
    AttendanceStatus,
    ChallengeStatus,
    Frequency,
    GroupKind,
    LabelledEnum,
    MeetingStatus,
    MemberRole,
    Rag,
    Remit,
    Sector,
)
from board_admin.domain.errors import ValidationError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.money import parse_pounds, pence_from_number, pounds
from board_admin.domain.numbers import LARGEST_WHOLE_NUMBER
from board_admin.domain.quorum import (
    DEFAULT_COUNTING_ROLES,
    check_counting_roles,
    counting_roles_from_text,
    counting_roles_to_text,
    describe_roles,
)

NAME = 200  # as long as a name column of the database
SHORT = 40

# The years the database accepts (its plausible_year rule).
FIRST_YEAR = 1990
LAST_YEAR = 2200


def header_key(text: object) -> str:
    """A header or sheet name as compared: case and every space ignored."""
    return "".join(str(text).split()).casefold() if text is not None else ""


def name_key(text: object) -> str:
    """A name as matched: agencies, people, groups (and references, sources, lines) ignore case and spacing runs."""
    return " ".join(str(text).split()).casefold() if text is not None else ""


class CellKind(enum.Enum):
    TEXT = "text"  # one line; runs of spaces become one space
    LONG_TEXT = "long text"  # kept exactly as typed, line breaks and all (minutes, decisions)
    DATE = "date"
    DATE_TIME = "date and time"  # to the millisecond, the finest a spreadsheet keeps
    TIME = "time"
    MONEY = "money"  # pounds and pence in the cell, whole pence in the database
    YES_NO = "yes/no"
    WHOLE_NUMBER = "whole number"
    CHOICE = "choice"  # one label of a LabelledEnum
    FINANCIAL_YEAR = "financial year"
    ROLES = "roles"  # membership roles, comma-separated labels; stored as quorum.counting_roles_to_text


class Refers(enum.Enum):
    """What a text column names, looked up by name in the workbook first, then in the database."""

    AGENCY = "agency"
    PERSON = "person"
    GROUP = "group"
    THEME = "theme"  # a challenge theme (on the ChallengeThemes sheet or in the database)
    CHALLENGE = "challenge"  # by its reference
    REVIEW_KIND = "kind of review"  # on the ReviewKinds sheet or in the database
    LEARNING_THEME = "learning theme"
    CASE_REVIEW = "case review"  # by its reference


class CellError(ValueError):
    """A cell whose content cannot be read as its column says; `message` is the sentence to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: CellKind
    required: bool = False
    choices: type[LabelledEnum] | None = None
    refers_to: Refers | None = None
    limit: int | None = None  # most characters, for text
    minimum: int | None = None  # for whole numbers
    allow_negative: bool = False  # for money
    default: object = None  # the value of a blank cell (and of a missing column on a new row)

    def read(self, raw: object) -> object:
        """The value of a cell as read from a spreadsheet; CellError if it is not one this column takes."""
        return read_cell(self, raw)

    def write(self, value: object) -> object:
        """The value to put in a spreadsheet cell (str, date, time, Decimal, int or None)."""
        return write_cell(self, value)

    def describe(self) -> str:
        """How the column is written, for the documentation of the format."""
        if self.kind is CellKind.CHOICE and self.choices is not None:
            return "one of: " + ", ".join(self.choices.labels())
        if self.refers_to is Refers.CHALLENGE:
            return "the reference of a challenge"
        if self.refers_to is Refers.CASE_REVIEW:
            return "the reference of a case review"
        if self.refers_to is Refers.LEARNING_THEME:
            return "names of learning themes, separated by semicolons"
        if self.refers_to is not None:
            return f"the name of {'an' if self.refers_to is Refers.AGENCY else 'a'} {self.refers_to.value}"
        return {
            CellKind.TEXT: f"text (at most {self.limit} characters)" if self.limit else "text",
            CellKind.LONG_TEXT: "text, line breaks kept",
            CellKind.DATE: "a date (an Excel date, 2024-03-31 or 31/03/2024)",
            CellKind.DATE_TIME: "a date and time (an Excel date and time, 2024-03-31 14:05 or 31/03/2024 14:05:09)",
            CellKind.TIME: "a time (an Excel time or 10:00)",
            CellKind.MONEY: "pounds and pence, like 112532.19" + ("" if self.allow_negative else ", not negative"),
            CellKind.YES_NO: "Yes or No" + (f" (blank means {write_cell(self, self.default)})" if self.default else ""),
            CellKind.WHOLE_NUMBER: "a whole number" + (f" from {self.minimum}" if self.minimum is not None else ""),
            CellKind.FINANCIAL_YEAR: "a financial year like 2015-16",
            CellKind.ROLES: "roles separated by commas, from: "
            + ", ".join(MemberRole.labels())
            + " (Deputy: a deputy in the place of a member whose role counts); blank: "
            + describe_roles(DEFAULT_COUNTING_ROLES),
        }.get(self.kind, self.kind.value)


@dataclass(frozen=True)
class Sheet:
    name: str
    singular: str
    plural: str
    columns: tuple[Column, ...]
    # The columns that identify a row (matched against the database on import).
    key: tuple[str, ...]
    # The columns a sheet is sorted by on export; the remaining columns break any tie.
    order: tuple[str, ...]
    _by_key: dict[str, Column] = field(init=False, repr=False, compare=False)
    _by_header: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {column.key: column for column in self.columns})
        object.__setattr__(self, "_by_header", {header_key(column.header): column for column in self.columns})

    def column(self, key: str) -> Column:
        return self._by_key[key]

    def find_column(self, header: object) -> Column | None:
        """The column a header names, ignoring case and spacing ('start date', 'StartDate')."""
        return self._by_header.get(header_key(header))

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    @property
    def required(self) -> list[Column]:
        return [column for column in self.columns if column.required]

    def count(self, number: int) -> str:
        """'1 agency', '12 agencies'."""
        return f"{number} {self.singular if number == 1 else self.plural}"


def _text(header: str, key: str, *, limit: int | None = NAME, required: bool = False) -> Column:
    return Column(header, key, CellKind.TEXT, required=required, limit=limit)


def _long(header: str, key: str, *, required: bool = False) -> Column:
    return Column(header, key, CellKind.LONG_TEXT, required=required)


def _name_of(header: str, key: str, refers: Refers, *, required: bool = False) -> Column:
    return Column(header, key, CellKind.TEXT, required=required, refers_to=refers, limit=NAME)


def _date(header: str, key: str, *, required: bool = False) -> Column:
    return Column(header, key, CellKind.DATE, required=required)


def _date_time(header: str, key: str, *, required: bool = False) -> Column:
    return Column(header, key, CellKind.DATE_TIME, required=required)


def _time(header: str, key: str) -> Column:
    return Column(header, key, CellKind.TIME)


def _money(header: str, key: str, *, required: bool = False, allow_negative: bool = False) -> Column:
    return Column(header, key, CellKind.MONEY, required=required, allow_negative=allow_negative)


def _yes_no(header: str, key: str, default: bool) -> Column:
    return Column(header, key, CellKind.YES_NO, default=default)


def _choice(
    header: str, key: str, choices: type[LabelledEnum], *, required: bool = False, default: object = None
) -> Column:
    return Column(header, key, CellKind.CHOICE, required=required, choices=choices, default=default)


def _year(key: str = "year") -> Column:
    return Column("Financial year", key, CellKind.FINANCIAL_YEAR, required=True)


AGENCIES = Sheet(
    "Agencies",
    "agency",
    "agencies",
    (
        _text("Name", "name", required=True),
        _text("Short name", "short_name", limit=SHORT),
        _choice("Sector", "sector", Sector, required=True),
        _yes_no("Statutory partner", "statutory_partner", False),
        _yes_no("Active", "active", True),
    ),
    key=("name",),
    order=("name",),
)

PEOPLE = Sheet(
    "People",
    "person",
    "people",
    (
        _text("Name", "name", required=True),
        _name_of("Agency", "agency", Refers.AGENCY, required=True),
        _text("Job title", "job_title"),
        _text("Email", "email"),
        _text("Phone", "phone", limit=SHORT),
        _yes_no("Active", "active", True),
    ),
    key=("name",),
    order=("name",),
)

GROUPS = Sheet(
    "Groups",
    "group",
    "groups",
    (
        _text("Name", "name", required=True),
        _text("Short name", "short_name", limit=SHORT),
        _choice("Kind", "kind", GroupKind, required=True),
        _choice("Remit", "remit", Remit, default=Remit.JOINT),
        _name_of("Reports to", "reports_to", Refers.GROUP),
        _choice("Frequency", "frequency", Frequency),
        Column("Quorum", "quorum", CellKind.WHOLE_NUMBER, minimum=1),
        _yes_no("Statutory partners required", "statutory_partners_required", False),
        _date("Start date", "start_date"),
        _date("End date", "end_date"),
        # Which roles count towards the quorum; blank: the default (chair, vice-chair, member, lay member,
        # and a deputy in such a member's place).
        Column("Counts towards quorum", "quorum_roles", CellKind.ROLES, limit=NAME),
    ),
    key=("name",),
    order=("name",),
)

MEMBERSHIPS = Sheet(
    "Memberships",
    "membership",
    "memberships",
    (
        _name_of("Group", "group", Refers.GROUP, required=True),
        _name_of("Person", "person", Refers.PERSON, required=True),
        _choice("Role", "role", MemberRole, required=True),
        # Blank: the person's own agency.
        _name_of("Representing agency", "agency", Refers.AGENCY),
        _date("Start date", "start_date", required=True),
        _date("End date", "end_date"),
        # The member this deputy stands in for, a person on the same group.
        _name_of("Deputy for", "deputy_for", Refers.PERSON),
        # A member entered after registers were taken is on the registers from this date (blank: from the start).
        _date("On registers from", "registers_from"),
    ),
    key=("group", "person", "start_date"),
    order=("group", "person", "start_date"),
)

MEETINGS = Sheet(
    "Meetings",
    "meeting",
    "meetings",
    (
        _name_of("Group", "group", Refers.GROUP, required=True),
        _date("Date", "date", required=True),
        _time("Start time", "start_time"),
        _time("End time", "end_time"),
        _text("Location", "location"),
        _choice("Status", "status", MeetingStatus, required=True),
        _long("Cancellation reason", "cancellation_reason"),
        _date("Minutes approved on", "minutes_approved_on"),
        # The date of the same group's meeting that replaced a postponed one.
        _date("Postponed to", "postponed_to"),
        # Written by Board Admin when the minutes are approved: the actions and challenges as they stood then.
        _long("Minutes record", "minutes_record"),
    ),
    key=("group", "date"),
    order=("group", "date"),
)

AGENDA_ITEMS = Sheet(
    "AgendaItems",
    "agenda item",
    "agenda items",
    (
        _name_of("Group", "group", Refers.GROUP, required=True),
        _date("Meeting date", "meeting_date", required=True),
        Column("Position", "position", CellKind.WHOLE_NUMBER, required=True, minimum=1),
        _text("Title", "title", required=True),
        _text("Presenter", "presenter"),
        _text("Paper reference", "paper_reference", limit=SHORT),
        _long("Minutes", "minutes"),
    ),
    key=("group", "meeting_date", "position"),
    order=("group", "meeting_date", "position"),
)

# Papers are listed, not carried: the files stay in the database (and its backups). The sheet is written by the
# export so the workbook says which papers each item has; the import reads past it (LISTED_SHEETS).
PAPERS = Sheet(
    "Papers",
    "paper",
    "papers",
    (
        _name_of("Group", "group", Refers.GROUP, required=True),
        _date("Meeting date", "meeting_date", required=True),
        Column("Item", "item", CellKind.WHOLE_NUMBER, required=True, minimum=1),
        Column("Paper", "position", CellKind.WHOLE_NUMBER, required=True, minimum=1),
        _text("File name", "file_name", required=True),
        Column("Version", "number", CellKind.WHOLE_NUMBER, required=True, minimum=1),
        _text("Kind", "kind", limit=SHORT),
        Column("Size (bytes)", "size", CellKind.WHOLE_NUMBER, minimum=0),
        _date_time("Received", "received_at"),
        _yes_no("Late paper", "late", False),
    ),
    key=("group", "meeting_date", "item", "position"),
    order=("group", "meeting_date", "item", "position"),
)

# The decision register: each decision under its agenda item (the item's position on that meeting's agenda),
# numbered within its group and the financial year of its meeting (SCPB-2025-26-D07 is number 7).
DECISIONS = Sheet(
    "Decisions",
    "decision",
    "decisions",
    (
        _name_of("Group", "group", Refers.GROUP, required=True),
        _date("Meeting date", "meeting_date", required=True),
        Column("Item", "item", CellKind.WHOLE_NUMBER, required=True, minimum=1),
        # Its order among the item's decisions.
        Column("Position", "position", CellKind.WHOLE_NUMBER, required=True, minimum=1),
        Column("Number", "number", CellKind.WHOLE_NUMBER, required=True, minimum=1),
        _long("Decision", "text", required=True),
    ),
    key=("group", "meeting_date", "number"),
    order=("group", "meeting_date", "item", "position"),
)

ATTENDANCE = Sheet(
    "Attendance",
    "attendance line",
    "attendance lines",
    (
        _name_of("Group", "group", Refers.GROUP, required=True),
        _date("Meeting date", "meeting_date", required=True),
        _name_of("Person", "person", Refers.PERSON, required=True),
        _choice("Status", "status", AttendanceStatus, required=True),
        _name_of("Deputy", "deputy", Refers.PERSON),
        _name_of("Representing agency", "agency", Refers.AGENCY),
    ),
    key=("group", "meeting_date", "person"),
    order=("group", "meeting_date", "person"),
)

ACTIONS = Sheet(
    "Actions",
    "action",
    "actions",
    (
        _name_of("Group", "group", Refers.GROUP, required=True),
        _date("Meeting date", "meeting_date", required=True),
        _text("Reference", "reference", limit=SHORT),
        _long("Action", "description", required=True),
        _name_of("Owner", "owner", Refers.PERSON),
        _name_of("Owner agency", "owner_agency", Refers.AGENCY),
        _date("Due date", "due_date"),
        _choice("Status", "status", ActionStatus, default=ActionStatus.OPEN),
        _choice("RAG", "rag", Rag),
        # An action carrying out a case review's recommendation: the review's reference and the number.
        Column("Case review", "case_review", CellKind.TEXT, refers_to=Refers.CASE_REVIEW, limit=SHORT),
        Column("Recommendation", "recommendation", CellKind.WHOLE_NUMBER, minimum=1),
    ),
    # The reference, or the action's words when it has none.
    key=("group", "meeting_date", "reference"),
    order=("group", "meeting_date", "reference", "description"),
)

CHALLENGES = Sheet(
    "Challenges",
    "challenge",
    "challenges",
    (
        _text("Reference", "reference", required=True, limit=SHORT),
        _date("Date raised", "date_raised", required=True),
        _name_of("Raised at", "raised_at", Refers.GROUP),
        # The date of a meeting of the "Raised at" group.
        _date("Raised at meeting", "raised_at_meeting"),
        _name_of("Raised by", "raised_by", Refers.PERSON),
        _name_of("Agency challenged", "agency", Refers.AGENCY, required=True),
        _name_of("Theme", "theme", Refers.THEME),
        _long("Challenge", "challenge", required=True),
        _date("Response due", "response_due"),
        _long("Response", "response"),
        _date("Responded on", "responded_on"),
        _long("Outcome", "outcome"),
        _choice("Status", "status", ChallengeStatus, required=True),
        # The name of the group or person it was escalated to: linked to that group (or else that person)
        # when there is one of that name, and otherwise kept as written.
        _text("Escalated to", "escalated_to"),
        _date("Date closed", "date_closed"),
    ),
    key=("reference",),
    order=("date_raised", "reference"),
)

# The managed list of themes a challenge is filed under; a retired theme stays on old challenges.
CHALLENGE_THEMES = Sheet(
    "ChallengeThemes",
    "challenge theme",
    "challenge themes",
    (
        _text("Theme", "name", required=True),
        _yes_no("Active", "active", True),
    ),
    key=("name",),
    order=("name",),
)

# Every change of a challenge's status: when, who, from, to and why.
CHALLENGE_HISTORY = Sheet(
    "ChallengeHistory",
    "challenge history entry",
    "challenge history entries",
    (
        Column("Reference", "reference", CellKind.TEXT, required=True, refers_to=Refers.CHALLENGE, limit=SHORT),
        _date("Changed on", "changed_on", required=True),
        # When it was recorded, which orders two changes of the same day (blank: the start of that day).
        _date_time("Recorded at", "recorded_at"),
        _text("Changed by", "changed_by", required=True, limit=SHORT),
        # Blank for the first entry, when the challenge was recorded.
        _choice("From status", "from_status", ChallengeStatus),
        _choice("To status", "to_status", ChallengeStatus, required=True),
        _long("Note", "note"),
    ),
    # History is added to, never rewritten: an entry is matched by all its values, repeats counted.
    key=("reference", "changed_on", "recorded_at", "changed_by", "from_status", "to_status", "note"),
    order=("reference", "changed_on", "recorded_at"),
)

CONTRIBUTIONS = Sheet(
    "Contributions",
    "contribution",
    "contributions",
    (
        _year(),
        _name_of("Agency", "agency", Refers.AGENCY, required=True),
        _money("Agreed", "agreed", required=True),
        _date("Invoiced on", "invoiced_on"),
        _money("Received", "received"),
        _date("Received on", "received_on"),
        _long("In kind", "in_kind"),
    ),
    key=("year", "agency"),
    order=("year", "agency"),
)

INCOME_LINES = Sheet(
    "IncomeLines",
    "income line",
    "income lines",
    (
        _year(),
        _text("Source", "source", required=True),
        _money("Amount", "amount", required=True, allow_negative=True),
        _long("Footnote", "footnote"),
    ),
    key=("year", "source"),
    order=("year", "source"),
)

BUDGET_LINES = Sheet(
    "BudgetLines",
    "budget line",
    "budget lines",
    (
        _year(),
        _text("Line", "line", required=True),
        _money("Budget", "budget", required=True),
        _long("Footnote", "footnote"),
    ),
    key=("year", "line"),
    order=("year", "line"),
)

EXPENDITURE = Sheet(
    "Expenditure",
    "expenditure entry",
    "expenditure entries",
    (
        _year(),
        _text("Line", "line", required=True),
        _date("Date", "date", required=True),
        _long("Description", "description"),
        # Negative for a refund or an income credited to the line.
        _money("Amount", "amount", required=True, allow_negative=True),
    ),
    # Entries have no name: an entry is matched by all its values, repeats counted.
    key=("year", "line", "date", "description", "amount"),
    order=("year", "line", "date", "description", "amount"),
)

# --- case reviews (issue 24) ---------------------------------------------------------------------

# The kinds of review: the standard five, and any the unit adds (its prefix starts the references).
REVIEW_KINDS = Sheet(
    "ReviewKinds",
    "kind of review",
    "kinds of review",
    (
        _text("Kind", "name", required=True),
        _text("Prefix", "prefix", required=True, limit=10),
        _yes_no("Active", "active", True),
    ),
    key=("name",),
    order=("name",),
)

LEARNING_THEMES = Sheet(
    "LearningThemes",
    "learning theme",
    "learning themes",
    (
        _text("Theme", "name", required=True),
        _yes_no("Active", "active", True),
    ),
    key=("name",),
    order=("name",),
)

CASE_REVIEWS = Sheet(
    "CaseReviews",
    "case review",
    "case reviews",
    (
        _text("Reference", "reference", required=True, limit=SHORT),
        Column("Kind", "kind", CellKind.TEXT, required=True, refers_to=Refers.REVIEW_KIND, limit=NAME),
        _text("Name", "name", required=True),
        _name_of("Overseen by", "overseeing_group", Refers.GROUP),
        _name_of("Referred by", "referring_agency", Refers.AGENCY),
        _date("Notified on", "notified_on", required=True),
        _date("Rapid review held", "rapid_review_held_on"),
        _date("Decided on", "decided_on"),
        _choice("Decision", "decision", ReviewDecision),
        _date("National Panel informed", "panel_informed_on"),
        _date("Reviewer commissioned", "reviewer_commissioned_on"),
        _text("Reviewer", "reviewer"),
        _date("Signed off", "signed_off_on"),
        _date("Sent to Panel", "sent_to_panel_on"),
        _date("Publication planned", "publication_planned_on"),
        _date("Published", "published_on"),
        _choice("Status", "status", CaseReviewStatus, required=True),
        Column("Learning themes", "themes", CellKind.TEXT, refers_to=Refers.LEARNING_THEME),
        _long("Summary", "summary"),
    ),
    key=("reference",),
    order=("notified_on", "reference"),
)

CASE_REVIEW_HISTORY = Sheet(
    "CaseReviewHistory",
    "case review history entry",
    "case review history entries",
    (
        Column("Reference", "reference", CellKind.TEXT, required=True, refers_to=Refers.CASE_REVIEW, limit=SHORT),
        _date("Changed on", "changed_on", required=True),
        _date_time("Recorded at", "recorded_at"),
        _text("Changed by", "changed_by", required=True, limit=SHORT),
        _choice("From status", "from_status", CaseReviewStatus),
        _choice("To status", "to_status", CaseReviewStatus, required=True),
        _long("Note", "note"),
    ),
    key=("reference", "changed_on", "recorded_at", "changed_by", "from_status", "to_status", "note"),
    order=("reference", "changed_on", "recorded_at"),
)

RECOMMENDATIONS = Sheet(
    "Recommendations",
    "recommendation",
    "recommendations",
    (
        Column("Reference", "reference", CellKind.TEXT, required=True, refers_to=Refers.CASE_REVIEW, limit=SHORT),
        Column("Number", "number", CellKind.WHOLE_NUMBER, required=True, minimum=1),
        _long("Recommendation", "text", required=True),
    ),
    key=("reference", "number"),
    order=("reference", "number"),
)

# In the order of the workbook, which is also an order in which every sheet only refers to earlier ones
# (apart from links within a sheet: reports to, deputy for, postponed to; and the Actions' "Case review",
# which names a review of the case review sheets at the end).
SHEETS: tuple[Sheet, ...] = (
    AGENCIES,
    PEOPLE,
    GROUPS,
    MEMBERSHIPS,
    MEETINGS,
    AGENDA_ITEMS,
    DECISIONS,
    ATTENDANCE,
    ACTIONS,
    CHALLENGE_THEMES,
    CHALLENGES,
    CHALLENGE_HISTORY,
    CONTRIBUTIONS,
    INCOME_LINES,
    BUDGET_LINES,
    EXPENDITURE,
    REVIEW_KINDS,
    LEARNING_THEMES,
    CASE_REVIEWS,
    CASE_REVIEW_HISTORY,
    RECOMMENDATIONS,
)

_SHEETS_BY_NAME = {header_key(sheet.name): sheet for sheet in SHEETS}

# Sheets the export writes for reading only, after SHEETS; the import passes over them whatever they hold.
LISTED_SHEETS: tuple[Sheet, ...] = (PAPERS,)
_LISTED_BY_NAME = {header_key(sheet.name): sheet for sheet in LISTED_SHEETS}


def is_listed_only(name: object) -> bool:
    """True for a sheet the export lists for reading (Papers) and the import leaves alone."""
    return header_key(name) in _LISTED_BY_NAME


def find_sheet(name: object) -> Sheet | None:
    """The sheet a tab name means, ignoring case and spacing ('Agenda items' is AgendaItems)."""
    return _SHEETS_BY_NAME.get(header_key(name))


# --- reading cells -------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_CLOCK = r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?"
_ISO_DATE_TIME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + _CLOCK + "$")
_UK_DATE_TIME = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})" + _CLOCK + "$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _shown(raw: object) -> str:
    """A cell's content quoted in a message as the user would recognise it."""
    if isinstance(raw, dt.datetime):
        return format_date(raw.date()) if raw.time() == dt.time(0) else raw.strftime("%d/%m/%Y %H:%M")
    if isinstance(raw, dt.date):
        return format_date(raw)
    if isinstance(raw, dt.time):
        return raw.strftime("%H:%M")
    if isinstance(raw, float):
        return repr(raw).removesuffix(".0")
    return str(raw)


def read_cell(column: Column, raw: object) -> object:
    if is_blank(raw):
        if column.required:
            raise CellError(f"{column.header} cannot be empty.")
        return column.default
    reader = _READERS[column.kind]
    value = reader(column, raw)
    if isinstance(value, dt.date):
        problem = date_out_of_range(value)
        if problem:
            raise CellError(problem)
    return value


def _read_text(column: Column, raw: object) -> str:
    text = " ".join(_plain_text(raw).split())
    _check_length(column, text)
    return text


def _read_long_text(column: Column, raw: object) -> str:
    text = _plain_text(raw)
    _check_length(column, text)
    return text


def _plain_text(raw: object) -> str:
    if isinstance(raw, bool):
        return "Yes" if raw else "No"
    if isinstance(raw, str):
        return raw
    return _shown(raw)


def _check_length(column: Column, text: str) -> None:
    if column.limit is not None and len(text) > column.limit:
        raise CellError(f"This is {len(text)} characters long; the most allowed is {column.limit}.")


def _read_date(column: Column, raw: object) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        iso = _ISO_DATE.match(text)
        uk = _UK_DATE.match(text)
        try:
            if iso:
                return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            if uk:
                return dt.date(int(uk.group(3)), int(uk.group(2)), int(uk.group(1)))
        except ValueError:
            pass
    raise CellError(f"'{_shown(raw)}' is not a date.")


def to_millisecond(moment: dt.datetime) -> dt.datetime:
    """A moment as precisely as a workbook keeps it."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _read_date_time(column: Column, raw: object) -> dt.datetime:
    if isinstance(raw, dt.datetime):
        # To the nearest millisecond: a moment stored as a fraction of a day may come back a hair early.
        rounded = to_millisecond(raw)
        if raw.microsecond % 1000 >= 500 and rounded < dt.datetime.max - dt.timedelta(milliseconds=1):
            rounded += dt.timedelta(milliseconds=1)
        return rounded
    if isinstance(raw, dt.date):
        return dt.datetime.combine(raw, dt.time(0))
    if isinstance(raw, str):
        text = raw.strip()
        iso = _ISO_DATE_TIME.match(text)
        uk = _UK_DATE_TIME.match(text)
        parts = iso.groups() if iso else None
        if uk:
            day, month, year, *clock = uk.groups()
            parts = (year, month, day, *clock)
        if parts is not None:
            *whole, fraction = parts
            try:
                return dt.datetime(*(int(part or 0) for part in whole), int((fraction or "0").ljust(3, "0")) * 1000)
            except ValueError:
                pass
    raise CellError(f"'{_shown(raw)}' is not a date and time; write it like 31/03/2024 14:05.")


def _read_time(column: Column, raw: object) -> dt.time:
    if isinstance(raw, dt.datetime):
        return raw.time()
    if isinstance(raw, dt.time):
        return raw
    if isinstance(raw, str):
        match = _TIME.match(raw.strip())
        if match:
            try:
                return dt.time(int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))
            except ValueError:
                pass
    raise CellError(f"'{_shown(raw)}' is not a time; write it like 10:00.")


def _read_money(column: Column, raw: object) -> int:
    try:
        if isinstance(raw, str):
            pence = parse_pounds(raw, allow_negative=True)
        elif isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
            pence = pence_from_number(raw)
        else:
            raise CellError(f"'{_shown(raw)}' is not an amount in pounds.")
    except ValidationError as error:
        raise CellError(error.message) from error
    if pence < 0 and not column.allow_negative:
        raise CellError(f"The amount {_shown(raw)} cannot be negative.")
    return pence


def _read_yes_no(column: Column, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(f"'{_shown(raw)}' is not Yes or No.")


def _read_whole_number(column: Column, raw: object) -> int:
    number: int | None = None
    if isinstance(raw, bool):
        number = None
    elif isinstance(raw, int):
        number = raw
    elif isinstance(raw, float) and raw.is_integer():
        number = int(raw)
    elif isinstance(raw, Decimal) and raw == raw.to_integral_value():
        number = int(raw)
    elif isinstance(raw, str) and raw.strip().isdigit():
        number = int(raw.strip())
    if number is None:
        raise CellError(f"'{_shown(raw)}' is not a whole number.")
    if column.minimum is not None and number < column.minimum:
        raise CellError(f"{column.header} must be at least {column.minimum}, not {number}.")
    if number > LARGEST_WHOLE_NUMBER:
        raise CellError(f"{number} is too large for {column.header}; the most allowed is {LARGEST_WHOLE_NUMBER}.")
    return number


def _read_choice(column: Column, raw: object) -> LabelledEnum:
    assert column.choices is not None
    try:
        return column.choices.from_text(_plain_text(raw))
    except ValueError:
        raise CellError(f"'{_shown(raw)}' is not one of: {', '.join(column.choices.labels())}.") from None


def _read_financial_year(column: Column, raw: object) -> FinancialYear:
    try:
        year = FinancialYear.parse(_plain_text(raw))
    except ValidationError as error:
        raise CellError(error.message) from error
    if not FIRST_YEAR <= year.start_year <= LAST_YEAR:
        raise CellError(f"'{_shown(raw)}' is not a financial year Board Admin can record.")
    return year


def is_json(text: str) -> bool:
    """Whether a cell holds what Board Admin writes as JSON (the minutes' record at approval)."""
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _read_roles(column: Column, raw: object) -> str | None:
    roles = set()
    for part in _plain_text(raw).split(","):
        if not part.strip():
            continue
        try:
            roles.add(MemberRole.from_text(part))
        except ValueError:
            raise CellError(
                f"'{part.strip()}' is not a role; the roles are {', '.join(MemberRole.labels())}."
            ) from None
    try:
        check_counting_roles(roles)
    except ValidationError as error:
        raise CellError(str(error)) from None
    return counting_roles_to_text(roles)


_READERS = {
    CellKind.TEXT: _read_text,
    CellKind.LONG_TEXT: _read_long_text,
    CellKind.DATE: _read_date,
    CellKind.DATE_TIME: _read_date_time,
    CellKind.TIME: _read_time,
    CellKind.MONEY: _read_money,
    CellKind.YES_NO: _read_yes_no,
    CellKind.WHOLE_NUMBER: _read_whole_number,
    CellKind.CHOICE: _read_choice,
    CellKind.FINANCIAL_YEAR: _read_financial_year,
    CellKind.ROLES: _read_roles,
}


# --- writing cells -------------------------------------------------------------------------------


def write_cell(column: Column, value: object) -> object:
    if value is None:
        return None
    kind = column.kind
    if kind is CellKind.MONEY:
        return pounds(int(value))
    if kind is CellKind.YES_NO:
        return "Yes" if value else "No"
    if kind is CellKind.CHOICE:
        return value.label if isinstance(value, LabelledEnum) else str(value)
    if kind is CellKind.FINANCIAL_YEAR:
        return value.label if isinstance(value, FinancialYear) else str(value)
    if kind is CellKind.ROLES:
        return describe_roles(counting_roles_from_text(value))
    if kind is CellKind.DATE and isinstance(value, dt.datetime):
        return value.date()
    if kind is CellKind.DATE_TIME:
        if not isinstance(value, dt.datetime):
            return dt.datetime.combine(value, dt.time(0))
        return to_millisecond(value)
    return value


# A spreadsheet program would take text starting with one of these for a formula (or a command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


# --- order of rows ----------------------------------------------------------------------------------

_CHUNKS = re.compile(r"(\d+)")


def _natural(text: str) -> tuple:
    """'A2' before 'A10'; case ignored, then the exact text so that the order is total."""
    parts = tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _CHUNKS.split(text.casefold()))
    return parts, text


def _order_value(value: object) -> tuple:
    if value is None:
        return (0,)
    if isinstance(value, LabelledEnum):
        return (1, _natural(value.label))
    if isinstance(value, str):
        return (1, _natural(value))
    if isinstance(value, FinancialYear):
        return (1, value.start_year)
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time | int | Decimal):
        return (1, value)
    return (1, str(value))


def sort_key(sheet: Sheet, values: Mapping[str, object]) -> tuple:
    """The position of a row in its exported sheet: by the sheet's order, then every other column."""
    keys = list(sheet.order) + [column.key for column in sheet.columns if column.key not in sheet.order]
    return tuple(_order_value(values.get(key)) for key in keys)


def join_names(names: Iterable[str]) -> str | None:
    """A list of names in one cell ("Neglect; Self-neglect"), sorted so the same list is always the same text."""
    ordered = sorted(names, key=str.casefold)
    return "; ".join(ordered) if ordered else None


def split_names(text: object) -> list[str]:
    """The names of a cell written by join_names (or typed with semicolons)."""
    return [part.strip() for part in str(text or "").split(";") if part.strip()]


# --- documentation -------------------------------------------------------------------------------


def describe_format(sheets: Iterable[Sheet] = SHEETS) -> str:
    """The format as Markdown, for the README and the help page (* = required)."""
    lines = ["| sheet | column | what it holds |", "| --- | --- | --- |"]
    for sheet in sheets:
        for index, column in enumerate(sheet.columns):
            name = sheet.name if index == 0 else ""
            header = column.header + ("*" if column.required else "")
            lines.append(f"| {name} | {header} | {column.describe()} |")
    return "\n".join(lines)
