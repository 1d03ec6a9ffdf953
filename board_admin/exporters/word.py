"""The Word toolkit every Word export shares: opening a template (a damaged one is a readable error), the
page header and footer ("Page N of M", the period, DRAFT on every page), the file's properties, table cells,
and tables that fit the text width and never split a row across pages.

A Word export opens its template with `open_template`, writes its body with the template's styles and the
helpers here, and calls `finish` last, which writes the header, the footer and the file's properties.
"""

from __future__ import annotations

import datetime as dt
import threading
from copy import deepcopy
from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.package import Unmarshaller
from docx.opc.part import Part, PartFactory
from docx.opc.pkgreader import PackageReader
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.package import Package
from docx.parts.styles import StylesPart
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell

from board_admin.db.engine import Database
from board_admin.domain.errors import BoardAdminError
from board_admin.reports.organisation import USUAL_NAME, organisation
from board_admin.resources import template_path

# The widths the attendance charts are placed at in Word: the charts are drawn for exactly these widths
# (ui.attendance_charts.charts_for), so that their smallest text prints at 9 pt.
AGENCY_CHART_MM = 160.0
GROUP_CHART_MM = 150.0
HEADER_FILL = "DDE6F0"
TOTAL_FILL = "EEF2F7"
DRAFT_COLOUR = RGBColor(0xA4, 0x16, 0x1A)
# An average character of the tables' sans-serif font is about half its size wide: 1 pt = 0.353 mm.
CHARACTER_WIDTH_PER_POINT_MM = 0.19
# Room the cell margins take (Word's default 1.9 mm either side of the text), and a little over.
CELL_PADDING_MM = 4.0


@dataclass(frozen=True)
class DocumentDetails:
    """Who a document comes from: the organisation named in its header and the author in its properties."""

    organisation: str
    author: str


DEFAULT_DETAILS = DocumentDetails(USUAL_NAME, "Board Admin")


def document_details(database: Database) -> DocumentDetails:
    """The organisation's name from the settings (the usual one if never set) for the header; as author, the
    organisation's name if set, else the signed-in user."""
    name = organisation(database).name
    return DocumentDetails(organisation=name or USUAL_NAME, author=name or database.actor.display_name)


def open_template(name: str, *, keep_body: bool = False):
    """The template `name` (the user's copy first) with its body emptied unless `keep_body` (a logo or a
    heading the business unit put above the minutes); its styles and page setup stay. A missing or damaged
    template is a BoardAdminError saying what to do."""
    path = template_path(name)
    try:
        document = _templates.open(path)
    except Exception as error:  # python-docx raises several kinds for a damaged or missing file
        raise BoardAdminError(
            f"The Word template {path} could not be read; delete your own copy or reinstall Board Admin."
        ) from error
    body = document.element.body
    for child in [] if keep_body else list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


class _Templates:
    """Each template's file read once per process: its parts' bytes and relationships as python-docx reads
    them from the zip (unzipping and checking them was a third of opening a template). Every document is a
    new python-docx Document made from those bytes, its XML parsed afresh (a Document is changed as it is
    written, so none is ever shared; copying a parsed template costs more than parsing it again). A template
    changed on disk (the user's own copy) is read again.

    The styles (350 kB of XML in the templates: 164 styles) are parsed only if a document reads them
    (`_TemplateStyles`); the exports look styles up by name through `style_id`, which remembers each id per
    template, so most documents never parse or write them out again."""

    def __init__(self) -> None:
        self.read: dict[tuple, tuple[PackageReader, bytes | None, dict]] = {}
        self.lock = threading.Lock()

    def open(self, path):
        status = path.stat()
        key = (str(path), status.st_ino, status.st_mtime_ns, status.st_ctime_ns, status.st_size)
        with self.lock:
            if key not in self.read:
                reader = PackageReader.from_file(str(path))
                styles = next((blob for _, kind, _, blob in reader.iter_sparts() if kind == CT.WML_STYLES), None)
                # As python-docx writes them after parsing (its own declaration, no blank text), so that a
                # document whose styles are never parsed is byte for byte the one whose styles are.
                written = None if styles is None else serialize_part_xml(parse_xml(styles))
                self.read[key] = (reader, written, {})
            reader, written, ids = self.read[key]

        def make_part(partname, content_type, reltype, blob, package):
            if content_type == CT.WML_STYLES and written is not None:
                return _TemplateStyles(partname, content_type, written, package, ids)
            return PartFactory(partname, content_type, reltype, blob, package)

        # As python-docx's Document(path) does after reading the file (OpcPackage.open, docx.api.Document).
        package = Package()
        Unmarshaller.unmarshal(reader, package, make_part)
        document_part = package.main_document_part
        if document_part.content_type != CT.WML_DOCUMENT_MAIN:
            raise ValueError(f"{path} is not a Word document")
        return document_part.document


