"""The data schemas (calculators/kit/schema.py): one description of each data file checks a council's
file in settings() and is written out as the JSON Schema councils' editors use."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import calculators
from calculators import ConfigError, prepare
from calculators.kit.data import load_data
from calculators.kit.schema import ListOf, Number, Record, Text, check, file_schema

ROOT = Path(__file__).resolve().parents[2]
NAMES = sorted(name for name in calculators.CALCULATORS if calculators.get(name).DATA_FILE)


def problems(schema: dict[str, Any], value: Any, where: str = "") -> list[str]:
    """What a JSON Schema validator would say, for the parts of JSON Schema _schema writes."""
    kinds = {"object": dict, "array": list, "string": str, "number": (int, float), "integer": int, "null": type(None)}
    types = schema.get("type")
    if types is not None:
        allowed = tuple(kinds[t] for t in (types if isinstance(types, list) else [types]))
        if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
            return [f"{where}: not {types}"]
    found = scalar_problems(schema, value, where)
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            found.append(f"{where}: too few items")
        for i, item in enumerate(value):
            found += problems(schema.get("items", {}), item, f"{where}[{i}]")
    if isinstance(value, dict):
        found += object_problems(schema, value, where)
    return found


def scalar_problems(schema: dict[str, Any], value: Any, where: str) -> list[str]:
    found = []
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: not one of {schema['enum']}")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        found.append(f"{where}: does not match {schema['pattern']}")
    for key, test in (
        ("minimum", lambda v, b: v >= b),
        ("maximum", lambda v, b: v <= b),
        ("exclusiveMinimum", lambda v, b: v > b),
        ("exclusiveMaximum", lambda v, b: v < b),
    ):
        if key in schema and isinstance(value, (int, float)) and not test(value, schema[key]):
            found.append(f"{where}: fails {key} {schema[key]}")
    return found


def object_problems(schema: dict[str, Any], value: dict[str, Any], where: str) -> list[str]:
    if "properties" not in schema:
        extra = schema.get("additionalProperties")
        return (
            [p for k, v in value.items() for p in problems(extra, v, f"{where}.{k}")] if isinstance(extra, dict) else []
        )
    found = [f"{where}.{k}: missing" for k in schema.get("required", []) if k not in value]
    for key, item in value.items():
        if key in schema["properties"]:
            found += problems(schema["properties"][key], item, f"{where}.{key}")
        elif schema.get("additionalProperties") is False and not any(
            re.search(p, key) for p in schema.get("patternProperties", {})
        ):
            found.append(f"{where}.{key}: not a known key")
    return found


@pytest.mark.parametrize("name", NAMES)
def test_every_default_data_file_passes_its_own_json_schema(name):
    calc = calculators.get(name)
    assert problems(file_schema(calc.DATA_SCHEMA), load_data(calc.DATA_FILE)) == []


def test_the_example_councils_data_passes_the_json_schemas():
    for path in (ROOT / "councils" / "example-anytown" / "data").glob("*.json"):
        schema = json.loads((ROOT / "councils" / "schemas" / f"{path.stem}.schema.json").read_text(encoding="utf-8"))
        assert problems(schema, json.loads(path.read_text(encoding="utf-8"))) == [], path


def test_a_misspelt_key_is_flagged_in_the_editor_and_a_missing_one_at_build():
    data = load_data("workload.json")
    data["full_time_hour"] = data.pop("full_time_hours")
    assert ".full_time_hour: not a known key" in problems(file_schema(calculators.get("workload").DATA_SCHEMA), data)
    with pytest.raises(ConfigError) as caught:
        prepare("workload", {}, data)
    assert caught.value.key == "full_time_hours" and "missing" in caught.value.message


@pytest.mark.parametrize(
    ("schema", "value", "key", "message"),
    [
        (Number(above=0), 0, "x", "must be more than 0, not 0"),
        (Number(minimum=0, below=100), 100, "x", "must be under 100, not 100"),
        (Number(minimum=1, maximum=50, whole=True), 2.5, "x", "must be a whole number, not 2.5"),
        (Text(id=True), "a b", "x", "must use only letters, digits and underscores, not 'a b'"),
        (Text(choices=("red", "green")), "blue", "x", "must be one of red, green, not 'blue'"),
        (
            ListOf(Record({"id": Text(id=True)}), unique="id"),
            [{"id": "a"}, {"id": "a"}],
            "x",
            "each id must be different",
        ),
        (ListOf(Record({"id": Text()}), min_items=1), [], "x", "must list at least 1"),
        (Record({"n": Number()}), {}, "x.n", "is missing"),
        (Record({"n": Number()}), {"n": "3"}, "x.n", "must be a number, not str"),
    ],
)
def test_each_rule_names_the_key_and_what_to_write(schema, value, key, message):
    with pytest.raises(ConfigError) as caught:
        check(schema, value, "x")
    assert (caught.value.key, caught.value.message) == (key, message)
