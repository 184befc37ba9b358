"""Glossaries of known MT garbles: loading, validation and fast matching.

An entry maps a garbled rendering (``pattern``, literal or ``regex``) to its
correct English form (``replacement``).  Optional fields:

``context`` / ``unless``
    words (``sociolog*`` is a prefix, ``Zhang Yiming`` a phrase; case is
    ignored) of which at least one must / none may appear in the ``scope``
    (``document`` or ``paragraph``) for the entry to fire.
``zh``
    the Chinese form, used by the source-aware stages.
``type``
    ``person``, ``org``, ``place``, ``product`` or ``term``.
``confidence`` (0..1), ``note`` (cited in every edit's reason).
``case``
    ``exact`` (default when the pattern has capitals), ``smart`` (default
    otherwise: ``small program`` also matches ``Small program`` and
    ``SMALL PROGRAM`` and the replacement follows that casing) or ``ignore``.
``group`` / ``single``
    entries sharing a ``group`` are renderings of one name; their common
    ``replacement`` is the canonical form.  When two renderings occur in
    one article they are unified (:mod:`mtfix.rules.consistency`); a lone
    rendering is replaced only when its entry says ``single = true``.

A space in a literal pattern matches any run of spaces and the Chinese
name dots left by MT (``Robert Neuss`` matches ``Robert · Neuss``); an
apostrophe matches ``'`` and ``’``.  Matches respect word boundaries.

Files are TOML (``[[entry]]`` tables; ``pattern`` may be a list), CSV or
TSV (a header row with at least ``pattern`` and ``replacement``; list
fields separated by ``|`` or ``;``).  User glossaries
(``RepairConfig.glossaries``) override shipped entries with the same
pattern, later files override earlier ones.

For the source-aware stages: :meth:`Glossary.names` maps each ``zh`` form
to its English rendering, :meth:`Glossary.zh_entries` lists those entries,
and :meth:`Glossary.add_names` returns a glossary extended with more names.
"""

from __future__ import annotations

import bisect
import re
import time
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import regex

from mtfix.config import RepairConfig
from mtfix.document import paragraph_bounds
from mtfix.rules.glossary_entries import (
    ENTRY_TYPES,
    GlossaryEntry,
    GlossaryError,
    GlossaryIssue,
    GlossaryMatch,
    replace_entry,
)
from mtfix.rules.glossary_files import (
    builtin_entries,
    load_glossary_file,
    parse_glossary_text,
    unsafe_character,
    validate_glossary,
)

__all__ = [
    "ENTRY_TYPES",
    "Glossary",
    "GlossaryEntry",
    "GlossaryError",
    "GlossaryIssue",
    "GlossaryMatch",
    "builtin_entries",
    "load_glossary",
    "load_glossary_file",
    "parse_glossary_text",
    "replace_entry",
    "unsafe_character",
    "validate_glossary",
]

# A space in a literal pattern: spaces, a line break, or a Chinese name dot.
_SEP = r"(?:[^\S\n]*[·・•‧∙][^\S\n]*|[^\S\n]*\n[^\S\n]*|[^\S\n]+)"
_APOSTROPHE = "['’]"


def load_glossary(config: RepairConfig) -> Glossary:
    """The shipped glossary (unless disabled) overridden by the user's files."""
    entries: list[GlossaryEntry] = list(builtin_entries()) if config.builtin_glossary else []
    glossary = Glossary(entries)
    for path in config.glossaries:
        glossary = glossary.with_entries(load_glossary_file(path))
    return glossary


# -- matching --------------------------------------------------------------------


def _literal_regex(pattern: str) -> str:
    # No lookbehind at the start, so the engine can search for the literal prefix;
    # word boundaries are checked by _on_word_boundaries.
    words = pattern.split()
    return _SEP.join(re.sub("['’]", lambda _: _APOSTROPHE, re.escape(w)) for w in words)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    """A match must not start or end inside a word."""
    if start > 0 and _is_word_char(text[start]) and _is_word_char(text[start - 1]):
        return False
    return not (end < len(text) and _is_word_char(text[end - 1]) and _is_word_char(text[end]))


