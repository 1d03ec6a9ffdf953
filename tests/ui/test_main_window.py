"""The main window on a real SQLite file: every page lists what is in the database, searches, sorts and
filters; the keyboard reaches every page; the window remembers its layout."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt

from board_admin import __version__
from board_admin.ui.main_window import PAGES
from board_admin.ui.pages import challenges, meetings, people, structure_parts
from board_admin.ui.table_model import ROW_ROLE, RowTableModel
from tests.sample_world import CHILDREN_BOARD, EDUCATION_FORUM, EXECUTIVE, NEGLECT, QEG
from tests.ui.conftest import TODAY, open_messages, type_date

# The offscreen platform used for tests cannot pass window size hints on; a real screen can.

NO_PARENT = QModelIndex()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def shown(proxy, column: int = 0) -> list[str]:
    """The texts of a column as the user sees them, in the order shown."""
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def shown_rows(proxy) -> list:
    return [proxy.index(row, 0).data(ROW_ROLE) for row in range(proxy.rowCount())]


def tree_texts(model, parent=NO_PARENT) -> dict[str, dict]:
    """The tree as nested dicts of the texts shown in its first column."""
    return {
        model.index(row, 0, parent).data(): tree_texts(model, model.index(row, 0, parent))
        for row in range(model.rowCount(parent))
    }


def test_opens_on_the_dashboard_with_the_database_in_the_status_bar(window, sqlite_database):
    assert window.current_page().key == "dashboard"
    assert window.database_label.text() == f"Database: {sqlite_database.describe()}"
    assert str(sqlite_database.sqlite_path) in window.database_label.text()
    assert "test.sqlite" in window.windowTitle()


def test_dashboard_tiles_show_the_report_figures(window):
    page = window.page("dashboard")
    # Five active agencies and six active people (Eve and her trust are inactive); four groups running.
    assert (page.figure("agencies"), page.figure("people"), page.figure("groups")) == ("5", "6", "4")
    # 2025-26 from 15/06/2025: 2 held of 6 planned, one cancelled.
    assert page.figure("meetings") == "2"
    assert page.tiles["meetings"].detail_label.text() == "of 6 planned in 2025-26; 1 cancelled"
    assert page.figure("actions") == "2" and page.tiles["actions"].detail_label.text() == "1 overdue"
    assert page.figure("challenges") == "3"
    assert "1 overdue" in page.tiles["challenges"].detail_label.text()
    assert page.tiles["challenges"].accessibleName().startswith("Open challenges: 3")
    assert shown(page.next_table.model(), 0) == [f"{days(n):%d/%m/%Y}" for n in (5, 20, 40)]
    assert shown(page.next_table.model(), 3) == [CHILDREN_BOARD, EXECUTIVE, CHILDREN_BOARD]
    assert shown(page.overdue_table.model()) == ["CH-2025-001"]


def test_a_dashboard_tile_opens_its_list(window, qtbot):
    tile = window.page("dashboard").tiles["challenges"]
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert window.current_page().key == "challenges"
    window.show_page(0)
    tile = window.page("dashboard").tiles["groups"]
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_Return)
    assert window.current_page().key == "groups"


def test_meetings_page_lists_every_meeting_newest_first(window):
    window.show_page_by_key("meetings")
    page = window.page("meetings")
    proxy = page.table.model()
    assert proxy.rowCount() == 9
    dates = [row.meeting_date for row in shown_rows(proxy)]
    assert dates == sorted(dates, reverse=True)
    texts = {proxy.index(row, 0).data(): row for row in range(proxy.rowCount())}
    cancelled = texts[f"{days(-30):%d/%m/%Y}"]
    assert proxy.index(cancelled, 3).data() == "Cancelled"
    assert proxy.index(cancelled, 5).data() == "Reason: Chair unwell"
    postponed = texts[f"{days(-10):%d/%m/%Y}"]
    assert proxy.index(postponed, 3).data() == "Postponed"
    assert proxy.index(postponed, 5).data() == f"Moved to {days(5):%d/%m/%Y}"
    first = texts[f"{days(-150):%d/%m/%Y}"]
    assert proxy.index(first, 1).data() == "10:00 to 12:00" and proxy.index(first, 4).data() == "Room 1"
    assert page.count.text() == "9 meetings"


def test_meetings_search_and_filters(window, qtbot):
    window.show_page_by_key("meetings")
    page = window.page("meetings")
    proxy = page.table.model()
    qtbot.keyClicks(page.search, "teams")
    assert shown(proxy, 4) == ["Virtual (Teams)"]
    page.search.clear()
    qtbot.keyClicks(page.search, "room CANCELLED")  # every word must match, in any column, any case
    assert proxy.rowCount() == 0
    page.search.clear()
    qtbot.keyClicks(page.search, "executive board")
    assert set(shown(proxy, 2)) == {EXECUTIVE} and proxy.rowCount() == 2
    assert page.count.text() == "2 of 9 meetings shown"
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == "" and proxy.rowCount() == 9

    page.group_filter.setCurrentIndex(page.group_filter.findText(CHILDREN_BOARD))
    assert set(shown(proxy, 2)) == {CHILDREN_BOARD} and proxy.rowCount() == 6
    page.status_filter.setCurrentIndex(page.status_filter.findText("Planned"))
    assert shown(proxy) == [f"{days(40):%d/%m/%Y}", f"{days(5):%d/%m/%Y}"]
    page.group_filter.setCurrentIndex(0)
    assert proxy.rowCount() == 3  # every planned meeting


def test_sorting_follows_the_values_not_the_text(window):
    window.show_page_by_key("meetings")
    page = window.page("meetings")
    proxy = page.table.model()
    page.table.sortByColumn(meetings.COLUMNS.index(meetings.DATE), Qt.SortOrder.AscendingOrder)
    dates = [row.meeting_date for row in shown_rows(proxy)]
    assert dates == sorted(dates)
    # dd/mm/yyyy text would sort by day of the month first; the dates here span several months.
    assert shown(proxy) != sorted(shown(proxy))
    page.table.sortByColumn(meetings.COLUMNS.index(meetings.GROUP), Qt.SortOrder.AscendingOrder)
    groups = shown(proxy, 2)
    assert groups == sorted(groups, key=str.casefold)
    for order, newest_first in [(Qt.SortOrder.DescendingOrder, True), (Qt.SortOrder.AscendingOrder, False)]:
        page.table.sortByColumn(meetings.COLUMNS.index(meetings.TIME), order)
        times = [row.start_time for row in shown_rows(proxy)]
        known = [time for time in times if time is not None]
        assert known == sorted(known, reverse=newest_first) and len(known) == 7
        assert times[len(known) :] == [None, None]  # blanks last either way


def test_structure_page_shows_the_tree_and_the_members(window, qtbot):
    window.show_page_by_key("groups")
    page = window.page("groups")
    tree = tree_texts(page.tree.model())
    assert tree == {
        EXECUTIVE: {
            CHILDREN_BOARD: {f"{EDUCATION_FORUM} (dotted line)": {}, QEG: {}},
        }
    }
    page.show_ended.setChecked(True)
    assert NEGLECT in tree_texts(page.tree.model())[EXECUTIVE][CHILDREN_BOARD]
    page.show_ended.setChecked(False)

    model = page.tree_model
    board = model.index_of(world_id(page, CHILDREN_BOARD))
    row = {model.columns[c].header: board.siblingAtColumn(c).data() for c in range(model.columnCount())}
    assert row == {
        "Group": CHILDREN_BOARD,
        "Kind": "Board",
        "Remit": "Children",
        "Meets": "Bi-monthly",
        "Chair": "Grace Lin",
        "Members": "3",
        "Term": "",
    }
    forum = model.index_of(world_id(page, EDUCATION_FORUM))
    assert forum.siblingAtColumn(1).data() == "Dotted-line forum" and forum.siblingAtColumn(4).data() == "No chair"

    page.tree.setCurrentIndex(page.tree.model().mapFromSource(board))
    assert page.members_heading.text() == f"Members of {CHILDREN_BOARD} today"
    members = page.members_table.model()
    assert shown(members) == ["Grace Lin", "Ben Okafor", "Frank Hollis"]
    assert shown(members, 1) == ["Chair", "Member", "Deputy"]
    assert shown(members, 5) == ["", "", "Ben Okafor"]
    assert shown(members, 3)[0] == f"{days(-199):%d/%m/%Y}"
    assert page.detail_labels["parent"].text() == EXECUTIVE

    type_date(qtbot, page.on_date, days(-250))
    assert shown(members) == ["Alison Reed", "Eve Marsh", "Ben Okafor", "Frank Hollis"]  # by role, then surname
    assert shown(members, 2)[1] == "Hinchingbrooke Hospitals NHS Trust"  # Eve Marsh's agency

    qtbot.keyClicks(page.search, "quality")
    assert tree_texts(page.tree.model()) == {EXECUTIVE: {CHILDREN_BOARD: {QEG: {}}}}


def world_id(page, name: str) -> int:
    rows = [page.tree_model.index(0, 0)]
    while rows:
        index = rows.pop()
        group = index.data(ROW_ROLE)
        if group.name == name:
            return group.id
        rows.extend(page.tree_model.index(r, 0, index) for r in range(page.tree_model.rowCount(index)))
    raise AssertionError(f"{name} is not in the tree")


def test_people_and_agencies_page(window, qtbot):
    window.show_page_by_key("people")
    page = window.page("people")
    agencies = page.agencies.table.model()
    assert agencies.rowCount() == 6
    police = shown(agencies).index("Cambridgeshire Constabulary")
    assert [agencies.index(police, c).data() for c in range(6)] == [
        "Cambridgeshire Constabulary",
        "Police",
        "Police",
        "Yes",
        "Yes",
        "2",
    ]
    people_proxy = page.people.table.model()
    assert people_proxy.rowCount() == 7
    eve = shown(people_proxy).index("Eve Marsh")
    assert [people_proxy.index(eve, c).data() for c in (1, 5)] == ["Hinchingbrooke Hospitals NHS Trust", "No"]
    page.people.status_filter.setCurrentIndex(page.people.status_filter.findText("Active only"))
    assert "Eve Marsh" not in shown(people_proxy) and people_proxy.rowCount() == 6
    assert page.tabs.tabText(0) == "A&gencies (6)" and page.tabs.tabText(1) == "&People (7)"

    page.tabs.setCurrentIndex(1)
    window.focus_search()
    assert page.search_field() is page.people.search
    qtbot.keyClicks(page.people.search, "police.uk")
    assert shown(people_proxy) == ["Ben Okafor"]
    page.people.table.sortByColumn(people.PERSON_COLUMNS.index(people.PERSON_NAME), Qt.SortOrder.DescendingOrder)
    page.people.search.clear()
    assert shown(people_proxy)[:2] == ["Alison Reed", "Chloe Price"]  # surnames, Z to A


def test_challenge_log_says_overdue_in_words(window, qtbot):
    window.show_page_by_key("challenges")
    page = window.page("challenges")
    proxy = page.table.model()
    assert shown(proxy) == ["CH-2025-002", "CH-2025-004", "CH-2025-001", "CH-2025-003"]
    due = challenges.COLUMNS.index(challenges.RESPONSE_DUE)
    overdue = shown(proxy).index("CH-2025-001")
    assert proxy.index(overdue, due).data() == f"{days(-30):%d/%m/%Y} (overdue)"
    assert proxy.index(overdue, due).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert proxy.index(0, due).data(Qt.ItemDataRole.ForegroundRole) is None
    assert proxy.index(overdue, challenges.COLUMNS.index(challenges.STATUS)).data() == "Awaiting response"

    page.overdue_only.setChecked(True)
    assert shown(proxy) == ["CH-2025-001"]
    page.overdue_only.setChecked(False)
    page.status_filter.setCurrentIndex(page.status_filter.findData(challenges.NOT_CLOSED))
    assert "CH-2025-003" not in shown(proxy) and proxy.rowCount() == 3

    page.table.selectRow(shown(proxy).index("CH-2025-001"))
    text = page.detail.toPlainText()
    assert "CH-2025-001: Children placed out of county" in text
    assert "The board asked children placed out of county to be evidenced." in text
    assert f"overdue: a response was due on {days(-30):%d/%m/%Y}" in text
    assert "No response recorded yet." in text


def test_funding_page_shows_the_year_chosen(window):
    window.show_page_by_key("funding")
    page = window.page("funding")
    picker = page.year_picker
    assert [picker.itemText(i) for i in range(picker.count())] == ["2016-17", "2015-16"]
    assert picker.currentText() == "2016-17"  # the current year (2025-26) is not recorded: the latest is shown
    assert page.empty.isVisible() and page.contributions.model.rowCount() == 0
    picker.setCurrentIndex(picker.findText("2015-16"))
    assert not page.empty.isVisible()
    figures = {key: label.text() for key, label in page.figures.items()}
    assert figures == {
        "income": "£270,394.00",
        "outstanding": "£73,269.00",
        "budget": "£259,418.00",
        "actual": "£222,455.59",
        "remaining": "£36,962.41",
    }
    contributions = page.contributions.table.model()
    assert shown(contributions, 2) == ["–", "£45,000.00", "£130,000.00"]
    assert shown(contributions, 3) == ["£58,269.00", "£15,000.00", "£0.00"]
    assert shown(contributions, 4) == ["Not yet received", "Part paid", "Paid in full"]
    assert page.contributions.totals.text() == (
        "Total agreed £248,269.00; received £175,000.00; outstanding £73,269.00."
    )
    lines = page.budget.table.model()
    assert shown(lines) == ["LSCB Unit Costs", "Chair Expenses", "Training", "Serious Case Review Costs"]
    assert shown(lines, 3) == ["£6,345.81", "£4,251.52", "£7,556.92", "£18,808.16"]
    lines.sort(1, Qt.SortOrder.DescendingOrder)
    assert shown(lines, 1) == ["£118,878.00", "£75,891.00", "£42,500.00", "£22,149.00"]
    assert shown(page.income.table.model(), 1) == ["£7,125.00", "£15,000.00"]


def test_funding_page_on_a_database_without_money(make_window, sqlite_database):
    window = make_window(sqlite_database)
    window.show_page_by_key("funding")
    page = window.page("funding")
    assert page.year_picker.count() == 0 and not page.splitter.isVisible()
    assert "No financial year has been recorded yet" in page.empty.text()


def test_reports_page_lists_what_can_be_exported(window):
    window.show_page_by_key("reports")
    page = window.page("reports")
    assert "Whole database workbook" in shown(page.table.model())  # with every other export: test_reports_page
    assert page.export_button.isEnabled()


@pytest.mark.parametrize("position", range(len(PAGES)))
def test_ctrl_and_a_number_opens_each_page(window, qtbot, position):
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{(position + 1) % 10}"), Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentIndex() == position
    assert window.current_page().key == PAGES[position].key
    assert window.navigation.currentIndex().row() == position
    assert window.page_actions[position].isChecked()


def test_arrow_keys_in_the_page_list_change_page(window, qtbot):
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    assert window.current_page().key == "attendance"
    qtbot.keyClick(window.navigation, Qt.Key.Key_End)
    assert window.current_page().key == "accounts"  # the last page, shown to an administrator


def test_ctrl_f_focuses_the_search_box_of_the_page(window, qtbot):
    window.show_page_by_key("meetings")
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.page("meetings").search.hasFocus()


def test_controls_have_accessible_names(window):
    for entry in PAGES:
        window.page(entry.key).ensure_loaded()
    assert window.navigation.accessibleName() == "Pages"
    assert window.page("meetings").search.accessibleName() == "Search meetings"
    assert window.page("meetings").group_filter.accessibleName() == "Show the meetings of"
    assert window.page("meetings").table.accessibleName() == "Meetings"
    assert window.page("funding").year_picker.accessibleName() == "Financial year"
    assert window.page("groups").on_date.accessibleName() == "Show members on date"
    assert window.page("groups").on_date.edit.accessibleName() == "Show members on date"
    assert window.page("groups").on_date.text() == f"{TODAY:%d/%m/%Y}"


def test_about_box_names_the_version_and_database(window, sqlite_database):
    box = window.show_about()
    assert box.isVisible() and box.windowTitle() == "About Board Admin"
    assert f"Board Admin {__version__}" in box.text()
    assert "PySide6" in box.text() and f"Database: {sqlite_database.describe()}" in box.text()
    assert box in open_messages()


def test_refresh_reads_the_database_again(window, sqlite_database):
    from board_admin.domain.enums import Sector
    from board_admin.services import structure as s

    window.show_page_by_key("people")
    page = window.page("people")
    assert page.agencies.model.rowCount() == 6
    s.create_agency(sqlite_database, s.AgencyFields("Cambridgeshire Fire and Rescue Service", Sector.FIRE_AND_RESCUE))
    window.refresh_action.trigger()
    assert page.agencies.model.rowCount() == 7
    assert window.page("meetings").stale  # the others read again when next shown


def test_window_remembers_its_size_and_page(make_window, sqlite_database, world, settings, tmp_path):
    first = make_window(sqlite_database)
    first.resize(790, 580)  # within the offscreen platform's 800 x 600 screen
    assert (first.width(), first.height()) == (790, 580)
    first.show_page_by_key("challenges")
    first.close()
    assert settings.value("window/page") in (5, "5")
    reopened = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    second = make_window(sqlite_database, reopened)
    assert second.current_page().key == "challenges"
    assert (second.width(), second.height()) == (790, 580)


def test_every_model_passes_the_qt_model_tester(window, qtmodeltester):
    from board_admin.domain.enums import UserRole
    from board_admin.reports.case_reviews import review_kinds
    from board_admin.services import accounts, case_reviews

    # The sample world has no case review; one is recorded so that the Case reviews list has a row.
    rapid = review_kinds(window.database)[0].id
    case_reviews.record_case_review(window.database, case_reviews.CaseReviewFields(rapid, "Oliver", TODAY))
    accounts.create_first_administrator(
        window.database, accounts.AccountFields("amy", "Amy Admin", frozenset({UserRole.ADMINISTRATOR})), "long enough"
    )
    # The sample world records no decisions; one gives the decision register a row to test...
    from board_admin.reports import lists
    from board_admin.services import meetings as me

    meeting = lists.meeting_rows(window.database)[0].id
    me.add_agenda_item(window.database, meeting, me.AgendaItemFields("Strategy", decisions="Approved."))
    # ... and one declaration of interest gives the register of interests one.
    from board_admin.services import governance as gov

    person = lists.person_rows(window.database)[0].id
    gov.record_declaration(window.database, meeting, gov.DeclarationFields(person, "Trustee of a charity"))
    for entry in PAGES:
        window.page(entry.key).ensure_loaded()
    window.page("groups").show_ended.setChecked(True)
    window.page("funding").year_picker.setCurrentIndex(window.page("funding").year_picker.findText("2015-16"))
    models = [window.navigation_model, window.page("groups").tree_model, window.page("groups").tree.model()]
    for page in window.built_pages():
        models.extend(model for model in page.findChildren(RowTableModel))
    assert len(models) >= 12
    for model in models:
        qtmodeltester.check(model)
    for model in models:
        if isinstance(model, RowTableModel):
            assert model.rowCount() > 0, f"{model.columns[0].header} list is empty"


def test_the_term_of_a_time_limited_group_in_words():
    from board_admin.domain.enums import GroupKind, Remit
    from board_admin.reports.lists import GroupRow

    def group(start, end) -> GroupRow:
        return GroupRow(1, "T&F", None, GroupKind.TASK_AND_FINISH, Remit.JOINT, None, None, None, start, end, (), 0)

    assert structure_parts.group_term(group(days(-10), days(-1)), TODAY) == f"Ended {days(-1):%d/%m/%Y}"
    assert (
        structure_parts.group_term(group(days(-10), days(10)), TODAY) == f"{days(-10):%d/%m/%Y} to {days(10):%d/%m/%Y}"
    )
    assert structure_parts.group_term(group(days(3), days(10)), TODAY) == f"Starts {days(3):%d/%m/%Y}"
    assert structure_parts.group_term(group(None, None), TODAY) == ""


def test_no_message_is_left_open_by_opening_pages(window):
    for position in range(len(PAGES)):
        window.show_page(position)
    assert open_messages() == []


def test_a_narrow_window_shows_the_page_list_as_icons_and_gives_the_width_to_the_page(window, qtbot):
    """At 1366x768 with 150% scaling the window is about 120 characters wide: the page names took a fifth of it,
    and the funding page's agencies were cut to "Cambridges…" four times over."""
    from board_admin.ui.main_window import NARROW_WINDOW_CHARACTERS

    characters = window.fontMetrics().averageCharWidth()
    window.resize(characters * (NARROW_WINDOW_CHARACTERS + 30), window.height())
    qtbot.waitUntil(lambda: window.navigation_model.index(0).data(Qt.ItemDataRole.DisplayRole) == "Dashboard")
    wide_list = window.navigation.width()
    window.resize(characters * (NARROW_WINDOW_CHARACTERS - 20), window.height())
    qtbot.waitUntil(lambda: window.navigation.width() < wide_list / 2)
    first = window.navigation_model.index(0)
    assert first.data(Qt.ItemDataRole.DisplayRole) is None
    assert first.data(Qt.ItemDataRole.AccessibleTextRole) == "Dashboard"  # still named, for a screen reader
    assert first.data(Qt.ItemDataRole.ToolTipRole) == "Dashboard (Ctrl+1)"
    window.show_page_by_key("funding")
    page = window.page("funding")
    page.ensure_loaded()
    table = page.contributions.table
    qtbot.waitUntil(lambda: table.columnWidth(0) > characters * 25)
    # Still usable from the list by keyboard.
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_Home)
    assert window.current_page().key == "dashboard"
    window.resize(characters * (NARROW_WINDOW_CHARACTERS + 30), window.height())
    qtbot.waitUntil(lambda: window.navigation.width() == wide_list)
    assert first.data(Qt.ItemDataRole.DisplayRole) == "Dashboard"


def test_each_letter_in_a_menu_chooses_one_entry(window):
    """In the File menu "Organisation on documents…" and "Sign out" both had O: Alt+F then O only moved between
    them, and the user was not signed out."""
    import re

    for menu_action in window.menuBar().actions():
        letters = [
            found.group(1).lower()
            for action in menu_action.menu().actions()
            if not action.isSeparator() and (found := re.search(r"&([^&])", action.text()))
        ]
        assert len(letters) == len(set(letters)), f"{menu_action.text()}: {sorted(letters)}"
