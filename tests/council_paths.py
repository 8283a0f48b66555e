"""Shared by the council tests in Chromium: a council's data must reach its calculators however a visitor
arrives (direct load, menu link, back, forward, reload), with no Content-Security-Policy violation."""

from __future__ import annotations

import json
from pathlib import Path

from browser_helpers import load, result_of, use_example, wait_until_settled

import calculators

WORKLOAD_PAGE = "workload/individual-calculator/"
SUPERVISION_PAGE = "supervision/star-observation/"
CSP_LISTENER = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__csp")


def council_data(council: Path, name: str) -> dict:
    return json.loads((council / "data" / f"{name}.json").read_text(encoding="utf-8"))


def expected(page, calc_id: str, name: str, council: Path) -> dict:
    """What native Python gives for the example with the council's data and the page's own options."""
    data = council_data(council, name)
    options = json.loads(page.get_attribute(f"#{calc_id}", "data-options") or "{}")
    calc, settings = calculators.prepare(name, options, data)
    return calculators.run(name, calc.example(settings), options, data)["result"]


def check_workload(page, council: Path, who: str) -> None:
    """The workload calculator computes with the council's weights and says whose data (and which version) it used."""
    wait_until_settled(page, "calc-workload")
    use_example(page, "calc-workload")
    assert result_of(page, "calc-workload") == expected(page, "calc-workload", "workload", council)
    used = page.inner_text("#calc-workload [data-role=data-used]")
    version = council_data(council, "workload")["version"]
    assert who in used and version in used, used


def on_every_path(page, url: str, council: Path, who: str) -> None:
    """Direct load, home then menu link (instant navigation), the supervision page's own rating scale,
    back, forward, reload: the council's data every time, and no policy violation."""
    page.goto(url + WORKLOAD_PAGE)  # direct load
    check_workload(page, council, who)
    own_types = [t["label"] for t in council_data(council, "workload")["case_types"]]
    form = page.inner_text("#calc-workload form")
    assert all(label in form for label in own_types), own_types

    load(page, url)  # home, then the menu link: instant navigation swaps the page in place
    page.locator(f"nav a[href$='{WORKLOAD_PAGE}']").first.click()
    page.wait_for_url(url + WORKLOAD_PAGE)
    check_workload(page, council, who)
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # no full load happened

    page.locator(f"nav a[href$='{SUPERVISION_PAGE}']").first.click()  # the council's own rating scale
    page.wait_for_url(url + SUPERVISION_PAGE)
    wait_until_settled(page, "calc-supervision")
    top = max(level["value"] for level in council_data(council, "supervision")["scale"])
    assert page.locator(f"#calc-supervision input[type=radio][value='{top}']").count() > 0
    use_example(page, "calc-supervision")
    assert result_of(page, "calc-supervision") == expected(page, "calc-supervision", "supervision", council)

    page.go_back()  # back
    page.wait_for_url(url + WORKLOAD_PAGE)
    check_workload(page, council, who)
    page.go_forward()  # forward
    page.wait_for_url(url + SUPERVISION_PAGE)
    wait_until_settled(page, "calc-supervision")
    assert who in page.inner_text("#calc-supervision [data-role=data-used]")
    page.go_back()
    page.wait_for_url(url + WORKLOAD_PAGE)  # a reload sooner would reload the supervision page
    page.reload()  # reload
    check_workload(page, council, who)
    assert csp_violations(page) == []
