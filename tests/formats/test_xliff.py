"""XLIFF 1.2 and 2.1: repaired targets, notes, states; the rest preserved; hostile XML refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

etree = pytest.importorskip("lxml.etree")

from mtfix.formats.errors import FormatError  # noqa: E402
from mtfix.formats.xliff import NotesIn, repair_xliff  # noqa: E402

DATA = Path(__file__).parent / "data"
NS12 = {"x": "urn:oasis:names:tc:xliff:document:1.2", "foo": "urn:foo"}
NS2 = {"x": "urn:oasis:names:tc:xliff:document:2.0", "e": "urn:example:ext"}


def units(data: bytes, xpath: str, ns: dict[str, str]) -> dict[str, Any]:
    root = etree.fromstring(data)
    return {u.get("id"): u for u in root.iterfind(xpath, ns)}


def c14n(el: Any) -> bytes:
    return etree.tostring(el, method="c14n")


def test_xliff_12(fake: Any) -> None:
    data = (DATA / "sample-1.2.xlf").read_bytes()
    out = repair_xliff(data, repair=fake)
    assert out.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    before = units(data, ".//x:trans-unit", NS12)
    after = units(out, ".//x:trans-unit", NS12)
    # Unit 1: text repaired around the inline <g> and <x/>, which stay.
    t1 = after["1"].find("x:target", NS12)
    assert etree.tostring(t1, encoding="unicode", with_tail=False).endswith(
        'John Rawls believes in the industry. At <g id="1">Robert </g><x id="2"/>Noyce</target>'
    )
    assert t1.get("state") == "translated"  # nothing flagged: the state is kept
    notes = after["1"].findall("x:note", NS12)
    assert notes and all(n.get("from") == "mtfix" for n in notes)
    assert any("Noyce" in n.text for n in notes)
    assert after["1"].get("{urn:foo}bar") == "keep"
    assert after["1"].find("foo:ext", NS12).text == "unknown"
    # Unit 3 was re-translated.
    t3 = after["3"].find("x:target", NS12)
    assert t3.text == "The weather was poor."
    assert t3.get("state") == "needs-review-translation"
    assert t3.get("state-qualifier") == "mt-suggestion"
    # Unit 4: flagged only; <ph> kept, editor's note kept, state lowered.
    t4 = after["4"].find("x:target", NS12)
    assert c14n(t4) == c14n(before["4"].find("x:target", NS12)).replace(
        b'state="final"', b'state="needs-review-translation"'
    )
    assert [n.get("from") for n in after["4"].findall("x:note", NS12)] == ["editor", "mtfix"]
    assert "Danzhou" in after["4"].findall("x:note", NS12)[1].text
    # Unit 2 is untouched, byte for byte.
    assert c14n(after["2"]) == c14n(before["2"])
    assert b"<target>Clean text stays.</target>" in out


def test_xliff_21(fake: Any) -> None:
    data = (DATA / "sample-2.1.xlf").read_bytes()
    out = repair_xliff(data, repair=fake)
    before = units(data, ".//x:unit", NS2)
    after = units(out, ".//x:unit", NS2)
    seg = after["u1"].find("x:segment", NS2)
    target = seg.find("x:target", NS2)
    assert etree.tostring(target, encoding="unicode", with_tail=False).endswith(
        'John Rawls said <pc id="1">the industry. At</pc> &amp;mdash ok</target>'
    )
    # An applied edit lowers "final" (the text is no longer what was approved); nothing flagged.
    assert seg.get("state") == "translated" and seg.get("subState") is None
    notes = after["u1"].find("x:notes", NS2)
    assert list(after["u1"]).index(notes) == 0
    assert {n.get("category") for n in notes} == {"mtfix"}
    # u3: segment 1 flagged, segment 2 re-translated.
    s1, s2 = after["u3"].findall("x:segment", NS2)
    assert s1.find("x:target", NS2).text == "Gaochun Capital invests."
    assert (s1.get("state"), s1.get("subState")) == ("translated", "mtfix:needs-review")
    assert s2.find("x:target", NS2).text == "The weather was poor."
    assert (s2.get("state"), s2.get("subState")) == ("translated", "mtfix:mt-suggestion")
    # u2 and its unknown element and attribute are preserved.
    assert c14n(after["u2"]) == c14n(before["u2"])


def test_unchanged_file_is_returned_as_is(fake: Any) -> None:
    data = b"<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'><file " + (
        b"source-language='en'><body><trans-unit id='1'><source>a</source>"
        b"<target>Fine text.</target></trans-unit></body></file></xliff>"
    )
    assert repair_xliff(data, repair=fake) == data


def test_real_pipeline() -> None:
    from mtfix.config import RepairConfig

    # The source stages are other tests' business; clean and rules are enough here.
    config = RepairConfig(stages=("clean", "rules"))
    out = repair_xliff((DATA / "sample-1.2.xlf").read_bytes(), config=config)
    assert b"John Rawls believes" in out
    assert b'<g id="1">' in out and b'<x id="2"/>' in out


def test_malformed_xliff_names_the_line(fake: Any) -> None:
    data = b'<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n<body></file>\n</xliff>'
    with pytest.raises(FormatError, match="line 4") as info:
        repair_xliff(data, repair=fake)
    assert info.value.line == 4


def test_not_xliff(fake: Any) -> None:
    with pytest.raises(FormatError, match="not XLIFF"):
        repair_xliff(b"<html><body/></html>", repair=fake)


@pytest.mark.parametrize(
    "prolog",
    [
        # billion laughs
        '<!DOCTYPE xliff [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x "&c;&c;&c;&c;&c;&c;&c;&c;">]>',
        # external entity naming a local file
        '<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        # parameter entity pulling an external DTD
        '<!DOCTYPE xliff [<!ENTITY % p SYSTEM "http://example.invalid/e.dtd"> %p;]>',
    ],
)
def test_hostile_xliff_is_refused(prolog: str, fake: Any) -> None:
    data = (
        f'<?xml version="1.0"?>{prolog}'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
        'source-language="en"><body><trans-unit id="1"><source>a</source>'
        "<target>&x;</target></trans-unit></body></file></xliff>"
    ).encode()
    with pytest.raises(FormatError, match="refused"):
        repair_xliff(data, repair=fake)


def test_units_are_one_article_for_consistency() -> None:
    """Two renderings of one product in two units are unified, as in a plain-text article."""
    from mtfix.config import RepairConfig

    def unit(n: int, target: str) -> str:
        return f"<trans-unit id='{n}'><source>x</source><target>{target}</target></trans-unit>"

    data = (
        "<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'>"
        "<file source-language='en' target-language='en'><body>"
        + unit(1, "Tencent Vision screens medical images.")
        + unit(2, "")
        + unit(3, "Hospitals say Tencent's Shadow speeds up diagnosis.")
        + "</body></file></xliff>"
    ).encode()
    out = repair_xliff(data, config=RepairConfig(stages=("clean", "rules")))
    after = units(out, ".//x:trans-unit", NS12)
    assert after["1"].find("x:target", NS12).text == "Tencent Miying screens medical images."
    assert after["3"].find("x:target", NS12).text == (
        "Hospitals say Tencent Miying speeds up diagnosis."
    )
    assert after["2"].find("x:target", NS12).text is None
    for n in ("1", "3"):
        (note,) = after[n].findall("x:note", NS12)
        assert "rendered 2 ways in this article" in note.text


@pytest.mark.parametrize("name", ["sample-1.2.xlf", "sample-2.1.xlf"])
def test_second_run_is_a_no_op(name: str, fake: Any) -> None:
    """Flags already noted are not noted again; the second run returns its input as is."""
    once = repair_xliff((DATA / name).read_bytes(), repair=fake)
    twice = repair_xliff(once, repair=fake)
    assert twice == once
    assert once.count(b"Danzhou") + once.count(b"Hillhouse") == 1


def test_second_run_notes_only_what_is_new(fake: Any) -> None:
    data = (DATA / "sample-1.2.xlf").read_bytes()
    once = repair_xliff(data, repair=fake)
    # An editor sets the flagged unit to final, and a new problem appears in it.
    edited = once.replace(b'state="needs-review-translation">Zhangzhou', b'state="final">Zhangzhou')
    edited = edited.replace(b"warm<ph", b"warm in Gaochun<ph")
    after = units(repair_xliff(edited, repair=fake), ".//x:trans-unit", NS12)
    notes = [n.text for n in after["4"].findall("x:note", NS12)]
    assert sum("Zhangzhou" in n for n in notes) == 1
    assert sum("Gaochun" in n for n in notes) == 1
    assert after["4"].find("x:target", NS12).get("state") == "needs-review-translation"


PROTECTED_12 = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
    b'source-language="zh" target-language="en"><body><trans-unit id="1"><source>x</source>'
    b'<target>Ask <mrk mtype="protected">Robert \xc2\xb7 Neuss of Gaochun</mrk> today.</target>'
    b"</trans-unit></body></file></xliff>\n"
)
PROTECTED_2 = (
    b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="zh" '
    b'trgLang="en"><file id="f"><unit id="u"><segment state="final"><source>x</source>'
    b'<target>Ask <pc id="1" translate="no">Robert \xc2\xb7 Neuss</pc> and '
    b'<mrk id="m" translate="no">Gaochun</mrk> today.</target></segment></unit></file></xliff>'
)


@pytest.mark.parametrize("data", [PROTECTED_12, PROTECTED_2], ids=["1.2", "2.1"])
def test_protected_text_is_neither_edited_nor_flagged(data: bytes, fake: Any) -> None:
    assert repair_xliff(data, repair=fake) == data


def test_protected_text_does_not_stop_edits_beside_it(fake: Any) -> None:
    data = PROTECTED_12.replace(b"Ask ", b"Ask John \xc2\xb7 Rawls and ")
    out = repair_xliff(data, repair=fake)
    assert b"Ask John Rawls and <mrk" in out
    assert b"Robert \xc2\xb7 Neuss of Gaochun</mrk>" in out
    assert out.count(b'from="mtfix"') == 1


def test_applied_edit_lowers_an_approved_state(fake: Any) -> None:
    """2.x: reviewed/final text that mtfix changed is no longer what was approved."""
    data = (
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" '
        b'trgLang="en"><file id="f"><unit id="u"><segment id="a" state="reviewed"><source>x'
        b'</source><target>John \xc2\xb7 Rawls.</target></segment><segment id="b" '
        b'state="final"><source>y</source><target>Clean.</target></segment></unit></file></xliff>'
    )
    after = units(repair_xliff(data, repair=fake), ".//x:unit", NS2)
    a, b = after["u"].findall("x:segment", NS2)
    assert a.find("x:target", NS2).text == "John Rawls."
    assert (a.get("state"), a.get("subState")) == ("translated", None)
    assert b.get("state") == "final"  # not edited: kept


def test_12_final_target_with_an_applied_edit_is_lowered(fake: Any) -> None:
    data = PROTECTED_12.replace(b"<target>", b'<target state="signed-off">').replace(
        b"Ask ", b"Ask John \xc2\xb7 Rawls and "
    )
    target = units(repair_xliff(data, repair=fake), ".//x:trans-unit", NS12)["1"][1]
    assert target.get("state") == "translated"


UNTOUCHED = """<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by a CAT tool -->
<?cat-tool keep?>
<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'  xmlns:foo="urn:foo" >
 <file source-language="zh" target-language="en" datatype="plaintext" original="a">
  <body>
   <trans-unit id="1" foo:x='&quot;q&quot;'>
    <source>a</source>
    <target state='final' >John &#xB7; Rawls &#8220;said&#8221; <![CDATA[<b>bold</b> · Rawls]]>\
 &amp; more.At</target>
   </trans-unit>
   <trans-unit id="2">
    <source>b</source>
    <target><![CDATA[Clean <i>text</i>.]]> &#x201C;kept&#x201D;</target>
   </trans-unit>
  </body>
 </file>
