"""Every write service leaves the audit entries it should, with the right before and after values, and a
failed call of the same service leaves none (and changes nothing).

Each scenario below is one write service called on the small world of tests/sample_world.py. The test
runs, in order, on the same world:
1. a call of the service that must fail (a broken rule, a stale version, a missing record): nothing changes,
   the audit trail included;
2. the same call as 3. by a role without the service's permission: refused, nothing changes;
3. the successful call: the entries written must be exactly the ones the scenario lists (who, entity, id,
   operation, and the old and new values of the fields that changed), and, for the services audited row
   by row, exactly the rows that changed in the database, so that no change escapes the trail.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from board_admin import services
from board_admin.db.backup import BackupError, backup_now, list_backups
from board_admin.db.engine import Database
from board_admin.db.models import (
    Action,
    AdvanceApology,
    Agency,
    AgendaItem,
    Attendance,
    AuditEntry,
    Base,
    BudgetLine,
    CaseReview,
    CaseReviewKind,
    CaseReviewReferenceCounter,
    CaseReviewStatusChange,
    CaseReviewTheme,
    Challenge,
    ChallengeStatusChange,
    ChallengeTheme,
    Contribution,
    Decision,
    Declaration,
    Expenditure,
    FinancialYearRecord,
    IncomeLine,
    LearningTheme,
    Meeting,
    Membership,
    Paper,
    PaperVersion,
    Recommendation,
    User,
)
from board_admin.demo.papers import paper_pdf
from board_admin.domain.attendance import AttendanceThresholds
from board_admin.domain.case_reviews import CaseReviewStatus
from board_admin.domain.enums import (
    ActionStatus,
    AttendanceStatus,
    ChallengeStatus,
    Frequency,
    GroupKind,
    InterestAction,
    InterestKind,
    MemberRole,
    Rag,
    Remit,
    Sector,
    UserRole,
)
from board_admin.domain.errors import ConflictError, InUseError, NotFoundError, ValidationError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.papers import content_summary
from board_admin.domain.permissions import NOBODY, Actor, Permission, PermissionDeniedError
from board_admin.domain.retention import Retention
from board_admin.domain.schedule import SchedulePlan, ScheduleRule
from board_admin.exporters.workbook import export_workbook
from board_admin.reports.minutes_record import minutes_record
from board_admin.reports.organisation import Organisation
from board_admin.services import accounts as acc
from board_admin.services import case_reviews as cr
from board_admin.services import challenges as ch
from board_admin.services import funding as fu
from board_admin.services import governance as gov
from board_admin.services import meetings as me
from board_admin.services import minutes as mi
from board_admin.services import papers as pa
from board_admin.services import structure as st
from board_admin.services.backups import restore_from_backup, save_backup_settings
from board_admin.services.settings import save_attendance_thresholds, save_organisation
from board_admin.services.uow import SECRET_AFTER, SECRET_BEFORE, SECRET_COLUMNS, UNAUDITED_COLUMNS, _plain
from board_admin.services.workbook_import import WorkbookImportError, import_workbook
from tests.sample_world import CHILDREN_BOARD, EDUCATION_FORUM, EXECUTIVE, QEG, World

TODAY = dt.date(2025, 6, 2)
MODULES = (
    "structure",
    "meetings",
    "governance",
    "papers",
    "minutes",
    "challenges",
    "funding",
    "accounts",
    "settings",
    "workbook_import",
    "backups",
    "case_reviews",
)
ADMIN = Actor("amy", "Amy Admin", frozenset({UserRole.ADMINISTRATOR}))
CHAIR = Actor("chris", "Chris Chair", frozenset({UserRole.CHAIR}))
FINANCE = Actor("fran", "Fran Finance", frozenset({UserRole.FINANCE}))
PASSWORD = "correct horse battery"


def day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


# --- what a scenario expects ---------------------------------------------------------------------


@dataclass(frozen=True)
class Created:
    entity: str
    entity_id: int
    facts: dict  # values the new row's entry must show, e.g. the name typed


@dataclass(frozen=True)
class Updated:
    entity: str
    entity_id: int
    before: dict
    after: dict


@dataclass(frozen=True)
class Deleted:
    entity: str
    entity_id: int
    facts: dict


@dataclass(frozen=True)
class Summary:
    """An entry written by hand by a bulk writer (settings, workbook import)."""

    entity: str
    operation: str
    before: dict | None
    after: dict | None


def created(entity: str, entity_id: int, **facts) -> Created:
    return Created(entity, entity_id, facts)


def updated(entity: str, entity_id: int, before: dict, after: dict) -> Updated:
    return Updated(entity, entity_id, before, after)


def deleted(entity: str, entity_id: int, **facts) -> Deleted:
    return Deleted(entity, entity_id, facts)


@dataclass
class Scenario:
    write: Callable[[], object]
    expect: Callable[[object], list]
    fail: Callable[[], object] | None
    error: type[Exception] = ValidationError
    actor: Actor = ADMIN  # who makes the calls
    refusable: bool = True  # False where no role can be refused (signing in, the first account)
    row_by_row: bool = True  # False for the services that write one summary entry by hand
    summaries: int = 0  # entries written by hand beside the row-by-row ones
    expect_all: bool = True  # False: `expect` lists some of the entries, the row-by-row check holds it to all


SCENARIOS: dict[str, Callable[[Database, World, object], Scenario]] = {}


def scenario(qualified_name: str):
    def register(build):
        SCENARIOS[qualified_name] = build
        return build

    return register


# --- reading the database back -------------------------------------------------------------------


def snapshot(database: Database) -> dict[tuple[str, object], dict]:
    """Every row of every table, by (table, primary key), as the audit trail would write its values."""
    rows = {}
    with database.session() as session:
        for mapper in Base.registry.mappers:
            for record in session.scalars(select(mapper.class_)):
                key = (mapper.local_table.name, mapper.primary_key_from_instance(record)[0])
                rows[key] = {column.key: _plain(getattr(record, column.key)) for column in mapper.column_attrs}
    return rows


def audited(row: dict) -> dict:
    return {key: value for key, value in row.items() if key not in UNAUDITED_COLUMNS and key not in SECRET_COLUMNS}


def changes_between(start: dict, end: dict) -> list[tuple]:
    """What the trail must say about the rows that changed, worked out from the rows themselves."""
    found = []
    for key in start.keys() | end.keys():
        entity, entity_id = key
        if entity == "audit_entry" or start.get(key) == end.get(key):
            continue
        if key not in start:
            found.append((entity, entity_id, "create", None, audited(end[key])))
        elif key not in end:
            found.append((entity, entity_id, "delete", audited(start[key]), None))
        else:
            before, after = {}, {}
            for column, old in start[key].items():
                new = end[key][column]
                if old == new or column in UNAUDITED_COLUMNS:
                    continue
                if column in SECRET_COLUMNS:
                    before[SECRET_COLUMNS[column]], after[SECRET_COLUMNS[column]] = SECRET_BEFORE, SECRET_AFTER
                else:
                    before[column], after[column] = old, new
            if after:
                found.append((entity, entity_id, "update", before, after))
    return found


def resolve(expected, start: dict, end: dict) -> tuple:
    """A scenario's expectation as the entry it stands for; the rows' full values come from the database."""
    if isinstance(expected, Created):
        row = audited(end[(expected.entity, expected.entity_id)])
        assert {key: row[key] for key in expected.facts} == expected.facts, "the new row is not what was asked"
        return (expected.entity, expected.entity_id, "create", None, row)
    if isinstance(expected, Deleted):
        row = audited(start[(expected.entity, expected.entity_id)])
        assert {key: row[key] for key in expected.facts} == expected.facts
        return (expected.entity, expected.entity_id, "delete", row, None)
    if isinstance(expected, Updated):
        return (expected.entity, expected.entity_id, "update", expected.before, expected.after)
    return (expected.entity, None, expected.operation, expected.before, expected.after)


def in_order(entries: list[tuple]) -> list[tuple]:
    return sorted(entries, key=lambda entry: (entry[0], entry[1] if entry[1] is not None else -1, entry[2]))


def trail_since(database: Database, last_id: int) -> list[AuditEntry]:
    with database.session() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id)))


def last_audit_id(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.max(AuditEntry.id))) or 0


def find(database: Database, model, *conditions) -> int:
    with database.session() as session:
        return session.scalars(select(model.id).where(*conditions)).one()


def version_of(database: Database, model, record_id: int) -> int:
    with database.session() as session:
        return session.get(model, record_id).version


def stale(database: Database, model, record_id: int) -> int:
    """A version number the record had before someone else saved it."""
    return version_of(database, model, record_id) - 1


def membership(database: Database, world: World, group: str, person: str) -> int:
    return find(
        database,
        Membership,
        Membership.group_id == world.groups[group],
        Membership.person_id == world.people[person],
        Membership.end_date.is_(None),
    )


def action(database: Database, description: str) -> int:
    return find(database, Action, Action.description == description)


def challenge(database: Database, reference: str) -> int:
    return find(database, Challenge, Challenge.reference == reference)


def budget_line(database: Database, name: str) -> int:
    return find(database, BudgetLine, BudgetLine.name == name)


def pence(pounds: str) -> int:
    return int(Decimal(pounds.replace(",", "")) * 100)


def permission_of(module: str, name: str) -> Permission:
    function = getattr(importlib.import_module(f"board_admin.services.{module}"), name)
    return Permission[re.search(r"Permission\.(\w+)", inspect.getsource(function)).group(1)]


def refused_actor(permission: Permission) -> Actor:
    """A real role that lacks the permission (finance edits money, so the chair stands in for money)."""
    return CHAIR if permission is Permission.EDIT_FUNDING else FINANCE


# === structure ===================================================================================


@scenario("structure.create_agency")
def _(db, w, _tmp):
    return Scenario(
        write=lambda: st.create_agency(db, st.AgencyFields("Healthwatch Cambridgeshire", Sector.VOLUNTARY, "HW")),
        expect=lambda new_id: [
            created(
                "agency",
                new_id,
                name="Healthwatch Cambridgeshire",
                short_name="HW",
                sector="voluntary",
                statutory_partner=False,
                active=True,
            )
        ],
        fail=lambda: st.create_agency(db, st.AgencyFields("cambridgeshire constabulary", Sector.POLICE)),
    )


@scenario("structure.update_agency")
def _(db, w, _tmp):
    nps = w.agencies["NPS"]
    fields = st.AgencyFields("Probation Service (East of England)", Sector.PROBATION, "NPS")
    return Scenario(
        write=lambda: st.update_agency(db, nps, fields, version_of(db, st.Agency, nps)),
        expect=lambda _: [
            updated(
                "agency",
                nps,
                {"name": "National Probation Service"},
                {"name": "Probation Service (East of England)"},
            )
        ],
        fail=lambda: st.update_agency(db, nps, fields, stale(db, st.Agency, nps)),
        error=ConflictError,
    )


@scenario("structure.set_agency_active")
def _(db, w, _tmp):
    hht = w.agencies["HHT"]
    return Scenario(
        write=lambda: st.set_agency_active(db, hht, True),
        expect=lambda _: [updated("agency", hht, {"active": False}, {"active": True})],
        fail=lambda: st.set_agency_active(db, 999_999, True),
        error=NotFoundError,
    )


@scenario("structure.delete_agency")
def _(db, w, _tmp):
    unused = st.create_agency(db, st.AgencyFields("Healthwatch", Sector.OTHER))
    return Scenario(
        write=lambda: st.delete_agency(db, unused),
        expect=lambda _: [deleted("agency", unused, name="Healthwatch", sector="other")],
        fail=lambda: st.delete_agency(db, w.agencies["CCC"]),
        error=InUseError,
    )


@scenario("structure.create_person")
def _(db, w, _tmp):
    ccc = w.agencies["CCC"]
    return Scenario(
        write=lambda: st.create_person(
            db, st.PersonFields("Hannah Wells", ccc, "Service Manager", "hannah.wells@example.gov.uk")
        ),
        expect=lambda new_id: [
            created(
                "person",
                new_id,
                name="Hannah Wells",
                agency_id=ccc,
                job_title="Service Manager",
                email="hannah.wells@example.gov.uk",
                phone=None,
                active=True,
            )
        ],
        fail=lambda: st.create_person(db, st.PersonFields("Hannah Wells", ccc, email="hannah.wells")),
    )


@scenario("structure.update_person")
def _(db, w, _tmp):
    dev = w.people["Dev Patel"]
    fields = st.PersonFields("Dev Patel", w.agencies["NPS"], "Assistant Chief Officer")
    return Scenario(
        write=lambda: st.update_person(db, dev, fields, version_of(db, st.Person, dev)),
        expect=lambda _: [
            updated("person", dev, {"job_title": "Head of Service"}, {"job_title": "Assistant Chief Officer"})
        ],
        fail=lambda: st.update_person(db, dev, fields, stale(db, st.Person, dev)),
        error=ConflictError,
    )


@scenario("structure.set_person_active")
def _(db, w, _tmp):
    eve = w.people["Eve Marsh"]
    return Scenario(
        write=lambda: st.set_person_active(db, eve, True),
        expect=lambda _: [updated("person", eve, {"active": False}, {"active": True})],
        fail=lambda: st.set_person_active(db, 999_999, True),
        error=NotFoundError,
    )


@scenario("structure.delete_person")
def _(db, w, _tmp):
    temp = st.create_person(db, st.PersonFields("Ian Temple", w.agencies["CCC"]))
    return Scenario(
        write=lambda: st.delete_person(db, temp),
        expect=lambda _: [deleted("person", temp, name="Ian Temple")],
        fail=lambda: st.delete_person(db, w.people["Grace Lin"]),
        error=InUseError,
    )


@scenario("structure.create_group")
def _(db, w, _tmp):
    board = w.groups[CHILDREN_BOARD]

    def fields(quorum):
        return st.GroupFields(
            "Exploitation Strategic Group",
            GroupKind.SUBGROUP,
            Remit.CHILDREN,
            "ESG",
            board,
            Frequency.QUARTERLY,
            quorum,
        )

    return Scenario(
        write=lambda: st.create_group(db, fields(4)),
        expect=lambda new_id: [
            created(
                "board_group",
                new_id,
                name="Exploitation Strategic Group",
                kind="subgroup",
                remit="children",
                short_name="ESG",
                parent_id=board,
                frequency="quarterly",
                quorum=4,
            )
        ],
        fail=lambda: st.create_group(db, fields(0)),
    )


@scenario("structure.update_group")
def _(db, w, _tmp):
    qeg = w.groups[QEG]

    def fields(parent):
        return st.GroupFields(QEG, GroupKind.SUBGROUP, Remit.CHILDREN, "QEG", parent, Frequency.BI_MONTHLY)

    return Scenario(
        write=lambda: st.update_group(db, qeg, fields(w.groups[CHILDREN_BOARD]), version_of(db, st.Group, qeg)),
        expect=lambda _: [updated("board_group", qeg, {"frequency": "monthly"}, {"frequency": "bi_monthly"})],
        fail=lambda: st.update_group(db, qeg, fields(qeg)),  # reporting to itself
    )


@scenario("structure.end_group")
def _(db, w, _tmp):
    qeg = w.groups[QEG]
    chloe, dev = membership(db, w, QEG, "Chloe Price"), membership(db, w, QEG, "Dev Patel")
    ended = {"end_date": day(0).isoformat()}
    return Scenario(
        write=lambda: st.end_group(db, qeg, day(0)),
        expect=lambda _: [
            updated("board_group", qeg, {"end_date": None}, ended),
            updated("membership", chloe, {"end_date": None}, ended),
            updated("membership", dev, {"end_date": None}, ended),
        ],
        fail=lambda: st.end_group(db, qeg, day(-400)),  # before its members joined
    )


@scenario("structure.delete_group")
def _(db, w, _tmp):
    forum = w.groups[EDUCATION_FORUM]
    return Scenario(
        write=lambda: st.delete_group(db, forum),
        expect=lambda _: [deleted("board_group", forum, name=EDUCATION_FORUM, kind="dotted_line_forum")],
        fail=lambda: st.delete_group(db, w.groups[QEG]),
        error=InUseError,
    )


@scenario("structure.add_membership")
def _(db, w, _tmp):
    qeg = w.groups[QEG]
    return Scenario(
        write=lambda: st.add_membership(
            db, st.MembershipFields(qeg, w.people["Frank Hollis"], MemberRole.MEMBER, day(-10))
        ),
        expect=lambda new_id: [
            created(
                "membership",
                new_id,
                group_id=qeg,
                person_id=w.people["Frank Hollis"],
                agency_id=w.agencies["Police"],
                role="member",
                start_date=day(-10).isoformat(),
                end_date=None,
                deputy_for_id=None,
            )
        ],
        # Dev Patel already sits on the group then.
        fail=lambda: st.add_membership(
            db, st.MembershipFields(qeg, w.people["Dev Patel"], MemberRole.MEMBER, day(-10))
        ),
    )


@scenario("structure.add_to_past_registers")
def _(db, w, _tmp):
    me.set_attendance(db, w.meetings["board-1"], w.people["Grace Lin"], AttendanceStatus.PRESENT)
    late = st.add_membership(
        db, st.MembershipFields(w.groups[CHILDREN_BOARD], w.people["Chloe Price"], MemberRole.MEMBER, day(-200))
    )
    return Scenario(
        write=lambda: st.add_to_past_registers(db, late),
        expect=lambda _: [
            updated("membership", late, {"registers_from": day(-149).isoformat()}, {"registers_from": None})
        ],
        fail=lambda: st.add_to_past_registers(db, 999_999),
        error=NotFoundError,
    )


@scenario("structure.update_membership")
def _(db, w, _tmp):
    seat = membership(db, w, QEG, "Dev Patel")
    fields = st.MembershipFields(w.groups[QEG], w.people["Dev Patel"], MemberRole.ADVISER, day(-365))
    return Scenario(
        write=lambda: st.update_membership(db, seat, fields, version_of(db, Membership, seat)),
        expect=lambda _: [updated("membership", seat, {"role": "member"}, {"role": "adviser"})],
        fail=lambda: st.update_membership(db, seat, fields, stale(db, Membership, seat)),
        error=ConflictError,
    )


@scenario("structure.end_membership")
def _(db, w, _tmp):
    seat = membership(db, w, QEG, "Dev Patel")
    return Scenario(
        write=lambda: st.end_membership(db, seat, day(0)),
        expect=lambda _: [updated("membership", seat, {"end_date": None}, {"end_date": day(0).isoformat()})],
        fail=lambda: st.end_membership(db, seat, day(-366)),  # before it began
    )


@scenario("structure.change_role")
def _(db, w, _tmp):
    seat = membership(db, w, QEG, "Dev Patel")
    return Scenario(
        write=lambda: st.change_role(db, seat, MemberRole.VICE_CHAIR, day(0)),
        expect=lambda new_id: [
            updated("membership", seat, {"end_date": None}, {"end_date": day(-1).isoformat()}),
            created("membership", new_id, role="vice_chair", start_date=day(0).isoformat(), end_date=None),
        ],
        fail=lambda: st.change_role(db, seat, MemberRole.VICE_CHAIR, day(-400)),
    )


@scenario("structure.delete_membership")
def _(db, w, _tmp):
    ben = membership(db, w, CHILDREN_BOARD, "Ben Okafor")
    frank = membership(db, w, CHILDREN_BOARD, "Frank Hollis")  # Ben's deputy
    return Scenario(
        write=lambda: st.delete_membership(db, ben),
        expect=lambda _: [
            deleted("membership", ben, person_id=w.people["Ben Okafor"], role="member"),
            updated("membership", frank, {"deputy_for_id": ben}, {"deputy_for_id": None}),
        ],
        fail=lambda: st.delete_membership(db, 999_999),
        error=NotFoundError,
    )


# === meetings ====================================================================================


@scenario("meetings.create_meeting")
def _(db, w, _tmp):
    qeg = w.groups[QEG]
    return Scenario(
        write=lambda: me.create_meeting(
            db, me.MeetingFields(qeg, day(30), dt.time(9, 30), dt.time(11, 0), "Shire Hall")
        ),
        expect=lambda new_id: [
            created(
                "meeting",
                new_id,
                group_id=qeg,
                meeting_date=day(30).isoformat(),
                start_time="09:30:00",
                end_time="11:00:00",
                location="Shire Hall",
                status="planned",
            )
        ],
        fail=lambda: me.create_meeting(db, me.MeetingFields(qeg, day(-20))),  # it already meets that day
    )


@scenario("meetings.update_meeting")
def _(db, w, _tmp):
    exec_2 = w.meetings["exec-2"]

    def fields(end):
        return me.MeetingFields(w.groups[EXECUTIVE], day(20), dt.time(14, 0), end, "New Shire Hall, Alconbury")

    return Scenario(
        write=lambda: me.update_meeting(db, exec_2, fields(None), version_of(db, Meeting, exec_2)),
        expect=lambda _: [
            updated("meeting", exec_2, {"location": "Shire Hall"}, {"location": "New Shire Hall, Alconbury"})
        ],
        fail=lambda: me.update_meeting(db, exec_2, fields(dt.time(13, 0))),  # ends before it starts
    )


@scenario("meetings.delete_meeting")
def _(db, w, _tmp):
    board_6 = w.meetings["board-6"]
    item = me.add_agenda_item(db, board_6, me.AgendaItemFields("Neglect strategy"))
    return Scenario(
        write=lambda: me.delete_meeting(db, board_6),
        expect=lambda _: [
            deleted("meeting", board_6, meeting_date=day(40).isoformat()),
            deleted("agenda_item", item, title="Neglect strategy"),
        ],
        fail=lambda: me.delete_meeting(db, w.meetings["board-2"]),
        error=InUseError,
    )


@scenario("meetings.generate_schedule")
def _(db, w, _tmp):
    forum = w.groups[EDUCATION_FORUM]
    rule = ScheduleRule(Frequency.MONTHLY, weekday=1, week=2, start_time=dt.time(10, 0), end_time=dt.time(12, 0))

    def new_meetings(_result):
        with db.session() as session:
            made = session.scalars(select(Meeting).where(Meeting.group_id == forum).order_by(Meeting.meeting_date))
            return [
                created("meeting", m.id, meeting_date=d.isoformat(), status="planned", location="Virtual (Teams)")
                for m, d in zip(made, [dt.date(2025, 9, 9), dt.date(2025, 10, 14), dt.date(2025, 11, 11)], strict=True)
            ]

    return Scenario(
        write=lambda: me.generate_schedule(
            db, forum, SchedulePlan(rule, dt.date(2025, 9, 1), dt.date(2025, 11, 30), location="Virtual (Teams)")
        ),
        expect=new_meetings,
        fail=lambda: me.generate_schedule(db, forum, SchedulePlan(rule, dt.date(2025, 9, 1), dt.date(2025, 9, 2))),
    )


@scenario("meetings.mark_held")
def _(db, w, _tmp):
    board_5 = w.meetings["board-5"]
    return Scenario(
        write=lambda: me.mark_held(db, board_5),
        expect=lambda _: [updated("meeting", board_5, {"status": "planned"}, {"status": "held"})],
        fail=lambda: me.mark_held(db, 999_999),
        error=NotFoundError,
    )


@scenario("meetings.mark_planned")
def _(db, w, _tmp):
    board_3 = w.meetings["board-3"]
    return Scenario(
        write=lambda: me.mark_planned(db, board_3),
        expect=lambda _: [
            updated(
                "meeting",
                board_3,
                {"status": "cancelled", "cancellation_reason": "Chair unwell"},
                {"status": "planned", "cancellation_reason": None},
            )
        ],
        fail=lambda: me.mark_planned(db, 999_999),
        error=NotFoundError,
    )


@scenario("meetings.cancel_meeting")
def _(db, w, _tmp):
    board_6 = w.meetings["board-6"]
    return Scenario(
        write=lambda: me.cancel_meeting(db, board_6, "Room unavailable"),
        expect=lambda _: [
            updated(
                "meeting",
                board_6,
                {"status": "planned", "cancellation_reason": None},
                {"status": "cancelled", "cancellation_reason": "Room unavailable"},
            )
        ],
        fail=lambda: me.cancel_meeting(db, board_6, "   "),
    )


@scenario("meetings.postpone_meeting")
def _(db, w, _tmp):
    exec_2 = w.meetings["exec-2"]
    return Scenario(
        write=lambda: me.postpone_meeting(db, exec_2, day(27)),
        expect=lambda new_id: [
            created("meeting", new_id, meeting_date=day(27).isoformat(), status="planned", location="Shire Hall"),
            updated(
                "meeting",
                exec_2,
                {"status": "planned", "postponed_to_id": None},
                {"status": "postponed", "postponed_to_id": new_id},
            ),
        ],
        fail=lambda: me.postpone_meeting(db, exec_2, day(20)),  # its own date
    )


@scenario("meetings.set_attendance")
def _(db, w, _tmp):
    board_2 = w.meetings["board-2"]

    def line(_result):
        ben = w.people["Ben Okafor"]
        return [
            created(
                "attendance",
                find(db, me.Attendance, me.Attendance.meeting_id == board_2, me.Attendance.person_id == ben),
                person_id=ben,
                status="present",
                agency_id=w.agencies["Police"],
                deputy_id=None,
            )
        ]

    return Scenario(
        write=lambda: me.set_attendance(db, board_2, w.people["Ben Okafor"], AttendanceStatus.PRESENT),
        expect=line,
        fail=lambda: me.set_attendance(db, board_2, w.people["Dev Patel"], AttendanceStatus.PRESENT),  # not a member
    )


@scenario("meetings.set_attendance_many")
def _(db, w, _tmp):
    board_2 = w.meetings["board-2"]
    grace, frank, dev = (w.people[name] for name in ("Grace Lin", "Frank Hollis", "Dev Patel"))

    def lines(_result):
        return [
            created(
                "attendance",
                find(db, me.Attendance, me.Attendance.meeting_id == board_2, me.Attendance.person_id == person),
                person_id=person,
                status="apologies",
            )
            for person in (grace, frank)
        ]

    return Scenario(
        write=lambda: me.set_attendance_many(db, board_2, [grace, frank], AttendanceStatus.APOLOGIES),
        expect=lines,
        # Grace's line would be fine; Dev's is refused, and Grace's must not be written either.
        fail=lambda: me.set_attendance_many(db, board_2, [grace, dev], AttendanceStatus.APOLOGIES),
    )


@scenario("meetings.add_guest")
def _(db, w, _tmp):
    board_2 = w.meetings["board-2"]
    return Scenario(
        write=lambda: me.add_guest(db, board_2, w.people["Dev Patel"]),
        expect=lambda new_id: [
            created(
                "attendance",
                new_id,
                meeting_id=board_2,
                person_id=w.people["Dev Patel"],
                status="guest",
                agency_id=w.agencies["NPS"],
            )
        ],
        fail=lambda: me.add_guest(db, board_2, w.people["Grace Lin"]),  # a member, not a guest
    )


@scenario("meetings.remove_guest")
def _(db, w, _tmp):
    board_2, dev = w.meetings["board-2"], w.people["Dev Patel"]
    line = me.add_guest(db, board_2, dev)
    # Removing someone who is not a guest is not an error (nothing to remove), so only the refusal is tried.
    return Scenario(
        write=lambda: me.remove_guest(db, board_2, dev),
        expect=lambda _: [deleted("attendance", line, person_id=dev, status="guest")],
        fail=None,
    )


def three_items(db, meeting_id: int) -> list[int]:
    return [me.add_agenda_item(db, meeting_id, me.AgendaItemFields(title)) for title in ("Apologies", "Budget", "AOB")]


def position(before: int, after: int) -> tuple[dict, dict]:
    return {"position": before}, {"position": after}


@scenario("meetings.add_agenda_item")
def _(db, w, _tmp):
    board_6 = w.meetings["board-6"]
    first, second, third = three_items(db, board_6)
    return Scenario(
        write=lambda: me.add_agenda_item(
            db, board_6, me.AgendaItemFields("Neglect strategy", "Alison Reed", "P12"), position=2
        ),
        expect=lambda new_id: [
            created(
                "agenda_item",
                new_id,
                meeting_id=board_6,
                title="Neglect strategy",
                presenter="Alison Reed",
                paper_reference="P12",
                position=2,
            ),
            updated("agenda_item", second, *position(2, 3)),
            updated("agenda_item", third, *position(3, 4)),
        ],
        fail=lambda: me.add_agenda_item(db, board_6, me.AgendaItemFields("  "), position=1),
    )


@scenario("meetings.update_agenda_item")
def _(db, w, _tmp):
    item = three_items(db, w.meetings["board-6"])[1]
    fields = me.AgendaItemFields("Budget 2025-26", minutes="The board noted the budget.", decisions="Agreed.")
    return Scenario(
        write=lambda: me.update_agenda_item(db, item, fields, version_of(db, AgendaItem, item)),
        expect=lambda _: [
            updated(
                "agenda_item",
                item,
                {"title": "Budget", "minutes": None},
                {"title": "Budget 2025-26", "minutes": "The board noted the budget."},
            ),
            # The decision joins the register as a record of its own, numbered 1 in the board's year.
            created(
                "decision",
                find(db, Decision, Decision.agenda_item_id == item),
                agenda_item_id=item,
                text="Agreed.",
                number=1,
                position=1,
            ),
        ],
        fail=lambda: me.update_agenda_item(db, item, fields, stale(db, AgendaItem, item)),
        error=ConflictError,
    )


def _declaration(db, w) -> tuple[int, int, int]:
    meeting = w.meetings["board-2"]
    item = me.add_agenda_item(db, meeting, me.AgendaItemFields("Budget"))
    fields = gov.DeclarationFields(w.people["Ben Okafor"], "Trustee of a funded charity", InterestKind.NON_PECUNIARY)
    return meeting, item, gov.record_declaration(db, meeting, fields)


@scenario("governance.record_declaration")
def _(db, w, _tmp):
    meeting = w.meetings["board-2"]
    item = me.add_agenda_item(db, meeting, me.AgendaItemFields("Budget"))
    fields = gov.DeclarationFields(
        w.people["Ben Okafor"], "Director of a provider", InterestKind.PECUNIARY, InterestAction.LEFT_THE_ROOM, item
    )
    return Scenario(
        write=lambda: gov.record_declaration(db, meeting, fields),
        expect=lambda new_id: [
            created(
                "declaration",
                new_id,
                meeting_id=meeting,
                agenda_item_id=item,
                person_id=w.people["Ben Okafor"],
                interest="Director of a provider",
                kind="pecuniary",
                action="left_the_room",
            )
        ],
        fail=lambda: gov.record_declaration(db, meeting, gov.DeclarationFields(w.people["Ben Okafor"], "  ")),
    )


@scenario("governance.update_declaration")
def _(db, w, _tmp):
    meeting, item, declaration = _declaration(db, w)
    fields = gov.DeclarationFields(
        w.people["Ben Okafor"], "Trustee of a funded charity", InterestKind.NON_PECUNIARY, InterestAction.TOOK_NO_PART
    )
    return Scenario(
        write=lambda: gov.update_declaration(db, declaration, fields, version_of(db, Declaration, declaration)),
        expect=lambda _: [updated("declaration", declaration, {"action": "stayed"}, {"action": "took_no_part"})],
        fail=lambda: gov.update_declaration(db, declaration, fields, stale(db, Declaration, declaration)),
        error=ConflictError,
    )


@scenario("governance.delete_declaration")
def _(db, w, _tmp):
    _meeting, _item, declaration = _declaration(db, w)
    return Scenario(
        write=lambda: gov.delete_declaration(db, declaration),
        expect=lambda _: [deleted("declaration", declaration, interest="Trustee of a funded charity")],
        fail=lambda: gov.delete_declaration(db, 999_999),
        error=NotFoundError,
    )


# === papers ======================================================================================

PAPER = paper_pdf("Budget report", "Fran Finance", 2, TODAY)
REVISED = paper_pdf("Budget report (revised)", "Fran Finance", 3, TODAY)


@scenario("papers.add_paper")
def _(db, w, _tmp):
    meeting = w.meetings["board-6"]
    item = me.add_agenda_item(db, meeting, me.AgendaItemFields("Budget"))
    return Scenario(
        write=lambda: pa.add_paper(db, item, "Budget report.pdf", PAPER, dt.datetime(2025, 5, 1, 10)),
        expect=lambda new_id: [
            created("paper", new_id, agenda_item_id=item, position=1, current_number=1),
            created(
                "paper_version",
                _version_id(db, new_id, 1),
                paper_id=new_id,
                number=1,
                file_name="Budget report.pdf",
                kind="pdf",
                pages=2,
                size=len(PAPER),
                received_by="amy",
                content=content_summary(PAPER),
            ),
        ],
        fail=lambda: pa.add_paper(db, item, "Budget report.pdf", b"%PDF-1.4 not really a PDF"),
    )


def _version_id(db, paper_id: int, number: int) -> int:
    return find(db, PaperVersion, PaperVersion.paper_id == paper_id, PaperVersion.number == number)


@scenario("papers.replace_paper")
def _(db, w, _tmp):
    meeting = w.meetings["board-6"]
    item = me.add_agenda_item(db, meeting, me.AgendaItemFields("Budget"))
    paper = pa.add_paper(db, item, "Budget report.pdf", PAPER, dt.datetime(2025, 5, 1, 10))
    return Scenario(
        write=lambda: pa.replace_paper(
            db, paper, "Budget report v2.pdf", REVISED, version_of(db, Paper, paper), dt.datetime(2025, 6, 1, 9)
        ),
        expect=lambda number: [
            updated("paper", paper, {"current_number": 1}, {"current_number": number}),
            created(
                "paper_version",
                _version_id(db, paper, number),
                number=2,
                file_name="Budget report v2.pdf",
                pages=3,
                content=content_summary(REVISED),
            ),
        ],
        fail=lambda: pa.replace_paper(db, paper, "Budget report v2.pdf", REVISED, stale(db, Paper, paper)),
        error=ConflictError,
    )


@scenario("papers.remove_paper")
def _(db, w, _tmp):
    meeting = w.meetings["board-6"]
    item = me.add_agenda_item(db, meeting, me.AgendaItemFields("Budget"))
    first = pa.add_paper(db, item, "Budget report.pdf", PAPER)
    pa.replace_paper(db, first, "Budget report.pdf", REVISED)
    second = pa.add_paper(db, item, "Appendix.pdf", PAPER)
    versions = [_version_id(db, first, 1), _version_id(db, first, 2)]
    return Scenario(
        write=lambda: pa.remove_paper(db, first),
        expect=lambda _: [
            deleted("paper", first, position=1, current_number=2),
            deleted("paper_version", versions[0], number=1),
            deleted("paper_version", versions[1], number=2, content=content_summary(REVISED)),
            updated("paper", second, {"position": 2}, {"position": 1}),
        ],
        fail=lambda: pa.remove_paper(db, 999_999),
        error=NotFoundError,
    )


@scenario("meetings.delete_agenda_item")
def _(db, w, _tmp):
    first, second, third = three_items(db, w.meetings["board-6"])
    # Its paper goes with it, and the trail says so (the database's cascade alone would not).
    paper = pa.add_paper(db, first, "apologies.pdf", PAPER)
    stored = find(db, PaperVersion, PaperVersion.paper_id == paper)
    return Scenario(
        write=lambda: me.delete_agenda_item(db, first),
        expect=lambda _: [
            deleted("agenda_item", first, title="Apologies", position=1),
            deleted("paper", paper, agenda_item_id=first, position=1),
            deleted("paper_version", stored, file_name="apologies.pdf", content=content_summary(PAPER)),
            updated("agenda_item", second, *position(2, 1)),
            updated("agenda_item", third, *position(3, 2)),
        ],
        fail=lambda: me.delete_agenda_item(db, 999_999),
        error=NotFoundError,
    )


@scenario("meetings.move_agenda_item")
def _(db, w, _tmp):
    first, second, third = three_items(db, w.meetings["board-6"])
    # The positions pass through negative numbers inside the unit of work; the trail shows only the result.
    return Scenario(
        write=lambda: me.move_agenda_item(db, third, 1),
        expect=lambda _: [
            updated("agenda_item", third, *position(3, 1)),
            updated("agenda_item", first, *position(1, 2)),
            updated("agenda_item", second, *position(2, 3)),
        ],
        fail=lambda: me.move_agenda_item(db, 999_999, 1),
        error=NotFoundError,
    )


@scenario("meetings.add_standard_agenda")
def _(db, w, _tmp):
    board_6 = w.meetings["board-6"]
    own = me.add_agenda_item(db, board_6, me.AgendaItemFields("Neglect strategy"))

    def items(_count):
        with db.session() as session:
            new = session.execute(
                select(AgendaItem.id, AgendaItem.title, AgendaItem.position).where(
                    AgendaItem.meeting_id == board_6, AgendaItem.id != own
                )
            ).all()
        # The opening items (welcome, declarations, minutes, matters arising) before the item already there.
        standard = dict(zip(me.STANDARD_AGENDA, (1, 2, 3, 4, 6, 7), strict=True))
        assert sorted(title for _, title, _ in new) == sorted(standard)
        return [created("agenda_item", i, title=t, position=standard[t]) for i, t, _ in new] + [
            updated("agenda_item", own, *position(1, 5))
        ]

    return Scenario(
        write=lambda: me.add_standard_agenda(db, board_6),
        expect=items,
        fail=lambda: me.add_standard_agenda(db, 999_999),
        error=NotFoundError,
    )


def _approved(db, w) -> int:
    """board-1 (150 days ago) approved at board-2 (90 days ago)."""
    board_1 = w.meetings["board-1"]
    mi.approve_minutes(db, board_1, w.meetings["board-2"])
    return board_1


@scenario("minutes.mark_minutes_circulated")
def _(db, w, _tmp):
    board_2 = w.meetings["board-2"]
    return Scenario(
        write=lambda: mi.mark_minutes_circulated(db, board_2, day(-80)),
        expect=lambda _: [
            updated(
                "meeting", board_2, {"minutes_circulated_on": None}, {"minutes_circulated_on": day(-80).isoformat()}
            )
        ],
        fail=lambda: mi.mark_minutes_circulated(db, board_2, day(-91)),  # before the meeting itself
    )


@scenario("minutes.approve_minutes")
def _(db, w, _tmp):
    board_1, board_2 = w.meetings["board-1"], w.meetings["board-2"]
    return Scenario(
        write=lambda: mi.approve_minutes(db, board_1, board_2),
        # Approval keeps the record of the meeting as it stood (reports.minutes_record says what it holds).
        expect=lambda _: [
            updated(
                "meeting",
                board_1,
                {"minutes_approved_at_id": None, "minutes_record": None},
                {"minutes_approved_at_id": board_2, "minutes_record": minutes_record(db, board_1)},
            )
        ],
        fail=lambda: mi.approve_minutes(db, board_1, board_1),  # not a later meeting
    )


@scenario("minutes.withdraw_approval")
def _(db, w, _tmp):
    board_1 = _approved(db, w)
    record = minutes_record(db, board_1)
    assert '"register"' in record and '"version": 2' in record
    return Scenario(
        write=lambda: mi.withdraw_approval(db, board_1),
        expect=lambda _: [
            updated(
                "meeting",
                board_1,
                {"minutes_approved_at_id": w.meetings["board-2"], "minutes_record": record},
                {"minutes_approved_at_id": None, "minutes_record": None},
            )
        ],
        fail=lambda: mi.withdraw_approval(db, w.meetings["board-2"]),  # not approved
    )


@scenario("minutes.record_amendment")
def _(db, w, _tmp):
    board_1 = _approved(db, w)
    return Scenario(
        write=lambda: mi.record_amendment(db, board_1, "Item 2: 'agreed' should read 'noted'.", "The chair said so."),
        expect=lambda new_id: [
            created(
                "minutes_amendment",
                new_id,
                meeting_id=board_1,
                recorded_by="Amy Admin",
                change="Item 2: 'agreed' should read 'noted'.",
                reason="The chair said so.",
            )
        ],
        fail=lambda: mi.record_amendment(db, board_1, "Item 2", " "),  # no reason
    )


def _line(db, meeting: int, person: int) -> int:
    return find(db, Attendance, Attendance.meeting_id == meeting, Attendance.person_id == person)


@scenario("minutes.record_advance_apology")
def _(db, w, _tmp):
    board_5, ben = w.meetings["board-5"], w.people["Ben Okafor"]
    return Scenario(
        write=lambda: mi.record_advance_apology(db, board_5, ben, day(0), "On leave"),
        # The register opens with the member's line marked apologies.
        expect=lambda new_id: [
            created("advance_apology", new_id, meeting_id=board_5, person_id=ben, received_on=day(0).isoformat()),
            created("attendance", _line(db, board_5, ben), person_id=ben, status="apologies"),
        ],
        fail=lambda: mi.record_advance_apology(db, board_5, ben, day(6)),  # after the meeting
    )


@scenario("minutes.update_advance_apology")
def _(db, w, _tmp):
    board_5, ben = w.meetings["board-5"], w.people["Ben Okafor"]
    apology = mi.record_advance_apology(db, board_5, ben, day(0), "On leave")
    return Scenario(
        write=lambda: mi.update_advance_apology(
            db, apology, day(-1), "Court hearing", version_of(db, AdvanceApology, apology)
        ),
        expect=lambda _: [
            updated(
                "advance_apology",
                apology,
                {"received_on": day(0).isoformat(), "note": "On leave"},
                {"received_on": day(-1).isoformat(), "note": "Court hearing"},
            )
        ],
        fail=lambda: mi.update_advance_apology(db, apology, day(-1), "x", stale(db, AdvanceApology, apology)),
        error=ConflictError,
    )


@scenario("minutes.delete_advance_apology")
def _(db, w, _tmp):
    board_5, ben = w.meetings["board-5"], w.people["Ben Okafor"]
    apology = mi.record_advance_apology(db, board_5, ben, day(0))
    line = _line(db, board_5, ben)
    return Scenario(
        write=lambda: mi.delete_advance_apology(db, apology),
        expect=lambda _: [
            deleted("advance_apology", apology, person_id=ben),
            deleted("attendance", line, status="apologies"),
        ],
        fail=lambda: mi.delete_advance_apology(db, 999_999),
        error=NotFoundError,
    )


@scenario("meetings.create_action")
def _(db, w, _tmp):
    board_1, alison = w.meetings["board-1"], w.people["Alison Reed"]
    return Scenario(
        write=lambda: me.create_action(
            db, board_1, me.ActionFields("Send the neglect toolkit to schools", alison, due_date=day(10))
        ),
        expect=lambda new_id: [
            created(
                "action",
                new_id,
                meeting_id=board_1,
                description="Send the neglect toolkit to schools",
                owner_id=alison,
                owner_agency_id=w.agencies["CCC"],
                due_date=day(10).isoformat(),
                status="open",
                rag=None,
                reference="SCPB-004",  # the board's fourth action
            )
        ],
        fail=lambda: me.create_action(db, board_1, me.ActionFields("Too late", alison, due_date=day(-200))),
    )


@scenario("meetings.update_action")
def _(db, w, _tmp):
    task = action(db, "Circulate the neglect strategy")
    fields = me.ActionFields(
        "Circulate the neglect strategy", due_date=day(-10), status=ActionStatus.IN_PROGRESS, rag=Rag.AMBER
    )
    return Scenario(
        write=lambda: me.update_action(db, task, fields, version_of(db, Action, task)),
        expect=lambda _: [
            updated("action", task, {"status": "open", "rag": None}, {"status": "in_progress", "rag": "amber"})
        ],
        fail=lambda: me.update_action(db, task, fields, stale(db, Action, task)),
        error=ConflictError,
    )


@scenario("meetings.set_action_status")
def _(db, w, _tmp):
    task = action(db, "Report on out of county placements")
    return Scenario(
        write=lambda: me.set_action_status(db, task, ActionStatus.DONE, Rag.GREEN),
        expect=lambda _: [
            updated("action", task, {"status": "in_progress", "rag": None}, {"status": "done", "rag": "green"})
        ],
        fail=lambda: me.set_action_status(db, 999_999, ActionStatus.DONE),
        error=NotFoundError,
    )


@scenario("meetings.delete_action")
def _(db, w, _tmp):
    task = action(db, "Review the funding formula")
    return Scenario(
        write=lambda: me.delete_action(db, task),
        expect=lambda _: [deleted("action", task, description="Review the funding formula", status="dropped")],
        fail=lambda: me.delete_action(db, 999_999),
        error=NotFoundError,
    )


# === challenges ==================================================================================


def status_change(db, challenge_id: int) -> int:
    """The newest step of a challenge's history."""
    with db.session() as session:
        return session.scalar(
            select(func.max(ChallengeStatusChange.id)).where(ChallengeStatusChange.challenge_id == challenge_id)
        )


