"""Named entities in a Chinese sentence, and where they are (or are garbled) in the English.

The work is split by concern: :mod:`~mtfix.source.checks.han_names` finds the names of the
Chinese sentence, :mod:`~mtfix.source.checks.english_names` the capitalised spans of the
English one, and :mod:`~mtfix.source.checks.garbles` matches an entity whose rendering is
missing to the unaccounted span that sounds most like it.  This module caches the entities
of a document's sentences and re-exports what the checks use.
"""

from __future__ import annotations

from typing import Any

from mtfix.registry import FixContext, Resource
from mtfix.source.analysis import WORDS
from mtfix.source.checks.english_names import NameSpan, folded_words, name_spans, present
from mtfix.source.checks.garbles import (
    Garble,
    derived_mention,
    find_garble,
    inflected_part,
    own_spelling,
    similarity,
    syllable_diff,
)
from mtfix.source.checks.han_names import (
    GENERIC_NOUNS,
    Entity,
    find_entities,
    foreign_people,
    source_glosses,
    tagged_names,
    titled_names,
)
from mtfix.source.checks.lexicon import Lexicon
from mtfix.zh.personal_names import is_transliteration
from mtfix.zh.pinyin import split_syllables as pinyin_syllables

__all__ = [
    "GENERIC_NOUNS",
    "LEXICON",
    "Entity",
    "Garble",
    "NameSpan",
    "cached_words",
    "derived_mention",
    "entities_for",
    "find_entities",
    "find_garble",
    "folded_words",
    "inflected_part",
    "is_transliteration",
    "name_spans",
    "own_spelling",
    "pinyin_syllables",
    "present",
    "similarity",
    "syllable_diff",
    "titled_names",
]


def _lexicon(config: object, glossary: Any) -> Lexicon:
    return Lexicon(glossary)


#: The lexicon for a repairer's glossary, built once.
LEXICON: Resource[Lexicon] = Resource("source.checks.lexicon", _lexicon)


def cached_words(ctx: FixContext, zh: str) -> list[tuple[str, str, int, int]]:
    """``(word, tag, start, end)`` of a source sentence, cut once per repairer."""
    return [(w.text, w.tag, w.start, w.end) for w in ctx.resource(WORDS).words(zh)]


def entities_for(ctx: FixContext, zh: str) -> list[Entity]:
    """:func:`find_entities` for a source sentence, kept in the source analysis.

    Names found after a title anywhere in the document (副主席夏立言), and three-character
    names jieba tags in one sentence (赵春山), are looked for in every sentence, since jieba
    often cuts them apart.
    """
    lexicon = ctx.resource(LEXICON)
    analysis = ctx.analysis
    if analysis is None:
        words = cached_words(ctx, zh)
        glossed = source_glosses([zh])
        return find_entities(
            zh, lexicon, glossary=ctx.glossary, words=words, unknown=True, glossed=glossed
        )
    if zh not in analysis.entities:
        if analysis.titled_names is None:
            names: set[str] = set()
            for sent in analysis.zh_sentences:
                words = cached_words(ctx, sent.text)
                names.update(titled_names(words), tagged_names(words))
            analysis.titled_names = frozenset(names)
        if analysis.foreign_names is None:
            analysis.foreign_names = frozenset(
                name
                for sent in analysis.zh_sentences
                for name in foreign_people(
                    sent.text, cached_words(ctx, sent.text), analysis.titled_names
                )
            )
        if analysis.glossed_names is None:
            analysis.glossed_names = source_glosses(s.text for s in analysis.zh_sentences)
        analysis.entities[zh] = find_entities(
            zh,
            lexicon,
            glossary=ctx.glossary,
            words=cached_words(ctx, zh),
            unknown=True,
            extra_names=analysis.titled_names,
            glossed=analysis.glossed_names,
            foreign_names=analysis.foreign_names,
        )
    return analysis.entities[zh]
