"""The inbox list's filters, saved views (own and shared) and keyset paging."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from parley.act import inbox
from parley.domain import Author, Post
from parley.settings import Settings
from parley.store import inbox as store
from parley.store import posts as post_store
from parley.store.inbox_views import ViewError, parse_filters
from parley.web.app import create_app
from tests.webutil import signed_in


@pytest.fixture
def app(engine, db_url, tmp_path):  # type: ignore[no-untyped-def]
    return create_app(Settings(data_dir=tmp_path, database_url=db_url), engine=engine,
                      simulate=None)  # fmt: skip


def file_dms(engine, count: int, *, lang: str = "en", start: int = 0, same_time: bool = False):  # type: ignore[no-untyped-def]
    """`count` DMs from different customers; with `same_time` all at one instant (ties)."""
    hook = inbox.Inbox(engine)
    base = datetime.now(UTC) - timedelta(hours=2)
    batch = [
        Post(platform="x", native_id=f"dm{start + i}", kind="dm", to_account="AureliaCare",
             created_at=base if same_time else base + timedelta(seconds=i),
             text=f"message {start + i}", author=Author(native_id=f"c{start + i}"))
        for i in range(count)
    ]  # fmt: skip
    enrichments = [{"lang": lang} for _ in batch]
    with engine.begin() as connection:
        result = post_store.store_batch(connection, batch, enrichments)
    hook(batch, enrichments, result.new_keys)


def ids_on(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'name="ids" value="(\d+)"', page)]


def test_filters_are_checked_and_name_the_problem() -> None:
    assert parse_filters({}).status == ("new", "open", "pending")
    assert parse_filters({"status": ["all"]}).status == ("new", "open", "pending", "resolved")
    for raw, named in (
        ({"status": ["closed"]}, "status must be one of"),
        ({"priority": "asap"}, "priority must be one of"),
        ({"lang": "zh' OR 1=1"}, "lang must be a language code"),
        ({"tag": "x" * 65}, "tag is at most 64"),
        ({"tag": "a\x00b"}, "tag has control characters"),
        ({"assignee": "<script>"}, "assignee must be me, nobody or a username"),
        ({"sla": "late"}, "sla must be one of"),
    ):
        with pytest.raises(ViewError, match=named):
            parse_filters(raw)


def test_keyset_paging_shows_every_conversation_once_even_with_ties(app, engine) -> None:
    file_dms(engine, 130, same_time=True)  # one instant: only the id breaks the tie
    file_dms(engine, 90, start=130)
    agent = signed_in(app, "agent")
    seen: list[int] = []
    url = "/inbox?view=open"
    for _ in range(5):
        page = agent.get(url)
        assert page.status_code == 200
        seen += ids_on(page.text)
        found = re.search(r'<a href="([^"]+)" rel="next">', page.text)
        if not found:
            break
        url = found.group(1).replace("&amp;", "&")
    assert len(seen) == 220 and len(set(seen)) == 220


def test_a_filtered_list_saved_as_a_view_is_its_owners(app, engine) -> None:
    file_dms(engine, 3, lang="zh")
    file_dms(engine, 2, lang="en", start=10)
    ana = signed_in(app, "agent", username="ana")
    page = ana.get("/inbox", params={"lang": "zh", "channel": "private", "status": "new"})
    assert page.status_code == 200 and len(ids_on(page.text)) == 3
    assert "Filtered: new, language zh, private messages" in page.text
    bad = ana.get("/inbox", params={"lang": "<script>"})
    assert bad.status_code == 422 and "lang must be a language code" in bad.text
    assert "<script>" not in bad.text
    # Sharing with the team needs a manager; a view of one's own does not.
    query = "?status=new&lang=zh&channel=private"
    refused = ana.post("/inbox/views", data={"name": "zh", "filters": query, "shared": "true"})
    assert refused.status_code == 422 and "only a manager" in refused.text
    saved = ana.post("/inbox/views", data={"name": "Chinese <b>DMs</b>", "filters": query},
                     follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    location = saved.headers["location"]
    shown = ana.get(location)
    assert len(ids_on(shown.text)) == 3 and "Chinese &lt;b&gt;DMs&lt;/b&gt;" in shown.text
    again = ana.post("/inbox/views", data={"name": "chinese <B>dms</B>", "filters": query})
    assert again.status_code == 422 and "already a view named" in again.text
    ben = signed_in(app, "agent", username="ben")
    assert ben.get(location).status_code == 404  # someone else's view
    view_id = int(location.rsplit("-", 1)[1])
    assert ben.post(f"/inbox/views/{view_id}/delete").status_code == 403
    boss = signed_in(app, "manager", username="boss")
    shared = boss.post("/inbox/views", data={"name": "Team zh", "filters": query,
                                             "shared": "true"}, follow_redirects=False)  # fmt: skip
    assert shared.status_code == 303
    assert "Team zh" in ben.get("/inbox").text  # the team sees a shared view
    shared_id = int(shared.headers["location"].rsplit("-", 1)[1])
    assert ben.post(f"/inbox/views/{shared_id}/delete").status_code == 403
    assert ana.post(f"/inbox/views/{view_id}/delete", follow_redirects=False).status_code == 303
    assert ana.get(location).status_code == 404
    audit = signed_in(app, "admin").get("/audit").text
    assert "inbox.view.save" in audit and "inbox.view.delete" in audit


def test_views_by_assignee_and_sla(app, engine) -> None:
    file_dms(engine, 4)
    ana = signed_in(app, "agent", username="ana")
    with engine.begin() as connection:
        ids = [c["id"] for c in store.list_conversations(connection)]
        mine = ids[:2]
        for cid in mine:
            inbox.change(connection, cid, actor="test", assignee_id=ana_id(connection))
        from sqlalchemy import update

        from parley.store.tables import inbox_conversations as conversations

        connection.execute(update(conversations).where(conversations.c.id == ids[3])
                           .values(sla_state="breached"))  # fmt: skip
    assert sorted(ids_on(ana.get("/inbox?view=mine").text)) == sorted(mine)
    assert sorted(ids_on(ana.get("/inbox?assignee=me").text)) == sorted(mine)
    assert ids_on(ana.get("/inbox?view=breached").text) == [ids[3]]
    nobody = ana.get("/inbox?assignee=nobody").text
    assert sorted(ids_on(nobody)) == sorted(ids[2:])
    missing = ana.get("/inbox?assignee=ghost")
    assert missing.status_code == 422 and "no user named" in missing.text
    assert ana.get("/inbox?view=nonsense").status_code == 404


def ana_id(connection) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from parley.store.tables import users

    return int(connection.execute(select(users.c.id).where(users.c.username == "ana")).scalar())
