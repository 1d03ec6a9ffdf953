"""The meetings page's action log keeps its columns readable on a small screen: the list scrolls sideways
instead of squeezing the description of each action."""

from __future__ import annotations

from PySide6.QtCore import Qt

from board_admin.services import meetings as me

LONG = (
    "Provide a breakdown of conference timeliness by locality for the next meeting, with the reasons for "
    "each conference held late"
)


def test_the_action_log_scrolls_sideways_rather_than_squeezing_the_actions(qtbot, make_window, sqlite_database, world):
    me.create_action(sqlite_database, world.meetings["board-2"], me.ActionFields(LONG, world.people["Alison Reed"]))
    window = make_window(sqlite_database)
    window.resize(1280, 800)
    window.show_page_by_key("meetings")
    page = window.page("meetings")
    page.views.setCurrentIndex(2)
    page.reload_log()
    qtbot.wait(50)

    table, header = page.log_table, page.log_table.horizontalHeader()
    action = next(
        i
        for i in range(page.log_model.columnCount())
        if page.log_model.headerData(i, Qt.Orientation.Horizontal) == "Action"
    )
    # As wide as the widest column allowed (70 average characters), not what is left of the window.
    assert header.sectionSize(action) >= table.fontMetrics().averageCharWidth() * 70
    assert header.length() > table.viewport().width(), (window.width(), table.viewport().width())
    assert table.horizontalScrollBar().maximum() > 0
