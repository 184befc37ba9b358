"""The rule that lets a candidate replace a low sentence (mtfix.retranslate.stage._beats)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from mtfix.retranslate.stage import (
    CLEAR_GAIN,
    CONFIDENCE_ONLY_FACTOR,
    COVERAGE_SLACK,
    DOCUMENT_COVERAGE_GAIN,
    DOCUMENT_GAIN,
    DOCUMENT_SLACK,
    _beats,
    _Proposal,
    _whole,
)
from mtfix.source.analysis import AlignedPair

MARGIN = 0.1
OLD = 0.2


def _prop(confidence: float, **kw: float | None) -> _Proposal:
    fields: dict[str, float | None] = {"similarity_gain": 0.05, "coverage_gain": 0.0}
    fields.update(kw)
    return _Proposal("b.en.txt", "Other English.", False, confidence=confidence, **fields)  # type: ignore[arg-type]


def test_on_its_own_a_candidate_must_beat_the_sentence_by_the_stricter_margin() -> None:
    required = CONFIDENCE_ONLY_FACTOR * MARGIN
    assert not _beats(_prop(OLD + MARGIN + 0.01), OLD, None, MARGIN)
    assert not _beats(_prop(OLD + required - 0.01), OLD, None, MARGIN)
    assert _beats(_prop(OLD + required + 0.01), OLD, None, MARGIN)


def test_a_candidate_no_closer_to_the_source_needs_a_clear_gain() -> None:
    far = {"similarity_gain": -0.05}
    assert not _beats(_prop(OLD + CLEAR_GAIN - 0.01, **far), OLD, None, MARGIN)
    assert _beats(_prop(OLD + CLEAR_GAIN + 0.01, **far), OLD, None, MARGIN)


def test_a_candidate_that_covers_less_of_the_source_loses_on_its_own() -> None:
    drops = {"coverage_gain": -(COVERAGE_SLACK + 0.05)}
    assert not _beats(_prop(OLD + 0.5, **drops), OLD, None, MARGIN)
    assert _beats(_prop(OLD + 0.5, coverage_gain=-COVERAGE_SLACK / 2), OLD, None, MARGIN)


def test_a_candidate_better_across_the_document_is_trusted_within_the_slack() -> None:
    by_confidence = {"document_gain": DOCUMENT_GAIN, "document_coverage_gain": 0.0}
    by_coverage = {
        "document_gain": 0.0,
        "document_coverage_gain": DOCUMENT_COVERAGE_GAIN,
        "document_length_ratio": 1.0,
    }
    for backing in (by_confidence, by_coverage):
        # Little gain on the sentence, no closer in embedding, less coverage: still trusted.
        prop = _prop(OLD - DOCUMENT_SLACK / 2, similarity_gain=-0.1, coverage_gain=-0.3, **backing)
        assert _beats(prop, OLD, None, MARGIN)
        assert not _beats(_prop(OLD - 2 * DOCUMENT_SLACK, **backing), OLD, None, MARGIN)


def test_covering_more_is_no_backing_when_less_confident_or_shorter() -> None:
    more = {"document_coverage_gain": DOCUMENT_COVERAGE_GAIN + 0.1}
    less = {"document_gain": -0.01, "document_length_ratio": 1.2, **more}
    assert not _beats(_prop(OLD + 0.05, **less), OLD, None, MARGIN)
    # A terser, word-for-word rendering covers more glosses: shorter is no backing.
    terse = {"document_gain": 0.01, "document_length_ratio": 0.9, **more}
    assert not _beats(_prop(OLD + 0.05, **terse), OLD, None, MARGIN)
    assert _beats(_prop(OLD + 0.05, **{**terse, "document_length_ratio": 1.0}), OLD, None, MARGIN)
    fewer = {"document_gain": DOCUMENT_GAIN / 2, "document_coverage_gain": 0.0}
    assert not _beats(_prop(OLD + 0.05, **fewer), OLD, None, MARGIN)


def test_with_a_model_score_the_margin_is_the_configured_one() -> None:
    prop = _prop(OLD + MARGIN + 0.01, coverage_gain=-0.5)
    prop.model_confidence = 0.9
    assert _beats(prop, OLD, 0.5, MARGIN)
    prop.model_confidence = 0.55
    assert not _beats(prop, OLD, 0.5, MARGIN)


def test_a_lost_name_always_loses() -> None:
    prop = _prop(0.99, document_gain=0.5, document_coverage_gain=0.5)
    prop.lost_names = ("Tencent",)
    assert not _beats(prop, OLD, None, MARGIN)


def test_a_pair_next_to_an_unaligned_sentence_is_not_compared() -> None:
    # An English sentence the aligner left out may hold part of the Chinese's translation:
    # a candidate's whole group for that Chinese would then duplicate it.
    analysis: Any = SimpleNamespace(
        alignment=[((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,)), ((3,), (4,))]
    )

    def pair(link: int) -> AlignedPair:
        zh_ids, en_ids = analysis.alignment[link]
        return AlignedPair("中文。", "English.", 0, 8, en_ids, zh_ids, link, link)

    assert [_whole(analysis, pair(k)) for k in (0, 1, 3, 4)] == [True, False, False, True]
