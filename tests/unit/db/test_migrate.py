"""The schema is created and upgraded by the Alembic migrations, with a backup first."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from alembic import command
from sqlalchemy import inspect, text

from board_admin.db.engine import Database, open_database, sqlite_url
from board_admin.db.migrate import alembic_config, current_revisions, head_revisions, upgrade
from board_admin.db.models import Base
from tests.conftest import open_as_system


def test_new_database_gets_every_table_at_the_newest_revision(database):
    assert current_revisions(database) == head_revisions(database)
    tables = set(inspect(database.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_migrated_schema_matches_the_models(database):
    """Autogenerate finds nothing to do: the migrations and the models agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_sqlite_is_opened_with_wal_and_foreign_keys(sqlite_database):
    with sqlite_database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_reopening_an_up_to_date_file_takes_no_backup(tmp_path):
    path = tmp_path / "board.sqlite"
    open_database(sqlite_url(path)).dispose()
    again = Database(sqlite_url(path))
    assert upgrade(again) is None
    again.dispose()
    assert not (tmp_path / "backups").exists()


def test_an_older_file_is_backed_up_before_it_is_migrated(tmp_path):
    path = tmp_path / "board.sqlite"
    database = open_as_system(sqlite_url(path))
    command.downgrade(alembic_config(database), "base")
    with database.engine.begin() as connection:
        connection.execute(text("CREATE TABLE kept_note (body TEXT)"))
        connection.execute(text("INSERT INTO kept_note VALUES ('written before the upgrade')"))

    backup = upgrade(database)
    database.dispose()

    assert backup is not None and backup.exists()
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("SELECT body FROM kept_note").fetchall() == [("written before the upgrade",)]
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with closing(sqlite3.connect(path)) as live:
        tables = {row[0] for row in live.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(Base.metadata.tables) <= tables


BASELINE_ROWS = [
    "INSERT INTO agency (id, name, sector, statutory_partner, active, version) VALUES (1, 'Police', 'police', 1, 1, 1)",
    "INSERT INTO agency (id, name, sector, statutory_partner, active, version) VALUES (2, 'Council', 'local_authority',"
    " 1, 1, 1)",
    "INSERT INTO person (id, name, agency_id, active, version) VALUES (1, 'Ann Hale', 1, 1, 1)",
    "INSERT INTO board_group (id, name, kind, remit, statutory_partners_required, version)"
    " VALUES (1, 'Board', 'board', 'joint', 0, 1)",
    "INSERT INTO membership (id, group_id, person_id, role, agency_id, start_date, version)"
    " VALUES (1, 1, 1, 'chair', 1, '2020-01-01', 1)",
    "INSERT INTO meeting (id, group_id, meeting_date, status, version) VALUES (1, 1, '2020-02-01', 'held', 1)",
    "INSERT INTO attendance (id, meeting_id, person_id, status, agency_id, version) VALUES (1, 1, 1, 'present', 1, 1)",
    "INSERT INTO challenge (id, reference, date_raised, agency_id, challenge, status, version)"
    " VALUES (1, 'CH-2020-001', '2020-02-01', 2, 'Evidence of the health assessments', 'open', 1)",
    "INSERT INTO financial_year (id, start_year, label, version) VALUES (1, 2019, '2019-20', 1)",
    "INSERT INTO budget_line (id, year_id, name, budget_pence, version) VALUES (1, 1, 'Training', 7589100, 1)",
    "INSERT INTO expenditure (id, budget_line_id, spent_on, amount_pence, version) VALUES (1, 1, '2019-05-01', 100, 1)",
]


def test_upgrading_a_populated_database_keeps_every_row_and_backs_it_up_first(tmp_path):
    path = tmp_path / "board.sqlite"
    database = Database(sqlite_url(path))
    command.upgrade(alembic_config(database), "0001_baseline")
    with database.engine.begin() as connection:
        for statement in BASELINE_ROWS:
            connection.execute(text(statement))
    tables = [name for name in inspect(database.engine).get_table_names() if name != "alembic_version"]
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        before = {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() for table in tables}
    assert current_revisions(database) != head_revisions(database), "there is no migration after the baseline"

    backup = upgrade(database)

    assert current_revisions(database) == head_revisions(database)
    with database.engine.connect() as connection:
        after = {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() for table in tables}
        assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
    database.dispose()
    assert after == before
    assert backup is not None and "before-migration" in backup.name
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001_baseline",)]
        assert copy.execute("SELECT count(*) FROM attendance").fetchone() == (1,)


def _half_made_by_an_older_version(path, *, with_a_row: bool) -> None:
    """What a start killed under the old, non-transactional migration left: tables, no alembic_version."""
    database = open_as_system(sqlite_url(path))
    if with_a_row:
        with database.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO agency (name, sector, statutory_partner, active, version) "
                    "VALUES ('Police', 'police', 1, 1, 1)"
                )
            )
    with database.engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    database.dispose()


def test_a_file_from_a_newer_version_is_refused_with_a_sentence_and_left_alone(tmp_path):
    import pytest

    from board_admin.domain.errors import BoardAdminError

    path = tmp_path / "board.sqlite"
    open_database(sqlite_url(path)).dispose()
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    before = path.read_bytes()
    with pytest.raises(BoardAdminError, match="newer version of Board Admin .schema 0099_from_the_future."):
        open_database(sqlite_url(path))
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_an_empty_half_made_file_from_an_older_version_is_rebuilt(tmp_path):
    path = tmp_path / "board.sqlite"
    _half_made_by_an_older_version(path, with_a_row=False)
    database = open_as_system(sqlite_url(path))
    assert current_revisions(database) == head_revisions(database)
    database.dispose()


