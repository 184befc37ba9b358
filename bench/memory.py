"""Peak memory of one large document, per kind: peak RSS and its ratio to the file's size.

    python bench/memory.py                         # text 10, 50 MB; JSONL 100 MB; docx 60 MB
    python bench/memory.py --text-mb 10 --jsonl-mb 20 --docx-mb 20 --json
    python bench/memory.py --only text --only longline

Each input is generated in a temporary folder from the lines of
``corpora/sample.en.txt`` (damaged MT English with “ ” and ，, so Python holds
its text at two bytes a character), shuffled with random numbers so that it
does not compress like a repeated block:

- text: ``mtfix fix IN.txt -o OUT.txt`` on a file of ``--text-mb`` MB;
- longline: the same prose on one line (repaired in windows);
- jsonl: ``mtfix fix --jsonl IN -o OUT`` on one record of ``--jsonl-mb`` MB;
- docx: ``mtfix fix IN.docx -o OUT.docx`` on a .docx whose ``word/document.xml``
  is ``--docx-mb`` MB (one run per paragraph).

Peak RSS is the child's own high-water mark (``wait4``), in MB (2**20 bytes); the
ratio is to the input's size in bytes (for docx: to document.xml's).  ``base``
is the peak of the same command on a one-line file (interpreter, imports,
tables).  Run one at a time on a shared machine: each takes several GB at 100 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "sample.en.txt"


def _lines() -> list[str]:
    return [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


def prose(megabytes: float, *, seed: int = 1, sep: str = "\n\n") -> str:
    """About ``megabytes`` MB of UTF-8: sample lines in random order, numbers varied."""
    rng = random.Random(seed)
    lines = _lines()
    target = int(megabytes * 2**20)
    parts: list[str] = []
    size = 0
    while size < target:
        line = rng.choice(lines).replace("2016", str(rng.randint(1950, 2030)))
        line = line.replace("300", str(rng.randint(2, 999)))
        parts.append(line)
        size += len(line.encode("utf-8")) + len(sep)
    return sep.join(parts) + "\n"


def write_text(path: Path, mb: float, *, one_line: bool = False) -> int:
    path.write_text(prose(mb, sep=" " if one_line else "\n\n"), encoding="utf-8")
    return path.stat().st_size


def write_jsonl(path: Path, mb: float) -> int:
    record = {"id": "big", "text": prose(mb)}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path.stat().st_size


_DOCX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
_DOCX_TAIL = "<w:sectPr/></w:body></w:document>"


def write_docx(path: Path, mb: float) -> int:
    """A .docx made by python-docx with its document.xml replaced; returns document.xml's size."""
    from xml.sax.saxutils import escape

    import docx

    small = path.with_suffix(".small.docx")
    docx.Document().save(str(small))
    paragraphs = prose(mb * 0.75, seed=2).split("\n\n")  # markup adds about a third
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs
    )
    xml = (_DOCX_HEAD + body + _DOCX_TAIL).encode("utf-8")
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = xml if info.filename == "word/document.xml" else src.read(info)
            out.writestr(info.filename, data)
    small.unlink()
    return len(xml)


def peak_rss(cmd: list[str], timeout: float) -> tuple[int, float, int, str]:
    """The child's peak RSS in bytes, its wall time, return code and stderr's tail."""
    with tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        err.seek(0)
        tail = err.read().decode("utf-8", "replace")[-300:]
    return usage.ru_maxrss * 1024, seconds, proc.returncode, tail


def mtfix_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "mtfix", *args]


def run_kind(tmp: Path, kind: str, mb: float, timeout: float) -> dict[str, Any]:
    ext = {"text": "txt", "longline": "txt", "jsonl": "jsonl", "docx": "docx"}[kind]
    src, out = tmp / f"{kind}-{mb:g}.{ext}", tmp / f"{kind}-{mb:g}.out.{ext}"
    if kind == "jsonl":
        size = write_jsonl(src, mb)
    elif kind == "docx":
        size = write_docx(src, mb)
    else:
        size = write_text(src, mb, one_line=kind == "longline")
    flags = ["--jsonl"] if kind == "jsonl" else []
    peak, seconds, rc, err = peak_rss(mtfix_cmd("fix", *flags, str(src), "-o", str(out)), timeout)
    row = {
        "kind": kind,
        "mb": round(size / 2**20, 1),
        "file_mb": round(src.stat().st_size / 2**20, 1),
        "peak_rss_mb": round(peak / 2**20),
        "ratio": round(peak / size, 1),
        "seconds": round(seconds, 1),
        "returncode": rc,
    }
    if rc not in (0, 1):
        row["stderr"] = err
    src.unlink()
    out.unlink(missing_ok=True)
    print(
        f"{kind:<9}{row['mb']:>7} MB  peak {row['peak_rss_mb']:>6} MB  "
        f"ratio {row['ratio']:>5}x  {row['seconds']:>6}s  rc={rc}",
        file=sys.stderr,
    )
    if "stderr" in row:
        print(f"  {err.strip()}", file=sys.stderr)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--text-mb", default="10,50", help="plain-text sizes, comma-separated")
    ap.add_argument("--longline-mb", default="10", help="one-line sizes, comma-separated")
    ap.add_argument("--jsonl-mb", default="100", help="sizes of the one JSON Lines record")
    ap.add_argument("--docx-mb", default="60", help="sizes of document.xml")
    ap.add_argument("--only", action="append", choices=["text", "longline", "jsonl", "docx"])
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds per run")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("MTFIX_MAX_DOCUMENT_MB", "100000")  # measure, do not refuse
    sizes = {
        "text": args.text_mb,
        "longline": args.longline_mb,
        "jsonl": args.jsonl_mb,
        "docx": args.docx_mb,
    }
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="mtfix-memory-") as d:
        tmp = Path(d)
        (tmp / "one.txt").write_text("John · Rawls said.\n", encoding="utf-8")
        base, *_ = peak_rss(mtfix_cmd("fix", str(tmp / "one.txt")), args.timeout)
        print(f"base: {base / 2**20:.0f} MB", file=sys.stderr)
        for kind in args.only or list(sizes):
            for mb in (float(s) for s in sizes[kind].split(",") if s):
                rows.append(run_kind(tmp, kind, mb, args.timeout))
    if args.json:
        print(json.dumps({"base_mb": round(base / 2**20), "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
