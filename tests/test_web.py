"""The web app: the overview shows stored posts live, escapes hostile text, sets a CSP."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from parley.domain import Author, Post
from parley.settings import Settings
from parley.store import posts as store
from parley.store.db import open_store
from parley.web.app import create_app
from tests.webutil import browser_sign_in, make_user, serve, signed_in

CHROMIUM = os.environ.get("PARLEY_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

HOSTILE = [
    "<script>window.__pwned = 1; alert(1)</script>",
    '<img src=x onerror="window.__pwned = 2">',
    '<svg onload="window.__pwned = 3"><script>alert(3)</script></svg>',
    '<a href="javascript:window.__pwned = 4">click</a>',
    "\u202egnp.exe <b>bold</b> \"quotes' & ampersands",
]


def _posts(n: int, *, offset: int = 0, hostile: bool = False) -> list[Post]:
    now = datetime.now(UTC)
    out = []
    for i in range(n):
        j = i + offset
        text = HOSTILE[j % len(HOSTILE)] if hostile else f"live post {j} about Aurelia"
        out.append(
            Post(
                platform="x",
                native_id=f"w{j}",
                created_at=now - timedelta(seconds=n - i),
                text=text,
                title=HOSTILE[0] if hostile and j == 0 else None,
                lang="en",
                author=Author(
                    native_id=f"a{j}",
                    handle=f"h{j}",
                    name=HOSTILE[(j + 1) % len(HOSTILE)] if hostile else f"Person {j}",
                ),
            )
        )
    return out


def _store(url: str, posts: list[Post]) -> None:
    engine = open_store(url)
    with engine.begin() as connection:
        store.store_batch(connection, posts)
    engine.dispose()


def test_overview_lists_posts_and_escapes_them(db_url):
    _store(db_url, _posts(6, hostile=True))
    settings = Settings.from_env({"PARLEY_DATABASE_URL": db_url})
    with signed_in(create_app(settings, simulate=None), "analyst") as client:
        page = client.get("/")
        assert page.status_code == 200
        assert "Content-Security-Policy" in page.headers
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
        body = page.text
        assert "&lt;script&gt;window.__pwned" in body
        assert "<script>window.__pwned" not in body
        assert "<img src=x" not in body and "<svg onload" not in body
        assert 'href="javascript:' not in body
        assert 'id="post-total">6<' in body
        live = client.get("/partials/live")
        assert live.status_code == 200 and "&lt;svg onload" in live.text
        status = client.get("/api/v1/status").json()
        assert status["posts"] == 6 and status["posts_by_platform"] == {"x": 6}
        latest = client.get("/api/v1/posts/latest", params={"limit": 2}).json()
        assert [p["native_id"] for p in latest] == ["w5", "w4"]
        assert client.get("/api/v1/posts/latest", params={"limit": "lots"}).status_code == 422
        assert client.get("/static/vendor/htmx-2.0.11.min.js").status_code == 200


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """`parley serve --no-simulate` in a subprocess, on its own SQLite store."""
    url = f"sqlite:///{tmp_path / 'web.db'}"
    _store(url, _posts(5, hostile=True))
    engine = open_store(url)
    make_user(engine, "analyst", username="watcher")
    engine.dispose()
    with serve(tmp_path, url) as base:
        yield base, url


@pytest.mark.browser
def test_browser_sees_posts_arrive_and_no_payload_runs(server):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (make test installs Debian's chromium)")
    from playwright.sync_api import expect, sync_playwright

    base, url = server
    dialogs: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "/")
        assert "/login" in page.url  # signed out: the sign-in page first
        browser_sign_in(page, base, "watcher")
        assert page.locator("#post-total").inner_text() == "5"
        assert page.locator("#latest-posts li").count() == 5
        # the hostile text is shown as text
        assert page.get_by_text("<script>window.__pwned = 1; alert(1)</script>").count() >= 1
        # new posts show up without a reload (HTMX polls the live fragment)
        _store(url, _posts(3, offset=100))
        expect(page.locator("#post-total")).to_have_text("8", timeout=15000)
        assert page.locator("#latest-posts li").count() == 8
        page.wait_for_timeout(2500)  # another poll or two, with hostile content on the page
        assert page.evaluate("window.__pwned") is None
        assert dialogs == []
        assert page.locator("script:not([src])").count() == 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
        browser.close()
    assert not errors, errors


@pytest.mark.slow
def test_serve_with_the_simulator_streams_posts(tmp_path):
    """What `make run` does: a fresh instance shows simulated posts within seconds."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env["PARLEY_DATA_DIR"] = str(tmp_path / "var")
    with serve(tmp_path / "var", None, args=()) as base:
        token = subprocess.run(
            [sys.executable, "-m", "parley.cli", "tokens", "create", "admin", "--name", "test"],
            env=env, capture_output=True, text=True, check=True,
        ).stdout.split()[-1]  # fmt: skip
        headers = {"Authorization": f"Bearer {token}"}
        deadline = time.monotonic() + 60
        status = {}
        while time.monotonic() < deadline:
            status = httpx.get(base + "/api/v1/status", timeout=5, headers=headers).json()
            if status["posts"] > 100:
                break
            time.sleep(1)
        assert status["posts"] > 100
        languages = set(status["posts_by_language"])
        assert {"en", "zh", "it", "ar", "es"} <= languages
        [source] = status["sources"]
        assert source["name"] == "simulator:false_report" and source["state"] == "running"
        first = status["posts"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and status["posts"] == first:
            time.sleep(2)
            status = httpx.get(base + "/api/v1/status", timeout=5, headers=headers).json()
        assert status["posts"] > first, "the live stream did not move"
        assert (tmp_path / "var" / "parley.db").exists()
