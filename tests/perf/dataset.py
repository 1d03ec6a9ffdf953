"""The benchmark's dataset: a large partnership's ten-year history, built through the services.

Everything is written the way the application writes it (services/structure.py, meetings.py,
challenges.py, funding.py, as a signed-in administrator), so the rows, the audit trail and the indexes are
those a real office would have after ten years, not what raw SQL would give. The services that take a
batch are used where they exist (a whole schedule in one call, one call per status of a register).

Deterministic from the seed (one random.Random); `scale` shrinks every count for the quick mode. The
finished SQLite file is cached under `.benchmarks/` keyed by seed, scale, schema heads and the generator's
version, because the full build takes minutes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import shutil
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from board_admin.db.engine import Database, open_database, sqlite_url
from board_admin.db.migrate import head_revisions
from board_admin.db.models import BudgetLine, FinancialYearRecord, Group, Meeting
from board_admin.domain.enums import (
    ActionStatus,
    AttendanceStatus,
    Frequency,
    GroupKind,
    MemberRole,
    Rag,
    Remit,
    Sector,
    UserRole,
)
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import SYSTEM
from board_admin.domain.schedule import LAST, SchedulePlan, ScheduleRule
from board_admin.services import challenges, funding, meetings, minutes, structure
from board_admin.services.accounts import AccountFields, create_account, create_first_administrator

# Bump when the generator changes what it builds: the cached files are then rebuilt.
GENERATOR_VERSION = 1
DEFAULT_SEED = 20261121
CACHE_DIR = Path(__file__).resolve().parents[2] / ".benchmarks"
# The accounts of the benchmark database (the services refuse passwords shorter than eight characters).
ACCOUNTS = (
    ("admin", "Benchmark Administrator", UserRole.ADMINISTRATOR),
    ("chair", "Benchmark Chair", UserRole.CHAIR),
    ("finance", "Benchmark Finance", UserRole.FINANCE),
)
PASSWORD = "benchmark"
# The first of the ten financial years; the last ends on 31/03/2026, before "today" in every run.
FIRST_YEAR = 2016
SEATS = 20

FIRST_NAMES = (
    "Aisha Alan Alice Amir Amy Andrew Angela Anna Ben Beth Carol Chloe Chris Claire Daniel David Deborah Emma "
    "Fatima Fiona Gareth Grace Hannah Helen Ian Imran Jack James Jane Jo Karen Kate Kevin Laura Leon Lisa Mark "
    "Mary Michael Mohammed Nadia Neil Nicola Oliver Paul Priya Rachel Rebecca Richard Robert Ruth Sam Sarah "
    "Simon Sophie Steve Susan Tom Tracey Victoria Wendy Yusuf Zoe"
).split()
SURNAMES = (
    "Adams Ahmed Ali Allen Baker Barker Bell Bennett Brown Campbell Carter Clarke Cole Cook Cooper Davies Dixon "
    "Edwards Ellis Evans Fisher Fletcher Foster Graham Green Hall Harris Hill Holmes Hughes Hunt Jackson James "
    "Johnson Jones Kaur Kelly Khan King Knight Lee Lewis Marshall Martin Mason Mills Mitchell Moore Morgan Morris "
    "Murphy Nelson Owen Parker Patel Pearson Phillips Price Reid Richards Roberts Robinson Rogers Russell Scott "
    "Shaw Singh Smith Stevens Taylor Thomas Thompson Turner Walker Ward Watson White Williams Wilson Wood Wright "
    "Young"
).split()
PLACES = (
    "Ashford Barnham Castleton Dunmore Eastfield Fenwick Greystone Hadley Ivybridge Kingsmere Larkhill Millbrook "
    "Northgate Oakham Pinewood Queensbury Redcliffe Stanmore Thornbury Upton Westcombe Yardley"
).split()
AGENCY_KINDS = (
    ("{} Council Children's Services", Sector.LOCAL_AUTHORITY),
    ("{} Council Adult Social Care", Sector.LOCAL_AUTHORITY),
    ("{} Police Division", Sector.POLICE),
    ("{} Hospitals NHS Trust", Sector.HEALTH),
    ("{} Integrated Care Board", Sector.HEALTH),
    ("{} Academy Trust", Sector.EDUCATION),
    ("{} Probation Delivery Unit", Sector.PROBATION),
    ("{} Fire and Rescue Station", Sector.FIRE_AND_RESCUE),
    ("{} Housing Association", Sector.HOUSING),
    ("{} Family Support Charity", Sector.VOLUNTARY),
    ("{} Churches Together", Sector.FAITH),
)
GROUP_TOPICS = (
    "Quality and Performance, Learning and Development, Child Death Overview, Safeguarding Adults Review, "
    "Child Safeguarding Practice Review, Exploitation, Domestic Abuse, Neglect, Early Help, Education Safeguarding, "
    "Health Safeguarding, Missing Children, Online Safety, Self-neglect and Hoarding, Transitions, Modern Slavery, "
    "Communications and Engagement, Business Planning, Finance, Multi-agency Audit, Policy and Procedures, "
    "Mental Capacity, Prevent, Private Fostering, Allegations Management, Voice of the Child, Carers, "
    "Substance Misuse, Homelessness, Faith Communities"
).split(", ")
THEMES = (
    "Information sharing",
    "Attendance at meetings",
    "Timeliness of referrals",
    "Quality of assessments",
    "Training compliance",
    "Escalation of concerns",
    "Voice of the child",
    "Workforce capacity",
)
JOB_TITLES = ("Head of Service", "Designated Nurse", "Detective Inspector", "Manager")
UNDONE = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
BUDGET_LINES = (
    "Independent chair",
    "Business unit staffing",
    "Training programme",
    "Case reviews",
    "Audit and quality assurance",
    "Communications",
    "Venue hire",
    "IT and systems",
    "Conferences and events",
    "Legal advice",
)
MINUTE_SENTENCES = (
    "The chair welcomed members and thanked the presenting agency for the report circulated in advance.",
    "Members discussed the quarterly performance data and noted the rise in referrals from schools.",
    "The group agreed that the learning from the recent review should be shared across the partnership.",
    "Concerns were raised about the timeliness of strategy discussions outside office hours.",
    "The health representatives confirmed that the revised pathway would be in place by the end of the quarter.",
    "The police representative described the new multi-agency screening arrangements and their early results.",
    "Members asked for a breakdown of the figures by locality at the next meeting.",
    "The group noted the audit findings and the action plan agreed by the agencies concerned.",
)


@dataclass(frozen=True)
class Scale:
    """Counts of the full dataset (issue #12) multiplied by `factor`, with small floors for quick mode."""

    factor: Fraction

    def of(self, full: int, least: int = 1) -> int:
        return max(least, round(full * self.factor))

    @property
    def years(self) -> int:
        return self.of(10, 2)


@dataclass
class _Seat:
    """One member's time on a group, as the generator planned it (for the registers it then records)."""

    membership_id: int
    person_id: int
    start: dt.date
    end: dt.date | None
    deputy_id: int | None = None


@dataclass
class _Plan:
    agency_ids: list[int] = field(default_factory=list)
    person_agency: dict[int, int] = field(default_factory=dict)
    group_ids: list[int] = field(default_factory=list)
    seats: dict[int, list[_Seat]] = field(default_factory=dict)
    held: list[tuple[int, int, dt.date]] = field(default_factory=list)  # meeting id, group id, date


def cache_path(seed: int, scale: Fraction, cache_dir: Path | None = None) -> Path:
    heads = "+".join(sorted(head_revisions(Database("sqlite://"))))
    key = hashlib.sha1(f"{seed}|{scale}|{heads}|{GENERATOR_VERSION}".encode()).hexdigest()[:12]
    label = "full" if scale == 1 else f"scale-{scale.numerator}-{scale.denominator}"
    return (cache_dir or CACHE_DIR) / f"perf-{label}-{seed}-{key}.sqlite"


def ensure_dataset(
    seed: int = DEFAULT_SEED, scale: Fraction = Fraction(1), cache_dir: Path | None = None, log=print
) -> Path:
    """The cached SQLite file for (seed, scale, schema), built first if missing; returns its path."""
    path = cache_path(seed, scale, cache_dir)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(".building")
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    log(f"Building the benchmark dataset (seed {seed}, scale {scale}) in {path} ...")
    started = time.perf_counter()
    database = open_database(sqlite_url(building))
    try:
        build_dataset(database, seed, scale, log=log)
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.dispose()
    shutil.move(building, path)
    for leftover in (Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    log(f"Built in {time.perf_counter() - started:.0f} s.")
    return path


def build_dataset(database: Database, seed: int, scale: Fraction, log=print) -> None:
    """Writes the whole dataset into an empty, migrated database, through the services."""
    builder = _Builder(database, random.Random(seed), Scale(Fraction(scale)), log)
    with database.acting_as(SYSTEM):  # the builder stands in for the office's work over ten years
        builder.build()


class _Builder:
    def __init__(self, database: Database, rng: random.Random, scale: Scale, log) -> None:
        self.db = database
        self.rng = rng
        self.scale = scale
        self.log = log
        self.plan = _Plan()
        self.first = dt.date(FIRST_YEAR, 4, 1)
        self.years = [FinancialYear(FIRST_YEAR + index) for index in range(scale.years)]
        self.last = self.years[-1].end

    def build(self) -> None:
        for step in (
            self.accounts,
            self.agencies,
            self.people,
            self.groups,
            self.memberships,
            self.schedules,
            self.registers,
            self.agendas,
            self.actions,
            self.challenges,
            self.funding,
        ):
            started = time.perf_counter()
            step()
            self.log(f"  {step.__name__}: {time.perf_counter() - started:.1f} s")

    def sitting(self, group_id: int, day: dt.date) -> list[_Seat]:
        seats = self.plan.seats[group_id]
        return [seat for seat in seats if seat.start <= day and (seat.end is None or seat.end >= day)]

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    # --- structure ---------------------------------------------------------------------------------

    def accounts(self) -> None:
        username, name, role = ACCOUNTS[0]
        create_first_administrator(self.db, AccountFields(username, name, frozenset({role})), PASSWORD)
        for username, name, role in ACCOUNTS[1:]:
            create_account(self.db, AccountFields(username, name, frozenset({role})), PASSWORD)

    def agencies(self) -> None:
        names = [(kind.format(place), sector) for kind, sector in AGENCY_KINDS for place in PLACES]
        self.rng.shuffle(names)
        for name, sector in names[: self.scale.of(120, 4)]:
            statutory = sector in (Sector.LOCAL_AUTHORITY, Sector.POLICE, Sector.HEALTH)
            self.plan.agency_ids.append(
                structure.create_agency(
                    self.db, structure.AgencyFields(name, sector, statutory_partner=statutory, short_name=None)
                )
            )

    def people(self) -> None:
        names = [f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES]
        count = self.scale.of(1500, SEATS * 2)
        for name in self.rng.sample(names, count):
            agency_id = self.rng.choice(self.plan.agency_ids)
            first, last = name.lower().split()
            person_id = structure.create_person(
                self.db,
                structure.PersonFields(
                    name,
                    agency_id,
                    job_title=self.rng.choice(JOB_TITLES),
                    email=f"{first}.{last}@example.org",
                ),
            )
            self.plan.person_agency[person_id] = agency_id

    def groups(self) -> None:
        count = self.scale.of(60, 3)
        board = structure.create_group(
            self.db,
            structure.GroupFields(
                "Safeguarding Partnership Board",
                GroupKind.BOARD,
                short_name="SPB",
                frequency=Frequency.MONTHLY,
                quorum=8,
                statutory_partners_required=True,
            ),
        )
        self.plan.group_ids.append(board)
        kinds = (GroupKind.SUBGROUP, GroupKind.SUBGROUP, GroupKind.PANEL, GroupKind.FORUM, GroupKind.TASK_AND_FINISH)
        remits = (Remit.JOINT, Remit.CHILDREN, Remit.ADULTS)
        for index in range(count - 1):
            topic = GROUP_TOPICS[index % len(GROUP_TOPICS)]
            remit = remits[index // len(GROUP_TOPICS) % len(remits)] if index >= len(GROUP_TOPICS) else Remit.JOINT
            name = topic + (f" ({remit.label})" if index >= len(GROUP_TOPICS) else "") + " Group"
            # Two in three meet monthly, then bi-monthly, a few quarterly: about 6,000 meetings in ten years.
            frequency = (Frequency.MONTHLY, Frequency.MONTHLY, Frequency.BI_MONTHLY, Frequency.MONTHLY)[index % 4]
            if index % 12 == 11:
                frequency = Frequency.QUARTERLY
            parent = board if index < 20 else self.rng.choice(self.plan.group_ids[1:21] or [board])
            self.plan.group_ids.append(
                structure.create_group(
                    self.db,
                    structure.GroupFields(
                        name,
                        kinds[index % len(kinds)],
                        remit=remit,
                        short_name=f"G{index + 1:02d}",
                        parent_id=parent,
                        frequency=frequency,
                        quorum=5,
                    ),
                )
            )

    def memberships(self) -> None:
        """Twenty seats a group; each seat passes from member to member every two to six years, and
        about one seat in seven has a named deputy from the member's agency."""
        people = list(self.plan.person_agency)
        by_agency: dict[int, list[int]] = {}
        for person_id, agency_id in self.plan.person_agency.items():
            by_agency.setdefault(agency_id, []).append(person_id)
        for group_id in self.plan.group_ids:
            seats: list[_Seat] = []
            taken: list[tuple[int, dt.date, dt.date | None]] = []  # everyone's time on the group, deputies too
            for seat in range(SEATS):
                role = MemberRole.CHAIR if seat == 0 else MemberRole.VICE_CHAIR if seat == 1 else MemberRole.MEMBER
                start = self.first
                while start <= self.last:
                    end = start + dt.timedelta(days=self.rng.randint(730, 2190))
                    end = None if end >= self.last else end
                    sitting = {
                        person
                        for person, first, last in taken
                        if (last is None or last >= start) and (end is None or first <= end)
                    }
                    person_id = self.rng.choice([p for p in people if p not in sitting])
                    membership_id = structure.add_membership(
                        self.db, structure.MembershipFields(group_id, person_id, role, start, end)
                    )
                    planned = _Seat(membership_id, person_id, start, end)
                    seats.append(planned)
                    taken.append((person_id, start, end))
                    if self.rng.random() < 0.15:
                        colleagues = [
                            p
                            for p in by_agency[self.plan.person_agency[person_id]]
                            if p != person_id and p not in sitting
                        ]
                        if colleagues:
                            deputy = self.rng.choice(colleagues)
                            structure.add_membership(
                                self.db,
                                structure.MembershipFields(
                                    group_id, deputy, MemberRole.DEPUTY, start, end, deputy_for_id=membership_id
                                ),
                            )
                            planned.deputy_id = deputy
                            taken.append((deputy, start, end))
                    if end is None:
                        break
                    start = end + dt.timedelta(days=1)
            self.plan.seats[group_id] = seats

    # --- meetings ----------------------------------------------------------------------------------

    def schedules(self) -> None:
        """One schedule per group for the whole ten years (one call each); about 95% are then held,
        the rest cancelled."""
        reasons = ("Not quorate", "Chair unavailable", "Clash with a partnership event", "Venue unavailable")
        with self.db.session() as session:
            frequencies = dict(session.query(Group.id, Group.frequency).all())
        for group_id in self.plan.group_ids:
            rule = ScheduleRule(
                frequencies[group_id],
                weekday=self.rng.randint(0, 4),
                week=self.rng.choice((1, 2, 3, 4, LAST)),
                start_time=dt.time(10, 0),
                end_time=dt.time(12, 0),
            )
            plan = SchedulePlan(rule, self.first, self.last, location="Partnership Office, Meeting Room 1")
            meetings.generate_schedule(self.db, group_id, plan)
        with self.db.session() as session:
            planned = session.query(Meeting.id, Meeting.group_id, Meeting.meeting_date).order_by(Meeting.id).all()
        for meeting_id, group_id, day in planned:
            if self.rng.random() < 0.05:
                meetings.cancel_meeting(self.db, meeting_id, self.rng.choice(reasons))
            else:
                meetings.mark_held(self.db, meeting_id)
                self.plan.held.append((meeting_id, group_id, day))

    def registers(self) -> None:
        """Every held meeting's register: one call per status (the register screen's "mark selected"),
        a deputy line where the member sent their named deputy, and now and then a guest."""
        statuses = (
            [AttendanceStatus.PRESENT] * 75
            + [AttendanceStatus.APOLOGIES] * 13
            + [AttendanceStatus.ABSENT] * 5
            + [AttendanceStatus.DEPUTY] * 7
        )
        people = list(self.plan.person_agency)
        for meeting_id, group_id, day in self.plan.held:
            marks: dict[AttendanceStatus, list[int]] = {}
            for seat in self.sitting(group_id, day):
                status = self.rng.choice(statuses)
                if status is AttendanceStatus.DEPUTY and seat.deputy_id is None:
                    status = AttendanceStatus.APOLOGIES
                marks.setdefault(status, []).append(seat.person_id)
            for status, person_ids in marks.items():
                meetings.set_attendance_many(self.db, meeting_id, person_ids, status)
            if self.rng.random() < 0.2:
                members = {seat.person_id for seat in self.plan.seats[group_id]}
                members |= {seat.deputy_id for seat in self.plan.seats[group_id] if seat.deputy_id}
                guest = self.rng.choice(people)
                if guest not in members:
                    meetings.add_guest(self.db, meeting_id, guest)

    def agendas(self) -> None:
        """The standard agenda on every held meeting; the last year's meetings also get two items with
        minutes and decisions, and their minutes approved at the next meeting."""
        recent = self.years[-1].start
        previous_of: dict[int, int] = {}
        for meeting_id, group_id, day in self.plan.held:
            meetings.add_standard_agenda(self.db, meeting_id)
            if day < recent:
                continue
            for topic in ("Performance report", "Learning from reviews"):
                meetings.add_agenda_item(
                    self.db,
                    meeting_id,
                    meetings.AgendaItemFields(
                        topic,
                        presenter=self.rng.choice(("Business Manager", "Independent Chair", "Designated Nurse")),
                        paper_reference=f"Paper {self.rng.randint(1, 9)}",
                        minutes="\n\n".join(self.rng.sample(MINUTE_SENTENCES, 4)),
                        decisions=self.rng.choice(MINUTE_SENTENCES),
                    ),
                    position=3,
                )
            if group_id in previous_of:
                minutes.approve_minutes(self.db, previous_of[group_id], meeting_id)
            previous_of[group_id] = meeting_id

    def actions(self) -> None:
        count = self.scale.of(3000, 10)
        for _ in range(count):
            meeting_id, group_id, day = self.rng.choice(self.plan.held)
            seat = self.rng.choice(self.sitting(group_id, day))
            due = day + dt.timedelta(days=self.rng.randint(14, 120))
            done = due < self.last - dt.timedelta(days=60) and self.rng.random() < 0.8
            meetings.create_action(
                self.db,
                meeting_id,
                meetings.ActionFields(
                    self.rng.choice(MINUTE_SENTENCES).replace("The group agreed that", "Ensure that"),
                    owner_id=seat.person_id,
                    due_date=due,
                    status=ActionStatus.DONE if done else self.rng.choice(UNDONE),
                    rag=Rag.GREEN if done else self.rng.choice((Rag.RED, Rag.AMBER, Rag.GREEN)),
                ),
            )

    def challenges(self) -> None:
        for theme in THEMES:
            challenges.add_theme(self.db, theme)
        count = self.scale.of(1500, 10)
        for _ in range(count):
            meeting_id, group_id, day = self.rng.choice(self.plan.held)
            raised_by = self.rng.choice(self.sitting(group_id, day)).person_id
            challenge_id = challenges.record_challenge(
                self.db,
                challenges.ChallengeFields(
                    date_raised=day,
                    agency_id=self.rng.choice(self.plan.agency_ids),
                    challenge=self.rng.choice(MINUTE_SENTENCES),
                    theme=self.rng.choice(THEMES),
                    raised_at_meeting_id=meeting_id,
                    raised_by_id=raised_by,
                    response_due=day + dt.timedelta(days=28),
                ),
            )
            if day < self.last - dt.timedelta(days=90) and self.rng.random() < 0.85:
                answered = day + dt.timedelta(days=self.rng.randint(7, 60))
                challenges.record_response(self.db, challenge_id, self.rng.choice(MINUTE_SENTENCES), answered)
                if self.rng.random() < 0.8:
                    challenges.close_challenge(
                        self.db,
                        challenge_id,
                        answered + dt.timedelta(days=self.rng.randint(1, 30)),
                        outcome="The agency's response was accepted and the learning shared.",
                    )

    def funding(self) -> None:
        """Ten financial years: the first set up by hand, each next one opened from the one before (its
        budget lines and agreed contributions copied), with about 2,000 spending entries a year."""
        partners = [agency for agency in self.plan.agency_ids][: self.scale.of(30, 3)]
        entries_a_year = self.scale.of(20000, 20) // len(self.years)
        for index, year in enumerate(self.years):
            funding.open_year(self.db, year)
            if index == 0:
                for name in BUDGET_LINES:
                    funding.create_budget_line(
                        self.db, year, funding.BudgetLineFields(name, self.rng.randint(5_000_00, 120_000_00))
                    )
                for agency_id in partners:
                    funding.create_contribution(
                        self.db, year, funding.ContributionFields(agency_id, self.rng.randint(2_000_00, 60_000_00))
                    )
            funding.create_income_line(
                self.db, year, funding.IncomeFields("Training income", self.rng.randint(1_000_00, 9_000_00))
            )
            with self.db.session() as session:
                line_ids = [
                    line_id
                    for (line_id,) in session.query(BudgetLine.id)
                    .join(FinancialYearRecord)
                    .filter(FinancialYearRecord.start_year == year.start_year)
                    .order_by(BudgetLine.id)
                ]
            for _ in range(entries_a_year):
                pence = self.rng.randint(500, 250_000)
                funding.create_expenditure(
                    self.db,
                    funding.ExpenditureFields(
                        self.rng.choice(line_ids),
                        self.day_between(year.start, year.end),
                        f"{pence // 100}.{pence % 100:02d}",
                        description=self.rng.choice(("Invoice", "Room hire", "Course fees", "Expenses", "Licence")),
                    ),
                )
