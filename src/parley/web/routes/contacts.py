"""The contact pages: the list (search, tag and segment filters, keyset paging), one contact's
profile (identities, all conversations, relationship with its reasons, sentiment by month,
notes, tags, suggested merges, split), the CSV export and saved segments.

Analysts read; agents edit notes and tags, merge and split; managers keep segments. A refused
change shows its reason (422), a missing contact is a 404 page.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from parley.store import contacts as store
from parley.store.contacts import ContactError, ContactNotFound, Filter
from parley.store.users import User
from parley.web.auth import require
from parley.web.templating import templates

router = APIRouter()
PAGE = 50


def _error(request: Request, message: str, status: int = 422) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


def _filter(connection: Any, q: str, tag: str, segment: str) -> tuple[Filter, dict | None]:
    chosen = None
    if segment:
        chosen = store.segment(connection, segment)
        f = store.segment_filter(chosen)
    else:
        f = Filter()
    extra = store.check_filter({"q": q, "tag": tag})
    f.q = extra.q
    f.tag = extra.tag or f.tag
    return f, chosen


def _list_page(
    request: Request, *, q: str = "", tag: str = "", segment: str = "",
    before: int | None = None, error: str | None = None, status: int = 200,
) -> HTMLResponse:  # fmt: skip
    with request.app.state.engine.connect() as connection:
        saved = store.segments(connection)
        try:
            f, chosen = _filter(connection, q, tag, segment)
        except ContactError as exc:
            f, chosen, error, status = Filter(), None, str(exc), 422
        rows = store.list_contacts(connection, f, limit=PAGE + 1, before=before)
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    return templates.TemplateResponse(request, "contacts/list.html", {
        "rows": rows, "q": q, "tag": tag, "segment": segment, "segments": saved,
        "chosen": chosen, "next": rows[-1]["id"] if more else None, "error": error,
        "bands": store.BANDS,
    }, status_code=status)  # fmt: skip


@router.get("/contacts", response_class=HTMLResponse)
def contacts_page(
    request: Request,
    q: str = Query("", max_length=100),
    tag: str = Query("", max_length=60),
    segment: str = Query("", max_length=100),
    before: int | None = Query(None, ge=1, le=2**63 - 1),
    user: User = Depends(require("analyst")),
) -> HTMLResponse:
    return _list_page(request, q=q, tag=tag, segment=segment, before=before)


@router.get("/contacts/export.csv", response_model=None)
def contacts_export(
    request: Request,
    q: str = Query("", max_length=100),
    tag: str = Query("", max_length=60),
    segment: str = Query("", max_length=100),
    bom: bool = Query(False),
    user: User = Depends(require("analyst")),
) -> Response:
    """The contacts shown by the same filters, as CSV (formula cells neutralised)."""
    engine = request.app.state.engine
    try:
        with engine.connect() as connection:
            f, _ = _filter(connection, q, tag, segment)
    except ContactError as exc:
        return _error(request, str(exc))

    def body() -> Any:
        with engine.connect() as connection:
            yield from store.csv_chunks(store.iter_contacts(connection, f), bom=bom)

    name = "contacts" + (
        f"-{''.join(ch for ch in segment if ch.isalnum())[:40]}" if segment else ""
    )
    return StreamingResponse(
        body(), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )  # fmt: skip


@router.post("/contacts/segments", response_model=None)
def segment_add(
    request: Request,
    name: str = Form("", max_length=200),
    tag: str = Form("", max_length=60),
    platform: str = Form("", max_length=100),
    language: str = Form("", max_length=100),
    band: str = Form("", max_length=20),
    min_conversations: str = Form("", max_length=10),
    user: User = Depends(require("manager")),
) -> Response:
    values = {"tag": tag, "platform": platform, "language": language, "band": band,
              "min_conversations": min_conversations}  # fmt: skip
    try:
        with request.app.state.engine.begin() as connection:
            store.save_segment(connection, name=name, values=values, actor=user)
    except ContactError as exc:
        return _list_page(request, error=str(exc), status=422)
    clean = " ".join(name.split())
    from urllib.parse import quote

    return RedirectResponse(f"/contacts?segment={quote(clean)}", status_code=303)


@router.post("/contacts/segments/{segment_id}/delete", response_model=None)
def segment_delete(
    request: Request, segment_id: int, user: User = Depends(require("manager"))
) -> Response:
    try:
        with request.app.state.engine.begin() as connection:
            store.delete_segment(connection, segment_id, actor=user)
    except ContactError as exc:
        return _list_page(request, error=str(exc), status=404)
    return RedirectResponse("/contacts", status_code=303)


def _profile(
    request: Request, contact_id: int, *, error: str | None = None, status: int = 200
) -> HTMLResponse:
    try:
        with request.app.state.engine.connect() as connection:
            contact = store.get_contact(connection, contact_id)
            suggestions = store.suggestions(connection, contact_id)
            for s in suggestions:
                s["other"] = s["b"] if s["a"] == contact_id else s["a"]
                s["other_name"] = s["b_name"] if s["a"] == contact_id else s["a_name"]
            context = {
                "contact": contact,
                "identities": store.identities(connection, [contact_id])[contact_id],
                "conversations": store.conversations(connection, contact_id),
                "relationship": store.relationships(connection, [contact_id])[contact_id],
                "months": store.sentiment_by_month(connection, contact_id),
                "notes": store.notes(connection, contact_id),
                "suggestions": suggestions,
                "error": error,
            }
    except ContactNotFound as exc:
        return _error(request, str(exc), 404)
    return templates.TemplateResponse(request, "contacts/profile.html", context,
                                      status_code=status)  # fmt: skip


@router.get("/contacts/{contact_id}", response_class=HTMLResponse)
def contact_page(
    request: Request, contact_id: int, user: User = Depends(require("analyst"))
) -> HTMLResponse:
    return _profile(request, contact_id)


def _change(request: Request, contact_id: int, action: Any) -> Response:
    """Run `action(connection)` in a transaction, back to the profile (or its error)."""
    try:
        with request.app.state.engine.begin() as connection:
            action(connection)
    except ContactNotFound as exc:
        return _error(request, str(exc), 404)
    except ContactError as exc:
        return _profile(request, contact_id, error=str(exc), status=422)
    return RedirectResponse(f"/contacts/{contact_id}", status_code=303)


@router.post("/contacts/{contact_id}/note", response_model=None)
def contact_note(
    request: Request,
    contact_id: int,
    text: str = Form("", max_length=store.MAX_NOTE_CHARS + 1),
    user: User = Depends(require("agent")),
) -> Response:
    return _change(request, contact_id,
                   lambda c: store.add_note(c, contact_id, actor=user, text=text))  # fmt: skip


@router.post("/contacts/{contact_id}/tags", response_model=None)
def contact_tags(
    request: Request,
    contact_id: int,
    tags: str = Form("", max_length=2000),
    user: User = Depends(require("agent")),
) -> Response:
    wanted = [t for t in tags.split(",") if t.strip()]
    return _change(request, contact_id,
                   lambda c: store.set_tags(c, contact_id, wanted, actor=user))  # fmt: skip


@router.post("/contacts/{contact_id}/name", response_model=None)
def contact_rename(
    request: Request,
    contact_id: int,
    name: str = Form("", max_length=400),
    user: User = Depends(require("agent")),
) -> Response:
    return _change(request, contact_id,
                   lambda c: store.rename(c, contact_id, name, actor=user))  # fmt: skip


@router.post("/contacts/{contact_id}/merge", response_model=None)
def contact_merge(
    request: Request,
    contact_id: int,
    other: int = Form(0, ge=0, le=2**63 - 1),
    user: User = Depends(require("agent")),
) -> Response:
    """Merge contact `other` into this one (it is gone afterwards)."""

    def run(connection: Any) -> None:
        if not other:
            store.get_contact(connection, contact_id)
            raise ContactError("say which contact to merge into this one")
        store.merge(connection, contact_id, other, actor=user, now=datetime.now(UTC))

    return _change(request, contact_id, run)


@router.post("/contacts/identities/{identity_id}/split", response_model=None)
def identity_split(
    request: Request, identity_id: int, user: User = Depends(require("agent"))
) -> Response:
    """The identity becomes a contact of its own; shows the new contact."""
    try:
        with request.app.state.engine.begin() as connection:
            new_id = store.split(connection, identity_id, actor=user)
    except ContactError as exc:
        return _error(request, str(exc), 404 if str(exc).startswith("no identity") else 422)
    return RedirectResponse(f"/contacts/{new_id}", status_code=303)
