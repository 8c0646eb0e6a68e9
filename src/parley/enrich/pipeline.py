"""Which enrichers run, in which order: the cheap ones first, topics last (they read the rest)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from parley.enrich.basic import BasicEnricher
from parley.enrich.topics import TopicEnricher


def build_enrichers(engine: Engine | None) -> list[Any]:
    """The default enrichment for a pipeline writing to `engine`."""
    from parley.store.topics import active_queries, topics_version

    enrichers: list[Any] = [BasicEnricher()]
    if engine is not None:
        enrichers.append(
            TopicEnricher(lambda: active_queries(engine), version=lambda: topics_version(engine))
        )
    return enrichers
