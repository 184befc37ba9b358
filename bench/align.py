"""Sentence-alignment benchmark on the WMT zh→en documents of ../shared/evaldata.

Each document's segments are aligned 1-1 by construction.  The benchmark
disturbs them at random (seeded): two neighbouring segments merged into one
on either side, one segment split in two at a clause boundary, or (with
``--drop``) a segment removed from one side.  The known links are then
1-1, 2-1, 1-2, 1-0 and 0-1.  ``mtfix.source.align.align`` is run on the
disturbed lists and scored link by link (a link counts only if both of its
sides are exactly right), per domain.

    python bench/align.py                 # reference translations
    python bench/align.py --target ONLINE-B --drop 0.05 --json
    python bench/align.py --param approximate_merge_discount=none   # embed every merge
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mtfix.source.align import DEFAULT_PARAMS, AlignParams, align  # noqa: E402
from mtfix.source.analysis import Link  # noqa: E402
from mtfix.source.embed import load_encoder  # noqa: E402

DATA = ROOT.parent / "shared" / "evaldata" / "dev.jsonl"

_ZH_CLAUSE = re.compile(r"[，；：,;:]")
_EN_CLAUSE = re.compile(r"[,;:](?= )")


@dataclass
class Case:
    domain: str
    zh: list[str]
    en: list[str]
    gold: list[Link]


def _split_at_clause(text: str, boundary: re.Pattern[str], min_len: int) -> tuple[str, str] | None:
    """Split after the clause mark nearest the middle, if both halves are long enough."""
    cuts = [m.end() for m in boundary.finditer(text)]
    cuts = [
        c for c in cuts if len(text[:c].strip()) >= min_len and len(text[c:].strip()) >= min_len
    ]
    if not cuts:
        return None
    cut = min(cuts, key=lambda c: abs(c - len(text) / 2))
    return text[:cut].strip(), text[cut:].strip()


def disturb(
    zh_segs: list[str],
    en_segs: list[str],
    rng: random.Random,
    merge: float,
    split: float,
    drop: float,
) -> tuple[list[str], list[str], list[Link]]:
    """Merge, split and drop segments at random; return both sides and the true links."""
    zh: list[str] = []
    en: list[str] = []
    gold: list[Link] = []

    def add(zh_parts: list[str], en_parts: list[str]) -> None:
        zi = tuple(range(len(zh), len(zh) + len(zh_parts)))
        ei = tuple(range(len(en), len(en) + len(en_parts)))
        zh.extend(zh_parts)
        en.extend(en_parts)
        gold.append((zi, ei))

    k = 0
    n = len(zh_segs)
    while k < n:
        z, e = zh_segs[k], en_segs[k]
        r = rng.random()
        side_zh = rng.random() < 0.5
        if r < merge and k + 1 < n:
            z2, e2 = zh_segs[k + 1], en_segs[k + 1]
            if side_zh:  # one Chinese sentence for two English ones
                add([z + z2], [e, e2])
            else:
                add([z, z2], [f"{e} {e2}"])
            k += 2
            continue
        if r < merge + split:
            pieces = (
                _split_at_clause(z, _ZH_CLAUSE, 4)
                if side_zh
                else _split_at_clause(e, _EN_CLAUSE, 15)
            )
            if pieces is not None:
                if side_zh:
                    add(list(pieces), [e])
                else:
                    add([z], list(pieces))
                k += 1
                continue
        if r > 1 - drop:
            if side_zh:
                add([], [e])
            else:
                add([z], [])
            k += 1
            continue
        add([z], [e])
        k += 1
    return zh, en, gold


def load_cases(args: argparse.Namespace) -> list[Case]:
    cases = []
    with DATA.open(encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            if args.domain and doc["domain"] not in args.domain:
                continue
            if args.target == "reference":
                en_segs = doc["reference"]
            else:
                en_segs = doc["systems"].get(args.target)
                if en_segs is None:
                    continue
            # One generator per document: a document's disturbances do not depend on the
            # documents (or domains) before it.
            rng = random.Random(f"{args.seed}:{doc['doc_id']}")
            pairs = [
                (z, e)
                for z, e in zip(doc["source"], en_segs, strict=True)
                if z.strip() and e.strip()
            ]
            zh, en, gold = disturb(
                [z for z, _ in pairs], [e for _, e in pairs], rng, args.merge, args.split, args.drop
            )
            cases.append(Case(doc["domain"], zh, en, gold))
    return cases


def score(gold: list[Link], pred: list[Link]) -> tuple[int, int, int]:
    g = set(gold)
    p = set(pred)
    return len(g & p), len(p), len(g)


def prf(hit: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = hit / n_pred if n_pred else 0.0
    r = hit / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def parse_params(items: list[str]) -> AlignParams:
    params = DEFAULT_PARAMS
    types = {f.name: f.type for f in fields(AlignParams)}
    for item in items:
        key, _, value = item.partition("=")
        if key not in types:
            raise SystemExit(f"unknown parameter {key!r}; known: {', '.join(types)}")
        cast = int if types[key] in ("int", int) else float
        none = "None" in str(types[key]) and value.lower() == "none"
        changes: dict[str, Any] = {key: None if none else cast(value)}
        params = replace(params, **changes)
    return params


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--target", default="reference", help="'reference' or a system name")
    ap.add_argument("--domain", action="append", help="only these domains (repeatable)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument(
        "--merge", type=float, default=0.15, help="chance a segment is merged with the next"
    )
    ap.add_argument("--split", type=float, default=0.15, help="chance a segment is split in two")
    ap.add_argument(
        "--drop", type=float, default=0.0, help="chance a segment is dropped from one side"
    )
    ap.add_argument(
        "--param", action="append", default=[], help="override a cost weight: name=value"
    )
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--errors", action="store_true", help="print the wrong links")
    args = ap.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} is absent")
        return
    params = parse_params(args.param)
    cases = load_cases(args)

    t0 = time.perf_counter()
    encoder = load_encoder()
    load_s = time.perf_counter() - t0

    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # hit, pred, gold, docs
    sentences = 0
    align_s = 0.0
    for case in cases:
        t = time.perf_counter()
        pred = align(case.zh, case.en, encoder=encoder, params=params)
        align_s += time.perf_counter() - t
        sentences += len(case.zh) + len(case.en)
        hit, n_pred, n_gold = score(case.gold, pred)
        for key in (case.domain, "all"):
            row = totals[key]
            row[0] += hit
            row[1] += n_pred
            row[2] += n_gold
            row[3] += 1
        if args.errors and hit < n_gold:
            for link in sorted(set(case.gold) - set(pred)):
                zs = "".join(case.zh[i] for i in link[0])[:60]
                es = " ".join(case.en[i] for i in link[1])[:80]
                print(f"[{case.domain}] missed {link}: {zs} | {es}")
            print(f"    predicted: {sorted(set(pred) - set(case.gold))}")

    report: dict[str, Any] = {
        "target": args.target,
        "seed": args.seed,
        "merge": args.merge,
        "split": args.split,
        "drop": args.drop,
        "encoder_load_s": round(load_s, 2),
        "sentences": sentences,
        "align_s": round(align_s, 2),
        "sentences_per_s": round(sentences / align_s, 1) if align_s else None,
        "domains": {},
    }
    for key in sorted(totals, key=lambda k: (k == "all", k)):
        hit, n_pred, n_gold, docs = totals[key]
        report["domains"][key] = {"docs": docs, "links": n_gold, **prf(hit, n_pred, n_gold)}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(
        f"target={args.target} seed={args.seed} "
        f"merge={args.merge} split={args.split} drop={args.drop}"
    )
    print(f"{'domain':<14}{'docs':>5}{'links':>7}{'P':>8}{'R':>8}{'F1':>8}")
    for key, row in report["domains"].items():
        print(
            f"{key:<14}{row['docs']:>5}{row['links']:>7}{row['precision']:>8.4f}"
            f"{row['recall']:>8.4f}{row['f1']:>8.4f}"
        )
    print(
        f"encoder load {report['encoder_load_s']}s; {sentences} sentences aligned in "
        f"{report['align_s']}s ({report['sentences_per_s']} sentences/s, embeddings included)"
    )


if __name__ == "__main__":
    main()
