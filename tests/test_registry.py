"""The rule contract: ids name their stage, analysis steps are not rules."""

from __future__ import annotations

import pytest

from mtfix import registry
from mtfix.config import STAGES
from mtfix.registry import fixer


def test_every_rule_id_starts_with_its_stage() -> None:
    registry.load_source_fixers()
    for rule in registry.fixers():
        assert rule.id.split(".")[0] == rule.stage in STAGES
        assert rule.needs_source == (rule.stage in registry.SOURCE_STAGES)


def test_analysis_steps_are_not_rules() -> None:
    registry.load_source_fixers()
    ids = {rule.id for rule in registry.fixers()}
    assert "source.align" not in ids and "confidence.sentences" not in ids
    assert not any(rule.stage == "confidence" for rule in registry.fixers())


def test_a_stage_that_disagrees_with_the_id_is_refused() -> None:
    with pytest.raises(ValueError, match="its id says otherwise"):
        fixer("clean.test_only", stage="rules")
    with pytest.raises(ValueError, match="does not start with a stage"):
        fixer("bench.test_only")


def test_disabling_a_source_rule_leaves_the_others() -> None:
    pytest.importorskip("jieba")
    from mtfix import RepairConfig, Repairer, SourceAnalysis

    zh = ["滕尼斯集团是德国最大的肉类加工企业。", "当地政府要求滕尼斯集团停产。"]
    en = [
        "The Tönnies Group is Germany's largest meat processor.",
        "The local government asked the Tonys Group to halt production.",
    ]
    analysis = SourceAnalysis.from_segments(zh, en)
    every = Repairer(RepairConfig(stages=("source",))).repair("\n".join(en), source=analysis)
    # The names check repairs the garble first (Tönnies is a German name: applied).
    assert "source.names" in {e.rule for e in every.edits}
    assert "asked the Tönnies Group" in every.text
    config = RepairConfig(stages=("source",), disabled_rules=("source.names",))
    result = Repairer(config).repair("\n".join(en), source=analysis)
    rules = {e.rule for e in result.edits}
    assert "source.names" not in rules and "source.consistency" in rules


def test_one_gate_decides_applied_or_flagged() -> None:
    """--threshold acts on confidence alone; a rule that only points (applies=False) and an
    edit that changes nothing stay flags even at threshold 0."""
    pytest.importorskip("jieba")
    from mtfix import RepairConfig, Repairer, SourceAnalysis

    registry.load_source_fixers()
    assert not registry.get("source.numbers").applies
    assert not registry.get("rules.untranslated").applies
    zh, en = ["营收达2.5万元。"], ["Revenue reached 2,500 yuan."]
    config = RepairConfig(stages=("source",), edit_threshold=0.0, flag_threshold=0.0)
    result = Repairer(config).repair(en[0], source=SourceAnalysis.from_segments(zh, en))
    assert result.edits and all(not e.applied for e in result.edits)
    assert result.text == en[0]
    # The same gazetteer suggestion is flagged at the default threshold, applied at 0.3.
    text = "He moved to Zhangzhou in Hainan."
    default = Repairer(RepairConfig(stages=("rules",))).repair(text)
    low = Repairer(RepairConfig(stages=("rules",), edit_threshold=0.3)).repair(text)
    assert [e.status for e in default.edits if e.rule == "rules.gazetteer"] == ["flagged"]
    assert "applied" in [e.status for e in low.edits if e.rule == "rules.gazetteer"]
