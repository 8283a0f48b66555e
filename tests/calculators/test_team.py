"""The team workload calculator: worked example by hand, bad input, data checks, properties, command line."""

from __future__ import annotations

import copy
import csv
import io
from functools import partial

import pytest
from cli_helpers import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import ConfigError, act, prepare, run, workload
from calculators import team as tm
from calculators.io.csv_files import write_csv
from calculators.kit.data import load_data

CALC, SETTINGS = prepare("team")
CASE_IDS = [c.id for c in SETTINGS.case_types]
EXTRA_IDS = [c.id for c in SETTINGS.complexity]
FULL = 37


def example(model: str = "points") -> dict:
    return tm.example(prepare("team", {"model": model})[1])


def with_rows(rows: list[dict], **changes) -> dict:
    return {**example(), "workers": rows, **changes}


def row(label="AB", hours="37", protected="3", asye="no", status="available", **counts) -> dict:
    out = {"label": label, "contracted_hours": hours, "protected_hours": protected, "asye": asye, "status": status}
    out.update({f"cases_{c}": str(counts.get(c, 0)) for c in CASE_IDS})
    out.update({f"extra_{c}": str(counts.get(c, 0)) for c in EXTRA_IDS})
    return out


def default_data() -> dict:
    return copy.deepcopy(load_data("workload.json"))


def worker(result: dict, label: str) -> dict:
    return next(w for w in result["workers"] if w["label"] == label)


# --- the worked example, by hand ------------------------------------------------------------


def test_points_example_by_hand():
    r = run("team", example())["result"]
    a = worker(r, "Worker A")
    # cases 2×5 + 6×4 + 5×6 + 4×5 = 84; complexity 1 court × 4 + 1 sibling group × 2 = 6
    assert a["load"] == 90
    assert a["capacity"] == pytest.approx(100 * (37 - 3) / 37, abs=1e-6)
    # capacity used is shown, and banded, to one decimal place: 90 / 91.89 = 97.94% is 97.9%
    assert a["capacity_percent"] == 97.9
    # at capacity is a full load, so not green (the site's colour for all fine) whatever the data says
    assert a["band"] == "At capacity" and a["level"] == "neutral"
    e = worker(r, "Worker E")  # ASYE: capacity reduced by 10%
    assert e["load"] == 2 * 5 + 4 * 4 + 2 * 6 + 2 * 5 + 2 + 1
    assert e["capacity"] == pytest.approx(100 * 32 / 37 * 0.9, abs=1e-6)
    assert [w["band"] for w in r["workers"]] == [
        "At capacity",
        "Has capacity",
        "Over capacity",
        "Has capacity",
        "Has capacity",
        "Overloaded",
    ]


def test_team_totals_and_who_has_room_by_hand():
    r = run("team", example())["result"]
    assert r["load"] == pytest.approx(sum(w["load"] for w in r["workers"]), abs=1e-6)
    assert r["capacity"] == pytest.approx(sum(w["capacity"] for w in r["workers"]), abs=1e-6)
    assert r["capacity_percent"] == round(r["load"] / r["capacity"] * 100, 1)
    assert r["over_capacity"] == 2
    # one more child protection case (6 points): A would reach (90 + 6) / 91.9 = 104%, so is not listed
    assert r["next_weight"] == 6
    assert [c["label"] for c in r["room_for_next"]] == ["Worker B", "Worker E", "Worker D"]
    b = r["room_for_next"][0]
    assert b["after_percent"] == round((51 + 6) / (100 * 34 / 37) * 100, 1)
    assert all(c["after_percent"] < 100 for c in r["room_for_next"])


def test_next_case_with_extra_weight():
    r = run("team", {**example(), "next_case": "cin", "next_extra": "court"})["result"]
    assert r["next_weight"] == 4 + 4
    assert r["next_case"] == "Child in need (in court proceedings)"


def test_time_model_matches_the_individual_calculator():
    # A worker with no complexity gets exactly what the individual calculator gives.
    rows = [row("X", 30, 2.5, "yes", assessment=1, cin=3, cp=2, cla=2)]
    team = run("team", with_rows(rows), {"model": "time"})["result"]["workers"][0]
    individual = {f"cases_{c}": v for c, v in {"assessment": 1, "cin": 3, "cp": 2, "cla": 2, "proceedings": 0}.items()}
    individual.update(
        contracted_hours="30",
        supervision_hours="2.5",
        training_hours="0",
        responsibility_hours="0",
        other_hours="0",
        asye="yes",
    )
    one = run("workload", individual, {"model": "time"})["result"]
    assert team["load"] == one["load"] and team["capacity"] == one["capacity"]
    assert team["capacity_percent"] == one["capacity_percent"]


