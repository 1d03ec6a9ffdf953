"""The self-test's check that the window's pages can be loaded: the window imports each page's code by name
when it is first shown, which PyInstaller cannot see, so a page missing from the bundle is caught here."""

from __future__ import annotations

import pytest

from board_admin import selftest
from board_admin.ui import main_window


def test_every_page_of_the_window_is_found(tmp_path):
    lines: list[str] = []
    assert selftest.SelfTest(tmp_path).run([("the window's pages", selftest.check_pages)], say=lines.append)
    assert lines == [f"ok   the window's pages: {len(main_window.PAGES)} pages' code found"]


def test_a_page_whose_code_is_missing_fails_the_self_test(tmp_path, monkeypatch: pytest.MonkeyPatch):
    missing = main_window.PageEntry("minutes", "Minutes", "meetings", "minutes_book", "MinutesBookPage")
    monkeypatch.setattr(main_window, "PAGES", (*main_window.PAGES, missing))
    lines: list[str] = []
    assert not selftest.SelfTest(tmp_path).run([("the window's pages", selftest.check_pages)], say=lines.append)
    assert lines[0].startswith("FAIL the window's pages: ModuleNotFoundError")
    assert "board_admin.ui.pages.minutes_book" in lines[0]
