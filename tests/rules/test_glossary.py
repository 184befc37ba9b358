"""The glossary: shipped entries, matching rules, user glossaries, validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtfix import RepairConfig, apply_edits, repair
from mtfix.rules.glossary import (
    Glossary,
    GlossaryEntry,
    GlossaryError,
    builtin_entries,
    load_glossary,
    validate_glossary,
)

RULES_ONLY = RepairConfig(stages=("rules",))
SHIPPED = Path(__file__).resolve().parents[2] / "mtfix" / "rules" / "data" / "glossary.toml"


def fixed(text: str, config: RepairConfig = RULES_ONLY) -> str:
    result = repair(text, config=config)
    assert apply_edits(text, result.edits) == result.text
    return result.text


def test_shipped_glossary_is_valid() -> None:
    assert validate_glossary(SHIPPED) == []
    assert len(builtin_entries()) >= 40
    assert all(e.note for e in builtin_entries())


LITERAL_UNGROUPED = [e for e in builtin_entries() if not e.regex and not e.group]


def _context_word(entry: GlossaryEntry) -> str:
    return (
        entry.context[0].rstrip("*") + "y" if entry.context[0].endswith("*") else entry.context[0]
    )


@pytest.mark.parametrize("entry", LITERAL_UNGROUPED, ids=lambda e: e.pattern)
def test_each_literal_entry_fires_in_context(entry: GlossaryEntry) -> None:
    context = f" The {_context_word(entry)} angle." if entry.context else ""
    text = f"We discussed {entry.pattern} at length.{context}"
    matches = Glossary([entry]).find(text)
    assert [m.replacement for m in matches] == [entry.replacement]


@pytest.mark.parametrize(
    "entry", [e for e in LITERAL_UNGROUPED if e.context], ids=lambda e: e.pattern
)
def test_each_context_entry_needs_its_context(entry: GlossaryEntry) -> None:
    assert Glossary([entry]).find(f"We discussed {entry.pattern} at length.") == []


def test_tonys_needs_sociology() -> None:
    text = "The German modern sociologist Tonys believes that the community is an organism."
    assert fixed(text) == text.replace("Tonys", "Tönnies")
    plain = "Tonys is a small restaurant in Boston that serves pizza."
    assert fixed(plain) == plain


def test_small_program_needs_wechat_and_keeps_plural_and_case() -> None:
    text = "Small programs run inside WeChat. The small program and the small-program store."
    assert fixed(text) == (
        "Mini programs run inside WeChat. The mini program and the mini program store."
    )
    plain = "A small program of events was held in the park."
    assert fixed(plain) == plain


def test_mixed_case_is_not_smart_matched() -> None:
    text = "sMaLL PrOgram on WeChat."
    assert fixed(text) == text


def test_names_with_dots_and_spaces() -> None:
    assert fixed("China's Robert · Neuss") == "China's Robert Noyce"
    assert fixed("China's Robert Neuss") == "China's Robert Noyce"
    assert fixed("China's Robert\u00b7Neuss") == "China's Robert Noyce"


def test_word_boundaries() -> None:
    text = "The sociologists Tonysson and XTonys."
    assert fixed(text) == text


def test_qin_shuo_only_before_friends_circle() -> None:
    assert fixed("Source: Qin Yu Friends Circle (qspyq2015)") == (
        "Source: Qin Shuo Friends Circle (qspyq2015)"
    )
    other = "The actor Qin Yu starred in the film."
    assert fixed(other) == other


def test_hillhouse_and_reason_cites_note() -> None:
    text = "Zhang Lei, the founder of Gaochun Capital, said so."
    result = repair(text, config=RULES_ONLY)
    assert result.text == "Zhang Lei, the founder of Hillhouse Capital, said so."
    (edit,) = [e for e in result.edits if e.rule == "rules.glossary"]
    assert "高瓴资本" in edit.reason and edit.data["zh"] == "高瓴资本"


def test_low_confidence_entry_is_only_flagged() -> None:
    text = "On WeChat, he posted it to his circle of friends."
    result = repair(text, config=RULES_ONLY)
    assert result.text == text
    (edit,) = result.edits
    assert edit.status == "flagged" and edit.after == "Moments"


def test_clean_english_is_untouched() -> None:
    text = "Mark Zuckerberg met Warren Buffett in the U.S. on WeChat; the iPhone costs 0.2% more."
    assert fixed(text) == text
    rural = "A millet farmer in a small program of rural aid said “hello” to Today's Headlines."
    assert fixed(rural) == rural


def test_names_for_source_stage() -> None:
    g = load_glossary(RepairConfig())
    names = g.names()
    assert names["高瓴资本"] == "Hillhouse Capital"
    assert names["滕尼斯"] == "Tönnies"
    assert all("\\" not in en for en in names.values())
    assert {e.zh for e in g.zh_entries()} >= {"秦朔", "腾讯觅影"}
    bigger = g.add_names({"马化腾": "Ma Huateng", "高瓴资本": "ignored"})
    assert bigger.names()["马化腾"] == "Ma Huateng"
    assert bigger.names()["高瓴资本"] == "Hillhouse Capital"
    assert bigger.find("Ma Huateng and 马化腾") == []
    assert "马化腾" not in g.names()


# -- user glossaries ---------------------------------------------------------------

USER_FILES = {
    "user.csv": (
        "pattern,replacement,type,confidence,note,context\n"
        "Gaochun Capital,HH Capital,org,0.99,house style,\n"
        "Pony Horse,Pony Ma,person,0.9,nickname garble,Tencent|WeChat\n"
    ),
    "user.tsv": (
        "pattern\treplacement\ttype\tconfidence\tnote\tcontext\n"
        "Gaochun Capital\tHH Capital\torg\t0.99\thouse style\t\n"
        "Pony Horse\tPony Ma\tperson\t0.9\tnickname garble\tTencent;WeChat\n"
    ),
    "user.toml": (
        "[[entry]]\n"
        'pattern = "Gaochun Capital"\n'
        'replacement = "HH Capital"\n'
        'type = "org"\n'
        "confidence = 0.99\n"
        'note = "house style"\n\n'
        "[[entry]]\n"
        'pattern = "Pony Horse"\n'
        'replacement = "Pony Ma"\n'
        'type = "person"\n'
        'context = ["Tencent", "WeChat"]\n'
        'note = "nickname garble"\n'
    ),
}


@pytest.mark.parametrize("name", sorted(USER_FILES))
def test_user_glossary_overrides_shipped(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(USER_FILES[name], encoding="utf-8")
    assert validate_glossary(path) == []
    config = RepairConfig(stages=("rules",), glossaries=(path,))
    text = "Gaochun Capital backs Tencent, says Pony Horse."
    result = repair(text, config=config)
    assert result.text == "HH Capital backs Tencent, says Pony Ma."
    first = result.edits[0]
    assert first.reason.endswith("house style") and first.data["glossary"].endswith(
        f"{name}:{1 if name.endswith('toml') else 2}"
    )
    assert fixed("Pony Horse rides.", config) == "Pony Horse rides."  # context missing


def test_builtin_glossary_can_be_switched_off() -> None:
    assert len(load_glossary(RepairConfig(builtin_glossary=False))) == 0


# -- validation --------------------------------------------------------------------


def issues_of(tmp_path: Path, name: str, text: str) -> list[tuple[int, str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [(i.line, i.message) for i in validate_glossary(path) if i.severity == "error"]


def test_validate_csv_errors_with_line_numbers(tmp_path: Path) -> None:
    text = (
        "pattern,replacement,regex,confidence,type\n"
        "ok,fine,,0.9,term\n"
        "bad(,x,true,0.9,term\n"
        "c,d,,1.5,term\n"
        "e,f,,0.9,animal\n"
        "ok,again,,0.9,term\n"
        ",missing,,,\n"
    )
    got = issues_of(tmp_path, "g.csv", text)
    assert [line for line, _ in got] == [3, 4, 5, 6, 7]
    messages = " | ".join(m for _, m in got)
    for needle in (
        "bad regex",
        "outside [0, 1]",
        "unknown type 'animal'",
        "duplicate pattern",
        "missing 'pattern'",
    ):
        assert needle in messages


def test_validate_missing_column(tmp_path: Path) -> None:
    assert issues_of(tmp_path, "g.tsv", "pattern\tnote\nx\ty\n") == [
        (1, "missing column 'replacement' in the header")
    ]


def test_validate_bad_toml(tmp_path: Path) -> None:
    got = issues_of(tmp_path, "g.toml", '[[entry]]\npattern = "a"\nreplacement = \n')
    assert len(got) == 1 and got[0][0] == 3 and got[0][1].startswith("bad TOML")


def test_validate_toml_entry_lines(tmp_path: Path) -> None:
    text = (
        "[[entry]]\npattern = 'a'\nreplacement = 'b'\n\n"
        "[[entry]]\npattern = 'c'\nreplacement = 'd'\nconfidence = 2\n\n"
        "[[entry]]\npattern = 'x'\nreplacement = 'y'\ngroup = 'g'\n\n"
        "[[entry]]\npattern = 'z'\nreplacement = 'w'\ngroup = 'g'\n"
    )
    got = issues_of(tmp_path, "g.toml", text)
    assert [line for line, _ in got] == [5, 15]
    assert "two canonical forms" in got[1][1]


def test_broken_user_glossary_raises(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("pattern,replacement,confidence\na,b,7\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        load_glossary(RepairConfig(glossaries=(path,)))
    assert info.value.path == str(path) and info.value.line == 2
    assert f"{path}:2:" in str(info.value)


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_text("{}", encoding="utf-8")
    (issue,) = validate_glossary(path)
    assert "unknown file type" in issue.message


def test_many_entries_match_quickly_and_correctly() -> None:
    entries = [
        GlossaryEntry(pattern=f"Garble{i} Name", replacement=f"Right{i}", note="n")
        for i in range(3000)
    ]
    g = Glossary(entries)
    text = "Intro. " + " ".join(f"Garble{i} Name said." for i in range(0, 3000, 500))
    assert [m.replacement for m in g.find(text)] == [f"Right{i}" for i in range(0, 3000, 500)]


def test_long_texts_are_lowered_in_chunks_with_the_same_result(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from mtfix.rules import glossary

    monkeypatch.setattr(glossary, "_LOWER_CHUNK", 16)
    text = "Gaochun Capital “ΑΣ ΣΑ” said，OK " * 20
    assert glossary._lowered(text) == glossary._lowered_part(text) == text.lower()
    dotted = "İstanbul " + text  # İ lowers to two characters: kept, offsets stay
    assert len(glossary._lowered(dotted)) == len(dotted)
