"""The services cannot be talked round: an opened database acts for nobody, a refused call borrows no one's
rights, and the system acts only inside scopes that end (the first administrator, the demo, the migrations).

The issue's snippet, and the same with every account service: after each refused call, every write is refused
and the trail names nobody else."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from board_admin.db.engine import open_database, sqlite_url
from board_admin.db.models import AuditEntry, User
from board_admin.demo import ensure_demo_data
from board_admin.domain.attendance import AttendanceThresholds
from board_admin.domain.enums import Sector, UserRole
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.permissions import NOBODY, SYSTEM, PermissionDeniedError
from board_admin.domain.retention import Retention
from board_admin.services import accounts
from board_admin.services import structure as st
from board_admin.services.accounts import AccountFields
from board_admin.services.backups import restore_from_backup, save_backup_settings
from board_admin.services.settings import save_attendance_thresholds

# One worker runs this module under xdist: the demo, built once for the module, not once per worker.
pytestmark = pytest.mark.xdist_group("test_actor_scope")

MALLORY = AccountFields("mallory", "Mallory", frozenset({UserRole.ADMINISTRATOR}))


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database = open_database(sqlite_url(path))
    ensure_demo_data(database)
    database.dispose()
    return path


@pytest.fixture
def copy_of_demo(demo_file, tmp_path):
    path = tmp_path / "copy-of-demo.sqlite"
    shutil.copy(demo_file, path)
    database = open_database(sqlite_url(path))
    yield database
    database.dispose()


def every_write_is_refused(database) -> None:
    """Account, structure, settings and restore writes: each refused, none leaving a row or an audit entry."""
    before = counts(database)
    writes = [
        lambda: accounts.create_account(database, MALLORY, "Mallory-Pw-12345"),
        lambda: accounts.update_account(database, 1, MALLORY),
        lambda: accounts.set_account_active(database, 1, False),
        lambda: accounts.reset_password(database, 1, "Mallory-Pw-12345"),
        lambda: st.create_agency(database, st.AgencyFields("Mallory Ltd", Sector.OTHER)),
        lambda: save_attendance_thresholds(database, AttendanceThresholds(missed_in_a_row=9)),
        lambda: save_backup_settings(database, Retention(1, 1, 1), 5),
        lambda: restore_from_backup(database, database.sqlite_path),
    ]
    for write in writes:
        with pytest.raises(PermissionDeniedError):
            write()
    assert counts(database) == before


def counts(database) -> tuple[int, int, list[str]]:
    with database.session() as session:
        return (
            session.scalar(select(func.count()).select_from(User)),
            session.scalar(select(func.count()).select_from(AuditEntry)),
            sorted(session.scalars(select(User.username))),
        )


def test_an_opened_database_acts_for_nobody(copy_of_demo):
    assert copy_of_demo.actor == NOBODY
    every_write_is_refused(copy_of_demo)


def test_the_issues_snippet(copy_of_demo):
    db = copy_of_demo
    finance = accounts.sign_in(db, "finance", "demo")
    with pytest.raises(BoardAdminError, match="already has accounts"):
        accounts.create_first_administrator(db, AccountFields("x", "X", frozenset()), "longenoughpassword")
    assert db.actor == finance
    every_write_is_refused(db)


ACCOUNT_CALLS = {
    "create_first_administrator": lambda db: accounts.create_first_administrator(
        db, AccountFields("x", "X", frozenset()), "longenoughpassword"
    ),
    "create_account": lambda db: accounts.create_account(db, MALLORY, "Mallory-Pw-12345"),
    "update_account": lambda db: accounts.update_account(db, 2, MALLORY),
    "set_account_active": lambda db: accounts.set_account_active(db, 1, False),
    "reset_password": lambda db: accounts.reset_password(db, 1, "Mallory-Pw-12345"),
    "change_own_password": lambda db: accounts.change_own_password(db, "not my password", "Mallory-Pw-12345"),
    "sign_in": lambda db: accounts.sign_in(db, "admin", "a wrong guess"),
}


@pytest.mark.parametrize("who", ["finance", "chair", None])
@pytest.mark.parametrize("call", sorted(ACCOUNT_CALLS))
def test_after_any_refused_account_call_every_write_is_refused(copy_of_demo, who, call):
    db = copy_of_demo
    if who:
        accounts.sign_in(db, who, "demo")
    acting = db.actor
    if call == "change_own_password" and who is None:
        pytest.skip("nobody is signed in: there is no own password")
    with pytest.raises(BoardAdminError):
        ACCOUNT_CALLS[call](db)
    assert db.actor == acting
    every_write_is_refused(db)


def test_the_system_acts_only_inside_its_scope(copy_of_demo):
    with copy_of_demo.acting_as(SYSTEM):
        assert copy_of_demo.actor == SYSTEM
        with pytest.raises(RuntimeError):
            with copy_of_demo.acting_as(SYSTEM):
                raise RuntimeError("a failure inside the scope")
        assert copy_of_demo.actor == SYSTEM
    assert copy_of_demo.actor == NOBODY


def test_the_first_administrator_is_made_as_the_system_and_then_signed_in(tmp_path):
    database = open_database(sqlite_url(tmp_path / "new.sqlite"))
    assert database.actor == NOBODY
    with pytest.raises(PermissionDeniedError):
        st.create_agency(database, st.AgencyFields("Healthwatch", Sector.OTHER))
    actor = accounts.create_first_administrator(
        database, AccountFields("amy", "Amy Admin", frozenset()), "correct horse"
    )
    assert database.actor == actor and actor.username == "amy"
    with database.session() as session:
        assert list(session.scalars(select(AuditEntry.username))) == ["system"]
    database.dispose()


def test_a_chairs_refused_restore_names_restore(copy_of_demo):
    accounts.sign_in(copy_of_demo, "chair", "demo")
    with pytest.raises(PermissionDeniedError, match=r"^Dr Alan Whitfield \(Chair\) may not restore a backup\.$"):
        restore_from_backup(copy_of_demo, copy_of_demo.sqlite_path)
