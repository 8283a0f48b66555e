"""The admin support calculator's form: its fields with the data file's defaults, the worked example,
and the answers read into Inputs."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..kit import contract
from ..kit.fields import Field, Reader, known
from ..kit.text import fmt_number, plain_number
from .rule import Inputs
from .settings import FIELD_NAMES, FIELDS, MUST_BE_POSITIVE, Settings

# The contract's defaults, for the parts this calculator does not have (see kit.contract).
OPTIONS = contract.OPTIONS
CSV_TABLE = contract.CSV_TABLE
ACTIONS = contract.ACTIONS
RECORD_FORMAT = contract.RECORD_FORMAT
JSON_ROWS = contract.JSON_ROWS
act = contract.act
csv_template = contract.csv_template


def _fields(defaults: dict[str, float]) -> tuple[Field, ...]:
    return tuple(replace(f, default=plain_number(defaults[f.name]) if f.name in defaults else "") for f in FIELDS)


def form(s: Settings) -> tuple[Field, ...]:
    """The form's fields, with the data file's defaults as hints."""
    return _fields(s.defaults)


def example(s: Settings) -> dict[str, Any]:
    """The worked example's answers: the pilot's figures."""
    return {f.name: f.default for f in form(s)}


def read(values: dict[str, Any], s: Settings) -> Inputs:
    """Turn the form's raw answers into numbers, naming every field that is missing or out of range."""
    r = Reader(values)
    fields = {f.name: f for f in form(s)}
    got = {name: r.number(fields[name]) for name in FIELD_NAMES}
    for name in MUST_BE_POSITIVE:
        if got[name] == 0:
            r.error(name, f"{fields[name].label} must be more than 0")
    transferable, family = got["transferable_percent"], got["family_time_percent"]
    if transferable is not None and family is not None and transferable + family > 100:
        r.error(
            "transferable_percent",
            f"{fields['transferable_percent'].label} ({fmt_number(transferable)}%) and time with children "
            f"and families ({fmt_number(family)}%) must add up to 100% or less",
        )
    r.done()
    checked: dict[str, Any] = {name: known(value) for name, value in got.items()}
    return Inputs(**checked)
