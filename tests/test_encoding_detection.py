"""Legacy encodings: English with Chinese punctuation, and UTF-8 with a few bad bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtfix.cli import app
from mtfix.io import decode_bytes

ENGLISH = (
    "The central bank left its benchmark rate unchanged on Thursday, saying that inflation "
    "had eased to two percent in October{mark} Economists had expected the decision.\n"
)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "big5"])
@pytest.mark.parametrize("mark", ["，", "；", "！", "（", "》", "。", "：“"])
def test_english_with_chinese_punctuation(tmp_path: Path, encoding: str, mark: str) -> None:
    text = ENGLISH.format(mark=mark)
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text and decoded.encoding in ("gb18030", "big5")
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    res = CliRunner().invoke(app, ["fix", str(path), "--disable", "clean", "--disable", "rules"])
    assert res.exit_code == 0 and res.stdout == text


def test_one_bad_byte_in_utf8_keeps_the_rest() -> None:
    text = "Zhang Wei said “we will win” — at the café in Shenzhen (深圳). " * 20
    data = text.encode("utf-8") + b"\x92 The end.\n"
    decoded = decode_bytes(data, "a.txt")
    assert decoded.encoding == "utf-8"
    assert decoded.text == text + "\ufffd The end.\n"
    assert decoded.warning is not None
    assert "a.txt: 1 byte(s) are not valid UTF-8" in decoded.warning
    assert f"at byte {len(text.encode('utf-8'))}" in decoded.warning


def test_a_legacy_file_is_still_a_legacy_file() -> None:
    text = "Pokémon café, naïve résumé and a price of 5 €, said Zoë in Köln.\n"
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text and decoded.warning is None


def test_the_cli_says_when_bytes_were_replaced(tmp_path: Path) -> None:
    """UTF-8 with one bad byte is read as UTF-8, and the user is told."""
    path = tmp_path / "a.txt"
    text = "Zhang Wei said “we will win” — at the café in Shenzhen (深圳). " * 20
    path.write_bytes(text.encode("utf-8") + b"\x92 The end.\n")
    res = CliRunner().invoke(app, ["fix", str(path), "-o", str(tmp_path / "out.txt")])
    assert res.exit_code == 0, res.stderr
    assert "warning" in res.stderr and "\ufffd" in (tmp_path / "out.txt").read_text("utf-8")
