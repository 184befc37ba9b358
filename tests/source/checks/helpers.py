"""Run one source check on hand-aligned zh/en sentences (no aligner, no encoder)."""

from __future__ import annotations

from pathlib import Path

import mtfix
from mtfix import Repairer
from mtfix.config import RepairConfig
from mtfix.edits import Edit
from mtfix.registry import FixerFunc, get
from mtfix.source.analysis import SourceAnalysis

PAIRS_DIR = Path(__file__).resolve().parents[3] / "corpora" / "pairs"


def build(zh_sents: list[str], en_sents: list[str]) -> tuple[str, str, SourceAnalysis]:
    """Join sentences into documents and link sentence i to sentence i."""
    analysis = SourceAnalysis.from_segments(zh_sents, en_sents, separator=" ")
    return analysis.source, " ".join(en_sents), analysis


def run_check(
    func: FixerFunc, rule: str, zh_sents: list[str], en_sents: list[str]
) -> tuple[str, list[Edit]]:
    """The findings one check makes through ``Repairer.repair`` with a known alignment
    (no aligner, no encoder), and the English text they index.  Every finding is shown
    (``flag_threshold=0``): what is shown by default is tested apart."""
    assert get(rule).func is func
    _zh, en, analysis = build(zh_sents, en_sents)
    config = RepairConfig(
        stages=("source",), enabled_rules=(rule,), builtin_glossary=False, flag_threshold=0.0
    )
    return en, Repairer(config).repair(en, source=analysis).edits


def load_pairs(name: str) -> tuple[list[str], list[str]]:
    """A ``corpora/pairs/<name>.zh`` / ``.en`` pair: one sentence a line on each side."""
    zh = (PAIRS_DIR / f"{name}.zh").read_text("utf-8").splitlines()
    en = (PAIRS_DIR / f"{name}.en").read_text("utf-8").splitlines()
    return [z for z in zh if z.strip()], [e for e in en if e.strip()]


#: The stages up to the source checks, for end-to-end tests through ``mtfix.repair``.
SOURCE_STAGES = RepairConfig(stages=("clean", "rules", "source"))


def findings_of_kind(zh: str, en: str, kind: str) -> list[Edit]:
    """The findings of one kind (``data["kind"]``) that ``mtfix.repair`` makes with the
    real splitter and aligner, up to the source checks."""
    result = mtfix.repair(en, source=zh, config=SOURCE_STAGES)
    result.check()
    return [e for e in result.edits if e.data.get("kind") == kind]


def every_finding(zh: str, en: str, rule: str) -> list[Edit]:
    """Every finding of ``rule``, shown or suppressed, that ``mtfix.repair`` makes up to the
    source checks with the real splitter and aligner."""
    result = mtfix.repair(en, source=zh, config=SOURCE_STAGES.replace(flag_threshold=0.0))
    return [e for e in [*result.edits, *result.suppressed] if e.rule == rule]


def shown(zh: str, en: str, rule: str = "source.") -> list[Edit]:
    """The findings of ``rule`` (a prefix) that an editor sees by default, through
    ``mtfix.repair`` up to the source checks."""
    result = mtfix.repair(en, source=zh, config=SOURCE_STAGES)
    return [e for e in result.edits if e.rule.startswith(rule)]
