"""Accounts: signing in, the first administrator, and an administrator keeping the others.

Passwords are hashed with Argon2id (memory-hard) and never stored, logged or audited in clear. After
repeated failed sign-ins an account waits longer and longer before the next attempt is even checked.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import math
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from board_admin.db import server_roles
from board_admin.db.engine import Database
from board_admin.db.models import User
from board_admin.domain.enums import UserRole
from board_admin.domain.errors import BoardAdminError, ValidationError
from board_admin.domain.permissions import SYSTEM, Actor, Permission
from board_admin.services.structure import check_version, clean_text, get_or_fail
from board_admin.services.uow import UnitOfWork

log = logging.getLogger("board_admin.services.accounts")

MIN_PASSWORD_LENGTH = 8
FREE_ATTEMPTS = 3  # failed sign-ins allowed before the account starts to wait
MAX_WAIT_SECONDS = 15 * 60


# Argon2id at OWASP's second setting (Password Storage Cheat Sheet): 19 MiB of memory, two passes, one lane.
# OWASP lists it as as strong as 46 MiB with one pass; argon2-cffi's default (64 MiB, three passes, four lanes)
# was the peak of the program's memory at start-up. A stored hash carries its own settings, so one made with
# the old ones still verifies, and is made again with these at its owner's next sign-in.
HASH_MEMORY_KIB = 19 * 1024
HASH_PASSES = 2
HASH_LANES = 1


@functools.cache
def _hasher():
    # argon2 is loaded at the first sign-in, not at start.
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=HASH_PASSES, memory_cost=HASH_MEMORY_KIB, parallelism=HASH_LANES)


class SignInError(BoardAdminError):
    """Signing in failed; the message does not say whether the name or the password was wrong."""


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def password_matches(stored_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def wait_after(failures: int) -> int:
    """Seconds an account waits after `failures` failed sign-ins in a row: 0, then doubling from 2."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(2 ** (failures - FREE_ATTEMPTS + 1), MAX_WAIT_SECONDS)


def actor_of(user: User) -> Actor:
    return Actor(user.username, user.display_name, parse_roles(user.roles))


def parse_roles(text: str) -> frozenset[UserRole]:
    return frozenset(UserRole(value) for value in text.split(",") if value)


def _roles_text(roles: frozenset[UserRole] | set[UserRole]) -> str:
    return ",".join(sorted(role.value for role in roles))


def has_accounts(database: Database) -> bool:
    with database.session() as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def sign_in(database: Database, username: str, password: str, now: dt.datetime | None = None) -> Actor:
    """Checks the name and password; on success the database acts as that user from now on."""
    now = now or _now()
    wrong = SignInError("The user name or password is wrong.")
    with UnitOfWork(database, Permission.SIGN_IN) as uow:
        user = uow.session.scalars(select(User).where(func.lower(User.username) == username.strip().lower())).first()
        if user is None:
            password_matches(_dummy_hash(), password)  # same time taken as for a real account
            raise wrong
        wait = wait_after(user.failed_sign_ins)
        if wait and user.last_failed_at and now < user.last_failed_at + dt.timedelta(seconds=wait):
            left = math.ceil((user.last_failed_at + dt.timedelta(seconds=wait) - now).total_seconds())
            unit = "second" if left == 1 else "seconds"
            raise SignInError(f"Too many failed sign-ins for this account: try again in {left} {unit}.")
        if not password_matches(user.password_hash, password):
            user.failed_sign_ins += 1
            user.last_failed_at = now
            uow.commit()
            log.info("Failed sign-in for %s (%d in a row)", user.username, user.failed_sign_ins)
            raise wrong
        if not user.active:
            raise SignInError(f"The account {user.username} is disabled; ask an administrator.")
        if user.failed_sign_ins:
            user.failed_sign_ins = 0
            user.last_failed_at = None
        uow.commit()
        actor = actor_of(user)
        renew = _hasher().check_needs_rehash(user.password_hash)
        user_id = user.id
    database.actor = actor
    if renew:  # as the person now signed in, whom the audit trail names
        _renew_hash(database, user_id, password)
    log.info("%s signed in", actor.username)
    return actor


