"""The workbook carries case reviews, their history, recommendations and the actions carrying them out: the round
trip is exact, and bad rows are refused with their sheet, row and column, nothing changed."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from board_admin.domain.case_reviews import CaseReviewStatus, ReviewDecision
from board_admin.domain.enums import UserRole
from board_admin.domain.permissions import Actor
from board_admin.exporters.workbook import export_workbook
from board_admin.reports.case_reviews import case_review_list, review_detail
from board_admin.services import case_reviews as cr
from board_admin.services import meetings as me
from board_admin.services.workbook_import import WorkbookImportError, import_workbook
from tests.case_review_world import build_review_world, fields
from tests.conftest import backend_of

D = dt.date
SHEETS = ("ReviewKinds", "LearningThemes", "CaseReviews", "CaseReviewHistory", "Recommendations", "Actions")


@pytest.fixture
def reviewed(database):
    world = build_review_world(database)
    cr.add_review_kind(database, "Domestic homicide review", "DHR")
    oliver = cr.record_case_review(
        database,
        fields(
            world,
            "CSPR",
            decided_on=D(2025, 5, 20),
            decision=ReviewDecision.CRITERIA_MET,
            themes=["Professional curiosity", "Mental ill health"],
            summary="A baby we call Oliver.\nSecond paragraph.",
        ),
    )
    cr.change_review_status(database, oliver, CaseReviewStatus.DECIDED, D(2025, 5, 20), "Partners agreed")
    first = cr.add_recommendation(database, oliver, "Ask about dogs in the home.")
    cr.add_recommendation(database, oliver, "Share concerns within a day.")
    cr.add_recommendation_action(
        database, first, world["meetings"][0], me.ActionFields("Brief health visitors", due_date=D(2025, 9, 1))
    )
    cr.record_case_review(database, fields(world, name="Amelia", notified=D(2025, 7, 1)))
    return database


def cells(path) -> dict[str, list[list]]:
    book = openpyxl.load_workbook(path)
    return {name: [[cell.value for cell in row] for row in book[name].iter_rows()] for name in book.sheetnames}


def test_the_round_trip_is_exact(reviewed, empty_database_factory, tmp_path):
    first = tmp_path / "first.xlsx"
    export_workbook(reviewed, first)
    exported = cells(first)
    assert [row[0] for row in exported["CaseReviews"][1:]] == ["CSPR-2025-01", "RR-2025-01"]
    assert exported["CaseReviews"][1][17] == "Mental ill health; Professional curiosity"
    assert exported["Recommendations"][1:] == [
        ["CSPR-2025-01", 1, "Ask about dogs in the home."],
        ["CSPR-2025-01", 2, "Share concerns within a day."],
    ]
    action = next(row for row in exported["Actions"][1:] if row[9])
    assert action[2] == "CSPR-2025-01/1.1" and action[9:] == ["CSPR-2025-01", 1]
    assert "Domestic homicide review" in [row[0] for row in exported["ReviewKinds"]]

    fresh = empty_database_factory(backend_of(reviewed))
    import_workbook(fresh, first)
    second = tmp_path / "second.xlsx"
    export_workbook(fresh, second)
    assert cells(second) == exported
    detail = review_detail(fresh, case_review_list(fresh)[1].id)
    assert [r.number for r in detail.recommendations] == [1, 2]
    assert [a.reference for a in detail.recommendations[0].actions] == ["CSPR-2025-01/1.1"]
    # Imported again, nothing changes.
    summary = import_workbook(fresh, second)
    assert summary.added == 0 and summary.updated == 0


@pytest.mark.parametrize(
    ("sheet", "column", "value", "message"),  # the problem is named at the column changed, unless said
    [
        ("CaseReviews", "Kind", "Serious case review", "There is no kind of review called 'Serious case review'"),
        ("CaseReviews", "Referred by", "Nowhere Agency", "There is no agency called 'Nowhere Agency'"),
        ("CaseReviews", "Rapid review held", D(2020, 1, 1), "is before the notification"),
        ("CaseReviews", "Decision", None, "A decision date needs its outcome"),
        ("CaseReviews", "Published", D(2025, 12, 1), "Signed off: must have been signed off by the board first"),
        ("CaseReviews", "Status", "Closed", "1 of its actions on the Actions sheet or in the database are still open"),
        ("CaseReviews", "Learning themes", "Homelessness", "There is no learning theme called 'Homelessness'"),
        ("Recommendations", "Reference", "CSPR-2031-09", "There is no case review called 'CSPR-2031-09'"),
    ],
)
def test_a_bad_row_is_named_by_sheet_row_and_column_and_nothing_changes(
    reviewed, tmp_path, sheet, column, value, message
):
    path = tmp_path / "reviews.xlsx"
    export_workbook(reviewed, path)
    book = openpyxl.load_workbook(path)
    headers = [cell.value for cell in book[sheet][1]]
    book[sheet].cell(row=2, column=headers.index(column) + 1).value = value
    book.save(path)
    before = [(row.reference, row.status, row.stages) for row in case_review_list(reviewed)]
    with pytest.raises(WorkbookImportError) as refused:
        import_workbook(reviewed, path)
    named, _, message = message.rpartition(": ") if message.startswith("Signed off: ") else (column, "", message)
    problem = next(p for p in refused.value.problems if message in p.message)
    assert (problem.sheet, problem.row, problem.column) == (sheet, 2, named)
    assert [(row.reference, row.status, row.stages) for row in case_review_list(reviewed)] == before


def test_finance_exports_the_workbook_without_the_reviews(reviewed, tmp_path):
    reviewed.actor = Actor("fran", "Fran Finance", frozenset({UserRole.FINANCE}))
    path = tmp_path / "finance.xlsx"
    export_workbook(reviewed, path)
    exported = cells(path)
    assert all(len(exported[name]) == 1 for name in SHEETS[:5])
    assert all(row[9] is None for row in exported["Actions"][1:])
