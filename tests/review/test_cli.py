"""``mtfix review``, ``mtfix apply`` and the html/diff formats of ``mtfix fix``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mtfix.cli import app
from mtfix.result import RepairResult
from mtfix.review import decisions_document

ARTICLE = (
    "John · Rawls believes & rdquo;justice& rdquo; is fairness.At the meeting,he spoke.\n\n"
    "Robert · Neuss founded Intel 🚀 with Gordon Moore.\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def page_data(page: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="mtfix-data">(.*?)</script>', page, re.S)
    assert m
    data = json.loads(m.group(1))
    assert isinstance(data, dict)
    return data


def defaults_from_page(doc: dict[str, Any]) -> dict[str, Any]:
    """The decisions file the page exports when the editor changes nothing."""
    fields = ("start", "end", "before", "after", "stage", "rule", "reason", "confidence", "status")
    return {
        "format": "mtfix-review-decisions",
        "version": 1,
        "name": doc["name"],
        "signature": doc["signature"],
        "original_sha256": doc["original_sha256"],
        "edits_sha256": doc["edits_sha256"],
        "decisions": [
            {
                "edit": i,
                "rule": e["rule"],
                "start": e["start"],
                "end": e["end"],
                "decision": "accept" if e["status"] == "applied" else "reject",
            }
            for i, e in enumerate(doc["edits"])
        ],
        "original": doc["original"],
        "edits": [{k: e[k] for k in fields} for e in doc["edits"]],
    }


def test_review_then_apply_equals_fix(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(ARTICLE, encoding="utf-8")
    b.write_text("A clean sentence.\n", encoding="utf-8")
    page = tmp_path / "review.html"
    res = runner.invoke(app, ["review", str(a), str(b), "-o", str(page)])
    assert res.exit_code == 0, res.output
    data = page_data(page.read_text(encoding="utf-8"))
    docs = data["documents"]
    assert [d["name"] for d in docs] == [str(a), str(b)]
    assert docs[0]["original"] == ARTICLE

    fixed = runner.invoke(app, ["fix", str(a)])
    assert fixed.exit_code == 0
    decisions = tmp_path / "a.decisions.json"
    decisions.write_text(json.dumps(defaults_from_page(docs[0])), encoding="utf-8")
    out = tmp_path / "a.final.txt"
    res = runner.invoke(app, ["apply", str(decisions), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8") == fixed.stdout
    # To standard output, too.
    res = runner.invoke(app, ["apply", str(decisions)])
    assert res.exit_code == 0 and res.stdout == fixed.stdout


def test_apply_several_documents(
    runner: CliRunner, tmp_path: Path, article: RepairResult, sourced: RepairResult
) -> None:
    both = {
        "format": "mtfix-review-decisions",
        "version": 1,
        "documents": [
            decisions_document(article, name="in/a.txt"),
            decisions_document(sourced, {1: "reject"}, name="<stdin>"),
        ],
    }
    path = tmp_path / "d.json"
    path.write_text(json.dumps(both), encoding="utf-8")
    res = runner.invoke(app, ["apply", str(path)])
    assert res.exit_code == 2 and "2 documents" in res.output
    res = runner.invoke(app, ["apply", str(path), "--out-dir", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == article.text
    second = (tmp_path / "out" / "document-2.txt").read_text(encoding="utf-8")
    assert "destiny of cyberspace community" in second


def test_apply_refuses_bad_files(runner: CliRunner, tmp_path: Path, article: RepairResult) -> None:
    doc = decisions_document(article)
    doc["original"] += "tampered"
    path = tmp_path / "d.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    res = runner.invoke(app, ["apply", str(path)])
    assert res.exit_code == 2 and "original_sha256" in res.output
    res = runner.invoke(app, ["apply", str(tmp_path / "missing.json")])
    assert res.exit_code == 2 and "cannot read" in res.output


def test_apply_refuses_an_edit_changed_after_export(
    runner: CliRunner, tmp_path: Path, article: RepairResult
) -> None:
    doc = decisions_document(article)
    path = tmp_path / "d.json"
    out = tmp_path / "final.txt"
    # The editor's accept/reject choices are theirs to change: still verified.
    for row in doc["decisions"]:
        row["decision"] = "reject"
    path.write_text(json.dumps(doc), encoding="utf-8")
    res = runner.invoke(app, ["apply", str(path), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8") == article.original
    # An edit's text is not.
    k = next(i for i, e in enumerate(doc["edits"]) if e["status"] == "applied")
    doc["edits"][k]["after"] = "EVIL"
    doc["decisions"][k]["decision"] = "accept"
    path.write_text(json.dumps(doc), encoding="utf-8")
    res = runner.invoke(app, ["apply", str(path), "-o", str(out)])
    assert res.exit_code == 2
    assert "edits_sha256" in res.output and "changed after" in res.output
    assert "EVIL" not in out.read_text(encoding="utf-8")
    # Nor can the digest simply be dropped.
    del doc["edits_sha256"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    res = runner.invoke(app, ["apply", str(path)])
    assert res.exit_code == 2 and "cannot be verified" in res.output


def test_review_refuses_to_overwrite_its_input(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text(ARTICLE, encoding="utf-8")
    res = runner.invoke(app, ["review", str(a), "-o", str(a)])
    assert res.exit_code == 2 and "refusing" in res.output
    assert a.read_text(encoding="utf-8") == ARTICLE


def test_fix_formats_html_and_diff(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "a.html"
    res = runner.invoke(app, ["fix", str(a), "--format", "html", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert page_data(out.read_text(encoding="utf-8"))["documents"][0]["name"] == str(a)
    # Not a terminal: the plain unified diff.
    res = runner.invoke(app, ["fix", str(a), "--format", "diff"])
    assert res.exit_code == 0
    assert res.stdout.startswith(f"--- {a}\n+++ {a} (repaired)\n")
    assert "\x1b[" not in res.stdout
