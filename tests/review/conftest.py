"""Fixtures: the articles of articles.py as results."""

from __future__ import annotations

import pytest

from mtfix.result import RepairResult

from .articles import ARTICLE, ARTICLE_SPECS, SEED, hostile_result, make_result, sourced_result


@pytest.fixture
def article() -> RepairResult:
    return make_result(ARTICLE, ARTICLE_SPECS)


@pytest.fixture
def hostile() -> RepairResult:
    return hostile_result()


@pytest.fixture
def sourced() -> RepairResult:
    return sourced_result()


@pytest.fixture
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    return SEED.read_text(encoding="utf-8")
