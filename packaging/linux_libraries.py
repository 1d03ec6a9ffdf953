"""Linux only, for the PyInstaller spec: the desktop's libraries taken from the system, a smaller ICU data library,
and which OpenSSL versions libraries use.

The desktop's own libraries: the bundle takes them from the system, as the Windows bundle takes Windows' own DLLs.
They are the base of every Linux desktop that can show a Qt window (X11 and its protocol libraries, the keyboard
map, fonts, GLib, D-Bus; OpenGL and libxcb itself PyInstaller already leaves to the system), and the AppImage
project's list of libraries never to bundle ("excludelist", github.com/AppImageCommunity/pkg2appimage) names
most of them for a second reason: a bundled copy older than the one the system's own libraries (graphics
drivers, input methods, the theme) were built against breaks them when both are loaded. With them go the
libraries only they need (glib's PCRE2, freetype's libpng and Brotli, fontconfig's Expat, libXdmcp's libbsd): the
system's copy of each comes with the system's copy of the library that needs it. `build-linux.sh` checks with
`ldd` that every bundled library and plugin still finds all it needs.

Kept in the bundle: the C++ runtime (libstdc++, libgcc_s), as the Windows bundle carries the MSVC runtime; Qt
needs GLIBCXX_3.4.29 (GCC 11) and Debian 12 has 3.4.30, but a bundled runtime does not depend on the host's.
Also kept: the xcb utility libraries Qt's X11 plugin needs (libxcb-cursor, -icccm, -image, -keysyms,
-render-util, -util, 0.1 MB): not part of libxcb, and missing from common desktops (Qt's "xcb-cursor0 is
needed" error), and the libraries Python's own modules use (SQLite, zlib, libffi, liblzma, bzip2, libuuid).

ICU: a smaller data library for the bundle, in place of the 30 MB one PySide6's wheel carries.

Qt 6 calls ICU for four things only (the ICU functions libQt6Core imports: `nm -D --undefined-only`): collation
(ucol_*), code page converters (ucnv_*), case mapping (u_strToUpper/Lower, whose tables are compiled into
libicuuc) and time zone ids and names (ucal_*). Qt lays text out and breaks lines itself: no bundled library
but ICU's own libicui18n imports a break iterator, and it only for formatting Qt never asks it for. So the data
keeps everything those four read for English (root and every en locale, the collation base, the time zone
and calendar tables, the single-byte code pages: every Windows, ISO-8859, DOS and EBCDIC one) and leaves out
the other languages' names, collations and spell-outs (ICU falls back to root, whose data are the English
ones), the break iterator rules and the Chinese, Japanese, Thai, Lao, Khmer and Burmese dictionaries, the
transliterators and the multi-byte (Chinese, Japanese, Korean) code pages.

Windows needs none of this: Qt there uses the ICU that comes with Windows.

The data is ICU's common data package (icudtNNl.dat) embedded in libicudataNN.so as the one symbol
icudtNN_dat. `icupkg` (Debian's icu-devtools) lists and removes its items; `as` and `ld` (binutils) build the
library again with the same SONAME and symbol.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

SYSTEM_LIBRARIES = re.compile(
    r"lib(X11|X11-xcb|Xext|Xrender|xcb-(glx|randr|render|shape|shm|sync|xfixes|xkb)|xkbcommon|xkbcommon-x11|"
    r"fontconfig|freetype|glib-2\.0|gthread-2\.0|dbus-1"
    # ... and the libraries only those need: X11's, fontconfig's, freetype's, glib's.
    r"|Xau|Xdmcp|bsd|md|expat|png16|brotlidec|brotlicommon|pcre2-8)\.so(\.[0-9.]+)?"
)


def from_the_system(name: str) -> bool:
    """Whether a library (its file name, "libX11.so.6") is the desktop's own, taken from the system."""
    return SYSTEM_LIBRARIES.fullmatch(name) is not None


# A locale's own resources: "de.res", "en_GB.res", "sr_Latn_BA.res", "de__PHONEBOOK.res" (not "root.res" or
# "res_index.res", kept below).
LOCALE_RESOURCE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*\.res$")
ALWAYS_KEPT = {"root.res", "pool.res", "res_index.res"}
UNUSED_TREES = {"brkitr", "translit"}
# Single-byte code page tables are 1 to 10 KB; the multi-byte ones (CJK) 20 KB to 550 KB.
LARGEST_CODE_PAGE = 16384


def unwanted(item: str, size: int) -> bool:
    """Whether an item of ICU's data ("coll/de.res", "ibm-943_P15A-2003.cnv") is left out of the bundle."""
    tree, _, name = item.rpartition("/")
    if tree in UNUSED_TREES:
        return True
    if name.endswith(".cnv"):
        return size > LARGEST_CODE_PAGE
    if name in ALWAYS_KEPT or not LOCALE_RESOURCE.match(name):
        return False
    return not (name == "en.res" or name.startswith("en_"))


