"""Run an enricher once per distinct text: repeated texts (retweets, copy-paste campaigns,
templated posts) get the result of their first copy.

Only for enrichers whose result depends on a post's title and text alone (the cheap
entities, sentiment, terms); the language enricher decides with the platform's tag too and
caches lingua's part itself, topics read the author and platform. In the simulator's
traffic 44 % of the posts repeat an earlier text, 36 % one of the last 20,000
(docs/performance.md, "Pipeline throughput, 2026-12-03").

Copies share the first copy's result objects; enrichments are read, never changed in place,
after enrichment.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

from parley.domain import Post

CACHE_TEXTS = 20_000  # distinct texts remembered per enricher (FIFO)


class ByText:
    """Wraps an enricher whose output is a function of (title, text): each distinct text of
    a batch is enriched once, and the last `size` texts' results are remembered."""

    def __init__(self, inner: Any, size: int = CACHE_TEXTS) -> None:
        if getattr(inner, "stateful", False):
            raise ValueError(f"{inner.name}: a stateful enricher cannot be cached by text")
        self.inner = inner
        self.name: str = inner.name
        self.uses_enrichment: bool = getattr(inner, "uses_enrichment", False)
        self.size = size
        self.hits = 0
        self.misses = 0
        # An OrderedDict, because dropping a plain dict's oldest entry (`next(iter(d))`) walks
        # over every entry deleted before it: 3.4 us an eviction at 20,000 entries, 0.2 here.
        self._cache: OrderedDict[tuple[str | None, str], dict[str, Any]] = OrderedDict()

    def __getattr__(self, name: str) -> Any:  # the wrapped enricher's own attributes
        if name == "inner":  # not set yet (e.g. while unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)

    def transform_many(
        self, posts: Sequence[Post], enrichments: Sequence[Mapping[str, Any]] | None = None
    ) -> list[dict[str, Any]]:
        cache = self._cache
        out: list[dict[str, Any] | None] = [None] * len(posts)
        todo: dict[tuple[str | None, str], list[int]] = {}
        for i, post in enumerate(posts):
            key = (post.title, post.text)
            found = cache.get(key)
            if found is not None:
                out[i] = found
            else:
                todo.setdefault(key, []).append(i)
        self.hits += len(posts) - len(todo)
        if todo:
            self.misses += len(todo)
            firsts = [places[0] for places in todo.values()]
            unique = [posts[i] for i in firsts]
            if self.uses_enrichment:
                given = None if enrichments is None else [enrichments[i] for i in firsts]
                results = self.inner.transform_many(unique, given)
            else:
                results = self.inner.transform_many(unique)
            size = self.size
            for (key, places), result in zip(todo.items(), results, strict=True):
                for i in places:
                    out[i] = result
                if size > 0:
                    if len(cache) >= size:
                        cache.popitem(last=False)  # the oldest insertion goes first
                    cache[key] = result
        return out  # type: ignore[return-value]
