"""The cheap enrichers: normalised text, and the hashtags, mentions, URLs and emoji in it.

They read the text itself, so they work the same for every platform, including those whose
payloads do not list entities; what a platform did list stays in the post's own fields.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

import regex

from parley.domain import Post

# A URL: scheme or www., then anything up to white space; trailing punctuation is not part of it.
URL_RE = regex.compile(
    r"(?:https?://|www\.)[^\s<>\"'\u3000-\u303f\uff01-\uff0f]+(?<![.,;:!?)\]}])", regex.I
)
# Weibo's #topic# (closed, no spaces) or the usual #tag (letters, marks, digits, underscore).
HASHTAG_RE = regex.compile(r"#([^#\s]{1,60})#|(?<![\w#])#([\p{L}\p{M}\p{N}_]{1,100}+)")
MENTION_RE = regex.compile(r"(?<![\w@.])@([\p{L}\p{M}\p{N}_][\p{L}\p{M}\p{N}_.-]{0,63})(?<![.-])")
# An emoji is a grapheme cluster that starts with an Extended_Pictographic character
# or is a regional-indicator pair (a flag).
EMOJI_RE = regex.compile(
    r"\p{Extended_Pictographic}(?:\p{EMod}|\uFE0F|\u200D\p{Extended_Pictographic}\uFE0F?)*"
    r"|[\U0001F1E6-\U0001F1FF]{2}"
)
SPACE_RE = regex.compile(r"\s+")
# Bidirectional overrides and isolates change how text *looks*, never what it says.
BIDI_RE = regex.compile(r"[\u202a-\u202e\u2066-\u2069]")


def normalise(text: str) -> str:
    """NFKC, case-folded, bidi controls removed, white space collapsed."""
    text = BIDI_RE.sub("", text)
    return SPACE_RE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def entities(text: str) -> dict[str, list[str]]:
    hashtags = [a or b for a, b in HASHTAG_RE.findall(text)]
    return {
        "hashtags": _unique([h.casefold() for h in hashtags if h]),
        "mentions": _unique([m.casefold() for m in MENTION_RE.findall(text)]),
        "urls": _unique(URL_RE.findall(text)),
        "emoji": EMOJI_RE.findall(text),
    }


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


class BasicEnricher:
    """Adds `hashtags`, `mentions`, `urls` and `emoji` to each post's enrichment, and `_norm`
    (the normalised text) for the enrichers after it; keys starting with `_` are not stored."""

    name = "basic"

    def transform_many(self, posts: Sequence[Post]) -> list[dict[str, Any]]:
        out = []
        for post in posts:
            text = post.text if post.title is None else f"{post.title}\n{post.text}"
            found = entities(text)
            found["_norm"] = normalise(text)  # type: ignore[assignment]
            out.append(found)
        return out
