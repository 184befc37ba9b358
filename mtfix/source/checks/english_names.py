"""Names in an English sentence: capitalised spans, and whether given forms are present."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from mtfix.zh.english_numbers import MONTH_NAMES
from mtfix.zh.pinyin import fold

#: CJK radicals, symbols, kana, Han and full-width forms, as a character class body.
_CJK = r"\u2e80-\u9fff\uff00-\uffef"
#: A letter of an English word: a Chinese character left in the English ("丨Beijing") is none.
LETTER = rf"[^\W\d_{_CJK}]"
_WORD = re.compile(rf"{LETTER}+(?:['’]{LETTER}+)*", re.UNICODE)
_NAME_WORD = re.compile(rf"{LETTER}+(?:['’-]{LETTER}+)*", re.UNICODE)
_CAP_SPAN = re.compile(
    rf"(?:(?<=[{_CJK}])|(?<![\w'’-]))[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:['’-][^\W\d_]+)*"
    r"(?:(?:\s+|-|\s*[·•]\s*)[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:['’-][^\W\d_]+)*)*"
)


@lru_cache(maxsize=1)
def _word_lists() -> dict[str, frozenset[str]]:
    """The lists of ``data/not_names.toml``, by key."""
    text = files("mtfix.source").joinpath("data/not_names.toml").read_text(encoding="utf-8")
    return {key: frozenset(words.split()) for key, words in tomllib.loads(text).items()}


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    """Capitalised words that are not names (sentence starts, titles, calendar words)."""
    return _word_lists()["words"] | frozenset(MONTH_NAMES)


def _roles() -> frozenset[str]:
    """English nouns for a person's role ("journalist", "spokesman")."""
    return _word_lists()["roles"]


#: "Sharp, a financial journalist from …": a noun phrase in apposition, up to its first
#: preposition or clause word; its last word is the head noun.
_APPOSITION = re.compile(r",\s+(?:a|an|the)\s+([^,.;:!?()\"“”]*)")
_PHRASE_END = re.compile(r"of|from|at|in|for|with|who|whom|whose|that|which|and|or|to")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\s+$")


def person_slot(en: str, start: int, end: int) -> bool:
    """The span ``en[start:end]`` stands where a person's name belongs: right after a role
    noun ("reporter Sharp") or followed by one in apposition ("Sharp, a journalist")."""
    before = _WORD_BEFORE.search(en, 0, start)
    if before and before.group(1).lower() in _roles():
        return True
    after = _APPOSITION.match(en, end)
    if not after:
        return False
    head: list[str] = []
    for word in after.group(1).split()[:6]:
        if _PHRASE_END.fullmatch(word.lower()):
            break
        head.append(word)
    return bool(head) and head[-1].lower() in _roles()


_DEMONYM = re.compile(r"(?:ese|ish|ian|ean|ans)$")


def _is_name_word(word: str) -> bool:
    low = word.lower().rstrip(".")
    return low not in _not_names() and not (_DEMONYM.search(low) and len(low) > 5)


#: Endings of English adverbs, adjectives and abstract nouns ("Interestingly", "Herbaceous").
_DERIVED = re.compile(
    r"(?:ly|ous|al|ive|ness|ment|tion|sion|ity|ing|ful|less|able|ible|ism|ist|ance|ence)$"
)
#: wordfreq Zipf frequency from which a derived word is ordinary English.
DERIVED_ZIPF = 3.0


def ordinary_word(word: str) -> bool:
    """An ordinary English word, not a name: written in lower case in CC-CEDICT's glosses
    more often than capitalised ("fortunately", "system"; not "einstein", "zhang"), or a
    frequent derived word ("interestingly"), and not pinyin."""
    from mtfix.zh.cedict import english_common_words
    from mtfix.zh.pinyin import split_syllables

    low = word.lower()
    if split_syllables(low) is not None:
        return False  # "Long", "He", "Fan": as likely a Chinese name as an English word
    if low in english_common_words():
        return True
    if not _DERIVED.search(low):
        return False
    from mtfix.clean.words import zipf

    return zipf(low) >= DERIVED_ZIPF


def derived_word(word: str) -> bool:
    """An ordinary English adverb, adjective or abstract noun ("Interestingly", "Herbaceous"),
    by its ending, or a frequent participle of a common verb ("Citing", though ci-ting reads
    as pinyin): never a name when only a sentence start capitalises it."""
    return (bool(_DERIVED.search(word.lower())) and ordinary_word(word)) or _participle(word)


#: wordfreq Zipf frequency from which an ordinary word is everyday English ("inside", "single").
EVERYDAY_ZIPF = 5.0


def everyday_word(word: str) -> bool:
    """An ordinary word of everyday English, or a compound that starts with one
    ("Single-ear"): never a name when only a sentence start capitalises it."""
    from mtfix.clean.words import zipf

    first = word.split("-")[0]
    return ordinary_word(first) and zipf(first.lower()) >= EVERYDAY_ZIPF


_PARTICIPLE = re.compile(r"(?:ing|ed)$")


