"""Baselines, detectors and thresholds: the statistics of early warning (docs/detection.md).

Each detector *scores* (`learn_one` takes what a closed minute or hour showed, `score_one`
says how unusual the present is, with the numbers behind it); a separate `Thresholds` decides
whether a score is an alert, by the topic's sensitivity. Everything runs on stream time
(minute numbers since the epoch), never on the wall clock, so a replay gives the same alerts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SENSITIVITIES = ("fewer", "balanced", "more")
WINDOWS = (5, 15, 60)  # minutes: a fast surge shows in 5, a slow build-up in 60
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
        audience=5_000_000,
    ),
    "balanced": Thresholds(
        z=4.5, ratio={5: 3.0, 15: 2.2, 60: 1.7}, min_extra=12, share_rise=0.20,
        term_ratio=12.0, term_posts=10, term_authors=6, term_share=0.03, reposts=80, repost_ratio=3.0,
        audience=1_000_000,
    ),
    "more": Thresholds(
        z=3.5, ratio={5: 2.2, 15: 1.7, 60: 1.4}, min_extra=6, share_rise=0.12,
        term_ratio=6.0, term_posts=6, term_authors=4, term_share=0.015, reposts=30, repost_ratio=2.0,
        audience=250_000,
    ),
}  # fmt: skip


def zscore(observed: float, expected: float, kappa: float) -> float:
    """How far `observed` is above `expected` for counts that are Poisson with a multiplicative
    model error of variance `kappa` (a negative-binomial-like spread)."""
    expected = max(expected, 1e-9)
    return (observed - expected) / math.sqrt(expected + kappa * expected * expected)


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
        self, counts: dict[int, float], expected: dict[int, float], t: Thresholds
    ) -> Score | None:
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

    def learn_one(self, negative: float, total: float, *, alerted: bool) -> None:
        self.share.learn_one(negative, total, alerted=alerted)

    def score_one(
        self,
        negative: dict[int, float],
        counts: dict[int, float],
        expected: dict[int, float],
        t: Thresholds,
    ) -> Score | None:
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
        return best


def severity_of(kind: str, ratio: float, *, negative_share: float = 0.0) -> str:
    """Words for how bad it is. Volume: by how many times the baseline; negative surges are one
    step worse than a volume surge of the same size."""
    step = 0 if ratio < 3 else 1 if ratio < 10 else 2 if ratio < 30 else 3
    if kind == "negative":
        step = min(step + 1, 3)
    return SEVERITIES[step]
