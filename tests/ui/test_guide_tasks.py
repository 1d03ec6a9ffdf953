"""The user guide's tasks (docs/guide.md), followed on the demo database as a new user follows them: every
button, tab, field and menu is found by the words the guide quotes, clicked or typed into, and the database
is checked afterwards. When a screen's words change, this fails until the guide says what the screen says."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from board_admin.db.backup import backup_sqlite_file
from board_admin.db.engine import open_database, sqlite_url
from board_admin.domain.enums import AttendanceStatus, ChallengeStatus, MeetingStatus
from board_admin.domain.financial_year import FinancialYear
from board_admin.reports import funding as funding_report
from board_admin.reports import lists
from board_admin.reports import meetings as meeting_reports
from board_admin.reports.accounts import account_rows
from board_admin.reports.challenges import challenge_log
from board_admin.services.accounts import sign_in
from board_admin.ui.date_field import DateField
from board_admin.ui.main_window import PAGES
from tests.ui.conftest import TODAY, open_messages, type_date

# One worker runs this module under xdist: the demo, built once for the module, not once per worker.
pytestmark = pytest.mark.xdist_group("test_guide_tasks")

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")


def words(text: str) -> str:
    return text.replace("&", "").strip()


def in_guide(*names: str) -> None:
    """The guide quotes each name in bold, as the screen shows it."""
    for name in names:
        assert f"**{name}**" in GUIDE, f"the guide does not name '{name}'"


def button(parent: QWidget, text: str) -> QAbstractButton:
    found = [b for b in parent.findChildren(QAbstractButton) if words(b.text()) == text and b.isVisible()]
    assert len(found) == 1, f"{len(found)} buttons '{text}' in {type(parent).__name__}"
    return found[0]


def click(qtbot, parent: QWidget, text: str) -> None:
    in_guide(text)
    target = button(parent, text)
    assert target.isEnabled(), f"'{text}' is greyed out"
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)


def field(parent: QWidget, label: str) -> QWidget:
    """The control beside a label in a form, as the user finds it."""
    for form in parent.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            name = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            control = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if name and control and name.widget() and words(name.widget().text()).rstrip(":") == label:
                return control.widget()
    raise AssertionError(f"no field '{label}' in {type(parent).__name__}")


def type_into(qtbot, parent: QWidget, label: str, text: str) -> None:
    in_guide(label)
    control = field(parent, label)
    if isinstance(control, DateField):
        control.edit.clear()
        qtbot.keyClicks(control.edit, text)
    elif isinstance(control, (QPlainTextEdit, QTextEdit, QLineEdit)):
        control.clear()
        qtbot.keyClicks(control, text)
    else:
        raise AssertionError(f"'{label}' is a {type(control).__name__}, not a text field")


def choose(parent: QWidget | QComboBox, label_or_combo, text: str) -> None:
    combo = label_or_combo if isinstance(label_or_combo, QComboBox) else field(parent, label_or_combo)
    position = combo.findText(text)
    assert position >= 0, f"'{text}' is not offered"
    combo.setCurrentIndex(position)


def open_tab(tabs: QTabWidget, name: str) -> None:
    in_guide(name)
    names = [words(tabs.tabText(position)) for position in range(tabs.count())]
    assert name in names, f"no tab '{name}' in {names}"
    tabs.setCurrentIndex(names.index(name))


def menu_item(window, menu: str, item: str):
    in_guide(menu, item)
    top = next(action for action in window.menuBar().actions() if words(action.text()) == menu)
    return next(action for action in top.menu().actions() if words(action.text()) == item)


def save_as(monkeypatch, path: Path) -> None:
    """The save dialog is the system's own: the user types the file's name and chooses Save."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(path), "")))


def shown_dialog(parent: QWidget, kind: str) -> QWidget:
    """The dialog of that kind the last click opened."""
    found = [widget for widget in parent.findChildren(QWidget) if type(widget).__name__ == kind and widget.isVisible()]
    assert len(found) == 1, f"{len(found)} {kind} open"
    return found[0]


