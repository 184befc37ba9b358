"""Glossary files: TOML, CSV and TSV parsing and validation, line by line."""

from __future__ import annotations

import csv
import importlib.resources
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from mtfix.clean.bidi import BIDI_CONTROLS, BIDI_MARKS, describe
from mtfix.rules.glossary_entries import (
    BUILTIN,
    CASES,
    DEFAULT_CONFIDENCE,
    ENTRY_TYPES,
    FIELDS,
    SCOPES,
    GlossaryEntry,
    GlossaryError,
    GlossaryIssue,
)

# -- characters that have no place in an entry ---------------------------------------

#: Joiners that names in some scripts need; every other format character is refused.
_JOINERS = frozenset("\u200c\u200d")


def unsafe_character(text: str) -> str | None:
    """Why ``text`` may not go into a glossary or names table, or None.

    Bidirectional controls and marks (they can make an entry display as
    another, "Trojan Source" style) and other control or invisible format
    characters (the clean-up would strip them from the repaired text,
    ``Max\x07Weber`` becoming ``MaxWeber``).
    """
    for ch in text:
        if ch in BIDI_CONTROLS or ch in BIDI_MARKS:
            return f"bidirectional control {describe(ch)}: it can make text display as it is not"
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs") or (category == "Cf" and ch not in _JOINERS):
            return (
                f"control character {describe(ch)}: invisible, and the clean-up would strip it "
                "from the repaired text"
            )
    return None


#: The fields whose text goes into matching and into the repaired text.
_TEXT_FIELDS = ("pattern", "replacement", "zh", "context", "unless", "group")

#: How long a regex may run on one probe before it counts as catastrophic.
_PROBE_SECONDS = 0.1


def _catastrophic(compiled: regex.Pattern[str], pattern: str) -> str | None:
    """A probe on which the regex backtracks for too long (``(a|aa)+$``), or None."""
    letters = [c for c in dict.fromkeys(pattern) if c.isalnum() or c == " "][:8]
    for ch in dict.fromkeys([*letters, "a", "1", " "]):
        probe = ch * 40 + "\x00"
        try:
            compiled.search(probe, timeout=_PROBE_SECONDS)
        except TimeoutError:
            return f"{ch!r} * 40"
    return None


def _template_error(compiled: regex.Pattern[str], replacement: str) -> str | None:
    """Why ``replacement`` cannot expand a match of ``compiled`` (``\\9`` with one group)."""
    names = {index: name for name, index in compiled.groupindex.items()}
    dummy = "".join(
        f"(?P<{names[i]}>)" if i in names else "()" for i in range(1, compiled.groups + 1)
    )
    try:
        re.compile(dummy).sub(replacement, "")
    except (re.error, IndexError) as exc:
        return str(exc)
    return None


# -- parsing ---------------------------------------------------------------------


