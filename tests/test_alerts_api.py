"""The alerts and incidents JSON API through FastAPI's TestClient, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from parley.settings import Settings
from parley.store import alerts as alert_store
from parley.store.topics import save_topic
from parley.web.app import create_app
from tests.test_incidents import FIRED, HOSTILE, T0, WALL, _crisis, new_alert
from tests.webutil import signed_in


@pytest.fixture
def client(engine, db_url):
    settings = Settings.from_env({"PARLEY_DATABASE_URL": db_url})
    return signed_in(create_app(settings, engine=engine, simulate=None), "admin")


def test_an_incident_through_the_api(engine, client):
    with engine.begin() as c:
        save_topic(c, name="aurelia", query="aurelia")
        first = new_alert(c)
        second = new_alert(
            c,
            kind="volume",
            key="v",
            fired_at=FIRED + timedelta(minutes=5),
            wall_fired_at=WALL + timedelta(minutes=5),
        )
    listed = client.get("/api/v1/alerts", params={"kind": "negative", "state": "open"}).json()
    assert [a["id"] for a in listed] == [first]
    since = (FIRED + timedelta(minutes=1)).isoformat()
    assert [a["id"] for a in client.get("/api/v1/alerts", params={"since": since}).json()] == [
        second
    ]
    alert = client.get(f"/api/v1/alerts/{first}").json()
    assert alert["evidence"]["current_per_min"] == 42.0
    assert alert["fired_at"] == FIRED.isoformat()

    opened = client.post(f"/api/v1/alerts/{first}/incident", json={})
    assert opened.status_code == 201 and opened.json()["created"] is True
    incident = opened.json()["incident"]
    iid = incident["id"]
    assert incident["topic"] == "aurelia"
    again = client.post(f"/api/v1/alerts/{first}/incident", json={})
    assert again.status_code == 200 and again.json()["incident"]["id"] == iid

    base = f"/api/v1/incidents/{iid}"
    assert (
        client.post(base + "/commander", json={"commander": "dana"}).status_code == 200
    )
    assert (
        client.post(base + "/severity", json={"severity": "critical"}).json()[
            "severity"
        ]
        == "critical"
    )
    note = client.post(base + "/notes", json={"text": HOSTILE})
    assert note.status_code == 201 and note.json()["text"] == HOSTILE
    published = (WALL + timedelta(hours=1)).isoformat()
    statement = client.post(base + "/statements", json={
        "text": "We are checking the report.", "channel": "x",
        "url": "https://x.example/1", "published_at": published})  # fmt: skip
    assert statement.status_code == 201 and statement.json()["data"]["channel"] == "x"
    linked = client.post(base + "/alerts", json={"alert_id": second}).json()
    assert [a["id"] for a in linked["alerts"]] == [first, second]
    assert (
        client.post(f"/api/v1/alerts/{second}/dismiss", json={}).json()["dismissed_by"]
        == client.username
    )
    assert (
        client.post(base + "/status", json={"status": "resolved"}).json()["status"]
        == "resolved"
    )

    full = client.get(base).json()
    kinds = [e["kind"] for e in full["timeline"]]
    # both alerts fired, and the statement was published, on 2 March: long before the
    # incident was opened (the wall clock now). The timeline puts each where it happened.
    assert kinds[:6] == [
        "alert_fired",
        "alert_fired",
        "statement",
        "opened",
        "alert_linked",
        "alert_acknowledged",
    ]
    assert kinds.count("statement") == 1 and kinds[-1] == "status"
    assert "alert_dismissed" in kinds and "note" in kinds
    assert [
        i["id"] for i in client.get("/api/v1/incidents", params={"status": "resolved"}).json()
    ] == [iid]
    assert client.get("/api/v1/incidents", params={"status": "open"}).json() == []
    report = client.get(base + "/postmortem").json()
    assert report["time_to_detect_s"] == 60 and report["statements"] == 1
    assert any("first statement" in w for w in report["words"])


def test_postmortem_through_the_api_matches_the_scenario(engine, client):
    iid, _ = _crisis(engine)
    report = client.get(f"/api/v1/incidents/{iid}/postmortem", params={"tolerance": 0.01}).json()
    share = report["negative_share"]
    assert share["baseline"] == pytest.approx(0.10) and share["peak"] == pytest.approx(0.70)
    assert share["recovered_hour"] == (T0 + timedelta(hours=4)).isoformat()
    assert report["time_to_first_statement_s"] == 3 * 3600 + 12 * 60


def test_bad_requests_get_clear_errors(engine, client):
    with engine.begin() as c:
        alert_id = new_alert(c)
    opened = client.post("/api/v1/incidents", json={"title": "Storm"})
    assert opened.status_code == 201
    iid = opened.json()["id"]
    base = f"/api/v1/incidents/{iid}"

    def detail(response):  # type: ignore[no-untyped-def]
        return str(response.json()["detail"])

    cases = [
        (client.get("/api/v1/alerts/999"), 404, "no alert with id 999"),
        (client.get("/api/v1/incidents/999"), 404, "no incident with id 999"),
        (client.get("/api/v1/incidents/999/postmortem"), 404, "no incident"),
        (client.post("/api/v1/alerts/999/ack", json={}), 404, "no alert"),
        (client.post(base + "/alerts", json={"alert_id": 999}), 404, "no alert"),
        (client.get(f"/api/v1/incidents/{2**70}"), 422, "less than or equal"),
        (client.get("/api/v1/incidents/abc"), 422, "integer"),
        (client.get("/api/v1/alerts", params={"state": "maybe"}), 422, "open"),
        (client.get("/api/v1/alerts", params={"limit": 0}), 422, "greater than or equal"),
        (client.post(base + "/notes", json={}), 422, "text"),
        (client.post(base + "/notes", json={"by": "mallory", "text": "x"}), 422, "Extra inputs"),
        (client.post(base + "/notes", json={"text": "x", "admin": True}), 422,
         "Extra inputs"),
        (client.post(base + "/notes", json={"text": "n" * 20_001}), 422,
         "at most 20000"),
        (client.post(base + "/commander", json={"commander": "a" * 201}), 422, "at most 200"),
        (client.post(base + "/notes", json={"text": "x\x1b[2J"}), 422, "control characters"),
        (client.post(base + "/status", json={"status": "closed"}), 422, "resolved"),
        (client.post(base + "/status", json={"status": "open"}), 409, "already open"),
        (client.post(base + "/severity", json={"severity": "medium"}), 409,
         "already medium"),
        (client.post(base + "/statements", json={"text": "s",
                                                 "url": "javascript:alert(1)"}), 422, "https://"),
        (client.post(base + "/statements", json={"text": "s",
                                                 "published_at": "2026-03-02T10:00:00"}), 422,
         "timezone"),
        (client.post("/api/v1/incidents", json={"title": "x", "topic": "nope"}), 422,
         "no topic named 'nope'"),
        (client.post("/api/v1/incidents", content=b"{not json", headers={
            "content-type": "application/json"}), 422, "JSON"),
    ]  # fmt: skip
    for response, status, words in cases:
        assert response.status_code == status, (response.request.url, response.text)
        assert words in detail(response), (response.request.url, response.text)

    client.post(base + "/status", json={"status": "resolved"})
    refused = client.post(base + "/status", json={"status": "monitoring"})
    assert refused.status_code == 409 and "reopen it first" in detail(refused)
    client.post(f"/api/v1/alerts/{alert_id}/dismiss", json={})
    late_ack = client.post(f"/api/v1/alerts/{alert_id}/ack", json={})
    assert late_ack.status_code == 409 and f"dismissed by {client.username}" in detail(late_ack)
    # nothing a refused request sent was kept
    timeline = client.get(base).json()["timeline"]
    assert [e["kind"] for e in timeline] == ["opened", "status"]
    with engine.connect() as c:
        assert alert_store.get_alert(c, alert_id)["acknowledged_at"] is None
