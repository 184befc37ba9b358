"""The review page in a real headless Chromium (Debian's ``chromium``, driven by
Playwright).  Skipped when either is missing; ``.ci/install-browser`` installs both."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import mtfix
from mtfix.cli import app
from mtfix.result import RepairResult
from mtfix.review import apply_decisions, apply_decisions_all, decisions_document, render_html
from mtfix.review.decisions import Decision, ReviewEdit, edits_conflict

from .articles import HOSTILE_IMG, HOSTILE_LINK, HOSTILE_SCRIPT

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Where test_seed_article saves a screenshot of the seed's page (default: its tmp_path).
SCREENSHOT = os.environ.get("MTFIX_REVIEW_SCREENSHOT")

# Records CSP violations: there must be none (a wrong hash would block the page's
# own script; injected markup would try to run).
WATCH_CSP = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def chromium_path() -> str:
    path = os.environ.get("MTFIX_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.skip("chromium is not installed (run .ci/install-browser)")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (run .ci/install-browser)"
    )
    path = chromium_path()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser: Any, tmp_path: Path) -> Iterator[Any]:
    """Opens a rendered page from a file, as an editor would; checks it ran cleanly."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    pages: list[Any] = []

    def opener(page_html: str, name: str = "review.html") -> Any:
        path = tmp_path / name
        path.write_text(page_html, encoding="utf-8")
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.add_init_script(WATCH_CSP)
        page.goto(path.as_uri())
        page.wait_for_selector("section.doc")
        pages.append(page)
        return page

    yield opener
    for page in pages:
        assert page.evaluate("window.__violations") == []
    context.close()
    assert errors == []


def download(page: Any, selector: str) -> str:
    with page.expect_download() as info:
        page.click(selector)
    path = info.value.path()
    return Path(path).read_text(encoding="utf-8")


def nav_order(result: RepairResult) -> list[int]:
    return sorted(
        range(len(result.edits)), key=lambda i: (result.edits[i].start, result.edits[i].end, i)
    )


def review_edits(result: RepairResult) -> list[ReviewEdit]:
    return [ReviewEdit(e.start, e.end, e.before, e.after, e.rule, e.status) for e in result.edits]


def expected_after_keys(result: RepairResult, keys: dict[int, str]) -> dict[int, Decision]:
    """What pressing ``a``/``r`` on edits (in page order) must decide: accepting
    an edit rejects the accepted edits it overlaps; a flag with no suggestion
    cannot be accepted."""
    edits = review_edits(result)
    state = {i: e.default for i, e in enumerate(edits)}
    for i in nav_order(result):
        if keys[i] == "reject":
            state[i] = "reject"
        elif edits[i].actionable:
            for j, other in enumerate(edits):
                clash = other.actionable and edits_conflict(other, edits[i])
                if j != i and state[j] == "accept" and clash:
                    state[j] = "reject"
            state[i] = "accept"
    return state


def review_with_keys(page: Any, result: RepairResult, reject: set[int]) -> dict[int, Decision]:
    """Walks every edit with ``j``: ``r`` rejects those in ``reject``, ``a`` accepts the rest."""
    keys = {}
    for i in nav_order(result):
        page.keyboard.press("j")
        focused = page.evaluate(
            "[document.activeElement.classList.contains('ed'),"
            " document.activeElement.classList.contains('current'),"
            " document.querySelector('#detail h2').textContent]"
        )
        assert focused[0] and focused[1], focused
        keys[i] = "reject" if i in reject else "accept"
        page.keyboard.press("r" if i in reject else "a")
    return expected_after_keys(result, keys)


