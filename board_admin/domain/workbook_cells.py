"""The cells of the workbook format: what a column is (its kind, its limits, what it refers to), how a cell
is read from a spreadsheet and written to one, and the order rows are exported in.

domain/workbook_format.py declares the sheets with these columns; export and import both read the two.
Plain Python: the cell values handled are the ones a spreadsheet library hands over (str, int, float,
Decimal, bool, date, datetime, time).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from board_admin.domain.dates import date_out_of_range, format_date
from board_admin.domain.enums import (
    LabelledEnum,
    MemberRole,
)
from board_admin.domain.errors import ValidationError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.money import parse_pounds, pence_from_number, pounds
from board_admin.domain.numbers import LARGEST_WHOLE_NUMBER
from board_admin.domain.quorum import (
    DEFAULT_COUNTING_ROLES,
    check_counting_roles,
    counting_roles_from_text,
    counting_roles_to_text,
    describe_roles,
)

NAME = 200  # as long as a name column of the database
SHORT = 40

# The years the database accepts (its plausible_year rule).
FIRST_YEAR = 1990
LAST_YEAR = 2200


def header_key(text: object) -> str:
    """A header or sheet name as compared: case and every space ignored."""
    return "".join(str(text).split()).casefold() if text is not None else ""


def name_key(text: object) -> str:
    """A name as matched: agencies, people, groups (and references, sources, lines) ignore case and spacing runs."""
    return " ".join(str(text).split()).casefold() if text is not None else ""


class CellKind(enum.Enum):
    TEXT = "text"  # one line; runs of spaces become one space
    LONG_TEXT = "long text"  # kept exactly as typed, line breaks and all (minutes, decisions)
    DATE = "date"
    DATE_TIME = "date and time"  # to the millisecond, the finest a spreadsheet keeps
    TIME = "time"
    MONEY = "money"  # pounds and pence in the cell, whole pence in the database
    YES_NO = "yes/no"
    WHOLE_NUMBER = "whole number"
    CHOICE = "choice"  # one label of a LabelledEnum
    FINANCIAL_YEAR = "financial year"
    ROLES = "roles"  # membership roles, comma-separated labels; stored as quorum.counting_roles_to_text


class Refers(enum.Enum):
    """What a text column names, looked up by name in the workbook first, then in the database."""

    AGENCY = "agency"
    PERSON = "person"
    GROUP = "group"
    THEME = "theme"  # a challenge theme (on the ChallengeThemes sheet or in the database)
    CHALLENGE = "challenge"  # by its reference
    REVIEW_KIND = "kind of review"  # on the ReviewKinds sheet or in the database
    LEARNING_THEME = "learning theme"
    CASE_REVIEW = "case review"  # by its reference


class CellError(ValueError):
    """A cell whose content cannot be read as its column says; `message` is the sentence to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: CellKind
    required: bool = False
    choices: type[LabelledEnum] | None = None
    refers_to: Refers | None = None
    limit: int | None = None  # most characters, for text
    # The domain's own check of a text's length, so the cell is refused with the service's sentence.
    too_long: Callable[[str], str | None] | None = None
    minimum: int | None = None  # for whole numbers
    allow_negative: bool = False  # for money
    default: object = None  # the value of a blank cell (and of a missing column on a new row)

    def read(self, raw: object) -> object:
        """The value of a cell as read from a spreadsheet; CellError if it is not one this column takes."""
        return read_cell(self, raw)

    def write(self, value: object) -> object:
        """The value to put in a spreadsheet cell (str, date, time, Decimal, int or None)."""
        return write_cell(self, value)

    def describe(self) -> str:
        """How the column is written, for the documentation of the format."""
        if self.kind is CellKind.CHOICE and self.choices is not None:
            return "one of: " + ", ".join(self.choices.labels())
        if self.refers_to is Refers.CHALLENGE:
            return "the reference of a challenge"
        if self.refers_to is Refers.CASE_REVIEW:
            return "the reference of a case review"
        if self.refers_to is Refers.LEARNING_THEME:
            return "names of learning themes, separated by semicolons"
        if self.refers_to is not None:
            return f"the name of {'an' if self.refers_to is Refers.AGENCY else 'a'} {self.refers_to.value}"
        return {
            CellKind.TEXT: f"text (at most {self.limit} characters)" if self.limit else "text",
            CellKind.LONG_TEXT: "text, line breaks kept",
            CellKind.DATE: "a date (an Excel date, 2024-03-31 or 31/03/2024)",
            CellKind.DATE_TIME: "a date and time (an Excel date and time, 2024-03-31 14:05 or 31/03/2024 14:05:09)",
            CellKind.TIME: "a time (an Excel time or 10:00)",
            CellKind.MONEY: "pounds and pence, like 112532.19" + ("" if self.allow_negative else ", not negative"),
            CellKind.YES_NO: "Yes or No" + (f" (blank means {write_cell(self, self.default)})" if self.default else ""),
            CellKind.WHOLE_NUMBER: "a whole number" + (f" from {self.minimum}" if self.minimum is not None else ""),
            CellKind.FINANCIAL_YEAR: "a financial year like 2015-16",
            CellKind.ROLES: "roles separated by commas, from: "
            + ", ".join(MemberRole.labels())
            + " (Deputy: a deputy in the place of a member whose role counts); blank: "
            + describe_roles(DEFAULT_COUNTING_ROLES),
        }.get(self.kind, self.kind.value)


