"""The HTML review page: one self-contained file to accept or reject edits.

The page holds its data as JSON in a ``<script type="application/json">``
block and builds every element from it with ``textContent`` (``review.js``);
article text never becomes markup.  A Content-Security-Policy allows only the
page's own script and style, by hash, so nothing in an article can run.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from mtfix.document import split_paragraphs
from mtfix.review.decisions import (
    DECISIONS_FORMAT,
    DECISIONS_VERSION,
    result_edits_sha256,
    sha256_text,
)

if TYPE_CHECKING:
    from mtfix.edits import Edit
    from mtfix.result import RepairResult

#: Sentences below this confidence stand out (``RepairConfig.sentence_threshold``).
LOW_CONFIDENCE = 0.5

#: Bidirectional controls by their Unicode abbreviations.  The page shows each as
#: a visible mark (``⟨RLO⟩``) instead of letting it reorder the text around it,
#: so that an editor never approves text that displays differently from what it is.
BIDI_CONTROLS = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u061c": "ALM",
}
#: What the page shows for each control.
CONTROL_MARKS = {char: f"\u27e8{name}\u27e9" for char, name in BIDI_CONTROLS.items()}


def show_controls(text: str) -> str:
    """``text`` with every bidirectional control replaced by its visible mark."""
    if not any(c in text for c in CONTROL_MARKS):
        return text
    return "".join(CONTROL_MARKS.get(c, c) for c in text)


@dataclass
class _Row:
    """A stretch of the original shown side by side with its repair (and source)."""

    start: int
    end: int
    zh_ids: list[int] = field(default_factory=list)
    confidence: float | None = None
    edits: list[int] = field(default_factory=list)

    def absorb(self, other: _Row) -> None:
        self.start = min(self.start, other.start)
        self.end = max(self.end, other.end)
        self.zh_ids = sorted(set(self.zh_ids) | set(other.zh_ids))
        self.confidence = _min_conf(self.confidence, other.confidence)
        self.edits.extend(other.edits)


def _min_conf(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    return a if b is None else min(a, b)


class _OffsetMap:
    """Maps offsets in the repaired text back to the original."""

    def __init__(self, applied: Sequence[Edit]) -> None:
        self.edits = sorted(applied, key=lambda e: (e.start, e.end))
        self.out_starts: list[int] = []
        self.deltas: list[int] = []  # output minus original offset before each edit
        delta = 0
        for e in self.edits:
            self.out_starts.append(e.start + delta)
            self.deltas.append(delta)
            delta += len(e.after) - (e.end - e.start)

    def _after(self, i: int) -> int:
        """The offset shift after edit ``i``."""
        e = self.edits[i]
        return self.deltas[i] + len(e.after) - (e.end - e.start)

    def start(self, pos: int) -> int:
        """A start offset: inside an edit's output it moves to the edit's start."""
        i = bisect.bisect_right(self.out_starts, pos) - 1
        if i < 0:
            return pos
        if pos < self.out_starts[i] + len(self.edits[i].after):
            return self.edits[i].start
        return pos - self._after(i)

    def end(self, pos: int) -> int:
        """An end offset: inside an edit's output it moves to the edit's end."""
        i = bisect.bisect_left(self.out_starts, pos) - 1
        if i < 0:
            return pos
        if pos <= self.out_starts[i] + len(self.edits[i].after):
            return self.edits[i].end
        return pos - self._after(i)


def _touches(row: _Row, e: Edit) -> bool:
    if e.start == e.end:
        return row.start <= e.start <= row.end
    return e.start < row.end and row.start < e.end


def _merge_overlapping(rows: list[_Row]) -> list[_Row]:
    rows.sort(key=lambda r: (r.start, r.end))
    merged: list[_Row] = []
    for row in rows:
        if merged and row.start < merged[-1].end:
            merged[-1].absorb(row)
        else:
            merged.append(row)
    return merged


def _assign_edits(rows: list[_Row], edits: Sequence[Edit]) -> list[_Row]:
    """Give every edit to exactly one row, widening and merging rows as needed."""
    for index, e in sorted(enumerate(edits), key=lambda p: (p[1].start, p[1].end, p[0])):
        hits = [i for i, r in enumerate(rows) if _touches(r, e)]
        if e.start == e.end:
            hits = hits[:1]  # an insertion between two rows goes to the first
        if not hits:  # between rows (e.g. blank lines): join the row before it
            before = [i for i, r in enumerate(rows) if r.start <= e.start]
            hits = [before[-1] if before else 0]
        first = rows[hits[0]]
        for i in reversed(hits[1:]):
            first.absorb(rows.pop(i))
        first.start, first.end = min(first.start, e.start), max(first.end, e.end)
        first.edits.append(index)
        rows = _merge_overlapping(rows)
    for r in rows:
        r.edits.sort(key=lambda i: (edits[i].start, edits[i].end, i))
    return rows


def _sentence_rows(result: RepairResult) -> tuple[list[_Row], list[int]]:
    """Rows from the aligned sentences; also the source sentences left unaligned."""
    offsets = _OffsetMap(result.applied)
    sentences = {s.id: s for s in result.sentences}
    n_zh = len(result.source_sentences)
    rows: list[_Row] = []
    used_en: set[int] = set()
    used_zh: set[int] = set()
    for zh_ids, en_ids in result.alignment:
        ens = [sentences[i] for i in en_ids if i in sentences and i not in used_en]
        zh = sorted(i for i in zh_ids if 0 <= i < n_zh and i not in used_zh)
        used_zh.update(zh)
        if not ens:
            used_zh.difference_update(zh)  # shown on a row of its own
            continue
        used_en.update(s.id for s in ens)
        conf = None
        for s in ens:
            conf = _min_conf(conf, s.confidence)
        start = offsets.start(min(s.start for s in ens))
        end = offsets.end(max(s.end for s in ens))
        rows.append(_Row(start, max(start, end), zh, conf))
    for s in sentences.values():
        if s.id not in used_en:
            start = offsets.start(s.start)
            rows.append(_Row(start, max(start, offsets.end(s.end)), [], s.confidence))
    unaligned = [i for i in range(n_zh) if i not in used_zh]
    return rows, unaligned


def _row_dict(row: _Row, result: RepairResult, low_confidence: float) -> dict[str, Any]:
    src = result.source_sentences
    return {
        "start": row.start,
        "end": row.end,
        "source": " ".join(src[i].text for i in row.zh_ids) if row.zh_ids else None,
        "confidence": None if row.confidence is None else round(row.confidence, 4),
        "low": row.confidence is not None and row.confidence < low_confidence,
        # Replaced by a re-translation; a low-confidence flag is shown as "low", not here.
        "retranslated": any(
            result.edits[i].stage == "retranslate" and result.edits[i].applied for i in row.edits
        ),
        # Where the replacing sentence came from: a candidate file or an engine.
        "origin": next(
            (
                str(result.edits[i].data["origin"])
                for i in row.edits
                if result.edits[i].stage == "retranslate"
                and result.edits[i].applied
                and result.edits[i].data.get("origin")
            ),
            None,
        ),
        "edits": row.edits,
    }


def _source_only_row(result: RepairResult, zh_ids: list[int]) -> dict[str, Any]:
    return {
        "start": None,
        "end": None,
        "source": " ".join(result.source_sentences[i].text for i in zh_ids),
        "confidence": None,
        "low": False,
        "retranslated": False,
        "origin": None,
        "edits": [],
    }


def build_rows(
    result: RepairResult, *, low_confidence: float = LOW_CONFIDENCE
) -> list[dict[str, Any]]:
    """The page's rows for one result, on offsets (code points) of the original.

    With a source and an alignment, one row per aligned group of sentences
    (source sentences without a match get rows of their own); otherwise one
    row per paragraph of the original.  Every edit belongs to one row.
    """
    aligned = result.source is not None and bool(result.alignment)
    unaligned: list[int] = []
    if aligned:
        rows, unaligned = _sentence_rows(result)
    else:
        rows = [_Row(p.start, p.end) for p in split_paragraphs(result.original)]
    if not rows:
        rows = [_Row(0, len(result.original))]
    rows = _assign_edits(_merge_overlapping(rows), result.edits)
    out = [_row_dict(r, result, low_confidence) for r in rows]
    if unaligned:
        out = _insert_source_rows(out, rows, unaligned, result)
    return out


def _insert_source_rows(
    out: list[dict[str, Any]], rows: list[_Row], unaligned: list[int], result: RepairResult
) -> list[dict[str, Any]]:
    """Put unmatched source sentences before the first row with a later source sentence."""
    placed: dict[int, list[int]] = {}
    for zh in unaligned:
        at = next((k for k, r in enumerate(rows) if r.zh_ids and min(r.zh_ids) > zh), len(rows))
        placed.setdefault(at, []).append(zh)
    merged: list[dict[str, Any]] = []
    for k in range(len(out) + 1):
        if k in placed:
            merged.append(_source_only_row(result, placed[k]))
        if k < len(out):
            merged.append(out[k])
    return merged


def _edit_dict(e: Edit) -> dict[str, Any]:
    d = e.to_dict()
    d.pop("parts", None)
    if e.parts:
        d["parts"] = [p.rule for p in e.parts]
    return d


def review_document(
    result: RepairResult, *, name: str | None = None, low_confidence: float = LOW_CONFIDENCE
) -> dict[str, Any]:
    """The data the page shows for one result."""
    has_alignment = result.source is not None and bool(result.alignment)
    return {
        "name": name,
        "signature": result.signature,
        "original_sha256": sha256_text(result.original),
        "edits_sha256": result_edits_sha256(result),
        "original": result.original,
        "has_source": has_alignment,
        # A source that could not be aligned is shown whole, above the rows.
        "source_text": result.source if result.source is not None and not has_alignment else None,
        "warnings": list(result.warnings),
        "edits": [_edit_dict(e) for e in result.edits],
        "rows": build_rows(result, low_confidence=low_confidence),
    }


def review_data(
    results: RepairResult | Sequence[RepairResult],
    *,
    names: Sequence[str | None] | None = None,
    low_confidence: float = LOW_CONFIDENCE,
) -> dict[str, Any]:
    """Everything the page embeds, for one or several documents."""
    items = [results] if not isinstance(results, Sequence) else list(results)
    labels = list(names) if names is not None else [None] * len(items)
    if len(labels) != len(items):
        raise ValueError(f"{len(items)} results but {len(labels)} names")
    return {
        "format": "mtfix-review",
        "decisions_format": DECISIONS_FORMAT,
        "decisions_version": DECISIONS_VERSION,
        "low_confidence": low_confidence,
        # Shown in place of these characters wherever the page displays text.
        "control_marks": CONTROL_MARKS,
        "documents": [
            review_document(r, name=n, low_confidence=low_confidence)
            for r, n in zip(items, labels, strict=True)
        ],
    }


def embed_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` appear."""
    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: escape everything
        text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@lru_cache(maxsize=4)
