"""The Chinese side: sentence splitting, normalisation, numbers, words."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

pytest.importorskip("jieba")
pytest.importorskip("opencc")

from mtfix.source import zh


def texts(source: str) -> list[str]:
    spans = zh.split_sentences(source)
    for s in spans:
        assert source[s.start : s.end] == s.text
    return [s.text for s in spans]


def test_split_keeps_closing_quotes_with_their_sentence() -> None:
    assert texts("他说：“我来了。”然后他走了。") == ["他说：“我来了。”", "然后他走了。"]
    assert texts("「真的嗎？」她問。") == ["「真的嗎？」", "她問。"]
    assert texts("（本报记者报道。）下一句。") == ["（本报记者报道。）", "下一句。"]


def test_split_runs_of_marks_and_ellipses() -> None:
    assert texts("真的吗？！是的；好……然后呢") == ["真的吗？！", "是的；", "好……", "然后呢"]
    assert texts("等等...我来了!") == ["等等...", "我来了!"]


def test_split_lines_paragraphs_and_spaces() -> None:
    source = "标题一行\n\n  第一段。第二句。 \n第二段没有句号"
    assert texts(source) == ["标题一行", "第一段。", "第二句。", "第二段没有句号"]
    assert zh.split_sentences("") == []
    assert zh.split_sentences("\n \n") == []


def test_split_mixed_latin_is_not_cut_at_latin_punctuation() -> None:
    source = "他使用了iPhone 12和Mr. Smith的App，增长了3.5%。Yahoo!新闻称，U.S.市场很大。"
    assert texts(source) == [
        "他使用了iPhone 12和Mr. Smith的App，增长了3.5%。",
        "Yahoo!新闻称，U.S.市场很大。",
    ]
    assert texts("Hello! 你好。") == ["Hello!", "你好。"]


def test_traditional_to_simplified_keeps_length() -> None:
    assert zh.to_simplified("鄭州的井壁磚，漢字轉換") == "郑州的井壁砖，汉字转换"
    assert zh.to_simplified("plain English") == "plain English"
    source = "臺灣的軟體與滑鼠"
    assert len(zh.to_simplified(source)) == len(source)


def test_normalize_makes_full_width_ascii_half_width() -> None:
    assert zh.normalize("ＡＢＣ１２３，鄭州") == "ABC123，郑州"


def test_numbers_arabic_chinese_and_scaled() -> None:
    assert zh.numbers("资源蕴藏量增加0.71万吨") == [0.71, 7100.0]
    assert zh.numbers("二〇二一年十二月十一日") == [2021.0, 12.0, 11.0]
    assert zh.numbers("三千五百万人，百分之四十") == [35_000_000.0, 40.0]
    assert zh.numbers("１２万人") == [12.0, 120_000.0]
    assert zh.numbers("十分重要，一样的，统一，一个人") == []
    assert zh.numbers("三个订单，两名记者") == [3.0, 2.0]


@pytest.fixture(scope="session")
def segmenter() -> zh.Segmenter:
    return zh.segmenter()


def test_jieba_cache_is_in_the_user_cache_dir(segmenter: zh.Segmenter) -> None:
    cache = segmenter.cache_file
    assert cache.exists()
    assert cache.parent == zh.cache_dir()
    assert not cache.is_relative_to(tempfile.gettempdir())


def test_cache_dir_and_json_caches_follow_mtfix_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    monkeypatch.delenv("MTFIX_CACHE_DIR", raising=False)
    assert zh.cache_dir() == Path(platformdirs.user_cache_dir("mtfix"))
    monkeypatch.setenv("MTFIX_CACHE_DIR", str(tmp_path / "c"))
    assert zh.cache_dir() == tmp_path / "c"
    built: list[int] = []

    def build() -> dict[str, int]:
        built.append(1)
        return {"a": 1}

    assert zh.cached_json("x.json", build) == zh.cached_json("x.json", build) == {"a": 1}
    kept = list((tmp_path / "c").glob("x.*"))
    assert built == [1] and len(kept) == 1 and kept[0].is_file()
    kept[0].write_text("{broken", encoding="utf-8")
    assert zh.cached_json("x.json", build) == {"a": 1} and built == [1, 1]
    # What comes back from the cache is what JSON gives: keys sorted, tuples as lists.
    assert zh.cached_json("y.json", lambda: {"b": (1, "z"), "a": 2}) == {"b": (1, "z"), "a": 2}
    again = zh.cached_json("y.json", build)
    assert again == {"a": 2, "b": [1, "z"]} and list(again) == ["a", "b"]


def test_words_cover_the_text_with_offsets(segmenter: zh.Segmenter) -> None:
    source = "鄭州的高瓴資本投資了京東。"
    words = segmenter.words(source)
    assert "".join(w.text for w in words) == source
    for w in words:
        assert source[w.start : w.end] == w.text


def test_names_come_from_cedict_and_jieba(segmenter: zh.Segmenter) -> None:
    names = {w.text: w.tag for w in segmenter.names("亚的斯亚贝巴和郑州的市民都认识郑永刚。")}
    assert names.get("亚的斯亚贝巴") == "ns"  # a CC-CEDICT proper noun
    assert "郑州" in names


def test_cedict_proper_nouns_are_cached(segmenter: zh.Segmenter) -> None:
    nouns = zh.cedict_proper_nouns()
    assert len(nouns) > 10_000
    assert all(zh.has_cjk(w) and len(w) >= 2 for w in list(nouns)[:500])
    assert list(zh.cache_dir().glob("cedict-proper-nouns-*"))


def test_extra_words_stay_whole() -> None:
    word = "觅影平台"
    plain = zh.segmenter()
    assert word not in [w.text for w in plain.words(f"腾讯{word}很好")]
    custom = zh.segmenter((word,))
    assert word in [w.text for w in custom.words(f"腾讯{word}很好")]


def test_glossary_terms_are_the_entries_chinese_forms(tmp_path: Path) -> None:
    from mtfix.config import RepairConfig
    from mtfix.rules.glossary import load_glossary

    path = tmp_path / "terms.toml"
    path.write_text(
        """
[[entry]]
pattern = "Gaoling Capital"
replacement = "Hillhouse Capital"
zh = "高瓴资本"

[[entry]]
pattern = "small program"
replacement = "mini program"

[[entry]]
pattern = "Hill house"
replacement = "Hillhouse"
zh = "Hillhouse"
""",
        encoding="utf-8",
    )
    glossary = load_glossary(RepairConfig(glossaries=(path,), builtin_glossary=False))
    assert zh.glossary_terms(glossary) == ("高瓴资本",)  # no zh, or no Han: nothing
    assert zh.glossary_terms(None) == ()


def test_glossary_terms_of_the_shipped_glossary() -> None:
    from mtfix.config import RepairConfig
    from mtfix.rules.glossary import load_glossary

    glossary = load_glossary(RepairConfig())
    expected = {f for e in glossary.zh_entries() for f in e.zh_forms if zh.has_cjk(f)}
    assert set(zh.glossary_terms(glossary)) == expected
