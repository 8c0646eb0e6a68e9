"""The early-warning engine: counts what the pipeline stored, by scope and stream minute, and
runs the detectors each time a minute closes (docs/detection.md).

A *scope* is the whole organisation (`*`, every post) or one topic. Stream time is the posts'
own `created_at`: the clock is the newest post seen; a minute closes once the clock is
`LATENESS` past its end, so posts arriving a little out of order still count. Older posts are
counted as late and ignored by the detectors, posts from far in the future are held back until
enough agree that time really jumped (a source's clock gone wrong must not close a day of
minutes at once), and a jump over a gap is not taught to the baselines as silence.

Alerts go through an `AlertTracker`: one alert per surge (updated while it lasts, closed when
calm), cool-down, suppression and an alert-storm cap, each explained in docs/detection.md.
"""

from __future__ import annotations

import collections
import functools
import heapq
import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import msgspec

from parley.detect.model import (
    BUILD_UP_HOURS,
    BUILD_UP_MAX_RUN,
    SEVERITIES,
    WINDOWS,
    NegativeDetector,
    Score,
    Thresholds,
    VolumeDetector,
    severity_of,
)
from parley.domain import Post

ORG = "*"
LATENESS = 60  # seconds a minute stays open for posts that arrive out of order
MAX_JUMP_MINUTES = 6 * 60  # a clock jump larger than this needs JUMP_CONFIRM posts to agree
JUMP_CONFIRM = 20
GAP_MINUTES = 60  # closing more empty minutes than this at once is a gap, not silence
RECENT_POSTS = 600  # per scope, for the evidence (top posts, authors, languages ...)
TERM_WINDOW = 60  # minutes of terms compared with the background
TERM_SAMPLE = 40  # posts per scope and minute whose terms are counted (more are scaled)
TERM_HALF_LIFE_HOURS = 72.0
MAX_TERMS_PER_SCOPE = 200_000
MIN_BACKGROUND_POSTS = 300  # emerging terms need this much history to compare against
VIRAL_WINDOW = 15  # minutes
MAX_TARGETS = 100_000  # posts whose reposts and replies are followed (least recent dropped)
MAX_ORIGINALS = 50_000
CALM_MINUTES = 20  # an alert closes after this long below its calm level
COOLDOWN_MINUTES = 60  # a flare-up within this long after closing reopens the same alert
DISMISSED_COOLDOWN_MINUTES = 6 * 60  # ... and after a person dismissed it, this long
STORM_CAP = 8  # at most this many new alerts per scope per 24 h of stream time
UPDATE_EVERY = 5  # minutes between writes of an open alert that has not changed severity


@dataclass
class AlertState:
    """An alert as the engine keeps it; sinks store or print it."""

    kind: str
    topic: str
    key: str
    severity: str
    score: float
    title: str
    summary: str
    evidence: dict[str, Any]
    fired_at: datetime
    updated_at: datetime
    closed_at: datetime | None = None
    state: str = "open"
    id: int | None = None
    peak_ratio: float = 0.0
    posts: int = 0
    last_active: int = 0  # stream minute
    last_written: int = 0
    opened_minute: int = 0


class AlertSink(Protocol):
    def open(self, alert: AlertState) -> int: ...
    def update(self, alert: AlertState, *, escalated: bool) -> None: ...
    def close(self, alert: AlertState) -> None: ...
    def dismissed(self, alert: AlertState) -> bool: ...
    def refresh(self) -> None: ...  # a round of minutes begins: read dismissals afresh

    # A sink may also have `flush()`: the engine calls it when a round of minutes has been
    # closed, so a sink may hold plain updates until then (StoreSink does).


class MemorySink:
    """Keeps alerts in a list (backtests, tests)."""

    def __init__(self) -> None:
        self.alerts: list[AlertState] = []

    def open(self, alert: AlertState) -> int:
        self.alerts.append(alert)
        return len(self.alerts)

    def update(self, alert: AlertState, *, escalated: bool) -> None:
        pass

    def close(self, alert: AlertState) -> None:
        pass

    def dismissed(self, alert: AlertState) -> bool:
        return False

    def refresh(self) -> None:
        pass


class PostRef:
    """What the evidence needs of a post. Built for every post and scope, so it only holds
    references; the words and numbers are worked out when evidence is written (rarely)."""

    __slots__ = ("lang", "minute", "post", "sentiment", "terms")

    def __init__(
        self, minute: int, post: Post, sentiment: str, lang: str, terms: tuple[str, ...]
    ) -> None:
        self.minute = minute
        self.post = post
        self.sentiment = sentiment
        self.lang = lang
        self.terms = terms

    @property
    def key(self) -> str:
        return f"{self.post.platform}:{self.post.native_id}"

    @property
    def author_key(self) -> str:
        author = self.post.author
        return f"{self.post.platform}:{author.native_id}" if author else self.key

    @property
    def text(self) -> str:
        post = self.post
        return (post.title + " — " if post.title else "") + post.text[:280]

    @property
    def author(self) -> str:
        author = self.post.author
        return (author.name or author.handle or author.native_id) if author else "(unknown)"

    @property
    def handle(self) -> str | None:
        return self.post.author.handle if self.post.author else None

    @property
    def followers(self) -> int:
        return (self.post.author.followers or 0) if self.post.author else 0

    @property
    def platform(self) -> str:
        return self.post.platform

    @property
    def engagement(self) -> int:
        metrics = self.post.metrics
        return (metrics.reposts or 0) + (metrics.replies or 0) if metrics else 0


@functools.lru_cache(maxsize=4096)  # each evidence written names the last hour's minutes
def _iso(minute: int) -> str:
    return datetime.fromtimestamp(minute * 60, UTC).isoformat().replace("+00:00", "Z")


