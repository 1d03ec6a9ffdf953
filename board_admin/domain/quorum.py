"""Whether a meeting is quorate, from its register: a pure rule over plain rows.

A group's rule (DESIGN.md 3) is a minimum number of members present and, optionally, that every
statutory partner is represented. A deputy who came in a member's place counts towards the number and
represents the member's agency; guests "in attendance" count for neither. The statutory partners that
must be represented are those with a seat on the group on the meeting's date: a partner with no
member cannot be expected to attend, and the register says so only if it has one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from board_admin.domain.enums import AttendanceStatus

COUNTING = (AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY)


@dataclass(frozen=True)
class QuorumLine:
    """One member's line of the register, as far as the quorum is concerned."""

    agency_name: str
    statutory_partner: bool
    status: AttendanceStatus | None  # None: not yet recorded


@dataclass(frozen=True)
class QuorumRule:
    minimum: int | None = None
    statutory_partners_required: bool = False

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
    present = sum(1 for line in lines if line.status in COUNTING)
    missing: tuple[str, ...] = ()
    if rule.statutory_partners_required:
        partners = {line.agency_name for line in lines if line.statutory_partner}
        represented = {line.agency_name for line in lines if line.statutory_partner and line.status in COUNTING}
        missing = tuple(sorted(partners - represented, key=str.casefold))
    enough = rule.minimum is None or present >= rule.minimum
    return QuorumResult(
        quorate=enough and not missing,
        rule_set=rule.is_set,
        present=present,
        minimum=rule.minimum,
        missing_partners=missing,
    )
