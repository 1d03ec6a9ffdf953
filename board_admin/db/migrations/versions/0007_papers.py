"""papers attached to agenda items, each file received kept as a version in the database

Revision ID: 0007_papers
Revises: 0006_governance
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_papers"
down_revision = "0006_governance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paper",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("current_number", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("position > 0", name=op.f("ck_paper_position_positive")),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_paper_agenda_item_id_agenda_item"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper")),
        sa.UniqueConstraint("agenda_item_id", "position", name=op.f("uq_paper_agenda_item_id_position")),
    )
    with op.batch_alter_table("paper", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paper_agenda_item_id"), ["agenda_item_id"], unique=False)

    op.create_table(
        "paper_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("received_by", sa.String(length=40), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint("number > 0", name=op.f("ck_paper_version_number_positive")),
        sa.CheckConstraint("kind IN ('pdf', 'docx', 'xlsx')", name=op.f("ck_paper_version_known_kind")),
        sa.CheckConstraint("size >= 0", name=op.f("ck_paper_version_size_not_negative")),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["paper.id"], name=op.f("fk_paper_version_paper_id_paper"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_version")),
        sa.UniqueConstraint("paper_id", "number", name=op.f("uq_paper_version_paper_id_number")),
    )
    with op.batch_alter_table("paper_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paper_version_paper_id"), ["paper_id"], unique=False)


def downgrade() -> None:
    op.drop_table("paper_version")
    op.drop_table("paper")
