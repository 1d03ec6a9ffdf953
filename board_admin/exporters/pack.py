"""The agenda pack: one PDF with the agenda first, then every PDF paper in agenda order.

Each agenda item has a bookmark (the PDF's outline), each paper one under its item; every page carries
"Page N of M". A Word or Excel paper is listed on the agenda as "sent separately" (it goes with the pack as a
file of its own); a PDF paper that cannot be read is listed on the first page and left out, and the pack is
still made.

Libraries: fpdf2 draws the agenda pages and the page numbers (Qt is kept to ui/, and fpdf2 is pure Python);
pypdf reads the papers, joins them, adds the bookmarks and stamps the numbers onto each page.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from board_admin.db.engine import Database
from board_admin.domain.dates import format_date
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.permissions import Permission
from board_admin.exporters.files import atomic_output
from board_admin.reports.meetings import MinutesContent, minutes_content
from board_admin.reports.papers import PaperRow, meeting_papers, paper_content

log = logging.getLogger("board_admin.exporters.pack")

UNREADABLE = "could not be read"
SENT_SEPARATELY = "sent separately"


class PackCancelled(Exception):  # noqa: N818 - not an error: the user asked to stop
    pass


@dataclass(frozen=True)
class PackPaper:
    row: PaperRow
    pdf: bytes | None = None  # the paper's pages, re-written by pypdf; None when not a PDF or unreadable
    pages: int = 0
    problem: str | None = None  # why it is not in the pack
    first_page: int = 0  # where it starts in the pack, 1 first

    @property
    def note(self) -> str:
        if self.problem:
            return f"{UNREADABLE}: not in this pack"
        if self.pdf is None:
            return SENT_SEPARATELY
        pages = "1 page" if self.pages == 1 else f"{self.pages} pages"
        return f"at page {self.first_page} ({pages})"


@dataclass(frozen=True)
class PackResult:
    pages: int
    agenda_pages: int
    papers: tuple[PackPaper, ...]
    outline: tuple[str, ...] = field(default_factory=tuple)

    @property
    def unreadable(self) -> tuple[PackPaper, ...]:
        return tuple(paper for paper in self.papers if paper.problem)

    @property
    def separate(self) -> tuple[PackPaper, ...]:
        return tuple(paper for paper in self.papers if paper.pdf is None and not paper.problem)


# --- reading the papers --------------------------------------------------------------------------


def _readable(name: str, content: bytes) -> tuple[bytes, int]:
    """The paper's pages written out again by pypdf, so that a paper which fails does so here, whole,
    and never half-way into the pack."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(content))
    if reader.is_encrypted and not reader.decrypt(""):
        raise BoardAdminError("it is protected by a password")
    copy = PdfWriter()
    copy.append(reader, import_outline=False)
    if len(copy.pages) == 0:
        raise BoardAdminError("it has no pages")
    for page in copy.pages:
        page.transfer_rotation_to_content()  # upright pages, so the number goes at the foot as read
    buffer = io.BytesIO()
    copy.write(buffer)
    return buffer.getvalue(), len(copy.pages)


def read_papers(database: Database, papers: list[PaperRow], step: Callable[[str], None]) -> list[PackPaper]:
    read = []
    for row in papers:
        step(f"Reading {row.file_name}")
        if not row.is_pdf:
            read.append(PackPaper(row))
            continue
        try:
            _name, content = paper_content(database, row.id)
            pdf, pages = _readable(row.file_name, content)
        except BoardAdminError as error:
            read.append(PackPaper(row, problem=error.message))
            continue
        except Exception as error:  # noqa: BLE001 - any failure of a damaged file: listed, and the pack still made
            log.info("Paper %s left out of the pack: %s", row.file_name, error)
            read.append(PackPaper(row, problem="the file is damaged and could not be opened"))
            continue
        read.append(PackPaper(row, pdf=pdf, pages=pages))
    return read


def _placed(papers: list[PackPaper], agenda_pages: int) -> list[PackPaper]:
    placed, page = [], agenda_pages + 1
    for paper in papers:
        if paper.pdf is not None:
            placed.append(PackPaper(paper.row, paper.pdf, paper.pages, None, page))
            page += paper.pages
        else:
            placed.append(paper)
    return placed


# --- drawing the agenda ----------------------------------------------------------------------------

_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "•": "-"})


