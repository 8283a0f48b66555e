"""`python -m calculators NAME ...` runs any calculator's command line; `python -m calculators` lists them."""

import sys

from .hosts.cli import main as run_calculator
from .registry import CALCULATORS


def main(argv: list[str] | None = None) -> int:
    """`python -m calculators NAME ...`: run the named calculator's command line; returns the exit code."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in CALCULATORS:
        print(
            "usage: python -m calculators NAME [INPUT] [options]\ncalculators: " + ", ".join(sorted(CALCULATORS)),
            file=sys.stderr,
        )
        return 2
    return run_calculator(args[0], args[1:])


if __name__ == "__main__":
    raise SystemExit(main())
