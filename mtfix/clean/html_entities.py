"""HTML entity debris: plain, spaced (``& rdquo;``), without semicolon, double-escaped.

All four fixers share one scanner; each takes the matches of its own kind.
They run in the order plain → double → spaced → semicolon, so a later one
sees what an earlier one decoded.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.entities import html5

from mtfix.clean._text import Tokens
from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer

#: Names that are never English words: safe without a semicolon, even when a
#: letter follows (``&rsquos`` → ``’s``), and safe in the spaced form.
_TYPOGRAPHIC = frozenset({
    "mdash", "ndash", "rdquo", "ldquo", "rsquo", "lsquo", "sbquo", "bdquo", "hellip", "nbsp",
    "ensp", "emsp", "thinsp", "middot", "laquo", "raquo", "lsaquo", "rsaquo", "bull", "prime",
    "Prime", "zwnj", "zwj", "lrm", "rlm", "apos",
})  # fmt: skip
#: Safe without a semicolon unless a lowercase letter follows (``&ampT`` is
#: decoded, ``&amplifier`` and ``&ltd`` stay); only ``&quot`` may take one: ``&quotlittle``.
_BOUNDED = frozenset({"quot", "amp", "lt", "gt"})
#: Names with a semicolon that are safe in the spaced form (``& copy;``).
_SPACED_SYMBOLS = frozenset({
    "copy", "reg", "trade", "deg", "euro", "pound", "yen", "cent", "times", "divide", "sect",
    "para", "plusmn", "micro", "frac12", "frac14", "frac34", "sup1", "sup2", "sup3", "iexcl",
    "iquest", "ordf", "ordm", "shy", "macr", "acute", "cedil", "uml",
})  # fmt: skip
_ACCENTED = re.compile(r"[A-Za-z](?:acute|grave|circ|uml|tilde|ring|cedil|slash)|szlig|[Aa][Ee]lig")

_ENTITY = re.compile(
    r"""&(?P<amps>(?:[ ]?(?:amp|\#0*38|\#[xX]0*26);)*)   # double escaping: &amp;amp;…
    (?P<space>[ \u00a0]?)                                 # spaced debris: & rdquo;
    (?:\#[ ]?(?P<dec>[0-9]{2,7})|\#[xX](?P<hex>[0-9a-fA-F]{2,6})
      |(?P<name>[A-Za-z][A-Za-z0-9]{1,31}))
    (?P<semi>[ ]?;)?""",
    re.VERBOSE,
)

PLAIN, DOUBLE, SPACED, SEMICOLON = "plain", "double", "spaced", "semicolon"


@dataclass(frozen=True)
class EntityMatch:
    start: int
    end: int
    after: str
    kind: str
    confidence: float
    entity: str


def _decode_name(name: str, semi: bool) -> tuple[str, str, float] | None:
    """(decoded text, the name used, confidence) or None; may use a prefix of ``name``."""
    if semi:
        value = html5.get(name + ";")
        return (value, name, 1.0) if value is not None else None
    if name in _TYPOGRAPHIC or _ACCENTED.fullmatch(name):
        return html5[name + ";"], name, 0.95
    if name in _BOUNDED:
        return html5[name + ";"], name, 0.9
    # Longest known prefix: "&rsquos" → "’s", "&mdashWhat" → "—What", "&quotHi" → '"Hi'.
    for n in range(len(name) - 1, 1, -1):
        head, rest = name[:n], name[n:]
        if head in _TYPOGRAPHIC or _ACCENTED.fullmatch(head):
            return html5[head + ";"], head, 0.9
        if head in _BOUNDED and not rest[0].islower():
            return html5[head + ";"], head, 0.9
        if head == "quot":  # "&quotlittle circle&quot": an opening quote
            return html5[head + ";"], head, 0.85
    return None


def _spaced_ok(name: str, semi: bool) -> bool:
    """The spaced form (``& name``) is debris only for names that are not English words."""
    if name in _TYPOGRAPHIC or name == "quot" or _ACCENTED.fullmatch(name):
        return True
    return semi and (name in _BOUNDED or name in _SPACED_SYMBOLS)


_AMP_CHAIN = re.compile(r"&(?:(?:amp|\#0*38|\#[xX]0*26);)+")
_ANY_AMP_CHAIN = re.compile(r"&(?:[ ]?(?:amp|\#0*38|\#[xX]0*26);)+")
#: More levels of escaping than this is not debris but a pattern (``&amp;amp;…`` a
#: hundred times over); it is left alone, so that a repair needs one pass at most.
MAX_ESCAPES = 16


def _evaluate(text: str, m: re.Match[str], tokens: Tokens) -> EntityMatch | None:
    semi = m.group("semi") is not None
    spaced = bool(m.group("space")) or " " in m.group("amps")
    double = bool(m.group("amps"))
    end = m.end()
    if m.group("name") is not None:
        name = m.group("name")
        decoded = _decode_name(name, semi)
        if decoded is None:
            return None
        value, used, confidence = decoded
        if used != name:  # a prefix matched: the rest is text
            end = m.start("name") + len(used)
        if spaced and not _spaced_ok(used, semi):
            return None
        if not semi and tokens.in_address(m.start(), end):
            return None  # "?a=1&copy=2" in a URL
        entity = f"&{used};"
    else:
        number = m.group("dec") or ("x" + m.group("hex"))
        if not semi and tokens.in_address(m.start(), end):
            return None
        entity = f"&#{number};"
        value = html.unescape(entity)
        if value in (entity, "\ufffd"):
            return None
        confidence = 1.0 if semi else 0.9
    kind = DOUBLE if double else SPACED if spaced else PLAIN if semi else SEMICOLON
    start = m.start()
    if kind == SPACED:
        confidence = min(confidence, 0.95)
    elif kind == DOUBLE:
        confidence = min(confidence, 0.98)
    # Spaced debris of a closing quote also leaves a space before it.
    closing = value in ("”", "’")
    if (
        spaced
        and closing
        and start > 1
        and text[start - 1] == " "
        and not text[start - 2].isspace()
    ):
        start -= 1
    return EntityMatch(start, end, value, kind, confidence, entity)


def _parse(text: str, pos: int, tokens: Tokens) -> EntityMatch | None:
    escapes = _ANY_AMP_CHAIN.match(text, pos)
    if escapes is not None and escapes.group().count(";") > MAX_ESCAPES:
        return None
    m = _ENTITY.match(text, pos)
    found = _evaluate(text, m, tokens) if m is not None else None
    if found is not None:
        return found
    chain = _AMP_CHAIN.match(text, pos)  # "&amp;" (or "&amp;amp;") before ordinary text
    if chain is None:
        return None
    kind = DOUBLE if chain.group().count(";") > 1 else PLAIN
    return EntityMatch(pos, chain.end(), "&", kind, 1.0 if kind == PLAIN else 0.98, "&amp;")


def scan(text: str) -> Iterator[EntityMatch]:
    """Every piece of entity debris in ``text``, classified."""
    tokens = Tokens(text)
    pos = text.find("&")
    while pos >= 0:
        found = _parse(text, pos, tokens)
        if found is not None:
            yield found
        pos = text.find("&", found.end if found is not None else pos + 1)


_REASONS = {
    PLAIN: "HTML entity {entity} left in the text",
    DOUBLE: "double-escaped HTML entity ({entity} escaped again)",
    SPACED: "HTML entity {entity} broken by a space",
    SEMICOLON: "HTML entity {entity} without its semicolon",
}


def _edits(text: str, ctx: FixContext, kind: str) -> Iterator[Edit]:
    for em in scan(text):
        if em.kind == kind:
            reason = _REASONS[kind].format(entity=em.entity)
            yield ctx.edit(em.start, em.end, em.after, reason, confidence=em.confidence)


@fixer("clean.entities", stage="clean", order=20, severity="error")
def plain_entities(text: str, ctx: FixContext) -> Iterator[Edit]:
    """HTML entities (&rdquo; &#8220; &#x201C;) decoded, also in lines with markup."""
    return _edits(text, ctx, PLAIN)


@fixer("clean.entities.double", stage="clean", order=21, severity="error")
def double_escaped_entities(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Double-escaped entities (&amp;rsquo; &amp;amp;quot;) decoded."""
    return _edits(text, ctx, DOUBLE)


@fixer("clean.entities.spaced", stage="clean", order=22, severity="error")
def spaced_entities(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Entities broken by a space (& rdquo; & #8220;) decoded."""
    return _edits(text, ctx, SPACED)


@fixer("clean.entities.semicolon", stage="clean", order=23, severity="error")
def unterminated_entities(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Known entities missing their semicolon (&mdash) decoded, outside URLs."""
    return _edits(text, ctx, SEMICOLON)
