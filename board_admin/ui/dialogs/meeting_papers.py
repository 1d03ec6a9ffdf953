"""The papers of the agenda item chosen in the meeting window: attach, replace (a new version), open, see the
versions, remove. The rules (kinds of file, size, late papers) are domain/papers.py's; the changes go through
services/papers.py, the lists come from reports/papers.py.

Opening a paper writes the chosen version to a temporary folder and hands it to the program the computer
opens that kind of file with (QDesktopServices), as Word or a PDF reader would open an e-mail attachment.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QGroupBox, QLabel, QMessageBox, QVBoxLayout

from board_admin.domain.dates import format_date
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.papers import PAPER_FILTER, PAPER_SIZE_LIMIT_TEXT, PAPERS_DUE_DAYS, size_problem
from board_admin.handover_files import new_paper_folder
from board_admin.reports import papers as reports
from board_admin.reports.papers import PaperRow, PaperVersionRow
from board_admin.services import papers as service
from board_admin.ui.dialogs.meeting_parts import button, button_row, error_label, fit_to_text, make_list
from board_admin.ui.messages import ask, show_message
from board_admin.ui.table_model import text_column

LATE = "Late paper"

PAPER_COLUMNS = (
    text_column("Paper", lambda row: row.file_name, stretch=True, tooltip=lambda row: row.described),
    text_column("Version", lambda row: str(row.number), sort=lambda row: row.number),
    text_column("Received", lambda row: format_date(row.received_at.date()), sort=lambda row: row.received_at),
    # Said in words, never by colour alone.
    text_column("Late?", lambda row: LATE if row.late else "On time"),
)
VERSION_COLUMNS = (
    text_column("Version", lambda row: str(row.number), sort=lambda row: row.number),
    text_column("File", lambda row: row.file_name, stretch=True),
    text_column("Received", lambda row: f"{format_date(row.received_at.date())} {row.received_at:%H:%M}"),
    text_column("By", lambda row: row.received_by),
    text_column("Late?", lambda row: LATE if row.late else "On time"),
)


def open_paper_file(file_name: str, content: bytes) -> Path:
    """Writes the file to a folder of its own in the temporary folder (its own name kept, so the program that
    opens it shows that name) and opens it; returns where it was written."""
    folder = new_paper_folder()
    path = folder / file_name
    path.write_bytes(content)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path


class PapersBox(QGroupBox):
    """Beside the agenda: the chosen item's papers, and what can be done with them."""

    def __init__(self, panel) -> None:
        super().__init__("Papers of the item")
        self.panel = panel
        self.database = panel.database
        self.item_id: int | None = None
        self.item_position: int | None = None
        self.last_opened: Path | None = None
        layout = QVBoxLayout(self)
        # One line, so that the agenda above keeps its height on a small screen at 150%.
        self.note = QLabel(
            f"PDF, Word or Excel, up to {PAPER_SIZE_LIMIT_TEXT}; due {PAPERS_DUE_DAYS} days before the meeting."
        )
        self.note.setWordWrap(True)
        # Room for it wrapped to two lines beside a narrow agenda: the splitter it sits in does not ask a wrapped
        # label for its height, and the list below was drawn over it.
        self.note.setMinimumHeight(self.note.fontMetrics().lineSpacing() * 2 + 4)
        self.note.setToolTip(
            f"Papers are due {PAPERS_DUE_DAYS} days before the meeting, when the agenda pack goes out; a paper or a "
            "new version received later is marked as a late paper."
        )
        layout.addWidget(self.note)
        self.model, self.proxy, self.table = make_list(self, "Papers of the item", PAPER_COLUMNS)
        self.table.setSortingEnabled(False)  # the order they go into the pack
        # A few rows: an item rarely has more than three papers, and the agenda above needs the height.
        self.table.setFixedHeight(self.fontMetrics().height() * 5)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.table.doubleClicked.connect(lambda *_: self.open_paper())
        layout.addWidget(self.table)
        self.attach_button = button("&Attach paper…", "Attach a PDF, Word or Excel file to this item", self.attach)
        self.replace_button = button(
            "Rep&lace…", "Keep a new file as the next version of the paper (the earlier ones stay)", self.replace
        )
        self.open_button = button(
            "Op&en paper", "Open the paper in the program your computer uses for it", self.open_paper
        )
        self.versions_button = button("&Versions…", "Every version of the paper, to open an earlier one", self.versions)
        self.remove_button = button("Remove paper", "Take the paper off the item, with its versions", self.remove)
        layout.addLayout(button_row(self.attach_button, self.replace_button, self.remove_button))
        layout.addLayout(button_row(self.open_button, self.versions_button))
        self.error = error_label("Problem with the paper")
        layout.addWidget(self.error)
        self._enable()

    # --- reading -----------------------------------------------------------------------------------

    def show_item(self, item_id: int | None, position: int | None = None, select_id: int | None = None) -> None:
        self.item_id, self.item_position = item_id, position
        rows = [] if item_id is None else self._rows(item_id)
        self.model.set_rows(rows)
        fit_to_text(self.table)  # the file's name gets the width
        self.setTitle(f"Papers of item {position}" if position is not None else "Papers of the item")
        chosen = next((i for i, row in enumerate(rows) if row.id == select_id), 0 if rows else None)
        if chosen is not None:
            self.table.selectRow(chosen)
        self.error.setVisible(False)
        self._enable()

    def _rows(self, item_id: int) -> list[PaperRow]:
        return [
            row for row in reports.meeting_papers(self.database, self.panel.meeting_id) if row.agenda_item_id == item_id
        ]

    def current(self) -> PaperRow | None:
        return self.proxy.row_at(self.table.currentIndex())

    def _enable(self) -> None:
        has_item, has_paper = self.item_id is not None, self.current() is not None
        self.attach_button.setEnabled(has_item and self.panel.window_.can_edit)
        for widget in (self.replace_button, self.remove_button):
            widget.setEnabled(has_paper and self.panel.window_.can_edit)
        for widget in (self.open_button, self.versions_button):
            widget.setEnabled(has_paper)

    # --- changing ----------------------------------------------------------------------------------

    def _choose_file(self, title: str) -> tuple[str, bytes] | None:
        folder = self.panel.window_.settings.value("files/last_folder") or str(Path.home())
        chosen, _filter = QFileDialog.getOpenFileName(self, title, str(folder), PAPER_FILTER)
        if not chosen:
            return None
        path = Path(chosen)
        self.panel.window_.settings.setValue("files/last_folder", str(path.parent))
        try:
            too_big = size_problem(path.name, path.stat().st_size)  # before reading a file that may be huge
            if too_big:
                raise BoardAdminError(too_big)
            return path.name, path.read_bytes()
        except OSError as error:
            self._refused(f"{path.name} could not be read ({error.strerror or error}).")
        except BoardAdminError as error:
            self._refused(error.message)
        return None

    def _refused(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)

    def attach(self) -> None:
        if self.item_id is None or not self.panel.window_.can_edit:
            return
        chosen = self._choose_file(f"Attach a paper to item {self.item_position}")
        if chosen is None:
            return
        new_id: list[int] = []
        item_id = self.item_id
        if self.panel.attempt(lambda: new_id.append(service.add_paper(self.database, item_id, *chosen)), self.error):
            self._changed(new_id[0])

    def replace(self) -> None:
        paper = self.current()
        if paper is None or not self.panel.window_.can_edit:
            return
        chosen = self._choose_file(f"Replace {paper.file_name} with a new version")
        if chosen is None:
            return
        if self.panel.attempt(
            lambda: service.replace_paper(self.database, paper.id, *chosen, paper.version), self.error
        ):
            self._changed(paper.id)

    def remove(self) -> None:
        paper = self.current()
        if paper is None:
            return

        def remove() -> None:
            if self.panel.attempt(lambda: service.remove_paper(self.database, paper.id), self.error):
                self._changed(None)

        versions = "its versions" if paper.number > 1 else "it"
        self.question = ask(
            self,
            "Remove paper",
            f"Remove {paper.file_name} from item {paper.item_position}? All of {versions} will be deleted.",
            "Remove",
            remove,
        )

    def _changed(self, select_id: int | None) -> None:
        self.show_item(self.item_id, self.item_position, select_id)
        self.panel.window_.changed.emit()

    # --- reading the files -------------------------------------------------------------------------

    def open_paper(self, number: int | None = None) -> None:
        paper = self.current()
        if paper is None:
            return
        try:
            name, content = reports.paper_content(self.database, paper.id, number)
            self.last_opened = open_paper_file(name, content)
        except (BoardAdminError, OSError) as error:
            show_message(self, QMessageBox.Icon.Warning, "Not opened", getattr(error, "message", None) or str(error))

    def versions(self) -> None:
        paper = self.current()
        if paper is None:
            return
        self.versions_dialog = VersionsDialog(self, paper, reports.paper_versions(self.database, paper.id))
        self.versions_dialog.open()


class VersionsDialog(QDialog):
    """Every file received for a paper, the newest first; any of them can be opened."""

    def __init__(self, box: PapersBox, paper: PaperRow, versions: list[PaperVersionRow]) -> None:
        super().__init__(box)
        self.box = box
        self.setWindowTitle(f"Versions of {paper.file_name}")
        layout = QVBoxLayout(self)
        heading = QLabel(f"Item {paper.item_position}, {paper.item_title}: the newest version is the one in the pack.")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.model, self.proxy, self.table = make_list(self, "Versions", VERSION_COLUMNS)
        self.model.set_rows(versions)
        fit_to_text(self.table)  # the file's name gets the width, wrapping
        self.table.selectRow(0)
        self.table.doubleClicked.connect(lambda *_: self.open_version())
        layout.addWidget(self.table)
        self.open_button = button("&Open this version", "Open the chosen version", self.open_version)
        close = button("Close", "Close the list of versions", self.accept)
        layout.addLayout(button_row(self.open_button, close))
        self.resize(self.fontMetrics().averageCharWidth() * 100, self.fontMetrics().height() * 16)

    def open_version(self) -> None:
        row = self.proxy.row_at(self.table.currentIndex())
        if row is not None:
            self.box.open_paper(row.number)
