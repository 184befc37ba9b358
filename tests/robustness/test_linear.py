"""Hostile inputs of a few dozen kilobytes repair in linear time, and to a fixed point.

Each shape once took minutes (a cubic diff, a token rescanned for every
mark in it); bench/hostile.py prints the time per MB at 100 KB, 1 MB and 10 MB.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

import mtfix
from mtfix import RepairConfig

LOCAL = mtfix.Repairer(RepairConfig(stages=("clean", "rules")))

SHAPES: dict[str, Callable[[int], str]] = {
    "twice-encoded mojibake": lambda n: ("hospitalÃ¢â‚¬â„¢s" * (n // 17 + 1))[:n],
    "mojibake without letters": lambda n: ("Ã¢â‚¬â„¢é" * (n // 9 + 1))[:n],
    "&amp; chain": lambda n: "&" + "amp;" * (n // 4) + "rsquo;",
    "long token": lambda n: "ab;" * (n // 3),
    "long camel token": lambda n: "aB" * (n // 2),
    "em dashes": lambda n: "—" * n,
    "ellipses": lambda n: "…" * n,
    "entities in one token": lambda n: "&mdash" * (n // 6),
    "spaced commas": lambda n: "ab , " * (n // 5),
    "lost spaces": lambda n: "word.The " * (n // 9),
}

#: Seconds a 40 KB input may take (about 0.5 s now; minutes before).
LIMIT_S = 20


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"took over {seconds} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_hostile_input_repairs_in_linear_time(shape: str) -> None:
    text = SHAPES[shape](40_000)
    start = time.perf_counter()
    with deadline(LIMIT_S):
        result = LOCAL.repair(text)
    assert time.perf_counter() - start < LIMIT_S
    assert mtfix.apply_edits(text, result.edits) == result.text


@pytest.mark.parametrize("shape", ["em dashes", "ellipses", "&amp; chain", "long token"])
def test_long_line_repairs_to_a_fixed_point(shape: str) -> None:
    """Lines over 50,000 characters are repaired in windows: a run across them stays whole."""
    text = SHAPES[shape](120_000)
    with deadline(LIMIT_S * 3):
        once = LOCAL.repair(text).text
        twice = LOCAL.repair(once).text
    assert twice == once


def test_a_rule_of_dashes_is_not_a_chinese_dash() -> None:
    line = "Results\n" + "—" * 30 + "\nThe market rose——and fell."
    assert mtfix.repair(line).text == "Results\n" + "—" * 30 + "\nThe market rose—and fell."


def test_a_hundred_levels_of_escaping_are_left_alone() -> None:
    text = "He said &" + "amp;" * 100 + "rsquo;no&amp;amp;rsquo; more."
    assert mtfix.repair(text).text == "He said &" + "amp;" * 100 + "rsquo;no’ more."


def test_mojibake_in_a_long_line_is_still_repaired_word_by_word() -> None:
    text = "The hospitalÃ¢â‚¬â„¢s staff " * 3000
    result = LOCAL.repair(text)
    assert result.text == "The hospital’s staff " * 3000
    assert {e.before for e in result.applied} == {"Ã¢â‚¬â„¢"}
