"""A council's copy served by a real nginx with the configuration the build generates, in Chromium.

The example council (councils/example-anytown/) has its own workload weights (a lower cap and an
extra case type) and its own supervision rating scale. Its data must reach the calculators however
a visitor arrives: direct load, a menu link (Material's instant navigation), back and forward, reload.
The same site is checked under the strict Content-Security-Policy, at the root and under a sub-path:
no policy violation, no request off this machine, bytes on the wire, and a repeat visit re-downloads nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import CHROMIUM_ARGS, DEBIAN_CHROMIUM, ROOT, free_port
from council_paths import CSP_LISTENER, WORKLOAD_PAGE, check_workload, csp_violations, on_every_path
from local_nginx import NGINX, LocalNginx

# One worker builds and serves both copies (root, sub-path) for all the module's tests (conftest.ONE_WORKER).
pytestmark = pytest.mark.browser

COUNCIL = ROOT / "councils" / "example-anytown"
MAX_CALCULATOR_PAGE_BYTES = 6.5e6
if not Path(NGINX).exists():
    pytest.skip(
        "nginx is not installed (scripts/setup.sh --test installs it where apt-get exists)", allow_module_level=True
    )


def build_council(out: Path, site_url: str) -> Path:
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "toolkit_site.councils", "example-anytown", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out / "example-anytown" / "current" / "site"


SERVED: dict[str, tuple[LocalNginx, Path]] = {}  # council_url -> its server and built site


@pytest.fixture(scope="module")
def readable_tmp():
    """Folders nginx's workers can read: as root they run as www-data, who cannot enter pytest's own tmp."""
    made: list[Path] = []

    def make() -> Path:
        made.append(Path(tempfile.mkdtemp(prefix="toolkit-nginx-test-")))
        made[-1].chmod(0o755)
        return made[-1]

    yield make
    for folder in made:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module", params=["/", "/toolkit/"], ids=["root", "sub-path"])
def council_url(request, readable_tmp):
    port = free_port()
    url = f"http://127.0.0.1:{port}{request.param}"
    work = readable_tmp()
    site = build_council(work / "site", url)
    server = LocalNginx(site, port, work / "nginx")
    SERVED[url] = server, site
    yield url
    server.stop()


@pytest.fixture
def watched(context):
    """CSP violations reported in any page of the context."""
    context.add_init_script(CSP_LISTENER)
    return context


def test_council_data_on_every_path(watched, council_url):
    page = watched.new_page()
    page.set_default_timeout(90_000)
    on_every_path(page, council_url, COUNCIL, "Anytown")
    page.close()


def test_served_with_the_generated_config(council_url):
    with urllib.request.urlopen(council_url + "assets/pyodide/pyodide.mjs") as response:
        assert response.headers["Content-Type"].startswith("text/javascript")
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"].split("style-src")[0]
    wasm = council_url + "assets/pyodide/pyodide.asm.wasm"
    request = urllib.request.Request(wasm, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"] == "application/wasm"
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Cache-Control"] == "no-cache"
    with urllib.request.urlopen(council_url) as response:
        html = response.read().decode()
        assert "Anytown Children" in html and response.headers["Cache-Control"] == "no-cache"
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(council_url + "_server/nginx.conf")


class Visits:
    """Visits to the calculator page in a fresh browser profile, with the bytes each request took on
    the wire (body as sent, compressed, plus headers): the page's requests and its worker's.
    Service workers are blocked, so what is measured is the network and the server's cache headers;
    and its own context, because Playwright's request routing (the other tests' guard) turns the HTTP cache off."""

    def __init__(self, browser, url: str, profile: Path | None = None):
        self.url = url
        if profile:  # a profile on disk, as a visitor's browser has: its disk cache keeps large files
            executable = DEBIAN_CHROMIUM if Path(DEBIAN_CHROMIUM).exists() else None
            self.context = browser.browser_type.launch_persistent_context(
                str(profile), executable_path=executable, args=CHROMIUM_ARGS, service_workers="block"
            )
        else:
            self.context = browser.new_context(service_workers="block")
        self.context.add_init_script(CSP_LISTENER)
        self.finished: list = []
        self.context.on("requestfinished", lambda request: self.finished.append(request))
        self.page = self.context.new_page()
        self.page.set_default_timeout(90_000)

    def visit(self) -> dict[str, int]:
        self.finished.clear()
        self.page.goto(self.url + WORKLOAD_PAGE)
        check_workload(self.page, COUNCIL, "Anytown")
        self.page.wait_for_load_state("networkidle")
        sizes = {r.url: r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in self.finished}
        assert {urllib.parse.urlsplit(url).hostname for url in sizes} <= {"127.0.0.1"}
        assert csp_violations(self.page) == []
        return sizes


def report(url: str, sizes: dict[str, int]) -> None:
    largest = ", ".join(f"{u.rsplit('/', 1)[-1]} {n / 1e6:.2f} MB" for u, n in sizes.items() if n > 2e4)
    print(f"\n{url}: calculator page, {sum(sizes.values()) / 1e6:.2f} MB on the wire, {len(sizes)} requests; {largest}")


def test_a_repeat_visit_downloads_nothing_it_already_has(browser, council_url, tmp_path):
    visits = Visits(browser, council_url, profile=tmp_path / "profile")
    first = visits.visit()
    report(council_url, first)
    assert first[next(url for url in first if url.endswith(".wasm"))] > 2e6  # the worker's requests count too
    again = visits.visit()
    print(f"repeat visit: {sum(again.values()) / 1e3:.1f} KB on the wire over {len(again)} requests")
    assert {url: size for url, size in again.items() if url in first and size > 2000} == {}
    visits.context.close()


def test_the_calculator_page_transfers_at_most_6_5_mb(browser, council_url):
    server, _ = SERVED[council_url]
    visits = Visits(browser, council_url)
    first = visits.visit()
    visits.context.close()
    # The memory snapshot (H4's) is an extra download the worker makes only on a fast connection, to
    # start sooner; the budget is for the page and the runtime it cannot do without.
    runtime = sum(size for url, size in first.items() if not url.endswith("snapshot.bin"))
    print(
        f"\n{council_url}: without the snapshot, {runtime / 1e6:.3f} MB "
        f"({'Brotli' if server.brotli else 'gzip only'}, {len(first)} requests)"
    )
    assert server.brotli, "measured 6.52 MB with gzip only: install libnginx-mod-http-brotli-static (setup.sh --test)"
    assert runtime <= MAX_CALCULATOR_PAGE_BYTES


def test_brotli_where_accepted_gzip_otherwise_and_workers_unprivileged(council_url):
    server, site = SERVED[council_url]
    wasm = council_url + "assets/pyodide/pyodide.asm.wasm"
    for accepted, encoding, copy in (("gzip, deflate, br", "br", ".br"), ("gzip", "gzip", ".gz")):
        request = urllib.request.Request(wasm, headers={"Accept-Encoding": accepted})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == encoding
            assert response.headers["Content-Type"] == "application/wasm"
            assert response.read() == (site / f"assets/pyodide/pyodide.asm.wasm{copy}").read_bytes()
    if server.user:  # started as root: the workers are not
        assert server.worker_users() == {server.user} and server.user != "root"


def test_stock_nginx_without_the_mjs_type_is_named_in_the_message(browser, council_url):
    """Debian's own mime.types has no .mjs: the calculator must say which setting fixes that."""
    _, site = SERVED[council_url]
    prefix = urllib.parse.urlsplit(council_url).path
    port = free_port()
    url = f"http://127.0.0.1:{port}{prefix}"  # another port: instant navigation is off, a direct load is enough
    where = f"root {site};" if prefix == "/" else f"location {prefix} {{ alias {site}/; }}"
    stock = f"{where} include /etc/nginx/mime.types; default_type application/octet-stream;"
    server = LocalNginx(site, port, site.parent / "stock-nginx", server=stock)
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + WORKLOAD_PAGE)
        page.wait_for_selector("#calc-workload[data-state=failed]", state="attached", timeout=90_000)
        status = page.inner_text("#calc-workload [data-role=status]")
        assert "as text/javascript" in status and "text/javascript js mjs;" in status, status
        context.close()
    finally:
        server.stop()
