"""The bundle's smaller ICU data (packaging/linux_libraries.py, Linux only): what it keeps; Qt answers the same."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import linux_libraries as icu_data  # noqa: E402 - packaging/linux_libraries.py


def test_english_and_the_shared_tables_are_kept_and_other_languages_left_out():
    kept = ["root.res", "en.res", "en_GB.res", "coll/root.res", "coll/en.res", "coll/ucadata.icu", "zone/en_GB.res"]
    kept += ["zoneinfo64.res", "metaZones.res", "supplementalData.res", "pool.res", "curr/pool.res"]
    kept += ["res_index.res", "coll/res_index.res", "cnvalias.icu", "uts46.nrm"]
    for item in kept:
        assert not icu_data.unwanted(item, 1000), item
    left_out = ["de.res", "zh_Hant_TW.res", "coll/de__PHONEBOOK.res", "lang/fr.res", "zone/ja.res", "ar_SA.res"]
    left_out += ["brkitr/line.brk", "brkitr/cjdict.dict", "brkitr/root.res", "translit/root.res"]
    for item in left_out:
        assert icu_data.unwanted(item, 1000), item


def test_single_byte_code_pages_are_kept_and_the_large_multi_byte_ones_left_out():
    assert not icu_data.unwanted("ibm-5348_P100-1997.cnv", 2_800)  # windows-1252
    assert icu_data.unwanted("ibm-943_P15A-2003.cnv", 130_000)  # Shift_JIS


def _pyside_icu_data() -> Path | None:
    try:
        import PySide6
    except ImportError:
        return None
    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    return found[0] if found else None


PROBE = """
from PySide6.QtCore import QCollator, QDateTime, QLocale, QStringDecoder, QTimeZone
words = ["zebra", "Éclair", "apple", "Apple", "éclair", "Zulu", "ångström", "Ōsaka", "b"]
for name in ("en_GB", "en_US", "cy_GB"):
    print(name, sorted(words, key=QCollator(QLocale(name)).sortKey))
when = QDateTime.fromString("2026-07-01T12:00:00Z", "yyyy-MM-ddTHH:mm:ssZ")
print(QTimeZone(b"Europe/London").displayName(when, QTimeZone.LongName, QLocale("en_GB")), QTimeZone(b"GB").id())
print(QLocale("en_GB").toUpper("straße"), QLocale("tr_TR").toUpper("istanbul"))
for name in ("windows-1252", "ISO-8859-15", "IBM850", "KOI8-R"):
    print(name, QStringDecoder(name).isValid())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the ICU data is cut down on Linux only")
def test_qt_sorts_names_times_and_code_pages_the_same_with_the_smaller_data(tmp_path):
    library = _pyside_icu_data()
    if library is None or not all(shutil.which(tool) or Path("/usr/sbin", tool).exists() for tool in ("icupkg", "as")):
        pytest.skip("needs PySide6's ICU, icupkg (icu-devtools) and binutils")
    smaller = icu_data.reduced_icu_library(library, tmp_path / "icu")
    assert smaller.stat().st_size < library.stat().st_size / 4

    def probe(preload: Path | None) -> str:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        if preload:
            env["LD_PRELOAD"] = str(preload)
        return subprocess.run([sys.executable, "-c", PROBE], env=env, check=True, capture_output=True, text=True).stdout

    with_all = probe(None)
    assert "windows-1252 True" in with_all
    assert probe(smaller) == with_all