@scenario("challenges.add_theme")
def _(db, w, _tmp):
    ch.add_theme(db, "FGM reporting")
    return Scenario(
        write=lambda: ch.add_theme(db, "Neglect"),
        expect=lambda new_id: [created("challenge_theme", new_id, name="Neglect", active=True)],
        fail=lambda: ch.add_theme(db, "fgm reporting"),
    )


@scenario("challenges.rename_theme")
def _(db, w, _tmp):
    theme = ch.add_theme(db, "FGM reporting")
    filed = challenge(db, "CH-2025-002")  # filed under that theme
    return Scenario(
        write=lambda: ch.rename_theme(db, theme, "Female genital mutilation", version_of(db, ChallengeTheme, theme)),
        expect=lambda _: [
            updated("challenge_theme", theme, {"name": "FGM reporting"}, {"name": "Female genital mutilation"}),
            updated("challenge", filed, {"theme": "FGM reporting"}, {"theme": "Female genital mutilation"}),
        ],
        fail=lambda: ch.rename_theme(db, theme, "Female genital mutilation", stale(db, ChallengeTheme, theme)),
        error=ConflictError,
    )


@scenario("challenges.set_theme_active")
def _(db, w, _tmp):
    theme = ch.add_theme(db, "FGM reporting")
    return Scenario(
        write=lambda: ch.set_theme_active(db, theme, False),
        expect=lambda _: [updated("challenge_theme", theme, {"active": True}, {"active": False})],
        fail=lambda: ch.set_theme_active(db, 999_999, False),
        error=NotFoundError,
    )


