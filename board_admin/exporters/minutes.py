"""A meeting's minutes and its agenda as Word documents, written on the templates minutes.docx and agenda.docx.

The template (the user's copy in <data folder>/templates first) gives the fonts, header, footer and logo;
this module writes the words into its body with the template's own styles, so the business unit can
restyle the documents in Word without a new release. Both read the same rows as the meeting window
(reports/meetings.minutes_content).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from docx.opc.pkgwriter import PackageWriter
from docx.shared import Pt

from board_admin.collector import with_collector_paused
from board_admin.db.engine import Database
from board_admin.domain.dates import format_date
from board_admin.domain.enums import AttendanceStatus, ChallengeStatus, MeetingStatus, MemberRole
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.permissions import Permission
from board_admin.exporters import word
from board_admin.exporters.files import atomic_output
from board_admin.exporters.word import DocumentDetails
from board_admin.reports.meetings import ActionRow, MinutesContent, RegisterLine, minutes_content

MINUTES_TEMPLATE = "minutes.docx"
# Tables read better a point smaller than the text around them.
TABLE_SIZE = 10
AGENDA_TEMPLATE = "agenda.docx"
# Roles worth saying after a name in the list of those present.
SHOWN_ROLES = (
    MemberRole.CHAIR,
    MemberRole.VICE_CHAIR,
    MemberRole.ADVISER,
    MemberRole.OBSERVER,
    MemberRole.MINUTE_TAKER,
)


def long_date(day: dt.date) -> str:
    """ "Tuesday 14 January 2025", as minutes say it."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _when(content: MinutesContent) -> str:
    meeting = content.meeting
    text = long_date(meeting.meeting_date)
    if meeting.times:
        text += f", {meeting.times}"
    if meeting.location:
        text += f", {meeting.location}"
    return text


def _add(document, text: str, style: str):
    """`document.add_paragraph(text, style)` with the style's id looked up once (`word.style_id`): python-docx
    looks a style up by name, through every style of the template, for each paragraph, which cost twenty times
    the paragraph itself and a quarter of a minutes export."""
    return word.add_paragraph(document, text, style)


def _heading(document, text: str, level: int):
    return _add(document, text, f"Heading {level}")


def _table(document, headers: list[str], rows: list[list[str]], widths: list[float]):
    word.table(document, headers, rows, widths, size=TABLE_SIZE)
    # Room between the table and the text after it.
    document.add_paragraph().paragraph_format.space_after = Pt(0)


def _lead_in(document, text: str):
    """A line that introduces what follows it (a table, the decisions): printed on the same page as that."""
    paragraph = document.add_paragraph(text)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _paragraphs(document, text: str | None) -> None:
    for block in (text or "").split("\n"):
        if block.strip():
            document.add_paragraph(block.strip())


def _label_paragraph(document, label: str, text: str):
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label} ").bold = True
    paragraph.add_run(text)
    return paragraph


def _person(line: RegisterLine) -> str:
    role = f", {line.role.label}" if line.role in SHOWN_ROLES else ""
    return f"{line.person_name} ({line.agency_name}{role})"


def _attendance(document, content: MinutesContent) -> None:
    register = content.register
    # Present in a role that does not count towards the quorum (adviser, observer, minute-taker): "in
    # attendance", with the role, beside the guests; "Present" is the voting members the quorum counts.
    present = register.members_present
    _heading(document, "Present", 2)
    if present:
        for line in present:
            _add(document, _person(line), "List Bullet")
    else:
        document.add_paragraph("No one is recorded as present.")
    deputies = register.with_status(AttendanceStatus.DEPUTY)
    if deputies:
        _heading(document, "Deputies", 2)
        for line in deputies:
            _add(document, line.deputising, "List Bullet")
    if register.guests or register.in_attendance:
        _heading(document, "In attendance", 2)
        for line in register.in_attendance:
            role = line.role.label if line.role is not None else "not a member on the day"
            _add(document, f"{line.person_name} ({line.agency_name}, {role})", "List Bullet")
        for guest in register.guests:
            detail = ", ".join(part for part in (guest.job_title, guest.agency_name) if part)
            _add(document, f"{guest.person_name} ({detail})" if detail else guest.person_name, "List Bullet")
    for status, heading in ((AttendanceStatus.APOLOGIES, "Apologies"), (AttendanceStatus.ABSENT, "Absent")):
        lines = register.with_status(status)
        if lines:
            _heading(document, heading, 2)
            for line in lines:
                _add(document, _person(line), "List Bullet")
    paragraph = document.add_paragraph()
    paragraph.add_run(content.register.quorum.describe()).italic = True


