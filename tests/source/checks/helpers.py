"""Run one source check on hand-aligned zh/en sentences (no aligner, no encoder)."""

from __future__ import annotations

from pathlib import Path

from mtfix.config import RepairConfig
from mtfix.document import Span
from mtfix.edits import Edit, EditLedger
from mtfix.registry import FixContext, FixerFunc
from mtfix.rules.glossary import Glossary
from mtfix.source.model import SourceDoc

PAIRS_DIR = Path(__file__).resolve().parents[3] / "corpora" / "pairs"


def build(zh_sents: list[str], en_sents: list[str]) -> tuple[str, str, SourceDoc]:
    """Join sentences into documents and link sentence i to sentence i."""
    zh_spans: list[Span] = []
    en_spans: list[tuple[int, int]] = []
    zh, en = "", ""
    for z, e in zip(zh_sents, en_sents, strict=True):
        zh_spans.append(Span(len(zh), len(zh) + len(z), z))
        zh += z
        if en:
            en += " "
        en_spans.append((len(en), len(en) + len(e)))
        en += e
    links: list[tuple[tuple[int, ...], tuple[int, ...]]] = [
        ((i,), (i,)) for i in range(len(zh_sents))
    ]
    return zh, en, SourceDoc(zh_spans, en_spans, links)


def run_check(
    func: FixerFunc,
    rule: str,
    zh_sents: list[str],
    en_sents: list[str],
    *,
    glossary: Glossary | None = None,
    mismatch: bool = False,
) -> tuple[str, list[Edit]]:
    """The edits one check proposes, and the English text they index."""
    zh, en, doc = build(zh_sents, en_sents)
    ctx = FixContext(
        config=RepairConfig(), glossary=glossary or Glossary(), source=zh, ledger=EditLedger(en)
    )
    ctx.state["source_doc"] = doc
    if mismatch:
        ctx.state["source_mismatch"] = True
    ctx.text, ctx.stage, ctx.rule = en, "source", rule
    return en, list(func(en, ctx))


def load_pairs(name: str) -> tuple[list[str], list[str]]:
    """A ``corpora/pairs/<name>.zh`` / ``.en`` pair: one sentence a line on each side."""
    zh = (PAIRS_DIR / f"{name}.zh").read_text("utf-8").splitlines()
    en = (PAIRS_DIR / f"{name}.en").read_text("utf-8").splitlines()
    return [z for z in zh if z.strip()], [e for e in en if e.strip()]
