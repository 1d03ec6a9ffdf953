"""The agenda pack, read back with pypdf: the agenda first, a bookmark per item, every page of every PDF paper in
agenda order, "Page N of M" on each page; Word papers listed as sent separately; an unreadable paper listed on
the first page and the pack still made. And the headless commands `paper ...` and `export pack`."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import update

from board_admin.cli import EXIT_FAILED, EXIT_OK, main
from board_admin.db.engine import sqlite_url
from board_admin.db.models import PaperVersion
from board_admin.demo.papers import paper_docx, paper_pdf
from board_admin.domain.papers import is_late
from board_admin.exporters.pack import export_pack
from board_admin.reports.papers import meeting_papers
from board_admin.services import meetings as me
from board_admin.services import papers as pa
from tests.sample_world import CHILDREN_BOARD

TODAY = dt.date(2025, 6, 15)


def outline_titles(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark, in order."""
    found = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((depth, entry.title, reader.get_destination_page_number(entry)))

    walk(reader.outline, 0)
    return found


def page_text(reader: PdfReader, index: int) -> str:
    return reader.pages[index].extract_text()


def a_meeting_with_papers(database, with_world) -> tuple[int, dict[str, bytes]]:
    world = with_world(database, TODAY)
    meeting = world.meetings["board-6"]
    titles = ["Welcome and apologies", "Minutes of the last meeting", "Budget", "Neglect strategy", "Audit"]
    items = [me.add_agenda_item(database, meeting, me.AgendaItemFields(title)) for title in titles]
    files = {
        "Budget report.pdf": paper_pdf("Budget report", "Fran Finance", 2, TODAY),
        "Budget appendix.pdf": paper_pdf("Budget appendix", "Fran Finance", 1, TODAY),
        "Neglect strategy.pdf": paper_pdf("Neglect strategy", "Ben Okafor", 3, TODAY),
        "Audit findings.pdf": paper_pdf("Audit findings", "Alison Reed", 4, TODAY),
        "Draft minutes.docx": paper_docx("Draft minutes", ["Present: the members."]),
    }
    received = dt.datetime(2025, 6, 1, 9)
    # Attached out of agenda order: the pack follows the agenda, not the order the files came.
    for item, name in ((1, "Draft minutes.docx"), (4, "Audit findings.pdf"), (2, "Budget report.pdf")):
        pa.add_paper(database, items[item], name, files[name], received)
    pa.add_paper(database, items[3], "Neglect strategy.pdf", files["Neglect strategy.pdf"], received)
    # The appendix came after the papers went out: a late paper.
    pa.add_paper(database, items[2], "Budget appendix.pdf", files["Budget appendix.pdf"], dt.datetime(2025, 7, 24))
    return meeting, files


def test_the_pack_has_the_agenda_then_every_page_of_every_pdf_paper_with_bookmarks_and_page_numbers(
    database, tmp_path, with_world
):
    meeting, files = a_meeting_with_papers(database, with_world)
    out = tmp_path / "pack.pdf"
    result = export_pack(database, meeting, out, TODAY)

    reader = PdfReader(out)
    paper_pages = [len(PdfReader(io.BytesIO(files[name])).pages) for name in files if name.endswith(".pdf")]
    assert len(reader.pages) == result.pages == result.agenda_pages + sum(paper_pages)
    total = len(reader.pages)
    for index in range(total):
        assert page_text(reader, index).rstrip().endswith(f"Page {index + 1} of {total}"), index

    first = page_text(reader, 0)
    assert CHILDREN_BOARD in first and "Agenda pack for the meeting on" in first
    flat = " ".join(first.split())
    assert "Papers sent separately (Word and Excel) - Item 2: Draft minutes.docx, Word document" in flat
    assert "Budget appendix.pdf (late paper), at page" in flat
    # The papers in agenda order: budget (2 pages), its appendix (1), neglect (3), audit (4).
    starts = {"Budget report": 1, "Budget appendix": 3, "Neglect strategy": 4, "Audit findings": 7}
    for title, start in starts.items():
        assert page_text(reader, result.agenda_pages + start - 1).startswith(title), title
    agenda = result.agenda_pages
    assert outline_titles(reader) == [
        (0, "Agenda", 0),
        (0, "1. Welcome and apologies", 0),
        (0, "2. Minutes of the last meeting", 0),
        (0, "3. Budget", agenda),
        (1, "Budget report.pdf", agenda),
        (1, "Budget appendix.pdf (late paper)", agenda + 2),
        (0, "4. Neglect strategy", agenda + 3),
        (1, "Neglect strategy.pdf", agenda + 3),
        (0, "5. Audit", agenda + 6),
        (1, "Audit findings.pdf", agenda + 6),
    ]
    # The agenda says where each paper starts in the pack.
    assert re.search(r"Neglect strategy.pdf, at page\s+" + str(agenda + 4), flat), flat


