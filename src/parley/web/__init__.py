"""The web app: FastAPI + Jinja2 + HTMX, server-rendered, no CDN, no inline script."""
