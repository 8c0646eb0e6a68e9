"""The knowledge base: versions per language, restore, archive, roles; multilingual search and
suggestions for a conversation that rank the right article first and say why; saving a reply
as an article; the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from parley.act import inbox, kb, replies
from parley.domain import Author, Post
from parley.store import kb as store
from parley.store import posts as post_store
from parley.store.audit import entries
from parley.store.inbox import list_conversations
from parley.store.kb import KbError, NotAllowed
from parley.store.users import User, create_user

AGENT = User(id=1, username="ada", display_name="Ada", role="agent")
MANAGER = User(id=2, username="max", display_name="Max", role="manager")
ANALYST = User(id=3, username="ana", display_name="Ana", role="analyst")


@pytest.fixture(autouse=True)
def people(engine) -> None:  # type: ignore[no-untyped-def]
    """The personas above exist in the store (versions keep their author's id)."""
    with engine.begin() as connection:
        for person in (AGENT, MANAGER, ANALYST):
            made, _ = create_user(connection, username=person.username, role=person.role,
                                  display_name=person.display_name)  # fmt: skip
            assert made.id == person.id


ARTICLES: list[dict[str, Any]] = [
    {"lang": "en", "title": "Refunds for cancelled flights",
     "body": "If your flight was cancelled you get a full refund within 7 days. "
             "Reply with your booking code and we start the refund."},
    {"lang": "zh", "title": "航班取消退款",
     "body": "如果您的航班被取消，您将在七天内获得全额退款。请回复您的预订代码。"},
    {"lang": "ar", "title": "الأمتعة المفقودة",
     "body": "أَبْلِغْ عن الأمتعةِ المفقودةِ في مكتبِ المطار وسنوصلها إلى منزلك خلال يومين."},
    {"lang": "it", "title": "Caffè gratuito per chi aspetta",
     "body": "Offriamo un caffè e una brioche a chi aspetta più di due ore al gate."},
    {"lang": "en", "title": "Wi-Fi on board",
     "body": "The on-board Wi-Fi is free on flights longer than two hours; connect to "
             "SkyNet and open any page."},
    {"lang": "en", "title": "Pets in the cabin",
     "body": "Small dogs and cats travel in the cabin in a soft carrier under the seat."},
]  # fmt: skip


def _add_all(engine) -> list[int]:  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        return [store.create_article(connection, actor=AGENT, **a) for a in ARTICLES]


def test_versions_per_language_history_restore_and_archive(engine):
    with engine.begin() as connection:
        aid = store.create_article(connection, actor=AGENT, title="Refunds", body="v1 text",
                                   lang="en", tags=["Refund", "refund", "policy"])  # fmt: skip
        store.edit_article(connection, aid, actor=AGENT, lang="en", title="Refunds",
                           body="v2 text", note="new policy")  # fmt: skip
        store.edit_article(connection, aid, actor=AGENT, lang="zh", title="退款", body="中文")
        with pytest.raises(KbError, match="nothing changed"):
            store.edit_article(connection, aid, actor=AGENT, lang="en", title="Refunds",
                               body="v2 text")  # fmt: skip
    with engine.connect() as connection:
        article = store.get_article(connection, aid)
    assert article["tags"] == ["refund", "policy"]
    assert {k: (v["number"], v["body"]) for k, v in article["texts"].items()} == {
        "en": (2, "v2 text"), "zh": (1, "中文")}  # fmt: skip
    assert [(h["lang"], h["number"]) for h in article["history"]] == [
        ("zh", 1), ("en", 2), ("en", 1)]  # fmt: skip
    first = article["history"][-1]
    with engine.begin() as connection:
        restored = store.restore_version(connection, aid, first["id"], actor=AGENT)
        with pytest.raises(KbError, match="already the current"):
            store.restore_version(connection, aid, restored["id"], actor=AGENT)
        with pytest.raises(KbError, match="has no version 9999"):
            store.restore_version(connection, aid, 9999, actor=AGENT)
    assert (restored["number"], restored["body"], restored["restored_from"]) == (3, "v1 text", 1)
    with engine.connect() as connection:
        article = store.get_article(connection, aid)
        assert article["texts"]["en"]["body"] == "v1 text"
        assert len(article["history"]) == 4  # nothing was lost
        assert kb.search(connection, "中文")[0].article_id == aid
    with engine.begin() as connection:
        with pytest.raises(NotAllowed, match="needs the manager role; ada is agent"):
            store.archive(connection, aid, actor=AGENT)
        store.archive(connection, aid, actor=MANAGER)
        with pytest.raises(KbError, match="is archived"):
            store.edit_article(connection, aid, actor=MANAGER, lang="en", title="x", body="y")
    with engine.connect() as connection:
        assert kb.search(connection, "中文") == []  # archived: out of search at once
        assert [a["id"] for a in store.list_articles(connection, archived=True)] == [aid]
        assert store.get_article(connection, aid)["archived"] is True
        actions = [e["action"] for e in entries(connection, target=f"article:{aid}")]
    assert actions == ["kb.archive", "kb.restore", "kb.edit", "kb.edit", "kb.create"]


def test_roles_and_bad_input(engine):
    with engine.begin() as connection:
        with pytest.raises(NotAllowed, match="writing an article needs the agent role"):
            store.create_article(connection, actor=ANALYST, title="t", body="b", lang="en")
        with pytest.raises(NotAllowed, match="publishing an article needs the manager"):
            store.create_article(connection, actor=AGENT, title="t", body="b", lang="en",
                                 visibility="public")  # fmt: skip
        with pytest.raises(KbError, match="a language is a code"):
            store.create_article(connection, actor=AGENT, title="t", body="b", lang="<b>")
        with pytest.raises(KbError, match="visibility is one of internal, public"):
            store.create_article(connection, actor=AGENT, title="t", body="b", lang="en",
                                 visibility="secret")  # fmt: skip
        with pytest.raises(KbError, match="title is 1 to 200"):
            store.create_article(connection, actor=AGENT, title="x" * 201, body="b", lang="en")
        with pytest.raises(KbError, match="body is at most 20000"):
            store.create_article(connection, actor=AGENT, title="t", body="b" * 20_001,
                                 lang="en")  # fmt: skip
        public = store.create_article(connection, actor=MANAGER, title="Public", body="b",
                                      lang="en", visibility="public")  # fmt: skip
        with pytest.raises(NotAllowed, match="changing a public article needs the manager"):
            store.edit_article(connection, public, actor=AGENT, lang="en", title="t", body="c")
        store.set_visibility(connection, public, "internal", actor=MANAGER)
        store.edit_article(connection, public, actor=AGENT, lang="en", title="t", body="c")
        with pytest.raises(NotAllowed):
            store.set_visibility(connection, public, "public", actor=AGENT)


def test_multilingual_search_finds_the_right_article_and_says_why(engine):
    ids = _add_all(engine)
    refund_en, refund_zh, baggage_ar, coffee_it, wifi, _pets = ids
    cases = [
        ("refund", refund_en, "refund"),
        ("退款", refund_zh, "退款"),  # Chinese without spaces: found inside 全额退款
        ("我想要退款", refund_zh, "退款"),
        # Arabic without harakat, another alef and ta marbuta written as heh
        ("الامتعه المفقوده", baggage_ar, "المفقوده"),
        ("caffe gratis", coffee_it, "caffe"),  # without the accent
        ("CAFFÈ", coffee_it, "caffe"),
        ("wifi skynet", wifi, "skynet"),
    ]
    with engine.connect() as connection:
        for query, expected, term in cases:
            hits = kb.search(connection, query)
            assert hits and hits[0].article_id == expected, (query, hits[:2])
            terms = [t.text for t in hits[0].terms]
            assert term in terms, (query, terms)
            assert abs(sum(t.share for t in hits[0].terms) - hits[0].score) < 0.02
            assert f"score {hits[0].score:.2f}" in hits[0].why() and term in hits[0].why()
        assert kb.search(connection, "zzqx") == []


def test_hostile_queries_are_bounded_with_a_clear_message(engine):
    _add_all(engine)
    with engine.connect() as connection:
        with pytest.raises(KbError, match="at most 500 characters and this one has 10,000"):
            kb.search(connection, "refund " * 1428 + "xxxx")
        with pytest.raises(KbError, match="give some words"):
            kb.search(connection, "\x00\x1b\x7f !!! ??? \u200b")
        # control characters inside words do not stop a search
        assert kb.search(connection, "ref\x00und\x1b")[0].title.startswith("Refunds")
        assert kb.search(connection, "<script>refund</script>")[0].title.startswith("Refunds")


def test_the_index_follows_changes_without_a_restart(engine):
    ids = _add_all(engine)
    with engine.connect() as connection:
        before = kb.index_for(connection)
        assert kb.index_for(connection) is before  # unchanged store: the same index
        assert kb.search(connection, "zebras") == []
    with engine.begin() as connection:
        store.edit_article(connection, ids[-1], actor=AGENT, lang="en", title="Pets and zebras",
                           body="Zebras travel in the hold in a cage.")  # fmt: skip
    with engine.connect() as connection:
        after = kb.index_for(connection)
        assert after is not before and len(after.rows) == len(before.rows)
        assert kb.search(connection, "zebras")[0].article_id == ids[-1]
        assert kb.search(connection, "soft carrier") == [] or (
            kb.search(connection, "soft carrier")[0].article_id != ids[-1])  # fmt: skip


# --- conversations -------------------------------------------------------------------------


def _conversation(engine, text: str, lang: str, *, name: str = "Maria Rossi",
                  native: str = "d1") -> int:  # fmt: skip
    hook = inbox.Inbox(engine)
    now = datetime.now(UTC) - timedelta(minutes=5)
    customer = Author(native_id=f"c-{native}", handle="maria_r", name=name)
    batch = [Post(platform="x", native_id=native, created_at=now, kind="dm", text=text,
                  to_account="AureliaAir", author=customer)]  # fmt: skip
    with engine.begin() as connection:
        result = post_store.store_batch(connection, batch, [{"lang": lang}])
    hook(batch, [{"lang": lang}], result.new_keys)
    with engine.connect() as connection:
        return next(c["id"] for c in list_conversations(connection)
                    if c["thread_key"] == f"dm:c-{native}")  # fmt: skip


def test_suggestions_rank_the_relevant_article_first_prefer_the_language_and_explain(engine):
    ids = _add_all(engine)
    refund_en, refund_zh = ids[0], ids[1]
    with engine.begin() as connection:  # the English refund article gets its Chinese text
        store.edit_article(connection, refund_en, actor=AGENT, lang="zh", title="航班取消的退款",
                           body="航班取消后七天内全额退款，请回复预订代码。")  # fmt: skip
    cid = _conversation(engine, "我的航班取消了，我想要退款！", "zh")
    with engine.connect() as connection:
        found = kb.suggest(connection, cid)
    assert {s.hit.article_id for s in found[:2]} == {refund_en, refund_zh}
    top = found[0]
    assert top.lang == "zh" and "退款" in [t.text for t in top.hit.terms]
    assert "score" in top.why() and "退款" in top.why()
    # cross-lingual: an English message naming a Chinese-only article's shared token
    cid_en = _conversation(engine, "My flight got cancelled, I want a refund for booking "
                           "XK42QZ", "en", native="d2")  # fmt: skip
    with engine.connect() as connection:
        found = kb.suggest(connection, cid_en)
    assert found[0].hit.article_id == refund_en and found[0].lang == "en"
    assert "refund" in found[0].why() and "cancelled" in found[0].why()
    # nothing relevant: no suggestion rather than noise
    cid_none = _conversation(engine, "👍👍👍", "und", native="d3")
    with engine.connect() as connection:
        assert kb.suggest(connection, cid_none) == []


def test_cross_lingual_is_limited_to_shared_tokens(engine):
    with engine.begin() as connection:
        aid = store.create_article(connection, actor=AGENT, title="AX-200 headphones reset",
                                   body="Hold the power button of the AX-200 for ten seconds.",
                                   lang="en")  # fmt: skip
    cid = _conversation(engine, "我的AX-200耳机坏了", "zh")
    with engine.connect() as connection:
        (s,) = kb.suggest(connection, cid)
        assert s.hit.article_id == aid and s.lang == "en"  # the only text it has
        assert "200" in [t.text for t in s.hit.terms] and "ax" in [t.text for t in s.hit.terms]
        assert "no text in the conversation's language" in s.why()
        filled = kb.use_article(connection, f"{aid}", cid, AGENT)
    assert filled.startswith("Hold the power button")


def test_using_an_article_fills_variables_like_a_canned_reply(engine):
    cid = _conversation(engine, "refund please", "it", name="<b>Maria</b> {agent_name}")
    with engine.begin() as connection:
        aid = store.create_article(connection, actor=AGENT, lang="en", title="Refunds",
                                   body="Hi {customer_name}, case {case_number}. {unknown} {{x}}"
                                   " — {agent_name}")  # fmt: skip
        store.edit_article(connection, aid, actor=AGENT, lang="it", title="Rimborsi",
                           body="Ciao {customer_name}, pratica {case_number}.")  # fmt: skip
    with engine.connect() as connection:
        assert kb.use_article(connection, str(aid), cid, AGENT) == (
            f"Ciao <b>Maria</b> {{agent_name}}, pratica {cid}."
        )  # its language, filled once
        assert kb.use_article(connection, f"{aid}:en", cid, AGENT) == (
            f"Hi <b>Maria</b> {{agent_name}}, case {cid}. {{unknown}} {{{{x}}}} — Ada"
        )
        with pytest.raises(KbError, match="an article is given by its number"):
            kb.use_article(connection, "x:1", cid, AGENT)
        with pytest.raises(KbError, match="no article 999"):
            kb.use_article(connection, "999", cid, AGENT)


def test_saving_a_reply_as_an_article(engine):
    cid = _conversation(engine, "Where is my refund?", "en")
    with engine.begin() as connection:
        replies.add_rule(connection, kind="keyword", value="lawyer")
        ok = replies.write_reply(connection, cid, author=AGENT,
                                 text="Dear Maria Rossi, @maria_r: your refund left today. "
                                      "Thanks, Maria Rossi!")  # fmt: skip
        held = replies.write_reply(connection, cid, author=AGENT, text="ask a lawyer")
    with engine.connect() as connection:
        draft = kb.draft_from_reply(connection, ok["id"])
        with pytest.raises(KbError, match="awaiting approval: only a reply that was sent"):
            kb.draft_from_reply(connection, held["id"])
    assert draft["title"] == "Where is my refund?" and draft["lang"] == "en"
    assert draft["body"] == ("Dear {customer_name}, {customer_name}: your refund left today. "
                             "Thanks, {customer_name}!")  # fmt: skip
    with engine.begin() as connection:
        aid = store.create_article(connection, actor=AGENT, title=draft["title"],
                                   body=draft["body"], lang=draft["lang"],
                                   source_reply_id=ok["id"])  # fmt: skip
    with engine.connect() as connection:
        article = store.get_article(connection, aid)
        (entry,) = entries(connection, action="kb.create")
    assert article["source_reply_id"] == ok["id"] and entry["detail"]["from_reply"] == ok["id"]


def test_the_cli(engine, cli_env, tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "parley.cli", "kb", *args], env=cli_env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip

    done = run("add", "--title", "Refunds", "--body", "Full refund in 7 days", "--lang", "en")
    assert done.returncode == 0, done.stderr
    lines = [json.dumps(a) for a in ARTICLES[1:3]] + ['{"title": "no body", "lang": "en"}']
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused = run("import", str(bad))
    assert refused.returncode == 2 and "line 3: 'body' is missing" in refused.stderr
    assert "nothing imported" in refused.stderr
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    assert "2 articles imported" in run("import", str(good)).stdout
    listed = json.loads(run("list", "--json").stdout)
    assert len(listed) == 3
    found = json.loads(run("search", "退款", "--json").stdout)
    assert found[0]["lang"] == "zh" and found[0]["terms"][0]["text"] == "退款"
    long = run("search", "x" * 10_000)
    assert long.returncode == 2 and "at most 500 characters" in long.stderr
    shown = run("show", str(found[0]["article_id"]))
    assert "航班取消退款" in shown.stdout and "history:" in shown.stdout
    assert run("show", "999").returncode == 2
    public = run("add", "--title", "t", "--body", "b", "--lang", "en", "--visibility", "public",
                 "--by", "nobody")  # fmt: skip
    assert public.returncode == 2 and "nobody" in public.stderr
    cid = _conversation(engine, "我想要退款", "zh")
    suggested = json.loads(run("suggest", str(cid), "--json").stdout)
    assert suggested[0]["offered_lang"] == "zh" and "退款" in suggested[0]["why"]
    assert "no article matches" not in run("suggest", str(cid)).stdout
