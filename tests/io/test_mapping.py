"""Reading the files people have (issue 18, items 1 and 8): the heading row found under a title row, the
standard abbreviations and a council's headings matched to the data file's fields, FTE read as hours,
columns left out named, the user's --mapping, rows named by the file's rows, and a file meant for
another calculator named as such."""

from __future__ import annotations

import base64
import json

import pytest
from cli_helpers import run_cli

import calculators
from calculators.io.files import load
from calculators.io.mapping import reading_for
from calculators.kit.data import load_data
from calculators.kit.errors import ConfigError, InputErrors

OPTIONS = {"model": "points"}
EXPORT = (
    "Team caseloads for week 12\n"
    "Worker,FTE,CIN,CP,LAC,Court,Role,Total\n"
    "MN,1,4,3,2,1,Social worker,9\n"
    "AB,0.8,3,2,1,0,Social worker,6\n"
)


def read(text: str, mapping=None, data=None, name: str = "team"):
    calc, settings = calculators.prepare(name, OPTIONS if name == "team" else None, data)
    reading = reading_for(calc.DATA_FILE, data, mapping, False, lambda: calculators.engine.other_tables(name))
    return load(calc, settings, [("export.csv", text.encode())], "", reading)


def confirmed(text: str = EXPORT) -> dict:
    """The export read with the columns confirmed (as the page's step or --mapping does)."""
    return read(text, [{"heading": "Role", "field": ""}])


def test_a_title_row_is_skipped_and_named():
    loaded = read(
        "Team caseloads for week 12\n,,\nlabel,contracted_hours,protected_hours,asye,cases_assessment,"
        "cases_cin,cases_cp,cases_cla,extra_court,extra_siblings,extra_travel\nA,37,3,no,1,1,1,1,0,0,0\n"
    )
    assert loaded.batch[0]["workers"][0]["label"] == "A"
    assert any(
        "headings are in row 3; skipped the row above them (row 1: 'Team caseloads for week 12')" in n
        for n in loaded.notices
    )
    assert loaded.sources == ["row 4 of the file"]


def test_abbreviations_fill_the_data_files_case_types_and_fte_is_hours():
    loaded = confirmed()
    first, second = loaded.batch[0]["workers"]
    assert (first["cases_cin"], first["cases_cp"], first["cases_cla"], first["extra_court"]) == ("4", "3", "2", "1")
    assert (first["contracted_hours"], second["contracted_hours"]) == ("37", "29.6")  # FTE x full_time_hours 37
    said = " ".join(loaded.notices)
    assert "'CIN' as Child in need" in said and "'LAC' as Child looked after" in said
    assert "the full-time equivalent times 37 hours" in said


def test_fte_uses_the_councils_full_time_hours():
    data = load_data("workload.json") | {"full_time_hours": 36}
    loaded = read(EXPORT, [{"heading": "Role", "field": ""}], data)
    assert loaded.batch[0]["workers"][1]["contracted_hours"] == "28.8"
    assert any("times 36 hours" in n for n in loaded.notices)


def test_columns_left_out_are_named_never_silently():
    said = " ".join(confirmed().notices)
    assert "Left out 1 column this calculator does not use: 'Total'" in said
    assert "Left out 1 column set to “not used”: 'Role'" in said
    assert "The file has no column for these answers, so every row takes the form's default" in said


def test_without_confirmation_missing_columns_are_refused_and_unknown_ones_named():
    with pytest.raises(InputErrors) as problems:
        read(EXPORT)
    messages = [e.message for e in problems.value.errors]
    assert "The file has no column for Protected hours ('protected_hours')" in messages
    assert any(m.startswith("Unknown column 'Role'") for m in messages)
    assert not any("did you mean" in m for m in messages)  # FTE is no longer 'Child looked after'


def test_confirming_the_columns_never_makes_up_contracted_hours():
    without_hours = "Worker,CIN,CP\nMN,4,3\n"
    with pytest.raises(InputErrors) as problems:
        read(without_hours, [{"heading": "Worker", "field": "label"}])
    messages = [e.message for e in problems.value.errors]
    assert "The file has no column for Contracted hours ('contracted_hours')" in messages
    assert not any("Protected hours" in m for m in messages)  # that one may take the form's default, said


def test_a_close_heading_is_guessed_only_when_close():
    assert "did you mean 'contracted_hours'?" in calculators.kit.errors.unknown_name_message(
        "hours", ["contracted_hours"]
    )
    assert "did you mean" not in calculators.kit.errors.unknown_name_message(
        "FTE", ["cla"], labels=("Child looked after",)
    )


