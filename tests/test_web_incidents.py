"""The crisis room as people use it: the pages and the drafts' JSON API, signed in with each
role (SQLite and PostgreSQL), hostile text escaped, refusals shown clearly; and one browser
run where a manager opens an incident, an agent drafts a holding statement, the manager
approves and publishes it and the timeline shows it."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from parley.settings import Settings
from parley.store import alerts as alert_store
from parley.store import incidents as incident_store
from parley.store.db import open_store
from parley.store.tables import audit_log
from parley.store.users import set_role
from parley.web.app import create_app
from tests.test_incidents import FIRED, _crisis
from tests.webutil import browser, browser_sign_in, make_user, screenshot, serve, signed_in

HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    '<svg onload="window.__pwned = 3"></svg>',
    '<a href="javascript:window.__pwned = 4">click</a>',
]


@pytest.fixture
def app(db_url: str) -> Any:
    return create_app(Settings(database_url=db_url), engine=open_store(db_url), simulate=None)


def _open(client: TestClient, title: str = "False report about Aurelia") -> int:
    answer = client.post("/incidents", data={"title": title, "severity": "high"},
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text
    return int(answer.headers["location"].rsplit("/", 1)[1])


def _draft_ids(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="draft-(\d+)"', page)]


def test_the_draft_flow_through_the_pages(app):
    manager, other, agent = (signed_in(app, "manager"), signed_in(app, "manager"),
                             signed_in(app, "agent"))  # fmt: skip
    iid = _open(manager)
    room = agent.get(f"/incidents/{iid}")
    assert room.status_code == 200 and "Write a statement" in room.text
    started = agent.post(f"/incidents/{iid}/drafts", data={
        "template": "holding", "channel": "x:@AureliaCare", "brand": "Aurelia",
        "topic": "reports about our shampoo", "next_update": "by 18:00 UTC",
    }, follow_redirects=False)  # fmt: skip
    assert started.status_code == 303 and started.headers["location"].endswith("#drafts")
    [did] = _draft_ids(agent.get(f"/incidents/{iid}").text)
    assert agent.post(f"/incidents/{iid}/drafts/{did}/submit").status_code == 200
    # the agent cannot approve (route), nor the manager who edits it (four eyes, in the store)
    assert agent.post(f"/incidents/{iid}/drafts/{did}/approve").status_code == 403
    back = manager.post(f"/incidents/{iid}/drafts/{did}/return",
                        data={"comment": "Name the lab."})  # fmt: skip
    assert back.status_code == 200 and "sent back" in back.text and "Name the lab." in back.text
    thread = "We are aware of reports about our shampoo.\n---\nAn independent lab is testing it."
    edited = manager.post(f"/incidents/{iid}/drafts/{did}/edit", data={"text": thread})
    assert edited.status_code == 200 and "An independent lab is testing it." in edited.text
    agent.post(f"/incidents/{iid}/drafts/{did}/submit")
    own = manager.post(f"/incidents/{iid}/drafts/{did}/approve")
    assert own.status_code == 403 and "another manager must approve it" in own.text
    assert "You wrote or edited this draft" in own.text
    approved = other.post(f"/incidents/{iid}/drafts/{did}/approve", data={"comment": "Good."})
    assert approved.status_code == 200 and "Mark published" in approved.text
    again = manager.post(f"/incidents/{iid}/drafts/{did}/approve")
    assert again.status_code == 409 and "already approved" in again.text
    published = other.post(f"/incidents/{iid}/drafts/{did}/publish",
                           data={"url": "https://x.example/AureliaCare/status/1"})  # fmt: skip
    assert published.status_code == 200
    with app.state.engine.connect() as c:
        kinds = [e["kind"] for e in incident_store.timeline(c, iid)]
        actions = [a for (a,) in c.execute(select(audit_log.c.action).order_by(audit_log.c.id))]
    assert kinds[-7:] == ["draft_created", "draft_submitted", "draft_returned", "draft_edited",
                          "draft_submitted", "draft_approved", "statement"]  # fmt: skip
    assert {"incident.open", "statement_draft.approve", "statement_draft.publish"} <= set(actions)
    page = agent.get(f"/incidents/{iid}").text
    assert "statement published on x:@AureliaCare (a thread of 2 posts)" in page
    assert 'href="https://x.example/AureliaCare/status/1"' in page
    figures = agent.get(f"/incidents/{iid}/postmortem", headers={"HX-Request": "true"}).text
    assert "<html" not in figures and "time to first statement" in figures
    assert "no statement yet" not in figures
    assert "time to first statement" in agent.get(f"/incidents/{iid}/postmortem").text


def test_refusals_are_clear_pages_never_500(app):
    manager, agent = signed_in(app, "manager"), signed_in(app, "agent")
    iid = _open(manager)
    empty = manager.post("/incidents", data={"title": "  "})
    assert empty.status_code == 422 and "title is empty" in empty.text
    assert manager.get("/incidents/999").status_code == 404
    assert "no incident with id 999" in manager.get("/incidents/999").text
    assert manager.get("/incidents/99999999999999999999").status_code == 422
    assert manager.post(f"/incidents/{iid}/status", data={"status": "open"}).status_code == 409
    bad = manager.post(f"/incidents/{iid}/severity", data={"severity": "extreme"})
    assert bad.status_code == 422 and "severity &#39;extreme&#39; is not one of" in bad.text
    no_channel = agent.post(f"/incidents/{iid}/drafts", data={"template": "holding"})
    assert no_channel.status_code == 422 and "channel is empty" in no_channel.text
    nothing = agent.post(f"/incidents/{iid}/drafts", data={"template": "", "channel": "x",
                                                           "text": "\n---\n"})  # fmt: skip
    assert nothing.status_code == 422 and "a draft has 1 to 25 posts, not 0" in nothing.text
    assert agent.post(f"/incidents/{iid}/drafts/42/submit").status_code == 404
    filtered = manager.get("/incidents", params={"status": "bogus"})
    assert filtered.status_code == 400 and "no status" in filtered.text
    # the role is read again at the moment of approval
    agent.post(f"/incidents/{iid}/drafts", data={"template": "", "channel": "x", "text": "Hi"})
    with app.state.engine.connect() as c:
        did = c.execute(select(audit_log.c.target).where(
            audit_log.c.action == "statement_draft.create")).scalar_one().split(":")[1]  # fmt: skip
    agent.post(f"/incidents/{iid}/drafts/{did}/submit")
    demoted = signed_in(app, "manager")
    with app.state.engine.begin() as c:
        set_role(c, username=demoted.username, role="agent")  # type: ignore[attr-defined]
    assert demoted.post(f"/incidents/{iid}/drafts/{did}/approve").status_code == 403


def test_analysts_read_but_change_nothing(app):
    manager, analyst = signed_in(app, "manager"), signed_in(app, "analyst")
    iid = _open(manager)
    assert analyst.get("/incidents").status_code == 200
    page = analyst.get(f"/incidents/{iid}")
    assert page.status_code == 200
    assert (
        "Add a note" not in page.text and "Open an incident" not in analyst.get("/incidents").text
    )
    for path, data in [
        ("/incidents", {"title": "x"}), (f"/incidents/{iid}/status", {"status": "resolved"}),
        (f"/incidents/{iid}/severity", {"severity": "low"}),
        (f"/incidents/{iid}/commander", {"commander": "me"}),
        (f"/incidents/{iid}/roles", {"role": "scribe", "holder": "me"}),
        (f"/incidents/{iid}/notes", {"text": "hi"}),
        (f"/incidents/{iid}/drafts", {"template": "holding", "channel": "x"}),
        (f"/incidents/{iid}/drafts/1/submit", {}), (f"/incidents/{iid}/drafts/1/approve", {}),
        (f"/incidents/{iid}/drafts/1/publish", {}),
    ]:  # fmt: skip
        assert analyst.post(path, data=data).status_code == 403, path
    api = f"/api/v1/incidents/{iid}/drafts"
    assert analyst.post(api, json={"channel": "x", "posts": ["hi"]}).status_code == 403
    assert analyst.get(api).json() == []
    with app.state.engine.connect() as c:
        assert [e["kind"] for e in incident_store.timeline(c, iid)] == ["opened"]


def test_hostile_text_renders_escaped(app):
    manager, agent = signed_in(app, "manager"), signed_in(app, "agent")
    iid = _open(manager, title=HOSTILE[0])
    for text in HOSTILE:
        assert agent.post(f"/incidents/{iid}/notes", data={"text": text}).status_code == 200
    manager.post(f"/incidents/{iid}/commander", data={"commander": HOSTILE[1]})
    manager.post(f"/incidents/{iid}/roles", data={"role": "liaison", "holder": HOSTILE[2]})
    agent.post(f"/incidents/{iid}/drafts", data={
        "template": "holding", "channel": HOSTILE[3][:100], "brand": HOSTILE[2],
        "topic": HOSTILE[0]})  # fmt: skip
    agent.post(f"/incidents/{iid}/drafts", data={"channel": "x", "text": "\n---\n".join(HOSTILE)})
    with app.state.engine.begin() as c:
        incident_store.add_statement(c, iid, HOSTILE[1], by=HOSTILE[0], channel=HOSTILE[2])
    pages = [agent.get(f"/incidents/{iid}").text, agent.get("/incidents").text,
             agent.get(f"/incidents/{iid}/postmortem").text]  # fmt: skip
    for page in pages:
        assert "<script>window.__pwned" not in page and "&lt;script&gt;window.__pwned" in page
        assert "<img src=x" not in page and "<svg onload" not in page
        assert 'href="javascript:' not in page
    room = agent.get(f"/incidents/{iid}").text
    assert room.count("&lt;img src=x onerror=") >= 3  # note, commander, statement


def test_drafts_json_api(app):
    manager, other, agent = (signed_in(app, "manager"), signed_in(app, "manager"),
                             signed_in(app, "agent"))  # fmt: skip
    with app.state.engine.begin() as c:
        now = datetime.now(UTC)
        alert_id = alert_store.insert_alert(
            c, kind="negative", topic="*", severity="high", score=3.0, title="surge",
            summary="s", evidence={"window_start": (now - timedelta(minutes=5)).isoformat()},
            fired_at=now - timedelta(minutes=1), wall_fired_at=now - timedelta(minutes=1),
        )  # fmt: skip
        iid = incident_store.open_from_alert(c, alert_id, by="mia")[0]["id"]
    base = f"/api/v1/incidents/{iid}/drafts"
    templates = agent.get("/api/v1/statement-templates").json()
    assert "false_report" in [t["key"] for t in templates["templates"]]
    both = agent.post(base, json={"channel": "x", "posts": ["a"], "template": "holding"})
    assert both.status_code == 422 and "not both" in both.json()["detail"]
    extra = agent.post(base, json={"channel": "x", "posts": ["a"], "by": "someone else"})
    assert extra.status_code == 422
    made = agent.post(base, json={"channel": "weibo:@aurelia", "template": "holding_zh",
                                  "values": {"topic": "产品安全", "brand": "奥蕾莉亚"}})  # fmt: skip
    assert made.status_code == 201, made.text
    draft = made.json()
    assert draft["language"] == "zh" and draft["may"] == ["edit", "submit"]
    assert draft["posts"][0].startswith("我们已关注到关于产品安全的信息")
    did = draft["id"]
    assert agent.patch(f"{base}/{did}", json={}).status_code == 422
    assert (
        agent.patch(f"{base}/{did}", json={"language": "zh-Hans"}).json()["language"] == "zh-Hans"
    )
    assert agent.post(f"{base}/{did}/approve").status_code == 403
    assert manager.post(f"{base}/{did}/approve").status_code == 409  # not submitted yet
    assert agent.post(f"{base}/{did}/submit").json()["state"] == "submitted"
    assert manager.get(f"{base}/{did}").json()["may"] == ["approve", "return"]
    assert manager.post(f"{base}/{did}/reject", json={}).status_code == 422
    sent_back = manager.post(f"{base}/{did}/reject", json={"comment": "Add the hotline."})
    assert sent_back.json()["state"] == "returned"
    agent.patch(f"{base}/{did}", json={"posts": [*draft["posts"], "热线：400-000-0000"]})
    agent.post(f"{base}/{did}/submit")
    assert other.post(f"{base}/{did}/approve", json={"comment": "ok"}).json()["state"] == "approved"
    assert agent.post(f"{base}/{did}/publish", json={}).status_code == 403
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert manager.post(f"{base}/{did}/publish", json={"published_at": future}).status_code == 422
    out = manager.post(f"{base}/{did}/publish", json={"url": "https://weibo.example/1"})
    assert out.status_code == 200 and out.json()["state"] == "published"
    assert manager.get(f"/api/v1/incidents/{iid + 1}/drafts").status_code == 404
    assert manager.get(f"/api/v1/incidents/{iid}/drafts/{did + 1}").status_code == 404
    report = manager.get(f"/api/v1/incidents/{iid}/postmortem").json()
    assert report["first_statement_at"] == out.json()["published_at"]
    assert 0 < report["time_to_first_statement_s"] < 600


def test_postmortem_panel_shows_the_figures_and_the_negative_share_chart(app):
    iid, alert_id = _crisis(app.state.engine)
    analyst = signed_in(app, "analyst")
    room = analyst.get(f"/incidents/{iid}").text
    assert f'hx-get="/incidents/{iid}/postmortem"' in room and f'href="/alerts/{alert_id}"' in room
    panel = analyst.get(f"/incidents/{iid}/postmortem", headers={"HX-Request": "true"}).text
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", panel))
    assert figures["time to detect"] == "1 min"
    assert figures["time to acknowledge"] == "2 min 30 s"
    assert figures["time to first statement"] == "3 h 12 min"
    assert figures["negative share"].startswith("baseline 10.0 %; 70.0 % at the peak, back to")
    [spec] = re.findall(r"data-chart='([^']+)'", panel)
    chart = json.loads(html.unescape(spec))
    assert chart["series"][0]["values"][6:8] == [50.0, 70.0]
    assert chart["marks"] == [{"t": int(FIRED.timestamp()), "label": f"alert {alert_id}"}]


@pytest.mark.browser
def test_browser_crisis_room_from_opening_to_published_statement(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'web.db'}"
    engine = open_store(url)
    make_user(engine, "manager", username="mia")
    make_user(engine, "manager", username="max")
    make_user(engine, "agent", username="ana")
    engine.dispose()
    errors: list[str] = []
    with serve(tmp_path, url) as base, browser() as chromium:
        lead = chromium.new_page()
        lead.on("pageerror", lambda e: errors.append(str(e)))
        browser_sign_in(lead, base, "mia")
        lead.goto(base + "/incidents")
        form = lead.locator(".open-incident")
        form.locator("input[name=title]").fill("False report: carcinogen in Aurelia shampoo")
        form.locator("select[name=severity]").select_option("critical")
        form.get_by_role("button", name="Open the incident").click()
        lead.wait_for_url(re.compile(r"/incidents/\d+$"))
        room_url = lead.url
        assert lead.locator("#incident-severity").inner_text() == "critical"
        lead.fill("#roles input[name=commander]", "Mia")
        lead.locator("#roles").get_by_role("button", name="Set").click()
        lead.locator("#commander").get_by_text("Mia").wait_for()
        screenshot(lead, "incident-opened")

        writer = chromium.new_page()
        writer.on("pageerror", lambda e: errors.append(str(e)))
        browser_sign_in(writer, base, "ana")
        writer.goto(room_url)
        writer.click("text=Write a statement")
        writer.select_option("select[name=template]", "false_report")
        writer.fill("input[name=brand]", "Aurelia")
        writer.fill("input[name=topic]", "a carcinogen in our shampoo")
        writer.fill("input[name=next_update]", "by 18:00 UTC today")
        writer.fill("input[name=channel]", "x:@AureliaCare")
        writer.get_by_role("button", name="Start the draft").click()
        first_post = writer.locator("#drafts .thread .text").first
        first_post.wait_for()
        assert first_post.inner_text().startswith(
            "We have seen the report about a carcinogen in our shampoo."
        )
        writer.get_by_role("button", name="Submit for approval").click()
        writer.locator(".draft-state", has_text="waiting for approval").wait_for()
        screenshot(writer, "incident-draft-submitted")

        lead.goto(room_url)
        lead.get_by_role("button", name="Approve", exact=True).click()
        lead.locator(".draft-state", has_text="approved").wait_for()
        lead.fill("input[name=url]", "https://x.example/AureliaCare/status/1")
        lead.get_by_role("button", name="Mark published").click()
        timeline = lead.locator("#timeline")
        timeline.locator(".kind-statement").wait_for()
        assert "statement published on x:@AureliaCare (a thread of 3 posts)" in (
            timeline.locator(".kind-statement").inner_text()
        )
        kinds = timeline.locator(".event .tag.kind").all_inner_texts()
        assert kinds[-3:] == ["draft submitted", "draft approved", "statement"]
        lead.reload()  # the post-mortem panel loads after the page
        lead.locator("#postmortem dl.figures").wait_for()
        figures = lead.locator("#postmortem").inner_text()
        assert "time to first statement" in figures and "no statement yet" not in figures
        assert lead.evaluate("window.__pwned") is None
        assert lead.locator("script:not([src])").count() == 0
        screenshot(lead, "incident-published")
    assert not errors, errors
