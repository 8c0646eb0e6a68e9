"""The FastAPI application: pages under /, JSON under /api/v1, assets under /static."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from parley import __version__
from parley.notify import api as notify_api
from parley.settings import Settings
from parley.store import stats
from parley.store.db import open_store
from parley.web import auth, people, queries
from parley.web.auth import require
from parley.web.routes import (
    campaigns,
    inbox_settings,
    incidents,
    overview,
    rota_team,
    sources,
    stream,
)
from parley.web.routes import inbox as inbox_routes
from parley.web.routes import kb as kb_routes
from parley.web.routes import settings as settings_page
from parley.web.runtime import Runtime

HERE = Path(__file__).parent

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


# `?exclude=suspected|confirmed`: leave out posts by accounts in water-army campaigns.
Exclude = Annotated[
    Literal["suspected", "confirmed"] | None,
    Query(description="leave out posts by accounts in suspected (or only confirmed) campaigns"),
]


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    simulate: str | None = None,
    speed: float | None = 1.0,
    seed: int | None = None,
) -> FastAPI:
    settings = settings or Settings.from_env()
    engine = engine or open_store(settings.database_url)
    runtime = Runtime(settings, engine, simulate=simulate, speed=speed, seed=seed)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(title="Parley", version=__version__, lifespan=lifespan,
                  docs_url="/api/docs", openapi_url="/api/v1/openapi.json")  # fmt: skip
    app.state.engine = engine
    app.state.settings = settings
    app.state.runtime = runtime
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    auth.install(app)
    app.include_router(people.router)
    app.include_router(notify_api.router)
    app.include_router(campaigns.router)
    app.include_router(sources.router)
    app.include_router(settings_page.router)
    app.include_router(stream.router)
    app.include_router(inbox_settings.router)
    app.include_router(rota_team.router)
    app.include_router(inbox_routes.router)
    app.include_router(kb_routes.router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def coordination_filter(exclude: str | None) -> tuple[dict[tuple[str, str], int], bool]:
        """Accounts in campaigns (to mark their posts) and whether to leave them out:
        `exclude=suspected` leaves out confirmed and suspected campaigns, `confirmed` only
        confirmed ones (docs/water-army.md)."""
        from parley.coordination.store import coordinated_accounts

        if exclude == "confirmed":
            return coordinated_accounts(engine, ("confirmed",)), True
        return coordinated_accounts(engine, ("confirmed", "suspected")), exclude == "suspected"

    read = [Depends(require("analyst"))]

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/api/v1/status", dependencies=read)
    def api_status() -> JSONResponse:
        now = datetime.now(UTC)
        return JSONResponse(
            {
                "posts": stats.post_total(engine),
                "posts_last_hour": sum(
                    n for _, n in stats.per_minute(engine, since=now - timedelta(hours=1))
                ),
                "posts_by_platform": dict(stats.counts_by(engine, "platform")),
                "posts_by_language": dict(stats.counts_by(engine, "lang")),
                "sources": [
                    {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}
                    for row in stats.source_health(engine)
                ],
            }
        )

    @app.get("/api/v1/posts/latest", dependencies=read)
    def api_latest(limit: int = 50, exclude: Exclude = None) -> JSONResponse:
        limit = max(1, min(limit, 500))
        coordinated, leave_out = coordination_filter(exclude)
        found = queries.latest_posts(
            engine, limit=limit, coordinated=coordinated, leave_out=leave_out
        )
        return JSONResponse([p.as_json() for p in found])

    from parley.web.api_incidents import router as incidents_api  # alerts and incidents

    app.include_router(incidents_api)
    from parley.web.routes import alerts, topics  # the Alerts and Topics pages

    app.include_router(topics.router)
    app.include_router(alerts.router)
    app.include_router(incidents.router)
    app.include_router(overview.router)
    from parley.web.routes import contacts as contacts_routes  # contacts (social CRM)

    app.include_router(contacts_routes.router)
    from parley.web.routes import sla as sla_routes  # the SLA page
    from parley.web.routes import surge as surge_routes  # surge mode on and off

    app.include_router(surge_routes.router)
    app.include_router(sla_routes.router)
    return app
