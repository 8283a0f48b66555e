"""Workforce planning: worked example by hand, bad input, data checks, properties, command line."""

from __future__ import annotations

import copy
import csv
import io
from dataclasses import replace
from functools import partial

import pytest
from cli_helpers import run_cli
from example_helpers import example_runner
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import ConfigError, prepare, run
from calculators.kit.data import load_data
from calculators.kit.fields import Reader

CALC, SETTINGS = prepare("workforce")
EXAMPLE = CALC.example(SETTINGS)


outcome, result, errors = example_runner("workforce")


# --- the worked example, by hand ------------------------------------------------------------


def test_example_by_hand():
    r = result()
    # establishment 120, filled 102 -> 18 vacancies, 15%
    assert r["vacancies_fte"] == 18 and r["vacancy_rate"] == 15
    # agency 15 ÷ (15 + 102) = 12.82%
    assert r["agency_rate"] == pytest.approx(15 / 117 * 100, abs=1e-5)
    # agency £85,000 − permanent £55,000 = £30,000 a year each; × 15 = £450,000
    assert r["agency_premium"] == 30000 and r["agency_extra_cost"] == 450000
    assert r["agency_total_cost"] == 15 * 85000
    assert r["uncovered_vacancies_fte"] == 3 and r["agency_beyond_vacancies_fte"] == 0
    assert r["leavers_per_year_fte"] == pytest.approx(12.24)
    # converting 5 agency FTE saves 5 × £30,000
    assert r["conversion_saving"] == 150000


def test_projection_by_hand():
    p = result()["projection"]
    assert [y["year"] for y in p] == [0, 1, 2, 3]
    assert p[0] == {
        "year": 0,
        "establishment_fte": 120,
        "filled_fte": 102,
        "vacancies_fte": 18,
        "vacancy_rate": 15,
        "agency_fte": 15,
        "agency_extra_cost": 450000,
    }
    # year 1: establishment 120 × 1.02 = 122.4; filled 102 × 0.88 + 12 = 101.76
    assert p[1]["establishment_fte"] == pytest.approx(122.4)
    assert p[1]["filled_fte"] == pytest.approx(101.76)
    assert p[1]["vacancies_fte"] == pytest.approx(20.64)
    # agency moves with vacancies: 15 × 20.64 ÷ 18 = 17.2
    assert p[1]["agency_fte"] == pytest.approx(17.2)
    assert p[1]["agency_extra_cost"] == pytest.approx(17.2 * 30000)
    # year 2: 122.4 × 1.02; 101.76 × 0.88 + 12
    assert p[2]["establishment_fte"] == pytest.approx(124.848)
    assert p[2]["filled_fte"] == pytest.approx(101.5488)


def test_filled_never_exceeds_establishment_in_projection():
    p = result(recruits_fte=60, growth_percent=0)["projection"]
    assert all(y["filled_fte"] <= y["establishment_fte"] for y in p)
    assert p[-1]["vacancies_fte"] == 0 and p[-1]["agency_fte"] == 0


def test_no_vacancies_now_keeps_agency_as_it_is():
    r = result(filled_fte=120, agency_fte=4, convert_fte=0)
    assert r["vacancy_rate"] == 0 and r["agency_beyond_vacancies_fte"] == 4
    assert all(y["agency_fte"] == 4 for y in r["projection"])


def test_national_comparison_is_the_latest_year():
    r = result()
    assert r["national_year"] == 2023  # the latest year traced to the DfE's own data set
    assert (r["national_vacancy_rate"], r["national_turnover_rate"], r["national_agency_rate"]) == (
        18.9,
        15.9,
        17.8,
    )
    html = outcome(filled_fte=90)["html"]  # 30 of 120 vacant: 25%
    assert "30 September 2023" in html and "18.9%" in html
    assert "Vacancy rate above England" in html


def test_a_rate_the_data_does_not_give_reads_not_found():
    data = copy.deepcopy(load_data("workforce.json"))
    data["national"][0]["turnover_rate"] = None
    calc, s = prepare("workforce", {}, data)
    r = calc.calculate(calc.read(calc.example(s), s), s)
    assert r.national_turnover_rate is None
    assert "not found" in str(calc.report(r, s))


def test_rate_below_england_is_green():
    assert "Vacancy rate at or below England" in outcome(filled_fte=110)["html"]


def test_cheaper_agency_warns_that_conversion_costs_money():
    out = outcome(agency_cost=50000)
    assert out["result"]["conversion_saving"] < 0
    assert "converting agency posts costs money" in out["html"]


