"""Evaluate the source checks on WMT zh→en news documents with MQM annotations.

For every system output of every news document in ``../shared/evaldata/dev.jsonl`` (relative
to the repository root; skipped when absent), the segments are joined with newlines on both
sides and repaired with the Chinese original.  Then:

* **recall**: the share of MQM error spans about names that an mtfix edit (applied or
  flagged) overlaps.  Name spans are those of category ``Locale convention/Name format`` and
  those of ``Accuracy/Mistranslation`` that overlap a capitalised span of the segment
  (:func:`mtfix.source.checks.entities.name_spans`) holding a word that is not common English
  (wordfreq Zipf < 4, when wordfreq is installed) while jieba tags a name in the source
  segment (not mtfix's own entity finder, which would move the denominator whenever it
  learns a name).  Spans are counted once per
  (system, segment, start, end); recall is also given for Name-format spans alone.
* **precision**: the share of edits, in MQM-rated segments, that overlap any MQM error span.
* **chrF / BLEU** of the output against the reference, before and after the repair.

``--mode pipeline`` (the default) runs ``mtfix.repair(text, source=...)`` with the real
splitter and aligner; ``--mode segments`` uses the data's own segment alignment (one link per
segment), which is much faster.  Only the clean, rules and source stages run.

``--misses`` prints the missed name spans with their segments, ``--applied`` the applied
source edits with the reference segment (both on stderr, for the terminal only: never save
evaldata text in the repository).

    python bench/eval_source.py [--mode segments] [--limit N] [--json] [--misses] [--applied]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.findings import overlaps, segment_offsets  # noqa: E402
from mtfix import RepairConfig, Repairer  # noqa: E402
from mtfix.edits import Edit  # noqa: E402
from mtfix.source.analysis import SourceAnalysis  # noqa: E402

DATA = ROOT.parent / "shared" / "evaldata" / "dev.jsonl"
NAME_FORMAT = "Locale convention/Name format"
MISTRANSLATION = "Accuracy/Mistranslation"

# -- scoring -----------------------------------------------------------------------------------


@dataclass
class SystemStats:
    name_spans: int = 0
    name_found: int = 0
    format_spans: int = 0
    format_found: int = 0
    edits_rated: int = 0
    edits_on_error: int = 0
    src_edits_rated: int = 0
    src_edits_on_error: int = 0
    applied: int = 0
    flagged: int = 0
    by_rule: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    hyps_before: list[str] = field(default_factory=list)
    hyps_after: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    broken_docs: int = 0


def _edit_segments(edit: Edit, offsets: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """``(segment, start, end)`` pieces of an edit, on segment offsets."""
    out = []
    for i, (a, b) in enumerate(offsets):
        s, e = max(edit.start, a), min(edit.end, b)
        if s < e or (edit.start == edit.end and a <= edit.start <= b):
            out.append((i, s - a, e - a))
    return out


def _rare(word: str) -> bool:
    """Not a common English word (wordfreq Zipf < 4), so a capitalised one is a name."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # without wordfreq every capitalised word counts
        return True
    return bool(zipf_frequency(word.lower(), "en") < RARE_ZIPF)


RARE_ZIPF = 4.0


def _has_name(zh: str) -> bool:
    """jieba tags a name in the segment: which MQM spans count as name spans must not
    depend on the checks being measured (mtfix's own entity finder would move the
    denominator whenever it learns a name)."""
    from mtfix.zh.segment import NAME_TAGS, segmenter

    return any(w.tag in NAME_TAGS for w in segmenter().words(zh))


def is_name_span(m: dict[str, Any], segment: str, source_has_name: bool) -> bool:
    """A Name-format span, or a Mistranslation span over a capitalised rare word when the
    source segment has a name."""
    from mtfix.source.checks.entities import name_spans

    if m["category"] == NAME_FORMAT:
        return True
    if m["category"] != MISTRANSLATION or not source_has_name:
        return False
    return any(
        overlaps(m["start"], m["end"], s.start, s.end) and any(_rare(w) for w in s.text.split())
        for s in name_spans(segment)
    )


