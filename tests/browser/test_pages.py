"""Every page of the built book, opened offline in Chromium.

What a reader relies on: the math is typeset (by the MathJax copy inside the book, with
no network), every figure loads, no glued value or directive is left as raw text, the
exercises' solutions are folded until opened, and each chapter's Binder button opens
that chapter.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from book_chapters import CHAPTERS

HTML = Path(__file__).resolve().parents[2] / "_build" / "html"

PAGES = sorted(str(p.relative_to(HTML)) for p in (HTML / "book").glob("*.html"))


def test_every_source_page_was_built():
    built = {p.rsplit("/", 1)[-1].removesuffix(".html") for p in PAGES}
    sources = {p.stem for p in (HTML.parents[1] / "book").glob("*.md")}
    assert sources <= built, f"pages missing from the HTML: {sorted(sources - built)}"


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_offline(reader, page):
    view = reader.open(page)
    article = view.locator("article.bd-article")
    text = article.inner_text()

    assert not reader.errors, f"JavaScript errors on {page}: {reader.errors}"
    assert not [u for u in reader.outside_requests if "mathjax" in u.lower()], (
        "MathJax was requested from outside the book"
    )
    # Math: typeset into MathJax containers, no raw TeX delimiters left in the text.
    n_math = view.locator("mjx-container").count()
    raw_tex = re.findall(r"\\\(|\\\[|\$\$", text)
    assert not raw_tex, f"{page}: untypeset TeX left in the page: {raw_tex[:3]}"
    if view.locator(".math").count():
        assert n_math > 0, f"{page}: the page has math but nothing was typeset"
        assert view.locator("mjx-merror").count() == 0, f"{page}: MathJax reported TeX errors"
    # Display math fits the text column: no equation is cut off or scrolls sideways.
    wide = view.evaluate(
        "() => Array.from(document.querySelectorAll('article mjx-container[display=\"true\"]'))"
        ".filter(m => m.scrollWidth > m.clientWidth + 1)"
        ".map(m => m.textContent.slice(0, 60))"
    )
    assert not wide, f"{page}: display math wider than the text column: {wide}"
    # Glue and directives: nothing left as raw MyST.
    for raw in ["{glue:", "{ref}", "{eq}", "{prf:ref}", ":::", "```{"]:
        assert raw not in text, f"{page}: raw MyST {raw!r} left in the page"
    # Figures: every image loaded, none replaced by its text form.
    assert "<Figure size" not in text, f"{page}: a figure was rendered as text, not an image"
    broken = view.evaluate(
        "() => Array.from(document.images)"
        ".filter(i => i.closest('article') && !(i.complete && i.naturalWidth > 0))"
        ".map(i => i.src)"
    )
    assert not broken, f"{page}: images that did not load: {broken}"


@pytest.mark.parametrize("page", ["index.html", *PAGES])
def test_page_served_over_http_loads_every_file_it_asks_for(reader, served_book, page):
    # Over HTTP, as on the published site, the browser also asks for the page's icon
    # (/favicon.ico when the page names none); a file that is missing is a 404.
    view = reader.open_url(f"{served_book}/{page}")
    view.wait_for_load_state("networkidle")
    assert not reader.errors, f"{page}: {reader.errors}"
    assert not reader.outside_requests, f"{page}: requests outside the book"
    icon = view.evaluate("() => document.querySelector('link[rel~=\"icon\"]')?.href")
    assert icon, f"{page}: no icon"
    assert view.request.get(icon).ok, f"{page}: the icon {icon} does not load"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_figures_have_alt_text_and_numbered_equations(reader, chapter):
    view = reader.open(f"book/{chapter}.html")
    alts = view.evaluate(
        "() => Array.from(document.querySelectorAll('article figure img')).map(i => i.alt)"
    )
    assert alts, f"{chapter}: no figures"
    assert all(alt and alt.strip() for alt in alts), f"{chapter}: a figure without alt text"
    assert view.locator("span.eqno").count() > 0, f"{chapter}: no numbered equation"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_solutions_are_folded_until_opened(reader, chapter):
    view = reader.open(f"book/{chapter}.html")
    solutions = view.locator("div.solution.dropdown")
    assert solutions.count() >= 3, f"{chapter}: expected folded solutions"
    first = solutions.first
    body = first.locator("section, div.section").first
    assert not body.is_visible(), "a solution is open before the reader asks for it"
    first.locator("button.toggle-button, .admonition-title").first.click()
    view.wait_for_timeout(400)
    assert body.is_visible(), "clicking the solution's title did not open it"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_binder_button_opens_this_chapter_in_jupyterlab(reader, chapter):
    view = reader.open(f"book/{chapter}.html")
    hrefs = view.evaluate("() => Array.from(document.querySelectorAll('a')).map(a => a.href)")
    binder = [h for h in hrefs if "mybinder.org" in h]
    assert binder, f"{chapter}: no Binder button"
    assert all(h.endswith(f"urlpath=lab/tree/book/{chapter}.md") for h in binder), binder
    assert not [h for h in hrefs if "colab" in h], "Colab cannot open .md chapters"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_citations_read_author_year_and_lead_to_the_references(reader, chapter):
    view = reader.open(f"book/{chapter}.html")
    text = view.locator("article.bd-article").inner_text()
    assert "{cite" not in text, f"{chapter}: a citation left as raw MyST"
    links = view.evaluate(
        "() => Array.from(document.querySelectorAll('article a'))"
        ".filter(a => a.href.includes('references.html#'))"
        ".map(a => [a.innerText, a.href])"
    )
    assert links, f"{chapter}: cites nothing"
    for shown, _ in links:
        # the year links to the entry: "Nielsen (2015)", "(Goodfellow et al., 2016)"
        assert re.search(r"\b(1[89]|20)\d\d\b", shown), f"{chapter}: citation shown as {shown!r}"
    references = reader.open("book/references.html")
    anchors = set(
        references.evaluate("() => Array.from(document.querySelectorAll('[id]'), e => e.id)")
    )
    targets = {href.rsplit("#", 1)[1] for _, href in links}
    assert targets <= anchors, f"{chapter}: citations to no entry: {sorted(targets - anchors)}"