def message_titles() -> list[str]:
    return [box.windowTitle() for box in open_messages()]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """The demo is built once; each task starts from a fresh copy of it."""
    from board_admin.demo import build_demo_data

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database = open_database(sqlite_url(path))
    build_demo_data(database, TODAY)
    database.dispose()
    return path


@pytest.fixture
def demo(demo_file, tmp_path):
    copy = tmp_path / "demo.sqlite"
    backup_sqlite_file(demo_file, copy)
    database = open_database(sqlite_url(copy))
    yield database
    database.dispose()


@pytest.fixture
def signed_in(demo, make_window):
    def as_user(username: str):
        sign_in(demo, username, "demo")
        return make_window(demo)

    return as_user


def wait_for_jobs(qtbot, owner) -> None:
    qtbot.waitUntil(lambda: not any(job.running for job in getattr(owner, "jobs", [])), timeout=30_000)


# --- getting started -------------------------------------------------------------------------------------


def test_find_your_way_around(signed_in):
    window = signed_in("admin")
    in_guide(*[entry.title for entry in PAGES])
    assert menu_item(window, "File", "Change password…").isEnabled()
    assert menu_item(window, "View", "Refresh").shortcut().toString() == "F5"
    assert menu_item(window, "Help", "Help for this screen").shortcut().toString() == "F1"
    assert menu_item(window, "Help", "User guide")
    in_guide("Dashboard")


# --- administrators --------------------------------------------------------------------------------------


def test_schedule_a_year_of_meetings(signed_in, demo, qtbot):
    window = signed_in("admin")
    window.show_page_by_key("meetings")
    page = window.page("meetings")
    before = len(lists.meeting_rows(demo))
    click(qtbot, page, "Generate schedule…")
    dialog = page.dialog
    group = "Training and Development Subgroup"
    choose(dialog, "Group", group)
    choose(dialog, "How often", "Quarterly")
    in_guide("On a weekday of the month", "Week", "Weekday", "Starts", "Ends", "From", "To", "Skip dates", "Location")
    assert button(dialog, "On a weekday of the month").isChecked()
    choose(dialog, "Week", "Third")
    choose(dialog, "Weekday", "Wednesday")
    type_into(qtbot, dialog, "Location", "Room 4, Scott House")
    in_guide("Dates")
    preview = field(dialog, "Dates").text()
    assert preview.startswith("Quarterly, third Wednesday") and "meetings." in preview
    click(qtbot, dialog, "OK")
    assert message_titles() == ["Schedule generated"]
    added = [row for row in lists.meeting_rows(demo) if row.location == "Room 4, Scott House"]
    assert len(lists.meeting_rows(demo)) == before + len(added) and added
    assert all(row.meeting_date.weekday() == 2 and row.status is MeetingStatus.PLANNED for row in added)


def open_a_meeting(window, qtbot, wanted):
    """Meetings, select the meeting in the list, Open."""
    window.show_page_by_key("meetings")
    page = window.page("meetings")
    proxy = page.proxy
    for position in range(proxy.rowCount()):
        if wanted(proxy.row_at(proxy.index(position, 0))):
            page.table.selectRow(position)
            break
    else:
        raise AssertionError("no such meeting in the list")
    click(qtbot, page, "Open")
    return page.windows[-1]


def test_take_the_register(signed_in, demo, qtbot):
    window = signed_in("admin")
    # The next planned meeting: it takes place, and its register is taken.
    meeting = open_a_meeting(window, qtbot, lambda row: row.status is MeetingStatus.PLANNED)
    qtbot.waitExposed(meeting)
    open_tab(meeting.tabs, "Details")
    click(qtbot, meeting, "Mark held")
    assert meeting_reports.meeting_detail(demo, meeting.meeting_id).status is MeetingStatus.HELD
    open_tab(meeting.tabs, "Register")
    table = meeting.register_table
    table.selectRow(0)
    first = meeting.register_proxy.row_at(meeting.register_proxy.index(0, 0))
    click(qtbot, meeting, "Apologies (A)")
    table.selectRow(1)
    qtbot.keyClick(table, Qt.Key.Key_X)  # "or press the letter"
    in_guide("Present (P)", "Deputy… (D)", "Add guest…", "In attendance (not members)")
    button(meeting, "Deputy… (D)")
    button(meeting, "Add guest…")
    click(qtbot, meeting, "All others present")
    register = meeting_reports.register(demo, meeting.meeting_id)
    statuses = {line.person_id: line.status for line in register.lines}
    assert statuses[first.person_id] is AttendanceStatus.APOLOGIES
    assert list(statuses.values()).count(AttendanceStatus.ABSENT) == 1
    assert None not in statuses.values()
    assert list(statuses.values()).count(AttendanceStatus.PRESENT) == len(statuses) - 2
    meeting.close()


