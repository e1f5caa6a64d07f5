"""Timings of nnmath, kept out of the tests: ``make benchmarks`` (``python -m benchmarks``).

Modules
-------
stability           the cost of the stable numerics, as a ratio to one ``np.exp``
network_vs_sklearn  nnmath's network against scikit-learn's ``MLPClassifier`` on the digits

Each module has a ``main()`` that prints a table and returns a dict of results, and runs on
its own with ``python -m benchmarks.<module>``. Timings are best-of-N CPU times of the process
(``time.process_time``); on a shared machine run them twice and trust the better figures.
"""

import json
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def save(name, results):
    """Write ``results`` to ``benchmarks/results/<name>.json`` (ignored by git)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return path
