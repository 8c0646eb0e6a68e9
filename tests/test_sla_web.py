"""The /sla page: analysts read the policies, business hours and report; managers change
them (with audit rows); a bad value comes back naming its field; the report's range."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from parley.act import sla
from parley.settings import Settings
from parley.store import audit
from parley.store.tables import inbox_conversations, sla_events
from parley.web.app import create_app
from tests.webutil import signed_in


@pytest.fixture
def app(engine, db_url, tmp_path):  # type: ignore[no-untyped-def]
    return create_app(Settings(data_dir=tmp_path, database_url=db_url), engine=engine,
                      simulate=None)  # fmt: skip


def test_a_manager_edits_policies_and_hours_and_bad_values_name_their_field(app, engine):
    manager = signed_in(app, "manager")
    analyst = signed_in(app, "analyst")
    page = analyst.get("/sla")
    assert page.status_code == 200 and "no policy: no SLA for this priority" in page.text
    assert "Save urgent" not in page.text  # analysts read
    assert analyst.post("/sla/policies", data={"priority": "urgent"}).status_code == 403
    assert (
        'href="/sla"' in analyst.get("/rota").text and 'href="/sla"' in analyst.get("/inbox").text
    )
    saved = manager.post("/sla/policies", data={
        "priority": "urgent", "first_response": "15", "next_response": "", "resolution": "240",
        "clock": "business", "warn_percent": "75"}, follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    with engine.connect() as connection:
        policy = sla.policies(connection)["urgent"]
        assert (policy.first_response_minutes, policy.next_response_minutes,
                policy.resolution_minutes, policy.clock, policy.warn_percent) == (
                    15, None, 240, "business", 75)  # fmt: skip
        assert audit.entries(connection, action="sla.policy")[0]["target"] == "sla_policy:urgent"
    shown = analyst.get("/sla").text
    assert "<td>15</td>" in shown and "<td>business</td>" in shown
    for data, words in [
        ({"first_response": "abc"}, "first response (minutes): &#39;abc&#39; is not a whole"),
        ({"resolution": "999999"}, "resolution (minutes): the resolution target is 1 to 525600"),
        ({"warn_percent": "150"}, "warn at (%): warn at 1 to 99 %"),
        ({"warn_percent": "x"}, "warn at (%): &#39;x&#39; is not a whole percentage"),
        ({"clock": "<b>moon</b>"}, "clock: clock must be one of calendar, business, rota"),
    ]:
        bad = manager.post("/sla/policies", data={"priority": "high", **data})
        assert bad.status_code == 422 and words in bad.text, (data, bad.text[:2000])
        assert 'aria-invalid="true"' in bad.text and "<b>moon" not in bad.text
    with engine.connect() as connection:
        assert "high" not in sla.policies(connection)  # nothing stored
    hours = manager.post("/sla/hours", data={"tz": "Europe/Rome", "days": "mon-fri",
                                             "starts": "08:30", "ends": "17:30"},
                         follow_redirects=False)  # fmt: skip
    assert hours.status_code == 303
    assert "mon-fri 08:30–17:30 Europe/Rome" in analyst.get("/sla").text
    for data, words in [
        ({"tz": "Mars/Base"}, "time zone: unknown time zone &#39;Mars/Base&#39;"),
        ({"days": "someday"}, "days: days &#39;someday&#39;"),
        ({"starts": "9am"}, "starts: start &#39;9am&#39;: use HH:MM"),
        ({"starts": "18:00"}, "ends: business hours end (17:00) before they start (18:00)"),
    ]:
        form = {"tz": "UTC", "days": "mon-fri", "starts": "09:00", "ends": "17:00", **data}
        bad = manager.post("/sla/hours", data=form)
        assert bad.status_code == 422 and words in bad.text, (data, bad.text[:2000])
    with engine.connect() as connection:
        assert sla.business_hours(connection).tz == "Europe/Rome"
        assert [e["action"] for e in audit.entries(connection, action="sla.")] == [
            "sla.hours", "sla.policy"]  # fmt: skip


def test_the_report_follows_the_range(app, engine):
    now = datetime.now(UTC)
    with engine.begin() as connection:
        cid = connection.execute(insert(inbox_conversations).values(
            platform="x", thread_key="dm:c", private=True, customer_native_id="c", subject="s",
            status="open", priority="normal", tags="[]", rota_gap=False, messages_count=1,
            first_message_at=now, last_message_at=now, last_inbound_at=now, sla_state="ok",
            reopened_count=0, created_at=now, updated_at=now)).inserted_primary_key[0]  # fmt: skip
        for days, state, minutes in ((0.1, "met", 10.0), (3, "late", 50.0), (20, "met", 30.0)):
            due = now - timedelta(days=days)
            connection.execute(insert(sla_events).values(
                conversation_id=cid, target="first_response", state=state, due_at=due,
                at=due, minutes=minutes))  # fmt: skip
    analyst = signed_in(app, "analyst")

    def overall(range_: str) -> str:
        page = analyst.get("/sla", params={"range": range_})
        assert page.status_code == 200
        return page.text.split('<tr class="sla-overall">', 1)[1].split("</tr>", 1)[0]

    assert "100.0 % of 1" in overall("24h") and "10.0 min" in overall("24h")
    assert "50.0 % of 2" in overall("7d") and "30.0 min" in overall("7d")
    assert "66.7 % of 3" in overall("30d")
    assert "the last 7 days" in analyst.get("/sla?range=<script>").text  # unknown: the default
