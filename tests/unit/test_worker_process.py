"""Work in a worker process (board_admin/worker_process.py): the Attendance page's export written there from
the database's address, as whoever is signed in; its error back as the same sentence, nothing left behind;
progress passed on, and a cancelled generator stopped at its next step with its clean-up run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from board_admin.domain.enums import UserRole
from board_admin.domain.permissions import Actor, Permission, PermissionDeniedError
from board_admin.worker_process import ProcessWork, run_in_process
from tests.conftest import SAMPLE_TODAY

START, END = dt.date(2020, 4, 1), dt.date(2030, 3, 31)
WRITE = "board_admin.exports:write_in_worker"  # the list's entry, written in the process (as the page does)


class StoppedError(Exception):
    pass


def counting(database, folder: str, steps: int):
    """A generator target: one progress step at a time; notes in `folder` how far it got and that it ended."""
    try:
        for step in range(1, steps + 1):
            Path(folder, "reached").write_text(str(step))
            yield step, steps, f"step {step}"
        return "finished"
    finally:
        Path(folder, "cleaned up").write_text("yes")


def test_the_attendance_export_is_written_by_a_worker_process(sqlite_database, tmp_path, with_world):
    with_world(sqlite_database, SAMPLE_TODAY)
    sqlite_database.actor = Actor("office", "Office", frozenset({UserRole.ADMINISTRATOR}))
    path = tmp_path / "attendance.xlsx"
    work = ProcessWork.on(sqlite_database, WRITE, "attendance", path, start=START, end=END)
    assert isinstance(work, ProcessWork)
    assert run_in_process(work).startswith("attendance at ")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[:3] == ["By agency", "By person", "By group"]
    assert workbook["By agency"].max_row > 3


def test_a_refusal_comes_back_as_its_sentence_and_nothing_is_written(sqlite_database, tmp_path):
    sqlite_database.actor = Actor("nobody", "Nobody")  # no role: may not export
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "attendance.xlsx"
    work = ProcessWork.on(sqlite_database, WRITE, "attendance", path, start=START, end=END)
    with pytest.raises(PermissionDeniedError) as refused:
        run_in_process(work)
    with pytest.raises(PermissionDeniedError) as here:
        sqlite_database.actor.require(Permission.EXPORT)
    assert str(refused.value) == str(here.value)
    assert list(folder.iterdir()) == []


def test_progress_is_passed_on_and_the_result_returned(sqlite_database, tmp_path):
    seen = []
    work = ProcessWork.on(sqlite_database, f"{__name__}:counting", str(tmp_path), 3)
    assert run_in_process(work, lambda *step: seen.append(step)) == "finished"
    assert seen == [(1, 3, "step 1"), (2, 3, "step 2"), (3, 3, "step 3")]


def test_a_cancelled_generator_stops_at_its_next_step_and_cleans_up(sqlite_database, tmp_path):
    seen = []
    work = ProcessWork.on(sqlite_database, f"{__name__}:counting", str(tmp_path), 1000)
    with pytest.raises(StoppedError):
        run_in_process(work, lambda *step: seen.append(step), lambda: bool(seen), StoppedError)
    assert (tmp_path / "cleaned up").read_text() == "yes"
    assert int((tmp_path / "reached").read_text()) < 1000
