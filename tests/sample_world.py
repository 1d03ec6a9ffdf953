"""A small but complete partnership for the report and screen tests, built through the services and models.

Dates are placed relative to `today`, so that the same world reads "current", "next" and "overdue"
the same way whether a test passes a fixed day or the screens use the real date. The money is the
real 2015-16 statement of seed 004 (Appendix 6).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from board_admin.db.engine import Database
from board_admin.db.models import (
    Action,
    BudgetLine,
    Challenge,
    Contribution,
    Expenditure,
    FinancialYearRecord,
    IncomeLine,
    Meeting,
)
from board_admin.domain.enums import (
    ActionStatus,
    ChallengeStatus,
    Frequency,
    GroupKind,
    MeetingStatus,
    MemberRole,
    Remit,
    Sector,
)
from board_admin.domain.money import parse_pounds
from board_admin.domain.permissions import Permission
from board_admin.services import structure as s
from board_admin.services.uow import UnitOfWork

EXECUTIVE = "Executive Safeguarding Partnership Board"
CHILDREN_BOARD = "Safeguarding Children Partnership Board"
QEG = "Quality and Effectiveness Group (Children)"
EDUCATION_FORUM = "Education Safeguarding Forum"
NEGLECT = "Neglect task and finish group"


@dataclass
class World:
    today: dt.date
    agencies: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)
    meetings: dict[str, int] = field(default_factory=dict)


def build_world(database: Database, today: dt.date) -> World:
    world = World(today)

    def days(n: int) -> dt.date:
        return today + dt.timedelta(days=n)

    for name, sector, short, statutory in [
        ("Cambridgeshire County Council", Sector.LOCAL_AUTHORITY, "CCC", True),
        ("Cambridgeshire Constabulary", Sector.POLICE, "Police", True),
        ("Cambridgeshire and Peterborough Clinical Commissioning Group", Sector.HEALTH, "CCG", True),
        ("National Probation Service", Sector.PROBATION, "NPS", False),
        ("Hinchingbrooke Hospitals NHS Trust", Sector.HEALTH, "HHT", False),
        ("Independent Safeguarding Partnership Service", Sector.OTHER, "ISPS", False),
    ]:
        world.agencies[short] = s.create_agency(database, s.AgencyFields(name, sector, short, statutory))

    for name, agency, title, email in [
        ("Alison Reed", "CCC", "Director of Children's Services", "alison.reed@example.gov.uk"),
        ("Ben Okafor", "Police", "Detective Superintendent", "ben.okafor@example.police.uk"),
        ("Chloe Price", "CCG", "Designated Nurse", None),
        ("Dev Patel", "NPS", "Head of Service", None),
        ("Eve Marsh", "HHT", "Named Nurse", None),
        ("Frank Hollis", "Police", "Detective Inspector", None),
        ("Grace Lin", "ISPS", "Independent Chair", "grace.lin@example.org"),
    ]:
        world.people[name] = s.create_person(database, s.PersonFields(name, world.agencies[agency], title, email))

    g = world.groups
    g[EXECUTIVE] = s.create_group(
        database,
        s.GroupFields(EXECUTIVE, GroupKind.BOARD, Remit.JOINT, "ESPB", frequency=Frequency.QUARTERLY, quorum=3),
    )
    g[CHILDREN_BOARD] = s.create_group(
        database,
        s.GroupFields(
            CHILDREN_BOARD, GroupKind.BOARD, Remit.CHILDREN, "SCPB", g[EXECUTIVE], frequency=Frequency.BI_MONTHLY
        ),
    )
    g[QEG] = s.create_group(
        database, s.GroupFields(QEG, GroupKind.SUBGROUP, Remit.CHILDREN, "QEG", g[CHILDREN_BOARD], Frequency.MONTHLY)
    )
    g[EDUCATION_FORUM] = s.create_group(
        database, s.GroupFields(EDUCATION_FORUM, GroupKind.DOTTED_LINE_FORUM, Remit.CHILDREN, None, g[CHILDREN_BOARD])
    )
    g[NEGLECT] = s.create_group(
        database,
        s.GroupFields(
            NEGLECT,
            GroupKind.TASK_AND_FINISH,
            Remit.CHILDREN,
            None,
            g[CHILDREN_BOARD],
            start_date=days(-500),
            end_date=days(-300),
        ),
    )

    p = world.people

    def seat(group: str, person: str, role: MemberRole, start: int, end: int | None = None, **extra) -> int:
        return s.add_membership(
            database,
            s.MembershipFields(g[group], p[person], role, days(start), None if end is None else days(end), **extra),
        )

    seat(EXECUTIVE, "Grace Lin", MemberRole.CHAIR, -400)
    seat(EXECUTIVE, "Alison Reed", MemberRole.MEMBER, -400)
    seat(EXECUTIVE, "Ben Okafor", MemberRole.MEMBER, -400)
    seat(EXECUTIVE, "Chloe Price", MemberRole.MEMBER, -400)
    seat(CHILDREN_BOARD, "Alison Reed", MemberRole.CHAIR, -700, -200)
    seat(CHILDREN_BOARD, "Grace Lin", MemberRole.CHAIR, -199)
    ben = seat(CHILDREN_BOARD, "Ben Okafor", MemberRole.MEMBER, -700)
    seat(CHILDREN_BOARD, "Frank Hollis", MemberRole.DEPUTY, -300, deputy_for_id=ben)
    seat(CHILDREN_BOARD, "Eve Marsh", MemberRole.MEMBER, -700, -100)
    seat(CHILDREN_BOARD, "Dev Patel", MemberRole.MEMBER, 30)  # joins next month
    seat(QEG, "Chloe Price", MemberRole.CHAIR, -365)
    seat(QEG, "Dev Patel", MemberRole.MEMBER, -365)
    seat(NEGLECT, "Dev Patel", MemberRole.MEMBER, -450, -300)
    # Eve's trust merged away: she stays on record, inactive, and so does her old agency.
    s.set_person_active(database, p["Eve Marsh"], False)
    s.set_agency_active(database, world.agencies["HHT"], False)

    with UnitOfWork(database, Permission.EDIT_MEETINGS) as uow:
        add = uow.session.add

        def meeting(key: str, group: str, day: int, status: MeetingStatus, **extra) -> Meeting:
            record = Meeting(group_id=g[group], meeting_date=days(day), status=status, **extra)
            add(record)
            uow.flush()
            world.meetings[key] = record.id
            return record

        ten, noon = dt.time(10, 0), dt.time(12, 0)
        meeting("board-1", CHILDREN_BOARD, -150, MeetingStatus.HELD, start_time=ten, end_time=noon, location="Room 1")
        board_2 = meeting("board-2", CHILDREN_BOARD, -90, MeetingStatus.HELD, start_time=ten, location="Room 1")
        meeting("board-3", CHILDREN_BOARD, -30, MeetingStatus.CANCELLED, cancellation_reason="Chair unwell")
        replacement = meeting("board-5", CHILDREN_BOARD, 5, MeetingStatus.PLANNED, start_time=ten, end_time=noon)
        meeting("board-4", CHILDREN_BOARD, -10, MeetingStatus.POSTPONED, postponed_to_id=replacement.id)
        meeting("board-6", CHILDREN_BOARD, 40, MeetingStatus.PLANNED, start_time=ten, end_time=noon)
        executive = meeting("exec-1", EXECUTIVE, -60, MeetingStatus.HELD, start_time=dt.time(14, 0))
        meeting("exec-2", EXECUTIVE, 20, MeetingStatus.PLANNED, start_time=dt.time(14, 0), location="Shire Hall")
        meeting("qeg-1", QEG, -20, MeetingStatus.HELD, start_time=dt.time(9, 30), location="Virtual (Teams)")

        for description, status, due in [
            ("Circulate the neglect strategy", ActionStatus.OPEN, -10),
            ("Report on out of county placements", ActionStatus.IN_PROGRESS, 30),
            ("Update the escalation policy", ActionStatus.DONE, -40),
        ]:
            add(Action(meeting_id=board_2.id, description=description, status=status, due_date=days(due)))
        add(Action(meeting_id=executive.id, description="Review the funding formula", status=ActionStatus.DROPPED))

        a = world.agencies
        for reference, raised, agency, theme, due, response, status, closed, where in [
            ("CH-2025-001", -100, "CCC", "Children placed out of county", -30, None, "awaiting_response", None, "m"),
            ("CH-2025-002", -50, "Police", "FGM reporting", 10, None, "open", None, "g"),
            ("CH-2025-003", -200, "CCG", "Health assessments", -150, "Compliance now 96%", "closed", -120, "g"),
            ("CH-2025-004", -80, "NPS", "Information sharing", -40, "Protocol revised", "responded", None, "g"),
        ]:
            add(
                Challenge(
                    reference=reference,
                    date_raised=days(raised),
                    agency_id=a[agency],
                    theme=theme,
                    challenge=f"The board asked {theme.lower()} to be evidenced.",
                    response_due=days(due),
                    response=response,
                    status=ChallengeStatus(status),
                    date_closed=None if closed is None else days(closed),
                    raised_at_meeting_id=board_2.id if where == "m" else None,
                    raised_at_group_id=g[EXECUTIVE] if where == "g" else None,
                    raised_by_id=p["Grace Lin"],
                )
            )

        year = FinancialYearRecord(start_year=2015, label="2015-16")
        add(year)
        add(FinancialYearRecord(start_year=2016, label="2016-17"))
        uow.flush()
        for agency, agreed, received in [
            ("CCC", "130,000.00", "130,000.00"),
            ("Police", "60,000.00", "45,000.00"),
            ("CCG", "58,269.00", None),
        ]:
            add(
                Contribution(
                    year_id=year.id,
                    agency_id=a[agency],
                    agreed_pence=parse_pounds(agreed),
                    received_pence=None if received is None else parse_pounds(received),
                )
            )
        add(IncomeLine(year_id=year.id, source="Training", amount_pence=parse_pounds("7,125")))
        add(IncomeLine(year_id=year.id, source="From reserves", amount_pence=parse_pounds("15,000")))
        for name, budget, spending in [
            ("LSCB Unit Costs", "118,878.00", ["100,000.00", "12,532.19"]),
            ("Chair Expenses", "42,500.00", ["38,248.48"]),
            # Training income is credited to the line (the statement's footnote), hence the negative entry.
            ("Training", "75,891.00", ["75,459.08", "-7,125.00"]),
            ("Serious Case Review Costs", "22,149.00", ["3,340.84"]),
        ]:
            line = BudgetLine(year_id=year.id, name=name, budget_pence=parse_pounds(budget))
            add(line)
            uow.flush()
            for amount in spending:
                add(
                    Expenditure(
                        budget_line_id=line.id,
                        spent_on=dt.date(2015, 10, 1),
                        amount_pence=parse_pounds(amount, allow_negative=True),
                    )
                )
        uow.commit()
    return world
