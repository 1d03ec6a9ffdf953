"""The contribution formula's rounding: exact pence, parts that always add up to the total."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from board_admin.domain.errors import ValidationError
from board_admin.domain.shares import check_percentages_total, parse_percentage, split_by_percentages


def percentages(*values: str) -> list[Decimal]:
    return [Decimal(value) for value in values]


def test_one_hundred_pounds_over_three_partners():
    assert split_by_percentages(100_00, percentages("33.33", "33.33", "33.34")) == [33_33, 33_33, 33_34]
    # 33.3333% of £100 is 3,333.33p; the penny left over goes to the share that lost most, the third.
    assert split_by_percentages(100_00, percentages("33.3333", "33.3333", "33.3334")) == [33_33, 33_33, 33_34]


def test_the_left_over_penny_goes_to_the_largest_remainder():
    # Exact shares 3,333.33p, 3,333.33p and 3,334.33p: floors leave one penny, the third lost most.
    assert split_by_percentages(100_01, percentages("33.33", "33.33", "33.34")) == [33_33, 33_33, 33_35]
    # Equal remainders: the pennies go to the partners listed first.
    assert split_by_percentages(100_01, percentages("25", "25", "25", "25")) == [25_01, 25_00, 25_00, 25_00]
    assert split_by_percentages(1, percentages("50", "50")) == [1, 0]
    assert split_by_percentages(2, percentages("50", "50")) == [1, 1]


def test_the_2015_16_contributions_split_and_add_up_exactly():
    parts = split_by_percentages(248_269_00, percentages("52.3622", "24.1673", "23.4705"))
    assert sum(parts) == 248_269_00
    # Exact: 12,999,911.0318p, 5,999,991.4037p and 5,826,997.5645p; the one penny left goes to the third.
    assert parts == [129_999_11, 59_999_91, 58_269_98]


def test_parts_always_add_up_and_stay_within_a_penny_of_the_exact_share():
    rng = random.Random(7)
    for _ in range(500):
        count = rng.randint(1, 9)
        cuts = sorted(rng.randint(0, 1_000_000) for _ in range(count - 1))
        bounds = [0, *cuts, 1_000_000]
        shares = [Decimal(high - low) / Decimal(10_000) for low, high in zip(bounds, bounds[1:], strict=False)]
        total = rng.randint(0, 50_000_000)
        parts = split_by_percentages(total, shares)
        assert sum(parts) == total
        for part, share in zip(parts, shares, strict=True):
            assert abs(Decimal(part) - Decimal(total) * share / 100) < 1


def test_percentages_must_add_up_to_one_hundred():
    with pytest.raises(ValidationError, match=r"add up to 99.99%, not 100%: 0.01% is still to share"):
        split_by_percentages(100_00, percentages("33.33", "33.33", "33.33"))
    with pytest.raises(ValidationError, match=r"add up to 110%, not 100%: they are 10% over"):
        check_percentages_total(percentages("60", "50"))
    with pytest.raises(ValidationError, match="at least one partner"):
        split_by_percentages(100_00, [])


def test_no_float_and_no_negative_on_the_money_path():
    with pytest.raises(TypeError):
        split_by_percentages(100_00, [50.0, 50.0])
    with pytest.raises(TypeError):
        split_by_percentages(100.0, percentages("100"))
    with pytest.raises(ValidationError, match="cannot be negative"):
        split_by_percentages(-1, percentages("100"))


@pytest.mark.parametrize(
    ("text", "value"), [("25", "25"), ("33.3333", "33.3333"), (" 12.5% ", "12.5"), ("100", "100"), ("0", "0")]
)
def test_percentages_as_typed(text, value):
    assert parse_percentage(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter a percentage"),
        ("-5", "cannot be negative"),
        ("ten", "is not a percentage"),
        ("12.34567", "is not a percentage"),
        ("100.01", "more than 100"),
    ],
)
def test_percentages_refused(text, message):
    with pytest.raises(ValidationError, match=message) as raised:
        parse_percentage(text, field="share")
    assert raised.value.field == "share"
