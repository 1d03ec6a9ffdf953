"""The database: one typed SQLAlchemy model per entity of DESIGN.md section 3.

Rules simple enough for the database are written here as constraints (unique names, end after start,
a deputy named where the status says deputy), so that no code path can store a record that breaks
them. Money is whole pence in integer columns. Every record a person edits carries a version number,
so that a second writer on a shared server is refused instead of silently overwriting the first.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Optional

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from board_admin.domain.case_reviews import CaseReviewStatus, ReviewDecision
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

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

NAME = 200  # the longest name of an agency, person or group
SHORT = 40


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def enum_type(enum_class: type[Enum], name: str | None = None) -> SAEnum:
    """Stores the enum's value as text, checked by a CHECK constraint on every backend. Two columns of one
    enum in a table are each given their own `name`: the CHECK constraint is named after it and must be
    unique per table."""
    return SAEnum(
        enum_class,
        name=name or enum_class.__name__.lower(),
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Versioned:
    """Optimistic locking: SQLAlchemy adds `WHERE version = :seen` to every UPDATE."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls):  # noqa: N805 - declarative passes the class
        return {"version_id_col": cls.version}


class ManagedTheme(Versioned):
    """An entry of a list the unit keeps (the challenge themes, the learning themes): a name no other entry
    has and never blank, retired (inactive) rather than deleted so that what is filed under it keeps it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME), unique=True)
    active: Mapped[bool] = mapped_column(default=True)

    @declared_attr.directive
    def __table_args__(cls):  # noqa: N805 - declarative passes the class
        return (CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)


class Agency(Versioned, Base):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME), unique=True)
    short_name: Mapped[Optional[str]] = mapped_column(String(SHORT))
    sector: Mapped[Sector] = mapped_column(enum_type(Sector))
    statutory_partner: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)

    people: Mapped[list[Person]] = relationship(back_populates="agency")

    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)


class Person(Versioned, Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique because the workbook and the minutes refer to people by name.
    name: Mapped[str] = mapped_column(String(NAME), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    job_title: Mapped[Optional[str]] = mapped_column(String(NAME))
    email: Mapped[Optional[str]] = mapped_column(String(NAME))
    phone: Mapped[Optional[str]] = mapped_column(String(SHORT))
    active: Mapped[bool] = mapped_column(default=True)

    agency: Mapped[Agency] = relationship(back_populates="people")

    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)


class Group(Versioned, Base):
    """A board, subgroup, task and finish group, forum or panel."""

    __tablename__ = "board_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME), unique=True)
    short_name: Mapped[Optional[str]] = mapped_column(String(SHORT))
    kind: Mapped[GroupKind] = mapped_column(enum_type(GroupKind))
    remit: Mapped[Remit] = mapped_column(enum_type(Remit), default=Remit.JOINT)
    # "Reports to"; for a dotted-line forum, the board it is linked to without reporting to it.
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("board_group.id"), index=True)
    frequency: Mapped[Optional[Frequency]] = mapped_column(enum_type(Frequency))
    quorum: Mapped[Optional[int]] = mapped_column(Integer)
    statutory_partners_required: Mapped[bool] = mapped_column(default=False)
    start_date: Mapped[Optional[dt.date]] = mapped_column(Date)
    end_date: Mapped[Optional[dt.date]] = mapped_column(Date)
    # The roles that count towards the quorum, comma-separated MemberRole values; None: the default
    # (domain.quorum.DEFAULT_COUNTING_ROLES), so a group nobody changed follows it.
    quorum_roles: Mapped[Optional[str]] = mapped_column(String(NAME))

    parent: Mapped[Optional[Group]] = relationship(remote_side=[id])

    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="ends_after_start"),
        CheckConstraint("quorum IS NULL OR quorum > 0", name="quorum_positive"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )


class Membership(Versioned, Base):
    """A person's seat on a group for a term. Ended, never overwritten, so history stays."""

    __tablename__ = "membership"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("board_group.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    role: Mapped[MemberRole] = mapped_column(enum_type(MemberRole))
    # The agency represented at the time, which stays when the person later moves agency.
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[Optional[dt.date]] = mapped_column(Date)
    # For role=deputy: the membership this person deputises for.
    deputy_for_id: Mapped[Optional[int]] = mapped_column(ForeignKey("membership.id"), index=True)
    # A member entered after registers were taken is on the registers from this date only, unless the
    # administrator chose to add them to the earlier ones (as not recorded); None: from the start date.
    registers_from: Mapped[Optional[dt.date]] = mapped_column(Date)

    group: Mapped[Group] = relationship()
    person: Mapped[Person] = relationship()
    agency: Mapped[Agency] = relationship()
    deputy_for: Mapped[Optional[Membership]] = relationship(remote_side=[id])

    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="ends_after_start"),
        CheckConstraint("deputy_for_id IS NULL OR deputy_for_id <> id", name="not_own_deputy"),
    )


