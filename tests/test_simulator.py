"""The scenario simulator: reproducible, realistic in shape, and labelled truthfully.

Runs are kept small (a low `rate`) and shared between tests, so the whole file stays fast.
"""

from __future__ import annotations

import collections
import difflib
import itertools
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from parley.domain import Post
from parley.interchange import Decoder, encode_line, to_record
from parley.sources import phrasebank as pb
from parley.sources.simulator import (
    CONTEXT_SLOTS,
    MADE_UP_SLOTS,
    SCENARIOS,
    Simulator,
)

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schema" / "post.schema.json"
LANGS = {"en", "zh", "it", "ar", "es", "fi", "fr", "de", "ja", "pt"}


@pytest.fixture(scope="module")
def streams() -> dict[str, tuple[Simulator, list[Post]]]:
    """One run of each scenario (the baseline at its default volume, a full day)."""
    out = {}
    for name in SCENARIOS:
        sim = Simulator(name, seed=11, rate=8.0 if name == "baseline" else 4.0)
        out[name] = (sim, list(sim.posts()))
    return out


def sim_of(post: Post) -> dict:
    return post.raw["sim"]


# -- reproducibility --------------------------------------------------------------------
def test_same_seed_gives_the_same_stream_byte_for_byte() -> None:
    def encoded(seed: int) -> list[bytes]:
        sim = Simulator("false_report", seed=seed, rate=2.0, duration=timedelta(hours=8))
        return [encode_line(p) for p in sim.posts()]

    first = encoded(5)
    assert len(first) > 1000
    assert first == encoded(5)
    assert first != encoded(6)


def test_posts_can_be_iterated_again_and_are_lazy() -> None:
    sim = Simulator("water_army", seed=2, rate=2.0)
    assert [p.native_id for p in itertools.islice(sim.posts(), 50)] == [
        p.native_id for p in itertools.islice(sim.posts(), 50)
    ]
    # A firehose rate only costs what is consumed.
    big = Simulator("baseline", rate=700.0)
    assert len(list(itertools.islice(big.posts(), 2000))) == 2000


# -- the stream's invariants ---------------------------------------------------------------
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_times_keys_and_references(streams, name: str) -> None:
    sim, posts = streams[name]
    end = sim.start + sim.duration
    previous = sim.start
    seen: set[tuple[str, str]] = set()
    for post in posts:
        assert previous <= post.created_at <= end
        assert post.created_at.tzinfo is not None and post.created_at.utcoffset() == timedelta(0)
        previous = post.created_at
        assert post.key not in seen, f"duplicate key {post.key}"
        for ref in (post.reply_to, post.repost_of, post.quote_of):
            if ref is not None:
                assert (post.platform, ref) in seen, f"{post.key} points to a later or foreign post"
        seen.add(post.key)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_entities_and_addressing_are_consistent_with_the_text(streams, name: str) -> None:
    _, posts = streams[name]
    official = {"AureliaCare", "Aurelia", "SkylarkHelp", "SkylarkAir"}
    for post in posts:
        for tag in post.hashtags or ():
            assert f"#{tag}" in post.text
        for handle in post.mentions or ():
            assert f"@{handle}" in post.text
        for url in post.urls or ():
            assert url in post.text and url.startswith("https://")
        if post.kind == "dm":
            assert post.to_account in official and post.url is None and post.metrics is None
        elif post.to_account is not None:
            assert post.to_account in official
            addressed = post.to_account in (post.mentions or ())
            assert addressed or post.reply_to is not None or post.quote_of is not None
        if post.kind == "article":
            assert post.platform == "news" and post.title and post.url
        assert post.kind in ("post", "reply", "repost", "quote", "comment", "dm", "article")
        truth = sim_of(post)
        assert truth["scenario"] == name
        assert truth["intent"] in {"complaint", "question", "request", "praise", "other",
                                   "news", "chatter"}  # fmt: skip
        assert truth["sentiment"] in {"negative", "neutral", "positive"}
        if truth["intent"] == "chatter":
            assert truth["about_brand"] is False


def test_every_language_is_present_and_some_are_untagged(streams) -> None:
    _, posts = streams["baseline"]
    tagged = collections.Counter(p.lang for p in posts)
    assert set(tagged) >= LANGS
    assert 0.10 < tagged[None] / len(posts) < 0.20
    assert tagged["en"] > tagged["zh"] > tagged["fi"]
    assert {p.platform for p in posts} == {"x", "weibo", "mastodon", "bluesky", "reddit", "news"}
    weibo = collections.Counter(sim_of(p)["lang"] for p in posts if p.platform == "weibo")
    assert weibo.most_common(1)[0][0] == "zh"


