"""What the meeting screens and documents show: one meeting's details, its register with the live quorum,
its agenda and actions, matters arising, the action log across groups and a month's calendar.

Every function opens its own session and returns frozen rows; the meeting window and the Word
exporter read the same rows, so the screen and the minutes cannot disagree.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload

from board_admin.db.engine import Database
from board_admin.db.models import (
    Action,
    AdvanceApology,
    Agency,
    AgendaItem,
    Attendance,
    Group,
    Meeting,
    Membership,
    MinutesAmendment,
    Person,
)
from board_admin.domain.dates import format_date
from board_admin.domain.enums import ActionStatus, AttendanceStatus, MeetingStatus, MemberRole, Rag
from board_admin.domain.errors import NotFoundError
from board_admin.domain.minutes import MinutesApproval
from board_admin.domain.names import surname_key
from board_admin.domain.quorum import (
    QuorumLine,
    QuorumResult,
    QuorumRule,
    assess_quorum,
    counting_roles_from_text,
)
from board_admin.reports.decisions import decisions_read
from board_admin.reports.declarations import declarations_read
from board_admin.reports.lists import (
    KeptAtAMeeting,
    MeetingRow,
    kept_at_a_meeting,
    meeting_rows,
    membership_active_on,
)

OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
_ROLE_ORDER = {role: position for position, role in enumerate(MemberRole)}


def find_meeting(database: Database, group_name: str, meeting_date: dt.date) -> int:
    """The id of the meeting of the group called `group_name` (any case) on `meeting_date`."""
    with database.session() as session:
        group = session.scalar(select(Group).where(func.lower(Group.name) == group_name.strip().lower()))
        if group is None:
            raise NotFoundError(f"There is no group called '{group_name}'.")
        meeting_id = session.scalar(
            select(Meeting.id).where(Meeting.group_id == group.id, Meeting.meeting_date == meeting_date)
        )
        if meeting_id is None:
            raise NotFoundError(f"'{group.name}' has no meeting on {format_date(meeting_date)}.")
        return meeting_id


# --- one meeting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingDetail(MeetingRow):
    """A meeting as its window shows it: the meeting's row, its chair and where its minutes stand."""

    chair: str | None = None
    approval: MinutesApproval = MinutesApproval()
    minutes_approved_at_id: int | None = None

    @property
    def minutes_locked(self) -> bool:
        return self.approval.approved

    @property
    def times(self) -> str:
        if self.start_time is None:
            return ""
        return f"{self.start_time:%H:%M}" + (f" to {self.end_time:%H:%M}" if self.end_time else "")

    @property
    def title(self) -> str:
        return f"{self.group_name}, {format_date(self.meeting_date)}"

    @property
    def minutes_document(self) -> str:
        """What "the minutes" of this meeting are: a meeting that never took place has a notice instead."""
        if self.status is MeetingStatus.CANCELLED:
            return "cancellation notice"
        if self.status is MeetingStatus.POSTPONED:
            return "postponement notice"
        return "minutes"


def _get_meeting(session: Session, meeting_id: int, *loaded) -> Meeting:
    """The meeting, with the relationships named in `loaded` (joinedload options) read in the same statement."""
    meeting = session.get(Meeting, meeting_id, options=loaded or None)
    if meeting is None:
        raise NotFoundError("The meeting you asked for no longer exists; it may have been deleted.")
    return meeting


# The meeting's chair on the day and the group's next meeting, read beside the meeting in its own statement.
_CHAIR = (
    select(Person.name)
    .join(Membership, Membership.person_id == Person.id)
    .where(
        Membership.group_id == Meeting.group_id,
        Membership.role == MemberRole.CHAIR,
        membership_active_on(Meeting.meeting_date),
    )
    .limit(1)
    .scalar_subquery()
)
_LATER_MEETING = aliased(Meeting)
_NEXT_MEETING = (
    select(func.min(_LATER_MEETING.meeting_date))
    .where(
        _LATER_MEETING.group_id == Meeting.group_id,
        _LATER_MEETING.meeting_date > Meeting.meeting_date,
        _LATER_MEETING.status.in_((MeetingStatus.PLANNED, MeetingStatus.HELD)),
    )
    .scalar_subquery()
)


