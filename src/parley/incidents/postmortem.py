"""The post-mortem: how fast the team saw, took up and answered a crisis, and how the negative
share of the conversation recovered. Every figure comes with its sentence.

Definitions (docs/incidents.md says the same):
- surge start: the first alert's evidence `window_start` (where the detector saw the surge
  begin), else the alert's own `fired_at`;
- time-to-detect = first alert's `fired_at` - surge start (both stream time);
- time-to-acknowledge = first acknowledgement of a linked alert - first alert's `wall_fired_at`;
- time-to-first-statement = first published statement - first alert's `wall_fired_at`.
  People act on the wall clock, so their delays are counted from when the alert reached them
  (`wall_fired_at`), which is also right for a replayed stream;
- negative share: per hour, negative posts / posts with a sentiment, over the incident topic's
  posts (every post when it has no topic), from `baseline_hours` before the surge to the
  resolution (or now). Baseline: the share over those hours before the surge's hour; peak:
  the highest hour from the surge's hour on; recovered: the first hour after the peak back
  within `tolerance` of the baseline. Hours with fewer than `min_posts` posts are shown but
  do not count as peak or recovery (three posts are not a share).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from parley.incidents.render import duration_words, percent, when
from parley.store import alerts as alert_store
from parley.store import incidents as store

BASELINE_HOURS = 6
TOLERANCE = 0.05  # 5 percentage points
MIN_POSTS = 5
MAX_HOURS = 14 * 24  # a curve longer than two weeks is cut there (and says so)


def _floor_hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _seconds(delta: timedelta | None) -> float | None:
    return None if delta is None else delta.total_seconds()


def surge_start(alert: dict[str, Any]) -> tuple[datetime, str]:
    """Where the surge began, and where that figure comes from (in words)."""
    raw = (alert.get("evidence") or {}).get("window_start")
    if raw is None:
        return alert["fired_at"], "the alert carries no window_start: counted from when it fired"
    try:
        start = datetime.fromisoformat(str(raw))
    except ValueError:
        return alert["fired_at"], f"the alert's window_start {str(raw)[:40]!r} is not a time"
    start = start.replace(tzinfo=UTC) if start.tzinfo is None else start.astimezone(UTC)
    if start > alert["fired_at"]:
        return alert["fired_at"], "the alert's window_start is after it fired: not used"
    return start, "from the alert's evidence (window_start)"


def postmortem(
    connection: Connection,
    incident_id: int,
    *,
    now: datetime | None = None,
    baseline_hours: int = BASELINE_HOURS,
    tolerance: float = TOLERANCE,
    min_posts: int = MIN_POSTS,
) -> dict[str, Any]:
    """The post-mortem of one incident as figures (seconds, shares) and sentences (`words`)."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    incident = store.get_incident(connection, incident_id)
    linked = incident["alerts"]
    first = alert_store.get_alert(connection, linked[0]["id"]) if linked else None
    report: dict[str, Any] = {
        "incident_id": incident_id,
        "title": incident["title"],
        "status": incident["status"],
        "topic": incident["topic"],
        "opened_at": incident["opened_at"],
        "resolved_at": incident["resolved_at"],
        "first_alert_id": first["id"] if first else None,
    }
    words: list[str] = []
    if first is not None:
        start, source = surge_start(first)
        reference = first["wall_fired_at"]  # when a person could first know
        offset = first["wall_fired_at"] - first["fired_at"]  # stream time -> wall clock
        detect = first["fired_at"] - start
        report |= {"surge_start": start, "surge_start_source": source,
                   "first_alert_fired_at": first["fired_at"],
                   "time_to_detect_s": _seconds(detect)}  # fmt: skip
        words.append(
            f"detected {duration_words(detect)} after the surge began (surge start "
            f"{when(start)}, {source}; alert {first['id']} fired {when(first['fired_at'])})"
        )
        since = "after the alert"
    else:
        start, reference, offset = incident["opened_at"], incident["opened_at"], timedelta(0)
        report |= {"surge_start": None, "surge_start_source": None,
                   "first_alert_fired_at": None, "time_to_detect_s": None}  # fmt: skip
        words.append("no alert is linked: opened by hand, so there is no time-to-detect")
        since = "after the incident was opened"

    acks = [(a["acknowledged_at"], a["acknowledged_by"]) for a in linked if a["acknowledged_at"]]
    if acks:
        ack_at, ack_by = min(acks)
        report["time_to_acknowledge_s"] = _seconds(ack_at - reference)
        report["acknowledged_at"], report["acknowledged_by"] = ack_at, ack_by
        words.append(f"acknowledged {duration_words(ack_at - reference)} {since} (by {ack_by})")
    else:
        report["time_to_acknowledge_s"] = report["acknowledged_at"] = None
        report["acknowledged_by"] = None
        words.append("no linked alert has been acknowledged" if linked else
                     "no alert to acknowledge")  # fmt: skip

    statements = [e for e in incident["timeline"] if e["kind"] == "statement"]
    report["statements"] = len(statements)
    if statements:
        first_statement = statements[0]  # the timeline is in time order
        delay = first_statement["at"] - reference
        report["first_statement_at"] = first_statement["at"]
        report["time_to_first_statement_s"] = _seconds(delay)
        channel = first_statement["data"].get("channel")
        words.append(f"first statement {duration_words(delay)} {since}"
                     + (f" (on {channel})" if channel else ""))  # fmt: skip
    else:
        report["first_statement_at"] = report["time_to_first_statement_s"] = None
        words.append("no statement has been published")

    end_wall = incident["resolved_at"] or now
    share = negative_share(
        connection, topic_id=incident["topic_id"], surge=start,
        end=end_wall - offset, reference=start if first is None else first["fired_at"],
        baseline_hours=baseline_hours, tolerance=tolerance, min_posts=min_posts, since=since,
    )  # fmt: skip
    share["until"] = "the resolution" if incident["resolved_at"] else "now"
    report["negative_share"] = share
    words.append(share["words"])
    report["words"] = words
    return report