def test_probation_rule_as_published():
    # available points = nominal target × contracted/default × (contracted − reduction)/contracted
    assert tm.probation_available_points(2176, 37, 37, 0) == 2176
    assert tm.probation_available_points(2176, 37, 18.5, 0) == pytest.approx(1088)
    assert tm.probation_available_points(2176, 37, 30, 3) == pytest.approx(2176 * 30 / 37 * 27 / 30)
    r = run("team", example("probation"), {"model": "probation"})["result"]
    a = worker(r, "Worker A")
    assert a["load"] == 2 * 109 + 6 * 87 + 5 * 131 + 4 * 109 + 87 + 44
    assert a["capacity"] == pytest.approx(2176 * 34 / 37, abs=1e-6)
    assert a["capacity_percent"] == round(a["load"] / a["capacity"] * 100, 1)
    assert r["unit"] == "points"


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "raw", "message"),
    [
        ("contracted_hours", "abc", "Row 2 (Worker B): Contracted hours must be a number, like 37.5"),
        ("contracted_hours", "", "Row 2 (Worker B): Contracted hours is missing"),
        ("contracted_hours", "0", "Row 2 (Worker B): Contracted hours must be more than 0"),
        ("contracted_hours", "61", "Row 2 (Worker B): Contracted hours must be 60 or less"),
        ("protected_hours", "40", "Row 2 (Worker B): Protected hours (40) cannot be more than contracted hours (37)"),
        ("cases_cin", "2.5", "Row 2 (Worker B): Child in need must be a whole number, like 12"),
        ("cases_cp", "-1", "Row 2 (Worker B): Child protection plan must be 0 or more"),
        ("asye", "maybe", "Row 2 (Worker B): ASYE must be one of: No, Yes"),
        ("label", "", "Row 2: Enter the worker's initials or a label"),
        (
            "label",
            "Worker A",
            "Row 2 (Worker A): Worker 'Worker A' is already used in row 1. Give each worker a different label",
        ),
        (
            "extra_court",
            "99",
            "Row 2 (Worker B): In court proceedings (99) cannot be more than the cases the worker holds (10)",
        ),
    ],
)
def test_row_errors_name_row_table_and_column(column, raw, message):
    values = example()
    values["workers"][1][column] = raw
    out = run("team", values)
    assert not out["ok"]
    assert {"field": column, "message": message, "row": 1, "table": "workers"} in out["errors"]


def test_empty_rows_are_skipped_and_row_numbers_still_match_the_form():
    values = example()
    blank = {k: "" for k in values["workers"][0]}
    values["workers"].insert(1, blank)
    assert run("team", values)["ok"]
    values["workers"][3]["cases_cla"] = "x"  # the form's fourth row
    out = run("team", values)
    assert out["errors"] == [
        {
            "field": "cases_cla",
            "message": "Row 4 (Worker C): Child looked after must be a whole number, like 12",
            "row": 3,
            "table": "workers",
        }
    ]


def test_no_workers_and_bad_shapes():
    out = run("team", with_rows([]))
    assert out["errors"][0]["field"] == "workers" and "Add at least 1 worker" in out["errors"][0]["message"]
    assert not run("team", {"workers": "nonsense"})["ok"]
    assert not run("team", {**example(), "next_case": "magic"})["ok"]


def test_every_problem_reported_at_once():
    values = example()
    values["workers"][0]["contracted_hours"] = "x"
    values["workers"][4]["cases_cin"] = "-2"
    out = run("team", values)
    assert {(e["row"], e["field"]) for e in out["errors"]} == {(0, "contracted_hours"), (4, "cases_cin")}


def test_column_labels_accepted_as_keys():
    labels = {c.name: c.label for c in tm.workers_table(SETTINGS).columns}
    rows = [{labels[k]: v for k, v in row("Z", "37", "2", cin=3).items()}]
    r = run("team", with_rows(rows))["result"]
    assert r["workers"][0]["load"] == 12


