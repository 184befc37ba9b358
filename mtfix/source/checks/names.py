"""``source.names``: names in the source must be rendered right in the English.

For each name in the Chinese sentence (glossary, names table, CC-CEDICT, jieba's person and
place tags) the expected English is looked for in the aligned English sentence.  When it is
missing, the capitalised span that sounds most like it and that no other name explains is
taken for a garble: replaced when the evidence is strong (a pinyin name one syllable off,
a close spelling, the only unexplained name of a one-to-one link), flagged otherwise.
Format slips of a name that is there are fixed too: ``Zheng Yu Xin`` → ``Zheng Yuxin``
(a Chinese given name is one word), ``Zhu Geliang`` → ``Zhuge Liang`` (a compound
surname is one word), ``Xian`` → ``Xi'an``.  Two kinds of mix-up are only
flagged (:mod:`~mtfix.source.checks.name_mixups`): another person's name written where a
missing one stands (``reused_name``), a given name translated word by word
(``word_by_word``), and a known name rendered from its characters' meanings (``literal``:
"National Party" for 国民党, Kuomintang).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer
from mtfix.source.checks._base import Pair, aligned_pairs, short
from mtfix.source.checks.english_names import (
    LETTER,
    at_sentence_start,
    ordinary_word,
    person_slot,
    with_spelled_out,
)
from mtfix.source.checks.entities import (
    Entity,
    Garble,
    NameSpan,
    derived_mention,
    entities_for,
    find_garble,
    inflected_part,
    is_transliteration,
    name_spans,
    own_spelling,
    present,
    similarity,
)
from mtfix.source.checks.garbles import foreign_spelling, western_rendering
from mtfix.source.checks.han_names import generic_words, story_abroad
from mtfix.source.checks.lexicon import Lexicon, explained_by_source, known_english_names
from mtfix.source.checks.name_mixups import (
    gloss_table,
    glossed_given_name,
    literal_renderings,
    reused_renderings,
)
from mtfix.source.checks.species import SPECIES_CONFIDENCE, garbled_species
from mtfix.zh.cedict import ORG, PERSON, PLACE
from mtfix.zh.personal_names import is_common_surname, split_surname
from mtfix.zh.pinyin import fold, person_name, person_pinyin, pinyin_word, syllables
from mtfix.zh.provinces import province_by_english
from mtfix.zh.script import HAN_CHARS

if TYPE_CHECKING:
    from mtfix.zh.segment import Word

#: Confidence of a format fix (spacing of a given name, a missing apostrophe).
FORMAT_CONFIDENCE = 0.85


def locate(form: str, en: str) -> list[tuple[int, int]]:
    """Where ``form`` occurs in ``en``, ignoring case, accents, spaces, hyphens, apostrophes."""
    letters = fold(form)
    if not letters:
        return []
    sep = r"[\s\-'’]?"
    body = sep.join(_letter_class(c) for c in letters)
    pattern = re.compile(rf"(?<!{LETTER}){body}(?!{LETTER})", re.I)
    return [m.span() for m in pattern.finditer(en)]


def _letter_class(c: str) -> str:
    variants = {"a": "aàáâäå", "e": "eèéêë", "i": "iìíîï", "o": "oòóôöø", "u": "uùúûü", "c": "cç"}
    return f"[{variants[c]}]" if c in variants else re.escape(c)


def _format_fix(ent: Entity, en: str) -> tuple[int, int, str, str, str] | None:
    """A present name written in the wrong form: ``(start, end, fixed, why, kind)``."""
    preferred = ent.preferred
    if preferred is None:
        return None
    for a, b in locate(preferred, en):
        found = en[a:b]
        if found == preferred or found.lower() == preferred.lower():
            return None
        if "'" in preferred and found.replace(" ", "") == preferred.replace("'", ""):
            return (
                a,
                b,
                preferred,
                "pinyin needs an apostrophe before a syllable that starts a, o or e",
                "format",
            )
        if (
            ent.origin == "pinyin"
            and ent.kind == PERSON
            and " " in preferred
            and found.count(" ") > preferred.count(" ")
            and "-" not in found
            and found.replace(" ", "").lower() == preferred.replace(" ", "").lower()
            and found[:1].isupper()
        ):
            return a, b, preferred, "a Chinese given name is written as one word", "format"
        if _compound_surname_split(ent, found, preferred):
            surname = preferred.split()[0]
            why = f"the surname is {surname}, one word (a compound surname)"
            return a, b, preferred, why, "surname_split"
    return None


def _compound_surname_split(ent: Entity, found: str, preferred: str) -> bool:
    """A compound surname cut at the wrong syllable: "Zhu Geliang" for 诸葛亮 (Zhuge Liang),
    "Ou Yangxiu" for 欧阳修: the same letters, the first word not the surname."""
    if ent.kind != PERSON or is_transliteration(ent.zh) or not found[:1].isupper():
        return False
    surname, _ = split_surname(ent.zh)
    words = preferred.split()
    if len(surname) != 2 or len(words) != 2 or "-" in found or "-" in preferred:
        return False
    if fold(words[0]) != fold(person_pinyin(ent.zh)[0]):
        return False  # the known form is not the pinyin surname first
    parts = found.split()
    return len(parts) == 2 and fold(found) == fold(preferred) and fold(parts[0]) != fold(words[0])


#: Words of a foreign name that are no name on their own.
_NAME_PARTICLES = frozenset(
    ["de", "da", "di", "del", "della", "van", "von", "der", "den", "du", "la", "le", "al", "el"]
)


def _family_name(full: str) -> str:
    """The last word of a full name, with the particles before it: "von der Leyen"."""
    words = full.split()
    k = len(words) - 1
    while k > 1 and words[k - 1] in _NAME_PARTICLES:
        k -= 1
    return " ".join(words[k:])


def name_parts(ent: Entity) -> tuple[str, ...]:
    """Words of a foreign person's known full name that may stand for it alone:
    "Einstein" for Albert Einstein, "Galileo" for Galileo Galilei."""
    if ent.kind != PERSON or ent.origin == "pinyin":
        return ()
    parts = [
        word
        for form in ent.english
        if len(form.split()) > 1
        for word in form.split()
        if len(word) > 2 and word.lower() not in _NAME_PARTICLES
    ]
    return tuple(dict.fromkeys(parts))


def accounted_for(ent: Entity, en: str, spans: list[NameSpan]) -> bool:
    """The English renders the entity: a known form, or a part of one standing alone as a
    name (not "Hans" in "Hans Modlow")."""
    if present(with_spelled_out(ent.english), en) is not None:
        return True
    parts = {fold(p) for p in name_parts(ent)}
    return any(
        fold(sp.text) in parts or inflected_part(ent, sp) or derived_mention(ent, sp.text)
        for sp in spans
    )


def pair_problems(
    pair: Pair,
    entities: list[Entity],
    *,
    abroad: bool = False,
    cantonese: Collection[str] = (),
) -> Iterator[tuple[int, int, str, str, float, dict[str, Any]]]:
    """Edits for one pair: ``(start, end, after, reason, confidence, data)`` on ``pair.en``
    (``abroad``: :func:`story_abroad` of the document; ``cantonese``: people of the Hong Kong
    and Macau governments, whose names are spelt the Cantonese way)."""
    en = pair.en
    spans = name_spans(en)
    missing: list[Entity] = []
    rendered: list[tuple[int, int]] | None = None
    #: Literal renderings found, by source name (a name is looked for once).
    literal_spans: dict[str, list[tuple[int, int]]] = {}
    for ent in entities:
        if not ent.english and ent.origin == "foreign":
            # 越南…参谋长阮雄胜: the Mandarin reading is no rendering of a Vietnamese name.
            literal = person_name(ent.zh)
            for a, b in locate(literal, en) if present((literal,), en) else []:
                if " " not in en[a:b] and _attested_spelling(en[a:b]):
                    continue  # 林德 "Linde": one word English uses, likely the name's own
                yield (
                    a,
                    b,
                    en[a:b],
                    (
                        f"{ent.zh} is introduced as a foreign person (a country or nationality "
                        f"stands before the name); {en[a:b]!r} is only the Mandarin reading of "
                        "the characters: check the person's own spelling"
                    ),
                    0.5,
                    {"source_name": ent.zh, "kind": "foreign_pinyin"},
                )
            continue
        if not ent.english:
            literal = pinyin_word(ent.zh)
            if _attested_spelling(literal):
                continue  # 阿米尼 "Amini": the pinyin is the name's own spelling too
            for a, b in locate(literal, en):
                yield (
                    a,
                    b,
                    en[a:b],
                    (
                        f"{ent.zh} is a transliterated foreign name; {en[a:b]!r} is only its "
                        "pinyin and no English rendering is known"
                    ),
                    0.5,
                    {"source_name": ent.zh, "kind": "pinyin_only"},
                )
            continue
        if ent.origin != "pinyin" and ent.kind == PERSON:
            literal = person_name(ent.zh)
            spots = locate(literal, en) if present((literal,), en) else []
            if spots and not accounted_for(ent, en, spans):
                a, b = spots[0]
                yield (
                    a,
                    b,
                    ent.english[0],
                    (
                        f"{en[a:b]!r} is the pinyin of {ent.zh}; the usual English is "
                        f"{ent.english[0]!r}"
                    ),
                    0.6,
                    {"source_name": ent.zh, "kind": "known_as_pinyin", "origin": ent.origin},
                )
                continue
        if accounted_for(ent, en, spans):
            fix = _format_fix(ent, en)
            if fix is not None:
                a, b, after, why, kind = fix
                yield (
                    a,
                    b,
                    after,
                    f"{why} ({ent.zh} → {after})",
                    _guessed_person_cap(ent, FORMAT_CONFIDENCE),
                    {"source_name": ent.zh, "kind": kind},
                )
            continue
        glossed = glossed_given_name(ent, en)
        if glossed is not None:
            a, b = glossed
            after = ent.preferred or en[a:b]
            yield (
                a,
                b,
                after,
                (
                    f"{en[a:b]!r} translates the given name of {ent.zh} word by word; "
                    f"the name is {after!r}"
                ),
                GLOSSED_CONFIDENCE,
                {"source_name": ent.zh, "kind": "word_by_word"},
            )
            continue
        if ent.zh not in literal_spans:
            if rendered is None:
                rendered = rendered_spans(entities, en)
            literal_spans[ent.zh] = literal_renderings(ent, en, pair.zh, rendered)
            after = ent.preferred or ""
            for a, b in literal_spans[ent.zh]:
                yield (
                    a,
                    b,
                    after,
                    (
                        f"{en[a:b]!r} renders the known name {ent.zh} word by word, from what "
                        f"its characters mean; the name is {after!r}"
                    ),
                    LITERAL_CONFIDENCE,
                    {"source_name": ent.zh, "kind": "literal", "origin": ent.origin},
                )
        if literal_spans[ent.zh]:
            continue  # rendered, if wrongly: no other span is paired with it
        missing.append(ent)
    if not missing:
        return
    free = unexplained_spans(spans, entities, en, pair.zh, rendered)
    said = [s for found in literal_spans.values() for s in found]
    # A span read as a literal rendering is explained: no other name is paired with it.
    free = [sp for sp in free if not any(a < sp.end and sp.start < b for a, b in said)]
    # "Lukaku" renders 卢卡库, of which the dictionary's 卢卡 (Luka) is only a part, and
    # "Meghan" is the Western name 梅根 transliterates: both sides are explained, and neither
    # is paired with anything else.
    rendered_by = {
        (sp.start, sp.end): ent
        for ent in missing
        for sp in free
        if renders_longer_name(sp.text, pair.zh, ent)
        or (ent.origin == "pinyin" and ent.kind == PERSON and western_rendering(ent, sp))
        # 张建宗 "Matthew Cheung Kin-chung": a government official's own spelling
        or (ent.zh in cantonese and _cantonese_spelling(ent.zh, sp.text))
    }
    missing = [e for e in missing if e not in rendered_by.values()]
    free = [sp for sp in free if (sp.start, sp.end) not in rendered_by]
    searchable = [e for e in missing if not (e.kind == ORG and e.origin == "cedict")]
    owners = _given_name_owners(free, entities)
    found = []
    for ent in searchable:
        # "Chiu Chun-shan" is 赵春山's (his given name): never another name's garble.
        own = [sp for sp in free if owners.get((sp.start, sp.end), ent) is ent]
        garble = find_garble(
            ent,
            en,
            own,
            unique_missing=len(searchable) == 1,
            one_to_one=pair.one_to_one,
            in_transliteration=_runs_on_as_transliteration(ent, pair.zh),
        )
        if garble is None or _left_to_places(garble.span, en):
            continue
        if abroad and (
            (ent.kind == PLACE and foreign_spelling(garble.span.text))
            or (
                ent.origin == "pinyin"
                and len(garble.span.text.split()) > 1
                and foreign_spelling(garble.span.text, every_word=True)
            )
        ):
            # "Bei Giang" for 北江 in a story on Vietnam: Bac Giang, garbled or not; "Pham Minh
            # Chinh" for 范明政: the person's own name, which no pinyin guess corrects ("Li
            # Sbo" and "Lisbo" for 李思博 are still garbles).
            continue
        if _credit_line(ent, pair.zh) and not (
            _names_an_organisation(garble.span.text)
            or (garble.score >= 0.5 and _where_credits_stand(garble.span, en, ent))
        ):
            # "-中新网" after a headline: "Alps" is the story's, "Zhongxin" at the end the
            # credit's; "(Yang Fushan …)" after a dateline the reporters'.
            continue
        if any(
            _reads_other_characters(text, pair.zh, ent, straddling=True)
            for text in (garble.span.text, _name_head(garble.span.text))
        ):
            # "Yang Xing" is 羊行 of the same sentence, not a garbled 羊叔; "Migu Video" is
            # 咪咕视频, not a garbled 东方明珠.
            continue
        weak = garble.confidence < 0.8 and ent.kind != PERSON
        if weak and fold(garble.span.text) in known_english_names():
            continue  # a real name of something else, weakly matched: leave it
        if (
            ent.kind == PERSON
            and garble.confidence < 0.8
            and _names_an_organisation(garble.span.text)
            and not person_slot(en, garble.span.start, garble.span.end)
        ):
            # "(Xinhua)" where the reporter 刘贤 is missing: an agency, no person ("reporter
            # Shell" stands where a person does).
            continue
        found.append((ent, garble))
    garbled = {ent.zh for ent, _ in found}
    for ent in missing:
        if ent.zh in garbled:
            continue
        for a, b, other in reused_renderings(ent, entities, en, pair.zh):
            known = ent.preferred if ent.origin != "pinyin" else None
            after = known or en[a:b]  # a pinyin guess is no known rendering
            yield (
                a,
                b,
                after,
                (
                    f"the English names {other.zh} ({en[a:b]!r}) more often than the source "
                    f"does, and this one stands where the source has {ent.zh}, which the "
                    "English does not name" + (f" ({after!r})" if after != en[a:b] else "")
                ),
                REUSED_CONFIDENCE,
                {"source_name": ent.zh, "kind": "reused_name", "other_name": other.zh},
            )
    # Strongest evidence first; each English span answers for one name only.
    found.sort(key=lambda t: (t[1].confidence, t[1].score), reverse=True)
    # A name said once and answered by a span that sounds like it is rendered, if wrongly: no
    # odd word is its leftover.  A weaker match ("may be") leaves the leftovers their say.
    answered = {ent.zh for ent, g in found if g.kind in STRONG_GARBLES}
    unanswered = [e for e in searchable if e.zh not in answered or pair.zh.count(e.zh) > 1]
    found.extend(_leftovers(unanswered, [g.span for _, g in found], free, owners, pair.zh))
    claims = Counter((g.span.start, g.span.end) for _, g in found)
    used: set[tuple[int, int]] = set()
    for ent, garble in found:
        key = (garble.span.start, garble.span.end)
        if key in used:
            continue
        used.add(key)
        named = _replacement(ent, garble.span)
        whole_head = _garbled_head(ent.preferred, garble.span, en) if ent.preferred else None
        if whole_head:
            # "Ayatullah [Ali Khamenei]": the head of the whole name, which the rest follows.
            named, after = ent.preferred or named, whole_head
        else:
            after = _garbled_head(named, garble.span, en) or named
        start = _head_before(en, garble.span.start, after)
        if en[start : garble.span.end].lower() == after.lower():
            continue  # "Xinjiang [Uygur …]": with its head, already the name
        if en[start].isupper() and after[:1].islower() and at_sentence_start(en, start):
            after = after[0].upper() + after[1:]  # "The …" at a sentence's start stays capital
        confidence = _guessed_person_cap(ent, garble.confidence)
        if claims[key] > 1:
            # Two names of the source could be this span: which one it renders is a guess.
            confidence = min(confidence, AMBIGUOUS_CONFIDENCE)
        if by_convention(ent):
            confidence = min(confidence, CONVENTION_CONFIDENCE)
        reason = (
            f"source name {ent.zh} is {named!r} ({ent.origin}); the English has "
            f"{en[start : garble.span.end]!r}: {garble.why}"
            + (f"; only {after!r} is garbled" if after != named else "")
        )
        yield (
            start,
            garble.span.end,
            after,
            reason,
            confidence,
            {
                "source_name": ent.zh,
                "origin": ent.origin,
                "score": round(garble.score, 3),
                "kind": garble.kind,
            },
        )


def _head_before(en: str, start: int, after: str) -> int:
    """Where the replaced text starts: before ``start`` when the English right before it
    already has the first words of ``after`` (another name explained "Xinjiang" of "Xinjiang
    Uigur Autonomous Region"), so that a replacement does not repeat them."""
    before = en[:start]
    if not before[-1:].isspace():
        return start
    before = before.rstrip()
    words = after.split()
    low = before.lower()
    for n in range(len(words) - 1, 0, -1):
        head = " ".join(words[:n]).lower()
        if low.endswith(head) and not before[: -len(head)][-1:].isalnum():
            return len(before) - len(head)
    return start


#: wordfreq Zipf frequency from which a word is attested in English text.
ATTESTED_ZIPF = 1.5


def _attested_spelling(word: str) -> bool:
    """English text uses ``word`` ("Amini", "Sami"): a transliteration's pinyin may then be the
    name's own spelling, not a failure to find it."""
    from mtfix.clean.words import zipf

    return zipf(fold(word)) >= ATTESTED_ZIPF


#: Garble kinds whose span surely renders the name: it then has no leftovers.
STRONG_GARBLES = ("sounds_like", "one_syllable")
#: Confidence of a name whose given name is translated word by word (flagged, not applied).
GLOSSED_CONFIDENCE = 0.7
#: Confidence of a known name rendered word by word from its meanings (flagged, not applied).
LITERAL_CONFIDENCE = 0.6
#: Confidence of another person's name standing for a name the English lacks (flagged).
REUSED_CONFIDENCE = 0.6
#: Highest confidence of a fix to a span that two names of the source could render.
AMBIGUOUS_CONFIDENCE = 0.6
#: Highest confidence of a fix to a name whose romanisation follows another tradition.
CONVENTION_CONFIDENCE = 0.6


def by_convention(ent: Entity) -> bool:
    """A person written in Chinese characters whose English is not their pinyin: a Vietnamese,
    Korean, Japanese or Cantonese reading (范明政 → Pham Minh Chinh, 金正恩 → Kim Jong-un).

    Editors and references often keep the pinyin or another spelling for such names, so a
    repair towards the table's form is only shown, never applied.
    """
    if ent.kind != PERSON or ent.origin == "pinyin" or not ent.english:
        return False
    if is_transliteration(ent.zh) or not is_common_surname(split_surname(ent.zh)[0]):
        return False
    return fold(ent.english[0]) != fold(person_name(ent.zh))


#: Words at least this frequent in English (wordfreq's Zipf scale) are not taken for names.
COMMON_ZIPF = 4.6


def _plain_english(text: str) -> bool:
    """Every word is common English ("Data", "Two", "South"): a capitalised word, not a name."""
    from mtfix.clean.words import zipf

    return all(zipf(w.lower()) >= COMMON_ZIPF for w in text.split())


def _latin_in(word: str, zh: str) -> bool:
    """The source itself has this Latin text: 彼得·梅杰（Peter Meijer）."""
    return len(word) > 1 and word.lower() in zh.lower()


def _reads_other_characters(text: str, zh: str, *names: Entity, straddling: bool = False) -> bool:
    """``text`` is exactly the pinyin of two to four characters of the sentence outside
    ``names`` (or, with ``straddling``, across one's edge: 美陈 "Meichen" over jieba's 城美,
    where the English cut the characters otherwise)."""

    def other(a: int, b: int, e: Entity) -> bool:
        across = a < e.start < b < e.end or e.start < a < e.end < b
        return b <= e.start or a >= e.end or (straddling and across)

    return any(all(other(a, b, e) for e in names) for a, b in _readings(zh).get(fold(text), ()))


def _name_head(text: str) -> str:
    """The span without its trailing ordinary English words ("Migu" of "Migu Video",
    "Wudaoliang" of "Wudaoliang Protection Station"); empty when no word was dropped, or
    every word was."""
    words = text.split()
    while words and (ordinary_word(words[-1]) or words[-1].lower() in generic_words()):
        words.pop()
    return " ".join(words) if len(words) < len(text.split()) else ""


_HAN_RUN = re.compile(f"[{HAN_CHARS}]+")
#: How much closer a span must sound to a name extended by its neighbours' pinyin.
LONGER_NAME_GAIN = 0.1
LONGER_NAME_MIN = 0.85


def renders_longer_name(text: str, zh: str, ent: Entity) -> bool:
    """``text`` sounds more like ``ent``'s rendering extended by the pinyin of one or two Han
    characters next to it than like the rendering alone: the English renders a longer name
    that the entity is only a part of (卢卡库 "Lukaku" around 卢卡 "Luka", 莫纳什 "Monash"
    around 纳什 "Nash", 董卓文 "Dong Zhuowen" around 董卓, 映阳河 "Yingyang River" around
    阳河, whose pinyin guess must be there letter for letter).  A Chinese person read from
    the sentence itself is not cut short so: one that swallows a neighbour in English
    ("Zhang Xiongjia" for 张雄家, Zhang Xiong's home) is garbled, unless the character it
    swallows is a rare one that jieba left alone (:func:`_name_runs_on`)."""
    if ent.origin == "pinyin" and ent.kind == PERSON:
        return _name_runs_on(text, zh, ent)
    head = _name_head(text)
    if head and _renders_longer_name(head, zh, ent):
        return True  # "Tianhaixiang [Aviation Technology]" for 天海翔(航空科技)
    return _renders_longer_name(text, zh, ent)


def _renders_longer_name(text: str, zh: str, ent: Entity) -> bool:
    generic = generic_words()
    refs = [*ent.english, pinyin_word(ent.zh)]
    # 井村 "Jing Village" read inside 六井村 "Liujing Village": the stem meets its neighbour.
    refs += [" ".join(w for w in r.split() if w not in generic) for r in refs]
    refs = [r for r in refs if r]
    if ent.origin == "pinyin":
        # A pinyin guess must be there letter for letter: "Bayong Zhuokang" is 巴弄卓康
        # with 巴弄 (Banong) garbled, not a longer name around it.
        bare = fold(text)
        if not any(fold(r) in bare for r in refs):
            return False
    base = max(similarity(text, r) for r in refs)
    for k in (1, 2):
        after, before = zh[ent.end : ent.end + k], zh[max(0, ent.start - k) : ent.start]
        for r in refs:
            extended = []
            if len(after) == k and _HAN_RUN.fullmatch(after):
                extended.append(r + pinyin_word(after).lower())
            if len(before) == k and _HAN_RUN.fullmatch(before):
                extended.append(pinyin_word(before) + r.lower())
            for x in extended:
                score = similarity(text, x)
                if score >= LONGER_NAME_MIN and score >= base + LONGER_NAME_GAIN:
                    return True
    return False


@lru_cache(maxsize=256)
def _cut(zh: str) -> tuple[Word, ...]:
    """jieba's cut of a sentence, once per sentence (every name of it asks)."""
    from mtfix.zh.segment import segmenter

    return tuple(segmenter().words(zh))


def _runs_on_as_transliteration(ent: Entity, zh: str) -> bool:
    """The name is a piece of a longer foreign name: the character after it carries a
    transliteration on (叶夫梅 of 叶夫梅诺夫, Yevmenov), or the one before it stands alone in
    jieba's cut and is more typical of transliterations than of Chinese names (法 / 赫法赫,
    Fakhfakh)."""
    from mtfix.zh.personal_names import continues_transliteration, transliteration_odds

    after, before = zh[ent.end : ent.end + 1], zh[max(0, ent.start - 1) : ent.start]
    words = _cut(zh)
    if _HAN_RUN.fullmatch(after) and continues_transliteration(after):
        # Not where the character starts a word of its own: 陈光明 / 顿生 ("suddenly felt").
        following = next((w for w in words if w.start == ent.end), None)
        if following is None or len(following.text) == 1 or following.tag.startswith("nr"):
            return True
    if not _HAN_RUN.fullmatch(before) or transliteration_odds(before) <= 0:
        return False
    return any(w.start == ent.start - 1 and w.end == ent.start for w in words)


#: Last characters that make a name jieba guessed as a person's more likely a place's
#: (蒋口河联圩: the Jiangkou River's polder, not Jiang Kouhe).
_PLACE_LAST = frozenset("河湖村镇乡岛港湾")
#: The most a fix to such a name may be sure of: shown, never applied.
GUESSED_PERSON_CONFIDENCE = 0.6


def _guessed_person_cap(ent: Entity, confidence: float) -> float:
    """``confidence``, at most :data:`GUESSED_PERSON_CONFIDENCE` for a person only jieba
    knows whose last character names a kind of place."""
    if ent.kind == PERSON and ent.origin == "pinyin" and ent.zh[-1:] in _PLACE_LAST:
        return min(confidence, GUESSED_PERSON_CONFIDENCE)
    return confidence


#: A character jieba leaves alone after a two-character name is a word of its own from this
#: count in jieba's dictionary (家 41,022, 说 219,817), else a third character of the name
#: (熠 3, 祺 149).
RUN_ON_CHARACTER_COUNT = 1000


def _name_runs_on(text: str, zh: str, ent: Entity) -> bool:
    """``text`` is letter for letter the pinyin of a two-character name of jieba's and the
    character after it, which jieba left standing alone and which is rare as a word: the
    English has the whole name that jieba cut short (许靖 / 熠 "Xu Jingyi", 张家 / 祺 "Zhang
    Jiaqi"; not 张雄 / 家住 "Zhang Xiongjia", Zhang Xiong's home)."""
    from mtfix.zh.segment import word_counts

    end = ent.end
    if len(ent.zh) != 2 or end >= len(zh) or not _HAN_RUN.fullmatch(zh[end]):
        return False
    longer = zh[ent.start : end + 1]
    if fold(text) not in {fold(person_name(longer)), fold(pinyin_word(longer))}:
        return False
    if not any(w.start == end and w.end == end + 1 for w in _cut(zh)):
        return False
    counts, _ = word_counts()
    return int(counts.get(zh[end]) or 0) < RUN_ON_CHARACTER_COUNT


@lru_cache(maxsize=256)
def _readings(zh: str) -> dict[str, tuple[tuple[int, int], ...]]:
    """The pinyin of every run of two to four characters of ``zh`` → where it stands: read once
    per sentence, not once per English span."""
    from mtfix.zh.script import HAN_CHARS

    found: dict[str, list[tuple[int, int]]] = {}
    for m in re.finditer(f"[{HAN_CHARS}]{{2,}}", zh):
        sylls = syllables(m.group())
        for k in range(len(sylls)):
            for n in range(2, min(4, len(sylls) - k) + 1):
                a = m.start() + k
                found.setdefault("".join(sylls[k : k + n]), []).append((a, a + n))
    return {reading: tuple(spans) for reading, spans in found.items()}


def _left_to_places(span: NameSpan, en: str) -> bool:
    """A province in "City, Province": ``source.places`` decides that one."""
    return fold(span.text) in province_by_english() and en[: span.start].endswith(", ")


#: A leftover span must be this rare in English (wordfreq Zipf) to be shown as a suspect.
RARE_ZIPF = 4.0
#: How many such words one missing name may point at.
LEFTOVERS_PER_NAME = 2


@lru_cache(maxsize=256)
def _source_stems(zh: str) -> frozenset[str]:
    """The English stems CC-CEDICT gives the common words (and their characters) of ``zh``;
    names are left out (金正恩's gloss "Kim Jong-un" translates no word)."""
    from mtfix.zh.cedict import names_lookup

    glosses = gloss_table()
    names = names_lookup()
    stems: set[str] = set()
    for word in _cut(zh):
        if word.tag.startswith("ns") and len(word.text) > 3:
            # 内蒙古高原, 西太平洋: a place's parts translate ("Plateau", "Pacific").
            text = word.text
            stems |= glosses.stems(text)
            for n in (2, 3):
                for k in range(1, len(text) - n + 1):
                    stems |= glosses.stems(text[k : k + n])
        if word.tag.startswith(("nr", "ns", "nt", "nz")) or word.text in names:
            continue
        stems |= glosses.stems(word.text)
        for char in word.text if len(word.text) > 1 else ():
            stems |= glosses.stems(char)
    return frozenset(stems)


#: A word this common in English (Zipf) that CC-CEDICT gives for a word of the sentence
#: translates it ("Plateau" for 高原, "Pacific" for 太平洋), capitalised or not.
TRANSLATED_WORD_ZIPF = 3.0


def _translates_a_word(text: str, zh: str) -> bool:
    """``text`` is one common English word that translates a common word of ``zh``."""
    from mtfix.clean.words import zipf
    from mtfix.confidence.features import STEM

    word = text.strip().lower()
    if " " in word or len(word) < 4 or not word.isalpha() or zipf(word) < TRANSLATED_WORD_ZIPF:
        return False
    return word[:STEM] in _source_stems(zh)


#: A capitalised word rarer than this (Zipf) is a name, not a translated word.
NAME_WORD_ZIPF = 2.5


def _translates_source(text: str, zh: str, ent: Entity) -> bool:
    """Two thirds or more of the span's words (two or more) translate common words of the
    source sentence, and the others are neither unknown capitalised words nor like ``ent``'s
    name: a translation ("Returnee Employment Survey Report" for 海归就业调查报告), not
    ``ent`` garbled ("Sugi Battery Materials", "First Lady Li Xuezhong")."""
    from mtfix.clean.words import zipf
    from mtfix.confidence.features import EN_STOP, STEM

    words = [w for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() not in EN_STOP]
    if len(words) < 2:
        return False
    stems = _source_stems(zh)
    rest = [w for w in words if w.lower()[:STEM] not in stems]
    if 3 * len(rest) > len(words):
        return False
    heads = {fold(w)[:3] for form in ent.english for w in form.split()}
    heads |= {s[:3] for s in syllables(ent.zh)}
    return not any(
        fold(w)[:3] in heads or (w[0].isupper() and zipf(w.lower()) < NAME_WORD_ZIPF) for w in rest
    )


def _common_word(text: str) -> bool:
    """One ordinary English word, and a common one ("Seminar", not "Jitterbug" for 抖音):
    a translation, not a leftover of a name."""
    from mtfix.clean.words import zipf

    word = text.strip()
    return " " not in word and ordinary_word(word) and zipf(word.lower()) >= TRANSLATED_WORD_ZIPF


def _translated_headline(text: str, zh: str) -> bool:
    """Ordinary English words in title case, one of them translating a common word of the
    source: a headline's translation ("Speedy Pioneer" for 极速先锋), not a name.  A name
    translated word by word ("Ninth Conciliation" for 九二共识) translates no common word."""
    from mtfix.clean.words import zipf
    from mtfix.confidence.features import STEM
    from mtfix.zh.pinyin import split_syllables

    def common(word: str) -> bool:
        # "Pioneer" parses as pi-o-ne-er, but no Chinese name word has four syllables.
        low = word.lower()
        sylls = split_syllables(low)
        name_like = sylls is not None and len(sylls) <= 2
        return ordinary_word(word) or (not name_like and zipf(low) >= TRANSLATED_WORD_ZIPF)

    words = [w for w in re.split(r"[\s\-]+", text) if w]
    if not words or not all(common(w) for w in words):
        return False
    stems = _source_stems(zh)
    return any(w.lower()[:STEM] in stems for w in words)


def _given_name_owners(
    spans: list[NameSpan], entities: list[Entity]
) -> dict[tuple[int, int], Entity]:
    """Spans that end in the given name of a Chinese person of the source (two syllables or
    more): "Chiu Chun-shan" for 赵春山 (Zhao Chunshan), whatever its surname."""
    given: dict[str, Entity] = {}
    for ent in entities:
        if ent.kind == PERSON and ent.origin == "pinyin" and ent.english:
            words = ent.english[0].split()
            if len(words) == 2 and len(ent.zh) >= 3:
                given.setdefault(fold(words[1]), ent)
    out: dict[tuple[int, int], Entity] = {}
    for sp in spans:
        words = sp.text.split()
        if len(words) >= 2 and (owner := given.get(fold(words[-1]))) is not None:
            out[(sp.start, sp.end)] = owner
    return out


def _leftovers(
    missing: list[Entity],
    matched: list[NameSpan],
    free: list[NameSpan],
    owners: dict[tuple[int, int], Entity],
    zh: str,
) -> list[tuple[Entity, Garble]]:
    """Names the source lacks a match for, and odd words nothing explains: show them side by side.

    When a name of the source is missing from the English and a rare capitalised word that no
    name explains is there, the word is flagged (never changed) with the source's name.
    """
    from mtfix.clean.words import zipf

    unmatched = [e for e in missing if e.english and e.kind in (PERSON, ORG, PLACE)]
    # Known names choose first: a pinyin guess's leftovers are right one time in four.
    unmatched.sort(key=lambda e: e.origin == "pinyin")
    first: dict[str, Entity] = {}
    for e in unmatched:
        first.setdefault(e.zh, e)  # a name said twice chooses once
    unmatched = list(first.values())
    mentions = Counter(sp.text for sp in free)
    taken = {(sp.start, sp.end) for sp in matched}
    out: list[tuple[Entity, Garble]] = []
    for ent in unmatched:
        rare = [
            sp
            for sp in free
            if (sp.start, sp.end) not in taken
            and owners.get((sp.start, sp.end), ent) is ent
            and not _translates_source(sp.text, zh, ent)
            and not sp.text.isupper()
            and not (ent.kind == PERSON and own_spelling(ent, sp.text))
            and any(zipf(w.lower()) < RARE_ZIPF for w in sp.text.split())
            and not _translated_headline(sp.text, zh)
            and not _common_word(sp.text)
        ]
        if _credit_line(ent, zh):
            # Only another agency stands for a dateline's ("(Xinhua)" for 中新网), never the
            # story's names.
            rare = [sp for sp in rare if _names_an_organisation(sp.text)]
        # A name said several times is rendered by the span said as often, if there is one
        # ("Ninth Conciliation" three times for the three 九二共识); else the most alike.
        said = zh.count(ent.zh)
        repeated = [r for r in rare if said > 1 and mentions[r.text] == said]
        rare = repeated or rare
        rare.sort(key=lambda r: max(similarity(r.text, e) for e in ent.english), reverse=True)
        for sp in rare[: max(LEFTOVERS_PER_NAME, said)]:
            taken.add((sp.start, sp.end))
            why = "a name the source does not explain"
            out.append((ent, Garble(sp, 0.0, 0.5, why, "leftover")))
    return out


#: A dateline's agency (中新网7月26日电, 新华社北京7月26日电) and a headline's source
#: (…-中新网): English often drops or reworks them, so nothing else stands for them.
_DATELINE = re.compile(r"[^，。,\s]{0,14}电")
_CREDIT_DASH = ("-", "－", "—", "|")


def _credit_line(ent: Entity, zh: str) -> bool:
    """``ent`` is the news agency of a dateline or the site credited after a headline."""
    if ent.kind != ORG:
        return False
    if ent.start <= 2 and _DATELINE.match(zh, ent.end):
        return True
    return zh[: ent.start].rstrip().endswith(_CREDIT_DASH) and not zh[ent.end :].strip()


#: Words after a site's name that say what it is ("Zhongxin network").
_SITE_WORDS = frozenset({"net", "network", "news", "website", "site", "online", "com", ".com"})
#: How far into the English a dateline's credit may stand ("July 26, 2020/PRNewswire/--").
DATELINE_REACH = 40


def _where_credits_stand(span: NameSpan, en: str, ent: Entity) -> bool:
    """``span`` stands where the English puts the credit of ``ent`` (a dateline's agency or a
    headline's site): in the dateline at the start, or last in the line after a dash."""
    if ent.start <= 2:
        return span.start < DATELINE_REACH
    rest = en[span.end :].strip(" .。\"'”’)）")
    said = all(w.lower() in _SITE_WORDS for w in rest.split())  # "- Zhongxin network"
    return said and en[: span.start].rstrip().endswith(("-", "–", "—", "|", "/"))


@lru_cache(maxsize=1)
def _dictionaries() -> Lexicon:
    """The names tables and CC-CEDICT, without a glossary."""
    return Lexicon()


def _names_an_organisation(text: str) -> bool:
    """``text`` is the known English name of an organisation ("Xinhua", "Reuters")."""
    for zh in known_english_names().get(fold(text), ()):
        known = _dictionaries().lookup(zh)
        if known is not None and known.kind == ORG:
            return True
    return False


def _replacement(ent: Entity, span: NameSpan) -> str:
    """The rendering to put in place of a garbled span."""
    preferred = ent.preferred or span.text
    if ent.origin == "pinyin" and len(ent.english) == 2 and " " not in preferred:
        # A given name alone (芳芳): keep the span's spacing, "Fang Fang" or "Fangfang".
        return ent.english[1] if " " in span.text else preferred
    if ent.kind == PERSON and ent.origin != "pinyin" and len(span.text.split()) == 1:
        # One word for a foreign person: the family name ("Macron", not "Emmanuel Macron"),
        # with its particles ("von der Leyen").
        return _family_name(preferred) if " " in preferred and "-" not in preferred else preferred
    for full in with_spelled_out((preferred,))[1:]:
        if full.split()[0] == span.text.split()[0]:
            return full  # "Mount Emay" -> "Mount Emei", not the dictionary's "Mt Emei"
    if ent.kind == PLACE and len(span.text.split()) == 1 and " " in preferred:
        # One word for a place the dictionary describes ("Haibowan District of Wuhait"): its
        # one-word form, "Haibowan".
        head = preferred.split()[0]
        if any(e == head for e in ent.english):
            return head
    if ent.origin == "pinyin":
        # A form that keeps the span's translated word: "Uncle Sheep" -> "Uncle Yang",
        # "Saint Street" -> "Sheng Street".
        words, translated = span.text.split(), generic_words()
        for form in ent.english[1:]:
            parts = form.split()
            if len(parts) < 2:
                continue
            if (parts[0] == words[0] and parts[0] in translated) or (
                parts[-1] == words[-1] and parts[-1] in translated
            ):
                return form
    return preferred


def _garbled_head(preferred: str, span: NameSpan, en: str) -> str | None:
    """The first words of a longer rendering when the span is only those words, garbled, and
    the rest follows it, maybe inflected: "Inter Mongolian Plateau" → "Inner", not "Inner
    Mongolia Mongolian Plateau"."""
    words, got = preferred.split(), span.text.split()
    if not 0 < len(got) < len(words):
        return None
    rest = words[len(got) :]
    following = en[span.end :].split()[: len(rest)]
    if len(following) < len(rest):
        return None
    for want, have in zip(rest, following, strict=True):
        have_f, want_f = fold(have.strip(",.;:")), fold(want)
        if not (have_f.startswith(want_f) and len(have_f) - len(want_f) <= 3):
            return None
    return " ".join(words[: len(got)])


_POSSESSIVE = re.compile(r"['’]s?$")


def rendered_spans(entities: list[Entity], en: str) -> list[tuple[int, int]]:
    """Where the English has an accepted rendering of one of ``entities``."""
    return [
        (a, b)
        for ent in entities
        for form in with_spelled_out(ent.english)
        for a, b in locate(form, en)
    ]


def unexplained_spans(
    spans: list[NameSpan],
    entities: list[Entity],
    en: str,
    zh: str,
    rendered: list[tuple[int, int]] | None = None,
) -> list[NameSpan]:
    """Capitalised spans (and parts of them) that no entity or known name explains
    (``rendered``: :func:`rendered_spans` of ``entities``, when already known)."""
    covered = [False] * len(en)
    for a, b in rendered if rendered is not None else rendered_spans(entities, en):
        for k in range(a, b):
            covered[k] = True
    for ent in entities:
        parts = {fold(p) for p in name_parts(ent)}
        for sp in spans:
            if fold(sp.text) in parts:  # "Einstein" alone for Albert Einstein
                for k in range(sp.start, sp.end):
                    covered[k] = True
    out: list[NameSpan] = []
    for sp in spans:
        pieces: list[tuple[int, int]] = []
        for m in re.finditer(r"\S+", en[sp.start : sp.end]):
            a, b = sp.start + m.start(), sp.start + m.end()
            word = _POSSESSIVE.sub("", en[a:b])  # "Korea's Samsung": Korea is 韩国
            if any(covered[a:b]) or explained_by_source(word, zh) or _latin_in(en[a:b], zh):
                pieces.append((-1, -1))
            else:
                pieces.append((a, b))
        run: list[tuple[int, int]] = []
        for a, b in [*pieces, (-1, -1)]:
            if a >= 0:
                run.append((a, b))
            elif run:
                while len(run) > 1 and en[run[-1][0] : run[-1][1]].lower() in _GENERIC:
                    run.pop()  # "Tonys Group": the name is "Tonys"
                s, e = run[0][0], run[-1][1]
                text = en[s:e]
                if (
                    not explained_by_source(text, zh)
                    and not _latin_in(text, zh)
                    and not _plain_english(text)
                    and not _translates_a_word(text, zh)
                    and not _reads_other_characters(text, zh, *entities)  # "Baijiu": 白酒
                ):
                    out.append(NameSpan(s, e, text))
                run = []
    return out


#: Trailing words of a capitalised span that are not part of the name itself.
_GENERIC = frozenset(
    [
        "group",
        "company",
        "co.",
        "co",
        "corp.",
        "corp",
        "corporation",
        "inc.",
        "inc",
        "ltd.",
        "ltd",
        "limited",
        "holding",
        "holdings",
        "bank",
        "university",
        "city",
        "county",
        "province",
        "district",
        "town",
        "village",
        "airlines",
        "restaurant",
        "hotel",
        "store",
        "shop",
        "studio",
        "hospital",
        "school",
        "cathedral",
        "church",
        "temple",
        "museum",
        "park",
    ]
)


#: Places, parties and bodies that introduce a person from a Chinese-speaking region outside
#: the mainland, where names are not romanised in pinyin (国民党副主席夏立言, 新加坡旅游局…王凌丽).
#: Hong Kong and Macau themselves are left out: their news names many mainlanders (university
#: guests, officials) whose pinyin is right, so only their governments mark a person.
_REGION_MARKERS: dict[str, tuple[str, ...]] = {
    "taiwan": (
        "台湾",
        "台北",
        "新北",
        "台中",
        "台南",
        "高雄",
        "国民党",
        "民进党",
        "民众党",
        "立法院",
        "立委",
        "行政院",
        "陆委会",
        "海基会",
    ),
    "singapore": ("新加坡", "狮城"),
    # Officials of the two governments (香港特区政府政务司司长张建宗), not guests of the city.
    "hong kong": ("香港特区政府", "香港特别行政区政府", "港府"),
    "macau": ("澳门特区政府", "澳门特别行政区政府", "澳府"),
    "malaysia": ("马来西亚", "大马"),
}
#: The mainland's offices for these regions (国台办主任宋涛): their people are mainlanders.
_MAINLAND_OFFICES = ("台办", "台湾事务", "港澳办", "港澳事务", "中联办", "驻港", "驻澳")
#: How many characters before a name (in the same clause) a marker may stand.
REGION_WINDOW = 24
#: Regions whose people write their names in Cantonese.
_CANTONESE_REGIONS = ("hong kong", "macau")


def _cantonese_spelling(name: str, text: str) -> bool:
    """A word of ``text`` is how Hong Kong and Macau write the surname of ``name``."""
    from mtfix.zh.words import word_table

    spellings = {fold(s) for s in word_table("cantonese_surname_spellings").get(name[:1], ())}
    return any(fold(w) in spellings for w in re.split(r"[\s\-]+", text))


#: Confidence of a romanisation suggestion for such a person (only shown, never applied).
REGION_CONFIDENCE = 0.5


def regional_names(ctx: FixContext) -> dict[str, str]:
    """Chinese personal names the document introduces with a regional party, body or place:
    ``{name: region}`` (the first region seen)."""
    analysis = ctx.analysis
    if analysis is None:
        return {}
    if analysis.regional_names is not None:
        return analysis.regional_names
    sentences = [s.text for s in analysis.zh_sentences]
    found: dict[str, str] = {}
    for zh in sentences:
        # Two-character guesses (康养) are too often not names.
        people = [e for e in entities_for(ctx, zh) if e.kind == PERSON and len(e.zh) >= 3]
        for ent in people:
            if ent.origin != "pinyin" or len(ent.english) < 4:
                continue
            # The clause before the name, back to the previous person (夏立言访中…宋涛).
            start = max([ent.start - REGION_WINDOW, *(e.end for e in people if e.end <= ent.start)])
            before = re.split(r"[，。；！？、\n]", zh[max(0, start) : ent.start])[-1]
            if any(m in before for m in _MAINLAND_OFFICES):
                continue
            for region, markers in _REGION_MARKERS.items():
                if any(m in before for m in markers):
                    found.setdefault(ent.zh, region)
                    break
    analysis.regional_names = found
    return found


def regional_romanisation(
    pair: Pair, entities: list[Entity], names: dict[str, str]
) -> Iterator[tuple[int, int, str, str, str]]:
    """Pinyin renderings of people from Taiwan, Singapore or Malaysia:
    ``(start, end, suggestion, reason, region)``.

    Taiwanese people romanise their names in Wade-Giles style (夏立言 → Hsia Li-yen): that
    form is suggested.  Elsewhere the local spelling (Hokkien, Cantonese …) cannot be derived
    from the characters, so the pinyin is only pointed out for checking.
    """
    for ent in entities:
        region = names.get(ent.zh)
        if region is None or len(ent.english) < 4:
            continue
        pinyin_forms, wade_giles = ent.english[:2], ent.english[2:4]
        pinyin_folds = {fold(f) for f in pinyin_forms}
        if any(fold(f) not in pinyin_folds for f in wade_giles) and present(wade_giles, pair.en):
            continue  # already in the local style (Hsia Li-yen)
        form = present(pinyin_forms, pair.en)
        if form is None:
            continue
        for a, b in locate(form, pair.en):
            found = pair.en[a:b]
            if region == "taiwan":
                after = wade_giles[pinyin_forms.index(form)]
                reason = (
                    f"{ent.zh} is introduced as a person of Taiwan, where names are romanised "
                    f"in Wade-Giles style: {after!r} rather than the pinyin {found!r}"
                )
            else:
                after = found
                reason = (
                    f"{ent.zh} is introduced as a person of {region.title()}, where names are "
                    f"not romanised in pinyin: check the person's own spelling of {found!r}"
                )
            yield a, b, after, reason, region


#: What may stand between two names of a list in the source (a byline: 周娜 滕怀金, 骆晓飞、张宏祥).
_NAME_LIST_GAP = re.compile(r"[\s、，,和及与]{1,2}")
#: A run of capitalised words (with hyphens) in the English.
_CAPITALISED_RUN = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+")
#: Confidence of a "names run together" finding: shown, never applied.
RUN_TOGETHER_CONFIDENCE = 0.6


def run_together(pair: Pair, entities: list[Entity]) -> Iterator[tuple[int, int, str, str]]:
    """Two names of a list in the source written as one in the English: 周娜 滕怀金 as
    "Zhou Nateng Huaijin".  The letters are exactly the two pinyin names, but the word
    breaks are not where the names break: ``(start, end, suggestion, reason)``."""
    people = [e for e in entities if e.kind == PERSON and e.origin == "pinyin" and e.english]
    for first, second in pairwise(people):
        if not _NAME_LIST_GAP.fullmatch(pair.zh[first.end : second.start]):
            continue
        a_name, b_name = first.english[0], second.english[0]
        wanted = fold(a_name) + fold(b_name)
        for m in _CAPITALISED_RUN.finditer(pair.en):
            found = m.group()
            if fold(found) != wanted or present((a_name, b_name), found):
                continue
            after = f"{a_name} and {b_name}"
            reason = (
                f"the source lists two people, {first.zh} ({a_name}) and {second.zh} "
                f"({b_name}); the English runs their names together as {found!r}"
            )
            yield m.start(), m.end(), after, reason


def _pair_edit(
    ctx: FixContext,
    pair: Pair,
    span: tuple[int, int],
    after: str,
    reason: str,
    confidence: float,
    data: dict[str, Any],
) -> Edit:
    """A finding on ``pair.en[span]``, with the source sentence in its data."""
    a, b = span
    data = {**data, "source_sentence": short(pair.zh, 200)}
    return ctx.edit(pair.start + a, pair.start + b, after, reason, confidence=confidence, data=data)


@fixer("source.names", stage="source", order=20, severity="error", needs_source=True)
def check_names(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Names must be rendered as the source, the glossary and CC-CEDICT say."""
    pairs = list(aligned_pairs(ctx))
    if not pairs:
        return
    regional = regional_names(ctx)
    abroad = story_abroad(pair.zh for pair in pairs)
    for pair in pairs:
        for a, b, after, reason, species in garbled_species(pair.zh, pair.en):
            data = {"source_name": species.zh, "kind": "species"}
            yield _pair_edit(ctx, pair, (a, b), after, reason, SPECIES_CONFIDENCE, data)
        entities = [e for e in entities_for(ctx, pair.zh) if e.english or e.kind == PERSON]
        if not entities:
            continue
        for a, b, after, reason, region in regional_romanisation(pair, entities, regional):
            data = {"convention": region, "kind": "convention"}
            yield _pair_edit(ctx, pair, (a, b), after, reason, REGION_CONFIDENCE, data)
        joined = list(run_together(pair, entities))
        for a, b, after, reason in joined:
            data = {"kind": "run_together"}
            yield _pair_edit(ctx, pair, (a, b), after, reason, RUN_TOGETHER_CONFIDENCE, data)
        cantonese = {n for n, region in regional.items() if region in _CANTONESE_REGIONS}
        for a, b, after, reason, confidence, data in pair_problems(
            pair, entities, abroad=abroad, cantonese=cantonese
        ):
            if any(a < jb and b > ja for ja, jb, _, _ in joined):
                continue  # said better as two names run together
            if after == pair.en[a:b] and "origin" in data:
                continue  # a "garble" whose suggestion is the text itself: nothing to say
            person_region = regional.get(str(data.get("source_name", "")))
            if person_region in _CANTONESE_REGIONS:
                person_region = None  # only their own spellings are spared (pair_problems)
            if person_region is not None and data.get("origin") == "pinyin":
                # 新加坡旅游局局长陈建隆 is Keith Tan: the English may well be the person's own
                # spelling, so a pinyin suggestion is never a fix (calibrated on its own).
                confidence = min(confidence, CONVENTION_CONFIDENCE)
                data = {k: v for k, v in data.items() if k != "origin"}
                data.update(kind="local_form", convention=person_region)
                reason += (
                    f"; {data.get('source_name', '')} is introduced as a person of "
                    f"{person_region.title()}, whose own spelling is not pinyin: check how "
                    "the person writes it"
                )
            yield _pair_edit(ctx, pair, (a, b), after, reason, confidence, data)
