"""Help inside the application: the user guide (docs/guide.md, with its pictures) in a window of its own,
opened at the section for the screen in use.

F1 (or Help > Help for this screen) opens the section of the page shown in the main window; in a dialog
that has a section (the meeting window, the challenge and funding forms...) F1 opens that one. The guide's
sections are found by their headings, as GitHub names them (`## Take the register` is
`#take-the-register`), so the same anchors work in the README's links and here.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QKeySequence,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QTextBrowser, QVBoxLayout, QWidget
from shiboken6 import isValid

from board_admin.resources import docs_path
from board_admin.ui.widgets import resize_within_screen, toolbar_row

GUIDE = "guide.md"
HELP_KEY = QKeySequence(Qt.Key.Key_F1)

# The page of the main window (PageEntry.key) -> the guide's section for it.
PAGE_SECTIONS = {
    "dashboard": "the-dashboard",
    "meetings": "schedule-a-year-of-meetings",
    "groups": "set-up-the-structure",
    "people": "add-agencies-and-people",
    "attendance": "check-attendance",
    "challenges": "log-a-challenge",
    "reviews": "case-reviews",
    "funding": "for-finance",
    "reports": "reports-and-exports",
    "accounts": "manage-accounts",
}

# A dialog (by class name) -> its section. The meeting window's section follows the tab in view.
DIALOG_SECTIONS = {
    "SignInDialog": "sign-in",
    "FirstAdministratorDialog": "sign-in",
    "ChangePasswordDialog": "sign-in",
    "MeetingFormDialog": "schedule-a-year-of-meetings",
    "ScheduleDialog": "schedule-a-year-of-meetings",
    "ChallengeFormDialog": "log-a-challenge",
    "RespondDialog": "read-the-challenge-log",
    "EscalateDialog": "read-the-challenge-log",
    "CloseDialog": "read-the-challenge-log",
    "StatusDialog": "read-the-challenge-log",
    "OpenYearDialog": "open-a-financial-year",
    "ContributionDialog": "record-contributions",
    "FormulaDialog": "record-contributions",
    "IncomeDialog": "record-contributions",
    "BudgetLineDialog": "open-a-financial-year",
    "ExpenditureDialog": "record-contributions",
    "GroupFormDialog": "set-up-the-structure",
    "MoveGroupDialog": "set-up-the-structure",
    "CloseGroupDialog": "set-up-the-structure",
    "MemberFormDialog": "set-up-the-structure",
    "ChangeRoleDialog": "set-up-the-structure",
    "EndMembershipDialog": "set-up-the-structure",
    "AgencyFormDialog": "add-agencies-and-people",
    "PersonFormDialog": "add-agencies-and-people",
    "ThresholdsDialog": "find-non-attenders",
    "DrillDownDialog": "check-attendance",
    "DeputyDialog": "deputies",
    "PersonChoiceDialog": "take-the-register",
    "ActionDialog": "write-and-send-the-minutes",
    "SendDialog": "sending-to-members",
    "AccountDialog": "manage-accounts",
    "CaseReviewFormDialog": "case-reviews",
    "ReviewStatusDialog": "case-reviews",
    "RecommendationDialog": "case-reviews",
    "RecommendationActionDialog": "case-reviews",
    "LearningThemeDialog": "case-reviews",
    "ResetPasswordDialog": "manage-accounts",
}
MEETING_TABS = {
    "Details": "write-and-send-the-minutes",
    "Register": "take-the-register",
    "Agenda and minutes": "write-and-send-the-minutes",
    "Actions": "write-and-send-the-minutes",
}


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def guide_path() -> Path:
    return docs_path(GUIDE)


def section_for_page(key: str) -> str | None:
    return PAGE_SECTIONS.get(key)


def section_for_window(window: QWidget | None) -> str | None:
    """The guide's section for a top-level window other than the main window, if it has one."""
    if window is None:
        return None
    name = type(window).__name__
    if name == "MeetingWindow":
        tabs = getattr(window, "tabs", None)
        tab = tabs.tabText(tabs.currentIndex()).replace("&", "") if tabs is not None else ""
        return MEETING_TABS.get(tab, "take-the-register")
    return DIALOG_SECTIONS.get(name)


