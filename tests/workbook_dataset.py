"""A small but complete dataset for the workbook tests: every sheet has rows, every kind of cell a value.

The structure goes in through the structure services; meetings, minutes, registers, challenges and
money through the models (their services are written elsewhere). It includes the awkward cases: text that
looks like a formula, a deputy, a person who moved agency, a postponed meeting, refunds and repeated
expenditure entries, multi-line minutes, a retired theme, challenges escalated to a group, to a person and to
a name that is neither, and two history entries recorded in the same second.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Table, select

from board_admin.db.engine import Database
from board_admin.db.models import (
    Action,
    AdvanceApology,
    AgendaItem,
    Attendance,
    Base,
    BudgetLine,
    Challenge,
    ChallengeStatusChange,
    ChallengeTheme,
    Contribution,
    Decision,
    Declaration,
    Expenditure,
    FinancialYearRecord,
    Group,
    IncomeLine,
    LearningTheme,
    Meeting,
    MinutesAmendment,
    Person,
)
from board_admin.domain.enums import (
    ActionStatus,
    AttendanceStatus,
    ChallengeStatus,
    Frequency,
    GroupKind,
    InterestAction,
    InterestKind,
    MeetingStatus,
    MemberRole,
    Rag,
    Remit,
    Sector,
)
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Permission
from board_admin.reports.workbook_rows import read_stored_rows
from board_admin.services import structure as s
from board_admin.services.uow import UnitOfWork

D = dt.date
T = dt.time

# Text a spreadsheet program would take for a formula; each must come back as the same text.
FORMULA_LIKE = ["=1+2", '=HYPERLINK("http://example.invalid","x")', "+44 1223 000000", "-5 days", "@risk", "\tTabbed"]


def build_complete_dataset(database: Database) -> dict[str, int]:
    police = s.create_agency(database, s.AgencyFields("Cambridgeshire Constabulary", Sector.POLICE, "Police", True))
    council = s.create_agency(
        database, s.AgencyFields("Peterborough City Council", Sector.LOCAL_AUTHORITY, "PCC", True)
    )
    ccg = s.create_agency(database, s.AgencyFields("Clinical Commissioning Group", Sector.HEALTH, "CCG", True))
    housing = s.create_agency(database, s.AgencyFields("@Home Housing", Sector.HOUSING, FORMULA_LIKE[4]))
    closed = s.create_agency(database, s.AgencyFields("Old Probation Trust", Sector.PROBATION, None, False, True))

    ann = s.create_person(
        database, s.PersonFields("Ann Hale", police, "Detective Superintendent", "ann@police.example")
    )
    bob = s.create_person(database, s.PersonFields("Bob Marsh", council, FORMULA_LIKE[0], None, "01733 000000"))
    cat = s.create_person(database, s.PersonFields("Cat Singh", police, "Detective Inspector"))
    dee = s.create_person(database, s.PersonFields("Dee Okafor", ccg, "Designated Nurse", phone=FORMULA_LIKE[2]))
    eve = s.create_person(database, s.PersonFields("Eve Lund", closed, "Head of Service"))
    fay = s.create_person(database, s.PersonFields("Fay Moss", housing, FORMULA_LIKE[1]))

    board = s.create_group(
        database,
        s.GroupFields(
            "Safeguarding Children Partnership Board",
            GroupKind.BOARD,
            Remit.CHILDREN,
            "SCPB",
            frequency=Frequency.QUARTERLY,
            quorum=3,
            statutory_partners_required=True,
            counting_roles=frozenset({MemberRole.CHAIR, MemberRole.MEMBER, MemberRole.OBSERVER}),
        ),
    )
    qeg = s.create_group(
        database,
        s.GroupFields(
            "Quality and Effectiveness Group", GroupKind.SUBGROUP, Remit.JOINT, "QEG", board, Frequency.BI_MONTHLY
        ),
    )
    neglect = s.create_group(
        database,
        s.GroupFields(
            "Neglect task and finish group",
            GroupKind.TASK_AND_FINISH,
            Remit.CHILDREN,
            parent_id=qeg,
            start_date=D(2020, 1, 1),
            end_date=D(2020, 12, 31),
        ),
    )
    s.create_group(database, s.GroupFields("Faith Forum", GroupKind.DOTTED_LINE_FORUM, Remit.ADULTS, parent_id=board))

    chair = s.add_membership(database, s.MembershipFields(board, ann, MemberRole.CHAIR, D(2019, 4, 1)))
    s.add_membership(database, s.MembershipFields(board, bob, MemberRole.MEMBER, D(2019, 4, 1)))
    s.add_membership(database, s.MembershipFields(board, dee, MemberRole.MEMBER, D(2019, 4, 1), D(2020, 3, 31)))
    s.add_membership(database, s.MembershipFields(board, dee, MemberRole.VICE_CHAIR, D(2020, 4, 1)))
    s.add_membership(database, s.MembershipFields(board, cat, MemberRole.DEPUTY, D(2019, 6, 1), deputy_for_id=chair))
    # Eve sat for the probation trust, which later closed; she now works for the council.
    s.add_membership(database, s.MembershipFields(board, eve, MemberRole.MEMBER, D(2019, 4, 1), D(2020, 3, 31)))
    s.update_person(database, eve, s.PersonFields("Eve Lund", council, "Head of Service"))
    s.add_membership(database, s.MembershipFields(qeg, fay, MemberRole.OBSERVER, D(2020, 1, 1)))
    s.add_membership(database, s.MembershipFields(neglect, bob, MemberRole.CHAIR, D(2020, 1, 1), D(2020, 12, 31)))
    s.add_membership(
        database, s.MembershipFields(neglect, dee, MemberRole.MEMBER, D(2020, 2, 1), D(2020, 12, 31), agency_id=ccg)
    )
    s.set_agency_active(database, closed, False)
    s.set_person_active(database, eve, False)

    with UnitOfWork(database, Permission.EDIT_MEETINGS) as uow:
        session = uow.session
        held = Meeting(
            group_id=board,
            meeting_date=D(2020, 1, 14),
            start_time=T(10, 0),
            end_time=T(12, 30),
            location=FORMULA_LIKE[2],
            status=MeetingStatus.HELD,
            minutes_circulated_on=D(2020, 1, 24),
            minutes_record='{"actions": [], "challenges": [], "matters_arising": [], "version": 1}',
        )
        replacement = Meeting(
            group_id=board, meeting_date=D(2020, 4, 14), start_time=T(9, 30), status=MeetingStatus.HELD
        )
        # Approved on a date on which the group has no meeting recorded (kept from before approvals named one).
        approved_on_a_date = Meeting(
            group_id=qeg, meeting_date=D(2020, 3, 10), status=MeetingStatus.HELD, minutes_approved_on=D(2020, 5, 5)
        )
        postponed = Meeting(group_id=board, meeting_date=D(2020, 4, 7), status=MeetingStatus.POSTPONED)
        cancelled = Meeting(
            group_id=board,
            meeting_date=D(2020, 7, 14),
            status=MeetingStatus.CANCELLED,
            cancellation_reason="Not quorate:\nthe police and health\nsent apologies.",
        )
        planned = Meeting(group_id=qeg, meeting_date=D(2020, 2, 11), location="Room 1", status=MeetingStatus.PLANNED)
        session.add_all([held, replacement, postponed, cancelled, planned, approved_on_a_date])
        session.flush()
        postponed.postponed_to_id = replacement.id
        held.minutes_approved_at_id = replacement.id  # approved at the board's next meeting

        session.add_all(
            [
                AgendaItem(
                    meeting_id=held.id,
                    position=1,
                    title="Welcome and apologies",
                    presenter="Chair",
                    minutes="The chair welcomed members.\n\nApologies were noted.",
                ),
                AgendaItem(
                    meeting_id=held.id,
                    position=2,
                    title="Neglect strategy",
                    presenter="Bob Marsh",
                    paper_reference="SCPB-2020-01",
                    minutes=FORMULA_LIKE[5],
                ),
                AgendaItem(meeting_id=replacement.id, position=1, title="Minutes of the last meeting"),
            ]
        )
        session.flush()
        strategy = session.scalar(select(AgendaItem.id).where(AgendaItem.title == "Neglect strategy"))
        year = FinancialYear.containing(held.meeting_date).start_year
        # Numbers with a gap (a decision deleted) and a decision that looks like a formula: both kept exactly.
        session.add_all(
            [
                Decision(
                    agenda_item_id=strategy,
                    position=1,
                    group_id=held.group_id,
                    year_start=year,
                    number=3,
                    text="- Approved the strategy",
                ),
                Decision(
                    agenda_item_id=strategy,
                    position=2,
                    group_id=held.group_id,
                    year_start=year,
                    number=5,
                    text=FORMULA_LIKE[0],
                ),
            ]
        )
        session.add_all(
            [
                Declaration(
                    meeting_id=held.id,
                    agenda_item_id=strategy,
                    person_id=bob,
                    interest="Director of a provider named in the strategy",
                    kind=InterestKind.PECUNIARY,
                    action=InterestAction.LEFT_THE_ROOM,
                ),
                Declaration(
                    meeting_id=held.id,
                    person_id=ann,
                    interest=FORMULA_LIKE[4],
                    kind=InterestKind.NON_PECUNIARY,
                    action=InterestAction.STAYED,
                ),
                MinutesAmendment(
                    meeting_id=held.id,
                    recorded_at=dt.datetime(2020, 4, 20, 9, 15, 30),
                    recorded_by="Ann Hale",
                    change="Item 2:\n'approved' should read 'noted'.",
                    reason=FORMULA_LIKE[0],
                ),
                AdvanceApology(meeting_id=held.id, person_id=bob, received_on=D(2020, 1, 10), note="Annual leave"),
                AdvanceApology(meeting_id=planned.id, person_id=fay, received_on=D(2020, 2, 1)),
            ]
        )
        session.add_all(
            [
                Attendance(meeting_id=held.id, person_id=ann, status=AttendanceStatus.PRESENT, agency_id=police),
                Attendance(meeting_id=held.id, person_id=bob, status=AttendanceStatus.APOLOGIES, agency_id=council),
                Attendance(
                    meeting_id=held.id, person_id=dee, status=AttendanceStatus.DEPUTY, deputy_id=fay, agency_id=ccg
                ),
                Attendance(meeting_id=held.id, person_id=eve, status=AttendanceStatus.ABSENT, agency_id=closed),
                Attendance(meeting_id=held.id, person_id=fay, status=AttendanceStatus.GUEST),
                Attendance(meeting_id=replacement.id, person_id=ann, status=AttendanceStatus.PRESENT, agency_id=police),
            ]
        )
        session.add_all(
            [
                Action(
                    meeting_id=held.id,
                    reference="A1",
                    description="Circulate the neglect toolkit",
                    owner_id=bob,
                    owner_agency_id=council,
                    due_date=D(2020, 2, 28),
                    status=ActionStatus.DONE,
                    rag=Rag.GREEN,
                ),
                Action(
                    meeting_id=held.id,
                    reference="A10",
                    description=FORMULA_LIKE[3],
                    owner_id=ann,
                    status=ActionStatus.IN_PROGRESS,
                    rag=Rag.AMBER,
                ),
                Action(meeting_id=held.id, description="Agree the dates for next year", status=ActionStatus.OPEN),
            ]
        )
        session.add_all(
            [
                ChallengeTheme(name="Neglect", active=True),
                ChallengeTheme(name="Exploitation", active=True),
                ChallengeTheme(name="Private fostering", active=False),  # retired
            ]
        )
        closed_challenge = Challenge(
            reference="CH-2020-001",
            date_raised=D(2020, 1, 14),
            raised_at_group_id=board,
            raised_at_meeting_id=held.id,
            raised_by_id=ann,
            agency_id=council,
            theme="Neglect",
            challenge="How many children on plans for neglect have had a home visit?",
            response_due=D(2020, 3, 1),
            response="All of them, within ten days.",
            responded_on=D(2020, 2, 20),
            outcome="Assurance given.",
            status=ChallengeStatus.CLOSED,
            date_closed=D(2020, 3, 10),
        )
        to_person = Challenge(
            reference="CH-2020-003",
            date_raised=D(2020, 2, 11),
            agency_id=ccg,
            theme="Exploitation",
            challenge="Who follows up children missing from home?",
            status=ChallengeStatus.ESCALATED,
            escalated_to="Ann Hale",
            escalated_to_person_id=ann,
        )
        to_group = Challenge(
            reference="CH-2021-001",
            date_raised=D(2021, 1, 5),
            agency_id=police,
            challenge="Are strategy discussions held within a day?",
            status=ChallengeStatus.ESCALATED,
            escalated_to="Safeguarding Children Partnership Board",
            escalated_to_group_id=board,
        )
        session.add_all(
            [
                closed_challenge,
                to_person,
                to_group,
                Challenge(
                    reference="CH-2020-002",
                    date_raised=D(2020, 2, 1),
                    agency_id=police,
                    challenge=FORMULA_LIKE[0],
                    status=ChallengeStatus.ESCALATED,
                    escalated_to="Executive Safeguarding Partnership Board",  # only a name: no such group
                ),
            ]
        )
        session.flush()
        at = dt.datetime
        steps = [
            (closed_challenge, D(2020, 1, 14), at(2020, 1, 14, 11, 5, 9), None, ChallengeStatus.OPEN, "Recorded"),
            # Recorded in the same second as the step before, as a quick click after saving would be.
            (
                closed_challenge,
                D(2020, 1, 14),
                at(2020, 1, 14, 11, 5, 9, 250_000),
                ChallengeStatus.OPEN,
                ChallengeStatus.AWAITING_RESPONSE,
                None,
            ),
            (
                closed_challenge,
                D(2020, 2, 20),
                at(2020, 2, 21, 8, 0),
                ChallengeStatus.AWAITING_RESPONSE,
                ChallengeStatus.RESPONDED,
                FORMULA_LIKE[3],
            ),
            (
                closed_challenge,
                D(2020, 3, 10),
                at(2020, 3, 10, 16, 45, 30),
                ChallengeStatus.RESPONDED,
                ChallengeStatus.CLOSED,
                "Closed at the board:\nassurance accepted.",
            ),
            (to_person, D(2020, 2, 11), at(2020, 2, 11, 9, 0), None, ChallengeStatus.OPEN, "Recorded"),
            (
                to_person,
                D(2020, 3, 2),
                at(2020, 3, 2, 9, 0),
                ChallengeStatus.OPEN,
                ChallengeStatus.ESCALATED,
                "Escalated to Ann Hale",
            ),
            (to_group, D(2021, 1, 5), at(2021, 1, 5, 14, 0), None, ChallengeStatus.OPEN, "Recorded"),
            (to_group, D(2021, 1, 20), at(2021, 1, 20, 14, 0), ChallengeStatus.OPEN, ChallengeStatus.ESCALATED, None),
        ]
        session.add_all(
            ChallengeStatusChange(
                challenge_id=challenge.id,
                changed_on=on,
                recorded_at=recorded,
                changed_by="admin",
                from_status=before,
                to_status=after,
                note=note,
            )
            for challenge, on, recorded, before, after, note in steps
        )
        year = FinancialYearRecord(start_year=2015, label="2015-16")
        next_year = FinancialYearRecord(start_year=2016, label="2016-17")
        session.add_all([year, next_year])
        session.flush()
        session.add_all(
            [
                Contribution(
                    year_id=year.id,
                    agency_id=council,
                    agreed_pence=14_826_900,
                    invoiced_on=D(2015, 5, 1),
                    received_pence=14_826_900,
                    received_on=D(2015, 6, 1),
                ),
                Contribution(year_id=year.id, agency_id=police, agreed_pence=5_000_000),
                Contribution(year_id=next_year.id, agency_id=ccg, agreed_pence=0, in_kind="Office space\nand IT"),
                IncomeLine(year_id=year.id, source="Training income", amount_pence=712_500),
                IncomeLine(
                    year_id=year.id, source="From reserves", amount_pence=1_500_000, footnote="Agreed by the board"
                ),
            ]
        )
        unit = BudgetLine(year_id=year.id, name="Unit costs", budget_pence=11_887_800)
        training = BudgetLine(
            year_id=year.id,
            name="Training",
            budget_pence=2_214_900,
            footnote="*income from training is accounted for in this sum",
        )
        session.add_all([unit, training, BudgetLine(year_id=next_year.id, name="Unit costs", budget_pence=12_000_000)])
        session.flush()
        session.add_all(
            [
                Expenditure(
                    budget_line_id=unit.id, spent_on=D(2015, 4, 30), description="Salaries", amount_pence=11_253_219
                ),
                Expenditure(
                    budget_line_id=training.id, spent_on=D(2015, 9, 1), description="Venue", amount_pence=50_000
                ),
                Expenditure(
                    budget_line_id=training.id, spent_on=D(2015, 9, 1), description="Venue", amount_pence=50_000
                ),
                Expenditure(
                    budget_line_id=training.id, spent_on=D(2015, 10, 1), description="Refund", amount_pence=-12_345
                ),
                Expenditure(budget_line_id=training.id, spent_on=D(2015, 11, 1), amount_pence=1),
            ]
        )
        uow.commit()
    # Entered after the register of 14/01/2020 was taken: left off it (Memberships "On registers from").
    late = s.create_person(database, s.PersonFields("Gil Hart", council, "Team Manager"))
    s.add_membership(database, s.MembershipFields(board, late, MemberRole.MEMBER, D(2020, 1, 1)))
    _case_reviews(database, board, police)
    return dict(police=police, council=council, ann=ann, bob=bob, board=board, qeg=qeg, neglect=neglect)


def _case_reviews(database: Database, board: int, police: int) -> None:
    """A kind the unit added, learning themes (one retired), a CSPR with its history, recommendations and an
    action at the board's meeting carrying one out, and a rapid review found not to meet the criteria."""
    from board_admin.domain.case_reviews import CaseReviewStatus, ReviewDecision
    from board_admin.reports.case_reviews import review_kinds
    from board_admin.services import case_reviews as cr
    from board_admin.services import meetings as me

    cr.add_review_kind(database, "Domestic homicide review", "DHR")
    kinds = {kind.prefix: kind.id for kind in review_kinds(database)}
    for theme in ("Professional curiosity", "Neglect", "Old theme"):
        cr.add_learning_theme(database, theme)
    with database.session() as session:
        old = session.scalars(select(LearningTheme.id).where(LearningTheme.name == "Old theme")).one()
        meeting = session.scalars(select(Meeting).where(Meeting.group_id == board).order_by(Meeting.meeting_date))
        meeting = meeting.first()
    cspr = cr.record_case_review(
        database,
        cr.CaseReviewFields(
            kinds["CSPR"],
            "Oliver",
            meeting.meeting_date - dt.timedelta(days=60),
            overseeing_group_id=board,
            referring_agency_id=police,
            decided_on=meeting.meeting_date - dt.timedelta(days=40),
            decision=ReviewDecision.CRITERIA_MET,
            reviewer="=An author, not a formula",
            themes=["Professional curiosity", "Old theme"],
            summary="A baby we call Oliver.\nA second paragraph.",
        ),
    )
    cr.set_learning_theme_active(database, old, False)
    cr.change_review_status(database, cspr, CaseReviewStatus.DECIDED, meeting.meeting_date, "Criteria met")
    first = cr.add_recommendation(database, cspr, "Ask about risks in the home.")
    cr.add_recommendation(database, cspr, "Share concerns within a day.")
    cr.add_recommendation_action(
        database, first, meeting.id, me.ActionFields("Brief health visitors", due_date=meeting.meeting_date)
    )
    cr.record_case_review(
        database,
        cr.CaseReviewFields(
            kinds["RR"],
            "Amelia",
            meeting.meeting_date,
            decided_on=meeting.meeting_date + dt.timedelta(days=15),
            decision=ReviewDecision.CRITERIA_NOT_MET,
            themes=["Neglect"],
        ),
    )


