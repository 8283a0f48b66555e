"""The individual workload calculator: worked examples, bad input, properties, command line."""

from __future__ import annotations

import json
from functools import partial

import pytest
from cli_helpers import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import ConfigError, prepare, run
from calculators import workload as wl
from calculators.io.csv_files import write_csv

CALC, SETTINGS = prepare("workload")
TIME = prepare("workload", {"model": "time"})[1]


def values(**changes):
    return {**wl.example(SETTINGS), **{k: str(v) for k, v in changes.items()}}


def test_points_example_by_hand():
    # 2×5 + 6×4 + 4×6 + 3×5 + 1×10 = 83 points; capacity 100 × (37 − 1.5) / 37 = 95.95 points
    out = run("workload", values())
    assert out["ok"]
    r = out["result"]
    assert r["load"] == 83
    assert r["capacity"] == pytest.approx(100 * 35.5 / 37, abs=1e-6)
    assert r["capacity_percent"] == 86.5  # 83 / 95.95 = 86.51%, shown and banded to one decimal place
    assert r["band"] == "Has capacity" and r["level"] == "blue"


def test_time_example_by_hand():
    # 2×8 + 6×5 + 4×9 + 3×7 + 1×16 = 119 hours a month; capacity (37 − 1.5) × 4.333
    r = run("workload", values(), {"model": "time"})["result"]
    assert r["load"] == 119
    assert r["capacity"] == pytest.approx(35.5 * 4.333, abs=1e-6)
    assert r["unit"] == "hours a month"


def test_asye_reduces_capacity_by_ten_percent():
    normal = run("workload", values())["result"]["capacity"]
    asye = run("workload", values(asye="yes"))["result"]["capacity"]
    assert asye == pytest.approx(normal * 0.9, abs=1e-6)


@pytest.mark.parametrize(
    ("cin", "band"), [(0, "Has capacity"), (9, "At capacity"), (11, "Over capacity"), (13, "Overloaded")]
)
def test_bands_follow_thresholds(cin, band):
    # base load without CIN is 59 points against 95.95: each CIN case adds 4 points
    assert run("workload", values(cases_cin=cin))["result"]["band"] == band


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        ("contracted_hours", "", "Enter contracted hours"),
        ("contracted_hours", "abc", "Contracted hours must be a number, like 37.5"),
        ("contracted_hours", "0", "Contracted hours must be more than 0"),
        ("contracted_hours", "-3", "Contracted hours must be 0 or more"),
        ("contracted_hours", "1000000000", "Contracted hours must be 60 or less"),
        ("contracted_hours", "nan", "Contracted hours must be a number, like 37.5"),
        ("cases_cin", "2.5", "Child in need must be a whole number, like 12"),
        ("cases_cp", "-1", "Child protection plan must be 0 or more"),
        ("cases_cla", "100000", "Child looked after must be 200 or less"),
        ("supervision_hours", "x", "Supervision and reflective time must be a number, like 37.5"),
        ("asye", "maybe", "In their ASYE year must be one of: No, Yes"),
        ("asye", "", "In their ASYE year: select an answer"),
    ],
)
def test_bad_input_names_the_field(field, raw, message):
    out = run("workload", values(**{field: raw}))
    assert not out["ok"]
    assert {"field": field, "message": message, "row": None, "table": None} in out["errors"]


def test_protected_time_cannot_use_all_hours():
    out = run("workload", values(contracted_hours=10, training_hours=10))
    assert out["errors"][0]["field"] == "contracted_hours"
    assert "must be more than the protected" in out["errors"][0]["message"]


def test_every_problem_reported_at_once():
    out = run("workload", values(cases_cin="x", cases_cp="-1", contracted_hours=""))
    assert {e["field"] for e in out["errors"]} == {"cases_cin", "cases_cp", "contracted_hours"}


def test_friendly_number_formats_accepted():
    assert run("workload", values(contracted_hours=" 37.0 ", cases_cin="£1"))["ok"]