# --- imported names are text, and exports are safe -----------------------------------------

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    '=HYPERLINK("http://example.invalid","x")',
    "+SUM(1)",
    "@cmd",
    "-2+3",
]


def test_hostile_labels_escaped_in_html_and_neutralised_in_csv():
    rows = [row(label, cin=2) for label in HOSTILE]
    out = run("team", with_rows(rows))
    assert out["ok"]
    assert "<img" not in out["html"] and "&lt;img src=x onerror=alert(1)&gt;" in out["html"]
    download, inputs, _table = out["downloads"]  # results, the answers (JSON) and the table (CSV)
    assert inputs["kind"] == "inputs"
    assert download["filename"].endswith(".csv") and download["mime"] == "text/csv"
    cells = [r["worker"] for r in csv.DictReader(io.StringIO(download["text"]))]
    assert cells[0] == "<img src=x onerror=alert(1)>"  # not a formula: kept as it is
    assert cells[1:5] == ["'" + label for label in HOSTILE[1:]]
    assert cells[-1] == "Team total"


def test_results_csv_has_a_row_per_worker_and_a_total():
    out = run("team", example())
    rows = list(csv.DictReader(io.StringIO(out["downloads"][0]["text"])))
    assert len(rows) == 7 and rows[-1]["worker"] == "Team total"
    assert float(rows[-1]["capacity_percent"]) == round(out["result"]["capacity_percent"], 1)
    assert list(rows[0]) == tm.RESULT_COLUMNS


def test_csv_template_and_import_round_trip():
    template = act("team", "csv_template", {})
    assert template["ok"] and template["download"]["text"].startswith("label,contracted_hours,protected_hours,asye")
    imported = act("team", "import_csv", example(), payload=template["download"]["text"])
    assert imported["ok"]
    assert run("team", imported["values"])["result"] == run("team", example())["result"]


def test_import_with_labels_as_headers_and_unknown_column():
    labels = [c.label for c in tm.workers_table(SETTINGS).columns]
    text = (
        ",".join(labels) + "\n" + ",".join(["Q", "37", "2", "Yes"] + ["3"] * (len(labels) - 5) + ["Available"]) + "\n"
    )
    imported = act("team", "import_csv", example(), payload=text)
    assert run("team", imported["values"])["result"]["workers"][0]["label"] == "Q"
    assert imported["values"]["workers"][0]["asye"] == "yes"  # a choice's label becomes its value
    bad = act("team", "import_csv", example(), payload="worker,hours,colour\nQ,37,red\n")
    assert not bad["ok"]
    messages = [e["message"] for e in bad["errors"]]
    assert all(e["field"] == "workers" for e in bad["errors"])
    assert "Unknown column 'hours': did you mean 'contracted_hours'?" in messages
    assert "The file has no column for Protected hours ('protected_hours')" in messages


def test_one_label_in_two_unicode_spellings_is_one_worker():
    """ "José" with an accented é (NFC) and with e + a combining accent (NFD) look the same: one worker."""
    composed, decomposed = "Jos\u00e9", "Jose\u0301"
    assert composed != decomposed
    out = run("team", with_rows([row(composed, cin=3), row(decomposed.upper(), cin=3)]))
    assert not out["ok"]
    assert out["errors"][0]["message"] == (
        f"Row 2 ({decomposed.upper()}): Worker {decomposed.upper()!r} is already used in row 1. "
        "Give each worker a different label"
    )
    assert run("team", with_rows([row(composed, cin=3), row("Jose", cin=3)]))["ok"]  # no accent: another


# --- the headline: the pooled figure and the spread --------------------------------------------


def test_pooled_room_never_reads_as_has_capacity_while_a_worker_is_over():
    """The issue's team: a new starter's empty capacity pools to under 95%, with 6 of 13 at or over 100%."""
    over = [row(f"O{k}", cp=16) for k in range(4)] + [row(f"R{k}", cp=19) for k in range(2)]  # 104.5%, 124%
    rest = [row(f"U{k}", cp=11) for k in range(6)] + [row("New", cin=0)]  # 71.8%, and an empty caseload
    out = run("team", with_rows(over + rest))
    r = out["result"]
    assert r["pooled_band"] == "Has capacity" and r["capacity_percent"] < 95
    assert r["band"] == tm.UNEVEN and r["level"] == "red"  # the colour of its most loaded worker
    assert r["over_capacity"] == 6 and r["over_bands"] == [["Overloaded", 2]]
    headline = out["html"].split("</p>")[0]
    assert (
        f"Team capacity used: {r['capacity_percent']:.1f}% pooled; 6 of 13 workers at or over 100%, 2 overloaded; "
        "highest 124.1% (R0), lowest 0.0% (New)." in headline  # 19 × 6 = 114 points of 100 × 34 ÷ 37 = 91.9
    )
    assert "Has capacity" not in headline
    assert "6 of 13 workers are at or over 100%" in r["band_description"]
    assert run("team", with_rows(over + rest), {"model": "time"})["result"]["band"] == tm.UNEVEN


