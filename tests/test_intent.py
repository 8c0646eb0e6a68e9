"""Inbox triage: intent, reason and urgency of posts addressed to the organisation."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.domain import Author, Post
from parley.enrich.intent import (
    AIRLINE_REASONS,
    DEFAULT_TAXONOMY,
    INTENTS,
    LARGE_AUDIENCE,
    URGENCIES,
    IntentEnricher,
    bench,
    evaluate_airline,
    is_addressed,
)

KEYS = ("intent", "intent_why", "reason", "reason_why", "urgency", "urgency_why")
WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# Measured on the held-out 30 % of the airline tweets: 0.530 (docs/models/intent.md).
AIRLINE_REASON_F1_FLOOR = 0.48
AIRLINE_INTENT_BALANCED_FLOOR = 0.60  # measured 0.663


@pytest.fixture(scope="module")
def enricher() -> IntentEnricher:
    return IntentEnricher()


def post(
    text: str,
    *,
    lang: str | None = None,
    to_account: str | None = "acme",
    kind: str = "post",
    followers: int | None = None,
    title: str | None = None,
) -> Post:
    author = None if followers is None else Author(native_id="a1", followers=followers)
    return Post(
        platform="x",
        native_id="p1",
        created_at=WHEN,
        text=text,
        kind=kind,
        lang=lang,
        to_account=to_account,
        author=author,
        title=title,
    )


def one(enricher: IntentEnricher, text: str, **kwargs: Any) -> dict[str, Any]:
    return enricher.transform_many([post(text, **kwargs)])[0]


def assert_valid(result: dict[str, Any]) -> None:
    assert set(result) == set(KEYS)
    assert result["intent"] in INTENTS
    assert result["urgency"] in URGENCIES
    assert isinstance(result["reason"], str)
    assert all(isinstance(result[k], str) and result[k] for k in KEYS if k.endswith("_why"))
    msgspec.json.encode(result)  # stored as JSON


# --- intent, in several languages ------------------------------------------------------
INTENT_EXAMPLES = [
    # (lang, text, intent, a cue the explanation must name)
    ("en", "My order still hasn't arrived. Worst service ever!", "complaint", "worst"),
    ("en", "How do I change the delivery address for my order?", "question", "how do"),
    ("en", "Please refund me, I was charged twice for the same ticket", "request", "please"),
    ("en", "Thank you so much, the staff at the desk were amazing!", "praise", "thank you so much"),
    ("zh", "客服态度太差了，差评！", "complaint", "差评"),
    ("zh", "我的快递怎么还没到？", "question", "怎么"),
    ("zh", "请帮我改一下收货地址，麻烦了", "request", "麻烦"),
    ("zh", "谢谢你们，很好用，喜欢！", "praise", "谢谢"),
    ("es", "Pésimo servicio, nunca más compro aquí", "complaint", "pésimo"),
    ("es", "¿Cuándo llega mi pedido?", "question", "cuándo"),
    ("es", "Por favor, necesito cambiar mi reserva", "request", "por favor"),
    ("es", "¡Muchas gracias, me encanta el producto!", "praise", "gracias"),
    ("it", "Servizio pessimo, che vergogna", "complaint", "pessimo"),
    ("it", "Perché il mio volo è in ritardo?", "question", "perché"),
    ("it", "Per favore, vorrei un rimborso", "request", "per favore"),
    ("it", "Grazie mille, adoro questo prodotto!", "praise", "grazie"),
    ("ar", "أسوأ خدمة عملاء، للأسف", "complaint", "أسوأ"),
    ("ar", "متى يصل طلبي؟", "question", "متى"),
    ("ar", "من فضلك أريد استرداد المبلغ", "request", "من فضلك"),
    ("ar", "شكرا على الخدمة الرائعة", "praise", "شكرا"),
    ("fr", "Service client nul, je suis très déçu", "complaint", "déçu"),
    ("de", "Vielen Dank für die schnelle Hilfe", "praise", "vielen dank"),
    ("pt", "Obrigado pela ajuda, vocês são incríveis", "praise", "obrigado"),
    ("fi", "Miksi paketti on myöhässä?", "question", "miksi"),
    (None, "hello there", "other", "no intent cue"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "intent", "cue"), INTENT_EXAMPLES)
def test_intent_per_language(
    enricher: IntentEnricher, lang: str | None, text: str, intent: str, cue: str
) -> None:
    result = one(enricher, text, lang=lang)
    assert_valid(result)
    assert result["intent"] == intent, result
    assert cue.casefold() in result["intent_why"].casefold(), result


def test_intent_works_without_a_language_tag(enricher: IntentEnricher) -> None:
    for lang, text, intent, _cue in INTENT_EXAMPLES:
        if lang is not None:
            assert one(enricher, text)["intent"] == intent, text


def test_sarcastic_thanks_and_negated_praise_are_complaints(enricher: IntentEnricher) -> None:
    result = one(enricher, "Thanks for nothing, still waiting for my refund")
    assert result["intent"] == "complaint"
    assert "thanks for nothing" in result["intent_why"]
    assert one(enricher, "Not happy with the quality at all")["intent"] == "complaint"
    for lang, text in [
        ("it", "non sono contento"),
        ("es", "no estoy contento"),
        ("de", "gar nicht gut"),
        ("fr", "pas content du tout"),
        ("zh", "不喜欢"),
    ]:
        assert one(enricher, text, lang=lang)["intent"] == "complaint", text


def test_a_problem_with_an_explicit_ask_is_that_ask(enricher: IntentEnricher) -> None:
    # "cancelled" alone reports a problem; the customer's point is the question
    result = one(enricher, "my flight was cancelled, how do I rebook?")
    assert result["intent"] == "question"
    assert "complaint" in result["intent_why"]  # the runner-up is named
    assert one(enricher, "My flight was cancelled. Worst airline, never again!")["intent"] == (
        "complaint"
    )


def test_language_specific_cues_need_the_language_tag(enricher: IntentEnricher) -> None:
    # Italian "come" is "how"; English "come" is not a question word
    assert one(enricher, "come posso cambiare la prenotazione", lang="it")["intent"] == "question"
    assert one(enricher, "come on", lang="en")["intent"] == "other"
    assert one(enricher, "come stai", lang="en")["intent"] == "other"
    assert one(enricher, "come stai", lang="it")["intent"] == "question"


def test_title_is_read(enricher: IntentEnricher) -> None:
    result = one(enricher, "see subject", title="Refund request: please help")
    assert result["intent"] == "request"
    assert result["reason"] == "billing"


# --- reasons ---------------------------------------------------------------------------
REASON_EXAMPLES = [
    ("en", "My parcel still hasn't arrived", "delivery_cancellation", "parcel"),
    ("en", "My flight was cancelled again", "delivery_cancellation", "cancelled"),
    ("en", "You lost my luggage on the way to Rome", "baggage", "luggage"),
    ("en", "The hinge is broken and the drawer doesn't work", "product_defect", "broken"),
    ("en", "I was charged twice, I want a refund", "billing", "charged"),
    ("en", "The agent on the phone was so rude", "staff_service", "rude"),
    ("en", "I can't log in, my password reset never comes", "account", "password"),
    ("en", "How do I change my reservation online?", "booking", "reservation"),
    ("zh", "快递三天了还没到", "delivery_cancellation", "快递"),
    ("zh", "我要退款，扣费两次", "billing", "退款"),
    ("zh", "客服态度太差", "staff_service", "客服"),
    ("es", "Mi maleta llegó rota y sin equipaje de mano", "baggage", "maleta"),
    ("it", "Ho bisogno del rimborso, mi avete addebitato due volte", "billing", "rimborso"),
    ("ar", "لم يصل طلبي بعد أسبوعين", "delivery_cancellation", "لم يصل"),
    ("de", "Das Gerät ist kaputt und funktioniert nicht", "product_defect", "kaputt"),
    ("fr", "Je n'arrive pas à me connecter, mot de passe refusé", "account", "mot de passe"),
    ("pt", "Meu voo foi cancelado", "delivery_cancellation", "cancelado"),
    ("fi", "Matkalaukku katosi lennolla", "baggage", "matkalaukku"),
    ("en", "hello, just saying hi", "other", "no reason cue"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "reason", "cue"), REASON_EXAMPLES)
def test_reason(enricher: IntentEnricher, lang: str, text: str, reason: str, cue: str) -> None:
    result = one(enricher, text, lang=lang)
    assert result["reason"] == reason, result
    assert cue.casefold() in result["reason_why"].casefold(), result


def test_prefix_cues_quote_the_whole_word(enricher: IntentEnricher) -> None:
    result = one(enricher, "Another cancellation, seriously")
    assert result["reason"] == "delivery_cancellation"
    assert '"cancellation"' in result["reason_why"]


def test_zero_width_and_bidi_controls_do_not_hide_cues(enricher: IntentEnricher) -> None:
    assert one(enricher, "\u202eworst\u202c service")["intent"] == "complaint"
    assert one(enricher, "wo\u200brst service, re\u200dfund")["reason"] == "billing"
    assert one(enricher, "ＷＯＲＳＴ service ever")["intent"] == "complaint"  # full-width


def test_mentions_and_links_are_not_read(enricher: IntentEnricher) -> None:
    # a handle or a URL containing a cue word says nothing about the post
    result = one(enricher, "@HelpDeskRefund https://example.com/please/refund/luggage")
    assert result["intent"] == "other"
    assert result["reason"] == "other"


# --- urgency ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "cue"),
    [
        ("en", "Stranded at the airport with two kids, help", "stranded"),
        ("en", "This is urgent, my medication is in the lost bag", "urgent"),
        ("en", "My lawyer will hear about this", "lawyer"),
        ("en", "The charger caught fire, this is dangerous", "dangerous"),
        ("en", "I'm going to the press with this", "the press"),
        ("zh", "急！航班取消了，马上回复我", "急"),
        ("es", "Es urgente, necesito ayuda ahora mismo", "urgente"),
        ("it", "È un'emergenza, rispondete subito", "subito"),
        ("ar", "أحتاج المساعدة حالا، الأمر عاجل", "عاجل"),
        ("de", "Ich werde meinen Anwalt einschalten", "anwalt"),
    ],
)
def test_urgent_cues(enricher: IntentEnricher, lang: str, text: str, cue: str) -> None:
    result = one(enricher, text, lang=lang)
    assert result["urgency"] == "high", result
    assert cue.casefold() in result["urgency_why"].casefold(), result


def test_large_audience_makes_a_complaint_urgent(enricher: IntentEnricher) -> None:
    text = "Still waiting for my refund, worst service"
    big = one(enricher, text, followers=25_300)
    assert big["urgency"] == "high"
    assert "25,300 followers" in big["urgency_why"]
    assert f"{LARGE_AUDIENCE:,}" in big["urgency_why"]
    at_limit = one(enricher, text, followers=LARGE_AUDIENCE)
    assert at_limit["urgency"] == "normal"
    assert "no urgency cue" in at_limit["urgency_why"]


def test_praise_is_low_urgency_even_from_a_large_account(enricher: IntentEnricher) -> None:
    assert one(enricher, "Thanks, great service!", followers=2_000_000)["urgency"] == "low"
    assert one(enricher, "Thanks, great service!")["urgency"] == "low"
    assert one(enricher, "How do I change my seat?")["urgency"] == "normal"


# --- who gets classified ---------------------------------------------------------------
def test_posts_not_addressed_to_us_are_skipped(enricher: IntentEnricher) -> None:
    posts = [
        post("worst airline ever", to_account=None),
        post("worst airline ever", to_account=None, kind="reply"),
        post("worst airline ever", to_account=None, kind="repost"),
        post("worst airline ever", to_account=""),
    ]
    assert enricher.transform_many(posts) == [{"intent": None}] * 4


def test_dms_comments_and_mentions_are_addressed(enricher: IntentEnricher) -> None:
    posts = [
        post("worst airline ever", to_account=None, kind="dm"),
        post("worst airline ever", to_account=None, kind="comment"),
        post("worst airline ever", to_account="acme", kind="reply"),
        post("worst airline ever", to_account="acme"),
    ]
    assert all(is_addressed(p) for p in posts)
    assert [r["intent"] for r in enricher.transform_many(posts)] == ["complaint"] * 4


def test_only_addressed_false_classifies_everything() -> None:
    everyone = IntentEnricher(only_addressed=False)
    result = everyone.transform_many([post("worst airline ever", to_account=None)])[0]
    assert result["intent"] == "complaint"


def test_one_result_per_post_in_order(enricher: IntentEnricher) -> None:
    posts = [post(t, to_account=a) for t, a in [("thanks!", "acme"), ("x", None), ("why?", "acme")]]
    results = enricher.transform_many(posts)
    assert [r["intent"] for r in results] == ["praise", None, "question"]
    assert enricher.transform_many([]) == []
    assert enricher.name == "intent"


# --- the taxonomy ----------------------------------------------------------------------
def test_custom_taxonomy() -> None:
    kitchen = IntentEnricher(
        {
            "hinge": ["hinge", "soft-close", "drawer runner*"],
            "finish": ["scratch*", "paint", "Farbe", "划痕"],
            "delivery": ["delivery", "install*"],
        }
    )
    assert kitchen.taxonomy["hinge"] == ("hinge", "soft-close", "drawer runner*")
    result = kitchen.transform_many([post("The soft-close hinge broke after a week!")])[0]
    assert result["reason"] == "hinge"
    assert "hinge" in result["reason_why"]
    assert one(kitchen, "Deep scratches on the doors")["reason"] == "finish"
    assert one(kitchen, "柜门上有划痕", lang="zh")["reason"] == "finish"
    assert one(kitchen, "Die Farbe blättert ab", lang="de")["reason"] == "finish"
    assert one(kitchen, "When is the installer coming?")["reason"] == "delivery"
    assert one(kitchen, "my flight was cancelled")["reason"] == "other"  # no default cues
    # intent and urgency do not depend on the taxonomy
    assert one(kitchen, "the hinge is broken, worst purchase ever")["intent"] == "complaint"


def test_taxonomy_order_breaks_ties() -> None:
    first = IntentEnricher({"a": ["door"], "b": ["handle"]})
    second = IntentEnricher({"b": ["handle"], "a": ["door"]})
    assert one(first, "door handle")["reason"] == "a"
    assert one(second, "door handle")["reason"] == "b"


def test_default_taxonomy_is_used_and_ends_with_other() -> None:
    enricher = IntentEnricher()
    assert list(enricher.taxonomy) == list(DEFAULT_TAXONOMY)
    assert list(DEFAULT_TAXONOMY)[-1] == "other"
    for accepted in AIRLINE_REASONS.values():
        assert all(reason in DEFAULT_TAXONOMY for reason in accepted)


@pytest.mark.parametrize(
    ("taxonomy", "message"),
    [
        ({"": ["refund"]}, "empty"),
        ({"   ": ["refund"]}, "empty"),
        ({3: ["refund"]}, "non-text name"),
        ({" billing": ["refund"]}, "white space"),
        ({"billing": ["refund", 42]}, "cue 1 is int"),
        ({"billing": [None]}, "cue 0 is NoneType"),
        ({"billing": [b"refund"]}, "cue 0 is bytes"),
        ({"billing": "refund"}, "list of words"),
        ({"billing": 5}, "list of words"),
        ({"billing": ["refund", "  "]}, "cue 1"),
        ({"billing": ["*"]}, "is empty"),
        ({"billing": []}, "no cue words"),
        ({"billing": ["x" * 500]}, "characters long"),
        ({}, "taxonomy is empty"),
        (["billing"], "must map"),
    ],
)
def test_invalid_taxonomy(taxonomy: Any, message: str) -> None:
    with pytest.raises(ValueError, match=r"reason|taxonomy") as caught:
        IntentEnricher(taxonomy)
    assert message in str(caught.value)


def test_other_may_have_no_cues() -> None:
    enricher = IntentEnricher({"billing": ["refund"], "other": []})
    assert one(enricher, "refund please")["reason"] == "billing"
    assert one(enricher, "hello")["reason"] == "other"


# --- hostile input ---------------------------------------------------------------------
HOSTILE = [
    "",
    " ",
    "😀😀😀🎉",
    "👨\u200d👩\u200d👧\u200d👦",
    "a" * 100_000,
    "?" * 100_000,
    "请" * 100_000,
    "\ud800 refund \udfff worst \udbff",
    "\u202eworst service\u202c \u2066please\u2069",
    "wo\u200drst\u200d\u200d\u200d",
    "\x00\x01\x02 please \x7f",
    "e\u0301\u0301\u0301\u0301 cafe\u0301",
    "&amp;&lt;script&gt;alert(1)&lt;/script&gt; &#0; &#x110000;",
    "@" * 5000 + "http://" * 5000,
    "ـــــ شكراً ـــــ",  # tatweel and tashkeel
    "\ufffd\ufeff\u00ad",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_does_not_crash(enricher: IntentEnricher, text: str) -> None:
    result = one(enricher, text, followers=-5)
    assert_valid(result)
    assert len(result["intent_why"]) < 400  # a huge post does not make a huge explanation


def test_hostile_fields_do_not_crash(enricher: IntentEnricher) -> None:
    odd = [
        post("please help", lang="zh-Hant-TW"),
        post("please help", lang="_"),
        post("please help", lang="EN_us"),
        post("please help", lang="\ud800"),
        post("please help", followers=10**30),
    ]
    for result in enricher.transform_many(odd):
        assert_valid(result)
        assert result["intent"] == "request"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300),
    lang=st.one_of(st.none(), st.text(max_size=8), st.sampled_from(["en", "zh", "ar", "it"])),
    followers=st.one_of(st.none(), st.integers(min_value=-(10**6), max_value=10**12)),
)
def test_arbitrary_text_never_raises(text: str, lang: str | None, followers: int | None) -> None:
    enricher = _SHARED
    result = enricher.transform_many([post(text, lang=lang, followers=followers)])[0]
    assert_valid(result)


_SHARED = IntentEnricher()


@settings(max_examples=50, deadline=None)
@given(
    cues=st.lists(
        st.text(min_size=1, max_size=20).filter(lambda c: c.strip("*~ \t\n\r\x0b\x0c")),
        min_size=1,
        max_size=5,
    ),
    text=st.text(max_size=100),
)
def test_arbitrary_custom_cues_never_raise(cues: list[str], text: str) -> None:
    try:
        enricher = IntentEnricher({"custom": cues})
    except ValueError:
        return  # a cue that is empty once normalised is refused, with a message
    assert_valid(enricher.transform_many([post(text)])[0])


# --- evaluation and benchmark ----------------------------------------------------------
def test_evaluate_airline_on_the_real_data(shared_data: Path) -> None:
    csv_path = shared_data / "airline" / "Tweets.csv"
    if not csv_path.is_file():
        pytest.skip(f"airline tweets not found at {csv_path}")
    report = evaluate_airline(csv_path)
    held = report["held_out"]
    assert report["split"]["held_out_rows"] > 4000
    assert held["reason"]["posts"] > 2500
    assert held["reason"]["macro_f1"] >= AIRLINE_REASON_F1_FLOOR, held["reason"]
    assert held["reason"]["macro_f1_strict"] >= AIRLINE_REASON_F1_FLOOR - 0.02
    assert set(held["reason"]["per_class"]) == {
        "baggage",
        "booking",
        "delivery_cancellation",
        "other",
        "product_defect",
        "staff_service",
    }
    intent = held["intent"]
    assert intent["proxy_balanced_accuracy"] >= AIRLINE_INTENT_BALANCED_FLOOR, intent
    assert "proxy" in report["intent_note"]
    msgspec.json.encode(report)


def test_evaluate_airline_rejects_other_files(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="airline"):
        evaluate_airline(other)


def test_evaluate_airline_on_a_tiny_file(tmp_path: Path) -> None:
    rows = [
        ("negative", "Cancelled Flight", "@united my flight was Cancelled Flightled, worst"),
        ("negative", "Lost Luggage", "@united you lost my bag"),
        ("positive", "", "@united thanks, great crew!"),
        ("neutral", "", "@united what time is boarding?"),
    ] * 5
    path = tmp_path / "Tweets.csv"
    lines = ["tweet_id,airline_sentiment,negativereason,airline,text"]
    lines += [f'{i},{s},{r},United,"{t}"' for i, (s, r, t) in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = evaluate_airline(path)
    assert report["rows"] == 20
    both = [report["held_out"], report["tuning"]]
    assert sum(part["reason"]["posts"] for part in both) == 10
    for part in both:
        if part["reason"]["posts"]:
            assert part["reason"]["macro_f1"] == 1.0
            assert part["intent"]["proxy_accuracy"] == 1.0


def test_bench_reports_posts_per_second() -> None:
    report = bench(200, batch_size=50)
    assert report["posts"] == 200
    assert report["posts_per_s"] > 0
    assert report["firehose_10pct_addressed_posts_per_s"] > 0
    with pytest.raises(ValueError):
        bench(0)