</xliff>
""".encode()


def test_bytes_outside_the_changes_are_kept(fake: Any) -> None:
    """The output is the input with the changed text and tags spliced in, nothing else."""
    out = repair_xliff(UNTOUCHED, repair=fake)
    # Only the text around the edits, the state and the notes differ.
    expected = (
        UNTOUCHED.replace(b"John &#xB7; Rawls", b"John Rawls")
        .replace(b"</b> \xc2\xb7 Rawls]]>", b"</b> Rawls]]>")
        .replace(b"more.At", b"more. At")
        .replace(b"<target state='final' >", b"<target state='translated' >")
    )
    head, rest = expected.split(b"</target>", 1)
    assert out.startswith(head + b"</target>") and out.endswith(rest)
    notes = out[len(head) + len(b"</target>") : len(out) - len(rest)]
    assert notes.startswith(b'\n    <note from="mtfix" annotates="target">[clean.test]')
    assert notes.count(b"\n    <note ") == 3 and notes.endswith(b"</note>")
    assert repair_xliff(out, repair=fake) == out


def test_cdata_edit_stays_in_cdata(fake: Any) -> None:
    bold = b"<![CDATA[<b>bold</b> \xc2\xb7 Rawls]]>"
    data = UNTOUCHED.replace(bold, b"<![CDATA[<b>x</b> it.At]]>")
    out = repair_xliff(data, repair=fake)
    assert b"<![CDATA[<b>x</b> it. At]]>" in out
    target = units(out, ".//x:trans-unit", NS12)["1"][1]
    assert "<b>x</b> it. At" in target.text


def test_utf16_file_stays_utf16(fake: Any) -> None:
    text = UNTOUCHED.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    data = text.encode("utf-16")
    out = repair_xliff(data, repair=fake)
    assert out[:2] == data[:2]
    assert "John Rawls" in out.decode("utf-16")


def test_notes_and_states_read_by_translate_toolkit(fake: Any) -> None:
    """translate-toolkit sees the repaired targets and the lowered state."""
    xliff2 = pytest.importorskip("translate.storage.xliff2")
    out = repair_xliff((DATA / "sample-2.1.xlf").read_bytes(), repair=fake)
    store = xliff2.Xliff2File.parsestring(out)
    by_id = {u.getid(): u for u in store.units}
    assert str(by_id["u1"].target).startswith("John Rawls said")
    assert not by_id["u1"].isapproved()  # "final" lowered to "translated"
    assert by_id["u3::s2"].target == "The weather was poor."


@pytest.mark.parametrize("name", ["sample-1.2.xlf", "sample-2.1.xlf"])
def test_cli_second_run_is_a_no_op(name: str, tmp_path: Path) -> None:
    """The real pipeline (whose sentence flags change score and text once repaired):
    ``mtfix fix`` on its own output returns it byte for byte."""
    import itertools
    import os
    import subprocess
    import sys

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    paths = [DATA / name, tmp_path / "once.xlf", tmp_path / "twice.xlf"]
    for src, out in itertools.pairwise(paths):
        proc = subprocess.run(
            [sys.executable, "-m", "mtfix", "fix", str(src), "-o", str(out)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
    once, twice = paths[1].read_bytes(), paths[2].read_bytes()
    assert once != paths[0].read_bytes()
    assert twice == once


THREE_SEGMENTS = (
    b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" '
    b'trgLang="en"><file id="f"><unit id="u"><segment id="a"><source>x</source>'
    b'<target>John \xc2\xb7 Rawls.</target></segment><segment id="b"><source>y</source>'
    b'<target>Fine.</target><!-- c --></segment><segment id="c"><source>z</source>'
    b'<target>In Gaochun.</target><notes><note category="editor">kept</note></notes>'
    b"</segment></unit></file></xliff>"
)


def test_segment_notes_go_in_the_segment_they_are_about(fake: Any) -> None:
    """notes_in="segment": each note in the <notes> of its own segment, as its last child
    (where translate-toolkit adds and reads them); only new text is spliced in."""
    out = repair_xliff(THREE_SEGMENTS, repair=fake, notes_in="segment")
    fixed = (
        '<note category="mtfix" appliesTo="target">'
        "[clean.test] ' · ' → ' ': test rule  · </note>"
    )
    flag = (
        '<note category="mtfix" appliesTo="target">[rules.test] check \'Gaochun\' '
        "(suggestion: 'Hillhouse'): test rule Gaochun</note>"
    )
    expected = (
        THREE_SEGMENTS.replace(
            b"John \xc2\xb7 Rawls.</target>",
            b"John Rawls.</target>" + f"<notes>{fixed}</notes>".encode(),
        )
        .replace(
            b'<segment id="c">',
            b'<segment id="c" state="translated" subState="mtfix:needs-review">',
        )
        .replace(b"kept</note>", b"kept</note>" + flag.encode())
    )
    assert out == expected
    assert repair_xliff(out, repair=fake, notes_in="segment") == out


def test_segment_notes_in_the_sample(fake: Any) -> None:
    out = repair_xliff((DATA / "sample-2.1.xlf").read_bytes(), repair=fake, notes_in="segment")
    after = units(out, ".//x:unit", NS2)
    assert all(u.find("x:notes", NS2) is None for u in after.values())
    s1, s2 = after["u3"].findall("x:segment", NS2)
    assert [n.text for n in s1.find("x:notes", NS2)] == [
        "[rules.test] check 'Gaochun' (suggestion: 'Hillhouse'): test rule Gaochun"
    ]
    (note,) = s2.find("x:notes", NS2)
    assert note.text.startswith("[retranslate.test] 'The weather is bad.'")
    seg = after["u1"].find("x:segment", NS2)
    assert [etree.QName(c).localname for c in seg] == ["source", "target", "notes"]
    assert len(seg.find("x:notes", NS2)) == 2


@pytest.mark.parametrize("first", ["unit", "segment"])
@pytest.mark.parametrize("second", ["unit", "segment"])
def test_either_placement_finds_the_notes_of_the_other(
    first: NotesIn, second: NotesIn, fake: Any
) -> None:
    """A second run is a no-op whichever placement each run used: nothing is noted twice."""
    for data in ((DATA / "sample-2.1.xlf").read_bytes(), THREE_SEGMENTS):
        once = repair_xliff(data, repair=fake, notes_in=first)
        assert repair_xliff(once, repair=fake, notes_in=second) == once


def test_segment_notes_leave_xliff_12_alone(fake: Any) -> None:
    data = (DATA / "sample-1.2.xlf").read_bytes()
    assert repair_xliff(data, repair=fake, notes_in="segment") == repair_xliff(data, repair=fake)


def test_unknown_notes_placement_is_refused(fake: Any) -> None:
    with pytest.raises(ValueError, match="notes_in"):
        repair_xliff(THREE_SEGMENTS, repair=fake, notes_in="file")  # type: ignore[arg-type]
