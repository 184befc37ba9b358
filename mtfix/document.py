"""The document model: paragraphs and sentences with character offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n\s*")


@dataclass(frozen=True)
class Span:
    """A run of text and where it sits in its document."""

    start: int
    end: int
    text: str


@dataclass
class Sentence:
    """One sentence of a document, with whatever the stages learnt about it."""

    id: int
    start: int
    end: int
    text: str
    paragraph: int = 0
    #: Sentence confidence in [0, 1] when a source was given (``None`` otherwise).
    confidence: float | None = None
    #: The parts the confidence was computed from.
    signals: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "paragraph": self.paragraph,
        }
        if self.confidence is not None:
            d["confidence"] = round(self.confidence, 4)
            d["signals"] = {k: round(v, 4) for k, v in self.signals.items()}
        return d


def split_paragraphs(text: str) -> list[Span]:
    """Paragraphs are separated by blank lines; offsets index ``text``."""
    spans: list[Span] = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        _add_stripped(spans, text, pos, m.start())
        pos = m.end()
    _add_stripped(spans, text, pos, len(text))
    return spans


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each paragraph of :func:`split_paragraphs`, copying no text."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    for m in [*_PARAGRAPH_BREAK.finditer(text), None]:
        a, b = pos, len(text) if m is None else m.start()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            bounds.append((a, b))
        if m is not None:
            pos = m.end()
    return bounds


def _add_stripped(spans: list[Span], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    body = chunk.strip()
    if body:
        s = start + lead
        spans.append(Span(s, s + len(body), body))


@lru_cache(maxsize=1)
def _english_segmenter() -> Any:
    import pysbd
    from pysbd.utils import TextSpan

    class Segmenter(pysbd.Segmenter):  # type: ignore[misc]
        """pysbd's segmenter, placing its sentences with ``str.find``, not a regex each."""

        def sentences_with_char_spans(self, sentences: list[str]) -> list[Any]:
            # pysbd: the first match of ``re.escape(sent) + r"\s*"`` (matches do not
            # overlap) that ends after the previous sentence.  One compiled regex per
            # sentence overflows re's cache; str.find gives the same spans.
            text: str = self.original_text
            spans: list[Any] = []
            prior_end = 0
            for sent in sentences:
                for start, end in _matches(text, sent):
                    if end > prior_end:
                        spans.append(TextSpan(text[start:end], start, end))
                        prior_end = end
                        break
            return spans

    return Segmenter(language="en", clean=False, char_span=False)


def _matches(text: str, sent: str) -> Iterator[tuple[int, int]]:
    r"""The spans of ``re.finditer(re.escape(sent) + r"\s*", text)``, found with ``str.find``."""
    if not sent:
        yield from (m.span() for m in re.finditer(r"\s*", text))
        return
    pos = 0
    while (start := text.find(sent, pos)) >= 0:
        end = start + len(sent)
        while end < len(text) and text[end].isspace():
            end += 1
        yield start, end
        pos = end


def split_english_sentences(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans of one English paragraph (pysbd: abbreviations, decimals, URLs)."""
    pieces = _english_segmenter().segment(paragraph)
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in pieces:
        stripped = piece.strip()
        if not stripped:
            continue
        found = paragraph.find(stripped, pos)
        if found < 0:  # pysbd altered the text: fall back to the whole rest
            spans.append((pos, len(paragraph)))
            return spans
        spans.append((found, found + len(stripped)))
        pos = found + len(stripped)
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """All sentences of an English document, paragraph by paragraph."""
    out: list[Sentence] = []
    for p_id, para in enumerate(split_paragraphs(text)):
        for lines_start, line in _lines(para.text):
            for a, b in split_english_sentences(line):
                s, e = para.start + lines_start + a, para.start + lines_start + b
                out.append(Sentence(len(out), s, e, text[s:e], paragraph=p_id))
    return out


def _lines(paragraph: str) -> list[tuple[int, str]]:
    """Single newlines inside a paragraph also end a sentence (headlines, lists)."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in paragraph.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out
