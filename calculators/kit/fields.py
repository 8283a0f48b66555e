"""What every calculator shares: field definitions, reading raw input, and errors.

Standard library only: this module runs natively (tests, command line) and in the
browser through Pyodide, so both give the same answers and the same messages.

Raw input is always one shape, whether it comes from a web form, a JSON file or a CSV row:
a dict of field name -> value (usually a string), and for a table field a list of such dicts.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from importlib import resources
from typing import Any, TypeVar

# The largest number any field accepts unless it says otherwise: big enough for any
# council's real figures, small enough to catch a slip of the keyboard.
DEFAULT_MAXIMUM = 1_000_000

T = TypeVar("T")


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Field:
    """One input. The web form is rendered from these, so the label, hint and bounds
    a user sees are the ones the code checks."""

    name: str
    label: str
    kind: str = "number"  # number | whole | choice | text | textarea
    hint: str = ""
    unit: str = ""
    minimum: float | None = 0
    maximum: float | None = DEFAULT_MAXIMUM
    default: str = ""
    choices: tuple[Choice, ...] = ()
    required: bool = True
    group: str = ""  # fields sharing a group are shown together under that heading

    def __post_init__(self) -> None:
        if self.kind not in FIELD_KINDS:
            raise ValueError(f"Field {self.name!r}: kind must be one of {sorted(FIELD_KINDS)}")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"Field {self.name!r}: a choice field needs choices")


FIELD_KINDS = frozenset({"number", "whole", "choice", "text", "textarea"})


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


class ToolkitError(Exception):
    """Base of the toolkit's own errors."""


class FieldError(ToolkitError, ValueError):
    """A problem with one field's value; `row` is set for a field inside a table (0-based)."""

    def __init__(self, field: str, message: str, row: int | None = None, table: str | None = None):
        super().__init__(message)
        self.field = field
        self.message = message
        self.row = row
        self.table = table

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "message": self.message, "row": self.row, "table": self.table}


class InputErrors(ToolkitError, ValueError):
    """Every problem found in one set of input, so the user can fix them all at once."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


class ConfigError(ToolkitError, ValueError):
    """A problem in a calculator's data or options; `key` is the path to the bad value."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


def known(value: T | None) -> T:
    """A value read without a problem. After Reader.done(), which raises if any problem was recorded,
    every value a required field gave is known; this says so (to readers and to the type checker)."""
    if value is None:
        raise InputErrors([FieldError("values", "An answer is missing")])
    return value


def load_data(filename: str) -> dict[str, Any]:
    """Load one of the default data files shipped in `calculators/data`."""
    text = resources.files("calculators.data").joinpath(filename).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


class Reader:
    """Reads raw values against field definitions, collecting every problem instead of
    stopping at the first. Call `done()` after reading to raise them together."""

    def __init__(self, values: dict[str, Any] | None):
        self.values = values if isinstance(values, dict) else {}
        self.errors: list[FieldError] = []

    def error(self, field: Field | str, message: str, row: int | None = None, table: str | None = None) -> None:
        """Record a problem; inside a table the message starts "Row 3: " (the row the user sees)."""
        name = field.name if isinstance(field, Field) else field
        self.errors.append(row_error(name, message, row, table))

    def done(self) -> None:
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
            self._refuse(field, f"must be {fmt_number(field.minimum, 6)} or more", row, table)
            return None
        if field.maximum is not None and value > field.maximum:
            self._refuse(field, f"must be {fmt_number(field.maximum, 6)} or less", row, table)
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
                        f"Enter {_lower_first(field.label)}" if row is None else f"{field.label} is missing",
                        row,
                        table,
                    )
                return None
            parsed, problem = parse_number(text)
            if parsed is None:
                example = "a whole number, like 12" if field.kind == "whole" else "a number, like 37.5"
                self._refuse(field, problem.format(example=example), row, table)
                return None
            value = parsed
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
        raw = str(self._raw(field, source)).strip()
        if raw == "" and field.required:
            self.error(field, f"Enter {_lower_first(field.label)}", row, table)
        if len(raw) > max_length:
            self.error(field, f"{field.label} must be {max_length} characters or fewer", row, table)
            return raw[:max_length]
        return raw

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
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]*,[0-9]+")


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
    for i, row in filled:
        if row.keys() == all_names:  # the usual row: every column, by name
            continue
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


def unknown_name_message(key: str, names: list[str], kind: str = "field", labels: tuple[str, ...] = ()) -> str:
    """ "Unknown field 'contracted_hour': did you mean 'contracted_hours'?" (the nearest real name, or
    the nearest of `labels`, the headings a form shows, when those are what the user was writing)."""
    wanted = key.strip().lower()
    known = [*names, *labels]
    near = difflib.get_close_matches(wanted, [n.lower() for n in known], n=1, cutoff=0.6)
    # "hours" is not close to "contracted_hours" by spelling, but is clearly part of it.
    near = near or [n.lower() for n in known if len(wanted) >= 3 and wanted in n.lower()][:1]
    if near:
        name = next(n for n in known if n.lower() == near[0])
        return f"Unknown {kind} {key[:60]!r}: did you mean {name!r}?"
    listed = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    return f"Unknown {kind} {key[:60]!r}: this calculator's {kind}s are {listed}"