def _read_meeting(session: Session, meeting_id: int) -> tuple[Meeting, MeetingDetail, dt.date | None]:
    """The meeting (with its group, and the meetings it was postponed to and approved at), its detail and the
    date of the group's next meeting, in one statement."""
    found = session.execute(
        select(Meeting, _CHAIR, _NEXT_MEETING)
        .options(joinedload(Meeting.group), joinedload(Meeting.postponed_to), joinedload(Meeting.minutes_approved_at))
        .where(Meeting.id == meeting_id)
    ).one_or_none()
    if found is None:
        raise NotFoundError("The meeting you asked for no longer exists; it may have been deleted.")
    meeting, chair, next_meeting = found
    approving = meeting.minutes_approved_at
    approval = MinutesApproval(
        circulated_on=meeting.minutes_circulated_on,
        approved_at=approving.meeting_date if approving is not None else None,
        approved_on=meeting.minutes_approved_on,
    )
    detail = MeetingDetail(
        id=meeting.id,
        version=meeting.version,
        group_id=meeting.group_id,
        group_name=meeting.group.name,
        meeting_date=meeting.meeting_date,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        location=meeting.location,
        status=meeting.status,
        cancellation_reason=meeting.cancellation_reason,
        postponed_to=meeting.postponed_to.meeting_date if meeting.postponed_to else None,
        minutes_approved_on=approval.approval_date,
        chair=chair,
        approval=approval,
        minutes_approved_at_id=meeting.minutes_approved_at_id,
    )
    return meeting, detail, next_meeting


def meeting_detail(database: Database, meeting_id: int) -> MeetingDetail:
    with database.session() as session:
        return _read_meeting(session, meeting_id)[1]


# --- the register --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterLine:
    person_id: int
    person_name: str
    role: MemberRole | None  # None: a line for someone no longer a member on that date (kept, not hidden)
    agency_id: int | None
    agency_name: str
    statutory_partner: bool
    status: AttendanceStatus | None  # None: not recorded yet
    deputy_id: int | None
    deputy_name: str | None
    named_deputy_id: int | None
    named_deputy_name: str | None
    # Apologies received before the meeting: the date they came (and the note), as the register shows them.
    apology_received_on: dt.date | None = None
    apology_note: str | None = None
    # The deputy's own agency: a deputy from another agency still belongs to it on the day they stand in.
    deputy_agency_name: str | None = None

    @property
    def advance_apology(self) -> str:
        if self.apology_received_on is None:
            return ""
        text = f"Received {format_date(self.apology_received_on)}"
        return text + (f": {self.apology_note}" if self.apology_note else "")

    @property
    def deputising(self) -> str:
        """How the minutes name a deputy: with their own agency, deputising for the member, and the member's
        agency when it is another one ("Jo Bloggs (Police) deputising for Sam Smith (County Council)")."""
        deputy = self.deputy_name or "A deputy"
        if self.deputy_agency_name:
            deputy += f" ({self.deputy_agency_name})"
        member = self.person_name
        if self.agency_name and self.deputy_agency_name != self.agency_name:
            member += f" ({self.agency_name})"
        return f"{deputy} deputising for {member}"


@dataclass(frozen=True)
class GuestLine:
    person_id: int
    person_name: str
    agency_name: str
    job_title: str | None


@dataclass(frozen=True)
class Register:
    meeting_id: int
    lines: tuple[RegisterLine, ...]
    guests: tuple[GuestLine, ...]
    quorum: QuorumResult
    counting_roles: frozenset[MemberRole] = frozenset()

    def with_status(self, status: AttendanceStatus) -> list[RegisterLine]:
        return [line for line in self.lines if line.status is status]

    def counts(self, line: RegisterLine) -> bool:
        """Whether the line's seat is a voting one (its role counts towards the quorum)."""
        return line.role is not None and line.role in self.counting_roles

    @property
    def in_attendance(self) -> list[RegisterLine]:
        """Present, but in a role that does not count towards the quorum (adviser, observer, minute-taker...):
        the minutes list them "in attendance", with their role, not among the members present."""
        return [line for line in self.with_status(AttendanceStatus.PRESENT) if not self.counts(line)]

    @property
    def members_present(self) -> list[RegisterLine]:
        return [line for line in self.with_status(AttendanceStatus.PRESENT) if self.counts(line)]

    @property
    def recorded(self) -> int:
        return sum(1 for line in self.lines if line.status is not None)


# The register's aliases, made once: making them is most of the time of reading a register (each copies its
# table's columns), and the same ones let SQLAlchemy reuse the compiled statements.
_DEPUTY_SEAT = aliased(Membership)
_DEPUTY_PERSON = aliased(Person)
_PRINCIPAL = aliased(Membership)
_LINE_DEPUTY = aliased(Person)
_DEPUTY_AGENCY = aliased(Agency)
_LINE_AGENCY = aliased(Agency)


