"""The Stream's reads: validated filters, keyset pages of posts newest first, the live poll.

Every page is one index range: the most selective filter given (topic, then intent,
language, platform, sentiment; none: the time index) drives the walk down
(created_at, id), never OFFSET. When more conditions apply (a second filter, a text search)
a page examines at most `SCAN` posts of the driving range, so it answers in bounded time
whatever the store's size; when that many were examined without filling the page, the page
says how far back it searched and "older" continues from there, so nothing is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import Engine, and_, func, or_, select, tuple_
from sqlalchemy.sql import Select

from parley.store.posts import INTENTS, SENTIMENTS
from parley.store.tables import authors, post_topics, posts, topics
from parley.web.queries import PostView

PAGE = 50
MAX_PAGE = 200
SCAN = 3000  # posts of the driving index range one page examines under extra conditions
MAX_SEARCH = 500
LANGUAGE_PATTERN = r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"
POSITION_PATTERN = r"^(\d{1,17})-(\d{1,18})$"
_LANGUAGE_RE = re.compile(LANGUAGE_PATTERN)
_POSITION_RE = re.compile(POSITION_PATTERN)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class FilterError(ValueError):
    """One or more filter values are not acceptable; `problems` is [(parameter, message)]."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{p}: {m}" for p, m in problems))
        self.problems = problems


@dataclass(frozen=True, order=True)
class Position:
    """Where a post sits in the stream: (created_at, id), the keyset order."""

    created_at: datetime
    id: int

    @property
    def token(self) -> str:
        """The cursor as it appears in URLs: microseconds since 1970 UTC, a dash, the id."""
        delta = self.created_at - _EPOCH
        micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return f"{micros}-{self.id}"

    @classmethod
    def parse(cls, token: str) -> Position:
        found = _POSITION_RE.match(token)
        if found is None:
            raise ValueError("not a stream position (expected MICROSECONDS-ID, as in the links)")
        micros, post_id = int(found[1]), int(found[2])
        try:
            created_at = _EPOCH + timedelta(microseconds=micros)
        except OverflowError as exc:  # 17 digits stay below year 5200; kept for safety
            raise ValueError("the position's time is out of range") from exc
        return cls(created_at, post_id)


@dataclass(frozen=True)
class StreamFilter:
    """What the Stream shows: every field None means every post."""

    topic: str | None = None
    topic_id: int | None = None
    language: str | None = None
    sentiment: str | None = None
    platform: str | None = None
    intent: str | None = None
    text: str | None = None

    @property
    def active(self) -> dict[str, str]:
        """The filters given, by their query parameter names (for links and the API)."""
        out = {
            "topic": self.topic, "language": self.language, "sentiment": self.sentiment,
            "platform": self.platform, "intent": self.intent, "q": self.text,
        }  # fmt: skip
        return {k: v for k, v in out.items() if v}


@dataclass(frozen=True)
class StreamPost(PostView):
    """A post as the Stream shows it: the overview's view and the author's bio."""

    author_bio: str | None = None

    @property
    def link(self) -> str | None:
        """The post's address, only if it is http(s): never a `javascript:` href."""
        url = (self.url or "").strip()
        return url if url.lower().startswith(("https://", "http://")) else None


@dataclass(frozen=True)
class StreamPage:
    """A page of posts, newest first, and where to go on.

    `older`: the position the next older page starts below (None: the stream ends here).
    `newest`: the position the live poll asks for posts after (None: nothing shown yet).
    `searched_back_to`: set when the page stopped after examining `SCAN` posts without
    filling up: the time it searched back to ("older" goes on from there).
    """

    posts: list[StreamPost]
    older: Position | None
    newest: Position | None
    searched_back_to: datetime | None = None