def test_threads_reposts_quotes_and_official_answers_exist(streams) -> None:
    _, posts = streams["baseline"]
    kinds = collections.Counter(p.kind for p in posts)
    for kind in ("post", "reply", "repost", "quote", "comment", "dm", "article"):
        assert kinds[kind] > 0, kind
    answers = [p for p in posts if p.author.handle == "AureliaCare" and p.reply_to]
    assert answers, "the care team never answered anyone"
    by_key = {p.key: p for p in posts}
    for answer in answers:
        asked = by_key[(answer.platform, answer.reply_to)]
        assert asked.created_at < answer.created_at
        # The care team answers what is said about the brand, addressed to it or not.
        assert sim_of(asked)["about_brand"] and asked.author.handle != "AureliaCare"


# -- realistic shape ------------------------------------------------------------------------
def test_daily_rhythm_night_is_quieter_than_day(streams) -> None:
    _, posts = streams["baseline"]
    hours = collections.Counter(p.created_at.hour for p in posts)
    night = sum(hours[h] for h in range(1, 5))  # UTC: night in Europe, the Americas asleep
    day = sum(hours[h] for h in range(9, 13))
    assert night < 0.6 * day
    english = collections.Counter(p.created_at.hour for p in posts if sim_of(p)["lang"] == "en")
    assert sum(english[h] for h in range(1, 5)) < 0.25 * sum(english[h] for h in range(9, 13))


