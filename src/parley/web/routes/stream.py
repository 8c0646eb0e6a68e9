"""The Stream: live posts newest first with their enrichments explained (`/stream`), the
fragments HTMX swaps in (older pages, the live poll, pause/resume), and `/api/v1/posts`.

Views are thin: filters are checked by `stream_queries.parse_filter` and a bad value is a
400 page (HTML) or a 422 naming the parameter (API); the reads live in `stream_queries`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import select

from parley.domain import PLATFORMS
from parley.store import stats
from parley.store.posts import INTENTS, SENTIMENTS
from parley.store.tables import topics
from parley.web import stream_queries as sq
from parley.web.auth import User, require
from parley.web.templating import templates

router = APIRouter()
POLL_SECONDS = 3

# Pages check lengths themselves, to answer with the page and the problem in words.
Text = str | None
Token = str | None


def _platforms(request: Request) -> frozenset[str]:
    return PLATFORMS | frozenset(request.app.state.settings.extra_platforms)


def _coordination(request: Request) -> tuple[dict[tuple[str, str], int], dict[int, str]]:
    """Accounts in suspected or confirmed campaigns (-> campaign id), and each campaign's status."""
    from parley.coordination.store import coordinated_accounts

    engine = request.app.state.engine
    accounts = coordinated_accounts(engine, ("confirmed", "suspected"))
    confirmed = set(coordinated_accounts(engine, ("confirmed",)).values())
    return accounts, {cid: ("confirmed" if cid in confirmed else "suspected")
                      for cid in set(accounts.values())}  # fmt: skip


def _filter(request: Request, params: dict[str, str | None]) -> sq.StreamFilter:
    return sq.parse_filter(request.app.state.engine, platforms=_platforms(request), **params)


def _context(request: Request, stream: sq.StreamFilter, page: sq.StreamPage,
             statuses: dict[int, str], **more: Any) -> dict[str, Any]:  # fmt: skip
    return {
        "stream": stream,
        "page": page,
        "query": urlencode(stream.active),
        "statuses": statuses,
        "poll_seconds": POLL_SECONDS,
        "scan": sq.SCAN,
        **more,
    }


@router.get("/stream", response_class=HTMLResponse)
def stream_page(
    request: Request,
    user: User = Depends(require("analyst")),
    topic: Text = None,
    language: Text = None,
    sentiment: Text = None,
    platform: Text = None,
    intent: Text = None,
    q: Text = None,
    before: Token = None,
) -> HTMLResponse:
    """The page: filters, the newest posts (or those below `before`), live updates."""
    engine = request.app.state.engine
    given = {"topic": topic, "language": language, "sentiment": sentiment,
             "platform": platform, "intent": intent, "q": q}  # fmt: skip
    # Cheap lists for the form: topic names, and the languages of the last day (the minute
    # rollup; any other tag can be typed); every platform Parley knows.
    with engine.connect() as connection:
        topic_names = list(
            connection.execute(select(topics.c.name).order_by(topics.c.name)).scalars()
        )
    since = datetime.now(UTC) - timedelta(hours=24)
    choices = {
        "topics": topic_names,
        "languages": [lang for lang, _ in stats.counts_by(engine, "lang", since=since)][:40],
        "platforms": sorted(_platforms(request)),
        "sentiments": SENTIMENTS,
        "intents": INTENTS,
        "given": given,
    }
    try:
        stream = _filter(request, given)
        position = sq.parse_position("before", before)
    except sq.FilterError as exc:
        return templates.TemplateResponse(
            request, "stream/page.html",
            {"problems": exc.problems, "choices": choices, "stream": None, "page": None},
            status_code=400,
        )  # fmt: skip
    accounts, statuses = _coordination(request)
    page = sq.older_page(engine, stream, before=position, coordinated=accounts)
    return templates.TemplateResponse(
        request, "stream/page.html",
        _context(request, stream, page, statuses, choices=choices, problems=[],
                 paused=False, historic=position is not None, continued=position is not None),
    )  # fmt: skip


def _fragment_filter(request: Request, params: dict[str, str | None]) -> sq.StreamFilter:
    try:
        return _filter(request, params)
    except sq.FilterError as exc:
        raise HTTPException(400, exc.problems[0][0] + ": " + exc.problems[0][1]) from None


def _position(name: str, token: str | None) -> sq.Position | None:
    try:
        return sq.parse_position(name, token)
    except sq.FilterError as exc:
        raise HTTPException(400, f"{name}: {exc.problems[0][1]}") from None


@router.get("/stream/older", response_class=HTMLResponse)
def stream_older(
    request: Request,
    user: User = Depends(require("analyst")),
    topic: Text = None,
    language: Text = None,
    sentiment: Text = None,
    platform: Text = None,
    intent: Text = None,
    q: Text = None,
    before: Token = None,
) -> HTMLResponse:
    """The next page below `before`: its posts and a new "older" item, swapped for the old one."""
    stream = _fragment_filter(request, {"topic": topic, "language": language,
                              "sentiment": sentiment, "platform": platform, "intent": intent,
                              "q": q})  # fmt: skip
    position = _position("before", before)
    accounts, statuses = _coordination(request)
    page = sq.older_page(request.app.state.engine, stream, before=position, coordinated=accounts)
    return templates.TemplateResponse(
        request, "stream/_page.html", _context(request, stream, page, statuses, continued=True)
    )


