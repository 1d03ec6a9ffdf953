"""The main window: the pages on the left, the page on the right, the database in the status bar."""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import PySide6
import shiboken6
from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelection,
    QSettings,
    QSize,
    Qt,
    QTimer,
    qVersion,
)
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from board_admin import __version__
from board_admin.db.engine import Database
from board_admin.domain.permissions import Permission
from board_admin.ui import icons
from board_admin.ui.messages import ProblemsDialog, ask, describe_failure, show_message, show_written
from board_admin.ui.safety import back_up_now, restore_from_backup
from board_admin.ui.table_model import NO_PARENT, AnyIndex
from board_admin.ui.workers import BackgroundJob, JobCancelled

if TYPE_CHECKING:
    from board_admin.ui.pages.base import Page

log = logging.getLogger("board_admin.ui")


def is_open(widget: QWidget) -> bool:
    """Still on screen: a window that deletes itself on closing counts as closed once it is gone."""
    return shiboken6.isValid(widget) and widget.isVisible()


WORKBOOK_FILTER = "Excel workbook (*.xlsx)"
# A window narrower than this many average characters shows the page list as icons only.
NARROW_WINDOW_CHARACTERS = 160


@dataclass(frozen=True)
class PageEntry:
    """A page of the window: its module (under board_admin.ui.pages) is imported, and the page built, when the
    page is first shown, not before the window opens (the ten pages' code and widgets were a third of the start)."""

    key: str
    title: str
    icon: str
    module: str
    class_name: str

    @property
    def module_name(self) -> str:
        return f"board_admin.ui.pages.{self.module}"

    def page_class(self) -> type[Page]:
        return getattr(importlib.import_module(self.module_name), self.class_name)


PAGES = (
    PageEntry("dashboard", "Dashboard", "dashboard", "dashboard", "DashboardPage"),
    PageEntry("meetings", "Meetings", "meetings", "meetings", "MeetingsPage"),
    PageEntry("attendance", "Attendance", "attendance", "attendance", "AttendancePage"),
    PageEntry("groups", "Boards and groups", "groups", "structure", "StructurePage"),
    PageEntry("people", "People and agencies", "people", "people", "PeoplePage"),
    PageEntry("challenges", "Challenge log", "challenges", "challenges", "ChallengesPage"),
    PageEntry("reviews", "Case reviews", "reviews", "case_reviews", "CaseReviewsPage"),
    PageEntry("funding", "Funding", "funding", "funding", "FundingPage"),
    PageEntry("reports", "Reports", "reports", "reports", "ReportsPage"),
    PageEntry("accounts", "Accounts and audit", "accounts", "accounts", "AccountsPage"),
)
# Pages a role without this permission does not see at all.
PAGE_PERMISSIONS = {"accounts": Permission.MANAGE_ACCOUNTS, "reviews": Permission.READ_CASE_REVIEWS}


def page_position(key: str) -> int:
    return next(position for position, entry in enumerate(PAGES) if entry.key == key)


def page_shortcut(position: int) -> QKeySequence:
    """Ctrl+1 to Ctrl+9, then Ctrl+0 for the tenth page, as the number keys run along the keyboard."""
    return QKeySequence(f"Ctrl+{(position + 1) % 10}")


class NavigationModel(QAbstractListModel):
    """The list of pages on the left: title, icon and the keyboard shortcut in the tooltip."""

    def __init__(self, entries: tuple[PageEntry, ...], parent=None) -> None:
        super().__init__(parent)
        self.entries = entries
        # Icons only, on a window too narrow to give a fifth of its width to the page names (a laptop at 150%).
        self.compact = False

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            self.dataChanged.emit(self.index(0), self.index(len(self.entries) - 1))

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.entries)):
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return None if self.compact else entry.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return entry.title
        if role == Qt.ItemDataRole.DecorationRole:
            return icons.icon(entry.icon)
        if role == Qt.ItemDataRole.ToolTipRole:
            shortcut = page_shortcut(index.row()).toString(QKeySequence.SequenceFormat.NativeText)
            return f"{entry.title} ({shortcut})"
        if role == Qt.ItemDataRole.UserRole:
            return entry.key
        return None


