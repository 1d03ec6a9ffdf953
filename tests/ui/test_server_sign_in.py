"""The window's sign-in to a shared server set up with setup-server: the person types their own login, and
PostgreSQL checks it; each refusal is one sentence in the dialog, which stays open."""

from __future__ import annotations

import pytest

from board_admin.ui.dialogs.accounts import ServerSignInDialog
from tests.ui.test_accounts_ui import press_ok
from tests.unit.db.test_server_roles import PASSWORDS, server  # noqa: F401 - the fixture

pytestmark = pytest.mark.postgres


def test_the_dialog_signs_in_to_the_server_as_the_person(qtbot, server):  # noqa: F811 - the fixture
    dialog = ServerSignInDialog(server.person_url)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, server.login["chair"])
    qtbot.keyClicks(dialog.password, "a wrong guess")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.general_error.text() == "The user name or password is wrong."
    assert dialog.password.text() == "" and dialog.database is None
    qtbot.keyClicks(dialog.password, PASSWORDS["chair"])
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert dialog.database.actor.username == server.login["chair"]
    assert dialog.database.actor.display_name == "Chris Chair"
    dialog.database.dispose()
