"""Boolean topic queries: parse them, compile many at once, and match posts fast.

Communication teams describe a topic (the brand, its products, competitors, a campaign, crisis
keywords) as a boolean query, the way Brandwatch and Talkwalker do::

    (aurelia OR "aurelia care" OR #aurelia OR @aureliacare) AND NOT (job* OR hiring)
    "carcinogen" NEAR/5 aurelia
    lang:zh AND (奥瑞莉亚 OR 咖啡)

Syntax (the user-facing reference is ``docs/queries.md``):

* bare terms, ``"exact phrases"``, ``#hashtags``, ``@mentions``, trailing wildcards ``deliver*``;
* ``AND``, ``OR``, ``NOT`` and ``-term`` (shorthand for ``NOT term``), parentheses;
* adjacent clauses with no operator between them are joined by an implicit ``AND``
  (``aurelia recall`` means ``aurelia AND recall``);
* ``a NEAR/n b``: both occur, in either order, at most ``n`` words apart (``NEAR/1`` means
  adjacent); each side is a term, a phrase or a parenthesised ``OR`` group of them;
* field filters ``lang:zh``, ``platform:x``, ``author:name``, ``url:example.com``.

Operators are keywords only when written in upper case; lower-case ``and``, ``or``, ``not`` and
``near`` are ordinary words to look for, as in Brandwatch. Precedence: ``NOT`` > ``NEAR`` >
``AND`` > ``OR``.

Matching is case-insensitive and Unicode-aware: text and query terms both go through
:func:`normalise` (NFKD, casefold, accents and Arabic harakat dropped, Arabic letter variants
unified, invisible characters removed, whitespace collapsed). Terms in scripts written with
spaces match on word boundaries (``apple`` does not match ``pineapple``); Chinese, Japanese,
Korean, Thai, Lao, Khmer and Burmese terms match as substrings because those scripts do not put
spaces between words (Korean does, but glues particles onto nouns).

Speed: :class:`TopicMatcher` puts every term of every topic into one Aho-Corasick automaton.
Each post is normalised once and scanned once; only topics that some found term could satisfy
are evaluated (plus the few that can match without any term: ``NOT``-only or field-only
queries). No query is ever turned into a regular expression, so no query can make matching
slow in the way a hostile regex can.
"""

from __future__ import annotations

import random
import re
import time
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import ahocorasick
import regex

__all__ = [
    "MAX_NEAR",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_DEPTH",
    "And",
    "Doc",
    "Field",
    "Near",
    "Node",
    "Not",
    "Or",
    "QuerySyntaxError",
    "Term",
    "TopicMatcher",
    "bench",
    "normalise",
    "parse",
]

MAX_QUERY_CHARS = 250_000  # 10,000 ORed terms fit
MAX_QUERY_DEPTH = 100
MAX_NEAR = 1000
# Explanations are shown next to a post; a 10,000-term AND clause must not fill the screen.
MAX_EXPLANATION_CHARS = 300

FIELDS = ("lang", "platform", "author", "url")


# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------


def _char_class(ranges: Sequence[tuple[int, int]]) -> str:
    return "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


# Combining marks that carry "accents" (Latin, Greek, Cyrillic), Hebrew points and Arabic
# harakat/Quranic marks: dropping them makes `cafe` match `café` and vocalised Arabic match
# unvocalised Arabic. Marks that change the letter in other scripts (Devanagari, Thai, the
# Japanese voicing marks U+3099/U+309A) are kept on purpose: they are not optional there.
_DROPPED_MARKS = (
    (0x0300, 0x036F), (0x0483, 0x0489), (0x0591, 0x05BD), (0x05BF, 0x05BF), (0x05C1, 0x05C2),
    (0x05C4, 0x05C5), (0x05C7, 0x05C7), (0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670),
    (0x06D6, 0x06DC), (0x06DF, 0x06E4), (0x06E7, 0x06E8), (0x06EA, 0x06ED), (0x08D3, 0x08E1),
    (0x08E3, 0x08FF), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F),
)  # fmt: skip
# Invisible characters: Arabic tatweel (kashida), soft hyphen, zero-width space/joiners, bidi
# marks and overrides, word joiners, BOM, variation selectors and tag characters. People (and
# spammers evading filters) put these inside words; they never change what a word says.
_INVISIBLE = (
    (0x00AD, 0x00AD), (0x061C, 0x061C), (0x0640, 0x0640), (0x180E, 0x180E), (0x200B, 0x200F),
    (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xE0000, 0xE007F), (0xE0100, 0xE01EF),
)  # fmt: skip
_DROP_RE = re.compile(f"[{_char_class(_DROPPED_MARKS + _INVISIBLE)}]+")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")

# Letters that NFKD leaves alone but that people write interchangeably.
_MAP: dict[int, str] = {
    # Arabic: alef variants (أ إ آ decompose under NFKD already; ٱ and the wavy-hamza alefs do
    # not), hamza seats, ta marbuta, alef maqsura, and the Persian yeh/kaf that Arabic-script
    # posts mix with the Arabic ones.
    0x0622: "ا", 0x0623: "ا", 0x0625: "ا", 0x0671: "ا", 0x0672: "ا", 0x0673: "ا",
    0x0624: "و", 0x0626: "ي", 0x0629: "ه", 0x0649: "ي", 0x06CC: "ي", 0x06A9: "ك",
    # Typographic quotes and hyphens from phones and word processors.
    0x2018: "'", 0x2019: "'", 0x201A: "'", 0x201B: "'", 0x02BC: "'",
    0x201C: '"', 0x201D: '"', 0x201E: '"', 0x201F: '"',
    0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-", 0x2212: "-",
    # Latin letters with a stroke or ligatures, which have no decomposition ("accents optional").
    0x0142: "l", 0x00F8: "o", 0x0111: "d", 0x0127: "h", 0x0131: "i", 0x0167: "t",
    0x00E6: "ae", 0x0153: "oe",
}  # fmt: skip
# Arabic-Indic and Persian digits read as ASCII digits, so `2024` matches `٢٠٢٤`.
_MAP.update({0x0660 + d: str(d) for d in range(10)})
_MAP.update({0x06F0 + d: str(d) for d in range(10)})
_MAP_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _MAP) + "]")

