"""The Topics pages: the team's boolean queries, with a live preview while one is typed.

`/topics` lists every topic with its matches in the last 24 hours (a bounded count on the
post_topics index, never a scan of posts). A topic's page edits its query; as the user types,
HTMX posts the query to `/topics/preview`, which answers with the parser's error (its position
marked under the query) or the newest stored posts that match, each with the clause that made
it match. Creating, editing, deactivating and deleting need a manager and write an audit row;
the pipeline picks up every change by `topics_version` within seconds.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parley.detect.model import SENSITIVITIES
from parley.enrich.query import MAX_QUERY_CHARS, QuerySyntaxError, parse
from parley.store import audit
from parley.store import topics as store
from parley.web.auth import User, require
from parley.web.templating import templates

router = APIRouter()

MAX_ID = 2**63 - 1
TopicId = Annotated[int, Path(ge=1, le=MAX_ID)]
# A form with the longest query allowed, its name and the CSRF token, and no more: a larger
# body is refused before it is read (a 10,000-term query is about 100 KB).
MAX_FORM_BYTES = 4 * MAX_QUERY_CHARS + 16_384
ERROR_CONTEXT = 60  # characters of the query shown either side of an error's position
SENSITIVITY_WORDS = {
    "fewer": "fewer alerts (only clear surges)",
    "balanced": "balanced",
    "more": "more alerts (earlier, more false alarms)",
}
DONE = {  # ?done=... after a redirect: fixed words, never text from the URL
    "created": "Topic created. New posts are matched against it within a few seconds.",
    "saved": "Topic saved. New posts are matched against the new query within a few seconds.",
    "deactivated": "Topic deactivated: new posts are no longer matched against it.",
    "activated": "Topic activated: new posts are matched against it again.",
    "deleted": "Topic deleted, with its matches (the posts stay).",
}


async def _form(request: Request) -> dict[str, str]:
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_FORM_BYTES):
        raise HTTPException(413, f"the form is larger than {MAX_FORM_BYTES:,} bytes")
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def syntax_error(query: str, exc: QuerySyntaxError) -> dict[str, Any]:
    """What the page shows for a query that cannot be parsed: the message, and the line of the
    query around the error with the character at the position marked (a caret under it)."""
    pos = max(0, min(exc.position, len(query)))
    line_start = query.rfind("\n", 0, pos) + 1
    line_end = query.find("\n", pos)
    line_end = len(query) if line_end == -1 else line_end
    start = max(line_start, pos - ERROR_CONTEXT)
    end = min(line_end, pos + 1 + ERROR_CONTEXT)
    at = query[pos] if pos < line_end else ""
    return {
        # The parser's words without a topic's name (the preview is not a saved topic yet).
        "message": f"at position {exc.position}: expected {exc.expected}",
        "position": exc.position,
        "expected": exc.expected,
        "before": ("…" if start > line_start else "") + query[start:pos],
        "at": at,
        "after": query[pos + 1 : end] + ("…" if end < line_end else ""),
        "line": query.count("\n", 0, pos) + 1,
        "multiline": "\n" in query,
    }


def _check(query: str) -> dict[str, Any] | None:
    try:
        parse(query)
    except QuerySyntaxError as exc:
        return syntax_error(query, exc)
    return None


def _page(
    request: Request,
    user: User,
    topic: dict[str, Any] | None,
    *,
    form: dict[str, str] | None = None,
    problem: str | None = None,
    query_error: dict[str, Any] | None = None,
    done: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    values = form or (
        {"name": topic["name"], "query": topic["query"], "sensitivity": topic["sensitivity"]}
        if topic
        else {"name": "", "query": "", "sensitivity": "balanced"}
    )
    return templates.TemplateResponse(
        request,
        "topics/edit.html",
        {
            "topic": topic,
            "values": values,
            "problem": problem,
            "query_error": query_error,
            "done": DONE.get(done or ""),
            "sensitivities": SENSITIVITIES,
            "sensitivity_words": SENSITIVITY_WORDS,
            "can_edit": _can_edit(user),
            "max_query_chars": MAX_QUERY_CHARS,
        },
        status_code=status_code,
    )


def _can_edit(user: User) -> bool:
    return user.role in ("manager", "admin")


def _get(request: Request, topic_id: int) -> dict[str, Any]:
    with request.app.state.engine.connect() as connection:
        try:
            return store.get_topic(connection, topic_id)
        except store.TopicNotFound as exc:
            raise HTTPException(404, str(exc)) from None


def _audit_view(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("name", "query", "sensitivity", "active")}


@router.get("/topics", response_class=HTMLResponse)
def topic_list(
    request: Request, done: str | None = None, user: User = Depends(require("analyst"))
) -> HTMLResponse:
    since = datetime.now(UTC) - timedelta(hours=24)
    rows = store.topic_table(request.app.state.engine, since=since)
    return templates.TemplateResponse(
        request,
        "topics/list.html",
        {
            "topics": rows,
            "done": DONE.get(done or ""),
            "can_edit": _can_edit(user),
            "max_counted": store.MAX_COUNTED,
        },
    )


@router.get("/topics/new", response_class=HTMLResponse)
def new_topic(request: Request, user: User = Depends(require("manager"))) -> HTMLResponse:
    return _page(request, user, None)


@router.post("/topics/preview", response_class=HTMLResponse)
async def preview(request: Request, user: User = Depends(require("analyst"))) -> HTMLResponse:
    """The live preview (an HTMX fragment): the syntax error, or the matching recent posts."""
    query = (await _form(request)).get("query", "")
    context: dict[str, Any] = {"query": query, "error": None, "matches": [], "tried": 0}
    if query.strip():
        try:
            context["matches"], context["tried"] = store.preview_query(
                request.app.state.engine, query
            )
        except QuerySyntaxError as exc:
            context["error"] = syntax_error(query, exc)
    context["scan"] = store.PREVIEW_SCAN
    context["show"] = store.PREVIEW_SHOW
    return templates.TemplateResponse(request, "topics/_preview.html", context)


@router.post("/topics", response_class=HTMLResponse, response_model=None)
async def create_topic(request: Request, user: User = Depends(require("manager"))) -> Response:
    form = await _form(request)
    values = {k: form.get(k, "") for k in ("name", "query", "sensitivity")}
    query_error = _check(values["query"])
    if query_error:
        return _page(request, user, None, form=values, query_error=query_error, status_code=422)
    try:
        with request.app.state.engine.begin() as connection:
            topic = store.create_topic(
                connection,
                name=values["name"],
                query=values["query"],
                sensitivity=values["sensitivity"] or "balanced",
            )
            audit.record(
                connection, actor=user, action="topic.create", target=f"topic:{topic['id']}",
                detail=_audit_view(topic),
            )  # fmt: skip
    except store.TopicError as exc:
        return _page(request, user, None, form=values, problem=str(exc), status_code=422)
    return RedirectResponse(f"/topics/{topic['id']}?done=created", status_code=303)


@router.get("/topics/{topic_id}", response_class=HTMLResponse)
def topic_page(
    request: Request,
    topic_id: TopicId,
    done: str | None = None,
    user: User = Depends(require("analyst")),
) -> HTMLResponse:
    return _page(request, user, _get(request, topic_id), done=done)


@router.post("/topics/{topic_id}", response_class=HTMLResponse, response_model=None)
async def save_topic(
    request: Request, topic_id: TopicId, user: User = Depends(require("manager"))
) -> Response:
    topic = _get(request, topic_id)
    form = await _form(request)
    values = {k: form.get(k, "") for k in ("name", "query", "sensitivity")}
    query_error = _check(values["query"])
    if query_error:
        return _page(request, user, topic, form=values, query_error=query_error, status_code=422)
    try:
        with request.app.state.engine.begin() as connection:
            before, after = store.update_topic(
                connection,
                topic_id,
                name=values["name"],
                query=values["query"],
                sensitivity=values["sensitivity"] or topic["sensitivity"],
            )
            if before != after:
                audit.record(
                    connection, actor=user, action="topic.update", target=f"topic:{topic_id}",
                    detail={"before": _audit_view(before), "after": _audit_view(after)},
                )  # fmt: skip
    except store.TopicError as exc:
        return _page(request, user, topic, form=values, problem=str(exc), status_code=422)
    return RedirectResponse(f"/topics/{topic_id}?done=saved", status_code=303)


@router.post("/topics/{topic_id}/active", response_model=None)
async def set_active(
    request: Request, topic_id: TopicId, user: User = Depends(require("manager"))
) -> Response:
    """Deactivate (form field active=0) or activate (active=1) a topic."""
    form = await _form(request)
    if form.get("active") not in ("0", "1"):
        raise HTTPException(422, "active must be 0 (deactivate) or 1 (activate)")
    active = form["active"] == "1"
    try:
        with request.app.state.engine.begin() as connection:
            before, after = store.update_topic(connection, topic_id, active=active)
            if before["active"] != after["active"]:
                audit.record(
                    connection, actor=user, target=f"topic:{topic_id}",
                    action="topic.activate" if active else "topic.deactivate",
                    detail={"name": after["name"]},
                )  # fmt: skip
    except store.TopicNotFound as exc:
        raise HTTPException(404, str(exc)) from None
    done = "activated" if active else "deactivated"
    return RedirectResponse(f"/topics/{topic_id}?done={done}", status_code=303)


@router.get("/topics/{topic_id}/delete", response_class=HTMLResponse)
def confirm_delete(
    request: Request, topic_id: TopicId, user: User = Depends(require("manager"))
) -> HTMLResponse:
    topic = _get(request, topic_id)
    since = datetime.now(UTC) - timedelta(hours=24)
    matches = next(
        (
            t
            for t in store.topic_table(request.app.state.engine, since=since)
            if t["id"] == topic_id
        ),
        None,
    )
    return templates.TemplateResponse(
        request, "topics/delete.html", {"topic": topic, "row": matches}
    )


@router.post("/topics/{topic_id}/delete", response_model=None)
async def delete_topic(
    request: Request, topic_id: TopicId, user: User = Depends(require("manager"))
) -> Response:
    form = await _form(request)
    if form.get("confirm") != "yes":
        return RedirectResponse(f"/topics/{topic_id}/delete", status_code=303)
    try:
        with request.app.state.engine.begin() as connection:
            gone = store.delete_topic(connection, topic_id)
            audit.record(
                connection, actor=user, action="topic.delete", target=f"topic:{topic_id}",
                detail=_audit_view(gone),
            )  # fmt: skip
    except store.TopicNotFound as exc:
        raise HTTPException(404, str(exc)) from None
    return RedirectResponse("/topics?done=deleted", status_code=303)