class Meeting(Versioned, Base):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("board_group.id"), index=True)
    # Meetings are known by group and date (the workbook, the minutes' title), so one a day per group.
    meeting_date: Mapped[dt.date] = mapped_column(Date)
    start_time: Mapped[Optional[dt.time]] = mapped_column(Time)
    end_time: Mapped[Optional[dt.time]] = mapped_column(Time)
    location: Mapped[Optional[str]] = mapped_column(String(NAME))
    status: Mapped[MeetingStatus] = mapped_column(enum_type(MeetingStatus), default=MeetingStatus.PLANNED)
    cancellation_reason: Mapped[Optional[str]] = mapped_column(Text)
    # A postponed meeting points at the meeting that replaced it.
    postponed_to_id: Mapped[Optional[int]] = mapped_column(ForeignKey("meeting.id"))
    # Minutes are draft, then circulated (this date), then approved at a later meeting of the same group
    # (domain/minutes.py), after which they are locked and corrected only by a recorded amendment.
    minutes_circulated_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    minutes_approved_at_id: Mapped[Optional[int]] = mapped_column(ForeignKey("meeting.id"), index=True)
    # An approval that names no meeting: a date kept from before approvals named the meeting, when the group
    # has no meeting recorded on it. Never set together with minutes_approved_at_id.
    minutes_approved_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    # What the approved minutes say of the actions (agreed and carried forward) and challenges, as they
    # stood when the minutes were approved (JSON, reports.meetings.MinutesRecord): the minutes are a record
    # of the meeting, so what happened since does not change them.
    minutes_record: Mapped[Optional[str]] = mapped_column(Text)

    group: Mapped[Group] = relationship()
    postponed_to: Mapped[Optional[Meeting]] = relationship(remote_side=[id], foreign_keys=[postponed_to_id])
    minutes_approved_at: Mapped[Optional[Meeting]] = relationship(
        remote_side=[id], foreign_keys=[minutes_approved_at_id]
    )

    __table_args__ = (
        UniqueConstraint("group_id", "meeting_date"),
        CheckConstraint("end_time IS NULL OR start_time IS NULL OR end_time > start_time", name="ends_after_start"),
        Index("ix_meeting_date", "meeting_date"),
    )


class AgendaItem(Versioned, Base):
    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(NAME))
    presenter: Mapped[Optional[str]] = mapped_column(String(NAME))
    paper_reference: Mapped[Optional[str]] = mapped_column(String(SHORT))
    minutes: Mapped[Optional[str]] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("meeting_id", "position"),)


class Attendance(Versioned, Base):
    """One line of a meeting's register."""

    __tablename__ = "attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    status: Mapped[AttendanceStatus] = mapped_column(enum_type(AttendanceStatus))
    # Who came in the member's place; counts for the agency's representation, not the member's own.
    deputy_id: Mapped[Optional[int]] = mapped_column(ForeignKey("person.id"), index=True)
    agency_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agency.id"), index=True)

    meeting: Mapped[Meeting] = relationship()
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    deputy: Mapped[Optional[Person]] = relationship(foreign_keys=[deputy_id])
    agency: Mapped[Optional[Agency]] = relationship()

    __table_args__ = (
        UniqueConstraint("meeting_id", "person_id"),
        CheckConstraint("(status = 'deputy') = (deputy_id IS NOT NULL)", name="deputy_named_for_deputy"),
        CheckConstraint("deputy_id IS NULL OR deputy_id <> person_id", name="not_own_deputy"),
    )


