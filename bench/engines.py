"""Engine speed: transformers (fp32) vs CTranslate2 (int8) on an opus-mt-zh-en-shaped model.

A randomly initialised MarianMT (d_model 512, 6+6 layers, 8 heads, ffn 2048,
65001-token vocabulary) is built in a temporary folder and converted to
CTranslate2 int8.  Each engine is then measured in its own subprocess (clean
peak RSS): sentences/second for forced-decoding scoring and for beam-4
generation (a random model never emits EOS, so generation runs to
``--max-length``), and one article's cost: 30 sentences scored, 5 re-translated
and their candidates scored.

    python bench/engines.py            # a table
    python bench/engines.py --json     # JSON
    python bench/engines.py --device cuda
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # toymodel: the tests' tiny models

OPUS_SHAPE: dict[str, Any] = {
    "d_model": 512,
    "layers": 6,
    "heads": 8,
    "ffn_dim": 2048,
    "vocab_size": 65001,
}


def sentences(n: int, seed: int) -> list[tuple[str, str]]:
    """News-length pairs: three template sentences joined (~35 zh characters)."""
    from toymodel import parallel_corpus

    pairs = parallel_corpus(3 * n, seed=seed)
    return [
        ("".join(z for z, _ in pairs[i : i + 3]), " ".join(e for _, e in pairs[i : i + 3]))
        for i in range(0, 3 * n, 3)
    ]


def worker(args: argparse.Namespace) -> dict[str, Any]:
    """Measure one engine (runs in a subprocess)."""
    from mtfix.retranslate.engines import EngineOptions, load_engine

    options = EngineOptions(
        max_batch_size=args.batch_size,
        intra_threads=args.threads,
        beam_size=args.beam,
        max_length=args.max_length,
        device=args.device,
        compute_type=args.compute_type,
    )
    t0 = time.perf_counter()
    engine = load_engine(args.model, args.worker, options)
    load_s = time.perf_counter() - t0
    warm = sentences(2, seed=99)
    engine.score_batch([z for z, _ in warm], [e for _, e in warm])
    engine.translate_batch([warm[0][0]], max_length=4)

    pairs = sentences(args.n_score, seed=1)
    zh, en = [z for z, _ in pairs], [e for _, e in pairs]
    t0 = time.perf_counter()
    engine.score_batch(zh, en)
    score_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    engine.translate_batch(zh[: args.n_translate])
    gen_s = time.perf_counter() - t0

    article = sentences(30, seed=2)
    t0 = time.perf_counter()
    engine.score_batch([z for z, _ in article], [e for _, e in article])
    hyps = engine.translate_batch([z for z, _ in article[:5]])
    engine.score_batch([z for z, _ in article[:5]], [h[0].text or "." for h in hyps])
    article_s = time.perf_counter() - t0

    out = {
        "engine": args.worker,
        "compute_type": args.compute_type
        or ("int8" if args.worker == "ctranslate2" else "float32"),
        "load_s": round(load_s, 3),
        "score_sents_per_s": round(len(zh) / score_s, 2),
        "beam_sents_per_s": round(args.n_translate / gen_s, 3),
        "article_s": round(article_s, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.device.startswith("cuda") and args.worker == "transformers":
        import torch

        out["peak_gpu_mb"] = round(torch.cuda.max_memory_allocated() / 2**20, 1)
    return out


def run_worker(engine: str, model: Path, args: argparse.Namespace, compute: str | None) -> Any:
    cmd = [
        sys.executable, __file__, "--worker", engine, "--model", str(model),
        "--n-score", str(args.n_score), "--n-translate", str(args.n_translate),
        "--max-length", str(args.max_length), "--beam", str(args.beam),
        "--threads", str(args.threads), "--batch-size", str(args.batch_size),
        "--device", args.device,
    ]  # fmt: skip
    if compute:
        cmd += ["--compute-type", compute]
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_VERBOSITY="error")
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        print(f"{engine} worker failed:\n{done.stderr[-3000:]}", file=sys.stderr)
        return {"engine": engine, "error": done.stderr.strip().splitlines()[-1][:300]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--n-score", type=int, default=32, help="sentences to score")
    parser.add_argument("--n-translate", type=int, default=8, help="sentences to translate")
    parser.add_argument("--max-length", type=int, default=64)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads per engine")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--device", default="cpu", help="cpu or cuda")
    parser.add_argument("--workdir", type=Path, help="keep the models here (default: a temp dir)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    parser.add_argument("--compute-type", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        print(json.dumps(worker(args)))
        return

    with tempfile.TemporaryDirectory(prefix="mtfix-bench-") as tmp:
        work = args.workdir or Path(tmp)
        hf_dir, ct2_dir = work / "opus-shaped", work / "opus-shaped-ct2"
        t0 = time.perf_counter()
        if not (hf_dir / "config.json").is_file():
            from toymodel import build_toy_marian

            build_toy_marian(hf_dir, init_std=0.02, **OPUS_SHAPE)
        build_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        if not (ct2_dir / "model.bin").is_file():
            from mtfix.retranslate.cli import convert_folder

            convert_folder(hf_dir, ct2_dir, quantization="int8", force=True)
        convert_s = time.perf_counter() - t0
        hf_compute = None
        ct2_compute = None if args.device == "cpu" else "int8_float16"
        hf = run_worker("transformers", hf_dir, args, hf_compute)
        ct2 = run_worker("ctranslate2", ct2_dir, args, ct2_compute)

    report: dict[str, Any] = {
        "model": "random MarianMT shaped like opus-mt-zh-en " + json.dumps(OPUS_SHAPE),
        "device": args.device,
        "threads": args.threads,
        "n_score": args.n_score,
        "n_translate": args.n_translate,
        "beam": args.beam,
        "max_length": args.max_length,
        "build_s": round(build_s, 2),
        "convert_int8_s": round(convert_s, 2),
        "transformers": hf,
        "ctranslate2": ct2,
    }
    both = "error" not in hf and "error" not in ct2
    if both:
        report.update(
            ratio_score=round(ct2["score_sents_per_s"] / hf["score_sents_per_s"], 2),
            ratio_beam=round(ct2["beam_sents_per_s"] / hf["beam_sents_per_s"], 2),
            ratio_article=round(hf["article_s"] / ct2["article_s"], 2),
            ratio_peak_rss=round(hf["peak_rss_mb"] / ct2["peak_rss_mb"], 2),
            target_score_ratio_met=ct2["score_sents_per_s"] >= 3 * hf["score_sents_per_s"],
        )
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['model']} on {args.device}, {args.threads} threads")
    print(f"build {report['build_s']} s, int8 conversion {report['convert_int8_s']} s")
    cols = ("load_s", "score_sents_per_s", "beam_sents_per_s", "article_s", "peak_rss_mb")
    print(f"{'engine':<24}" + "".join(f"{c:>19}" for c in cols))
    for r in (hf, ct2):
        if "error" in r:
            print(f"{r['engine']:<24}failed: {r['error']}")
            continue
        label = f"{r['engine']} {r['compute_type']}"
        print(f"{label:<24}" + "".join(f"{r[c]:>19}" for c in cols))
    if both:
        print(
            f"CT2/transformers: scoring {report['ratio_score']}x, beam {report['ratio_beam']}x, "
            f"article {report['ratio_article']}x faster, "
            f"peak RSS {report['ratio_peak_rss']}x smaller"
        )


if __name__ == "__main__":
    main()
