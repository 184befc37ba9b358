"""RepairConfig: what its signature covers."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtfix import RepairConfig


def test_the_signature_follows_the_users_name_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A resumed run must not reuse outputs made before the user edited a names table."""
    table = tmp_path / "names.toml"
    table.write_text('[person]\n"张三" = "Zhang San"\n', encoding="utf-8")
    monkeypatch.setenv("MTFIX_NAMES", str(table))
    before = RepairConfig().signature()
    table.write_text('[person]\n"张三" = "Cheung Sam"\n', encoding="utf-8")
    assert RepairConfig().signature() != before
    # Without a source stage the tables decide nothing.
    no_source = RepairConfig(stages=("clean", "rules"))
    same = no_source.signature()
    table.write_text('[person]\n"张三" = "Zhang San"\n', encoding="utf-8")
    assert no_source.signature() == same
