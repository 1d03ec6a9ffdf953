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
from tests.conftest import open_as_system

# One worker runs this module under xdist: the sound file, made once for the module, not once per worker.
pytestmark = pytest.mark.xdist_group("test_cli_safety")


@pytest.fixture(scope="module")
def sound_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sound") / "board.sqlite"
    database = open_as_system(sqlite_url(path))
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


def test_a_command_checks_the_user_before_it_migrates_an_older_file(tmp_path, capsys, monkeypatch):
    """Issue 17, item 7: a wrong password leaves an older file exactly as it was (no upgrade, no backup)."""
    from alembic import command

    from board_admin.db.migrate import alembic_config, current_revisions, head_revisions
    from board_admin.domain.enums import UserRole
    from board_admin.services.accounts import AccountFields, create_first_administrator

    path = tmp_path / "board.sqlite"
    database = open_database(sqlite_url(path))
    create_first_administrator(
        database, AccountFields("sam", "Sam Clerk", frozenset({UserRole.ADMINISTRATOR})), "a long password"
    )
    command.downgrade(alembic_config(database), "0001_baseline")
    database.dispose()
    out = tmp_path / "out.xlsx"

    monkeypatch.setenv("BOARD_ADMIN_PASSWORD", "not the password")
    assert main(["--database", sqlite_url(path), "--user", "sam", "export", "workbook", str(out)]) == EXIT_FAILED
    assert "board-admin:" in capsys.readouterr().err
    opened = open_database(sqlite_url(path), migrate=False)
    assert current_revisions(opened) == {"0001_baseline"}
    opened.dispose()
    assert not (tmp_path / "backups").exists()

    monkeypatch.setenv("BOARD_ADMIN_PASSWORD", "a long password")
    assert main(["--database", sqlite_url(path), "--user", "sam", "export", "workbook", str(out)]) == 0
    assert out.exists()
    opened = open_database(sqlite_url(path), migrate=False)
    assert current_revisions(opened) == head_revisions(opened)
    opened.dispose()
    assert [copy.name.endswith("-before-migration.sqlite") for copy in (tmp_path / "backups").glob("*.sqlite")] == [
        True
    ]


def mount_small_disk(folder: Path, size: str) -> Path:
    """A real, empty disk of `size` (tmpfs): needs root, as CI here has; elsewhere the test is skipped."""
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small disk here (needs root)")
    return folder


@pytest.fixture
def small_disk(tmp_path):
    folder = mount_small_disk(tmp_path / "small-disk", "64k")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def roomier_disk(tmp_path):
    folder = mount_small_disk(tmp_path / "roomier-disk", "1200k")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_backup_to_a_full_disk_is_one_sentence_and_leaves_nothing(sound_file, small_disk):
    """Issue 17, item 4."""
    out = small_disk / "copy.sqlite"
    result = run("--database", sqlite_url(sound_file), "backup", str(out))
    assert result.returncode == EXIT_FAILED
    assert "disk is full" in one_sentence(result)
    assert list(small_disk.iterdir()) == []


def test_an_export_to_a_full_disk_is_one_sentence_and_leaves_nothing(sound_file, small_disk):
    """Issue 17, item 4: the sentence, and not a hundred lines of "Exception ignored" after it."""
    (small_disk / "filler").write_bytes(bytes(60 * 1024))
    out = small_disk / "out.xlsx"
    result = run("--database", sqlite_url(sound_file), "export", "workbook", str(out))
    assert result.returncode == EXIT_FAILED
    assert "disk is full" in one_sentence(result)
    assert len(result.stderr.splitlines()) == 1
    assert [path.name for path in small_disk.iterdir()] == ["filler"]


def test_an_import_onto_a_nearly_full_disk_is_one_sentence_and_changes_nothing(sound_file, roomier_disk, tmp_path):
    """Issue 17, item 4: the database (and its before-import copy) on a disk without room for the import."""
    from openpyxl import load_workbook

    workbook = tmp_path / "many.xlsx"
    assert main(["--database", sqlite_url(sound_file), "export", "workbook", str(workbook)]) == 0
    book = load_workbook(workbook)
    agencies = book["Agencies"]
    headers = [cell.value for cell in agencies[1]]
    for number in range(6000):
        row = [None] * len(headers)
        row[headers.index("Name")] = f"New partner agency number {number:05} with a long name"
        row[headers.index("Sector")] = "Other"
        agencies.append(row)
    book.save(workbook)
    path = roomier_disk / "board.sqlite"
    path.write_bytes(sound_file.read_bytes())
    before = sorted(p.name for p in roomier_disk.rglob("*"))

    result = run("--database", sqlite_url(path), "import", "workbook", str(workbook))

    assert result.returncode == EXIT_FAILED
    assert "disk is full" in one_sentence(result) or "could not be made" in one_sentence(result)
    # Nothing new beside the database: no copy (the import wrote nothing), no journal. The empty
    # `.lock.os` of the operating system's lock stays, as it always does.
    left = sorted(p.name for p in roomier_disk.rglob("*") if not p.name.endswith(("-wal", "-shm", ".lock.os")))
    assert left == sorted({*before, "backups"} if (roomier_disk / "backups").exists() else before)
    database = open_database(sqlite_url(path), migrate=False)
    from sqlalchemy import func, select

    from board_admin.db.models import Agency

    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Agency)) == 300
    database.dispose()


def test_a_before_import_copy_is_kept_only_when_the_import_wrote_something(sound_file, tmp_path):
    """Issue 17, item 7: 37 refused imports used to leave 37 permanent copies."""
    from openpyxl import load_workbook

    path = copy_of(sound_file, tmp_path)
    url = sqlite_url(path)
    workbook = tmp_path / "book.xlsx"
    assert main(["--database", url, "export", "workbook", str(workbook)]) == 0
    backups = tmp_path / "backups"

    def before_import_copies() -> list[str]:
        return sorted(copy.name for copy in backups.glob("*-before-import.sqlite")) if backups.exists() else []

    assert main(["--database", url, "import", "workbook", str(workbook)]) == 0  # all up to date: nothing written
    assert before_import_copies() == []
    book = load_workbook(workbook)
    book["Agencies"].append(["", "Other"])  # a row without a name: refused
    book.save(workbook)
    assert main(["--database", url, "import", "workbook", str(workbook)]) == EXIT_FAILED
    assert before_import_copies() == []
    book = load_workbook(workbook)
    agencies = book["Agencies"]
    agencies.delete_rows(agencies.max_row)
    headers = [cell.value for cell in agencies[1]]
    row = [None] * len(headers)
    row[headers.index("Name")], row[headers.index("Sector")] = "Healthwatch", "Other"
    agencies.append(row)
    book.save(workbook)
    assert main(["--database", url, "import", "workbook", str(workbook)]) == 0
    assert len(before_import_copies()) == 1


def test_a_damaged_file_can_be_restored_from_a_backup_by_the_command(sound_file, tmp_path, capsys):
    path = copy_of(sound_file, tmp_path)
    url = sqlite_url(path)
    copy = tmp_path / "copy.sqlite"
    assert main(["--database", url, "backup", str(copy)]) == 0
    spoil(path, 4096 * 3, bytes(4096))
    assert main(["--database", url, "check"]) == EXIT_FAILED
    capsys.readouterr()

    assert main(["--database", url, "restore", str(copy)]) == 0
    assert "Restored" in capsys.readouterr().out
    assert main(["--database", url, "check"]) == 0
