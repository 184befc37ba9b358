"""One Repairer shared by threads gives what it gives in one thread."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import mtfix
from mtfix.registry import Resource

from .docs import make_docs


def test_repairer_is_safe_to_share_between_threads() -> None:
    rep = mtfix.Repairer()
    texts = [str(d["text"]) for d in make_docs(120, seed=11)]
    serial = [rep.repair(t) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(rep.repair, texts))
    for a, b in zip(serial, threaded, strict=True):
        assert a.text == b.text
        assert [e.to_dict() for e in a.edits] == [e.to_dict() for e in b.edits]
    built: list[int] = []

    def factory(config: object, glossary: object) -> object:
        built.append(1)
        return object()

    probe = Resource("probe", factory)
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = set(pool.map(lambda _: id(rep.resources.get(probe)), range(64)))
    assert len(got) == 1 and built == [1]  # built once, shared
