"""The meeting commands: export minutes, agenda and calendar."""

from __future__ import annotations

import datetime as dt

import icalendar
from docx import Document

from board_admin.cli import EXIT_FAILED, EXIT_OK, main
from board_admin.db.engine import sqlite_url
from tests.conftest import open_as_system
from tests.sample_world import CHILDREN_BOARD, build_world

TODAY = dt.date(2025, 6, 15)


def world_url(tmp_path) -> str:
    url = sqlite_url(tmp_path / "db.sqlite")
    database = open_as_system(url)
    build_world(database, TODAY)
    database.engine.dispose()
    return url


def test_export_minutes_agenda_and_calendar(tmp_path, capsys):
    url = world_url(tmp_path)
    day = (TODAY - dt.timedelta(days=90)).isoformat()
    minutes = tmp_path / "minutes.docx"
    assert (
        main(["--database", url, "export", "minutes", "--group", CHILDREN_BOARD, "--date", day, str(minutes)])
        == EXIT_OK
    )
    said = capsys.readouterr().out.strip()
    shown = f"{dt.date.fromisoformat(day):%d/%m/%Y}"
    assert said == f"Wrote {minutes} (the minutes of {CHILDREN_BOARD}, {shown}, 0 agenda items)."
    assert Document(str(minutes)).paragraphs[0].text == CHILDREN_BOARD

    agenda = tmp_path / "agenda.docx"
    command = ["--database", url, "export", "agenda", "--group", CHILDREN_BOARD.upper(), "--date", day, str(agenda)]
    assert main(command) == EXIT_OK
    assert agenda.exists()

    schedule = tmp_path / "board.ics"
    assert main(["--database", url, "export", "calendar", "--group", CHILDREN_BOARD, str(schedule)]) == EXIT_OK
    # Six meetings: the postponed one is sent too, marked cancelled, so that calendars that had it drop it.
    assert capsys.readouterr().out.strip().endswith("(6 meetings).")
    assert len(icalendar.Calendar.from_ical(schedule.read_bytes()).walk("VEVENT")) == 6


def test_a_meeting_that_does_not_exist_is_one_line(tmp_path, capsys):
    url = world_url(tmp_path)
    out = tmp_path / "minutes.docx"
    code = main(["--database", url, "export", "minutes", "--group", CHILDREN_BOARD, "--date", "2020-01-01", str(out)])
    assert code == EXIT_FAILED
    assert capsys.readouterr().err.strip() == f"board-admin: '{CHILDREN_BOARD}' has no meeting on 01/01/2020."
    assert not out.exists()
    assert main(["--database", url, "export", "calendar", str(tmp_path / "x.docx")]) == EXIT_FAILED
    assert capsys.readouterr().err.strip() == "board-admin: x.docx: the file name must end in .ics."


def test_export_decisions_by_group_and_year(tmp_path, capsys):
    from board_admin.services.meetings import AgendaItemFields, add_agenda_item
    from tests.conftest import SAMPLE_TODAY
    from tests.sample_world import build_world as build

    url = sqlite_url(tmp_path / "db.sqlite")
    database = open_as_system(url)
    world = build(database, SAMPLE_TODAY)
    add_agenda_item(database, world.meetings["board-1"], AgendaItemFields("Strategy", decisions="Approved."))
    add_agenda_item(database, world.meetings["board-5"], AgendaItemFields("Plan", decisions="Adopted.\nNoted."))
    database.engine.dispose()

    out = tmp_path / "register.xlsx"
    command = ["--database", url, "export", "decisions", "--group", CHILDREN_BOARD, "--year", "2025-26", str(out)]
    assert main(command) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"Wrote {out} (2 decisions)."
    assert main(["--database", url, "export", "decisions", "--group", "No such group", str(out)]) == EXIT_FAILED
    assert "There is no group called 'No such group'." in capsys.readouterr().err


def test_export_interests_by_group_and_year(tmp_path, capsys):
    from board_admin.services.governance import DeclarationFields, record_declaration
    from tests.conftest import SAMPLE_TODAY
    from tests.sample_world import build_world as build

    url = sqlite_url(tmp_path / "db.sqlite")
    database = open_as_system(url)
    world = build(database, SAMPLE_TODAY)
    record_declaration(database, world.meetings["board-1"], DeclarationFields(world.people["Grace Lin"], "Governor"))
    record_declaration(database, world.meetings["board-5"], DeclarationFields(world.people["Ben Okafor"], "Trustee"))
    database.engine.dispose()

    out = tmp_path / "interests.docx"
    command = ["--database", url, "export", "interests", "--group", CHILDREN_BOARD, "--year", "2025-26", str(out)]
    assert main(command) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"Wrote {out} (1 declaration)."
    assert Document(str(out)).tables[0].rows[1].cells[5].text == "Trustee"
    assert main(["--database", url, "export", "interests", str(tmp_path / "interests.pdf")]) == EXIT_FAILED