@scenario("challenges.record_challenge")
def _(db, w, _tmp):
    def fields(due):
        return ch.ChallengeFields(
            day(-1),
            w.agencies["CCC"],
            "Evidence the impact of early help.",
            raised_at_group_id=w.groups[EXECUTIVE],
            raised_by_id=w.people["Grace Lin"],
            response_due=due,
        )

    def entries(new_id):
        return [
            created(
                "challenge",
                new_id,
                reference="CH-2025-005",  # after the world's CH-2025-001 to 004
                date_raised=day(-1).isoformat(),
                agency_id=w.agencies["CCC"],
                challenge="Evidence the impact of early help.",
                status="open",
                response_due=day(27).isoformat(),
            ),
            created(
                "challenge_status_change",
                status_change(db, new_id),
                challenge_id=new_id,
                from_status=None,
                to_status="open",
                changed_by="amy",
                note="Recorded",
            ),
            created("challenge_reference_counter", 2025, last_number=5),
        ]

    return Scenario(
        write=lambda: ch.record_challenge(db, fields(day(27))),
        expect=entries,
        fail=lambda: ch.record_challenge(db, fields(day(-30))),  # due before it was raised
    )


@scenario("challenges.update_challenge")
def _(db, w, _tmp):
    item = challenge(db, "CH-2025-002")
    fields = ch.ChallengeFields(
        day(-50),
        w.agencies["Police"],
        "The board asked fgm reporting to be evidenced.",
        theme="FGM reporting",
        raised_at_group_id=w.groups[EXECUTIVE],
        raised_by_id=w.people["Grace Lin"],
        response_due=day(24),
    )
    return Scenario(
        write=lambda: ch.update_challenge(db, item, fields, version_of(db, Challenge, item)),
        expect=lambda _: [
            updated("challenge", item, {"response_due": day(10).isoformat()}, {"response_due": day(24).isoformat()})
        ],
        fail=lambda: ch.update_challenge(db, item, fields, stale(db, Challenge, item)),
        error=ConflictError,
    )