def test_author_activity_and_reach_are_heavy_tailed(streams) -> None:
    _, posts = streams["baseline"]
    per_author = sorted(collections.Counter(p.author.native_id for p in posts).values(),
                        reverse=True)  # fmt: skip
    top = per_author[: max(1, len(per_author) // 100)]
    assert sum(top) / sum(per_author) > 0.10  # the top 1 % write over a tenth
    assert sum(1 for n in per_author if n == 1) / len(per_author) > 0.5  # most write once
    followers = sorted({p.author.native_id: p.author.followers or 0 for p in posts}.values())
    median = followers[len(followers) // 2]
    assert 30 < median < 1000
    assert followers[-1] > 1_000_000
    likes = [p.metrics.likes for p in posts if p.metrics and p.metrics.likes is not None]
    assert sum(1 for n in likes if n == 0) > len(likes) / 3 and max(likes) > 100


def test_accounts_look_like_accounts(streams) -> None:
    sim, posts = streams["baseline"]
    authors = {p.author.native_id: p.author for p in posts}
    assert len(authors) > 1000
    for author in authors.values():
        assert author.handle and author.name
        assert author.created_at is not None and author.created_at < sim.start
    years = [(sim.start - a.created_at).days / 365 for a in authors.values() if a.created_at]
    assert sorted(years)[len(years) // 2] > 1.5  # most accounts are years old
    assert any(a.bio == "" for a in authors.values()) and any(a.bio for a in authors.values())
    assert any(re.search(r"[\u4e00-\u9fff]", a.name or "") for a in authors.values())
    assert any(re.search(r"[\u0600-\u06ff]", a.name or "") for a in authors.values())


# -- scenarios ------------------------------------------------------------------------------
def test_false_report_negative_surge_and_top_post(streams) -> None:
    sim, posts = streams["false_report"]
    t0 = sim.start + sim.event_at

    def negative(start: datetime, end: datetime) -> int:
        return sum(
            1 for p in posts
            if start <= p.created_at < end and sim_of(p)["about_brand"]
            and sim_of(p)["sentiment"] == "negative"
        )  # fmt: skip

    before = negative(t0 - timedelta(hours=1), t0)
    after = negative(t0, t0 + timedelta(hours=1))
    assert after > 10 * max(before, 1)
    # Visible at once (S1: an alert within 60 s): the first five minutes already hold
    # tens of times the usual number.
    assert negative(t0, t0 + timedelta(minutes=5)) > 10 * max(before, 1) / 12
    # The story starts as an article, and one big account's post is reposted far more than
    # any other.
    first = next(p for p in posts if sim_of(p)["event"] == "false_report")
    assert first.kind == "article" and first.created_at == t0
    reposts = collections.Counter(p.repost_of for p in posts if p.kind == "repost")
    (_, count), (_, second) = reposts.most_common(2)
    assert count > 2 * second
    assert any("致癌" in p.text for p in posts if p.platform == "weibo")
    statement = [p for p in posts if p.author.handle == "Aurelia" and sim_of(p)["event"]]
    assert statement and min(p.created_at for p in statement) > t0 + timedelta(hours=1)
    kinds = {e["kind"] for e in sim.truth()}
    assert kinds == {"negative_surge", "campaign"}


def test_storm_customers_write_publicly_privately_and_again(streams) -> None:
    sim, posts = streams["storm"]
    storm = [
        p
        for p in posts
        if sim_of(p)["event"] == "storm" and not p.author.handle.startswith("Skylark")
    ]
    dms = [p for p in storm if p.kind == "dm"]
    assert dms and all(p.to_account == "SkylarkHelp" for p in dms)
    assert sum(1 for p in storm if p.mentions and "SkylarkHelp" in p.mentions) > 100
    per_customer = collections.Counter(p.author.native_id for p in storm)
    assert sum(1 for n in per_customer.values() if n >= 2) > 50
    reasons = collections.Counter(sim_of(p).get("reason") for p in storm)
    assert {"cancellation", "baggage", "booking", "staff"} <= set(reasons)
    agents = [p for p in posts if p.author.handle == "SkylarkHelp"]
    assert any(p.kind == "dm" for p in agents) and any(p.kind == "reply" for p in agents)
    assert [e["kind"] for e in sim.truth()] == ["complaint_surge"]


def test_water_army_is_coordinated_and_the_organic_wave_is_not(streams) -> None:
    sim, posts = streams["water_army"]
    campaign = next(e for e in sim.truth() if e["kind"] == "campaign")
    accounts = set(campaign["accounts"])
    assert 30 <= len(accounts) <= 60
    paid = [p for p in posts if sim_of(p)["coordinated"]]
    assert {p.author.native_id for p in paid} == accounts
    for post in paid:
        assert sim_of(post)["campaign"] == "wa-1"
        assert timedelta(0) < sim.start - post.author.created_at < timedelta(days=14)
        assert (post.author.followers or 0) < 100
    # Bursts: each 5-minute window of one platform holds near-identical texts.
    windows = collections.defaultdict(list)
    for post in paid:
        windows[(post.platform, int((post.created_at - sim.start).total_seconds() // 300))].append(
            post
        )
    assert len(windows) >= 8
    similarity = [
        difflib.SequenceMatcher(None, a.text, b.text).ratio()
        for group in windows.values() for a, b in itertools.combinations(group[:10], 2)
    ]  # fmt: skip
    assert sum(similarity) / len(similarity) > 0.7
    assert max(len(group) for group in windows.values()) >= 10
    # The real complaints at the same time are ordinary people, in their own words.
    organic = [p for p in posts if sim_of(p)["event"] == "new_formula"]
    assert len(organic) > 200
    assert not any(sim_of(p)["coordinated"] for p in organic)
    assert not {p.author.native_id for p in organic} & accounts
    texts = [p.text for p in organic if p.kind == "post"][:40]
    organic_similarity = [
        difflib.SequenceMatcher(None, a, b).ratio() for a, b in itertools.combinations(texts, 2)
    ]
    assert sum(organic_similarity) / len(organic_similarity) < 0.45
    start = datetime.fromisoformat(campaign["start"])
    assert all(p.created_at >= start for p in paid)


def test_truth_names_the_events_posts_carry(streams) -> None:
    for name, (sim, posts) in streams.items():
        events = {e["event"] for e in sim.truth()}
        carried = {sim_of(p)["event"] for p in posts} - {None}
        assert carried <= events, name
        for event in sim.truth():
            start, end = (
                datetime.fromisoformat(event["start"]),
                datetime.fromisoformat(event["end"]),
            )
            assert sim.start <= start < end <= sim.start + sim.duration
            assert event["kind"] in {"negative_surge", "complaint_surge", "campaign"}
            assert event["topic"]
    assert streams["baseline"][0].truth() == []


# -- arguments ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scenario": "tornado"}, "known scenarios: baseline, false_report, storm, water_army"),
        ({"duration": timedelta(0)}, "duration must be positive"),
        ({"duration": timedelta(hours=-1)}, "duration must be positive"),
        ({"event_at": timedelta(hours=30)}, "event_at must be"),
        ({"event_at": timedelta(hours=-1)}, "event_at must be"),
        ({"rate": 0}, "rate must be a positive number"),
        ({"rate": float("nan")}, "rate must be a positive number"),
        ({"start": datetime(2026, 3, 2)}, "has no time zone"),
        ({"campaign_gap": timedelta(seconds=5)}, "campaign_gap must be from 1 minute"),
        ({"campaign_start": timedelta(days=2)}, "campaign_start must be within a day"),
    ],
)
def test_bad_arguments_are_refused_with_a_reason(kwargs: dict, message: str) -> None:
    scenario = kwargs.pop("scenario", "false_report")
    with pytest.raises(ValueError, match=re.escape(message)):
        Simulator(scenario, **kwargs)


def test_a_short_run_still_has_its_event_and_start_is_honoured() -> None:
    start = datetime(2026, 7, 4, 12, 30, tzinfo=UTC)
    sim = Simulator("false_report", rate=2.0, start=start, duration=timedelta(hours=2))
    posts = list(sim.posts())
    assert posts[0].created_at >= start
    assert any(sim_of(p)["event"] == "false_report" for p in posts)
    assert sim.truth()[0]["start"] == "2026-07-04T13:30:00Z"


def test_the_demo_moves_the_paid_posters_bursts_before_the_event() -> None:
    """`make run` starts the S1 campaign early and regularly; the scenario's own plan is kept
    for everything else (same truth kinds, same accounts)."""
    start = datetime(2026, 7, 4, tzinfo=UTC)
    plain = Simulator("false_report", start=start, duration=timedelta(hours=4))
    demo = Simulator(
        "false_report", start=start, duration=timedelta(hours=4),
        campaign_start=timedelta(minutes=-34), campaign_gap=timedelta(minutes=11),
    )  # fmt: skip
    event = start + demo.event_at
    [campaign] = [e for e in demo.truth() if e["kind"] == "campaign"]
    [usual] = [e for e in plain.truth() if e["kind"] == "campaign"]
    assert campaign["start"] == (event - timedelta(minutes=34)).isoformat().replace("+00:00", "Z")
    assert usual["start"] > campaign["start"]
    bursts = demo._campaign.bursts  # type: ignore[union-attr]
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(bursts)]
    assert all(660 <= g <= 726 for g in gaps)


# -- the phrasebank -------------------------------------------------------------------------
def test_every_template_has_every_language_and_only_known_slots() -> None:
    token = re.compile(r"\{([^{}|]*)\}")
    for lang in pb.LANGS:
        for key in ("complaint", "question", "request", "praise", "mention", "chatter"):
            assert len(pb.FRAMES[lang][key]) >= (15 if lang in ("en", "zh") else 6), (lang, key)
        for domain in ("care", "air"):
            vocab = set(pb.DOMAIN[lang][domain]) | set(pb.TALK[lang])
            known = vocab | MADE_UP_SLOTS | CONTEXT_SLOTS
            events = [
                k
                for k in pb.EVENT[lang]
                if k.startswith("st_" if domain == "air" else ("fr_", "wa_"))
            ]
            threads = [
                v for k, v in pb.THREADS[lang].items() if k.startswith("st_") == (domain == "air")
            ]
            lines = [
                line
                for table in (pb.FRAMES[lang], pb.DOMAIN[lang][domain])
                for v in table.values()
                for line in v
            ]
            lines += [line for k in events for line in pb.EVENT[lang][k]]
            lines += [line for v in threads for line in v]
            for line in lines:
                for slot in token.findall(line):
                    assert slot.lower() in known, f"{lang}/{domain}: unknown {{{slot}}} in {line!r}"
    for key in ("fr_share", "fr_fear", "fr_anger", "fr_request", "fr_skeptic", "fr_relief",
                "st_complaint", "st_question", "st_request", "st_dm", "wa_incident"):  # fmt: skip
        assert all(pb.EVENT[lang].get(key) for lang in pb.LANGS), key


# -- the interchange contract ----------------------------------------------------------------
@pytest.mark.skipif(not SCHEMA.exists(), reason=f"{SCHEMA} is absent (no ../shared here)")
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_post_validates_against_the_interchange_schema(name: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    decoder = Decoder()
    # A quieter run than the shared ones: validation is slow, and every post is checked.
    posts = list(Simulator(name, seed=3, rate=1.0).posts())
    assert len(posts) > 500
    for post in posts:
        record = to_record(post)
        errors = list(validator.iter_errors(record))
        assert not errors, f"{post.key}: {errors[0].message}"
        assert decoder.decode_record(record).key == post.key
