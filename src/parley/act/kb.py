"""Knowledge-base search and suggested answers: multilingual, offline, explained.

Every article's current text in each language (title and body) is one document of a TF-IDF
index over character n-grams, and a search or a conversation's recent customer messages are
compared with them by cosine similarity. Text is folded first as topic queries fold it
(`parley.enrich.query.normalise`: case, accents and Arabic harakat dropped, alef and yeh
variants unified, tatweel and invisible characters removed, Arabic-Indic digits to ASCII),
punctuation becomes space, and a space is put where a script written without spaces (Chinese,
Japanese, Korean, Thai...) meets one written with them. Features: 1- to 4-grams of characters
inside each run of those unspaced scripts (so 退款 is found inside 我想申请退款 without a
dictionary), 3- to 5-grams of each other word padded with spaces (so `refund` finds `refunds`
and a two-digit number or product code counts whole). Weights are sublinear TF times smoothed
IDF; rows are unit length.

The n-grams are hashed with the sentiment model's vectorised rolling hash (64 bits, so
collisions are negligible), a few numpy operations for a whole batch of texts, and the index
is a sparse matrix kept in memory per store. It is checked against `store.kb.signature` (one
aggregate query) on every use and rebuilt when an article changed; a rebuild featurises only
versions it has not seen (versions never change) and reuses the rows of the others.

Cross-lingual matching is limited to what two languages share in writing: product names,
model numbers, order numbers, hashtags, names, loanwords. An English article is suggested
for a Chinese message that names the same product; nothing translates.

Each hit explains itself: the score is the cosine, and it is the sum of the contributions of
the shared n-grams; those are grouped back into the query's words (or, in unspaced scripts,
into the stretches of characters the article shares), and the top ones are listed with their
share.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

import numpy as np
import regex
import scipy.sparse as sp
from sqlalchemy import Connection, Engine, select

from parley.act import replies
from parley.enrich.dedup import _NON_WORD_RE
from parley.enrich.query import _UNSPACED_BOUNDS, _UNSPACED_RANGES, _char_class
from parley.enrich.query import normalise as fold
from parley.enrich.sentiment import _mix, _powers
from parley.store import inbox as inbox_store
from parley.store import kb as store
from parley.store.kb import KbError
from parley.store.tables import kb_versions
from parley.store.users import User

MAX_QUERY_CHARS = 500
INDEX_CHARS = 6_000  # characters of an article read into the index (title + body)
SUGGEST_MESSAGES = 5  # the customer's latest messages a suggestion compares
SUGGEST_CHARS = 1_500  # characters of each of them
MIN_SCORE = 0.04  # below this a hit shares only common letters: not shown as a suggestion
MIN_SEARCH_SCORE = 0.04  # below this a hit shares only a few common n-grams
RELATIVE_CUT = 0.15  # a search shows hits scoring at least this share of the best one
OTHER_LANGUAGE = 0.9  # an article without the conversation's language ranks a little lower
WHY_TOP = 5
BUILD_CHUNK = 500  # texts featurised at once when the index is built
REPLY_STATES = ("queued", "sending", "sent")  # replies that passed approval (or needed none)

_U64 = np.uint64
_SALT = np.array([0x9E3779B97F4A7C15 * (n + 11) % 2**64 for n in range(6)], dtype=np.uint64)
_BOUNDS = np.array(_UNSPACED_BOUNDS, dtype=np.uint32)
_UNSPACED = _char_class(_UNSPACED_RANGES)
_SCRIPT_EDGE_RE = regex.compile(
    rf"(?<=[{_UNSPACED}])(?=[^{_UNSPACED}\s])|(?<=[^{_UNSPACED}\s])(?=[{_UNSPACED}])"
)


def prepare(text: str, limit: int = INDEX_CHARS) -> str:
    """The text as the index compares it (see the module docstring)."""
    s = _NON_WORD_RE.sub(" ", fold(text[:limit]))
    if not s.isascii():
        s = _SCRIPT_EDGE_RE.sub(" ", s)
    return " ".join(s.split())


@dataclass
class _Grams:
    """Every n-gram occurrence of a batch of prepared texts."""

    doc: np.ndarray  # which text
    hash: np.ndarray  # uint64
    start: np.ndarray  # where in that text padded with a space each side
    size: np.ndarray  # n


def _grams(texts: Sequence[str]) -> _Grams:
    padded = [f" {t} " for t in texts]
    joined = "\0".join(padded) + "\0"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    n_chars = len(codes)
    begin = np.zeros(len(texts), np.int64)
    if len(texts) > 1:
        np.cumsum([len(p) + 1 for p in padded[:-1]], out=begin[1:])
    pw, inv = _powers(n_chars + 1)

    def running(mask: np.ndarray) -> np.ndarray:
        out = np.zeros(n_chars + 1, np.int64)
        np.cumsum(mask, out=out[1:])
        return out

    is_end = codes == 0
    is_space = codes == 32
    unspaced = (np.searchsorted(_BOUNDS, codes, side="right") & 1).astype(bool)
    ends, spaces, unsp = running(is_end), running(is_space), running(unspaced)
    doc_of = ends[:-1]
    with np.errstate(over="ignore"):
        prefix = np.zeros(n_chars + 1, np.uint64)
        np.cumsum((codes.astype(np.uint64) + _U64(1)) * pw[:n_chars], out=prefix[1:])
        out: list[tuple[np.ndarray, np.ndarray, np.ndarray, int]] = []
        for n in range(1, 6):
            if n_chars < n:
                break
            start = np.arange(n_chars - n + 1)
            stop = start + n
            ok = ends[stop] == ends[start]
            n_unsp = unsp[stop] - unsp[start]
            wanted = ok & (n_unsp == n) if n <= 4 else np.zeros(len(start), bool)
            if n >= 3:  # a word's n-gram: no space inside (the ends may be the padding)
                inner = spaces[stop - 1] - spaces[start + 1]
                wanted |= ok & (n_unsp == 0) & (inner == 0)
            start = start[wanted]
            if not len(start):
                continue
            h = (prefix[start + n] - prefix[start]) * inv[start] + _SALT[n]
            out.append((doc_of[start], _mix(h), start, n))
    if not out:
        empty = np.zeros(0, np.int64)
        return _Grams(empty, np.zeros(0, np.uint64), empty, empty)
    doc = np.concatenate([o[0] for o in out])
    return _Grams(
        doc=doc,
        hash=np.concatenate([o[1] for o in out]),
        start=np.concatenate([o[2] for o in out]) - begin[doc],
        size=np.concatenate([np.full(len(o[0]), o[3], np.int64) for o in out]),
    )


@dataclass
class Term:
    text: str
    share: float  # its part of the score (the parts add up to the score)


@dataclass
class Hit:
    article_id: int
    version_id: int
    lang: str
    title: str
    visibility: str
    tags: list[str]
    score: float
    explain: Callable[[], list[Term]] = field(default=list, repr=False, compare=False)

    @cached_property
    def terms(self) -> list[Term]:
        """The shared words behind the score, largest share first (worked out when asked:
        only the hits shown need it)."""
        return self.explain()

    def why(self) -> str:
        shared = ", ".join(f"{t.text} ({t.share:.2f})" for t in self.terms) or "nothing"
        return f"score {self.score:.2f} (cosine of character n-grams); shared: {shared}"


@dataclass
class Suggestion:
    hit: Hit  # the best-matching text
    lang: str  # the language offered (the conversation's when the article has it)
    title: str
    score: float  # the hit's score, lowered when the conversation's language is missing

    def why(self) -> str:
        text = self.hit.why()
        if self.hit.lang != self.lang:
            text += f"; matched the {self.hit.lang} text, offered in {self.lang}"
        if self.score < self.hit.score:
            text += f"; ranked at {self.score:.2f}: no text in the conversation's language"
        return text


class KnowledgeIndex:
    """The current texts of the articles that are not archived, as a TF-IDF matrix."""

    def __init__(self, signature: tuple[int, int, int], rows: list[dict[str, Any]],
                 hashes: np.ndarray, counts: sp.csr_matrix) -> None:  # fmt: skip
        self.signature = signature
        self.rows = rows
        self.vocab = hashes  # sorted: column j is the feature hashes[j]
        self.tf = counts.tocsc()  # 1 + log(count), documents x features
        n = len(rows)
        df = np.diff(self.tf.indptr).astype(np.float64)
        self.idf = (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)
        self.max_idf = float(np.log(1 + n) + 1)
        weighted = self.tf.multiply(self.idf[np.newaxis, :]).tocsr()
        self.norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        self.norms[self.norms == 0] = 1.0
        self.by_version = {r["id"]: i for i, r in enumerate(rows)}

    @classmethod
    def build(cls, connection: Connection, signature: tuple[int, int, int],
              previous: KnowledgeIndex | None = None) -> KnowledgeIndex:  # fmt: skip
        found = store.indexable(connection)
        known = {} if previous is None else previous.by_version
        kept = [r for r in found if r["id"] in known]
        fresh = [r for r in found if r["id"] not in known]
        # Fresh texts are featurised in chunks (the arrays of one chunk stay small), each
        # chunk's (text, feature) pairs counted with two 1-D sorts.
        hashes, texts_of, values = [], [], []
        bodies = _bodies(connection, [r["id"] for r in fresh])
        for at in range(0, len(fresh), BUILD_CHUNK):
            chunk = fresh[at : at + BUILD_CHUNK]
            grams = _grams([prepare(bodies[r["id"]]) for r in chunk])
            local, feature = np.unique(grams.hash, return_inverse=True)
            pair, count = np.unique(grams.doc * len(local) + feature.ravel(), return_counts=True)
            hashes.append(local[pair % len(local)])
            texts_of.append(pair // len(local) + at)
            values.append((1 + np.log(count)).astype(np.float32))
        new_hashes = np.concatenate(hashes) if hashes else np.zeros(0, np.uint64)
        if kept and previous is not None:
            # The kept rows stay as they are; only their column numbers move to the new
            # vocabulary (a merge of sorted arrays, no sort of the whole index).
            vocab = np.union1d(previous.vocab, np.unique(new_hashes))
            moved = np.searchsorted(vocab, previous.vocab)
            old = previous.tf.tocsr()[[known[r["id"]] for r in kept]]
            base = sp.csr_matrix((old.data, moved[old.indices], old.indptr),
                                 shape=(len(kept), len(vocab)))  # fmt: skip
        else:
            vocab = np.unique(new_hashes)
            base = sp.csr_matrix((0, len(vocab)), dtype=np.float32)
        added = sp.csr_matrix(
            (np.concatenate(values) if values else np.zeros(0, np.float32),
             (np.concatenate(texts_of) if texts_of else np.zeros(0, np.int64),
              np.searchsorted(vocab, new_hashes))),
            shape=(len(fresh), len(vocab)),
        )  # fmt: skip
        rows = kept + fresh
        counts = sp.vstack([base, added], format="csr")
        return cls(signature, rows, vocab, counts)

    def score(self, text: str, *, limit: int) -> list[Hit]:
        """The texts most like `text`, best first, each with its explanation."""
        prepared = prepare(text)
        if not prepared or not self.rows or not len(self.vocab):
            return []
        grams = _grams([prepared])
        hashes, first, count = np.unique(grams.hash, return_index=True, return_counts=True)
        cols = np.minimum(np.searchsorted(self.vocab, hashes), len(self.vocab) - 1)
        known = self.vocab[cols] == hashes
        q = (1 + np.log(count)) * np.where(known, self.idf[cols], self.max_idf)
        q_norm = float(np.sqrt((q * q).sum())) or 1.0
        cols, q, first = cols[known], q[known], first[known]
        if not len(cols):
            return []
        sub = self.tf[:, cols]
        weights = (q * self.idf[cols]).astype(np.float32)
        scores = np.asarray(sub @ weights).ravel() / (self.norms * q_norm)
        best = np.flatnonzero(scores > 0)
        if len(best) > limit:
            best = best[np.argpartition(-scores[best], limit - 1)[:limit]]
        best = best[np.argsort(-scores[best], kind="stable")]
        rows_of = sub.tocsr()
        padded = f" {prepared} "
        token_of = np.cumsum(np.frombuffer(padded.encode("utf-32-le"), np.uint32) == 32)

        def explain(r: int) -> list[Term]:
            part = rows_of[r]
            shares = part.data * weights[part.indices] / (self.norms[r] * q_norm)
            return _terms(padded, token_of, grams, first[part.indices], shares)

        return [
            Hit(article_id=self.rows[r]["article_id"], version_id=self.rows[r]["id"],
                lang=self.rows[r]["lang"], title=self.rows[r]["title"],
                visibility=self.rows[r]["visibility"], tags=self.rows[r]["tags"],
                score=float(scores[r]), explain=partial(explain, int(r)))
            for r in best
        ]  # fmt: skip


def _terms(padded: str, token_of: np.ndarray, grams: _Grams, occurrence: np.ndarray,
           shares: np.ndarray) -> list[Term]:  # fmt: skip
    """The shared n-grams' contributions grouped into what a person reads: the query's words,
    and in unspaced scripts the stretches of characters the article shares. `token_of[i]` is
    how many spaces `padded` has up to i: the number of the word at i."""
    by_token: dict[int, float] = {}
    spans: dict[int, list[tuple[int, int, float]]] = {}
    for at, share in zip(occurrence, shares, strict=True):
        start, size = int(grams.start[at]), int(grams.size[at])
        first = start + 1 if padded[start] == " " else start
        token = int(token_of[first])
        spans.setdefault(token, []).append((start, start + size, float(share)))
        by_token[token] = by_token.get(token, 0.0) + float(share)
    terms: list[Term] = []
    words = padded.split(" ")
    for token, total in by_token.items():
        word = words[token]
        if word and not _is_unspaced(word[0]):
            terms.append(Term(word, total))
            continue
        # Merge the shared stretches of two or more characters; single characters only count.
        runs: list[list[float]] = []
        for a, b, _ in sorted(s for s in spans[token] if s[1] - s[0] >= 2):
            if runs and a <= runs[-1][1]:
                runs[-1][1] = max(runs[-1][1], b)
            else:
                runs.append([a, b, 0.0])
        for a, b, share in spans[token]:
            run = next((r for r in runs if r[0] <= a and b <= r[1]), None)
            if run is not None:
                run[2] += share
            else:
                terms.append(Term(padded[a:b], share))
        terms.extend(Term(padded[int(a) : int(b)], share) for a, b, share in runs)
    merged: dict[str, float] = {}
    for t in terms:
        merged[t.text] = merged.get(t.text, 0.0) + t.share
    ranked = sorted(merged.items(), key=lambda kv: -kv[1])[:WHY_TOP]
    # a lone Chinese character shared says little to a reader unless it weighs
    return [Term(text, share) for text, share in ranked
            if share >= (0.03 if len(text) == 1 else 0.005)]  # fmt: skip


def _is_unspaced(ch: str) -> bool:
    return bool(np.searchsorted(_BOUNDS, ord(ch), side="right") & 1)


def _bodies(connection: Connection, version_ids: Sequence[int]) -> dict[int, str]:
    v = kb_versions.c
    out: dict[int, str] = {}
    for i in range(0, len(version_ids), 500):
        chunk = list(version_ids[i : i + 500])
        for r in connection.execute(select(v.id, v.title, v.body).where(v.id.in_(chunk))):
            # the title counts twice: it says what the article is about
            out[r.id] = f"{r.title} {r.title} {r.body[:INDEX_CHARS]}"
    return out


_lock = threading.Lock()
_indexes: weakref.WeakKeyDictionary[Engine, KnowledgeIndex] = weakref.WeakKeyDictionary()


def index_for(connection: Connection) -> KnowledgeIndex:
    """This store's index, rebuilt first if an article changed since it was built."""
    signature = store.signature(connection)
    with _lock:
        current = _indexes.get(connection.engine)
        if current is not None and current.signature == signature:
            return current
        fresh = KnowledgeIndex.build(connection, signature, previous=current)
        _indexes[connection.engine] = fresh
        return fresh


