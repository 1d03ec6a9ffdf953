from board_admin.domain.enums import AttendanceStatus
from board_admin.domain.quorum import QuorumLine, QuorumRule, assess_quorum

P, A, X, D = AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT, AttendanceStatus.DEPUTY


def lines(*entries):
    return [QuorumLine(agency, statutory, status) for agency, statutory, status in entries]


def test_minimum_number_present_counts_deputies_but_not_apologies():
    register = lines(("Council", True, P), ("Police", True, D), ("Health", True, A), ("Probation", False, X))
    assert assess_quorum(QuorumRule(minimum=2), register).quorate
    result = assess_quorum(QuorumRule(minimum=3), register)
    assert not result.quorate
    assert result.present == 2
    assert result.describe() == "Not quorate: 2 members present (quorum 3)."


def test_every_statutory_partner_with_a_seat_must_be_represented():
    register = lines(("Council", True, P), ("Police", True, A), ("Health", True, P), ("Probation", False, P))
    result = assess_quorum(QuorumRule(minimum=2, statutory_partners_required=True), register)
    assert not result.quorate
    assert result.missing_partners == ("Police",)
    assert "not represented: Police" in result.describe()


def test_a_deputy_represents_the_members_agency():
    register = lines(("Council", True, P), ("Police", True, D), ("Police", True, A), ("Health", True, P))
    result = assess_quorum(QuorumRule(statutory_partners_required=True), register)
    assert result.quorate
    assert result.describe() == "Quorate: 3 members present."


def test_unrecorded_lines_do_not_count():
    register = lines(("Council", True, None), ("Police", True, None))
    assert not assess_quorum(QuorumRule(minimum=1), register).quorate


def test_no_rule_is_said_in_words():
    result = assess_quorum(QuorumRule(), lines(("Council", True, P)))
    assert result.quorate and not result.rule_set
    assert result.describe() == "No quorum rule is set for this group; 1 member present."