# Cyrillic letters whose "accent" makes a different letter (й is not и, ї is not і, ў is not
# у): NFKD splits them, so they are put back together before marks are dropped. ё → е stays
# folded, as Russian readers expect.
_CYRILLIC_KEEP = {"и\u0306": "й", "і\u0308": "ї", "у\u0306": "ў"}
_CYRILLIC_KEEP_RE = re.compile("и\u0306|і\u0308|у\u0306")


def normalise(text: str) -> str:
    """Return `text` folded for matching: what both posts and query terms go through.

    NFKD compatibility decomposition (full-width, ligatures, circled letters), Unicode
    casefold, accents and Arabic diacritics dropped, Arabic letter variants unified (أ إ آ ٱ →
    ا, ؤ → و, ئ → ي, ة → ه, ى → ي), Arabic-Indic digits to ASCII, invisible characters (zero-width
    joiners, bidi overrides, tatweel, variation selectors) removed, lone surrogates replaced by
    U+FFFD, the result recomposed to NFC and every run of whitespace collapsed to one space.
    """
    if text.isascii():
        # Most posts: nothing to decompose, strip or map, and lower() is casefold for ASCII.
        return " ".join(text.lower().split())
    if _SURROGATE_RE.search(text):
        # Broken UTF-16 from scrapers; keep the length-independent parts of the text usable.
        text = _SURROGATE_RE.sub("\ufffd", text)
    s = unicodedata.normalize("NFKD", text).casefold()
    if not unicodedata.is_normalized("NFKD", s):
        # casefold can produce composed characters again (rare: e.g. mathematical letters).
        s = unicodedata.normalize("NFKD", s)
    if "\u0306" in s or "\u0308" in s:
        s = _CYRILLIC_KEEP_RE.sub(lambda m: _CYRILLIC_KEEP[m.group()], s)
    s = _DROP_RE.sub("", s)
    if _MAP_RE.search(s):
        s = s.translate(_MAP)
    # Recompose what was not dropped (Hangul syllables, Japanese voiced kana).
    s = unicodedata.normalize("NFC", s)
    return " ".join(s.split())


# Scripts written without spaces between words: terms there match as substrings, and their
# characters never count as "word characters" for a neighbouring Latin term (so `iphone`
# matches in 买了iphone很开心). Sorted [start, end] pairs, flattened for bisect.
_UNSPACED_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer symbols
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi
    (0x2FF0, 0x31FF),  # CJK symbols, Hiragana, Katakana, Bopomofo, Hangul compatibility jamo
    (0x3200, 0x4DBF),  # Enclosed CJK, CJK compatibility, extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),  # Hangul Jamo extended A
    (0xAC00, 0xD7FF),  # Hangul syllables, Jamo extended B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF65, 0xFFDC),  # half-width Katakana and Hangul
    (0x16FE0, 0x16FFF),  # ideographic symbols
    (0x1B000, 0x1B2FF),  # Kana supplement/extended
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)
_UNSPACED_BOUNDS = [b for a, z in _UNSPACED_RANGES for b in (a, z + 1)]


def _is_unspaced(ch: str) -> bool:
    return bool(bisect_right(_UNSPACED_BOUNDS, ord(ch)) & 1)


def _is_word(ch: str) -> bool:
    """Whether `ch` continues a word of a script written with spaces (a boundary breaker)."""
    if ch < "\x80":
        return ch.isalnum() or ch == "_"
    if bisect_right(_UNSPACED_BOUNDS, ord(ch)) & 1:
        return False
    # Marks left after normalise() belong to the word (Devanagari vowel signs, viramas...).
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


# Word starts, for NEAR distances. Each Han/kana character counts as a word (Chinese and
# Japanese have no spaces, and a character is the closest thing to a word we can find without
# a dictionary); elsewhere a word is a run of word characters, so punctuation is not a word.
_WORD_START_RE = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}]|(?:(?![\p{Han}\p{Hiragana}\p{Katakana}])\w)+"
)
_URL_IN_TEXT_RE = re.compile(r"(?i)\bhttps?://[^\s<>\"']+")


# --------------------------------------------------------------------------------------------
# The query tree
# --------------------------------------------------------------------------------------------


class QuerySyntaxError(ValueError):
    """A query that cannot be parsed: where (0-based character offset) and what was expected.

    ``str(e)`` reads ``at position 14: expected a term or '(' after AND``, prefixed with
    ``topic 'name': `` when :class:`TopicMatcher` compiled it (then ``e.topic`` is the name).
    """

    def __init__(self, position: int, expected: str, topic: str | None = None) -> None:
        self.position = position
        self.expected = expected
        self.topic = topic
        where = f"topic {topic!r}: " if topic is not None else ""
        super().__init__(f"{where}at position {position}: expected {expected}")

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep the attributes across pickling (worker processes report errors to the web app).
        return (type(self), (self.position, self.expected, self.topic))


class Node:
    """A parsed query. ``str(node)`` is the canonical query text, which parses back to it."""

    __slots__ = ()

    def __str__(self) -> str:
        return _to_query(self)


TermKind = Literal["word", "phrase", "hashtag", "mention"]


@dataclass(frozen=True, slots=True)
class Term(Node):
    """A word, "phrase", #hashtag or @mention; `text` is normalised, `source` as written."""

    text: str
    kind: TermKind
    prefix: bool  # trailing wildcard: deliver*
    source: str

    def __str__(self) -> str:
        return self.source


@dataclass(frozen=True, slots=True)
class Field(Node):
    """A field filter such as ``lang:zh``; `value` is normalised for comparison."""

    name: Literal["lang", "platform", "author", "url"]
    value: str
    source: str

    def __str__(self) -> str:
        return self.source


@dataclass(frozen=True, slots=True)
class Not(Node):
    child: Node


@dataclass(frozen=True, slots=True)
class And(Node):
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or(Node):
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Near(Node):
    """Some term of `left` and some term of `right` at most `distance` words apart."""

    left: tuple[Term, ...]
    right: tuple[Term, ...]
    distance: int


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, And | Or):
        return node.children
    if isinstance(node, Not):
        return (node.child,)
    return ()


