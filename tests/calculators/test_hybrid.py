"""Hybrid working self-assessment: worked example, the suggested plan, bad input, framework data,
properties, downloads and the command line."""

from __future__ import annotations

import copy
import csv
import io
import json
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
from cli_helpers import run_cli
from example_helpers import download
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import ConfigError, act, prepare, run
from calculators import hybrid as hy
from calculators.kit.data import load_data

ROOT = Path(__file__).resolve().parents[2]
CALC, S = prepare("hybrid")
IDS = [c.id for c in S.conditions]
NAMES = {c.id: c.name for c in S.conditions}
KEYS = [lv.key for lv in S.scale.levels]


def data() -> dict:
    return copy.deepcopy(load_data("hybrid.json"))


def assess(plan: list | None = None, **ratings) -> dict:
    values = {f"rating_{c}": "" for c in IDS}
    values.update({f"rating_{k}": v for k, v in ratings.items()})
    values["plan"] = plan or []
    return values


# --- worked example ---------------------------------------------------------------------------


def test_worked_example_by_hand():
    values = hy.example(S)
    out = run("hybrid", values)
    assert out["ok"], out
    r = out["result"]
    # levels (i*3 + 2) mod 4 + 1 over nine conditions: 3 2 1 4 3 2 1 4 3
    assert [x["value"] for x in r["profile"]] == [3, 2, 1, 4, 3, 2, 1, 4, 3]
    assert r["summary"]["mean"] == pytest.approx(23 / 9)
    assert r["summary"]["strongest"] == [NAMES["messages"], NAMES["technology"]]
    assert r["summary"]["weakest"] == [NAMES["meetings"], NAMES["wellbeing_trust"]]
    assert [p["condition"] for p in r["plan"]] == [NAMES["meetings"]]
    # the third-weakest (first of the level-2 conditions) and the other level-1 one have no action yet
    assert r["weakest_without_actions"] == [NAMES["wellbeing_trust"], NAMES["children_families"]]
    assert "No action in the plan yet for" in out["html"]


def test_blank_assessment_is_valid():
    out = run("hybrid", {})
    assert out["ok"] and out["result"]["summary"]["rated"] == 0
    assert "No conditions rated yet" in out["html"]


def test_all_equal_ratings_have_no_weakest():
    out = run("hybrid", assess(**{c: "2" for c in IDS}))
    assert out["result"]["summary"]["weakest"] == []
    assert "Every rated condition is at the same level" in out["html"]


# --- the suggested plan -----------------------------------------------------------------------


def test_suggest_plan_adds_actions_for_the_weakest_conditions_lowest_first():
    values = assess(meetings="1", messages="2", technology="2", workspaces="3", connection="4")
    done = act("hybrid", "suggest_plan", values)
    assert done["ok"]
    plan = done["values"]["plan"]
    assert [row["condition"] for row in plan] == ["meetings", "messages", "technology"]
    assert plan[0]["action"] == S.suggestions["meetings"][0].action
    assert plan[0]["how_we_will_know"] == S.suggestions["meetings"][0].how_we_will_know
    assert plan[0]["owner"] == "" and plan[0]["by_when"] == ""
    assert done["values"]["rating_meetings"] == "1"  # everything else is kept


def test_suggest_plan_keeps_the_users_rows_and_never_duplicates():
    own = {
        "condition": "meetings",
        "action": "Our own action",
        "owner": "Head of service",
        "by_when": "2027-05-31",
        "how_we_will_know": "Survey",
    }
    values = assess(plan=[own, {"condition": "", "action": "", "owner": ""}], meetings="1")
    once = act("hybrid", "suggest_plan", values)["values"]
    twice = act("hybrid", "suggest_plan", once)["values"]
    assert once["plan"][0] == own
    assert len(once["plan"]) == 2  # the empty row is dropped, one suggestion added
    assert twice["plan"] == once["plan"]
    assert run("hybrid", twice)["ok"]


def test_suggest_plan_explains_when_there_is_nothing_to_suggest():
    nothing = act("hybrid", "suggest_plan", assess())
    assert nothing == {
        "ok": False,
        "errors": [
            {
                "field": f"rating_{IDS[0]}",
                "row": None,
                "table": None,
                "message": "Rate at least one condition before asking for suggested actions",
            }
        ],
    }
    top = act("hybrid", "suggest_plan", assess(meetings="4"))
    assert "nothing to suggest" in top["errors"][0]["message"]


