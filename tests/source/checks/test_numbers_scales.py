"""source.numbers: scales, Traditional characters, units that look like scales."""

from __future__ import annotations

import pytest

from mtfix import RepairConfig, Repairer, SourceAnalysis

pytest.importorskip("jieba")


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("该公司营收达2510亿美元。", "The company had revenue of $251 billion."),
        ("營收達2.5萬元。", "Revenue reached 25,000 yuan."),  # Traditional 萬
        ("去年虧損達3.5億元。", "Last year it lost 350 million yuan."),  # Traditional 億
        ("大楼高30米。", "The building is 30 m tall."),  # metres, not millions
        ("投资3000万美元。", "It invested $30m."),
        ("约有5000人参加。", "Some 5k people took part."),
        # A unit written right after the digits (500ml, 8GB, 5000mAh).
        ("该款容量500，包装其它。", "This one holds 500ml; packaging: other."),
        ("内存8GB，电池容量5000毫安时。", "It has 8GB of memory and a 5000mAh battery."),
        # A number inside a name (COVID-19), and decades counted in tens of years.
        ("受新冠肺炎影响，环境更复杂。", "Under COVID-19, things grew more complex."),
        ("这是法国二十多年来最大的抗议。", "It was France's largest protest in two decades."),
        # 千 of a metric unit (千米, 千克, 千瓦) is no scale.
        ("这条公路全长约42.5千米。", "The road is about 42.5 kilometres long."),
        ("每袋重25千克。", "Each bag weighs 25 kg."),
        # A clock hour: 24时 is "2400 hours" or "24:00", 20时 "8 pm".
        (
            "截至3月2日24时，全市共有病例12例。",
            "As of 2400 hours on March 2, the city had 12 cases.",
        ),
        ("会议于20时开始。", "The meeting began at 8 pm."),
        # Digits inside a web address or e-mail address are no quantities.
        ("详情请登录网站（www.example365.cn）查询。", "See the website (www.example365.cn)."),
        ("来信请寄 news2024@example.com 。", "Write to news2024@example.com."),
        # One unit of a currency in a rate or price is "per dollar", "a dollar".
        ("汇率跌破1美元兑7.2元人民币。", "The rate fell below 7.2 yuan per dollar."),
        # A round amount said by its scale word alone.
        ("启动新一轮百万亩植树行动。", "A new round of million-mu tree planting began."),
    ],
)
def test_a_correct_number_is_not_flagged(zh: str, en: str) -> None:
    config = RepairConfig(stages=("source",), enabled_rules=("source.numbers",), flag_threshold=0.0)
    result = Repairer(config).repair(en, source=SourceAnalysis.from_segments([zh], [en]))
    assert result.edits == []


@pytest.mark.parametrize(
    ("zh", "en", "expected"),
    [
        ("營收達2.5萬元。", "Revenue reached 2,500 yuan.", "25,000"),
        ("该公司营收达2510亿美元。", "The company had revenue of $2,510 billion.", "251 billion"),
    ],
)
def test_a_wrong_number_is_flagged_with_the_right_one(zh: str, en: str, expected: str) -> None:
    config = RepairConfig(stages=("source",), enabled_rules=("source.numbers",), flag_threshold=0.0)
    result = Repairer(config).repair(en, source=SourceAnalysis.from_segments([zh], [en]))
    (edit,) = result.edits
    assert not edit.applied and expected in edit.reason
    assert edit.before != expected
