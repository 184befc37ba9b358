"""Time per MB on hostile inputs: a repair must stay linear in the document's size.

    python bench/hostile.py [--json] [--sizes 0.1,1,10] [--shapes NAME,...]

Each shape is generated at every size (MB of UTF-8) and repaired with the
default configuration (no source; sizes under 0.3 MB: the best of a few
runs); the table shows seconds per MB.
Target: for each shape the slowest size is within 2x of the fastest.  The
shapes are inputs that once took minutes on a few dozen kilobytes: mojibake
encoded twice (a cubic diff), a long run of ``&amp;`` (a token rescanned for
every mark in it), long tokens, and lines of dashes longer than a window.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    parser.add_argument("--sizes", default="0.1,1,10", help="sizes in MB, comma-separated")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="shapes, comma-separated")
    args = parser.parse_args()
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
