"""The source checks on the zh/en article pairs in corpora/pairs/check_*."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import load_pairs, run_check

from mtfix.edits import apply_edits
from mtfix.source.checks.consistency import check_consistency
from mtfix.source.checks.names import check_names
from mtfix.source.checks.numbers import check_numbers
from mtfix.source.checks.places import check_places
from mtfix.source.checks.untranslated import check_untranslated

pytest.importorskip("jieba")
pytest.importorskip("pypinyin")


def test_numbers_article() -> None:
    zh, en = load_pairs("check_numbers")
    _text, edits = run_check(check_numbers, "source.numbers", zh, en)
    assert all(not e.applied for e in edits)  # numbers are only ever flagged
    flagged = {e.before: e.reason for e in edits}
    assert set(flagged) == {"November 15", "150 million", "25 per cent"}
    assert "1.5 billion (15亿)" in flagged["150 million"]
    assert "November 14" in flagged["November 15"]
    assert "20%" in flagged["25 per cent"]


def test_names_article() -> None:
    zh, en = load_pairs("check_names")
    _text, edits = run_check(check_names, "source.names", zh, en)
    applied = {e.before: e.after for e in edits if e.applied}
    # A garbled Chinese name, one syllable off, is fixed from the source.
    assert applied["Zhou Yuheng"] == "Zhou Zhiheng"
    # A foreign name from the shipped table.
    assert applied["Scholts"] == "Scholz"
    # A given name split in two.
    assert applied["Zheng Yu Xin"] == "Zheng Yuxin"
    # Correct names are left alone.
    touched = " ".join(e.before for e in edits)
    for ok in ("He Lifeng", "Xi'an", "Beijing", "Shenzhen"):
        assert ok not in touched


def test_wrong_province() -> None:
    zh, en = load_pairs("check_names")
    text, edits = run_check(check_places, "source.places", zh, en)
    [edit] = edits
    assert (edit.before, edit.after, edit.applied) == ("Hainan", "Fujian", True)
    assert "Zhangzhou, Fujian" in apply_edits(text, edits)


def test_province_from_cedict_when_source_has_none() -> None:
    _, edits = run_check(
        check_places,
        "source.places",
        ["儋州的一家工厂开工了。"],
        ["A factory in Danzhou, Guangdong opened."],
    )
    assert [(e.before, e.after) for e in edits] == [("Guangdong", "Hainan")]
    _text, edits = run_check(
        check_places,
        "source.places",
        ["儋州的一家工厂开工了。"],
        ["A factory in Danzhou, Hainan opened."],
    )
    assert edits == []


def test_untranslated() -> None:
    zh, en = load_pairs("check_untranslated")
    _text, edits = run_check(check_untranslated, "source.untranslated", zh, en)
    assert all(not e.applied for e in edits)
    found = {e.before: e.after for e in edits}
    # "Hillhouse Capital (高瓴资本)" is a deliberate gloss and stays.
    assert found == {"抖音": "Douyin", "高瓴资本": "Hillhouse Capital"}
    assert all("source" in e.reason for e in edits)


def test_consistency_with_known_form() -> None:
    zh, en = load_pairs("check_consistency")
    _text, edits = run_check(check_consistency, "source.consistency", zh, en)
    # "Tonys" is no pinyin form, so it may be another romanisation: below the threshold,
    # the repair flags it (a direct call of the fixer, before the gate, said "applied").
    assert [(e.before, e.after, e.applied) for e in edits] == [("Tonys", "Tönnies", False)]


def test_consistency_by_majority() -> None:
    zh, en = load_pairs("check_consistency_unknown")
    _text, edits = run_check(check_consistency, "source.consistency", zh, en)
    assert [(e.before, e.after) for e in edits] == [("Bergoff", "Berghoff")]


def test_a_mismatched_source_gives_no_source_edits() -> None:
    from mtfix import RepairConfig, Repairer
    from mtfix.source.analysis import SourceAnalysis

    zh, en = load_pairs("check_mismatch")
    # The same garbles as the other pairs, but the source is another text: no source rule
    # may act, and the warning says why.
    analysis = SourceAnalysis.from_segments(zh, en, separator=" ")
    analysis.mismatch = "another text"
    result = Repairer(RepairConfig(builtin_glossary=False)).repair(" ".join(en), source=analysis)
    assert [e for e in result.edits if e.stage in ("source", "retranslate")] == []
    assert any("another text" in w for w in result.warnings)


def test_no_source_gives_no_source_edits() -> None:
    from mtfix import RepairConfig, Repairer

    en = "Vice Premier He Lifeng met Zhou Yuheng."
    result = Repairer(RepairConfig(stages=("source",))).repair(en)
    assert result.edits == []
