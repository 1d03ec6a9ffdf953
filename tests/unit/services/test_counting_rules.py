"""The counting rules through the services, the reports and the minutes, on a real database (SQLite and
PostgreSQL): the settings that are refused, a member entered late, the quorum's voting roles in the
register and the minutes, approved minutes that never change, and notices for meetings that did not happen."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from docx import Document
from sqlalchemy import select

from board_admin.db.models import Group, Membership
from board_admin.domain.attendance import AttendanceThresholds, Period
from board_admin.domain.enums import ActionStatus, AttendanceStatus, GroupKind, MemberRole, Rag, Sector
from board_admin.domain.errors import ValidationError
from board_admin.domain.quorum import DEFAULT_COUNTING_ROLES
from board_admin.exporters.minutes import export_minutes
from board_admin.reports import meetings as r
from board_admin.reports.attendance import attendance_report, attendance_thresholds
from board_admin.services import meetings as m
from board_admin.services import minutes as mn
from board_admin.services import structure as s
from board_admin.services.settings import save_attendance_thresholds

P, A = AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES
D = dt.date
YEAR = Period(D(2026, 4, 1), D(2027, 3, 31))


def build(database):
    """A board of four voting members, an observer and a minute-taker, with three held meetings whose
    registers were taken, one register never taken, and one meeting still to come."""
    council = s.create_agency(database, s.AgencyFields("Council", Sector.LOCAL_AUTHORITY, statutory_partner=True))
    police = s.create_agency(database, s.AgencyFields("Police", Sector.POLICE, statutory_partner=True))
    people = {
        name: s.create_person(database, s.PersonFields(name, agency))
        for name, agency in (
            ("Ann Chair", council),
            ("Bob Member", council),
            ("Cat Member", police),
            ("Dan Member", police),
            ("Oli Observer", police),
            ("Mia Minutes", council),
            ("Lea Late", police),
        )
    }
    board = s.create_group(database, s.GroupFields("Board", GroupKind.BOARD, quorum=3))
    start = D(2026, 1, 1)
    for name, role in (
        ("Ann Chair", MemberRole.CHAIR),
        ("Bob Member", MemberRole.MEMBER),
        ("Cat Member", MemberRole.MEMBER),
        ("Dan Member", MemberRole.MEMBER),
        ("Oli Observer", MemberRole.OBSERVER),
        ("Mia Minutes", MemberRole.MINUTE_TAKER),
    ):
        s.add_membership(database, s.MembershipFields(board, people[name], role, start))
    meetings = {}
    for day in (D(2026, 5, 5), D(2026, 6, 2), D(2026, 7, 7), D(2026, 8, 4), D(2027, 1, 5)):
        meetings[day] = m.create_meeting(database, m.MeetingFields(board, day))
    for day in (D(2026, 5, 5), D(2026, 6, 2), D(2026, 7, 7), D(2026, 8, 4)):
        m.mark_held(database, meetings[day])
    # The first three registers: Ann, Bob and the observer and minute-taker present; Cat and Dan apologies.
    for day in (D(2026, 5, 5), D(2026, 6, 2), D(2026, 7, 7)):
        for name in ("Ann Chair", "Bob Member", "Oli Observer", "Mia Minutes"):
            m.set_attendance(database, meetings[day], people[name], P)
        for name in ("Cat Member", "Dan Member"):
            m.set_attendance(database, meetings[day], people[name], A)
    return board, people, meetings


def stored_group(database, group_id):
    with database.session() as session:
        group = session.get(Group, group_id)
        return (group.version, group.quorum, group.quorum_roles)


def test_settings_that_no_meeting_could_meet_are_refused_and_nothing_changes(database):
    board, _people, _meetings = build(database)
    before = stored_group(database, board)
    fields = s.GroupFields("Board", GroupKind.BOARD, quorum=3, counting_roles=frozenset())
    with pytest.raises(ValidationError) as caught:
        s.update_group(database, board, fields)
    assert caught.value.field == "counting_roles" and "at least one role" in caught.value.message
    # Four voting members (chair and three members): a quorum of five could never be met.
    with pytest.raises(ValidationError) as caught:
        s.update_group(database, board, s.GroupFields("Board", GroupKind.BOARD, quorum=5))
    assert caught.value.field == "quorum"
    assert "more than the 4 voting members" in caught.value.message
    # Counting the observer too, five is possible.
    with_observer = DEFAULT_COUNTING_ROLES | {MemberRole.OBSERVER}
    assert stored_group(database, board) == before
    s.update_group(database, board, s.GroupFields("Board", GroupKind.BOARD, quorum=5, counting_roles=with_observer))
    assert stored_group(database, board)[1:] == (5, "chair,vice_chair,member,deputy,observer,lay_member")

    thresholds = attendance_thresholds(database)
    for bad in (AttendanceThresholds(minimum_rate=150), AttendanceThresholds(green_from=-1)):
        with pytest.raises(ValidationError) as caught:
            save_attendance_thresholds(database, bad)
        assert "from 0 to 100" in caught.value.message
    assert attendance_thresholds(database) == thresholds


def test_the_quorum_and_the_minutes_count_only_voting_members(database, tmp_path):
    board, people, meetings = build(database)
    register = r.register(database, meetings[D(2026, 5, 5)])
    # Ann and Bob vote; the observer and the minute-taker were there but do not count: 2 of a quorum of 3.
    assert (register.quorum.present, register.quorum.quorate) == (2, False)
    assert [line.person_name for line in register.in_attendance] == ["Oli Observer", "Mia Minutes"]

    export_minutes(database, meetings[D(2026, 5, 5)], tmp_path / "minutes.docx")
    text = [paragraph.text for paragraph in Document(str(tmp_path / "minutes.docx")).paragraphs]
    present = text[text.index("Present") + 1 : text.index("In attendance")]
    assert present == ["Ann Chair (Council, Chair)", "Bob Member (Council)"]
    assert "Oli Observer (Police, Observer)" in text and "Mia Minutes (Council, Minute-taker)" in text
    assert text.index("Oli Observer (Police, Observer)") > text.index("In attendance")
    assert "Not quorate: 2 members present (quorum 3)." in text

    report = attendance_report(database, YEAR, [board])
    [group] = report.groups
    assert (group.quorate, group.not_quorate) == (0, 3)


def test_a_member_entered_after_three_registers_is_left_off_them_or_added_as_not_recorded(database):
    board, people, meetings = build(database)
    # The register of 04/08 was never taken; Lea is entered now, from 01/04.
    late = s.add_membership(database, s.MembershipFields(board, people["Lea Late"], MemberRole.MEMBER, D(2026, 4, 1)))
    assert s.registers_left_off(database, late) == [D(2026, 5, 5), D(2026, 6, 2), D(2026, 7, 7)]
    assert "Lea Late" not in [line.person_name for line in r.register(database, meetings[D(2026, 6, 2)]).lines]

    report = attendance_report(database, YEAR, [board])
    lea = next(row for row in report.people if row.person_name == "Lea Late")
    # Only the meeting of 04/08, whose register is missing: not recorded, no rate, not flagged.
    assert (lea.held, lea.not_recorded, lea.rate, lea.serial) == (1, 1, None, False)

    assert s.add_to_past_registers(database, late) == 3
    assert s.registers_left_off(database, late) == []
    june = r.register(database, meetings[D(2026, 6, 2)])
    assert [line.status for line in june.lines if line.person_name == "Lea Late"] == [None]
    report = attendance_report(database, YEAR, [board])
    lea = next(row for row in report.people if row.person_name == "Lea Late")
    assert (lea.held, lea.not_recorded, lea.rate, lea.serial) == (4, 4, None, False)
    cat = next(row for row in report.people if row.person_name == "Cat Member")
    assert (cat.rate, cat.serial, cat.not_recorded) == (0, True, 1)  # three recorded apologies in a row
    assert [line.outcome for line in lea.meetings] == ["Not recorded"] * 3 + ["Register missing"]
    [group] = report.groups
    assert group.registers_missing == (D(2026, 8, 4),)
    assert [(row.meeting_date, row.problem) for row in report.completeness][-1] == (D(2026, 8, 4), "Register missing")


def test_a_member_entered_late_is_offered_only_the_registers_after_the_last_approved_minutes(database):
    """Walk-through fault: the question offered every earlier register, then "Add to the registers" was refused
    for the approved ones and added the member to none. Approved registers stay as approved; the later ones
    are offered and taken."""
    from board_admin.services import minutes as mn

    board, people, meetings = build(database)
    mn.approve_minutes(database, meetings[D(2026, 5, 5)], meetings[D(2026, 6, 2)])
    late = s.add_membership(database, s.MembershipFields(board, people["Lea Late"], MemberRole.MEMBER, D(2026, 4, 1)))
    assert s.registers_left_off(database, late) == [D(2026, 6, 2), D(2026, 7, 7)]

    assert s.add_to_past_registers(database, late) == 2
    assert s.registers_left_off(database, late) == []
    on = {
        day: "Lea Late" in [line.person_name for line in r.register(database, meetings[day]).lines] for day in meetings
    }
    assert on[D(2026, 5, 5)] is False and on[D(2026, 6, 2)] is True and on[D(2026, 7, 7)] is True


def test_a_member_entered_before_any_register_is_simply_on_them(database):
    board, people, meetings = build(database)
    # A membership starting after the registers taken is on every later register, with nothing to ask.
    later = s.add_membership(database, s.MembershipFields(board, people["Lea Late"], MemberRole.MEMBER, D(2026, 7, 8)))
    assert s.registers_left_off(database, later) == []
    with database.session() as session:
        assert session.get(Membership, later).registers_from is None


def test_approved_minutes_export_the_same_file_a_month_later_after_their_actions_change(
    database, tmp_path, monkeypatch
):
    board, people, meetings = build(database)
    june, july = meetings[D(2026, 6, 2)], meetings[D(2026, 7, 7)]
    earlier = m.create_action(database, meetings[D(2026, 5, 5)], m.ActionFields("Write the neglect strategy"))
    action = m.create_action(
        database,
        june,
        m.ActionFields("Circulate the toolkit", owner_id=people["Bob Member"], due_date=D(2026, 6, 30)),
    )
    m.set_action_status(database, action, ActionStatus.IN_PROGRESS, Rag.AMBER)
    mn.approve_minutes(database, june, july)

    first, second = tmp_path / "first.docx", tmp_path / "second.docx"
    export_minutes(database, june, first, D(2026, 7, 8))
    # A month later: the action is done and the earlier one dropped, and the clock has moved on.
    m.set_action_status(database, action, ActionStatus.DONE, Rag.GREEN)
    m.set_action_status(database, earlier, ActionStatus.DROPPED)
    month_later = time.time() + 31 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: month_later)
    export_minutes(database, june, second, D(2026, 8, 8))

    assert first.read_bytes() == second.read_bytes()
    document = Document(str(first))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["B-002", "Circulate the toolkit", "Bob Member (Council)", "30/06/2026", "In progress (Amber)"] in rows
    assert any("Write the neglect strategy" in row for row in rows)  # carried into June, as it stood
    assert document.core_properties.modified.date() == D(2026, 7, 7)  # dated by the approval, not the export

    # Draft minutes are not a record yet: they show the actions as they stand.
    export_minutes(database, july, tmp_path / "july.docx")
    mn.withdraw_approval(database, june)
    export_minutes(database, june, tmp_path / "draft.docx")
    rows = [
        [cell.text for cell in row.cells]
        for table in Document(str(tmp_path / "draft.docx")).tables
        for row in table.rows
    ]
    assert any(row[-1] == "Done (Green)" for row in rows)


def test_a_cancelled_or_postponed_meeting_has_a_notice_not_minutes(database, tmp_path):
    board, people, meetings = build(database)
    january = meetings[D(2027, 1, 5)]
    m.add_standard_agenda(database, january)
    m.cancel_meeting(database, january, "The chair is unwell")
    content = export_minutes(database, january, tmp_path / "cancelled.docx")
    assert content.meeting.minutes_document == "cancellation notice"
    text = "\n".join(paragraph.text for paragraph in Document(str(tmp_path / "cancelled.docx")).paragraphs)
    assert "Notice of cancellation: the meeting due on Tuesday 5 January 2027" in text
    assert "The chair is unwell" in text and "Minutes of the meeting" not in text and "quorate" not in text
    assert "Matters arising and action log" in text  # its business, to be taken later

    m.mark_planned(database, january)
    moved_to = m.postpone_meeting(database, january, D(2027, 1, 19))
    content = export_minutes(database, january, tmp_path / "postponed.docx")
    assert content.meeting.minutes_document == "postponement notice"
    text = "\n".join(paragraph.text for paragraph in Document(str(tmp_path / "postponed.docx")).paragraphs)
    assert "It will now be held on Tuesday 19 January 2027." in text
    assert "will be taken at the meeting on Tuesday 19 January 2027" in text
    assert "Minutes of the meeting" not in text
    # The meeting it moved to has minutes of its own.
    assert export_minutes(database, moved_to, tmp_path / "new.docx").meeting.minutes_document == "minutes"

    with database.session() as session:
        assert session.scalar(select(Group.quorum).where(Group.id == board)) == 3
