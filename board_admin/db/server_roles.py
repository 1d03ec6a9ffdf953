"""On a shared PostgreSQL server, PostgreSQL itself enforces the roles.

`setup-server` (run once by IT with the database owner's credentials, and again after every upgrade) makes:
- three group roles, `<prefix>administrator`, `<prefix>chair` and `<prefix>finance` (prefix `board_admin_` unless
  told otherwise, so that two Board Admin databases on one server can keep their people apart), whose GRANTs give
  table by table exactly the rights of the README's role table;
- triggers on every table that write the audit trail, naming `session_user`: the login that made the change.
  No group role may insert, change or delete an audit row; only the trigger's SECURITY DEFINER function (and
  its companion for the application's notes, which also names `session_user`) writes them;
- SECURITY DEFINER functions through which an administrator's account management creates, changes and disables
  logins, touching only logins that belong to this database's group roles (an administrator needs no CREATEROLE);
- the first administrator login.

Each person then signs in to PostgreSQL as themselves (`connect_as_person`): the server checks the password,
and the application learns their roles from the groups the login belongs to. Passwords reach the server only as
SCRAM-SHA-256 verifiers, never in clear.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import math
import os
import re

from sqlalchemy import func, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from board_admin.db.engine import Database, DatabaseOpenError, data_dir, open_database
from board_admin.db.models import Base, Setting, User
from board_admin.domain.enums import UserRole
from board_admin.domain.errors import BoardAdminError, ValidationError
from board_admin.domain.permissions import Actor

log = logging.getLogger("board_admin.db.server_roles")

DEFAULT_PREFIX = "board_admin_"
PREFIX_SETTING = "server.role_prefix"
SERVER_LOGIN_HASH = "(a server login: PostgreSQL checks the password)"
# The money tables: what the finance role keeps.
MONEY_TABLES = ("financial_year", "contribution", "income_line", "budget_line", "expenditure")
# What a chair records on a challenge: its response, outcome and closing (and the status those move).
CHAIR_CHALLENGE_COLUMNS = ("status", "date_closed", "response", "responded_on", "outcome", "version")
CHAIR_INSERT_TABLES = ("challenge_status_change",)
AUDIT_TABLE = "audit_entry"
PUBLIC_ACCOUNT_COLUMNS = ("id", "username", "display_name", "roles", "active", "version")
MEMBER_OF = """SELECT rolname FROM pg_roles
WHERE rolname = ANY(:names) AND pg_has_role(session_user, oid, 'MEMBER')"""
LOGIN_PATTERN = re.compile(r"^[a-z][a-z0-9_.-]{0,39}$")


class ServerSignInError(BoardAdminError):
    """Signing in to the server failed; the message says why in one sentence."""


def group_role(prefix: str, role: UserRole) -> str:
    return f"{prefix}{role.value}"


def check_login(login: str) -> str:
    cleaned = login.strip()
    if not LOGIN_PATTERN.match(cleaned):
        raise ValidationError(
            f"'{login}' cannot be a server login: use up to 40 lower-case letters, digits, '.', '-' or '_', "
            "starting with a letter.",
            "username",
        )
    return cleaned


def scram_verifier(password: str, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677): the server accepts it as an
    already-encrypted password, so the password itself never travels to the server or its logs."""
    salt = os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    b64 = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def _ddl(connection, statement: str) -> None:
    """A statement sent as written: no bind parameters (PL/pgSQL's ':=' and format's '%I' stay as they are)."""
    connection.exec_driver_sql(statement, execution_options={"no_parameters": True})


def _literal(verifier: str) -> str:
    """A verifier as an SQL literal (utility statements take no parameters); it is base64 and separators only."""
    if not re.fullmatch(r"SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+", verifier):
        raise ValueError("not a SCRAM verifier")
    return f"'{verifier}'"


