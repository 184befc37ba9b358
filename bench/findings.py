"""Judge every finding mtfix makes with the Chinese source, against references and MQM.

For every document of ``../shared/evaldata/dev.jsonl`` (skipped when absent) and every
system output, the segments are joined with newlines and repaired with the Chinese original
(``--mode segments``, the default, passes the data's own segment alignment; ``pipeline`` runs
the real aligner).  Every edit is mapped to its segment and judged:

* an **applied** edit is *wrong* when a human reference of that segment (``reference`` and
  every ``references`` entry) contains its *before* text (case-sensitive, word-bounded) and
  none contains its *after* text; *right* in the opposite case; otherwise *undecided*.
  ``clean.*`` edits, and edits whose before or after holds no word (insertions, deletions,
  spacing), are judged on the smallest whitespace-token window around the change;
* a **flagged** finding is a *hit* when a reference has the suggested after and not the
  before, or when the flagged span overlaps an MQM error span of that segment and system;
  *noise* when a reference also uses the flagged before text and no MQM error overlaps it;
  otherwise *undecided* (``flag_precision_ref_only`` leaves the MQM overlap out: a long
  MQM span, "awkward style" over a whole clause, makes any flag inside it a hit).
  Sentence flags (``retranslate.*``, after == before) are a hit when the segment has a
  Major MQM error for that system, noise when it is rated without one, undecided when
  unrated.

On MQM-rated segments each finding also records the error spans it overlaps; an edit on a
rated segment that overlaps none and changes a word is counted as *suspicious*.

The report gives, per rule, per system, per stage group and per test set, the counts and
precision (right/(right+wrong), hit/(hit+noise)), flags per 1,000 words, the share of
sentences below the confidence threshold, and the precision of the sentence flags against
Major MQM errors (with the base rate of Major errors among rated segments).

Hand judgements live in ``bench/verdicts/findings.jsonl``: one JSON object per line with
only ``{doc_id, system, start, end, rule, verdict, note?}`` (``verdict``: right, wrong, hit,
noise or unsure; no text from the data).  ``--judged`` joins them with this run's findings
and reports the hand-judged precision per rule.  ``--sample N --seed S`` prints N random
findings with their segment, Chinese source and references on stderr, to judge them (for the
terminal only: never save evaldata text in the repository).

    python bench/findings.py [--mode segments] [--systems A B] [--testset wmt23] [--json]
    python bench/findings.py --sample 40 --seed 1 --sample-rules source. --systems Online-B
    python bench/findings.py --judged
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._data import dev_path, load_docs  # noqa: E402
from mtfix.source.calibration import finding_kind  # noqa: E402

VERDICTS = ROOT / "bench" / "verdicts" / "findings.jsonl"
APPLIED_VERDICTS = ("right", "wrong", "undecided")
FLAG_VERDICTS = ("hit", "noise", "undecided")
HAND_VERDICTS = frozenset({"right", "wrong", "hit", "noise", "unsure"})
#: Verdicts that only answer for an applied edit, or for a flag.
_VERDICTS_OF = {"applied": frozenset({"right", "wrong"}), "flag": frozenset({"hit", "noise"})}
MAJOR = "Major"
_WORD = re.compile(r"\w", re.UNICODE)
_WORDS = re.compile(r"\w+", re.UNICODE)

# -- judging (pure functions, tested in tests/bench/test_findings.py) -------------------------


def segment_offsets(segments: Sequence[str], separator: str = "\n") -> list[tuple[int, int]]:
    """``(start, end)`` of each segment in ``separator.join(segments)``."""
    out, pos = [], 0
    for s in segments:
        out.append((pos, pos + len(s)))
        pos += len(s) + len(separator)
    return out


def locate(start: int, end: int, offsets: Sequence[tuple[int, int]]) -> tuple[int, int, int] | None:
    """``(segment, local start, local end)`` of a span of the joined text.

    A span over several segments is cut to the first one it overlaps; a span that lies
    only on a separator belongs to no segment (``None``).
    """
    for i, (a, b) in enumerate(offsets):
        if start == end:
            if a <= start <= b:
                return i, start - a, start - a
            continue
        s, e = max(start, a), min(end, b)
        if s < e:
            return i, s - a, e - a
    return None


def contains(text: str, phrase: str) -> bool:
    """Whether ``text`` holds ``phrase`` (case-sensitive), not inside a longer word."""
    if not phrase:
        return False
    head = r"(?<!\w)" if _WORD.match(phrase[0]) else ""
    tail = r"(?!\w)" if _WORD.match(phrase[-1]) else ""
    return re.search(head + re.escape(phrase) + tail, text) is not None


def token_window(segment: str, start: int, end: int, after: str) -> tuple[str, str]:
    """The smallest whitespace-token window of ``segment`` around a change, before and after.

    The change replaces ``segment[start:end]`` with ``after``; the window holds the
    changed characters grown to whole whitespace-separated tokens, and one neighbouring
    token more on a side where the change touches whitespace (an insertion, a deletion or
    a spacing fix would otherwise have nothing to look for).
    """
    changed = segment[:start] + after + segment[end:]
    p = 0  # common prefix
    limit = min(len(segment), len(changed))
    while p < limit and segment[p] == changed[p]:
        p += 1
    q = 0  # common suffix, not overlapping the prefix
    while q < limit - p and segment[-1 - q] == changed[-1 - q]:
        q += 1
    lo, hi = p, len(segment) - q
    lo = _grow_left(segment, lo, hi)
    hi = _grow_right(segment, hi, lo)
    tail = len(segment) - hi
    return segment[lo:hi], changed[lo : len(changed) - tail]


def _grow_left(text: str, lo: int, hi: int) -> int:
    start = lo
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    if lo == start:  # the change begins at a token boundary: take the token before too
        while lo > 0 and text[lo - 1].isspace():
            lo -= 1
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
    return lo


def _grow_right(text: str, hi: int, lo: int) -> int:
    end = hi
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    if hi == end:
        while hi < len(text) and text[hi].isspace():
            hi += 1
        while hi < len(text) and not text[hi].isspace():
            hi += 1
    return hi


def has_word(text: str) -> bool:
    return _WORD.search(text) is not None


def judge_windows(rule: str, segment: str, start: int, end: int, after: str) -> tuple[str, str]:
    """What to look for in the references: the edit's own before/after, or a token window.

    ``clean.*`` edits and edits with no word on a side are judged on :func:`token_window`.
    """
    before = segment[start:end]
    if rule.startswith("clean.") or not (has_word(before) and has_word(after)):
        return token_window(segment, start, end, after)
    return before, after


def judge_applied(before: str, after: str, references: Iterable[str]) -> str:
    """right, wrong or undecided, by which side the references use."""
    refs = [r for r in references if r]
    has_before = any(contains(r, before) for r in refs)
    has_after = after != before and any(contains(r, after) for r in refs)
    if has_before and not has_after:
        return "wrong"
    if has_after and not has_before:
        return "right"
    return "undecided"


def judge_flag(before: str, after: str, references: Iterable[str], on_error: bool) -> str:
    """hit, noise or undecided for a flagged span (``on_error``: it overlaps an MQM span)."""
    refs = [r for r in references if r]
    has_before = any(contains(r, before) for r in refs)
    has_after = after != before and any(contains(r, after) for r in refs)
    if on_error or (has_after and not has_before):
        return "hit"
    if has_before:
        return "noise"
    return "undecided"


def judge_sentence_flag(rated: bool, has_major: bool) -> str:
    """A whole-sentence flag against MQM: hit on a Major error, noise on a rated clean one."""
    if not rated:
        return "undecided"
    return "hit" if has_major else "noise"


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    if a0 == a1:
        return b0 <= a0 <= b1
    return a0 < b1 and b0 < a1


def changes_word(before: str, after: str) -> bool:
    return _WORDS.findall(before) != _WORDS.findall(after)


def is_sentence_flag(rule: str) -> bool:
    return rule.startswith("retranslate.")


def group_of(rule: str) -> str:
    return rule.split(".", 1)[0]


_QUOTED = re.compile(r"(?<!\w)'[^']*'(?!\w)|\"[^\"]*\"")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_SCORE = re.compile(r"\(\d+(?:\.\d+)?\)")


def reason_template(reason: str) -> str:
    """A finding's reason with its text taken out: which of a rule's paths found it.

    Quoted text becomes ``'…'``, Chinese becomes ``ZH`` and scores ``(n)``, so that
    ``source name ZH is '…' (cedict); the English has '…': a name the source does not
    explain`` counts every finding of that path together (and shows no data text).
    """
    out = _SCORE.sub("(n)", _HAN.sub("ZH", _QUOTED.sub("'…'", reason)))
    out = re.sub(r"\d+", "N", out)
    out = re.sub(r"→ [^)]*", "→ …", out)  # (ZH → Given Name)
    out = re.sub(r"(source:).*", r"\1 …", out)  # the source sentence
    out = re.sub(r"\b(is|of) [A-Z][\w-]*$", r"\1 …", out)  # the surname of ZH is Lu
    return out[:140]


# -- one repair's findings ---------------------------------------------------------------------


@dataclass
class Finding:
    doc_id: str
    testset: str
    domain: str
    system: str
    rule: str
    status: str
    start: int
    end: int
    seg: int
    local_start: int
    local_end: int
    before: str
    after: str
    window_before: str
    window_after: str
    verdict: str
    #: The verdict by the references alone (flags: without the MQM overlap).
    ref_verdict: str
    rated: bool
    mqm: list[str] = field(default_factory=list)
    suspicious: bool = False
    reason: str = ""
    #: The finding's kind of evidence (``data["kind"]`` and the name's origin).
    kind: str = ""

    @property
    def key(self) -> tuple[str, str, int, int, str]:
        return (self.doc_id, self.system, self.start, self.end, self.rule)


@dataclass
class Run:
    """What one repaired system output adds to the counts besides its findings."""

    words: int = 0
    sentences: int = 0
    low_confidence: int = 0
    rated_segments: int = 0
    major_segments: int = 0


def judge_document(
    doc: dict[str, Any],
    system: str,
    edits: Iterable[Any],
) -> list[Finding]:
    """Judge the edits of one repaired system output (``edits`` index the joined text)."""
    segments: list[str] = doc["systems"][system]
    offsets = segment_offsets(segments)
    refs_by_seg = references(doc)
    rated = rated_segments(doc, system)
    spans = defaultdict(list)
    for m in doc.get("mqm") or []:
        if m.get("system") == system and m.get("side", "target") == "target":
            spans[int(m["seg"])].append(m)
    out: list[Finding] = []
    for e in edits:
        where = locate(e.start, e.end, offsets)
        if where is None:
            continue
        seg, s, t = where
        segment = segments[seg]
        refs = refs_by_seg[seg] if seg < len(refs_by_seg) else []
        is_rated = seg in rated
        hits = [m for m in spans.get(seg, []) if overlaps(s, t, m["start"], m["end"])]
        labels = [f"{m['category']}/{m['severity']}" for m in hits]
        wb, wa = judge_windows(e.rule, segment, s, t, e.after)
        if e.applied:
            verdict = ref_verdict = judge_applied(wb, wa, refs)
        elif is_sentence_flag(e.rule) and e.after == e.before:
            major = any(m["severity"] == MAJOR for m in spans.get(seg, []))
            verdict = ref_verdict = judge_sentence_flag(is_rated, major)
        else:
            verdict = judge_flag(wb, wa, refs, bool(hits))
            ref_verdict = judge_flag(wb, wa, refs, False)
        suspicious = e.applied and is_rated and not hits and changes_word(wb, wa)
        out.append(
            Finding(
                doc_id=str(doc["doc_id"]),
                testset=str(doc.get("testset", "")),
                domain=str(doc.get("domain", "")),
                system=system,
                rule=e.rule,
                status=e.status,
                start=e.start,
                end=e.end,
                seg=seg,
                local_start=s,
                local_end=t,
                before=e.before,
                after=e.after,
                window_before=wb,
                window_after=wa,
                verdict=verdict,
                ref_verdict=ref_verdict,
                rated=is_rated,
                mqm=labels,
                suspicious=suspicious,
                reason=e.reason,
                kind=finding_kind(e),
            )
        )
    return out


def references(doc: dict[str, Any]) -> list[list[str]]:
    """Every human reference of each segment: ``reference`` and each ``references`` entry."""
    n = len(doc["source"])
    out: list[list[str]] = [[] for _ in range(n)]
    sets = [doc.get("reference") or []]
    sets += [v for v in (doc.get("references") or {}).values() if isinstance(v, list)]
    for refs in sets:
        for i, r in enumerate(refs[:n]):
            if isinstance(r, str) and r.strip():
                out[i].append(r)
    return out


def rated_segments(doc: dict[str, Any], system: str) -> set[int]:
    """Segments of ``system`` that MQM raters rated (with or without errors)."""
    rated = (doc.get("mqm_rated") or {}).get(system) or {}
    return {int(k) for k, v in rated.items() if v}


def testset_label(testset: str) -> str:
    low = testset.lower()
    for key, label in (("wmt22", "WMT22"), ("wmt23", "WMT23"), ("ted", "TED")):
        if key in low:
            return label
    return testset or "?"


# -- counting ----------------------------------------------------------------------------------


@dataclass
class Counts:
    applied: dict[str, int] = field(default_factory=lambda: dict.fromkeys(APPLIED_VERDICTS, 0))
    flags: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FLAG_VERDICTS, 0))
    flags_ref: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FLAG_VERDICTS, 0))
    suspicious: int = 0
    applied_rated: int = 0
    applied_on_error: int = 0
    flags_rated: int = 0
    flags_on_error: int = 0

    def add(self, f: Finding) -> None:
        if f.status == "applied":
            self.applied[f.verdict] += 1
            self.suspicious += f.suspicious
            if f.rated:
                self.applied_rated += 1
                self.applied_on_error += bool(f.mqm)
        else:
            self.flags[f.verdict] += 1
            self.flags_ref[f.ref_verdict] += 1
            if f.rated:
                self.flags_rated += 1
                self.flags_on_error += bool(f.mqm)

    def row(self, words: int) -> dict[str, Any]:
        a, fl = self.applied, self.flags
        n_flags = sum(fl.values())
        return {
            "applied": sum(a.values()),
            **{f"applied_{k}": v for k, v in a.items()},
            "applied_precision": ratio(a["right"], a["right"] + a["wrong"]),
            "suspicious": self.suspicious,
            "applied_rated": self.applied_rated,
            "applied_on_mqm_error": ratio(self.applied_on_error, self.applied_rated),
            "flags": n_flags,
            **{f"flags_{k}": v for k, v in fl.items()},
            "flag_precision": ratio(fl["hit"], fl["hit"] + fl["noise"]),
            "flag_precision_ref_only": ratio(
                self.flags_ref["hit"], self.flags_ref["hit"] + self.flags_ref["noise"]
            ),
            "flags_rated": self.flags_rated,
            "flags_on_mqm_error": ratio(self.flags_on_error, self.flags_rated),
            "flags_per_1k_words": round(1000 * n_flags / words, 3) if words else None,
        }


def ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def add_run(total: Run, run: Run) -> None:
    for k, v in asdict(run).items():
        setattr(total, k, getattr(total, k) + v)


def run_row(run: Run) -> dict[str, Any]:
    return {
        "words": run.words,
        "sentences": run.sentences,
        "low_confidence_share": ratio(run.low_confidence, run.sentences),
        "rated_segments": run.rated_segments,
        "major_error_base_rate": ratio(run.major_segments, run.rated_segments),
    }


def _table(findings: Iterable[Finding], key: Any, words: Any) -> dict[str, Any]:
    counts: dict[str, Counts] = defaultdict(Counts)
    for f in findings:
        counts[key(f)].add(f)
    return {k: counts[k].row(words(k)) for k in sorted(counts)}


def build_report(
    findings: list[Finding], runs: dict[tuple[str, str], Run], meta: dict[str, Any]
) -> dict[str, Any]:
    """Counts per rule, system, stage group and test set (``runs`` keyed by system, test set)."""
    total = Run()
    by_system: dict[str, Run] = defaultdict(Run)
    by_testset: dict[str, Run] = defaultdict(Run)
    for (system, testset), r in runs.items():
        add_run(total, r)
        add_run(by_system[system], r)
        add_run(by_testset[testset], r)
    words = total.words
    all_counts, sent = Counts(), Counts()
    for f in findings:
        all_counts.add(f)
        if is_sentence_flag(f.rule) and f.status != "applied":
            sent.add(f)
    system_rows = _table(findings, lambda f: f.system, lambda k: by_system[k].words)
    testset_rows = _table(
        findings, lambda f: testset_label(f.testset), lambda k: by_testset[k].words
    )
    return {
        "meta": meta,
        "totals": {**run_row(total), **all_counts.row(words)},
        "sentence_flags": {
            "flags": sum(sent.flags.values()),
            **sent.flags,
            "precision_vs_major": ratio(sent.flags["hit"], sent.flags["hit"] + sent.flags["noise"]),
            "major_error_base_rate": ratio(total.major_segments, total.rated_segments),
            "low_confidence_share": ratio(total.low_confidence, total.sentences),
        },
        "by_group": _table(findings, lambda f: group_of(f.rule), lambda _: words),
        "by_rule": _table(findings, lambda f: f.rule, lambda _: words),
        "by_reason": _table(
            (f for f in findings if f.rule.startswith("source.")),
            lambda f: f"{f.rule}: {reason_template(f.reason)}",
            lambda _: words,
        ),
        "by_system": {
            k: {**run_row(by_system[k]), **system_rows.get(k, Counts().row(by_system[k].words))}
            for k in sorted(by_system)
        },
        "by_testset": {
            k: {**run_row(by_testset[k]), **testset_rows.get(k, Counts().row(by_testset[k].words))}
            for k in sorted(by_testset)
        },
        "by_testset_group": _table(
            findings,
            lambda f: f"{testset_label(f.testset)} {group_of(f.rule)}",
            lambda k: by_testset[k.split()[0]].words,
        ),
        "by_testset_rule": {
            ts: _table(
                (f for f in findings if testset_label(f.testset) == ts),
                lambda f: f.rule,
                lambda _, ts=ts: by_testset[ts].words,
            )
            for ts in sorted(by_testset)
        },
    }


# -- the sentence-confidence threshold ---------------------------------------------------------

#: ``(domain, confidence, has a Major error or None when unrated)`` of every repaired sentence.
SENTENCES: list[tuple[str, float | None, bool | None]] = []
SENTENCE_THRESHOLDS = (0.05, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3)


def sentence_curve() -> dict[str, Any]:
    """Per domain and candidate ``sentence_flag_threshold``: the share of sentences flagged and,
    among the MQM-rated flagged ones, the share with a Major error."""
    out: dict[str, Any] = {}
    for domain in sorted({d for d, _, _ in SENTENCES}):
        rows = [(c, y) for d, c, y in SENTENCES if d == domain and c is not None]
        curve = {}
        for t in SENTENCE_THRESHOLDS:
            low = [y for c, y in rows if c < t]
            rated = [y for y in low if y is not None]
            curve[str(t)] = {
                "flagged_share": ratio(len(low), len(rows)),
                "precision_vs_major": ratio(sum(rated), len(rated)),
                "rated_flagged": len(rated),
            }
        out[domain] = curve
    return out


# -- calibration -------------------------------------------------------------------------------

#: Pseudo-counts of the prior (precision 0.5) that a kind's measured precision is shrunk to.
PRIOR = 2.0
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7)


def calibrate(
    findings: list[Finding],
    out: Path,
    meta: dict[str, Any],
    hand: dict[tuple[str, str, int, int, str], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Flag precision per rule and kind (hits over hits and noise, shrunk to 0.5), written
    to ``out``; and for each candidate threshold, the flags it would show and their
    precision.  A hand verdict (``hand``: hit or noise, by reading) takes the place of the
    references' verdict for its finding: references write names in pinyin too."""
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    flags = [f for f in findings if f.rule.startswith("source.") and f.status != "applied"]
    for f in flags:
        verdict = _verdict(f, hand or {})
        if verdict in ("hit", "noise"):
            counts[f.rule][f.kind or "*"][verdict == "noise"] += 1
    rules: dict[str, dict[str, Any]] = {}
    for rule, kinds in sorted(counts.items()):
        # "*": findings with no kind; a kind never decided by the data is not written, so
        # its findings stay shown (nothing is known against them).
        rules[rule] = {
            kind: {
                "precision": round((hit + PRIOR / 2) / (hit + noise + PRIOR), 3),
                "hits": hit,
                "noise": noise,
            }
            for kind, (hit, noise) in sorted(kinds.items())
        }
    table = {
        "description": "share of flags that point at a real problem, per rule and kind of "
        "evidence; made by bench/findings.py --calibrate",
        "measured_on": meta,
        "hand_verdicts_used": sum(1 for f in flags if (hand or {}).get(f.key) is not None),
        "rules": rules,
    }
    out.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    def p_of(f: Finding) -> float:
        found = rules.get(f.rule, {}).get(f.kind or "*")
        return float(found["precision"]) if found else 1.0

    by_threshold = {}
    for t in THRESHOLDS:
        shown = [f for f in flags if p_of(f) >= t]
        hit = sum(_verdict(f, hand or {}) == "hit" for f in shown)
        noise = sum(_verdict(f, hand or {}) == "noise" for f in shown)
        by_threshold[str(t)] = {"shown": len(shown), "precision": ratio(hit, hit + noise)}
    return {"written": str(out), "by_threshold": by_threshold}


