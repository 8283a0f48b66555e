"""Every file in the bad-input corpus gives its expected message or result, the same through the
command line and through the browser's import (calculators.hosts.browser.handle, which the page's worker
runs), and every other calculator given the same file answers with a result or a clear message:
never a traceback, never "unexpected problem"."""

from __future__ import annotations

import base64
import json
import time

import pytest
from cli_helpers import run_cli
from corpus_helpers import CORPUS, Case, corpus_cases

from calculators import CALCULATORS
from calculators.hosts.browser import handle
from calculators.hosts.cli import main as cli_main

MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
NAMES = [e["file"] for e in MANIFEST["files"] + MANIFEST["generated"]]


@pytest.fixture(scope="session")
def cases(tmp_path_factory) -> dict[str, Case]:
    return {c.id: c for c in corpus_cases(tmp_path_factory.mktemp("corpus"))}


def through_cli(capsys, name: str, path) -> tuple[int, str, str]:
    code = cli_main(name, [str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


def through_browser(name: str, data: bytes, filename: str) -> tuple[dict, dict | None]:
    """What the page does: import the file, then (if that worked) calculate with the new values."""
    request = {
        "calculator": name,
        "values": {},
        "action": "import_file",
        "payload": base64.b64encode(data).decode(),
        "filename": filename,
    }
    imported = json.loads(handle(json.dumps(request)))
    if not imported["ok"]:
        return imported, None
    return imported, json.loads(handle(json.dumps({"calculator": name, "values": imported["values"]})))


def messages(*responses: dict | None) -> list[str]:
    """The problems the page shows: an import's, its rows' named by the file's rows, the calculation's."""
    return [e["message"] for r in responses if r for e in r.get("errors", []) + r.get("problems", [])] + [
        r["failure"] for r in responses if r and r.get("failure")
    ]


@pytest.mark.parametrize("filename", NAMES)
def test_the_expected_message_or_result_on_the_command_line(filename, cases, capsys):
    case = cases[filename]
    code, out, err = through_cli(capsys, case.calculator, case.path)
    assert "Traceback" not in err
    if case.expect == "ok":
        assert code == 0, err
        assert json.loads(out)["ok"]
    else:
        assert code == 1 and case.expect in err, err
    if case.notice:
        assert case.notice.lower() in err.lower()


@pytest.mark.parametrize("filename", NAMES)
def test_the_same_message_or_result_in_the_browser(filename, cases):
    case = cases[filename]
    imported, outcome = through_browser(case.calculator, case.path.read_bytes(), case.path.name)
    found = messages(imported, outcome)
    assert not any("unexpected problem" in m for m in found)
    if case.expect == "ok":
        assert outcome and outcome["ok"], found
    else:
        assert any(case.expect in m for m in found), found
    if case.notice:
        assert any(case.notice.lower() in n.lower() for n in imported.get("notices", []))


@pytest.mark.parametrize("filename", NAMES)
def test_every_calculator_answers_every_file_with_a_result_or_a_message(filename, cases, capsys):
    case = cases[filename]
    data = case.path.read_bytes()
    for name in CALCULATORS:
        code, _, err = through_cli(capsys, name, case.path)
        assert code in (0, 1) and "Traceback" not in err, (name, err)
        assert code == 0 or err.strip(), name
        imported, outcome = through_browser(name, data, case.path.name)
        for response in (imported, outcome):
            if response and not response["ok"]:
                assert response["errors"] and all(e["message"] for e in response["errors"]), (name, response)


def test_a_latin_1_name_is_read_correctly_not_replaced(cases):
    imported, outcome = through_browser("team", cases["latin-1.csv"].path.read_bytes(), "latin-1.csv")
    assert imported["values"]["workers"][0]["label"] == "José"
    assert outcome["result"]["workers"][0]["label"] == "José" and "\ufffd" not in json.dumps(outcome)


def test_the_100000_row_file_is_refused_quickly(cases, capsys):
    path = cases["rows-100000.csv"].path
    start = time.perf_counter()
    imported, _ = through_browser("team", path.read_bytes(), path.name)
    took = time.perf_counter() - start
    assert not imported["ok"] and "limit is 2,000" in imported["errors"][0]["message"]
    assert took < 10  # generous for a shared machine; scripts/bench_inputs.py measures it properly


def test_one_real_command_line_process(tmp_path):
    """The in-process tests call the same main(); this checks the module runs as an analyst runs it."""
    done = run_cli("team", str(CORPUS / "semicolon.csv"), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("worker,asye,cases")
    bad = run_cli("team", str(CORPUS / "too-many-cells.csv"))
    assert bad.returncode == 1 and "Row 1 has 12 cells" in bad.stderr and "Traceback" not in bad.stderr
