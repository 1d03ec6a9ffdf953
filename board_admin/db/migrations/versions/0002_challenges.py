"""challenge log: status history, managed themes, reference counter, response date, escalation target

Revision ID: 0002_challenges
Revises: 0001_baseline
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_challenges"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None

STATUSES = ("open", "awaiting_response", "responded", "escalated", "closed")


def _status(name: str) -> sa.Enum:
    return sa.Enum(*STATUSES, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        "challenge_reference_counter",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.CheckConstraint("last_number >= 0", name=op.f("ck_challenge_reference_counter_not_negative")),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_challenge_reference_counter")),
    )
    op.create_table(
        "challenge_theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_challenge_theme_name_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_theme")),
        sa.UniqueConstraint("name", name=op.f("uq_challenge_theme_name")),
    )
    op.create_table(
        "challenge_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=40), nullable=False),
        sa.Column("from_status", _status("challenge_from_status"), nullable=True),
        sa.Column("to_status", _status("challenge_to_status"), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenge.id"],
            name=op.f("fk_challenge_status_change_challenge_id_challenge"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_status_change")),
    )
    with op.batch_alter_table("challenge_status_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_challenge_status_change_challenge_id"), ["challenge_id"], unique=False)

    with op.batch_alter_table("challenge", schema=None) as batch_op:
        batch_op.add_column(sa.Column("responded_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("escalated_to_group_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("escalated_to_person_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_challenge_escalated_to_group_id"), ["escalated_to_group_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_challenge_escalated_to_person_id"), ["escalated_to_person_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_challenge_escalated_to_group_id_board_group"),
            "board_group",
            ["escalated_to_group_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_challenge_escalated_to_person_id_person"), "person", ["escalated_to_person_id"], ["id"]
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_challenge_responded_after_raised"), "responded_on IS NULL OR responded_on >= date_raised"
        )


def downgrade() -> None:
    with op.batch_alter_table("challenge", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_challenge_responded_after_raised"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_challenge_escalated_to_person_id_person"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_challenge_escalated_to_group_id_board_group"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_challenge_escalated_to_person_id"))
        batch_op.drop_index(batch_op.f("ix_challenge_escalated_to_group_id"))
        batch_op.drop_column("escalated_to_person_id")
        batch_op.drop_column("escalated_to_group_id")
        batch_op.drop_column("responded_on")

    with op.batch_alter_table("challenge_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_status_change_challenge_id"))

    op.drop_table("challenge_status_change")
    op.drop_table("challenge_theme")
    op.drop_table("challenge_reference_counter")