def evaluate(args: argparse.Namespace) -> dict[str, Any]:

    docs = [json.loads(line) for line in DATA.read_text("utf-8").splitlines() if line.strip()]
    docs = [d for d in docs if d["domain"] == "news"]
    if args.mqm_only:
        docs = [d for d in docs if d.get("mqm")]
    if args.limit:
        docs = docs[: args.limit]
    stages = ("clean", "rules", "source")
    config = RepairConfig(stages=stages)
    if args.flag_threshold is not None:  # 0: every finding, shown or not by default
        config = config.replace(flag_threshold=args.flag_threshold)
    repairer = Repairer(config)
    stats: dict[str, SystemStats] = defaultdict(SystemStats)
    t0 = time.perf_counter()
    n_repairs = 0
    for doc in docs:
        source = doc["source"]
        has_name = [_has_name(z) for z in source]
        mqm = [m for m in doc.get("mqm") or [] if m.get("side", "target") == "target"]
        rated = doc.get("mqm_rated") or {}
        for system, segments in doc["systems"].items():
            if args.systems and system not in args.systems:
                continue
            st = stats[system]
            text = "\n".join(segments)
            prepared: str | SourceAnalysis = "\n".join(source)
            if args.mode == "segments":  # the data's own segment alignment
                prepared = SourceAnalysis.from_segments(source, segments)
            result = repairer.repair(text, source=prepared)
            n_repairs += 1
            after = result.text.split("\n")
            if len(after) != len(segments):
                st.broken_docs += 1
                after = list(segments)
            st.hyps_before.extend(segments)
            st.hyps_after.extend(after)
            st.refs.extend(doc["reference"])
            offsets = segment_offsets(segments)
            spans = [m for m in mqm if m["system"] == system]
            edit_pieces = [(e, _edit_segments(e, offsets)) for e in result.edits]
            for e in result.edits:
                st.by_rule[e.rule] += 1
                if args.applied and e.applied and e.stage == "source":
                    seg_ids = [p[0] for p in _edit_segments(e, offsets)]
                    ref = doc["reference"][seg_ids[0]] if seg_ids else ""
                    print(
                        f"APPLIED [{system}] {e.rule} {e.before!r} -> {e.after!r}\n  ref: {ref}",
                        file=sys.stderr,
                    )
                if e.applied:
                    st.applied += 1
                else:
                    st.flagged += 1
            # Recall over name spans (unique per position).
            seen: set[tuple[int, int, int]] = set()
            for m in spans:
                key = (m["seg"], m["start"], m["end"])
                if key in seen or not is_name_span(m, segments[m["seg"]], has_name[m["seg"]]):
                    continue
                seen.add(key)
                found = any(
                    seg == m["seg"] and overlaps(a, b, m["start"], m["end"])
                    for _, pieces in edit_pieces
                    for seg, a, b in pieces
                )
                st.name_spans += 1
                st.name_found += found
                if args.misses and not found:
                    seg = segments[m["seg"]]
                    print(
                        f"MISS [{system}] {m['category']} {seg[m['start'] : m['end']]!r}\n"
                        f"  en: {seg}\n  zh: {source[m['seg']]}",
                        file=sys.stderr,
                    )
                if m["category"] == NAME_FORMAT:
                    st.format_spans += 1
                    st.format_found += found
            # Precision over edits in rated segments.
            rated_segs = {int(k) for k, v in (rated.get(system) or {}).items() if v}
            for e, pieces in edit_pieces:
                in_rated = [p for p in pieces if p[0] in rated_segs]
                if not in_rated:
                    continue
                hit = any(
                    m["seg"] == seg and overlaps(a, b, m["start"], m["end"])
                    for seg, a, b in in_rated
                    for m in spans
                )
                st.edits_rated += 1
                st.edits_on_error += hit
                if e.stage == "source":
                    st.src_edits_rated += 1
                    st.src_edits_on_error += hit
    elapsed = time.perf_counter() - t0
    return _report(stats, args, elapsed, n_repairs, len(docs))


