"""The comparison's form: the DfE's indicators file (its text, read in the browser) and the council
to compare; the worked example (England's published figures from the data file, as a file in the
department's shape); and the answers read into Inputs."""

from __future__ import annotations

from typing import Any

from ..io.csv_files import write_csv
from ..io.limits import MAX_BYTES
from ..kit import contract
from ..kit.errors import FieldError, InputErrors
from ..kit.fields import Field, Reader
from ..kit.text import plain_number
from .indicators import FILE_FIELD, read_indicators
from .rule import Inputs
from .settings import Settings

# The contract's defaults, for the parts this calculator does not have (see kit.contract).
OPTIONS = contract.OPTIONS
CSV_TABLE = contract.CSV_TABLE
ACTIONS = contract.ACTIONS
RECORD_FORMAT = contract.RECORD_FORMAT
JSON_ROWS = contract.JSON_ROWS
act = contract.act
csv_template = contract.csv_template

FIELDS = (
    Field(
        FILE_FIELD,
        "The DfE's indicators file",
        "file",
        required=False,
        hint="The CSV file 'Indicators (in post, starters, leavers, agency workers, vacancies, caseload and "
        "absence)' from the DfE's data catalogue, as downloaded (for example csww_indicators_2017_to_2023.csv). "
        "It is read in this browser and never uploaded.",
        group="Published figures",
    ),
    Field(
        "council",
        "Your council",
        "text",
        required=False,
        hint="Choose it from the list once the file is read: the list is the councils the file names.",
        group="Published figures",
    ),
)


def form(s: Settings) -> tuple[Field, ...]:
    """The file and the council."""
    return FIELDS


def example(s: Settings) -> dict[str, Any]:
    """England's figures from the data file, written as the department's file writes them (no council:
    the example holds no council's figures, which only the user's file gives)."""
    c = s.columns
    rows = [
        {
            c["year"]: str(e.year),
            c["level"]: s.levels["national"],
            c["region"]: "",
            c["council"]: "",
            c["vacancy_rate"]: _cell(e.vacancy_rate),
            c["agency_rate"]: _cell(e.agency_rate),
            c["turnover_rate"]: _cell(e.turnover_rate),
            c["caseload"]: "",
            c["absence_rate"]: "",
        }
        for e in s.england
    ]
    return {FILE_FIELD: write_csv(rows, list(c.values())), "council": ""}


def _cell(value: float | None) -> str:
    return "x" if value is None else plain_number(value)


def read(values: dict[str, Any], s: Settings) -> Inputs:
    """The file's figures and the council, naming what is wrong with either."""
    r = Reader(values)
    by_name = {f.name: f for f in FIELDS}
    text = r.text(by_name[FILE_FIELD], max_length=MAX_BYTES)
    council = r.text(by_name["council"], max_length=200)
    if not text:
        r.error(FILE_FIELD, "Choose the DfE's indicators file (a CSV file)")
    r.done()
    indicators = read_indicators(text, s.columns, s.levels)
    if council and council not in indicators.councils:
        raise InputErrors(
            [FieldError("council", f"The file has no council called {council[:60]!r}: choose one from the list")]
        )
    return Inputs(indicators, council)
