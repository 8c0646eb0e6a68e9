"""The live detector: a Pipeline ``on_stored`` hook over the stream (docs/water-army.md).

Each stored batch feeds the :class:`~parley.coordination.detect.Coordinator` (new posts
only: a re-delivered post is not a second act). Every ``recluster_every`` seconds of stream
time (the posts' own ``created_at``, so a replay finds what the live stream found) it
re-clusters, saves the campaigns (when it has a store) and calls ``on_campaign(campaign)``
for each new campaign and each that grew by at least ``grow_share`` of its accounts; a
dismissed campaign never calls it. ``coordinated(platform, author)`` answers from memory.

Near-duplicate clusters come from the batch's enrichments (``dup_cluster``) when the
pipeline's dedup enricher ran; otherwise the detector runs its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Engine

from parley.coordination.detect import Campaign, Coordinator, Params
from parley.domain import Post


class CoordinationDetector:
    def __init__(
        self,
        engine: Engine | None = None,
        *,
        params: Params | None = None,
        recluster_every: float = 300.0,
        grow_share: float = 0.25,
        on_campaign: Callable[[Campaign], Any] | None = None,
    ) -> None:
        if recluster_every <= 0:
            raise ValueError("recluster_every must be positive (seconds of stream time)")
        self.engine = engine
        self.coordinator = Coordinator(params)
        self.recluster_every = recluster_every
        self.grow_share = grow_share
        self.on_campaign = on_campaign
        self._dedup: Any = None
        self._next = None  # stream time of the next re-clustering
        self._members: dict[tuple[str, str], int] = {}
        self.member_keys: frozenset[str] = frozenset()
        self._sizes: dict[int, int] = {}
        self._dismissed: set[int] = set()
        self.campaigns: list[Campaign] = []
        self.reclusters = 0

    def __call__(
        self,
        posts: Sequence[Post],
        enrichments: Sequence[dict[str, Any]] | None = None,
        new_keys: frozenset[tuple[str, str]] | None = None,
    ) -> None:
        """The ``on_stored`` hook: (posts, enrichments, new_keys)."""
        if not posts:
            return
        if not enrichments or "dup_cluster" not in enrichments[0]:
            if self._dedup is None:
                from parley.enrich.dedup import NearDuplicateEnricher

                self._dedup = NearDuplicateEnricher()
            enrichments = self._dedup.transform_many(posts)
        add = self.coordinator.add
        for post, enrichment in zip(posts, enrichments, strict=False):
            if new_keys is None or post.key in new_keys:
                add(post, enrichment)
        newest = self.coordinator.newest
        if self._next is None:
            self._next = newest + self.recluster_every
        elif newest >= self._next:
            self.recluster()
            self._next = newest + self.recluster_every

    def recluster(self) -> list[Campaign]:
        """Cluster now, save, and call ``on_campaign`` for new or grown campaigns."""
        self.reclusters += 1
        found = self.coordinator.campaigns()
        if self.engine is not None:
            from parley.coordination.store import save_campaigns

            results = save_campaigns(self.engine, found)
        else:
            results = self._match_in_memory(found)
        members: dict[tuple[str, str], int] = {}
        for campaign, is_new, gained in results:
            cid = campaign.id
            assert cid is not None
            if campaign.status == "dismissed":
                self._dismissed.add(cid)
                continue
            for account in campaign.accounts:
                platform, _, native = account.partition(":")
                members[(platform, native)] = cid
            before = self._sizes.get(cid, 0)
            self._sizes[cid] = len(campaign.accounts)
            grew = (
                before and gained > 0 and len(campaign.accounts) >= before * (1 + self.grow_share)
            )
            if self.on_campaign is not None and (is_new or grew):
                self.on_campaign(campaign)
        self._members = members
        # "platform:author id" of every account in a campaign, for the crisis detectors'
        # coordinated share (a set lookup per post, no string splitting).
        self.member_keys = frozenset(f"{p}:{n}" for p, n in members)
        self.campaigns = [c for c, _, _ in results if c.status != "dismissed"]
        return self.campaigns

    def _match_in_memory(self, found: list[Campaign]) -> list[tuple[Campaign, bool, int]]:
        """Without a store: a campaign keeps the id of the earlier one it shares most
        accounts with (half of the smaller one at least)."""
        out = []
        previous = {c.id: set(c.accounts) for c in self.campaigns}
        next_id = max([0, *previous.keys(), *self._sizes.keys()]) + 1
        for campaign in found:
            accounts = set(campaign.accounts)
            best = max(previous.items(), key=lambda kv: len(kv[1] & accounts), default=None)
            if best and len(best[1] & accounts) * 2 >= min(len(best[1]), len(accounts)):
                campaign.id = best[0]
                out.append((campaign, False, len(accounts - best[1])))
            else:
                campaign.id = next_id
                next_id += 1
                out.append((campaign, True, len(accounts)))
        return out

    def coordinated(self, platform: str, author_native_id: str) -> int | None:
        """The campaign id this account belongs to (as of the last re-clustering), or None."""
        return self._members.get((platform, author_native_id))
