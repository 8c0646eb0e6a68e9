"""Campaigns: groups of accounts that act together, repeatedly, in tight bursts.

One pass over posts in stream time (their own ``created_at``). Each post gives *events*, one
per signal it carries:

* ``text``: its near-duplicate cluster (``dup_cluster`` from :mod:`parley.enrich.dedup`:
  near-copies, MinHash Jaccard >= 0.6 of character shingles, URLs, mentions and emoji
  ignored);
* ``repost``: the post it reposts; ``reply``: the post it replies to;
* ``link``: each URL it carries; ``tags``: its hashtag set when it has two or more (an
  unusual sequence; one common hashtag says nothing).

Two accounts **co-act** when they have events on the same key within ``window`` seconds of
each other. Co-actions of a pair less than ``occasion_gap`` seconds apart are one
*occasion*. Organic bursts (customers complaining about one incident at the same time, in
their own words, or even with the same stock phrase) make pairs that co-act once; paid
posters make pairs that co-act on occasion after occasion. So only pairs with at least
``min_occasions`` occasions become edges of the account network, weighted by occasions;
communities of that network (Louvain, networkx, fixed seed) with at least ``min_accounts``
accounts are candidate campaigns, each scored from 0 to 1 (see :func:`score`) and explained
in words and numbers. Account traits (age, posts per day, followers/following, a word plus
many digits as a name, an empty bio) only add to the score; they never make a campaign.

Memory and time are bounded by caps (all in :class:`Params`): at most ``max_key_events``
recent events per key (a retweet storm of a million identical posts compares each post with
at most that many), at most ``max_account_posts`` post ids kept per account (one account
posting thousands of times), pairs that stay below ``min_occasions`` are forgotten after
``pair_horizon`` seconds, and at most ``max_pairs`` pairs are kept (beyond, the
single-occasion pairs go first).
"""

from __future__ import annotations

import math
import re
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import networkx as nx

from parley.domain import Author, Post

DAY = 86_400.0
_DIGITS = re.compile(r"\d{4,}$")


@dataclass(frozen=True, slots=True)
class Params:
    """Every knob of the detector (docs/water-army.md explains each)."""

    window: float = 120.0  # seconds: two events on one key this close are a co-action
    occasion_gap: float = 600.0  # seconds: co-actions of a pair closer than this are one occasion
    min_occasions: int = 3  # a pair needs this many occasions to be an edge
    min_accounts: int = 3  # a campaign has at least this many accounts
    min_score: float = 0.55  # campaigns scoring less are not reported
    max_key_events: int = 64  # recent events kept per key (retweet storms)
    max_account_posts: int = 200  # post ids kept per account (evidence)
    max_pair_occasions: int = 64  # occasion times kept per pair
    pair_horizon: float = 2 * DAY  # seconds before a pair below min_occasions is forgotten
    max_pairs: int = 500_000
    max_partners: int = 32  # distinct earlier accounts an event is compared with
    young_days: float = 30.0  # an account younger than this is "young" (a weak trait)
    busy_per_day: float = 50.0  # more posts a day than this is "busy" (a weak trait)
    resolution: float = 0.3  # Louvain resolution: lower merges loosely linked subgroups


# A pair is one flat list (one allocation: a storm creates millions, and the garbage
# collector's cost grows with every container): [last time, sum of gaps, gaps counted,
# co-actions per signal (5 counters, in SIGNALS order), occasion times...]
SIGNALS = ("text", "repost", "reply", "link", "tags")
_SIG = {name: 3 + i for i, name in enumerate(SIGNALS)}
_OCC = 3 + len(SIGNALS)
_SIG_ITEMS = tuple(_SIG.items())
_TEXTS_FLOOR = 50_000  # coordinated posts' texts kept before the first clean-up
_ACCOUNTS_FLOOR = 200_000  # accounts kept before the first clean-up
_TAG_RE = re.compile(r"#(\w+)")
_AT_RE = re.compile(r"@(\w+)")


def _words(text: str) -> tuple[str, ...]:
    """A text's #tags, then its @mentions, as a campaign's topics count them."""
    return tuple("#" + t for t in _TAG_RE.findall(text)) + tuple(
        "@" + m for m in _AT_RE.findall(text)
    )


def _occasions(pair: list[float]) -> int:
    return len(pair) - _OCC


@dataclass(slots=True)
class _Account:
    platform: str
    native_id: str
    author: Author | None
    first: float
    last: float
    posts: int = 0
    coordinated_posts: dict[str, None] = field(default_factory=dict)  # ordered, capped


