"""Contacts: made by the inbox as it files conversations, merged and split, suggested merges
with their reasons, the relationship band and why, segments, CSV export, the CLI."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, insert, select, update

from parley.act import inbox
from parley.domain import Author, Post
from parley.store import contacts
from parley.store import inbox as inbox_store
from parley.store import posts as post_store
from parley.store.audit import entries
from parley.store.tables import contact_identities, inbox_conversations, sla_events
from parley.store.users import User, create_user

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MARIA_X = Author(native_id="x-1", handle="Maria_Rossi", name="María Rossi")
MARIA_IG = Author(native_id="ig-9", handle="@maria.rossi", name="Maria Rossi")


def post(platform: str, native_id: str, author: Author, *, seconds: int = 0, **kw: Any) -> Post:
    fields: dict[str, Any] = {
        "platform": platform, "native_id": native_id, "created_at": T0 + timedelta(seconds=seconds),
        "text": f"message {native_id}", "author": author, "kind": "dm", "to_account": "AureliaCare",
    }  # fmt: skip
    fields.update(kw)
    return Post(**fields)


def file(engine, hook: inbox.Inbox, batch: list[Post], sentiments=None) -> None:  # type: ignore[no-untyped-def]
    enrichments = [{"sentiment": s} if s else {} for s in (sentiments or [None] * len(batch))]
    with engine.begin() as connection:
        result = post_store.store_batch(connection, batch, enrichments)
    hook(batch, enrichments, result.new_keys)


def all_contacts(engine) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return contacts.list_contacts(connection, limit=1000)


def agent(engine) -> User:  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        return create_user(connection, username="ana", role="agent", password="x" * 12)[0]


def test_keys_normalise_handles_names_and_find_emails():
    assert (
        contacts.handle_key("@Maria.Rossi_") == contacts.handle_key("maria_rossi") == "mariarossi"
    )
    assert contacts.handle_key("＠ＭＡＲＩＡ") == "maria"  # fullwidth, NFKC
    assert contacts.handle_key("@a.") is None
    assert (
        contacts.name_key("  María   ROSSI ") == contacts.name_key("Maria Rossi") == "maria rossi"
    )
    assert contacts.name_key("Ｍａｒíａ-Rossi") == "maria rossi"
    assert contacts.find_email("write me: Maria.R+shop@Example.COM, or old@x.org.") == "old@x.org"
    assert contacts.find_email("mail MARIA@example.com please") == "maria@example.com"
    assert contacts.find_email("@maria is not an email, nor a@b") is None


def test_two_platforms_one_person_are_two_contacts_and_one_suggestion(engine):
    hook = inbox.Inbox(engine)
    file(engine, hook, [post("x", "d1", MARIA_X), post("instagram", "i1", MARIA_IG)])
    file(engine, hook, [post("x", "d2", MARIA_X, seconds=60)])  # same DM thread: no new contact
    found = all_contacts(engine)
    assert len(found) == 2
    assert {c["display_name"] for c in found} == {"María Rossi", "Maria Rossi"}
    assert all(len(c["identities"]) == 1 and c["conversations"] == 1 for c in found)
    with engine.connect() as connection:
        [suggestion] = contacts.suggestions(connection)
    assert suggestion["strength"] == "strong" and suggestion["signals"] == ["handle", "name"]
    assert "same handle on x (@Maria_Rossi) and instagram (@maria.rossi)" in suggestion["reasons"]
    assert any("same name" in r for r in suggestion["reasons"])


def test_a_name_alone_is_a_weaker_suggestion_and_common_keys_suggest_nothing(engine):
    hook = inbox.Inbox(engine)
    file(engine, hook, [
        post("x", "d1", Author(native_id="a", handle="giulia77", name="Giulia Bianchi")),
        post("instagram", "i1", Author(native_id="b", handle="gbianchi", name="Giulia  BIANCHI")),
    ] + [post("x", f"j{i}", Author(native_id=f"j{i}", handle=f"john{i}", name="John"))
         for i in range(5)])  # fmt: skip
    with engine.connect() as connection:
        found = contacts.suggestions(connection)
    assert len(found) == 1  # five Johns share a name: no suggestion among them
    assert found[0]["strength"] == "weak" and "a weaker sign" in found[0]["reasons"][0]


def test_the_hook_costs_a_fixed_number_of_statements_per_batch(engine):
    hook = inbox.Inbox(engine)
    batch = [post("x", f"d{i}", Author(native_id=f"c{i}", handle=f"cust{i}")) for i in range(300)]
    batch += [post("instagram", f"i{i}", Author(native_id=f"g{i}", handle=f"cust{i}"))
              for i in range(300)]  # fmt: skip
    with engine.begin() as connection:
        result = post_store.store_batch(connection, batch, [{} for _ in batch])
    statements: list[str] = []

    def count(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        if "contact" in statement:
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        hook(batch, [{} for _ in batch], result.new_keys)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # a lookup per platform, one insert of contacts, one read of their ids, one of identities
    assert len(statements) == 5, statements
    assert len(all_contacts(engine)) == 600


def test_merge_and_split_keep_every_conversation(engine):
    hook = inbox.Inbox(engine)
    file(engine, hook, [post("x", "d1", MARIA_X), post("instagram", "i1", MARIA_IG)])
    file(engine, hook, [post("x", "m1", MARIA_X, kind="mention", seconds=5)])
    by_name = {c["display_name"]: c for c in all_contacts(engine)}
    a, b = by_name["María Rossi"]["id"], by_name["Maria Rossi"]["id"]
    actor = agent(engine)
    with engine.begin() as connection:
        contacts.set_tags(connection, b, ["VIP", "<b>"], actor=actor)
        contacts.add_note(connection, b, actor=actor, text="prefers Italian")
        conversation_ids = {c["id"] for c in inbox_store.list_conversations(connection)}
    assert len(conversation_ids) == 3
    with engine.begin() as connection:
        merged = contacts.merge(connection, a, b, actor=actor)
    assert merged["tags"] == ["vip", "<b>"]
    with engine.connect() as connection:
        assert {c["id"] for c in contacts.conversations(connection, a)} == conversation_ids
        assert [n["text"] for n in contacts.notes(connection, a)] == ["prefers Italian"]
        assert contacts.suggestions(connection) == []
        with pytest.raises(contacts.ContactNotFound):
            contacts.get_contact(connection, b)
        [audit] = entries(connection, action="contact.merge")
        ig = [i for i in contacts.identities(connection, [a])[a] if i["platform"] == "instagram"]
    assert audit["target"] == f"contact:{a}" and audit["detail"]["merged"] == b
    with engine.begin() as connection, pytest.raises(contacts.ContactError, match="itself"):
        contacts.merge(connection, a, a, actor=actor)
    with engine.begin() as connection:
        new = contacts.split(connection, ig[0]["id"], actor=actor)
    with engine.connect() as connection:
        left = {c["id"] for c in contacts.conversations(connection, a)}
        right = {c["id"] for c in contacts.conversations(connection, new)}
        assert left | right == conversation_ids and len(right) == 1 and len(left) == 2
        assert contacts.get_contact(connection, new)["tags"] == []
        assert len(contacts.suggestions(connection)) == 1  # they look alike again
        [only] = contacts.identities(connection, [new])[new]
    with engine.begin() as connection, pytest.raises(contacts.ContactError, match="only identity"):
        contacts.split(connection, only["id"], actor=actor)
    # a later DM of the split-off identity goes to its own contact, no third contact appears
    file(engine, hook, [post("instagram", "i2", MARIA_IG, seconds=90)])
    assert len(all_contacts(engine)) == 2


def test_an_email_written_in_a_dm_suggests_a_merge(engine):
    hook = inbox.Inbox(engine)
    one = Author(native_id="u1", handle="sunflower", name="S")
    two = Author(native_id="u2", handle="kk_travels", name="Kay")
    file(engine, hook, [post("x", "d1", one, text="my order! email me at Kay.Lee@Example.com")])
    file(engine, hook, [post("instagram", "i1", two, text="hi"),
                        post("instagram", "i2", two, seconds=9, text="it's kay.lee@example.com")])  # fmt: skip
    # a public mention with an address is not a DM: it is not stored on the identity
    file(engine, hook, [post("x", "m1", Author(native_id="u3", handle="zed"), kind="mention",
                             text="@AureliaCare kay.lee@example.com")])  # fmt: skip
    with engine.connect() as connection:
        [s] = contacts.suggestions(connection)
        emails = dict(connection.execute(select(contact_identities.c.native_id,
                                                contact_identities.c.email)).all())  # fmt: skip
    assert emails == {"u1": "kay.lee@example.com", "u2": "kay.lee@example.com", "u3": None}
    assert s["signals"] == ["email"] and s["strength"] == "strong"
    assert s["reasons"] == ["both wrote kay.lee@example.com in a DM (x and instagram)"]


def test_backfill_makes_contacts_for_older_conversations(engine):
    hook = inbox.Inbox(engine)
    file(engine, hook, [post("x", "d1", MARIA_X, text="reach me at maria@example.org"),
                        post("instagram", "i1", MARIA_IG)])  # fmt: skip
    with engine.begin() as connection:  # as if filed before contacts existed
        connection.execute(contact_identities.delete())
        connection.execute(contacts.contacts.delete())
    assert all_contacts(engine) == []
    with engine.begin() as connection:
        assert contacts.backfill(connection) == {"contacts": 2, "emails": 1}
        assert contacts.backfill(connection) == {"contacts": 0, "emails": 1}
    found = all_contacts(engine)
    assert len(found) == 2 and all(c["conversations"] == 1 for c in found)
    emails = {i["email"] for c in found for i in c["identities"]}
    assert emails == {"maria@example.org", None}


def test_the_relationship_band_says_why(engine):
    hook = inbox.Inbox(engine)
    cross = Author(native_id="n1", handle="cross")
    file(engine, hook, [post("x", f"d{i}", cross, seconds=i) for i in range(4)],
         ["negative", "negative", "neutral", "negative"])  # fmt: skip
    fan = Author(native_id="f1", handle="fan")
    file(engine, hook, [post("x", f"f{i}", fan, seconds=i) for i in range(4)],
         ["positive"] * 4)  # fmt: skip
    with engine.begin() as connection:
        by_handle = {c["identities"][0]["handle"]: c for c in contacts.list_contacts(connection)}
        cid = inbox_store.list_conversations(connection, limit=10)
        cross_conv = next(c["id"] for c in cid if c["customer_handle"] == "cross")
        connection.execute(update(inbox_conversations)
                           .where(inbox_conversations.c.id == cross_conv)
                           .values(reopened_count=2, status="resolved"))  # fmt: skip
        connection.execute(insert(sla_events), [
            {"conversation_id": cross_conv, "target": "first_response", "state": s,
             "due_at": T0 + timedelta(minutes=i), "at": T0}
            for i, s in enumerate(["late", "late", "met"])
        ])  # fmt: skip
        related = contacts.relationships(connection, [by_handle["cross"]["id"],
                                                      by_handle["fan"]["id"]])  # fmt: skip
        months = contacts.sentiment_by_month(connection, by_handle["cross"]["id"])
    bad, good = related[by_handle["cross"]["id"]], related[by_handle["fan"]["id"]]
    assert bad["band"] == "at risk"
    assert bad["why"] == ("3 of 4 recent messages negative; 1 case, 1 resolved; "
                          "1 case reopened twice; 2 of 3 SLA targets late")  # fmt: skip
    assert good["band"] == "advocate"
    assert good["why"] == "4 of 4 recent messages positive; 1 case, 0 resolved; 1 open now"
    assert months == [{"month": "2026-03", "negative": 3, "neutral": 1, "positive": 0,
                       "unknown": 0}]  # fmt: skip


@pytest.mark.parametrize(("recent", "cases", "band"), [
    ({}, {}, "neutral"),
    ({"negative": 1}, {}, "neutral"),
    ({"positive": 2, "negative": 1}, {}, "good"),
    ({"positive": 3}, {"reopened": 1, "reopened_cases": 1}, "neutral"),
    ({"positive": 5}, {"reopened": 2, "reopened_cases": 1}, "at risk"),
    ({"positive": 3, "neutral": 1}, {"met": 2}, "advocate"),
])  # fmt: skip
def test_bands(recent, cases, band):
    from collections import Counter

    assert contacts.judge(Counter(recent), cases)[0] == band


def test_segments_filter_and_csv_neutralises_formulas(engine):
    hook = inbox.Inbox(engine)
    evil = Author(native_id="e1", handle="evil", name='=HYPERLINK("http://x","hi")')
    file(engine, hook, [post("x", "d1", evil, lang="it"), post("x", "d2", MARIA_X, lang="en"),
                        post("instagram", "i1", MARIA_IG)])  # fmt: skip
    actor = agent(engine)
    with engine.begin() as connection:
        evil_id = next(c["id"] for c in contacts.list_contacts(connection)
                       if c["identities"][0]["handle"] == "evil")  # fmt: skip
        contacts.set_tags(connection, evil_id, ["@cmd", "-2+3"], actor=actor)
        contacts.save_segment(connection, name="Italian on x", values={"platform": "x",
                              "language": "it"}, actor=actor)  # fmt: skip
        with pytest.raises(contacts.ContactError, match="band must be one of"):
            contacts.save_segment(connection, name="b", values={"band": "<x>"}, actor=actor)
        with pytest.raises(contacts.ContactError, match="whole number"):
            contacts.save_segment(connection, name="b", values={"min_conversations": "lots"},
                                  actor=actor)  # fmt: skip
        with pytest.raises(contacts.ContactError, match="exists already"):
            contacts.save_segment(connection, name="Italian  on x", values={}, actor=actor)
        f = contacts.segment_filter(contacts.segment(connection, "Italian on x"))
        members = contacts.list_contacts(connection, f)
        assert [m["id"] for m in members] == [evil_id]
        at_risk = contacts.check_filter({"band": "neutral", "min_conversations": "1"})
        assert len(contacts.list_contacts(connection, at_risk)) == 3
        assert contacts.list_contacts(connection, contacts.Filter(q="MARIA")) != []
        assert contacts.list_contacts(connection, contacts.Filter(q="%")) == []
        out = io.StringIO()
        assert contacts.write_csv(contacts.iter_contacts(connection, f), out, bom=True) == 1
    text = out.getvalue()
    assert text.startswith("\ufeffid,display_name")
    [header, row] = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    cell = dict(zip(header, row, strict=True))
    assert cell["display_name"] == '\'=HYPERLINK("http://x","hi")'
    assert cell["tags"] == "'@cmd, -2+3" and cell["identities"] == "x:@evil"
    for value in row:
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_keyset_paging_lists_every_contact_once(engine):
    hook = inbox.Inbox(engine)
    file(engine, hook, [post("x", f"d{i}", Author(native_id=f"c{i}", handle=f"h{i:03}"))
                        for i in range(120)])  # fmt: skip
    seen: list[int] = []
    before = None
    with engine.connect() as connection:
        while True:
            page = contacts.list_contacts(connection, limit=50, before=before)
            if not page:
                break
            seen += [c["id"] for c in page]
            before = page[-1]["id"]
        total = connection.execute(select(func.count()).select_from(contacts.contacts)).scalar()
    assert len(seen) == len(set(seen)) == total == 120


def test_cli_lists_merges_splits_and_exports(engine, cli_env, tmp_path):
    hook = inbox.Inbox(engine)
    file(engine, hook, [post("x", "d1", MARIA_X), post("instagram", "i1", MARIA_IG,
                        text="=cmd|' /C calc'!A0 mail me maria@example.com")])  # fmt: skip

    def parley(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "parley.cli", "contacts", *args],
                              env=cli_env, capture_output=True, text=True, timeout=120)  # fmt: skip

    listed = parley("list")
    assert listed.returncode == 0 and "x:@Maria_Rossi" in listed.stdout
    suggested = parley("suggestions", "--json")
    assert suggested.returncode == 0 and '"strength": "strong"' in suggested.stdout
    [a, b] = sorted(c["id"] for c in all_contacts(engine))
    merged = parley("merge", str(a), str(b))
    assert merged.returncode == 0, merged.stderr
    again = parley("merge", str(a), str(b))
    assert again.returncode == 2 and f"no contact {b}" in again.stderr
    shown = parley("show", str(a))
    assert "instagram:@maria.rossi" in shown.stdout and "<maria@example.com>" in shown.stdout
    out = tmp_path / "contacts.csv"
    exported = parley("export", "--out", str(out))
    assert exported.returncode == 0 and "1 contact(s)" in exported.stderr
    assert "maria@example.com" in out.read_text(encoding="utf-8")
    missing = parley("export", "--segment", "nope")
    assert missing.returncode == 2 and "no segment named 'nope'" in missing.stderr
    with engine.connect() as connection:
        ig = next(i for i in contacts.identities(connection, [a])[a] if i["platform"] != "x")
    split = parley("split", str(ig["id"]), "--by", "nobody-here")
    assert split.returncode == 2 and "nobody-here" in split.stderr
    split = parley("split", str(ig["id"]))
    assert split.returncode == 0 and "is now contact" in split.stdout
    assert parley("backfill", "--json").stdout.count('"contacts": 0') == 1
