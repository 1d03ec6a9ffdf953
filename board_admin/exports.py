"""One list of exports, read by the Reports page (ui/pages/reports.py) and by the command line (cli.py).

Each entry says what the export is called, the formats it writes, what it holds, the options it needs, who may
run it, whether its Word version draws charts and whether it can be cancelled half-way; and it names the one
function that writes it. Adding an export means one entry here and one writer in exporters/.

No Qt here: the charts a Word export draws are handed in as a `Drawing` (ui/attendance_charts.drawing_for).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from board_admin.collector import with_collector_paused
from board_admin.domain.dates import format_date
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Permission
from board_admin.domain.workbook_format import SHEETS

if TYPE_CHECKING:
    from board_admin.db.engine import Database
    from board_admin.reports.challenges import ChallengeFilter

WORD = (".docx", "Word document (*.docx)")
EXCEL = (".xlsx", "Excel workbook (*.xlsx)")
CALENDAR = (".ics", "iCalendar file (*.ics)")
PDF = (".pdf", "PDF document (*.pdf)")
EMAIL_DRAFT = (".eml", "E-mail draft (*.eml)")
# What an e-mail to members can send (exporters/email_draft.py), as the command line names it, and in words.
SENDING = {
    "pack": "agenda pack",
    "agenda": "agenda",
    "minutes": "minutes",
    "actions": "reminder to action owners",
}


def email_template(sending: str) -> str:
    """The template an e-mail's subject and text come from (the unit's own copy of it first)."""
    return f"email-{sending}.txt"


def email_addressees(database: Database, meeting_id: int, sending: str, today: dt.date):
    """Who the "email" entry's draft goes to, and who it cannot reach (exporters/email_draft.Addressees): the send
    dialog lists them before anything is written."""
    from board_admin.exporters.email_draft import addressees

    return addressees(database, meeting_id, sending, today)


@dataclass(frozen=True)
class Drawing:
    """The pictures a Word export draws: the attendance charts and the structure diagram (made with Qt).
    `charts` is a function drawing them from the report, or ChartPictures already drawn (for a worker process)."""

    charts: Callable | ChartPictures | None = None
    picture: Callable | None = None


@dataclass(frozen=True)
class ChartPictures:
    """The attendance report's pictures (as ui.attendance_charts.AttendanceCharts), drawn on the page, without
    Qt: they cross to the worker process that writes the Word report."""

    agencies: bytes | None
    groups: dict[int, bytes]


@dataclass(frozen=True)
class ExportRequest:
    """What was chosen (on the page or the command line): plain values only, so it may cross to a worker."""

    choice: Export
    path: Path
    year: FinancialYear | None = None
    group_ids: tuple[int, ...] | None = None  # None: every group; () from the Attendance page: none ticked
    group_names: tuple[str, ...] = ()
    group_name: str | None = None
    meeting_id: int | None = None
    on_date: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    statuses: frozenset = frozenset()
    sending: str | None = None  # an e-mail: "pack", "agenda", "minutes" or "actions" (exporters/email_draft.py)
    today: dt.date = field(default_factory=dt.date.today)
    # A page's own filters, so its export writes what it shows:
    challenge_filter: ChallengeFilter | None = None  # the Challenges page's (statuses and year are then unused)
    group_id: int | None = None  # the decision register's group, as the Meetings page picked it
    meeting_ids: tuple[int, ...] | None = None  # the calendar: only these meetings (those the list shows)
    username: str | None = None  # the audit trail: changes by this account only
    entity: str | None = None  # the audit trail: changes to this kind of record only


@dataclass(frozen=True)
class Written:
    """What an export wrote: in words ("Wrote OUT (<summary>)." on the command line and the Reports page), and
    what its exporter returned, for a page that words its own message (a count, the matrix, the e-mail draft)."""

    summary: str
    result: object = None


@dataclass(frozen=True)
class Progress:
    """How a long export reports how far it is, and hears that the user asked it to stop."""

    report: Callable[[int, int, str], None] = lambda done, total, text: None
    is_cancelled: Callable[[], bool] = lambda: False


class ExportCancelledByUser(Exception):  # noqa: N818 - not an error: the user asked to stop
    pass


Writer = Callable[["Database", ExportRequest, Drawing, Progress], Written]


@dataclass(frozen=True)
class Export:
    key: str
    name: str
    formats: tuple[tuple[str, str], ...]  # (suffix, file dialog filter), the first offered first
    contents: str
    # Which options it needs: year (any year with records), money_year (a year with money recorded), any_year
    # (a year or every year), groups (ticked, or all), group (one, or all), meeting, date, period, sending (what
    # an e-mail sends).
    options: tuple[str, ...]
    write: Writer  # returns what it wrote: in words ("Wrote OUT (<this>)."), and its exporter's result
    help: str  # the command line's one line about it
    permission: Permission = Permission.EXPORT
    draws_charts: bool = False  # its Word version has charts (made with Qt, handed in as a Drawing)
    cancellable: bool = False  # it stops at its next step when asked
    # The command line's options where they differ from the page's (a period instead of a year, statuses).
    command_options: tuple[str, ...] | None = None
    command: str | None = None  # the command's name where it differs from the key
    # Files that go with it when it is sent (exporters/email_draft.py): (file name, content) pairs.
    companions: Callable[[Database, ExportRequest], list[tuple[str, bytes]]] | None = None

    @property
    def file_format(self) -> str:
        return " or ".join(text.split(" (")[0] for _suffix, text in self.formats)

    @property
    def suffixes(self) -> tuple[str, ...]:
        return tuple(suffix for suffix, _text in self.formats)


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


# --- the writers: one each, calling the exporter its page uses -------------------------------------


def _annual_pack(database: Database, request: ExportRequest, drawing: Drawing, progress: Progress) -> str:
    from board_admin.exporters.annual_pack import ExportCancelled, export_annual_pack

    try:
        export_annual_pack(
            database,
            request.year,
            request.path,
            on_date=request.today,
            picture=drawing.picture,
            charts=drawing.charts,
            progress=progress.report,
            is_cancelled=progress.is_cancelled,
        )
    except ExportCancelled as stopped:
        raise ExportCancelledByUser() from stopped
    return Written(f"the annual report pack for {request.year.label}")


def _meeting_document(which: str) -> Writer:
    def write(database: Database, request: ExportRequest, _drawing: Drawing, _progress: Progress) -> str:
        from board_admin.exporters.minutes import export_agenda, export_minutes

        writer = export_minutes if which == "minutes" else export_agenda
        content = writer(database, request.meeting_id, request.path, request.today)
        meeting = content.meeting
        if which == "minutes" and meeting.minutes_document != "minutes":
            # A meeting that did not take place has no minutes: say what was written instead.
            return Written(
                f"the meeting of {meeting.title} was {meeting.status.label.lower()}, so this is its "
                f"{meeting.minutes_document}, not minutes",
                content,
            )
        return Written(f"the {which} of {meeting.title}, {plural(len(content.items), 'agenda item')}", content)

    return write


def _pack(database: Database, request: ExportRequest, _drawing: Drawing, progress: Progress) -> str:
    from board_admin.exporters.pack import PackCancelled, export_pack

    try:
        pack = export_pack(
            database,
            request.meeting_id,
            request.path,
            request.today,
            progress=progress.report,
            is_cancelled=progress.is_cancelled,
        )
    except PackCancelled as stopped:
        raise ExportCancelledByUser() from stopped
    joined = len(pack.papers) - len(pack.separate) - len(pack.unreadable)
    text = f"the agenda pack, {plural(pack.pages, 'page')}: the agenda and {plural(joined, 'PDF paper')}"
    if pack.separate:
        text += f"; {plural(len(pack.separate), 'paper')} to send separately"
    if pack.unreadable:
        names = ", ".join(paper.row.file_name for paper in pack.unreadable)
        text += f"; left out, as they could not be read: {names}"
    return Written(text, pack)


def _email(database: Database, request: ExportRequest, drawing: Drawing, _progress: Progress) -> str:
    from board_admin.exporters.email_draft import DraftError, write_email_draft

    if request.sending is None:
        raise DraftError("Choose what to send: the agenda pack, the agenda, the minutes or the action reminder.")
    draft = write_email_draft(database, request.meeting_id, request.sending, request.path, request.today, drawing)
    return Written(draft.summary, draft)


def _papers_sent_separately(database: Database, request: ExportRequest) -> list[tuple[str, bytes]]:
    """The meeting's papers that are not PDFs: listed in the pack as sent separately, so they go with it."""
    from board_admin.domain.papers import PaperKind
    from board_admin.reports.papers import meeting_papers, paper_content

    rows = meeting_papers(database, request.meeting_id)
    return [paper_content(database, row.id) for row in rows if row.kind is not PaperKind.PDF]


