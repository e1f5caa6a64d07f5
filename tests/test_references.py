"""The bibliography: every citation resolves, every work listed is cited, entries are complete.

Sphinx (``-W -n``) already fails the build on a citation key that ``references.bib`` lacks;
these tests say so before a build, and check what Sphinx does not: that the References page
lists no work the book never cites, and that each entry carries what a reader needs to find it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "references.bib"
CHAPTERS = sorted((ROOT / "book").glob("*.md"))
# {cite}`a,b`, {cite:t}`a`, {cite:p}`a`, {cite:ts}`a` ...
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
ENTRIES = parse_file(str(BIB)).entries


def citations() -> dict[str, list[str]]:
    """Cited key -> the pages that cite it."""
    cited: dict[str, list[str]] = {}
    for page in CHAPTERS:
        for match in CITE.finditer(page.read_text(encoding="utf-8")):
            for key in match.group(1).split(","):
                cited.setdefault(key.strip(), []).append(page.name)
    return cited


def test_the_book_is_configured_to_read_the_bibliography():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["bibtex_bibfiles"] == ["references.bib"]
    references = (ROOT / "book" / "references.md").read_text(encoding="utf-8")
    assert "```{bibliography}" in references


def test_every_citation_is_in_the_bibliography():
    missing = {key: pages for key, pages in citations().items() if key not in ENTRIES}
    assert not missing, f"cited but not in references.bib: {missing}"


def test_every_work_in_the_bibliography_is_cited():
    uncited = sorted(set(ENTRIES) - set(citations()))
    assert not uncited, f"in references.bib but cited nowhere: {uncited}"


def test_every_chapter_cites_its_sources():
    cited_pages = {page for pages in citations().values() for page in pages}
    chapters = {p.name for p in CHAPTERS if "kernelspec:" in p.read_text(encoding="utf-8")}
    chapters -= {"notation.md"}  # conventions, not results
    assert chapters <= cited_pages, f"chapters citing nothing: {sorted(chapters - cited_pages)}"


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_each_entry_can_be_found_by_a_reader(key):
    entry = ENTRIES[key]
    assert entry.persons.get("author"), f"{key}: no author"
    assert entry.fields.get("title"), f"{key}: no title"
    where = ("journal", "booktitle", "publisher", "howpublished")
    assert any(entry.fields.get(field) for field in where), f"{key}: no journal or publisher"
    if entry.type != "misc" or "year" in entry.fields:
        assert re.fullmatch(r"1[89]\d\d|20\d\d", entry.fields.get("year", "")), f"{key}: year"


def test_assignment_notebooks_show_citations_as_the_book_does():
    sys.path.insert(0, str(ROOT / "tools"))
    import assignments

    refs = assignments.references()
    assert set(refs.citations) == set(ENTRIES)
    shown = assignments.to_jupyter_markdown(
        "As {cite:t}`nielsen2015` shows {cite:p}`goodfellow2016,krogh1992`.", refs
    )
    assert shown == "As Nielsen (2015) shows (Goodfellow et al., 2016; Krogh and Hertz, 1992)."
