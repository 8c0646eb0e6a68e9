"""Campaigns in the store: saved by the detectors, decided by people, used by the rest.

A campaign found again (by a later run, or as the live detector re-clusters) is the stored
campaign it shares most accounts with, when they share at least half of the smaller one: it
is updated and grows, and a person's decision stays (a dismissed group is not raised again;
a confirmed one stays confirmed as it grows). Anything else is a new, suspected campaign.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, Engine, delete, func, select, update

from parley.coordination.detect import Campaign
from parley.domain import Post
from parley.store.db import upsert_insert
from parley.store.tables import campaign_accounts, campaign_posts, campaigns

STATUSES = ("suspected", "confirmed", "dismissed")
_CHUNK = 500


def _split(key: str) -> tuple[str, str]:
    platform, _, rest = key.partition(":")
    return platform, rest


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def save_campaigns(
    engine: Engine, found: Iterable[Campaign], *, now: datetime | None = None
) -> list[tuple[Campaign, bool, int]]:
    """Store (or update) each campaign; sets its ``id`` and ``status``. Returns, per campaign,
    whether it is new and how many accounts it gained."""
    now = now or datetime.now(UTC)
    out = []
    with engine.begin() as connection:
        insert = upsert_insert(connection)
        for campaign in found:
            accounts = [_split(a) for a in campaign.accounts]
            counts: dict[int, int] = {}
            for chunk in _chunks(accounts):
                for platform in {p for p, _ in chunk}:
                    ids = [a for p, a in chunk if p == platform]
                    rows = connection.execute(
                        select(campaign_accounts.c.campaign_id, func.count())
                        .where(campaign_accounts.c.platform == platform)
                        .where(campaign_accounts.c.author_native_id.in_(ids))
                        .group_by(campaign_accounts.c.campaign_id)
                    )
                    for cid, n in rows:
                        counts[cid] = counts.get(cid, 0) + n
            match = None
            if counts:
                cid, shared = max(counts.items(), key=lambda kv: (kv[1], -kv[0]))
                row = connection.execute(
                    select(campaigns.c.status, campaigns.c.accounts_count).where(
                        campaigns.c.id == cid
                    )
                ).one()
                if shared * 2 >= min(len(accounts), row.accounts_count):
                    match = (cid, row.status, row.accounts_count)
            values = {
                "score": campaign.score,
                "summary": campaign.summary,
                "evidence": msgspec.json.encode(campaign.evidence).decode(),
                "topics": msgspec.json.encode(campaign.topics).decode(),
                "stance": (campaign.stance or None) and campaign.stance[:200],
                "last_at": campaign.last_at,
                "updated_at": now,
            }
            if match is None:
                cid = connection.execute(
                    campaigns.insert().values(
                        status="suspected",
                        first_at=campaign.first_at,
                        detected_at=now,
                        accounts_count=0,
                        posts_count=0,
                        **values,
                    )
                ).inserted_primary_key[0]
                status, before, is_new = "suspected", 0, True
            else:
                cid, status, before = match
                is_new = False
                connection.execute(update(campaigns).where(campaigns.c.id == cid).values(**values))
            if accounts:
                connection.execute(
                    insert(campaign_accounts).on_conflict_do_nothing(),
                    [
                        {"campaign_id": cid, "platform": p, "author_native_id": a}
                        for p, a in accounts
                    ],
                )
            posts = [_split(k) for k in campaign.posts]
            if posts:
                connection.execute(
                    insert(campaign_posts).on_conflict_do_nothing(),
                    [{"campaign_id": cid, "platform": p, "native_id": n} for p, n in posts],
                )
            n_accounts = connection.execute(
                select(func.count()).where(campaign_accounts.c.campaign_id == cid)
            ).scalar_one()
            n_posts = connection.execute(
                select(func.count()).where(campaign_posts.c.campaign_id == cid)
            ).scalar_one()
            connection.execute(
                update(campaigns)
                .where(campaigns.c.id == cid)
                .values(accounts_count=n_accounts, posts_count=n_posts)
            )
            campaign.id, campaign.status = int(cid), status
            out.append((campaign, is_new, n_accounts - before))
    return out


def _row(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "status": row.status,
        "score": round(row.score, 3),
        "accounts": row.accounts_count,
        "posts": row.posts_count,
        "first_at": row.first_at.isoformat().replace("+00:00", "Z"),
        "last_at": row.last_at.isoformat().replace("+00:00", "Z"),
        "summary": row.summary,
        "topics": msgspec.json.decode(row.topics),
        "stance": row.stance,
        "decided_at": row.decided_at and row.decided_at.isoformat().replace("+00:00", "Z"),
        "decided_by": row.decided_by,
    }


def list_campaigns(engine: Engine, status: str | None = None) -> list[dict[str, Any]]:
    query = select(campaigns).order_by(campaigns.c.score.desc(), campaigns.c.id)
    if status is not None:
        query = query.where(campaigns.c.status == status)
    with engine.connect() as connection:
        return [_row(r) for r in connection.execute(query)]


def get_campaign(engine: Engine, campaign_id: int) -> dict[str, Any] | None:
    """The campaign with its evidence, accounts and post keys, or None."""
    with engine.connect() as connection:
        row = connection.execute(select(campaigns).where(campaigns.c.id == campaign_id)).first()
        if row is None:
            return None
        out = _row(row)
        out["evidence"] = msgspec.json.decode(row.evidence)
        out["account_list"] = [
            f"{p}:{a}"
            for p, a in connection.execute(
                select(campaign_accounts.c.platform, campaign_accounts.c.author_native_id)
                .where(campaign_accounts.c.campaign_id == campaign_id)
                .order_by(campaign_accounts.c.platform, campaign_accounts.c.author_native_id)
            )
        ]
        out["post_list"] = [
            f"{p}:{n}"
            for p, n in connection.execute(
                select(campaign_posts.c.platform, campaign_posts.c.native_id)
                .where(campaign_posts.c.campaign_id == campaign_id)
                .order_by(campaign_posts.c.platform, campaign_posts.c.native_id)
            )
        ]
        return out


def decide(
    engine: Engine, campaign_id: int, status: str, by: str, *, now: datetime | None = None
) -> None:
    """A person confirms or dismisses a campaign. Raises LookupError for an unknown id."""
    with engine.begin() as connection:
        record_decision(connection, campaign_id, status, by, now=now)


def record_decision(
    connection: Connection,
    campaign_id: int,
    status: str,
    by: str,
    *,
    now: datetime | None = None,
) -> None:
    """`decide` inside the caller's transaction (the web app writes its audit row with it)."""
    if status not in ("confirmed", "dismissed"):
        raise ValueError(f"a decision is confirmed or dismissed, got {status!r}")
    done = connection.execute(
        update(campaigns)
        .where(campaigns.c.id == campaign_id)
        .values(status=status, decided_by=by, decided_at=now or datetime.now(UTC))
    )
    if done.rowcount == 0:
        raise LookupError(f"no campaign {campaign_id}")


