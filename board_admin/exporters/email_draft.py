"""An e-mail to a meeting's members, as a draft for the user's mail program: an RFC 5322 `.eml` file with
`X-Unsent: 1`, which Outlook opens as a new message ready to send (and other mail programs as a message to
forward or resend), with the recipients, a subject and a short text filled in and the documents attached.

What it says comes from a template the business unit can edit: `email-agenda.txt`, `email-pack.txt`,
`email-minutes.txt` and `email-actions.txt`, plain text whose first line is `Subject: ...`, then a blank line and
the text, with `$group`, `$date` and the others below filled in (Python's string.Template). As with the Word
templates, the user's copy in `<data folder>/templates` is used first (resources.template_path).

The documents are written by their entries in the one list of exports (exports.py): the agenda and the minutes
by theirs, the agenda pack by the list's pack entry, so a change to any of them reaches the e-mail too. The
message is built with Python's own `email` package, so addresses, encoded names and attachments are as mail
programs expect them.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import string
import tempfile
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

from board_admin.db.engine import Database
from board_admin.domain.dates import format_date
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.permissions import Permission
from board_admin.domain.structure import email_problem
from board_admin.exporters.files import atomic_output
from board_admin.exporters.minutes import long_date
from board_admin.exports import (
    SENDING,
    Drawing,
    ExportRequest,
    Progress,
    email_template,
    export_named,
    pack_export,
    write_export,
)
from board_admin.ordinary_files import file_name_part
from board_admin.reports.meetings import MeetingDetail, meeting_detail
from board_admin.reports.organisation import USUAL_NAME, organisation
from board_admin.reports.sending import (
    OwnerActions,
    Recipient,
    meeting_recipients,
    open_action_owners,
)
from board_admin.resources import template_path

# The words every template may use; `$actions` is filled in the reminder, and is empty elsewhere.
TEMPLATE_WORDS = ("group", "date", "time", "place", "organisation", "document", "actions")
# Lines of up to 998 characters, the standard's limit: folded at 78, a long subject began on a line of its own
# and read back with a space in front, and the text went as quoted-printable, unreadable in the file itself.
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DraftError(BoardAdminError):
    """The draft could not be made; the sentence says why and what to do."""


@dataclass(frozen=True)
class LeftOut:
    """Someone the e-mail should go to but cannot: who ("Ann Lee (deputy for Jane Smith)"), and why, in a sentence
    that names them."""

    who: str
    why: str


@dataclass(frozen=True)
class Draft:
    """What was written: the subject, who it is addressed to, the files attached and who was left out."""

    path: Path
    sending: str
    meeting_title: str
    subject: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    attachments: tuple[str, ...]
    left_out: tuple[LeftOut, ...] = field(default_factory=tuple)

    @property
    def summary(self) -> str:
        """What was written, for the command line and the Reports page: "the agenda of X, 15/01/2026, to 12
        people, 3 deputies in Cc, with ... attached", then a line for each person left out."""
        to = _count(len(self.to), "person", "people")
        if self.sending == "actions":
            text = f"a reminder of the open actions of {self.meeting_title.rsplit(', ', 1)[0]}, to {to}"
        else:
            text = f"the {SENDING[self.sending]} of {self.meeting_title}, to {to}"
        if self.cc:
            text += f", {_count(len(self.cc), 'deputy', 'deputies')} in Cc"
        if self.attachments:
            text += f", with {', '.join(self.attachments)} attached"
        return "\n".join([text, *(f"Not addressed: {who.why}" for who in self.left_out)])


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


# --- the template ----------------------------------------------------------------------------------


def read_template(sending: str) -> tuple[string.Template, string.Template]:
    """The subject and the text of the template for `sending` (the user's copy first), checked: a template that
    cannot be read, has no subject line or uses a word Board Admin does not fill in is a sentence saying so."""
    path = template_path(email_template(sending))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise DraftError(
            f"The e-mail template {path} could not be read; save it as UTF-8 text, or delete your own copy to use "
            "the one Board Admin comes with."
        ) from error
    first, _newline, body = text.replace("\r\n", "\n").partition("\n")
    if not first.lower().startswith("subject:"):
        raise DraftError(f"The e-mail template {path} must begin with a line 'Subject: ...', then a blank line.")
    subject = string.Template(first.split(":", 1)[1].strip())
    body_template = string.Template(body.lstrip("\n"))
    for part in (subject, body_template):
        if not part.is_valid():
            raise DraftError(
                f"The e-mail template {path} has a $ that is not followed by a word; write $$ for a dollar sign."
            )
        unknown = sorted(set(part.get_identifiers()) - set(TEMPLATE_WORDS))
        if unknown:
            words = ", ".join(f"${word}" for word in TEMPLATE_WORDS)
            raise DraftError(
                f"The e-mail template {path} uses ${unknown[0]}, which Board Admin does not fill in; it knows {words}."
            )
    return subject, body_template


def template_values(database: Database, meeting: MeetingDetail, document: str, actions: str = "") -> dict[str, str]:
    return {
        "group": meeting.group_name,
        "date": long_date(meeting.meeting_date),
        "time": meeting.times or "time to be confirmed",
        "place": meeting.location or "a place to be confirmed",
        "organisation": organisation(database).name or USUAL_NAME,
        "document": document,
        "actions": actions,
    }


