"""The headless command: exit codes and one-line messages on bad input."""

from __future__ import annotations

import subprocess
import sys

import pytest

from board_admin import __version__
from board_admin.cli import EXIT_FAILED, EXIT_USAGE, main
from board_admin.db.engine import demo_url, resolve_url, sqlite_url


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
    assert resolve_url(None, demo=True) == demo_url()
    assert resolve_url(None) == "sqlite:///from-env.sqlite"
    monkeypatch.delenv("BOARD_ADMIN_DATABASE_URL")
    assert resolve_url(None).endswith("board-admin.sqlite")


def test_malformed_database_address_is_explained(tmp_path, capsys):
    assert main(["--database", "not a url", "export", "workbook", str(tmp_path / "x.xlsx")]) == EXIT_FAILED
    assert "'not a url' is not a database address" in capsys.readouterr().err
