"""The book's structure: what a reader, an instructor and the build rely on.

These tests read the sources only (the chapters themselves are executed by nbval
through ``conftest.py``): every page is in the table of contents and every entry
exists, every exercise has its solution inside a gated block (the student edition
removes those blocks) followed by its check cell or a note that it has none, chapters
call ``nnmath`` instead of redefining it, glued names are defined, a cell the build does not
run is announced and uses only names defined above it, and the dependencies
are pinned.
"""

from __future__ import annotations

import ast
import builtins
import re
from pathlib import Path

import jupytext
import pytest

import nnmath.activations
import nnmath.losses
import nnmath.optimizers
import nnmath.regularization

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
PAGES = sorted(BOOK.glob("*.md"))
CHAPTERS = [p for p in PAGES if "kernelspec:" in p.read_text(encoding="utf-8").split("\n---", 2)[0]]


def toc_files() -> list[str]:
    return re.findall(
        r"^\s*(?:root|-\s*file):\s*(\S+)\s*$", (ROOT / "_toc.yml").read_text(), re.MULTILINE
    )


def code_cells(path: Path) -> list[str]:
    notebook = jupytext.read(path)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def test_toc_lists_exactly_the_pages_in_book():
    listed = {f"{name}.md" if not name.endswith(".md") else name for name in toc_files()}
    present = {str(p.relative_to(ROOT)) for p in PAGES}
    assert listed == present, (
        f"in the TOC but missing: {sorted(listed - present)}; "
        f"in book/ but not in the TOC: {sorted(present - listed)}"
    )


def test_every_chapter_named_in_the_design_is_a_notebook():
    names = {p.stem for p in CHAPTERS}
    for chapter in [
        "notation",
        "activations",
        "losses",
        "regularization",
        "analytical_warmup",
        "backpropagation",
        "optimizers",
        "autodiff",
    ]:
        assert chapter in names, f"book/{chapter}.md is not an executable MyST notebook"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_exercises_have_gated_solutions(path: Path):
    text = path.read_text(encoding="utf-8")
    exercises = re.findall(r"^:{3,}\{exercise\}[^\n]*\n:label:\s*(\S+)", text, re.MULTILINE)
    starts = re.findall(r"^:{3,}\{solution-start\}\s+(\S+)", text, re.MULTILINE)
    ends = re.findall(r"^:{3,}\{solution-end\}", text, re.MULTILINE)
    assert len(set(exercises)) == len(exercises), f"duplicate exercise labels in {path.name}"
    assert sorted(starts) == sorted(exercises), (
        f"{path.name}: every exercise needs exactly one solution-start naming it "
        f"(exercises {exercises}, solutions {starts})"
    )
    assert len(ends) == len(starts), f"{path.name}: unbalanced solution-start/solution-end"
    # Solutions are gated: between solution-start and solution-end there is no other
    # solution-start (so a student edition that drops the blocks drops whole solutions).
    blocks = re.split(r"^:{3,}\{solution-end\}", text, flags=re.MULTILINE)
    for block in blocks[:-1]:
        assert len(re.findall(r"^:{3,}\{solution-start\}", block, re.MULTILINE)) == 1


# Exercises whose answer is a derivation or an argument in words: no check cell can test
# what the student writes, so each says so in a MyST comment after its solution. Every
# other exercise gets a check cell (tools/assignments.py shows it to students).
NOT_AUTO_CHECKED: set[str] = set()
# The analytical warm-up, backpropagation and regularization: questions answered in words.
NOT_AUTO_CHECKED |= {"warm-ex-half-or-mean", "bp-ex-test-once", "reg-ex-sparse-network"}
# Activations: questions answered in words.
NOT_AUTO_CHECKED |= {"act-ex-output-layer", "act-ex-tiny-gradients"}
# Losses: questions answered in words.
NOT_AUTO_CHECKED |= {"loss-ex-stuck", "loss-ex-choose"}
# The optimizers: questions answered in words.
NOT_AUTO_CHECKED |= {"opt-ex-batch-rate", "opt-ex-plateau"}


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_exercises_are_checked_right_after_their_solution(path: Path):
    """A hidden check cell tied to the exercise's label, or a comment saying why not."""
    text = path.read_text(encoding="utf-8")
    followed = re.findall(
        r"^:{3,}\{solution-start\}\s+(\S+)\n.*?^:{3,}\{solution-end\}[ \t]*\n:{3,}[ \t]*\n\s*"
        r"(?:```\{code-cell\} ipython3\n:tags: \[remove-cell, exercise-check\]\n\n# check: (\S+)\n"
        r"|% not auto-checked: (\S+) \([^\n]+\)\n)?",
        text,
        re.MULTILINE | re.DOTALL,
    )
    for label, check, mark in followed:
        assert label in (check, mark), (
            f"{path.name}: right after the solution of {label}, put a check cell tagged "
            f"[remove-cell, exercise-check] whose first line is '# check: {label}', or a "
            f"line '% not auto-checked: {label} (reason)'"
        )
    checked = [label for label, check, _ in followed if check]
    marked = {label for label, _, mark in followed if mark}
    # no check cell anywhere else
    assert text.count("exercise-check") == len(checked) == text.count("\n# check: "), (
        f"{path.name}: a check cell is not right after its exercise's solution, "
        "or lacks its tags [remove-cell, exercise-check]"
    )
    assert marked == NOT_AUTO_CHECKED & {label for label, _, _ in followed}, (
        f"{path.name}: the exercises marked as not auto-checked are {sorted(marked)}; "
        "update NOT_AUTO_CHECKED when that is intended"
    )