def _postorder(root: Node) -> list[Node]:
    """Children before parents, without recursion (a tree may be a few hundred levels deep)."""
    out: list[Node] = []
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            out.append(node)
            continue
        stack.append((node, True))
        stack.extend((c, False) for c in reversed(_children(node)))
    return out


_PRECEDENCE = {Or: 1, And: 2, Near: 3, Not: 4}


def _prec(node: Node) -> int:
    return _PRECEDENCE.get(type(node), 5)


def _near_side(terms: tuple[Term, ...]) -> str:
    if len(terms) == 1:
        return terms[0].source
    return "(" + " OR ".join(t.source for t in terms) + ")"


def _to_query(root: Node) -> str:
    text: dict[int, str] = {}

    def wrapped(child: Node, min_prec: int) -> str:
        s = text[id(child)]
        return f"({s})" if _prec(child) < min_prec else s

    for node in _postorder(root):
        if isinstance(node, Term | Field):
            s = node.source
        elif isinstance(node, Not):
            s = "NOT " + wrapped(node.child, 4)
        elif isinstance(node, And):
            s = " AND ".join(wrapped(c, 2) for c in node.children)
        elif isinstance(node, Or):
            s = " OR ".join(wrapped(c, 1) for c in node.children)
        elif isinstance(node, Near):
            s = f"{_near_side(node.left)} NEAR/{node.distance} {_near_side(node.right)}"
        else:  # pragma: no cover - only the classes above exist
            raise TypeError(f"not a query node: {node!r}")
        text[id(node)] = s
    return text[id(root)]


# --------------------------------------------------------------------------------------------
# Lexer
# --------------------------------------------------------------------------------------------

_QUOTES = '"“”'
_CLOSING_QUOTES = '"”'
_WORD_BREAKS = frozenset("()" + _QUOTES)
_NEAR_SYNTAX = "(as in NEAR/5)"


@dataclass(slots=True)
class _Token:
    kind: str  # LP RP AND OR NOT NEAR TERM FIELD
    pos: int
    node: Node | None = None
    n: int = 0
    desc: str = ""


def _read_phrase(q: str, i: int) -> tuple[str, int]:
    """The text between the quote at `i` and its closing quote, and the index after it."""
    ends = [k for k in (q.find(c, i + 1) for c in _CLOSING_QUOTES) if k != -1]
    if not ends:
        raise QuerySyntaxError(i, "a closing '\"' for the phrase that starts here")
    k = min(ends)
    return q[i + 1 : k], k + 1


def _phrase_term(content: str, pos: int) -> Term:
    text = normalise(content)
    if not text:
        raise QuerySyntaxError(pos, "words between the quotes")
    return Term(text, "phrase", False, f'"{content}"')


def _word_term(word: str, pos: int) -> Term:
    star = word.find("*")
    prefix = star != -1
    if prefix:
        if star == 0:
            raise QuerySyntaxError(pos, "some letters before '*' (as in deliver*)")
        if star != len(word) - 1:
            raise QuerySyntaxError(
                pos + star + 1, "the end of the term after '*' (a wildcard only ends a word)"
            )
    text = normalise(word[:-1] if prefix else word)
    if not text:
        raise QuerySyntaxError(pos, "a term with letters, digits or symbols")
    kind: TermKind = "word"
    if text[0] in "#@":
        if len(text) == 1:
            what = "a hashtag after '#'" if text == "#" else "a handle after '@'"
            raise QuerySyntaxError(pos + 1, what)
        kind = "hashtag" if text[0] == "#" else "mention"
    return Term(text, kind, prefix, word)


def _field(name: str, value: str, source: str, pos: int) -> Field:
    """A field filter; `pos` is where the value starts (for errors)."""
    if name == "url" and value.startswith("*."):
        value = value[2:]  # url:*.example.com means "example.com or a subdomain"
    if "*" in value:
        raise QuerySyntaxError(pos + value.find("*"), f"a value without '*' after {name}:")
    if name == "url":
        norm = value.strip().casefold()
    elif name == "author":
        norm = normalise(value).lstrip("@")
    elif name == "lang":
        norm = normalise(value).replace("_", "-")
    else:
        norm = normalise(value)
    if not norm:
        raise QuerySyntaxError(pos, f"a value after {name}:")
    return Field(name, norm, source)  # type: ignore[arg-type]


def _lex(q: str) -> Iterator[_Token]:
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
        elif c == "(":
            yield _Token("LP", i, desc="'('")
            i += 1
        elif c == ")":
            yield _Token("RP", i, desc="')'")
            i += 1
        elif c in _QUOTES:
            content, j = _read_phrase(q, i)
            yield _Token("TERM", i, _phrase_term(content, i))
            i = j
        else:
            j = i
            while j < n and not q[j].isspace() and q[j] not in _WORD_BREAKS:
                j += 1
            # A field may take a quoted value (author:"Jane Doe"), so the word says where
            # lexing goes on.
            tokens, i = _lex_word(q, i, j)
            yield from tokens


def _lex_word(q: str, i: int, j: int) -> tuple[list[_Token], int]:
    """Tokens for the bare word q[i:j], and the index where lexing continues."""
    word = q[i:j]
    if word in ("AND", "OR", "NOT"):
        return [_Token(word, i, desc=word)], j
    if word == "NEAR" or word.startswith("NEAR/"):
        return [_near_token(word, i)], j
    tokens: list[_Token] = []
    # -term, -"phrase", -(group), -lang:en: NOT of what follows the dash.
    while word.startswith("-"):
        tokens.append(_Token("NOT", i, desc="'-'"))
        word, i = word[1:], i + 1
    if not word:
        if j < len(q) and q[j] in _QUOTES + "(":
            return tokens, j  # the phrase or group is lexed next
        raise QuerySyntaxError(i, "a term, phrase or '(' after '-'")
    if word in ("AND", "OR", "NOT") or word == "NEAR" or word.startswith("NEAR/"):
        # -AND is no query anyone means; as a term it would print back as an operator.
        raise QuerySyntaxError(i, f"a term, phrase or '(' after '-', not {word}")
    colon = word.find(":")
    name = word[:colon].lower() if colon > 0 else ""
    if name in FIELDS:
        value = word[colon + 1 :]
        vpos = i + colon + 1
        if not value and j < len(q) and q[j] in _QUOTES:
            value, j = _read_phrase(q, j)
            source = f'{name}:"{value}"'
        else:
            source = f"{name}:{value}"
        tokens.append(_Token("FIELD", i, _field(name, value, source, vpos)))
        return tokens, j
    tokens.append(_Token("TERM", i, _word_term(word, i)))
    return tokens, j