def test_downloads_are_formula_safe_csvs():
    summary, projection, answers = outcome()["downloads"]
    assert answers["kind"] == "inputs"
    assert summary["filename"] == "workforce-summary.csv" and projection["filename"] == "workforce-projection.csv"
    rows = list(csv.DictReader(io.StringIO(projection["text"])))
    assert [r["year"] for r in rows] == ["0", "1", "2", "3"]
    assert float(rows[1]["filled_fte"]) == pytest.approx(101.76)
    measures = {r["measure"]: float(r["value"]) for r in csv.DictReader(io.StringIO(summary["text"]))}
    assert measures["Extra cost of agency cover"] == 450000
    # a negative value is written as a number, not text a spreadsheet could run
    cheaper = {
        r["measure"]: r["value"]
        for r in csv.DictReader(io.StringIO(outcome(agency_cost=50000)["downloads"][0]["text"]))
    }
    assert float(cheaper["Agency premium per FTE"]) == -5000


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"establishment_fte": ""}, "establishment_fte", "Enter establishment"),
        ({"establishment_fte": "0"}, "establishment_fte", "Establishment must be more than 0"),
        ({"establishment_fte": "-3"}, "establishment_fte", "Establishment must be 0 or more"),
        ({"establishment_fte": "many"}, "establishment_fte", "Establishment must be a number, like 37.5"),
        ({"establishment_fte": "5000000"}, "establishment_fte", "Establishment must be 100,000 or less"),
        (
            {"filled_fte": "130"},
            "filled_fte",
            "Filled posts (130 FTE) must be no more than the establishment (120 FTE)",
        ),
        ({"agency_fte": "-1"}, "agency_fte", "Agency social workers must be 0 or more"),
        ({"turnover_percent": "150"}, "turnover_percent", "Turnover must be 100 or less"),
        ({"growth_percent": "-80"}, "growth_percent", "Growth in establishment must be -50 or more"),
        (
            {"permanent_cost": "0"},
            "permanent_cost",
            "Yearly cost of a permanent social worker must be more than 0",
        ),
        (
            {"agency_cost": "£9,999,999"},
            "agency_cost",
            "Yearly cost of an agency social worker must be £500,000 or less (read as £9,999,999)",
        ),
        ({"years": "2.5"}, "years", "Years to project must be a whole number, like 12"),
        ({"years": "0"}, "years", "Years to project must be 1 or more"),
        ({"years": "11"}, "years", "Years to project must be 10 or less"),
        (
            {"convert_fte": "20"},
            "convert_fte",
            "Agency posts to convert (20 FTE) must be no more than the agency social workers (15 FTE)",
        ),
    ],
)
def test_bad_input_names_the_field(changes, field, message):
    assert errors(**changes)[field] == message


def test_every_problem_is_reported_at_once():
    assert set(errors(establishment_fte="0", agency_cost="", years="x")) == {
        "establishment_fte",
        "agency_cost",
        "years",
    }


# --- data checks --------------------------------------------------------------------------------


def test_national_figures_are_dated_and_sourced():
    data = load_data("workforce.json")
    assert "project's own" in data["about"] and "project's own" in data["example_source"]
    latest = next(n for n in data["national"] if n["year"] == 2023)
    assert (latest["vacancy_rate"], latest["turnover_rate"], latest["agency_rate"]) == (18.9, 15.9, 17.8)
    for n in data["national"]:  # national statistics come from the department's own publication
        assert n["date"].endswith(str(n["year"]))
        assert n["source"].startswith("https://explore-education-statistics.service.gov.uk/")


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"maximum_years": 0}, "maximum_years"),
        ({"national": []}, "national"),
        (
            {"national": [{"year": 2025, "date": "x", "vacancy_rate": 140, "source_title": "t", "source": "s"}]},
            "national[0].vacancy_rate",
        ),
    ],
)
def test_bad_data_is_a_config_error(change, key):
    data = copy.deepcopy(load_data("workforce.json"))
    data.update(change)
    with pytest.raises(ConfigError) as problem:
        prepare("workforce", {}, data)
    assert problem.value.key == key


def test_council_data_sets_the_example_and_the_maximum_years():
    data = copy.deepcopy(load_data("workforce.json"))
    data["example"]["establishment_fte"] = 250
    data["maximum_years"] = 5
    calc, s = prepare("workforce", {}, data)
    assert calc.example(s)["establishment_fte"] == "250"
    out = run("workforce", {**calc.example(s), "years": "6"}, {}, data)
    assert out["errors"][0]["message"] == "Years to project must be 5 or less"


# --- properties -----------------------------------------------------------------------------------


@st.composite
def services(draw):
    est = draw(st.floats(0.5, 5000))
    agency = draw(st.floats(0, 1000))
    return {
        "establishment_fte": est,
        "filled_fte": draw(st.floats(0, 1)) * est,
        "agency_fte": agency,
        "turnover_percent": draw(st.floats(0, 100)),
        "recruits_fte": draw(st.floats(0, 1000)),
        "growth_percent": draw(st.floats(-50, 50)),
        "permanent_cost": draw(st.floats(1, 200000)),
        "agency_cost": draw(st.floats(1, 300000)),
        "years": draw(st.integers(1, 10)),
        "convert_fte": draw(st.floats(0, 1)) * agency,
    }


