"""The bundle's Linux libraries (packaging/linux_libraries.py): which come from the desktop, the compressed
base_library.zip."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import linux_libraries  # noqa: E402 - packaging/linux_libraries.py


def test_the_desktops_own_libraries_come_from_the_system():
    desktop = ["libX11.so.6", "libX11-xcb.so.1", "libXext.so.6", "libXrender.so.1", "libxcb-randr.so.0"]
    desktop += ["libxcb-xkb.so.1", "libxkbcommon.so.0", "libxkbcommon-x11.so.0", "libfontconfig.so.1"]
    desktop += ["libfreetype.so.6", "libglib-2.0.so.0", "libgthread-2.0.so.0", "libdbus-1.so.3"]
    # What only those need: X11's libXau and libXdmcp (with libbsd, libmd), freetype's, fontconfig's, glib's.
    desktop += ["libXau.so.6", "libXdmcp.so.6", "libbsd.so.0", "libmd.so.0", "libpng16.so.16"]
    desktop += ["libbrotlidec.so.1", "libbrotlicommon.so.1", "libexpat.so.1", "libpcre2-8.so.0"]
    for name in desktop:
        assert linux_libraries.from_the_system(name), name


def test_the_cxx_runtime_pythons_libraries_and_the_xcb_utilities_stay_in_the_bundle():
    bundled = ["libstdc++.so.6", "libgcc_s.so.1", "libpython3.11.so.1.0", "libsqlite3.so.0", "libz.so.1"]
    bundled += ["libffi.so.8", "liblzma.so.5", "libbz2.so.1.0", "libuuid.so.1", "libzstd.so.1"]
    bundled += ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-image.so.0", "libxcb-keysyms.so.1"]
    bundled += ["libxcb-render-util.so.0", "libxcb-util.so.1", "libQt6Gui.so.6", "libicudata.so.73"]
    # Names that only begin like a system library's.
    bundled += ["libmd4c.so.0", "libX11-extra.so.1", "libglib-2.0-helper.so.0"]
    for name in bundled:
        assert not linux_libraries.from_the_system(name), name


def test_the_compressed_module_archive_is_smaller_and_python_imports_from_it(tmp_path):
    stored = tmp_path / "stored.zip"
    source = "WORDS = " + repr(["attendance register"] * 2000) + "\n"
    with zipfile.ZipFile(stored, "w") as archive:
        archive.writestr("board_words/__init__.py", source)
        archive.writestr("board_words/more.py", "from board_words import WORDS\nCOUNT = len(WORDS)\n")

    deflated = linux_libraries.compressed_zip(stored, tmp_path / "out" / "base_library.zip")

    with zipfile.ZipFile(deflated) as archive:
        assert {member.compress_type for member in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        assert archive.read("board_words/__init__.py").decode() == source
    assert deflated.stat().st_size < stored.stat().st_size / 10
    count = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys; sys.path.insert(0, {str(deflated)!r}); import board_words.more as m; print(m.COUNT)",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert count.strip() == "2000"
