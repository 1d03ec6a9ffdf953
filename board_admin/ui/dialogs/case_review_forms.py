"""The case reviews' forms: a review and its stages, a change of status, a recommendation, an action carrying one
out, and the list of learning themes. Each problem is shown beside the field it concerns."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QWidget

from board_admin.db.engine import Database
from board_admin.domain.case_reviews import CaseReviewStatus, ReviewDecision
from board_admin.domain.dates import format_date
from board_admin.reports.case_reviews import CaseReviewRow, learning_themes, review_kinds
from board_admin.reports.lists import agency_rows, group_rows, meeting_rows
from board_admin.services import case_reviews as service
from board_admin.services.meetings import ActionFields
from board_admin.ui.date_field import DateField
from board_admin.ui.dialogs.accounts import FormDialog
from board_admin.ui.dialogs.challenge_form import text_box
from board_admin.ui.dialogs.meeting_forms import choice_combo

# The stage dates after the notification, each typed dd/mm/yyyy or left empty: (field, label with its key).
STAGE_FIELDS = (
    ("rapid_review_held_on", "Rapid review &held:"),
    ("decided_on", "Decision &date:"),
    ("panel_informed_on", "National &Panel informed:"),
    ("reviewer_commissioned_on", "Reviewer co&mmissioned:"),
    ("signed_off_on", "Signed &off by the board:"),
    ("sent_to_panel_on", "Sent to Panel and &SoS:"),
    ("publication_planned_on", "Publication p&lanned:"),
    ("published_on", "P&ublished:"),
)


def _date_line(day: dt.date | None) -> DateField:
    return DateField(day, optional=True)


def _select(combo: QComboBox, data) -> None:
    if data is not None:
        combo.setCurrentIndex(max(0, combo.findData(data)))


class CaseReviewFormDialog(FormDialog):
    """New (row None) or edit. `review_id` holds the saved review's id afterwards."""

    def __init__(
        self, database: Database, today: dt.date, row: CaseReviewRow | None = None, parent: QWidget | None = None
    ) -> None:
        title = "Record a case review" if row is None else f"Edit {row.reference}"
        intro = (
            "The reference (kind-year-number, e.g. CSPR-2025-03) is given when the review is saved. Use an "
            "anonymised name only, never the person's own."
            if row is None
            else "Changing the kind (a rapid review whose criteria were met becoming a CSPR) gives a new reference."
        )
        super().__init__(title, intro, parent)
        self.database, self.row = database, row
        self.review_id: int | None = row.id if row else None
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        kinds = [(k.name, k.id) for k in review_kinds(database) if k.active or (row and k.id == row.kind_id)]
        self.kind = self.add_field("kind_id", "&Kind:", choice_combo(kinds, "Choose the kind…"))
        _select(self.kind, row.kind_id if row else None)
        self.name = self.add_field(
            "name",
            "Anonymised &name:",
            QLineEdit(row.name if row else ""),
            "The name the report uses, e.g. Oliver; never the person's real name",
        )
        self.notified = self.add_field(
            "notified_on", "No&tified on:", DateField(row.notified_on if row else today), "The date of notification"
        )
        agencies = [
            (a.name, a.id) for a in agency_rows(database) if a.active or (row and a.id == row.referring_agency_id)
        ]
        self.agency = self.add_field(
            "referring_agency_id", "Referred &by:", choice_combo(agencies, "(not recorded)"), "The referring agency"
        )
        self.agency.setEditable(True)
        self.agency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        _select(self.agency, row.referring_agency_id if row else None)
        groups = [(g.name, g.id) for g in group_rows(database, today)]
        self.group = self.add_field(
            "overseeing_group_id",
            "Overseen by &group:",
            choice_combo(groups, "(not recorded)"),
            "The group that oversees the review (the CSPR or SAR group); its meetings carry the actions",
        )
        _select(self.group, row.overseeing_group_id if row else None)
        self.stages: dict[str, DateField] = {}
        for field, label in STAGE_FIELDS[:2]:
            self.stages[field] = self.add_field(field, label, _date_line(getattr(row.stages, field) if row else None))
        self.decision = self.add_field(
            "decision",
            "Decision &outcome:",
            choice_combo([(d.label, d.value) for d in ReviewDecision], "(not decided)"),
            "Whether the case met the criteria for a review",
        )
        _select(self.decision, row.decision.value if row and row.decision else None)
        for field, label in STAGE_FIELDS[2:]:
            self.stages[field] = self.add_field(field, label, _date_line(getattr(row.stages, field) if row else None))
        self.reviewer = self.add_field("reviewer", "Re&viewer:", QLineEdit(row.reviewer or "" if row else ""))
        self.themes = QListWidget()
        self.themes.setAccessibleName("Learning themes")
        chosen = set(row.themes) if row else set()
        for theme in learning_themes(database):
            if theme.active or theme.name in chosen:
                item = QListWidgetItem(theme.name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if theme.name in chosen else Qt.CheckState.Unchecked)
                self.themes.addItem(item)
        self.themes.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        self.add_field("themes", "Learning t&hemes:", self.themes, "Tick the themes of the learning; Space ticks")
        self.summary = self.add_field(
            "summary", "Su&mmary:", text_box(row.summary if row else "", 3), "A short summary for the annual report"
        )
        # FormDialog scrolls the twenty fields on a small screen, with OK in view, and narrows long lists.

    def fields(self) -> service.CaseReviewFields:
        stages = {field: box.value(field) for field, box in self.stages.items()}
        decision = self.decision.currentData()
        themes = [
            self.themes.item(n).text()
            for n in range(self.themes.count())
            if self.themes.item(n).checkState() == Qt.CheckState.Checked
        ]
        return service.CaseReviewFields(
            kind_id=self.kind.currentData(),
            name=self.name.text(),
            notified_on=self.notified.value("notified_on"),
            overseeing_group_id=self.group.currentData(),
            referring_agency_id=self.agency.currentData(),
            decision=ReviewDecision(decision) if decision else None,
            reviewer=self.reviewer.text(),
            summary=self.summary.toPlainText(),
            themes=themes,
            **stages,
        )

    def save(self) -> None:
        if self.row is None:
            self.review_id = service.record_case_review(self.database, self.fields())
        else:
            service.update_case_review(self.database, self.row.id, self.fields(), self.row.version)


