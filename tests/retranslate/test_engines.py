"""The engines on a tiny random Marian model: scores, translation, batching, HF = CT2."""

from __future__ import annotations

import copy
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from toymodel import parallel_corpus

from mtfix.retranslate.engines import (
    CTranslate2Engine,
    EngineOptions,
    TransformersEngine,
    load_engine,
)

PAIRS = parallel_corpus(7, seed=11)
ZH = [z for z, _ in PAIRS]
EN = [e for _, e in PAIRS]


@pytest.fixture(scope="module")
def hf(toy_model: Path) -> TransformersEngine:
    return TransformersEngine(toy_model, max_length=10, max_batch_size=3)


@pytest.fixture(scope="module")
def ct2(toy_ct2: Path) -> CTranslate2Engine:
    return CTranslate2Engine(toy_ct2, compute_type="float32", max_length=10, max_batch_size=3)


def test_ctranslate2_scores_match_transformers(
    hf: TransformersEngine, ct2: CTranslate2Engine
) -> None:
    a = hf.score_batch(ZH, EN)
    b = ct2.score_batch(ZH, EN)
    assert len(a) == len(ZH)
    assert a == pytest.approx(b, abs=1e-3)
    # Scores are mean log-probabilities: negative, and they differ between pairs.
    assert all(s < 0 for s in a)
    assert len({round(s, 3) for s in a}) > 1


def test_scores_do_not_depend_on_batching(toy_model: Path, hf: TransformersEngine) -> None:
    single = TransformersEngine(toy_model, max_batch_size=1)
    assert single.score_batch(ZH, EN) == pytest.approx(hf.score_batch(ZH, EN), abs=1e-4)


def test_a_matching_target_scores_higher_than_a_mismatched_one(hf: TransformersEngine) -> None:
    # The same source scored with its own target and with a scrambled one.
    own = hf.score_batch(ZH[:1], EN[:1])[0]
    words = EN[0].split()
    scrambled = hf.score_batch(ZH[:1], [" ".join(reversed(words)) + " 要要要"])[0]
    assert own != scrambled


def test_score_iterable_matches_score_batch(hf: TransformersEngine) -> None:
    streamed = list(hf.score_iterable(zip(ZH, EN, strict=True), batch_size=2))
    assert streamed == pytest.approx(hf.score_batch(ZH, EN), abs=1e-5)


@pytest.mark.parametrize("engine_name", ["hf", "ct2"])
def test_translate_batch_keeps_order_and_scores(
    engine_name: str, request: pytest.FixtureRequest
) -> None:
    engine = request.getfixturevalue(engine_name)
    out = engine.translate_batch(ZH[:4], beam_size=2, num_hypotheses=2)
    assert len(out) == 4
    alone = engine.translate_batch(ZH[2:3], beam_size=2)
    assert out[2][0].text == alone[0][0].text
    for hyps in out:
        assert len(hyps) == 2
        assert hyps[0].score >= hyps[1].score
        assert all(h.score < 0 and "</s>" not in h.tokens for h in hyps)
        assert len(hyps[0].tokens) <= 10


@pytest.mark.parametrize("engine_name", ["hf", "ct2"])
def test_target_prefix_is_kept(engine_name: str, request: pytest.FixtureRequest) -> None:
    engine = request.getfixturevalue(engine_name)
    out = engine.translate_batch(ZH[:2], beam_size=2, target_prefix=["Zhang Wei", None])
    assert out[0][0].text.startswith("Zhang Wei")
    assert not out[1][0].text.startswith("Zhang Wei")


@pytest.mark.parametrize("beam", [1, 4])
def test_both_engines_translate_alike(
    beam: int, hf: TransformersEngine, ct2: CTranslate2Engine
) -> None:
    """Same words and scores, also for outputs cut off at max_length (no forced EOS)."""
    a = hf.translate_batch(ZH, beam_size=beam)
    b = ct2.translate_batch(ZH, beam_size=beam)
    assert [h[0].text for h in a] == [h[0].text for h in b]
    assert [h[0].score for h in a] == pytest.approx([h[0].score for h in b], abs=5e-3)
    assert any(len(h[0].tokens) == 10 for h in a)  # a random model runs to max_length


def test_missing_gpu_libraries_fail_at_load_with_a_hint(ct2: CTranslate2Engine) -> None:
    from mtfix.retranslate.catalog import ModelError

    class NoCublas:
        def score_batch(self, *args: object, **kwargs: object) -> None:
            raise RuntimeError("Library libcublas.so.12 is not found or cannot be loaded")

    engine = copy.copy(ct2)
    engine.translator = NoCublas()
    engine.options = dataclasses.replace(ct2.options, device="cuda")
    with pytest.raises(ModelError, match=r"cannot run on cuda: Library libcublas.*CUDA 12"):
        engine._check_device()


def test_translate_iterable_matches_translate_batch(ct2: CTranslate2Engine) -> None:
    streamed = [h[0].text for h in ct2.translate_iterable(ZH, batch_size=3, beam_size=2)]
    assert streamed == [h[0].text for h in ct2.translate_batch(ZH, beam_size=2)]


def test_mismatched_lengths_are_an_error(hf: TransformersEngine) -> None:
    with pytest.raises(ValueError, match="2 sources but 1 targets"):
        hf.score_batch(ZH[:2], EN[:1])


def test_engine_options() -> None:
    opts = EngineOptions.from_mapping({"beam_size": 2, "score_scale": 3}, ignore=["score_scale"])
    assert opts.beam_size == 2
    with pytest.raises(ValueError, match="unknown engine option"):
        EngineOptions.from_mapping({"beam": 2})
    with pytest.raises(ValueError):
        EngineOptions(max_batch_size=0)
    with pytest.raises(ValueError, match="unknown engine"):
        load_engine("x", "onnx")


def test_importing_the_package_loads_no_heavy_library() -> None:
    code = (
        "import sys, mtfix.retranslate, mtfix.retranslate.cli, mtfix.retranslate.engines\n"
        "heavy = [m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
