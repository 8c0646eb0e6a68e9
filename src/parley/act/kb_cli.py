"""`parley kb ...`: the knowledge base from a terminal: list, show, add, import, search and
the suggestions for a conversation. A refused request (bad input, an unknown article) is one
line and exit status 2; stored text is printed with control characters escaped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from sqlalchemy import Connection

from parley.act import kb
from parley.act.cli import _user
from parley.clitools import ID, Refused, json_option, store_opener
from parley.incidents import render
from parley.incidents.cli import _print_json
from parley.store import kb as store
from parley.store.inbox import InboxError
from parley.store.kb import KbError
from parley.store.users import User

_ID = ID
_json = json_option
_by = click.option(
    "--by", "by", help="The username acting (their role counts); without it, the operator."
)
MAX_IMPORT_ERRORS = 20


_store = store_opener(KbError, InboxError, refusal=Refused)


def _actor(connection: Connection, by: str | None) -> User | str:
    return _user(connection, by) if by else "cli:kb"


@click.group(name="kb")
def kb_group() -> None:
    """The knowledge base: articles, search, suggested answers."""


@kb_group.command(name="list")
@click.option("--archived", is_flag=True, help="The archived articles instead.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 10_000))
@_json
def kb_list(archived: bool, limit: int, as_json: bool) -> None:
    """Articles, the latest changed first: id, visibility, languages, title."""
    with _store() as connection:
        rows = store.list_articles(connection, archived=archived, limit=limit)
    if as_json:
        _print_json(rows)
        return
    if not rows:
        click.echo("no articles")
    for a in rows:
        first = a["texts"].get("en") or next(iter(a["texts"].values()), None)
        title = render.clean(first["title"]) if first else "(no text)"
        tags = ", ".join(render.clean(t) for t in a["tags"])
        click.echo(f"#{a['id']}  {a['visibility']:<8}  {','.join(a['texts']):<12}  {title}"
                   + (f"  [{tags}]" if tags else ""))  # fmt: skip


@kb_group.command(name="show")
@click.argument("article_id", type=_ID)
@_json
def kb_show(article_id: int, as_json: bool) -> None:
    """One article: its current text per language and its history."""
    with _store() as connection:
        article = store.get_article(connection, article_id)
    if as_json:
        _print_json(article)
        return
    a = article
    lines = [
        f"article #{a['id']}: {a['visibility']}{', ARCHIVED' if a['archived'] else ''}; "
        f"created by {render.clean(a['created_by'])} at {render.when(a['created_at'])}"
        + (f"; saved from reply #{a['source_reply_id']}" if a["source_reply_id"] else ""),
        f"  tags: {', '.join(render.clean(t) for t in a['tags']) or '-'}",
    ]
    for code, t in a["texts"].items():
        body = render.clean(t["body"], keep_newlines=True).replace("\n", "\n    ")
        lines += ["", f"  [{code}] {render.clean(t['title'])}  (version {t['number']} by "
                  f"{render.clean(t['author'])})", f"    {body}"]  # fmt: skip
    lines += ["", "  history:"]
    for h in a["history"]:
        lines.append(f"    {render.when(h['created_at'])}  {h['lang']} v{h['number']} "
                     f"(version id {h['id']}) by {render.clean(h['author'])}"
                     + (f": {render.clean(h['note'])}" if h["note"] else ""))  # fmt: skip
    click.echo("\n".join(lines))


@kb_group.command(name="add")
@click.option("--title", required=True)
@click.option("--body", required=True, help="The text (plain text).")
@click.option("--lang", required=True, help="Its language: en, zh, ar, it, pt-br...")
@click.option("--visibility", type=click.Choice(store.VISIBILITIES), default="internal",
              show_default=True)  # fmt: skip
@click.option("--tags", default="", help="Comma-separated tags.")
@_by
def kb_add(title: str, body: str, lang: str, visibility: str, tags: str, by: str | None) -> None:
    """Write a new article."""
    with _store(write=True) as connection:
        article_id = store.create_article(
            connection, actor=_actor(connection, by), title=title, body=body, lang=lang,
            visibility=visibility, tags=[t for t in tags.split(",") if t.strip()],
        )  # fmt: skip
    click.echo(f"article #{article_id} written")


def _import_line(connection: Connection, actor: User | str, item: Any) -> int:
    if not isinstance(item, dict):
        raise KbError("each line is a JSON object")
    texts = [item, *(item.get("translations") or [])]
    for t in texts:
        if not isinstance(t, dict):
            raise KbError("a translation is a JSON object with lang, title and body")
        for key in ("title", "body", "lang"):
            if not isinstance(t.get(key), str):
                raise KbError(f"{key!r} is missing or not text")
    tags = item.get("tags") or []
    if not isinstance(tags, list):
        raise KbError("'tags' is a list of text")
    article_id = store.create_article(
        connection, actor=actor, title=item["title"], body=item["body"], lang=item["lang"],
        visibility=str(item.get("visibility") or "internal"), tags=tags, note="imported",
    )  # fmt: skip
    for t in texts[1:]:
        store.edit_article(connection, article_id, actor=actor, lang=t["lang"], title=t["title"],
                           body=t["body"], note="imported")  # fmt: skip
    return article_id


@kb_group.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_by
def kb_import(file: Path, by: str | None) -> None:
    """Articles from a JSON Lines file, all or nothing: one article a line, {"title", "body",
    "lang", "visibility"?, "tags"?, "translations"?: [{"lang", "title", "body"}]}."""
    problems: list[str] = []
    count = 0
    with _store(write=True) as connection:
        actor = _actor(connection, by)
        with file.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                try:
                    _import_line(connection, actor, json.loads(raw))
                    count += 1
                except (ValueError, UnicodeDecodeError) as exc:  # KbError, JSON errors
                    problems.append(f"line {number}: {exc}"[:300])
                    if len(problems) >= MAX_IMPORT_ERRORS:
                        break
        if problems:  # raising rolls the whole import back
            raise Refused(f"{file.name}: nothing imported; {len(problems)} problem(s):\n  "
                          + "\n  ".join(problems))  # fmt: skip
    click.echo(f"{file.name}: {count} articles imported")


def _hit_json(hit: kb.Hit) -> dict[str, Any]:
    return {
        "article_id": hit.article_id, "version_id": hit.version_id, "lang": hit.lang,
        "title": hit.title, "visibility": hit.visibility, "tags": hit.tags,
        "score": round(hit.score, 4),
        "terms": [{"text": t.text, "share": round(t.share, 4)} for t in hit.terms],
        "why": hit.why(),
    }  # fmt: skip


@kb_group.command(name="search")
@click.argument("query")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@_json
def kb_search(query: str, limit: int, as_json: bool) -> None:
    """Articles like QUERY (any language), best first, each with why it matched."""
    with _store() as connection:
        hits = kb.search(connection, query, limit=limit)
    if as_json:
        _print_json([_hit_json(h) for h in hits])
        return
    if not hits:
        click.echo("no article matches")
    for h in hits:
        click.echo(f"#{h.article_id}  [{h.lang}] {render.clean(h.title)}")
        click.echo(f"    {render.clean(h.why())}")


@kb_group.command(name="suggest")
@click.argument("conversation_id", type=_ID)
@click.option("--limit", default=3, show_default=True, type=click.IntRange(1, 20))
@_json
def kb_suggest(conversation_id: int, limit: int, as_json: bool) -> None:
    """The articles that answer a conversation's latest customer messages, with why."""
    with _store() as connection:
        found = kb.suggest(connection, conversation_id, limit=limit)
    if as_json:
        _print_json([_hit_json(s.hit) | {"offered_lang": s.lang, "offered_title": s.title,
                                         "rank_score": round(s.score, 4), "why": s.why()}
                     for s in found])  # fmt: skip
        return
    if not found:
        click.echo("no article matches this conversation's latest messages")
    for s in found:
        click.echo(f"#{s.hit.article_id}  [{s.lang}] {render.clean(s.title)}")
        click.echo(f"    {render.clean(s.why())}")


COMMANDS = (kb_group,)


def register(main: click.Group) -> None:
    """Add the group to the `parley` command (one line in parley/cli.py)."""
    for group in COMMANDS:
        main.add_command(group)