def test_write_and_send_the_minutes(signed_in, demo, qtbot, tmp_path, monkeypatch):
    window = signed_in("admin")
    meeting = open_a_meeting(
        window, qtbot, lambda row: row.status is MeetingStatus.PLANNED and row.meeting_date > TODAY
    )
    open_tab(meeting.tabs, "Agenda and minutes")
    in_guide("New item", "Move up", "Move down", "Matters arising")
    click(qtbot, meeting, "Standard agenda")
    items = meeting_reports.agenda(demo, meeting.meeting_id)
    assert len(items) >= 5
    save_as(monkeypatch, tmp_path / "agenda.docx")
    click(qtbot, meeting, "Export agenda…")
    wait_for_jobs(qtbot, meeting)
    assert (tmp_path / "agenda.docx").is_file()

    meeting.agenda_table.selectRow(2)
    type_into(qtbot, meeting, "Minutes", "The minutes of the last meeting were agreed as a true record.")
    type_into(qtbot, meeting, "Decisions", "Approved.")
    type_into(qtbot, meeting, "Presenter", "The Chair")
    in_guide("Paper reference")
    field(meeting, "Paper reference")
    click(qtbot, meeting, "Save item")
    saved = meeting_reports.agenda(demo, meeting.meeting_id)[2]
    assert (saved.minutes, saved.decisions, saved.presenter) == (
        "The minutes of the last meeting were agreed as a true record.",
        "Approved.",
        "The Chair",
    )
    assert meeting.agenda_proxy.index(2, 4).data() == "Yes"  # the Minuted column
    open_tab(meeting.tabs, "Actions")
    click(qtbot, meeting, "New action…")
    action = shown_dialog(meeting, "ActionDialog")
    type_into(qtbot, action, "Action", "Circulate the revised escalation policy to every member.")
    choose(action, "Owner", field(action, "Owner").itemText(1))
    in_guide("Agency", "Due by", "Status", "RAG")
    choose(action, "RAG", "Amber")
    click(qtbot, action, "OK")
    assert not action.isVisible()
    recorded = [row.description for row in meeting_reports.meeting_actions(demo, meeting.meeting_id)]
    assert "Circulate the revised escalation policy to every member." in recorded
    save_as(monkeypatch, tmp_path / "minutes.docx")
    click(qtbot, meeting, "Export minutes…")
    wait_for_jobs(qtbot, meeting)
    assert (tmp_path / "minutes.docx").is_file()


