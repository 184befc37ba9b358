"""Names: pinyin rendering, the shipped and user tables, entity finding, garble matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtfix.source.checks import lexicon
from mtfix.source.checks.entities import name_spans, pinyin_syllables
from mtfix.source.checks.names import locate

pytest.importorskip("pypinyin")


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("周志恒", "Zhou Zhiheng"),
        ("何立峰", "He Lifeng"),
        ("马化腾", "Ma Huateng"),
        ("单雄信", "Shan Xiongxin"),
        ("曾国藩", "Zeng Guofan"),
        ("区家明", "Ou Jiaming"),
        ("欧阳修", "Ouyang Xiu"),
        ("尉迟恭", "Yuchi Gong"),
        ("翟志刚", "Zhai Zhigang"),
    ],
)
def test_person_pinyin(zh: str, en: str) -> None:
    assert lexicon.person_name(zh) == en


def test_place_apostrophe() -> None:
    assert lexicon.pinyin_word("西安") == "Xi'an"
    assert lexicon.pinyin_word("长安") == "Chang'an"


def test_tables() -> None:
    table = lexicon.name_table()
    assert table["安倍晋三"].preferred == "Shinzo Abe"
    assert table["肖尔茨"].preferred == table["朔尔茨"].preferred == "Scholz"
    assert table["高瓴资本"].preferred == "Hillhouse Capital"
    assert lexicon.provinces()["内蒙古"] == ("Inner Mongolia", "Nei Mongol")


def test_user_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "names.toml"
    extra.write_text('[person]\n"施瓦布" = "Schwab"\n[brand]\n"微信" = "Weixin"\n', "utf-8")
    monkeypatch.setenv("MTFIX_NAMES", str(extra))
    lexicon.name_table.cache_clear()
    try:
        table = lexicon.name_table()
        assert table["施瓦布"].preferred == "Schwab"
        assert table["微信"].preferred == "Weixin"  # user entries override shipped ones
    finally:
        monkeypatch.delenv("MTFIX_NAMES")
        lexicon.name_table.cache_clear()


def test_fold_and_locate() -> None:
    assert lexicon.fold("Tönnies") == lexicon.fold("tonnies")
    assert locate("Xi'an", "Trains to Xian and Xi’an.") == [(10, 14), (19, 24)]
    assert locate("Li", "Lima and Li.") == [(9, 11)]


def test_pinyin_syllables() -> None:
    assert pinyin_syllables("Yuheng") == ["yu", "heng"]
    assert pinyin_syllables("Zhangzhou") == ["zhang", "zhou"]
    assert pinyin_syllables("Scholz") is None


def test_name_spans_drop_titles_and_possessives() -> None:
    spans = [s.text for s in name_spans("The German Chancellor Scholz's visit to Beijing.")]
    assert spans == ["Scholz", "Beijing"]
