"""The front-end runtime in Chromium: one worker per visit, instant navigation, clear failure
messages, no third-party requests, works without JavaScript, accessible."""

from __future__ import annotations

import json
import re
import time

import pytest
from browser_helpers import (
    axe_violations,
    errors_of,
    fill,
    load,
    open_calculator,
    python_recalculates,
    result_of,
    use_example,
)
from conftest import free_port, serve

pytestmark = pytest.mark.browser

CALC_PAGE = "workload/individual-calculator/"
CALC = "calc-workload"


def test_only_the_serving_host_is_contacted_by_pages_and_worker(page, site_url, requests_seen):
    page.goto(site_url)
    open_calculator(page, site_url, CALC_PAGE, CALC)
    fill(page, CALC, {"cases_cin": "3"})
    # the worker's own downloads are watched too, so the guard really covers them
    assert any(u.endswith("/assets/pyodide/pyodide.asm.wasm") for u in requests_seen.urls)
    assert any(u.endswith(".whl") for u in requests_seen.urls)
    # (the `context` fixture fails the test if any request went anywhere but 127.0.0.1)


def test_instant_navigation_keeps_one_worker_and_rewires(page, site_url):
    load(page, site_url)  # once the sitemap is read: a link followed sooner is a full load
    page.evaluate("window.__samePage = true")
    page.click(f"nav a[href$='{CALC_PAGE}']")
    page.wait_for_selector(f"#{CALC}[data-state=calculated]", state="attached")
    assert page.evaluate("window.__samePage === true"), "instant navigation fell back to a full page load"
    page.click("a.md-header__button.md-logo")
    page.wait_for_selector(f"#{CALC}", state="detached")
    page.click(f"nav a[href$='{CALC_PAGE}']")
    page.wait_for_selector(f"#{CALC}[data-state=calculated]", state="attached")
    use_example(page, CALC)  # the form starts blank
    fill(page, CALC, {"cases_cp": "1"})
    assert result_of(page, CALC)["points"]["cases"] == 13  # the page shows both models
    assert page.evaluate("window.__samePage === true")


def test_leaving_before_python_is_ready_and_coming_back_still_works(page, site_url):
    def slow(route):
        time.sleep(1.5)
        route.continue_()

    page.route("**/pyodide.asm.wasm", slow)
    load(page, site_url, CALC_PAGE)  # once the sitemap is read: a link followed sooner is a full load
    page.wait_for_selector(f"#{CALC}[data-state=loading]", state="attached")
    # the progress indicator is shown while the runtime loads
    assert page.is_visible(f"#{CALC} [data-role=status]")
    assert "Python" in page.inner_text(f"#{CALC} [data-role=status-text]")
    page.evaluate("window.__samePage = true")
    page.click("a.md-header__button.md-logo")
    page.wait_for_selector(f"#{CALC}", state="detached")
    page.click(f"nav a[href$='{CALC_PAGE}']")
    page.wait_for_selector(f"#{CALC}[data-state=calculated]", state="attached")
    use_example(page, CALC)  # the form starts blank
    fill(page, CALC, {"cases_cla": "0"})
    assert result_of(page, CALC)["points"]["cases"] == 13  # the page shows both models
    assert page.evaluate("window.__samePage === true")


def failing_server(built_site, **kwargs):
    port = free_port()
    return serve(built_site, port, **kwargs), f"http://127.0.0.1:{port}/"


@pytest.mark.parametrize(
    ("server_kwargs", "expected"),
    [
        ({"content_types": {".wasm": "application/octet-stream"}}, "serve .wasm files as application/wasm"),
        (
            {"extra_headers": {"Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'"}},
            "add 'wasm-unsafe-eval' to script-src",
        ),
    ],
)
def test_runtime_failure_gets_a_clear_message_and_keeps_answers(page, built_site, server_kwargs, expected):
    server, url = failing_server(built_site, **server_kwargs)
    try:
        page.goto(url + CALC_PAGE)
        page.fill(f"#{CALC}-cases_cin", "9")
        page.wait_for_selector(f"#{CALC}[data-state=failed]", state="attached")
        status = page.inner_text(f"#{CALC} [data-role=status]")
        assert "The calculator could not start" in status and expected in status
        assert page.input_value(f"#{CALC}-cases_cin") == "9"
        assert "Capacity used" in page.inner_text(f"#{CALC} [data-role=result]")
    finally:
        server.shutdown()


def test_recommended_content_security_policy_works(page, built_site):
    # Material's theme has small inline scripts, hence 'unsafe-inline' (or their hashes) in script-src.
    csp = "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'"
    server, url = failing_server(built_site, extra_headers={"Content-Security-Policy": csp})
    try:
        page.goto(url + CALC_PAGE)
        page.wait_for_selector(f"#{CALC}[data-state=calculated]", state="attached")
        use_example(page, CALC)  # the form starts blank
        page.fill(f"#{CALC}-cases_cin", "0")
        page.click(f"#{CALC} button[type=submit]")
        page.wait_for_selector(f"#{CALC}:not([data-responses='1']):not([data-responses='2'])", state="attached")
        assert json.loads(page.get_attribute(f"#{CALC} [data-role=result]", "data-result"))["points"]["cases"] == 10
    finally:
        server.shutdown()


