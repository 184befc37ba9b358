"""In-article consistency: one name rendered several ways is unified.

The glossary's variant groups list the renderings MT produces for one name
(``Tencent's Shadow``, ``Tencent Vision`` → ``Tencent Miying``).  When two or
more renderings of a group (the canonical form counts as one) occur in one
article, every variant is replaced by the canonical form.  A lone rendering
is replaced only when its entry is marked ``single``.  Edits cover the name
only, so quote marks around it stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterator

from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer
from mtfix.rules.glossary import GlossaryMatch
from mtfix.rules.glossary_rule import entry_place, garble_note, match_data


def _occurs(name: str, text: str) -> bool:
    """Whether ``name`` occurs in ``text`` as whole words."""
    pos = text.find(name)
    while pos >= 0:
        end = pos + len(name)
        if (pos == 0 or not text[pos - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        ):
            return True
        pos = text.find(name, pos + 1)
    return False


@fixer("rules.consistency", stage="rules", order=20)
def unify_renderings(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Unify the renderings of one name within an article (glossary variant groups)."""
    by_group: dict[str, list[GlossaryMatch]] = {}
    for m in ctx.glossary.find(text, grouped=True, warnings=ctx.warnings):
        by_group.setdefault(m.entry.group or "", []).append(m)
    for group, matches in by_group.items():
        canonical = matches[0].entry.replacement
        renderings = {m.entry.key: m.entry.pattern for m in matches if m.text != canonical}
        variants = sorted(renderings.values())
        if _occurs(canonical, text):
            variants.append(canonical)
        unify = len(variants) >= 2
        for m in matches:
            if m.text == m.replacement or not (unify or m.entry.single):
                continue
            e = m.entry
            if unify:
                forms = ", ".join(repr(v) for v in variants)
                reason = (
                    f"one name rendered {len(variants)} ways in this article ({forms}); "
                    f"unified to {canonical!r}: {e.note or 'glossary entry in ' + entry_place(e)}"
                )
                confidence = min(x.entry.confidence for x in matches)
            else:
                reason = f"known MT garble: {garble_note(m)}"
                confidence = e.confidence
            data = match_data(m) | {"group": group, "renderings": variants}
            yield ctx.edit(m.start, m.end, m.replacement, reason, confidence=confidence, data=data)
