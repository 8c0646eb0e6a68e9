"""Statement drafts: a statement on its way from a writer, through a manager's approval, to the
official accounts.

A draft is written (from scratch or from a holding-statement template) by an agent or a
manager, submitted for approval, then approved or sent back with a comment by a manager, and
finally marked published, which records the statement on the incident's timeline through
`incidents.add_statement` (so the post-mortem's time-to-first-statement sees it).

```
draft ──submit──> submitted ──approve──> approved ──publish──> published
  ^  edit            │
  │                  └──send back (comment)──> returned ──edit, submit──> submitted
```

Who may do what is decided here, not in a view, from the person's role *now* (read from the
users table at the moment of the action: a manager demoted a minute ago cannot approve):
- write, edit, submit: agent, manager, admin;
- approve, send back, publish an approved draft: manager or admin;
- four eyes: nobody approves words they wrote or edited (the draft keeps its contributors),
  except an admin, and such a self-approval says so on the timeline and in the audit log.
Every step is one conditional UPDATE (`WHERE state = ...`), so two managers clicking at once
give one approval and one clear refusal, and each step writes its timeline entry and its
audit row in the caller's transaction.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, select

from parley.incidents import holding
from parley.store import audit, users
from parley.store import incidents as incident_store
from parley.store.alerts import Conflict, check_actor, check_text, check_time
from parley.store.incidents import (
    MAX_CHANNEL_CHARS,
    MAX_NOTE_CHARS,
    MAX_STATEMENT_CHARS,
    IncidentError,
    check_url,
    record_event,
)
from parley.store.tables import incidents, statement_drafts

STATES = ("draft", "submitted", "returned", "approved", "published")
EDITABLE = ("draft", "returned")
ACTIONS = ("edit", "submit", "approve", "return", "publish")
MAX_THREAD = 25  # posts in one thread
MAX_POST_CHARS = 5_000  # one post; platforms' own limits are shorter, the page counts them
MAX_COMMENT_CHARS = MAX_NOTE_CHARS
MAX_LANGUAGE_CHARS = 35
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}")
SEPARATOR = "\n\n"  # between a thread's posts in the published statement's text

_encode = msgspec.json.Encoder().encode


class DraftError(IncidentError):
    """A draft's field is not acceptable as given; the message says which and why."""


class DraftConflict(DraftError, Conflict):
    """The step does not fit the draft's state (approving an approved draft, editing a
    submitted one)."""


class DraftForbidden(PermissionError):
    """The person may not take this step (their role, or the four-eyes rule)."""


class DraftNotFound(LookupError):
    def __init__(self, draft_id: object, incident_id: object = None) -> None:
        where = f" in incident {incident_id}" if incident_id is not None else ""
        super().__init__(f"no statement draft with id {draft_id}{where}")
        self.draft_id = draft_id


# -- checks -----------------------------------------------------------------------------------


def check_posts(posts: object) -> list[str]:
    """A thread: 1 to 25 posts, each a multi-line text of at most 5,000 characters, all of
    them together within a statement's 20,000."""
    if isinstance(posts, str) or not isinstance(posts, list | tuple):
        raise DraftError("posts must be a list of texts (one per post of the thread)")
    if not 1 <= len(posts) <= MAX_THREAD:
        raise DraftError(f"a draft has 1 to {MAX_THREAD} posts, not {len(posts)}")
    out = []
    for number, post in enumerate(posts, 1):
        out.append(check_text(post, f"post {number}", MAX_POST_CHARS, multiline=True))
    total = len(SEPARATOR.join(out))  # type: ignore[arg-type]
    if total > MAX_STATEMENT_CHARS:
        raise DraftError(f"the thread is {total} characters long; the limit is "
                         f"{MAX_STATEMENT_CHARS}")  # fmt: skip
    return out  # type: ignore[return-value]


def check_language(language: object) -> str:
    """A language tag such as `en`, `zh`, `zh-Hans`, `pt-BR`."""
    if not isinstance(language, str) or not _LANGUAGE.fullmatch(language):
        raise DraftError(f"language {str(language)[:40]!r} is not a language tag like en, "
                         "zh or pt-BR")  # fmt: skip
    return language


def person_now(connection: Connection, name: str) -> users.User | None:
    """The person as the users table says now (None: no such user, or disabled)."""
    try:
        found = users.find_user(connection, name)
    except users.UserError:
        return None
    if found["disabled"]:
        return None
    return users.User(id=found["id"], username=found["username"],
                      display_name=found["display_name"], role=found["role"])  # fmt: skip


def role_now(connection: Connection, name: str) -> str | None:
    """The person's role now, read at the moment of the step: a role taken away counts."""
    person = person_now(connection, name)
    return person.role if person else None


