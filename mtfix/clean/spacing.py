"""Spacing damage: lost spaces (``industry.At``, ``stillWhat``), ``. .``, stray and doubled spaces.

URLs, e-mail addresses, domains, file names, decimals, times and
abbreviations are never touched: the rules need a lowercase word of two or
more letters before the punctuation and look at the whole token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from mtfix.clean._text import Tokens, line_bounds, nearest_mark
from mtfix.clean.words import Prose, zipf
from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer

_NAMES = {".": "full stop", "!": "exclamation mark", "?": "question mark", ";": "semicolon",
          ",": "comma", ":": "colon"}  # fmt: skip

# -- doubled full stops --------------------------------------------------------------

_PERIODS = regex.compile(r"(?<=[\p{L}\p{N}”’\"')\]%])\.(?:[ \t]{0,2}\.)+(?!\p{N})")


@fixer("clean.spacing.double_period", stage="clean", order=50)
def double_period(text: str, ctx: FixContext) -> Iterator[Edit]:
    """A doubled full stop (". ." or "..", not an ellipsis) becomes one."""
    if ".." not in text and ". ." not in text and ".  ." not in text:
        return
    tokens = Tokens(text)
    for m in _PERIODS.finditer(text):
        if m.group().count(".") != 2:
            continue
        # "pears. ." after "apples/oranges/pears": a spaced second stop is no part of a path.
        spaced = m.group() != ".."
        if not spaced and tokens.in_address(m.start(), m.end()):
            continue
        yield ctx.edit(m.start(), m.end(), ".", "doubled full stop", confidence=0.95)


# -- a space before punctuation -----------------------------------------------------

_SPACE_BEFORE = regex.compile(
    r"(?<=[\p{L}\p{N}”’)\]])[ \t]+(?:(?=[,;][^\p{N}])|(?=[.!?](?:[\s”’\"')\]]|$))(?![.][ \t]?\.))"
)


_SPACE_BEFORE_QUICK = re.compile(r"[,;.!?](?<=[ \t][,;.!?])")


@fixer("clean.spacing.before_punct", stage="clean", order=51)
def space_before_punctuation(text: str, ctx: FixContext) -> Iterator[Edit]:
    """A stray space before a comma, semicolon, full stop, ? or ! is removed."""
    pos = 0
    prose = Prose(text)
    for quick in _SPACE_BEFORE_QUICK.finditer(text):
        if quick.start() < pos:
            continue
        a = quick.start() - 1
        while a > 0 and text[a - 1] in " \t":
            a -= 1
        m = _SPACE_BEFORE.match(text, a)
        if m is None:
            continue
        pos = m.end()
        mark = text[m.end()]
        if mark == "." and text[m.end() + 1 : m.end() + 2] == ".":
            continue
        if not prose.english(m.start()):
            continue  # French spaces before "!" and "?"; "nám !" is not English
        yield ctx.edit(m.start(), m.end(), "", f"space before a {_NAMES[mark]}", confidence=0.9)


# -- a space lost after punctuation -------------------------------------------------

# Candidates: the mark, maybe a closing quote or bracket, then a letter.
_LOST_AFTER = re.compile(r"(?P<mark>[.!?;:,])(?P<close>[”’)\]]?)(?=[^\W\d_])")
_RIGHT = regex.compile(
    r"""(?:\p{Lu}\p{Ll}+|I(?=[\s’',.:;!?])|\p{Ll}{2,}|a(?=\s)
    |(?P<acronym>\p{Lu}{2,6})(?![\p{Ll}\p{N}])|(?P<abbr>(?:i\.e|e\.g)\.))(?![\p{N}_@/\\])""",
    regex.VERBOSE,
)
_CLOSERS = '”’")]%'
_PACKED = re.compile(r"[,;](?=[^\s\d])")
_COLON = re.compile(":")


_NOT_ALNUM_BACK = regex.compile(r"[^\p{L}\p{N}]", regex.REVERSE)


def _word_start(text: str, pos: int) -> int:
    """Where the run of letters and digits that ends at ``pos`` starts."""
    found = _NOT_ALNUM_BACK.search(text, 0, pos)
    return found.end() if found else 0


#: Dots between letters or digits: two in a token make an identifier (HLA-DR4.RagKO.NOD).
_INNER_DOT = re.compile(r"(?<=[^\W_])\.(?=[^\W_])")
_CODE_LIKE = re.compile(r"\d|[a-z](?=[A-Z])")
_LETTERS_AND_DIGITS = re.compile(r"(?=.*\d)(?=.*[^\W\d_])\w+")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
_SCHEMES = frozenset(
    [
        "http",
        "https",
        "ftp",
        "sftp",
        "mailto",
        "file",
        "urn",
        "tel",
        "data",
        "javascript",
        "git",
        "ssh",
        "irc",
    ]
)


def _identifier(text: str, p: int, left: str, right_end: int, tokens: Tokens) -> bool:
    """Whether the mark at ``p`` sits in an identifier: a strain, a version, a code."""
    if tokens.count(_INNER_DOT, p, p + 1) >= 2 and tokens.count(_CODE_LIKE, p, p + 1):
        return True  # "HLA-DR4.RagKO.IL2RγcKO.NOD", "v1.2.Beta"; not "U.S.The"
    if text[p] != ".":
        return False
    if _LETTERS_AND_DIGITS.fullmatch(left) and not _ORDINAL.fullmatch(left):
        return True  # "DR4.Rag", not "16th.The"
    word = text[p + 1 : _word_end(text, right_end)].lstrip("”’)]")
    return any(c.isdigit() for c in word) or (
        any(c.isupper() for c in word[1:]) and any(c.islower() for c in word)
    )  # "RagKO", "IL2R": mixed case or digits on the right


def _lost_space_confidence(
    text: str, m: re.Match[str], r: regex.Match[str], tokens: Tokens
) -> float | None:
    """How sure a space is missing after the mark, or None to leave it."""
    mark, p, right = m.group("mark"), m.start(), r.group()
    prev = text[p - 1 : p]
    if not (prev.isalnum() or (prev and prev in _CLOSERS)):
        return None
    left = text[_word_start(text, p) : p]
    if _identifier(text, p, left, r.end(), tokens):
        return None
    lower_word = len(left) >= 2 and left[-2:].islower() and left.isalpha()
    if r.group("acronym") or r.group("abbr"):
        if mark != "," or not left.isalpha() or tokens.count(_PACKED, p, p + 1) > 1:
            return None  # only "Portugal,USA" and "spot,i.e.", not "USA,UK,EU"
        return 0.9
    if right[0].islower():
        if mark == ":":
            # "parts:inductive", never "http:x", "a:b:c" or a word unknown in English
            if not (lower_word or left.istitle()) or left.lower() in _SCHEMES:
                return None
            if tokens.count(_COLON, p, p + 1) > 1 or zipf(right) < 2.5:
                return None
            return 0.9
        if mark not in ",;":
            return None  # "sina.com", "via.sina": never split before lowercase
        if tokens.count(_PACKED, p, p + 1) > 1:
            return None  # "red,green,blue": a packed list, not a lost space
        return 0.9
    if mark == ":":
        return 0.9
    return 0.95 if lower_word else 0.9


@fixer("clean.spacing.after_punct", stage="clean", order=52)
def lost_space_after_punctuation(text: str, ctx: FixContext) -> Iterator[Edit]:
    """A space lost after sentence punctuation (industry.At, elaborated,First) is restored."""
    tokens, prose = Tokens(text), Prose(text)
    for m in _LOST_AFTER.finditer(text):
        r = _RIGHT.match(text, m.end())
        if r is None:
            continue
        confidence = _lost_space_confidence(text, m, r, tokens)
        if confidence is None or tokens.in_address(m.start(), r.end()):
            continue
        if not prose.english(m.start()):
            continue  # "vous.Pardonnez": other languages space otherwise
        mark = m.group("mark")
        yield ctx.edit(
            m.end(), m.end(), " ", f"space lost after a {_NAMES[mark]}", confidence=confidence
        )


# -- a space lost between words: "stillWhat" ---------------------------------------

_SEAM = regex.compile(
    r"(?<![\p{L}\p{N}_@./\\-])(?P<left>[a-z]{3,})(?P<right>[A-Z][a-z]+)(?![\p{L}\p{N}_@/\\-])"
)


_SEAM_QUICK = re.compile(r"[A-Z](?<=[a-z][A-Z])")
#: Words that start sentences: a seam before one is a lost space (stillWhat),
#: a seam before any other is a brand's own (teamLab, iPhone, eBay).
_SENTENCE_STARTERS = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "we", "they",
    "i", "you", "his", "her", "their", "our", "my", "there", "what", "when", "where", "why",
    "how", "who", "which", "while", "but", "and", "so", "yet", "if", "in", "on", "at", "for",
    "after", "before", "as", "since", "however", "meanwhile", "moreover", "also", "then",
    "now", "today", "yesterday", "some", "many", "most", "all", "both", "each", "one", "not",
    "although", "because", "according", "last", "next", "during", "with", "by", "from",
})  # fmt: skip
_NOT_ALNUM = regex.compile(r"[^\p{L}\p{N}]")


def _word_end(text: str, pos: int) -> int:
    found = _NOT_ALNUM.search(text, pos)
    return found.start() if found else len(text)


@fixer("clean.spacing.seam", stage="clean", order=53)
def lost_space_at_seam(text: str, ctx: FixContext) -> Iterator[Edit]:
    """A space lost between a lowercase word and a capitalised one (stillWhat).

    Only with strong evidence: the right half is a word that starts
    sentences (What, The, However), the left a common English word, the
    whole not one, and the line English prose; camel-case names (teamLab,
    WeChat, iPhone, eBay) never qualify.
    """
    tokens, prose = Tokens(text), Prose(text)
    tried = -1  # the start of the last word tried: each word is tried once
    for quick in _SEAM_QUICK.finditer(text):
        if quick.start() < tried:
            continue
        start = _word_start(text, quick.start())
        m = _SEAM.match(text, start)
        tried = m.end() if m is not None else _word_end(text, quick.start())
        if m is None or m.end("left") != quick.start():
            continue
        left, right = m.group("left"), m.group("right")
        if right.lower() not in _SENTENCE_STARTERS:
            continue  # "teamLab": a brand, unless a new sentence plainly starts
        if zipf(left) < 3.0 or zipf((left + right).lower()) >= 1.0:
            continue
        if not prose.english(m.start()):
            continue
        if tokens.in_address(m.start(), m.end()):
            continue
        pos = m.start("right")
        yield ctx.edit(
            pos,
            pos,
            " ",
            f"space lost between the words {left!r} and {right!r}",
            confidence=0.85,
        )


# -- doubled spaces inside prose ----------------------------------------------------

# Only inside a sentence: a lowercase word follows (a capital may start a title part).
_DOUBLE_SPACE = regex.compile(r"(?<=[\p{L}\p{N},;])[ ]{2,3}(?=\p{Ll})")
_MARKUP = regex.compile(r"[|<>\t]|^\s*[#*>-]")
_MIN_WORDS = 6


@fixer("clean.spacing.double_space", stage="clean", order=54)
def doubled_space(text: str, ctx: FixContext) -> Iterator[Edit]:
    """A doubled space between words inside a prose line becomes one.

    Lines with several such runs, tabs or markup look aligned and are left alone.
    """
    if "  " not in text:
        return
    checked: dict[int, bool] = {}
    for m in _DOUBLE_SPACE.finditer(text):
        a, b = line_bounds(text, m.start())
        if a not in checked:
            line = text[a:b]
            runs = len(regex.findall(r"\S {2,}(?=\S)", line))
            words = len(line.split())
            checked[a] = (
                runs <= 2 and words >= _MIN_WORDS and words >= 5 * runs and not _MARKUP.search(line)
            )
        if checked[a]:
            yield ctx.edit(m.start(), m.end(), " ", "doubled space between words", confidence=0.9)


# -- spaces just inside curly quotes ------------------------------------------------

_INNER_SPACE = re.compile(r"(?<=“)[ \t]+(?=[^\s“”])|(?<=[^\s“”])[ \t]+(?=”)")
_OPENS_AFTER = " \t([{—–-/"
_CLOSES_BEFORE = ".,;:!?)]}—–-’'…"


def _paired_quote(text: str, a: int, b: int, opening: bool) -> bool:
    """Whether the nearest quote mark on the line, beyond the spaces, completes the pair."""
    if opening:
        return nearest_mark(text, b, '“”"', forward=True) == "”"
    # The quotation may open on an earlier line, or with a straight quote ("isolation.  ”).
    return nearest_mark(text, a, '“”"', forward=False, across_lines=True) in ("“", '"')


@fixer("clean.spacing.quotes", stage="clean", order=55)
def space_inside_quotes(text: str, ctx: FixContext) -> Iterator[Edit]:
    """A space just inside curly double quotes (“ The award ”) is removed.

    Only when the quotes pair up on their line, the opening one stands at the
    start of a word and the closing one at its end.
    """
    if not any(q in text for q in ("“ ", " ”", "“\t", "\t”")):
        return
    for m in _INNER_SPACE.finditer(text):
        a, b = m.span()
        opening = text[a - 1] == "“"
        if opening:
            before = text[a - 2 : a - 1]
            if (before and before not in _OPENS_AFTER) or not (
                text[b].isalnum() or text[b] in "‘'"
            ):
                continue
        else:
            after = text[b + 1 : b + 2]
            if (after and not after.isspace() and after not in _CLOSES_BEFORE) or not (
                text[a - 1].isalnum() or text[a - 1] in _CLOSES_BEFORE
            ):
                continue
        if _paired_quote(text, a, b, opening):
            side = "after an opening" if opening else "before a closing"
            yield ctx.edit(a, b, "", f"space {side} quotation mark", confidence=0.9)
