"""`parley bench kb`: time knowledge-base search and suggestions on N articles.

A fresh SQLite store gets `articles` synthetic articles (English, Italian, Chinese and Arabic
texts of 300 to 900 characters from a fixed vocabulary, a third of them with a second
language) and `conversations` DM conversations whose customer messages mention some of the
same words. Then, through the real functions (`parley.act.kb.search`, `suggest`): the cold
index build, the rebuild after one edit (only the new version is featurised), and p50/p95
of `requests` searches and suggestions each on a warm index, as the pages ask them: the
staleness check (one aggregate query) included, and the explanation of every hit shown (10
of a search, 3 suggestions).
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from parley.act import inbox, kb
from parley.domain import Author, Post
from parley.store import kb as store
from parley.store import posts as post_store
from parley.store.db import open_store
from parley.store.inbox import list_conversations

_WORDS: dict[str, list[str]] = {
    "en": ["refund", "flight", "cancelled", "booking", "baggage", "delay", "seat", "upgrade", "voucher", "compensation", "hotel", "meal", "lounge", "check-in", "boarding", "pass", "wifi", "pets", "cabin", "crew", "policy", "claim", "form", "airport", "transfer", "insurance", "receipt", "invoice", "payment", "card"],
    "it": ["rimborso", "volo", "cancellato", "prenotazione", "bagaglio", "ritardo", "posto", "caffè", "buono", "risarcimento", "albergo", "pasto", "imbarco", "carta", "pagamento", "ricevuta", "città", "perché"],
    "zh": list("退款航班取消预订行李延误座位升级代金券赔偿酒店餐食候机室值机登机牌无线网络宠物"
               "客舱机组政策申请表机场接送保险收据发票付款"),
    "ar": ["استرداد", "رحلة", "إلغاء", "حجز", "أمتعة", "تأخير", "مقعد", "ترقية", "قسيمة", "تعويض", "فندق", "وجبة", "صالة", "بطاقة", "صعود", "دفع", "إيصال", "فاتورة", "تأمين", "مطار"],
}  # fmt: skip
_JOIN = {"en": " ", "it": " ", "zh": "", "ar": " "}


def _text(rng: random.Random, lang: str, chars: int) -> str:
    words = _WORDS[lang]
    out: list[str] = []
    size = 0
    while size < chars:
        out.append(rng.choice(words) if rng.random() > 0.05 else f"AX-{rng.randrange(100, 999)}")
        size += len(out[-1]) + 1
    return _JOIN[lang].join(out)


def _timed(calls: list[Callable[[], Any]]) -> dict[str, float]:
    times = []
    for call in calls:
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2),
        "max_ms": round(times[-1], 2),
    }


def run_kb_bench(*, articles: int = 5000, conversations: int = 100, requests: int = 200,
                 seed: int = 7) -> dict[str, Any]:  # fmt: skip
    rng = random.Random(seed)
    langs = list(_WORDS)
    with tempfile.TemporaryDirectory(prefix="parley-bench-kb-") as tmp:
        engine = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        start = time.perf_counter()
        with engine.begin() as connection:
            for i in range(articles):
                lang = langs[i % len(langs)]
                aid = store.create_article(
                    connection, actor="bench", lang=lang, title=_text(rng, lang, 40),
                    body=_text(rng, lang, rng.randrange(300, 900)),
                )  # fmt: skip
                if i % 3 == 0:
                    other = langs[(i + 1) % len(langs)]
                    store.edit_article(connection, aid, actor="bench", lang=other,
                                       title=_text(rng, other, 40),
                                       body=_text(rng, other, rng.randrange(300, 900)))  # fmt: skip
        fill_s = time.perf_counter() - start
        hook = inbox.Inbox(engine)
        now = datetime.now(UTC) - timedelta(hours=1)
        batch, enrichments = [], []
        for i in range(conversations):
            lang = langs[i % len(langs)]
            author = Author(native_id=f"c{i}", handle=f"customer{i}", name=f"Customer {i}")
            for j in range(3):
                batch.append(Post(platform="x", native_id=f"m{i}-{j}", kind="dm",
                                  created_at=now + timedelta(seconds=i * 10 + j),
                                  text=_text(rng, lang, 120), author=author,
                                  to_account="BenchAir"))  # fmt: skip
                enrichments.append({"lang": lang})
        with engine.begin() as connection:
            result = post_store.store_batch(connection, batch, enrichments)
        hook(batch, enrichments, result.new_keys)
        with engine.connect() as connection:
            ids = [c["id"] for c in list_conversations(connection, limit=conversations)]
            start = time.perf_counter()
            index = kb.index_for(connection)
            build_s = time.perf_counter() - start
            texts, features = len(index.rows), len(index.vocab)
        with engine.begin() as connection:
            store.edit_article(connection, 1, actor="bench", lang="en", title="edited",
                               body=_text(rng, "en", 600))  # fmt: skip
        with engine.connect() as connection:
            start = time.perf_counter()
            kb.index_for(connection)
            rebuild_s = time.perf_counter() - start
            queries = [" ".join(rng.sample(_WORDS[rng.choice(["en", "it", "ar"])], 2))
                       if k % 3 else "".join(rng.sample(_WORDS["zh"], 4))
                       for k in range(requests)]  # fmt: skip
            # as the pages use them: the hits shown (10 of a search, 3 suggestions) explained
            search = _timed([lambda q=q: [h.why() for h in kb.search(connection, q, limit=10)]
                             for q in queries])  # fmt: skip
            chosen = [ids[k % len(ids)] for k in range(requests)]
            suggest = _timed(
                [lambda c=c: [x.why() for x in kb.suggest(connection, c)] for c in chosen]
            )
        engine.dispose()
    return {
        "articles": articles,
        "texts_indexed": texts,
        "features": features,
        "fill_seconds": round(fill_s, 1),
        "index_build_seconds": round(build_s, 2),
        "rebuild_after_one_edit_seconds": round(rebuild_s, 2),
        "search": search,
        "suggest": suggest,
    }
