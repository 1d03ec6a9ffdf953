"""The rules of minutes, written once: draft, circulated, approved at a later meeting, then locked.

Minutes are a record of the meeting. Once a later meeting of the same group has approved them, nothing that
they cover (the meeting's details, the register, the agenda items' minutes, the decisions, the declarations
of interest, the apologies received) may be edited: a correction is a recorded amendment (who, when, what,
why) that the minutes then show. The services, the workbook import and the window all ask
`refuse_if_approved`, so the refusal is the same sentence on every path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from board_admin.domain.attendance import Seat
from board_admin.domain.dates import format_date
from board_admin.domain.errors import ValidationError

AMENDMENT_LIMIT = 4000


class MinutesLockedError(ValidationError):
    """An edit of minutes that a later meeting has approved."""


@dataclass(frozen=True)
class MinutesApproval:
    """Where a meeting's minutes stand.

    `approved_at` is the date of the group's meeting that approved them; `approved_on` is a date of approval
    kept from before approvals named the meeting (no meeting of the group is recorded on that date).
    """

    circulated_on: dt.date | None = None
    approved_at: dt.date | None = None
    approved_on: dt.date | None = None

    @property
    def approved(self) -> bool:
        return self.approved_at is not None or self.approved_on is not None

    @property
    def approval_date(self) -> dt.date | None:
        return self.approved_at or self.approved_on

    @property
    def where(self) -> str:
        """ "at the meeting of 01/04/2026", or "on 01/04/2026" for an approval that names no meeting."""
        if self.approved_at is not None:
            return f"at the meeting of {format_date(self.approved_at)}"
        if self.approved_on is not None:
            return f"on {format_date(self.approved_on)}"
        return ""

    def describe(self) -> str:
        """What the minutes are now: Draft, Circulated on ..., Approved at the meeting of ..."""
        if self.approved_at is not None:
            return f"Approved at the meeting of {format_date(self.approved_at)}"
        if self.approved_on is not None:
            return f"Approved on {format_date(self.approved_on)} (no meeting of the group is recorded on that date)"
        if self.circulated_on is not None:
            return f"Circulated on {format_date(self.circulated_on)}, awaiting approval"
        return "Draft"


def locked_sentence(group_name: str, meeting_date: dt.date, approval: MinutesApproval) -> str:
    return (
        f"The minutes of {group_name} on {format_date(meeting_date)} were approved {approval.where}, so they "
        "can no longer be edited: record an amendment instead."
    )


def refuse_if_approved(group_name: str, meeting_date: dt.date, approval: MinutesApproval) -> None:
    """Raises MinutesLockedError when the minutes are approved: the one check before any edit they cover."""
    if approval.approved:
        raise MinutesLockedError(locked_sentence(group_name, meeting_date, approval), "minutes")


# --- the register stands as it was approved ------------------------------------------------------------
# An approved meeting's register is read from the memberships in force on its date, like any other. So that
# it stays the record that was approved, a membership change that would change who it lists, or the agency
# or role they are listed under, is refused while the minutes are approved; one that leaves it as it was
# (a member added since, left off the registers already taken; a change dated after the meeting) is not.


def register_as_approved(
    day: dt.date, seats: Iterable[tuple[Seat, int | None]], recorded: Collection[int]
) -> frozenset:
    """Who a register of a meeting on `day` lists, in which seat: (person, agency, role, member deputised
    for) for every seat in force that day (a member entered late and left off the register only if a line
    was recorded after all). `seats` pairs each seat with the person its holder deputises for (None for a
    member's own seat): the register names a member's deputy."""
    return frozenset(
        (seat.person_id, seat.agency_id, seat.role, stands_for)
        for seat, stands_for in seats
        if seat.active_on(day) and (seat.person_id in recorded or seat.on_register(day))
    )


def register_changed_sentence(group_name: str, meeting_date: dt.date, approval: MinutesApproval) -> str:
    return (
        f"This would change the register of {group_name} on {format_date(meeting_date)}, whose minutes were "
        f"approved {approval.where}: the register of approved minutes stands as it was approved. Date the "
        "change after that meeting, or record an amendment."
    )


def circulation_problem(
    meeting_date: dt.date, circulated_on: dt.date | None, approval_date: dt.date | None
) -> str | None:
    if circulated_on is None:
        return "Give the date the minutes were circulated."
    if circulated_on < meeting_date:
        return (
            f"The minutes cannot be circulated on {format_date(circulated_on)}, before the meeting itself "
            f"({format_date(meeting_date)})."
        )
    if approval_date is not None and circulated_on > approval_date:
        return (
            f"The minutes cannot be circulated on {format_date(circulated_on)}, after they were approved "
            f"({format_date(approval_date)})."
        )
    return None


def approval_problem(
    meeting_date: dt.date,
    held: bool,
    approving_date: dt.date,
    approving_took_place: bool,
    circulated_on: dt.date | None,
) -> str | None:
    """Why the minutes of a meeting on `meeting_date` cannot be approved at the group's meeting on
    `approving_date`, or None."""
    if not held:
        return "Only the minutes of a meeting that was held can be approved."
    if approving_date <= meeting_date:
        return (
            f"Minutes are approved at a later meeting of the group: choose a meeting after {format_date(meeting_date)}."
        )
    if not approving_took_place:
        return (
            f"The meeting of {format_date(approving_date)} was cancelled or postponed: choose the meeting that "
            "approved the minutes."
        )
    if circulated_on is not None and circulated_on > approving_date:
        return (
            f"The minutes were circulated on {format_date(circulated_on)}, after the meeting of "
            f"{format_date(approving_date)}: they cannot have been approved there."
        )
    return None


def amendment_problem(approved: bool, change: str | None, reason: str | None) -> tuple[str, str] | None:
    """(field, sentence) for an amendment that cannot be recorded, or None."""
    if not approved:
        return "change", "Draft minutes are edited, not amended: amendments are recorded after approval."
    for key, text, missing in (
        ("change", change, "Say what was changed in the approved minutes."),
        ("reason", reason, "Say why the approved minutes were amended."),
    ):
        value = (text or "").strip()
        if not value:
            return key, missing
        if len(value) > AMENDMENT_LIMIT:
            return key, f"The text is longer than {AMENDMENT_LIMIT} characters."
    return None


def advance_apology_problem(meeting_date: dt.date, received_on: dt.date | None, took_place: bool) -> str | None:
    """Apologies in advance are received before the meeting, for a meeting that is to take place."""
    if received_on is None:
        return "Give the date the apologies were received."
    if received_on > meeting_date:
        return (
            f"Apologies in advance are received by the day of the meeting ({format_date(meeting_date)}); "
            "record later apologies in the register."
        )
    if not took_place:
        return "The meeting was cancelled or postponed: there is no register to send apologies to."
    return None
