"""Shared fixtures: a real database on every backend the machine offers.

`database` runs each test on a fresh SQLite file and, where BOARD_ADMIN_TEST_POSTGRES_URL names a
PostgreSQL server (`.ci/run` starts one on loopback), on a fresh PostgreSQL database too. With
BOARD_ADMIN_REQUIRE_POSTGRES=1 (set by `.ci/run`) a missing server fails the run instead of skipping.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
import uuid
import warnings
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

# Before anything imports Qt: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import create_engine, event, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.exc import DBAPIError  # noqa: E402

from board_admin.db.engine import Database, data_dir, open_database, sqlite_url  # noqa: E402
from board_admin.demo import build_demo_data  # noqa: E402
from board_admin.domain.permissions import SYSTEM  # noqa: E402
from tests.sample_world import build_world  # noqa: E402

POSTGRES_ENV = "BOARD_ADMIN_TEST_POSTGRES_URL"
# Per test run, so that two runs on one server (two developers, or CI) never drop each other's template.
TEMPLATE = f"board_admin_test_template_{uuid.uuid4().hex[:8]}"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """Keeps every test away from the real per-user data folder."""
    monkeypatch.setenv("BOARD_ADMIN_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("BOARD_ADMIN_DATABASE_URL", raising=False)


def acting_as_system(database: Database) -> Database:
    """An opened database acts for nobody: a test that writes without signing anyone in says so, here."""
    database.actor = SYSTEM
    return database


def open_as_system(url: str) -> Database:
    return acting_as_system(open_database(url))


def _postgres_admin_url() -> str | None:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("BOARD_ADMIN_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{POSTGRES_ENV} is not set but BOARD_ADMIN_REQUIRE_POSTGRES=1")
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_ENV} to run the PostgreSQL tests")
    return url


@pytest.fixture(scope="session")
def postgres_template():
    """A migrated template database, so that each test's database is a cheap copy of it."""
    admin_url = _postgres_admin_url()
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {TEMPLATE}"))
    template = open_database(make_url(admin_url).set(database=TEMPLATE).render_as_string(hide_password=False))
    template.dispose()
    yield admin_url, admin
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"))
    admin.dispose()


def _fresh_postgres(postgres_template):
    admin_url, admin = postgres_template
    name = f"board_admin_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}"))
    database = open_as_system(make_url(admin_url).set(database=name).render_as_string(hide_password=False))
    return database, lambda: _drop(admin, name)


class _PostgresDatabases:
    """Makes the next test's empty database and drops the last one's on a thread of its own, while the tests run:
    a CREATE DATABASE ... TEMPLATE or a DROP DATABASE waits on the server's disk for a good part of a second, which
    no test need wait for. One database is always made ahead; what is left unused at the end is dropped."""

    def __init__(self, admin) -> None:
        self.admin = admin
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-databases")
        self.ahead: list[Future] = []

    def _make(self) -> str:
        name = f"board_admin_test_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}"))
        return name

    def take(self) -> str:
        if not self.ahead:
            self.ahead.append(self.thread.submit(self._make))
        made = self.ahead.pop(0)
        self.ahead.append(self.thread.submit(self._make))
        return made.result()

    def drop(self, name: str) -> None:
        self.thread.submit(_drop, self.admin, name)

    def close(self) -> None:
        for made in self.ahead:
            try:
                self.drop(made.result())
            except DBAPIError:
                pass  # it was never made: nothing to drop
        self.thread.shutdown(wait=True)


@pytest.fixture(scope="session")
def _postgres_databases(postgres_template):
    """The empty test databases of `database`, made ahead and dropped behind (_PostgresDatabases); closed, waiting
    for the last drops, before postgres_template drops the template."""
    databases = _PostgresDatabases(postgres_template[1])
    yield databases
    databases.close()


def _drop(admin, name: str) -> None:
    try:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    except DBAPIError as error:
        # A leftover test database is harmless; a failed clean-up must not fail the test that used it.
        warnings.warn(f"could not drop test database {name}: {error.orig}", stacklevel=1)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file made once per run: copying it costs a twentieth of migrating a fresh one."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    template = open_database(sqlite_url(path))
    with template.engine.connect() as connection:
        # One self-contained file to copy: the write-ahead log folded in.
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    template.dispose()
    return path