def negative_share(
    connection: Connection,
    *,
    topic_id: int | None,
    surge: datetime,
    end: datetime,
    reference: datetime,
    baseline_hours: int = BASELINE_HOURS,
    tolerance: float = TOLERANCE,
    min_posts: int = MIN_POSTS,
    since: str = "after the alert",
) -> dict[str, Any]:
    """The hourly negative share around a surge (all times stream time) and its recovery."""
    surge_hour = _floor_hour(surge)
    start = surge_hour - timedelta(hours=baseline_hours)
    last_hour = _floor_hour(max(end, surge))
    cut = last_hour > surge_hour + timedelta(hours=MAX_HOURS)
    if cut:
        last_hour = surge_hour + timedelta(hours=MAX_HOURS)
    counts = store.sentiment_by_hour(
        connection, topic_id=topic_id, start=start, end=last_hour + timedelta(hours=1)
    )
    hours = []
    moment = start
    while moment <= last_hour:
        posts, negative = counts.get(moment.strftime("%Y-%m-%d %H"), (0, 0))
        hours.append({"hour": moment, "posts": posts, "negative": negative,
                      "share": negative / posts if posts else None})  # fmt: skip
        moment += timedelta(hours=1)
    before = [h for h in hours if h["hour"] < surge_hour]
    base_posts = sum(h["posts"] for h in before)
    baseline = sum(h["negative"] for h in before) / base_posts if base_posts else None
    during = [h for h in hours if h["hour"] >= surge_hour and h["posts"] >= min_posts]
    peak = max(during, key=lambda h: (h["share"], -h["hour"].timestamp()), default=None)
    recovered = None
    if peak is not None and baseline is not None:
        recovered = next(
            (h for h in during if h["hour"] > peak["hour"]
             and h["share"] <= baseline + tolerance),
            None,
        )  # fmt: skip
    out: dict[str, Any] = {
        "scope": "the topic's posts" if topic_id is not None else "all posts",
        "baseline_hours": baseline_hours,
        "tolerance": tolerance,
        "min_posts": min_posts,
        "baseline": baseline,
        "baseline_posts": base_posts,
        "peak": peak["share"] if peak else None,
        "peak_hour": peak["hour"] if peak else None,
        "peak_posts": peak["posts"] if peak else None,
        "recovered": recovered is not None,
        "recovered_hour": recovered["hour"] if recovered else None,
        "recovered_share": recovered["share"] if recovered else None,
        "recovered_after_s": _seconds(recovered["hour"] - reference) if recovered else None,
        "cut_at_hours": MAX_HOURS if cut else None,
        "hours": hours,
    }
    out["words"] = _share_words(out, since)
    return out


def _share_words(s: dict[str, Any], since: str) -> str:
    scope = s["scope"]
    if s["baseline"] is None:
        head = (f"negative share ({scope}): no posts with a sentiment in the "
                f"{s['baseline_hours']} h before the surge, so no baseline")  # fmt: skip
    else:
        head = (f"negative share ({scope}): {percent(s['baseline'])} in the "
                f"{s['baseline_hours']} h before the surge ({s['baseline_posts']} posts)")  # fmt: skip
    if s["peak"] is None:
        return head + f"; no hour since had {s['min_posts']} posts or more"
    head += (f", peaked at {percent(s['peak'])} in the hour from {when(s['peak_hour'])} "
             f"({s['peak_posts']} posts)")  # fmt: skip
    if s["baseline"] is None:
        return head
    points = f"{s['tolerance'] * 100:g} points"
    if s["recovered"]:
        return head + (
            f", back within {points} of the baseline ({percent(s['recovered_share'])}) in the "
            f"hour from {when(s['recovered_hour'])}, "
            f"{duration_words(s['recovered_after_s'])} {since}"
        )
    return head + f", not back within {points} of the baseline yet"
