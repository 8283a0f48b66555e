"""`python -m calculators NAME ...` runs any calculator's command line; `python -m calculators` lists them."""

import sys

from . import CALCULATORS
from ._cli import main as run_calculator


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in CALCULATORS:
        print(
            "usage: python -m calculators NAME [INPUT] [options]\ncalculators: " + ", ".join(sorted(CALCULATORS)),
            file=sys.stderr,
        )
        return 2
    return run_calculator(sys.argv[1], sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
