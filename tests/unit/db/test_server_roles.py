"""On the shared server PostgreSQL itself enforces the roles: logins made by `setup-server` and `account add`
connect with psycopg directly (as anyone could with psql) and the server refuses what their role may not do.

Role names are cluster-wide, so every test gets its own prefix (`--role-prefix t<hex>_`) for the group roles and
its logins, and drops them afterwards: parallel runs on one server never meet.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import psycopg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from board_admin.cli import EXIT_FAILED, EXIT_OK, main
from board_admin.db import server_roles
from board_admin.db.models import AuditEntry, Base, User
from board_admin.domain.enums import Sector
from board_admin.domain.permissions import PermissionDeniedError
from board_admin.services import accounts
from board_admin.services import structure as st
from tests.conftest import _fresh_postgres

pytestmark = pytest.mark.postgres

PASSWORDS = {"admin": "Admin-pass-2026", "chair": "Chair-pass-2026", "finance": "Finance-pass-2026"}
MONEY = set(server_roles.MONEY_TABLES)
TABLES = [table.name for table in Base.metadata.sorted_tables]


class Server:
    def __init__(self, owner_url: str, prefix: str) -> None:
        self.owner_url = owner_url
        self.prefix = prefix
        url = make_url(owner_url)
        self.dbname = url.database
        # The server and the database only: who signs in comes from --user (URL.set cannot clear a part).
        self.person_url = f"{url.drivername}://{url.host}:{url.port or 5432}/{url.database}"
        self.host, self.port = url.host or "127.0.0.1", url.port or 5432
        self.login = {role: f"{prefix}{role}_login" for role in PASSWORDS}

    def run(self, *arguments: str, user: str | None = None, password: str | None = None, new: str | None = None):
        import os

        saved = {name: os.environ.get(name) for name in ("BOARD_ADMIN_PASSWORD", "BOARD_ADMIN_NEW_PASSWORD")}
        try:
            for name, value in (("BOARD_ADMIN_PASSWORD", password), ("BOARD_ADMIN_NEW_PASSWORD", new)):
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            where = ["--database", self.person_url if user else self.owner_url]
            return main(where + (["--user", user] if user else []) + list(arguments))
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value

    def connect(self, role: str) -> psycopg.Connection:
        """psycopg straight to the server, as someone with psql would."""
        return psycopg.connect(
            host=self.host,
            port=self.port,
            dbname=self.dbname,
            user=self.login[role],
            password=PASSWORDS[role],
            autocommit=True,
        )

    def audit_count(self) -> int:
        with psycopg.connect(
            make_url(self.owner_url).render_as_string(hide_password=False).replace("postgresql+psycopg", "postgresql")
        ) as connection:
            return connection.execute("SELECT count(*) FROM audit_entry").fetchone()[0]


@pytest.fixture
def server(request):
    database, drop = _fresh_postgres(request.getfixturevalue("postgres_template"))
    owner_url = database.url.render_as_string(hide_password=False)
    database.dispose()
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    made = Server(owner_url, prefix)
    try:
        assert (
            made.run(
                "setup-server",
                "--admin",
                made.login["admin"],
                "--name",
                "Amy Admin",
                "--role-prefix",
                prefix,
                new=PASSWORDS["admin"],
            )
            == EXIT_OK
        )
        for role, name in (("chair", "Chris Chair"), ("finance", "Fran Finance")):
            assert (
                made.run(
                    "account",
                    "add",
                    made.login[role],
                    "--name",
                    name,
                    "--role",
                    role,
                    user=made.login["admin"],
                    password=PASSWORDS["admin"],
                    new=PASSWORDS[role],
                )
                == EXIT_OK
            )
        yield made
    finally:
        drop()
        _drop_roles(owner_url, prefix)


def _drop_roles(owner_url: str, prefix: str) -> None:
    from sqlalchemy import create_engine

    maintenance = make_url(owner_url).set(database="postgres")  # the test's own database is gone by now
    engine = create_engine(maintenance, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        names = (
            connection.execute(
                text("SELECT rolname FROM pg_roles WHERE starts_with(rolname, :p) ORDER BY rolcanlogin DESC"),
                {"p": prefix},
            )
            .scalars()
            .all()
        )
        for name in names:
            connection.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
    engine.dispose()


def refused(connection: psycopg.Connection, statement: str) -> bool:
    try:
        connection.execute(statement)
    except psycopg.errors.InsufficientPrivilege:
        return True
    return False


def a_column(table: str, avoid: tuple[str, ...] = ()) -> str:
    return next(column.name for column in Base.metadata.tables[table].columns if column.name not in avoid)


def attempts(table: str, avoid: tuple[str, ...] = ()) -> dict[str, str]:
    column = a_column(table, avoid)
    return {
        "INSERT": f'INSERT INTO "{table}" DEFAULT VALUES',
        "UPDATE": f'UPDATE "{table}" SET "{column}" = "{column}"',
        "DELETE": f'DELETE FROM "{table}"',
    }


def test_a_chair_login_is_refused_every_change_by_the_server(server):
    with server.connect("chair") as connection:
        allowed = []
        for table in TABLES:
            # On challenge, a column a chair may not change; the chair's own columns are checked below.
            avoid = server_roles.CHAIR_CHALLENGE_COLUMNS if table == "challenge" else ()
            for verb, statement in attempts(table, avoid).items():
                if verb == "INSERT" and table in server_roles.CHAIR_INSERT_TABLES:
                    continue
                if not refused(connection, statement):
                    allowed.append(f"{verb} {table}")
        assert allowed == []
        # What a chair records (DESIGN: challenge responses and outcomes), and nothing else.
        for column in ("response", "outcome", "status"):
            assert connection.execute(f"SELECT has_column_privilege('challenge', '{column}', 'UPDATE')").fetchone()[0]
        assert connection.execute("SELECT has_table_privilege('challenge_status_change', 'INSERT')").fetchone()[0]
        assert refused(connection, "SELECT * FROM audit_entry")
        assert refused(connection, "SELECT password_hash FROM app_user")
        assert connection.execute("SELECT display_name FROM app_user WHERE username = %s", (server.login["chair"],))


def test_a_finance_login_may_change_only_the_money_tables(server):
    with server.connect("finance") as connection:
        allowed = []
        for table in TABLES:
            for verb, statement in attempts(table).items():
                if table in MONEY:
                    privilege = connection.execute(f"SELECT has_table_privilege('{table}', '{verb}')").fetchone()[0]
                    assert privilege, f"finance may not {verb} {table}"
                elif not refused(connection, statement):
                    allowed.append(f"{verb} {table}")
        assert allowed == []
        # A change of money made with psql still lands in the trail, in the login's name.
        connection.execute("INSERT INTO financial_year (start_year, label, version) VALUES (2031, '2031-32', 1)")
        row = connection.execute("SELECT 1 FROM financial_year WHERE start_year = 2031").fetchone()
        assert row is not None
    with server.connect("admin") as connection:
        entry = connection.execute(
            "SELECT username, operation, after FROM audit_entry WHERE entity = 'financial_year' ORDER BY id DESC"
        ).fetchone()
    assert entry[0] == server.login["finance"] and entry[1] == "create" and '"2031-32"' in entry[2]


def test_nobody_but_the_trigger_writes_the_audit_trail(server):
    for role in PASSWORDS:
        with server.connect(role) as connection:
            for verb, statement in attempts("audit_entry").items():
                assert refused(connection, statement), f"{role} may {verb} the audit trail"
            # Not even through the trigger's function, called by hand.
            assert refused(connection, "SELECT board_admin_audit()")


def test_the_application_signed_in_as_a_login_is_audited_once_in_its_name(server):
    database = server_roles.connect_as_person(server.person_url, server.login["admin"], PASSWORDS["admin"])
    try:
        assert database.actor.username == server.login["admin"] and database.actor.display_name == "Amy Admin"
        agency = st.create_agency(database, st.AgencyFields("Healthwatch", Sector.OTHER, "HW"))
        with database.session() as session:
            entries = session.execute(
                select(AuditEntry.username, AuditEntry.operation).where(
                    AuditEntry.entity == "agency", AuditEntry.entity_id == agency
                )
            ).all()
        assert entries == [(server.login["admin"], "create")]  # the trigger's, and no second one
    finally:
        database.dispose()


def test_the_chairs_application_is_refused_by_the_services_and_the_server(server):
    database = server_roles.connect_as_person(server.person_url, server.login["chair"], PASSWORDS["chair"])
    try:
        with pytest.raises(PermissionDeniedError):
            st.create_agency(database, st.AgencyFields("Healthwatch", Sector.OTHER))
        # Talked round the services (as a script could be), the server still says no.
        with database.session() as session, pytest.raises(Exception, match="permission denied"):
            session.execute(
                text(
                    "INSERT INTO agency (name, sector, statutory_partner, active, version) "
                    "VALUES ('X', 'other', false, true, 1)"
                )
            )
    finally:
        database.dispose()


def test_account_commands_make_change_and_disable_server_logins(server, capsys):
    admin = {"user": server.login["admin"], "password": PASSWORDS["admin"]}
    assert server.run("account", "list", **admin) == EXIT_OK
    listed = capsys.readouterr().out
    assert server.login["chair"] in listed and "Chris Chair - Chair" in listed
    # A chair may not keep accounts, whatever they call.
    assert (
        server.run(
            "account",
            "add",
            f"{server.prefix}mallory",
            "--name",
            "Mallory",
            "--role",
            "administrator",
            user=server.login["chair"],
            password=PASSWORDS["chair"],
            new="Mallory-pass-2026",
        )
        == EXIT_FAILED
    )
    assert "may not manage accounts" in capsys.readouterr().err
    assert server.run("account", "disable", server.login["chair"], **admin) == EXIT_OK
    capsys.readouterr()
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        server.connect("chair")
    before = server.audit_count()
    assert server.run("account", "list", user=server.login["chair"], password=PASSWORDS["chair"]) == EXIT_FAILED
    assert capsys.readouterr().err.strip() == (
        f"board-admin: The account {server.login['chair']} is disabled; ask an administrator."
    )
    assert server.audit_count() == before


def test_bad_sign_ins_get_one_sentence_each_and_write_nothing(server, capsys):
    before = server.audit_count()
    wrong = "board-admin: The user name or password is wrong."
    assert server.run("account", "list", user=server.login["admin"], password="not it") == EXIT_FAILED
    assert capsys.readouterr().err.strip() == wrong
    assert server.run("account", "list", user=f"{server.prefix}nobody", password="not it") == EXIT_FAILED
    assert capsys.readouterr().err.strip() == wrong
    # A login of the server that is in no Board Admin group.
    from sqlalchemy import create_engine

    stranger = f"{server.prefix}stranger"
    engine = create_engine(server.owner_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"CREATE ROLE \"{stranger}\" LOGIN PASSWORD 'Stranger-pass-2026'"))
    engine.dispose()
    assert server.run("account", "list", user=stranger, password="Stranger-pass-2026") == EXIT_FAILED
    assert capsys.readouterr().err.strip() == (
        f"board-admin: The login {stranger} has no Board Admin role on {server.dbname} on {server.host}; "
        "ask an administrator."
    )
    # A server that refuses the connection (nothing listens on that port).
    closed = make_url(server.person_url).set(port=1).render_as_string(hide_password=False)
    server.person_url, reachable = closed, server.person_url
    assert server.run("account", "list", user=server.login["admin"], password=PASSWORDS["admin"]) == EXIT_FAILED
    server.person_url = reachable
    refusal = capsys.readouterr().err.strip()
    assert refusal.startswith(f"board-admin: The server refused the connection to {server.dbname} on {server.host}: ")
    assert len(refusal.splitlines()) == 1
    assert server.audit_count() == before


def test_the_wait_after_three_failed_sign_ins_holds_on_the_server(server):
    t0 = dt.datetime(2026, 3, 2, 9, 0, 0)
    login = server.login["finance"]
    for attempt in range(3):
        with pytest.raises(server_roles.ServerSignInError, match="password is wrong"):
            server_roles.connect_as_person(server.person_url, login, "a guess", now=t0 + dt.timedelta(seconds=attempt))
    with pytest.raises(accounts.SignInError, match=r"Too many failed sign-ins for this account: try again in 1 second"):
        server_roles.connect_as_person(server.person_url, login, PASSWORDS["finance"], now=t0 + dt.timedelta(seconds=3))
    database = server_roles.connect_as_person(
        server.person_url, login, PASSWORDS["finance"], now=t0 + dt.timedelta(seconds=5)
    )
    database.dispose()


def test_setup_server_is_safe_to_run_again(server, capsys):
    capsys.readouterr()
    assert server.run("setup-server", "--admin", server.login["admin"], "--role-prefix", server.prefix) == EXIT_OK
    out = capsys.readouterr().out
    assert "Created" not in out and "put the audit triggers on every table" in out
    with server.connect("chair") as connection:
        assert refused(connection, "DELETE FROM agency")
    database = server_roles.connect_as_person(server.person_url, server.login["finance"], PASSWORDS["finance"])
    assert {role.value for role in database.actor.roles} == {"finance"}
    database.dispose()


def test_each_role_does_its_work_through_the_services_on_the_server(server):
    """The grants are not narrower than the roles: an administrator builds a world, a chair records a response,
    finance records income, each through the ordinary services, and the trail names each login once per row."""
    from board_admin.domain.financial_year import FinancialYear
    from board_admin.services import challenges as ch
    from board_admin.services import funding as fu
    from tests.sample_world import build_world

    def signed_in(role):
        return server_roles.connect_as_person(server.person_url, server.login[role], PASSWORDS[role])

    admin = signed_in("admin")
    build_world(admin, dt.date(2025, 6, 2))
    with admin.session() as session:
        challenge = session.scalar(text("SELECT min(id) FROM challenge WHERE status IN ('open', 'awaiting response')"))
    admin.dispose()

    chair = signed_in("chair")
    ch.record_response(chair, challenge, "The service has revised its protocol.", dt.date(2025, 6, 3))
    chair.dispose()

    finance = signed_in("finance")
    year = FinancialYear(2025)
    fu.open_year(finance, year)
    fu.create_income_line(finance, year, fu.IncomeFields("Police and Crime Commissioner", "1,000"))
    finance.dispose()

    with psycopg.connect(server.owner_url.replace("postgresql+psycopg", "postgresql")) as connection:
        by_login = dict(connection.execute("SELECT username, count(*) FROM audit_entry GROUP BY username").fetchall())
        responses = connection.execute(
            "SELECT username, before, after FROM audit_entry WHERE entity = 'challenge' AND entity_id = %s "
            "AND operation = 'update'",
            (challenge,),
        ).fetchall()
    assert by_login[server.login["admin"]] > 0 and by_login[server.login["finance"]] >= 2
    assert [row[0] for row in responses] == [server.login["chair"]]
    assert "The service has revised its protocol." in responses[0][2]


def test_an_import_on_the_server_is_audited_record_by_record_in_the_logins_name(server, tmp_path):
    from board_admin.exporters.workbook import export_workbook
    from board_admin.services.workbook_import import import_workbook
    from tests.sample_world import build_world

    admin = server_roles.connect_as_person(server.person_url, server.login["admin"], PASSWORDS["admin"])
    try:
        build_world(admin, dt.date(2025, 6, 2))
        workbook = tmp_path / "partnership.xlsx"
        export_workbook(admin, workbook)
        with admin.session() as session:
            mark = session.scalar(select(func.max(AuditEntry.id)))
            session.execute(text("DELETE FROM challenge_status_change"))
            session.execute(text("DELETE FROM challenge"))
            session.commit()
            mark_after_delete = session.scalar(select(func.max(AuditEntry.id)))
        assert mark_after_delete > mark  # the deletes, by the trigger
        summary = import_workbook(admin, workbook)
        with admin.session() as session:
            entries = session.execute(
                select(AuditEntry.username, AuditEntry.entity, AuditEntry.operation).where(
                    AuditEntry.id > mark_after_delete
                )
            ).all()
    finally:
        admin.dispose()
    assert {entry[0] for entry in entries} == {server.login["admin"]}
    assert sum(1 for entry in entries if entry[1:] == ("database", "import")) == 1
    created = sum(
        1 for entry in entries if entry[2] == "create" and entry[1] in ("challenge", "challenge_status_change")
    )
    assert created == summary.counts["Challenges"].added + summary.counts["ChallengeHistory"].added > 0


def test_accounts_kept_before_the_set_up_become_logins_once_their_password_is_reset(request):
    from board_admin.domain.enums import UserRole

    database, drop = _fresh_postgres(request.getfixturevalue("postgres_template"))
    owner_url = database.url.render_as_string(hide_password=False)
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    made = Server(owner_url, prefix)
    old_chair = f"{prefix}old_chair"
    try:
        # The database's own accounts, from before it was set up (one login URL shared by every computer).
        accounts.create_first_administrator(
            database, accounts.AccountFields(f"{prefix}old_admin", "Old Admin", frozenset()), "Old-admin-2026"
        )
        accounts.create_account(
            database, accounts.AccountFields(old_chair, "Olive Chair", frozenset({UserRole.CHAIR})), "Old-chair-2026"
        )
        database.dispose()
        assert (
            made.run("setup-server", "--admin", made.login["admin"], "--role-prefix", prefix, new=PASSWORDS["admin"])
            == EXIT_OK
        )
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(
                host=made.host, port=made.port, dbname=made.dbname, user=old_chair, password="Old-chair-2026"
            )
        admin = server_roles.connect_as_person(made.person_url, made.login["admin"], PASSWORDS["admin"])
        with admin.session() as session:
            chair_id = session.scalar(select(User.id).where(User.username == old_chair))
            assert (
                session.scalar(select(User.password_hash).where(User.id == chair_id)) == server_roles.SERVER_LOGIN_HASH
            )
        accounts.reset_password(admin, chair_id, "New-chair-2026")
        admin.dispose()
        chair = server_roles.connect_as_person(made.person_url, old_chair, "New-chair-2026")
        assert chair.actor.display_name == "Olive Chair" and chair.actor.roles == frozenset({UserRole.CHAIR})
        chair.dispose()
    finally:
        database.dispose()
        drop()
        _drop_roles(owner_url, prefix)


def test_a_paper_on_the_server_is_audited_by_its_size_and_fingerprint_not_its_content(server):
    """The trigger names a paper's file as the application does (services.uow._plain): a 20 MB paper is never
    copied into the trail, and the entry still proves which file it was."""
    import json

    from board_admin.demo.papers import paper_pdf
    from board_admin.domain.papers import content_summary
    from board_admin.services import meetings as me
    from board_admin.services import papers as pa
    from tests.sample_world import build_world

    admin = server_roles.connect_as_person(server.person_url, server.login["admin"], PASSWORDS["admin"])
    try:
        world = build_world(admin, dt.date(2025, 6, 2))
        item = me.add_agenda_item(admin, world.meetings["board-6"], me.AgendaItemFields("Budget"))
        content = paper_pdf("Budget report", "Amy Admin", 2, dt.date(2025, 6, 1))
        paper = pa.add_paper(admin, item, "Budget report.pdf", content)
        pa.remove_paper(admin, paper)
        with admin.session() as session:
            entries = session.execute(
                select(AuditEntry.username, AuditEntry.operation, AuditEntry.before, AuditEntry.after)
                .where(AuditEntry.entity == "paper_version")
                .order_by(AuditEntry.id)
            ).all()
    finally:
        admin.dispose()
    assert [(entry.username, entry.operation) for entry in entries] == [
        (server.login["admin"], "create"),
        (server.login["admin"], "delete"),
    ]
    assert json.loads(entries[0].after)["content"] == content_summary(content)
    assert json.loads(entries[1].before)["content"] == content_summary(content)
    assert all(len(entry.after or entry.before) < 1000 for entry in entries)


def test_a_change_of_the_attendance_thresholds_on_the_server_is_audited_once_naming_the_setting(server):
    from board_admin.domain.attendance import AttendanceThresholds
    from board_admin.services import settings

    database = server_roles.connect_as_person(server.person_url, server.login["admin"], PASSWORDS["admin"])
    try:

        def setting_entries():
            with database.session() as session:
                return session.execute(
                    select(AuditEntry.username, AuditEntry.operation, AuditEntry.before, AuditEntry.after)
                    .where(AuditEntry.entity == "setting")
                    .order_by(AuditEntry.id)
                ).all()

        set_up = setting_entries()
        settings.save_attendance_thresholds(database, AttendanceThresholds(minimum_rate=60))
        first = setting_entries()
        # The first save stores each threshold's row: one entry each, and no summary beside them.
        assert [entry.operation for entry in first[len(set_up) :]] == ["create"] * 4
        settings.save_attendance_thresholds(database, AttendanceThresholds(minimum_rate=60, missed_in_a_row=4))
        added = setting_entries()[len(first) :]
        assert len(added) == 1
        username, operation, before, after = added[0]
        assert (username, operation) == (server.login["admin"], "update")
        assert json.loads(before) == {"key": "attendance.missed_in_a_row", "value": "3"}
        assert json.loads(after) == {"key": "attendance.missed_in_a_row", "value": "4"}
    finally:
        database.dispose()
