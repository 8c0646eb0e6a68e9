"""The IRA week (FiveThirtyEight's release, ``shared/data/ira``) as Parley posts.

Its CSV has ``author_id, content, language, publish_date, following, followers, updates,
post_type, retweet`` and no tweet ids, reply ids or URL entities, so:

* ``native_id`` is a hash of the whole row (as ``parley import`` does for a CSV without an
  id column): identical rows are one post;
* ``created_at`` is ``publish_date`` read as UTC (minute resolution);
* a retweet (``retweet`` = 1) is a ``repost`` whose ``repost_of`` is a hash of its text: the
  release does not say which tweet was retweeted, and retweets of one tweet carry its text;
* ``urls`` and ``hashtags`` are taken from the text (``https://t.co/...`` short links, as
  the text has them; retweets carry none, as in the toolkit);
* followers, following and ``updates`` (posts so far) go to the author.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import regex

from parley.domain import Author, Post

COLUMNS = ("author_id", "content", "publish_date")
_URL = regex.compile(r"https?://\S+")
_TAG = regex.compile(r"#(\w+)")


def _int(value: str) -> int | None:
    try:
        return int(float(value))
    except ValueError:
        return None


def read_ira(path: Path, limit: int | None = None) -> Iterator[Post]:
    """Posts from the IRA CSV, in file order. Raises ValueError when a column is missing."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(
                f"{path} is not the IRA layout: no column {', '.join(missing)} "
                f"(it has {', '.join(reader.fieldnames or ())})"
            )
        for n, row in enumerate(reader):
            if limit is not None and n >= limit:
                return
            text = row["content"] or ""
            try:
                created = datetime.fromisoformat(row["publish_date"]).replace(tzinfo=UTC)
            except ValueError:
                continue
            digest = hashlib.sha1("\x1f".join(row.values()).encode()).hexdigest()[:16]
            retweet = row.get("retweet") == "1"
            yield Post(
                platform="x",
                native_id=digest,
                created_at=created,
                text=text,
                kind="repost" if retweet else "post",
                author=Author(
                    native_id=row["author_id"],
                    handle=row["author_id"],
                    followers=_int(row.get("followers", "")),
                    following=_int(row.get("following", "")),
                    posts_count=_int(row.get("updates", "")),
                ),
                repost_of=("rt:" + hashlib.sha1(text.encode()).hexdigest()[:16])
                if retweet
                else None,
                urls=None if retweet else (_URL.findall(text) or None),
                hashtags=_TAG.findall(text) or None,
            )