@dataclass(frozen=True)
class Sheet:
    name: str
    singular: str
    plural: str
    columns: tuple[Column, ...]
    # The columns that identify a row (matched against the database on import).
    key: tuple[str, ...]
    # The columns a sheet is sorted by on export; the remaining columns break any tie.
    order: tuple[str, ...]
    _by_key: dict[str, Column] = field(init=False, repr=False, compare=False)
    _by_header: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {column.key: column for column in self.columns})
        object.__setattr__(self, "_by_header", {header_key(column.header): column for column in self.columns})

    def column(self, key: str) -> Column:
        return self._by_key[key]

    def find_column(self, header: object) -> Column | None:
        """The column a header names, ignoring case and spacing ('start date', 'StartDate')."""
        return self._by_header.get(header_key(header))

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    @property
    def required(self) -> list[Column]:
        return [column for column in self.columns if column.required]

    def count(self, number: int) -> str:
        """'1 agency', '12 agencies'."""
        return f"{number} {self.singular if number == 1 else self.plural}"


# --- reading cells -------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_CLOCK = r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?"
_ISO_DATE_TIME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + _CLOCK + "$")
_UK_DATE_TIME = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})" + _CLOCK + "$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _shown(raw: object) -> str:
    """A cell's content quoted in a message as the user would recognise it."""
    if isinstance(raw, dt.datetime):
        return format_date(raw.date()) if raw.time() == dt.time(0) else raw.strftime("%d/%m/%Y %H:%M")
    if isinstance(raw, dt.date):
        return format_date(raw)
    if isinstance(raw, dt.time):
        return raw.strftime("%H:%M")
    if isinstance(raw, float):
        return repr(raw).removesuffix(".0")
    return str(raw)


def read_cell(column: Column, raw: object) -> object:
    if is_blank(raw):
        if column.required:
            raise CellError(f"{column.header} cannot be empty.")
        return column.default
    reader = _READERS[column.kind]
    value = reader(column, raw)
    if isinstance(value, dt.date):
        problem = date_out_of_range(value)
        if problem:
            raise CellError(problem)
    return value


def _read_text(column: Column, raw: object) -> str:
    text = " ".join(_plain_text(raw).split())
    _check_length(column, text)
    return text


def _read_long_text(column: Column, raw: object) -> str:
    text = _plain_text(raw)
    _check_length(column, text)
    return text


def _plain_text(raw: object) -> str:
    if isinstance(raw, bool):
        return "Yes" if raw else "No"
    if isinstance(raw, str):
        return raw
    return _shown(raw)


