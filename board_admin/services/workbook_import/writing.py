"""Stage three, writing: the planned records into the database, one statement per table (executemany),
never a query per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from board_admin.db.models import (
    Action,
    AdvanceApology,
    Agency,
    AgendaItem,
    Attendance,
    BudgetLine,
    Challenge,
    ChallengeReferenceCounter,
    ChallengeStatusChange,
    ChallengeTheme,
    Contribution,
    Decision,
    Declaration,
    Expenditure,
    FinancialYearRecord,
    Group,
    IncomeLine,
    Meeting,
    Membership,
    MinutesAmendment,
    Person,
)
from board_admin.domain import workbook_format as wf
from board_admin.domain.financial_year import FinancialYear
from board_admin.services.workbook_import.case_reviews import write_case_reviews
from board_admin.services.workbook_import.entries import Entry, Key
from board_admin.services.workbook_import.planning import Planner
from board_admin.services.workbook_import.results import ImportSummary, SheetCounts


@dataclass(frozen=True)
class Field:
    """How a record's database column is worked out from its workbook values."""

    keys: tuple[str, ...]  # the workbook columns it depends on
    column: str
    convert: Callable[[Entry], object]
    link: bool = False  # points into the same table, so new records get it once they all exist


def _same(key: str, column: str | None = None) -> Field:
    return Field((key,), column or key, lambda entry: entry.values[key])