def test_an_even_team_keeps_the_data_s_band():
    out = run("team", with_rows([row("A", cin=5), row("B", cin=6)]))
    r = out["result"]
    assert (r["band"], r["over_capacity"], r["over_bands"]) == ("Has capacity", 0, [])
    # 5 × 4 = 20 and 6 × 4 = 24 points of 100 × 34 ÷ 37 = 91.89: 21.8% and 26.1%
    assert "pooled; 0 of 2 workers at or over 100%; highest 26.1% (B), lowest 21.8% (A). Has capacity." in out["html"]
    over = run("team", with_rows([row("A", cp=19), row("B", cp=16)]))["result"]  # both over: the data's band
    assert (over["band"], over["over_bands"]) == ("Overloaded", [["Overloaded", 1]])


def test_the_chart_has_a_key_in_words_and_at_capacity_is_not_green():
    out = run("team", example())
    key = out["html"].split('<ul class="calc-chart__legend calc-key"')[1].split("</ul>")[0]
    for text in (
        "Has capacity: under 95%",
        "At capacity: 95% to 100%",
        "Over capacity: 100% to 110%",
        "Overloaded: 110% or more",
        "Dashed line: 100%",
    ):
        assert text in key
    a = worker(out["result"], "Worker A")
    assert a["band"] == "At capacity" and a["level"] != "green"
    assert "calc-bar--green" not in out["html"]


def test_large_team_gets_table_without_chart():
    rows = [row(f"W{i}", cin=3) for i in range(tm.CHART_LIMIT + 1)]
    out = run("team", with_rows(rows))
    assert "calc-chart" not in out["html"] and f"W{tm.CHART_LIMIT}" in out["html"]
    small = run("team", example())
    assert "calc-chart" in small["html"] and "100%" in small["html"]


# --- data a council supplies -----------------------------------------------------------------


def test_council_data_replaces_the_defaults():
    data = default_data()
    data["points"]["full_time_maximum"] = 50
    data["case_types"] = [{"id": "adult", "label": "Adult review", "points": 2, "hours_per_month": 3}]
    data["team"] = {"next_case_default": "adult"}
    s = prepare("team", {}, data)[1]
    values = {
        "workers": [
            {
                "label": "A",
                "contracted_hours": "37",
                "protected_hours": "0",
                "asye": "no",
                "cases_adult": "10",
            }
        ],
        "next_case": "adult",
    }
    r = run("team", values, {}, data)["result"]
    assert r["workers"][0]["capacity_percent"] == pytest.approx(40)
    assert [f.name for f in tm.form(s)] == ["team_name", "week_of", "workers", "next_case", "comments"]


@pytest.mark.parametrize(
    ("model", "change", "key"),
    [
        ("points", lambda d: d.pop("case_types"), "case_types"),
        ("points", lambda d: d["case_types"][1].update(points=0), "case_types[1].points"),
        ("points", lambda d: d["team"]["complexity"][0].update(points=-1), "team.complexity[0].points"),
        ("points", lambda d: d["team"]["complexity"][0].update(id="cin"), "team.complexity"),
        ("points", lambda d: d["team"].update(complexity="court"), "team.complexity"),
        ("points", lambda d: d["team"].update(next_case_default="nope"), "team.next_case_default"),
        ("points", lambda d: d["team"].update(next_case_default="proceedings"), "team.next_case_default"),
        ("points", lambda d: d["team"].update(case_types=["cp", "adult"]), "team.case_types[1]"),
        ("points", lambda d: d["team"].update(case_types=["cp", "cp"]), "team.case_types"),
        ("points", lambda d: d["team"].update(case_types=[]), "team.case_types"),
        ("points", lambda d: d["bands"].pop(), "bands"),
        ("probation", lambda d: d["team"].pop("probation"), "team.probation"),
        ("probation", lambda d: d.pop("team"), "team.probation"),
        ("probation", lambda d: d["team"]["probation"].update(nominal_target=0), "team.probation.nominal_target"),
        ("probation", lambda d: d["case_types"][0].pop("probation_points"), "case_types[0].probation_points"),
    ],
)
def test_bad_data_names_the_key(model, change, key):
    data = default_data()
    change(data)
    with pytest.raises(ConfigError) as problem:
        prepare("team", {"model": model}, data)
    assert problem.value.key == key