@scenario("challenges.delete_challenge")
def _(db, w, _tmp):
    item = challenge(db, "CH-2025-004")
    ch.change_status(db, item, ChallengeStatus.AWAITING_RESPONSE, "Chased", day(0))
    step = status_change(db, item)
    return Scenario(
        write=lambda: ch.delete_challenge(db, item),
        expect=lambda _: [
            deleted("challenge", item, reference="CH-2025-004"),
            deleted("challenge_status_change", step, challenge_id=item, note="Chased"),
        ],
        fail=lambda: ch.delete_challenge(db, 999_999),
        error=NotFoundError,
    )


@scenario("challenges.record_response")
def _(db, w, _tmp):
    item = challenge(db, "CH-2025-001")
    text = "A placement review panel now meets monthly."
    return Scenario(
        write=lambda: ch.record_response(db, item, text, day(0), version_of(db, Challenge, item)),
        expect=lambda _: [
            updated(
                "challenge",
                item,
                {"response": None, "responded_on": None, "status": "awaiting_response"},
                {"response": text, "responded_on": day(0).isoformat(), "status": "responded"},
            ),
            created(
                "challenge_status_change",
                status_change(db, item),
                from_status="awaiting_response",
                to_status="responded",
                changed_on=day(0).isoformat(),
            ),
        ],
        fail=lambda: ch.record_response(db, item, text, day(0), stale(db, Challenge, item)),
        error=ConflictError,
    )


