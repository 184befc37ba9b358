"""Document formats through the CLI: check, fix and folders read Word and XLIFF as such."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtfix.cli import app
from mtfix.pipeline import Repairer
from mtfix.result import RepairResult

pytestmark = pytest.mark.usefixtures("marker_rules")

# The source-aware stages are tested elsewhere; here only the plumbing is.
NO_SOURCE_STAGES = ["--disable", "source", "--disable", "confidence", "--disable", "retranslate"]

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="zh-CN" target-language="en" datatype="plaintext" original="a.txt">
    <body>
      <trans-unit id="1">
        <source>美国电话电报公司的利润上升了。</source>
        <target>Profits at AT&amp;T rose.</target>
      </trans-unit>
      <trans-unit id="2">
        <source>腾讯公司今天宣布。</source>
        <target>Tencent Qzxv announced it today.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def make_docx(path: Path, *paragraphs: str) -> Path:
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    doc.save(str(path))
    return path


def test_check_xliff_reads_only_the_targets(runner: CliRunner, tmp_path: Path) -> None:
    pytest.importorskip("lxml")
    xlf = tmp_path / "a.xlf"
    xlf.write_text(XLIFF, encoding="utf-8")
    res = runner.invoke(app, ["check", str(xlf), *NO_SOURCE_STAGES])
    assert res.exit_code == 1, res.stderr
    # Only the marker in the second target: nothing about the Chinese <source>
    # (untranslated text) or the XML entity &amp; (a broken entity in plain text).
    assert res.stdout.splitlines() == [
        f"{xlf}:2:9: fix  warning rules.test_fix_marker: 'Qzxv' -> 'Fixed' (test marker)"
    ]
    assert "&amp" not in res.stdout and "untranslated" not in res.stdout
    plain = tmp_path / "a.txt"  # the same bytes read as plain text do have those problems
    plain.write_text(XLIFF, encoding="utf-8")
    res = runner.invoke(app, ["check", str(plain), *NO_SOURCE_STAGES])
    assert "&amp;" in res.stdout and "rules.untranslated" in res.stdout


def test_check_docx(runner: CliRunner, tmp_path: Path) -> None:
    doc = make_docx(tmp_path / "a.docx", "First paragraph.", "Second Qzxv here.")
    res = runner.invoke(app, ["check", str(doc)])
    assert res.exit_code == 1, res.stderr
    assert res.stdout.splitlines() == [
        f"{doc}:2:8: fix  warning rules.test_fix_marker: 'Qzxv' -> 'Fixed' (test marker)"
    ]
    clean = make_docx(tmp_path / "b.docx", "Nothing to see here.")
    res = runner.invoke(app, ["check", str(clean)])
    assert res.exit_code == 0, res.stderr
    assert res.stdout == ""


def test_check_folder_with_source_dir(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, str | None]] = []
    original = Repairer.repair

    def spy(self: Repairer, text: str, *, source: str | None = None) -> RepairResult:
        seen.append((text, source))
        return original(self, text, source=None)

    monkeypatch.setattr(Repairer, "repair", spy)
    en, zh = tmp_path / "en", tmp_path / "zh"
    (en / "sub").mkdir(parents=True)
    (zh / "sub").mkdir(parents=True)
    (en / "a.en.txt").write_text("Alpha Qzxv.", encoding="utf-8")
    (en / "sub" / "b.en.txt").write_text("Beta.", encoding="utf-8")
    (zh / "a.zh.txt").write_text("甲。", encoding="utf-8")
    (zh / "sub" / "b.txt").write_text("乙。", encoding="utf-8")
    res = runner.invoke(app, ["check", str(en), "--source-dir", str(zh)])
    assert res.exit_code == 1, res.stderr
    assert seen == [("Alpha Qzxv.", "甲。"), ("Beta.", "乙。")]
    assert res.stdout.startswith(f"{en / 'a.en.txt'}:1:7: fix  warning rules.test_fix_marker")
    (zh / "sub" / "b.txt").unlink()
    res = runner.invoke(app, ["check", str(en), "--source-dir", str(zh)])
    assert res.exit_code == 2
    assert f"{en / 'sub' / 'b.en.txt'}: no source in {zh / 'sub'}" in res.stderr
    assert "rules.test_fix_marker" in res.stdout  # the other document is still checked
    res = runner.invoke(app, ["check", str(en), "--source", str(zh / "a.zh.txt")])
    assert res.exit_code == 2 and "--source takes one input" in res.stderr


def test_docx_input_honours_the_output_format(runner: CliRunner, tmp_path: Path) -> None:
    doc = make_docx(tmp_path / "in.docx", "First paragraph.", "Second Qzxv here.")
    out = tmp_path / "out.txt"
    res = runner.invoke(app, ["fix", str(doc), "--format", "text", "-o", str(out)])
    assert res.exit_code == 0, res.stderr
    assert out.read_text(encoding="utf-8") == "First paragraph.\n\nSecond Fixed here."
    res = runner.invoke(app, ["fix", str(doc), "--format", "json"])
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["text"] == "First paragraph.\n\nSecond Fixed here."
    # Without --format, a Word document stays one, with the edit as a tracked change.
    res = runner.invoke(app, ["fix", str(doc), "-o", str(tmp_path / "out.docx")])
    assert res.exit_code == 0, res.stderr
    with zipfile.ZipFile(tmp_path / "out.docx") as zf:
        assert b"<w:ins " in zf.read("word/document.xml")
    # In a folder run the prose gets a .txt name.
    res = runner.invoke(app, ["fix", str(doc), "-f", "text", "--out-dir", str(tmp_path / "o")])
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "o" / "in.txt").read_text(encoding="utf-8").endswith("Second Fixed here.")


@pytest.mark.parametrize("folder", [False, True])
def test_empty_source_warns(runner: CliRunner, tmp_path: Path, folder: bool) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.en.txt").write_text("A Qzxv\n", encoding="utf-8")
    (src / "a.zh.txt").write_text(" \n", encoding="utf-8")
    out = tmp_path / "out"
    if folder:
        args = ["fix", str(src), "--out-dir", str(out)]
    else:
        args = ["fix", str(src / "a.en.txt"), "-o", str(out / "a.en.txt")]
        out.mkdir()
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.stderr
    assert f"warning: {src / 'a.en.txt'}: source {src / 'a.zh.txt'} is empty; ignoring it" in (
        res.stderr
    )
    assert (out / "a.en.txt").read_text(encoding="utf-8") == "A Fixed\n"


def test_folder_run_reads_each_file_once(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtfix.io import reading

    reads: list[str] = []
    real = reading.read_bytes

    def counting(path: str) -> bytes:
        reads.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(reading, "read_bytes", counting)
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.en.txt").write_text("A Qzxv\n", encoding="utf-8")
    (src / "a.zh.txt").write_text("甲\n", encoding="utf-8")
    (src / "b.txt").write_text("B Qzxv\n", encoding="utf-8")
    args = ["fix", str(src), "--out-dir", str(out), *NO_SOURCE_STAGES]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.stderr
    assert sorted(reads) == ["a.en.txt", "a.zh.txt", "b.txt"]

    # A re-run reads each file once more and skips both documents.
    reads.clear()
    res = runner.invoke(app, args)
    assert "2 skipped" in res.stderr
    assert sorted(reads) == ["a.en.txt", "a.zh.txt", "b.txt"]

    # Resuming goes by content: the same size and time, other bytes, is redone.
    b = src / "b.txt"
    stat = b.stat()
    b.write_text("B Qzxw\n", encoding="utf-8")
    os.utime(b, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    res = runner.invoke(app, args)
    assert "1 skipped" in res.stderr and "1 unchanged" in res.stderr
    assert (out / "b.txt").read_text(encoding="utf-8") == "B Qzxw\n"


def test_docx_in_place_and_a_docx_source(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str | None] = []
    original = Repairer.repair

    def spy(self: Repairer, text: str, *, source: str | None = None) -> RepairResult:
        seen.append(source)
        return original(self, text, source=None)

    monkeypatch.setattr(Repairer, "repair", spy)
    en = make_docx(tmp_path / "a.en.docx", "Alpha Qzxv.")
    make_docx(tmp_path / "a.zh.docx", "甲。", "乙。")
    before = en.read_bytes()
    res = runner.invoke(app, ["fix", "-i", str(en)])
    assert res.exit_code == 0, res.stderr
    assert seen == ["甲。\n\n乙。"]  # the Chinese Word document's prose
    assert (tmp_path / "a.en.docx.bak").read_bytes() == before
    with zipfile.ZipFile(en) as zf:
        assert b"<w:ins " in zf.read("word/document.xml")


XLIFF2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN" trgLang="en">
  <file id="f1">
    <unit id="u1">
      <segment state="final">
        <source>约翰·罗尔斯说。</source>
        <target>John · Rawls said so.</target>
      </segment>
    </unit>
    <unit id="u2">
      <segment id="s1"><source>腾讯宣布。</source><target>Tencent Qzxv said.</target></segment>
      <segment id="s2"><source>天气不好。</source><target>The Wqpk was bad.</target></segment>
    </unit>
  </file>
</xliff>
"""
NS2 = {"x": "urn:oasis:names:tc:xliff:document:2.0"}


