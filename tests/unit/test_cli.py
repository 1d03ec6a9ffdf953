"""The headless command: exit codes and one-line messages on bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from board_admin import __version__
from board_admin.cli import EXIT_FAILED, EXIT_USAGE, main
from board_admin.db.engine import demo_url, resolve_url, sqlite_url
from tests.conftest import open_as_system


def test_version_runs_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "board_admin", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"Board Admin {__version__}"


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["export", "nonsense", "x.xlsx"])
    assert stopped.value.code == EXIT_USAGE
    assert "invalid choice" in capsys.readouterr().err


def test_export_to_the_wrong_kind_of_file_is_refused(tmp_path, capsys):
    out = tmp_path / "everything.docx"
    assert main(["--database", sqlite_url(tmp_path / "db.sqlite"), "export", "workbook", str(out)]) == EXIT_FAILED
    error = capsys.readouterr().err.strip()
    assert error == "board-admin: everything.docx: the file name must end in .xlsx."
    assert not out.exists()


def test_import_of_a_missing_file_is_refused(tmp_path, capsys):
    source = tmp_path / "missing.xlsx"
    assert main(["--database", sqlite_url(tmp_path / "db.sqlite"), "import", "workbook", str(source)]) == EXIT_FAILED
    assert capsys.readouterr().err.strip() == f"board-admin: {source}: no such file."


def test_unreachable_server_gives_one_line(tmp_path, capsys):
    url = "postgresql+psycopg://nobody:secret@127.0.0.1:1/none"
    assert main(["--database", url, "export", "workbook", str(tmp_path / "x.xlsx")]) == EXIT_FAILED
    error = capsys.readouterr().err
    assert error.startswith("board-admin: Could not open the database")
    assert len(error.strip().splitlines()) == 1
    assert "secret" not in error


def test_database_choice_order(monkeypatch, tmp_path):
    monkeypatch.setenv("BOARD_ADMIN_DATABASE_URL", "sqlite:///from-env.sqlite")
    assert resolve_url("sqlite:///given.sqlite") == "sqlite:///given.sqlite"
    # A plain path, as an IT officer would type it in a shortcut, is a SQLite file.
    assert resolve_url("given.sqlite") == sqlite_url(Path("given.sqlite"))
    assert resolve_url("given.sqlite").startswith("sqlite:////")
    assert resolve_url(None, demo=True) == demo_url()
    assert resolve_url(None) == "sqlite:///from-env.sqlite"
    monkeypatch.delenv("BOARD_ADMIN_DATABASE_URL")
    assert resolve_url(None).endswith("board-admin.sqlite")


def test_malformed_database_address_is_explained(tmp_path, capsys):
    assert main(["--database", "not a url", "export", "workbook", str(tmp_path / "x.xlsx")]) == EXIT_FAILED
    assert "'not a url' is not a database address" in capsys.readouterr().err


@pytest.fixture
def accounts_database(tmp_path):
    from board_admin.db.engine import open_database
    from board_admin.domain.enums import UserRole
    from board_admin.services import accounts

    url = sqlite_url(tmp_path / "office.sqlite")
    database = open_database(url)
    accounts.create_first_administrator(
        database, accounts.AccountFields("amy", "Amy Admin", frozenset({UserRole.ADMINISTRATOR})), "correct horse"
    )
    accounts.create_account(
        database, accounts.AccountFields("chris", "Chris Chair", frozenset({UserRole.CHAIR})), "battery staple"
    )
    database.dispose()
    return url


def test_a_database_with_accounts_needs_a_user(accounts_database, tmp_path, capsys):
    out = tmp_path / "x.xlsx"
    assert main(["--database", accounts_database, "export", "workbook", str(out)]) == EXIT_FAILED
    assert "name yours with --user NAME" in capsys.readouterr().err
    assert not out.exists()


def test_commands_act_as_the_named_user(accounts_database, tmp_path, capsys, monkeypatch):
    out = tmp_path / "x.xlsx"
    monkeypatch.setenv("BOARD_ADMIN_PASSWORD", "battery staple")
    assert main(["--database", accounts_database, "--user", "chris", "export", "workbook", str(out)]) == 0
    assert out.exists()
    capsys.readouterr()
    # A chair may read and export, but not import.
    assert main(["--database", accounts_database, "--user", "chris", "import", "workbook", str(out)]) == EXIT_FAILED
    assert capsys.readouterr().err.strip() == "board-admin: Chris Chair (Chair) may not import a workbook."


def test_a_wrong_password_is_refused_in_one_line(accounts_database, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BOARD_ADMIN_PASSWORD", "guess")
    out = tmp_path / "x.xlsx"
    assert main(["--database", accounts_database, "--user", "amy", "export", "workbook", str(out)]) == EXIT_FAILED
    assert capsys.readouterr().err.strip() == "board-admin: The user name or password is wrong."
    assert not out.exists()


def test_backup_restore_and_check(tmp_path, capsys):
    from board_admin.db.engine import open_database
    from board_admin.domain.enums import Sector
    from board_admin.services import structure

    url = sqlite_url(tmp_path / "board.sqlite")
    database = open_as_system(url)
    structure.create_agency(database, structure.AgencyFields("Healthwatch", Sector.OTHER))
    copy = tmp_path / "copy.sqlite"
    assert main(["--database", url, "backup", str(copy)]) == 0
    structure.create_agency(database, structure.AgencyFields("Ely Diocese", Sector.FAITH))
    database.dispose()
    assert main(["--database", url, "check"]) == 0
    assert main(["--database", url, "restore", str(copy)]) == 0
    out = capsys.readouterr().out
    assert f"Backed up {tmp_path / 'board.sqlite'} to {copy}." in out
    assert "no problems found" in out and "Restored" in out and "the previous state is in" in out
    database = open_database(url)
    with database.session() as session:
        from sqlalchemy import select

        from board_admin.db.models import Agency

        assert list(session.scalars(select(Agency.name))) == ["Healthwatch"]
    database.dispose()


def test_an_import_is_refused_while_another_copy_holds_the_file(tmp_path, capsys):
    from board_admin.db.engine import open_database
    from board_admin.db.lock import WriterLock

    url = sqlite_url(tmp_path / "board.sqlite")
    open_database(url).dispose()
    out = tmp_path / "x.xlsx"
    assert main(["--database", url, "export", "workbook", str(out)]) == 0
    from filelock import FileLock

    elsewhere = FileLock(tmp_path / "board.sqlite.lock.os", timeout=0)
    elsewhere.acquire()
    lock_path = tmp_path / "board.sqlite.lock"
    lock_path.write_text('{"user": "jo", "host": "office-pc-7", "pid": 4242, "since": "2026-03-02T09:15:00"}')
    assert main(["--database", url, "import", "workbook", str(out)]) == EXIT_FAILED
    assert "open for changes in another copy of Board Admin: jo on office-pc-7" in capsys.readouterr().err
    elsewhere.release()
    assert main(["--database", url, "import", "workbook", str(out)]) == 0
    assert not WriterLock(tmp_path / "board.sqlite").path.exists()


def test_a_server_database_is_not_backed_up_by_the_command(database, tmp_path, capsys):
    if database.is_sqlite:
        pytest.skip("about the shared server")
    url = database.url.render_as_string(hide_password=False)
    assert main(["--database", url, "backup", str(tmp_path / "x.sqlite")]) == EXIT_FAILED
    assert "whose own backups apply" in capsys.readouterr().err


def test_every_export_of_the_list_is_a_command_with_its_formats(tmp_path, capsys):
    """The command line reads the one list of exports: the audit trail, once only on the Reports page, is a
    command too, and every entry's command shows its own help."""
    import datetime as dt

    from openpyxl import load_workbook

    from board_admin.domain.enums import Sector
    from board_admin.exports import EXPORTS
    from board_admin.services import structure as s
    from tests.conftest import open_as_system

    url = sqlite_url(tmp_path / "db.sqlite")
    database = open_as_system(url)
    s.create_agency(database, s.AgencyFields("Cambridgeshire Constabulary", Sector.POLICE, "Police", True))
    database.dispose()
    today = dt.date.today().isoformat()
    out = tmp_path / "audit.xlsx"
    assert main(["--database", url, "export", "audit", "--from", today, "--to", today, str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"Wrote {out} (1 audit entry)."
    # The entries start under the title, the period and the headers.
    rows = list(load_workbook(out).active.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 1 and "Cambridgeshire Constabulary" in " ".join(str(value) for value in rows[0] if value)
    with pytest.raises(SystemExit) as shown:
        main(["export", "--help"])
    assert shown.value.code == 0
    listed = " ".join(capsys.readouterr().out.split())
    for entry in EXPORTS:
        assert f"{entry.command or entry.key} {entry.help}" in listed