def _attendance(database: Database, request: ExportRequest, drawing: Drawing, _progress: Progress) -> str:
    from board_admin.exporters.attendance import export_attendance

    year = request.year or FinancialYear.containing(request.today)
    start, end = (request.start, request.end) if request.start else (year.start, year.end)
    report = export_attendance(
        database,
        request.path,
        start=start,
        end=end,
        group_names=list(request.group_names) or None,
        group_ids=None if request.group_ids is None else list(request.group_ids),
        charts=drawing.charts,
    )
    return Written(f"attendance at {plural(len(report.group_names), 'group')}, {report.period.label}", report)


def _challenges(database: Database, request: ExportRequest, _drawing: Drawing, _progress: Progress) -> str:
    from board_admin.exporters.challenges import export_challenges
    from board_admin.reports.challenges import ChallengeFilter

    log_filter = request.challenge_filter or ChallengeFilter(statuses=request.statuses)
    if request.challenge_filter is None and request.year is not None:
        log_filter = ChallengeFilter.for_year(request.year, statuses=request.statuses)
    count = export_challenges(database, request.path, request.today, log_filter)
    return Written(plural(count, "challenge"), count)


def _contributions(database: Database, request: ExportRequest, _drawing: Drawing, _progress: Progress) -> str:
    from board_admin.exporters.funding import export_contributions

    exported = export_contributions(database, request.year, request.path)
    return Written(f"contributions of {exported.rows} agencies for {request.year.label}", exported)


