"""Topics and Alerts in real Chromium: type a broken query and see the error inline, fix it and
see the preview, save; open an alert and see its surge chart drawn; acknowledge it. Nothing
hostile in the evidence runs. Screenshots go to test-artifacts/."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from parley.domain import Author, Post
from parley.store.db import open_store
from parley.store.posts import store_batch
from tests.test_web_alerts import SCRIPT, new_alert
from tests.webutil import browser, browser_sign_in, make_user, screenshot, serve


@pytest.mark.browser
def test_topic_preview_and_alert_chart_in_a_browser(tmp_path):
    url = f"sqlite:///{tmp_path / 'web.db'}"
    engine = open_store(url)
    now = datetime.now(UTC)
    posts = [
        Post(platform="x", native_id=f"b{i}", created_at=now - timedelta(minutes=i),
             text=f"Aurelia recall number {i} {SCRIPT}" if i % 2 else f"just aurelia {i}",
             lang="en", author=Author(native_id=f"a{i}", handle=f"h{i}", name=SCRIPT))
        for i in range(12)
    ]  # fmt: skip
    with engine.begin() as connection:
        store_batch(connection, posts)
        alert_id = new_alert(connection)
    make_user(engine, "manager", username="mira")
    engine.dispose()

    dialogs: list[str] = []
    errors: list[str] = []
    with serve(tmp_path, url) as base, browser() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        browser_sign_in(page, base, "mira")

        page.goto(base + "/topics/new")
        page.fill("#topic-name", "Aurelia recall")
        page.click("#topic-query")
        page.keyboard.type("aurelia AND", delay=20)
        error = page.locator("#preview .query-error")
        error.wait_for(timeout=10_000)
        assert "at position 11: expected a term or '(' after AND" in error.inner_text()
        assert page.locator("#preview .query-error mark").count() == 1
        screenshot(page, "topics-preview-error")

        page.keyboard.type(" recall", delay=20)
        page.locator("#preview li.post").first.wait_for(timeout=10_000)
        assert page.locator("#preview .query-error").count() == 0
        assert page.locator("#preview li.post").count() == 6
        assert "why:" in page.locator("#preview li.post").first.inner_text()
        assert SCRIPT in page.locator("#preview li.post .text").first.inner_text()  # as text
        screenshot(page, "topics-preview-matches")

        page.click("button[type=submit]:has-text('Create topic')")
        page.wait_for_url(lambda u: "done=created" in u)
        assert "Topic created" in page.locator(".flash.ok").inner_text()
        page.goto(base + "/topics")
        assert page.locator("table.topics td a", has_text="Aurelia recall").count() == 1
        screenshot(page, "topics-list")

        page.goto(base + "/alerts")
        page.click(f"a[href='/alerts/{alert_id}']")
        page.wait_for_url(lambda u: u.endswith(f"/alerts/{alert_id}"))
        page.locator("figure.chart canvas").first.wait_for(timeout=10_000)
        assert page.locator("figure.chart canvas").count() >= 1
        screenshot(page, "alert-detail")

        page.click("button:has-text('Acknowledge')")
        page.locator("#alert-actions .flash.ok").wait_for(timeout=10_000)
        assert "Alert acknowledged" in page.locator("#alert-actions").inner_text()
        assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == [] and errors == []
