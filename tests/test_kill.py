"""Nothing lost: SIGKILL an import or a replay half-way, run it again, every post is stored once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import msgspec
import pytest
from sqlalchemy import func, select

from parley.store.db import open_store
from parley.store.tables import post_counts, posts, source_cursors
from tests.conftest import record

TOTAL = 60_000


def _big_file(path: Path) -> Path:
    encode = msgspec.json.encode
    with path.open("wb") as handle:
        for i in range(TOTAL):
            handle.write(encode(record(i)) + b"\n")
            if i % 997 == 0:  # a few bad lines on the way: skipped, reported, not fatal
                handle.write(b"{not json\n")
    return path


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(child) for child in text)
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status  # a zombie has exited; only its parent's bookkeeping is left


def _stored(db_url: str) -> tuple[int, int, int]:
    engine = open_store(db_url)
    with engine.connect() as connection:
        n = connection.execute(select(func.count()).select_from(posts)).scalar_one()
        distinct = connection.execute(
            select(func.count(func.distinct(posts.c.native_id)))
        ).scalar_one()
        counted = connection.execute(
            select(func.coalesce(func.sum(post_counts.c.n), 0))
        ).scalar_one()
    engine.dispose()
    return int(n), int(distinct), int(counted)


def _cursor_line(db_url: str) -> int:
    engine = open_store(db_url)
    with engine.connect() as connection:
        line = connection.execute(select(func.max(source_cursors.c.line))).scalar()
    engine.dispose()
    return int(line or 0)


@pytest.mark.slow
@pytest.mark.parametrize("command", [["import"], ["replay", "--speed", "max"]])
def test_sigkill_then_rerun_stores_every_post_exactly_once(tmp_path, cli_env, db_url, command):
    path = _big_file(tmp_path / "big.jsonl")
    env = dict(cli_env, PARLEY_BATCH_SIZE="500", PARLEY_ENRICH_WORKERS="1")
    args = [sys.executable, "-m", "parley.cli", *command[:1], str(path), *command[1:]]
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        # kill it once some batches are stored, well before the end
        while time.monotonic() < deadline:
            time.sleep(0.05)
            if process.poll() is not None:
                break
            try:
                if _cursor_line(db_url) > TOTAL // 10:
                    break
            except Exception:  # the store may not be created yet
                continue
        assert process.poll() is None, "the import finished before it could be killed"
        children = _children(process.pid)
        assert children, "the enrichment worker process should be running"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        # the orphaned worker notices and leaves instead of waiting for work forever
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(pid) for pid in children):
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in children), "a worker outlived its killed parent"
    finally:
        if process.poll() is None:
            process.kill()
    partial, _, _ = _stored(db_url)
    assert 0 < partial < TOTAL

    again = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "resuming an interrupted" in again.stderr
    n, distinct, counted = _stored(db_url)
    assert n == distinct == TOTAL
    assert counted == TOTAL  # the per-minute rollup counted every post once, too
    # the second run only stored what the first had not
    assert f"{TOTAL - partial} imported" in again.stdout
