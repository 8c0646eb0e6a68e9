"""The pipeline: same results in one process or with an enrichment worker; failures surface."""

from __future__ import annotations

import asyncio
from pathlib import Path

import msgspec
import pytest
from sqlalchemy import select

from parley.ingest import Pipeline
from parley.interchange import Decoder
from parley.sources.files import JsonlSource
from parley.store.db import open_store
from parley.store.tables import posts
from tests.conftest import record, write_jsonl


def _run(url: str, path: Path, workers: int) -> dict[str, dict]:
    engine = open_store(url)
    source = JsonlSource(path, decoder=Decoder(), max_line_bytes=1 << 20, batch_size=100)
    summary = asyncio.run(Pipeline(engine, workers=workers).run(source))
    assert summary.inserted == 500
    assert set(summary.times.enrich) >= {"basic", "topics"}
    with engine.connect() as connection:
        rows = connection.execute(select(posts.c.native_id, posts.c.enrichment)).all()
    engine.dispose()
    return {native_id: msgspec.json.decode(enrichment) for native_id, enrichment in rows}


def test_worker_process_gives_the_same_enrichment(tmp_path):
    path = write_jsonl(
        tmp_path / "p.jsonl",
        [
            record(i, text=f"post {i} #tag{i % 5} @someone 😀 https://a.example/{i}")
            for i in range(500)
        ],
    )
    one = _run(f"sqlite:///{tmp_path / 'one.db'}", path, workers=0)
    two = _run(f"sqlite:///{tmp_path / 'two.db'}", path, workers=1)
    assert one == two
    assert one["p7"]["hashtags"] == ["tag2"] and one["p7"]["emoji"] == ["😀"]


def test_a_failing_store_stops_the_run_with_the_error(tmp_path):
    path = write_jsonl(tmp_path / "p.jsonl", [record(i) for i in range(300)])
    engine = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    pipeline = Pipeline(engine, workers=0)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    pipeline._store = broken  # type: ignore[method-assign]
    source = JsonlSource(path, decoder=Decoder(), max_line_bytes=1 << 20, batch_size=10)
    with pytest.raises(BaseException, match="disk full"):
        asyncio.run(asyncio.wait_for(pipeline.run(source), 30))


def test_the_cheap_profile_runs_only_the_cheap_enricher_in_the_worker(tmp_path):
    path = write_jsonl(tmp_path / "p.jsonl", [record(i) for i in range(50)])
    engine = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    source = JsonlSource(path, decoder=Decoder(), max_line_bytes=1 << 20, batch_size=10)
    summary = asyncio.run(Pipeline(engine, workers=1, profile="cheap").run(source))
    assert set(summary.times.enrich) == {"basic"}
    with engine.connect() as connection:
        stored = msgspec.json.decode(
            connection.execute(select(posts.c.enrichment)).scalars().first()
        )
    assert "sentiment" not in stored and "hashtags" in stored


def test_a_paced_batch_cursor_covers_only_what_the_batch_holds(tmp_path):
    # posts two seconds apart at 20x: each batch is flushed before a wait; its cursor must
    # end at its own last line, or a replay killed during the wait would skip a post
    from parley.sources.base import Pacer

    path = write_jsonl(tmp_path / "p.jsonl", [record(2 * i) for i in range(4)])
    source = JsonlSource(path, decoder=Decoder(), max_line_bytes=1 << 20, pacer=Pacer(20.0))

    async def collect():  # type: ignore[no-untyped-def]
        return [batch async for batch in source.batches()]

    batches = asyncio.run(collect())
    for batch in batches[:-1]:
        assert batch.cursor.line == int(batch.posts[-1].native_id[1:]) // 2 + 1
    assert batches[-1].cursor.done and batches[-1].cursor.line == 4
