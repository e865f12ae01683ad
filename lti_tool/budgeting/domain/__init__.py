"""The budget itself, pure: standard library only (no Flask, SQLAlchemy or pylti1p3)."""
