"""Reading documents: BOMs, UTF-8, UTF-16, and GB18030/GBK/Big5 by detection.

Bytes are decoded here, never by ``open(..., "r")``, so line endings come
through untouched (the pipeline preserves them).
"""

from __future__ import annotations

import codecs
import math
import os
import stat
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

#: The name that means standard input (and, for output, standard output).
STDIN = "-"

# Longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Encodings charset-normalizer may name for Chinese text; short snippets are
# ambiguous between them, so mtfix decides between GB18030 and Big5 itself.
_CHINESE_FAMILY = frozenset(
    {"gb2312", "gbk", "gb18030", "cp936", "hz", "big5", "big5hkscs", "cp950"}
)
_CHINESE_CANDIDATES = ("gb18030", "big5")

# Punctuation that Chinese or English text plausibly contains.
_COMMON_PUNCTUATION = frozenset("“”‘’—–…·、，。：；！？（）《》〈〉【】「」『』〔〕～　°×÷±€£¥©®™•")

# Bytes that do not occur in text (NUL aside, which is checked separately).
_BINARY_CONTROLS = frozenset(range(0x01, 0x09)) | {0x0E, 0x0F, 0x7F} | set(range(0x10, 0x1B))


class InputError(Exception):
    """A document that cannot be read; the message is ready for users."""


class BinaryInputError(InputError):
    """A document that is not text."""


@dataclass(frozen=True)
class Decoded:
    """A document's text and how it was decoded."""

    text: str
    encoding: str
    bom: bool = False
    #: Something the reader should know (bytes replaced), or None.
    warning: str | None = None


def decode_bytes(data: bytes, name: str = "<bytes>") -> Decoded:
    """Decode a document, detecting its encoding.

    Order: a BOM (UTF-8, UTF-16, UTF-32); NUL or other binary bytes mean a
    binary file; strict UTF-8; then charset-normalizer, with GB18030 and Big5
    told apart by how common the decoded Chinese characters are.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding, bom=True)
            except UnicodeDecodeError as exc:
                raise BinaryInputError(f"{name}: looks like a binary file") from exc
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    if _looks_binary(data):
        raise BinaryInputError(f"{name}: looks like a binary file")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            raise InputError(
                f"{name}: truncated UTF-8 (the file ends in the middle of a character)"
            ) from exc
    mostly = _mostly_utf8(data, name)
    if mostly is not None:
        return mostly
    detected = _detect_encoding(data)
    if detected is None:
        raise BinaryInputError(f"{name}: looks like a binary file")
    try:
        return Decoded(data.decode(detected), detected)
    except UnicodeDecodeError:
        # Detection reads samples; a stray bad byte elsewhere becomes U+FFFD.
        return Decoded(data.decode(detected, errors="replace"), detected)


#: Valid multi-byte UTF-8 characters per bad byte for a file to count as UTF-8
#: with a few damaged bytes (a legacy code page would garble all the rest).
_UTF8_MAJORITY = 10


def _mostly_utf8(data: bytes, name: str) -> Decoded | None:
    """UTF-8 with a few bad bytes: decoded with U+FFFD for them, and a warning."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = [i for i, ch in enumerate(text) if "\udc80" <= ch <= "\udcff"]
    valid = sum(1 for ch in text if ord(ch) > 0x7F) - len(bad)
    if valid < _UTF8_MAJORITY * len(bad):
        return None
    first = len(text[: bad[0]].encode("utf-8", "surrogateescape"))
    warning = (
        f"{name}: {len(bad)} byte(s) are not valid UTF-8 (the first at byte {first}); "
        "read as UTF-8 with U+FFFD in their place"
    )
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", warning=warning)


