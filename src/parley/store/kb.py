"""The knowledge base in the store: articles, their texts per language and every version of
each (SQLite and PostgreSQL alike). Versions are never changed: an edit or a restore writes a
new one, so the history is complete. Every change takes the caller's connection and writes its
audit row in the same transaction. Search and suggestions are in `parley.act.kb`.

Who may do what (checked here, so the web app and the CLI agree): agents write internal
articles; publishing one (visibility `public`), changing a public article's texts and
archiving need a manager. A change by the CLI without `--by` (a string actor, the operator of
the server) is not role-checked, like the other admin commands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, func, insert, select, update

from parley.store import audit
from parley.store.inbox import check_tags
from parley.store.tables import kb_articles, kb_versions
from parley.store.users import User

VISIBILITIES = ("internal", "public")
MAX_TITLE_CHARS = 200
MAX_BODY_CHARS = 20_000
MAX_NOTE_CHARS = 500
PUBLISHER = "manager"
WRITER = "agent"
_LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,3}$")

_encode = msgspec.json.encode
_decode = msgspec.json.decode


class KbError(ValueError):
    """A request about the knowledge base that cannot be carried out; the message says why."""


class ArticleNotFound(KbError):
    def __init__(self, article_id: int) -> None:
        super().__init__(f"no article {article_id}")


class NotAllowed(KbError):
    """The actor's role does not allow this change."""


def check_lang(value: object) -> str:
    lang = str(value or "").strip().lower().replace("_", "-")
    if not _LANG_RE.match(lang):
        raise KbError(f"a language is a code like en, zh, ar or pt-br, got {str(value)[:40]!r}")
    return lang


def check_visibility(value: object) -> str:
    if value not in VISIBILITIES:
        raise KbError(f"visibility is one of {', '.join(VISIBILITIES)}, got {str(value)[:40]!r}")
    return str(value)


def _check_text(title: str, body: str, note: str) -> tuple[str, str, str]:
    title = " ".join(title.split())
    if not title or len(title) > MAX_TITLE_CHARS:
        raise KbError(f"an article's title is 1 to {MAX_TITLE_CHARS} characters, got {len(title)}")
    if not body.strip():
        raise KbError("an article needs a body")
    if len(body) > MAX_BODY_CHARS:
        raise KbError(f"an article's body is at most {MAX_BODY_CHARS} characters, got {len(body)}")
    note = " ".join(note.split())
    if len(note) > MAX_NOTE_CHARS:
        raise KbError(f"a change note is at most {MAX_NOTE_CHARS} characters, got {len(note)}")
    return title, body.replace("\r\n", "\n").replace("\x00", ""), note


def _allow(actor: User | str, role: str, what: str) -> None:
    if isinstance(actor, User) and not actor.can(role):
        raise NotAllowed(f"{what} needs the {role} role; {actor.username} is {actor.role}")


def _author(actor: User | str) -> tuple[int | None, str]:
    if isinstance(actor, User):
        return actor.id, actor.username
    return None, str(actor)[:200]


def _article_row(connection: Connection, article_id: int) -> dict[str, Any]:
    row = connection.execute(select(kb_articles).where(kb_articles.c.id == article_id)).first()
    if row is None:
        raise ArticleNotFound(article_id)
    item = dict(row._mapping)
    item["tags"] = _decode(item["tags"])
    return item


def _touch(connection: Connection, article_id: int, now: datetime, **values: Any) -> None:
    connection.execute(
        update(kb_articles)
        .where(kb_articles.c.id == article_id)
        .values(rev=kb_articles.c.rev + 1, updated_at=now, **values)
    )