def _fresh_sqlite(template: Path, path: Path) -> Database:
    shutil.copyfile(template, path)
    # Still opened the way the program opens it: the migration check runs, and finds nothing to do. An opened
    # database acts for nobody; the tests that write without signing anyone in act as the system, said here.
    return open_as_system(sqlite_url(path))


@pytest.fixture(scope="session")
def _built_templates():
    """Databases built once per run (per xdist worker) on each backend and copied into a test's own database: the
    demo as build_demo_data writes it, the sample world as build_world writes it, for a given day. A SQLite file,
    or a PostgreSQL database named after this run's template; with what the builder returned (the world's ids)."""
    made: dict[tuple[str, str, dt.date], tuple[Path | str, object]] = {}
    yield made
    on_server = [template for (_what, backend, _today), (template, _built) in made.items() if backend == "postgresql"]
    if on_server:  # postgres_template's engine may be gone by now (torn down first): an engine of our own
        admin = create_engine(_postgres_admin_url(), isolation_level="AUTOCOMMIT")
        for name in on_server:
            _drop(admin, name)
        admin.dispose()


def _built_template(request, made, what: str, builder, backend: str, today: dt.date):
    key = (what, backend, today)
    if key not in made:
        if backend == "sqlite":
            path = request.getfixturevalue("tmp_path_factory").mktemp(what) / f"{what}.sqlite"
            template = _fresh_sqlite(request.getfixturevalue("sqlite_template"), path)
        else:
            template, _drop_later = _fresh_postgres(request.getfixturevalue("postgres_template"))
        built = builder(template, today)
        if backend == "sqlite":
            with template.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            template.dispose()
            made[key] = (path, built)
        else:
            template.dispose()
            made[key] = (template.url.database, built)
            # Full of fresh rows, it would draw autovacuum, whose connection would make CREATE DATABASE ...
            # TEMPLATE fail ("being accessed by other users"): autovacuum leaves alone what nobody may connect to.
            with request.getfixturevalue("postgres_template")[1].connect() as connection:
                connection.execute(text(f"ALTER DATABASE {made[key][0]} WITH ALLOW_CONNECTIONS false"))
    return made[key]


def _fill_from_template(request, made, database: Database, what: str, builder, today: dt.date):
    """Replaces the empty test database `database` by a copy of what `builder(database, today)` writes, built
    once per run; returns (a copy of) what the builder returned."""
    backend = backend_of(database)
    template, built = _built_template(request, made, what, builder, backend, today)
    database.dispose()  # the engine reconnects on next use, to the copy
    if backend == "sqlite":
        path = database.sqlite_path
        for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(template, path)
    else:
        _admin_url, admin = request.getfixturevalue("postgres_template")
        name = database.url.database
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
            connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
    return copy.deepcopy(built)


@pytest.fixture
def with_demo(request, _built_templates):
    """`with_demo(database, today)` fills an empty test database with exactly what `build_demo_data(database,
    today)` writes, by copying a demo built once per run for that day: a build costs seconds, a copy a fraction.
    The tests of the build itself (tests/unit/test_demo.py) still build it."""

    def fill(database: Database, today: dt.date) -> Database:
        _fill_from_template(request, _built_templates, database, "demo", build_demo_data, today)
        return database

    return fill


@pytest.fixture
def with_world(request, _built_templates):
    """`with_world(database, today)` fills an empty test database with exactly what `build_world(database, today)`
    (tests/sample_world.py) writes and returns its World, by copying a world built once per run for that day: a
    build costs a second or more (hundreds of tests use it), a copy a fiftieth of that on SQLite. On PostgreSQL it is
    built, as replacing a database costs about as much."""

    def fill(database: Database, today: dt.date):
        if not database.is_sqlite:
            # On PostgreSQL the copy (DROP DATABASE, then CREATE DATABASE ... TEMPLATE under the same name) costs
            # about what the build does: built there, as before.
            return build_world(database, today)
        return _fill_from_template(request, _built_templates, database, "world", build_world, today)

    return fill


