"""Recall of hand-listed name and number errors: how many does mtfix catch with the source?

``bench/verdicts/name_number_errors.jsonl`` lists, for six news documents read line by line
against the Chinese and the reference, every clear error in a name (person, organisation,
place, product, species: garbled, wrong, mistransliterated, pinyin where an English name is
established, inconsistent) and every clear number error (value, unit, scale, date), one JSON
object a line: ``{doc_id, system, seg, start, end, kind, note}`` (``seg`` 0-based, ``start``
/``end`` character offsets in that system's segment, ``kind`` name or number, ``note`` in our
own words; no text from the data).

The six (document, system) pairs were drawn with ``random.Random(11)`` (see :func:`choose`,
``--choose`` prints them): three WMT23 and three WMT22 news documents of 8–20 segments, and
for each a system from a list of mid-quality ones (never the best-ranked online systems or
GPT-4).  The draw gave one output with no clear name or number error (it is scored
with 0 errors), and one weak output that holds 33 of the 45 errors: read the figures per
document too.

Each listed output is repaired with its source in segments mode (``SourceAnalysis.
from_segments``, text = segments joined by newlines, the default ``RepairConfig()``), and an
error counts as caught when an edit overlaps its span (edits' document offsets are mapped to
segment offsets as ``bench/findings.py`` does):

* ``rule``: an edit (applied or flagged and shown, in ``result.edits``) of a name or number
  rule (:data:`RULES`);
* ``edit``: any edit or flag in ``result.edits`` of any rule, sentence flags left out;
* ``any``: any edit or flag in ``result.edits``, ``retranslate.sentences`` low-confidence
  sentence flags included (they cover the whole sentence);
* ``rule_with_suppressed`` / ``any_with_suppressed``: the same with ``result.suppressed``
  (flags below ``flag_threshold``, sentences above ``sentence_flag_threshold``) counted too.

    python bench/recall.py [--json] [--misses] [--verdicts PATH]
    python bench/recall.py --choose
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._data import dev_path, load_docs  # noqa: E402
from bench.findings import locate, overlaps, segment_offsets  # noqa: E402

ERRORS = ROOT / "bench" / "verdicts" / "name_number_errors.jsonl"
#: Rule-id prefixes of the name and number checks.
RULES = (
    "source.names",
    "source.consistency",
    "source.places",
    "source.numbers",
    "rules.glossary",
)
KINDS = ("name", "number")
LEVELS = ("rule", "edit", "any", "rule_with_suppressed", "any_with_suppressed")
FIELDS = {"doc_id", "system", "seg", "start", "end", "kind", "note"}

#: The draw: seed, document length, and the systems each test set's pick comes from.
SEED = 11
SEGMENTS = (8, 20)
POOL_WMT23 = (
    "ONLINE-A",
    "ONLINE-M",
    "NLLB_Greedy",
    "Lan-BridgeMT",
    "HW-TSC",
    "ONLINE-Y",
    "ONLINE-G",
    "IOL_Research",
    "ZengHuiMT",
)
POOL_WMT22 = (
    "Online-A",
    "Online-Y",
    "Online-G",
    "Lan-Bridge",
    "HuaweiTSC",
    "DLUT",
    "NiuTrans",
    "AISP-SJTU",
    "LanguageX",
)


def choose(docs: list[dict[str, Any]], seed: int = SEED) -> list[tuple[str, str]]:
    """The (doc_id, system) pairs: 3 WMT23 and 3 WMT22 news documents, one system each."""
    lo, hi = SEGMENTS
    news = [d for d in docs if d.get("domain") == "news" and lo <= len(d["source"]) <= hi]
    w23 = sorted(str(d["doc_id"]) for d in news if "wmt23" in str(d.get("testset", "")))
    w22 = sorted(str(d["doc_id"]) for d in news if "wmt22" in str(d.get("testset", "")))
    rng = random.Random(seed)
    a, b = rng.sample(w23, 3), rng.sample(w22, 3)
    sa, sb = rng.sample(POOL_WMT23, 3), rng.sample(POOL_WMT22, 3)
    return list(zip(a, sa, strict=True)) + list(zip(b, sb, strict=True))


@dataclass
class Error:
    doc_id: str
    system: str
    seg: int
    start: int
    end: int
    kind: str
    note: str
    caught: dict[str, bool] = field(default_factory=dict)
    #: The rules of the edits overlapping the span, by where they were found.
    by: dict[str, list[str]] = field(default_factory=dict)


def load_errors(path: Path) -> list[Error]:
    out = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        v = json.loads(line)
        if set(v) != FIELDS or v["kind"] not in KINDS:
            raise ValueError(f"{path}:{n}: want fields {sorted(FIELDS)} and kind name/number")
        out.append(
            Error(
                str(v["doc_id"]),
                str(v["system"]),
                int(v["seg"]),
                int(v["start"]),
                int(v["end"]),
                v["kind"],
                v["note"],
            )
        )
    return out


def is_sentence_flag(rule: str) -> bool:
    return rule.startswith("retranslate.")


def is_name_number_rule(rule: str) -> bool:
    return rule.startswith(RULES)


def hits(edits: list[Any], offsets: list[tuple[int, int]], err: Error) -> list[str]:
    """Rules of the edits whose span, cut to its segment, overlaps the error's span."""
    out = []
    for e in edits:
        if e.start == e.end:  # an insertion: the segment it lies in
            where = locate(e.start, e.end, offsets)
            segs = [where] if where else []
        else:  # a sentence flag may cover several segments: each one it touches counts
            segs = [
                (i, max(e.start, a) - a, min(e.end, b) - a)
                for i, (a, b) in enumerate(offsets)
                if max(e.start, a) < min(e.end, b)
            ]
        if any(seg == err.seg and overlaps(s, t, err.start, err.end) for seg, s, t in segs):
            out.append(e.rule)
    return out


