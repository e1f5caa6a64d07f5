"""Write the assignment notebooks: each chapter's exercises, checked, without solutions.

Every exercise of the book is followed, right after its ``{solution-end}``, either by a
*check cell* or by a MyST comment that says why it is not checked automatically::

    ```{code-cell} ipython3
    :tags: [remove-cell, exercise-check]

    # check: loss-ex-huber
    needed = ["huber", "huber_derivative", "theta_h1"]
    ...
    ```

    % not auto-checked: act-ex-tanh-identity (the answer is a derivation)

A check cell asserts what a correct answer must satisfy, using the names its exercise asks
the student to define (``needed``); in the book it runs after the reference solution (so
the tests prove that every check passes on it) and ``remove-cell`` keeps it out of the HTML.

For every chapter with exercises this script writes ``_build/assignments/<chapter>.ipynb``:
the whole chapter, since the exercises use its functions and data, with every solution
block replaced by "Your answer" cells (a Markdown cell for the written answer and a code
stub that raises ``NotImplementedError``, nbgrader's stubs), and the exercise's check
shown right after it under "Check your answer". The MyST syntax that JupyterLab cannot
render is rewritten: exercise and proof boxes become headings, ``{eq}``, ``{numref}``,
``{ref}`` and ``{prf:ref}`` become the numbers and titles the HTML book shows, citations
read "Nielsen (2015)", and equations get their number as ``\\tag``. A reference to
anything the book does not define is an error.

Every cell carries nbgrader's metadata (``nbgrader_metadata``): the answers are solution
cells, the checks are graded automatically, everything else is read-only; so an
instructor can release and grade the notebooks with nbgrader (README, "Assignments").

To fill in the numbers (``{glue:text}``) and figures (``{glue:figure}``) that the chapter
computes, the script runs each notebook once, as a student would get it (this also proves
that the chapter runs without its solutions); with ``--no-run`` they are shown by name.

Usage: ``python tools/assignments.py [--out DIR] [--no-run]`` (``make assignments``).
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import os
import re
import sys
import textwrap
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat
import yaml
from myst_nb.core.variables import format_plain_text
from nbclient import NotebookClient
from pybtex.database import parse_file
from pybtex.richtext import Text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from student_edition import CHECK, SOLUTION

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
BIBLIOGRAPHY = ROOT / "references.bib"
OUT = ROOT / "_build" / "assignments"

NOT_CHECKED = re.compile(
    r"^% not auto-checked: (?P<label>\S+) \((?P<reason>[^\n]*)\)[ \t]*$", re.MULTILINE
)
CHECK_LINE = re.compile(r"# check: (?P<label>\S+)")
EXERCISE_LABEL = re.compile(r"^:{3,}\{exercise\}[^\n]*\n:label:\s*(\S+)", re.MULTILINE)
SOLUTION_LABEL = re.compile(r"^:{3,}\{solution-start\}\s+(\S+)")
ANSWER_MARK = "<!-- assignment-answer: {} -->"
ANSWER = re.compile(r"^<!-- assignment-answer: (\S+) -->$", re.MULTILINE)

FENCE = re.compile(r"^(?P<fence>:{3,}|`{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<arg>.*?)[ \t]*$")
PLAIN_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})")
OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*?)[ \t]*$")
TARGET = re.compile(r"^\([\w.:-]+\)=[ \t]*$")
COMMENT = re.compile(r"^%(?:[ \t].*)?$")
EQ_LABEL = re.compile(r"^\$\$[^\n]*\((?P<label>[\w.:-]+)\)[ \t]*$", re.MULTILINE)
EQ_CLOSE = re.compile(r"^(?P<body>.*?)\$\$[ \t]*\((?P<label>[\w.:-]+)\)[ \t]*$")
ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<content>[^`]*)`")
GLUED = "application/papermill.record/"  # how myst_nb.glue(..., display=False) stores values
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)


@dataclass
class Exercise:
    """One exercise of a chapter, as the assignment notebook needs it."""

    label: str
    number: str
    check: str | None  # the check cell's code, or None
    reason: str | None  # why the exercise is not checked automatically
    needed: list[str] = field(default_factory=list)


@dataclass
class References:
    """What the HTML book shows for a cross-reference: numbers and titles."""

    equations: dict[str, str] = field(default_factory=dict)  # label -> "(3.2)"
    numbered: dict[str, str] = field(default_factory=dict)  # label -> "Figure 3.2"
    titles: dict[str, str] = field(default_factory=dict)  # label -> section title
    glued: dict[str, dict] = field(default_factory=dict)  # glue key -> its mime bundle
    citations: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (who, year)


def citations(bib: Path = BIBLIOGRAPHY) -> dict[str, tuple[str, str]]:
    """Each work of the bibliography as the book cites it: ("Goodfellow et al.", "2016")."""
    if not bib.exists():
        return {}
    cited = {}
    for key, entry in parse_file(str(bib)).entries.items():
        names = [
            Text.from_latex(" ".join(person.prelast_names + person.last_names)).render_as("text")
            for person in entry.persons.get("author", [])
        ]
        if len(names) > 2:
            who = f"{names[0]} et al."
        else:
            who = " and ".join(names)
        cited[key] = (who, entry.fields.get("year", "n.d."))
    return cited


def chapter_numbers(toc: Path = ROOT / "_toc.yml") -> dict[str, int]:
    """Chapter numbers as the book shows them: numbered parts count on across parts."""
    numbers: dict[str, int] = {}
    for part in yaml.safe_load(toc.read_text(encoding="utf-8")).get("parts", []):
        if not part.get("numbered"):
            continue
        for chapter in part.get("chapters", []):
            numbers[Path(chapter["file"]).stem] = len(numbers) + 1
    return numbers


def references(book: Path = BOOK, numbers: dict[str, int] | None = None) -> References:
    """Every label of the book with the number or title a reference to it displays."""
    numbers = chapter_numbers() if numbers is None else numbers
    refs = References(citations=citations())
    for page in sorted(book.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        prefix = f"{numbers[page.stem]}." if page.stem in numbers else ""
        for k, label in enumerate(EQ_LABEL.findall(text), start=1):
            refs.equations[label] = f"({prefix}{k})"
        for k, label in enumerate(EXERCISE_LABEL.findall(text), start=1):
            refs.numbered[label] = f"Exercise {prefix}{k}"
        counters: dict[str, int] = {}
        for name, options in _fences(text):
            kind = {"glue:figure": "Figure", "figure": "Figure", "table": "Table"}.get(name)
            if name.startswith("prf:") and name != "prf:proof":
                kind = name[4:].capitalize()
            if kind is None:
                continue
            counters[kind] = counters.get(kind, 0) + 1
            label = options.get("label") or options.get("name")
            if label:
                refs.numbered[label] = f"{kind} {prefix}{counters[kind]}"
        for label, title in re.findall(
            r"^\(([\w.:-]+)\)=[ \t]*\n+#+[ \t]+(.+)$", text, re.MULTILINE
        ):
            refs.titles[label] = title.strip()
    return refs


def _fences(text: str):
    """(directive name, options) for every directive opening of a MyST text, in order."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        match = FENCE.match(line)
        if match:
            options = {}
            for option in lines[i + 1 :]:
                found = OPTION.match(option)
                if not found:
                    break
                options[found["key"]] = found["value"]
            yield match["name"], options