def _statement(database: Database, request: ExportRequest, _drawing: Drawing, _progress: Progress) -> str:
    from board_admin.exporters.funding import export_statement

    result = export_statement(database, request.year, request.path)
    return Written(f"the financial statement for {request.year.label}", result)


def _membership(database: Database, request: ExportRequest, _drawing: Drawing, _progress: Progress) -> str:
    from board_admin.exporters.membership import export_membership

    matrix = export_membership(database, request.path, request.on_date)
    agencies = plural(len(matrix.agencies), "agency", "agencies")
    return Written(f"{agencies} on {plural(len(matrix.groups), 'group')}, {format_date(matrix.on_date)}", matrix)


def _calendar(database: Database, request: ExportRequest, _drawing: Drawing, _progress: Progress) -> str:
    from board_admin.exporters.calendar import export_calendar

    count = export_calendar(database, request.path, request.group_name, request.meeting_ids)
    return Written(plural(count, "meeting"), count)


def _decisions(database: Database, request: ExportRequest, _drawing: Drawing, _progress: Progress) -> str:
    from board_admin.exporters.decisions import export_decisions
    from board_admin.reports.decisions import group_id_named

    group_id = request.group_id
    if group_id is None and request.group_name:
        group_id = group_id_named(database, request.group_name)
    count = export_decisions(database, request.path, group_id, request.year, group_name=request.group_name)
    return Written(plural(count, "decision"), count)


def _interests(database: Database, request: ExportRequest, _drawing: Drawing, _progress: Progress) -> str:
    from board_admin.exporters.interests import export_interests
    from board_admin.reports.decisions import group_id_named

    group_id = group_id_named(database, request.group_name) if request.group_name else None
    count = export_interests(database, request.path, group_id, request.year, group_name=request.group_name)
    return Written(plural(count, "declaration"), count)


