"""The team calculator's workers who are away (cases needing cover), the capped chart, the optional
next case, and what the service manager's report names (team, week, comments, trend, file names).

Every figure is worked by hand from the default points weights: assessment 5, child in need 4,
child protection 6, looked after 5 points; court +4, siblings +2, travel +1 per case; a full-time
maximum of 100 points for 37 hours."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

import pytest

from calculators import act, prepare, run
from calculators import team as tm
from calculators.kit.report import render

CALC, SETTINGS = prepare("team")
CASE_IDS = [c.id for c in SETTINGS.case_types]
EXTRA_IDS = [c.id for c in SETTINGS.complexity]


def row(label: str, protected: str = "3", status: str = "available", **counts: int) -> dict:
    out = {"label": label, "contracted_hours": "37", "protected_hours": protected, "asye": "no", "status": status}
    out.update({f"cases_{c}": str(counts.get(c, 0)) for c in CASE_IDS})
    out.update({f"extra_{c}": str(counts.get(c, 0)) for c in EXTRA_IDS})
    return out


def team(*rows: dict, **answers: str) -> dict:
    values = {**tm.example(SETTINGS), "workers": list(rows), "next_case": "", "next_extra": ""}
    values.update(answers)
    return values


# A: available, 5 child protection = 30 points of 100 × 34 ÷ 37 = 91.89: 32.6%.
# B: long-term absent, every hour protected, 4 child in need + 3 child protection = 16 + 18 = 34 points.
# C: on leave, 2 looked after with 1 in court proceedings = 10 + 4 = 14 points.
AWAY_TEAM = (
    row("A", cp=5),
    row("B", protected="37", status="long_term_absent", cin=4, cp=3),
    row("C", status="on_leave", cla=2, court=1),
)


def test_workers_away_keep_their_cases_outside_the_pooled_capacity():
    out = run("team", team(*AWAY_TEAM))
    assert out["ok"], out.get("errors")
    r = out["result"]
    assert [w["label"] for w in r["workers"]] == ["A"]
    assert (r["load"], round(r["capacity"], 2), r["capacity_percent"]) == (30, 91.89, 32.6)
    assert r["cases"] == 5 and r["over_capacity"] == 0
    cover = {c["label"]: c for c in r["cover"]}
    assert (cover["B"]["status"], cover["B"]["cases"], cover["B"]["load"]) == ("long_term_absent", 7, 34)
    assert (cover["C"]["status"], cover["C"]["cases"], cover["C"]["load"]) == ("on_leave", 2, 14)
    assert (r["cover_cases"], r["cover_load"]) == (9, 48)
    assert "2 workers away: 9 cases need cover, outside the team&#x27;s capacity." in out["html"]


def test_cases_needing_cover_are_listed_by_type_with_the_status():
    html = run("team", team(*AWAY_TEAM))["html"]
    table = html.split("Cases needing cover (workers away", 1)[1].split("</table>")[0]
    cells = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", table)
    assert cells[5:10] == [
        "B",
        "Long-term absent",
        "7",
        "Child protection plan: 3 cases, 18; Child in need: 4 cases, 16",
        "34",
    ]
    assert cells[10:15] == [
        "C",
        "On leave",
        "2",
        "Child looked after: 2 cases, 10; In court proceedings: 1 case, 4",
        "14",
    ]
    assert "B: " not in html.split('<ul class="calc-visually-hidden">')[1].split("</ul>")[0]  # not in the chart


def test_the_allocation_list_never_offers_a_worker_who_is_away():
    # B, away, has the most room on paper; A after one more child protection case: 36 ÷ 91.89 = 39.2%.
    r = run("team", team(*AWAY_TEAM, next_case="cp"))["result"]
    assert [(c["label"], c["after_percent"]) for c in r["room_for_next"]] == [("A", 39.2)]


def test_protected_equal_to_contracted_is_refused_for_an_available_worker_with_the_way_out():
    out = run("team", team(row("A", cp=5), row("B", protected="37", cin=4)))
    assert not out["ok"]
    assert out["errors"] == [
        {
            "field": "protected_hours",
            "message": "Row 2 (B): Protected hours (37) must be less than contracted hours (37) for an available "
            "worker. For a worker who is away, set Status to on leave or long-term absent: their cases then show "
            "as needing cover",
            "row": 1,
            "table": "workers",
        }
    ]


def test_protected_over_contracted_is_refused_whatever_the_status():
    out = run("team", team(row("A", cp=5), row("B", protected="40", status="on_leave", cin=4)))
    assert [e["message"] for e in out["errors"]] == [
        "Row 2 (B): Protected hours (40) cannot be more than contracted hours (37)"
    ]


def test_a_team_with_nobody_available_says_so():
    out = run("team", team(row("B", status="on_leave", cin=4), row("C", status="long_term_absent")))
    assert [e["message"] for e in out["errors"]] == [
        "Every worker is on leave or long-term absent: set at least one worker's Status to available "
        "to work out the team's capacity"
    ]


def test_an_unknown_status_is_refused_by_name():
    out = run("team", team(row("A", status="sick", cp=5)))
    assert out["errors"][0]["message"] == "Row 1 (A): Status must be one of: Available, On leave, Long-term absent"


def test_a_worker_far_over_gets_a_capped_bar_with_their_own_figure():
    # B: 36 of 37 hours protected, 10 child protection = 60 points of 100 × 1 ÷ 37 = 2.7027: 2,220.0%.
    out = run("team", team(row("A", cp=5), row("B", protected="36", cp=10)))
    assert out["result"]["workers"][1]["capacity_percent"] == 2220.0
    html = out["html"]
    widths = re.findall(r'<rect class="calc-bar[^"]*" x="0" y="1" width="([0-9.]+)"', html)
    assert widths == ["21.73", "100.00"]  # 32.6 ÷ 150 and the cap: A's bar is still readable
    assert '<line class="calc-marker" x1="66.67"' in html  # 100% on a 150% scale
    assert "<li>B: 2,220.0% (bar stops at 150%)</li>" in html
    assert "The chart&#x27;s bars stop at 150%" in html
    assert "(bar stops" not in run("team", team(row("A", cp=5)))["html"]


def test_the_team_result_shows_without_a_next_case():
    out = run("team", team(row("A", cp=5), row("D", cin=6)))
    assert out["ok"], out.get("errors")
    assert out["result"]["room_for_next"] == [] and out["result"]["next_case"] == ""
    assert "could take" not in out["html"] and "Who has room" not in out["html"]
    assert "The new case weighs" not in out["html"]
    asked = run("team", team(row("A", cp=5), row("D", cin=6), next_case="cla", next_extra="court"))
    assert "Who has room for one more Child looked after (in court proceedings) case" in asked["html"]
    assert asked["result"]["next_weight"] == 9  # 5 + 4 for court


def test_the_next_extra_question_alone_gives_no_allocation():
    r = run("team", team(row("A", cp=5), next_case="", next_extra="court"))["result"]
    assert (r["next_case"], r["next_weight"], r["room_for_next"]) == ("", 0, [])


@pytest.mark.parametrize(
    ("week", "title"),
    [
        ("2026-12-04", "North Team, week of 4 December 2026 (4 to 10 December 2026)"),
        ("2026-11-27", "North Team, week of 27 November 2026 (27 November to 3 December 2026)"),
        ("2026-12-29", "North Team, week of 29 December 2026 (29 December 2026 to 4 January 2027)"),
    ],
)
def test_the_report_is_titled_with_the_team_and_its_week(week, title):
    html = run("team", team(row("A", cp=5), team_name="North Team", week_of=week))["html"]
    assert html.startswith(f'<p class="calc-headline"><span class="calc-report-title">{title}</span> Team capacity')


def test_no_title_or_date_is_made_up_when_they_are_blank():
    out = run("team", team(row("A", cp=5)))
    assert "calc-report-title" not in out["html"]
    assert out["result"]["week_of"] == "" and out["result"]["file_stem"] == "team-workload"
    assert out["downloads"][0]["filename"] == "team-workload-points.csv"


@pytest.mark.parametrize("typed", ["04/12/2026", "4 December 2026", "2026-02-30", "2026-12-4", "20261204"])
def test_a_week_that_is_not_an_iso_date_is_refused_by_name(typed):
    out = run("team", team(row("A", cp=5), week_of=typed))
    assert out["errors"] == [
        {
            "field": "week_of",
            "message": f"Week of must be a real date written as year-month-day, like 2026-12-04 (not {typed!r})",
            "row": None,
            "table": None,
        }
    ]


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("North Team", "team-workload-north-team-2026-12-04"),
        ("Équipe Ávila / Nord", "team-workload-equipe-avila-nord-2026-12-04"),
        ("../../etc/passwd", "team-workload-etc-passwd-2026-12-04"),
        ("   ", "team-workload-2026-12-04"),
    ],
)
def test_download_names_carry_the_team_and_the_week_slugged_safely(name, stem):
    out = run("team", team(row("A", cp=5), team_name=name, week_of="2026-12-04"))
    assert out["result"]["file_stem"] == stem
    assert out["downloads"][0]["filename"] == f"{stem}-points.csv"


def test_comments_are_shown_as_typed_and_never_run():
    typed = "Line one\n  Line two <script>alert(1)</script>"
    html = run("team", team(row("A", cp=5), comments=typed))["html"]
    assert (
        '<section class="calc-text" data-answer="comments"><h3>Comments for the report</h3><p class="calc-text__body">'
        "Line one\n  Line two &lt;script&gt;alert(1)&lt;/script&gt;</p></section>"
    ) in html
    assert "Comments for the report" not in run("team", team(row("A", cp=5)))["html"]


def test_who_is_over_and_the_case_types_that_make_up_their_load():
    # The worked example's Worker F: 15 + 24 + 36 + 10 points of cases, +8 court, +2 siblings, +1 travel = 96
    # of 100 × 31 ÷ 37 = 83.78: 114.6%; Worker C: 76 of 100 × 27.5 ÷ 37 = 74.32: 102.3%.
    html = run("team", tm.example(SETTINGS))["html"]
    table = html.split("Who is at or over 100%, and the cases that make up their load", 1)[1].split("</table>")[0]
    cells = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", table)
    assert cells[4:8] == [
        "Worker F",
        "114.6%",
        "Overloaded",
        "Child protection plan: 6 cases, 36; Child in need: 6 cases, 24; Assessments in progress: 3 cases, 15; "
        "Child looked after: 2 cases, 10; In court proceedings: 2 cases, 8; Sibling groups of 3+: 1 case, 2; "
        "High travel: 1 case, 1",
    ]
    assert cells[8:11] == ["Worker C", "102.3%", "Over capacity"]
    assert "highest 114.6% (Worker F), lowest 55.5% (Worker B)" in html


def test_the_trend_since_earlier_weeks_ends_with_this_result():
    """The history passes its saved weeks into Inputs.earlier; the report lists them, oldest first."""
    inputs = tm.read(team(row("A", cp=5), week_of="2026-12-04"), SETTINGS)
    earlier = (tm.Earlier("2026-11-20", 38.0, 0, 2), tm.Earlier("2026-11-27", 40.5, 1, 2, cover_cases=3))
    html = render(tm.report(tm.calculate(replace(inputs, earlier=earlier), SETTINGS), SETTINGS))
    table = html.split("Trend since the last snapshots", 1)[1].split("</table>")[0]
    rows = [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", tr) for tr in table.split("<tr>")[2:]]
    assert rows == [
        ["20 November 2026", "38.0%", "0 of 2", "0"],
        ["27 November 2026", "40.5%", "1 of 2", "3"],
        ["4 December 2026 (this result)", "32.6%", "0 of 1", "0"],
    ]
    assert "Trend since the last snapshots" not in run("team", team(row("A", cp=5)))["html"]


def test_the_results_file_lists_the_workers_away_after_the_team_total():
    out = run("team", team(*AWAY_TEAM))
    rows = list(
        csv.DictReader(
            io.StringIO(
                act("team", "download", team(*AWAY_TEAM), payload=out["downloads"][0]["filename"])["download"]["text"]
            )
        )
    )
    assert [(r["worker"], r["status"], r["cases"], r["weighted_load"], r["capacity"]) for r in rows] == [
        ("A", "available", "5", "30", "91.89"),
        ("Team total", "", "5", "30", "91.89"),
        ("B", "long_term_absent", "7", "34", ""),
        ("C", "on_leave", "2", "14", ""),
    ]
