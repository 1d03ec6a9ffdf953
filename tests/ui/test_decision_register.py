"""The meetings page's decision register: filtered by the group and a year, searched, and a row opens its meeting."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from board_admin.services import meetings as me
from tests.sample_world import CHILDREN_BOARD, EXECUTIVE


def test_the_register_is_searched_filtered_and_opens_the_meeting(qtbot, make_window, sqlite_database, world):
    db = sqlite_database
    me.add_agenda_item(
        db, world.meetings["board-1"], me.AgendaItemFields("Strategy", decisions="Approved neglect plan.")
    )
    me.add_agenda_item(db, world.meetings["board-5"], me.AgendaItemFields("Budget", decisions="Agreed.\nNoted risks."))
    me.add_agenda_item(db, world.meetings["exec-1"], me.AgendaItemFields("Audit", decisions="Adopted the audit."))
    window = make_window(db)
    window.show_page_by_key("meetings")
    page = window.page("meetings")
    bar = page.views.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(3).center())
    assert page.views.currentIndex() == 3
    proxy = page.decision_proxy
    assert proxy.rowCount() == 4
    assert page.decision_model.headerData(0, Qt.Orientation.Horizontal) == "Reference"

    qtbot.keyClicks(page.decision_search, "neglect")
    assert [proxy.row_at(proxy.index(0, 0)).reference] == ["SCPB-2024-25-D01"] and proxy.rowCount() == 1
    qtbot.keyClick(page.decision_search, Qt.Key.Key_Escape)

    page.group_filter.setFocus()
    while page.group_filter.currentText() != CHILDREN_BOARD:
        QTest.keyClick(page.group_filter, Qt.Key.Key_Down)
    assert {proxy.row_at(proxy.index(row, 0)).group_name for row in range(proxy.rowCount())} == {CHILDREN_BOARD}
    assert proxy.rowCount() == 3
    page.decision_year.setFocus()
    while page.decision_year.currentText() != "2025-26":
        QTest.keyClick(page.decision_year, Qt.Key.Key_Down)
    shown = [proxy.row_at(proxy.index(row, 0)).reference for row in range(proxy.rowCount())]
    assert sorted(shown) == ["SCPB-2025-26-D01", "SCPB-2025-26-D02"]
    assert EXECUTIVE not in {proxy.row_at(proxy.index(row, 0)).group_name for row in range(proxy.rowCount())}

    page.decision_table.setFocus()
    page.decision_table.setCurrentIndex(proxy.index(0, 0))
    QTest.keyClick(page.decision_table, Qt.Key.Key_Return)
    assert page.windows and page.windows[-1].meeting_id == world.meetings["board-5"]


def test_the_register_of_interests_follows_the_group_and_opens_the_meeting(qtbot, make_window, sqlite_database, world):
    from board_admin.services import governance as gov

    db = sqlite_database
    gov.record_declaration(db, world.meetings["board-2"], gov.DeclarationFields(world.people["Grace Lin"], "Governor"))
    gov.record_declaration(db, world.meetings["exec-1"], gov.DeclarationFields(world.people["Ben Okafor"], "Trustee"))
    window = make_window(db)
    window.show_page_by_key("meetings")
    page = window.page("meetings")
    bar = page.views.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(4).center())
    proxy = page.interest_proxy
    assert proxy.rowCount() == 2
    page.group_filter.setFocus()
    while page.group_filter.currentText() != EXECUTIVE:
        QTest.keyClick(page.group_filter, Qt.Key.Key_Down)
    assert [proxy.row_at(proxy.index(row, 0)).interest for row in range(proxy.rowCount())] == ["Trustee"]
    page.interest_table.setFocus()
    page.interest_table.setCurrentIndex(proxy.index(0, 0))
    QTest.keyClick(page.interest_table, Qt.Key.Key_Return)
    assert page.windows[-1].meeting_id == world.meetings["exec-1"]


def test_the_register_exported_from_the_page_is_the_group_and_year_chosen(
    qtbot, make_window, sqlite_database, world, tmp_path, monkeypatch
):
    """The page's Export goes through the list's "decisions" entry with the page's group and year."""
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    from tests.ui.conftest import open_messages

    db = sqlite_database
    me.add_agenda_item(db, world.meetings["board-1"], me.AgendaItemFields("Strategy", decisions="Approved the plan."))
    me.add_agenda_item(db, world.meetings["board-5"], me.AgendaItemFields("Budget", decisions="Agreed.\nNoted risks."))
    me.add_agenda_item(db, world.meetings["exec-1"], me.AgendaItemFields("Audit", decisions="Adopted the audit."))
    window = make_window(db)
    window.show_page_by_key("meetings")
    page = window.page("meetings")
    bar = page.views.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(3).center())
    page.group_filter.setFocus()
    while page.group_filter.currentText() != CHILDREN_BOARD:
        QTest.keyClick(page.group_filter, Qt.Key.Key_Down)
    page.decision_year.setFocus()
    while page.decision_year.currentText() != "2025-26":
        QTest.keyClick(page.decision_year, Qt.Key.Key_Down)
    shown = {page.decision_proxy.row_at(page.decision_proxy.index(row, 0)).reference for row in range(2)}
    out = tmp_path / "register.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(out), "")))
    QTest.mouseClick(page.decision_export, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(open_messages()), timeout=20_000)
    assert open_messages()[0].text() == f"Saved 2 decisions to {out}."
    cells = {str(value) for row in load_workbook(out).active.iter_rows(values_only=True) for value in row if value}
    references = {text for text in cells if "-D0" in text}
    assert references == shown