def register(database: Database, meeting_id: int) -> Register:
    """Every member on the meeting's date (deputies appear as their member's deputy, not on a line of their
    own), with what the register says of them, the guests in attendance, and the quorum as it stands."""
    with database.session() as session:
        return _read_register(session, _get_meeting(session, meeting_id, joinedload(Meeting.group)))


def _read_register(session: Session, meeting: Meeting) -> Register:
    """`register` of `meeting` (its group loaded: the quorum rule is the group's), in two statements."""
    meeting_id, day = meeting.id, meeting.meeting_date
    # A deputy stands in for the member, whichever of their memberships of the group names them: a role
    # changed later moves the deputy to the new membership, and the earlier registers still name them.
    members_seats = (
        select(_PRINCIPAL.id)
        .where(_PRINCIPAL.person_id == Membership.person_id, _PRINCIPAL.group_id == Membership.group_id)
        .scalar_subquery()
    )
    members = session.execute(
        select(
            Membership.person_id,
            Person.name,
            Membership.role,
            Membership.agency_id,
            Agency.name,
            Agency.statutory_partner,
            _DEPUTY_PERSON.id,
            _DEPUTY_PERSON.name,
            Membership.registers_from,
            # Apologies in advance (one a person a meeting) beside the member's line, not a statement.
            select(AdvanceApology.received_on)
            .where(AdvanceApology.meeting_id == meeting_id, AdvanceApology.person_id == Membership.person_id)
            .scalar_subquery(),
            select(AdvanceApology.note)
            .where(AdvanceApology.meeting_id == meeting_id, AdvanceApology.person_id == Membership.person_id)
            .scalar_subquery(),
        )
        .join(Person, Person.id == Membership.person_id)
        .join(Agency, Agency.id == Membership.agency_id)
        .outerjoin(
            _DEPUTY_SEAT,
            _DEPUTY_SEAT.deputy_for_id.in_(members_seats)
            & (_DEPUTY_SEAT.role == MemberRole.DEPUTY)
            & (_DEPUTY_SEAT.start_date <= day)
            & (_DEPUTY_SEAT.end_date.is_(None) | (_DEPUTY_SEAT.end_date >= day)),
        )
        .outerjoin(_DEPUTY_PERSON, _DEPUTY_PERSON.id == _DEPUTY_SEAT.person_id)
        .where(
            Membership.group_id == meeting.group_id,
            Membership.role != MemberRole.DEPUTY,
            membership_active_on(day),
        )
    ).all()
    recorded = session.execute(
        select(
            Attendance.person_id,
            Person.name,
            Person.job_title,
            Attendance.status,
            Attendance.deputy_id,
            _LINE_DEPUTY.name,
            Attendance.agency_id,
            _LINE_AGENCY.name,
            _LINE_AGENCY.statutory_partner,
            _DEPUTY_AGENCY.name,
        )
        .join(Person, Person.id == Attendance.person_id)
        .outerjoin(_LINE_DEPUTY, _LINE_DEPUTY.id == Attendance.deputy_id)
        .outerjoin(_DEPUTY_AGENCY, _DEPUTY_AGENCY.id == _LINE_DEPUTY.agency_id)
        .outerjoin(_LINE_AGENCY, _LINE_AGENCY.id == Attendance.agency_id)
        .where(Attendance.meeting_id == meeting_id)
    ).all()
    rule = QuorumRule(
        meeting.group.quorum,
        meeting.group.statutory_partners_required,
        counting_roles_from_text(meeting.group.quorum_roles),
    )
    by_person = {row.person_id: row for row in recorded}
    lines: dict[int, RegisterLine] = {}
    for (
        person_id, name, role, agency_id, agency_name, statutory, named_id, named_name, registers_from,
        apology_received_on, apology_note,
    ) in members:  # fmt: skip
        if person_id in lines:  # two deputies named for one member: the first is the default
            continue
        row = by_person.get(person_id)
        if row is None and registers_from is not None and day < registers_from:
            continue  # entered after this register was taken, and left off it

        lines[person_id] = RegisterLine(
            person_id=person_id,
            person_name=name,
            role=role,
            agency_id=agency_id,
            agency_name=agency_name,
            statutory_partner=statutory,
            status=row.status if row is not None and row.status is not AttendanceStatus.GUEST else None,
            deputy_id=row.deputy_id if row is not None else None,
            deputy_name=row[5] if row is not None else None,
            named_deputy_id=named_id,
            named_deputy_name=named_name,
            apology_received_on=apology_received_on,
            apology_note=apology_note,
            deputy_agency_name=row[9] if row is not None else None,
        )
    guests = []
    for row in recorded:
        if row.status is AttendanceStatus.GUEST:
            guests.append(GuestLine(row.person_id, row.name, row[7] or "", row.job_title))
        elif row.person_id not in lines:
            lines[row.person_id] = RegisterLine(
                row.person_id, row.name, None, row.agency_id, row[7] or "", bool(row[8]), row.status,
                row.deputy_id, row[5], None, None, deputy_agency_name=row[9],
            )  # fmt: skip
    ordered = sorted(
        lines.values(),
        key=lambda line: (_ROLE_ORDER.get(line.role, len(_ROLE_ORDER)), surname_key(line.person_name)),
    )
    quorum = assess_quorum(
        rule, (QuorumLine(line.agency_name, line.statutory_partner, line.status, line.role) for line in ordered)
    )
    guests.sort(key=lambda guest: surname_key(guest.person_name))
    return Register(meeting_id, tuple(ordered), tuple(guests), quorum, rule.counting_roles)


