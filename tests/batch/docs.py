"""Small generated MT-style documents for batch tests."""

from __future__ import annotations

import random

_NAMES = ["John · Rawls", "Bill·Gates", "Amartya・Sen", "Max · Weber", "Ada Lovelace"]
_DAMAGE = ["& rdquo;", "&mdash", "&amp;rsquo;", "——", "market.The", "again. .", "，"]


def make_docs(n: int, seed: int = 7) -> list[dict[str, object]]:
    rng = random.Random(seed)
    docs: list[dict[str, object]] = []
    for i in range(n):
        parts = []
        for _ in range(rng.randint(1, 4)):
            parts.append(
                f"{rng.choice(_NAMES)} said the {rng.choice(['economy', 'industry'])} "
                f"grew {rng.randint(1, 9)}.{rng.randint(0, 9)} percent {rng.choice(_DAMAGE)} "
                "in the third quarter."
            )
        docs.append({"id": f"doc-{i}", "text": "\n\n".join(parts), "lang": "en"})
    return docs
