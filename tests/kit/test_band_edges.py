"""Band edges: a load exactly on a threshold is in the band the data says, in every model.

Each case builds a worker whose load is, in exact arithmetic, exactly a threshold of the data's
bands (95%, 100%, 110%, ...), with hours and data figures whose float arithmetic is not exact
(34 hours of 37 less 10% for an ASYE year). The calculators must band the figure they show, so the
band, the "at or over 100%" count and the percentage on screen all agree with the exact value.

Loads are put on a threshold by giving each worker a case type of their own whose weight is exactly
threshold × capacity ÷ 100 (a decimal, since the test's full-time hours and default hours divide
into decimals). Everything else (thresholds, labels, colours) is the data file's own.
"""

from __future__ import annotations

import copy
import html
import json
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from calculators import prepare, run
from calculators import team as tm
from calculators import workload as wl
from calculators.kit.data import load_data
from calculators.kit.text import percent_text, shown

ROOT = Path(__file__).resolve().parents[2]
# Every workload data file in the project: the default, and the example council's copy.
SOURCES = {
    "default": load_data("workload.json"),
    "example-anytown": json.loads((ROOT / "councils/example-anytown/data/workload.json").read_text(encoding="utf-8")),
}
# Hours whose reciprocal is a terminating decimal, so an exact capacity is a decimal too.
NICE_HOURS = (20, 25, 32, 40, 50)


def thresholds(data: dict) -> list[float]:
    return sorted({b["from_percent"] for b in data["bands"]})


def expected_band(data: dict, percent: float) -> dict:
    """The band the data gives a percentage, read straight from the data file."""
    return max((b for b in data["bands"] if percent >= b["from_percent"]), key=lambda b: b["from_percent"])


def exact(value: float | int | str) -> Fraction:
    """A figure as written (a data file's or a form's decimal), not its float's binary value."""
    return Fraction(str(value))


def exact_capacity(model: str, data: dict, hours: Fraction, protected: Fraction, asye: bool) -> Fraction:
    """The published capacity rules, in exact arithmetic."""
    case_hours = hours - protected
    if model == "points":
        capacity = exact(data["points"]["full_time_maximum"]) * case_hours / exact(data["full_time_hours"])
    elif model == "time":
        capacity = case_hours * exact(data["weeks_per_month"])
    else:
        p = data["team"]["probation"]
        capacity = exact(p["nominal_target"]) * (hours / exact(p["default_hours"])) * (case_hours / hours)
    return capacity * (1 - exact(data["asye_reduction_percent"]) / 100) if asye else capacity


def decimal_text(value: Fraction) -> str:
    """An exact terminating fraction as a decimal (the test's data keeps every denominator 2^a·5^b)."""
    text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    assert Fraction(text) == value, f"{value} does not terminate"
    return text


def edge_data(source: dict, full_time: int, default_hours: int, loads: list[Fraction]) -> dict:
    """The data file with one case type per worker, weighing exactly that worker's load."""
    data = copy.deepcopy(source)
    data["full_time_hours"] = full_time
    data["team"]["probation"]["default_hours"] = default_hours
    data["case_types"] = [
        {
            "id": f"edge{k}",
            "label": f"Edge case {k}",
            **{
                key: float(decimal_text(load)) if load else 1
                for key in ("points", "hours_per_month", "probation_points")
            },
        }
        for k, load in enumerate(loads)
    ]
    data["team"].update(case_types=[c["id"] for c in data["case_types"]], complexity=[], next_case_default="edge0")
    return data


# A worker: hours and protected hours in tenths (so 37 − 3.1, not 37 − 3), ASYE or not.
worker = st.tuples(st.integers(10, 600), st.integers(0, 599), st.booleans()).filter(lambda w: w[1] < w[0])
source_names = st.sampled_from(sorted(SOURCES))


def load_on(model: str, data: dict, w: tuple[int, int, bool], threshold: float) -> tuple[Fraction, Fraction]:
    """(exact load, exact capacity) for a worker whose load is exactly `threshold` % of capacity."""
    capacity = exact_capacity(model, data, Fraction(w[0], 10), Fraction(w[1], 10), w[2])
    return exact(threshold) * capacity / 100, capacity


