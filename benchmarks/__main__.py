"""Run every benchmark: ``python -m benchmarks`` from the repository root (``make benchmarks``)."""

import sys

from benchmarks import network_vs_sklearn, stability


def main():
    results = [stability.main(), network_vs_sklearn.main()]
    missed = [name for result in results for name in result["missed"]]
    print()
    if missed:
        print("Targets missed: " + ", ".join(missed))
    else:
        print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
