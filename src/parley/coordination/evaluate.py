"""Scores of the campaign detector: simulated scenarios with known truth, and the IRA week."""

from __future__ import annotations

import resource
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from parley.coordination.detect import Params, detect
from parley.coordination.ira import read_ira
from parley.coordination.networks import NETWORKS, messages, network
from parley.domain import Post


def evaluate_scenario(
    scenario: str = "water_army", seed: int = 1, params: Params | None = None
) -> dict[str, Any]:
    """Account-level precision and recall against the simulator's campaign accounts, and how
    many ordinary people of the scenario's organic surge were flagged."""
    from parley.sources.simulator import Simulator

    sim = Simulator(scenario, seed=seed)
    posts = list(sim.posts())
    platform_of = {p.author.native_id: p.platform for p in posts if p.author}
    truth = {
        f"{platform_of.get(a, '?')}:{a}"
        for e in sim.truth()
        if e.get("kind") == "campaign"
        for a in e["accounts"]
    }
    organic_event = {"water_army": "new_formula", "false_report": "false_report"}.get(scenario)
    organic = {
        f"{p.platform}:{p.author.native_id}"
        for p in posts
        if p.author
        and not p.raw["sim"]["coordinated"]
        and (organic_event is None or p.raw["sim"]["event"] == organic_event)
    }
    started = time.perf_counter()
    found, _ = detect(posts, params, sentiment=False)
    seconds = time.perf_counter() - started
    flagged = {a for c in found for a in c.accounts}
    hits = len(flagged & truth)
    return {
        "scenario": scenario,
        "seed": seed,
        "posts": len(posts),
        "truth_accounts": len(truth),
        "flagged_accounts": len(flagged),
        "true_positives": hits,
        "precision": hits / len(flagged) if flagged else (1.0 if not truth else 0.0),
        "recall": hits / len(truth) if truth else 1.0,
        "organic_accounts": len(organic),
        "organic_flagged": len(flagged & organic),
        "campaigns": [
            {"score": round(c.score, 3), "accounts": len(c.accounts), "summary": c.summary}
            for c in found
        ],
        "seconds": round(seconds, 3),
    }


def evaluate_ira(path: Path, params: Params | None = None) -> dict[str, Any]:
    """How many of the IRA week's accounts fall into detected campaigns, and what those look
    like (every account in the file is a troll-farm account: there are no negatives)."""
    posts = list(read_ira(path))
    accounts = {p.author.native_id for p in posts if p.author}
    started = time.perf_counter()
    found, _ = detect(posts, params, sentiment=False)
    seconds = time.perf_counter() - started
    flagged = {a.partition(":")[2] for c in found for a in c.accounts}
    return {
        "file": str(path),
        "posts": len(posts),
        "accounts": len(accounts),
        "accounts_in_campaigns": len(flagged),
        "share": len(flagged) / len(accounts) if accounts else 0.0,
        "campaigns": len(found),
        "largest": [
            {
                "score": round(c.score, 3),
                "accounts": len(c.accounts),
                "posts": len(c.posts),
                "signals": c.evidence["signals"],
                "summary": c.summary,
                "topics": c.topics[:4],
            }
            for c in sorted(found, key=lambda c: -len(c.accounts))[:8]
        ],
        "seconds": round(seconds, 3),
    }


def _simulated(posts: int, seed: int = 1) -> list[Post]:
    from parley.sources.simulator import Simulator

    # water_army at a rate that gives about `posts` posts in 12 h
    sim = Simulator(
        "water_army", seed=seed, rate=max(1.0, posts / 5000 * 8), duration=timedelta(hours=12)
    )
    out = []
    for post in sim.posts():
        out.append(post)
        if len(out) >= posts:
            break
    return out


def bench(
    file: Path | None = None,
    *,
    posts: int = 20_000,
    window: float = 60.0,
    networks: tuple[str, ...] = NETWORKS,
    live_posts: int = 100_000,
) -> dict[str, Any]:
    """Parley and coordination-network-toolkit on the same input, in one run; then the live
    detector's posts/s on simulated traffic."""
    from parley.coordination.toolkit import toolkit_network

    if file is not None:
        if file.suffix == ".csv":
            items = list(read_ira(file, limit=posts))
        else:
            from parley.coordination.cli import read_jsonl

            items = read_jsonl(file)[:posts]
        source = str(file)
    else:
        items = _simulated(posts)
        source = "simulated water_army"
    msgs, _ = messages(items)
    report: dict[str, Any] = {"input": source, "posts": len(msgs), "window": window}
    total_ours = total_theirs = 0.0
    per: dict[str, str] = {}
    for kind in networks:
        started = time.perf_counter()
        ours = network(msgs, kind, window, min_tokens=1)
        mine = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as tmp:
            theirs, their_s = toolkit_network(msgs, kind, window, Path(tmp) / "t.db")
        same = "same edges" if ours == theirs else f"DIFFERENT ({len(ours)} vs {len(theirs)})"
        per[kind] = (
            f"parley {mine:.3f} s, toolkit {their_s:.3f} s, x{their_s / max(mine, 1e-9):.1f}, {len(ours)} edges, {same}"
        )
        total_ours += mine
        total_theirs += their_s
    report["networks"] = per
    report["parley_seconds"] = round(total_ours, 3)
    report["toolkit_seconds"] = round(total_theirs, 3)
    report["speed_ratio"] = round(total_theirs / max(total_ours, 1e-9), 1)
    report.update(bench_live(live_posts))
    return report


def bench_live(n: int = 100_000) -> dict[str, Any]:
    """Posts/s of the live detector (its own near-duplicate pass included) on simulated
    traffic fed in batches of 5,000, re-clustering every 5 minutes of stream time."""
    from parley.coordination.live import CoordinationDetector

    items = _simulated(n, seed=2)
    detector = CoordinationDetector()
    started = time.perf_counter()
    for i in range(0, len(items), 5000):
        detector(items[i : i + 5000])
    detector.recluster()
    seconds = time.perf_counter() - started
    return {
        "live_posts": len(items),
        "live_seconds": round(seconds, 3),
        "live_posts_per_s": round(len(items) / seconds),
        "live_reclusters": detector.reclusters,
        "live_campaigns": len(detector.campaigns),
        "live_state": dict(detector.coordinator.stats()),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
