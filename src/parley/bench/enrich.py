"""`parley bench enrich`: posts/s of each enricher and of the whole enrichment, on one corpus.

The corpus is the simulator's multilingual traffic (ten languages, short posts, threads and
reposts). Each enricher runs alone over the corpus in batches; then the whole enrichment runs
in order, as the pipeline runs it (one process; the pipeline adds worker processes on top).
For scale, the same texts go through the usual libraries (langid, vaderSentiment, datasketch
MinHash), when they are installed (`pip install -e '.[compare]'`).
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from parley.domain import Post
from parley.enrich.parallel import run_enrichers
from parley.enrich.pipeline import build_enrichers
from parley.enrich.query import _bench_topics
from parley.enrich.topics import TopicEnricher
from parley.settings import Settings
from parley.sources.simulator import Simulator


def corpus(n: int, *, seed: int = 11) -> list[Post]:
    simulator = Simulator(
        "false_report", seed=seed, duration=timedelta(hours=24), rate=max(8.0, n / 900)
    )
    return list(itertools.islice(simulator.posts(), n))


def bench_topics(n: int = 200) -> dict[str, str]:
    """`n` topics as a team keeps them: ten about the simulated brand (they match a lot of the
    corpus), the rest about other brands, products and crises (`parley.enrich.query`'s)."""
    own = {
        "brand": '(aurelia OR "aurelia silk" OR #aureliasilk OR @aureliacare OR 奥蕾莉亚) AND NOT (job* OR hiring)',
        "crisis": "(cancer OR carcinogen OR dioxane OR 致癌 OR 二噁烷) AND (aurelia OR 奥蕾莉亚)",
        "competitor": "velora OR #velora OR @velora",
        "care": "@aureliacare OR @aurelia",
        "refunds": "(refund* OR reembolso OR rimborso OR 退款) AND aurelia",
        "product": '"aurelia silk" NEAR/3 (shampoo OR conditioner OR mask)',
        "chinese": "lang:zh AND (奥蕾莉亚 OR 洗发水)",
        "news": "platform:news AND aurelia",
        "arabic": "lang:ar AND (أوريليا OR شامبو)",
        "gate": "#aureliagate OR #奥蕾莉亚洗发水致癌",
    }
    return {**own, **_bench_topics(max(0, n - len(own)), random.Random(5))}


def _rate(run: Callable[[Sequence[Post]], Any], posts: list[Post], batch_size: int) -> float:
    started = time.perf_counter()
    for i in range(0, len(posts), batch_size):
        run(posts[i : i + batch_size])
    return len(posts) / (time.perf_counter() - started)


def run_enrich_bench(
    settings: Settings, *, posts: int = 20000, batch_size: int = 1000
) -> dict[str, Any]:
    data = corpus(posts)
    topics = bench_topics()
    enrichers = [e for e in build_enrichers(None, settings, cache_texts=False)]
    enrichers.append(TopicEnricher(lambda: topics))
    report: dict[str, Any] = {"posts": len(data), "batch_size": batch_size, "topics": len(topics)}
    # warm up (model loading is a start-up cost, not a per-post one)
    run_enrichers(enrichers, data[:batch_size])
    for enricher in enrichers:
        fresh = enricher
        if getattr(enricher, "stateful", False):  # a clean window for a fair figure
            fresh = type(enricher)()
        uses = getattr(fresh, "uses_enrichment", False)
        report[f"{enricher.name}_posts_per_s"] = _rate(
            (
                lambda b, e=fresh, u=uses: (
                    e.transform_many(b, [{}] * len(b)) if u else e.transform_many(b)
                )
            ),
            data,
            batch_size,
        )
    for i, enricher in enumerate(enrichers):
        if getattr(enricher, "stateful", False):
            enrichers[i] = type(enricher)()
    report["all_enrichers_posts_per_s"] = _rate(
        lambda b: run_enrichers(enrichers, b), data, batch_size
    )
    report.update(_compare(data, batch_size))
    return report


def _compare(posts: list[Post], batch_size: int) -> dict[str, Any]:
    """The usual libraries on the same texts: langid, vaderSentiment, datasketch MinHash."""
    texts = [p.text for p in posts]
    out: dict[str, Any] = {}
    try:
        import langid  # type: ignore[import-not-found]
        from datasketch import MinHash, MinHashLSH  # type: ignore[import-not-found]
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # type: ignore[import-not-found]
    except ImportError as exc:
        out["usual_libraries"] = f"not installed ({exc.name}); pip install -e '.[compare]'"
        return out
    langid.classify("load the model before timing")
    started = time.perf_counter()
    for text in texts:
        langid.classify(text)
    out["langid_posts_per_s"] = len(texts) / (time.perf_counter() - started)
    vader = SentimentIntensityAnalyzer()
    started = time.perf_counter()
    for text in texts:
        vader.polarity_scores(text)
    out["vader_posts_per_s"] = len(texts) / (time.perf_counter() - started)
    lsh = MinHashLSH(threshold=0.6, num_perm=64)
    started = time.perf_counter()
    for i, text in enumerate(texts):
        m = MinHash(num_perm=64)
        m.update_batch([text[j : j + 4].encode() for j in range(max(1, len(text) - 3))])
        lsh.query(m)
        lsh.insert(str(i), m)
    out["datasketch_posts_per_s"] = len(texts) / (time.perf_counter() - started)
    usual = 1 / (
        1 / out["langid_posts_per_s"]
        + 1 / out["vader_posts_per_s"]
        + 1 / out["datasketch_posts_per_s"]
    )
    out["usual_pipeline_posts_per_s"] = usual
    return out