def check_query(query: str) -> str:
    if len(query) > MAX_QUERY_CHARS:
        raise KbError(
            f"a search is at most {MAX_QUERY_CHARS} characters and this one has "
            f"{len(query):,}: search for the words that matter"
        )
    if not prepare(query):
        raise KbError("give some words to search for (punctuation alone finds nothing)")
    return query


def search(connection: Connection, query: str, *, limit: int = 20) -> list[Hit]:
    """Articles like the words of `query`, best first (one hit per article: its best text)."""
    check_query(query)
    hits = index_for(connection).score(query, limit=limit * 4)
    seen: set[int] = set()
    out = []
    floor = max(MIN_SEARCH_SCORE, hits[0].score * RELATIVE_CUT) if hits else 0.0
    for hit in hits:
        if hit.score >= floor and hit.article_id not in seen:
            seen.add(hit.article_id)
            out.append(hit)
    return out[:limit]


def _conversation_text(connection: Connection, conversation_id: int) -> str:
    inbound = [
        m["text"] or ""
        for m in inbox_store.messages(connection, conversation_id)
        if m["direction"] == "in"
    ]
    return "\n".join(t[:SUGGEST_CHARS] for t in inbound[-SUGGEST_MESSAGES:])


def suggest(connection: Connection, conversation_id: int, *, limit: int = 3) -> list[Suggestion]:
    """Articles that answer the conversation's latest customer messages, best first. The
    conversation's language is preferred: its text is offered when the article has one, and an
    article without it ranks at `OTHER_LANGUAGE` of its score."""
    conversation = inbox_store.get_conversation(connection, conversation_id)
    text = _conversation_text(connection, conversation_id)
    if not text.strip():
        return []
    index = index_for(connection)
    hits = index.score(text, limit=max(limit * 10, 30))
    lang = (conversation["lang"] or "").split("-")[0].lower()
    languages: dict[int, dict[str, str]] = {}
    for row in index.rows:
        languages.setdefault(row["article_id"], {})[row["lang"]] = row["title"]
    best: dict[int, Suggestion] = {}
    for hit in hits:
        if hit.score < MIN_SCORE or hit.article_id in best:
            continue
        texts = languages[hit.article_id]
        offered = next((code for code in texts if code.split("-")[0] == lang), None)
        factor = 1.0 if offered or not lang else OTHER_LANGUAGE
        offered = offered or hit.lang
        best[hit.article_id] = Suggestion(hit=hit, lang=offered, title=texts[offered],
                                          score=hit.score * factor)  # fmt: skip
    ranked = sorted(best.values(), key=lambda s: -s.score)
    return ranked[:limit]