def _as_list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(p.strip() for p in re.split(r"[|;]", value) if p.strip())
    if isinstance(value, list | tuple):
        return tuple(str(v).strip() for v in value if str(v).strip())
    raise TypeError("expected a string or a list of strings")


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "y"):
        return True
    if text in ("", "0", "false", "no", "n"):
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def _entry_from_fields(
    raw: Mapping[str, Any], origin: str, line: int, issues: list[GlossaryIssue]
) -> GlossaryEntry | None:
    """Build one entry; problems go to ``issues`` and give ``None``."""

    def bad(message: str) -> None:
        issues.append(GlossaryIssue(origin, line, message))

    for name in raw:
        if name not in FIELDS:
            issues.append(GlossaryIssue(origin, line, f"unknown field {name!r}", "warning"))
    pattern = raw.get("pattern")
    replacement = raw.get("replacement")
    if pattern is None or pattern == "":
        bad("missing 'pattern'")
        return None
    if replacement is None:
        bad("missing 'replacement'")
        return None
    if not isinstance(pattern, str) or not isinstance(replacement, str):
        bad("'pattern' and 'replacement' must be text")
        return None
    for name in _TEXT_FIELDS:
        value = raw.get(name)
        values = value if isinstance(value, list | tuple) else [value]
        for text in values:
            why = unsafe_character(text) if isinstance(text, str) else None
            if why is not None:
                bad(f"{name!r} holds a {why}")
                return None
    try:
        is_regex = _as_bool(raw.get("regex", False))
        single = _as_bool(raw.get("single", True))
    except ValueError as exc:
        bad(str(exc))
        return None
    if is_regex:
        try:
            compiled = regex.compile(pattern)
        except regex.error as exc:
            bad(f"bad regex {pattern!r}: {exc}")
            return None
        if compiled.match(""):
            bad(f"regex {pattern!r} matches the empty string")
            return None
        template = _template_error(compiled, replacement)
        if template is not None:
            bad(f"bad replacement {replacement!r} for regex {pattern!r}: {template}")
            return None
        probe = _catastrophic(compiled, pattern)
        if probe is not None:
            bad(
                f"regex {pattern!r} backtracks catastrophically (over {_PROBE_SECONDS} s "
                f"on {probe}); rewrite it without nested repetition"
            )
            return None
    try:
        context, unless = _as_list(raw.get("context")), _as_list(raw.get("unless"))
    except TypeError as exc:
        bad(f"'context'/'unless': {exc}")
        return None
    raw_conf = raw.get("confidence")
    try:
        confidence = DEFAULT_CONFIDENCE if raw_conf in (None, "") else float(raw_conf)
    except (TypeError, ValueError):
        bad(f"confidence {raw_conf!r} is not a number")
        return None
    if not 0.0 <= confidence <= 1.0:
        bad(f"confidence {confidence} is outside [0, 1]")
        return None
    kind = str(raw.get("type") or "term").strip().lower()
    if kind not in ENTRY_TYPES:
        bad(f"unknown type {kind!r} (expected one of {', '.join(ENTRY_TYPES)})")
        return None
    scope = str(raw.get("scope") or "document").strip().lower()
    if scope not in SCOPES:
        bad(f"unknown scope {scope!r} (expected document or paragraph)")
        return None
    default_case = "exact" if any(c.isupper() for c in pattern) else "smart"
    case = str(raw.get("case") or default_case).strip().lower()
    if case not in CASES:
        bad(f"unknown case rule {case!r} (expected exact, smart or ignore)")
        return None
    zh = str(raw.get("zh") or "").strip() or None
    group = str(raw.get("group") or "").strip() or None
    return GlossaryEntry(
        pattern=pattern,
        replacement=replacement,
        regex=is_regex,
        context=context,
        unless=unless,
        scope=scope,  # type: ignore[arg-type]
        zh=zh,
        type=kind,
        confidence=confidence,
        note=str(raw.get("note") or "").strip(),
        case=case,  # type: ignore[arg-type]
        group=group,
        single=single,
        origin=origin,
        line=line,
    )


_TOML_LINE = re.compile(r"\(at line (\d+)")
_TOML_TABLE = re.compile(r"^[ \t]*\[\[[ \t]*entry[ \t]*\]\]", re.MULTILINE)


def _parse_toml(text: str, origin: str, issues: list[GlossaryIssue]) -> list[GlossaryEntry]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        issues.append(GlossaryIssue(origin, int(m.group(1)) if m else 1, f"bad TOML: {exc}"))
        return []
    for name in data:
        if name not in ("entry", "version", "description"):
            issues.append(GlossaryIssue(origin, 1, f"unknown top-level key {name!r}", "warning"))
    tables = data.get("entry", [])
    if not isinstance(tables, list):
        issues.append(GlossaryIssue(origin, 1, "'entry' must be an array of tables ([[entry]])"))
        return []
    starts = [text.count("\n", 0, m.start()) + 1 for m in _TOML_TABLE.finditer(text)]
    entries: list[GlossaryEntry] = []
    for i, table in enumerate(tables):
        line = starts[i] if i < len(starts) else 1
        if not isinstance(table, dict):
            issues.append(GlossaryIssue(origin, line, "an entry must be a table"))
            continue
        patterns = table.get("pattern")
        for pattern in patterns if isinstance(patterns, list) else [patterns]:
            entry = _entry_from_fields({**table, "pattern": pattern}, origin, line, issues)
            if entry is not None:
                entries.append(entry)
    return entries


