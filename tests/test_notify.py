"""Notifications against real things: both stores, a local HTTP receiver, a local SMTP server."""

from __future__ import annotations

import hashlib
import hmac
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from parley.notify import Dispatcher, Notification, NotifyError, enqueue
from parley.notify import store as nstore
from parley.notify.dispatch import backoff, send_test
from parley.notify.oncall import add_entry
from parley.notify.send import DeliveryError
from parley.settings import Settings
from parley.store.db import open_store
from parley.store.tables import notifications, notify_outbox
from tests.notify_servers import free_port, http_receiver, smtp_server

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
HOSTILE = (
    "<script>alert(1)</script> & [click](http://evil.example) <!channel>\r\nBcc: x@evil.example"
)


def note(ref: str = "alert:12:opened", severity: str = "high", **kw) -> Notification:  # type: ignore[no-untyped-def]
    fields = {
        "event": "alert.opened",
        "severity": severity,
        "title": "Volume surge on Aurelia",
        "text": "42 posts/min against a baseline of 6.\nTop term: recall",
        "link": "/alerts/12",
        "fields": {"Topic": "Aurelia", "Rate": "42/min"},
        "ref": ref,
    }
    fields.update(kw)
    return Notification(**fields)


def settings(**kw) -> Settings:  # type: ignore[no-untyped-def]
    base = Settings(base_url="https://parley.example.org", notify_backoff=30,
                    notify_max_attempts=5, notify_max_age=6 * 3600, notify_timeout=5)  # fmt: skip
    return replace(base, **kw)


def add_channel(engine, name, kind, target, **kw) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        nstore.save_channel(connection, name=name, kind=kind, target=target, now=NOW, **kw)


def queue(engine, n: Notification, now: datetime = NOW) -> int:  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        return enqueue(connection, n, now=now)


def outbox(engine) -> list[dict]:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return nstore.list_outbox(connection, limit=1000)


def channel(engine, name):  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return next(c for c in nstore.list_channels(connection) if c["name"] == name)


def test_enqueue_follows_severity_and_enabled_and_sends_a_ref_once(engine):
    add_channel(engine, "all", "webhook", "http://127.0.0.1:9/hook")
    add_channel(engine, "pager", "slack", "http://127.0.0.1:9/slack", min_severity="high")
    add_channel(engine, "off", "teams", "http://127.0.0.1:9/teams")
    with engine.begin() as connection:
        nstore.set_enabled(connection, "off", False, now=NOW)
    assert queue(engine, note("a:1", "medium")) == 1
    assert queue(engine, note("a:1", "medium")) == 0  # same ref: nothing new
    assert queue(engine, note("a:2", "critical")) == 2
    rows = outbox(engine)
    assert sorted((r["channel"], r["ref"]) for r in rows) == [
        ("all", "a:1"), ("all", "a:2"), ("pager", "a:2")]  # fmt: skip
    assert {r["state"] for r in rows} == {"pending"}
    with engine.connect() as connection:
        inapp = nstore.list_inapp(connection, user_id=None)
    assert inapp["unread"] == 2 and [n["ref"] for n in inapp["notifications"]] == ["a:2", "a:1"]


def test_enqueue_commits_with_the_callers_transaction(engine):
    add_channel(engine, "all", "webhook", "http://127.0.0.1:9/hook")
    with pytest.raises(RuntimeError), engine.begin() as connection:
        assert enqueue(connection, note(), now=NOW) == 1
        raise RuntimeError("the alert failed to store")
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(notify_outbox)).scalar() == 0
        assert connection.execute(select(func.count()).select_from(notifications)).scalar() == 0


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"severity": "urgent"}, "unknown severity"),
        ({"link": "https://evil.example/"}, "link must be a path"),
        ({"ref": ""}, "ref must be"),
        ({"title": " \n "}, "title is empty"),
        ({"fields": {"n": 3}}, "fields must map strings"),
    ],
)
def test_bad_notifications_are_refused_by_name(engine, change, words):
    with pytest.raises(NotifyError, match=words), engine.begin() as connection:
        enqueue(connection, note(**change), now=NOW)


