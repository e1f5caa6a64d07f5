"""Run every benchmark: ``python -m benchmarks`` from the repository root (``make benchmarks``).

Prints each benchmark's table, writes its figures to ``benchmarks/results/<name>.json``
(ignored by git) and, for a benchmark with a ``markdown`` function, its table into
``benchmarks/README.md``; ends with the targets met or missed. The exit status is 0 either way:
timings depend on the machine, and a missed target is a finding to report, not a crash.
"""

import sys

from benchmarks import network_vs_sklearn, save, stability, write_readme


def main():
    missed = []
    # stability last: it tells malloc to keep the memory the process frees, for the rest of it
    for name, module in [("network_vs_sklearn", network_vs_sklearn), ("stability", stability)]:
        print(f"\n=== {name} ===")
        results = module.main()
        print(f"(figures written to {save(name, results)})")
        if hasattr(module, "markdown"):
            print(f"(table written to {write_readme(name, module.markdown(results))})")
        missed += results["missed"]
    print()
    if missed:
        print("Targets missed:\n  " + "\n  ".join(missed))
    else:
        print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