def test_the_action_is_offered_as_a_button():
    assert hy.ACTIONS == {"suggest_plan": "Add suggested actions for the weakest conditions"}
    with pytest.raises(ConfigError):
        hy.act("unknown", {}, S)


# --- bad input ----------------------------------------------------------------------------------


def test_bad_input_gets_field_and_row_messages():
    plan = [
        {"condition": "not a condition", "action": "Do it"},
        {"condition": "meetings", "action": "", "owner": "Team manager"},
        {"condition": "", "action": "Something", "by_when": "end of March"},
        {"condition": "meetings", "action": "Something", "by_when": "31/03/2027"},
    ]
    out = run("hybrid", assess(plan=plan, meetings="5", scope="y" * 101) | {"scope": "y" * 101})
    assert not out["ok"]
    errors = {(e["row"], e["field"]): e["message"] for e in out["errors"]}
    assert errors[(None, "rating_meetings")].startswith("Level for Meetings that work must be one of: 1 – Not in")
    assert errors[(None, "scope")] == "Team or service must be 100 characters or fewer"
    assert errors[(0, "condition")] == (
        "Row 1: Condition must be one of the conditions above (you entered 'not a condition')"
    )
    assert errors[(1, "action")] == "Row 2: Enter the action"
    assert errors[(2, "condition")] == "Row 3: Select the condition this action is for"
    assert errors[(2, "by_when")] == (
        "Row 3: By when must be a date: choose one with the date picker, or write it as year-month-day, "
        "like 2026-03-31 (not 'end of March')"
    )
    assert errors[(3, "by_when")].endswith("(not '31/03/2027')")  # one format only, never guessed
    assert all(e["table"] == "plan" for e in out["errors"] if e["row"] is not None)


def test_conditions_can_be_given_by_name():
    out = run("hybrid", assess(plan=[{"condition": "meetings that work", "action": "A"}]))
    assert out["result"]["plan"][0]["condition"] == "Meetings that work"


def test_plan_rows_left_empty_are_ignored():
    out = run("hybrid", assess(plan=[{"condition": "", "action": "", "owner": " "}]))
    assert out["ok"] and out["result"]["plan"] == []


# --- framework data -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d.pop("conditions"), "conditions"),
        (lambda d: d["conditions"][2].update(suggested_actions="x"), "conditions[2].suggested_actions"),
        (lambda d: d["conditions"][2].update(suggested_actions=["x"]), "conditions[2].suggested_actions[0]"),
        (
            lambda d: d["conditions"][2]["suggested_actions"][0].pop("action"),
            "conditions[2].suggested_actions[0].action",
        ),
        (lambda d: d.update(suggest_for=99), "suggest_for"),
        (lambda d: d["scale"].pop(), None),
        (lambda d: d["scale"].clear(), "scale"),
    ],
)
def test_framework_problems_name_the_key(change, key):
    d = data()
    change(d)
    if key is None:  # three levels is still a valid scale
        prepare("hybrid", {}, d)
        return
    with pytest.raises(ConfigError) as caught:
        prepare("hybrid", {}, d)
    assert caught.value.key == key


def test_a_council_loads_its_own_nine_conditions_and_scale():
    official_shape = {
        "name": "Our council's conditions",
        "scale": [{"value": 0, "label": "No"}, {"value": 1, "label": "Partly"}, {"value": 2, "label": "Yes"}],
        "conditions": [{"id": f"c{n}", "name": f"Condition {n}"} for n in range(1, 10)],
    }
    out = run("hybrid", {"rating_c1": "0", "rating_c2": "Yes"}, data=official_shape)
    assert out["ok"] and out["result"]["summary"]["weakest"] == ["Condition 1"]
    # no suggested actions in the council's data: the plan is theirs to write
    assert act("hybrid", "suggest_plan", {"rating_c1": "0"}, data=official_shape)["values"]["plan"] == []


# --- every rating combination gives a valid summary ------------------------------------------------


