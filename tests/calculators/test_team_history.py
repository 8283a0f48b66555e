"""The team over time (calculators/team/history.py): snapshots from a result, the trend and the
comparison worked by hand, the history file (JSON and a workbook with a sheet per week) and the team's
answers file carrying the mapping and the saved weeks, each read back to the same weeks."""

from __future__ import annotations

import base64
import copy
import io
import json

import openpyxl
import pytest

from calculators import act, prepare, run
from calculators.io.answers import HISTORY_FORMAT, INPUTS_FORMAT
from calculators.team import history as h

CALC, SETTINGS = prepare("team")


def answers(week: str = "2026-11-27", team: str = "North", **changes: str) -> dict:
    """The worked example as the form holds it, for a week and a team; `changes` are Worker A's cells."""
    values = copy.deepcopy(CALC.example(SETTINGS))
    values.update(team_name=team, week_of=week)
    values["workers"][0].update(changes)
    return values


def saved(values: dict, today: str = "") -> dict:
    out = act("team", "save_week", {"answers": values, "today": today})
    assert out["ok"], out
    return out["values"]["snapshot"]


def history(task: str, **values) -> dict:
    out = act("team", "history", {"task": task, **values})
    assert out["ok"], out
    return out["values"]


def figures(label: str, percent: float, load: float, capacity: float, cases: int) -> h.Figures:
    return h.Figures(label, percent, load, capacity, cases)


def snapshot(week: str, *workers: h.Figures) -> h.Snapshot:
    load, capacity = sum(w.load for w in workers), sum(w.capacity for w in workers)
    team = figures("Team", round(load / capacity * 100, 1), load, capacity, sum(w.cases for w in workers))
    return h.Snapshot(week, "North", "points", team, workers)


# --- snapshots: the result's own figures ------------------------------------------------------


def test_a_snapshot_holds_the_answers_and_the_figures_the_result_shows():
    values = answers()
    snap = saved(values)
    result = run("team", values)["result"]
    assert snap["week"] == "2026-11-27" and snap["team_name"] == "North" and snap["week_given"]
    assert snap["team"]["capacity_percent"] == result["capacity_percent"]
    assert snap["team"]["load"] == result["load"] and snap["team"]["cases"] == result["cases"]
    assert [(w["label"], w["capacity_percent"], w["cases"]) for w in snap["workers"]] == [
        (w["label"], w["capacity_percent"], w["cases"]) for w in result["workers"]
    ]
    assert snap["answers"] == values


def test_a_blank_week_is_dated_today_and_bad_answers_are_named():
    snap = saved(answers(week=""), today="2026-12-04")
    assert snap["week"] == "2026-12-04" and not snap["week_given"]
    out = act("team", "save_week", {"answers": answers(contracted_hours="abc"), "today": "2026-12-04"})
    assert not out["ok"] and out["errors"][0]["row"] == 0 and out["errors"][0]["field"] == "contracted_hours"


# --- the trend, by hand ----------------------------------------------------------------------


def test_the_trend_orders_the_weeks_and_gives_each_change_in_points():
    a1, b1 = figures("A", 90.0, 27, 30, 10), figures("B", 50.0, 15, 30, 6)
    a2, c2 = figures("a", 103.3, 31, 30, 11), figures("C", 40.0, 12, 30, 4)
    later, earlier = snapshot("2026-12-04", a2, c2), snapshot("2026-11-27", a1, b1)
    t = h.trend([later, earlier])
    assert t.weeks == ("2026-11-27", "2026-12-04")
    # team: 42 of 60 = 70.0%, then 43 of 60 = 71.7%: up 1.7 points
    assert [r.team.capacity_percent for r in t.team] == [70.0, 71.7]
    assert [r.change for r in t.team] == [None, 1.7]
    # workers matched by label in any case ("A" then "a"), in the order they first appear
    assert [(w.label, w.percents) for w in t.workers] == [
        ("A", (90.0, 103.3)),
        ("B", (50.0, None)),
        ("C", (None, 40.0)),
    ]


