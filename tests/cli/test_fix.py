"""mtfix fix: destinations, formats, safety."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtfix.cli import app

pytestmark = pytest.mark.usefixtures("marker_rules")


def test_fix_to_stdout(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Hello Qzxv.\n", encoding="utf-8")
    res = runner.invoke(app, ["fix", str(src)])
    assert res.exit_code == 0, res.stderr
    assert res.stdout == "Hello Fixed.\n"
    assert src.read_text(encoding="utf-8") == "Hello Qzxv.\n"


def test_line_endings_are_kept(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_bytes(b"One Qzxv.\r\nTwo.\rThree.\n")
    res = runner.invoke(app, ["fix", str(src)])
    assert res.stdout_bytes == b"One Fixed.\r\nTwo.\rThree.\n"


def test_stdin_to_stdout(runner: CliRunner) -> None:
    res = runner.invoke(app, ["fix", "-"], input=b"From stdin Qzxv\n")
    assert res.exit_code == 0, res.stderr
    assert res.stdout == "From stdin Fixed\n"
    res = runner.invoke(app, ["fix", "-", "-o", "-"], input=b"x Qzxv")
    assert res.stdout == "x Fixed"


def test_output_file(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Hello Qzxv.\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    res = runner.invoke(app, ["fix", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.stderr
    assert res.stdout == ""
    assert out.read_text(encoding="utf-8") == "Hello Fixed.\n"
    assert "1 file(s) read, 1 changed, 1 edit(s) applied" in res.stderr


def test_output_file_from_stdin(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    res = runner.invoke(app, ["fix", "-", "-o", str(out)], input=b"a Qzxv\n")
    assert res.exit_code == 0, res.stderr
    assert out.read_bytes() == b"a Fixed\n"


def test_refuses_to_overwrite_input(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Hello Qzxv.\n", encoding="utf-8")
    for target in (str(src), str(tmp_path / "." / "a.txt")):
        res = runner.invoke(app, ["fix", str(src), "-o", target])
        assert res.exit_code == 2
        assert "refusing to overwrite the input" in res.stderr
        assert src.read_text(encoding="utf-8") == "Hello Qzxv.\n"


def test_refuses_to_overwrite_input_through_a_link(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Hello Qzxv.\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(src)
    res = runner.invoke(app, ["fix", str(src), "-o", str(link)])
    assert res.exit_code == 2
    assert src.read_text(encoding="utf-8") == "Hello Qzxv.\n"


def test_out_dir(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / "a.en.txt"
    b = tmp_path / "b.txt"
    a.write_text("A Qzxv\n", encoding="utf-8")
    b.write_text("B plain\n", encoding="utf-8")
    out = tmp_path / "out" / "nested"
    res = runner.invoke(app, ["fix", str(a), str(b), "--out-dir", str(out)])
    assert res.exit_code == 0, res.stderr
    assert (out / "a.en.txt").read_text(encoding="utf-8") == "A Fixed\n"
    assert (out / "b.txt").read_text(encoding="utf-8") == "B plain\n"
    assert sorted(p.name for p in out.iterdir()) == ["a.en.txt", "b.txt"]


def test_out_dir_json_names(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / "a.en.txt"
    a.write_text("A Qzxv\n", encoding="utf-8")
    out = tmp_path / "out"
    res = runner.invoke(app, ["fix", str(a), "--out-dir", str(out), "--format", "json"])
    assert res.exit_code == 0, res.stderr
    data = json.loads((out / "a.en.json").read_text(encoding="utf-8"))
    assert data["text"] == "A Fixed\n"


def test_out_dir_refuses_the_inputs_folder(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("A Qzxv\n", encoding="utf-8")
    res = runner.invoke(app, ["fix", str(a), "--out-dir", str(tmp_path)])
    assert res.exit_code == 2
    assert "refusing to overwrite" in res.stderr
    assert a.read_text(encoding="utf-8") == "A Qzxv\n"


def test_out_dir_name_clash(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    for d in ("x", "y"):
        (tmp_path / d / "a.txt").write_text("A\n", encoding="utf-8")
    res = runner.invoke(
        app,
        [
            "fix",
            str(tmp_path / "x/a.txt"),
            str(tmp_path / "y/a.txt"),
            "--out-dir",
            str(tmp_path / "o"),
        ],
    )
    assert res.exit_code == 2
    assert "would both be written" in res.stderr


def test_several_inputs_need_a_destination(runner: CliRunner, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("A\n", encoding="utf-8")
    b.write_text("B\n", encoding="utf-8")
    res = runner.invoke(app, ["fix", str(a), str(b)])
    assert res.exit_code == 2
    assert "--out-dir" in res.stderr
    res = runner.invoke(app, ["fix", str(a), str(b), "-o", str(tmp_path / "o.txt")])
    assert res.exit_code == 2
    assert not (tmp_path / "o.txt").exists()


def test_several_inputs_as_json_list(runner: CliRunner, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("A Qzxv\n", encoding="utf-8")
    b.write_text("B\n", encoding="utf-8")
    res = runner.invoke(app, ["fix", str(a), str(b), "--format", "json"])
    assert res.exit_code == 0, res.stderr
    items = json.loads(res.stdout)
    assert [i["input"] for i in items] == [str(a), str(b)]
    assert [i["text"] for i in items] == ["A Fixed\n", "B\n"]


def test_in_place_keeps_a_backup(runner: CliRunner, tmp_path: Path) -> None:
    changed = tmp_path / "a.txt"
    changed.write_bytes(b"A Qzxv\r\n")
    changed.chmod(0o640)
    untouched = tmp_path / "b.txt"
    untouched.write_bytes(b"B\n")
    res = runner.invoke(app, ["fix", "--in-place", str(changed), str(untouched)])
    assert res.exit_code == 0, res.stderr
    assert changed.read_bytes() == b"A Fixed\r\n"
    assert (tmp_path / "a.txt.bak").read_bytes() == b"A Qzxv\r\n"
    assert changed.stat().st_mode & 0o777 == 0o640
    assert untouched.read_bytes() == b"B\n"
    assert not (tmp_path / "b.txt.bak").exists()
    assert "2 file(s) read, 1 changed" in res.stderr  # not "2 repaired"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_in_place_rules(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("A\n", encoding="utf-8")
    res = runner.invoke(app, ["fix", "--in-place", "-"], input=b"x")
    assert res.exit_code == 2
    res = runner.invoke(app, ["fix", "--in-place", "--format", "json", str(a)])
    assert res.exit_code == 2
    res = runner.invoke(app, ["fix", "--in-place", "-o", "x.txt", str(a)])
    assert res.exit_code == 2
    assert "only one of" in res.stderr


def test_json_format(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("A Qzxv and Wqpk\n", encoding="utf-8")
    res = runner.invoke(app, ["fix", str(a), "--format", "json"])
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["text"] == "A Fixed and Wqpk\n"
    rules = {(e["rule"], e["status"]) for e in data["edits"]}
    assert ("rules.test_fix_marker", "applied") in rules
    assert ("rules.test_flag_marker", "flagged") in rules
    assert data["summary"]["applied"] >= 1
    assert data["signature"].startswith("mtfix:")


def test_diff_format(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("Same.\nA Qzxv\n", encoding="utf-8")
    res = runner.invoke(app, ["fix", str(a), "--format", "diff"])
    assert res.exit_code == 0, res.stderr
    assert f"--- {a}\n" in res.stdout
    assert "-A Qzxv\n+A Fixed\n" in res.stdout
    assert "\x1b[" not in res.stdout  # not a terminal: no colours


def test_unknown_format(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("A\n", encoding="utf-8")
    res = runner.invoke(app, ["fix", str(a), "--format", "nope"])
    assert res.exit_code == 2
    assert "unknown format 'nope'" in res.stderr


def test_threshold_and_disable_reach_the_pipeline(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("Vbnm Qzxv\n", encoding="utf-8")
    assert runner.invoke(app, ["fix", str(a)]).stdout == "Vbnm Fixed\n"
    assert runner.invoke(app, ["fix", str(a), "--threshold", "0.5"]).stdout == "Weak Fixed\n"
    res = runner.invoke(app, ["fix", str(a), "--disable", "rules.test_fix_marker"])
    assert res.stdout == "Vbnm Qzxv\n"
    res = runner.invoke(app, ["fix", str(a), "--disable", "rules.no_such_rule"])
    assert "no rule has this id" in res.stderr
    assert runner.invoke(app, ["fix", str(a), "--threshold", "2"]).exit_code == 2


def test_missing_glossary_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("A\n", encoding="utf-8")
    res = runner.invoke(app, ["fix", str(a), "--glossary", str(tmp_path / "none.csv")])
    assert res.exit_code == 2


def test_empty_file_warns(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_bytes(b"")
    out = tmp_path / "o.txt"
    res = runner.invoke(app, ["fix", str(a), "-o", str(out)])
    assert res.exit_code == 0
    assert "empty file" in res.stderr
    assert out.read_bytes() == b""


def test_bad_files_do_not_stop_a_batch(runner: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("G Qzxv\n", encoding="utf-8")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    out = tmp_path / "out"
    res = runner.invoke(
        app, ["fix", str(binary), str(tmp_path / "missing.txt"), str(good), "--out-dir", str(out)]
    )
    assert res.exit_code == 2
    assert f"mtfix: error: {binary}: looks like a binary file" in res.stderr
    assert "missing.txt: no such file" in res.stderr
    assert (out / "good.txt").read_text(encoding="utf-8") == "G Fixed\n"
    assert sorted(p.name for p in out.iterdir()) == ["good.txt"]


def test_options_reach_the_config(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtfix.config import RepairConfig
    from mtfix.pipeline import Repairer
    from mtfix.result import RepairResult

    seen: list[RepairConfig] = []
    original = Repairer.repair

    def spy(self: Repairer, text: str, *, source: str | None = None) -> RepairResult:
        seen.append(self.config)
        return original(self, text, source=source)

    monkeypatch.setattr(Repairer, "repair", spy)
    glossary = tmp_path / "g.csv"
    glossary.write_text("pattern,replacement\nBlue Whale Lab,Blue Whale Labs\n", encoding="utf-8")
    args = ["--model", "my-model", "--engine", "transformers", "--threshold", "0.7"]
    res = runner.invoke(
        app, ["fix", "-", *args, "-g", str(glossary), "--disable", "rules"], input=b"x"
    )
    assert res.exit_code == 0, res.stderr
    (config,) = seen
    assert (config.model, config.engine, config.edit_threshold) == ("my-model", "transformers", 0.7)
    assert config.glossaries == (glossary,)
    assert config.disabled_rules == ("rules",)


def test_markdown_input_keeps_its_markup(runner: CliRunner, tmp_path: Path) -> None:
    pytest.importorskip("markdown_it")
    doc = tmp_path / "a.md"
    doc.write_text("# Qzxv\n\nText Qzxv with `code Qzxv` and [x](http://e.com/Qzxv).\n", "utf-8")
    res = runner.invoke(app, ["fix", str(doc)])
    assert res.exit_code == 0, res.stderr
    assert res.stdout == "# Fixed\n\nText Fixed with `code Qzxv` and [x](http://e.com/Qzxv).\n"


def test_html_input_keeps_its_markup(runner: CliRunner, tmp_path: Path) -> None:
    doc = tmp_path / "a.html"
    doc.write_text('<p class="Qzxv">Qzxv <b>bold</b></p>\n', encoding="utf-8")
    res = runner.invoke(app, ["fix", str(doc)])
    assert res.exit_code == 0, res.stderr
    assert res.stdout == '<p class="Qzxv">Fixed <b>bold</b></p>\n'
