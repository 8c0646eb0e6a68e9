"""The one Jinja2 environment of the web app. Autoescape is on for every .html template (post
text, names and bios are hostile); `user` and the CSRF helpers are in every page's context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup, escape

from parley import __version__

HERE = Path(__file__).parent


def _context(request: Request) -> dict[str, Any]:
    return {
        "user": getattr(request.state, "user", None),
        "csrf_token": getattr(request.state, "csrf", "") or "",
    }


templates = Jinja2Templates(directory=HERE / "templates", context_processors=[_context])
templates.env.globals["version"] = __version__


@pass_context
def csrf_input(context: Any) -> Markup:
    """The hidden field a plain `<form method="post">` needs."""
    token = context.get("csrf_token", "")
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(escape(token))


templates.env.globals["csrf_input"] = csrf_input
