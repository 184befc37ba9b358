"""Cold start and first run of one ``mtfix fix a.en.txt --source a.zh.txt`` CLI call.

    python bench/cold_start.py [--runs N] [--baseline DIR] [--pair EN ZH] [--json]

Measured per tree (this checkout, and ``--baseline``, a checkout of an older commit;
the two alternate, so their ratio is measured under the same load):

* cold start: the CLI call with the caches built, median wall and CPU time (user + sys
  of the call and the processes it waited for) of ``--runs`` calls, and the peak RSS;
* first run: the same call with an empty cache folder (``MTFIX_CACHE_DIR``), once per
  round; its CPU time includes the background build of :mod:`mtfix.zh.prebuild`; and
  once more with everything built in the one process (``MTFIX_BACKGROUND_BUILD=0``,
  "serial"), which is what a one-core machine gets.

On a loaded machine the wall times grow and the CPU times do not: compare CPU times.
The pair is the first news document of ../shared/evaldata/dev.jsonl (its first system),
or ``--pair``.  Byte code is cached in a temporary folder (``PYTHONPYCACHEPREFIX``), as an
installed package's would be; one call before the measured ones writes it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import load_docs

REPO = Path(__file__).resolve().parent.parent


def _pair(args: argparse.Namespace, tmp: Path) -> tuple[Path, Path] | None:
    if args.pair:
        return Path(args.pair[0]).resolve(), Path(args.pair[1]).resolve()
    docs = [d for d in load_docs() if d.get("domain") == "news"]
    if not docs:
        return None
    doc = docs[0]
    en, zh = tmp / "a.en.txt", tmp / "a.zh.txt"
    en.write_text("\n".join(next(iter(doc["systems"].values()))) + "\n", encoding="utf-8")
    zh.write_text("\n".join(doc["source"]) + "\n", encoding="utf-8")
    return en, zh


def _call(
    tree: Path, pair: tuple[Path, Path], cache: Path, pyc: Path, serial: bool = False
) -> dict[str, float]:
    """One CLI call: wall seconds, CPU seconds (with waited-for children), peak RSS (MB)."""
    env = dict(os.environ, PYTHONPATH=str(tree), MTFIX_CACHE_DIR=str(cache),
               PYTHONPYCACHEPREFIX=str(pyc), HF_HUB_OFFLINE="1")
    if serial:
        env["MTFIX_BACKGROUND_BUILD"] = "0"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = cache.parent / "out.txt"
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mtfix", "fix", str(pair[0]), "--source", str(pair[1]),
         "-o", str(out)],
        env=env, cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"mtfix fix failed in {tree} ({proc.returncode})")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="cold-start calls per round")
    parser.add_argument("--rounds", type=int, default=1, help="first runs (and rounds) per tree")
    parser.add_argument("--baseline", type=Path, help="a checkout of an older commit")
    parser.add_argument("--pair", nargs=2, metavar=("EN", "ZH"), help="the article pair")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    trees = {"this": REPO}
    if args.baseline:
        trees["baseline"] = args.baseline.resolve()
    tmp = Path(tempfile.mkdtemp(prefix="mtfix-cold-"))
    try:
        pair = _pair(args, tmp)
        if pair is None:
            print("no evaluation data and no --pair; nothing to measure")
            return 0
        cold: dict[str, list[dict[str, float]]] = {n: [] for n in trees}
        first: dict[str, list[dict[str, float]]] = {n: [] for n in trees}
        serial: dict[str, list[dict[str, float]]] = {n: [] for n in trees}
        for name, tree in trees.items():  # byte code and caches, not measured
            _call(tree, pair, tmp / f"cache-{name}", tmp / f"pyc-{name}")
        for _ in range(args.rounds):
            for name, tree in trees.items():
                fresh = tmp / f"first-{name}"
                shutil.rmtree(fresh, ignore_errors=True)
                first[name].append(_call(tree, pair, fresh, tmp / f"pyc-{name}"))
                shutil.rmtree(fresh, ignore_errors=True)
                serial[name].append(_call(tree, pair, fresh, tmp / f"pyc-{name}", serial=True))
                shutil.rmtree(fresh, ignore_errors=True)
            for _ in range(args.runs):
                for name, tree in trees.items():
                    cold[name].append(_call(tree, pair, tmp / f"cache-{name}", tmp / f"pyc-{name}"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report: dict[str, Any] = {"pair": [str(p) for p in pair], "trees": {}}
    for name in trees:
        report["trees"][name] = {
            "cold_wall_s": statistics.median(r["wall"] for r in cold[name]),
            "cold_cpu_s": statistics.median(r["cpu"] for r in cold[name]),
            "peak_rss_mb": max(r["rss_mb"] for r in cold[name]),
            "first_wall_s": statistics.median(r["wall"] for r in first[name]),
            "first_cpu_s": statistics.median(r["cpu"] for r in first[name]),
            "serial_wall_s": statistics.median(r["wall"] for r in serial[name]),
            "serial_cpu_s": statistics.median(r["cpu"] for r in serial[name]),
        }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"one `mtfix fix --source` call; cold: median of {args.runs * args.rounds} calls, "
          f"first run (empty cache): median of {args.rounds}")
    print(f"{'tree':<10} {'cold wall s':>11} {'cold CPU s':>11} {'peak MB':>8} "
          f"{'first wall s':>13} {'first CPU s':>12} {'serial wall s':>14} {'serial CPU s':>13}")
    for name, t in report["trees"].items():
        print(f"{name:<10} {t['cold_wall_s']:>11.2f} {t['cold_cpu_s']:>11.2f} "
              f"{t['peak_rss_mb']:>8.0f} {t['first_wall_s']:>13.2f} {t['first_cpu_s']:>12.2f} "
              f"{t['serial_wall_s']:>14.2f} {t['serial_cpu_s']:>13.2f}")
    if "baseline" in report["trees"]:
        this, base = report["trees"]["this"], report["trees"]["baseline"]
        print(f"baseline / this: cold wall {base['cold_wall_s'] / this['cold_wall_s']:.2f}x, "
              f"cold CPU {base['cold_cpu_s'] / this['cold_cpu_s']:.2f}x, "
              f"first CPU {base['first_cpu_s'] / this['first_cpu_s']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