# -- running -----------------------------------------------------------------------------------


def select_docs(docs: list[dict[str, Any]], args: argparse.Namespace) -> list[dict[str, Any]]:
    if args.domain:
        docs = [d for d in docs if d.get("domain") in args.domain]
    if args.testset:
        docs = [d for d in docs if args.testset.lower() in str(d.get("testset", "")).lower()]
    if args.exclude_testset:
        skip = args.exclude_testset.lower()
        docs = [d for d in docs if skip not in str(d.get("testset", "")).lower()]
    if args.limit:
        docs = docs[: args.limit]
    return docs


def evaluate(
    docs: list[dict[str, Any]], args: argparse.Namespace
) -> tuple[list[Finding], dict[tuple[str, str], Run], dict[str, Any]]:
    """Repair every selected system output with its source and judge every edit."""
    from mtfix import RepairConfig, Repairer
    from mtfix.source.analysis import SourceAnalysis

    config = RepairConfig()
    if args.flag_threshold is not None:
        config = config.replace(flag_threshold=args.flag_threshold)
    repairer = Repairer(config)
    threshold = repairer.config.sentence_flag_threshold
    findings: list[Finding] = []
    runs: dict[tuple[str, str], Run] = defaultdict(Run)
    t0 = time.perf_counter()
    repairs = skipped = 0
    warnings: dict[str, int] = defaultdict(int)
    for doc in docs:
        source: list[str] = doc["source"]
        for system, segments in doc.get("systems", {}).items():
            if args.systems and system not in args.systems:
                continue
            if len(segments) != len(source) or any("\n" in s for s in segments):
                skipped += 1
                continue
            text = "\n".join(segments)
            prepared: str | SourceAnalysis = "\n".join(source)
            if args.mode == "segments":
                prepared = SourceAnalysis.from_segments(source, segments)
            result = repairer.repair(text, source=prepared)
            repairs += 1
            for w in result.warnings:
                warnings[w.split("(")[0].strip()] += 1
            findings.extend(judge_document(doc, system, result.edits))
            run = runs[(system, testset_label(str(doc.get("testset", ""))))]
            run.words += len(text.split())
            confidences = [s.confidence for s in result.sentences]
            run.sentences += len(confidences)
            run.low_confidence += sum(1 for c in confidences if c is not None and c < threshold)
            rated = rated_segments(doc, system)
            major = {
                int(m["seg"])
                for m in doc.get("mqm") or []
                if m.get("system") == system
                and m.get("side", "target") == "target"
                and m["severity"] == MAJOR
            }
            run.rated_segments += len(rated)
            run.major_segments += len(rated & major)
            for k, c in enumerate(confidences):
                label = (k in major) if k in rated else None
                SENTENCES.append((str(doc.get("domain", "")), c, label))
            if args.progress and repairs % 50 == 0:
                print(f"{repairs} repairs, {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    meta = {
        "mode": args.mode,
        "documents": len(docs),
        "systems": sorted(args.systems) if args.systems else "all",
        "repairs": repairs,
        "skipped_outputs": skipped,
        "seconds": round(time.perf_counter() - t0, 1),
        "confidence_threshold": threshold,
        "warnings": dict(warnings),
    }
    return findings, runs, meta


