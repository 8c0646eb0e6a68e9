"""Statement drafts in the store, on SQLite and PostgreSQL: the approval flow and its refusals
(own draft, wrong state, a manager who lost the role), the timeline and audit log of each
step, the post-mortem's time-to-first-statement, the holding templates, incident roles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from parley.incidents import holding
from parley.incidents.postmortem import postmortem
from parley.store import drafts
from parley.store import incidents as incident_store
from parley.store.alerts import InputError
from parley.store.drafts import DraftConflict, DraftError, DraftForbidden, DraftNotFound
from parley.store.incidents import TransitionError
from parley.store.tables import audit_log, users
from parley.store.users import set_role as change_role
from tests.test_incidents import WALL, new_alert

T = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T + timedelta(minutes=minutes)


@pytest.fixture
def team(engine) -> dict[str, str]:
    """Named people: two agents, two managers, an admin, an analyst. They never sign in here,
    so their rows are written directly, without the (deliberately slow) Argon2 hashing."""
    names = {"ana": "agent", "bo": "agent", "mia": "manager", "max": "manager",
             "root": "admin", "ann": "analyst"}  # fmt: skip
    now = datetime.now(UTC)
    with engine.begin() as c:
        c.execute(users.insert(), [
            {"username": name, "display_name": name.title(), "role": role,
             "password_hash": "!no-sign-in", "created_at": now, "password_changed_at": now}
            for name, role in names.items()
        ])  # fmt: skip
    return names


def open_incident(engine, **kw: Any) -> int:
    with engine.begin() as c:
        return incident_store.open_incident(c, title="False report", by="mia", now=at(0),
                                            **kw)["id"]  # fmt: skip


def kinds(engine, incident_id: int) -> list[str]:
    with engine.connect() as c:
        return [e["kind"] for e in incident_store.timeline(c, incident_id)]


def test_the_life_of_a_draft_from_a_template_to_the_timeline(engine, team):
    with engine.begin() as c:
        alert_id = new_alert(c)
        incident, _ = incident_store.open_from_alert(c, alert_id, by="mia", now=WALL)
    iid = incident["id"]
    with engine.begin() as c:
        draft = drafts.draft_from_template(
            c, iid, template="false_report", channel="x:@AureliaCare", by="ana",
            values={"brand": "Aurelia", "topic": "a carcinogen in our shampoo",
                    "next_update": "by 18:00 UTC"}, now=WALL + timedelta(minutes=5),
        )  # fmt: skip
    assert draft["state"] == "draft" and draft["language"] == "en"
    assert len(draft["posts"]) == 3 and draft["template"] == "false_report"
    assert draft["posts"][0].startswith("We have seen the report about a carcinogen in our shampoo")
    assert "by 18:00 UTC" in draft["posts"][1] and "{" not in draft["text"]
    assert draft["contributors"] == ["ana"]
    did = draft["id"]
    with engine.begin() as c:
        edited = drafts.edit_draft(c, did, by="bo", posts=draft["posts"][:2],
                                   now=WALL + timedelta(minutes=6))  # fmt: skip
        assert edited["contributors"] == ["ana", "bo"] and len(edited["posts"]) == 2
        drafts.submit_draft(c, did, by="bo", now=WALL + timedelta(minutes=7))
        back = drafts.return_draft(c, did, by="mia", comment="Say when the lab results come.",
                                   now=WALL + timedelta(minutes=8))  # fmt: skip
        assert back["state"] == "returned" and back["review_comment"].startswith("Say when")
        drafts.edit_draft(c, did, by="ana", posts=[*edited["posts"], "Lab results: Friday."],
                          now=WALL + timedelta(minutes=9))  # fmt: skip
        drafts.submit_draft(c, did, by="ana", now=WALL + timedelta(minutes=10))
        approved = drafts.approve_draft(c, did, by="mia", now=WALL + timedelta(minutes=11))
        assert approved["state"] == "approved" and approved["reviewed_by"] == "mia"
        # it went out two minutes after approval; recorded later, at minute 20
        went_out = WALL + timedelta(minutes=13)
        published = drafts.publish_draft(
            c, did, by="max", url="https://x.example/AureliaCare/1", published_at=went_out,
            now=WALL + timedelta(minutes=20),
        )  # fmt: skip
    assert published["state"] == "published" and published["published_at"] == went_out
    assert kinds(engine, iid)[-8:] == [
        "draft_created", "draft_edited", "draft_submitted", "draft_returned", "draft_edited",
        "draft_submitted", "draft_approved", "statement",
    ]  # fmt: skip
    with engine.connect() as c:
        events = incident_store.timeline(c, iid)
        statement = next(e for e in events if e["kind"] == "statement")
        assert statement["at"] == went_out and statement["actor"] == "max"
        assert statement["data"]["draft_id"] == did and statement["data"]["posts"] == 3
        assert statement["data"]["channel"] == "x:@AureliaCare"
        assert statement["text"] == "\n\n".join(published["posts"])
        assert published["statement_event_id"] == statement["id"]
        returned = next(e for e in events if e["kind"] == "draft_returned")
        assert returned["actor"] == "mia" and "Say when the lab results come." in returned["text"]
        assert all(e["data"]["draft_id"] == did for e in events if e["kind"].startswith("draft_"))
        report = postmortem(c, iid, now=WALL + timedelta(hours=1))
        assert report["first_statement_at"] == went_out
        assert report["time_to_first_statement_s"] == 13 * 60
        rows = c.execute(
            select(audit_log.c.action, audit_log.c.actor, audit_log.c.actor_id)
            .where(audit_log.c.target == f"statement_draft:{did}")
            .order_by(audit_log.c.id)
        ).all()
    assert [r.action for r in rows] == [
        "statement_draft.create", "statement_draft.edit", "statement_draft.submit",
        "statement_draft.return", "statement_draft.edit", "statement_draft.submit",
        "statement_draft.approve", "statement_draft.publish",
    ]  # fmt: skip
    assert [r.actor for r in rows] == ["ana", "bo", "bo", "mia", "ana", "ana", "mia", "max"]
    assert all(r.actor_id is not None for r in rows)


def write(engine, by: str = "ana", **kw: Any) -> tuple[int, int]:
    iid = open_incident(engine)
    with engine.begin() as c:
        draft = drafts.create_draft(c, iid, posts=kw.pop("posts", ["We are looking into it."]),
                                    channel="x:@brand", language="en", by=by, now=at(1), **kw)  # fmt: skip
    return iid, draft["id"]


def test_four_eyes_nobody_approves_their_own_words_except_an_admin(engine, team):
    _, own = write(engine, by="mia")
    with engine.begin() as c:
        drafts.submit_draft(c, own, by="mia", now=at(2))
    with engine.begin() as c, pytest.raises(DraftForbidden, match="another manager must"):
        drafts.approve_draft(c, own, by="mia", now=at(3))
    # an edit makes the editor a writer too
    _, edited = write(engine, by="ana")
    with engine.begin() as c:
        drafts.edit_draft(c, edited, by="max", posts=["We are on it."], now=at(2))
        drafts.submit_draft(c, edited, by="ana", now=at(3))
    with engine.begin() as c, pytest.raises(DraftForbidden, match="four eyes"):
        drafts.approve_draft(c, edited, by="max", now=at(4))
    with engine.begin() as c:
        assert drafts.approve_draft(c, edited, by="mia", now=at(4))["state"] == "approved"
    # an admin may approve their own draft, and the timeline says so
    iid, admins = write(engine, by="root")
    with engine.begin() as c:
        drafts.submit_draft(c, admins, by="root", now=at(2))
        drafts.approve_draft(c, admins, by="root", now=at(3))
        event = incident_store.timeline(c, iid)[-1]
    assert event["kind"] == "draft_approved" and event["data"]["self_approved"] is True
    assert "by its own writer (allowed as admin)" in event["text"]


def test_steps_out_of_order_are_refused_clearly(engine, team):
    _, did = write(engine)
    with engine.begin() as c, pytest.raises(DraftConflict, match="only a submitted draft"):
        drafts.approve_draft(c, did, by="mia", now=at(2))
    with engine.begin() as c, pytest.raises(DraftConflict, match="only an approved draft"):
        drafts.publish_draft(c, did, by="max", now=at(2))
    with engine.begin() as c:
        drafts.submit_draft(c, did, by="ana", now=at(2))
    with engine.begin() as c, pytest.raises(DraftConflict, match="ask a manager to send it back"):
        drafts.edit_draft(c, did, by="ana", posts=["changed"], now=at(3))
    with engine.begin() as c, pytest.raises(DraftConflict, match="waiting for approval"):
        drafts.submit_draft(c, did, by="ana", now=at(3))
    with engine.begin() as c, pytest.raises(InputError, match=r"comment .* is empty"):
        drafts.return_draft(c, did, by="mia", comment="  ", now=at(3))
    with engine.begin() as c:
        drafts.approve_draft(c, did, by="mia", now=at(4))
    with engine.begin() as c, pytest.raises(DraftConflict, match="already approved"):
        drafts.approve_draft(c, did, by="max", now=at(5))
    with engine.begin() as c, pytest.raises(DraftConflict, match="approved words are not changed"):
        drafts.edit_draft(c, did, by="ana", posts=["changed"], now=at(5))
    with engine.begin() as c, pytest.raises(DraftConflict, match="only a submitted draft"):
        drafts.return_draft(c, did, by="max", comment="too late", now=at(5))
    with engine.begin() as c, pytest.raises(DraftError, match="before the approval"):
        drafts.publish_draft(c, did, by="max", published_at=at(3), now=at(6))
    with engine.begin() as c, pytest.raises(DraftError, match="in the future"):
        drafts.publish_draft(c, did, by="max", published_at=at(60), now=at(6))
    with engine.begin() as c, pytest.raises(InputError, match="url must be an http"):
        drafts.publish_draft(c, did, by="max", url="javascript:alert(1)", now=at(6))
    with engine.begin() as c:
        drafts.publish_draft(c, did, by="max", now=at(6))
    with engine.begin() as c, pytest.raises(DraftConflict, match="already published"):
        drafts.publish_draft(c, did, by="max", now=at(7))
    with engine.connect() as c:
        statements = [e for e in incident_store.timeline(c, drafts.get_draft(c, did)
                      ["incident_id"]) if e["kind"] == "statement"]  # fmt: skip
    assert len(statements) == 1  # the refused steps left nothing behind


def test_roles_are_checked_now_from_the_users_table(engine, team):
    iid, did = write(engine)
    with engine.begin() as c:
        drafts.submit_draft(c, did, by="ana", now=at(2))
    with engine.begin() as c, pytest.raises(DraftForbidden, match="only a manager or an admin"):
        drafts.approve_draft(c, did, by="bo", now=at(3))
    # mia loses the manager role between loading the page and pressing Approve
    with engine.begin() as c:
        change_role(c, username="mia", role="agent")
    with engine.begin() as c, pytest.raises(DraftForbidden, match=r"\(you are agent\)"):
        drafts.approve_draft(c, did, by="mia", now=at(3))
    with engine.begin() as c, pytest.raises(DraftForbidden, match="not a user"):
        drafts.approve_draft(c, did, by="nobody", now=at(3))
    with engine.begin() as c, pytest.raises(DraftForbidden, match="you are analyst"):
        drafts.create_draft(c, iid, posts=["x"], channel="x", language="en", by="ann")
    with engine.begin() as c, pytest.raises(DraftForbidden, match="you are analyst"):
        drafts.submit_draft(c, did, by="ann")
    with engine.begin() as c:
        drafts.approve_draft(c, did, by="max", now=at(4))
    with engine.begin() as c, pytest.raises(DraftForbidden, match="may publish a statement"):
        drafts.publish_draft(c, did, by="ana", now=at(5))
    with engine.connect() as c:
        assert drafts.get_draft(c, did)["state"] == "approved"
        assert kinds(engine, iid)[-2:] == ["draft_submitted", "draft_approved"]
        assert drafts.allowed(drafts.get_draft(c, did), name="max", role="manager") == [
            "publish"]  # fmt: skip
        assert drafts.allowed(drafts.get_draft(c, did), name="ana", role="agent") == []


def test_two_managers_at_once_give_one_approval(engine, team):
    _, did = write(engine)
    with engine.begin() as c:
        drafts.submit_draft(c, did, by="ana", now=at(2))
        seen = drafts.get_draft(c, did)  # what the second manager's request read
        drafts.approve_draft(c, did, by="mia", now=at(3))
        with pytest.raises(DraftConflict, match="changed meanwhile: it is already approved"):
            drafts._move(c, seen, "approved", reviewed_by="max", reviewed_at=at(3))
        assert drafts.get_draft(c, did)["reviewed_by"] == "mia"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"posts": []}, "a draft has 1 to 25 posts, not 0"),
        ({"posts": "one text"}, "posts must be a list"),
        ({"posts": ["ok"] * 26}, "not 26"),
        ({"posts": ["fine", "\x00nul"]}, "post 2 contains control characters"),
        ({"posts": ["x" * 5001]}, "post 1 is 5001 characters long"),
        ({"posts": ["x" * 5000] * 4}, "the thread is 20006 characters long"),
        ({"channel": "x:@a\nb"}, "channel contains control characters"),
        ({"channel": "c" * 101}, "channel is 101 characters long"),
        ({"language": "english!!"}, "is not a language tag"),
        ({"language": "<script>"}, "is not a language tag"),
        ({"template": "nope"}, "no holding-statement template 'nope'"),
    ],
)
def test_draft_fields_are_checked(engine, team, fields, message):
    iid = open_incident(engine)
    values = {"posts": ["ok"], "channel": "x:@brand", "language": "en"} | fields
    with engine.begin() as c, pytest.raises(InputError, match=message):
        drafts.create_draft(c, iid, by="ana", **values)


def test_unknown_draft_and_incident(engine, team):
    iid, did = write(engine)
    with engine.connect() as c:
        with pytest.raises(DraftNotFound, match="no statement draft with id 999"):
            drafts.get_draft(c, 999)
        with pytest.raises(DraftNotFound, match=f"in incident {iid + 1}"):
            drafts.get_draft(c, did, incident_id=iid + 1)
        with pytest.raises(incident_store.IncidentNotFound):
            drafts.list_drafts(c, iid + 1)
    with engine.begin() as c, pytest.raises(DraftConflict, match="already says exactly that"):
        drafts.edit_draft(c, did, by="ana", posts=["We are looking into it."])


def test_hostile_text_is_stored_exactly(engine, team):
    hostile = ["<script>alert(1)</script>", '<img src=x onerror="alert(2)">\n{brand}']
    iid, did = write(engine, posts=hostile)
    with engine.connect() as c:
        assert drafts.get_draft(c, did)["posts"] == hostile
    with engine.begin() as c:
        draft = drafts.draft_from_template(
            c, iid, template="holding", channel="x", by="ana",
            values={"topic": "<svg onload=alert(3)>", "brand": "{time}"},
        )  # fmt: skip
    assert draft["posts"][0].startswith("We are aware of <svg onload=alert(3)> and")
    assert "({time}, " in draft["posts"][1]  # a value is never filled in again
    # no brand given and the incident has no topic: {brand} stays, and cannot go out so
    with engine.begin() as c:
        bare = drafts.draft_from_template(c, iid, template="holding", channel="x", by="ana",
                                          values={})  # fmt: skip
    assert "({brand}, " in bare["posts"][1]
    with engine.begin() as c, pytest.raises(DraftError, match=r"post 2 still has \{brand\}"):
        drafts.submit_draft(c, bare["id"], by="ana")


def test_holding_templates_fill_known_variables_only():
    defaults = holding.default_values(brand="Aurelia", now=datetime(2026, 3, 2, 9, 5, tzinfo=UTC))
    assert defaults["time"] == "09:05 UTC, 02 Mar 2026"
    posts = holding.fill("holding", {"topic": "the {rumour}", "next_update": " "},
                         defaults=defaults)  # fmt: skip
    assert posts[0].startswith("We are aware of the {rumour} and")
    assert posts[1].startswith("We will share an update within two hours.")
    assert "(Aurelia, 09:05 UTC, 02 Mar 2026)" in posts[1]
    zh = holding.fill("holding_zh", {"topic": "产品安全"}, defaults=defaults)
    assert zh[0] == "我们已关注到关于产品安全的信息，并高度重视，正在全面核实。"
    assert holding.template("holding_zh").language == "zh"
    with pytest.raises(holding.TemplateError, match="unknown template variables: colour"):
        holding.fill("holding", {"colour": "red"}, defaults=defaults)
    with pytest.raises(holding.TemplateError, match="one line"):
        holding.fill("holding", {"topic": "two\nlines"}, defaults=defaults)
    with pytest.raises(holding.TemplateError, match="there are: holding, false_report"):
        holding.template("missing")
    for chosen in holding.TEMPLATES.values():  # every placeholder is a known variable
        for post in holding.fill(chosen.key, {}, defaults=defaults):
            assert not any("{" + v + "}" in post for v in holding.VARIABLES)


def test_incident_roles_and_the_list_open_first(engine):
    iid = open_incident(engine, severity="high")
    with engine.begin() as c:
        incident_store.set_role(c, iid, "spokesperson", "Dana", by="mia", now=at(1))
        incident_store.set_role(c, iid, "spokesperson", "Eli", by="mia", now=at(2))
        incident_store.set_role(c, iid, "scribe", "Bo", by="mia", now=at(3))
        incident_store.set_role(c, iid, "scribe", None, by="mia", now=at(4))
        with pytest.raises(TransitionError, match="Eli is already the spokesperson"):
            incident_store.set_role(c, iid, "spokesperson", "Eli", by="mia")
        with pytest.raises(TransitionError, match="has no liaison to remove"):
            incident_store.set_role(c, iid, "liaison", None, by="mia")
        with pytest.raises(InputError, match="role 'janitor' is not one of"):
            incident_store.set_role(c, iid, "janitor", "X", by="mia")
        incident = incident_store.get_incident(c, iid)
    assert set(incident["roles"]) == {"spokesperson"}
    assert incident["roles"]["spokesperson"]["holder"] == "Eli"
    texts = [e["text"] for e in incident["timeline"] if e["kind"] == "role"]
    assert texts == ["spokesperson: Dana", "spokesperson: Eli (was Dana)", "scribe: Bo",
                     "scribe removed (was Bo)"]  # fmt: skip
    with engine.begin() as c:
        older = incident_store.open_incident(c, title="older", by="mia", now=at(-60))["id"]
        resolved = incident_store.open_incident(c, title="newer", by="mia", now=at(30))["id"]
        incident_store.set_status(c, resolved, "resolved", by="mia", now=at(31))
        ordered = [i["id"] for i in incident_store.list_incidents(c, open_first=True)]
        high = [i["id"] for i in incident_store.list_incidents(c, severity="high")]
    assert ordered == [iid, older, resolved] and high == [iid]
