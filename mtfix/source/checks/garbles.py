"""Garbled names: the English span that most likely renders a source name wrongly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from mtfix.source.checks.english_names import (
    NameSpan,
    american_fold,
    ordinary_word,
    person_slot,
)
from mtfix.source.checks.han_names import Entity, generic_words
from mtfix.zh.cedict import PERSON, PLACE
from mtfix.zh.pinyin import fold, person_name, pinyin_word, split_syllables, syllable_readings
from mtfix.zh.words import word_table


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, fold(a), fold(b)).ratio()


#: Words that say what kind of place or body a name is, not which one ("Autonomous",
#: "County"); forms of address ("Uncle") are not among them.
_KIND_WORDS = frozenset(
    {
        "bay",
        "river",
        "lake",
        "mountain",
        "mountains",
        "island",
        "street",
        "road",
        "town",
        "village",
        "autonomous",
        "county",
        "district",
        "city",
        "province",
        "prefecture",
        "region",
        "banner",
        "township",
        "cathedral",
        "church",
        "university",
        "hospital",
    }
)


#: Below this, the words that name the place ("Hui" and "Ximeng Va") do not sound alike.
STEM_MIN_SIMILARITY = 0.5


def _alike_only_in_kind(text: str, names: tuple[str, ...]) -> bool:
    """``text`` sounds like each of ``names`` only through a word that says what kind of
    place it is: "Hui Autonomous" against "Ximeng Va Autonomous" (not "Germu City" against
    "Golmud City")."""
    a = " ".join(w for w in text.split() if w.lower() not in _KIND_WORDS)
    if a == text.strip():
        return False  # no kind word to be alike in
    for name in names:
        b = " ".join(w for w in name.split() if w.lower() not in _KIND_WORDS)
        if a and b and similarity(a, b) >= STEM_MIN_SIMILARITY:
            return False
    return True


def syllable_diff(entity: Entity, span: NameSpan) -> int | None:
    """How many syllables a pinyin span differs from a Chinese personal name in (same count)."""
    if not entity.syllables or entity.origin != "pinyin":
        return None
    parts = [p for p in re.split(r"[\s\-]+", span.text) if p]
    sylls: list[str] = []
    for p in parts:
        s = split_syllables(p)
        if s is None:
            return None
        sylls.extend(s)
    want = list(entity.syllables)
    if len(sylls) != len(want):
        return None
    readings = syllable_readings(entity.zh)
    diff = 0
    for k, (got, exp) in enumerate(zip(sylls, want, strict=True)):
        alt = readings[k] if k < len(readings) else set()
        if got != exp and got not in alt:
            diff += 1
    return diff


@dataclass(frozen=True)
class Garble:
    """An English span that seems to render an entity wrongly."""

    span: NameSpan
    score: float
    confidence: float
    why: str
    #: Which evidence found it (``one_syllable``, ``may_be``, ``alone``, ``reads_pinyin``,
    #: ``sounds_like``, ``leftover``): findings are calibrated by kind.
    kind: str = "may_be"


def find_garble(
    entity: Entity,
    en: str,
    spans: list[NameSpan],
    *,
    unique_missing: bool,
    one_to_one: bool,
    in_transliteration: bool = False,
) -> Garble | None:
    """The unaccounted span most likely to be ``entity``'s garbled rendering
    (``in_transliteration``: the entity is part of a longer transliterated name)."""
    if not spans:
        return None
    scored: list[tuple[float, NameSpan, int | None]] = []
    for sp in spans:
        if len(sp.text.split()) > 3:
            continue
        refs = list(entity.english) if entity.english else list(entity.syllables)
        if entity.origin != "pinyin":
            refs += [w for e in entity.english for w in e.split() if len(e.split()) > 1]
        score = max((similarity(sp.text, r) for r in refs), default=0.0)
        if entity.origin != "pinyin":
            score = max(score, similarity(sp.text, pinyin_word(entity.zh)))
        least = ORDINARY_MIN_SCORE if " " in sp.text.strip() else ORDINARY_WORD_MIN_SCORE
        if (
            score < least
            and all(ordinary_word(w) for w in sp.text.split())
            and not (entity.kind == PERSON and person_slot(en, sp.start, sp.end))
        ):
            continue  # "Organizational System", "Ruins": ordinary English, no garble
        if sp.text.isupper() and " " not in sp.text.strip() and not _like_initials(sp.text, entity):
            continue  # "KANS" for 韩束, "CES" for 中新网: an abbreviation of something else
        if entity.origin == "pinyin" and entity.kind == PERSON and own_spelling(entity, sp.text):
            continue  # "Nguyen Manh Hung" for 阮孟雄: a Vietnamese name, spelt its own way
        if (
            entity.origin == "pinyin"
            and (entity.kind == PLACE or in_transliteration)
            and foreign_spelling(sp.text)
        ):
            # "Balabac Strait" for 巴拉巴(克海峡), "Yevmenov" for 叶夫梅(诺夫): a foreign name's
            # own spelling, which no pinyin guess of its characters corrects.
            continue
        scored.append((score, sp, syllable_diff(entity, sp)))
    if not scored:
        return None
    scored.sort(key=lambda t: (t[2] == 1, t[0]), reverse=True)
    score, sp, diff = scored[0]
    if diff == 0:
        return None  # a reading of the name we did not list: not a garble
    if any(american_fold(sp.text) in american_fold(e) for e in entity.english) or inflected_part(
        entity, sp
    ):
        return None  # a partial mention: "Sanjiangyuan" for the whole reserve's name
    if derived_mention(entity, sp.text):
        return None  # "Pro Communist" for 亲中共: the name's own head word, in a longer phrase
    if entity.kind == PERSON and _shares_only_a_name_part(entity, sp):
        return None  # "Kim", "Zhou": a family name alone, or another person of that family
    alone = len(scored) == 1 and unique_missing and one_to_one
    if entity.origin == "pinyin" and entity.kind == PERSON:
        if diff == 1 and len(entity.syllables) >= 2 and _same_surname(entity, sp):
            return Garble(
                sp, score, 0.85, "differs from the source's name in one syllable", "one_syllable"
            )
        if score >= 0.5:
            return Garble(sp, score, 0.6, f"may be the source's name ({score:.2f})")
        if alone:
            return Garble(sp, score, 0.6, "the only unexplained name in a one-to-one link", "alone")
        return None
    if entity.kind == PERSON and similarity(sp.text, person_name(entity.zh)) > score:
        # Closer to the characters' pinyin than to the known name: a reading, not a typo.
        why = f"reads the characters as pinyin; usually {entity.preferred}"
        return Garble(sp, score, 0.6, why, "reads_pinyin")
    if score >= 0.75 and not sp.text.isupper():
        why = f"sounds like the source's name ({score:.2f})"
        words = [w for e in entity.english if len(e.split()) > 1 for w in e.split()]
        if (
            entity.origin == "pinyin"
            or _alike_only_in_kind(sp.text, (*entity.english, *words))
            # "Saunders" for CC-CEDICT's 桑德斯 (Sanders, a surname): another real name, which
            # the person may bear.  A known person's ("Schultz" for 朔尔茨 Scholz) is no such.
            or (
                entity.kind == PERSON
                and entity.origin == "cedict"
                and _another_real_spelling(sp.text)
            )
        ):
            # A pinyin reading of a transliterated name is a guess: shown, never applied.
            return Garble(sp, score, 0.6, why, "may_be")
        return Garble(sp, score, 0.8, why, "sounds_like")
    acronym = sp.text.isupper()  # "CNN", "KMT": deliberate, however wrong
    shares_word = entity.kind == PERSON or bool(
        {fold(w) for w in sp.text.split()} & {fold(w) for e in entity.english for w in e.split()}
    )
    trusted = entity.origin in ("source", "table", "glossary", "cedict")
    if alone and score >= 0.5 and trusted and not acronym and shares_word:
        return Garble(sp, score, 0.8, "the only unexplained name in a one-to-one link", "alone")
    if score >= 0.5 or (alone and score >= 0.3):
        return Garble(sp, score, 0.6, f"may be the source's name ({score:.2f})")
    return None


#: wordfreq Zipf frequency from which a one-word name is a common spelling of its own
#: ("Saunders" 3.6; not "Tonys" 2.1, "Merkle" 2.1).
REAL_SPELLING_ZIPF = 3.0


def _another_real_spelling(text: str) -> bool:
    """One word, no ordinary English word ("Tramp" is one), that English uses often as a
    name: maybe another spelling of a transliterated name rather than a garble of it."""
    from mtfix.clean.words import zipf

    word = text.strip()
    return " " not in word and not ordinary_word(word) and zipf(word.lower()) >= REAL_SPELLING_ZIPF


#: wordfreq Zipf frequency from which a one-word span is a name English text uses.
WESTERN_NAME_ZIPF = 2.0
#: … and from which one that also reads as pinyin ("Megan": me-gan) is one.
WESTERN_PINYIN_ZIPF = 3.0
#: How much a Western name must sound like the characters' pinyin ("Meghan", Meigen: 0.67).
WESTERN_NAME_SIMILARITY = 0.5


def western_rendering(entity: Entity, span: NameSpan) -> bool:
    """``span`` is a Western name that the characters of ``entity`` transliterate: one word
    that English text uses as a name (not an ordinary word, not pinyin), that sounds like
    the characters' pinyin, and characters that are at least as typical of transliterated
    names as of Chinese ones (梅根 "Meghan", 甘茨 "Gantz"; not 席安 "Sean", a Chinese name)."""
    from mtfix.clean.words import zipf
    from mtfix.zh.personal_names import transliteration_odds

    word = span.text.strip()
    if " " in word or ordinary_word(word):
        return False
    frequency = zipf(word.lower())
    pinyin = split_syllables(word.lower()) is not None
    if frequency < (WESTERN_PINYIN_ZIPF if pinyin else WESTERN_NAME_ZIPF):
        return False  # "Megan" reads as pinyin too: only a frequent English name counts
    if similarity(word, pinyin_word(entity.zh)) < WESTERN_NAME_SIMILARITY:
        return False
    odds = [transliteration_odds(c) for c in entity.zh]
    return sum(odds) / len(odds) >= 0


#: Ordinary English words in title case ("Organizational System") are taken for a garbled
#: name only when they sound at least this much alike.
ORDINARY_MIN_SCORE = 0.5
#: One ordinary word alone ("Ruins" for 葡京 Pujing, 0.55) needs more.
ORDINARY_WORD_MIN_SCORE = 0.6


def inflected_part(entity: Entity, span: NameSpan) -> bool:
    """Every word of the span is a word of a known rendering with an English ending
    ("Communists" for "Communist Party of China"), or a place's name made into a word for its
    people ("Londoner" for London, 伦敦人): another form, not a garble.  A person's name
    part alone is not one ("Xia" for Xia Liyan may be someone else)."""
    if entity.kind == PERSON:
        return False
    words = [fold(w) for w in span.text.split()]
    for form in entity.english:
        parts = {fold(p) for p in form.split()}
        if (
            len(parts) > 1
            and words
            and all(_stripped(w) in parts for w in words)
            and any(_stripped(w) != w for w in words)
        ):
            return True
        if entity.kind == PLACE and _demonym_of(words, fold(form)):
            return True
    return False


#: Endings that make a place's name a word for its people ("Londoner", "Parisians").
_DEMONYM_ENDINGS = ("ers", "er", "ians", "ian", "ans", "an", "ites", "ite", "ese")


def _demonym_of(words: list[str], form: str) -> bool:
    """A word of the span (or the span run together: "New Yorker") is the place's folded
    name with a people's ending."""
    return any(
        word == form + e or (form.endswith(e[0]) and word == form + e[1:])
        for word in {*words, "".join(words)}
        for e in _DEMONYM_ENDINGS
    )