def _reviews(database: Database, request: ExportRequest, _drawing: Drawing, _progress: Progress) -> str:
    from board_admin.exporters.case_reviews import export_reviews

    year = request.year or FinancialYear.containing(request.today)
    data = export_reviews(database, request.path, year, request.today)
    return Written(f"case reviews of {year.label}: {plural(len(data.reviews), 'review')} listed", data)


def _workbook(database: Database, request: ExportRequest, _drawing: Drawing, _progress: Progress) -> str:
    from board_admin.exporters.workbook import export_workbook

    counts = export_workbook(database, request.path)
    return Written(f"{sum(counts.values()):,} rows on {len(counts)} sheets", counts)


def _audit(database: Database, request: ExportRequest, _drawing: Drawing, _progress: Progress) -> str:
    from board_admin.exporters.audit import export_audit

    count = export_audit(
        database, request.path, username=request.username, entity=request.entity, start=request.start, end=request.end
    )
    return Written(plural(count, "audit entry", "audit entries"), count)


EXPORTS = (
    Export(
        "annual_pack",
        "Annual report pack",
        (WORD, EXCEL),
        "A financial year's annual report appendices: the governance structure, the agencies on each board, "
        "meetings planned and held, attendance by agency at each board with its chart, the challenge log, the "
        "year's actions and the financial statement. In Excel, the same tables one sheet each.",
        ("year",),
        _annual_pack,
        "a financial year's annual report appendices (.docx), or their tables (.xlsx)",
        draws_charts=True,
        cancellable=True,
        command="annual-pack",
    ),
    Export(
        "minutes",
        "Minutes",
        (WORD,),
        "A meeting's minutes on the business unit's template: attendance, each agenda item with its discussion "
        "and decisions, the actions and matters arising.",
        ("meeting",),
        _meeting_document("minutes"),
        "a meeting's minutes as a Word document (.docx)",
    ),
    Export(
        "agenda",
        "Agenda",
        (WORD,),
        "A meeting's agenda to send out before it, with the matters arising from earlier meetings.",
        ("meeting",),
        _meeting_document("agenda"),
        "a meeting's agenda, to send out before it, as a Word document (.docx)",
    ),
    Export(
        "pack",
        "Agenda pack",
        (PDF,),
        "A meeting's agenda and its PDF papers as one PDF to send out: a bookmark for each item, page numbers on "
        "every page; Word and Excel papers are listed as sent separately.",
        ("meeting",),
        _pack,
        "a meeting's agenda pack: the agenda and its PDF papers as one PDF (.pdf)",
        cancellable=True,
        companions=_papers_sent_separately,
    ),
    Export(
        "email",
        "E-mail to members",
        (EMAIL_DRAFT,),
        "A meeting's agenda, agenda pack or minutes as an e-mail draft to the members on the meeting's date, their "
        "deputies copied in, with the document attached; or a reminder to the owners of the group's open actions. "
        "It opens in your mail program (Outlook) as a new message to check and send.",
        ("meeting", "sending"),
        _email,
        "a meeting's agenda, pack or minutes to its members, or a reminder to action owners, as an e-mail draft "
        "(.eml) that opens in Outlook as a new message",
    ),
    Export(
        "attendance",
        "Attendance",
        (EXCEL, WORD),
        "Attendance by agency, person and group for a financial year, with the member x meeting matrices; the "
        "Word report for the chair has the charts.",
        ("year", "groups"),
        _attendance,
        "attendance by agency, person and group (.xlsx or .docx)",
        draws_charts=True,
        command_options=("year_or_period", "groups"),
    ),
    Export(
        "challenges",
        "Challenge log",
        (EXCEL, WORD),
        "Every challenge with its response, outcome and history, and the counts by status and agency; the Word "
        "document is the annual report's section by theme.",
        ("any_year",),
        _challenges,
        "the challenge log (.xlsx or .docx)",
        command_options=("statuses", "any_year"),
    ),
    Export(
        "contributions",
        "Partner contributions",
        (EXCEL,),
        "A year's contributions from partner agencies: agreed, invoiced, received and outstanding, with totals.",
        ("money_year",),
        _contributions,
        "a year's partner contributions sheet (.xlsx)",
    ),
    Export(
        "statement",
        "Financial statement",
        (EXCEL, WORD),
        "A year's income, and each budget line's budget, actual and remaining, compared with earlier years.",
        ("money_year",),
        _statement,
        "a year's financial statement (.xlsx or .docx)",
    ),
    Export(
        "membership",
        "Membership by agency",
        (EXCEL, WORD),
        "Which agencies sit on which boards and groups on a date, and who represents them.",
        ("date",),
        _membership,
        "the agencies represented on each board and group, agency x group (.xlsx or .docx)",
    ),
    Export(
        "calendar",
        "Meeting calendar",
        (CALENDAR,),
        "The meeting schedule as an iCalendar file to import into Outlook.",
        ("group",),
        _calendar,
        "the meeting schedule as an iCalendar file (.ics) for Outlook",
    ),
    Export(
        "decisions",
        "Decision register",
        (EXCEL, WORD),
        "Every decision recorded under an agenda item, with its reference (SCPB-2025-26-D07), meeting and item.",
        ("group", "any_year"),
        _decisions,
        "the decision register (.xlsx or .docx)",
    ),
    Export(
        "interests",
        "Register of interests",
        (EXCEL, WORD),
        "The declarations of interest made at meetings: who, what about, the interest, its kind and what they did.",
        ("group", "any_year"),
        _interests,
        "the register of declarations of interest (.xlsx or .docx)",
    ),
    Export(
        "reviews",
        "Case reviews",
        (EXCEL, WORD),
        "A financial year's case reviews as the annual report gives them: rapid reviews and their decisions, "
        "reviews ongoing, completed and published, referrals by source agency, learning themes and the "
        "recommendations with what was done.",
        ("year",),
        _reviews,
        "a financial year's case reviews (.xlsx or .docx)",
        permission=Permission.READ_CASE_REVIEWS,
        command_options=("current_year",),
    ),
    Export(
        "workbook",
        "Whole database workbook",
        (EXCEL,),
        # The sheets named from the workbook format itself, so the description never falls behind it.
        f"Every record on one sheet per kind: {', '.join(sheet.name for sheet in SHEETS)}. It can be edited "
        "and imported back (File > Import workbook).",
        (),
        _workbook,
        "the whole database as one .xlsx workbook",
    ),
    Export(
        "audit",
        "Audit trail",
        (EXCEL,),
        "Who changed what and when, with the values before and after, between two dates.",
        ("period",),
        _audit,
        "who changed what and when, between two dates (.xlsx)",
        permission=Permission.MANAGE_ACCOUNTS,
    ),
)


