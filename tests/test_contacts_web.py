"""The contact pages: list, search, profile with hostile names escaped, notes, tags, merge
and split, segments (manager), the CSV download, the contact line on a conversation, roles;
and one Chromium run that opens a profile and merges a suggestion."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from parley.act import inbox
from parley.domain import Author, Post
from parley.settings import Settings
from parley.store import contacts
from parley.store import posts as post_store
from parley.store.db import open_store
from parley.web.app import create_app
from tests.webutil import browser, browser_sign_in, make_user, screenshot, serve, signed_in

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
NOW = datetime.now(UTC) - timedelta(minutes=5)


@pytest.fixture
def app(engine, db_url, tmp_path):  # type: ignore[no-untyped-def]
    return create_app(Settings(data_dir=tmp_path, database_url=db_url), engine=engine,
                      simulate=None)  # fmt: skip


def seed(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Maria on x (hostile name) and on instagram: two contacts, one suggestion."""
    hook = inbox.Inbox(engine)
    batch = [
        Post(platform="x", native_id="d1", created_at=NOW, kind="dm", to_account="AureliaCare",
             text="refund please, " + HOSTILE,
             author=Author(native_id="x1", handle="maria_rossi", name="Maria " + HOSTILE)),
        Post(platform="instagram", native_id="i1", created_at=NOW, kind="dm",
             to_account="AureliaCare", text="hello again",
             author=Author(native_id="ig1", handle="Maria.Rossi", name="=1+2 Maria")),
    ]  # fmt: skip
    enrichments = [{"sentiment": "negative"}, {"sentiment": "positive"}]
    with engine.begin() as connection:
        result = post_store.store_batch(connection, batch, enrichments)
    hook(batch, enrichments, result.new_keys)
    with engine.connect() as connection:
        found = contacts.list_contacts(connection)
    return {c["identities"][0]["platform"]: c["id"] for c in found}


def test_the_list_and_profile_escape_hostile_names_and_agents_merge(app, engine):
    ids = seed(engine)
    analyst = signed_in(app, "analyst")
    page = analyst.get("/contacts")
    assert page.status_code == 200 and f'href="/contacts/{ids["x"]}"' in page.text
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;" in page.text
    assert 'href="/contacts"' in page.text  # in the nav
    found = analyst.get("/contacts", params={"q": "@MARIA.rossi"})
    assert f'href="/contacts/{ids["instagram"]}"' in found.text
    assert f'href="/contacts/{ids["x"]}"' not in found.text
    assert "No contacts match" in analyst.get("/contacts", params={"q": "<nobody>"}).text
    profile = analyst.get(f"/contacts/{ids['x']}")
    assert profile.status_code == 200
    for raw in ("<script>alert", "<img src=x"):
        assert raw not in profile.text
    assert "same handle on x (@maria_rossi) and instagram (@Maria.Rossi)" in profile.text
    assert 'href="/inbox/' in profile.text and "1 of 1 recent messages negative" in profile.text
    assert "Merge contact" not in profile.text  # analysts read only
    assert analyst.post(f"/contacts/{ids['x']}/merge",
                        data={"other": ids["instagram"]}).status_code == 403  # fmt: skip
    assert analyst.post(f"/contacts/{ids['x']}/note", data={"text": "x"}).status_code == 403
    assert analyst.get("/contacts/999999").status_code == 404

    agent = signed_in(app, "agent")
    assert agent.post(f"/contacts/{ids['x']}/note", data={"text": " "}).status_code == 422
    noted = agent.post(f"/contacts/{ids['x']}/note", data={"text": "calls at 9 " + HOSTILE})
    assert noted.status_code == 200 and "calls at 9 &lt;script&gt;" in noted.text
    tagged = agent.post(f"/contacts/{ids['instagram']}/tags", data={"tags": "vip, <b>"})
    assert "<b>" not in tagged.text and "&lt;b&gt;" in tagged.text
    bad = agent.post(f"/contacts/{ids['x']}/tags", data={"tags": "x" * 60})
    assert bad.status_code == 422 and "a tag is 1 to 50 characters" in bad.text
    merged = agent.post(f"/contacts/{ids['x']}/merge", data={"other": ids["instagram"]},
                        follow_redirects=False)  # fmt: skip
    assert merged.status_code == 303 and merged.headers["location"] == f"/contacts/{ids['x']}"
    after = agent.get(f"/contacts/{ids['x']}").text
    assert "instagram" in after and "vip" in after and "No other contact looks like" in after
    assert agent.get(f"/contacts/{ids['instagram']}").status_code == 404
    again = agent.post(f"/contacts/{ids['x']}/merge", data={"other": ids["instagram"]})
    assert again.status_code == 404 and f"no contact {ids['instagram']}" in again.text
    with engine.connect() as connection:
        identity = next(i for i in contacts.identities(connection, [ids["x"]])[ids["x"]]
                        if i["platform"] == "instagram")  # fmt: skip
    split = agent.post(f"/contacts/identities/{identity['id']}/split", follow_redirects=False)
    assert split.status_code == 303
    new = split.headers["location"]
    assert "=1+2 Maria" in agent.get(new).text
    lone = agent.post(f"/contacts/identities/{identity['id']}/split")
    assert lone.status_code == 422 and "nothing to split it from" in lone.text


