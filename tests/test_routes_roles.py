"""Every route checks a role: enumerate all routes of the app against every role.

A route that declares no `require(ROLE)` fails here (unless it is one of the few public ones),
and each route is called signed out, by each role below its own (403) and by each role at or
above it (never 401 or 403), so a forgotten or wrong check cannot slip through.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from parley.settings import Settings
from parley.store.db import open_store
from parley.store.users import RANK, ROLES
from parley.web.app import create_app
from tests.webutil import signed_in

# Reachable without signing in: the sign-in form itself, the health check, the API's
# description (it holds no data).
PUBLIC = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/healthz"),
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/docs"),
    ("GET", "/api/docs/oauth2-redirect"),
}


def _roles(dependant: Any) -> list[str]:
    found = []
    for dependency in dependant.dependencies:
        role = getattr(dependency.call, "parley_role", None)
        if role is not None:
            found.append(role)
        found.extend(_roles(dependency))
    return found


def _flat(app: Any) -> list[Any]:
    """Every route, included routers flattened (FastAPI 0.16x keeps them nested)."""
    try:
        from fastapi.routing import _iter_included_route_candidates
    except ImportError:  # older FastAPI: app.routes is flat already
        return list(app.routes)
    return list(_iter_included_route_candidates(app.routes))


def _routes(app: Any) -> list[tuple[str, str, str | None]]:
    out = []
    for route in _flat(app):
        if not isinstance(route, APIRoute):
            continue
        roles = _roles(route.dependant)
        for method in sorted(route.methods - {"HEAD"}):
            out.append((method, route.path, max(roles, key=RANK.get) if roles else None))
    return out


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    url = f"sqlite:///{tmp_path_factory.mktemp('roles') / 'parley.db'}"
    return create_app(Settings(database_url=url), engine=open_store(url), simulate=None)


def _path(template: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", template)


def _call(client: TestClient, method: str, path: str) -> int:
    return client.request(method, _path(path), follow_redirects=False).status_code


def test_every_route_declares_a_role(app: Any) -> None:
    missing = [(m, p) for m, p, role in _routes(app) if role is None and (m, p) not in PUBLIC]
    assert not missing, f"routes without require(ROLE): {missing}"
    assert len(_routes(app)) > 20


def test_every_route_against_every_role(app: Any) -> None:
    routes = [r for r in _routes(app) if (r[0], r[1]) not in PUBLIC]
    # signing out ends the session: call it last
    routes.sort(key=lambda r: r[1] == "/logout")
    anonymous = TestClient(app, base_url="https://testserver")
    clients = {role: signed_in(app, role) for role in ROLES}
    wrong = []
    for method, path, role in routes:
        status = _call(anonymous, method, path)
        expected = 401 if path.startswith("/api/") else 303
        if status != expected:
            wrong.append(f"signed out {method} {path}: {status}, expected {expected}")
        for who, client in clients.items():
            status = _call(client, method, path)
            allowed = RANK[who] >= RANK[role]
            if not allowed and status != 403:
                wrong.append(f"{who} {method} {path}: {status}, expected 403 (needs {role})")
            if allowed and status in (401, 403):
                wrong.append(f"{who} {method} {path}: {status}, but {role} may")
            if status >= 500:
                wrong.append(f"{who} {method} {path}: {status}")
    assert not wrong, "\n".join(wrong)
