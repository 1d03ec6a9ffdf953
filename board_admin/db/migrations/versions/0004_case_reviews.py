"""case reviews (issue 24): kinds, learning themes, reviews with their stages, history and recommendations;
an action may carry out a recommendation

Revision ID: 0004_case_reviews
Revises: 0003_counting_rules
"""

from alembic import op
import sqlalchemy as sa


revision = '0004_case_reviews'
down_revision = '0003_counting_rules'
branch_labels = None
depends_on = None


def upgrade() -> None:
    kinds = op.create_table('case_review_kind',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('prefix', sa.String(length=10), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_case_review_kind_name_not_blank')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_review_kind')),
    sa.UniqueConstraint('name', name=op.f('uq_case_review_kind_name')),
    sa.UniqueConstraint('prefix', name=op.f('uq_case_review_kind_prefix'))
    )
    # The kinds every partnership has (domain/case_reviews.STANDARD_KINDS as this revision knows them).
    op.bulk_insert(
        kinds,
        [
            {"name": name, "prefix": prefix, "active": True, "version": 1}
            for prefix, name in (
                ("RR", "Rapid review"),
                ("CSPR", "Child safeguarding practice review"),
                ("SAR", "Safeguarding adult review"),
                ("MALR", "Other multi-agency learning review"),
                ("LeDeR", "LeDeR review"),
            )
        ],
    )
    op.create_table('case_review_reference_counter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('prefix', sa.String(length=10), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.CheckConstraint('last_number >= 0', name=op.f('ck_case_review_reference_counter_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_review_reference_counter')),
    sa.UniqueConstraint('prefix', 'year', name=op.f('uq_case_review_reference_counter_prefix_year'))
    )
    op.create_table('learning_theme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_learning_theme_name_not_blank')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_theme')),
    sa.UniqueConstraint('name', name=op.f('uq_learning_theme_name'))
    )
    op.create_table('case_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('kind_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('overseeing_group_id', sa.Integer(), nullable=True),
    sa.Column('referring_agency_id', sa.Integer(), nullable=True),
    sa.Column('notified_on', sa.Date(), nullable=False),
    sa.Column('rapid_review_held_on', sa.Date(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decision', sa.Enum('criteria_met', 'criteria_not_met', 'other_learning', name='reviewdecision', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('panel_informed_on', sa.Date(), nullable=True),
    sa.Column('reviewer_commissioned_on', sa.Date(), nullable=True),
    sa.Column('reviewer', sa.String(length=200), nullable=True),
    sa.Column('signed_off_on', sa.Date(), nullable=True),
    sa.Column('sent_to_panel_on', sa.Date(), nullable=True),
    sa.Column('publication_planned_on', sa.Date(), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('notified', 'rapid_review', 'decided', 'in_progress', 'completed', 'published', 'closed', name='case_review_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('(decided_on IS NULL) = (decision IS NULL)', name=op.f('ck_case_review_decision_with_outcome')),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_case_review_name_not_blank')),
    sa.CheckConstraint('published_on IS NULL OR signed_off_on IS NOT NULL', name=op.f('ck_case_review_signed_off_before_published')),
    sa.ForeignKeyConstraint(['kind_id'], ['case_review_kind.id'], name=op.f('fk_case_review_kind_id_case_review_kind')),
    sa.ForeignKeyConstraint(['overseeing_group_id'], ['board_group.id'], name=op.f('fk_case_review_overseeing_group_id_board_group')),
    sa.ForeignKeyConstraint(['referring_agency_id'], ['agency.id'], name=op.f('fk_case_review_referring_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_review')),
    sa.UniqueConstraint('reference', name=op.f('uq_case_review_reference'))
    )
    with op.batch_alter_table('case_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_review_kind_id'), ['kind_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_review_overseeing_group_id'), ['overseeing_group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_review_referring_agency_id'), ['referring_agency_id'], unique=False)

    op.create_table('case_review_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_review_id', sa.Integer(), nullable=False),
    sa.Column('changed_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by', sa.String(length=40), nullable=False),
    sa.Column('from_status', sa.Enum('notified', 'rapid_review', 'decided', 'in_progress', 'completed', 'published', 'closed', name='review_from_status', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('to_status', sa.Enum('notified', 'rapid_review', 'decided', 'in_progress', 'completed', 'published', 'closed', name='review_to_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_review_id'], ['case_review.id'], name=op.f('fk_case_review_history_case_review_id_case_review'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_review_history'))
    )
    with op.batch_alter_table('case_review_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_review_history_case_review_id'), ['case_review_id'], unique=False)

    op.create_table('case_review_theme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_review_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_review_id'], ['case_review.id'], name=op.f('fk_case_review_theme_case_review_id_case_review'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['learning_theme.id'], name=op.f('fk_case_review_theme_theme_id_learning_theme')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_review_theme')),
    sa.UniqueConstraint('case_review_id', 'theme_id', name=op.f('uq_case_review_theme_case_review_id_theme_id'))
    )
    with op.batch_alter_table('case_review_theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_review_theme_case_review_id'), ['case_review_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_review_theme_theme_id'), ['theme_id'], unique=False)

    op.create_table('recommendation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_review_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('number > 0', name=op.f('ck_recommendation_number_positive')),
    sa.ForeignKeyConstraint(['case_review_id'], ['case_review.id'], name=op.f('fk_recommendation_case_review_id_case_review')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation')),
    sa.UniqueConstraint('case_review_id', 'number', name=op.f('uq_recommendation_case_review_id_number'))
    )
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_case_review_id'), ['case_review_id'], unique=False)

    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recommendation_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_action_recommendation_id'), ['recommendation_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_action_recommendation_id_recommendation'), 'recommendation', ['recommendation_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_action_recommendation_id_recommendation'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_action_recommendation_id'))
        batch_op.drop_column('recommendation_id')

    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_case_review_id'))

    op.drop_table('recommendation')
    with op.batch_alter_table('case_review_theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_review_theme_theme_id'))
        batch_op.drop_index(batch_op.f('ix_case_review_theme_case_review_id'))

    op.drop_table('case_review_theme')
    with op.batch_alter_table('case_review_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_review_history_case_review_id'))

    op.drop_table('case_review_history')
    with op.batch_alter_table('case_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_review_referring_agency_id'))
        batch_op.drop_index(batch_op.f('ix_case_review_overseeing_group_id'))
        batch_op.drop_index(batch_op.f('ix_case_review_kind_id'))

    op.drop_table('case_review')
    op.drop_table('learning_theme')
    op.drop_table('case_review_reference_counter')
    op.drop_table('case_review_kind')
