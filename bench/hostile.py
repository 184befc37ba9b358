"""Time per MB on hostile inputs: a repair must stay linear in the document's size.

    python bench/hostile.py [--json] [--sizes 0.1,1,10] [--shapes NAME,...]
    python bench/hostile.py --xliff-units 1000,10000,100000


Each shape is generated at every size (MB of UTF-8) and repaired with the
default configuration (no source; sizes under 0.3 MB: the best of a few
runs); the table shows seconds per MB.
Target: for each shape the slowest size is within 2x of the fastest.  The
shapes are inputs that once took minutes on a few dozen kilobytes: mojibake
encoded twice (a cubic diff), a long run of ``&amp;`` (a token rescanned for
every mark in it), long tokens, and lines of dashes longer than a window.

``--xliff-units`` instead times ``mtfix fix FILE.xlf`` (one process, the sentence
encoder included) on XLIFF 1.2 files of that many units, each a short damaged
target with its Chinese source, and prints seconds per 1,000 units (the units
are one document aligned line by line; 8,000 once took 211 s, 100,000 about 45 min).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import mtfix

SHAPES: dict[str, Callable[[int], str]] = {
    "mojibake x2": lambda n: ("hospitalÃ¢â‚¬â„¢s" * (n // 17 + 1))[:n],
    "mojibake x2 spaced": lambda n: ("hospitalÃ¢â‚¬â„¢s " * (n // 18 + 1))[:n],
    "&amp; chain": lambda n: "&" + "amp;" * (n // 4) + "rsquo;",
    "ab; token": lambda n: "ab;" * (n // 3),
    "aB token": lambda n: "aB" * (n // 2),
    "&mdash token": lambda n: "&mdash" * (n // 6),
    "em dashes": lambda n: "—" * n,
    "ellipses": lambda n: "…" * n,
    "spaced commas": lambda n: ("ab , " * (n // 5 + 1))[:n],
    "lost spaces": lambda n: ("word.The " * (n // 9 + 1))[:n],
}


def generate(shape: str, megabytes: float) -> str:
    """The shape at about ``megabytes`` MB of UTF-8."""
    target = int(megabytes * 2**20)
    probe = SHAPES[shape](1000)
    per_char = len(probe.encode("utf-8")) / len(probe)
    return SHAPES[shape](int(target / per_char))


def measure(shapes: list[str], sizes: list[float]) -> list[dict[str, object]]:
    repairer = mtfix.Repairer()
    repairer.repair("warm-up: imports and tables load once.")
    rows: list[dict[str, object]] = []
    for shape in shapes:
        row: dict[str, object] = {"shape": shape}
        per_mb = []
        for size in sizes:
            text = generate(shape, size)
            mb = len(text.encode("utf-8")) / 2**20
            seconds = float("inf")
            for _ in range(max(1, round(0.3 / size))):  # small sizes: the best of a few runs
                start = time.perf_counter()
                result = repairer.repair(text)
                seconds = min(seconds, time.perf_counter() - start)
            per_mb.append(seconds / mb)
            row[f"{size:g} MB s/MB"] = round(seconds / mb, 3)
            row[f"{size:g} MB edits"] = len(result.edits)
        row["spread"] = round(max(per_mb) / min(per_mb), 2)
        rows.append(row)
    return rows


_XLIFF_PAIRS = [
    ("约翰·罗尔斯认为", "John · Rawls believes in the industry.At home"),
    ("公司说五月出口大幅增长。", "The company said exports rose & rdquo;sharply& rdquo; in May."),
    ("温州是一个富裕的城市。", "Wenzhou, Jiangsu is a city，and it is rich."),
    ("张伟说市场将保持稳定。", "Zhang Wei said the market would remain stable.."),
    ("腾讯觅影与数百家医院签署了协议。", "Tencent's Shadow signed with 300 hospitals."),
    ("天气不好。", "The weather is bad."),
    ("高瓴资本领投。", "Gaochun Capital led the round——with two state funds."),
]


def xliff_document(units: int) -> str:
    """An XLIFF 1.2 file (zh-CN → en) of ``units`` short damaged targets."""
    from xml.sax.saxutils import escape

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file source-language="zh-CN" target-language="en" datatype="plaintext" '
        'original="a.txt"><body>\n'
    ]
    for i in range(units):
        zh, en = _XLIFF_PAIRS[i % len(_XLIFF_PAIRS)]
        out.append(
            f'<trans-unit id="{i}"><source>{escape(zh)}</source>'
            f'<target state="translated">{escape(en)} {i}</target></trans-unit>\n'
        )
    out.append("</body></file></xliff>\n")
    return "".join(out)


def measure_xliff(sizes: list[int]) -> list[dict[str, object]]:
    import subprocess
    import tempfile

    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="mtfix-xliff-") as d:
        for units in sizes:
            src, out = Path(d) / f"u{units}.xlf", Path(d) / f"u{units}.out.xlf"
            src.write_text(xliff_document(units), encoding="utf-8")
            cmd = [sys.executable, "-m", "mtfix", "fix", str(src), "-o", str(out)]
            start = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True)
            seconds = time.perf_counter() - start
            rows.append(
                {
                    "units": units,
                    "seconds": round(seconds, 1),
                    "s_per_1000_units": round(seconds / units * 1000, 2),
                    "returncode": done.returncode,
                }
            )
            print(
                f"{units:>8} units  {seconds:8.1f} s  {seconds / units * 1000:6.2f} s/1000 units"
                f"  rc={done.returncode}",
                file=sys.stderr,
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    parser.add_argument("--sizes", default="0.1,1,10", help="sizes in MB, comma-separated")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="shapes, comma-separated")
    parser.add_argument(
        "--xliff-units", default="", help="time XLIFF files of these unit counts instead"
    )
    args = parser.parse_args()
    if args.xliff_units:
        found = measure_xliff([int(n) for n in args.xliff_units.split(",")])
        if args.json:
            print(json.dumps({"xliff": found}, indent=2))
        return
    sizes = [float(s) for s in args.sizes.split(",")]
    shapes = [s for s in args.shapes.split(",") if s]
    unknown = [s for s in shapes if s not in SHAPES]
    if unknown:
        parser.error(f"unknown shape(s): {', '.join(unknown)}; known: {', '.join(SHAPES)}")
    rows = measure(shapes, sizes)
    if args.json:
        print(json.dumps({"sizes_mb": sizes, "rows": rows}, indent=2))
        return
    head = "".join(f"{f'{s:g} MB':>10}" for s in sizes)
    print(f"{'shape':<22}{head}    spread   (seconds per MB)")
    for row in rows:
        cells = "".join(f"{row[f'{s:g} MB s/MB']:>10.2f}" for s in sizes)
        print(f"{row['shape']:<22}{cells}    {row['spread']:.2f}x")
    worst = max(float(str(r["spread"])) for r in rows)
    print(f"target: each shape within 2x across sizes; worst spread {worst:.2f}x")


if __name__ == "__main__":
    main()
