"""Timings of nnmath, kept out of the tests: ``make benchmarks`` (``python -m benchmarks``).

Modules
-------
stability           each stable kernel against the naive formula it replaces
network_vs_sklearn  nnmath's network against scikit-learn's ``MLPClassifier`` on the digits

Each module has a ``main()`` that prints a table and returns a dict of results, and runs on
its own with ``python -m benchmarks.<module>``. A module with a ``markdown(results)`` function
also has its table in ``README.md``, between the lines ``<!-- results of <module> -->`` and
``<!-- end of results of <module> -->``, which ``python -m benchmarks`` rewrites: the figures
on the book's Benchmarks page are the output of the last run, never typed by hand. Timings are
best-of-N CPU times of the process (``time.process_time``); on a shared machine run them twice
and keep the better figures.
"""

import json
import re
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
README = Path(__file__).parent / "README.md"


def save(name, results):
    """Write ``results`` to ``benchmarks/results/<name>.json`` (ignored by git)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return path


def write_readme(name, text):
    """Replace the results of benchmark ``name`` in ``README.md`` by ``text`` (Markdown)."""
    readme = README.read_text(encoding="utf-8")
    start, end = f"<!-- results of {name} -->\n", f"<!-- end of results of {name} -->"
    block = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if not block.search(readme):
        raise ValueError(f"{README} has no lines {start.strip()} ... {end}")
    README.write_text(block.sub(lambda _: start + text + "\n" + end, readme), encoding="utf-8")
    return README
