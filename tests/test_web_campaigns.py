"""The overview's switch: leave out posts by accounts in water-army campaigns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from parley.coordination.detect import Campaign
from parley.coordination.store import decide, save_campaigns
from parley.domain import Author, Post
from parley.settings import Settings
from parley.store import posts as store
from parley.store.db import open_store
from parley.web.app import create_app
from tests.webutil import signed_in

NOW = datetime.now(UTC).replace(microsecond=0)


def _post(i: int, author: str, text: str, sentiment: str) -> tuple[Post, dict[str, str]]:
    post = Post(platform="x", native_id=str(i), created_at=NOW - timedelta(minutes=30 - i),
                text=text, author=Author(native_id=author, handle=author))  # fmt: skip
    return post, {"sentiment": sentiment}


def test_overview_and_api_can_leave_out_coordinated_accounts(db_url: str) -> None:
    items = [_post(i, f"paid{i % 3}", f"Velora is better, dump Aurelia now {i}", "negative")
             for i in range(6)]  # fmt: skip
    items += [_post(10 + i, f"fan{i}", f"ordinary praise number {i}", "positive") for i in range(4)]
    engine = open_store(db_url)
    with engine.begin() as connection:
        store.store_batch(connection, [p for p, _ in items], [e for _, e in items])
    campaign = Campaign(
        accounts=["x:paid0", "x:paid1", "x:paid2"], posts=[f"x:{i}" for i in range(6)],
        first_at=NOW - timedelta(minutes=30), last_at=NOW - timedelta(minutes=25), score=0.8,
        summary="3 accounts posted near-identical texts", evidence={}, topics=[], stance=None,
    )  # fmt: skip
    [(saved, _, _)] = save_campaigns(engine, [campaign])
    settings = Settings.from_env({"PARLEY_DATABASE_URL": db_url})
    with signed_in(create_app(settings, simulate=None), "analyst") as client:
        everything = client.get("/").text
        assert everything.count("dump Aurelia now") == 6
        assert (
            f"campaign #{saved.id}" in everything
            and "6 of them by accounts in campaigns" in everything
        )
        left_out = client.get("/?exclude=suspected").text
        assert "dump Aurelia now" not in left_out and "ordinary praise" in left_out
        assert "6 posts by accounts in campaigns left out" in left_out
        assert 'hx-get="/partials/live?exclude=suspected"' in left_out
        # Only confirmed campaigns: this one is suspected, so it stays in until confirmed.
        assert client.get("/partials/live?exclude=confirmed").text.count("dump Aurelia now") == 6
        decide(engine, saved.id, "confirmed", by="ana")
        assert "dump Aurelia now" not in client.get("/partials/live?exclude=confirmed").text
        api = client.get("/api/v1/posts/latest", params={"exclude": "suspected"}).json()
        assert {p["author_native_id"] for p in api} == {f"fan{i}" for i in range(4)}
        marked = client.get("/api/v1/posts/latest").json()
        assert {p["campaign"] for p in marked if p["author_native_id"].startswith("paid")} == {
            saved.id
        }
        bad = client.get("/?exclude=everything")
        assert bad.status_code == 422 and "exclude" in bad.text
    engine.dispose()
