"""The assignment notebooks of ``tools/assignments.py``: checks that can fail and pass.

Each exercise of the book is followed by a hidden check cell, or by a line saying why it
is not checked automatically. nbval runs every chapter with its reference solutions, so
it already proves that every check passes on them. These tests cover what is new:

- every check is tied to its exercise, needs only the chapter and its own solution, and
  asks for names that its solution defines;
- the notebooks that ``make assignments`` writes (the command itself, run once: see
  ``made_assignments`` in conftest.py) have every role, directive and citation rendered
  and every glued number and figure filled in;
- the generated notebooks hold, per exercise, one stub and (when checked) one check, no
  solution text, no MyST syntax that JupyterLab cannot render; putting the solutions back
  in place of the stubs gives the chapter's code cells;
- executed as a student gets it, every stub and every check fails and no other cell
  does; then, with the reference solution put back, the check passes, and after a
  plausible wrong answer it fails again with an ``AssertionError``.
"""

from __future__ import annotations

import ast
import builtins
import re
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import assignments
import student_edition

CHAPTERS = assignments.chapters_with_exercises()

# A plausible mistake for each checked exercise, run after its reference solution: the
# check must then fail. (A check that cannot fail is not a check.)
WRONG_ANSWERS = {
    "act-ex-silu": "def silu_derivative(z):\n    return sigmoid(z) * (1 + z * sigmoid(z))",
    "act-ex-softmax-vjp": "vjp = g - p @ g  # the factor p forgotten",
    "act-ex-sigmoid-derivative": (
        "def sigmoid_prime_from_output(s):  # the sigmoid applied to the output again\n"
        "    return sigmoid(s) * (1 - sigmoid(s))"
    ),
    "act-ex-tanh-identity": (
        "def tanh_prime_from_sigmoid(z):  # the inner factor 2 of the chain rule forgotten\n"
        "    return 2 * sigmoid_derivative(2 * z)"
    ),
    "act-ex-softmax-shift": (
        "def softmax_limit_cold(z):  # the two limits exchanged\n"
        "    return np.full(len(z), 1 / len(z))"
    ),
    "act-ex-leaky-slope": (
        "def xor_outputs(alpha):  # the sign of h2 = -alpha lost\n"
        "    return np.array([-2 * alpha, 1.0, 1.0, 0.0])"
    ),
    "loss-ex-bce-logits": (
        "def logit_loss(y, z):  # through the probability: log(0) once sigmoid(z) rounds\n"
        "    p = sigmoid(z)\n"
        "    return -(y * np.log(p) + (1 - y) * np.log(1 - p))"
    ),
    "loss-ex-label-smoothing": (
        "lead = np.log((1 - q) / (q / K_s))  # the q / K of the true class forgotten"
    ),
    "loss-ex-huber": (
        "def huber_derivative(y, y_hat, c=1.0):  # the 1/n forgotten\n"
        "    return np.clip(np.asarray(y_hat) - y, -c, c)"
    ),
    "loss-ex-conventions": (
        "def grad_sum(theta):  # the factor 2 forgotten\n    return X1.T @ (X1 @ theta - y_line)"
    ),
    "loss-ex-median": "b_median = b_mean",
    "loss-ex-two-class": "y_first = labels2.astype(float)  # the classes exchanged",
    "reg-ex-ridge": "sk = Ridge(alpha=n_u * lam).fit(X_u, y_u)  # the other convention's alpha",
    "reg-ex-elastic-net": "alpha = lam1 + lam2  # the factor 1/2 forgotten",
    "reg-ex-validation": "chosen = best  # chosen on the test set",
    "reg-ex-units": "w_l1b, b_l1b = w_l1a, b_l1a  # not refitted",
    "warm-ex-bce-l2": "dW = data_grad  # the penalty forgotten",
    "warm-ex-two-hidden": "delta1 = wrong1",
    "warm-ex-tanh": (
        "def delta_tanh_batch(A, Y):  # a mean over the samples only: the 1/K forgotten\n"
        "    return 2 / len(Y) * (A - Y) * (1 - A**2)"
    ),
    "warm-ex-softmax-jacobian": (
        "def ce_delta(a, y):  # right only for labels that sum to 1\n    return a - y"
    ),
    "bp-ex-momentum": (
        "def train_with_momentum(net, X, y, epochs, batch_size, learning_rate, mu):\n"
        "    for _ in range(epochs):  # the velocity is not kept from step to step\n"
        "        for start in range(0, len(X), batch_size):\n"
        "            grads = net.backward(X[start:start + batch_size],\n"
        "                                 y[start:start + batch_size])\n"
        "            for l, (dW, db) in enumerate(grads):\n"
        "                net.weights[l] = net.weights[l] - learning_rate * dW\n"
        "                net.biases[l] = net.biases[l] - learning_rate * db\n"
        "    return net.loss(X, y)"
    ),
    "bp-ex-diverge": "eta_critical = 1.0 / np.linalg.eigvalsh(hessian).max()  # 1 / gamma_max",
    "bp-ex-tanh": (
        "def bp2_tanh(delta_next, W_next, A):  # tanh applied to the activations again\n"
        "    return (delta_next @ W_next) * (1 - np.tanh(A) ** 2)"
    ),
    "bp-ex-l2": (
        "def add_l2(grads, net, lam):  # the biases penalised too\n"
        "    return [(dW + lam * W, db + lam * b)\n"
        "            for (dW, db), W, b in zip(grads, net.weights, net.biases)]"
    ),
    # backpropagation: the project's central task, a network written by hand
    "bp-ex-two-layer": (
        "def backward_two_layer(params, X, Y):  # tanh' forgotten in BP2\n"
        "    W1, b1, W2, b2 = params\n"
        "    A1 = np.tanh(X @ W1.T + b1)\n"
        "    delta2 = mse_derivative(Y, A1 @ W2.T + b2)\n"
        "    delta1 = delta2 @ W2\n"
        "    return [delta1.T @ X, delta1.sum(axis=0), delta2.T @ A1, delta2.sum(axis=0)]"
    ),
    # automatic differentiation
    "ad-ex-softplus": (
        "def softplus_t(t):  # composed of the engine's operations: exp overflows\n"
        "    return log(1 + exp(t))"
    ),
    "ad-ex-dual-divide": (
        "def dual_divide(x, y):  # the quotient rule with the sign of its numerator flipped\n"
        "    return Dual(x.value / y.value,\n"
        "                (x.value * y.tangent - x.tangent * y.value) / y.value**2)"
    ),
    "ad-ex-focal": (
        "def focal_gradient(Y, Z, zeta):  # the derivative of (1 - p)^zeta forgotten\n"
        "    p = sigmoid_array(Z)\n"
        "    return (Y * (1 - p) ** zeta * (p - 1) + (1 - Y) * p**zeta * p) / Z.size"
    ),
    "ad-ex-jacobian": 'passes = {"forward": 10, "reverse": 64}  # one pass per output in forward mode',
    # optimizers
    "opt-ex-nesterov": (
        "def nesterov_lookahead(gradient, start, eta, mu, steps):  # the heavy ball instead\n"
        "    theta, v = np.array(start, dtype=float), np.zeros(len(start))\n"
        "    thetas, velocities = [theta.copy()], [v.copy()]\n"
        "    for _ in range(steps):\n"
        "        v = mu * v - eta * gradient(theta)  # the gradient where we are\n"
        "        theta = theta + v\n"
        "        thetas.append(theta.copy())\n"
        "        velocities.append(v.copy())\n"
        "    return np.array(thetas), np.array(velocities)"
    ),
    "opt-ex-bias": "first_step_ratio = (1 - 0.9) / (1 - 0.999)  # the square root forgotten",
    "opt-ex-best-momentum": (
        "def momentum_rate(eta, mu, gammas):  # only the flattest direction looked at\n"
        "    return np.abs(momentum_roots(eta, mu, min(gammas))).max()"
    ),
    "opt-ex-adam-step": (
        "def adam_bound(t, beta1, beta2):  # the sum of Cauchy-Schwarz forgotten\n"
        "    return ((1 - beta1) * np.sqrt(1 - beta2**t)\n"
        "            / ((1 - beta1**t) * np.sqrt(1 - beta2)))"
    ),
    # training in practice
    "train-ex-explode": (
        "predicted_layer = int(np.ceil(1 + (log_limit - np.log(var_1))\n"
        "                              / np.log(ex_width)))  # the 1/2 of E[relu'^2] forgotten"
    ),
    "train-ex-logistic": (
        "def softmax_regression_gradient(W, b, X, labels, lam):  # the penalty forgotten\n"
        "    logits = X @ W.T + b\n"
        "    P = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
        "    P /= P.sum(axis=1, keepdims=True)\n"
        "    delta = (P - np.eye(W.shape[0])[labels]) / len(X)\n"
        "    return delta.T @ X, delta.sum(axis=0)"
    ),
    "train-ex-penalty": "test_chosen = val_acc[chosen]  # the validation score, not the test score",
    "train-ex-early-stopping": (
        "stopped_net = FeedForwardNetwork([64, 32, 10], 'relu', 'softmax', 'cross_entropy',\n"
        "                                 seed=0)  # the best weights not put back\n"
        "stopped_net.fit(X_train, y_train, epochs=epochs_run, batch_size=32, learning_rate=0.2)"
    ),
}


