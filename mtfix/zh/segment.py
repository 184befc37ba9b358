"""Word segmentation and part-of-speech tags (jieba), with CC-CEDICT's proper nouns.

jieba's dictionaries are cached in mtfix's cache folder, not in the system's
temporary folder.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtfix.zh import cedict
from mtfix.zh.cache import cache_dir, interned, write_cache_file
from mtfix.zh.script import has_han
from mtfix.zh.text import normalize, to_simplified

if TYPE_CHECKING:
    from mtfix.rules.glossary import Glossary

log = logging.getLogger(__name__)

#: Part-of-speech tags of proper nouns in jieba's tag set.
NAME_TAGS = frozenset({"nr", "ns", "nt", "nz", "nrt", "nrfg"})
#: Frequency given to added proper nouns: enough to be cut as one word.
_USER_WORD_FREQ = 20


@dataclass(frozen=True)
class Word:
    """A word of the source: its text, jieba's part-of-speech tag and offsets."""

    text: str
    tag: str
    start: int
    end: int

    @property
    def is_name(self) -> bool:
        return self.tag in NAME_TAGS


def _user_dictionary() -> Path:
    """jieba's dictionary plus CC-CEDICT's proper nouns, written once to the cache."""
    import jieba

    proper = cedict.proper_nouns()
    base = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    signature = json.dumps([base.stat().st_size, _USER_WORD_FREQ, sorted(proper.items())])
    key = hashlib.sha1(signature.encode()).hexdigest()[:12]
    path = cache_dir() / f"jieba-dict-cedict-{key}.txt"
    if path.exists():
        return path
    base_text = base.read_text(encoding="utf-8")
    known = {line.split(" ", 1)[0] for line in base_text.splitlines()}
    extra = [f"{w} {_USER_WORD_FREQ} {t}" for w, t in sorted(proper.items()) if w not in known]
    write_cache_file(path, base_text.rstrip("\n") + "\n" + "\n".join(extra) + "\n")
    return path


class Segmenter:
    """jieba word segmentation and POS tags, with CC-CEDICT and glossary names."""

    def __init__(self, extra_words: Iterable[str] = (), *, base: Segmenter | None = None) -> None:
        import jieba

        t0 = time.perf_counter()
        jieba.setLogLevel(logging.WARNING)
        pos_tokenizer = _pos_tokenizer_class()
        if base is None:
            self._tokenizer = jieba.Tokenizer(str(_user_dictionary()))
            self._tokenizer.tmp_dir = str(cache_dir())
            self._tokenizer.initialize()
            self._pos = pos_tokenizer(self._tokenizer)
        else:  # copy base's loaded dictionaries: much faster than loading them again
            self._tokenizer = jieba.Tokenizer(base._tokenizer.dictionary)
            self._tokenizer.tmp_dir = base._tokenizer.tmp_dir
            self._tokenizer.FREQ = dict(base._tokenizer.FREQ)
            self._tokenizer.total = base._tokenizer.total
            self._tokenizer.initialized = True
            self._pos = pos_tokenizer(self._tokenizer, dict(base._pos.word_tag_tab))
        for word in extra_words:
            if has_han(word):
                self._tokenizer.add_word(to_simplified(word), _USER_WORD_FREQ, "nz")
        log.debug("jieba ready in %.2fs", time.perf_counter() - t0)

    @property
    def cache_file(self) -> Path:
        """Where jieba keeps its prefix dictionary."""
        digest = hashlib.md5(self._tokenizer.dictionary.encode("utf-8", "replace")).hexdigest()
        return Path(self._tokenizer.tmp_dir) / f"jieba.u{digest}.cache"

    def words(self, text: str) -> list[Word]:
        """Words of ``text`` with POS tags; offsets index ``text``.

        Segmentation runs on the normalised (simplified) text, whose
        offsets are those of ``text``.
        """
        out: list[Word] = []
        pos = 0
        for pair in self._pos.cut(normalize(text)):
            word, tag = pair.word, pair.flag
            out.append(Word(text[pos : pos + len(word)], tag, pos, pos + len(word)))
            pos += len(word)
        return out

    def dictionary_tag(self, word: str) -> str | None:
        """jieba's dictionary tag of a word (``t`` for 本周 "this week"), or ``None``."""
        tag: str | None = self._pos.word_tag_tab.get(normalize(word))
        return tag

    def names(self, text: str) -> list[Word]:
        """The proper nouns of ``text`` (person, place, organisation, other)."""
        return [w for w in self.words(text) if w.is_name and has_han(w.text)]


