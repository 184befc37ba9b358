"""Pairing English inputs with Chinese sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtfix.cli import app
from mtfix.io.pairing import plan_jobs, split_name
from mtfix.pipeline import Repairer
from mtfix.result import RepairResult

pytestmark = pytest.mark.usefixtures("marker_rules")

NO_SOURCE_STAGES = ["--disable", "source", "--disable", "confidence", "--disable", "retranslate"]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """Record what the CLI hands the pipeline (text, source)."""
    seen: list[tuple[str, str | None]] = []
    original = Repairer.repair

    def spy(self: Repairer, text: str, *, source: str | None = None) -> RepairResult:
        seen.append((text, source))
        return original(self, text, source=None)

    monkeypatch.setattr(Repairer, "repair", spy)
    return seen


def test_split_name() -> None:
    assert split_name("a.en.txt") == ("a", "en", ".txt")
    assert split_name("a.b.ZH.md") == ("a.b", "zh", ".md")
    assert split_name("a.en") == ("a", "en", "")
    assert split_name("a.txt") == ("a", None, ".txt")


def test_siblings_pair_automatically(
    runner: CliRunner, tmp_path: Path, calls: list[tuple[str, str | None]]
) -> None:
    (tmp_path / "n1.en.txt").write_text("English one", encoding="utf-8")
    (tmp_path / "n1.zh.txt").write_text("中文一", encoding="utf-8")
    (tmp_path / "n2.en.txt").write_text("English two", encoding="utf-8")
    inputs = sorted(str(p) for p in tmp_path.iterdir())  # a glob catches the zh file too
    res = runner.invoke(app, ["fix", *inputs, "--out-dir", str(tmp_path / "out")])
    assert res.exit_code == 0, res.stderr
    assert calls == [("English one", "中文一"), ("English two", None)]
    assert "skipping" in res.stderr and "n1.zh.txt" in res.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["n1.en.txt", "n2.en.txt"]


def test_source_option_and_gb18030_source(
    runner: CliRunner, tmp_path: Path, calls: list[tuple[str, str | None]]
) -> None:
    en = tmp_path / "article.txt"
    en.write_text("English", encoding="utf-8")
    zh = tmp_path / "original.txt"
    zh.write_bytes("深圳市腾讯公司今天宣布。".encode("gb18030"))
    res = runner.invoke(app, ["fix", str(en), "--source", str(zh)])
    assert res.exit_code == 0, res.stderr
    assert calls == [("English", "深圳市腾讯公司今天宣布。")]
    res = runner.invoke(app, ["fix", str(en), str(en), "--source", str(zh)])
    assert res.exit_code == 2
    assert "--source takes one input" in res.stderr


def test_source_dir(runner: CliRunner, tmp_path: Path, calls: list[tuple[str, str | None]]) -> None:
    src_dir = tmp_path / "zh"
    src_dir.mkdir()
    (src_dir / "a.zh.txt").write_text("甲", encoding="utf-8")
    (src_dir / "b.txt").write_text("乙", encoding="utf-8")
    for name in ("a.en.txt", "b.en.txt", "c.en.txt", "d.txt"):
        (tmp_path / name).write_text(name, encoding="utf-8")
    (src_dir / "d.zh.txt").write_text("丁", encoding="utf-8")
    inputs = [str(tmp_path / n) for n in ("a.en.txt", "b.en.txt", "c.en.txt", "d.txt")]
    res = runner.invoke(
        app, ["fix", *inputs, "--source-dir", str(src_dir), "--out-dir", str(tmp_path / "o")]
    )
    assert res.exit_code == 2  # c has no source
    assert calls == [("a.en.txt", "甲"), ("b.en.txt", "乙"), ("d.txt", "丁")]
    assert "c.en.txt: no source in" in res.stderr
    assert not (tmp_path / "o" / "c.en.txt").exists()
    assert (tmp_path / "o" / "d.txt").exists()


def test_unreadable_source_is_an_error_for_that_document(
    runner: CliRunner, tmp_path: Path, calls: list[tuple[str, str | None]]
) -> None:
    (tmp_path / "a.en.txt").write_text("A Qzxv", encoding="utf-8")
    (tmp_path / "a.zh.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "b.txt").write_text("B Qzxv", encoding="utf-8")
    res = runner.invoke(
        app,
        [
            "fix",
            str(tmp_path / "a.en.txt"),
            str(tmp_path / "b.txt"),
            "--out-dir",
            str(tmp_path / "o"),
        ],
    )
    assert res.exit_code == 2
    assert "a.zh.txt: looks like a binary file (the source of" in res.stderr
    assert calls == [("B Qzxv", None)]


def test_plan_jobs_needs_a_name_for_stdin(tmp_path: Path) -> None:
    jobs, skipped = plan_jobs(["-"], source_dir=str(tmp_path))
    assert jobs[0].source is None and jobs[0].source_error
    assert skipped == []


def test_source_reaches_the_result(runner: CliRunner, tmp_path: Path) -> None:
    """With a source, the JSON carries the sentence and alignment fields."""
    (tmp_path / "p.en.txt").write_text("A sentence. Another Qzxv.", encoding="utf-8")
    (tmp_path / "p.zh.txt").write_text("一句话。另一句。", encoding="utf-8")
    res = runner.invoke(
        app, ["fix", str(tmp_path / "p.en.txt"), "--format", "json", *NO_SOURCE_STAGES]
    )
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert {"sentences", "source_sentences", "alignment"} <= data.keys()
    assert data["text"] == "A sentence. Another Fixed."