def chapter_exercises() -> dict[str, list[assignments.Exercise]]:
    numbers = assignments.chapter_numbers()
    return {
        path.stem: assignments.exercises(path.read_text(encoding="utf-8"), numbers.get(path.stem))
        for path in CHAPTERS
    }


def solution_blocks(text: str) -> dict[str, str]:
    return {
        assignments.SOLUTION_LABEL.match(m.group(0)).group(1): m.group(0)
        for m in student_edition.SOLUTION.finditer(text)
    }


def code_of(markdown: str) -> list[str]:
    return [
        c.source for c in jupytext.reads(markdown, fmt="md:myst").cells if c.cell_type == "code"
    ]


def bound_names(source: str) -> set[str]:
    """Names a cell binds: assignments, loops, functions, classes, arguments, imports."""
    source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("%"))
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return names


def used_names(source: str) -> set[str]:
    return {
        node.id
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_checks_are_tied_to_their_exercise(path: Path):
    text = path.read_text(encoding="utf-8")
    found = assignments.exercises(text)  # raises if an exercise has neither check nor mark
    labels = assignments.EXERCISE_LABEL.findall(text)
    assert [e.label for e in found] == labels
    for exercise in found:
        if exercise.check is None:
            assert exercise.reason, f"{exercise.label}: say why it is not checked"
            continue
        assert text.count(f"# check: {exercise.label}\n") == 1
        assert exercise.needed, f"{exercise.label}: its check names no answer (needed = [...])"
        # the exercise tells the student which names to define
        statement = re.search(
            rf"^(:{{3,}})\{{exercise\}}[^\n]*\n:label:\s*{re.escape(exercise.label)}\n(.*?)^\1$",
            text,
            re.MULTILINE | re.DOTALL,
        ).group(2)
        for name in exercise.needed:
            assert re.search(rf"`[^`\n]*\b{name}\b[^`\n]*`", statement), (
                f"the text of {exercise.label} does not name `{name}`, which its check uses"
            )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_checks_need_only_the_chapter_and_their_own_solution(path: Path):
    """In the notebook a check runs after the chapter and one answer, not after the others."""
    text = path.read_text(encoding="utf-8")
    solutions = solution_blocks(text)
    builtin = set(dir(builtins)) | {"__name__"}
    for exercise in assignments.exercises(text):
        if exercise.check is None:
            continue
        own = set().union(*(bound_names(code) for code in code_of(solutions[exercise.label])))
        # the chapter's own cells before this check: no solution, no other check
        before = text.split(f"# check: {exercise.label}\n")[0]
        before = student_edition.CHECK.sub("", student_edition.SOLUTION.sub("", before))
        chapter = set().union(*map(bound_names, code_of(before + "```\n")))
        unknown = used_names(exercise.check) - bound_names(exercise.check) - builtin
        unknown -= chapter | own
        assert not unknown, f"the check of {exercise.label} uses {sorted(unknown)}"
        absent = set(exercise.needed) - own
        assert not absent, f"the solution of {exercise.label} does not define {absent}"
        # the answer defines at least one name the chapter does not, so a stub fails
        assert set(exercise.needed) - chapter, (
            f"every name the check of {exercise.label} needs exists without the answer"
        )


def test_every_check_has_a_wrong_answer():
    checked = {e.label for found in chapter_exercises().values() for e in found if e.check}
    assert set(WRONG_ANSWERS) == checked


@pytest.fixture(scope="module")
def notebooks(made_assignments) -> dict[str, Path]:
    """The notebooks as ``make assignments`` writes them (conftest.py)."""
    return made_assignments


def test_every_chapter_with_exercises_gets_a_notebook(notebooks):
    assert set(notebooks) == {p.stem for p in CHAPTERS}
    assert set(notebooks) >= {
        "activations",
        "losses",
        "regularization",
        "analytical_warmup",
        "backpropagation",
    }


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_notebook_has_a_stub_and_a_check_per_exercise(path: Path, notebooks):
    text = path.read_text(encoding="utf-8")
    notebook = nbformat.read(notebooks[path.stem], as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    cells = notebook.cells
    for exercise in assignments.exercises(text, assignments.chapter_numbers().get(path.stem)):
        label = exercise.label
        mine = [c for c in cells if c.metadata.get("exercise") == label]
        stubs = [c for c in mine if "exercise-stub" in c.metadata.get("tags", [])]
        checks = [c for c in mine if "exercise-check" in c.metadata.get("tags", [])]
        assert len(stubs) == 1, f"{exercise.label}: {len(stubs)} stubs"
        assert "raise NotImplementedError" in stubs[0].source
        assert len(checks) == (exercise.check is not None), f"{exercise.label}: {len(checks)}"
        if checks:
            assert checks[0].source == exercise.check
            assert "remove-cell" not in checks[0].metadata["tags"]
            # the check comes right after the stub, under its heading
            i = cells.index(stubs[0])
            assert cells[i + 1].cell_type == "markdown" and cells[i + 2] is checks[0]
            assert "Check your answer" in cells[i + 1].source
        # the instructions, then the written answer, then the code
        i = cells.index(stubs[0])
        assert [c.id for c in cells[i - 2 : i]] == [f"answer-{label}", f"written-{label}"]
        assert f"Exercise {exercise.number}" in cells[i - 2].source
        assert f"### Exercise {exercise.number}" in "".join(c.source for c in cells)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_notebook_has_no_solution_and_no_myst_syntax(path: Path, notebooks):
    text = path.read_text(encoding="utf-8")
    notebook = nbformat.read(notebooks[path.stem], as_version=4)
    everything = "\n".join(c.source for c in notebook.cells)
    for label, block in solution_blocks(text).items():
        for code in code_of(block):
            assert code not in everything, f"the solution code of {label} is left"
        prose = [
            line.strip()
            for cell in jupytext.reads(block, fmt="md:myst").cells
            if cell.cell_type == "markdown"
            for line in cell.source.splitlines()
            if len(line.strip()) > 40 and not line.startswith(":")
        ]
        assert prose, f"{label}: the test expects solution prose"
        for line in prose:
            assert line not in everything, f"the solution of {label} is left: {line!r}"
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    for leftover in [
        r"\{[\w:-]+\}`",  # a role: {eq}`...`, {glue:text}`...`
        r"^:{3,}",  # a colon fence
        r"^`{3,}\{",  # a directive
        r"^\([\w.:-]+\)=",  # a label
        r"^% ",  # a MyST comment
    ]:
        found = re.findall(leftover + r".*", markdown, re.MULTILINE)
        assert not found, f"{path.stem}: MyST syntax left in the notebook: {found[:3]}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_solutions_in_place_of_the_stubs_give_the_chapter(path: Path, notebooks):
    """So the chapter, which nbval runs, is the notebook answered with the solutions."""
    text = path.read_text(encoding="utf-8")
    solutions = solution_blocks(text)
    notebook = nbformat.read(notebooks[path.stem], as_version=4)
    answered = []
    for cell in notebook.cells:
        if "exercise-stub" in cell.metadata.get("tags", []):
            answered.extend(code_of(solutions[cell.metadata["exercise"]]))
        elif cell.cell_type == "code":
            answered.append(cell.source)
    assert answered == [c.source for c in jupytext.read(path).cells if c.cell_type == "code"]


def test_the_markdown_shows_numbers_as_the_book_does():
    refs = assignments.references()
    converted = assignments.to_jupyter_markdown(
        "(x-sec)=\n## A section\n\n::::{exercise}\n:label: loss-ex-huber\n\nText.\n::::\n\n"
        "See {eq}`loss-eq-mse`, {numref}`loss-fig-line-fit`, {ref}`the notation <notation>`,\n"
        "{prf:ref}`act-prop-xor` and {glue:text}`loss_first_delta_err:.1e`.\n\n"
        "$$\nx = 1\n$$ (loss-eq-mse)\n\nRange\n: $(0, 1)$.\n\n% a comment\n",
        refs,
    )
    assert converted == (
        "## A section\n\n### Exercise 3.3\n\nText.\n\n"
        "See (3.2), Figure 3.2, the notation,\nProposition 2.1 and `loss_first_delta_err`.\n\n"
        "$$\nx = 1\n\\tag{3.2}\n$$\n\n**Range**: $(0, 1)$.\n"
    ).strip("\n")


def _expect(cell, error: str | None) -> str | None:
    """A message if the executed cell did not end as expected (error=None: no error)."""
    errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
    got = errors[0].ename if errors else None
    if got == error:
        return None
    detail = f": {errors[0].evalue}" if errors else ""
    return f"cell {cell.get('id')} ({cell.source.splitlines()[0]!r}): {got or 'no error'}{detail}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_executed_notebook_checks_fail_on_stubs_and_on_wrong_answers(path: Path, notebooks):
    """One run per chapter: first the notebook as a student gets it, then, appended, each
    exercise answered with its reference solution and with a wrong answer, and checked."""
    text = path.read_text(encoding="utf-8")
    solutions = solution_blocks(text)
    notebook = nbformat.read(notebooks[path.stem], as_version=4)
    given = len(notebook.cells)
    checks = {
        c.metadata["exercise"]: c.source
        for c in notebook.cells
        if "exercise-check" in c.metadata.get("tags", [])
    }
    expected = {}  # cell id -> the error it must end with (None: none)
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code":
            expected[cell.id] = (
                "NotImplementedError"
                if "exercise-stub" in tags
                else "AssertionError"
                if "exercise-check" in tags
                else None
            )
    for exercise in assignments.exercises(text):
        label = exercise.label
        added = [
            (f"solution-{label}-{k}", code, None)
            for k, code in enumerate(code_of(solutions[label]))
        ]
        if label in checks:
            added += [
                (f"passes-{label}", checks[label], None),
                (f"wrong-{label}", WRONG_ANSWERS[label], None),
                (f"fails-{label}", checks[label], "AssertionError"),
            ]
        for cell_id, source, error in added:
            tags = ["exercise-check"] if cell_id.startswith(("passes-", "fails-")) else []
            notebook.cells.append(
                nbformat.v4.new_code_cell(source, id=cell_id, metadata={"tags": tags})
            )
            expected[cell_id] = error
    # raises if a cell of the chapter, a solution or a wrong answer fails
    run = assignments.execute(notebook)
    problems = [
        message
        for cell in run.cells
        if cell.cell_type == "code" and (message := _expect(cell, expected[cell.id]))
    ]
    assert not problems, "\n".join(problems)
    # the checks of the notebook as given fail at their first assertion: a name is missing
    for cell in run.cells[:given]:
        if "exercise-check" in cell.metadata.get("tags", []):
            error = next(o for o in cell.outputs if o.output_type == "error")
            assert error.evalue.startswith("define "), (cell.metadata["exercise"], error.evalue)
    for cell in run.cells[given:]:
        if cell.id.startswith("passes-"):
            assert any("Check passed." in o.get("text", "") for o in cell.outputs), cell.id


# --- The notebooks as `make assignments` writes them: nothing left unrendered ---------

CITED_AS = assignments.citations()  # key -> (who, year)
UNRENDERED = {
    "a role": r"\{[\w:-]+\}`",  # {cite:t}`...`, {ref}`...`, {eq}`...`, {glue:text}`...`
    "a directive": r"^\s*(?:`{3,}|~{3,}|:{3,})\{",  # ```{note}, :::{exercise}
    "a colon fence": r"^:{3,}",
    "a label": r"^\([\w.:-]+\)=",
    "a MyST comment": r"^% ",
    "a citation with no year": r"\([^()\n]*, \)|\w \(\)",  # "(goldberg1991, )", "maas2013 ()"
}


def unrendered(markdown: str) -> list[str]:
    """What a reader of the notebook would see as MyST source or as a raw citation key."""
    found = [
        f"{what}: {match.group(0)!r}"
        for what, pattern in UNRENDERED.items()
        for match in re.finditer(pattern + r".{0,30}", markdown, re.MULTILINE)
    ]
    words = set(re.findall(r"[\w-]+", markdown))
    found += [f"a citation key: {key!r}" for key in sorted(set(CITED_AS) & words)]
    return found


def test_unrendered_finds_what_it_looks_for():
    refs = assignments.references()
    refs.citations = {}  # the defect "make assignments" once had: no citations after the run
    for shown in [
        "Floats overflow (goldberg1991, ): see {ref}`act-chapter`.",
        "ReLU's leaky form, maas2013 ().",
        "```{note}\nText\n```",
        ":::{exercise}\n:::",
    ]:
        assert unrendered(shown), shown
    assert not unrendered("Nielsen (2015) and (Goodfellow et al., 2016; Nielsen, 2015), f(x)")
    with pytest.raises(ValueError, match="unknown citation 'nielsen2015'"):
        assignments.to_jupyter_markdown("As {cite:t}`nielsen2015` shows.", refs)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_made_notebook_is_rendered_with_numbers_figures_and_citations(path: Path, notebooks):
    """The notebook of `make assignments`: every role, directive and citation rendered,
    every number and figure that the chapter glues (outside its solutions) filled in."""
    text = path.read_text(encoding="utf-8")
    notebook = nbformat.read(notebooks[path.stem], as_version=4)
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    problems = unrendered(markdown)
    assert not problems, f"{path.stem}: " + "; ".join(problems[:5])
    outside = student_edition.strip_solutions(text)
    cited = re.findall(r"\{cite:[tp]\}`([^`]+)`", outside)
    for key in {k.strip() for keys in cited for k in keys.split(",")}:
        who, year = CITED_AS[key]
        assert f"{who} ({year})" in markdown or f"{who}, {year}" in markdown, key
    keys = set(re.findall(r"\{glue(?::\w+)?\}`([A-Za-z_]\w*)", outside))
    assert keys and not [k for k in keys if f"`{k}`" in markdown], "a glued number is not filled"
    figures = re.findall(r"^`{3,}\{glue:figure\}\s+(\S+)", outside, re.MULTILINE)
    attached = [name for c in notebook.cells for name in c.get("attachments", {})]
    assert sorted(attached) == sorted(f"{key}.png" for key in figures)
    assert "come from running these cells" in notebook.cells[0].source


def test_notebooks_made_without_running_are_rendered_too(tmp_path):
    """``--no-run`` shows glued numbers by name (as code), and renders everything else."""
    for written in assignments.write_assignments(tmp_path, run=False):
        notebook = nbformat.read(written, as_version=4)
        markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
        problems = unrendered(markdown)
        assert not problems, f"{written.stem}: " + "; ".join(problems[:5])