@dataclass(slots=True)
class Campaign:
    """A group of accounts acting together, with its evidence."""

    accounts: list[str]  # "platform:author id"
    posts: list[str]  # "platform:native id" of the posts that co-acted
    first_at: datetime
    last_at: datetime
    score: float
    summary: str
    evidence: dict[str, Any]
    topics: list[str]
    stance: str | None
    id: int | None = None  # set once stored
    status: str = "suspected"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "score": round(self.score, 3),
            "accounts": self.accounts,
            "posts": self.posts,
            "first_at": _iso(self.first_at),
            "last_at": _iso(self.last_at),
            "summary": self.summary,
            "topics": self.topics,
            "stance": self.stance,
            "evidence": self.evidence,
        }


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _when(t: float) -> datetime:
    return datetime.fromtimestamp(t, UTC)


def post_keys(post: Post, enrichment: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    """The (signal, key) events of one post."""
    out: list[tuple[str, str]] = []
    cluster = (enrichment or {}).get("dup_cluster")
    if cluster:
        out.append(("text", f"d:{cluster}"))
    if post.repost_of:
        out.append(("repost", f"r:{post.platform}:{post.repost_of}"))
    if post.reply_to:
        out.append(("reply", f"p:{post.platform}:{post.reply_to}"))
    if post.urls and not post.repost_of:
        for url in dict.fromkeys(u for u in post.urls if u):
            out.append(("link", f"u:{url}"))
    if post.hashtags and len(post.hashtags) >= 2:
        out.append(("tags", "t:" + ",".join(sorted({h.casefold() for h in post.hashtags}))))
    return out


class Coordinator:
    """The incremental state: recent events per key, pair occasions, accounts. Feed posts in
    (roughly) time order with :meth:`add`; ask for :meth:`campaigns` whenever."""

    def __init__(self, params: Params | None = None) -> None:
        self.p = params or Params()
        self._keys: dict[str, deque[tuple[float, str, str]]] = {}
        self._unordered: set[str] = set()  # keys with an event older than the one before it
        self._pairs: dict[tuple[str, str], list[float]] = {}
        self._accounts: dict[str, _Account] = {}
        # post key -> (text, sentiment, its #tags and @mentions), for coordinated posts
        self._texts: dict[str, tuple[str, str | None, tuple[str, ...]]] = {}
        self._texts_limit = _TEXTS_FLOOR  # when to drop the texts no account remembers
        self._accounts_limit = _ACCOUNTS_FLOOR  # when to drop accounts that hold nothing
        self.newest = -math.inf
        self.posts_seen = 0
        self.no_author = 0
        self._next_sweep = -math.inf
        # No pair's last co-action is older than this (a pair's last time only grows), so a
        # sweep whose horizon is not past it has no pair to forget and skips the rebuild.
        self._pairs_floor = math.inf

    # -- feeding -----------------------------------------------------------------------
    def add(self, post: Post, enrichment: dict[str, Any] | None = None) -> None:
        self.posts_seen += 1
        author = post.author
        if author is None or not author.native_id:
            self.no_author += 1
            return
        t = post.created_at.timestamp()
        if t > self.newest:
            self.newest = t
        account = f"{post.platform}:{author.native_id}"
        state = self._accounts.get(account)
        if state is None:
            state = self._accounts[account] = _Account(
                post.platform, author.native_id, author, t, t
            )
        else:
            state.author = author
            state.first, state.last = min(state.first, t), max(state.last, t)
        state.posts += 1
        pkey = f"{post.platform}:{post.native_id}"
        coacted = False
        p = self.p
        window, partners = p.window, p.max_partners
        keys, accounts, unordered = self._keys, self._accounts, self._unordered
        # The hot loop (a storm compares each post with up to `max_partners` others): what
        # `_coact` and `_remember` do, inlined, since their calls were a third of its cost.
        pairs, gap_limit, keep = self._pairs, p.occasion_gap, p.max_pair_occasions
        max_posts = p.max_account_posts
        for signal, key in post_keys(post, enrichment):
            events = keys.get(key)
            if events is None:
                events = keys[key] = deque(maxlen=p.max_key_events)
            elif events:
                seen: set[str] = set()
                slot = _SIG[signal]
                # Newest first; in a key whose events came in time order, the first one
                # older than the window means all the rest are too.
                ordered = key not in unordered
                for t2, other, other_post in reversed(events):
                    gap = t - t2 if t >= t2 else t2 - t
                    if gap > window:
                        if ordered and t2 < t:
                            break
                        continue
                    if other == account or other in seen:
                        continue
                    if len(seen) >= partners:
                        break
                    seen.add(other)
                    pair_key = (account, other) if account < other else (other, account)
                    pair = pairs.get(pair_key)
                    if pair is None:
                        if len(pairs) >= p.max_pairs:
                            self._shed()
                            pairs = self._pairs
                        pair = pairs[pair_key] = [t, 0.0, 0, 0, 0, 0, 0, 0, t]
                        if t < self._pairs_floor:
                            self._pairs_floor = t
                    elif abs(t - pair[-1]) > gap_limit:
                        if len(pair) - _OCC < keep:
                            pair.append(t)
                        else:
                            pair[-1] = t
                    pair[slot] += 1
                    pair[1] += gap
                    pair[2] += 1
                    if t > pair[0]:
                        pair[0] = t
                    posts = accounts[other].coordinated_posts
                    if other_post not in posts:
                        posts[other_post] = None
                        if len(posts) > max_posts:
                            del posts[next(iter(posts))]
                    coacted = True
                if t < events[-1][0]:
                    unordered.add(key)
            events.append((t, account, pkey))
        if coacted:
            self._remember(account, pkey)
            if pkey not in self._texts:
                sentiment = (enrichment or {}).get("sentiment")
                if isinstance(sentiment, dict):
                    sentiment = sentiment.get("label")
                text = post.text[:500]
                self._texts[pkey] = (
                    text,
                    sentiment if isinstance(sentiment, str) else None,
                    _words(text),
                )
                if len(self._texts) > self._texts_limit:
                    self._forget_texts()
        if t >= self._next_sweep:
            self.sweep()
            self._next_sweep = t + 600.0

    def _remember(self, account: str, pkey: str) -> None:
        posts = self._accounts[account].coordinated_posts
        if pkey not in posts:
            posts[pkey] = None
            if len(posts) > self.p.max_account_posts:
                del posts[next(iter(posts))]

    def sweep(self) -> None:
        """Forget keys with no event in the window and pairs that stayed weak too long."""
        now = self.newest
        window = self.p.window
        self._keys = {k: v for k, v in self._keys.items() if v and v[-1][0] >= now - window}
        self._unordered.intersection_update(self._keys)
        horizon = now - self.p.pair_horizon
        if len(self._accounts) > self._accounts_limit:
            self._forget_accounts(horizon)
        if horizon <= self._pairs_floor:
            return  # every pair co-acted within the horizon
        need = self.p.min_occasions
        self._pairs = {
            k: v for k, v in self._pairs.items() if len(v) - _OCC >= need or v[0] >= horizon
        }
        self._pairs_floor = min((v[0] for v in self._pairs.values()), default=math.inf)

    def _forget_accounts(self, horizon: float) -> None:
        """Drop the accounts that hold nothing a campaign could use: in no pair, in no event
        still in the window, no co-acting post remembered, and quiet since `horizon`. One seen
        again starts afresh. Run when the table has doubled since the last time, so a stream
        with ever new authors does not grow it for as long as it runs."""
        keep = {a for pair in self._pairs for a in pair}
        keep.update(account for events in self._keys.values() for _, account, _ in events)
        self._accounts = {
            a: state
            for a, state in self._accounts.items()
            if a in keep or state.coordinated_posts or state.last >= horizon
        }
        self._accounts_limit = max(_ACCOUNTS_FLOOR, 2 * len(self._accounts))

    def _forget_texts(self) -> None:
        """Keep the texts of the posts some account still remembers (each keeps its last
        `max_account_posts`); the rest can never be shown again. Run when the table has
        doubled since the last time, so its cost per post stays constant."""
        kept = {pk for state in self._accounts.values() for pk in state.coordinated_posts}
        self._texts = {pk: v for pk, v in self._texts.items() if pk in kept}
        self._texts_limit = max(_TEXTS_FLOOR, 2 * len(self._texts))

    def _shed(self) -> None:
        need = self.p.min_occasions
        self._pairs = {
            k: v for k, v in self._pairs.items() if len(v) - _OCC > 1 or len(v) - _OCC >= need
        }
        if len(self._pairs) >= self.p.max_pairs:  # still full: keep the strongest half
            ranked = sorted(self._pairs.items(), key=lambda kv: len(kv[1]), reverse=True)
            self._pairs = dict(ranked[: self.p.max_pairs // 2])
        # (the floor stays a lower bound: shedding only removes pairs)

    def stats(self) -> dict[str, int]:
        return {
            "posts": self.posts_seen,
            "no_author": self.no_author,
            "accounts": len(self._accounts),
            "keys": len(self._keys),
            "pairs": len(self._pairs),
        }

    # -- campaigns ---------------------------------------------------------------------
    def graph(self) -> nx.Graph:
        g = nx.Graph()
        need = self.p.min_occasions
        for (a, b), pair in self._pairs.items():
            if len(pair) - _OCC >= need:
                g.add_edge(a, b, weight=len(pair) - _OCC)
        return g

    def campaigns(self, *, min_score: float | None = None) -> list[Campaign]:
        """The campaigns in the current state, best first."""
        g = self.graph()
        if g.number_of_edges() == 0:
            return []
        floor = self.p.min_score if min_score is None else min_score
        out = []
        for component in nx.connected_components(g):
            if len(component) < self.p.min_accounts:
                continue
            sub = g.subgraph(component)
            groups = (
                [set(component)]
                if len(component) <= 4
                else nx.community.louvain_communities(
                    sub, weight="weight", resolution=self.p.resolution, seed=0
                )
            )
            for group in groups:
                if len(group) >= self.p.min_accounts:
                    campaign = self._campaign(sorted(group), g, floor)
                    if campaign is not None:
                        out.append(campaign)
        out.sort(key=lambda c: (-c.score, -len(c.accounts)))
        return out

    def _campaign(self, accounts: list[str], g: nx.Graph, floor: float) -> Campaign | None:
        """The group as a campaign, or None if it scores under `floor` (what only a
        campaign needs, its posts, topics and words, is worked out after the score)."""
        p = self.p
        members = set(accounts)
        pairs = []
        for a in accounts:
            for b in g.neighbors(a):
                if b in members and a < b:
                    pairs.append(self._pairs[(a, b)])
        n = len(accounts)
        possible = n * (n - 1) / 2
        density = len(pairs) / possible if possible else 0.0
        edge_occasions = sorted(_occasions(x) for x in pairs)
        median_occ = edge_occasions[len(edge_occasions) // 2]
        gaps = sorted(x[1] / x[2] for x in pairs if x[2])
        median_gap = gaps[len(gaps) // 2] if gaps else 0.0
        traits = self._traits(accounts)
        s, parts = score(median_occ, density, n, median_gap, traits["share"], p)
        if s < floor:
            return None
        signals: Counter[str] = Counter()
        for x in pairs:
            for name, k in _SIG_ITEMS:
                if x[k]:
                    signals[name] += x[k]
        # Group occasions: co-action times of the group's pairs, merged within occasion_gap.
        times = sorted(t for x in pairs for t in x[_OCC:])
        occasions: list[list[float]] = []
        for t in times:
            if occasions and t - occasions[-1][-1] <= p.occasion_gap:
                occasions[-1].append(t)
            else:
                occasions.append([t])
        posts = sorted({pk for a in accounts for pk in self._accounts[a].coordinated_posts})
        first = min(self._accounts[a].first for a in accounts)
        last = max(self._accounts[a].last for a in accounts)
        if times:
            first, last = times[0], times[-1]
        topics, stance = self._topics(posts)
        what = {
            "text": "posted near-identical texts",
            "repost": "reposted the same posts",
            "reply": "replied to the same posts",
            "link": "shared the same links",
            "tags": "used the same hashtag sets",
        }
        doing = " and ".join(what[k] for k, _ in signals.most_common(2)) or "acted together"
        summary = (
            f"{n} accounts {doing} within {p.window:.0f} s of each other on "
            f"{len(occasions)} occasions (median pair: {median_occ} occasions, median "
            f"{median_gap:.0f} s apart; {len(pairs)} of {possible:.0f} pairs linked)"
        )
        if traits["young"]:
            summary += f"; {traits['young']} of them are under {p.young_days:.0f} days old"
        if traits["digit_names"]:
            summary += f"; {traits['digit_names']} have a name ending in 4+ digits"
        if traits["busy"]:
            summary += f"; {traits['busy']} post over {p.busy_per_day:.0f} times a day"
        summary += f". Score {s:.2f}."
        evidence = {
            "accounts": n,
            "occasions": len(occasions),
            "median_pair_occasions": median_occ,
            "pairs_linked": len(pairs),
            "pairs_possible": int(possible),
            "density": round(density, 3),
            "median_gap_seconds": round(median_gap, 1),
            "signals": dict(signals),
            "traits": traits,
            "score_parts": parts,
            "occasion_times": [_iso(_when(o[0])) for o in occasions[:50]],
        }
        return Campaign(
            accounts=accounts,
            posts=posts,
            first_at=_when(first),
            last_at=_when(last),
            score=s,
            summary=summary,
            evidence=evidence,
            topics=topics,
            stance=stance,
        )

    def _traits(self, accounts: Sequence[str]) -> dict[str, Any]:
        young = digit_names = empty_bio = busy = lopsided = 0
        p = self.p
        for a in accounts:
            state = self._accounts[a]
            author = state.author
            if author is None:
                continue
            if author.created_at is not None:
                age = (state.last - author.created_at.timestamp()) / DAY
                if age < p.young_days:
                    young += 1
                if (
                    author.posts_count is not None
                    and age > 0
                    and author.posts_count / max(age, 1.0) > p.busy_per_day
                ):
                    busy += 1
            name = author.handle or author.name or ""
            if _DIGITS.search(name):
                digit_names += 1
            if author.bio is not None and not author.bio.strip():
                empty_bio += 1
            if (
                author.followers is not None
                and author.following
                and author.followers * 10 < author.following
            ):
                lopsided += 1
        n = max(len(accounts), 1)
        share = (young + digit_names + empty_bio + busy + lopsided) / (5 * n)
        return {
            "young": young,
            "digit_names": digit_names,
            "empty_bio": empty_bio,
            "busy": busy,
            "few_followers": lopsided,
            "share": round(share, 3),
        }

    def _topics(self, posts: Sequence[str]) -> tuple[list[str], str | None]:
        words: Counter[str] = Counter()
        labels: Counter[str] = Counter()
        samples: Counter[str] = Counter()
        texts = self._texts
        for pk in posts:
            found = texts.get(pk)
            if found is None:
                continue
            samples[found[0]] += 1
            words.update(found[2])
            if found[1]:
                labels[found[1]] += 1
        topics = [w for w, _ in words.most_common(6)]
        if samples:
            topics.append(samples.most_common(1)[0][0][:160])
        stance = None
        if labels:
            label, count = labels.most_common(1)[0]
            stance = f"{label} ({count} of {sum(labels.values())} posts)"
        return topics, stance

    def account_posts(self, account: str) -> list[str]:
        state = self._accounts.get(account)
        return list(state.coordinated_posts) if state else []


def score(
    median_occasions: int,
    density: float,
    accounts: int,
    median_gap: float,
    trait_share: float,
    p: Params,
) -> tuple[float, dict[str, float]]:
    """0..1: repetition (how many occasions a typical pair shares) weighs most, then how
    densely the group is linked, its size, how tight the timing is, and account traits (weak:
    at most 0.15, never enough alone)."""
    repetition = 1.0 - math.exp(-(median_occasions - 1) / 3.0)
    size = 1.0 - math.exp(-(accounts - 2) / 4.0)
    sync = 1.0 - min(median_gap / p.window, 1.0)
    parts = {
        "repetition": round(0.35 * repetition, 3),
        "density": round(0.25 * density, 3),
        "size": round(0.15 * size, 3),
        "sync": round(0.10 * sync, 3),
        "traits": round(0.15 * min(trait_share * 2, 1.0), 3),
    }
    return min(1.0, sum(parts.values())), parts


def detect(
    posts: Iterable[Post],
    params: Params | None = None,
    *,
    enrichments: Iterable[dict[str, Any]] | None = None,
    sentiment: bool = True,
) -> tuple[list[Campaign], Coordinator]:
    """Batch: campaigns in posts (any order; sorted by time here). Runs the near-duplicate
    enricher (and sentiment, for the stance, unless ``sentiment`` is False) when no
    enrichments are given."""
    from parley.enrich.dedup import NearDuplicateEnricher

    items = sorted(posts, key=lambda p: p.created_at)
    if enrichments is None:
        dedup = NearDuplicateEnricher()
        enr: list[dict[str, Any]] = []
        for i in range(0, len(items), 5000):
            enr.extend(dedup.transform_many(items[i : i + 5000]))
    else:
        enr = list(enrichments)
    coordinator = Coordinator(params)
    for post, e in zip(items, enr, strict=True):
        coordinator.add(post, e)
    found = coordinator.campaigns()
    if sentiment and found:
        _add_stance(found, coordinator)
    return found, coordinator


def _add_stance(found: list[Campaign], coordinator: Coordinator) -> None:
    """Sentiment of each campaign's posts with the shipped model, as its stance."""
    from parley.enrich.sentiment import load_sentiment_model

    model = load_sentiment_model("default")
    for campaign in found:
        texts = [coordinator._texts[pk][0] for pk in campaign.posts if pk in coordinator._texts]
        if not texts:
            continue
        labels = Counter(s.label for s in model.predict_many(texts, explain=False))
        label, count = labels.most_common(1)[0]
        campaign.stance = f"{label} ({count} of {len(texts)} posts)"


__all__ = ["Campaign", "Coordinator", "Params", "detect", "post_keys", "score"]
