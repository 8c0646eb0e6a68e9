"""The overview's figures for a time range, read from the rollups (store/rollups.py) only.

`overview(engine, range_name=..., leave_out=...)` answers with every chart and list of the
overview page: posts and sentiment over time, share of voice per topic, languages,
platforms, top posts, top authors, the alerts fired in the range (the spikes marked on the
charts), open alerts and incidents. With `leave_out` (the accounts of water-army campaigns),
their posts are taken out of the volume, sentiment and platform figures using the
per-author rollup, and their posts and accounts out of the top lists; languages and share
of voice still include them (`Overview.left_out_of` says what the switch covered).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, func, or_, select

from parley.store.alerts import list_alerts
from parley.store.incidents import list_incidents
from parley.store.rollups import (
    DAY,
    FIVE_MINUTES,
    HOUR,
    NO_SENTIMENT,
    SENTIMENTS,
    bucket_start,
)
from parley.store.tables import (
    authors,
    posts,
    rollup_authors,
    rollup_posts,
    rollup_top_authors,
    rollup_top_posts,
    rollup_topics,
    topics,
)

# range name -> (how far back, bucket span in seconds, its words)
RANGES: dict[str, tuple[timedelta, int, str]] = {
    "1h": (timedelta(hours=1), FIVE_MINUTES, "last hour, per 5 minutes"),
    "24h": (timedelta(hours=24), HOUR, "last 24 hours, per hour"),
    "7d": (timedelta(days=7), HOUR, "last 7 days, per hour"),
    "30d": (timedelta(days=30), DAY, "last 30 days, per day"),
    "1y": (timedelta(days=365), DAY, "last year, per day"),
}
DEFAULT_RANGE = "24h"
TOPICS_CHARTED = 6  # the largest topics get a line each; the rest are listed
LISTED = 10


@dataclass(frozen=True)
class Window:
    """The buckets of a range: `first` is the oldest bucket's start, the last one holds `now`."""

    name: str
    span: int
    first: datetime
    buckets: list[datetime]
    label: str

    @classmethod
    def of(cls, name: str, now: datetime) -> Window:
        if name not in RANGES:
            raise ValueError(f"unknown range {name!r}; use one of {', '.join(RANGES)}")
        length, span, label = RANGES[name]
        last = bucket_start(now, span)
        count = int(length.total_seconds() // span)
        first = last - timedelta(seconds=span * (count - 1))
        buckets = [first + timedelta(seconds=span * i) for i in range(count)]
        return cls(name, span, first, buckets, label)

    @property
    def x(self) -> list[int]:
        return [int(b.timestamp()) for b in self.buckets]

    def index(self) -> dict[datetime, int]:
        return {b: i for i, b in enumerate(self.buckets)}


@dataclass
class Overview:
    window: Window
    posts: list[int]
    reach: int
    sentiment: dict[str, list[int]]  # label -> per bucket
    sentiment_totals: dict[str, int]
    topics: list[dict[str, Any]]  # name, posts, share, series (charted ones), sentiment
    languages: list[tuple[str, int]]
    platforms: list[tuple[str, int]]
    top_posts: list[dict[str, Any]]
    top_authors: list[dict[str, Any]]
    marks: list[dict[str, Any]]  # alerts fired in the range
    open_alerts: list[dict[str, Any]]
    open_incidents: list[dict[str, Any]]
    left_out: int = 0  # posts by campaign accounts taken out
    coordinated: int = 0  # posts by campaign accounts in the range
    left_out_of: tuple[str, ...] = field(default_factory=tuple)

    @property
    def total(self) -> int:
        return sum(self.posts)


def overview(
    engine: Engine,
    *,
    range_name: str = DEFAULT_RANGE,
    now: datetime | None = None,
    coordinated: Collection[tuple[str, str]] = (),
    leave_out: bool = False,
) -> Overview:
    """Every figure of the overview for the range ending `now`. `coordinated` are the
    (platform, author native id) of campaign accounts: counted always, left out if asked."""
    window = Window.of(range_name, now or datetime.now(UTC))
    with engine.connect() as connection:
        campaign_ids = _author_ids(connection, coordinated)
        per_bucket, sentiment, reach = _volume(connection, window)
        platforms = _grouped(connection, window, "platform")
        campaign = _campaign_counts(connection, window, campaign_ids)
        coordinated_posts = sum(campaign["posts"])
        left_out_of: tuple[str, ...] = ()
        if leave_out and campaign_ids:
            per_bucket = [max(0, a - b) for a, b in zip(per_bucket, campaign["posts"], strict=True)]
            for label in SENTIMENTS:
                sentiment[label] = [
                    max(0, a - b) for a, b in zip(sentiment[label], campaign[label], strict=True)
                ]
            reach = max(0, reach - campaign["reach_total"])
            platforms = sorted(
                ((p, max(0, n - campaign["platforms"].get(p, 0))) for p, n in platforms),
                key=lambda item: -item[1],
            )
            left_out_of = ("posts", "sentiment", "platforms", "top posts", "top authors")
        excluded = campaign_ids if leave_out else set()
        result = Overview(
            window=window,
            posts=per_bucket,
            reach=reach,
            sentiment=sentiment,
            sentiment_totals={label: sum(v) for label, v in sentiment.items()},
            topics=_share_of_voice(connection, window),
            languages=_grouped(connection, window, "lang")[:LISTED],
            platforms=platforms,
            top_posts=_top_posts(connection, window, excluded),
            top_authors=_top_authors(connection, window, excluded),
            marks=[
                {"t": int(a["fired_at"].timestamp()), "label": f"alert #{a['id']}: {a['title']}"}
                for a in list_alerts(connection, since=window.first, limit=50)
            ],
            open_alerts=list_alerts(connection, state="open", limit=LISTED),
            open_incidents=[
                i for i in list_incidents(connection, limit=50) if i["status"] != "resolved"
            ][:LISTED],
            left_out=coordinated_posts if leave_out else 0,
            coordinated=coordinated_posts,
            left_out_of=left_out_of,
        )
    return result


def _in_window(table: Any, window: Window) -> Any:
    # the upper bound leaves out posts from the future (a source's clock ahead of ours)
    return (
        (table.c.span == window.span)
        & (table.c.bucket >= window.first)
        & (table.c.bucket <= window.buckets[-1])
    )


def _volume(connection: Connection, window: Window) -> tuple[list[int], dict[str, list[int]], int]:
    index = window.index()
    per_bucket = [0] * len(window.buckets)
    sentiment = {label: [0] * len(window.buckets) for label in (*SENTIMENTS, NO_SENTIMENT)}
    reach = 0
    rows = connection.execute(
        select(rollup_posts.c.bucket, rollup_posts.c.value, rollup_posts.c.posts,
               rollup_posts.c.reach)
        .where(rollup_posts.c.dimension == "sentiment", _in_window(rollup_posts, window))
    )  # fmt: skip
    for bucket, label, n, r in rows:
        i = index.get(bucket)
        if i is None:  # a post from the future (a clock ahead): not in this range
            continue
        per_bucket[i] += int(n)
        sentiment.setdefault(label, [0] * len(window.buckets))[i] += int(n)
        reach += int(r)
    return per_bucket, sentiment, reach


def _grouped(connection: Connection, window: Window, dimension: str) -> list[tuple[str, int]]:
    total = func.sum(rollup_posts.c.posts)
    value = rollup_posts.c.value
    rows = connection.execute(
        select(value, total)
        .where(rollup_posts.c.dimension == dimension, _in_window(rollup_posts, window))
        .group_by(value)
        .order_by(total.desc(), value)
    )
    return [(name, int(n)) for name, n in rows]


def _share_of_voice(connection: Connection, window: Window) -> list[dict[str, Any]]:
    """Each topic's matched mentions, its share of all matched mentions, its sentiment, and
    (for the largest) its series."""
    totals: dict[int, dict[str, int]] = defaultdict(dict)
    rows = connection.execute(
        select(rollup_topics.c.topic_id, rollup_topics.c.sentiment, func.sum(rollup_topics.c.posts))
        .where(_in_window(rollup_topics, window))
        .group_by(rollup_topics.c.topic_id, rollup_topics.c.sentiment)
    )  # fmt: skip
    for topic_id, label, n in rows:
        totals[topic_id][label] = int(n)
    names = dict(
        connection.execute(
            select(topics.c.id, topics.c.name).where(topics.c.id.in_(list(totals)))
        ).all()
    ) if totals else {}  # fmt: skip
    found = [
        {"id": topic_id, "name": names[topic_id], "posts": sum(by.values()), "sentiment": by}
        for topic_id, by in totals.items()
        if topic_id in names  # a removed topic's counts are left behind, unshown
    ]
    found.sort(key=lambda t: (-t["posts"], t["name"]))
    matched = sum(t["posts"] for t in found)
    for t in found:
        t["share"] = t["posts"] / matched if matched else 0.0
    charted = {t["id"]: t for t in found[:TOPICS_CHARTED]}
    for t in charted.values():
        t["series"] = [0] * len(window.buckets)
    if charted:
        index = window.index()
        rows = connection.execute(
            select(rollup_topics.c.bucket, rollup_topics.c.topic_id,
                   func.sum(rollup_topics.c.posts))
            .where(_in_window(rollup_topics, window),
                   rollup_topics.c.topic_id.in_(list(charted)))
            .group_by(rollup_topics.c.bucket, rollup_topics.c.topic_id)
        )  # fmt: skip
        for bucket, topic_id, n in rows:
            i = index.get(bucket)
            if i is not None:
                charted[topic_id]["series"][i] += int(n)
    return found


def _author_ids(connection: Connection, accounts: Collection[tuple[str, str]]) -> set[int]:
    by_platform: dict[str, list[str]] = defaultdict(list)
    for platform, native_id in accounts:
        by_platform[platform].append(native_id)
    found: set[int] = set()
    for platform, ids in by_platform.items():
        for start in range(0, len(ids), 1000):
            found.update(
                connection.execute(
                    select(authors.c.id).where(
                        authors.c.platform == platform,
                        authors.c.native_id.in_(ids[start : start + 1000]),
                    )
                ).scalars()
            )
    return found


def _campaign_counts(
    connection: Connection, window: Window, author_ids: set[int]
) -> dict[str, Any]:
    """The campaign accounts' posts per bucket (and by sentiment, by platform), from the
    per-author rollup; a day window adds up the accounts' hours."""
    size = len(window.buckets)
    out: dict[str, Any] = {"posts": [0] * size, "reach_total": 0, "platforms": {}}
    for label in SENTIMENTS:
        out[label] = [0] * size
    if not author_ids:
        return out
    span = FIVE_MINUTES if window.span == FIVE_MINUTES else HOUR
    index = window.index()
    ids = sorted(author_ids)
    platforms: dict[str, int] = defaultdict(int)
    for start in range(0, len(ids), 1000):
        rows = connection.execute(
            select(rollup_authors, authors.c.platform)
            .join(authors, authors.c.id == rollup_authors.c.author_id)
            .where(
                rollup_authors.c.author_id.in_(ids[start : start + 1000]),
                rollup_authors.c.span == span,
                rollup_authors.c.bucket >= window.first,
            )
        )
        for row in rows:
            i = index.get(bucket_start(row.bucket, window.span))
            if i is None:
                continue
            out["posts"][i] += row.posts
            out["reach_total"] += row.reach
            for label in SENTIMENTS:
                out[label][i] += getattr(row, label)
            platforms[row.platform] += row.posts
    out["platforms"] = dict(platforms)
    return out


def _top_posts(connection: Connection, window: Window, excluded: set[int]) -> list[dict]:
    best = func.max(rollup_top_posts.c.engagement)
    query = (
        select(rollup_top_posts.c.post_id, best)
        .where(_in_window(rollup_top_posts, window))
        .group_by(rollup_top_posts.c.post_id)
        .order_by(best.desc(), rollup_top_posts.c.post_id)
        .limit(LISTED)
    )
    if excluded:
        query = query.where(
            or_(
                rollup_top_posts.c.author_id.is_(None),
                rollup_top_posts.c.author_id.notin_(sorted(excluded)),
            )
        )
    ranked = connection.execute(query).all()
    if not ranked:
        return []
    rows = connection.execute(
        select(posts.c.id, posts.c.platform, posts.c.native_id, posts.c.created_at,
               posts.c.text, posts.c.url, posts.c.likes, posts.c.reposts, posts.c.replies,
               authors.c.handle, authors.c.name, authors.c.followers)
        .select_from(posts.outerjoin(authors, authors.c.id == posts.c.author_id))
        .where(posts.c.id.in_([post_id for post_id, _ in ranked]))
    )  # fmt: skip
    by_id = {row.id: row._asdict() for row in rows}
    out = []
    for post_id, score in ranked:
        if post_id in by_id:
            out.append({**by_id[post_id], "engagement": int(score)})
    return out


def _top_authors(connection: Connection, window: Window, excluded: set[int]) -> list[dict]:
    """The largest audiences among the range's authors, with their posts and reach in it
    (from the per-author rollup, so those figures are exact)."""
    audience = func.max(rollup_top_authors.c.followers)
    query = (
        select(rollup_top_authors.c.author_id, audience)
        .where(_in_window(rollup_top_authors, window))
        .group_by(rollup_top_authors.c.author_id)
        .order_by(audience.desc(), rollup_top_authors.c.author_id)
        .limit(LISTED)
    )
    if excluded:
        query = query.where(rollup_top_authors.c.author_id.notin_(sorted(excluded)))
    ranked = [author_id for author_id, _ in connection.execute(query)]
    if not ranked:
        return []
    span = FIVE_MINUTES if window.span == FIVE_MINUTES else HOUR
    figures: Mapping[int, Any] = {
        row.author_id: row
        for row in connection.execute(
            select(rollup_authors.c.author_id, func.sum(rollup_authors.c.posts).label("posts"),
                   func.sum(rollup_authors.c.reach).label("reach"))
            .where(rollup_authors.c.author_id.in_(ranked), rollup_authors.c.span == span,
                   rollup_authors.c.bucket >= window.first)
            .group_by(rollup_authors.c.author_id)
        )
    }  # fmt: skip
    people = {
        row.id: row
        for row in connection.execute(
            select(authors.c.id, authors.c.platform, authors.c.handle, authors.c.name,
                   authors.c.followers, authors.c.verified)
            .where(authors.c.id.in_(ranked))
        )
    }  # fmt: skip
    out = []
    for author_id in ranked:
        person = people.get(author_id)
        if person is None:
            continue
        figure = figures.get(author_id)
        out.append(
            {
                **person._asdict(),
                "posts": int(figure.posts) if figure else 0,
                "reach": int(figure.reach) if figure else 0,
            }
        )
    return out
