"""The fields a calculator's form is made of (Field, Choice, Table) and the Reader that turns raw
input into checked values, reporting every problem at once.

Standard library only: this module runs natively (tests, command line) and in the
browser through Pyodide, so both give the same answers and the same messages.

Raw input is always one shape, whether it comes from a web form, a JSON file or a CSV row:
a dict of field name -> value (usually a string), and for a table field a list of such dicts.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from .errors import FieldError, InputErrors, row_error, unknown_name_message
from .text import fmt_number, lower_first

# The largest number any field accepts unless it says otherwise: big enough for any
# council's real figures, small enough to catch a slip of the keyboard.
DEFAULT_MAXIMUM = 1_000_000

T = TypeVar("T")


@dataclass(frozen=True)
class Choice:
    """One answer a choice field offers: the value stored, the label shown, and an optional hint."""

    value: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Field:
    """One input. The web form is rendered from these, so the label, hint and bounds
    a user sees are the ones the code checks."""

    name: str
    label: str
    # number | whole | choice | text | textarea | date (ISO yyyy-mm-dd) | file (a file's text, read in the browser)
    kind: str = "number"
    hint: str = ""
    unit: str = ""
    minimum: float | None = 0
    maximum: float | None = DEFAULT_MAXIMUM
    default: str = ""
    choices: tuple[Choice, ...] = ()
    required: bool = True
    group: str = ""  # fields sharing a group are shown together under that heading
    # False for a figure an imported file must give (contracted hours): confirming a file's columns
    # never fills it with the form's default, which would make the figure up for every row.
    default_on_import: bool = True

    def __post_init__(self) -> None:
        if self.kind not in FIELD_KINDS:
            raise ValueError(f"Field {self.name!r}: kind must be one of {sorted(FIELD_KINDS)}")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"Field {self.name!r}: a choice field needs choices")


FIELD_KINDS = frozenset({"number", "whole", "choice", "text", "textarea", "date", "file"})


@dataclass(frozen=True)
class Table:
    """A repeating group of fields, one row each (for example one row per worker)."""

    name: str
    label: str
    columns: tuple[Field, ...]
    hint: str = ""
    row_label: str = "Row"
    min_rows: int = 1
    max_rows: int = 2000


def known(value: T | None) -> T:
    """A value read without a problem. After Reader.done(), which raises if any problem was recorded,
    every value a required field gave is known; this says so (to readers and to the type checker)."""
    if value is None:
        raise InputErrors([FieldError("values", "An answer is missing")])
    return value


class Reader:
    """Reads raw values against field definitions, collecting every problem instead of
    stopping at the first. Call `done()` after reading to raise them together."""

    def __init__(self, values: dict[str, Any] | None):
        self.values = values if isinstance(values, dict) else {}
        self.errors: list[FieldError] = []

    def error(self, field: Field | str, message: str, row: int | None = None, table: str | None = None) -> None:
        """Record a problem; inside a table the message starts "Row 3: " (the row the user sees)."""
        name = field.name if isinstance(field, Field) else field
        self.errors.append(row_error(name, message, row, table, self.row_name(table, row)))

    def row_name(self, table: str | None, row: int | None) -> str:
        """A table row's label (its "label" column: a worker's initials), for naming it in messages."""
        rows = self.values.get(table) if table else None
        if row is None or not isinstance(rows, list) or not 0 <= row < len(rows) or not isinstance(rows[row], dict):
            return ""
        return " ".join(str(rows[row].get("label") or "").split())[:40]

    def done(self) -> None:
        """Raise InputErrors with every problem found so far, if there were any."""
        if self.errors:
            raise InputErrors(self.errors)

    def _raw(self, field: Field, source: dict[str, Any] | None) -> Any:
        raw = (self.values if source is None else source).get(field.name, field.default)
        return "" if raw is None else raw

    def number(
        self, field: Field, source: dict[str, Any] | None = None, row: int | None = None, table: str | None = None
    ) -> float | None:
        """A number within the field's bounds, or None (with an error recorded)."""
        raw = (self.values if source is None else source).get(field.name, field.default)  # _raw(), inlined
        if type(raw) is str and raw.isdigit() and raw.isascii():
            value: float | None = float(raw)  # the usual "12": whole and finite, only its bounds to check
        else:
            value = self._parse(field, "" if raw is None else raw, row, table)
        if value is None:
            return None
        if field.minimum is not None and value < field.minimum:
            self._refuse(field, f"must be {_bound(field, field.minimum)} or more{_read_as(field, value)}", row, table)
            return None
        if field.maximum is not None and value > field.maximum:
            self._refuse(field, f"must be {_bound(field, field.maximum)} or less{_read_as(field, value)}", row, table)
            return None
        return value

    def _parse(self, field: Field, raw: Any, row: int | None, table: str | None) -> float | None:
        if isinstance(raw, bool):
            raw = str(raw)
        if isinstance(raw, (int, float)):
            value = float(raw)
        else:
            text = str(raw).strip().removeprefix("£").removesuffix("%").strip()
            if text == "":
                if field.required:
                    self.error(
                        field,
                        f"Enter {lower_first(field.label)}" if row is None else f"{field.label} is missing",
                        row,
                        table,
                    )
                return None
            money = field.unit.startswith("£")
            text, scale = money_scale(text) if money else (text, 1)
            parsed, problem = parse_number(text)
            if parsed is None:
                example = (
                    "an amount, like 85000, £85,000, £85k or £1.2m"
                    if money
                    else "a whole number, like 12"
                    if field.kind == "whole"
                    else "a number, like 37.5"
                )
                self._refuse(field, problem.format(example=example), row, table)
                return None
            value = parsed if scale == 1 else float(Decimal(text.replace(",", "")) * scale)
        if not math.isfinite(value):
            self._refuse(field, "must be a number, like 37.5", row, table)
            return None
        if field.kind == "whole" and value != int(value):
            self._refuse(field, "must be a whole number, like 12", row, table)
            return None
        return value

    def _refuse(self, field: Field, problem: str, row: int | None, table: str | None) -> None:
        """Record "Row 3: Contracted hours must be ..." (the row only inside a table)."""
        self.error(field, f"{field.label} {problem}", row, table)

    def choice(
        self, field: Field, source: dict[str, Any] | None = None, row: int | None = None, table: str | None = None
    ) -> str | None:
        """The value of a choice field (one of field.choices), or None after recording why not."""
        raw = str(self._raw(field, source)).strip()
        allowed = {c.value for c in field.choices}
        if raw == "" and field.required:
            self.error(field, f"{field.label}: select an answer", row, table)
            return None
        if raw and raw not in allowed:
            labels = ", ".join(c.label for c in field.choices)
            self.error(field, f"{field.label} must be one of: {labels}", row, table)
            return None
        return raw or None

    def text(
        self,
        field: Field,
        source: dict[str, Any] | None = None,
        row: int | None = None,
        table: str | None = None,
        max_length: int = 5000,
    ) -> str:
        """The text of a field, trimmed, at most `max_length` characters (an error beyond that)."""
        raw = str(self._raw(field, source)).strip()
        if raw == "" and field.required:
            self.error(field, f"Enter {lower_first(field.label)}", row, table)
        if len(raw) > max_length:
            self.error(field, f"{field.label} must be {max_length} characters or fewer", row, table)
            return raw[:max_length]
        return raw

    def date(
        self, field: Field, source: dict[str, Any] | None = None, row: int | None = None, table: str | None = None
    ) -> str:
        """A date in the one format the date box gives and files save (ISO, year-month-day), or "" when
        left blank; anything else ("end of March", "31/03/2026") is refused, never guessed at."""
        text = self.text(field, source, row, table, max_length=100_000)  # any length: the date check says why
        if not text:
            return ""
        try:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError(text)
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            self.error(
                field,
                f"{field.label} must be a date: choose one with the date picker, or write it as year-month-day, "
                f"like 2026-03-31 (not {text[:40]!r})",
                row,
                table,
            )
            return ""

    def indexed_rows(self, table: Table) -> list[tuple[int, dict[str, Any]]]:
        """(position in the form, raw row) for each row the user did not leave completely empty.
        Keeping the position means "Row 3" in a message is the third row the user sees."""
        raw = self.values.get(table.name, [])
        if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
            self.error(table.name, f"{table.label} must be a list of rows")
            return []
        rows = [(i, r) for i, r in enumerate(raw) if any(str(v).strip() for v in r.values() if v is not None)]
        if len(rows) < table.min_rows:
            self.error(table.name, f"Add at least {table.min_rows} {table.row_label.lower()} to {table.label.lower()}")
        if len(rows) > table.max_rows:
            self.error(table.name, f"{table.label} can have at most {table.max_rows} rows")
            return rows[: table.max_rows]
        return rows


