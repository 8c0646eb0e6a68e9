"""The default sentiment model: shipped file, predictions, explanations, robustness,
evaluation on the UMSAB layout, and training end to end on a tiny synthetic folder."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.enrich import sentiment
from parley.enrich.sentiment import (
    LABELS,
    MODELS,
    Sentiment,
    SentimentModel,
    SentimentModelProtocol,
    evaluate,
    format_table,
    load_sentiment_model,
    macro_f1,
    normalise,
    normalise_many,
    read_split,
    train,
)


@pytest.fixture(scope="module")
def model() -> SentimentModel:
    loaded = load_sentiment_model()
    assert isinstance(loaded, SentimentModel)
    return loaded


def test_shipped_model_is_small_and_loads_fast() -> None:
    path = sentiment.DEFAULT_MODEL_PATH
    assert path.is_file(), "the default model must ship in the package"
    assert path.stat().st_size < 20 * 1024 * 1024
    started = time.perf_counter()
    fresh = SentimentModel()
    assert time.perf_counter() - started < 1.0
    assert isinstance(fresh, SentimentModelProtocol)
    assert fresh.labels == LABELS


OBVIOUS = [
    ("I love this, it is wonderful! Best day ever 😍", "positive"),
    ("This is the worst service ever. I hate it, terrible and disgusting", "negative"),
    ("Me encanta, qué maravilla, gracias!! ❤️", "positive"),
    ("Odio esto, es horrible y asqueroso", "negative"),
    ("Che bello, sono felicissimo, grazie mille!", "positive"),
    ("Che schifo, servizio pessimo, vergogna", "negative"),
    ("الحمد لله سعيد جدا، شكرا لكم ❤️", "positive"),
    ("أنا غاضب جدا من هذا الظلم", "negative"),
    ("太好了，我非常喜欢[哈哈][爱你]", "positive"),
    ("太失望了，真恶心[怒][抓狂]", "negative"),
]


def test_obvious_examples_in_several_languages(model: SentimentModel) -> None:
    results = model.predict_many([text for text, _ in OBVIOUS])
    wrong = [
        (text, want, got.label)
        for (text, want), got in zip(OBVIOUS, results, strict=True)
        if got.label != want
    ]
    assert not wrong


def test_scores_are_in_range_and_consistent(model: SentimentModel) -> None:
    results = model.predict_many([text for text, _ in OBVIOUS] + ["the bus leaves at 9", ""])
    for result in results:
        assert isinstance(result, Sentiment)
        assert result.label in LABELS
        assert -1.0 <= result.score <= 1.0
        assert 1 / 3 - 1e-6 <= result.confidence <= 1.0
        assert len(result.why) <= 5
    assert results[0].score > 0.3
    assert results[1].score < -0.3


def test_why_names_readable_words_from_the_text(model: SentimentModel) -> None:
    text = "I absolutely love this wonderful phone"
    (result,) = model.predict_many([text])
    assert result.label == "positive"
    words = {w for w, _ in result.why}
    assert words <= set(normalise(text).split())
    assert words & {"love", "wonderful"}
    weights = [w for _, w in result.why]
    assert weights == sorted(weights, reverse=True)
    assert all(w > 0 for w in weights)
    (zh,) = model.predict_many(["今天天气很好，我很开心"])
    assert all(len(w) <= 2 for w, _ in zh.why if "\u4e00" <= w[0] <= "\u9fff")
    assert all(w in "今天天气很好，我很开心" for w, _ in zh.why)


def test_hostile_input_does_not_crash(model: SentimentModel) -> None:
    texts = [
        "",
        "   \n\t ",
        "😍😍😍",
        "🙂",
        "a" * 100_000,
        "great " * 20_000,
        "bad \ud800 text \udfff end",
        "\u202egood movie\u202c \u2066nice\u2069",
        "\x00\x01 nul \x00",
        "\\ud83d\\ude02 escaped \\u0000 \\u2019",
        "&amp;&lt;&#0;&#xD800;",
        "@@@@ ### http://x.y/%ff",
    ]
    results = model.predict_many(texts)
    assert len(results) == len(texts)
    assert all(r.label in LABELS for r in results)
    assert model.predict_many([]) == []
    assert all(len(d) <= sentiment.MAX_CHARS for d in normalise_many(texts))


def test_prediction_does_not_depend_on_the_rest_of_the_batch(
    model: SentimentModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [text for text, _ in OBVIOUS]
    alone = [model.predict_many([t])[0] for t in texts]
    together = model.predict_many(["\\u00e9 &amp; \ud800 @x", *texts, ""])[1:-1]
    assert alone == together
    monkeypatch.setattr(sentiment, "CHUNK_CHARS", 60)  # a chunk per text or two
    assert model.predict_many(texts) == alone


def test_normalise_follows_umsab_conventions() -> None:
    assert normalise("Check https://t.co/abc NOW @Someone") == "check http now @user"
    assert normalise("Sooooo GOOD!!!!!") == "soo good !!"
    assert normalise("i\\u2019m fine &amp; you") == "i’m fine & you"
    assert normalise("love it😍😍") == "love it 😍😍"
    assert normalise("❤️") == normalise("❤")
    assert normalise("a\u202eb\u200bc") == "abc"


def test_registry_names_the_known_models(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="default"):
        load_sentiment_model("no-such-model")

    class Constant:
        name = "constant"

        def predict_many(self, texts: Sequence[str]) -> list[Sentiment]:
            return [Sentiment(label="neutral", score=0.0, confidence=1.0) for _ in texts]

    monkeypatch.setitem(MODELS, "constant", Constant)
    loaded = load_sentiment_model("constant")
    assert isinstance(loaded, SentimentModelProtocol)
    assert loaded.predict_many(["x"])[0].label == "neutral"


# ---------------------------------------------------------------------------------------
# Evaluation on the UMSAB layout
# ---------------------------------------------------------------------------------------
def _write_split(folder: Path, split: str, texts: list[str], labels: list[int]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{split}_text.txt").write_text("".join(t + "\n" for t in texts), encoding="utf-8")
    (folder / f"{split}_labels.txt").write_text("".join(f"{y}\n" for y in labels))


class LookupModel:
    """Answers from a table: lets a test know every prediction in advance."""

    name = "lookup"

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers

    def predict_many(self, texts: Sequence[str]) -> list[Sentiment]:
        out = []
        for text in texts:
            label = self.answers[text]
            score = {"negative": -0.9, "neutral": 0.0, "positive": 0.9}[label]
            out.append(Sentiment(label=label, score=score, confidence=0.9))  # type: ignore[arg-type]
        return out


def test_evaluate_macro_f1_on_a_hand_computed_case(tmp_path: Path) -> None:
    # gold 0 0 1 1 2 2, predicted 0 1 1 1 2 0:
    # F1(neg) = 2*1/(2*1+1+1) = 0.5, F1(neu) = 2*2/(2*2+1+0) = 0.8, F1(pos) = 2*1/(2+0+1) = 2/3
    texts = [f"t{i}" for i in range(6)]
    gold = [0, 0, 1, 1, 2, 2]
    pred = ["negative", "neutral", "neutral", "neutral", "positive", "negative"]
    _write_split(tmp_path / "english", "val", texts, gold)
    _write_split(tmp_path / "spanish", "val", ["s0", "s1"], [0, 2])  # all right: 1.0
    answers = dict(zip(texts, pred, strict=True)) | {"s0": "negative", "s1": "positive"}
    scores = evaluate(LookupModel(answers), tmp_path, "val")
    expected = (0.5 + 0.8 + 2 / 3) / 3
    assert scores["languages"]["english"]["macro_f1"] == pytest.approx(expected)
    assert scores["languages"]["english"]["n"] == 6
    assert scores["languages"]["spanish"]["macro_f1"] == pytest.approx(1.0)
    assert scores["average"] == pytest.approx((expected + 1.0) / 2)
    assert "weibo" not in scores
    table = format_table(scores)
    assert "| En |" in table.replace("  ", " ") or " En " in table
    assert f"{expected * 100:.1f}" in table and "All" in table
    assert macro_f1([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0]) == pytest.approx(expected)


def test_evaluate_reports_weibo_apart(tmp_path: Path) -> None:
    _write_split(tmp_path / "umsab" / "english", "val", ["a", "b"], [0, 2])
    rows = ["label\tx_valid"] + [f"{i % 2}\tw{i}" for i in range(10)]
    (tmp_path / "weibo_senti").mkdir()
    (tmp_path / "weibo_senti" / "dev.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    answers = {"a": "negative", "b": "positive"} | {f"w{i}": "positive" for i in range(10)}
    scores = evaluate(LookupModel(answers), tmp_path, "val")
    # held out: data rows 0 and 5, labels 0 and 1 -> both predicted positive
    assert scores["weibo"]["n"] == 2
    assert scores["weibo"]["macro_f1"] == pytest.approx((0 + 2 / 3) / 2)
    assert "Weibo" in format_table(scores)


def test_mismatched_or_missing_files_are_clear_errors(tmp_path: Path) -> None:
    folder = tmp_path / "german"
    _write_split(folder, "val", ["a", "b", "c"], [0, 1])
    with pytest.raises(ValueError, match=r"val_text\.txt has 3 lines .*val_labels\.txt has 2"):
        read_split(folder, "val")
    with pytest.raises(ValueError, match=r"val_text\.txt has 3 lines"):
        evaluate(LookupModel({}), tmp_path, "val")
    (folder / "val_labels.txt").unlink()
    with pytest.raises(ValueError, match=r"missing file .*val_labels\.txt"):
        evaluate(LookupModel({}), tmp_path, "val")
    _write_split(folder, "val", ["a"], [7])
    with pytest.raises(ValueError, match="line 1: '7'"):
        read_split(folder, "val")
    with pytest.raises(ValueError, match="no 'test' data"):
        evaluate(LookupModel({}), tmp_path, "test")


def test_real_val_split_beats_the_char_ngram_baseline(
    model: SentimentModel, shared_data: Path
) -> None:
    umsab = shared_data / "umsab"
    if not umsab.is_dir():
        pytest.skip(f"UMSAB not found at {umsab}")
    scores = evaluate(model, shared_data, "val")
    assert set(scores["languages"]) == set(sentiment.UMSAB_LANGUAGES)
    assert scores["average"] > 0.57, format_table(scores)
    # The model card's per-language val scores, less about two points: a retrained model that
    # loses a language fails here even when the average holds.
    for lang, (floor, _card) in VAL_FLOORS.items():
        assert scores["languages"][lang]["macro_f1"] >= floor, (lang, format_table(scores))
    if "weibo" in scores:
        assert scores["weibo"]["macro_f1"] > 0.97


# language: (floor, the model card's val score), macro-F1 on UMSAB val
VAL_FLOORS = {
    "arabic": (0.63, 0.650),
    "english": (0.54, 0.562),
    "french": (0.60, 0.625),
    "german": (0.65, 0.670),
    "hindi": (0.33, 0.352),
    "italian": (0.60, 0.623),
    "portuguese": (0.59, 0.611),
    "spanish": (0.53, 0.549),
}


def test_real_val_tweets_get_reasons_from_their_own_words(
    model: SentimentModel, shared_data: Path
) -> None:
    umsab = shared_data / "umsab"
    if not umsab.is_dir():
        pytest.skip(f"UMSAB not found at {umsab}")
    texts: list[str] = []
    for lang in sentiment.UMSAB_LANGUAGES:
        texts += read_split(umsab / lang, "val")[0][:25]
    results = model.predict_many(texts)
    for text, result in zip(texts, results, strict=True):
        words = set(normalise(text).split())
        assert all(w in words for w, _ in result.why), (text, result.why)
    # Nearly every positive or negative call names at least one word that pushed it there.
    polar = [r for r in results if r.label != "neutral"]
    assert len(polar) > len(results) / 3
    assert sum(bool(r.why) for r in polar) >= 0.9 * len(polar)


# ---------------------------------------------------------------------------------------
# Training end to end
# ---------------------------------------------------------------------------------------
def test_train_end_to_end_on_a_tiny_folder(tmp_path: Path) -> None:
    words = {
        0: ["awful", "hate", "terrible", "worst", "sad"],
        1: ["table", "tuesday", "report", "meeting", "bus"],
        2: ["love", "great", "wonderful", "happy", "best"],
    }
    data = tmp_path / "data"
    for lang, suffix in (("english", ""), ("italian", "o")):
        for split, n in (("train", 30), ("val", 9)):
            texts, labels = [], []
            for i in range(n):
                y = i % 3
                pool = words[y]
                texts.append(f"{pool[i % 5]}{suffix} {pool[(i + 2) % 5]}{suffix} today")
                labels.append(y)
            _write_split(data / lang, split, texts, labels)
    out = tmp_path / "model" / "tiny.npz"
    result = train(data, out, seed=1)
    assert out.is_file() and result["size_bytes"] == out.stat().st_size
    assert result["n_train"] == 60
    assert set(result["languages"]) == {"english", "italian"}
    assert result["average"] > 0.8
    tiny = SentimentModel(out)
    assert [s.label for s in tiny.predict_many(["love great", "hate awful"])] == [
        "positive",
        "negative",
    ]
    assert "All" in format_table(result)
    again = train(data, tmp_path / "again.npz", seed=1)
    assert again["languages"] == result["languages"]
    # The 5-fold cross-validated scores of the recipe, per language, from the calibration folds.
    assert set(result["cv"]["languages"]) == {"english", "italian"}
    assert result["cv"]["languages"]["english"]["n"] == 30
    assert 0.0 <= result["cv"]["average"] <= 1.0
    assert "cross-validated" in format_table(result)
    assert again["cv"] == result["cv"]


def test_train_with_val_uses_every_labelled_row_and_reports_only_cv(tmp_path: Path) -> None:
    data = tmp_path / "data"
    pools = {
        0: ["awful", "hate", "worst"],
        1: ["table", "report", "bus"],
        2: ["love", "great", "best"],
    }
    for split, n in (("train", 30), ("val", 12)):
        texts = [f"{pools[i % 3][i % 2]} {pools[i % 3][2]} now" for i in range(n)]
        _write_split(data / "english", split, texts, [i % 3 for i in range(n)])
    out = tmp_path / "all.npz"
    runner = CliRunner()
    result = runner.invoke(
        main, ["train", "sentiment", "--data", str(data), "--out", str(out), "--include-val"]
    )
    assert result.exit_code == 0, result.output
    assert "cross-validated on the training rows: En" in result.output
    assert "| En |" not in result.output  # no val table: val was trained on
    model = SentimentModel(out)
    assert model.meta["train"]["splits"] == ["train", "val"]
    assert model.meta["train"]["rows"] == {"english": 42}
    scores = train(data, tmp_path / "again.npz", include_val=True)
    assert scores["n_train"] == 42 and "languages" not in scores
    assert scores["cv"]["languages"]["english"]["n"] == 42