def edge_case(model: str, name: str, full_time: int, default_hours: int, workers, picks):
    """(data, [(worker, threshold, exact load)]) with each worker's load on its picked threshold."""
    source = SOURCES[name]
    marks = thresholds(source)
    chosen = [marks[p % len(marks)] for p in picks]
    probe = copy.deepcopy(source)
    probe["full_time_hours"] = full_time
    probe["team"]["probation"]["default_hours"] = default_hours
    loads = [load_on(model, probe, w, t)[0] for w, t in zip(workers, chosen, strict=True)]
    return edge_data(source, full_time, default_hours, loads), list(zip(workers, chosen, loads, strict=True))


def tenths(n: int) -> str:
    """Tenths of an hour as a form's text: 371 -> "37.1", 370 -> "37"."""
    return f"{n // 10}.{n % 10}" if n % 10 else str(n // 10)


# --- the individual calculator ------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    model=st.sampled_from(wl.MODELS),
    name=source_names,
    full_time=st.sampled_from(NICE_HOURS),
    w=worker,
    pick=st.integers(0, 20),
)
@example(model="points", name="default", full_time=40, w=(370, 30, True), pick=2)  # 100% of 76.5 points
def test_an_individual_exactly_on_a_threshold_is_in_that_band(model, name, full_time, w, pick):
    data, [(_, threshold, load)] = edge_case(model, name, full_time, 40, [w], [pick])
    values = wl.example(prepare("workload", {"model": model}, data)[1])
    values.update(contracted_hours=tenths(w[0]), supervision_hours=tenths(w[1]), training_hours="0")
    values.update(responsibility_hours="0", other_hours="0", asye="yes" if w[2] else "no")
    values["cases_edge0"] = "1" if load else "0"
    out = run("workload", values, {"model": model}, data)
    assert out["ok"], out.get("errors")
    r = out["result"]
    band = expected_band(data, threshold)
    assert r["capacity_percent"] == threshold  # shown to one decimal place: the threshold itself
    assert (r["band"], r["level"]) == (band["label"], wl.band_colour(wl.Threshold(threshold, "", band["level"], "")))
    assert f"Capacity used: {percent_text(threshold)}. {band['label']}." in out["html"]


@settings(max_examples=100, deadline=None)
@given(name=source_names, full_time=st.sampled_from(NICE_HOURS), w=worker, pick=st.integers(0, 20))
def test_both_models_side_by_side_band_their_edges(name, full_time, w, pick):
    for model in wl.MODELS:  # one data file per model: each puts the load on the edge in its own unit
        data, [(_, threshold, load)] = edge_case(model, name, full_time, 40, [w], [pick])
        values = wl.example(prepare("workload", {"model": "both"}, data)[1])
        values.update(contracted_hours=tenths(w[0]), supervision_hours=tenths(w[1]), training_hours="0")
        values.update(responsibility_hours="0", other_hours="0", asye="yes" if w[2] else "no")
        values["cases_edge0"] = "1" if load else "0"
        r = run("workload", values, {"model": "both"}, data)["result"][model]
        assert r["capacity_percent"] == threshold and r["band"] == expected_band(data, threshold)["label"]


# --- the team calculator ------------------------------------------------------------------------


def team_values(data: dict, cases: list[tuple[tuple[int, int, bool], float, Fraction]], s) -> dict:
    rows = []
    for k, (w, _, load) in enumerate(cases):
        row = {"label": f"W{k}", "contracted_hours": tenths(w[0]), "protected_hours": tenths(w[1])}
        row["asye"] = "yes" if w[2] else "no"
        row.update({f"cases_{c.id}": "1" if c.id == f"edge{k}" and load else "0" for c in s.case_types})
        rows.append(row)
    return {"workers": rows, "next_case": "edge0"}