# --- agenda and actions --------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaRow:
    id: int
    version: int
    position: int
    title: str
    presenter: str | None
    paper_reference: str | None
    minutes: str | None
    # The register's records made under this item (reports.decisions.DecisionRow), in order.
    decision_rows: tuple = ()

    @property
    def decisions(self) -> str | None:
        """The decisions as the form edits them: one paragraph each."""
        return "\n".join(row.text for row in self.decision_rows) or None


def agenda(database: Database, meeting_id: int) -> list[AgendaRow]:
    with database.session() as session:
        return _read_agenda(session, meeting_id)


def _read_agenda(session: Session, meeting_id: int) -> list[AgendaRow]:
    """The items in order, each with its decisions: two statements, whatever the number of items."""
    query = (
        select(
            AgendaItem.id,
            AgendaItem.version,
            AgendaItem.position,
            AgendaItem.title,
            AgendaItem.presenter,
            AgendaItem.paper_reference,
            AgendaItem.minutes,
        )
        .where(AgendaItem.meeting_id == meeting_id)
        .order_by(AgendaItem.position)
    )
    by_item: dict[int, list] = {}
    for decision in decisions_read(session, meeting_id):
        by_item.setdefault(decision.item_position, []).append(decision)
    return [AgendaRow(*row, tuple(by_item.get(row.position, ()))) for row in session.execute(query)]


@dataclass(frozen=True)
class ActionRow(KeptAtAMeeting):
    reference: str | None
    description: str
    owner_id: int | None
    owner_name: str | None
    owner_agency_id: int | None
    owner_agency_name: str | None
    due_date: dt.date | None
    status: ActionStatus
    rag: Rag | None
    overdue: bool

    @property
    def owner(self) -> str:
        """ "Name (Agency)", or whichever of the two is known."""
        if self.owner_name and self.owner_agency_name:
            return f"{self.owner_name} ({self.owner_agency_name})"
        return self.owner_name or self.owner_agency_name or ""


def _action_query():
    return (
        select(
            *kept_at_a_meeting(Action),
            Action.reference,
            Action.description,
            Action.owner_id,
            Person.name,
            Action.owner_agency_id,
            Agency.name,
            Action.due_date,
            Action.status,
            Action.rag,
        )
        .join(Meeting, Meeting.id == Action.meeting_id)
        .join(Group, Group.id == Meeting.group_id)
        .outerjoin(Person, Person.id == Action.owner_id)
        .outerjoin(Agency, Agency.id == Action.owner_agency_id)
    )


def _action_rows(database: Database, query, on_date: dt.date) -> list[ActionRow]:
    with database.session() as session:
        return _read_actions(session, query, on_date)


def _read_actions(session: Session, query, on_date: dt.date) -> list[ActionRow]:
    rows = session.execute(query).all()
    return [
        ActionRow(*row, overdue=row.status in OPEN_STATUSES and row.due_date is not None and row.due_date < on_date)
        for row in rows
    ]


def meeting_actions(database: Database, meeting_id: int, on_date: dt.date | None = None) -> list[ActionRow]:
    """The actions agreed at the meeting, in the order they were recorded."""
    query = _action_query().where(Action.meeting_id == meeting_id).order_by(Action.id)
    return _action_rows(database, query, on_date or dt.date.today())


