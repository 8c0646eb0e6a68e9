"""Baselines, detectors and thresholds: the statistics of early warning (docs/detection.md).

Each detector *scores* (`learn_one` takes what a closed minute or hour showed, `score_one`
says how unusual the present is, with the numbers behind it); a separate `Thresholds` decides
whether a score is an alert, by the topic's sensitivity. Everything runs on stream time
(minute numbers since the epoch), never on the wall clock, so a replay gives the same alerts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

SENSITIVITIES = ("fewer", "balanced", "more")
WINDOWS = (5, 15, 60)  # minutes: a fast surge shows in 5, a slow build-up in 60
BUILD_UP_RATIOS = (1.5, 2.0)  # negative posts: the rises the build-up CUSUMs are tuned to
BUILD_UP_SHARE_RISE = 0.5  # of a window's share_rise: what a build-up's run must show
BUILD_UP_HOURS = 24  # history a scope needs before its build-up CUSUMs run
BUILD_UP_MAX_RUN = 6 * 60  # minutes: a run older than this starts again (rises over hours)
SEVERITIES = ("low", "medium", "high", "critical")


def hour_of_week(hour: int) -> int:
    """Monday 00:00 UTC is 0 (the epoch began on a Thursday)."""
    return ((hour // 24 + 3) % 7) * 24 + hour % 24


@dataclass(frozen=True)
class Thresholds:
    """When a score becomes an alert. `ratio` is per window (minutes → observed/expected)."""

    z: float
    ratio: dict[int, float]
    min_extra: float  # posts above the expected count, so tiny topics do not alert on 3 posts
    share_rise: float  # negative share must rise by this fraction of the room left above it
    term_ratio: float
    term_posts: int
    term_authors: int
    term_share: float  # of the scope's posts in the last hour
    reposts: int  # reposts/replies in 15 min for a single post, at least
    repost_ratio: float  # ... and this many times the usual busiest post
    audience: int  # a negative post from an account this large is news by itself
    build_up: float  # the CUSUMs' bar h: ln of the in-control run length it guarantees at least

    @classmethod
    def of(cls, sensitivity: str) -> Thresholds:
        try:
            return _THRESHOLDS[sensitivity]
        except KeyError:
            raise ValueError(
                f"unknown sensitivity {sensitivity!r}; use one of {', '.join(SENSITIVITIES)}"
            ) from None

    def ratio_needed(self, window: int, history_hours: float) -> float:
        """The ratio a window must reach. With less than a day of history the baseline knows
        no daily rhythm yet, so it asks for more (double at the start, tapering off)."""
        base = self.ratio[window]
        young = max(0.0, 1.0 - history_hours / 24.0)
        return base * (1.0 + young)


_THRESHOLDS = {
    "fewer": Thresholds(
        z=6.0, ratio={5: 4.0, 15: 3.0, 60: 2.2}, min_extra=25, share_rise=0.30,
        term_ratio=20.0, term_posts=15, term_authors=10, term_share=0.05, reposts=200, repost_ratio=5.0,
        audience=5_000_000, build_up=10.6,  # ln(4 weeks in minutes)
    ),
    "balanced": Thresholds(
        z=4.5, ratio={5: 3.0, 15: 2.2, 60: 1.7}, min_extra=12, share_rise=0.20,
        term_ratio=12.0, term_posts=10, term_authors=6, term_share=0.03, reposts=80, repost_ratio=3.0,
        audience=1_000_000, build_up=9.2,  # ln(1 week in minutes)
    ),
    "more": Thresholds(
        z=3.5, ratio={5: 2.2, 15: 1.7, 60: 1.4}, min_extra=6, share_rise=0.12,
        term_ratio=6.0, term_posts=6, term_authors=4, term_share=0.015, reposts=30, repost_ratio=2.0,
        audience=250_000, build_up=7.3,  # ln(1 day in minutes)
    ),
}  # fmt: skip


def zscore(observed: float, expected: float, kappa: float) -> float:
    """How far `observed` is above `expected` for counts that are Poisson with a multiplicative
    model error of variance `kappa` (a negative-binomial-like spread)."""
    expected = max(expected, 1e-9)
    return (observed - expected) / math.sqrt(expected + kappa * expected * expected)


class Cusum:
    """Page's CUSUM of a per-minute count against what the baseline expects, in its Poisson
    log-likelihood-ratio form for a rise to `ratio` times the expected:

        S = max(0, S + observed x ln(ratio) - (ratio - 1) x expected)

    Each minute adds the log of how much likelier the count is under the rise than under the
    baseline, so a small shift that persists adds up where no single window stands out. The
    minutes since S last left 0 are the *run*, the CUSUM's own estimate of when the rise began;
    its observed and expected counts (and, for negative posts, all posts) are kept for the
    evidence. Above a bar h it fires; with h = ln(A) the in-control run between false alarms is
    at least A minutes (Lorden's bound; for Poisson counts it is longer, see docs/detection.md).
    While an alert is open it is capped at h, so it calms down soon after the rise ends; it
    restarts from 0 when the alert closes (`reset`).
    """

    __slots__ = ("expected", "log_ratio", "observed", "posts", "ratio", "start", "value")

    def __init__(self, ratio: float) -> None:
        self.ratio = ratio
        self.log_ratio = math.log(ratio)
        self.reset()

    def reset(self) -> None:
        self.value = 0.0
        self.start = -1  # minute the run began, -1 when S is 0
        self.observed = self.expected = self.posts = 0.0

    def update(self, minute: int, observed: float, expected: float, posts: float = 0.0) -> None:
        if self.start >= 0 and minute - self.start >= BUILD_UP_MAX_RUN:
            self.reset()  # a build-up is a rise over hours, not a drift over days
        value = self.value + observed * self.log_ratio - (self.ratio - 1.0) * expected
        if value <= 0.0:
            if self.start >= 0:
                self.reset()
            return
        if self.start < 0:
            self.start = minute
        self.value = value
        self.observed += observed
        self.expected += expected
        self.posts += posts

    def cap(self, bar: float) -> None:
        """While an alert is open: no more evidence than the bar, so it calms down in time."""
        if self.value > bar:
            self.value = bar


def build_up_score(
    cusums: Sequence[Cusum], minute: int, kappa: float, t: Thresholds
) -> Score | None:
    """The CUSUM that has gone furthest past the bar, as a score; None below the bar or when
    its run holds fewer than `min_extra` posts above expected."""
    best = max(cusums, key=lambda c: c.value)
    if best.value < t.build_up or best.observed - best.expected < t.min_extra:
        return None
    window = minute - best.start + 1
    return Score(
        zscore(best.observed, best.expected, kappa), window, best.observed, best.expected,
        best.observed / max(best.expected, 1e-6), True,
        {"reason": "build_up", "build_up": best.value, "build_up_needed": t.build_up,
         "build_up_ratio": best.ratio, "build_up_minutes": float(window),
         "ratio_needed": best.ratio},
    )  # fmt: skip


class SeasonalBaseline:
    """Expected posts per minute at a given minute: level x hour-of-day x hour-of-week factors,
    learnt hour by hour (multiplicative Holt-Winters without trend).

    - Before the first hour closes there is no level: the detectors stay quiet (warming up).
    - The hour-of-day factors start flat (the prior) and learn the daily rhythm in a day or two;
      the hour-of-week factors learn weekday/weekend differences over weeks.
    - `kappa`, the model's own error, starts wide (0.1) and is learnt from how far off the
      expectation was, hour by hour.
    - While an alert is open on the scope, an hour teaches at most +25 % (a surge must not
      become the new normal within the hour; a lasting change still does, over a day).
    """

    ALPHA = 0.15  # level
    GAMMA_DAY = 0.25  # hour-of-day factors, once seen a few times
    GAMMA_WEEK = 0.2  # hour-of-week factors
    KAPPA_PRIOR = 0.1
    KAPPA_RANGE = (0.01, 0.5)

    __slots__ = ("_first", "day", "hours", "kappa", "level", "seen_day", "seen_week", "week")

    def __init__(self) -> None:
        self.level: float | None = None  # posts per hour in an average hour
        self.day = [1.0] * 24
        self.week = [1.0] * 168
        self.seen_day = [0] * 24
        self.seen_week = [0] * 168
        self.kappa = self.KAPPA_PRIOR
        self.hours = 0  # hours learnt

    def expected_per_minute(self, minute: int) -> float | None:
        if self.level is None:
            return None
        hour = minute // 60
        return self.level * self.day[hour % 24] * self.week[hour_of_week(hour)] / 60.0

    def learn_one(self, hour: int, count: float, *, alerted: bool = False) -> None:
        """Teach the baseline what a closed hour held."""
        if self.level is None:
            self.level = max(count, 0.5)
            self.hours = 1
            return
        hod, how = hour % 24, hour_of_week(hour)
        expected = self.level * self.day[hod] * self.week[how]
        error = (count - expected) ** 2 - expected
        self.kappa = min(
            max(
                self.kappa + 0.05 * (error / max(expected, 1.0) ** 2 - self.kappa),
                self.KAPPA_RANGE[0],
            ),
            self.KAPPA_RANGE[1],
        )
        ratio = count / max(expected, 1e-6)
        ratio = min(max(ratio, 0.2), 1.25 if alerted else 2.0)
        alpha = max(self.ALPHA, 1.0 / (self.hours + 1)) if self.hours < 24 else self.ALPHA
        gamma_day = max(self.GAMMA_DAY, 1.0 / (self.seen_day[hod] + 2))
        gamma_week = max(self.GAMMA_WEEK, 1.0 / (self.seen_week[how] + 3))
        # The hour's surprise goes partly to the level, partly to the daily factor; the weekly
        # factor learns what is left once a day has been seen.
        self.level *= 1.0 + alpha * (ratio - 1.0)
        if self.hours >= 6:
            self.day[hod] *= 1.0 + gamma_day * (ratio - 1.0)
            self.seen_day[hod] += 1
        if self.hours >= 24 * 7:
            self.week[how] *= 1.0 + gamma_week * (ratio - 1.0)
            self.seen_week[how] += 1
        self.hours += 1
        if self.hours % 24 == 0:
            self._renormalise()

    def _renormalise(self) -> None:
        mean = sum(self.day) / 24.0
        if mean > 0:
            self.day = [d / mean for d in self.day]
            if self.level is not None:
                self.level *= mean


class ShareBaseline:
    """The usual share of negative posts, learnt hour by hour (exponentially weighted by
    posts). Prior: 20 % with the weight of 50 posts, so one loud first hour does not set it."""

    PRIOR = 0.2
    PRIOR_WEIGHT = 50.0
    HALF_LIFE_POSTS = 5000.0

    __slots__ = ("negative", "total")

    def __init__(self) -> None:
        self.negative = self.PRIOR * self.PRIOR_WEIGHT
        self.total = self.PRIOR_WEIGHT

    @property
    def share(self) -> float:
        return self.negative / self.total

    def learn_one(self, negative: float, total: float, *, alerted: bool = False) -> None:
        if total <= 0:
            return
        if alerted:  # an hour under a negative alert teaches at most the usual share + 5 points
            negative = min(negative, total * min(self.share + 0.05, 1.0))
        keep = 0.5 ** (total / self.HALF_LIFE_POSTS)
        self.negative = self.negative * keep + negative
        self.total = self.total * keep + total


@dataclass
class Score:
    """What a detector saw in its best window, with the numbers for the evidence."""

    value: float  # the z-like score the thresholds read
    window: int  # minutes
    observed: float
    expected: float
    ratio: float
    fires: bool
    extra: dict[str, float]


class VolumeDetector:
    """Mentions per minute against the seasonal baseline, over 5, 15 and 60 minute windows."""

    kind = "volume"

    def __init__(self) -> None:
        self.baseline = SeasonalBaseline()

    def learn_one(self, hour: int, count: float, *, alerted: bool) -> None:
        self.baseline.learn_one(hour, count, alerted=alerted)

    def score_one(
        self, counts: dict[int, float], expected: dict[int, float], t: Thresholds,
    ) -> Score | None:  # fmt: skip
        """`counts`/`expected`: posts in each window ending now, and what the baseline expects."""
        if self.baseline.level is None:
            return None
        best: Score | None = None
        for window in WINDOWS:
            obs, exp = counts[window], expected[window]
            z = zscore(obs, exp, self.baseline.kappa)
            ratio = obs / max(exp, 1e-6)
            need = t.ratio_needed(window, self.baseline.hours)
            fires = z >= t.z and ratio >= need and obs - exp >= t.min_extra
            score = Score(z, window, obs, exp, ratio, fires, {"ratio_needed": need})
            if best is None or (fires, ratio if fires else z) > (
                best.fires,
                best.ratio if best.fires else best.value,
            ):
                best = score
        return best


class NegativeDetector:
    """Negative posts (count and share) against the baseline volume times the usual share: a
    surge of praise raises no negative alert; a modest surge of anger does."""

    kind = "negative"

    def __init__(self, volume: VolumeDetector) -> None:
        self.volume = volume
        self.share = ShareBaseline()
        self.cusums = [Cusum(r) for r in BUILD_UP_RATIOS]  # negative posts, fed by the scope

    def learn_one(self, negative: float, total: float, *, alerted: bool) -> None:
        self.share.learn_one(negative, total, alerted=alerted)

    def score_one(
        self,
        negative: dict[int, float],
        counts: dict[int, float],
        expected: dict[int, float],
        t: Thresholds,
        minute: int = 0,
    ) -> Score | None:
        """As the volume windows, on negative posts; when no window fires, a build-up CUSUM past
        its bar does (`reason: build_up`), if the negative share over its run has risen too."""
        baseline = self.volume.baseline
        if baseline.level is None:
            return None
        usual = self.share.share
        best: Score | None = None
        for window in WINDOWS:
            neg, total = negative[window], counts[window]
            exp = expected[window] * usual
            z = zscore(neg, exp, baseline.kappa)
            ratio = neg / max(exp, 1e-6)
            share = neg / total if total else 0.0
            need_share = usual + t.share_rise * (1.0 - usual)
            need = t.ratio_needed(window, baseline.hours)
            fires = z >= t.z and ratio >= need and share >= need_share and neg - exp >= t.min_extra
            score = Score(z, window, neg, exp, ratio, fires,
                          {"share": share, "usual_share": usual, "share_needed": need_share,
                           "ratio_needed": need, "total": total})  # fmt: skip
            if best is None or (fires, ratio if fires else z) > (
                best.fires,
                best.ratio if best.fires else best.value,
            ):
                best = score
        assert best is not None
        if not best.fires:
            built = build_up_score(self.cusums, minute, baseline.kappa, t)
            if built is not None:
                # The negative share over the run must have risen too, so a burst of praise that
                # the sentiment model partly misreads raises no negative alert. Half the rise a
                # window needs: a run holds hundreds of posts, so its share is known far more
                # closely than a 5-minute window's (docs/detection.md, "Build-up").
                run = max(self.cusums, key=lambda c: c.value)
                share = run.observed / run.posts if run.posts else 0.0
                need_share = usual + BUILD_UP_SHARE_RISE * t.share_rise * (1.0 - usual)
                built.extra.update({"share": share, "usual_share": usual,
                                    "share_needed": need_share, "total": run.posts})  # fmt: skip
                if share >= need_share:
                    return built
        best.extra["build_up"] = max(c.value for c in self.cusums)
        best.extra["build_up_needed"] = t.build_up
        return best


def severity_of(kind: str, ratio: float, *, negative_share: float = 0.0) -> str:
    """Words for how bad it is. Volume: by how many times the baseline; negative surges are one
    step worse than a volume surge of the same size."""
    step = 0 if ratio < 3 else 1 if ratio < 10 else 2 if ratio < 30 else 3
    if kind == "negative":
        step = min(step + 1, 3)
    return SEVERITIES[step]
