"""The student edition: every exercise kept, every solution and check removed, nothing else lost."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import student_edition

CHAPTERS = [
    p for p in sorted((ROOT / "book").glob("*.md")) if "{exercise}" in p.read_text(encoding="utf-8")
]


def solution_blocks(text: str) -> list[str]:
    return [m.group(0) for m in student_edition.SOLUTION.finditer(text)]


def check_cells(text: str) -> list[str]:
    return [m.group(0) for m in student_edition.CHECK.finditer(text)]


def code_cells(blocks: list[str]) -> list[str]:
    return [
        c.source
        for block in blocks
        for c in jupytext.reads(block, fmt="md:myst").cells
        if c.cell_type == "code"
    ]


def test_there_are_chapters_with_exercises():
    assert len(CHAPTERS) >= 5


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_solutions_removed_exercises_kept(path: Path):
    text = path.read_text(encoding="utf-8")
    student = student_edition.strip_solutions(text)
    n_exercises = len(re.findall(r"^:{3,}\{exercise\}", text, re.MULTILINE))
    assert len(re.findall(r"^:{3,}\{exercise\}", student, re.MULTILINE)) == n_exercises
    assert "{solution-start}" not in student and "{solution-end}" not in student
    assert "exercise-check" not in student
    blocks, checks = solution_blocks(text), check_cells(text)
    assert len(blocks) == n_exercises
    assert len(checks) <= n_exercises
    # Nothing but the solution blocks and the check cells (which need the solutions)
    # is removed.
    assert len(student) == len(text) - sum(len(b) for b in blocks + checks)
    # The solutions' and the checks' code cells are gone; every other code cell is still there.
    full = [c.source for c in jupytext.reads(text, fmt="md:myst").cells if c.cell_type == "code"]
    kept = [c.source for c in jupytext.reads(student, fmt="md:myst").cells if c.cell_type == "code"]
    in_solutions, in_checks = code_cells(blocks), code_cells(checks)
    assert in_solutions, f"{path.name}: solutions without code"
    assert len(in_checks) == len(checks)
    assert all(source.startswith("# check: ") for source in in_checks)
    assert sorted(kept + in_solutions + in_checks) == sorted(full)


def test_check_cells_are_removed_and_other_tagged_cells_kept():
    text = (
        "Text.\n\n```{code-cell} ipython3\n:tags: [remove-cell, exercise-check]\n\n"
        "# check: ex-1\nassert answer == 42\n```\n\n"
        "```{code-cell} ipython3\n:tags: [remove-cell]\n\nhidden = 1\n```\n\nMore text.\n"
    )
    student = student_edition.strip_solutions(text)
    assert "answer" not in student and "hidden = 1" in student and "More text." in student


def test_an_unclosed_solution_is_an_error():
    broken = "::::{solution-start} ex-1\n:class: dropdown\n::::\n\nAnswer.\n"
    with pytest.raises(ValueError, match="not closed"):
        student_edition.strip_solutions(broken)


def test_student_configuration_has_no_way_back_to_the_solutions():
    config = student_edition.student_config((ROOT / "_config.yml").read_text())
    assert "(student edition)" in config
    assert "binderhub_url: https" not in config
    assert "thebe: true" not in config
    for button in ("use_repository_button", "use_issues_button", "use_edit_page_button"):
        assert re.search(rf"{button}:\s*false", config)
    # Everything else is kept: the same extensions and execution settings.
    assert "sphinx_exercise" in config and "execute_notebooks: cache" in config