def test_result_html_escapes_case_type_labels():
    data = json.loads(json.dumps(wl_default_data()))
    data["case_types"][0]["label"] = "<script>alert(1)</script>"
    out = run("workload", wl.example(prepare("workload", {}, data)[1]), {}, data)
    assert "<script>alert" not in out["html"] and "&lt;script&gt;" in out["html"]


def wl_default_data():
    from calculators.kit.data import load_data

    return load_data("workload.json")


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d.pop("case_types"), "case_types"),
        (lambda d: d["case_types"][1].update(points=-2), "case_types[1].points"),
        (lambda d: d["case_types"][0].update(id="a b"), "case_types[0].id"),
        (lambda d: d["bands"].pop(), "bands"),
        (lambda d: d["points"].update(full_time_maximum="100"), "points.full_time_maximum"),
        (lambda d: d.update(asye_reduction_percent=150), "asye_reduction_percent"),
    ],
)
def test_bad_data_names_the_key(change, key):
    data = wl_default_data()
    change(data)
    with pytest.raises(ConfigError) as problem:
        prepare("workload", {}, data)
    assert problem.value.key == key


def test_unknown_option_or_model_rejected():
    with pytest.raises(ConfigError, match=r"options\.model"):
        prepare("workload", {"model": "magic"})
    with pytest.raises(ConfigError, match=r"options\.colour"):
        prepare("workload", {"colour": "red"})


counts = st.integers(min_value=0, max_value=200)
hours = st.floats(min_value=5, max_value=60, allow_nan=False)


@settings(deadline=None)
@given(
    case=st.sampled_from([c.id for c in SETTINGS.case_types]),
    n=counts,
    base=counts,
    h=hours,
    model=st.sampled_from(wl.MODELS),
)
def test_adding_a_case_never_lowers_load(case, n, base, h, model):
    s = prepare("workload", {"model": model})[1]
    first = run("workload", values(**{f"cases_{case}": min(base, 199), "contracted_hours": h}), {"model": model})
    second = run("workload", values(**{f"cases_{case}": min(base, 199) + 1, "contracted_hours": h}), {"model": model})
    assert second["result"]["load"] >= first["result"]["load"]
    assert s.model == model


@settings(deadline=None)
@given(h=st.floats(min_value=5, max_value=30, allow_nan=False), model=st.sampled_from(wl.MODELS))
def test_doubling_hours_lowers_capacity_percent(h, model):
    one = run("workload", values(contracted_hours=h), {"model": model})["result"]["capacity_percent"]
    two = run("workload", values(contracted_hours=2 * h), {"model": model})["result"]["capacity_percent"]
    assert two < one


cli = partial(run_cli, "workload")


def test_cli_csv_batch_reports_rows_and_exit_code(tmp_path):
    (tmp_path / "team.csv").write_text(write_csv([values(), values(contracted_hours="0", cases_cin="x")]))
    out = cli(str(tmp_path / "team.csv"), "--format", "csv", "--option", "model=time")
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert lines[0].startswith("input,ok,model")
    assert lines[1].startswith("1,True,time")
    assert lines[2].startswith("2,False")
    assert "input 2: contracted_hours: Contracted hours must be more than 0" in out.stderr
    assert "Traceback" not in out.stderr


def test_cli_bad_option_and_missing_file_exit_2(tmp_path):
    assert cli("--example", "--option", "model=magic").returncode == 2
    missing = cli(str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_cli_council_data_file(tmp_path):
    data = wl_default_data()
    data["points"]["full_time_maximum"] = 50
    (tmp_path / "weights.json").write_text(json.dumps(data))
    out = cli("-", "--data", str(tmp_path / "weights.json"), stdin=json.dumps(values()))
    assert json.loads(out.stdout)["result"]["capacity"] == pytest.approx(50 * 35.5 / 37, abs=1e-6)


def test_settings_memo_keeps_council_data_apart():
    data = wl_default_data()
    data["points"]["full_time_maximum"] = 50
    assert prepare("workload", {}, data)[1].points_maximum == 50
    assert prepare("workload")[1].points_maximum == 100
    same = wl_default_data() | {"points": data["points"]}
    assert prepare("workload", {}, data)[1] is prepare("workload", {}, same)[1]
