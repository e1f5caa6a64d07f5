"""The assignment notebooks in nbgrader, as an instructor hands them out and grades them.

Every cell of every notebook that ``make assignments`` writes carries nbgrader's metadata
(schema version 3, checked with nbgrader's own validator). Then, in a temporary course
folder, nbgrader makes the student version of one notebook (``generate_assignment``) and
grades two submissions of it (``autograde``): one answered with the book's reference
solutions gets the points of every check, one handed in as given gets none. The scores
are read from nbgrader's gradebook.

nbgrader is pinned in ``tests/requirements-nbgrader.txt``, which ``make test`` installs.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest

try:
    from nbgrader.api import Gradebook
    from nbgrader.nbgraderformat import MetadataValidator
except ImportError as error:  # no silent skip: the test is part of `make test`
    raise ImportError(
        "nbgrader is not installed: `make test` installs it, or run "
        "`pip install -r tests/requirements-nbgrader.txt -c constraints.txt`"
    ) from error

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import assignments
from test_assignments import CHAPTERS, code_of, solution_blocks

# The chapter handed out here: the quickest to run of those with several checks.
CHAPTER = "losses"
COURSE_CONFIG = """\
c = get_config()
c.CourseDirectory.course_id = "nnmath"
c.Execute.timeout = 600  # the book's limit per cell (nbgrader's default is 30 s)
"""


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_cell_has_nbgrader_metadata(path: Path, made_assignments):
    notebook = nbformat.read(made_assignments[path.stem], as_version=4)
    MetadataValidator().validate_nb(notebook)  # schema, grade ids, points, no duplicate id
    roles = {}
    for cell in notebook.cells:
        meta = cell.metadata["nbgrader"]
        assert meta["schema_version"] == 3 and meta["grade_id"] == cell.id
        kind = ("solution" if meta["solution"] else "") + ("grade" if meta["grade"] else "")
        roles.setdefault((cell.cell_type, kind, meta["locked"]), []).append(cell)
    exercises = assignments.exercises(path.read_text(encoding="utf-8"))
    checked = [e.label for e in exercises if e.check is not None]
    ids = {key: sorted(c.id for c in cells) for key, cells in roles.items()}
    # answers: the code is an autograded answer, the written answer is graded by hand
    assert ids.pop(("code", "solution", False)) == sorted(f"stub-{e.label}" for e in exercises)
    assert ids.pop(("markdown", "solutiongrade", False)) == sorted(
        f"written-{e.label}" for e in exercises
    )
    # checks: graded, locked (the autograder runs the instructor's copy), with points
    assert ids.pop(("code", "grade", True)) == sorted(f"check-{label}" for label in checked)
    # everything else, the chapter's text and code and the instructions, is read-only
    assert set(ids) <= {("markdown", "", True), ("code", "", True)}
    for cells in roles.values():
        for cell in cells:
            assert cell.metadata["nbgrader"].get("points", 1) > 0
    for cell in roles[("code", "solution", False)]:
        assert cell.source == assignments.CODE_STUB
    for cell in roles[("markdown", "solutiongrade", False)]:
        assert cell.source == assignments.TEXT_STUB


def nbgrader(course: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env={key: value for key, value in os.environ.items() if key != "MPLBACKEND"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"nbgrader {' '.join(args)} fails:\n{done.stderr[-4000:]}"
    return done.stderr


def answered(release: nbformat.NotebookNode, chapter: Path) -> nbformat.NotebookNode:
    """The released notebook with each answer cell replaced by the book's solution."""
    solutions = solution_blocks(chapter.read_text(encoding="utf-8"))
    refs = assignments.references()
    notebook = nbformat.from_dict(json.loads(json.dumps(release)))
    for cell in notebook.cells:
        label = cell.metadata.get("exercise")
        if cell.id.startswith("stub-"):
            cell.source = "\n\n".join(code_of(solutions[label]))
        elif cell.id.startswith("written-"):
            prose = jupytext.reads(solutions[label], fmt="md:myst").cells
            text = "\n\n".join(c.source for c in prose if c.cell_type == "markdown")
            cell.source = assignments.to_jupyter_markdown(text, refs)
            assert cell.source.strip()
    return notebook


def test_nbgrader_releases_and_autogrades_an_assignment(made_assignments, tmp_path, monkeypatch):
    # nbgrader runs the `alembic` command of its environment: as in an activated venv
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    course = tmp_path / "course"
    source = course / "source" / CHAPTER
    source.mkdir(parents=True)
    made = made_assignments[CHAPTER]
    shutil.copy(made, source / made.name)
    (course / "nbgrader_config.py").write_text(COURSE_CONFIG)

    nbgrader(course, "generate_assignment", CHAPTER)
    release = nbformat.read(course / "release" / CHAPTER / made.name, as_version=4)
    given = nbformat.read(made, as_version=4)
    # the student version is the notebook of `make assignments`, cell for cell
    assert [(c.id, c.source) for c in release.cells] == [(c.id, c.source) for c in given.cells]
    assert [c.get("attachments") for c in release.cells] == [
        c.get("attachments") for c in given.cells
    ]
    # ... now with the answers editable and the rest locked in JupyterLab
    for cell in release.cells:
        meta = cell.metadata
        assert meta.get("editable", True) is (not meta["nbgrader"]["locked"]), cell.id

    chapter = ROOT / "book" / f"{CHAPTER}.md"
    for student, notebook in [("solved", answered(release, chapter)), ("stub", release)]:
        folder = course / "submitted" / student / CHAPTER
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / made.name)
    nbgrader(course, "autograde", CHAPTER)

    checks = [c.id for c in release.cells if c.id.startswith("check-") and "-text-" not in c.id]
    written = [c.id for c in release.cells if c.id.startswith("written-")]
    assert len(checks) >= 3 and written
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "nnmath") as gradebook:

        def grade(cell_id, student):
            return gradebook.find_grade(cell_id, made.stem, CHAPTER, student)

        for cell_id in checks:  # the solutions pass every check, the stubs none
            assert grade(cell_id, "solved").auto_score == assignments.CHECK_POINTS, cell_id
            assert grade(cell_id, "stub").auto_score == 0, cell_id
        for cell_id in written:  # left to the instructor when answered, 0 when not
            assert grade(cell_id, "solved").needs_manual_grade, cell_id
            assert grade(cell_id, "stub").score == 0, cell_id
        solved = gradebook.find_submission(CHAPTER, "solved")
        stub = gradebook.find_submission(CHAPTER, "stub")
        assert (
            solved.max_score
            == len(checks) * assignments.CHECK_POINTS + len(written) * assignments.WRITTEN_POINTS
        )
        solved_score = len(checks) * assignments.CHECK_POINTS
        assert solved.score == solved_score  # before the written answers are graded
        assert stub.score == 0
    # the grades an instructor exports, one row per student
    nbgrader(course, "export")
    with open(course / "grades.csv", newline="") as table:
        rows = {row["student_id"]: row for row in csv.DictReader(table)}
    assert float(rows["solved"]["raw_score"]) == solved_score
    assert float(rows["stub"]["raw_score"]) == 0
