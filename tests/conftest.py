"""Shared fixtures: a real store on SQLite and on PostgreSQL, the shared data, post factories."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from parley.store.db import open_store

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get(
    "PARLEY_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _postgres_reason() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return None
    except Exception as exc:  # no server, or no access: say which
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(exc).__name__}: {exc}"[:300]


_PG_REASON = _postgres_reason()


def require_postgres() -> None:
    if _PG_REASON is None:
        return
    if os.environ.get("PARLEY_TEST_REQUIRE_POSTGRES"):
        pytest.fail(_PG_REASON)
    pytest.skip(_PG_REASON)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    require_postgres()
    name = f"parley_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Every storage test runs on both stores."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'parley.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_store(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def shared_data() -> Path:
    """../shared/data (or PARLEY_SHARED_DATA); tests that need it skip when it is absent."""
    path = Path(os.environ.get("PARLEY_SHARED_DATA", ROOT.parent / "shared" / "data"))
    if not path.is_dir():
        pytest.skip(f"shared data not found at {path} (set PARLEY_SHARED_DATA)")
    return path


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path) -> dict[str, str]:
    """Environment for running `parley` against the test store."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PARLEY_") or k.startswith("PARLEY_TEST_")
    }
    env["PARLEY_DATABASE_URL"] = db_url
    env["PARLEY_DATA_DIR"] = str(tmp_path / "var")
    # one process is quicker to start; test_kill and test_pipeline run the worker pool
    env["PARLEY_ENRICH_WORKERS"] = "0"
    return env


BASE_TIME = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def record(i: int = 0, **overrides: Any) -> dict[str, Any]:
    """A valid interchange record; `overrides` replace or add fields."""
    out: dict[str, Any] = {
        "platform": "x",
        "native_id": f"p{i}",
        "created_at": (BASE_TIME + timedelta(seconds=i)).isoformat().replace("+00:00", "Z"),
        "text": f"post number {i} about @AureliaCare #AureliaSilk",
        "author": {"native_id": f"a{i % 7}", "handle": f"user{i % 7}", "followers": i * 10},
        "metrics": {"likes": i, "reposts": 0},
    }
    out.update(overrides)
    return out


def write_jsonl(path: Path, records: list[Any]) -> Path:
    with path.open("wb") as handle:
        for item in records:
            handle.write(item if isinstance(item, bytes) else msgspec.json.encode(item))
            handle.write(b"\n")
    return path
