"""Near-duplicate clusters: copypasta, templated praise, the same headline, retweets.

Each post gets ``dup_cluster`` (the ``platform:native_id`` of the first post seen in its
cluster), ``dup_size`` (the cluster's size so far, this post included) and ``dup_of`` (the key
of the most similar earlier post, or None). Posts are in the same cluster when their texts are
near-copies (estimated Jaccard similarity of their shingle sets >= ``threshold``, default 0.6)
within a sliding ``window`` (default 24 h) of the posts' own timestamps: stream time, never
wall time, so a replay or a backfill clusters as the live stream did. Clusters chain: a copy
joins the cluster of any near-copy seen within the window before it.

What is compared (:func:`normalise`): the text without URLs, @mentions, ``RT @x:`` prefixes,
emoji and Weibo emoticon codes, NFKC-folded and case-folded, punctuation and symbols turned
into spaces (a hashtag keeps its word). So a retweet, a copy with another emoji, another
mention or another link, and one with different punctuation are all the same text.

Shingles: character 4-grams (spaces included, so word boundaries count), or character
2-grams when at least 40 % of the characters are Chinese, Japanese or Korean, which are written
without spaces (a CJK character carries about as much as a short word). Character shingles
also work for Thai and other unspaced scripts, and make a one-word edit cost a few shingles
rather than a third of a short post's word shingles.

Too little text: a post with fewer than :data:`MIN_WORDS` words (counting a CJK character as
half a word and a long unspaced run as one word per 8 characters) is its own cluster, even
when identical to another: "thanks!", "so true", "谢谢大家" are written independently by
many people and say nothing about copying.

How (all per batch, vectorised with numpy):

* the batch's texts are joined into one array of code points; shingles are hashed with a
  stable polynomial hash (never Python's salted ``hash()``: signatures must be the same after
  a restart) and MinHash signatures (:data:`NUM_PERM` hash functions, multiply-add-shift on
  64 bits) are computed for all texts at once;
* LSH banding (:data:`BANDS` bands of ``NUM_PERM // BANDS`` rows) looks candidates up in a
  fixed-size numpy table (``BANDS x SLOTS x BUCKET_CAP`` entry numbers, plus a 16-bit tag of
  the band hash so that slot collisions rarely become candidates); candidates are verified
  by comparing signatures, both against the index and within the batch;
* identical normalised texts take a shortcut: an exact-text dictionary maps them to their
  entry in the index, so a retweet storm of a million identical posts costs one dictionary
  look-up each and adds nothing to the index.

Memory is bounded by constants: the index is a ring of :data:`MAX_ENTRIES` distinct texts
(16-bit signature values, timestamp, cluster), the LSH table has ``BANDS x SLOTS x BUCKET_CAP``
cells, the exact-text dictionary never has more entries than the ring, and at most
:data:`MAX_CLUSTERS` clusters are remembered (the least recently active go first). With the
defaults, once full: about 50 MB of numpy arrays and 50 MB of Python dictionaries (measured:
~100 MB RSS after 300,000 posts). When more than ``MAX_ENTRIES`` distinct texts arrive within
one window the oldest are forgotten first, so the effective window is shorter on very busy
streams (131,072 distinct texts per 24 h is 1.5 per second). Expired entries (older than the newest
post seen minus the window) are dropped from the LSH table, the exact-text dictionary and the
cluster table every :data:`SWEEP_EVERY` posts; between sweeps they are skipped at look-up.

Out-of-order posts (older than the newest seen minus the window) are still assigned, against
whatever the index holds within the window around their own time, and indexed; the next sweep
drops them.

After a restart, :meth:`NearDuplicateEnricher.warm` rebuilds the state from the posts stored
during the last window.
"""

from __future__ import annotations

import random
import re
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import regex

from parley.domain import Post
from parley.enrich.basic import MENTION_RE, URL_RE

__all__ = [
    "BANDS",
    "BUCKET_CAP",
    "MAX_CLUSTERS",
    "MAX_ENTRIES",
    "MIN_WORDS",
    "NUM_PERM",
    "SLOTS",
    "NearDuplicateEnricher",
    "bench",
    "bench_posts",
    "normalise",
    "signatures",
]

