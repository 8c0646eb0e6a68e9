"""In-app notifications with a recipient: an @mention, an SLA warning and a failed reply are
for one person; alerts and surges are for everyone. Each person lists and counts only theirs
and everyone's, and cannot mark someone else's read (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from parley.act import inbox
from parley.domain import Author, Post
from parley.notify.model import Notification
from parley.notify.store import enqueue, list_inapp, mark_read, record_inapp
from parley.settings import Settings
from parley.store import inbox as store
from parley.store import posts as post_store
from parley.store.users import find_user
from parley.web.app import create_app
from tests.webutil import signed_in

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture
def app(engine, db_url, tmp_path):  # type: ignore[no-untyped-def]
    return create_app(Settings(data_dir=tmp_path, database_url=db_url), engine=engine,
                      simulate=None)  # fmt: skip


def test_agent_b_does_not_see_agent_as_mention(app, engine):
    a = signed_in(app, "agent", username="ana")
    b = signed_in(app, "agent", username="bo")
    hook = inbox.Inbox(engine)
    p = Post(platform="x", native_id="d1", created_at=datetime.now(UTC) - timedelta(minutes=1),
             kind="dm", to_account="AureliaCare", text="help",
             author=Author(native_id="c1", handle="maria"))  # fmt: skip
    with engine.begin() as connection:
        result = post_store.store_batch(connection, [p], [{}])
    hook([p], [{}], result.new_keys)
    with engine.connect() as connection:
        cid = store.list_conversations(connection)[0]["id"]
    with engine.begin() as connection:  # an alert for everyone
        enqueue(connection, Notification(event="alert.fired", severity="high", title="spike",
                                         text="t", link="/alerts/1", ref="alert:1"), now=NOW)  # fmt: skip
    assert b.post(f"/inbox/{cid}/note", data={"text": "@ana please look"}).status_code == 200
    mine = a.get("/api/v1/notifications").json()
    assert [n["event"] for n in mine["notifications"]] == ["inbox.mention", "alert.fired"]
    assert mine["unread"] == 2
    theirs = b.get("/api/v1/notifications").json()
    assert [n["event"] for n in theirs["notifications"]] == ["alert.fired"]
    assert theirs["unread"] == 1
    mention = mine["notifications"][0]
    with engine.connect() as connection:
        assert mention["user_id"] == find_user(connection, "ana")["id"]
    # bo cannot mark ana's mention read; ana can; the alert read by bo is read for ana too
    assert b.post(f"/api/v1/notifications/{mention['id']}/read").status_code == 404
    assert a.get("/api/v1/notifications?unread=true").json()["unread"] == 2
    assert a.post(f"/api/v1/notifications/{mention['id']}/read").status_code == 200
    alert_id = theirs["notifications"][0]["id"]
    assert b.post(f"/api/v1/notifications/{alert_id}/read").status_code == 200
    assert a.get("/api/v1/notifications?unread=true").json() == {"unread": 0,
                                                                 "notifications": []}  # fmt: skip


def test_the_store_filters_by_recipient(engine):
    with engine.begin() as connection:
        from parley.store.users import create_user

        ana, _ = create_user(connection, username="ana", role="agent", password="x" * 12)
        bo, _ = create_user(connection, username="bo", role="agent", password="x" * 12)
        for ref, who in (("for-ana", ana.id), ("for-bo", bo.id), ("for-all", None)):
            record_inapp(connection, Notification(event="e", severity="low", title=ref, text="",
                                                  link=None, ref=ref), now=NOW, user_id=who)  # fmt: skip
    with engine.begin() as connection:

        def refs(user_id: int | None) -> list[str]:
            return sorted(
                n["ref"] for n in list_inapp(connection, user_id=user_id)["notifications"]
            )

        assert refs(ana.id) == ["for-all", "for-ana"]
        assert refs(bo.id) == ["for-all", "for-bo"]
        assert refs(None) == ["for-all"]
        assert list_inapp(connection, user_id=ana.id)["unread"] == 2
        bo_row = list_inapp(connection, user_id=bo.id)["notifications"]
        bo_id = next(n["id"] for n in bo_row if n["ref"] == "for-bo")
        assert not mark_read(connection, bo_id, user_id=ana.id, now=NOW)
        assert mark_read(connection, bo_id, user_id=bo.id, now=NOW)
        assert list_inapp(connection, user_id=bo.id)["unread"] == 1