class Action(Versioned, Base):
    __tablename__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    reference: Mapped[Optional[str]] = mapped_column(String(SHORT))
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[Optional[int]] = mapped_column(ForeignKey("person.id"), index=True)
    owner_agency_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agency.id"), index=True)
    due_date: Mapped[Optional[dt.date]] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(enum_type(ActionStatus), default=ActionStatus.OPEN)
    rag: Mapped[Optional[Rag]] = mapped_column(enum_type(Rag))

    # A case review's recommendation this action carries out (issue 24); None for an ordinary action.
    recommendation_id: Mapped[Optional[int]] = mapped_column(ForeignKey("recommendation.id"), index=True)

    meeting: Mapped[Meeting] = relationship()
    owner: Mapped[Optional[Person]] = relationship()
    owner_agency: Mapped[Optional[Agency]] = relationship()


class Challenge(Versioned, Base):
    """An entry of the challenge log (seed 004, 7.5)."""

    __tablename__ = "challenge"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(SHORT), unique=True)
    date_raised: Mapped[dt.date] = mapped_column(Date)
    raised_at_group_id: Mapped[Optional[int]] = mapped_column(ForeignKey("board_group.id"), index=True)
    raised_at_meeting_id: Mapped[Optional[int]] = mapped_column(ForeignKey("meeting.id"), index=True)
    raised_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("person.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    theme: Mapped[Optional[str]] = mapped_column(String(NAME))
    challenge: Mapped[str] = mapped_column(Text)
    response_due: Mapped[Optional[dt.date]] = mapped_column(Date)
    response: Mapped[Optional[str]] = mapped_column(Text)
    outcome: Mapped[Optional[str]] = mapped_column(Text)
    status: Mapped[ChallengeStatus] = mapped_column(enum_type(ChallengeStatus), default=ChallengeStatus.OPEN)
    escalated_to: Mapped[Optional[str]] = mapped_column(String(NAME))
    date_closed: Mapped[Optional[dt.date]] = mapped_column(Date)
    # Challenge log (issue 6): when the response came, and the group or person it was escalated to
    # (escalated_to keeps the name as shown, so the workbook and old entries still read).
    responded_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    escalated_to_group_id: Mapped[Optional[int]] = mapped_column(ForeignKey("board_group.id"), index=True)
    escalated_to_person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("person.id"), index=True)

    raised_at_group: Mapped[Optional[Group]] = relationship(foreign_keys=[raised_at_group_id])
    raised_at_meeting: Mapped[Optional[Meeting]] = relationship()
    raised_by: Mapped[Optional[Person]] = relationship(foreign_keys=[raised_by_id])
    agency: Mapped[Agency] = relationship()
    escalated_to_group: Mapped[Optional[Group]] = relationship(foreign_keys=[escalated_to_group_id])
    escalated_to_person: Mapped[Optional[Person]] = relationship(foreign_keys=[escalated_to_person_id])

    __table_args__ = (
        CheckConstraint("date_closed IS NULL OR date_closed >= date_raised", name="closed_after_raised"),
        CheckConstraint("response_due IS NULL OR response_due >= date_raised", name="due_after_raised"),
        CheckConstraint("responded_on IS NULL OR responded_on >= date_raised", name="responded_after_raised"),
    )


class FinancialYearRecord(Versioned, Base):
    """A UK financial year (1 April to 31 March) that has been opened for money to be recorded."""

    __tablename__ = "financial_year"

    id: Mapped[int] = mapped_column(primary_key=True)
    start_year: Mapped[int] = mapped_column(Integer, unique=True)
    label: Mapped[str] = mapped_column(String(10), unique=True)

    __table_args__ = (CheckConstraint("start_year BETWEEN 1990 AND 2200", name="plausible_year"),)


