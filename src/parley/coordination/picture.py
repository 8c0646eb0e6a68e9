"""What a person sees of one stored campaign: its accounts, their near-identical posts side by
side, when they posted, and the network of who co-acted with whom.

Everything is read from the store for one campaign (its accounts and the posts that
co-acted, by key, through indexes), never by scanning all posts. The network is worked out
again from those posts with the detector's own method (:class:`Coordinator`, same
parameters), so an edge on the page is exactly a pair the detector would link: two accounts
that co-acted on at least ``min_occasions`` occasions.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import msgspec
import networkx as nx
from sqlalchemy import Engine, and_, select

from parley.coordination.detect import Coordinator, Params
from parley.domain import Author, Post
from parley.enrich.dedup import NearDuplicateEnricher, normalise
from parley.store.tables import authors, campaign_posts, posts

# The most co-acting posts one page reads (the detector keeps at most 200 per account).
MAX_POSTS = 5000
# Bars in the timing chart: a longer campaign gets wider buckets.
MAX_BARS = 480
_BUCKETS = (1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440)  # minutes
# Drawing area of the network picture (SVG user units).
WIDTH, HEIGHT, MARGIN = 760, 480, 30
LABEL_ROOM = 130  # right of the drawing: the last column's names


@dataclass(frozen=True)
class CampaignPost:
    platform: str
    native_id: str
    created_at: datetime
    text: str
    url: str | None
    author: str  # "platform:author id"
    handle: str | None
    cluster: str  # near-duplicate cluster (or the normalised text when there is none)

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.native_id}"

    @property
    def link(self) -> str | None:
        """The post's own address, only when it is a plain web link (hostile input)."""
        return web_link(self.url)


@dataclass(frozen=True)
class Account:
    key: str  # "platform:author id"
    platform: str
    native_id: str
    handle: str | None
    name: str | None
    bio: str | None
    followers: int | None
    following: int | None
    created_at: datetime | None
    age_days: float | None  # how old the account was when the campaign began
    posts: int  # its posts among the campaign's

    @property
    def label(self) -> str:
        return self.handle or self.name or self.native_id


@dataclass(frozen=True)
class Group:
    """Near-identical posts: one near-duplicate cluster, oldest first."""

    posts: list[CampaignPost]
    accounts: int


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    x: float
    y: float
    r: float
    degree: int


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    x1: float
    y1: float
    x2: float
    y2: float
    weight: int  # occasions the pair co-acted on
    width: float


@dataclass(frozen=True)
class Network:
    nodes: list[Node]
    edges: list[Edge]
    width: int = WIDTH
    height: int = HEIGHT


def web_link(url: str | None) -> str | None:
    """`url` when it is http(s), else None: a `javascript:` link must never reach an href."""
    if not url:
        return None
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    return url if scheme in ("http", "https") else None


def _split(key: str) -> tuple[str, str]:
    platform, _, rest = key.partition(":")
    return platform, rest


def _decode(value: str | None) -> Any:
    return msgspec.json.decode(value) if value else None


def campaign_posts_of(
    engine: Engine, campaign_id: int, *, limit: int = MAX_POSTS
) -> list[tuple[Post, dict[str, Any]]]:
    """The campaign's stored posts (oldest first) with their enrichment, at most `limit`."""
    query = (
        select(
            posts.c.platform,
            posts.c.native_id,
            posts.c.created_at,
            posts.c.kind,
            posts.c.text,
            posts.c.title,
            posts.c.url,
            posts.c.reply_to,
            posts.c.repost_of,
            posts.c.urls,
            posts.c.hashtags,
            posts.c.enrichment,
            authors.c.native_id.label("a_native_id"),
            authors.c.handle.label("a_handle"),
            authors.c.name.label("a_name"),
        )
        .select_from(
            campaign_posts.join(
                posts,
                and_(
                    posts.c.platform == campaign_posts.c.platform,
                    posts.c.native_id == campaign_posts.c.native_id,
                ),
            ).outerjoin(authors, authors.c.id == posts.c.author_id)
        )
        .where(campaign_posts.c.campaign_id == campaign_id)
        .order_by(posts.c.created_at, posts.c.id)
        .limit(limit)
    )
    out = []
    with engine.connect() as connection:
        for row in connection.execute(query):
            author = None
            if row.a_native_id is not None:
                author = Author(native_id=row.a_native_id, handle=row.a_handle, name=row.a_name)
            post = Post(
                platform=row.platform,
                native_id=row.native_id,
                created_at=row.created_at,
                kind=row.kind,
                text=row.text,
                title=row.title,
                url=row.url,
                author=author,
                reply_to=row.reply_to,
                repost_of=row.repost_of,
                urls=_decode(row.urls),
                hashtags=_decode(row.hashtags),
            )
            out.append((post, _decode(row.enrichment) or {}))
    return out


