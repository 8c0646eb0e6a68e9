"""JSON API for statement drafts: `/api/v1/incidents/{id}/drafts` (write, submit, approve,
send back, publish) and the holding-statement templates to start one from.

Views are thin: pydantic checks the shape (422 names the field), `parley.store.drafts` checks
the state and who may take the step (a manager who lost the role, approving one's own draft:
403; approving an approved draft, editing a submitted one: 409) in one transaction. The actor
is the signed-in user, never a field of the body.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy import Connection

from parley.incidents import holding
from parley.incidents.render import jsonable
from parley.store import drafts as store
from parley.store.alerts import Conflict, InputError
from parley.store.incidents import MAX_CHANNEL_CHARS, MAX_URL_CHARS, IncidentNotFound
from parley.web.auth import User, require

router = APIRouter(prefix="/api/v1", tags=["statement drafts"])

MAX_ID = 2**63 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Post = Annotated[str, Field(min_length=1, max_length=store.MAX_POST_CHARS)]
Posts = Annotated[list[Post], Field(min_length=1, max_length=store.MAX_THREAD)]
Channel = Annotated[str, Field(min_length=1, max_length=MAX_CHANNEL_CHARS)]
Language = Annotated[str, Field(min_length=2, max_length=store.MAX_LANGUAGE_CHARS)]
Comment = Annotated[str, Field(min_length=1, max_length=store.MAX_COMMENT_CHARS)]
Value = Annotated[str, Field(max_length=holding.MAX_VALUE_CHARS)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TemplateValues(Body):
    brand: Value | None = None
    topic: Value | None = None
    time: Value | None = None
    next_update: Value | None = None


class DraftIn(Body):
    """Either `posts` (the thread as written) or `template` (and its `values`)."""

    channel: Channel
    posts: Posts | None = None
    template: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    values: TemplateValues | None = None
    language: Language | None = None


class DraftEdit(Body):
    posts: Posts | None = None
    channel: Channel | None = None
    language: Language | None = None


class Approval(Body):
    comment: Comment | None = None


class SendBack(Body):
    comment: Comment


class Publication(Body):
    url: Annotated[str, Field(min_length=1, max_length=MAX_URL_CHARS)] | None = None
    published_at: AwareDatetime | None = None


class Nothing(Body):
    pass


@contextmanager
def _store(request: Request, *, write: bool = False) -> Iterator[Connection]:
    engine = request.app.state.engine
    try:
        with engine.begin() if write else engine.connect() as connection:
            yield connection
    except (IncidentNotFound, store.DraftNotFound) as exc:
        raise HTTPException(404, str(exc)) from None
    except store.DraftForbidden as exc:
        raise HTTPException(403, str(exc)) from None
    except Conflict as exc:
        raise HTTPException(409, str(exc)) from None
    except InputError as exc:
        raise HTTPException(422, str(exc)) from None


def _out(draft: dict[str, Any], user: User, role: str | None) -> dict[str, Any]:
    """The draft, and the steps the caller may take on it now."""
    return jsonable(draft | {"may": store.allowed(draft, name=user.username, role=role)})


def _answer(
    connection: Connection, draft: dict[str, Any], user: User, status_code: int = 200
) -> JSONResponse:
    role = store.role_now(connection, user.username)
    return JSONResponse(_out(draft, user, role), status_code=status_code)


@router.get("/statement-templates")
def list_templates(user: User = Depends(require("analyst"))) -> JSONResponse:
    """The built-in holding statements and the variables they take."""
    return JSONResponse({
        "variables": list(holding.VARIABLES),
        "templates": [
            {"key": t.key, "title": t.title, "language": t.language, "use": t.use,
             "posts": list(t.posts)}
            for t in holding.TEMPLATES.values()
        ],
    })  # fmt: skip


@router.get("/incidents/{incident_id}/drafts")
def list_drafts(
    request: Request, incident_id: Id, user: User = Depends(require("analyst"))
) -> JSONResponse:
    with _store(request) as connection:
        role = store.role_now(connection, user.username)
        found = store.list_drafts(connection, incident_id)
        return JSONResponse([_out(d, user, role) for d in found])


@router.post("/incidents/{incident_id}/drafts")
def create_draft(
    request: Request, incident_id: Id, body: DraftIn, user: User = Depends(require("agent"))
) -> JSONResponse:
    """201 with the new draft. Give `posts`, or `template` with `values` (not both)."""
    if (body.posts is None) == (body.template is None):
        raise HTTPException(422, "give either posts (the thread) or a template, not both")
    if body.values is not None and body.template is None:
        raise HTTPException(422, "values fill a template: give the template too")
    with _store(request, write=True) as connection:
        if body.template is not None:
            values = body.values.model_dump() if body.values else {}
            draft = store.draft_from_template(
                connection, incident_id, template=body.template, values=values,
                channel=body.channel, language=body.language, by=user.username,
            )  # fmt: skip
        else:
            draft = store.create_draft(
                connection, incident_id, posts=body.posts or [], channel=body.channel,
                language=body.language or "en", by=user.username,
            )  # fmt: skip
        return _answer(connection, draft, user, 201)


@router.get("/incidents/{incident_id}/drafts/{draft_id}")
def get_draft(
    request: Request, incident_id: Id, draft_id: Id, user: User = Depends(require("analyst"))
) -> JSONResponse:
    with _store(request) as connection:
        draft = store.get_draft(connection, draft_id, incident_id=incident_id)
        return _answer(connection, draft, user)


@router.patch("/incidents/{incident_id}/drafts/{draft_id}")
def edit_draft(
    request: Request, incident_id: Id, draft_id: Id, body: DraftEdit,
    user: User = Depends(require("agent")),
) -> JSONResponse:  # fmt: skip
    """Change the posts, channel or language of a draft that is not submitted yet."""
    if body.posts is None and body.channel is None and body.language is None:
        raise HTTPException(422, "nothing to change: give posts, channel or language")
    with _store(request, write=True) as connection:
        store.get_draft(connection, draft_id, incident_id=incident_id)
        draft = store.edit_draft(connection, draft_id, by=user.username, posts=body.posts,
                                 channel=body.channel, language=body.language)  # fmt: skip
        return _answer(connection, draft, user)


@router.post("/incidents/{incident_id}/drafts/{draft_id}/submit")
def submit_draft(
    request: Request, incident_id: Id, draft_id: Id, body: Nothing | None = None,
    user: User = Depends(require("agent")),
) -> JSONResponse:  # fmt: skip
    with _store(request, write=True) as connection:
        store.get_draft(connection, draft_id, incident_id=incident_id)
        draft = store.submit_draft(connection, draft_id, by=user.username)
        return _answer(connection, draft, user)


@router.post("/incidents/{incident_id}/drafts/{draft_id}/approve")
def approve_draft(
    request: Request, incident_id: Id, draft_id: Id, body: Approval | None = None,
    user: User = Depends(require("manager")),
) -> JSONResponse:  # fmt: skip
    """A manager who did not write or edit the draft (or an admin) approves it."""
    with _store(request, write=True) as connection:
        store.get_draft(connection, draft_id, incident_id=incident_id)
        draft = store.approve_draft(connection, draft_id, by=user.username,
                                    comment=body.comment if body else None)  # fmt: skip
        return _answer(connection, draft, user)


@router.post("/incidents/{incident_id}/drafts/{draft_id}/reject")
def reject_draft(
    request: Request, incident_id: Id, draft_id: Id, body: SendBack,
    user: User = Depends(require("manager")),
) -> JSONResponse:  # fmt: skip
    """Send a submitted draft back to its writers; `comment` says what to change."""
    with _store(request, write=True) as connection:
        store.get_draft(connection, draft_id, incident_id=incident_id)
        draft = store.return_draft(connection, draft_id, by=user.username, comment=body.comment)
        return _answer(connection, draft, user)


@router.post("/incidents/{incident_id}/drafts/{draft_id}/publish")
def publish_draft(
    request: Request, incident_id: Id, draft_id: Id, body: Publication | None = None,
    user: User = Depends(require("agent")),
) -> JSONResponse:  # fmt: skip
    """Mark an approved draft published: it becomes the incident's statement on the timeline."""
    body = body or Publication()
    with _store(request, write=True) as connection:
        store.get_draft(connection, draft_id, incident_id=incident_id)
        draft = store.publish_draft(connection, draft_id, by=user.username, url=body.url,
                                    published_at=body.published_at)  # fmt: skip
        return _answer(connection, draft, user)
