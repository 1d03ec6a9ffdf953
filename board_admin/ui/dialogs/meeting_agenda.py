"""The meeting window's Agenda and minutes tab: the agenda in order and the item's editor.

Nothing typed is lost. An item is saved when the user leaves it (another item, another tab, closing the
window or the application), and "Undo the save" puts back what the item said before. A save that is
refused (a blank title) keeps the user on the item with the reason beside the editor. While the user types,
a draft is written to the data folder a couple of seconds after the last keystroke, so that a crash loses
at most those seconds; a draft left behind is offered back when the meeting is next opened.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from board_admin.domain.dates import format_date
from board_admin.reports import meetings as reports
from board_admin.reports.meetings import AgendaRow
from board_admin.services import meetings as service
from board_admin.ui.dialogs.meeting_papers import PapersBox
from board_admin.ui.dialogs.meeting_parts import (
    MeetingPanel,
    button,
    button_row,
    error_label,
    fit_to_text,
    make_list,
    wrap,
)
from board_admin.ui.drafts import ItemDraft, MinutesDrafts
from board_admin.ui.messages import ask
from board_admin.ui.table_model import text_column

# A draft is written this long after the last keystroke: at most this much typing is lost in a crash.
DRAFT_DELAY_MS = 2000

AGENDA_COLUMNS = (
    text_column("No.", lambda item: str(item.position), sort=lambda item: item.position),
    text_column("Item", lambda item: item.title, stretch=True, tooltip=lambda item: item.title),
    text_column("Presenter", lambda item: item.presenter),
    text_column("Paper", lambda item: item.paper_reference),
    text_column("Minuted", lambda item: "Yes" if item.minutes or item.decisions else "Not yet"),
)


def fields_of(item: AgendaRow) -> service.AgendaItemFields:
    return service.AgendaItemFields(
        item.title, item.presenter or "", item.paper_reference or "", item.minutes or "", item.decisions or ""
    )


def _same(a: service.AgendaItemFields, b: service.AgendaItemFields) -> bool:
    """Equal as the service stores them (surrounding spaces and blank text do not count as a change)."""

    def norm(fields: service.AgendaItemFields) -> tuple:
        return tuple((value or "").strip() for value in vars(fields).values())

    return norm(a) == norm(b)


class AgendaPanel(MeetingPanel):
    covered_by_minutes = True

    def __init__(self, window, drafts: MinutesDrafts) -> None:
        super().__init__(window)
        self.drafts = drafts
        self.shown: AgendaRow | None = None  # the item the editor holds
        self._loading = False
        # The item and what it said before the last save, for "Undo the save".
        self.last_save: tuple[int, int, service.AgendaItemFields] | None = None
        self.draft_timer = QTimer(self)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(DRAFT_DELAY_MS)
        self.draft_timer.timeout.connect(self.keep_draft)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lock_line)
        self.recovery = self._recovery_bar()
        layout.addWidget(self.recovery)
        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.model, self.proxy, self.table = make_list(self, "Agenda", AGENDA_COLUMNS)
        self.table.setSortingEnabled(False)  # the agenda's own order is the point
        # The presenter and the paper are in the editor beside the list: the list gives its width to the titles.
        for column in (2, 3):
            self.table.setColumnHidden(column, True)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        # Six items in view even on a small screen at 150%: the tab scrolls (meeting_parts.PanelTabs) rather
        # than squeeze the agenda to a line or two.
        self.table.setMinimumHeight(self.fontMetrics().height() * 8)
        left_layout.addWidget(self.table, 2)
        self.add_item_button = button("&New item", "Add an item at the end of the agenda", self.add_item)
        self.standard_button = button(
            "Standard agenda",
            "Add the standard items (welcome and apologies, minutes "
            "of the last meeting, matters arising, AOB, next meeting)",
            self.standard_agenda,
        )
        self.up_button = button("Move &up", "Move the item up (Ctrl+Up)", lambda: self.move_item(-1))
        self.down_button = button("Move do&wn", "Move the item down (Ctrl+Down)", lambda: self.move_item(1))
        self.delete_item_button = button("Delete item", "Remove the item from the agenda", self.delete_item)
        left_layout.addLayout(button_row(self.add_item_button, self.standard_button))
        left_layout.addLayout(button_row(self.up_button, self.down_button, self.delete_item_button))
        self.papers = PapersBox(self)
        left_layout.addWidget(self.papers)
        QShortcut(QKeySequence("Ctrl+Up"), self.table, lambda: self.move_item(-1))
        QShortcut(QKeySequence("Ctrl+Down"), self.table, lambda: self.move_item(1))
        splitter.addWidget(left)
        splitter.addWidget(self._editor())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        # Room for the items' titles; the editor takes the rest.
        left.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)
        splitter.setChildrenCollapsible(False)
        # Half each to start with (the user can move the divider): long titles are read in the list.
        splitter.setSizes([1000, 1000])
        layout.addWidget(splitter, 1)
        self.edit_widgets = [
            self.add_item_button,
            self.standard_button,
            self.up_button,
            self.down_button,
            self.delete_item_button,
            self.save_item_button,
        ]

    def _editor(self) -> QGroupBox:
        editor = QGroupBox("The item")
        form = QFormLayout(editor)
        self.item_title = QLineEdit()
        self.item_presenter = QLineEdit()
        self.item_paper = QLineEdit()
        self.item_minutes = QPlainTextEdit()
        self.item_decisions = QPlainTextEdit()
        for widget, label in (
            (self.item_title, "&Title:"),
            (self.item_presenter, "P&resenter:"),
            (self.item_paper, "Pape&r reference:"),
            (self.item_minutes, "&Minutes:"),
            (self.item_decisions, "Decisi&ons:"),
        ):
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
            form.addRow(label, widget)
        for line in (self.item_title, self.item_presenter, self.item_paper):
            line.textChanged.connect(self._typed)
        for text in (self.item_minutes, self.item_decisions):
            text.setTabChangesFocus(True)
            text.textChanged.connect(self._typed)
        self.item_decisions.setMinimumHeight(self.fontMetrics().height() * 3)
        self.item_decisions.setMaximumHeight(self.fontMetrics().height() * 6)
        self.item_minutes.setMinimumHeight(self.fontMetrics().height() * 4)
        self.item_error = error_label("Problem with the item")
        form.addRow("", self.item_error)
        self.save_item_button = button(
            "&Save item",
            "Save the item now (Ctrl+S); it is also saved when you move to another item, tab or window",
            self.save_item,
        )
        QShortcut(QKeySequence.StandardKey.Save, editor, self.save_item)
        self.saved_note = QLabel()
        self.saved_note.setAccessibleName("Last save")
        # Wraps rather than widening the window past the screen.
        self.saved_note.setWordWrap(True)
        self.undo_button = button("&Undo the save", "Put back what the item said before it was saved", self.undo_save)
        self.undo_button.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.save_item_button)
        row.addWidget(self.saved_note, 1)
        row.addWidget(self.undo_button)
        form.addRow("", wrap(row))
        return editor

    def _recovery_bar(self) -> QWidget:
        bar = QFrame()
        bar.setObjectName("recovery")
        bar.setStyleSheet("QFrame#recovery { background: #fff4d6; border: 1px solid #b58105; }")
        layout = QHBoxLayout(bar)
        self.recovery_text = QLabel()
        self.recovery_text.setWordWrap(True)
        self.recovery_text.setAccessibleName("Unsaved minutes from an earlier session")
        layout.addWidget(self.recovery_text, 1)
        self.restore_button = button(
            "&Restore them", "Save the kept text into those items (Undo the save puts back the last)", self.restore
        )
        self.discard_drafts_button = button("Discard them", "Forget the kept text", self.discard_drafts)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.discard_drafts_button)
        bar.setVisible(False)
        return bar

    # --- reading -----------------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        current = self.current_item()
        select_id = select_id if select_id is not None else (current.id if current else None)
        rows = reports.agenda(self.database, self.meeting_id)
        self._loading = True
        try:
            self.model.set_rows(rows)
            position = next((i for i, item in enumerate(rows) if item.id == select_id), 0 if rows else None)
            if position is not None:
                self.table.selectionModel().setCurrentIndex(
                    self.proxy.index(position, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
        finally:
            self._loading = False
        fit_to_text(self.table)
        self._show_item()

    def current_item(self) -> AgendaRow | None:
        return self.proxy.row_at(self.table.currentIndex())

    def editor_fields(self) -> service.AgendaItemFields:
        return service.AgendaItemFields(
            self.item_title.text(),
            self.item_presenter.text(),
            self.item_paper.text(),
            self.item_minutes.toPlainText(),
            self.item_decisions.toPlainText(),
        )

    def is_dirty(self) -> bool:
        return self.shown is not None and self.can_edit and not _same(self.editor_fields(), fields_of(self.shown))

    def _show_item(self) -> None:
        """Puts the current item into the editor, unless the editor holds unsaved text of that same item."""
        item = self.current_item()
        if item is not None and self.shown is not None and item.id == self.shown.id and self.is_dirty():
            self.shown = item  # the newer version, keeping what is typed
            return
        self.shown = item
        self.item_error.setVisible(False)
        self._loading = True
        try:
            for widget in (
                self.item_title,
                self.item_presenter,
                self.item_paper,
                self.item_minutes,
                self.item_decisions,
            ):
                # Approved minutes are read, and copied from, but not changed: read-only rather than greyed out.
                widget.setEnabled(item is not None and self.window_.can_edit)
                widget.setReadOnly(not self.can_edit)
            fields = fields_of(item) if item else service.AgendaItemFields("")
            for line, text in (
                (self.item_title, fields.title),
                (self.item_presenter, fields.presenter),
                (self.item_paper, fields.paper_reference),
            ):
                line.setText(text)
                # A title longer than the box shows its beginning (it showed "ocal Authority Designated…"); the
                # list beside it shows it whole.
                line.setCursorPosition(0)
            self.item_minutes.setPlainText(fields.minutes)
            self.item_decisions.setPlainText(fields.decisions)
        finally:
            self._loading = False
        self.papers.show_item(item.id if item else None, item.position if item else None)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._loading:
            return
        target = self.proxy.row_at(current)
        if self.is_dirty():
            if not self.save_shown():
                # Back to the item that could not be saved, its text as typed and the reason beside it; once the
                # click that moved away has been handled, so that it does not select the other row again.
                shown_id = self.shown.id
                self._select(shown_id)
                QTimer.singleShot(0, self, lambda: self._select(shown_id))
                return
            # Read again after this signal has been handled: the agenda is not reset under the pointer.
            QTimer.singleShot(0, self, lambda: self.reload(target.id if target else None))
        self._show_item()

    def _select(self, item_id: int) -> None:
        rows = self.model.rows()
        position = next((i for i, item in enumerate(rows) if item.id == item_id), None)
        if position is None:
            return
        self._loading = True
        try:
            self.table.selectionModel().setCurrentIndex(
                self.proxy.index(position, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        finally:
            self._loading = False

    # --- saving ------------------------------------------------------------------------------------

    def save_shown(self) -> bool:
        """Saves the editor into its item if it was changed; False (the reason shown) if it was refused."""
        if not self.is_dirty():
            return True
        item, fields = self.shown, self.editor_fields()
        if not self.attempt(
            lambda: service.update_agenda_item(self.database, item.id, fields, item.version), self.item_error
        ):
            return False
        self.draft_timer.stop()
        self.drafts.forget(item.id)
        self.last_save = (item.id, item.position, fields_of(item))
        self.saved_note.setText(f"Item {item.position} saved at {dt.datetime.now():%H:%M}.")
        self.undo_button.setVisible(True)
        # The editor now matches what is stored: no longer "changed".
        self.shown = self._stored(item.id) or item
        return True

    def _stored(self, item_id: int) -> AgendaRow | None:
        return next((row for row in reports.agenda(self.database, self.meeting_id) if row.id == item_id), None)

    def leave(self) -> bool:
        return self.save_shown()

    def save_item(self) -> None:
        if self.shown is None or not self.can_edit:
            return
        if self.save_shown():
            self.reload(self.shown.id)

    def undo_save(self) -> None:
        if self.last_save is None:
            return
        item_id, position, before = self.last_save
        self._select(item_id)
        # Leaving an unsaved item for the undone one saves it first, as any move does.
        if self.shown is not None and self.shown.id != item_id and not self.save_shown():
            return
        self.last_save = None
        rows = {item.id: item for item in reports.agenda(self.database, self.meeting_id)}
        if item_id not in rows:
            return
        if self.attempt(
            lambda: service.update_agenda_item(self.database, item_id, before, rows[item_id].version), self.item_error
        ):
            self.drafts.forget(item_id)
            self.saved_note.setText(f"Item {position} is back as it was before the save.")
            self.undo_button.setVisible(False)
            self.shown = None
            self.reload(item_id)

    def _typed(self) -> None:
        if not self._loading:
            self.draft_timer.start()

    def keep_draft(self) -> None:
        """Writes what the editor holds to the draft file (or removes the item's draft when nothing changed)."""
        item = self.shown
        if item is None:
            return
        if not self.is_dirty():
            self.drafts.forget(item.id)
            return
        fields = self.editor_fields()
        self.drafts.keep(
            ItemDraft(
                item.id,
                item.position,
                fields.title,
                fields.presenter,
                fields.paper_reference,
                fields.minutes,
                fields.decisions,
            )
        )

    # --- drafts left by an earlier session -----------------------------------------------------------

    def offer_drafts(self) -> bool:
        """Shows the drafts an earlier session left (a crash or a power cut), with Restore and Discard; True
        when there are some."""
        items = {item.id: item for item in self.model.rows()}
        kept = self.drafts.read()
        waiting = {
            item_id: draft
            for item_id, draft in kept.items()
            if item_id in items and not _same(_draft_fields(draft), fields_of(items[item_id]))
        }
        for item_id in set(kept) - set(waiting):
            self.drafts.forget(item_id)  # saved after all, or its item deleted
        self.waiting = waiting
        if not waiting:
            self.recovery.setVisible(False)
            return False
        names = "; ".join(
            f"item {items[item_id].position}, '{items[item_id].title}' ({_when(draft.written_at)})"
            for item_id, draft in sorted(waiting.items(), key=lambda pair: items[pair[0]].position)
        )
        self.recovery_text.setText(
            "Unsaved minutes from an earlier session: Board Admin closed before they were saved. The text was "
            "kept for " + names + "."
        )
        self.restore_button.setEnabled(self.can_edit)
        self.recovery.setVisible(True)
        return True

    def restore(self) -> None:
        rows = {item.id: item for item in reports.agenda(self.database, self.meeting_id)}
        restored = None
        for item_id, draft in sorted(self.waiting.items(), key=lambda pair: pair[1].position):
            item = rows.get(item_id)
            if item is None:
                continue
            if not self.attempt(
                lambda item=item, draft=draft: service.update_agenda_item(
                    self.database, item.id, _draft_fields(draft), item.version
                ),
                self.item_error,
            ):
                return
            self.drafts.forget(item_id)
            self.last_save = (item.id, item.position, fields_of(item))
            restored = restored or item.id
        self.recovery.setVisible(False)
        self.undo_button.setVisible(self.last_save is not None)
        self.saved_note.setText("The kept minutes are saved into their items.")
        self.shown = None
        self.reload(restored)

    def discard_drafts(self) -> None:
        self.drafts.forget_all()
        self.recovery.setVisible(False)

    # --- changing the agenda -----------------------------------------------------------------------

    def add_item(self) -> None:
        if not self.save_shown():
            return
        new_id: list[int] = []
        if self.attempt(
            lambda: new_id.append(
                service.add_agenda_item(self.database, self.meeting_id, service.AgendaItemFields("New item"))
            ),
            self.item_error,
        ):
            self.reload(new_id[0])
            self.item_title.setFocus()
            self.item_title.selectAll()

    def standard_agenda(self) -> None:
        if self.save_shown() and self.attempt(
            lambda: service.add_standard_agenda(self.database, self.meeting_id), self.item_error
        ):
            self.reload()

    def move_item(self, step: int) -> None:
        if self.shown is None or not self.can_edit or not self.save_shown():
            return
        item = self._stored(self.shown.id)
        if item is not None and self.attempt(
            lambda: service.move_agenda_item(self.database, item.id, item.position + step)
        ):
            self.reload(item.id)

    def delete_item(self) -> None:
        item = self.current_item()
        if item is None:
            return

        def delete() -> None:
            if self.attempt(lambda: service.delete_agenda_item(self.database, item.id)):
                self.drafts.forget(item.id)
                self.shown = None
                self.reload()

        ask(self, "Delete item", f"Delete item {item.position}, '{item.title}', and its minutes?", "Delete", delete)

    def discard_changes(self) -> None:
        """Throws away what is typed and not saved (the user chose Discard)."""
        if self.shown is not None:
            self.drafts.forget(self.shown.id)
        self.draft_timer.stop()
        self.shown = None
        self._show_item()


def _draft_fields(draft: ItemDraft) -> service.AgendaItemFields:
    return service.AgendaItemFields(draft.title, draft.presenter, draft.paper_reference, draft.minutes, draft.decisions)


def _when(written_at: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(written_at)
    except ValueError:
        return "typed earlier"
    return f"typed at {moment:%H:%M} on {format_date(moment.date())}"