@settings(max_examples=200, deadline=None)
@given(
    model=st.sampled_from(tm.MODELS),
    name=source_names,
    full_time=st.sampled_from(NICE_HOURS),
    default_hours=st.sampled_from(NICE_HOURS),
    workers=st.lists(worker, min_size=1, max_size=8),
    picks=st.lists(st.integers(0, 20), min_size=8, max_size=8),
    same=st.booleans(),
)
def test_a_team_on_the_thresholds_bands_and_counts_as_shown(
    model, name, full_time, default_hours, workers, picks, same
):
    picks = [picks[0]] * len(workers) if same else picks[: len(workers)]
    data, cases = edge_case(model, name, full_time, default_hours, workers, picks)
    s = prepare("team", {"model": model}, data)[1]
    out = run("team", team_values(data, cases, s), {"model": model}, data)
    assert out["ok"], out.get("errors")
    r = out["result"]
    for got, (_, threshold, _) in zip(r["workers"], cases, strict=True):
        assert got["capacity_percent"] == threshold
        assert got["band"] == expected_band(data, threshold)["label"]
    over = sum(threshold >= 100 for _, threshold, _ in cases)
    n = len(cases)
    # every "at or over 100%" count agrees with the bands (the data has a band from 100%)
    assert r["over_capacity"] == over == sum(expected_band(data, t)["from_percent"] >= 100 for _, t, _ in cases)
    assert f"{over} of {n} workers at or over 100%" in out["html"]
    assert f"<dt>Workers at or over 100%</dt><dd>{over} of {n}</dd>" in out["html"]
    top = [b for b in data["bands"] if b["from_percent"] > 100]
    assert dict(map(tuple, r["over_bands"])) == {
        b["label"]: k for b in top if (k := sum(expected_band(data, t) is b for _, t, _ in cases))
    }
    # the pooled figure: exactly the threshold when every worker is on the same one
    pooled = 100 * sum(load for *_, load in cases) / sum(load_on(model, data, w, 100)[1] for w, _, _ in cases)
    if same:
        assert pooled == exact(cases[0][1]) and r["capacity_percent"] == cases[0][1]
        assert r["pooled_band"] == expected_band(data, cases[0][1])["label"]
    assert abs(Fraction(str(r["capacity_percent"])) - pooled) <= Fraction(1, 20) + Fraction(1, 10**9)
    assert r["pooled_band"] == expected_band(data, r["capacity_percent"])["label"]
    lowest = min(data["bands"], key=lambda b: b["from_percent"])
    if over:  # never "Has capacity" while anyone is at or over 100%
        assert r["band"] != lowest["label"] and lowest["label"] + "." not in out["html"].split("</p>")[0]
    # nobody at or over 100% is offered the next case; everyone offered stays under 100% as shown
    offered = {c["label"] for c in r["room_for_next"]}
    assert all(w["label"] not in offered for w in r["workers"] if w["capacity_percent"] >= 100)
    assert all(c["after_percent"] < 100 for c in r["room_for_next"])


def test_the_issue_s_example_is_over_capacity_not_at_capacity():
    """30 points against a capacity of 30 worked out in floats as 30.000000000000007 (100 × 11.1 ÷ 37):
    exactly 100%, shown as 100.0%, so "Over capacity" and counted as at or over 100%, natively as on the page."""
    values = wl.example(prepare("workload")[1])
    values.update({k: "0" for k in values if k.startswith("cases_")})
    values.update(contracted_hours="16.1", supervision_hours="5", training_hours="0", cases_cp="5")  # 5 × 6 points
    s = prepare("workload")[1]
    assert 30 / wl.points_capacity(16.1, 5, s.points_maximum, s.full_time_hours) * 100 < 100  # the old comparison
    out = run("workload", values)
    assert (out["result"]["capacity_percent"], out["result"]["band"]) == (100.0, "Over capacity")
    assert "Capacity used: 100.0%. Over capacity." in out["html"]
    team = tm.example(prepare("team")[1])
    team["workers"] = [{**{k: "0" for k in team["workers"][0]}, "label": "AB", "contracted_hours": "16.1"}]
    team["workers"][0].update(protected_hours="5", asye="no", status="available", cases_cp="5")
    r = run("team", team)
    assert r["ok"], r.get("errors")
    assert r["result"]["workers"][0]["band"] == "Over capacity" and r["result"]["over_capacity"] == 1
    assert "Team capacity used: 100.0% pooled; 1 of 1 workers at or over 100%. Over capacity." in r["html"]


def test_shown_rounds_as_the_page_shows():
    assert shown(99.9499) == 99.9 and shown(99.95) == 100.0 and shown(99.94999999999999) == 100.0
    assert shown(30 / 29.999999999999996 * 100) == 100.0
    assert shown(94.94999999999999) == 95.0  # 94.95 worked in floats
    assert shown(-0.04) == 0.0 and str(shown(-0.04)) == "0.0"  # never "-0.0"
    assert shown(2.5, 0) == 3 and shown(-2.5, 0) == -3  # halves away from zero, as people round
    for value in (0.05, 12.345, 99.96, 109.95, 1e-12, 123456.75):
        want = float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
        assert shown(value) == want and percent_text(value) == f"{want:,.1f}%"


def reference(value: float, places: int) -> float:
    """shown()'s rule the slow way: the float's decimal, to 9 decimals, then halves away from zero."""
    cleaned = Decimal(repr(value)).quantize(Decimal("1e-9"), rounding=ROUND_HALF_EVEN)
    return float(cleaned.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)) + 0.0


