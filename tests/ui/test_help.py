"""Help inside the application: F1 and the Help menu open the user guide at the section for the screen in use,
with its pictures; every page has a section; the frozen build carries the guide."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from board_admin import resources
from board_admin.services.accounts import sign_in
from board_admin.ui import help as guide_help
from board_admin.ui.main_window import PAGES

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guide.md"


def guide_headings() -> dict[str, str]:
    """Each heading of the guide's text by its anchor, as GitHub and the help window name them."""
    text = GUIDE.read_text(encoding="utf-8")
    return {guide_help.slug(title): title for title in re.findall(r"^#{1,4} (.+)$", text, re.MULTILINE)}


@pytest.fixture
def demo_window(make_window, sqlite_database, with_demo):
    from tests.ui.conftest import TODAY

    with_demo(sqlite_database, TODAY)
    sign_in(sqlite_database, "admin", "demo")
    return make_window(sqlite_database)


@pytest.fixture(autouse=True)
def _close_help():
    yield
    window = guide_help._help_window  # noqa: SLF001 - the one window of the session
    if window is not None and guide_help.isValid(window):
        window.close()


def help_shown() -> guide_help.HelpWindow:
    window = guide_help._help_window  # noqa: SLF001
    assert window is not None and window.isVisible(), "the help window is not open"
    return window


def test_every_page_and_dialog_has_a_section_in_the_guide():
    headings = guide_headings()
    for entry in PAGES:
        section = guide_help.section_for_page(entry.key)
        assert section is not None, f"the page '{entry.key}' has no section in help.PAGE_SECTIONS"
        assert section in headings, f"docs/guide.md has no heading for #{section} (page '{entry.key}')"
    for anchor in [*guide_help.DIALOG_SECTIONS.values(), *guide_help.MEETING_TABS.values()]:
        assert anchor in headings, f"docs/guide.md has no heading for #{anchor}"


def test_the_guides_own_links_lead_to_its_headings():
    text = GUIDE.read_text(encoding="utf-8")
    links = set(re.findall(r"\]\(#([^)]+)\)", text))
    assert links and links <= set(guide_headings())


def test_f1_opens_the_section_of_each_page(demo_window, qtbot):
    window = demo_window
    headings = guide_headings()
    for entry in PAGES:
        window.show_page_by_key(entry.key)
        qtbot.keyClick(window.current_page(), Qt.Key.Key_F1)
        shown = help_shown()
        section = guide_help.section_for_page(entry.key)
        assert shown.current_section == section
        assert shown.visible_heading() == headings[section], entry.key


def test_the_help_menu_opens_the_section_and_the_contents(demo_window):
    window = demo_window
    window.show_page_by_key("challenges")
    assert window.help_action.shortcut().toString() == "F1"
    assert [action.text() for action in window.menuBar().actions()][-1] == "&Help"
    window.help_action.trigger()
    assert help_shown().visible_heading() == "Log a challenge"
    window.guide_action.trigger()
    assert help_shown().visible_heading() == "Board Admin user guide"
    assert help_shown().current_section is None


def test_f1_in_a_dialog_opens_its_section(demo_window, qtbot):
    window = demo_window
    window.show_page_by_key("challenges")
    dialog = window.page("challenges").new_challenge()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_F1)
    shown = help_shown()
    assert shown.visible_heading() == "Log a challenge"
    # Over a modal dialog the guide belongs to the dialog (a modal dialog's own windows are not blocked by
    # it), so that it can still be scrolled and read; back on the main window it is a window of its own.
    assert shown.parentWidget() is dialog and shown.isWindow()
    dialog.reject()

    meetings = window.page("meetings")
    window.show_page_by_key("meetings")
    meeting = meetings.open_meeting(meetings.proxy.row_at(meetings.proxy.index(0, 0)))
    # The meeting window is a window of its own: F1 there is its help, not the main window's.
    qtbot.waitExposed(meeting)
    meeting.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is meeting)
    meeting.tabs.setCurrentIndex(1)
    qtbot.keyClick(meeting.register_table, Qt.Key.Key_F1)
    assert help_shown().visible_heading() == "Take the register"
    meeting.tabs.setCurrentIndex(2)
    qtbot.keyClick(meeting.tabs, Qt.Key.Key_F1)
    assert help_shown().visible_heading() == "Write and send the minutes"
    meeting.close()
    window.help_action.trigger()
    assert help_shown().parentWidget() is None and help_shown().visible_heading() == "Schedule a year of meetings"


def test_the_guide_shows_its_pictures_at_a_readable_width(qtbot):
    window = guide_help.show_help("take-the-register")
    qtbot.waitExposed(window)
    document = window.browser.document()
    pictures = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            image = iterator.fragment().charFormat().toImageFormat()
            if image.isValid():
                pictures.append(image)
            iterator += 1
        block = block.next()
    assert len(pictures) >= 15
    for image in pictures:
        # Every picture is found (the browser would show a broken-image mark) and none is wider than the text.
        assert (GUIDE.parent / image.name()).is_file(), image.name()
        assert image.width() <= window.fontMetrics().averageCharWidth() * 100


def test_the_frozen_build_carries_the_guide(monkeypatch, tmp_path):
    spec = (ROOT / "packaging" / "board_admin.spec").read_text(encoding="utf-8")
    assert '(str(help_docs(ROOT / "docs", ROOT / "build" / "help" / "docs")), "docs")' in spec
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.docs_path("guide.md") == tmp_path / "docs" / "guide.md"
    monkeypatch.delattr(sys, "_MEIPASS")
    assert resources.docs_path("guide.md") == GUIDE


def test_a_missing_guide_is_said_plainly(monkeypatch, tmp_path, qtbot):
    window = guide_help.HelpWindow()
    qtbot.addWidget(window)
    window.load(tmp_path / "guide.md")
    assert "The guide is missing" in window.browser.toPlainText()


def test_the_bundled_guide_has_every_picture_it_shows_at_the_help_windows_width(tmp_path):
    from PySide6.QtGui import QImage

    from board_admin.ui.screenshots import HELP_PICTURE_WIDTH, help_docs

    out = help_docs(ROOT / "docs", tmp_path / "docs")
    assert (out / "guide.md").read_text(encoding="utf-8") == GUIDE.read_text(encoding="utf-8")
    assert (out / "admin.md").is_file()
    shown = set(re.findall(r"\]\((images/[^)\s]+)\)", GUIDE.read_text(encoding="utf-8")))
    assert {f"images/{path.name}" for path in (out / "images").iterdir()} == shown
    for name in shown:
        image = QImage(str(out / name))
        assert not image.isNull() and image.width() == min(HELP_PICTURE_WIDTH, QImage(str(GUIDE.parent / name)).width())
    bundled = sum(path.stat().st_size for path in (out / "images").iterdir())
    original = sum((GUIDE.parent / name).stat().st_size for name in shown)
    assert bundled < original / 2
