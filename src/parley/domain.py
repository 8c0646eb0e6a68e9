"""The nouns of Parley as plain data: Post, Author, Metrics. No I/O here.

A `Post` is what every source produces and every stage consumes. Its fields mirror the
interchange format (`shared/schema/post.schema.json`); `extra` holds fields a record carried
that the format does not name, so an export gives them back unchanged.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

KINDS = ("post", "reply", "repost", "quote", "comment", "dm", "article")

# Platforms Parley knows. Add more with PARLEY_EXTRA_PLATFORMS (comma-separated).
PLATFORMS = frozenset(
    {
        "bilibili", "bluesky", "csv", "douyin", "email", "facebook", "forum", "instagram",
        "kuaishou", "line", "linkedin", "mastodon", "news", "reddit", "rss", "sim",
        "telegram", "threads", "tiktok", "twitter", "vk", "webform", "wechat", "weibo",
        "whatsapp", "x", "xiaohongshu", "youtube", "zhihu",
    }
)  # fmt: skip


class Metrics(msgspec.Struct, kw_only=True, omit_defaults=True):
    likes: int | None = None
    reposts: int | None = None
    replies: int | None = None
    views: int | None = None


class Author(msgspec.Struct, kw_only=True, omit_defaults=True):
    native_id: str
    handle: str | None = None
    name: str | None = None
    followers: int | None = None
    following: int | None = None
    posts_count: int | None = None
    created_at: datetime | None = None
    verified: bool | None = None
    bio: str | None = None
    location: str | None = None


class Post(msgspec.Struct, kw_only=True, omit_defaults=True):
    """One post, comment, message or article, as stored. `created_at` is always UTC."""

    platform: str
    native_id: str
    created_at: datetime
    text: str
    kind: str = "post"
    url: str | None = None
    title: str | None = None
    lang: str | None = None
    author: Author | None = None
    reply_to: str | None = None
    repost_of: str | None = None
    quote_of: str | None = None
    conversation_id: str | None = None
    urls: list[str] | None = None
    hashtags: list[str] | None = None
    mentions: list[str] | None = None
    metrics: Metrics | None = None
    to_account: str | None = None
    raw: Any = None
    extra: dict[str, Any] | None = None

    @property
    def key(self) -> tuple[str, str]:
        """The stable identity of a post: storing the same key twice is an update, not a copy."""
        return (self.platform, self.native_id)


class InputProblem(msgspec.Struct, frozen=True):
    """One record that could not be taken, and why, in words a person can act on."""

    where: str  # e.g. "line 12" or "row 40"
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"
