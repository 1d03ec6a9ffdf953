"""The organisation's name on documents and the calendar's organiser, set in their dialog as a person does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from board_admin.reports.organisation import organisation
from board_admin.ui.dialogs.accounts import OrganisationDialog


def test_the_organisation_is_typed_in_saved_and_a_bad_e_mail_refused(qtbot, sqlite_database):
    dialog = OrganisationDialog(sqlite_database)
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.name, "North Shire Safeguarding Partnership")
    QTest.keyClicks(dialog.organiser_name, "Pat Organiser")
    QTest.keyClicks(dialog.organiser_email, "pat at example")
    QTest.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.errors["organiser_email"].text() == (
        "The organiser's email address 'pat at example' is not an email address: it has a space in it."
    )
    assert organisation(sqlite_database).name == ""  # nothing stored
    dialog.organiser_email.selectAll()
    QTest.keyClicks(dialog.organiser_email, "pat@example.org")
    QTest.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    saved = organisation(sqlite_database)
    assert (saved.name, saved.organiser_name, saved.organiser_email) == (
        "North Shire Safeguarding Partnership",
        "Pat Organiser",
        "pat@example.org",
    )
