"""Admin support business case: worked example, bad input, data checks, properties, command line."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import json
from functools import partial

import pytest
from cli_helpers import run_cli
from example_helpers import example_runner
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import ConfigError, prepare, run
from calculators.kit.data import load_data
from calculators.kit.report import render

CALC, SETTINGS = prepare("admin_support")
EXAMPLE = CALC.example(SETTINGS)


outcome, result, errors = example_runner("admin_support")


# --- the worked example, by hand ------------------------------------------------------------


def test_example_uses_the_published_pilot_ratio_and_time_shares():
    pilot = load_data("admin_support.json")["pilot"]
    assert EXAMPLE["support_ratio"] == str(pilot["support_ratio"]) == "3"
    assert float(EXAMPLE["transferable_percent"]) == pilot["admin_percent_before"] - pilot["admin_percent_after"]
    assert float(EXAMPLE["family_time_percent"]) == pilot["family_time_percent_before"]


def test_example_by_hand():
    r = result()
    # 30 social workers, 1 support post per 3 -> 10 posts
    assert r["support_posts"] == 10
    # 30 × 37 hours × 22% = 244.2 hours a week others could do; 10 posts × 37 = 370 hours available
    assert r["transferable_hours_per_week"] == pytest.approx(244.2)
    assert r["support_hours_per_week"] == 370
    assert r["hours_released_per_week"] == pytest.approx(244.2)
    assert r["hours_released_per_year"] == pytest.approx(244.2 * 45)
    assert r["spare_support_hours_per_week"] == pytest.approx(125.8)
    assert r["unmet_hours_per_week"] == 0
    # 244.2 ÷ 37 = 6.6 FTE
    assert r["capacity_released_fte"] == pytest.approx(6.6)
    # £42,000 + 30% = £54,600; £26,000 + 30% = £33,800
    assert r["social_worker_cost"] == 54600 and r["support_post_cost"] == 33800
    assert r["value_of_time_released"] == pytest.approx(6.6 * 54600)
    assert r["cost_of_support_posts"] == pytest.approx(338000)
    assert r["net_saving"] == pytest.approx(6.6 * 54600 - 338000)
    assert r["cost_per_social_worker"] == pytest.approx(338000 / 30, abs=1e-5)
    # family time 34% + 22% released (all of it to families) = 56%
    assert r["family_time_percent_before"] == 34 and r["family_time_percent_after"] == pytest.approx(56)


def test_too_few_support_posts_caps_the_hours_released():
    r = result(support_ratio=10)  # 3 posts × 37 = 111 hours, fewer than the 244.2 available
    assert r["hours_released_per_week"] == pytest.approx(111)
    assert r["unmet_hours_per_week"] == pytest.approx(244.2 - 111)
    assert "cannot take on all the tasks" in outcome(support_ratio=10)["html"]


def test_redirect_share_lowers_family_time_after():
    assert result(redirect_percent=50)["family_time_percent_after"] == pytest.approx(34 + 11)
    assert result(redirect_percent=0)["family_time_percent_after"] == 34


def test_report_names_the_pilot_and_labels_value_as_capacity():
    html = outcome()["html"]
    assert "Hampshire and Isle of Wight" in html and "£4,408" in html and "£9,000" in html
    assert "21 March 2017" in html
    assert "(our inference)" in html


def test_net_cost_is_shown_as_a_cost():
    out = outcome(support_salary=60000)
    assert out["result"]["net_saving"] < 0
    assert "Net cost" in out["html"] and "Costs more than the time it releases" in out["html"]


@pytest.mark.parametrize(
    ("net", "band", "shown_as"),
    [
        (-0.4, "Pays for itself", "Net saving: £0"),
        (-0.5, "Costs more than the time it releases", "Net cost: £1"),
        (0.5, "Pays for itself", "Net saving: £1"),
    ],
)
def test_the_verdict_follows_the_net_figure_as_shown(net, band, shown_as):
    """A net cost of 40p shows as £0, so it is not called a cost; 50p rounds to £1 either way."""
    s = prepare("admin_support")[1]
    calc = prepare("admin_support")[0]
    r = dataclasses.replace(calc.calculate(calc.read(calc.example(s), s), s), net_saving=net)
    html = render(calc.report(r, s))
    assert band in html and shown_as + " a year." in html


def test_download_is_a_formula_safe_csv_with_inputs_and_results():
    download, answers = outcome()["downloads"]
    assert answers["kind"] == "inputs" and download["kind"] == "result"
    assert download["filename"].endswith(".csv") and download["mime"] == "text/csv"
    rows = list(csv.DictReader(io.StringIO(download["text"])))
    by_measure = {r["measure"]: r for r in rows}
    assert float(by_measure["Net saving"]["value"]) == pytest.approx(result()["net_saving"], abs=0.01)
    assert by_measure["Input: Number of social workers"]["value"] == "30"  # whole numbers without ".0"
    assert not any(r["measure"].startswith(("=", "+", "-", "@")) for r in rows)


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"social_workers": ""}, "social_workers", "Enter number of social workers"),
        ({"social_workers": "0"}, "social_workers", "Number of social workers must be 1 or more"),
        ({"social_workers": "-5"}, "social_workers", "Number of social workers must be 1 or more"),
        (
            {"social_workers": "lots"},
            "social_workers",
            "Number of social workers must be a number, like 37.5",
        ),
        ({"social_workers": "2000000"}, "social_workers", "Number of social workers must be 100,000 or less"),
        ({"hours_per_week": "0"}, "hours_per_week", "Social worker's weekly hours must be more than 0"),
        ({"hours_per_week": "80"}, "hours_per_week", "Social worker's weekly hours must be 60 or less"),
        ({"working_weeks": "53"}, "working_weeks", "Working weeks a year must be 52 or less"),
        (
            {"transferable_percent": "120"},
            "transferable_percent",
            "Share of time on tasks others could do must be 100 or less",
        ),
        (
            {"transferable_percent": "70"},
            "transferable_percent",
            "Share of time on tasks others could do (70%) and time with children and families (34%) "
            "must add up to 100% or less",
        ),
        ({"support_ratio": "0"}, "support_ratio", "Social workers per support post must be more than 0"),
        ({"support_hours": "0"}, "support_hours", "Support post's weekly hours must be more than 0"),
        (
            {"social_worker_salary": "0"},
            "social_worker_salary",
            "Social worker's yearly salary must be more than 0",
        ),
        (
            {"support_salary": "£1,000,000"},
            "support_salary",
            "Support post's yearly salary must be £250,000 or less (read as £1,000,000)",
        ),
        ({"support_salary": ""}, "support_salary", "Enter support post's yearly salary"),
        (
            {"support_oncost_percent": "-1"},
            "support_oncost_percent",
            "Support post's on-costs must be 0 or more",
        ),
    ],
)
def test_bad_input_names_the_field(changes, field, message):
    assert errors(**changes)[field] == message


def test_every_problem_is_reported_at_once():
    found = errors(social_workers="0", support_ratio="x", support_salary="")
    assert set(found) == {"social_workers", "support_ratio", "support_salary"}


def test_money_and_percent_signs_are_accepted():
    assert result(social_worker_salary="£42,000", transferable_percent="22%") == result()


# --- data checks --------------------------------------------------------------------------------


def test_default_data_says_where_each_default_comes_from():
    data = load_data("admin_support.json")
    assert "project's own" in data["about"]
    assert "project's own" in data["salary_source"] and "pay scales" in data["salary_source"]
    assert "communitycare.co.uk/2017/03/21" in data["pilot"]["source_url"]
    for key in (
        "social_workers",
        "hours_per_week",
        "working_weeks",
        "transferable_percent",
        "family_time_percent",
        "redirect_percent",
        "support_ratio",
        "support_hours",
    ):
        assert f"{key}_source" in data


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"support_ratio": 0}, "support_ratio"),
        ({"social_workers": "30"}, "social_workers"),
        ({"transferable_percent": 150}, "transferable_percent"),
    ],
)
def test_bad_data_is_a_config_error(change, key):
    data = copy.deepcopy(load_data("admin_support.json"))
    data.update(change)
    with pytest.raises(ConfigError) as problem:
        prepare("admin_support", {}, data)
    assert problem.value.key == key


def test_missing_pilot_and_unknown_option_are_config_errors():
    data = copy.deepcopy(load_data("admin_support.json"))
    del data["pilot"]
    with pytest.raises(ConfigError):
        prepare("admin_support", {}, data)
    with pytest.raises(ConfigError):
        prepare("admin_support", {"model": "x"})


def test_council_data_changes_the_defaults():
    data = copy.deepcopy(load_data("admin_support.json"))
    data["social_worker_salary"] = 45000
    calc, s = prepare("admin_support", {}, data)
    assert calc.example(s)["social_worker_salary"] == "45000"


# --- properties -----------------------------------------------------------------------------------

values = st.fixed_dictionaries(
    {
        "social_workers": st.integers(1, 2000),
        "hours_per_week": st.floats(1, 60),
        "working_weeks": st.floats(1, 52),
        "transferable_percent": st.floats(0, 60),
        "family_time_percent": st.floats(0, 40),
        "redirect_percent": st.floats(0, 100),
        "support_ratio": st.floats(0.5, 50),
        "support_hours": st.floats(1, 60),
        "social_worker_salary": st.floats(1000, 200000),
        "social_worker_oncost_percent": st.floats(0, 100),
        "support_salary": st.floats(1000, 200000),
        "support_oncost_percent": st.floats(0, 100),
    }
)


def raw(v: dict) -> dict:
    return dict(v)  # JSON numbers: repr() would write tiny floats as 1e-308, which is refused


@settings(max_examples=150, deadline=None)
@given(values, st.floats(0.5, 50))
def test_more_support_posts_never_release_fewer_hours(v, other_ratio):
    fewer, more = sorted([v["support_ratio"], other_ratio], reverse=True)  # a higher ratio means fewer posts
    a = run("admin_support", raw({**v, "support_ratio": fewer}))["result"]
    b = run("admin_support", raw({**v, "support_ratio": more}))["result"]
    assert b["support_posts"] >= a["support_posts"] - 1e-6
    assert b["hours_released_per_week"] >= a["hours_released_per_week"] - 1e-6
    assert b["cost_of_support_posts"] >= a["cost_of_support_posts"] - 1e-3


@settings(max_examples=150, deadline=None)
@given(values)
def test_released_hours_and_family_time_stay_in_bounds(v):
    r = run("admin_support", raw(v))["result"]
    assert 0 <= r["hours_released_per_week"] <= r["transferable_hours_per_week"] + 1e-6
    assert r["hours_released_per_week"] <= r["support_hours_per_week"] + 1e-6
    assert r["family_time_percent_before"] <= r["family_time_percent_after"] <= 100
    assert r["net_saving"] == pytest.approx(r["value_of_time_released"] - r["cost_of_support_posts"], abs=1e-3)


@settings(max_examples=100, deadline=None)
@given(values, st.floats(0, 60))
def test_a_higher_share_of_transferable_time_never_releases_less(v, other):
    low, high = sorted([v["transferable_percent"], other])
    a = run("admin_support", raw({**v, "transferable_percent": low}))["result"]
    b = run("admin_support", raw({**v, "transferable_percent": high}))["result"]
    assert b["hours_released_per_week"] >= a["hours_released_per_week"] - 1e-6


# --- command line -----------------------------------------------------------------------------------


cli = partial(run_cli, "admin_support")


def test_cli_csv_in_csv_out_one_row_per_service(tmp_path):
    rows = [EXAMPLE, {**EXAMPLE, "social_workers": "60", "support_ratio": "4"}]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(EXAMPLE))
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "services.csv").write_text(buffer.getvalue())
    out = cli(str(tmp_path / "services.csv"), "--format", "csv")
    assert out.returncode == 0, out.stderr
    lines = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(lines) == 2
    for line, values in zip(lines, rows, strict=True):
        assert float(line["net_saving"]) == pytest.approx(run("admin_support", values)["result"]["net_saving"])


def test_cli_bad_input_exit_1_with_messages():
    out = cli("-", stdin=json.dumps({**EXAMPLE, "social_workers": "0", "support_ratio": "abc"}))
    assert out.returncode == 1
    assert "social_workers: Number of social workers must be 1 or more" in out.stderr
    assert "support_ratio: Social workers per support post must be a number, like 37.5" in out.stderr
    assert "Traceback" not in out.stderr
