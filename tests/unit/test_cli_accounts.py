"""`board-admin account add|disable|list` on a SQLite file: the application's own accounts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from board_admin.cli import EXIT_FAILED, EXIT_OK, main
from board_admin.db.engine import open_database, sqlite_url
from board_admin.db.models import AuditEntry, User


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    url = sqlite_url(tmp_path / "office.sqlite")
    open_database(url).dispose()
    return url


def run(monkeypatch, *arguments, password=None, new=None) -> int:
    for name, value in (("BOARD_ADMIN_PASSWORD", password), ("BOARD_ADMIN_NEW_PASSWORD", new)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return main(list(arguments))


def test_the_first_account_is_an_administrator_then_others_are_added_listed_and_disabled(url, monkeypatch, capsys):
    assert (
        run(
            monkeypatch,
            "--database",
            url,
            "account",
            "add",
            "chris",
            "--name",
            "Chris Chair",
            "--role",
            "chair",
            new="battery staple",
        )
        == EXIT_FAILED
    )
    assert "The first account of a database must be an administrator" in capsys.readouterr().err
    assert (
        run(
            monkeypatch,
            "--database",
            url,
            "account",
            "add",
            "amy",
            "--name",
            "Amy Admin",
            "--role",
            "administrator",
            new="correct horse",
        )
        == EXIT_OK
    )
    assert capsys.readouterr().out.strip() == "Added amy (administrator) as an account."
    amy = ["--database", url, "--user", "amy"]
    assert (
        run(
            monkeypatch,
            *amy,
            "account",
            "add",
            "chris",
            "--name",
            "Chris Chair",
            "--role",
            "chair",
            password="correct horse",
            new="battery staple",
        )
        == EXIT_OK
    )
    assert run(monkeypatch, *amy, "account", "list", password="correct horse") == EXIT_OK
    listed = capsys.readouterr().out.splitlines()
    assert listed[-2:] == ["amy    Amy Admin - Administrator", "chris  Chris Chair - Chair"]

    chris = ["--database", url, "--user", "chris"]
    assert (
        run(
            monkeypatch,
            *chris,
            "account",
            "add",
            "mallory",
            "--name",
            "Mallory",
            "--role",
            "administrator",
            password="battery staple",
            new="Mallory-pw-123",
        )
        == EXIT_FAILED
    )
    assert capsys.readouterr().err.strip() == "board-admin: Chris Chair (Chair) may not manage accounts."
    assert run(monkeypatch, *chris, "account", "list", password="battery staple") == EXIT_FAILED
    capsys.readouterr()

    assert run(monkeypatch, *amy, "account", "disable", "chris", password="correct horse") == EXIT_OK
    assert run(monkeypatch, *chris, "account", "list", password="battery staple") == EXIT_FAILED
    assert capsys.readouterr().err.strip().endswith("The account chris is disabled; ask an administrator.")

    database = open_database(url)
    with database.session() as session:
        assert sorted(session.scalars(select(User.username))) == ["amy", "chris"]
        # Who did what: the first account by the system's one step, the rest by amy.
        trail = session.execute(select(AuditEntry.username, AuditEntry.entity, AuditEntry.operation)).all()
        assert ("system", "app_user", "create") in trail and ("amy", "app_user", "create") in trail
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.username == "chris")) == 0
    database.dispose()


def test_an_unknown_account_is_one_sentence(url, monkeypatch, capsys):
    run(
        monkeypatch,
        "--database",
        url,
        "account",
        "add",
        "amy",
        "--name",
        "Amy Admin",
        "--role",
        "administrator",
        new="correct horse",
    )
    capsys.readouterr()
    assert (
        run(monkeypatch, "--database", url, "--user", "amy", "account", "disable", "zed", password="correct horse")
        == EXIT_FAILED
    )
    assert capsys.readouterr().err.strip() == "board-admin: There is no account called 'zed'."
