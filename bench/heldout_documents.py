"""Build MQM-rated zh→en documents outside dev, in dev.jsonl's schema, for evaluation only.

The figures in the README are fitted on ``../shared/evaldata/dev.jsonl``; this script makes a
second set to measure them on documents none of it was tuned on.  It reads two public
repositories checked out beside each other (never copied into this one):

* ``google/wmt-mqm-human-evaluation``: ``generalMT2023/zhen/sxs_mqm_generalMT2023_zhen.
  3ratingsPerSegment.tsv.tar.gz`` (WMT23 news, three ratings a segment) and
  ``ted/zhen/mqm_ted_zhen.tsv`` (TED talks);
* ``wmt-conference/wmt23-news-systems``: the WMT23 zh→en source and reference;
* the rest of WMT23's general test (every system, reference A; no MQM), cut into stretches
  of lines, as ``OUT/wmt23rest``, and with ``--wmt22 PATH`` (``wmt-conference/wmt22-news-
  systems``) WMT22's general test outside dev the same way, as ``OUT/wmt22``;
* optionally ``wmt-conference/wmt21-news-systems`` (``--wmt21``): newstest2021 zh→en, its
  reference A and every system's output, with the MQM scores of
  ``newstest2021/zhen/mqm_newstest2021_zhen.avg_seg_scores.tsv`` (scores only, no spans).
  The text files carry no document ids: a document starts at a headline line that names
  its site ("…-新华网", "… - 中新网").

Documents whose id is in dev.jsonl are left out.  It writes ``OUT/wmt23/dev.jsonl``,
``OUT/ted/dev.jsonl`` and, with ``--wmt21``, ``OUT/wmt21/dev.jsonl``; point the benches at
one with ``MTFIX_EVALDATA=OUT/wmt23``.  The data stays research-use data of its owners: keep
OUT outside the repository.

    python bench/heldout_documents.py --mqm PATH --wmt23 PATH [--wmt21 PATH] [--wmt22 PATH] \
        --out DIR
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import tarfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _data import load_docs  # noqa: E402

_MARK = re.compile(r"</?v>")
_MAJOR, _MINOR = 5.0, 1.0
_PUNCTUATION, _NON_TRANSLATION = 0.1, 25.0


def _span(marked: str) -> tuple[int, int, str] | None:
    i, j = marked.find("<v>"), marked.find("</v>")
    if i < 0 or j < 0:
        return None
    return i, j - 3, marked[i + 3 : j]


def _weight(category: str, severity: str) -> float:
    if "Non-translation" in category:
        return _NON_TRANSLATION
    if severity == "Major":
        return _MAJOR
    if severity == "Minor":
        return _PUNCTUATION if category.startswith("Fluency/Punctuation") else _MINOR
    return 0.0


def build(
    rows: Iterable[dict[str, str]],
    *,
    doc_key: str,
    seg_key: str,
    testset: str,
    domain: str,
    prefix: str,
    skip: set[str],
    references: Callable[[list[str], dict[str, dict[int, str]]], dict[str, list[str]]],
    reference_systems: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """Documents from MQM rating rows (one row per rater's error or ``No-error``)."""
    docs: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["severity"] == "HOTW-test":  # attention checks with altered text
            continue
        d = docs.setdefault(
            r[doc_key],
            {"segs": {}, "sys": defaultdict(dict), "mqm": [], "rated": defaultdict(dict)},
        )
        seg = int(r[seg_key]) - 1
        d["segs"][seg] = _MARK.sub("", r["source"])
        d["sys"][r["system"]][seg] = _MARK.sub("", r["target"])
        d["rated"][r["system"]].setdefault(seg, set()).add(r["rater"])
        if r["severity"] in ("Major", "Minor") or "Non-translation" in r["category"]:
            side, found = "target", _span(r["target"])
            if found is None and (found := _span(r["source"])) is not None:
                side = "source"
            start, end, text = found if found else (None, None, "")
            d["mqm"].append(
                {
                    "system": r["system"],
                    "seg": seg,
                    "rater": r["rater"],
                    "category": r["category"],
                    "severity": r["severity"],
                    "side": side,
                    "span": text,
                    "start": start,
                    "end": end,
                    "weight": _weight(r["category"], r["severity"]),
                }
            )
    out = []
    for name, d in docs.items():
        doc_id = prefix + name.split(":")[0]
        if doc_id in skip:
            continue
        # Only the rated segments, renumbered (TED rates a part of each talk).
        order = {old: new for new, old in enumerate(sorted(d["segs"]))}
        n = len(order)
        source = [d["segs"][old] for old in sorted(order)]
        systems = {s: [v[old] for old in sorted(order)] for s, v in d["sys"].items() if len(v) == n}
        refs = references(
            source, {s: {order[k]: t for k, t in v.items()} for s, v in d["sys"].items()}
        )
        for s in reference_systems:
            systems.pop(s, None)  # a reference rated as a system is no system
        mqm = [{**m, "seg": order[m["seg"]]} for m in d["mqm"] if m["system"] in systems]
        rated = {s: {order[k]: v for k, v in d["rated"][s].items()} for s in systems}
        penalty = {}
        for s in systems:
            per: dict[tuple[int, str], float] = defaultdict(float)
            for m in mqm:
                if m["system"] == s:
                    per[(m["seg"], m["rater"])] += m["weight"]
            penalty[s] = [
                -sum(per[(i, r)] for r in sorted(rated[s][i])) / len(rated[s][i])
                if rated[s].get(i)
                else None
                for i in range(n)
            ]
        out.append(
            {
                "doc_id": doc_id,
                "testset": testset,
                "domain": domain,
                "source": source,
                "reference": refs.get("ref") or [""] * n,
                "references": {k: v for k, v in refs.items() if k != "ref"},
                "systems": systems,
                "mqm": mqm,
                "mqm_rated": {
                    s: {str(k): sorted(v) for k, v in r.items()} for s, r in rated.items()
                },
                "mqm_seg_penalty": penalty,
                "da_z": None,
            }
        )
    return out


def _tsv(text: str) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def _write(docs: list[dict[str, Any]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "dev.jsonl").open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    segs = sum(len(d["source"]) for d in docs)
    print(f"{folder}/dev.jsonl: {len(docs)} documents, {segs} segments")


#: A newstest2021 headline line: "…-新华网", "… - 中新网".
_HEADLINE = re.compile(r"[-－]\s*\S{2,5}网\s*$")


def newstest2021(wmt21: Path, mqm: Path, skip: set[str]) -> list[dict[str, Any]]:
    """newstest2021 zh→en as documents: every system, reference A, and the MQM score of the
    rated segments (``mqm_seg_penalty``; ``mqm`` is empty, as the scores come without spans)."""
    txt = wmt21 / "txt"
    source = (txt / "sources/newstest2021.zh-en.src.zh").read_text("utf-8").split("\n")[:-1]
    ref = (txt / "references/newstest2021.zh-en.ref.A.en").read_text("utf-8").split("\n")
    systems = {
        p.name.split(".")[-2]: p.read_text("utf-8").split("\n")
        for p in sorted((txt / "system-outputs").glob("newstest2021.zh-en.hyp.*.en"))
    }
    scores: dict[str, dict[int, float]] = defaultdict(dict)
    table = mqm / "newstest2021/zhen/mqm_newstest2021_zhen.avg_seg_scores.tsv"
    for line in table.read_text("utf-8").splitlines()[1:]:
        system, score, seg = line.split()
        if score != "None":
            scores[system][int(seg) - 1] = float(score)
    starts = [i for i, line in enumerate(source) if _HEADLINE.search(line)]
    out = []
    for k, (a, b) in enumerate(zip(starts, [*starts[1:], len(source)], strict=True)):
        doc_id = f"newstest2021/{k:03d}"
        if doc_id in skip:
            continue
        rated = {s: {i - a: v for i, v in scores[s].items() if a <= i < b} for s in systems}
        out.append(
            {
                "doc_id": doc_id,
                "testset": "wmt21-newstest2021.zh-en (outside dev)",
                "domain": "news",
                "source": source[a:b],
                "reference": ref[a:b],
                "references": {},
                "systems": {s: lines[a:b] for s, lines in systems.items()},
                "mqm": [],
                "mqm_rated": {s: {str(i): ["avg"] for i in r} for s, r in rated.items() if r},
                "mqm_seg_penalty": {
                    s: [r.get(i) for i in range(b - a)] for s, r in rated.items() if r
                },
                "da_z": None,
            }
        )
    return out


#: The most lines of one stretch, when a test set's text files carry no document ids.
RUN_LINES = 12


def stretches_outside(
    txt: Path,
    *,
    test: str,
    reference: str,
    seen: set[str],
    prefix: str,
    testset: str,
) -> list[dict[str, Any]]:
    """A general test's lines that are in none of the ``seen`` source lines (dev and the
    MQM-rated documents), cut into stretches of consecutive lines (3 to :data:`RUN_LINES`),
    with every system's output and reference A.  The text files carry no document ids, so a
    stretch stands for a document; a line that is seen, or empty, ends one."""
    source = (txt / f"sources/{test}.src.zh").read_text("utf-8").split("\n")
    if source and source[-1] == "":
        source.pop()
    ref = (txt / f"references/{test}.{reference}.en").read_text("utf-8").split("\n")
    systems = {
        p.name.split(".hyp.")[1][:-3]: p.read_text("utf-8").split("\n")
        for p in sorted((txt / "system-outputs").glob(f"{test}.hyp.*.en"))
    }
    systems = {k: v for k, v in systems.items() if len(v) >= len(source)}
    out: list[dict[str, Any]] = []
    run: list[int] = []

    def close() -> None:
        if len(run) >= 3:
            out.append(
                {
                    "doc_id": f"{prefix}/{len(out):03d}",
                    "testset": testset,
                    "domain": "mixed",
                    "source": [source[i] for i in run],
                    "reference": [ref[i] if i < len(ref) else "" for i in run],
                    "references": {},
                    "systems": {k: [v[i] for i in run] for k, v in systems.items()},
                    "mqm": [],
                    "mqm_rated": {},
                    "mqm_seg_penalty": {},
                    "da_z": None,
                }
            )
        run.clear()

    for i, line in enumerate(source):
        if not line.strip() or line.strip() in seen:
            close()
            continue
        run.append(i)
        if len(run) >= RUN_LINES:
            close()
    close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mqm", type=Path, required=True, help="google/wmt-mqm-human-evaluation")
    parser.add_argument(
        "--wmt23", type=Path, required=True, help="wmt-conference/wmt23-news-systems"
    )
    parser.add_argument("--wmt21", type=Path, help="wmt-conference/wmt21-news-systems (optional)")
    parser.add_argument(
        "--wmt22", type=Path, help="wmt-conference/wmt22-news-systems (optional): its general test"
    )
    parser.add_argument("--out", type=Path, required=True, help="a folder outside this repository")
    args = parser.parse_args(argv)
    if args.out.resolve().is_relative_to(ROOT):
        parser.error("--out must be outside the repository: the data is not ours to ship")
    skip = {d["doc_id"] for d in load_docs()}

    archive = (
        args.mqm / "generalMT2023/zhen/sxs_mqm_generalMT2023_zhen.3ratingsPerSegment.tsv.tar.gz"
    )
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(".tsv"))
        extracted = tar.extractfile(member)
        assert extracted is not None
        news_rows = _tsv(extracted.read().decode("utf-8"))
    src = (args.wmt23 / "txt/sources/generaltest2023.zh-en.src.zh").read_text("utf-8").split("\n")
    ref = (args.wmt23 / "txt/references/generaltest2023.zh-en.ref.refA.en").read_text("utf-8")
    ref_lines = ref.split("\n")
    line_of: dict[str, int] = {}
    for i, line in enumerate(src):
        line_of.setdefault(line, i)

    def news_refs(source: list[str], _systems: dict[str, dict[int, str]]) -> dict[str, list[str]]:
        return {"ref": [ref_lines[line_of[s]] if s in line_of else "" for s in source]}

    news = build(
        news_rows,
        doc_key="doc",
        seg_key="docSegId",
        domain="news",
        testset="wmt23-generaltest2023.zh-en (outside dev)",
        prefix="wmt23/",
        skip=skip,
        references=news_refs,
    )
    _write(news, args.out / "wmt23")

    def ted_refs(source: list[str], systems: dict[str, dict[int, str]]) -> dict[str, list[str]]:
        out = {}
        for name, key in (("ref", "ref"), ("refB", "B")):
            if name in systems:
                out[key] = [systems[name].get(i, "") for i in range(len(source))]
        return out

    ted_rows = _tsv((args.mqm / "ted/zhen/mqm_ted_zhen.tsv").read_text("utf-8"))
    ted = build(
        ted_rows,
        doc_key="doc",
        seg_key="seg_id",
        domain="ted",
        testset="wmt21-ted-testsuite.zh-en (outside dev)",
        prefix="wmt21ted/",
        skip=skip,
        references=ted_refs,
        reference_systems=("ref", "refB"),
    )
    _write(ted, args.out / "ted")
    if args.wmt21 is not None:
        _write(newstest2021(args.wmt21, args.mqm, skip), args.out / "wmt21")
    # The general tests' other lines: every system, no MQM, stretches for documents.
    dev_lines = {line.strip() for d in load_docs() for line in d["source"]}
    rated = {line.strip() for d in news for line in d["source"]}
    rest = stretches_outside(
        args.wmt23 / "txt",
        test="generaltest2023.zh-en",
        reference="ref.refA",
        seen=dev_lines | rated,
        prefix="generaltest2023rest",
        testset="wmt23-generaltest2023.zh-en (outside dev and MQM, stretches of lines)",
    )
    _write(rest, args.out / "wmt23rest")
    if args.wmt22 is not None:
        general = stretches_outside(
            args.wmt22 / "txt",
            test="generaltest2022.zh-en",
            reference="ref.A",
            seen=dev_lines,
            prefix="generaltest2022",
            testset="wmt22-generaltest2022.zh-en (outside dev, stretches of lines)",
        )
        _write(general, args.out / "wmt22")
    return 0


if __name__ == "__main__":
    sys.exit(main())
