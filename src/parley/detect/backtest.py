"""`parley backtest`: a JSONL file through the detectors as fast as possible, and the alerts.

The same enrichment (language, sentiment, the given topics, terms) and the same `Detection` as
the live pipeline, without the store, so tuning sensitivity on a team's own history shows the
alerts the live stream would have raised. With labelled events (`--truth`, the simulator's
`--truth` output or the same shape) it scores them: detection delay, recall, false alerts per day.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from parley.detect.engine import AlertState, Detection, MemorySink
from parley.detect.terms import TermsEnricher
from parley.domain import Post
from parley.enrich.basic import BasicEnricher
from parley.enrich.language import LanguageEnricher
from parley.enrich.parallel import run_enrichers
from parley.enrich.query import QuerySyntaxError, parse
from parley.enrich.sentiment import SentimentEnricher
from parley.enrich.topics import TopicEnricher
from parley.interchange import Decoder, RecordError
from parley.settings import Settings

BATCH = 2000
# Which alert kinds count as detecting which labelled event kind.
DETECTS = {
    "negative_surge": ("negative", "volume"),
    "complaint_surge": ("negative", "volume"),
    "volume_surge": ("volume", "negative"),
    "positive_surge": ("volume",),
    "campaign": ("campaign",),
}
# An alert up to this long after an event's labelled end still belongs to it (the tail).
TAIL_MINUTES = 120


def topic_arguments(values: Iterable[str]) -> dict[str, str]:
    """`NAME=QUERY` pairs from the command line, each query checked."""
    topics: dict[str, str] = {}
    for value in values:
        name, sep, query = value.partition("=")
        name = name.strip()
        if not sep or not name or not query.strip():
            raise ValueError(f"--topic {value!r}: write it as NAME=QUERY")
        try:
            parse(query)
        except QuerySyntaxError as exc:
            raise ValueError(f"--topic {name}: {exc}") from None
        topics[name] = query
    return topics


def build(settings: Settings, topics: Mapping[str, str]) -> list[Any]:
    enrichers: list[Any] = [
        BasicEnricher(),
        LanguageEnricher(settings.languages or None, accuracy=settings.language_accuracy),
        SentimentEnricher(settings.sentiment_model),
    ]
    if topics:
        enrichers.append(TopicEnricher(lambda: topics))
    enrichers.append(TermsEnricher())
    return enrichers


def _batches(path: Path, decoder: Decoder, problems: list[str]) -> Iterator[list[Post]]:
    batch: list[Post] = []
    with path.open("rb") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                batch.append(decoder.decode_line(line))
            except RecordError as exc:
                problems.append(f"line {number}: {exc}")
                continue
            if len(batch) >= BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def alert_record(alert: AlertState) -> dict[str, Any]:
    return {
        "kind": alert.kind,
        "severity": alert.severity,
        "topic": alert.topic,
        "key": alert.key,
        "fired_at": _iso(alert.fired_at),
        "closed_at": _iso(alert.closed_at) if alert.closed_at else None,
        "title": alert.title,
        "summary": alert.summary,
        "evidence": alert.evidence,
    }


_TIMES = Decoder()


def _when(value: Any, name: str = "time") -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"{name} is {value!r}, not an RFC 3339 timestamp")
    return _TIMES.parse_time(value, name)


def _iso(when: datetime) -> str:
    return when.isoformat().replace("+00:00", "Z")


def run_backtest(
    path: Path,
    settings: Settings,
    *,
    topics: Mapping[str, str] | None = None,
    sensitivity: str = "balanced",
    truth: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    topics = dict(topics or {})
    enrichers = build(settings, topics)
    sink = MemorySink()
    from parley.coordination.live import CoordinationDetector

    coordination = CoordinationDetector(None)
    detection = Detection(
        sink, sensitivity=sensitivity, topic_sensitivity=lambda _name: sensitivity,
        coordination=coordination,
    )  # fmt: skip
    decoder = Decoder()
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    posts = 0
    first: datetime | None = None
    last: datetime | None = None
    started = time.perf_counter()
    detect_seconds = 0.0
    for batch in _batches(path, decoder, problems):
        enrichments, _ = run_enrichers(enrichers, batch)
        new = set()
        for post in batch:
            key = (post.platform, post.native_id)
            if key not in seen:
                seen.add(key)
                new.add(key)
            first = post.created_at if first is None or post.created_at < first else first
            last = post.created_at if last is None or post.created_at > last else last
        posts += len(batch)
        t0 = time.perf_counter()
        coordination(batch, enrichments, frozenset(new))
        detection.hook(batch, enrichments, new)
        detect_seconds += time.perf_counter() - t0
    t0 = time.perf_counter()
    detection.finish()
    detect_seconds += time.perf_counter() - t0
    seconds = time.perf_counter() - started
    alerts = [alert_record(a) for a in sink.alerts]
    days = (last - first).total_seconds() / 86400 if first and last else 0.0
    report: dict[str, Any] = {
        "file": str(path),
        "posts": posts,
        "problems": len(problems),
        "problem_examples": problems[:5],
        "stream_start": _iso(first) if first else None,
        "stream_end": _iso(last) if last else None,
        "stream_days": round(days, 3),
        "sensitivity": sensitivity,
        "topics": sorted(topics),
        "seconds": round(seconds, 2),
        "posts_per_second": round(posts / seconds, 1) if seconds else None,
        "detection_us_per_post": round(detect_seconds / posts * 1e6, 2) if posts else None,
        "ignored": dict(detection.counters),
        "alerts": alerts,
    }
    if truth is not None:
        report["score"] = score_alerts(alerts, truth, days=days)
    return report


def load_truth(path: Path) -> list[dict[str, Any]]:
    """Labelled events: a JSON list (what `parley simulate --truth` writes) or JSONL; each has
    `kind`, `start`, `end` (RFC 3339) and optionally `event` and `topic`."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        try:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not JSON or JSON lines ({exc})") from None
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of events")
    events = []
    for i, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise ValueError(f"{path}: event {i} is not an object")
        for name in ("kind", "start", "end"):
            if name not in item:
                raise ValueError(f"{path}: event {i} has no {name!r}")
        try:
            start, end = _when(item["start"], "start"), _when(item["end"], "end")
        except (RecordError, ValueError, TypeError) as exc:
            raise ValueError(f"{path}: event {i}: {exc}") from None
        if end < start:
            raise ValueError(f"{path}: event {i} ends before it starts")
        events.append({**item, "_start": start, "_end": end})
    return events


