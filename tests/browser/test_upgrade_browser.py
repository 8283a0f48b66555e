"""A deployment under an open tab, and an upgrade of a visitor who keeps the toolkit offline.

Two real builds of the site, served one at a time from one address (a `live` link swapped in one
rename, as an atomic deployment does): build "a" is the project as it is; build "b" is the same
site with one weight changed (child in need: 4 points a case instead of 7), so the calculators'
code differs and so does every answer that uses that weight.

- An open tab that meets a page of build "b" by instant navigation loads it afresh (scripts, calculators
  and Python all build b's); a page with no version mark still has Python restarted on its own bundle
  before it answers. Either way no answer of the old code is shown, and the answer is a fresh visitor's.
  A page older than the published code says to reload, and calculates nothing.
- A visitor who kept the calculators offline and comes back after the deployment keeps them: the new
  service worker stores the new runtime before it deletes the old one, so offline afterwards every
  calculator works, on the new code, whether the upgrade came on a calculator page or a guidance page.
- "A new version is in use" is said to a tab showing the old version, not to one showing the new.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser_helpers import (
    OFFLINE_PAGE,
    OFFLINE_STATUS,
    fill,
    load,
    navigate,
    result_of,
    use_example,
    visit_until_offline_ready,
    wait_until_settled,
)
from conftest import ROOT, free_port, guarded_context, new_page, serve

pytestmark = pytest.mark.browser

CALC = "calc-workload"
GUIDANCE = "workload/"
OTHER_GUIDANCE = "hybrid-working/research/"
CIN_POINTS = {"a": 4, "b": 7}  # build b's one change: the points of a child-in-need case
OUR_HOST = ("http://127.0.0.1", "data:", "blob:")


class Deployments:
    """Builds "a" and "b" of the site at one address; `switch` publishes one of them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.live = root / "live"

    def build(self, name: str, calculators: Path | None = None) -> None:
        """Build the site; with `calculators`, a folder holding a changed copy of the package, which the
        build imports instead of the project's (run from that folder: `python -m` puts it first)."""
        env = {**os.environ, "SITE_URL": self.url, "NO_MKDOCS_2_WARNING": "1"}
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml")]
        result = subprocess.run(
            [*command, "-d", str(self.root / name)],
            cwd=calculators or ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr

    def bundle(self, name: str) -> str:
        """The hash the build named its calculators' folder with."""
        (folder,) = (self.root / name / "assets" / "calculators").iterdir()
        return folder.name

    def switch(self, name: str) -> None:
        """Publish build `name`: one rename, so every request gets one build or the other."""
        temporary = self.root / "live.new"
        temporary.unlink(missing_ok=True)
        temporary.symlink_to(self.root / name)
        temporary.replace(self.live)

    def worker_build(self, name: str) -> dict:
        source = (self.root / name / "sw.js").read_text(encoding="utf-8")
        return json.loads(re.search(r"const BUILD = (\{.*?\n\});", source, re.S).group(1))

    def version(self, name: str) -> str:
        return self.worker_build(name)["version"]

    def caches(self, name: str) -> set[str]:
        """The caches of a visitor who keeps build `name`'s calculators offline."""
        build = self.worker_build(name)
        return {f"toolkit-pages-{build['version']}", f"toolkit-runtime-{build['runtime']}"}

    def calculators(self, name: str) -> dict[str, list[str]]:
        """Every calculator of a build: {page: [element ids]}."""
        found = {}
        for html in sorted((self.root / name).rglob("index.html")):
            tags = re.findall(r"<div [^>]*data-calculator=\"[^>]*>", html.read_text(encoding="utf-8"))
            if tags:
                page = html.parent.relative_to(self.root / name).as_posix() + "/"
                found[page] = [re.search(r'id="([^"]+)"', tag).group(1) for tag in tags]
        return found


def changed_calculators(target: Path) -> Path:
    """A copy of the calculators package with build b's weight."""
    package = target / "calculators"
    shutil.copytree(ROOT / "calculators", package, ignore=shutil.ignore_patterns("__pycache__"))
    data_file = package / "data" / "workload.json"
    data = json.loads(data_file.read_text(encoding="utf-8"))
    (cin,) = [case for case in data["case_types"] if case["id"] == "cin"]
    assert cin["points"] == CIN_POINTS["a"], "the project's weight changed: update CIN_POINTS"
    cin["points"] = CIN_POINTS["b"]
    data_file.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def deployments(tmp_path_factory):
    deploy = Deployments(tmp_path_factory.mktemp("deployments"))
    deploy.build("a")
    deploy.build("b", changed_calculators(tmp_path_factory.mktemp("changed")))
    assert deploy.bundle("a") != deploy.bundle("b")  # the calculators' code differs
    deploy.switch("a")
    # Pages revalidated on every use, as the generated server settings have them: the browser's HTTP
    # cache never answers for the server, so the test sees exactly the build published.
    server = serve(deploy.live, deploy.port, extra_headers={"Cache-Control": "no-cache"})
    yield deploy
    server.shutdown()


@pytest.fixture
def published_a(deployments):
    deployments.switch("a")
    return deployments


@pytest.fixture
def offline_context(browser):
    """A context where the service worker runs (no request routing: Playwright bypasses service
    workers while it routes); requests to other hosts are still watched."""
    context = browser.new_context(service_workers="allow")
    foreign: list[str] = []
    context.on("request", lambda r: r.url.startswith(OUR_HOST) or foreign.append(r.url))
    yield context
    context.close()
    assert not foreign, f"requests to hosts other than 127.0.0.1: {foreign}"


def cin_answer(page) -> int:
    """Three child-in-need cases, and nothing else: the points load, as the page shows it."""
    use_example(page, CALC)  # the other answers from the example, the cases all but three cleared
    cases = ("assessment", "cp", "cla", "proceedings")
    fill(page, CALC, {"cases_cin": "3", **{f"cases_{case}": "0" for case in cases}})
    return result_of(page, CALC)["points"]["load"]


# Every result any calculator shows, with the version of the page showing it, kept in the tab's
# sessionStorage so that it survives a reload (an init script: it runs in every document of the tab).
RECORD_ANSWERS = """(() => {
    const keep = () => {
        const shown = JSON.parse(sessionStorage.getItem('shown') || '[]');
        for (const element of document.querySelectorAll('[data-role=result]')) {
            shown.push([element.closest('[data-toolkit-build]')?.dataset.toolkitBuild || null,
                        element.dataset.result || '']);
        }
        sessionStorage.setItem('shown', JSON.stringify(shown));
    };
    new MutationObserver(keep).observe(document,
        {subtree: true, childList: true, attributes: true, attributeFilter: ['data-result']});
})()"""


def open_tab_on_build_a(context, deploy: Deployments, errors: list[str]):
    """A tab on build a's calculator, its answer calculated and saved; returns the page and that answer."""
    page = new_page(context, errors)
    page.add_init_script(RECORD_ANSWERS)
    load(page, deploy.url, OFFLINE_PAGE)
    wait_until_settled(page, CALC)
    assert cin_answer(page) == 3 * CIN_POINTS["a"]
    page.evaluate("window.__samePage = true")
    return page, page.get_attribute(f"#{CALC} [data-role=result]", "data-result")


def answers_shown(page, version: str | None) -> list[str]:
    shown = page.evaluate("JSON.parse(sessionStorage.getItem('shown') || '[]')")
    return [answer for page_version, answer in shown if page_version == version]


def same_as_a_fresh_visitor(browser, requests_seen, deploy: Deployments, page, errors: list[str]) -> None:
    fresh_context = guarded_context(browser, requests_seen)
    fresh = new_page(fresh_context, errors)
    fresh.goto(deploy.url + OFFLINE_PAGE)  # a fresh visitor after the deployment
    wait_until_settled(fresh, CALC)
    assert cin_answer(fresh) == result_of(page, CALC)["points"]["load"]
    fresh_context.close()


def test_an_open_tab_loads_a_page_of_the_new_version_afresh(context, published_a, browser, requests_seen):
    """Instant navigation keeps the page's scripts: a page of another version is loaded afresh instead,
    so its scripts, its calculators and their Python are all the new version's."""
    deploy, errors = published_a, []
    page, old_answer = open_tab_on_build_a(context, deploy, errors)

    deploy.switch("b")  # deployed while the tab is open
    navigate(page, deploy.url + GUIDANCE)
    page.wait_for_function("() => window.__samePage === undefined")  # a new version's page: a full load
    assert page.get_attribute("[data-md-component=container]", "data-toolkit-build") == deploy.version("b")
    navigate(page, deploy.url + OFFLINE_PAGE)  # the saved answers come back and are calculated again
    wait_until_settled(page, CALC)
    assert result_of(page, CALC)["points"]["load"] == 3 * CIN_POINTS["b"]
    shown = answers_shown(page, deploy.version("b"))
    assert shown and old_answer not in shown, "a page of the new build showed an answer of the replaced code"
    same_as_a_fresh_visitor(browser, requests_seen, deploy, page, errors)
    assert not errors


def without_version_marks(route) -> None:
    """A page as a build without the version marks (another site generator) would serve it."""
    response = route.fetch()
    body = re.sub(r' data-toolkit-build="[0-9a-f]*"', "", response.text())
    route.fulfill(response=response, body=body)


def test_an_open_tab_restarts_python_on_the_bundle_of_a_page_with_no_version_mark(
    context, published_a, browser, requests_seen
):
    """Without the marks, the page's bundle still decides: Python is restarted on it before it answers."""
    deploy, errors = published_a, []
    page, old_answer = open_tab_on_build_a(context, deploy, errors)

    deploy.switch("b")
    page.route(re.compile(r".*/$"), without_version_marks)
    navigate(page, deploy.url + GUIDANCE)
    navigate(page, deploy.url + OFFLINE_PAGE)
    wait_until_settled(page, CALC)
    assert page.evaluate("window.__samePage === true"), "instant navigation fell back to a full page load"
    assert result_of(page, CALC)["points"]["load"] == 3 * CIN_POINTS["b"]
    assert page.evaluate("toolkitCalculators.runtime.wheel") == page.get_attribute(f"#{CALC}", "data-wheel")
    assert deploy.bundle("b") in page.get_attribute(f"#{CALC}", "data-wheel")
    shown = answers_shown(page, None)  # the unmarked page's
    assert shown and old_answer not in shown, "a page of the new build showed an answer of the replaced code"
    same_as_a_fresh_visitor(browser, requests_seen, deploy, page, errors)
    assert not errors


def wait_for_version(page, deploy: Deployments, name: str) -> None:
    """Until build `name`'s service worker is in charge, with its pages and runtime stored, and the
    other build's caches are gone. Installing stores every page and copies the runtime: on this
    2-core machine under a full parallel test run that took over 180 s once, so allow 360."""
    deadline = time.monotonic() + 360
    while time.monotonic() < deadline:
        names = set(page.evaluate("caches.keys()"))
        if names == deploy.caches(name):
            return
        time.sleep(0.5)
    raise AssertionError(f"build {name} never took over: caches {sorted(names)}, wanted {deploy.caches(name)}")


def every_calculator_answers(page, deploy: Deployments, name: str) -> None:
    for path, ids in deploy.calculators(name).items():
        page.goto(deploy.url + path)
        for calc_id in ids:
            wait_until_settled(page, calc_id)
            use_example(page, calc_id)  # Python in this page answers
            assert page.get_attribute(f"#{calc_id}", "data-errors") == "0", f"{path}#{calc_id}"


def test_upgrade_on_a_calculator_page_then_offline_every_calculator_works(offline_context, published_a):
    deploy = published_a
    page = offline_context.new_page()
    page.set_default_timeout(90_000)
    visit_until_offline_ready(page, deploy.url)

    deploy.switch("b")
    downloads: list[str] = []  # what the service worker fetched from the server for the upgrade
    offline_context.on("request", lambda r: r.service_worker and r.method == "GET" and downloads.append(r.url))
    page.goto(deploy.url + OFFLINE_PAGE)  # the returning visitor, online
    wait_until_settled(page, CALC)
    wait_for_version(page, deploy, "b")
    # the new bundle is downloaded; the unchanged Python runtime is copied from the old cache, not
    assert any(url.endswith(f"{deploy.bundle('b')}/toolkit_calculators-0.1.0-py3-none-any.whl") for url in downloads)
    assert not [url for url in downloads if "/assets/pyodide/" in url]
    offline_context.set_offline(True)
    every_calculator_answers(page, deploy, "b")
    page.goto(deploy.url + OFFLINE_PAGE)
    wait_until_settled(page, CALC)
    assert cin_answer(page) == 3 * CIN_POINTS["b"]  # offline, on the new code


def test_upgrade_on_a_guidance_page_only_then_offline_the_calculators_work(offline_context, published_a):
    deploy = published_a
    old_tab = offline_context.new_page()
    old_tab.set_default_timeout(90_000)
    visit_until_offline_ready(old_tab, deploy.url)
    old_tab.goto(deploy.url + OTHER_GUIDANCE)  # stays open on build a's page

    deploy.switch("b")
    page = offline_context.new_page()
    page.set_default_timeout(90_000)
    page.goto(deploy.url + GUIDANCE)  # the returning visitor opens a guidance page only
    wait_for_version(page, deploy, "b")
    old_tab.wait_for_selector(f"{OFFLINE_STATUS}[data-message=updated]", timeout=60_000)
    assert "new version" in old_tab.locator(OFFLINE_STATUS).inner_text()  # the old tab is told
    # the visitor looking at the new version is not asked to reload for it
    page.wait_for_function("v => window.toolkitOffline.versionInUse === v", arg=deploy.version("b"))
    assert page.evaluate(f"document.querySelector('{OFFLINE_STATUS}')?.dataset.message || ''") != "updated"

    offline_context.set_offline(True)
    page.goto(deploy.url + OFFLINE_PAGE)
    wait_until_settled(page, CALC)
    assert cin_answer(page) == 3 * CIN_POINTS["b"]
    old_tab.reload()  # offline: the new version's page, from the new build's cache
    assert old_tab.get_attribute("[data-md-component=container]", "data-toolkit-build") == deploy.version("b")


def test_a_page_older_than_the_published_code_says_to_reload_and_computes_nothing(context, published_a):
    """A page of build a whose calculators start after build b is published (their bundle is gone)."""
    deploy, errors, held = published_a, [], []
    page = new_page(context, errors)
    page.route(
        "**/*.whl", lambda route: held.append(route)
    )  # the calculators' download waits until the deployment is done
    page.goto(deploy.url + OFFLINE_PAGE)
    deadline = time.monotonic() + 60
    while not held:
        assert time.monotonic() < deadline, "the calculators' bundle was never asked for"
        page.wait_for_timeout(100)
    deploy.switch("b")
    for route in held:
        route.continue_()
    page.wait_for_selector(f"#{CALC}[data-state=failed]", state="attached")
    status = page.inner_text(f"#{CALC} [data-role=status]")
    assert "older version of the toolkit" in status and "Reload the page" in status
    page.fill(f"#{CALC}-cases_cin", "3")
    page.click(f"#{CALC} button[type=submit]")
    page.wait_for_timeout(500)
    assert page.get_attribute(f"#{CALC}", "data-responses") is None  # nothing was calculated
    assert not errors


def test_an_upgrade_cut_short_leaves_the_old_version_working_offline(offline_context, published_a):
    """Build b published with its calculators' bundle missing (a deployment half copied): the new service
    worker cannot store a complete runtime, so it does not take over and deletes nothing."""
    deploy = published_a
    broken = deploy.root / "b-broken"
    if not broken.exists():
        shutil.copytree(deploy.root / "b", broken, copy_function=os.link)
        (broken / "assets" / "calculators" / deploy.bundle("b") / "toolkit_calculators-0.1.0-py3-none-any.whl").unlink()
    page = offline_context.new_page()
    page.set_default_timeout(90_000)
    visit_until_offline_ready(page, deploy.url)
    before = set(page.evaluate("caches.keys()"))
    assert before == deploy.caches("a")

    deploy.switch("b-broken")
    page.goto(deploy.url + GUIDANCE)
    page.wait_for_function("name => caches.has(name)", arg=f"toolkit-pages-{deploy.version('b')}")  # it tried
    page.wait_for_function(
        """async () => { const registration = await navigator.serviceWorker.getRegistration();
            return !registration.installing && !registration.waiting; }"""
    )
    assert deploy.caches("a") <= set(page.evaluate("caches.keys()"))  # nothing of the old version deleted

    offline_context.set_offline(True)
    page.goto(deploy.url + OFFLINE_PAGE)  # the old version, whole, from its caches
    wait_until_settled(page, CALC)
    assert page.get_attribute("[data-md-component=container]", "data-toolkit-build") == deploy.version("a")
    assert cin_answer(page) == 3 * CIN_POINTS["a"]
