"""Markdown and HTML: only prose is repaired; markup, code, links and URLs stay byte for byte."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytest.importorskip("markdown_it")

from mtfix.edits import apply_edits
from mtfix.formats.html import repair_html
from mtfix.formats.markdown import repair_markdown

MARKDOWN = """\
# John · Rawls and the industry.At large

> He said & rdquo;hi at the industry.**At** [John · Rawls](http://a.com/x_y.At "t · x") and
> `code · here.At` ok &rsquo; &amp;rsquo; \\* see https://example.com/a.At?b=c · d

Robert · **Neuss** met Gaochun.
![alt · text.At](img.png "t.At") and <span class="a · b.At">the industry.At</span>

```
fenced · code.At
```

    indented · code.At

| col · a | b.At |
|---|---|
| John · Rawls | `x · y` |
"""

PROTECTED = [
    '](http://a.com/x_y.At "t · x")',
    "`code · here.At`",
    "https://example.com/a.At?b=c",
    '![alt · text.At](img.png "t.At")',
    '<span class="a · b.At">',
    "fenced · code.At",
    "    indented · code.At",
    "`x · y`",
    "**",
]


def _kept(original: str, repaired: str, pieces: list[str]) -> None:
    for piece in pieces:
        assert original.count(piece) == repaired.count(piece), piece


def test_markdown_repairs_prose_only(fake: Any) -> None:
    result = repair_markdown(MARKDOWN, repair=fake)
    assert apply_edits(MARKDOWN, result.edits) == result.text
    for e in result.edits:
        assert MARKDOWN[e.start : e.end] == e.before
    text = result.text
    _kept(MARKDOWN, text, PROTECTED)
    assert text.startswith("# John Rawls and the industry. At large\n")
    assert "He said \u201dhi at the industry. **At**" in text  # inserted outside the markup
    assert '[John Rawls](http://a.com/x_y.At "t · x")' in text
    assert "ok &rsquo; \u2019 \\* see" in text  # the entity stays, the double escape goes
    assert "Robert **Noyce** met Gaochun." in text  # split around the bold markup
    assert ">the industry. At</span>" in text
    assert "| col a | b. At |" in text
    assert "| John Rawls | `x · y` |" in text
    flagged = [e for e in result.edits if not e.applied]
    assert [e.before for e in flagged] == ["Gaochun"]


def test_markdown_insertion_lands_outside_emphasis(fake: Any) -> None:
    text = "one word.**Bold** two.\n\nsee [the link.](http://x.org/a.B)After four.\n"
    result = repair_markdown(text, repair=fake)
    assert (
        result.text == "one word. **Bold** two.\n\nsee [the link.](http://x.org/a.B) After four.\n"
    )


def test_markdown_with_the_real_pipeline() -> None:
    result = repair_markdown(MARKDOWN)
    assert apply_edits(MARKDOWN, result.edits) == result.text
    _kept(MARKDOWN, result.text, PROTECTED)
    assert "John Rawls" in result.text


HTML = """\
<!DOCTYPE html>
<html><head><title>John · Rawls &amp;rsquo; x</title>
<style>p.a · b { content: "industry.At"; }</style>
<script>var s = "John · Rawls & rdquo;";</script></head>
<body>
<p class="a · b.At" data-x="&amp;rsquo;">He said &ldquo;hi&rdquo; & rdquo; at <a
   href="http://e.com/?a=1&amp;b=2.At">the industry.At</a> &amp;rsquo;s
   <code>a · b.At &amp;rsquo;</code> see https://example.com/x.At?y=1 ok</p>
<!-- John · Rawls -->
<p>Robert · <b>Neuss</b> &mdash; fine &rdquo;</p>
</body></html>
"""


def test_html_repairs_text_only(fake: Any) -> None:
    result = repair_html(HTML, repair=fake)
    assert apply_edits(HTML, result.edits) == result.text
    text = result.text
    # every tag (with its attributes), comment, script, style and code is kept
    for piece in [
        *re.findall(r"<[^>]*>", HTML),
        '<style>p.a · b { content: "industry.At"; }</style>',
        '<script>var s = "John · Rawls & rdquo;";</script>',
        "<code>a · b.At &amp;rsquo;</code>",
        "https://example.com/x.At?y=1",
    ]:
        assert piece in text, piece
    assert "<title>John Rawls \u2019 x</title>" in text  # double escape repaired
    assert "&ldquo;hi&rdquo; \u201d at" in text  # correct references stay
    assert ">the industry. At</a> \u2019s" in text
    assert "&mdash; fine &rdquo;</p>" in text
    assert "Robert <b>Noyce</b>" in text


def test_html_inserted_text_is_escaped(fake: Any) -> None:
    from mtfix.edits import Edit, EditLedger
    from mtfix.result import RepairResult

    def amp(text: str, source: str | None) -> RepairResult:
        ledger = EditLedger(text)
        at = text.index(" and ")
        ledger.commit([Edit(at + 1, at + 4, "and", "& <b>", "rules", "rules.t", "test")])
        return RepairResult(text, ledger.text, ledger.edits, "t")

    result = repair_html("<p>salt and pepper</p>", repair=amp)
    assert result.text == "<p>salt &amp; &lt;b&gt; pepper</p>"


def test_html_with_the_real_pipeline() -> None:
    result = repair_html(HTML)
    assert apply_edits(HTML, result.edits) == result.text
    for piece in re.findall(r"<[^>]*>", HTML):
        assert piece in result.text
    assert "&ldquo;hi&rdquo;" in result.text


def _fix_markdown(tmp_path: Any, text: str) -> str:
    """``mtfix fix in.md -o out.md`` with the real pipeline (clean and rules)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    src = Path(tmp_path) / "in.md"
    out = Path(tmp_path) / "out.md"
    src.write_text(text, encoding="utf-8")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run(
        [sys.executable, "-m", "mtfix", "fix", str(src), "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return out.read_text(encoding="utf-8")


FRONT_MATTER = """\
---
title: Posts..
ref: v1.At
quote: "Tom &amp; rdquo;said"
---

The market.The end..
"""


def test_front_matter_is_left_alone(tmp_path: Any) -> None:
    out = _fix_markdown(tmp_path, FRONT_MATTER)
    head = FRONT_MATTER.split("---\n\n")[0]
    assert out.startswith(head + "---\n\n")  # byte for byte
    assert out.endswith("The market. The end.\n")  # the prose after it is still repaired


def test_toml_front_matter_and_a_rule_that_is_not_front_matter(fake: Any) -> None:
    toml = "+++\ntitle = 'John · Rawls'\n+++\n\nJohn · Rawls\n"
    assert repair_markdown(toml, repair=fake).text == toml[:-13] + "John Rawls\n"
    rule = "Intro · text\n\n---\n\nJohn · Rawls\n"  # a thematic break, not front matter
    assert repair_markdown(rule, repair=fake).text == rule.replace(" · ", " ")


def test_raw_html_block_prose_is_repaired(tmp_path: Any) -> None:
    text = '<div class="a.At"><p>Shared URLs. . The market.The end</p></div>\n\nOk.\n'
    out = _fix_markdown(tmp_path, text)
    assert out == '<div class="a.At"><p>Shared URLs. The market. The end</p></div>\n\nOk.\n'


def test_raw_html_block_inserts_html_escapes(fake: Any) -> None:
    from mtfix.edits import Edit, EditLedger
    from mtfix.result import RepairResult

    def amp(text: str, source: str | None) -> RepairResult:
        ledger = EditLedger(text)
        edits = [
            Edit(m.start(), m.end(), "and", "& *", "rules", "rules.t", "test")
            for m in re.finditer("and", text)
        ]
        ledger.commit(edits)
        return RepairResult(text, ledger.text, ledger.edits, "t")

    text = "> <p>salt and pepper</p>\n\nsalt and pepper\n"
    result = repair_markdown(text, repair=amp)
    assert result.text == "> <p>salt &amp; * pepper</p>\n\nsalt & \\* pepper\n"


@pytest.mark.parametrize(
    "line",
    [
        "He said “the word `”` is odd.",
        "He said “yes and `”` now.",
        "Type `“` and then the name.",
        "The mark `·` means nothing.",
    ],
)
def test_code_spans_do_not_steer_the_prose_around_them(line: str) -> None:
    from mtfix.config import RepairConfig

    result = repair_markdown(line + "\n", config=RepairConfig(stages=("clean", "rules")))
    assert result.text == line + "\n", result.edits


def test_html_code_does_not_steer_the_prose_around_it() -> None:
    from mtfix.config import RepairConfig

    page = "<p>He said “the word <code>”</code> is odd.</p>\n"
    assert repair_html(page, config=RepairConfig(stages=("clean", "rules"))).text == page