def _action_table(document, actions: tuple[ActionRow, ...], *, with_meeting: bool = False) -> None:
    headers = ["Ref", "Action", "Owner", "Due date", "Status"]
    if with_meeting:
        headers.insert(1, "From meeting")
    rows = []
    for action in actions:
        status = action.status.label + (f" ({action.rag.label})" if action.rag else "")
        row = [
            action.reference or "",
            action.description,
            action.owner or "Not assigned",
            format_date(action.due_date) or "None set",
            status,
        ]
        if with_meeting:
            row.insert(1, format_date(action.meeting_date))
        rows.append(row)
    widths = [18, 22, 52, 34, 22, 24] if with_meeting else [18, 70, 40, 22, 24]
    # The reference ("Exploitation-010") and the dates are widened to fit rather than broken (word.table).
    _table(document, headers, rows, widths)


def write_notice(content: MinutesContent, path: Path, details: DocumentDetails | None = None) -> None:
    """A meeting that did not take place has no minutes: a notice of its cancellation or postponement says
    when it was due, why, and what happens to its business."""
    meeting = content.meeting
    document = word.open_template(MINUTES_TEMPLATE, keep_body=True)
    postponed = meeting.status is MeetingStatus.POSTPONED
    kind = "Postponement" if postponed else "Cancellation"
    _add(document, meeting.group_name, "Title")
    _add(document, f"Notice of {kind.lower()}: the meeting due on {_when(content)}", "Subtitle")
    if postponed:
        moved = long_date(meeting.postponed_to) if meeting.postponed_to else "a date still to be arranged"
        _label_paragraph(document, "The meeting has been postponed.", f"It will now be held on {moved}.")
    else:
        _label_paragraph(document, "The meeting has been cancelled.", "It will not take place.")
        _label_paragraph(document, "Reason:", meeting.cancellation_reason or "No reason was recorded.")
    if meeting.chair:
        _label_paragraph(document, "Chair:", meeting.chair)
    _heading(document, "Its business", 1)
    if postponed and meeting.postponed_to:
        where = f"the meeting on {long_date(meeting.postponed_to)}"
    elif content.next_meeting:
        where = f"the next meeting, on {long_date(content.next_meeting)}"
    else:
        where = "the next meeting, once it is arranged"
    if content.items:
        document.add_paragraph(f"The items on its agenda will be taken at {where}:")
        for item in content.items:
            _add(document, item.title, "List Bullet")
    else:
        document.add_paragraph(f"Its business will be taken at {where}.")
    if content.matters_arising:
        _lead_in(document, f"The open actions from earlier meetings carry forward to {where}:")
        _action_table(document, content.matters_arising, with_meeting=True)
    word.finish(
        document,
        details,
        title=f"{kind} notice: {meeting.title}",
        subject=f"{kind} of the {meeting.group_name} meeting due on {format_date(meeting.meeting_date)}",
        label=f"{kind} notice: {meeting.group_name}",
        period=format_date(meeting.meeting_date),
    )
    document.save(str(path))


