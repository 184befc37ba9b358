"""What the source stages share: the Chinese sentences and the alignment."""

from __future__ import annotations

from dataclasses import dataclass, field

from mtfix.document import Span
from mtfix.edits import EditLedger

#: ``(zh_sentence_ids, en_sentence_ids)``; 1-0 and 0-1 links have an empty side.
Link = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass
class SourceDoc:
    """The Chinese original split into sentences, aligned to the English.

    English sentence spans are kept on *original* offsets so that they stay
    valid while later fixers edit the text; use :meth:`en_span` to get them
    on the current text.
    """

    zh_sentences: list[Span]
    #: English sentences as ``(start, end)`` on the original text.
    en_original_spans: list[tuple[int, int]]
    alignment: list[Link] = field(default_factory=list)

    def en_span(self, i: int, ledger: EditLedger) -> tuple[int, int]:
        """English sentence ``i`` on the ledger's current text."""
        a, b = self.en_original_spans[i]
        return ledger.to_current(a), ledger.to_current(b)

    def pairs(self, ledger: EditLedger) -> list[tuple[str, list[int], str, tuple[int, int]]]:
        """Aligned pairs with text: ``(zh_text, en_ids, en_text, en_span_on_current_text)``.

        Only links with both sides are returned; the English span covers all
        English sentences of the link.
        """
        out = []
        for zh_ids, en_ids in self.alignment:
            if not zh_ids or not en_ids:
                continue
            zh = "".join(self.zh_sentences[i].text for i in zh_ids)
            a = self.en_span(en_ids[0], ledger)[0]
            b = self.en_span(en_ids[-1], ledger)[1]
            out.append((zh, list(en_ids), ledger.text[a:b], (a, b)))
        return out
