"""room and street: comment review, who saved a round table's record

Residents' comments carry a review state (new, shown, hidden, redacted) and, when redacted,
the text that readers see; every decision is logged with the reviewer and the time. A
validation record names the account that saved it. A survey names the body responsible for
its data and links its privacy statement.

Revision ID: 0009_room_street
Revises: 0008_answer_path
Create Date: 2026-11-30 14:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009_room_street'
down_revision = '0008_answer_path'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review', sa.String(length=10), server_default='new', nullable=False))
        batch_op.add_column(sa.Column('redacted_text', sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f('ix_comment_review'), ['review'], unique=False)
        batch_op.create_check_constraint(
            batch_op.f('ck_comment_review'), "review IN ('new', 'shown', 'hidden', 'redacted')"
        )
        batch_op.create_check_constraint(
            batch_op.f('ck_comment_redacted_text'), "(review = 'redacted') = (redacted_text IS NOT NULL)"
        )

    op.create_table('comment_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=True),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("decision IN ('shown', 'hidden', 'redacted')", name=op.f('ck_comment_review_decision')),
    sa.CheckConstraint("(decision = 'hidden') = (reason IS NOT NULL)", name=op.f('ck_comment_review_reason')),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], name=op.f('fk_comment_review_comment_id_comment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user_account.id'], name=op.f('fk_comment_review_reviewer_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_review'))
    )
    with op.batch_alter_table('comment_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_review_comment_id'), ['comment_id'], unique=False)

    with op.batch_alter_table('validation_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('saved_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_validation_record_saved_by_id_user_account'),
            'user_account', ['saved_by_id'], ['id'], ondelete='SET NULL'
        )

    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('privacy_body', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('privacy_url', sa.String(length=500), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_column('privacy_url')
        batch_op.drop_column('privacy_body')

    with op.batch_alter_table('validation_record', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_validation_record_saved_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('saved_by_id')

    with op.batch_alter_table('comment_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_review_comment_id'))
    op.drop_table('comment_review')

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_comment_redacted_text'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_comment_review'), type_='check')
        batch_op.drop_index(batch_op.f('ix_comment_review'))
        batch_op.drop_column('redacted_text')
        batch_op.drop_column('review')