def _bomless_utf16(data: bytes) -> Decoded | None:
    """UTF-16 without a BOM: NULs in every other byte of mostly-ASCII text."""
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    pairs = len(sample) // 2
    for encoding, nul_at in (("utf-16-le", 1), ("utf-16-be", 0)):
        nuls = sample[nul_at::2].count(0)
        if nuls < pairs * 0.3 or sample[1 - nul_at :: 2].count(0) > pairs * 0.05:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            return None
        printable = sum(1 for ch in text[:2048] if ch.isprintable() or ch in "\t\r\n")
        if printable >= 0.95 * min(len(text), 2048):
            return Decoded(text, encoding)
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _BINARY_CONTROLS)
    return controls > max(2, len(sample) // 200)


def _detect_encoding(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    # mtfix reads Chinese–English material: a legacy file that decodes into
    # common hanzi as GB18030 or Big5 is taken as such (detectors differ by
    # version on short Chinese snippets, and call Big5 Shift-JIS at times).
    chinese = _best_chinese(data, strict=True) or _chinese_punctuation(data)
    if chinese is not None:
        return chinese
    matches = list(from_bytes(data))
    if not matches:
        return _best_chinese(data)
    best = matches[0]
    tied = [m.encoding for m in matches if m.chaos == best.chaos]
    if any(_normal(e) in _CHINESE_FAMILY for e in tied):
        return _best_chinese(data) or best.encoding
    # Western single-byte text: charset-normalizer ranks the Latin code pages
    # (cp1250, cp1257, …) about alike for most of it; cp1252 is by far the
    # most common, so it wins when it is nearly as good as the best guess.
    near = [m for m in matches if m.chaos <= best.chaos + 0.1]
    if any(m.encoding == "cp1252" for m in near) and _single_byte(best.encoding):
        return "cp1252"
    return str(best.encoding)


# Punctuation that only Chinese text uses (full-width forms, corner brackets…).
_CHINESE_PUNCTUATION = frozenset("、。，：；！？（）《》〈〉【】「」『』〔〕～")


def _chinese_punctuation(data: bytes) -> str | None:
    """GB18030 or Big5 for English with Chinese punctuation (``said，and``).

    Without hanzi, detectors take the double-byte marks for a Latin code page
    (ISO 8859-10, cp1250, cp1252).  When the bytes decode strictly into
    nothing but ASCII, punctuation and common hanzi, with a mark only Chinese
    uses (two when there are hanzi too), the Chinese encoding is meant.
    """
    for encoding in _CHINESE_CANDIDATES:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        marks = sum(1 for ch in text if ch in _CHINESE_PUNCTUATION)
        if not marks or _plausibility(text) < 1.0:
            continue
        others = [ch for ch in text if not ch.isascii() and ch not in _COMMON_PUNCTUATION]
        if marks >= 2 or not others:
            return encoding
    return None


def _single_byte(encoding: str) -> bool:
    return len("é".encode(encoding, errors="replace")) == 1 and not _normal(encoding).startswith(
        ("utf", "gb", "big5", "cp9", "shift", "euc", "iso2022")
    )


def _normal(encoding: str) -> str:
    return codecs.lookup(encoding).name.replace("-", "").replace("_", "")


def _best_chinese(data: bytes, *, strict: bool = False) -> str | None:
    """GB18030 or Big5: whichever decodes into more common characters.

    With ``strict``, only a clear case: several Chinese characters, nearly
    all of them common ones.
    """
    best: tuple[float, str] | None = None
    for encoding in _CHINESE_CANDIDATES:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if strict and (score < 0.9 or sum(1 for ch in text if _common_hanzi(ch)) < 4):
            continue
        if best is None or score > best[0]:  # ties keep GB18030
            best = (score, encoding)
    return best[1] if best else None


def _plausibility(text: str) -> float:
    """The share of non-ASCII characters that are common hanzi or punctuation."""
    good = bad = 0
    for ch in text:
        if ch.isascii():
            continue
        if ch in _COMMON_PUNCTUATION or ("\uff01" <= ch <= "\uff5e") or _common_hanzi(ch):
            good += 1
        elif unicodedata.category(ch) in ("Co", "Cn", "Cc"):
            bad += 2  # private use, unassigned: surely a wrong decoding
        else:
            bad += 1
    return good / (good + bad) if good + bad else 1.0


@lru_cache(maxsize=8192)
def _common_hanzi(ch: str) -> bool:
    """In GB2312 level 1 (3,755 common simplified) or Big5 level 1 (5,401 common)."""
    try:
        gb = int.from_bytes(ch.encode("gb2312"), "big")
        if 0xB0A1 <= gb <= 0xD7F9:
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = int.from_bytes(ch.encode("big5"), "big")
        return 0xA440 <= big5 <= 0xC67E
    except UnicodeEncodeError:
        return False


#: The largest document read, in MB (``MTFIX_MAX_DOCUMENT_MB``).  A repair holds
#: about 30 times a damaged document's size in memory (bench/memory.py; README).
DEFAULT_MAX_DOCUMENT_MB = 100


def max_document_bytes() -> int:
    """The size limit for one document (``MTFIX_MAX_DOCUMENT_MB``, default 100)."""
    raw = os.environ.get("MTFIX_MAX_DOCUMENT_MB", "").strip()
    if not raw:
        return DEFAULT_MAX_DOCUMENT_MB * 2**20
    try:
        mb = float(raw)
    except ValueError:
        mb = 0.0
    if not mb > 0:
        raise InputError(f"MTFIX_MAX_DOCUMENT_MB={raw!r}: expected a positive number of MB")
    if not math.isfinite(mb):
        raise InputError(
            f"MTFIX_MAX_DOCUMENT_MB={raw!r}: expected a positive number of MB, not infinity "
            "(a large number such as 100000 lifts the limit)"
        )
    return round(mb * 2**20)


def over_limit(size: int | None = None) -> str:
    """Why a document over the size limit is refused: ``[N MB, ]over the … limit; …``."""
    what = f"{_mb(size)} MB, " if size is not None else ""
    return (
        f"{what}over the {_mb(max_document_bytes())} MB limit for one document; "
        "split it, or raise MTFIX_MAX_DOCUMENT_MB"
    )


def _mb(n: int) -> str:
    mb = n / 2**20
    return f"{mb:,.0f}" if mb >= 10 else f"{mb:.3g}"


def read_bytes(path: str) -> bytes:
    """The bytes of a file, or of standard input for ``-``, within the size limit."""
    limit = max_document_bytes()
    if path == STDIN:
        data = _read_capped(sys.stdin.buffer, limit)
        if data is None:
            raise InputError(f"<stdin>: {over_limit()}")
        return data
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(f"{path}: is a directory")
        info = p.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block, a device never end
            raise InputError(f"{path}: not a regular file (a pipe, device or socket)")
        size = info.st_size
        if size > limit:
            raise InputError(f"{path}: {over_limit(size)}")
        with p.open("rb") as fh:
            data = _read_capped(fh, limit, size)
        if data is None:  # it grew since
            raise InputError(f"{path}: {over_limit()}")
        return data
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except PermissionError as exc:
        raise InputError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def _read_capped(fh: BinaryIO, limit: int, expected: int = 0) -> bytes | None:
    """All of ``fh``, or None past ``limit`` bytes.

    Reads in chunks (``read(limit + 1)`` would allocate the whole limit up front:
    gigabytes when ``MTFIX_MAX_DOCUMENT_MB`` is raised) and joins them once.
    """
    if expected:  # a regular file: one read of its size, then a check for more
        data = fh.read(min(expected, limit) + 1)
        if len(data) <= expected:
            return data if len(data) <= limit else None
        chunks, total = [data], len(data)
    else:
        chunks, total = [], 0
    while total <= limit:
        chunk = fh.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    return None


_CHUNK = 16 * 2**20


def read_document(path: str) -> Decoded:
    """Read and decode a document (``-`` is standard input)."""
    name = "<stdin>" if path == STDIN else path
    return decode_bytes(read_bytes(path), name)
