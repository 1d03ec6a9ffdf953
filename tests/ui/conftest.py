"""The screens' fixtures: the main window on a SQLite file holding the sample world, with private settings."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QStyle, QStyleOptionComboBox

from board_admin.domain.enums import Frequency, GroupKind, Remit
from board_admin.services import structure
from board_admin.ui.main_window import MainWindow
from tests.sample_world import CHILDREN_BOARD

# A fixed day, so that "current", "next" and "overdue" never depend on when the tests run.
TODAY = dt.date(2025, 6, 15)


@pytest.fixture(autouse=True)
def _private_user_settings(tmp_path_factory):
    """What the application keeps in the user's own settings (the page last shown, the last folder, the last
    user name) goes to a folder of the test's own: a test must neither read a developer's real settings nor
    one left by an earlier test (a remembered "amy" before the user name typed made "amyamy")."""
    folder = str(tmp_path_factory.mktemp("user-settings"))
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, folder)


@pytest.fixture
def settings(tmp_path) -> QSettings:
    """A settings file of the test's own, so that no test reads or writes the user's real settings."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def world(sqlite_database, with_world):
    return with_world(sqlite_database, TODAY)


@pytest.fixture
def make_window(qtbot, settings):
    def make(database, window_settings: QSettings | None = None) -> MainWindow:
        window = MainWindow(database, settings=window_settings or settings, today=lambda: TODAY)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def window(make_window, sqlite_database, world) -> MainWindow:
    return make_window(sqlite_database)


def open_messages() -> list[QMessageBox]:
    return [
        widget for widget in QApplication.topLevelWidgets() if isinstance(widget, QMessageBox) and widget.isVisible()
    ]


@pytest.fixture(autouse=True)
def _close_messages():
    """Message boxes are opened window-modal and without blocking; whatever a test leaves open is closed."""
    yield
    for box in open_messages():
        box.close()


def type_date(qtbot, field, day: dt.date | str) -> None:
    """Types a date into a date field as a person does: select what is there, type, then Enter on a page
    (which takes the date) or Tab in a form (where Enter would press OK)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog

    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field.edit, day if isinstance(day, str) else f"{day:%d/%m/%Y}")
    in_form = isinstance(field.window(), QDialog)
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab if in_form else Qt.Key.Key_Return)


@pytest.fixture
def answers(monkeypatch):
    """Answers every question with the next of the given buttons and records what was asked."""
    asked: list[str] = []
    queue: list[QMessageBox.StandardButton] = []

    def question(parent, title, text, *rest):
        asked.append(text)
        return queue.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda parent, title, text, *rest: asked.append(text)))
    return asked, queue


# Longer than any of the sample world's groups, as the demo's forums are.
LONG_GROUP = "Children's Consultation and Development Forum for Practitioners"


def add_long_group(database, world) -> str:
    structure.create_group(
        database,
        structure.GroupFields(
            LONG_GROUP, GroupKind.FORUM, Remit.CHILDREN, "CDFP", world.groups[CHILDREN_BOARD], Frequency.QUARTERLY
        ),
    )
    return LONG_GROUP


def room_for_text(combo: QComboBox) -> int:
    """The width the closed box gives its chosen text, by the style (less the arrow and the frame)."""
    option = QStyleOptionComboBox()
    option.initFrom(combo)
    option.editable = combo.isEditable()
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return field.width()


def choose_by_keys(combo: QComboBox, text: str) -> None:
    """Down-arrow through the box, as a user does, until `text` is chosen."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        QTest.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text
