"""What the pipeline's throughput work must not change: enrichment once per distinct text gives
every post what it would have got alone; the collector settings come back after a run."""

from __future__ import annotations

import gc
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import msgspec
import pytest

from parley.detect.terms import TermsEnricher
from parley.domain import Post
from parley.enrich.basic import BasicEnricher
from parley.enrich.cache import ByText
from parley.enrich.dedup import NearDuplicateEnricher
from parley.enrich.parallel import run_enrichers
from parley.enrich.pipeline import build_enrichers
from parley.enrich.sentiment import SentimentEnricher
from parley.gctune import THRESHOLDS, pipeline_gc

T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
TEXTS = [
    "Terrible service, still waiting for my refund #fail @aureliacare",
    "RT @fan: love the new app 😍 https://a.example/x",
    "Bonjour, je voudrais annuler ma commande",
    "今天的服务太差了，退款还没到",
    "",
    "   ",
]


def _posts(n: int, *, start: int = 0) -> list[Post]:
    out = []
    for i in range(start, start + n):
        text = TEXTS[i % len(TEXTS)]
        out.append(
            Post(
                platform="x" if i % 3 else "weibo",
                native_id=str(i),
                created_at=T0 + timedelta(seconds=i),
                text=text,
                # a title makes a different text even when the body is the same
                title="Re: order" if i % 7 == 0 else None,
            )
        )
    return out


class Counting:
    """An enricher that records which texts it was asked about."""

    name = "counting"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def transform_many(self, posts):  # type: ignore[no-untyped-def]
        self.seen += [p.text for p in posts]
        return [{"length": len(p.text), "title": p.title} for p in posts]


def _encoded(enrichers, posts):  # type: ignore[no-untyped-def]
    merged, _ = run_enrichers(enrichers, posts)
    return msgspec.json.encode(merged)


def test_cached_enrichers_give_what_each_post_would_get_alone():
    plain = [BasicEnricher(), SentimentEnricher(), TermsEnricher()]
    cached = [ByText(BasicEnricher()), ByText(SentimentEnricher()), ByText(TermsEnricher())]
    for start in (0, 60, 120):  # later batches are served from the cache of earlier ones
        batch = _posts(60, start=start)
        assert _encoded(cached, batch) == _encoded(plain, batch)
    # one post at a time, with no cache at all: the same as the batches
    alone = [_encoded(plain, [p]) for p in _posts(60)]
    fresh = [ByText(BasicEnricher()), ByText(SentimentEnricher()), ByText(TermsEnricher())]
    together, _ = run_enrichers(fresh, _posts(60))
    assert [msgspec.json.encode([e]) for e in together] == alone
    assert cached[1].hits > cached[1].misses  # six texts, two titles: mostly repeats


def test_each_distinct_text_is_enriched_once_and_the_cache_is_bounded():
    inner = Counting()
    cached = ByText(inner, size=4)
    batch = _posts(24)
    first = cached.transform_many(batch)
    # (title, text) pairs: the title makes "Re: order" posts their own texts
    distinct = {(p.title, p.text) for p in batch}
    assert len(inner.seen) == len(distinct)
    assert first == Counting().transform_many(batch)
    assert len(cached._cache) == 4
    inner.seen.clear()
    cached.transform_many(batch)
    assert 0 < len(inner.seen) < len(distinct)  # only the forgotten ones again


def test_a_stateful_enricher_is_not_cached_and_the_bench_can_turn_the_cache_off():
    with pytest.raises(ValueError, match="stateful"):
        ByText(NearDuplicateEnricher())
    names = [type(e).__name__ for e in build_enrichers(None, cache_texts=False)]
    assert "ByText" not in names
    cached = build_enrichers(None)
    assert {e.name for e in cached if isinstance(e, ByText)} == {"basic", "sentiment", "terms"}
    # the wrapper shows the wrapped enricher's own attributes (e.g. the sentiment model)
    sentiment = next(e for e in cached if e.name == "sentiment")
    assert sentiment.model is sentiment.inner.model


def test_pipeline_gc_restores_the_collector_settings_and_nests():
    before = gc.get_threshold()
    with pipeline_gc():
        assert gc.get_threshold() == THRESHOLDS
        with pipeline_gc():
            assert gc.get_threshold() == THRESHOLDS
        assert gc.get_threshold() == THRESHOLDS  # the outer run is still going
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), pipeline_gc():
        raise RuntimeError("a failed run")
    assert gc.get_threshold() == before


def test_a_tuned_process_still_collects_cycles():
    code = (
        "import gc, weakref\n"
        "from parley.gctune import tune_process, THRESHOLDS\n"
        "tune_process()\n"
        "assert gc.get_threshold() == THRESHOLDS\n"
        "class Node: pass\n"
        "refs = []\n"
        "for i in range(150_000):\n"  # cyclic garbage well past the thresholds
        "    n = Node(); n.me = n\n"
        "    if i % 1000 == 0: refs.append(weakref.ref(n))\n"
        "    del n\n"
        "gone = sum(r() is None for r in refs)\n"
        "assert gone > len(refs) // 2, f'only {gone} of {len(refs)} cycles were collected'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