def needed_names(check: str) -> list[str]:
    """The names a check cell requires: the list it assigns to ``needed``."""
    for node in ast.parse(check).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "needed" for target in node.targets
        ):
            return [str(name) for name in ast.literal_eval(node.value)]
    return []


def exercises(text: str, chapter: int | None = None) -> list[Exercise]:
    """The chapter's exercises in order, each with its check cell or its reason for none.

    Raises ValueError when an exercise has neither, when a check names another exercise,
    or when a check cell stands anywhere but right after a solution block.
    """
    prefix = f"{chapter}." if chapter else ""
    numbers = {label: f"{prefix}{k}" for k, label in enumerate(EXERCISE_LABEL.findall(text), 1)}
    found = []
    for block in SOLUTION.finditer(text):
        label = SOLUTION_LABEL.match(block.group(0)).group(1)
        after = block.end() + len(text[block.end() :]) - len(text[block.end() :].lstrip())
        check, reason = CHECK.match(text, after), NOT_CHECKED.match(text, after)
        if check:
            cell = jupytext.reads(check.group(0), fmt="md:myst").cells[0]
            first = CHECK_LINE.match(cell.source)
            if not first or first["label"] != label:
                raise ValueError(f"the check after {label} must start with '# check: {label}'")
            found.append(Exercise(label, numbers.get(label, "?"), cell.source, None))
            found[-1].needed = needed_names(cell.source)
        elif reason:
            if reason["label"] != label:
                raise ValueError(f"the marker after {label} names {reason['label']}")
            found.append(Exercise(label, numbers.get(label, "?"), None, reason["reason"]))
        else:
            raise ValueError(
                f"{label}: put a check cell or a '% not auto-checked: {label} (reason)' "
                "line right after its solution"
            )
    if sum(1 for _ in CHECK.finditer(text)) != sum(e.check is not None for e in found):
        raise ValueError("a check cell stands somewhere else than right after a solution")
    return found


