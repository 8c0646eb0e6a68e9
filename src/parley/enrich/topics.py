"""The topic enricher: which of the team's topics each post matches, and by which clause.

Topics live in the store and change while Parley runs; the enricher looks for changes at
most every few seconds (configuration time, never stream time) and recompiles them all at
once, which is fast (see `parley.enrich.query`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from parley.domain import Post
from parley.enrich.query import Doc, TopicMatcher


class TopicEnricher:
    """Adds `topics`: {topic name: the clause that matched} (only when something matched)."""

    name = "topics"
    uses_enrichment = True  # reads the detected language and the entities found so far

    def __init__(
        self,
        load: Callable[[], Mapping[str, str]],
        *,
        version: Callable[[], object] | None = None,
        refresh_seconds: float = 5.0,
    ) -> None:
        self._load = load
        self._version = version
        self._refresh_seconds = refresh_seconds
        self._checked = 0.0
        self._seen: object = object()
        self.matcher = TopicMatcher({})
        self.refresh(force=True)

    def refresh(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._checked < self._refresh_seconds:
            return
        self._checked = now
        version = self._version() if self._version else None
        if force or version is None or version != self._seen:
            self.matcher = TopicMatcher(dict(self._load()))
            self._seen = version

    def transform_many(
        self, posts: Sequence[Post], enrichments: Sequence[Mapping[str, Any]] | None = None
    ) -> list[dict[str, Any]]:
        self.refresh()
        if not self.matcher.queries:
            return [{} for _ in posts]
        docs = []
        for i, post in enumerate(posts):
            found = enrichments[i] if enrichments is not None else {}
            doc = Doc.from_post(post)
            lang = found.get("lang")
            if lang and lang != "und":
                doc = Doc(
                    text=doc.text, lang=lang, platform=doc.platform, author=doc.author,
                    urls=doc.urls, hashtags=doc.hashtags, mentions=doc.mentions,
                )  # fmt: skip
            docs.append(doc)
        return [{"topics": m} if m else {} for m in self.matcher.match_many(docs)]
