"""Named entities in a Chinese sentence, and where they are (or are garbled) in the English.

The work is split by concern: :mod:`~mtfix.source.checks.han_names` finds the names of the
Chinese sentence, :mod:`~mtfix.source.checks.english_names` the capitalised spans of the
English one, and :mod:`~mtfix.source.checks.garbles` matches an entity whose rendering is
missing to the unaccounted span that sounds most like it.  This module caches the entities
of a document's sentences and re-exports what the checks use.
"""

from __future__ import annotations

from typing import Any

from mtfix.registry import FixContext
from mtfix.source.checks.english_names import NameSpan, folded_words, name_spans, present
from mtfix.source.checks.garbles import Garble, find_garble, similarity, syllable_diff
from mtfix.source.checks.han_names import GENERIC_NOUNS, Entity, find_entities, titled_names
from mtfix.source.checks.lexicon import Lexicon
from mtfix.zh.personal_names import is_transliteration
from mtfix.zh.pinyin import split_syllables as pinyin_syllables

__all__ = [
    "GENERIC_NOUNS",
    "Entity",
    "Garble",
    "NameSpan",
    "entities_for",
    "find_entities",
    "find_garble",
    "folded_words",
    "get_lexicon",
    "is_transliteration",
    "name_spans",
    "pinyin_syllables",
    "present",
    "similarity",
    "syllable_diff",
    "titled_names",
]


def get_lexicon(ctx: FixContext) -> Lexicon:
    """The lexicon for this repairer's glossary, built once."""
    repairer = ctx.state.get("repairer")
    if repairer is None:
        return Lexicon(ctx.glossary)
    lexicon: Lexicon = repairer.resource("source.checks.lexicon", lambda: Lexicon(ctx.glossary))
    return lexicon


def _words(zh: str, glossary: Any) -> list[tuple[str, str, int, int]]:
    """``(word, tag, start, end)`` from mtfix.source.zh's segmenter."""
    from mtfix.source import zh as zhmod

    seg = zhmod.segmenter(zhmod.glossary_terms(glossary))
    return [(w.text, w.tag, w.start, w.end) for w in seg.words(zh)]


def _simplified(text: str) -> str:
    try:
        from mtfix.source.zh import normalize
    except ImportError:  # pragma: no cover
        return text
    return normalize(text)


def entities_for(ctx: FixContext, zh: str) -> list[Entity]:
    """:func:`find_entities` for a source sentence, cached for the document.

    Names found after a title anywhere in the document (副主席夏立言) are looked for in
    every sentence, since jieba often cuts them apart.
    """
    cache: dict[str, list[Entity]] = ctx.state.setdefault("source.checks.entities", {})
    if zh not in cache:
        names = ctx.state.get("source.checks.titled_names")
        if names is None:
            doc = ctx.state.get("source_doc")
            sentences = [s.text for s in doc.zh_sentences] if doc is not None else [zh]
            names = set()
            for sent in sentences:
                names.update(titled_names(_words(sent, ctx.glossary)))
            ctx.state["source.checks.titled_names"] = names
        cache[zh] = find_entities(
            zh, get_lexicon(ctx), glossary=ctx.glossary, unknown=True, extra_names=names
        )
    return cache[zh]
