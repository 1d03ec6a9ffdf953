"""Whole numbers that must fit the database's columns (a 32-bit integer on the shared server)."""

from __future__ import annotations

from board_admin.domain.errors import ValidationError

LARGEST_WHOLE_NUMBER = 2_147_483_647


def check_fits(number: int | None, what: str, field: str | None = None) -> None:
    """Raises ValidationError when `number` is larger than its column holds (a quorum of 10^19, say)."""
    if number is not None and abs(number) > LARGEST_WHOLE_NUMBER:
        raise ValidationError(
            f"{what} of {number} is too large; the most Board Admin keeps is {LARGEST_WHOLE_NUMBER}.", field
        )
