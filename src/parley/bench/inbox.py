"""`parley bench inbox`: fill a store with N conversations, then time the inbox pages.

The fill runs the inbox's own path: simulated posts (the `baseline` scenario, spread over
`days` days up to now) go through the pipeline's store path and then the inbox hook with
the rota's automatic assignment, exactly as `parley serve` files them; only the posts the
inbox looks at (addressed to us, a DM or a reply) are generated into the store, so the fill
runs at the speed of the inbox rather than of the firehose. Seven agents are on duty around
the clock (the team of scenario S2) and share the conversations round-robin; conversations
whose last message is older than `resolved_after_days` are then resolved in one statement,
as a team that keeps up would have done (a store of 100,000 conversations is mostly
history).

Each page is then asked `requests` times, signed in as one of the agents, through the ASGI
app in this process (FastAPI's TestClient: the whole HTTP stack but the socket): every saved
view of the list, and the conversation page of a sample of conversations (the longest
threads among them). p50/p95/max are printed per page.
"""

from __future__ import annotations

import itertools
import random
import statistics
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select, update

from parley.bench.web import _percentile, sign_in
from parley.domain import Post
from parley.enrich.intent import ADDRESSED_KINDS
from parley.settings import Settings
from parley.sources.simulator import Simulator
from parley.store.db import open_store
from parley.store.tables import inbox_conversations, inbox_messages, metadata

SCENARIO = "baseline"
AGENTS = ("ana", "ben", "chen", "dario", "elif", "fatima", "giulia")
# Conversations the inbox opens per day of the baseline scenario at rate 1 (measured: 4,812
# in 30 days at rate 0.947); the rate is set from it, so the count is about what was asked.
_CONVERSATIONS_PER_RATE_DAY = 169.0


def _inbox_posts(simulator: Simulator) -> Iterator[Post]:
    for post in simulator.posts():
        if post.to_account or post.reply_to or post.kind in ADDRESSED_KINDS:
            yield post


def _team(engine: Engine) -> dict[str, str]:
    """Seven agents on duty around the clock; returns their passwords by name."""
    from parley.act.rota import add_shift
    from parley.store.users import create_user

    passwords = {}
    with engine.begin() as connection:
        for name in AGENTS:
            _, passwords[name] = create_user(connection, username=name, role="agent")
            add_shift(connection, username=name, days="mon-sun", starts="00:00", ends="24:00",
                      tz="UTC")  # fmt: skip
    return passwords