def _stamp(minute: int) -> datetime:
    return datetime.fromtimestamp(minute * 60, UTC)


class Scope:
    """Everything the detectors keep for one scope."""

    def __init__(self, name: str, thresholds: Thresholds, first_minute: int) -> None:
        self.name = name
        self.thresholds = thresholds
        self.born = first_minute
        self.volume = VolumeDetector()
        self.negative = NegativeDetector(self.volume)
        self.open: dict[int, list[int]] = {}  # minute -> [posts, negative]
        self.history: collections.deque[tuple[int, int, int, float]] = collections.deque(
            maxlen=max(WINDOWS)
        )  # (minute, posts, negative, expected)
        self.hour = first_minute // 60
        self.hour_posts = 0
        self.hour_negative = 0
        self.hour_minutes = 0
        self.hour_alerted = False
        self.hour_neg_alerted = False
        # A negative build-up CUSUM above half its bar this hour: unless an alert was open (then
        # the alerts' caps apply) the hour is held back from the baselines, and taught once an
        # hour closes with no CUSUM that high (the rise was normal wandering after all).
        self.hour_neg_building = False
        # Held hours: (hour, posts per full hour, negative posts, posts), oldest first.
        self.held: collections.deque[tuple[int, float, int, int]] = collections.deque()
        self.negative_open = False  # as the tracker said last minute
        self.last_post_minute = first_minute
        self.recent: collections.deque[PostRef] = collections.deque(maxlen=RECENT_POSTS)
        # Running sums of the history for each window: [posts, negative, expected].
        self.sums: dict[int, list[float]] = {w: [0.0, 0.0, 0.0] for w in WINDOWS}
        # Terms: per open minute the sampled posts' terms, the window's total, the background.
        self.minute_terms: dict[int, list[tuple[str, ...]]] = {}
        # Terms of this hour and the last (counted in C, by Counter.update); the last hour
        # weighs by the part of it still inside the sliding hour. [posts, posts sampled].
        self.terms_now: collections.Counter[str] = collections.Counter()
        self.terms_before: collections.Counter[str] = collections.Counter()
        self.posts_now = [0, 0]
        self.posts_before = [0, 0]
        self.fresh: set[str] = set()  # terms seen since the last look: the only candidates
        self.background: dict[str, float] = {}
        self.background_posts = 0.0
        self.term_hours = 0

    def add(self, ref: PostRef, negative: bool) -> None:
        counts = self.open.get(ref.minute)
        if counts is None:
            counts = self.open[ref.minute] = [0, 0]
        counts[0] += 1
        counts[1] += negative
        self.last_post_minute = max(self.last_post_minute, ref.minute)
        self.recent.append(ref)
        if ref.terms:
            bucket = self.minute_terms.get(ref.minute)
            if bucket is None:
                self.minute_terms[ref.minute] = [ref.terms]
            elif len(bucket) < TERM_SAMPLE:
                bucket.append(ref.terms)

    # --- windows -------------------------------------------------------------------------
    def windows(self) -> tuple[dict[int, float], dict[int, float], dict[int, float]]:
        counts: dict[int, float] = {}
        negative: dict[int, float] = {}
        expected: dict[int, float] = {}
        seen = len(self.history)
        rate = self.history[-1][3] if seen else 0.0
        for window in WINDOWS:
            posts, neg, exp = self.sums[window]
            # Minutes before the scope existed count as expected-and-seen (no evidence either way).
            missing = max(window - seen, 0)
            counts[window] = posts + missing * rate
            negative[window] = neg + missing * rate * self.negative.share.share
            expected[window] = exp + missing * rate
        return counts, negative, expected

    def skip_gap(self, last: int) -> None:
        """A gap in the data up to minute `last`: forget the windows, learn nothing from it."""
        self.open = {m: c for m, c in self.open.items() if m > last}
        self.history.clear()
        self.sums = {w: [0.0, 0.0, 0.0] for w in WINDOWS}
        self.hour, self.hour_posts, self.hour_negative, self.hour_minutes = last // 60, 0, 0, 0
        self.hour_alerted = self.hour_neg_alerted = False
        self.hour_neg_building = False
        for cusum in self.negative.cusums:
            cusum.reset()
        self._release(alerted=False)  # the CUSUMs start again: what they held was normal
        self.born = max(self.born, last + 1)
        self.minute_terms = {m: t for m, t in self.minute_terms.items() if m > last}
        self._roll_terms()
        self._roll_terms()

    def close_minute(self, minute: int, *, gap: bool) -> None:
        if minute < self.born:  # before the scope's first post: nothing to learn or count
            self.open.pop(minute, None)
            return
        posts, negative = self.open.pop(minute, (0, 0))
        hour = minute // 60
        if hour != self.hour:
            # A partly seen hour (the scope began within it) teaches its rate per full hour;
            # one seen for under 10 minutes, or cut by a gap, teaches nothing.
            # The very first level needs half an hour of observation.
            enough = 30 if self.volume.baseline.level is None else 10
            if not gap and self.hour_minutes >= enough:
                self._learn_hour(self.hour_posts * 60.0 / self.hour_minutes)
            self.hour, self.hour_posts, self.hour_negative, self.hour_minutes = hour, 0, 0, 0
            self.hour_alerted = self.hour_neg_alerted = False
            self.hour_neg_building = False
            self._roll_terms()
            self._age_background()
        self.hour_posts += posts
        self.hour_negative += negative
        self.hour_minutes += 1
        baseline = self.volume.baseline
        expected = baseline.expected_per_minute(minute)
        entry = (minute, posts, negative, expected if expected is not None else float(posts))
        if expected is not None and baseline.hours >= BUILD_UP_HOURS:
            half = self.thresholds.build_up / 2.0
            # In control is anything within one standard deviation of the baseline's own
            # hour-to-hour error (`kappa`): a rhythm the baseline has not fully learnt, or a
            # noisy source, must not add up as evidence.
            expected_negative = expected * (1.0 + math.sqrt(baseline.kappa))
            expected_negative *= self.negative.share.share
            for cusum in self.negative.cusums:
                cusum.update(minute, negative, expected_negative, posts)
                if cusum.value >= half:
                    self.hour_neg_building = True
        history, seen = self.history, len(self.history)
        for window, sums in self.sums.items():
            if seen >= window:  # the minute that leaves this window
                _, p, n, e = history[-window]
                sums[0] -= p
                sums[1] -= n
                sums[2] -= e
            sums[0] += posts
            sums[1] += negative
            sums[2] += entry[3]
        history.append(entry)
        if minute % 60 == 0:  # re-add now and then, so float error cannot build up
            for window, sums in self.sums.items():
                part = list(history)[-window:]
                sums[:] = [
                    sum(x[1] for x in part),
                    sum(x[2] for x in part),
                    sum(x[3] for x in part),
                ]
        self._count_terms(minute, posts)

    def _learn_hour(self, full: float) -> None:
        """Teach the baselines the hour that closed (`full`: its posts per full hour).

        A build-up in progress (a CUSUM above half its bar, no alert yet) must not become the
        new normal before it is alerted, so its hours are held back. Held, not lost: once an
        hour closes with no CUSUM that high and no alert, the rise was normal wandering (often a
        daily rhythm the baseline has not learnt yet) and the held hours are taught first, in
        order. Dropping them made such an hour of the day stale for good: it rose above the
        expected again the next day, was dropped again, and the fixed windows then fired on it.
        When an alert opens, the held hours are taught with the alerts' caps. At most
        BUILD_UP_MAX_RUN hours are held: a CUSUM forgets runs older than that, so an older hour
        cannot belong to a build-up it could still alert on.
        """
        alerted = self.hour_alerted or self.hour_neg_alerted
        if self.hour_neg_building and not alerted:
            self.held.append((self.hour, full, self.hour_negative, self.hour_posts))
            if len(self.held) > BUILD_UP_MAX_RUN // 60:
                self._teach(*self.held.popleft(), volume_alerted=False, neg_alerted=False)
            return
        self._release(alerted=alerted)
        self._teach(self.hour, full, self.hour_negative, self.hour_posts,
                    volume_alerted=self.hour_alerted, neg_alerted=self.hour_neg_alerted)  # fmt: skip

    def _release(self, *, alerted: bool) -> None:
        """Teach the held hours, oldest first; under an alert with the alerts' caps."""
        while self.held:
            self._teach(*self.held.popleft(), volume_alerted=alerted, neg_alerted=alerted)

    def _teach(self, hour: int, full: float, negative: int, posts: int, *,
               volume_alerted: bool, neg_alerted: bool) -> None:  # fmt: skip
        self.volume.learn_one(hour, full, alerted=volume_alerted)
        self.negative.learn_one(negative, posts, alerted=neg_alerted)

    def _count_terms(self, minute: int, posts: int) -> None:
        sampled = self.minute_terms.pop(minute, None)
        self.posts_now[0] += posts
        if sampled:
            self.posts_now[1] += len(sampled)
            flat = list(itertools.chain.from_iterable(sampled))
            self.terms_now.update(flat)
            self.fresh.update(flat)

    def _roll_terms(self) -> None:
        """A new hour: the last one goes into the background, this one becomes the last."""
        before, (posts, sampled) = self.terms_before, self.posts_before
        if posts:
            scale = posts / max(sampled, 1)
            background = self.background
            for term, n in before.items():
                background[term] = background.get(term, 0.0) + n * scale
            self.background_posts += posts
        self.terms_before, self.posts_before = self.terms_now, self.posts_now
        self.terms_now, self.posts_now = collections.Counter(), [0, 0]

    def _age_background(self) -> None:
        self.term_hours += 1
        if self.term_hours % 24:
            return
        keep = 0.5 ** (24.0 / TERM_HALF_LIFE_HOURS)
        floor = 0.5 if len(self.background) < MAX_TERMS_PER_SCOPE else 2.0
        self.background = {t: v * keep for t, v in self.background.items() if v * keep >= floor}
        self.background_posts *= keep

    def emerging(self, minute: int) -> list[dict[str, Any]]:
        """Terms far more frequent in the last hour than in the background, with their numbers.
        Only terms seen since the last look can have risen; the rest are not looked at."""
        t = self.thresholds
        fresh, self.fresh = self.fresh, set()
        if self.background_posts < MIN_BACKGROUND_POSTS or not fresh:
            return []
        left = 1.0 - (minute % 60 + 1) / 60.0  # the part of the last hour still in the window
        now_scale = self.posts_now[0] / max(self.posts_now[1], 1)
        before_scale = self.posts_before[0] / max(self.posts_before[1], 1) * left
        posts = max(self.posts_now[0] + self.posts_before[0] * left, 1.0)
        now_get, before_get = self.terms_now.get, self.terms_before.get
        need = t.term_posts
        found = []
        for term in fresh:
            count = round(now_get(term, 0) * now_scale + before_get(term, 0) * before_scale)
            if count < need:
                continue
            usual = (self.background.get(term, 0.0) + 0.5) / (self.background_posts + 1.0)
            expected = posts * usual
            ratio = count / expected
            if count >= t.term_posts and ratio >= t.term_ratio and count >= t.term_share * posts:
                found.append({"term": term, "posts": count, "expected": round(expected, 2),
                              "ratio": round(ratio, 1), "share": round(count / posts, 3)})  # fmt: skip
        if not found:
            return []
        # Distinct authors, from the recent posts: one account repeating a word is not news.
        authors: dict[str, set[str]] = {f["term"]: set() for f in found}
        for ref in self.recent:
            for term in ref.terms:
                bucket = authors.get(term)
                if bucket is not None:
                    bucket.add(ref.author_key)
        kept = []
        for f in found:
            f["authors"] = len(authors[f["term"]])
            if f["authors"] >= t.term_authors:
                kept.append(f)
        kept.sort(key=lambda f: (-f["posts"] * math.log(f["ratio"]), f["term"]))
        # A phrase and its own words are one finding: keep the longest form first seen.
        out: list[dict[str, Any]] = []
        for f in kept:
            if any(
                f["term"] in o["term"].split(" ") or o["term"] in f["term"].split(" ") for o in out
            ):
                continue
            out.append(f)
        return out[:10]