# A number as people type it: optional sign, digits with thousands grouped by commas in threes
# ("1,500") or not at all, and a decimal point. Anything else is refused, never guessed at:
# "22,5" is not 225, "1e2" is not 100, and "NaN", "Infinity", "0x10" and "1_000" are not numbers here.
_NUMBER = re.compile(r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]*,[0-9]+")


def _bound(field: Field, bound: float) -> str:
    """A field's bound as its message states it: "500,000", or for money "£500,000"."""
    return money_text(bound) if field.unit.startswith("£") else fmt_number(bound, 6)


def _read_as(field: Field, value: float) -> str:
    """For money, what was read (" (read as £1,200,000)"), so "£1.2m" refused shows how it was taken."""
    return f" (read as {money_text(value)})" if field.unit.startswith("£") else ""


def money_text(value: float) -> str:
    """An amount as it was read, to the penny where it has pence: "£85,000", "£85,000.50"."""
    return f"£{value:,.0f}" if value == int(value) else f"£{value:,.2f}"


def money_scale(text: str) -> tuple[str, int]:
    """An amount of money as people write it in short: "85k" is (85, 1,000) and "1.2m" (1.2, 1,000,000);
    anything else is (text, 1). The form shows the amount read ("read as £85,000"), so none is a guess."""
    if len(text) > 1 and text[-1] in "kKmM" and text[-2].isdigit():
        return text[:-1], 1000 if text[-1] in "kK" else 1_000_000
    return text, 1


