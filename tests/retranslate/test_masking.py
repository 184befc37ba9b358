"""Known names are masked before translation and restored after."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtfix.config import RepairConfig
from mtfix.retranslate.masking import mask, protected_terms, restore
from mtfix.rules.glossary import Glossary, load_glossary


def test_mask_and_restore_round_trip() -> None:
    m = mask(
        "高瓴资本在漳州投资，高瓴资本很大。",
        [("高瓴资本", "Hillhouse Capital"), ("漳州", "Zhangzhou")],
    )
    assert "高瓴资本" not in m.text and "漳州" not in m.text
    a, b = (t.placeholder for t in m.terms)
    assert m.terms[0].count == 2
    cand = f"{a} invested in {b} , and {a} is big."
    assert (
        restore(cand, m) == "Hillhouse Capital invested in Zhangzhou, and Hillhouse Capital is big."
    )


def test_longest_term_wins() -> None:
    m = mask("罗伯特·诺伊斯说", [("诺伊斯", "Noyce"), ("罗伯特·诺伊斯", "Robert Noyce")])
    assert [t.en for t in m.terms] == ["Robert Noyce"]


def test_restore_tolerates_split_and_case() -> None:
    m = mask("腾讯发布", [("腾讯", "Tencent")])
    ph = m.terms[0].placeholder
    assert restore(f"{ph[:2]} {ph[2:].lower()} released it", m) == "Tencent released it"


def test_a_lost_or_invented_name_rejects_the_candidate() -> None:
    m = mask("腾讯和华为", [("腾讯", "Tencent"), ("华为", "Huawei")])
    a, b = (t.placeholder for t in m.terms)
    assert restore(f"{a} and Huawei", m) is None  # lost
    assert restore(f"{a} and {b} and {b}", m) is None  # repeated
    assert restore(f"{a} and {b} ZXCQ", m) is None  # debris


def test_no_terms_leaves_the_sentence_alone() -> None:
    m = mask("今天天气很好。", [("腾讯", "Tencent")])
    assert m.text == "今天天气很好。" and m.terms == ()
    assert restore("The weather is fine.", m) == "The weather is fine."


_GLOSSARY = """
[[entry]]
pattern = "Gaoling Capital"
replacement = "Hillhouse Capital"
zh = "高瓴资本"
type = "org"

[[entry]]
pattern = "Gaoling"
replacement = "Hillhouse Capital"
zh = "高瓴"
type = "org"

[[entry]]
pattern = "small program"
replacement = "mini program"
"""


def _glossary(tmp_path: Path, text: str = _GLOSSARY) -> Glossary:
    path = tmp_path / "terms.toml"
    path.write_text(text, encoding="utf-8")
    return load_glossary(RepairConfig(glossaries=(path,), builtin_glossary=False))


def test_protected_terms_are_known_entities_and_glossary_names(tmp_path: Path) -> None:
    from mtfix.source.checks.entities import Entity

    entities = [
        Entity("北京", 0, 2, "place", ("Beijing",), "table"),
        Entity("爱因斯坦", 3, 7, "person", ("Albert Einstein",), "cedict"),
        Entity("张伟", 8, 10, "person", ("Zhang Wei",), "pinyin"),  # a guess: not kept
        Entity("某公司", 11, 14, "org", (), "unknown"),  # no English: not kept
    ]
    terms = protected_terms(_glossary(tmp_path), entities)
    assert ("北京", "Beijing") in terms and ("爱因斯坦", "Albert Einstein") in terms
    assert not any(z in ("张伟", "某公司") for z, _ in terms)
    assert ("高瓴", "Hillhouse Capital") in terms and ("高瓴资本", "Hillhouse Capital") in terms
    assert not any(en == "mini program" for _, en in terms)  # no Chinese form: nothing to keep


def test_glossary_chinese_forms_are_masked_and_restored(tmp_path: Path) -> None:
    m = mask("高瓴资本投资了漳州。", protected_terms(_glossary(tmp_path)))
    assert "高瓴" not in m.text and [t.zh for t in m.terms] == ["高瓴资本"]
    assert restore(f"{m.terms[0].placeholder} invested in Zhangzhou.", m) == (
        "Hillhouse Capital invested in Zhangzhou."
    )


def test_no_glossary_and_no_entities_protect_nothing(tmp_path: Path) -> None:
    assert protected_terms(_glossary(tmp_path, _GLOSSARY.split("[[entry]]")[0])) == []


def test_the_real_glossary_names_are_protected() -> None:
    glossary = load_glossary(RepairConfig())
    names = glossary.names()
    if not names:
        pytest.skip("the shipped glossary has no Chinese forms")
    zh, en = next(iter(names.items()))
    assert (zh, en) in protected_terms(glossary)
    m = mask(f"我们提到了{zh}。", protected_terms(glossary))
    assert zh not in m.text
    assert en in (restore(f"We mentioned {m.terms[0].placeholder}.", m) or "")
