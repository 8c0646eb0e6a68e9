"""Account networks with the definitions of `coordination-network-toolkit` 1.5.2.

The toolkit (Graham et al., QUT DMRC) computes these with SQLite self-joins; Parley computes
the same edges and weights with hash-joins per key over time-sorted posts and a sliding
window, in one pass per key. Definitions, read from its source (``compute_networks.py``):

* every network joins *events* of two accounts that share a key and whose times differ by at
  most ``window`` seconds (inclusive: 60 s apart counts);
* **co_tweet**: non-reposts, keyed by the text lower-cased, with @mentions removed and
  whitespace collapsed (its ``message_preprocessor``);
* **co_retweet**: reposts, keyed by the reposted post's id;
* **co_reply**: non-reposts that reply, keyed by the post replied to;
* **co_link**: non-reposts, one event per distinct URL of the post, keyed by the URL (empty
  URLs are dropped: the toolkit would count ``""`` as a shared link);
* **co_similarity** (its ``co_similar_tweet``): non-reposts whose token sets (its
  ``tokenize``: words split on word boundaries, @mentions removed, lower-cased) have a Jaccard
  similarity of at least ``threshold`` (default 0.9, as its Python API; its command line
  says 0.8); token sets with fewer than ``min_tokens`` tokens are similar to nothing;
* the **weight** of the ordered pair (a, b) is the number of distinct posts of a that have
  at least one matching event of b within the window, so (a, b) and (b, a) may differ; both
  are written. A post always matches itself, so a→a self-loops exist in the toolkit's table;
  like its export, they are left out. Edges below ``min_weight`` are left out;
* posts are identified by their id; a repeated id keeps its first occurrence (the toolkit
  inserts with ``insert or ignore``).

Cost: O(n log n) for sorting plus, per event, the number of distinct accounts within the
window on the same key (co_similarity: the posts within the window, pruned by token-set
size). The toolkit joins in SQLite per user batch and is several times slower (``parley
bench coordination``).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

from parley.domain import Post

NETWORKS = ("co_tweet", "co_retweet", "co_reply", "co_link", "co_similarity")

# The toolkit's own patterns (similarity.py), so texts are compared exactly as it does.
_MENTION = regex.compile(r"@.*?(?=(?:\s|$))")
_WORD_SPLIT = regex.compile(
    r"\b\p{Word_Break=WSegSpace}*'?", flags=regex.WORD | regex.UNICODE | regex.V1
)

Edges = dict[tuple[str, str], int]


@dataclass(frozen=True, slots=True)
class Message:
    """What the networks need of a post."""

    id: str
    user: str
    t: float  # seconds since 1970
    text: str
    repost_of: str | None = None
    reply_to: str | None = None
    urls: tuple[str, ...] = ()


def preprocess(text: str) -> str:
    """The toolkit's co_tweet key: lower-case, no @mentions, whitespace collapsed."""
    return " ".join(_MENTION.sub("", text.lower()).split())


def tokens(text: str) -> frozenset[str]:
    """The toolkit's co_similarity token set (its ``tokenize`` then split on spaces)."""
    out: set[str] = set()
    for token in _WORD_SPLIT.split(_MENTION.sub("", text.lower())):
        if token:
            out.update(token.split())
    return frozenset(out)


def messages(posts: Iterable[Post]) -> tuple[list[Message], int]:
    """Messages from posts (first occurrence of an id wins) and how many posts had no author,
    which no network can use."""
    seen: set[str] = set()
    out: list[Message] = []
    no_author = 0
    for post in posts:
        if post.author is None or not post.author.native_id:
            no_author += 1
            continue
        mid = f"{post.platform}:{post.native_id}"
        if mid in seen:
            continue
        seen.add(mid)
        out.append(
            Message(
                id=mid,
                user=post.author.native_id,
                t=post.created_at.timestamp(),
                text=post.text or "",
                repost_of=post.repost_of or None,
                reply_to=post.reply_to or None,
                urls=tuple(u for u in (post.urls or ()) if u),
            )
        )
    return out, no_author


