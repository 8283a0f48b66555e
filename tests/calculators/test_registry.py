"""Every registered calculator keeps the shared shape, so the browser, the command line and the
page directive can treat them all alike."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import types

import pytest
from cli_helpers import run_cli, run_cli_process
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from calculators import Field, Table, prepare, run
from calculators.kit.contract import missing, no_actions, no_csv_template
from calculators.kit.data import load_data

NAMES = sorted(calculators.CALCULATORS)


@pytest.mark.parametrize("name", NAMES)
def test_module_keeps_the_contract(name):
    """Every member of kit.contract.Calculator is declared (a default counts), so nothing is probed."""
    calc = calculators.get(name)
    assert not missing(calc), (
        f"calculators/{name}/rule.py does not declare {', '.join(missing(calc))} (see kit/contract.py)"
    )
    assert name == calc.NAME and calc.TITLE
    for function in ("settings", "form", "example", "read", "calculate", "report", "downloads", "act", "csv_template"):
        assert callable(getattr(calc, function)), f"calculators/{name}.py: {function} must be a function"
    for option, allowed in calc.OPTIONS.items():
        assert allowed and all(isinstance(v, str) for v in allowed), f"{name}: OPTIONS[{option!r}] needs values"
    assert (calc.act is no_actions) == (not calc.ACTIONS), f"{name}: ACTIONS and act() go together"
    assert (calc.csv_template is no_csv_template) == (calc.CSV_TABLE is None), (
        f"{name}: a CSV_TABLE needs a csv_template(), and only a CSV_TABLE"
    )
    if calc.DATA_FILE:
        assert isinstance(load_data(calc.DATA_FILE), dict)
        assert "about" in load_data(calc.DATA_FILE), f"{calc.DATA_FILE} must say where its defaults come from"


def test_calculators_sharing_a_data_file_check_it_with_one_schema():
    """One file, one description: a council's editor and every calculator reading the file agree on its keys."""
    by_file: dict[str, list[str]] = {}
    for name in NAMES:
        if calculators.get(name).DATA_FILE:
            by_file.setdefault(calculators.get(name).DATA_FILE, []).append(name)
    for file, names in by_file.items():
        schemas = {id(calculators.get(name).DATA_SCHEMA) for name in names}
        assert len(schemas) == 1, f"{file} is read by {', '.join(names)} with different DATA_SCHEMAs: share one"


def test_the_contract_check_names_what_is_missing():
    incomplete = types.ModuleType("incomplete")
    incomplete.NAME = "incomplete"
    assert "TITLE" in missing(incomplete) and "report" in missing(incomplete) and "NAME" not in missing(incomplete)


@pytest.mark.parametrize("name", NAMES)
def test_every_option_value_prepares_and_others_are_refused(name):
    calc = calculators.get(name)
    for option, allowed in calc.OPTIONS.items():
        for value in allowed:
            prepare(name, {option: value})
        with pytest.raises(calculators.ConfigError) as caught:
            prepare(name, {option: "no-such-value"})
        assert caught.value.key == f"options.{option}" and allowed[0] in caught.value.message
    with pytest.raises(calculators.ConfigError) as caught:
        prepare(name, {"colour": "red"})
    assert caught.value.key == "options.colour"


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


def test_command_line_runs_as_a_real_process():
    """The one smoke test of the real entry points (every other command-line test runs in process)."""
    example = run_cli_process("team", "--example")
    assert example.returncode == 0, example.stderr
    out = run_cli_process("team", "-", stdin=example.stdout)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["result"] == run("team", json.loads(example.stdout))["result"]
    listing = subprocess.run([sys.executable, "-m", "calculators"], capture_output=True, text=True, timeout=60)
    assert listing.returncode == 2 and "team" in listing.stderr


def test_module_entry_lists_the_calculators():
    listing = run_cli("__main__")
    assert listing.returncode == 2 and all(name in listing.stderr for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_downloads_can_be_named_now_and_made_when_saved(name):
    """The page asks for the downloads' names on every change and for one file's text only when the
    user saves it: the "download" action must give exactly the text run() would have given."""
    calc, settings = prepare(name)
    values = calc.example(settings)
    full = run(name, values)["downloads"]
    named = run(name, values, download_contents=False)["downloads"]
    assert named == [{k: v for k, v in d.items() if k != "text"} for d in full]
    for download in full:
        made = calculators.act(name, "download", values, payload=download["filename"])
        assert made == {"ok": True, "download": download}


def test_download_of_a_file_that_is_not_offered_says_which_files_are():
    calc, settings = prepare("team")
    out = calculators.act("team", "download", calc.example(settings), payload="results.exe")
    assert not out["ok"]
    assert "results.exe" in out["errors"][0]["message"] and "team-workers.csv" in out["errors"][0]["message"]


def test_half_finished_answers_can_still_be_saved_through_the_download_action():
    calc, settings = prepare("team")
    values = calc.example(settings)
    values["workers"][0]["contracted_hours"] = "abc"
    offered = run("team", values, download_contents=False)
    assert not offered["ok"] and [d["filename"] for d in offered["downloads"]] == [
        "team-answers.json",
        "team-workers.csv",
    ]
    made = calculators.act("team", "download", values, payload="team-workers.csv")
    assert made["ok"] and "abc" in made["download"]["text"]


def test_browser_passes_download_contents_through():
    from calculators.hosts.browser import handle

    calc, settings = prepare("team")
    request = {"calculator": "team", "values": calc.example(settings)}
    with_text = json.loads(handle(json.dumps(request)))
    without = json.loads(handle(json.dumps({**request, "download_contents": False})))
    assert all("text" in d for d in with_text["downloads"])
    assert all("text" not in d for d in without["downloads"]) and without["result"] == with_text["result"]


# --- properties every calculator shares, run once over the registry -------------------------------

ANYTHING = st.one_of(st.text(max_size=12), st.integers(), st.floats(), st.none(), st.booleans())


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(NAMES), data=st.data())
def test_any_changed_answer_gives_a_result_or_messages_never_a_crash(name, data):
    """Any value in any field or table cell (or an unknown column) of the worked example gives a
    result, or messages that each name a real field or column: never an exception."""
    calc, settings_ = prepare(name)
    values = copy.deepcopy(calc.example(settings_))
    items = {i.name: i for i in calc.form(settings_)}
    for key in data.draw(st.lists(st.sampled_from(sorted(items)), max_size=4), label="changed"):
        item = items[key]
        if isinstance(item, Table):
            rows = values.setdefault(key, []) or [{}]
            values[key] = rows
            row = data.draw(st.integers(0, len(rows) - 1), label="row")
            column = data.draw(st.sampled_from([c.name for c in item.columns] + ["junk"]), label="column")
            rows[row][column] = data.draw(ANYTHING, label="cell")
        else:
            values[key] = data.draw(ANYTHING, label=key)
    out = run(name, values)
    if not out["ok"]:
        columns = {c.name for i in items.values() if isinstance(i, Table) for c in i.columns}
        assert out["errors"] and all(e["message"] for e in out["errors"]), out
        assert all(e["field"] in {*items, *columns, "junk"} for e in out["errors"]), out["errors"]
