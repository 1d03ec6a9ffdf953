"""minutes approval: circulated on, approved at a named later meeting of the group, amendments after
approval; apologies received in advance

An approval date becomes "approved at" the group's held meeting on that date when there is one; otherwise
the date is kept as it was (the screen and the minutes say that no meeting of the group is recorded on it).

Revision ID: 0008_minutes_approval
Revises: 0007_papers
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0008_minutes_approval"
down_revision = "0007_papers"
branch_labels = None
depends_on = None

log = logging.getLogger("board_admin.migrations")

APPROVED_AT_FK = "fk_meeting_minutes_approved_at_id_meeting"


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        # Never a rebuild of the meeting table: with foreign keys on, dropping the old table would cascade to
        # every agenda item and register line. SQLite adds a column with its reference in place.
        op.execute("ALTER TABLE meeting ADD COLUMN minutes_circulated_on DATE")
        op.execute(
            f"ALTER TABLE meeting ADD COLUMN minutes_approved_at_id INTEGER CONSTRAINT {APPROVED_AT_FK} "
            "REFERENCES meeting (id)"
        )
    else:
        op.add_column("meeting", sa.Column("minutes_circulated_on", sa.Date(), nullable=True))
        op.add_column("meeting", sa.Column("minutes_approved_at_id", sa.Integer(), nullable=True))
        op.create_foreign_key(APPROVED_AT_FK, "meeting", "meeting", ["minutes_approved_at_id"], ["id"])
    op.create_index("ix_meeting_minutes_approved_at_id", "meeting", ["minutes_approved_at_id"], unique=False)

    op.create_table(
        "minutes_amendment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("change", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("length(trim(change)) > 0", name=op.f("ck_minutes_amendment_change_not_blank")),
        sa.CheckConstraint("length(trim(reason)) > 0", name=op.f("ck_minutes_amendment_reason_not_blank")),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_minutes_amendment_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_amendment")),
    )
    op.create_index(op.f("ix_minutes_amendment_meeting_id"), "minutes_amendment", ["meeting_id"], unique=False)

    op.create_table(
        "advance_apology",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_advance_apology_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_advance_apology_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advance_apology")),
        sa.UniqueConstraint("meeting_id", "person_id", name=op.f("uq_advance_apology_meeting_id_person_id")),
    )
    op.create_index(op.f("ix_advance_apology_meeting_id"), "advance_apology", ["meeting_id"], unique=False)
    op.create_index(op.f("ix_advance_apology_person_id"), "advance_apology", ["person_id"], unique=False)

    # Each approval date becomes the group's held meeting on that date, where there is one.
    approvals = connection.execute(
        sa.text(
            "SELECT meeting.id, approving.id FROM meeting JOIN meeting AS approving"
            " ON approving.group_id = meeting.group_id AND approving.meeting_date = meeting.minutes_approved_on"
            " AND approving.status = 'held' AND approving.id <> meeting.id"
            " WHERE meeting.minutes_approved_on IS NOT NULL"
        )
    ).all()
    for meeting_id, approving_id in approvals:
        connection.execute(
            sa.text("UPDATE meeting SET minutes_approved_at_id = :at, minutes_approved_on = NULL WHERE id = :id"),
            {"at": approving_id, "id": meeting_id},
        )
    kept = connection.execute(
        sa.text("SELECT count(*) FROM meeting WHERE minutes_approved_on IS NOT NULL")
    ).scalar()
    if kept:
        log.info(
            "%s approval date(s) kept as dates: the group has no held meeting recorded on them.", kept
        )


def downgrade() -> None:
    connection = op.get_bind()
    connection.execute(
        sa.text(
            "UPDATE meeting SET minutes_approved_on = (SELECT approving.meeting_date FROM meeting AS approving"
            " WHERE approving.id = meeting.minutes_approved_at_id) WHERE minutes_approved_at_id IS NOT NULL"
        )
    )
    op.drop_index(op.f("ix_advance_apology_person_id"), table_name="advance_apology")
    op.drop_index(op.f("ix_advance_apology_meeting_id"), table_name="advance_apology")
    op.drop_table("advance_apology")
    op.drop_index(op.f("ix_minutes_amendment_meeting_id"), table_name="minutes_amendment")
    op.drop_table("minutes_amendment")
    op.drop_index("ix_meeting_minutes_approved_at_id", table_name="meeting")
    if connection.dialect.name == "sqlite":
        op.execute("UPDATE meeting SET minutes_approved_at_id = NULL")
        op.execute("ALTER TABLE meeting DROP COLUMN minutes_approved_at_id")
        op.execute("ALTER TABLE meeting DROP COLUMN minutes_circulated_on")
    else:
        op.drop_constraint(APPROVED_AT_FK, "meeting", type_="foreignkey")
        op.drop_column("meeting", "minutes_approved_at_id")
        op.drop_column("meeting", "minutes_circulated_on")