class Contribution(Versioned, Base):
    __tablename__ = "contribution"

    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("financial_year.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    agreed_pence: Mapped[int] = mapped_column(BigInteger)
    invoiced_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    received_pence: Mapped[Optional[int]] = mapped_column(BigInteger)
    received_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    in_kind: Mapped[Optional[str]] = mapped_column(Text)

    year: Mapped[FinancialYearRecord] = relationship()
    agency: Mapped[Agency] = relationship()

    __table_args__ = (
        UniqueConstraint("year_id", "agency_id"),
        CheckConstraint("agreed_pence >= 0", name="agreed_not_negative"),
        CheckConstraint("received_pence IS NULL OR received_pence >= 0", name="received_not_negative"),
    )


class IncomeLine(Versioned, Base):
    """Income other than partner contributions: training income, from reserves, grants."""

    __tablename__ = "income_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("financial_year.id"), index=True)
    source: Mapped[str] = mapped_column(String(NAME))
    amount_pence: Mapped[int] = mapped_column(BigInteger)
    # Printed under the statement's table, marked on the line (seed 004: "*income from training is
    # accounted for in this sum").
    footnote: Mapped[Optional[str]] = mapped_column(Text)

    year: Mapped[FinancialYearRecord] = relationship()

    __table_args__ = (UniqueConstraint("year_id", "source"),)


class BudgetLine(Versioned, Base):
    __tablename__ = "budget_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("financial_year.id"), index=True)
    name: Mapped[str] = mapped_column(String(NAME))
    budget_pence: Mapped[int] = mapped_column(BigInteger)
    # Printed under the statement's table, marked on the line (seed 004's training line).
    footnote: Mapped[Optional[str]] = mapped_column(Text)

    year: Mapped[FinancialYearRecord] = relationship()

    __table_args__ = (
        UniqueConstraint("year_id", "name"),
        CheckConstraint("budget_pence >= 0", name="budget_not_negative"),
    )


class Expenditure(Versioned, Base):
    __tablename__ = "expenditure"

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_line_id: Mapped[int] = mapped_column(ForeignKey("budget_line.id"), index=True)
    spent_on: Mapped[dt.date] = mapped_column(Date)
    description: Mapped[Optional[str]] = mapped_column(Text)
    # Negative for a refund or an income credited to the line (seed 004: training income).
    amount_pence: Mapped[int] = mapped_column(BigInteger)

    budget_line: Mapped[BudgetLine] = relationship()


class User(Versioned, Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(SHORT), unique=True)
    display_name: Mapped[str] = mapped_column(String(NAME))
    # Comma-separated UserRole values.
    roles: Mapped[str] = mapped_column(String(NAME))
    password_hash: Mapped[str] = mapped_column(String(NAME))
    active: Mapped[bool] = mapped_column(default=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)


class AuditEntry(Base):
    """Who changed what and when; written by the services, never edited."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    username: Mapped[str] = mapped_column(String(SHORT))
    entity: Mapped[str] = mapped_column(String(SHORT), index=True)
    entity_id: Mapped[Optional[int]] = mapped_column(Integer)
    operation: Mapped[str] = mapped_column(String(16))
    before: Mapped[Optional[str]] = mapped_column(Text)  # JSON
    after: Mapped[Optional[str]] = mapped_column(Text)  # JSON


class Setting(Base):
    """Thresholds and preferences shared by everyone using the database."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(SHORT), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- challenge log (issue 6) -----------------------------------------------------------------------


class ChallengeTheme(ManagedTheme, Base):
    """The managed list of themes or priorities a challenge is filed under (neglect, exploitation...).

    Challenge.theme keeps the theme's name as text; renaming a theme renames it on its challenges too,
    and a retired theme stays on old challenges but is no longer offered for new ones.
    """

    __tablename__ = "challenge_theme"


class ChallengeStatusChange(Base):
    """One step of a challenge's history: the status it moved from and to, when, who, and why."""

    __tablename__ = "challenge_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenge.id", ondelete="CASCADE"), index=True)
    changed_on: Mapped[dt.date] = mapped_column(Date)
    # The moment it was recorded, which orders two changes made on the same day.
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    changed_by: Mapped[str] = mapped_column(String(SHORT))
    # None for the first entry, when the challenge was recorded.
    from_status: Mapped[Optional[ChallengeStatus]] = mapped_column(enum_type(ChallengeStatus, "challenge_from_status"))
    to_status: Mapped[ChallengeStatus] = mapped_column(enum_type(ChallengeStatus, "challenge_to_status"))
    note: Mapped[Optional[str]] = mapped_column(Text)

    challenge: Mapped[Challenge] = relationship()