@settings(deadline=None)
@given(st.lists(st.sampled_from(["", *KEYS]), min_size=len(IDS), max_size=len(IDS)))
def test_every_rating_combination_gives_a_valid_summary_and_plan(combo):
    values = assess(**dict(zip(IDS, combo, strict=True)))
    out = run("hybrid", values)
    assert out["ok"]
    r = out["result"]
    rated = [int(c) for c in combo if c]
    assert r["summary"]["rated"] == len(rated)
    if rated:
        assert 1 <= r["summary"]["mean"] <= 4
        assert {NAMES[i] for i, c in zip(IDS, combo, strict=True) if c and int(c) == max(rated)} == set(
            r["summary"]["strongest"]
        )
    below = sorted(int(c) for c in combo if c and int(c) < 4)
    suggested = act("hybrid", "suggest_plan", values)
    if not below:
        assert not suggested["ok"]
        return
    plan = suggested["values"]["plan"]
    assert 1 <= len(plan) <= S.suggest_for * max(len(v) for v in S.suggestions.values())
    chosen = {row["condition"] for row in plan}
    levels = {i: int(c) for i, c in zip(IDS, combo, strict=True) if c}
    assert max(levels[i] for i in chosen) <= below[min(len(below), S.suggest_for) - 1]
    after = run("hybrid", suggested["values"])
    assert after["ok"] and after["result"]["weakest_without_actions"] == []


# --- downloads -----------------------------------------------------------------------------------


def test_by_when_is_a_date_field_in_one_format():
    by_when = next(c for c in hy.form(S)[-1].columns if c.name == "by_when")
    assert by_when.kind == "date"
    out = run("hybrid", assess(plan=[{"condition": "meetings", "action": "Do it", "by_when": "2027-02-29"}]))
    assert out["errors"][0]["message"].endswith("(not '2027-02-29')")  # not a real day
    assert run("hybrid", assess(plan=[{"condition": "meetings", "action": "Do it", "by_when": " 2027-03-31 "}]))["ok"]


def test_plan_csv_and_markdown():
    plan = [
        {
            "condition": "meetings",
            "action": "=cmd|'/c calc'!A1",
            "owner": "+Team manager",
            "by_when": "2027-06-30",
            "how_we_will_know": "@survey | checked",
        }
    ]
    out = run("hybrid", assess(plan=plan, meetings="1") | {"scope": "Team <b>A</b>"})
    sheet = download(out, ".csv")
    assert sheet["mime"] == "text/csv" and sheet["filename"] == "hybrid-working-plan-team-b-a-b.csv"
    rows = list(csv.DictReader(io.StringIO(sheet["text"])))
    assert list(rows[0]) == ["Condition", "Action", "Owner", "By when", "How we will know"]
    assert rows[0] == {
        "Condition": "Meetings that work",
        "Action": "'=cmd|'/c calc'!A1",
        "Owner": "'+Team manager",
        "By when": "2027-06-30",
        "How we will know": "'@survey | checked",
    }
    md = download(out, ".md")["text"]
    assert md.startswith("# Hybrid working self-assessment and development plan")
    assert "Team or service: Team &lt;b&gt;A&lt;/b&gt;" in md
    assert "| Meetings that work | =cmd\\|'/c calc'!A1 |" in md
    assert "&lt;b&gt;" in out["html"] and "<b>A" not in out["html"]


def test_empty_plan_still_downloads_a_header():
    out = run("hybrid", assess())
    assert download(out, ".csv")["text"].strip() == "Condition,Action,Owner,By when,How we will know"
    assert "No actions yet." in download(out, ".md")["text"]


# --- command line ----------------------------------------------------------------------------------


cli = partial(run_cli, "hybrid")


def test_cli_json_in_json_out():
    done = cli("-", stdin=json.dumps(hy.example(S)))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["result"]["plan"][0]["condition"] == NAMES["meetings"]


def test_cli_csv_of_many_teams_in_csv_out(tmp_path):
    path = tmp_path / "teams.csv"
    path.write_text("scope,rating_meetings,rating_messages\nTeam A,1,4\nTeam B,3,3\nTeam C,9,\n", encoding="utf-8")
    done = cli(str(path), "--format", "csv")
    assert done.returncode == 1
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["ok"] for r in rows] == ["True", "True", "False"]
    assert rows[0]["scope"] == "Team A"
    assert "input 3: rating_meetings: Level for Meetings that work must be one of" in done.stderr


def test_cli_via_the_package_entry_point():
    done = subprocess.run(
        [sys.executable, "-m", "calculators", "hybrid", "--example"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0 and json.loads(done.stdout)["scope"] == "Example team"