def write_minutes(content: MinutesContent, path: Path, details: DocumentDetails | None = None) -> None:
    meeting = content.meeting
    if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.POSTPONED):
        write_notice(content, path, details)
        return
    document = word.open_template(MINUTES_TEMPLATE, keep_body=True)
    _add(document, meeting.group_name, "Title")
    _add(document, f"Minutes of the meeting held on {_when(content)}", "Subtitle")
    approval = meeting.approval
    if approval.approved:
        status = approval.describe() + "."
        if content.amendments:
            status += " Amended since: see 'Amendments after approval' at the end."
    elif approval.circulated_on:
        status = f"Draft, circulated on {format_date(approval.circulated_on)}: to be approved at the next meeting."
    else:
        status = "Draft: to be approved at the next meeting."
    _label_paragraph(document, "Status of these minutes:", status)
    if meeting.chair:
        _label_paragraph(document, "Chair:", meeting.chair)
    _heading(document, "Attendance", 1)
    _attendance(document, content)
    standing = any(_is_declarations_item(item.title) for item in content.items)
    if not standing:
        _heading(document, "Declarations of interest", 1)
        write_declarations(document, content.declarations)
    arising_shown = False
    for item in content.items:
        _heading(document, f"{item.position}. {item.title}", 1)
        if _is_declarations_item(item.title):
            write_declarations(document, content.declarations)
        detail = "; ".join(
            part
            for part in (
                f"Presented by {item.presenter}" if item.presenter else "",
                f"Paper {item.paper_reference}" if item.paper_reference else "",
            )
            if part
        )
        if detail:
            _lead_in(document, "").add_run(detail).italic = True
        if "matters arising" in item.title.casefold() and content.matters_arising:
            _lead_in(document, "Actions carried forward from earlier meetings:")
            _action_table(document, content.matters_arising, with_meeting=True)
            arising_shown = True
        _paragraphs(document, item.minutes)
        if item.decision_rows:
            _lead_in(document, "").add_run("Decisions").bold = True
            for decision in item.decision_rows:
                paragraph = document.add_paragraph()
                paragraph.add_run(f"{decision.reference}: ").bold = True
                paragraph.add_run(decision.text)
    if content.matters_arising and not arising_shown:
        _heading(document, "Matters arising", 1)
        _lead_in(document, "Actions carried forward from earlier meetings:")
        _action_table(document, content.matters_arising, with_meeting=True)
    write_challenges_section(document, content.challenges)
    _heading(document, "Actions agreed", 1)
    if content.actions:
        _action_table(document, content.actions)
    else:
        document.add_paragraph("No actions were agreed at this meeting.")
    said = any("next meeting" in item.title.casefold() and item.minutes for item in content.items)
    if content.next_meeting and not said:
        _label_paragraph(document, "Date of next meeting:", long_date(content.next_meeting))
    write_amendments(document, content.amendments)
    word.finish(
        document,
        details,
        title=f"Minutes: {meeting.title}",
        subject=f"Minutes of the {meeting.group_name} meeting on {format_date(meeting.meeting_date)}",
        label=f"Minutes: {meeting.group_name}",
        period=format_date(meeting.meeting_date),
        draft=not meeting.minutes_approved_on,
    )
    if meeting.minutes_approved_on:
        # Dated by the approval, or by the latest amendment since: the same minutes are the same file.
        dated = max([meeting.minutes_approved_on] + [row.recorded_at.date() for row in content.amendments])
        _date_from_approval(document, dated)
        _save_dated(document, path, dated)
    else:
        document.save(str(path))


def _approval_moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0))


def _date_from_approval(document, day: dt.date) -> None:
    """Approved minutes are dated by their approval, not by when they were exported, so that exporting
    them again writes the same document."""
    properties = document.core_properties
    properties.created = properties.modified = _approval_moment(day)
    properties.last_printed = _approval_moment(day)
    properties.revision = 1


class _DatedZip:
    """python-docx's zip writer with every entry dated `moment`: a .docx is a zip whose entries carry the time
    they were written, and approved minutes carry the approval date instead, so that two exports of them are
    the same file byte for byte. Written once, where saving and then rewriting the zip with the date
    compressed everything twice (an eighth of the minutes' export)."""

    def __init__(self, path: Path, moment: tuple[int, ...]) -> None:
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        self.moment = moment

    def write(self, pack_uri, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=self.moment)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o600 << 16  # as zipfile gives an entry written by name (python-docx's save)
        self.zip.writestr(entry, blob)

    def close(self) -> None:
        self.zip.close()


def _save_dated(document, path: Path, day: dt.date) -> None:
    """`document.save(path)` (python-docx's OpcPackage.save, step by step) into a `_DatedZip`."""
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    writer = _DatedZip(path, _approval_moment(max(day, dt.date(1980, 1, 1))).timetuple()[:6])
    try:
        PackageWriter._write_content_types_stream(writer, package.parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, package.parts)
    finally:
        writer.close()


def write_amendments(document, rows) -> None:
    """Approved minutes are never edited: each correction since is listed, with who recorded it, when and why."""
    if not rows:
        return
    _heading(document, "Amendments after approval", 1)
    document.add_paragraph(
        "These minutes were corrected after they were approved. The text above is as approved; "
        "the corrections below stand in its place."
    )
    for number, row in enumerate(rows, start=1):
        paragraph = document.add_paragraph()
        paragraph.add_run(
            f"Amendment {number}, recorded {format_date(row.recorded_at.date())} "
            f"{row.recorded_at:%H:%M} by {row.recorded_by}"
        ).bold = True
        _label_paragraph(document, "What was changed:", row.change)
        _label_paragraph(document, "Why:", row.reason)


