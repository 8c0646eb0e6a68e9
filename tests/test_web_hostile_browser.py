"""Every page in real Chromium with hostile content in everything it shows: post texts,
author names and bios, topic names and queries, alert evidence, incident titles and notes,
campaign accounts, conversations. Nothing may execute (no dialog, no `window.__pwned`, no
inline script), and no page may throw."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from parley.act import replies, rota, surge
from parley.store import inbox_views, incidents, kb, users
from parley.store.db import open_store
from parley.store.tables import contacts
from parley.store.topics import save_topic
from tests.test_campaign_picture import _saved, farm
from tests.test_inbox_web import seed as seed_conversation
from tests.test_web_alerts import SCRIPT, new_alert
from tests.webutil import browser, browser_sign_in, make_user, screenshot, serve

PAYLOADS = f'{SCRIPT}<img src=x onerror="window.__pwned=2"><svg onload="window.__pwned=3">'

PAGES = [
    "/", "/?range=7d", "/?exclude=suspected", "/stream", "/topics", "/alerts", "/incidents",
    "/campaigns", "/sources", "/settings", "/users", "/audit", "/account", "/inbox", "/rota",
    "/rota/team", "/sla", "/inbox/settings", "/contacts", "/kb", "/kb?q=%3Cscript%3Ealert(1)",
    "/inbox?tag=%3Cb%3E&lang=zh",
]  # fmt: skip


@pytest.mark.browser
def test_no_page_runs_hostile_content(tmp_path):
    url = f"sqlite:///{tmp_path / 'parley.db'}"
    engine = open_store(url)
    conversation = seed_conversation(engine)
    with engine.begin() as connection:
        save_topic(connection, name=f"brand {PAYLOADS}"[:190], query='aurelia OR "<script>"')
        alert_id = new_alert(connection)
        incident = incidents.open_incident(connection, title=f"Crisis {PAYLOADS}", by="x<b>y")
        incidents.add_note(connection, incident["id"], f"note {PAYLOADS}", by="mira")
    campaign = _saved(engine, farm())
    make_user(engine, "admin", username="root")
    with engine.begin() as connection:
        root = users.get_user(connection, users.find_user(connection, "root")["id"])
        assert root is not None
        article = kb.create_article(connection, actor=root, lang="en", title=f"refund {PAYLOADS}",
                                    body=f"my refund {PAYLOADS}\n{{customer_name}}")  # fmt: skip
        replies.save_canned(connection, name=f"c {PAYLOADS}"[:100], lang="en", text=PAYLOADS)
        view = inbox_views.save_view(connection, name=f"v {PAYLOADS}"[:80],
                                     filters=inbox_views.ViewFilters(), owner_id=root.id)  # fmt: skip
        rota.add_exception(connection, kind="holiday", note=f"n {PAYLOADS}",
                           starts_at=datetime.now(UTC), ends_at=datetime.now(UTC) + timedelta(1))  # fmt: skip
        surge.start(connection, actor=root, reason=f"storm {PAYLOADS}")
        contact = connection.execute(select(func.min(contacts.c.id))).scalar()
    engine.dispose()
    details = [
        f"/alerts/{alert_id}", f"/incidents/{incident['id']}", f"/campaigns/{campaign['id']}",
        f"/inbox/{conversation}", f"/kb/{article}", f"/contacts/{contact}",
        f"/inbox?view=saved-{view}",
    ]  # fmt: skip
    dialogs: list[str] = []
    errors: list[str] = []
    with serve(tmp_path, url) as base, browser() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        browser_sign_in(page, base, "root")
        for path in PAGES + details:
            response = page.goto(base + path)
            assert response is not None and response.status == 200, path
            assert "script-src 'self'" in response.headers["content-security-policy"]
            page.wait_for_timeout(300)
            assert page.evaluate("typeof window.__pwned") == "undefined", path
            assert page.locator("script:not([src])").count() == 0, path
            name = re.sub(r"[^a-z0-9]+", "-", path.strip("/") or "overview")
            screenshot(page, f"hostile-{name}")
        page.wait_for_timeout(3000)  # a poll or two of the live parts
        assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == [] and errors == []
