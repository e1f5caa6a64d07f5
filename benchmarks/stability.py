"""The cost of stability: nnmath's stable numerics against one ``np.exp``.

The stable forms (sign-split sigmoid, max-shifted softmax, binary cross-entropy from logits as
``max(z, 0) - z y + log1p(exp(-|z|))``) do more work than the naive formulas. The target: each
takes at most twice the time of one ``np.exp`` over the same 10^6-element float64 array.

Each call includes everything the public function does: the input checks (finite numbers,
labels in [0, 1]) as well as the formula. For reference the table also times a plain copy and
one ``np.abs`` (a single pass over the array), the input check alone, the naive formulas, and
two *floors*: the operations that any formula of the function needs, and nothing else, run
the cheapest way NumPy allows (in blocks that stay in the cache, with no check and no
stabilising step). A sigmoid needs an exponential and a division; binary cross-entropy from
logits needs an exponential and a logarithm. No NumPy formula can be faster than its floor,
so a floor above the target shows the target out of NumPy's reach on this machine.

Run: ``python -m benchmarks.stability`` from the repository root.
"""

import sys
import time
import timeit

import numpy as np

from nnmath.activations import sigmoid, sigmoid_derivative, softmax, softplus
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


def naive_softmax(z):
    # no max shift: overflows to inf / inf = nan from z = 710
    e = np.exp(z)
    e /= e.sum(axis=-1, keepdims=True)
    return e


def naive_softplus(z):
    with np.errstate(over="ignore"):  # inf from z = 710
        return np.log1p(np.exp(z))


BLOCK = 16384  # elements per block, as in nnmath's own blockwise kernels


def floor(*operations):
    """A call that applies the ufuncs ``operations`` in turn, in place, block by block.

    Not a formula of anything: the bare cost of those operations over the array, with the
    temporaries in the cache (the cheapest way to run several NumPy passes) and a new
    output array, as every function returns.
    """

    def call(z):
        out = np.empty_like(z)
        for start in range(0, z.size, BLOCK):
            block = out[start : start + BLOCK]
            operations[0](z[start : start + BLOCK], out=block)
            for operation in operations[1:]:
                operation(block, out=block)
        return out

    return call


def reciprocal(x, out):
    return np.divide(1.0, x, out=out)


sigmoid_floor = floor(np.exp, reciprocal)  # one exponential, one division
bce_floor = floor(np.exp, np.log1p)  # one exponential, one logarithm


def main():
    rng = np.random.default_rng(0)
    z = rng.normal(0.0, 10.0, size=SIZE)  # both signs, many saturated entries
    y = rng.integers(0, 2, size=SIZE).astype(np.float64)
    rows = z.reshape(ROWS, COLUMNS)
    minus_abs_z = -np.abs(z)  # what the logarithm of BCE from logits sees: log1p(exp(-|z|))

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
        ("softplus(z)", lambda: softplus(z), None),
        ("naive 1 / (1 + exp(-z)), for comparison", lambda: naive_sigmoid(z), None),
        ("naive exp(z) / sum exp(z), rows, for comparison", lambda: naive_softmax(rows), None),
        ("naive log1p(exp(z)), for comparison", lambda: naive_softplus(z), None),
        ("floor of sigmoid: exp, then 1 / x, in blocks", lambda: sigmoid_floor(z), None),
        ("floor of BCE from logits: exp, then log1p", lambda: bce_floor(minus_abs_z), None),
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
    results["floors"] = {
        "sigmoid": passes["floor of sigmoid: exp, then 1 / x, in blocks"],
        "binary_cross_entropy_with_logits": passes["floor of BCE from logits: exp, then log1p"],
    }
    print(
        f"\nOne elementwise pass costs {one_pass:.2f} np.exp here; the stable forms need several "
        f"passes and an exp\n(the input check alone costs "
        f"{passes['reference: np.isfinite(z).all(), the input check']:.2f}). Floors, with no "
        f"check and no stabilising step: sigmoid {results['floors']['sigmoid']:.2f}, "
        f"BCE from logits {results['floors']['binary_cross_entropy_with_logits']:.2f}.\n"
        f"Targets met: {sum(c['meets'] is True for c in results['cases'])} of "
        f"{sum(c['meets'] is not None for c in results['cases'])}."
    )
    return results


if __name__ == "__main__":
    main()
    sys.exit(0)
