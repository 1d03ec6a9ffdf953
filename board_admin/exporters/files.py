"""What every exporter shares: writing a file safely, and text cells that stay text.

A document is written to a temporary file beside the target and renamed into place in one step, so a
half-written file never replaces a good one, a cancelled or failed export leaves nothing behind, and
a target held open by Word or Excel (Windows refuses the rename) is reported and left as it was.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from board_admin.domain.errors import BoardAdminError
from board_admin.domain.workbook_format import looks_like_formula
from board_admin.ordinary_files import give_ordinary_permissions

log = logging.getLogger("board_admin.exporters")


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yields a temporary path to write to; on success it replaces `path`, on any failure it is removed."""
    path = Path(path)
    temporary = _temporary_beside(path)
    try:
        yield temporary
        try:
            os.replace(temporary, path)
        except PermissionError as error:
            log.info("Could not replace %s: %s", path, error)
            raise BoardAdminError(f"{path.name} is open in another program; close it and try again.") from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _temporary_beside(path: Path) -> Path:
    """An empty temporary file in the target's folder, so that the final rename stays on one disk."""
    folder = path.resolve().parent
    if not folder.is_dir():
        raise BoardAdminError(f"The folder {folder} does not exist; choose another place to save {path.name}.")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=f"{path.suffix}.tmp", dir=folder)
    except PermissionError as error:
        raise BoardAdminError(f"Board Admin may not write in the folder {folder}; choose another folder.") from error
    os.close(handle)
    give_ordinary_permissions(Path(name))
    return Path(name)


def text_cell(worksheet, text: str) -> WriteOnlyCell:
    """A spreadsheet cell that holds `text` as text whatever it looks like (no formula injection).

    openpyxl makes a formula of any string longer than one character that starts with '=', and an
    error value of '#N/A' and its kind; setting the type back to string after the value stops both.
    Text that a spreadsheet would read as a formula when edited also gets the quote prefix (Excel's
    leading apostrophe), which keeps it text if someone edits the cell; the value read back is unchanged.
    Works for write-only and ordinary worksheets alike (append it, or copy its value and style).
    """
    value, quote_prefix = safe_text(text)
    cell = WriteOnlyCell(worksheet, value=value)
    cell.data_type = "s"
    if quote_prefix:
        cell.quotePrefix = True
    return cell


def safe_text(text: str) -> tuple[str, bool]:
    """`text_cell`'s value and quote prefix, for writers that set a cell in place: (text without the control
    characters a worksheet cannot store, whether it needs the quote prefix). Set the cell's `data_type` to
    "s" after its value."""
    return ILLEGAL_CHARACTERS_RE.sub("", text), looks_like_formula(text)