# --- MyST to Jupyter Markdown --------------------------------------------------------


def _literal_include(arg: str, options: dict[str, str]) -> list[str]:
    path = (BOOK / arg).resolve()
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    name = options.get("pyobject")
    if name:
        scope = ast.parse(source).body
        node = None
        for part in name.split("."):
            node = next(
                n
                for n in scope
                if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                and n.name == part
            )
            scope = node.body
        start = min([node.lineno] + [d.lineno for d in node.decorator_list])
        lines = lines[start - 1 : node.end_lineno]
    code = textwrap.dedent("\n".join(lines)) if "dedent" in options else "\n".join(lines)
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    title = f"`{where}`" + (f", `{name}`" if name else "")
    return [f"From {title}:", "", "```" + options.get("language", ""), code, "```"]


def _directive(name, arg, options, body, refs: References) -> list[str]:
    while body and not body[0].strip():
        body = body[1:]
    while body and not body[-1].strip():
        body = body[:-1]
    label = options.get("label") or options.get("name") or ""
    if name == "exercise":
        title = refs.numbered.get(label, "Exercise")
        return [f"### {title}" + (f" ({arg})" if arg else ""), "", *body]
    if name == "prf:proof":
        return ["*Proof.*", "", *body]
    if name.startswith("prf:"):
        title = refs.numbered.get(label, name[4:].capitalize())
        return [f"**{title}" + (f" ({arg})" if arg else "") + ".**", "", *body]
    if name in ("glue:figure", "figure"):
        title = refs.numbered.get(label, "Figure")
        caption = " ".join(line.strip() for line in body)
        if "image/png" in refs.glued.get(arg, {}):
            alt = options.get("alt", title).replace("]", ")").replace("[", "(")
            return [f"![{alt}](attachment:{arg}.png)", "", f"**{title}.** {caption}"]
        where = f"shown in the book, stored by the code above as `{arg}`"
        return [f"**{title}** ({where}). {caption}"]
    if name == "table":
        return [f"**{refs.numbered.get(label, 'Table')}.** {arg}", "", *body]
    if name == "literalinclude":
        return _literal_include(arg, options)
    if name == "math":
        tag = refs.equations.get(label)
        return ["$$", *body, *([f"\\tag{{{tag[1:-1]}}}"] if tag else []), "$$"]
    if name in ("code-block", "code", "sourcecode"):
        return ["```" + arg, *body, "```"]
    heading = arg or name.split(":")[-1].capitalize()
    return [f"**{heading}.**", "", *body]


def _directives(lines: list[str], refs: References) -> list[str]:
    out, i = [], 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        plain = PLAIN_FENCE.match(lines[i])
        if not opening and plain:  # a code block shown as text: keep it as it is
            end = next(
                (k for k in range(i + 1, len(lines)) if lines[k].strip() == plain["fence"]),
                len(lines) - 1,
            )
            out.extend(lines[i : end + 1])
            i = end + 1
            continue
        if not opening:
            if not re.fullmatch(r":{3,}", lines[i].strip()):  # a stray closing fence
                out.append(lines[i])
            i += 1
            continue
        options, j = {}, i + 1
        while j < len(lines) and (option := OPTION.match(lines[j])):
            options[option["key"]] = option["value"]
            j += 1
        end = next((k for k in range(j, len(lines)) if lines[k].strip() == opening["fence"]), None)
        body = lines[j:end] if end is not None else lines[j:]
        out.extend(
            _directive(opening["name"], opening["arg"], options, _directives(body, refs), refs)
        )
        i = len(lines) if end is None else end + 1
    return out


