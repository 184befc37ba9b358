"""Protect known names and terms during re-translation.

Each known Chinese form in a sentence is replaced by a placeholder (capital
Latin letters, which Marian-style models copy through), the sentence is
translated, and each placeholder is replaced by the term's English form.  A
translation that lost or repeated a placeholder is rejected, so a
re-translation never garbles a name the checks know.

Terms come from two places (see :func:`protected_terms`):

- the names the source checks found in the sentence with a known English form
  (glossary, names table or CC-CEDICT: :attr:`Entity.origin`), kept in the source
  analysis;
- the glossary's Chinese forms (:meth:`Glossary.names`: zh → English).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mtfix.rules.glossary import Glossary
    from mtfix.source.checks.entities import Entity

#: Placeholder shape: ``ZX`` + letters for the index; unlikely in real text.
PLACEHOLDER_PREFIX = "ZX"


@dataclass(frozen=True)
class Protected:
    """A term replaced by a placeholder."""

    zh: str
    en: str
    placeholder: str
    count: int


@dataclass(frozen=True)
class Masked:
    """A source sentence with its known terms replaced by placeholders."""

    original: str
    text: str
    terms: tuple[Protected, ...] = ()


def _placeholder(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return PLACEHOLDER_PREFIX + letters + "Q"


def _tolerant(placeholder: str) -> re.Pattern[str]:
    # Models sometimes split or lower-case a copied token: "ZXA Q", "Zxaq".
    return re.compile(r"\s?".join(map(re.escape, placeholder)), re.IGNORECASE)


def mask(zh: str, terms: Iterable[tuple[str, str]]) -> Masked:
    """Replace the terms' Chinese forms in ``zh`` by placeholders, longest first."""
    chosen: dict[str, str] = {}
    for z, e in terms:
        z, e = z.strip(), e.strip()
        if z and e and z in zh and z not in chosen:
            chosen[z] = e
    text = zh
    protected: list[Protected] = []
    for z in sorted(chosen, key=len, reverse=True):
        if z not in text:  # inside a longer term already masked
            continue
        ph = _placeholder(len(protected))
        count = text.count(z)
        text = text.replace(z, f" {ph} ")
        protected.append(Protected(z, chosen[z], ph, count))
    text = re.sub(r" {2,}", " ", text).strip() if protected else text
    return Masked(zh, text, tuple(protected))


def restore(candidate: str, masked: Masked) -> str | None:
    """The candidate with placeholders replaced by English forms.

    ``None`` when a placeholder is missing or appears too often (a term was
    lost or invented), or when the text still contains placeholder debris.
    """
    out = candidate
    for term in masked.terms:
        pattern = _tolerant(term.placeholder)
        if len(pattern.findall(out)) != term.count:
            return None
        out = pattern.sub(term.en.replace("\\", "\\\\"), out)
    if re.search(PLACEHOLDER_PREFIX + r"[A-Z]+Q", out, re.IGNORECASE):
        return None
    return re.sub(r"\s+([,.;:!?%)])", r"\1", re.sub(r" {2,}", " ", out)).strip()


#: Entity origins whose English form is known, not guessed (pinyin guesses are not kept).
KNOWN_ORIGINS = frozenset({"source", "glossary", "table", "cedict"})


def known_names(entities: Iterable[Entity]) -> list[tuple[str, str]]:
    """``(zh, en)`` of the entities whose English form is known."""
    return [
        (e.zh, e.preferred) for e in entities if e.preferred and e.origin in KNOWN_ORIGINS
    ]


def protected_terms(glossary: Glossary, entities: Iterable[Entity] = ()) -> list[tuple[str, str]]:
    """``(zh, en)`` pairs of the names and terms re-translation must keep."""
    found: list[tuple[str, str]] = known_names(entities)
    found.extend((z, e) for z, e in glossary.names().items() if z and e)
    return found
