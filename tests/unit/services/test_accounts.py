"""Accounts: Argon2id hashes, signing in with a growing wait, and administrators keeping accounts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from board_admin.db.models import User
from board_admin.domain.enums import Sector, UserRole
from board_admin.domain.errors import BoardAdminError, ValidationError
from board_admin.domain.permissions import NOBODY, SYSTEM, PermissionDeniedError
from board_admin.services import accounts as a
from board_admin.services import structure as s

ADMIN = a.AccountFields("amy", "Amy Admin", frozenset({UserRole.ADMINISTRATOR}))
CHAIR = a.AccountFields("chris", "Chris Chair", frozenset({UserRole.CHAIR}))
T0 = dt.datetime(2026, 1, 5, 9, 0, 0)


@pytest.fixture
def office(database):
    a.create_first_administrator(database, ADMIN, "correct horse")
    chair_id = a.create_account(database, CHAIR, "battery staple")
    database.actor = NOBODY
    return database, chair_id


def stored(database, username) -> User:
    with database.session() as session:
        return session.scalars(select(User).where(User.username == username)).one()


def test_the_stored_hash_is_argon2id_and_verifies(office):
    database, _ = office
    user = stored(database, "amy")
    assert user.password_hash.startswith("$argon2id$")
    assert a.password_matches(user.password_hash, "correct horse")
    assert not a.password_matches(user.password_hash, "Correct horse")


def test_the_clear_password_is_nowhere_in_the_database(office, tmp_path):
    database, _ = office
    a.sign_in(database, "amy", "correct horse")
    with database.engine.connect() as connection:
        for table in ("app_user", "audit_entry"):
            for row in connection.execute(text(f"SELECT * FROM {table}")):
                assert "correct horse" not in repr(tuple(row))
                assert "battery staple" not in repr(tuple(row))
    if database.sqlite_path:
        database.dispose()
        for path in database.sqlite_path.parent.glob(database.sqlite_path.name + "*"):
            assert b"correct horse" not in path.read_bytes()


def test_signing_in_makes_the_database_act_as_that_user(office):
    database, _ = office
    actor = a.sign_in(database, "CHRIS", "battery staple")
    assert database.actor == actor
    assert (actor.username, actor.roles) == ("chris", frozenset({UserRole.CHAIR}))


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(office):
    database, _ = office
    for name, password in (("amy", "wrong password"), ("nobody-here", "correct horse")):
        with pytest.raises(a.SignInError, match="^The user name or password is wrong.$"):
            a.sign_in(database, name, password)
    assert database.actor == NOBODY


def test_failed_sign_ins_make_the_account_wait_longer_each_time(office):
    database, _ = office
    for attempt in range(a.FREE_ATTEMPTS):
        with pytest.raises(a.SignInError, match="wrong"):
            a.sign_in(database, "amy", "guess", now=T0 + dt.timedelta(seconds=attempt))
    last = T0 + dt.timedelta(seconds=a.FREE_ATTEMPTS - 1)
    # Even the right password is not checked while the account waits.
    with pytest.raises(a.SignInError, match="try again in 2 seconds"):
        a.sign_in(database, "amy", "correct horse", now=last)
    with pytest.raises(a.SignInError, match="try again in 1 second\\."):
        a.sign_in(database, "amy", "correct horse", now=last + dt.timedelta(seconds=1.5))
    with pytest.raises(a.SignInError, match="wrong"):
        a.sign_in(database, "amy", "guess", now=last + dt.timedelta(seconds=2))
    assert a.wait_after(a.FREE_ATTEMPTS + 1) == 4
    with pytest.raises(a.SignInError, match="try again in 4 seconds"):
        a.sign_in(database, "amy", "correct horse", now=last + dt.timedelta(seconds=2))
    a.sign_in(database, "amy", "correct horse", now=last + dt.timedelta(seconds=7))
    assert stored(database, "amy").failed_sign_ins == 0


def test_the_wait_is_capped():
    assert a.wait_after(0) == a.wait_after(a.FREE_ATTEMPTS - 1) == 0
    assert a.wait_after(100) == a.MAX_WAIT_SECONDS


def test_a_disabled_account_cannot_sign_in(office):
    database, chair_id = office
    a.sign_in(database, "amy", "correct horse")
    a.set_account_active(database, chair_id, False)
    with pytest.raises(a.SignInError, match="disabled"):
        a.sign_in(database, "chris", "battery staple")


def test_only_one_first_administrator(office):
    database, _ = office
    with pytest.raises(BoardAdminError, match="already has accounts"):
        a.create_first_administrator(database, a.AccountFields("eve", "Eve", frozenset()), "sneaky password")
    assert database.actor != SYSTEM or stored(database, "amy")


def test_only_an_administrator_manages_accounts(office):
    database, chair_id = office
    a.sign_in(database, "chris", "battery staple")
    with pytest.raises(PermissionDeniedError):
        a.reset_password(database, chair_id, "a new password")
    with pytest.raises(PermissionDeniedError):
        a.create_account(database, a.AccountFields("fred", "Fred", frozenset({UserRole.FINANCE})), "long enough")


def test_account_rules(office):
    database, chair_id = office
    a.sign_in(database, "amy", "correct horse")
    with pytest.raises(ValidationError, match="at least 8") as short:
        a.create_account(database, a.AccountFields("fred", "Fred", frozenset({UserRole.FINANCE})), "short")
    assert short.value.field == "password"
    with pytest.raises(ValidationError, match="already an account") as clash:
        a.create_account(database, a.AccountFields("Chris", "Chris 2", frozenset({UserRole.FINANCE})), "long enough")
    assert clash.value.field == "username"
    with pytest.raises(ValidationError, match="at least one role"):
        a.create_account(database, a.AccountFields("fred", "Fred", frozenset()), "long enough")


def test_the_last_administrator_stays(office):
    database, _ = office
    a.sign_in(database, "amy", "correct horse")
    amy = stored(database, "amy")
    with pytest.raises(ValidationError, match="last active administrator"):
        a.set_account_active(database, amy.id, False)
    with pytest.raises(ValidationError, match="last active administrator"):
        a.update_account(database, amy.id, a.AccountFields("amy", "Amy", frozenset({UserRole.CHAIR})))
    assert stored(database, "amy").active


def test_changing_and_resetting_passwords(office):
    database, chair_id = office
    a.sign_in(database, "chris", "battery staple")
    with pytest.raises(ValidationError, match="current password is wrong"):
        a.change_own_password(database, "not it", "a brand new one")
    a.change_own_password(database, "battery staple", "a brand new one")
    a.sign_in(database, "amy", "correct horse")
    a.reset_password(database, chair_id, "reset by amy")
    with pytest.raises(a.SignInError):
        a.sign_in(database, "chris", "a brand new one")
    a.sign_in(database, "chris", "reset by amy")


def test_nobody_signed_in_may_read_but_not_write(office):
    database, _ = office
    assert database.actor == NOBODY
    with pytest.raises(PermissionDeniedError, match="Nobody signed in"):
        s.create_agency(database, s.AgencyFields("Healthwatch", Sector.OTHER))


def test_the_demo_accounts_sign_in_with_the_readme_password(sqlite_database, with_demo):

    with_demo(sqlite_database, dt.date(2026, 11, 21))
    for username, role in (("admin", UserRole.ADMINISTRATOR), ("chair", UserRole.CHAIR), ("finance", UserRole.FINANCE)):
        assert a.sign_in(sqlite_database, username, "demo").roles == frozenset({role})


# Argon2id as argon2-cffi made it before issue 25: 64 MiB, three passes, four lanes.
OLD_SETTINGS = "m=65536,t=3,p=4"


def _store_old_hash(database, username: str, password: str) -> str:
    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash(password)
    with database.session() as session:
        session.scalars(select(User).where(User.username == username)).one().password_hash = old
        session.commit()
    return old


def test_a_new_hash_uses_owasps_19_mib_two_pass_setting(office):
    database, chair_id = office
    assert stored(database, "amy").password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    a.sign_in(database, "amy", "correct horse")
    a.reset_password(database, chair_id, "new battery staple")
    assert stored(database, "chris").password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_hash_made_with_the_old_64_mib_setting_still_signs_in_and_is_made_again(office):
    database, _ = office
    old = _store_old_hash(database, "chris", "battery staple")
    assert f"${OLD_SETTINGS}$" in old
    with pytest.raises(a.SignInError):
        a.sign_in(database, "chris", "Battery staple")
    assert stored(database, "chris").password_hash == old  # a wrong password renews nothing
    assert a.sign_in(database, "chris", "battery staple").username == "chris"
    renewed = stored(database, "chris").password_hash
    assert renewed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert a.password_matches(renewed, "battery staple")
    assert not a.password_matches(renewed, "Battery staple")
    with database.engine.connect() as connection:
        last = connection.execute(text("SELECT username, entity, after FROM audit_entry ORDER BY id DESC")).first()
    assert (last.username, last.entity) == ("chris", "app_user") and "(changed)" in last.after  # no hash in the trail
    database.actor = NOBODY
    assert a.sign_in(database, "chris", "battery staple").username == "chris"  # and signs in with the new one


def test_on_a_file_opened_read_only_the_old_hash_signs_in_and_is_left_as_it_is(office):
    database, _ = office
    old = _store_old_hash(database, "chris", "battery staple")
    database.read_only_reason = "the file is damaged; it was opened to look at only."
    assert a.sign_in(database, "chris", "battery staple").username == "chris"
    assert stored(database, "chris").password_hash == old
