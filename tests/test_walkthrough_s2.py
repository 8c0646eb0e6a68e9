"""Scenario S2 end to end in real Chromium: a storm cancels flights, the care team answers.

`parley serve` runs on a fresh store; customers' private messages arrive the way a connector
delivers them, through `parley import` into the same store, while the server runs. A manager
puts an agent on the rota; the agent's conversation is assigned to her because she is on
duty; she uses a suggested answer from the knowledge base, which needs approval because it
promises compensation; the manager approves it and the simulator's platform sends it; the
customer writes back; the agent answers with a canned reply and resolves the conversation;
the SLA report shows her first response met. Nothing hostile runs, no page throws.
Screenshots of each step go to test-artifacts/.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from parley.act import replies, sla
from parley.store import kb
from parley.store.db import open_store
from tests.webutil import browser, browser_sign_in, make_user, screenshot, serve

CUSTOMER = {"native_id": "cust-storm-1", "handle": "giulia_r", "name": "Giulia <b>Rossi</b>"}


def _customer_writes(tmp_path: Path, url: str, native_id: str, text: str) -> None:
    """A DM from the customer, delivered as a connector would: `parley import` of one line of
    the interchange format into the store the server uses."""
    line = {
        "platform": "sim", "native_id": native_id, "kind": "dm", "to_account": "AureliaAir",
        "created_at": datetime.now(UTC).isoformat(), "text": text, "lang": "en",
        "author": CUSTOMER, "raw": {"sim": {"scenario": "storm"}},
    }  # fmt: skip
    path = tmp_path / f"{native_id}.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    environment |= {"PARLEY_DATABASE_URL": url, "PARLEY_DATA_DIR": str(tmp_path),
                    "PARLEY_DETECT": "off"}  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "parley.cli", "import", str(path)],
                          env=environment, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def _reload_until(page: Any, url: str, pattern: str, seconds: float = 90) -> None:
    """Reload `url` until its main text matches `pattern` (the server's loops run meanwhile:
    the outbox every few seconds, the SLA watch every 30)."""
    deadline = time.monotonic() + seconds
    while True:
        page.goto(url)
        shown = " ".join(page.locator("main").text_content().split())
        if re.search(pattern, shown):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{pattern!r} never showed on {url} within {seconds} s: {shown}")
        page.wait_for_timeout(1500)


@pytest.mark.browser
@pytest.mark.slow
def test_s2_an_agent_on_duty_answers_a_stranded_customer(tmp_path):
    url = f"sqlite:///{tmp_path / 'parley.db'}"
    engine = open_store(url)
    make_user(engine, "manager", username="mira")
    make_user(engine, "agent", username="ada")
    with engine.begin() as connection:
        for priority in ("low", "normal", "high", "urgent"):
            sla.set_policy(connection, priority=priority, first_response_minutes=30,
                           next_response_minutes=60, resolution_minutes=24 * 60)  # fmt: skip
        replies.save_canned(connection, name="closing", lang="en",
                            text="Glad it is sorted, {customer_name}. Case {case_number} is closed.")  # fmt: skip
        replies.add_rule(connection, kind="keyword", value="compensation")
        kb.create_article(connection, actor="mira", lang="en",
                          title="Compensation for flights cancelled by weather",
                          body="Dear {customer_name}, we are sorry your flight was cancelled. "
                               "Under our storm policy you are rebooked on the next flight, we "
                               "pay your hotel tonight and you can claim compensation.")  # fmt: skip
        kb.create_article(
            connection,
            actor="mira",
            lang="en",
            title="Lost baggage",
            body="Report a missing bag at the airport desk within 24 hours.",
        )
    engine.dispose()
    errors: list[str] = []
    dialogs: list[str] = []
    with serve(tmp_path, url) as base, browser() as chromium:
        lead = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
        agent = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
        for page in (lead, agent):
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        browser_sign_in(lead, base, "mira")
        browser_sign_in(agent, base, "ada")

        # The manager puts ada on duty around the clock.
        lead.goto(base + "/rota")
        lead.select_option("select[name=username]", "ada")
        lead.fill("input[name=days]", "mon-sun")
        lead.fill("input[name=starts]", "00:00")
        lead.fill("input[name=ends]", "24:00")
        lead.fill("input[name=tz]", "UTC")
        lead.click("button:has-text('Add')")
        lead.wait_for_url(base + "/rota")
        assert re.search(r"ada\s+until", lead.locator("main").text_content())
        screenshot(lead, "s2-rota")

        # A stranded customer writes; the rota assigns the conversation to ada.
        _customer_writes(tmp_path, url, "dm-1", "My flight was cancelled by the storm and I "
                         "am stuck at the airport. Who pays my hotel tonight?")  # fmt: skip
        _reload_until(agent, base + "/inbox?view=mine", r"stuck at the airport")
        assert "<b>Rossi" not in agent.content()  # the customer's name is escaped
        agent.click("table a[href^='/inbox/']:has-text('cancelled')")
        agent.wait_for_url(re.compile(r"/inbox/\d+$"))
        conversation = agent.url
        text = " ".join(agent.locator("main").text_content().split())
        assert "assignee ada" in text and "ada on duty" in text  # routed: she is on duty
        screenshot(agent, "s2-conversation")

        # A suggested answer from the knowledge base fills the reply box.
        suggestions = agent.locator("section[aria-label='Suggested answers']")
        assert "Compensation for flights cancelled by weather" in suggestions.inner_text()
        assert "shared:" in suggestions.inner_text()  # the suggestion says why
        suggestions.locator("button:has-text('Use')").first.click()
        box = agent.locator("form.stack[action$='/reply'] textarea[name=text]")
        box.wait_for()
        assert "Dear Giulia <b>Rossi</b>, we are sorry" in box.input_value()
        box.fill(box.input_value() + " Your booking is AX-200.")
        agent.click("button:has-text('Send privately')")
        agent.wait_for_url(conversation)
        assert "awaiting approval (says 'compensation')" in agent.locator("main").text_content()

        # The manager approves; the outbox sends it through the simulator's platform.
        lead.goto(conversation)
        lead.click("button:has-text('Approve')")
        _reload_until(lead, conversation, r"\bsent\b")
        screenshot(lead, "s2-approved")

        # The customer writes back; ada closes with a canned reply and resolves.
        _customer_writes(tmp_path, url, "dm-2", "Thank you, the hotel voucher arrived.")
        _reload_until(agent, conversation, r"hotel voucher arrived")
        agent.select_option("select[name=canned]", "closing")
        agent.click("button:has-text('Fill in')")
        box = agent.locator("form.stack[action$='/reply'] textarea[name=text]")
        assert box.input_value().startswith("Glad it is sorted, Giulia <b>Rossi</b>. Case ")
        agent.click("button:has-text('Send privately')")
        agent.wait_for_url(conversation)
        agent.select_option("select[name=status]", "resolved")
        agent.click("form[action$='/update'] button[type=submit]")
        agent.wait_for_url(conversation)
        assert re.search(r"Status\s+resolved", agent.locator("main").text_content())
        screenshot(agent, "s2-resolved")

        # The SLA report shows her first response met.
        _reload_until(lead, base + "/sla?range=24h", r"ada\s+\d+\s+100(\.0)? % of 1")
        screenshot(lead, "s2-sla-report")
    assert errors == [] and dialogs == []