def snapshot(database: Database) -> dict[str, list[tuple]]:
    """Every row of every table, ids and versions included: 'exactly unchanged' means equal snapshots."""
    tables: list[Table] = list(Base.metadata.sorted_tables)
    with database.session() as session:
        return {
            table.name: [tuple(row) for row in session.execute(select(table).order_by(*table.primary_key.columns))]
            for table in tables
        }


def content(database: Database) -> dict[str, list[tuple]]:
    """What the workbook carries, without ids: equal contents mean nothing was lost."""
    with database.session() as session:
        stored = read_stored_rows(session)
        principal_start = {row.id: row.values["start_date"] for row in stored.rows["Memberships"]}
        result = {}
        for name, rows in stored.rows.items():
            lines = []
            for row in rows:
                line = tuple(sorted((key, repr(value)) for key, value in row.values.items()))
                if name == "Memberships":
                    line += (("deputy_for_start", repr(principal_start.get(row.links["deputy_for"]))),)
                lines.append(line)
            result[name] = sorted(lines)
        result["years"] = sorted(stored.years)
        return result


def challenge_log(database: Database) -> dict[str, list[tuple]]:
    """The challenge log's detail straight from its tables (not through the workbook's read side): themes,
    response dates, the group or person each challenge was escalated to, and every history entry."""
    with database.session() as session:
        group_name = {id_: name for id_, name in session.execute(select(Group.id, Group.name))}
        person_name = {id_: name for id_, name in session.execute(select(Person.id, Person.name))}
        reference_of = {id_: ref for id_, ref in session.execute(select(Challenge.id, Challenge.reference))}
        themes = sorted(tuple(row) for row in session.execute(select(ChallengeTheme.name, ChallengeTheme.active)))
        challenges = sorted(
            (
                challenge.reference,
                challenge.theme,
                challenge.responded_on,
                challenge.escalated_to,
                group_name.get(challenge.escalated_to_group_id),
                person_name.get(challenge.escalated_to_person_id),
            )
            for challenge in session.scalars(select(Challenge))
        )
        history = sorted(
            (
                reference_of[change.challenge_id],
                change.changed_on,
                change.recorded_at,
                change.changed_by,
                change.from_status.value if change.from_status else "",
                change.to_status.value,
                change.note or "",
            )
            for change in session.scalars(select(ChallengeStatusChange))
        )
        return {"themes": themes, "challenges": challenges, "history": history}