def test_bad_channels_are_refused_by_name(engine):
    for kw, words in [
        ({"kind": "sms", "target": "x"}, "unknown channel kind"),
        ({"kind": "slack", "target": "ftp://x"}, "http\\(s\\) URL"),
        ({"kind": "email", "target": "a@b.org, not an address"}, "not an email address"),
        ({"kind": "email", "target": "a@b.org\r\nBcc: c@d.org"}, "not an email address"),
        ({"kind": "slack", "target": "http://x.org", "secret": "s"}, "generic webhooks only"),
    ]:
        with pytest.raises(NotifyError, match=words), engine.begin() as connection:
            nstore.save_channel(connection, name="c", now=NOW, **kw)
    with pytest.raises(NotifyError, match="channel name"), engine.begin() as connection:
        nstore.save_channel(connection, name="a b", kind="webhook", target="http://x", now=NOW)


def test_webhook_slack_and_teams_payloads_reach_a_real_server(engine):
    with http_receiver(200) as server:
        add_channel(engine, "hook", "webhook", server.url + "/generic", secret="s3cret")
        add_channel(engine, "slack", "slack", server.url + "/slack")
        add_channel(engine, "teams", "teams", server.url + "/teams")
        n = note(title=HOSTILE, text="line one\n<b>line two</b>", fields={"Topic": "A&B <x>"})
        assert queue(engine, n) == 3
        report = Dispatcher(engine, settings()).run_once(NOW)
        assert (report.sent, report.retrying, report.failed) == (3, 0, 0)
        got = {r.path: r for r in server.received}
    assert set(got) == {"/generic", "/slack", "/teams"}

    generic = got["/generic"]
    body = generic.json
    assert body["schema"] == "parley.notification/1"
    assert body["title"] == HOSTILE and body["ref"] == "alert:12:opened"
    assert body["link"] == "https://parley.example.org/alerts/12"
    assert body["fields"] == {"Topic": "A&B <x>"} and body["attempt"] == 1
    stamp = generic.headers["x-parley-timestamp"]
    expected = hmac.new(b"s3cret", stamp.encode() + b"." + generic.body, hashlib.sha256)
    assert generic.headers["x-parley-signature"] == "sha256=" + expected.hexdigest()
    assert generic.headers["content-type"] == "application/json"

    slack = got["/slack"].json
    # mrkdwn (which Slack parses for links and pings) never holds a raw < or >; plain_text
    # (the header, which Slack shows as is) may
    mrkdwn = [slack["text"]] + [
        t["text"] for b in slack["blocks"] for t in [b.get("text", {}), *b.get("fields", [])]
        if t.get("type") == "mrkdwn"
    ]  # fmt: skip
    assert len(mrkdwn) == 3 and not any("<" in t or ">" in t for t in mrkdwn)
    assert slack["text"].startswith("[HIGH] &lt;script&gt;")
    kinds = [b["type"] for b in slack["blocks"]]
    assert kinds == ["header", "section", "section", "actions", "context"]
    assert "\n" not in slack["blocks"][0]["text"]["text"]  # header is one line, plain text
    assert slack["blocks"][0]["text"]["type"] == "plain_text"
    assert slack["blocks"][1]["text"]["text"] == "line one\n&lt;b&gt;line two&lt;/b&gt;"
    assert slack["blocks"][2]["fields"][0]["text"] == "*Topic*\nA&amp;B &lt;x&gt;"
    assert slack["blocks"][3]["elements"][0]["url"] == "https://parley.example.org/alerts/12"

    teams = got["/teams"].json
    assert teams["type"] == "message"
    [attachment] = teams["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert card["actions"][0] == {"type": "Action.OpenUrl", "title": "Open in Parley",
                                  "url": "https://parley.example.org/alerts/12"}  # fmt: skip
    title = card["body"][0]["text"]
    assert "\\[click\\]\\(http://evil\\.example\\)" in title  # no live Markdown link
    assert card["body"][2]["facts"] == [{"title": "Topic", "value": "A&B \\<x\\>"}]
    assert all(r["state"] == "sent" for r in outbox(engine))
    assert channel(engine, "slack")["state"] == "ok"