def _asset(name: str) -> str:
    return resources.files("mtfix.review").joinpath("data", name).read_text(encoding="utf-8")


def _csp_hash(code: str) -> str:
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render_html(
    results: RepairResult | Sequence[RepairResult],
    *,
    names: Sequence[str | None] | None = None,
    title: str | None = None,
    low_confidence: float = LOW_CONFIDENCE,
) -> str:
    """A self-contained review page (inline CSS and JS, nothing fetched) for results."""
    data = review_data(results, names=names, low_confidence=low_confidence)
    script = _asset("review.js")
    style = _asset("review.css")
    page = _asset("review.html")
    csp = (
        f"default-src 'none'; script-src {_csp_hash(script)}; style-src {_csp_hash(style)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    if title is None:
        shown = [d["name"] for d in data["documents"] if d["name"]]
        title = "mtfix review" + (": " + ", ".join(shown[:3]) if shown else "")
        if len(shown) > 3:
            title += f" and {len(shown) - 3} more"
    # Template slots are filled in one pass, so data can never reach another slot.
    slots = {
        "CSP": html.escape(csp),
        "TITLE": html.escape(show_controls(title)),
        "STYLE": style,
        "DATA": embed_json(data),
        "SCRIPT": script,
    }
    parts = page.split("@@")
    for i in range(1, len(parts), 2):
        parts[i] = slots[parts[i]]
    return "".join(parts)
