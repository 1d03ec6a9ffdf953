"""The meeting window's Declarations tab: the declarations of interest made at the meeting, about its business
or one agenda item, recorded in the form below the list."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from board_admin.domain.enums import InterestAction, InterestKind
from board_admin.reports import meetings as reports
from board_admin.reports.declarations import DeclarationRow, meeting_declarations
from board_admin.services import governance as service
from board_admin.ui.dialogs.meeting_parts import MeetingPanel, button, button_row, error_label, fit_to_text, make_list
from board_admin.ui.messages import ask
from board_admin.ui.table_model import text_column

DECLARATION_COLUMNS = (
    text_column("Person", lambda row: row.person_name),
    text_column("About", lambda row: row.about),
    text_column("Interest", lambda row: row.interest, stretch=True, tooltip=lambda row: row.interest),
    text_column("Kind", lambda row: row.kind.label),
    text_column("What they did", lambda row: row.action.label),
)


class DeclarationsPanel(MeetingPanel):
    covered_by_minutes = True

    def __init__(self, window) -> None:
        super().__init__(window)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lock_line)
        layout.addWidget(QLabel("Declarations of interest made at this meeting"))
        self.model, self.proxy, self.table = make_list(self, "Declarations of interest", DECLARATION_COLUMNS)
        layout.addWidget(self.table, 1)

        self.person = QComboBox()
        self.person.setAccessibleName("Who declared")
        self.about = QComboBox()
        self.about.setAccessibleName("Declared about")
        self.interest = QLineEdit()
        self.interest.setAccessibleName("The interest")
        self.interest.setPlaceholderText("e.g. director of a provider bidding for the contract")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of interest")
        for kind in InterestKind:
            self.kind.addItem(kind.label, kind.value)
        self.action = QComboBox()
        self.action.setAccessibleName("What they did")
        for action in InterestAction:
            self.action.addItem(action.label, action.value)
        form = QFormLayout()
        form.addRow("&Person:", self.person)
        form.addRow("A&bout:", self.about)
        form.addRow("&Interest:", self.interest)
        form.addRow("&Kind:", self.kind)
        form.addRow("What they di&d:", self.action)
        layout.addLayout(form)
        self.error = error_label("Why the declaration was not recorded")
        layout.addWidget(self.error)
        self.record_button = button("&Record declaration", "Add the declaration typed above", self.record)
        self.delete_button = button("Delete declaration", "Remove the selected declaration", self.delete)
        layout.addLayout(button_row(self.record_button, self.delete_button))
        self.edit_widgets = [
            self.person,
            self.about,
            self.interest,
            self.kind,
            self.action,
            self.record_button,
            self.delete_button,
        ]

    def reload(self) -> None:
        self.model.set_rows(meeting_declarations(self.database, self.meeting_id))
        fit_to_text(self.table, ("About",))
        chosen_person, chosen_item = self.person.currentData(), self.about.currentData()
        self.person.clear()
        for person in self.window_.people():
            self.person.addItem(person.name, person.id)
        self.person.setCurrentIndex(max(0, self.person.findData(chosen_person)))
        self.about.clear()
        self.about.addItem("The meeting's business", None)
        for item in reports.agenda(self.database, self.meeting_id):
            self.about.addItem(f"Item {item.position}: {item.title}", item.id)
        self.about.setCurrentIndex(max(0, self.about.findData(chosen_item)))

    def record(self) -> None:
        if self.person.currentData() is None:
            self.error.setText("Choose who declared the interest.")
            self.error.setVisible(True)
            return
        fields = service.DeclarationFields(
            self.person.currentData(),
            self.interest.text(),
            InterestKind(self.kind.currentData()),
            InterestAction(self.action.currentData()),
            self.about.currentData(),
        )
        if self.attempt(lambda: service.record_declaration(self.database, self.meeting_id, fields), self.error):
            self.interest.clear()
            self.reload()

    def delete(self) -> None:
        row: DeclarationRow | None = self.proxy.row_at(self.table.currentIndex())
        if row is None:
            return

        def delete() -> None:
            if self.attempt(lambda: service.delete_declaration(self.database, row.id)):
                self.reload()

        ask(self, "Delete declaration", f"Delete {row.person_name}'s declaration '{row.interest}'?", "Delete", delete)