def actions_text(owners: list[OwnerActions]) -> str:
    """Each owner's open actions under their name, as the reminder lists them."""
    blocks = []
    for owner in owners:
        lines = [owner.heading]
        for row in owner.actions:
            reference = f"{row.reference}: " if row.reference else ""
            due = f"due {format_date(row.due_date)}" if row.due_date else "no due date"
            if row.overdue:
                due += ", overdue"
            lines.append(f"  - {reference}{row.description} ({due}; agreed {format_date(row.meeting_date)})")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "(There are no open actions.)"


# --- the recipients --------------------------------------------------------------------------------


def addressed(people: tuple[Recipient, ...] | list[Recipient]) -> tuple[list[Address], list[LeftOut]]:
    """The people with a usable address as the message's addresses; the others, each with the reason."""
    addresses, left_out = [], []
    for person in people:
        if not person.email:
            left_out.append(LeftOut(person.described, f"{person.name} has no email address."))
            continue
        problem = email_problem(person.email, person.name)
        if problem:
            left_out.append(LeftOut(person.described, problem))
            continue
        username, _at, domain = person.email.rpartition("@")
        addresses.append(Address(person.name, username, domain.encode("idna").decode("ascii")))
    return addresses, left_out


# --- the documents ---------------------------------------------------------------------------------


def attachment_entry(sending: str):
    """The list's entry that writes the document sent, or None for the reminder (its text is the message)."""
    if sending == "actions":
        return None
    if sending == "pack":
        entry = pack_export()
        if entry is None:
            raise DraftError(
                "This version of Board Admin does not make agenda packs yet, so the pack cannot be sent; "
                "send the agenda instead (--what agenda)."
            )
        return entry
    return export_named(sending)


def write_attachment(
    database: Database, entry, document: str, meeting: MeetingDetail, folder: Path, today: dt.date, drawing
) -> Path:
    """The document, written by its entry in the list of exports, named "<group> <document> <date>"."""
    name = f"{file_name_part(meeting.group_name)} {document} {meeting.meeting_date:%Y-%m-%d}{entry.suffixes[0]}"
    path = folder / name
    request = ExportRequest(choice=entry, path=path, meeting_id=meeting.id, today=today)
    write_export(database, request, drawing or Drawing(), Progress())
    return path


# --- the message -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Addressees:
    """Who the e-mail goes to (To and Cc, as addresses) and who cannot be written to; for the reminder, the
    owners with their actions."""

    to: list[Address]
    cc: list[Address]
    left_out: list[LeftOut]
    owners: list[OwnerActions] = field(default_factory=list)


def addressees(database: Database, meeting_id: int, sending: str, today: dt.date | None = None) -> Addressees:
    """The members of the group on the meeting's date and their deputies, or the owners of open actions: the
    message is addressed from this, and the meeting window lists those left out before the draft opens."""
    if sending == "actions":
        owners = open_action_owners(database, meeting_id, today)
        to, left_out = addressed([owner.owner for owner in owners if owner.owner is not None])
        for owner in owners:
            if owner.owner is None:
                count = _count(len(owner.actions), "open action has", "open actions have")
                why = f"{count} no person named as owner, so no one is reminded of them."
                left_out.append(LeftOut(owner.heading, why))
        return Addressees(to, [], left_out, owners)
    recipients = meeting_recipients(database, meeting_id)
    to, left_out = addressed(recipients.members)
    cc, deputies_left_out = addressed(recipients.deputies)
    return Addressees(to, cc, left_out + deputies_left_out)


def write_email_draft(
    database: Database,
    meeting_id: int,
    sending: str,
    path: Path,
    today: dt.date | None = None,
    drawing=None,
) -> Draft:
    """Writes the draft e-mail `sending` ("pack", "agenda", "minutes" or "actions") of the meeting to `path`."""
    if sending not in SENDING:
        raise DraftError(f"'{sending}' is not something Board Admin sends: choose {', '.join(SENDING)}.")
    database.actor.require(Permission.EXPORT)  # the reminder attaches nothing, so no writer asks it for this
    today = today or dt.date.today()
    meeting = meeting_detail(database, meeting_id)
    subject_template, body_template = read_template(sending)
    entry = attachment_entry(sending)
    document = meeting.minutes_document if sending == "minutes" else SENDING[sending]

    found = addressees(database, meeting_id, sending, today)
    to, cc, left_out = found.to, found.cc, found.left_out
    actions = actions_text(found.owners) if sending == "actions" else ""
    values = template_values(database, meeting, document, actions)

    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = subject_template.substitute(values)
    if to:
        message["To"] = to
    if cc:
        message["Cc"] = cc
    # Outlook opens a message marked unsent as a new one, ready to send from the user's own account.
    message["X-Unsent"] = "1"
    message.set_content(body_template.substitute(values))
    attached: list[str] = []
    if entry is not None:
        with tempfile.TemporaryDirectory(prefix="board-admin-mail-") as folder:
            written = write_attachment(database, entry, document, meeting, Path(folder), today, drawing)
            files = [(written.name, written.read_bytes())]
        if entry.companions is not None:
            files += entry.companions(database, ExportRequest(choice=entry, path=written, meeting_id=meeting.id))
        for name, content in files:
            content_type = DOCX_TYPE if name.lower().endswith(".docx") else mimetypes.guess_type(name)[0]
            maintype, subtype = (content_type or "application/octet-stream").split("/", 1)
            message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
            attached.append(name)
    with atomic_output(path) as temporary:
        temporary.write_bytes(message.as_bytes())
    return Draft(
        path=path,
        sending=sending,
        meeting_title=meeting.title,
        subject=str(message["Subject"]),
        to=tuple(str(address) for address in to),
        cc=tuple(str(address) for address in cc),
        attachments=tuple(attached),
        left_out=tuple(left_out),
    )