def _stripped(word: str) -> str:
    """The word without a plural or possessive ending."""
    for ending in ("'s", "’s", "es", "s"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)]
    return word


def derived_mention(entity: Entity, text: str) -> bool:
    """``text`` has the first word of a known rendering of a body's name of two words or more,
    an ordinary English word (maybe inflected), and no other word of that rendering: a phrase
    derived from the name ("Pro Communist", "Chinese Communist" for 中共), not a garble.  Not
    a place's name ("Beijing Times" may well be 北京日报 garbled), nor a name that keeps
    another of its words ("Taiwan Office" for the Taiwan Affairs Office)."""
    if entity.kind == PERSON:
        return False
    words = {_stripped(fold(w)) for w in text.split()}
    for form in entity.english:
        head, *rest = form.split() or [""]
        if not rest or len(head) < 4 or not ordinary_word(head):
            continue
        if _stripped(fold(head)) in words and not (words - {_stripped(fold(head))}) & {
            _stripped(fold(w)) for w in rest
        }:
            return True
    return False


def _like_initials(acronym: str, entity: Entity) -> bool:
    """An abbreviation that may be the name's, garbled: all but one of its letters are those
    of a known abbreviation or of the initials of a known name of two words or more ("PDP"
    for the DPP, "NSE" for the Beijing Stock Exchange; not "CES" for Chinanews).  A name
    known only by its pinyin has no abbreviation ("KANS" is no garble of 韩束)."""
    if entity.origin == "pinyin":
        return False
    for form in entity.english:
        words = form.split()
        initials = form if form.isupper() else "".join(w[0] for w in words if w[:1].isupper())
        if len(words) < 2 and not form.isupper():
            continue
        if len(initials) == len(acronym) and (
            sum(a == b for a, b in zip(initials, acronym, strict=True)) >= len(acronym) - 1
            or sorted(initials) == sorted(acronym)
        ):
            return True
    return False


