"""Hostile text: arbitrary Unicode mixed with the damage mtfix repairs."""

from __future__ import annotations

from hypothesis import strategies as st

#: Pieces of MT damage and of the text around it, so rules actually fire.
DAMAGE = [
    "& rdquo;", "&ldquo;", "&mdash", "&amp;rsquo;", "&#8220;", "&nbsp", "John · Rawls",
    "Bill·Gates", "——", "，", "。", "：", "（", "）", "industry.At", "again. .", "..", " ,",
    "U.S.", "0.2", "e.g.", "https://example.com/a.b", "a@b.cn", "WeChat", "iPhone",
    "Tonys", "Gaochun Capital", "Zhangzhou, Hainan", "“", "”", "‘", "’", "'", '"',
]
#: Characters that break naive code: controls, lone surrogates, joiners, RTL, emoji.
HOSTILE = [
    "\x00", "\x01", "\x1b", "\x7f", "\x85", "\r", "\r\n", "\n", "\t", "\x0b", "\x0c",
    "\u2028", "\u2029", "\ufeff", "\u200b", "\u200d", "\u200e", "\u200f", "\u202e",
    "\udc80", "\udcff", "\ud800", "\udfff", "\ufffd", "\U0001f600", "\U0001f468\u200d\U0001f469",
    "\U0001f1e8\U0001f1f3", "مرحبا بالعالم", "שלום", "中文", "é", "e\u0301", "ﬁ", "Ａ", "ǅ",
]

fragments = st.one_of(
    st.sampled_from(DAMAGE),
    st.sampled_from(HOSTILE),
    st.text(st.characters(codec=None), max_size=12),  # any code point, surrogates included
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=20),
    st.just(" "),
)
texts = st.lists(fragments, max_size=40).map("".join)
