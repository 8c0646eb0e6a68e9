"""`parley contacts ...`: contacts (one profile per person across platforms) from a terminal.

A refused request (a contact that does not exist, a split with nothing to split from, a bad
segment) is one line on stderr and exit status 2; stored text (names, handles) is hostile and
printed through `render.clean`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from sqlalchemy import Connection

from parley.clitools import ID, Refused, json_option, store_opener
from parley.incidents import render
from parley.incidents.cli import _print_json
from parley.store import contacts as store
from parley.store.contacts import ContactError, Filter
from parley.store.users import User

_ID = ID
_json = json_option
_by = click.option(
    "--by", "by", help="The username acting (an agent or above); without it the CLI acts as cli."
)


_store = store_opener(ContactError, refusal=Refused)


def _actor(connection: Connection, by: str | None) -> User | str:
    """The user acting (an agent or above, as they are now), or the CLI itself."""
    if by is None:
        return "cli"
    from parley.act.cli import _user
    from parley.store.inbox import InboxError
    from parley.store.users import RANK

    try:
        user = _user(connection, by)
    except InboxError as exc:
        raise ContactError(str(exc)) from None
    if RANK[user.role] < RANK["agent"]:
        raise ContactError(f"{by} cannot change contacts: that needs the agent role")
    return user


def _identity(i: dict) -> str:
    who = f"@{i['handle'].lstrip('@')}" if i["handle"] else i["native_id"]
    return render.clean(f"{i['platform']}:{who}")


def _filter(connection: Connection, q: str | None, tag: str | None, segment: str | None) -> Filter:
    f = store.segment_filter(store.segment(connection, segment)) if segment else Filter()
    extra = store.check_filter({"q": q, "tag": tag})
    f.q, f.tag = extra.q, extra.tag or f.tag
    return f


@click.group(name="contacts")
def contacts_group() -> None:
    """Contacts: one profile per person across platforms."""


@contacts_group.command(name="list")
@click.option("--search", "q", help="Only contacts whose name, handle or email holds this.")
@click.option("--tag", help="Only contacts with this tag.")
@click.option("--segment", help="Only the contacts of this saved segment.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@_json
def contacts_list(q: str | None, tag: str | None, segment: str | None, limit: int,
                  as_json: bool) -> None:  # fmt: skip
    """Contacts, the newest first, with their relationship band."""
    with _store() as connection:
        rows = store.list_contacts(connection, _filter(connection, q, tag, segment), limit=limit)
    if as_json:
        _print_json(rows)
        return
    if not rows:
        click.echo("no contacts")
    for c in rows:
        rel = c["relationship"]
        click.echo(
            f"#{c['id']}  {render.clean(c['display_name'])[:60]}  "
            f"{', '.join(_identity(i) for i in c['identities'])}  "
            f"{c['conversations']} conversation(s)  [{rel['band']}] {rel['why']}"
        )


@contacts_group.command(name="show")
@click.argument("contact_id", type=_ID)
@_json
def contacts_show(contact_id: int, as_json: bool) -> None:
    """One contact: identities, conversations, relationship, sentiment by month, notes."""
    with _store() as connection:
        contact = store.get_contact(connection, contact_id)
        contact["identities"] = store.identities(connection, [contact_id])[contact_id]
        contact["conversations"] = store.conversations(connection, contact_id)
        contact["relationship"] = store.relationships(connection, [contact_id])[contact_id]
        contact["sentiment_by_month"] = store.sentiment_by_month(connection, contact_id)
        contact["notes"] = store.notes(connection, contact_id)
        contact["suggestions"] = store.suggestions(connection, contact_id)
    if as_json:
        _print_json(contact)
        return
    c, rel = contact, contact["relationship"]
    lines = [
        f"contact #{c['id']}: {render.clean(c['display_name'])}",
        f"  relationship: {rel['band']} ({rel['why']})",
        f"  tags: {', '.join(render.clean(t) for t in c['tags']) or '-'}",
        "  identities:",
    ]
    for i in c["identities"]:
        lines.append(f"    [{i['id']}] {_identity(i)}  {render.clean(i['name'] or '')}"
                     + (f"  <{render.clean(i['email'])}>" if i["email"] else ""))  # fmt: skip
    lines.append("  conversations:")
    for conv in c["conversations"]:
        lines.append(f"    #{conv['id']}  {render.when(conv['last_message_at'])}  "
                     f"{conv['status']:<8} {render.clean(conv['subject'])[:70]}")  # fmt: skip
    for m in c["sentiment_by_month"]:
        lines.append(f"  {m['month']}: {m['negative']} negative, {m['neutral']} neutral, "
                     f"{m['positive']} positive, {m['unknown']} not known")  # fmt: skip
    for s in c["suggestions"]:
        other = s["b"] if s["a"] == contact_id else s["a"]
        lines.append(f"  may be contact #{other} ({s['strength']}): "
                     + "; ".join(render.clean(r) for r in s["reasons"]))  # fmt: skip
    for n in c["notes"]:
        lines.append(f"  note by {render.clean(n['author'])} at {render.when(n['created_at'])}: "
                     f"{render.clean(n['text'])}")  # fmt: skip
    click.echo("\n".join(lines))


@contacts_group.command(name="merge")
@click.argument("into_id", type=_ID)
@click.argument("other_id", type=_ID)
@_by
def contacts_merge(into_id: int, other_id: int, by: str | None) -> None:
    """Merge contact OTHER_ID into INTO_ID (identities, conversations, notes and tags move)."""
    with _store(write=True) as connection:
        merged = store.merge(connection, into_id, other_id, actor=_actor(connection, by))
    click.echo(f"contact #{other_id} merged into #{into_id} "
               f"({render.clean(merged['display_name'])})")  # fmt: skip


@contacts_group.command(name="split")
@click.argument("identity_id", type=_ID)
@_by
def contacts_split(identity_id: int, by: str | None) -> None:
    """Make one identity (and its conversations) a contact of its own."""
    with _store(write=True) as connection:
        new_id = store.split(connection, identity_id, actor=_actor(connection, by))
    click.echo(f"identity {identity_id} is now contact #{new_id}")


@contacts_group.command(name="suggestions")
@click.option("--contact", "contact_id", type=_ID, help="Only suggestions for this contact.")
@_json
def contacts_suggestions(contact_id: int | None, as_json: bool) -> None:
    """Contacts that may be one person, each with its reasons (never merged by themselves)."""
    with _store() as connection:
        if contact_id is not None:
            store.get_contact(connection, contact_id)
        found = store.suggestions(connection, contact_id)
    if as_json:
        _print_json(found)
        return
    if not found:
        click.echo("no suggested merges")
    for s in found:
        click.echo(
            f"#{s['a']} {render.clean(s['a_name'])[:40]}  +  #{s['b']} "
            f"{render.clean(s['b_name'])[:40]}  ({s['strength']}): "
            + "; ".join(render.clean(r) for r in s["reasons"])
        )


@contacts_group.command(name="export")
@click.option("--segment", help="Only the contacts of this saved segment.")
@click.option("--tag", help="Only contacts with this tag.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (default: standard output).")  # fmt: skip
@click.option("--bom", is_flag=True, help="Start with a UTF-8 byte order mark (for Excel).")
def contacts_export(segment: str | None, tag: str | None, out: Path | None, bom: bool) -> None:
    """Contacts as CSV (cells that would be formulas start with an apostrophe)."""
    with _store() as connection:
        f = _filter(connection, None, tag, segment)
        items = store.iter_contacts(connection, f)
        if out is None:
            store.write_csv(items, sys.stdout, bom=bom)
            return
        with out.open("w", encoding="utf-8", newline="") as handle:
            count = store.write_csv(items, handle, bom=bom)
    click.echo(f"{count} contact(s) written to {out}", err=True)


@contacts_group.command(name="backfill")
@_json
def contacts_backfill(as_json: bool) -> None:
    """Make contacts for conversations filed before contacts existed (safe to run again)."""
    with _store(write=True) as connection:
        done = store.backfill(connection)
    if as_json:
        _print_json(done)
        return
    click.echo(f"{done['contacts']} contact(s) made; {done['emails']} email address(es) "
               "found in DMs")  # fmt: skip


COMMANDS = [contacts_group]