def test_500_twice_then_200_is_retried_and_delivered_once(engine):
    conf = settings()
    with http_receiver(500, 503, 200) as server:
        add_channel(engine, "hook", "webhook", server.url + "/h")
        queue(engine, note())
        dispatcher = Dispatcher(engine, conf, rng=random.Random(1))
        first = dispatcher.run_once(NOW)
        assert first.retrying == 1 and "HTTP 500" in first.lines[0]
        [row] = outbox(engine)
        assert row["state"] == "pending" and row["attempts"] == 1
        assert NOW + timedelta(seconds=15) <= row["next_attempt_at"] <= NOW + timedelta(seconds=30)
        assert "retrying" in channel(engine, "hook")["last_error"]  # visible while it retries
        assert dispatcher.run_once(NOW).sent == 0  # not due yet: no request
        assert len(server.received) == 1
        assert dispatcher.run_once(NOW + timedelta(minutes=1)).retrying == 1  # 503
        assert dispatcher.run_once(NOW + timedelta(minutes=10)).sent == 1
        assert dispatcher.run_once(NOW + timedelta(hours=1)).sent == 0
        assert len(server.received) == 3
        assert [r.json["attempt"] for r in server.received] == [1, 2, 3]
        assert len({r.headers["x-parley-delivery"] for r in server.received}) == 1
    [row] = outbox(engine)
    assert (row["state"], row["attempts"], row["last_error"]) == ("sent", 3, None)
    health = channel(engine, "hook")
    assert (health["state"], health["last_error"]) == ("ok", None)


def test_429_waits_at_least_retry_after(engine):
    with http_receiver(429) as server:
        add_channel(engine, "hook", "webhook", server.url + "/h")
        queue(engine, note())
        Dispatcher(engine, settings()).run_once(NOW)
    [row] = outbox(engine)
    assert row["state"] == "pending"
    assert row["next_attempt_at"] >= NOW + timedelta(seconds=120)


def test_400_fails_at_once_marks_the_channel_failing_and_a_success_clears_it(engine):
    with http_receiver(400, 200) as server:
        add_channel(engine, "hook", "webhook", server.url + "/h")
        queue(engine, note("a:1"))
        report = Dispatcher(engine, settings()).run_once(NOW)
        assert report.failed == 1 and len(server.received) == 1
        [row] = outbox(engine)
        assert (
            row["state"] == "failed"
            and "HTTP 400 Bad Request: <b>no</b> thanks" in row["last_error"]
        )
        health = channel(engine, "hook")
        assert health["state"] == "failing" and health["failing_since"] == NOW
        assert "HTTP 400" in health["last_error"] and health["failed"] == 1
        later = NOW + timedelta(minutes=5)
        queue(engine, note("a:2"), now=later)
        assert Dispatcher(engine, settings()).run_once(later).sent == 1
    health = channel(engine, "hook")
    assert (health["state"], health["last_error"], health["failing_since"]) == ("ok", None, None)


def test_connection_refused_retries_until_max_attempts_then_fails(engine):
    conf = settings(notify_max_attempts=3)
    add_channel(engine, "hook", "webhook", f"http://127.0.0.1:{free_port()}/h")
    queue(engine, note())
    dispatcher = Dispatcher(engine, conf)
    states = []
    for hour in range(5):
        dispatcher.run_once(NOW + timedelta(hours=hour))
        [row] = outbox(engine)
        states.append((row["state"], row["attempts"]))
    assert states == [("pending", 1), ("pending", 2), ("failed", 3), ("failed", 3), ("failed", 3)]
    assert "gave up after 3 attempts (PARLEY_NOTIFY_MAX_ATTEMPTS)" in row["last_error"]
    assert "cannot connect" in row["last_error"]
    health = channel(engine, "hook")
    assert health["state"] == "failing" and "cannot connect" in health["last_error"]


def test_max_age_bounds_retries_too(engine):
    conf = settings(notify_max_attempts=100, notify_max_age=60, notify_backoff=30)
    add_channel(engine, "hook", "webhook", f"http://127.0.0.1:{free_port()}/h")
    queue(engine, note())
    dispatcher = Dispatcher(engine, conf)
    assert dispatcher.run_once(NOW).retrying == 1  # next try within 15-30 s: inside 60 s
    # second failure at +40 s: the next try (15-60 s later) is allowed only if it lands by +60 s
    report = dispatcher.run_once(NOW + timedelta(seconds=40))
    [row] = outbox(engine)
    if report.failed:
        assert "PARLEY_NOTIFY_MAX_AGE" in row["last_error"]
    else:  # the jitter landed it inside the bound; the third failure cannot
        assert dispatcher.run_once(NOW + timedelta(seconds=61)).failed == 1
        [row] = outbox(engine)
    assert row["state"] == "failed" and "PARLEY_NOTIFY_MAX_AGE" in row["last_error"]


