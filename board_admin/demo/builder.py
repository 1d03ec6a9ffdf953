"""The demo's builder: turns the seed tables into two financial years of records, deterministically."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from board_admin.db.models import (
    Action,
    AdvanceApology,
    Agency,
    AgendaItem,
    Attendance,
    Decision,
    Declaration,
    Group,
    Meeting,
    Membership,
    MinutesAmendment,
    Person,
)
from board_admin.demo import helpers as h
from board_admin.demo.accounts import DEMO_ADMINISTRATOR
from board_admin.demo.business_builder import BusinessRecords
from board_admin.demo.case_reviews import build_case_reviews
from board_admin.demo.papers import add_demo_papers
from board_admin.demo.seed_business import (
    BOARD_ITEMS,
    CANCELLATION_REASONS,
    COMMON_ITEMS,
    NO_CASES,
    SUBGROUP_ITEMS,
)
from board_admin.demo.seed_structure import (
    AGENCIES,
    CHAIR,
    DOMAINS,
    GROUPS,
    NO_EMAIL,
    NO_PHONE,
    PEOPLE,
    SEATS,
    SEED,
    TEAMS,
    TITLES,
    GroupSpec,
    Record,
    Seat,
)
from board_admin.domain import meetings as meeting_rules
from board_admin.domain import minutes as minutes_rules
from board_admin.domain import structure as rules
from board_admin.domain.dates import format_date
from board_admin.domain.decisions import split_decisions
from board_admin.domain.enums import (
    ActionStatus,
    AttendanceStatus,
    Frequency,
    GroupKind,
    InterestAction,
    InterestKind,
    MeetingStatus,
    MemberRole,
    Rag,
)
from board_admin.domain.financial_year import FinancialYear


@dataclass
class _Line:
    """An attendance line before it becomes a row, kept to write the minutes and actions."""

    person: Person
    status: AttendanceStatus
    agency: Agency
    membership: Membership | None
    deputy: Person | None = None

    @property
    def role(self) -> MemberRole | None:
        return self.membership.role if self.membership else None


class Builder(BusinessRecords):
    def __init__(self, session: Session, today: dt.date) -> None:
        self.session = session
        self.today = today
        self.rng = random.Random(SEED)
        self.current_year = FinancialYear.containing(today)
        self.first_year = self.current_year.previous()
        self.day_zero = self.first_year.start
        self.agencies: dict[str, Agency] = {}
        self.people: dict[str, Person] = {}
        self.groups: dict[str, Group] = {}
        self.specs = {spec.key: spec for spec in GROUPS}
        self.seats: dict[str, list[tuple[Seat, Membership]]] = defaultdict(list)
        self.meetings: dict[str, list[Meeting]] = defaultdict(list)
        # The last decision number given per (group id, financial year), as the decision register counts.
        self.decision_numbers: dict[tuple[int, int], int] = {}
        self.action_numbers: dict[str, int] = defaultdict(int)

    def day(self, offset: int) -> dt.date:
        return self.day_zero + dt.timedelta(days=offset)

    def add(self, record: Record) -> Record:
        self.session.add(record)
        return record

    @staticmethod
    def keep(*problems: str | tuple[str, str] | None) -> None:
        """The seeds obey the rules the services and the import enforce (domain/): a broken one stops the build."""
        for problem in problems:
            if problem:
                raise ValueError(f"The demo seeds break a rule: {problem if isinstance(problem, str) else problem[1]}")

    def build(self) -> None:
        self.build_agencies()
        self.build_people()
        self.build_groups()
        self.build_memberships()
        self.build_meetings()
        self.session.flush()  # agenda items refer to their meeting by id only
        self.build_registers_and_minutes()
        self.build_challenges()
        build_case_reviews(self)
        self.build_money_2015_16()
        for year in (self.first_year, self.current_year):
            if year.start_year != 2015:  # 2015-16 is the seed's year, already there (a demo run in 2016-17)
                self.build_money_recent(year)

    # --- structure -------------------------------------------------------------------------------

    def build_agencies(self) -> None:
        for key, name, short, sector, statutory, active in AGENCIES:
            self.agencies[key] = self.add(
                Agency(name=name, short_name=short, sector=sector, statutory_partner=statutory, active=active)
            )

    def build_people(self) -> None:
        numbers = self.rng.sample(range(100, 1000), len(PEOPLE))
        for (key, name, agency_key, job_title, active), number in zip(PEOPLE, numbers, strict=True):
            words = [word for word in name.split() if word not in TITLES]
            local = ".".join(re.sub(r"[^a-z]", "", word.lower()) for word in (words[0], words[-1]))
            domain = DOMAINS.get(agency_key, f"{agency_key.replace('_', '-')}.example.org.uk")
            self.keep(rules.email_problem(f"{local}@{domain}"))
            self.people[key] = self.add(
                Person(
                    name=name,
                    agency=self.agencies[agency_key],
                    job_title=job_title,
                    email=None if key in NO_EMAIL else f"{local}@{domain}",
                    phone=None if key in NO_PHONE else f"01632 960{number:03d}",
                    active=active,
                )
            )

    def build_groups(self) -> None:
        for spec in GROUPS:
            if spec.runs_from is not None and spec.runs_to is not None:
                self.keep(rules.end_before_start(self.day(spec.runs_from), self.day(spec.runs_to)))
            self.groups[spec.key] = self.add(
                Group(
                    name=spec.name,
                    short_name=spec.short_name,
                    kind=spec.kind,
                    remit=spec.remit,
                    parent=self.groups[spec.parent] if spec.parent else None,
                    frequency=spec.frequency,
                    quorum=spec.quorum,
                    statutory_partners_required=spec.statutory_partners_required,
                    start_date=self.day(spec.runs_from) if spec.runs_from is not None else None,
                    end_date=self.day(spec.runs_to) if spec.runs_to is not None else None,
                )
            )

    def build_memberships(self) -> None:
        for group_key, seats in SEATS.items():
            group = self.groups[group_key]
            for seat in seats:
                if seat.start is not None:
                    start = self.day(seat.start)
                elif group.start_date is not None:
                    start = group.start_date
                else:
                    start = self.day(-self.rng.randint(120, 1400))
                end = self.day(seat.end) if seat.end is not None else group.end_date
                principal = None
                if seat.deputy_for is not None:
                    principal = next(
                        membership
                        for other, membership in self.seats[group_key]
                        if other.person == seat.deputy_for and h.active(membership, max(start, membership.start_date))
                    )
                    # A deputy's seat lasts no longer than the member's they stand in for.
                    start = max(start, principal.start_date)
                    if principal.end_date is not None:
                        end = principal.end_date if end is None else min(end, principal.end_date)
                person = self.people[seat.person]
                self.keep(
                    rules.end_before_start(start, end),
                    rules.outside_group(group.name, group.start_date, group.end_date, start, end),
                    *(
                        rules.already_a_member(person.name, group.name, other.start_date, other.end_date)
                        for _seat, other in self.seats[group_key]
                        if other.person is person and rules.overlaps(start, end, other.start_date, other.end_date)
                    ),
                    principal and rules.deputy_problem(person.name, principal.person is person, seat.role),
                )
                membership = self.add(
                    Membership(
                        group=group,
                        person=person,
                        role=seat.role,
                        agency=self.agencies[seat.agency] if seat.agency else person.agency,
                        start_date=start,
                        end_date=end,
                        deputy_for=principal,
                    )
                )
                self.seats[group_key].append((seat, membership))

    # --- meetings --------------------------------------------------------------------------------

    def build_meetings(self) -> None:
        for spec in GROUPS:
            group = self.groups[spec.key]
            for index in range(24):
                year = self.day_zero.year + (3 + index) // 12
                month = (3 + index) % 12 + 1
                if spec.frequency is Frequency.MONTHLY and month == 8:
                    continue  # nobody meets monthly in August
                if spec.frequency is Frequency.BI_MONTHLY and index % 2 != spec.month_offset:
                    continue
                if spec.frequency is Frequency.QUARTERLY and index % 3 != spec.month_offset:
                    continue
                day = h.nth_weekday(year, month, spec.weekday, spec.week)
                if (group.start_date and day < group.start_date) or (group.end_date and day > group.end_date):
                    continue
                self.meetings[spec.key].append(self.add(self.new_meeting(spec, day)))
        self.postpone_one()
        self.cancel_some()

    def new_meeting(self, spec: GroupSpec, day: dt.date) -> Meeting:
        venue = spec.venue
        if venue != TEAMS and self.rng.random() < 0.3:
            venue = TEAMS
        self.keep(meeting_rules.times_problem(h.time(spec.start), h.time(spec.end)))
        return Meeting(
            group=self.groups[spec.key],
            meeting_date=day,
            start_time=h.time(spec.start),
            end_time=h.time(spec.end),
            location=venue,
            status=MeetingStatus.HELD if day < self.today else MeetingStatus.PLANNED,
        )

    def postpone_one(self) -> None:
        """The children's board's August meeting of the first year moves two weeks on (seed: inspection)."""
        meetings = self.meetings["scpb"]
        original = meetings[2]
        replacement = self.add(self.new_meeting(self.specs["scpb"], original.meeting_date + dt.timedelta(days=14)))
        original.status = MeetingStatus.POSTPONED
        original.cancellation_reason = (
            "Postponed because of the joint targeted area inspection; moved to "
            f"{format_date(replacement.meeting_date)}."
        )
        original.postponed_to = replacement
        meetings.insert(3, replacement)

    def cancel_some(self) -> None:
        for key, meetings in self.meetings.items():
            for position, meeting in enumerate(meetings):
                if meeting.status is not MeetingStatus.HELD or position == 0:
                    continue
                if key in ("cspr", "sar"):
                    # Seed 004 5.18: review groups are scheduled monthly but meet only when business requires.
                    if position == 1 or self.rng.random() < 0.35:
                        meeting.status = MeetingStatus.CANCELLED
                        meeting.cancellation_reason = NO_CASES
                elif key not in ("espb", "scpb") and self.rng.random() < 0.06:
                    meeting.status = MeetingStatus.CANCELLED
                    meeting.cancellation_reason = self.rng.choice(CANCELLATION_REASONS)

    # --- registers, agendas, minutes and actions -------------------------------------------------

    def build_registers_and_minutes(self) -> None:
        for spec in GROUPS:
            meetings = self.meetings[spec.key]
            scheduled = [m for m in meetings if m.status is not MeetingStatus.POSTPONED]
            held = [m for m in meetings if m.status is MeetingStatus.HELD]
            for position, meeting in enumerate(held):
                following = [m for m in scheduled if m.meeting_date > meeting.meeting_date]
                previous = held[position - 1] if position else None
                register = self.register(spec, meeting)
                self.agenda(spec, meeting, register, previous, following[0] if following else None)
                self.approve(meeting, held[position + 1] if position + 1 < len(held) else None)
                sent = next((line for line in register if line.status is AttendanceStatus.APOLOGIES), None)
                if sent is not None:
                    self.apologise(meeting, sent.person, line_too=False)
            if spec.key == "scpb" and len(held) >= 3:
                self.amend(held[-3])
            if spec.key == "scpb" and held:
                # The last held board has its papers and so an agenda pack (demo/papers.py).
                self.session.flush()
                items = self.session.scalars(
                    select(AgendaItem).where(AgendaItem.meeting_id == held[-1].id).order_by(AgendaItem.position)
                )
                add_demo_papers(self.session, held[-1], list(items), DEMO_ADMINISTRATOR)
            upcoming = [m for m in scheduled if m.status is MeetingStatus.PLANNED]
            if upcoming:
                self.draft_agenda(spec, upcoming[0], held[-1] if held else None)
                away = [m.person for m in self.members_on(spec.key, upcoming[0].meeting_date) if m.role is not CHAIR]
                for person in away[1:3] if spec.key in ("scpb", "sapb", "espb") else ():
                    self.apologise(upcoming[0], person, line_too=True)

    def approve(self, meeting: Meeting, approving: Meeting | None) -> None:
        """Draft minutes go out ten days after the meeting and are approved at the group's next one."""
        circulated = meeting.meeting_date + dt.timedelta(days=10)
        if approving is not None:
            meeting.minutes_circulated_on = min(circulated, approving.meeting_date)
            self.keep(
                minutes_rules.approval_problem(
                    meeting.meeting_date, True, approving.meeting_date, True, meeting.minutes_circulated_on
                )
            )
            meeting.minutes_approved_at = approving
        elif circulated <= self.today:
            meeting.minutes_circulated_on = circulated

    def apologise(self, meeting: Meeting, person: Person, *, line_too: bool) -> None:
        """Apologies sent ahead: a few days before the meeting (a line of a held meeting already says so)."""
        received = min(self.today, meeting.meeting_date - dt.timedelta(days=4))
        self.keep(minutes_rules.advance_apology_problem(meeting.meeting_date, received, True))
        note = "On leave" if person.id % 2 else "Clash with a court hearing; will send a deputy if one is free"
        self.add(AdvanceApology(meeting_id=meeting.id, person=person, received_on=received, note=note))
        if line_too:
            membership = next(
                m for m in self.members_on(self.group_key(meeting), meeting.meeting_date) if m.person is person
            )
            self.add(
                Attendance(
                    meeting_id=meeting.id,
                    person=person,
                    status=AttendanceStatus.APOLOGIES,
                    agency=membership.agency,
                )
            )

    def group_key(self, meeting: Meeting) -> str:
        return next(key for key, meetings in self.meetings.items() if meeting in meetings)

    def amend(self, meeting: Meeting) -> None:
        """One correction after approval, so the demo's minutes show an "Amendments after approval" section."""
        recorded = dt.datetime.combine(meeting.minutes_approved_at.meeting_date + dt.timedelta(days=3), dt.time(10, 30))
        if recorded.date() > self.today:
            return
        change, reason = (
            "Item 1: the apologies of the Designated Nurse were received before the meeting, not on the day.",
            "The Designated Nurse pointed out the error after the minutes were approved.",
        )
        self.keep(minutes_rules.amendment_problem(True, change, reason))
        self.add(
            MinutesAmendment(
                meeting_id=meeting.id, recorded_at=recorded, recorded_by="Business Unit", change=change, reason=reason
            )
        )

    def members_on(self, group_key: str, day: dt.date) -> list[Membership]:
        return [
            membership
            for seat, membership in self.seats[group_key]
            if h.active(membership, day) and membership.role is not MemberRole.DEPUTY
        ]

    def deputies_on(self, group_key: str, day: dt.date, principal: Membership) -> list[Person]:
        return [
            membership.person
            for _, membership in self.seats[group_key]
            if membership.deputy_for is principal and h.active(membership, day)
        ]

    def register(self, spec: GroupSpec, meeting: Meeting) -> list[_Line]:
        """One line per member on the day. Deputies are named on their member's line, not given their own."""
        day = meeting.meeting_date
        members = self.members_on(spec.key, day)
        on_register = {id(membership.person) for membership in members}
        lines = []
        for membership in members:
            person = membership.person
            deputy = None
            roll = self.rng.random()
            if person is self.people["nhse"]:
                # Seed 004 5.15: NHS England has not attended, citing capacity: the serial non-attender.
                status = AttendanceStatus.APOLOGIES if roll < 0.45 else AttendanceStatus.ABSENT
            elif membership.role in (MemberRole.CHAIR, MemberRole.MINUTE_TAKER):
                status = AttendanceStatus.PRESENT if roll < 0.94 else AttendanceStatus.APOLOGIES
            elif roll < 0.78:
                status = AttendanceStatus.PRESENT
            elif roll < 0.88:
                status = AttendanceStatus.APOLOGIES
            elif roll < 0.95:
                deputy = self.pick_deputy(spec.key, day, membership, on_register)
                status = AttendanceStatus.DEPUTY if deputy else AttendanceStatus.APOLOGIES
            else:
                status = AttendanceStatus.ABSENT
            if deputy is not None:
                on_register.add(id(deputy))
            lines.append(_Line(person, status, membership.agency, membership, deputy))
        return lines

    def pick_deputy(self, group_key: str, day: dt.date, principal: Membership, taken: set[int]) -> Person | None:
        """The named deputy if there is one, else a colleague from the agency the member represents."""
        candidates = [p for p in self.deputies_on(group_key, day, principal) if id(p) not in taken]
        if not candidates:
            candidates = [
                person
                for person in self.people.values()
                if person.agency is principal.agency and person.active and id(person) not in taken
            ]
        return self.rng.choice(candidates) if candidates else None

    def agenda(
        self,
        spec: GroupSpec,
        meeting: Meeting,
        register: list[_Line],
        previous: Meeting | None,
        following: Meeting | None,
    ) -> None:
        noun = h.noun(spec.kind)
        noun_capital = noun[0].upper() + noun[1:]
        attended = (AttendanceStatus.PRESENT, AttendanceStatus.GUEST)
        chair = next((line for line in register if line.status in attended and line.role is MemberRole.CHAIR), None)
        chair = chair or next(
            (line for line in register if line.status in attended and line.role is MemberRole.VICE_CHAIR), None
        )
        chair_name = chair.person.name if chair else None
        pool = BOARD_ITEMS.get(spec.key, []) + SUBGROUP_ITEMS.get(spec.key, [])
        count = 4 if spec.kind is GroupKind.BOARD else 3
        choices = self.rng.sample(pool, min(len(pool), count - 1))
        choices += self.rng.sample(COMMON_ITEMS, count - len(choices))
        papers = []
        for number, item in enumerate(choices, start=1):
            presenter = self.people[item.presenter]
            line = self.presenter_line(spec.key, meeting.meeting_date, register, presenter)
            if line.status in attended or line.deputy is presenter:
                who, owner = presenter.name, _Line(presenter, AttendanceStatus.PRESENT, line.agency, None)
            elif line.status is AttendanceStatus.DEPUTY and line.deputy:
                who = f"{line.deputy.name} for {presenter.name}"
                owner = _Line(line.deputy, AttendanceStatus.PRESENT, line.agency, None)
            else:
                who, owner = f"{presenter.name} (report taken as read)", chair
            papers.append(
                (
                    item.title,
                    who,
                    item.minutes.format(presenter=who, noun=noun, Noun=noun_capital),
                    item.decisions.format(presenter=who, noun=noun, Noun=noun_capital),
                    f"{spec.short_name} {meeting.meeting_date:%y%m}/{number:02d}",
                )
            )
            if item.action and owner is not None and self.rng.random() < (0.7 if spec.kind is GroupKind.BOARD else 0.5):
                self.action(spec, meeting, item.action, owner)
        apologies = [line.person.name for line in register if line.status is AttendanceStatus.APOLOGIES]
        apologies += [
            f"{line.person.name} (represented by {line.deputy.name})"
            for line in register
            if line.status is AttendanceStatus.DEPUTY and line.deputy
        ]
        if chair is None:
            welcome = "Members were welcomed."
        elif chair.role is MemberRole.CHAIR:
            welcome = f"{chair_name} welcomed members."
        else:
            welcome = f"In the absence of the Chair, {chair_name} chaired the meeting."
        welcome += f" Apologies: {'; '.join(apologies) if apologies else 'none'}."
        last = f"the meeting on {format_date(previous.meeting_date)}" if previous else "the previous meeting"
        next_date = (
            f"The next meeting is on {format_date(following.meeting_date)}."
            if following
            else "The date of the next meeting will be confirmed with the new schedule."
        )
        items = [
            ("Welcome, introductions and apologies", chair_name, welcome, None, None),
            (
                "Minutes of the last meeting and matters arising",
                chair_name,
                f"The minutes of {last} were agreed as an accurate record. The action log was reviewed.",
                "Minutes approved.",
                None,
            ),
            *papers,
            ("Any other business", chair_name, "There was no other business.", None, None),
            ("Date of next meeting", chair_name, next_date, None, None),
        ]
        for position, (title, presenter, minutes, decisions, reference) in enumerate(items, start=1):
            item = AgendaItem(
                meeting_id=meeting.id,
                position=position,
                title=title,
                presenter=presenter,
                paper_reference=reference,
                minutes=minutes,
            )
            self.add(item)
            year = FinancialYear.containing(meeting.meeting_date).start_year
            for order, text in enumerate(split_decisions(decisions), start=1):
                counter = (meeting.group_id, year)
                self.decision_numbers[counter] = self.decision_numbers.get(counter, 0) + 1
                self.add(
                    Decision(
                        agenda_item=item,
                        position=order,
                        group_id=meeting.group_id,
                        year_start=year,
                        number=self.decision_numbers[counter],
                        text=text,
                    )
                )
        for line in register:
            self.add(
                Attendance(
                    meeting=meeting, person=line.person, status=line.status, deputy=line.deputy, agency=line.agency
                )
            )
        self.declare_interests(meeting, register)

    def declare_interests(self, meeting: Meeting, register: list[_Line]) -> None:
        """Some meetings hear a declaration of interest (every third held one, by a member present), chosen
        without the random numbers, so that the rest of the demo stays as it was."""
        present = [line.person for line in register if line.status is AttendanceStatus.PRESENT]
        self.held_count = getattr(self, "held_count", 0) + 1
        if meeting.status is not MeetingStatus.HELD or not present or self.held_count % 3:
            return
        who = present[self.held_count % len(present)]
        if (self.held_count // 3) % 2:
            self.add(
                Declaration(
                    meeting_id=meeting.id,
                    person=who,
                    interest="Trustee of a voluntary organisation funded by the partnership",
                    kind=InterestKind.NON_PECUNIARY,
                    action=InterestAction.STAYED,
                )
            )
        else:
            self.add(
                Declaration(
                    meeting_id=meeting.id,
                    person=who,
                    interest="A close relative works for a provider named in the papers",
                    kind=InterestKind.PECUNIARY,
                    action=InterestAction.LEFT_THE_ROOM,
                )
            )

    def presenter_line(self, group_key: str, day: dt.date, register: list[_Line], presenter: Person) -> _Line:
        """The register line that shows the presenter in the room, added if they are not on it yet.

        A named deputy presents in place of a member who is away; anyone else who is not a member
        is a guest, in attendance for the item.
        """
        for line in register:
            if line.person is presenter or line.deputy is presenter:
                return line
        for line in register:
            away = line.status in (AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT)
            if away and line.membership and presenter in self.deputies_on(group_key, day, line.membership):
                line.status, line.deputy = AttendanceStatus.DEPUTY, presenter
                return line
        register.append(_Line(presenter, AttendanceStatus.GUEST, presenter.agency, None))
        return register[-1]

    def draft_agenda(self, spec: GroupSpec, meeting: Meeting, previous: Meeting | None) -> None:
        """The next meeting's agenda, ready to send: titles and presenters, no minutes yet."""
        chair = next((m.person.name for m in self.members_on(spec.key, meeting.meeting_date) if m.role is CHAIR), None)
        pool = BOARD_ITEMS.get(spec.key, []) + SUBGROUP_ITEMS.get(spec.key, []) or COMMON_ITEMS
        titles = [("Welcome, introductions and apologies", chair)]
        last = f" ({format_date(previous.meeting_date)})" if previous else ""
        titles.append((f"Minutes of the last meeting{last} and matters arising", chair))
        titles += [(item.title, self.people[item.presenter].name) for item in self.rng.sample(pool, min(3, len(pool)))]
        titles += [("Any other business", chair), ("Date of next meeting", chair)]
        for position, (title, presenter) in enumerate(titles, start=1):
            self.add(AgendaItem(meeting_id=meeting.id, position=position, title=title, presenter=presenter))

    def action(self, spec: GroupSpec, meeting: Meeting, description: str, owner: _Line) -> None:
        self.action_numbers[spec.key] += 1
        due = meeting.meeting_date + dt.timedelta(weeks=self.rng.choice((4, 6, 8, 12)))
        roll = self.rng.random()
        if due < self.today - dt.timedelta(days=120):
            # Long past: settled one way or the other, bar the odd one still dragging on.
            status = (
                ActionStatus.DONE if roll < 0.9 else ActionStatus.DROPPED if roll < 0.96 else ActionStatus.IN_PROGRESS
            )
        elif due < self.today:
            if roll < 0.68:
                status = ActionStatus.DONE
            elif roll < 0.74:
                status = ActionStatus.DROPPED
            elif roll < 0.87:
                status = ActionStatus.IN_PROGRESS
            else:
                status = ActionStatus.OPEN
        else:
            status = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE)[int(roll * 3)]
        if status is ActionStatus.DONE:
            rag = Rag.GREEN
        elif status is ActionStatus.DROPPED:
            rag = None
        elif due < self.today:
            rag = Rag.RED
        elif status is ActionStatus.IN_PROGRESS or due <= self.today + dt.timedelta(days=30):
            rag = Rag.AMBER
        else:
            rag = Rag.GREEN
        self.add(
            Action(
                meeting=meeting,
                reference=f"{spec.short_name}-{self.action_numbers[spec.key]:03d}",
                description=description,
                owner=owner.person,
                owner_agency=owner.agency,
                due_date=due,
                status=status,
                rag=rag,
            )
        )
