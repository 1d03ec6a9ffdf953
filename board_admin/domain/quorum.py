"""Whether a meeting is quorate, from its register: a pure rule over plain rows.

A group's rule (DESIGN.md 3) is a minimum number of voting members present and, optionally, that every
statutory partner is represented. Which roles vote is the group's own setting (by default chair,
vice-chair, member and lay member, and a deputy sent in such a member's place; never an adviser, observer
or minute-taker, nor guests "in attendance"). A deputy counts only while "deputy" is one of the counting
roles and only in the place of a member whose own role counts. The statutory partners that must be
represented are those with a counting seat on the group on the meeting's date: a partner with no such
member cannot be expected to attend, and the register says so only if it has one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from board_admin.domain.enums import AttendanceStatus, MemberRole
from board_admin.domain.errors import ValidationError

COUNTING = (AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY)
# "Deputy" in a group's counting roles means "a deputy sent in the place of a counting member".
DEFAULT_COUNTING_ROLES = frozenset(
    {MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.MEMBER, MemberRole.LAY_MEMBER, MemberRole.DEPUTY}
)


def counting_roles_from_text(text: str | None) -> frozenset[MemberRole]:
    """The roles stored in the database (comma-separated values); the default when none is stored."""
    if not text or not text.strip():
        return DEFAULT_COUNTING_ROLES
    return frozenset(MemberRole(value.strip()) for value in text.split(",") if value.strip())


def counting_roles_to_text(roles) -> str | None:
    """What the database stores: None for the default, so a group left alone follows it."""
    roles = frozenset(roles)
    if roles == DEFAULT_COUNTING_ROLES:
        return None
    return ",".join(role.value for role in MemberRole if role in roles)


def describe_roles(roles) -> str:
    """ "Chair, Vice-chair, Member, Lay member, Deputy", in the order of the roles' list."""
    return ", ".join(role.label for role in MemberRole if role in roles)


def check_counting_roles(roles) -> frozenset[MemberRole]:
    roles = frozenset(roles)
    if not roles:
        raise ValidationError(
            "Choose at least one role that counts towards the quorum; with none no meeting could be quorate.",
            "counting_roles",
        )
    if roles == {MemberRole.DEPUTY}:
        raise ValidationError(
            "A deputy counts only in the place of a member whose role counts: choose at least one other role.",
            "counting_roles",
        )
    return roles


@dataclass(frozen=True)
class QuorumLine:
    """One member's line of the register, as far as the quorum is concerned."""

    agency_name: str
    statutory_partner: bool
    status: AttendanceStatus | None  # None: not yet recorded
    role: MemberRole | None = MemberRole.MEMBER  # None: no seat on the meeting's date (never counts)


@dataclass(frozen=True)
class QuorumRule:
    minimum: int | None = None
    statutory_partners_required: bool = False
    counting_roles: frozenset[MemberRole] = DEFAULT_COUNTING_ROLES

    def counts(self, line: QuorumLine) -> bool:
        """Whether this line puts a voting member (or a deputy in a voting member's place) in the room."""
        if line.role is None or line.role not in self.counting_roles or line.role is MemberRole.DEPUTY:
            return False
        if line.status is AttendanceStatus.PRESENT:
            return True
        return line.status is AttendanceStatus.DEPUTY and MemberRole.DEPUTY in self.counting_roles

    def counts_seat(self, line: QuorumLine) -> bool:
        """Whether the line is a voting seat at all, whatever its status."""
        return line.role is not None and line.role in self.counting_roles and line.role is not MemberRole.DEPUTY

    @property
    def is_set(self) -> bool:
        return self.minimum is not None or self.statutory_partners_required


@dataclass(frozen=True)
class QuorumResult:
    quorate: bool
    rule_set: bool
    present: int
    minimum: int | None
    missing_partners: tuple[str, ...]

    def describe(self) -> str:
        """A sentence for the register and the minutes, e.g. "Quorate: 6 members present (quorum 5)"."""
        if not self.rule_set:
            return f"No quorum rule is set for this group; {_members(self.present)} present."
        parts = [f"{_members(self.present)} present"]
        if self.minimum is not None:
            parts[0] += f" (quorum {self.minimum})"
        if self.missing_partners:
            parts.append("not represented: " + ", ".join(self.missing_partners))
        heading = "Quorate" if self.quorate else "Not quorate"
        return f"{heading}: " + "; ".join(parts) + "."


def _members(count: int) -> str:
    return f"{count} member" + ("" if count == 1 else "s")


def assess_quorum(rule: QuorumRule, lines: Iterable[QuorumLine]) -> QuorumResult:
    """The quorum of a register whose member lines are `lines` (guests left out by the caller)."""
    lines = list(lines)
    present = sum(1 for line in lines if rule.counts(line))
    missing: tuple[str, ...] = ()
    if rule.statutory_partners_required:
        partners = {line.agency_name for line in lines if line.statutory_partner and rule.counts_seat(line)}
        represented = {line.agency_name for line in lines if line.statutory_partner and rule.counts(line)}
        missing = tuple(sorted(partners - represented, key=str.casefold))
    enough = rule.minimum is None or present >= rule.minimum
    return QuorumResult(
        quorate=enough and not missing,
        rule_set=rule.is_set,
        present=present,
        minimum=rule.minimum,
        missing_partners=missing,
    )
