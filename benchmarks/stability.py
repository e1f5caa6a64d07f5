"""The cost of stability: nnmath's stable numerics against one ``np.exp``.

The stable forms (sign-split sigmoid, max-shifted softmax, binary cross-entropy from logits as
``max(z, 0) - z y + log1p(exp(-|z|))``) do more work than the naive formulas. The target: each
takes at most twice the time of one ``np.exp`` over the same 10^6-element float64 array.

Each call includes everything the public function does: the input checks (finite numbers,
labels in [0, 1]) as well as the formula. For reference the table also times a plain copy and
one ``np.abs`` (a single pass over the array), the input check alone, and the naive sigmoid:
with NumPy every elementwise pass costs a sizeable fraction of an ``np.exp``, which bounds how
close to the target a formula of several passes can come.

Run: ``python -m benchmarks.stability`` from the repository root.
"""

import sys
import time
import timeit

import numpy as np

from nnmath.activations import sigmoid, sigmoid_derivative, softmax
from nnmath.losses import (
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_derivative,
)

SIZE = 10**6
ROWS, COLUMNS = 10**4, 100  # softmax along the last axis of the same 10^6 numbers
TARGET = 2.0
REPEAT, NUMBER = 7, 5


def best_time(function, repeat=REPEAT, number=NUMBER):
    """Best-of-``repeat`` CPU seconds per call, each repeat timing ``number`` calls.

    CPU time of the process (``time.process_time``: NumPy's elementwise functions run on one
    thread), which other programs running on the machine barely disturb.
    """
    return (
        min(timeit.repeat(function, repeat=repeat, number=number, timer=time.process_time)) / number
    )


def naive_sigmoid(z):
    with np.errstate(over="ignore"):  # overflows for z < -709: the reason for the stable form
        return 1.0 / (1.0 + np.exp(-z))


def main():
    rng = np.random.default_rng(0)
    z = rng.normal(0.0, 10.0, size=SIZE)  # both signs, many saturated entries
    y = rng.integers(0, 2, size=SIZE).astype(np.float64)
    rows = z.reshape(ROWS, COLUMNS)

    cases = [  # (name, call, target ratio or None for reference only)
        ("sigmoid(z)", lambda: sigmoid(z), TARGET),
        (f"softmax(z), shape ({ROWS}, {COLUMNS}), axis -1", lambda: softmax(rows, axis=-1), TARGET),
        (
            "binary_cross_entropy_with_logits(y, z)",
            lambda: binary_cross_entropy_with_logits(y, z),
            TARGET,
        ),
        (
            "binary_cross_entropy_with_logits_derivative(y, z)",
            lambda: binary_cross_entropy_with_logits_derivative(y, z),
            TARGET,
        ),
        ("sigmoid_derivative(z)", lambda: sigmoid_derivative(z), None),
        ("naive 1 / (1 + exp(-z)), for comparison", lambda: naive_sigmoid(z), None),
        ("reference: np.isfinite(z).all(), the input check", lambda: np.isfinite(z).all(), None),
        ("reference: z.copy(), one pass", lambda: z.copy(), None),
        ("reference: np.abs(z), one pass", lambda: np.abs(z), None),
    ]
    exp_time = best_time(lambda: np.exp(z))
    print(f"Cost of stability: 10^6 float64 values, CPU time, best of {REPEAT} x {NUMBER} calls")
    print(f"np.exp(z): {exp_time * 1e3:.2f} ms (the unit of the ratios)\n")
    header = f"{'function':<52} {'ms':>7} {'/ np.exp':>9} {'target':>7}  meets"
    print(header)
    print("-" * len(header))
    results = {"exp_ms": exp_time * 1e3, "target": TARGET, "cases": [], "missed": []}
    for name, call, target in cases:
        seconds = best_time(call)
        ratio = seconds / exp_time
        meets = None if target is None else bool(ratio <= target)
        verdict = "" if target is None else ("yes" if meets else "NO")
        target_text = "" if target is None else f"<= {target:.1f}"
        print(f"{name:<52} {seconds * 1e3:>7.2f} {ratio:>9.2f} {target_text:>7}  {verdict}")
        results["cases"].append(
            {"name": name, "ms": seconds * 1e3, "ratio": ratio, "target": target, "meets": meets}
        )
        if meets is False:
            results["missed"].append(f"stability: {name} ({ratio:.2f} x np.exp)")
    passes = {case["name"]: case["ratio"] for case in results["cases"]}
    one_pass = passes["reference: np.abs(z), one pass"]
    print(
        f"\nOne elementwise pass costs {one_pass:.2f} np.exp here; the stable forms need several "
        f"passes and an exp\n(the input check alone costs "
        f"{passes['reference: np.isfinite(z).all(), the input check']:.2f}). "
        f"Targets met: {sum(c['meets'] is True for c in results['cases'])} of "
        f"{sum(c['meets'] is not None for c in results['cases'])}."
    )
    return results


if __name__ == "__main__":
    main()
    sys.exit(0)
