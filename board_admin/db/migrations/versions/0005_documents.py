"""documents: a footnote on an income line and a budget line; this installation's own random id (calendar UIDs)

Revision ID: 0005_documents
Revises: 0002_challenges
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0005_documents"
down_revision = "0002_challenges"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("income_line") as batch:
        batch.add_column(sa.Column("footnote", sa.Text(), nullable=True))
    with op.batch_alter_table("budget_line") as batch:
        batch.add_column(sa.Column("footnote", sa.Text(), nullable=True))
    setting = sa.table("setting", sa.column("key", sa.String), sa.column("value", sa.Text))
    op.bulk_insert(setting, [{"key": "installation.id", "value": uuid.uuid4().hex}])


def downgrade() -> None:
    op.execute("DELETE FROM setting WHERE key = 'installation.id'")
    for table in ("income_line", "budget_line"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("footnote")
