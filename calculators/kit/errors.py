"""The errors a calculator raises: a field's, a row's or a table's problem in the user's input
(FieldError, gathered into InputErrors), and a problem in a data file (ConfigError), each naming
where it is so the form, the command line and the build can show it there."""

from __future__ import annotations

import difflib
import re
from typing import Any


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
        """The problem as the browser and JSON output carry it: field, message, row and table."""
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


def unknown_name_message(key: str, names: list[str], kind: str = "field", labels: tuple[str, ...] = ()) -> str:
    """ "Unknown field 'contracted_hour': did you mean 'contracted_hours'?" (the nearest real name, or
    the nearest of `labels`, the headings a form shows, when those are what the user was writing)."""
    wanted = key.strip().lower()
    known = [*names, *labels]
    near = difflib.get_close_matches(wanted, [n.lower() for n in known], n=1, cutoff=0.6)
    # "hours" is not close to "contracted_hours" by spelling, but is clearly one of its words ("fte" is
    # in "after" too, but is not a word of "Child looked after", so it is no guess).
    near = near or [n.lower() for n in known if len(wanted) >= 3 and wanted in re.split(r"[^a-z0-9]+", n.lower())][:1]
    if near:
        name = next(n for n in known if n.lower() == near[0])
        return f"Unknown {kind} {key[:60]!r}: did you mean {name!r}?"
    listed = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    return f"Unknown {kind} {key[:60]!r}: this calculator's {kind}s are {listed}"


def row_error(field: str, message: str, row: int | None = None, table: str | None = None, who: str = "") -> FieldError:
    """The one place "Row 3: " is written: a problem in a table's row names the row the user sees
    (rows are counted from 0 in code, from 1 on screen), and the row's label when it has one
    ("Row 3 (MN): "), so a message in the summary says whose row it is."""
    if row is None:
        return FieldError(field, message, row, table)
    return FieldError(field, f"Row {row + 1}{f' ({who})' if who else ''}: {message}", row, table)
