"""Every registered calculator keeps the shared shape, so the browser, the command line and the
page directive can treat them all alike."""

from __future__ import annotations

import json

import pytest
from cli_helpers import run_cli

import calculators
from calculators import Field, Table, prepare, run
from calculators._core import load_data

NAMES = sorted(calculators.CALCULATORS)


@pytest.mark.parametrize("name", NAMES)
def test_module_has_the_shared_shape(name):
    calc = calculators.get(name)
    assert calc.NAME == name and calc.TITLE
    for function in ("settings", "form", "example", "read", "calculate", "report"):
        assert callable(getattr(calc, function)), f"{name} lacks {function}()"
    if calc.DATA_FILE:
        assert isinstance(load_data(calc.DATA_FILE), dict)
        assert "about" in load_data(calc.DATA_FILE), f"{calc.DATA_FILE} must say where its defaults come from"
    if getattr(calc, "ACTIONS", None):
        assert callable(calc.act)


@pytest.mark.parametrize("name", NAMES)
def test_every_field_is_labelled_and_names_are_unique(name):
    calc, settings = prepare(name)
    names = []
    for item in calc.form(settings):
        assert item.label.strip()
        names.append(item.name)
        if isinstance(item, Table):
            assert all(isinstance(c, Field) and c.label.strip() for c in item.columns)
            assert len({c.name for c in item.columns}) == len(item.columns)
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("name", NAMES)
def test_example_calculates_and_is_json_ready(name):
    calc, settings = prepare(name)
    out = run(name, calc.example(settings))
    assert out["ok"], out.get("errors")
    assert json.loads(json.dumps(out)) == out
    assert out["html"].startswith('<p class="calc-headline">')


@pytest.mark.parametrize("name", NAMES)
def test_command_line_gives_the_same_result_as_python(name):
    example = run_cli(name, "--example")
    assert example.returncode == 0, example.stderr
    out = run_cli(name, "-", stdin=example.stdout)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["result"] == run(name, json.loads(example.stdout))["result"]


def test_module_entry_lists_the_calculators():
    listing = run_cli("__main__")
    assert listing.returncode == 2 and all(name in listing.stderr for name in NAMES)
