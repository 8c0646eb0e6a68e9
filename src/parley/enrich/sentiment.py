"""Multilingual sentiment: negative / neutral / positive for short social media posts.

The default model (:class:`SentimentModel`, model card in ``docs/models/sentiment-default.md``)
is a linear classifier over hashed character n-grams and word uni/bigrams, trained on the
eight UMSAB tweet languages (Arabic, English, French, German, Hindi, Italian, Portuguese,
Spanish) and Chinese Weibo posts. It ships inside the package
(``parley/models/sentiment-default.npz``, a few MB), loads in a fraction of a second, needs no
network and classifies about 15,000 short posts per second on one core: the whole
featuriser is a vectorised rolling hash over a batch's code points (numpy), not a Python loop
per n-gram.

Every prediction says *why*: the few words (or, in Chinese and Japanese, character pairs)
whose own features pushed hardest toward the chosen label, with their weight in logits.

Another model (a transformer, say) can be plugged in later without touching the pipeline:
register a factory in :data:`MODELS` and pick it by name with
:func:`load_sentiment_model`; anything that follows :class:`SentimentModelProtocol` will do.

Training and evaluation (:func:`train`, :func:`evaluate`, :func:`format_table`) read the
UMSAB folder layout ``DIR/<language>/{train,val,test}_{text,labels}.txt`` (labels 0 negative,
1 neutral, 2 positive, one post per line) and, when present, ``weibo_senti/dev.tsv``
(``label<TAB>text``, 1 positive, 0 negative), of which every fifth data row (rows 0, 5, 10...)
is held out for validation and never trained on.
"""

from __future__ import annotations

import functools
import html
import io
import itertools
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

import msgspec
import numpy as np
import scipy.sparse as sp

__all__ = [
    "LABELS",
    "MODELS",
    "FeatureSpec",
    "Sentiment",
    "SentimentModel",
    "SentimentModelProtocol",
    "TrainConfig",
    "bench_speed",
    "evaluate",
    "format_table",
    "load_sentiment_model",
    "macro_f1",
    "normalise",
    "normalise_many",
    "read_split",
    "read_weibo",
    "train",
]

Label = Literal["negative", "neutral", "positive"]
LABELS: tuple[Label, Label, Label] = ("negative", "neutral", "positive")

DEFAULT_MODEL_FILE = "sentiment-default.npz"
DEFAULT_MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / DEFAULT_MODEL_FILE
FORMAT_VERSION = 1
MAX_CHARS = 5_000  # characters of a post that are read: bounds time and memory on huge posts
WHY_TOP = 5
CHUNK_CHARS = 1_000_000  # characters hashed at once: bounds the memory of a huge batch

# The XLM-T paper's column order, and its abbreviations.
UMSAB_LANGUAGES: tuple[str, ...] = (
    "arabic", "english", "french", "german", "hindi", "italian", "portuguese", "spanish",
)  # fmt: skip
_ABBREV = {
    "arabic": "Ar", "english": "En", "french": "Fr", "german": "De", "hindi": "Hi",
    "italian": "It", "portuguese": "Pt", "spanish": "Es", "chinese": "Zh",
}  # fmt: skip
WEIBO_HOLDOUT_EVERY = 5  # data rows 0, 5, 10, ... of weibo_senti/dev.tsv are validation only


class Sentiment(msgspec.Struct, frozen=True, kw_only=True):
    """One post's sentiment.

    ``score`` is P(positive) - P(negative), in [-1, 1]; ``confidence`` is the probability of
    ``label``; ``why`` lists up to five (word, weight) pairs that pushed hardest toward
    ``label`` (weights in logits, largest first).
    """

    label: Label
    score: float
    confidence: float
    why: list[tuple[str, float]] = msgspec.field(default_factory=list)


@runtime_checkable
class SentimentModelProtocol(Protocol):
    """What the pipeline needs from a sentiment model.

    ``name`` identifies it (it is stored with the results); ``predict_many`` takes any texts,
    including empty, huge or malformed ones, and returns one :class:`Sentiment` per text, in
    order, without raising on content.
    """

    name: str

    def predict_many(self, texts: Sequence[str]) -> list[Sentiment]: ...


# ---------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------
_UNICODE_ESCAPE_RE = re.compile(r"\\u([0-9a-fA-F]{4})")  # "\u2019" left as text by some dumps
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_SURROGATE_PAIR_RE = re.compile("[\ud800-\udbff][\udc00-\udfff]")
# Bidi controls, zero-width characters, soft hyphen, BOM, variation selectors: they change how
# text looks, never what it says (and "❤️" and "❤" should be one feature).
_INVISIBLE_RE = re.compile("[\x01-\x08\x0b-\x1f\x7f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufe0e\ufe0f\ufeff]")  # fmt: skip
_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\bhttps?\b(?:/\S*)?", re.IGNORECASE)
_MENTION_RE = re.compile(r"(?<![\w@])@\w+")
_REPEAT_RE = re.compile(r"(.)\1{2,}", re.DOTALL)
# Runs of anything that is not a letter, digit, white space, '#', '@' or an apostrophe become
# tokens of their own: "great!!😍" -> "great !! 😍".
_SPLIT_RE = re.compile(r"([^\w\s#@'’]+)")
# Units of only these are not shown in `why` (they do count in the score): "," or "][".
_SEPARATOR_ONLY_RE = re.compile(r"[,.;'\"“”‘’\[\]()（）【】「」『』，。、；《》\-_/\\|]+")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_CJK_RUN_RE = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+)")