def _near_token(word: str, pos: int) -> _Token:
    if word == "NEAR":
        raise QuerySyntaxError(pos + 4, f"'/' and a distance after NEAR {_NEAR_SYNTAX}")
    digits = word[5:]
    if not digits:
        raise QuerySyntaxError(pos + 5, f"a distance after NEAR/ {_NEAR_SYNTAX}")
    if not (digits.isascii() and digits.isdigit()):
        raise QuerySyntaxError(pos + 5, f"a whole number after NEAR/ {_NEAR_SYNTAX}")
    # Length check first: int() of a 5,000-digit string raises ValueError on Python 3.11+.
    n = int(digits) if len(digits) <= 6 else MAX_NEAR + 1
    if not 1 <= n <= MAX_NEAR:
        raise QuerySyntaxError(pos + 5, f"a distance from 1 to {MAX_NEAR} after NEAR/")
    return _Token("NEAR", pos, n=n, desc=f"NEAR/{n}")


# --------------------------------------------------------------------------------------------
# Parser: operator precedence with explicit stacks, so neither a 10,000-term OR chain nor
# 10,000 NOTs nor 100 levels of parentheses recurse in Python.
# --------------------------------------------------------------------------------------------

_OP_PREC = {"OR": 1, "AND": 2, "NEAR": 3, "NOT": 4}


def _near_operand(node: Node, pos: int, desc: str) -> tuple[Term, ...]:
    if isinstance(node, Term):
        return (node,)
    if isinstance(node, Or) and all(isinstance(c, Term) for c in node.children):
        return node.children  # type: ignore[return-value]
    hint = f" (write NOT (a {desc} b) to negate a NEAR clause)" if isinstance(node, Not) else ""
    raise QuerySyntaxError(
        pos, f"a term, a phrase or an (a OR b) group of them beside {desc}{hint}"
    )


def _reduce(op: list[Any], operands: list[tuple[Node, int]]) -> None:
    kind, pos, arity, desc = op
    if kind == "NOT":
        node, _ = operands.pop()
        # NOT NOT x is x: keeps trees shallow whatever the number of NOTs.
        operands.append((node.child if isinstance(node, Not) else Not(node), pos))
    elif kind == "NEAR":
        (left, lpos), (right, rpos) = operands[-2:]
        del operands[-2:]
        node = Near(_near_operand(left, lpos, desc), _near_operand(right, rpos, desc), arity)
        operands.append((node, lpos))
    else:
        cls = And if kind == "AND" else Or
        items = operands[-arity:]
        del operands[-arity:]
        children: list[Node] = []
        for node, _ in items:
            # AND and OR are associative: flatten so a chain is one n-ary node, not a deep tree.
            if isinstance(node, cls):
                children.extend(node.children)
            else:
                children.append(node)
        operands.append((cls(tuple(children)), items[0][1]))


def _expected_operand(tok: _Token | None, prev: str | None, end: int) -> QuerySyntaxError:
    if tok is None:
        if prev is None:
            return QuerySyntaxError(end, "a term or '(' (the query is empty)")
        return QuerySyntaxError(end, f"a term or '(' after {prev}")
    if prev is None:
        return QuerySyntaxError(tok.pos, f"a term or '(' before {tok.desc}")
    if tok.kind == "RP" and prev == "'('":
        return QuerySyntaxError(tok.pos, "a term inside the parentheses")
    return QuerySyntaxError(tok.pos, f"a term or '(' after {prev}")


def parse(query: str) -> Node:
    """Parse a topic query into a tree; raise :class:`QuerySyntaxError` if it is not valid.

    Adjacent clauses without an operator are joined by an implicit AND. Upper-case AND, OR,
    NOT and NEAR/n are operators; lower-case and/or/not/near are searched for as words.
    """
    if not isinstance(query, str):
        raise TypeError(f"a query is a str, not {type(query).__name__}")
    if len(query) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(
            MAX_QUERY_CHARS,
            f"a query of at most {MAX_QUERY_CHARS:,} characters (this one has {len(query):,})",
        )
    operands: list[tuple[Node, int]] = []
    # Operator stack entries: [kind, position, arity (AND/OR) or distance (NEAR), description].
    ops: list[list[Any]] = []
    expect_operand = True
    prev: str | None = None
    depth = 0

    def push_binary(kind: str, pos: int, n: int, desc: str) -> None:
        prec = _OP_PREC[kind]
        while ops and ops[-1][0] != "(" and _OP_PREC[ops[-1][0]] > prec:
            _reduce(ops.pop(), operands)
        top = ops[-1] if ops else None
        if top is not None and top[0] == kind:
            if kind == "NEAR":
                raise QuerySyntaxError(
                    pos, f"AND or OR before {desc} (NEAR clauses cannot be chained)"
                )
            top[2] += 1  # one more child for the same n-ary AND/OR
        else:
            ops.append([kind, pos, n if kind == "NEAR" else 2, desc])

    for tok in _lex(query):
        if not expect_operand:
            if tok.kind in ("AND", "OR", "NEAR"):
                push_binary(tok.kind, tok.pos, tok.n, tok.desc)
                expect_operand = True
                prev = tok.desc
                continue
            if tok.kind == "RP":
                while ops and ops[-1][0] != "(":
                    _reduce(ops.pop(), operands)
                if not ops:
                    raise QuerySyntaxError(
                        tok.pos, "an operator or the end of the query (this ')' has no '(')"
                    )
                # The group's position is its '(' (for errors about it as a NEAR operand).
                operands[-1] = (operands[-1][0], ops.pop()[1])
                depth -= 1
                prev = "')'"
                continue
            # Two clauses side by side: the implicit AND.
            push_binary("AND", tok.pos, 0, "AND")
            expect_operand = True
        if tok.kind in ("TERM", "FIELD"):
            assert tok.node is not None
            operands.append((tok.node, tok.pos))
            expect_operand = False
        elif tok.kind == "NOT":
            ops.append(["NOT", tok.pos, 1, tok.desc])
        elif tok.kind == "LP":
            depth += 1
            if depth > MAX_QUERY_DEPTH:
                raise QuerySyntaxError(
                    tok.pos, f"at most {MAX_QUERY_DEPTH} levels of nested parentheses"
                )
            ops.append(["(", tok.pos, 0, "'('"])
        else:
            raise _expected_operand(tok, prev, len(query))
        prev = tok.desc
    if expect_operand:
        raise _expected_operand(None, prev, len(query))
    while ops:
        op = ops.pop()
        if op[0] == "(":
            raise QuerySyntaxError(len(query), f"')' to close the '(' at position {op[1]}")
        _reduce(op, operands)
    assert len(operands) == 1
    return operands[0][0]


