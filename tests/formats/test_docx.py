"""Word output and input: tracked changes read back by an independent reader."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import pytest

docx = pytest.importorskip("docx")

from mtfix.edits import Edit, EditLedger  # noqa: E402
from mtfix.formats.errors import FormatError  # noqa: E402
from mtfix.formats.word import write_docx  # noqa: E402
from mtfix.formats.word_input import repair_docx  # noqa: E402
from mtfix.result import RepairResult  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DATE = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)


# -- an independent reader: zipfile + ElementTree ----------------------------------------


def read_view(path: Path | bytes, view: str) -> str:
    """The document text with all changes accepted, rejected, or all shown ("all")."""
    data = path if isinstance(path, bytes) else path.read_bytes()
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    keep = {"accept": {None, "ins"}, "reject": {None, "del"}, "all": {None, "ins", "del"}}[view]
    paragraphs: list[tuple[str, str | None]] = []
    for p in root.iter(f"{W}p"):
        out: list[str] = []

        def walk(el: Any, inside: str | None, out: list[str] = out) -> None:
            for c in el:
                if c.tag in (f"{W}ins", f"{W}del"):
                    walk(c, c.tag[len(W) :])
                elif c.tag in (f"{W}t", f"{W}delText"):
                    if inside in keep:
                        out.append(c.text or "")
                elif c.tag == f"{W}tab":
                    if inside in keep:
                        out.append("\t")
                elif c.tag != f"{W}pPr":
                    walk(c, inside)

        walk(p, None)
        mark = p.find(f"{W}pPr/{W}rPr")
        status = None
        if mark is not None and mark.find(f"{W}ins") is not None:
            status = "ins"
        if mark is not None and mark.find(f"{W}del") is not None:
            status = "del"
        paragraphs.append(("".join(out), status))
    text = ""
    for i, (t, status) in enumerate(paragraphs):
        text += t
        if i < len(paragraphs) - 1 and (status is None or status in keep):
            text += "\n"
    return text


def revisions(path: Path) -> list[ET.Element]:
    root = ET.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    return [el for el in root.iter() if el.tag in (f"{W}ins", f"{W}del")]


def comments(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        if "word/comments.xml" not in zf.namelist():
            return []
        root = ET.fromstring(zf.read("word/comments.xml"))
    return ["".join(t.text or "" for t in c.iter(f"{W}t")) for c in root.iter(f"{W}comment")]


def make_result(original: str, edits: list[Edit]) -> RepairResult:
    ledger = EditLedger(original)
    ledger.commit(edits)
    return RepairResult(original, ledger.text, ledger.edits, "test")


def edit(text: str, old: str, new: str, *, flag: bool = False, nth: int = 0) -> Edit:
    start = -1
    for _ in range(nth + 1):
        start = text.index(old, start + 1)
    return Edit(
        start,
        start + len(old),
        old,
        new,
        "clean",
        "clean.test",
        f"because {old!r}",
        status="flagged" if flag else "applied",
    )


# -- writing a result -------------------------------------------------------------------


def test_written_changes_accept_to_result_and_reject_to_original(tmp_path: Path) -> None:
    original = (
        "Ma Huateng and John · Rawls.\n\nThe industry.At & rdquo;x\n"
        "Line\twith a tab.\nJoined\nhere and split here.\n\n\ntrailing \n"
    )
    edits = [
        edit(original, " · ", " "),
        edit(original, ".At", ". At"),
        edit(original, " & rdquo;", "\u201d"),
        edit(original, "Joined\nhere", "Joined here"),  # deletes a paragraph mark
        edit(original, "split here", "split\nthere"),  # inserts one
        edit(original, "Ma Huateng", "Pony Ma", flag=True),
        edit(original, "", "x", flag=True),  # a point
    ]
    result = make_result(original, edits)
    out = tmp_path / "out.docx"
    write_docx(result, out, date=DATE)
    assert read_view(out, "accept") == result.text
    assert read_view(out, "reject") == original
    revs = revisions(out)
    assert revs and all(r.get(f"{W}author") == "mtfix" for r in revs)
    assert all(r.get(f"{W}date") == "2024-05-06T07:08:09Z" for r in revs)
    notes = comments(out)
    # ".At" and " & rdquo;" are one character apart: one tracked change, one comment.
    assert len(notes) == len(result.edits) - 1
    (both,) = [n for n in notes if "'.At'" in n]
    assert both.startswith("2 changes here:") and "because ' & rdquo;'" in both
    assert any(n.startswith("Check: clean.test") and "Pony Ma" in n for n in notes)
    doc = ET.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    for kind in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert len(list(doc.iter(f"{W}{kind}"))) == len(notes)


def test_flagged_only_is_comments_without_changes(tmp_path: Path) -> None:
    original = "Gaochun Capital invests."
    result = make_result(original, [edit(original, "Gaochun", "Hillhouse", flag=True)])
    out = tmp_path / "flag.docx"
    write_docx(result, out)
    assert revisions(out) == []
    assert read_view(out, "accept") == original
    assert len(comments(out)) == 1


def test_real_pipeline_result_round_trips(tmp_path: Path) -> None:
    import mtfix

    original = "John · Rawls believes.\n\nThe industry.At the end &mdash ok\n"
    result = mtfix.repair(original)
    assert result.changed
    out = tmp_path / "real.docx"
    write_docx(result, out)
    assert read_view(out, "accept") == result.text
    assert read_view(out, "reject") == original


SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed"


@pytest.mark.skipif(not SEED.is_dir(), reason="../shared/seed is not present")
def test_seed_round_trips_as_tracked_changes(tmp_path: Path) -> None:
    import mtfix

    for path in sorted(SEED.glob("*.txt")):
        original = path.read_text(encoding="utf-8")
        result = mtfix.repair(original)
        out = tmp_path / f"{path.stem}.docx"
        write_docx(result, out)
        assert read_view(out, "accept") == result.text
        assert read_view(out, "reject") == original
        # every edit's reason is in a comment: nearby applied ones share one change
        notes = "\n".join(comments(out))
        assert all(e.reason in notes for e in result.edits)
        assert len(comments(out)) <= len(result.edits)


# -- repairing a .docx ------------------------------------------------------------------


def formatted_docx(path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph("He said John ")
    p.add_run("· Rawls").bold = True
    p.add_run(" works in the industry.").italic = True
    p.add_run("At Robert").bold = True
    p.add_run(" Neuss and Gaochun & rdquo;")
    p.add_run("\tafter a tab.")
    d.add_paragraph("A clean paragraph.")
    d.add_table(rows=1, cols=1).cell(0, 0).text = "In a cell: Robert Neuss."
    d.save(str(path))


def test_repair_docx_tracks_changes_on_runs(tmp_path: Path, fake: Any) -> None:
    src, out = tmp_path / "in.docx", tmp_path / "out.docx"
    formatted_docx(src)
    result = repair_docx(src, out, repair=fake, date=DATE)
    # Tracked changes are as small as they can be: shared prefixes and suffixes stay.
    assert [(e.before, e.after) for e in result.applied] == [
        ("· ", ""),
        ("", " "),
        ("euss", "oyce"),
        ("& rdquo;", "\u201d"),
        ("euss", "oyce"),
    ]
    assert len(result.flagged) == 1
    paras = lambda text: [p for p in text.split("\n") if p]  # noqa: E731
    assert paras(read_view(out, "accept")) == paras(result.text)
    assert paras(read_view(out, "reject")) == paras(result.original)
    assert "He said John Rawls works in the industry. At Robert Noyce" in read_view(out, "accept")
    assert len(comments(out)) == len(result.edits)


def test_repair_docx_keeps_run_formatting(tmp_path: Path, fake: Any) -> None:
    src, out = tmp_path / "in.docx", tmp_path / "out.docx"
    formatted_docx(src)
    repair_docx(src, out, repair=fake)
    root = ET.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    first = next(root.iter(f"{W}p"))
    runs = []  # (text, bold, italic, revision) for every run of the first paragraph
    for parent in first.iter():
        for r in parent.findall(f"{W}r"):
            text = "".join(t.text or "" for t in r if t.tag in (f"{W}t", f"{W}delText"))
            rpr = r.find(f"{W}rPr")
            bold = rpr is not None and rpr.find(f"{W}b") is not None
            italic = rpr is not None and rpr.find(f"{W}i") is not None
            kind = parent.tag[len(W) :] if parent.tag in (f"{W}ins", f"{W}del") else ""
            runs.append((text, bold, italic, kind))
    # Text outside the edits keeps its formatting.
    assert ("Rawls", True, False, "") in runs
    assert (" works in the industry.", False, True, "") in runs
    # The deleted "·" was bold; the space after "industry." is inserted in italics.
    assert ("· ", True, False, "del") in runs
    assert (" ", False, True, "ins") in runs
    # "Robert" is bold, " Neuss" plain: "euss" → "oyce" stays plain.
    assert ("oyce", False, False, "ins") in runs
    assert ("At Robert", True, False, "") in runs


def test_repair_docx_with_the_real_pipeline(tmp_path: Path) -> None:
    src, out = tmp_path / "in.docx", tmp_path / "out.docx"
    formatted_docx(src)
    result = repair_docx(src, out)
    result.check()
    paras = lambda text: [p for p in text.split("\n") if p]  # noqa: E731
    assert paras(read_view(out, "accept")) == paras(result.text)
    assert paras(read_view(out, "reject")) == paras(result.original)
    assert "John Rawls" in read_view(out, "accept")


# -- hostile and broken input -----------------------------------------------------------


def _docx_with_document(tmp_path: Path, document_xml: bytes) -> Path:
    src = tmp_path / "base.docx"
    docx.Document().save(str(src))
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            data = document_xml if info.filename == "word/document.xml" else zin.read(info)
            zout.writestr(info, data)
    return bad


BODY = b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
OPEN = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'


@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        b'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY x "&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
        b'<!DOCTYPE w:document SYSTEM "http://example.invalid/x.dtd">',
    ],
)
def test_hostile_docx_is_refused(tmp_path: Path, doctype: bytes, fake: Any) -> None:
    bad = _docx_with_document(tmp_path, b'<?xml version="1.0"?>' + doctype + OPEN + BODY)
    out = tmp_path / "out.docx"
    with pytest.raises(FormatError, match="refused"):
        repair_docx(bad, out, repair=fake)
    assert not out.exists()


def test_not_a_docx(tmp_path: Path, fake: Any) -> None:
    text = tmp_path / "a.docx"
    text.write_text("plain text")
    with pytest.raises(FormatError, match="not a zip"):
        repair_docx(text, tmp_path / "o.docx", repair=fake)
    other = tmp_path / "b.docx"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(FormatError, match=r"not a \.docx"):
        repair_docx(other, tmp_path / "o.docx", repair=fake)


# -- LibreOffice, where installed -------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_output(tmp_path: Path) -> None:
    """LibreOffice's text export shows recorded changes: deletions and insertions both."""
    original = "John · Rawls said.\n\nThe industry.At noon.\nJoined\nhere."
    result = make_result(
        original,
        [
            edit(original, " · ", " "),
            edit(original, ".At", ". At"),
            edit(original, "Joined\nhere", "Joined here"),
        ],
    )
    out = tmp_path / "lo.docx"
    write_docx(result, out)
    home = tmp_path / "home"  # a private profile, so parallel runs do not clash
    cmd = ["soffice", f"-env:UserInstallation=file://{home}", "--headless", "--convert-to"]
    for fmt in ("txt:Text", "pdf"):
        subprocess.run(
            [*cmd, fmt, "--outdir", str(tmp_path), str(out)],
            check=True,
            timeout=180,
            capture_output=True,
        )
    shown = (tmp_path / "lo.txt").read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    assert shown.rstrip("\n") == read_view(out, "all")
    assert (tmp_path / "lo.pdf").read_bytes().startswith(b"%PDF")


