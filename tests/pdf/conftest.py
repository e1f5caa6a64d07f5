"""The book's PDFs, opened as a reader's PDF viewer would show them.

``make pdf`` and ``make student-pdf`` build them with XeLaTeX and then run these tests
(``pytest tests/pdf --pdf=book``, ``--pdf=student``); ``make test`` does not, so it needs no TeX. Poppler's
command-line tools (Debian: poppler-utils, installed by ``make pdf``) give the text of
each page, the number of pages and the images.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
STUDENT_SRC = ROOT / "_build" / "student" / "src"
PDF_NAME = "mathematics-of-neural-networks.pdf"


def poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} was not found: apt-get install poppler-utils", pytrace=False)
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


@dataclass
class BuiltPdf:
    """One edition's PDF, as ``make pdf`` leaves it, with the sources it was built from."""

    source: Path  # the folder with _config.yml, _toc.yml and book/
    path: Path = field(init=False)
    pages: list[str] = field(init=False)  # each page's text, laid out as on the page
    log: str = field(init=False)  # XeLaTeX's log of its last run

    def __post_init__(self):
        latex = self.source / "_build" / "latex"
        self.path = latex / PDF_NAME
        if not self.path.is_file():
            pytest.fail(f"{self.path} is not built: run `make pdf`", pytrace=False)
        self.pages = poppler("pdftotext", "-layout", str(self.path), "-").split("\f")[:-1]
        self.log = self.path.with_suffix(".log").read_text(encoding="utf-8", errors="replace")

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def html(self) -> Path:
        return self.source / "_build" / "html"

    def n_images(self) -> int:
        # pdfimages lists a figure's pixels as "image" and its transparency as "smask"
        rows = poppler("pdfimages", "-list", str(self.path)).splitlines()[2:]
        return sum(1 for row in rows if row.split()[2] == "image")

    def chapters(self) -> list[str]:
        """The chapters' documents in the order of the table of contents (the root excluded)."""
        toc = yaml.safe_load((self.source / "_toc.yml").read_text(encoding="utf-8"))
        return [c["file"] for part in toc["parts"] for c in part["chapters"]]

    def title(self, doc: str) -> str:
        """A chapter's title, as the HTML book shows it in the window's title ("2. Title")."""
        page = (self.html / f"{doc}.html").read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", page, re.DOTALL).group(1)
        title = html.unescape(title).rsplit(" \N{EM DASH} ", 1)[0]
        return re.sub(r"^\d+\.\s+", "", title.strip())

    def source_text(self, doc: str) -> str:
        return (self.source / f"{doc}.md").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def edition(request) -> str:
    """Which PDF to test: "book" (make pdf) or "student" (make student-pdf)."""
    return request.config.getoption("--pdf")


@pytest.fixture(scope="session")
def pdf(edition) -> BuiltPdf:
    return BuiltPdf(ROOT if edition == "book" else STUDENT_SRC)
