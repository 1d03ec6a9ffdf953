"""The demo database: built once from the seeds, true to their figures, consistent, and the same every time."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from board_admin.db.models import (
    Action,
    AdvanceApology,
    Agency,
    AgendaItem,
    Attendance,
    Base,
    BudgetLine,
    Challenge,
    ChallengeStatusChange,
    ChallengeTheme,
    Contribution,
    Expenditure,
    FinancialYearRecord,
    Group,
    IncomeLine,
    Meeting,
    Membership,
    Person,
    User,
)
from board_admin.demo import build_demo_data, ensure_demo_data
from board_admin.domain.enums import (
    ActionStatus,
    AttendanceStatus,
    ChallengeStatus,
    Frequency,
    GroupKind,
    MeetingStatus,
    MemberRole,
    Remit,
    Sector,
)
from board_admin.domain.financial_year import FinancialYear
from tests.conftest import backend_of

TODAY = dt.date(2025, 11, 20)  # the current financial year is 2025-26, the first demo year 2024-25


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def counts(database) -> dict[str, int]:
    with database.session() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.tables.values()
        }


def active_on(membership, day):
    """SQL: the membership was active on `day` (a column or a date)."""
    return and_(membership.start_date <= day, or_(membership.end_date.is_(None), membership.end_date >= day))


@pytest.fixture
def demo(database, with_demo):
    return with_demo(database, TODAY)


# --- building it -----------------------------------------------------------------------------------


def test_ensure_builds_once_and_never_duplicates(database):
    assert ensure_demo_data(database) is True
    first = counts(database)
    assert first["agency"] > 30 and first["person"] >= 75 and first["attendance"] > 1000
    assert ensure_demo_data(database) is False
    assert counts(database) == first


def test_ensure_leaves_a_database_with_agencies_alone(database):
    with database.session() as session:
        session.add(Agency(name="Somewhere Council", sector=Sector.LOCAL_AUTHORITY))
        session.commit()
    assert ensure_demo_data(database) is False
    with database.session() as session:
        assert count(session, Agency) == 1
        assert count(session, Group) == 0 and count(session, Person) == 0


def test_build_is_deterministic(database, empty_database_factory):
    other = empty_database_factory(backend_of(database))
    build_demo_data(database, TODAY)
    build_demo_data(other, TODAY)
    for table in Base.metadata.sorted_tables:
        if table.name in ("audit_entry", "app_user"):
            continue  # when the build ran, and salted password hashes: two builds cannot share them
        query = select(table).order_by(*table.primary_key.columns)
        with database.engine.connect() as one, other.engine.connect() as two:
            assert one.execute(query).all() == two.execute(query).all(), table.name


@pytest.mark.parametrize("today", [dt.date(2026, 4, 1), dt.date(2027, 3, 31)])
def test_builds_on_the_first_and_last_day_of_a_year(sqlite_database, today):
    build_demo_data(sqlite_database, today)
    with sqlite_database.session() as session:
        years = session.scalars(select(FinancialYearRecord.label).order_by(FinancialYearRecord.start_year)).all()
        assert years == [
            "2015-16",
            FinancialYear.containing(today).previous().label,
            FinancialYear.containing(today).label,
        ]
        assert session.scalar(select(func.max(Meeting.meeting_date))) <= FinancialYear.containing(today).end
        assert not session.scalar(select(func.count()).where(Expenditure.spent_on > today))


# --- structure -------------------------------------------------------------------------------------


def test_statutory_partners_are_flagged(demo):
    with demo.session() as session:
        statutory = set(session.scalars(select(Agency.name).where(Agency.statutory_partner.is_(True))))
        sectors = {name: sector for name, sector in session.execute(select(Agency.name, Agency.sector))}
    assert statutory == {
        "Cambridgeshire County Council",
        "Peterborough City Council",
        "Cambridgeshire Constabulary",
        "Cambridgeshire and Peterborough Clinical Commissioning Group",
    }
    assert sectors["Cambridgeshire Constabulary"] is Sector.POLICE
    assert sectors["Cross Keys Homes"] is Sector.HOUSING
    assert sectors["Ely Diocese"] is Sector.FAITH
    assert sectors["Cambridgeshire Fire and Rescue Service"] is Sector.FIRE_AND_RESCUE
    assert sectors["National Probation Service (South East Division)"] is Sector.PROBATION
    assert {Sector.EDUCATION, Sector.VOLUNTARY, Sector.LAY_MEMBER} <= set(sectors.values())


def test_governance_structure_of_the_seeds(demo):
    with demo.session() as session:
        groups = {group.name: group for group in session.scalars(select(Group))}
        parent = {group.name: group.parent.name if group.parent else None for group in groups.values()}
        chairs = set(session.scalars(select(Group.name).join(Membership).where(Membership.role == MemberRole.CHAIR)))
        demo_users = {(user.username, user.roles) for user in session.scalars(select(User))}
    # The README's demo accounts, each with its own role.
    assert demo_users == {("admin", "administrator"), ("chair", "chair"), ("finance", "finance")}
    executive = groups["Executive Safeguarding Partnership Board"]
    assert (executive.kind, executive.remit, executive.frequency) == (GroupKind.BOARD, Remit.JOINT, Frequency.QUARTERLY)
    assert executive.statutory_partners_required and executive.quorum
    assert parent["Safeguarding Children Partnership Board"] == executive.name
    assert parent["Safeguarding Adults Partnership Board"] == executive.name
    assert groups["Child Death Overview Panel"].kind is GroupKind.PANEL
    assert groups["Health Executive Safeguarding Group"].kind is GroupKind.DOTTED_LINE_FORUM
    assert parent["Health Executive Safeguarding Group"] == executive.name
    forums = [group for group in groups.values() if group.kind is GroupKind.FORUM]
    assert {group.remit for group in forums} == {Remit.CHILDREN, Remit.ADULTS}
    task_and_finish = [group for group in groups.values() if group.kind is GroupKind.TASK_AND_FINISH]
    assert task_and_finish and all(group.start_date and group.end_date for group in task_and_finish)
    for name in (
        "Quality and Effectiveness Group (Children)",
        "Quality and Effectiveness Group (Adults)",
        "Child Safeguarding Practice Review Group",
        "Safeguarding Adults Review Group",
        "Training and Development Subgroup",
        "Exploitation Strategic Group",
        "Education Safeguarding Group",
        "LeDeR Steering Group",
    ):
        assert parent[name] is not None, name
    assert all(group.short_name and group.frequency and group.quorum for group in groups.values())
    assert chairs == set(groups)


def test_memberships_follow_the_rules_of_the_services(demo):
    other = aliased(Membership)
    principal = aliased(Membership)
    with demo.session() as session:
        overlapping = session.scalar(
            select(func.count())
            .select_from(Membership)
            .join(
                other,
                and_(
                    other.group_id == Membership.group_id,
                    other.person_id == Membership.person_id,
                    other.id > Membership.id,
                    or_(other.end_date.is_(None), Membership.start_date <= other.end_date),
                    or_(Membership.end_date.is_(None), other.start_date <= Membership.end_date),
                ),
            )
        )
        outside_group = session.scalar(
            select(func.count())
            .select_from(Membership)
            .join(Group, Group.id == Membership.group_id)
            .where(
                or_(
                    and_(Group.start_date.is_not(None), Membership.start_date < Group.start_date),
                    and_(
                        Group.end_date.is_not(None),
                        or_(Membership.end_date.is_(None), Membership.end_date > Group.end_date),
                    ),
                )
            )
        )
        deputies = session.execute(
            select(Membership, principal)
            .outerjoin(principal, principal.id == Membership.deputy_for_id)
            .where(or_(Membership.role == MemberRole.DEPUTY, Membership.deputy_for_id.is_not(None)))
        ).all()
        ended = count(session, select(Membership.id).where(Membership.end_date.is_not(None)).subquery())
        moved = session.execute(
            select(Person.name)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.agency_id != Person.agency_id)
        ).all()
    assert overlapping == 0
    assert outside_group == 0
    assert deputies
    for deputy, member in deputies:
        assert deputy.role is MemberRole.DEPUTY and member is not None
        assert member.group_id == deputy.group_id and member.person_id != deputy.person_id
        assert deputy.start_date >= member.start_date
        assert member.end_date is None or (deputy.end_date is not None and deputy.end_date <= member.end_date)
    assert ended >= 5
    assert moved, "someone who moved agency keeps the membership with their old agency"


# --- meetings, registers and minutes ------------------------------------------------------------


def test_meetings_cover_two_years_to_the_schedule(demo):
    current = FinancialYear.containing(TODAY)
    with demo.session() as session:
        first, last = session.execute(select(func.min(Meeting.meeting_date), func.max(Meeting.meeting_date))).one()
        scheduled = dict(
            session.execute(
                select(Group.name, func.count(Meeting.id))
                .join(Meeting, Meeting.group_id == Group.id)
                .where(Meeting.status != MeetingStatus.POSTPONED)
                .group_by(Group.name)
            ).all()
        )
        wrong_status = session.scalar(
            select(func.count()).where(
                or_(
                    and_(Meeting.meeting_date >= TODAY, Meeting.status != MeetingStatus.PLANNED),
                    and_(Meeting.meeting_date < TODAY, Meeting.status == MeetingStatus.PLANNED),
                )
            )
        )
    assert first >= current.previous().start and last <= current.end
    assert scheduled["Executive Safeguarding Partnership Board"] == 8  # quarterly
    assert scheduled["Safeguarding Children Partnership Board"] == 12  # bi-monthly
    assert scheduled["Child Safeguarding Practice Review Group"] == 22  # monthly, not in August
    assert wrong_status == 0


def test_cancelled_and_postponed_meetings(demo):
    replacement = aliased(Meeting)
    with demo.session() as session:
        cancelled = session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.CANCELLED)).all()
        postponed = session.execute(
            select(Meeting, replacement)
            .join(replacement, replacement.id == Meeting.postponed_to_id)
            .where(Meeting.status == MeetingStatus.POSTPONED)
        ).all()
        unlinked = session.scalar(
            select(func.count()).where(Meeting.status == MeetingStatus.POSTPONED, Meeting.postponed_to_id.is_(None))
        )
    assert cancelled and all(
        meeting.cancellation_reason and meeting.cancellation_reason.strip() for meeting in cancelled
    )
    assert len(postponed) >= 1 and unlinked == 0
    for old, new in postponed:
        assert new.group_id == old.group_id and new.meeting_date > old.meeting_date
        assert new.status in (MeetingStatus.HELD, MeetingStatus.PLANNED)


def test_every_attendance_line_is_a_member_on_the_day_or_a_guest(demo):
    active = aliased(Membership)
    with demo.session() as session:
        strangers = session.scalar(
            select(func.count())
            .select_from(Attendance)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(
                Attendance.status != AttendanceStatus.GUEST,
                ~select(active.id)
                .where(
                    active.group_id == Meeting.group_id,
                    active.person_id == Attendance.person_id,
                    active_on(active, Meeting.meeting_date),
                )
                .exists(),
            )
        )
        missing = session.scalar(
            select(func.count()).where(
                Meeting.status == MeetingStatus.HELD,
                ~select(Attendance.id).where(Attendance.meeting_id == Meeting.id).exists(),
            )
        )
        not_held = session.scalar(
            select(func.count())
            .select_from(Attendance)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(
                Meeting.status != MeetingStatus.HELD,
                # Apologies received in advance mark the line of a meeting still to come, and only those.
                ~select(AdvanceApology.id)
                .where(
                    AdvanceApology.meeting_id == Attendance.meeting_id,
                    AdvanceApology.person_id == Attendance.person_id,
                    Attendance.status == AttendanceStatus.APOLOGIES,
                )
                .exists(),
            )
        )
        # The other way round: every member (other than a deputy) on the day has a line.
        unregistered = session.scalar(
            select(func.count())
            .select_from(Meeting)
            .join(active, and_(active.group_id == Meeting.group_id, active_on(active, Meeting.meeting_date)))
            .where(
                Meeting.status == MeetingStatus.HELD,
                active.role != MemberRole.DEPUTY,
                ~select(Attendance.id)
                .where(Attendance.meeting_id == Meeting.id, Attendance.person_id == active.person_id)
                .exists(),
            )
        )
        statuses = dict(session.execute(select(Attendance.status, func.count()).group_by(Attendance.status)).all())
    assert strangers == 0 and missing == 0 and not_held == 0 and unregistered == 0
    assert set(statuses) == set(AttendanceStatus)
    assert statuses[AttendanceStatus.PRESENT] > sum(statuses.values()) / 2


def test_deputies_are_named_and_count_for_the_members_agency(demo):
    seat = aliased(Membership)
    with demo.session() as session:
        lines = session.execute(
            select(Attendance, seat.agency_id)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .join(
                seat,
                and_(
                    seat.group_id == Meeting.group_id,
                    seat.person_id == Attendance.person_id,
                    active_on(seat, Meeting.meeting_date),
                ),
            )
            .where(Attendance.status == AttendanceStatus.DEPUTY)
        ).all()
        doubled = session.scalar(
            select(func.count())
            .select_from(Attendance)
            .join(
                other := aliased(Attendance),
                and_(other.meeting_id == Attendance.meeting_id, other.person_id == Attendance.deputy_id),
            )
        )
    assert lines
    for line, represented in lines:
        assert line.deputy_id is not None and line.deputy_id != line.person_id
        assert line.agency_id == represented
    assert doubled == 0


def test_nhs_england_is_a_serial_non_attender(demo):
    represented = (AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY)
    with demo.session() as session:
        rows = session.execute(
            select(Agency.name, Attendance.status)
            .join(Attendance, Attendance.agency_id == Agency.id)
            .where(Attendance.status != AttendanceStatus.GUEST)
        ).all()
    nhs = [status for name, status in rows if name == "NHS England Midlands and East"]
    others = [status for name, status in rows if name != "NHS England Midlands and East"]
    assert len(nhs) >= 6 and not any(status in represented for status in nhs)
    assert sum(status in represented for status in others) / len(others) > 0.75


def test_agendas_minutes_and_approval(demo):
    with demo.session() as session:
        held = session.scalars(
            select(Meeting).where(Meeting.status == MeetingStatus.HELD).order_by(Meeting.group_id, Meeting.meeting_date)
        ).all()
        items = session.execute(
            select(AgendaItem.meeting_id, AgendaItem.title, AgendaItem.minutes).order_by(
                AgendaItem.meeting_id, AgendaItem.position
            )
        ).all()
        boards = set(session.scalars(select(Group.id).where(Group.kind == GroupKind.BOARD)))
    agenda: dict[int, list[tuple[str, str | None]]] = {}
    for meeting_id, title, minutes in items:
        agenda.setdefault(meeting_id, []).append((title, minutes))
    by_group: dict[int, list[Meeting]] = {}
    for meeting in held:
        by_group.setdefault(meeting.group_id, []).append(meeting)
        titles = [title for title, _ in agenda[meeting.id]]
        assert titles[0] == "Welcome, introductions and apologies"
        assert titles[1] == "Minutes of the last meeting and matters arising"
        assert titles[-2:] == ["Any other business", "Date of next meeting"] and len(titles) >= 6
        if meeting.group_id in boards:
            assert all(minutes for _, minutes in agenda[meeting.id])
    for meetings in by_group.values():
        for earlier, later in zip(meetings, meetings[1:], strict=False):
            assert earlier.minutes_approved_at_id == later.id and earlier.minutes_approved_on is None
            assert earlier.meeting_date < earlier.minutes_circulated_on <= later.meeting_date
        assert meetings[-1].minutes_approved_at_id is None


def test_actions_with_some_overdue(demo):
    with demo.session() as session:
        actions = session.scalars(select(Action)).all()
    assert {action.status for action in actions} == set(ActionStatus)
    assert all(action.owner_id and action.owner_agency_id and action.due_date for action in actions)
    overdue = [a for a in actions if a.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS) and a.due_date < TODAY]
    assert overdue


# --- challenge log ---------------------------------------------------------------------------------


def test_challenge_log_with_the_seed_examples(demo):
    with demo.session() as session:
        challenges = session.scalars(select(Challenge).order_by(Challenge.date_raised, Challenge.reference)).all()
    assert len(challenges) >= 12
    texts = " ".join(challenge.challenge for challenge in challenges)
    for example in ("health and wellbeing", "health assessments", "Call Centre", "placed out of county"):
        assert example in texts, example
    assert {challenge.status for challenge in challenges} == set(ChallengeStatus)
    assert len({challenge.agency_id for challenge in challenges}) >= 8
    assert len({challenge.theme for challenge in challenges}) >= 6
    sequence: dict[int, int] = {}
    for challenge in challenges:
        match = re.fullmatch(r"CH-(\d{4})-(\d{3})", challenge.reference)
        assert match and int(match.group(1)) == challenge.date_raised.year
        sequence[challenge.date_raised.year] = sequence.get(challenge.date_raised.year, 0) + 1
        assert int(match.group(2)) == sequence[challenge.date_raised.year]
        assert challenge.raised_at_meeting_id and challenge.raised_by_id and challenge.date_raised <= TODAY
        if challenge.status is ChallengeStatus.CLOSED:
            assert challenge.date_closed and challenge.response and challenge.outcome
            assert challenge.date_raised <= challenge.date_closed <= TODAY
        else:
            assert challenge.date_closed is None
    overdue = [
        c for c in challenges if c.status is not ChallengeStatus.CLOSED and not c.response and c.response_due < TODAY
    ]
    assert any(challenge.status is ChallengeStatus.AWAITING_RESPONSE for challenge in overdue)


# --- money -----------------------------------------------------------------------------------------


def test_2015_16_reproduces_seed_004_appendix_6(demo):
    with demo.session() as session:
        year = session.scalar(select(FinancialYearRecord.id).where(FinancialYearRecord.label == "2015-16"))
        contributions, received = session.execute(
            select(func.sum(Contribution.agreed_pence), func.sum(Contribution.received_pence)).where(
                Contribution.year_id == year
            )
        ).one()
        income = dict(
            session.execute(select(IncomeLine.source, IncomeLine.amount_pence).where(IncomeLine.year_id == year)).all()
        )
        lines = session.execute(
            select(BudgetLine.name, BudgetLine.budget_pence, func.sum(Expenditure.amount_pence), func.count())
            .join(Expenditure, Expenditure.budget_line_id == BudgetLine.id)
            .where(BudgetLine.year_id == year)
            .group_by(BudgetLine.id, BudgetLine.name, BudgetLine.budget_pence)
            .order_by(BudgetLine.id)
        ).all()
        outside_year = session.scalar(
            select(func.count())
            .select_from(Expenditure)
            .join(BudgetLine, BudgetLine.id == Expenditure.budget_line_id)
            .where(
                BudgetLine.year_id == year,
                or_(Expenditure.spent_on < dt.date(2015, 4, 1), Expenditure.spent_on > dt.date(2016, 3, 31)),
            )
        )
        contributors = set(session.scalars(select(Agency.name).join(Contribution).where(Contribution.year_id == year)))
    assert contributions == received == 248_269_00
    assert income == {"Training": 7_125_00, "From reserves": 15_000_00}
    assert contributions + sum(income.values()) == 270_394_00
    assert [(name, budget, actual) for name, budget, actual, _ in lines] == [
        ("LSCB Unit Costs", 118_878_00, 112_532_19),
        ("Chair Expenses", 42_500_00, 38_248_48),
        ("Training", 75_891_00, 68_334_08),
        ("Serious Case Review Costs", 22_149_00, 3_340_84),
    ]
    assert all(entries >= 2 for *_, entries in lines)
    assert sum(budget for _, budget, _, _ in lines) == 259_418_00
    assert sum(actual for _, _, actual, _ in lines) == 222_455_59
    assert sum(budget - actual for _, budget, actual, _ in lines) == 36_962_41
    assert outside_year == 0
    assert {"NHS England Midlands and East", "Hinchingbrooke Hospitals NHS Trust"} <= contributors
    assert len(contributors) == 10


def test_recent_years_have_money_with_some_outstanding(demo):
    current = FinancialYear.containing(TODAY)
    with demo.session() as session:
        years = dict(session.execute(select(FinancialYearRecord.label, FinancialYearRecord.id)).all())
        assert {current.label, current.previous().label} <= set(years)
        for label in (current.label, current.previous().label):
            year_id = years[label]
            assert count(session, select(Contribution.id).where(Contribution.year_id == year_id).subquery()) >= 8
            assert count(session, select(IncomeLine.id).where(IncomeLine.year_id == year_id).subquery()) >= 2
            spent = session.scalar(
                select(func.sum(Expenditure.amount_pence))
                .join(BudgetLine, BudgetLine.id == Expenditure.budget_line_id)
                .where(BudgetLine.year_id == year_id)
            )
            assert spent and spent > 0
        outstanding = session.scalar(
            select(func.count()).where(
                Contribution.year_id == years[current.label],
                or_(Contribution.received_pence.is_(None), Contribution.received_pence < Contribution.agreed_pence),
            )
        )
        late = session.scalar(select(func.count()).where(Expenditure.spent_on > TODAY))
    assert outstanding >= 1
    assert late == 0


def test_challenges_have_their_history_themes_and_escalation(demo):
    with demo.session() as session:
        challenges = session.scalars(select(Challenge)).all()
        themes = {theme.name: theme.active for theme in session.scalars(select(ChallengeTheme))}
        changes = session.scalars(
            select(ChallengeStatusChange).order_by(
                ChallengeStatusChange.challenge_id, ChallengeStatusChange.recorded_at
            )
        ).all()
        escalated = [c for c in challenges if c.status is ChallengeStatus.ESCALATED]
        assert escalated and all(c.escalated_to_group.name == c.escalated_to for c in escalated)
    assert {c.theme for c in challenges} <= {name for name, active in themes.items() if active}
    assert False in themes.values()  # a retired theme
    by_challenge: dict[int, list[ChallengeStatusChange]] = {}
    for change in changes:
        by_challenge.setdefault(change.challenge_id, []).append(change)
    for challenge in challenges:
        steps = by_challenge[challenge.id]
        assert steps[0].from_status is None and steps[0].changed_on == challenge.date_raised
        assert steps[-1].to_status is challenge.status
        for earlier, later in zip(steps, steps[1:], strict=False):
            assert earlier.to_status is later.from_status and earlier.changed_on <= later.changed_on
        assert all(step.changed_on <= TODAY for step in steps)
        if challenge.response:
            assert challenge.date_raised <= challenge.responded_on <= TODAY


def test_challenge_history_names_the_demo_administrator(demo):
    """The history is recorded by a person with an account (the business unit's administrator), not "system"."""
    with demo.session() as session:
        authors = set(session.scalars(select(ChallengeStatusChange.changed_by)))
        administrator = session.scalars(select(User).where(User.username.in_(authors))).all()
    assert authors == {"admin"}
    assert [(user.display_name, user.roles) for user in administrator] == [("Kerry Blackwell", "administrator")]