def test_backoff_doubles_with_jitter_and_a_cap():
    conf = settings(notify_backoff=30)
    rng = random.Random(7)
    for attempt, base in [(1, 30), (2, 60), (3, 120), (9, 3600), (30, 3600)]:
        delay = backoff(conf, attempt, rng=rng)
        assert base / 2 <= delay <= base
    assert backoff(conf, 1, retry_after=500, rng=rng) == 500


def test_pending_rows_survive_a_restart_and_a_dead_dispatcher(db_url):
    first = open_store(db_url)
    add_channel(first, "hook", "webhook", "http://127.0.0.1:9/h")
    queue(first, note("a:1"))
    queue(first, note("a:2"))
    with first.begin() as connection:  # a dispatcher claims a:1 and dies before sending
        [(row_id, attempts), _] = nstore.due(connection, NOW, 10)
        assert nstore.claim(connection, row_id, attempts, now=NOW, lease=timedelta(minutes=2))
    first.dispose()

    engine = open_store(db_url)  # Parley restarted
    try:
        with http_receiver(200) as server:
            with engine.begin() as connection:
                nstore.save_channel(connection, name="hook", kind="webhook",
                                    target=server.url + "/h", now=NOW)  # fmt: skip
            dispatcher = Dispatcher(engine, settings())
            assert dispatcher.run_once(NOW + timedelta(seconds=1)).sent == 1  # a:2; a:1 is leased
            assert dispatcher.run_once(NOW + timedelta(minutes=3)).sent == 1  # lease expired
            refs = sorted(r.json["ref"] for r in server.received)
        assert refs == ["a:1", "a:2"]
        assert {r["state"] for r in outbox(engine)} == {"sent"}
    finally:
        engine.dispose()


def test_two_dispatchers_cannot_claim_the_same_row(engine):
    add_channel(engine, "hook", "webhook", "http://127.0.0.1:9/h")
    queue(engine, note())
    with engine.connect() as connection:
        [(row_id, attempts)] = nstore.due(connection, NOW, 10)
    lease = timedelta(minutes=1)
    with engine.begin() as connection:
        assert nstore.claim(connection, row_id, attempts, now=NOW, lease=lease) is not None
    with engine.begin() as connection:  # the second saw the same listing: it loses
        assert nstore.claim(connection, row_id, attempts, now=NOW, lease=lease) is None
    with engine.connect() as connection:
        assert nstore.due(connection, NOW, 10) == []


def test_removing_a_channel_keeps_its_undelivered_rows_as_failed(engine):
    add_channel(engine, "hook", "webhook", "http://127.0.0.1:9/h")
    queue(engine, note())
    with engine.begin() as connection:
        assert nstore.remove_channel(connection, "hook", now=NOW) == 1
    [row] = outbox(engine)
    assert row["state"] == "failed" and "channel removed" in row["last_error"]


# --- email -----------------------------------------------------------------------------------


def mail_settings(port: int, **kw) -> Settings:  # type: ignore[no-untyped-def]
    return settings(smtp_host="127.0.0.1", smtp_port=port, smtp_from="parley@example.org",
                    smtp_starttls=False, **kw)  # fmt: skip


def test_email_reaches_a_real_smtp_server_with_everything_escaped(engine):
    with smtp_server() as box:
        add_channel(engine, "mail", "email", "ops@example.org, pr@example.org")
        queue(engine, note(title=HOSTILE, text="first line\n<img src=x onerror=alert(1)>",
                           fields={"Topic": "<b>Aurelia</b>"}))  # fmt: skip
        report = Dispatcher(engine, mail_settings(box.port)).run_once(NOW)
        assert report.sent == 1, report.lines
        [(rcpts, message)] = box.messages
    assert rcpts == ["ops@example.org", "pr@example.org"]
    assert message["From"] == "parley@example.org"
    assert message["To"] == "ops@example.org, pr@example.org"
    assert message["Bcc"] is None  # the hostile title's CRLF did not forge a header
    assert message["Subject"].startswith("[Parley HIGH] <script>alert(1)</script>")
    assert "\n" not in message["Subject"]
    assert message["X-Parley-Ref"] == "alert:12:opened"
    plain = message.get_body(("plain",)).get_content()
    page = message.get_body(("html",)).get_content()
    assert "<img src=x onerror=alert(1)>" in plain  # plain text is plain: shown as is
    assert "https://parley.example.org/alerts/12" in plain and "Topic: <b>Aurelia</b>" in plain
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;Aurelia&lt;/b&gt;" in page
    assert '<a href="https://parley.example.org/alerts/12">' in page