def _role(match: re.Match, refs: References) -> str:
    role, content = match["role"], match["content"]
    explicit = EXPLICIT.match(content)
    text, target = (explicit["text"], explicit["target"]) if explicit else ("", content)
    if role.startswith("glue"):
        key, _, spec = content.partition(":")
        if "text/plain" in refs.glued.get(key, {}):
            try:
                return format_plain_text(refs.glued[key]["text/plain"], spec)
            except ValueError:
                pass
        return f"`{key}`"
    if role == "eq":
        return _known(refs.equations, target, "equation")
    if role.startswith("cite"):  # as the book shows them: Nielsen (2015); (Nielsen, 2015)
        works = [_known(refs.citations, key.strip(), "citation") for key in target.split(",")]
        if role == "cite:t":
            return ", ".join(f"{who} ({year})" for who, year in works)
        return "(" + "; ".join(f"{who}, {year}" for who, year in works) + ")"
    if role == "numref":
        shown = _known(refs.numbered, target, "numbered label")
        return text.replace("%s", shown.split(" ")[-1]) if text else shown
    if role in ("ref", "prf:ref"):
        return text or refs.titles.get(target) or _known(refs.numbered, target, "label")
    return text or target


def _known(table: dict, key: str, kind: str):
    """``table[key]``; a reference the book does not define is an error, not raw text."""
    if key not in table:
        raise ValueError(f"unknown {kind} {key!r}: the notebook cannot show what it refers to")
    return table[key]


def to_jupyter_markdown(source: str, refs: References) -> str:
    """A MyST Markdown cell rewritten in the Markdown that JupyterLab renders."""
    lines, out, in_code = _directives(source.splitlines(), refs), [], None
    for k, line in enumerate(lines):
        plain = PLAIN_FENCE.match(line)
        if in_code:
            out.append(line)
            in_code = None if line.strip() == in_code else in_code
            continue
        if plain and not FENCE.match(line):
            in_code = plain["fence"]
            out.append(line)
            continue
        if TARGET.match(line) or COMMENT.match(line):
            continue
        closing = EQ_CLOSE.match(line)
        if closing and closing["label"] in refs.equations:
            tag = refs.equations[closing["label"]][1:-1]
            body = closing["body"]
            line = (body + f" \\tag{{{tag}}} $$") if body.strip() else f"\\tag{{{tag}}}\n$$"
        following = lines[k + 1] if k + 1 < len(lines) else ""
        if following.startswith(": ") and line.strip() and not line.startswith((" ", ":", "|")):
            line = f"**{line.strip()}**"  # a definition list term; its definition follows
        elif line.startswith(": ") and out and out[-1].startswith("**"):
            out[-1] += ": " + line[2:]
            continue
        out.append(line)
    # Roles may span lines; code blocks shown as text keep theirs.
    parts = re.split(
        r"(^(`{3,}|~{3,})[^\n]*\n.*?^\2[ \t]*$)", "\n".join(out), flags=re.MULTILINE | re.DOTALL
    )
    for k in range(0, len(parts), 3):
        parts[k] = ROLE.sub(lambda m: _role(m, refs), parts[k])
    return "".join(p for k, p in enumerate(parts) if k % 3 != 2).strip("\n")


# --- the notebook ---------------------------------------------------------------------


# nbgrader's stubs (nbgrader.preprocessors.ClearSolutions): a student's notebook is what
# `nbgrader generate_assignment` makes of it, cell for cell.
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"
CHECK_POINTS = 1  # each check, graded automatically
WRITTEN_POINTS = 1  # each written answer, graded by hand


def _answer_cells(exercise: Exercise) -> list[nbformat.NotebookNode]:
    title = f"Exercise {exercise.number}"
    if exercise.check is not None:
        uses = ", ".join(f"`{name}`" for name in exercise.needed)
        after = f" The check after it uses {uses}." if uses else ""
    else:
        after = f" This exercise is not checked automatically: {exercise.reason}."
    text = (
        f"**Your answer to {title}.** Write derivations and explanations in the Markdown "
        "cell below (double-click it to edit it) and your code in the code cell after it, "
        "in place of `raise NotImplementedError()`." + after
    )
    meta = {"exercise": exercise.label}
    return [
        nbformat.v4.new_markdown_cell(text, id=f"answer-{exercise.label}", metadata=meta),
        nbformat.v4.new_markdown_cell(TEXT_STUB, id=f"written-{exercise.label}", metadata={**meta}),
        nbformat.v4.new_code_cell(
            CODE_STUB, id=f"stub-{exercise.label}", metadata={**meta, "tags": ["exercise-stub"]}
        ),
    ]


