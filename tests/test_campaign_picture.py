"""What the campaign page reads from the store: accounts, near-identical posts, timing, network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from parley.coordination import store
from parley.coordination.detect import detect
from parley.coordination.picture import bucket_minutes, campaign_view, web_link
from parley.domain import Author, Post
from parley.store import posts as post_store

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
SLOGANS = [
    "Velora Pure beats Aurelia, switch today and see the difference",
    "Honestly my hair has never been softer since I left Aurelia for Velora",
    "Aurelia does not care about its customers, Velora Pure does, try it",
    "Still cannot believe I wasted years on Aurelia shampoo, Velora is it",
]


def farm(accounts: int = 6, bursts: int = 4) -> list[Post]:
    """`accounts` young accounts post the same slogan within a minute, `bursts` times, and one
    ordinary account posts on its own in between."""
    out = []
    for b in range(bursts):
        for a in range(accounts):
            out.append(
                Post(
                    platform="x",
                    native_id=f"p{len(out)}",
                    created_at=START + timedelta(seconds=b * 1800 + a * 7),
                    text=f"{SLOGANS[b]} {HOSTILE}",
                    url="javascript:alert(3)" if a == 0 else f"https://x.example/p{len(out)}",
                    urls=["https://velora.example/offer"],
                    author=Author(
                        native_id=f"farm{a}",
                        handle=f"farm{a}{HOSTILE}",
                        name=f"Farm {a}",
                        bio=f"<svg onload=alert(4)> bio {a}",
                        followers=10 + a,
                        following=500,
                        created_at=START - timedelta(days=5 + a),
                    ),
                )
            )
    out.append(
        Post(
            platform="x",
            native_id="own",
            created_at=START + timedelta(minutes=40),
            text="an ordinary post by a farm account",
            author=Author(native_id="farm1"),
        )
    )
    return out


def _saved(engine: Engine, posts: list[Post]) -> dict:
    with engine.begin() as connection:
        post_store.store_batch(connection, posts, [{} for _ in posts])
    found, _ = detect(posts, sentiment=False)
    assert len(found) == 1
    [(campaign, _, _)] = store.save_campaigns(engine, found)
    full = store.get_campaign(engine, campaign.id)
    assert full is not None
    return full


def test_campaign_view_reads_accounts_groups_timing_and_network(engine: Engine) -> None:
    campaign = _saved(engine, farm())
    view = campaign_view(engine, campaign)

    accounts = view["accounts"]
    assert [a.key for a in accounts] == sorted(campaign["account_list"])  # 4 posts each
    assert {a.posts for a in accounts} == {4}
    first = next(a for a in accounts if a.native_id == "farm2")
    assert first.handle == f"farm2{HOSTILE}" and first.followers == 12
    assert first.age_days == pytest.approx(7.0, abs=0.01)  # at the campaign's first occasion

    # Each round's slogan is one near-identical group,
    # written by all six accounts, one post each, oldest first.
    assert view["group_total"] == 4 and len(view["groups"]) == 4
    for group in view["groups"]:
        assert group.accounts == 6 and len({p.author for p in group.posts}) == 6
        assert [p.created_at for p in group.posts] == sorted(p.created_at for p in group.posts)

    # A link is kept only when it is http(s).
    links = {p.handle.split("<")[0]: p.link for g in view["groups"] for p in g.posts}
    assert links["farm0"] is None and links["farm1"].startswith("https://")

    net = view["network"]
    assert sorted(n.key for n in net.nodes) == sorted(campaign["account_list"])
    assert len(net.edges) == 15  # every pair of the six co-acted on all four occasions
    assert {e.weight for e in net.edges} == {4}
    assert all(0 <= n.x <= net.width and 0 <= n.y <= net.height for n in net.nodes)
    again = campaign_view(engine, campaign)["network"]  # a fixed seed: the same picture
    assert [(n.x, n.y) for n in again.nodes] == [(n.x, n.y) for n in net.nodes]

    timing = view["timing"]
    assert timing["kind"] == "bars" and "per minute" in timing["title"]
    everything, coacting = (s["values"] for s in timing["series"])
    assert sum(everything) == 25 and sum(coacting) == 24  # the ordinary post is not co-acting
    assert len(timing["x"]) == len(everything) and len(timing["marks"]) == 4
    assert all(b - a == 60 for a, b in zip(timing["x"], timing["x"][1:], strict=False))


def test_decision_in_a_transaction_is_undone_with_it(engine: Engine) -> None:
    campaign = _saved(engine, farm())
    with pytest.raises(RuntimeError), engine.begin() as connection:
        store.record_decision(connection, campaign["id"], "confirmed", "ana")
        raise RuntimeError("the audit row could not be written")
    assert store.get_campaign(engine, campaign["id"])["status"] == "suspected"
    with pytest.raises(LookupError), engine.begin() as connection:
        store.record_decision(connection, 4242, "confirmed", "ana")
    with pytest.raises(ValueError), engine.begin() as connection:
        store.record_decision(connection, campaign["id"], "deleted", "ana")


def test_long_campaigns_get_wider_bars_and_only_web_links_pass() -> None:
    assert bucket_minutes(START, START + timedelta(hours=6)) == 1
    assert bucket_minutes(START, START + timedelta(hours=12)) == 2
    assert bucket_minutes(START, START + timedelta(days=30)) == 120
    assert web_link("https://a.example/x") == "https://a.example/x"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//a", None):
        assert web_link(bad) is None
