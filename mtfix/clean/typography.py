"""Chinese typography left in English text: full-width forms, ——, ……, 「」.

Every fixer here leaves runs of CJK text alone: the nearest letters on
either side of a mark decide whether it sits in English or in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtfix.clean._text import chinese_context, nearest_mark
from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer

# -- dashes and ellipses --------------------------------------------------------

# Two dashes in a row, possibly spaced (what "& mdash; & mdash;" decodes to).
_DOUBLE_DASH = re.compile(r"[—―─－](?:[ \t]*[—―─－])+")
_ELLIPSIS = re.compile(r"[…⋯](?:[ \t]*[…⋯])*")
#: A longer run of dashes or ellipses is a rule drawn across the page, not a
#: Chinese mark; it stays (and a repaired text repairs to itself).
_MAX_RUN = 4


def _run_length(run: str) -> int:
    return len(run) - run.count(" ") - run.count("\t")


@fixer("clean.typography.dash", stage="clean", order=30)
def double_dash(text: str, ctx: FixContext) -> Iterator[Edit]:
    """The Chinese dash —— (two em dashes) becomes one em dash in English text."""
    for m in _DOUBLE_DASH.finditer(text):
        if not m.group().strip("─ \t") or _run_length(m.group()) > _MAX_RUN:
            continue  # a box-drawing line or a rule, not a dash
        if not chinese_context(text, m.start(), m.end()):
            yield ctx.edit(
                m.start(), m.end(), "—", "Chinese double dash —— in English text", confidence=0.95
            )


@fixer("clean.typography.ellipsis", stage="clean", order=31)
def double_ellipsis(text: str, ctx: FixContext) -> Iterator[Edit]:
    """The Chinese ellipsis …… becomes one ellipsis in English text."""
    for m in _ELLIPSIS.finditer(text):
        if m.group() == "…" or _run_length(m.group()) > _MAX_RUN:
            continue
        if not chinese_context(text, m.start(), m.end()):
            yield ctx.edit(
                m.start(), m.end(), "…", "Chinese ellipsis …… in English text", confidence=0.95
            )


# -- full-width letters, digits, symbols and spaces ---------------------------

_FULLWIDTH_SYMBOLS = "＂＃＄％＆＇＊＋－／＜＝＞＠＼＾＿｀｜～"
_FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000" + _FULLWIDTH_SYMBOLS + "]")
_FULLWIDTH_RUN = re.compile(
    "[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a" + _FULLWIDTH_SYMBOLS + "]+|(?P<space>\u3000+)"
)


def _narrow(s: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) for c in s)


@fixer("clean.typography.fullwidth", stage="clean", order=32)
def fullwidth_forms(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Full-width letters, digits, symbols and ideographic spaces in English text."""
    first = _FULLWIDTH.search(text)
    if first is None:
        return
    for m in _FULLWIDTH_RUN.finditer(text, first.start()):
        a, b = m.span()
        if chinese_context(text, a, b):
            continue
        if m.group("space") is None:
            yield ctx.edit(
                a, b, _narrow(m.group()), "full-width characters in English text", confidence=0.95
            )
            continue
        before, after = text[a - 1 : a], text[b : b + 1]
        if before in ("", "\n") or after in ("", "\n", "\r"):
            continue  # indentation or trailing space: layout, not typography
        narrow = "" if before in " \t" or after in " \t" else " "
        yield ctx.edit(a, b, narrow, "ideographic space in English text", confidence=0.9)


# -- punctuation -----------------------------------------------------------------

#: Marks that close a phrase: a space follows them in English.
_CLOSING = {
    "，": ",", "、": ",", "､": ",", "。": ".", "｡": ".", "．": ".", "：": ":", "；": ";",
    "！": "!", "？": "?", "）": ")", "】": "]", "〕": "]", "〗": "]", "］": "]", "｝": "}",
    "〙": "]", "〛": "]",
}  # fmt: skip
#: Marks that open a phrase: a space precedes them in English.
_OPENING = {
    "（": "(", "【": "[", "〔": "[", "〖": "[", "［": "[", "｛": "{", "〘": "[", "〚": "[",
}  # fmt: skip
_PUNCT_CHARS = "".join(_CLOSING) + "".join(_OPENING)
_PUNCT_ANY = re.compile("[" + _PUNCT_CHARS + "]")
_PUNCT = re.compile("(?P<pre>[ \t]*)(?P<ch>[" + _PUNCT_CHARS + "])(?P<post>[ \t]*)")
_OPENERS = set("([{“‘«「『《") | set(_OPENING)
_CLOSERS = set(",.;:!?)]}”’»") | set(_CLOSING)
_NAMES = {",": "comma", ".": "full stop", ":": "colon", ";": "semicolon", "!": "exclamation mark"}
_SENTENCE_MARKS = "?!.,;:"


def _word(ch: str) -> bool:
    return ch.isalnum()


def _space_after(text: str, pos: int) -> bool:
    """Whether a closing mark before ``text[pos]`` needs a space in English."""
    nxt = text[pos : pos + 1]
    if nxt == '"':
        return _word(text[pos + 1 : pos + 2])  # an opening straight quote
    return _word(nxt) or nxt in _OPENERS


