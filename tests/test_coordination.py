"""Campaign detection: simulated truth, bad input, the store and people's decisions, live."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import msgspec
import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.coordination import store
from parley.coordination.detect import Coordinator, Params, detect
from parley.coordination.evaluate import evaluate_scenario
from parley.coordination.live import CoordinationDetector
from parley.domain import Author, Post
from parley.sources.simulator import Simulator
from tests.conftest import write_jsonl

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def post(i: int, author: str | None, t: float, text: str, **kw) -> Post:
    return Post(
        platform="x",
        native_id=f"p{i}",
        created_at=START + timedelta(seconds=t),
        text=text,
        author=None if author is None else Author(native_id=author, handle=author),
        **kw,
    )


def troll_farm(accounts: int = 8, bursts: int = 5, gap: float = 1800.0) -> list[Post]:
    """`accounts` accounts post the same slogan (and link) within a minute, `bursts` times."""
    out = []
    for b in range(bursts):
        for a in range(accounts):
            out.append(
                post(
                    len(out),
                    f"farm{a}",
                    b * gap + a * 7,
                    f"Velora Pure is so much better than Aurelia, switch today number {b}!",
                    urls=["https://velora.example/offer"],
                )
            )
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_water_army_scenario_meets_the_targets(seed):
    report = evaluate_scenario("water_army", seed)
    assert report["precision"] >= 0.9
    assert report["recall"] >= 0.8
    assert report["organic_flagged"] == 0  # the new-formula complainers are not a campaign


def test_false_report_finds_the_small_group():
    report = evaluate_scenario("false_report", 1)
    assert report["truth_accounts"] == 21
    assert report["precision"] >= 0.9 and report["recall"] >= 0.8
    assert report["organic_flagged"] == 0


def test_baseline_day_has_no_campaign():
    found, _ = detect(Simulator("baseline", seed=3).posts(), sentiment=False)
    assert found == []


def test_a_campaign_says_what_it_saw_in_words_and_numbers():
    found, _ = detect(troll_farm(), sentiment=False)
    assert len(found) == 1
    c = found[0]
    assert sorted(c.accounts) == [f"x:farm{a}" for a in range(8)]
    assert "8 accounts" in c.summary and "on 5 occasions" in c.summary
    assert 0.0 < c.score <= 1.0
    assert c.evidence["occasions"] == 5 and c.evidence["signals"]["text"] > 0
    assert abs(sum(c.evidence["score_parts"].values()) - c.score) < 0.01
    assert len(c.posts) == 40


def test_an_organic_burst_is_not_a_campaign():
    """Fifty people complain about one outage within two minutes, some with the same stock
    phrase, once: nobody co-acts on several occasions."""
    phrases = ["is the app down?", "app down for anyone else?", "cannot log in to the app"]
    posts = [
        post(i, f"c{i}", i * 2.0, phrases[i % 3], hashtags=["outage", "app"]) for i in range(50)
    ]
    found, coordinator = detect(posts, sentiment=False)
    assert found == []
    assert coordinator.stats()["pairs"] > 0  # they did co-act, once


def test_missing_authors_and_accounts_without_history():
    posts = [post(0, None, 0, "no author at all"), *troll_farm(4, 4)]
    posts.append(post(999, "newcomer", 10, "first and only post"))
    found, coordinator = detect(posts, sentiment=False)
    assert coordinator.stats()["no_author"] == 1
    assert [len(c.accounts) for c in found] == [4]


def test_a_retweet_storm_stays_bounded():
    """30,000 reposts of one post by 10,000 accounts within three minutes."""
    params = Params(max_pairs=50_000)
    coordinator = Coordinator(params)
    for i in range(30_000):
        coordinator.add(
            post(i, f"fan{i % 10_000}", i * 0.006, "RT viral", repost_of="viral1", kind="repost")
        )
    stats = coordinator.stats()
    assert stats["keys"] <= 3
    # each repost meets at most max_key_events earlier ones; pairs are capped
    assert 0 < stats["pairs"] <= params.max_pairs
    assert coordinator.campaigns() == []  # one occasion, however big, is not repetition


def test_texts_no_account_remembers_are_dropped_and_campaigns_keep_theirs(monkeypatch):
    """Each account keeps its last `max_account_posts` coordinated posts; the texts of the
    others are dropped once the table doubles, so a long stream does not grow it forever."""
    import parley.coordination.detect as detect_module

    monkeypatch.setattr(detect_module, "_TEXTS_FLOOR", 50)
    coordinator = Coordinator(Params(max_account_posts=5))
    farm = troll_farm(accounts=8, bursts=60, gap=120.0)
    for p in farm:
        coordinator.add(
            msgspec.structs.replace(p, text=p.text + f" #velora @aurelia{p.native_id}"), None
        )
    remembered = {pk for a in coordinator._accounts.values() for pk in a.coordinated_posts}
    assert len(remembered) <= 8 * 5
    assert len(coordinator._texts) <= 100  # at most twice what was kept at the last clean-up
    assert remembered <= set(coordinator._texts)  # what an account remembers keeps its text
    [campaign] = coordinator.campaigns()
    assert "#velora" in campaign.topics
    assert any(t.startswith("Velora Pure is so much better") for t in campaign.topics)


def test_accounts_that_hold_nothing_are_forgotten(monkeypatch):
    """A stream of ever new authors, each posting once, over days: the accounts table stays
    bounded, and a troll farm among them is still found with its accounts."""
    import parley.coordination.detect as detect_module

    monkeypatch.setattr(detect_module, "_ACCOUNTS_FLOOR", 100)
    coordinator = Coordinator()
    day = 86_400.0
    for i in range(7200):  # a new author every two minutes for ten days
        coordinator.add(post(100_000 + i, f"passer{i}", i * 120.0, f"just passing by, note {i}"))
    # those of the last two days (pair_horizon) are kept, and the table may double after that
    assert len(coordinator._accounts) <= 2 * 1440 + 10
    farm = [
        msgspec.structs.replace(p, created_at=p.created_at + timedelta(seconds=10 * day))
        for p in troll_farm()
    ]
    for p in farm:
        coordinator.add(p)
    [campaign] = coordinator.campaigns()
    assert sorted(campaign.accounts) == [f"x:farm{a}" for a in range(8)]


def test_an_event_that_arrived_late_does_not_hide_the_ones_behind_it():
    """A key's events are scanned newest first and the scan stops at the first one older than
    the window, but only while the key's events came in time order."""
    link = ["https://velora.example/offer"]
    coordinator = Coordinator()
    coordinator.add(post(1, "early", 200.0, "a", urls=link))
    coordinator.add(post(2, "late", 0.0, "b", urls=link))  # arrives after, stamped before
    coordinator.add(post(3, "third", 210.0, "c", urls=link))
    pairs = set(coordinator._pairs)
    assert ("x:early", "x:third") in pairs  # 10 s apart, behind an event 210 s away
    assert ("x:early", "x:late") not in pairs and ("x:late", "x:third") not in pairs