def with_clusters(
    items: Sequence[tuple[Post, dict[str, Any]]],
) -> list[tuple[Post, dict[str, Any]]]:
    """Every post with a near-duplicate cluster: the stored ones when the pipeline's dedup
    ran on all of them, else worked out again with the same enricher (posts imported without
    it, or stored by a test)."""
    if all(e.get("dup_cluster") for _, e in items):
        return list(items)
    dedup = NearDuplicateEnricher(max_entries=max(64, 2 * len(items)))
    found = dedup.transform_many([p for p, _ in items])
    return [
        (p, {**e, "dup_cluster": f["dup_cluster"]}) for (p, e), f in zip(items, found, strict=True)
    ]


def as_campaign_posts(items: Sequence[tuple[Post, dict[str, Any]]]) -> list[CampaignPost]:
    out = []
    for post, enrichment in items:
        author = post.author
        out.append(
            CampaignPost(
                platform=post.platform,
                native_id=post.native_id,
                created_at=post.created_at,
                text=post.text,
                url=post.url,
                author=f"{post.platform}:{author.native_id}" if author else "",
                handle=(author.handle or author.name or author.native_id) if author else None,
                cluster=str(enrichment.get("dup_cluster") or normalise(post.text)),
            )
        )
    return out


def near_identical(
    items: Sequence[CampaignPost], *, groups: int = 8, per_group: int = 10
) -> tuple[list[Group], int]:
    """The largest near-duplicate clusters written by two or more of the campaign's accounts,
    biggest first, each with at most `per_group` posts (oldest first), one per account
    before any account's second post; and how many such clusters there are in all."""
    by_cluster: dict[str, list[CampaignPost]] = defaultdict(list)
    for post in items:
        by_cluster[post.cluster].append(post)
    shared = [ps for ps in by_cluster.values() if len({p.author for p in ps}) >= 2]
    shared.sort(key=lambda ps: (-len({p.author for p in ps}), -len(ps), ps[0].created_at))
    out = []
    for cluster in shared[:groups]:
        seen: set[str] = set()
        first, rest = [], []
        for post in cluster:
            (rest if post.author in seen else first).append(post)
            seen.add(post.author)
        out.append(Group(posts=(first + rest)[:per_group], accounts=len(seen)))
    return out, len(shared)


def accounts_of(
    engine: Engine, account_keys: Sequence[str], items: Sequence[CampaignPost], began: datetime
) -> list[Account]:
    """The campaign's accounts with their profiles, most active in the campaign first."""
    in_campaign = Counter(p.author for p in items)
    by_platform: dict[str, list[str]] = defaultdict(list)
    for key in account_keys:
        platform, native = _split(key)
        by_platform[platform].append(native)
    profiles: dict[str, Any] = {}
    with engine.connect() as connection:
        for platform, natives in by_platform.items():
            for i in range(0, len(natives), 500):
                rows = connection.execute(
                    select(authors)
                    .where(authors.c.platform == platform)
                    .where(authors.c.native_id.in_(natives[i : i + 500]))
                )
                for row in rows:
                    profiles[f"{platform}:{row.native_id}"] = row
    out = []
    for key in account_keys:
        platform, native = _split(key)
        row = profiles.get(key)
        created = row.created_at if row is not None else None
        out.append(
            Account(
                key=key,
                platform=platform,
                native_id=native,
                handle=row.handle if row is not None else None,
                name=row.name if row is not None else None,
                bio=row.bio if row is not None else None,
                followers=row.followers if row is not None else None,
                following=row.following if row is not None else None,
                created_at=created,
                age_days=(began - created).total_seconds() / 86400 if created else None,
                posts=in_campaign.get(key, 0),
            )
        )
    out.sort(key=lambda a: (-a.posts, a.key))
    return out


def bucket_minutes(first: datetime, last: datetime, *, bars: int = MAX_BARS) -> int:
    """The narrowest bucket (in minutes) that shows `first`..`last` in at most `bars` bars."""
    minutes = (last - first).total_seconds() / 60 + 1
    for size in _BUCKETS:
        if minutes / size <= bars:
            return size
    return _BUCKETS[-1]


