"""Papers on agenda items: attached, replaced as versions (earlier ones kept), late papers marked, and every bad
file refused with a sentence and nothing half-attached."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from pypdf import PdfWriter
from sqlalchemy import func, select

from board_admin.db.models import AuditEntry, Paper, PaperVersion
from board_admin.demo.papers import paper_docx, paper_pdf
from board_admin.domain.errors import ConflictError, NotFoundError, ValidationError
from board_admin.domain.papers import PAPER_SIZE_LIMIT, PAPERS_DUE_DAYS, is_late, papers_due
from board_admin.reports.papers import meeting_papers, paper_content, paper_versions
from board_admin.services import meetings as me
from board_admin.services import papers as pa

TODAY = dt.date(2025, 6, 2)


def _item(database, world, title="Budget") -> tuple[int, int, dt.date]:
    meeting = world.meetings["board-6"]
    item = me.add_agenda_item(database, meeting, me.AgendaItemFields(title))
    with database.session() as session:
        from board_admin.db.models import Meeting

        return meeting, item, session.get(Meeting, meeting).meeting_date


def _counts(database) -> tuple[int, int, int]:
    with database.session() as session:
        return (
            session.scalar(select(func.count()).select_from(Paper)),
            session.scalar(select(func.count()).select_from(PaperVersion)),
            session.scalar(select(func.count()).select_from(AuditEntry)),
        )


def _encrypted(user_password: str, owner_password: str) -> bytes:
    writer = PdfWriter()
    writer.append(io.BytesIO(paper_pdf("Confidential", "Someone", 1, TODAY)))
    writer.encrypt(user_password=user_password, owner_password=owner_password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_the_late_rule_is_a_week_before_the_meeting():
    meeting = dt.date(2025, 7, 15)
    assert PAPERS_DUE_DAYS == 7 and papers_due(meeting) == dt.date(2025, 7, 8)
    assert not is_late(dt.date(2025, 7, 8), meeting)
    assert is_late(dt.date(2025, 7, 9), meeting)


def test_a_paper_replaced_keeps_its_earlier_versions_and_the_late_one_is_marked(database, with_world):
    world = with_world(database, TODAY)
    meeting, item, meeting_date = _item(database, world)
    first = paper_pdf("Budget report", "Fran", 2, TODAY)
    second = paper_pdf("Budget report (revised)", "Fran", 3, TODAY)
    on_time = dt.datetime.combine(papers_due(meeting_date), dt.time(17))
    late = on_time + dt.timedelta(days=1)

    paper = pa.add_paper(database, item, "C:\\Papers\\Budget report.pdf", first, on_time)
    [row] = meeting_papers(database, meeting)
    assert (row.file_name, row.number, row.pages, row.late, row.described) == (
        "Budget report.pdf",
        1,
        2,
        False,
        "Budget report.pdf",
    )

    assert pa.replace_paper(database, paper, "Budget report v2.pdf", second, row.version, late) == 2
    [row] = meeting_papers(database, meeting)
    assert (row.number, row.pages, row.late) == (2, 3, True)
    assert row.described == "Budget report v2.pdf (version 2, late paper)"
    versions = paper_versions(database, paper)
    assert [(v.number, v.file_name, v.late) for v in versions] == [
        (2, "Budget report v2.pdf", True),
        (1, "Budget report.pdf", False),
    ]
    assert paper_content(database, paper) == ("Budget report v2.pdf", second)
    assert paper_content(database, paper, 1) == ("Budget report.pdf", first)
    # A replacement made from a screen opened before this one is refused.
    with pytest.raises(ConflictError):
        pa.replace_paper(database, paper, "Budget report v3.pdf", first, row.version - 1)


def test_word_and_excel_papers_are_kept_and_an_owner_password_alone_does_not_stop_a_pdf(database, with_world):
    world = with_world(database, TODAY)
    meeting, item, _day = _item(database, world)
    from openpyxl import Workbook

    sheet = io.BytesIO()
    Workbook().save(sheet)
    pa.add_paper(database, item, "Draft minutes.docx", paper_docx("Draft minutes", ["Present: ..."]))
    pa.add_paper(database, item, "Figures.xlsx", sheet.getvalue())
    pa.add_paper(database, item, "Printable only.pdf", _encrypted("", "owner-secret"))
    rows = meeting_papers(database, meeting)
    assert [(row.position, row.kind.value, row.is_pdf) for row in rows] == [
        (1, "docx", False),
        (2, "xlsx", False),
        (3, "pdf", True),
    ]


BAD_FILES = [
    ("notes.txt", b"plain text", "notes.txt is not a paper Board Admin keeps"),
    ("report.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog", "report.pdf is not a PDF that can be read"),
    ("report.pdf", b"PK\x03\x04 a zip, renamed", "report.pdf is not a PDF that can be read"),
    ("minutes.docx", b"%PDF-1.4 a PDF, renamed", "minutes.docx is not a Word document that can be opened"),
    ("figures.xlsx", b"", "figures.xlsx is empty"),
]


@pytest.mark.parametrize(
    ("name", "content", "said"), BAD_FILES, ids=[f"{n}-{i}" for i, (n, _c, _s) in enumerate(BAD_FILES)]
)
def test_a_file_that_is_not_a_paper_is_refused_and_nothing_is_attached(database, name, content, said, with_world):
    world = with_world(database, TODAY)
    _meeting, item, _day = _item(database, world)
    before = _counts(database)
    with pytest.raises(ValidationError) as refused:
        pa.add_paper(database, item, name, content)
    assert refused.value.message.startswith(said)
    assert _counts(database) == before


def test_a_password_protected_pdf_and_a_file_over_the_limit_are_refused(database, with_world):
    world = with_world(database, TODAY)
    _meeting, item, _day = _item(database, world)
    before = _counts(database)
    with pytest.raises(ValidationError, match="protected by a password: save a copy without the password"):
        pa.add_paper(database, item, "Locked.pdf", _encrypted("open-sesame", "owner"))
    too_big = paper_pdf("Big", "Someone", 1, TODAY)
    too_big += b"\n%" + b"x" * (PAPER_SIZE_LIMIT - len(too_big))
    with pytest.raises(ValidationError, match=r"Big.pdf is 20.0 MB: a paper may be at most 20 MB"):
        pa.add_paper(database, item, "Big.pdf", too_big)
    with pytest.raises(NotFoundError, match="agenda item you asked for no longer exists"):
        pa.add_paper(database, 999_999, "Budget.pdf", paper_pdf("Budget", "Fran", 1, TODAY))
    assert _counts(database) == before


def test_deleting_an_item_or_its_meeting_takes_the_papers_with_it(database, with_world):
    world = with_world(database, TODAY)
    meeting, item, _day = _item(database, world)
    other = me.add_agenda_item(database, meeting, me.AgendaItemFields("Neglect"))
    pa.add_paper(database, item, "Budget.pdf", paper_pdf("Budget", "Fran", 1, TODAY))
    pa.add_paper(database, other, "Neglect.pdf", paper_pdf("Neglect", "Ben", 1, TODAY))
    me.delete_agenda_item(database, item)
    assert [row.file_name for row in meeting_papers(database, meeting)] == ["Neglect.pdf"]
    assert _counts(database)[:2] == (1, 1)
    me.delete_meeting(database, meeting)
    assert _counts(database)[:2] == (0, 0)


def test_a_word_document_is_read_back_as_it_was_attached(database, with_world):
    world = with_world(database, TODAY)
    _meeting, item, _day = _item(database, world)
    content = paper_docx("Draft minutes", ["Present: the members."])
    paper = pa.add_paper(database, item, "Draft minutes.docx", content)
    name, back = paper_content(database, paper)
    assert name == "Draft minutes.docx"
    assert Document(io.BytesIO(back)).paragraphs[1].text == "Present: the members."