def test_a_paper_that_cannot_be_read_is_listed_on_the_first_page_and_the_pack_is_still_made(
    database, tmp_path, with_world
):
    meeting, _files = a_meeting_with_papers(database, with_world)
    broken = next(row for row in meeting_papers(database, meeting) if row.file_name == "Neglect strategy.pdf")
    # Damaged after it was attached (the checks at attaching would have refused it).
    with database.session() as session:
        session.execute(update(PaperVersion).where(PaperVersion.paper_id == broken.id).values(content=b"%PDF-1.4 x"))
        session.commit()
    out = tmp_path / "pack.pdf"
    result = export_pack(database, meeting, out, TODAY)
    reader = PdfReader(out)
    first = " ".join(page_text(reader, 0).split())
    assert "Papers that could not be read, and are not in this pack:" in first
    assert "Item 4, Neglect strategy.pdf: the file is damaged and could not be opened." in first
    assert [paper.row.file_name for paper in result.unreadable] == ["Neglect strategy.pdf"]
    assert len(reader.pages) == result.agenda_pages + 2 + 1 + 4
    assert "Neglect strategy.pdf" not in [title for _depth, title, _page in outline_titles(reader)]


# --- the commands --------------------------------------------------------------------------------


@pytest.fixture
def world_url(sqlite_database, with_world) -> str:
    database = sqlite_database
    url = sqlite_url(database.sqlite_path)
    world = with_world(database, TODAY)
    for title in ("Apologies", "Budget", "Neglect strategy"):
        me.add_agenda_item(database, world.meetings["board-6"], me.AgendaItemFields(title))
    database.engine.dispose()
    return url


def _board_6_date() -> str:
    return (TODAY + dt.timedelta(days=40)).isoformat()  # board-6 of the sample world


def run(url: str, *words: str) -> int:
    return main(["--database", url, *words])