def _rank(role: str | None) -> int:
    return users.RANK.get(role, -1) if role else -1


def refusal(draft: dict[str, Any], action: str, *, name: str, role: str | None) -> Exception | None:
    """Why `name` (with `role`) may not take `action` on `draft` now, or None if they may.
    The pages use it to show only the buttons that will work; the steps below enforce it."""
    state = draft["state"]
    if action in ("approve", "return", "publish") and _rank(role) < _rank("manager"):
        return DraftForbidden(f"only a manager or an admin may {_verb(action)} a statement"
                              f" (you are {role or 'not a user'})")  # fmt: skip
    if action in ("approve", "return"):
        if state != "submitted":
            return DraftConflict(f"statement draft {draft['id']} is {_state_words(state)}: only "
                                 f"a submitted draft can be {_past(action)}")  # fmt: skip
        if action == "approve" and name in draft["contributors"] and role != "admin":
            return DraftForbidden(
                f"you wrote or edited statement draft {draft['id']}: another manager must "
                "approve it (four eyes)"
            )
        return None
    if _rank(role) < _rank("agent"):
        return DraftForbidden(f"only an agent, a manager or an admin may {_verb(action)} a "
                              f"statement draft (you are {role or 'not a user'})")  # fmt: skip
    if action in ("edit", "submit") and state not in EDITABLE:
        hint = {"submitted": "ask a manager to send it back first",
                "approved": "approved words are not changed: write a new draft",
                "published": "it is on the timeline as published: write a new draft"}[state]  # fmt: skip
        return DraftConflict(f"statement draft {draft['id']} is {_state_words(state)}: it "
                             f"cannot be {_past(action)} ({hint})")  # fmt: skip
    if action == "publish" and state != "approved":
        return DraftConflict(f"statement draft {draft['id']} is {_state_words(state)}: only an "
                             "approved draft can be published")  # fmt: skip
    if action not in ACTIONS:
        return DraftError(f"unknown step {action!r}")
    return None


def allowed(draft: dict[str, Any], *, name: str, role: str | None) -> list[str]:
    """The steps `name` may take on the draft now, in the order of the flow."""
    return [a for a in ACTIONS if refusal(draft, a, name=name, role=role) is None]


def _verb(action: str) -> str:
    return {"return": "send back", "edit": "edit"}.get(action, action)


def _past(action: str) -> str:
    return {"edit": "edited", "submit": "submitted", "approve": "approved",
            "return": "sent back", "publish": "published"}[action]  # fmt: skip


def _state_words(state: str) -> str:
    return {"draft": "a draft", "submitted": "waiting for approval", "returned": "sent back",
            "approved": "already approved", "published": "already published"}[state]  # fmt: skip


def _now(now: datetime | None) -> datetime:
    return check_time(now or datetime.now(UTC), "now")


# -- reading ----------------------------------------------------------------------------------


def _decode(row: Any) -> dict[str, Any]:
    draft = dict(row._mapping)
    draft["posts"] = msgspec.json.decode(draft["posts"])
    draft["contributors"] = msgspec.json.decode(draft["contributors"])
    draft["text"] = SEPARATOR.join(draft["posts"])
    return draft


def get_draft(
    connection: Connection, draft_id: int, *, incident_id: int | None = None
) -> dict[str, Any]:
    """One draft; with `incident_id`, only if it belongs to that incident."""
    query = select(statement_drafts).where(statement_drafts.c.id == draft_id)
    if incident_id is not None:
        query = query.where(statement_drafts.c.incident_id == incident_id)
    row = connection.execute(query).first()
    if row is None:
        raise DraftNotFound(draft_id, incident_id)
    return _decode(row)


def list_drafts(connection: Connection, incident_id: int) -> list[dict[str, Any]]:
    """The incident's drafts, the first written first."""
    _incident(connection, incident_id)
    rows = connection.execute(
        select(statement_drafts)
        .where(statement_drafts.c.incident_id == incident_id)
        .order_by(statement_drafts.c.created_at, statement_drafts.c.id)
    )
    return [_decode(row) for row in rows]


def _incident(connection: Connection, incident_id: int) -> dict[str, Any]:
    row = connection.execute(
        select(incidents.c.id, incidents.c.topic_id).where(incidents.c.id == incident_id)
    ).first()
    if row is None:
        raise incident_store.IncidentNotFound(incident_id)
    return dict(row._mapping)


# -- the steps --------------------------------------------------------------------------------


def _allow(connection: Connection, draft: dict[str, Any], action: str, by: str) -> users.User:
    """The person as they are now, or the refusal raised."""
    person = person_now(connection, by)
    problem = refusal(draft, action, name=by, role=person.role if person else None)
    if problem is not None:
        raise problem
    return person  # type: ignore[return-value]


