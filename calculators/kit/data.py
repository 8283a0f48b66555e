"""Reading a calculator's data file (calculators/data/NAME.json, or a council's copy) and checking its
values: each check returns the value or raises ConfigError naming the key, e.g. "case_types[2].points"."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from .errors import ConfigError


def load_data(filename: str) -> dict[str, Any]:
    """Load one of the default data files shipped in `calculators/data`."""
    text = resources.files("calculators.data").joinpath(filename).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


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


def identifier(value: str, where: str, reserved: tuple[str, ...] = ()) -> str:
    """An id a data file gives (a case type's, a rating's): letters, digits and underscores, and
    none of the `reserved` words the calculator gives a meaning of its own."""
    if not value.replace("_", "").isalnum() or not value.isascii() or value in reserved:
        also = f" (and not be {' or '.join(map(repr, reserved))})" if reserved else ""
        raise ConfigError(where, f"must use only letters, digits and underscores{also}, not {value!r}")
    return value


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
