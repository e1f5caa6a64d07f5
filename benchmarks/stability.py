"""The cost of stability: each stable kernel of nnmath against the naive formula it replaces.

The stable forms (the sign-split sigmoid, the max-shifted softmax, the log-sum-exp, binary
cross-entropy from logits as ``max(z, 0) - z y + log1p(exp(-|z|))``) do a little more work
than the textbook formulas, which overflow or lose all precision for large inputs. The target:
each stable kernel takes at most twice the time of the naive formula on the same array of 10^6
float64 numbers. Both sides are bare formulas: the kernels of ``nnmath.activations.KERNELS``
and ``nnmath.losses.KERNELS`` (no input checks), and the naive formulas written here with
NumPy. The public functions, checks included, are timed too, for reference.

Run: ``python -m benchmarks.stability`` from the repository root; ``python -m benchmarks``
also writes the table into ``benchmarks/README.md``.
"""

import os
import platform
import sys
import time
import timeit

import numpy as np

from nnmath import activations, losses

SIZE = 10**6
ROWS, COLUMNS = 10**4, 100  # the softmax family along the last axis of the same 10^6 numbers
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


# The naive formulas: each function's definition as a textbook writes it, which overflows or
# loses every digit for large |z| (never on the benchmark's array, drawn so that it does not).


def naive_sigmoid(z):
    return 1 / (1 + np.exp(-z))  # exp(-z) overflows for z < -709


def naive_sigmoid_derivative(z):
    s = naive_sigmoid(z)
    return s * (1 - s)  # 0 in both tails, where the true value is tiny but not 0


def naive_tanh_derivative(z):
    return 1 - np.tanh(z) ** 2  # 0 in both tails


def naive_softplus(z):
    return np.log(1 + np.exp(z))  # inf from z = 710


def naive_softmax(z):
    e = np.exp(z)  # inf from z = 710, then inf / inf = nan
    return e / e.sum(axis=-1, keepdims=True)


def naive_log_softmax(z):
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def naive_bce_with_logits(y, z):
    p = naive_sigmoid(z)  # log(0) = -inf once p rounds to 0 or 1, from |z| of about 37
    return np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))


def naive_bce_with_logits_derivative(y, z):
    return (naive_sigmoid(z) - y) / z.size


def naive_softmax_cross_entropy(Y, Z):
    return -np.mean(np.sum(Y * np.log(naive_softmax(Z)), axis=1))


def naive_softmax_cross_entropy_derivative(Y, Z):
    return (naive_softmax(Z) - Y) / Z.shape[0]


def cases(z, y, rows, onehot):
    """(name, naive formula, arguments) for every stable kernel, each on the arrays it takes."""
    return [
        ("sigmoid", naive_sigmoid, (z,)),
        ("sigmoid_derivative", naive_sigmoid_derivative, (z,)),
        ("tanh_derivative", naive_tanh_derivative, (z,)),
        ("softplus", naive_softplus, (z,)),
        ("softmax", naive_softmax, (rows,)),
        ("log_softmax", naive_log_softmax, (rows,)),
        ("binary_cross_entropy_with_logits", naive_bce_with_logits, (y, z)),
        (
            "binary_cross_entropy_with_logits_derivative",
            naive_bce_with_logits_derivative,
            (y, z),
        ),
        ("softmax_cross_entropy", naive_softmax_cross_entropy, (onehot, rows)),
        (
            "softmax_cross_entropy_derivative",
            naive_softmax_cross_entropy_derivative,
            (onehot, rows),
        ),
    ]


def main():
    rng = np.random.default_rng(0)
    # N(0, 5^2): both signs, some saturated entries, and no overflow in the naive formulas
    # (|z| stays far below 709), so that both sides compute the same numbers
    z = rng.normal(0.0, 5.0, size=SIZE)
    y = rng.integers(0, 2, size=SIZE).astype(np.float64)
    rows = z.reshape(ROWS, COLUMNS)
    onehot = np.eye(COLUMNS)[rng.integers(0, COLUMNS, size=ROWS)]

    print(
        f"Cost of stability: 10^6 float64 numbers (softmax family: {ROWS} rows of {COLUMNS}), "
        f"CPU time, best of {REPEAT} x {NUMBER} calls"
    )
    header = (
        f"{'kernel':<44} {'stable ms':>9} {'naive ms':>9} {'ratio':>6}  meets  {'public ms':>9}"
    )
    print(header)
    print("-" * len(header))
    results = {"target": TARGET, "machine": machine(), "cases": [], "missed": []}
    with np.errstate(all="raise"):  # no overflow or underflow on these numbers, stable or naive
        for name, naive, arguments in cases(z, y, rows, onehot):
            module = activations if name in activations.KERNELS else losses
            kernel, public = module.KERNELS[name], getattr(module, name)
            stable_s = best_time(lambda: kernel(*arguments))  # noqa: B023 (timed right here)
            naive_s = best_time(lambda: naive(*arguments))  # noqa: B023
            public_s = best_time(lambda: public(*arguments))  # noqa: B023
            ratio = stable_s / naive_s
            meets = bool(ratio <= TARGET)
            print(
                f"{name:<44} {stable_s * 1e3:>9.2f} {naive_s * 1e3:>9.2f} {ratio:>6.2f}  "
                f"{'yes' if meets else 'NO':>5}  {public_s * 1e3:>9.2f}"
            )
            results["cases"].append(
                {
                    "name": name,
                    "stable_ms": stable_s * 1e3,
                    "naive_ms": naive_s * 1e3,
                    "ratio": ratio,
                    "public_ms": public_s * 1e3,
                    "meets": meets,
                }
            )
            if not meets:
                results["missed"].append(f"stability: {name} ({ratio:.2f} x the naive formula)")
    met = sum(case["meets"] for case in results["cases"])
    print(f"\nTarget: stable at most {TARGET:g} x naive. Met: {met} of {len(results['cases'])}.")
    return results


def machine():
    """The processor and the versions the figures were measured with, in words."""
    processor = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            names = [
                line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")
            ]
        processor = names[0] if names else processor
    except OSError:  # not Linux
        pass
    return (
        f"{processor}, {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()} "
        f"cores, Python {platform.python_version()}, NumPy {np.__version__}"
    )


def markdown(results):
    """The results as the Markdown table of ``benchmarks/README.md``."""
    lines = [
        "| kernel | stable (ms) | naive (ms) | ratio | public (ms) |",
        "|---|---:|---:|---:|---:|",
    ]
    for case in results["cases"]:
        ratio = f"{case['ratio']:.2f}" + ("" if case["meets"] else " **(not met)**")
        lines.append(
            f"| `{case['name']}` | {case['stable_ms']:.2f} | {case['naive_ms']:.2f} | {ratio} | "
            f"{case['public_ms']:.2f} |"
        )
    met = sum(case["meets"] for case in results["cases"])
    lines += [
        "",
        (
            f"Target met by {met} of {len(results['cases'])} kernels. Measured on "
            f"{results['machine']}; CPU times, best of {REPEAT} repeats of {NUMBER} calls. "
            f"*Ratio*: stable / naive, at most {TARGET:g} by the target; *public*: the public "
            "function, input checks included."
        ),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
    sys.exit(0)
