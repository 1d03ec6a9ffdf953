"""The rules of agencies, people, groups and memberships, written once.

Plain functions over plain values: each returns the sentence a person reads when the rule is broken (or None),
and the caller places it: a service raises ValidationError on its form field, the workbook import records a
problem on its sheet, row and column, the demo builder stops. Changing a rule here changes all three.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from email.errors import HeaderParseError
from email.headerregistry import Address
from typing import TypeVar

from board_admin.domain.dates import format_date
from board_admin.domain.enums import MemberRole

K = TypeVar("K", bound=Hashable)


# --- periods -------------------------------------------------------------------------------------


def overlaps(a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None) -> bool:
    """Two periods share a day; an open end runs for ever."""
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def term(start: dt.date, end: dt.date | None) -> str:
    """'from 01/04/2019 to 31/03/2020', or 'from 01/04/2019' while it runs."""
    return f"from {format_date(start)}" + (f" to {format_date(end)}" if end else "")


def end_before_start(start: dt.date | None, end: dt.date | None) -> str | None:
    if start is not None and end is not None and end < start:
        return f"The end date ({format_date(end)}) is before the start date ({format_date(start)})."
    return None


# --- people --------------------------------------------------------------------------------------


def email_problem(email: str | None, person: str | None = None) -> str | None:
    """The one check of an email address, wherever one is typed (the person form, the workbook, the
    organisation's settings) and before one is put on a message: a sentence naming whose address it is and
    what is wrong, or None. The address is parsed with Python's own mail parser (`email.headerregistry`),
    as the message that carries it will be."""
    if not email:
        return None
    reason = _why_not_an_address(email)
    if reason is None:
        return None
    whose = f"{person}'s email address" if person else "The email address"
    return f"{whose} '{email}' is not an email address: {reason}."


def _why_not_an_address(text: str) -> str | None:
    if any(character.isspace() for character in text):
        return "it has a space in it"
    if "," in text or ";" in text:
        return "give one address only"
    if "@" not in text:
        return "it has no @"
    try:
        address = Address(addr_spec=text)
    except (ValueError, IndexError, HeaderParseError):  # the parser's kinds of "cannot read this"
        return "write it as name@organisation.gov.uk"
    if address.addr_spec != text:  # a comment or quotes the parser read around: not what was meant
        return "write it as name@organisation.gov.uk"
    if address.domain.startswith("[") or "." not in address.domain or not _encodes_for_mail(address.domain):
        return f"'{address.domain}' after the @ is not a mail domain such as organisation.gov.uk"
    return None


def _encodes_for_mail(domain: str) -> bool:
    """A domain with letters beyond a to z travels in its IDNA form (xn--...): one that has none cannot."""
    try:
        domain.encode("idna")
    except UnicodeError:
        return False
    return True


# --- the group tree ------------------------------------------------------------------------------


def reporting_loop(own: K, reports_to: K | None, parent_of: Callable[[K], K | None]) -> list[K] | None:
    """The chain own, reports_to, ..., own when making `own` report to `reports_to` closes a loop; else None."""
    chain, current, seen = [own], reports_to, set()
    while current is not None and current not in seen:
        chain.append(current)
        if current == own:
            return chain
        seen.add(current)
        current = parent_of(current)
    return None


def loop_sentence(names: list[str]) -> str:
    if len(names) <= 2:
        return "A group cannot report to itself."
    return f"This makes a loop: {' reports to '.join(names)}."


# --- memberships and deputies --------------------------------------------------------------------


def outside_group(
    group: str, started: dt.date | None, ended: dt.date | None, start: dt.date, end: dt.date | None
) -> tuple[str, str] | None:
    """A membership lies within its group's dates: (the date that is wrong, "start_date" or "end_date", and
    the sentence), or None."""
    if started is not None and start < started:
        return "start_date", f"'{group}' started on {format_date(started)}; a membership cannot start before that."
    if ended is not None and start > ended:
        return "start_date", f"'{group}' ended on {format_date(ended)}; nobody can join it after that."
    if ended is not None and (end is None or end > ended):
        return "end_date", f"'{group}' ended on {format_date(ended)}; the membership must end by then."
    return None


def already_a_member(person: str, group: str, start: dt.date, end: dt.date | None, where: str | None = None) -> str:
    """The same person's memberships of one group cannot overlap; `where` says where the other one is."""
    placed = f" ({where})" if where else ""
    return (
        f"{person} is already on '{group}' {term(start, end)}{placed}; "
        "memberships of the same person on the same group cannot overlap."
    )


def own_deputy(person: str) -> str:
    """A deputy stands in for someone else: on a group's list of members and on a meeting's register alike."""
    return f"{person} cannot be their own deputy."


def deputy_problem(person: str, stands_in_for_themselves: bool, role: MemberRole | None) -> str | None:
    """A deputy stands in for someone else, and only a membership with the role Deputy does."""
    if stands_in_for_themselves:
        return own_deputy(person)
    if role is not MemberRole.DEPUTY:
        return "Only a membership with the role Deputy can stand in for a member."
    return None


def not_a_member_to_deputise_for(principal: str, group: str) -> str:
    return (
        f"{principal} is not a member of '{group}' at any time during this membership, "
        "so this deputy cannot stand in for them."
    )
