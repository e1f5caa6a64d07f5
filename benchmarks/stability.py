"""The cost of stability: each stable kernel of nnmath against the naive formula it replaces.

The stable forms (the sign-split sigmoid, the max-shifted softmax, the log-sum-exp, binary
cross-entropy from logits as ``max(z, 0) - z y + log1p(exp(-|z|))``) do a little more work
than the textbook formulas, which overflow or lose all precision for large inputs. The target:
each stable kernel takes at most twice the time of the naive formula on the same array of 10^6
float64 numbers. Both sides are bare formulas: the kernels of ``nnmath.activations.KERNELS``
and ``nnmath.losses.KERNELS`` (no input checks), and the naive formulas written here with
NumPy. The public functions, checks included, are timed too, for reference.

Two rules make the comparison fair to every kernel alike:

* **Memory is reused from one call to the next.** Each NumPy operation writes a new array,
  here of 8 MB. glibc's ``malloc`` gives freed blocks that large back to the operating system
  once about two of them are free together (its trim threshold, which it derives from the
  blocks the process freed before), and the next call gets fresh pages, which the system
  zeroes on first touch, a page fault each: about 3 ms for two arrays, more than the
  arithmetic. Whether a formula paid it depended on how many arrays it held at once and on
  what ran before it, not on its work. The naive log-softmax, one temporary at a time, never
  paid it; the stable one and the naive softmax paid it on every call, so the log-softmax
  measured 2.7 to 4 times its naive formula and the softmax looked cheaper than it is. The
  benchmark therefore tells ``malloc`` to keep the memory freed (:func:`keep_freed_memory`:
  no ``mmap``, no trimming), and every formula, stable or naive, works in the memory its
  previous call used, as the arrays of a training loop, whose sizes repeat, do. What is left
  to measure is the arithmetic and the passes over memory. Without glibc the memory is as
  the allocator gives it, and the table says so.
* **The three versions of a kernel are timed in turn.** Each of ``REPEAT`` rounds times
  ``NUMBER`` calls of the stable kernel, then of the naive formula, then of the public
  function, and each keeps its best round, so that a burst of load from other programs on
  the machine falls on all three alike.

Run: ``python -m benchmarks.stability`` from the repository root; ``python -m benchmarks``
also writes the table into ``benchmarks/README.md``.
"""

import ctypes
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


def best_times(functions, repeat=REPEAT, number=NUMBER):
    """Best CPU seconds per call of each function, over ``repeat`` rounds that time them in turn.

    Each round times ``number`` calls of every function, one after the other. CPU time of the
    process (``time.process_time``: NumPy's elementwise functions run on one thread), which
    other programs running on the machine barely disturb.
    """
    best = [float("inf")] * len(functions)
    for _ in range(repeat):
        for k, function in enumerate(functions):
            seconds = timeit.timeit(function, number=number, timer=time.process_time)
            best[k] = min(best[k], seconds / number)
    return best


# malloc's tuning parameters, from glibc's <malloc.h>
M_TRIM_THRESHOLD, M_MMAP_MAX = -1, -4


def keep_freed_memory():
    """Have glibc's ``malloc`` keep the memory freed in this process; True if it could.

    With ``mmap`` switched off, every array comes from the heap, and with the trim threshold
    at its largest, the heap is never given back to the operating system: a freed array's
    memory serves the next array, and no call pays page faults that another does not.
    """
    if platform.libc_ver()[0] != "glibc":
        return False
    mallopt = ctypes.CDLL(None).mallopt
    return mallopt(M_MMAP_MAX, 0) == 1 and mallopt(M_TRIM_THRESHOLD, 2**31 - 1) == 1


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
    reused = keep_freed_memory()
    rng = np.random.default_rng(0)
    # N(0, 5^2): both signs, some saturated entries, and no overflow in the naive formulas
    # (|z| stays far below 709), so that both sides compute the same numbers
    z = rng.normal(0.0, 5.0, size=SIZE)
    y = rng.integers(0, 2, size=SIZE).astype(np.float64)
    rows = z.reshape(ROWS, COLUMNS)
    onehot = np.eye(COLUMNS)[rng.integers(0, COLUMNS, size=ROWS)]

    print(
        f"Cost of stability: 10^6 float64 numbers (softmax family: {ROWS} rows of {COLUMNS}), "
        f"CPU time, best of {REPEAT} x {NUMBER} calls, "
        f"{'memory reused between calls' if reused else 'memory as the allocator gives it'}"
    )
    header = (
        f"{'kernel':<44} {'stable ms':>9} {'naive ms':>9} {'ratio':>6}  meets  {'public ms':>9}"
    )
    print(header)
    print("-" * len(header))
    results = {
        "target": TARGET,
        "machine": machine(),
        "memory_reused": reused,
        "cases": [],
        "missed": [],
    }
    with np.errstate(all="raise"):  # no overflow or underflow on these numbers, stable or naive
        for name, naive, arguments in cases(z, y, rows, onehot):
            module = activations if name in activations.KERNELS else losses
            kernel, public = module.KERNELS[name], getattr(module, name)
            stable_s, naive_s, public_s = best_times(
                [
                    lambda: kernel(*arguments),  # noqa: B023 (timed right here)
                    lambda: naive(*arguments),  # noqa: B023
                    lambda: public(*arguments),  # noqa: B023
                ]
            )
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
    memory = (
        "memory reused between calls"
        if results["memory_reused"]
        else "memory as the allocator gives it (not glibc)"
    )
    lines += [
        "",
        (
            f"Target met by {met} of {len(results['cases'])} kernels. Measured on "
            f"{results['machine']}; CPU times, best of {REPEAT} rounds of {NUMBER} calls, "
            f"{memory} (see `stability.py`). *Ratio*: stable / naive, at most {TARGET:g} by "
            "the target; *public*: the public function, input checks included."
        ),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
    sys.exit(0)
