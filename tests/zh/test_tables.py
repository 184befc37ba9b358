"""Bucketed tables in the cache folder, and the loads that read them a few entries at a time
give what the whole dictionaries gave: jieba's cut and tags, pypinyin's readings, wordfreq's
Zipf frequencies."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from fresh_python import run_json

from mtfix.zh import tables

SENTENCES = [
    "鄭州的高瓴資本投資了京東。",
    "亚的斯亚贝巴和郑州的市民都认识郑永刚。",
    "腾讯觅影平台在重庆市长寿区上线，单田芳和曾国藩的后人都来了。",
    "2021年12月，国务院副总理刘鹤在北京会见了美国财政部长耶伦。",
    "行长说银行的长期利率不变，乐队的音乐很好听。",
]


def test_a_table_gives_back_its_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTFIX_CACHE_DIR", str(tmp_path))
    data = {"北京": (1, "ns"), "北": 0, "a": [1, 2], "abc": {"x": "y"}, "": 3, "\ud800x": 4}
    built: list[int] = []

    def build() -> tuple[dict[str, Any], Any]:
        built.append(1)
        return data, ("meta", 7)

    first = tables.cached_table("t", build)
    again = tables.cached_table("t", build)
    assert built == [1] and again.path == tables.table_path("t") and again.meta == ("meta", 7)
    for table in (first, again):
        assert dict(table.items()) == data
        assert table.get("北京") == (1, "ns") and table.get("南京") is None
        assert "北" in table and "南" not in table and table["abc"] == {"x": "y"}
    loaded: dict[str, Any] = {}
    again.load_into(loaded, tables.text_buckets("北京"))
    assert loaded == {"北京": (1, "ns"), "北": 0}
    tables.table_path("t").write_bytes(b"broken")
    assert dict(tables.cached_table("t", build).items()) == data and built == [1, 1]


def test_a_table_waits_for_the_background_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MTFIX_CACHE_DIR", str(tmp_path))

    class Builder:
        def wait(self, timeout: float) -> int:
            tables.table_path("bg").write_bytes(tables.dump_table({"k": 1}))
            return 0

    monkeypatch.setitem(tables.BACKGROUND, "bg", Builder())
    table = tables.cached_table("bg", lambda: pytest.fail("built twice"))
    assert table.get("k") == 1 and "bg" not in tables.BACKGROUND


def test_background_build_writes_the_tables_it_names() -> None:
    from mtfix.zh import prebuild

    prebuild.build()
    names = prebuild.background_tables()
    assert len(names) >= 5
    assert all(prebuild.cache_path(n).exists() for n in names)


def test_segmenter_cuts_and_tags_as_jieba_with_the_whole_dictionary(tmp_path: Path) -> None:
    pytest.importorskip("jieba")
    import jieba

    from mtfix.zh import segment
    from mtfix.zh.text import normalize

    data, _, _ = segment._user_dictionary()
    dictionary = tmp_path / "dict.txt"
    dictionary.write_bytes(data)
    posseg = segment._import_posseg()
    extra = ("觅影平台", "长寿区上线")
    eager = []
    for words in ((), extra):
        tokenizer = jieba.Tokenizer(str(dictionary))
        tokenizer.tmp_dir = str(tmp_path)
        tagger = posseg.POSTokenizer(tokenizer)
        for word in words:
            tokenizer.add_word(word, 20, "nz")
        eager.append([[tuple(p) for p in tagger.lcut(normalize(s))] for s in SENTENCES])
        eager.append([tagger.word_tag_tab.get(w) for w in ("本周", "郑州", *extra, "觅影")])
    lazy = []
    for words in ((), extra):
        seg = segment.segmenter(words)
        lazy.append([[(w.text, w.tag) for w in seg.words(normalize(s))] for s in SENTENCES])
        lazy.append([seg.dictionary_tag(w) for w in ("本周", "郑州", *extra, "觅影")])
    assert lazy == eager


def test_pinyin_is_pypinyins_with_all_its_phrases() -> None:
    pytest.importorskip("pypinyin")
    texts = [*SENTENCES, "单田芳", "曾国藩", "长孙无忌", "重庆", "解放军", "乐清"]
    plain = run_json(
        "import json\nfrom pypinyin import Style, lazy_pinyin, pinyin\n"
        f"texts = {texts!r}\n"
        "print(json.dumps([[lazy_pinyin(t, style=Style.NORMAL) for t in texts],"
        " [pinyin(t, style=Style.NORMAL, heteronym=True) for t in texts]]))"
    )
    ours = run_json(
        "import json\nfrom mtfix.zh.pinyin import _ready\n"
        f"texts = {texts!r}\n"
        "for t in texts: _ready(t)\n"
        "from pypinyin import Style, lazy_pinyin, pinyin\n"
        "print(json.dumps([[lazy_pinyin(t, style=Style.NORMAL) for t in texts],"
        " [pinyin(t, style=Style.NORMAL, heteronym=True) for t in texts]]))"
    )
    assert ours == plain


def test_zipf_is_wordfreqs() -> None:
    wordfreq = pytest.importorskip("wordfreq")
    from mtfix.clean.words import zipf

    words = [w for w in wordfreq.top_n_list("en", 3000) if w.isalpha()][::7]
    words += ["zzzqx", "herbaceous", "tönnies", "don't", "u.s.", "covid19", "a", "Data"]
    assert [zipf.__wrapped__(w) for w in words] == [
        wordfreq.zipf_frequency(w, "en") for w in words
    ]


def test_word_table_holds_jiebas_counts_and_tags() -> None:
    pytest.importorskip("jieba")
    import jieba

    from mtfix.zh import segment

    data, _, _ = segment._user_dictionary()
    freq, total = jieba.Tokenizer.gen_pfdict(io.BytesIO(data))
    table = segment.word_table()
    assert table.meta[0] == total
    for word in ("北京", "北", "亚的斯亚贝巴", "高瓴"):
        value = table.get(word)
        assert (value[0] if isinstance(value, tuple) else value) == freq.get(word)
