"""The demo builder's second half: the challenge log and the money, from the tables of demo/seed_business.py.

`Builder` (demo/builder.py) takes these steps from `BusinessRecords`; they use its session, its days and
the meetings it has built.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from board_admin.db.models import (
    BudgetLine,
    Challenge,
    ChallengeStatusChange,
    ChallengeTheme,
    Contribution,
    Expenditure,
    FinancialYearRecord,
    IncomeLine,
)
from board_admin.demo import helpers as h
from board_admin.demo.accounts import DEMO_ADMINISTRATOR
from board_admin.demo.seed_business import (
    BUDGET_2015_16,
    CHALLENGES,
    CONTRIBUTIONS_2015_16,
    INCOME_2015_16,
    RECENT_BUDGET,
    RECENT_CONTRIBUTIONS,
    UNPAID_THIS_YEAR,
    ChallengeSpec,
)
from board_admin.domain import challenges as challenge_rules
from board_admin.domain.enums import (
    ChallengeStatus,
    MeetingStatus,
)
from board_admin.domain.financial_year import FinancialYear


class BusinessRecords:
    # --- challenge log ---------------------------------------------------------------------------

    def build_challenges(self) -> None:
        made = []
        for order, spec in enumerate(CHALLENGES):
            held = [m for m in self.meetings[spec.group] if m.status is MeetingStatus.HELD]
            if spec.when == "latest":
                meeting = held[-1]
                raised = meeting.meeting_date
                due = max(raised + dt.timedelta(days=spec.due_days), self.today + dt.timedelta(days=14))
            else:
                assert isinstance(spec.when, int)
                if spec.when < 0:
                    older = [m for m in held if m.meeting_date <= self.today - dt.timedelta(days=60)]
                    meeting = older[spec.when]
                else:
                    meeting = held[spec.when]
                raised = meeting.meeting_date
                due = raised + dt.timedelta(days=spec.due_days)
            closed = None
            if spec.closed_after is not None:
                closed = min(raised + dt.timedelta(days=spec.closed_after), self.today)
            made.append((raised, order, spec, meeting, due, closed))
        numbers: dict[int, int] = defaultdict(int)
        self.build_challenge_themes()
        for raised, _order, spec, meeting, due, closed in sorted(made, key=lambda row: (row[0], row[1])):
            numbers[raised.year] += 1
            self.keep(
                challenge_rules.response_due_problem(raised, due),
                challenge_rules.closed_problem(raised, closed),
                challenge_rules.reference_number_problem(raised.year, numbers[raised.year]),
            )
            challenge = self.add(
                Challenge(
                    reference=challenge_rules.format_reference(raised.year, numbers[raised.year]),
                    date_raised=raised,
                    raised_at_group=meeting.group,
                    raised_at_meeting=meeting,
                    raised_by=self.people[spec.raised_by],
                    agency=self.agencies[spec.agency],
                    theme=spec.theme,
                    challenge=spec.challenge,
                    response_due=due,
                    response=spec.response,
                    outcome=spec.outcome,
                    status=spec.status,
                    escalated_to=spec.escalated_to,
                    date_closed=closed,
                )
            )
            self.build_challenge_history(challenge, spec, closed)

    def build_challenge_themes(self) -> None:
        for name in dict.fromkeys(spec.theme for spec in CHALLENGES):
            self.add(ChallengeTheme(name=name, active=True))
        self.add(ChallengeTheme(name="Private fostering", active=False))  # a retired priority

    def build_challenge_history(self, challenge: Challenge, spec: ChallengeSpec, closed: dt.date | None) -> None:
        """The status changes that led to the challenge's status, with the response date and escalation target."""
        raised = challenge.date_raised
        steps: list[tuple[dt.date, ChallengeStatus, str | None]] = [(raised, ChallengeStatus.OPEN, "Recorded")]
        if spec.status is not ChallengeStatus.OPEN:
            steps.append((min(raised + dt.timedelta(days=2), self.today), ChallengeStatus.AWAITING_RESPONSE, None))
        if spec.escalated_to:
            challenge.escalated_to_group = next(g for g in self.groups.values() if g.name == spec.escalated_to)
            when = min(raised + dt.timedelta(days=spec.due_days + 14), self.today)
            steps.append((when, ChallengeStatus.ESCALATED, f"Escalated to {spec.escalated_to}"))
        if spec.response:
            challenge.responded_on = max(
                min(raised + dt.timedelta(days=max(spec.due_days - 7, 3)), closed or self.today), steps[-1][0]
            )
            steps.append((challenge.responded_on, ChallengeStatus.RESPONDED, None))
        if closed is not None:
            steps.append((closed, ChallengeStatus.CLOSED, None))
        before = None
        for number, (when, status, note) in enumerate(steps):
            self.add(
                ChallengeStatusChange(
                    challenge=challenge,
                    changed_on=when,
                    recorded_at=dt.datetime.combine(when, dt.time(9, number)),
                    changed_by=DEMO_ADMINISTRATOR,
                    from_status=before,
                    to_status=status,
                    note=note,
                )
            )
            before = status

    # --- money -----------------------------------------------------------------------------------

    def year_record(self, year: FinancialYear) -> FinancialYearRecord:
        return self.add(FinancialYearRecord(start_year=year.start_year, label=year.label))

    def build_money_2015_16(self) -> None:
        """Seed 004 Appendix 6 to the penny: 248,269 + 7,125 + 15,000 income; four lines, budget and actual."""
        year = FinancialYear(2015)
        record = self.year_record(year)
        for key, pounds in CONTRIBUTIONS_2015_16:
            invoiced = dt.date(2015, 4, 20)
            self.add(
                Contribution(
                    year=record,
                    agency=self.agencies[key],
                    agreed_pence=pounds * 100,
                    invoiced_on=invoiced,
                    received_pence=pounds * 100,
                    received_on=invoiced + dt.timedelta(days=self.rng.randint(14, 120)),
                )
            )
        for source, pence in INCOME_2015_16:
            self.add(IncomeLine(year=record, source=source, amount_pence=pence))
        lines = {
            name: self.add(BudgetLine(year=record, name=name, budget_pence=budget))
            for name, budget, _ in BUDGET_2015_16
        }
        actual = {name: spent for name, _, spent in BUDGET_2015_16}
        months = h.month_ends(year, year.end)
        self.spread(
            lines["LSCB Unit Costs"],
            actual["LSCB Unit Costs"],
            [(d, f"Unit staff costs, {h.month(d)}") for d in months],
        )
        self.spread(
            lines["Chair Expenses"],
            actual["Chair Expenses"],
            [(d, f"Independent Chair fees and expenses, {h.month(d)}") for d in months],
        )
        refund = (dt.date(2015, 11, 16), "Refund of venue deposit: cancelled neglect course", -250_00)
        training = [
            (dt.date(2015, 5, 14), "Venue hire and catering: Working Together course"),
            (dt.date(2015, 6, 25), "Trainer fees: child sexual exploitation awareness"),
            (dt.date(2015, 9, 17), "Trainer fees: neglect and the Graded Care Profile"),
            (dt.date(2015, 10, 8), "Venue hire: Safeguarding Week conference"),
            (dt.date(2015, 12, 3), "E-learning licences"),
            (dt.date(2016, 1, 21), "Trainer fees: domestic abuse and children"),
            (dt.date(2016, 2, 18), "Printing of course materials"),
            (dt.date(2016, 3, 10), "Trainer fees: female genital mutilation awareness"),
        ]
        self.spread(lines["Training"], actual["Training"], training, fixed=(refund,))
        self.spread(
            lines["Serious Case Review Costs"],
            actual["Serious Case Review Costs"],
            [
                (dt.date(2015, 7, 9), "Independent reviewer: multi-agency learning review"),
                (dt.date(2016, 2, 4), "Learning event for practitioners following the review"),
            ],
        )

    def spread(
        self,
        line: BudgetLine,
        total: int,
        entries: list[tuple[dt.date, str]],
        fixed: tuple[tuple[dt.date, str, int], ...] = (),
    ) -> None:
        """Expenditure entries summing exactly to `total` pence: the fixed ones, the rest shared unevenly."""
        amounts = h.split(total - sum(amount for _, _, amount in fixed), len(entries), self.rng)
        rows = [(day, text, amount) for (day, text), amount in zip(entries, amounts, strict=True)] + list(fixed)
        for day, text, amount in sorted(rows, key=lambda row: row[0]):
            self.add(Expenditure(budget_line=line, spent_on=day, description=text, amount_pence=amount))

    def build_money_recent(self, year: FinancialYear) -> None:
        record = self.year_record(year)
        current = year == self.current_year
        for key, pounds, in_kind in RECENT_CONTRIBUTIONS:
            agreed = (pounds * 102 // 100 if current else pounds) * 100  # whole pounds, 2% uplift this year
            invoiced: dt.date | None = year.start + dt.timedelta(days=20)
            received_on: dt.date | None = invoiced + dt.timedelta(days=self.rng.randint(14, 150))
            if invoiced > self.today:
                invoiced = received_on = None
            elif received_on > self.today or (current and key in UNPAID_THIS_YEAR):
                received_on = None
            received = agreed if received_on else None
            if key == "nhse" and not current:
                received = agreed // 2  # half of last year's contribution is still outstanding
            self.add(
                Contribution(
                    year=record,
                    agency=self.agencies[key],
                    agreed_pence=agreed,
                    invoiced_on=invoiced,
                    received_pence=received,
                    received_on=received_on,
                    in_kind=in_kind,
                )
            )
        income = [
            ("Training", 6_840_00 if current else 7_415_50),
            ("From reserves", 10_000_00 if current else 20_000_00),
        ]
        if current:
            income.append(("Home Office grant: tackling child exploitation", 12_500_00))
        for source, pence in income:
            self.add(IncomeLine(year=record, source=source, amount_pence=pence))
        lines = {
            name: self.add(BudgetLine(year=record, name=name, budget_pence=budget)) for name, budget in RECENT_BUDGET
        }
        last_day = min(year.end, self.today)
        months = h.month_ends(year, last_day)
        for name, text in (
            ("Business Unit staff costs", "Staff costs"),
            ("Independent Scrutineer", "Independent Scrutineer fees and expenses"),
        ):
            monthly = lines[name].budget_pence // 12
            for day in months:
                amount = monthly * self.rng.randint(900, 995) // 1000
                self.add(
                    Expenditure(
                        budget_line=lines[name],
                        spent_on=day,
                        description=f"{text}, {h.month(day)}",
                        amount_pence=amount,
                    )
                )
        events = [
            (40, "Multi-agency training", "Trainer fees: working with neglect", 2_450_00),
            (75, "Communications and events", "Website hosting and maintenance", 1_180_00),
            (95, "Child Safeguarding Practice Reviews", "Independent reviewer fees: rapid review", 3_200_00),
            (130, "Multi-agency training", "Venue hire: exploitation conference", 1_875_50),
            (150, "Safeguarding Adults Reviews", "Independent author: Safeguarding Adults Review", 8_750_00),
            (180, "Multi-agency training", "E-learning licences", 4_320_00),
            (200, "Communications and events", "Safeguarding Week venue and speakers", 2_210_75),
            (215, "Multi-agency training", "Refund: course cancelled by the venue", -320_00),
            (240, "Child Safeguarding Practice Reviews", "Independent reviewer: local practice review", 12_600_00),
            (270, "Multi-agency training", "Trainer fees: domestic abuse and coercive control", 2_980_00),
            (300, "Safeguarding Adults Reviews", "Learning event following the review", 1_460_25),
            (330, "Communications and events", "Printing of seven-minute briefings", 412_80),
        ]
        for offset, name, text, pence in events:
            day = year.start + dt.timedelta(days=offset)
            if day <= last_day:
                self.add(Expenditure(budget_line=lines[name], spent_on=day, description=text, amount_pence=pence))
