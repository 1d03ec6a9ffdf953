"""Files Board Admin writes for people to open (exports, drafts) get the permissions any program's saved file
gets, not the owner-only ones of a temporary file, and names any folder accepts.

Kept apart from the exporters, which load their document libraries when first used: the umask must be read at
start, before any worker thread creates a file (reading it means setting it for a moment)."""

from __future__ import annotations

import os
from pathlib import Path


def _process_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once, at start (reading it means setting it, which must not happen while another thread creates a file).
_UMASK = _process_umask()


def give_ordinary_permissions(path: Path) -> None:
    """A temporary file is made readable by its owner alone; the document it becomes is an ordinary file that
    colleagues can open from a shared folder, as if Word or Excel had saved it (the user's umask applies)."""
    os.chmod(path, 0o666 & ~_UMASK)


def file_name_part(text: str) -> str:
    """`text` (a group's name, say) as part of a file name: letters, digits, spaces and hyphens kept, the rest
    "_", so that a name such as "Health/Care" makes no folder."""
    return "".join(c if c.isalnum() or c in " -" else "_" for c in text).strip()