def change_own_password(database: Database, new_password: str) -> None:
    """A signed-in person's own new password, kept by the server (any login may change its own); the open
    database's later connections use it."""
    from sqlalchemy import create_engine

    with database.engine.begin() as connection:
        _ddl(connection, f"ALTER ROLE CURRENT_USER PASSWORD {_literal(scram_verifier(new_password))}")
    url = database.url.set(password=new_password)
    database.engine.dispose()
    database.url = url
    database.engine = create_engine(url, pool_pre_ping=True)
    database.session_factory.configure(bind=database.engine)


# --- set-up -------------------------------------------------------------------------------------------------


def _tables() -> list[str]:
    return [table.name for table in Base.metadata.sorted_tables]


def _key_column(name: str) -> str:
    return list(Base.metadata.tables[name].primary_key.columns)[0].name


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _functions_sql(prefix: str) -> list[str]:
    groups = "ARRAY[" + ", ".join(f"'{group_role(prefix, role)}'" for role in UserRole) + "]"
    return [
        # The audit trigger: one entry per row changed, naming the login (session_user, which SECURITY DEFINER
        # does not change), the values before and after; a change of a password records the fact only.
        """
CREATE OR REPLACE FUNCTION board_admin_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    old_row jsonb; new_row jsonb; was jsonb := '{}'; now_is jsonb := '{}'; k text; id_text text; op text;
BEGIN
    IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD) - 'version'; END IF;
    IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW) - 'version'; END IF;
    -- A paper's file is named by its size and SHA-256 (as services.uow._plain does), never copied.
    IF TG_TABLE_NAME = 'paper_version' THEN
        IF old_row IS NOT NULL THEN old_row := old_row || jsonb_build_object('content', format('%s bytes, SHA-256 %s',
            octet_length(decode(substr(old_row ->> 'content', 3), 'hex')),
            encode(sha256(decode(substr(old_row ->> 'content', 3), 'hex')), 'hex'))); END IF;
        IF new_row IS NOT NULL THEN new_row := new_row || jsonb_build_object('content', format('%s bytes, SHA-256 %s',
            octet_length(decode(substr(new_row ->> 'content', 3), 'hex')),
            encode(sha256(decode(substr(new_row ->> 'content', 3), 'hex')), 'hex'))); END IF;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        op := 'update';
        FOR k IN SELECT jsonb_object_keys(new_row) LOOP
            IF new_row -> k IS DISTINCT FROM old_row -> k THEN
                IF k = 'password_hash' THEN
                    was := was || '{"password": "(not recorded)"}';
                    now_is := now_is || '{"password": "(changed)"}';
                ELSE
                    was := was || jsonb_build_object(k, old_row -> k);
                    now_is := now_is || jsonb_build_object(k, new_row -> k);
                END IF;
            END IF;
        END LOOP;
        IF now_is = '{}' THEN RETURN NULL; END IF;
    ELSIF TG_OP = 'INSERT' THEN
        op := 'create'; was := NULL; now_is := new_row - 'password_hash';
    ELSE
        op := 'delete'; was := old_row - 'password_hash'; now_is := NULL;
    END IF;
    id_text := coalesce(new_row, old_row) ->> TG_ARGV[0];
    -- A row known by text (a setting's key) has no number for entity_id: the change names it instead.
    IF op = 'update' AND id_text !~ '^-?[0-9]{1,18}$' THEN
        was := jsonb_build_object(TG_ARGV[0], id_text) || was;
        now_is := jsonb_build_object(TG_ARGV[0], id_text) || now_is;
    END IF;
    INSERT INTO audit_entry (at, username, entity, entity_id, operation, before, after)
    VALUES (timezone('utc', clock_timestamp()), session_user, TG_TABLE_NAME,
            CASE WHEN id_text ~ '^-?[0-9]{1,18}$' THEN id_text::bigint END, op, was::text, now_is::text);
    RETURN NULL;
END $fn$""",
        # The application's own notes (an import's file name and counts): written in the login's name too.
        """
CREATE OR REPLACE FUNCTION board_admin_audit_note(p_entity text, p_operation text, p_before text, p_after text)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
    INSERT INTO audit_entry (at, username, entity, entity_id, operation, before, after)
    VALUES (timezone('utc', clock_timestamp()), session_user, p_entity, NULL, p_operation, p_before, p_after)
$fn$""",
        # Account management: only logins that belong to this database's groups, never the owner or a role
        # that may create roles; a new login must not exist yet.
        f"""
CREATE OR REPLACE FUNCTION board_admin_check_login(p_login text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    IF NOT EXISTS (
        SELECT FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
        WHERE r.rolname = p_login AND g.rolname = ANY({groups}) AND NOT r.rolsuper AND NOT r.rolcreaterole
    ) OR p_login = (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) THEN
        RAISE EXCEPTION 'The login % is not a Board Admin login of this database.', p_login;
    END IF;
END $fn$""",
        f"""
CREATE OR REPLACE FUNCTION board_admin_set_login_roles(p_login text, p_roles text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE g text;
BEGIN
    PERFORM board_admin_check_login(p_login);
    IF cardinality(p_roles) = 0 THEN RAISE EXCEPTION 'Give the login at least one role.'; END IF;
    FOREACH g IN ARRAY {groups} LOOP
        IF g = ANY(p_roles) THEN
            EXECUTE format('GRANT %I TO %I', g, p_login);
        ELSIF EXISTS (SELECT FROM pg_auth_members m WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = g)
                      AND m.member = (SELECT oid FROM pg_roles WHERE rolname = p_login)) THEN
            EXECUTE format('REVOKE %I FROM %I', g, p_login);
        END IF;
    END LOOP;
END $fn$""",
        f"""
CREATE OR REPLACE FUNCTION board_admin_create_login(p_login text, p_verifier text, p_roles text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE g text;
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = p_login) THEN
        RAISE EXCEPTION 'There is already a login called % on this server.', p_login;
    END IF;
    IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN RAISE EXCEPTION 'Only an encrypted password is taken.'; END IF;
    IF cardinality(p_roles) = 0 THEN RAISE EXCEPTION 'Give the login at least one role.'; END IF;
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_login, p_verifier);
    FOREACH g IN ARRAY p_roles LOOP
        IF NOT g = ANY({groups}) THEN RAISE EXCEPTION 'No such Board Admin role: %', g; END IF;
        EXECUTE format('GRANT %I TO %I', g, p_login);
    END LOOP;
END $fn$""",
        """
CREATE OR REPLACE FUNCTION board_admin_set_login_active(p_login text, p_active boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    PERFORM board_admin_check_login(p_login);
    EXECUTE format('ALTER ROLE %I %s', p_login, CASE WHEN p_active THEN 'LOGIN' ELSE 'NOLOGIN' END);
END $fn$""",
        """
CREATE OR REPLACE FUNCTION board_admin_set_login_password(p_login text, p_verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    PERFORM board_admin_check_login(p_login);
    IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN RAISE EXCEPTION 'Only an encrypted password is taken.'; END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', p_login, p_verifier);
END $fn$""",
    ]