def _check_cells(exercise: Exercise, cell) -> list[nbformat.NotebookNode]:
    tags = [t for t in cell.metadata.get("tags", []) if t != "remove-cell"]
    text = (
        f"**Check your answer to Exercise {exercise.number}.** Run the cell below after "
        "your answer: it stops with an `AssertionError` that says what is wrong, or prints "
        "`Check passed.`"
    )
    meta = {"exercise": exercise.label}
    return [
        nbformat.v4.new_markdown_cell(text, id=f"check-text-{exercise.label}", metadata=meta),
        nbformat.v4.new_code_cell(
            cell.source,
            id=f"check-{exercise.label}",
            metadata={**cell.metadata, **meta, "tags": tags},
        ),
    ]


def nbgrader_metadata(cell_id: str) -> dict:
    """nbgrader's metadata (schema version 3) for a cell of an assignment notebook.

    The student's answers are solution cells: the written one is graded by hand, the
    code is checked by the check cell after it, which is graded automatically and locked
    (the autograder runs the instructor's copy of it). Every other cell, the chapter's text
    and code and the instructions, is read-only. The ``grade_id`` is the cell's id.
    """
    meta = {"schema_version": 3, "grade_id": cell_id, "task": False}
    if cell_id.startswith("written-"):
        return {**meta, "solution": True, "grade": True, "locked": False, "points": WRITTEN_POINTS}
    if cell_id.startswith("stub-"):
        return {**meta, "solution": True, "grade": False, "locked": False}
    if cell_id.startswith("check-") and not cell_id.startswith("check-text-"):
        return {**meta, "solution": False, "grade": True, "locked": True, "points": CHECK_POINTS}
    return {**meta, "solution": False, "grade": False, "locked": True}


def _markdown_cell(source: str, refs: References) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(source)
    figures = re.findall(r"\(attachment:([\w.-]+)\.png\)", source)
    if figures:
        cell["attachments"] = {
            f"{k}.png": {"image/png": refs.glued[k]["image/png"]} for k in figures
        }
    return cell


def _intro(title: str, source: Path, checked: int, total: int, filled: bool) -> str:
    numbers = (
        "The numbers in the text and the figures come from running these cells when the "
        "notebook was made."
        if filled
        else "Numbers that the book prints in its text appear here as the names they are "
        "stored under with `glue`, and the figures are shown in the book: the code that "
        "computes and draws them is in the cells."
    )
    return (
        f"**Assignment notebook.** This is the chapter “{title}” of *The Mathematics of "
        f"Neural Networks*, generated from `book/{source.name}`, with the solutions of its "
        f"exercises taken out. Run the cells from the top: the exercises use the functions "
        "and data that the chapter defines. Write each answer under **Your answer**: "
        f"derivations and explanations in place of `{TEXT_STUB}`, code in place of "
        "`raise NotImplementedError()`. Then run the cell under **Check your answer** "
        f"({checked} of the {total} exercises have one).\n\n{numbers}\n\n"
        "The notebook carries nbgrader's cell metadata, so an instructor can hand it out "
        "and grade it with nbgrader: the checks automatically, the written answers by hand."
    )