def _report(
    stats: dict[str, SystemStats],
    args: argparse.Namespace,
    elapsed: float,
    n_repairs: int,
    n_docs: int,
) -> dict[str, Any]:
    import sacrebleu

    rows: list[dict[str, Any]] = []
    total = SystemStats()
    for system, st in sorted(stats.items()):
        chrf_b = sacrebleu.corpus_chrf(st.hyps_before, [st.refs]).score
        chrf_a = sacrebleu.corpus_chrf(st.hyps_after, [st.refs]).score
        bleu_b = sacrebleu.corpus_bleu(st.hyps_before, [st.refs], tokenize="13a").score
        bleu_a = sacrebleu.corpus_bleu(st.hyps_after, [st.refs], tokenize="13a").score
        rows.append(
            {
                "system": system,
                "name_spans": st.name_spans,
                "name_found": st.name_found,
                "recall": st.name_found / st.name_spans if st.name_spans else None,
                "edits_rated": st.edits_rated,
                "precision": st.edits_on_error / st.edits_rated if st.edits_rated else None,
                "source_edits_rated": st.src_edits_rated,
                "source_precision": (
                    st.src_edits_on_error / st.src_edits_rated if st.src_edits_rated else None
                ),
                "applied": st.applied,
                "flagged": st.flagged,
                "chrf_before": round(chrf_b, 3),
                "chrf_after": round(chrf_a, 3),
                "bleu_before": round(bleu_b, 3),
                "bleu_after": round(bleu_a, 3),
                "broken_docs": st.broken_docs,
            }
        )
        for k in (
            "name_spans",
            "name_found",
            "format_spans",
            "format_found",
            "edits_rated",
            "edits_on_error",
        ):
            setattr(total, k, getattr(total, k) + getattr(st, k))
        total.src_edits_rated += st.src_edits_rated
        total.src_edits_on_error += st.src_edits_on_error
        for rule, n in st.by_rule.items():
            total.by_rule[rule] += n
    summary = {
        "mode": args.mode,
        "documents": n_docs,
        "repairs": n_repairs,
        "seconds": round(elapsed, 1),
        "name_recall": total.name_found / total.name_spans if total.name_spans else None,
        "name_spans": total.name_spans,
        "name_format_recall": (
            total.format_found / total.format_spans if total.format_spans else None
        ),
        "name_format_spans": total.format_spans,
        "precision_all": total.edits_on_error / total.edits_rated if total.edits_rated else None,
        "precision_source": (
            total.src_edits_on_error / total.src_edits_rated if total.src_edits_rated else None
        ),
        "edits_rated_source": total.src_edits_rated,
        "chrf_never_lower": all(r["chrf_after"] >= r["chrf_before"] for r in rows),
        "edits_by_rule": dict(sorted(total.by_rule.items())),
    }
    return {"summary": summary, "systems": rows}


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def print_table(report: dict[str, Any]) -> None:
    cols = [
        ("system", "system"),
        ("name_spans", "names"),
        ("recall", "recall"),
        ("edits_rated", "edits@rated"),
        ("precision", "prec"),
        ("source_edits_rated", "src@rated"),
        ("source_precision", "src-prec"),
        ("applied", "applied"),
        ("flagged", "flagged"),
        ("chrf_before", "chrF"),
        ("chrf_after", "chrF'"),
        ("bleu_before", "BLEU"),
        ("bleu_after", "BLEU'"),
    ]
    rows = [[_fmt(r[k]) for k, _ in cols] for r in report["systems"]]
    head = [h for _, h in cols]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    print()
    for k, v in report["summary"].items():
        print(f"{k}: {_fmt(v)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mode", choices=("pipeline", "segments"), default="pipeline")
    parser.add_argument("--limit", type=int, default=0, help="only the first N news documents")
    parser.add_argument("--mqm-only", action="store_true", help="only documents with MQM")
    parser.add_argument("--systems", nargs="*", default=None)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--flag-threshold", type=float, default=None, help="RepairConfig.flag_threshold"
    )
    parser.add_argument(
        "--misses", action="store_true", help="print missed name spans (stderr, terminal only)"
    )
    parser.add_argument(
        "--applied", action="store_true", help="print applied source edits with the reference"
    )
    args = parser.parse_args(argv)
    if not DATA.is_file():
        print(f"evaluation data not found at {DATA}; skipping")
        return 0
    report = evaluate(args)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
