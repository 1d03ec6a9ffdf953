"""Money is held as whole pence (int) everywhere; pounds appear only at the edges.

Parsing goes through Decimal so that no float ever decides a penny.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from board_admin.domain.errors import ValidationError

_POUNDS = re.compile(r"^£?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")


# Ten thousand million pounds: far above any partnership budget, and well inside the pence columns.
LIMIT_POUNDS = Decimal("10000000000")


def parse_pounds(text: str, *, field: str | None = None, allow_negative: bool = False) -> int:
    """Pence from what a person types: `1234.5`, `1,234.50` or `£1,234.50`.

    Anything else (three decimals, stray text, a minus sign unless allowed) raises ValidationError.
    """
    raw = str(text).strip()
    negative = raw.startswith("-")
    if negative:
        raw = raw[1:].strip()
    if not _POUNDS.match(raw):
        raise ValidationError(
            f"'{text}' is not an amount in pounds: write it like 1234.50, 1,234.50 or £1,234.50.", field
        )
    if negative and not allow_negative:
        raise ValidationError(f"The amount {text} cannot be negative.", field)
    amount = Decimal(raw.lstrip("£").strip().replace(",", ""))
    if amount >= LIMIT_POUNDS:
        raise ValidationError(f"{text} is too large for an amount in pounds.", field)
    pence = int(amount * 100)
    return -pence if negative else pence


def pence_from_number(value: int | Decimal | float, *, field: str | None = None) -> int:
    """Pence from a number read out of a spreadsheet cell (pounds).

    Excel keeps numbers as binary floats; its shortest decimal form (`repr`) is what the user typed,
    so it is read through Decimal(repr(value)) and must have at most two decimals.
    """
    if isinstance(value, bool):
        raise ValidationError(f"{value} is not an amount in pounds.", field)
    try:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation as error:
        raise ValidationError(f"{value} is not an amount in pounds.", field) from error
    if not amount.is_finite():
        raise ValidationError(f"{value} is not an amount in pounds.", field)
    # Before the two places are checked: quantizing 1e300 exceeds Decimal's precision and raises.
    if abs(amount) >= LIMIT_POUNDS:
        raise ValidationError(f"{value} is too large for an amount in pounds.", field)
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(f"{value} has more than two decimal places; amounts are in pounds and pence.", field)
    return int(amount * 100)


def pounds(pence: int) -> Decimal:
    """The amount as a Decimal number of pounds with two places (for spreadsheets and documents)."""
    return (Decimal(pence) / 100).quantize(Decimal("0.01"))


def format_pounds(pence: int) -> str:
    """UK display form: £1,234.56 (and -£12.00 for a negative amount)."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}.{part:02d}"


CONTRIBUTIONS_SOURCE = "Contributions from partner agencies"


def is_contributions_source(source: str) -> bool:
    """Whether an income line holds the partner agencies' contributions (a year kept without per-agency
    figures, seed 004 Appendix 6): such a line and per-agency contributions never go together."""
    return " ".join(source.split()).casefold() == CONTRIBUTIONS_SOURCE.casefold()
