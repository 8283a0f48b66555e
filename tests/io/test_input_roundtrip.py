"""Round trips keep everything: what a calculator saves as "my answers", its import (the browser's
path, calculators.hosts.browser.handle) and its command line read back to the same answers."""

from __future__ import annotations

import base64
import json

import pytest

from calculators import CALCULATORS, act, prepare, run
from calculators.hosts.browser import handle
from calculators.hosts.cli import main as cli_main

NAMES = sorted(CALCULATORS)


def inputs_of(outcome: dict) -> dict:
    [saved] = [d for d in outcome["downloads"] if d["kind"] == "inputs"]
    return saved


def import_file(name: str, files: list[tuple[str, bytes]], values: dict | None = None) -> dict:
    """What the page sends: the file's bytes as base64, and its name."""
    request = {
        "calculator": name,
        "values": values or {},
        "action": "import_file",
        "payload": [base64.b64encode(b).decode() for _, b in files],
        "filename": [n for n, _ in files],
    }
    return json.loads(handle(json.dumps(request)))


def cli(capsys, name: str, *args: str) -> tuple[int, str, str]:
    code = cli_main(name, list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def the_table(name: str) -> str:
    return getattr(prepare(name)[0], "CSV_TABLE", "") or ""


@pytest.mark.parametrize("name", NAMES)
def test_saved_answers_import_and_calculate_the_same(name, tmp_path, capsys):
    calc, settings = prepare(name)
    values = calc.example(settings)
    first = run(name, values)
    assert first["ok"], first
    saved = inputs_of(first)
    imported = import_file(name, [(saved["filename"], saved["text"].encode("utf-8"))], values)
    assert imported["ok"], imported
    again = imported["values"]
    table = the_table(name)
    if table:
        assert again[table] == [{k: str(v) for k, v in row.items()} for row in values[table]]
    for key, value in values.items():
        if key != table:
            assert again[key] == value, key
    assert run(name, again)["result"] == first["result"]
    path = tmp_path / saved["filename"]
    path.write_text(saved["text"], encoding="utf-8")
    code, out, err = cli(capsys, name, str(path))
    assert code == 0, err
    assert json.loads(out)["result"] == first["result"]


FORMULAS = ["'=literal", '=HYPERLINK("http://x","y")', "+1", "-x", "@sum", "''=two apostrophes", "'plain"]


def test_formula_like_labels_survive_export_and_import_and_stay_neutralised():
    calc, settings = prepare("team")
    values = calc.example(settings)
    for row, label in zip(values["workers"], FORMULAS[:6], strict=False):
        row["label"] = label
    out = run("team", values)
    assert out["ok"], out["errors"] if not out["ok"] else ""
    # the team's table, for a spreadsheet (its answers file is JSON)
    [table_csv] = [d for d in out["downloads"] if d["filename"] == "team-workers.csv"]
    text = table_csv["text"]
    for line in text.splitlines()[1:]:
        assert not line.startswith(("=", "+", "-", "@")), line  # every such cell starts with an apostrophe
    assert "'''=two apostrophes" in text and "'''=literal" not in text and "''=literal" in text
    back = import_file("team", [("team.csv", text.encode())])
    assert [r["label"] for r in back["values"]["workers"]] == [r["label"] for r in values["workers"]]


def test_newlines_inside_quoted_cells_are_kept():
    calc, settings = prepare("supervision_collate")
    values = calc.example(settings)
    values["observations"][0]["observation"] = "Team B\nsecond line, with a comma"
    text = inputs_of(run("supervision_collate", values))["text"]
    back = import_file("supervision_collate", [("o.csv", text.encode())])
    assert back["values"]["observations"][0]["observation"] == "Team B\nsecond line, with a comma"


def test_csv_exports_write_whole_numbers_without_point_zero():
    out = run("team", prepare("team")[0].example(prepare("team")[1]))
    results = out["downloads"][0]["text"]
    assert "\r\nWorker A,no,17,90,91.89," in results  # a load of 90.0 is written 90
    assert not any(cell.endswith(".0") for line in results.splitlines() for cell in line.split(","))


def observation(n: int) -> dict:
    calc, settings = prepare("supervision")
    values = calc.example(settings)
    values["session"] = f"Observation {n}"
    levels = [lv.key for lv in settings.scale.levels]
    for i, d in enumerate(settings.domains):
        values[f"rating_{d.id}"] = levels[(i + n) % len(levels)]
    return run("supervision", values)


def test_the_observation_tools_records_collate_many_at_once():
    records = [next(d for d in observation(n)["downloads"] if d["filename"].endswith(".json")) for n in range(3)]
    csvs = [next(d for d in observation(n)["downloads"] if d["filename"].endswith(".csv")) for n in range(3, 5)]
    files = [(d["filename"], d["text"].encode()) for d in records + csvs]
    imported = import_file("supervision_collate", files)
    assert imported["ok"], imported
    rows = imported["values"]["observations"]
    assert [r["observation"] for r in rows] == [f"Observation {n}" for n in range(5)]
    result = run("supervision_collate", imported["values"])
    assert result["ok"] and result["result"]["observations"] == 5


def test_joined_csv_files_skip_repeated_headers():
    texts = [next(d for d in observation(n)["downloads"] if d["filename"].endswith(".csv"))["text"] for n in range(3)]
    imported = import_file("supervision_collate", [("joined.csv", "".join(texts).encode())])
    assert imported["ok"] and len(imported["values"]["observations"]) == 3
    assert any("repeated header" in n for n in imported["notices"])


def test_supervision_cli_reads_its_own_record(tmp_path, capsys):
    out = observation(1)
    record = next(d for d in out["downloads"] if d["filename"].endswith(".json"))
    path = tmp_path / "record.json"
    path.write_text(record["text"], encoding="utf-8")
    code, stdout, err = cli(capsys, "supervision", str(path))
    assert code == 0, err
    assert json.loads(stdout)["result"] == out["result"]
    assert json.loads(stdout)["result"]["summary"]["rated"] > 0


def test_hybrid_cli_reads_an_exported_plan(tmp_path, capsys):
    calc, settings = prepare("hybrid")
    out = run("hybrid", calc.example(settings))
    plan = next(d for d in out["downloads"] if d["filename"].endswith(".csv") and d["kind"] != "inputs")
    path = tmp_path / "plan.csv"
    path.write_text(plan["text"], encoding="utf-8")
    code, stdout, err = cli(capsys, "hybrid", str(path))
    assert code == 0, err
    assert json.loads(stdout)["result"]["plan"] == out["result"]["plan"] != []
    assert "note: The file holds only the table" in err  # the ratings are not in a plan: said, not hidden


def test_import_file_says_which_defaults_it_used():
    imported = import_file("supervision", [("s.json", b'{"session": "S1"}')])
    assert imported["ok"]
    assert imported["values"]["date"] == "" and "optional answers" in imported["notices"][0]


def test_run_reports_unknown_and_missing_names():
    calc, settings = prepare("workload")
    values = calc.example(settings)
    values["contracted_hour"] = values.pop("contracted_hours")
    out = run("workload", values)
    messages = [e["message"] for e in out["errors"]]
    assert "Unknown field 'contracted_hour': did you mean 'contracted_hours'?" in messages
    assert any("contracted_hours" in m and "missing" in m for m in messages)
    assert run("supervision", {"session": "x"})["defaults_used"]


def test_import_csv_text_still_works_until_the_page_switches():
    calc, settings = prepare("team")
    text = act("team", "csv_template", {})["download"]["text"]
    imported = act("team", "import_csv", calc.example(settings), payload=text)
    assert imported["ok"] and len(imported["values"]["workers"]) == 6


def test_csv_downloads_ask_the_page_for_a_byte_order_mark():
    """Excel on Windows reads a CSV without one as Windows-1252, showing "£" as "Â£"."""
    calc, settings = prepare("team")
    for d in run("team", calc.example(settings))["downloads"]:
        assert d["bom"] == (d["mime"] == "text/csv") and not d["text"].startswith("\ufeff")
    assert act("team", "csv_template", {})["download"]["bom"] is True
    bom_file = ("\ufeff" + act("team", "csv_template", {})["download"]["text"]).encode("utf-8")
    assert import_file("team", [("team.csv", bom_file)])["ok"]  # and such a file imports again