def _add_version(
    connection: Connection, article_id: int, *, actor: User | str, lang: str, title: str,
    body: str, note: str, now: datetime, restored_from: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    v = kb_versions.c
    number = connection.execute(
        select(func.coalesce(func.max(v.number), 0)).where(
            v.article_id == article_id, v.lang == lang
        )
    ).scalar_one()
    author_id, author = _author(actor)
    row = {
        "article_id": article_id, "lang": lang, "number": int(number) + 1, "title": title,
        "body": body, "note": note or None, "restored_from": restored_from,
        "author_id": author_id, "author": author, "created_at": now,
    }  # fmt: skip
    row["id"] = int(connection.execute(insert(kb_versions).values(**row)).inserted_primary_key[0])
    return row


def create_article(
    connection: Connection, *, actor: User | str, title: str, body: str, lang: str,
    visibility: str = "internal", tags: Iterable[object] = (), note: str = "",
    source_reply_id: int | None = None, now: datetime | None = None,
) -> int:  # fmt: skip
    """A new article with its first text; returns its id."""
    now = now or datetime.now(UTC)
    _allow(actor, WRITER, "writing an article")
    visibility = check_visibility(visibility)
    if visibility == "public":
        _allow(actor, PUBLISHER, "publishing an article")
    lang = check_lang(lang)
    title, body, note = _check_text(title, body, note)
    tag_list = _tags(tags)
    article_id = int(
        connection.execute(
            insert(kb_articles).values(
                visibility=visibility, tags=_encode(tag_list).decode(), archived=False, rev=1,
                source_reply_id=source_reply_id, created_by=_author(actor)[1],
                created_at=now, updated_at=now,
            )
        ).inserted_primary_key[0]
    )  # fmt: skip
    version = _add_version(connection, article_id, actor=actor, lang=lang, title=title,
                           body=body, note=note or "created", now=now)  # fmt: skip
    audit.record(connection, actor=actor, action="kb.create", target=f"article:{article_id}",
                 detail={"lang": lang, "version": version["id"], "visibility": visibility,
                         "from_reply": source_reply_id}, now=now)  # fmt: skip
    return article_id


def _tags(tags: Iterable[object]) -> list[str]:
    try:
        return check_tags(tags)
    except ValueError as exc:
        raise KbError(str(exc).replace("a conversation", "an article")) from None


def edit_article(
    connection: Connection, article_id: int, *, actor: User | str, lang: str, title: str,
    body: str, note: str = "", now: datetime | None = None,
) -> dict[str, Any]:  # fmt: skip
    """A new version of the text in `lang` (a first one adds a translation); returns it."""
    now = now or datetime.now(UTC)
    article = _article_row(connection, article_id)
    _check_writable(actor, article)
    lang = check_lang(lang)
    title, body, note = _check_text(title, body, note)
    current = current_texts(connection, article_id).get(lang)
    if current is not None and (current["title"], current["body"]) == (title, body):
        raise KbError(f"nothing changed in the {lang} text of article {article_id}")
    version = _add_version(connection, article_id, actor=actor, lang=lang, title=title,
                           body=body, note=note, now=now)  # fmt: skip
    _touch(connection, article_id, now)
    audit.record(connection, actor=actor, action="kb.edit", target=f"article:{article_id}",
                 detail={"lang": lang, "version": version["number"], "note": note}, now=now)  # fmt: skip
    return version


def _check_writable(actor: User | str, article: dict[str, Any]) -> None:
    _allow(actor, WRITER, "changing an article")
    if article["archived"]:
        raise KbError(f"article {article['id']} is archived: restore it from the archive first")
    if article["visibility"] == "public":
        _allow(actor, PUBLISHER, "changing a public article")


def restore_version(
    connection: Connection, article_id: int, version_id: int, *, actor: User | str,
    now: datetime | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Make an old version current again, as a new version (the history keeps everything)."""
    now = now or datetime.now(UTC)
    article = _article_row(connection, article_id)
    _check_writable(actor, article)
    old = connection.execute(
        select(kb_versions).where(
            kb_versions.c.id == version_id, kb_versions.c.article_id == article_id
        )
    ).first()
    if old is None:
        raise KbError(f"article {article_id} has no version {version_id}")
    current = current_texts(connection, article_id)[old.lang]
    if current["id"] == old.id:
        raise KbError(f"version {old.number} is already the current {old.lang} text")
    version = _add_version(
        connection, article_id, actor=actor, lang=old.lang, title=old.title, body=old.body,
        note=f"restored version {old.number}", now=now, restored_from=old.number,
    )  # fmt: skip
    _touch(connection, article_id, now)
    audit.record(connection, actor=actor, action="kb.restore", target=f"article:{article_id}",
                 detail={"lang": old.lang, "restored": old.number,
                         "version": version["number"]}, now=now)  # fmt: skip
    return version


def set_visibility(
    connection: Connection, article_id: int, visibility: str, *, actor: User | str,
    now: datetime | None = None,
) -> None:  # fmt: skip
    now = now or datetime.now(UTC)
    visibility = check_visibility(visibility)
    article = _article_row(connection, article_id)
    _allow(actor, PUBLISHER, "publishing or unpublishing an article")
    if article["visibility"] == visibility:
        raise KbError(f"article {article_id} is {visibility} already")
    _touch(connection, article_id, now, visibility=visibility)
    audit.record(connection, actor=actor, action="kb.visibility", target=f"article:{article_id}",
                 detail={"from": article["visibility"], "to": visibility}, now=now)  # fmt: skip


def set_tags(
    connection: Connection, article_id: int, tags: Iterable[object], *, actor: User | str,
    now: datetime | None = None,
) -> None:  # fmt: skip
    now = now or datetime.now(UTC)
    article = _article_row(connection, article_id)
    _check_writable(actor, article)
    tag_list = _tags(tags)
    _touch(connection, article_id, now, tags=_encode(tag_list).decode())
    audit.record(connection, actor=actor, action="kb.tags", target=f"article:{article_id}",
                 detail={"from": article["tags"], "to": tag_list}, now=now)  # fmt: skip


def archive(
    connection: Connection, article_id: int, *, actor: User | str, archived: bool = True,
    now: datetime | None = None,
) -> None:  # fmt: skip
    """Archive an article (it leaves search and suggestions, nothing is deleted) or bring it
    back (`archived=False`)."""
    now = now or datetime.now(UTC)
    article = _article_row(connection, article_id)
    _allow(actor, PUBLISHER, "archiving an article" if archived else "restoring an article")
    if article["archived"] == archived:
        raise KbError(f"article {article_id} is {'archived' if archived else 'not archived'}")
    _touch(connection, article_id, now, archived=archived)
    audit.record(connection, actor=actor, action="kb.archive" if archived else "kb.unarchive",
                 target=f"article:{article_id}", now=now)  # fmt: skip


# --- reading ---------------------------------------------------------------------------------


def _current_ids() -> Any:
    """The id of the current version of each (article, language)."""
    v = kb_versions.c
    latest = (
        select(v.article_id, v.lang, func.max(v.number).label("number"))
        .group_by(v.article_id, v.lang)
        .subquery()
    )
    return (
        select(v.id)
        .join(latest, (latest.c.article_id == v.article_id) & (latest.c.lang == v.lang)
              & (latest.c.number == v.number))
    )  # fmt: skip


def current_texts(connection: Connection, article_id: int) -> dict[str, dict[str, Any]]:
    """{language: its current version} of one article."""
    v = kb_versions.c
    rows = connection.execute(
        select(kb_versions)
        .where(v.article_id == article_id, v.id.in_(_current_ids().where(v.article_id == article_id)))
        .order_by(v.lang)
    )  # fmt: skip
    return {r.lang: dict(r._mapping) for r in rows}


def get_article(connection: Connection, article_id: int) -> dict[str, Any]:
    """The article, its current text per language (`texts`) and every version (`history`,
    newest first)."""
    article = _article_row(connection, article_id)
    article["texts"] = current_texts(connection, article_id)
    article["history"] = [dict(r._mapping) for r in connection.execute(
        select(kb_versions).where(kb_versions.c.article_id == article_id)
        .order_by(kb_versions.c.id.desc()))]  # fmt: skip
    return article


def get_version(connection: Connection, article_id: int, version_id: int) -> dict[str, Any]:
    row = connection.execute(
        select(kb_versions).where(
            kb_versions.c.id == version_id, kb_versions.c.article_id == article_id
        )
    ).first()
    if row is None:
        raise KbError(f"article {article_id} has no version {version_id}")
    return dict(row._mapping)


def list_articles(
    connection: Connection, *, archived: bool = False, limit: int = 200,
    ids: Iterable[int] | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Articles, the latest changed first, each with `texts` {language: current version}."""
    a, v = kb_articles.c, kb_versions.c
    query = select(kb_articles).order_by(a.updated_at.desc(), a.id.desc()).limit(limit)
    if ids is not None:
        query = query.where(a.id.in_(list(ids)))
    else:
        query = query.where(a.archived.is_(archived))
    out: dict[int, dict[str, Any]] = {}
    for row in connection.execute(query):
        item = dict(row._mapping)
        item["tags"] = _decode(item["tags"])
        item["texts"] = {}
        out[item["id"]] = item
    if out:
        rows = connection.execute(
            select(v.id, v.article_id, v.lang, v.number, v.title, v.created_at, v.author)
            .where(v.article_id.in_(list(out)), v.id.in_(_current_ids()))
        )  # fmt: skip
        for r in rows:
            out[r.article_id]["texts"][r.lang] = dict(r._mapping)
    return list(out.values())


def signature(connection: Connection) -> tuple[int, int, int]:
    """Changes whenever any article or version changes: (articles, sum of their change
    counters, newest version id). What the search index compares to know it is stale."""
    a = kb_articles.c
    row = connection.execute(
        select(
            func.count(),
            func.coalesce(func.sum(a.rev), 0),
            select(func.coalesce(func.max(kb_versions.c.id), 0)).scalar_subquery(),
        ).select_from(kb_articles)
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def indexable(connection: Connection) -> list[dict[str, Any]]:
    """The current text of every language of every article that is not archived, with the
    article's visibility and tags: what search and suggestions look through."""
    a, v = kb_articles.c, kb_versions.c
    rows = connection.execute(
        select(v.id, v.article_id, v.lang, v.number, v.title, v.body, a.visibility, a.tags)
        .join(kb_articles, a.id == v.article_id)
        .where(a.archived.is_(False), v.id.in_(_current_ids()))
        .order_by(v.id)
    )  # fmt: skip
    out = []
    for r in rows:
        item = dict(r._mapping)
        item["tags"] = _decode(item["tags"])
        out.append(item)
    return out