def test_paper_add_list_replace_remove_and_export_pack(world_url, tmp_path, capsys):
    day = _board_6_date()
    budget = tmp_path / "Budget report.pdf"
    budget.write_bytes(paper_pdf("Budget report", "Fran Finance", 2, TODAY))
    neglect = tmp_path / "Neglect.pdf"
    neglect.write_bytes(paper_pdf("Neglect", "Ben Okafor", 3, TODAY))
    where = ["--group", CHILDREN_BOARD, "--date", day]
    assert run(world_url, "paper", "add", *where, "--item", "2", str(budget)) == EXIT_OK
    # Attached today: late or not by the rule (domain.papers), as the meeting is in the sample world's calendar.
    late = " (late paper)" if is_late(dt.date.today(), dt.date.fromisoformat(day)) else ""
    assert capsys.readouterr().out.strip() == f"Attached Budget report.pdf{late} to item 2, Budget."
    assert run(world_url, "paper", "add", *where, "--item", "3", str(neglect)) == EXIT_OK
    assert run(world_url, "paper", "replace", *where, "--item", "3", str(budget)) == EXIT_OK
    capsys.readouterr()
    assert run(world_url, "paper", "list", *where) == EXIT_OK
    listed = capsys.readouterr().out.splitlines()
    assert listed[0] == f"Item 2, paper 1: Budget report.pdf{late}"
    assert listed[1].startswith("Item 3, paper 1: Budget report.pdf (version 2")
    assert listed[2].startswith("    earlier: Version 1: Neglect.pdf, received ")

    pack = tmp_path / "pack.pdf"
    assert run(world_url, "export", "pack", *where, str(pack)) == EXIT_OK
    said = capsys.readouterr().out.strip()
    reader = PdfReader(pack)
    assert said == f"Wrote {pack} (the agenda pack, {len(reader.pages)} pages: the agenda and 2 PDF papers)."
    assert len(reader.pages) == 1 + 2 + 2

    assert run(world_url, "paper", "remove", *where, "--item", "2") == EXIT_OK
    assert capsys.readouterr().out.strip() == "Removed Budget report.pdf from item 2, with its versions."
    assert run(world_url, "paper", "list", *where) == EXIT_OK
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_bad_input_to_paper_add_is_one_sentence_and_attaches_nothing(world_url, tmp_path, capsys):
    day = _board_6_date()
    where = ["--group", CHILDREN_BOARD, "--date", day]
    good = tmp_path / "Budget.pdf"
    good.write_bytes(paper_pdf("Budget", "Fran", 1, TODAY))
    text = tmp_path / "notes.txt"
    text.write_text("notes")
    damaged = tmp_path / "Damaged.pdf"
    damaged.write_bytes(good.read_bytes()[:300])
    locked = tmp_path / "Locked.pdf"
    writer = PdfWriter()
    writer.append(io.BytesIO(good.read_bytes()))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with locked.open("wb") as handle:
        writer.write(handle)
    big = tmp_path / "Big.pdf"
    big.write_bytes(good.read_bytes() + b"%" * (21 * 1024 * 1024))
    cases = [
        (["--item", "9", str(good)], "board-admin: The meeting has no agenda item 9: its items are numbered 1 to 3."),
        (["--item", "1", str(text)], "board-admin: notes.txt is not a paper Board Admin keeps: attach a PDF, a Word"),
        (["--item", "1", str(damaged)], "board-admin: Damaged.pdf is not a PDF that can be read"),
        (["--item", "1", str(locked)], "board-admin: Locked.pdf is protected by a password: save a copy without"),
        (["--item", "1", str(big)], "board-admin: Big.pdf is 21.0 MB: a paper may be at most 20 MB."),
        (["--item", "1", str(tmp_path / "missing.pdf")], f"board-admin: {tmp_path / 'missing.pdf'}: no such file."),
    ]
    for words, said in cases:
        assert run(world_url, "paper", "add", *where, *words) == EXIT_FAILED
        error = capsys.readouterr().err.strip()
        assert error.startswith(said), error
        assert len(error.splitlines()) == 1
    assert run(world_url, "paper", "list", *where) == EXIT_OK
    assert capsys.readouterr().out.strip() == "The meeting's agenda has no papers."
    assert run(world_url, "paper", "remove", *where, "--item", "1") == EXIT_FAILED
    assert capsys.readouterr().err.strip() == "board-admin: Agenda item 1 has no paper 1: it has none."


def test_a_turned_page_and_a_landscape_page_with_an_offset_are_numbered_at_their_foot(database, tmp_path, with_world):
    """A scanned paper often has a page turned (/Rotate) or a box that does not start at 0,0: the number still
    lands inside the page as it is shown, upright."""
    from pypdf.generic import RectangleObject

    world = with_world(database, TODAY)
    item = me.add_agenda_item(database, world.meetings["board-6"], me.AgendaItemFields("Scanned report"))
    turned = PdfWriter()
    turned.append(io.BytesIO(paper_pdf("Scanned", "Someone", 2, TODAY)))
    turned.pages[0].rotate(90)
    turned.pages[1].mediabox = RectangleObject([100, 100, 100 + 842, 100 + 595])
    buffer = io.BytesIO()
    turned.write(buffer)
    pa.add_paper(database, item, "Scanned.pdf", buffer.getvalue())
    out = tmp_path / "pack.pdf"
    export_pack(database, world.meetings["board-6"], out, TODAY)
    reader = PdfReader(out)
    assert len(reader.pages) == 3
    for index, page in enumerate(reader.pages):
        found = []

        def visit(text, _cm, tm, _font, _size, found=found):
            if text.startswith("Page "):
                found.append((text, tm[4], tm[5]))

        page.extract_text(visitor_text=visit)
        [(text, x, y)] = found
        box = page.cropbox
        assert text == f"Page {index + 1} of 3"
        assert page.get("/Rotate", 0) == 0  # turned into the content, so the number reads upright
        # Near the foot, on the right, inside the page as shown.
        assert float(box.left) < x < float(box.right) and float(box.bottom) < y < float(box.bottom) + 30, (x, y)
        assert x > float(box.left) + float(box.width) / 2