class ChallengeReferenceCounter(Base):
    """The last sequence number given out for a year, so that a deleted challenge's reference is never reused."""

    __tablename__ = "challenge_reference_counter"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer)

    __table_args__ = (CheckConstraint("last_number >= 0", name="not_negative"),)


# --- case reviews (issue 24) -----------------------------------------------------------------------


class CaseReviewKind(Versioned, Base):
    """Rapid review, CSPR, SAR, ... and any kind the unit adds; the prefix starts its references (CSPR-2025-03)."""

    __tablename__ = "case_review_kind"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME), unique=True)
    prefix: Mapped[str] = mapped_column(String(10), unique=True)
    active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)


class LearningTheme(ManagedTheme, Base):
    """The list of learning themes the unit keeps (professional curiosity, child sexual abuse...)."""

    __tablename__ = "learning_theme"


class CaseReview(Versioned, Base):
    """A statutory or learning review, from notification to published learning (seed 001 "Practice reviews")."""

    __tablename__ = "case_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(SHORT), unique=True)
    kind_id: Mapped[int] = mapped_column(ForeignKey("case_review_kind.id"), index=True)
    # The anonymised name the report uses ("Oliver"), never the person's own.
    name: Mapped[str] = mapped_column(String(NAME))
    overseeing_group_id: Mapped[Optional[int]] = mapped_column(ForeignKey("board_group.id"), index=True)
    referring_agency_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agency.id"), index=True)
    notified_on: Mapped[dt.date] = mapped_column(Date)
    rapid_review_held_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    decided_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    decision: Mapped[Optional[ReviewDecision]] = mapped_column(enum_type(ReviewDecision))
    panel_informed_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    reviewer_commissioned_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    reviewer: Mapped[Optional[str]] = mapped_column(String(NAME))
    signed_off_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    sent_to_panel_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    publication_planned_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    published_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    status: Mapped[CaseReviewStatus] = mapped_column(enum_type(CaseReviewStatus, "case_review_status"))
    summary: Mapped[Optional[str]] = mapped_column(Text)

    kind: Mapped[CaseReviewKind] = relationship()
    overseeing_group: Mapped[Optional[Group]] = relationship()
    referring_agency: Mapped[Optional[Agency]] = relationship()

    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint("published_on IS NULL OR signed_off_on IS NOT NULL", name="signed_off_before_published"),
        CheckConstraint("(decided_on IS NULL) = (decision IS NULL)", name="decision_with_outcome"),
    )


class CaseReviewTheme(Base):
    """A learning theme drawn from a review."""

    __tablename__ = "case_review_theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_review_id: Mapped[int] = mapped_column(ForeignKey("case_review.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("learning_theme.id"), index=True)

    theme: Mapped[LearningTheme] = relationship()

    __table_args__ = (UniqueConstraint("case_review_id", "theme_id"),)


class CaseReviewStatusChange(Base):
    """One step of a review's history: from and to which status, on which date, who recorded it, and why."""

    __tablename__ = "case_review_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_review_id: Mapped[int] = mapped_column(ForeignKey("case_review.id", ondelete="CASCADE"), index=True)
    changed_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    changed_by: Mapped[str] = mapped_column(String(SHORT))
    from_status: Mapped[Optional[CaseReviewStatus]] = mapped_column(enum_type(CaseReviewStatus, "review_from_status"))
    to_status: Mapped[CaseReviewStatus] = mapped_column(enum_type(CaseReviewStatus, "review_to_status"))
    note: Mapped[Optional[str]] = mapped_column(Text)


