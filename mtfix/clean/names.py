"""Chinese middle dots between the parts of Latin names: ``John · Rawls`` → ``John Rawls``."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from mtfix.clean._text import line_bounds
from mtfix.clean.words import is_common_word
from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer

# U+00B7 middle dot, U+30FB katakana middle dot, U+FF65 half-width katakana middle
# dot, U+2022 bullet, U+2027 hyphenation point, U+22C5 dot operator, U+2219 bullet operator.
_DOTS = "\u00b7\u30fb\uff65\u2022\u2027\u22c5\u2219"
_NAME = r"\p{Lu}[\p{Ll}\p{Lu}\p{Lt}\p{M}'’-]*"
_SEP = rf"[ \t\u00a0]*[{_DOTS}][ \t\u00a0]*"
_CHAIN = regex.compile(rf"(?<![\p{{L}}\p{{N}}]){_NAME}(?:{_SEP}{_NAME})+(?![\p{{L}}\p{{N}}])")
_SEP_RE = regex.compile(_SEP)
_LETTER = regex.compile(r"\p{L}")


def _in_title(text: str, start: int, end: int, line_start: int, line_end: int) -> bool:
    """Whether the chain sits inside a Title Case phrase (a word before, a capital after)."""
    before = text[line_start:start].rstrip().rsplit(" ", 1)[-1]
    after = text[end:line_end].lstrip()[:1]
    return bool(before) and before[-1].isalpha() and after.isupper()


#: Words that open a noun phrase: a title that follows one starts with the chain.
_DETERMINERS = frozenset(
    ["the", "a", "an", "this", "that", "its", "their", "our", "his", "her", "my", "your"]
)
_TITLE_WORD = regex.compile(r"\p{Lu}\p{Ll}+")


def _one_title(
    text: str, chain: regex.Match[str], items: list[str], line_start: int, line_end: int
) -> bool:
    """Whether the chain and the capitalised words after it read as one name.

    "the Official · Flagship Store", "The Provincial • Tea Expo": two
    capitalised common words, a determiner (or nothing) before them, more
    capitalised words after; not "Looking for Companions·High-quality Content",
    where the dot parts two phrases of a longer title.
    """
    if len(items) != 2 or not all(_TITLE_WORD.fullmatch(w) for w in items):
        return False
    before = text[line_start : chain.start()].split()
    if before and before[-1].lower() not in _DETERMINERS:
        return False
    after = text[chain.end() : line_end].split()
    return bool(after) and _TITLE_WORD.fullmatch(after[0].rstrip(".,;:!?")) is not None


def _confidence(text: str, chain: regex.Match[str]) -> float:
    seps = _SEP_RE.findall(chain.group())
    items = _SEP_RE.split(chain.group())
    a, b = line_bounds(text, chain.start())
    rest = text[a : chain.start()] + text[chain.end() : b]
    if not _LETTER.search(rest):
        return 0.6  # the whole line is the chain: a menu or a breadcrumb
    spaced = any(s != s.strip() for s in seps)
    if spaced and len(items) >= 3 and all(is_common_word(w.lower(), 4.5) for w in items):
        return 0.6  # "News · Sports · Weather": a list of ordinary words
    if _one_title(text, chain, items, a, b):
        return 0.9  # "the Official · Flagship Store": Chinese typography inside one name
    if _in_title(text, chain.start(), chain.end(), a, b):
        return 0.6  # "Looking for Companions·High-quality Content": a title separator
    if "\u2022" in chain.group() and spaced:
        return 0.85  # a spaced bullet is often a separator
    if len(items) >= 3:
        return 0.85
    return 0.9 if spaced else 0.95


@fixer("clean.names.middledot", stage="clean", order=40)
def middle_dot_in_names(text: str, ctx: FixContext) -> Iterator[Edit]:
    """A middle dot between capitalised Latin words (Bill·Gates) becomes a space."""
    if not any(d in text for d in _DOTS):
        return
    for chain in _CHAIN.finditer(text):
        confidence = _confidence(text, chain)
        for sep in _SEP_RE.finditer(chain.group()):
            a, b = chain.start() + sep.start(), chain.start() + sep.end()
            dot = sep.group().strip(" \t\u00a0")
            yield ctx.edit(
                a,
                b,
                " ",
                f"Chinese name separator {dot} (U+{ord(dot):04X}) between Latin name parts",
                confidence=confidence,
            )