def score_alerts(
    alerts: Sequence[Mapping[str, Any]], truth: Sequence[Mapping[str, Any]], *, days: float
) -> dict[str, Any]:
    """Delay and recall per labelled event; alerts outside every event (and its tail) are false."""
    events = []
    for event in truth:
        start = event.get("_start") or _when(event["start"])
        end = event.get("_end") or _when(event["end"])
        events.append((event, start, end))
    used: set[int] = set()
    rows = []
    for event, start, end in events:
        kinds = DETECTS.get(event["kind"], (event["kind"],))
        hits = [
            (i, a) for i, a in enumerate(alerts)
            if a["kind"] in kinds and start <= _when(a["fired_at"]) <= end
        ]  # fmt: skip
        first = min(hits, key=lambda ia: ia[1]["fired_at"]) if hits else None
        rows.append({
            "event": event.get("event") or event["kind"],
            "kind": event["kind"],
            "start": event["start"],
            "detected": first is not None,
            "first_alert": f"{first[1]['kind']} ({first[1]['topic']})" if first else None,
            "delay_minutes": round((_when(first[1]["fired_at"]) - start).total_seconds() / 60, 1)
            if first else None,
        })  # fmt: skip
    for i, alert in enumerate(alerts):
        fired = _when(alert["fired_at"])
        for _event, start, end in events:
            if start <= fired and (fired - end).total_seconds() <= TAIL_MINUTES * 60:
                used.add(i)
    false = [a for i, a in enumerate(alerts) if i not in used]
    scored = [r for r in rows if r["kind"] in DETECTS and r["kind"] != "campaign"] or rows
    detected = [r for r in scored if r["detected"]]
    return {
        "events": rows,
        "recall": round(len(detected) / len(scored), 3) if scored else None,
        "false_alerts": len(false),
        "false_alerts_per_day": round(len(false) / days, 3) if days > 0 else None,
        "false_alert_examples": [
            {"kind": a["kind"], "topic": a["topic"], "fired_at": a["fired_at"], "title": a["title"]}
            for a in false[:10]
        ],
    }