# --------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Doc:
    """What a topic query is matched against: one post's text and metadata.

    `author` is the handle and the display name joined (``"@aureliacare Aurelia Care"``);
    `hashtags` and `mentions` may be given with or without their leading ``#``/``@``.
    """

    text: str
    lang: str | None = None
    platform: str | None = None
    author: str | None = None
    urls: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()

    @classmethod
    def from_post(cls, post: Any) -> Doc:
        """A Doc from a :class:`parley.domain.Post` (or anything with the same attributes)."""
        author = getattr(post, "author", None)
        who = " ".join(
            s for s in (getattr(author, "handle", None), getattr(author, "name", None)) if s
        )
        texts = [t for t in (getattr(post, "title", None), post.text) if t]
        urls = [u for u in (getattr(post, "url", None),) if u] + list(post.urls or ())
        return cls(
            text="\n".join(texts),
            lang=post.lang,
            platform=post.platform,
            author=who or None,
            urls=tuple(urls),
            hashtags=tuple(post.hashtags or ()),
            mentions=tuple(post.mentions or ()),
        )


# Op codes of a compiled topic (a post-order program; see _compile).
_T, _F, _N, _A, _O, _R = range(6)
_X_PLATFORMS = frozenset({"x", "twitter"})  # X was Twitter: either name finds both


class _Post:
    """One post being matched: its normalised text, the terms found, lazily derived facts."""

    __slots__ = (
        "_author", "_fields", "_occ", "_starts", "_urls", "doc", "found", "positions", "text",
    )  # fmt: skip

    def __init__(self, doc: Doc, text: str) -> None:
        self.doc = doc
        self.text = text
        self.found: set[int] = set()
        self.positions: dict[int, list[tuple[int, int]]] = {}
        self._starts: list[int] | None = None
        self._urls: list[str] | None = None
        self._author: str | None = None
        self._occ: dict[tuple[int, ...], tuple[list[tuple[int, int, int]], list[int]]] = {}
        self._fields: dict[int, bool] = {}

    def word_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [m.start() for m in _WORD_START_RE.finditer(self.text)]
        return self._starts

    def field(self, fid: int, f: Field) -> bool:
        """Field filter `f` (interned as `fid`), computed once per post: many topics share
        filters such as platform:weibo."""
        got = self._fields.get(fid)
        if got is None:
            got = self._fields[fid] = self._field(f)
        return got

    def _field(self, f: Field) -> bool:
        doc, v = self.doc, f.value
        if f.name == "lang":
            lang = (doc.lang or "").strip().lower().replace("_", "-")
            return lang == v or lang.startswith(v + "-")
        if f.name == "platform":
            p = (doc.platform or "").strip().lower()
            return p == v or (p in _X_PLATFORMS and v in _X_PLATFORMS)
        if f.name == "author":
            if self._author is None:
                self._author = normalise(doc.author or "")
            return _find_bounded(self._author, v)
        return any(_url_matches(u, v) for u in self.urls())

    def urls(self) -> list[str]:
        if self._urls is None:
            urls = list(self.doc.urls or ())
            # Sources do not always fill `urls`; links written in the text count too.
            urls.extend(m.group() for m in _URL_IN_TEXT_RE.finditer(self.doc.text or ""))
            self._urls = urls
        return self._urls

    def near(self, left: tuple[int, ...], right: tuple[int, ...], n: int) -> tuple[int, int] | None:
        """(left tid, right tid) of a pair at most `n` words apart, or None.

        O((L+R) log) in the number of occurrences: for each occurrence the closest occurrence
        of the other side that starts after it ends is the only one worth checking, so a
        100 KB post full of both terms cannot make this quadratic.
        """
        occ_l, l_starts = self._occurrences(left)
        occ_r, r_starts = self._occurrences(right)
        if not occ_l or not occ_r:
            return None
        starts = self.word_starts()
        for first, second, second_starts, swap in (
            (occ_l, occ_r, r_starts, False),
            (occ_r, occ_l, l_starts, True),
        ):
            for _, end, tid in first:
                j = bisect_left(second_starts, end)
                if j == len(second):
                    continue
                s2, _, tid2 = second[j]
                # Words from the end of one to the start of the other: 1 when adjacent.
                if bisect_left(starts, s2) - bisect_left(starts, end) + 1 <= n:
                    return (tid2, tid) if swap else (tid, tid2)
        return None

    def _occurrences(self, tids: tuple[int, ...]) -> tuple[list[tuple[int, int, int]], list[int]]:
        """Occurrences (start, end, tid) of any of `tids`, sorted, and their starts; cached
        because many NEAR topics share a side (a hostile post may hold 50,000 of them)."""
        got = self._occ.get(tids)
        if got is None:
            pos = self.positions
            occ = sorted((s, e, t) for t in tids for s, e in pos.get(t, ()))
            got = self._occ[tids] = (occ, [s for s, _, _ in occ])
        return got


def _find_bounded(hay: str, needle: str) -> bool:
    """`needle` occurs in `hay` on word boundaries (the same rule as terms in text)."""
    lcheck = _is_word(needle[0])
    rcheck = _is_word(needle[-1])
    i = hay.find(needle)
    while i != -1:
        j = i + len(needle)
        if not (lcheck and i and _is_word(hay[i - 1])) and not (
            rcheck and j < len(hay) and _is_word(hay[j])
        ):
            return True
        i = hay.find(needle, i + 1)
    return False


