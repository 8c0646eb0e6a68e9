"""Tests for near-duplicate clusters (parley.enrich.dedup).

Copies and light edits share a cluster, different texts do not, in any script; the window is
stream time; retweet storms are cheap and bounded; signatures are stable across processes;
arbitrary text never crashes.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.domain import Post
from parley.enrich.dedup import (
    NearDuplicateEnricher,
    bench,
    normalise,
    signatures,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

BASE = "I love the new Aurelia shampoo, my hair has never been this soft and shiny!"
HEADLINE = "Breaking: Government announces new measures to curb inflation amid rising prices"
OTHER = "The airline lost my luggage again and nobody at the desk could help me at all"
ZH = "奥瑞莉亚洗发水真的太好用了，头发从来没有这么顺滑过，强烈推荐"


def post(i: int | str, text: str, hours: float = 0.0, platform: str = "x") -> Post:
    return Post(
        platform=platform,
        native_id=str(i),
        created_at=T0 + timedelta(hours=hours, seconds=int(i) if str(i).isdigit() else 0),
        text=text,
    )


def clusters(enricher: NearDuplicateEnricher, texts: list[str]) -> list[str]:
    found = enricher.transform_many([post(i, t) for i, t in enumerate(texts)])
    return [f["dup_cluster"] for f in found]


def same(texts: list[str]) -> bool:
    return len(set(clusters(NearDuplicateEnricher(), texts))) == 1


# --------------------------------------------------------------------------------------------
# What clusters and what does not
# --------------------------------------------------------------------------------------------
def test_identical_texts_cluster_and_report_size_and_source() -> None:
    e = NearDuplicateEnricher()
    found = e.transform_many([post(1, BASE), post(2, BASE), post(3, BASE)])
    assert [f["dup_cluster"] for f in found] == ["x:1"] * 3
    assert [f["dup_size"] for f in found] == [1, 2, 3]
    assert [f["dup_of"] for f in found] == [None, "x:1", "x:2"]


@pytest.mark.parametrize(
    "edit",
    [
        BASE.replace("soft", "smooth"),  # a word changed
        BASE + " 😍😍",  # an emoji added
        "@AureliaCare " + BASE,  # a mention
        BASE + " https://t.co/abc123",  # a link
        BASE.upper(),  # shouting
        BASE.replace(",", "").replace("!", "!!!"),  # punctuation
        f"RT @fan_account: {BASE}",  # a retweet
        BASE.replace("Aurelia", "#Aurelia"),  # a hashtag
    ],
)
def test_light_edits_cluster(edit: str) -> None:
    assert same([BASE, edit])


def test_headline_variants_cluster() -> None:
    assert same([HEADLINE, HEADLINE.replace("rising", "soaring"), f"{HEADLINE} https://bbc.in/x"])


def test_different_texts_do_not_cluster() -> None:
    texts = [BASE, HEADLINE, OTHER, ZH, "Great service from the crew on my flight to Rome today"]
    assert len(set(clusters(NearDuplicateEnricher(), texts))) == len(texts)


def test_chinese_near_copies_cluster() -> None:
    assert same([ZH, ZH.replace("太好用了", "很好用") + "！", ZH + "[赞][赞]", f"转发 @小红: {ZH}"])
    assert not same([ZH, "今天早上机场排队的人太多了，等了两个小时才登机，真是受不了"])


def test_other_scripts_cluster() -> None:
    ru = "Не могу поверить, какая длинная очередь была сегодня утром в аэропорту"
    assert same([ru, ru.replace("длинная", "огромная")])
    th = "ไม่อยากเชื่อเลยว่าเช้านี้คิวที่สนามบินยาวขนาดนี้พนักงานใจดีแต่แอปค้างตลอด"
    assert same([th, th + " 😂"])


def test_too_little_text_is_its_own_cluster() -> None:
    # Fewer than five words (a CJK character counts half): "thanks!" from many people is not
    # copying, even when identical.
    for short in (
        "thanks!",
        "so true 😂",
        "thank you so much!!",
        "谢谢大家的支持",
        "@a https://t.co/x",
    ):
        found = NearDuplicateEnricher().transform_many([post(1, short), post(2, short)])
        assert [f["dup_cluster"] for f in found] == ["x:1", "x:2"]
        assert [f["dup_size"] for f in found] == [1, 1]
        assert [f["dup_of"] for f in found] == [None, None]


def test_dup_of_is_the_most_similar_earlier_post() -> None:
    e = NearDuplicateEnricher()
    edited = BASE.replace("soft and shiny", "soft, shiny and strong")
    found = e.transform_many([post(1, BASE), post(2, edited), post(3, HEADLINE)])
    found += e.transform_many([post(4, edited + " 🙌")])  # identical to 2 once normalised
    assert [f["dup_of"] for f in found] == [None, "x:1", None, "x:2"]
    assert found[3]["dup_cluster"] == "x:1"
    assert found[3]["dup_size"] == 3


def test_copies_in_later_batches_join_the_cluster() -> None:
    e = NearDuplicateEnricher()
    e.transform_many([post(1, BASE), post(2, OTHER)])
    found = e.transform_many([post(3, BASE.replace("soft", "silky"), hours=2)])
    found += e.transform_many([post(4, f"RT @x: {OTHER}", hours=3)])
    assert [f["dup_cluster"] for f in found] == ["x:1", "x:2"]


def test_cluster_ids_are_platform_and_native_id() -> None:
    e = NearDuplicateEnricher()
    found = e.transform_many([post(7, BASE, platform="weibo"), post(8, BASE, platform="x")])
    assert [f["dup_cluster"] for f in found] == ["weibo:7", "weibo:7"]


# --------------------------------------------------------------------------------------------
# The window is stream time
# --------------------------------------------------------------------------------------------
def test_copies_more_than_a_window_apart_are_different_clusters() -> None:
    e = NearDuplicateEnricher()
    found = e.transform_many([post(1, BASE, hours=0), post(2, BASE, hours=25)])
    found += e.transform_many([post(3, BASE.replace("soft", "silky"), hours=51)])
    assert [f["dup_cluster"] for f in found] == ["x:1", "x:2", "x:3"]


def test_copies_within_the_window_chain() -> None:
    e = NearDuplicateEnricher()
    found = []
    for day in range(4):  # a copy every 20 hours: each is within 24 h of the one before
        found += e.transform_many([post(day + 1, BASE, hours=20 * day)])
    assert {f["dup_cluster"] for f in found} == {"x:1"}


def test_custom_window_and_threshold() -> None:
    e = NearDuplicateEnricher(window=timedelta(hours=1))
    found = e.transform_many([post(1, BASE), post(2, BASE, hours=2)])
    assert found[1]["dup_cluster"] == "x:2"
    strict = NearDuplicateEnricher(threshold=0.95)
    assert len(set(clusters(strict, [BASE, BASE.replace("soft", "smooth")]))) == 2
    with pytest.raises(ValueError):
        NearDuplicateEnricher(threshold=0)
    with pytest.raises(ValueError):
        NearDuplicateEnricher(window=timedelta(0))


def test_out_of_order_posts_are_assigned_without_crashing() -> None:
    e = NearDuplicateEnricher()
    e.transform_many([post(1, BASE, hours=0), post(2, OTHER, hours=0)])
    e.transform_many([post(3, HEADLINE, hours=100)])  # the stream moves on four days
    late = e.transform_many([post(4, BASE, hours=1), post(5, OTHER, hours=-30)])
    assert late[0]["dup_cluster"] == "x:1"  # within 24 h of post 1, by their own times
    assert late[1]["dup_cluster"] == "x:5"  # 30 h before post 2: outside the window


def test_sweep_drops_what_the_window_left_behind() -> None:
    e = NearDuplicateEnricher()
    e.transform_many([post(i, f"{OTHER} number {w}") for i, w in enumerate("abcdefghij")])
    before = e.stats()
    e.transform_many([post(100, HEADLINE, hours=48)])
    e.sweep()
    after = e.stats()
    assert before["exact_texts"] == 10 and after["exact_texts"] == 1
    assert after["lsh_cells_used"] < before["lsh_cells_used"]
    assert after["clusters"] == 1


# --------------------------------------------------------------------------------------------
# Storms, memory bounds, restarts
# --------------------------------------------------------------------------------------------
def test_identical_burst_stays_bounded() -> None:
    e = NearDuplicateEnricher()
    n = 100_000
    copies = [
        Post(
            platform="x",
            native_id=str(i),
            created_at=T0 + timedelta(milliseconds=10 * i),
            text=f"RT @user{i % 5000}: {BASE} {'🔥' * (i % 3)}",
        )
        for i in range(n)
    ]
    last: dict[str, object] = {}
    for start in range(0, n, 5000):
        last = e.transform_many(copies[start : start + 5000])[-1]
    assert last == {"dup_cluster": "x:0", "dup_size": n, "dup_of": f"x:{n - 2}"}
    stats = e.stats()
    assert stats["index_entries"] <= 2  # the text once (and re-indexed at most once)
    assert stats["exact_texts"] == 1
    assert stats["clusters"] == 1
    assert stats["lsh_cells_used"] <= 2 * 16


def test_index_size_is_capped() -> None:
    e = NearDuplicateEnricher(max_entries=1000, max_clusters=1000)
    texts = [f"{OTHER} {i} {i * 7} and {i * 13} more words here" for i in range(5000)]
    for start in range(0, 5000, 500):
        e.transform_many([post(i, t) for i, t in enumerate(texts[start : start + 500], start)])
    stats = e.stats()
    assert stats["index_entries"] == 1000
    assert stats["exact_texts"] <= 1000
    assert stats["clusters"] <= 1000


def test_warm_rebuilds_state_after_a_restart() -> None:
    stored = [post(1, BASE), post(2, HEADLINE), post(3, BASE.replace("soft", "silky"))]
    e = NearDuplicateEnricher()
    e.warm(reversed(stored))  # any order: replayed oldest first
    found = e.transform_many([post(4, f"RT @a: {BASE}", hours=1), post(5, HEADLINE, hours=1)])
    assert [f["dup_cluster"] for f in found] == ["x:1", "x:2"]
    assert found[0]["dup_size"] == 3


# --------------------------------------------------------------------------------------------
# Order independence, stability
# --------------------------------------------------------------------------------------------
def test_cluster_membership_does_not_depend_on_order() -> None:
    texts = [BASE, HEADLINE, BASE.replace("soft", "smooth"), OTHER, f"RT @a: {HEADLINE}", ZH]
    expected = {frozenset({0, 2}), frozenset({1, 4}), frozenset({3}), frozenset({5})}
    for order in itertools.permutations(range(len(texts))):
        e = NearDuplicateEnricher()
        found = e.transform_many([post(i, texts[i]) for i in order])
        groups: dict[str, set[int]] = {}
        for i, f in zip(order, found, strict=True):
            groups.setdefault(f["dup_cluster"], set()).add(i)
        assert {frozenset(g) for g in groups.values()} == expected, order


def test_batching_does_not_change_the_answer() -> None:
    texts = [BASE, HEADLINE, BASE.replace("soft", "smooth"), OTHER, f"RT @a: {HEADLINE}", ZH] * 3
    posts = [post(i, t) for i, t in enumerate(texts)]
    whole = NearDuplicateEnricher().transform_many(posts)
    one_by_one = NearDuplicateEnricher()
    assert [one_by_one.transform_many([p])[0] for p in posts] == whole


def test_signatures_are_stable_across_processes() -> None:
    # Shingles must not use Python's salted hash(): a restarted process must agree.
    code = (
        "from parley.enrich.dedup import signatures, normalise;"
        f"print(signatures([normalise({BASE!r})]).sig[0, :8].tolist())"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        outputs.add(done.stdout.strip())
    assert outputs == {str(signatures([normalise(BASE)]).sig[0, :8].tolist())}


def test_normalise() -> None:
    assert normalise("RT @bob: Hello, World! https://t.co/x #Tag 😂 [哈哈]") == "hello world tag"
    assert normalise("ＦＵＬＬ　ｗｉｄｔｈ") == "full width"
    assert normalise("\ud800 bad \u202e surrogate") == "bad surrogate"


def test_bench_smoke() -> None:
    report = bench(2000, compare=False)
    assert report["posts"] == 2000
    assert report["posts_per_s"] > 0
    assert 0.1 < report["dup_rate"] < 0.5


# --------------------------------------------------------------------------------------------
# Property: arbitrary text never crashes
# --------------------------------------------------------------------------------------------
PIECES = st.sampled_from(
    ["\ud800", "\u202e", "\u200d", "😂", "🇮🇹", "@user ", "https://t.co/x ", "#tag ", "RT @a: ",
     "[哈哈]", "的", "の", "한", " ", "\n", "\x00", BASE, ZH, "word "]
)  # fmt: skip
TEXTS = st.lists(st.one_of(st.text(max_size=60), PIECES), max_size=10).map("".join)


@settings(max_examples=150, deadline=None)
@given(batches=st.lists(st.lists(st.tuples(TEXTS, st.floats(-48, 48)), max_size=8), max_size=4))
def test_arbitrary_text_never_crashes(batches: list[list[tuple[str, float]]]) -> None:
    e = NearDuplicateEnricher(max_entries=64, max_clusters=64)
    n = 0
    for batch in batches:
        posts = [post(n + i, text, hours) for i, (text, hours) in enumerate(batch)]
        n += len(batch)
        found = e.transform_many(posts)
        assert len(found) == len(posts)
        for p, f in zip(posts, found, strict=True):
            assert set(f) == {"dup_cluster", "dup_size", "dup_of"}
            assert isinstance(f["dup_cluster"], str) and ":" in f["dup_cluster"]
            assert f["dup_size"] >= 1
            assert (f["dup_of"] is None) == (
                f["dup_size"] == 1 and f["dup_cluster"] == f"x:{p.native_id}"
            )
    e.sweep()
