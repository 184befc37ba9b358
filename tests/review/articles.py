"""Small damaged articles with hand-made edits, so the review tests do not
depend on what the fixers happen to find."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtfix.document import Span, split_sentences
from mtfix.edits import APPLIED, FLAGGED, Edit, EditLedger
from mtfix.result import RepairResult

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_f4709ed333adbb5b.txt"


@dataclass(frozen=True)
class Spec:
    """An edit of the ``nth`` occurrence of ``find`` (offsets are found, not typed)."""

    find: str
    after: str
    rule: str
    reason: str = "test reason"
    confidence: float = 0.95
    flagged: bool = False
    nth: int = 0
    stage: str = "clean"
    #: The part of the match the edit covers (default: all of it); ``(n, n)`` inserts.
    at: tuple[int, int] | None = None


def locate(text: str, find: str, nth: int = 0) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = text.find(find, pos + 1)
        if pos < 0:
            raise AssertionError(f"{find!r} (#{nth}) not in the article")
    return pos


def make_result(original: str, specs: Sequence[Spec], **kwargs: Any) -> RepairResult:
    """A result whose edits are ``specs``, committed through the real ledger."""
    edits = []
    for s in specs:
        found = locate(original, s.find, s.nth)
        a, b = s.at if s.at is not None else (0, len(s.find))
        start, end = found + a, found + b
        edits.append(
            Edit(
                start=start,
                end=end,
                before=original[start:end],
                after=s.after,
                stage=s.stage,
                rule=s.rule,
                reason=s.reason,
                confidence=s.confidence,
                status=FLAGGED if s.flagged else APPLIED,
            )
        )
    ledger = EditLedger(original)
    ledger.commit(edits)
    result = RepairResult(
        original=original,
        text=ledger.text,
        edits=ledger.edits,
        signature=kwargs.pop("signature", "mtfix:test|sig"),
        **kwargs,
    )
    result.check()
    return result


# Astral characters (emoji, a CJK extension B ideograph, a math letter) make
# Python's code-point offsets differ from JavaScript's UTF-16 ones.
ARTICLE = (
    "Ma Huateng & rdquo;s plan —— a new “digital community”.At the meeting,John · Rawls "
    "said the fee rose 0.2 % in Zhangzhou, Hainan..\n"
    "\n"
    "Tonys 🚀 wrote about Gemeinschaft 😀.Later the 𠀋 company & mdash; 𝔘nity Tech & mdash; "
    "hired  Gaochun Capital.\n"
    "\n"
    "A clean paragraph with WeChat, an iPhone and U.S. figures stays as it is.\n"
)

ARTICLE_SPECS = (
    Spec(" & rdquo;s", "’s", "clean.entities.spaced", "HTML entity &rdquo; broken by a space"),
    Spec("——", "—", "clean.typography.dash", "Chinese double dash in English text"),
    Spec("”.", " ", "clean.spacing.after_punct", "space lost after a full stop", at=(2, 2)),
    Spec(",", " ", "clean.spacing.after_punct", "space lost after a comma", at=(1, 1)),
    Spec(" · ", " ", "clean.names.middledot", "Chinese name separator"),
    Spec(
        "Zhangzhou",
        "Danzhou",
        "rules.gazetteer",
        "Zhangzhou is in Fujian, not Hainan",
        confidence=0.6,
        flagged=True,
        stage="rules",
    ),
    Spec("..", ".", "clean.spacing.double_period", "doubled full stop"),
    Spec("Tonys", "Tönnies", "rules.glossary", "known MT garble", confidence=0.9, stage="rules"),
    Spec("😀.", "😀. ", "clean.spacing.after_punct", "space lost after a full stop"),
    Spec(
        "& mdash; 𝔘nity Tech & mdash;",
        "— 𝔘nity Tech —",
        "clean.entities.spaced",
        "HTML entities broken by a space",
    ),
    Spec(
        "Tech",
        "Technology",
        "rules.consistency",
        "one name rendered two ways",
        confidence=0.5,
        flagged=True,
        stage="rules",
    ),  # overlaps the applied entity fix
    Spec("  ", "", "clean.spacing.double_space", "two spaces", at=(0, 1)),  # a deletion
    Spec(
        "Gaochun Capital",
        "Gaochun Capital",
        "rules.names.unknown",
        "unknown organisation name",
        confidence=0.3,
        flagged=True,
        stage="rules",
    ),
    Spec(
        "Gaochun Capital",
        "Hillhouse Capital",
        "rules.glossary",
        "known MT garble",
        confidence=0.9,
        stage="rules",
    ),
)


def zh_sentences(text: str) -> list[Span]:
    """Chinese sentences, cut after each 。."""
    spans, start = [], 0
    for i, ch in enumerate(text):
        if ch == "。":
            spans.append(Span(start, i + 1, text[start : i + 1]))
            start = i + 1
    if start < len(text):
        spans.append(Span(start, len(text), text[start:]))
    return spans


HOSTILE_SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=1">'
HOSTILE_LINK = '<a href="javascript:window.__pwned=1">click me</a>'


def hostile_result() -> RepairResult:
    """Markup in the MT, the source, a suggestion, a reason and a rule id."""
    original = (
        f"Breaking {HOSTILE_SCRIPT} news,stays here.\n\n"
        f"Picture {HOSTILE_IMG} and link {HOSTILE_LINK} —— end.\n\n"
        "Closing </script><!-- <script>window.__pwned=1</script> --> words ]]> &amp; & rdquo;\n"
    )
    specs = [
        Spec(",", " ", "clean.spacing.after_punct", "space lost after a comma", at=(1, 1)),
        Spec(
            "——",
            HOSTILE_IMG,
            "rules.x<script>window.__pwned=1</script>",
            f"reason with {HOSTILE_SCRIPT}",
            confidence=0.5,
            flagged=True,
            stage="rules",
        ),
        Spec("& rdquo;", "”", "clean.entities.spaced", f"entity {HOSTILE_IMG}"),
        Spec(
            "link",
            f"{HOSTILE_LINK}",
            "rules.glossary",
            "a javascript: URL as a suggestion",
            confidence=0.4,
            flagged=True,
            stage="rules",
        ),
    ]
    source = f"突发{HOSTILE_SCRIPT}新闻。图片{HOSTILE_IMG}。"
    result = make_result(original, specs, source=source)
    sentences = split_sentences(result.text)
    result.source_sentences = zh_sentences(source)
    n = min(len(sentences), len(result.source_sentences))
    result.alignment = [((i,), (i,)) for i in range(n)]
    result._sentences = sentences
    return result


SOURCED_MT = (
    "Tencent held its meeting in Wuzhen.The theme is the destiny of cyberspace community. "
    "Ma Huateng spoke at lenght about the fate.\n\nHe thanked the staff."
)
SOURCED_ZH = (
    "腾讯在乌镇开会。主题是网络空间命运共同体。马化腾详细谈到了命运。他也谈到了未来。他感谢了员工。"
)


def sourced_result() -> RepairResult:
    """A result with a Chinese source, an alignment, a low-confidence sentence
    that was re-translated and a source sentence with no translation."""
    specs = [
        Spec(
            "Wuzhen.", " ", "clean.spacing.after_punct", "space lost after a full stop", at=(7, 7)
        ),
        Spec(
            "The theme is the destiny of cyberspace community.",
            "The theme is a community with a shared future in cyberspace.",
            "retranslate.sentence",
            "re-translated: the MT sentence scored 0.31 against the source",
            confidence=0.85,
            stage="retranslate",
        ),
        Spec(
            "lenght",
            "length",
            "rules.spelling",
            "misspelling",
            confidence=0.7,
            flagged=True,
            stage="rules",
        ),
    ]
    result = make_result(SOURCED_MT, specs, source=SOURCED_ZH)
    sentences = split_sentences(result.text)
    assert len(sentences) == 4, sentences
    for s, conf in zip(sentences, (0.92, 0.31, 0.66, 0.95), strict=True):
        s.confidence = conf
        s.signals = {"similarity": conf}
    result.source_sentences = zh_sentences(SOURCED_ZH)
    assert len(result.source_sentences) == 5
    # Source sentence 3 (他也谈到了未来。) has no translation.
    result.alignment = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((4,), (3,))]
    result._sentences = sentences
    return result