class Writer:
    def __init__(self, session: Session, planner: Planner) -> None:
        self.session = session
        self.planner = planner
        entries = planner.entries
        self.agency_id = {key: entry.id for key, entry in entries[wf.AGENCIES.name].items() if entry.id}
        self.person_id = {key: entry.id for key, entry in entries[wf.PEOPLE.name].items() if entry.id}
        self.group_id = {key: entry.id for key, entry in entries[wf.GROUPS.name].items() if entry.id}
        self.membership_id = {key: entry.id for key, entry in entries[wf.MEMBERSHIPS.name].items() if entry.id}
        self.meeting_id = {key: entry.id for key, entry in entries[wf.MEETINGS.name].items() if entry.id}
        self.item_id = {key: entry.id for key, entry in entries[wf.AGENDA_ITEMS.name].items() if entry.id}
        self.challenge_id = {key: entry.id for key, entry in entries[wf.CHALLENGES.name].items() if entry.id}
        self.year_id = dict(planner.stored.years)
        self.line_id = {key: entry.id for key, entry in entries[wf.BUDGET_LINES.name].items() if entry.id}

    # lookups of ids by name, made when they are needed (new records get their ids as they are written)

    def _ref(self, ids: dict[Key, int], key: str) -> Callable[[Entry], int | None]:
        def convert(entry: Entry) -> int | None:
            value = entry.values[key]
            return ids[wf.name_key(value)] if value is not None else None

        return convert

    def _meeting(self, group_key: str, date_key: str) -> Callable[[Entry], int | None]:
        def convert(entry: Entry) -> int | None:
            group, day = entry.values[group_key], entry.values[date_key]
            return self.meeting_id[wf.name_key(group), day] if group is not None and day is not None else None

        return convert

    def _agenda_item(self, entry: Entry) -> int:
        values = entry.values
        return self.item_id[wf.name_key(values["group"]), values["meeting_date"], values["item"]]

    def _optional_agenda_item(self, entry: Entry) -> int | None:
        return self._agenda_item(entry) if entry.values["item"] is not None else None

    def _year(self, entry: Entry) -> int:
        return self.year_id[entry.values["year"].start_year]

    def _escalated_to(self, kind: str) -> Callable[[Entry], int | None]:
        ids = self.group_id if kind == "group" else self.person_id

        def convert(entry: Entry) -> int | None:
            return ids[entry.link[1]] if entry.link is not None and entry.link[0] == kind else None

        return convert

    def write(self) -> ImportSummary:
        summary = ImportSummary({sheet.name: SheetCounts() for sheet in wf.SHEETS})
        summary.years_added = self._write_years()
        specs: list[tuple[wf.Sheet, Table, list[Field], dict[Key, int] | None]] = [
            (
                wf.AGENCIES,
                Agency.__table__,
                [_same(key) for key in ("name", "short_name", "sector", "statutory_partner", "active")],
                self.agency_id,
            ),
            (
                wf.PEOPLE,
                Person.__table__,
                [_same("name"), Field(("agency",), "agency_id", self._ref(self.agency_id, "agency"))]
                + [_same(key) for key in ("job_title", "email", "phone", "active")],
                self.person_id,
            ),
            (
                wf.GROUPS,
                Group.__table__,
                [
                    _same(key)
                    for key in (
                        "name",
                        "short_name",
                        "kind",
                        "remit",
                        "frequency",
                        "quorum",
                        "statutory_partners_required",
                        "start_date",
                        "end_date",
                        "quorum_roles",
                    )
                ]
                + [Field(("reports_to",), "parent_id", self._ref(self.group_id, "reports_to"), link=True)],
                self.group_id,
            ),
            (
                wf.MEMBERSHIPS,
                Membership.__table__,
                [
                    Field(("group",), "group_id", self._ref(self.group_id, "group")),
                    Field(("person",), "person_id", self._ref(self.person_id, "person")),
                    _same("role"),
                    Field(("agency",), "agency_id", self._ref(self.agency_id, "agency")),
                    _same("start_date"),
                    _same("end_date"),
                    _same("registers_from"),
                    Field(
                        ("deputy_for",),
                        "deputy_for_id",
                        lambda entry: self.membership_id[entry.link] if entry.link is not None else None,
                        link=True,
                    ),
                ],
                self.membership_id,
            ),
            (
                wf.MEETINGS,
                Meeting.__table__,
                [
                    Field(("group",), "group_id", self._ref(self.group_id, "group")),
                    _same("date", "meeting_date"),
                ]
                + [
                    _same(key)
                    for key in (
                        "start_time",
                        "end_time",
                        "location",
                        "status",
                        "cancellation_reason",
                        "minutes_circulated_on",
                        "minutes_approved_on",
                        "minutes_record",
                    )
                ]
                + [
                    Field(("postponed_to",), "postponed_to_id", self._meeting("group", "postponed_to"), link=True),
                    Field(
                        ("minutes_approved_at",),
                        "minutes_approved_at_id",
                        self._meeting("group", "minutes_approved_at"),
                        link=True,
                    ),
                ],
                self.meeting_id,
            ),
            (
                wf.AGENDA_ITEMS,
                AgendaItem.__table__,
                [Field(("group", "meeting_date"), "meeting_id", self._meeting("group", "meeting_date"))]
                + [_same(key) for key in ("position", "title", "presenter", "paper_reference", "minutes")],
                self.item_id,
            ),
            (
                wf.DECISIONS,
                Decision.__table__,
                [
                    Field(("group", "meeting_date", "item"), "agenda_item_id", self._agenda_item),
                    Field(("group",), "group_id", self._ref(self.group_id, "group")),
                    Field(
                        ("meeting_date",),
                        "year_start",
                        lambda entry: FinancialYear.containing(entry.values["meeting_date"]).start_year,
                    ),
                    _same("position"),
                    _same("number"),
                    _same("text"),
                ],
                None,
            ),
            (
                wf.DECLARATIONS,
                Declaration.__table__,
                [
                    Field(("group", "meeting_date"), "meeting_id", self._meeting("group", "meeting_date")),
                    Field(("group", "meeting_date", "item"), "agenda_item_id", self._optional_agenda_item),
                    Field(("person",), "person_id", self._ref(self.person_id, "person")),
                    _same("interest"),
                    _same("kind"),
                    _same("action"),
                ],
                None,
            ),
            (
                wf.ATTENDANCE,
                Attendance.__table__,
                [
                    Field(("group", "meeting_date"), "meeting_id", self._meeting("group", "meeting_date")),
                    Field(("person",), "person_id", self._ref(self.person_id, "person")),
                    _same("status"),
                    Field(("deputy",), "deputy_id", self._ref(self.person_id, "deputy")),
                    Field(("agency",), "agency_id", self._ref(self.agency_id, "agency")),
                ],
                None,
            ),
            (
                wf.ADVANCE_APOLOGIES,
                AdvanceApology.__table__,
                [
                    Field(("group", "meeting_date"), "meeting_id", self._meeting("group", "meeting_date")),
                    Field(("person",), "person_id", self._ref(self.person_id, "person")),
                    _same("received_on"),
                    _same("note"),
                ],
                None,
            ),
            (
                wf.ACTIONS,
                Action.__table__,
                [
                    Field(("group", "meeting_date"), "meeting_id", self._meeting("group", "meeting_date")),
                    _same("reference"),
                    _same("description"),
                    Field(("owner",), "owner_id", self._ref(self.person_id, "owner")),
                    Field(("owner_agency",), "owner_agency_id", self._ref(self.agency_id, "owner_agency")),
                    _same("due_date"),
                    _same("status"),
                    _same("rag"),
                ],
                None,
            ),
            (
                wf.CHALLENGE_THEMES,
                ChallengeTheme.__table__,
                [_same("name"), _same("active")],
                None,
            ),
            (
                wf.CHALLENGES,
                Challenge.__table__,
                [
                    _same("reference"),
                    _same("date_raised"),
                    Field(("raised_at",), "raised_at_group_id", self._ref(self.group_id, "raised_at")),
                    Field(
                        ("raised_at", "raised_at_meeting"),
                        "raised_at_meeting_id",
                        self._meeting("raised_at", "raised_at_meeting"),
                    ),
                    Field(("raised_by",), "raised_by_id", self._ref(self.person_id, "raised_by")),
                    Field(("agency",), "agency_id", self._ref(self.agency_id, "agency")),
                ]
                + [
                    _same(key)
                    for key in (
                        "theme",
                        "challenge",
                        "response_due",
                        "response",
                        "responded_on",
                        "outcome",
                        "status",
                        "escalated_to",
                        "date_closed",
                    )
                ]
                + [
                    Field(("escalated_to",), "escalated_to_group_id", self._escalated_to("group")),
                    Field(("escalated_to",), "escalated_to_person_id", self._escalated_to("person")),
                ],
                self.challenge_id,
            ),
            (
                wf.CONTRIBUTIONS,
                Contribution.__table__,
                [
                    Field(("year",), "year_id", self._year),
                    Field(("agency",), "agency_id", self._ref(self.agency_id, "agency")),
                    _same("agreed", "agreed_pence"),
                    _same("invoiced_on"),
                    _same("received", "received_pence"),
                    _same("received_on"),
                    _same("in_kind"),
                ],
                None,
            ),
            (
                wf.INCOME_LINES,
                IncomeLine.__table__,
                [
                    Field(("year",), "year_id", self._year),
                    _same("source"),
                    _same("amount", "amount_pence"),
                    _same("footnote"),
                ],
                None,
            ),
            (
                wf.BUDGET_LINES,
                BudgetLine.__table__,
                [
                    Field(("year",), "year_id", self._year),
                    _same("line", "name"),
                    _same("budget", "budget_pence"),
                    _same("footnote"),
                ],
                self.line_id,
            ),
        ]
        for sheet, table, fields, ids in specs:
            summary.counts[sheet.name] = self._write_sheet(table, fields, self.planner.entries[sheet.name], ids)
            if sheet is wf.CHALLENGE_THEMES:
                self._carry_theme_renames()
            if sheet is wf.CHALLENGES:
                summary.counts[wf.CHALLENGE_HISTORY.name] = self._write_history()
                self._pass_reference_counters()
        summary.counts[wf.EXPENDITURE.name] = self._write_expenditure()
        summary.counts[wf.MINUTES_AMENDMENTS.name] = self._write_amendments()
        write_case_reviews(self, summary)  # issue 24: case_reviews.py of this package
        return summary

    def _carry_theme_renames(self) -> None:
        """A theme the workbook spells differently (only its case or spacing can differ) is renamed on the
        challenges filed under it too, as renaming it on screen does."""
        table = Challenge.__table__
        renamed = [
            {"p_old": entry.stored.values["name"], "p_new": entry.values["name"]}
            for entry in self.planner.entries[wf.CHALLENGE_THEMES.name].values()
            if entry.stored is not None and "name" in entry.changes
        ]
        if renamed:
            statement = (
                update(table)
                .where(table.c.theme == bindparam("p_old"))
                .values(theme=bindparam("p_new"), version=table.c.version + 1)
            )
            self._execute_many(statement, renamed)

    def _write_history(self) -> SheetCounts:
        new = self.planner.history_new
        if new:
            self.session.execute(
                insert(ChallengeStatusChange.__table__),
                [
                    {"challenge_id": self.challenge_id[wf.name_key(entry.values["reference"])]}
                    | {
                        key: entry.values[key]
                        for key in ("changed_on", "recorded_at", "changed_by", "from_status", "to_status", "note")
                    }
                    for entry in new
                ],
            )
        return SheetCounts(added=len(new), unchanged=self.planner.history_matched)

    def _pass_reference_counters(self) -> None:
        """The next reference the challenge log gives out comes after every one the import added, even once
        an imported challenge is deleted (a deleted challenge's reference is never given out again)."""
        table = ChallengeReferenceCounter.__table__
        counted = {year: number for year, number in self.session.execute(select(table.c.year, table.c.last_number))}
        numbers = self.planner.reference_numbers
        new = [{"year": year, "last_number": number} for year, number in numbers.items() if year not in counted]
        behind = [
            {"p_year": year, "p_number": number}
            for year, number in numbers.items()
            if year in counted and counted[year] < number
        ]
        if new:
            self.session.execute(insert(table), new)
        if behind:
            statement = (
                update(table).where(table.c.year == bindparam("p_year")).values(last_number=bindparam("p_number"))
            )
            self._execute_many(statement, behind)

    def _write_years(self) -> int:
        missing = sorted(self.planner.years - set(self.year_id))
        if missing:
            table = FinancialYearRecord.__table__
            rows = [{"start_year": year, "label": FinancialYear(year).label, "version": 1} for year in missing]
            ids = self._insert_returning_ids(table, rows)
            self.year_id.update(zip(missing, ids, strict=True))
        return len(missing)

    def _insert_returning_ids(self, table: Table, rows: list[dict[str, object]]) -> list[int]:
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(self.session.execute(statement, rows).scalars())

    def _write_sheet(
        self, table: Table, fields: list[Field], entries: dict[Key, Entry], ids: dict[Key, int] | None
    ) -> SheetCounts:
        counts = SheetCounts()
        plain = [spec for spec in fields if not spec.link]
        links = [spec for spec in fields if spec.link]

        new = [(key, entry) for key, entry in entries.items() if entry.is_new]
        if new:
            rows = [
                {spec.column: spec.convert(entry) for spec in plain}
                | {spec.column: None for spec in links}
                | {"version": 1}
                for _key_, entry in new
            ]
            if ids is not None:
                for (key, entry), new_id in zip(new, self._insert_returning_ids(table, rows), strict=True):
                    entry.id = ids[key] = new_id
            else:
                self.session.execute(insert(table), rows)
            counts.added = len(new)
            # Links to records of the same table, now that every one of them has an id.
            for spec in links:
                linked = [
                    {"p_id": entry.id, "p_value": value}
                    for _k, entry in new
                    if (value := spec.convert(entry)) is not None
                ]
                if linked:
                    statement = (
                        update(table).where(table.c.id == bindparam("p_id")).values({spec.column: bindparam("p_value")})
                    )
                    self._execute_many(statement, linked)

        changed: dict[tuple[str, ...], list[dict[str, object]]] = defaultdict(list)
        for entry in entries.values():
            if entry.is_new or entry.row is None:
                continue
            if not entry.changes:
                counts.unchanged += 1
                continue
            touched = [spec for spec in fields if entry.changes.intersection(spec.keys)]
            columns = tuple(spec.column for spec in touched)
            changed[columns].append(
                {"p_id": entry.stored.id} | {f"p_{spec.column}": spec.convert(entry) for spec in touched}
            )
            counts.updated += 1
        for columns, rows in changed.items():
            # The version goes up as with any save, so that someone editing the record meanwhile is told.
            statement = (
                update(table)
                .where(table.c.id == bindparam("p_id"))
                .values({column: bindparam(f"p_{column}") for column in columns} | {"version": table.c.version + 1})
            )
            self._execute_many(statement, rows)
        return counts

    def _execute_many(self, statement, rows: list[dict[str, object]]) -> None:
        # Executed on the connection: an ORM session would try to match rows to mapped objects.
        self.session.connection().execute(statement, rows)

    def _write_amendments(self) -> SheetCounts:
        new = self.planner.amendments_new
        if new:
            self.session.execute(
                insert(MinutesAmendment.__table__),
                [
                    {
                        "meeting_id": self.meeting_id[wf.name_key(entry.values["group"]), entry.values["meeting_date"]],
                        "recorded_at": entry.values["recorded_at"],
                        "recorded_by": entry.values["recorded_by"],
                        "change": entry.values["change"],
                        "reason": entry.values["reason"],
                        "version": 1,
                    }
                    for entry in new
                ],
            )
        return SheetCounts(added=len(new), unchanged=self.planner.amendments_matched)

    def _write_expenditure(self) -> SheetCounts:
        new = self.planner.expenditure_new
        if new:
            self.session.execute(
                insert(Expenditure.__table__),
                [
                    {
                        "budget_line_id": self.line_id[entry.values["year"], wf.name_key(entry.values["line"])],
                        "spent_on": entry.values["date"],
                        "description": entry.values["description"],
                        "amount_pence": entry.values["amount"],
                        "version": 1,
                    }
                    for entry in new
                ],
            )
        return SheetCounts(added=len(new), unchanged=self.planner.expenditure_matched)