def test_a_half_made_file_with_records_is_refused_with_a_sentence(tmp_path):
    import pytest

    from board_admin.db.migrate import HalfMadeDatabaseError

    path = tmp_path / "board.sqlite"
    _half_made_by_an_older_version(path, with_a_row=True)
    with pytest.raises(
        HalfMadeDatabaseError, match="holds Board Admin records .in agency. but no record of its schema"
    ):
        open_database(sqlite_url(path))
    with closing(sqlite3.connect(path)) as kept:
        assert kept.execute("SELECT name FROM agency").fetchall() == [("Police",)]


def test_free_text_decisions_become_one_record_per_paragraph_numbered_per_group_and_year(tmp_path):
    path = tmp_path / "board.sqlite"
    database = Database(sqlite_url(path))
    command.upgrade(alembic_config(database), "0002_challenges")
    with database.engine.begin() as connection:
        for statement in BASELINE_ROWS[:6] + [
            "INSERT INTO board_group (id, name, short_name, kind, remit, statutory_partners_required, version)"
            " VALUES (2, 'Quality and Effectiveness Group', NULL, 'subgroup', 'joint', 0, 1)",
            "INSERT INTO meeting (id, group_id, meeting_date, status, version) VALUES (2, 1, '2020-05-01', 'held', 1)",
            "INSERT INTO meeting (id, group_id, meeting_date, status, version) VALUES (3, 2, '2020-02-03', 'held', 1)",
        ]:
            connection.execute(text(statement))
        items = [
            (1, 1, 1, "Approved the strategy.\n\n  Asked for a report in April.  \n"),
            (2, 1, 2, None),
            (3, 2, 1, "Agreed the budget."),
            (4, 3, 1, "Adopted the audit plan."),
            (5, 1, 3, "Thanked the author."),
        ]
        for item_id, meeting_id, position, decisions in items:
            connection.execute(
                text(
                    "INSERT INTO agenda_item (id, meeting_id, position, title, decisions, version)"
                    " VALUES (:id, :meeting, :position, 'Item', :decisions, 1)"
                ),
                {"id": item_id, "meeting": meeting_id, "position": position, "decisions": decisions},
            )

    upgrade(database)

    with database.engine.connect() as connection:
        records = connection.execute(
            text(
                "SELECT agenda_item_id, position, group_id, year_start, number, text FROM decision"
                " ORDER BY group_id, year_start, number"
            )
        ).all()
        columns = {column["name"] for column in inspect(database.engine).get_columns("agenda_item")}
    database.dispose()
    # Meeting 1 (1 February 2020) is in 2019-20, meeting 2 (1 May 2020) in 2020-21; each group counts its own.
    assert records == [
        (1, 1, 1, 2019, 1, "Approved the strategy."),
        (1, 2, 1, 2019, 2, "Asked for a report in April."),
        (5, 1, 1, 2019, 3, "Thanked the author."),
        (3, 1, 1, 2020, 1, "Agreed the budget."),
        (4, 1, 2, 2019, 1, "Adopted the audit plan."),
    ]
    assert "decisions" not in columns


def test_an_approval_date_becomes_the_meeting_held_that_day_and_a_date_without_one_is_kept(tmp_path):
    path = tmp_path / "board.sqlite"
    database = Database(sqlite_url(path))
    command.upgrade(alembic_config(database), "0006_governance")
    with database.engine.begin() as connection:
        for statement in BASELINE_ROWS[:7] + [
            "INSERT INTO board_group (id, name, kind, remit, statutory_partners_required, version)"
            " VALUES (2, 'Quality Group', 'subgroup', 'joint', 0, 1)",
            # Approved at the board's meeting of 1 April, which is recorded.
            "INSERT INTO meeting (id, group_id, meeting_date, status, version) VALUES (2, 1, '2020-04-01', 'held', 1)",
            "UPDATE meeting SET minutes_approved_on = '2020-04-01', minutes_record = '{\"version\": 1}' WHERE id = 1",
            # Approved on a date on which only another group met, and on a date with no meeting at all.
            "INSERT INTO meeting (id, group_id, meeting_date, status, minutes_approved_on, version)"
            " VALUES (3, 2, '2020-03-01', 'held', '2020-04-01', 1)",
            "INSERT INTO meeting (id, group_id, meeting_date, status, minutes_approved_on, version)"
            " VALUES (4, 1, '2020-05-01', 'held', '2020-06-09', 1)",
            # The board's meeting on 9 June was cancelled: no approval happened there.
            "INSERT INTO meeting (id, group_id, meeting_date, status, version)"
            " VALUES (5, 1, '2020-06-09', 'cancelled', 1)",
            "INSERT INTO agenda_item (id, meeting_id, position, title, minutes, version)"
            " VALUES (1, 1, 1, 'Strategy', 'Discussed.', 1)",
        ]:
            connection.execute(text(statement))
    tables = [name for name in inspect(database.engine).get_table_names() if name != "alembic_version"]
    with database.engine.connect() as connection:
        before = {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() for table in tables}

    upgrade(database)

    with database.engine.connect() as connection:
        after = {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() for table in tables}
        approvals = connection.execute(
            text(
                "SELECT id, minutes_approved_at_id, minutes_approved_on, minutes_circulated_on, minutes_record"
                " FROM meeting ORDER BY id"
            )
        ).all()
        assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
        minutes = connection.execute(text("SELECT minutes FROM agenda_item")).scalar()
    database.dispose()
    assert after == before
    assert minutes == "Discussed."
    assert approvals == [
        (1, 2, None, None, '{"version": 1}'),
        (2, None, None, None, None),
        (3, None, "2020-04-01", None, None),
        (4, None, "2020-06-09", None, None),
        (5, None, None, None, None),
    ]
