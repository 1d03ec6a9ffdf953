"""The decision register's rules: references, paragraphs, which record a paragraph keeps."""

from __future__ import annotations

from board_admin.domain.decisions import decision_reference, group_code, match_decisions, split_decisions
from board_admin.domain.financial_year import FinancialYear


def test_a_reference_names_the_group_the_year_and_the_number():
    assert decision_reference("Safeguarding Children Partnership Board", "SCPB", FinancialYear(2025), 7) == (
        "SCPB-2025-26-D07"
    )
    assert decision_reference("Safeguarding Children Partnership Board", None, FinancialYear(2024), 12) == (
        "SCPB-2024-25-D12"
    )


def test_without_a_short_name_the_initials_leave_out_the_small_words():
    assert group_code("Quality and Effectiveness Group (Children)", None) == "QEGC"
    assert group_code("Any name", "  q e g ") == "QEG"


def test_a_short_name_of_several_words_keeps_its_acronyms_and_the_initials_of_the_rest():
    assert group_code("Children's Consultation and Development Forum", "CDF Children") == "CDFC"
    assert group_code("Child Sexual Abuse Task and Finish Group", "CSA T&F") == "CSATF"
    assert group_code("Safeguarding Adults Review Group", "SAR Group") == "SARG"


def test_each_non_blank_line_is_one_decision():
    assert split_decisions("Approved.\n\n  Asked for a report.  \n") == ["Approved.", "Asked for a report."]
    assert split_decisions(None) == []


def test_kept_words_keep_their_record_and_a_reworded_one_keeps_its_place():
    assert match_decisions(["A", "B", "C"], ["C", "A"]) == [2, 0]
    assert match_decisions(["A", "B"], ["A", "B changed", "New"]) == [0, 1, None]
    assert match_decisions([], ["A"]) == [None]
