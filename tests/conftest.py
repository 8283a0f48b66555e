"""Shared fixtures: the site built once by the real MkDocs, served over HTTP on 127.0.0.1,
and Chromium driven by Playwright with a guard that fails any request to another host."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
from hypothesis import settings

# A busy 2-core machine can take longer than hypothesis's 200 ms deadline for one example; the
# properties are what is tested, not speed (the benchmarks measure that).
settings.register_profile("toolkit", deadline=None)
settings.load_profile("toolkit")

ROOT = Path(__file__).resolve().parents[1]
DEBIAN_CHROMIUM = "/usr/bin/chromium"
# Chromium still looks up Google's hosts on start; this keeps every lookup on this machine.
CHROMIUM_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


# How the tests are shared between xdist's workers (`--dist loadgroup`, Makefile): one test at a time to
# whichever worker is free, except that each file in ONE_WORKER goes whole to one worker (its module-scoped
# fixtures build and serve council copies). pytest-xdist 3.8's own loadgroup cannot do this under pytest 9: it
# marks a group by rewriting item._nodeid, which pytest 9 no longer reads, so every test became its own group.
ONE_WORKER = ("tests/browser/test_nginx_browser.py",)
# The order they are handed out: ONE_WORKER first (the longest); the other council builds last, once the
# first has filled the cache of compressed runtime files (build/gzip-cache) rather than compressing the same
# files alongside it (a fresh clone has none; halfway through the tests was still too early).
LAST = ("tests/site/test_council_story.py", "tests/site/test_council_build.py")
# A file moved or renamed would silently lose its place in the order: say so instead.
if missing := [name for name in ONE_WORKER + LAST if not (ROOT / name).is_file()]:
    raise pytest.UsageError(f"tests/conftest.py names test files that do not exist: {', '.join(missing)}")


def _file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    first = [item for item in items if _file_of(item.nodeid) in ONE_WORKER]
    last = [item for item in items if _file_of(item.nodeid) in LAST]
    rest = [item for item in items if _file_of(item.nodeid) not in ONE_WORKER + LAST]
    items[:] = first + rest + last


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class OneWorkerFiles(LoadScopeScheduling):
        """Each test is a unit of work of its own, except the files in ONE_WORKER (one unit each)."""

        def _split_scope(self, nodeid: str) -> str:
            return _file_of(nodeid) if _file_of(nodeid) in ONE_WORKER else nodeid

    return OneWorkerFiles(config, log)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_site(target: Path, site_url: str, config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess:
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(target)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files, as a plain web server would send them; headers can be changed per server."""

    extra_headers: ClassVar[dict[str, str]] = {}
    content_types: ClassVar[dict[str, str]] = {}

    def log_message(self, *args) -> None:
        pass

    def guess_type(self, path):
        for suffix, kind in self.content_types.items():
            if str(path).endswith(suffix):
                return kind
        return super().guess_type(path)

    def end_headers(self) -> None:
        for key, value in self.extra_headers.items():
            self.send_header(key, value)
        super().end_headers()


def serve(directory: Path, port: int, extra_headers=None, content_types=None) -> ThreadingHTTPServer:
    handler = type(
        "Handler", (QuietHandler,), {"extra_headers": extra_headers or {}, "content_types": content_types or {}}
    )
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def site_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Path:
    target = tmp_path_factory.mktemp("site")
    result = build_site(target, f"http://127.0.0.1:{site_port}/")
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return target