def test_without_javascript_the_example_and_a_clear_notice_show(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + CALC_PAGE)
        assert "This calculator needs JavaScript" in page.inner_text(f"#{CALC}")
        assert "Capacity used" in page.inner_text(f"#{CALC} [data-role=result]")
    finally:
        context.close()


@pytest.mark.shared_page
def test_calculator_page_is_accessible_including_errors(page, site_url):
    open_calculator(page, site_url, CALC_PAGE, CALC)
    assert axe_violations(page) == []
    fill(page, CALC, {"contracted_hours": "0", "cases_cin": "x"})
    assert len(errors_of(page, CALC)) == 2
    assert axe_violations(page) == []


@pytest.mark.shared_page
def test_home_page_is_accessible(page, site_url):
    page.goto(site_url)
    assert axe_violations(page) == []


@pytest.mark.shared_page
def test_keyboard_alone_can_change_an_answer_and_calculate(page, site_url):
    open_calculator(page, site_url, CALC_PAGE, CALC)
    page.focus(f"#{CALC}-cases_cin")
    page.keyboard.press("Control+A")
    page.keyboard.type("0")
    before = int(page.get_attribute(f"#{CALC}", "data-responses"))
    for _ in range(40):  # Tab to the Calculate button, then press Enter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    page.keyboard.press("Enter")
    page.wait_for_function("([id, n]) => Number(document.getElementById(id).dataset.responses) > n", arg=[CALC, before])
    assert result_of(page, CALC)["points"]["cases"] == 10


# ---- start-up: the build's Python snapshot, and a clean normal start whenever it is not usable ----


def started_from(page) -> str:
    return page.evaluate("window.toolkitCalculators.stats().then((s) => s.start)")


def snapshot_meta(route) -> None:
    meta = route.fetch().json()
    route.fulfill(json={**meta, "pyodide": "0.0.1"})  # as if made by another Pyodide version


@pytest.mark.parametrize(
    ("pattern", "handler", "expected"),
    [
        (None, None, "snapshot"),
        ("**/snapshot.json", lambda route: route.fulfill(status=404, body="gone"), "normal start"),
        ("**/snapshot.json", snapshot_meta, "normal start"),
        (
            "**/snapshot.bin",
            lambda route: route.fulfill(body=b"\0" * 4096, content_type="application/octet-stream"),
            "normal start",
        ),
    ],
    ids=["snapshot", "missing", "other-version", "corrupt"],
)
def test_python_starts_from_the_snapshot_or_falls_back_cleanly(page, site_url, pattern, handler, expected):
    if pattern:
        page.route(pattern, handler)
    page.goto(site_url + CALC_PAGE)
    page.wait_for_selector(f"#{CALC}[data-state=calculated]", state="attached")
    assert started_from(page) == expected
    python_recalculates(page, CALC)


def test_on_a_slow_connection_python_starts_without_the_big_snapshot(page, site_url, requests_seen):
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")  # a slow round trip makes the browser rate the connection "3g"
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 700, "downloadThroughput": 50e6, "uploadThroughput": 50e6},
    )
    page.goto(site_url + CALC_PAGE)
    page.wait_for_selector(f"#{CALC}[data-state=calculated]", state="attached", timeout=120_000)
    assert started_from(page) == "normal start"
    assert not any(u.endswith("/snapshot.bin") for u in requests_seen.urls)


# ---- guidance pages fetch the search index only when search is used ----


@pytest.mark.parametrize("open_search", ["click", "keyboard"])
def test_search_index_is_fetched_only_when_search_is_used(page, site_url, requests_seen, open_search):
    page.goto(site_url + "workload/")
    page.wait_for_load_state("networkidle")
    # The page itself holds the index back; the service worker may store it for offline use meanwhile.
    assert not any(u.endswith("/search/search_index.json") for u in requests_seen.by_pages)
    if open_search == "click":
        page.click("label.md-search__icon, .md-search__input")
    else:
        page.keyboard.press("/")  # Material's shortcut
    page.locator("input.md-search__input").press_sequentially("caseload")
    page.wait_for_selector(".md-search-result__item")
    assert any(u.endswith("/search/search_index.json") for u in requests_seen.urls)


# ---- packages a calculator needs only sometimes (openpyxl for Excel) come from the site when asked ----

ASK_WORKER = """async ([workerUrl, calculator, action]) => {
  const root = document.querySelector("[data-calculator]");
  const worker = new Worker(workerUrl, { type: "module" });
  const answer = (type) => new Promise((resolve) => {
    worker.addEventListener("message", ({ data }) => {
      if (data.type === type || data.type === "failed") resolve(data);
    });
  });
  worker.postMessage({ type: "init", wheel: new URL(`../calculators/${root.dataset.wheel}`, workerUrl).href });
  const ready = await answer("ready");
  if (ready.type === "failed") return ready;
  worker.postMessage({ type: "run", id: 1, request: { calculator, action, values: {} } });
  const result = await answer("result");
  worker.terminate();
  return result.response;
}"""


def test_excel_package_is_installed_from_the_site_when_first_needed(page, site_url, requests_seen):
    page.goto(site_url + "workload/team-calculator/")
    response = page.evaluate(ASK_WORKER, [site_url + "assets/js/calculator-worker.js", "team", "export_xlsx"])
    assert response.get("ok") is True, response
    assert "needs" not in response and response["download"]["filename"].endswith(".xlsx")
    assert any(re.search(r"/openpyxl-[\d.]+-py3-none-any\.whl$", u) for u in requests_seen.urls)
