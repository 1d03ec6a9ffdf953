"""Planning the meetings' governance records: the minutes' approval (and the edits it locks), decisions,
declarations of interest, amendments after approval and apologies in advance.

A part of `planning.Planner` (which it is mixed into), kept apart so that each file stays readable; it uses the
planner's own merging, references and problems.
"""

from __future__ import annotations

from collections import Counter

from board_admin.domain import minutes as minutes_rules
from board_admin.domain import workbook_format as wf
from board_admin.domain.dates import format_date
from board_admin.domain.enums import MeetingStatus
from board_admin.domain.financial_year import FinancialYear
from board_admin.services.workbook_import.entries import Entry, Key


class GovernancePlanning:
    """The governance sheets' part of the planner."""

    def _plan_approval(self, entry: Entry, meetings: dict[Key, Entry]) -> None:
        """The minutes' circulation and approval, by the rules of domain/minutes.py. An approval date on which
        the group held a meeting means that meeting, as the migration that named approving meetings read it."""
        row, values = entry.row, entry.values
        group = wf.name_key(values["group"])
        dated = values["minutes_approved_on"]
        if dated is not None and values["minutes_approved_at"] is None:
            held_then = meetings.get((group, dated))
            if held_then is not None and held_then.values["status"] is MeetingStatus.HELD and dated != values["date"]:
                values["minutes_approved_at"], values["minutes_approved_on"] = dated, None
                # As if the row had said so, so that the change is seen and written.
                row.values["minutes_approved_at"], row.values["minutes_approved_on"] = dated, None
        approving_date = values["minutes_approved_at"]
        if approving_date is not None and values["minutes_approved_on"] is not None:
            self.problem(
                row,
                "minutes_approved_on",
                "Give the meeting that approved the minutes in 'Minutes approved at' or a date in 'Minutes approved "
                "on', not both.",
            )
            return
        if approving_date is not None:
            approving = meetings.get((group, approving_date))
            if approving is None:
                self.problem(
                    row,
                    "minutes_approved_at",
                    f"'{values['group']}' has no meeting on {format_date(approving_date)} "
                    "in the workbook or the database.",
                )
                return
            problem = minutes_rules.approval_problem(
                values["date"],
                values["status"] is MeetingStatus.HELD,
                approving_date,
                approving.values["status"] in (MeetingStatus.PLANNED, MeetingStatus.HELD),
                values["minutes_circulated_on"],
            )
            if problem:
                self.problem(row, "minutes_approved_at", problem)
        elif values["minutes_approved_on"] is not None and values["minutes_approved_on"] < values["date"]:
            self.problem(
                row,
                "minutes_approved_on",
                f"The minutes cannot be approved on {format_date(values['minutes_approved_on'])}, "
                "before the meeting itself.",
            )
        circulated = values["minutes_circulated_on"]
        if circulated is not None:
            approval = minutes_rules.MinutesApproval(None, approving_date, values["minutes_approved_on"])
            problem = minutes_rules.circulation_problem(values["date"], circulated, approval.approval_date)
            if problem:
                self.problem(row, "minutes_circulated_on", problem)

    def _approval_of(self, meeting: dict[str, object]) -> minutes_rules.MinutesApproval:
        return minutes_rules.MinutesApproval(
            meeting["minutes_circulated_on"], meeting["minutes_approved_at"], meeting["minutes_approved_on"]
        )

    def refuse_edits_of_approved_minutes(self) -> None:
        """A row that adds to or changes what approved minutes cover is refused with the sentence every other
        path gives (domain/minutes.py); approved in the database is what counts, as on screen."""
        meetings = self.entries[wf.MEETINGS.name]
        for sheet, date_key in (
            (wf.MEETINGS, "date"),
            (wf.AGENDA_ITEMS, "meeting_date"),
            (wf.DECISIONS, "meeting_date"),
            (wf.DECLARATIONS, "meeting_date"),
            (wf.ATTENDANCE, "meeting_date"),
            (wf.ADVANCE_APOLOGIES, "meeting_date"),
        ):
            for entry in self.from_workbook(sheet):
                if not entry.is_new and not entry.changes:
                    continue
                meeting = meetings.get((wf.name_key(entry.values["group"]), entry.values[date_key]))
                if meeting is None or meeting.stored is None:
                    continue
                try:
                    minutes_rules.refuse_if_approved(
                        meeting.stored.values["group"],
                        meeting.stored.values["date"],
                        self._approval_of(meeting.stored.values),
                    )
                except minutes_rules.MinutesLockedError as error:
                    changed = sorted(entry.changes, key=[column.key for column in sheet.columns].index)
                    self.problem(entry.row, changed[0] if changed else sheet.key[-1], error.message)

    def plan_decisions(self) -> None:
        """A decision is known by its group, the financial year of its meeting and its number (its reference);
        it must sit under an agenda item of that meeting."""
        sheet = wf.DECISIONS

        def key_of(values: dict[str, object]) -> Key:
            year = FinancialYear.containing(values["meeting_date"]).start_year
            return (wf.name_key(values["group"]), year, values["number"])

        self.merge(sheet, key_of, ("group", "meeting_date", "number"))
        items = self.entries[wf.AGENDA_ITEMS.name]
        for entry in self.from_workbook(sheet, checked=False):
            row = entry.row
            meeting = self.refer_meeting(row, "group", "meeting_date")
            if meeting is not None:
                self.require_agenda_item(row, items)

    def require_agenda_item(self, row, items) -> None:
        """A decision or declaration names its agenda item by position; the item must be in the workbook or the
        database."""
        position = row.values.get("item")
        if position is None:
            return
        if (wf.name_key(row.values["group"]), row.values["meeting_date"], position) not in items:
            self.problem(
                row,
                "item",
                f"The meeting of {format_date(row.values['meeting_date'])} has no agenda item {position} "
                "in the workbook or the database.",
            )

    def plan_declarations(self) -> None:
        sheet = wf.DECLARATIONS

        def key_of(values: dict[str, object]) -> Key:
            return (
                wf.name_key(values["group"]),
                values["meeting_date"],
                wf.name_key(values["person"]),
                wf.name_key(values["interest"]),
            )

        self.merge(sheet, key_of, ("group", "meeting_date", "person", "interest"))
        items = self.entries[wf.AGENDA_ITEMS.name]
        for entry in self.from_workbook(sheet, checked=False):
            row = entry.row
            meeting = self.refer_meeting(row, "group", "meeting_date")
            self.refer(row, "person", self.entries[wf.PEOPLE.name], "person")
            if meeting is not None:
                self.require_agenda_item(row, items)

    def plan_amendments(self) -> None:
        """Amendments are added to, never rewritten (like a challenge's history): a row with every value of a
        recorded amendment is that amendment; any other row is a new one, for minutes that are approved."""
        sheet = wf.MINUTES_AMENDMENTS

        def identity(values: dict[str, object]) -> Key:
            return (
                wf.name_key(values["group"]),
                values["meeting_date"],
                values["recorded_at"],
                values["recorded_by"],
                values["change"],
                values["reason"],
            )

        in_database = Counter(identity(stored.values) for stored in self.stored.rows[sheet.name])
        self.amendments_new: list[Entry] = []
        self.amendments_matched = 0
        for row in self.rows(sheet):
            values = {column.key: column.default for column in sheet.columns} | row.values
            meeting = self.refer_meeting(row, "group", "meeting_date")
            if meeting is None or row.broken:
                continue
            if in_database[identity(values)] > 0:
                in_database[identity(values)] -= 1
                self.amendments_matched += 1
                continue
            problem = minutes_rules.amendment_problem(
                self._approval_of(meeting.values).approved, values["change"], values["reason"]
            )
            if problem:
                self.problem(row, problem[0], problem[1])
                continue
            self.amendments_new.append(Entry(values, row=row))
        self.entries[sheet.name] = {}

    def plan_advance_apologies(self) -> None:
        sheet = wf.ADVANCE_APOLOGIES

        def key_of(values: dict[str, object]) -> Key:
            return (wf.name_key(values["group"]), values["meeting_date"], wf.name_key(values["person"]))

        self.merge(sheet, key_of, ("group", "meeting_date", "person"))
        for entry in self.from_workbook(sheet, checked=False):
            self.refer(entry.row, "person", self.entries[wf.PEOPLE.name], "person")
            meeting = self.refer_meeting(entry.row, "group", "meeting_date")
            if meeting is None or entry.row.broken:
                continue
            problem = minutes_rules.advance_apology_problem(
                entry.values["meeting_date"],
                entry.values["received_on"],
                meeting.values["status"] in (MeetingStatus.PLANNED, MeetingStatus.HELD),
            )
            if problem:
                self.problem(entry.row, "received_on", problem)