def test_probation_points_needed_only_for_the_probation_model():
    data = default_data()
    data["team"].pop("probation")
    for c in data["case_types"] + data["team"]["complexity"]:
        c.pop("probation_points")
    assert run("team", example(), {}, data)["ok"]


def test_one_data_file_for_both_workload_calculators():
    """A council edits its hours, bands and case types once: the team calculator reads workload.json."""
    assert tm.DATA_FILE == workload.DATA_FILE and tm.DATA_SCHEMA is workload.DATA_SCHEMA
    data = default_data()
    data["points"]["full_time_maximum"] = 50
    data["case_types"][2]["label"] = "CP plan"
    team = prepare("team", {}, data)[1]
    assert team.points_maximum == 50 == prepare("workload", {"model": "points"}, data)[1].points_maximum
    assert "CP plan" in [c.label for c in team.case_types]


def test_the_team_block_chooses_and_orders_the_case_types():
    data = default_data()
    data["team"]["case_types"] = ["cla", "proceedings"]
    data["team"]["next_case_default"] = "proceedings"
    assert [c.id for c in prepare("team", {}, data)[1].case_types] == ["cla", "proceedings"]
    del data["team"]["case_types"], data["team"]["next_case_default"]
    everything = prepare("team", {}, data)[1]
    assert [c.id for c in everything.case_types] == [c["id"] for c in data["case_types"]]
    assert everything.next_case_default == data["case_types"][0]["id"]


def test_no_team_block_means_no_complexity_items_never_our_defaults():
    """A council's workload.json without a team block gets none of our complexity items or probation figures."""
    data = default_data()
    del data["team"]
    s = prepare("team", {}, data)[1]
    assert s.complexity == () and [c.id for c in s.case_types] == [c["id"] for c in data["case_types"]]


@pytest.mark.parametrize("key", ["complexity", "probation", "next_case_default"])
def test_a_key_left_where_team_json_had_it_is_refused_with_the_fix(key):
    data = default_data()
    data[key] = data["team"].pop(key)
    for name in ("team", "workload"):
        with pytest.raises(ConfigError) as problem:
            prepare(name, {}, data)
        assert problem.value.key == key and f"move it to team.{key}" in problem.value.message


def test_unknown_option_or_model_rejected():
    with pytest.raises(ConfigError, match=r"options\.model"):
        prepare("team", {"model": "magic"})
    with pytest.raises(ConfigError, match=r"options\.colour"):
        prepare("team", {"colour": "red"})


# --- properties ------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=40)
models = st.sampled_from(tm.MODELS)


@st.composite
def workers(draw, min_size=1, max_size=8):
    n = draw(st.integers(min_size, max_size))
    out = []
    for i in range(n):
        hours = draw(st.floats(min_value=5, max_value=60, allow_nan=False))
        protected = draw(st.floats(min_value=0, max_value=hours * 0.8, allow_nan=False))
        cases = {c: draw(counts) for c in CASE_IDS}
        held = sum(cases.values())
        extras = {c: draw(st.integers(0, held)) for c in EXTRA_IDS}
        out.append(
            row(
                f"W{i}",
                round(hours, 2),
                round(protected, 2),
                draw(st.sampled_from(["yes", "no"])),
                **cases,
                **extras,
            )
        )
    return out


@settings(max_examples=60, deadline=None)
@given(team=workers(), model=models, who=st.integers(0, 7), case=st.sampled_from(CASE_IDS))
def test_adding_a_case_never_lowers_a_workers_load(team, model, who, case):
    who %= len(team)
    before = run("team", with_rows(team), {"model": model})["result"]
    team[who][f"cases_{case}"] = str(int(team[who][f"cases_{case}"]) + 1)
    after = run("team", with_rows(team), {"model": model})["result"]
    assert after["workers"][who]["load"] > before["workers"][who]["load"]
    assert after["workers"][who]["capacity_percent"] > before["workers"][who]["capacity_percent"]
    assert after["load"] > before["load"]


