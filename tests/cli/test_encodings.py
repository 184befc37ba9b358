"""Reading: BOMs, UTF-16, GB18030/GBK/Big5 detection, binary and unreadable files."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtfix.cli import app
from mtfix.io.reading import BinaryInputError, decode_bytes

SIMPLIFIED = "Ma Huateng (马化腾) was born in Shantou, Guangdong. “Qzxv” — 深圳市腾讯公司.\n"
TRADITIONAL = "國立臺灣大學 is in Taipei; the mayor (市長) spoke. Qzxv\n"


@pytest.mark.parametrize(
    ("text", "encoding", "prefix"),
    [
        (SIMPLIFIED, "utf-8", b""),
        (SIMPLIFIED, "utf-8", codecs.BOM_UTF8),
        (SIMPLIFIED, "utf-16-le", codecs.BOM_UTF16_LE),
        (SIMPLIFIED, "utf-16-be", codecs.BOM_UTF16_BE),
        (SIMPLIFIED, "utf-32-le", codecs.BOM_UTF32_LE),
        (SIMPLIFIED, "gb18030", b""),
        (SIMPLIFIED, "gbk", b""),
        ("The company 腾讯 announced results. Qzxv\n", "gb18030", b""),
        ("Price: 100元, 北京 office. Qzxv\n", "gbk", b""),
        ("“Quoted” — he said… Qzxv\n", "gbk", b""),
        (TRADITIONAL, "big5", b""),
        ("臺北市政府 announced 經濟 growth. Qzxv\n", "big5", b""),
        ("Pokémon café, naïve résumé. Qzxv\n", "cp1252", b""),
    ],
)
def test_decode(text: str, encoding: str, prefix: bytes) -> None:
    decoded = decode_bytes(prefix + text.encode(encoding))
    assert decoded.text == text
    assert decoded.bom == bool(prefix)


@pytest.mark.usefixtures("marker_rules")
@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("gb18030", b"")],
)
def test_fix_writes_utf8(runner: CliRunner, tmp_path: Path, encoding: str, prefix: bytes) -> None:
    src = tmp_path / "a.txt"
    src.write_bytes(prefix + SIMPLIFIED.encode(encoding))
    out = tmp_path / "o.txt"
    res = runner.invoke(app, ["fix", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.stderr
    assert out.read_bytes() == SIMPLIFIED.replace("Qzxv", "Fixed").encode("utf-8")


@pytest.mark.usefixtures("marker_rules")
def test_big5_in_place(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    original = TRADITIONAL.encode("big5")
    src.write_bytes(original)
    res = runner.invoke(app, ["fix", "--in-place", str(src)])
    assert res.exit_code == 0, res.stderr
    assert src.read_text(encoding="utf-8") == TRADITIONAL.replace("Qzxv", "Fixed")
    assert (tmp_path / "a.txt.bak").read_bytes() == original


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
        b"plain start\x00 then NUL",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
        bytes(range(1, 9)) * 20,
        os.urandom(4096).replace(b"\x00", b"\x01"),
    ],
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(BinaryInputError, match="looks like a binary file"):
        decode_bytes(data, "x.bin")


def test_binary_file_error_and_nothing_written(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "photo.txt"
    src.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    out = tmp_path / "o.txt"
    res = runner.invoke(app, ["fix", str(src), "-o", str(out)])
    assert res.exit_code == 2
    assert res.stderr.strip() == f"mtfix: error: {src}: looks like a binary file"
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [src]


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(app, ["fix", str(tmp_path / "nope.txt")])
    assert res.exit_code == 2
    assert res.stderr.strip() == f"mtfix: error: {tmp_path / 'nope.txt'}: no such file"
    assert res.stdout == ""


def test_directory_input(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(app, ["fix", str(tmp_path)])
    assert res.exit_code == 2
    assert "is a directory" in res.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "secret.txt"
    src.write_text("x", encoding="utf-8")
    src.chmod(0)
    res = runner.invoke(app, ["fix", str(src)])
    assert res.exit_code == 2
    assert "permission denied" in res.stderr


def test_path_through_a_file_is_unreadable(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    res = runner.invoke(app, ["fix", str(tmp_path / "f" / "child.txt")])
    assert res.exit_code == 2
    assert "cannot read" in res.stderr
