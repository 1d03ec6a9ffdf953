"""Alembic environment: runs on the connection (one transaction) handed over by board_admin.db.migrate,
or on its engine when a tool calls Alembic's commands directly."""

from contextlib import nullcontext

from alembic import context

from board_admin.db.models import Base

config = context.config
given = config.attributes.get("connection")

with nullcontext(given) if given is not None else config.attributes["engine"].begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=True,
        compare_type=True,
    )
    context.run_migrations()