halves = st.builds(
    lambda n, places, noise: n / 2 / 10**places + noise,
    st.integers(-(10**8), 10**8),
    st.integers(0, 2),
    st.sampled_from([0.0, 1e-13, -1e-13, 4e-10, -4e-10, 6e-10, 1e-7]),
)


@settings(max_examples=2000, deadline=None)
@given(value=st.floats(-1e12, 1e12) | halves, places=st.integers(0, 2))
def test_shown_s_quick_way_rounds_as_the_exact_way(value, places):
    assert shown(value, places) == reference(value, places)
    assert str(shown(value, places)) == str(reference(value, places))  # never -0.0


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_a_band_above_the_lowest_is_never_green(name):
    s = wl.settings({"model": "points"}, SOURCES[name])
    assert all(b.level != "green" for b in s.bands[:-1])
    assert [b.label for b in s.bands] == [
        b["label"] for b in sorted(SOURCES[name]["bands"], key=lambda b: -b["from_percent"])
    ]


# --- the other banded results -------------------------------------------------------------------


AI = load_data("ai_check.json")


@settings(max_examples=200, deadline=None)
@given(
    level=st.sampled_from(AI["levels"]),
    cuts=st.lists(st.integers(0, 10**6), min_size=len(AI["questions"]) - 1, max_size=len(AI["questions"]) - 1),
    picks=st.lists(st.integers(0, 9), min_size=len(AI["questions"]), max_size=len(AI["questions"])),
)
def test_an_ai_check_score_exactly_on_a_level_is_that_level(level, cuts, picks):
    """Answers' scores in tenths (0.1 + 0.2 is 0.30000000000000004 in floats) adding up exactly to a
    level's from_score: the check is at that level, and says the score as it is written."""
    data = copy.deepcopy(AI)
    total = round(level["from_score"] * 10)  # tenths
    bounds = sorted(c % (total + 1) for c in cuts)
    parts = [b - a for a, b in zip([0, *bounds], [*bounds, total], strict=True)]
    answers = {}
    for q, part, pick in zip(data["questions"], parts, picks, strict=True):
        a = q["answers"][pick % len(q["answers"])]
        a.pop("at_least", None)  # no answer's minimum level: the total alone decides
        a["score"] = part / 10
        a["reason"] = a.get("reason") or "Edge"
        answers[q["id"]] = a["value"]
    out = run("ai_check", answers, None, data)
    assert out["ok"], out.get("errors")
    assert Fraction(sum(Fraction(p, 10) for p in parts)) == exact(level["from_score"])
    assert (out["result"]["risk"], out["result"]["score"]) == (level["id"], level["from_score"])
    assert f"{level['label']}. Concern score {level['from_score']:g} out of" in out["html"]


@settings(max_examples=300, deadline=None)
@given(
    establishment=st.integers(10, 10**5),
    step=st.integers(-6, 6),
    national=st.sampled_from([14.2, 7.5, 0.3, 33.3]),
)
def test_a_vacancy_rate_on_england_s_is_compared_as_shown(establishment, step, national):
    """Filled posts chosen so the vacancy rate is exactly England's, or 0.05, 0.1, ... points either side
    (14.25% shows as 14.3%): the band and the comparison follow the two rates as shown, to one decimal place."""
    data = load_data("workforce.json")
    data = {**data, "national": [{**data["national"][0], "vacancy_rate": national}, *data["national"][1:]]}
    est = Fraction(establishment, 10)
    rate = exact(national) + Fraction(step, 20)
    values = prepare("workforce", {}, data)[0].example(prepare("workforce", {}, data)[1])
    values.update(establishment_fte=decimal_text(est), filled_fte=decimal_text(est * (1 - rate / 100)))
    values.update(agency_fte="0", convert_fte="0")
    out = run("workforce", values, None, data)
    assert out["ok"], out.get("errors")
    on_screen = Decimal(decimal_text(rate)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert shown(out["result"]["vacancy_rate"]) == float(on_screen)
    page = html.unescape(out["html"])
    assert ("Vacancy rate above England's" in page) == (on_screen > Decimal(str(national)))
    diff = on_screen - Decimal(str(national))
    if diff == 0:
        assert "the same as England" in page
    else:
        assert f"{abs(diff)} points {'above' if diff > 0 else 'below'} England" in page