@scenario("challenges.record_outcome")
def _(db, w, _tmp):
    item = challenge(db, "CH-2025-004")
    text = "The protocol was adopted by every partner."
    return Scenario(
        write=lambda: ch.record_outcome(db, item, text, version_of(db, Challenge, item)),
        expect=lambda _: [updated("challenge", item, {"outcome": None}, {"outcome": text})],
        fail=lambda: ch.record_outcome(db, item, text, stale(db, Challenge, item)),
        error=ConflictError,
    )


@scenario("challenges.change_status")
def _(db, w, _tmp):
    item = challenge(db, "CH-2025-002")
    return Scenario(
        write=lambda: ch.change_status(db, item, ChallengeStatus.AWAITING_RESPONSE, "Letter sent", day(0)),
        expect=lambda _: [
            updated("challenge", item, {"status": "open"}, {"status": "awaiting_response"}),
            created(
                "challenge_status_change",
                status_change(db, item),
                from_status="open",
                to_status="awaiting_response",
                note="Letter sent",
            ),
        ],
        fail=lambda: ch.change_status(db, item, ChallengeStatus.OPEN),  # already open
    )


@scenario("challenges.escalate_challenge")
def _(db, w, _tmp):
    item, executive = challenge(db, "CH-2025-001"), w.groups[EXECUTIVE]
    return Scenario(
        write=lambda: ch.escalate_challenge(db, item, group_id=executive, on=day(0)),
        expect=lambda _: [
            updated(
                "challenge",
                item,
                {"escalated_to_group_id": None, "escalated_to": None, "status": "awaiting_response"},
                {"escalated_to_group_id": executive, "escalated_to": EXECUTIVE, "status": "escalated"},
            ),
            created(
                "challenge_status_change",
                status_change(db, item),
                to_status="escalated",
                note=f"Escalated to {EXECUTIVE}",
            ),
        ],
        fail=lambda: ch.escalate_challenge(db, item, group_id=executive, person_id=w.people["Grace Lin"]),
    )


