"""Synthetic corruption of clean news English, and how much of it mtfix restores.

    python bench/corruption.py [--json] [--seed N] [--rate 0.5] [--show N]

Text: the ``reference`` fields of the news documents in
../shared/evaldata/dev.jsonl (a built-in passage without it).  Sentences are
split with pysbd; a random share (``--rate``) is corrupted with one class of
cleaning-stage damage each.  Every document then goes through the clean stage
alone and through the full default pipeline.  A corrupted sentence counts as
restored when the output equals the clean text over it (and the gap before
it); a clean sentence counts as changed when the output differs over it.
Targets: >= 97 % restored, <= 0.2 % of clean sentences changed.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
from _data import dev_path, load_docs, news_references

import mtfix
from mtfix.document import split_english_sentences

FALLBACK = [
    "The central bank left its benchmark rate unchanged on Thursday, saying that inflation "
    "had eased to 2.1 percent in October. Economists at the U.S. investment bank had expected "
    "the decision. “We remain cautious,” the governor told reporters in Beijing.",
    "Shares of the company rose 4.5 percent after it said its new phone would go on sale in "
    "March — a month earlier than planned. The firm’s chief executive, John Smith, called the "
    "launch “the most important in our history.”",
    "Officials in Guangdong Province said the new rail line would cut the journey to Hong Kong "
    "to 40 minutes. Construction began in 2015 and cost about 84 billion yuan (12 billion "
    "dollars). Critics said the project was too expensive; supporters said it would pay off.",
    "The report, published by the World Health Organization, found that air pollution caused "
    "about 7 million deaths a year. Its authors urged governments to act quickly… but several "
    "countries said the targets were unrealistic. Details are available at www.who.int.",
    "Maria Garcia, a researcher at Peking University, said the findings were surprising. "
    "“Nobody expected the effect to be so large,” she said. Her team will publish the full "
    "data next year.",
]

# -- corruption classes ----------------------------------------------------------------

_ENTITY_NAMES = {
    "“": ("ldquo", 8220), "”": ("rdquo", 8221), "‘": ("lsquo", 8216), "’": ("rsquo", 8217),
    "—": ("mdash", 8212), "–": ("ndash", 8211), "…": ("hellip", 8230), '"': ("quot", 34),
    "'": ("apos", 39), "&": ("amp", 38), "é": ("eacute", 233), "·": ("middot", 183),
}  # fmt: skip
_ENTITY_FORMS = ("plain", "numeric", "hex", "spaced", "spaced_numeric", "semicolon", "double")


def _entity(rng: random.Random, s: str) -> tuple[str, str] | None:
    spots = [i for i, c in enumerate(s) if c in _ENTITY_NAMES]
    if not spots:
        return None
    i = rng.choice(spots)
    name, code = _ENTITY_NAMES[s[i]]
    form = rng.choice(_ENTITY_FORMS)
    debris = {
        "plain": f"&{name};",
        "numeric": f"&#{code};",
        "hex": f"&#x{code:X};",
        "spaced": f"& {name};",
        "spaced_numeric": f"& #{code};",
        "semicolon": f"&{name}",
        "double": f"&amp;{name};",
    }[form]
    return s[:i] + debris + s[i + 1 :], f"entity.{form}"


def _mojibake(rng: random.Random, s: str) -> tuple[str, str] | None:
    if s.isascii():
        return None
    codec = rng.choice(("sloppy-windows-1252", "latin-1"))
    try:
        broken = s.encode("utf-8").decode(codec)
    except UnicodeDecodeError:
        return None
    return broken, "mojibake." + ("cp1252" if codec != "latin-1" else "latin1")


_FW_PUNCT = [
    (re.compile(r"(?<=[a-z]), (?=\S)"), "，"),
    (re.compile(r"(?<=[a-z])\.$"), "。"),
    (re.compile(r"(?<=[a-z]): (?=\S)"), "："),
    (re.compile(r"(?<=[a-z]); (?=\S)"), "；"),
    (re.compile(r"(?<=[a-z])\?(?= |$)"), "？"),
    (re.compile(r"(?<=[a-z])!(?= |$)"), "！"),
    (re.compile(r" \((?=\S)"), "（"),
    (re.compile(r"(?<=\S)\) ?"), "）"),
]
_FW_ALNUM = re.compile(r"\b(?:\d+|[A-Z]{2,})\b")


def _fullwidth(rng: random.Random, s: str) -> tuple[str, str] | None:
    spots = [(m.start(), m.end(), rep) for pat, rep in _FW_PUNCT for m in pat.finditer(s)]
    alnum = [(m.start(), m.end()) for m in _FW_ALNUM.finditer(s)]
    if alnum and (not spots or rng.random() < 0.25):
        a, b = rng.choice(alnum)
        wide = "".join(chr(ord(c) + 0xFEE0) for c in s[a:b])
        return s[:a] + wide + s[b:], "fullwidth.alnum"
    if not spots:
        return None
    chosen = sorted(rng.sample(spots, min(len(spots), rng.randint(1, 3))), reverse=True)
    last_start = len(s) + 1
    for a, b, rep in chosen:
        if b <= last_start:
            s = s[:a] + rep + s[b:]
            last_start = a
    return s, "fullwidth.punct"


def _corner(rng: random.Random, s: str) -> tuple[str, str] | None:
    pairs = list(re.finditer(r"“([^“”]+)”", s))
    if not pairs:
        return None
    m = rng.choice(pairs)
    return s[: m.start()] + "「" + m.group(1) + "」" + s[m.end() :], "fullwidth.corner"


def _dash(rng: random.Random, s: str) -> tuple[str, str] | None:
    spots = [i for i, c in enumerate(s) if c == "—"]
    if not spots:
        return None
    i = rng.choice(spots)
    return s[:i] + "——" + s[i + 1 :], "double_dash"


def _lost_space(rng: random.Random, s: str) -> tuple[str, str] | None:
    spots = [m.start() + 1 for m in re.finditer(r"[,;:] (?=[A-Za-z])", s)]
    if not spots:
        return None
    i = rng.choice(spots)
    return s[:i] + s[i + 1 :], "lost_space.inside"


def _double_period(rng: random.Random, s: str) -> tuple[str, str] | None:
    if not re.search(r"[^.]\.$", s):
        return None
    return s + rng.choice((".", " .")), "double_period"


# A two-word capitalised run, like a person's name (not part of a longer Title Case run).
_CAPITAL_RUN = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b")


def _middle_dot(rng: random.Random, s: str) -> tuple[str, str] | None:
    runs = [m for m in _CAPITAL_RUN.finditer(s) if m.group().count(" ") == 1]
    spots = [m.start() + m.group().index(" ") for m in runs]
    if not spots:
        return None
    i = rng.choice(spots)
    return s[:i] + rng.choice(("·", " · ", "・", " ・ ", "•")) + s[i + 1 :], "middle_dot"


Corruptor = Callable[[random.Random, str], "tuple[str, str] | None"]
CORRUPTORS: dict[str, Corruptor] = {
    "entity": _entity,
    "mojibake": _mojibake,
    "fullwidth": _fullwidth,
    "corner": _corner,
    "double_dash": _dash,
    "lost_space": _lost_space,
    "double_period": _double_period,
    "middle_dot": _middle_dot,
}


# -- documents -------------------------------------------------------------------------


@dataclass
class Doc:
    clean: str
    corrupted: str = ""
    #: For each sentence: (start, end) in ``clean`` and its class (None when clean).
    sentences: list[tuple[int, int, str | None]] = field(default_factory=list)


Segmented = list[tuple[str, list[tuple[int, int]]]]


def segment(segments: list[str]) -> Segmented:
    """Each segment with its sentence spans (pysbd is slow: done once)."""
    return [(seg, split_english_sentences(seg)) for seg in segments]


def build_doc(rng: random.Random, segmented: Segmented, rate: float) -> Doc:
    doc = Doc(clean="\n".join(seg for seg, _ in segmented))
    out: list[str] = []
    pos = 0
    for k, (seg, spans) in enumerate(segmented):
        if k:
            out.append("\n")
            pos += 1
        cur = 0
        for j, (a, b) in enumerate(spans):
            gap = seg[cur:a]
            sentence = seg[a:b]
            label: str | None = None
            if rng.random() < rate:
                classes = list(CORRUPTORS)
                rng.shuffle(classes)
                seam_ok = j > 0 and gap == " " and re.search(r"[.!?]$", seg[:a].rstrip())
                if seam_ok and rng.random() < 1 / len(classes) and sentence[:1].isalpha():
                    gap, label = "", "lost_space.seam"
                else:
                    for name in classes:
                        done = CORRUPTORS[name](rng, sentence)
                        if done is not None:
                            sentence, label = done
                            break
            out.append(gap + sentence)
            doc.sentences.append((pos + a, pos + b, label))
            cur = b
        out.append(seg[cur:])
        pos += len(seg)
    doc.corrupted = "".join(out)
    return doc


def touched_sentences(doc: Doc, output: str) -> set[int]:
    """Sentences over which ``output`` differs from the clean text."""
    spans = doc.sentences
    ext = [(spans[k - 1][1] if k else 0, b) for k, (_, b, _) in enumerate(spans)]
    bad: set[int] = set()
    matcher = difflib.SequenceMatcher(None, doc.clean, output, autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag == "equal":
            continue
        for k, (a, b) in enumerate(ext):
            if i1 == i2:
                if (a < i1 <= b) or (k == 0 and i1 == 0):
                    bad.add(k)
            elif i1 < b and i2 > a:
                bad.add(k)
        if i1 >= ext[-1][1]:
            bad.add(len(spans) - 1)
    return bad


# The damage this benchmark injects, found by plain patterns (not by mtfix):
# a reference sentence that already shows one is not "clean" English.
PRE_DAMAGED = re.compile(
    r"\S {2,}\S"  # doubled space between words
    r"|[A-Za-z]{2}[,;][A-Za-z]|\d,[a-z]"  # lost space after a comma or semicolon
    r"|[a-z]{2}\.[A-Z][a-z]"  # lost space after a full stop
    r"|\w ?\. \.(?!\.)|&#?\w+;?|——|[，。：；！？（）]|[A-Za-z] ?[·・] ?[A-Za-z]"
)


def evaluate(
    docs: list[Doc], config: mtfix.RepairConfig, show: int, defects: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """Restored and changed shares; ``defects`` are clean sentences mtfix changes anyway."""
    repairer = mtfix.Repairer(config)
    per_class: dict[str, Counter[str]] = defaultdict(Counter)
    clean_total = clean_changed = pre_total = pre_changed = 0
    adjusted: Counter[str] = Counter()
    failures: list[dict[str, str]] = []
    changes: list[dict[str, str]] = []
    for doc in docs:
        result = repairer.repair(doc.corrupted)
        bad = touched_sentences(doc, result.text)
        for k, (a, b, label) in enumerate(doc.sentences):
            if label is None:
                clean_total += 1
                if PRE_DAMAGED.search(doc.clean[a:b]):
                    pre_total += 1
                    pre_changed += k in bad
                if k in bad:
                    clean_changed += 1
                    if len(changes) < show:
                        changes.append(
                            {"clean": doc.clean[a:b], "output": _around(result.text, doc, a, b)}
                        )
            else:
                per_class[label]["n"] += 1
                if doc.clean[a:b] not in defects:
                    adjusted["n"] += 1
                    adjusted["restored"] += k not in bad
                if k not in bad:
                    per_class[label]["restored"] += 1
                elif len(failures) < show:
                    failures.append(
                        {
                            "class": label,
                            "clean": doc.clean[a:b],
                            "output": _around(result.text, doc, a, b),
                        }
                    )
    corrupted = sum(c["n"] for c in per_class.values())
    restored = sum(c["restored"] for c in per_class.values())
    return {
        "corrupted_sentences": corrupted,
        "restored_share": round(restored / corrupted, 4) if corrupted else None,
        "restored_share_without_reference_defects": (
            round(adjusted["restored"] / adjusted["n"], 4) if adjusted["n"] else None
        ),
        "clean_sentences": clean_total,
        "clean_changed_share": round(clean_changed / clean_total, 4) if clean_total else None,
        "clean_changed": clean_changed,
        "clean_already_damaged": pre_total,
        "clean_already_damaged_changed": pre_changed,
        "undamaged_changed_share": (
            round((clean_changed - pre_changed) / (clean_total - pre_total), 4)
            if clean_total > pre_total
            else None
        ),
        "per_class": {
            k: {"n": v["n"], "restored_share": round(v["restored"] / v["n"], 4)}
            for k, v in sorted(per_class.items())
        },
        "failures": failures,
        "clean_changes": changes,
    }


def _around(output: str, doc: Doc, a: int, b: int) -> str:
    """The output near where a clean sentence was (for reading failures)."""
    matcher = difflib.SequenceMatcher(None, doc.clean, output, autojunk=False)
    blocks = matcher.get_matching_blocks()

    def mapped(i: int) -> int:
        best = 0
        for blk in blocks:
            if blk.a <= i:
                best = blk.b + min(i - blk.a, blk.size)
        return best

    return output[max(0, mapped(a) - 10) : mapped(b) + 10]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--rounds", type=int, default=3, help="corrupt the text this many times")
    ap.add_argument("--rate", type=float, default=0.5, help="share of sentences to corrupt")
    ap.add_argument("--show", type=int, default=0, help="print up to N failures and changes")
    args = ap.parse_args(argv)

    docs_json = load_docs()
    sources = list(news_references(docs_json)) if docs_json else [FALLBACK]
    rng = random.Random(args.seed)
    segmented = [segment(segments) for segments in sources]
    docs = [build_doc(rng, seg, args.rate) for _ in range(args.rounds) for seg in segmented]
    untouched = [build_doc(rng, seg, 0.0) for seg in segmented]
    report: dict[str, Any] = {
        "text": f"news references in {dev_path()}" if docs_json else "built-in passage",
        "seed": args.seed,
        "rounds": args.rounds,
    }
    baseline = evaluate(untouched, mtfix.RepairConfig(), 1000)
    defects = frozenset(c["clean"] for c in baseline["clean_changes"])
    report |= {
        "uncorrupted_text": baseline,
        "clean_stage": evaluate(docs, mtfix.RepairConfig(stages=("clean",)), args.show, defects),
        "full_pipeline": evaluate(docs, mtfix.RepairConfig(), args.show, defects),
        "targets": {"restored_share": 0.97, "clean_changed_share": 0.002},
    }
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print(f"text: {report['text']} (seed {args.seed}, {args.rounds} rounds)")
    u = report["uncorrupted_text"]
    print(
        f"\nuncorrupted text, full pipeline: changed {u['clean_changed']} of "
        f"{u['clean_sentences']} sentences ({u['clean_changed_share']:.2%})"
    )
    for c in u["clean_changes"]:
        print(f"  CHANGED\n    clean:  {c['clean']!r}\n    output: {c['output']!r}")
    for key in ("clean_stage", "full_pipeline"):
        r = report[key]
        print(
            f"\n{key}: restored {r['restored_share']:.2%} of {r['corrupted_sentences']} corrupted "
            f"sentences; changed {r['clean_changed_share']:.2%} of {r['clean_sentences']} clean "
            f"({r['clean_changed']})"
        )
        print(
            f"  {r['clean_already_damaged']} 'clean' reference sentences already show an injected "
            f"damage class ({r['clean_already_damaged_changed']} of them changed); the rest: "
            f"changed {r['undamaged_changed_share']:.2%}"
        )
        print(
            f"  restored without the {len(defects)} reference sentences mtfix changes anyway: "
            f"{r['restored_share_without_reference_defects']:.2%}"
        )
        for name, c in r["per_class"].items():
            print(f"  {name:28s} n={c['n']:4d}  restored {c['restored_share']:.1%}")
        for f in r["failures"]:
            print(f"  FAIL [{f['class']}]\n    clean:  {f['clean']!r}\n    output: {f['output']!r}")
        for c in r["clean_changes"]:
            print(f"  CHANGED\n    clean:  {c['clean']!r}\n    output: {c['output']!r}")
    print("\ntargets: restored >= 97%, clean (undamaged) sentences changed <= 0.2%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
