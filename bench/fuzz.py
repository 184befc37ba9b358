"""Coverage-guided fuzzing of the clean and rule layers with atheris.

    pip install atheris
    python bench/fuzz.py -atheris_runs=20000 -max_total_time=60

Each input becomes text (UTF-8 with ``surrogateescape``, so lone surrogates
come through, or UTF-16 code units), mixed with pieces of MT damage, and is
repaired with the ``clean`` and ``rules`` stages.  The same invariants as
tests/robustness are checked: no exception, edits reproduce the output and
only change their own spans, and a second repair changes nothing (set
``MTFIX_FUZZ_IDEMPOTENCE=0`` to skip that check while known cases are open).
``MTFIX_FUZZ_WINDOW=40`` sends every input over 40 characters through the
long-line windows (:mod:`mtfix.windows`) with windows and context of that size.
A failure stops the run, prints the input and writes ``crash-*`` under
``-artifact_prefix`` (default: the system's temp folder).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["mtfix"]):
    import mtfix
    from mtfix import registry
    from mtfix.config import RepairConfig
    from mtfix.edits import apply_edits

    registry.fixers()  # imports the fixer modules, so they are instrumented too
    CONFIG = RepairConfig(stages=("clean", "rules"))
    REPAIRER = mtfix.Repairer(CONFIG)
CHECK_IDEMPOTENCE = os.environ.get("MTFIX_FUZZ_IDEMPOTENCE", "1") != "0"
if os.environ.get("MTFIX_FUZZ_WINDOW"):  # long-line windows of this many characters
    from mtfix import windows

    size = int(os.environ["MTFIX_FUZZ_WINDOW"])
    windows.MAX_LINE_CHARS = windows.WINDOW_CHARS = windows.CONTEXT_CHARS = size
DAMAGE = [
    "& rdquo;",
    "&mdash",
    "&amp;rsquo;",
    " · ",
    "·",
    "——",
    "，",
    "。",
    ".At",
    ". .",
    "U.S.",
    "0.2",
    "Tonys",
    "Gaochun Capital",
    "“",
    "”",
    "\udc80",
    "\r\n",
    "\x00",
]


def make_text(data: bytes) -> str:
    fdp = atheris.FuzzedDataProvider(data)
    mode = fdp.ConsumeIntInRange(0, 2)
    pieces: list[str] = []
    while fdp.remaining_bytes():
        if fdp.ConsumeBool():
            pieces.append(DAMAGE[fdp.ConsumeIntInRange(0, len(DAMAGE) - 1)])
        elif mode == 0:
            pieces.append(fdp.ConsumeBytes(8).decode("utf-8", "surrogateescape"))
        elif mode == 1:
            pieces.append(fdp.ConsumeUnicode(8))  # may hold surrogates
        else:
            pieces.append(fdp.ConsumeUnicodeNoSurrogates(8))
    return "".join(pieces)


def check(text: str) -> None:
    result = REPAIRER.repair(text)
    pos = out = 0
    for e in sorted(result.applied, key=lambda e: (e.start, e.end)):
        assert e.start >= pos, f"overlapping edits at {e.start}"
        assert text[e.start : e.end] == e.before, f"{e.rule}: wrong 'before'"
        gap = text[pos : e.start]
        assert result.text[out : out + len(gap)] == gap, f"text outside edits changed ({e.rule})"
        out += len(gap) + len(e.after)
        pos = e.end
    assert result.text[out:] == text[pos:], "text after the last edit changed"
    assert apply_edits(text, result.edits) == result.text
    if CHECK_IDEMPOTENCE:
        again = REPAIRER.repair(result.text)
        rules = sorted({e.rule for e in again.applied})
        assert again.text == result.text, f"not idempotent: {text!r} (second pass: {rules})"


def test_one_input(data: bytes) -> None:
    check(make_text(data))


def main() -> None:
    argv = list(sys.argv)
    if not any(a.startswith("-artifact_prefix=") for a in argv):
        argv.append(f"-artifact_prefix={tempfile.gettempdir()}/mtfix-fuzz-")
    if not any(a.startswith(("-atheris_runs=", "-runs=", "-max_total_time=")) for a in argv):
        argv.append("-max_total_time=60")
    if not any(a.startswith("-max_len=") for a in argv):
        argv.append("-max_len=512")
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
