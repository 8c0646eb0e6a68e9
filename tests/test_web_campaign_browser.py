"""A manager, in real Chromium, opens the water-army campaign the simulator's water_army
scenario produced, reads its evidence (side-by-side posts, timing chart, network) and
confirms it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from parley.coordination import store
from parley.store.db import open_store
from tests.webutil import ARTIFACTS, browser, browser_sign_in, make_user, screenshot, serve


@pytest.mark.browser
@pytest.mark.slow
def test_manager_confirms_the_simulated_water_army_in_the_browser(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wa.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env |= {"PARLEY_DATABASE_URL": url, "PARLEY_DATA_DIR": str(tmp_path)}
    # The scenario through the real pipeline: enrichers, store, and the water-army detector.
    made = subprocess.run(
        [sys.executable, "-m", "parley.cli", "simulate", "--scenario", "water_army", "--seed", "1"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    engine = open_store(url)
    [campaign] = store.list_campaigns(engine)
    assert campaign["status"] == "suspected" and campaign["accounts"] >= 40
    manager = make_user(engine, "manager")
    admin = make_user(engine, "admin")
    engine.dispose()

    errors: list[str] = []
    dialogs: list[str] = []
    with serve(tmp_path, url) as base, browser() as chromium:
        page = chromium.new_page(viewport={"width": 1300, "height": 1000})
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        browser_sign_in(page, base, manager)
        page.goto(base + "/campaigns")
        row = page.locator("table.campaigns tbody tr")
        assert row.count() == 1 and "suspected" in row.inner_text()
        screenshot(page, "campaigns")

        page.click(f"a[href='/campaigns/{campaign['id']}'] >> nth=0")
        page.wait_for_url(f"**/campaigns/{campaign['id']}")
        # Near-identical posts side by side: rows of posts by different accounts.
        groups = page.locator(".dup-group")
        assert groups.count() >= 3
        first = groups.first.locator("article.post")
        assert first.count() >= 5
        authors = {first.nth(i).locator(".who").inner_text() for i in range(first.count())}
        assert len(authors) == first.count()  # one post per account, side by side
        boxes = [first.nth(i).bounding_box() for i in range(2)]
        assert boxes[0] and boxes[1] and boxes[0]["y"] == boxes[1]["y"]  # in one row
        assert boxes[1]["x"] > boxes[0]["x"]
        # The timing chart is drawn (uPlot's canvas), and the network is an SVG.
        page.locator("section.timing figure.chart canvas").first.wait_for(timeout=10000)
        circles = page.locator("svg.network circle")
        assert circles.count() == campaign["accounts"]
        assert page.locator("svg.network line").count() > campaign["accounts"]
        screenshot(page, "campaign")
        page.locator("section.network").screenshot(path=str(ARTIFACTS / "campaign-network.png"))

        page.fill("#reason", "44 young accounts posting the same praise on 14 occasions")
        page.click("button.confirm")
        page.wait_for_url(f"**/campaigns/{campaign['id']}")
        decided = page.locator("p.decided")
        assert "confirmed" in decided.inner_text() and manager in decided.inner_text()
        assert "44 young accounts" in decided.inner_text()
        screenshot(page, "campaign-confirmed")

        page.goto(base + "/sources")
        assert "simulator:water_army:1" in page.locator("table.sources").inner_text()
        screenshot(page, "sources")

        admin_page = chromium.new_context(viewport={"width": 1300, "height": 1000}).new_page()
        admin_page.on("pageerror", lambda e: errors.append(str(e)))
        browser_sign_in(admin_page, base, admin)
        admin_page.goto(base + "/settings")
        assert "PARLEY_SMTP_PASSWORD" in admin_page.locator("table.settings").inner_text()
        screenshot(admin_page, "settings")
    assert not errors, errors
    assert dialogs == []
    engine = open_store(url)
    assert store.get_campaign(engine, campaign["id"])["status"] == "confirmed"
    engine.dispose()
