"""The built-in scenario simulator: realistic, labelled, reproducible social traffic.

`Simulator("false_report", seed=7).posts()` streams what a brand's listening would see on a
day like one of the user stories (shared/design/scenarios.md: S1 a false report goes viral,
S2 a storm cancels flights, S3 a paid-poster campaign): ten languages on X, Weibo,
Mastodon, Bluesky, Reddit and news sites, a daily rhythm, heavy-tailed authors and
engagement, threads, reposts, quotes and DMs, and the brand's own accounts answering.

Every post carries its ground truth in `raw["sim"]` (event, coordinated, campaign, intent,
sentiment, about_brand, the true lang since platforms leave some untagged, and in S2 the
care reason) and `truth()` lists the labelled events, so detectors and classifiers can be
scored. The same seed gives the same stream byte for byte: all
randomness comes from seeded `random.Random` instances and nothing reads the clock.

Conventions a consumer can rely on: handles, `mentions` and `to_account` carry no "@";
`hashtags` carry no "#"; lists are None rather than empty; `to_account` is set on posts
addressed to an official account (a mention, a reply to it, a DM either way) and never on
the official accounts' own public posts.
"""

from __future__ import annotations

import heapq
import math
import random
import re
import unicodedata
from bisect import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from statistics import NormalDist
from typing import Any

from parley.domain import Author, Metrics, Post
from parley.sources import phrasebank as pb

DEFAULT_START = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday, so weekday rhythm applies
_EARLIEST = datetime(2011, 1, 1, tzinfo=UTC)  # X's ids count from late 2010


@dataclass(frozen=True, slots=True)
class Scenario:
    """One of the built-in situations: whose brand, how long, and what happens."""

    name: str
    title: str
    domain: str  # "care" (the shampoo brand) or "air" (the airline)
    duration: timedelta
    event_at: timedelta  # default offset of the event from the start
    event: str | None  # the truth event name, None for plain traffic


SCENARIOS: dict[str, Scenario] = {
    "baseline": Scenario(
        "baseline", "An ordinary day for a shampoo brand", "care", timedelta(hours=24),
        timedelta(hours=6), None,
    ),
    "false_report": Scenario(
        "false_report", "S1: a magazine claims the shampoo contains a carcinogen", "care",
        timedelta(hours=12), timedelta(hours=6), "false_report",
    ),
    "storm": Scenario(
        "storm", "S2: a storm cancels flights and customers flood the care team", "air",
        timedelta(hours=12), timedelta(hours=6), "storm",
    ),
    "water_army": Scenario(
        "water_army", "S3: paid posters praise a competitor during a real complaint wave",
        "care", timedelta(hours=12), timedelta(hours=6), "water_army",
    ),
}  # fmt: skip