def _events(msgs: Sequence[Message], kind: str) -> dict[str, list[tuple[float, str, int]]]:
    """key -> [(time, user, message number)]: the join keys of one network."""
    by_key: dict[str, list[tuple[float, str, int]]] = defaultdict(list)
    for n, m in enumerate(msgs):
        if kind == "co_retweet":
            if m.repost_of is not None:
                by_key[m.repost_of].append((m.t, m.user, n))
        elif m.repost_of is not None:
            continue
        elif kind == "co_tweet":
            by_key[preprocess(m.text)].append((m.t, m.user, n))
        elif kind == "co_reply":
            if m.reply_to is not None:
                by_key[m.reply_to].append((m.t, m.user, n))
        elif kind == "co_link":
            for url in dict.fromkeys(m.urls):
                by_key[url].append((m.t, m.user, n))
    return by_key


def _window_users(
    events: list[tuple[float, str, int]], window: float
) -> Iterator[tuple[int, str, Iterable[str]]]:
    """For each event (sorted by time): its message, its user, and the distinct users with an
    event within ``window`` seconds either side (itself included)."""
    events.sort(key=lambda e: e[0])
    counts: dict[str, int] = defaultdict(int)
    lo = hi = 0
    n = len(events)
    for t, user, msg in events:
        while hi < n and events[hi][0] <= t + window:
            counts[events[hi][1]] += 1
            hi += 1
        while events[lo][0] < t - window:
            u = events[lo][1]
            counts[u] -= 1
            if not counts[u]:
                del counts[u]
            lo += 1
        yield msg, user, counts.keys()


def network(
    msgs: Sequence[Message],
    kind: str,
    window: float = 60.0,
    *,
    min_weight: int = 1,
    threshold: float = 0.9,
    min_tokens: int = 1,
) -> Edges:
    """The weighted, directed account network ``{(a, b): weight}`` (see the module doc)."""
    if kind not in NETWORKS:
        raise ValueError(f"unknown network {kind!r}; known: {', '.join(NETWORKS)}")
    if window < 0:
        raise ValueError(f"window must be at least 0 seconds, got {window}")
    if kind == "co_similarity":
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"similarity threshold must be in (0, 1], got {threshold}")
        edges = _similarity(msgs, window, threshold, min_tokens)
    else:
        edges = {}
        # co_link: a post with two shared URLs counts once, so count (message, user) once.
        matched: set[tuple[int, str]] | None = set() if kind == "co_link" else None
        for events in _events(msgs, kind).values():
            if len(events) < 2:
                continue
            for msg, user, users in _window_users(events, window):
                for other in users:
                    if other == user:
                        continue
                    if matched is not None:
                        if (msg, other) in matched:
                            continue
                        matched.add((msg, other))
                    pair = (user, other)
                    edges[pair] = edges.get(pair, 0) + 1
    if min_weight > 1:
        edges = {pair: w for pair, w in edges.items() if w >= min_weight}
    return edges


def _similarity(msgs: Sequence[Message], window: float, threshold: float, min_tokens: int) -> Edges:
    items = []
    for n, m in enumerate(msgs):
        if m.repost_of is None:
            toks = tokens(m.text)
            if len(toks) >= max(min_tokens, 1):
                items.append((m.t, m.user, n, toks, len(toks)))
    items.sort(key=lambda e: e[0])
    matched: set[tuple[int, str]] = set()
    for i, (t, user, msg, toks, size) in enumerate(items):
        j = i + 1
        # a little past t + window: each direction is then tested as the toolkit's SQL does
        # (t2 between t1 - window and t1 + window), rounding included
        limit = t + window + 1e-6 * (1.0 + abs(t))
        while j < len(items) and items[j][0] <= limit:
            t2, user2, msg2, toks2, size2 = items[j]
            j += 1
            if user2 == user:
                continue
            forward = t - window <= t2 <= t + window
            backward = t2 - window <= t <= t2 + window
            if not (forward and (msg, user2) not in matched) and not (
                backward and (msg2, user) not in matched
            ):
                continue
            # Jaccard >= threshold needs the smaller set to be >= threshold x the larger one.
            small, large = (size, size2) if size <= size2 else (size2, size)
            if small / large < threshold:
                continue
            inter = len(toks & toks2)
            if inter / (size + size2 - inter) >= threshold:
                if forward:
                    matched.add((msg, user2))
                if backward:
                    matched.add((msg2, user))
    edges: Edges = {}
    for msg, other in matched:
        pair = (msgs[msg].user, other)
        edges[pair] = edges.get(pair, 0) + 1
    return edges


def write_edges(edges: Edges, path: Path) -> int:
    """Write ``a,b,weight`` rows (sorted, with a header) and return how many."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["a", "b", "weight"])
        for (a, b), w in sorted(edges.items()):
            writer.writerow([a, b, w])
    return len(edges)