def test_one_account_posting_thousands_of_times():
    coordinator = Coordinator()
    for i in range(5000):
        coordinator.add(post(i, "spammer", i * 1.0, "same text again", urls=["https://s.example"]))
    stats = coordinator.stats()
    assert stats["accounts"] == 1 and stats["pairs"] == 0
    assert coordinator.campaigns() == []


def test_store_keeps_decisions_across_runs(engine):
    found, _ = detect(troll_farm(), sentiment=False)
    [(campaign, is_new, gained)] = store.save_campaigns(engine, found)
    assert is_new and gained == 8 and campaign.status == "suspected"
    cid = campaign.id
    row = store.get_campaign(engine, cid)
    assert row["accounts"] == 8 and row["posts"] == 40 and len(row["account_list"]) == 8
    assert store.coordinated_accounts(engine)[("x", "farm3")] == cid

    # confirmed, then the campaign grows: same id, still confirmed
    store.decide(engine, cid, "confirmed", "ana")
    bigger, _ = detect(troll_farm(12, 5), sentiment=False)
    [(again, is_new, gained)] = store.save_campaigns(engine, bigger)
    assert (again.id, again.status, is_new, gained) == (cid, "confirmed", False, 4)
    assert store.get_campaign(engine, cid)["decided_by"] == "ana"

    # dismissed: found again, it is not new and stays dismissed
    store.decide(engine, cid, "dismissed", "ben")
    [(again, is_new, _)] = store.save_campaigns(engine, bigger)
    assert (again.id, again.status, is_new) == (cid, "dismissed", False)
    assert store.coordinated_accounts(engine) == {}
    assert store.coordinated_accounts(engine, ("dismissed",))[("x", "farm11")] == cid
    assert [r["id"] for r in store.list_campaigns(engine, "dismissed")] == [cid]
    with pytest.raises(LookupError):
        store.decide(engine, 9999, "confirmed", "ana")


def test_share_of_posts_that_is_coordinated(engine):
    farm = troll_farm()
    found, _ = detect(farm, sentiment=False)
    store.save_campaigns(engine, found)
    surge = farm[:10] + [post(1000 + i, f"person{i}", i, "outage!") for i in range(30)]
    share = store.coordinated_share(engine, surge)
    assert share["posts"] == 40 and share["coordinated"] == 10 and share["share"] == 0.25
    assert ("x", "p0") in store.coordinated_posts(engine)


