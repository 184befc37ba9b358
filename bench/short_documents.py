"""Sentence flags on short documents: correct translations must not be flagged.

Pipelines often call mtfix on a paragraph or an XLIFF unit, not a whole article.  For
every dev document (``../shared/evaldata/dev.jsonl``; skipped when absent), the human
reference, a correct translation, is cut into short documents of ``--size`` segments and
each is repaired with its Chinese source.  The report gives, per domain, the share of
short documents with any low-confidence sentence flag and the share of their sentences
flagged, at the default ``sentence_flag_threshold`` and at stricter values; the same
figures for whole documents are the yardstick.

    python bench/short_documents.py [--size 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _data import dev_path, load_docs  # noqa: E402

#: Thresholds reported besides the default.
THRESHOLDS = (0.05, 0.12, 0.2, 0.3)


def _confidences(repairer: Any, zh: list[str], en: list[str]) -> list[float]:
    from mtfix.source.analysis import SourceAnalysis

    result = repairer.repair("\n".join(en), source=SourceAnalysis.from_segments(zh, en))
    return [s.confidence for s in result.sentences if s.confidence is not None]


def evaluate(size: int) -> dict[str, Any]:
    from mtfix import RepairConfig, Repairer

    repairer = Repairer(RepairConfig(stages=("source", "confidence")))
    default = repairer.config.sentence_flag_threshold
    thresholds = sorted({*THRESHOLDS, default})
    # domain -> kind ("short"/"whole") -> list of per-document confidence lists
    found: dict[str, dict[str, list[list[float]]]] = defaultdict(lambda: defaultdict(list))
    t0 = time.perf_counter()
    for doc in load_docs():
        zh: list[str] = doc["source"]
        ref: list[str] = doc["reference"]
        keep = [k for k, (z, e) in enumerate(zip(zh, ref, strict=False)) if z.strip() and e.strip()]
        if not keep or any("\n" in ref[k] for k in keep):
            continue
        domain = str(doc.get("domain", ""))
        zh_kept, en_kept = [zh[k] for k in keep], [ref[k] for k in keep]
        found[domain]["whole"].append(_confidences(repairer, zh_kept, en_kept))
        for a in range(0, len(keep), size):
            found[domain]["short"].append(
                _confidences(repairer, zh_kept[a : a + size], en_kept[a : a + size])
            )
    report: dict[str, Any] = {
        "size": size,
        "default_threshold": default,
        "seconds": round(time.perf_counter() - t0, 1),
        "domains": {},
    }
    for domain, kinds in sorted(found.items()):
        rows: dict[str, Any] = {}
        for kind, docs in sorted(kinds.items()):
            sentences = [c for d in docs for c in d]
            rows[kind] = {
                "documents": len(docs),
                "sentences": len(sentences),
                **{
                    str(t): {
                        "documents_flagged": round(
                            sum(1 for d in docs if any(c < t for c in d)) / max(len(docs), 1), 4
                        ),
                        "sentences_flagged": round(
                            sum(1 for c in sentences if c < t) / max(len(sentences), 1), 4
                        ),
                    }
                    for t in thresholds
                },
            }
        report["domains"][domain] = rows
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=3, help="segments per short document")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not load_docs():
        print(f"evaluation data not found at {dev_path()}; skipping")
        return 0
    report = evaluate(args.size)
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(
        f"human references cut into {args.size}-segment documents, repaired with the source "
        f"({report['seconds']} s); default sentence_flag_threshold {report['default_threshold']}"
    )
    print("domain        kind   docs  threshold  docs flagged  sentences flagged")
    for domain, rows in report["domains"].items():
        for kind, row in rows.items():
            for t, v in row.items():
                if t in ("documents", "sentences"):
                    continue
                print(
                    f"{domain:12s}  {kind:5s}  {row['documents']:4d}  {t:9s}  "
                    f"{v['documents_flagged']:12.1%}  {v['sentences_flagged']:17.1%}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
