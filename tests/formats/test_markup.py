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
