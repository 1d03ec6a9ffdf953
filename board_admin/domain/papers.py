"""Papers attached to agenda items: which files are taken, how big, and when a paper counts as late.

The rules, in one place:
- a paper is a PDF, a Word document (.docx) or an Excel workbook (.xlsx), at most 20 MB (PAPER_SIZE_LIMIT);
- a PDF must open without a password and have pages, so that the agenda pack can carry it;
- the agenda and its papers go out PAPERS_DUE_DAYS (7) days before the meeting: a paper (or a new version of
  one) received after that day is a "late paper". DESIGN.md says nothing of when papers are due; a week is the
  usual rule of the partners' own committees, and a single constant here is where to change it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass
from enum import StrEnum

from board_admin.domain.errors import ValidationError

log = logging.getLogger("board_admin.domain.papers")
# pypdf logs each flaw it reads past in a damaged PDF; the sentence Board Admin says about the file is enough.
logging.getLogger("pypdf").setLevel(logging.ERROR)

PAPER_SIZE_LIMIT = 20 * 1024 * 1024  # 20 MB: a board paper with pictures; an e-mail attachment limit is 20-25 MB
PAPER_SIZE_LIMIT_TEXT = "20 MB"
PAPERS_DUE_DAYS = 7
FILE_NAME_LIMIT = 200


class PaperKind(StrEnum):
    PDF = "pdf"
    WORD = "docx"
    EXCEL = "xlsx"

    @property
    def label(self) -> str:
        return {"pdf": "PDF", "docx": "Word document", "xlsx": "Excel workbook"}[self.value]

    @property
    def suffix(self) -> str:
        return "." + self.value


PAPER_SUFFIXES = tuple(kind.suffix for kind in PaperKind)
# The file dialog's filter: the three kinds of file a paper may be.
PAPER_FILTER = "Papers (*.pdf *.docx *.xlsx);;PDF (*.pdf);;Word document (*.docx);;Excel workbook (*.xlsx)"


@dataclass(frozen=True)
class PaperFile:
    """A file checked and ready to be kept: what it is and, for a PDF, how many pages it has."""

    file_name: str
    kind: PaperKind
    content: bytes
    pages: int | None


def papers_due(meeting_date: dt.date) -> dt.date:
    """The day the agenda and its papers go out: a paper received after it is late."""
    return meeting_date - dt.timedelta(days=PAPERS_DUE_DAYS)


def is_late(received_on: dt.date, meeting_date: dt.date) -> bool:
    return received_on > papers_due(meeting_date)


def content_summary(content: bytes) -> str:
    """How a file is named in the audit trail: its size and fingerprint, never its content (which may be 20 MB)."""
    return f"{len(content)} bytes, SHA-256 {hashlib.sha256(content).hexdigest()}"


def size_problem(name: str, size: int) -> str | None:
    """The sentence for a file over the limit (asked before a file is read, by the window and the command)."""
    if size <= PAPER_SIZE_LIMIT:
        return None
    return (
        f"{name} is {size / (1024 * 1024):.1f} MB: a paper may be at most {PAPER_SIZE_LIMIT_TEXT}. Make it smaller "
        "(for a PDF, save it again with smaller pictures) or send it separately."
    )


def check_paper_file(file_name: str, content: bytes) -> PaperFile:
    """The file as a paper, or ValidationError with a sentence naming the file and what is wrong with it."""
    name = " ".join((file_name or "").replace("\\", "/").rsplit("/", 1)[-1].split())
    if not name:
        raise ValidationError("Choose the file of the paper.", "file")
    if len(name) > FILE_NAME_LIMIT:
        raise ValidationError(f"{name[:60]}...: the file name is longer than {FILE_NAME_LIMIT} characters.", "file")
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in PAPER_SUFFIXES:
        raise ValidationError(
            f"{name} is not a paper Board Admin keeps: attach a PDF, a Word document (.docx) or an Excel "
            "workbook (.xlsx).",
            "file",
        )
    too_big = size_problem(name, len(content))
    if too_big:
        raise ValidationError(too_big, "file")
    if not content:
        raise ValidationError(f"{name} is empty.", "file")
    kind = PaperKind(suffix[1:])
    if kind is PaperKind.PDF:
        return PaperFile(name, kind, content, pdf_page_count(name, content))
    _check_office_file(name, kind, content)
    return PaperFile(name, kind, content, None)


def pdf_page_count(name: str, content: bytes) -> int:
    """The pages of a readable PDF; ValidationError for one that is damaged, locked by a password or empty."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    if not content.lstrip()[:5] == b"%PDF-":
        raise ValidationError(f"{name} is not a PDF that can be read: it may be damaged, or another kind of file.")
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except DependencyError as error:
                # AES encryption (a file locked against printing or changes, say) needs a cryptography library
                # the installer does not carry.
                raise ValidationError(
                    f"{name} is encrypted (protected against opening, printing or changes): save or print a copy "
                    "without the protection and attach that.",
                    "file",
                ) from error
            if not opened:
                raise ValidationError(
                    f"{name} is protected by a password: save a copy without the password and attach that.", "file"
                )
        pages = len(reader.pages)
        for page in reader.pages:
            page.mediabox  # noqa: B018 - reading each page's size finds a damaged page tree now, not in the pack
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as error:
        log.info("Unreadable PDF %s: %s", name, error)
        raise ValidationError(
            f"{name} is not a PDF that can be read: it may be damaged, or another kind of file.", "file"
        ) from error
    if pages == 0:
        raise ValidationError(f"{name} has no pages.", "file")
    return pages


def _check_office_file(name: str, kind: PaperKind, content: bytes) -> None:
    # A .docx and a .xlsx are zip files holding word/ or xl/; a renamed file of another kind is refused here,
    # so that Word or Excel never meets it on a member's computer.
    folder = "word/" if kind is PaperKind.WORD else "xl/"
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        names = []
    if "[Content_Types].xml" not in names or not any(entry.startswith(folder) for entry in names):
        raise ValidationError(
            f"{name} is not a {kind.label} that can be opened: it may be damaged, protected by a password, "
            "or another kind of file.",
            "file",
        )
