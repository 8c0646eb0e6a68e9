"""Storage: SQLite (embedded, WAL) or PostgreSQL, through SQLAlchemy Core and Alembic."""