def parse_filter(
    engine: Engine,
    *,
    platforms: Collection[str],
    topic: str | None = None,
    language: str | None = None,
    sentiment: str | None = None,
    platform: str | None = None,
    intent: str | None = None,
    q: str | None = None,
) -> StreamFilter:
    """Check the query parameters (empty means "any"); raises FilterError naming each one."""
    problems: list[tuple[str, str]] = []
    given = {"topic": topic, "language": language, "sentiment": sentiment,
             "platform": platform, "intent": intent, "q": q}  # fmt: skip
    for name, value in given.items():
        if value and "\x00" in value:
            problems.append((name, "contains a NUL character"))
            given[name] = None
    topic, language, sentiment = given["topic"], given["language"], given["sentiment"]
    platform, intent, q = given["platform"], given["intent"], given["q"]

    if sentiment and sentiment not in SENTIMENTS:
        problems.append(("sentiment", f"unknown sentiment; use one of {', '.join(SENTIMENTS)}"))
    if intent and intent not in INTENTS:
        problems.append(("intent", f"unknown intent; use one of {', '.join(INTENTS)}"))
    if platform and platform not in platforms:
        problems.append(("platform", "unknown platform (PARLEY_EXTRA_PLATFORMS adds more)"))
    if language and (len(language) > 35 or not _LANGUAGE_RE.match(language)):
        problems.append(("language", "not a language tag (like en, pt-BR, zh-Hant or und)"))
    text = q.strip() if q else None
    if text and len(text) > MAX_SEARCH:
        problems.append(("q", f"search text is {len(text)} characters; at most {MAX_SEARCH}"))
    topic_id = None
    if topic:
        if len(topic) > 200:
            problems.append(("topic", "no topic has a name this long (200 characters at most)"))
        else:
            with engine.connect() as connection:
                topic_id = connection.execute(
                    select(topics.c.id).where(topics.c.name == topic)
                ).scalar()
            if topic_id is None:
                problems.append(("topic", "no topic with this name"))
    if problems:
        raise FilterError(problems)
    return StreamFilter(
        topic=topic or None, topic_id=topic_id, language=language or None,
        sentiment=sentiment or None, platform=platform or None, intent=intent or None,
        text=text or None,
    )  # fmt: skip


def parse_position(name: str, token: str | None) -> Position | None:
    if not token:
        return None
    try:
        return Position.parse(token)
    except ValueError as exc:
        raise FilterError([(name, str(exc))]) from None


def older_page(
    engine: Engine,
    stream: StreamFilter,
    *,
    before: Position | None = None,
    limit: int = PAGE,
    coordinated: Mapping[tuple[str, str], int] | None = None,
) -> StreamPage:
    """The newest `limit` posts under the filter, below `before` (the top without it)."""
    return _page(engine, stream, before, limit, coordinated, newer=False)


def newer_posts(
    engine: Engine,
    stream: StreamFilter,
    *,
    after: Position | None,
    before: Position | None = None,
    limit: int = PAGE,
    coordinated: Mapping[tuple[str, str], int] | None = None,
) -> StreamPage:
    """Posts above `after` (the oldest of them first in the walk, the page newest first).

    `newest` is where the next poll starts: past every post examined, so posts the filter
    leaves out are not looked at again. More than `limit` new posts come over several polls.
    With `before` too, only posts between the two.
    """
    return _page(engine, stream, after, limit, coordinated, newer=True, until=before)


# -- the walk --------------------------------------------------------------------------------


def _driver(stream: StreamFilter) -> tuple[Select[Any], Any, Any, list[Any]]:
    """(candidate (id, created_at) select, its time column, its id column, residual conditions)."""
    residual: list[Any] = []
    driver = None
    if stream.topic_id is not None:
        query = select(post_topics.c.post_id.label("id"), post_topics.c.created_at).where(
            post_topics.c.topic_id == stream.topic_id
        )
        at, ident = post_topics.c.created_at, post_topics.c.post_id
        driver = "topic"
    else:
        query = select(posts.c.id, posts.c.created_at)
        at, ident = posts.c.created_at, posts.c.id
    for name in ("intent", "language", "platform", "sentiment"):
        value = getattr(stream, name)
        if value is None:
            continue
        condition = posts.c[name] == value
        if driver is None:
            query = query.where(condition)
            driver = name
        else:
            residual.append(condition)
    if stream.text:
        pattern = "%" + _escape_like(stream.text) + "%"
        residual.append(
            or_(
                posts.c.text.ilike(pattern, escape="\\"),
                posts.c.title.ilike(pattern, escape="\\"),
            )
        )
    return query, at, ident, residual


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _beyond(at: Any, ident: Any, position: Position, *, newer: bool) -> Any:
    # The plain bound on the time column lets an index on it (alone) serve the row compare.
    if newer:
        return and_(
            at >= position.created_at, tuple_(at, ident) > (position.created_at, position.id)
        )
    return and_(at <= position.created_at, tuple_(at, ident) < (position.created_at, position.id))