def _check_length(column: Column, text: str) -> None:
    problem = column.too_long(text) if column.too_long is not None else None
    if problem:
        raise CellError(problem)
    if column.limit is not None and len(text) > column.limit:
        raise CellError(f"This is {len(text)} characters long; the most allowed is {column.limit}.")


def _read_date(column: Column, raw: object) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        iso = _ISO_DATE.match(text)
        uk = _UK_DATE.match(text)
        try:
            if iso:
                return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            if uk:
                return dt.date(int(uk.group(3)), int(uk.group(2)), int(uk.group(1)))
        except ValueError:
            pass
    raise CellError(f"'{_shown(raw)}' is not a date.")


def to_millisecond(moment: dt.datetime) -> dt.datetime:
    """A moment as precisely as a workbook keeps it."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _read_date_time(column: Column, raw: object) -> dt.datetime:
    if isinstance(raw, dt.datetime):
        # To the nearest millisecond: a moment stored as a fraction of a day may come back a hair early.
        rounded = to_millisecond(raw)
        if raw.microsecond % 1000 >= 500 and rounded < dt.datetime.max - dt.timedelta(milliseconds=1):
            rounded += dt.timedelta(milliseconds=1)
        return rounded
    if isinstance(raw, dt.date):
        return dt.datetime.combine(raw, dt.time(0))
    if isinstance(raw, str):
        text = raw.strip()
        iso = _ISO_DATE_TIME.match(text)
        uk = _UK_DATE_TIME.match(text)
        parts = iso.groups() if iso else None
        if uk:
            day, month, year, *clock = uk.groups()
            parts = (year, month, day, *clock)
        if parts is not None:
            *whole, fraction = parts
            try:
                return dt.datetime(*(int(part or 0) for part in whole), int((fraction or "0").ljust(3, "0")) * 1000)
            except ValueError:
                pass
    raise CellError(f"'{_shown(raw)}' is not a date and time; write it like 31/03/2024 14:05.")


def _read_time(column: Column, raw: object) -> dt.time:
    if isinstance(raw, dt.datetime):
        return raw.time()
    if isinstance(raw, dt.time):
        return raw
    if isinstance(raw, str):
        match = _TIME.match(raw.strip())
        if match:
            try:
                return dt.time(int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))
            except ValueError:
                pass
    raise CellError(f"'{_shown(raw)}' is not a time; write it like 10:00.")


def _read_money(column: Column, raw: object) -> int:
    try:
        if isinstance(raw, str):
            pence = parse_pounds(raw, allow_negative=True)
        elif isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
            pence = pence_from_number(raw)
        else:
            raise CellError(f"'{_shown(raw)}' is not an amount in pounds.")
    except ValidationError as error:
        raise CellError(error.message) from error
    if pence < 0 and not column.allow_negative:
        raise CellError(f"The amount {_shown(raw)} cannot be negative.")
    return pence


def _read_yes_no(column: Column, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(f"'{_shown(raw)}' is not Yes or No.")


def _read_whole_number(column: Column, raw: object) -> int:
    number: int | None = None
    if isinstance(raw, bool):
        number = None
    elif isinstance(raw, int):
        number = raw
    elif isinstance(raw, float) and raw.is_integer():
        number = int(raw)
    elif isinstance(raw, Decimal) and raw == raw.to_integral_value():
        number = int(raw)
    elif isinstance(raw, str) and raw.strip().isdigit():
        number = int(raw.strip())
    if number is None:
        raise CellError(f"'{_shown(raw)}' is not a whole number.")
    if column.minimum is not None and number < column.minimum:
        raise CellError(f"{column.header} must be at least {column.minimum}, not {number}.")
    if number > LARGEST_WHOLE_NUMBER:
        raise CellError(f"{number} is too large for {column.header}; the most allowed is {LARGEST_WHOLE_NUMBER}.")
    return number


def _read_choice(column: Column, raw: object) -> LabelledEnum:
    assert column.choices is not None
    try:
        return column.choices.from_text(_plain_text(raw))
    except ValueError:
        raise CellError(f"'{_shown(raw)}' is not one of: {', '.join(column.choices.labels())}.") from None


def _read_financial_year(column: Column, raw: object) -> FinancialYear:
    try:
        year = FinancialYear.parse(_plain_text(raw))
    except ValidationError as error:
        raise CellError(error.message) from error
    if not FIRST_YEAR <= year.start_year <= LAST_YEAR:
        raise CellError(f"'{_shown(raw)}' is not a financial year Board Admin can record.")
    return year


def is_json(text: str) -> bool:
    """Whether a cell holds what Board Admin writes as JSON (the minutes' record at approval)."""
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _read_roles(column: Column, raw: object) -> str | None:
    roles = set()
    for part in _plain_text(raw).split(","):
        if not part.strip():
            continue
        try:
            roles.add(MemberRole.from_text(part))
        except ValueError:
            raise CellError(
                f"'{part.strip()}' is not a role; the roles are {', '.join(MemberRole.labels())}."
            ) from None
    try:
        check_counting_roles(roles)
    except ValidationError as error:
        raise CellError(str(error)) from None
    return counting_roles_to_text(roles)


_READERS = {
    CellKind.TEXT: _read_text,
    CellKind.LONG_TEXT: _read_long_text,
    CellKind.DATE: _read_date,
    CellKind.DATE_TIME: _read_date_time,
    CellKind.TIME: _read_time,
    CellKind.MONEY: _read_money,
    CellKind.YES_NO: _read_yes_no,
    CellKind.WHOLE_NUMBER: _read_whole_number,
    CellKind.CHOICE: _read_choice,
    CellKind.FINANCIAL_YEAR: _read_financial_year,
    CellKind.ROLES: _read_roles,
}


# --- writing cells -------------------------------------------------------------------------------


def write_cell(column: Column, value: object) -> object:
    if value is None:
        return None
    kind = column.kind
    if kind is CellKind.MONEY:
        return pounds(int(value))
    if kind is CellKind.YES_NO:
        return "Yes" if value else "No"
    if kind is CellKind.CHOICE:
        return value.label if isinstance(value, LabelledEnum) else str(value)
    if kind is CellKind.FINANCIAL_YEAR:
        return value.label if isinstance(value, FinancialYear) else str(value)
    if kind is CellKind.ROLES:
        return describe_roles(counting_roles_from_text(value))
    if kind is CellKind.DATE and isinstance(value, dt.datetime):
        return value.date()
    if kind is CellKind.DATE_TIME:
        if not isinstance(value, dt.datetime):
            return dt.datetime.combine(value, dt.time(0))
        return to_millisecond(value)
    return value


# A spreadsheet program would take text starting with one of these for a formula (or a command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


# --- order of rows ----------------------------------------------------------------------------------

_CHUNKS = re.compile(r"(\d+)")


def _natural(text: str) -> tuple:
    """'A2' before 'A10'; case ignored, then the exact text so that the order is total."""
    parts = tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _CHUNKS.split(text.casefold()))
    return parts, text


def _order_value(value: object) -> tuple:
    if value is None:
        return (0,)
    if isinstance(value, LabelledEnum):
        return (1, _natural(value.label))
    if isinstance(value, str):
        return (1, _natural(value))
    if isinstance(value, FinancialYear):
        return (1, value.start_year)
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time | int | Decimal):
        return (1, value)
    return (1, str(value))


def sort_key(sheet: Sheet, values: Mapping[str, object]) -> tuple:
    """The position of a row in its exported sheet: by the sheet's order, then every other column."""
    keys = list(sheet.order) + [column.key for column in sheet.columns if column.key not in sheet.order]
    return tuple(_order_value(values.get(key)) for key in keys)


def join_names(names: Iterable[str]) -> str | None:
    """A list of names in one cell ("Neglect; Self-neglect"), sorted so the same list is always the same text."""
    ordered = sorted(names, key=str.casefold)
    return "; ".join(ordered) if ordered else None


def split_names(text: object) -> list[str]:
    """The names of a cell written by join_names (or typed with semicolons)."""
    return [part.strip() for part in str(text or "").split(";") if part.strip()]