@scenario("challenges.close_challenge")
def _(db, w, _tmp):
    item = challenge(db, "CH-2025-004")
    text = "Information now reaches probation within a day."
    return Scenario(
        write=lambda: ch.close_challenge(db, item, day(0), text),
        expect=lambda _: [
            updated(
                "challenge",
                item,
                {"outcome": None, "status": "responded", "date_closed": None},
                {"outcome": text, "status": "closed", "date_closed": day(0).isoformat()},
            ),
            created(
                "challenge_status_change",
                status_change(db, item),
                from_status="responded",
                to_status="closed",
                changed_on=day(0).isoformat(),
            ),
        ],
        fail=lambda: ch.close_challenge(db, item, day(0)),  # no outcome
    )


# === funding =====================================================================================

Y2015 = FinancialYear(2015)


@scenario("funding.open_year")
def _(db, w, _tmp):
    y2016 = FinancialYear(2016)
    chair_line = fu.create_budget_line(db, y2016, fu.BudgetLineFields("Chair Expenses", "40,000"))
    fu.create_expenditure(db, fu.ExpenditureFields(chair_line, dt.date(2016, 9, 1), "35,500.50"))
    fu.create_contribution(db, y2016, fu.ContributionFields(w.agencies["CCC"], "130,000", dt.date(2016, 4, 20)))

    def entries(_opened):
        with db.session() as session:
            record = session.scalars(select(FinancialYearRecord).where(FinancialYearRecord.start_year == 2017)).one()
            line = session.scalars(select(BudgetLine.id).where(BudgetLine.year_id == record.id)).one()
            share = session.scalars(select(Contribution.id).where(Contribution.year_id == record.id)).one()
            income = session.scalars(select(IncomeLine.id).where(IncomeLine.year_id == record.id)).one()
        return [
            created("financial_year", record.id, start_year=2017, label="2017-18"),
            created("budget_line", line, name="Chair Expenses", budget_pence=pence("40,000")),
            # The agreement is copied, not what was invoiced.
            created(
                "contribution", share, agency_id=w.agencies["CCC"], agreed_pence=pence("130,000"), invoiced_on=None
            ),
            created("income_line", income, source="Carried forward from 2016-17", amount_pence=pence("4,499.50")),
        ]

    return Scenario(
        write=lambda: fu.open_year(db, FinancialYear(2017), [chair_line]),
        expect=entries,
        fail=lambda: fu.open_year(db, Y2015),  # already open
    )


@scenario("funding.create_contribution")
def _(db, w, _tmp):
    def fields(agency):
        return fu.ContributionFields(agency, "£5,000.00", dt.date(2015, 4, 20), in_kind="Office space")

    return Scenario(
        write=lambda: fu.create_contribution(db, Y2015, fields(w.agencies["NPS"])),
        expect=lambda new_id: [
            created(
                "contribution",
                new_id,
                agency_id=w.agencies["NPS"],
                agreed_pence=500_000,
                invoiced_on="2015-04-20",
                received_pence=None,
                in_kind="Office space",
            )
        ],
        fail=lambda: fu.create_contribution(db, Y2015, fields(w.agencies["CCC"])),  # CCC already has one
    )


@scenario("funding.update_contribution")
def _(db, w, _tmp):
    ccg = find(db, Contribution, Contribution.agency_id == w.agencies["CCG"])
    fields = fu.ContributionFields(
        w.agencies["CCG"], "58,269.00", received="58,269.00", received_on=dt.date(2016, 1, 15)
    )
    return Scenario(
        write=lambda: fu.update_contribution(db, ccg, fields, version_of(db, Contribution, ccg)),
        expect=lambda _: [
            updated(
                "contribution",
                ccg,
                {"received_pence": None, "received_on": None},
                {"received_pence": 5_826_900, "received_on": "2016-01-15"},
            )
        ],
        fail=lambda: fu.update_contribution(db, ccg, fields, stale(db, Contribution, ccg)),
        error=ConflictError,
    )


@scenario("funding.delete_contribution")
def _(db, w, _tmp):
    police = find(db, Contribution, Contribution.agency_id == w.agencies["Police"])
    return Scenario(
        write=lambda: fu.delete_contribution(db, police),
        expect=lambda _: [deleted("contribution", police, agreed_pence=6_000_000, received_pence=4_500_000)],
        fail=lambda: fu.delete_contribution(db, 999_999),
        error=NotFoundError,
    )


@scenario("funding.apply_contribution_formula")
def _(db, w, _tmp):
    a = w.agencies
    shares = [(a["CCC"], Decimal(50)), (a["Police"], Decimal(24)), (a["CCG"], Decimal(24)), (a["NPS"], Decimal(2))]
    proposal = fu.propose_shares("250,000", shares)
    ccc, ccg = (find(db, Contribution, Contribution.agency_id == a[key]) for key in ("CCC", "CCG"))

    def entries(_count):
        nps = find(db, Contribution, Contribution.agency_id == a["NPS"])
        # The police's share stays £60,000.00: no entry for it.
        return [
            updated("contribution", ccc, {"agreed_pence": 13_000_000}, {"agreed_pence": 12_500_000}),
            updated("contribution", ccg, {"agreed_pence": 5_826_900}, {"agreed_pence": 6_000_000}),
            created("contribution", nps, agency_id=a["NPS"], agreed_pence=500_000),
        ]

    return Scenario(
        write=lambda: fu.apply_contribution_formula(db, Y2015, proposal),
        expect=entries,
        fail=lambda: fu.apply_contribution_formula(db, FinancialYear(2019), proposal),  # a year not opened
    )


@scenario("funding.create_income_line")
def _(db, w, _tmp):
    return Scenario(
        write=lambda: fu.create_income_line(db, Y2015, fu.IncomeFields("Home Office grant", "2,500")),
        expect=lambda new_id: [
            created("income_line", new_id, source="Home Office grant", amount_pence=250_000),
        ],
        fail=lambda: fu.create_income_line(db, Y2015, fu.IncomeFields("training", "2,500")),  # already a line
    )


@scenario("funding.update_income_line")
def _(db, w, _tmp):
    line = find(db, IncomeLine, IncomeLine.source == "From reserves")
    fields = fu.IncomeFields("From reserves", "12,000.00")
    return Scenario(
        write=lambda: fu.update_income_line(db, line, fields, version_of(db, IncomeLine, line)),
        expect=lambda _: [updated("income_line", line, {"amount_pence": 1_500_000}, {"amount_pence": 1_200_000})],
        fail=lambda: fu.update_income_line(db, line, fields, stale(db, IncomeLine, line)),
        error=ConflictError,
    )


@scenario("funding.delete_income_line")
def _(db, w, _tmp):
    line = find(db, IncomeLine, IncomeLine.source == "Training")
    return Scenario(
        write=lambda: fu.delete_income_line(db, line),
        expect=lambda _: [deleted("income_line", line, source="Training", amount_pence=712_500)],
        fail=lambda: fu.delete_income_line(db, 999_999),
        error=NotFoundError,
    )


@scenario("funding.create_budget_line")
def _(db, w, _tmp):
    return Scenario(
        write=lambda: fu.create_budget_line(db, Y2015, fu.BudgetLineFields("Independent scrutiny", "10,000")),
        expect=lambda new_id: [created("budget_line", new_id, name="Independent scrutiny", budget_pence=1_000_000)],
        fail=lambda: fu.create_budget_line(db, Y2015, fu.BudgetLineFields("Independent scrutiny", "-5")),
    )


@scenario("funding.update_budget_line")
def _(db, w, _tmp):
    line = budget_line(db, "Chair Expenses")
    fields = fu.BudgetLineFields("Independent Chair Expenses", "42,500.00")
    return Scenario(
        write=lambda: fu.update_budget_line(db, line, fields, version_of(db, BudgetLine, line)),
        expect=lambda _: [
            updated("budget_line", line, {"name": "Chair Expenses"}, {"name": "Independent Chair Expenses"})
        ],
        fail=lambda: fu.update_budget_line(db, line, fields, stale(db, BudgetLine, line)),
        error=ConflictError,
    )


@scenario("funding.delete_budget_line")
def _(db, w, _tmp):
    printing = fu.create_budget_line(db, FinancialYear(2016), fu.BudgetLineFields("Printing", "750"))
    return Scenario(
        write=lambda: fu.delete_budget_line(db, printing),
        expect=lambda _: [deleted("budget_line", printing, name="Printing", budget_pence=75_000)],
        fail=lambda: fu.delete_budget_line(db, budget_line(db, "LSCB Unit Costs")),  # has spending
        error=InUseError,
    )


@scenario("funding.create_expenditure")
def _(db, w, _tmp):
    line = budget_line(db, "Chair Expenses")

    def fields(spent_on):
        return fu.ExpenditureFields(line, spent_on, "1,250.00", "Chair's travel")

    return Scenario(
        write=lambda: fu.create_expenditure(db, fields(dt.date(2015, 11, 30))),
        expect=lambda new_id: [
            created(
                "expenditure",
                new_id,
                budget_line_id=line,
                spent_on="2015-11-30",
                amount_pence=125_000,
                description="Chair's travel",
            )
        ],
        fail=lambda: fu.create_expenditure(db, fields(dt.date(2016, 4, 1))),  # outside 2015-16
    )


@scenario("funding.update_expenditure")
def _(db, w, _tmp):
    entry = find(db, Expenditure, Expenditure.amount_pence == 1_253_219)
    fields = fu.ExpenditureFields(budget_line(db, "LSCB Unit Costs"), dt.date(2015, 10, 1), "12,600", "Agency staff")
    return Scenario(
        write=lambda: fu.update_expenditure(db, entry, fields, version_of(db, Expenditure, entry)),
        expect=lambda _: [
            updated(
                "expenditure",
                entry,
                {"amount_pence": 1_253_219, "description": None},
                {"amount_pence": 1_260_000, "description": "Agency staff"},
            )
        ],
        fail=lambda: fu.update_expenditure(db, entry, fields, stale(db, Expenditure, entry)),
        error=ConflictError,
    )


@scenario("funding.delete_expenditure")
def _(db, w, _tmp):
    entry = find(db, Expenditure, Expenditure.amount_pence == 334_084)
    return Scenario(
        write=lambda: fu.delete_expenditure(db, entry),
        expect=lambda _: [deleted("expenditure", entry, amount_pence=334_084, spent_on="2015-10-01")],
        fail=lambda: fu.delete_expenditure(db, 999_999),
        error=NotFoundError,
    )


# === accounts ====================================================================================