# -- document properties, bounded changes, characters XML cannot hold -------------------


def core_properties(data: bytes) -> dict[str, str]:
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml"))
    return {el.tag.rsplit("}", 1)[-1]: el.text or "" for el in root}


def test_generated_document_properties() -> None:
    from mtfix.formats.word import docx_bytes

    result = make_result("# John · Rawls\n\nText.", [])
    props = core_properties(docx_bytes(result, date=DATE))
    assert props["creator"] == props["lastModifiedBy"] == "mtfix"
    assert props["created"] == props["modified"] == "2024-05-06T07:08:09Z"
    assert props["title"] == "John · Rawls"
    app = zipfile.ZipFile(io.BytesIO(docx_bytes(result))).read("docProps/app.xml")
    assert b"<Application>mtfix</Application>" in app and b"Macintosh" not in app
    now = dt.datetime.now(dt.UTC)
    created = dt.datetime.fromisoformat(core_properties(docx_bytes(result))["created"])
    assert abs((now - created).total_seconds()) < 120
    assert "python-docx" not in str(core_properties(docx_bytes(result)))


def test_cli_docx_is_titled_after_the_input(tmp_path: Path) -> None:
    import os
    import sys

    src = tmp_path / "wuzhen-report.en.txt"
    src.write_text("John · Rawls spoke.\n", encoding="utf-8")
    out = tmp_path / "out.docx"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    proc = subprocess.run(
        [sys.executable, "-m", "mtfix", "fix", str(src), "--format", "docx", "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    props = core_properties(out.read_bytes())
    assert props["title"] == "wuzhen-report.en"
    assert props["creator"] == "mtfix" and not props["created"].startswith("2013")


def test_a_paragraph_of_many_edits_has_bounded_changes(tmp_path: Path) -> None:
    """1,000 edits in one paragraph: at most MAX_PER_LINE tracked changes, nothing lost."""
    import mtfix
    from mtfix.formats.word import MAX_PER_LINE

    original = " ".join(f"Item {i} is John · Rawls.At" for i in range(500)) + "\nNext line.\n"
    result = mtfix.repair(original)
    assert len(result.applied) == 1000
    out = tmp_path / "many.docx"
    write_docx(result, out)
    assert read_view(out, "accept") == result.text
    assert read_view(out, "reject") == original
    root = ET.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    assert 1 < len(list(root.iter(f"{W}ins"))) <= MAX_PER_LINE
    notes = comments(out)
    assert len(notes) <= MAX_PER_LINE
    assert all("clean.names.middledot" in n and "clean.spacing.after_punct" in n for n in notes)


def test_characters_xml_cannot_hold(tmp_path: Path) -> None:
    """They become U+FFFD, with a warning; both views differ from the texts only there."""
    original = "Tab\there, VT\x0bFF\x0c ESC\x1b[0m and \ufffe: John · Rawls.\n"
    result = make_result(original, [edit(original, " · ", " ")])
    out = tmp_path / "ctl.docx"
    write_docx(result, out)
    fffd = str.maketrans({"\x0b": "\ufffd", "\x0c": "\ufffd", "\x1b": "\ufffd", "\ufffe": "\ufffd"})
    assert read_view(out, "reject") == original.translate(fffd)
    assert read_view(out, "accept") == result.text.translate(fffd)
    (warning,) = result.warnings
    assert "4 character(s)" in warning and "U+000B" in warning and "U+FFFD" in warning


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_many_changes_quickly(tmp_path: Path) -> None:
    """A paragraph of 1,000 edits took LibreOffice 36 s to convert; bounded, a few seconds."""
    import time

    import mtfix

    original = " ".join(f"Item {i} is John · Rawls.At" for i in range(500)) + "\n"
    out = tmp_path / "many.docx"
    write_docx(mtfix.repair(original), out)
    home = tmp_path / "home"
    started = time.perf_counter()
    cmd = ["soffice", f"-env:UserInstallation=file://{home}", "--headless", "--convert-to"]
    subprocess.run(
        [*cmd, "pdf", "--outdir", str(tmp_path), str(out)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    assert time.perf_counter() - started < 20
    assert (tmp_path / "many.pdf").read_bytes().startswith(b"%PDF")


def test_crlf_line_endings_are_paragraph_breaks(tmp_path: Path) -> None:
    """No carriage return is left in the text (LibreOffice shows one as an extra line)."""
    original = "John · Rawls said.\r\nSecond line.\r\nJoined\r\nhere.\r\n"
    result = make_result(
        original, [edit(original, " · ", " "), edit(original, "\r\nhere", " here")]
    )
    out = tmp_path / "crlf.docx"
    write_docx(result, out)
    assert b"&#13;" not in zipfile.ZipFile(out).read("word/document.xml")
    assert read_view(out, "reject") == original.replace("\r\n", "\n")
    assert read_view(out, "accept") == result.text.replace("\r\n", "\n")


def test_repair_docx_bounds_changes_per_run(tmp_path: Path) -> None:
    """1,000 edits in one run: nearby ones share a tracked change, at most MAX_PER_LINE."""
    import mtfix
    from mtfix.config import RepairConfig
    from mtfix.formats.word import MAX_PER_LINE

    src, out = tmp_path / "in.docx", tmp_path / "out.docx"
    d = docx.Document()
    d.add_paragraph(" ".join(f"Item {i} is John · Rawls.At" for i in range(500)))
    d.save(str(src))
    result = repair_docx(src, out, config=RepairConfig(stages=("clean", "rules")))
    assert len(result.applied) == 1000  # the result still lists every edit
    assert result.text == mtfix.repair(result.original).text
    assert read_view(out, "accept") == result.text.strip("\n")
    assert read_view(out, "reject") == result.original.strip("\n")
    root = ET.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    assert 1 < len(list(root.iter(f"{W}ins"))) <= MAX_PER_LINE
    notes = comments(out)
    assert len(notes) <= MAX_PER_LINE
    assert all("clean.names.middledot" in n and "clean.spacing.after_punct" in n for n in notes)


def test_cli_reports_characters_word_cannot_hold(tmp_path: Path) -> None:
    """The writer's warning reaches the user of `mtfix fix --format docx`."""
    src = tmp_path / "a.txt"
    src.write_text("John said \ufffe hello.\n", encoding="utf-8")
    out = tmp_path / "a.docx"
    res = subprocess.run(
        [sys.executable, "-m", "mtfix", "fix", str(src), "--format", "docx", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert "U+FFFE" in res.stderr and out.exists()


# -- zip bombs whose headers lie -------------------------------------------------------


def _understated(base: Path, inflated: int, declared: int) -> bytes:
    """A .docx whose document.xml inflates to ``inflated`` bytes but whose local and
    central headers declare ``declared`` (patched after zipfile wrote them)."""
    name = b"word/document.xml"
    body = OPEN + b"<w:body><w:p><w:r><w:t>" + b" " * inflated + b"</w:t></w:r></w:p></w:body>"
    buf = io.BytesIO()
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = body + b"</w:document>" if info.filename == name.decode() else zin.read(info)
            zout.writestr(info.filename, data)
    data = bytearray(buf.getvalue())
    # (signature, offset of the name length, of the name, of the uncompressed size)
    headers = ((b"PK\x03\x04", 26, 30, 22), (b"PK\x01\x02", 28, 46, 24))
    for sig, name_len, name_at, size_at in headers:
        pos, patched = 0, 0
        while (pos := data.find(sig, pos)) >= 0:
            n = int.from_bytes(data[pos + name_len : pos + name_len + 2], "little")
            if data[pos + name_at : pos + name_at + n] == name:
                data[pos + size_at : pos + size_at + 4] = declared.to_bytes(4, "little")
                patched += 1
            pos += 4
        assert patched == 1
    return bytes(data)


def test_a_header_that_understates_a_member_is_refused(tmp_path: Path, fake: Any) -> None:
    base = tmp_path / "base.docx"
    docx.Document().save(str(base))
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_understated(base, 20 * 2**20, 1000))
    info = zipfile.ZipFile(bomb).getinfo("word/document.xml")
    assert info.file_size == 1000 and info.compress_size > 1000  # the ratio looks harmless
    out = tmp_path / "out.docx"
    with pytest.raises(FormatError, match="more than the 1,000 bytes its header declares"):
        repair_docx(bomb, out, repair=fake)
    assert not out.exists()


def test_a_part_over_the_limit_is_refused(monkeypatch: Any) -> None:
    from mtfix.formats import word_input

    # The limits are read when the check runs (a test can lower them).
    monkeypatch.setattr(word_input, "MAX_PART_BYTES", 4 * 2**20)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", OPEN + b" " * (5 * 2**20) + b"</w:document>")
    with pytest.raises(FormatError, match="unpacks to too much data"):
        word_input.check_docx(buf.getvalue())


def test_cli_refuses_an_understated_docx(tmp_path: Path) -> None:
    base = tmp_path / "base.docx"
    docx.Document().save(str(base))
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_understated(base, 50 * 2**20, 4096))
    out = tmp_path / "out.docx"
    proc = subprocess.run(
        [sys.executable, "-m", "mtfix", "fix", str(bomb), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "bomb.docx" in proc.stderr and "its header declares" in proc.stderr
    assert not out.exists()