class HelpWindow(QDialog):
    """The user guide, opened at a section; stays open beside the window while the user works."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Board Admin – user guide")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setModal(False)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("User guide")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        contents = QPushButton("&Contents")
        contents.setToolTip("Back to the start of the guide and its list of tasks")
        contents.clicked.connect(lambda: self.show_section(None))
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        row = toolbar_row(contents)
        row.addWidget(close)
        layout.addLayout(row)
        metrics = self.fontMetrics()
        resize_within_screen(self, metrics.averageCharWidth() * 110, metrics.height() * 46)
        self.loaded: Path | None = None
        self.load(guide_path())

    def load(self, path: Path) -> None:
        if self.loaded == path:
            return
        self.loaded = path
        document = self.browser.document()
        if not path.is_file():
            self.browser.setMarkdown(
                "# The guide is missing\n\nThe user guide is not part of this installation "
                f"(it should be at `{path}`). Reinstall Board Admin, or ask your IT officer."
            )
            return
        document.setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        self._fit_pictures(path.parent)

    def _fit_pictures(self, folder: Path) -> None:
        """Screenshots are as wide as the main window; in the guide they are shown at a readable width,
        scaled smoothly once here (the browser's own scaling would make the text in them unreadable)."""
        widest = self.fontMetrics().averageCharWidth() * 100
        document = self.browser.document()
        block = document.begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                image_format = fragment.charFormat().toImageFormat()
                if fragment.isValid() and image_format.isValid():
                    image = QImage(str(folder / image_format.name()))
                    if image.width() > widest:
                        smaller = image.scaledToWidth(widest, Qt.TransformationMode.SmoothTransformation)
                        # Found by the address the browser asks for: the picture's, resolved against the guide's.
                        where = document.baseUrl().resolved(QUrl(image_format.name()))
                        document.addResource(QTextDocument.ResourceType.ImageResource, where, smaller)
                        image_format.setWidth(smaller.width())
                        image_format.setHeight(smaller.height())
                        cursor = QTextCursor(document)
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                        cursor.setCharFormat(image_format)
                iterator += 1
            block = block.next()

    def headings(self) -> dict[str, int]:
        """Each heading's anchor and where it starts in the document."""
        found: dict[str, int] = {}
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                found.setdefault(slug(block.text()), block.position())
            block = block.next()
        return found

    def show_section(self, anchor: str | None) -> bool:
        """Scrolls so the section's heading is at the top; False (and the start shown) if there is none."""
        position = self.headings().get(anchor) if anchor else None
        document = self.browser.document()
        cursor = QTextCursor(document)
        cursor.setPosition(position or 0)
        self.browser.setTextCursor(cursor)
        top = 0
        if position is not None:
            block = document.findBlock(position)
            top = int(document.documentLayout().blockBoundingRect(block).top())
        self.browser.verticalScrollBar().setValue(top)
        self.current_section = anchor if position is not None else None
        return position is not None

    def visible_heading(self) -> str:
        """The heading of the section at the top of the view."""
        document = self.browser.document()
        top = self.browser.verticalScrollBar().value()
        layout = document.documentLayout()
        block = document.begin()
        heading = ""
        while block.isValid() and layout.blockBoundingRect(block).top() <= top + document.documentMargin() + 1:
            if block.blockFormat().headingLevel() > 0:
                heading = block.text()
            block = block.next()
        return heading

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        target = Path(url.toLocalFile() or url.path()) if url.path() else None
        if target is not None and target.suffix == ".md":
            if not target.is_absolute():
                target = (self.loaded.parent if self.loaded else docs_path()) / target.name
            self.load(target)
        self.show_section(url.fragment() or None)


_help_window: HelpWindow | None = None


def help_window() -> HelpWindow:
    """The one help window, made on first use (again if it was deleted with a dialog it belonged to)."""
    global _help_window
    if _help_window is None or not isValid(_help_window):
        _help_window = HelpWindow()
        # Open help alone does not keep Board Admin running once the main window is closed.
        _help_window.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
    return _help_window


def show_help(section: str | None, owner: QWidget | None = None) -> HelpWindow:
    """Opens the guide at `section`. Over a modal dialog the guide belongs to that dialog, which would
    otherwise block it from being scrolled or read."""
    window = help_window()
    wanted = owner if owner is not None and owner.isModal() else None
    if window.parentWidget() is not wanted:
        window.setParent(wanted, window.windowFlags())
    window.load(guide_path())
    window.show()
    if QGuiApplication.platformName() != "offscreen":  # which cannot raise a window, and says so
        window.raise_()
        window.activateWindow()
    window.show_section(section)
    return window


class HelpKey(QObject):
    """F1 anywhere: the main window's own action handles it there; in a dialog this opens its section."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        if key_event.key() != Qt.Key.Key_F1 or key_event.modifiers() != Qt.KeyboardModifier.NoModifier:
            return False
        window = watched.window()
        if isinstance(window, HelpWindow):
            return True
        main = getattr(window, "show_help_for_screen", None)
        if callable(main):
            main()
        else:
            show_help(section_for_window(window), window)
        return True


_help_key: HelpKey | None = None


def install_help_key() -> None:
    """Once per application: F1 in every window."""
    global _help_key
    app = QApplication.instance()
    if app is not None and (_help_key is None or not isValid(_help_key)):
        _help_key = HelpKey(app)
        app.installEventFilter(_help_key)
