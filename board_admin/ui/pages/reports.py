"""Reports: every document and spreadsheet Board Admin writes, each with the options it needs.

Select an export, set its options (a year, a period, groups, a meeting or a date), choose Export and a file
name (the last folder used is offered). The export runs off the UI thread with a progress window; Cancel
stops it and leaves no file behind: the exporter writes to a temporary file beside the target, and only a
finished, wanted export is renamed into place (the annual pack also stops at its next step). When it is done
Board Admin offers to open the file.

The list of exports and their writers is board_admin/exports.py, which the command line reads too, so the
file is the one `board-admin export` would write.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from board_admin.domain.dates import format_date
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Permission
from board_admin.exports import (
    EXPORTS,
    SENDING,
    Drawing,
    Export,
    ExportCancelledByUser,
    ExportRequest,
    Progress,
    pack_export,
    write_export,
)
from board_admin.ordinary_files import give_ordinary_permissions
from board_admin.reports import lists
from board_admin.reports.attendance import group_choices
from board_admin.reports.dashboard import report_years
from board_admin.reports.funding import financial_years
from board_admin.ui.attendance_charts import drawing_for
from board_admin.ui.date_field import DateField
from board_admin.ui.messages import describe_failure, show_message, show_written
from board_admin.ui.pages.base import Page
from board_admin.ui.table_model import RowTableModel, SearchFilterProxyModel, text_column
from board_admin.ui.widgets import (
    WIDEST_COLUMN_CHARACTERS,
    SearchField,
    fit_columns,
    labelled,
    make_table,
    scaled_font,
    toolbar_row,
    widest_choice_width,
)
from board_admin.ui.workers import BackgroundJob, JobCancelled

NAME = text_column("Export", lambda row: row.name)
FORMAT = text_column("Format", lambda row: row.file_format)
CONTENTS = text_column("What it holds", lambda row: row.contents, tooltip=lambda row: row.contents, stretch=True)
COLUMNS = (NAME, FORMAT, CONTENTS)


# --- running an export off the UI thread ---------------------------------------------------------


class ExportJob(QObject):
    """One export as a BackgroundJob (ui/workers.py), with a progress window and a Cancel button.

    The exporter writes to a temporary file in the target's folder; the file is renamed into place only when
    the export finished and was not cancelled, so a cancelled export never leaves a file (nor replaces one).
    `finished(path or None)` is emitted last, on the UI thread, with the path written.
    """

    finished = Signal(object)

    def __init__(self, parent: QWidget, database, request: ExportRequest) -> None:
        super().__init__(parent)
        self.request = request
        self.outcome: str | None = None  # "written", "cancelled" or "failed"
        self.error: BaseException | None = None
        self.summary = ""
        target = request.path
        handle, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent)
        os.close(handle)
        self.temporary = Path(name)
        give_ordinary_permissions(self.temporary)
        drawing = drawing_for(target.suffix) if request.choice.draws_charts else Drawing()

        def work() -> str:
            job = self.job  # the callbacks run on the worker thread: they only emit and read an event
            progress = Progress(job.report, job.is_cancelled)
            return write_export(database, replace(request, path=self.temporary), drawing, progress).summary

        self.job = BackgroundJob(
            parent,
            f"Writing {target.name}…",
            work,
            self._succeeded,
            self._failed,
            cancellable=True,
            expected=(ExportCancelledByUser,),
        )
        self.progress = self.job.progress

    @property
    def running(self) -> bool:
        return self.job.running

    def start(self) -> ExportJob:
        self.job.start()
        return self

    def cancel(self) -> None:
        self.job.cancel()

    def _succeeded(self, summary: str) -> None:
        try:
            os.replace(self.temporary, self.request.path)
        except OSError as error:
            self.temporary.unlink(missing_ok=True)
            self.error = BoardAdminError(
                f"{self.request.path.name} could not be replaced; if it is open in Word or Excel, close it and "
                "export again."
            )
            self.error.__cause__ = error
            self._finish("failed")
            return
        self.summary = summary
        self._finish("written")

    def _failed(self, error: BaseException) -> None:
        self.temporary.unlink(missing_ok=True)
        if isinstance(error, JobCancelled | ExportCancelledByUser):
            self._finish("cancelled")
            return
        self.error = error
        self._finish("failed")

    def _finish(self, outcome: str) -> None:
        self.outcome = outcome
        self.finished.emit(self.request.path if outcome == "written" else None)


# --- the page ------------------------------------------------------------------------------------


class ReportsPage(Page):
    key = "reports"
    title = "Reports"
    subtitle = (
        "Every document and spreadsheet Board Admin writes. Select one, set its options and choose Export; "
        "long exports show their progress and can be cancelled."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.jobs: list[ExportJob] = []
        self._wants_meeting = False
        self.last_written: Path | None = None
        self.model = RowTableModel(COLUMNS, self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.search = SearchField(self.proxy, "exports")
        self.table = make_table(self.proxy, "Exports")
        # One line a row: "What it holds" is cut short (whole in its tooltip and in the options beside the
        # list), where wrapping it in a narrow window stood it one word a line.
        self.table.doubleClicked.connect(lambda _index: self.export())
        self.table.activated.connect(lambda _index: self.export())
        self.layout_.addLayout(toolbar_row(self.search))

        # The list as tall as its rows, the options beside it; the page's foot stays free below.
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.table.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(self.table, 3, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self._options_box(), 2)
        self.layout_.addLayout(row)
        self.import_note = note = QLabel(
            "To bring records in from a spreadsheet, use File > Import workbook… with a workbook in the same "
            "format as the whole database workbook: every row is checked first, you are told what would be added "
            "or changed, and nothing is written unless the whole workbook is right."
        )
        note.setWordWrap(True)
        self.layout_.addSpacing(8)
        self.layout_.addWidget(note)
        self.layout_.addStretch(1)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

    # --- the options ---------------------------------------------------------------------------

    def _options_box(self) -> QGroupBox:
        self.options = QGroupBox("Options")
        outer = QVBoxLayout(self.options)
        self.choice_title = QLabel()
        self.choice_title.setFont(scaled_font(self.choice_title, 1.15, bold=True))
        self.choice_text = QLabel()
        self.choice_text.setWordWrap(True)
        outer.addWidget(self.choice_title)
        outer.addWidget(self.choice_text)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form = form

        self.year = QComboBox()
        self.year.setToolTip("The financial year, 1 April to 31 March")
        self.group = QComboBox()
        self.group.setToolTip("The group whose meetings to list")
        self.group.currentIndexChanged.connect(self._fill_meetings)
        self.group.currentTextChanged.connect(self._name_group)
        self.meeting = QComboBox()
        self.meeting.setToolTip("The meeting, newest first")
        self.groups_model = QStandardItemModel(self)
        self.groups = QListView()
        self.groups.setModel(self.groups_model)
        self.groups.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.groups.setToolTip("Tick the groups to include; none ticked means every group")
        self.groups.setAccessibleName("Groups to include")
        self.groups.setMinimumHeight(self.fontMetrics().height() * 8)
        # Long group names wrap in the narrow options box at 150%, rather than run off its right edge.
        self.groups.setWordWrap(True)
        self.groups.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.groups.setResizeMode(QListView.ResizeMode.Adjust)
        self.on_date = DateField()
        self.on_date.setToolTip("The day the membership is shown as it stood")
        self.start = DateField()
        self.end = DateField()
        self.sending = QComboBox()
        self.sending.setToolTip("What the e-mail sends (the document attached) to the members on the meeting's date")
        for key, text in SENDING.items():
            if key != "pack" or pack_export() is not None:
                self.sending.addItem(text[0].upper() + text[1:], key)
        self.sending.setCurrentIndex(self.sending.findData("agenda"))
        self.file_format = QComboBox()
        self.file_format.setToolTip("Word for reading and sending; Excel for working with the figures")

        self.rows: dict[str, tuple[QLabel, QWidget]] = {}
        for key, text, widget in (
            ("year", "Financial &year:", self.year),
            ("group", "&Group:", self.group),
            ("meeting", "&Meeting:", self.meeting),
            ("sending", "&Send:", self.sending),
            ("groups", "G&roups\n(none ticked: all):", self.groups),
            ("date", "As on &date:", self.on_date),
            ("start", "&From:", self.start),
            ("end", "&To:", self.end),
            ("format", "F&ormat:", self.file_format),
        ):
            label = labelled(text, widget)
            form.addRow(label, widget)
            self.rows[key] = (label, widget)
        outer.addLayout(form)
        self.permission_note = QLabel()
        self.permission_note.setWordWrap(True)
        outer.addWidget(self.permission_note)
        self.export_button = QPushButton("&Export…")
        self.export_button.setAccessibleName("Export the selected report")
        self.export_button.setToolTip("Choose where to save it, then write it")
        self.export_button.clicked.connect(self.export)
        self.open_button = QPushButton("O&pen last export")
        self.open_button.setToolTip("Open the file exported last with the program your computer uses for it")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self.last_written and open_file(self.last_written))
        outer.addLayout(toolbar_row(self.export_button, self.open_button))
        outer.addStretch(1)
        self.options.installEventFilter(self)
        return self.options

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.options:
            if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
                self._fit_rows()
            return False
        return super().eventFilter(watched, event)

    def _fit_rows(self) -> None:
        """Labels beside their fields while the box has room for the longest choice of each list; above them,
        each field the box's whole width, when it has not: at 1366x768 and 150% a group's name was cut to
        "Adults' Consultation and Developm" beside its label."""
        shown = [(label, widget) for label, widget in self.rows.values() if not widget.isHidden()]
        if not shown:
            return
        labels = max(label.sizeHint().width() for label, _widget in shown)
        spacing = max(self.form.horizontalSpacing(), 0)
        margins = self.options.layout().contentsMargins()
        room = self.options.contentsRect().width() - margins.left() - margins.right() - labels - spacing
        needed = max(
            (widest_choice_width(widget) for _label, widget in shown if isinstance(widget, QComboBox)), default=0
        )
        policy = QFormLayout.RowWrapPolicy.WrapAllRows if needed > room else QFormLayout.RowWrapPolicy.DontWrapRows
        if self.form.rowWrapPolicy() != policy:
            self.form.setRowWrapPolicy(policy)

    def search_field(self) -> SearchField:
        return self.search

    def reload(self) -> None:
        current = self.current_choice()
        # Only what the role may write is listed (finance: no case reviews; only administrators: the audit trail).
        self.exports = [choice for choice in EXPORTS if self.database.actor.can(choice.permission)]
        # Told only to those who may import (an administrator): the menu entry is greyed for the others.
        self.import_note.setVisible(self.database.actor.can(Permission.IMPORT_WORKBOOK))
        self.model.set_rows(self.exports)
        fit_columns(self.table)
        today = self.today()
        self._years = report_years(self.database, today)
        self._money_years = list(reversed(financial_years(self.database)))
        self._group_rows = group_choices(self.database)
        self.group.blockSignals(True)
        self.group.clear()
        for choice in self._group_rows:
            self.group.addItem(choice.name, choice.id)
        self.group.blockSignals(False)
        # The box never narrower than the longest group's name (the options go under their labels to make room,
        # _fit_rows), up to a limit beyond which the name is in the tooltip. Set on the box, not the list, so
        # that it keeps its width whichever export is chosen and the list beside it does not move.
        limit = self.group.fontMetrics().averageCharWidth() * WIDEST_COLUMN_CHARACTERS
        self.options.ensurePolished()
        margins = self.options.layout().contentsMargins()
        frame = self.options.width() - self.options.contentsRect().width()
        wanted = min(widest_choice_width(self.group), limit) + margins.left() + margins.right() + frame
        self.options.setMinimumWidth(wanted)
        self._name_group(self.group.currentText())
        self.groups_model.clear()
        for choice in self._group_rows:
            item = QStandardItem(choice.name)
            item.setCheckable(True)
            item.setToolTip(choice.name)  # whole, where the narrow list wraps or cuts it
            item.setData(choice.id, Qt.ItemDataRole.UserRole)
            self.groups_model.appendRow(item)
        self.on_date.setDate(today)
        self.start.setDate(today - dt.timedelta(days=30))
        self.end.setDate(today)
        position = next((row for row, choice in enumerate(self.exports) if current and choice.key == current.key), 0)
        if self.exports:
            self.select(self.exports[position].key)

    def select(self, key: str) -> None:
        """Selects the export by key (as a click on its row would)."""
        for row in range(self.proxy.rowCount()):
            if self.proxy.row_at(self.proxy.index(row, 0)).key == key:
                self.table.selectRow(row)
                self._show_options(self.proxy.row_at(self.proxy.index(row, 0)))
                return

    def current_choice(self) -> Export | None:
        return self.proxy.row_at(self.table.currentIndex()) if self.table.currentIndex().isValid() else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_options(self.proxy.row_at(current))

    def _show_options(self, choice: Export | None) -> None:
        if choice is None:
            self.options.setEnabled(False)
            return
        self.options.setEnabled(True)
        self.options.setTitle(f"Options: {choice.name}")
        self.choice_title.setText(choice.name)
        self.choice_text.setText(choice.contents)
        wanted = set(choice.options)
        shown = {
            "year": bool(wanted & {"year", "money_year", "any_year"}),
            "group": bool(wanted & {"group", "meeting"}),
            "meeting": "meeting" in wanted,
            "sending": "sending" in wanted,
            "groups": "groups" in wanted,
            "date": "date" in wanted,
            "start": "period" in wanted,
            "end": "period" in wanted,
            "format": len(choice.formats) > 1,
        }
        for key, (label, widget) in self.rows.items():
            label.setVisible(shown[key])
            widget.setVisible(shown[key])
        self.year.clear()
        if "any_year" in wanted:
            self.year.addItem("Every year", None)
        years = self._money_years if "money_year" in wanted else self._years
        for year in years:
            self.year.addItem(year.label, year.start_year)
        self._group_optional("group" in wanted)
        self.file_format.clear()
        for suffix, text in choice.formats:
            self.file_format.addItem(text.split(" (")[0] + f" ({suffix})", suffix)
        self.export_button.setEnabled(not ("money_year" in wanted and not years))
        if "money_year" in wanted and not years:
            self.permission_note.setText("No financial year has been recorded yet: there is nothing to export.")
        else:
            self.permission_note.setText("")
        self.permission_note.setVisible(bool(self.permission_note.text()))
        self._wants_meeting = "meeting" in wanted
        self._fill_meetings()
        self._fit_rows()

    def _group_optional(self, optional: bool) -> None:
        """The calendar may list every group's meetings; a meeting belongs to one group."""
        has_all = self.group.count() and self.group.itemData(0) is None
        if optional and not has_all:
            self.group.insertItem(0, "Every group", None)
            self.group.setCurrentIndex(0)
        elif not optional and has_all:
            self.group.removeItem(0)

    def _name_group(self, name: str) -> None:
        """The whole name in the tooltip: the narrow options box at 150% cuts a long group's name short."""
        tip = "The group whose meetings to list"
        self.group.setToolTip(f"{tip}: {name}" if name else tip)

    def _fill_meetings(self) -> None:
        self.meeting.clear()
        group_id = self.group.currentData()
        if group_id is None or not self._wants_meeting:
            return
        rows = lists.meeting_rows(self.database, group_id=group_id)  # newest first
        for row in rows:
            self.meeting.addItem(f"{format_date(row.meeting_date)} ({row.status.label.lower()})", row.id)
        # Offered first: for minutes the latest meeting up to today, for an agenda the next one.
        today = self.today()
        choice = self.current_choice()
        if choice is not None and choice.key == "agenda":
            coming = [position for position, row in enumerate(rows) if row.meeting_date >= today]
            position = coming[-1] if coming else 0
        else:
            position = next((position for position, row in enumerate(rows) if row.meeting_date <= today), 0)
        self.meeting.setCurrentIndex(position)

    # --- exporting -----------------------------------------------------------------------------

    def suggested_name(self, choice: Export, suffix: str) -> str:
        year = self.year.currentText() if self.year.isVisible() and self.year.currentData() is not None else ""
        parts = [choice.name.lower().replace(" ", "-")]
        if choice.key in ("minutes", "agenda") and self.meeting.currentData() is not None:
            parts.append(self.meeting.currentText().split(" ")[0].replace("/", "-"))
        elif year:
            parts.append(year)
        else:
            parts.append(f"{self.today():%Y-%m-%d}")
        return "-".join(parts) + suffix

    def request_for(self, choice: Export, path: Path) -> ExportRequest:
        """The options as chosen on the page, checked; a ValidationError-like sentence when one is missing."""
        wanted = set(choice.options)
        year = None
        if wanted & {"year", "money_year", "any_year"} and self.year.currentData() is not None:
            year = FinancialYear(self.year.currentData())
        if wanted & {"year", "money_year"} and year is None:
            raise BoardAdminError("Choose a financial year first.")
        if "meeting" in wanted and self.meeting.currentData() is None:
            raise BoardAdminError("Choose the group and the meeting first.")
        ticked = [
            self.groups_model.item(row)
            for row in range(self.groups_model.rowCount())
            if self.groups_model.item(row).checkState() == Qt.CheckState.Checked
        ]
        start = self.start.value() if "period" in wanted else None
        end = self.end.value() if "period" in wanted else None
        if "period" in wanted and end < start:
            raise BoardAdminError("The period ends before it starts: choose a 'To' date on or after the 'From' date.")
        ticked_ids = tuple(item.data(Qt.ItemDataRole.UserRole) for item in ticked) if "groups" in wanted else ()
        return ExportRequest(
            choice=choice,
            path=path,
            year=year,
            group_ids=ticked_ids or None,  # nothing ticked here is every group, as on the command line
            group_names=tuple(item.text() for item in ticked) if "groups" in wanted else (),
            group_name=self.group.currentText() if "group" in wanted and self.group.currentData() else None,
            meeting_id=self.meeting.currentData() if "meeting" in wanted else None,
            on_date=self.on_date.value() if "date" in wanted else None,
            start=start if "period" in wanted else None,
            end=end if "period" in wanted else None,
            sending=self.sending.currentData() if "sending" in wanted else None,
            today=self.today(),
        )

    def export(self) -> ExportJob | None:
        """Asks where to save the selected export, then writes it in the background."""
        choice = self.current_choice()
        if choice is None or not self.export_button.isEnabled():
            return None
        suffix = self.file_format.currentData() or choice.formats[0][0]
        file_filter = next(text for known, text in choice.formats if known == suffix)
        suggested = Path(self._last_folder()) / self.suggested_name(choice, suffix)
        chosen, _filter = QFileDialog.getSaveFileName(self, f"Export: {choice.name}", str(suggested), file_filter)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        self.remember_folder(path)
        try:
            request = self.request_for(choice, path)
            job = ExportJob(self, self.database, request)
        except BoardAdminError as error:
            show_message(self, QMessageBox.Icon.Warning, "Not exported", error.message)
            return None
        except OSError as error:  # the folder is gone, or may not be written in
            show_message(self, QMessageBox.Icon.Warning, "Not exported", describe_failure(error))
            return None
        self.jobs.append(job)
        job.finished.connect(lambda _path, job=job: self._done(job))
        return job.start()

    @property
    def busy(self) -> bool:
        return any(job.running for job in self.jobs)

    def _done(self, job: ExportJob) -> None:
        self.jobs.remove(job)
        path = job.request.path
        if job.outcome == "written":
            self.last_written = path
            self.open_button.setEnabled(True)
            show_written(self, "Export finished", written_text(path, job.summary), path)
        elif job.outcome == "cancelled":
            show_message(
                self,
                QMessageBox.Icon.Information,
                "Export cancelled",
                f"The export was cancelled; {path.name} was not written.",
            )
        else:
            show_message(self, QMessageBox.Icon.Warning, "Not exported", describe_failure(job.error))

    def _last_folder(self) -> str:
        window = self.window()
        if hasattr(window, "last_folder"):
            return window.last_folder()
        folder = self.settings.value("files/last_folder")
        return str(folder) if folder and Path(str(folder)).is_dir() else str(Path.home())


def written_text(path: Path, summary: str) -> str:
    """ "Wrote PATH (what)." and the summary's further lines, each a note (those an e-mail could not reach)."""
    first, *notes = summary.split("\n")
    return "\n".join([f"Wrote {path} ({first}).", *notes])


def open_file(path: Path) -> None:
    """Opens the file with the program the computer uses for its kind (Word, Excel, Outlook)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