def _url_matches(url: str, v: str) -> bool:
    u = url.strip().casefold()
    if v in u:
        return True
    # Host or host suffix, for a value like "example.com" against an IDN or oddly cased URL.
    rest = u.split("://", 1)[-1]
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].rsplit("@", 1)[-1]
    host = host.split(":", 1)[0]
    return host == v or host.endswith("." + v)


_Clauses = list[frozenset[int]] | None
_MAX_CLAUSES = 8


@dataclass(slots=True)
class _Topic:
    name: str
    ops: list[tuple[Any, ...]]
    # Necessary conditions: the topic can match only if each of these sets of term ids has a
    # found term. The first is the most selective (the index key); None when the topic can
    # match with no term found at all (NOT spam, lang:zh), so it is always evaluated.
    clauses: tuple[frozenset[int], ...] | None
    # Field filters the topic needs (those ANDed at its top): checked before evaluating it, so
    # a term-less topic like `platform:weibo AND NOT 广告` costs one cached lookup per post.
    fields: tuple[tuple[int, Field], ...]


class TopicMatcher:
    """Match posts against many topic queries at once; compile once, match many.

    Every term of every topic goes into one Aho-Corasick automaton. A post is normalised and
    scanned once; a topic is evaluated only if a term it needs was found (topics that can
    match without any term, such as ``NOT spam`` or ``lang:zh``, are always evaluated).
    """

    def __init__(self, topics: Mapping[str, str]) -> None:
        self.queries: dict[str, Node] = {}
        for name, query in topics.items():
            try:
                self.queries[name] = parse(query)
            except QuerySyntaxError as e:
                raise QuerySyntaxError(e.position, e.expected, topic=name) from None
        self._term_ids: dict[tuple[str, str, bool], int] = {}
        self._terms: list[Term] = []
        self._positional: set[int] = set()
        self._field_ids: dict[tuple[str, str], int] = {}
        self._topics = [self._compile(name, node) for name, node in self.queries.items()]
        self._always = [i for i, t in enumerate(self._topics) if t.clauses is None]
        by_term: dict[int, list[int]] = {}
        for i, t in enumerate(self._topics):
            for tid in t.clauses[0] if t.clauses else ():
                by_term.setdefault(tid, []).append(i)
        self._by_term = {tid: tuple(ix) for tid, ix in by_term.items()}
        self._automaton = self._build_automaton()

    # -- compiling ---------------------------------------------------------------------------

    def _tid(self, term: Term) -> int:
        key = (term.kind, term.text, term.prefix)
        tid = self._term_ids.get(key)
        if tid is None:
            tid = self._term_ids[key] = len(self._terms)
            self._terms.append(term)
        return tid

    def _compile(self, name: str, root: Node) -> _Topic:
        """Flatten a tree into a post-order program: a list of ops, children before parents.

        Term children of AND/OR get no op of their own: their parent checks them all with one
        set operation, so a 10,000-term OR is a single op. Evaluating a flat list needs no
        recursion however deep the parentheses go.
        """
        ops: list[tuple[Any, ...]] = []
        triggers: list[_Clauses] = []
        index: dict[int, int] = {}
        stack: list[tuple[Node, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if not expanded:
                stack.append((node, True))
                if isinstance(node, And | Or):
                    subs = [c for c in node.children if not isinstance(c, Term)]
                    stack.extend((c, False) for c in reversed(subs))
                elif isinstance(node, Not):
                    stack.append((node.child, False))
                continue
            op, trigger = self._compile_node(node, index, triggers)
            index[id(node)] = len(ops)
            ops.append(op)
            triggers.append(trigger)
        root_clauses = triggers[-1]
        if isinstance(root, Field):
            fields = (root,)
        elif isinstance(root, And):
            fields = tuple(c for c in root.children if isinstance(c, Field))
        else:
            fields = ()
        return _Topic(
            name,
            ops,
            tuple(root_clauses) if root_clauses else None,
            tuple((self._fid(f), f) for f in fields),
        )

    def _fid(self, f: Field) -> int:
        return self._field_ids.setdefault((f.name, f.value), len(self._field_ids))

    def _rarity(self, clause: frozenset[int]) -> float:
        """A guess at how often a set of terms occurs in a post (lower is rarer), with no
        corpus statistics: longer terms are rarer, wildcards and one-letter words are not."""
        total = 0.0
        for tid in clause:
            term = self._terms[tid]
            # A Han or kana character says about as much as two Latin letters.
            weight = sum(2 if _is_unspaced(c) else 1 for c in term.text[:12])
            total += 0.5**weight * (16.0 if term.prefix else 1.0)
        return total

    def _compile_node(
        self, node: Node, index: dict[int, int], triggers: list[_Clauses]
    ) -> tuple[tuple[Any, ...], _Clauses]:
        """One op, and its clauses: sets of term ids each of which must contain a found term
        for the op to hold, most selective first (None when it can hold with no term found)."""
        if isinstance(node, Term):
            tid = self._tid(node)
            return (_T, tid, node.source), [frozenset((tid,))]
        if isinstance(node, Field):
            return (_F, self._fid(node), node.source, node), None
        if isinstance(node, Not):
            child = node.child
            src = str(child)
            return (_N, index[id(child)], "NOT " + (f"({src})" if _prec(child) < 4 else src)), None
        if isinstance(node, Near):
            left = {self._tid(t): t.source for t in node.left}
            right = {self._tid(t): t.source for t in node.right}
            self._positional.update(left, right)
            op = (_R, tuple(left), tuple(right), node.distance, left, right)
            sides = sorted((frozenset(left), frozenset(right)), key=self._rarity)
            return op, sides
        assert isinstance(node, And | Or)
        items: list[tuple[bool, int, str]] = []
        term_ids: list[int] = []
        for c in node.children:
            if isinstance(c, Term):
                tid = self._tid(c)
                term_ids.append(tid)
                items.append((False, tid, c.source))
            else:
                items.append((True, index[id(c)], ""))
        subs = tuple(j for is_sub, j, _ in items if is_sub)
        sub_clauses = [triggers[j] for j in subs]
        if isinstance(node, Or):
            # Some alternative holds, so the union of each alternative's first clause does.
            if any(not c for c in sub_clauses):
                clauses: _Clauses = None
            else:
                firsts = [c[0] for c in sub_clauses if c]
                clauses = [frozenset(term_ids).union(*firsts)]
            return (_O, frozenset(term_ids), subs, tuple(items)), clauses
        # Every child of an AND holds, so all of their clauses are necessary. Keep the most
        # selective few: enough to skip most topics whose rare term occurs with no context.
        merged = [frozenset((t,)) for t in term_ids]
        for c in sub_clauses:
            merged.extend(c or ())
        merged = sorted(set(merged), key=self._rarity)[:_MAX_CLAUSES]
        return (_A, frozenset(term_ids), subs, tuple(items)), merged or None

    def _build_automaton(self) -> Any:
        by_key: dict[str, list[tuple[int, int, bool, bool, bool, bool]]] = {}
        for tid, term in enumerate(self._terms):
            text = term.text
            tag = term.kind in ("hashtag", "mention")
            # A boundary is checked only on a side whose character belongs to a script
            # written with spaces; #tags and @handles also need one before the sign (so
            # info@aureliacare.com is not a mention of @aureliacare).
            lcheck = tag or _is_word(text[0])
            rcheck = not term.prefix and _is_word(text[-1])
            variant = (tid, len(text), lcheck, rcheck, tid in self._positional, tag)
            by_key.setdefault(text, []).append(variant)
        if not by_key:
            return None  # pyahocorasick refuses to search an empty automaton
        automaton = ahocorasick.Automaton()
        for key, variants in by_key.items():
            automaton.add_word(key, tuple(variants))
        automaton.make_automaton()
        return automaton

    # -- matching ----------------------------------------------------------------------------

    def _scan(self, post: _Post) -> None:
        """Find which terms occur in the post: one pass of the automaton over its text."""
        text, found, positions = post.text, post.found, post.positions
        n = len(text)
        is_word = _is_word
        for end, variants in self._automaton.iter(text):
            for tid, klen, lcheck, rcheck, need_pos, _ in variants:
                if not need_pos and tid in found:
                    continue
                start = end - klen + 1
                if lcheck and start and is_word(text[start - 1]):
                    continue
                if rcheck and end + 1 < n and is_word(text[end + 1]):
                    continue
                found.add(tid)
                if need_pos:
                    positions.setdefault(tid, []).append((start, end + 1))

    def _scan_tags(self, post: _Post) -> None:
        """#tags and @handles from the post's metadata lists (which may not be in the text)."""
        doc = post.doc
        parts = ["#" + normalise(h).lstrip("#") for h in doc.hashtags or ()]
        parts += ["@" + normalise(m).lstrip("@") for m in doc.mentions or ()]
        line = " ".join(parts)
        n = len(line)
        found = post.found
        for end, variants in self._automaton.iter(line):
            for tid, klen, _, rcheck, _, tag in variants:
                start = end - klen + 1
                # Only a whole entry counts, and only for #/@ terms: a plain word is looked
                # for in the text. No positions: NEAR is about the text.
                if tag and (start == 0 or line[start - 1] == " "):
                    if rcheck and end + 1 < n and line[end + 1] != " ":
                        continue
                    found.add(tid)

    def _evaluate(self, topic: _Topic, post: _Post) -> list[bool]:
        found = post.found
        vals: list[bool] = []
        append = vals.append
        get = vals.__getitem__  # any(map(get, subs)) runs in C, unlike a generator
        for op in topic.ops:
            code = op[0]
            if code == _O:
                append(not op[1].isdisjoint(found) or any(map(get, op[2])))
            elif code == _A:
                append(op[1] <= found and all(map(get, op[2])))
            elif code == _T:
                append(op[1] in found)
            elif code == _N:
                append(not vals[op[1]])
            elif code == _F:
                append(post.field(op[1], op[3]))
            else:
                append(post.near(op[1], op[2], op[3]) is not None)
        return vals

    def _explain(self, topic: _Topic, post: _Post, vals: list[bool]) -> str:
        """The clause that made the topic match, built bottom-up for the true ops only."""
        found = post.found
        expl: list[str] = [""] * len(vals)
        for i, op in enumerate(topic.ops):
            if not vals[i]:
                continue
            code = op[0]
            if code in (_T, _F, _N):
                expl[i] = op[2]
            elif code == _O:
                # The first alternative that holds is enough to say why.
                for is_sub, j, src in op[3]:
                    if is_sub and vals[j]:
                        expl[i] = expl[j]
                        break
                    if not is_sub and j in found:
                        expl[i] = src
                        break
            elif code == _A:
                expl[i] = " AND ".join(expl[j] if is_sub else src for is_sub, j, src in op[3])
            else:
                pair = post.near(op[1], op[2], op[3])
                assert pair is not None
                expl[i] = f"{op[4][pair[0]]} NEAR/{op[3]} {op[5][pair[1]]}"
        out = expl[-1]
        if len(out) > MAX_EXPLANATION_CHARS:
            out = out[: MAX_EXPLANATION_CHARS - 1] + "…"
        return out

    def match(self, doc: Doc) -> dict[str, str]:
        """Topic name → why it matched (the clause that held), for every topic `doc` matches."""
        post = _Post(doc, normalise(doc.text or ""))
        if self._automaton is not None:
            if post.text:
                self._scan(post)
            if doc.hashtags or doc.mentions:
                self._scan_tags(post)
        if post.found:
            by_term = self._by_term
            candidates: set[int] = set(self._always)
            for tid in post.found:
                topics = by_term.get(tid)
                if topics:
                    candidates.update(topics)
            order: Sequence[int] = sorted(candidates)
        else:
            order = self._always
        result: dict[str, str] = {}
        found = post.found
        for i in order:
            topic = self._topics[i]
            clauses = topic.clauses
            if clauses is not None and any(c.isdisjoint(found) for c in clauses):
                continue  # a necessary term is missing: no need to evaluate
            if topic.fields and not all(post.field(fid, f) for fid, f in topic.fields):
                continue  # a necessary field filter fails
            vals = self._evaluate(topic, post)
            if vals[-1]:
                result[topic.name] = self._explain(topic, post, vals)
        return result

    def match_many(self, docs: Sequence[Doc]) -> list[dict[str, str]]:
        """:meth:`match` for each doc, in order."""
        match = self.match
        return [match(d) for d in docs]


# --------------------------------------------------------------------------------------------
# Benchmark (wired to `parley bench`): synthetic but realistic topics and short posts.
# --------------------------------------------------------------------------------------------

# fmt: off
_BENCH_WORDS = (
    "the", "a", "to", "and", "of", "in", "is", "it", "you", "that", "for", "on", "my", "this",
    "with", "be", "are", "was", "have", "at", "just", "so", "not", "but", "what", "all", "we",
    "can", "like", "your", "if", "out", "about", "up", "one", "time", "get", "new", "day", "love",
    "good", "more", "do", "now", "how", "today", "people", "great", "really", "think", "know",
    "see", "when", "going", "back", "still", "need", "best", "thanks", "morning", "coffee",
    "store", "order", "shipping", "price", "sale", "free", "phone", "app", "update", "service",
    "customer", "help", "week", "team", "launch", "video", "photo", "review", "first", "last",
    "never", "always", "buy", "bought", "try", "tried", "skin", "hair", "night", "weekend",
    "summer", "city", "home", "work", "office", "happy", "sad", "angry", "wow", "lol", "omg",
    "finally", "again", "delivery", "delivered", "job", "hiring",
)
_BENCH_CRISIS = (
    "recall", "lawsuit", "cancer", "carcinogen", "toxic", "scam", "refund", "broken", "outage",
    "leak", "rash",
)
_BENCH_SYLLABLES = (
    "ar", "bel", "cor", "dan", "el", "fin", "gor", "hal", "is", "jun", "kel", "lor", "mar", "nov",
    "or", "pel", "qua", "ris", "sol", "tur",
)
# fmt: on
_BENCH_EXTRA = (
    "我们今天去了新开的咖啡店，味道很好。",
    "这个牌子的客服太差了，退款等了两周",
    "قهوة الصباح مع الأصدقاء، يوم جميل",
    "خدمة العملاء سيئة جدا ولم أحصل على استرداد",
    "café au lait très bon ce matin à Paris ☕",
    "Привет всем, сегодня отличный день",
    "今日は新しいカフェに行きました",
    "🔥🔥🔥 best day ever 😍",
)


def _bench_topics(n_topics: int, rng: random.Random) -> dict[str, str]:
    topics: dict[str, str] = {}
    for i in range(n_topics):
        brand = "".join(rng.sample(_BENCH_SYLLABLES, 3))
        product = brand[:4] + rng.choice(("pro", "max", "silk", "go", "one"))
        rival = "".join(rng.sample(_BENCH_SYLLABLES, 3))
        crisis = " OR ".join(rng.sample(_BENCH_CRISIS, 4))
        shape = i % 10
        if shape == 0:
            q = f'({brand} OR "{brand} care" OR #{brand} OR @{brand}care) AND NOT (job* OR hiring)'
        elif shape == 1:
            q = f'{brand} AND ({product} OR "{product} 2" OR #{product})'
        elif shape == 2:
            q = f"({brand} OR #{brand}) AND ({crisis})"
        elif shape == 3:
            q = f'("carcinogen" OR toxic OR cancer) NEAR/5 ({brand} OR {product})'
        elif shape == 4:
            q = f"{rival} OR #{rival} OR @{rival} OR {rival}app"
        elif shape == 5:
            q = f'#summerwith{brand} OR #{brand}summer OR "summer with {brand}"'
        elif shape == 6:
            q = f"lang:zh AND ({brand} OR 咖啡店 OR 退款) -广告"
        elif shape == 7:
            q = f"deliver* AND ({brand} OR {product}) AND NOT platform:reddit"
        elif shape == 8:
            q = f"(قهوة OR استرداد) AND ({brand} OR lang:ar)"
        else:
            q = f"{brand} {product}" if i % 20 else "platform:weibo AND NOT 广告"
        topics[f"topic-{i:03d}"] = q
    return topics


def _bench_docs(n_docs: int, topics: Mapping[str, str], rng: random.Random) -> list[Doc]:
    # Brand-ish words taken from the topics, so that some posts match (as in real listening).
    names = sorted({w for q in topics.values() for w in re.findall(r"[a-z]{6,}", q)})
    platforms = ("x", "weibo", "reddit", "instagram", "facebook", "tiktok")
    docs: list[Doc] = []
    for _ in range(n_docs):
        words = rng.choices(_BENCH_WORDS, k=rng.randint(8, 40))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), rng.choice(names))
        if rng.random() < 0.1:
            words.insert(rng.randrange(len(words)), rng.choice(_BENCH_CRISIS))
        if rng.random() < 0.1:
            words.append("#" + rng.choice(names))
        text = " ".join(words).capitalize()
        if rng.random() < 0.15:
            text = rng.choice(_BENCH_EXTRA) + " " + text
        docs.append(
            Doc(
                text=text,
                lang=rng.choice(("en", "en", "en", "zh", "ar", "fr")),
                platform=rng.choice(platforms),
                author=f"@user{rng.randrange(10_000)} Some Name",
                urls=("https://example.com/p/1",) if rng.random() < 0.2 else (),
            )
        )
    return docs


def bench(n_docs: int = 20000, n_topics: int = 200) -> dict[str, float]:
    """Match `n_docs` synthetic short posts against `n_topics` topics on one core.

    Returns ``docs_per_s`` (matching only), ``compile_s`` (building the matcher), ``seconds``,
    ``docs``, ``topics``, ``terms`` and ``matches`` (topic hits in total).
    """
    rng = random.Random(20240601)
    topics = _bench_topics(n_topics, rng)
    docs = _bench_docs(n_docs, topics, rng)
    t0 = time.perf_counter()
    matcher = TopicMatcher(topics)
    t1 = time.perf_counter()
    results = matcher.match_many(docs)
    t2 = time.perf_counter()
    seconds = t2 - t1
    return {
        "docs": float(n_docs),
        "topics": float(n_topics),
        "terms": float(len(matcher._terms)),
        "compile_s": t1 - t0,
        "seconds": seconds,
        "docs_per_s": n_docs / seconds if seconds > 0 else float("inf"),
        "matches": float(sum(len(r) for r in results)),
    }