def compressed_zip(source: Path, destination: Path) -> Path:
    """A copy of a zip archive (PyInstaller's base_library.zip, written uncompressed) with every member deflated.

    Python reads it with zipimport, which decompresses with zlib: an extension module in Debian's Python, found in
    lib-dynload beside the archive, so it loads before the first compressed module is read.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(destination, "w") as copy:
        for member in original.infolist():
            copy.writestr(member, original.read(member), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return destination


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if not found:
        package = "icu-devtools" if name == "icupkg" else "binutils"
        raise SystemExit(f"The bundle's ICU data needs {name}: install {package} (apt-get install {package}).")
    return found


def reduced_icu_library(library: Path, work: Path) -> Path:
    """A copy of libicudataNN.so (`library`) holding only the data Board Admin's Qt can use, built in `work`."""
    symbols = subprocess.run(["readelf", "-sW", str(library)], check=True, capture_output=True, text=True).stdout
    found = re.search(
        r"\b([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\S+\s+\d+\s+(icudt(\d+)_dat)$", symbols, re.M
    )
    if not found:
        raise SystemExit(f"{library} has no icudtNN_dat symbol: not ICU's data library as expected.")
    symbol, version = found.group(3), found.group(4)
    dynamic = subprocess.run(["readelf", "-d", str(library)], check=True, capture_output=True, text=True).stdout
    soname = re.search(r"\(SONAME\)\s+Library soname: \[(.+)\]", dynamic)
    if not soname:
        raise SystemExit(f"{library} has no SONAME.")
    size = int(found.group(2), 0)
    # The symbol's file offset: its address less its section's address plus the section's offset.
    sections = subprocess.run(["readelf", "-SW", str(library)], check=True, capture_output=True, text=True).stdout
    address = int(found.group(1), 16)
    offset = None
    for start, file_offset, length in re.findall(
        r"^\s*\[\s*\d+\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", sections, re.M
    ):
        start, file_offset, length = int(start, 16), int(file_offset, 16), int(length, 16)
        if start <= address < start + length:
            offset = address - start + file_offset
    if offset is None:
        raise SystemExit(f"{library}: the section holding {symbol} was not found.")

    shutil.rmtree(work, ignore_errors=True)
    (work / "items").mkdir(parents=True)
    package_name = f"icudt{version}l.dat"
    original = work / "original" / package_name
    original.parent.mkdir()
    with library.open("rb") as source:
        source.seek(offset)
        original.write_bytes(source.read(size))

    icupkg = _tool("icupkg")
    listing = subprocess.run([icupkg, "-l", str(original)], check=True, capture_output=True, text=True).stdout
    items = listing.split()
    subprocess.run([icupkg, "-x", "*", "-d", str(work / "items"), str(original)], check=True, capture_output=True)
    removed = {item for item in items if unwanted(item, (work / "items" / item).stat().st_size)}

    # An extension code page (e.g. windows-949) needs its base table: when that is left out, so is it.
    reduced = work / package_name
    while True:
        removal_list = work / "removed.txt"
        removal_list.write_text("".join(f"{item}\n" for item in sorted(removed)), encoding="ascii")
        reduced.unlink(missing_ok=True)
        run = subprocess.run(
            [icupkg, "-tl", "-r", str(removal_list), str(original), str(reduced)], capture_output=True, text=True
        )
        dependants = set(re.findall(r"Item (\S+) depends on missing item", run.stdout + run.stderr))
        if run.returncode == 0 and not dependants:
            break
        if not dependants - removed:
            raise SystemExit(f"icupkg could not write the reduced ICU data:\n{run.stdout}{run.stderr}")
        removed |= dependants

    assembly = work / "icudata.S"
    assembly.write_text(
        "\t.section .rodata\n\t.balign 16\n"
        f"\t.globl {symbol}\n\t.type {symbol}, @object\n{symbol}:\n"
        f'\t.incbin "{reduced.name}"\n'
        f"\t.size {symbol}, . - {symbol}\n"
        '\t.section .note.GNU-stack,"",@progbits\n',
        encoding="ascii",
    )
    subprocess.run([_tool("as"), "-o", "icudata.o", "icudata.S"], cwd=work, check=True)
    output = work / library.name
    subprocess.run(
        [_tool("ld"), "-shared", "-soname", soname.group(1), "-o", output.name, "icudata.o"], cwd=work, check=True
    )
    return output


def openssl_versions(libraries: list[str], defined: bool = False) -> set[str]:
    """The OpenSSL symbol versions (OPENSSL_3.0.0, ...) the libraries need, or with `defined`, define."""
    versions: set[str] = set()
    for library in libraries:
        listing = subprocess.run(["readelf", "-VW", library], check=True, capture_output=True, text=True).stdout
        section = "Version definition section" if defined else "Version needs section"
        for part in listing.split("\n\n"):
            if section in part:
                versions |= set(re.findall(r"Name: (OPENSSL_[0-9.]+)", part))
    return versions
