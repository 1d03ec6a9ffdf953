from decimal import Decimal

import pytest

from board_admin.domain.errors import ValidationError
from board_admin.domain.money import format_pounds, parse_pounds, pence_from_number, pounds


@pytest.mark.parametrize(
    ("typed", "pence"),
    [("1234.5", 123450), ("1,234.50", 123450), ("£1,234.50", 123450), ("0.01", 1), ("£ 7", 700), ("248,269", 24826900)],
)
def test_typed_amounts_become_exact_pence(typed, pence):
    assert parse_pounds(typed) == pence


@pytest.mark.parametrize("typed", ["1.234", "12,34.00", "abc", "", "£", "1.2.3", "1e5", "--5"])
def test_malformed_amounts_are_refused(typed):
    with pytest.raises(ValidationError, match="not an amount in pounds"):
        parse_pounds(typed)


def test_negative_amounts_need_permission():
    with pytest.raises(ValidationError, match="cannot be negative"):
        parse_pounds("-5.00", field="agreed")
    assert parse_pounds("-5.00", allow_negative=True) == -500


def test_error_names_the_field():
    with pytest.raises(ValidationError) as caught:
        parse_pounds("x", field="budget")
    assert caught.value.field == "budget"


@pytest.mark.parametrize(
    ("cell", "pence"), [(112532.19, 11253219), (0.1, 10), (248269, 24826900), (Decimal("3340.84"), 334084)]
)
def test_spreadsheet_numbers_become_exact_pence(cell, pence):
    assert pence_from_number(cell) == pence


@pytest.mark.parametrize("cell", [0.001, 12.345, float("nan"), float("inf"), 1e20, True])
def test_spreadsheet_numbers_that_are_not_money(cell):
    with pytest.raises(ValidationError):
        pence_from_number(cell)


def test_display_and_decimal_forms():
    assert format_pounds(22245559) == "£222,455.59"
    assert format_pounds(-1200) == "-£12.00"
    assert format_pounds(5) == "£0.05"
    assert pounds(3696241) == Decimal("36962.41")