def test_live_detector_raises_each_campaign_once_and_answers_from_memory(engine):
    seen = []
    detector = CoordinationDetector(engine, on_campaign=seen.append, recluster_every=600)
    posts = troll_farm(8, 8, gap=1200)
    for i in range(0, len(posts), 8):
        batch = posts[i : i + 8]
        detector(batch, [{} for _ in batch], frozenset(p.key for p in batch))
    detector.recluster()
    assert len(seen) == 1 and len(seen[0].accounts) == 8
    cid = seen[0].id
    assert detector.coordinated("x", "farm0") == cid
    assert detector.coordinated("x", "nobody") is None
    # dismissed by a person: re-clustering does not raise it again, nor count its accounts
    store.decide(engine, cid, "dismissed", "ana")
    detector.recluster()
    assert len(seen) == 1 and detector.coordinated("x", "farm0") is None


def test_live_detector_on_the_simulated_stream_without_a_store():
    seen = []
    detector = CoordinationDetector(on_campaign=seen.append)
    sim = Simulator("water_army", seed=1)
    batch: list[Post] = []
    for p in sim.posts():
        batch.append(p)
        if len(batch) == 500:
            detector(batch)
            batch = []
    detector(batch)
    detector.recluster()
    truth = {a for e in sim.truth() if e.get("kind") == "campaign" for a in e["accounts"]}
    flagged = {a.partition(":")[2] for c in detector.campaigns for a in c.accounts}
    assert len(flagged & truth) / len(truth) >= 0.8
    assert len(flagged - truth) <= 0.1 * len(flagged)
    assert seen  # on_campaign was called for what it found


def test_cli_finds_saves_and_decides(tmp_path, cli_env):
    records = [
        {
            "platform": "x",
            "native_id": p.native_id,
            "created_at": p.created_at.isoformat(),
            "text": p.text,
            "author": {"native_id": p.author.native_id},
            "urls": p.urls,
        }
        for p in troll_farm()
    ]
    records.append({"platform": "x", "native_id": "bad"})  # missing fields: reported, skipped
    path = write_jsonl(tmp_path / "farm.jsonl", records)
    runner = CliRunner()
    result = runner.invoke(main, ["coordination", str(path), "--json", "--save"], env=cli_env)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert len(out) == 1 and len(out[0]["accounts"]) == 8 and out[0]["stance"]
    assert "line 41" in result.stderr
    listed = json.loads(runner.invoke(main, ["campaigns", "list", "--json"], env=cli_env).stdout)
    cid = listed[0]["id"]
    result = runner.invoke(main, ["campaigns", "confirm", str(cid), "--by", "ana"], env=cli_env)
    assert result.exit_code == 0 and "confirmed by ana" in result.stdout
    shown = json.loads(
        runner.invoke(main, ["campaigns", "show", str(cid), "--json"], env=cli_env).stdout
    )
    assert shown["status"] == "confirmed" and len(shown["account_list"]) == 8
    result = runner.invoke(main, ["campaigns", "dismiss", "4242"], env=cli_env)
    assert result.exit_code != 0 and "no campaign 4242" in result.output
    text = runner.invoke(main, ["campaigns", "show", str(cid)], env=cli_env).stdout
    assert "decided by ana" in text


def test_live_detector_as_a_pipeline_hook(engine, tmp_path):
    """The real pipeline (enrichers, store) feeds the detector; a second import of the same
    file adds nothing (only new posts count) and raises nothing new."""
    import asyncio

    from parley.ingest import Pipeline
    from parley.interchange import Decoder, to_record
    from parley.sources.files import JsonlSource

    sim = Simulator("water_army", seed=1, duration=timedelta(hours=10))
    path = write_jsonl(tmp_path / "wa.jsonl", [to_record(p) for p in sim.posts()])
    seen = []
    detector = CoordinationDetector(engine, on_campaign=seen.append)
    for _ in range(2):
        source = JsonlSource(path, decoder=Decoder(), max_line_bytes=1 << 20, batch_size=500)
        asyncio.run(Pipeline(engine, on_stored=[detector]).run(source))
        detector.recluster()
    assert detector._dedup is None  # the pipeline's own dup_cluster was used
    truth = {a for e in sim.truth() if e.get("kind") == "campaign" for a in e["accounts"]}
    flagged = {a for (_, a), _cid in store.coordinated_accounts(engine).items()}
    assert len(flagged & truth) >= 0.8 * len(truth)
    assert len(flagged - truth) <= 0.1 * len(flagged)
    assert len({c.id for c in seen}) == len(store.list_campaigns(engine))