def _event(
    connection: Connection, draft: dict[str, Any], kind: str, *, by: users.User, at: datetime,
    text: str, **data: Any,
) -> None:  # fmt: skip
    record_event(connection, draft["incident_id"], at=at, kind=kind, actor=by.username,
                 text=text, data={"draft_id": draft["id"], **data})  # fmt: skip
    audit.record(connection, actor=by, action=f"statement_draft.{_AUDIT[kind]}", now=at,
                 target=f"statement_draft:{draft['id']}",
                 detail={"incident_id": draft["incident_id"], **data})  # fmt: skip


_AUDIT = {"draft_created": "create", "draft_edited": "edit", "draft_submitted": "submit",
          "draft_returned": "return", "draft_approved": "approve"}  # fmt: skip


def _move(connection: Connection, draft: dict[str, Any], to: str, **values: Any) -> dict[str, Any]:
    """The conditional UPDATE: only from the state the checks saw (else someone was faster)."""
    result = connection.execute(
        statement_drafts.update()
        .where(statement_drafts.c.id == draft["id"], statement_drafts.c.state == draft["state"])
        .values(state=to, **values)
    )
    if result.rowcount != 1:
        now = get_draft(connection, draft["id"])
        raise DraftConflict(f"statement draft {draft['id']} changed meanwhile: it is "
                            f"{_state_words(now['state'])} now")  # fmt: skip
    return get_draft(connection, draft["id"])


