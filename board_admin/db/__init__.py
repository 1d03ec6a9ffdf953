"""SQLAlchemy models, engine and session set-up, and the Alembic migrations."""