@router.get("/stream/live", response_class=HTMLResponse)
def stream_live(
    request: Request,
    user: User = Depends(require("analyst")),
    topic: Text = None,
    language: Text = None,
    sentiment: Text = None,
    platform: Text = None,
    intent: Text = None,
    q: Text = None,
    after: Token = None,
    paused: bool = False,
    resume: bool = False,
) -> Response:
    """The live poll: posts newer than `after`, to prepend, and the poller with its new
    position (out of band). `paused=1` only swaps the poller for its paused form; `resume=1`
    swaps in the polling form even when nothing is new."""
    stream = _fragment_filter(request, {"topic": topic, "language": language,
                              "sentiment": sentiment, "platform": platform, "intent": intent,
                              "q": q})  # fmt: skip
    position = _position("after", after)
    if paused:
        page = sq.StreamPage([], older=None, newest=position)
        return templates.TemplateResponse(
            request, "stream/_live.html",
            _context(request, stream, page, {}, paused=True, oob=False),
        )  # fmt: skip
    accounts, statuses = _coordination(request)
    page = sq.newer_posts(request.app.state.engine, stream, after=position, coordinated=accounts)
    if not page.posts and page.newest == position and not resume:
        return Response(status_code=204)  # nothing new: htmx swaps nothing, polling goes on
    return templates.TemplateResponse(
        request, "stream/_newer.html",
        _context(request, stream, page, statuses, paused=False, oob=True),
    )  # fmt: skip


# -- JSON ------------------------------------------------------------------------------------


def _api_problem(problems: list[tuple[str, str]]) -> HTTPException:
    return HTTPException(
        422, [{"loc": ["query", p], "msg": m, "type": "value_error"} for p, m in problems]
    )


@router.get("/api/v1/posts", responses={404: {"description": "no topic with this name"}})
def api_posts(
    request: Request,
    user: User = Depends(require("analyst")),
    topic: Annotated[
        str | None, Query(max_length=200, description="a topic's name (404 if there is none)")
    ] = None,
    language: Annotated[
        str | None,
        Query(
            max_length=35, pattern=sq.LANGUAGE_PATTERN, description="the language shown (BCP 47)"
        ),
    ] = None,
    sentiment: Annotated[Literal["negative", "neutral", "positive"] | None, Query()] = None,
    platform: Annotated[
        str | None,
        Query(
            min_length=1,
            description="a platform Parley knows (PARLEY_EXTRA_PLATFORMS adds to this list)",
            json_schema_extra={"enum": sorted(PLATFORMS)},
        ),
    ] = None,
    intent: Annotated[
        Literal["complaint", "question", "request", "praise", "other"] | None, Query()
    ] = None,
    q: Annotated[
        str | None,
        Query(max_length=sq.MAX_SEARCH, pattern="^[^\\x00]*$", description="words in the text"),
    ] = None,
    before: Annotated[
        str | None,
        Query(pattern=sq.POSITION_PATTERN, description="the `older` of an answer: the page below"),
    ] = None,
    after: Annotated[
        str | None,
        Query(
            pattern=sq.POSITION_PATTERN,
            description="the `newest` of an answer: only newer posts (with `before`: between)",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=sq.MAX_PAGE)] = sq.PAGE,
) -> JSONResponse:
    """Posts newest first under the filters, a page at a time (keyset: pass `older` back as
    `before`), or the posts newer than `after` (pass `newest` back to poll)."""
    try:
        stream = _filter(request, {"topic": topic, "language": language,
                         "sentiment": sentiment, "platform": platform, "intent": intent,
                         "q": q})  # fmt: skip
        position_before = sq.parse_position("before", before)
        position_after = sq.parse_position("after", after)
    except sq.FilterError as exc:
        if [p for p, _ in exc.problems] == ["topic"]:
            raise HTTPException(404, _api_problem(exc.problems).detail) from None
        raise _api_problem(exc.problems) from None
    engine = request.app.state.engine
    accounts, statuses = _coordination(request)
    if position_after is not None:
        page = sq.newer_posts(engine, stream, after=position_after, before=position_before,
                              limit=limit, coordinated=accounts)  # fmt: skip
    else:
        page = sq.older_page(engine, stream, before=position_before, limit=limit,
                             coordinated=accounts)  # fmt: skip
    out = []
    for post in page.posts:
        item = post.as_json()
        item["campaign_status"] = statuses.get(post.campaign) if post.campaign else None
        item["language"] = post.language
        out.append(item)
    return JSONResponse(
        {
            "filters": stream.active,
            "posts": out,
            "older": page.older.token if page.older else None,
            "newest": page.newest.token if page.newest else None,
            "searched_back_to": (
                page.searched_back_to.isoformat() if page.searched_back_to else None
            ),
        }
    )
