"""Throughput of ``mtfix.repair`` (no source, no model) against ``ftfy.fix_text``.

    python bench/throughput.py [--json] [--repeat N] [--limit-mb X]

Text: all systems' outputs in ../shared/evaldata/dev.jsonl (one document per
system and source document), or a generated fallback.  Both tools run on the
same documents in the same process; the figure to watch is the ratio
time(mtfix) / time(ftfy) (target: at most 2).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ftfy
from _data import dev_path, load_docs, system_documents

import mtfix

_FALLBACK_SENTENCES = [
    "The company said on Tuesday that its revenue rose 12.5 percent to 3.2 billion yuan.",
    "“We will keep investing in research,” the chief executive told reporters in Shenzhen.",
    "Analysts at the U.S. bank expect growth to slow in the second half of the year.",
    "The new rules, which take effect in March, apply to apps such as WeChat and Alipay.",
    "Officials did not say how many people had been affected — only that the number was small.",
    "Visitors can find more details at https://www.example.com/news or by e-mail.",
    "He added that the plan was “a long-term commitment”, not a short-term fix…",
]


def fallback_documents(n_docs: int = 400, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    docs = []
    for _ in range(n_docs):
        paragraphs = [
            " ".join(rng.choice(_FALLBACK_SENTENCES) for _ in range(rng.randint(2, 5)))
            for _ in range(rng.randint(3, 8))
        ]
        docs.append("\n\n".join(paragraphs))
    return docs


def _time(func: Callable[[str], object], docs: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for d in docs:
            func(d)
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print JSON")
    ap.add_argument("--repeat", type=int, default=3, help="runs per tool; the best one counts")
    ap.add_argument("--limit-mb", type=float, default=0.0, help="use at most this much text")
    args = ap.parse_args(argv)

    docs_json = load_docs()
    docs = list(system_documents(docs_json)) if docs_json else fallback_documents()
    source = str(dev_path()) if docs_json else "generated fallback"
    if args.limit_mb:
        kept, size = [], 0
        for d in docs:
            size += len(d.encode())
            if size > args.limit_mb * 1e6:
                break
            kept.append(d)
        docs = kept
    mb = sum(len(d.encode()) for d in docs) / 1e6

    repairer = mtfix.Repairer(mtfix.RepairConfig())
    repairer.repair(docs[0])  # warm up: registry, glossary, word lists
    ftfy.fix_text(docs[0])

    t_ftfy = _time(ftfy.fix_text, docs, args.repeat)
    t_mtfix = _time(repairer.repair, docs, args.repeat)
    clean_only = mtfix.Repairer(mtfix.RepairConfig(stages=("clean",)))
    clean_only.repair(docs[0])
    t_clean = _time(clean_only.repair, docs, args.repeat)

    figures = {
        "text": source,
        "documents": len(docs),
        "megabytes": round(mb, 3),
        "ftfy_mb_s": round(mb / t_ftfy, 3),
        "mtfix_mb_s": round(mb / t_mtfix, 3),
        "mtfix_clean_stage_mb_s": round(mb / t_clean, 3),
        "ratio_mtfix_over_ftfy": round(t_mtfix / t_ftfy, 3),
        "ratio_clean_stage_over_ftfy": round(t_clean / t_ftfy, 3),
        "target_ratio": 2.0,
        "stages": list(repairer.config.stages),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"text: {source} ({len(docs)} documents, {mb:.2f} MB)")
        print(f"ftfy.fix_text (default config): {figures['ftfy_mb_s']:.2f} MB/s")
        print(f"mtfix.repair (default config):  {figures['mtfix_mb_s']:.2f} MB/s")
        print(f"mtfix clean stage only:         {figures['mtfix_clean_stage_mb_s']:.2f} MB/s")
        print(
            f"time ratio mtfix/ftfy: {figures['ratio_mtfix_over_ftfy']:.2f} "
            f"(clean stage only: {figures['ratio_clean_stage_over_ftfy']:.2f}; target <= 2)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
