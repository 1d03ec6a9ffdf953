"""counting rules: the roles that count towards a group's quorum, the minutes' record of the actions as
they stood at approval, and the first register a late-entered member is on

Revision ID: 0003_counting_rules
Revises: 0002_challenges
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_counting_rules"
down_revision = "0002_challenges"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("board_group", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quorum_roles", sa.String(length=200), nullable=True))
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("minutes_record", sa.Text(), nullable=True))
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registers_from", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_column("registers_from")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("minutes_record")
    with op.batch_alter_table("board_group", schema=None) as batch_op:
        batch_op.drop_column("quorum_roles")