def test_exercises_not_auto_checked_exist():
    labels = {
        label
        for page in PAGES
        for label in re.findall(
            r"^:{3,}\{exercise\}[^\n]*\n:label:\s*(\S+)",
            page.read_text(encoding="utf-8"),
            re.MULTILINE,
        )
    }
    assert NOT_AUTO_CHECKED <= labels, f"no such exercise: {sorted(NOT_AUTO_CHECKED - labels)}"


def test_chapters_with_exercises_have_enough_of_them():
    minimum = {
        "activations": 4,
        "losses": 4,
        "regularization": 3,
        "analytical_warmup": 3,
        "backpropagation": 3,
        "optimizers": 6,
        "autodiff": 3,
        "training": 4,
    }
    for stem, at_least in minimum.items():
        text = (BOOK / f"{stem}.md").read_text(encoding="utf-8")
        found = len(re.findall(r"^:{3,}\{exercise\}", text, re.MULTILINE))
        assert found >= at_least, f"book/{stem}.md has {found} exercises, needs {at_least}"


PUBLIC_API = {
    name
    for module in (nnmath.activations, nnmath.losses, nnmath.regularization, nnmath.optimizers)
    for name in getattr(module, "__all__", dir(module))
    if not name.startswith("_") and callable(getattr(module, name))
}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapters_do_not_redefine_nnmath(path: Path):
    for source in code_cells(path):
        tree = ast.parse(
            "\n".join(
                line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
            )
        )
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                assert node.name not in PUBLIC_API, (
                    f"{path.name} defines {node.name}(), which nnmath already has: import it"
                )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_glued_names_in_the_text_are_glued_by_a_cell(path: Path):
    text = path.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue(?::\w+)?\}`([A-Za-z_][\w]*)", text))
    used |= set(re.findall(r"^```\{glue(?::\w+)?\}\s+([A-Za-z_]\w*)", text, re.MULTILINE))
    glued, prefixes = set(), set()
    for source in code_cells(path):
        glued |= set(re.findall(r"glue\(\s*[\"']([A-Za-z_]\w*)[\"']", source))
        # Names built in a loop, glue(f"loss_relerr_{task}", ...): match on the fixed prefix.
        prefixes |= set(re.findall(r"glue\(\s*f[\"']([A-Za-z_]\w*)\{", source))
    missing = {name for name in used - glued if not name.startswith(tuple(prefixes) or ("\0",))}
    assert not missing, f"{path.name} uses glue names no cell defines: {sorted(missing)}"


def test_requirements_are_pinned_exactly():
    lines = [
        line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
    ]
    packages = [line for line in lines if line and not line.startswith("-")]
    assert packages, "requirements.txt lists no packages"
    for line in packages:
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", line), f"not pinned with ==: {line}"
    versions = dict(line.split("==") for line in packages)
    assert versions["jupyter-book"].startswith("1."), "the book is a Jupyter Book 1 project"
    for required in [
        "jupyter-book",
        "myst-nb",
        "nbval",
        "jupytext",
        "sphinx-exercise",
        "sphinx-proof",
        "numpy",
        "matplotlib",
        "pytest",
        "scikit-learn",
    ]:
        assert required in versions, f"{required} is not pinned in requirements.txt"
    assert "-e ." in lines, "requirements.txt must install nnmath (Binder reads only this file)"


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert readme.index("make book") < 400 and readme.index("make test") < 400


def _bound_names(tree: ast.AST) -> set[str]:
    """The names a piece of code binds: assignments, imports, functions, classes, loops."""
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        if isinstance(node, (ast.FunctionDef, ast.Lambda)):  # their parameters
            arguments = node.args
            every = arguments.posonlyargs + arguments.args + arguments.kwonlyargs
            bound.update(a.arg for a in every + [arguments.vararg, arguments.kwarg] if a)
    return bound


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_cells_left_unexecuted_are_announced_and_would_run(path: Path):
    # A cell the build does not run (it needs a download) is the one code nbval cannot check:
    # the text before it must say so, and every name it uses must exist when a reader runs it
    # after the chapter's cells above it.
    notebook = jupytext.read(path)
    bound, text_before = set(dir(builtins)), ""
    for cell in notebook.cells:
        if cell.cell_type != "code":
            text_before = cell.source
            continue
        tree = ast.parse(cell.source)
        if "skip-execution" in cell.metadata.get("tags", []):
            assert "not executed" in text_before.lower(), (
                f"{path.name}: a cell left unexecuted without a note saying so before it"
            )
            used = {
                node.id
                for node in ast.walk(tree)
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
            }
            missing = used - bound - _bound_names(tree)
            assert not missing, f"{path.name}: an unexecuted cell uses undefined {sorted(missing)}"
        bound |= _bound_names(tree)