def test_a_trend_of_weeks_worked_out_by_python_matches_their_results():
    first, second = saved(answers()), saved(answers("2026-12-04", cases_cin="9"))
    t = history("trend", snapshots=[second, first])["trend"]
    assert t["weeks"] == ["2026-11-27", "2026-12-04"]
    change = t["team"][1]["change"]
    assert change == round(second["team"]["capacity_percent"] - first["team"]["capacity_percent"], 1) and change > 0
    assert t["workers"][0]["percents"] == [
        first["workers"][0]["capacity_percent"],
        second["workers"][0]["capacity_percent"],
    ]


# --- the comparison, by hand -------------------------------------------------------------------


def test_the_comparison_gives_every_difference_and_says_it_in_words():
    before = snapshot("2026-11-27", figures("A", 90.0, 27, 30, 10), figures("B", 50.0, 15, 30, 6))
    after = snapshot(
        "2026-12-04", figures("A", 103.3, 31, 30, 11), figures("C", 40.0, 12, 30, 4), figures("b", 50.0, 15, 30, 6)
    )
    c = h.compare(before, after, "Week of 2026-11-27", "Week of 2026-12-04")
    a, b, new = c.workers
    assert (a.percent_change, a.load_change, a.cases_change) == (13.3, 4, 1)
    assert a.text == "A: up 13.3 percentage points; load +4 points; +1 cases"
    assert b.text == "b: no change"  # as the later week writes the label and b.percent_change == 0
    assert new.before is None and new.text == "C: new, at 40.0%"
    # team: 42 of 60 = 70.0%, then 58 of 90 = 64.4%
    assert c.team.percent_change == -5.6 and c.team.text.startswith("Team: down 5.6 percentage points; load +16")
    gone = h.compare(after, before, "x", "y").workers[1]
    assert gone.after is None and gone.text == "C: no longer in the team (was at 40.0%)"


def test_a_what_if_is_compared_with_the_real_team_from_their_answers():
    real, what_if = answers(), answers(cases_cp="9")
    c = history(
        "compare", before={"answers": real, "name": "Real team"}, after={"answers": what_if, "name": "What-if"}
    )["comparison"]
    worker_a = run("team", real)["result"]["workers"][0], run("team", what_if)["result"]["workers"][0]
    assert c["before"] == "Real team" and c["after"] == "What-if"
    assert c["workers"][0]["percent_change"] == round(
        worker_a[1]["capacity_percent"] - worker_a[0]["capacity_percent"], 1
    )
    assert all(d["text"].endswith("no change") for d in c["workers"][1:])


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ([], "not a saved week"),
        ({"week": "last week", "workers": []}, "has no week"),
        (
            {"week": "2026-11-27", "team": {"capacity_percent": 1, "load": 1, "capacity": 1, "cases": 1}},
            "no list of workers",
        ),
        ({"week": "2026-11-27", "workers": [], "team": {"capacity_percent": "x"}}, "no number for 'capacity_percent'"),
    ],
)
def test_a_damaged_week_is_named_not_compared(bad, message):
    out = act("team", "history", {"task": "trend", "snapshots": [bad]})
    assert not out["ok"] and message in out["errors"][0]["message"]


# --- files: the history, and the answers file that carries it -----------------------------------


def two_weeks() -> list[dict]:
    return [saved(answers()), saved(answers("2026-12-04", cases_cin="9"))]


def imported(download: dict) -> dict:
    data = download.get("base64") or base64.b64encode(download["text"].encode()).decode()
    return history("import", filename=download["filename"], base64=data)


def test_the_history_file_round_trips_as_json():
    weeks = two_weeks()
    download = history("export", snapshots=weeks[::-1])["download"]
    record = json.loads(download["text"])
    assert download["filename"] == "team-history-north.json" and record["format"] == HISTORY_FORMAT
    back = imported(download)
    assert back["team_name"] == "North"
    assert [(s["week"], s["team"], s["workers"]) for s in back["snapshots"]] == [
        (s["week"], s["team"], s["workers"]) for s in weeks
    ]


def test_the_history_workbook_has_a_sheet_per_week_and_reads_back_to_the_same_figures():
    weeks = two_weeks()
    download = history("export", snapshots=weeks, **{"as": "xlsx"})["download"]
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(download["base64"])))
    assert book.sheetnames == ["Trend", "2026-11-27", "2026-12-04"]
    assert book["Trend"]["C2"].value == weeks[0]["team"]["capacity_percent"]
    assert book["2026-12-04"]["A2"].value == "Worker A"
    back = imported(download)
    assert [(s["week"], s["team"]) for s in back["snapshots"]] == [(s["week"], s["team"]) for s in weeks]
    assert "worked out again" in back["notices"][0]


