"""ftfy, configured for MT output: mojibake and control characters only."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

import ftfy
import regex

from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer

#: Keep typographic quotes, never fold widths (Chinese text must keep its
#: full-width forms), leave HTML entities to ``clean.entities`` (ftfy's
#: 'auto' mode skips lines holding ``<``) and keep line breaks as they are.
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_line_breaks=False,
    explain=True,
)

# A line of printable ASCII (tabs and CRs allowed) is something ftfy never changes.
_SUSPECT = re.compile(r"[^\t\r\n\x20-\x7e]")

_STEP_NAMES = {
    "remove_terminal_escapes": "removed terminal escape codes",
    "restore_byte_a0": "restored a lost non-breaking-space byte",
    "replace_lossy_sequences": "replaced an unrecoverable mojibake sequence",
    "decode_inconsistent_utf8": "decoded a stretch of UTF-8 mojibake",
    "fix_c1_controls": "replaced C1 control characters with Windows-1252 ones",
    "fix_latin_ligatures": "split a Latin ligature",
    "fix_surrogates": "merged UTF-16 surrogates",
    "remove_control_chars": "removed control characters",
    "unescape_html": "unescaped HTML",
}

#: Unchanged characters between two changes that still make one edit.
_MERGE_GAP = 2

#: Long lines go to ftfy in pieces of about this size, so the cost stays linear.
#: A piece ends at a space after an ASCII letter (no mojibake sequence spans
#: one: its characters are all non-ASCII, and a space inside one, a lost
#: U+00A0 byte, follows a non-ASCII character), else between two ASCII
#: letters or two Han characters, which no sequence holds either.
_CHUNK = 256
_CUTS = (
    regex.compile(r"(?<=[A-Za-z]) (?=[A-Za-z])"),
    regex.compile(r"(?<=[A-Za-z]) |(?<=[A-Za-z])(?=[A-Za-z])|(?<=\p{Han})(?=\p{Han})"),
)
#: A piece is cut within this many characters of its size when it can be.
_REACH = 4 * _CHUNK
#: Changes in a stretch longer than this are reported as one edit: difflib
#: is cubic on repetitive input.
_DIFF_LIMIT = 512


def _cut(line: str, pos: int) -> int | None:
    for cut in _CUTS:
        m = cut.search(line, pos, pos + _REACH)
        if m is not None:
            return int(m.end())
    m = _CUTS[-1].search(line, pos)
    return int(m.end()) if m is not None else None


def chunks(line: str, size: int = _CHUNK) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` pieces of a line, cut only at safe places."""
    start = 0
    while len(line) - start > size:
        cut = _cut(line, start + size)
        if cut is None:
            break
        yield start, line[start:cut]
        start = cut
    yield start, line[start:]


def explain_steps(steps: list[tuple[str, str]]) -> str:
    """A readable account of ftfy's explanation steps."""
    parts: list[str] = []
    encoding = None
    for action, arg in steps:
        if action == "encode":
            encoding = arg
        elif action == "decode":
            if encoding is None:
                parts.append(f"decoded as {arg}")
            else:
                parts.append(f"mojibake: UTF-8 text had been decoded as {encoding}")
            encoding = None
        elif action == "normalize":
            parts.append(f"{arg} normalization")
        elif action == "transcode":
            parts.append(f"transcoded ({arg})")
        else:
            parts.append(_STEP_NAMES.get(arg, arg))
    return "ftfy: " + "; ".join(dict.fromkeys(parts)) if parts else "ftfy"


def fix_line(line: str) -> tuple[str, str]:
    """ftfy's fix of one line and the reason."""
    fixed, steps = ftfy.fix_and_explain(line, FTFY_CONFIG)
    return fixed, explain_steps(list(steps or []))


def _common_prefix(a: str, b: str) -> int:
    """The length of the common prefix (binary search: slices compare in C)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


_LETTERS = re.compile(r"[A-Za-z]+")


def _differences(old: str, new: str, i: int, j: int) -> Iterator[tuple[int, int, int, int]]:
    """``(i1, i2, j1, j2)`` spans that differ between ``old[i:]`` and ``new[j:]`` (ends trimmed)."""
    head = _common_prefix(old[i:], new[j:])
    i, j = i + head, j + head
    tail = _common_prefix(old[i:][::-1], new[j:][::-1])
    a, b = old[i : len(old) - tail], new[j : len(new) - tail]
    if not a and not b:
        return
    # ftfy keeps runs of ASCII letters as they are: when both sides have the
    # same runs, only the stretches between them are compared.
    runs_a, runs_b = list(_LETTERS.finditer(a)), list(_LETTERS.finditer(b))
    if runs_a and [m.group() for m in runs_a] == [m.group() for m in runs_b]:
        pa = pb = 0
        for ma, mb in zip(runs_a, runs_b, strict=True):
            yield from _compare(a[pa : ma.start()], b[pb : mb.start()], i + pa, j + pb)
            pa, pb = ma.end(), mb.end()
        yield from _compare(a[pa:], b[pb:], i + pa, j + pb)
        return
    yield from _compare(a, b, i, j)


def _compare(a: str, b: str, i: int, j: int) -> Iterator[tuple[int, int, int, int]]:
    if a == b:
        return
    if len(a) + len(b) > _DIFF_LIMIT:  # difflib is cubic: one change for all of it
        yield i, i + len(a), j, j + len(b)
        return
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag != "equal":
            yield i + a1, i + a2, j + b1, j + b2


def minimal_changes(old: str, new: str) -> list[tuple[int, int, str]]:
    """Small ``(start, end, replacement)`` changes that turn ``old`` into ``new``.

    Linear in the length: only what lies between the common prefix and
    suffix is compared, stretch by stretch between unchanged runs of ASCII
    letters, and a stretch too long for difflib becomes one change.
    """
    changes: list[tuple[int, int, int, int]] = []
    for i1, i2, j1, j2 in _differences(old, new, 0, 0):
        if changes and i1 - changes[-1][1] <= _MERGE_GAP and j1 - changes[-1][3] <= _MERGE_GAP:
            a, _, b, _ = changes[-1]
            changes[-1] = (a, i2, b, j2)
        else:
            changes.append((i1, i2, j1, j2))
    return [(i1, i2, new[j1:j2]) for i1, i2, j1, j2 in changes]


@fixer("clean.ftfy", stage="clean", order=10, severity="error")
def fix_encoding(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Mojibake, control characters and ligatures, repaired by ftfy line by line."""
    pos = 0
    while True:
        m = _SUSPECT.search(text, pos)
        if m is None:
            return
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.start())
        end = len(text) if end < 0 else end
        pos = end + 1
        for offset, piece in chunks(text[start:end]):
            if not _SUSPECT.search(piece):
                continue
            fixed, reason = fix_line(piece)
            if fixed == piece:
                continue
            at = start + offset
            for i1, i2, after in minimal_changes(piece, fixed):
                yield ctx.edit(at + i1, at + i2, after, reason, confidence=0.95)