class ReviewStatusDialog(FormDialog):
    def __init__(self, database: Database, row: CaseReviewRow, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(
            f"Change the status of {row.reference}",
            f"Now '{row.status.label}'. The change is kept in the review's history with its date and note.",
            parent,
        )
        self.database, self.row = database, row
        choices = [(s.label, s.value) for s in CaseReviewStatus if s is not row.status]
        self.status = self.add_field("status", "New &status:", choice_combo(choices))
        self.on = self.add_field("changed_on", "&On:", DateField(today))
        self.note = self.add_field("note", "&Note:", QLineEdit(), "Why, or what was decided (optional)")

    def save(self) -> None:
        service.change_review_status(
            self.database,
            self.row.id,
            CaseReviewStatus(self.status.currentData()),
            self.on.value("changed_on"),
            self.note.text(),
            self.row.version,
        )


class RecommendationDialog(FormDialog):
    def __init__(self, database: Database, row: CaseReviewRow, parent: QWidget | None = None) -> None:
        super().__init__(f"Add a recommendation to {row.reference}", "It is numbered after the others.", parent)
        self.database, self.row = database, row
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self.text = self.add_field("text", "&Recommendation:", text_box("", 4))

    def save(self) -> None:
        service.add_recommendation(self.database, self.row.id, self.text.toPlainText())


class RecommendationActionDialog(FormDialog):
    """An action for a named agency, set at a meeting of the overseeing group (it comes back as a matter arising)."""

    def __init__(
        self,
        database: Database,
        row: CaseReviewRow,
        recommendations: list[tuple[int, int, str]],
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            f"Add an action to {row.reference}",
            "The action is kept with the meeting's actions, so it comes back as a matter arising at the overseeing "
            "group's next meetings until it is done or dropped.",
            parent,
        )
        self.database, self.row = database, row
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self.recommendation = self.add_field(
            "recommendation_id",
            "&Recommendation:",
            choice_combo([(f"{number}. {text[:60]}", rid) for rid, number, text in recommendations]),
        )
        # The choice shows the start of each recommendation; the chosen one is read whole beneath it.
        whole = {rid: f"{number}. {text}" for rid, number, text in recommendations}
        self.recommendation_text = QLabel()
        self.recommendation_text.setWordWrap(True)
        self.recommendation_text.setTextFormat(Qt.TextFormat.PlainText)
        self.recommendation_text.setAccessibleName("The chosen recommendation in full")
        self.form.addRow("", self.recommendation_text)

        def show_whole(_index: int = 0) -> None:
            self.recommendation_text.setText(whole.get(self.recommendation.currentData(), ""))
            self.recommendation.setToolTip(self.recommendation_text.text())

        self.recommendation.currentIndexChanged.connect(show_whole)
        show_whole()
        meetings = (
            meeting_rows(database, group_id=row.overseeing_group_id) if row.overseeing_group_id is not None else []
        )
        self.meeting = self.add_field(
            "meeting_id",
            "Agreed at &meeting:",
            choice_combo(
                [(f"{format_date(m.meeting_date)} ({m.status.label})", m.id) for m in meetings], "Choose the meeting…"
            ),
            "A meeting of the group overseeing the review",
        )
        self.description = self.add_field("description", "&Action:", text_box("", 3))
        agencies = [(a.name, a.id) for a in agency_rows(database) if a.active]
        self.agency = self.add_field("owner_agency_id", "For a&gency:", choice_combo(agencies, "(not named)"))
        self.due = self.add_field("due_date", "&Due:", _date_line(today + dt.timedelta(days=90)))

    def save(self) -> None:
        if self.recommendation.currentData() is None:
            from board_admin.domain.errors import ValidationError

            raise ValidationError("Add a recommendation first; an action carries one out.", "recommendation_id")
        fields = ActionFields(
            self.description.toPlainText(),
            owner_agency_id=self.agency.currentData(),
            due_date=self.due.value("due_date"),
        )
        service.add_recommendation_action(
            self.database, self.recommendation.currentData(), self.meeting.currentData(), fields
        )


class LearningThemeDialog(FormDialog):
    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        names = ", ".join(theme.name for theme in learning_themes(database) if theme.active) or "none yet"
        super().__init__("Add a learning theme", f"The themes kept now: {names}.", parent)
        self.database = database
        self.name = self.add_field("name", "&Theme:", QLineEdit(), "e.g. Professional curiosity")

    def save(self) -> None:
        service.add_learning_theme(self.database, self.name.text())