def test_email_to_whoever_is_on_call_at_the_notification_time(engine):
    with engine.begin() as connection:
        add_entry(connection, person="Giulia", email="giulia@example.org",
                  window="Mon-Fri 09:00-18:00 Europe/Rome", fallback=False, now=NOW)  # fmt: skip
        add_entry(connection, person="Night desk", email="night@example.org", window=None,
                  fallback=True, now=NOW)  # fmt: skip
    with smtp_server() as box:
        add_channel(engine, "oncall", "email", "oncall")
        queue(engine, note("a:day"), now=NOW)  # Monday 10:00 in Rome
        queue(engine, note("a:night"), now=NOW + timedelta(hours=12))  # 22:00 in Rome
        dispatcher = Dispatcher(engine, mail_settings(box.port))
        assert dispatcher.run_once(NOW + timedelta(hours=12)).sent == 2
        got = {m["X-Parley-Ref"]: rcpts for rcpts, m in box.messages}
    assert got == {"a:day": ["giulia@example.org"], "a:night": ["night@example.org"]}


def test_nobody_on_call_and_no_fallback_fails_visibly(engine):
    add_channel(engine, "oncall", "email", "oncall")
    queue(engine, note())
    report = Dispatcher(engine, mail_settings(free_port())).run_once(NOW)
    assert report.failed == 1
    health = channel(engine, "oncall")
    assert health["state"] == "failing" and "nobody is on call" in health["last_error"]


def test_smtp_550_is_permanent_and_451_is_transient(engine):
    with smtp_server() as box:
        add_channel(engine, "bad", "email", "bad@example.org")
        add_channel(engine, "busy", "email", "busy@example.org")
        queue(engine, note())
        report = Dispatcher(engine, mail_settings(box.port)).run_once(NOW)
        assert box.messages == []
    rows = {r["channel"]: r for r in outbox(engine)}
    assert rows["bad"]["state"] == "failed" and "550" in rows["bad"]["last_error"]
    assert rows["busy"]["state"] == "pending" and "451" in rows["busy"]["last_error"]
    assert (report.failed, report.retrying) == (1, 1)
    assert channel(engine, "bad")["state"] == "failing"
    assert channel(engine, "busy")["state"] == "ok"  # retrying, not given up


def test_smtp_partly_refused_is_delivered_and_the_bad_address_shown(engine):
    with smtp_server() as box:
        add_channel(engine, "mail", "email", "ops@example.org,bad@example.org")
        queue(engine, note())
        assert Dispatcher(engine, mail_settings(box.port)).run_once(NOW).sent == 1
        [(rcpts, _)] = box.messages
    assert rcpts == ["ops@example.org"]
    health = channel(engine, "mail")
    assert health["state"] == "failing" and "bad@example.org: 550" in health["last_error"]


def test_smtp_server_down_is_transient(engine):
    add_channel(engine, "mail", "email", "ops@example.org")
    queue(engine, note())
    report = Dispatcher(engine, mail_settings(free_port())).run_once(NOW)
    assert report.retrying == 1
    [row] = outbox(engine)
    assert row["state"] == "pending" and "SMTP 127.0.0.1" in row["last_error"]


def test_channel_test_sends_now_and_records_health(engine):
    with http_receiver(200) as server:
        add_channel(engine, "slack", "slack", server.url + "/s")
        sent = send_test(engine, settings(), "slack", now=NOW)
        assert sent.said == "HTTP 200"
        [got] = server.received
        assert "test notification" in got.json["text"]
    add_channel(engine, "gone", "slack", f"http://127.0.0.1:{free_port()}/s")
    with pytest.raises(DeliveryError, match="cannot connect"):
        send_test(engine, settings(), "gone", now=NOW)
    assert channel(engine, "gone")["state"] == "failing"
    assert outbox(engine) == []  # a test does not go through the outbox