@pytest.fixture(scope="session")
def site_url(built_site: Path, site_port: int) -> Iterator[str]:
    server = serve(built_site, site_port)
    yield f"http://127.0.0.1:{site_port}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Debian's Chromium where it is installed (CI, this project's machines); Playwright's own elsewhere.
        executable = DEBIAN_CHROMIUM if Path(DEBIAN_CHROMIUM).exists() else None
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class RequestLog:
    """Every request the page and its workers make; `foreign` lists any not to 127.0.0.1.
    `by_pages` leaves out the service worker's own (it stores the site in the background)."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.by_pages: list[str] = []
        self.foreign: list[str] = []

    def record(self, url: str, by_service_worker: bool = False) -> None:
        self.urls.append(url)
        if not by_service_worker:
            self.by_pages.append(url)
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1":
            self.foreign.append(url)


@pytest.fixture
def requests_seen() -> RequestLog:
    return RequestLog()


def guarded_context(browser, requests_seen: RequestLog, viewport: dict | None = None):
    """A fresh context whose every request (the page's and its workers') goes through a guard that
    records it and aborts any to a host other than 127.0.0.1 (listed in requests_seen.foreign)."""
    # The site's service worker would store the whole site in every test's fresh context (about 70 requests,
    # each a round trip through the guard below): tests/browser/test_offline_browser.py tests it in contexts of its own.
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, service_workers="block")

    def guard(route):
        requests_seen.record(route.request.url, route.request.service_worker is not None)
        if route.request.url in requests_seen.foreign:
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)  # sees the page's requests and its workers' alike
    return context


def new_page(context, errors: list[str]):
    page = context.new_page()
    page.set_default_timeout(60_000)  # Python's first start on a busy 2-core machine can take a while
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


@pytest.fixture
def context(browser, requests_seen: RequestLog):
    context = guarded_context(browser, requests_seen)
    yield context
    context.close()
    assert not requests_seen.foreign, f"requests to hosts other than 127.0.0.1: {sorted(set(requests_seen.foreign))}"


class SharedPage:
    """One guarded page for the tests of a module marked `shared_page`: its worker, and the Python
    started in it, stay up from test to test. Each test starts on the home page with empty storage and
    follows links with Material's instant navigation (browser_helpers.navigate), as a visitor going
    from calculator to calculator does; each is still failed for any JavaScript error or foreign
    request made while it ran."""

    def __init__(self, browser, viewport: dict | None = None) -> None:
        self.requests = RequestLog()
        self.errors: list[str] = []
        self.context = guarded_context(browser, self.requests, viewport)
        self.page = new_page(self.context, self.errors)
        self.reported = (0, 0)  # errors and foreign requests already laid at a test's door

    def start_test(self, site_url: str):
        """The page on the home page, storage empty, screen media: as a fresh page would be after goto."""
        from browser_helpers import SHARED_PAGES, navigate

        try:
            if self.page.url.startswith(site_url) and self.page.evaluate("!!window.document$"):
                if self.page.url != site_url:
                    navigate(self.page, site_url)
            else:
                self.load(site_url)
            self.page.emulate_media(media="screen")
        except Exception:  # a test left the page unusable: start again in a new one
            self.page.close()
            self.page = new_page(self.context, self.errors)
            self.load(site_url)
        self.page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        SHARED_PAGES.add(self.page)
        return self.page

    def load(self, site_url: str) -> None:
        from browser_helpers import load

        load(self.page, site_url)

    def problems(self, during: str) -> list[str]:
        """JavaScript errors and foreign requests since the last check (the test, and the set-up before it)."""
        errors, foreign = self.errors[self.reported[0] :], sorted(set(self.requests.foreign[self.reported[1] :]))
        self.reported = (len(self.errors), len(self.requests.foreign))
        found = [f"JavaScript errors on the page during {during}: {errors}"] if errors else []
        if foreign:
            found.append(f"requests to hosts other than 127.0.0.1 during {during}: {foreign}")
        return found

    def close(self) -> None:
        """Close the context; fails for any error or foreign request not yet laid at a test's door."""
        self.context.close()
        problems = self.problems("the module's last test or after it")
        assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def shared_page(browser) -> Iterator[SharedPage]:
    shared = SharedPage(browser)
    yield shared
    shared.close()


@pytest.fixture
def page(request):
    if request.node.get_closest_marker("shared_page"):
        own = {"context", "requests_seen"} & set(request.fixturenames)
        assert not own, f"a shared_page test cannot also use {own}: the shared page has its own"
        shared: SharedPage = request.getfixturevalue("shared_page")
        yield shared.start_test(request.getfixturevalue("site_url"))
        problems = shared.problems(request.node.nodeid)
        assert not problems, "\n".join(problems)
        return
    errors: list[str] = []
    page = new_page(request.getfixturevalue("context"), errors)
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"
