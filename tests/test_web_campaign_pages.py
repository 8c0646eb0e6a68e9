"""The Campaigns pages: list, detail with hostile content escaped, and a manager's decision."""

from __future__ import annotations

import re

import msgspec
from fastapi import FastAPI
from sqlalchemy import select

from parley.coordination import store
from parley.settings import Settings
from parley.store.db import open_store
from parley.store.tables import audit_log
from parley.web.app import create_app
from tests.test_campaign_picture import HOSTILE, _saved, farm
from tests.webutil import signed_in

RAW = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "<svg onload=alert(4)>")


def _app(db_url: str) -> FastAPI:
    settings = Settings.from_env({"PARLEY_DATABASE_URL": db_url, "PARLEY_DETECT": "off"})
    return create_app(settings, simulate=None)


def _audit(app: FastAPI, target: str) -> list[dict]:
    with app.state.engine.connect() as connection:
        rows = connection.execute(
            select(audit_log).where(audit_log.c.target == target).order_by(audit_log.c.id)
        )
        return [dict(r._mapping) for r in rows]


def test_list_and_detail_escape_hostile_accounts_and_texts(db_url: str) -> None:
    engine = open_store(db_url)
    campaign = _saved(engine, farm())
    engine.dispose()
    app = _app(db_url)
    with signed_in(app, "analyst") as client:
        listing = client.get("/campaigns")
        assert listing.status_code == 200
        assert f'href="/campaigns/{campaign["id"]}"' in listing.text
        assert "suspected (1)" in listing.text and "6 accounts" in listing.text
        assert (
            f'href="/campaigns/{campaign["id"]}"'
            not in client.get("/campaigns?status=confirmed").text
        )
        bad = client.get("/campaigns?status=everything")
        assert bad.status_code == 422 and "status" in bad.text

        page = client.get(f"/campaigns/{campaign['id']}")
        assert page.status_code == 200
        html = page.text
        for raw in RAW:
            assert raw not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # texts and handles, as text
        assert "&lt;svg onload=alert(4)&gt; bio 2" in html  # a bio
        assert 'href="javascript:' not in html  # farm0's post link is not a web link
        # Near-identical posts side by side: four groups of the six accounts.
        assert html.count('class="dup-group"') == 4
        assert "6 accounts posted this" in html
        # The SVG network: one circle per account, one line per linked pair.
        svg = html[html.index('<svg class="network"') : html.index("</svg>")]
        assert svg.count("<circle ") == 6 and svg.count("<line ") == 15
        assert " style=" not in svg and "<script" not in svg
        assert f"farm3{HOSTILE}" not in svg and "farm3&lt;script&gt;" in svg
        # The timing chart travels as JSON in a data attribute, escaped.
        [spec] = re.findall(r"data-chart='([^']*)'", html)
        assert "<" not in spec and '"kind": "bars"' in spec.replace("&#34;", '"')
        # An analyst sees no decision form.
        assert "/decision" not in html
        assert client.get("/campaigns/4242").status_code == 404
        assert client.get("/campaigns/0").status_code == 422


def test_manager_confirms_with_a_reason_audited_analyst_and_agent_get_403(db_url: str) -> None:
    engine = open_store(db_url)
    campaign = _saved(engine, farm())
    engine.dispose()
    app = _app(db_url)
    cid = campaign["id"]
    form = {"decision": "confirmed", "reason": "same slogan <b>4 times</b>, all under a week old"}
    for role in ("analyst", "agent"):
        with signed_in(app, role) as client:
            assert client.post(f"/campaigns/{cid}/decision", data=form).status_code == 403
    assert store.get_campaign(app.state.engine, cid)["status"] == "suspected"

    with signed_in(app, "manager") as client:
        page = client.get(f"/campaigns/{cid}").text
        assert f'action="/campaigns/{cid}/decision"' in page and 'name="csrf_token"' in page
        missing = client.post(f"/campaigns/{cid}/decision", data={"decision": "confirmed"})
        assert missing.status_code == 422 and "needs a reason" in missing.text
        odd = client.post(f"/campaigns/{cid}/decision", data={**form, "decision": "deleted"})
        assert odd.status_code == 422
        assert not _audit(app, f"campaign:{cid}")

        done = client.post(f"/campaigns/{cid}/decision", data=form, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"] == f"/campaigns/{cid}"
        shown = client.get(f"/campaigns/{cid}").text
        assert "<strong>confirmed</strong> by " + client.username in shown
        assert "same slogan &lt;b&gt;4 times&lt;/b&gt;" in shown
        assert client.get("/campaigns?status=confirmed").text.count(f'/campaigns/{cid}"') >= 1

        client.post(f"/campaigns/{cid}/decision",
                    data={"decision": "dismissed", "reason": "a fan club\x00 after\nall"})  # fmt: skip
        assert store.get_campaign(app.state.engine, cid)["status"] == "dismissed"
        assert "Earlier decisions" in client.get(f"/campaigns/{cid}").text
        assert client.post("/campaigns/4242/decision", data=form).status_code == 404

    rows = _audit(app, f"campaign:{cid}")
    assert [r["action"] for r in rows] == ["campaign.confirm", "campaign.dismiss"]
    assert rows[0]["actor"] == client.username
    assert msgspec.json.decode(rows[0]["detail"])["reason"] == form["reason"]
    assert msgspec.json.decode(rows[1]["detail"])["reason"] == "a fan club after all"
    decided = store.get_campaign(app.state.engine, cid)
    assert decided["decided_by"] == client.username


def test_decision_without_the_csrf_token_is_refused(db_url: str) -> None:
    engine = open_store(db_url)
    campaign = _saved(engine, farm())
    engine.dispose()
    app = _app(db_url)
    with signed_in(app, "manager") as client:
        del client.headers["X-CSRF-Token"]
        refused = client.post(f"/campaigns/{campaign['id']}/decision",
                              data={"decision": "confirmed", "reason": "x"})  # fmt: skip
        assert refused.status_code == 403
    assert store.get_campaign(app.state.engine, campaign["id"])["status"] == "suspected"


def test_a_later_cli_decision_is_audited_and_the_old_reason_not_shown(
    db_url: str, cli_env: dict[str, str]
) -> None:
    from click.testing import CliRunner

    from parley.cli import main

    engine = open_store(db_url)
    campaign = _saved(engine, farm())
    engine.dispose()
    app = _app(db_url)
    cid = campaign["id"]
    with signed_in(app, "manager") as client:
        client.post(f"/campaigns/{cid}/decision",
                    data={"decision": "confirmed", "reason": "paid praise, clearly"})  # fmt: skip
        assert "paid praise, clearly" in client.get(f"/campaigns/{cid}").text
        result = CliRunner().invoke(main, ["campaigns", "dismiss", str(cid), "--by", "bob"],
                                    env=cli_env)  # fmt: skip
        assert result.exit_code == 0, result.output
        page = client.get(f"/campaigns/{cid}").text
        decided = page[
            page.index('<p class="decided') : page.index("</p>", page.index('<p class="decided'))
        ]
        assert "<strong>dismissed</strong> by bob" in decided and "paid praise" not in decided
    rows = _audit(app, f"campaign:{cid}")
    assert [(r["action"], r["actor"]) for r in rows][-1] == ("campaign.dismiss", "cli:bob")
