"""Opening the store: one engine per URL, SQLite tuned for a single writer, migrations to head."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(RuntimeError):
    """The store cannot be opened or is not at the schema this version of Parley needs."""


def normalise_url(url: str) -> str:
    """`postgresql://` means psycopg 3 here (the driver Parley installs)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def create_store_engine(url: str) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            # The default 2 MB page cache makes index upkeep on a growing posts table read
            # the disk again and again; 64 MB keeps the hot index pages in memory.
            cursor.execute("PRAGMA cache_size=-65536")
            # Checkpoint every 64 MB of WAL instead of 4 MB: a batch dirties pages all over the
            # author-keyed tables and indexes, and pages written again before the checkpoint
            # are copied into the database once (commit CPU at a million posts: 15 -> 12 us
            # a post).
            cursor.execute("PRAGMA wal_autocheckpoint=16384")
            cursor.execute("PRAGMA temp_store=MEMORY")
            cursor.close()

        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)
    raise StoreError(
        f"unsupported database {parsed.get_backend_name()!r}: use sqlite:///PATH or "
        "postgresql://USER@HOST/DB"
    )


def upsert_insert(connection: Connection) -> Any:
    """The dialect's `insert` (it has `on_conflict_do_*`); both dialects spell those alike."""
    return postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def open_store(url: str, *, upgrade: bool = True) -> Engine:
    """An engine on a store at the current schema (migrating it if `upgrade`)."""
    engine = create_store_engine(url)
    if upgrade:
        migrate(engine)
    elif current_revision(engine) != head_revision():
        raise StoreError("the store's schema is not current: run `parley migrate`")
    return engine
