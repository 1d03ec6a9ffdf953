"""Who a meeting's e-mails go to: the members of the group on the meeting's date (To) and their named deputies
(Cc), or the owners of the group's open actions with their actions. Plain rows; exporters/email_draft.py puts
them on a message, and the meeting window lists those it could not address.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import aliased

from board_admin.db.engine import Database
from board_admin.db.models import Agency, Meeting, Membership, Person
from board_admin.domain.enums import MemberRole
from board_admin.domain.errors import NotFoundError
from board_admin.domain.names import surname_key
from board_admin.reports.lists import membership_active_on
from board_admin.reports.meetings import ActionRow, action_log

_ROLE_ORDER = {role: position for position, role in enumerate(MemberRole)}


@dataclass(frozen=True)
class Recipient:
    person_id: int
    name: str
    email: str | None  # as stored: None when none was given (it may still not be an address)
    agency_name: str
    role: MemberRole | None = None  # the seat on the group; None for an action's owner
    deputy_for: tuple[str, ...] = ()  # a deputy: the members they stand in for

    @property
    def described(self) -> str:
        """ "Jane Smith (chair)", "Ann Lee (deputy for Jane Smith)", as the list of those left out says it."""
        if self.deputy_for:
            return f"{self.name} (deputy for {' and '.join(self.deputy_for)})"
        if self.role is not None:
            return f"{self.name} ({self.role.label.lower()})"
        return self.name


@dataclass(frozen=True)
class MeetingRecipients:
    members: tuple[Recipient, ...]  # To
    deputies: tuple[Recipient, ...]  # Cc


def meeting_recipients(database: Database, meeting_id: int) -> MeetingRecipients:
    """The members of the meeting's group on its date, chair first, and the deputies named for them then.

    A membership counts from its start date to its end date (reports/lists.membership_active_on, as the
    register counts it); a deputy is copied in only while the member they stand in for is on the group too, and
    a deputy who is a member in their own right is written to once, as a member."""
    with database.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFoundError("The meeting you asked for no longer exists; it may have been deleted.")
        day, group_id = meeting.meeting_date, meeting.group_id
        principal = aliased(Membership)
        principal_person = aliased(Person)
        seats = session.execute(
            select(
                Membership.id,
                Membership.person_id,
                Person.name,
                Person.email,
                Agency.name,
                Membership.role,
                principal.id,
                principal_person.name,
            )
            .join(Person, Person.id == Membership.person_id)
            .join(Agency, Agency.id == Membership.agency_id)
            .outerjoin(principal, principal.id == Membership.deputy_for_id)
            .outerjoin(principal_person, principal_person.id == principal.person_id)
            .where(Membership.group_id == group_id, membership_active_on(day))
        ).all()
    members: dict[int, Recipient] = {}
    member_seats: set[int] = set()
    for seat_id, person_id, name, email, agency, role, _principal, _principal_name in seats:
        if role is not MemberRole.DEPUTY:
            members[person_id] = Recipient(person_id, name, email, agency, role)
            member_seats.add(seat_id)
    deputies: dict[int, Recipient] = {}
    for _seat, person_id, name, email, agency, role, principal_id, principal_name in seats:
        if role is not MemberRole.DEPUTY or principal_id not in member_seats or person_id in members:
            continue
        known = deputies.get(person_id)
        stands_in_for = (*known.deputy_for, principal_name) if known else (principal_name,)
        deputies[person_id] = Recipient(person_id, name, email, agency, role, tuple(sorted(stands_in_for)))
    ordered = sorted(
        members.values(), key=lambda row: (_ROLE_ORDER.get(row.role, len(_ROLE_ORDER)), surname_key(row.name))
    )
    return MeetingRecipients(tuple(ordered), tuple(sorted(deputies.values(), key=lambda row: surname_key(row.name))))


@dataclass(frozen=True)
class OwnerActions:
    """One owner's open actions. `owner` is None for actions with an agency but no person named to own them."""

    owner: Recipient | None
    actions: tuple[ActionRow, ...]

    @property
    def heading(self) -> str:
        if self.owner is not None:
            return f"{self.owner.name} ({self.owner.agency_name})"
        agencies = sorted({row.owner_agency_name or "no agency" for row in self.actions})
        return f"No one named ({', '.join(agencies)})"


def open_action_owners(database: Database, meeting_id: int, on_date: dt.date | None = None) -> list[OwnerActions]:
    """The group's actions still open (open or in progress) from its meetings up to and including this one,
    by owner (surname order), each owner's by due date; those without a named owner last, together."""
    with database.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFoundError("The meeting you asked for no longer exists; it may have been deleted.")
        day, group_id = meeting.meeting_date, meeting.group_id
    actions = [
        row for row in action_log(database, on_date, open_only=True, group_id=group_id) if row.meeting_date <= day
    ]
    owner_ids = {row.owner_id for row in actions if row.owner_id is not None}
    with database.session() as session:
        people = {
            person_id: (name, email, agency)
            for person_id, name, email, agency in session.execute(
                select(Person.id, Person.name, Person.email, Agency.name)
                .join(Agency, Agency.id == Person.agency_id)
                .where(Person.id.in_(owner_ids))
            )
        }
    by_owner: dict[int | None, list[ActionRow]] = {}
    for row in actions:
        by_owner.setdefault(row.owner_id, []).append(row)
    named = [
        OwnerActions(Recipient(person_id, *people[person_id]), tuple(rows))
        for person_id, rows in by_owner.items()
        if person_id is not None
    ]
    named.sort(key=lambda owner: surname_key(owner.owner.name))
    if None in by_owner:
        named.append(OwnerActions(None, tuple(by_owner[None])))
    return named
