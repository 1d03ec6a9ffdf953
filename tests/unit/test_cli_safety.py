"""Issue 17: every headless command meets a damaged file, a missing file and a full disk with one sentence."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from board_admin.cli import EXIT_FAILED, main
from board_admin.db.engine import open_database, sqlite_url
from board_admin.domain.enums import Sector
from board_admin.services import structure


@pytest.fixture(scope="module")
def sound_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sound") / "board.sqlite"
    database = open_database(sqlite_url(path))
    for number in range(300):
        structure.create_agency(database, structure.AgencyFields(f"Agency {number:03}", Sector.OTHER))
    database.dispose()
    return path


def copy_of(sound_file: Path, folder: Path) -> Path:
    copy = folder / "board.sqlite"
    copy.write_bytes(sound_file.read_bytes())
    return copy


def spoil(path: Path, at: int, data: bytes) -> None:
    content = bytearray(path.read_bytes())
    content[at : at + len(data)] = data
    path.write_bytes(bytes(content))


def run(*argv: str) -> subprocess.CompletedProcess:
    """The command in its own process, as a user runs it (so that a traceback would show on stderr)."""
    return subprocess.run([sys.executable, "-m", "board_admin", *argv], capture_output=True, text=True)


def one_sentence(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, result.stdout
    return lines[-1]


def test_check_reports_random_bytes_in_the_middle_of_the_file(sound_file, tmp_path):
    path = copy_of(sound_file, tmp_path)
    spoil(path, path.stat().st_size // 2, os.urandom(4096))
    result = run("--database", sqlite_url(path), "check")
    assert result.returncode == EXIT_FAILED
    assert "damaged" in one_sentence(result) or "problem" in one_sentence(result)


def test_an_export_refuses_a_file_with_a_zeroed_page(sound_file, tmp_path):
    path = copy_of(sound_file, tmp_path)
    spoil(path, 4096 * 3, bytes(4096))
    out = tmp_path / "out.xlsx"
    result = run("--database", sqlite_url(path), "export", "workbook", str(out))
    assert result.returncode == EXIT_FAILED
    assert "is damaged" in one_sentence(result)
    assert not out.exists()


def test_three_flipped_bytes_in_a_name_are_found_by_check_and_stop_an_export(sound_file, tmp_path):
    path = copy_of(sound_file, tmp_path)
    # The name as the agency row, its index and the audit trail hold it: each is a text that no longer decodes.
    path.write_bytes(path.read_bytes().replace(b"Agency 150", b"\xff\xfe\xfdncy 150"))
    checked = run("--database", sqlite_url(path), "check")
    assert checked.returncode == EXIT_FAILED
    assert "cannot be read" in checked.stderr or "damaged" in checked.stderr
    assert "problem" in one_sentence(checked) or "damaged" in one_sentence(checked)
    out = tmp_path / "out.xlsx"
    exported = run("--database", sqlite_url(path), "export", "workbook", str(out))
    assert exported.returncode == EXIT_FAILED
    assert "is damaged" in one_sentence(exported)
    assert not out.exists()


def test_check_on_a_path_that_does_not_exist_makes_no_file(tmp_path, capsys):
    missing = tmp_path / "typo.sqlite"
    assert main(["--database", sqlite_url(missing), "check"]) == EXIT_FAILED
    assert "There is no database at" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_sound_file_passes_the_full_check(sound_file, capsys):
    assert main(["--database", sqlite_url(sound_file), "check"]) == 0
    assert "no problems found" in capsys.readouterr().out