def raw(v: dict) -> dict:
    return dict(v)  # JSON numbers: repr() would write tiny floats as 1e-308, which is refused


@settings(max_examples=200, deadline=None)
@given(services())
def test_rates_stay_between_0_and_100(v):
    out = run("workforce", raw(v))
    assert out["ok"], out
    r = out["result"]
    assert 0 <= r["vacancy_rate"] <= 100 and 0 <= r["agency_rate"] <= 100
    assert len(r["projection"]) == v["years"] + 1
    for y in r["projection"]:
        assert 0 <= y["vacancy_rate"] <= 100
        assert 0 <= y["filled_fte"] <= y["establishment_fte"] + 1e-6
        assert y["agency_fte"] >= 0


@settings(max_examples=150, deadline=None)
@given(services(), st.floats(0, 100))
def test_higher_turnover_never_raises_projected_filled_posts(v, other):
    low, high = sorted([v["turnover_percent"], other])
    a = run("workforce", raw({**v, "turnover_percent": low}))["result"]["projection"]
    b = run("workforce", raw({**v, "turnover_percent": high}))["result"]["projection"]
    for ya, yb in zip(a, b, strict=True):
        assert yb["filled_fte"] <= ya["filled_fte"] + 1e-6


@settings(max_examples=150, deadline=None)
@given(services())
def test_agency_cost_adds_up(v):
    r = run("workforce", raw(v))["result"]
    assert r["agency_extra_cost"] == pytest.approx(
        v["agency_fte"] * (v["agency_cost"] - v["permanent_cost"]), rel=1e-6, abs=1e-3
    )
    assert r["uncovered_vacancies_fte"] * r["agency_beyond_vacancies_fte"] == 0


# --- command line -----------------------------------------------------------------------------------


cli = partial(run_cli, "workforce")


def test_cli_csv_in_csv_out_one_row_per_team(tmp_path):
    rows = [
        EXAMPLE,
        {**EXAMPLE, "establishment_fte": "40", "filled_fte": "36", "agency_fte": "3", "convert_fte": "1"},
    ]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(EXAMPLE))
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "teams.csv").write_text(buffer.getvalue())
    out = cli(str(tmp_path / "teams.csv"), "--format", "csv")
    assert out.returncode == 0, out.stderr
    lines = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [float(line["vacancy_rate"]) for line in lines] == [15, 10]


def test_cli_bad_input_exit_1_with_messages(tmp_path):
    (tmp_path / "teams.csv").write_text(
        "establishment_fte,filled_fte,agency_fte,turnover_percent,recruits_fte,"
        "growth_percent,permanent_cost,agency_cost,years,convert_fte\n"
        "100,120,5,10,10,0,50000,80000,3,0\n"
    )
    out = cli(str(tmp_path / "teams.csv"), "--format", "csv")
    assert out.returncode == 1
    assert "filled_fte: Filled posts (120 FTE) must be no more than the establishment (100 FTE)" in out.stderr
    assert "Traceback" not in out.stderr


def test_an_example_that_fails_its_own_checks_is_a_config_error():
    data = copy.deepcopy(load_data("workforce.json"))
    data["example"]["filled_fte"] = 500
    with pytest.raises(ConfigError) as problem:
        prepare("workforce", {}, data)
    assert problem.value.key == "example.filled_fte"
    assert "must be no more than the establishment" in problem.value.message


# --- money as people write it, and the amount read shown ----------------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [("£85k", 85000), ("85K", 85000), ("£1.2m", 1_200_000), ("85,000", 85000), ("£85,000.50", 85000.5)],
)
def test_money_in_short_or_with_commas_is_read(typed, read):
    field = next(f for f in CALC.form(SETTINGS) if f.name == "agency_cost")
    assert Reader({"agency_cost": typed}).number(replace(field, maximum=2_000_000)) == read


def test_the_page_says_what_amount_it_read():
    out = run("workforce", {**EXAMPLE, "agency_cost": "£85k", "permanent_cost": "£55,000.50"})
    assert out["ok"] and out["result"]["agency_cost"] == 85000
    assert "costs read as £55,000.50 permanent and £85,000 agency, a year per FTE" in out["html"]


def test_money_out_of_range_says_what_it_read():
    assert errors(agency_cost="£1.2m")["agency_cost"] == (
        "Yearly cost of an agency social worker must be £500,000 or less (read as £1,200,000)"
    )
    assert errors(agency_cost="85kk")["agency_cost"] == (
        "Yearly cost of an agency social worker must be an amount, like 85000, £85,000, £85k or £1.2m"
    )
