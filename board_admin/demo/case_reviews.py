"""The demo's case reviews: a plausible two years of rapid reviews, CSPRs, SARs and others (issue 24).

Every name is an invented, anonymised first name of the kind an annual report uses ("a baby we shall call
Oliver"); no review describes a real case. Dates are days from the start of the demo's first financial year,
as in demo.py; a stage that would fall after the day the demo is built is left out, so the newest reviews are
still under way. Two rapid reviews are placed so that they fall due in the week the demo is built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from board_admin.db.models import (
    Action,
    CaseReview,
    CaseReviewKind,
    CaseReviewStatusChange,
    CaseReviewTheme,
    LearningTheme,
    Meeting,
    Recommendation,
)
from board_admin.domain.case_reviews import (
    RAPID_REVIEW_WORKING_DAYS,
    CaseReviewStatus,
    ReviewDecision,
    add_working_days,
    format_reference,
    is_working_day,
)
from board_admin.domain.enums import ActionStatus, Rag

THEMES = (
    "Professional curiosity",
    "Child sexual abuse",
    "Mental ill health",
    "Moving between local authorities",
    "Neglect",
    "Domestic abuse",
    "Information sharing",
    "Self-neglect",
    "Transition to adulthood",
    "Hearing the voice of the child",
)

MET, NOT_MET, OTHER = ReviewDecision.CRITERIA_MET, ReviewDecision.CRITERIA_NOT_MET, ReviewDecision.OTHER_LEARNING


@dataclass(frozen=True)
class Rec:
    text: str
    # (action, agency key, due offset from the recommendation's meeting, done)
    actions: tuple[tuple[str, str, int, bool], ...] = ()


@dataclass(frozen=True)
class DemoReview:
    prefix: str
    name: str
    group: str  # the overseeing group's key in demo.GROUPS
    agency: str  # the referring agency's key in demo.AGENCIES
    notified: int
    held: int | None = None
    decided: int | None = None
    decision: ReviewDecision | None = None
    panel: int | None = None
    commissioned: int | None = None
    reviewer: str | None = None
    signed_off: int | None = None
    sent: int | None = None
    planned: int | None = None
    published: int | None = None
    closed: int | None = None
    themes: tuple[str, ...] = ()
    summary: str | None = None
    recommendations: tuple[Rec, ...] = field(default_factory=tuple)


REVIEWS = (
    DemoReview(
        "CSPR",
        "Oliver",
        "cspr",
        "police",
        -212,
        held=-193,
        decided=-189,
        decision=MET,
        panel=-188,
        commissioned=-160,
        reviewer="Independent reviewer (commissioned)",
        signed_off=122,
        sent=140,
        planned=160,
        published=160,
        themes=("Professional curiosity", "Information sharing"),
        summary="A baby under one year old was seriously injured at home. The review found that visiting "
        "professionals did not ask about the risks in the home, and that concerns were not shared between "
        "health and children's services.",
        recommendations=(
            Rec(
                "Every home visit to a baby asks about risks in the home, and the answer is recorded.",
                (
                    ("Add the question to the health visiting record", "ccs", 60, True),
                    ("Brief children's social care teams on the learning", "ccc", 45, True),
                ),
            ),
            Rec(
                "Health and children's services share concerns about a baby within one working day.",
                (
                    ("Agree the information sharing protocol", "ccg", 90, True),
                    ("Audit ten cases against the protocol", "isps", 240, False),
                ),
            ),
            Rec(
                "The learning is shared across the partnership in a seven-minute briefing.",
                (("Publish the seven-minute briefing", "isps", 30, True),),
            ),
        ),
    ),
    DemoReview(
        "CSPR",
        "Amelia",
        "cspr",
        "ccc",
        -70,
        held=-52,
        decided=-49,
        decision=MET,
        panel=-48,
        commissioned=12,
        reviewer="Independent reviewer (commissioned)",
        signed_off=205,
        sent=230,
        planned=252,
        published=252,
        themes=("Child sexual abuse", "Hearing the voice of the child"),
        summary="A teenage girl disclosed sexual abuse after several years of contact with services. The review "
        "found that her behaviour had been seen as the problem, rather than as a sign of harm.",
        recommendations=(
            Rec(
                "Training on recognising child sexual abuse reaches every frontline team.",
                (
                    ("Commission the training programme", "isps", 60, True),
                    ("Report attendance by agency to the board", "isps", 200, False),
                ),
            ),
            Rec(
                "Schools record and share changes in a child's behaviour that may indicate harm.",
                (("Update the schools' safeguarding guidance", "ccc", 90, False),),
            ),
        ),
    ),
    DemoReview(
        "RR",
        "Jack",
        "cspr",
        "cuh",
        33,
        held=52,
        decided=55,
        decision=NOT_MET,
        closed=70,
        themes=("Mental ill health",),
    ),
    DemoReview(
        "RR",
        "Isla",
        "cspr",
        "police",
        96,
        held=115,
        decided=117,
        decision=OTHER,
        closed=150,
        themes=("Moving between local authorities", "Information sharing"),
    ),
    DemoReview(
        "CSPR",
        "Noah",
        "cspr",
        "pcc",
        151,
        held=171,
        decided=173,
        decision=MET,
        panel=174,
        commissioned=215,
        reviewer="Independent reviewer (commissioned)",
        signed_off=392,
        sent=410,
        planned=430,
        published=430,
        themes=("Neglect", "Professional curiosity"),
        summary="A young child was found to have been living in neglectful conditions for many months. The "
        "review found that the family's moves between areas meant no service saw the whole picture.",
        recommendations=(
            Rec(
                "A family moving between authorities is handed over in a conversation, not only a referral.",
                (("Agree the transfer-in protocol with neighbouring authorities", "ccc", 120, False),),
            ),
        ),
    ),
    DemoReview(
        "CSPR",
        "Freya",
        "cspr",
        "nwaft",
        301,
        held=320,
        decided=323,
        decision=MET,
        panel=324,
        commissioned=362,
        reviewer="Independent reviewer (commissioned)",
        signed_off=540,
        themes=("Domestic abuse",),
    ),
    DemoReview(
        "SAR",
        "Mr K",
        "sar",
        "cpft",
        -125,
        decided=-84,
        decision=MET,
        commissioned=-40,
        reviewer="Independent author (commissioned)",
        signed_off=118,
        published=178,
        themes=("Self-neglect", "Mental ill health"),
        summary="A man in his sixties with mental ill health died after a long period of self-neglect. The "
        "review found that his refusals of help were accepted without a shared plan between agencies.",
        recommendations=(
            Rec(
                "A multi-agency risk meeting is held when an adult repeatedly refuses help and risk is high.",
                (
                    ("Launch the self-neglect multi-agency risk procedure", "ccc", 90, True),
                    ("Train practitioners in the procedure", "isps", 150, True),
                ),
            ),
        ),
    ),
    DemoReview(
        "SAR",
        "Mrs P",
        "sar",
        "ccc",
        104,
        decided=148,
        decision=MET,
        commissioned=190,
        reviewer="Independent author (commissioned)",
        signed_off=500,
        themes=("Domestic abuse",),
    ),
    DemoReview("SAR", "Joan", "sar", "eeast", 418, decided=462, decision=NOT_MET, themes=("Self-neglect",)),
    DemoReview(
        "LeDeR", "Mr T", "leder", "ccg", 200, commissioned=215, signed_off=330, themes=("Transition to adulthood",)
    ),
    DemoReview(
        "MALR",
        "Ruby",
        "cspr",
        "police",
        250,
        decided=270,
        decision=MET,
        commissioned=290,
        signed_off=420,
        themes=("Hearing the voice of the child",),
    ),
    DemoReview(
        "RR",
        "Leo",
        "cspr",
        "police",
        560,
        held=579,
        decided=581,
        decision=NOT_MET,
        themes=("Neglect",),
    ),
)
# Rapid reviews whose 15 working days end in the week the demo is built: (name, agency key, theme).
DUE_THIS_WEEK = (("Poppy", "ccc", "Neglect"), ("Alfie", "police", "Domestic abuse"))


def build_case_reviews(builder) -> None:
    """Adds the reviews, their history, recommendations and actions through the demo builder's session."""
    session, today = builder.session, builder.today
    kinds = {kind.prefix: kind for kind in session.scalars(select(CaseReviewKind))}
    themes = {name: builder.add(LearningTheme(name=name, active=True)) for name in THEMES}
    specs = [review for review in REVIEWS if builder.day(review.notified) <= today]
    for position, (name, agency, theme) in enumerate(DUE_THIS_WEEK):
        notified = _notified_for_due_this_week(today, position)
        if notified is not None:
            specs.append(DemoReview("RR", name, "cspr", agency, (notified - builder.day_zero).days, themes=(theme,)))
    numbers: dict[tuple[str, int], int] = {}
    for spec in sorted(specs, key=lambda review: review.notified):
        _add_review(builder, spec, kinds[spec.prefix], themes, numbers)


