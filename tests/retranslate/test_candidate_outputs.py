"""Where a replacing sentence came from, in every output: JSON, review page, Word, XLIFF."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from mtfix.config import RepairConfig
from mtfix.io.output import RenderOptions, render_output
from mtfix.pipeline import Repairer
from mtfix.result import RepairResult
from mtfix.retranslate.candidates import Candidate
from mtfix.review.page import review_data
from mtfix.source.analysis import SourceAnalysis

ZH = ["腾讯在北京开设了新办公室。", "张伟认为这个问题很重要。"]
EN = ["Goose News opened a new office in Peking.", "Zhang Wei believes this issue is important."]
GOOD = "Tencent opened a new office in Beijing."
CONFIG = RepairConfig(builtin_glossary=False, sentence_threshold=0.6, sentence_flag_threshold=0.6)


def _repaired() -> RepairResult:
    analysis = SourceAnalysis.from_segments(ZH, EN, separator=" ")
    cand = Candidate.from_segments(ZH, [GOOD, EN[1]], origin="other-mt.en.txt", separator=" ")
    return Repairer(CONFIG).repair(" ".join(EN), source=analysis, candidates=[cand])


@pytest.fixture(scope="module")
def repaired() -> RepairResult:
    result = _repaired()
    assert result.text.startswith(GOOD)
    return result


def test_json_edit_names_the_origin(repaired: RepairResult) -> None:
    out = json.loads(render_output(repaired, "json", RenderOptions()))
    (e,) = [e for e in out["edits"] if e["rule"] == "retranslate.sentences"]
    assert e["status"] == "applied" and e["data"]["origin"] == "other-mt.en.txt"


def test_review_page_row_names_the_origin(repaired: RepairResult) -> None:
    rows = review_data(repaired)["documents"][0]["rows"]
    assert [(r["retranslated"], r["origin"]) for r in rows] == [
        (True, "other-mt.en.txt"),
        (False, None),
    ]


def test_docx_comment_names_the_origin(repaired: RepairResult) -> None:
    pytest.importorskip("docx")
    data = render_output(repaired, "docx", RenderOptions())
    assert isinstance(data, bytes)
    comments = zipfile.ZipFile(io.BytesIO(data)).read("word/comments.xml").decode()
    assert "Translation from: other-mt.en.txt" in comments


XLIFF = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="zh-CN" target-language="en" datatype="plaintext" original="a.txt">
    <body>
      <trans-unit id="1">
        <source>{"".join(ZH)}</source>
        <target state="translated">{" ".join(EN)}</target>
      </trans-unit>
    </body>
  </file>
</xliff>
""".encode()


def test_xliff_marks_a_candidate_replacement_as_an_mt_suggestion() -> None:
    etree = pytest.importorskip("lxml.etree")
    from mtfix.formats.xliff import repair_xliff

    def repair(text: str, source: str | None) -> RepairResult:
        assert source == "".join(ZH) and text == " ".join(EN)
        return _repaired()

    out = repair_xliff(XLIFF, repair=repair)
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    unit = etree.fromstring(out).find(".//x:trans-unit", ns)
    target = unit.find("x:target", ns)
    assert target.text.startswith(GOOD)
    assert target.get("state-qualifier") == "mt-suggestion"
    notes = [n.text for n in unit.findall("x:note", ns)]
    assert any("translation from other-mt.en.txt" in n for n in notes)
