"""The PDF of the book (``make pdf``) or of the student edition (``make student-pdf``).

What a reader of the PDF relies on: it is the whole book (every chapter, with its title
and number), equations and figures are numbered and present, exercises come with their
solutions (none in the student edition), every cross-reference and citation is resolved
(LaTeX prints "??" for one that is not) and the bibliography is there, no character was
dropped for want of a glyph, and the HTML book links to the PDF.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# One labelled display equation: a line "$$ (label)" closes it.
LABELLED_EQUATION = re.compile(r"^\$\$[ \t]*\([\w-]+\)[ \t]*$", re.MULTILINE)
FIGURE = re.compile(r"^[:`]{3,}\{(?:glue:figure|figure)\}", re.MULTILINE)
# An exercise's box title, alone on its line: "Exercise 2.11.1" or "Exercise 2.11.1 (Title)".
EXERCISE_TITLE = re.compile(r"^\s*Exercise \d+(?:\.\d+)+\s*(?:\(.*)?$", re.MULTILINE)
SOLUTION_TITLE = re.compile(r"^\s*Solution to Exercise \d+(?:\.\d+)+", re.MULTILINE)


def squeeze(text: str) -> str:
    """Whitespace and case as pdftotext may change them: one space, lower case."""
    return " ".join(text.split()).casefold()


def test_the_html_book_links_to_its_pdf(pdf):
    served = pdf.html / "_static" / pdf.path.name
    assert served.is_file(), "the PDF was not copied into the HTML book"
    assert served.read_bytes() == pdf.path.read_bytes(), "the HTML book serves another PDF"
    intro = pdf.html / "book" / "intro.html"
    links = re.findall(r'href="([^"#]+\.pdf)"', intro.read_text(encoding="utf-8"))
    assert links, "the intro page has no link to the PDF"
    for link in links:
        assert (intro.parent / link).resolve() == served.resolve(), f"{link} is not the PDF"


def test_page_count_is_sensible(pdf):
    chapters = pdf.chapters()
    # Each chapter opens on a page of its own and fills at least one more.
    assert len(pdf.pages) >= 2 * len(chapters), f"only {len(pdf.pages)} pages"
    # A full page holds about 600 words; far fewer on average means blank or runaway pages.
    words_per_page = len(pdf.text.split()) / len(pdf.pages)
    assert 150 < words_per_page < 700, f"{words_per_page:.0f} words per page"


def test_every_chapter_is_there_with_its_number_and_title(pdf, edition):
    title = "The Mathematics of Neural Networks" + (" (student edition)" * (edition == "student"))
    assert squeeze(title) in squeeze(pdf.pages[0]), "the title page"
    text = squeeze(pdf.text)
    for number, doc in enumerate(pdf.chapters(), start=1):
        heading = squeeze(pdf.title(doc))
        # in the contents as "3 Loss functions", then as the chapter's own heading
        assert f"{number} {heading}" in text, f"{doc}: not chapter {number} in the contents"
        assert text.count(heading) >= 2, f"{doc}: its title {heading!r} is not a heading"


def test_equations_and_figures_are_numbered_by_chapter(pdf):
    text = pdf.text
    for number, doc in enumerate(pdf.chapters(), start=1):
        source = pdf.source_text(doc)
        equations = {int(n) for n in re.findall(rf"\({number}\.(\d+)\)", text)}
        n_equations = len(LABELLED_EQUATION.findall(source))
        missing = set(range(1, n_equations + 1)) - equations
        assert not missing, f"{doc}: equations ({number}.k) missing for k in {sorted(missing)}"
        n_figures = len(FIGURE.findall(source))
        for k in range(1, n_figures + 1):
            assert f"Fig. {number}.{k}:" in text, f"{doc}: no caption 'Fig. {number}.{k}:'"
    n_figures = sum(len(FIGURE.findall(pdf.source_text(doc))) for doc in pdf.chapters())
    assert pdf.n_images() >= n_figures, "a figure is missing its image"


def test_nothing_is_left_unresolved_or_dropped(pdf):
    assert "??" not in pdf.text, "an unresolved reference ('??')"
    undefined = re.findall(r"(?:Reference|Citation) `[^']*' on page \d+ undefined", pdf.log)
    assert not undefined, f"undefined in the last LaTeX run: {undefined[:5]}"
    missing = sorted(set(re.findall(r"Missing character: There is no (\S+)", pdf.log)))
    assert not missing, f"characters dropped for want of a glyph: {missing}"
    for raw in ["{glue:", "{ref}", "{eq}", "{cite", "{numref}", "```{", ":::{"]:
        assert raw not in pdf.text, f"raw MyST {raw!r} left in the PDF"


def test_the_bibliography_lists_the_works_cited(pdf, edition):
    start = next(i for i, page in enumerate(pdf.pages) if page.lstrip().startswith("BIBLIOGRAPHY"))
    listing = "\n".join(pdf.pages[start:])
    numbers = [int(n) for n in re.findall(r"^\[(\d+)\]", listing, re.MULTILINE)]
    assert numbers and numbers == list(range(1, len(numbers) + 1)), numbers
    works = len(re.findall(r"^@\w+\{", (pdf.source / "references.bib").read_text(), re.MULTILINE))
    if edition == "book":
        # tests/test_references.py: every work in references.bib is cited somewhere
        assert len(numbers) == works
    else:
        # some works are cited only in the solutions
        assert len(numbers) <= works


def test_exercises_come_with_solutions_only_in_the_book(pdf, edition):
    book_sources = "".join(
        (ROOT / f"{doc}.md").read_text(encoding="utf-8") for doc in pdf.chapters()
    )
    n_exercises = book_sources.count("{exercise}")
    assert n_exercises > 0
    assert len(EXERCISE_TITLE.findall(pdf.text)) == n_exercises, "exercises missing"
    solutions = SOLUTION_TITLE.findall(pdf.text)
    if edition == "book":
        assert len(solutions) == book_sources.count("{solution-start}") == n_exercises
    else:
        assert not solutions, f"solutions in the student edition: {solutions[:3]}"
        for leftover in ["Solution to", "Check passed", "# check:"]:
            assert leftover not in pdf.text, f"{leftover!r} in the student edition's PDF"