def _xliff2_fix(runner: CliRunner, src: Path, out: Path, *options: str) -> bytes:
    res = runner.invoke(app, ["fix", str(src), "-o", str(out), *options, *NO_SOURCE_STAGES])
    assert res.exit_code == 0, res.stderr
    return out.read_bytes()


def test_xliff2_notes_segment_are_read_by_translate_toolkit(
    runner: CliRunner, tmp_path: Path
) -> None:
    """--xliff2-notes segment: translate-toolkit's Xliff2File sees mtfix's notes; the
    default keeps them on the unit (the XLIFF 2.0 schema's place), where it does not."""
    etree = pytest.importorskip("lxml.etree")
    xliff2 = pytest.importorskip("translate.storage.xliff2")
    src = tmp_path / "a.xlf"
    src.write_text(XLIFF2, encoding="utf-8")

    out = _xliff2_fix(runner, src, tmp_path / "seg.xlf", "--xliff2-notes", "segment")
    by_id = {u.getid(): u for u in xliff2.Xliff2File.parsestring(out).units}
    assert str(by_id["u1"].target) == "John Rawls said so."
    notes = by_id["u1"].getnotes(origin="mtfix")
    assert "clean.names.middledot" in notes and "John · Rawls" not in by_id["u1"].target
    assert "rules.test_fix_marker" in by_id["u2::s1"].getnotes()
    assert "rules.test_flag_marker" in by_id["u2::s2"].getnotes()
    root = etree.fromstring(out)
    assert root.findall("x:file/x:unit/x:notes", NS2) == []  # none left on the units
    # Only the text was changed and the notes and states inserted: the rest is the input.
    seg = root.find("x:file/x:unit[@id='u1']/x:segment", NS2)
    assert [etree.QName(c).localname for c in seg] == ["source", "target", "notes"]
    assert out.startswith(XLIFF2.encode()[: XLIFF2.index("<segment")])

    default = _xliff2_fix(runner, src, tmp_path / "unit.xlf")
    root = etree.fromstring(default)
    for unit in root.iterfind("x:file/x:unit", NS2):
        assert etree.QName(unit[0]).localname == "notes"  # first, as the schema wants
        assert unit.findall("x:segment/x:notes", NS2) == []
        assert {n.get("category") for n in unit[0]} == {"mtfix"}
    by_id = {u.getid(): u for u in xliff2.Xliff2File.parsestring(default).units}
    assert by_id["u1"].getnotes() == ""  # translate-toolkit reads only segment notes