def test_the_conversation_page_links_to_its_contact_with_its_band(app, engine):
    ids = seed(engine)
    agent = signed_in(app, "agent")
    with engine.connect() as connection:
        [conversation] = contacts.conversations(connection, ids["x"])
    page = agent.get(f"/inbox/{conversation['id']}")
    assert page.status_code == 200
    assert f'<a href="/contacts/{ids["x"]}">Maria &lt;script&gt;' in page.text
    assert "band-neutral" in page.text and "1 of 1 recent messages negative" in page.text


def test_segments_are_for_managers_and_the_csv_is_safe(app, engine):
    ids = seed(engine)
    agent = signed_in(app, "agent")
    assert agent.post("/contacts/segments", data={"name": "ig"}).status_code == 403
    manager = signed_in(app, "manager")
    bad = manager.post("/contacts/segments", data={"name": "b", "band": "<x>"})
    assert bad.status_code == 422 and "band must be one of" in bad.text and "<x>" not in bad.text
    made = manager.post("/contacts/segments", data={"name": "On instagram <3",
                                                    "platform": "instagram"},
                        follow_redirects=False)  # fmt: skip
    assert made.status_code == 303
    shown = manager.get(made.headers["location"])
    assert (
        "On instagram &lt;3" in shown.text and f'href="/contacts/{ids["instagram"]}"' in shown.text
    )
    assert f'href="/contacts/{ids["x"]}"' not in shown.text.split("Segments")[0]
    unknown = manager.get("/contacts", params={"segment": "nope"})
    assert unknown.status_code == 422 and "no segment named" in unknown.text

    download = agent.get("/contacts/export.csv", params={"segment": "On instagram <3"})
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.text)))
    assert len(rows) == 2 and rows[1][1] == "'=1+2 Maria"
    everyone = agent.get("/contacts/export.csv", params={"bom": "true"})
    assert everyone.content.startswith("\ufeff".encode())
    assert len(list(csv.reader(io.StringIO(everyone.text.lstrip("\ufeff"))))) == 3
    with engine.connect() as connection:
        [segment] = contacts.segments(connection)
    assert agent.post(f"/contacts/segments/{segment['id']}/delete").status_code == 403
    gone = manager.post(f"/contacts/segments/{segment['id']}/delete", follow_redirects=False)
    assert gone.status_code == 303
    assert manager.post(f"/contacts/segments/{segment['id']}/delete").status_code == 404


@pytest.mark.browser
@pytest.mark.slow
def test_an_agent_opens_a_profile_and_merges_a_suggestion_in_chromium(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'contacts.db'}"
    engine = open_store(url)
    ids = seed(engine)
    agent = make_user(engine, "agent")
    engine.dispose()
    errors: list[str] = []
    dialogs: list[str] = []
    with serve(tmp_path, url) as base, browser() as chromium:
        page = chromium.new_page(viewport={"width": 1300, "height": 1000})
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        browser_sign_in(page, base, agent)
        page.goto(base + "/contacts")
        page.click(f"table.contacts a[href='/contacts/{ids['x']}'] >> nth=1")
        page.wait_for_url(f"**/contacts/{ids['x']}")
        assert "Maria <script>" in page.locator("h1").inner_text()  # shown as text
        band = page.locator("p.relationship")
        assert "neutral" in band.inner_text() and "recent messages negative" in band.inner_text()
        suggestion = page.locator(".suggestion")
        assert suggestion.count() == 1 and "same handle on x" in suggestion.inner_text()
        screenshot(page, "contact-profile")
        page.click("button.merge")
        page.wait_for_url(f"**/contacts/{ids['x']}")
        assert page.locator("table.identities tbody tr").count() == 2
        assert "No other contact looks like" in page.locator(".suggestions").inner_text()
        screenshot(page, "contact-merged")
        page.goto(base + f"/contacts/{ids['instagram']}")
        assert "no contact" in page.locator("p.error").inner_text()
    assert not errors and not dialogs
