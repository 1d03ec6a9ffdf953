"""Stage two, planning: the workbook's rows merged into the database's records, every rule checked on the way.

The result is one `Entry` per record as it will be after the import; nothing is written here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from board_admin.domain import challenges as challenge_rules
from board_admin.domain import funding as money_rules
from board_admin.domain import meetings as meeting_rules
from board_admin.domain import structure as rules
from board_admin.domain import workbook_format as wf
from board_admin.domain.challenges import REFERENCE_PATTERN
from board_admin.domain.dates import format_date, format_time
from board_admin.domain.enums import AttendanceStatus, LabelledEnum, MeetingStatus
from board_admin.reports.workbook_rows import StoredWorkbook
from board_admin.services.workbook_import.case_reviews import plan_case_reviews
from board_admin.services.workbook_import.entries import Entry, Key
from board_admin.services.workbook_import.governance import GovernancePlanning
from board_admin.services.workbook_import.reading import ParsedSheet, Row
from board_admin.services.workbook_import.results import Problem

# A reference the challenge log gives out (CH-2025-014), in any case: the counter of its year must pass it.
NUMBERED_REFERENCE = re.compile(REFERENCE_PATTERN.pattern, re.IGNORECASE)


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, dt.time):
        return format_time(value)
    if isinstance(value, LabelledEnum):
        return value.label
    return str(value)


class Planner(GovernancePlanning):
    """Merges the workbook into the database's records, checking every rule on the way."""

    def __init__(self, parsed: dict[str, ParsedSheet], stored: StoredWorkbook, problems: list[Problem]) -> None:
        self.parsed = parsed
        self.stored = stored
        self.problems = problems
        self.entries: dict[str, dict[Key, Entry]] = {}
        self.expenditure_new: list[Entry] = []
        self.expenditure_matched = 0
        self.history_new: list[Entry] = []
        self.history_matched = 0
        self.reference_numbers: dict[int, int] = {}  # year -> the highest number of the challenges added
        self.years: set[int] = set()
        self.membership_keys: dict[int, Key] = {}  # stored membership id -> its key

    # helpers

    def problem(self, row: Row, key: str, message: str) -> None:
        self.problems.append(Problem(row.part.title, row.number, row.part.header(key), message))

    def rows(self, sheet: wf.Sheet) -> list[Row]:
        part = self.parsed.get(sheet.name)
        return part.rows if part else []

    def refer(self, row: Row, key: str, entries: dict[Key, Entry], what: str) -> Entry | None:
        """The record a name in the row means; a problem if there is none in the workbook or the database."""
        value = row.values.get(key)
        if value is None:
            return None
        entry = entries.get(wf.name_key(value))
        if entry is None:
            self.problem(row, key, f"There is no {what} called '{value}' in the workbook or the database.")
        return entry

    def refer_meeting(self, row: Row, group_key: str, date_key: str) -> Entry | None:
        group = self.refer(row, group_key, self.entries[wf.GROUPS.name], "group")
        day = row.values.get(date_key)
        if group is None or day is None:
            return None
        meeting = self.entries[wf.MEETINGS.name].get((wf.name_key(group.values["name"]), day))
        if meeting is None:
            self.problem(
                row,
                date_key,
                f"'{group.values['name']}' has no meeting on {format_date(day)} in the workbook or the database.",
            )
        return meeting

    def merge(self, sheet: wf.Sheet, key_of: Callable[[dict[str, object]], Key], needs: tuple[str, ...]) -> None:
        """Entries for the stored records and the workbook's rows of a sheet, matched on their key."""
        entries: dict[Key, Entry] = {}
        for stored in self.stored.rows[sheet.name]:
            entries.setdefault(key_of(stored.values), Entry(dict(stored.values), stored, id=stored.id))
        first: dict[Key, Row] = {}
        for row in self.rows(sheet):
            if any(row.values.get(key) is None for key in needs):
                continue  # its key could not be read: already a problem
            key = key_of(row.values)
            if key in first:
                described = ", ".join(_shown(row.values.get(part)) for part in needs)
                self.problem(
                    row,
                    needs[-1],
                    f"Row {first[key].number} already has this {sheet.singular} ({described}); "
                    "each may appear only once.",
                )
                continue
            first[key] = row
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = Entry({column.key: column.default for column in sheet.columns})
            entry.row = row
            entry.values.update(row.values)
        self.entries[sheet.name] = entries

    def from_workbook(self, sheet: wf.Sheet, *, checked: bool = True) -> Iterable[Entry]:
        """The entries that come from a row of the workbook (only rows whose every cell was read, if checked)."""
        for entry in self.entries[sheet.name].values():
            if entry.row is not None and not (checked and entry.row.broken):
                yield entry

    # the sheets, in an order where every sheet's references are already known

    def plan(self) -> None:
        self.plan_agencies()
        self.plan_people()
        self.plan_groups()
        self.plan_memberships()
        self.plan_meetings()
        self.plan_agenda_items()
        self.plan_decisions()
        self.plan_declarations()
        self.plan_amendments()
        self.plan_attendance()
        self.plan_advance_apologies()
        self.plan_actions()
        self.plan_challenge_themes()
        self.plan_challenges()
        self.plan_challenge_history()
        self.plan_money()
        plan_case_reviews(self)  # issue 24: case_reviews.py of this package
        for sheet in wf.SHEETS:
            if sheet not in (wf.EXPENDITURE, wf.CHALLENGE_HISTORY, wf.CASE_REVIEW_HISTORY, wf.MINUTES_AMENDMENTS):
                self.find_changes(sheet)
        self.refuse_edits_of_approved_minutes()

    def plan_agencies(self) -> None:
        self.merge(wf.AGENCIES, lambda values: wf.name_key(values["name"]), ("name",))

    def plan_people(self) -> None:
        self.merge(wf.PEOPLE, lambda values: wf.name_key(values["name"]), ("name",))
        for entry in self.from_workbook(wf.PEOPLE, checked=False):
            self.refer(entry.row, "agency", self.entries[wf.AGENCIES.name], "agency")
            problem = rules.email_problem(entry.row.values.get("email"), entry.row.values.get("name"))
            if problem:
                self.problem(entry.row, "email", problem)

    def plan_groups(self) -> None:
        self.merge(wf.GROUPS, lambda values: wf.name_key(values["name"]), ("name",))
        groups = self.entries[wf.GROUPS.name]
        for entry in self.from_workbook(wf.GROUPS, checked=False):
            row = entry.row
            parent = self.refer(row, "reports_to", groups, "group")
            if parent is entry:
                self.problem(row, "reports_to", rules.loop_sentence([entry.values["name"]] * 2))
        for entry in groups.values():
            entry.link = wf.name_key(entry.values["reports_to"]) if entry.values["reports_to"] else None
        for entry in self.from_workbook(wf.GROUPS):
            row, values = entry.row, entry.values
            problem = rules.end_before_start(values["start_date"], values["end_date"])
            if problem:
                self.problem(row, "end_date", problem)
            own = wf.name_key(values["name"])
            if entry.link == own or entry.link not in groups:
                continue  # already reported: it names itself, or a group nobody knows
            loop = rules.reporting_loop(own, entry.link, lambda key: groups[key].link if key in groups else None)
            if loop:
                self.problem(row, "reports_to", rules.loop_sentence([groups[key].values["name"] for key in loop]))

    def plan_memberships(self) -> None:
        sheet = wf.MEMBERSHIPS

        def key_of(values: dict[str, object]) -> Key:
            return (wf.name_key(values["group"]), wf.name_key(values["person"]), values["start_date"])

        self.merge(sheet, key_of, ("group", "person", "start_date"))
        memberships = self.entries[sheet.name]
        people, groups, agencies = (self.entries[s.name] for s in (wf.PEOPLE, wf.GROUPS, wf.AGENCIES))
        key_by_id = self.membership_keys = {
            entry.stored.id: key for key, entry in memberships.items() if entry.stored is not None
        }
        by_seat: dict[tuple[str, str], list[tuple[Key, Entry]]] = defaultdict(list)
        for key, entry in memberships.items():
            by_seat[key[0], key[1]].append((key, entry))
            if entry.stored is not None:
                entry.link = key_by_id.get(entry.stored.links.get("deputy_for"))

        for entry in self.from_workbook(sheet, checked=False):
            row = entry.row
            self.refer(row, "group", groups, "group")
            person = self.refer(row, "person", people, "person")
            self.refer(row, "agency", agencies, "agency")
            self.refer(row, "deputy_for", people, "person")
            if entry.values["agency"] is None and person is not None:
                entry.values["agency"] = person.values["agency"]  # by default the person's own agency

        for entry in self.from_workbook(sheet):
            row, values = entry.row, entry.values
            start, end = values["start_date"], values["end_date"]
            problem = rules.end_before_start(start, end)
            if problem:
                self.problem(row, "end_date", problem)
                continue
            group = groups.get(wf.name_key(values["group"]))
            if group is not None:
                self._check_within_group(row, group.values, start, end)
            for _seat_key, other in by_seat[wf.name_key(values["group"]), wf.name_key(values["person"])]:
                if other is entry or not rules.overlaps(
                    start, end, other.values["start_date"], other.values["end_date"]
                ):
                    continue
                if other.row is not None and other.row.number > row.number:
                    continue  # a clash between two rows is reported once, on the later row
                # The same sentence as the service's when the clash is with the database; a row is named.
                where = f"row {other.row.number}" if other.row is not None else None
                self.problem(
                    row,
                    "start_date",
                    rules.already_a_member(
                        values["person"], values["group"], other.values["start_date"], other.values["end_date"], where
                    ),
                )
            if "deputy_for" in row.values:
                entry.link = self._principal(entry, by_seat)

        # Groups whose dates the workbook changes must still hold the memberships it does not mention.
        for group in self.from_workbook(wf.GROUPS):
            stored = group.stored
            if stored is None or (
                stored.values["start_date"] == group.values["start_date"]
                and stored.values["end_date"] == group.values["end_date"]
            ):
                continue
            for (group_key, _person), seats in by_seat.items():
                if group_key != wf.name_key(group.values["name"]):
                    continue
                for _seat_key, seat in seats:
                    if seat.row is None:
                        self._check_within_group(
                            group.row, group.values, seat.values["start_date"], seat.values["end_date"], seat
                        )

    def _check_within_group(
        self,
        row: Row,
        group: dict[str, object],
        start: dt.date,
        end: dt.date | None,
        stored_seat: Entry | None = None,
    ) -> None:
        """A membership lies within its group's dates; reported on the membership or, for one only in the
        database, on the group whose new dates leave it outside."""
        outside = rules.outside_group(group["name"], group["start_date"], group["end_date"], start, end)
        if outside is None:
            return
        column, problem = outside
        if stored_seat is None:
            self.problem(row, column, problem)
        else:  # placed on the group's row: its dates are what the workbook changes
            who = f"{stored_seat.values['person']}'s membership {rules.term(start, end)} (in the database): "
            too_early = group["start_date"] is not None and start < group["start_date"]
            self.problem(row, "start_date" if too_early else "end_date", who + problem)

    def _principal(self, entry: Entry, by_seat: dict[tuple[str, str], list[tuple[Key, Entry]]]) -> Key | None:
        """The membership a deputy stands in for: the named member's seat on the same group."""
        row, values = entry.row, entry.values
        name = values["deputy_for"]
        if name is None:
            return None
        problem = rules.deputy_problem(
            values["person"], wf.name_key(name) == wf.name_key(values["person"]), values["role"]
        )
        if problem:
            self.problem(row, "deputy_for", problem)
            return None
        seats = by_seat.get((wf.name_key(values["group"]), wf.name_key(name)), [])
        if entry.link is not None and any(key == entry.link for key, _seat in seats):
            return entry.link  # still the named member's seat: the link stays as it is
        start, end = values["start_date"], values["end_date"]
        ordered = sorted(seats, key=lambda seat: seat[1].values["start_date"])
        for key, seat in ordered:
            if rules.overlaps(start, start, seat.values["start_date"], seat.values["end_date"]):
                return key
        for key, seat in ordered:
            if rules.overlaps(start, end, seat.values["start_date"], seat.values["end_date"]):
                return key
        self.problem(row, "deputy_for", rules.not_a_member_to_deputise_for(name, values["group"]))
        return None

    def plan_meetings(self) -> None:
        sheet = wf.MEETINGS
        self.merge(sheet, lambda values: (wf.name_key(values["group"]), values["date"]), ("group", "date"))
        meetings = self.entries[sheet.name]
        for entry in self.from_workbook(sheet, checked=False):
            self.refer(entry.row, "group", self.entries[wf.GROUPS.name], "group")
        for entry in self.from_workbook(sheet):
            row, values = entry.row, entry.values
            problem = meeting_rules.times_problem(values["start_time"], values["end_time"])
            if problem:
                self.problem(row, "end_time", problem)
            if values["minutes_record"] is not None and not wf.is_json(values["minutes_record"]):
                message = "This is not a record Board Admin wrote; leave the column as exported, or empty it."
                self.problem(row, "minutes_record", message)
            self._plan_approval(entry, meetings)
            replacement = values["postponed_to"]
            if replacement is None:
                continue
            if values["status"] is not MeetingStatus.POSTPONED:
                self.problem(
                    row,
                    "postponed_to",
                    "Only a postponed meeting can name the meeting that replaced it; "
                    f"this one's status is {_shown(values['status'])}.",
                )
            elif replacement == values["date"]:
                self.problem(row, "postponed_to", "A meeting cannot be postponed to its own date.")
            elif (wf.name_key(values["group"]), replacement) not in meetings:
                self.problem(
                    row,
                    "postponed_to",
                    f"'{values['group']}' has no meeting on {format_date(replacement)} "
                    "in the workbook or the database.",
                )

    def plan_agenda_items(self) -> None:
        sheet = wf.AGENDA_ITEMS

        def key_of(values: dict[str, object]) -> Key:
            return (wf.name_key(values["group"]), values["meeting_date"], values["position"])

        self.merge(sheet, key_of, ("group", "meeting_date", "position"))
        for entry in self.from_workbook(sheet, checked=False):
            self.refer_meeting(entry.row, "group", "meeting_date")

    def plan_attendance(self) -> None:
        sheet = wf.ATTENDANCE

        def key_of(values: dict[str, object]) -> Key:
            return (wf.name_key(values["group"]), values["meeting_date"], wf.name_key(values["person"]))

        self.merge(sheet, key_of, ("group", "meeting_date", "person"))
        people, agencies = self.entries[wf.PEOPLE.name], self.entries[wf.AGENCIES.name]
        for entry in self.from_workbook(sheet, checked=False):
            row = entry.row
            self.refer_meeting(row, "group", "meeting_date")
            self.refer(row, "person", people, "person")
            self.refer(row, "deputy", people, "person")
            self.refer(row, "agency", agencies, "agency")
        for entry in self.from_workbook(sheet):
            row, values = entry.row, entry.values
            status, deputy = values["status"], values["deputy"]
            if status is AttendanceStatus.DEPUTY and deputy is None:
                self.problem(
                    row,
                    "deputy" if "deputy" in row.values else "status",
                    "The status is Deputy, so the Deputy column must name who came.",
                )
            elif status is not AttendanceStatus.DEPUTY and deputy is not None:
                self.problem(
                    row,
                    "deputy",
                    f"A deputy ({deputy}) is named but the status is {_shown(status)}; "
                    "make the status Deputy or clear the deputy.",
                )
            elif deputy is not None and wf.name_key(deputy) == wf.name_key(values["person"]):
                self.problem(row, "deputy", rules.own_deputy(deputy))

    def plan_actions(self) -> None:
        sheet = wf.ACTIONS

        def key_of(values: dict[str, object]) -> Key:
            which = (
                ("reference", wf.name_key(values["reference"]))
                if values["reference"]
                else ("action", wf.name_key(values["description"]))
            )
            return (wf.name_key(values["group"]), values["meeting_date"], which)

        self.merge(sheet, key_of, ("group", "meeting_date", "description"))
        people, agencies = self.entries[wf.PEOPLE.name], self.entries[wf.AGENCIES.name]
        for entry in self.from_workbook(sheet, checked=False):
            row = entry.row
            self.refer_meeting(row, "group", "meeting_date")
            self.refer(row, "owner", people, "person")
            self.refer(row, "owner_agency", agencies, "agency")

    def plan_challenge_themes(self) -> None:
        self.merge(wf.CHALLENGE_THEMES, lambda values: wf.name_key(values["name"]), ("name",))

    def plan_challenges(self) -> None:
        sheet = wf.CHALLENGES
        self.merge(sheet, lambda values: wf.name_key(values["reference"]), ("reference",))
        people, groups, agencies = (self.entries[s.name] for s in (wf.PEOPLE, wf.GROUPS, wf.AGENCIES))
        for entry in self.from_workbook(sheet, checked=False):
            row = entry.row
            self.refer(row, "raised_at", groups, "group")
            self.refer(row, "raised_by", people, "person")
            self.refer(row, "agency", agencies, "agency")
            self._file_under_theme(entry)
            self._escalated_to(entry)
        for entry in self.from_workbook(sheet):
            row, values = entry.row, entry.values
            raised = values["date_raised"]
            for key, rule in (
                ("response_due", challenge_rules.response_due_problem),
                ("responded_on", challenge_rules.responded_problem),
                ("date_closed", challenge_rules.closed_problem),
            ):
                problem = rule(raised, values[key])
                if problem:
                    self.problem(row, key, problem)
            numbered = NUMBERED_REFERENCE.fullmatch(values["reference"])
            if numbered is not None:
                year, number = int(numbered.group(1)), int(numbered.group(2))
                problem = challenge_rules.reference_number_problem(year, number)
                if problem:
                    self.problem(row, "reference", problem)
                elif entry.is_new:
                    self.reference_numbers[year] = max(self.reference_numbers.get(year, 0), number)
            day = values["raised_at_meeting"]
            if day is None:
                continue
            if values["raised_at"] is None:
                self.problem(row, "raised_at_meeting", "Name the group in 'Raised at' so that the meeting is known.")
            elif (wf.name_key(values["raised_at"]), day) not in self.entries[wf.MEETINGS.name]:
                self.problem(
                    row,
                    "raised_at_meeting",
                    f"'{values['raised_at']}' has no meeting on {format_date(day)} in the workbook or the database.",
                )

    def _file_under_theme(self, entry: Entry) -> None:
        """A challenge's theme is one of the managed list. A workbook that lists the themes must list (or the
        database hold) each one its challenges name; an older workbook, with no themes, adds them as it goes."""
        row, name = entry.row, entry.row.values.get("theme")
        if name is None:
            return
        themes = self.entries[wf.CHALLENGE_THEMES.name]
        theme = themes.get(wf.name_key(name))
        if theme is None and self.rows(wf.CHALLENGE_THEMES):
            listing = self.parsed[wf.CHALLENGE_THEMES.name].title
            self.problem(
                row,
                "theme",
                f"There is no theme called '{name}' on the {listing} sheet or in the database; add it there.",
            )
            return
        if theme is None:
            theme = themes[wf.name_key(name)] = Entry({"name": name, "active": True})
        entry.values["theme"] = theme.values["name"]  # as the list spells it

    def _escalated_to(self, entry: Entry) -> None:
        """The group "Escalated to" names, or else the person; a name that is neither stays as written."""
        name = entry.row.values.get("escalated_to")
        entry.link = None
        if name is None:
            return
        for kind, sheet in (("group", wf.GROUPS), ("person", wf.PEOPLE)):
            target = self.entries[sheet.name].get(wf.name_key(name))
            if target is not None:
                entry.link = (kind, wf.name_key(name))
                entry.values["escalated_to"] = target.values["name"]
                return

    def plan_challenge_history(self) -> None:
        """History is added to, never rewritten: a row matches a stored entry with all the same values (repeats
        counted, as for expenditure), and any other row is a new entry of its challenge's history."""
        sheet = wf.CHALLENGE_HISTORY
        challenges = self.entries[wf.CHALLENGES.name]

        def identity(values: dict[str, object]) -> Key:
            return (
                wf.name_key(values["reference"]),
                values["changed_on"],
                values["recorded_at"],
                wf.name_key(values["changed_by"]),
                values["from_status"],
                values["to_status"],
                values["note"],
            )

        in_database = Counter(identity(stored.values) for stored in self.stored.rows[sheet.name])
        for row in self.rows(sheet):
            values = {column.key: column.default for column in sheet.columns} | row.values
            if values["reference"] is None:
                continue  # already a problem
            challenge = challenges.get(wf.name_key(values["reference"]))
            if challenge is None:
                self.problem(
                    row, "reference", f"There is no challenge '{values['reference']}' in the workbook or the database."
                )
                continue
            if row.broken:
                continue
            values["reference"] = challenge.values["reference"]
            changed_on, raised = values["changed_on"], challenge.values["date_raised"]
            if values["recorded_at"] is None:
                values["recorded_at"] = dt.datetime.combine(changed_on, dt.time(0))
            problem = challenge_rules.change_problem(raised, changed_on)
            if problem:
                self.problem(row, "changed_on", problem)
            if values["from_status"] is values["to_status"]:
                self.problem(
                    row,
                    "to_status",
                    f"The status did not change: From status and To status are both {_shown(values['to_status'])}.",
                )
            if in_database[identity(values)] > 0:
                in_database[identity(values)] -= 1
                self.history_matched += 1
            else:
                self.history_new.append(Entry(values, row=row))
        self.entries[sheet.name] = {}

    def plan_money(self) -> None:
        agencies = self.entries[wf.AGENCIES.name]
        self.merge(wf.CONTRIBUTIONS, lambda values: (values["year"], wf.name_key(values["agency"])), ("year", "agency"))
        for entry in self.from_workbook(wf.CONTRIBUTIONS, checked=False):
            self.refer(entry.row, "agency", agencies, "agency")
        for entry in self.from_workbook(wf.CONTRIBUTIONS):
            for key, what, slack in (
                ("invoiced_on", "The invoice date", money_rules.INVOICE_SLACK_DAYS),
                ("received_on", "The date received", money_rules.PAYMENT_SLACK_DAYS),
            ):
                problem = money_rules.outside_year(what, entry.values[key], entry.values["year"], slack_days=slack)
                if problem:
                    self.problem(entry.row, key, problem)
        self.merge(wf.INCOME_LINES, lambda values: (values["year"], wf.name_key(values["source"])), ("year", "source"))
        self.merge(wf.BUDGET_LINES, lambda values: (values["year"], wf.name_key(values["line"])), ("year", "line"))
        lines = self.entries[wf.BUDGET_LINES.name]

        # Expenditure has no key: a row matches a stored entry with all the same values, repeats counted.
        def identity(values: dict[str, object]) -> Key:
            return (
                values["year"],
                wf.name_key(values["line"]),
                values["date"],
                values["description"],
                values["amount"],
            )

        in_database = Counter(identity(stored.values) for stored in self.stored.rows[wf.EXPENDITURE.name])
        for row in self.rows(wf.EXPENDITURE):
            values = {column.key: column.default for column in wf.EXPENDITURE.columns} | row.values
            if any(values[key] is None for key in ("year", "line", "date", "amount")):
                continue
            if (values["year"], wf.name_key(values["line"])) not in lines:
                self.problem(
                    row,
                    "line",
                    f"There is no budget line '{values['line']}' for {values['year']} in the workbook or the database.",
                )
                continue
            problem = money_rules.outside_year("The date", values["date"], values["year"])
            if problem:
                self.problem(row, "date", problem)
                continue
            if in_database[identity(values)] > 0:
                in_database[identity(values)] -= 1
                self.expenditure_matched += 1
            else:
                self.expenditure_new.append(Entry(values, row=row))
        self.entries[wf.EXPENDITURE.name] = {}

        for sheet in (wf.CONTRIBUTIONS, wf.INCOME_LINES, wf.BUDGET_LINES):
            self.years.update(year.start_year for year, _rest in self.entries[sheet.name])
        self.years.update(entry.values["year"].start_year for entry in self.expenditure_new)

    # what changes

    def find_changes(self, sheet: wf.Sheet) -> None:
        for entry in self.entries[sheet.name].values():
            if entry.stored is None or entry.row is None:
                continue
            for key in entry.row.values:
                column = sheet.column(key)
                new, old = entry.values[key], entry.stored.values[key]
                if key == "deputy_for":
                    continue
                same = wf.name_key(new) == wf.name_key(old) if column.refers_to is not None else new == old
                if not same:
                    entry.changes.add(key)
            if sheet is wf.MEMBERSHIPS and "deputy_for" in entry.row.values:
                # The same name may now mean another seat of that member: compare the seats themselves.
                if entry.link != self.membership_keys.get(entry.stored.links.get("deputy_for")):
                    entry.changes.add("deputy_for")