# -- hand verdicts -----------------------------------------------------------------------------


def _verdict(f: Finding, hand: dict[tuple[str, str, int, int, str], dict[str, Any]]) -> str:
    """The hand verdict of a flag where there is one (hit or noise), else the references'."""
    v = hand.get(f.key)
    return str(v["verdict"]) if v and v["verdict"] in ("hit", "noise") else f.verdict


def load_verdicts(path: Path) -> dict[tuple[str, str, int, int, str], dict[str, Any]]:
    """Hand verdicts keyed by ``(doc_id, system, start, end, rule)``; bad lines are errors."""
    out: dict[tuple[str, str, int, int, str], dict[str, Any]] = {}
    if not path.exists():
        return out
    allowed = {"doc_id", "system", "start", "end", "rule", "verdict", "note"}
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        v = json.loads(line)
        extra = set(v) - allowed
        if extra or v.get("verdict") not in HAND_VERDICTS:
            raise ValueError(f"{path}:{n}: unknown fields {sorted(extra)} or verdict")
        key = (str(v["doc_id"]), str(v["system"]), int(v["start"]), int(v["end"]), str(v["rule"]))
        out[key] = v
    return out


def judged_report(
    findings: list[Finding], verdicts: dict[tuple[str, str, int, int, str], dict[str, Any]]
) -> dict[str, Any]:
    """Hand-judged precision per rule, and how the automatic verdicts agree with the hand."""
    by_rule: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    agreement: dict[str, int] = defaultdict(int)
    found = 0
    for f in findings:
        v = verdicts.get(f.key)
        if v is None:
            continue
        kind = "applied" if f.status == "applied" else "flag"
        if v["verdict"] in _VERDICTS_OF[("flag", "applied")[kind == "flag"]]:
            # Judged when the finding had the other status (applied then, flagged now):
            # the verdict answers another question.
            agreement[f"stale: {kind} now, judged as {v['verdict']}"] += 1
            continue
        found += 1
        by_rule[f.rule][f"{kind}_{v['verdict']}"] += 1
        by_rule["ALL"][f"{kind}_{v['verdict']}"] += 1
        agreement[f"{kind}: auto {f.verdict} / hand {v['verdict']}"] += 1
    rows = {}
    for rule, c in sorted(by_rule.items()):
        rows[rule] = {
            **dict(c),
            "applied_right_share": ratio(
                c["applied_right"], c["applied_right"] + c["applied_wrong"]
            ),
            "flag_hit_share": ratio(c["flag_hit"], c["flag_hit"] + c["flag_noise"]),
        }
    return {
        "verdicts": len(verdicts),
        "matched": found,
        "unmatched": len(verdicts) - found,
        "by_rule": rows,
        "agreement": dict(sorted(agreement.items())),
    }


