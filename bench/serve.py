"""``mtfix serve`` latency: per-call time of a long-lived worker, against one CLI call per article.

    python bench/serve.py [--docs N] [--systems K] [--cli-calls C] [--json]

Articles: the first N news documents of ../shared/evaldata/dev.jsonl with their Chinese
source, K systems each (read in place).  One ``mtfix serve`` process gets them one at a
time: each request is written when the previous response has been read, so the figure
is what a pipeline calling mtfix article by article waits.  Reported: the worker's start
(until it answers its first request, warm-up included), the per-call latency (median,
90th percentile, mean) after that, and C separate ``mtfix fix a.en.txt --source a.zh.txt``
calls for comparison.  The machine is shared: compare the figures of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import dev_path, news_pairs

REPO = Path(__file__).resolve().parent.parent


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO), HF_HUB_OFFLINE="1")


def bench_serve(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mtfix", "serve"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_env(), cwd=REPO,
    )
    assert proc.stdin is not None and proc.stdout is not None
    times = []
    try:
        for i, (en, zh) in enumerate(pairs):
            t0 = time.perf_counter()
            proc.stdin.write(json.dumps({"id": i, "text": en, "source": zh}).encode() + b"\n")
            proc.stdin.flush()
            answer = json.loads(proc.stdout.readline())
            times.append(time.perf_counter() - t0)
            if "error" in answer:
                raise SystemExit(f"request {i}: {answer['error']}")
            if i == 0:
                first = time.perf_counter() - started
        proc.stdin.close()
        proc.wait(timeout=60)
    finally:
        proc.kill()
    warm = times[1:] or times
    return {
        "calls": len(pairs),
        "start_to_first_answer_s": round(first, 2),
        "median_ms": round(1000 * statistics.median(warm)),
        "p90_ms": round(1000 * sorted(warm)[int(0.9 * (len(warm) - 1))]),
        "mean_ms": round(1000 * statistics.fmean(warm)),
    }


def bench_cli(pairs: list[tuple[str, str]], calls: int) -> dict[str, Any]:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (en, zh) in enumerate(pairs[:calls]):
            a, b = Path(tmp, f"{i}.en.txt"), Path(tmp, f"{i}.zh.txt")
            a.write_text(en, encoding="utf-8")
            b.write_text(zh, encoding="utf-8")
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "mtfix", "fix", str(a), "--source", str(b),
                 "-o", str(Path(tmp, f"{i}.out.txt"))],
                env=_env(), cwd=REPO, check=True, capture_output=True,
            )
            times.append(time.perf_counter() - t0)
    return {"calls": len(times), "median_ms": round(1000 * statistics.median(times))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10, help="news documents")
    parser.add_argument("--systems", type=int, default=2, help="systems per document")
    parser.add_argument("--cli-calls", type=int, default=3, help="separate CLI calls to time")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    pairs = news_pairs(args.docs, args.systems)
    if not pairs:
        print(f"no evaluation data at {dev_path()}; nothing to measure")
        return 0
    report = {"serve": bench_serve(pairs), "cli": bench_cli(pairs, args.cli_calls)}
    report["cli_over_serve"] = round(report["cli"]["median_ms"] / report["serve"]["median_ms"], 1)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    s, c = report["serve"], report["cli"]
    print(f"serve: {s['calls']} calls; first answer {s['start_to_first_answer_s']} s after "
          f"start; then median {s['median_ms']} ms, p90 {s['p90_ms']} ms, mean {s['mean_ms']} ms")
    print(f"one 'mtfix fix --source' per article: median {c['median_ms']} ms "
          f"({report['cli_over_serve']}x the served call)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