def test_a_councils_headings_from_its_data_file():
    data = load_data("workload.json") | {"import_headings": [{"heading": "Open CIN", "field": "cases_cin"}]}
    text = EXPORT.replace(",CIN,", ",Open CIN,")
    loaded = read(text, [{"heading": "Role", "field": ""}], data)
    assert loaded.batch[0]["workers"][0]["cases_cin"] == "4"
    assert any("'Open CIN' as Child in need" in n for n in loaded.notices)
    with pytest.raises(ConfigError, match=r"import_headings\[0\]"):
        calculators.prepare("team", OPTIONS, load_data("workload.json") | {"import_headings": [{"heading": "x"}]})


def test_the_page_is_asked_to_show_the_step_only_when_headings_are_not_the_forms():
    payload = base64.b64encode(EXPORT.encode()).decode()
    asked = calculators.act("team", "import_file", {}, OPTIONS, payload=payload, filename="e.csv", mapping={})
    columns = {c["heading"]: c["field"] for c in asked["choose_columns"]["columns"]}
    assert columns == {
        "Worker": "label",
        "FTE": "contracted_hours",
        "CIN": "cases_cin",
        "CP": "cases_cp",
        "LAC": "cases_cla",
        "Court": "extra_court",
        "Role": "",
        "Total": "",
    }
    done = calculators.act("team", "import_file", {}, OPTIONS, payload=payload, filename="e.csv", mapping=columns)
    assert done["ok"] and len(done["values"]["workers"]) == 2
    template = calculators.act("team", "csv_template", {}, OPTIONS)["download"]["text"]
    plain = base64.b64encode(template.encode()).decode()
    direct = calculators.act("team", "import_file", {}, OPTIONS, payload=plain, filename="t.csv", mapping={})
    assert direct["ok"] and "choose_columns" not in direct  # the template's headings: no step, as before


PROPOSED = {"Worker": "label", "FTE": "contracted_hours", "CIN": "cases_cin", "CP": "cases_cp", "LAC": "cases_cla"}
PROPOSED |= {"Court": "extra_court", "Role": "", "Total": ""}


def test_two_columns_for_one_field_are_refused():
    payload = base64.b64encode(EXPORT.encode()).decode()
    chosen = PROPOSED | {"Total": "cases_cin"}
    out = calculators.act("team", "import_file", {}, OPTIONS, payload=payload, filename="e.csv", mapping=chosen)
    assert any("The columns 'CIN' and 'Total' both fill Child in need" in e["message"] for e in out["errors"])


def test_rows_problems_name_the_worker_and_the_row_of_the_file():
    text = EXPORT + "CD,abc,1,1,1,0,SW,3\n"
    payload = base64.b64encode(text.encode()).decode()
    chosen = PROPOSED
    out = calculators.act("team", "import_file", {}, OPTIONS, payload=payload, filename="e.csv", mapping=chosen)
    assert "CD (row 5 of the file): Contracted hours must be a number, like 37.5" in [
        p["message"] for p in out["problems"]
    ]


def test_the_command_line_understands_the_same_headings_and_mapping_files(tmp_path):
    (tmp_path / "export.csv").write_text(EXPORT)
    (tmp_path / "mapping.json").write_text(json.dumps([{"heading": "Role", "field": ""}]))
    out = run_cli("team", str(tmp_path / "export.csv"), "--mapping", str(tmp_path / "mapping.json"))
    assert out.returncode == 0, out.stderr
    assert "note: Left out 1 column this calculator does not use: 'Total'" in out.stderr
    assert "note: Left out 1 column set to “not used”: 'Role'" in out.stderr
    assert json.loads(out.stdout)["result"]["workers"][1]["label"] == "AB"
    (tmp_path / "bad.json").write_text(json.dumps([{"heading": "Role"}]))
    bad = run_cli("team", str(tmp_path / "export.csv"), "--mapping", str(tmp_path / "bad.json"))
    assert bad.returncode == 2 and "mapping[0].field: is missing" in bad.stderr


def test_a_collation_file_in_the_single_observation_form_is_named_as_such():
    calc, settings = calculators.prepare("supervision_collate")
    text = calc.csv_template(settings) + "Obs 1,2026-03-14," + ",".join("" for _ in settings.domains) + "\n"
    payload = base64.b64encode(text.encode()).decode()
    out = calculators.act("supervision", "import_file", {}, payload=payload, filename="obs.csv", mapping={})
    [error] = out["errors"]
    assert error["calculator"] == "supervision_collate"
    assert f"This file is for the {calc.TITLE}" in error["message"]
    assert "Unknown column" not in error["message"]
