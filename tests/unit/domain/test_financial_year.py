import datetime as dt

import pytest

from board_admin.domain.errors import ValidationError
from board_admin.domain.financial_year import FinancialYear


@pytest.mark.parametrize("label", ["2015-16", "2015/16", "2015-2016", " 2015 - 16 "])
def test_labels_parse(label):
    assert FinancialYear.parse(label) == FinancialYear(2015)


@pytest.mark.parametrize("label", ["2015-17", "2015", "15-16", "2015-15", "next year"])
def test_bad_labels_are_refused(label):
    with pytest.raises(ValidationError, match="financial year"):
        FinancialYear.parse(label)


def test_century_turn():
    assert FinancialYear.parse("1999-00").label == "1999-00"
    assert FinancialYear(1999).end == dt.date(2000, 3, 31)


def test_year_runs_april_to_march():
    year = FinancialYear(2015)
    assert (year.start, year.end, year.label) == (dt.date(2015, 4, 1), dt.date(2016, 3, 31), "2015-16")
    assert FinancialYear.containing(dt.date(2016, 3, 31)) == year
    assert FinancialYear.containing(dt.date(2016, 4, 1)) == year.next()
    assert dt.date(2015, 3, 31) not in year
    assert year.previous().label == "2014-15"
