"""An editor's decisions on a repair's edits, and applying them.

A decisions file is JSON that carries everything needed to rebuild the final
text: the original, the edits (offsets in code points of the original) and
one ``accept``/``reject`` per edit.  The review page (``review.js``) exports
it and computes the final text with the same algorithm as
:func:`apply_decisions`, so ``mtfix apply`` reproduces the page's text.

Single document::

    {"format": "mtfix-review-decisions", "version": 1, "name": ..., "signature": ...,
     "original_sha256": ..., "edits_sha256": ..., "original": ..., "edits": [...],
     "decisions": [{"edit": 0, "rule": ..., "start": ..., "end": ..., "decision": "accept"}]}

``edits_sha256`` is a SHA-256 of the original and every edit's span, before,
after, rule and status (not of the decisions, which the editor changes),
written when the page is built; :func:`apply_decisions` refuses a file whose
edits do not match it, so an edit changed by hand (an ``after`` text, an
offset) is never applied.  It is a checksum, not a signature: it catches
edits altered after export, not someone who also recomputes it.

Several documents: ``{"format": ..., "version": 1, "documents": [<one of the above>, ...]}``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from mtfix.result import RepairResult

DECISIONS_FORMAT = "mtfix-review-decisions"
DECISIONS_VERSION = 1
Decision = Literal["accept", "reject"]
ACCEPT: Decision = "accept"
REJECT: Decision = "reject"

#: The edit fields a decisions file carries (``data`` and ``parts`` stay in the page).
EDIT_FIELDS = ("start", "end", "before", "after", "stage", "rule", "reason", "confidence", "status")


class DecisionsError(ValueError):
    """A decisions file that is malformed or does not match its own original."""


@dataclass(frozen=True)
class ReviewEdit:
    """The part of an edit that deciding and applying need."""

    start: int
    end: int
    before: str
    after: str
    rule: str
    status: str

    @property
    def actionable(self) -> bool:
        """Whether accepting it changes anything (a flag without suggestion does not)."""
        return self.before != self.after

    @property
    def default(self) -> Decision:
        """mtfix's own choice: applied edits are accepted, flagged ones are not."""
        return ACCEPT if self.status == "applied" else REJECT


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def edits_sha256(original: str, edits: Sequence[ReviewEdit]) -> str:
    """The digest that ties a decisions file's edits to its original."""
    body = [
        sha256_text(original),
        [[e.start, e.end, e.before, e.after, e.rule, e.status] for e in edits],
    ]
    canonical = json.dumps(body, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def result_edits_sha256(result: RepairResult) -> str:
    """:func:`edits_sha256` of a repair's edits (what the review page embeds)."""
    edits = [_review_edit(d, i) for i, d in enumerate(review_edit_dicts(result))]
    return edits_sha256(result.original, edits)


def edits_conflict(a: ReviewEdit, b: ReviewEdit) -> bool:
    """Whether two edits cannot both be applied.

    Spans that overlap conflict, as do two insertions at one point and an
    insertion strictly inside a replaced span.  (``review.js`` has the same rule.)
    """
    a_point, b_point = a.start == a.end, b.start == b.end
    if a_point and b_point:
        return a.start == b.start
    if a_point:
        return b.start < a.start < b.end
    if b_point:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def apply_accepted(original: str, edits: Sequence[ReviewEdit], accepted: Sequence[int]) -> str:
    """The text with the accepted edits (indices into ``edits``) applied.

    Raises :class:`DecisionsError` when two accepted edits conflict.
    """
    chosen = sorted(set(accepted), key=lambda i: (edits[i].start, edits[i].end, i))
    out: list[str] = []
    pos = 0
    prev: ReviewEdit | None = None
    for i in chosen:
        e = edits[i]
        if prev is not None and edits_conflict(prev, e):
            raise DecisionsError(
                f"accepted edits overlap: {prev.rule} at {prev.start}..{prev.end} "
                f"and {e.rule} at {e.start}..{e.end}"
            )
        out.append(original[pos : e.start])
        out.append(e.after)
        pos = e.end
        prev = e
    out.append(original[pos:])
    return "".join(out)


def review_edit_dicts(result: RepairResult) -> list[dict[str, Any]]:
    """The edits of a result as a decisions file stores them."""
    out = []
    for e in result.edits:
        d = e.to_dict()
        out.append({k: d[k] for k in EDIT_FIELDS})
    return out


def decisions_document(
    result: RepairResult,
    decisions: Mapping[int, Decision] | None = None,
    *,
    name: str | None = None,
) -> dict[str, Any]:
    """A decisions file for one result: mtfix's defaults, overridden by ``decisions``."""
    edit_dicts = review_edit_dicts(result)
    edits = [_review_edit(d, i) for i, d in enumerate(edit_dicts)]
    chosen = decisions or {}
    rows = []
    for i, edit in enumerate(edits):
        decision = chosen.get(i, edit.default)
        if decision not in (ACCEPT, REJECT):
            raise DecisionsError(
                f"decision for edit {i} must be accept or reject, not {decision!r}"
            )
        rows.append(
            {
                "edit": i,
                "rule": edit.rule,
                "start": edit.start,
                "end": edit.end,
                "decision": decision,
            }
        )
    return {
        "format": DECISIONS_FORMAT,
        "version": DECISIONS_VERSION,
        "name": name,
        "signature": result.signature,
        "original_sha256": sha256_text(result.original),
        "edits_sha256": edits_sha256(result.original, edits),
        "decisions": rows,
        "original": result.original,
        "edits": edit_dicts,
    }


@dataclass(frozen=True)
class AppliedDocument:
    name: str | None
    text: str
    accepted: int
    rejected: int


def load_decisions(source: str | Path | Mapping[str, Any]) -> dict[str, Any]:
    """Read a decisions file: a path, a JSON string or an already parsed mapping."""
    if isinstance(source, Mapping):
        return dict(source)
    raw = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DecisionsError(f"not a decisions file: {exc}") from None
    if not isinstance(data, dict):
        raise DecisionsError("not a decisions file: expected a JSON object")
    return data


def apply_decisions_all(source: str | Path | Mapping[str, Any]) -> list[AppliedDocument]:
    """Apply a decisions file of one or several documents."""
    data = load_decisions(source)
    if data.get("format", DECISIONS_FORMAT) != DECISIONS_FORMAT:
        raise DecisionsError(f"unknown format {data.get('format')!r}")
    version = data.get("version", DECISIONS_VERSION)
    if version != DECISIONS_VERSION:
        raise DecisionsError(f"unsupported decisions version {version!r}")
    if "documents" in data:
        docs = data["documents"]
        if not isinstance(docs, list) or not all(isinstance(d, dict) for d in docs):
            raise DecisionsError("'documents' must be a list of objects")
        return [_apply_document(d, n) for n, d in enumerate(docs)]
    return [_apply_document(data, 0)]


def apply_decisions(source: str | Path | Mapping[str, Any]) -> str:
    """The final text of a one-document decisions file (what the review page exports)."""
    docs = apply_decisions_all(source)
    if len(docs) != 1:
        raise DecisionsError(
            f"the decisions file holds {len(docs)} documents; use apply_decisions_all"
        )
    return docs[0].text


def _review_edit(d: Any, index: int) -> ReviewEdit:
    if not isinstance(d, dict):
        raise DecisionsError(f"edit {index} is not an object")
    try:
        start, end = d["start"], d["end"]
        before, after = d["before"], d["after"]
        rule, status = d.get("rule", ""), d.get("status", "applied")
    except KeyError as exc:
        raise DecisionsError(f"edit {index} lacks {exc.args[0]!r}") from None
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
        raise DecisionsError(f"edit {index} has a bad span {start!r}..{end!r}")
    if not all(isinstance(x, str) for x in (before, after, rule, status)):
        raise DecisionsError(f"edit {index} has non-text fields")
    return ReviewEdit(start, end, before, after, rule, status)


def _apply_document(doc: Mapping[str, Any], number: int) -> AppliedDocument:
    where = f"document {number}" + (f" ({doc['name']})" if doc.get("name") else "")
    original = doc.get("original")
    if not isinstance(original, str):
        raise DecisionsError(f"{where}: 'original' text is missing")
    expected = doc.get("original_sha256")
    if expected is not None and expected != sha256_text(original):
        raise DecisionsError(f"{where}: the original does not match original_sha256")
    raw_edits = doc.get("edits")
    if not isinstance(raw_edits, list):
        raise DecisionsError(f"{where}: 'edits' is missing")
    edits = [_review_edit(d, i) for i, d in enumerate(raw_edits)]
    for i, e in enumerate(edits):
        if e.end > len(original) or original[e.start : e.end] != e.before:
            raise DecisionsError(f"{where}: edit {i} ({e.rule}) does not match the original")
    digest = doc.get("edits_sha256")
    if not isinstance(digest, str):
        raise DecisionsError(
            f"{where}: no 'edits_sha256', so the edits cannot be verified; "
            "export the decisions again from the review page"
        )
    if digest != edits_sha256(original, edits):
        raise DecisionsError(
            f"{where}: the edits do not match edits_sha256: an edit was changed "
            "after the review page was made; nothing is applied"
        )
    chosen: dict[int, Decision] = {}
    raw_decisions = doc.get("decisions", [])
    if not isinstance(raw_decisions, list):
        raise DecisionsError(f"{where}: 'decisions' must be a list")
    for row in raw_decisions:
        index = row.get("edit") if isinstance(row, dict) else None
        if not isinstance(index, int) or isinstance(index, bool):
            raise DecisionsError(f"{where}: each decision needs an integer 'edit'")
        i = index
        if not 0 <= i < len(edits):
            raise DecisionsError(f"{where}: decision for unknown edit {i}")
        e = edits[i]
        # The copies of rule and span guard against decisions pasted onto other edits.
        for key, value in (("rule", e.rule), ("start", e.start), ("end", e.end)):
            if key in row and row[key] != value:
                raise DecisionsError(f"{where}: decision for edit {i} names another {key}")
        decision = row.get("decision")
        if decision not in (ACCEPT, REJECT):
            raise DecisionsError(f"{where}: decision for edit {i} must be accept or reject")
        if i in chosen and chosen[i] != decision:
            raise DecisionsError(f"{where}: edit {i} is both accepted and rejected")
        chosen[i] = decision
    accepted = [
        i for i, e in enumerate(edits) if e.actionable and chosen.get(i, e.default) == ACCEPT
    ]
    text = apply_accepted(original, edits, accepted)
    name = doc.get("name")
    return AppliedDocument(
        name=name if isinstance(name, str) else None,
        text=text,
        accepted=len(accepted),
        rejected=sum(1 for e in edits if e.actionable) - len(accepted),
    )
