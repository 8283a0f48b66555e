"""A small schema for the calculators' data files: numbers with bounds, text, lists with unique ids.

Each calculator describes its data file once, as a schema, and

- `check(schema, data)` checks a council's file against it, raising ConfigError naming the key
  and what to write instead ("case_types[2].points: must be more than 0, not -1");
- `json_schema(schema)` writes the same rules as a JSON Schema, so a council's editor can check
  the file as they type (councils/schemas/, written by scripts/toolkit_site/defaults.py).

Keys that end in "_source" (where a default comes from) and the prose keys in PROSE are allowed
anywhere and never required. Keys the schema does not name are left alone when checking (the
team calculator reads the individual calculator's keys from its own file), but a JSON Schema
marks them as mistakes, so a misspelt key shows in the editor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Union

from .data import identifier, require
from .errors import ConfigError
from .text import plain_number

PROSE = ("about", "version", "based_on", "$schema")


@dataclass(frozen=True)
class Number:
    """A number from `minimum` (or more than `above`) to `maximum` (or under `below`)."""

    minimum: float | None = None
    maximum: float | None = None
    above: float | None = None
    below: float | None = None
    whole: bool = False
    nullable: bool = False  # null (None) allowed, for a figure that was not published
    description: str = ""


@dataclass(frozen=True)
class Text:
    """Text; `id` for an identifier (letters, digits, underscores), `choices` for a fixed list."""

    id: bool = False
    choices: tuple[str, ...] = ()
    reserved: tuple[str, ...] = ()  # ids the calculator gives a meaning of its own
    blank: bool = True  # False: must hold more than spaces
    description: str = ""


@dataclass(frozen=True)
class TextList:
    """A list of texts; with blank=False each must hold more than spaces."""

    blank: bool = True
    description: str = ""


@dataclass(frozen=True)
class TextMap:
    """A JSON object of text values under keys the data itself decides (say, one per question)."""

    description: str = ""


@dataclass(frozen=True)
class Record:
    """A JSON object with these keys; `optional` keys may be left out (they take `defaults`)."""

    keys: dict[str, Schema]
    optional: tuple[str, ...] = ()
    defaults: dict[str, Any] = field(default_factory=dict)
    description: str = ""


@dataclass(frozen=True)
class ListOf:
    """A list of `item`s, at least `min_items` long; `unique` names a key no two items may share."""

    item: Schema
    min_items: int = 0
    max_items: int | None = None
    unique: str = ""
    description: str = ""


Schema = Union[Number, Text, TextList, TextMap, Record, ListOf]  # noqa: UP007 - a runtime alias, read by dataclasses


# The headings a council's case system exports, each with the field it fills (a field's name, or ""
# for a column to leave out): `import_headings` in a data file, and a --mapping file on the command line.
IMPORT_HEADINGS = ListOf(
    Record(
        {
            "heading": Text(blank=False, description="a column heading as the export writes it (any case)"),
            "field": Text(description="the name of the field it fills, like cases_cin; empty to leave it out"),
        }
    ),
    unique="heading",
    description="headings of your case system's export and the field each fills, for importing it as it is",
)


def check(schema: Schema, value: Any, where: str = "") -> Any:
    """The value, checked (numbers as floats, or ints when whole; a table's optional keys filled in)."""
    if isinstance(schema, Record):
        return _record(schema, value, where)
    if isinstance(schema, ListOf):
        return _list(schema, value, where)
    if isinstance(schema, Number):
        return _number(schema, value, where)
    if isinstance(schema, TextList):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(where, "must be a list of text")
        blank = next((i for i, v in enumerate(value) if not v.strip()), None)
        if not schema.blank and blank is not None:
            raise ConfigError(f"{where}[{blank}]", "must be text that is not empty")
        return list(value)
    if isinstance(schema, TextMap):
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ConfigError(where, 'must be a table of text values, like {"key": "text"}')
        return dict(value)
    return _text(schema, value, where)


def _path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _record(schema: Record, value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(where, f"must be a table with {', '.join(schema.keys)}")
    checked = dict(value)
    for key, part in schema.keys.items():
        if key not in value and key in schema.optional:
            if key in schema.defaults:
                checked[key] = schema.defaults[key]
            continue
        if isinstance(part, Number) and part.nullable and value.get(key, 0) is None:
            checked[key] = None
            continue
        kind: type | tuple[type, ...] = _KINDS[type(part)]
        checked[key] = check(part, require(value, key, kind, where), _path(where, key))
    return checked


_KINDS: dict[type, type | tuple[type, ...]] = {
    Number: (int, float),
    Text: str,
    TextList: list,
    TextMap: dict,
    Record: dict,
    ListOf: list,
}


def _list(schema: ListOf, value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ConfigError(where, "must be a list")
    items = [check(schema.item, item, f"{where}[{i}]") for i, item in enumerate(value)]
    if len(items) < schema.min_items:
        raise ConfigError(where, f"must list at least {schema.min_items}")
    if schema.max_items is not None and len(items) > schema.max_items:
        raise ConfigError(where, f"must list at most {schema.max_items}, not {len(items)}")
    if schema.unique:
        ids = [item[schema.unique] for item in items]
        if len(set(ids)) != len(ids):
            raise ConfigError(where, f"each {schema.unique} must be different")
    return items


def _number(schema: Number, value: float, where: str) -> float:
    if not math.isfinite(value):  # Python's JSON reader takes NaN and Infinity; the calculators cannot
        raise ConfigError(where, f"must be a number, not {value}")
    if schema.whole and value != int(value):
        raise ConfigError(where, f"must be a whole number, not {value}")
    if schema.above is not None and value <= schema.above:
        raise ConfigError(where, f"must be more than {plain_number(schema.above)}, not {value}")
    if schema.minimum is not None and value < schema.minimum:
        raise ConfigError(where, f"must be {plain_number(schema.minimum)} or more, not {value}")
    if schema.below is not None and value >= schema.below:
        raise ConfigError(where, f"must be under {plain_number(schema.below)}, not {value}")
    if schema.maximum is not None and value > schema.maximum:
        raise ConfigError(where, f"must be {plain_number(schema.maximum)} or less, not {value}")
    return int(value) if schema.whole else float(value)


def _text(schema: Text, value: str, where: str) -> str:
    if schema.id:
        return identifier(value.strip(), where, schema.reserved)
    if not schema.blank and not value.strip():
        raise ConfigError(where, "must not be empty")
    if schema.choices and value not in schema.choices:
        raise ConfigError(where, f"must be one of {', '.join(schema.choices)}, not {value!r}")
    return value


def json_schema(schema: Schema) -> dict[str, Any]:
    """The same rules as a JSON Schema (draft 2020-12) for editors."""
    out: dict[str, Any] = {"description": schema.description} if schema.description else {}
    if isinstance(schema, Number):
        out["type"] = ["integer" if schema.whole else "number", *(["null"] if schema.nullable else [])]
        out["type"] = out["type"][0] if len(out["type"]) == 1 else out["type"]
        bounds = {
            "minimum": schema.minimum,
            "maximum": schema.maximum,
            "exclusiveMinimum": schema.above,
            "exclusiveMaximum": schema.below,
        }
        out.update({k: v for k, v in bounds.items() if v is not None})
    elif isinstance(schema, Text):
        out["type"] = "string"
        if schema.id:
            out["pattern"] = "^[A-Za-z0-9_]+$"
        if schema.choices:
            out["enum"] = list(schema.choices)
        if not schema.blank:
            out["pattern"] = out.get("pattern", r"\S")
    elif isinstance(schema, TextList):
        out.update({"type": "array", "items": {"type": "string", **({} if schema.blank else {"pattern": r"\S"})}})
    elif isinstance(schema, TextMap):
        out.update({"type": "object", "additionalProperties": {"type": "string"}})
    elif isinstance(schema, ListOf):
        out.update({"type": "array", "items": json_schema(schema.item)})
        if schema.min_items:
            out["minItems"] = schema.min_items
        if schema.max_items is not None:
            out["maxItems"] = schema.max_items
    else:
        out.update(
            {
                "type": "object",
                "properties": {key: json_schema(part) for key, part in schema.keys.items()},
                "patternProperties": {"_source$": {"type": "string"}},
                "required": [key for key in schema.keys if key not in schema.optional],
                "additionalProperties": False,
            }
        )
    return out


def file_schema(schema: Record) -> dict[str, Any]:
    """A whole data file's JSON Schema: the calculator's keys, and the keys every data file may have."""
    out = json_schema(schema)
    out["properties"] = {
        "$schema": {"description": "this schema, so an editor checks the file as you type"},
        "version": {"type": "string", "description": "the date this data last changed"},
        "about": {"type": "string", "description": "what this file is, in words"},
        "based_on": {"type": "object", "description": "which version of our defaults this copy was taken from"},
        **out["properties"],
    }
    return out
