"""Collect every chapter of the book as a test.

Each MyST Markdown notebook in ``book/`` (a ``.md`` file whose front matter names a
``kernelspec``) is read with jupytext and handed to nbval, which executes it cell by
cell in a fresh kernel started in ``book/`` (the directory myst-nb runs it in). A
chapter added to ``book/`` is therefore tested with no change here. Its checks are its
``assert`` cells: nbval runs in ``--nbval-lax`` mode, so outputs are not compared.

It also gives the tests of the assignment notebooks one fixture, ``made_assignments``:
the notebooks written once per test run by the command ``make assignments`` runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import jupytext
import nbformat
import pytest
from nbval.plugin import IPyNbFile

ROOT = Path(__file__).parent
BOOK = ROOT / "book"


def is_chapter(path: Path) -> bool:
    """True for a MyST Markdown notebook in book/ (front matter with a kernelspec)."""
    if path.suffix != ".md" or path.parent != BOOK:
        return False
    text = path.read_text(encoding="utf-8")
    return text.startswith("---") and "kernelspec:" in text.split("\n---", 1)[0]


class MystNotebook(IPyNbFile):
    """nbval's notebook collector, reading a MyST Markdown file through jupytext."""

    def collect(self):
        notebook = jupytext.read(self.path)
        # nbval reads ``self.fspath`` with nbformat.read; hand it the converted notebook.
        with mock.patch.object(nbformat, "read", return_value=notebook):
            yield from super().collect()


def pytest_collect_file(file_path: Path, parent):
    if is_chapter(file_path):
        return MystNotebook.from_parent(parent, path=file_path)
    return None


def pytest_addoption(parser):
    parser.addoption(
        "--browser",
        action="store_true",
        help="also run tests/browser: the built book opened in Chromium (make browser-test)",
    )
    parser.addoption(
        "--pdf",
        choices=["book", "student"],
        help="also run tests/pdf on the built PDF of the book or of the student edition "
        "(make pdf, make student-pdf)",
    )


def pytest_ignore_collect(collection_path: Path, config):
    # The browser tests need a built book, Chromium and Playwright: `make browser-test`
    # (and CI) runs them; `make test` runs everything else.
    # Likewise the PDF tests need XeLaTeX's output: `make pdf` and `make student-pdf`.
    if collection_path.parent.name == "tests" and collection_path.name in ("browser", "pdf"):
        return not config.getoption(f"--{collection_path.name}")
    return None


@pytest.fixture(scope="session")
def made_assignments(tmp_path_factory) -> dict[str, Path]:
    """The assignment notebooks as ``make assignments`` writes them: chapter name -> path.

    The same command (``tools/assignments.py``, which runs each notebook once to fill in
    its numbers and figures), in the environment the Makefile gives it (no MPLBACKEND).
    """
    out = tmp_path_factory.mktemp("assignments")
    env = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    done = subprocess.run(
        [sys.executable, "tools/assignments.py", "--out", str(out)],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"make assignments fails:\n{done.stderr[-4000:]}"
    return {path.stem: path for path in sorted(out.glob("*.ipynb"))}
