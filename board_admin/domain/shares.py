"""The contribution formula: a total split across partners by agreed percentages (seed 001: "equitable
and proportionate").

The rounding rule (largest remainder, also called Hamilton's method):

1. Each partner's exact share is total x percentage / 100, worked out exactly (fractions of a penny kept,
   no float anywhere).
2. Each partner first gets their exact share rounded down to the penny.
3. The pennies left over (fewer than the number of partners) go one each to the partners whose shares
   lost the most in step 2; where two lost the same, to the one listed first.

So the parts always add up to the total exactly, and no partner's part is more than a penny away from
their exact share. For example £100.00 split 50% / 25% / 25% is exact; £100.01 split 33.33% / 33.33% /
33.34% is £33.33 / £33.33 / £33.35 (the exact shares are 3,333.33, 3,333.33 and 3,334.33 pence: the
leftover penny goes to the third, which lost 0.3334 of a penny against 0.3333 for the others).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from board_admin.domain.errors import ValidationError

HUNDRED = Decimal(100)
_PERCENTAGE = re.compile(r"^\d{1,3}(\.\d{1,4})?$")


def parse_percentage(text: str, *, field: str | None = None) -> Decimal:
    """A percentage as typed: `25`, `33.3333` or `12.5%` (up to four decimals, 0 to 100)."""
    raw = str(text).strip().removesuffix("%").strip()
    if not raw:
        raise ValidationError("Enter a percentage, like 25 or 33.33.", field)
    if raw.startswith("-"):
        raise ValidationError(f"The percentage {text} cannot be negative.", field)
    if not _PERCENTAGE.match(raw):
        raise ValidationError(
            f"'{text}' is not a percentage: write it like 25 or 33.33 (at most four decimal places).", field
        )
    value = Decimal(raw)
    if value > HUNDRED:
        raise ValidationError(f"The percentage {text} is more than 100.", field)
    return value


def check_percentages_total(percentages: Sequence[Decimal]) -> None:
    """The percentages must add up to exactly 100."""
    if not percentages:
        raise ValidationError("Choose at least one partner to share the total.", "percentages")
    total = sum(percentages, Decimal(0))
    if total != HUNDRED:
        difference = HUNDRED - total
        advice = (
            f"{difference.normalize():f}% is still to share"
            if difference > 0
            else (f"they are {(-difference).normalize():f}% over")
        )
        raise ValidationError(f"The percentages add up to {total.normalize():f}%, not 100%: {advice}.", "percentages")


def split_by_percentages(total_pence: int, percentages: Sequence[Decimal]) -> list[int]:
    """The total in pence split by the percentages (which must add to 100), in the same order.

    Rounded by the largest-remainder rule in this module's docstring: the parts add up to the total.
    """
    if not isinstance(total_pence, int) or isinstance(total_pence, bool):
        raise TypeError("the total must be whole pence (an int)")
    if total_pence < 0:
        raise ValidationError("The total to share cannot be negative.", "total")
    for percentage in percentages:
        if not isinstance(percentage, Decimal):
            raise TypeError("percentages must be Decimal, never float")
        if percentage < 0:
            raise ValidationError(f"The percentage {percentage} cannot be negative.", "percentages")
    check_percentages_total(percentages)
    exact = [Fraction(total_pence) * Fraction(percentage) / 100 for percentage in percentages]
    parts = [int(share) for share in exact]  # rounded down: shares are never negative
    left_over = total_pence - sum(parts)
    # Biggest loss first; on a tie the partner listed first (a stable sort keeps the order entered).
    by_loss = sorted(range(len(exact)), key=lambda index: exact[index] - parts[index], reverse=True)
    for index in by_loss[:left_over]:
        parts[index] += 1
    return parts
