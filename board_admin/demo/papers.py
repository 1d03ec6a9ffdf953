"""The demo's papers: the next Safeguarding Children Partnership Board has three PDF papers (one replaced by a
second version) and its draft minutes as a Word document, so a newcomer sees papers and an agenda pack.

The files are made here, with the libraries the application already carries (fpdf2 for PDF, python-docx for
Word): the demo ships no documents of its own.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from board_admin.db.models import AgendaItem, Paper, PaperVersion
from board_admin.domain.papers import check_paper_file, is_late

# Invented reports; each paragraph a few sentences a board paper might say.
_PARAGRAPHS = (
    "This report sets out the position for the quarter and asks the Board to note the progress made and to agree "
    "the recommendations at the end of the report.",
    "Partners have continued to work together on the priorities set in the business plan. The figures below come "
    "from the partnership's dataset and the quality assurance activity of the Quality and Effectiveness Group.",
    "Multi-agency audits this quarter looked at neglect and at the voice of the child. Practice was judged good or "
    "better in most cases audited; where it was not, the learning has been shared with the agencies concerned.",
    "The Board is asked to consider whether the assurance given is sufficient, and where it is not, what further "
    "information it needs from partners before its next meeting.",
)


def paper_pdf(title: str, author: str, pages: int, day: dt.date) -> bytes:
    """A plain board paper of `pages` A4 pages: a title, a few paragraphs and a table on each page."""
    from board_admin.exporters.pack import new_pdf

    pdf = new_pdf(unit="mm", format="A4")
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creation_date(dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC))
    pdf.set_margins(22, 22, 22)
    for page in range(1, pages + 1):
        pdf.add_page()
        if page == 1:
            pdf.set_font("helvetica", "B", 16)
            pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("helvetica", "I", 10)
            pdf.multi_cell(0, 6, f"Report of {author}, {day.day} {day:%B %Y}", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        pdf.set_font("helvetica", "B", 12)
        pdf.multi_cell(
            0,
            7,
            f"{page}. {('Summary', 'Progress', 'Assurance', 'Recommendations')[(page - 1) % 4]}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_font("helvetica", size=11)
        for paragraph in _PARAGRAPHS:
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        with pdf.table(col_widths=(70, 40, 40), line_height=6) as table:
            for cells in (
                ("Measure", "Last quarter", "This quarter"),
                ("Referrals", "412", "398"),
                ("Audits completed", "12", "15"),
                ("Actions on track", "80%", "86%"),
            ):
                row = table.row()
                for cell in cells:
                    row.cell(cell)
    return bytes(pdf.output())


def paper_docx(title: str, lines: list[str], day: dt.date = dt.date(2025, 1, 1)) -> bytes:
    """A short Word paper; the same `day` always gives the same bytes (the demo is deterministic)."""
    from docx import Document

    document = Document()
    moment = dt.datetime(day.year, day.month, day.day, 9)
    document.core_properties.title = title
    document.core_properties.created = document.core_properties.modified = moment
    document.add_heading(title, level=1)
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    # Word's zip records when each part was written: the day given instead of the clock.
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(fixed, "w") as target:
        for entry in source.infolist():
            stamped = zipfile.ZipInfo(entry.filename, date_time=moment.timetuple()[:6])
            stamped.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(stamped, source.read(entry.filename))
    return fixed.getvalue()


def add_demo_papers(session, meeting, items: list[AgendaItem], received_by: str = "demo") -> None:
    """Three PDF papers on the first three reports of the agenda (the second replaced by a late second version
    two days before the meeting), and the draft minutes of the last meeting as Word on the minutes item."""
    on_time = meeting.meeting_date - dt.timedelta(days=10)
    late = meeting.meeting_date - dt.timedelta(days=2)
    reports = [item for item in items if item.position >= 3][:3]
    minutes_item = next(item for item in items if item.title.startswith("Minutes of the last meeting"))
    minutes = paper_docx(
        "Draft minutes of the last meeting",
        ["Present: the members listed in the register.", "1. Welcome, introductions and apologies."],
        on_time,
    )
    files = [(minutes_item, [("Draft minutes of the last meeting.docx", minutes, on_time)])]
    for number, item in enumerate(reports):
        name = f"{item.title}.pdf".replace("/", "-")
        author = (item.presenter or "the presenter").replace(" (report taken as read)", "")
        versions = [(name, paper_pdf(item.title, author, 2 + number, on_time), on_time)]
        if number == 1:
            versions.append((name, paper_pdf(f"{item.title} (revised)", author, 3, late), late))
        files.append((item, versions))
    for item, versions in files:
        paper = Paper(agenda_item_id=item.id, position=1, current_number=len(versions))
        session.add(paper)
        session.flush()
        for number, (name, content, day) in enumerate(versions, start=1):
            checked = check_paper_file(name, content)
            session.add(
                PaperVersion(
                    paper_id=paper.id,
                    number=number,
                    file_name=checked.file_name,
                    kind=checked.kind.value,
                    size=len(content),
                    pages=checked.pages,
                    received_at=dt.datetime(day.year, day.month, day.day, 9 + number),
                    received_by=received_by,
                    late=is_late(day, meeting.meeting_date),
                    content=content,
                )
            )