def _parse_delimited(
    text: str, origin: str, delimiter: str, issues: list[GlossaryIssue]
) -> list[GlossaryEntry]:
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        issues.append(GlossaryIssue(origin, 1, "empty file: no header row"))
        return []
    for required in ("pattern", "replacement"):
        if required not in header:
            issues.append(GlossaryIssue(origin, 1, f"missing column {required!r} in the header"))
    if any(i.line == 1 and i.severity == "error" for i in issues):
        return []
    entries: list[GlossaryEntry] = []
    last_line = reader.line_num
    try:
        for row in reader:
            line = last_line + 1
            last_line = reader.line_num
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if len(row) > len(header):
                issues.append(
                    GlossaryIssue(origin, line, f"{len(row)} columns, the header has {len(header)}")
                )
                continue
            fields = {h: cell.strip() for h, cell in zip(header, row, strict=False) if h}
            entry = _entry_from_fields(fields, origin, line, issues)
            if entry is not None:
                entries.append(entry)
    except csv.Error as exc:
        issues.append(
            GlossaryIssue(origin, reader.line_num, f"bad {delimiter!r}-separated row: {exc}")
        )
    return entries


def _check_consistency(entries: list[GlossaryEntry], issues: list[GlossaryIssue]) -> None:
    """Duplicate patterns, and groups whose entries disagree on the canonical form."""
    seen: dict[tuple[str, bool], GlossaryEntry] = {}
    canon: dict[str, GlossaryEntry] = {}
    for e in entries:
        if e.key in seen:
            issues.append(
                GlossaryIssue(
                    e.origin,
                    e.line,
                    f"duplicate pattern {e.pattern!r} (first at line {seen[e.key].line})",
                )
            )
        else:
            seen[e.key] = e
        if e.group:
            first = canon.setdefault(e.group, e)
            if first.replacement != e.replacement:
                issues.append(
                    GlossaryIssue(
                        e.origin,
                        e.line,
                        f"group {e.group!r} has two canonical forms: {first.replacement!r} "
                        f"(line {first.line}) and {e.replacement!r}",
                    )
                )


def parse_glossary_text(
    text: str, fmt: str, origin: str = BUILTIN
) -> tuple[list[GlossaryEntry], list[GlossaryIssue]]:
    """Parse glossary text of format ``toml``, ``csv`` or ``tsv``."""
    issues: list[GlossaryIssue] = []
    if fmt not in ("toml", "csv", "tsv"):
        raise ValueError(f"unknown glossary format {fmt!r}")
    try:
        if fmt == "toml":
            entries = _parse_toml(text, origin, issues)
        else:
            entries = _parse_delimited(text, origin, "," if fmt == "csv" else "\t", issues)
    except RecursionError:
        # tomllib (and repr) recurse once per level of [[[…]]] or {a={b=…}}.
        issues.append(GlossaryIssue(origin, 1, "nested too deeply (arrays or tables in tables)"))
        entries = []
    _check_consistency(entries, issues)
    issues.sort(key=lambda i: i.line)
    return entries, issues


def _format_of(path: Path, text: str) -> str | None:
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("toml", "csv", "tsv"):
        return suffix
    if suffix == "txt":
        first = text.split("\n", 1)[0]
        return "tsv" if "\t" in first else "csv"
    return None


def _read(path: Path) -> tuple[list[GlossaryEntry], list[GlossaryIssue]]:
    origin = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [GlossaryIssue(origin, 0, f"cannot read: {exc}")]
    fmt = _format_of(path, text)
    if fmt is None:
        return [], [GlossaryIssue(origin, 0, "unknown file type (use .toml, .csv or .tsv)")]
    return parse_glossary_text(text, fmt, origin)


def validate_glossary(path: str | Path) -> list[GlossaryIssue]:
    """All problems in a glossary file, by line (``mtfix glossary check FILE``)."""
    return _read(Path(path))[1]


def load_glossary_file(path: str | Path) -> list[GlossaryEntry]:
    """Entries of a user glossary; raises :class:`GlossaryError` on any error."""
    entries, issues = _read(Path(path))
    errors = tuple(i for i in issues if i.severity == "error")
    if errors:
        raise GlossaryError(path, errors[0].line, errors[0].message, errors)
    return entries


@lru_cache(maxsize=1)
def builtin_entries() -> tuple[GlossaryEntry, ...]:
    """The glossary shipped in ``mtfix/rules/data/glossary.toml``."""
    text = (
        importlib.resources.files("mtfix.rules")
        .joinpath("data/glossary.toml")
        .read_text(encoding="utf-8")
    )
    entries, issues = parse_glossary_text(text, "toml", BUILTIN)
    errors = [i for i in issues if i.severity == "error"]
    if errors:  # pragma: no cover - guarded by the tests
        raise GlossaryError("builtin", errors[0].line, errors[0].message, tuple(errors))
    return tuple(entries)
