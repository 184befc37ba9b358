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
    assert [(e.before, e.after, e.applied) for e in edits] == [("Tonys", "Tönnies", True)]


def test_consistency_by_majority() -> None:
    zh, en = load_pairs("check_consistency_unknown")
    _text, edits = run_check(check_consistency, "source.consistency", zh, en)
    assert [(e.before, e.after) for e in edits] == [("Bergoff", "Berghoff")]


@pytest.mark.parametrize(
    "check",
    [check_numbers, check_names, check_places, check_untranslated, check_consistency],
)
def test_mismatched_source_gives_no_edits(check: object) -> None:
    zh, en = load_pairs("check_mismatch")
    # The same garbles as above, but the source is another text: nothing may happen.
    _, edits = run_check(check, "source.x", zh, en, mismatch=True)  # type: ignore[arg-type]
    assert edits == []


def test_no_source_doc_gives_no_edits() -> None:
    from mtfix.config import RepairConfig
    from mtfix.edits import EditLedger
    from mtfix.registry import FixContext
    from mtfix.rules.glossary import Glossary

    en = "Vice Premier He Lifeng met Zhou Yuheng."
    ctx = FixContext(config=RepairConfig(), glossary=Glossary(), source="x", ledger=EditLedger(en))
    ctx.text = en
    assert list(check_names(en, ctx)) == []
    assert list(check_numbers(en, ctx)) == []
