"""The retranslate stage: gating on confidence, applied vs flagged, protected names."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from mtfix.config import RepairConfig
from mtfix.document import Span
from mtfix.edits import EditLedger
from mtfix.pipeline import Repairer
from mtfix.registry import FixContext
from mtfix.retranslate.engines import Engine, Hypothesis
from mtfix.retranslate.stage import engine_key, retranslate_sentences, score_to_confidence
from mtfix.source.model import SourceDoc

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


def _context(
    config: RepairConfig,
    confidences: dict[int, float] | None = None,
    engine: Engine | None = None,
    entities: Any = None,
) -> FixContext:
    repairer = Repairer(config)
    if engine is not None:
        repairer.resources[engine_key(config)] = engine
    ledger = EditLedger(TEXT)
    doc = SourceDoc(
        zh_sentences=[Span(0, len(ZH[0]), ZH[0]), Span(len(ZH[0]), len(ZH[0]) + len(ZH[1]), ZH[1])],
        en_original_spans=[(0, len(EN[0])), (len(EN[0]) + 1, len(TEXT))],
        alignment=[((0,), (0,)), ((1,), (1,))],
    )
    ctx = FixContext(config=config, glossary=repairer.glossary, source="".join(ZH), ledger=ledger)
    ctx.state.update(repairer=repairer, source_doc=doc)
    if confidences is not None:
        ctx.state["sentence_confidence"] = confidences
    if entities is not None:
        ctx.state["entities"] = entities
    ctx.text, ctx.stage, ctx.rule = TEXT, "retranslate", "retranslate.sentences"
    return ctx


GOOD = "Tencent opened a new office in Beijing."
LOW_HIGH = {0: 0.2, 1: 0.9}


def test_without_a_model_low_confidence_sentences_are_flagged() -> None:
    ctx = _context(RepairConfig(), LOW_HIGH)
    edits = list(retranslate_sentences(TEXT, ctx))
    assert len(edits) == 1
    e = edits[0]
    assert (e.start, e.end, e.status) == (0, len(EN[0]), "flagged")
    assert e.after == e.before == EN[0]
    assert "0.20" in e.reason


def test_a_better_candidate_replaces_the_sentence() -> None:
    config = RepairConfig(model="fake", threshold=0.5)
    engine = FakeEngine({GOOD: -0.4, EN[0]: -3.0}, lambda s: GOOD)
    edits = list(retranslate_sentences(TEXT, _context(config, LOW_HIGH, engine)))
    assert engine.translated == [ZH[0]]  # the high-confidence sentence is left alone
    assert len(edits) == 1
    e = edits[0]
    assert e.status == "applied" and e.after == GOOD and (e.start, e.end) == (0, len(EN[0]))
    assert e.data["old_score"] == -3.0 and e.data["new_score"] == -0.4
    assert e.data["candidate"] == GOOD and e.data["old_confidence"] == 0.2
    assert e.confidence == pytest.approx(score_to_confidence(-0.4))


def test_a_candidate_that_is_not_better_by_the_margin_is_only_shown() -> None:
    config = RepairConfig(model="fake", retranslate_margin=0.1)
    # Model confidence of the candidate barely beats the original's.
    old, new = -1.5, -1.45
    assert score_to_confidence(new) - score_to_confidence(old) < 0.1
    engine = FakeEngine({GOOD: new, EN[0]: old}, lambda s: GOOD)
    edits = list(retranslate_sentences(TEXT, _context(config, LOW_HIGH, engine)))
    assert [e.status for e in edits] == ["flagged"]
    assert edits[0].after == GOOD and "does not beat" in edits[0].reason


def test_the_candidates_sentence_confidence_must_also_improve() -> None:
    config = RepairConfig(model="fake", threshold=0.5)
    engine = FakeEngine({GOOD: -0.4, EN[0]: -3.0}, lambda s: GOOD)
    ctx = _context(config, LOW_HIGH, engine)
    ctx.state["confidence_scorer"] = lambda zh, en: 0.25  # the confidence stage disagrees
    edits = list(retranslate_sentences(TEXT, ctx))
    assert [e.status for e in edits] == ["flagged"]
    assert edits[0].data["new_confidence"] == 0.25


def test_without_confidences_the_model_score_decides() -> None:
    config = RepairConfig(model="fake", threshold=0.5)
    engine = FakeEngine({EN[0]: -4.0, EN[1]: -0.3, GOOD: -0.3}, lambda s: GOOD)
    ctx = _context(config, None, engine)
    edits = list(retranslate_sentences(TEXT, ctx))
    assert engine.translated == [ZH[0]]
    assert [e.after for e in edits] == [GOOD]
    assert ctx.state["model_scores"][(ZH[0], EN[0])] == -4.0


def test_known_names_are_masked_and_restored() -> None:
    config = RepairConfig(model="fake", threshold=0.5)

    def translate(masked: str) -> str:
        assert "腾讯" not in masked and "北京" not in masked
        ph = [w for w in masked.split() if w.startswith("ZX")]
        return f"{ph[0]} opened a new office in {ph[1]} ."

    engine = FakeEngine({GOOD: -0.4, EN[0]: -3.0}, translate)
    entities = [("腾讯", "Tencent"), ("北京", "Beijing")]
    edits = list(retranslate_sentences(TEXT, _context(config, LOW_HIGH, engine, entities)))
    assert [e.after for e in edits] == [GOOD]
    assert edits[0].data["protected"] == [
        {"zh": "腾讯", "en": "Tencent"},
        {"zh": "北京", "en": "Beijing"},
    ]


def test_a_candidate_that_garbles_a_known_name_is_not_offered() -> None:
    config = RepairConfig(model="fake", threshold=0.5)
    engine = FakeEngine({}, lambda s: "Goose opened a new office.")
    edits = list(
        retranslate_sentences(TEXT, _context(config, LOW_HIGH, engine, [("腾讯", "Tencent")]))
    )
    assert len(edits) == 1
    assert edits[0].status == "flagged" and edits[0].after == EN[0]
    assert "protected name" in edits[0].reason


def test_stage_with_the_tiny_marian_model(toy_model: Path) -> None:
    config = RepairConfig(
        model=str(toy_model),
        engine="transformers",
        engine_options=(("max_length", 8), ("beam_size", 2)),
    )
    ctx = _context(config, LOW_HIGH)
    edits = list(retranslate_sentences(TEXT, ctx))
    assert len(edits) == 1
    e = edits[0]
    assert (e.start, e.end) == (0, len(EN[0]))
    d = e.data
    assert d["engine"] == "transformers" and math.isfinite(d["old_score"])
    assert d["candidate"] == e.after and math.isfinite(d["new_score"])
    better = (
        d["new_model_confidence"] >= d["old_model_confidence"] + config.retranslate_margin
        and d["new_confidence"] >= d["old_confidence"] + config.retranslate_margin
    )
    assert e.status == ("applied" if better else "flagged")
    # The engine is loaded once per Repairer.
    repairer = ctx.state["repairer"]
    assert engine_key(config) in repairer.resources
    list(retranslate_sentences(TEXT, ctx))
    assert len([k for k in repairer.resources if k.startswith("retranslate.engine")]) == 1


def test_no_source_doc_no_edits() -> None:
    ctx = _context(RepairConfig(), LOW_HIGH)
    del ctx.state["source_doc"]
    assert list(retranslate_sentences(TEXT, ctx)) == []


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