@settings(max_examples=60, deadline=None)
@given(
    hours=st.floats(min_value=5, max_value=30, allow_nan=False),
    protected=st.floats(0, 4.9),
    cases=st.integers(1, 40),
    model=models,
    asye=st.sampled_from(["yes", "no"]),
)
def test_doubling_hours_with_the_same_cases_lowers_capacity_percent(hours, protected, cases, model, asye):
    one = run("team", with_rows([row("A", hours, protected, asye, cin=cases)]), {"model": model})["result"]
    two = run("team", with_rows([row("A", 2 * hours, protected, asye, cin=cases)]), {"model": model})["result"]
    assert two["capacity_percent"] < one["capacity_percent"]


@settings(max_examples=60, deadline=None)
@given(team=workers(), model=models)
def test_team_total_is_the_sum_of_workers(team, model):
    r = run("team", with_rows(team), {"model": model})["result"]
    assert r["load"] == pytest.approx(sum(w["load"] for w in r["workers"]), abs=1e-5)
    assert r["capacity"] == pytest.approx(sum(w["capacity"] for w in r["workers"]), abs=1e-5)
    assert r["cases"] == sum(w["cases"] for w in r["workers"])
    assert r["over_capacity"] == sum(w["capacity_percent"] >= 100 for w in r["workers"])
    listed = [c["label"] for c in r["room_for_next"]]
    percents = [c["after_percent"] for c in r["room_for_next"]]
    assert percents == sorted(percents) and all(p < 100 for p in percents)
    for w in r["workers"]:  # listed exactly when one more case keeps them under 100%
        assert (w["label"] in listed) == (round((w["load"] + r["next_weight"]) / w["capacity"] * 100, 1) < 100)


bad_cells = st.sampled_from(["x", "-1", "1e9", "nan", "2.5", ""])


@settings(max_examples=60, deadline=None)
@given(
    team=workers(min_size=2),
    where=st.integers(0, 7),
    column=st.sampled_from(["contracted_hours", "protected_hours", *[f"cases_{c}" for c in CASE_IDS]]),
    bad=bad_cells,
)
def test_row_errors_carry_row_and_table(team, where, column, bad):
    where %= len(team)
    if bad == "2.5" and column in ("contracted_hours", "protected_hours"):
        bad = "x"
    team[where][column] = bad
    out = run("team", with_rows(team))
    assert not out["ok"]
    for e in out["errors"]:
        assert e["table"] == "workers" and e["row"] == where
        label = " ".join(str(team[where]["label"]).split())[:40]
        assert e["message"].startswith(f"Row {where + 1} ({label}): " if label else f"Row {where + 1}: ")


# --- command line ----------------------------------------------------------------------------


cli = partial(run_cli, "team")


def test_cli_csv_in_csv_out(tmp_path):
    (tmp_path / "team.csv").write_text(tm.csv_template(SETTINGS))
    out = cli(str(tmp_path / "team.csv"), "--format", "csv", "--option", "model=probation")
    assert out.returncode == 0, out.stderr
    # a single team is written as the calculator's own export: one row per worker and a total
    outcome = run("team", example("probation"), {"model": "probation"})
    assert out.stdout == outcome["downloads"][0]["text"].replace("\r\n", "\n")  # text-mode read
    lines = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(lines) == len(outcome["result"]["workers"]) + 1


def test_cli_bad_rows_exit_1_with_row_numbers(tmp_path):
    rows = [row("A", cin=4), row("B", "abc", cin=4), row("C", cin=-1)]
    (tmp_path / "team.csv").write_text(write_csv(rows))
    out = cli(str(tmp_path / "team.csv"), "--format", "csv")
    assert out.returncode == 1
    assert "contracted_hours: B (row 3 of the file): Contracted hours must be a number, like 37.5" in out.stderr
    assert "cases_cin: C (row 4 of the file): Child in need must be 0 or more" in out.stderr
    assert "Traceback" not in out.stderr


def test_cli_unknown_column_exit_1_naming_the_nearest(tmp_path):
    (tmp_path / "team.csv").write_text("label,hours\nA,37\n")
    out = cli(str(tmp_path / "team.csv"))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "workers: Unknown column 'hours': did you mean 'contracted_hours'?" in out.stderr