# -- printing ----------------------------------------------------------------------------------


def print_sample(
    findings: list[Finding], docs: list[dict[str, Any]], args: argparse.Namespace
) -> None:
    """N random findings with their segment, source and references, on stderr only."""
    pool = [
        f
        for f in findings
        if (not args.sample_rules or f.rule.startswith(tuple(args.sample_rules)))
        and (
            args.sample_status == "any"
            or (f.status == "applied") == (args.sample_status == "applied")
        )
    ]
    rng = random.Random(args.seed)
    picked = rng.sample(pool, min(args.sample, len(pool)))
    by_id = {str(d["doc_id"]): d for d in docs}
    for f in picked:
        doc = by_id[f.doc_id]
        seg = doc["systems"][f.system][f.seg]
        marked = f"{seg[: f.local_start]}⟦{seg[f.local_start : f.local_end]}⟧{seg[f.local_end :]}"
        key = {
            "doc_id": f.doc_id,
            "system": f.system,
            "start": f.start,
            "end": f.end,
            "rule": f.rule,
            "verdict": "?",
        }
        print("=" * 100, file=sys.stderr)
        print(json.dumps(key, ensure_ascii=False), file=sys.stderr)
        print(
            f"{f.status} {f.rule}: {f.before!r} -> {f.after!r}   auto={f.verdict}"
            f"  window={f.window_before!r}->{f.window_after!r}"
            f"  rated={f.rated} mqm={f.mqm}",
            file=sys.stderr,
        )
        print(f"  why: {f.reason}", file=sys.stderr)
        print(f"  en : {marked}", file=sys.stderr)
        print(f"  zh : {doc['source'][f.seg]}", file=sys.stderr)
        for r in references(doc)[f.seg]:
            print(f"  ref: {r}", file=sys.stderr)


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