def own_spelling(entity: Entity, text: str) -> bool:
    """The span starts with the spelling the surname's own country uses (阮 "Nguyen")."""
    spellings = word_table("foreign_surname_spellings").get(entity.zh[:1], ())
    first = text.split()[0] if text.split() else ""
    return any(fold(first) == fold(s) for s in spellings)


#: Letters that pinyin never writes, its tone marks and ü apart ("Maranhão", "Tönnies").
_NOT_PINYIN_LETTER = re.compile(r"[^\W\daeiouüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜbcdfghjklmnpqrstvwxyz]", re.I)


def foreign_spelling(text: str, *, every_word: bool = False) -> bool:
    """The span is spelt its own way, which a pinyin guess of its characters cannot correct:
    a word of it is no pinyin, no ordinary English and no generic word ("Balabac",
    "Champlain", "Yevmenov"), or has a letter pinyin never writes ("Maranhão").  Chinese
    places are written in pinyin, or translated ("Saint Street"); Chinese people's names may
    come in other romanisations, which are not foreign ("Lam Kam-cheng").  With
    ``every_word``, no word of it is pinyin ("Pham Minh Chinh", not "Li Sbo")."""
    generic = generic_words()
    foreign = [
        _NOT_PINYIN_LETTER.search(word) is not None
        # "Lv": ü written v
        or split_syllables(re.sub(r"([ln])v", r"\1u", word.lower())) is None
        for word in re.split(r"[\s\-]+", text)
        if word and word not in generic and not ordinary_word(word)
    ]
    return bool(foreign) and (all(foreign) if every_word else any(foreign))


def _same_surname(entity: Entity, span: NameSpan) -> bool:
    """Reduplicated nicknames have no surname; other names must keep theirs."""
    first = fold(span.text.split()[0]) if span.text.split() else ""
    if entity.english and " " not in entity.english[0]:
        return True
    return first.startswith(entity.syllables[0]) if entity.syllables else False


def _shares_only_a_name_part(entity: Entity, span: NameSpan) -> bool:
    """The span is one word of the expected name (a family name alone) or shares only that."""
    for form in entity.english:
        parts = [fold(p) for p in re.split(r"[\s]+", form) if p]
        words = [fold(w) for w in span.text.split()]
        if len(parts) < 2:
            continue
        if len(words) == 1 and words[0] in parts:
            return True
        if entity.origin != "pinyin" and words and words[0] == parts[0] and len(words) > 1:
            rest = "".join(words[1:])
            if SequenceMatcher(None, rest, "".join(parts[1:])).ratio() < 0.5:
                return True
    return False
