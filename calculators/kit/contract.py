"""The contract every calculator module keeps, written as code.

A calculator is a module shaped like the others (see the package's docstring). `Calculator`
lists what each one declares; the registry test checks every registered module against it and
names what is missing, and mypy checks the types. A part a calculator does not need is declared
all the same, with the shared default below, so no code ever has to ask whether a module has it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .errors import ConfigError
from .fields import Field, Table
from .report import Download, Report
from .schema import Record


@dataclass(frozen=True)
class JsonRows:
    """How a table calculator reads its rows from JSON files another tool saved."""

    description: str  # what such a file is, for the message when a JSON file is not one
    read: Callable[[Any], list[dict[str, Any]] | None]  # the rows, or None when the file is not one


class Calculator(Protocol):
    """What `calculators.get(name)` returns: one calculator module."""

    NAME: str  # the name in page directives and on the command line
    TITLE: str
    DATA_FILE: str | None  # its default data in calculators/data, or None
    DATA_SCHEMA: Record  # what the data file holds (see kit.schema): checked by settings(), shown to editors
    OPTIONS: dict[str, tuple[str, ...]]  # page option -> the values it takes, the first the default
    CSV_TABLE: str | None  # the table field a CSV file fills (browser import and command line)
    ACTIONS: dict[str, str]  # button name -> label, run by act()
    RECORD_FORMAT: str | None  # the "format" of a saved record whose "values" are its answers
    JSON_ROWS: JsonRows | None  # table rows from another tool's JSON files

    def settings(self, options: dict[str, str], data: dict[str, Any]) -> Any:
        """The checked settings from the page's options and the data file; ConfigError names a bad key."""

    def form(self, settings: Any) -> Sequence[Field | Table]:
        """The fields and tables of the form, in order: the page, the CSV template and the CLI use them."""

    def example(self, settings: Any) -> dict[str, Any]:
        """The worked example's raw values (the "Fill in the example" button; never a blank form's values)."""

    def read(self, values: dict[str, Any], settings: Any) -> Any:
        """Raw values -> the calculator's inputs, or InputErrors with every problem at once."""

    def calculate(self, inputs: Any, settings: Any) -> Any:
        """The arithmetic: inputs -> result, with no reading, writing or formatting."""

    def report(self, result: Any, settings: Any) -> Report:
        """What the page shows for a result (headline, figures, band, tables, charts)."""

    def downloads(self, inputs: Any, result: Any, settings: Any) -> list[Download]:
        """The files a result offers (CSV, Markdown), made only when the user asks for one."""

    def act(self, action: str, values: dict[str, Any], settings: Any) -> dict[str, Any]:
        """Run one of ACTIONS (a button other than Calculate) on the raw values."""

    def csv_template(self, settings: Any) -> str:
        """An empty CSV file with CSV_TABLE's columns, to fill in and import."""


MEMBERS = (
    *Calculator.__annotations__,
    "settings",
    "form",
    "example",
    "read",
    "calculate",
    "report",
    "downloads",
    "act",
    "csv_template",
)


def missing(module: object) -> list[str]:
    """The members of the contract a module does not declare (for the registry test's message)."""
    return [name for name in MEMBERS if name not in vars(module)]


def check_options(calc: Calculator, options: dict[str, Any]) -> dict[str, str]:
    """A page's options checked against what the calculator declares, with defaults filled in."""
    for key in options:
        if key not in calc.OPTIONS:
            takes = (
                f"the only option is {next(iter(calc.OPTIONS))!r}"
                if len(calc.OPTIONS) == 1
                else f"its options are {', '.join(calc.OPTIONS)}"
                if calc.OPTIONS
                else "it takes no options"
            )
            raise ConfigError(f"options.{key}", f"is not an option of this calculator; {takes}")
    checked = {}
    for key, allowed in calc.OPTIONS.items():
        value = options.get(key, allowed[0])
        if value not in allowed:
            raise ConfigError(f"options.{key}", f"must be one of {', '.join(allowed)}, not {value!r}")
        checked[key] = value
    return checked


# The shared defaults, for calculators that do not need their own.


def no_downloads(inputs: Any, result: Any, settings: Any) -> list[Download]:
    """No files of its own (run() still offers the user's answers to save)."""
    return []


def no_actions(action: str, values: dict[str, Any], settings: Any) -> dict[str, Any]:
    """No buttons of its own: act() reaches this only for a name not in ACTIONS."""
    raise ConfigError("action", f"there is no action {action!r}")


def no_csv_template(settings: Any) -> str:
    """No table, so no CSV template (act() offers one only to a calculator with a CSV_TABLE)."""
    raise ConfigError("CSV_TABLE", "this calculator does not take CSV files")


# The contract's defaults, as module-level names a calculator's form.py takes for the parts it does
# not declare itself, so each package still names every member (and a reader sees which are defaults):
#     from ..kit import contract
#     ACTIONS = contract.ACTIONS  # no buttons of its own
OPTIONS: dict[str, tuple[str, ...]] = {}  # no page options
CSV_TABLE: str | None = None  # no table filled from CSV files
ACTIONS: dict[str, str] = {}  # no buttons of its own
RECORD_FORMAT: str | None = None
JSON_ROWS: JsonRows | None = None
act = no_actions
csv_template = no_csv_template
downloads = no_downloads
