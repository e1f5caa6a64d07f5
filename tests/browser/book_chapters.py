"""The chapters the browser tests open: every MyST notebook in book/ that has exercises.

Read from the sources, so that a new chapter is opened with no change to the tests.
"""

from __future__ import annotations

from pathlib import Path

BOOK = Path(__file__).resolve().parents[2] / "book"


def _is_chapter(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    return "kernelspec:" in text.split("\n---", 1)[0] and "{exercise}" in text


CHAPTERS = sorted(path.stem for path in BOOK.glob("*.md") if _is_chapter(path))
