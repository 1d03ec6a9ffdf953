"""The closed lists of the domain, each value with the words the business unit uses for it.

The database stores `value` (stable, lower case); screens and documents show `label`.
"""

from __future__ import annotations

import enum


class LabelledEnum(enum.StrEnum):
    """A str enum whose members carry a display label; looked up by value or by label."""

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    def __str__(self) -> str:
        return self.label

    @classmethod
    def from_text(cls, text: str):
        """The member whose label or value matches `text`, ignoring case and spacing; ValueError if none."""
        wanted = " ".join(str(text).split()).casefold()
        for member in cls:
            if wanted in (member.value.casefold(), member.label.casefold()):
                return member
        raise ValueError(text)

    @classmethod
    def labels(cls) -> list[str]:
        return [member.label for member in cls]


class Sector(LabelledEnum):
    LOCAL_AUTHORITY = ("local_authority", "Local Authority")
    POLICE = ("police", "Police")
    HEALTH = ("health", "Health")
    EDUCATION = ("education", "Education")
    PROBATION = ("probation", "Probation")
    FIRE_AND_RESCUE = ("fire_and_rescue", "Fire and Rescue")
    HOUSING = ("housing", "Housing")
    VOLUNTARY = ("voluntary", "Voluntary")
    FAITH = ("faith", "Faith")
    LAY_MEMBER = ("lay_member", "Lay member")
    OTHER = ("other", "Other")


class GroupKind(LabelledEnum):
    BOARD = ("board", "Board")
    SUBGROUP = ("subgroup", "Subgroup")
    TASK_AND_FINISH = ("task_and_finish", "Task and finish group")
    FORUM = ("forum", "Forum")
    DOTTED_LINE_FORUM = ("dotted_line_forum", "Dotted-line forum")
    PANEL = ("panel", "Panel")


class Remit(LabelledEnum):
    JOINT = ("joint", "Joint")
    CHILDREN = ("children", "Children")
    ADULTS = ("adults", "Adults")


class Frequency(LabelledEnum):
    WEEKLY = ("weekly", "Weekly")
    MONTHLY = ("monthly", "Monthly")
    BI_MONTHLY = ("bi_monthly", "Bi-monthly")
    QUARTERLY = ("quarterly", "Quarterly")
    AS_REQUIRED = ("as_required", "As required")


class MemberRole(LabelledEnum):
    CHAIR = ("chair", "Chair")
    VICE_CHAIR = ("vice_chair", "Vice-chair")
    MEMBER = ("member", "Member")
    DEPUTY = ("deputy", "Deputy")
    ADVISER = ("adviser", "Adviser")
    OBSERVER = ("observer", "Observer")
    LAY_MEMBER = ("lay_member", "Lay member")
    MINUTE_TAKER = ("minute_taker", "Minute-taker")


class MeetingStatus(LabelledEnum):
    PLANNED = ("planned", "Planned")
    HELD = ("held", "Held")
    CANCELLED = ("cancelled", "Cancelled")
    POSTPONED = ("postponed", "Postponed")


class AttendanceStatus(LabelledEnum):
    PRESENT = ("present", "Present")
    APOLOGIES = ("apologies", "Apologies")
    ABSENT = ("absent", "Absent")
    DEPUTY = ("deputy", "Deputy")
    GUEST = ("guest", "Guest")


class ActionStatus(LabelledEnum):
    OPEN = ("open", "Open")
    IN_PROGRESS = ("in_progress", "In progress")
    DONE = ("done", "Done")
    DROPPED = ("dropped", "Dropped")


class InterestKind(LabelledEnum):
    """What kind of interest a member declared at a meeting."""

    PECUNIARY = ("pecuniary", "Pecuniary")
    NON_PECUNIARY = ("non_pecuniary", "Non-pecuniary")
    OTHER = ("other", "Other")


class InterestAction(LabelledEnum):
    """What the member did about the interest they declared."""

    STAYED = ("stayed", "Stayed")
    TOOK_NO_PART = ("took_no_part", "Took no part")
    LEFT_THE_ROOM = ("left_the_room", "Left the room")


class Rag(LabelledEnum):
    RED = ("red", "Red")
    AMBER = ("amber", "Amber")
    GREEN = ("green", "Green")


class ChallengeStatus(LabelledEnum):
    OPEN = ("open", "Open")
    AWAITING_RESPONSE = ("awaiting_response", "Awaiting response")
    RESPONDED = ("responded", "Responded")
    ESCALATED = ("escalated", "Escalated")
    CLOSED = ("closed", "Closed")


class UserRole(LabelledEnum):
    ADMINISTRATOR = ("administrator", "Administrator")
    CHAIR = ("chair", "Chair")
    FINANCE = ("finance", "Finance")
