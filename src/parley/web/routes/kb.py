"""The knowledge-base pages: the list with search, one article (its text per language, tags,
visibility, history), writing, editing, restoring, publishing and archiving.

Analysts read; agents write and edit internal articles; managers publish (public), change
public articles and archive. The rules are checked in `parley.store.kb` (which writes the audit
rows) so a refused change shows its reason on the page (422); a missing article is a 404 page.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parley.act import kb
from parley.store import kb as store
from parley.store.kb import ArticleNotFound, KbError, NotAllowed
from parley.store.users import User
from parley.web.auth import require
from parley.web.templating import templates

router = APIRouter()
PAGE = 200
_TEXT = store.MAX_BODY_CHARS + 1


def _error(request: Request, message: str, status: int = 422) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


def _status(exc: KbError) -> int:
    if isinstance(exc, ArticleNotFound):
        return 404
    return 403 if isinstance(exc, NotAllowed) else 422


@router.get("/kb", response_class=HTMLResponse)
def kb_list(
    request: Request,
    q: str = Query("", max_length=20_000),
    archived: bool = Query(False),
    user: User = Depends(require("analyst")),
) -> HTMLResponse:
    context: dict[str, Any] = {"q": q, "archived": archived, "hits": None, "error": None,
                               "max_query": kb.MAX_QUERY_CHARS}  # fmt: skip
    status = 200
    with request.app.state.engine.connect() as connection:
        if q.strip():
            try:
                hits = kb.search(connection, q)
                articles = {a["id"]: a for a in store.list_articles(
                    connection, ids=[h.article_id for h in hits])}  # fmt: skip
                context["hits"] = [(h, articles[h.article_id]) for h in hits]
            except KbError as exc:
                context["error"], status = str(exc), 422
                context["q"] = q[: kb.MAX_QUERY_CHARS]
        context["articles"] = store.list_articles(connection, archived=archived, limit=PAGE)
    return templates.TemplateResponse(request, "kb/list.html", context, status_code=status)


def _form_page(request: Request, values: dict[str, Any], *, error: str | None = None,
               status: int = 200) -> HTMLResponse:  # fmt: skip
    context = {"v": values, "error": error, "visibilities": store.VISIBILITIES}
    return templates.TemplateResponse(request, "kb/new.html", context, status_code=status)


@router.get("/kb/new", response_class=HTMLResponse)
def kb_new(
    request: Request,
    reply: int | None = Query(None, ge=1, le=2**63 - 1),
    user: User = Depends(require("agent")),
) -> HTMLResponse:
    """The new-article form; `?reply=ID` fills it from one of our replies."""
    values: dict[str, Any] = {"title": "", "body": "", "lang": "en", "visibility": "internal",
                              "tags": "", "reply_id": None}  # fmt: skip
    if reply is not None:
        try:
            with request.app.state.engine.connect() as connection:
                values |= kb.draft_from_reply(connection, reply)
        except KbError as exc:
            return _error(request, str(exc), 404 if "no reply" in str(exc) else 422)
    return _form_page(request, values)


@router.post("/kb/new", response_model=None)
def kb_create(
    request: Request,
    title: str = Form("", max_length=_TEXT),
    body: str = Form("", max_length=_TEXT),
    lang: str = Form("", max_length=40),
    visibility: str = Form("internal", max_length=20),
    tags: str = Form("", max_length=2000),
    reply_id: int | None = Form(None, ge=1, le=2**63 - 1),
    user: User = Depends(require("agent")),
) -> Response:
    values = {"title": title, "body": body, "lang": lang, "visibility": visibility,
              "tags": tags, "reply_id": reply_id}  # fmt: skip
    try:
        with request.app.state.engine.begin() as connection:
            if reply_id is not None:
                kb.draft_from_reply(connection, reply_id)  # the reply exists and may be saved
            article_id = store.create_article(
                connection, actor=user, title=title, body=body, lang=lang,
                visibility=visibility, tags=_split(tags), source_reply_id=reply_id,
            )  # fmt: skip
    except KbError as exc:
        return _form_page(request, values, error=str(exc), status=_status(exc))
    return RedirectResponse(f"/kb/{article_id}", status_code=303)


def _split(tags: str) -> list[str]:
    return [t for t in tags.split(",") if t.strip()]


def _article_page(request: Request, article_id: int, *, error: str | None = None,
                  status: int = 200) -> HTMLResponse:  # fmt: skip
    try:
        with request.app.state.engine.connect() as connection:
            article = store.get_article(connection, article_id)
    except ArticleNotFound as exc:
        return _error(request, str(exc), 404)
    context = {"a": article, "error": error, "visibilities": store.VISIBILITIES}
    return templates.TemplateResponse(request, "kb/article.html", context, status_code=status)


@router.get("/kb/{article_id}", response_class=HTMLResponse)
def kb_article(
    request: Request, article_id: int, user: User = Depends(require("analyst"))
) -> HTMLResponse:
    return _article_page(request, article_id)


@router.get("/kb/{article_id}/edit", response_class=HTMLResponse)
def kb_edit_form(
    request: Request,
    article_id: int,
    lang: str = Query("", max_length=40),
    user: User = Depends(require("agent")),
) -> HTMLResponse:
    """Edit the text in `lang`, or write a translation (a language the article lacks)."""
    try:
        with request.app.state.engine.connect() as connection:
            article = store.get_article(connection, article_id)
        code = store.check_lang(lang) if lang else ""
    except KbError as exc:
        return _error(request, str(exc), _status(exc))
    current = article["texts"].get(code) if code else None
    context = {"a": article, "lang": code, "current": current, "error": None,
               "title": current["title"] if current else "",
               "body": current["body"] if current else ""}  # fmt: skip
    return templates.TemplateResponse(request, "kb/edit.html", context)


@router.post("/kb/{article_id}/edit", response_model=None)
def kb_edit(
    request: Request,
    article_id: int,
    lang: str = Form("", max_length=40),
    title: str = Form("", max_length=_TEXT),
    body: str = Form("", max_length=_TEXT),
    note: str = Form("", max_length=store.MAX_NOTE_CHARS + 1),
    user: User = Depends(require("agent")),
) -> Response:
    try:
        with request.app.state.engine.begin() as connection:
            store.edit_article(connection, article_id, actor=user, lang=lang, title=title,
                               body=body, note=note)  # fmt: skip
    except ArticleNotFound as exc:
        return _error(request, str(exc), 404)
    except KbError as exc:
        with request.app.state.engine.connect() as connection:
            article = store.get_article(connection, article_id)
        context = {"a": article, "lang": lang, "current": None, "error": str(exc),
                   "title": title, "body": body, "note": note}  # fmt: skip
        return templates.TemplateResponse(request, "kb/edit.html", context,
                                          status_code=_status(exc))  # fmt: skip
    return RedirectResponse(f"/kb/{article_id}", status_code=303)


def _change(request: Request, article_id: int, change: Any) -> Response:
    try:
        with request.app.state.engine.begin() as connection:
            change(connection)
    except ArticleNotFound as exc:
        return _error(request, str(exc), 404)
    except KbError as exc:
        return _article_page(request, article_id, error=str(exc), status=_status(exc))
    return RedirectResponse(f"/kb/{article_id}", status_code=303)


@router.post("/kb/{article_id}/restore", response_model=None)
def kb_restore(
    request: Request,
    article_id: int,
    version_id: int = Form(0, ge=0, le=2**63 - 1),
    user: User = Depends(require("agent")),
) -> Response:
    return _change(request, article_id, lambda c: store.restore_version(
        c, article_id, version_id, actor=user))  # fmt: skip


@router.post("/kb/{article_id}/tags", response_model=None)
def kb_tags(
    request: Request,
    article_id: int,
    tags: str = Form("", max_length=2000),
    user: User = Depends(require("agent")),
) -> Response:
    return _change(request, article_id, lambda c: store.set_tags(
        c, article_id, _split(tags), actor=user))  # fmt: skip


@router.post("/kb/{article_id}/visibility", response_model=None)
def kb_visibility(
    request: Request,
    article_id: int,
    visibility: str = Form("", max_length=20),
    user: User = Depends(require("manager")),
) -> Response:
    return _change(request, article_id, lambda c: store.set_visibility(
        c, article_id, visibility, actor=user))  # fmt: skip


@router.post("/kb/{article_id}/archive", response_model=None)
def kb_archive(
    request: Request,
    article_id: int,
    archived: bool = Form(True),
    user: User = Depends(require("manager")),
) -> Response:
    return _change(request, article_id, lambda c: store.archive(
        c, article_id, actor=user, archived=archived))  # fmt: skip
