"""The Topics pages as people use them: a live preview that shows the syntax error where it is
or the posts that match; managers create, edit, deactivate and delete topics (audited);
analysts cannot. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from parley.domain import Author, Post
from parley.settings import Settings
from parley.store import topics as topic_store
from parley.store.posts import store_batch
from parley.web.app import create_app
from tests.webutil import signed_in

NOW = datetime.now(UTC).replace(microsecond=0)
HOSTILE_NAME = '<script>window.__pwned=1</script><img src=x onerror="alert(1)">'


@pytest.fixture
def app(db_url, engine):
    settings = Settings.from_env({"PARLEY_DATABASE_URL": db_url})
    return create_app(settings, engine=engine, simulate=None)


def _store_posts(engine, texts: list[str]) -> None:
    posts = [
        Post(platform="x", native_id=f"tp{i}", created_at=NOW - timedelta(minutes=len(texts) - i),
             text=text, lang="en",
             author=Author(native_id=f"a{i}", handle=f"h{i}", name=f"<b>Person</b> {i}"))
        for i, text in enumerate(texts)
    ]  # fmt: skip
    with engine.begin() as connection:
        store_batch(connection, posts)


def _audit(engine, target: str) -> list[str]:
    from parley.store import audit

    with engine.connect() as connection:
        return [row["action"] for row in reversed(audit.entries(connection, target=target))]


def test_preview_shows_the_error_where_it_is_or_the_matching_posts(app, engine):
    _store_posts(engine, [
        "Aurelia recall <script>alert(1)</script>", "nothing here", "aurelia is great",
        "the recall of Aurelia shampoo",
    ])  # fmt: skip
    client = signed_in(app, "analyst")
    bad = client.post("/topics/preview", data={"query": "(aurelia OR novexa) AND"})
    assert bad.status_code == 200
    assert "at position 23: expected a term or &#39;(&#39; after AND" in bad.text
    # the caret sits under position 23: the marked character is the one there (the end here)
    caret = re.search(r'<pre class="caret"><span>(.*?)</span><mark>(.*?)</mark>', bad.text)
    assert caret and caret.group(1) == "(aurelia OR novexa) AND" and caret.group(2) == " "
    assert re.search(r'<span class="pointer">\s{23}\^</span>', bad.text)

    quotes = client.post("/topics/preview", data={"query": 'aurelia "side effects'})
    assert "at position 8: expected a closing" in quotes.text
    caret = re.search(r"<span>(.*?)</span><mark>(.*?)</mark>", quotes.text)
    assert caret and caret.groups() == ("aurelia ", "&#34;")

    good = client.post("/topics/preview", data={"query": "aurelia AND recall"})
    assert good.status_code == 200
    assert good.text.count('class="post"') == 2
    assert "the recall of Aurelia shampoo" in good.text
    assert "Aurelia recall &lt;script&gt;alert(1)&lt;/script&gt;" in good.text
    assert "<script>alert(1)" not in good.text and "<b>Person</b>" not in good.text
    assert "<code>aurelia AND recall</code>" in good.text
    assert "2 matches among the 4 most recent stored posts" in good.text

    none = client.post("/topics/preview", data={"query": "novexa"})
    assert "0 matches among the 4" in none.text
    empty = client.post("/topics/preview", data={"query": "   "})
    assert "Type a query" in empty.text


def test_huge_and_broken_queries_get_clear_errors_not_500s(app, engine):
    _store_posts(engine, ["term7 is here", "other words"])
    client = signed_in(app, "analyst")
    many = " OR ".join(f"term{i}" for i in range(10_000))
    found = client.post("/topics/preview", data={"query": many})
    assert found.status_code == 200 and found.text.count('class="post"') == 1
    only_ors = client.post("/topics/preview", data={"query": "OR " * 10_000})
    assert only_ors.status_code == 200
    assert "at position 0: expected a term or &#39;(&#39; before OR" in only_ors.text
    deep = client.post("/topics/preview", data={"query": "(" * 150 + "a" + ")" * 150})
    assert "at most 100 levels of nested parentheses" in deep.text
    too_long = client.post("/topics/preview", data={"query": "a " * 130_000})
    assert too_long.status_code == 200
    assert "a query of at most 250,000 characters" in too_long.text
    assert client.post("/topics/preview", content=b"query=" + b"a" * 2_000_000,
                       headers={"content-type": "application/x-www-form-urlencoded"}
                       ).status_code == 413  # fmt: skip
    manager = signed_in(app, "manager")
    saved = manager.post("/topics", data={"name": "huge", "query": many}, follow_redirects=False)
    assert saved.status_code == 303
    broken = manager.post(
        "/topics", data={"name": "broken", "query": "aurelia NEAR/0 recall"}, follow_redirects=False
    )
    assert broken.status_code == 422
    assert "at position 13: expected a distance from 1 to 1000 after NEAR/" in broken.text
    assert 'class="caret"' in broken.text  # the same caret as the preview, on the form
    nul = manager.post("/topics", data={"name": "nul", "query": "aurelia\x00recall"})
    assert nul.status_code == 422 and "query contains control characters" in nul.text
    assert [t["name"] for t in topic_store.topic_table(engine, since=NOW)] == ["huge"]


def test_a_manager_creates_edits_deactivates_and_deletes_a_topic(app, engine):
    client = signed_in(app, "manager")
    form = client.get("/topics/new")
    assert form.status_code == 200 and 'hx-trigger="keyup changed delay:300ms' in form.text
    created = client.post(
        "/topics",
        data={"name": HOSTILE_NAME, "query": "aurelia OR #aurelia", "sensitivity": "more"},
        follow_redirects=False,
    )
    assert created.status_code == 303
    topic_id = int(created.headers["location"].split("/")[2].split("?")[0])
    page = client.get(created.headers["location"])
    assert "Topic created." in page.text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page.text
    assert "<script>window.__pwned" not in page.text and "<img src=x" not in page.text
    listing = client.get("/topics")
    assert listing.status_code == 200 and "&lt;img src=x onerror" in listing.text
    assert "<img src=x" not in listing.text

    taken = client.post("/topics", data={"name": HOSTILE_NAME, "query": "x"})
    assert taken.status_code == 422 and "already exists" in taken.text

    edited = client.post(
        f"/topics/{topic_id}",
        data={"name": "brand", "query": "aurelia AND NOT job*", "sensitivity": "fewer"},
        follow_redirects=False,
    )
    assert edited.status_code == 303
    with engine.connect() as connection:
        row = topic_store.get_topic(connection, topic_id)
    assert (row["name"], row["query"], row["sensitivity"]) == (
        "brand", "aurelia AND NOT job*", "fewer",
    )  # fmt: skip
    off = client.post(f"/topics/{topic_id}/active", data={"active": "0"}, follow_redirects=False)
    assert off.status_code == 303 and topic_store.active_queries(engine) == {}
    assert "Topic deactivated" in client.get(off.headers["location"]).text
    assert client.post(f"/topics/{topic_id}/active", data={"active": "maybe"}).status_code == 422

    confirm = client.get(f"/topics/{topic_id}/delete")
    assert confirm.status_code == 200 and "Delete the topic" in confirm.text
    # without the confirmation field nothing is deleted: back to the confirmation page
    unconfirmed = client.post(f"/topics/{topic_id}/delete", data={}, follow_redirects=False)
    assert unconfirmed.status_code == 303 and unconfirmed.headers["location"].endswith("/delete")
    gone = client.post(f"/topics/{topic_id}/delete", data={"confirm": "yes"},
                       follow_redirects=False)  # fmt: skip
    assert gone.status_code == 303 and gone.headers["location"] == "/topics?done=deleted"
    assert client.get(f"/topics/{topic_id}").status_code == 404
    assert client.post(f"/topics/{topic_id}/delete", data={"confirm": "yes"}).status_code == 404
    assert _audit(engine, f"topic:{topic_id}") == [
        "topic.create", "topic.update", "topic.deactivate", "topic.delete",
    ]  # fmt: skip


def test_an_analyst_reads_topics_but_cannot_change_them(app, engine):
    with engine.begin() as connection:
        topic = topic_store.create_topic(connection, name="brand", query="aurelia")
    client = signed_in(app, "analyst")
    assert client.get("/topics").status_code == 200
    page = client.get(f"/topics/{topic['id']}")
    assert page.status_code == 200 and "Only managers can change topics" in page.text
    assert "Deactivate" not in page.text and "Delete" not in page.text
    tid = topic["id"]
    for method, path, data in [
        ("get", "/topics/new", None),
        ("post", "/topics", {"name": "x", "query": "y"}),
        ("post", f"/topics/{tid}", {"name": "x", "query": "y"}),
        ("post", f"/topics/{tid}/active", {"active": "0"}),
        ("get", f"/topics/{tid}/delete", None),
        ("post", f"/topics/{tid}/delete", {"confirm": "yes"}),
    ]:
        response = getattr(client, method)(path, **({"data": data} if data else {}))
        assert response.status_code == 403, (method, path)
    assert topic_store.active_queries(engine) == {"brand": "aurelia"}
    assert _audit(engine, f"topic:{tid}") == []