@pytest.fixture
def demo_in_data_dir(sqlite_template, with_demo) -> Path:
    """The demo database that `--demo` opens, already built for today in the test's private data folder, as its
    first use would build it (tests/unit/test_demo.py tests that first use): for the commands' own tests."""
    path = data_dir() / "demo.sqlite"
    with_demo(_fresh_sqlite(sqlite_template, path), dt.date.today()).dispose()
    return path


@pytest.fixture(scope="session")
def libreoffice_profile(tmp_path_factory) -> Path:
    """LibreOffice's profile for the tests that print or recalculate with it: one per run (per xdist worker), as
    making a profile is a good part of a conversion's time. Conversions are run one after another and each ends
    before the next starts, so two never share it at once; and no other run or worker ever uses it."""
    return tmp_path_factory.mktemp("libreoffice-profile")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request, tmp_path) -> Database:
    """An empty, migrated database: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        db = _fresh_sqlite(request.getfixturevalue("sqlite_template"), tmp_path / "test.sqlite")
        yield db
        db.dispose()
        return
    admin_url, _admin = request.getfixturevalue("postgres_template")
    databases = request.getfixturevalue("_postgres_databases")
    db = open_as_system(make_url(admin_url).set(database=databases.take()).render_as_string(hide_password=False))
    yield db
    db.dispose()
    databases.drop(db.url.database)


@pytest.fixture
def sqlite_database(sqlite_template, tmp_path) -> Database:
    """An empty, migrated SQLite file, for tests about SQLite itself or the screens."""
    db = _fresh_sqlite(sqlite_template, tmp_path / "test.sqlite")
    yield db
    db.dispose()


@pytest.fixture
def empty_database_factory(request, tmp_path):
    """Makes further empty databases on the same backend as `database` (e.g. for a round trip)."""
    made = []

    def make(backend: str) -> Database:
        if backend == "sqlite":
            db = _fresh_sqlite(request.getfixturevalue("sqlite_template"), tmp_path / f"extra-{len(made)}.sqlite")
            made.append((db, None))
            return db
        db, drop = _fresh_postgres(request.getfixturevalue("postgres_template"))
        made.append((db, drop))
        return db

    yield make
    for db, drop in made:
        db.dispose()
        if drop:
            drop()


def backend_of(database: Database) -> str:
    return "sqlite" if database.is_sqlite else "postgresql"


# The day the sample world is built on (tests/sample_world.py); tests that count days from it use this too.
SAMPLE_TODAY = dt.date(2025, 6, 15)


@pytest.fixture
def world(database, with_world):
    """The sample world of tests/sample_world.py on `database` (a copy of it built once per run: the tests of
    sample_world itself are every test that reads it); a test file may extend it by redefining
    `world(world, database)`."""
    return with_world(database, SAMPLE_TODAY)


class StatementCounter:
    """Counts the SQL statements sent inside its `with`, to prove that a list costs one query, not one per row."""

    def __init__(self, database: Database) -> None:
        self.count = 0
        self.engine = database.engine

    def __enter__(self) -> StatementCounter:
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc_info) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, *args) -> None:
        self.count += 1


@pytest.fixture
def count_statements(database):
    """`with count_statements() as counter:` counts what the block sends to `database`."""
    return lambda: StatementCounter(database)


# The files whose tests take longest one by one (a real program started in a process of its own, again and again;
# the demo built; LibreOffice), run first. pytest-xdist hands out work in this order (the xdist_group modules
# first of all, largest first), so these start while the other worker has plenty to do, instead of one of them
# being the last test left, run by one worker while the other waits.
LONGEST_FIRST = (
    "tests/perf/test_quick.py",
    "tests/unit/db/test_first_start_killed.py",
    "tests/unit/services/test_import_crash.py",
    "tests/unit/test_demo.py",
    "tests/ui/test_app.py",
    "tests/ui/test_start_up.py",
    "tests/unit/exporters/test_funding_export.py",
)


def pytest_collection_modifyitems(items):
    order = {path: place for place, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: order.get(item.nodeid.split("::")[0], len(order)))