def _renew_hash(database: Database, user_id: int, password: str) -> None:
    """A hash made with older settings is made again with the current ones, now that the password is known.
    Its own step after the sign-in: if it cannot be written (a file opened read-only, one whose check found
    damage, a colleague's change) the person is still signed in and the old hash, which verifies, stays."""
    if database.read_only_reason:
        return
    try:
        with UnitOfWork(database, Permission.SIGN_IN) as uow:
            user = uow.session.get(User, user_id)
            if user is None:
                return
            user.password_hash = hash_password(password)
            uow.commit()
    except BoardAdminError as error:
        log.info("The password hash of account %s was left as it was: %s", user_id, error)


@functools.cache
def _dummy_hash() -> str:
    # Made on the first unknown name rather than at import: a hash costs a tenth of a second at start-up.
    return hash_password("not a password anyone has")


# --- keeping accounts ----------------------------------------------------------------------------


@dataclass
class AccountFields:
    username: str
    display_name: str
    roles: frozenset[UserRole]
    active: bool = True


def check_password(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.", field)
    if password.strip() != password:
        raise ValidationError("A password cannot begin or end with a space.", field)


def _apply_account(session, user: User, fields: AccountFields) -> None:
    username = clean_text(fields.username, "username", "The user name", required=True, limit=40)
    if " " in username:
        raise ValidationError("A user name cannot contain spaces.", "username")
    clash = session.scalars(
        select(User.id).where(func.lower(User.username) == username.lower(), User.id != (user.id or -1))
    ).first()
    if clash is not None:
        raise ValidationError(f"There is already an account called '{username}'.", "username")
    if not fields.roles:
        raise ValidationError("Give the account at least one role.", "roles")
    user.username = username
    user.display_name = clean_text(fields.display_name, "display_name", "The name", required=True, limit=200)
    user.roles = _roles_text(fields.roles)
    user.active = bool(fields.active)


def create_first_administrator(database: Database, fields: AccountFields, password: str) -> Actor:
    """The first account of a new database (anyone at the keyboard may make it); signs it in.

    Only on a database with no account at all: the check comes first, and the system acts only inside the
    scope of this one unit of work, so a refused call leaves whoever was signed in (or nobody) acting."""
    fields.roles = frozenset(fields.roles) | {UserRole.ADMINISTRATOR}
    check_password(password)
    if has_accounts(database):
        raise BoardAdminError("This database already has accounts; sign in instead.")
    with database.acting_as(SYSTEM), UnitOfWork(database, Permission.MANAGE_ACCOUNTS) as uow:
        # Checked again inside the transaction: another copy may have made the first account meanwhile.
        if uow.session.scalar(select(func.count()).select_from(User)):
            raise BoardAdminError("This database already has accounts; sign in instead.")
        user = User(password_hash=hash_password(password), failed_sign_ins=0)
        _apply_account(uow.session, user, fields)
        uow.session.add(user)
        uow.commit()
        actor = actor_of(user)
    database.actor = actor
    return actor


def create_account(database: Database, fields: AccountFields, password: str) -> int:
    """A new account; on a shared server set up with setup-server, a PostgreSQL login of the same name in the
    group roles of its roles (the server keeps the password; the account row keeps the name and roles)."""
    database.actor.require(Permission.MANAGE_ACCOUNTS)
    check_password(password)
    with UnitOfWork(database, Permission.MANAGE_ACCOUNTS) as uow:
        user = User(failed_sign_ins=0)
        _apply_account(uow.session, user, fields)
        if database.server_roles is not None:
            user.username = server_roles.check_login(user.username)
            user.password_hash = server_roles.SERVER_LOGIN_HASH
            _on_server(
                uow,
                "SELECT board_admin_create_login(:login, :verifier, :roles)",
                login=user.username,
                verifier=server_roles.scram_verifier(password),
                roles=_groups(database, fields.roles),
            )
            if not user.active:
                _on_server(uow, "SELECT board_admin_set_login_active(:login, false)", login=user.username)
        else:
            user.password_hash = hash_password(password)
        uow.session.add(user)
        uow.commit()
        return user.id


def _groups(database: Database, roles) -> list[str]:
    return [server_roles.group_role(database.server_roles, role) for role in sorted(roles, key=lambda r: r.value)]


def _on_server(uow: UnitOfWork, statement: str, **values) -> None:
    """Calls one of setup-server's account functions; the server's refusal becomes the sentence it gave."""
    try:
        with uow.session.begin_nested():
            uow.session.execute(text(statement), values)
    except DBAPIError as error:
        raise BoardAdminError(str(error.orig).strip().splitlines()[0]) from error


def update_account(database: Database, user_id: int, fields: AccountFields, version: int | None = None) -> None:
    with UnitOfWork(database, Permission.MANAGE_ACCOUNTS) as uow:
        user = get_or_fail(uow.session, User, user_id, "account")
        check_version(user, version, "account")
        was_admin = UserRole.ADMINISTRATOR in parse_roles(user.roles) and user.active
        login, was_roles, was_active = user.username, user.roles, user.active
        _apply_account(uow.session, user, fields)
        still_admin = UserRole.ADMINISTRATOR in fields.roles and fields.active
        if was_admin and not still_admin:
            _keep_an_administrator(uow.session, user.id)
        if database.server_roles is not None:
            if user.username != login:
                raise ValidationError("A server login cannot be renamed; make a new account instead.", "username")
            if user.roles != was_roles:
                roles = _groups(database, fields.roles)
                _on_server(uow, "SELECT board_admin_set_login_roles(:login, :roles)", login=login, roles=roles)
            if user.active != was_active:
                _on_server(uow, "SELECT board_admin_set_login_active(:login, :active)", login=login, active=user.active)
        uow.commit()


def _keep_an_administrator(session, leaving_id: int) -> None:
    others = [
        user
        for user in session.scalars(select(User).where(User.active.is_(True), User.id != leaving_id))
        if UserRole.ADMINISTRATOR in parse_roles(user.roles)
    ]
    if not others:
        raise ValidationError(
            "This is the last active administrator; make another account an administrator first.", "roles"
        )


def set_account_active(database: Database, user_id: int, active: bool) -> None:
    with UnitOfWork(database, Permission.MANAGE_ACCOUNTS) as uow:
        user = get_or_fail(uow.session, User, user_id, "account")
        if not active and UserRole.ADMINISTRATOR in parse_roles(user.roles):
            _keep_an_administrator(uow.session, user.id)
        user.active = active
        if active:
            user.failed_sign_ins = 0
            user.last_failed_at = None
        if database.server_roles is not None:
            # A disabled login may no longer connect at all: the server refuses it, whatever program it uses.
            _on_server(uow, "SELECT board_admin_set_login_active(:login, :active)", login=user.username, active=active)
        uow.commit()


def reset_password(database: Database, user_id: int, new_password: str) -> None:
    """An administrator sets a new password for someone (who should then change it)."""
    database.actor.require(Permission.MANAGE_ACCOUNTS)
    check_password(new_password)
    with UnitOfWork(database, Permission.MANAGE_ACCOUNTS) as uow:
        user = get_or_fail(uow.session, User, user_id, "account")
        user.failed_sign_ins = 0
        user.last_failed_at = None
        if database.server_roles is not None:
            _on_server(
                uow,
                "SELECT board_admin_set_login_password(:login, :verifier)",
                login=user.username,
                verifier=server_roles.scram_verifier(new_password),
            )
        else:
            user.password_hash = hash_password(new_password)
        uow.commit()


def change_own_password(database: Database, current_password: str, new_password: str) -> None:
    """The signed-in user changes their own password, proving they know the current one."""
    check_password(new_password, "new_password")
    if new_password == current_password:
        raise ValidationError("The new password must differ from the current one.", "new_password")
    if database.server_roles is not None:
        # The server holds the password: the one this connection was made with is the current one.
        if current_password != database.url.password:
            raise ValidationError("The current password is wrong.", "current_password")
        server_roles.change_own_password(database, new_password)
        return
    with UnitOfWork(database, Permission.SIGN_IN) as uow:
        user = uow.session.scalars(select(User).where(User.username == database.actor.username)).first()
        if user is None:
            raise BoardAdminError("Nobody is signed in with an account, so there is no password to change.")
        if not password_matches(user.password_hash, current_password):
            raise ValidationError("The current password is wrong.", "current_password")
        user.password_hash = hash_password(new_password)
        uow.commit()
