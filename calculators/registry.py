"""The calculators there are, by the name page directives and the command line use, and each one's
checked settings (from a council's data file, or the default)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any, cast

from .kit.contract import Calculator, check_options
from .kit.data import load_data
from .kit.errors import ConfigError


def _discovered() -> dict[str, str]:
    """Every folder of calculators/ holding a rule.py is a calculator, named after its folder, so
    adding one needs no list edited (tests/calculators/test_registry.py checks NAME matches)."""
    package = Path(__file__).parent
    return {p.name: f"calculators.{p.name}" for p in sorted(package.iterdir()) if (p / "rule.py").is_file()}


# name used in page directives and on the command line -> module
CALCULATORS: dict[str, str] = _discovered()


def get(name: str) -> Calculator:
    """The calculator module registered under `name` (as in page directives and on the command line)."""
    if name not in CALCULATORS:
        raise ConfigError("calculator", f"unknown calculator {name!r}; choose one of: {', '.join(sorted(CALCULATORS))}")
    return cast(Calculator, importlib.import_module(CALCULATORS[name]))  # tests/calculators/test_registry.py checks it


def prepare(
    name: str, options: dict[str, Any] | None = None, data: dict[str, Any] | None = None
) -> tuple[Calculator, Any]:
    """The calculator module and its checked settings (from a council's data, or the default).
    The page's options are checked here, once, against the calculator's OPTIONS."""
    key = (name, json.dumps(options or {}, sort_keys=True), json.dumps(data, sort_keys=True))
    if key not in _prepared:
        calc = get(name)
        if data is None and calc.DATA_FILE:
            data = load_data(calc.DATA_FILE)
        if len(_prepared) >= 64:  # a page has a handful of calculators; keep the memo small
            _prepared.clear()
        _prepared[key] = (calc, calc.settings(check_options(calc, options or {}), data or {}))
    return _prepared[key]


# Settings are frozen dataclasses, so one checked copy per (calculator, options, data) is safe to
# share; re-reading and re-checking the data file on every keystroke would double the work.
_prepared: dict[tuple[str, str, str], tuple[Calculator, Any]] = {}
