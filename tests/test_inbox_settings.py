"""The inbox settings page: assignment, canned replies and approval rules, by managers."""

from __future__ import annotations

import pytest

from parley.act import replies, rota
from parley.settings import Settings
from parley.web.app import create_app
from tests.webutil import signed_in

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def app(engine, db_url, tmp_path):  # type: ignore[no-untyped-def]
    return create_app(Settings(data_dir=tmp_path, database_url=db_url), engine=engine,
                      simulate=None)  # fmt: skip


def test_a_manager_sets_assignment_canned_replies_and_rules(app, engine) -> None:
    boss = signed_in(app, "manager", username="boss")
    signed_in(app, "agent", username="ana")
    page = boss.get("/inbox/settings")
    assert page.status_code == 200 and "No canned replies yet" in page.text
    saved = boss.post("/inbox/settings/assignment", data={
        "strategy": "least_loaded", "by_language": "true", "fallback": "ana"},
        follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    with engine.connect() as connection:
        assignment = rota.get_assignment(connection)
    assert (assignment.strategy, assignment.by_language, assignment.fallback) == (
        "least_loaded", True, "ana")  # fmt: skip
    bad = boss.post("/inbox/settings/assignment", data={"strategy": "random"})
    assert bad.status_code == 422 and "strategy must be one of" in bad.text
    # A canned reply with an unknown variable is refused and the text is kept in the form.
    wrong = boss.post("/inbox/settings/canned", data={
        "name": "sorry", "lang": "en", "text": "Dear {customer} " + HOSTILE})  # fmt: skip
    assert wrong.status_code == 422 and "unknown variable {customer}" in wrong.text
    assert HOSTILE not in wrong.text and "&lt;script&gt;" in wrong.text
    for lang, text in (("en", "Sorry {customer_name}, case {case_number}"),
                       ("it", "Ci scusi {customer_name}")):  # fmt: skip
        done = boss.post("/inbox/settings/canned", data={"name": "sorry", "lang": lang,
                                                          "text": text}, follow_redirects=False)  # fmt: skip
        assert done.status_code == 303
    with engine.connect() as connection:
        assert {(c["lang"], c["text"][:5]) for c in replies.canned(connection)} == {
            ("en", "Sorry"), ("it", "Ci sc")}  # fmt: skip
    assert boss.post("/inbox/settings/canned/delete",
                     data={"name": "sorry", "lang": "it"}).status_code == 200  # fmt: skip
    missing = boss.post("/inbox/settings/canned/delete", data={"name": "sorry", "lang": "it"})
    assert missing.status_code == 404 and "no canned reply" in missing.text
    # Approval rules.
    assert boss.post("/inbox/settings/rules", data={"kind": "keyword", "value": "Refund"},
                     follow_redirects=False).status_code == 303  # fmt: skip
    twice = boss.post("/inbox/settings/rules", data={"kind": "keyword", "value": "refund"})
    assert twice.status_code == 422 and "exists already" in twice.text
    role = boss.post("/inbox/settings/rules", data={"kind": "role", "value": "king"})
    assert role.status_code == 422 and "names a role" in role.text
    page = boss.get("/inbox/settings").text
    assert 'says "refund"' in page
    with engine.connect() as connection:
        rule_id = replies.rules(connection)[0]["id"]
    assert boss.post(f"/inbox/settings/rules/{rule_id}/delete").status_code == 200
    assert "No approval rules" in boss.get("/inbox/settings").text
    audit = signed_in(app, "admin").get("/audit").text
    for action in ("inbox.assignment", "inbox.canned.save", "inbox.canned.delete",
                   "inbox.rule.add", "inbox.rule.delete"):  # fmt: skip
        assert action in audit


def test_agents_read_the_settings_but_cannot_change_them(app) -> None:
    agent = signed_in(app, "agent")
    page = agent.get("/inbox/settings")
    assert page.status_code == 200 and "Save canned reply" not in page.text
    refused = agent.post("/inbox/settings/rules", data={"kind": "incident"})
    assert refused.status_code == 403
