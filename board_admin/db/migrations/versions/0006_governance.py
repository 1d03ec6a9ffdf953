"""meeting governance: the decision register (free-text decisions become one record per paragraph), declarations
of interest

Revision ID: 0006_governance
Revises: 0005_documents
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0006_governance"
down_revision = "0005_documents"
branch_labels = None
depends_on = None


def _paragraphs(text):
    # The rule of domain/decisions.split_decisions, copied so that this migration never changes with the code.
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def _year_start(day):
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    return day.year if day.month >= 4 else day.year - 1


def upgrade() -> None:
    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("year_start", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("number > 0", name=op.f("ck_decision_number_positive")),
        sa.CheckConstraint("length(trim(text)) > 0", name=op.f("ck_decision_text_not_blank")),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_decision_agenda_item_id_agenda_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["group_id"], ["board_group.id"], name=op.f("fk_decision_group_id_board_group")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
        sa.UniqueConstraint(
            "group_id", "year_start", "number", name=op.f("uq_decision_group_id_year_start_number")
        ),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_group_id"), ["group_id"], unique=False)

    op.create_table(
        "declaration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("interest", sa.Text(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "pecuniary", "non_pecuniary", "other", name="interestkind", native_enum=False,
                create_constraint=True, length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "action",
            sa.Enum(
                "stayed", "took_no_part", "left_the_room", name="interestaction", native_enum=False,
                create_constraint=True, length=32,
            ),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("length(trim(interest)) > 0", name=op.f("ck_declaration_interest_not_blank")),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_declaration_agenda_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_declaration_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_declaration_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaration")),
    )
    with op.batch_alter_table("declaration", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_declaration_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_declaration_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_declaration_person_id"), ["person_id"], unique=False)

    # Existing decisions, numbered per group and year in meeting order, then agenda order.
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT agenda_item.id, meeting.group_id, meeting.meeting_date, agenda_item.decisions"
            " FROM agenda_item JOIN meeting ON meeting.id = agenda_item.meeting_id"
            " WHERE agenda_item.decisions IS NOT NULL"
            " ORDER BY meeting.group_id, meeting.meeting_date, agenda_item.position"
        )
    ).all()
    # SQLite rebuilds agenda_item to drop the column, and dropping the old table would cascade to any decision
    # already pointing at it: the column goes first, the records after.
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_column("decisions")
    numbers: dict[tuple[int, int], int] = {}
    decision = sa.table(
        "decision",
        sa.column("agenda_item_id", sa.Integer),
        sa.column("position", sa.Integer),
        sa.column("group_id", sa.Integer),
        sa.column("year_start", sa.Integer),
        sa.column("number", sa.Integer),
        sa.column("text", sa.Text),
        sa.column("version", sa.Integer),
    )
    records = []
    for item_id, group_id, meeting_date, text in rows:
        year = _year_start(meeting_date)
        for position, paragraph in enumerate(_paragraphs(text), start=1):
            number = numbers.get((group_id, year), 0) + 1
            numbers[(group_id, year)] = number
            records.append(
                {
                    "agenda_item_id": item_id,
                    "position": position,
                    "group_id": group_id,
                    "year_start": year,
                    "number": number,
                    "text": paragraph,
                    "version": 1,
                }
            )
    if records:
        op.bulk_insert(decision, records)


def downgrade() -> None:
    op.drop_table("declaration")
    # Read before agenda_item is rebuilt (which, on SQLite, cascades to the decisions).
    connection = op.get_bind()
    texts: dict[int, list[str]] = {}
    for item_id, text in connection.execute(
        sa.text("SELECT agenda_item_id, text FROM decision ORDER BY agenda_item_id, position")
    ):
        texts.setdefault(item_id, []).append(text)
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decisions", sa.Text(), nullable=True))
    for item_id, paragraphs in texts.items():
        connection.execute(
            sa.text("UPDATE agenda_item SET decisions = :text WHERE id = :id"),
            {"text": "\n".join(paragraphs), "id": item_id},
        )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_group_id"))
        batch_op.drop_index(batch_op.f("ix_decision_agenda_item_id"))
    op.drop_table("decision")
