"""The seq2seq engines on a GPU: do they agree with the CPU?

Builds the tests' tiny random MarianMT (and its CTranslate2 conversion), then
scores and translates the same sentences with every engine, device and
compute type that can run here, against transformers fp32 on the CPU:

- the largest difference of a sentence score (mean log-probability);
- how many beam-4 translations are identical;
- what failed to load, and why (e.g. a CTranslate2 build without CUDA).

    python bench/device_engines.py              # a table
    python bench/device_engines.py --json FILE  # also JSON

Without CUDA only the CPU rows run.  Exit code 1 when a CUDA row that loaded
disagrees beyond its tolerance (float32 1e-3, float16 0.05, bfloat16 0.1; int8
rows are only reported).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # toymodel: the tests' tiny models

#: Score tolerance by compute type (mean log-probabilities of a random model).
#: int8 is only reported: quantising random weights is lossy by design.
TOLERANCE: dict[str, float | None] = {
    "float32": 1e-3,
    "float16": 0.05,
    "bfloat16": 0.1,
    "int8": None,
    "int8_float16": None,
}


def combinations(cuda: bool) -> list[tuple[str, str, str]]:
    rows = [("transformers", "cpu", "float32"), ("ctranslate2", "cpu", "float32")]
    rows.append(("ctranslate2", "cpu", "int8"))
    if cuda:
        rows += [
            ("transformers", "cuda", "float32"),
            ("transformers", "cuda", "float16"),
            ("transformers", "cuda", "bfloat16"),
            ("ctranslate2", "cuda", "float32"),
            ("ctranslate2", "cuda", "float16"),
            ("ctranslate2", "cuda", "int8_float16"),
        ]
    return rows


def run_row(
    engine: str, device: str, compute: str, model: Path, zh: list[str], en: list[str]
) -> dict[str, Any]:
    from mtfix.retranslate.engines import EngineOptions, load_engine

    options = EngineOptions(device=device, compute_type=compute, max_length=24, max_batch_size=4)
    try:
        loaded = load_engine(str(model), engine, options)
        t0 = time.perf_counter()
        scores = loaded.score_batch(zh, en)
        hyps = loaded.translate_batch(zh)
        seconds = time.perf_counter() - t0
    except Exception as exc:  # a missing build or driver is a finding, not a crash
        return {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}
    return {
        "scores": scores,
        "translations": [h[0].text for h in hyps],
        "seconds": round(seconds, 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the report here too")
    parser.add_argument("--sentences", type=int, default=24)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

    import torch
    from toymodel import build_toy_marian, parallel_corpus

    from mtfix.retranslate.cli import convert_folder

    cuda = torch.cuda.is_available()
    pairs = parallel_corpus(args.sentences, seed=5)
    zh, en = [z for z, _ in pairs], [e for _, e in pairs]
    report: dict[str, Any] = {
        "torch": torch.__version__,
        "cuda": torch.cuda.get_device_name(0) if cuda else None,
        "sentences": len(zh),
        "rows": [],
    }
    try:
        import ctranslate2

        report["ctranslate2"] = ctranslate2.__version__
        report["ctranslate2_cuda_devices"] = ctranslate2.get_cuda_device_count()
    except ImportError:
        report["ctranslate2"] = None
    failed = False
    with tempfile.TemporaryDirectory(prefix="mtfix-device-") as tmp:
        hf_dir = build_toy_marian(Path(tmp) / "toy")
        ct2_dir: Path | None = None
        if report["ctranslate2"]:
            ct2_dir = convert_folder(hf_dir, Path(tmp) / "toy-ct2", quantization="float32")
        reference: dict[str, Any] | None = None
        for engine, device, compute in combinations(cuda):
            model = hf_dir if engine == "transformers" else ct2_dir
            row: dict[str, Any] = {"engine": engine, "device": device, "compute_type": compute}
            if model is None:
                row["error"] = "ctranslate2 is not installed"
            else:
                row.update(run_row(engine, device, compute, model, zh, en))
            if reference is None and "scores" in row:
                reference = row
            if reference is not None and "scores" in row:
                diff = max(
                    abs(a - b) for a, b in zip(row["scores"], reference["scores"], strict=True)
                )
                same = sum(
                    a == b
                    for a, b in zip(row["translations"], reference["translations"], strict=True)
                )
                row["max_score_diff"] = round(diff, 6)
                row["same_translations"] = same
                limit = TOLERANCE[compute]
                row["within_tolerance"] = None if limit is None else diff <= limit
                failed = failed or (device == "cuda" and row["within_tolerance"] is False)
            report["rows"].append(row)
    for row in report["rows"]:
        row.pop("scores", None)
        row.pop("translations", None)

    print(f"torch {report['torch']}, GPU: {report['cuda']}, ctranslate2 {report['ctranslate2']}")
    print(f"{'engine':<13}{'device':<7}{'compute':<14}{'max diff':>10}{'same':>7}{'s':>8}  note")
    for r in report["rows"]:
        if "error" in r:
            print(f"{r['engine']:<13}{r['device']:<7}{r['compute_type']:<14}  {r['error']}")
            continue
        ok = {True: "", False: "OUT OF TOLERANCE", None: "(reported only)"}[r["within_tolerance"]]
        print(
            f"{r['engine']:<13}{r['device']:<7}{r['compute_type']:<14}"
            f"{r['max_score_diff']:>10.6f}{r['same_translations']:>4}/{len(zh):<2}"
            f"{r['seconds']:>8.3f}  {ok}"
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
