"""The clean stage: data-driven cases, do-no-harm text, idempotence and offsets."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from mtfix import RepairConfig, apply_edits, repair
from mtfix.registry import fixers

HERE = Path(__file__).parent
CLEAN = RepairConfig(stages=("clean",))
FULL = RepairConfig()
SEED = HERE.parent.parent.parent / "shared" / "seed" / "000_f4709ed333adbb5b.txt"


def _load(name: str) -> list[dict[str, Any]]:
    with (HERE / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


CASES = _load("cases.jsonl")
UNTOUCHED = _load("untouched.jsonl")
PASSAGE = (HERE / "clean_passage.txt").read_text(encoding="utf-8")
ALL_INPUTS = [c["input"] for c in CASES] + [u["text"] for u in UNTOUCHED] + [PASSAGE]


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["note"] for item in items]


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
@pytest.mark.parametrize("config", [CLEAN, FULL], ids=["clean", "full"])
def test_case_is_repaired(case: dict[str, Any], config: RepairConfig) -> None:
    result = repair(case["input"], config=config)
    assert result.text == case["expected"]
    assert case["rule"] in {e.rule for e in result.applied} | {
        p.rule for e in result.applied for p in e.parts
    }


@pytest.mark.parametrize("case", UNTOUCHED, ids=_ids(UNTOUCHED))
@pytest.mark.parametrize("config", [CLEAN, FULL], ids=["clean", "full"])
def test_text_is_left_alone(case: dict[str, Any], config: RepairConfig) -> None:
    result = repair(case["text"], config=config)
    assert result.text == case["text"]
    clean_flags = sorted({e.rule for e in result.flagged if e.stage == "clean"})
    assert clean_flags == sorted(set(case["flagged"]))


@pytest.mark.parametrize("config", [CLEAN, FULL], ids=["clean", "full"])
def test_clean_passage_is_byte_identical(config: RepairConfig) -> None:
    result = repair(PASSAGE, config=config)
    assert result.text == PASSAGE
    assert not [e for e in result.edits if e.stage == "clean"]


@pytest.mark.parametrize("text", ALL_INPUTS)
def test_idempotent_and_offsets(text: str) -> None:
    for config in (CLEAN, FULL):
        first = repair(text, config=config)
        assert apply_edits(first.original, first.edits) == first.text
        assert repair(first.text, config=config).text == first.text


def test_all_cases_in_one_document() -> None:
    """Fixers must not interfere when every kind of damage shares a document."""
    doc = "\n\n".join(c["input"] for c in CASES)
    result = repair(doc, config=CLEAN)
    assert result.text == "\n\n".join(c["expected"] for c in CASES)
    result.check()


def test_every_case_names_a_registered_rule() -> None:
    """The case corpus and the registry agree: a renamed or dropped rule fails here."""
    ids = {f.id for f in fixers("clean")}
    assert {c["rule"] for c in CASES if c.get("rule")} <= ids
    assert all(f.description for f in fixers("clean"))


def test_a_disabled_rule_does_not_run() -> None:
    text = "a & rdquo; b and John · Rawls"
    config = CLEAN.replace(disabled_rules=("clean.entities",))
    assert repair(text, config=config).text == "a & rdquo; b and John Rawls"
    only = CLEAN.replace(enabled_rules=("clean.entities",))
    assert repair(text, config=only).text == "a” b and John · Rawls"


def test_ftfy_reason_names_the_steps() -> None:
    result = repair("Ma Huatengâ€™s plan", config=CLEAN)
    (edit,) = result.edits
    assert edit.rule == "clean.ftfy"
    assert "mojibake" in edit.reason and "windows-1252" in edit.reason
    assert (edit.before, edit.after) == ("â€™", "’")


def test_ftfy_edits_are_minimal() -> None:
    text = "Aâ€œ long line with two damaged spots â€” here."
    result = repair(text, config=CLEAN)
    assert result.text == "A“ long line with two damaged spots — here."
    assert [e.before for e in result.edits] == ["â€œ", "â€”"]


def test_guessy_edits_are_flagged_not_applied() -> None:
    result = repair("Home · News · Sports", config=CLEAN)
    assert result.text == "Home · News · Sports"
    assert result.flagged and all(e.confidence < 0.8 for e in result.flagged)


def test_chinese_text_keeps_full_width_forms() -> None:
    text = "他说：“ＡＩ很重要，２０１８年（去年）……”"
    assert repair(text, config=CLEAN).text == text


def test_repair_without_source_does_not_import_heavy_packages() -> None:
    # A fresh interpreter: other tests in this process may have imported them.
    import subprocess
    import sys

    code = (
        "import sys, mtfix\n"
        "from mtfix import RepairConfig\n"
        "mtfix.repair('a &rdquo; b', config=RepairConfig(stages=('clean',)))\n"
        "print('torch' in sys.modules, 'jieba' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.skipif(not SEED.exists(), reason="shared seed article not present")
def test_seed_article_debris_is_gone() -> None:
    text = SEED.read_text(encoding="utf-8")
    result = repair(text, config=CLEAN)
    out = result.text
    assert not re.search(r"&\s?#?[A-Za-z0-9]+;?", out.replace("R&D", ""))
    assert "——" not in out
    assert not re.search(r"[A-Z][a-z]+\s*[·・•]\s*[A-Z]", out)
    assert not re.search(r"[a-z]{2}[.,][A-Z][a-z]", out)
    assert ". ." not in out
    assert "via:博客园\u00a0\u00a0\u00a0\u00a0 time:" in out
    result.check()
