"""Where the files that ship with the application are, from source and from the frozen bundle alike.

Word templates are looked up in the user's own folder first (`<data folder>/templates`), so that the
business unit can restyle a document in Word (fonts, header, logo) without a new release.
"""

from __future__ import annotations

import sys
from pathlib import Path

from board_admin.db.engine import data_dir


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller in the frozen program
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def docs_path(*parts: str) -> Path:
    """The user guide and the IT officer's guide with their pictures (`docs/`), shown by Help."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return root.joinpath("docs", *parts)


def user_templates_dir() -> Path:
    return data_dir() / "templates"


def template_path(name: str) -> Path:
    """The template `name` (e.g. "minutes.docx"): the user's copy if there is one, else the shipped one."""
    own = user_templates_dir() / name
    return own if own.is_file() else resource_path("templates", name)