def _is_declarations_item(title: str) -> bool:
    return "declarations of interest" in title.casefold()


def declaration_text(row) -> str:
    """ "Ann Hale (Police), pecuniary: a relative works for the provider (item 4: Budget). Left the room." """
    who = row.person_name + (f" ({row.agency_name})" if row.agency_name else "")
    about = f" (item {row.item_position}: {row.item_title})" if row.item_position is not None else ""
    return f"{who}, {row.kind.label.lower()}: {row.interest}{about}. {row.action.label}."


def write_declarations(document, rows) -> None:
    """The minutes' declarations of interest (rows: reports.declarations.meeting_declarations), or that none
    were made."""
    if not rows:
        document.add_paragraph("No interests were declared.")
        return
    for row in rows:
        document.add_paragraph(declaration_text(row))


def write_challenges_section(document, rows, level: int = 1) -> None:
    """ "Challenges raised at this meeting" (rows: reports.challenges.meeting_challenges)."""
    if not rows:
        return
    _heading(document, "Challenges raised at this meeting", level)
    for row in rows:
        paragraph = document.add_paragraph()
        about = row.agency_name + (f", {row.theme}" if row.theme else "")
        paragraph.add_run(f"{row.reference} ({about}): ").bold = True
        paragraph.add_run(" ".join(row.challenge.split()))
        follow_up = [f"Status: {row.status.label}"]
        if row.response_due and row.status is not ChallengeStatus.CLOSED:
            follow_up.append(f"response due by {format_date(row.response_due)}")
        if row.raised_by:
            follow_up.append(f"raised by {row.raised_by}")
        document.add_paragraph("; ".join(follow_up) + ".").runs[0].italic = True


def write_agenda(content: MinutesContent, path: Path, details: DocumentDetails | None = None) -> None:
    meeting = content.meeting
    document = word.open_template(AGENDA_TEMPLATE, keep_body=True)
    _add(document, meeting.group_name, "Title")
    _add(document, f"Agenda for the meeting on {_when(content)}", "Subtitle")
    if meeting.chair:
        _label_paragraph(document, "Chair:", meeting.chair)
    if content.items:
        _table(
            document,
            ["Item", "Title", "Presenter", "Paper"],
            [
                [str(item.position), item.title, item.presenter or "", item.paper_reference or ""]
                for item in content.items
            ],
            [12, 86, 40, 28],
        )
    else:
        document.add_paragraph("The agenda has no items yet.")
    if content.matters_arising:
        _heading(document, "Open actions from earlier meetings", 1)
        _action_table(document, content.matters_arising, with_meeting=True)
    word.finish(
        document,
        details,
        title=f"Agenda: {meeting.title}",
        subject=f"Agenda for the {meeting.group_name} meeting on {format_date(meeting.meeting_date)}",
        label=f"Agenda: {meeting.group_name}",
        period=format_date(meeting.meeting_date),
    )
    document.save(str(path))


def export_minutes(database: Database, meeting_id: int, path: Path, on_date: dt.date | None = None) -> MinutesContent:
    """Writes the meeting's minutes to `path` (.docx), or for a meeting cancelled or postponed its notice
    (content.meeting.minutes_document says which); returns what was written."""
    return _export(database, meeting_id, path, write_minutes, on_date)


def export_agenda(database: Database, meeting_id: int, path: Path, on_date: dt.date | None = None) -> MinutesContent:
    """Writes the meeting's agenda to `path` (.docx), for sending out before the meeting."""
    return _export(database, meeting_id, path, write_agenda, on_date)


@with_collector_paused
def _export(database: Database, meeting_id: int, path: Path, writer, on_date: dt.date | None) -> MinutesContent:
    path = Path(path)
    if path.suffix.lower() != ".docx":
        raise BoardAdminError(f"{path.name}: the file name must end in .docx.")
    database.actor.require(Permission.EXPORT)
    content = minutes_content(database, meeting_id, on_date)
    details = word.document_details(database)
    with atomic_output(path) as temporary:
        writer(content, temporary, details)
    return content
