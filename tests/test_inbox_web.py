"""The inbox pages: list, saved views, bulk actions, a conversation (hostile content escaped,
long messages cut), reply with a canned reply, a manager's approval, the rota page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from parley.act import inbox, replies
from parley.domain import Author, Post
from parley.settings import Settings
from parley.store import inbox as store
from parley.store import posts as post_store
from parley.web.app import create_app
from tests.webutil import signed_in

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)>"


@pytest.fixture
def app(engine, db_url, tmp_path):  # type: ignore[no-untyped-def]
    return create_app(Settings(data_dir=tmp_path, database_url=db_url), engine=engine,
                      simulate=None)  # fmt: skip


def seed(engine) -> int:  # type: ignore[no-untyped-def]
    hook = inbox.Inbox(engine)
    now = datetime.now(UTC) - timedelta(minutes=3)
    batch = [
        Post(platform="x", native_id="d1", created_at=now, kind="dm", to_account="AureliaCare",
             text=HOSTILE + " my refund " + "z" * 3000, url="javascript:alert(4)",
             raw={"sim": {}}, author=Author(native_id="c1", handle="m<b>aria", name=HOSTILE)),
    ]  # fmt: skip
    with engine.begin() as connection:
        result = post_store.store_batch(connection, batch, [{"lang": "en"}])
    hook(batch, [{"lang": "en"}], result.new_keys)
    with engine.connect() as connection:
        return store.list_conversations(connection)[0]["id"]


def test_an_agent_works_a_conversation_and_a_manager_approves(app, engine):
    cid = seed(engine)
    agent = signed_in(app, "agent")
    page = agent.get("/inbox")
    assert page.status_code == 200 and f'href="/inbox/{cid}"' in page.text
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;" in page.text
    shown = agent.get(f"/inbox/{cid}")
    assert shown.status_code == 200
    for raw in ("<script>alert", "<img src=x", "<svg onload", 'href="javascript:'):
        assert raw not in shown.text
    assert "Show everything" in shown.text and "z" * 3000 not in shown.text
    assert "z" * 3000 in agent.get(f"/inbox/{cid}?full=true").text
    with engine.begin() as connection:
        replies.save_canned(
            connection, name="sorry", lang="en", text="Sorry {customer_name}, case {case_number}"
        )
        replies.add_rule(connection, kind="keyword", value="refund")
    filled = agent.post(f"/inbox/{cid}/reply", data={"canned": "sorry", "action": "fill"})
    assert "Sorry &lt;script&gt;" in filled.text and f"case {cid}" in filled.text
    sent = agent.post(f"/inbox/{cid}/reply", data={"text": "your refund is coming"},
                      follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303
    empty = agent.post(f"/inbox/{cid}/reply", data={"text": "  "})
    assert empty.status_code == 422 and "a reply needs some text" in empty.text
    held = agent.get(f"/inbox/{cid}")
    assert "awaiting approval (says &#39;refund&#39;)" in held.text and "Approve" not in held.text
    assert agent.post(f"/inbox/{cid}/note", data={"text": "@nobody look"}).status_code == 200
    updated = agent.post(f"/inbox/{cid}/update", data={"status": "pending", "tags": "vip, <b>"})
    assert "<b>" not in updated.text and "&lt;b&gt;" in updated.text
    manager = signed_in(app, "manager")
    page = manager.get(f"/inbox/{cid}")
    assert "Approve" in page.text
    reply_id = 1
    assert (
        agent.post(f"/inbox/replies/{reply_id}/decide", data={"decision": "approve"}).status_code
        == 403
    )
    done = manager.post(f"/inbox/replies/{reply_id}/decide", data={"decision": "approve"})
    assert done.status_code == 200 and "queued" in done.text
    again = manager.post(f"/inbox/replies/{reply_id}/decide", data={"decision": "approve"})
    assert again.status_code == 422 and "not awaiting approval" in again.text
    assert agent.get("/inbox/999").status_code == 404


def test_saved_views_and_bulk_actions(app, engine):
    cid = seed(engine)
    agent = signed_in(app, "agent")
    assert "No conversations in this view" in agent.get("/inbox?view=mine").text
    done = agent.post("/inbox/bulk", data={"ids": [cid], "assignee": "me", "view": "mine"},
                      follow_redirects=False)  # fmt: skip
    assert done.status_code == 303 and done.headers["location"] == "/inbox?view=mine"
    assert f'href="/inbox/{cid}"' in agent.get("/inbox?view=mine").text
    assert "No conversations" in agent.get("/inbox?view=unassigned").text
    nothing = agent.post("/inbox/bulk", data={"view": "open"})
    assert nothing.status_code == 422 and "tick some conversations" in nothing.text
    resolved = agent.post("/inbox/bulk", data={"ids": [cid], "status": "resolved"})
    assert resolved.status_code == 200
    assert f'href="/inbox/{cid}"' in agent.get("/inbox?view=resolved").text


def test_the_rota_page_and_its_errors(app, engine):
    manager = signed_in(app, "manager")
    page = manager.get("/rota")
    assert page.status_code == 200 and "nobody is on duty" in page.text
    bad = manager.post("/rota/shifts", data={"username": manager.username, "days": "mon",
                                              "starts": "22:00", "ends": "06:00", "tz": "UTC"})  # fmt: skip
    assert bad.status_code == 422 and "before it starts at 22:00" in bad.text
    ok = manager.post("/rota/shifts", data={"username": manager.username, "days": "daily",
                                             "starts": "00:00", "ends": "24:00", "tz": "UTC"})  # fmt: skip
    assert ok.status_code == 200 and manager.username in ok.text
    assert "nobody is on duty" not in ok.text
    away = manager.post("/rota/presence", data={"available": "false"})
    assert ", away)" in away.text
    agent = signed_in(app, "agent")
    assert agent.post("/rota/shifts", data={}).status_code == 403
