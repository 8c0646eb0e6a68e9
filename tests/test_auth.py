"""Sign-in, sessions, CSRF, lock-out, throttling, API tokens, the users pages and the audit
log, on SQLite and PostgreSQL, through the real forms."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from parley.settings import Settings
from parley.store import audit
from parley.store import users as store
from parley.store.tables import sessions, users
from parley.web.app import create_app
from parley.web.auth import LoginThrottle, safe_next
from tests.webutil import PASSWORD, make_user, sign_in, signed_in


@pytest.fixture
def app(engine, db_url, tmp_path):
    settings = Settings(data_dir=tmp_path, database_url=db_url)
    return create_app(settings, engine=engine, simulate=None)


def anonymous(app) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app, base_url="https://testserver")


def actions(engine) -> list[str]:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return [r["action"] for r in audit.entries(connection)]


def test_sign_in_sets_a_safe_cookie_and_sign_out_ends_the_session(app, engine):
    name = make_user(engine, "agent")
    client = anonymous(app)
    assert client.get("/", follow_redirects=False).headers["location"] == "/login?next=/"
    response = sign_in(client, name)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert "parley_session=" in cookie and "HttpOnly" in cookie
    assert "Secure" in cookie and "samesite=lax" in cookie.lower()
    token = client.cookies.get("parley_session")
    with engine.connect() as connection:
        stored = connection.execute(select(sessions.c.token_hash)).scalars().all()
    assert token not in stored and store.digest(token) in stored  # only the hash is kept
    page = client.get("/")
    assert page.status_code == 200 and name in page.text
    csrf = page.text.split('"X-CSRF-Token": "')[1].split('"')[0]
    assert (
        client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    )
    assert client.get("/", follow_redirects=False).status_code == 303
    assert actions(engine)[:2] == ["user.sign_out", "user.sign_in"]


def test_wrong_passwords_lock_the_account_and_a_reset_unlocks_it(app, engine):
    name = make_user(engine, "analyst")
    client = anonymous(app)
    for _ in range(store.MAX_FAILED_LOGINS - 1):
        wrong = sign_in(client, name, "not the password")
        assert wrong.status_code == 401 and "Wrong username or password" in wrong.text
    locked = sign_in(client, name, "not the password")
    assert locked.status_code == 401 and "locked until" in locked.text
    # even the right password is refused while locked
    assert "locked until" in sign_in(client, name).text
    with engine.begin() as connection:
        new = store.reset_password(connection, username=name)
    assert sign_in(client, name, new).status_code == 303
    assert "user.sign_in_failed" in actions(engine)


def test_unknown_users_and_disabled_accounts_get_the_same_answer(app, engine):
    name = make_user(engine, "analyst")
    with engine.begin() as connection:
        store.set_disabled(connection, username=name, disabled=True)
    client = anonymous(app)
    for username in (name, "nobody-here"):
        response = sign_in(client, username)
        assert response.status_code == 401 and "Wrong username or password" in response.text


def test_the_throttle_answers_429_after_many_failures_from_one_address(app, engine):
    app.state.login_throttle = LoginThrottle(limit=3, window=60)
    client = anonymous(app)
    for i in range(3):
        assert sign_in(client, f"guess{i}", "x" * 12).status_code == 401
    blocked = sign_in(client, "guess9", "x" * 12)
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    throttle = LoginThrottle(limit=2, window=10)
    throttle.failed("a", now=0)
    throttle.failed("a", now=1)
    assert throttle.retry_after("a", now=2) > 0 and throttle.retry_after("a", now=11) == 0


def test_login_form_needs_its_own_csrf_token(app, engine):
    name = make_user(engine, "analyst")
    client = anonymous(app)
    client.get("/login")
    forged = client.post(
        "/login", data={"username": name, "password": PASSWORD, "csrf_token": "forged"},
        follow_redirects=False,
    )  # fmt: skip
    assert forged.status_code == 400 and "expired" in forged.text


def test_state_changes_need_the_session_csrf_token_and_a_same_origin(app, engine):
    admin = signed_in(app, "admin")
    csrf = admin.headers.pop("X-CSRF-Token")
    refused = admin.post("/users", data={"username": "eve", "role": "admin"})
    assert refused.status_code == 403 and "CSRF" in refused.text
    wrong = admin.post("/users", data={"username": "eve", "role": "admin", "csrf_token": "x" * 43})
    assert wrong.status_code == 403
    cross = admin.post(
        "/users", data={"username": "eve", "role": "admin", "csrf_token": csrf},
        headers={"Origin": "https://evil.example"},
    )  # fmt: skip
    assert cross.status_code == 403
    with engine.connect() as connection:
        assert "eve" not in {u["username"] for u in store.list_users(connection)}
    ok = admin.post("/users", data={"username": "eve", "role": "agent", "csrf_token": csrf})
    assert ok.status_code == 200 and "Created eve (agent)" in ok.text
    password = ok.text.split('class="password">')[1].split("<")[0]
    assert sign_in(anonymous(app), "eve", password).status_code == 303


def test_roles_are_enforced_and_named(app, engine):
    analyst = signed_in(app, "analyst")
    assert analyst.get("/users").status_code == 403
    assert "needs the admin role" in analyst.get("/users").text
    assert analyst.get("/api/v1/audit").status_code == 403
    assert anonymous(app).get("/api/v1/status").status_code == 401


def test_sessions_expire_when_idle(app, engine):
    client = signed_in(app, "analyst")
    assert client.get("/").status_code == 200
    with engine.begin() as connection:
        connection.execute(
            update(sessions).values(
                last_seen_at=datetime.now(UTC) - store.SESSION_IDLE - timedelta(minutes=1)
            )
        )
    assert client.get("/", follow_redirects=False).status_code == 303
    with engine.connect() as connection:
        assert connection.execute(select(sessions)).first() is None


def test_api_tokens_scopes_and_revocation(app, engine):
    name = make_user(engine, "manager")
    with engine.begin() as connection:
        _, read = store.create_token(connection, username=name, name="read", scopes=["read"])
        row, write = store.create_token(connection, username=name, name="w", scopes="read write")
        with pytest.raises(store.UserError, match="admin scope"):
            store.create_token(connection, username=name, name="x", scopes=["admin"])
        with pytest.raises(store.UserError, match="scopes are one or more"):
            store.create_token(connection, username=name, name="x", scopes=["root"])
        stored = connection.execute(select(users.c.id)).scalars().all()
    assert stored
    client = anonymous(app)
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {read}"})
    assert me.status_code == 200 and me.json()["username"] == name
    body = {"title": "Storm"}
    no_write = client.post(
        "/api/v1/incidents", json=body, headers={"Authorization": f"Bearer {read}"}
    )
    assert no_write.status_code == 403 and "read scope" in no_write.json()["detail"]
    made = client.post("/api/v1/incidents", json=body, headers={"Authorization": f"Bearer {write}"})
    assert made.status_code == 201 and made.json()["opened_by"] == name  # no CSRF for tokens
    assert "incident.open" in actions(engine)
    with engine.begin() as connection:
        store.revoke_token(connection, row["id"])
    gone = client.get("/api/v1/me", headers={"Authorization": f"Bearer {write}"})
    assert gone.status_code == 401 and "revoked" in gone.json()["detail"]
    bogus = client.get("/api/v1/me", headers={"Authorization": "Bearer pt_nope"})
    assert bogus.status_code == 401


def test_account_page_makes_and_revokes_tokens(app, engine):
    client = signed_in(app, "agent")
    made = client.post("/account/tokens", data={"name": "<script>alert(1)</script>",
                                                "scopes": ["read", "write"]})  # fmt: skip
    assert made.status_code == 200
    assert "<script>alert(1)" not in made.text and "&lt;script&gt;" in made.text
    secret = made.text.split('class="token">')[1].split("<")[0]
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    )
    with engine.connect() as connection:
        [token] = store.list_tokens(connection, username=client.username)
    refused = client.post("/account/tokens", data={"name": "x", "scopes": ["admin"]})
    assert refused.status_code == 422 and "admin scope" in refused.text
    other = signed_in(app, "agent")
    assert "no API token" in other.post(f"/account/tokens/{token['id']}/revoke").text
    assert "revoked" in client.post(f"/account/tokens/{token['id']}/revoke").text
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )


def test_users_page_changes_roles_and_keeps_an_admin(app, engine):
    admin = signed_in(app, "admin")
    target = make_user(engine, "agent")
    changed = admin.post(f"/users/{target}/role", data={"role": "manager"})
    assert f"{target} is now manager" in changed.text
    assert "last active admin" in admin.post(f"/users/{admin.username}/role",
                                             data={"role": "agent"}).text  # fmt: skip
    bad = admin.post("/users", data={"username": "<b>x</b>", "role": "agent"})
    assert bad.status_code == 422 and "a username is 1 to 64" in bad.text and "<b>x" not in bad.text
    disabled = admin.post(f"/users/{target}/disabled", data={"disabled": "true"})
    assert "disabled" in disabled.text
    reset = admin.post(f"/users/{target}/password")
    assert "New password" in reset.text
    log = admin.get("/audit").text
    for action in ("user.role", "user.disable", "user.reset_password"):
        assert action in log
    assert admin.get("/audit", params={"action": "user.role"}).text.count("user.role<") == 1


def test_first_admin_is_made_once(engine):
    first = store.ensure_first_admin(engine)
    assert first is not None and first[0] == "admin" and len(first[1]) >= 20
    assert store.ensure_first_admin(engine) is None
    with engine.begin() as connection:
        assert store.authenticate(connection, username="admin", password=first[1]).role == "admin"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("/alerts/3", "/alerts/3"), ("//evil.example", "/"), ("https://evil.example", "/"),
     ("/\\evil", "/"), ("", "/"), ("/ok?x=1", "/ok?x=1"), ("/a\nb", "/")],
)  # fmt: skip
def test_next_is_only_a_local_path(value, expected):
    assert safe_next(value) == expected


def test_bad_passwords_and_names_get_clear_errors(engine):
    with engine.begin() as connection:
        with pytest.raises(store.UserError, match="at least 10"):
            store.create_user(connection, username="shorty", role="agent", password="short")
        with pytest.raises(store.UserError, match="role must be one of"):
            store.create_user(connection, username="x", role="root")
        with pytest.raises(store.UserError, match="control characters"):
            store.create_user(connection, username="y", role="agent", password="a\x00" * 10)
        store.create_user(connection, username="dup", role="agent")
        with pytest.raises(store.UserError, match="exists already"):
            store.create_user(connection, username="DUP", role="agent")