def accounts(db) -> tuple[int, int]:
    """Amy (the administrator making the calls) and Sam (finance) as real accounts."""
    amy = acc.create_account(db, acc.AccountFields("amy", "Amy Admin", frozenset({UserRole.ADMINISTRATOR})), PASSWORD)
    sam = acc.create_account(db, acc.AccountFields("sam", "Sam Okafor", frozenset({UserRole.FINANCE})), PASSWORD)
    return amy, sam


PASSWORD_CHANGED = ({"password": SECRET_BEFORE}, {"password": SECRET_AFTER})


@scenario("accounts.create_account")
def _(db, w, _tmp):
    def fields(name):
        return acc.AccountFields(name, "Sam Okafor", frozenset({UserRole.FINANCE}))

    return Scenario(
        write=lambda: acc.create_account(db, fields("sam"), PASSWORD),
        expect=lambda new_id: [
            created(
                "app_user",
                new_id,
                username="sam",
                display_name="Sam Okafor",
                roles="finance",
                active=True,
                failed_sign_ins=0,
                last_failed_at=None,
            )
        ],
        fail=lambda: acc.create_account(db, fields("sam okafor"), PASSWORD),  # a space in the name
    )


@scenario("accounts.update_account")
def _(db, w, _tmp):
    _amy, sam = accounts(db)
    fields = acc.AccountFields("sam", "Samuel Okafor", frozenset({UserRole.FINANCE, UserRole.CHAIR}))
    return Scenario(
        write=lambda: acc.update_account(db, sam, fields, version_of(db, User, sam)),
        expect=lambda _: [
            updated(
                "app_user",
                sam,
                {"display_name": "Sam Okafor", "roles": "finance"},
                {"display_name": "Samuel Okafor", "roles": "chair,finance"},
            )
        ],
        fail=lambda: acc.update_account(db, sam, fields, stale(db, User, sam)),
        error=ConflictError,
    )


@scenario("accounts.set_account_active")
def _(db, w, _tmp):
    amy, sam = accounts(db)
    return Scenario(
        write=lambda: acc.set_account_active(db, sam, False),
        expect=lambda _: [updated("app_user", sam, {"active": True}, {"active": False})],
        fail=lambda: acc.set_account_active(db, amy, False),  # the last administrator
    )


@scenario("accounts.reset_password")
def _(db, w, _tmp):
    _amy, sam = accounts(db)
    failed_at = dt.datetime(2025, 6, 1, 9, 30)
    with pytest.raises(acc.SignInError):
        acc.sign_in(db, "sam", "a wrong guess", now=failed_at)
    return Scenario(
        write=lambda: acc.reset_password(db, sam, "a fresh start 2025"),
        expect=lambda _: [
            updated(
                "app_user",
                sam,
                {"failed_sign_ins": 1, "last_failed_at": failed_at.isoformat(), **PASSWORD_CHANGED[0]},
                {"failed_sign_ins": 0, "last_failed_at": None, **PASSWORD_CHANGED[1]},
            )
        ],
        fail=lambda: acc.reset_password(db, sam, "short"),
    )


@scenario("accounts.change_own_password")
def _(db, w, _tmp):
    _amy, sam = accounts(db)
    signed_in = acc.sign_in(db, "sam", PASSWORD)
    return Scenario(
        write=lambda: acc.change_own_password(db, PASSWORD, "a new password 2025"),
        expect=lambda _: [updated("app_user", sam, *PASSWORD_CHANGED)],
        fail=lambda: acc.change_own_password(db, "not my password", "a new password 2025"),
        actor=signed_in,
        refusable=False,  # anyone signed in may change their own password
    )


@scenario("accounts.sign_in")
def _(db, w, _tmp):
    _amy, sam = accounts(db)
    failed_at = dt.datetime(2025, 6, 1, 9, 30)
    with pytest.raises(acc.SignInError):
        acc.sign_in(db, "sam", "a wrong guess", now=failed_at)
    # A failed sign-in is itself recorded (it counts towards the wait); one by an unknown name writes nothing.
    return Scenario(
        write=lambda: acc.sign_in(db, "sam", PASSWORD, now=failed_at + dt.timedelta(minutes=1)),
        expect=lambda _: [
            updated(
                "app_user",
                sam,
                {"failed_sign_ins": 1, "last_failed_at": failed_at.isoformat()},
                {"failed_sign_ins": 0, "last_failed_at": None},
            )
        ],
        fail=lambda: acc.sign_in(db, "samuel", PASSWORD),
        error=acc.SignInError,
        actor=NOBODY,  # nobody is signed in yet while the entry is written
        refusable=False,
    )


@scenario("accounts.create_first_administrator")
def _(db, w, _tmp):
    fields = acc.AccountFields("amy", "Amy Admin", frozenset())
    return Scenario(
        write=lambda: acc.create_first_administrator(db, fields, PASSWORD),
        expect=lambda actor: [
            created(
                "app_user",
                find(db, User, User.username == actor.username),
                username="amy",
                roles="administrator",
                active=True,
            )
        ],
        fail=lambda: acc.create_first_administrator(db, fields, "short"),
        actor=acc.SYSTEM,  # the program makes it, before anyone can sign in
        refusable=False,
    )


# === settings and workbook import: one summary entry each, written by hand =======================


@scenario("settings.save_attendance_thresholds")
def _(db, w, _tmp):
    return Scenario(
        write=lambda: save_attendance_thresholds(db, AttendanceThresholds(missed_in_a_row=2, minimum_rate=60)),
        expect=lambda _: [
            Summary(
                "setting",
                "update",
                {"missed_in_a_row": 3, "minimum_rate": 50},
                {"missed_in_a_row": 2, "minimum_rate": 60},
            )
        ],
        fail=lambda: save_attendance_thresholds(db, AttendanceThresholds(green_from=40)),  # under amber
        row_by_row=False,
    )


@scenario("settings.save_organisation")
def _(db, w, _tmp):
    named = Organisation("Shire Safeguarding Partnership", "Business unit", "unit@example.org")
    return Scenario(
        write=lambda: save_organisation(db, named),
        expect=lambda _: [
            Summary(
                "setting",
                "update",
                {"name": "", "organiser_name": "", "organiser_email": ""},
                {"name": named.name, "organiser_name": named.organiser_name, "organiser_email": named.organiser_email},
            )
        ],
        fail=lambda: save_organisation(db, Organisation("Shire", "Unit", "not an address")),
        row_by_row=False,
    )


@scenario("workbook_import.import_workbook")
def _(db, w, tmp):
    workbook = tmp / "partnership.xlsx"
    export_workbook(db, workbook)
    broken = tmp / "broken.xlsx"
    book = load_workbook(workbook)
    book["Agencies"].cell(row=2, column=1).value = None  # an agency without a name
    book.save(broken)
    # The workbook still has the old name, which the import matches by: it adds the agency under that name again
    # (and what the small world keeps only implicitly, such as its challenge themes: the row-by-row check below
    # holds the import to every row it writes).
    st.update_agency(db, w.agencies["NPS"], st.AgencyFields("Probation Service", Sector.PROBATION, "NPS"))
    nps_name = "National Probation Service"
    return Scenario(
        write=lambda: import_workbook(db, workbook),
        expect=lambda summary: [
            Summary("database", "import", None, {"file": "partnership.xlsx", "rows": summary.describe()}),
            created("agency", find(db, Agency, Agency.name == nps_name), name=nps_name, short_name="NPS"),
        ],
        fail=lambda: import_workbook(db, broken),
        error=WorkbookImportError,
        # Every record the import adds or changes has its own entry, beside the entry naming the file.
        summaries=1,
        expect_all=False,
    )


@scenario("backups.restore_from_backup")
def _(db, w, _tmp):
    if not db.is_sqlite:
        pytest.skip("a shared server is restored by its own means")
    copy = backup_now(db, "manual")
    not_a_database = _tmp / "notes.sqlite"
    not_a_database.write_text("not a database")
    return Scenario(
        write=lambda: restore_from_backup(db, copy),
        expect=lambda _safety: [Summary("database", "restore", None, {"from": copy.name, **kept_in(db)})],
        fail=lambda: restore_from_backup(db, not_a_database),
        error=BackupError,
        row_by_row=False,
    )


def kept_in(db) -> dict:
    """The safety copy a restore made of the state before it: the newest before-restore copy."""
    copies = [copy for copy in list_backups(db) if copy.reason == "before-restore"]
    return {"previous state kept in": copies[0].path.name}


@scenario("backups.save_backup_settings")
def _(db, w, _tmp):
    return Scenario(
        write=lambda: save_backup_settings(db, Retention(daily=3, weekly=5, monthly=6), 45),
        expect=lambda _: [
            Summary(
                "setting",
                "update",
                {"daily": 7, "monthly": 12, "interval_minutes": 30},
                {"daily": 3, "monthly": 6, "interval_minutes": 45},
            )
        ],
        fail=lambda: save_backup_settings(db, Retention(daily=-1), 45),
        row_by_row=False,
    )


# === case reviews (issue 24) =====================================================================


def review_kind(db: Database, prefix: str) -> int:
    return find(db, CaseReviewKind, CaseReviewKind.prefix == prefix)


def review_history(db: Database, review_id: int) -> int:
    """The newest step of a review's history."""
    with db.session() as session:
        return session.scalar(
            select(func.max(CaseReviewStatusChange.id)).where(CaseReviewStatusChange.case_review_id == review_id)
        )


def review_fields(db: Database, w: World, prefix: str = "RR", **others) -> cr.CaseReviewFields:
    return cr.CaseReviewFields(
        review_kind(db, prefix),
        "Oliver",
        day(-20),
        overseeing_group_id=w.groups[CHILDREN_BOARD],
        referring_agency_id=w.agencies["Police"],
        **others,
    )


@scenario("case_reviews.record_case_review")
def _(db, w, _tmp):
    theme = cr.add_learning_theme(db, "Professional curiosity")

    def entries(new_id):
        return [
            created(
                "case_review",
                new_id,
                reference="RR-2025-01",
                name="Oliver",
                notified_on=day(-20).isoformat(),
                status="notified",
                referring_agency_id=w.agencies["Police"],
            ),
            created(
                "case_review_history",
                review_history(db, new_id),
                case_review_id=new_id,
                from_status=None,
                to_status="notified",
                changed_by="amy",
            ),
            created(
                "case_review_theme",
                find(db, CaseReviewTheme, CaseReviewTheme.case_review_id == new_id),
                theme_id=theme,
            ),
            created(
                "case_review_reference_counter",
                find(db, CaseReviewReferenceCounter, CaseReviewReferenceCounter.prefix == "RR"),
                year=2025,
                last_number=1,
            ),
        ]

    return Scenario(
        write=lambda: cr.record_case_review(db, review_fields(db, w, themes=["Professional curiosity"])),
        expect=entries,
        fail=lambda: cr.record_case_review(db, review_fields(db, w, rapid_review_held_on=day(-30))),
    )