WINDOW = timedelta(hours=24)
THRESHOLD = 0.6
NUM_PERM = 64  # 128 would halve the estimate's noise but costs twice the time
BANDS = 16  # 16 bands of 4 rows: P(candidate) = 0.89 at J=0.6, 0.99 at 0.7, 0.34 at 0.4
MIN_WORDS = 5.0
MAX_ENTRIES = 1 << 17  # distinct texts in the index (ring buffer)
SLOTS = 1 << 16  # buckets per band (default; smaller for a smaller max_entries: 2 entries each)
BUCKET_CAP = 4  # entries per bucket; the oldest is overwritten
MAX_CLUSTERS = MAX_ENTRIES  # a cluster no indexed text points to can never be joined again
SWEEP_EVERY = 50_000  # posts between expiry sweeps
RAW_LIMIT = 5_000  # characters of a post compared: bounds the cost of huge posts
K_CJK = 2
K_OTHER = 4
CJK_SHARE = 0.4
_CHUNK = 1_536  # shingles per MinHash block: the (shingles x NUM_PERM) block stays in cache

# ---------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------
_RT_RE = regex.compile(r"(?<![\p{L}\p{N}])RT\s*@[^\s:]+\s*:?")
_URL_RE = regex.compile(URL_RE.pattern, regex.I)
_WEIBO_CODE_RE = regex.compile(r"\[[^\[\]\s]{1,8}\]")
# Everything but letters, marks and digits: punctuation, symbols and emoji, '#', controls,
# invisible characters, lone surrogates.
_NON_WORD_RE = regex.compile(r"[^\p{L}\p{M}\p{N}]+")
_NON_WORD_ASCII_RE = re.compile(r"[^a-z0-9]+")  # the same for ASCII text, twice as fast


def normalise(text: str) -> str:
    """The text near-duplicates are compared on (see the module docstring)."""
    text = text[:RAW_LIMIT]
    if "RT" in text:
        text = _RT_RE.sub(" ", text)
    if "http" in text or "www" in text or "HTTP" in text or "WWW" in text:
        text = _URL_RE.sub(" ", text)
    if "@" in text:
        text = MENTION_RE.sub(" ", text)
    if "[" in text:
        text = _WEIBO_CODE_RE.sub(" ", text)
    if text.isascii():
        return _NON_WORD_ASCII_RE.sub(" ", text.lower()).strip()
    text = unicodedata.normalize("NFKC", text)
    return _NON_WORD_RE.sub(" ", text.casefold()).strip()


# ---------------------------------------------------------------------------------------
# Hashing: fixed constants (splitmix64 of a fixed seed), so signatures never change
# ---------------------------------------------------------------------------------------
_M64 = (1 << 64) - 1


def _splitmix64(seed: int, n: int) -> list[int]:
    out = []
    for _ in range(n):
        seed = (seed + 0x9E3779B97F4A7C15) & _M64
        z = seed
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
        out.append(z ^ (z >> 31))
    return out


_CONST = _splitmix64(20240611, 2 * NUM_PERM + 8)
# MinHash: h_i(x) = ((a_i * x + b_i) mod 2^64) >> 32, a_i odd (Dietzfelbinger's multiply-add-shift,
# strongly universal for 32-bit keys)
_A = np.array([c | 1 for c in _CONST[:NUM_PERM]], dtype=np.uint64)
_B = np.array(_CONST[NUM_PERM : 2 * NUM_PERM], dtype=np.uint64)
_POLY = np.uint64(_CONST[2 * NUM_PERM] | 1)  # shingle polynomial base
_FOLD = np.uint64(_CONST[2 * NUM_PERM + 1] | 1)  # 64 -> 32 bit fold of a shingle
_ROWS = NUM_PERM // BANDS
_BAND_MULT = np.array(
    [c | 1 for c in _CONST[2 * NUM_PERM + 2 : 2 * NUM_PERM + 2 + _ROWS]], dtype=np.uint64
)
_BAND_SALT = np.arange(BANDS, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xFF51AFD7ED558CCD)
_U32 = np.uint64(32)


def _is_cjk(cp: np.ndarray) -> np.ndarray:
    """Han, kana, Hangul (and their compatibility and extension blocks)."""
    out = np.zeros(cp.shape, dtype=bool)
    far = np.flatnonzero(cp >= 0x1100)  # most text has none: test the ranges on the rest only
    if far.size:
        c = cp[far]
        out[far] = (
            ((c >= 0x3040) & (c <= 0x30FF))  # kana
            | ((c >= 0x3400) & (c <= 0x4DBF))  # Han ext. A
            | ((c >= 0x4E00) & (c <= 0x9FFF))  # Han
            | ((c >= 0xAC00) & (c <= 0xD7AF))  # Hangul syllables
            | (c <= 0x11FF)  # Hangul jamo
            | ((c >= 0x3130) & (c <= 0x318F))  # Hangul compatibility jamo
            | ((c >= 0xF900) & (c <= 0xFAFF))  # Han compatibility
            | ((c >= 0x20000) & (c <= 0x3FFFF))  # Han ext. B and later
        )
    return out