def _page(
    engine: Engine,
    stream: StreamFilter,
    position: Position | None,
    limit: int,
    coordinated: Mapping[tuple[str, str], int] | None,
    *,
    newer: bool,
    until: Position | None = None,
) -> StreamPage:
    limit = max(1, min(limit, MAX_PAGE))
    query, at, ident, residual = _driver(stream)
    if position is not None:
        query = query.where(_beyond(at, ident, position, newer=newer))
    if until is not None:
        query = query.where(_beyond(at, ident, until, newer=not newer))
    order = (at.asc(), ident.asc()) if newer else (at.desc(), ident.desc())
    bounded = bool(residual)
    if bounded:
        # The other conditions are worked out inside the bounded walk, as a column: a filter
        # cannot be pushed below a LIMIT, so no planner can turn them into a scan of their
        # own indexes (PostgreSQL did, with stale statistics: 1.5 s instead of 30 ms).
        if stream.topic_id is not None:
            query = query.join(posts, posts.c.id == post_topics.c.post_id)
        query = query.add_columns(and_(*residual).label("hit"))
    candidates = query.order_by(*order).limit(SCAN if bounded else limit).subquery("candidates")
    walk = (candidates.c.created_at, candidates.c.id)
    forward = tuple(c.asc() if newer else c.desc() for c in walk)
    backward = tuple(c.desc() if newer else c.asc() for c in walk)

    columns = [
        posts.c.id, posts.c.platform, posts.c.native_id, posts.c.kind, posts.c.created_at,
        posts.c.text, posts.c.title, posts.c.url, posts.c.lang, authors.c.handle,
        authors.c.name, authors.c.followers, posts.c.enrichment, authors.c.native_id,
        authors.c.bio,
    ]  # fmt: skip
    found = (
        select(*columns)
        .select_from(
            candidates.join(posts, posts.c.id == candidates.c.id).outerjoin(
                authors, posts.c.author_id == authors.c.id
            )
        )
        .where(*([candidates.c.hit] if bounded else []))
        .order_by(*forward)
        .limit(limit)
    )

    def edge(connection: Any, ordering: tuple[Any, ...]) -> Position | None:
        row = connection.execute(select(*walk).order_by(*ordering).limit(1)).first()
        return None if row is None else Position(_aware(row[0]), int(row[1]))

    with engine.connect() as connection:
        rows = connection.execute(found).all()
        views = [_view(row, coordinated) for row in rows]
        full = len(views) >= limit
        if newer:
            # past every post examined, so the next poll does not look at them again
            if full:
                newest = Position(views[-1].created_at, views[-1].id)
            else:
                newest = edge(connection, backward) or position
            views.reverse()
            return StreamPage(views, older=None, newest=newest)

        searched = None
        if full:
            older: Position | None = Position(views[-1].created_at, views[-1].id)
        elif bounded:
            # the farthest post examined, and how many were: one query for both
            far = connection.execute(
                select(*walk, func.count().over()).order_by(*backward).limit(1)
            ).first()
            if far is not None and far[2] >= SCAN:
                older = Position(_aware(far[0]), int(far[1]))
                searched = older.created_at
            else:
                older = None
        else:
            older = None
        if views:
            newest = Position(views[0].created_at, views[0].id)
        elif position is None:
            newest = edge(connection, forward)  # the top of the range: poll from there
        else:
            newest = None
    return StreamPage(views, older=older, newest=newest, searched_back_to=searched)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _view(row: Any, coordinated: Mapping[tuple[str, str], int] | None) -> StreamPost:
    enrichment = msgspec.json.decode(row[12]) if row[12] else {}
    if not isinstance(enrichment, dict):
        enrichment = {}
    view = StreamPost(*row[:12], enrichment, author_native_id=row[13], author_bio=row[14])
    if coordinated and view.author_native_id is not None:
        campaign = coordinated.get((view.platform, view.author_native_id))
        if campaign is not None:
            view = replace(view, campaign=campaign)
    return view