def new_pdf(**options):
    """An fpdf2 document. The Windows bundle leaves Pillow out (the pack has no pictures), and fpdf2 then warns
    at import that it cannot add images: true, and nothing a user should see."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Pillow could not be imported")
        from fpdf import FPDF

    return FPDF(**options)


def pdf_text(text: str | None) -> str:
    """Text the PDF's standard fonts can show (Latin-1): typographic quotes and dashes as plain ones, accents
    kept, anything else as '?'. The standard fonts need no font file in the installer."""
    text = unicodedata.normalize("NFC", (text or "").translate(_TYPOGRAPHY))
    return text.encode("latin-1", "replace").decode("latin-1")


def long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def draw_agenda(content: MinutesContent, papers: list[PackPaper], organisation: str) -> bytes:
    """The agenda pages (A4): the meeting, papers that could not be read, the items with their papers, and the
    open actions carried from earlier meetings."""
    meeting = content.meeting
    pdf = new_pdf(unit="mm", format="A4")
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_margins(18, 18, 18)
    pdf.set_title(pdf_text(f"Agenda pack: {meeting.title}"))
    pdf.set_author(pdf_text(organisation))
    pdf.add_page()
    pdf.set_font("helvetica", size=9)
    pdf.set_text_color(90)
    pdf.cell(0, 5, pdf_text(organisation), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.set_font("helvetica", "B", 18)
    pdf.multi_cell(0, 9, pdf_text(meeting.group_name), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=12)
    when = long_date(meeting.meeting_date)
    if meeting.times:
        when += f", {meeting.times}"
    if meeting.location:
        when += f", {meeting.location}"
    pdf.multi_cell(0, 6, pdf_text(f"Agenda pack for the meeting on {when}"), align="L", new_x="LMARGIN", new_y="NEXT")
    if meeting.chair:
        pdf.set_font("helvetica", size=10)
        pdf.multi_cell(0, 6, pdf_text(f"Chair: {meeting.chair}"), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    unreadable = [paper for paper in papers if paper.problem]
    if unreadable:
        pdf.set_fill_color(253, 236, 234)
        pdf.set_font("helvetica", "B", 10)
        pdf.multi_cell(
            0,
            6,
            pdf_text("Papers that could not be read, and are not in this pack:"),
            fill=True,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_font("helvetica", size=10)
        for paper in unreadable:
            line = f"- Item {paper.row.item_position}, {paper.row.file_name}: {paper.problem}."
            pdf.multi_cell(0, 5.5, pdf_text(line), fill=True, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_fill_color(255, 255, 255)  # the tables below take the current fill colour
        pdf.ln(3)

    by_item: dict[int, list[PackPaper]] = {}
    for paper in papers:
        by_item.setdefault(paper.row.agenda_item_id, []).append(paper)
    if content.items:
        pdf.set_font("helvetica", size=10)
        rows = []
        for item in content.items:
            listed = [f"{paper.row.described}, {paper.note}" for paper in by_item.get(item.id, [])]
            if item.paper_reference and not listed:
                listed = [f"Paper {item.paper_reference}"]
            rows.append((str(item.position), item.title, item.presenter or "", "\n".join(listed)))
        _table(pdf, (12, 66, 34, 62), ("Item", "Title", "Presenter", "Papers"), rows, line_height=5.5, padding=1.5)
    else:
        pdf.set_font("helvetica", size=10)
        pdf.multi_cell(0, 6, "The agenda has no items yet.", new_x="LMARGIN", new_y="NEXT")

    separate = [paper for paper in papers if paper.pdf is None and not paper.problem]
    if separate:
        pdf.ln(4)
        pdf.set_font("helvetica", "B", 11)
        pdf.multi_cell(0, 6, "Papers sent separately (Word and Excel)", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=10)
        for paper in separate:
            line = f"- Item {paper.row.item_position}: {paper.row.described}, {paper.row.kind.label}"
            pdf.multi_cell(0, 5.5, pdf_text(line), align="L", new_x="LMARGIN", new_y="NEXT")

    if content.matters_arising:
        pdf.ln(4)
        pdf.set_font("helvetica", "B", 11)
        pdf.multi_cell(0, 6, "Open actions from earlier meetings", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=9)
        rows = [
            (format_date(action.meeting_date), action.description, action.owner, format_date(action.due_date))
            for action in content.matters_arising
        ]
        _table(pdf, (22, 80, 44, 28), ("Meeting", "Action", "Owner", "Due"), rows, line_height=5, padding=1.2)
    return bytes(pdf.output())


def _heading_style():
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", fill_color=(224, 232, 240))


# --- joining, bookmarks and page numbers ----------------------------------------------------------


def _numbers(sizes: list[tuple[float, float]]) -> bytes:
    """A page for each page of the pack, of the same size, with only "Page N of M" at its foot, right."""
    overlay = new_pdf(unit="pt")
    overlay.set_auto_page_break(False)
    overlay.set_font("helvetica", size=9)
    total = len(sizes)
    for number, (width, height) in enumerate(sizes, start=1):
        overlay.add_page(format=(width, height))
        label = f"Page {number} of {total}"
        text_width = overlay.get_string_width(label)
        x, y = width - text_width - 24, height - 14
        overlay.set_fill_color(255, 255, 255)
        overlay.rect(x - 3, y - 9, text_width + 6, 12, style="F")  # legible over a paper's own footer
        overlay.set_text_color(40, 40, 40)
        overlay.text(x, y, label)
    return bytes(overlay.output())


def join(agenda: bytes, papers: list[PackPaper], items, step: Callable[[str], None]) -> tuple[bytes, tuple[str, ...]]:
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(agenda)))
    for paper in papers:
        if paper.pdf is not None:
            step(f"Adding {paper.row.file_name}")
            writer.append(PdfReader(io.BytesIO(paper.pdf)), import_outline=False)
    # The bookmarks once every page is in: the agenda, then each item (at its first paper, or at the agenda
    # when it has none in the pack) with its papers under it.
    writer.add_outline_item(title="Agenda", page_number=0)
    titles = ["Agenda"]
    for item in items:
        mine = [paper for paper in papers if paper.row.agenda_item_id == item.id and paper.pdf is not None]
        title = pdf_text(f"{item.position}. {item.title}")
        parent = writer.add_outline_item(title=title, page_number=mine[0].first_page - 1 if mine else 0)
        titles.append(title)
        for paper in mine:
            writer.add_outline_item(
                title=pdf_text(paper.row.described), page_number=paper.first_page - 1, parent=parent, is_open=True
            )
            titles.append(pdf_text(paper.row.described))
    step("Numbering the pages")
    boxes = [page.cropbox for page in writer.pages]
    sizes = [(float(box.width), float(box.height)) for box in boxes]
    numbers = PdfReader(io.BytesIO(_numbers(sizes)))
    for page, box, number_page in zip(writer.pages, boxes, numbers.pages, strict=True):
        page.merge_transformed_page(number_page, Transformation().translate(float(box.left), float(box.bottom)))
    writer.page_mode = "/UseOutlines"  # the reader opens with the bookmarks shown
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), tuple(titles)


def export_pack(
    database: Database,
    meeting_id: int,
    path: Path,
    on_date: dt.date | None = None,
    progress: Callable[[int, int, str], None] = lambda done, total, text: None,
    is_cancelled: Callable[[], bool] = lambda: False,
) -> PackResult:
    """Writes the meeting's agenda pack to `path` (.pdf); returns what it holds."""
    from board_admin.exporters.word import document_details

    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise BoardAdminError(f"{path.name}: the file name must end in .pdf.")
    database.actor.require(Permission.EXPORT)
    content = minutes_content(database, meeting_id, on_date)
    rows = meeting_papers(database, meeting_id)
    total = len(rows) + sum(row.is_pdf for row in rows) + 3
    done = 0

    def step(text: str) -> None:
        nonlocal done
        if is_cancelled():
            raise PackCancelled()
        progress(done, total, text)
        done += 1

    organisation = document_details(database).organisation
    papers = read_papers(database, rows, step)
    step("Drawing the agenda")
    # Drawn once to count its pages (which the papers' page numbers follow), then with the numbers.
    agenda_pages = _page_count(draw_agenda(content, _placed(papers, 1), organisation))
    papers = _placed(papers, agenda_pages)
    agenda = draw_agenda(content, papers, organisation)
    if _page_count(agenda) != agenda_pages:
        papers = _placed(papers, _page_count(agenda))
        agenda = draw_agenda(content, papers, organisation)
    agenda_pages = _page_count(agenda)
    joined, outline = join(agenda, papers, content.items, step)
    with atomic_output(path) as temporary:
        temporary.write_bytes(joined)
    progress(total, total, "Done")
    pages = agenda_pages + sum(paper.pages for paper in papers if paper.pdf is not None)
    return PackResult(pages, agenda_pages, tuple(papers), outline)


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _table(
    pdf,
    widths: tuple[float, ...],
    headings: tuple[str, ...],
    rows: list[tuple[str, ...]],
    *,
    line_height: float,
    padding: float,
) -> None:
    """A table of the agenda page (`pdf` an fpdf2 document): a heading row, then the rows, made printable."""
    with pdf.table(
        col_widths=widths,
        text_align=("LEFT",) * len(widths),
        line_height=line_height,
        padding=padding,
        headings_style=_heading_style(),
    ) as table:
        heading = table.row()
        for text in headings:
            heading.cell(text)
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(pdf_text(value))