def check_cells(page: Any, result: RepairResult, decisions: dict[int, Decision]) -> None:
    """Each row shows its original stretch in the MT column and the decided text
    in the repaired column (astral characters included)."""
    shown = page.evaluate(
        """Array.from(document.querySelectorAll('.row[data-row]')).map(r => {
             const mt = r.querySelector('.cell.mt').cloneNode(true);
             mt.querySelectorAll('.badges').forEach(b => b.remove());
             const fix = r.querySelector('.cell.fix').textContent;
             return [Number(r.dataset.row), mt.textContent, fix];
           })"""
    )
    rows = json.loads(page.evaluate("document.getElementById('mtfix-data').textContent"))
    rows = rows["documents"][0]["rows"]
    edits = review_edits(result)
    for number, mt_text, fix_text in shown:
        row = rows[number]
        if row["start"] is None:
            continue
        assert mt_text == result.original[row["start"] : row["end"]]
        accepted = [i for i in row["edits"] if decisions[i] == "accept" and edits[i].actionable]
        expected = result.original[row["start"] : row["end"]]
        for i in sorted(accepted, key=lambda i: (edits[i].start, edits[i].end), reverse=True):
            a, b = edits[i].start - row["start"], edits[i].end - row["start"]
            expected = expected[:a] + edits[i].after + expected[b:]
        assert fix_text == expected


def test_reject_one_accept_the_rest_and_export(
    open_page: Any, article: RepairResult, tmp_path: Path
) -> None:
    page = open_page(render_html(article, names=["article.txt"]))
    assert page.evaluate("window.mtfixReview.finalText()") == article.text
    tonys = next(i for i, e in enumerate(article.edits) if e.before == "Tonys")
    expected = review_with_keys(page, article, reject={tonys})
    check_cells(page, article, expected)

    exported = download(page, "#download-decisions")
    decisions = json.loads(exported)
    text = download(page, ".doc-head button:has-text('Download text')")
    assert {d["edit"]: d["decision"] for d in decisions["decisions"]} == expected
    assert decisions == decisions_document(article, expected, name="article.txt")
    assert apply_decisions(decisions) == text
    # And from the command line.
    path = tmp_path / "article.decisions.json"
    path.write_text(exported, encoding="utf-8")
    cli = CliRunner().invoke(app, ["apply", str(path)])
    assert cli.exit_code == 0 and cli.stdout_bytes.decode("utf-8") == text
    assert "Tonys 🚀" in text and "Hillhouse" in text and "Danzhou" in text
    # The accepted suggestion over "Tech" displaced the entity fix it overlaps.
    assert "𝔘nity Technology & mdash;" in text


def test_rule_and_all_buttons(open_page: Any, article: RepairResult) -> None:
    page = open_page(render_html(article))

    def final() -> str:
        return str(page.evaluate("window.mtfixReview.finalText()"))

    page.click("button[data-rule='clean.spacing.after_punct'][data-decision='reject']")
    rejected: dict[int, Decision] = {
        i: "reject" for i, e in enumerate(article.edits) if e.rule == "clean.spacing.after_punct"
    }
    assert final() == apply_decisions(decisions_document(article, rejected))
    page.click("#reject-all")
    assert final() == article.original
    page.click("#accept-all")
    assert final() == article.text
    # Accepting a rule accepts its suggestions, unless they clash with an accepted fix.
    page.click("button[data-rule='rules.consistency'][data-decision='accept']")
    assert final() == article.text
    page.click("button[data-rule='rules.gazetteer'][data-decision='accept']")
    assert final() == article.text.replace("Zhangzhou", "Danzhou")
    page.click("#reset-all")
    assert final() == article.text
    assert page.text_content("#summary").startswith("11 of 13 changes accepted")


def test_clicking_an_edit_selects_it_and_enter_toggles(
    open_page: Any, article: RepairResult
) -> None:
    page = open_page(render_html(article))
    page.click(".cell.mt .ed.old:has-text('Tonys')")
    assert "rules.glossary" in page.text_content("#detail")
    page.keyboard.press("Enter")
    assert "Tonys 🚀" in page.evaluate("window.mtfixReview.finalText()")
    assert page.text_content("#detail .decision") == "Decision: rejected"
    page.keyboard.press("Enter")
    assert page.evaluate("window.mtfixReview.finalText()") == article.text