def test_sending_to_members(signed_in, demo, qtbot, monkeypatch, tmp_path):
    import email
    from email import policy

    from PySide6.QtGui import QDesktopServices

    monkeypatch.setenv("BOARD_ADMIN_DATA_DIR", str(tmp_path / "data"))
    opened: list[Path] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True)
    window = signed_in("admin")
    meeting = open_a_meeting(
        window,
        qtbot,
        lambda row: row.group_name == "Safeguarding Children Partnership Board" and row.status is MeetingStatus.HELD,
    )
    click(qtbot, meeting, "Send to members…")
    send = shown_dialog(meeting, "SendDialog")
    click(qtbot, send, "Send the minutes")
    # The demo's NSPCC member has no email address: named before anything opens.
    listed = [send.left_out.item(row, 0).text() for row in range(send.left_out.rowCount())]
    assert listed == ["Farah Siddiqui (member)"] and opened == []
    in_guide("Send the agenda pack", "Send the agenda", "Remind action owners", "Change the wording…")
    click(qtbot, send, "Open the draft in my mail program")
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=30_000)
    with opened[0].open("rb") as handle:
        message = email.message_from_binary_file(handle, policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert [part.get_filename() for part in message.iter_attachments()] == [
        f"Safeguarding Children Partnership Board minutes {meeting.detail.meeting_date:%Y-%m-%d}.docx"
    ]
    opened[0].unlink()


def test_approve_the_minutes_at_a_later_meeting(signed_in, demo, qtbot):
    window = signed_in("admin")
    meeting = open_a_meeting(
        window, qtbot, lambda row: row.status is MeetingStatus.HELD and row.minutes_approved_on is None
    )
    open_tab(meeting.tabs, "Details")
    in_guide("Approved at the meeting of", "Circulated on")
    held_on = meeting_reports.meeting_detail(demo, meeting.meeting_id).meeting_date
    type_date(qtbot, field(meeting, "Circulated on").findChild(DateField), held_on + dt.timedelta(days=3))
    click(qtbot, meeting, "Mark circulated")
    combo = field(meeting, "Approved at the meeting of").findChild(QComboBox)
    later = meeting_reports.approval_choices(demo, meeting.meeting_id)[0]
    assert combo.currentData() == later.meeting_id  # the group's next meeting is offered first
    click(qtbot, meeting, "Approve minutes")
    detail = meeting_reports.meeting_detail(demo, meeting.meeting_id)
    assert detail.minutes_approved_at_id == later.meeting_id
    assert detail.approval.circulated_on == held_on + dt.timedelta(days=3)

    in_guide("Record an amendment…", "What was changed", "Why")
    click(qtbot, meeting, "Record an amendment…")
    dialog = meeting.details_panel.amendment_dialog
    type_into(qtbot, dialog, "What was changed", "Item 2: the date of the audit is 3 March.")
    type_into(qtbot, dialog, "Why", "A typing error.")
    click(qtbot, dialog, "OK")
    [amendment] = meeting_reports.minutes_amendments(demo, meeting.meeting_id)
    assert (amendment.change, amendment.reason) == ("Item 2: the date of the audit is 3 March.", "A typing error.")


def test_log_a_challenge(signed_in, demo, qtbot):
    window = signed_in("admin")
    window.show_page_by_key("challenges")
    page = window.page("challenges")
    before = {row.reference for row in challenge_log(demo, TODAY)}
    click(qtbot, page, "New…")
    dialog = page.dialog
    in_guide("Date raised", "Raised at meeting", "Raised by", "Response due")
    choose(dialog, "Agency challenged", "Cambridgeshire Constabulary")
    choose(dialog, "Theme", "Exploitation")
    choose(dialog, "Raised at group", "Exploitation Strategic Group")
    type_into(qtbot, dialog, "The challenge", "Return home interviews are not offered within 72 hours.")
    click(qtbot, dialog, "OK")
    added = [row for row in challenge_log(demo, TODAY) if row.reference not in before]
    assert len(added) == 1 and added[0].status is ChallengeStatus.OPEN
    assert re.fullmatch(r"CH-\d{4}-\d{3}", added[0].reference)
    assert page.current_row().reference == added[0].reference
    in_guide("Respond…", "Escalate…", "Close…", "More", "Edit…", "Change the status…", "Delete…", "Themes…")
    more = [words(action.text()) for action in button(page, "More").menu().actions() if action.text()]
    assert more == ["Edit…", "Change the status…", "Delete…", "Themes…"]


def test_manage_accounts(signed_in, demo, qtbot, monkeypatch):
    from board_admin.ui.dialogs.accounts import AccountDialog

    window = signed_in("admin")
    window.show_page_by_key("accounts")
    page = window.page("accounts")
    in_guide("Reset password…", "Disable")

    def fill_in(dialog: AccountDialog) -> int:
        dialog.show()
        type_into(qtbot, dialog, "User name", "jsmith")
        type_into(qtbot, dialog, "Name", "Jo Smith")
        in_guide("Roles")
        qtbot.mouseClick(
            button(dialog, "Chair: reads everything, exports, records challenge responses"), Qt.MouseButton.LeftButton
        )
        type_into(qtbot, dialog, "First password", "a-first-password")
        click(qtbot, dialog, "OK")
        return dialog.result()

    monkeypatch.setattr(AccountDialog, "exec", fill_in)
    click(qtbot, page, "New account…")
    added = next(row for row in account_rows(demo) if row.username == "jsmith")
    assert added.display_name == "Jo Smith"
    open_tab(page.tabs, "Audit trail")
    assert page.audit_proxy.rowCount() >= 1


# --- chairs ----------------------------------------------------------------------------------------------


def test_read_the_challenge_log_and_record_a_response(signed_in, demo, qtbot):
    window = signed_in("chair")
    window.show_page_by_key("challenges")
    page = window.page("challenges")
    in_guide("Status", "Not closed", "Agency", "Theme", "Group", "Period", "Overdue only")
    choose(page, page.status_filter, "Not closed")
    click(qtbot, page, "Overdue only")
    shown = page.shown_rows()
    assert shown and all(row.overdue and row.status is not ChallengeStatus.CLOSED for row in shown)
    assert "overdue" in page.counts.text()
    page.table.selectRow(0)
    chosen = page.current_row()
    assert chosen.reference in page.detail.toPlainText()
    open_tab(page.tabs, "By agency")
    assert page.summary_proxy.rowCount() >= 1
    open_tab(page.tabs, "Log")
    in_guide("Export…")
    assert button(page, "Export…").isEnabled()
    click(qtbot, page, "Respond…")
    dialog = page.dialog
    in_guide("Response date")
    type_into(qtbot, dialog, "Response", "The agency has agreed a new protocol with the hospital.")
    click(qtbot, dialog, "OK")
    after = next(row for row in challenge_log(demo, TODAY) if row.id == chosen.id)
    assert after.response == "The agency has agreed a new protocol with the hospital."
    assert after.status is ChallengeStatus.RESPONDED


# --- finance ---------------------------------------------------------------------------------------------


def test_open_a_financial_year(signed_in, demo, qtbot):
    window = signed_in("finance")
    window.show_page_by_key("funding")
    page = window.page("funding")
    latest = funding_report.financial_years(demo)[-1]
    following = latest.next()
    assert "**Open 2027-28…**" in GUIDE and "**Open 2027-28**" in GUIDE  # the guide's example year
    # The button names the year to open; the guide's example is the demo's as it is built today.
    qtbot.mouseClick(button(page, f"Open {following.label}…"), Qt.MouseButton.LeftButton)
    dialog = shown_dialog(page, "OpenYearDialog")
    carry = field(dialog, "Carry forward")
    first_line = carry.model().index(0, 0)
    carry.model().setData(first_line, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.mouseClick(button(dialog, f"Open {following.label}"), Qt.MouseButton.LeftButton)
    assert funding_report.financial_years(demo)[-1] == following
    opened = funding_report.funding_for_year(demo, following)
    assert any(line.source == f"Carried forward from {latest.label}" for line in opened.income_lines)
    assert page.selected_year() == following
    in_guide("Budget lines", "Add budget line…")


def test_record_contributions(signed_in, demo, qtbot):
    window = signed_in("finance")
    window.show_page_by_key("funding")
    page = window.page("funding")
    in_guide("Financial year", "Contributions from partner agencies", "Contributions outstanding")
    year = page.selected_year()
    section = page.contributions
    assert words(section.title()) == "Contributions from partner agencies"
    unpaid = next(row for row in funding_report.funding_for_year(demo, year).contributions if row.outstanding_pence)
    section.select_row(lambda row: row.id == unpaid.id)
    click(qtbot, section, "Edit…")
    dialog = shown_dialog(page, "ContributionDialog")
    in_guide("Agency", "Agreed", "Invoiced on", "In kind")
    type_into(qtbot, dialog, "Received", f"{unpaid.agreed_pence / 100:,.2f}")
    type_into(qtbot, dialog, "Received on", f"{min(TODAY, year.end):%d/%m/%Y}")
    click(qtbot, dialog, "OK")
    paid = next(row for row in funding_report.funding_for_year(demo, year).contributions if row.id == unpaid.id)
    assert paid.outstanding_pence == 0 and paid.received_pence == unpaid.agreed_pence
    in_guide("Status")
    assert "Paid in full" in GUIDE

    click(qtbot, page, "Contribution formula…")
    formula = shown_dialog(page, "FormulaDialog")
    in_guide("Total to share", "Percentage", "Propose amounts", "Save agreed amounts")
    button(formula, "Propose amounts")
    formula.reject()
    in_guide("Other income", "Add income…", "Spending", "Add spending…")
    open_tab(page.tabs, "Spending")
    button(page.spending, "Add spending…")


def test_export_the_contribution_sheet_and_the_statement(signed_in, demo, qtbot, tmp_path, monkeypatch):
    window = signed_in("finance")
    window.show_page_by_key("funding")
    page = window.page("funding")
    in_guide("Export", "Contribution sheet (Excel)…", "Financial statement (Excel or Word)…")
    menu: QMenu = button(page, "Export").menu()
    items = {words(action.text()): action for action in menu.actions()}
    for item, name in [
        ("Contribution sheet (Excel)…", "contributions.xlsx"),
        ("Financial statement (Excel or Word)…", "statement.docx"),
    ]:
        save_as(monkeypatch, tmp_path / name)
        items[item].trigger()
        wait_for_jobs(qtbot, page)
        assert (tmp_path / name).is_file(), name
    assert FinancialYear.containing(TODAY) == page.selected_year()


def test_the_reports_page_and_the_workbook(signed_in):
    window = signed_in("admin")
    in_guide("Export workbook…", "Import workbook…")
    assert menu_item(window, "File", "Export workbook…").shortcut().toString() == "Ctrl+Shift+E"
    assert menu_item(window, "File", "Import workbook…").isEnabled()
    window.show_page_by_key("reports")


# --- the screens rebuilt with the structure, people, attendance, dashboard and reports issues -------------


def test_set_up_the_structure(signed_in, demo, qtbot):
    window = signed_in("admin")
    window.show_page_by_key("groups")
    page = window.page("groups")
    click(qtbot, page, "New group…")
    dialog = shown_dialog(page, "GroupFormDialog")
    type_into(qtbot, dialog, "Name", "Online Safety Task and Finish Group")
    type_into(qtbot, dialog, "Short name", "Online T&F")
    choose(dialog, "Kind", "Task and finish group")
    choose(dialog, "Remit", "Children")
    choose(dialog, "Reports to", "Safeguarding Children Partnership Board")
    choose(dialog, "Meets", "Monthly")
    in_guide("Quorum", "Each statutory partner must be represented")
    type_into(qtbot, dialog, "Starts", f"{TODAY:%d/%m/%Y}")
    type_into(qtbot, dialog, "Ends", f"{TODAY + dt.timedelta(days=180):%d/%m/%Y}")
    click(qtbot, dialog, "OK")
    added = next(
        group for group in lists.group_rows(demo, TODAY) if group.name == "Online Safety Task and Finish Group"
    )
    assert page.selected_group().id == added.id

    in_guide("Show members on", "Today")
    click(qtbot, page, "Add member…")
    member = shown_dialog(page, "MemberFormDialog")
    person = field(member, "Person")
    person.setCurrentIndex(1)
    chosen_person = person.currentText()
    choose(member, "Role", "Chair")
    type_into(qtbot, member, "Ends", f"{TODAY + dt.timedelta(days=180):%d/%m/%Y}")
    in_guide("Agency represented")
    field(member, "Agency represented")
    click(qtbot, member, "OK")
    assert not member.isVisible()
    shown = [page.members_proxy.index(row, 0).data() for row in range(page.members_proxy.rowCount())]
    assert shown == [chosen_person.split(" (")[0]]  # the list offers "Name (agency)"
    in_guide("Add deputy…", "Change role…", "End membership…", "Show past members")
    in_guide("Edit group…", "Move under…", "Close group…", "Delete group…", "Show ended groups")
    open_tab(page.tabs, "Structure picture")
    in_guide("Structure on")
    click_text = "Save picture as PNG…"
    in_guide(click_text)
    button(page, click_text)


def test_add_agencies_and_people(signed_in, demo, qtbot):
    window = signed_in("admin")
    window.show_page_by_key("people")
    page = window.page("people")
    page.tabs.setCurrentIndex(0)
    in_guide("Agencies", "People")
    assert words(page.tabs.tabText(0)).startswith("Agencies")
    click(qtbot, page, "New agency…")
    dialog = shown_dialog(page, "AgencyFormDialog")
    type_into(qtbot, dialog, "Name", "Cambridgeshire Youth Service")
    type_into(qtbot, dialog, "Short name", "Youth Service")
    choose(dialog, "Sector", "Local Authority")
    in_guide("Statutory partner")
    field(dialog, "Statutory partner")
    click(qtbot, dialog, "Save")
    assert any(agency.name == "Cambridgeshire Youth Service" for agency in lists.agency_rows(demo))

    page.tabs.setCurrentIndex(1)
    click(qtbot, page, "New person…")
    person = shown_dialog(page, "PersonFormDialog")
    type_into(qtbot, person, "Name", "Sam Carter")
    choose(person, "Agency", "Cambridgeshire Youth Service")
    type_into(qtbot, person, "Job title", "Youth Service Manager")
    in_guide("Email", "Phone")
    click(qtbot, person, "Save")
    added = next(row for row in lists.person_rows(demo) if row.name == "Sam Carter")
    assert added.agency_name == "Cambridgeshire Youth Service"
    in_guide("Open…", "Make inactive", "Export membership by agency…")
    button(page, "Open…")
    button(page, "Export membership by agency…")


def test_the_dashboard(signed_in, qtbot):
    window = signed_in("chair")
    page = window.page("dashboard")
    for caption in page.tiles:
        in_guide(page.tiles[caption].caption)
    in_guide("Next meetings", "Overdue", "Registers to complete this year")
    qtbot.mouseClick(page.tiles["challenges"], Qt.MouseButton.LeftButton)
    assert window.current_page().key == "challenges"


def test_check_attendance_and_find_non_attenders(signed_in, qtbot, tmp_path, monkeypatch):
    window = signed_in("chair")
    window.show_page_by_key("attendance")
    page = window.page("attendance")
    in_guide("Period", "Other dates", "From", "To", "Groups", "All", "None", "With subgroups", "Only this")
    year = FinancialYear.containing(TODAY)
    # The year before: the demo's current year has only just begun.
    label = FinancialYear(year.start_year - 1).label
    choose(page, page.period_choice, f"Financial year {label}")
    qtbot.waitUntil(lambda: page.summary.text().startswith(f"Financial year {label},"))
    for name in ("All", "None", "With subgroups", "Only this"):
        button(page, name)
    open_tab(page.tabs, "By agency")
    in_guide("Band", "Matrix", "Registers to complete", "By group")
    open_tab(page.tabs, "By person")
    click(qtbot, page, "Serial non-attenders only")
    flagged = [page.person_proxy.row_at(page.person_proxy.index(row, 0)) for row in range(page.person_proxy.rowCount())]
    assert flagged and all(row.serial for row in flagged)
    in_guide("Why flagged")
    click(qtbot, page, "Thresholds…")
    thresholds = shown_dialog(page, "ThresholdsDialog")
    for label in ("Green from (%)", "Amber from (%)", "Meetings missed in a row", "Lowest acceptable rate (%)"):
        in_guide(label)
        assert not field(thresholds, label).isEnabled()  # a chair reads them; an administrator changes them
    thresholds.reject()
    save_as(monkeypatch, tmp_path / "attendance.xlsx")
    click(qtbot, page, "Export to Excel…")
    wait_for_jobs(qtbot, page)
    assert (tmp_path / "attendance.xlsx").is_file()
    in_guide("Export to Word…")


def test_reports_and_exports(signed_in, qtbot, tmp_path, monkeypatch):
    window = signed_in("chair")
    window.show_page_by_key("reports")
    page = window.page("reports")
    page.select("annual_pack")
    in_guide("Financial year", "Format", "Open last export")
    choose(page, page.file_format, "Excel workbook (.xlsx)")
    save_as(monkeypatch, tmp_path / "annual-pack.xlsx")
    click(qtbot, page, "Export…")
    qtbot.waitUntil(lambda: (tmp_path / "annual-pack.xlsx").is_file() and not page.busy, timeout=60_000)
    assert button(page, "Open last export").isEnabled()
