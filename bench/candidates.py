"""Does a candidate translation make a document better?  Measured on WMT zh→en dev data.

For each document of ``../shared/evaldata/dev.jsonl`` (skipped with a message when absent)
and a pair of systems (A, B), A is repaired with the Chinese source and B as a candidate
(``Repairer.repair(A, source=..., candidates=[B])``, no seq2seq model).  Every sentence
the re-translation stage found low in confidence is a *low* sentence; the ones B replaced
are *replacements*.  For each replacement, B's segment is judged against A's:

- by MQM, where both segments are rated: B is better when its penalty is lower;
- by sentence chrF against the reference (sacrebleu), everywhere.

Precision is better / (better + worse); ties (equal penalty, most often both 0) are
counted apart.  Document chrF (corpus chrF of a document's segments) is computed for A,
for A with the replaced segments swapped for B's (other mtfix edits left out, so the
figure isolates the candidate), for an oracle that takes the better of A and B (by
sentence chrF) on every low sentence, and for "always replace every low sentence";
``docs_with_lower_chrf`` counts the documents whose chrF the replacements lowered.

Pairings: systems are ranked per test set by mean MQM penalty where it is rated, else by
corpus chrF against the reference (the data lists them alphabetically, not by quality).
``weak→strong`` repairs the weakest system with the strongest as the candidate;
``strong→weak`` the reverse (a candidate worse than the text: few replacements wanted).

Mode ``segments`` (the default, fast): A and B are both taken segment by segment
(``SourceAnalysis.from_segments``, ``Candidate.from_segments``).  Mode ``text``: A's
segments are joined into one text, the source and B are aligned by the encoder.

The decision is tuned on the WMT22 and TED documents (``--split tune``) and reported on
the held-out WMT23 ones (``--split heldout``) as well as on all.  A grid of decision rules
(``DOCUMENT_COVERAGE_GAIN`` and ``CONFIDENCE_ONLY_FACTOR`` in
:mod:`mtfix.retranslate.stage`) is simulated on each split from what the edits record,
so one run per pairing suffices.

    python bench/candidates.py [--mode segments|text] [--split all|tune|heldout]
                               [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _data import dev_path, load_docs  # noqa: E402

from mtfix.config import RepairConfig  # noqa: E402
from mtfix.pipeline import Repairer  # noqa: E402
from mtfix.retranslate.candidates import Candidate  # noqa: E402
from mtfix.retranslate.stage import (  # noqa: E402
    CANDIDATE_CONFIDENCE,
    CLEAR_GAIN,
    CONFIDENCE_ONLY_FACTOR,
    COVERAGE_SLACK,
    DOCUMENT_COVERAGE_GAIN,
    DOCUMENT_GAIN,
    DOCUMENT_SLACK,
    MIN_SIMILARITY_GAIN,
)
from mtfix.source.analysis import SourceAnalysis  # noqa: E402

PAIRINGS = ("weak→strong", "strong→weak")
SPLITS = ("all", "tune", "heldout")
MARGIN = RepairConfig().retranslate_margin
#: Simulated (document coverage gain, confidence-only factor) rules; 9.0: no coverage rule.
RULES = [(c, f) for c in (9.0, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08) for f in (1.0, 1.5, 2.0)]
#: The test set kept out of tuning.
HELDOUT = "wmt23"


def _split(doc: dict[str, Any]) -> str:
    return "heldout" if str(doc.get("testset", "")).startswith(HELDOUT) else "tune"


def _chrf(hyps: Sequence[str], refs: Sequence[str]) -> float:
    import sacrebleu

    return float(sacrebleu.corpus_chrf(list(hyps), [list(refs)]).score)


def _segment_stats(hyps: Sequence[str], refs: Sequence[str]) -> list[list[int]]:
    """chrF's sufficient statistics per segment: a document's corpus chrF is computed from
    their sums, so the simulated rules need no new n-gram counts (sacrebleu's own code)."""
    from sacrebleu.metrics import CHRF

    return [list(x) for x in CHRF()._extract_corpus_statistics(list(hyps), [list(refs)])]


def _chrf_from(a: list[list[int]], b: list[list[int]], take_b: set[int]) -> float:
    """Corpus chrF of A's segments with those in ``take_b`` replaced by B's."""
    from sacrebleu.metrics import CHRF

    rows = [b[i] if i in take_b else a[i] for i in range(len(a))]
    totals = [sum(col) for col in zip(*rows, strict=True)]
    return float(CHRF()._compute_score_from_stats(totals).score)


def _sentence_chrf(hyp: str, ref: str) -> float:
    import sacrebleu

    return float(sacrebleu.sentence_chrf(hyp, [ref]).score)


def _mean_penalty(doc: dict[str, Any], system: str) -> list[float]:
    pens = (doc.get("mqm_seg_penalty") or {}).get(system) or []
    return [p for p in pens if p is not None]


def rank_systems(docs: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Systems of each test set, weakest first."""
    out: dict[str, list[str]] = {}
    by_set: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        by_set.setdefault(doc["testset"], []).append(doc)
    for testset, group in by_set.items():
        systems = sorted(set.intersection(*(set(d["systems"]) for d in group)))
        pens = {s: [p for d in group for p in _mean_penalty(d, s)] for s in systems}
        if all(len(v) >= 10 for v in pens.values()):
            key = {s: -sum(v) / len(v) for s, v in pens.items()}  # higher is better
        else:
            key = {
                s: _chrf(
                    [x for d in group for x in d["systems"][s]],
                    [x for d in group for x in d["reference"]],
                )
                for s in systems
            }
        out[testset] = sorted(systems, key=lambda s: key[s])
    return out


@dataclass
class Low:
    """One low-confidence segment and what B offers for it."""

    seg: int
    old_conf: float
    new_conf: float | None
    sim_gain: float | None
    doc_gain: float | None
    coverage_gain: float | None
    doc_coverage_gain: float | None
    doc_length_ratio: float | None
    names_lost: bool
    replaced: bool
    chrf_a: float
    chrf_b: float
    pen_a: float | None
    pen_b: float | None


@dataclass
class DocRun:
    doc_id: str
    split: str
    segments: int
    a: list[str]
    b: list[str]
    ref: list[str]
    lows: list[Low] = field(default_factory=list)
    stats_a: list[list[int]] = field(default_factory=list)
    stats_b: list[list[int]] = field(default_factory=list)

    def chrf(self, take_b: set[int]) -> float:
        """Document chrF of A with the segments in ``take_b`` taken from B."""
        if not self.stats_a:
            self.stats_a = _segment_stats(self.a, self.ref)
            self.stats_b = _segment_stats(self.b, self.ref)
        return _chrf_from(self.stats_a, self.stats_b, take_b)


def _repair_pair(
    repairer: Repairer, doc: dict[str, Any], sys_a: str, sys_b: str, mode: str
) -> DocRun:
    zh = list(doc["source"])
    a, b, ref = list(doc["systems"][sys_a]), list(doc["systems"][sys_b]), list(doc["reference"])
    run = DocRun(doc["doc_id"], _split(doc), len(zh), a, b, ref)
    cand = Candidate.from_segments(zh, b, origin=sys_b)
    if mode == "segments":
        result = repairer.repair(
            "\n".join(a), source=SourceAnalysis.from_segments(zh, a), candidates=[cand]
        )
        seg_of = {i: i for i in range(len(a))}
    else:
        text = "\n".join(a)
        result = repairer.repair(
            text, source="\n".join(zh), candidates=[Candidate("\n".join(b), sys_b)]
        )
        seg_of = _sentence_segments(result, a)
    pens = doc.get("mqm_seg_penalty") or {}
    pa, pb = pens.get(sys_a) or [None] * len(a), pens.get(sys_b) or [None] * len(a)
    seen: set[int] = set()
    # Suppressed ones too: a low sentence whose candidate lost is only kept in ``suppressed``
    # when it is above ``sentence_flag_threshold``.
    for e in [*result.edits, *result.suppressed]:
        if e.rule != "retranslate.sentences":
            continue
        segs = sorted({seg_of[i] for i in e.data.get("en_ids", ()) if i in seg_of})
        if len(segs) != 1 or segs[0] in seen:
            continue  # a sentence group across segments cannot be judged per segment
        i = segs[0]
        seen.add(i)
        prop = next((p for p in e.data.get("proposals", ()) if p["origin"] == sys_b), None)
        new_conf = prop["confidence"] if prop else None
        run.lows.append(
            Low(
                i,
                float(e.data.get("old_confidence", e.data.get("confidence", 0.0))),
                new_conf,
                prop.get("similarity_gain") if prop else None,
                prop.get("document_gain") if prop else None,
                prop.get("coverage_gain") if prop else None,
                prop.get("document_coverage_gain") if prop else None,
                prop.get("document_length_ratio") if prop else None,
                bool(prop and prop.get("names_lost")),
                e.applied and e.data.get("origin") == sys_b,
                _sentence_chrf(a[i], ref[i]),
                _sentence_chrf(b[i], ref[i]),
                pa[i] if i < len(pa) else None,
                pb[i] if i < len(pb) else None,
            )
        )
    return run


def _sentence_segments(result: Any, a: list[str]) -> dict[int, int]:
    """English sentence id → segment, from the analysis's spans on the joined text."""
    analysis = result.analysis
    starts, pos = [], 0
    for seg in a:
        starts.append(pos)
        pos += len(seg) + 1
    out = {}
    for i, (s, _) in enumerate(analysis.en_spans if analysis else []):
        out[i] = max(k for k, st in enumerate(starts) if st <= s)
    return out


def _decide(low: Low, rule: tuple[float, float] | None) -> bool:
    """Replaced as run (``rule`` None), or under a simulated (document coverage gain,
    confidence-only factor) rule, as :mod:`mtfix.retranslate.stage` decides."""
    if rule is None:
        return low.replaced
    if low.new_conf is None or low.names_lost:
        return False
    doc_coverage, factor = rule
    gain, coverage, length = low.doc_gain, low.doc_coverage_gain, low.doc_length_ratio
    if gain is not None and (
        gain >= DOCUMENT_GAIN
        or (
            coverage is not None
            and length is not None
            and gain >= 0
            and coverage >= doc_coverage
            and length >= 1.0
        )
    ):
        return low.new_conf >= low.old_conf - DOCUMENT_SLACK
    if low.coverage_gain is not None and low.coverage_gain < -COVERAGE_SLACK:
        return False
    return low.new_conf >= low.old_conf + factor * MARGIN and (
        low.sim_gain is None
        or low.sim_gain >= MIN_SIMILARITY_GAIN
        or low.new_conf >= low.old_conf + CLEAR_GAIN
    )


def summarise(runs: list[DocRun], rule: tuple[float, float] | None) -> dict[str, Any]:
    segments = sum(r.segments for r in runs)
    lows = sum(len(r.lows) for r in runs)
    mqm = {"better": 0, "tie": 0, "worse": 0}
    chrf = {"better": 0, "tie": 0, "worse": 0}
    replaced = 0
    before = after = oracle = always = 0.0
    mqm_before = mqm_after = 0.0
    drops = 0
    for r in runs:
        hyp: set[int] = set()
        hyp_oracle = {low.seg for low in r.lows if low.chrf_b > low.chrf_a}
        hyp_always = {low.seg for low in r.lows}
        for low in r.lows:
            if not _decide(low, rule):
                continue
            replaced += 1
            hyp.add(low.seg)
            d = low.chrf_b - low.chrf_a
            chrf["better" if d > 0 else "worse" if d < 0 else "tie"] += 1
            if low.pen_a is not None and low.pen_b is not None:
                d = low.pen_a - low.pen_b
                mqm["better" if d > 0 else "worse" if d < 0 else "tie"] += 1
                mqm_before += low.pen_a
                mqm_after += low.pen_b
        c_before, c_after = r.chrf(set()), r.chrf(hyp)
        before += c_before
        after += c_after
        oracle += r.chrf(hyp_oracle)
        always += r.chrf(hyp_always)
        drops += c_after < c_before - 1e-9
    n = max(len(runs), 1)

    def precision(c: dict[str, int]) -> float | None:
        judged = c["better"] + c["worse"]
        return round(100 * c["better"] / judged, 1) if judged else None

    gain, oracle_gain = (after - before) / n, (oracle - before) / n
    return {
        "documents": len(runs),
        "segments": segments,
        "low": lows,
        "replaced": replaced,
        "per_100": round(100 * replaced / max(segments, 1), 2),
        "precision_mqm": precision(mqm),
        "mqm": mqm,
        "precision_chrf": precision(chrf),
        "chrf": chrf,
        "chrf_before": round(before / n, 2),
        "chrf_after": round(after / n, 2),
        "chrf_oracle": round(oracle / n, 2),
        "chrf_always": round(always / n, 2),
        "gain_share_of_oracle": round(gain / oracle_gain, 2) if oracle_gain > 0 else None,
        "docs_with_lower_chrf": drops,
        "mqm_penalty_replaced_before": round(mqm_before, 1),
        "mqm_penalty_replaced_after": round(mqm_after, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mode", choices=("segments", "text"), default="segments")
    parser.add_argument("--split", choices=SPLITS, default="all")
    parser.add_argument("--limit", type=int, default=0, help="at most N documents")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--sentence-threshold", type=float, default=None, help="RepairConfig.sentence_threshold"
    )
    args = parser.parse_args(argv)
    docs = load_docs()
    if not docs:
        print(f"skipped: {dev_path()} is absent")
        return 0
    ranks = rank_systems(docs)
    if args.split != "all":
        docs = [d for d in docs if _split(d) == args.split]
    if args.limit:
        docs = docs[: args.limit]
    config = RepairConfig()
    if args.sentence_threshold is not None:
        config = config.replace(sentence_threshold=args.sentence_threshold)
    repairer = Repairer(config)
    t0 = time.perf_counter()
    runs: dict[str, list[DocRun]] = {p: [] for p in PAIRINGS}
    for doc in docs:
        order = [s for s in ranks[doc["testset"]] if s in doc["systems"]]
        weak, strong = order[0], order[-1]
        runs["weak→strong"].append(_repair_pair(repairer, doc, weak, strong, args.mode))
        runs["strong→weak"].append(_repair_pair(repairer, doc, strong, weak, args.mode))
    out: dict[str, Any] = {
        "mode": args.mode,
        "split": args.split,
        "seconds": round(time.perf_counter() - t0, 1),
        "config": {
            "sentence_threshold": config.sentence_threshold,
            "retranslate_margin": config.retranslate_margin,
            "edit_threshold": config.edit_threshold,
            "candidate_min_similarity_gain": MIN_SIMILARITY_GAIN,
            "candidate_clear_gain": CLEAR_GAIN,
            "candidate_document_gain": DOCUMENT_GAIN,
            "candidate_document_slack": DOCUMENT_SLACK,
            "candidate_document_coverage_gain": DOCUMENT_COVERAGE_GAIN,
            "candidate_confidence_only_factor": CONFIDENCE_ONLY_FACTOR,
            "candidate_coverage_slack": COVERAGE_SLACK,
            "candidate_edit_confidence": CANDIDATE_CONFIDENCE,
        },
        "rankings": {k: [v[0], v[-1]] for k, v in ranks.items()},
        "pairings": {},
    }
    for pairing, pruns in runs.items():
        by_split = {s: [r for r in pruns if s == "all" or r.split == s] for s in SPLITS}
        by_split = {s: rs for s, rs in by_split.items() if rs}
        out["pairings"][pairing] = {
            "as_run": {s: summarise(rs, None) for s, rs in by_split.items()},
            "rules": {
                f"{c}/{f}": {s: summarise(rs, (c, f)) for s, rs in by_split.items()}
                for c, f in RULES
            },
        }
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(f"mode {out['mode']}, {len(docs)} documents, {out['seconds']} s, config {out['config']}")
    cols = (
        "documents",
        "segments",
        "low",
        "replaced",
        "per_100",
        "precision_mqm",
        "precision_chrf",
        "chrf_before",
        "chrf_after",
        "chrf_oracle",
        "chrf_always",
        "gain_share_of_oracle",
        "docs_with_lower_chrf",
        "mqm_penalty_replaced_before",
        "mqm_penalty_replaced_after",
    )
    for pairing, res in out["pairings"].items():
        print(f"\n== {pairing} (as run)")
        print("split   " + " ".join(c for c in cols))
        for s, row in res["as_run"].items():
            print(f"{s:7} " + " ".join(str(row[c]) for c in cols))
        print(
            "-- simulated rules: document coverage gain / confidence-only factor "
            "(9.0: no coverage rule)"
        )
        for m, rows in res["rules"].items():
            for s, row in rows.items():
                print(
                    f"{m:9} {s:7}: replaced {row['replaced']} ({row['per_100']}/100), "
                    f"precision mqm {row['precision_mqm']} chrf {row['precision_chrf']}, chrF "
                    f"{row['chrf_before']} → {row['chrf_after']} (oracle {row['chrf_oracle']}, "
                    f"share {row['gain_share_of_oracle']}), "
                    f"{row['docs_with_lower_chrf']} document(s) lower"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
