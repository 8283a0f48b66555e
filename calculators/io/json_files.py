"""JSON files: read strictly, then turned into sets of answers or a calculator's table rows.

A file holds one set of answers (an object), a list of them, or a file this toolkit saved. A key given
twice in one object, a number too big for the arithmetic (more than 308 digits, or past 1.8e308), NaN
and Infinity, nesting deeper than MAX_DEPTH and a single value are refused with a message saying
what and where.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from ..kit.contract import Calculator
from ..kit.fields import Field, Table
from .answers import unwrap_saved
from .limits import MAX_ANSWER_SETS, MAX_DEPTH, FileProblem
from .records import Loaded, check_row_count


def from_json(calc: Calculator, items: tuple[Field | Table, ...], table: Table | None, text: str) -> Loaded:
    """A JSON file's sets of answers (or, for a calculator that reads rows from JSON, its table's rows)."""
    depth = json_depth(text)
    if depth > MAX_DEPTH:
        raise FileProblem("file", f"The JSON file is nested {depth:,} levels deep; the limit is {MAX_DEPTH}")
    loaded = strict_json(text)
    if table and calc.JSON_ROWS:
        rows = calc.JSON_ROWS.read(loaded)
        if rows is None:
            raise FileProblem("file", f"The JSON file is not {calc.JSON_ROWS.description}")
        check_row_count(len(rows), table, "The file has")
        return Loaded([{table.name: rows}], [], table.name)
    records = loaded if isinstance(loaded, list) else [loaded]
    if not isinstance(loaded, (list, dict)):
        kind = {str: "a piece of text", bool: "true or false", type(None): "null"}.get(type(loaded), "a number")
        raise FileProblem(
            "file",
            f"The JSON file holds a single value ({kind}), not a set of answers. "
            'Expected an object of answers, like {"field": "value"}',
        )
    if not records:
        raise FileProblem("file", "The JSON file holds an empty list: there are no answers in it")
    if len(records) > MAX_ANSWER_SETS:
        raise FileProblem(
            "file", f"The JSON file holds {len(records):,} sets of answers; the limit is {MAX_ANSWER_SETS:,}"
        )
    batch = []
    for n, record in enumerate(records, start=1):
        where = f"Item {n} of the JSON list" if isinstance(loaded, list) else "The JSON file"
        if not isinstance(record, dict):
            raise FileProblem("file", f'{where} is not a set of answers: expected an object like {{"field": "value"}}')
        batch.append(unwrap_saved(calc, record, where))
    return Loaded(batch)


def strict_json(text: str) -> Any:
    """JSON read strictly: a key twice in one object, NaN and Infinity, and a number too big for
    the arithmetic (1 followed by 400 zeros, 1e400) are FileProblems naming what and where."""
    try:
        loaded = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_float,
            parse_int=_integer,
            object_pairs_hook=_object,
        )
    except _Refused as e:
        raise FileProblem("file", f"The JSON file {e}{_line_of(text, e.literal)}") from None
    except json.JSONDecodeError as e:
        raise FileProblem("file", f"The file is not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from None
    except RecursionError:  # belt and braces: json_depth has already refused deep nesting
        raise FileProblem("file", f"The JSON file is nested more than {MAX_DEPTH} levels deep") from None
    where = _first_duplicate(loaded, "")
    if where:
        key, path = where
        raise FileProblem(
            "file",
            f"The JSON file gives the key {key!r} twice in {path or 'its top level'}: "
            "which value is meant is unclear, so keep one and import again",
        )
    return loaded


class _Refused(ValueError):
    def __init__(self, message: str, literal: str):
        super().__init__(message)
        self.literal = literal


class _Duplicated(dict[str, Any]):
    """An object that gave a key more than once (the last value kept, as json does), for
    _first_duplicate to name with where it is."""

    key = ""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    seen: set[str] = set()
    twice = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
    marked = _Duplicated(found)
    marked.key = twice
    return marked


def _first_duplicate(value: Any, path: str) -> tuple[str, str] | None:
    """The first key given twice, and where: 'workers, item 2' (nesting is at most MAX_DEPTH)."""
    if isinstance(value, _Duplicated):
        return value.key, path
    items = value.items() if isinstance(value, dict) else enumerate(value, 1) if isinstance(value, list) else ()
    for key, inner in items:
        if isinstance(inner, (dict, list)):
            step = f"item {key}" if isinstance(key, int) else repr(key)
            found = _first_duplicate(inner, f"{path}, {step}" if path else step)
            if found:
                return found
    return None


def _float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Refused(f"holds the number {text[:40]}, too big to calculate with (the largest is about 1.8e308)", text)
    return value


def _integer(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > 308:  # beyond what a float holds (about 1.8e308); int() would also refuse past 4,300 digits
        raise _Refused(f"holds a whole number {digits:,} digits long, too big to calculate with", text)
    return int(text)


def _refuse_constant(name: str) -> Any:
    raise _Refused(f"holds {name}, which is not a number this toolkit accepts; write a number, like 37.5", name)


def _line_of(text: str, literal: str) -> str:
    """(line 3, column 14): where a refused number first appears outside a string, if found."""
    match = re.search(r'(?<![\w."])' + re.escape(literal[:400]) + r"(?![\w.])", text)
    if not match:
        return ""
    line = text.count("\n", 0, match.start()) + 1
    return f" (line {line}, column {match.start() - text.rfind(chr(10), 0, match.start())})"


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')  # "unrolled" so long strings are quick
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_depth(text: str) -> int:
    """How deeply a JSON text nests, counted without parsing it (so without recursion): strings are
    removed first, then brackets are counted. Malformed text is left to the parser to report.
    Every request the page sends is checked, so this stays in C-speed steps: without a backslash,
    every other piece between quotes is a string; otherwise a regular expression finds them."""
    outside = "".join(text.split('"')[0::2]) if "\\" not in text else _JSON_STRING.sub("", text)
    return max(accumulate(map(_STEP.__getitem__, _NOT_BRACKET.sub("", outside)), initial=0))
