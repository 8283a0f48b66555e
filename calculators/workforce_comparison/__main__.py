"""`python -m calculators.workforce_comparison`: the command line for this calculator."""

from ..hosts.cli import main
from .rule import NAME

raise SystemExit(main(NAME))