def _literal_prefix(entry: GlossaryEntry) -> str:
    """Leading letters every match starts with (for the first-word index)."""
    if not entry.regex:
        m = re.match(r"\w+", entry.pattern)
        return m.group(0) if m else ""
    pat = entry.pattern
    if not _top_level_alternation_free(pat):
        return ""
    m = re.match(r"[^\W_]+", pat)
    if m is None:
        return ""
    prefix = m.group(0)
    if pat[m.end() : m.end() + 1] in ("?", "*", "{"):  # the last letter is optional
        prefix = prefix[:-1]
    return prefix


def _top_level_alternation_free(pattern: str) -> bool:
    depth = 0
    escaped = False
    in_class = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return False
    return True


_KEY_LEN = 3


def _casing(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "none"
    if all(c.islower() for c in letters):
        return "lower"
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "upper"
    words = [w for w in re.findall(r"[^\W\d_]+", text)]
    if words[0][0].isupper() and all(c.islower() for c in "".join(words)[1:]):
        return "first"
    if all(w[0].isupper() and w[1:].islower() for w in words):
        return "title"
    return "mixed"


def _recase(replacement: str, casing: str) -> str:
    if casing == "upper":
        return replacement.upper()
    if casing == "title":
        return " ".join(w[:1].upper() + w[1:] for w in replacement.split(" "))
    if casing == "first":
        return replacement[:1].upper() + replacement[1:]
    return replacement


class Glossary:
    """An immutable set of entries with a fast matcher.

    Matching indexes entries by the first letters of their first word; one
    regex (a trie of those letters) finds the word starts worth trying, and
    only there are the entries' compiled patterns tried.  Case-insensitive
    literals run on a lower-cased copy of the text, so the regex engine's
    fast literal search applies.
    """

    def __init__(self, entries: Iterable[GlossaryEntry] = ()) -> None:
        by_key: dict[tuple[str, bool], GlossaryEntry] = {}
        for e in entries:
            by_key.pop(e.key, None)  # a later entry overrides and moves last
            by_key[e.key] = e
        self.entries: tuple[GlossaryEntry, ...] = tuple(by_key.values())
        self._compiled: dict[int, tuple[re.Pattern[str], bool]] = {}
        self._last_starts: tuple[str, Sequence[int]] | None = None
        # first letters (lower case) → entries, for grouped (True) and other entries
        self._index: dict[bool, dict[str, list[int]]] = {True: {}, False: {}}
        self._scan: list[int] = []  # entries with no literal prefix: searched in full
        for i, e in enumerate(self.entries):
            prefix = _lowered(_literal_prefix(e))
            if prefix and (len(prefix) >= _KEY_LEN or not e.regex):
                self._index[bool(e.group)].setdefault(prefix[:_KEY_LEN], []).append(i)
            else:
                self._scan.append(i)
        keys = {*self._index[True], *self._index[False]}
        self._starts = re.compile(r"\b" + _trie_regex(keys)) if keys else None

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[GlossaryEntry]:
        return iter(self.entries)

    def __repr__(self) -> str:
        return f"Glossary({len(self.entries)} entries)"

    # -- building ----------------------------------------------------------------
    def with_entries(self, entries: Iterable[GlossaryEntry]) -> Glossary:
        """A new glossary where ``entries`` override entries with the same pattern."""
        return Glossary([*self.entries, *entries])

    def add_names(
        self,
        names: Mapping[str, str],
        *,
        type: str = "person",
        note: str = "",
        origin: str = "added",
    ) -> Glossary:
        """A new glossary knowing more zh → English names (no English pattern to fix).

        Raises :class:`GlossaryError` for a name holding a bidirectional
        control or another control character.
        """
        for zh, en in names.items():
            why = unsafe_character(zh) or unsafe_character(en)
            if why is not None:
                raise GlossaryError(origin, 0, f"name {zh!r} → {en!r} holds a {why}")
        known = {zh for e in self.entries for zh in e.zh_forms}
        extra = [
            GlossaryEntry(
                pattern=f"\x00{zh}",  # never matches English text
                replacement=en,
                zh=zh,
                type=type,
                note=note,
                origin=origin,
            )
            for zh, en in names.items()
            if zh not in known
        ]
        return self.with_entries(extra)

    # -- views for other stages --------------------------------------------------
    def zh_entries(self) -> list[GlossaryEntry]:
        """Entries that carry a Chinese form."""
        return [e for e in self.entries if e.zh_forms]

    def names(self, types: Iterable[str] | None = None) -> dict[str, str]:
        """zh → English for entries with a Chinese form (optionally of some types)."""
        wanted = set(types) if types is not None else None
        return {
            zh: e.replacement
            for e in self.entries
            if (wanted is None or e.type in wanted) and "\\" not in e.replacement
            for zh in e.zh_forms
        }

    def groups(self) -> dict[str, list[GlossaryEntry]]:
        """Variant groups: group id → its entries."""
        out: dict[str, list[GlossaryEntry]] = {}
        for e in self.entries:
            if e.group:
                out.setdefault(e.group, []).append(e)
        return out

    # -- matching ----------------------------------------------------------------
    def _regex(self, i: int) -> tuple[Any, bool]:
        """Entry ``i``'s compiled pattern, and whether it runs on the lower-cased text.

        User regexes run on the ``regex`` engine, which can stop one that runs too long.
        """
        found = self._compiled.get(i)
        if found is None:
            e = self.entries[i]
            if e.regex:
                flags = regex.IGNORECASE if e.case != "exact" else 0
                found = (regex.compile(e.pattern, flags), False)
            elif e.case == "exact":
                found = (re.compile(_literal_regex(e.pattern)), False)
            else:
                found = (re.compile(_literal_regex(e.pattern.lower())), True)
            self._compiled[i] = found
        return found

    def _try(
        self, i: int, text: str, lowered: str, pos: int | None, budget: _Budget
    ) -> Iterator[tuple[int, int, int, Any]]:
        rx, on_lowered = self._regex(i)
        subject = lowered if on_lowered else text
        if self.entries[i].regex:
            hits = budget.run(self.entries[i], i, rx, subject, pos)
        else:
            hits = [rx.match(subject, pos)] if pos is not None else rx.finditer(subject)
        for m in hits:
            if m and m.end() > m.start() and _on_word_boundaries(text, m.start(), m.end()):
                yield i, m.start(), m.end(), m

    def _start_positions(self, lowered: str) -> Sequence[int]:
        """Word starts that begin like some entry; the last text's are kept.

        The glossary and the consistency rule look up the same text in turn.
        """
        cached = self._last_starts  # one read: safe when threads share the glossary
        if cached is not None and cached[0] == lowered:
            return cached[1]
        assert self._starts is not None
        # An array: 8 bytes a position, not 36 (a list of ints), on texts of megabytes.
        positions = array("q", (m.start() for m in self._starts.finditer(lowered)))
        self._last_starts = (lowered, positions)
        return positions

    def _candidates(
        self, text: str, lowered: str, grouped: bool | None, budget: _Budget
    ) -> Iterator[tuple[int, int, int, Any]]:
        indexes = [self._index[g] for g in (True, False) if grouped is None or grouped == g]
        if self._starts is not None:
            # Only word starts that begin like some entry are tried.
            for pos in self._start_positions(lowered):
                for index in indexes:
                    for n in range(1, _KEY_LEN + 1):
                        for i in index.get(lowered[pos : pos + n], ()):
                            yield from self._try(i, text, lowered, pos, budget)
        for i in self._scan:
            if grouped is None or bool(self.entries[i].group) == grouped:
                yield from self._try(i, text, lowered, None, budget)

    def find(
        self, text: str, *, grouped: bool | None = None, warnings: list[str] | None = None
    ) -> list[GlossaryMatch]:
        """Non-overlapping matches whose context conditions hold.

        ``grouped``: only entries in variant groups (True), only others
        (False), or all (None).  On overlaps, user entries win over shipped
        ones, then the longer match, then the higher confidence.  A regex
        entry that runs over :data:`REGEX_SECONDS` on ``text`` is skipped,
        with a note in ``warnings``.
        """
        lowered = _lowered(text)
        context = _ContextChecker(text, lowered)
        budget = _Budget(warnings)
        found: list[tuple[GlossaryMatch, int]] = []
        for i, start, end, m in self._candidates(text, lowered, grouped, budget):
            e = self.entries[i]
            surface = text[start:end]
            replacement = m.expand(e.replacement) if e.regex else e.replacement
            if e.case == "smart":
                casing = _casing(surface)
                if casing == "mixed":
                    continue
                replacement = _recase(replacement, casing)
            if not context.holds(e, start):
                continue
            found.append((GlossaryMatch(start, end, surface, replacement, e), i))
        found.sort(
            key=lambda t: (
                t[0].start,
                t[0].entry.builtin,
                -(t[0].end - t[0].start),
                -t[0].entry.confidence,
                t[1],
            )
        )
        out: list[GlossaryMatch] = []
        last_end = -1
        for match, _ in found:
            if match.start >= last_end:
                out.append(match)
                last_end = match.end
        return out


#: Seconds one regex entry may run on one text; past it, it is skipped there.
REGEX_SECONDS = 1.0


class _Budget:
    """The time regex entries have spent on one text."""

    def __init__(self, warnings: list[str] | None) -> None:
        self.warnings = warnings
        self.spent: dict[int, float] = {}
        self.skipped: set[int] = set()

    def run(
        self, entry: GlossaryEntry, i: int, rx: Any, subject: str, pos: int | None
    ) -> list[Any]:
        if i in self.skipped:
            return []
        spent = self.spent.get(i, 0.0)
        start = time.monotonic()
        try:
            if pos is not None:
                return [rx.match(subject, pos, timeout=REGEX_SECONDS - spent)]
            return list(rx.finditer(subject, timeout=REGEX_SECONDS - spent))
        except TimeoutError:
            self.skipped.add(i)
            note = (
                f"glossary entry {entry.cite()} (regex {entry.pattern!r}) ran over "
                f"{REGEX_SECONDS:g} s on this text and was skipped"
            )
            if self.warnings is not None and note not in self.warnings:
                self.warnings.append(note)
            return []
        finally:
            self.spent[i] = spent + time.monotonic() - start


#: Characters lower-cased at a time: CPython's ``str.lower`` of non-ASCII text
#: takes a 12-byte-a-character buffer (600 MB for a 50 MB text) besides its result.
_LOWER_CHUNK = 1 << 18


def _lowered(text: str) -> str:
    """A lower-cased copy of ``text`` with the same length (offsets stay valid)."""
    if text.isascii() or len(text) <= _LOWER_CHUNK:
        return _lowered_part(text)
    parts: list[str] = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + _LOWER_CHUNK)
        if end < len(text):  # cut at a space: a final sigma depends on what follows
            space = text.rfind(" ", pos, end)
            end = space if space > pos else end
        parts.append(_lowered_part(text[pos:end]))
        pos = end
    return "".join(parts)


