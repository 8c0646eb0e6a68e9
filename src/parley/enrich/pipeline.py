"""Which enrichers run, in which order.

Cheap ones first; language before the ones that read it (topics match `lang:`); topics last.
The near-duplicate enricher is stateful (it remembers the window) and runs in the main
process; the rest are stateless and may run in worker processes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from parley.enrich.basic import BasicEnricher
from parley.enrich.cache import ByText
from parley.enrich.dedup import NearDuplicateEnricher
from parley.enrich.intent import IntentEnricher
from parley.enrich.language import LanguageEnricher
from parley.enrich.sentiment import SentimentEnricher
from parley.enrich.topics import TopicEnricher
from parley.settings import Settings

PROFILES = ("full", "cheap")


def build_enrichers(
    engine: Engine | None,
    settings: Settings | None = None,
    *,
    profile: str = "full",
    cache_texts: bool = True,
) -> list[Any]:
    """The enrichment for a pipeline writing to `engine`: `full` is what Parley runs;
    `cheap` only normalises and finds entities (the spine's benchmark figure).
    `cache_texts` runs the enrichers that read only the text once per distinct text
    (`parley.enrich.cache`); `parley bench enrich` turns it off to time every post."""
    from parley.store.topics import active_queries, topics_version

    if profile not in PROFILES:
        raise ValueError(f"unknown enrichment profile {profile!r}; known: {', '.join(PROFILES)}")

    def by_text(enricher: Any) -> Any:
        return ByText(enricher) if cache_texts else enricher

    if profile == "cheap":
        return [by_text(BasicEnricher())]
    settings = settings or Settings.from_env()
    enrichers: list[Any] = [
        by_text(BasicEnricher()),
        LanguageEnricher(settings.languages or None, accuracy=settings.language_accuracy),
        by_text(SentimentEnricher(settings.sentiment_model)),
        IntentEnricher(),
        NearDuplicateEnricher(),
    ]
    from parley.detect.terms import TermsEnricher

    if engine is not None:
        enrichers.append(
            TopicEnricher(lambda: active_queries(engine), version=lambda: topics_version(engine))
        )
    enrichers.append(by_text(TermsEnricher()))  # for the emerging-term detector; not stored
    return enrichers
