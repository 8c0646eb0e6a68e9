"""Collision warnings: who else has a conversation open (viewing or writing a reply), beats
older than 30 s ignored, and a reply sent after someone else's was queued since the page
loaded comes back with a warning, the draft kept and a "send anyway" button. SQLite and
PostgreSQL through the pages; one Chromium run with two people in two browser contexts."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from parley.act import inbox, presence, replies
from parley.domain import Author, Post
from parley.settings import Settings
from parley.store import inbox as store
from parley.store import posts as post_store
from parley.store.db import open_store
from parley.store.inbox import InboxError
from parley.store.users import create_user
from parley.web.app import create_app
from tests.webutil import browser, browser_sign_in, make_user, screenshot, serve, signed_in

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def app(engine, db_url, tmp_path):  # type: ignore[no-untyped-def]
    return create_app(Settings(data_dir=tmp_path, database_url=db_url), engine=engine,
                      simulate=None)  # fmt: skip


def seed(engine) -> int:  # type: ignore[no-untyped-def]
    hook = inbox.Inbox(engine)
    p = Post(platform="x", native_id="d1", created_at=datetime.now(UTC) - timedelta(minutes=2),
             kind="dm", to_account="AureliaCare", text="where is my parcel?",
             author=Author(native_id="c1", handle="maria", name="Maria"))  # fmt: skip
    with engine.begin() as connection:
        result = post_store.store_batch(connection, [p], [{"lang": "en"}])
    hook([p], [{"lang": "en"}], result.new_keys)
    with engine.connect() as connection:
        return store.list_conversations(connection)[0]["id"]


def test_presence_lists_the_others_and_forgets_closed_pages(engine):
    cid = seed(engine)
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    with engine.begin() as connection:
        ana, _ = create_user(connection, username="ana", role="agent", password="x" * 12)
        bo, _ = create_user(connection, username="bo", role="agent", password="x" * 12,
                            display_name=HOSTILE)  # fmt: skip
        presence.beat(connection, cid, user_id=ana.id, state="viewing", now=now)
        presence.beat(connection, cid, user_id=bo.id, state="replying", now=now)
        with pytest.raises(InboxError, match="state must be one of viewing, replying"):
            presence.beat(connection, cid, user_id=bo.id, state="typing", now=now)
    with engine.connect() as connection:
        seen = presence.others(connection, cid, user_id=ana.id, now=now + timedelta(seconds=29))
        assert [(o["username"], o["state"]) for o in seen] == [("bo", "replying")]
        assert presence.others(connection, cid, user_id=bo.id, now=now)[0]["username"] == "ana"
        assert presence.others(connection, cid, user_id=ana.id,
                               now=now + timedelta(seconds=31)) == []  # fmt: skip
    with engine.begin() as connection:  # bo's page beats again: still one row, now viewing
        presence.beat(connection, cid, user_id=bo.id, state="viewing", now=now + timedelta(hours=2))
        gone = presence.others(connection, cid, user_id=bo.id, now=now + timedelta(hours=2))
        assert gone == []  # ana's beat is two hours old (and was deleted)


def test_the_heartbeat_and_the_reply_warning_through_the_pages(app, engine):
    cid = seed(engine)
    ana = signed_in(app, "agent", username="ana")
    bo = signed_in(app, "agent", username="bo")
    analyst = signed_in(app, "analyst")
    first = ana.get(f"/inbox/{cid}")
    assert first.status_code == 200 and 'data-seen-replies="0"' in first.text
    assert f'hx-post="/inbox/{cid}/presence"' in first.text
    assert "is also viewing" not in first.text
    beat = bo.post(f"/inbox/{cid}/presence", data={"state": "replying"})
    assert beat.status_code == 200 and "is also viewing" not in beat.text  # nobody else yet
    assert analyst.post(f"/inbox/{cid}/presence").status_code == 200  # reading is enough
    answer = ana.post(f"/inbox/{cid}/presence", data={"state": "viewing"})
    assert "<strong>bo</strong> (bo) is writing a reply" in answer.text
    assert "is also viewing this conversation" in answer.text  # the analyst
    page = ana.get(f"/inbox/{cid}")
    assert "is writing a reply" in page.text  # shown at once on load, too
    assert ana.post(f"/inbox/{cid}/presence", data={"state": "x"}).status_code == 422
    assert ana.post("/inbox/999/presence").status_code == 404
    # ana loaded the page with no replies by others; bo's reply is queued meanwhile
    assert bo.post(f"/inbox/{cid}/reply", data={"text": "On its way!", "seen_replies": "0"},
                   follow_redirects=False).status_code == 303  # fmt: skip
    clash = ana.post(f"/inbox/{cid}/reply",
                     data={"text": f"Sorry {HOSTILE}", "seen_replies": "0"})  # fmt: skip
    assert clash.status_code == 409
    assert "Your reply was not sent" in clash.text and "On its way!" in clash.text
    assert "<strong>bo</strong> wrote a reply (queued)" in clash.text
    assert HOSTILE not in clash.text and "Sorry &lt;script&gt;" in clash.text  # draft kept
    assert 'name="force" value="true"' in clash.text and "Send anyway" in clash.text
    assert 'data-seen-replies="1"' in clash.text  # now she has seen it
    with engine.connect() as connection:
        assert [r["author"] for r in replies.replies(connection, cid)] == ["bo"]
    # a fresh page (seen 1) sends; so does "send anyway"; without the field it is not checked
    assert ana.post(f"/inbox/{cid}/reply", data={"text": "Sorry!", "seen_replies": "1"},
                    follow_redirects=False).status_code == 303  # fmt: skip
    forced = ana.post(f"/inbox/{cid}/reply",
                      data={"text": "Also", "seen_replies": "0", "force": "true"},
                      follow_redirects=False)  # fmt: skip
    assert forced.status_code == 303
    assert bo.post(f"/inbox/{cid}/reply", data={"text": "plain"},
                   follow_redirects=False).status_code == 303  # fmt: skip
    with engine.connect() as connection:
        assert [r["author"] for r in replies.replies(connection, cid)] == [
            "bo", "ana", "ana", "bo"]  # fmt: skip
    bad = ana.post(f"/inbox/{cid}/reply", data={"text": "x", "seen_replies": "-1"})
    assert bad.status_code == 422


def test_two_people_in_chromium_see_each_other(tmp_path):
    url = f"sqlite:///{tmp_path / 'web.db'}"
    engine = open_store(url)
    make_user(engine, "agent", username="ana")
    make_user(engine, "agent", username="bo")
    cid = seed(engine)
    engine.dispose()
    errors: list[str] = []
    with serve(tmp_path, url) as base, browser() as chromium:
        ana = chromium.new_page()  # each page is its own browser context: two people
        bo = chromium.new_page()
        for page in (ana, bo):
            page.on("pageerror", lambda e: errors.append(str(e)))
        browser_sign_in(ana, base, "ana")
        browser_sign_in(bo, base, "bo")
        ana.goto(f"{base}/inbox/{cid}")
        bo.goto(f"{base}/inbox/{cid}")
        # bo's page beat on load and already lists ana; ana's next beat (<= 10 s) lists bo
        bo.wait_for_selector("text=ana (ana) is also viewing this conversation", timeout=5000)
        ana.wait_for_selector("text=bo (bo) is also viewing this conversation", timeout=15000)
        bo.fill('form[action$="/reply"] textarea[name="text"]', "Hello Maria, ")
        bo.dispatch_event('form[action$="/reply"] textarea[name="text"]', "input")
        ana.wait_for_selector("text=bo (bo) is writing a reply", timeout=15000)
        seen = ana.locator('form[action$="/reply"] input[name="seen_replies"]')
        assert seen.get_attribute("value") == "0"
        ana.fill('form[action$="/reply"] textarea[name="text"]', "Dear Maria")
        bo.click('form[action$="/reply"] button[value="send"]')
        bo.wait_for_url(re.compile(rf"/inbox/{cid}$"))
        ana.click('form[action$="/reply"] button[value="send"]')
        ana.wait_for_selector("text=Your reply was not sent", timeout=5000)
        assert ana.locator("text=Hello Maria").count() >= 1
        assert ana.input_value('form[action$="/reply"] textarea[name="text"]') == "Dear Maria"
        screenshot(ana, "inbox-collision-warning")
        ana.click("text=Send anyway")
        ana.wait_for_url(re.compile(rf"/inbox/{cid}$"))
        assert ana.locator("text=Your reply was not sent").count() == 0
    assert errors == []
    engine = open_store(url)
    with engine.connect() as connection:
        assert [(r["author"], r["text"]) for r in replies.replies(connection, cid)] == [
            ("bo", "Hello Maria, "), ("ana", "Dear Maria")]  # fmt: skip
    engine.dispose()