@scenario("case_reviews.update_case_review")
def _(db, w, _tmp):
    review = cr.record_case_review(db, review_fields(db, w))
    fields = review_fields(db, w, rapid_review_held_on=day(-5))
    return Scenario(
        write=lambda: cr.update_case_review(db, review, fields, version_of(db, CaseReview, review)),
        expect=lambda _: [
            updated(
                "case_review", review, {"rapid_review_held_on": None}, {"rapid_review_held_on": day(-5).isoformat()}
            )
        ],
        fail=lambda: cr.update_case_review(db, review, review_fields(db, w, decided_on=day(-2))),  # no outcome
    )


@scenario("case_reviews.change_review_status")
def _(db, w, _tmp):
    review = cr.record_case_review(db, review_fields(db, w))

    def entries(_):
        return [
            updated("case_review", review, {"status": "notified"}, {"status": "rapid_review"}),
            created(
                "case_review_history",
                review_history(db, review),
                from_status="notified",
                to_status="rapid_review",
                changed_on=day(-3).isoformat(),
                note="Partners met",
            ),
        ]

    return Scenario(
        write=lambda: cr.change_review_status(db, review, CaseReviewStatus.RAPID_REVIEW, day(-3), "Partners met"),
        expect=entries,
        fail=lambda: cr.change_review_status(db, review, CaseReviewStatus.PUBLISHED, day(-3)),  # not published yet
    )


@scenario("case_reviews.delete_case_review")
def _(db, w, _tmp):
    review = cr.record_case_review(db, review_fields(db, w))
    step = review_history(db, review)
    recommendation = cr.add_recommendation(db, review, "Ask about dogs in the home.")
    used = cr.record_case_review(db, review_fields(db, w))
    cr.add_recommendation_action(
        db, cr.add_recommendation(db, used, "Brief GPs."), w.meetings["board-1"], me.ActionFields("Brief GPs")
    )
    return Scenario(
        write=lambda: cr.delete_case_review(db, review),
        expect=lambda _: [
            deleted("case_review", review, reference="RR-2025-01"),
            deleted("case_review_history", step, case_review_id=review),
            deleted("recommendation", recommendation, number=1),
        ],
        fail=lambda: cr.delete_case_review(db, used),  # its recommendation has an action
        error=InUseError,
    )


@scenario("case_reviews.add_recommendation")
def _(db, w, _tmp):
    review = cr.record_case_review(db, review_fields(db, w))
    cr.add_recommendation(db, review, "Ask about dogs in the home.")
    return Scenario(
        write=lambda: cr.add_recommendation(db, review, "Brief GPs on professional curiosity."),
        expect=lambda new_id: [
            created(
                "recommendation", new_id, case_review_id=review, number=2, text="Brief GPs on professional curiosity."
            )
        ],
        fail=lambda: cr.add_recommendation(db, review, "   "),
    )


@scenario("case_reviews.update_recommendation")
def _(db, w, _tmp):
    review = cr.record_case_review(db, review_fields(db, w))
    item = cr.add_recommendation(db, review, "Ask about dogs.")
    return Scenario(
        write=lambda: cr.update_recommendation(
            db, item, "Ask about dogs in the home.", version_of(db, Recommendation, item)
        ),
        expect=lambda _: [
            updated("recommendation", item, {"text": "Ask about dogs."}, {"text": "Ask about dogs in the home."})
        ],
        fail=lambda: cr.update_recommendation(db, item, "Ask.", stale(db, Recommendation, item)),
        error=ConflictError,
    )


@scenario("case_reviews.delete_recommendation")
def _(db, w, _tmp):
    review = cr.record_case_review(db, review_fields(db, w))
    item = cr.add_recommendation(db, review, "Ask about dogs.")
    used = cr.add_recommendation(db, review, "Brief GPs.")
    cr.add_recommendation_action(db, used, w.meetings["board-1"], me.ActionFields("Brief GPs"))
    return Scenario(
        write=lambda: cr.delete_recommendation(db, item),
        expect=lambda _: [deleted("recommendation", item, text="Ask about dogs.")],
        fail=lambda: cr.delete_recommendation(db, used),
        error=InUseError,
    )


@scenario("case_reviews.add_recommendation_action")
def _(db, w, _tmp):
    review = cr.record_case_review(db, review_fields(db, w))
    item = cr.add_recommendation(db, review, "Brief GPs.")
    board_1 = w.meetings["board-1"]
    return Scenario(
        write=lambda: cr.add_recommendation_action(
            db, item, board_1, me.ActionFields("Brief GPs", owner_agency_id=w.agencies["CCG"], due_date=day(30))
        ),
        expect=lambda new_id: [
            created(
                "action",
                new_id,
                meeting_id=board_1,
                recommendation_id=item,
                reference="RR-2025-01/1.1",
                owner_agency_id=w.agencies["CCG"],
                status="open",
            )
        ],
        fail=lambda: cr.add_recommendation_action(db, item, board_1, me.ActionFields("  ")),
    )


@scenario("case_reviews.add_review_kind")
def _(db, w, _tmp):
    return Scenario(
        write=lambda: cr.add_review_kind(db, "Domestic homicide review", "DHR"),
        expect=lambda new_id: [
            created("case_review_kind", new_id, name="Domestic homicide review", prefix="DHR", active=True)
        ],
        fail=lambda: cr.add_review_kind(db, "Another rapid review", "rr"),
    )


@scenario("case_reviews.add_learning_theme")
def _(db, w, _tmp):
    cr.add_learning_theme(db, "Neglect")
    return Scenario(
        write=lambda: cr.add_learning_theme(db, "Professional curiosity"),
        expect=lambda new_id: [created("learning_theme", new_id, name="Professional curiosity", active=True)],
        fail=lambda: cr.add_learning_theme(db, "neglect"),
    )


@scenario("case_reviews.rename_learning_theme")
def _(db, w, _tmp):
    theme = cr.add_learning_theme(db, "CSA")
    return Scenario(
        write=lambda: cr.rename_learning_theme(db, theme, "Child sexual abuse", version_of(db, LearningTheme, theme)),
        expect=lambda _: [updated("learning_theme", theme, {"name": "CSA"}, {"name": "Child sexual abuse"})],
        fail=lambda: cr.rename_learning_theme(db, theme, "Child sexual abuse", stale(db, LearningTheme, theme)),
        error=ConflictError,
    )


@scenario("case_reviews.set_learning_theme_active")
def _(db, w, _tmp):
    theme = cr.add_learning_theme(db, "Neglect")
    return Scenario(
        write=lambda: cr.set_learning_theme_active(db, theme, False),
        expect=lambda _: [updated("learning_theme", theme, {"active": True}, {"active": False})],
        fail=lambda: cr.set_learning_theme_active(db, 999_999, False),
        error=NotFoundError,
    )


@scenario("case_reviews.save_report_months")
def _(db, w, _tmp):
    return Scenario(
        write=lambda: cr.save_report_months(db, 9),
        expect=lambda _: [Summary("setting", "update", {"report_months": 6}, {"report_months": 9})],
        fail=lambda: cr.save_report_months(db, 0),
        row_by_row=False,
    )


# === the tests (after the scenarios, which they are parametrized over) ===========================


@pytest.mark.parametrize("qualified_name", sorted(SCENARIOS))
def test_a_write_is_audited_exactly_and_a_failed_one_not_at_all(database, tmp_path, qualified_name, with_world):
    module, name = qualified_name.split(".")
    world = with_world(database, TODAY)
    database.actor = ADMIN
    plan = SCENARIOS[qualified_name](database, world, tmp_path)
    database.actor = plan.actor
    start = snapshot(database)
    mark = last_audit_id(database)

    if plan.fail is not None:
        with pytest.raises(plan.error):
            plan.fail()
        assert snapshot(database) == start, f"a failed {name} changed the database or its audit trail"
    if plan.refusable:
        database.actor = refused_actor(permission_of(module, name))
        with pytest.raises(PermissionDeniedError):
            plan.write()
        assert snapshot(database) == start, f"a refused {name} changed the database or its audit trail"
        database.actor = plan.actor

    result = plan.write()
    end = snapshot(database)
    entries = trail_since(database, mark)
    assert entries, f"{name} left no audit entry"
    assert {entry.username for entry in entries} == {plan.actor.username}
    written = in_order(
        [
            (
                entry.entity,
                entry.entity_id,
                entry.operation,
                None if entry.before is None else json.loads(entry.before),
                None if entry.after is None else json.loads(entry.after),
            )
            for entry in entries
        ]
    )
    expected = in_order([resolve(expected, start, end) for expected in plan.expect(result)])
    if plan.expect_all:
        assert written == expected
    else:
        assert [entry for entry in expected if entry not in written] == []
    if plan.row_by_row:
        by_row = [entry for entry in written if entry[0] != "database"]
        assert len(written) - len(by_row) == plan.summaries
        assert by_row == in_order(changes_between(start, end)), "a changed row is missing from the trail"


def test_every_write_service_has_an_audit_scenario():
    """A new write service (one that opens a unit of work), in any module of services/, must get a scenario."""
    # themes: the steps that challenge themes and learning themes share, each opening its unit of work; the use
    # cases of challenges and case_reviews that call them are the write services, and have the scenarios.
    from board_admin.services import themes

    shared_steps = [
        name
        for name, function in inspect.getmembers(themes, inspect.isfunction)
        if function.__module__ == themes.__name__ and not name.startswith("_")
    ]
    modules = {info.name for info in pkgutil.iter_modules(services.__path__)} - {"uow", "themes"}
    assert set(MODULES) <= modules
    writers = set()
    for module in modules:
        loaded = importlib.import_module(f"board_admin.services.{module}")
        for name, function in inspect.getmembers(loaded, inspect.isfunction):
            if function.__module__ == loaded.__name__ and not name.startswith("_"):
                source = inspect.getsource(function)
                if "UnitOfWork(" in source or any(f"{step}(" in source for step in shared_steps):
                    writers.add(f"{module}.{name}")
    assert sorted(writers - SCENARIOS.keys()) == [], "write services without an audit scenario"
    assert sorted(SCENARIOS.keys() - writers) == [], "scenarios for something that is not a write service"
