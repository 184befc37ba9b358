"""Chinese and English number parsing, and the pair check on single sentences."""

from __future__ import annotations

import pytest

from mtfix.source.checks.numbers import check_pair
from mtfix.zh.english_numbers import en_quantities
from mtfix.zh.numbers import parse_zh_number, zh_quantities
from mtfix.zh.quantity import DATE, FRACTION, MONEY, PERCENT, YEAR


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三千五百万", 35_000_000),
        ("15亿", 1_500_000_000),
        ("万", 10_000),
        ("3.5万", 35_000),
        ("两千", 2_000),
        ("一百零五", 105),
        ("十五", 15),
        ("二〇一八", 2018),
        ("二零二三", 2023),
        ("一亿五千万", 150_000_000),
        ("2.3万亿", 2.3e12),
        ("一万二", 12_000),
        ("三点五", 3.5),
        ("1,200", 1200),
        ("１５亿", 1_500_000_000),
    ],
)
def test_zh_numbers(text: str, value: float) -> None:
    assert parse_zh_number(text) == pytest.approx(value)


def _zh(text: str) -> list[tuple[str, float]]:
    return [(q.kind, q.value) for q in zh_quantities(text)]


def test_zh_kinds() -> None:
    found = _zh(
        "2018年11月14日，营收三千五百万元，增长百分之二十，15亿美元，占三分之一，升至5.2%。"
    )
    assert (YEAR, 2018) in found
    assert (DATE, 1114) in found
    assert (MONEY, 35_000_000) in found
    assert (PERCENT, 20) in found
    assert (MONEY, 1_500_000_000) in found
    assert (PERCENT, 5.2) in found
    assert any(k == FRACTION and v == pytest.approx(1 / 3) for k, v in found)


def test_zh_not_quantities() -> None:
    # Idioms, ordinals, small numbers in characters, vague amounts and model names.
    assert _zh("他十分高兴，万一失败也不要紧。") == []
    assert _zh("第五届大会") == []
    assert _zh("两国领导人") == []
    assert _zh("数百万人") == []
    assert _zh("C919客机和5G网络") == []


def test_zh_approximations() -> None:
    qs = zh_quantities("约有3万多人，100余家企业")
    assert [q.approx for q in qs] == [True, True]


def _en(text: str) -> list[tuple[str, float]]:
    return [(q.kind, q.value) for q in en_quantities(text)]


def test_en_forms() -> None:
    found = _en(
        "On Nov. 14, 2018 and 14 November, 35 million, 35,000,000, $1.5bn, twenty-five, "
        "20 per cent, 0.5 percentage points, 3.5%, a third, two hundred and five"
    )
    assert found.count((DATE, 1114)) == 2
    assert (YEAR, 2018) in found
    assert found.count(("number", 35_000_000)) == 2
    assert (MONEY, 1_500_000_000) in found
    assert ("number", 25) in found
    assert (PERCENT, 20) in found
    assert (PERCENT, 0.5) in found
    assert (PERCENT, 3.5) in found
    assert ("number", 205) in found
    assert any(k == FRACTION and v == pytest.approx(1 / 3) for k, v in found)


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("公司营收15亿元。", "Revenue was 1.5 billion yuan."),
        ("公司营收15亿元。", "Revenue was RMB1,500,000,000."),
        ("三千五百万人参加。", "35 million people took part."),
        ("2018年11月14日发布。", "It was published on 14 November 2018."),
        ("增长百分之二十。", "It grew by 20%."),
        ("下降0.5个百分点。", "It fell by 0.5 percentage points."),
        ("约3万多人参加。", "About 31,000 people took part."),
        ("两国领导人第五次会晤。", "The leaders of the two countries met for the fifth time."),
        ("2019年营收增长。", "Revenue grew last year."),
        ("占总数的百分之五十。", "It is half of the total."),
        ("90后女生。", "A post-90s girl."),
        ("投资120万美元。", "It invested $1.2 million."),
    ],
)
def test_no_false_flags(zh: str, en: str) -> None:
    assert check_pair(zh, en) == []


@pytest.mark.parametrize(
    ("zh", "en", "expected", "bad"),
    [
        ("公司营收15亿元。", "Revenue was 150 million yuan.", "1.5 billion (15亿)", "150 million"),
        ("2018年11月14日发布。", "Published on Nov. 15, 2018.", "November 14", "Nov. 15"),
        ("增长百分之二十。", "It grew by 25 per cent.", "20% (百分之二十)", "25 per cent"),
        ("2019年营收增长。", "Revenue grew in 2018.", "2019", "2018"),
    ],
)
def test_mismatch_flagged(zh: str, en: str, expected: str, bad: str) -> None:
    [(found, _zq, reason, _conf)] = check_pair(zh, en)
    assert found is not None and found.text.strip() == bad
    assert expected in reason


def test_missing_number() -> None:
    [(found, _zq, reason, _conf)] = check_pair("比去年增加了5000人。", "It rose from last year.")
    assert found is None and "5,000" in reason
