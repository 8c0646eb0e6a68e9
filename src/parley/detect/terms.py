"""The terms of a post, for the emerging-term detector: words, two-word phrases, hashtags.

Computed in the enrichment workers (the `_terms` key is not stored), so the detector in the
main process only counts. Works for every script: letters-with-spaces scripts give words
(3+ characters) and adjacent-word phrases; Chinese, Japanese and Thai runs, which have no
spaces, give overlapping two-character pieces (致癌 "carcinogenic" is one). URLs and @mentions
are dropped (a URL is never a term; a mention is who, not what). Each term counts once per post.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import regex

from parley.domain import Post
from parley.enrich.basic import normalise

# Most terms a post contributes (a 5,000-word article must not weigh 5,000 times a tweet).
MAX_TERMS = 48

_DROP_RE = regex.compile(r"(?:https?://|www\.)\S+|@[\p{L}\p{M}\p{N}_.-]+")
_TOKEN_RE = regex.compile(
    r"#[\p{L}\p{M}\p{N}_]+|[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}ー]+|[\p{L}\p{M}][\p{L}\p{M}\p{N}'’-]*"
)
_UNSPACED_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}ー]")
# Words so common in every language that as phrase halves they only add noise. The detector
# needs no stop list for single words (a word that is always there is never *emerging*), but
# phrases built on them would double the counting work for nothing.
_GLUE = frozenset(
    [
        "the",
        "and",
        "for",
        "you",
        "are",
        "but",
        "not",
        "with",
        "this",
        "that",
        "have",
        "was",
        "our",
        "your",
        "its",
        "from",
        "they",
        "will",
        "has",
        "les",
        "des",
        "que",
        "une",
        "pour",
        "pas",
        "est",
        "sur",
        "dans",
        "qui",
        "par",
        "con",
        "per",
        "che",
        "una",
        "del",
        "della",
        "las",
        "los",
        "por",
        "una",
        "para",
        "como",
        "und",
        "die",
        "der",
        "das",
        "nicht",
        "ist",
        "mit",
        "ein",
        "eine",
        "sie",
        "den",
        "auf",
        "dem",
        "para",
        "uma",
        "com",
        "não",
        "ele",
        "ela",
        "são",
    ]
)


def terms(text: str, *, normalised: bool = False) -> list[str]:
    """The distinct terms of `text`, in order of appearance, at most MAX_TERMS."""
    norm = text if normalised else normalise(text)
    norm = _DROP_RE.sub(" ", norm)
    found: dict[str, None] = {}
    previous: str | None = None
    for token in _TOKEN_RE.findall(norm):
        if token[0] == "#":
            found[token] = None
            previous = None
        elif _UNSPACED_RE.match(token):
            if len(token) == 1:
                found[token] = None
            for i in range(len(token) - 1):
                found[token[i : i + 2]] = None
            previous = None
        else:
            token = token.strip("'’-")
            if len(token) < 3:
                previous = None
                continue
            found[token] = None
            if previous is not None and token not in _GLUE and previous not in _GLUE:
                found[f"{previous} {token}"] = None
            previous = token
        if len(found) >= MAX_TERMS:
            break
    return list(found)[:MAX_TERMS]


class TermsEnricher:
    """Adds `_terms` (not stored: it only feeds the detectors in this run)."""

    name = "terms"
    uses_enrichment = True  # reuses the normalised text the basic enricher made

    def transform_many(
        self, posts: Sequence[Post], enrichments: Sequence[Mapping[str, Any]] | None = None
    ) -> list[dict[str, Any]]:
        out = []
        for i, post in enumerate(posts):
            norm = enrichments[i].get("_norm") if enrichments is not None else None
            if norm is None:
                text = post.text if post.title is None else f"{post.title}\n{post.text}"
                out.append({"_terms": terms(text)})
            else:
                out.append({"_terms": terms(norm, normalised=True)})
        return out