def _import_posseg() -> Any:
    """``jieba.posseg``, without parsing jieba's dictionary for a tagger mtfix does not use.

    On import, jieba.posseg builds a module-level tagger for jieba's default
    dictionary (``jieba.posseg.cut``), reading every line of it (about 2 s and
    50 MB).  mtfix tags with its own tokenizer, so that tagger's table is read
    when it is first used instead, as it would have been.
    """
    import sys

    import jieba

    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba.posseg"]
    jieba.dt.get_dict_file = lambda: io.BytesIO()  # an empty dictionary, for the import
    try:
        import jieba.posseg
    finally:
        del jieba.dt.get_dict_file

    class LazyTagger(jieba.posseg.POSTokenizer):  # type: ignore[misc]
        """A tagger whose word → tag table is read when first used."""

        @property
        def word_tag_tab(self) -> dict[str, str]:
            if self.__dict__.get("_word_tag_tab") is None:
                self.load_word_tag(self.tokenizer.get_dict_file())
            tab: dict[str, str] = self.__dict__["_word_tag_tab"]
            return tab

        @word_tag_tab.setter
        def word_tag_tab(self, tab: dict[str, str]) -> None:
            self.__dict__["_word_tag_tab"] = tab

    tagger = jieba.posseg.dt
    del tagger.word_tag_tab
    tagger.__class__ = LazyTagger
    return jieba.posseg


@lru_cache(maxsize=1)
def _pos_tokenizer_class() -> Any:
    """jieba's POS tokenizer, with its word → tag table cached (parsing it takes ~1s)."""
    import marshal

    posseg = _import_posseg()
    pos_tokenizer: Any = posseg.POSTokenizer

    class CachedPOSTokenizer(pos_tokenizer):  # type: ignore[misc]
        def __init__(self, tokenizer: Any, word_tag_tab: dict[str, str] | None = None) -> None:
            if word_tag_tab is None:
                super().__init__(tokenizer)
            else:
                self.tokenizer = tokenizer
                self.word_tag_tab = word_tag_tab

        def load_word_tag(self, f: Any) -> None:
            f.close()
            dictionary = Path(self.tokenizer.dictionary)
            # Interned: the tags, and the words jieba's counts share (source rarity), are
            # one object each, not one per line.
            path = cache_dir() / f"{dictionary.name}.tags.interned.marshal"
            if path.exists() and path.stat().st_mtime >= dictionary.stat().st_mtime:
                try:
                    self.word_tag_tab = marshal.loads(path.read_bytes())
                    return
                except (OSError, ValueError, EOFError, TypeError):
                    pass
            super().load_word_tag(self.tokenizer.get_dict_file())
            tmp = path.with_name(f"{path.name}.{time.time_ns()}.tmp")
            try:
                tmp.write_bytes(marshal.dumps(interned(self.word_tag_tab)))
                tmp.replace(path)
            except OSError:
                tmp.unlink(missing_ok=True)

    return CachedPOSTokenizer


@lru_cache(maxsize=8)
def segmenter(extra_words: tuple[str, ...] = ()) -> Segmenter:
    """A shared :class:`Segmenter` (one per set of extra words)."""
    if not extra_words:
        return Segmenter()
    return Segmenter(extra_words, base=segmenter())


def glossary_terms(glossary: Glossary | None) -> tuple[str, ...]:
    """The Chinese forms a glossary knows, to keep them whole when segmenting."""
    if glossary is None:
        return ()
    terms = {form for entry in glossary for form in entry.zh_forms if has_han(form)}
    return tuple(sorted(terms))