def create_draft(
    connection: Connection,
    incident_id: int,
    *,
    posts: list[str],
    channel: str,
    language: str,
    by: str,
    template: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """A new draft (state `draft`) for the incident, written by an agent or a manager."""
    by = check_actor(by)
    values = {
        "posts": _encode(check_posts(posts)).decode(),
        "channel": check_text(channel, "channel", MAX_CHANNEL_CHARS),
        "language": check_language(language),
    }
    if template is not None and template not in holding.TEMPLATES:
        raise DraftError(f"no holding-statement template {str(template)[:64]!r}")
    now = _now(now)
    _incident(connection, incident_id)
    person = person_now(connection, by)
    if person is None or _rank(person.role) < _rank("agent"):
        raise DraftForbidden(f"only an agent, a manager or an admin may write a statement "
                             f"draft (you are {person.role if person else 'not a user'})")  # fmt: skip
    result = connection.execute(
        statement_drafts.insert().values(
            incident_id=incident_id, state="draft", template=template,
            contributors=_encode([by]).decode(), created_by=by, created_at=now,
            updated_by=by, updated_at=now, **values,
        )
    )  # fmt: skip
    draft = get_draft(connection, int(result.inserted_primary_key[0]))  # type: ignore[index]
    origin = f", from the template {template!r}" if template else ""
    thread = len(draft["posts"])
    _event(connection, draft, "draft_created", by=person, at=now,
           text=f"statement draft {draft['id']} written for {draft['channel']} "
           f"({draft['language']}{origin}, {_posts_words(thread)})",
           channel=draft["channel"], language=draft["language"], template=template,
           posts=thread)  # fmt: skip
    return draft


def draft_from_template(
    connection: Connection,
    incident_id: int,
    *,
    template: str,
    values: dict[str, str | None],
    channel: str,
    by: str,
    language: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """A new draft from a holding-statement template, its variables filled (a blank brand is
    the incident's topic, a blank time is now)."""
    now = _now(now)
    try:
        chosen = holding.template(template)
        incident = incident_store.get_incident(connection, incident_id)
        defaults = holding.default_values(brand=incident["topic"], now=now)
        posts = holding.fill(template, values, defaults=defaults)
    except holding.TemplateError as exc:
        raise DraftError(str(exc)) from None
    return create_draft(connection, incident_id, posts=posts, channel=channel,
                        language=language or chosen.language, by=by, template=template,
                        now=now)  # fmt: skip


def _posts_words(n: int) -> str:
    return "one post" if n == 1 else f"a thread of {n} posts"


def edit_draft(
    connection: Connection,
    draft_id: int,
    *,
    by: str,
    posts: list[str] | None = None,
    channel: str | None = None,
    language: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Change a draft's posts, channel or language (only while it is a draft or sent back);
    the editor becomes one of its contributors, who may not approve it."""
    by = check_actor(by)
    values: dict[str, Any] = {}
    if posts is not None:
        values["posts"] = _encode(check_posts(posts)).decode()
    if channel is not None:
        values["channel"] = check_text(channel, "channel", MAX_CHANNEL_CHARS)
    if language is not None:
        values["language"] = check_language(language)
    now = _now(now)
    draft = get_draft(connection, draft_id)
    person = _allow(connection, draft, "edit", by)
    changed = sorted(k for k, v in values.items()
                     if v != (_encode(draft[k]).decode() if k == "posts" else draft[k]))  # fmt: skip
    if not changed:
        raise DraftConflict(f"statement draft {draft_id} already says exactly that")
    contributors = draft["contributors"] + ([by] if by not in draft["contributors"] else [])
    after = _move(connection, draft, draft["state"], updated_by=by, updated_at=now,
                  contributors=_encode(contributors).decode(), **values)  # fmt: skip
    _event(connection, after, "draft_edited", by=person, at=now,
           text=f"statement draft {draft_id} edited ({', '.join(changed)})",
           changed=changed, posts=len(after["posts"]))  # fmt: skip
    return after


def submit_draft(
    connection: Connection, draft_id: int, *, by: str, now: datetime | None = None
) -> dict[str, Any]:
    """Ask for approval: the draft can no longer be edited until a manager sends it back."""
    by = check_actor(by)
    now = _now(now)
    draft = get_draft(connection, draft_id)
    person = _allow(connection, draft, "submit", by)
    for number, post in enumerate(draft["posts"], 1):
        if left := holding.unfilled(post):
            raise DraftError(f"post {number} still has {', '.join('{' + v + '}' for v in left)}"
                             ": write the words in before submitting")  # fmt: skip
    after = _move(connection, draft, "submitted", submitted_by=by, submitted_at=now)
    again = " again" if draft["state"] == "returned" else ""
    _event(connection, after, "draft_submitted", by=person, at=now,
           text=f"statement draft {draft_id} submitted for approval{again}")  # fmt: skip
    return after


def approve_draft(
    connection: Connection,
    draft_id: int,
    *,
    by: str,
    comment: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """A manager (not one of its writers, unless an admin) approves the submitted words."""
    by = check_actor(by)
    comment = check_text(comment, "comment", MAX_COMMENT_CHARS, multiline=True, optional=True)
    now = _now(now)
    draft = get_draft(connection, draft_id)
    person = _allow(connection, draft, "approve", by)
    own = by in draft["contributors"]
    after = _move(connection, draft, "approved", reviewed_by=by, reviewed_at=now,
                  review_comment=comment)  # fmt: skip
    text = f"statement draft {draft_id} approved"
    if own:
        text += f" by its own writer (allowed as {person.role})"
    if comment:
        text += f": {comment}"
    _event(connection, after, "draft_approved", by=person, at=now, text=text, comment=comment,
           self_approved=own)  # fmt: skip
    return after


def return_draft(
    connection: Connection, draft_id: int, *, by: str, comment: str, now: datetime | None = None
) -> dict[str, Any]:
    """A manager sends a submitted draft back to its writers, saying what to change."""
    by = check_actor(by)
    comment = check_text(comment, "comment (what to change)", MAX_COMMENT_CHARS,
                         multiline=True)  # type: ignore[assignment]  # fmt: skip
    now = _now(now)
    draft = get_draft(connection, draft_id)
    person = _allow(connection, draft, "return", by)
    after = _move(connection, draft, "returned", reviewed_by=by, reviewed_at=now,
                  review_comment=comment)  # fmt: skip
    _event(connection, after, "draft_returned", by=person, at=now,
           text=f"statement draft {draft_id} sent back: {comment}", comment=comment)  # fmt: skip
    return after


def publish_draft(
    connection: Connection,
    draft_id: int,
    *,
    by: str,
    url: str | None = None,
    published_at: datetime | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Mark an approved draft published (default: now; `published_at` when it went out
    earlier, not before its approval) and record it as the incident's statement."""
    by = check_actor(by)
    url = check_url(url)
    now = _now(now)
    at = check_time(published_at, "published_at") if published_at is not None else now
    draft = get_draft(connection, draft_id)
    person = _allow(connection, draft, "publish", by)
    if at > now:
        raise DraftError("published_at is in the future: mark it published once it is out")
    if at < draft["reviewed_at"]:
        raise DraftError(f"published_at is before the approval "
                         f"({draft['reviewed_at'].isoformat()})")  # fmt: skip
    event = incident_store.add_statement(
        connection, draft["incident_id"], draft["text"], by=by, channel=draft["channel"],
        url=url, published_at=at, now=now, draft_id=draft_id, thread=len(draft["posts"]),
    )  # fmt: skip
    after = _move(connection, draft, "published", published_by=by, published_at=at, url=url,
                  statement_event_id=event["id"])  # fmt: skip
    audit.record(connection, actor=person, action="statement_draft.publish", now=now,
                 target=f"statement_draft:{draft_id}",
                 detail={"incident_id": draft["incident_id"], "channel": draft["channel"],
                         "url": url, "published_at": at.isoformat(),
                         "statement_event_id": event["id"]})  # fmt: skip
    return after