def fill(
    engine: Engine,
    conversations: int,
    *,
    days: int = 30,
    seed: int = 7,
    batch_size: int = 2000,
    resolved_after_days: float = 3.0,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Open about `conversations` conversations from simulated posts of the last `days`
    (the simulator's rate is set for that count; the whole run is filed)."""
    from parley.act.inbox import Inbox
    from parley.act.rota import Assigner
    from parley.enrich.basic import BasicEnricher
    from parley.enrich.intent import IntentEnricher
    from parley.store.posts import store_batch

    now = now or datetime.now(UTC)
    basic, intent = BasicEnricher(), IntentEnricher()
    inbox = Inbox(engine, router=Assigner(engine))
    rate = max(0.01, conversations / (_CONVERSATIONS_PER_RATE_DAY * days))
    simulator = Simulator(SCENARIO, seed=seed, start=now - timedelta(days=days),
                          duration=timedelta(days=days), rate=rate)  # fmt: skip
    stream = _inbox_posts(simulator)
    stored = 0
    started = time.perf_counter()
    while batch := list(itertools.islice(stream, batch_size)):
        enrichments = basic.transform_many(batch)
        for post, enrichment, found in zip(batch, enrichments, intent.transform_many(batch),
                                           strict=True):  # fmt: skip
            enrichment.update(found)
            truth = (post.raw or {}).get("sim") or {}
            enrichment["lang"] = truth.get("lang") or post.lang or "und"
            if truth.get("sentiment"):
                enrichment["sentiment"] = truth["sentiment"]
        with engine.begin() as connection:
            result = store_batch(connection, batch, enrichments, now=now)
        stored += result.inserted
        inbox(batch, enrichments, result.new_keys)
    seconds = time.perf_counter() - started
    with engine.begin() as connection:
        resolved = connection.execute(
            update(inbox_conversations)
            .where(inbox_conversations.c.last_message_at
                   < now - timedelta(days=resolved_after_days))
            .values(status="resolved", resolved_at=inbox_conversations.c.last_message_at,
                    sla_state="done")
        ).rowcount  # fmt: skip
        opened = connection.execute(
            select(func.count()).select_from(inbox_conversations)
        ).scalar_one()
        message_count = connection.execute(
            select(func.count()).select_from(inbox_messages)
        ).scalar_one()
    return {
        "conversations": opened,
        "messages": message_count,
        "resolved": resolved,
        "posts_stored": stored,
        "days": days,
        "fill_seconds": seconds,
        "fill_posts_per_s": stored / seconds if seconds else 0.0,
        "inbox_us_per_post": inbox.seconds / max(1, stored) * 1e6,
    }


def _articles(engine: Engine, count: int, seed: int) -> None:
    """`count` knowledge-base articles (those of `parley bench kb`: en, it, zh and ar texts of
    300 to 900 characters), so every conversation page computes its suggested answers."""
    from parley.bench.kb import _WORDS, _text
    from parley.store import kb as kb_store

    rng = random.Random(seed)
    langs = list(_WORDS)
    with engine.begin() as connection:
        for i in range(count):
            lang = langs[i % len(langs)]
            kb_store.create_article(connection, actor="bench", lang=lang,
                                    title=_text(rng, lang, 40),
                                    body=_text(rng, lang, rng.randrange(300, 900)))  # fmt: skip


def _pages(engine: Engine, sample: int, rng: random.Random) -> list[tuple[str, list[str]]]:
    """The list's saved views, then conversation pages: a random sample and the longest."""
    from parley.store.inbox_views import BUILT_IN

    pages = [(f"inbox {v.key}", [f"/inbox?view={v.key}"]) for v in BUILT_IN]
    c = inbox_conversations.c
    with engine.connect() as connection:
        top = connection.execute(select(func.max(c.id))).scalar_one() or 0
        longest = connection.execute(
            select(c.id, c.messages_count).order_by(c.messages_count.desc()).limit(sample)
        ).all()
    ids = [rng.randint(1, top) for _ in range(sample)]
    pages.append(("conversation (random)", [f"/inbox/{i}" for i in ids]))
    pages.append((
        f"conversation (longest: {longest[-1].messages_count}-{longest[0].messages_count} msgs)",
        [f"/inbox/{row.id}" for row in longest],
    ))  # fmt: skip
    return pages


def time_pages(
    client: Any, pages: list[tuple[str, list[str]]], requests: int, *, warmup: int = 3
) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name, paths in pages:
        for path in paths[:warmup]:
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}: {response.text[:300]}")
        times = []
        for i in range(requests):
            path = paths[i % len(paths)]
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
        out[name] = {
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(_percentile(times, 0.95), 1),
            "max_ms": round(max(times), 1),
        }
    return out


def run_inbox_bench(
    settings: Settings,
    *,
    conversations: int,
    database_url: str,
    requests: int,
    days: int = 30,
    seed: int = 7,
    articles: int = 500,
) -> dict[str, Any]:
    """Fill the (empty) store at `database_url` with conversations, time the pages, report."""
    from fastapi.testclient import TestClient

    from parley.web.app import create_app

    engine = open_store(database_url)
    with engine.connect() as connection:
        existing = connection.execute(
            select(func.count()).select_from(metadata.tables["inbox_conversations"])
        ).scalar_one()
    if existing:
        raise RuntimeError("the store for `parley bench inbox` must have no conversations")
    report: dict[str, Any] = {"store": database_url.split("@")[-1].split("///")[-1]}
    passwords = _team(engine)
    report.update(fill(engine, conversations, days=days, seed=seed))
    _articles(engine, articles, seed)
    report["kb_articles"] = articles
    pages = _pages(engine, sample=max(10, min(requests, 200)), rng=random.Random(seed))
    app = create_app(settings, engine=engine, simulate=None)
    with TestClient(app, base_url="https://testserver") as client:
        sign_in(client, AGENTS[0], passwords[AGENTS[0]])
        report["pages"] = {
            name: f"p50 {t['p50_ms']} ms, p95 {t['p95_ms']} ms, max {t['max_ms']} ms"
            for name, t in time_pages(client, pages, requests).items()
        }
    engine.dispose()
    return report


__all__ = ["fill", "run_inbox_bench", "time_pages"]