class Recommendation(Versioned, Base):
    """One of a review's recommendations; its actions are ordinary actions pointing at it."""

    __tablename__ = "recommendation"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_review_id: Mapped[int] = mapped_column(ForeignKey("case_review.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    case_review: Mapped[CaseReview] = relationship()

    __table_args__ = (
        UniqueConstraint("case_review_id", "number"),
        CheckConstraint("number > 0", name="number_positive"),
    )


class CaseReviewReferenceCounter(Base):
    """The last number given to a kind's reviews in a year, so a deleted review's reference is never reused."""

    __tablename__ = "case_review_reference_counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        UniqueConstraint("prefix", "year"),
        CheckConstraint("last_number >= 0", name="not_negative"),
    )


# --- meeting governance (issue 23) -----------------------------------------------------------------


class Decision(Versioned, Base):
    """One entry of the decision register, recorded under the agenda item where it was made.

    Numbered within its group and financial year (domain/decisions.py reads it as SCPB-2025-26-D07); the
    group and year are kept with the number so the reference stays what the minutes printed.
    """

    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    # Its order among the item's decisions, 1 first.
    position: Mapped[int] = mapped_column(Integer)
    group_id: Mapped[int] = mapped_column(ForeignKey("board_group.id"), index=True)
    year_start: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    agenda_item: Mapped[AgendaItem] = relationship()

    __table_args__ = (
        UniqueConstraint("group_id", "year_start", "number"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("length(trim(text)) > 0", name="text_not_blank"),
    )


class Declaration(Versioned, Base):
    """A declaration of interest made at a meeting, about the meeting's business or one agenda item."""

    __tablename__ = "declaration"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    # None: declared for the meeting as a whole.
    agenda_item_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    interest: Mapped[str] = mapped_column(Text)
    kind: Mapped[InterestKind] = mapped_column(enum_type(InterestKind))
    action: Mapped[InterestAction] = mapped_column(enum_type(InterestAction))

    agenda_item: Mapped[Optional[AgendaItem]] = relationship()
    person: Mapped[Person] = relationship()

    __table_args__ = (CheckConstraint("length(trim(interest)) > 0", name="interest_not_blank"),)


class Paper(Versioned, Base):
    """A paper attached to an agenda item; its file is kept in the database, one PaperVersion per file received.

    Kept in the database (not beside it) so that a backup, a restore and the shared server carry the papers
    with the agenda they belong to.
    """

    __tablename__ = "paper"

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    # Its order among the item's papers, 1 first (the pack's order).
    position: Mapped[int] = mapped_column(Integer)
    # The number of its newest version: the file the pack carries and "open" shows.
    current_number: Mapped[int] = mapped_column(Integer, default=1)

    agenda_item: Mapped[AgendaItem] = relationship()

    __table_args__ = (
        UniqueConstraint("agenda_item_id", "position"),
        CheckConstraint("position > 0", name="position_positive"),
    )


class PaperVersion(Base):
    """One file received for a paper: a replacement is a new version, and the earlier ones are kept."""

    __tablename__ = "paper_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("paper.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(NAME))
    kind: Mapped[str] = mapped_column(String(8))  # domain.papers.PaperKind
    size: Mapped[int] = mapped_column(Integer)
    pages: Mapped[Optional[int]] = mapped_column(Integer)  # a PDF's pages; None for Word and Excel
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    received_by: Mapped[str] = mapped_column(String(SHORT))
    # Received after the papers were due (domain.papers.is_late), as it stood when it came.
    late: Mapped[bool] = mapped_column(default=False)
    # The file itself. The audit trail names it by size and SHA-256, never copies it (services.uow._plain).
    content: Mapped[bytes] = mapped_column(LargeBinary)

    paper: Mapped[Paper] = relationship()

    __table_args__ = (
        UniqueConstraint("paper_id", "number"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("kind IN ('pdf', 'docx', 'xlsx')", name="known_kind"),
        CheckConstraint("size >= 0", name="size_not_negative"),
    )


class MinutesAmendment(Versioned, Base):
    """A correction of approved minutes: they are not edited, the amendment is recorded and printed with them."""

    __tablename__ = "minutes_amendment"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # The name of who recorded it, as the audit trail names people: kept if the account goes.
    recorded_by: Mapped[str] = mapped_column(String(NAME))
    change: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("length(trim(change)) > 0", name="change_not_blank"),
        CheckConstraint("length(trim(reason)) > 0", name="reason_not_blank"),
    )


class AdvanceApology(Versioned, Base):
    """Apologies a member sent before the meeting; the register opens with their line marked apologies."""

    __tablename__ = "advance_apology"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[Optional[str]] = mapped_column(Text)

    person: Mapped[Person] = relationship()

    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)
