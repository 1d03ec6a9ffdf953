"""Papers and e-mail drafts handed to another program do not pile up in the temporary folder."""

from __future__ import annotations

import os
import time

from board_admin.handover_files import (
    DRAFTS_KEPT_DAYS,
    PAPERS_KEPT_DAYS,
    drafts_folder,
    new_paper_folder,
    remove_old_drafts,
)

DAY = 24 * 60 * 60


def aged(path, days: float):
    when = time.time() - days * DAY
    os.utime(path, (when, when))
    return path


def test_a_new_paper_folder_removes_the_old_ones_and_keeps_the_recent(tmp_path):
    old = new_paper_folder(tmp_path)
    (old / "Safeguarding review.pdf").write_bytes(b"%PDF-1.4")
    aged(old, PAPERS_KEPT_DAYS + 1)
    recent = new_paper_folder(tmp_path)
    (recent / "Minutes.docx").write_bytes(b"PK")
    other = tmp_path / "someone-elses-file.txt"
    other.write_text("kept")
    aged(other, 400)

    newest = new_paper_folder(tmp_path)

    assert not old.exists()
    assert (recent / "Minutes.docx").exists() and newest.is_dir() and other.exists()


def test_old_drafts_go_and_recent_ones_stay(tmp_path):
    folder = drafts_folder(tmp_path)
    folder.mkdir()
    old = folder / "2026-01-05 minutes x.eml"
    old.write_text("old")
    aged(old, DRAFTS_KEPT_DAYS + 1)
    recent = folder / "2026-12-01 agenda y.eml"
    recent.write_text("recent")
    not_a_draft = folder / "notes.txt"
    not_a_draft.write_text("kept")
    aged(not_a_draft, 100)

    remove_old_drafts(tmp_path)

    assert not old.exists() and recent.exists() and not_a_draft.exists()


def test_no_drafts_folder_is_no_trouble(tmp_path):
    remove_old_drafts(tmp_path)
    assert not drafts_folder(tmp_path).exists()