def _lowered_part(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _trie_regex(keys: Iterable[str]) -> str:
    """A regex matching any of ``keys`` (as a trie, so the engine can skip fast)."""
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return f"(?:{body})?" if len(alts) == 1 else body + "?"
        return body

    return emit(trie)


class _ContextChecker:
    """Answers "does any of these words occur in this entry's scope?", with caching."""

    def __init__(self, text: str, lowered: str) -> None:
        self.text = text
        self.lowered = lowered
        self._paragraphs: list[tuple[int, int]] | None = None
        self._starts: list[int] = []
        self._cache: dict[tuple[str, int, int], bool] = {}

    def _scope(self, entry: GlossaryEntry, pos: int) -> tuple[int, int]:
        if entry.scope == "document":
            return 0, len(self.text)
        if self._paragraphs is None:
            self._paragraphs = paragraph_bounds(self.text)
            self._starts = [a for a, _ in self._paragraphs]
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < self._paragraphs[i][1]:
            return self._paragraphs[i]
        return 0, len(self.text)

    def _occurs(self, term: str, a: int, b: int) -> bool:
        key = (term, a, b)
        hit = self._cache.get(key)
        if hit is None:
            hit = _find_word(self.lowered, term, a, b)
            self._cache[key] = hit
        return hit

    def holds(self, entry: GlossaryEntry, pos: int) -> bool:
        if not entry.context and not entry.unless:
            return True
        a, b = self._scope(entry, pos)
        if entry.context and not any(self._occurs(t, a, b) for t in entry.context):
            return False
        return not any(self._occurs(t, a, b) for t in entry.unless)


def _find_word(lowered: str, term: str, a: int, b: int) -> bool:
    """Whether ``term`` (a word, a phrase or a ``prefix*``) occurs in ``lowered[a:b]``."""
    prefix = term.endswith("*")
    needle = " ".join(term.rstrip("*").lower().split())
    if not needle:
        return False
    pos = lowered.find(needle, a, b)
    while pos >= 0:
        end = pos + len(needle)
        if (pos == 0 or not _is_word_char(lowered[pos - 1])) and (
            prefix or end >= len(lowered) or not _is_word_char(lowered[end])
        ):
            return True
        pos = lowered.find(needle, pos + 1, b)
    return False