def _notified_for_due_this_week(today: dt.date, salt: int) -> dt.date | None:
    """A notification date whose rapid review falls due on a working day from today to Sunday."""
    sunday = today + dt.timedelta(days=6 - today.weekday())
    days = [today + dt.timedelta(days=n) for n in range((sunday - today).days + 1)]
    working = [day for day in days if is_working_day(day)]
    if not working:
        return None
    due = working[salt % len(working)]
    return add_working_days(due, -RAPID_REVIEW_WORKING_DAYS)


def _add_review(builder, spec: DemoReview, kind: CaseReviewKind, themes: dict, numbers: dict) -> None:
    today = builder.today

    def on(offset: int | None) -> dt.date | None:
        if offset is None:
            return None
        day = builder.day(offset)
        return day if day <= today else None

    notified = builder.day(spec.notified)
    year_number = numbers[(spec.prefix, notified.year)] = numbers.get((spec.prefix, notified.year), 0) + 1
    decided = on(spec.decided)
    signed_off = on(spec.signed_off)
    published = on(spec.published) if signed_off else None
    review = builder.add(
        CaseReview(
            reference=format_reference(spec.prefix, notified.year, year_number),
            kind=kind,
            name=spec.name,
            overseeing_group=builder.groups[spec.group],
            referring_agency=builder.agencies[spec.agency],
            notified_on=notified,
            rapid_review_held_on=on(spec.held),
            decided_on=decided,
            decision=spec.decision if decided else None,
            panel_informed_on=on(spec.panel),
            reviewer_commissioned_on=on(spec.commissioned),
            reviewer=spec.reviewer if on(spec.commissioned) else None,
            signed_off_on=signed_off,
            sent_to_panel_on=on(spec.sent),
            publication_planned_on=builder.day(spec.planned) if spec.planned is not None and signed_off else None,
            published_on=published,
            status=CaseReviewStatus.NOTIFIED,
            summary=spec.summary if published else None,
        )
    )
    builder.session.flush()
    for theme in spec.themes:
        builder.add(CaseReviewTheme(case_review_id=review.id, theme_id=themes[theme].id))
    steps = [
        (notified, CaseReviewStatus.NOTIFIED, "Notified"),
        (on(spec.held), CaseReviewStatus.RAPID_REVIEW, "Rapid review held with the partners"),
        (decided, CaseReviewStatus.DECIDED, spec.decision.label if spec.decision and decided else None),
        (on(spec.commissioned), CaseReviewStatus.IN_PROGRESS, "Reviewer commissioned"),
        (signed_off, CaseReviewStatus.COMPLETED, "Signed off by the board"),
        (published, CaseReviewStatus.PUBLISHED, "Published on the partnership's website"),
        (on(spec.closed), CaseReviewStatus.CLOSED, "No further action; learning shared"),
    ]
    before = None
    for day, status, note in steps:
        if day is None:
            continue
        builder.add(
            CaseReviewStatusChange(
                case_review_id=review.id,
                changed_on=day,
                recorded_at=dt.datetime.combine(day, dt.time(16, 0)),
                changed_by="admin",
                from_status=before,
                to_status=status,
                note=note,
            )
        )
        review.status = before = status
    if signed_off is not None:
        _add_recommendations(builder, spec, review, signed_off)


