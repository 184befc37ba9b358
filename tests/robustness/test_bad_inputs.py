"""Bad inputs through the CLI: a clear message, a non-zero exit, nothing overwritten."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mtfix
from mtfix.cli import app

TEXT = "John · Rawls said the economy grew——fast，and the market.The end.\n"
KEEP = b"an earlier output that must survive\n"


def fix(*args: str | Path) -> tuple[int, str, str]:
    res = CliRunner().invoke(app, ["fix", *map(str, args)])
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture
def target(tmp_path: Path) -> Path:
    out = tmp_path / "out.txt"
    out.write_bytes(KEEP)
    return out


def test_binary_file(tmp_path: Path, target: Path) -> None:
    src = tmp_path / "image.txt"
    src.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, _, err = fix(src, "-o", target)
    assert code == 2 and "looks like a binary file" in err
    assert target.read_bytes() == KEEP


def test_truncated_utf8(tmp_path: Path, target: Path) -> None:
    src = tmp_path / "cut.txt"
    src.write_bytes(("Der Bürgermeister sagte, die Straße sei zu. " * 3 + "Ende ö").encode()[:-1])
    code, _, err = fix(src, "-o", target)
    assert code == 2 and "UTF-8" in err
    assert target.read_bytes() == KEEP


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-16-be-bom", "utf-8-sig"])
def test_chinese_and_utf16_encodings_decode(tmp_path: Path, encoding: str) -> None:
    text = "据报道，" + TEXT if encoding.startswith("gb") else TEXT
    src = tmp_path / "in.txt"
    if encoding == "utf-16-be-bom":
        src.write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    else:
        src.write_bytes(text.encode(encoding))
    code, out, err = fix(src)
    assert code == 0, err
    assert out == mtfix.repair(text).text
    assert "John Rawls" in out


def test_big5(tmp_path: Path) -> None:
    text = "據報導，台灣經濟成長。" + TEXT
    src = tmp_path / "in.txt"
    src.write_bytes(text.encode("big5"))
    code, out, err = fix(src)
    assert code == 0, err
    assert out == mtfix.repair(text).text


def test_utf16_without_bom(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(TEXT.encode("utf-16-le"))
    code, out, _ = fix(src)
    assert code == 0 and out == mtfix.repair(TEXT).text


def test_empty_file(tmp_path: Path) -> None:
    src = tmp_path / "empty.txt"
    src.write_bytes(b"")
    out = tmp_path / "o.txt"
    code, _, err = fix(src, "-o", out)
    assert code == 0 and "empty file" in err
    assert out.read_bytes() == b""


def test_a_long_single_line(tmp_path: Path) -> None:
    text = ("The economy grew 0.2 percent, and John · Rawls said so.The end " * 3000).strip()
    src = tmp_path / "long.txt"
    src.write_text(text, encoding="utf-8")  # ~190 KB, no newline (the bench does 100 MB)
    out = tmp_path / "o.txt"
    code, _, err = fix(src, "-o", out)
    assert code == 0, err
    assert out.read_text(encoding="utf-8") == mtfix.repair(text).text


def test_documents_over_the_size_limit(
    tmp_path: Path, target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MTFIX_MAX_DOCUMENT_MB", "0.001")  # 1,049 bytes
    src = tmp_path / "big.txt"
    src.write_text(TEXT * 30, encoding="utf-8")
    code, _, err = fix(src, "-o", target)
    assert code == 2 and "over the 0.001 MB limit for one document" in err
    assert "MTFIX_MAX_DOCUMENT_MB" in err and target.read_bytes() == KEEP

    res = CliRunner().invoke(app, ["fix", "-"], input=TEXT * 30)
    assert res.exit_code == 2 and "<stdin>: over the 0.001 MB limit" in res.stderr

    # In a folder and in JSON Lines only the large document fails.
    (tmp_path / "dir").mkdir()
    src.rename(tmp_path / "dir" / "big.txt")
    (tmp_path / "dir" / "small.txt").write_text(TEXT, encoding="utf-8")
    code, _, err = fix(tmp_path / "dir", "--out-dir", tmp_path / "out", "--jobs", "2")
    assert code == 2 and "big.txt: 0.00" in err and "1 fixed" in err
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate([TEXT, TEXT * 30, TEXT])]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = fix("--jsonl", tmp_path / "in.jsonl", "-o", "-")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 2 and "line 2: the record is over the 0.001 MB limit" in err
    assert [r.get("id") for r in records] == [0, None, 2]
    assert records[0]["text"] == records[2]["text"] == mtfix.repair(TEXT).text

    monkeypatch.setenv("MTFIX_MAX_DOCUMENT_MB", "lots")
    small, records = tmp_path / "dir" / "small.txt", tmp_path / "in.jsonl"
    for args in ([small, "-o", target], ["--jsonl", records]):
        code, _, err = fix(*args)
        assert code == 2 and "MTFIX_MAX_DOCUMENT_MB='lots': expected a positive number" in err
    assert target.read_bytes() == KEEP


@pytest.mark.parametrize("limit", ["inf", "1e400", "-inf", "nan"])
def test_an_infinite_size_limit_is_a_clear_error(
    tmp_path: Path, target: Path, monkeypatch: pytest.MonkeyPatch, limit: str
) -> None:
    monkeypatch.setenv("MTFIX_MAX_DOCUMENT_MB", limit)
    src = tmp_path / "small.txt"
    src.write_text(TEXT, encoding="utf-8")
    records = tmp_path / "in.jsonl"
    records.write_text(json.dumps({"text": TEXT}) + "\n", encoding="utf-8")
    for args in ([src, "-o", target], ["--jsonl", records], ["-"]):
        code, _, err = fix(*args)
        assert code == 2 and f"MTFIX_MAX_DOCUMENT_MB={limit!r}: expected a positive number" in err
        assert "Traceback" not in err
    assert target.read_bytes() == KEEP


def test_unreadable_paths(tmp_path: Path, target: Path) -> None:
    code, _, err = fix(tmp_path / "missing.txt", "-o", target)
    assert code == 2 and "no such file" in err
    assert target.read_bytes() == KEEP
    code, _, err = fix(tmp_path)  # a folder without --out-dir
    assert code == 2 and "is a directory" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_permission_denied(tmp_path: Path, target: Path) -> None:
    src = tmp_path / "secret.txt"
    src.write_text(TEXT, encoding="utf-8")
    src.chmod(0)
    try:
        code, _, err = fix(src, "-o", target)
    finally:
        src.chmod(0o600)
    assert code == 2 and "permission denied" in err
    assert target.read_bytes() == KEEP


def test_malformed_glossary(tmp_path: Path, target: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text(TEXT, encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[term]\nfoo = ", encoding="utf-8")
    code, _, err = fix(src, "-g", bad, "-o", target)
    assert code == 2 and "bad.toml" in err and "glossary check" in err
    assert target.read_bytes() == KEEP


BAD_DOCUMENTS = {
    "truncated.xlf": b"<xliff version='1.2'><file><body><trans-unit id='1'><source>a",
    "bomb.xlf": (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b'<xliff version="1.2"><file><body><trans-unit id="1"><source>a</source>'
        b"<target>&b;</target></trans-unit></body></file></xliff>"
    ),
    "notzip.docx": b"PK\x03\x04 this is no zip archive",
    "empty.docx": b"",
}


@pytest.mark.parametrize("name", sorted(BAD_DOCUMENTS))
def test_malformed_documents(tmp_path: Path, name: str) -> None:
    pytest.importorskip("lxml")
    pytest.importorskip("docx")
    src = tmp_path / name
    src.write_bytes(BAD_DOCUMENTS[name])
    out = tmp_path / f"out{src.suffix}"
    out.write_bytes(KEEP)
    code, _, err = fix(src, "-o", out)
    assert code == 2 and name in err, err
    assert out.read_bytes() == KEEP
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, out.name])


def test_a_folder_of_bad_inputs_goes_on(tmp_path: Path) -> None:
    pytest.importorskip("lxml")
    pytest.importorskip("docx")
    src = tmp_path / "in"
    src.mkdir()
    for name, data in BAD_DOCUMENTS.items():
        (src / name).write_bytes(data)
    (src / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (src / "good.txt").write_text(TEXT, encoding="utf-8")
    (src / "gbk.txt").write_bytes(("据报道，" + TEXT).encode("gbk"))
    out = tmp_path / "out"
    code, _, err = fix(src, "--out-dir", out, "--jobs", "2")
    assert code == 2
    for name in [*BAD_DOCUMENTS, "binary.txt"]:
        assert f"{src / name}" in err
    assert "2 fixed" in err and f"{len(BAD_DOCUMENTS) + 1} failed" in err
    written = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert written == ["gbk.txt", "good.txt"]
    assert (out / "good.txt").read_text(encoding="utf-8") == mtfix.repair(TEXT).text
