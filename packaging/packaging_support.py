"""Helpers for the PyInstaller spec: the Windows version resource, made from the package version."""

from __future__ import annotations

from pathlib import Path

TEMPLATE = """# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080904B0', [
      StringStruct('CompanyName', 'Independent Safeguarding Partnership Service'),
      StringStruct('FileDescription', 'Board Admin'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', 'BoardAdmin'),
      StringStruct('LegalCopyright', 'Independent Safeguarding Partnership Service'),
      StringStruct('OriginalFilename', 'BoardAdmin.exe'),
      StringStruct('ProductName', 'Board Admin'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [2057, 1200])])
  ]
)
"""


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """'1.2.3' -> (1, 2, 3, 0); text after the numbers (e.g. 'rc1') is left out, as Windows wants numbers."""
    numbers = []
    for part in version.split(".")[:4]:
        digits = "".join(character for character in part if character.isdigit())
        numbers.append(int(digits or 0))
    return tuple(numbers + [0] * (4 - len(numbers)))  # type: ignore[return-value]


def version_resource(version: str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE.format(numbers=version_numbers(version), version=version), encoding="utf-8")
    return path
