"""Schemathesis against the app's own OpenAPI description: whatever a client sends to any
`/api/v1` operation, the answer is never a server error (a clear 4xx instead)."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from parley.domain import Author, Post
from parley.settings import Settings
from parley.store import alerts as alert_store
from parley.store import incidents as incident_store
from parley.store import posts as post_store
from parley.store import users
from parley.store.db import open_store
from parley.store.topics import save_topic
from parley.web.app import create_app

HOSTILE = '<script>alert(1)</script>\u202e\x00 "quote'


def _app():  # type: ignore[no-untyped-def]
    folder = Path(tempfile.mkdtemp(prefix="parley-fuzz-"))
    url = f"sqlite:///{folder / 'parley.db'}"
    engine = open_store(url)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        save_topic(connection, name="aurelia", query="aurelia OR #aurelia")
        post_store.store_batch(
            connection,
            [
                Post(platform="x", native_id=f"f{i}", created_at=now - timedelta(minutes=i),
                     text=f"aurelia {HOSTILE} {i}", lang="en",
                     author=Author(native_id=f"a{i}", handle=f"h{i}", name=HOSTILE))
                for i in range(20)
            ],
        )  # fmt: skip
        alert_id = alert_store.insert_alert(
            connection, kind="negative", topic="aurelia", key="", severity="high",
            state="open", score=5.0, title="Negative surge", summary="words",
            evidence={"current_per_min": 3.0}, fired_at=now, updated_at=now, wall_fired_at=now,
        )  # fmt: skip
        incident_store.open_incident(connection, title="Storm", by="fuzz")
        users.create_user(connection, username="fuzz", role="admin", password="x" * 16)
        _, token = users.create_token(
            connection, username="fuzz", name="fuzz", scopes=["read", "write", "admin"]
        )
    assert alert_id
    app = create_app(Settings(database_url=url, data_dir=folder), engine=engine, simulate=None)
    return app, token


APP, TOKEN = _app()
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_makes_the_api_fail(case):  # type: ignore[no-untyped-def]
    case.call_and_validate(
        headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error]
    )