def row_error(field: str, message: str, row: int | None = None, table: str | None = None) -> FieldError:
    """The one place "Row 3: " is written: a problem in a table's row names the row the user sees
    (rows are counted from 0 in code, from 1 on screen)."""
    return FieldError(field, message if row is None else f"Row {row + 1}: {message}", row, table)


def _lower_first(text: str) -> str:
    # "Contracted hours" -> "contracted hours", but keep acronyms such as "ASYE" intact.
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def fmt_number(value: float, places: int = 1) -> str:
    """The one way a figure is written for people: thousands separators, at most `places`
    decimals, no trailing '.0' ("1,234.5", "12"), rounded as shown() rounds (so a figure reads as the
    value compared with any threshold). Numbers a form reads back use plain_number."""
    text = f"{shown(value, places):,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def money(value: float) -> str:
    """Pounds, whole (rounded as shown() rounds), with a real minus sign: "£1,234", "−£50"."""
    pounds = shown(value, 0)
    sign = "−" if pounds < 0 else ""
    return f"{sign}£{abs(pounds):,.0f}"


# Exact decimal arithmetic for shown(): enough digits for any figure a calculator can reach.
_EXACT = Context(prec=60)
_NOISE = Decimal("1e-9")


def shown(value: float, places: int = 1) -> float:
    """`value` as people are shown it: rounded to `places` decimals, halves away from zero (99.95 is
    100.0). The one place a figure is rounded before it is compared with a threshold: every band,
    level and count ("at or over 100%") is read from this figure, so a band always follows the number
    on screen. Float arithmetic's last-digit noise goes first (to 9 decimals), so 30 points against a
    capacity of 29.999999999999996 is 100.0, and 94.94999999999999 (94.95 worked in floats) is 95.0."""
    if not math.isfinite(value) or abs(value) >= 1e15:
        return value  # no decimals left to round
    factor = 10.0**places
    scaled = abs(value) * factor
    whole = math.floor(scaled)
    # Most figures are clearly not a half: round those quickly (a team of 2,000 shows 12,000 figures).
    # One within a hair of a half goes the exact way, through decimals.
    if scaled < 1e9 and abs(scaled - whole - 0.5) > 1e-5:
        return math.copysign(whole + (scaled - whole > 0.5), value) / factor + 0.0
    exact = _EXACT.quantize(Decimal(repr(value)), _NOISE)  # repr: the float's shortest exact spelling
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return float(rounded) + 0.0  # + 0.0: -0.0 becomes 0.0


def same_text(text: str) -> str:
    """A label as duplicates are found: Unicode composed (NFC), so "José" typed with an accented é and
    "José" with an e and a combining accent are one label, and case folded, so "ab" and "AB" are one."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())


def percent_text(value: float) -> str:
    """A percentage always to one decimal place ("62.0%" beside "73.2%"), so figures line up; it is
    shown(value), the figure bands are read from, so 99.96% shows as 100.0% and is banded as 100%."""
    return f"{shown(value, 1):,.1f}%"


def require(data: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str = "") -> Any:
    """Fetch data[key], checking its type, for validating data files with clear messages."""
    path = f"{where}.{key}" if where else key
    if key not in data:
        raise ConfigError(path, "is missing")
    value = data[key]
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise ConfigError(path, f"must be {_kind_name(kind)}, not true/false")
    if not isinstance(value, kind):
        raise ConfigError(path, f"must be {_kind_name(kind)}, not {type(value).__name__}")
    return value


# Checks for values read from data files: each returns the value, or raises ConfigError naming
# where it is (e.g. "case_types[2].points"), so every calculator reports bad data the same way.


def identifier(value: str, where: str, reserved: tuple[str, ...] = ()) -> str:
    """An id a data file gives (a case type's, a rating's): letters, digits and underscores, and
    none of the `reserved` words the calculator gives a meaning of its own."""
    if not value.replace("_", "").isalnum() or not value.isascii() or value in reserved:
        also = f" (and not be {' or '.join(map(repr, reserved))})" if reserved else ""
        raise ConfigError(where, f"must use only letters, digits and underscores{also}, not {value!r}")
    return value


def plain_number(value: float) -> str:
    """A default as a form shows it: 42000, not 42000.0 or 42,000."""
    if value == int(value):
        return str(int(value))
    text = repr(float(value))
    # repr writes 0.00001 as 1e-05, which the reader (rightly) refuses; spell it out instead.
    return format(Decimal(text), "f") if "e" in text else text


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a table of keys",
        bool: "true or false",
    }
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))
