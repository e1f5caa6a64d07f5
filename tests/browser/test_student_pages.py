"""The student edition (``make student``), opened offline in Chromium as a student would.

tests/test_student_edition.py checks the sources of the edition; this checks the pages a
student reads: every exercise is there, no solution is (not even folded), nothing leads
back to the full sources, and the math still renders from the book's own MathJax.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from book_chapters import CHAPTERS

STUDENT = Path(__file__).resolve().parents[2] / "_build" / "student" / "src" / "_build" / "html"


@pytest.fixture(scope="module")
def student_html():
    if not (STUDENT / "index.html").exists():
        pytest.fail("the student edition is not built: run `make student` first", pytrace=False)
    return STUDENT


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_student_chapter_keeps_exercises_and_shows_no_solution(reader, student_html, chapter):
    full = reader.open(f"book/{chapter}.html")
    n_exercises = full.locator("div.exercise").count()
    n_figures = full.locator("article figure img").count()
    assert n_exercises >= 4 and full.locator("div.solution").count() == n_exercises

    view = reader.open(f"book/{chapter}.html", root=student_html)
    assert "(student edition)" in view.title()
    assert not reader.errors, f"JavaScript errors: {reader.errors}"
    assert not reader.outside_requests, f"requests outside the book: {reader.outside_requests}"
    assert view.locator("div.exercise").count() == n_exercises, "an exercise is missing"
    assert view.locator("div.solution").count() == 0, "a solution is in the student edition"
    text = view.locator("article.bd-article").inner_text()
    for leftover in ["Check passed", "# check:", "solution-start", "{cite"]:
        assert leftover not in text, f"{chapter}: {leftover!r} in the student edition"
    # Figures and math as in the full book.
    assert view.locator("article figure img").count() == n_figures
    assert view.locator("mjx-container").count() > 0
    assert view.locator("mjx-merror").count() == 0
    # No way back to the full sources: no Binder, Live Code or repository links.
    hrefs = view.evaluate("() => Array.from(document.querySelectorAll('a'), a => a.href)")
    assert not [h for h in hrefs if "mybinder.org" in h or "github.com" in h], hrefs
    assert view.locator(".btn-launch-thebe").count() == 0, "a Live Code button"
