"""The workforce calculator's form: its fields with the worked example's figures, the example, and the
answers read into Inputs (checked in settings.py, which checks the data file's example the same way)."""

from __future__ import annotations

from typing import Any

from ..kit import contract
from ..kit.fields import Field
from .rule import Inputs
from .settings import Settings, check_answers, fields

# The contract's defaults, for the parts this calculator does not have (see kit.contract).
OPTIONS = contract.OPTIONS
CSV_TABLE = contract.CSV_TABLE
ACTIONS = contract.ACTIONS
RECORD_FORMAT = contract.RECORD_FORMAT
JSON_ROWS = contract.JSON_ROWS
act = contract.act
csv_template = contract.csv_template


def form(s: Settings) -> tuple[Field, ...]:
    """The service's figures, with the data file's example as hints."""
    return fields(s)


def example(s: Settings) -> dict[str, Any]:
    """The worked example's figures."""
    return {f.name: f.default for f in form(s)}


def read(values: dict[str, Any], s: Settings) -> Inputs:
    """The figures as numbers, naming each one missing, out of range or inconsistent."""
    return Inputs(**check_answers(values, s))