def _space_before(text: str, pos: int) -> bool:
    """Whether an opening mark at ``text[pos]`` needs a space before it in English."""
    prev = text[pos - 1 : pos]
    return _word(prev) or (prev in _CLOSERS and prev not in _CLOSING) or prev == '"'


@fixer("clean.typography.punct", stage="clean", order=33)
def fullwidth_punctuation(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Full-width punctuation (，。：；！？（）【】、) becomes ASCII with English spacing."""
    pos = 0
    while (hit := _PUNCT_ANY.search(text, pos)) is not None:
        a = hit.start()
        while a > pos and text[a - 1] in " \t":
            a -= 1
        m = _PUNCT.match(text, a)
        assert m is not None
        pos = m.end()
        ch = m.group("ch")
        a, b = m.span("ch")
        if chinese_context(text, a, b):
            continue
        start, end = m.span()
        pre, post = m.group("pre"), m.group("post")
        if ch in _CLOSING and _CLOSING[ch] in _SENTENCE_MARKS:
            narrow = _CLOSING[ch]
            if text[start - 1 : start] == narrow or text[end : end + 1] == narrow:
                # "? ？" or "？?": the same mark twice, in two widths
                yield ctx.edit(
                    start, b, "", f"full-width {ch} repeats the {narrow} beside it", confidence=0.95
                )
                continue
        if ch in _CLOSING:
            narrow = _CLOSING[ch]
            if pre and text[start - 1 : start] in ("", "\n"):
                start += len(pre)  # leading indentation stays
            between_digits = text[a - 1 : a].isdigit() and text[b : b + 1].isdigit()
            end = b
            if not post and not between_digits and _space_after(text, b):
                narrow += " "
        else:
            narrow = _OPENING[ch]
            start = a
            if not pre and _space_before(text, a):
                narrow = " " + narrow
            if text[end : end + 1] in ("", "\n"):
                end = b  # trailing space at the end of a line is not ours
        name = _NAMES.get(_CLOSING.get(ch, ""), "punctuation")
        yield ctx.edit(
            start, end, narrow, f"full-width {name} {ch} in English text", confidence=0.95
        )


# -- quotation marks ---------------------------------------------------------------

_QUOTES = {"「": "“", "」": "”", "『": "‘", "』": "’", "《": "“", "》": "”"}
_QUOTE_RE = re.compile("[" + "".join(_QUOTES) + "]")


@fixer("clean.typography.quotes", stage="clean", order=34)
def corner_brackets(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Corner brackets 「」『』 and title marks 《》 become curly quotes in English text."""
    for m in _QUOTE_RE.finditer(text):
        a, b = m.span()
        if chinese_context(text, a, b):
            continue
        ch = m.group()
        curly = _QUOTES[ch]
        if curly in "“‘" and _word(text[a - 1 : a]):
            curly = " " + curly
        elif curly in "”’" and _word(text[b : b + 1]):
            curly += " "
        kind = "title mark" if ch in "《》" else "corner bracket"
        yield ctx.edit(a, b, curly, f"Chinese {kind} {ch} in English text", confidence=0.9)


# -- doubled quotation marks -------------------------------------------------------

# A closing mark after a word, or an opening one before a word, written twice in
# two styles ("soul torture"” from '"soul torture" & rdquo;').  '""' is left alone.
_DOUBLED = {True: re.compile(r'["”][ \t]*["”]'), False: re.compile(r'["“][ \t]*["“]')}
_CLOSES_AFTER = re.compile(r"[\w.,!?;:’')…]")
_OPENS_AFTER = " \t\r\n([—–-"


def _pair_style(text: str, a: int, b: int, closing: bool) -> str | None:
    """``"`` or ``“`` by the other mark of the pair on the line, or None."""
    if closing:
        return {'"': '"', "“": "“"}.get(nearest_mark(text, a, '"“”', forward=False) or "")
    return {'"': '"', "”": "“"}.get(nearest_mark(text, b, '"”', forward=True) or "")


@fixer("clean.typography.doubled_quotes", stage="clean", order=35)
def doubled_quotes(text: str, ctx: FixContext) -> Iterator[Edit]:
    """A quotation mark written twice in two styles ("word"”) becomes the one its pair uses."""
    if "”" not in text and "“" not in text:
        return
    for closing, rx in _DOUBLED.items():
        for m in rx.finditer(text):
            a, b = m.span()
            if m.group()[0] == m.group()[-1] == '"':
                continue
            if closing and not (a and _CLOSES_AFTER.match(text[a - 1])):
                continue  # a closing mark follows a word
            if not closing and not (
                (a == 0 or text[a - 1] in _OPENS_AFTER) and text[b : b + 1].isalnum()
            ):
                continue  # an opening mark starts a word
            style = _pair_style(text, a, b, closing)
            if style is None:
                continue
            keep = ("”" if style == "“" else '"') if closing else style
            yield ctx.edit(a, b, keep, f"quotation mark doubled ({m.group()!r})", confidence=0.85)