def matters_arising(database: Database, meeting_id: int, on_date: dt.date | None = None) -> list[ActionRow]:
    """Open actions of the group's earlier meetings: they carry forward until done or dropped."""
    with database.session() as session:
        meeting = _get_meeting(session, meeting_id)
        query = _action_query().where(_carried_into(meeting)).order_by(Meeting.meeting_date, Action.id)
        return _read_actions(session, query, on_date or dt.date.today())


def _carried_into(meeting: Meeting):
    return and_(
        Meeting.group_id == meeting.group_id,
        Meeting.meeting_date < meeting.meeting_date,
        Action.status.in_(OPEN_STATUSES),
    )


def _read_actions_and_arising(
    session: Session, meeting: Meeting, on_date: dt.date
) -> tuple[tuple[ActionRow, ...], tuple[ActionRow, ...]]:
    """`meeting_actions` and `matters_arising` in one statement: in order of meeting date, the meeting's own
    actions (all of one date, so in the order recorded) come after those carried into it."""
    query = (
        _action_query()
        .where(or_(Action.meeting_id == meeting.id, _carried_into(meeting)))
        .order_by(Meeting.meeting_date, Action.id)
    )
    rows = _read_actions(session, query, on_date)
    return (
        tuple(row for row in rows if row.meeting_id == meeting.id),
        tuple(row for row in rows if row.meeting_id != meeting.id),
    )


def action_log(
    database: Database,
    on_date: dt.date | None = None,
    *,
    overdue_only: bool = False,
    open_only: bool = False,
    owner_id: int | None = None,
    agency_id: int | None = None,
    group_id: int | None = None,
) -> list[ActionRow]:
    """Actions across every group, by due date (none last), filtered as asked."""
    on_date = on_date or dt.date.today()
    query = _action_query()
    if overdue_only:
        query = query.where(Action.status.in_(OPEN_STATUSES), Action.due_date < on_date)
    elif open_only:
        query = query.where(Action.status.in_(OPEN_STATUSES))
    if owner_id is not None:
        query = query.where(Action.owner_id == owner_id)
    if agency_id is not None:
        query = query.where(Action.owner_agency_id == agency_id)
    if group_id is not None:
        query = query.where(Meeting.group_id == group_id)
    query = query.order_by(Action.due_date.is_(None), Action.due_date, func.lower(Group.name), Action.id)
    return _action_rows(database, query, on_date)


# --- the month calendar --------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    in_month: bool
    meetings: tuple[MeetingRow, ...]


