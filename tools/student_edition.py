"""Build the student edition of the book: every chapter without its solutions.

Each exercise's solution sits between its ``{solution-start}`` and ``{solution-end}``
directives (the book's tests check this), and most exercises are followed by a hidden
*check cell* (tagged ``exercise-check``) that tests the names the solution defines (the
assignment notebooks of ``tools/assignments.py`` give it to students). This script copies
the book's sources into ``_build/student/src`` with the solution blocks and the check
cells removed (a check fails without its solution), turns off the buttons that would lead
back to the full sources (Binder, Live Code, repository, edit), and builds the HTML into
``_build/student/src/_build/html``. The chapters are executed again without the
solutions, so a chapter whose later cells depend on a solution fails the build.

Usage: ``python tools/student_edition.py [--build]`` (``make student`` builds).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_build" / "student"
SRC = OUT / "src"

# ::::{solution-start} label   ...   ::::{solution-end}
# :class: dropdown                   ::::
# ::::
SOLUTION = re.compile(
    r"^(?P<fence>:{3,})\{solution-start\}[^\n]*\n.*?^:{3,}\{solution-end\}[^\n]*\n:{3,}[ \t]*\n?",
    re.MULTILINE | re.DOTALL,
)

# ```{code-cell} ipython3
# :tags: [remove-cell, exercise-check]
#
# # check: <exercise label>
# ...
# ```
CHECK = re.compile(
    r"^```\{code-cell\}[^\n]*\n:tags:[ \t]*\[[^\]\n]*\bexercise-check\b[^\]\n]*\][ \t]*\n"
    r".*?^```[ \t]*\n?",
    re.MULTILINE | re.DOTALL,
)

STUDENT_SETTINGS = """
# --- student edition (tools/student_edition.py): no way back to the full sources ---
launch_buttons:
  binderhub_url: ""
  thebe: false
  colab_url: ""
"""


def strip_solutions(text: str) -> str:
    """The chapter's text with every gated solution block and every check cell removed."""
    stripped = CHECK.sub("", SOLUTION.sub("", text))
    if "{solution-start}" in stripped or "{solution-end}" in stripped:
        raise ValueError("a solution block is not closed the way the book writes them")
    if "exercise-check" in stripped:
        raise ValueError("a check cell is not written the way the book writes them")
    return stripped


def student_config(config: str) -> str:
    config = config.replace(
        "title: The Mathematics of Neural Networks",
        "title: The Mathematics of Neural Networks (student edition)",
    )
    config = re.sub(r"(?m)^launch_buttons:\n(?:  .*\n)+", "", config)
    for button in ("use_repository_button", "use_issues_button", "use_edit_page_button"):
        config = re.sub(rf"(?m)^(\s*{button}:)\s*true", r"\1 false", config)
    return config + STUDENT_SETTINGS


def write_sources() -> None:
    if SRC.exists():
        shutil.rmtree(SRC)
    (SRC / "book").mkdir(parents=True)
    shutil.copytree(ROOT / "_ext", SRC / "_ext")
    shutil.copytree(ROOT / "_static", SRC / "_static")  # the favicon
    # Pages show files from outside book/: the package's source (literalinclude
    # ../code/...) and the benchmarks' README (include ../benchmarks/README.md).
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", "results")
    for folder in ("code", "benchmarks"):
        shutil.copytree(ROOT / folder, SRC / folder, ignore=skip)
    shutil.copy2(ROOT / "_toc.yml", SRC / "_toc.yml")
    shutil.copy2(ROOT / "references.bib", SRC / "references.bib")  # the References page
    (SRC / "_config.yml").write_text(student_config((ROOT / "_config.yml").read_text()))
    for page in sorted((ROOT / "book").glob("*.md")):
        (SRC / "book" / page.name).write_text(strip_solutions(page.read_text(encoding="utf-8")))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="also build the HTML")
    args = parser.parse_args(argv)
    write_sources()
    print(f"student sources in {SRC}")
    if args.build:
        jupyter_book = Path(sys.executable).with_name("jupyter-book")
        subprocess.run(
            [str(jupyter_book), "build", str(SRC), "-W", "-n", "--keep-going"], check=True
        )
        print(f"The student edition is at file://{SRC / '_build' / 'html' / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