def _add_recommendations(builder, spec: DemoReview, review: CaseReview, signed_off: dt.date) -> None:
    meetings = sorted(
        (m for m in builder.meetings[spec.group] if signed_off <= m.meeting_date <= builder.today),
        key=lambda meeting: meeting.meeting_date,
    )
    meeting: Meeting | None = meetings[0] if meetings else None
    for number, rec in enumerate(spec.recommendations, start=1):
        recommendation = builder.add(Recommendation(case_review_id=review.id, number=number, text=rec.text))
        builder.session.flush()
        if meeting is None:
            continue
        for count, (text, agency, due, done) in enumerate(rec.actions, start=1):
            due_on = meeting.meeting_date + dt.timedelta(days=due)
            # The action's owner: someone of that agency (the unit's own officer when it has no one listed).
            owner = next(
                (p for p in builder.people.values() if p.agency is builder.agencies[agency] and p.active),
                builder.people["review_officer"],
            )
            finished = done and due_on <= builder.today
            builder.add(
                Action(
                    meeting_id=meeting.id,
                    recommendation_id=recommendation.id,
                    reference=f"{review.reference}/{number}.{count}",
                    description=text,
                    owner=owner,
                    owner_agency=builder.agencies[agency],
                    due_date=due_on,
                    status=ActionStatus.DONE if finished else ActionStatus.IN_PROGRESS,
                    rag=Rag.GREEN if finished else (Rag.RED if due_on < builder.today else Rag.AMBER),
                )
            )
