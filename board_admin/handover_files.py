"""Files handed to another program to open (an e-mail draft for the mail program, a meeting paper for its
viewer) are written to the temporary folder, which nothing empties on Windows. Older ones are removed whenever
a new one is written: a draft may wait some days to be sent, but a safeguarding paper should not lie in the
temporary folder for good. A file still held open by its program (Windows refuses to delete it) is left for
the next time."""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

DRAFTS_FOLDER = "Board Admin e-mails"
PAPER_FOLDER_PREFIX = "board-admin-paper-"
DRAFTS_KEPT_DAYS = 14
PAPERS_KEPT_DAYS = 2
_DAY = 24 * 60 * 60


def drafts_folder(temporary: Path | None = None) -> Path:
    return (temporary or Path(tempfile.gettempdir())) / DRAFTS_FOLDER


def new_paper_folder(temporary: Path | None = None) -> Path:
    """A folder of its own for a paper about to be opened (its own file name kept); older ones removed."""
    temporary = temporary or Path(tempfile.gettempdir())
    _remove_older(temporary.glob(f"{PAPER_FOLDER_PREFIX}*"), PAPERS_KEPT_DAYS)
    return Path(tempfile.mkdtemp(prefix=PAPER_FOLDER_PREFIX, dir=temporary))


def remove_old_drafts(temporary: Path | None = None) -> None:
    folder = drafts_folder(temporary)
    if folder.is_dir():
        _remove_older(folder.glob("*.eml"), DRAFTS_KEPT_DAYS)


def _remove_older(paths, days: int) -> None:
    cut_off = time.time() - days * _DAY
    for path in paths:
        try:
            if path.stat().st_mtime >= cut_off:
                continue
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError as error:  # open in its program, or already gone: tried again next time
            log.info("Left %s in the temporary folder: %s", path, error)
