"""The bad-input corpus through the real Pyodide worker in Chromium: every file gives the same
import answer and the same result or message as native Python (tests/io/test_corpus.py checks the
expected messages natively). The 50 MB file never reaches Python in the page: the file control
refuses it by size first, which tests/browser/test_team_browser.py covers."""

from __future__ import annotations

import base64
import json

import pytest
from browser_helpers import RUN_IN_WORKER, wait_until_settled
from corpus_helpers import corpus_cases

from calculators.hosts.browser import handle

pytestmark = pytest.mark.browser

PAGE = "workload/team-calculator/"
CALC = "calc-team"

# Post one request to the page's own worker, as the page's calculate() does.


def import_then_calculate(ask, calculator: str, data: bytes, filename: str) -> list[dict]:
    """What the page does with a file: import it, then (if that worked) calculate the new values."""
    request = {
        "calculator": calculator,
        "values": {},
        "action": "import_file",
        "payload": base64.b64encode(data).decode(),
        "filename": filename,
    }
    imported = ask(request)
    if not imported["ok"]:
        return [imported]
    return [imported, ask({"calculator": calculator, "values": imported["values"]})]


def test_every_corpus_file_gives_the_same_answer_in_pyodide_as_natively(page, site_url, tmp_path):
    page.goto(site_url + PAGE)
    wait_until_settled(page, CALC)
    cases = [c for c in corpus_cases(tmp_path) if c.path.stat().st_size <= 5 * 1024 * 1024]
    assert len(cases) > 40
    differences = []
    for case in cases:
        data = case.path.read_bytes()
        in_browser = import_then_calculate(lambda r: page.evaluate(RUN_IN_WORKER, r), case.calculator, data, case.id)
        natively = import_then_calculate(lambda r: json.loads(handle(json.dumps(r))), case.calculator, data, case.id)
        for answer in in_browser:
            answer.pop("html", None)  # compared through "result"; the HTML embeds the same figures
            assert "unexpected problem" not in json.dumps(answer), (case.id, answer)
        for answer in natively:
            answer.pop("html", None)
        if in_browser != natively:
            differences.append(case.id)
    assert differences == []
