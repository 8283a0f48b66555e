"""The comparison with the DfE's published figures: the test file (made-up figures in the
department's shape) read and compared by hand, every problem with a file named, the data's column
names, and the command line."""

from __future__ import annotations

import copy
import json

from cli_helpers import run_cli
from workforce_indicators_helpers import ROWS, indicators_csv

from calculators import prepare, run
from calculators.kit.data import load_data

NAME = "workforce_comparison"
CALC, SETTINGS = prepare(NAME)


def compare(council: str = "Ashdown", text: str | None = None, data: dict | None = None) -> dict:
    return run(NAME, {"indicators": indicators_csv() if text is None else text, "council": council}, data=data)


def measure(result: dict, name: str) -> dict:
    return next(m for m in result["measures"] if m["measure"] == name)


def messages(outcome: dict) -> list[str]:
    assert not outcome["ok"]
    return [e["message"] for e in outcome["errors"]]


# --- the test file, by hand ---------------------------------------------------------------------


def test_council_beside_its_region_and_england_by_hand():
    r = compare()["result"]
    assert r["years"] == ["2022", "2023"] and r["council"] == "Ashdown" and r["region"] == "North East"
    assert r["councils"] == ["Ashdown", "Brookfield"]
    vacancy = measure(r, "vacancy_rate")
    assert vacancy["council"]["values"] == [22.5, 21.0]
    assert vacancy["region"]["values"] == [15.0, 14.0]
    assert vacancy["england"]["values"] == [20.0, 19.0]
    # 22.5 − 20.0 = +2.5 and 21.0 − 19.0 = +2.0 against England; 22.5 − 15.0, 21.0 − 14.0 against the region
    assert vacancy["versus_england"] == [2.5, 2.0] and vacancy["versus_region"] == [7.5, 7.0]
    caseload = measure(r, "caseload")
    assert caseload["versus_england"] == [1.7, 1.0] and caseload["versus_region"] == [1.2, 0.5]


def test_a_london_council_takes_londons_figures():
    r = compare("Brookfield")["result"]
    assert r["region"] == "London"
    agency = measure(r, "agency_rate")
    assert agency["versus_region"] == [4.0, 3.0]  # 28.0 − 24.0, 26.0 − 23.0
    assert measure(r, "vacancy_rate")["versus_england"] == [10.0, 0.0]  # 30 − 20, 19 − 19


def test_symbols_are_named_and_have_no_difference():
    r = compare()["result"]
    turnover = measure(r, "turnover_rate")
    assert turnover["council"]["values"] == [None, 12.0]
    assert turnover["council"]["why"] == ["suppressed (c)", ""]
    assert turnover["versus_england"] == [None, -3.0]
    absence = measure(r, "absence_rate")
    assert absence["council"]["why"][1] == "not available (x)" and absence["versus_region"][1] is None


def test_the_page_shows_the_years_side_by_side_with_differences():
    html = compare()["html"]
    assert "Ashdown beside North East and England, 2022 to 2023." in html
    assert '<th scope="col" class="calc-num">2022</th><th scope="col" class="calc-num">2023</th>' in html
    assert '<th scope="row">Ashdown compared with England (points)</th><td class="calc-num">+2.5</td>' in html
    assert "2.0 points above England (19.0%); 7.0 points above North East (14.0%)" in html
    assert "3.0 points below England (15.0%)" in html
    assert "1.0 case above England (16.0 cases)" in html
    assert "suppressed (c)" in html and "the same as" not in html


def test_without_a_council_the_file_gives_englands_figures_and_the_list():
    outcome = compare("")
    assert outcome["ok"] and outcome["result"]["councils"] == ["Ashdown", "Brookfield"]
    assert measure(outcome["result"], "vacancy_rate")["council"] is None
    assert "Choose your council" in outcome["html"] and "(the file names 2 councils)" in outcome["html"]


def test_the_download_has_a_row_per_measure_area_and_year():
    outcome = compare()
    (download,) = [d for d in outcome["downloads"] if d["filename"].endswith(".csv")]
    lines = download["text"].splitlines()
    assert lines[0] == "measure,area,year,value,note"
    assert len(lines) == 1 + 5 * 3 * 2
    assert "vacancy_rate,Ashdown,2022,22.5," in lines
    assert "turnover_rate,Ashdown,2022,,suppressed (c)" in lines


# --- the worked example: England's published figures from the data file ------------------------


def test_the_example_is_englands_published_figures_from_the_data_file():
    data = load_data("workforce.json")
    latest = max(data["national"], key=lambda n: n["year"])
    outcome = run(NAME, CALC.example(SETTINGS))
    vacancy = measure(outcome["result"], "vacancy_rate")
    assert vacancy["england"]["values"][-1] == latest["vacancy_rate"]
    assert outcome["result"]["councils"] == []  # the example invents no council's figures
    assert measure(outcome["result"], "caseload")["england"]["why"][-1] == "not in the file"


# --- problems with a file, each named ----------------------------------------------------------


def test_no_file_is_asked_for():
    assert messages(run(NAME, {"indicators": "", "council": ""})) == ["Choose the DfE's indicators file (a CSV file)"]


def test_another_file_is_named_as_not_the_departments():
    (message,) = messages(compare(text="Worker,FTE,CIN\nMN,1,12\n"))
    assert message.startswith("This is not the DfE's indicators file: it has no column 'time_period' or")
    assert "Its columns are CIN, FTE, Worker." in message


def test_a_bad_cell_names_its_row_area_year_and_column():
    rows = (*ROWS[:6], ("2022", "Local authority", "North East", "Ashdown", "twenty", "20.0", "1", "1", "1"))
    (message,) = messages(compare(text=indicators_csv(rows)))
    assert message == (
        "Row 8 (Ashdown, 2022): vacancy_rate_fte is 'twenty', which is neither a number "
        "nor one of the DfE's symbols (c, x, z, u, low)"
    )


def test_a_filtered_copy_without_england_is_refused():
    (message,) = messages(compare(text=indicators_csv(ROWS[2:])))
    assert "The file has no England rows (geographic_level 'National')" in message


def test_a_repeated_row_is_refused():
    assert "two rows for Ashdown in 2023" in messages(compare(text=indicators_csv((*ROWS, ROWS[-3]))))[0]


def test_a_council_not_in_the_file():
    assert messages(compare("Nowhere")) == ["The file has no council called 'Nowhere': choose one from the list"]


# --- the column names are data -----------------------------------------------------------------


def test_a_renamed_column_is_a_data_edit():
    data = copy.deepcopy(load_data("workforce.json"))
    data["indicators_file"]["columns"]["caseload"] = "average_caseload"
    text = indicators_csv().replace("caseload_fte", "average_caseload")
    assert measure(compare(text=text, data=data)["result"], "caseload")["council"]["values"] == [18.2, 17.0]
    assert "no column 'average_caseload'" in messages(compare(data=data))[0]


def test_a_data_file_without_the_section_takes_the_departments_names():
    data = copy.deepcopy(load_data("workforce.json"))
    del data["indicators_file"]
    assert compare(data=data)["ok"]


# --- the command line --------------------------------------------------------------------------


def test_command_line(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"indicators": indicators_csv(), "council": "Ashdown"}), encoding="utf-8")
    done = run_cli(NAME, str(answers))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["result"]["region"] == "North East"