def delete_campaign(engine: Engine, campaign_id: int) -> None:
    with engine.begin() as connection:
        for table in (campaign_posts, campaign_accounts):
            connection.execute(delete(table).where(table.c.campaign_id == campaign_id))
        connection.execute(delete(campaigns).where(campaigns.c.id == campaign_id))


def coordinated_accounts(
    engine: Engine, statuses: Sequence[str] = ("confirmed", "suspected")
) -> dict[tuple[str, str], int]:
    """(platform, author native id) -> campaign id, for accounts in campaigns of these
    statuses: what dashboards and sentiment leave out."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                campaign_accounts.c.platform,
                campaign_accounts.c.author_native_id,
                campaign_accounts.c.campaign_id,
            )
            .join(campaigns, campaigns.c.id == campaign_accounts.c.campaign_id)
            .where(campaigns.c.status.in_(list(statuses)))
        )
        return {(p, a): cid for p, a, cid in rows}


def coordinated_posts(
    engine: Engine, statuses: Sequence[str] = ("confirmed", "suspected")
) -> set[tuple[str, str]]:
    """(platform, native id) of the posts that took part in campaigns of these statuses."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(campaign_posts.c.platform, campaign_posts.c.native_id)
            .join(campaigns, campaigns.c.id == campaign_posts.c.campaign_id)
            .where(campaigns.c.status.in_(list(statuses)))
        )
        return {(p, n) for p, n in rows}


def coordinated_share(
    engine: Engine, posts: Sequence[Post], statuses: Sequence[str] = ("confirmed", "suspected")
) -> dict[str, Any]:
    """What share of these posts comes from accounts in campaigns (e.g. of a surge)."""
    accounts = coordinated_accounts(engine, statuses)
    hits: dict[int, int] = {}
    for post in posts:
        if post.author is not None:
            cid = accounts.get((post.platform, post.author.native_id))
            if cid is not None:
                hits[cid] = hits.get(cid, 0) + 1
    coordinated = sum(hits.values())
    return {
        "posts": len(posts),
        "coordinated": coordinated,
        "share": coordinated / len(posts) if posts else 0.0,
        "campaigns": dict(sorted(hits.items())),
    }
