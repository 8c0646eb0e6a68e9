"""The knowledge-base pages: list and search (hostile text escaped, a 10,000-character search
refused with a clear message), writing, editing, restoring, publishing and archiving by role;
suggested answers on a conversation and their Use button; saving a reply as an article; and
one real Chromium run that fills the reply box from a suggestion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from parley.act import inbox, replies
from parley.domain import Author, Post
from parley.settings import Settings
from parley.store import inbox as inbox_store
from parley.store import kb as store
from parley.store import posts as post_store
from parley.store.db import open_store
from parley.store.tables import kb_articles
from parley.store.users import User
from parley.web.app import create_app
from tests.webutil import browser, browser_sign_in, make_user, screenshot, serve, signed_in

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
OPERATOR = "cli:test"


@pytest.fixture
def app(engine, db_url, tmp_path):  # type: ignore[no-untyped-def]
    return create_app(Settings(data_dir=tmp_path, database_url=db_url), engine=engine,
                      simulate=None)  # fmt: skip


def conversation(engine, text: str = "我的航班取消了，我想要退款", lang: str = "zh",
                 name: str = "Maria Rossi") -> int:  # fmt: skip
    hook = inbox.Inbox(engine)
    batch = [Post(platform="x", native_id="d1", created_at=datetime.now(UTC) - timedelta(minutes=3),
                  kind="dm", to_account="AureliaAir", text=text, raw={"sim": {}},
                  author=Author(native_id="c1", handle="maria_r", name=name))]  # fmt: skip
    with engine.begin() as connection:
        result = post_store.store_batch(connection, batch, [{"lang": lang}])
    hook(batch, [{"lang": lang}], result.new_keys)
    with engine.connect() as connection:
        return inbox_store.list_conversations(connection)[0]["id"]


def articles(engine) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        refund = store.create_article(
            connection, actor=OPERATOR, lang="en", title="Refunds for cancelled flights",
            body="Dear {customer_name},\nyour refund for case {case_number} is on its way.",
        )  # fmt: skip
        store.edit_article(connection, refund, actor=OPERATOR, lang="zh", title="航班取消退款",
                           body="{customer_name}您好，\n您的退款（案例 {case_number}）已在处理中。")  # fmt: skip
        other = store.create_article(connection, actor=OPERATOR, lang="en", title="Pets",
                                     body="Small pets travel in the cabin.")  # fmt: skip
    return refund, other


def test_list_search_and_hostile_text_is_escaped(app, engine):
    with engine.begin() as connection:
        aid = store.create_article(connection, actor=OPERATOR, lang="en", title=HOSTILE,
                                   body=HOSTILE + "\nrefund line two", tags=["<b>vip</b>"])  # fmt: skip
    analyst = signed_in(app, "analyst")
    page = analyst.get("/kb")
    assert page.status_code == 200 and f'href="/kb/{aid}"' in page.text
    assert 'href="/kb">Knowledge base</a>' in page.text or 'href="/kb" aria-current' in page.text
    assert "New article" not in page.text  # analysts read
    found = analyst.get("/kb", params={"q": "refund"})
    assert found.status_code == 200 and "1 article(s) match" in found.text
    assert "shared: refund" in found.text
    shown = analyst.get(f"/kb/{aid}")
    for raw in ("<script>alert", "<img src=x", "<b>vip"):
        assert raw not in found.text and raw not in shown.text
    assert "&lt;script&gt;" in shown.text and "refund line two" in shown.text
    long = analyst.get("/kb", params={"q": "refund " * 1500})
    assert long.status_code == 422
    assert "a search is at most 500 characters and this one has 10,500" in long.text
    assert analyst.get("/kb/999").status_code == 404


def test_agents_write_and_edit_managers_publish_and_archive(app, engine):
    agent = signed_in(app, "agent")
    assert agent.get("/kb/new").status_code == 200
    bad = agent.post("/kb/new", data={"title": "t", "body": "b", "lang": "klingon!"})
    assert bad.status_code == 422 and "a language is a code" in bad.text
    public = agent.post("/kb/new", data={"title": "t", "body": "b", "lang": "en",
                                         "visibility": "public"})  # fmt: skip
    assert public.status_code == 403 and "publishing an article needs the manager" in public.text
    made = agent.post("/kb/new", data={"title": "Refunds", "body": "version one", "lang": "en",
                                       "tags": "refund, policy"}, follow_redirects=False)  # fmt: skip
    assert made.status_code == 303
    aid = int(made.headers["location"].rsplit("/", 1)[1])
    assert "Edit the en text" in agent.get(f"/kb/{aid}").text
    edited = agent.post(f"/kb/{aid}/edit", data={"lang": "en", "title": "Refunds",
                                                  "body": "version two", "note": "clearer"})  # fmt: skip
    assert edited.status_code == 200 and "version two" in edited.text and "clearer" in edited.text
    same = agent.post(f"/kb/{aid}/edit", data={"lang": "en", "title": "Refunds",
                                                "body": "version two"})  # fmt: skip
    assert same.status_code == 422 and "nothing changed" in same.text
    translated = agent.post(f"/kb/{aid}/edit", data={"lang": "zh", "title": "退款",
                                                      "body": "第一版"})  # fmt: skip
    assert "第一版" in translated.text
    with engine.connect() as connection:
        first = store.get_article(connection, aid)["history"][-1]
    restored = agent.post(f"/kb/{aid}/restore", data={"version_id": first["id"]})
    assert restored.status_code == 200 and "restored version 1" in restored.text
    with engine.connect() as connection:
        assert store.get_article(connection, aid)["texts"]["en"]["body"] == "version one"
    assert agent.post(f"/kb/{aid}/archive", data={"archived": "true"}).status_code == 403
    assert agent.post(f"/kb/{aid}/visibility", data={"visibility": "public"}).status_code == 403
    manager = signed_in(app, "manager")
    assert "Archive" in manager.get(f"/kb/{aid}").text
    published = manager.post(f"/kb/{aid}/visibility", data={"visibility": "public"})
    assert published.status_code == 200 and "customers may read it" in published.text
    locked = agent.post(f"/kb/{aid}/edit", data={"lang": "en", "title": "x", "body": "y"})
    assert (
        locked.status_code == 403 and "changing a public article needs the manager" in locked.text
    )
    archived = manager.post(f"/kb/{aid}/archive", data={"archived": "true"})
    assert archived.status_code == 200 and "not searched, not suggested" in archived.text
    assert f'href="/kb/{aid}"' in agent.get("/kb?archived=true").text
    assert f'href="/kb/{aid}"' not in agent.get("/kb").text
    assert "0 article(s) match" in agent.get("/kb", params={"q": "version one"}).text


def test_suggestions_on_a_conversation_and_the_use_button(app, engine):
    refund, _ = articles(engine)
    cid = conversation(engine, name=HOSTILE)
    agent = signed_in(app, "agent")
    page = agent.get(f"/inbox/{cid}")
    assert page.status_code == 200 and "Suggested answers" in page.text
    assert f'value="{refund}:zh"' in page.text and "航班取消退款" in page.text
    assert "shared: 航班取消 (" in page.text and "退款 (" in page.text
    section = page.text.split('aria-label="Suggested answers"')[1].split("</section>")[0]
    assert "Pets" not in section  # nothing in common with the messages
    filled = agent.post(f"/inbox/{cid}/reply", data={"article": f"{refund}:zh", "action": "fill"})
    assert filled.status_code == 200
    textarea = filled.text.split('<textarea name="text"')[1].split("</textarea>")[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in textarea and f"案例 {cid}" in textarea
    assert "<script>alert" not in filled.text
    english = agent.post(f"/inbox/{cid}/reply", data={"article": f"{refund}:en", "action": "fill"})
    assert "your refund for case" in english.text
    wrong = agent.post(f"/inbox/{cid}/reply", data={"article": "9999", "action": "fill"})
    assert wrong.status_code == 422 and "no article 9999" in wrong.text
    analyst = signed_in(app, "analyst")
    seen = analyst.get(f"/inbox/{cid}")
    assert "航班取消退款" in seen.text and ">Use</button>" not in seen.text


def test_save_this_reply_as_an_article(app, engine):
    cid = conversation(engine, text="Where is my refund?", lang="en")
    agent = signed_in(app, "agent")
    with engine.begin() as connection:
        replies.add_rule(connection, kind="keyword", value="lawyer")
        me = User(id=1, username=agent.username, display_name=agent.username, role="agent")
        sent = replies.write_reply(connection, cid, author=me,
                                   text="Hi Maria Rossi, your refund left today.")  # fmt: skip
        held = replies.write_reply(connection, cid, author=me, text="call a lawyer")
    page = agent.get(f"/inbox/{cid}")
    assert f'href="/kb/new?reply={sent["id"]}"' in page.text
    assert f'href="/kb/new?reply={held["id"]}"' not in page.text  # still awaiting approval
    form = agent.get(f"/kb/new?reply={sent['id']}")
    assert form.status_code == 200
    assert "Hi {customer_name}, your refund left today." in form.text
    assert 'value="Where is my refund?"' in form.text and 'name="lang" value="en"' in form.text
    assert agent.get(f"/kb/new?reply={held['id']}").status_code == 422
    assert agent.get("/kb/new?reply=999").status_code == 404
    made = agent.post("/kb/new", data={"title": "Where is my refund?", "lang": "en",
                                       "body": "Hi {customer_name}, your refund left today.",
                                       "reply_id": sent["id"]}, follow_redirects=False)  # fmt: skip
    assert made.status_code == 303
    with engine.connect() as connection:
        assert connection.execute(select(kb_articles.c.source_reply_id)).scalar() == sent["id"]
    assert f"saved from reply #{sent['id']}" in agent.get(made.headers["location"]).text
    analyst = signed_in(app, "analyst")
    assert analyst.get(f"/kb/new?reply={sent['id']}").status_code == 403


def test_a_suggestion_fills_the_reply_box_in_chromium(tmp_path):
    url = f"sqlite:///{tmp_path / 'parley.db'}"
    engine = open_store(url)
    refund, _ = articles(engine)
    cid = conversation(engine, name="Maria")
    make_user(engine, "agent", username="ada")
    engine.dispose()
    with serve(tmp_path, url) as base, browser() as chromium:
        page = chromium.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        browser_sign_in(page, base, "ada")
        page.goto(f"{base}/inbox/{cid}")
        suggestions = page.get_by_role("region", name="Suggested answers")
        assert "航班取消退款" in suggestions.inner_text()
        suggestions.get_by_role("button", name=f"Use article {refund} in the reply").click()
        page.wait_for_load_state()
        box = page.get_by_role("textbox", name="Text", exact=True)
        value = box.input_value()
        screenshot(page, "kb-suggestion-filled")
        assert value.startswith("Maria您好") and f"案例 {cid}" in value, value
        assert "\n" in value  # newlines kept
        assert not errors
