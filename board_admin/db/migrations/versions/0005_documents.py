"""documents: a footnote on an income line and a budget line

Revision ID: 0005_documents
Revises: 0004_case_reviews
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_documents"
down_revision = "0004_case_reviews"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("income_line") as batch:
        batch.add_column(sa.Column("footnote", sa.Text(), nullable=True))
    with op.batch_alter_table("budget_line") as batch:
        batch.add_column(sa.Column("footnote", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in ("income_line", "budget_line"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("footnote")