def _participle(word: str) -> bool:
    """An -ing or -ed form, frequent in English, of a word CC-CEDICT's glosses use ("citing"
    of "cite"; not "Beijing", "Liming")."""
    from mtfix.clean.words import zipf
    from mtfix.zh.cedict import english_common_words

    low = word.lower()
    m = _PARTICIPLE.search(low)
    if m is None or zipf(low) < DERIVED_ZIPF:
        return False
    stem = low[: m.start()]
    common = english_common_words()
    return len(stem) >= 3 and any(
        s in common for s in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else "")
    )


#: What may stand before the first word of a sentence or quotation.
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;—–(\[\n]|[\"“‘'])[\s\"“‘'(\[]*$")


def at_sentence_start(en: str, start: int) -> bool:
    """Only the start of a sentence or quotation stands before ``start``."""
    return _SENTENCE_OPENING.search(en[:start]) is not None


@dataclass(frozen=True)
class NameSpan:
    """A capitalised run of words in the English sentence."""

    start: int
    end: int
    text: str

    @property
    def folded(self) -> str:
        return fold(self.text)


def name_spans(en: str) -> list[NameSpan]:
    """Capitalised spans, trimmed of sentence-start and title words, possessives dropped."""
    out: list[NameSpan] = []
    for m in _CAP_SPAN.finditer(en):
        words = [
            (w.start() + m.start(), w.end() + m.start()) for w in _NAME_WORD.finditer(m.group(0))
        ]
        run: list[tuple[int, int]] = []
        for a, b in [*words, (-1, -1)]:
            word = en[a:b] if a >= 0 else ""
            if (
                a >= 0
                and _is_name_word(word)
                and word[:1].isupper()
                # Capitalised only because a sentence starts: "Fortunately", "Herbaceous".
                and not (not run and at_sentence_start(en, a) and derived_word(word))
            ):
                run.append((a, b))
                continue
            if run and _everyday_word_alone(en, run):
                run = []  # "Single-ear" mode: no name
            if run:
                s, e = run[0][0], run[-1][1]
                text = en[s:e]
                for suffix in ("'s", "’s"):
                    if text.endswith(suffix):
                        text, e = text[: -len(suffix)], e - len(suffix)
                out.append(NameSpan(s, e, text))
                run = []
    return out


def _everyday_word_alone(en: str, run: list[tuple[int, int]]) -> bool:
    """The run is one word of everyday English that only a sentence start capitalises
    ("Single-ear", "Co-organized").  A longer run keeps its first word: "State Key
    Laboratory", "Law Guanghong" (a family name spelt like a word)."""
    a, b = run[0]
    return len(run) == 1 and at_sentence_start(en, a) and everyday_word(en[a:b])


def singular(token: str) -> str:
    """A word without its possessive or plural ending, lower case: "laboratories" → "laboratory"."""
    word = re.sub(r"['’]s$", "", token.lower())
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def folded_words(en: str) -> list[str]:
    words = []
    for m in _WORD.finditer(en):
        w = m.group(0)
        w = re.sub(r"['’]s$", "", w)
        words.append(fold(w))
    return words


#: Abbreviations that dictionaries use and English prose spells out (CC-CEDICT: "Mt Emei").
_SPELLED_OUT = (
    (re.compile(r"\bMt\.?(?= )"), "Mount"),
    (re.compile(r"\bMts\.?(?= )"), "Mountains"),
    (re.compile(r"\bSt\.?(?= [A-Z])"), "Saint"),
    (re.compile(r"\bFt\.?(?= )"), "Fort"),
)


def with_spelled_out(forms: Iterable[str]) -> tuple[str, ...]:
    """``forms`` and their abbreviations spelled out: "Mount Emei" renders "Mt Emei" too, so
    a correct, more formal form is never "corrected" to the abbreviation."""
    out = list(forms)
    for form in list(out):
        full = form
        for pattern, word in _SPELLED_OUT:
            full = pattern.sub(word, full)
        if full != form:
            out.append(full)
    return tuple(dict.fromkeys(out))


#: British spellings and their American forms: the same name either way ("Capital Theatre").
_AMERICAN = {
    "theatre": "theater",
    "centre": "center",
    "metre": "meter",
    "harbour": "harbor",
    "defence": "defense",
    "programme": "program",
    "labour": "labor",
    "organisation": "organization",
}


def american_fold(text: str) -> str:
    """``fold`` with British spellings made American: "Capital Theatre" meets "Theater"."""
    return "".join(_AMERICAN.get(w, w) for w in map(fold, text.split()))


def present(forms: Iterable[str], en: str) -> str | None:
    """The first of ``forms`` found in ``en`` as whole words (case, accents, spacing and
    British or American spelling aside)."""
    words = [_AMERICAN.get(w, w) for w in folded_words(en)]
    grams: set[str] = set()
    for n in range(1, 6):
        for i in range(len(words) - n + 1):
            grams.add("".join(words[i : i + n]))
    for form in forms:
        f = american_fold(form)
        if f and f in grams:
            return form
    return None