def export_named(key: str) -> Export:
    """The list's entry called `key` ("minutes", "pack", ...)."""
    return next(entry for entry in EXPORTS if entry.key == key)


def pack_export() -> Export | None:
    """The agenda pack's entry (one meeting's papers as a PDF), or None in a version that does not make packs;
    the e-mail to members attaches what it writes (exporters/email_draft.py)."""
    for entry in EXPORTS:
        named = f"{entry.key} {entry.command or ''}"
        if "pack" in named and "annual" not in named and ".pdf" in entry.suffixes:
            return entry
    return None


def write_export(database: Database, request: ExportRequest, drawing: Drawing, progress: Progress) -> Written:
    """Writes the export to `request.path`; returns what was written."""
    return request.choice.write(database, request, drawing, progress)


def write_listed(database: Database, key: str, path: Path, drawing: Drawing | None = None, **options) -> Written:
    """Writes the list's export `key` with `options` (ExportRequest's fields), without progress: a page's own
    Export button, with the page's filters. Returns what was written."""
    request = ExportRequest(choice=export_named(key), path=path, **options)
    return write_export(database, request, drawing or Drawing(), Progress())


@with_collector_paused
def write_in_worker(database: Database, key: str, path: Path, drawing: Drawing | None = None, **options) -> str:
    """write_listed as a worker process runs it (worker_process.ProcessWork("board_admin.exports:write_in_worker",
    ...)): the key and plain options cross, not the entry; only the words come back, not the exporter's result
    (a whole report, worked out there)."""
    return write_listed(database, key, Path(path), drawing, **options).summary
