"""The challenge log screen, driven as a user would: filters, counts, the forms, delete, export, roles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from board_admin.db.models import Challenge, ChallengeStatusChange
from board_admin.domain.enums import ChallengeStatus, UserRole
from board_admin.domain.permissions import Actor
from board_admin.services import challenges as service
from board_admin.ui.pages import challenges
from tests.sample_world import CHILDREN_BOARD, EXECUTIVE
from tests.ui.conftest import TODAY, open_messages, type_date


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def page(window, sqlite_database, world):
    for name in ("Neglect", "Exploitation", "Voice of the child"):
        service.add_theme(sqlite_database, name)
    window.show_page_by_key("challenges")
    page = window.page("challenges")
    page.reload()
    return page


def shown(page) -> list[str]:
    return [row.reference for row in page.shown_rows()]


def select(page, reference: str) -> None:
    page.table.selectRow(shown(page).index(reference))


def press_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def stored(database, reference: str) -> Challenge | None:
    with database.session() as session:
        return session.query(Challenge).filter_by(reference=reference).one_or_none()


def history_count(database) -> int:
    with database.session() as session:
        return session.query(ChallengeStatusChange).count()


# --- reading ---------------------------------------------------------------------------------------


def test_filters_counts_and_the_summary_by_agency_follow_each_other(page, world):
    assert shown(page) == ["CH-2025-002", "CH-2025-004", "CH-2025-001", "CH-2025-003"]
    assert page.counts.text() == "Open 1 · Awaiting response 1 · Responded 1 · Escalated 0 · Closed 1 · 1 overdue"
    agencies = [page.agency_filter.itemText(i) for i in range(page.agency_filter.count())]
    assert agencies[0] == "Any agency" and "Cambridgeshire Constabulary" in agencies

    choose(page.agency_filter, "Cambridgeshire County Council")
    assert shown(page) == ["CH-2025-001"]
    assert page.counts.text() == "Open 0 · Awaiting response 1 · Responded 0 · Escalated 0 · Closed 0 · 1 overdue"
    summary = page.summary_model.rows()
    assert [(line.agency_name, line.total, line.overdue) for line in summary] == [
        ("Cambridgeshire County Council", 1, 1)
    ]
    page.agency_filter.setCurrentIndex(0)

    choose(page.group_filter, EXECUTIVE)
    assert shown(page) == ["CH-2025-002", "CH-2025-004", "CH-2025-003"]
    choose(page.theme_filter, "FGM reporting")
    assert shown(page) == ["CH-2025-002"]
    page.theme_filter.setCurrentIndex(0)
    page.group_filter.setCurrentIndex(0)

    assert [page.period_filter.itemText(i) for i in range(page.period_filter.count())] == [
        "Any time",
        "2025-26",
        "2024-25",
    ]
    choose(page.period_filter, "2025-26")
    assert shown(page) == ["CH-2025-002"]
    page.period_filter.setCurrentIndex(0)

    page.search.setText("Probation")
    assert shown(page) == ["CH-2025-004"]
    assert page.count.text() == "1 of 4 challenges shown"


def test_overdue_is_said_in_words_and_colour_and_the_detail_shows_the_history(page, sqlite_database, world):
    due = challenges.COLUMNS.index(challenges.RESPONSE_DUE)
    position = shown(page).index("CH-2025-001")
    cell = page.proxy.index(position, due)
    assert cell.data() == f"{days(-30):%d/%m/%Y} (overdue)"
    assert cell.data(Qt.ItemDataRole.ForegroundRole) is not None
    challenge = stored(sqlite_database, "CH-2025-001")
    service.change_status(sqlite_database, challenge.id, ChallengeStatus.OPEN, "Letter not received", days(-5))
    page.reload()
    select(page, "CH-2025-001")
    text = page.detail.toPlainText()
    assert "overdue: a response was due on" in text
    assert "History" in text and "Awaiting response → Open" in text and "Letter not received" in text


# --- the forms ---------------------------------------------------------------------------------------


def test_recording_a_challenge_through_the_form(page, qtbot, sqlite_database, world):
    dialog = page.new_challenge()
    choose(dialog.agency, "Cambridgeshire Constabulary")
    choose(dialog.theme, "Exploitation")
    choose(dialog.group, CHILDREN_BOARD)
    choose(dialog.meeting, f"{days(-90):%d/%m/%Y} (Held)")
    dialog.response_due.setText("")
    qtbot.keyClicks(dialog.response_due, f"{days(20):%d/%m/%Y}")

    press_ok(qtbot, dialog)  # the challenge itself is still empty
    assert dialog.isVisible() and dialog.errors["challenge"].isVisible()
    assert dialog.errors["challenge"].text() == "The challenge cannot be empty."
    assert stored(sqlite_database, "CH-2025-005") is None

    qtbot.keyClicks(dialog.challenge, "Missing children's interviews are not shared with the hub.")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    saved = stored(sqlite_database, "CH-2025-005")
    assert saved.theme == "Exploitation" and saved.response_due == days(20)
    assert saved.raised_at_meeting_id == world.meetings["board-2"]
    assert page.current_row().reference == "CH-2025-005"
    assert "Missing children's interviews" in page.detail.toPlainText()


def test_a_response_dated_before_the_challenge_is_refused_beside_the_date(page, qtbot, sqlite_database):
    select(page, "CH-2025-002")
    before = history_count(sqlite_database)
    dialog = page.respond()
    type_date(qtbot, dialog.responded_on, days(-51))  # raised 50 days ago
    qtbot.keyClicks(dialog.response, "We have briefed the call centre.")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.errors["responded_on"].isVisible()
    assert "cannot be before the date the challenge was raised" in dialog.errors["responded_on"].text()
    assert stored(sqlite_database, "CH-2025-002").response is None and history_count(sqlite_database) == before

    type_date(qtbot, dialog.responded_on, days(-1))
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    saved = stored(sqlite_database, "CH-2025-002")
    assert saved.status is ChallengeStatus.RESPONDED and saved.responded_on == days(-1)
    assert page.current_row().status is ChallengeStatus.RESPONDED


def test_closing_needs_an_outcome(page, qtbot, sqlite_database):
    select(page, "CH-2025-001")
    dialog = page.close_challenge()
    press_ok(qtbot, dialog)
    assert dialog.errors["outcome"].isVisible()
    assert "only be closed with its outcome" in dialog.errors["outcome"].text()
    assert stored(sqlite_database, "CH-2025-001").status is ChallengeStatus.AWAITING_RESPONSE

    qtbot.keyClicks(dialog.outcome, "Every placement now has a notification.")
    press_ok(qtbot, dialog)
    saved = stored(sqlite_database, "CH-2025-001")
    assert saved.status is ChallengeStatus.CLOSED and saved.date_closed == TODAY
    assert not page.close_button.isEnabled() and not page.escalate_button.isEnabled()


def test_escalating_to_a_person_shows_it_on_the_challenge(page, qtbot, sqlite_database, world):
    select(page, "CH-2025-002")
    dialog = page.escalate()
    qtbot.mouseClick(dialog.to_person, Qt.MouseButton.LeftButton)
    assert dialog.person.isEnabled() and not dialog.group.isEnabled()
    choose(dialog.person, "Grace Lin (Independent Safeguarding Partnership Service)")
    qtbot.keyClicks(dialog.note, "No reply to two letters")
    press_ok(qtbot, dialog)
    saved = stored(sqlite_database, "CH-2025-002")
    assert saved.status is ChallengeStatus.ESCALATED and saved.escalated_to_person_id == world.people["Grace Lin"]
    text = page.detail.toPlainText()
    assert "Escalated to Grace Lin" in text and "No reply to two letters" in text


def test_editing_and_changing_the_status(page, qtbot, sqlite_database):
    select(page, "CH-2025-002")
    dialog = page.edit_challenge()
    dialog.challenge.selectAll()
    qtbot.keyClicks(dialog.challenge, "Reworded challenge.")
    press_ok(qtbot, dialog)
    assert stored(sqlite_database, "CH-2025-002").challenge == "Reworded challenge."

    dialog = page.change_status()
    assert [dialog.status.itemText(i) for i in range(dialog.status.count())] == ["Awaiting response"]
    qtbot.keyClicks(dialog.note, "Letter sent")
    press_ok(qtbot, dialog)
    assert stored(sqlite_database, "CH-2025-002").status is ChallengeStatus.AWAITING_RESPONSE
    assert "Open → Awaiting response" in page.detail.toPlainText()


def test_delete_is_confirmed_and_the_reference_is_not_reused(page, qtbot, sqlite_database, world):
    select(page, "CH-2025-002")
    box = page.delete()
    box.reject()  # Cancel: nothing happens
    assert stored(sqlite_database, "CH-2025-002") is not None
    box = page.delete()
    assert "CH-2025-002" in box.text()
    qtbot.mouseClick(box.buttons()[0], Qt.MouseButton.LeftButton)
    assert stored(sqlite_database, "CH-2025-002") is None
    assert "CH-2025-002" not in shown(page)
    made = service.record_challenge(
        sqlite_database, service.ChallengeFields(TODAY, world.agencies["CCC"], "Another one.")
    )
    with sqlite_database.session() as session:
        assert session.get(Challenge, made).reference == "CH-2025-005"


def test_themes_are_kept_from_the_log(page, qtbot, sqlite_database):
    dialog = page.themes()
    assert [row.name for row in dialog.model.rows()] == ["Exploitation", "Neglect", "Voice of the child"]
    form = None

    def add() -> None:
        nonlocal form
        from board_admin.ui.dialogs.challenge_themes import ThemeNameDialog

        form = ThemeNameDialog(sqlite_database, None, dialog)
        form.name.setText("neglect")
        press_ok(qtbot, form)

    add()
    assert form.errors["name"].text() == "There is already a theme called 'Neglect'."
    form.reject()

    dialog.table.selectRow([row.name for row in dialog.model.rows()].index("Neglect"))
    qtbot.mouseClick(dialog.retire_button, Qt.MouseButton.LeftButton)
    assert [(row.name, row.active) for row in dialog.model.rows()][1] == ("Neglect", False)
    assert dialog.retire_button.text() == "Bring &back"
    dialog.reject()
    form = page.new_challenge()
    offered = [form.theme.itemText(i) for i in range(form.theme.count())]
    assert "Neglect" not in offered and "Exploitation" in offered
    form.reject()


# --- export and roles --------------------------------------------------------------------------------


def test_export_writes_what_is_shown(page, qtbot, monkeypatch, tmp_path, settings):
    target = tmp_path / "open-challenges"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(target), "Excel workbook (*.xlsx)"))
    )
    page.status_filter.setCurrentIndex(page.status_filter.findData(challenges.NOT_CLOSED))
    job = page.export()
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    written = Path(str(target) + ".xlsx")
    sheet = openpyxl.load_workbook(written)["Challenges"]
    assert sorted(row[0] for row in sheet.iter_rows(min_row=4, values_only=True)) == sorted(shown(page))
    assert len(shown(page)) == 3
    assert settings.value("files/last_folder") == str(tmp_path)
    assert any("Wrote 3 challenges" in box.text() for box in open_messages())


def test_a_chair_may_respond_and_close_but_not_record(make_window, sqlite_database, world):
    sqlite_database.actor = Actor("gl", "Grace Lin", frozenset({UserRole.CHAIR}))
    window = make_window(sqlite_database)
    window.show_page_by_key("challenges")
    page = window.page("challenges")
    select(page, "CH-2025-002")
    assert not page.new_button.isEnabled() and not page.edit_action.isEnabled()
    assert not page.escalate_button.isEnabled() and not page.delete_action.isEnabled()
    assert page.respond_button.isEnabled() and page.close_button.isEnabled() and page.export_button.isEnabled()
    assert page.new_challenge() is None


def test_the_log_and_summary_models_pass_the_qt_model_tester(page, qtmodeltester):
    choose(page.status_filter, "Not closed")
    for model in (page.model, page.summary_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_ctrl_e_edits_the_selected_challenge(page, qtbot, window):
    """Ctrl+E belongs to the page's Edit; the whole-database export, also on the File menu, is Ctrl+Shift+E
    (when both had Ctrl+E, Qt found the shortcut ambiguous and did neither)."""
    from PySide6.QtWidgets import QApplication

    from board_admin.ui.dialogs.challenge_form import ChallengeFormDialog

    select(page, "CH-2025-002")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ChallengeFormDialog) and w.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].close()
    assert window.export_action.shortcut().toString() == "Ctrl+Shift+E"


def test_a_response_typed_is_not_thrown_away_by_cancel(page, qtbot, sqlite_database):
    select(page, "CH-2025-002")
    dialog = page.respond()
    qtbot.keyClicks(dialog.response, "We have briefed the call centre.")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    question = dialog.discard_question
    assert question.text() == "Save changes to the response?"
    discard = next(b for b in question.buttons() if b.text() == "&Discard")
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert stored(sqlite_database, "CH-2025-002").response is None
    # Opened again and cancelled with nothing typed, it closes without a question.
    dialog = page.respond()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
