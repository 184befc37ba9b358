from __future__ import annotations

import re

from mtfix.io.output import RenderOptions, render_output
from mtfix.result import RepairResult
from mtfix.review import render_diff

from .articles import Spec, make_result

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain(s: str) -> str:
    return ANSI.sub("", s)


def test_without_colour_it_is_the_unified_diff(article: RepairResult) -> None:
    out = render_diff(article, color=False, name="a.txt")
    assert out == article.diff(fromfile="a.txt", tofile="a.txt (repaired)")
    assert "\x1b[" not in out


def test_each_edit_inline_with_its_rule_and_reason(article: RepairResult) -> None:
    out = render_diff(article, color=True, name="a.txt")
    assert "\x1b[" in out
    text = plain(out)
    assert text.splitlines()[0] == "a.txt: 11 fixed, 3 flagged"
    n = (
        sorted(article.edits, key=lambda e: (e.start, e.end)).index(
            next(e for e in article.edits if e.rule == "rules.glossary" and e.before == "Tonys")
        )
        + 1
    )
    # Old and new side by side in the line, then the label.
    assert f"TonysTönnies[{n}] 🚀 wrote about" in text
    assert f"  [{n}] rules.glossary: known MT garble (confidence 0.90)" in text


def test_flags_are_marked_and_not_applied(article: RepairResult) -> None:
    text = plain(render_diff(article, color=True))
    assert re.search(r"Zhangzhou\[\?→Danzhou\]\[\d+\?\], Hainan", text)
    assert re.search(
        r"\[\d+\?\] rules.gazetteer: Zhangzhou is in Fujian, not Hainan "
        r"\(confidence 0.60, flagged, not applied\)",
        text,
    )
    # A flag without a suggestion shows no arrow; one inside a fix shows only its mark.
    assert "[?→Gaochun Capital]" not in text
    assert re.search(r"— 𝔘nity Tech —\[\d+\]\[\d+\?\] hired", text)


def test_colours_mark_old_new_and_flagged(article: RepairResult) -> None:
    out = render_diff(article, color=True)
    assert "\x1b[9;31mTonys\x1b[0m" in out  # struck through, red
    assert "\x1b[1;32mTönnies\x1b[0m" in out  # bold green
    assert "\x1b[4;33mZhangzhou\x1b[0m" in out  # underlined yellow
    assert "\x1b[42m \x1b[0m" in out  # an inserted space shows as a green block


def test_only_changed_lines_with_context(article: RepairResult) -> None:
    text = plain(render_diff(article, color=True, context=10))
    assert "A clean paragraph" not in text
    assert "@@ line 1 @@" in text and "@@ line 3 @@" in text


def test_control_characters_cannot_reach_the_terminal() -> None:
    evil = "Title \x1b]0;owned\x07 and \x1b[2J clear,now\x9b31m end."
    result = make_result(evil, [Spec(",", " ", "clean.spacing.after_punct", "comma", at=(1, 1))])
    out = render_diff(result, color=True)
    assert "\x1b]" not in out and "\x07" not in out and "\x9b" not in out
    assert "\x1b[2J" not in out
    assert "␛]0;owned\\x07" in plain(out)


def test_newlines_inside_an_edit_are_visible() -> None:
    result = make_result(
        "One line.\n\n\n\nNext line.",
        [Spec("\n\n\n\n", "\n\n", "clean.spacing.blank_lines", "extra blank lines")],
    )
    text = plain(render_diff(result, color=True))
    assert "One line.⏎⏎⏎⏎⏎⏎[1]Next line." in text


def test_registered_as_the_diff_format(article: RepairResult) -> None:
    coloured = render_output(article, "diff", RenderOptions(name="a.txt", color=True))
    assert coloured == render_diff(article, color=True, name="a.txt")
    piped = render_output(article, "diff", RenderOptions(name="a.txt", color=False))
    assert piped == article.diff(fromfile="a.txt", tofile="a.txt (repaired)")
