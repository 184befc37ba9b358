"""Glossaries that could spoof, corrupt or hang a repair are refused at load, by line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtfix.cli import app
from mtfix.rules.glossary import Glossary, GlossaryError

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "The sociologist Max Veber wrote about the Protestant ethic.\n"


def check(path: Path) -> tuple[int, str]:
    res = CliRunner().invoke(app, ["glossary", "check", str(path)])
    return res.exit_code, res.output


def fix_with(glossary: Path, article: Path) -> tuple[int, str]:
    res = CliRunner().invoke(app, ["fix", str(article), "-g", str(glossary)])
    return res.exit_code, res.output + (res.stderr or "")


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        (
            "replacement",
            "Max \\u202eWeber",
            "bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE)",
        ),
        ("replacement", "Max \\u2066Weber\\u2069", "bidirectional control U+2066"),
        ("pattern", "Max\\u200fVeber", "bidirectional control U+200F"),
        ("replacement", "Max\\u0007Weber", "control character U+0007"),
        ("replacement", "Max\\u0000Weber", "control character U+0000"),
        ("zh", "马克斯\\u202e韦伯", "bidirectional control U+202E"),
        ("context", "sociolog\\u0008*", "control character U+0008"),
    ],
)
def test_controls_in_entries_are_refused_with_their_line(
    tmp_path: Path, article: Path, field: str, value: str, needle: str
) -> None:
    fields = {"pattern": "Max Veber", "replacement": "Max Weber", field: value}
    body = "\n".join(f'{k} = "{v}"' for k, v in fields.items())
    path = tmp_path / "g.toml"
    path.write_text(f'[[entry]]\npattern = "ok"\nreplacement = "fine"\n\n[[entry]]\n{body}\n')
    code, out = check(path)
    assert code == 1 and f"{path}:5: error: '{field}' holds a {needle}" in out
    code, out = fix_with(path, article)
    assert code == 2 and "cannot load the configuration" in out and needle in out
    assert "Traceback" not in out


def test_a_control_character_in_a_csv_replacement_is_refused(tmp_path: Path, article: Path) -> None:
    """'Max\\x1fWeber' passed the check; the clean-up then made 'MaxWeber' of it."""
    path = tmp_path / "g.csv"
    path.write_text("pattern,replacement\nMax Veber,Max\x1fWeber\n", encoding="utf-8")
    code, out = check(path)
    assert code == 1 and f"{path}:2: error: 'replacement' holds a control character U+001F" in out
    code, out = fix_with(path, article)
    assert code == 2 and "MaxWeber" not in out


def test_names_with_bidi_controls_are_refused() -> None:
    with pytest.raises(GlossaryError, match=r"bidirectional control U\+202E"):
        Glossary().add_names({"马克斯·韦伯": "Max \u202eWeber"})
    assert Glossary().add_names({"马克斯·韦伯": "Max Weber"}).names() == {
        "马克斯·韦伯": "Max Weber"
    }


@pytest.mark.parametrize(
    "body",
    [
        "x = " + "[" * 5000 + "]" * 5000,
        "x = " + "{a = " * 3000 + "1" + "}" * 3000,
        '[[entry]]\npattern = "a"\nreplacement = "b"\nnote = ' + "[" * 5000 + "]" * 5000,
    ],
    ids=["arrays", "tables", "in-an-entry"],
)
def test_deeply_nested_toml_is_a_clear_error(tmp_path: Path, article: Path, body: str) -> None:
    path = tmp_path / "g.toml"
    path.write_text(body + "\n", encoding="utf-8")
    code, out = check(path)
    assert code == 1 and "nested too deeply" in out, out
    code, out = fix_with(path, article)
    assert code == 2 and "nested too deeply" in out and "Traceback" not in out


def test_a_bad_back_reference_is_refused_at_load(tmp_path: Path, article: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("pattern,replacement,regex\nMax (V)eber,Max \\9eber,true\n", encoding="utf-8")
    code, out = check(path)
    assert code == 1 and f"{path}:2: error: bad replacement" in out
    assert "invalid group reference 9" in out
    code, out = fix_with(path, article)
    assert code == 2 and "invalid group reference 9" in out


def test_a_named_back_reference_still_loads(tmp_path: Path, article: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(
        "pattern,replacement,regex\nMax (?P<w>V)eber,Max W\\g<0>,true\n", encoding="utf-8"
    )
    assert check(path) == (0, f"{path}: ok\n")
    code, out = fix_with(path, article)
    assert code == 0 and "Max WMax Veber" in out


def test_a_catastrophic_regex_is_refused_at_load(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("pattern,replacement,regex\n(a|aa)+$,b,true\n", encoding="utf-8")
    code, out = check(path)
    assert code == 1 and f"{path}:2: error: regex '(a|aa)+$' backtracks catastrophically" in out


def test_a_slow_regex_is_stopped_and_reported(tmp_path: Path) -> None:
    """One the load-time probes miss: it is stopped after a second, with a warning."""
    glossary = tmp_path / "g.csv"
    glossary.write_text("pattern,replacement,regex\n(ab|a|b)+$,x,true\n", encoding="utf-8")
    assert check(glossary)[0] == 0
    article = tmp_path / "a.txt"
    article.write_text("ab" * 40 + "!\nThe market.The end.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "mtfix", "fix", str(article), "-g", str(glossary)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ab" * 40 + "!\nThe market. The end.\n"
    assert "ran over 1 s on this text and was skipped" in done.stderr