ACCOUNT_FUNCTIONS = (
    "board_admin_check_login(text)",
    "board_admin_set_login_roles(text, text[])",
    "board_admin_create_login(text, text, text[])",
    "board_admin_set_login_active(text, boolean)",
    "board_admin_set_login_password(text, text)",
)


def _grants_sql(prefix: str, database_name: str) -> list[str]:
    admin, chair, finance = (_q(group_role(prefix, role)) for role in UserRole)
    everyone = f"{admin}, {chair}, {finance}"
    tables = _tables()
    statements = [
        f"REVOKE ALL ON DATABASE {_q(database_name)} FROM PUBLIC",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {_q(database_name)} TO {everyone}",
        f"GRANT USAGE ON SCHEMA public TO {everyone}",
        # Start from nothing, so that a re-run after an upgrade leaves exactly the rights below.
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {everyone}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {everyone}",
        f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC, {everyone}",
        f"GRANT SELECT ON alembic_version TO {everyone}",
        f"GRANT SELECT ON {AUDIT_TABLE} TO {admin}",
        f"GRANT EXECUTE ON FUNCTION board_admin_audit_note(text, text, text, text) TO {everyone}",
    ]
    statements += [f"GRANT EXECUTE ON FUNCTION {signature} TO {admin}" for signature in ACCOUNT_FUNCTIONS]
    for name in tables:
        if name == AUDIT_TABLE:
            continue
        if name == "app_user":
            # The accounts' names and roles for everyone (the status bar, the trail's names); the rest for
            # administrators, who keep the accounts.
            statements.append(f"GRANT SELECT ON app_user TO {admin}")
            statements.append(f"GRANT SELECT ({', '.join(PUBLIC_ACCOUNT_COLUMNS)}) ON app_user TO {chair}, {finance}")
        else:
            statements.append(f"GRANT SELECT ON {_q(name)} TO {everyone}")
        statements.append(f"GRANT INSERT, UPDATE, DELETE ON {_q(name)} TO {admin}")
        writers = [admin]
        if name in MONEY_TABLES:
            statements.append(f"GRANT INSERT, UPDATE, DELETE ON {_q(name)} TO {finance}")
            writers.append(finance)
        if name in CHAIR_INSERT_TABLES:
            statements.append(f"GRANT INSERT ON {_q(name)} TO {chair}")
            writers.append(chair)
        if name == "challenge":
            statements.append(f"GRANT UPDATE ({', '.join(CHAIR_CHALLENGE_COLUMNS)}) ON challenge TO {chair}")
        statements.append(
            f"""DO $do$ DECLARE s text := pg_get_serial_sequence('public.{name}', '{_key_column(name)}'); BEGIN
                IF s IS NOT NULL THEN EXECUTE 'GRANT USAGE, SELECT ON SEQUENCE ' || s || ' TO {", ".join(writers)}';
                END IF; END $do$"""
        )
    return statements


