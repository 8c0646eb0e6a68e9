"""Alerts and incidents in the store, on SQLite and PostgreSQL: the life of an incident, its
timeline, the post-mortem on a constructed crisis, and hostile input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from parley.domain import Author, Post
from parley.enrich.sentiment import SentimentEnricher
from parley.incidents.postmortem import postmortem
from parley.incidents.render import duration_words
from parley.store import alerts as alert_store
from parley.store import incidents as store
from parley.store.alerts import AlertError, AlertNotFound, Conflict, InputError
from parley.store.incidents import IncidentError, IncidentNotFound, TransitionError
from parley.store.posts import store_batch
from parley.store.topics import save_topic

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the hour the surge starts in
SURGE = T0 + timedelta(minutes=20)
FIRED = T0 + timedelta(minutes=21)
WALL = FIRED + timedelta(seconds=30)  # the alert reached people 30 s after its stream time


def new_alert(connection: Any, **overrides: Any) -> int:
    fields: dict[str, Any] = {
        "kind": "negative", "topic": "aurelia", "key": "", "severity": "medium",
        "score": 4.2, "title": "Negative posts about aurelia: 6x the usual rate",
        "summary": "42 negative posts/min against 7 usual",
        "evidence": {"window_start": SURGE.isoformat(), "baseline_per_min": 7.0,
                     "current_per_min": 42.0,
                     "top_posts": [{"id": 1, "text": "<b>carcinogen</b>\x1b[31m", "reposts": 900}]},
        "fired_at": FIRED, "wall_fired_at": WALL,
    }  # fmt: skip
    fields.update(overrides)
    return alert_store.insert_alert(connection, **fields)


def test_insert_and_read_alerts(engine):
    with engine.begin() as c:
        first = new_alert(c)
        second = new_alert(c, kind="volume", severity="low", fired_at=FIRED + timedelta(hours=1),
                           key="term", topic="*", evidence={})  # fmt: skip
        alert_store.update_alert(c, second, state="closed", updated_at=FIRED + timedelta(hours=2))
    with engine.connect() as c:
        alert = alert_store.get_alert(c, first)
        assert alert["evidence"]["top_posts"][0]["text"] == "<b>carcinogen</b>\x1b[31m"
        assert alert["fired_at"] == FIRED and alert["wall_fired_at"] == WALL
        assert alert["state"] == "open" and alert["incidents"] == []
        assert [a["id"] for a in alert_store.list_alerts(c)] == [second, first]
        assert [a["id"] for a in alert_store.list_alerts(c, state="open")] == [first]
        assert [a["id"] for a in alert_store.list_alerts(c, kind="volume")] == [second]
        assert [a["id"] for a in alert_store.list_alerts(c, topic="aurelia")] == [first]
        later = alert_store.list_alerts(c, since=FIRED + timedelta(minutes=1))
        assert [a["id"] for a in later] == [second]
        closed = alert_store.get_alert(c, second)
        assert closed["closed_at"] == FIRED + timedelta(hours=2)
        assert "evidence" not in alert_store.list_alerts(c)[0]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "rumour"}, "kind 'rumour' is not one of"),
        ({"severity": "extreme"}, "severity 'extreme'"),
        ({"state": "pending"}, "state 'pending'"),
        ({"score": float("nan")}, "score must be finite"),
        ({"title": "x" * 1001}, "title is 1001 characters long"),
        ({"title": "two\nlines"}, "title contains control characters"),
        ({"evidence": ["not", "a", "dict"]}, "evidence must be a JSON object"),
        ({"fired_at": datetime(2026, 3, 2, 9)}, "fired_at has no time zone"),
        ({"colour": "red"}, "unknown alert fields: colour"),
    ],
)
def test_insert_alert_refuses_bad_fields(engine, overrides, message):
    with engine.begin() as c, pytest.raises(InputError, match=message):
        new_alert(c, **overrides)


def test_acknowledge_and_dismiss_are_idempotent_and_clear(engine):
    with engine.begin() as c:
        alert_id = new_alert(c)
        other = new_alert(c, key="other")
    with engine.begin() as c:
        done = alert_store.acknowledge(c, alert_id, by="ana", now=WALL + timedelta(minutes=2))
        again = alert_store.acknowledge(c, alert_id, by="bo", now=WALL + timedelta(minutes=5))
        assert done["acknowledged_by"] == again["acknowledged_by"] == "ana"
        assert again["acknowledged_at"] == WALL + timedelta(minutes=2)
        # an acknowledged alert may be dismissed; a dismissed one cannot be acknowledged
        gone = alert_store.dismiss(c, alert_id, by="bo", now=WALL + timedelta(minutes=9))
        assert gone["dismissed_by"] == "bo" and gone["acknowledged_by"] == "ana"
        assert alert_store.dismiss(c, alert_id, by="cy")["dismissed_by"] == "bo"
        alert_store.dismiss(c, other, by="cy")
        with pytest.raises(Conflict, match="dismissed by cy"):
            alert_store.acknowledge(c, other, by="ana")
        with pytest.raises(AlertNotFound, match="no alert with id 999"):
            alert_store.acknowledge(c, 999, by="ana")
        with pytest.raises(AlertNotFound):
            alert_store.update_alert(c, 999, severity="high")
        with pytest.raises(AlertError, match="cannot be updated: kind"):
            alert_store.update_alert(c, alert_id, kind="volume")
        with pytest.raises(InputError, match="actor"):
            alert_store.dismiss(c, alert_id, by="")


def test_the_life_of_an_incident_from_an_alert(engine):
    with engine.begin() as c:
        save_topic(c, name="aurelia", query="aurelia")
        alert_id = new_alert(c)
    with engine.begin() as c:
        incident, created = store.open_from_alert(
            c, alert_id, by="ana", now=WALL + timedelta(minutes=3)
        )
        assert created and incident["status"] == "open" and incident["severity"] == "medium"
        assert incident["topic"] == "aurelia" and incident["title"].startswith("Negative posts")
        # a second press of the button gives the same incident back
        again, created_again = store.open_from_alert(c, alert_id, by="bo")
        assert again["id"] == incident["id"] and not created_again
    iid = incident["id"]
    t = WALL + timedelta(minutes=3)
    with engine.begin() as c:
        second = new_alert(c, kind="volume", key="v", severity="low",
                           fired_at=FIRED + timedelta(minutes=10),
                           wall_fired_at=WALL + timedelta(minutes=10))  # fmt: skip
        store.set_commander(
            c, iid, "Dana <dana@example.org>", by="ana", now=t + timedelta(minutes=1)
        )
        store.set_severity(c, iid, "high", by="dana", now=t + timedelta(minutes=2))
        store.add_note(c, iid, "Magazine article is the source.\nCalling legal.", by="dana",
                       now=t + timedelta(minutes=4))  # fmt: skip
        store.link_alert(c, iid, second, by="dana", now=t + timedelta(minutes=12))
        alert_store.update_alert(c, alert_id, severity="high", summary="42 posts/min")
        assert len(store.alert_updated(c, alert_id, now=t + timedelta(minutes=20))) == 1
        # a score creeping up is not worth a timeline entry
        alert_store.update_alert(c, alert_id, score=5.0)
        assert store.alert_updated(c, alert_id, now=t + timedelta(minutes=21)) == []
        store.add_statement(c, iid, "We are aware of the report and are checking it.",
                            by="dana", channel="x", url="https://x.example/aurelia/1",
                            published_at=t + timedelta(minutes=30), now=t + timedelta(minutes=35))  # fmt: skip
        store.set_status(c, iid, "monitoring", by="dana", now=t + timedelta(hours=2))
        alert_store.update_alert(c, alert_id, state="closed", updated_at=FIRED + timedelta(hours=3))
        store.alert_updated(c, alert_id, now=t + timedelta(hours=3))
        alert_store.dismiss(c, second, by="dana", now=t + timedelta(hours=3, minutes=1))
        store.set_status(c, iid, "resolved", by="dana", now=t + timedelta(hours=4))
        store.set_status(c, iid, "open", by="ana", now=t + timedelta(hours=5))  # reopened
    with engine.connect() as c:
        full = store.get_incident(c, iid)
    assert full["commander"] == "Dana <dana@example.org>" and full["severity"] == "high"
    assert full["status"] == "open" and full["resolved_at"] is None
    assert [a["id"] for a in full["alerts"]] == [alert_id, second]
    events = [(e["kind"], e["actor"]) for e in full["timeline"]]
    assert events == [
        ("alert_fired", "parley"),
        ("opened", "ana"),
        ("alert_linked", "ana"),
        ("alert_acknowledged", "ana"),  # opening from the alert acknowledged it
        ("commander", "ana"),
        ("severity", "dana"),
        ("note", "dana"),
        ("alert_fired", "parley"),  # the second alert, at its own wall time
        ("alert_linked", "dana"),
        ("alert_acknowledged", "dana"),
        ("alert_updated", "parley"),
        ("statement", "dana"),
        ("status", "dana"),
        ("alert_closed", "parley"),
        ("alert_dismissed", "dana"),
        ("status", "dana"),
        ("status", "ana"),
    ]
    times = [e["at"] for e in full["timeline"]]
    assert times == sorted(times) and times[0] == WALL
    texts = {e["kind"]: e["text"] for e in full["timeline"]}
    assert texts["alert_updated"] == f"alert {alert_id} escalated to high: 42 posts/min"
    assert texts["note"] == "Magazine article is the source.\nCalling legal."
    assert texts["status"] == "reopened"
    assert full["timeline"][-2]["text"] == "status monitoring -> resolved"


def test_status_changes_that_make_no_sense_are_refused(engine):
    with engine.begin() as c:
        iid = store.open_incident(c, title="Storm", by="ana")["id"]
        with pytest.raises(TransitionError, match="already open"):
            store.set_status(c, iid, "open", by="ana")
        with pytest.raises(InputError, match="status 'closed' is not one of"):
            store.set_status(c, iid, "closed", by="ana")
        store.set_status(c, iid, "resolved", by="ana")
        with pytest.raises(TransitionError, match="not monitoring"):
            store.set_status(c, iid, "monitoring", by="ana")
        with pytest.raises(TransitionError, match="already medium"):
            store.set_severity(c, iid, "medium", by="ana")
        with pytest.raises(IncidentNotFound, match="no incident with id 4040"):
            store.set_status(c, 4040, "open", by="ana")
        with pytest.raises(IncidentNotFound):
            store.add_note(c, 4040, "hello", by="ana")
        with pytest.raises(AlertNotFound):
            store.open_from_alert(c, 4040, by="ana")
        with pytest.raises(AlertNotFound):
            store.link_alert(c, iid, 4040, by="ana")
        with pytest.raises(IncidentError, match="no topic named 'nope'"):
            store.open_incident(c, title="x", by="ana", topic="nope")
        alert_id = new_alert(c)
        store.link_alert(c, iid, alert_id, by="ana")
        with pytest.raises(TransitionError, match="already linked"):
            store.link_alert(c, iid, alert_id, by="ana")


HOSTILE = '<script>alert(1)</script> \' OR 1=1; -- "quoted" & \u202eevil'


def test_hostile_text_is_stored_as_given_or_refused_clearly(engine):
    with engine.begin() as c:
        incident = store.open_incident(c, title=HOSTILE, by=HOSTILE[:200], commander="Ωmega 👩‍🚒")
        iid = incident["id"]
        store.add_note(c, iid, HOSTILE + "\n\tindented", by="ana")
        store.add_statement(c, iid, HOSTILE, by="ana", channel="<b>x</b>")
    with engine.connect() as c:
        full = store.get_incident(c, iid)
    assert full["title"] == HOSTILE and full["opened_by"] == HOSTILE[:200]
    assert full["commander"] == "Ωmega 👩‍🚒"
    assert full["timeline"][-2]["text"] == HOSTILE + "\n\tindented"
    assert full["timeline"][-1]["data"]["channel"] == "<b>x</b>"
    refused = [
        (lambda c: store.open_incident(c, title="x" * 501, by="ana"), "title is 501 characters"),
        (lambda c: store.open_incident(c, title="   ", by="ana"), "title is empty"),
        (lambda c: store.open_incident(c, title="ok", by="a" * 201), "actor .* 201 characters"),
        (lambda c: store.open_incident(c, title="a\x00b", by="ana"), "control characters"),
        (lambda c: store.open_incident(c, title="ok", by="ana\nbo"), "control characters"),
        (lambda c: store.open_incident(c, title="ok", by="ana", severity="huge"), "severity"),
        (lambda c: store.add_note(c, iid, "bell\x07", by="ana"), "control characters other"),
        (lambda c: store.add_note(c, iid, "n" * 20_001, by="ana"), "20001 characters"),
        (lambda c: store.add_statement(c, iid, "s", by="ana", url="javascript:alert(1)"),
         "http:// or https://"),
        (lambda c: store.add_statement(c, iid, "s", by="ana", url="https://a b"), "without spaces"),
        (lambda c: store.set_commander(c, iid, "c\x1b[2J", by="ana"), "control characters"),
    ]  # fmt: skip
    for action, message in refused:
        with engine.begin() as c, pytest.raises(InputError, match=message):
            action(c)
    with engine.connect() as c:  # nothing half-done was left behind
        assert len(store.get_incident(c, iid)["timeline"]) == 3
        assert len(store.list_incidents(c)) == 1


# -- the post-mortem on a constructed crisis --------------------------------------------------

# (hour offset from T0, on-topic posts, of which negative). Baseline 10 %, peak 70 % at 10:00,
# 30 % at 11:00, back to 15 % (within 5 points of 10 %) at 12:00.
CURVE = [(h, 20, 2) for h in range(-6, 0)] + [(0, 40, 20), (1, 50, 35), (2, 30, 9), (3, 20, 3),
                                              (4, 20, 2)]  # fmt: skip


def _crisis_posts() -> tuple[list[Post], list[dict[str, Any]]]:
    posts, enrichments = [], []
    n = 0
    for hour, total, negative in CURVE:
        for i in range(total):
            n += 1
            at = T0 + timedelta(hours=hour, minutes=(i * 59) // total)
            label = "negative" if i < negative else ("positive" if i % 2 else "neutral")
            posts.append(Post(platform="x", native_id=f"c{n}", created_at=at,
                              text=f"aurelia post {n}", author=Author(native_id=f"u{n % 13}")))  # fmt: skip
            enrichments.append({"sentiment": label, "topics": {"aurelia": "aurelia"}})
        # off-topic posts, all negative: they must not move the topic's curve
        for i in range(10):
            n += 1
            posts.append(Post(platform="x", native_id=f"o{n}", created_at=T0 + timedelta(
                hours=hour, minutes=i * 5), text="the weather is awful"))  # fmt: skip
            enrichments.append({"sentiment": "negative"})
    return posts, enrichments


def _crisis(engine) -> tuple[int, int]:
    posts, enrichments = _crisis_posts()
    with engine.begin() as c:
        save_topic(c, name="aurelia", query="aurelia")
        store_batch(c, posts, enrichments)
        alert_id = new_alert(c)
    with engine.begin() as c:
        alert_store.acknowledge(c, alert_id, by="ana", now=WALL + timedelta(minutes=2, seconds=30))
        incident, _ = store.open_from_alert(c, alert_id, by="bo", now=WALL + timedelta(minutes=4))
        store.add_statement(c, incident["id"], "Holding statement", by="bo", channel="weibo",
                            published_at=WALL + timedelta(hours=3, minutes=12))  # fmt: skip
        store.add_statement(c, incident["id"], "Lab results", by="bo",
                            published_at=WALL + timedelta(hours=5))  # fmt: skip
        store.set_status(c, incident["id"], "resolved", by="bo",
                         now=WALL + timedelta(hours=4, minutes=10))  # fmt: skip
    return incident["id"], alert_id


def test_postmortem_figures_on_a_constructed_crisis(engine):
    iid, alert_id = _crisis(engine)
    with engine.connect() as c:
        report = postmortem(c, iid)
        events = store.timeline(c, iid)
    # ana acknowledged the alert before bo opened the incident: the timeline still tells it
    assert [(e["kind"], e["actor"], e["at"]) for e in events[:3]] == [
        ("alert_fired", "parley", WALL),
        ("alert_acknowledged", "ana", WALL + timedelta(minutes=2, seconds=30)),
        ("opened", "bo", WALL + timedelta(minutes=4)),
    ]
    assert report["first_alert_id"] == alert_id
    assert report["time_to_detect_s"] == 60  # window_start 09:20, fired 09:21
    assert report["time_to_acknowledge_s"] == 150 and report["acknowledged_by"] == "ana"
    assert report["time_to_first_statement_s"] == 3 * 3600 + 12 * 60
    assert report["statements"] == 2
    share = report["negative_share"]
    assert share["scope"] == "the topic's posts" and share["until"] == "the resolution"
    assert share["baseline"] == pytest.approx(0.10) and share["baseline_posts"] == 120
    assert share["peak"] == pytest.approx(0.70) and share["peak_hour"] == T0 + timedelta(hours=1)
    assert share["recovered"] and share["recovered_hour"] == T0 + timedelta(hours=3)
    assert share["recovered_share"] == pytest.approx(0.15)
    # the curve ends at the resolution: 13:21 stream time, so the 13:00 hour is the last
    assert [h["hour"] for h in share["hours"]][-1] == T0 + timedelta(hours=4)
    assert [h["posts"] for h in share["hours"]] == [total for _, total, _ in CURVE]
    words = "\n".join(report["words"])
    assert "detected 1 min after the surge began" in words
    assert "acknowledged 2 min 30 s after the alert (by ana)" in words
    assert "first statement 3 h 12 min after the alert (on weibo)" in words
    assert "10.0 % in the 6 h before the surge (120 posts)" in words
    assert "peaked at 70.0 % in the hour from 2026-03-02 10:00:00 UTC (50 posts)" in words
    assert "back within 5 points of the baseline (15.0 %)" in words


def test_postmortem_without_topic_counts_every_post_and_tolerance_matters(engine):
    iid, _ = _crisis(engine)
    with engine.begin() as c:
        manual = store.open_incident(c, title="Everything", by="ana", now=FIRED)["id"]
    with engine.connect() as c:
        strict = postmortem(c, iid, tolerance=0.01)
        everything = postmortem(c, manual, now=T0 + timedelta(hours=5))
    # 15 % at 12:00 is not within 1 point of 10 %; 10 % at 13:00 is
    assert strict["negative_share"]["recovered_hour"] == T0 + timedelta(hours=4)
    share = everything["negative_share"]
    assert share["scope"] == "all posts" and share["until"] == "now"
    assert share["baseline"] == pytest.approx((12 + 60) / (120 + 60))  # off-topic all negative
    assert everything["time_to_detect_s"] is None
    assert "opened by hand" in everything["words"][0]
    assert everything["time_to_first_statement_s"] is None


def test_postmortem_reads_what_the_sentiment_enricher_stores(engine):
    texts = ["I hate this, worst product ever, disgusting", "I love it, wonderful, thank you"]
    posts = [Post(platform="x", native_id=f"s{i}", created_at=T0 + timedelta(minutes=i),
                  text=t) for i, t in enumerate(texts * 3)]  # fmt: skip
    enrichments = SentimentEnricher().transform_many(posts)
    labels = [e["sentiment"] for e in enrichments]
    with engine.begin() as c:
        store_batch(c, posts, enrichments)
        counts = store.sentiment_by_hour(c, topic_id=None, start=T0, end=T0 + timedelta(hours=1))
    assert counts == {"2026-03-02 09": (6, labels.count("negative"))}
    assert labels.count("negative") == 3


def test_duration_words():
    assert duration_words(timedelta(hours=3, minutes=12, seconds=10)) == "3 h 12 min"
    assert duration_words(45) == "45 s"
    assert duration_words(150) == "2 min 30 s"
    assert duration_words(timedelta(days=2, hours=3)) == "2 d 3 h"
    assert duration_words(-60) == "minus 1 min"
    assert duration_words(None) == "unknown"