# --- using an article in a reply, saving a reply as an article ------------------------------

_VARIABLE_RE = re.compile(r"\{(" + "|".join(replies.VARIABLES) + r")\}")


def render_article(connection: Connection, article_id: int, conversation_id: int, agent: User,
                   lang: str | None = None) -> str:  # fmt: skip
    """The article's body for this conversation: in `lang` if it has it, else the
    conversation's language, else English, else any; `{customer_name}`, `{case_number}` and
    `{agent_name}` filled in as canned replies fill them (other braces stay as written)."""
    conversation = inbox_store.get_conversation(connection, conversation_id)
    article = store.get_article(connection, article_id)
    if article["archived"]:
        raise KbError(f"article {article_id} is archived")
    texts = article["texts"]
    base = (conversation["lang"] or "").split("-")[0]
    chosen = (texts.get(lang or "") or texts.get(base) or texts.get("en")
              or texts[sorted(texts)[0]])  # fmt: skip
    values = replies.variables(conversation, agent)
    return _VARIABLE_RE.sub(lambda m: values[m.group(1)], chosen["body"])


def use_article(connection: Connection, value: str, conversation_id: int, agent: User) -> str:
    """`render_article` for a form's `article` field: "ID" or "ID:LANG" (what a suggestion's
    Use button posts)."""
    ident, _, lang = value.strip().partition(":")
    if not ident.isdigit() or not 0 < int(ident) < 2**63:
        raise KbError(f"an article is given by its number, got {value[:40]!r}")
    return render_article(connection, int(ident), conversation_id, agent, lang or None)