def month_calendar(database: Database, year: int, month: int, group_id: int | None = None) -> list[list[CalendarDay]]:
    """The month as weeks (Monday first) of days, each with its meetings across all groups (or one)."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    by_day: dict[dt.date, list[MeetingRow]] = {}
    for row in meeting_rows(database, group_id=group_id, start=first, end=last):
        by_day.setdefault(row.meeting_date, []).append(row)
    for rows in by_day.values():
        rows.sort(key=lambda row: (row.start_time or dt.time.min, row.group_name.casefold()))
    return [[CalendarDay(day, day.month == month, tuple(by_day.get(day, ()))) for day in week] for week in weeks]


# --- the minutes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MinutesContent:
    """Everything the minutes and the agenda documents say about one meeting."""

    meeting: MeetingDetail
    register: Register
    items: tuple[AgendaRow, ...]
    actions: tuple[ActionRow, ...]
    matters_arising: tuple[ActionRow, ...]
    next_meeting: dt.date | None
    challenges: tuple = ()  # reports.challenges.ChallengeLogRow: the challenges raised at the meeting
    declarations: tuple = ()  # reports.declarations.DeclarationRow: the declarations of interest made at it
    amendments: tuple[AmendmentRow, ...] = ()  # corrections recorded after approval, oldest first


def minutes_content(database: Database, meeting_id: int, on_date: dt.date | None = None) -> MinutesContent:
    """What the minutes say; for approved minutes, the actions, challenges and register as they stood at approval.

    One session, and a statement for each kind of row (the meeting, the register's members and records,
    the decisions, the items, the declarations, the amendments; for a draft the actions and the challenges),
    never one per item: 9 statements for a draft, 4 for approved minutes (the register and the declarations
    are kept with them)."""
    from board_admin.reports.challenges import meeting_challenges  # it reads meetings' rows too
    from board_admin.reports.minutes_record import read_kept_meeting, read_minutes_record  # reads this module's rows

    with database.session() as session:
        meeting, detail, next_meeting = _read_meeting(session, meeting_id)
        kept = meeting.minutes_record if detail.minutes_approved_on is not None else None
        at_approval = None
        if kept:
            actions, arising, challenges = read_minutes_record(kept)
            at_approval = read_kept_meeting(kept, meeting_id)
        else:
            actions, arising = _read_actions_and_arising(session, meeting, on_date or dt.date.today())
        if at_approval is None:
            the_register = _read_register(session, meeting)
            declarations = tuple(declarations_read(session, meeting_id))
        else:
            the_register, declarations = at_approval.register, at_approval.declarations
            detail = replace(detail, group_name=at_approval.group_name, chair=at_approval.chair)
        items = tuple(_read_agenda(session, meeting_id))
        amendments = tuple(_read_amendments(session, meeting_id))
    if not kept:
        challenges = tuple(meeting_challenges(database, meeting_id, on_date))
    return MinutesContent(
        meeting=detail,
        register=the_register,
        items=items,
        actions=actions,
        matters_arising=arising,
        next_meeting=detail.postponed_to if detail.postponed_to is not None else next_meeting,
        challenges=challenges,
        declarations=declarations,
        amendments=amendments,
    )


def next_meeting_date(database: Database, meeting_id: int) -> dt.date | None:
    """The date of the group's next meeting after this one that is not cancelled or postponed: where its
    minutes are usually approved and its actions usually fall due. None when none is planned yet."""
    with database.session() as session:
        meeting = _get_meeting(session, meeting_id)
        return session.scalar(
            select(func.min(Meeting.meeting_date)).where(
                Meeting.group_id == meeting.group_id,
                Meeting.meeting_date > meeting.meeting_date,
                Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.HELD)),
            )
        )


# --- approval, amendments and apologies in advance ------------------------------------------------


@dataclass(frozen=True)
class AmendmentRow:
    id: int
    recorded_at: dt.datetime
    recorded_by: str
    change: str
    reason: str


def minutes_amendments(database: Database, meeting_id: int) -> list[AmendmentRow]:
    with database.session() as session:
        return _read_amendments(session, meeting_id)


def _read_amendments(session: Session, meeting_id: int) -> list[AmendmentRow]:
    return [
        AmendmentRow(*row)
        for row in session.execute(
            select(
                MinutesAmendment.id,
                MinutesAmendment.recorded_at,
                MinutesAmendment.recorded_by,
                MinutesAmendment.change,
                MinutesAmendment.reason,
            )
            .where(MinutesAmendment.meeting_id == meeting_id)
            .order_by(MinutesAmendment.recorded_at, MinutesAmendment.id)
        )
    ]


@dataclass(frozen=True)
class ApprovalChoice:
    meeting_id: int
    meeting_date: dt.date
    status: MeetingStatus

    @property
    def label(self) -> str:
        return f"{format_date(self.meeting_date)} ({self.status.label.lower()})"


def approval_choices(database: Database, meeting_id: int) -> list[ApprovalChoice]:
    """The group's later meetings that took place or are to: where the minutes can be approved, soonest first."""
    with database.session() as session:
        meeting = _get_meeting(session, meeting_id)
        return [
            ApprovalChoice(*row)
            for row in session.execute(
                select(Meeting.id, Meeting.meeting_date, Meeting.status)
                .where(
                    Meeting.group_id == meeting.group_id,
                    Meeting.meeting_date > meeting.meeting_date,
                    Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.HELD)),
                )
                .order_by(Meeting.meeting_date)
            )
        ]


@dataclass(frozen=True)
class AdvanceApologyRow:
    id: int
    version: int
    person_id: int
    person_name: str
    agency_name: str
    received_on: dt.date
    note: str | None


def advance_apologies(database: Database, meeting_id: int) -> list[AdvanceApologyRow]:
    with database.session() as session:
        rows = session.execute(
            select(
                AdvanceApology.id,
                AdvanceApology.version,
                Person.id,
                Person.name,
                Agency.name,
                AdvanceApology.received_on,
                AdvanceApology.note,
            )
            .join(Person, Person.id == AdvanceApology.person_id)
            .join(Agency, Agency.id == Person.agency_id)
            .where(AdvanceApology.meeting_id == meeting_id)
        ).all()
    return sorted((AdvanceApologyRow(*row) for row in rows), key=lambda row: surname_key(row.person_name))