class Detection:
    """The detectors over the stream. Use `hook` as a Pipeline `on_stored` hook, or `observe`
    posts directly (the backtest does), then `finish()` at the end of a file."""

    def __init__(
        self,
        sink: AlertSink,
        *,
        sensitivity: str = "balanced",
        topic_sensitivity: Callable[[str], str | None] | None = None,
        coordination: Any = None,
        wall_clock: Callable[[], datetime] | None = None,
        on_alert: Callable[[str, AlertState], None] | None = None,
    ) -> None:
        self.sink = sink
        self.sensitivity = sensitivity
        self.org_thresholds = Thresholds.of(sensitivity)
        self.topic_sensitivity = topic_sensitivity
        # The water-army detector, if one runs beside: its new campaigns become alerts and its
        # members give each surge's coordinated share.
        self.coordination = coordination
        if coordination is not None:
            coordination.on_campaign = self.campaign
        self.wall_clock = wall_clock
        self.on_alert = on_alert
        self.scopes: dict[str, Scope] = {}
        self.clock: int | None = None  # newest stream second seen
        self.closed_until: int | None = None  # minutes before this are closed
        self.ahead: list[tuple[Post, dict[str, Any]]] = []
        self.tracker = AlertTracker(self)
        # Virality: engagement arriving per target post, and the originals seen.
        # target -> [[minute, count], ...] for the last VIRAL_WINDOW minutes
        self.targets: collections.OrderedDict[str, collections.deque[list[int]]] = (
            collections.OrderedDict()
        )
        self.touched: dict[int, set[str]] = {}  # minute -> posts that got engagement in it
        self.originals: collections.OrderedDict[str, tuple[PostRef, tuple[str, ...]]] = (
            collections.OrderedDict()
        )
        self.usual_busiest = 5.0  # learnt: reposts+replies in 15 min of the busiest post
        self.counters = collections.Counter[str]()
        self.topics_seen = False

    # --- input ---------------------------------------------------------------------------
    def hook(
        self,
        posts: Sequence[Post],
        enrichments: Sequence[Mapping[str, Any]],
        new_keys: Iterable[tuple[str, str]],
    ) -> None:
        new = new_keys if isinstance(new_keys, (set, frozenset)) else set(new_keys)
        for post, enrichment in zip(posts, enrichments, strict=True):
            if (post.platform, post.native_id) in new:
                self.observe(post, enrichment)
            else:
                self.counters["repeated"] += 1  # a post seen before (an update) counts once
        self.advance()

    def observe(self, post: Post, enrichment: Mapping[str, Any]) -> None:
        second = int(post.created_at.timestamp())
        if self.wall_clock is not None and second > self.wall_clock().timestamp() + 300:
            self.counters["future"] += 1  # live: a post from the future is a broken clock
            return
        if self.clock is None:
            self.clock = second
            self.closed_until = second // 60
        elif second > self.clock + MAX_JUMP_MINUTES * 60:
            self.ahead.append((post, dict(enrichment)))
            if len(self.ahead) >= JUMP_CONFIRM:
                self._jump()
            return
        minute = second // 60
        assert self.closed_until is not None
        if minute < self.closed_until:
            self.counters["late"] += 1
            return
        if second > self.clock:
            self.clock = second
        self._count(post, enrichment, minute)

    def _jump(self) -> None:
        """Enough posts agree the stream moved on: close what was open, skip the gap."""
        held = sorted(self.ahead, key=lambda pe: pe[0].created_at)
        self.ahead = []
        target = int(held[0][0].created_at.timestamp())
        self.counters["jumps"] += 1
        self._close_until(target // 60 - 1)
        self.clock = target
        for post, enrichment in held:
            self.observe(post, enrichment)

    def _count(self, post: Post, enrichment: Mapping[str, Any], minute: int) -> None:
        sentiment = enrichment.get("sentiment") or "neutral"
        terms = tuple(enrichment.get("_terms") or ())
        # The evidence keeps a slim copy: a long article's text or a platform's raw payload
        # must not be held for every recent post of every scope.
        if post.raw is not None or post.extra or len(post.text) > 280:
            post = msgspec.structs.replace(post, text=post.text[:280], raw=None, extra=None)
        ref = PostRef(minute, post, sentiment, enrichment.get("lang") or post.lang or "und", terms)
        negative = sentiment == "negative"
        topics = tuple(enrichment.get("topics") or ())
        if topics:
            self.topics_seen = True
        self._scope(ORG, minute).add(ref, negative)
        for topic in topics:
            self._scope(topic, minute).add(ref, negative)
        # Virality: engagement with an earlier post, and large audiences.
        target = post.repost_of or post.reply_to or post.quote_of
        if target:
            tkey = f"{post.platform}:{target}"
            arrivals = self.targets.get(tkey)
            if arrivals is None:
                arrivals = self.targets[tkey] = collections.deque(maxlen=VIRAL_WINDOW + 2)
                if len(self.targets) > MAX_TARGETS:
                    self.targets.popitem(last=False)
            else:
                self.targets.move_to_end(tkey)
            if arrivals and arrivals[-1][0] == minute:
                arrivals[-1][1] += 1
            else:
                arrivals.append([minute, 1])
            touched = self.touched.get(minute)
            if touched is None:
                self.touched[minute] = {tkey}
            else:
                touched.add(tkey)
        if post.kind != "repost":  # a post (or reply) others may engage with; its topics
            self.originals[ref.key] = (ref, topics)
            if len(self.originals) > MAX_ORIGINALS:
                self.originals.popitem(last=False)

    def _scope(self, name: str, minute: int) -> Scope:
        scope = self.scopes.get(name)
        if scope is None:
            thresholds = self.org_thresholds
            if name != ORG and self.topic_sensitivity is not None:
                wanted = self.topic_sensitivity(name)
                if wanted:
                    thresholds = Thresholds.of(wanted)
            # A scope begins with its first post; the minutes before it are not its history.
            scope = self.scopes[name] = Scope(name, thresholds, minute)
        return scope

    def campaign(self, campaign: Any) -> None:
        """The water-army detector found a new campaign (or one grew): an alert, on the first
        watched topic it pushes, else for the whole organisation."""
        minute = int(campaign.last_at.timestamp()) // 60
        # The watched topic most of its posts matched (from the posts seen), else all posts.
        votes = collections.Counter(
            t for key in campaign.posts for t in (self.originals.get(key) or (None, ()))[1]
        )
        name = votes.most_common(1)[0][0] if votes else ORG
        scope = self._scope(name, minute)
        self.sink.refresh()
        score = Score(
            value=float(campaign.score), window=max(1, int((campaign.last_at - campaign.first_at).total_seconds() // 60)),
            observed=float(len(campaign.accounts)), expected=0.0, ratio=float(campaign.score),
            fires=True, extra={"campaign": campaign},
        )  # fmt: skip
        self.tracker.observe("campaign", scope, f"campaign:{campaign.id}", score, minute)
        self._flush()

    # --- the clock -----------------------------------------------------------------------
    def advance(self) -> None:
        """Close every minute the clock has passed by LATENESS, running the detectors."""
        if self.clock is None:
            return
        self._close_until((self.clock - LATENESS) // 60 - 1)

    def finish(self) -> None:
        """End of input (a backtest's file): cluster once more, close the minutes still open."""
        if self.coordination is not None:
            self.coordination.recluster()
        if self.ahead:
            self.counters["future"] += len(self.ahead)
            self.ahead = []
        if self.clock is not None:
            self._close_until(self.clock // 60)

    def _close_until(self, last: int) -> None:
        assert self.closed_until is not None
        start = self.closed_until
        if last < start:
            return
        self.sink.refresh()  # a person may have dismissed an alert since the last round
        # Minutes after the last one anything was counted in, when there are more than
        # GAP_MINUTES of them, are a gap in the data (a source down, a jump, a bad clock): they
        # are skipped, not taught to the baselines as silence.
        busy = max((max(s.open) for s in self.scopes.values() if s.open), default=start - 1)
        normal_end = last
        if last - max(busy, start - 1) > GAP_MINUTES:
            normal_end = max(busy, start - 1)
        for minute in range(start, normal_end + 1):
            self.closed_until = minute + 1
            for scope in list(self.scopes.values()):
                scope.close_minute(minute, gap=False)
                self._evaluate(scope, minute)
            self._virality(minute)
        if normal_end < last:
            self.counters["gap_minutes"] += last - normal_end
            for scope in self.scopes.values():
                scope.skip_gap(last)
            self.touched = {m: t for m, t in self.touched.items() if m > last}
            self.closed_until = last + 1
        self._flush()

    def _flush(self) -> None:
        flush = getattr(self.sink, "flush", None)
        if flush is not None:
            flush()

    # --- detectors -------------------------------------------------------------------------
    def _evaluate(self, scope: Scope, minute: int) -> None:
        quiet = minute - scope.last_post_minute > max(WINDOWS)
        if quiet and not self.tracker.has_open(scope.name):
            return
        t = scope.thresholds
        counts, negative, expected = scope.windows()
        volume = scope.volume.score_one(counts, expected, t)
        neg = scope.negative.score_one(negative, counts, expected, t, minute)
        if neg is not None:
            self.tracker.observe("negative", scope, scope.name, neg, minute)
            is_open = self.tracker.is_open("negative", scope.name, scope.name)
            if neg.fires or is_open:
                scope.hour_neg_alerted = True
            scope.negative_open = self._settle(scope.negative.cusums, t.build_up,
                                               is_open, scope.negative_open)  # fmt: skip
        if volume is not None:
            self.tracker.observe("volume", scope, scope.name, volume, minute)
            if volume.fires or self.tracker.is_open("volume", scope.name, scope.name):
                scope.hour_alerted = True
        if minute % 5 == 0:
            found = scope.emerging(minute)
            score = Score(
                value=max((f["ratio"] for f in found), default=0.0), window=TERM_WINDOW,
                observed=float(found[0]["posts"]) if found else 0.0,
                expected=float(found[0]["expected"]) if found else 0.0,
                ratio=max((f["ratio"] for f in found), default=0.0), fires=bool(found),
                extra={"terms": found},  # type: ignore[dict-item]
            )  # fmt: skip
            self.tracker.observe("emerging_term", scope, "terms", score, minute)

    @staticmethod
    def _settle(cusums: Sequence[Any], bar: float, is_open: bool, was_open: bool) -> bool:
        """After the tracker looked: a build-up CUSUM never holds more than its bar (so it
        calms down soon after the rise ends) and starts again from 0 once its alert closed."""
        for cusum in cusums:
            if was_open and not is_open:
                cusum.reset()
            else:
                cusum.cap(bar)
        return is_open

    def _virality(self, minute: int) -> None:
        t = self.org_thresholds
        org = self.scopes.get(ORG)
        if org is None:
            return
        busiest = 0
        warming = org.volume.baseline.hours < 1  # learn what "busy" is for an hour first
        # Only posts that got engagement in this minute can newly cross the bar; the open
        # alerts are looked at too, so they calm down and close.
        touched = self.touched.pop(minute, set())
        looked = touched | {a.key for a in self.tracker.open_of("virality")}
        for tkey in looked:
            arrivals = self.targets.get(tkey) or collections.deque()
            while arrivals and arrivals[0][0] <= minute - VIRAL_WINDOW:
                arrivals.popleft()
            # Only what had arrived by this minute (a batch may already hold later minutes).
            recent = 0
            for m, n in arrivals:
                if m > minute:
                    break
                recent += n
            busiest = max(busiest, recent)
            need = max(t.reposts, t.repost_ratio * self.usual_busiest)
            original = self.originals.get(tkey)
            large = original is not None and original[0].followers >= t.audience
            if large:  # a very large account's post needs a third of the engagement
                need /= 3.0
            if recent >= need and not warming:
                score = Score(value=recent / max(self.usual_busiest, 1.0), window=VIRAL_WINDOW,
                              observed=recent, expected=self.usual_busiest,
                              ratio=recent / max(self.usual_busiest, 1.0), fires=True,
                              extra={"post": original[0] if original else None, "target": tkey,  # type: ignore[dict-item]
                                     "reason": "large account" if large else "engagement",
                                     "needed": round(need, 1)})  # fmt: skip
                self.tracker.observe("virality", org, tkey, score, minute)
            elif self.tracker.is_open("virality", ORG, tkey):
                self.tracker.observe(
                    "virality", org, tkey,
                    Score(recent / max(self.usual_busiest, 1.0), VIRAL_WINDOW, recent,
                          self.usual_busiest, recent / max(self.usual_busiest, 1.0), False, {}),
                    minute,
                )  # fmt: skip
        # Learn how busy the busiest post usually is (a slow average of each minute's busiest,
        # capped so a viral hour does not teach that virality is normal).
        if touched:
            self.usual_busiest += 0.01 * (min(busiest, 3 * self.usual_busiest) - self.usual_busiest)
            self.usual_busiest = max(self.usual_busiest, 1.0)

    # --- evidence --------------------------------------------------------------------------
    def evidence(self, kind: str, scope: Scope, score: Score, minute: int) -> dict[str, Any]:
        if kind == "campaign":
            campaign = score.extra["campaign"]
            found = campaign.to_dict()
            return {
                "scope": scope.name, "campaign_id": found["id"], "status": found["status"],
                "score": found["score"], "accounts": len(found["accounts"]),
                "accounts_sample": found["accounts"][:20], "posts": len(found["posts"]),
                "window_start": found["first_at"], "window_end": found["last_at"],
                "topics": found["topics"], "stance": found["stance"],
                "campaign_summary": found["summary"], "signals": found["evidence"],
            }  # fmt: skip
        window = score.window
        start = minute - window + 1
        refs = [r for r in scope.recent if start <= r.minute <= minute]
        if kind == "virality":
            post = score.extra.get("post")
            refs = [post] if isinstance(post, PostRef) else []
        elif kind == "emerging_term":
            wanted = {f["term"] for f in score.extra.get("terms", [])}  # type: ignore[union-attr]
            refs = [r for r in refs if wanted.intersection(r.terms)]
        elif kind == "negative":
            refs = [r for r in refs if r.sentiment == "negative"] or refs
        series = [
            {"t": _iso(m), "posts": p, "negative": n, "expected": round(e, 2)}
            for m, p, n, e in list(scope.history)[-60:]
        ]
        authors: dict[str, PostRef] = {}
        for r in refs:
            if r.author_key not in authors or r.followers > authors[r.author_key].followers:
                authors[r.author_key] = r
        per_author = collections.Counter(r.author_key for r in refs)
        top_authors = heapq.nsmallest(
            5, authors.values(), key=lambda r: (-r.followers, r.author_key)
        )
        top_posts = heapq.nsmallest(
            5, refs, key=lambda r: (-(r.engagement * 10 + r.followers), r.key)
        )
        terms = collections.Counter(t for r in refs for t in r.terms if " " not in t)
        coordinated = None
        if self.coordination is not None and refs:
            members = self.coordination.member_keys
            flagged = sum(1 for r in refs if r.author_key in members)
            coordinated = round(flagged / len(refs), 3)
        extra = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in score.extra.items()
                 if k not in ("post",)}  # fmt: skip
        return {
            "scope": scope.name,
            "window_minutes": window,
            "window_start": _iso(start),
            "window_end": _iso(minute + 1),
            "observed": round(score.observed, 2),
            "expected": round(score.expected, 2),
            "ratio": round(score.ratio, 2),
            "score": round(score.value, 2),
            "baseline_per_minute": round(score.expected / max(window, 1), 3),
            "current_per_minute": round(score.observed / max(window, 1), 3),
            "history_hours": scope.volume.baseline.hours,
            "series": series,
            "posts_in_evidence": len(refs),
            "top_posts": [
                {
                    "key": r.key,
                    "text": r.text,
                    "author": r.author,
                    "handle": r.handle,
                    "followers": r.followers,
                    "sentiment": r.sentiment,
                    "lang": r.lang,
                    "platform": r.platform,
                    "at": _iso(r.minute),
                    "engagement": r.engagement,
                }
                for r in top_posts
            ],
            "top_authors": [
                {
                    "author": r.author,
                    "handle": r.handle,
                    "followers": r.followers,
                    "platform": r.platform,
                    "posts": per_author[r.author_key],
                }
                for r in top_authors
            ],
            "top_terms": [[t, n] for t, n in terms.most_common(10)],
            "languages": dict(collections.Counter(r.lang for r in refs).most_common(8)),
            "platforms": dict(collections.Counter(r.platform for r in refs).most_common(8)),
            "sentiment": dict(collections.Counter(r.sentiment for r in refs)),
            "coordinated_share": coordinated,
            **extra,
        }


class AlertTracker:
    """One alert per surge: opens, updates, closes; cool-down, suppression, storm cap."""

    def __init__(self, detection: Detection) -> None:
        self.detection = detection
        self.open: dict[tuple[str, str, str], AlertState] = {}
        self.recently_closed: dict[tuple[str, str, str], AlertState] = {}
        self.opened_per_scope: dict[str, collections.deque[int]] = collections.defaultdict(
            collections.deque
        )
        self.suppressed: collections.Counter[str] = collections.Counter()

    def has_open(self, scope: str) -> bool:
        return any(k[1] == scope for k in self.open)

    def is_open(self, kind: str, scope: str, key: str) -> bool:
        return (kind, scope, key) in self.open

    def open_of(self, kind: str) -> list[AlertState]:
        return [a for k, a in self.open.items() if k[0] == kind]

    def observe(self, kind: str, scope: Scope, key: str, score: Score, minute: int) -> None:
        ident = (kind, scope.name, key)
        alert = self.open.get(ident)
        sink = self.detection.sink
        if (
            alert is not None
            and alert.id is not None
            and minute - alert.last_written >= UPDATE_EVERY
        ) and sink.dismissed(alert):
            self._close(ident, alert, minute, dismissed=True)
            return
        active = score.fires or (alert is not None and self._still_active(kind, scope, score))
        if alert is None:
            if score.fires:
                self._open(ident, kind, scope, key, score, minute)
            return
        if active:
            alert.last_active = minute
            ratio = score.ratio
            severity = self._severity(kind, score)
            escalated = score.fires and SEVERITIES.index(severity) > SEVERITIES.index(
                alert.severity
            )
            if ratio > alert.peak_ratio:
                alert.peak_ratio = ratio
            if escalated or (score.fires and minute - alert.last_written >= UPDATE_EVERY):
                if escalated:
                    alert.severity = severity
                alert.score = max(alert.score, score.value)
                alert.evidence = self._evidence(kind, scope, score, minute, alert)
                alert.summary = self._summary(kind, scope, score, alert.evidence)
                alert.title = self._title(kind, scope, score, peak=alert.peak_ratio)
                alert.updated_at = _stamp(minute + 1)
                alert.last_written = minute
                sink.update(alert, escalated=escalated)
                if self.detection.on_alert:
                    self.detection.on_alert("escalated" if escalated else "updated", alert)
        elif minute - alert.last_active >= CALM_MINUTES:
            self._close(ident, alert, minute)

    def _still_active(self, kind: str, scope: Scope, score: Score) -> bool:
        if kind in ("volume", "negative"):
            # A build-up CUSUM at half its bar or more keeps it active too.
            if score.extra.get("build_up", 0.0) >= scope.thresholds.build_up / 2:
                return True
            need = score.extra.get("ratio_needed", 2.0)
            return score.ratio >= 1.0 + (need - 1.0) / 2.0 and score.value >= scope.thresholds.z / 2
        if kind == "virality":
            return score.ratio >= 1.5
        return score.fires

    def _severity(self, kind: str, score: Score) -> str:
        if kind == "virality":
            return (
                "high"
                if score.ratio >= 3 or score.extra.get("reason") == "large account"
                else "medium"
            )
        if kind == "emerging_term":
            return "medium" if score.ratio >= 20 else "low"
        if kind == "campaign":
            return "high" if score.value >= 0.8 else "medium"
        return severity_of(kind, score.ratio)

    def _open(
        self,
        ident: tuple[str, str, str],
        kind: str,
        scope: Scope,
        key: str,
        score: Score,
        minute: int,
    ) -> None:
        sink = self.detection.sink
        closed = self.recently_closed.get(ident)
        if closed is not None:
            cooldown = (
                DISMISSED_COOLDOWN_MINUTES if closed.state == "dismissed" else COOLDOWN_MINUTES
            )
            if (
                closed.closed_at is not None
                and minute - int(closed.closed_at.timestamp()) // 60 < cooldown
            ):
                if closed.state == "dismissed":
                    self.suppressed[f"{kind} on {scope.name}: dismissed, in cool-down"] += 1
                    return
                # A flare-up of the same surge: reopen the alert instead of raising a new one.
                del self.recently_closed[ident]
                closed.state, closed.closed_at = "open", None
                closed.last_active = closed.last_written = minute
                closed.evidence = self._evidence(kind, scope, score, minute, closed)
                closed.summary = self._summary(kind, scope, score, closed.evidence)
                closed.updated_at = _stamp(minute + 1)
                self.open[ident] = closed
                sink.update(closed, escalated=False)
                return
        if kind == "volume" and ("negative", scope.name, scope.name) in self.open:
            self.suppressed[f"volume on {scope.name}: a negative alert is open"] += 1
            return
        opened = self.opened_per_scope[f"{scope.name}|{kind}"]
        while opened and opened[0] <= minute - 24 * 60:
            opened.popleft()
        if len(opened) >= STORM_CAP:
            self.suppressed[f"{kind} on {scope.name}: more than {STORM_CAP} alerts in 24 h"] += 1
            return
        opened.append(minute)
        alert = AlertState(
            kind=kind, topic=scope.name, key=key, severity=self._severity(kind, score),
            score=score.value, title="", summary="", evidence={},
            fired_at=_stamp(minute + 1), updated_at=_stamp(minute + 1),
            peak_ratio=score.ratio, last_active=minute, last_written=minute, opened_minute=minute,
        )  # fmt: skip
        alert.evidence = self._evidence(kind, scope, score, minute, alert)
        alert.title = self._title(kind, scope, score)
        alert.summary = self._summary(kind, scope, score, alert.evidence)
        alert.id = sink.open(alert)
        self.open[ident] = alert
        if self.detection.on_alert:
            self.detection.on_alert("opened", alert)

    def _close(
        self,
        ident: tuple[str, str, str],
        alert: AlertState,
        minute: int,
        *,
        dismissed: bool = False,
    ) -> None:
        del self.open[ident]
        alert.closed_at = _stamp(minute + 1)
        alert.state = "dismissed" if dismissed else "closed"
        self.recently_closed[ident] = alert
        if len(self.recently_closed) > 10_000:
            self.recently_closed.pop(next(iter(self.recently_closed)))
        if not dismissed:
            self.detection.sink.close(alert)
            if self.detection.on_alert:
                self.detection.on_alert("closed", alert)

    def _evidence(
        self, kind: str, scope: Scope, score: Score, minute: int, alert: AlertState
    ) -> dict[str, Any]:
        evidence = self.detection.evidence(kind, scope, score, minute)
        alert.posts = (
            max(alert.posts, int(score.observed)) if kind != "virality" else int(score.observed)
        )
        evidence["peak_ratio"] = round(max(alert.peak_ratio, score.ratio), 2)
        evidence["minutes_open"] = minute - alert.opened_minute + 1
        suppressed = {k: v for k, v in self.suppressed.items() if scope.name in k}
        if suppressed:
            evidence["suppressed"] = suppressed
        return evidence

    @staticmethod
    def _label(scope: Scope) -> str:
        return "all posts" if scope.name == ORG else scope.name

    def _title(self, kind: str, scope: Scope, score: Score, *, peak: float = 0.0) -> str:
        label = self._label(scope)
        ratio = max(peak, score.ratio)
        if kind == "negative" and score.extra.get("reason") == "build_up":
            return (f"Negative build-up: {label}, {score.ratio:.1f}x the usual negative posts "
                    f"for {score.window} min")  # fmt: skip
        if kind == "volume":
            return f"Volume surge: {label} at up to {ratio:.1f}x the usual rate"
        if kind == "negative":
            return f"Negative surge: {label}, up to {ratio:.1f}x the usual negative posts"
        if kind == "virality":
            post = score.extra.get("post")
            who = post.author if isinstance(post, PostRef) else score.extra.get("target")
            if score.extra.get("reason") == "large account":
                return f"Spreading fast: a post by {who}, a very large account"
            return f"Spreading fast: a post by {who}"
        if kind == "campaign":
            return f"Coordinated campaign on {label}: {score.observed:.0f} accounts acting together"
        terms = [f["term"] for f in score.extra.get("terms", [])][:3]  # type: ignore[union-attr]
        return f"Emerging with {label}: {', '.join(terms)}"

    def _summary(self, kind: str, scope: Scope, score: Score, evidence: dict[str, Any]) -> str:
        if kind == "campaign":
            return str(evidence["campaign_summary"])
        label = self._label(scope)
        w = score.window
        langs = ", ".join(f"{k} {v}" for k, v in list(evidence["languages"].items())[:3])
        plats = ", ".join(f"{k} {v}" for k, v in list(evidence["platforms"].items())[:3])
        coord = evidence.get("coordinated_share")
        coord_text = f" {coord:.0%} from accounts in coordinated campaigns." if coord else ""
        if kind == "negative" and score.extra.get("reason") == "build_up":
            text = (f"Negative posts on {label} have run above expected for {w} minutes: "
                    f"{score.observed:.0f} observed against {score.expected:.1f} expected "
                    f"({score.ratio:.1f}x); cumulative evidence {score.extra['build_up']:.1f} over "
                    f"the bar {score.extra['build_up_needed']:.1f} (a CUSUM tuned to a "
                    f"{score.extra['build_up_ratio']:g}x rise); negative share "
                    f"{score.extra.get('share', 0.0):.0%} against a usual "
                    f"{score.extra.get('usual_share', 0.0):.0%}.")  # fmt: skip
        elif kind == "volume":
            text = (f"{score.observed:.0f} posts on {label} in {w} min where "
                    f"{score.expected:.1f} were expected ({score.ratio:.1f}x, z {score.value:.1f}).")  # fmt: skip
        elif kind == "negative":
            share = score.extra.get("share", 0.0)
            usual = score.extra.get("usual_share", 0.0)
            text = (f"{score.observed:.0f} negative posts on {label} in {w} min where "
                    f"{score.expected:.1f} were expected ({score.ratio:.1f}x); negative share "
                    f"{share:.0%} against a usual {usual:.0%}.")  # fmt: skip
        elif kind == "virality":
            post = score.extra.get("post")
            followers = post.followers if isinstance(post, PostRef) else 0
            bar = f"alerting from {score.extra.get('needed', 0):.0f}"
            if score.extra.get("reason") == "large account":
                bar += f", a third of the usual bar: its author has {followers:,} followers"
            text = (
                f"{score.observed:.0f} reposts and replies in {w} min to one post ({bar}); "
                f"the busiest post usually gets {score.expected:.1f} ({score.ratio:.1f}x)."
            )
        else:
            found = score.extra.get("terms", [])
            parts = [f"'{f['term']}' in {f['posts']} posts by {f['authors']} authors in the last hour "
                     f"({f['ratio']:.0f}x its usual frequency)" for f in found[:3]]  # type: ignore[union-attr]  # fmt: skip
            text = f"New terms with {label}: " + "; ".join(parts) + "."
        if langs and kind != "virality":
            text += f" Languages: {langs}. Platforms: {plats}."
        return text + coord_text
