from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest

import mtfix
from mtfix.io.output import RenderOptions, render_output
from mtfix.result import RepairResult
from mtfix.review import render_html, review_data
from mtfix.review.page import embed_json

from .articles import HOSTILE_IMG, HOSTILE_SCRIPT


class PageParser(HTMLParser):
    """Collects the elements of a page and checks that they nest properly."""

    VOID = frozenset({"meta", "input", "br", "wbr", "img", "hr", "link"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._open_text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag in ("script", "style"):
            self._open_text = []

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()
        if tag == "script":
            assert self._open_text is not None
            self.scripts.append((self.tags_of("script")[-1], "".join(self._open_text)))
        if tag == "style":
            assert self._open_text is not None
            self.styles.append("".join(self._open_text))
        self._open_text = None

    def handle_data(self, data: str) -> None:
        if self._open_text is not None:
            self._open_text.append(data)

    def tags_of(self, name: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == name]


def parse(page: str) -> PageParser:
    p = PageParser()
    p.feed(page)
    p.close()
    assert p.stack == [], f"unclosed: {p.stack}"
    return p


def csp_of(p: PageParser) -> str:
    metas = [m for m in p.tags_of("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert len(metas) == 1
    value = metas[0]["content"]
    assert value is not None
    return value


def sha(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def test_structure_and_embedded_data(article: RepairResult) -> None:
    page = render_html(article, names=["a.txt"])
    assert page.startswith("<!DOCTYPE html>")
    p = parse(page)
    assert [t for t, _ in p.tags[:2]] == ["html", "head"]
    assert len(p.scripts) == 2 and len(p.styles) == 1
    (data_attrs, data), (code_attrs, code) = p.scripts
    assert data_attrs == {"type": "application/json", "id": "mtfix-data"}
    assert code_attrs == {}
    assert json.loads(data) == json.loads(json.dumps(review_data(article, names=["a.txt"])))
    assert p.tags_of("title")
    # Self-contained: nothing is loaded from anywhere.
    assert not p.tags_of("link") and not p.tags_of("img") and not p.tags_of("iframe")
    assert not re.search(r"\b(src|href)=", page)
    assert "@import" not in p.styles[0] and "url(" not in p.styles[0]
    assert "fetch(" not in code and "XMLHttpRequest" not in code
    # Data never becomes markup.
    assert not re.search(r"\.(inner|outer)HTML\s*=|insertAdjacentHTML|document\.write|eval\(", code)


def test_csp_allows_only_the_pages_own_script_and_style(article: RepairResult) -> None:
    p = parse(render_html(article))
    csp = csp_of(p)
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == sha(p.scripts[1][1])
    assert directives["style-src"] == sha(p.styles[0])
    assert "unsafe" not in csp
    # No inline event handlers anywhere in the markup.
    assert not any(k.startswith("on") for _, attrs in p.tags for k in attrs)


def test_hostile_text_stays_data(hostile: RepairResult) -> None:
    page = render_html(hostile, names=[f"evil{HOSTILE_SCRIPT}.txt"])
    p = parse(page)
    assert len(p.scripts) == 2
    assert page.count("<script") == 2 and page.count("</script") == 2
    assert "<img" not in page and "<a " not in page and "<!--" not in page
    assert "javascript:" not in page.split('id="mtfix-data"')[0]  # not in the markup
    # The data still holds the text exactly.
    data = json.loads(p.scripts[0][1])
    doc = data["documents"][0]
    assert HOSTILE_SCRIPT in doc["original"]
    assert doc["name"] == f"evil{HOSTILE_SCRIPT}.txt"
    assert any(e["after"] == HOSTILE_IMG for e in doc["edits"])
    assert any(HOSTILE_SCRIPT in (r["source"] or "") for r in doc["rows"])
    # The title is escaped too.
    assert "<title>mtfix review: evil&lt;script&gt;" in page


def test_embed_json_escapes_markup_characters() -> None:
    text = embed_json({"a": "</script><!-- & -->", "b": "\u2028"})
    assert not set(text) & set("<>&")
    assert json.loads(text) == {"a": "</script><!-- & -->", "b": "\u2028"}
    # Lone surrogates cannot be UTF-8: they are escaped instead.
    assert json.loads(embed_json({"s": "x\udc80"})) == {"s": "x\udc80"}
    embed_json({"s": "x\udc80"}).encode("utf-8")


def rows_of(result: RepairResult) -> list[dict[str, Any]]:
    rows = review_data(result)["documents"][0]["rows"]
    assert isinstance(rows, list)
    return rows


def check_rows(result: RepairResult) -> None:
    """Every edit sits in exactly one row, inside its span; rows do not overlap."""
    rows = rows_of(result)
    seen: list[int] = []
    last_end = -1
    for row in rows:
        if row["start"] is None:
            assert row["edits"] == []
            continue
        start, end = row["start"], row["end"]
        assert isinstance(start, int) and isinstance(end, int)
        assert last_end <= start <= end
        last_end = end
        for i in row["edits"]:
            e = result.edits[i]
            assert start <= e.start <= e.end <= end
            seen.append(i)
    assert sorted(seen) == list(range(len(result.edits)))


def test_paragraph_rows_without_a_source(article: RepairResult) -> None:
    check_rows(article)
    rows = rows_of(article)
    assert [article.original[r["start"] : r["end"]].split()[0] for r in rows] == [
        "Ma",
        "Tonys",
        "A",
    ]
    assert all(r["source"] is None and r["confidence"] is None for r in rows)


def test_sentence_rows_with_a_source(sourced: RepairResult) -> None:
    check_rows(sourced)
    rows = rows_of(sourced)
    assert [(r["source"], r["low"], r["retranslated"]) for r in rows] == [
        ("腾讯在乌镇开会。", False, False),
        ("主题是网络空间命运共同体。", True, True),
        ("马化腾详细谈到了命运。", False, False),
        ("他也谈到了未来。", False, False),  # no translation: a row of its own
        ("他感谢了员工。", False, False),
    ]
    assert rows[3]["start"] is None
    assert [r["confidence"] for r in rows] == [0.92, 0.31, 0.66, None, 0.95]
    spans = [sourced.original[r["start"] : r["end"]] for r in rows if r["start"] is not None]
    assert spans == [
        "Tencent held its meeting in Wuzhen.",
        "The theme is the destiny of cyberspace community.",
        "Ma Huateng spoke at lenght about the fate.",
        "He thanked the staff.",
    ]
    # A lower threshold: nothing is low any more.
    data = review_data(sourced, low_confidence=0.2)
    assert not any(r["low"] for r in data["documents"][0]["rows"])


def test_an_edit_across_sentences_joins_their_rows(sourced: RepairResult) -> None:
    from .articles import SOURCED_MT, SOURCED_ZH, Spec, make_result, zh_sentences

    mt = SOURCED_MT.replace("Wuzhen.The", "Wuzhen. The")
    result = make_result(
        mt,
        [Spec("community. Ma", "community. Mr Ma", "rules.title", "an edit across two sentences")],
        source=SOURCED_ZH,
    )
    result.source_sentences = zh_sentences(SOURCED_ZH)
    n = len(result.sentences)
    result.alignment = [((i,), (i,)) for i in range(n)]
    check_rows(result)
    joined = [r for r in rows_of(result) if r["edits"]]
    assert (
        len(joined) == 1
        and joined[0]["source"] == "主题是网络空间命运共同体。 马化腾详细谈到了命运。"
    )


def test_seed_page(seed_text: str) -> None:
    result = mtfix.repair(seed_text)
    assert result.edits
    check_rows(result)
    p = parse(render_html(result, names=["seed.txt"]))
    assert len(p.scripts) == 2


def test_several_documents(article: RepairResult, sourced: RepairResult) -> None:
    page = render_html([article, sourced], names=["a.txt", "b.txt"])
    data = json.loads(parse(page).scripts[0][1])
    assert [d["name"] for d in data["documents"]] == ["a.txt", "b.txt"]
    assert [d["has_source"] for d in data["documents"]] == [False, True]
    with pytest.raises(ValueError, match="names"):
        render_html([article, sourced], names=["a.txt"])


def test_a_source_without_alignment_is_shown_whole(article: RepairResult) -> None:
    article.source = "未对齐的原文。"
    doc = review_data(article)["documents"][0]
    assert doc["has_source"] is False and doc["source_text"] == "未对齐的原文。"


def test_registered_as_the_html_format(article: RepairResult) -> None:
    out = render_output(article, "html", RenderOptions(name="a.txt"))
    assert out == render_html(article, names=["a.txt"])
    low = render_output(article, "html", RenderOptions(name="a.txt", extra={"low_confidence": 0.9}))
    assert '"low_confidence":0.9' in str(low)
