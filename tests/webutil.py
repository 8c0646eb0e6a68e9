"""Helpers for web tests: signed-in TestClients, a real `parley serve` subprocess, Chromium.

`signed_in(app, role)` makes a user of that role, signs in through the real /login form and
returns a TestClient on https://testserver (session cookies are Secure) whose requests carry
the session's CSRF token. Browser tests launch Debian's Chromium through Playwright.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from parley.store.tables import sessions, users
from parley.store.users import create_user

CHROMIUM = os.environ.get("PARLEY_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
PASSWORD = "correct horse battery staple"


def make_user(engine: Engine, role: str, *, username: str | None = None) -> str:
    """A user of `role` with PASSWORD; returns the username."""
    name = username or f"{role}-{uuid.uuid4().hex[:8]}"
    with engine.begin() as connection:
        create_user(connection, username=name, role=role, password=PASSWORD)
    return name


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> httpx.Response:
    """Through the real form: fetch it (sets the login CSRF cookie), post it."""
    form = client.get("/login")
    assert form.status_code == 200, form.text
    token = client.cookies.get("parley_login_csrf")
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token or ""},
        follow_redirects=False,
    )


def signed_in(app: FastAPI, role: str = "admin", *, username: str | None = None) -> TestClient:
    engine: Engine = app.state.engine
    name = make_user(engine, role, username=username)
    client = TestClient(app, base_url="https://testserver")
    response = sign_in(client, name)
    assert response.status_code == 303, response.text
    with engine.connect() as connection:
        csrf = connection.execute(
            select(sessions.c.csrf)
            .join(users, users.c.id == sessions.c.user_id)
            .where(users.c.username == name)
            .order_by(sessions.c.created_at.desc())
        ).scalar()
    client.headers["X-CSRF-Token"] = csrf
    client.username = name  # type: ignore[attr-defined]
    return client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:  # serve() prints what it wrote
            raise AssertionError(f"server exited with code {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@contextmanager
def serve(
    tmp_path: Path,
    database_url: str | None,
    *,
    args: tuple[str, ...] = ("--no-simulate",),
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """`parley serve` in a subprocess on `database_url` (None: the default store in the data
    directory `tmp_path`, as `make run`); yields its base URL."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    environment["PARLEY_DATA_DIR"] = str(tmp_path)
    if database_url is not None:
        environment["PARLEY_DATABASE_URL"] = database_url
    environment |= env or {}
    tmp_path.mkdir(parents=True, exist_ok=True)
    # The server's output goes to a file, never an unread pipe (a full pipe would stall the
    # server); a failing test prints its tail.
    log_path = tmp_path / "serve.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "parley.cli", "serve", *args, "--port", str(port)],
        env=environment, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/healthz", process)
        yield base
    except BaseException:
        tail = log_path.read_text(errors="replace").splitlines()[-60:]
        print("parley serve printed (last lines):", *tail, sep="\n", file=sys.stderr)
        raise
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def need_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (make test installs Debian's chromium)")


@contextmanager
def browser() -> Iterator[Any]:
    """A Playwright Chromium browser (Debian's), closed afterwards."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def browser_sign_in(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login page as a person would."""
    page.goto(base + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