def parse_number(text: str) -> tuple[float | None, str]:
    """(value, "") for a number written the way our forms and exports write one, or (None, problem).
    The problem reads after the field's label, with {example} to fill in ("a number, like 37.5")."""
    if text.isdigit() and text.isascii():  # the usual case ("12"), without the regular expression
        return float(text), ""
    if _NUMBER.fullmatch(text):
        return float(text.replace(",", "")), ""
    if _DECIMAL_COMMA.fullmatch(text):
        return None, "must use a point for decimals, like 22.5 (not a comma)"
    if any(c.isspace() for c in text) and _NUMBER.fullmatch("".join(text.split())):
        return None, "must be written without spaces, like 1500 or 1,500"
    return None, "must be {example}"


def check_names(
    items: tuple[Field | Table, ...], values: dict[str, Any]
) -> tuple[list[FieldError], list[dict[str, Any]]]:
    """Missing is never a default. Compares the names in raw values (from a file or the command line)
    with a calculator's fields: an unknown name is an error naming the nearest real one (a misspelt key
    would otherwise be ignored and its field take the default); a missing required field is an error; a
    missing optional one takes its default, and is listed in the second return value so the result can
    say so. Table rows are checked the same way, column by column (a column's label counts as its name)."""
    by_name = {item.name: item for item in items}
    errors = [
        FieldError(str(key), unknown_name_message(str(key), list(by_name))) for key in values if key not in by_name
    ]
    defaults: list[dict[str, Any]] = []
    for name, item in by_name.items():
        if isinstance(item, Table):
            if name not in values and item.min_rows > 0:
                errors.append(FieldError(name, f"{item.label} is missing: give {name!r} a list of rows"))
            elif isinstance(values.get(name), list):
                errors += _check_columns(item, values[name], defaults)
        elif name not in values:
            if item.required:
                errors.append(FieldError(name, f"{item.label} is missing: give a value for {name!r}"))
            else:
                defaults.append({"field": name, "label": item.label, "default": item.default, "table": None})
    return errors, defaults


def _check_columns(table: Table, rows: list[Any], defaults: list[dict[str, Any]]) -> list[FieldError]:
    names = {key.lower(): c.name for c in table.columns for key in (c.name, c.label)}
    errors: list[FieldError] = []
    missing: dict[str, list[int]] = {}
    filled = [
        (i, row)
        for i, row in enumerate(rows)
        if isinstance(row, dict) and any(str(v).strip() for v in row.values() if v is not None)
    ]
    all_names = {c.name for c in table.columns}
    # The names a row can use as they are (a name that is also another column's label is looked up).
    own_names = {n for n in all_names if names.get(n.lower()) == n}
    for i, row in filled:
        if row.keys() == all_names:  # the usual row: every column, by name
            continue
        if row.keys() <= own_names:  # columns by name, some left out (a file saved before a column existed)
            given: set[str | None] = set(row.keys())
        else:
            given = set()
            for key in row:
                name = names.get(str(key).strip().lower())
                if name is None:
                    message = unknown_name_message(str(key), [c.name for c in table.columns], "column")
                    errors.append(row_error(str(key), message, i, table.name))
                given.add(name)
        for column in table.columns:
            if column.name not in given:
                missing.setdefault(column.name, []).append(i)
    for column in table.columns:
        where = missing.get(column.name, [])
        if not where:
            continue
        if not column.required:
            defaults.append(
                {"field": column.name, "label": column.label, "default": column.default, "table": table.name}
            )
        elif len(where) == len(filled):
            errors.append(
                FieldError(
                    column.name,
                    f"{table.label}: the column {column.name!r} ({column.label}) is missing",
                    table=table.name,
                )
            )
        else:
            errors += [
                row_error(column.name, f"{column.label} ({column.name!r}) is missing", i, table.name) for i in where
            ]
    return errors


# Checks for values read from data files: each returns the value, or raises ConfigError naming
# where it is (e.g. "case_types[2].points"), so every calculator reports bad data the same way.