def test_hostile_article_runs_nothing(open_page: Any, hostile: RepairResult) -> None:
    page = open_page(render_html(hostile, names=[f"evil{HOSTILE_SCRIPT}.txt"]))

    def injected() -> Any:
        return page.evaluate(
            "[typeof window.__pwned, document.querySelectorAll('main img, main script, main a,"
            " aside img, aside script, aside a').length, document.scripts.length]"
        )

    assert injected() == ["undefined", 0, 2]
    body = page.inner_text("body")
    assert HOSTILE_SCRIPT in body and HOSTILE_IMG in body and HOSTILE_LINK in body
    assert "突发" + HOSTILE_SCRIPT in body  # the source column
    # Accept every suggestion, markup included, and look at each edit.
    for _ in hostile.edits:
        page.keyboard.press("j")
        page.keyboard.press("a")
    for el in page.query_selector_all("main .ed"):
        el.click()
    assert injected() == ["undefined", 0, 2]
    final = page.evaluate("window.mtfixReview.finalText()")
    assert HOSTILE_IMG in final and HOSTILE_LINK in final
    assert apply_decisions(json.loads(download(page, "#download-decisions"))) == final


def test_several_documents(open_page: Any, article: RepairResult, sourced: RepairResult) -> None:
    page = open_page(render_html([article, sourced], names=["a.txt", "b.txt"]))
    assert page.locator(".row.low").count() == 1
    assert page.locator(".row.retranslated .badge-rt").count() == 1
    assert page.locator(".cell.src").count() == 5  # 4 aligned rows and 1 untranslated
    page.click("section.doc[data-doc='1'] .ed.old:has-text('The theme')")
    assert "retranslate" in page.text_content("#detail")
    page.keyboard.press("r")
    docs = apply_decisions_all(json.loads(download(page, "#download-decisions")))
    assert [d.name for d in docs] == ["a.txt", "b.txt"]
    assert docs[0].text == article.text
    assert docs[1].text == page.evaluate("window.mtfixReview.finalText(1)")
    assert "destiny of cyberspace community" in docs[1].text


def test_seed_article(open_page: Any, seed_text: str, tmp_path: Path) -> None:
    result = mtfix.repair(seed_text)
    page = open_page(render_html(result, names=["000_f4709ed333adbb5b.txt"]))
    assert page.evaluate("window.mtfixReview.finalText()") == result.text
    first_fix = next(i for i in nav_order(result) if result.edits[i].applied)
    expected = review_with_keys(page, result, reject={first_fix})
    check_cells(page, result, expected)
    decisions = json.loads(download(page, "#download-decisions"))
    text = download(page, ".doc-head button:has-text('Download text')")
    assert apply_decisions(decisions) == text
    assert text == apply_decisions(decisions_document(result, expected))
    assert result.edits[first_fix].before in text
    # A picture for a person to look at: a fresh page at the third edit.
    page.reload()
    page.wait_for_selector("section.doc")
    for _ in range(3):
        page.keyboard.press("j")
    shot = Path(SCREENSHOT) if SCREENSHOT else tmp_path / "seed.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000


def test_bidi_controls_show_as_marks(open_page: Any) -> None:
    config = mtfix.RepairConfig(stages=("clean",), disabled_rules=("clean.bidi",))
    text = "Pay the invoice \u202eexe.txt\u202c now, John · Rawls said."
    result = mtfix.repair(text, config=config)
    page = open_page(render_html(result))
    text = page.inner_text("#docs")
    assert "invoice \u27e8RLO\u27e9exe.txt\u27e8PDF\u27e9 now" in text
    assert "\u202e" not in text and "\u202c" not in text
    assert page.evaluate("window.mtfixReview.finalText(0)") == result.text