class _TemplateStyles(StylesPart):
    """A template's styles part, parsed when first read: until then it writes out the template's bytes."""

    def __init__(self, partname, content_type, blob: bytes, package, style_ids: dict) -> None:
        Part.__init__(self, partname, content_type, blob, package)
        self._parsed = None
        self.style_ids = style_ids  # the ids `style_id` found by name, shared by the template's documents

    @property
    def _element(self):
        if self._parsed is None:
            self._parsed = parse_xml(self._blob)
        return self._parsed

    @_element.setter
    def _element(self, element) -> None:
        self._parsed = element

    @property
    def blob(self) -> bytes:
        return self._blob if self._parsed is None else serialize_part_xml(self._parsed)


_templates = _Templates()


def finish(
    document,
    details: DocumentDetails | None,
    *,
    title: str,
    subject: str,
    label: str,
    period: str | None = None,
    draft: bool = False,
    now: dt.datetime | None = None,
) -> None:
    """Writes the header (organisation, and DRAFT when `draft`), the footer ("label · period · Page N of M")
    on every page, and the file's properties (title, subject, author, created and modified now)."""
    details = details or DEFAULT_DETAILS
    now = (now or dt.datetime.now(dt.UTC)).replace(tzinfo=None, microsecond=0)
    done = set()
    for section in document.sections:
        header, footer = section.header, section.footer
        if id(header.part) not in done:
            done.add(id(header.part))
            _write_header(document, header, details.organisation, draft)
        if id(footer.part) not in done:
            done.add(id(footer.part))
            _write_footer(document, footer, label, period)
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = details.author
    properties.last_modified_by = details.author
    properties.comments = ""
    properties.keywords = ""
    properties.category = label
    properties.created = now
    properties.modified = now
    properties.revision = 1