@dataclass
class Signatures:
    """MinHash signatures of a list of normalised texts."""

    sig: np.ndarray  # (n, NUM_PERM) uint32; zeros for texts without enough words
    words: np.ndarray  # (n,) float: words by the MIN_WORDS rule
    enough: np.ndarray  # (n,) bool: at least `min_words` words (and so some shingles)


def signatures(texts: Sequence[str], min_words: float = MIN_WORDS) -> Signatures:
    """MinHash signatures of normalised `texts`, all in a few array operations."""
    n = len(texts)
    sig = np.zeros((n, NUM_PERM), dtype=np.uint32)
    if n == 0:
        return Signatures(sig, np.zeros(0), np.zeros(0, dtype=bool))
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    # One array of code points; each text is followed by a NUL, which normalise never leaves.
    # K_OTHER - 1 more NULs at the end, so every position starts a full-length shingle.
    joined = "\0".join(texts) + "\0" * K_OTHER
    padded = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    m = padded.size - (K_OTHER - 1)
    cp = padded[:m]
    owner = np.repeat(np.arange(n), lengths + 1)
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    pos = np.arange(m) - starts[owner]
    inside = pos < lengths[owner]

    # Words: a CJK character counts half; another run of non-space characters counts one per
    # 8 characters (at least one), so a long line of unspaced Thai or Khmer is not one word.
    cjk = _is_cjk(cp) & inside
    other = inside & ~cjk & (cp != 32)
    run_start = other & ~np.concatenate(([False], other[:-1]))
    run_len = np.bincount(np.cumsum(run_start)[other] - 1, minlength=int(run_start.sum()))
    words = np.bincount(owner[run_start], weights=np.maximum(1, run_len // 8), minlength=n)
    n_cjk = np.bincount(owner[cjk], minlength=n)
    words = words + n_cjk / 2.0
    visible = lengths - np.bincount(owner[cp == 32], minlength=n)
    use_cjk = n_cjk >= CJK_SHARE * np.maximum(1, visible)
    enough = words >= min_words

    # Shingle hashes, k = 2 or 4 by text: Horner's rule on 64 bits (the 2-gram hash is a step
    # on the way to the 4-gram one), folded to 32 bits. Positional order is text order.
    if not enough.any():
        return Signatures(sig, words, enough)
    c64 = padded.astype(np.uint64)
    x = c64[:m] * _POLY
    x += c64[1 : m + 1]
    two = x.copy()
    for j in range(2, K_OTHER):
        x *= _POLY
        x += c64[j : j + m]
    cjk_text = use_cjk[owner]
    x[cjk_text] = two[cjk_text]
    k = np.where(cjk_text, K_CJK, K_OTHER)
    ok = (pos + k <= lengths[owner]) & enough[owner]
    shingles = x[ok]
    shingles *= _FOLD
    shingles >>= _U32
    counts = np.bincount(owner[ok], minlength=n)
    enough &= counts > 0
    todo = np.flatnonzero(counts)
    first = np.concatenate(([0], np.cumsum(counts[todo])))

    # MinHash in blocks of whole texts, computed in place in one buffer that stays in cache:
    # allocating (shingles x NUM_PERM) temporaries cost more than the arithmetic.
    block_of = first[:-1] // _CHUNK
    cuts = np.flatnonzero(np.concatenate(([True], block_of[1:] != block_of[:-1], [True])))
    buf = np.empty((int(np.max(first[cuts[1:]] - first[cuts[:-1]])), NUM_PERM), dtype=np.uint64)
    for a, b in zip(cuts[:-1].tolist(), cuts[1:].tolist(), strict=True):
        lo, hi = first[a], first[b]
        block = buf[: hi - lo]
        np.multiply(shingles[lo:hi, None], _A[None, :], out=block)
        block += _B
        block >>= _U32
        sig[todo[a:b]] = np.minimum.reduceat(block, first[a:b] - lo, axis=0)
    return Signatures(sig, words, enough)


def _band_hashes(sig16: np.ndarray) -> np.ndarray:
    """(n, BANDS) 64-bit hashes of each band's rows, from the 16-bit signatures (the form the
    index stores, so an indexed text's bands can be recomputed)."""
    rows = sig16.astype(np.uint64).reshape(sig16.shape[0], BANDS, _ROWS)
    h = (rows * _BAND_MULT[None, None, :]).sum(axis=2, dtype=np.uint64) + _BAND_SALT[None, :]
    h ^= h >> np.uint64(33)
    h *= _MIX
    h ^= h >> np.uint64(29)
    return h


def _text_key(text: str) -> int:
    """The exact-text dictionary's key for a normalised text. Python's (salted) string hash is
    right here: it is computed in C and cached, and the dictionary never leaves the process
    (`warm` rebuilds it); a collision needs 2**32 texts in the index."""
    return hash(text) & _M64


def _cells(bh: np.ndarray, slots: int) -> tuple[np.ndarray, np.ndarray]:
    """LSH table rows (band * slots + slot) and 16-bit tags of band hashes."""
    band = np.arange(bh.shape[-1], dtype=np.int64) * slots
    slot = (bh & np.uint64(slots - 1)).astype(np.int64)
    return band + slot, (bh >> np.uint64(48)).astype(np.uint16)


# ---------------------------------------------------------------------------------------
# The enricher
# ---------------------------------------------------------------------------------------
class NearDuplicateEnricher:
    """Adds ``dup_cluster``, ``dup_size`` and ``dup_of`` to each post's enrichment (stateful:
    keep one instance for the stream)."""

    name = "dedup"
    stateful = True  # the pipeline keeps it in the main process, in stream order

    def __init__(
        self,
        *,
        window: timedelta = WINDOW,
        threshold: float = THRESHOLD,
        min_words: float = MIN_WORDS,
        max_entries: int = MAX_ENTRIES,
        max_clusters: int = MAX_CLUSTERS,
    ) -> None:
        if window.total_seconds() <= 0:
            raise ValueError("window must be positive")
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        if max_entries < 1 or max_clusters < 1:
            raise ValueError("max_entries and max_clusters must be positive")
        self.window = window.total_seconds()
        self.threshold = threshold
        self.min_words = min_words
        self.max_entries = max_entries
        self.max_clusters = max_clusters
        # the ring of indexed texts
        self._sig = np.zeros((max_entries, NUM_PERM), dtype=np.uint16)
        # zeros, not full(): calloc'd pages cost nothing until used
        self._ts = np.zeros(max_entries)
        self._cluster = np.zeros(max_entries, dtype=np.int64)
        self._text = np.zeros(max_entries, dtype=np.uint64)  # exact-text key
        self._seq = np.zeros(max_entries, dtype=np.int64)  # insertion number + 1; 0: unused
        self._key: list[str | None] = [None] * max_entries
        self._next_seq = 0
        # LSH table: BANDS x slots buckets of BUCKET_CAP ring positions, with 16-bit band-hash tags
        self._slots = min(SLOTS, 1 << max(6, (max_entries // 2 - 1).bit_length()))
        cells = BANDS * self._slots
        self._table = np.zeros((cells, BUCKET_CAP), dtype=np.int32)  # ring position + 1; 0: empty
        self._tags = np.zeros((cells, BUCKET_CAP), dtype=np.uint16)
        # next column per bucket, modulo BUCKET_CAP; uint8 wraps at 256, a multiple of it
        self._cursor = np.zeros(cells, dtype=np.uint8)
        # exact text key -> ring position
        self._exact: dict[int, int] = {}
        # cluster number -> [first key, size, last activity]; ordered by last activity (a join
        # moves its cluster to the end); an OrderedDict, whose oldest entry is found in O(1)
        # (a dict's walks over the ones deleted before it)
        self._clusters: OrderedDict[int, list[Any]] = OrderedDict()
        self._next_cluster = 0
        self.newest = -np.inf
        self._since_sweep = 0

    # -- public ----------------------------------------------------------------------------
    def transform_many(self, posts: Sequence[Post]) -> list[dict[str, Any]]:
        if not posts:
            return []
        keys = [f"{p.platform}:{p.native_id}" for p in posts]
        ts = [p.created_at.timestamp() for p in posts]
        norms = [normalise(p.text if p.title is None else f"{p.title}\n{p.text}") for p in posts]
        out = self._assign(keys, ts, norms)
        self._since_sweep += len(posts)
        if self._since_sweep >= SWEEP_EVERY:
            self.sweep()
        return out

    def warm(self, posts: Iterable[Post]) -> None:
        """Rebuild the state after a restart from the posts stored during the last window
        (any order: they are replayed oldest first)."""
        ordered = sorted(posts, key=lambda p: p.created_at)
        for start in range(0, len(ordered), 1000):
            self.transform_many(ordered[start : start + 1000])

    @property
    def index_size(self) -> int:
        """Distinct texts in the index (at most ``max_entries``)."""
        return int(min(self._next_seq, self.max_entries))

    def stats(self) -> dict[str, int]:
        return {
            "index_entries": self.index_size,
            "exact_texts": len(self._exact),
            "clusters": len(self._clusters),
            "lsh_cells_used": int(np.count_nonzero(self._table)),
        }

    def sweep(self) -> None:
        """Drop what is older than the window (by stream time) from the LSH table, the
        exact-text dictionary and the cluster table. Called every SWEEP_EVERY posts."""
        self._since_sweep = 0
        cutoff = self.newest - self.window
        used = self._table > 0
        stale = used & (self._ts[self._table - 1] < cutoff)  # (-1 for unused: any; masked)
        self._table[stale] = 0
        dead = [t for t, r in self._exact.items() if self._ts[r] < cutoff]
        for t in dead:
            del self._exact[t]
        clusters = self._clusters
        while clusters:
            cid = next(iter(clusters))
            if clusters[cid][2] >= cutoff and len(clusters) <= self.max_clusters:
                break
            del clusters[cid]

    # -- the work --------------------------------------------------------------------------
    def _assign(self, keys: list[str], ts: list[float], norms: list[str]) -> list[dict[str, Any]]:
        window = self.window
        # The batch's distinct texts, numbered in order of first appearance.
        number: dict[str, int] = {}
        post_text = [number.setdefault(t, len(number)) for t in norms]
        texts = list(number)
        first_ts = np.zeros(len(texts))
        for i in range(len(post_text) - 1, -1, -1):
            first_ts[post_text[i]] = ts[i]
        text_keys = [_text_key(t) for t in texts]
        # Signatures only for texts the exact-text dictionary does not know (a storm's copies
        # cost nothing here).
        known = [self._exact_live(k, first_ts[u]) is not None for u, k in enumerate(text_keys)]
        need = np.array([u for u, k in enumerate(known) if not k], dtype=np.int64)
        computed = signatures([texts[u] for u in need.tolist()], self.min_words)
        enough = np.array(known, dtype=bool)
        enough[need] = computed.enough
        sig16 = np.zeros((len(texts), NUM_PERM), dtype=np.uint16)
        rows = need[computed.enough]  # texts with a fresh signature
        sig16[rows] = computed.sig[computed.enough]  # low 16 bits: a 16-bit MinHash
        has_sig = np.zeros(len(texts), dtype=bool)
        has_sig[rows] = True
        bh = _band_hashes(sig16[rows])
        best_entry = self._lookup(rows, bh, sig16, first_ts)
        intra = self._intra(rows, bh, sig16)

        out: list[dict[str, Any]] = []
        text_cluster: dict[int, int] = {}  # text -> its cluster, in this batch
        text_last: dict[int, tuple[str, float]] = {}  # text -> (latest post with it, time)
        inserts: list[tuple[int, int, str, float]] = []  # (text, cluster, key, time)
        newest = self.newest
        for i, key in enumerate(keys):
            t, u = ts[i], post_text[i]
            newest = max(newest, t)
            if not enough[u]:  # too little text: its own cluster
                out.append({"dup_cluster": key, "dup_size": 1, "dup_of": None})
                continue
            # 1. the same text earlier in this batch
            last = text_last.get(u)
            if last is not None and abs(t - last[1]) <= window:
                out.append(self._join(text_cluster[u], key, t, last[0]))
                text_last[u] = (key, max(t, last[1]))
                continue
            # 2. the same text in the index: no LSH at all
            r = self._exact_live(text_keys[u], t) if known[u] else None
            if r is not None:
                cid = self._cluster_of(r)
                out.append(self._join(cid, key, t, self._key[r]))
                self._key[r] = key  # the next copy's dup_of: the latest one
                self._ts[r] = max(self._ts[r], t)  # a live storm stays in the window
                text_cluster[u], text_last[u] = cid, (key, t)
                if self._next_seq + 1 - self._seq[r] > self.max_entries // 2:
                    inserts.append((u, cid, key, t))  # re-index it before the ring drops it
                    sig16[u] = self._sig[r]
                continue
            # 3. a near-copy: the most similar earlier text, in the index or in this batch
            if not has_sig[u]:  # rare: a known text whose copies are more than a window apart
                one = signatures([texts[u]], self.min_words)
                sig16[u] = one.sig[0]
                has_sig[u] = True
                row = np.array([u])
                best_entry.update(self._lookup(row, _band_hashes(sig16[row]), sig16, first_ts))
            cid, dup_of, sim = -1, None, -1.0
            e = best_entry.get(u)
            if e is not None and abs(self._ts[e[0]] - t) <= window:
                cid, dup_of, sim = self._cluster_of(e[0]), self._key[e[0]], e[1]
            for v, s in intra.get(u, ()):
                if s <= sim:
                    break
                lv = text_last.get(v)
                if lv is not None and abs(lv[1] - t) <= window:
                    cid, dup_of, sim = text_cluster[v], lv[0], s
                    break
            if cid < 0:
                cid = self._new_cluster(key, t)
                out.append({"dup_cluster": key, "dup_size": 1, "dup_of": None})
            else:
                out.append(self._join(cid, key, t, dup_of))
            text_cluster[u], text_last[u] = cid, (key, t)
            inserts.append((u, cid, key, t))
        self.newest = newest
        if inserts:
            # index each text under its latest post (the next copy's dup_of) and time
            inserts = [(u, cid, *text_last[u]) for u, cid, _, _ in inserts]
            self._insert(inserts, sig16, text_keys)
        return out

    def _exact_live(self, text_key: int, t: float) -> int | None:
        """The ring position of this exact text, if indexed and within the window of `t`."""
        r = self._exact.get(text_key)
        if r is None:
            return None
        if abs(self._ts[r] - t) > self.window:
            return None
        return r

    def _cluster_of(self, r: int) -> int:
        cid = int(self._cluster[r])
        if cid not in self._clusters:  # forgotten (expired or over the cap): start it again
            self._clusters[cid] = [self._key[r], 1, float(self._ts[r])]
        return cid

    def _new_cluster(self, key: str, t: float) -> int:
        cid = self._next_cluster
        self._next_cluster += 1
        self._clusters[cid] = [key, 1, t]
        if len(self._clusters) > self.max_clusters:
            self._clusters.popitem(last=False)  # the least recently active
        return cid

    def _join(self, cid: int, key: str, t: float, dup_of: str | None) -> dict[str, Any]:
        # popped and re-inserted last: the dict stays ordered by activity, for the sweep
        record = self._clusters.pop(cid, None) or [dup_of or key, 1, t]
        record[1] += 1
        record[2] = max(record[2], t)
        self._clusters[cid] = record
        return {"dup_cluster": record[0], "dup_size": record[1], "dup_of": dup_of}

    def _lookup(
        self, rows: np.ndarray, bh: np.ndarray, sig16: np.ndarray, first_ts: np.ndarray
    ) -> dict[int, tuple[int, float]]:
        """text -> (ring position, similarity) of its most similar verified match in the index."""
        if rows.size == 0 or self._next_seq == 0:
            return {}
        cells, tags = _cells(bh, self._slots)
        found = self._table[cells]  # (texts, BANDS, BUCKET_CAP)
        hit = (found > 0) & (self._tags[cells] == tags[:, :, None])
        which = np.nonzero(hit)[0]
        if which.size == 0:
            return {}
        pair = np.unique(rows[which] * self.max_entries + found[hit] - 1)
        texts, entries = pair // self.max_entries, pair % self.max_entries
        near = np.abs(self._ts[entries] - first_ts[texts]) <= self.window
        texts, entries = texts[near], entries[near]
        sim = (self._sig[entries] == sig16[texts]).mean(axis=1)
        keep = sim >= self.threshold
        return _best(texts[keep], entries[keep], sim[keep])

    def _intra(
        self, rows: np.ndarray, bh: np.ndarray, sig16: np.ndarray
    ) -> dict[int, list[tuple[int, float]]]:
        """text -> the earlier texts of this batch it nearly copies, most similar first."""
        if rows.size < 2:
            return {}
        band = np.tile(np.arange(BANDS), rows.size)
        text = np.repeat(rows, BANDS)
        h = bh.ravel()
        order = np.lexsort((text, h, band))
        band, text, h = band[order], text[order], h[order]
        earlier: list[np.ndarray] = []
        later: list[np.ndarray] = []
        for d in range(1, BUCKET_CAP + 1):  # as in a bucket: the last BUCKET_CAP before it
            same = (band[d:] == band[:-d]) & (h[d:] == h[:-d])
            earlier.append(text[:-d][same])
            later.append(text[d:][same])
        a, b = np.concatenate(earlier), np.concatenate(later)
        if a.size == 0:
            return {}
        base = int(rows.max()) + 1
        pair = np.unique(b * base + a)
        b, a = pair // base, pair % base
        sim = (sig16[a] == sig16[b]).mean(axis=1)
        keep = sim >= self.threshold
        a, b, sim = a[keep], b[keep], sim[keep]
        order = np.lexsort((-sim, b))
        out: dict[int, list[tuple[int, float]]] = {}
        for x, y, s in zip(a[order].tolist(), b[order].tolist(), sim[order].tolist(), strict=True):
            out.setdefault(y, []).append((x, s))
        return out

    def _insert(
        self, inserts: list[tuple[int, int, str, float]], sig16: np.ndarray, text_keys: list[int]
    ) -> None:
        """Index new texts: ring, exact-text dictionary and LSH table (oldest overwritten)."""
        m = len(inserts)
        ring = (self._next_seq + np.arange(m, dtype=np.int64)) % self.max_entries
        texts = np.fromiter((x[0] for x in inserts), dtype=np.int64, count=m)
        new_keys = [text_keys[u] for u, _, _, _ in inserts]
        exact = self._exact
        # The ring is full: forget the texts the reused slots held.
        for r in ring[self._seq[ring] > 0].tolist():
            old = int(self._text[r])
            if exact.get(old) == r:
                del exact[old]
        for r, (_, _, key, _), tk in zip(ring.tolist(), inserts, new_keys, strict=True):
            self._key[r] = key
            exact[tk] = r
        self._ts[ring] = [x[3] for x in inserts]
        self._cluster[ring] = [x[1] for x in inserts]
        self._text[ring] = np.array(new_keys, dtype=np.uint64)
        self._seq[ring] = self._next_seq + 1 + np.arange(m)
        self._next_seq += m
        self._sig[ring] = sig16[texts]
        cells, tags = _cells(_band_hashes(sig16[texts]), self._slots)
        cells, tags = cells.ravel(), tags.ravel()
        pos = np.repeat(ring + 1, BANDS).astype(np.int32)
        # Several new texts may share a bucket: keep the last BUCKET_CAP, in order.
        order = np.argsort(cells, kind="stable")
        cells, tags, pos = cells[order], tags[order], pos[order]
        start = np.flatnonzero(np.concatenate(([True], cells[1:] != cells[:-1])))
        size = np.diff(np.append(start, cells.size))
        rank = np.arange(cells.size) - np.repeat(start, size)
        keep = rank >= np.repeat(size, size) - BUCKET_CAP
        col = (self._cursor[cells[keep]].astype(np.int64) + rank[keep]) % BUCKET_CAP
        self._table[cells[keep], col] = pos[keep]
        self._tags[cells[keep], col] = tags[keep]
        self._cursor[cells[start]] += (size % 256).astype(np.uint8)


def _best(texts: np.ndarray, entries: np.ndarray, sim: np.ndarray) -> dict[int, tuple[int, float]]:
    """For each text, its most similar entry (the newest of equals)."""
    order = np.lexsort((-entries, -sim, texts))
    out: dict[int, tuple[int, float]] = {}
    for u, e, s in zip(
        texts[order].tolist(), entries[order].tolist(), sim[order].tolist(), strict=True
    ):
        if u not in out:
            out[u] = (e, s)
    return out


# ---------------------------------------------------------------------------------------
# Benchmark
# ---------------------------------------------------------------------------------------
_SYLLABLES = [
    "ka",
    "ri",
    "to",
    "mo",
    "na",
    "se",
    "lu",
    "pa",
    "ve",
    "di",
    "ro",
    "sa",
    "ne",
    "ti",
    "bo",
    "la",
    "me",
    "ku",
    "zi",
    "fe",
    "ga",
    "ho",
    "ju",
    "ly",
    "wa",
    "xi",
    "qu",
    "be",
]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3)))


def _han(rng: random.Random, n: int) -> str:
    return "".join(chr(rng.randint(0x4E00, 0x4E00 + 2500)) for _ in range(n))


def bench_posts(n: int, seed: int = 20240611) -> list[Post]:
    """A synthetic stream: 70 % unique posts (a tenth of them Chinese), 20 % light edits of
    200 templates (a word changed, an emoji, another mention or link), 10 % retweets of
    earlier posts; 8 to 30 words; one post every 0.2 s."""
    rng = random.Random(seed)
    templates = [" ".join(_word(rng) for _ in range(rng.randint(10, 25))) for _ in range(180)]
    templates += [_han(rng, rng.randint(20, 50)) for _ in range(20)]
    start = datetime(2026, 3, 1, tzinfo=UTC)
    posts: list[Post] = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.2:
            words = rng.choice(templates).split()
            if len(words) > 1:
                words[rng.randrange(len(words))] = _word(rng)
            text = " ".join(words) + rng.choice(["", " 😂", " 🙏🏽", " !!"])
            text = rng.choice(["", f"@fan{i} "]) + text + rng.choice(["", f" https://t.co/{i}"])
        elif roll < 0.3 and posts:
            text = f"RT @user{i % 97}: {rng.choice(posts[-500:]).text}"
        elif roll < 0.37:
            text = _han(rng, rng.randint(12, 60))
        else:
            text = " ".join(_word(rng) for _ in range(rng.randint(8, 30)))
        when = start + timedelta(seconds=0.2 * i)
        posts.append(Post(platform="x", native_id=str(i), created_at=when, text=text))
    return posts


def bench(n: int = 20000, *, batch_size: int = 1000, compare: bool = True) -> dict[str, Any]:
    """Posts/s of :class:`NearDuplicateEnricher` on one core over `n` synthetic posts
    (:func:`bench_posts`), whole batches of `batch_size`; and, when `compare` and the
    test-only ``datasketch`` package is importable, of datasketch's MinHash + MinHashLSH with
    the same parameters (NUM_PERM permutations, BANDS bands of NUM_PERM // BANDS rows, the same
    normalised text, shingles and too-little-text rule, query then insert each post, verify
    candidates by estimated Jaccard). Datasketch does less: no window, no expiry, no
    clusters, no exact-text shortcut. ``dup_rate`` is the share of posts given a ``dup_of``;
    ``cpu_posts_per_s`` counts CPU seconds, ``posts_per_s`` wall-clock seconds; ``speedup``
    is the ratio of the CPU figures.
    """
    posts = bench_posts(n)
    enricher = NearDuplicateEnricher()
    wall0, cpu0 = time.perf_counter(), time.process_time()
    found: list[dict[str, Any]] = []
    for start in range(0, n, batch_size):
        found += enricher.transform_many(posts[start : start + batch_size])
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    out: dict[str, Any] = {
        "posts": n,
        "seconds": round(wall, 3),
        "posts_per_s": round(n / wall, 1),
        "cpu_posts_per_s": round(n / cpu, 1) if cpu > 0 else float("inf"),
        "dup_rate": round(sum(f["dup_of"] is not None for f in found) / n, 4),
        "clusters": len({f["dup_cluster"] for f in found}),
        **enricher.stats(),
    }
    if not compare:
        return out
    try:
        from datasketch import MinHash, MinHashLSH  # test-only comparison, never at run time
    except ImportError:
        return out
    norms = [normalise(p.text) for p in posts]
    enough = signatures(norms).enough.tolist()  # the same too-little-text rule, untimed
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, params=(BANDS, _ROWS))
    stored: dict[str, Any] = {}
    dups = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for post, text, ok in zip(posts, norms, enough, strict=True):
        if not ok:
            continue
        k = K_CJK if _is_cjk(np.array([ord(c) for c in text])).mean() >= CJK_SHARE else K_OTHER
        shingles = {text[i : i + k].encode("utf-8") for i in range(len(text) - k + 1)}
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch(list(shingles))
        best = max((m.jaccard(stored[c]) for c in lsh.query(m)), default=0.0)
        dups += best >= THRESHOLD
        key = f"{post.platform}:{post.native_id}"
        lsh.insert(key, m)
        stored[key] = m
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    out["datasketch_posts_per_s"] = round(n / seconds, 1)
    out["datasketch_cpu_posts_per_s"] = round(n / cpu, 1) if cpu > 0 else float("inf")
    out["datasketch_dup_rate"] = round(dups / n, 4)
    # per CPU-second: robust when other processes share the cores
    out["speedup"] = round(out["cpu_posts_per_s"] / out["datasketch_cpu_posts_per_s"], 1)
    return out
