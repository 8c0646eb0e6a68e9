"""Tests for Parley's own language detection (parley.enrich.language).

Obvious sentences in many languages; clutter (mentions, URLs, hashtags, emoji, numbers) never
decides; posts without words are "und"; hostile input does not crash; the platform's tag is
the fallback only when detection is unsure; accuracy on the shared real data when present;
a property test that any text gives a valid code.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.domain import Post
from parley.enrich.language import (
    DEFAULT_LANGUAGES,
    LanguageEnricher,
    bench,
    clean_for_detection,
    evaluate_language,
    supported_languages,
)

WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def post(text: str, lang: str | None = None, title: str | None = None, i: int = 0) -> Post:
    return Post(platform="x", native_id=f"p{i}", created_at=WHEN, text=text, lang=lang, title=title)


@pytest.fixture(scope="module")
def enricher() -> LanguageEnricher:
    """One default enricher for the module: lingua loads its models once per process."""
    return LanguageEnricher()


def detect(enricher: LanguageEnricher, text: str, lang: str | None = None) -> dict[str, object]:
    return enricher.transform_many([post(text, lang)])[0]


# --------------------------------------------------------------------------------------------
# Obvious sentences
# --------------------------------------------------------------------------------------------
SENTENCES = {
    "en": "I can't believe how long the queue at the airport was this morning.",
    "es": "No puedo creer lo larga que era la cola en el aeropuerto esta mañana.",
    "pt": "Não acredito como a fila no aeroporto estava enorme hoje de manhã.",
    "fr": "Je n'arrive pas à croire à quel point la file d'attente était longue ce matin.",
    "de": "Ich kann nicht glauben, wie lang die Schlange am Flughafen heute Morgen war.",
    "it": "Non riesco a credere quanto fosse lunga la fila all'aeroporto stamattina.",
    "nl": "Ik kan niet geloven hoe lang de rij op het vliegveld vanochtend was.",
    "ru": "Не могу поверить, какая длинная очередь была сегодня утром в аэропорту.",
    "uk": "Не можу повірити, яка довга черга була сьогодні вранці в аеропорту.",
    "ar": "لا أصدق كم كان الطابور طويلا في المطار هذا الصباح.",
    "fa": "باورم نمی‌شود صف فرودگاه امروز صبح چقدر طولانی بود.",
    "tr": "Bu sabah havalimanındaki kuyruğun ne kadar uzun olduğuna inanamıyorum.",
    "pl": "Nie mogę uwierzyć, jak długa była dziś rano kolejka na lotnisku.",
    "sv": "Jag kan inte tro hur lång kön på flygplatsen var i morse.",
    "id": "Saya tidak percaya betapa panjangnya antrean di bandara pagi ini.",
    "vi": "Tôi không thể tin được hàng người ở sân bay sáng nay dài đến thế.",
    "fi": "En voi uskoa, kuinka pitkä jono lentokentällä oli tänä aamuna.",
    "hu": "Nem hiszem el, milyen hosszú volt ma reggel a sor a reptéren.",
    "zh": "真不敢相信今天早上机场排队的人这么多。",
    "ja": "今朝の空港の行列がこんなに長かったなんて信じられない。",
    "ko": "오늘 아침 공항 줄이 이렇게 길 줄은 몰랐어요.",
    "hi": "मुझे विश्वास नहीं हो रहा कि आज सुबह हवाई अड्डे पर कितनी लंबी कतार थी।",
    "th": "ไม่อยากเชื่อเลยว่าเช้านี้คิวที่สนามบินยาวขนาดนี้",
    "el": "Δεν μπορώ να πιστέψω πόσο μεγάλη ήταν η ουρά στο αεροδρόμιο σήμερα το πρωί.",
    "he": "אני לא מאמין כמה ארוך היה התור בשדה התעופה הבוקר.",
}


def test_obvious_sentences_in_many_languages(enricher: LanguageEnricher) -> None:
    posts = [post(text, i=i) for i, text in enumerate(SENTENCES.values())]
    found = enricher.transform_many(posts)
    got = {code: f["lang"] for code, f in zip(SENTENCES, found, strict=True)}
    assert got == {code: code for code in SENTENCES}
    for f in found:
        assert f["lang_source"] == "detected"
        assert 0.5 <= f["lang_confidence"] <= 1.0  # type: ignore[operator]


def test_unambiguous_scripts_skip_lingua() -> None:
    e = LanguageEnricher()
    e.transform_many([post(SENTENCES[c]) for c in ("zh", "ja", "ko", "th", "el", "he", "hi")])
    assert e.stats["script"] == 7
    assert e.stats["lingua"] == 0


def test_mixed_scripts_go_by_the_dominant_one(enricher: LanguageEnricher) -> None:
    # lingua alone calls anything with a Han character Chinese
    assert detect(enricher, "Visited 北京天安门 today, the views were amazing")["lang"] == "en"
    assert detect(enricher, "今天买了iPhone15，太开心了")["lang"] == "zh"
    assert detect(enricher, "東京でiPhoneを買いました")["lang"] == "ja"
    assert detect(enricher, "Сегодня был отличный день в Berlin, спасибо всем")["lang"] == "ru"


# --------------------------------------------------------------------------------------------
# Clutter never decides
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@VirginAmerica https://t.co/x #travel ciao a tutti, che bella giornata", "it"),
        ("RT @BBCBreaking: 🇫🇷 Le gouvernement annonce de nouvelles mesures https://bbc.in/x", "fr"),
        (
            "@user @user_two @user_three 😂😂😂 qué día tan bonito hace hoy en Madrid 2024 #sun",
            "es",
        ),
        ("Der Zug hat schon wieder 45 Minuten Verspätung &amp; keiner sagt warum http", "de"),
        ("#love #instagram #photooftheday #followme Das ist wirklich ein schöner Tag", "de"),
        ("回复@ShanghaiDaily: 今天的天气真好[哈哈][哈哈] http://t.cn/abc", "zh"),
    ],
)
def test_mentions_urls_hashtags_emoji_numbers_do_not_decide(
    enricher: LanguageEnricher, text: str, expected: str
) -> None:
    assert detect(enricher, text)["lang"] == expected


def test_cleaning_removes_clutter_and_keeps_hashtags_aside() -> None:
    body, tags = clean_for_detection(
        "RT @a: https://t.co/x 42 😂 &amp; hello world #GoodMorning_all"
    )
    assert body == "hello world"
    assert tags == "Good Morning all"


def test_hashtags_decide_only_when_nothing_else_is_left(enricher: LanguageEnricher) -> None:
    assert detect(enricher, "#ForzaItalia #SempreAvanti #GrazieRagazzi")["lang"] == "it"
    assert detect(enricher, "#话题讨论#")["lang"] == "zh"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "😂😂😂", "👍🏽🇮🇹", "https://example.com/a?b=c", "@someone @else", "12345 678",
     "http", "[哈哈][泪]", "😂 https://t.co/x @a 2024"],
)  # fmt: skip
def test_no_words_is_und_whatever_the_platform_says(enricher: LanguageEnricher, text: str) -> None:
    for tag in (None, "en"):
        assert detect(enricher, text, tag) == {
            "lang": "und",
            "lang_confidence": 0.0,
            "lang_source": "detected",
        }


# --------------------------------------------------------------------------------------------
# Hostile input
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a" * 100_000, None),
        ("好" * 100_000, "zh"),
        ("😂" * 50_000, "und"),
        ("Das ist ein schöner Tag \ud800 heute in Berlin \udfff", "de"),
        ("\ud800", "und"),
        ("\u202eThis is plain English text, written the usual way\u202c", "en"),
        ("\u202bمرحبا بكم في بيتنا الجميل هذا المساء\u202c", "ar"),
        ("👨\u200d👩\u200d👧\u200d👦 family dinner tonight with everyone we love", "en"),
        ("\u200b\u200c\u200d\u2060\ufeff", "und"),
        ("می\u200cخواهم امروز به خانه بروم و استراحت کنم", "fa"),  # ZWNJ is Persian spelling
        ("\x00\x01\x7f control characters only", None),
    ],
)
def test_hostile_input_does_not_crash(
    enricher: LanguageEnricher, text: str, expected: str | None
) -> None:
    found = detect(enricher, text)
    assert found["lang"] == "und" or found["lang"] in enricher.languages
    if expected is not None:
        assert found["lang"] == expected


def test_title_is_read_with_the_text(enricher: LanguageEnricher) -> None:
    found = enricher.transform_many(
        [post("", title="Le gouvernement annonce de nouvelles mesures")]
    )
    assert found[0]["lang"] == "fr"


# --------------------------------------------------------------------------------------------
# The platform's tag
# --------------------------------------------------------------------------------------------
def test_platform_tag_is_the_fallback_when_detection_is_unsure(enricher: LanguageEnricher) -> None:
    p = post("ok", lang="en-GB")
    found = enricher.transform_many([p])[0]
    assert found["lang"] == "en"
    assert found["lang_source"] == "platform"
    assert p.lang == "en-GB"  # the platform's own tag stays on the post untouched
    assert detect(enricher, "ok")["lang"] == "und"  # too short, and no tag to fall back on


def test_confident_detection_beats_a_wrong_platform_tag(enricher: LanguageEnricher) -> None:
    found = detect(enricher, SENTENCES["de"], "en")
    assert found["lang"] == "de"
    assert found["lang_source"] == "detected"


@pytest.mark.parametrize("tag", ["und", "qme", "qht", "zxx", "", "e", "123"])
def test_tags_that_name_no_language_are_ignored(enricher: LanguageEnricher, tag: str) -> None:
    found = detect(enricher, "ok", tag)
    assert found["lang"] == "und"
    assert found["lang_source"] == "detected"


@pytest.mark.parametrize(
    ("tag", "code"), [("iw", "he"), ("in", "id"), ("zh-Hant", "zh"), ("pt_BR", "pt")]
)
def test_old_and_regional_platform_tags_are_normalised(
    enricher: LanguageEnricher, tag: str, code: str
) -> None:
    assert detect(enricher, "ok", tag)["lang"] == code


def test_script_of_an_unconfigured_language_falls_back_to_the_platform() -> None:
    e = LanguageEnricher(["en", "de"])
    assert detect(e, SENTENCES["zh"])["lang"] == "und"
    assert detect(e, SENTENCES["zh"], "zh-CN") == {
        "lang": "zh",
        "lang_confidence": 0.0,
        "lang_source": "platform",
    }


# --------------------------------------------------------------------------------------------
# Configuration
# --------------------------------------------------------------------------------------------
def test_default_set_covers_the_markets() -> None:
    markets = "zh ja ko ar fa hi ru en es pt fr de it fi sv tr id vi th nl pl uk el he cs ro hu da"
    wanted = set(f"{markets} nb bn ur ta ms tl sk hr sr bg ca et lv lt sl".split())
    assert wanted <= set(DEFAULT_LANGUAGES)
    assert set(DEFAULT_LANGUAGES) <= set(supported_languages())


def test_custom_language_set() -> None:
    e = LanguageEnricher(["EN", "de", "fr", "de"], accuracy="low")
    assert e.languages == ("de", "en", "fr")
    found = e.transform_many([post(SENTENCES[c], i=i) for i, c in enumerate(("en", "de", "fr"))])
    assert [f["lang"] for f in found] == ["en", "de", "fr"]
    # Spanish is not configured: the answer is one of the configured languages or "und"
    assert detect(e, SENTENCES["es"])["lang"] in {"en", "de", "fr", "und"}


@pytest.mark.parametrize("codes", [["en", "xx"], ["en", "english"], ["en", ""]])
def test_unknown_code_is_a_value_error_naming_it(codes: list[str]) -> None:
    with pytest.raises(ValueError) as caught:
        LanguageEnricher(codes)
    message = str(caught.value)
    assert repr(codes[1]) in message
    assert "supported" in message and "zh" in message and "en" in message


def test_fewer_than_two_languages_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="at least two"):
        LanguageEnricher(["en"])


def test_bad_accuracy_mode_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="accuracy"):
        LanguageEnricher(accuracy="fast")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Romanised Hindi, cache
# --------------------------------------------------------------------------------------------
def test_romanised_hindi(enricher: LanguageEnricher) -> None:
    assert detect(enricher, "kya baat hai bhai, aaj match mein maza aa gaya")["lang"] == "hi"
    assert detect(enricher, "yaar mujhe nahi pata tha ki woh aayega")["lang"] == "hi"
    # single shared words do not make Italian or German Hindi
    assert detect(enricher, "hai ragione, non lo so ancora cosa faremo domani")["lang"] == "it"
    assert detect(enricher, "mein Bruder kommt heute Abend zu Besuch")["lang"] == "de"
    off = LanguageEnricher(romanised_hindi=False, accuracy="low")
    assert detect(off, "kya baat hai bhai, aaj match mein maza aa gaya")["lang"] != "hi"


def test_identical_texts_are_detected_once() -> None:
    e = LanguageEnricher(accuracy="low")
    text = "Das ist wirklich ein sehr schöner Tag heute"
    e.transform_many([post(f"RT @user{i}: {text}", i=i) for i in range(50)])
    assert e.stats["lingua"] == 1
    e.transform_many([post(text)])
    assert e.stats["lingua"] == 1
    assert e.stats["cached"] == 1


def test_cache_is_bounded() -> None:
    e = LanguageEnricher(accuracy="low", cache_size=10)
    e.transform_many(
        [post(f"{SENTENCES['en']} {w}", i=i) for i, w in enumerate("abcdefghijklmnopqrstuvwxyz")]
    )
    assert len(e._cache) == 10


# --------------------------------------------------------------------------------------------
# Real data and speed
# --------------------------------------------------------------------------------------------
def test_accuracy_on_shared_data(shared_data: Path, enricher: LanguageEnricher) -> None:
    report = evaluate_language(shared_data, enricher=enricher)
    assert report["posts"] > 14_000
    assert report["overall"] > 0.9, report
    per = report["per_language"]
    for code in ("ar", "en", "fr", "es", "it", "zh"):
        assert per[code]["accuracy"] > 0.9, (code, per[code])
    assert report["posts_per_s"] > 0


def test_bench_smoke() -> None:
    report = bench(300, accuracy="low", compare=False)
    assert report["posts"] == 300
    assert report["posts_per_s"] > 0
    assert sum(report["decided_by"].values()) == 300


# --------------------------------------------------------------------------------------------
# Property: any text gives a valid code
# --------------------------------------------------------------------------------------------
PIECES = st.sampled_from(
    ["\ud800", "\udfff", "\u202e", "\u202c", "\u200d", "\u200c", "\ufeff", "😂", "👨\u200d👩", "🇮🇹",
     "@user ", "https://t.co/x ", "#tag ", "#话题#", "RT ", "&amp;", "[哈哈]", "123", " ", "\n",
     "hai ", "bhai ", "das ", "的", "の", "한", "а", "ا", "ก"]
)  # fmt: skip
TEXTS = st.lists(st.one_of(st.text(max_size=40), PIECES), max_size=12).map("".join)
TAGS = st.one_of(
    st.none(), st.sampled_from(["en", "zh-CN", "und", "qme", "iw", ""]), st.text(max_size=6)
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(st.tuples(TEXTS, TAGS), min_size=1, max_size=5))
def test_any_text_gives_a_valid_code(
    enricher: LanguageEnricher, texts: list[tuple[str, str | None]]
) -> None:
    posts = [post(text, tag, i=i) for i, (text, tag) in enumerate(texts)]
    for found in enricher.transform_many(posts):
        assert set(found) == {"lang", "lang_confidence", "lang_source"}
        lang = found["lang"]
        assert isinstance(lang, str)
        assert lang == "und" or (len(lang) == 2 and lang.isascii() and lang.isalpha())
        if found["lang_source"] == "detected":
            assert lang == "und" or lang in enricher.languages
        else:
            assert found["lang_source"] == "platform"
        assert 0.0 <= found["lang_confidence"] <= 1.0  # type: ignore[operator]
