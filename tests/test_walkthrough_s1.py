"""Scenario S1 end to end in real Chromium, as the team would live it (issue 6).

`parley serve` plays the false-report scenario through the live pipeline and detectors, 30x
faster than real time. A manager signs in and sees the overview's charts, writes a topic
(a syntax error first, then a valid query), waits for the surge to raise an alert, opens an
incident from it; an agent drafts the holding statement from a template, the manager
approves and publishes it; the paid posters' campaign shows up and the manager confirms it.
Nothing hostile runs, no page throws. Screenshots of each step go to test-artifacts/.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from parley.store.db import open_store
from tests.webutil import browser, browser_sign_in, make_user, screenshot, serve

WAIT = 180  # seconds of wall time for the stream to reach each point (30x: 90 min of stream)


def _wait_for_row(page: Any, urls: str | tuple[str, ...], selector: str,
                  seconds: float = WAIT) -> Any:  # fmt: skip
    """Reload each of `urls` until `selector` matches on one (the stream runs meanwhile)."""
    deadline = time.monotonic() + seconds
    urls = (urls,) if isinstance(urls, str) else urls
    while True:
        for url in urls:
            page.goto(url)
            rows = page.locator(selector)
            if rows.count():
                return rows
        if time.monotonic() > deadline:
            raise AssertionError(f"nothing matched {selector} on {urls} within {seconds} s")
        page.wait_for_timeout(2000)


@pytest.mark.browser
@pytest.mark.slow
def test_s1_false_report_from_first_alert_to_statement_and_campaign(tmp_path):
    url = f"sqlite:///{tmp_path / 'parley.db'}"
    engine = open_store(url)
    make_user(engine, "manager", username="mira")
    make_user(engine, "agent", username="ada")
    engine.dispose()
    errors: list[str] = []
    dialogs: list[str] = []
    args = ("--simulate", "false_report", "--speed", "30", "--seed", "7")
    with serve(tmp_path, url, args=args) as base, browser() as chromium:
        lead_context = chromium.new_context(viewport={"width": 1280, "height": 900})
        lead = lead_context.new_page()
        lead.on("pageerror", lambda e: errors.append(str(e)))
        lead.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        browser_sign_in(lead, base, "mira")

        # The overview draws its charts from the rollups the pipeline keeps.
        lead.goto(base + "/")
        lead.locator("figure.chart canvas").first.wait_for(timeout=30_000)
        screenshot(lead, "s1-overview")

        # A topic: the inline error names the position, then the valid query previews.
        lead.goto(base + "/topics/new")
        lead.fill("#topic-name", "Aurelia")
        lead.click("#topic-query")
        lead.keyboard.type("aurelia AND", delay=20)
        lead.locator("#preview .query-error").wait_for(timeout=15_000)
        assert "position 11" in lead.locator("#preview .query-error").inner_text()
        lead.keyboard.type(" NOT job*", delay=20)
        lead.locator("#preview li.post").first.wait_for(timeout=15_000)
        screenshot(lead, "s1-topic-preview")
        lead.click("button[type=submit]:has-text('Create topic')")
        lead.wait_for_url(lambda u: "done=created" in u)

        # The surge raises an alert with its evidence; the manager opens an incident from it.
        # Which comes first depends on the hour the stream is played at: a negative-shift
        # alert, or a volume one (a volume alert is not raised while a negative one is open).
        crisis = (base + "/alerts?kind=negative", base + "/alerts?kind=volume")
        rows = _wait_for_row(lead, crisis, "table a[href^='/alerts/']")
        rows.first.click()
        lead.wait_for_url(re.compile(r"/alerts/\d+$"))
        lead.locator("figure.chart canvas").first.wait_for(timeout=15_000)
        assert "expected" in lead.locator("main").inner_text().lower()
        screenshot(lead, "s1-alert")
        lead.get_by_role("button", name="Open an incident").click()
        link = lead.locator("#alert-actions a[href^='/incidents/']")
        link.wait_for(timeout=15_000)
        room = base + link.get_attribute("href")

        # An agent drafts the holding statement from the S1 template and submits it.
        writer_context = chromium.new_context(viewport={"width": 1280, "height": 900})
        writer = writer_context.new_page()
        writer.on("pageerror", lambda e: errors.append(str(e)))
        browser_sign_in(writer, base, "ada")
        writer.goto(room)
        writer.click("text=Write a statement")
        writer.select_option("select[name=template]", "false_report")
        writer.fill("input[name=brand]", "Aurelia")
        writer.fill("input[name=topic]", "a carcinogen in our shampoo")
        writer.fill("input[name=next_update]", "within two hours")
        writer.fill("input[name=channel]", "x:@AureliaCare")
        writer.get_by_role("button", name="Start the draft").click()
        writer.get_by_role("button", name="Submit for approval").click()
        writer.locator(".draft-state", has_text="waiting for approval").wait_for()

        # Four eyes: the manager, not the writer, approves; then publishes.
        lead.goto(room)
        lead.get_by_role("button", name="Approve", exact=True).click()
        lead.locator(".draft-state", has_text="approved").wait_for()
        lead.fill("input[name=url]", "https://x.example/AureliaCare/status/1")
        lead.get_by_role("button", name="Mark published").click()
        lead.locator(".kind-statement").first.wait_for(timeout=15_000)
        screenshot(lead, "s1-crisis-room")

        # The paid posters' campaign is on the Campaigns page; the manager confirms it.
        rows = _wait_for_row(lead, base + "/campaigns", "table.campaigns a[href^='/campaigns/']")
        rows.first.click()
        lead.wait_for_url(re.compile(r"/campaigns/\d+$"))
        lead.locator("svg.network circle").first.wait_for(timeout=15_000)
        lead.fill("#reason", "fresh accounts posting the same boycott text in bursts")
        lead.click("button.confirm")
        lead.locator("p.decided").wait_for(timeout=15_000)
        assert "confirmed" in lead.locator("p.decided").inner_text().lower()
        screenshot(lead, "s1-campaign")

        assert lead.evaluate("typeof window.__pwned") == "undefined"
    assert errors == [] and dialogs == []