def normalise(text: str) -> str:
    """The text the model reads: the UMSAB conventions, then case-folded and tokenised.

    Literal ``\\uXXXX`` escapes are decoded and HTML entities unescaped; URLs become ``http``
    and mentions ``@user`` (as in UMSAB); invisible and bidi control characters and lone
    surrogates are dropped; text is case-folded; a character repeated three or more times is
    cut to two (``sooooo`` -> ``soo``); punctuation and emoji runs are split from words (emoji
    are kept: they carry sentiment); white space is collapsed. Only the first
    :data:`MAX_CHARS` characters are read.
    """
    return normalise_many([text])[0]


def _unescape_code(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return chr(code) if code else ""


def _join_pair(match: re.Match[str]) -> str:
    pair = match.group(0)
    return pair.encode("utf-16-le", "surrogatepass").decode("utf-16-le")


def _two(match: re.Match[str]) -> str:
    return match.group(1) * 2


def normalise_many(texts: Sequence[str]) -> list[str]:
    """:func:`normalise` for a batch: the regular expressions run once over the whole batch
    (joined by NUL, which no text keeps), so the cost per text is a few string operations.
    Each text's result is the same whatever else is in the batch."""
    if not texts:
        return []
    parts: list[str] = []
    for text in texts:
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        if len(text) > MAX_CHARS:
            text = text[:MAX_CHARS]
        if "\0" in text:
            text = text.replace("\0", "")
        parts.append(text)
    batch = " \0 ".join(parts)
    if _SURROGATE_RE.search(batch):  # lone surrogates, from broken decoding upstream
        batch = _SURROGATE_RE.sub("", batch)
    if "\\u" in batch:
        batch = _UNICODE_ESCAPE_RE.sub(_unescape_code, batch)
        batch = _SURROGATE_PAIR_RE.sub(_join_pair, batch)  # an escaped pair is one character
        batch = _SURROGATE_RE.sub("", batch)
    if "&" in batch:
        batch = html.unescape(batch)
    batch = _INVISIBLE_RE.sub("", batch)
    batch = _URL_RE.sub(" http ", batch)
    if "@" in batch:
        batch = _MENTION_RE.sub("@user", batch)
    batch = _REPEAT_RE.sub(_two, batch.casefold())
    # each run split off with a space on both sides (as sub(r" \1 ") would, without a call
    # per run: the runs are what split() keeps between the other parts)
    batch = " ".join(" ".join(_SPLIT_RE.split(batch)).split())
    out = [part.strip() for part in batch.split("\0")]
    if len(out) != len(parts):  # cannot happen: NUL is removed from every text above
        raise AssertionError("sentiment normalisation lost a text boundary")
    return out


# ---------------------------------------------------------------------------------------
# Features: a vectorised rolling hash over a whole batch
# ---------------------------------------------------------------------------------------
_U64 = np.uint64
_P = 0x9E3779B97F4A7C15  # odd, so invertible modulo 2**64
_P_INV = pow(_P, -1, 2**64)
_SALT_CHAR, _SALT_WORD, _SALT_BIGRAM = _U64(0x51ED270B), _U64(0x2545F491), _U64(0x9B05688C)
_powers_cache: dict[str, np.ndarray] = {
    "pow": np.ones(1, np.uint64),
    "inv": np.ones(1, np.uint64),
}


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """P**i and P**-i modulo 2**64 for i < n (grown and kept, shared by all models)."""
    if len(_powers_cache["pow"]) < n:
        size = max(n, 2 * len(_powers_cache["pow"]), 1 << 16)
        with np.errstate(over="ignore"):
            for key, base in (("pow", _P), ("inv", _P_INV)):
                steps = np.full(size, base, np.uint64)
                steps[0] = 1
                _powers_cache[key] = np.cumprod(steps, dtype=np.uint64)
    return _powers_cache["pow"][:n], _powers_cache["inv"][:n]


def _mix(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser: spreads a polynomial hash over all bits."""
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> _U64(33))


@dataclass(frozen=True)
class FeatureSpec:
    """How normalised text becomes hashed features (stored with the model)."""

    bits: int = 20
    char_min: int = 1
    char_max: int = 5
    word_bigrams: bool = True

    @property
    def size(self) -> int:
        return 1 << self.bits


def _occurrences(docs: Sequence[str], spec: FeatureSpec) -> tuple[np.ndarray, np.ndarray]:
    """Every feature occurrence in a batch of normalised texts, as (doc index, hash index).

    Features, as in scikit-learn's ``char_wb`` plus words: character n-grams
    (``spec.char_min``..``spec.char_max``) inside each space-padded token (" ab " gives "a",
    "b", " a", "ab", "b ", " ab", "ab ", " ab "), each token, and each pair of adjacent tokens.
    The batch is one array of code points ("\\0" between texts); every n-gram's hash comes
    from prefix sums of a polynomial hash, so no Python code runs per n-gram.
    """
    joined = "\0".join(f" {d} " for d in docs) + "\0"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n_chars = len(codes)
    pw, inv = _powers(n_chars + 1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(n_chars + 1, np.uint64)
        np.cumsum((codes + _U64(1)) * pw[:n_chars], out=prefix[1:])
        is_end = codes == 0
        is_space = codes == 32
        doc_of = np.cumsum(is_end) - is_end
        ends = np.zeros(n_chars + 1, np.int64)
        np.cumsum(is_end, out=ends[1:])
        spaces = np.zeros(n_chars + 1, np.int64)
        np.cumsum(is_space, out=spaces[1:])
        shift = _U64(64 - spec.bits)
        docs_out: list[np.ndarray] = []
        feats_out: list[np.ndarray] = []
        start_all = np.arange(n_chars)
        for n in range(spec.char_min, min(spec.char_max, n_chars) + 1):
            start = start_all[: n_chars - n + 1]
            stop = start + n
            ok = ends[stop] == ends[start]  # does not cross a text boundary
            if n == 1:
                ok &= ~is_space[: n_chars - n + 1]
            elif n > 2:
                ok &= spaces[stop - 1] == spaces[start + 1]  # no space inside: within a token
            start, stop = start[ok], stop[ok]
            h = (prefix[stop] - prefix[start]) * inv[start] + _SALT_CHAR + _U64(n)
            docs_out.append(doc_of[start])
            feats_out.append(_mix(h) >> shift)
        # Tokens: the stretches between consecutive spaces of the same text.
        space_at = np.flatnonzero(is_space)
        start, stop = space_at[:-1] + 1, space_at[1:]
        ok = (stop > start) & (ends[stop] == ends[start])
        start, stop = start[ok], stop[ok]
        h = (prefix[stop] - prefix[start]) * inv[start] + _SALT_WORD
        docs_out.append(doc_of[start])
        feats_out.append(_mix(h) >> shift)
        if spec.word_bigrams and len(start) > 1:
            adjacent = stop[:-1] + 1 == start[1:]
            b_start, b_stop = start[:-1][adjacent], stop[1:][adjacent]
            h = (prefix[b_stop] - prefix[b_start]) * inv[b_start] + _SALT_BIGRAM
            docs_out.append(doc_of[b_start])
            feats_out.append(_mix(h) >> shift)
    return np.concatenate(docs_out), np.concatenate(feats_out).astype(np.int64)


def _counts(docs: Sequence[str], spec: FeatureSpec) -> sp.csr_matrix:
    """Raw feature counts, one row per normalised text."""
    rows, cols = _occurrences(docs, spec)
    matrix = sp.csr_matrix(
        (np.ones(len(rows), np.float32), (rows, cols)), shape=(len(docs), spec.size)
    )
    matrix.sum_duplicates()
    return matrix


def _weigh(counts: sp.csr_matrix) -> tuple[sp.csr_matrix, np.ndarray]:
    """log(1 + count), then each row scaled to unit length; also returns the row norms."""
    x = counts.astype(np.float32, copy=True)
    np.log1p(x.data, out=x.data)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel()).astype(np.float32)
    norms[norms == 0] = 1.0
    x = sp.csr_matrix(sp.diags(1.0 / norms) @ x)
    return x, norms


def _units(doc: str) -> list[str]:
    """What a person reads in ``why``: the tokens of a normalised text, with each run of
    Chinese, Japanese or Korean characters cut into overlapping character pairs."""
    out: list[str] = []
    for token in doc.split():
        if not _CJK_RE.search(token):
            out.append(token)
            continue
        for part in _CJK_RUN_RE.split(token):
            if not part:
                continue
            if len(part) > 2 and _CJK_RE.match(part):
                out.extend(part[i : i + 2] for i in range(len(part) - 1))
            else:
                out.append(part)
    return out


# ---------------------------------------------------------------------------------------
# The default model
# ---------------------------------------------------------------------------------------
class SentimentModel:
    """The shipped linear model (or any file :func:`train` wrote).

    ``predict_many`` normalises, hashes and scores a whole batch at once; with
    ``explain=True`` (the default) it also scores every distinct word of the batch on its own
    to fill ``why``, which adds about a quarter to the time.
    """

    def __init__(self, path: Path | str | None = None, *, name: str = "default") -> None:
        self.name = name
        self.path = Path(path) if path is not None else DEFAULT_MODEL_PATH
        self._load(self.path)

    def _load(self, path: Path) -> None:
        if not path.is_file():
            raise FileNotFoundError(f"sentiment model file not found: {path}")
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            if meta.get("format") != FORMAT_VERSION:
                raise ValueError(
                    f"{path}: model format {meta.get('format')!r}, this Parley reads {FORMAT_VERSION}"
                )
            self.meta: dict[str, Any] = meta
            self.spec = FeatureSpec(**meta["features"])
            cols = np.cumsum(data["col_deltas"].astype(np.int64))
            weights = data["weights"].astype(np.float32)
            self.bias = data["bias"].astype(np.float32)
        self.labels: tuple[str, ...] = tuple(meta["labels"])
        if self.labels != LABELS:
            raise ValueError(f"{path}: labels {self.labels}, expected {LABELS}")
        self.weights = np.zeros((self.spec.size, len(self.labels)), np.float32)
        self.weights[cols] = weights

    # -- scoring ------------------------------------------------------------------------
    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Raw class scores (n x 3), before the softmax."""
        parts = [self._logits(normalise_many(chunk))[0] for chunk in _chunks(texts)]
        return np.concatenate(parts) if parts else np.zeros((0, len(self.labels)), np.float32)

    def _logits(self, docs: list[str]) -> tuple[np.ndarray, np.ndarray]:
        if not docs:
            return np.zeros((0, len(self.labels)), np.float32), np.zeros(0, np.float32)
        x, norms = _weigh(_counts(docs, self.spec))
        return np.asarray(x @ self.weights) + self.bias, norms

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities (n x 3) in the order of :data:`LABELS`."""
        return _softmax(self.logits(texts))

    def predict_many(self, texts: Sequence[str], *, explain: bool = True) -> list[Sentiment]:
        """One :class:`Sentiment` per text, in order. A text with nothing left to read
        (empty, white space or invisible characters only) is neutral, score 0, confidence 1:
        it says nothing either way. Large batches are cut into chunks of about
        :data:`CHUNK_CHARS` characters, so memory stays bounded."""
        out: list[Sentiment] = []
        for chunk in _chunks(texts):
            out += self._predict_chunk(normalise_many(chunk), explain)
        return out

    def _predict_chunk(self, docs: list[str], explain: bool) -> list[Sentiment]:
        logits, norms = self._logits(docs)
        probs = _softmax(logits.astype(np.float64))
        empty = np.fromiter((not d for d in docs), bool, len(docs))
        probs[empty] = (0.0, 1.0, 0.0)
        best = probs.argmax(axis=1)
        why = self._explain(docs, best, norms) if explain else [[] for _ in docs]
        scores = np.clip(probs[:, 2] - probs[:, 0], -1.0, 1.0).round(4).tolist()
        confidences = probs[np.arange(len(docs)), best].round(4).tolist()
        return [
            Sentiment(label=LABELS[k], score=score, confidence=confidence, why=reasons)
            for k, score, confidence, reasons in zip(
                best.tolist(), scores, confidences, why, strict=True
            )
        ]

    def _explain(
        self, docs: list[str], best: np.ndarray, norms: np.ndarray
    ) -> list[list[tuple[str, float]]]:
        """Each unit (word) is scored on its own features: its pull toward the chosen label
        minus its mean pull toward the other labels, scaled as in the text (divided by the
        text's feature norm). The batch's distinct units are hashed and scored together."""
        unit_lists = [
            [
                u
                for u in dict.fromkeys(_units(d) if _CJK_RE.search(d) else d.split())
                if not _SEPARATOR_ONLY_RE.fullmatch(u)
            ]
            for d in docs
        ]
        lengths = np.fromiter(map(len, unit_lists), np.int64, len(unit_lists))
        flat = list(itertools.chain.from_iterable(unit_lists))
        if not flat:
            return [[] for _ in docs]
        vocab = list(dict.fromkeys(flat))
        index = {u: i for i, u in enumerate(vocab)}
        ids = np.fromiter(map(index.__getitem__, flat), np.int64, len(flat))
        counts = _counts(vocab, self.spec)
        np.log1p(counts.data, out=counts.data)
        unit_logits = np.asarray(counts @ self.weights)  # (n_units, 3)
        k = unit_logits.shape[1]
        margin = (unit_logits * k - unit_logits.sum(axis=1, keepdims=True)) / (k - 1)
        doc_of = np.repeat(np.arange(len(docs)), lengths)
        pull = margin[ids, best[doc_of]] / norms[doc_of]
        order = np.lexsort((-pull, doc_of))  # by text, then strongest pull first
        first = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        rank = np.arange(len(order)) - first[doc_of[order]]
        take = order[(rank < WHY_TOP) & (pull[order] > 0)]
        out: list[list[tuple[str, float]]] = [[] for _ in docs]
        for d, j, w in zip(doc_of[take].tolist(), take.tolist(), pull[take].tolist(), strict=True):
            out[d].append((flat[j], round(w, 3)))
        return out


def _chunks(texts: Sequence[str]) -> list[Sequence[str]]:
    """``texts`` cut into consecutive slices of at most about :data:`CHUNK_CHARS` characters
    (as read: each text counts at most :data:`MAX_CHARS`)."""
    out: list[Sequence[str]] = []
    start = used = 0
    for i, text in enumerate(texts):
        size = min(len(text), MAX_CHARS) if isinstance(text, str) else 16
        if used + size > CHUNK_CHARS and i > start:
            out.append(texts[start:i])
            start, used = i, 0
        used += size + 3
    if start < len(texts):
        out.append(texts[start:])
    return out


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


# ---------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------
MODELS: dict[str, Callable[[], SentimentModelProtocol]] = {
    "default": lambda: SentimentModel(name="default"),
}


@functools.lru_cache(maxsize=8)
def _cached(name: str) -> SentimentModelProtocol:
    return MODELS[name]()


def load_sentiment_model(name: str = "default") -> SentimentModelProtocol:
    """The model registered under ``name`` (loaded once per process, then shared)."""
    if name not in MODELS:
        known = ", ".join(sorted(MODELS))
        raise ValueError(f"unknown sentiment model {name!r}; known: {known}")
    return _cached(name)


# ---------------------------------------------------------------------------------------
# Data: the UMSAB layout and Weibo
# ---------------------------------------------------------------------------------------
def _read_lines(path: Path) -> list[str]:
    """Lines split on "\\n" only (a post may hold other line separators), one final newline
    dropped."""
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def read_split(lang_dir: Path, split: str) -> tuple[list[str], list[int]]:
    """``<split>_text.txt`` and ``<split>_labels.txt`` of one language folder."""
    text_path = lang_dir / f"{split}_text.txt"
    label_path = lang_dir / f"{split}_labels.txt"
    for path in (text_path, label_path):
        if not path.is_file():
            raise ValueError(f"missing file {path}")
    texts = _read_lines(text_path)
    raw = _read_lines(label_path)
    while raw and not raw[-1].strip():
        raw.pop()
    if len(texts) != len(raw):
        raise ValueError(
            f"{text_path} has {len(texts)} lines but {label_path} has {len(raw)}: "
            "they must match line for line"
        )
    labels: list[int] = []
    for number, value in enumerate(raw, 1):
        value = value.strip()
        if value not in ("0", "1", "2"):
            raise ValueError(f"{label_path}, line {number}: {value!r} is not 0, 1 or 2")
        labels.append(int(value))
    return texts, labels


def _umsab_root(data_dir: Path) -> Path:
    return data_dir / "umsab" if (data_dir / "umsab").is_dir() else data_dir


def _languages(root: Path, split: str) -> list[str]:
    """Language folders under ``root`` that hold either file of ``split``; UMSAB's eight
    first, in the paper's order, then the others alphabetically."""
    if not root.is_dir():
        raise ValueError(f"data folder not found: {root}")
    found = {
        d.name
        for d in root.iterdir()
        if d.is_dir()
        and ((d / f"{split}_text.txt").exists() or (d / f"{split}_labels.txt").exists())
    }
    return [lang for lang in UMSAB_LANGUAGES if lang in found] + sorted(
        found - set(UMSAB_LANGUAGES)
    )


def _weibo_file(data_dir: Path, split: str) -> tuple[Path, str] | None:
    """The Weibo file for ``split`` and which of its rows to take ("holdout", "rest", "all")."""
    candidates = [data_dir / "weibo_senti"]
    if data_dir.name == "umsab":
        candidates.append(data_dir.parent / "weibo_senti")
    for folder in candidates:
        if split == "test" and (folder / "test.tsv").is_file():
            return folder / "test.tsv", "all"
        if split in ("val", "train") and (folder / "dev.tsv").is_file():
            return folder / "dev.tsv", "holdout" if split == "val" else "rest"
    return None


def read_weibo(path: Path, rows: str = "all") -> tuple[list[str], list[int]]:
    """``label<TAB>text`` with a header line; 1 positive, 0 negative, returned as UMSAB labels
    (2 and 0). ``rows``: "all", "holdout" (data rows 0, 5, 10, ...: validation) or "rest"
    (the others: training)."""
    lines = _read_lines(path)
    texts: list[str] = []
    labels: list[int] = []
    for i, line in enumerate(lines[1:]):
        if not line.strip():
            continue
        held_out = i % WEIBO_HOLDOUT_EVERY == 0
        if (rows == "holdout" and not held_out) or (rows == "rest" and held_out):
            continue
        label, sep, text = line.partition("\t")
        if not sep or label.strip() not in ("0", "1"):
            raise ValueError(f"{path}, line {i + 2}: expected 'label<TAB>text' with label 0 or 1")
        texts.append(text)
        labels.append(2 if label.strip() == "1" else 0)
    return texts, labels


# ---------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------
def macro_f1(gold: Sequence[int], pred: Sequence[int]) -> float:
    """Mean F1 over the classes that occur in ``gold`` or ``pred`` (scikit-learn's
    ``f1_score(average="macro")``); a class never predicted and never true is not counted."""
    g = np.asarray(gold)
    p = np.asarray(pred)
    if len(g) != len(p):
        raise ValueError(f"{len(g)} gold labels but {len(p)} predictions")
    classes = np.union1d(g, p)
    if len(classes) == 0:
        return 0.0
    scores = []
    for c in classes:
        tp = float(np.sum((g == c) & (p == c)))
        fp = float(np.sum((g != c) & (p == c)))
        fn = float(np.sum((g == c) & (p != c)))
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores))


def _predict_labels(model: SentimentModelProtocol, texts: Sequence[str]) -> np.ndarray:
    index = {label: i for i, label in enumerate(LABELS)}
    out = []
    for start in range(0, len(texts), 4096):
        out += [index[s.label] for s in model.predict_many(texts[start : start + 4096])]
    return np.asarray(out, dtype=np.int64)


def _predict_scores(model: SentimentModelProtocol, texts: Sequence[str]) -> np.ndarray:
    out: list[float] = []
    for start in range(0, len(texts), 4096):
        out += [s.score for s in model.predict_many(texts[start : start + 4096])]
    return np.asarray(out, dtype=np.float64)


def evaluate(model: SentimentModelProtocol, data_dir: Path, split: str) -> dict[str, Any]:
    """Macro-F1 of ``model`` on ``split`` of every language folder under ``data_dir``
    (``DIR/<language>/<split>_{text,labels}.txt``, or ``DIR/umsab/...``), and their average.

    When a Weibo file is found (``DIR/weibo_senti/``: for "val" the held-out rows of
    ``dev.tsv``, for "test" ``test.tsv``), its binary macro-F1 is reported apart, as
    ``"weibo"``: a post counts as positive when its score (P(pos) - P(neg)) is above 0.
    """
    data_dir = Path(data_dir)
    root = _umsab_root(data_dir)
    languages = _languages(root, split)
    weibo = _weibo_file(data_dir, split)
    if not languages and weibo is None:
        raise ValueError(
            f"no '{split}' data under {root}: expected <language>/{split}_text.txt "
            f"and <language>/{split}_labels.txt"
        )
    started = time.perf_counter()
    n_texts = 0
    results: dict[str, Any] = {
        "model": getattr(model, "name", type(model).__name__),
        "data": str(data_dir),
        "split": split,
        "languages": {},
    }
    for lang in languages:
        texts, gold = read_split(root / lang, split)
        pred = _predict_labels(model, texts)
        n_texts += len(texts)
        results["languages"][lang] = {"macro_f1": macro_f1(gold, pred), "n": len(texts)}
    if languages:
        results["average"] = float(np.mean([v["macro_f1"] for v in results["languages"].values()]))
    if weibo is not None:
        path, rows = weibo
        texts, gold = read_weibo(path, rows)
        if texts:
            pred = np.where(_predict_scores(model, texts) > 0, 2, 0)
            n_texts += len(texts)
            results["weibo"] = {
                "macro_f1": macro_f1(gold, pred),
                "n": len(texts),
                "file": str(path),
                "rows": rows,
            }
    elapsed = time.perf_counter() - started
    results["texts_per_second"] = round(n_texts / elapsed) if elapsed > 0 else None
    return results


def format_table(scores: dict[str, Any]) -> str:
    """The scores as in the XLM-T paper's table: one column per language (Ar En Fr De Hi It
    Pt Es, then any others), then All (the average); macro-F1 x 100, one decimal. The
    Chinese (Weibo, binary) score follows on its own line when present."""
    lines = [
        f"Sentiment macro-F1 x 100, split {scores.get('split', '?')}, "
        f"model {scores.get('model', '?')}"
    ]
    langs: dict[str, Any] = scores.get("languages") or {}
    if langs:
        heads = [_ABBREV.get(lang, lang[:2].title()) for lang in langs] + ["All"]
        values = [f"{v['macro_f1'] * 100:.1f}" for v in langs.values()]
        values.append(f"{scores['average'] * 100:.1f}")
        widths = [max(len(h), len(v)) for h, v in zip(heads, values, strict=True)]
        lines.append(
            "| " + " | ".join(h.rjust(w) for h, w in zip(heads, widths, strict=True)) + " |"
        )
        lines.append("|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|")
        lines.append(
            "| " + " | ".join(v.rjust(w) for v, w in zip(values, widths, strict=True)) + " |"
        )
    weibo = scores.get("weibo")
    if weibo:
        lines.append(
            f"Chinese (Weibo, binary: positive vs negative by score sign, n={weibo['n']}): "
            f"{weibo['macro_f1'] * 100:.1f}"
        )
    cv = scores.get("cv")
    if cv and cv.get("languages"):
        parts = [
            f"{_ABBREV.get(lang, lang[:2].title())} {v['macro_f1'] * 100:.1f}"
            for lang, v in cv["languages"].items()
        ]
        parts.append(f"All {cv['average'] * 100:.1f}")
        if cv.get("weibo"):
            parts.append(f"Zh {cv['weibo']['macro_f1'] * 100:.1f}")
        lines.append(
            f"{cv.get('folds', 5)}-fold cross-validated on the training rows: " + ", ".join(parts)
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------------------
def _training_data(
    data_dir: Path, include_val: bool = False
) -> tuple[list[str], np.ndarray, list[str]]:
    """Texts, labels and language of every training row: each UMSAB-layout language's
    ``train`` split, and the Weibo rows that are not held out; with ``include_val`` also
    every ``val`` split and the held-out Weibo rows (all the labelled data there is)."""
    data_dir = Path(data_dir)
    root = _umsab_root(data_dir)
    texts: list[str] = []
    labels: list[int] = []
    groups: list[str] = []
    for split in ("train", "val") if include_val else ("train",):
        for lang in _languages(root, split) if root.is_dir() else []:
            t, y = read_split(root / lang, split)
            texts += t
            labels += y
            groups += [lang] * len(t)
    weibo = _weibo_file(data_dir, "train")
    if weibo is not None:
        t, y = read_weibo(weibo[0], "all" if include_val else weibo[1])
        texts += t
        labels += y
        groups += ["chinese"] * len(t)
    if not texts:
        raise ValueError(
            f"no training data under {data_dir}: expected <language>/train_text.txt and "
            "<language>/train_labels.txt (or umsab/... and weibo_senti/dev.tsv)"
        )
    return texts, np.asarray(labels, dtype=np.int64), groups


@dataclass(frozen=True)
class TrainConfig:
    """The training recipe (tuned on UMSAB val; see the model card)."""

    C: float = 1.0  # LinearSVC regularisation, per one-vs-rest class
    nb_alpha: float = 1.0  # smoothing of the NB log-count ratios
    min_df: int = 2  # a feature must occur in this many training texts to be kept
    calibration_folds: int = 5
    # "temperature": one scale for all scores (decisions unchanged); "matrix": a 3x3 map and
    # biases (multinomial logistic regression on the out-of-fold scores).
    calibration: str = "temperature"


def _nb_ratios(x: sp.csr_matrix, y: np.ndarray, alpha: float) -> np.ndarray:
    """NB-SVM's log-count ratios (Wang & Manning 2012), one row per class vs the rest."""
    present = x.copy()
    present.data[:] = 1.0
    ratios = []
    for c in range(len(LABELS)):
        p = np.asarray(present[y == c].sum(axis=0)).ravel() + alpha
        q = np.asarray(present[y != c].sum(axis=0)).ravel() + alpha
        ratios.append(np.log((p / p.sum()) / (q / q.sum())))
    return np.asarray(ratios, dtype=np.float64)


def _fit_linear(
    x: sp.csr_matrix, y: np.ndarray, config: TrainConfig, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest NB-SVM folded into one linear map: returns W (features x 3) and b (3)."""
    from sklearn.svm import LinearSVC

    ratios = _nb_ratios(x, y, config.nb_alpha)
    weights = np.zeros((x.shape[1], len(LABELS)))
    bias = np.full(len(LABELS), -10.0)  # a class with no training example is never chosen
    for c in range(len(LABELS)):
        target = (y == c).astype(np.int64)
        if target.min() == target.max():
            continue
        scaled = sp.csr_matrix(x @ sp.diags(ratios[c]))
        svm = LinearSVC(C=config.C, random_state=seed, max_iter=5000).fit(scaled, target)
        weights[:, c] = svm.coef_.ravel() * ratios[c]
        bias[c] = svm.intercept_[0]
    return weights, bias


def _calibrate(
    x: sp.csr_matrix, y: np.ndarray, groups: list[str], config: TrainConfig, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """A 3x3 map from out-of-fold SVM scores to softmax logits (multinomial logistic
    regression), so ``confidence`` and ``score`` are probabilities, not margins. Also
    returns the out-of-fold scores themselves (None when there were too few rows to fold),
    from which :func:`train` reports cross-validated macro-F1."""
    from sklearn.linear_model import LogisticRegression

    strata = np.asarray([f"{g}:{label}" for g, label in zip(groups, y.tolist(), strict=True)])
    rng = np.random.default_rng(seed)
    fold = np.zeros(len(y), np.int64)
    for stratum in np.unique(strata):
        rows = np.flatnonzero(strata == stratum)
        fold[rng.permutation(rows)] = np.arange(len(rows)) % config.calibration_folds
    scores = np.zeros((len(y), len(LABELS)))
    for f in range(config.calibration_folds):
        test = fold == f
        if not test.any() or test.all():
            return np.eye(len(LABELS)), np.zeros(len(LABELS)), None
        w, b = _fit_linear(x[~test], y[~test], config, seed)
        scores[test] = x[test] @ w + b
    if len(np.unique(y)) < 2:
        return np.eye(len(LABELS)), np.zeros(len(LABELS)), scores
    if config.calibration == "temperature":
        return np.eye(len(LABELS)) / _temperature(scores, y), np.zeros(len(LABELS)), scores
    lr = LogisticRegression(C=100.0, max_iter=1000).fit(scores, y)
    a = np.zeros((len(LABELS), len(LABELS)))
    c = np.full(len(LABELS), -10.0)
    classes = lr.classes_.tolist()
    if len(classes) == 2:  # binary: sklearn keeps one row, for the second class
        a[classes[1]], c[classes[1]] = lr.coef_[0], lr.intercept_[0]
        c[classes[0]] = 0.0
    else:
        for row, cls in enumerate(classes):
            a[cls], c[cls] = lr.coef_[row], lr.intercept_[row]
    return a, c, scores


def _cross_validated(scores: np.ndarray, y: np.ndarray, groups: list[str]) -> dict[str, Any]:
    """Macro-F1 per language of out-of-fold scores, in the layout of :func:`evaluate`
    (the Weibo rows binary by score sign, as there)."""
    g = np.asarray(groups)
    pred = scores.argmax(axis=1)
    found = set(groups) - {"chinese"}
    order = [lang for lang in UMSAB_LANGUAGES if lang in found] + sorted(
        found - set(UMSAB_LANGUAGES)
    )
    out: dict[str, Any] = {"languages": {}}
    for lang in order:
        rows = g == lang
        out["languages"][lang] = {"macro_f1": macro_f1(y[rows], pred[rows]), "n": int(rows.sum())}
    if order:
        out["average"] = float(np.mean([v["macro_f1"] for v in out["languages"].values()]))
    rows = g == "chinese"
    if rows.any():
        probs = _softmax(scores[rows])
        binary = np.where(probs[:, 2] - probs[:, 0] > 0, 2, 0)
        out["weibo"] = {"macro_f1": macro_f1(y[rows], binary), "n": int(rows.sum())}
    return out


def _temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """The T that makes softmax(scores / T) fit ``y`` best (least log loss): calibrates
    the probabilities without changing any decision."""
    from scipy.optimize import minimize_scalar

    rows = np.arange(len(y))

    def loss(log_t: float) -> float:
        z = scores / np.exp(log_t)
        z = z - z.max(axis=1, keepdims=True)
        return float(np.mean(np.log(np.exp(z).sum(axis=1)) - z[rows, y]))

    return float(np.exp(minimize_scalar(loss, bounds=(-4.0, 4.0), method="bounded").x))


def train(
    data_dir: Path,
    out: Path,
    *,
    seed: int = 0,
    config: TrainConfig | None = None,
    spec: FeatureSpec | None = None,
    include_val: bool = False,
) -> dict[str, Any]:
    """Train the default model from ``data_dir`` and write it to ``out`` (an ``.npz``).

    Reads every ``<language>/train_{text,labels}.txt`` under ``data_dir`` (or
    ``data_dir/umsab``) and the non-held-out rows of ``weibo_senti/dev.tsv`` when present,
    all jointly. Returns the validation scores of the written model (as :func:`evaluate`,
    on the ``val`` split, when there is one) plus ``cv`` (the recipe's 5-fold
    cross-validated macro-F1 per language on the training rows, from the calibration
    folds), ``model_path``, ``size_bytes``, ``n_train`` and ``train_seconds``.

    ``include_val`` also trains on the ``val`` splits and the held-out Weibo rows (about
    18 % more UMSAB data); the validation scores are then not computed (they would be
    in-sample) and ``cv`` is the only estimate. Deterministic for a given ``seed``.
    """
    config = config or TrainConfig()
    spec = spec or FeatureSpec()
    out = Path(out)
    started = time.perf_counter()
    texts, y, groups = _training_data(Path(data_dir), include_val)
    counts = _counts(normalise_many(texts), spec)
    x_all, _ = _weigh(counts)  # the norm counts every feature, as at prediction time
    df = np.bincount(counts.indices, minlength=spec.size)
    kept = np.flatnonzero(df >= config.min_df)
    if len(kept) == 0:
        kept = np.flatnonzero(df > 0)
    x = sp.csr_matrix(x_all[:, kept])
    weights, bias = _fit_linear(x, y, config, seed)
    a, c, oof = _calibrate(x, y, groups, config, seed)
    weights = weights @ a.T
    bias = bias @ a.T + c
    nonzero = np.flatnonzero(np.any(weights != 0, axis=1))
    cols = kept[nonzero]
    meta = {
        "format": FORMAT_VERSION,
        "labels": list(LABELS),
        "features": {
            "bits": spec.bits,
            "char_min": spec.char_min,
            "char_max": spec.char_max,
            "word_bigrams": spec.word_bigrams,
        },
        "train": {
            "config": config.__dict__,
            "seed": seed,
            "splits": ["train", "val"] if include_val else ["train"],
            "rows": {g: groups.count(g) for g in dict.fromkeys(groups)},
            "features_kept": len(cols),
        },
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        meta=np.asarray(json.dumps(meta)),
        col_deltas=np.diff(cols, prepend=0).astype(np.uint32),
        weights=weights[nonzero].astype(np.float16),
        bias=bias.astype(np.float32),
    )
    out.write_bytes(buffer.getvalue())
    seconds = time.perf_counter() - started
    model = SentimentModel(out, name=out.stem)
    root = _umsab_root(Path(data_dir))
    has_val = (root.is_dir() and bool(_languages(root, "val"))) or _weibo_file(
        Path(data_dir), "val"
    ) is not None
    if has_val and not include_val:
        result = evaluate(model, Path(data_dir), "val")
    else:
        result = {"split": "train+val" if include_val else "val", "model": model.name}
    if oof is not None:
        result["cv"] = _cross_validated(oof, y, groups) | {"folds": config.calibration_folds}
    result.update(
        model_path=str(out),
        size_bytes=out.stat().st_size,
        n_train=len(texts),
        train_seconds=round(seconds, 1),
    )
    return result


# ---------------------------------------------------------------------------------------
# Speed
# ---------------------------------------------------------------------------------------
def bench_speed(
    model: SentimentModelProtocol,
    texts: Sequence[str],
    *,
    batch_size: int = 10_000,
    rounds: int = 5,
    explain: bool = True,
) -> dict[str, Any]:
    """Texts per second of ``model.predict_many`` on ``texts`` cycled to ``batch_size``,
    best of ``rounds``: per CPU-second of this process (what one core does, whatever else
    the machine runs) and per wall-clock second."""
    if not texts:
        raise ValueError("bench_speed needs at least one text")
    batch = [texts[i % len(texts)] for i in range(batch_size)]
    predict = model.predict_many
    if isinstance(model, SentimentModel):
        predict = functools.partial(model.predict_many, explain=explain)
    predict(batch[:100])  # warm up (grows the hash tables once)
    cpu = wall = float("inf")
    for _ in range(rounds):
        w0, c0 = time.perf_counter(), time.process_time()
        predict(batch)
        cpu = min(cpu, time.process_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    return {
        "texts": batch_size,
        "mean_chars": round(sum(map(len, batch)) / batch_size, 1),
        "explain": explain,
        "texts_per_cpu_second": round(batch_size / max(cpu, 1e-9)),
        "texts_per_second": round(batch_size / max(wall, 1e-9)),
    }


def _main(argv: Sequence[str] | None = None) -> None:
    """``python -m parley.enrich.sentiment bench --data DIR``: speed of the default model on
    the UMSAB val texts under DIR (one process, one thread)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m parley.enrich.sentiment")
    parser.add_argument("command", choices=["bench"])
    parser.add_argument("--data", type=Path, required=True, help="a folder in the UMSAB layout")
    parser.add_argument("--split", default="val")
    parser.add_argument("--model", default="default")
    args = parser.parse_args(argv)
    root = _umsab_root(args.data)
    texts = [
        t for lang in _languages(root, args.split) for t in read_split(root / lang, args.split)[0]
    ]
    model = load_sentiment_model(args.model)
    for explain in (False, True):
        print(json.dumps(bench_speed(model, texts, explain=explain)))


if __name__ == "__main__":
    _main()


# ---------------------------------------------------------------------------------------
# The pipeline stage
# ---------------------------------------------------------------------------------------
class SentimentEnricher:
    """Adds `sentiment` (negative/neutral/positive), `sentiment_score` (-1..1),
    `sentiment_confidence` and `sentiment_why` ([word, weight] pairs) to each post.

    The model is chosen by name (PARLEY_SENTIMENT_MODEL) from :data:`MODELS`, so a heavier
    one can be registered without touching the pipeline.
    """

    name = "sentiment"

    def __init__(self, model: str = "default") -> None:
        self.model = load_sentiment_model(model)

    def transform_many(self, posts: Sequence[Any]) -> list[dict[str, Any]]:
        texts = [p.text if not p.title else f"{p.title}\n{p.text}" for p in posts]
        return [
            {
                "sentiment": s.label,
                "sentiment_score": round(s.score, 3),
                "sentiment_confidence": round(s.confidence, 3),
                "sentiment_why": [[word, weight] for word, weight in s.why],
                "sentiment_model": self.model.name,
            }
            for s in self.model.predict_many(texts)
        ]
