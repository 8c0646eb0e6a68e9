"""The Sources page (a failing source and channel are unmistakable) and the admin-only Settings
page (secrets masked, channels and on-call changed and audited)."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from parley.notify import store as notify_store
from parley.settings import Settings
from parley.store import posts as post_store
from parley.store.db import open_store
from parley.store.tables import audit_log, sources
from parley.web.app import create_app
from parley.web.routes.settings import MEANINGS, shown_value
from parley.web.routes.sources import SourceRates
from tests.notify_servers import http_receiver
from tests.webutil import signed_in

HOSTILE_ERROR = "connection refused <script>alert(1)</script> <img src=x onerror=alert(2)>"


def _app(db_url: str, **env: str) -> FastAPI:
    settings = Settings.from_env({"PARLEY_DATABASE_URL": db_url, "PARLEY_DETECT": "off", **env})
    return create_app(settings, simulate=None)


def _actions(app: FastAPI) -> list[tuple[str, str]]:
    with app.state.engine.connect() as connection:
        rows = connection.execute(
            select(audit_log.c.action, audit_log.c.target)
            .where(audit_log.c.action.notlike("session.%"))
            .where(audit_log.c.action.notlike("user.%"))
            .order_by(audit_log.c.id)
        )
        return [(a, t) for a, t in rows]


def test_sources_page_shows_failing_sources_and_channels(db_url: str) -> None:
    now = datetime.now(UTC)
    engine = open_store(db_url)
    with engine.begin() as connection:
        post_store.source_started(connection, name="mastodon:brand", kind="mastodon")
        post_store.source_progress(connection, name="mastodon:brand", posts=120, problems=2,
                                   last_post_at=now - timedelta(minutes=3))  # fmt: skip
        post_store.source_finished(connection, name="mastodon:brand", state="failing",
                                   detail=HOSTILE_ERROR)  # fmt: skip
        post_store.source_started(connection, name="import:history.jsonl", kind="jsonl")
        post_store.source_progress(connection, name="import:history.jsonl", posts=5000,
                                   problems=0, last_post_at=now - timedelta(days=2))  # fmt: skip
        post_store.source_finished(connection, name="import:history.jsonl", state="done")
        post_store.source_started(connection, name="rss:ghost", kind="rss",
                                  now=now - timedelta(hours=1))  # fmt: skip
        notify_store.save_channel(connection, name="team-slack", kind="slack",
                                  target="https://hooks.slack.example/T0/B0/secretpath", now=now)  # fmt: skip
        notify_store.record_test(connection, "team-slack", now=now,
                                 error="test: 404 <b>no_team</b>")  # fmt: skip
    engine.dispose()
    app = _app(db_url)
    with signed_in(app, "analyst") as client:
        for path in ("/sources", "/partials/sources"):
            page = client.get(path)
            assert page.status_code == 200
            html = page.text
            assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
            assert "connection refused &lt;script&gt;alert(1)&lt;/script&gt;" in html
            assert 'role="alert"' in html and "Source <b>mastodon:brand</b> is failing" in html
            # a source that says it runs but has been silent for an hour
            assert re.search(
                r"rss:ghost</b> says it is running but has not reported for 6\d min", html
            )
            assert "Notification channel <b>team-slack</b> is failing: test: 404 &lt;b&gt;" in html
            assert "secretpath" not in html and "https://hooks.slack.example/…" in html
            assert 'class="tag state-done">done' in html and "5,000" in html
        assert 'hx-get="/partials/sources"' in client.get("/sources").text
    with signed_in(app, "analyst") as client:
        client.cookies.clear()
        assert client.get("/sources", follow_redirects=False).status_code in (303, 401)


def test_source_rates_from_the_totals_seen() -> None:
    rates = SourceRates(window=timedelta(minutes=5))
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    row = {"name": "s", "state": "running", "posts_total": 600, "started_at": start,
           "updated_at": start + timedelta(minutes=10)}  # fmt: skip
    first = rates.observe(row, start + timedelta(minutes=10))
    assert first.per_minute == pytest.approx(60.0) and "since it started" in first.over
    later = rates.observe({**row, "posts_total": 900}, start + timedelta(minutes=11))
    assert later.per_minute == pytest.approx(300.0) and later.over == "the last 60 s"
    slower = rates.observe({**row, "posts_total": 1000}, start + timedelta(minutes=17))
    assert slower.per_minute == pytest.approx(100 / 6) and slower.over == "the last 6 min"
    restarted = rates.observe({**row, "posts_total": 5}, start + timedelta(minutes=18))
    assert "since it started" in restarted.over
    done = rates.observe({**row, "state": "done"}, start + timedelta(minutes=19))
    assert done.over == "on average while it ran"


def test_settings_are_admin_only_and_mask_secrets(db_url: str) -> None:
    app = _app(db_url, PARLEY_SMTP_PASSWORD="hunter2-very-secret", PARLEY_SMTP_HOST="mail.local")
    for role in ("analyst", "agent", "manager"):
        with signed_in(app, role) as client:
            assert client.get("/settings").status_code == 403
            refused = client.post("/settings/channels", data={"name": "x", "kind": "webhook",
                                                              "target": "https://a.example/h"})  # fmt: skip
            assert refused.status_code == 403
    with signed_in(app, "admin") as client:
        page = client.get("/settings")
        assert page.status_code == 200
        assert "hunter2" not in page.text and "set (hidden)" in page.text
        assert "PARLEY_SMTP_HOST" in page.text and "mail.local" in page.text
        assert 'href="/topics"' in page.text  # per-topic sensitivity lives there
    assert shown_value("database_url", "postgresql+psycopg://ana:s3cret@db:5432/parley") == (
        "postgresql+psycopg://ana:***@db:5432/parley"
    )
    assert shown_value("smtp_password", "") == "not set"
    assert shown_value("any_api_token", "abc") == "set (hidden)"


def test_every_setting_says_what_it_means() -> None:
    assert {f.name for f in fields(Settings)} <= set(MEANINGS)


def test_admin_adds_tests_disables_and_removes_channels_audited(db_url: str) -> None:
    app = _app(db_url)
    with signed_in(app, "admin") as client:
        bad = client.post("/settings/channels",
                          data={"name": "hook", "kind": "webhook", "target": "javascript:alert(1)"})  # fmt: skip
        assert bad.status_code == 422
        assert "channel not saved" in bad.text and "must be an http(s) URL" in bad.text
        assert 'value="javascript:alert(1)"' in bad.text  # the form keeps what was typed
        bad_name = client.post("/settings/channels",
                               data={"name": "<b>", "kind": "webhook", "target": "https://a.example/"})  # fmt: skip
        assert bad_name.status_code == 422 and "channel name" in bad_name.text
        nul = client.post("/settings/channels",
                          data={"name": "hook", "kind": "webhook", "target": "https://a.example/\x00"})  # fmt: skip
        assert nul.status_code == 422 and "target contains control characters" in nul.text
        assert _actions(app) == []

        with http_receiver(200) as server:
            made = client.post("/settings/channels", follow_redirects=False,
                               data={"name": "hook", "kind": "webhook", "target": server.url,
                                     "min_severity": "high", "secret": "s1gning-key"})  # fmt: skip
            assert made.status_code == 303
            page = client.get("/settings").text
            assert "hook" in page and "s1gning-key" not in page and ">signed<" in page
            tested = client.post("/settings/channels/hook/test", follow_redirects=False)
            assert tested.status_code == 303 and len(server.received) == 1
        with app.state.engine.connect() as connection:
            channel = notify_store.get_channel(connection, "hook")
        assert channel["state"] == "ok" and channel["last_sent_at"] is not None

        # the receiver is gone: a test now fails, and the channel says so
        client.post("/settings/channels/hook/test")
        page = client.get("/settings").text
        assert 'class="tag state-failing">failing' in page
        assert "Notification channel <b>hook</b> is failing" in client.get("/sources").text

        assert client.post("/settings/channels/hook/disable").status_code == 200
        with app.state.engine.connect() as connection:
            assert notify_store.get_channel(connection, "hook")["enabled"] is False
        assert client.post("/settings/channels/nope/disable").status_code == 404
        assert client.post("/settings/channels/nope/test").status_code == 404
        client.post("/settings/channels/hook/remove")
        with app.state.engine.connect() as connection:
            assert notify_store.get_channel(connection, "hook") is None

        oncall_bad = client.post("/settings/oncall", data={"person": "Ana", "email": "ana@example.org",
                                                           "window": "Mon-Fri 25:00-18:00"})  # fmt: skip
        assert oncall_bad.status_code == 422 and "on-call window" in oncall_bad.text
        client.post("/settings/oncall", data={"person": "Ana <i>", "email": "ana@example.org",
                                              "window": ""})  # fmt: skip
        page = client.get("/settings").text
        assert "Ana &lt;i&gt;" in page and "(fallback)" in page
    actions = [a for a, _ in _actions(app)]
    assert actions == ["channel.save", "channel.test", "channel.test", "channel.disable",
                       "channel.remove", "oncall.add"]  # fmt: skip


def test_a_quiet_source_is_not_flagged_when_it_reported_lately(db_url: str) -> None:
    now = datetime.now(UTC)
    engine = open_store(db_url)
    with engine.begin() as connection:
        post_store.source_started(connection, name="sim", kind="simulator")
        connection.execute(update(sources).values(updated_at=now - timedelta(seconds=30)))
    engine.dispose()
    with signed_in(_app(db_url), "analyst") as client:
        html = client.get("/partials/sources").text
        assert "Needs attention" not in html and 'class="tag state-running">running' in html