def assignment_notebook(
    path: Path, refs: References | None = None, numbers: dict[str, int] | None = None
) -> nbformat.NotebookNode:
    """The assignment notebook of one chapter (see the module docstring)."""
    numbers = chapter_numbers() if numbers is None else numbers
    refs = references(path.parent, numbers) if refs is None else refs
    text = path.read_text(encoding="utf-8")
    found = {e.label: e for e in exercises(text, numbers.get(path.stem))}
    marked = SOLUTION.sub(
        lambda m: "\n" + ANSWER_MARK.format(SOLUTION_LABEL.match(m.group(0)).group(1)) + "\n\n",
        text,
    )
    source = jupytext.reads(marked, fmt="md:myst")
    cells = []
    for cell in source.cells:
        if cell.cell_type == "markdown":
            pieces = ANSWER.split(cell.source)
            for k, piece in enumerate(pieces):
                if k % 2:  # the label of a solution that was here
                    cells.extend(_answer_cells(found[piece]))
                    continue
                try:
                    markdown = to_jupyter_markdown(piece, refs)
                except ValueError as error:
                    raise ValueError(f"{path.name}: {error}") from error
                if markdown:
                    cells.append(_markdown_cell(markdown, refs))
        elif "exercise-check" in cell.metadata.get("tags", []):
            cells.extend(_check_cells(found[CHECK_LINE.match(cell.source)["label"]], cell))
        else:
            cells.append(nbformat.v4.new_code_cell(cell.source, metadata=dict(cell.metadata)))
    for k, cell in enumerate(cells):
        if not cell.get("id", "").startswith(("answer-", "written-", "stub-", "check-")):
            cell["id"] = f"cell-{k}"
    title = re.search(r"^#[ \t]+(.+)$", text, re.MULTILINE)
    checked = sum(e.check is not None for e in found.values())
    intro = _intro(
        title[1].strip() if title else path.stem, path, checked, len(found), bool(refs.glued)
    )
    cells.insert(0, nbformat.v4.new_markdown_cell(intro, id="assignment"))
    for cell in cells:
        cell.metadata["nbgrader"] = nbgrader_metadata(cell.id)
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = dict(source.metadata["kernelspec"])
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def chapters_with_exercises(book: Path = BOOK) -> list[Path]:
    return [
        p for p in sorted(book.glob("*.md")) if EXERCISE_LABEL.search(p.read_text(encoding="utf-8"))
    ]


def execute(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the notebook run from top to bottom in ``book/``, as its chapter runs.

    Stubs and checks fail on purpose; any other failing cell raises RuntimeError, since
    a chapter whose cells need a solution cannot be handed out.
    """
    run = nbformat.from_dict(notebook)
    client = NotebookClient(
        run,
        kernel_name=notebook.metadata["kernelspec"]["name"],
        timeout=600,
        allow_errors=True,
        resources={"metadata": {"path": str(BOOK)}},
    )
    client.execute()
    for cell in run.cells:
        tags = cell.metadata.get("tags", [])
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if errors and not {"exercise-stub", "exercise-check"} & set(tags):
            raise RuntimeError(f"cell {cell.id} fails: {errors[0].ename}: {errors[0].evalue}")
    return run


def glued(run: nbformat.NotebookNode) -> dict[str, dict]:
    """Every value an executed notebook stored with ``glue``: key -> its mime bundle."""
    values = {}
    for cell in run.cells:
        for output in cell.get("outputs", []):
            key = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if key is not None:
                values[key] = {
                    mime.removeprefix(GLUED): data for mime, data in output["data"].items()
                }
    return values


def _glued_values(notebook: nbformat.NotebookNode) -> dict[str, dict]:
    return glued(execute(notebook))


def write_assignments(out: Path = OUT, run: bool = False, jobs: int = 1) -> list[Path]:
    """Write one notebook per chapter with exercises into ``out``; return their paths.

    With ``run``, each notebook is executed once (without solutions), ``jobs`` of them at
    a time, and the numbers and figures the chapter glues are written into its text.
    """
    numbers = chapter_numbers()
    refs = references(BOOK, numbers)
    out.mkdir(parents=True, exist_ok=True)
    chapters = chapters_with_exercises()
    notebooks = [assignment_notebook(path, refs, numbers) for path in chapters]
    if run:
        with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
            values = list(pool.map(_glued_values, notebooks))
        notebooks = [
            assignment_notebook(path, dataclasses.replace(refs, glued=glued_here), numbers)
            for path, glued_here in zip(chapters, values)
        ]
    written = []
    for path, notebook in zip(chapters, notebooks):
        target = out / f"{path.stem}.ipynb"
        jupytext.write(notebook, target, fmt="ipynb")
        written.append(target)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT}")
    parser.add_argument(
        "--no-run",
        action="store_true",
        help="do not run the notebooks: show glued numbers by name and no figures (faster)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="notebooks run at the same time (default: 2, or 1 on one core)",
    )
    args = parser.parse_args(argv)
    for path in write_assignments(args.out, run=not args.no_run, jobs=args.jobs):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