def timing(
    engine: Engine,
    account_keys: Sequence[str],
    items: Sequence[CampaignPost],
    first: datetime,
    last: datetime,
    *,
    occasions: Sequence[str] = (),
    margin: timedelta = timedelta(minutes=30),
) -> dict[str, Any]:
    """The `chart` spec of the campaign's timing: posts per bucket by its accounts (all their
    stored posts in the campaign's span, through the author index) and, of them, the posts
    that co-acted; the occasions are marks."""
    start, end = first - margin, last + margin
    size = bucket_minutes(start, end)
    step = size * 60
    origin = int(start.timestamp()) // step * step
    n = int(end.timestamp()) // step * step
    n = (n - origin) // step + 1
    everything = [0] * n
    coacting = [0] * n
    ids: list[int] = []
    by_platform: dict[str, list[str]] = defaultdict(list)
    for key in account_keys:
        platform, native = _split(key)
        by_platform[platform].append(native)
    with engine.connect() as connection:
        for platform, natives in by_platform.items():
            for i in range(0, len(natives), 500):
                ids += connection.execute(
                    select(authors.c.id)
                    .where(authors.c.platform == platform)
                    .where(authors.c.native_id.in_(natives[i : i + 500]))
                ).scalars()
        for i in range(0, len(ids), 500):
            times = connection.execute(
                select(posts.c.created_at)
                .where(posts.c.author_id.in_(ids[i : i + 500]))
                .where(posts.c.created_at >= start, posts.c.created_at <= end)
                .limit(200_000)
            ).scalars()
            for t in times:
                everything[(int(t.timestamp()) - origin) // step] += 1
    for post in items:
        slot = (int(post.created_at.timestamp()) - origin) // step
        if 0 <= slot < n:
            coacting[slot] += 1
    unit = "minute" if size == 1 else f"{size} minutes"
    marks = []
    for i, when in enumerate(occasions, 1):
        try:
            moment = datetime.fromisoformat(str(when).replace("Z", "+00:00"))
        except ValueError:
            continue
        marks.append({"t": int(moment.timestamp()), "label": str(i)})
    return {
        "kind": "bars",
        "title": f"Posts per {unit} by the campaign's accounts",
        "height": 220,
        "x": [origin + i * step for i in range(n)],
        "series": [
            {"label": "all their posts", "values": everything},
            {"label": "posts that co-acted", "values": coacting},
        ],
        "marks": marks,
        "bucket_minutes": size,
    }


def network(
    items: Sequence[tuple[Post, dict[str, Any]]],
    accounts: Sequence[Account],
    *,
    params: Params | None = None,
    seed: int = 7,
) -> Network:
    """The accounts as nodes and their co-action edges (weight: occasions), laid out with a
    seeded spring layout (the same picture every time) in the SVG's drawing area."""
    coordinator = Coordinator(params)
    for post, enrichment in items:
        coordinator.add(post, enrichment)
    members = {a.key for a in accounts}
    g = nx.Graph()
    g.add_nodes_from(sorted(members))
    for a, b, data in coordinator.graph().edges(data=True):
        if a in members and b in members:
            g.add_edge(a, b, weight=int(data["weight"]))
    if len(g) == 1:
        positions = {next(iter(g)): (0.0, 0.0)}
    else:
        positions = nx.spring_layout(g, seed=seed, weight="weight", k=1.5 / math.sqrt(len(g)))
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0

    def place(key: str) -> tuple[float, float]:
        x, y = (float(v) for v in positions[key])
        return (
            round(MARGIN + (x - min(xs)) / span_x * (WIDTH - 2 * MARGIN - LABEL_ROOM), 1),
            round(MARGIN + (y - min(ys)) / span_y * (HEIGHT - 2 * MARGIN), 1),
        )

    labels = {a.key: a.label for a in accounts}
    heaviest = max((d["weight"] for _, _, d in g.edges(data=True)), default=1)
    nodes = []
    for key in sorted(g):
        x, y = place(key)
        degree = g.degree(key)
        nodes.append(Node(key=key, label=labels.get(key, key), x=x, y=y,
                          r=round(5 + min(degree, 40) / 8, 1), degree=degree))  # fmt: skip
    edges = []
    for a, b, data in sorted(g.edges(data=True)):
        (x1, y1), (x2, y2) = place(a), place(b)
        weight = int(data["weight"])
        edges.append(Edge(a=a, b=b, x1=x1, y1=y1, x2=x2, y2=y2, weight=weight,
                          width=round(0.5 + 2.5 * weight / heaviest, 2)))  # fmt: skip
    return Network(nodes=nodes, edges=edges)


def campaign_view(engine: Engine, campaign: dict[str, Any]) -> dict[str, Any]:
    """Everything the campaign page shows, from `get_campaign`'s dict."""
    first = datetime.fromisoformat(campaign["first_at"].replace("Z", "+00:00"))
    last = datetime.fromisoformat(campaign["last_at"].replace("Z", "+00:00"))
    items = with_clusters(campaign_posts_of(engine, campaign["id"]))
    shown = as_campaign_posts(items)
    accounts = accounts_of(engine, campaign["account_list"], shown, first)
    groups, group_total = near_identical(shown)
    evidence = campaign.get("evidence") or {}
    return {
        "accounts": accounts,
        "groups": groups,
        "group_total": group_total,
        "posts_read": len(items),
        "timing": timing(
            engine,
            campaign["account_list"],
            shown,
            first,
            last,
            occasions=evidence.get("occasion_times") or [],
        ),
        "network": network(items, accounts),
    }
