"""Offline after one visit: the service worker stores the pages and (once a calculator has run)
the runtime, so with the network off a page never visited, search and a calculator still work;
and a new deployment reaches a visitor on their next online visit.

These tests use their own browser contexts without request routing: Playwright bypasses service
workers while it routes requests, so the shared `context` fixture cannot test them. Foreign
requests are still checked, from the context's request events (workers' included).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from browser_helpers import OFFLINE_PAGE, OFFLINE_STATUS, python_recalculates, visit_until_offline_ready
from conftest import ROOT, build_site, free_port, serve

pytestmark = pytest.mark.browser

UNVISITED_PAGE = "hybrid-working/research/"


@pytest.fixture
def offline_context(browser):
    context = browser.new_context(service_workers="allow")
    foreign: list[str] = []
    context.on("request", lambda r: r.url.startswith(("http://127.0.0.1", "data:", "blob:")) or foreign.append(r.url))
    yield context
    context.close()
    assert not foreign, f"requests to hosts other than 127.0.0.1: {foreign}"


def test_after_one_visit_pages_search_and_calculators_work_offline(offline_context, site_url):
    page = offline_context.new_page()
    page.set_default_timeout(60_000)
    visit_until_offline_ready(page, site_url)
    status = page.locator(OFFLINE_STATUS)
    assert status.get_attribute("role") == "status"  # announced politely, never an alert
    offline_context.set_offline(True)

    page.goto(site_url + UNVISITED_PAGE)  # a full page load, never visited before
    assert page.locator("article h1").inner_text().strip()

    page.click("label.md-search__icon, .md-search__input")
    page.wait_for_function(
        "() => !/Initializing/i.test(document.querySelector('.md-search-result__meta')?.textContent || 'Initializing')"
    )
    page.locator("input.md-search__input").press_sequentially("supervision")
    page.wait_for_selector(".md-search-result__item")

    page.goto(site_url + OFFLINE_PAGE)  # a fresh page: Python starts again, from the stored runtime
    page.wait_for_selector("#calc-workload[data-state=calculated]", state="attached")
    python_recalculates(page, "calc-workload")


def test_without_a_service_worker_the_page_still_works(browser, site_url):
    """Browsers or settings that block service workers lose offline use, nothing else."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(site_url + OFFLINE_PAGE)
    page.wait_for_selector("#calc-workload[data-state=calculated]", state="attached")
    assert page.evaluate("navigator.serviceWorker.controller") is None
    context.close()


def changed_copy(tmp_path: Path, marker: str) -> Path:
    """A real build of our site with one page changed, as a new deployment would be."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    page = tmp_path / "content" / "hybrid-working" / "research.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
    for shared in ("scripts", "overrides", "calculators"):
        (tmp_path / shared).symlink_to(ROOT / shared)
    config = tmp_path / "changed.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\n", encoding="utf-8")
    return config


def test_a_new_deployment_arrives_on_the_next_online_visit(offline_context, built_site, tmp_path):
    served = tmp_path / "served"
    shutil.copytree(built_site, served)
    # Files last changed an hour ago: with no cache headers, the browser's HTTP cache would count
    # them fresh for minutes, so the new build's service worker must ask the server, not that cache.
    an_hour_ago = time.time() - 3600
    for path in served.rglob("*"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    port = free_port()
    server = serve(served, port)
    url = f"http://127.0.0.1:{port}/"
    try:
        page = offline_context.new_page()
        page.set_default_timeout(60_000)
        visit_until_offline_ready(page, url)
        old_worker = (served / "sw.js").read_text(encoding="utf-8")

        marker = "This sentence arrived with the new deployment."
        result = build_site(served, url, changed_copy(tmp_path / "copy", marker))
        assert result.returncode == 0, result.stderr
        assert (served / "sw.js").read_text(encoding="utf-8") != old_worker  # a new build, a new version

        page.goto(url + "workload/")  # the next online visit shows the new version's page...
        new_version = re.search(r'"version": "([0-9a-f]+)"', (served / "sw.js").read_text(encoding="utf-8")).group(1)
        deadline = time.monotonic() + 120  # ...and its service worker takes over, the old caches gone
        while [n for n in page.evaluate("caches.keys()") if n.startswith("toolkit-pages-")] != [
            f"toolkit-pages-{new_version}"
        ]:
            assert time.monotonic() < deadline, page.evaluate("caches.keys()")
            time.sleep(0.5)
        page.wait_for_function("v => window.toolkitOffline.versionInUse === v", arg=new_version)
        # "reload for the new version" is said exactly when the page shown is older (here a server with no
        # cache headers lets the browser's HTTP cache give the old page for a few minutes)
        shown = page.evaluate("toolkitOffline.pageVersion()")
        message = page.evaluate(f"document.querySelector('{OFFLINE_STATUS}')?.dataset.message || ''")
        assert (message == "updated") == (shown != new_version), (shown, new_version, message)
        offline_context.set_offline(True)
        page.goto(url + UNVISITED_PAGE)  # the new version is what is stored now
        assert marker in page.locator("article").inner_text()
    finally:
        server.shutdown()
