"""The workbook format: the one description of every sheet and column that export and import both use.

A business unit moves its existing spreadsheets in with this format and takes the whole database out
with it, so the two directions must never drift apart: sheet names, column headers and which columns are
required are declared here, once; how each kind of cell converts, once, in domain/workbook_cells.py (its
names are this module's too, so that every reader says `wf.Column`, `wf.read_cell`).
"""

from __future__ import annotations

from collections.abc import Iterable

from board_admin.domain import meetings as meeting_rules
from board_admin.domain.case_reviews import CaseReviewStatus, ReviewDecision
from board_admin.domain.enums import (
    ActionStatus,
    AttendanceStatus,
    ChallengeStatus,
    Frequency,
    GroupKind,
    InterestAction,
    InterestKind,
    LabelledEnum,
    MeetingStatus,
    MemberRole,
    Rag,
    Remit,
    Sector,
)
from board_admin.domain.workbook_cells import (  # noqa: F401 - the format's own names, used as wf.<name>
    FIRST_YEAR,
    FORMULA_STARTS,
    LAST_YEAR,
    NAME,
    SHORT,
    CellError,
    CellKind,
    Column,
    Refers,
    Sheet,
    header_key,
    is_blank,
    is_json,
    join_names,
    looks_like_formula,
    name_key,
    read_cell,
    sort_key,
    split_names,
    to_millisecond,
    write_cell,
)


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
        _date("Minutes circulated on", "minutes_circulated_on"),
        # The date of the same group's meeting that approved the minutes.
        _date("Minutes approved at", "minutes_approved_at"),
        # An approval date on which the group has no meeting recorded (kept from before approvals named one).
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

# Declarations of interest made at a meeting; Item is the agenda item's position, blank for the meeting as a whole.
DECLARATIONS = Sheet(
    "Declarations",
    "declaration",
    "declarations",
    (
        _name_of("Group", "group", Refers.GROUP, required=True),
        _date("Meeting date", "meeting_date", required=True),
        Column("Item", "item", CellKind.WHOLE_NUMBER, minimum=1),
        _name_of("Person", "person", Refers.PERSON, required=True),
        Column(
            "Interest",
            "interest",
            CellKind.TEXT,
            required=True,
            limit=meeting_rules.INTEREST_LIMIT,
            too_long=meeting_rules.interest_problem,
        ),
        _choice("Kind", "kind", InterestKind, default=InterestKind.OTHER),
        _choice("Action taken", "action", InterestAction, default=InterestAction.STAYED),
    ),
    key=("group", "meeting_date", "person", "interest"),
    order=("group", "meeting_date", "item", "person"),
)

# Corrections of approved minutes. Added to, never rewritten: a row that matches a recorded amendment in every
# column is that amendment, any other row is a new one.
MINUTES_AMENDMENTS = Sheet(
    "MinutesAmendments",
    "amendment",
    "amendments",
    (
        _name_of("Group", "group", Refers.GROUP, required=True),
        _date("Meeting date", "meeting_date", required=True),
        _date_time("Recorded at", "recorded_at", required=True),
        _text("Recorded by", "recorded_by", required=True),
        _long("What was changed", "change", required=True),
        _long("Why", "reason", required=True),
    ),
    key=("group", "meeting_date", "recorded_at", "change"),
    order=("group", "meeting_date", "recorded_at"),
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

# Apologies received before a meeting (the Attendance sheet has the register as it was taken).
ADVANCE_APOLOGIES = Sheet(
    "AdvanceApologies",
    "apology",
    "apologies",
    (
        _name_of("Group", "group", Refers.GROUP, required=True),
        _date("Meeting date", "meeting_date", required=True),
        _name_of("Person", "person", Refers.PERSON, required=True),
        _date("Received on", "received_on", required=True),
        _text("Note", "note", limit=1000),
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
    DECLARATIONS,
    MINUTES_AMENDMENTS,
    ATTENDANCE,
    ADVANCE_APOLOGIES,
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
