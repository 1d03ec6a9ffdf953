"""The governance structure read for the screens, the diagram and the annual report: groups in the order of
the structure, who represents each agency where, a person's seats across groups, and the agency x group
matrix ("agencies represented on the boards", seed 002 appendix 1).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from board_admin.db.engine import Database
from board_admin.db.models import Agency, Membership, Person
from board_admin.domain.enums import GroupKind, MemberRole, Sector
from board_admin.reports.lists import (
    AGENCY_COLUMNS,
    PERSON_COLUMNS,
    AgencyRow,
    GroupRow,
    MemberRow,
    PersonRow,
    group_rows,
    member_rows,
    membership_active_on,
)

_ROLE_ORDER = {role: position for position, role in enumerate(MemberRole)}
_KIND_ORDER = {kind: position for position, kind in enumerate(GroupKind)}


# --- the structure in order ----------------------------------------------------------------------


@dataclass(frozen=True)
class PlacedGroup:
    """A group with its depth in the structure (0 for a board at the top) and its parent when shown."""

    group: GroupRow
    depth: int
    parent_id: int | None


def running_on(group: GroupRow, on_date: dt.date) -> bool:
    """A group sits in the structure from its start date to its end date, both included."""
    started = group.start_date is None or group.start_date <= on_date
    return started and (group.end_date is None or group.end_date >= on_date)


def structure_order(groups: Iterable[GroupRow]) -> list[PlacedGroup]:
    """The groups depth first, each under the group it reports to; siblings boards first, then by name.

    A group whose parent is not in `groups` (ended, say) or whose chain of parents loops is put at the top.
    """
    groups = list(groups)
    by_id = {group.id: group for group in groups}

    def parent_of(group: GroupRow) -> int | None:
        parent_id = group.parent_id
        seen = {group.id}
        current = parent_id
        while current is not None and current in by_id:
            if current in seen:
                return None
            seen.add(current)
            current = by_id[current].parent_id
        return parent_id if parent_id in by_id else None

    children: dict[int | None, list[GroupRow]] = defaultdict(list)
    for group in groups:
        children[parent_of(group)].append(group)
    for siblings in children.values():
        siblings.sort(key=lambda group: (_KIND_ORDER[group.kind], group.name.casefold()))

    placed: list[PlacedGroup] = []

    def visit(parent_id: int | None, depth: int) -> None:
        for group in children.get(parent_id, ()):
            placed.append(PlacedGroup(group, depth, parent_id))
            visit(group.id, depth + 1)

    visit(None, 0)
    return placed


def structure_on(database: Database, on_date: dt.date | None = None) -> list[PlacedGroup]:
    """The groups running on `on_date` (today) in the order of the structure."""
    on_date = on_date or dt.date.today()
    return structure_order(group for group in group_rows(database, on_date) if running_on(group, on_date))


# --- a person's seats, an agency's representatives -----------------------------------------------


# One membership seen from a person or from an agency: the same row the group's members list reads.
SeatRow = MemberRow


def _current_first(rows: list[SeatRow], on_date: dt.date, name) -> list[SeatRow]:
    # Current seats first; within each, the latest start first, so that the history reads backwards in time.
    return sorted(
        rows,
        key=lambda row: (not row.current_on(on_date), name(row).casefold(), -row.start_date.toordinal()),
    )


def person_memberships(database: Database, person_id: int, on_date: dt.date | None = None) -> list[SeatRow]:
    """Every membership the person has held, on any group: current ones first, then by group."""
    on_date = on_date or dt.date.today()
    return _current_first(member_rows(database, Membership.person_id == person_id), on_date, lambda row: row.group_name)


def agency_representatives(database: Database, agency_id: int, on_date: dt.date | None = None) -> list[SeatRow]:
    """Everyone who represents (or represented) the agency, and where: current seats first, then by group."""
    on_date = on_date or dt.date.today()
    rows = member_rows(database, Membership.agency_id == agency_id)
    return sorted(
        rows,
        key=lambda row: (
            not row.current_on(on_date),
            row.group_name.casefold(),
            _ROLE_ORDER[row.role],
            row.person_name.casefold(),
        ),
    )


@dataclass(frozen=True)
class PersonDetail(PersonRow):
    """A person as their page and their edit form show them; `version` guards the edit against a change
    someone else saved meanwhile."""

    version: int


def person_detail(database: Database, person_id: int) -> PersonDetail | None:
    query = (
        select(*PERSON_COLUMNS, Person.version)
        .join(Agency, Agency.id == Person.agency_id)
        .where(Person.id == person_id)
    )
    with database.session() as session:
        row = session.execute(query).first()
    return PersonDetail(*row) if row else None


@dataclass(frozen=True)
class AgencyDetail(AgencyRow):
    """An agency as its page and its edit form show it: `people` counts those who have left too."""

    version: int
    people: int


def agency_detail(database: Database, agency_id: int) -> AgencyDetail | None:
    people = select(func.count()).where(Person.agency_id == agency_id).scalar_subquery()
    active = select(func.count()).where(Person.agency_id == agency_id, Person.active.is_(True)).scalar_subquery()
    query = select(*AGENCY_COLUMNS, active, Agency.version, people).where(Agency.id == agency_id)
    with database.session() as session:
        row = session.execute(query).first()
    return AgencyDetail(*row) if row else None


@dataclass(frozen=True)
class SeatCounts:
    """How many groups each agency and each person sits on on a day (memberships active then)."""

    by_agency: dict[int, int]
    by_person: dict[int, int]


def current_seat_counts(database: Database, on_date: dt.date | None = None) -> SeatCounts:
    on_date = on_date or dt.date.today()
    active = membership_active_on(on_date)
    by_agency = select(Membership.agency_id, func.count(func.distinct(Membership.group_id))).where(active)
    by_person = select(Membership.person_id, func.count(func.distinct(Membership.group_id))).where(active)
    with database.session() as session:
        agencies = {key: count for key, count in session.execute(by_agency.group_by(Membership.agency_id))}
        people = {key: count for key, count in session.execute(by_person.group_by(Membership.person_id))}
    return SeatCounts(agencies, people)


# --- the agency x group matrix -------------------------------------------------------------------

TICK = "✓"

# The letters the printed matrix uses for each role, so that a column stays a finger's width wide; the
# documents print this key with them (`ROLE_KEY`).
ROLE_CODES = {
    MemberRole.CHAIR: "C",
    MemberRole.VICE_CHAIR: "VC",
    MemberRole.MEMBER: TICK,
    MemberRole.DEPUTY: "D",
    MemberRole.ADVISER: "A",
    MemberRole.OBSERVER: "O",
    MemberRole.LAY_MEMBER: "L",
    MemberRole.MINUTE_TAKER: "MT",
}
ROLE_KEY = " · ".join(f"{ROLE_CODES[role]} {role.label.lower()}" for role in MemberRole)


@dataclass(frozen=True)
class MatrixCell:
    """What an agency holds on a group on the day: the roles of its people there, most senior first."""

    roles: tuple[MemberRole, ...]
    people: tuple[str, ...]

    @property
    def text(self) -> str:
        """The most senior role the agency holds there, a tick for an ordinary member (the annual report's
        table stays narrow; `described` gives every role)."""
        if not self.roles:
            return ""
        return TICK if self.roles[0] is MemberRole.MEMBER else self.roles[0].label

    @property
    def code(self) -> str:
        """The most senior role as its letter from ROLE_CODES (a tick for an ordinary member)."""
        return ROLE_CODES[self.roles[0]] if self.roles else ""

    @property
    def described(self) -> str:
        return ", ".join(role.label for role in self.roles)


EMPTY_CELL = MatrixCell((), ())


@dataclass(frozen=True)
class MatrixAgency:
    id: int
    name: str
    short_name: str | None
    sector: Sector
    statutory_partner: bool


@dataclass(frozen=True)
class MembershipMatrix:
    on_date: dt.date
    groups: tuple[PlacedGroup, ...]
    agencies: tuple[MatrixAgency, ...]
    cells: dict[tuple[int, int], MatrixCell]

    def cell(self, agency_id: int, group_id: int) -> MatrixCell:
        return self.cells.get((agency_id, group_id), EMPTY_CELL)

    def groups_of(self, agency_id: int) -> int:
        return sum(1 for placed in self.groups if (agency_id, placed.group.id) in self.cells)


def membership_matrix(
    database: Database, on_date: dt.date | None = None, group_ids: Iterable[int] | None = None
) -> MembershipMatrix:
    """Which agencies sit on which groups on `on_date` (today): the groups running that day in the order of
    the structure (or only `group_ids`), the agencies represented on at least one of them, statutory
    partners first and then by name."""
    on_date = on_date or dt.date.today()
    placed = structure_on(database, on_date)
    if group_ids is not None:
        wanted = set(group_ids)
        placed = [entry for entry in placed if entry.group.id in wanted]
    shown = {entry.group.id for entry in placed}
    query = (
        select(
            Membership.agency_id,
            Membership.group_id,
            Membership.role,
            Person.name,
            Agency.name,
            Agency.short_name,
            Agency.sector,
            Agency.statutory_partner,
        )
        .join(Person, Person.id == Membership.person_id)
        .join(Agency, Agency.id == Membership.agency_id)
        .where(membership_active_on(on_date), Membership.group_id.in_(shown or {-1}))
        .order_by(func.lower(Person.name))
    )
    roles: dict[tuple[int, int], set[MemberRole]] = defaultdict(set)
    people: dict[tuple[int, int], list[str]] = defaultdict(list)
    agencies: dict[int, MatrixAgency] = {}
    with database.session() as session:
        for agency_id, group_id, role, person, name, short_name, sector, statutory in session.execute(query):
            roles[agency_id, group_id].add(role)
            if person not in people[agency_id, group_id]:
                people[agency_id, group_id].append(person)
            agencies[agency_id] = MatrixAgency(agency_id, name, short_name, sector, statutory)
    cells = {
        key: MatrixCell(tuple(sorted(held, key=_ROLE_ORDER.__getitem__)), tuple(people[key]))
        for key, held in roles.items()
    }
    ordered = sorted(agencies.values(), key=lambda agency: (not agency.statutory_partner, agency.name.casefold()))
    return MembershipMatrix(on_date, tuple(placed), tuple(ordered), cells)
