"""Alembic environment: runs on the engine handed over by board_admin.db.migrate."""

from alembic import context

from board_admin.db.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=True,
        compare_type=True,
    )
    context.run_migrations()
