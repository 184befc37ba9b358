"""English word frequencies (wordfreq, imported on first use)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """The Zipf frequency of ``word`` in English (0 for unknown words).

    3 is about once per million words; "the" is 7.7.  Returns 0 when
    wordfreq is not installed, so callers that need a known word back off.
    """
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return 0.0
    return float(zipf_frequency(word, "en"))


def is_common_word(word: str, threshold: float = 3.0) -> bool:
    return zipf(word) >= threshold
