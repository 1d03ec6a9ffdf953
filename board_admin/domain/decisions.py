"""The decision register's rules: what counts as one decision, and how a decision is referenced.

A decision is numbered within its group and financial year, in the order decisions were recorded, and read
as SCPB-2025-26-D07: the group's short name (or its initials), the year, and the number.
"""

from __future__ import annotations

import re

from board_admin.domain.financial_year import FinancialYear

_WORD = re.compile(r"[A-Za-z0-9]+")
# Words an abbreviation leaves out: the Quality and Effectiveness Group is the QEG.
_SMALL_WORDS = {"and", "of", "the", "for", "in", "on"}


def group_code(name: str, short_name: str | None) -> str:
    """The group's short name as one code ("SCPB"; "CDF Children" -> CDFC, an acronym kept and a word's
    initial), or the initials of its name's words ("Quality and Effectiveness Group" -> QEG)."""
    if short_name and short_name.strip():
        parts = []
        for word in _WORD.findall(short_name):
            acronym = sum(letter.isupper() for letter in word) >= 2 or word.isdigit()
            parts.append(word.upper() if acronym else word[0].upper())
        if parts:
            return "".join(parts)
    initials = "".join(word[0] for word in _WORD.findall(name) if word.casefold() not in _SMALL_WORDS)
    return initials.upper() or "GROUP"


def decision_reference(group_name: str, short_name: str | None, year: FinancialYear, number: int) -> str:
    return f"{group_code(group_name, short_name)}-{year.label}-D{number:02d}"


def split_decisions(text: str | None) -> list[str]:
    """One decision per paragraph (non-blank line), as the minutes have always printed them."""
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def match_decisions(existing: list[str], wanted: list[str]) -> list[int | None]:
    """For each wanted decision, the index of the existing decision it keeps (so keeps its number), or None.

    The same words keep their record first; a paragraph whose words changed keeps the record that was in its
    place (an edit keeps the reference); whatever is left over is new or removed.
    """
    result: list[int | None] = [None] * len(wanted)
    free = list(range(len(existing)))
    for w, text in enumerate(wanted):
        for e in free:
            if existing[e] == text:
                result[w] = e
                free.remove(e)
                break
    for w in range(len(wanted)):
        if result[w] is None and free:
            # A reworded paragraph takes the first record nobody kept, so an edit keeps its reference.
            result[w] = free.pop(0)
    return result
