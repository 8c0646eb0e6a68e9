"""Parley's account networks equal coordination-network-toolkit's, edge for edge and weight
for weight, on a synthetic file built to hit every rule and on a slice of the IRA week."""

from __future__ import annotations

import csv
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.coordination.ira import read_ira
from parley.coordination.networks import NETWORKS, messages, network
from parley.coordination.toolkit import toolkit_network
from tests.conftest import write_jsonl

pytest.importorskip("coordination_network_toolkit")

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LONG = [
    "the",
    "new",
    "formula",
    "of",
    "this",
    "shampoo",
    "is",
    "much",
    "better",
    "than",
    "the",
    "old",
    "one",
    "and",
    "my",
    "hair",
    "feels",
    "soft",
    "and",
    "shiny",
    "every",
    "single",
    "morning",
    "since",
    "I",
    "switched",
    "brands",
    "last",
    "month",
]


def synthetic(n: int = 700, seed: int = 7) -> list[dict]:
    """Few users and keys, whole-second times (so 60 s apart happens), reposts, replies,
    several and repeated URLs, mentions and case that co_tweet ignores, near-copies for
    co_similarity, repeated ids, a post without an author."""
    rng = random.Random(seed)
    texts = ["Buy Velora now!", "buy velora   NOW!", "@x Buy Velora now!", "Velora is great", ""]
    out = []
    for i in range(n):
        words = list(LONG)
        if rng.random() < 0.5:
            words[rng.randrange(len(words))] = rng.choice(["hair", "silky", "bright", "oily"])
        text = " ".join(words) if rng.random() < 0.4 else rng.choice(texts)
        rec = {
            "platform": "x",
            "native_id": f"m{i}",
            "created_at": (START + timedelta(seconds=rng.randrange(0, 1800))).isoformat(),
            "text": text,
            "author": {"native_id": f"u{rng.randrange(25)}"},
        }
        r = rng.random()
        if r < 0.25:
            rec["kind"] = "repost"
            rec["repost_of"] = f"orig{rng.randrange(8)}"
        elif r < 0.45:
            rec["kind"] = "reply"
            rec["reply_to"] = f"parent{rng.randrange(6)}"
        if rng.random() < 0.4:
            rec["urls"] = rng.sample(
                ["https://a.example/1", "https://b.example/2", "https://c.example"],
                rng.randrange(1, 3),
            )
        out.append(rec)
    out.append(dict(out[3], text="a repeated id keeps its first text"))
    out.append(
        {
            "platform": "x",
            "native_id": "lonely",
            "created_at": START.isoformat(),
            "text": "no author",
        }
    )
    return out


def read_edges(path: Path) -> dict[tuple[str, str], int]:
    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["a", "b", "weight"]
    return {(a, b): int(w) for a, b, w in rows[1:]}


@pytest.mark.parametrize("kind", NETWORKS)
def test_cli_network_equals_the_toolkit_on_synthetic_posts(kind, tmp_path, cli_env):
    path = write_jsonl(tmp_path / "posts.jsonl", synthetic())
    out = tmp_path / "edges.csv"
    result = CliRunner().invoke(
        main,
        ["coordination", str(path), "--network", kind, "--window", "60", "--edges", str(out)],
        env=cli_env,
    )
    assert result.exit_code == 0, result.output
    ours = read_edges(out)
    from parley.coordination.cli import read_jsonl

    msgs, no_author = messages(read_jsonl(path))
    assert no_author == 1
    theirs, _ = toolkit_network(msgs, kind, 60, tmp_path / "toolkit.db")
    assert ours, f"{kind}: the synthetic file should make edges"
    assert ours == theirs
    # directed weights: somewhere a->b differs from b->a, and both are written
    if kind in ("co_tweet", "co_link", "co_retweet"):
        assert any(ours.get((b, a)) != w for (a, b), w in ours.items())


@pytest.mark.parametrize("window", [0, 1, 30])
def test_other_windows_and_min_weight_match_too(window, tmp_path):
    from parley.coordination.cli import read_jsonl

    path = write_jsonl(tmp_path / "posts.jsonl", synthetic(400, seed=window))
    msgs, _ = messages(read_jsonl(path))
    for n, kind in enumerate(NETWORKS):
        theirs, _ = toolkit_network(msgs, kind, window, tmp_path / f"t{n}.db", min_weight=2)
        assert network(msgs, kind, window, min_weight=2) == theirs, kind


def test_ira_slice_equals_the_toolkit(shared_data, tmp_path):
    posts = list(read_ira(shared_data / "ira" / "ira_2016-10-01_07.csv", limit=8000))
    msgs, _ = messages(posts)
    total = 0
    for n, kind in enumerate(NETWORKS):
        theirs, _ = toolkit_network(msgs, kind, 60, tmp_path / f"ira{n}.db")
        ours = network(msgs, kind, 60)
        assert ours == theirs, kind
        total += len(ours)
    assert total > 0  # the retweet network at least has edges


def test_unknown_network_and_bad_threshold_are_refused(tmp_path, cli_env):
    path = write_jsonl(tmp_path / "posts.jsonl", synthetic(20))
    result = CliRunner().invoke(
        main, ["coordination", str(path), "--network", "co_like"], env=cli_env
    )
    assert result.exit_code != 0 and "co_like" in result.output
    result = CliRunner().invoke(
        main,
        ["coordination", str(path), "--network", "co_similarity", "--threshold", "1.5"],
        env=cli_env,
    )
    assert result.exit_code != 0 and "threshold" in result.output