def draft_from_reply(connection: Connection, reply_id: int) -> dict[str, Any]:
    """A new article's fields from one of our replies: the conversation's subject as the
    title, the reply as the body with the customer's name (and @handle) turned into
    `{customer_name}`, the conversation's language."""
    try:
        reply = replies.get_reply(connection, reply_id)
    except inbox_store.InboxError as exc:
        raise KbError(str(exc)) from None
    if reply["state"] not in REPLY_STATES:
        raise KbError(
            f"reply {reply_id} is {reply['state'].replace('_', ' ')}: only a reply that was "
            "sent or approved is saved as an article"
        )
    conversation = inbox_store.get_conversation(connection, reply["conversation_id"])
    body = reply["text"]
    for name in (conversation["customer_name"], conversation["customer_handle"]):
        name = (name or "").strip()
        if len(name) >= 2:
            body = re.sub(rf"(?<!\w)@?{re.escape(name)}(?!\w)", "{customer_name}", body,
                          flags=re.IGNORECASE)  # fmt: skip
    lang = (conversation["lang"] or "en").lower()
    try:
        lang = store.check_lang(lang)
    except KbError:
        lang = "en"
    return {
        "title": inbox_store.one_line(conversation["subject"], store.MAX_TITLE_CHARS),
        "body": body,
        "lang": lang,
        "reply_id": reply_id,
        "conversation_id": conversation["id"],
    }