COLUMNS = (
    ("applied", "app"),
    ("applied_right", "right"),
    ("applied_wrong", "wrong"),
    ("applied_undecided", "und"),
    ("applied_precision", "prec"),
    ("suspicious", "susp"),
    ("flags", "flags"),
    ("flags_hit", "hit"),
    ("flags_noise", "noise"),
    ("flags_undecided", "und"),
    ("flag_precision", "fprec"),
    ("flag_precision_ref_only", "fprec-ref"),
    ("flags_on_mqm_error", "f@mqm"),
    ("flags_per_1k_words", "f/1kw"),
)


def print_table(title: str, rows: dict[str, dict[str, Any]], extra: Sequence[str] = ()) -> None:
    cols = list(COLUMNS) + [(k, k) for k in extra]
    head = [title] + [h for _, h in cols]
    body = [[name] + [_fmt(r.get(k)) for k, _ in cols] for name, r in rows.items()]
    widths = [
        max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(head)
    ]
    print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    for b in body:
        print("  ".join(c.ljust(w) for c, w in zip(b, widths, strict=True)))
    print()


def print_report(report: dict[str, Any]) -> None:
    print(json.dumps(report["meta"], ensure_ascii=False))
    print()
    print_table("group", report["by_group"])
    print_table("rule", report["by_rule"])
    print_table("source rule: reason", report["by_reason"])
    print_table("system", report["by_system"], ("low_confidence_share",))
    print_table("testset", report["by_testset"], ("low_confidence_share",))
    print_table("testset group", report["by_testset_group"])
    print("sentence flags:", json.dumps(report["sentence_flags"]))
    print("totals:", json.dumps(report["totals"]))
    if "judged" in report:
        j = report["judged"]
        print()
        print(f"hand verdicts: {j['verdicts']}, matched {j['matched']}, unmatched {j['unmatched']}")
        for rule, r in j["by_rule"].items():
            print(f"  {rule}: {json.dumps(r)}")
        for k, n in j["agreement"].items():
            print(f"  {k}: {n}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--mode", choices=("segments", "pipeline"), default="segments")
    parser.add_argument("--domain", nargs="*", default=None, help="only these domains")
    parser.add_argument("--testset", default=None, help="only test sets containing this")
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--systems", nargs="*", default=None, help="only these systems")
    parser.add_argument("--json", action="store_true", help="print the whole report as JSON")
    parser.add_argument("--sample", type=int, default=0, help="print N random findings (stderr)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sample-rules", nargs="*", default=None, help="rule id prefixes")
    parser.add_argument("--sample-status", choices=("any", "applied", "flagged"), default="any")
    parser.add_argument("--judged", action="store_true", help="report the hand verdicts")
    parser.add_argument("--verdicts", type=Path, default=VERDICTS)
    parser.add_argument("--progress", action="store_true", help="progress on stderr")
    parser.add_argument("--exclude-testset", default=None, help="leave out test sets like this")
    parser.add_argument(
        "--flag-threshold", type=float, default=None, help="RepairConfig.flag_threshold (0: all)"
    )
    parser.add_argument(
        "--calibrate",
        type=Path,
        default=None,
        help="write the flag precision per rule and kind (mtfix/source/data/"
        "finding_precision.json); run it with --flag-threshold 0",
    )
    args = parser.parse_args(argv)
    if args.calibrate and args.flag_threshold != 0:
        # Suppressed findings are not in result.edits: calibrating on shown flags only would
        # drop the kinds the last calibration suppressed.
        parser.error("--calibrate judges every finding: give --flag-threshold 0")
    docs = load_docs()
    if not docs:
        print(f"evaluation data not found at {dev_path()}; skipping")
        return 0
    docs = select_docs(docs, args)
    findings, runs, meta = evaluate(docs, args)
    report = build_report(findings, runs, meta)
    report["by_kind"] = _table(
        (f for f in findings if f.rule.startswith("source.")),
        lambda f: f"{f.rule}: {f.kind or '-'}",
        lambda _: 1,
    )
    report["sentence_curve"] = sentence_curve()
    if args.calibrate:
        report["calibration"] = calibrate(
            findings, args.calibrate, meta, hand=load_verdicts(args.verdicts)
        )
    if args.judged:
        report["judged"] = judged_report(findings, load_verdicts(args.verdicts))
    if args.sample:
        print_sample(findings, docs, args)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
