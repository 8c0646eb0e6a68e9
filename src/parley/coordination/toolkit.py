"""Run `coordination-network-toolkit` on the same messages, to compare with Parley.

Only the parity test and ``parley bench coordination`` use this; the toolkit is a test
dependency (the ``dev`` extra), imported here lazily and never by the detector.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from parley.coordination.networks import Edges, Message

TABLES = {
    "co_tweet": "co_tweet_network",
    "co_retweet": "co_retweet_network",
    "co_reply": "co_reply_network",
    "co_link": "co_link_network",
    "co_similarity": "co_similar_tweet_network",
}


def toolkit_network(
    msgs: Sequence[Message],
    kind: str,
    window: float,
    db_path: Path,
    *,
    min_weight: int = 1,
    threshold: float = 0.9,
    min_tokens: int = 1,
    n_threads: int = 2,
) -> tuple[Edges, float]:
    """The toolkit's edges (loops left out, as its export does) and its seconds, loading
    included. ``db_path`` must not exist yet."""
    try:
        from coordination_network_toolkit import compute_networks as cn
        from coordination_network_toolkit.preprocess import preprocess_data
        from coordination_network_toolkit.similarity import get_similarity_fn_from_min_size
    except ImportError as exc:
        raise RuntimeError(
            "coordination-network-toolkit is not installed: pip install "
            "coordination-network-toolkit==1.5.2 (or pip install -e '.[dev]')"
        ) from exc
    started = time.perf_counter()
    rows = (
        (m.id, m.user, m.user, m.repost_of or "", m.reply_to or "", m.text, m.t, list(m.urls))
        for m in msgs
    )
    preprocess_data(str(db_path), rows)
    path = str(db_path)
    if kind == "co_tweet":
        cn.compute_co_tweet_network(path, window, min_edge_weight=min_weight, n_threads=n_threads)
    elif kind == "co_retweet":
        cn.compute_co_retweet_parallel(
            path, window, n_threads=n_threads, min_edge_weight=min_weight
        )
    elif kind == "co_reply":
        cn.compute_co_reply_network(path, window, min_edge_weight=min_weight, n_threads=n_threads)
    elif kind == "co_link":
        cn.compute_co_link_network(path, window, n_threads=n_threads, min_edge_weight=min_weight)
    elif kind == "co_similarity":
        cn.compute_co_similar_tweet(
            path,
            window,
            n_threads=n_threads,
            similarity_threshold=threshold,
            min_edge_weight=min_weight,
            similarity_function=get_similarity_fn_from_min_size(min_tokens),
        )
    else:
        raise ValueError(f"unknown network {kind!r}")
    seconds = time.perf_counter() - started
    db = sqlite3.connect(path)
    try:
        edges = {
            (str(a), str(b)): int(w)
            for a, b, w in db.execute(f"select * from {TABLES[kind]} where user_1 != user_2")
        }
    finally:
        db.close()
    return edges, seconds