def evaluate(docs: list[dict[str, Any]], errors: list[Error]) -> dict[str, Any]:
    from mtfix import RepairConfig, Repairer
    from mtfix.source.analysis import SourceAnalysis

    by_id = {str(d["doc_id"]): d for d in docs}
    repairer = Repairer(RepairConfig())
    groups: dict[tuple[str, str], list[Error]] = defaultdict(list)
    for e in errors:
        groups[(e.doc_id, e.system)].append(e)
    missing = []
    for (doc_id, system), errs in groups.items():
        doc = by_id.get(doc_id)
        if doc is None or system not in doc.get("systems", {}):
            missing.append(f"{doc_id}/{system}")
            continue
        segments: list[str] = doc["systems"][system]
        source: list[str] = doc["source"]
        analysis = SourceAnalysis.from_segments(source, segments)
        result = repairer.repair("\n".join(segments), source=analysis)
        offsets = segment_offsets(segments)
        for err in errs:
            shown = hits(result.edits, offsets, err)
            quiet = hits(result.suppressed, offsets, err)
            err.by = {"shown": shown, "suppressed": quiet}
            rule_shown = any(is_name_number_rule(r) for r in shown)
            rule_quiet = any(is_name_number_rule(r) for r in quiet)
            err.caught = {
                "rule": rule_shown,
                "edit": any(not is_sentence_flag(r) for r in shown),
                "any": bool(shown),
                "rule_with_suppressed": rule_shown or rule_quiet,
                "any_with_suppressed": bool(shown or quiet),
            }
    scored = [e for e in errors if e.caught]
    report: dict[str, Any] = {"errors": len(errors), "scored": len(scored), "missing": missing}
    for label, subset in (
        ("name", [e for e in scored if e.kind == "name"]),
        ("number", [e for e in scored if e.kind == "number"]),
        ("all", scored),
    ):
        row: dict[str, Any] = {"n": len(subset)}
        for level in LEVELS:
            k = sum(e.caught[level] for e in subset)
            row[level] = k
            row[f"{level}_share"] = round(k / len(subset), 3) if subset else None
        report[label] = row
    per_doc: dict[str, dict[str, int]] = {
        f"{doc_id} {system}": {"n": 0, **dict.fromkeys(LEVELS, 0)}
        for doc_id, system in choose(docs)
    }
    for e in scored:
        row = per_doc.setdefault(f"{e.doc_id} {e.system}", {"n": 0, **dict.fromkeys(LEVELS, 0)})
        row["n"] += 1
        for level in LEVELS:
            row[level] += e.caught[level]
    report["per_document"] = per_doc
    report["misses"] = [
        {
            "doc_id": e.doc_id,
            "system": e.system,
            "seg": e.seg,
            "start": e.start,
            "end": e.end,
            "kind": e.kind,
            "note": e.note,
            "shown": e.by["shown"],
            "suppressed": e.by["suppressed"],
        }
        for e in scored
        if not e.caught["rule"]
    ]
    return report


def print_report(report: dict[str, Any]) -> None:
    print(f"errors listed: {report['errors']}, scored: {report['scored']}")
    if report["missing"]:
        print(f"outputs not found in the data: {', '.join(report['missing'])}")
    head = ("", "n", "name/number rule", "any span edit", "any shown", "rule+suppressed")
    head += ("any+suppressed",)
    print("  ".join(f"{h:>17}" for h in head))
    for label in ("name", "number", "all"):
        r = report[label]
        cells = [label, str(r["n"])]
        for level in LEVELS:
            share = r[f"{level}_share"]
            cells.append(f"{r[level]} ({share:.0%})" if share is not None else "-")
        print("  ".join(f"{c:>17}" for c in cells))
    print()
    for doc, r in report["per_document"].items():
        print(
            f"  {doc}: {r['n']} errors; rule {r['rule']}, edit {r['edit']}, any {r['any']}, "
            f"rule+suppressed {r['rule_with_suppressed']}, "
            f"any+suppressed {r['any_with_suppressed']}"
        )


def print_misses(report: dict[str, Any]) -> None:
    sys.stdout.flush()
    print("missed by a name/number rule (shown):", file=sys.stderr)
    for m in report["misses"]:
        extra = []
        if m["shown"]:
            extra.append(f"shown: {','.join(sorted(set(m['shown'])))}")
        if m["suppressed"]:
            extra.append(f"suppressed: {','.join(sorted(set(m['suppressed'])))}")
        print(
            f"  {m['doc_id']} {m['system']} seg {m['seg']} [{m['start']}:{m['end']}] "
            f"{m['kind']}: {m['note']}" + (f"  ({'; '.join(extra)})" if extra else ""),
            file=sys.stderr,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--verdicts", type=Path, default=ERRORS)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--misses", action="store_true", help="list the missed errors (stderr)")
    parser.add_argument("--choose", action="store_true", help="print the seeded draw and stop")
    args = parser.parse_args(argv)
    docs = load_docs()
    if not docs:
        print(f"evaluation data not found at {dev_path()}; skipping")
        return 0
    if args.choose:
        for doc_id, system in choose(docs):
            print(doc_id, system)
        return 0
    report = evaluate(docs, load_errors(args.verdicts))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print_report(report)
    if args.misses:
        print_misses(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