@pytest.mark.parametrize("first", ["unit", "segment"])
def test_xliff2_notes_second_run_is_a_no_op(runner: CliRunner, tmp_path: Path, first: str) -> None:
    """A segment-mode run on mtfix's own output (either placement) notes nothing again."""
    pytest.importorskip("lxml")
    src = tmp_path / "a.xlf"
    src.write_text(XLIFF2, encoding="utf-8")
    once = _xliff2_fix(runner, src, tmp_path / "once.xlf", "--xliff2-notes", first)
    twice = _xliff2_fix(
        runner, tmp_path / "once.xlf", tmp_path / "twice.xlf", "--xliff2-notes", "segment"
    )
    assert twice == once


def test_xliff2_notes_take_part_in_the_manifest_key(runner: CliRunner, tmp_path: Path) -> None:
    """An output written with unit notes is redone when the run asks for segment notes."""
    pytest.importorskip("lxml")
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.xlf").write_text(XLIFF2, encoding="utf-8")
    (src / "b.txt").write_text("B Qzxv\n", encoding="utf-8")
    args = ["fix", str(src), "--out-dir", str(out), *NO_SOURCE_STAGES]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.stderr
    assert b"<segment state" in (out / "a.xlf").read_bytes()
    assert b"</target><notes>" not in (out / "a.xlf").read_bytes()

    res = runner.invoke(app, [*args, "--xliff2-notes", "segment"])
    assert res.exit_code == 0, res.stderr
    assert "1 skipped" in res.stderr  # the text file; the XLIFF file is redone
    assert b"</target><notes>" in (out / "a.xlf").read_bytes()

    res = runner.invoke(app, [*args, "--xliff2-notes", "segment"])
    assert "2 skipped" in res.stderr
    res = runner.invoke(app, args)  # back to the default: redone again
    assert "1 skipped" in res.stderr
    assert b"</target><notes>" not in (out / "a.xlf").read_bytes()