class MainWindow(QMainWindow):
    """Opens on a Database; every page reads it through the reports, never through a session."""

    def __init__(
        self,
        database: Database,
        settings: QSettings | None = None,
        log_path: Path | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.settings = settings if settings is not None else QSettings()
        self.log_path = log_path
        self.jobs: list[BackgroundJob] = []
        self.problems_dialog: ProblemsDialog | None = None
        self.setWindowTitle(f"Board Admin – {self._database_name()}")
        self.setWindowIcon(icons.icon("application"))

        self.navigation_model = NavigationModel(PAGES, self)
        self.navigation = QListView()
        self.navigation.setModel(self.navigation_model)
        self.navigation.setAccessibleName("Pages")
        self.navigation.setAccessibleDescription(
            f"Choose the page to show; Ctrl+1 to Ctrl+{min(len(PAGES), 9)} also open them"
        )
        self.navigation.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.navigation.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.navigation.setUniformItemSizes(True)
        self.navigation.setSpacing(3)
        size = self.fontMetrics().height() + 10
        self.navigation.setIconSize(QSize(size, size))
        widest = max(self.fontMetrics().horizontalAdvance(entry.title) for entry in PAGES)
        self.navigation_widths = (
            size + self.fontMetrics().averageCharWidth() * 5,  # icons only
            widest + size + self.fontMetrics().averageCharWidth() * 8,
        )
        self.navigation.setFixedWidth(self.navigation_widths[1])

        self.today = today
        self.sign_in_dialog = None
        self.stack = QStackedWidget()
        self._built: dict[str, Page] = {}
        self._build_pages()

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.database_label = QLabel(f"Database: {database.describe()}")
        self.database_label.setAccessibleName("Database in use")
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.database_label, 1)
        self.user_label = QLabel()
        self.user_label.setAccessibleName("Signed in as")
        self.statusBar().addPermanentWidget(self.user_label)

        self._build_menus()
        from board_admin.ui.help import install_help_key

        install_help_key()  # F1 in the dialogs too
        self.navigation.selectionModel().selectionChanged.connect(self._navigation_changed)
        self.show_signed_in_user()
        self._restore_layout()

    def _build_pages(self) -> None:
        """A place for each page, empty until the page is first shown (`page`). Called again after a sign-in:
        the pages are made for the user signed in, what a page offers (export, edit buttons) following the role."""
        for scroller in [self.stack.widget(position) for position in range(self.stack.count())]:
            self.stack.removeWidget(scroller)
            scroller.deleteLater()
        self._built = {}
        for _entry in PAGES:
            # A page taller or wider than a small screen (or one at 150% scaling) scrolls, rather than
            # forcing the window to a size the screen cannot show.
            scroller = QScrollArea()
            scroller.setWidgetResizable(True)
            scroller.setFrameShape(QFrame.Shape.NoFrame)
            self.stack.addWidget(scroller)

    def page(self, key: str) -> Page:
        """The page of that key, built (and its module imported) the first time it is asked for: the one way to
        reach a page, for the navigation, the shortcuts, the dashboard's links and the tests alike."""
        page = self._built.get(key)
        if page is None:
            position = page_position(key)
            scroller = self.stack.widget(position)
            # Made inside the window: a page made without a parent would be a window of its own until placed,
            # and making one takes the active window away from the main window (its focus with it).
            page = PAGES[position].page_class()(self.database, self.settings, self.today, parent=scroller)
            page.navigate.connect(self.show_page_by_key)
            scroller.setWidget(page)  # type: ignore[attr-defined]
            page.show()  # a widget put in a scroll area already on screen is not shown by itself
            self._built[key] = page
        return page

    def built_pages(self) -> list[Page]:
        """The pages shown (or asked for) so far, in the list's order; the others have nothing to save or read."""
        return [self._built[entry.key] for entry in PAGES if entry.key in self._built]

    def sign_out(self) -> None:
        """Signs the user out: nothing of the database stays on screen, and the sign-in form asks who is next
        (the same person again, or a colleague at the same computer). Cancelling it closes Board Admin."""
        if self._busy("sign out"):
            return
        # Open meeting windows and forms are closed as closing the application closes them (what is typed is
        # saved, or the user is asked); nothing of this person's stays open for the next one.
        if self.close_open_windows(resume=self._signed_out):
            self._signed_out()

    def _signed_out(self) -> None:
        from board_admin.domain.permissions import NOBODY
        from board_admin.ui.dialogs.accounts import SignInDialog

        self.save_layout()
        log.info("%s signed out", self.database.actor.username)
        self.database.actor = NOBODY
        self.centralWidget().setVisible(False)
        self.menuBar().setEnabled(False)
        self.user_label.setText("Signed out")
        self.sign_in_dialog = SignInDialog(self.database, settings=self.settings, parent=self)
        self.sign_in_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.sign_in_dialog.accepted.connect(self._signed_in)
        self.sign_in_dialog.rejected.connect(self.close)
        self.sign_in_dialog.open()
        # Most often a colleague takes over: their name replaces the one selected as they type it.
        self.sign_in_dialog.username.selectAll()
        self.sign_in_dialog.username.setFocus()

    def _signed_in(self) -> None:
        self.sign_in_dialog = None
        self._build_pages()
        self.menuBar().setEnabled(True)
        self.centralWidget().setVisible(True)
        self.show_signed_in_user()
        try:
            start = int(self.settings.value("window/page", 0) or 0)
        except (TypeError, ValueError):
            start = 0
        self.navigation.clearSelection()
        self.show_page(start if 0 <= start < len(PAGES) and not self.navigation.isRowHidden(start) else 0)

    def show_signed_in_user(self) -> None:
        """The status bar names the user; pages their role may not use are hidden."""
        actor = self.database.actor
        roles = ", ".join(role.label for role in sorted(actor.roles, key=lambda role: role.value))
        self.user_label.setText(f"Signed in as {actor.display_name}" + (f" ({roles})" if roles else ""))
        for position, entry in enumerate(PAGES):
            permission = PAGE_PERMISSIONS.get(entry.key)
            allowed = permission is None or actor.can(permission)
            self.navigation.setRowHidden(position, not allowed)
            if position < len(getattr(self, "page_actions", [])):
                self.page_actions[position].setVisible(allowed)
        writable = not self.database.read_only_reason
        self.import_action.setEnabled(writable and actor.can(Permission.IMPORT_WORKBOOK))
        self.restore_action.setEnabled(writable and actor.can(Permission.RESTORE_BACKUP))
        self.organisation_action.setEnabled(writable and actor.can(Permission.MANAGE_SETTINGS))
        if not writable:
            self.user_label.setText(self.user_label.text() + " (read-only)")
        self.change_password_action.setEnabled(actor.username not in ("system", "nobody"))

    # --- layout and settings ---------------------------------------------------------------------

    def current_page(self) -> Page:
        return self.page(PAGES[self.stack.currentIndex()].key)

    def _database_name(self) -> str:
        path = self.database.sqlite_path
        return path.name if path else self.database.describe()

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            # First start: most of the screen, up to a size where the lists no longer gain from more.
            font = self.fontMetrics()
            screen = self.screen().availableGeometry()
            width = min(int(screen.width() * 0.9), font.averageCharWidth() * 230)
            height = min(int(screen.height() * 0.9), font.height() * 52)
            self.resize(width, height)
            self.move(screen.center() - self.rect().center())
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        try:
            start = int(self.settings.value("window/page", 0) or 0)
        except (TypeError, ValueError):
            start = 0
        usable = 0 <= start < len(PAGES) and not self.navigation.isRowHidden(start)
        self.show_page(start if usable else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """On a narrow window (1366x768 at 150% scaling) the page list shows its icons only, giving the page the
        width its lists need; the names are in the tooltips, the View menu and Ctrl+1 to Ctrl+0."""
        super().resizeEvent(event)
        compact = event.size().width() < self.fontMetrics().averageCharWidth() * NARROW_WINDOW_CHARACTERS
        self.navigation_model.set_compact(compact)
        self.navigation.setFixedWidth(self.navigation_widths[0 if compact else 1])

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self._busy("close the window"):
            event.ignore()
            return
        # A meeting window saves the item being minuted as it closes; if that is refused it stays open and says
        # why, and the application closes once the user has chosen to close it without the changes.
        if not self.close_open_windows(resume=lambda: QTimer.singleShot(0, self.close)):
            event.ignore()
            return
        self.save_layout()
        super().closeEvent(event)

    def close_open_windows(self, resume: Callable[[], None]) -> bool:
        """Closes every open window over the main window as the user would; True when they all closed at once.

        A window holding typed text saves it or asks (Save, Discard or Cancel for a form; go back or close
        without the changes for a meeting window whose item cannot be saved). Then False is returned, and once
        the user has answered: if that window closed, closing goes on and `resume` is called when all are
        closed; if they went back to it, nothing more happens."""
        for dialog in self.open_windows():
            if not is_open(dialog) or dialog.close() or not dialog.isVisible():
                continue
            question = getattr(dialog, "discard_question", None)
            if question is not None and is_open(question):

                def answered(_result: int = 0, dialog: QDialog = dialog) -> None:
                    # After the answer's own handling (which may close the window) has run.
                    QTimer.singleShot(0, lambda: None if is_open(dialog) else self._go_on_closing(resume))

                question.finished.connect(answered)
            return False  # it asks, or refused to close and says why: the user stays where they were
        return True

    def _go_on_closing(self, resume: Callable[[], None]) -> None:
        if self.close_open_windows(resume):
            resume()

    def _busy(self, then: str) -> bool:
        """True (and says so) while a workbook, backup or document is being written or read."""
        # No meeting window can be open if its module was never loaded (closing does not load it to find out).
        meeting_window = sys.modules.get("board_admin.ui.dialogs.meeting_window")
        meetings = (
            [window for window in self.findChildren(meeting_window.MeetingWindow) if window.isVisible()]
            if meeting_window is not None
            else []
        )
        reports = self._built.get("reports")
        running = any(job.running for job in self.jobs) or (reports is not None and reports.busy)
        if not (running or any(job.running for window in meetings for job in window.jobs)):
            return False
        show_message(
            self,
            QMessageBox.Icon.Information,
            "Board Admin is busy",
            f"Board Admin is still writing or reading a file. Wait for it to finish, then {then}.",
        )
        return True

    def open_windows(self) -> list[QDialog]:
        """The meeting windows, forms and messages open over the main window, innermost first (a form opened
        from a meeting window closes before the meeting window)."""
        shown = [
            dialog for dialog in self.findChildren(QDialog) if dialog.isVisible() and dialog is not self.sign_in_dialog
        ]

        def depth(dialog: QDialog) -> int:
            count, parent = 0, dialog.parentWidget()
            while parent is not None:
                count, parent = count + 1, parent.parentWidget()
            return count

        return sorted(shown, key=depth, reverse=True)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/page", self.stack.currentIndex())
        for page in self.built_pages():
            page.save_state()
        self.settings.sync()

    def last_folder(self) -> str:
        folder = self.settings.value("files/last_folder")
        if folder and Path(str(folder)).is_dir():
            return str(folder)
        return str(Path.home())

    def remember_folder(self, path: Path) -> None:
        self.settings.setValue("files/last_folder", str(path.parent))

    # --- menus -----------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.export_action = QAction("&Export workbook…", self)
        # Ctrl+E is Edit on the lists (challenges, people, agencies); exporting everything is rarer.
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.setStatusTip("Write the whole database to one Excel workbook")
        self.export_action.triggered.connect(self.export_workbook)
        self.import_action = QAction("&Import workbook…", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setStatusTip("Add or update records from a Board Admin workbook, after checking it")
        self.import_action.triggered.connect(self.import_workbook)
        self.backup_action = QAction("&Back up now", self)
        self.backup_action.setStatusTip("Copy the database to its backups folder now")
        self.backup_action.triggered.connect(lambda: back_up_now(self.database, self, self._run_in_steps))
        self.restore_action = QAction("&Restore from backup…", self)
        self.restore_action.setStatusTip("Replace the database with a backup copy (the current state is kept first)")
        self.restore_action.triggered.connect(self.restore_from_backup)
        self.change_password_action = QAction("&Change password…", self)
        self.change_password_action.setStatusTip("Change the password you sign in with")
        self.change_password_action.triggered.connect(self.change_password)
        self.organisation_action = QAction("Or&ganisation on documents…", self)
        self.organisation_action.setStatusTip("The organisation's name on every export, and the calendar's organiser")
        self.organisation_action.triggered.connect(self.edit_organisation)
        self.switch_user_action = QAction("S&witch user…", self)
        self.switch_user_action.setStatusTip("Sign out and let a colleague sign in at this computer")
        self.switch_user_action.triggered.connect(self.sign_out)
        self.sign_out_action = QAction("Sign &out", self)
        self.sign_out_action.setStatusTip("Sign out: nothing is shown until someone signs in again")
        self.sign_out_action.triggered.connect(self.sign_out)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self.change_password_action)
        file_menu.addAction(self.organisation_action)
        file_menu.addAction(self.switch_user_action)
        file_menu.addAction(self.sign_out_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        view_menu = self.menuBar().addMenu("&View")
        self.page_actions: list[QAction] = []
        pages_group = QActionGroup(self)
        pages_group.setExclusive(True)
        for position, entry in enumerate(PAGES):
            action = QAction(icons.icon(entry.icon), entry.title, self)
            action.setShortcut(page_shortcut(position))
            action.setCheckable(True)
            pages_group.addAction(action)
            action.triggered.connect(lambda _checked=False, position=position: self.show_page(position))
            view_menu.addAction(action)
            self.page_actions.append(action)
        view_menu.addSeparator()
        self.search_action = QAction("&Search this page", self)
        self.search_action.setShortcut(QKeySequence.StandardKey.Find)
        self.search_action.triggered.connect(self.focus_search)
        self.refresh_action = QAction("&Refresh", self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.setStatusTip("Read every list again from the database (to see other people's changes)")
        self.refresh_action.triggered.connect(self.refresh)
        view_menu.addAction(self.search_action)
        view_menu.addAction(self.refresh_action)

        help_menu = self.menuBar().addMenu("&Help")
        self.help_action = QAction("&Help for this screen", self)
        self.help_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.help_action.setStatusTip("Open the user guide at the section for the page in view (F1)")
        self.help_action.triggered.connect(self.show_help_for_screen)
        self.guide_action = QAction("User &guide", self)
        self.guide_action.setStatusTip("Open the user guide at its contents: the tasks of each kind of user")
        self.guide_action.triggered.connect(lambda: self._show_help(None))
        help_menu.addAction(self.help_action)
        help_menu.addAction(self.guide_action)
        help_menu.addSeparator()
        self.about_action = QAction("&About Board Admin", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    # --- pages -----------------------------------------------------------------------------------

    def restore_from_backup(self) -> None:
        restore_from_backup(self.database, self, self._run_in_steps, self.refresh)

    def edit_organisation(self) -> None:
        from board_admin.ui.dialogs.accounts import OrganisationDialog

        if OrganisationDialog(self.database, self).exec():
            self.statusBar().showMessage("The organisation on documents has been saved.", 5000)

    def change_password(self) -> None:
        from board_admin.ui.dialogs.accounts import ChangePasswordDialog

        if ChangePasswordDialog(self.database, self).exec():
            self.statusBar().showMessage("Your password has been changed.", 5000)

    def show_page(self, position: int) -> None:
        self.navigation.setCurrentIndex(self.navigation_model.index(position))

    def show_page_by_key(self, key: str) -> None:
        self.show_page(page_position(key))

    def _navigation_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        position = indexes[0].row()
        page = self.page(PAGES[position].key)
        self.stack.setCurrentIndex(position)
        for index, action in enumerate(self.page_actions):
            action.setChecked(index == position)
        page.ensure_loaded()

    def focus_search(self) -> None:
        field = self.current_page().search_field()
        if field is not None:
            field.setFocus(Qt.FocusReason.ShortcutFocusReason)
            field.selectAll()

    def refresh(self) -> None:
        """Every page reads the database again: the one in view now, the others when next shown (a page not
        built yet reads it when it is)."""
        for page in self.built_pages():
            page.mark_stale()
        self.current_page().ensure_loaded()
        self.statusBar().showMessage("Every list has been read again from the database.", 5000)

    # --- help and about --------------------------------------------------------------------------

    def show_help_for_screen(self):
        """F1: the user guide at the section for the page in view."""
        from board_admin.ui.help import section_for_page

        return self._show_help(section_for_page(self.current_page().key))

    def _show_help(self, section: str | None):
        from board_admin.ui.help import show_help

        return show_help(section, self)

    def about_text(self) -> str:
        return (
            f"Board Admin {__version__}\n\n"
            "Boards, subgroups, members, meetings, attendance, actions, the challenge log and funding "
            "of a multi-agency safeguarding partnership.\n\n"
            f"Qt {qVersion()}, PySide6 {PySide6.__version__}, Python {platform.python_version()}\n"
            f"Database: {self.database.describe()}"
        )

    def show_about(self) -> QMessageBox:
        box = show_message(self, QMessageBox.Icon.NoIcon, "About Board Admin", self.about_text())
        box.setIconPixmap(icons.icon("application").pixmap(64, 64))
        return box

    # --- workbook export and import --------------------------------------------------------------

    def _run(
        self, label: str, work: Callable[[], Any], on_success: Callable[[Any], None], on_failure=None, **options
    ) -> BackgroundJob:
        job = BackgroundJob(self, label, work, on_success, on_failure or self._failed, **options)
        self.jobs.append(job)
        job.finished.connect(lambda: self.jobs.remove(job))
        return job.start()

    def _run_in_steps(
        self, label: str, work: Callable[[Callable], Any], on_success: Callable[[Any], None], on_failure=None
    ) -> BackgroundJob:
        """Work that takes a step callback (an import, a backup, a restore): it shows its progress and stops at
        its next step on Cancel, having changed nothing; once it has committed, its result stands."""
        job: BackgroundJob | None = None

        def steps() -> Any:
            return work(job.step)

        job = BackgroundJob(
            self, label, steps, on_success, on_failure or self._failed, cancellable=True, result_stands=True
        )
        self.jobs.append(job)
        job.finished.connect(lambda: self.jobs.remove(job))
        return job.start()

    def _failed(self, error: BaseException) -> None:
        show_message(self, QMessageBox.Icon.Warning, "Board Admin", describe_failure(error, self.log_path))

    def export_workbook(self) -> None:
        suggested = Path(self.last_folder()) / f"board-admin-{dt.date.today():%Y-%m-%d}.xlsx"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export the whole database to a workbook", str(suggested), WORKBOOK_FILTER
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        self.remember_folder(path)

        def work() -> str:
            from board_admin.exports import write_listed

            return write_listed(self.database, "workbook", path).summary

        def done(summary: str) -> None:
            text = f"Wrote {summary} to {path}."
            self.statusBar().showMessage(text, 10000)
            show_written(self, "Workbook exported", text, path)

        self._run(f"Writing {path.name}…", work, done)

    def import_workbook(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Import records from a workbook", self.last_folder(), WORKBOOK_FILTER
        )
        if not chosen:
            return
        path = Path(chosen)
        self.remember_folder(path)

        def check(step):
            from board_admin.services.workbook_import import import_workbook

            return import_workbook(self.database, path, dry_run=True, step=step)

        def checked(summary) -> None:
            ask(
                self,
                "Import workbook",
                f"{path.name} is ready to import: it would add or update {summary.describe()}.\n\n"
                "Import it now? Everything is written in one step, or nothing is if anything goes wrong.",
                "&Import",
                lambda: self._import(path),
            )

        self._run_in_steps(f"Checking {path.name}…", check, checked, lambda error: self._import_failed(path, error))

    def _import(self, path: Path) -> None:
        def work(step):
            from board_admin.services.workbook_import import import_workbook

            return import_workbook(self.database, path, step=step)

        def done(summary) -> None:
            self.refresh()
            text = f"{path.name}: added or updated {summary.describe()}."
            self.statusBar().showMessage(text, 10000)
            show_message(self, QMessageBox.Icon.Information, "Workbook imported", text)

        self._run_in_steps(f"Importing {path.name}…", work, done, lambda error: self._import_failed(path, error))

    def _import_failed(self, path: Path, error: BaseException) -> None:
        if isinstance(error, JobCancelled):
            text = f"The import of {path.name} was cancelled: nothing was changed."
            self.statusBar().showMessage(text, 10000)
            show_message(self, QMessageBox.Icon.Information, "Import cancelled", text)
            return
        problems = getattr(error, "problems", None)
        if problems:
            dialog = ProblemsDialog(
                "The workbook cannot be imported",
                f"{path.name}: {describe_failure(error)} Correct the workbook and import it again.",
                [str(problem) for problem in problems],
                self,
            )
            self.problems_dialog = dialog
            dialog.open()
            return
        self._failed(error)
