"""One meeting's window: details and status, the attendance register, agenda and minutes, and actions.

Everything is saved through services/meetings as it is done (there is no "save all" to forget): a register
line as it is marked, an agenda item as the user leaves it (another item, another tab, closing the window),
an action when its form is saved. The window reads back from reports/meetings after each change, so what it
shows is what is stored. Each tab is a panel of its own module: meeting_details, meeting_register,
meeting_agenda and meeting_actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QVBoxLayout, QWidget

from board_admin.db.engine import Database, data_dir
from board_admin.domain.dates import format_date
from board_admin.domain.enums import MeetingStatus
from board_admin.domain.minutes import locked_sentence
from board_admin.domain.permissions import Permission
from board_admin.ordinary_files import file_name_part
from board_admin.reports import lists
from board_admin.reports import meetings as reports
from board_admin.reports.meetings import MeetingDetail
from board_admin.ui.dialogs.meeting_actions import ACTION_COLUMNS, ARISING_COLUMNS, ActionsPanel
from board_admin.ui.dialogs.meeting_agenda import AgendaPanel
from board_admin.ui.dialogs.meeting_declarations import DeclarationsPanel
from board_admin.ui.dialogs.meeting_details import DetailsPanel
from board_admin.ui.dialogs.meeting_parts import MeetingPanel, PanelTabs, button, button_row
from board_admin.ui.dialogs.meeting_register import RegisterPanel
from board_admin.ui.dialogs.meeting_send import SendDialog
from board_admin.ui.drafts import DRAFTS_FOLDER, MinutesDrafts
from board_admin.ui.messages import describe_failure, show_message, show_written
from board_admin.ui.widgets import choose_file_to_save, scaled_font
from board_admin.ui.workers import BackgroundJob

__all__ = ["ACTION_COLUMNS", "ARISING_COLUMNS", "MeetingWindow"]


class MeetingWindow(QDialog):
    """`changed` is emitted after every saved change, so the lists behind the window can read again."""

    changed = Signal()

    def __init__(
        self,
        database: Database,
        meeting_id: int,
        settings: QSettings,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
        drafts_folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.meeting_id = meeting_id
        self.settings = settings
        self.today = today
        self.jobs: list[BackgroundJob] = []
        self.detail: MeetingDetail | None = None
        self._people: list | None = None
        self._closing_anyway = False
        self.can_edit = database.actor.can(Permission.EDIT_MEETINGS)
        self.can_approve = database.actor.can(Permission.APPROVE_MINUTES)
        # The sentence every path gives once the minutes are approved (domain/minutes.py); None while they are not.
        self.minutes_locked: str | None = None
        # A window of its own that can be maximised and resized, not a fixed dialog.
        self.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.WindowMinMaxButtonsHint
            | Qt.WindowType.WindowCloseButtonHint
            | Qt.WindowType.WindowTitleHint
        )
        self._size_to_screen()

        self.heading = QLabel()
        self.heading.setFont(scaled_font(self.heading, 1.4, bold=True))
        self.heading.setAccessibleName("Meeting")
        self.heading.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setAccessibleName("Meeting status")
        self.summary.setWordWrap(True)
        drafts = MinutesDrafts(drafts_folder or data_dir() / DRAFTS_FOLDER, database.describe(), meeting_id)
        self.details_panel = DetailsPanel(self)
        self.register_panel = RegisterPanel(self)
        self.agenda_panel = AgendaPanel(self, drafts)
        self.actions_panel = ActionsPanel(self)
        self.declarations_panel = DeclarationsPanel(self)
        self.panels: list[MeetingPanel] = [
            self.details_panel,
            self.register_panel,
            self.agenda_panel,
            self.actions_panel,
            self.declarations_panel,
        ]
        self.tabs = PanelTabs()
        self.tabs.setAccessibleName("Parts of the meeting")
        self.tabs.addTab(self.details_panel, "&Details")
        self.tabs.addTab(self.register_panel, "&Register")
        self.tabs.addTab(self.agenda_panel, "A&genda and minutes")
        self.tabs.addTab(self.actions_panel, "Ac&tions")
        self.tabs.addTab(self.declarations_panel, "Declaration&s")
        self._tab = 0
        self.tabs.currentChanged.connect(self._tab_changed)
        self.export_minutes_button = button(
            "Export &minutes…", "Write the minutes as a Word document", lambda: self.export_document("minutes")
        )
        self.export_agenda_button = button(
            "Export a&genda…", "Write the agenda as a Word document to send out", lambda: self.export_document("agenda")
        )
        self.pack_button = button(
            "Agenda pac&k…",
            "Write the agenda and its PDF papers as one PDF to send out, with bookmarks and page numbers",
            self.export_pack,
        )
        self.send_button = button(
            "Se&nd to members…",
            "The agenda pack, the agenda or the minutes to the members, or a reminder to action owners, as an e-mail "
            "draft in your mail program",
            self.send_to_members,
        )
        close = button("Close", "Close this meeting (what you typed is saved as you close)", self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        bottom = button_row(self.export_minutes_button, self.export_agenda_button, self.pack_button, self.send_button)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.reload()
        if self.agenda_panel.offer_drafts():
            self.tabs.setCurrentWidget(self.agenda_panel)

    def _size_to_screen(self) -> None:
        """As wide as the agenda and minutes want, but never wider or taller than the screen it opens on."""
        metrics = self.fontMetrics()
        width, height = metrics.averageCharWidth() * 150, metrics.height() * 44
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(width, height)

    # The panels' lists, named as the screenshots and older tests know them.
    @property
    def register_table(self):
        return self.register_panel.table

    @property
    def register_proxy(self):
        return self.register_panel.proxy

    @property
    def agenda_table(self):
        return self.agenda_panel.table

    @property
    def agenda_proxy(self):
        return self.agenda_panel.proxy

    # --- reading -----------------------------------------------------------------------------------

    def people(self) -> list:
        if self._people is None:
            self._people = lists.person_rows(self.database)
        return self._people

    def reload(self) -> None:
        self.detail = reports.meeting_detail(self.database, self.meeting_id)
        detail = self.detail
        self.setWindowTitle(f"Meeting: {detail.title}")
        self.heading.setText(f"{detail.group_name}: {detail.meeting_date:%A} {format_date(detail.meeting_date)}")
        self.summary.setText(self._status_sentence(detail))
        self.minutes_locked = (
            locked_sentence(detail.group_name, detail.meeting_date, detail.approval) if detail.minutes_locked else None
        )
        # A meeting that did not take place has a notice, not minutes: the button says which it writes.
        document = detail.minutes_document
        self.export_minutes_button.setText("Export &minutes…" if document == "minutes" else f"Export {document}…")
        self.export_minutes_button.setToolTip(f"Write the {document} as a Word document")
        for panel in self.panels:
            panel.reload()
            panel.apply_lock()

    @staticmethod
    def _status_sentence(detail: MeetingDetail) -> str:
        text = detail.status.label
        if detail.times:
            text += f", {detail.times}"
        if detail.location:
            text += f", {detail.location}"
        if detail.status is MeetingStatus.CANCELLED:
            text += f". Cancelled: {detail.cancellation_reason}"
        elif detail.status is MeetingStatus.POSTPONED:
            text += f". Moved to {format_date(detail.postponed_to)}" if detail.postponed_to else ""
        if detail.approval.approved or detail.status is MeetingStatus.HELD:
            state = detail.approval.describe()
            text += ". Minutes: " + state[0].lower() + state[1:]
        return text + "."

    def saved(self) -> None:
        self.changed.emit()

    # --- leaving -----------------------------------------------------------------------------------

    def _tab_changed(self, index: int) -> None:
        """Leaving a tab saves what was typed in it; if that is refused the user is taken back to it."""
        previous = self.tabs.widget(self._tab)
        if isinstance(previous, MeetingPanel) and previous is not self.tabs.widget(index) and not previous.leave():
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(self._tab)
            self.tabs.blockSignals(False)
            return
        self._tab = index

    def _can_leave(self) -> bool:
        """Saves what is typed in every panel; if a panel's save is refused, shows it and asks what to do."""
        if self._closing_anyway:
            return True
        for panel in self.panels:
            if not panel.leave():
                self.tabs.setCurrentWidget(panel)
                self._ask_to_discard(panel)
                return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self._can_leave():
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:
        # Esc closes the window too, and must save on the way out like the close button.
        if self._can_leave():
            super().reject()

    def _ask_to_discard(self, panel: MeetingPanel) -> None:
        """The typed text could not be saved (the reason is beside it): keep editing, or close without it."""
        item = getattr(panel, "shown", None)
        what = f"item {item.position}" if item is not None else "this part of the meeting"
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Not saved",
            f"Your changes to {what} could not be saved: {panel.item_error.text()}",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        keep = box.addButton("Go back and correct it", QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton("Close without them", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(clicked) -> None:
            if clicked is discard:
                panel.discard_changes()
                self._closing_anyway = True
                self.close()

        box.buttonClicked.connect(answered)
        self.discard_question = box
        box.open()

    # --- exports -----------------------------------------------------------------------------------

    def export_document(self, kind: str) -> None:
        if not self.agenda_panel.leave():
            self.tabs.setCurrentWidget(self.agenda_panel)
            return
        name = f"{file_name_part(self.detail.group_name)} {kind} {self.detail.meeting_date:%Y-%m-%d}.docx"
        path = choose_file_to_save(self, self.settings, f"Export the {kind}", name, "Word documents (*.docx)", ".docx")
        if path is not None:
            self.run_export(kind, path)

    def export_pack(self) -> None:
        """The agenda pack (exports.py's "pack", as on the Reports page), written off the UI thread."""
        if not self.agenda_panel.leave():
            self.tabs.setCurrentWidget(self.agenda_panel)
            return
        name = f"{file_name_part(self.detail.group_name)} agenda pack {self.detail.meeting_date:%Y-%m-%d}.pdf"
        path = choose_file_to_save(self, self.settings, "Save the agenda pack", name, "PDF (*.pdf)", ".pdf")
        if path is not None:
            self.run_pack(path)

    def run_pack(self, path: Path):
        return self._write_listed("pack", "agenda pack", path, lambda summary: f"Wrote {path} ({summary}).")

    def send_to_members(self, sending: str = "agenda") -> SendDialog | None:
        """Saves what was typed (the documents are written from what is stored), then offers what to send."""
        if not self.agenda_panel.leave():
            self.tabs.setCurrentWidget(self.agenda_panel)
            return None
        self.send_dialog = SendDialog(self.database, self.detail, self.today, self, sending)
        self.send_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.send_dialog.open()
        return self.send_dialog

    def run_export(self, kind: str, path: Path):
        """The minutes or the agenda, written off the UI thread; the window stays responsive."""
        document = self.detail.minutes_document if kind == "minutes" else kind
        text = None
        if document != kind:
            # A meeting that did not take place has no minutes: say what was written instead.
            status = self.detail.status.label.lower()
            text = f"The meeting was {status}, so it has no minutes: wrote its {document} to {path}."
        return self._write_listed(kind, kind, path, lambda _summary: text)

    def _write_listed(self, key: str, kind: str, path: Path, message: Callable[[str], str | None]):
        """The export `key` of the one list (exports.py), as the Reports page and the command line write it."""
        from board_admin.exports import ExportRequest, export_named
        from board_admin.ui.pages.reports import ExportJob

        request = ExportRequest(choice=export_named(key), path=path, meeting_id=self.meeting_id, today=self.today())
        try:
            job = ExportJob(self, self.database, request)
        except OSError as error:  # the folder is gone, or may not be written in
            show_message(self, QMessageBox.Icon.Warning, "Not written", describe_failure(error))
            return None

        def finished(_written) -> None:
            self.jobs.remove(job)
            if job.outcome == "written":
                self.written_message = written(self, kind, path, message(job.summary))
            elif job.outcome == "failed":
                show_message(self, QMessageBox.Icon.Warning, "Not written", describe_failure(job.error))

        job.finished.connect(finished)
        self.jobs.append(job)
        return job.start()


def written(parent: QWidget, kind: str, path: Path, text: str | None = None) -> QMessageBox:
    """Says where the document went (in `text`, if given), with buttons to open it or its folder."""
    return show_written(parent, "Document written", text or f"Wrote the {kind} to {path}.", path)