def _triggers_sql() -> list[str]:
    statements = []
    for name in _tables():
        if name == AUDIT_TABLE:
            continue
        statements.append(f"DROP TRIGGER IF EXISTS board_admin_audit ON {_q(name)}")
        statements.append(
            f"CREATE TRIGGER board_admin_audit AFTER INSERT OR UPDATE OR DELETE ON {_q(name)} "
            f"FOR EACH ROW EXECUTE FUNCTION board_admin_audit('{_key_column(name)}')"
        )
    return statements


def setup_server(
    owner_url: str,
    admin_login: str,
    admin_password: str | None,
    *,
    admin_name: str | None = None,
    prefix: str = DEFAULT_PREFIX,
) -> list[str]:
    """Creates or brings up to date the schema, group roles, grants and triggers, and the first administrator
    login (when it does not exist yet); returns what it did, one line each. Safe to run again."""
    from board_admin.services.accounts import check_password

    url = make_url(owner_url)
    if url.get_backend_name() != "postgresql":
        raise BoardAdminError("setup-server is for a PostgreSQL server; a SQLite file keeps its own accounts.")
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,30}", prefix):
        raise ValidationError(f"'{prefix}' cannot begin a role name: use lower-case letters, digits and '_'.")
    admin_login = check_login(admin_login)
    done: list[str] = []
    database = open_database(owner_url)  # the migrations, as the owner
    try:
        with database.engine.begin() as connection:
            owner = connection.scalar(text("SELECT current_user"))
            may_create = connection.scalar(
                text("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
            )
            if not may_create:
                raise BoardAdminError(
                    f"The login {owner} may not create roles: run setup-server with the credentials of a database "
                    "owner that has CREATEROLE (ALTER ROLE ... CREATEROLE)."
                )
            for role in UserRole:
                name = group_role(prefix, role)
                if not connection.scalar(text("SELECT count(*) FROM pg_roles WHERE rolname = :n"), {"n": name}):
                    _ddl(connection, f"CREATE ROLE {_q(name)} NOLOGIN")
                    done.append(f"Created the group role {name}")
            for statement in _functions_sql(prefix) + _triggers_sql() + _grants_sql(prefix, url.database):
                _ddl(connection, statement)
            done.append("Granted each group role exactly its rights and put the audit triggers on every table")
            stored = connection.scalar(select(Setting.value).where(Setting.key == PREFIX_SETTING))
            if stored is None:
                connection.execute(Setting.__table__.insert().values(key=PREFIX_SETTING, value=prefix))
            elif stored != prefix:
                connection.execute(Setting.__table__.update().where(Setting.key == PREFIX_SETTING).values(value=prefix))
            exists = connection.scalar(text("SELECT count(*) FROM pg_roles WHERE rolname = :n"), {"n": admin_login})
            if not exists:
                if admin_password is None:
                    raise BoardAdminError(f"No password for the new login {admin_login}.")
                check_password(admin_password)
                _ddl(
                    connection,
                    f"CREATE ROLE {_q(admin_login)} LOGIN PASSWORD {_literal(scram_verifier(admin_password))}",
                )
                done.append(f"Created the login {admin_login}")
            _ddl(connection, f"GRANT {_q(group_role(prefix, UserRole.ADMINISTRATOR))} TO {_q(admin_login)}")
            has_row = connection.scalar(select(func.count()).select_from(User).where(User.username == admin_login))
            if not has_row:
                connection.execute(
                    User.__table__.insert().values(
                        username=admin_login,
                        display_name=admin_name or admin_login,
                        roles=UserRole.ADMINISTRATOR.value,
                        password_hash=SERVER_LOGIN_HASH,
                        active=True,
                        failed_sign_ins=0,
                        version=1,
                    )
                )
            done.append(f"{admin_login} is an administrator of {url.database}")
            done += _bring_accounts_over(connection, prefix, admin_login)
    except DBAPIError as error:
        raise BoardAdminError(f"The server refused the set-up: {_first_line(error)}") from error
    finally:
        database.dispose()
    return done


def login_exists(owner_url: str, login: str) -> bool:
    """Whether the server already has this login (setup-server then asks for no password)."""
    from sqlalchemy import create_engine

    if make_url(owner_url).get_backend_name() != "postgresql":
        return True  # setup-server then says what it is for
    engine = create_engine(owner_url)
    try:
        with engine.connect() as connection:
            return bool(connection.scalar(text("SELECT count(*) FROM pg_roles WHERE rolname = :n"), {"n": login}))
    except DBAPIError as error:
        raise BoardAdminError(f"Could not reach the server: {_first_line(error)}") from error
    finally:
        engine.dispose()


def _bring_accounts_over(connection, prefix: str, admin_login: str) -> list[str]:
    """Accounts the database kept itself before its set-up become logins in their roles' groups, with no password
    until an administrator resets it (Accounts and audit, Reset password); their own password hashes go, since
    the server now checks passwords. A name the server already uses for another role is left alone and reported:
    Board Admin never gives its rights to a role it did not make."""
    done = []
    rows = connection.execute(
        select(User.username, User.roles, User.active, User.password_hash).where(User.username != admin_login)
    ).all()
    for username, roles_text, active, password_hash in rows:
        if password_hash == SERVER_LOGIN_HASH:
            continue  # already a login of this database
        if not LOGIN_PATTERN.match(username) or connection.scalar(
            text("SELECT count(*) FROM pg_roles WHERE rolname = :n"), {"n": username}
        ):
            done.append(
                f"The account {username} was not given a login (the server has that name already, or it cannot be "
                "a login): add it again under another name"
            )
            continue
        _ddl(connection, f"CREATE ROLE {_q(username)} {'LOGIN' if active else 'NOLOGIN'}")
        for value in filter(None, roles_text.split(",")):
            _ddl(connection, f"GRANT {_q(group_role(prefix, UserRole(value)))} TO {_q(username)}")
        connection.execute(
            User.__table__.update().where(User.username == username).values(password_hash=SERVER_LOGIN_HASH)
        )
        done.append(f"Made the account {username} a login; it signs in once an administrator resets its password")
    return done


def _first_line(error: Exception) -> str:
    orig = getattr(error, "orig", None) or error
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


# --- signing in as a person --------------------------------------------------------------------------------


def is_person_url(url: str) -> bool:
    """A server address that names no login: the person signs in with --user (or the sign-in window)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return False  # not an address at all: opening it says so
    return parsed.get_backend_name() == "postgresql" and not parsed.username


def connect_as_person(url: str, login: str, password: str, now: dt.datetime | None = None) -> Database:
    """Opens the server database as `login`; returns it signed in, or raises one sentence saying what was wrong:
    a wrong name or password, a disabled account, a login with no Board Admin role, or a refusing server."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    parsed = make_url(url)
    login = login.strip()
    throttle = SignInThrottle(parsed, login)
    throttle.check(now)
    database = Database(parsed.set(username=login, password=password).render_as_string(hide_password=False))
    where = f"{parsed.database} on {parsed.host or 'localhost'}"
    try:
        with database.engine.connect() as connection:
            prefix = connection.scalar(select(Setting.value).where(Setting.key == PREFIX_SETTING))
            if prefix is None:
                raise ServerSignInError(
                    f"The database {where} is not set up for personal logins: ask your IT officer to run "
                    "board-admin setup-server."
                )
            names = {group_role(prefix, role): role for role in UserRole}
            member_of = connection.execute(
                text(MEMBER_OF),
                {"names": list(names)},
            ).scalars()
            roles = frozenset(names[name] for name in member_of)
            display = connection.scalar(select(User.display_name).where(User.username == login))
            current = connection.scalar(text("SELECT version_num FROM alembic_version LIMIT 1"))
    except ServerSignInError:
        database.dispose()
        raise
    except OperationalError as error:
        database.dispose()
        message = _first_line(error)
        if "password authentication failed" in message:
            throttle.failed(now)
            raise ServerSignInError("The user name or password is wrong.") from error
        if "not permitted to log in" in message:
            raise ServerSignInError(f"The account {login} is disabled; ask an administrator.") from error
        if "permission denied for database" in message:
            raise ServerSignInError(
                f"The login {login} has no Board Admin role on {where}; ask an administrator."
            ) from error
        raise ServerSignInError(f"The server refused the connection to {where}: {message}") from error
    except DBAPIError as error:
        database.dispose()
        raise ServerSignInError(f"The server refused the connection to {where}: {_first_line(error)}") from error
    if not roles:
        database.dispose()
        raise ServerSignInError(no_role(login, where))
    from board_admin.db.migrate import head_revisions

    if {current} != head_revisions(database):
        database.dispose()
        raise DatabaseOpenError(
            f"The database {where} needs its upgrade: ask your IT officer to run board-admin setup-server again."
        )
    throttle.succeeded()
    database.server_roles = prefix
    database.actor = Actor(login, display or login, roles)
    log.info("%s signed in to %s", login, where)
    return database


def no_role(login: str, where: str) -> str:
    return f"The login {login} has no Board Admin role on {where}; ask an administrator."


class SignInThrottle:
    """The wait after three failed sign-ins, for a server login. The server checks the password and the database
    cannot record a failure made by someone who could not connect, so this computer keeps the count (in the data
    folder), per server, database and login."""

    def __init__(self, url: URL, login: str) -> None:
        self.key = f"{url.host}:{url.port or 5432}/{url.database}/{login.lower()}"
        self.path = data_dir() / "server-sign-ins.json"

    def _load(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _save(self, data: dict) -> None:
        try:
            self.path.write_text(json.dumps(data), encoding="utf-8")
        except OSError:
            log.warning("Could not keep the count of failed sign-ins in %s", self.path)

    def check(self, now: dt.datetime) -> None:
        from board_admin.services.accounts import SignInError, wait_after

        failures, last = self._load().get(self.key, (0, None))
        wait = wait_after(failures)
        if wait and last:
            until = dt.datetime.fromisoformat(last) + dt.timedelta(seconds=wait)
            if now < until:
                left = math.ceil((until - now).total_seconds())
                unit = "second" if left == 1 else "seconds"
                raise SignInError(f"Too many failed sign-ins for this account: try again in {left} {unit}.")

    def failed(self, now: dt.datetime) -> None:
        data = self._load()
        failures, _last = data.get(self.key, (0, None))
        data[self.key] = (failures + 1, now.isoformat())
        self._save(data)

    def succeeded(self) -> None:
        data = self._load()
        if data.pop(self.key, None) is not None:
            self._save(data)
