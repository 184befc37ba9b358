"""``source.untranslated``: Chinese characters left in the English are flagged.

The sentence-level counterpart of :mod:`mtfix.rules.untranslated` (which runs
when there is no source), saying whether the source sentence has the run.
Intentional glosses are left alone (see there).  When the run is a name the
lexicon knows, its rendering is offered as the suggestion.
"""

from __future__ import annotations

from collections.abc import Iterator

from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer
from mtfix.rules.untranslated import untranslated_runs
from mtfix.source.checks._base import aligned_pairs, short


@fixer("source.untranslated", stage="source", order=12, severity="error", applies=False)
def check_untranslated(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Chinese characters left untranslated in the English are flagged."""
    lexicon = None
    for pair in aligned_pairs(ctx):
        for a, b in untranslated_runs(pair.en):
            run = pair.en[a:b]
            if lexicon is None:
                from mtfix.source.checks.entities import LEXICON

                lexicon = ctx.resource(LEXICON)
            known = lexicon.lookup(run)
            suggestion = known.preferred if known else run
            reason = f"untranslated Chinese {run!r}"
            if known:
                reason += f" (known as {known.preferred!r})"
            in_source = run in pair.zh
            reason += "; source: " + short(pair.zh, 80) if in_source else ""
            yield ctx.edit(
                pair.start + a,
                pair.start + b,
                suggestion,
                reason,
                confidence=0.9 if known else 0.5,
                data={"source_sentence": pair.zh, "in_source": in_source},
            )