def test_the_answers_file_carries_the_mapping_and_the_weeks_and_restores_them():
    weeks, values = two_weeks(), answers("2026-12-04")
    mapping = {"FTE": "fte", "CIN": "cases_cin"}
    made = history("answers_file", answers=values, mapping=mapping, snapshots=weeks)["download"]
    record = json.loads(made["text"])
    assert made["filename"] == "team-answers-north-2026-12-04.json"  # the team and the week, as the report's
    assert record["format"] == INPUTS_FORMAT and record["values"] == values
    assert record["mapping"] == mapping and [s["week"] for s in record["history"]] == ["2026-11-27", "2026-12-04"]
    # the form's import reads the answers (team, week, table and next case) ...
    loaded = act("team", "import_file", {}, payload=base64.b64encode(made["text"].encode()).decode(), filename="a.json")
    assert loaded["ok"] and {k: loaded["values"][k] for k in values} == values
    # ... and the history reads the weeks and the mapping from the same file
    back = imported(made)
    assert back["mapping"] == mapping and [s["team"] for s in back["snapshots"]] == [s["team"] for s in weeks]


def test_the_team_offers_its_answers_as_json_and_its_table_as_csv():
    out = run("team", answers())
    offered = [(d["filename"], d["kind"]) for d in out["downloads"]]
    assert ("team-answers.json", "inputs") in offered and ("team-workers.csv", "table") in offered


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "it is not JSON"),
        ('{"format": "something/else"}', "not a history file"),
        (json.dumps({"format": HISTORY_FORMAT, "calculator": "workload", "snapshots": []}), "another calculator"),
        (json.dumps({"format": HISTORY_FORMAT, "calculator": "team", "snapshots": [{"week": "x"}]}), "has no week"),
    ],
)
def test_a_file_that_is_not_a_history_is_named(text, message):
    out = act(
        "team", "history", {"task": "import", "filename": "h.json", "base64": base64.b64encode(text.encode()).decode()}
    )
    assert not out["ok"] and message in out["errors"][0]["message"]


# --- workers away, and the report's trend since the weeks saved before ------------------------------


def test_a_worker_away_is_named_as_away_in_the_trend_and_the_comparison():
    away = answers()
    away["workers"][1]["status"] = "long_term_absent"
    first, second = saved(away), saved(answers("2026-12-04"))
    assert first["away"] == ["Worker B"] and first["cover_cases"] == run("team", away)["result"]["cover_cases"] > 0
    t = history("trend", snapshots=[first, second])["trend"]
    worker_b = next(w for w in t["workers"] if w["label"] == "Worker B")
    assert worker_b["percents"][0] is None and worker_b["notes"] == ["away", ""]
    c = history("compare", before=second, after=first)["comparison"]
    assert c["workers"][1]["text"].startswith("Worker B: away (was at 55.5%)")
    back = history("compare", before=first, after=second)["comparison"]
    assert any(d["text"] == "Worker B: back from being away, at 55.5%" for d in back["workers"])


def test_the_report_has_its_trend_since_the_weeks_saved_before_it():
    weeks = [saved(answers(w)) for w in ("2026-11-06", "2026-11-13", "2026-11-20", "2026-11-27", "2026-12-04")]
    earlier = h.earlier_weeks([h.read_snapshot(x) for x in weeks], "2026-12-04")
    assert [e.week_of for e in earlier] == [
        "2026-11-06",
        "2026-11-13",
        "2026-11-20",
        "2026-11-27",
    ]  # at most 4, before it
    assert earlier[-1].capacity_percent == weeks[3]["team"]["capacity_percent"] and earlier[-1].workers == 6
    html = history("report", answers=answers("2026-12-04"), snapshots=weeks)["html"]
    assert "Trend since the last snapshots" in html and "27 November 2026" in html and "4 December 2026" in html
    assert "Trend since" not in run("team", answers("2026-12-04"))["html"]  # without saved weeks, no trend