# ---------------------------------------------------------------------------------------
# The shape of the audience
# ---------------------------------------------------------------------------------------
# Share of everyday traffic and the UTC offset people in that language mostly live at;
# each language follows the daily rhythm in its own local time.
_LANG_SHARE = {
    "en": 0.38, "zh": 0.20, "es": 0.09, "it": 0.07, "ar": 0.06,
    "pt": 0.05, "fr": 0.05, "de": 0.04, "ja": 0.04, "fi": 0.02,
}  # fmt: skip
_UTC_OFFSET = {
    "en": 0, "zh": 8, "es": -4, "it": 1, "ar": 3, "pt": -3, "fr": 1, "de": 1, "ja": 9, "fi": 2,
}  # fmt: skip
_DEFAULT_PLATFORMS = {"x": 0.55, "bluesky": 0.15, "mastodon": 0.13, "reddit": 0.17}
_PLATFORM_SHARE = {
    "zh": {"weibo": 0.82, "x": 0.10, "bluesky": 0.03, "mastodon": 0.02, "reddit": 0.03},
    "ja": {"x": 0.82, "bluesky": 0.08, "mastodon": 0.05, "reddit": 0.05},
    "ar": {"x": 0.86, "bluesky": 0.04, "mastodon": 0.03, "reddit": 0.07},
}
# Relative volume by local hour on a weekday: quiet at night, peaks late morning and
# evening, a dip after lunch. Interpolated per minute.
_HOURLY = (
    0.30, 0.18, 0.11, 0.08, 0.08, 0.12, 0.25, 0.45, 0.65, 0.80, 0.92, 1.00,
    0.95, 0.85, 0.78, 0.75, 0.78, 0.82, 0.88, 0.95, 1.00, 0.95, 0.75, 0.50,
)  # fmt: skip
_RHYTHM = tuple(
    _HOURLY[m // 60] + (_HOURLY[(m // 60 + 1) % 24] - _HOURLY[m // 60]) * (m % 60) / 60
    for m in range(1440)
)
_WEEKEND = 0.72

# What everyday posts are about, and how often.
_EVERYDAY = (
    ("chatter", 0.28), ("mention", 0.18), ("complaint", 0.14), ("praise", 0.14),
    ("question", 0.13), ("request", 0.07), ("share", 0.06),
)  # fmt: skip
_LABELS = {
    "complaint": ("complaint", "negative"),
    "question": ("question", "neutral"),
    "request": ("request", "neutral"),
    "praise": ("praise", "positive"),
    "mention": ("other", "neutral"),
    "share": ("news", "neutral"),
    "chatter": ("chatter", "neutral"),
}
_SENTIMENT = {"pos": "positive", "neg": "negative", "neu": "neutral"}
_DM_INTENT = (("issue", "complaint"), ("ask", "question"))
_REPLY_TO = {"negative": "reply_neg", "positive": "reply_pos"}  # what people answer, by mood
_CUSTOMER = frozenset({"complaint", "question", "request"})
_OUTRAGE_LABELS = {
    "share": ("news", "negative"), "fear": ("question", "negative"),
    "anger": ("complaint", "negative"), "request": ("request", "negative"),
    "skeptic": ("other", "neutral"),
}  # fmt: skip

# Mixes of languages during events: the false report spreads on Weibo first; the storm
# hits northern European airports.
_OUTRAGE_LANGS = {
    "zh": 0.38, "en": 0.26, "it": 0.08, "es": 0.07, "ar": 0.05,
    "fr": 0.04, "de": 0.04, "pt": 0.03, "ja": 0.03, "fi": 0.02,
}  # fmt: skip
_STORM_LANGS = {
    "en": 0.40, "de": 0.10, "it": 0.10, "zh": 0.08, "fi": 0.08,
    "es": 0.08, "fr": 0.08, "pt": 0.03, "ar": 0.03, "ja": 0.02,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Brand:
    care: str  # the customer-care account's handle
    main: str  # the brand's main account
    names: tuple[str, str, str, str]  # care, main, and both on Weibo
    site: str
    help_paths: tuple[str, ...]
    event_page: str
    subreddits: tuple[str, ...]


_BRANDS = {
    "care": _Brand(
        "AureliaCare", "Aurelia", ("Aurelia Care", "Aurelia", "奥蕾莉亚客服", "奥蕾莉亚官方微博"),
        "https://aurelia.example", ("/help", "/stores", "/silk", "/refills"),
        "/silk/lab-results", ("HaircareScience", "curlyhair", "beauty", "femalehairadvice"),
    ),
    "air": _Brand(
        "SkylarkHelp", "SkylarkAir", ("Skylark Air Help", "Skylark Air", "云雀航空客服", "云雀航空"),
        "https://skylark-air.example", ("/manage", "/help/baggage", "/help/refunds", "/plus"),
        "/ylva", ("travel", "flights", "europetravel", "awardtravel"),
    ),
}  # fmt: skip

# Fictional outlets, by language: (name, domain). The first English one is the magazine of
# the false report.
_OUTLETS = {
    "en": (("Weekly Lens", "weeklylens.example"), ("Daily Glance", "dailyglance.example"),
           ("Morning Ledger", "morningledger.example")),
    "zh": (("今日健康观察", "jkgc.example"), ("晨光财经", "chenguang.example"),
           ("城市快讯", "chengshikx.example")),
    "es": (("Diario Central", "diariocentral.example"), ("La Crónica Digital", "lacronica.example")),
    "it": (("Il Quotidiano del Nord", "quotidianonord.example"),
           ("Notizie Oggi", "notizieoggi.example")),
    "ar": (("الخبر اليوم", "alkhabar.example"), ("صحيفة المساء", "almasaa.example")),
    "pt": (("Folha do Dia", "folhadodia.example"), ("Jornal Aberto", "jornalaberto.example")),
    "fr": (("Le Matin Express", "matinexpress.example"), ("L'Info Continue", "infocontinue.example")),
    "de": (("Der Tagesbote", "tagesbote.example"), ("Rundschau Aktuell", "rundschau.example")),
    "ja": (("毎朝ニュース", "maiasa.example"), ("東都新報", "totoshinpo.example")),
    "fi": (("Päivän Sanomat", "paivansanomat.example"), ("Uutisvirta", "uutisvirta.example")),
}  # fmt: skip

# Large accounts whose posts carry a story (the "top posts" of S1): language, platform,
# handle, name, followers, weight among the top posts.
_VOICES = (
    ("zh", "weibo", "都市热点追踪", "都市热点追踪", 4_200_000, 0.50),
    ("en", "x", "DailyGlance", "Daily Glance", 1_800_000, 0.16),
    ("en", "x", "jen_checks_labels", "Jen Okafor", 640_000, 0.10),
    ("it", "x", "notizieoggi", "Notizie Oggi", 910_000, 0.05),
    ("es", "x", "diariocentral", "Diario Central", 1_100_000, 0.05),
    ("ar", "x", "alkhabar_today", "الخبر اليوم", 2_300_000, 0.05),
    ("fr", "x", "matinexpress", "Le Matin Express", 780_000, 0.03),
    ("de", "x", "tagesbote", "Der Tagesbote", 520_000, 0.02),
    ("pt", "x", "folhadodia", "Folha do Dia", 1_300_000, 0.02),
    ("ja", "x", "maiasa_news", "毎朝ニュース", 1_500_000, 0.01),
    ("fi", "x", "paivansanomat", "Päivän Sanomat", 210_000, 0.01),
)  # fmt: skip

# Where the brand posts its statements (S1) and travel alerts (S2), in this order.
_STATEMENT_CHANNELS = (
    ("en", "x"), ("zh", "weibo"), ("en", "bluesky"), ("en", "mastodon"), ("it", "x"), ("es", "x"),
    ("fr", "x"), ("de", "x"), ("pt", "x"), ("ar", "x"), ("ja", "x"), ("fi", "x"),
)  # fmt: skip
_ALERT_CHANNELS = (
    ("en", "x"), ("en", "bluesky"), ("de", "x"), ("fi", "x"), ("it", "x"), ("fr", "x"),
    ("es", "x"), ("zh", "weibo"), ("pt", "x"), ("ar", "x"), ("ja", "x"),
)  # fmt: skip
_AGENTS = ("MK", "JL", "SA", "TR", "EV", "PO", "AN")  # the care team of seven (S2)
_REF_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # booking refs avoid 0/O and 1/I
_B32_SORT = "234567abcdefghijklmnopqrstuvwxyz"  # Bluesky's sortable base32
_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_MASTODON_HOSTS = ("mastodon.example", "social.example", "fosstodon.example", "mstdn.example")
_X_EPOCH_MS = 1288834974657
_MS = timedelta(milliseconds=1)
_ODD = 0x9E3779B97F4A7C15F39CC0605CEDC835  # multiplying by an odd number mod 2^k is a bijection
_CJK = frozenset({"zh", "ja"})
# Slots the simulator makes up rather than picks from the phrasebank (see _Run.slot), and
# those the caller of a fill provides.
MADE_UP_SLOTS = frozenset(
    {"handle", "n", "hours", "flight", "booking", "bagtag", "order", "agent", "site", "url"}
)
CONTEXT_SLOTS = frozenset({"first", "article_url", "comp_url", "headline", "ctag"})
# Standard normal quantiles: a table lookup is ten times cheaper than random.gauss, and
# engagement noise is drawn several times per post.
_Z = tuple(NormalDist().inv_cdf((i + 0.5) / 4096) for i in range(4096))

# ---------------------------------------------------------------------------------------
# Templates: compiled once
# ---------------------------------------------------------------------------------------
_TOKEN = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True, slots=True)
class _Template:
    label: str | None  # "pos"/"neg"/"neu" or a care reason, from a "label:: " prefix
    parts: Any  # a plain str, or a tuple of str / (slot, capitalise) / list of alternatives
    slots: frozenset[str]


def _compile(line: str) -> _Template:
    label = None
    head, sep, rest = line.partition(":: ")
    if sep and head.isascii() and head.isalpha() and head.islower():
        label, line = head, rest
    parts: list[Any] = []
    slots = set()
    pos = 0
    for match in _TOKEN.finditer(line):
        if match.start() > pos:
            parts.append(line[pos : match.start()])
        body = match.group(1)
        if "|" in body:
            parts.append(body.split("|"))
        else:
            slots.add(body.lower())
            parts.append((body.lower(), body[:1].isupper()))
        pos = match.end()
    if pos < len(line):
        parts.append(line[pos:])
    if not slots and not any(isinstance(p, list) for p in parts):
        return _Template(label, line, frozenset())
    return _Template(label, tuple(parts), frozenset(slots))


def _compile_table(table: dict[str, tuple[str, ...]]) -> dict[str, tuple[_Template, ...]]:
    return {key: tuple(_compile(s) for s in lines) for key, lines in table.items()}


_FRAMES = {lang: _compile_table(t) for lang, t in pb.FRAMES.items()}
_EVENT = {lang: _compile_table(t) for lang, t in pb.EVENT.items()}
_TALK = {lang: _compile_table(t) for lang, t in pb.TALK.items()}
_DOMAIN = {
    lang: {dom: _compile_table(t) for dom, t in doms.items()} for lang, doms in pb.DOMAIN.items()
}
_WEIBO_EMOJI = _compile_table(pb.WEIBO_EMOTICONS)
_LEADS = {lang: tuple(_compile(s) for s in t["lead"]) for lang, t in pb.ARTICLES.items()}

# Entities, parsed the way the platforms do: Weibo topics are #between hashes#, handles
# elsewhere are ASCII (Bluesky's may hold dots), URLs end before trailing punctuation.
_HASHTAG = re.compile(r"(?<![\w&/])#(\w*[^\W\d_]\w*)")
_TOPIC = re.compile(r"#([^#\s][^#\n]{0,40}?)#")
_MENTION = re.compile(r"(?<![A-Za-z0-9_@])@([A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_])?)")
_WEIBO_MENTION = re.compile(r"(?<![A-Za-z0-9_@])@([\w\-]{1,30})")
_URL = re.compile(r"https?://[!-~]*[A-Za-z0-9/=_\-]")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s")


def _capitalise(text: str) -> str:
    if not text:
        return text
    if text[0] in "¿¡" and len(text) > 1:
        return text[0] + text[1].upper() + text[2:]
    return text[0].upper() + text[1:]


def _append(text: str, tail: str, lang: str) -> str:
    """`text` + `tail`, with a space where the language uses one, and always after a
    handle or URL so it does not run into what follows."""
    if lang not in _CJK or (text[-1:].isascii() and text[-1:].isalnum()):
        return text + " " + tail
    return text + tail


def _ascii(text: str) -> str:
    """Lower-case ASCII letters and digits only, for handles and URL slugs."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if c.isascii() and c.isalnum()).lower()


def _b32(n: int, width: int) -> str:
    out = []
    for _ in range(width):
        n, d = divmod(n, 32)
        out.append(_B32_SORT[d])
    return "".join(reversed(out))


def _b36(n: int) -> str:
    out = []
    while True:
        n, d = divmod(n, 36)
        out.append(_B36[d])
        if not n:
            return "".join(reversed(out))


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _cumulative(weights: dict[str, float]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    keys = tuple(weights)
    total = 0.0
    cum = []
    for key in keys:
        total += weights[key]
        cum.append(total)
    return keys, tuple(c / total for c in cum)


_PLATFORM_MIX = {
    lang: _cumulative(_PLATFORM_SHARE.get(lang, _DEFAULT_PLATFORMS)) for lang in pb.LANGS
}
_EVERYDAY_CATS, _EVERYDAY_CUM = _cumulative(dict(_EVERYDAY))
_OUTRAGE_MIX = _cumulative(_OUTRAGE_LANGS)
_STORM_MIX = _cumulative(_STORM_LANGS)
_BASE_MIX = _cumulative(_LANG_SHARE)


def _surge(
    tau: float,
    ramp: float,
    hold: float,
    half_life: float,
    cut: float | None = None,
    cut_half_life: float = 60.0,
) -> float:
    """Relative intensity of an event `tau` minutes after it began: a steady
    rise over `ramp` minutes, a plateau, then exponential decay; `cut` (e.g. the brand's
    statement) makes it decay faster from then on."""
    if tau < 0:
        return 0.0
    if tau < ramp:
        # Linear, so the first minute already stands out: S1 wants an alert within 60 s.
        value = tau / ramp
    elif tau < ramp + hold:
        value = 1.0
    else:
        value = 0.5 ** ((tau - ramp - hold) / half_life)
    if cut is not None and tau > cut:
        value *= 0.5 ** ((tau - cut) / cut_half_life)
    return value


# ---------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------
class _Person:
    """An account as the simulator knows it; `author` is what goes into posts (shared)."""

    __slots__ = (
        "author",
        "first",
        "followers",
        "handle",
        "home",
        "lang",
        "official",
        "platform",
        "uid",
    )

    def __init__(
        self,
        author: Author,
        *,
        first: str,
        lang: str,
        platform: str,
        uid: int,
        official: bool = False,
        home: str = "",
    ) -> None:
        self.author = author
        self.handle = author.handle or author.native_id
        self.first = first
        self.followers = author.followers or 0
        self.lang = lang
        self.platform = platform
        self.uid = uid
        self.official = official
        self.home = home


def _native_author_id(platform: str, uid: int, when: datetime) -> str:
    if platform == "x":
        # Accounts made since 2022 have time-based ids, older ones short numbers.
        if when.year >= 2022:
            return str(((int(when.timestamp() * 1000) - _X_EPOCH_MS) << 22) | (uid & 0xFFF))
        return str(100_000_000 + uid)
    if platform == "weibo":
        return str(1_000_000_000 + uid)
    if platform == "mastodon":
        return str(109_000_000_000_000_000 + uid)
    if platform == "bluesky":
        return "did:plc:" + _b32((uid * _ODD) % (1 << 120), 24)
    if platform == "reddit":
        return "t2_" + _b36((uid * 0x9E3779B1) % (1 << 40))
    return str(uid)


_PLATFORM_BORN = {
    "x": datetime(2007, 1, 1, tzinfo=UTC), "weibo": datetime(2009, 9, 1, tzinfo=UTC),
    "mastodon": datetime(2016, 10, 1, tzinfo=UTC), "bluesky": datetime(2023, 3, 1, tzinfo=UTC),
    "reddit": datetime(2006, 1, 1, tzinfo=UTC),
}  # fmt: skip


class _Handles:
    """Handles already taken, per platform: a platform never gives one out twice."""

    def __init__(self) -> None:
        self.taken: dict[str, set[str]] = {}

    def claim(self, platform: str, wanted: str, rng: random.Random) -> str:
        taken = self.taken.setdefault(platform, set())
        handle = wanted
        while handle.lower() in taken:
            suffix = str(rng.randrange(10, 9999))
            if platform == "bluesky":
                handle = wanted.replace(".bsky.example", f"{suffix}.bsky.example")
            elif platform == "x":
                handle = wanted[: 15 - len(suffix)] + suffix
            else:
                handle = wanted + suffix
        taken.add(handle.lower())
        return handle


def _split(name: str) -> tuple[str, str, str]:
    """A phrasebank name is ``native|latin`` or just a Latin-script name: (native, latin,
    the latin folded to ASCII for handles)."""
    native, _, latin = name.partition("|")
    latin = latin or native
    return native, latin, _ascii(latin)


# Names split and folded once, not per person.
_NAMES = {
    lang: (tuple(_split(n) for n in people["first"]), tuple(_split(n) for n in people["last"]))
    for lang, people in pb.PEOPLE.items()
}
_HANDLE_PATTERNS = (
    "{f}{l}", "{f}_{l}", "{f}{l1}{d}", "{f}_{d}", "the{f}{l4}", "{l}{f1}{d}", "{f}{d}", "{f}.{l}",
)  # fmt: skip


def _ordinary_person(
    *,
    r: random.Random,
    lang: str,
    platform: str,
    index: int,
    pool_no: int,
    size: int,
    start: datetime,
    handles: _Handles,
) -> _Person:
    rnd = r.random
    people = pb.PEOPLE[lang]
    firsts, lasts = _NAMES[lang]
    first, first_latin, fl = firsts[int(rnd() * len(firsts))]
    last, last_latin, ll = lasts[int(rnd() * len(lasts))]
    style = rnd()
    if lang == "zh" and platform == "weibo":
        if style < 0.3:
            name = r.choice(people["nick"])
        else:
            name = r.choice(people["nick_a"]) + r.choice(people["nick_b"])
        if rnd() < 0.35:
            name += str(r.randrange(1, 2025))
        wanted = name
        first = name
    else:
        if lang in ("zh", "ja"):
            name = last + first if style < 0.7 else f"{first_latin.title()} {last_latin.title()}"
        elif lang == "ar":
            name = (
                f"{first} {last}"
                if style < 0.75
                else f"{first_latin.title()} {last_latin[:1].upper()}."
            )
        elif style < 0.6:
            name = f"{first} {last}"
        elif style < 0.85:
            name = first
        else:
            name = f"{first} {last[:1]}."
        digits = str(1 + int(rnd() * 98)) if rnd() < 0.5 else str(1970 + int(rnd() * 38))
        pattern = _HANDLE_PATTERNS[int(rnd() * len(_HANDLE_PATTERNS))]
        base = pattern.format(f=fl, l=ll, l1=ll[:1], l4=ll[:4], f1=fl[:1], d=digits)
        if platform in ("x", "reddit"):
            base = base.replace(".", "_")
        if platform == "x":
            base = base[:15]
        if platform == "bluesky":
            base = base.replace("_", "-").replace(".", "-") + ".bsky.example"
        wanted = base or f"user{index}"
    handle = handles.claim(platform, wanted, r)
    z = _Z
    if rnd() < 0.004:  # a few influencers and media people: verified, huge reach
        followers = int(math.exp(11.5 + 3.7 * rnd()))
        verified = True
    else:
        busy = 0.8 if index < size * 0.01 else 0.0
        followers = int(math.exp(4.6 + busy + 1.5 * z[int(rnd() * 4096)]))
        verified = rnd() < 0.01
    max_age = (start - _PLATFORM_BORN[platform]).days
    age = min(max_age, max(20.0, math.exp(7.1 + 0.8 * z[int(rnd() * 4096)])))
    created = start - timedelta(days=int(age), seconds=int(rnd() * 86400))
    activity = 4.0 if index < size * 0.02 else 1.0
    uid = pool_no * 10_000_000 + index
    bios, places = people["bio"], pb.TALK[lang]["place"]
    author = Author(
        native_id=_native_author_id(platform, uid, created),
        handle=handle,
        name=name,
        followers=followers,
        following=int(math.exp(5.2 + z[int(rnd() * 4096)])),
        posts_count=1 + int(age * math.exp(-0.3 + 1.3 * z[int(rnd() * 4096)]) * activity),
        created_at=created,
        verified=None if platform in ("mastodon", "reddit") else verified,
        bio=bios[int(rnd() * len(bios))] if rnd() < 0.6 else "",
        location=places[int(rnd() * len(places))] if rnd() < 0.45 else None,
    )
    home = _MASTODON_HOSTS[int(rnd() * 4)] if platform == "mastodon" else ""
    return _Person(author, first=first, lang=lang, platform=platform, uid=uid, home=home)


_FRESH_WORDS = (
    ("sunny", "lucky", "happy", "star", "rose", "lily", "daisy", "sweet", "bright", "golden",
     "silver", "pure", "fresh", "glow", "honey", "misty"),
    ("day", "girl", "life", "vibes", "moon", "sky", "dream", "heart", "beauty", "bloom", "muse"),
)  # fmt: skip
_FRESH_BIOS = {
    "en": ("", "", "", "Love life ✨", "Positive vibes only", "Beauty lover 💄", "Just living"),
    "zh": ("", "", "", "生活明朗，万物可爱", "热爱生活", "做最好的自己", "美妆爱好者"),
}


def _fresh_person(
    *, rng: random.Random, lang: str, platform: str, number: int, start: datetime, handles: _Handles
) -> _Person:
    """A paid poster's account: days old, word+digits handle, generic bio, few followers,
    posting far more per day than people do."""
    if platform == "weibo" and rng.random() < 0.6:
        wanted = f"用户{rng.randrange(5_000_000_000, 7_999_999_999)}"  # Weibo's default name
    else:
        words = _FRESH_WORDS
        wanted = f"{rng.choice(words[0])}{rng.choice(words[1])}{rng.randrange(100, 99999)}"
    handle = handles.claim(platform, wanted[:15] if platform == "x" else wanted, rng)
    age_days = rng.uniform(2.0, 12.0)
    created = (start - timedelta(days=age_days)).replace(microsecond=0)
    uid = 900_000_000 + number
    name = (
        handle
        if platform == "weibo" or rng.random() < 0.5
        else rng.choice(pb.PEOPLE["en"]["first"])
    )
    author = Author(
        native_id=_native_author_id(platform, uid, created),
        handle=handle,
        name=name,
        followers=int(math.exp(rng.uniform(0.0, 3.7))),
        following=rng.randrange(150, 900),
        posts_count=int(age_days * rng.uniform(40, 140)),
        created_at=created,
        verified=False,
        bio=rng.choice(_FRESH_BIOS.get(lang, _FRESH_BIOS["en"])),
        location=None,
    )
    return _Person(author, first=name, lang=lang, platform=platform, uid=uid)


class _Pool:
    """The people of one language on one platform, created on first use. Who posts is
    heavy-tailed: index = size * u**skew puts most posts on the first few people."""

    __slots__ = ("handles", "lang", "no", "people", "platform", "rng", "size", "start")

    def __init__(
        self,
        *,
        rng: random.Random,
        lang: str,
        platform: str,
        no: int,
        size: int,
        start: datetime,
        handles: _Handles,
    ) -> None:
        self.rng, self.lang, self.platform, self.no, self.size = rng, lang, platform, no, size
        self.start, self.handles = start, handles
        self.people: dict[int, _Person] = {}

    def pick(self, u: float, skew: float = 3.0) -> _Person:
        index = int(self.size * (u * u * u if skew == 3.0 else u**skew))
        person = self.people.get(index)
        if person is None:
            person = self.people[index] = _ordinary_person(
                r=self.rng,
                lang=self.lang,
                platform=self.platform,
                index=index,
                pool_no=self.no,
                size=self.size,
                start=self.start,
                handles=self.handles,
            )
        return person


# ---------------------------------------------------------------------------------------
# Campaigns (planned up front: truth() must know them without generating the stream)
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Group:
    platform: str
    lang: str
    accounts: tuple[_Person, ...]


@dataclass(frozen=True, slots=True)
class _Campaign:
    cid: str
    event: str
    topic: str
    themes: tuple[str, ...]  # EVENT keys the bursts draw their texts from
    groups: tuple[_Group, ...]
    bursts: tuple[tuple[float, float], ...]  # (start second, window seconds)
    link: str | None


def _plan_campaign(
    scenario: Scenario,
    seed: int,
    start: datetime,
    event_s: float,
    end_s: float,
    first_s: float | None = None,
    gap_s: float | None = None,
) -> _Campaign | None:
    if scenario.name == "false_report":
        layout = (("weibo", "zh", 14), ("x", "en", 7))
        themes: tuple[str, ...] = ("fr_campaign",)
        first, gaps, until = 25 * 60, (18 * 60, 35 * 60), 3.5 * 3600
        topic, link = "Boycott Aurelia, switch to Velora", None
    elif scenario.name == "water_army":
        layout = (("x", "en", 30), ("weibo", "zh", 14))
        themes = ("wa_praise", "wa_attack")
        first, gaps, until = 20 * 60, (20 * 60, 40 * 60), 6 * 3600
        topic = "Paid praise of Velora Pure and attacks on Aurelia Silk"
        link = "https://velora-pure.example/offer?ref=vp26"
    else:
        return None
    # The demo in `make run` moves the bursts (same accounts and texts): the paid posters
    # already at it before the report, bursts a fixed gap (+10 %) apart.
    if first_s is not None:
        first = first_s
    if gap_s is not None:
        gaps = (gap_s, gap_s * 1.1)
    rng = random.Random(f"{seed}/campaign/{scenario.name}")
    handles = _Handles()
    groups = []
    number = 0
    for platform, lang, count in layout:
        accounts = []
        for _ in range(count):
            number += 1
            accounts.append(
                _fresh_person(
                    rng=rng,
                    lang=lang,
                    platform=platform,
                    number=number,
                    start=start,
                    handles=handles,
                )
            )
        groups.append(_Group(platform, lang, tuple(accounts)))
    bursts = []
    at = max(0.0, event_s + first)
    while at <= min(event_s + until, end_s - 100):
        bursts.append((at, rng.uniform(60.0, 90.0)))
        at += rng.uniform(*gaps)
    if not bursts:
        return None
    return _Campaign(
        "wa-1", scenario.event or scenario.name, topic, themes, tuple(groups), tuple(bursts), link
    )


# ---------------------------------------------------------------------------------------
# The public face
# ---------------------------------------------------------------------------------------
class Simulator:
    """A reproducible stream of posts for one scenario (see SCENARIOS).

    `rate` is the everyday volume in posts per minute at a weekday's peak hour (default 8);
    a weekday then has about 900 x rate everyday posts, and events scale with it (so a
    million posts in a day takes a rate of about 1,100). `event_at` is the offset of the
    scenario's event from `start` (default 6 h, or half the run if that is shorter).
    Bad values raise ValueError (TypeError for the wrong type) saying what was expected.
    """

    def __init__(
        self,
        scenario: str,
        *,
        seed: int = 1,
        start: datetime | None = None,
        duration: timedelta | None = None,
        event_at: timedelta | None = None,
        rate: float | None = None,
        campaign_start: timedelta | None = None,
        campaign_gap: timedelta | None = None,
    ) -> None:
        if not isinstance(scenario, str) or scenario not in SCENARIOS:
            raise ValueError(
                f"unknown scenario {scenario!r}; known scenarios: {', '.join(SCENARIOS)}"
            )
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise TypeError(f"seed must be a whole number, got {type(seed).__name__}")
        self.scenario = SCENARIOS[scenario]
        self.seed = seed
        if start is None:
            start = DEFAULT_START
        elif not isinstance(start, datetime):
            raise TypeError(f"start must be a datetime, got {type(start).__name__}")
        elif start.tzinfo is None or start.utcoffset() is None:
            raise ValueError(
                f"start {start.isoformat()} has no time zone; give an aware datetime, "
                "e.g. datetime(2026, 3, 2, tzinfo=UTC)"
            )
        elif start < _EARLIEST:
            raise ValueError(
                f"start must be {_EARLIEST.date()} or later (platform ids are time-based), "
                f"got {start.isoformat()}"
            )
        # Whole milliseconds, so every post time (start + n ms) is exact.
        self.start = start.astimezone(UTC).replace(microsecond=start.microsecond // 1000 * 1000)
        if duration is None:
            duration = self.scenario.duration
        elif not isinstance(duration, timedelta):
            raise TypeError(f"duration must be a timedelta, got {type(duration).__name__}")
        if duration <= timedelta(0):
            raise ValueError(f"duration must be positive, got {duration}")
        if duration > timedelta(days=366):
            raise ValueError(f"duration must be at most 366 days, got {duration.days} days")
        self.duration = duration
        if event_at is None:
            # A short run still shows its event: halfway if the default is past the end.
            event_at = min(self.scenario.event_at, duration / 2)
        elif not isinstance(event_at, timedelta):
            raise TypeError(f"event_at must be a timedelta, got {type(event_at).__name__}")
        if not timedelta(0) <= event_at < duration:
            raise ValueError(
                f"event_at must be at least 0 and before the end of the run ({duration}), "
                f"got {event_at}"
            )
        self.event_at = event_at
        if rate is None:
            rate = 8.0
        elif isinstance(rate, bool) or not isinstance(rate, int | float):
            raise TypeError(f"rate must be a number, got {type(rate).__name__}")
        if not math.isfinite(rate) or rate <= 0:
            raise ValueError(f"rate must be a positive number of posts per minute, got {rate}")
        if rate > 100_000:
            raise ValueError(f"rate must be at most 100000 posts per minute, got {rate}")
        self.rate = float(rate)
        first_s = gap_s = None
        if campaign_start is not None:
            if not isinstance(campaign_start, timedelta):
                raise TypeError("campaign_start must be a timedelta (from the event; may be < 0)")
            first_s = campaign_start.total_seconds()
            if abs(first_s) > 24 * 3600:
                raise ValueError(
                    f"campaign_start must be within a day of the event, got {campaign_start}"
                )
        if campaign_gap is not None:
            if not isinstance(campaign_gap, timedelta):
                raise TypeError("campaign_gap must be a timedelta")
            gap_s = campaign_gap.total_seconds()
            if not 60 <= gap_s <= 24 * 3600:
                raise ValueError(f"campaign_gap must be from 1 minute to a day, got {campaign_gap}")
        self._campaign = _plan_campaign(
            self.scenario, seed, self.start, event_at.total_seconds(), duration.total_seconds(),
            first_s, gap_s,
        )  # fmt: skip

    def posts(self) -> Iterator[Post]:
        """The stream, lazily, in non-decreasing `created_at`. Each call starts afresh and
        gives the same posts."""
        yield from _Run(self).run()

    def truth(self) -> list[dict[str, Any]]:
        """The labelled events of this run: what a detector should find, and when."""
        scenario = self.scenario
        end = self.start + self.duration
        t0 = self.start + self.event_at
        events: list[dict[str, Any]] = []

        def surge(event: str, kind: str, topic: str, shape: Callable[[float], float]) -> None:
            tau = 0.0
            while tau < 14 * 24 * 60 and (tau < 30 or shape(tau) >= 0.04):
                tau += 1.0
            events.append(
                {
                    "event": event,
                    "kind": kind,
                    "start": _iso(t0),
                    "end": _iso(min(end, t0 + timedelta(minutes=tau))),
                    "topic": topic,
                }
            )

        if scenario.name == "false_report":
            surge(
                "false_report",
                "negative_surge",
                "Magazine claims Aurelia Silk shampoo contains a carcinogen (1,4-dioxane)",
                _FalseReport.shape,
            )
        elif scenario.name == "storm":
            surge(
                "storm",
                "complaint_surge",
                "Storm Ylva cancels Skylark Air flights",
                _Stranded.shape,
            )
        elif scenario.name == "water_army":
            surge(
                "new_formula",
                "complaint_surge",
                "Customers complain about the new Aurelia Silk formula",
                _NewFormula.shape,
            )
        campaign = self._campaign
        if campaign is not None:
            first, last = campaign.bursts[0], campaign.bursts[-1]
            events.append(
                {
                    "event": campaign.event,
                    "kind": "campaign",
                    "campaign": campaign.cid,
                    "start": _iso(self.start + _MS * int(first[0] * 1000)),
                    "end": _iso(min(end, self.start + _MS * int((last[0] + last[1]) * 1000))),
                    "topic": campaign.topic,
                    "accounts": [p.author.native_id for g in campaign.groups for p in g.accounts],
                }
            )
        return events


# ---------------------------------------------------------------------------------------
# One pass over the stream
# ---------------------------------------------------------------------------------------
class _Stub:
    """What a later answer needs of a post. Scheduled answers and follow-ups keep this
    rather than the post: a storm at firehose rates has hundreds of thousands waiting."""

    __slots__ = ("conversation_id", "kind", "native_id")

    def __init__(self, post: Post) -> None:
        self.native_id = post.native_id
        self.conversation_id = post.conversation_id
        self.kind = post.kind


# A post others can reply to, repost or quote (or a stub of one, to answer), with its author.
_Ref = tuple[Any, _Person]


class _Run:
    """All mutable state of one `posts()` iteration: ids, people, recent posts, the queue
    of scheduled posts (replies, follow-ups, statements, bursts) and the flows."""

    def __init__(self, sim: Simulator) -> None:
        self.sim = sim
        self.name = sim.scenario.name
        self.domain = sim.scenario.domain
        self.brand = _BRANDS[self.domain]
        self.start = sim.start
        self.start_ms = int(sim.start.timestamp() * 1000)
        self.day_path = sim.start.strftime("%Y/%m/%d")  # news links carry the day
        self.end = sim.duration.total_seconds()
        self.event_s = sim.event_at.total_seconds()
        self.rate = sim.rate
        self.rng = random.Random(sim.seed)
        self.rnd = self.rng.random
        self.gauss = self.rng.gauss
        # (time, sequence, handler, *arguments): one flat tuple per scheduled post keeps the
        # garbage collector's work down when a storm has hundreds of thousands waiting.
        self.heap: list[tuple[Any, ...]] = []
        self.seq = 0
        self.counters: dict[str, int] = {}
        self.recent: dict[tuple[str, str], list[_Ref]] = {}
        self.articles: dict[str, list[tuple[str, str]]] = {}  # lang -> (title, url)
        self.handles = _Handles()
        self.vocab = self._vocabulary()
        self.officials: dict[tuple[str, str], _Person] = {}
        self.official_handles = frozenset({self.brand.care, self.brand.main})
        self.outlets: dict[tuple[str, int], _Person] = {}
        self.voices: dict[str, _Person] = {}
        self.agents_free = 0.0
        # Bound once: `self._answer_later` would make a new method object per scheduled post.
        self.on_answer = self._answer_later
        self._make_officials()
        campaign = sim._campaign
        if campaign is not None:
            for group in campaign.groups:
                for person in group.accounts:
                    self.handles.taken.setdefault(group.platform, set()).add(person.handle.lower())
        for _, platform, handle, *_ in _VOICES:
            self.handles.taken.setdefault(platform, set()).add(handle.lower())
        self.pools = self._make_pools()
        self.lang_pools = {
            lang: (tuple(self.pools[(lang, p)] for p in platforms), cum)
            for lang, (platforms, cum) in _PLATFORM_MIX.items()
        }
        self.flows: list[Any] = [_Everyday(self), _Newsroom(self)]
        if self.name == "false_report":
            report = _FalseReport(self)
            self.flows += [report, _Relief(self, report)]
        elif self.name == "storm":
            self.flows.append(_Stranded(self))
        elif self.name == "water_army":
            self.flows.append(_NewFormula(self))
        if campaign is not None:
            _Bursts(self, campaign)
        self.at(self.rng.uniform(600, 7200), self._promo)

    # -- set-up -------------------------------------------------------------------------
    def _vocabulary(self) -> dict[str, dict[str, tuple[_Template, ...]]]:
        ctag = {"false_report": "fr_ctag", "storm": "st_ctag", "water_army": "wa_ctag"}.get(
            self.name, "fr_ctag" if self.domain == "care" else "st_ctag"
        )
        vocab = {}
        for lang in pb.LANGS:
            words = dict(_TALK[lang])
            words.update(_DOMAIN[lang][self.domain])
            words["ctag"] = _EVENT[lang][ctag]
            vocab[lang] = words
        return vocab

    def _make_officials(self) -> None:
        brand = self.brand
        for n, platform in enumerate(("x", "weibo", "mastodon", "bluesky")):
            for role, handle in (("care", brand.care), ("main", brand.main)):
                weibo = platform == "weibo"
                name = brand.names[(2 if weibo else 0) + (role == "main")]
                uid = 990 * 10_000_000 + n * 2 + (role == "main")
                created = datetime(2011 + n, 5, 17, 9, 30, tzinfo=UTC)
                bio = {
                    "care": f"Official customer care of {brand.names[1]}. We're here every day. {brand.site}/help",
                    "main": f"The official account of {brand.names[1]}. {brand.site}",
                }[role]
                author = Author(
                    native_id=_native_author_id(platform, uid, created),
                    handle=handle,
                    name=name,
                    followers=1_250_000 if role == "main" else 186_000,
                    following=420 if role == "main" else 2_100,
                    posts_count=9_800 if role == "main" else 148_000,
                    created_at=created,
                    verified=None if platform == "mastodon" else True,
                    bio=bio,
                    location="Milano" if self.domain == "care" else "Helsinki",
                )
                self.officials[(platform, role)] = _Person(
                    author,
                    first=name,
                    lang="en",
                    platform=platform,
                    uid=uid,
                    official=True,
                    home="mastodon.example",
                )
                self.handles.taken.setdefault(platform, set()).add(handle.lower())

    def _make_pools(self) -> dict[tuple[str, str], _Pool]:
        # Enough people that most post once or twice, capped so a firehose run stays small.
        per_day = self.rate * 1440 * 0.62
        total = max(3000, min(80000, int(per_day * 0.9)))
        pools = {}
        no = 1
        # Who a person is depends only on the seed and on when they first post, which the
        # seed decides too; one generator for all of them is cheaper than one each.
        people = random.Random(f"{self.sim.seed}/people")
        for lang in pb.LANGS:
            platforms, cum = _PLATFORM_MIX[lang]
            previous = 0.0
            for platform, c in zip(platforms, cum, strict=True):
                share = _LANG_SHARE[lang] * (c - previous)
                previous = c
                size = max(30, int(total * share))
                pools[(lang, platform)] = _Pool(
                    rng=people,
                    lang=lang,
                    platform=platform,
                    no=no,
                    size=size,
                    start=self.start,
                    handles=self.handles,
                )
                no += 1
        return pools

    # -- the loop -----------------------------------------------------------------------
    def run(self) -> Iterator[Post]:
        heap = self.heap
        flows = self.flows
        rnd = self.rnd
        expo = self.rng.expovariate
        end = self.end
        t = 0.0
        minute = -1
        boundary = 0.0
        total = 0.0
        cum: list[float] = []
        while True:
            m = int(t // 60)
            if m != minute:
                minute = m
                boundary = (m + 1) * 60.0
                cum = []
                total = 0.0
                for flow in flows:
                    total += flow.rate(m) / 60.0
                    cum.append(total)
            # Poisson arrivals at this minute's rate; at the boundary start over with the
            # next minute's rate (exact for a piecewise-constant rate: no memory).
            nt = t + expo(total) if total > 0 else boundary
            arrival = nt < boundary
            if not arrival:
                nt = boundary
            limit = nt if nt < end else end
            while heap and heap[0][0] <= limit:
                entry = heapq.heappop(heap)
                post = entry[2](entry[0], *entry[3:])
                if post is not None:
                    yield post
            if nt > end:
                return
            t = nt
            if arrival:
                post = flows[bisect(cum, rnd() * total)].emit(t)
                if post is not None:
                    yield post

    def at(self, t: float, handler: Callable[..., Post | None], *args: Any) -> None:
        """Schedule `handler(t, *args)`; anything past the end of the run is dropped."""
        if t <= self.end:
            self.seq += 1
            heapq.heappush(self.heap, (t, self.seq, handler, *args))

    # -- people -------------------------------------------------------------------------
    def pick(self, lang: str, skew: float = 3.0) -> _Person:
        pools, cum = self.lang_pools[lang]
        return pools[bisect(cum, self.rnd())].pick(self.rnd(), skew)

    def pick_on(self, lang: str, platform: str, skew: float = 3.0) -> _Person:
        pool = self.pools.get((lang, platform))
        if pool is None:
            return self.pick(lang, skew)
        return pool.pick(self.rnd(), skew)

    def outlet(self, lang: str, which: int | None = None) -> _Person:
        outlets = _OUTLETS[lang]
        n = which if which is not None else int(self.rnd() * len(outlets))
        person = self.outlets.get((lang, n))
        if person is None:
            name, domain = outlets[n]
            r = random.Random(f"{self.sim.seed}/outlet/{domain}")
            author = Author(
                native_id=domain,
                handle=domain,
                name=name,
                followers=int(math.exp(r.uniform(11.0, 14.5))),
                verified=True,
                created_at=datetime(1998 + n * 3, 1, 1, tzinfo=UTC),
                bio="",
                location=None,
            )
            person = self.outlets[(lang, n)] = _Person(
                author, first=name, lang=lang, platform="news", uid=0, home=domain
            )
        return person

    def voice(self, index: int) -> _Person:
        person = self.voices.get(str(index))
        if person is None:
            lang, platform, handle, name, followers, _ = _VOICES[index]
            uid = 980 * 10_000_000 + index
            created = datetime(2010 + index % 8, 3, 1, tzinfo=UTC)
            author = Author(
                native_id=_native_author_id(platform, uid, created),
                handle=handle,
                name=name,
                followers=followers,
                following=300 + 37 * index,
                posts_count=60_000 + 9_000 * index,
                created_at=created,
                verified=True,
                bio="",
                location=None,
            )
            person = self.voices[str(index)] = _Person(
                author, first=name, lang=lang, platform=platform, uid=uid
            )
        return person

    def official(self, platform: str, role: str = "care") -> _Person | None:
        return self.officials.get((platform, role))

    # -- text ---------------------------------------------------------------------------
    def choose(self, templates: tuple[_Template, ...]) -> _Template:
        return templates[int(self.rnd() * len(templates))]

    def fill(self, template: _Template, lang: str, ctx: dict[str, str] | None = None) -> str:
        parts = template.parts
        if parts.__class__ is str:
            return parts
        rnd = self.rnd
        out = []
        for part in parts:
            cls = part.__class__
            if cls is str:
                out.append(part)
            elif cls is tuple:
                value = self.slot(part[0], lang, ctx)
                out.append(_capitalise(value) if part[1] else value)
            else:
                out.append(part[int(rnd() * len(part))])
        return "".join(out)

    def slot(self, name: str, lang: str, ctx: dict[str, str] | None) -> str:
        if ctx and name in ctx:
            return ctx[name]
        rnd = self.rnd
        templates = self.vocab[lang].get(name)
        if templates is not None:
            return self.fill(templates[int(rnd() * len(templates))], lang, ctx)
        # Values made up on the spot rather than picked from the phrasebank.
        if name == "handle":
            return "@" + (self.brand.care if rnd() < 0.8 else self.brand.main)
        if name == "n":
            return str(2 + int(rnd() * 8))
        if name == "hours":
            return str(2 + int(rnd() * 5))
        if name == "flight":
            return f"SX {100 + int(rnd() * 2900)}"
        if name == "booking":
            bits = int(rnd() * 0x40000000)  # six 5-bit letters from one draw
            return "".join([_REF_CHARS[(bits >> shift) & 31] for shift in (0, 5, 10, 15, 20, 25)])
        if name == "bagtag":
            return f"SX{100000 + int(rnd() * 900000)}"
        if name == "order":
            return str(4_000_000 + int(rnd() * 999_999))
        if name == "agent":
            return _AGENTS[int(rnd() * 7)]
        if name == "site":
            paths = self.brand.help_paths
            return self.brand.site + paths[int(rnd() * len(paths))]
        if name == "url":  # a story on a news site in that language
            return self.news_url_for(self.outlet(lang), "")
        raise KeyError(f"no value for {{{name}}} in {lang}")  # a phrasebank typo: see tests

    def decorate(self, text: str, lang: str, sentiment: str, platform: str) -> str:
        """Openers, closers and emoji, as people add them."""
        rnd = self.rnd
        glue = "" if lang in _CJK else " "
        talk = _TALK[lang]
        if rnd() < 0.07:
            text = self.fill(self.choose(talk["open"]), lang) + glue + text
        r = rnd()
        key = "neg" if sentiment == "negative" else "pos" if sentiment == "positive" else "neu"
        tail = None
        if r < (0.1 if key == "neu" else 0.33):
            emoji = _WEIBO_EMOJI if platform == "weibo" and lang == "zh" and rnd() < 0.7 else talk
            tail = self.fill(self.choose(emoji[key]), lang)
        elif key == "neu" and r < 0.2:  # "lol", "tbh": the casual tails of light posts
            tail = self.fill(self.choose(talk["close"]), lang)
        return _append(text, tail, lang) if tail else text

    # -- ids and links ------------------------------------------------------------------
    def new_id(self, platform: str, ms: int, person: _Person, kind: str) -> str:
        n = self.counters.get(platform, 0) + 1
        self.counters[platform] = n
        if platform == "x":
            return str(((ms - _X_EPOCH_MS) << 22) | (n & 0xFFF))
        if platform == "weibo":
            return str(5_100_000_000_000_000 + (ms // 1000 - 1_700_000_000) * 100_000 + n % 100_000)
        if platform == "mastodon":
            return str((ms << 16) | (n & 0xFFFF))
        if platform == "bluesky":
            tid = _b32(((ms * 1000 + n % 1000) << 10) | (n & 0x3FF), 13)
            collection = "app.bsky.feed.repost" if kind == "repost" else "app.bsky.feed.post"
            return f"at://{person.author.native_id}/{collection}/{tid}"
        if platform == "reddit":
            return ("t1_" if kind == "comment" else "t3_") + _b36(0x2A000000 + n)
        return str(n)

    # -- posts --------------------------------------------------------------------------
    def post(
        self,
        t: float,
        person: _Person,
        kind: str,
        text: str,
        lang: str,
        intent: str,
        sentiment: str,
        about: bool,
        *,
        event: str | None = None,
        coordinated: bool = False,
        campaign: str | None = None,
        parent: _Ref | None = None,
        dm_to: str | None = None,
        title: str | None = None,
        url: str | None = None,
        boost: float = 1.0,
        reason: str | None = None,
        remember: bool = True,
    ) -> Post:
        platform = person.platform
        offset_ms = int(t * 1000)
        ms = self.start_ms + offset_ms
        native_id = url if platform == "news" and url else self.new_id(platform, ms, person, kind)
        hashtags = mentions = urls = None
        if text:
            if "#" in text:
                hashtags = (_TOPIC if lang == "zh" else _HASHTAG).findall(text) or None
            if "@" in text:
                mentions = (_WEIBO_MENTION if platform == "weibo" else _MENTION).findall(
                    text
                ) or None
            if "http" in text:
                urls = _URL.findall(text) or None
        parent_post = parent[0] if parent is not None else None
        to_account = None
        if dm_to is not None:
            to_account = dm_to
        elif not person.official and kind != "repost":
            if mentions:
                for handle in mentions:
                    if handle in self.official_handles:
                        to_account = handle
                        break
            if to_account is None and parent is not None and parent[1].official:
                to_account = parent[1].handle
        if kind in ("reply", "comment") and parent_post is not None:
            conversation = parent_post.conversation_id or parent_post.native_id
        elif kind == "dm":
            conversation = self.dm_conversation(person, parent)
        else:
            conversation = native_id
        if kind == "dm":
            url = None
        elif platform == "x":
            url = f"https://x.example/{person.handle}/status/{native_id}"
        elif platform == "weibo":
            url = f"https://weibo.example/{person.author.native_id}/{native_id}"
        elif platform == "mastodon":
            url = f"https://{person.home or 'mastodon.example'}/@{person.handle}/{native_id}"
        elif platform == "bluesky":
            url = f"https://bsky.example/profile/{person.handle}/post/{native_id.rsplit('/', 1)[1]}"
        elif platform == "reddit":
            root = conversation if conversation.startswith("t3_") else native_id
            subs = self.brand.subreddits
            sub = subs[int(root[3:], 36) % len(subs)]
            url = f"https://reddit.example/r/{sub}/comments/{root[3:]}/"
            if kind == "comment":
                url += f"comment/{native_id[3:]}/"
            elif title is None:
                title = _SENTENCE_END.split(text, 1)[0][:120]
        metrics = None
        if kind not in ("dm", "repost", "article"):
            # Log-normal engagement that grows with reach: most posts get nothing, a few a lot.
            rnd, exp, z = self.rnd, math.exp, _Z
            followers = person.followers
            likes = int(0.03 * followers**0.8 * boost * exp(1.1 * z[int(rnd() * 4096)]))
            reposts = int(likes * 0.18 * exp(0.8 * z[int(rnd() * 4096)]))
            asks = 0.6 if intent in _CUSTOMER else 0.0
            replies = int((likes * 0.1 + asks) * exp(0.8 * z[int(rnd() * 4096)]))
            if platform == "x":
                views = int((followers * 0.25 + likes * 40 + 3) * exp(0.6 * z[int(rnd() * 4096)]))
                metrics = Metrics(likes=likes, reposts=reposts, replies=replies, views=views)
            elif platform == "reddit":
                metrics = Metrics(likes=likes + 1, replies=replies)
            else:
                metrics = Metrics(likes=likes, reposts=reposts, replies=replies)
        sim: dict[str, Any] = {
            "scenario": self.name,
            "event": event,
            "coordinated": coordinated,
            "campaign": campaign,
            "intent": intent,
            "sentiment": sentiment,
            "about_brand": about,
            "lang": lang,
        }
        if reason is not None:
            sim["reason"] = reason
        # Only the fields that are set: msgspec takes a dozen keywords much faster than twenty.
        post = Post(
            platform=platform,
            native_id=native_id,
            created_at=self.start + _MS * offset_ms,
            text=text,
            kind=kind,
            lang=lang if self.rnd() >= 0.15 else None,  # platforms leave ~15 % untagged
            author=person.author,
            conversation_id=conversation,
            raw={"sim": sim},
        )
        if url is not None:
            post.url = url
        if title is not None:
            post.title = title
        if metrics is not None:
            post.metrics = metrics
        if parent_post is not None:
            if kind == "repost":
                post.repost_of = parent_post.native_id
            elif kind == "quote":
                post.quote_of = parent_post.native_id
            else:
                post.reply_to = parent_post.native_id
        if urls:
            post.urls = urls
        if hashtags:
            post.hashtags = hashtags
        if mentions:
            post.mentions = mentions
        if to_account is not None:
            post.to_account = to_account
        if remember and kind not in ("dm", "repost", "article"):
            key = (platform, lang)
            recent = self.recent.get(key)
            if recent is None:
                recent = self.recent[key] = []
            recent.append((post, person))
            if len(recent) > 96:
                del recent[:32]
        return post

    def dm_conversation(self, person: _Person, parent: _Ref | None) -> str:
        """A DM thread is the pair of accounts, as on X ("lowid-highid")."""
        if parent is not None and parent[0].conversation_id:
            return parent[0].conversation_id
        official = self.official(person.platform)
        low, high = sorted((person.uid, official.uid if official is not None else 0))
        return f"dm-{low}-{high}"

    # -- the common moves ---------------------------------------------------------------
    def parent_from(
        self, platform: str, lang: str, *, popular: int = 2, about: bool | None = None
    ) -> _Ref | None:
        """A recent post to answer or share; the better-followed of a few, as attention
        goes."""
        recent = self.recent.get((platform, lang))
        if not recent:
            return None
        best = None
        n = len(recent)
        for _ in range(popular):
            candidate = recent[n - 1 - int(self.rnd() * min(n, 48))]
            if about is not None and candidate[0].raw["sim"]["about_brand"] != about:
                continue
            if best is None or candidate[1].followers > best[1].followers:
                best = candidate
        return best

    def reply(
        self,
        t: float,
        person: _Person,
        lang: str,
        parent: _Ref | None = None,
        *,
        templates: tuple[_Template, ...] | None = None,
        intent: str = "other",
        sentiment: str | None = None,
        event: str | None = None,
        ctx: dict[str, str] | None = None,
    ) -> Post | None:
        if parent is None:
            parent = self.parent_from(person.platform, lang)
        if parent is None or parent[1] is person or parent[1].platform != person.platform:
            return None
        parent_post = parent[0]
        psim = parent_post.raw["sim"]
        if templates is None:
            mood = psim["sentiment"]
            templates = _FRAMES[lang][_REPLY_TO.get(mood, "reply_neu")]
            sentiment = sentiment or mood
        template = self.choose(templates)
        text = self.fill(template, lang, ctx)
        if template.label in _SENTIMENT:
            sentiment = _SENTIMENT[template.label]
        sentiment = sentiment or "neutral"
        text = self.decorate(text, lang, sentiment, person.platform)
        text = self.address(person, parent) + text
        kind = "comment" if person.platform == "reddit" else "reply"
        return self.post(
            t,
            person,
            kind,
            text,
            lang,
            intent,
            sentiment,
            psim["about_brand"],
            event=event if event is not None else (None if psim["coordinated"] else psim["event"]),
            parent=parent,
        )

    def address(self, person: _Person, parent: _Ref) -> str:
        """How a reply names the post's author: "@handle " on X, Mastodon and Bluesky,
        "回复@handle:" under a Weibo comment, nothing on Reddit or in one's own thread."""
        parent_post, parent_person = parent
        if parent_person is person:
            return ""
        if person.platform in ("x", "mastodon", "bluesky"):
            return f"@{parent_person.handle} "
        if person.platform == "weibo" and parent_post.kind == "reply":
            return f"回复@{parent_person.handle}:"
        return ""

    def repost(self, t: float, person: _Person, parent: _Ref | None = None) -> Post | None:
        platform = person.platform
        if platform == "reddit":
            return None
        if parent is None:
            parent = self.parent_from(platform, person.lang, popular=3)
        if parent is None or parent[1] is person or parent[1].platform != platform:
            return None
        parent_post, parent_person = parent
        psim = parent_post.raw["sim"]
        if platform == "x":
            body = parent_post.text
            text = f"RT @{parent_person.handle}: " + (
                body if len(body) <= 116 else body[:115] + "…"
            )
        elif platform == "weibo":
            if self.rnd() < 0.55:
                text = "转发微博"
            else:
                text = self.fill(self.choose(_FRAMES["zh"]["quote"]), "zh")
        else:
            text = ""
        return self.post(
            t,
            person,
            "repost",
            text,
            psim["lang"],
            psim["intent"],
            psim["sentiment"],
            psim["about_brand"],
            event=None if psim["coordinated"] else psim["event"],
            parent=parent,
        )

    def quote(
        self, t: float, person: _Person, lang: str, parent: _Ref | None = None
    ) -> Post | None:
        if person.platform not in ("x", "bluesky"):
            return None
        if parent is None:
            parent = self.parent_from(person.platform, lang, popular=3)
        if parent is None or parent[1] is person or parent[1].platform != person.platform:
            return None
        psim = parent[0].raw["sim"]
        text = self.fill(self.choose(_FRAMES[lang]["quote"]), lang)
        if person.platform == "x" and parent[0].url:
            text += " " + parent[0].url
        return self.post(
            t,
            person,
            "quote",
            text,
            lang,
            "other",
            "neutral",
            psim["about_brand"],
            event=None if psim["coordinated"] else psim["event"],
            parent=parent,
        )

    def answer(
        self,
        t: float,
        post: Post | _Stub | _Customer,
        person: _Person,
        lang: str,
        *,
        templates: tuple[_Template, ...],
        event: str | None = None,
        ctx: dict[str, str] | None = None,
    ) -> Post | None:
        """The care account answers a customer: in the DM if they wrote privately,
        publicly under their post otherwise."""
        official = self.official(person.platform)
        if official is None:
            return None
        context = {"first": person.first}
        if ctx:
            context.update(ctx)
        text = self.fill(self.choose(templates), lang, context)
        parent = (post, person)
        if post.kind == "dm":
            return self.post(
                t,
                official,
                "dm",
                text,
                lang,
                "other",
                "neutral",
                True,
                event=event,
                parent=parent,
                dm_to=official.handle,
            )
        text = self.address(official, parent) + text
        return self.post(
            t, official, "reply", text, lang, "other", "neutral", True, event=event, parent=parent
        )

    def maybe_answer(self, t: float, post: Post, person: _Person, lang: str, intent: str) -> None:
        """Some customers get an answer from the care team, 10 minutes to a few hours
        later; private messages more often than public posts."""
        if person.platform in ("reddit", "news"):
            return
        if post.kind == "dm":
            chance = 0.5
        elif intent in _CUSTOMER:
            chance = 0.12
        elif intent == "praise":
            chance = 0.05
        else:
            return
        if self.rnd() >= chance:
            return
        delay = max(120.0, math.exp(self.gauss(math.log(2100.0), 0.8)))
        key = "thanks" if intent == "praise" else "reply"
        self.at(t + delay, self.on_answer, _Stub(post), person, lang, key)

    def _answer_later(
        self, t: float, post: _Stub, person: _Person, lang: str, key: str
    ) -> Post | None:
        return self.answer(t, post, person, lang, templates=self.vocab[lang][key])

    # -- scheduled official posts and articles ------------------------------------------
    def _promo(self, t: float) -> Post | None:
        """The brand's own everyday posts, every few hours (not in the middle of a storm)."""
        self.at(t + math.exp(self.gauss(math.log(3 * 3600.0), 0.3)), self._promo)
        busy = self.name in ("storm", "false_report") and 0 <= t - self.event_s < 8 * 3600
        if busy:
            return None
        r = self.rnd()
        lang = "en" if r < 0.4 else "zh" if r < 0.65 else pb.LANGS[2 + int(self.rnd() * 8)]
        platform = "weibo" if lang == "zh" else "x" if self.rnd() < 0.75 else "bluesky"
        official = self.officials[(platform, "main")]
        text = self.fill(self.choose(self.vocab[lang]["promo"]), lang)
        return self.post(t, official, "post", text, lang, "other", "positive", True, boost=0.3)

    def article(
        self,
        t: float,
        lang: str,
        key: str,
        outlet: int | None = None,
        event: str | None = None,
        sentiment: str = "neutral",
    ) -> Post | None:
        lines = pb.ARTICLES.get(lang, {}).get(key)
        if not lines:
            return None
        title, _, lead = lines[int(self.rnd() * len(lines))].partition(" || ")
        person = self.outlet(lang, outlet)
        url = self.news_url_for(person, title)
        self.articles.setdefault(lang, []).append((title, url))
        return self.post(
            t,
            person,
            "article",
            lead,
            lang,
            "news",
            sentiment,
            True,
            event=event,
            title=title,
            url=url,
        )

    def news_url_for(self, outlet: _Person, title: str) -> str:
        n = self.counters.get("news", 0) + 1
        self.counters["news"] = n
        slug = "-".join(w for w in (_ascii(w) for w in title.split()[:7]) if w) if title else ""
        return f"https://{outlet.home}/{self.day_path}/{slug or 'story'}-{n}"

    def thread(
        self,
        t: float,
        official: _Person,
        lang: str,
        parts: tuple[str, ...],
        index: int,
        previous: _Ref | None,
        event: str | None,
        ctx: dict[str, str],
        on_post: Callable[[_Ref], None] | None,
    ) -> Post | None:
        """An official thread: each post replies to the one before, a few seconds apart."""
        text = self.fill(_compile(parts[index]), lang, ctx)
        kind = "reply" if previous is not None else "post"
        post = self.post(
            t,
            official,
            kind,
            text,
            lang,
            "other",
            "neutral",
            True,
            event=event,
            parent=previous,
            boost=2.0,
        )
        ref = (post, official)
        if on_post is not None:
            on_post(ref)
        if index + 1 < len(parts):
            self.at(
                t + self.rng.uniform(20.0, 55.0),
                self.thread,
                official,
                lang,
                parts,
                index + 1,
                ref,
                event,
                ctx,
                None,
            )
        return post

    def statement(
        self,
        t: float,
        key: str,
        lang: str,
        platform: str,
        event: str | None,
        on_post: Callable[[_Ref], None] | None = None,
    ) -> None:
        lines = pb.THREADS.get(lang, {}).get(key)
        official = self.officials.get((platform, "main"))
        if not lines or official is None:
            return
        parts = tuple(lines[0].split(" || "))
        if platform == "weibo":
            parts = ("\n".join(parts),)  # Weibo has no threads: one long post
        ctx = {"site": self.brand.site + self.brand.event_page, "handle": "@" + self.brand.care}
        self.at(t, self.thread, official, lang, parts, 0, None, event, ctx, on_post)


# ---------------------------------------------------------------------------------------
# Flows: each has a rate (posts per minute, by minute of the run) and makes one post
# ---------------------------------------------------------------------------------------
class _Everyday:
    """Ordinary traffic: people in ten languages talking about the brand and about
    nothing in particular, following their local day."""

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.langs = pb.LANGS
        self.cum: list[float] = []
        self.total = 0.0
        self.start_minute = int(run.start_ms // 60000)

    def rate(self, minute: int) -> float:
        absolute = self.start_minute + minute
        cum = []
        total = 0.0
        for lang in self.langs:
            local = absolute + _UTC_OFFSET[lang] * 60
            weekday = (local // 1440 + 3) % 7  # 1 January 1970 was a Thursday
            factor = _WEEKEND if weekday >= 5 else 1.0
            total += _LANG_SHARE[lang] * _RHYTHM[local % 1440] * factor
            cum.append(total)
        self.cum = cum
        self.total = total
        return self.run.rate * total

    def emit(self, t: float) -> Post | None:
        run = self.run
        rnd = run.rnd
        lang = self.langs[bisect(self.cum, rnd() * self.total)]
        person = run.pick(lang)
        r = rnd()
        post = None
        if r < 0.13:
            post = run.reply(t, person, lang)
        elif r < 0.22:
            post = run.repost(t, person)
        elif r < 0.24:
            post = run.quote(t, person, lang)
        return post or self.original(t, person, lang)

    def original(self, t: float, person: _Person, lang: str) -> Post:
        run = self.run
        rnd = run.rnd
        cat = _EVERYDAY_CATS[bisect(_EVERYDAY_CUM, rnd())]
        intent, sentiment = _LABELS[cat]
        platform = person.platform
        ctx = None
        kind = "post"
        dm_to = None
        if cat == "share":
            recent = run.articles.get(lang)
            if recent and rnd() < 0.7:
                title, url = recent[-1 - int(rnd() * min(len(recent), 5))]
                ctx = {"headline": title, "url": url}
        if cat in _CUSTOMER and platform in ("x", "weibo") and rnd() < 0.1:
            template = run.choose(_FRAMES[lang]["dm"])
            kind = "dm"
            dm_to = run.brand.care
            # A DM frame says what it is by the clause it wraps.
            intent = next((i for slot, i in _DM_INTENT if slot in template.slots), "request")
            sentiment = "negative" if intent == "complaint" else "neutral"
        else:
            template = run.choose(_FRAMES[lang][cat])
        text = run.fill(template, lang, ctx)
        if template.label in _SENTIMENT:
            sentiment = _SENTIMENT[template.label]
        text = run.decorate(text, lang, sentiment, platform)
        post = run.post(
            t, person, kind, text, lang, intent, sentiment, cat != "chatter", dm_to=dm_to
        )
        run.maybe_answer(t, post, person, lang, intent)
        return post


class _Newsroom:
    """News sites writing about the brand now and then."""

    def __init__(self, run: _Run) -> None:
        self.run = run

    def rate(self, minute: int) -> float:
        # A sliver of the everyday volume, keeping to the same hours (computed just before).
        return self.run.rate * 0.004 * self.run.flows[0].total

    def emit(self, t: float) -> Post | None:
        run = self.run
        langs, cum = _BASE_MIX
        lang = langs[bisect(cum, run.rnd())]
        title = _capitalise(run.fill(run.choose(run.vocab[lang]["headline"]), lang))
        lead = run.fill(run.choose(_LEADS[lang]), lang)
        person = run.outlet(lang)
        url = run.news_url_for(person, title)
        run.articles.setdefault(lang, []).append((title, url))
        return run.post(
            t, person, "article", lead, lang, "news", "neutral", True, title=title, url=url
        )


class _FalseReport:
    """S1: a magazine's false claim, the big accounts that carry it, the negative wave,
    the brand's statement two hours later, and the paid pile-on (see _Bursts)."""

    RAMP, HOLD, HALF_LIFE, STATEMENT = 15.0, 0.0, 90.0, 120.0
    MIX = (("share", 0.2), ("fear", 0.3), ("anger", 0.28), ("request", 0.12), ("skeptic", 0.1))

    @staticmethod
    def shape(tau: float) -> float:
        cls = _FalseReport
        return _surge(tau, cls.RAMP, cls.HOLD, cls.HALF_LIFE, cls.STATEMENT, 45.0)

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.t0 = run.event_s
        self.statement_at = self.t0 + self.STATEMENT * 60
        self.top: list[tuple[_Ref, float]] = []
        self.statements: list[_Ref] = []
        self.cats, self.cum = _cumulative(dict(self.MIX))
        self.original_url = ""
        self.coverage: dict[str, str] = {}  # lang -> url of the local report of the claim
        event = "false_report"
        # The magazine publishes; big accounts pick it up within minutes; local media
        # follow; the brand answers at STATEMENT minutes.
        run.at(self.t0, self._report)
        for i in range(len(_VOICES)):
            delay = 90.0 if i == 0 else 150.0 + i * run.rng.uniform(40.0, 80.0)
            run.at(self.t0 + delay, self._top_post, i)
        for lang in pb.LANGS:
            if lang != "en":
                run.at(self.t0 + run.rng.uniform(12, 70) * 60, self._coverage, lang, "fr_report")
        run.at(self.t0 + run.rng.uniform(30, 50) * 60, self._coverage, "en", "fr_followup")
        run.at(self.t0 + run.rng.uniform(40, 80) * 60, self._coverage, "zh", "fr_followup")
        for i, (lang, platform) in enumerate(_STATEMENT_CHANNELS):
            run.statement(
                self.statement_at + i * run.rng.uniform(30, 90),
                "fr_statement",
                lang,
                platform,
                event,
                self.statements.append,
            )
        for lang in pb.LANGS:
            run.at(
                self.statement_at + run.rng.uniform(10, 45) * 60,
                self._coverage,
                lang,
                "fr_statement",
            )

    def _report(self, t: float) -> Post | None:
        post = self.run.article(
            t, "en", "fr_report", outlet=0, event="false_report", sentiment="negative"
        )
        if post is not None:
            self.original_url = post.url or ""
        return post

    def _coverage(self, t: float, lang: str, key: str) -> Post | None:
        sentiment = "neutral" if key == "fr_statement" else "negative"
        post = self.run.article(t, lang, key, event="false_report", sentiment=sentiment)
        if post is not None and key == "fr_report":
            self.coverage[lang] = post.url or ""
        return post

    def article_url(self, lang: str) -> str:
        """People link the magazine, or once it exists, their own country's report of it."""
        local = self.coverage.get(lang)
        if local and self.run.rnd() < 0.6:
            return local
        return self.original_url or self.run.news_url_for(self.run.outlet(lang), "")

    def _top_post(self, t: float, index: int) -> Post | None:
        run = self.run
        person = run.voice(index)
        lang = person.lang
        templates = _EVENT[lang]["fr_top"]
        text = run.fill(run.choose(templates), lang, {"article_url": self.article_url(lang)})
        post = run.post(
            t,
            person,
            "post",
            text,
            lang,
            "news",
            "negative",
            True,
            event="false_report",
            boost=25.0 if index == 0 else 6.0,
        )
        self.top.append(((post, person), _VOICES[index][5]))
        return post

    def pick_top(self) -> _Ref:
        total = sum(w for _, w in self.top)
        x = self.run.rnd() * total
        for ref, weight in self.top:
            x -= weight
            if x <= 0:
                return ref
        return self.top[-1][0]

    def rate(self, minute: int) -> float:
        tau = (minute * 60 + 30 - self.t0) / 60
        return self.run.rate * 9.0 * self.shape(tau)

    def emit(self, t: float) -> Post | None:
        run = self.run
        rnd = run.rnd
        r = rnd()
        event = "false_report"
        if self.top and r < 0.27:
            parent = self.pick_top()
            person = run.pick_on(parent[0].raw["sim"]["lang"], parent[1].platform, skew=1.5)
            post = run.repost(t, person, parent)
            if post is not None:
                return post
        elif self.top and r < 0.37:
            parent = self.pick_top()
            lang = parent[0].raw["sim"]["lang"]
            person = run.pick_on(lang, parent[1].platform, skew=1.5)
            key = ("fr_fear", "fr_anger")[int(rnd() * 2)]
            intent = "question" if key == "fr_fear" else "complaint"
            post = run.reply(
                t,
                person,
                lang,
                parent,
                templates=_EVENT[lang][key],
                intent=intent,
                sentiment="negative",
                event=event,
            )
            if post is not None:
                return post
        elif self.statements and r < 0.45 and t > self.statement_at:
            parent = self.statements[int(rnd() * len(self.statements))]
            person = run.pick_on(parent[0].raw["sim"]["lang"], parent[1].platform, skew=1.5)
            post = run.repost(t, person, parent)
            if post is not None:
                return post
        langs, cum = _OUTRAGE_MIX
        lang = langs[bisect(cum, rnd())]
        person = run.pick(lang, skew=1.8)
        cat = self.cats[bisect(self.cum, rnd())]
        intent, sentiment = _OUTRAGE_LABELS[cat]
        template = run.choose(_EVENT[lang]["fr_" + cat])
        text = run.fill(template, lang, {"article_url": self.article_url(lang)})
        text = run.decorate(text, lang, sentiment, person.platform)
        post = run.post(t, person, "post", text, lang, intent, sentiment, True, event=event)
        replies = _EVENT[lang].get("fr_care_reply")
        if replies and cat in ("fear", "request") and rnd() < 0.05:
            # The care team can only answer with substance once the statement is out.
            at = max(t, self.statement_at) + max(120.0, math.exp(run.gauss(math.log(1500.0), 0.7)))
            ctx = {"site": run.brand.site + run.brand.event_page}
            run.at(at, self._care_reply, _Stub(post), person, lang, replies, ctx)
        return post

    def _care_reply(
        self,
        t: float,
        post: _Stub,
        person: _Person,
        lang: str,
        templates: tuple[_Template, ...],
        ctx: dict[str, str],
    ) -> Post | None:
        return self.run.answer(
            t, post, person, lang, templates=templates, event="false_report", ctx=ctx
        )


class _Relief:
    """S1 after the statement: relief, sharing the statement, cautious trust."""

    def __init__(self, run: _Run, report: _FalseReport) -> None:
        self.run = run
        self.report = report

    def rate(self, minute: int) -> float:
        tau = (minute * 60 + 30 - self.report.statement_at) / 60
        return self.run.rate * 1.5 * _surge(tau, 20.0, 0.0, 150.0)

    def emit(self, t: float) -> Post | None:
        run = self.run
        rnd = run.rnd
        statements = self.report.statements
        r = rnd()
        if statements and r < 0.4:
            parent = statements[int(rnd() * len(statements))]
            lang = parent[0].raw["sim"]["lang"]
            person = run.pick_on(lang, parent[1].platform, skew=1.5)
            if r < 0.25:
                post = run.repost(t, person, parent)
            else:
                post = run.reply(
                    t,
                    person,
                    lang,
                    parent,
                    templates=_EVENT[lang]["fr_relief"],
                    intent="other",
                    event="false_report",
                )
            if post is not None:
                return post
        langs, cum = _OUTRAGE_MIX
        lang = langs[bisect(cum, rnd())]
        person = run.pick(lang, skew=1.8)
        template = run.choose(_EVENT[lang]["fr_relief"])
        sentiment = _SENTIMENT.get(template.label or "neu", "neutral")
        intent = "praise" if sentiment == "positive" else "other"
        text = run.decorate(run.fill(template, lang), lang, sentiment, person.platform)
        return run.post(
            t, person, "post", text, lang, intent, sentiment, True, event="false_report"
        )


class _Customer:
    """A stranded traveller in S2: why they wrote, whether an agent has answered, and
    their latest message (it stands in for that post when they or an agent reply)."""

    __slots__ = (
        "answered",
        "conversation_id",
        "dm",
        "kind",
        "lang",
        "native_id",
        "person",
        "reason",
    )

    def __init__(
        self, person: _Person, lang: str, dm: bool, reason: str | None, post: Post
    ) -> None:
        self.person, self.lang, self.dm, self.reason = person, lang, dm, reason
        self.answered = False
        self.latest(post)

    def latest(self, post: Post) -> None:
        self.native_id = post.native_id
        self.conversation_id = post.conversation_id
        self.kind = post.kind


class _Stranded:
    """S2: a storm cancels flights; stranded customers write publicly and by DM, many of
    them several times, faster than the care team (on a rota, see _agent_slot) answers."""

    RAMP, HOLD, HALF_LIFE, CEO = 30.0, 150.0, 120.0, 300.0
    MIX = (("complaint", 0.40), ("question", 0.27), ("request", 0.33))

    @staticmethod
    def shape(tau: float) -> float:
        cls = _Stranded
        return _surge(tau, cls.RAMP, cls.HOLD, cls.HALF_LIFE, cls.CEO, 70.0)

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.t0 = run.event_s
        self.ceo_at = self.t0 + self.CEO * 60
        self.alerts: dict[tuple[str, str], _Ref] = {}
        # Bound once: a storm at firehose rates has a hundred thousand of these waiting.
        self.on_follow_up = self._follow_up
        self.on_agent = self._agent
        self.cats, self.cum = _cumulative(dict(self.MIX))
        event = "storm"
        for lang in pb.LANGS:
            delay = run.rng.uniform(4, 12) if lang == "en" else run.rng.uniform(10, 60)
            run.at(self.t0 + delay * 60, self._coverage, lang, "st_storm")
            run.at(self.ceo_at + run.rng.uniform(10, 40) * 60, self._coverage, lang, "st_ceo")
        for i, (lang, platform) in enumerate(_ALERT_CHANNELS):
            run.statement(
                self.t0 + (8 + i * 1.5) * 60, "st_alert", lang, platform, event, self._alert_posted
            )
            run.statement(self.ceo_at + i * 45.0, "st_ceo", lang, platform, event)

    def _coverage(self, t: float, lang: str, key: str) -> Post | None:
        return self.run.article(
            t, lang, key, event="storm", sentiment="negative" if key == "st_storm" else "neutral"
        )

    def _alert_posted(self, ref: _Ref) -> None:
        self.alerts.setdefault((ref[1].platform, ref[0].raw["sim"]["lang"]), ref)

    def rate(self, minute: int) -> float:
        tau = (minute * 60 + 30 - self.t0) / 60
        return self.run.rate * 5.0 * self.shape(tau)

    def emit(self, t: float) -> Post | None:
        run = self.run
        rnd = run.rnd
        langs, cum = _STORM_MIX
        lang = langs[bisect(cum, rnd())]
        person = run.pick(lang, skew=1.3)
        platform = person.platform
        event = "storm"
        if t > self.ceo_at and rnd() < 0.12:
            template = run.choose(_EVENT[lang]["st_thanks"])
            sentiment = _SENTIMENT.get(template.label or "pos", "positive")
            text = run.decorate(run.fill(template, lang), lang, sentiment, platform)
            return run.post(
                t,
                person,
                "post",
                text,
                lang,
                "praise" if sentiment == "positive" else "other",
                sentiment,
                True,
                event=event,
            )
        if platform in ("x", "weibo", "mastodon") and rnd() < 0.4:
            template = run.choose(_EVENT[lang]["st_dm"])
            reason = template.label
            intent = {"staff": "complaint", "cancellation": "question"}.get(reason or "", "request")
            text = run.fill(template, lang)
            post = run.post(
                t,
                person,
                "dm",
                text,
                lang,
                intent,
                "negative" if intent == "complaint" else "neutral",
                True,
                event=event,
                dm_to=run.brand.care,
                reason=reason,
            )
            dm = True
        else:
            cat = self.cats[bisect(self.cum, rnd())]
            template = run.choose(_EVENT[lang]["st_" + cat])
            reason = template.label
            sentiment = "negative" if cat == "complaint" or rnd() < 0.5 else "neutral"
            text = run.decorate(run.fill(template, lang), lang, sentiment, platform)
            parent = self.alerts.get((platform, lang))
            if parent is not None and rnd() < 0.25:
                text = run.address(person, parent) + text
                kind = "comment" if platform == "reddit" else "reply"
                post = run.post(
                    t,
                    person,
                    kind,
                    text,
                    lang,
                    cat,
                    sentiment,
                    True,
                    event=event,
                    parent=parent,
                    reason=reason,
                )
            else:
                post = run.post(
                    t, person, "post", text, lang, cat, sentiment, True, event=event, reason=reason
                )
            dm = False
        customer = _Customer(person, lang, dm, reason, post)
        if rnd() < 0.5:  # many write again, and again (see _follow_up)
            run.at(t + self._patience(), self.on_follow_up, customer)
        if rnd() < 0.65 and platform != "reddit":
            run.at(self._agent_slot(t), self.on_agent, customer)
        return post

    def _patience(self) -> float:
        """How long a stranded customer waits before writing again: most 30-60 minutes."""
        return max(600.0, math.exp(self.run.gauss(math.log(2700.0), 0.5)))

    def _agent_slot(self, t: float) -> float:
        """First come, first served: three agents on shift at first, nine once the
        rota calls more people in 90 minutes into the storm; four minutes per answer."""
        run = self.run
        agents = 3 if t - self.t0 < 90 * 60 else 9
        slot = max(t + 120.0, run.agents_free)
        run.agents_free = slot + 240.0 / agents
        return slot

    def _follow_up(self, t: float, customer: _Customer) -> Post | None:
        post = self._write_again(t, customer)
        if post is not None:
            customer.latest(post)
            if not customer.answered and self.run.rnd() < 0.5:
                self.run.at(t + self._patience(), self.on_follow_up, customer)
        return post

    def _write_again(self, t: float, customer: _Customer) -> Post | None:
        run = self.run
        person, lang, dm = customer.person, customer.lang, customer.dm
        previous = (customer, person)
        if customer.answered:
            if dm or run.rnd() < 0.5:
                return None
            template = run.choose(_EVENT[lang]["st_thanks"])
            sentiment = _SENTIMENT.get(template.label or "pos", "positive")
            text = run.fill(template, lang)
            return run.post(
                t,
                person,
                "reply" if person.platform != "reddit" else "comment",
                text,
                lang,
                "praise" if sentiment == "positive" else "other",
                sentiment,
                True,
                event="storm",
                parent=previous,
                reason=customer.reason,
            )
        if dm:
            text = run.fill(run.choose(_EVENT[lang]["st_followup_dm"]), lang)
            return run.post(
                t,
                person,
                "dm",
                text,
                lang,
                "complaint",
                "negative",
                True,
                event="storm",
                parent=previous,
                dm_to=run.brand.care,
                reason=customer.reason,
            )
        text = run.decorate(
            run.fill(run.choose(_EVENT[lang]["st_followup"]), lang),
            lang,
            "negative",
            person.platform,
        )
        kind = "comment" if person.platform == "reddit" else "reply"
        return run.post(
            t,
            person,
            kind,
            text,
            lang,
            "complaint",
            "negative",
            True,
            event="storm",
            parent=previous,
            reason=customer.reason,
        )

    def _agent(self, t: float, customer: _Customer) -> Post | None:
        """An agent answers the customer's latest message, where they wrote it."""
        customer.answered = True
        key = "st_agent_dm" if customer.dm else "st_agent"
        templates = _EVENT[customer.lang][key]
        return self.run.answer(
            t, customer, customer.person, customer.lang, templates=templates, event="storm"
        )


class _NewFormula:
    """S3's real incident: customers dislike the new formula, each in their own words
    (the organic wave the paid posters ride on)."""

    RAMP, HOLD, HALF_LIFE = 30.0, 60.0, 60.0

    @staticmethod
    def shape(tau: float) -> float:
        cls = _NewFormula
        return _surge(tau, cls.RAMP, cls.HOLD, cls.HALF_LIFE)

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.t0 = run.event_s
        run.at(self.t0 + run.rng.uniform(70, 100) * 60, self._coverage, "en")
        run.at(self.t0 + run.rng.uniform(90, 130) * 60, self._coverage, "zh")

    def _coverage(self, t: float, lang: str) -> Post | None:
        return self.run.article(t, lang, "wa_formula", event="new_formula", sentiment="negative")

    def rate(self, minute: int) -> float:
        tau = (minute * 60 + 30 - self.t0) / 60
        return self.run.rate * 0.9 * self.shape(tau)

    def emit(self, t: float) -> Post | None:
        run = self.run
        rnd = run.rnd
        langs, cum = _BASE_MIX
        lang = langs[bisect(cum, rnd())]
        person = run.pick(lang, skew=1.5)
        if rnd() < 0.12:
            post = run.reply(
                t,
                person,
                lang,
                run.parent_from(person.platform, lang, about=True),
                event="new_formula",
            )
            if post is not None:
                return post
        text = run.fill(run.choose(_EVENT[lang]["wa_incident"]), lang)
        intent = "question" if "?" in text or "？" in text else "complaint"
        text = run.decorate(text, lang, "negative", person.platform)
        post = run.post(
            t, person, "post", text, lang, intent, "negative", True, event="new_formula"
        )
        run.maybe_answer(t, post, person, lang, intent)
        return post


class _Bursts:
    """Paid posters at work: in each burst most accounts of a group post within 60-90
    seconds, lightly edited copies of one text, the same hashtags and link, often all
    replying to the same post."""

    def __init__(self, run: _Run, campaign: _Campaign) -> None:
        self.run = run
        self.campaign = campaign
        for n, (start, window) in enumerate(campaign.bursts):
            run.at(start, self._burst, n, window)

    def _burst(self, t: float, n: int, window: float) -> None:
        run = self.run
        rnd = run.rnd
        campaign = self.campaign
        theme = campaign.themes[n % len(campaign.themes)]
        for group in campaign.groups:
            templates = _EVENT[group.lang][theme]
            template = templates[int(rnd() * len(templates))]
            target = self._target(group) if rnd() < 0.5 else None
            for person in group.accounts:
                if rnd() < 0.85:
                    run.at(t + rnd() * window, self._post, group, person, template, theme, target)
        return None

    def _target(self, group: _Group) -> _Ref | None:
        run = self.run
        report = next((f for f in run.flows if isinstance(f, _FalseReport)), None)
        if report is not None:
            tops = [ref for ref, _ in report.top if ref[1].platform == group.platform]
            if tops:
                return tops[0]
        return run.parent_from(group.platform, group.lang, popular=6, about=True)

    def _post(
        self,
        t: float,
        group: _Group,
        person: _Person,
        template: _Template,
        theme: str,
        target: _Ref | None,
    ) -> Post | None:
        run = self.run
        lang = group.lang
        ctx = {"comp_url": self.campaign.link or ""}
        text = run.fill(template, lang, ctx).strip()
        if run.rnd() < 0.35:
            text = _append(text, ("🔥", "💯", "👍", "✨", "🙌")[int(run.rnd() * 5)], lang)
        intent, sentiment = {"wa_praise": ("praise", "positive")}.get(
            theme, ("complaint", "negative")
        )
        campaign = self.campaign
        if target is not None and target[1] is not person:
            text = run.address(person, target) + text
            return run.post(
                t,
                person,
                "reply",
                text,
                lang,
                intent,
                sentiment,
                True,
                event=campaign.event,
                coordinated=True,
                campaign=campaign.cid,
                parent=target,
                remember=False,
            )
        return run.post(
            t,
            person,
            "post",
            text,
            lang,
            intent,
            sentiment,
            True,
            event=campaign.event,
            coordinated=True,
            campaign=campaign.cid,
            remember=False,
        )
