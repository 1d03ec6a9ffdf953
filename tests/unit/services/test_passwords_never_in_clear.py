"""A password is only ever kept as its Argon2id hash: the clear text appears nowhere in the database (the
SQLite file and its write-ahead log, every row of every table, the audit trail) nor in the log file, and the
hash itself stays out of the log and the audit trail.

The log is configured as the desktop application configures it (ui/app.setup_logging: a file in the data
folder at INFO), and each test checks that the file did receive the sign-in lines, so that an empty log
cannot pass for a clean one.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import select

from board_admin import cli
from board_admin.db.engine import Database, data_dir, open_database, sqlite_url
from board_admin.db.models import AuditEntry, Base, User
from board_admin.domain.enums import UserRole
from board_admin.domain.errors import ValidationError
from board_admin.domain.permissions import NOBODY
from board_admin.services import accounts as acc
from board_admin.ui.app import setup_logging, sign_in_at_start

# Distinctive, so that finding one can only mean it was written out.
FIRST = "Kestrel-Harbour-7731"
SAM_FIRST = "Lantern-Quarry-5820"
WRONG = "Marigold-Vessel-4406"
RESET = "Nettle-Orchard-9173"
CHANGED = "Osprey-Ledger-2648"
WRONG_CURRENT = "Pewter-Summit-8305"
SECRETS = (FIRST, SAM_FIRST, WRONG, RESET, CHANGED, WRONG_CURRENT)


@pytest.fixture
def app_log():
    """The application's log file set-up, undone afterwards so other tests keep their logging."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {handler: handler.level for handler in handlers}
    path = setup_logging()
    assert path is not None and path.parent == data_dir() / "logs"
    yield path
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
            root.removeHandler(handler)
    for handler, handler_level in levels.items():
        handler.setLevel(handler_level)
    root.setLevel(level)


def log_text(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return "".join(log.read_text(encoding="utf-8") for log in sorted(path.parent.glob(f"{path.name}*")))


def every_value(database: Database) -> str:
    """Every column of every row of every table, as text."""
    values = []
    with database.session() as session:
        for mapper in Base.registry.mappers:
            for record in session.scalars(select(mapper.class_)):
                values.extend(str(getattr(record, column.key)) for column in mapper.column_attrs)
    return "\n".join(values)


def stored_hashes(database: Database) -> dict[str, str]:
    with database.session() as session:
        return {name: value for name, value in session.execute(select(User.username, User.password_hash))}


def sqlite_bytes(path: Path) -> bytes:
    """The database file and whatever is still in its write-ahead log."""
    return b"".join(part.read_bytes() for part in (path, Path(f"{path}-wal")) if part.exists())


def assert_no_secret_in(text: str | bytes, where: str) -> None:
    for secret in SECRETS:
        needle = secret.encode() if isinstance(text, bytes) else secret
        assert needle not in text, f"the password {secret} is in {where}"


def use_every_password_service(database: Database) -> int:
    """The first administrator, a new account, sign-ins right and wrong, a reset and a change of password."""
    acc.create_first_administrator(
        database, acc.AccountFields("amy", "Amy Admin", frozenset({UserRole.ADMINISTRATOR})), FIRST
    )
    sam = acc.create_account(database, acc.AccountFields("sam", "Sam Okafor", frozenset({UserRole.FINANCE})), SAM_FIRST)
    acc.sign_in(database, "sam", SAM_FIRST)
    with pytest.raises(acc.SignInError):
        acc.sign_in(database, "sam", WRONG)
    with pytest.raises(acc.SignInError):
        acc.sign_in(database, "nobody-by-that-name", WRONG)
    acc.sign_in(database, "amy", FIRST)
    acc.reset_password(database, sam, RESET)
    acc.sign_in(database, "sam", RESET)
    with pytest.raises(ValidationError):
        acc.change_own_password(database, WRONG_CURRENT, CHANGED)
    acc.change_own_password(database, RESET, CHANGED)
    return sam


def test_no_password_in_the_database_the_audit_trail_or_the_log(database, app_log):
    use_every_password_service(database)

    hashes = stored_hashes(database)
    assert acc.password_matches(hashes["amy"], FIRST) and acc.password_matches(hashes["sam"], CHANGED)
    assert not acc.password_matches(hashes["sam"], RESET)
    assert all(value.startswith("$argon2id$") for value in hashes.values())
    assert_no_secret_in(every_value(database), "the database")

    with database.session() as session:
        trail = [(entry.before or "") + (entry.after or "") for entry in session.scalars(select(AuditEntry))]
    assert any('"password": "(changed)"' in text for text in trail), "the password changes are not in the trail"
    assert_no_secret_in("\n".join(trail), "the audit trail")
    assert not any("argon2" in text or any(h in text for h in hashes.values()) for text in trail)

    logged = log_text(app_log)
    assert "Failed sign-in for sam" in logged and "sam signed in" in logged
    assert_no_secret_in(logged, "the log file")
    assert "argon2" not in logged


def test_no_password_in_the_sqlite_file_or_its_write_ahead_log(tmp_path, app_log):
    path = tmp_path / "board.sqlite"
    database = open_database(sqlite_url(path))
    try:
        use_every_password_service(database)
        # While the database is open, recent pages may still be only in the write-ahead log.
        assert_no_secret_in(sqlite_bytes(path), "the SQLite file or its write-ahead log")
        hashes = stored_hashes(database)
    finally:
        database.dispose()
    everything = sqlite_bytes(path)
    assert hashes["sam"].encode() in everything  # the file is readable as searched: the hash is there
    assert_no_secret_in(everything, "the SQLite file")
    assert_no_secret_in(log_text(app_log), "the log file")


def test_a_command_run_as_an_account_leaves_no_password_behind(tmp_path, app_log, monkeypatch, capsys):
    """`board-admin --user NAME` with BOARD_ADMIN_PASSWORD: right, then wrong; also the desktop start."""
    path = tmp_path / "board.sqlite"
    database = open_database(sqlite_url(path))
    use_every_password_service(database)
    database.dispose()
    url = sqlite_url(path)

    monkeypatch.setenv(cli.PASSWORD_ENV, CHANGED)
    out = tmp_path / "everything.xlsx"
    assert cli.main(["--database", url, "--user", "sam", "export", "workbook", str(out)]) == 0
    assert out.exists()
    monkeypatch.setenv(cli.PASSWORD_ENV, WRONG)
    assert cli.main(["--database", url, "--user", "sam", "export", "workbook", str(tmp_path / "no.xlsx")]) == 1
    printed = capsys.readouterr()
    assert "The user name or password is wrong." in printed.err
    assert_no_secret_in(printed.out + printed.err, "what the command printed")

    # The desktop application's scripted start reads the same variable.
    monkeypatch.setenv(cli.PASSWORD_ENV, CHANGED)
    database = open_database(url)
    database.actor = NOBODY
    assert sign_in_at_start(database, demo=False, username="sam") is True
    assert database.actor.username == "sam"
    database.dispose()

    logged = log_text(app_log)
    assert "Failed sign-in for sam" in logged and "sam signed in" in logged
    assert_no_secret_in(logged, "the log file")
    assert "argon2" not in logged
    assert_no_secret_in(sqlite_bytes(path), "the SQLite file")
