"""With-source speed: warm ``Repairer.repair(en, source=zh)`` per article, against a baseline.

    python bench/source_speed.py [--docs N] [--systems K] [--baseline DIR] [--load N]
                                 [--threads 1,2] [--json]

Articles: the first N news documents of ../shared/evaldata/dev.jsonl, each repaired for K
systems with its Chinese source (all stages, no model).  Each tree (this checkout, and
``--baseline``, a checkout of an older commit, e.g. ``git worktree add /tmp/old COMMIT``)
runs in its own process; the two alternate in one run, so their ratio is measured under
the same load.  ``--load N`` adds N busy processes for the run (a "loaded machine").
Reported per tree: warm time per article and per sentence, the repair's peak RSS, and
the cold start (a first ``mtfix fix --source`` CLI call with caches built).
``--threads 1,2`` measures this checkout once per ``MTFIX_ENCODER_THREADS`` value instead
(alternating, in one run), for the encoder's thread default; see bench/cold_start.py for
the cold start and first run in detail.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import dev_path, news_pairs

REPO = Path(__file__).resolve().parent.parent

_WORKER = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
import mtfix
pairs = json.load(open(sys.argv[2], encoding="utf-8"))
repairer = mtfix.Repairer()
t0 = time.perf_counter()
repairer.repair(pairs[0][0], source=pairs[0][1])  # loads the encoder, jieba, tables
warm_up = time.perf_counter() - t0
times, sentences = [], 0
cpu0 = time.process_time()
for en, zh in pairs:
    t0 = time.perf_counter()
    result = repairer.repair(en, source=zh)
    times.append(time.perf_counter() - t0)
    sentences += len(result.sentences)
cpu = time.process_time() - cpu0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"warm_up": warm_up, "times": times, "sentences": sentences, "rss_mb": rss,
                  "cpu": cpu}))
"""


def _run_tree(tree: Path, pairs_file: str, extra: dict[str, str] | None = None) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(tree), HF_HUB_OFFLINE="1", **(extra or {}))
    out = subprocess.run(
        [sys.executable, "-c", _WORKER, str(tree), pairs_file],
        env=env, capture_output=True, text=True, check=False, cwd=tree,
    )
    if out.returncode != 0:
        raise SystemExit(f"{tree}: the worker failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _cold_start(tree: Path, en: str, zh: str) -> float:
    """One CLI call with a source (caches already built by the warm run)."""
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp, "a.en.txt"), Path(tmp, "a.zh.txt")
        a.write_text(en, encoding="utf-8")
        b.write_text(zh, encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(tree), HF_HUB_OFFLINE="1")
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mtfix", "fix", str(a), "--source", str(b), "-o",
             str(Path(tmp, "out.txt"))],
            env=env, capture_output=True, check=False, cwd=tree,
        )
        return time.perf_counter() - t0


def _busy(stop: Any) -> None:
    x = 0
    while not stop.is_set():
        x = (x * 7 + 1) % 1_000_003


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10, help="news documents")
    parser.add_argument("--systems", type=int, default=2, help="systems per document")
    parser.add_argument("--baseline", type=Path, help="a checkout of an older commit")
    parser.add_argument("--rounds", type=int, default=2, help="alternating runs per tree")
    parser.add_argument("--load", type=int, default=0, help="busy processes during the run")
    parser.add_argument("--threads", help="encoder threads to compare, e.g. 1,2")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    pairs = news_pairs(args.docs, args.systems)
    if not pairs:
        print(f"no evaluation data at {dev_path()}; nothing to measure")
        return 0
    trees = {"this": REPO}
    extra: dict[str, dict[str, str]] = {}
    if args.threads:
        trees = {f"threads={n}": REPO for n in args.threads.split(",")}
        extra = {f"threads={n}": {"MTFIX_ENCODER_THREADS": n} for n in args.threads.split(",")}
    if args.baseline:
        trees["baseline"] = args.baseline.resolve()
    stop = multiprocessing.Event()
    load = [multiprocessing.Process(target=_busy, args=(stop,)) for _ in range(args.load)]
    for p in load:
        p.start()
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    cold: dict[str, list[float]] = {name: [] for name in trees}
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(pairs, f, ensure_ascii=False)
        for _ in range(args.rounds):
            for name, tree in trees.items():
                runs[name].append(_run_tree(tree, f.name, extra.get(name)))
                if not args.threads:
                    cold[name].append(_cold_start(tree, *pairs[0]))
    finally:
        stop.set()
        for p in load:
            p.join()
        os.unlink(f.name)
    report: dict[str, Any] = {"articles": len(pairs), "load": args.load, "trees": {}}
    for name, results in runs.items():
        best = min(results, key=lambda r: sum(r["times"]))
        total = sum(best["times"])
        report["trees"][name] = {
            "ms_per_article": 1000 * total / len(pairs),
            "ms_per_sentence": 1000 * total / max(1, best["sentences"]),
            "cpu_ms_per_article": 1000 * best["cpu"] / len(pairs),
            "warm_up_s": best["warm_up"],
            "peak_rss_mb": max(r["rss_mb"] for r in results),
            "cold_start_s": min(cold[name], default=float("nan")),
        }
    if "baseline" in report["trees"] and "this" in report["trees"]:
        this, base = report["trees"]["this"], report["trees"]["baseline"]
        report["speed_up"] = base["ms_per_article"] / this["ms_per_article"]
    if args.threads:
        names = [n for n in report["trees"] if n.startswith("threads=")]
        first = report["trees"][names[0]]["ms_per_article"]
        report["threads_ratio"] = {n: first / report["trees"][n]["ms_per_article"] for n in names}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{len(pairs)} articles ({args.docs} news documents x {args.systems} systems), "
          f"{args.load} busy processes")
    print(f"{'tree':<10} {'ms/article':>11} {'CPU ms/art':>11} {'ms/sentence':>12} "
          f"{'warm-up s':>10} {'peak MB':>8} {'cold s':>7}")
    for name, t in report["trees"].items():
        print(f"{name:<10} {t['ms_per_article']:>11.0f} {t['cpu_ms_per_article']:>11.0f} "
              f"{t['ms_per_sentence']:>12.1f} {t['warm_up_s']:>10.2f} {t['peak_rss_mb']:>8.0f} "
              f"{t['cold_start_s']:>7.2f}")
    if "speed_up" in report:
        print(f"speed-up (baseline / this): {report['speed_up']:.2f}x")
    for name, ratio in report.get("threads_ratio", {}).items():
        print(f"speed of {name} relative to the first setting: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
