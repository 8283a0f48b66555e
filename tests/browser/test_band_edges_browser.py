"""Band edges in Chromium: a worker exactly at 100% of capacity (30 points against a capacity of 30 that
floats work out as 30.000000000000007) is "Over capacity" and counted as over, in the page's Python as
on the command line. The native property tests (test_band_edges.py) cover every threshold and model."""

from __future__ import annotations

import copy

import pytest
from browser_helpers import fill, fill_table, open_calculator, result_of

import calculators
from calculators import run
from calculators import team as tm

pytestmark = [pytest.mark.browser, pytest.mark.shared_page]

# 16.1 contracted hours less 5 protected: 11.1 hours, 100 × 11.1 ÷ 37 = 30 points; 5 child protection
# cases at 6 points each = 30 points: exactly 100%.
EDGE = {"contracted_hours": "16.1", "cases_cp": "5"}


def test_an_individual_exactly_at_100_percent_is_over_capacity_in_the_page(page, site_url):
    calc = "calc-workload"  # model=both
    open_calculator(page, site_url, "workload/individual-calculator/", calc)
    values = calculators.prepare("workload")[0].example(calculators.prepare("workload", {"model": "both"})[1])
    values.update({k: "0" for k in values if k.startswith("cases_")})
    values.update(EDGE, supervision_hours="5", training_hours="0", responsibility_hours="0", other_hours="0")
    fill(page, calc, {k: v for k, v in values.items() if k != "asye"})
    got = result_of(page, calc)
    assert got == run("workload", values, {"model": "both"})["result"]
    assert (got["points"]["capacity_percent"], got["points"]["band"]) == (100.0, "Over capacity")
    assert "Points model: 100.0% (Over capacity)" in page.inner_text(f"#{calc} .calc-headline")


def test_a_team_worker_exactly_at_100_percent_is_counted_as_over_in_the_page(page, site_url):
    calc = "calc-team"  # model=points
    open_calculator(page, site_url, "workload/team-calculator/", calc)
    example = tm.example(calculators.prepare("team", {"model": "points"})[1])
    worker = {
        **{k: "0" for k in example["workers"][0]},
        "label": "AB",
        "protected_hours": "5",
        "asye": "no",
        "status": tm.AVAILABLE,  # at work: their load counts in the team's capacity
        **EDGE,
    }
    new_starter = {**worker, "label": "New", "contracted_hours": "37", "protected_hours": "3", "cases_cp": "0"}
    team = [worker, new_starter, copy.deepcopy(example["workers"][1])]
    fill_table(page, calc, "workers", team)
    got = result_of(page, calc)
    assert got == run("team", {**example, "workers": team})["result"]
    assert got["workers"][0]["band"] == "Over capacity" and got["over_capacity"] == 1
    headline = page.inner_text(f"#{calc} .calc-headline")
    # the headline gives the spread after the count (issue 18): AB, exactly at 100%, is the one over
    assert "pooled; 1 of 3 workers at or over 100%; highest 100.0% (AB)," in headline
    assert "Has capacity" not in headline
    assert got["band"] == tm.UNEVEN
    key = page.inner_text(f"#{calc} .calc-key")
    assert "At capacity: 95% to 100%" in key and "Over capacity: 100% to 110%" in key
