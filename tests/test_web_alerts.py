"""The Alerts pages as people use them: the filtered, paged list; an alert's page explains it
from its evidence alone (chart, posts, authors, terms, coordinated share), with hostile
evidence escaped; acknowledge, dismiss and open an incident, audited, with clear messages on
conflicts. On SQLite and PostgreSQL."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from markupsafe import escape

from parley.settings import Settings
from parley.store import alerts as alert_store
from parley.store import audit
from parley.store.topics import create_topic
from parley.web.app import create_app
from parley.web.routes import alerts as alert_pages
from tests.webutil import signed_in

NOW = datetime.now(UTC).replace(second=0, microsecond=0)
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
SVG = '<svg onload="window.__pwned=3">'


@pytest.fixture
def app(db_url, engine):
    settings = Settings.from_env({"PARLEY_DATABASE_URL": db_url})
    return create_app(settings, engine=engine, simulate=None)


def surge_evidence(**overrides: Any) -> dict[str, Any]:
    """Evidence shaped as `Detection.evidence` writes it for a surge."""
    series = [
        {"t": (NOW - timedelta(minutes=59 - m)).isoformat(), "posts": 3 + (40 if m > 50 else 0),
         "negative": 1 + (30 if m > 50 else 0), "expected": 3.2}
        for m in range(60)
    ]  # fmt: skip
    evidence = {
        "scope": "brand", "window_minutes": 5, "window_start": series[55]["t"],
        "window_end": NOW.isoformat(), "observed": 215, "expected": 16.0, "ratio": 13.4,
        "score": 9.1, "baseline_per_minute": 3.2, "current_per_minute": 43.0,
        "history_hours": 26, "series": series, "posts_in_evidence": 215,
        "top_posts": [
            {"key": "x:1", "text": f"Aurelia gives cancer {SCRIPT}", "author": IMG,
             "handle": SVG, "followers": 120_000, "sentiment": "negative", "lang": "en",
             "platform": "x", "at": NOW.isoformat(), "engagement": 900,
             "url": "javascript:window.__pwned=4"},
            {"key": "x:2", "text": "the recall is real", "author": "Dana", "handle": "dana",
             "followers": 50, "sentiment": "negative", "lang": "en", "platform": "x",
             "at": NOW.isoformat(), "engagement": 3, "url": "https://example.com/p/2"},
        ],
        "top_authors": [{"author": IMG, "handle": SCRIPT, "followers": 120_000,
                         "platform": "x", "posts": 4}],
        "top_terms": [[SCRIPT, 40], ["recall", 33]],
        "languages": {"en": 200, SVG: 15},
        "platforms": {"x": 180, "reddit": 35},
        "sentiment": {"negative": 150, "neutral": 50, "positive": 15},
        "coordinated_share": 0.42,
        "campaign_id": 7,
        "peak_ratio": 14.0,
    }  # fmt: skip
    evidence.update(overrides)
    return evidence


def new_alert(connection: Any, **overrides: Any) -> int:
    fields: dict[str, Any] = {
        "kind": "negative", "topic": "brand", "severity": "high", "score": 9.1,
        "title": f"Negative posts about brand: 13x the usual {SCRIPT}",
        "summary": f"215 negative posts in 5 minutes; {IMG}", "fired_at": NOW,
        "evidence": surge_evidence(),
    }  # fmt: skip
    fields.update(overrides)
    return alert_store.insert_alert(connection, **fields)


def _ids(text: str) -> list[int]:
    return [int(i) for i in re.findall(r'<a href="/alerts/(\d+)">', text)]


def test_the_alert_list_filters_newest_first_and_pages(app, engine, monkeypatch):
    with engine.begin() as c:
        create_topic(c, name="brand", query="aurelia")
        a = new_alert(c, fired_at=NOW - timedelta(hours=3), severity="low")
        b = new_alert(c, kind="volume", fired_at=NOW - timedelta(hours=2), state="closed")
        d = new_alert(c, kind="volume", topic="*", fired_at=NOW - timedelta(hours=1),
                      severity="critical", title=f"Org surge {SVG}")  # fmt: skip
    client = signed_in(app, "analyst")
    page = client.get("/alerts")
    assert page.status_code == 200 and _ids(page.text) == [d, b, a]
    assert "Org surge &lt;svg onload" in page.text and "<svg onload" not in page.text
    assert _ids(client.get("/alerts?state=open").text) == [d, a]
    assert _ids(client.get("/alerts?state=closed").text) == [b]
    assert _ids(client.get("/alerts?kind=volume").text) == [d, b]
    assert _ids(client.get("/alerts?topic=brand").text) == [b, a]
    assert _ids(client.get("/alerts", params={"topic": "*"}).text) == [d]
    assert _ids(client.get("/alerts?severity=critical").text) == [d]
    assert _ids(client.get("/alerts?kind=volume&state=open").text) == [d]
    assert "No alerts match these filters" in client.get("/alerts?severity=medium").text
    odd = client.get("/alerts", params={"kind": SCRIPT, "state": "open"})
    assert odd.status_code == 200 and _ids(odd.text) == [d, a]
    assert "is not one of" in odd.text and "<script>window" not in odd.text
    assert client.get("/alerts?page=lots").status_code == 422

    monkeypatch.setattr(alert_pages, "PAGE_SIZE", 2)
    first = client.get("/alerts?kind=volume&page=1")
    assert _ids(first.text) == [d, b] and "older" not in first.text
    first = client.get("/alerts")
    assert _ids(first.text) == [d, b] and 'href="/alerts?page=2"' in first.text
    second = client.get("/alerts?page=2")
    assert _ids(second.text) == [a] and 'href="/alerts?page=1"' in second.text
    filtered = client.get("/alerts?severity=high&page=1")
    assert _ids(filtered.text) == [b]


def test_an_alert_page_explains_the_alert_and_escapes_hostile_evidence(app, engine):
    with engine.begin() as c:
        topic = create_topic(c, name="brand", query="aurelia")
        alert_id = new_alert(c, topic_id=topic["id"])
    client = signed_in(app, "analyst")
    page = client.get(f"/alerts/{alert_id}")
    assert page.status_code == 200
    body = page.text
    for hostile in (SCRIPT, IMG, SVG):
        assert hostile not in body
        assert str(escape(hostile)) in body
    assert "javascript:" not in body  # the hostile post link is dropped, not shown
    assert 'href="https://example.com/p/2"' in body
    assert 'href="/campaigns/7"' in body and "42%" in body
    assert f'href="/topics/{topic["id"]}"' in body
    assert "120,000 followers" in body and "13.4×" in body
    for shown in ("Top authors", "Top terms", "Sentiment", "Languages", "Platforms"):
        assert shown in body
    # the chart: the 60-minute series against the expected rate, with the alert marked
    spec = json.loads(html.unescape(re.search(r"data-chart='([^']*)'", body).group(1)))
    assert len(spec["x"]) == 60 and spec["x"] == sorted(spec["x"])
    labels = [s["label"] for s in spec["series"]]
    assert labels == ["posts", "expected", "negative"]
    assert spec["series"][0]["values"][-1] == 43 and spec["series"][1]["values"][0] == 3.2
    assert spec["marks"][0] == {"t": int(NOW.timestamp()), "label": f"alert #{alert_id} fired"}
    assert client.get("/alerts/999999").status_code == 404
    assert client.get("/alerts/0").status_code == 422


@pytest.mark.parametrize(
    "evidence",
    [
        {},
        {"series": "not a list", "top_posts": {"a": 1}, "languages": [1, 2, 3]},
        {"series": [{"t": "yesterday", "posts": "many"}, None, 5], "coordinated_share": 7,
         "campaign_id": "javascript:alert(1)", "top_terms": [[{"x": 1}, 2], ["ok", "NaN"]],
         "top_posts": [None, {"text": {"nested": SCRIPT}, "url": "data:text/html,x"}]},
        {"series": [{"t": NOW.isoformat(), "posts": 1e308}] * 3,
         "observed": True, "ratio": "13"},
    ],
)  # fmt: skip
def test_odd_evidence_never_breaks_the_page(app, engine, evidence):
    with engine.begin() as c:
        alert_id = new_alert(c, evidence=evidence)
    page = signed_in(app, "analyst").get(f"/alerts/{alert_id}")
    assert page.status_code == 200
    assert "javascript:" not in page.text and "data:text/html" not in page.text
    assert "<script>window" not in page.text


def test_acknowledge_dismiss_and_open_an_incident(app, engine):
    with engine.begin() as c:
        create_topic(c, name="brand", query="aurelia")
        first = new_alert(c)
        second = new_alert(c, key="other")
    analyst = signed_in(app, "analyst")
    for action in ("ack", "dismiss", "incident"):
        assert analyst.post(f"/alerts/{first}/{action}").status_code == 403
    agent = signed_in(app, "agent")
    page = agent.get(f"/alerts/{first}")
    assert "Acknowledge" in page.text and "Open an incident" not in page.text

    acked = agent.post(f"/alerts/{first}/ack", follow_redirects=False)
    assert acked.status_code == 303
    assert acked.headers["location"] == f"/alerts/{first}?done=acknowledged"
    shown = agent.get(acked.headers["location"]).text
    assert "Alert acknowledged" in shown and f"by {agent.username}" in shown
    again = agent.post(f"/alerts/{first}/ack", headers={"HX-Request": "true"})
    assert again.status_code == 200 and 'id="alert-actions"' in again.text
    assert "already been acknowledged" in again.text and "<html" not in again.text
    assert agent.post(f"/alerts/{first}/incident").status_code == 403

    reason = f"a competitor's bots {SCRIPT}"
    dismissed = agent.post(f"/alerts/{second}/dismiss", data={"reason": reason},
                           headers={"HX-Request": "true"})  # fmt: skip
    assert dismissed.status_code == 200 and "Alert dismissed as a false alarm" in dismissed.text
    assert str(escape(reason)) in dismissed.text and SCRIPT not in dismissed.text
    # a dismissed alert cannot be acknowledged: the store's message, 409 for a plain form
    conflict = agent.post(f"/alerts/{second}/ack", follow_redirects=False)
    assert conflict.status_code == 409
    assert "was dismissed by" in conflict.text and "cannot be acknowledged" in conflict.text
    swapped = agent.post(f"/alerts/{second}/ack", headers={"HX-Request": "true"})
    assert swapped.status_code == 200 and "cannot be acknowledged" in swapped.text
    too_long = agent.post(f"/alerts/{first}/dismiss", data={"reason": "x" * 2_001})
    assert too_long.status_code == 409 and "the reason is 2001 characters long" in too_long.text
    assert agent.post("/alerts/999999/ack").status_code == 404

    manager = signed_in(app, "manager")
    opened = manager.post(f"/alerts/{first}/incident", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"].endswith("?done=incident")
    with engine.connect() as c:
        incident_ids = alert_store.get_alert(c, first)["incidents"]
    assert len(incident_ids) == 1
    page = manager.get(opened.headers["location"]).text
    assert "Incident opened from this alert" in page
    assert f'href="/incidents/{incident_ids[0]}"' in page
    existing = manager.post(f"/alerts/{first}/incident", headers={"HX-Request": "true"})
    assert existing.status_code == 200 and "already in an incident" in existing.text

    with engine.connect() as c:
        trail = {
            alert: [(r["action"], r["actor"], (r["detail"] or {}).get("reason"))
                    for r in reversed(audit.entries(c, target=f"alert:{alert}"))]
            for alert in (first, second)
        }  # fmt: skip
    assert trail[first] == [("alert.ack", agent.username, None)]
    assert trail[second] == [("alert.dismiss", agent.username, reason)]
    with engine.connect() as c:
        [opened_row] = audit.entries(c, target=f"incident:{incident_ids[0]}")
    assert opened_row["action"] == "incident.open" and opened_row["actor"] == manager.username
    assert opened_row["detail"]["alert"] == first
    history = analyst.get(f"/alerts/{second}").text
    assert "dismissed it as a false alarm" in history and str(escape(reason)) in history


def test_a_campaign_alert_names_its_campaign(app, engine):
    evidence = {
        "scope": "brand", "campaign_id": 12, "status": "suspected", "score": 0.81,
        "accounts": 3, "accounts_sample": ["x:paid0", f"x:{SCRIPT}"], "posts": 6,
        "window_start": NOW.isoformat(), "window_end": NOW.isoformat(), "topics": ["brand"],
        "stance": f"against {IMG}", "campaign_summary": f"3 accounts posted near-identical texts {SVG}",
        "signals": {"near_duplicates": 0.9},
    }  # fmt: skip
    with engine.begin() as c:
        alert_id = new_alert(c, kind="campaign", evidence=evidence, key="campaign:12")
    page = signed_in(app, "analyst").get(f"/alerts/{alert_id}")
    assert page.status_code == 200
    assert 'href="/campaigns/12"' in page.text and "3 accounts acting together" in page.text
    assert str(escape(evidence["campaign_summary"])) in page.text
    assert "<svg onload" not in page.text and "<script>window" not in page.text
    assert 'figure class="chart"' not in page.text  # no minute series: no empty chart
