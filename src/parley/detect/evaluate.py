"""`parley eval detection`: the early-warning targets, measured (docs/detection.md).

Two kinds of traffic:
- the real airline tweets (`DATA/airline/Tweets.csv`, Feb 2015, six airlines as six topics),
  untouched (false alerts per topic per week) and with surges injected into one airline's
  topic at several start times: a fast negative surge (30x the topic's usual rate for an
  hour), a slow build-up (extra negative posts rising linearly to 2x the usual rate over three
  hours, so 3x in all), a sustained 3x (2x extra from the first minute, for four hours) and a
  positive burst (20x for 30 minutes). Injected texts are real
  tweets of the same airline with the wanted label, re-posted by new accounts;
- the simulator: a week of the `baseline` scenario (false alerts per week), the
  `false_report` and `storm` scenarios (delay against their own truth), and the slow
  build-up, the sustained 3x and the positive burst injected as above into the `baseline`
  scenario's brand topic at its default rate (`evaluate_simulator_injected`).

Every run goes through the same enrichment and `Detection` as the live pipeline.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from parley.detect.backtest import build, score_alerts
from parley.detect.engine import Detection, MemorySink
from parley.domain import Author, Metrics, Post
from parley.enrich.parallel import run_enrichers
from parley.settings import Settings

AIRLINE_TOPICS = {
    "Virgin America": '@virginamerica OR "virgin america"',
    "United": "@united OR united",
    "Southwest": "@southwestair OR southwest",
    "Delta": "@delta OR delta",
    "US Airways": '@usairways OR "us airways"',
    "American": '@americanair OR "american air*"',
}
TARGET = "United"  # the topic surges are injected into (the busiest airline)
BATCH = 1000


def _airline_posts(path: Path) -> list[tuple[Post, str, str]]:
    """(post, airline, labelled sentiment) for every row, oldest first."""
    rows = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            try:
                created = datetime.strptime(row["tweet_created"], "%Y-%m-%d %H:%M:%S %z")
            except (KeyError, ValueError):
                continue
            post = Post(
                platform="x", native_id=row["tweet_id"], created_at=created.astimezone(UTC),
                text=row["text"], lang="en",
                author=Author(native_id=f"name:{row['name']}", handle=row["name"]),
                metrics=Metrics(reposts=int(row["retweet_count"] or 0)),
            )  # fmt: skip
            rows.append((post, row["airline"], row["airline_sentiment"]))
    rows.sort(key=lambda r: r[0].created_at)
    return rows


def _inject(
    base: Sequence[tuple[Post, str, str]], *, start: datetime, shape: Callable[[float], float],
    minutes: int, label: str, rng: random.Random, tag: str,
) -> tuple[list[Post], float]:  # fmt: skip
    """Posts for the target airline: at minute m after `start`, `shape(m) x usual rate` extra
    posts per minute, texts drawn from real tweets with `label`. Returns them and the usual rate."""
    times = [p.created_at for p, a, _ in base if a == TARGET]
    texts = [(p.text, "en", "x") for p, a, s in base if a == TARGET and s == label]
    return _inject_texts(times, texts, start=start, shape=shape, minutes=minutes, rng=rng, tag=tag)


def _inject_texts(
    times: Sequence[datetime], texts: Sequence[tuple[str, str | None, str]], *, start: datetime,
    shape: Callable[[float], float], minutes: int, rng: random.Random, tag: str,
) -> tuple[list[Post], float]:  # fmt: skip
    """At minute m after `start`, `shape(m) x usual rate` extra posts per minute, the usual rate
    being the target's posts (their `times`) in the day before `start` per minute; each is a
    (text, lang, platform) drawn from `texts`, re-posted by a new account."""
    day_before = [t for t in times if start - timedelta(days=1) <= t < start]
    usual = max(len(day_before) / 1440.0, 0.05)
    out: list[Post] = []
    carry = 0.0
    for minute in range(minutes):
        carry += shape(minute) * usual
        n, carry = int(carry), carry - int(carry)
        for i in range(n):
            when = start + timedelta(minutes=minute, seconds=rng.uniform(0, 59.9))
            text, lang, platform = rng.choice(texts)
            out.append(Post(
                platform=platform, native_id=f"{tag}-{minute}-{i}", created_at=when,
                text=text, lang=lang,
                author=Author(native_id=f"{tag}-a{rng.randrange(10**9)}", followers=rng.randrange(10, 2000)),
            ))  # fmt: skip
    return out, usual


def _run(
    posts: Sequence[Post], settings: Settings, topics: dict[str, str], sensitivity: str,
    enriched: dict[str, dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    from parley.detect.backtest import alert_record

    enrichers = build(settings, topics)
    sink = MemorySink()
    detection = Detection(sink, sensitivity=sensitivity)
    ordered = sorted(posts, key=lambda p: p.created_at)
    for i in range(0, len(ordered), BATCH):
        batch = ordered[i : i + BATCH]
        if enriched is not None:
            todo = [p for p in batch if p.native_id not in enriched]
            if todo:
                found, _ = run_enrichers(enrichers, todo)
                enriched.update({p.native_id: e for p, e in zip(todo, found, strict=True)})
            enrichments = [enriched[p.native_id] for p in batch]
        else:
            enrichments, _ = run_enrichers(enrichers, batch)
        detection.hook(batch, enrichments, {(p.platform, p.native_id) for p in batch})
    detection.finish()
    return [alert_record(a) for a in sink.alerts]


def evaluate_airline(data: Path, settings: Settings, *, sensitivity: str = "balanced",
                     starts: int = 4, seed: int = 7) -> dict[str, Any]:  # fmt: skip
    path = data / "airline" / "Tweets.csv"
    if not path.is_file():
        raise ValueError(f"{path} not found (the airline data set; see shared/data/README.md)")
    base = _airline_posts(path)
    posts = [p for p, _, _ in base]
    first, last = posts[0].created_at, posts[-1].created_at
    weeks = (last - first).total_seconds() / (7 * 86400)
    cache: dict[str, dict[str, Any]] = {}
    normal = _run(posts, settings, AIRLINE_TOPICS, sensitivity, cache)
    report: dict[str, Any] = {
        "data": "airline/Tweets.csv",
        "posts": len(posts),
        "from": first.isoformat(), "to": last.isoformat(),
        "sensitivity": sensitivity,
        "normal_traffic": {
            "alerts": len(normal),
            "per_topic_per_week": round(
                sum(1 for a in normal if a["topic"] != "*") / len(AIRLINE_TOPICS) / weeks, 2
            ),
            "by_kind": _by_kind(normal),
            "examples": [f"{a['fired_at']} {a['kind']} [{a['topic']}] {a['title']}" for a in normal[:8]],
        },
    }  # fmt: skip
    rng = random.Random(seed)
    # Start times spread over the days with the most traffic, at different hours.
    span = last - first
    times = [first + span * (0.45 + 0.12 * i) for i in range(starts)]
    for name, (shape, minutes, label, kinds) in CASES.items():
        runs = []
        for i, start in enumerate(times):
            start = start.replace(second=0, microsecond=0)
            extra, usual = _inject(base, start=start, shape=shape, minutes=minutes, label=label,
                                   rng=rng, tag=f"{name}{i}")  # fmt: skip
            alerts = _run(posts + extra, settings, AIRLINE_TOPICS, sensitivity, cache)
            run = _score(alerts, extra, start=start, minutes=minutes, kinds=kinds,
                         target=TARGET, usual=usual)  # fmt: skip
            if name == "slow_buildup":
                # The best possible detector at this rate, with the target's false-alarm rate.
                day = [s for p, a, s in base
                       if a == TARGET and start - timedelta(days=1) <= p.created_at < start]  # fmt: skip
                share = sum(s == "negative" for s in day) / max(len(day), 1)
                run["best_possible"] = best_possible_delay(usual, share, shape)
            runs.append(run)
        report[name] = _summary(runs, kinds)
    return report


# The injected events: (extra posts per minute as a multiple of the target's usual rate, by
# minute; minutes; the texts' label; the alert kinds that count as found).
CASES: dict[str, tuple[Callable[[float], float], int, str, tuple[str, ...]]] = {
    "fast_negative": (lambda m: 30.0, 60, "negative", ("negative",)),
    "slow_buildup": (lambda m: min(2.0, 2.0 * m / 180.0), 360, "negative", ("negative", "volume")),
    "sustained_3x": (lambda m: 2.0, 240, "negative", ("negative", "volume")),
    "positive_burst": (lambda m: 20.0, 30, "positive", ("negative",)),
}
TAIL = timedelta(hours=1)  # an alert this long after the injection ends still belongs to it


def _score(
    alerts: Sequence[dict[str, Any]], extra: Sequence[Post], *, start: datetime, minutes: int,
    kinds: Sequence[str], target: str, usual: float,
) -> dict[str, Any]:  # fmt: skip
    """One injected run: the first alert of `kinds` on the target (or the organisation) from
    the first injected post to an hour after the injection, and its delay."""
    first_extra = min(p.created_at for p in extra)
    end = start + timedelta(minutes=minutes)
    hits = [
        a for a in alerts
        if a["kind"] in kinds and a["topic"] in (target, "*")
        and first_extra <= datetime.fromisoformat(a["fired_at"]) <= end + TAIL
    ]  # fmt: skip
    hit = min(hits, key=lambda a: a["fired_at"]) if hits else None
    delay = (
        (datetime.fromisoformat(hit["fired_at"]) - first_extra).total_seconds() / 60
        if hit else None
    )  # fmt: skip
    return {"start": start.isoformat(), "usual_per_minute": round(usual, 2),
            "injected": len(extra), "alerted": bool(hits),
            "delay_minutes": round(delay, 1) if delay is not None else None,
            "first_alert": f"{hit['kind']} [{hit['topic']}] {hit['title']}" if hit else None}  # fmt: skip


def _summary(runs: Sequence[dict[str, Any]], kinds: Sequence[str]) -> dict[str, Any]:
    delays = [r["delay_minutes"] for r in runs if r["delay_minutes"] is not None]
    return {
        "alert_kinds": list(kinds),
        "runs": list(runs),
        "alerted": f"{sum(r['alerted'] for r in runs)}/{len(runs)}",
        "max_delay_minutes": max(delays) if delays else None,
    }


def best_possible_delay(
    rate: float, share: float, shape: Callable[[float], float], *, arl0_minutes: float = 7 * 1440,
    ratios: Sequence[float] = (1.5, 2.0, 3.0), seed: int = 11, chains: int = 64, reps: int = 400,
    horizon: int = 600, seen: float = 1.0,
) -> dict[str, Any]:  # fmt: skip
    """What the best detector could do on an injected rise, for comparison with Parley's.

    The oracle knows the baseline exactly (negative posts are Poisson at `share x rate` a
    minute, no model error) and sees every injected post as negative (`shape(m) x rate` extra
    at minute m; or only the fraction `seen` of them, e.g. what a sentiment model reads as
    negative, with `share` then the share it reads as negative in normal traffic). For each reference rise it runs the Poisson CUSUM with its bar calibrated by
    simulation so that in-control data raise one false alarm per `arl0_minutes` (one per week:
    the issue's limit), then simulates the rise; the best reference's delays are returned.
    The CUSUM is optimal (Lorden's sense) for a step to its reference; for a ramp the best of
    several references is within a few minutes of the ramp-matched test. Also `kl_minutes`:
    when the expected log-likelihood ratio of the rise reaches ln(arl0) (the asymptotic bound)."""
    import math

    import numpy as np

    rng = np.random.default_rng(seed)
    base = share * rate
    lam = base + np.array([seen * shape(m) * rate for m in range(horizon)])
    best: dict[str, Any] | None = None
    for ratio in ratios:
        step, drift = math.log(ratio), (ratio - 1.0) * base

        def alarms(bar: float, minutes: int, step: float = step, drift: float = drift) -> int:
            value, count = np.zeros(chains), 0
            for x in rng.poisson(base, (minutes, chains)):
                value = np.maximum(value + x * step - drift, 0.0)
                hit = value >= bar
                if hit.any():
                    count += int(hit.sum())
                    value[hit] = 0.0
            return count

        low, high, minutes = 0.5, 3.0 * math.log(arl0_minutes), int(2 * arl0_minutes)
        for _ in range(12):  # bisection on the bar: alarms per chain-minute against 1/arl0
            bar = (low + high) / 2
            if alarms(bar, minutes) > chains * minutes / arl0_minutes:
                low = bar
            else:
                high = bar
        bar = high
        delays = np.full(reps, horizon)
        value = np.zeros(reps)
        for m, x in enumerate(rng.poisson(lam, (reps, horizon)).T):
            value = np.maximum(value + x * step - drift, 0.0)
            delays[(value >= bar) & (delays == horizon)] = m + 1
        found = {"reference_ratio": ratio, "bar": round(bar, 2),
                 "median_minutes": float(np.median(delays)),
                 "mean_minutes": round(float(delays.mean()), 1),
                 "within_60_minutes": round(float((delays <= 60).mean()), 3)}  # fmt: skip
        if best is None or found["mean_minutes"] < best["mean_minutes"]:
            best = found
    assert best is not None
    total, kl_minutes = 0.0, None
    for m, value in enumerate(lam):
        total += value * math.log(value / base) - (value - base)
        if total >= math.log(arl0_minutes):
            kl_minutes = m + 1
            break
    return {"negative_per_minute": round(base, 3), "arl0_minutes": arl0_minutes, **best,
            "kl_minutes": kl_minutes}  # fmt: skip


def _by_kind(alerts: Sequence[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for a in alerts:
        counts[a["kind"]] = counts.get(a["kind"], 0) + 1
    return counts


SIM_TOPICS = {
    "Aurelia": "aurelia OR @aureliacare OR @aurelia OR 奥蕾莉亚 OR アウレリア OR أوريليا",
    "Skylark": "skylark OR @skylarkair OR @skylarkhelp",
}
SIM_BRAND = "Aurelia"  # the shampoo brand's topic, the one the baseline scenario talks about


def evaluate_simulator(settings: Settings, *, sensitivity: str = "balanced", days: int = 7,
                       rate: float = 4.0, seed: int = 3, injected: bool = True) -> dict[str, Any]:  # fmt: skip
    from parley.sources.simulator import Simulator

    report: dict[str, Any] = {"seed": seed}
    topics = SIM_TOPICS
    week = Simulator("baseline", seed=seed, duration=timedelta(days=days), rate=rate)
    alerts = _run(list(week.posts()), settings, topics, sensitivity)
    report["baseline_week"] = {
        "days": days, "rate": rate,
        "alerts": len(alerts),
        "per_topic_per_week": round(sum(1 for a in alerts if a["topic"] != "*") / days * 7, 2),
        "org_per_week": round(sum(1 for a in alerts if a["topic"] == "*") / days * 7, 2),
        "by_kind": _by_kind(alerts),
        "examples": [f"{a['fired_at']} {a['kind']} [{a['topic']}] {a['title']}" for a in alerts[:8]],
    }  # fmt: skip
    for scenario in ("false_report", "storm"):
        sim = Simulator(scenario, seed=seed)
        alerts = _run(list(sim.posts()), settings, topics, sensitivity)
        truth = [t for t in sim.truth() if t["kind"] != "campaign"]
        hours = sim.duration.total_seconds() / 86400
        score = score_alerts(alerts, truth, days=hours)
        report[scenario] = {
            "events": score["events"], "recall": score["recall"],
            "false_alerts": score["false_alerts"],
            "false_alert_examples": score["false_alert_examples"][:5],
        }  # fmt: skip
    if injected:
        report["injected"] = evaluate_simulator_injected(
            settings, sensitivity=sensitivity, seed=seed
        )
    return report


def evaluate_simulator_injected(
    settings: Settings, *, sensitivity: str = "balanced", starts: int = 8, seed: int = 3,
    rate: float | None = None, history: timedelta = timedelta(hours=26),
    spacing: timedelta = timedelta(hours=7),
    cases: Sequence[str] = ("slow_buildup", "sustained_3x", "positive_burst"),
) -> dict[str, Any]:  # fmt: skip
    """The airline injections (same `CASES`, same `_inject_texts`) into simulated normal
    traffic: the `baseline` scenario at the simulator's default rate, its brand topic as the
    target. Start times are `history` after the stream's start (so baselines have learnt a
    day), then every `spacing` (7 h walks through the hours of the day); each run holds one
    injection. Texts are the stream's own on-topic original posts with the wanted ground-truth
    sentiment, re-posted by new accounts. Also: every alert of each run outside its injected
    event (from its first post to an hour after it), and for the negative rises what the best
    possible detector could do at that start's rate (`best_possible_delay`)."""
    import time

    from parley.sources.simulator import Simulator

    began = time.perf_counter()
    longest = max(CASES[name][1] for name in cases)
    duration = history + spacing * (starts - 1) + timedelta(minutes=longest) + TAIL * 2
    sim = Simulator("baseline", seed=seed, duration=duration, rate=rate)
    posts = list(sim.posts())
    cache: dict[str, dict[str, Any]] = {}
    normal = _run(posts, settings, SIM_TOPICS, sensitivity, cache)
    on_topic = [p for p in posts if SIM_BRAND in (cache[p.native_id].get("topics") or {})]
    times = [p.created_at for p in on_topic]
    # Candidate texts, kept only if a bare re-post of the text still lands on the topic (some
    # originals match by their author or a mention field the copy does not carry).
    candidates = [p for p in on_topic if p.kind == "post"]
    bare = [Post(platform=p.platform, native_id=f"bare-{i}", created_at=p.created_at,
                 text=p.text, lang=p.lang) for i, p in enumerate(candidates)]  # fmt: skip
    found, _ = run_enrichers(build(settings, SIM_TOPICS), bare)
    texts: dict[str, list[tuple[str, str | None, str]]] = {}
    for p, e in zip(candidates, found, strict=True):
        if SIM_BRAND in (e.get("topics") or {}):
            texts.setdefault(p.raw["sim"]["sentiment"], []).append((p.text, p.lang, p.platform))
    hours = duration.total_seconds() / 3600
    report: dict[str, Any] = {
        "scenario": "baseline", "seed": seed, "rate": sim.rate, "hours": round(hours, 1),
        "posts": len(posts), "target": SIM_BRAND,
        "target_per_minute": round(len(on_topic) / (hours * 60), 2),
        "normal_traffic": {
            "alerts": len(normal),
            "by_kind": _by_kind(normal),
            "examples": [f"{a['fired_at']} {a['kind']} [{a['topic']}] {a['title']}" for a in normal[:8]],
        },
    }  # fmt: skip
    rng = random.Random(seed)
    times_of_day = [sim.start + history + spacing * i for i in range(starts)]
    for name in cases:
        shape, minutes, label, kinds = CASES[name]
        runs = []
        for i, start in enumerate(times_of_day):
            extra, usual = _inject_texts(times, texts[label], start=start, shape=shape,
                                         minutes=minutes, rng=rng, tag=f"sim-{name}{i}")  # fmt: skip
            alerts = _run(posts + extra, settings, SIM_TOPICS, sensitivity, cache)
            run = _score(alerts, extra, start=start, minutes=minutes, kinds=kinds,
                         target=SIM_BRAND, usual=usual)  # fmt: skip
            run["on_topic"] = sum(
                SIM_BRAND in (cache[p.native_id].get("topics") or {}) for p in extra
            )
            first_extra = min(p.created_at for p in extra)
            end = start + timedelta(minutes=minutes) + TAIL
            outside = [
                a for a in alerts
                if not (a["topic"] in (SIM_BRAND, "*")
                        and first_extra <= datetime.fromisoformat(a["fired_at"]) <= end)
            ]  # fmt: skip
            run["false_alerts"] = len(outside)
            run["false_alert_examples"] = [
                f"{a['fired_at']} {a['kind']} [{a['topic']}] {a['title']}" for a in outside[:3]
            ]
            if name == "slow_buildup":
                # The best possible detector at this rate: on the ground truth (as the airline
                # rows, whose labels are people's), and on what the sentiment model reads.
                day = [p for p in on_topic if start - timedelta(days=1) <= p.created_at < start]
                share = sum(p.raw["sim"]["sentiment"] == "negative" for p in day) / len(day)
                run["best_possible"] = best_possible_delay(usual, share, shape)
                read = sum(cache[p.native_id]["sentiment"] == "negative" for p in day) / len(day)
                seen = sum(cache[p.native_id]["sentiment"] == "negative" for p in extra) / len(
                    extra
                )
                run["best_possible_model_labels"] = {
                    "read_negative_normal": round(read, 3), "read_negative_injected": round(seen, 3),
                    **best_possible_delay(usual, read, shape, seen=seen),
                }  # fmt: skip
            runs.append(run)
        report[name] = _summary(runs, kinds)
    report["seconds"] = round(time.perf_counter() - began, 1)
    return report