def _clear(part) -> None:
    for paragraph in list(part.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    for table in list(part.tables):
        table._tbl.getparent().remove(table._tbl)


def _write_header(document, header, organisation: str, draft: bool) -> None:
    header.is_linked_to_previous = False
    _clear(header)
    # The style by its id (`style_id`): by name, python-docx searches the template's styles for each paragraph.
    paragraph = header.add_paragraph(organisation)
    paragraph._p.style = style_id(document, "Header")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if draft:
        mark = header.add_paragraph()
        mark._p.style = style_id(document, "Header")
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = mark.add_run("DRAFT")
        run.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = DRAFT_COLOUR


def _write_footer(document, footer, label: str, period: str | None) -> None:
    footer.is_linked_to_previous = False
    _clear(footer)
    paragraph = footer.add_paragraph()
    paragraph._p.style = style_id(document, "Footer")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(" · ".join(part for part in (label, period) if part) + " · Page ")
    add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    add_field(paragraph, "NUMPAGES", "1")


def add_field(paragraph, instruction: str, shown: str = "", *, dirty: bool = False) -> None:
    """A Word field (PAGE, NUMPAGES, PAGEREF...) in `paragraph`, showing `shown` until it is worked out."""
    field_start(paragraph, instruction, dirty=dirty)
    paragraph.add_run(shown)
    field_end(paragraph)


def field_start(paragraph, instruction: str, *, dirty: bool = False) -> None:
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")
    paragraph.add_run()._r.append(begin)
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    paragraph.add_run()._r.append(separate)


def field_end(paragraph) -> None:
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


# --- tables --------------------------------------------------------------------------------------


def style_id(document, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
    """The id of a template style by its name (None for the default of its kind, as python-docx has it), looked
    up once per template file (`_Templates`; once per document for any other): python-docx looks a style up by
    name through every style of the template, and again for the default, each time one is set (a fifth of
    the annual pack's time), and looking it up at all parses the template's styles."""
    try:
        styles = document.part.part_related_by(RT.STYLES)
    except KeyError:  # a template without styles: python-docx gives the document its default ones
        styles = None
    if isinstance(styles, _TemplateStyles):
        ids = styles.style_ids  # the template's, whichever of its documents first asked
    else:
        ids = document.__dict__.setdefault("_board_admin_style_ids_by_kind", {})
    if (name, kind) not in ids:
        ids[(name, kind)] = document.part.get_style_id(name, kind)
    return ids[(name, kind)]


def add_paragraph(document, text: str = "", style: str | None = None):
    """`document.add_paragraph(text, style)`, the style's id looked up once (`style_id`)."""
    paragraph = document.add_paragraph(text)
    if style is not None:
        paragraph._p.style = style_id(document, style)
    return paragraph


def add_heading(document, text: str = "", level: int = 1):
    """`document.add_heading(text, level)`, the style's id looked up once (`style_id`)."""
    return add_paragraph(document, text, "Title" if level == 0 else f"Heading {level}")


def shade(cell, colour: str) -> None:
    """Fills a table cell with a colour (hex, e.g. "EEF2F7")."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def repeat_as_header(row) -> None:
    """A table that runs over a page shows this row again at the top of the next."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def keep_on_one_page(row) -> None:
    """The row is never split across two pages (it moves to the next page whole)."""
    properties = row._tr.get_or_add_trPr()
    if properties.find(qn("w:cantSplit")) is None:
        cant_split = OxmlElement("w:cantSplit")
        cant_split.set(qn("w:val"), "true")
        properties.append(cant_split)


def fixed_widths(table, widths_mm, font_size: float | None = None) -> None:
    """Gives each column its width (Word reads the cells' widths, LibreOffice the columns'), and the text of
    every cell `font_size` points when given."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
            if font_size is None:
                continue
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(font_size)


def text_width_mm(document) -> float:
    """The width inside the margins of the last section, in millimetres."""
    section = document.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / 36000


def word_width_mm(text: str, size: float, *, bold: bool = False) -> float:
    """About how wide the longest word of `text` prints at `size` points, padding included."""
    longest = max((len(word) for word in text.split()), default=0)
    return longest * size * CHARACTER_WIDTH_PER_POINT_MM * (1.1 if bold else 1.0) + CELL_PADDING_MM


def fit_widths(widths, available: float, minimums=None) -> list[float]:
    """Column widths that fit `available` mm, each at least its minimum (the room its longest word needs) where
    the page allows: the columns above their minimum give up room in proportion to their widths."""
    widths = list(widths)
    minimums = list(minimums or [0.0] * len(widths))
    if sum(minimums) > available:  # not every word can fit: the minimums themselves are shrunk
        minimums = [minimum * available / sum(minimums) for minimum in minimums]
    widths = [max(width, minimum) for width, minimum in zip(widths, minimums, strict=True)]
    fixed: set[int] = set()
    while sum(widths) > available + 0.01:
        free = [index for index in range(len(widths)) if index not in fixed]
        room = available - sum(widths[index] for index in fixed)
        scale = room / sum(widths[index] for index in free)
        squeezed = [index for index in free if widths[index] * scale < minimums[index]]
        if not squeezed:
            for index in free:
                widths[index] *= scale
            break
        for index in squeezed:
            widths[index] = minimums[index]
            fixed.add(index)
    return widths


def cell(
    table_cell,
    text: str,
    width: float | None,
    size: float,
    *,
    bold: bool = False,
    right: bool = False,
    centre: bool = False,
) -> None:
    """Writes `text` into a table cell at `size` points; a second line after "\\n" is smaller and italic."""
    table_cell.text = ""
    paragraph = table_cell.paragraphs[0]
    first, _, rest = text.partition("\n")
    run = paragraph.add_run(first)
    run.bold = bold
    run.font.size = Pt(size)
    if rest:  # a second, smaller line under the first (a date under a reference, an agency under a name)
        run.add_break(WD_BREAK.LINE)
        second = paragraph.add_run(rest)
        second.font.size = Pt(size - 1)
        second.italic = True
    paragraph.paragraph_format.space_after = Pt(0)
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if width is not None:
        table_cell.width = Mm(width)


def table(
    document,
    headers,
    rows,
    widths,
    *,
    total=None,
    size: float = 9,
    right_from: int = 99,
    centre_from: int = 99,
):
    """A table with a shaded header row repeated on every page, rows that never split across pages, an
    optional shaded totals row, and columns fitted to the text width. A column is widened to its longest
    word (a reference such as "Exploitation-010", a date) where the page allows, so that no word is broken;
    the wider columns give up the room."""
    texts = [list(headers), *[list(row) for row in rows]] + ([list(total)] if total is not None else [])
    minimums = [max(word_width_mm(line[index], size, bold=True) for line in texts) for index in range(len(headers))]
    widths = fit_widths(list(widths), text_width_mm(document), minimums)
    # document.add_table without its `table.style = None`, which reads (parses) the styles to find no style.
    grid = document._body.add_table(1, len(headers), document._block_width)
    grid._tbl.tblStyle_val = style_id(document, "Table Grid", WD_STYLE_TYPE.TABLE)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Mm(width)  # the grid LibreOffice lays the table out by; Word reads the cells'
    repeat_as_header(grid.rows[0])
    keep_on_one_page(grid.rows[0])
    for index, (table_cell, text) in enumerate(zip(grid.rows[0].cells, headers, strict=True)):
        cell(table_cell, text, widths[index], size, bold=True, right=index >= right_from, centre=index >= centre_from)
        shade(table_cell, HEADER_FILL)
    cells = _CopiedCells(grid, widths, size, right_from, centre_from)
    for values in rows:
        cells.add_row(values)
    if total is not None:
        row = grid.add_row()
        keep_on_one_page(row)
        for index, (table_cell, text) in enumerate(zip(row.cells, total, strict=True)):
            cell(table_cell, text, widths[index], size, bold=True, right=index >= right_from)
            shade(table_cell, TOTAL_FILL)
    return grid


def figures_table(document, headers, rows, total, widths) -> None:
    """A table of figures (the statement's, the challenge log's counts): every value printed as text, the
    columns after the first right-aligned, and a totals row when `total` is given. `widths` are lengths
    (Mm(40))."""
    table(
        document,
        [str(text) for text in headers],
        [[str(text) for text in values] for values in rows],
        [width.mm for width in widths],
        total=None if total is None else [str(text) for text in total],
        size=9.5,
        right_from=1,
    )


class _CopiedCells:
    """The body rows of `table`, each cell a copy of one written by `cell` with only its words changed.

    python-docx builds each cell through a dozen proxy objects that look every child element up by name
    (run properties, sizes, widths): on a table of hundreds of rows that was most of an export's time. The
    first cell of each shape (column, whether it has a first line and a second) is written through `cell`,
    the rest are copies of it (lxml), so the document is the same, element for element. Text python-docx
    would turn into other elements (tabs, more line breaks) goes the long way.
    """

    def __init__(self, grid, widths, size: float, right_from: int, centre_from: int) -> None:
        self.grid = grid
        self.widths = widths
        self.size = size
        self.right_from = right_from
        self.centre_from = centre_from
        self.row_template = None  # a body row's <w:tr> without its cells
        self.templates: dict[tuple[int, bool, bool], object] = {}

    def add_row(self, values) -> None:
        if self.row_template is None:
            row = self.grid.add_row()
            keep_on_one_page(row)
            self.row_template = deepcopy(row._tr)
            for tc in self.row_template.findall(qn("w:tc")):
                self.row_template.remove(tc)
            for index, (table_cell, text) in enumerate(zip(row.cells, values, strict=True)):
                self._write(table_cell, index, text)
            return
        tr = deepcopy(self.row_template)
        self.grid._tbl.append(tr)
        for index, text in enumerate(values):
            first, _, rest = text.partition("\n")
            key = (index, bool(first), bool(rest))
            template = self.templates.get(key)
            if template is None or _needs_elements(first, rest):
                tc = tr.add_tc()
                if self.grid.columns[index]._gridCol.w is not None:
                    tc.width = self.grid.columns[index]._gridCol.w
                self._write(_Cell(tc, self.grid), index, text)
                continue
            tc = deepcopy(template)
            for element, words in zip(tc.iter(qn("w:t")), [part for part in (first, rest) if part], strict=True):
                element.text = words
                if len(words.strip()) < len(words):
                    element.set(qn("xml:space"), "preserve")
                else:
                    element.attrib.pop(qn("xml:space"), None)
            tr.append(tc)

    def _write(self, table_cell, index: int, text: str) -> None:
        cell(
            table_cell,
            text,
            self.widths[index],
            self.size,
            right=index >= self.right_from,
            centre=index >= self.centre_from,
        )
        first, _, rest = text.partition("\n")
        if not _needs_elements(first, rest):
            self.templates.setdefault((index, bool(first), bool(rest)), deepcopy(table_cell._tc))


def _needs_elements(first: str, rest: str) -> bool:
    """Text python-docx writes as more than one <w:t>: tabs, line breaks, carriage returns."""
    return any(mark in first for mark in "\t\r") or any(mark in rest for mark in "\t\r\n")
