"""Atomic deploys under a real nginx: a rebuild while a client keeps fetching pages, the service worker,
the runtime and the wheel answers every request (no 403, no 404); a failed rebuild leaves every served byte
and the server settings as they were; one command rolls back. The same for `make build` (the single site)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest
from conftest import ROOT, free_port
from local_nginx import NGINX, LocalNginx
from toolkit_site import deploy

pytestmark = pytest.mark.build
if not Path(NGINX).exists():
    pytest.skip("nginx is not installed (scripts/setup.sh --test installs it)", allow_module_level=True)

EXAMPLE = ROOT / "councils" / "example-anytown"
LOCAL_PAGE = "content/local/allocation.md"


def councils(work: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "toolkit_site.councils", "--councils", str(work / "councils")]
    return subprocess.run(
        [*command, "--out", str(work / "out"), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )


def mark_page(council: Path, marker: str) -> None:
    page = council / LOCAL_PAGE
    text = page.read_text(encoding="utf-8").split("\n<!-- build:")[0]
    page.write_text(f"{text}\n<!-- build:{marker} -->\n", encoding="utf-8")


@pytest.fixture(scope="module")
def served():
    """The example council, built once and served by nginx from TARGET/current/site."""
    work = Path(tempfile.mkdtemp(prefix="toolkit-deploy-"))
    work.chmod(0o755)  # nginx's workers (www-data when root) read the site from here
    council = work / "councils" / "anytown"
    shutil.copytree(EXAMPLE, council)
    mark_page(council, "one")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    done = councils(work, url)
    assert done.returncode == 0, done.stdout + done.stderr
    target = work / "out" / "anytown"
    server = LocalNginx(target / "current" / "site", port, work / "nginx")
    yield work, council, target, url
    server.stop()
    shutil.rmtree(work, ignore_errors=True)


def fetched_paths(site: Path) -> list[str]:
    wheel = next(site.glob("assets/calculators/*/toolkit_calculators-*.whl")).relative_to(site).as_posix()
    return ["", "workload/individual-calculator/", "local/allocation/", "sw.js", "assets/pyodide/pyodide.mjs", wheel]


class Client(threading.Thread):
    """Fetches every path in a loop until stopped, recording each answer's status and which build it saw."""

    def __init__(self, url: str, paths: list[str]):
        super().__init__(daemon=True)
        self.url, self.paths, self.stop = url, paths, threading.Event()
        self.statuses: dict[int, int] = {}
        self.failures: list[str] = []
        self.markers: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            for path in self.paths:
                request = urllib.request.Request(self.url + path, headers={"Accept-Encoding": "br"})
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        body, status = response.read(), response.status
                except urllib.error.HTTPError as error:
                    body, status = b"", error.code
                    self.failures.append(f"{status} {path}")
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if path == "local/allocation/" and status == 200:
                    page = brotli.decompress(body) if response.headers["Content-Encoding"] == "br" else body
                    self.markers.append(page.split(b"<!-- build:")[1].split(b" ")[0].decode())


def served_bytes(target: Path) -> dict[str, str]:
    """Every file the server reads (the live site and its settings), by content."""
    return {
        str(f.relative_to(target / "current")): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in (target / "current").rglob("*")
        if f.is_file()
    }


def test_a_rebuild_under_load_answers_every_request_a_failed_one_changes_nothing_and_one_command_rolls_back(
    served,
):
    work, council, target, url = served
    first = deploy.live(target)
    client = Client(url, fetched_paths(target / "current" / "site"))
    client.start()
    time.sleep(0.5)
    mark_page(council, "two")
    done = councils(work, url)
    time.sleep(0.5)
    client.stop.set()
    client.join(30)
    assert done.returncode == 0, done.stdout + done.stderr
    assert client.failures == [], client.failures[:10]
    assert client.statuses.get(200, 0) > 20, client.statuses
    assert client.markers[0] == "one" and client.markers[-1] == "two"  # it really switched under the client
    assert deploy.live(target, deploy.PREVIOUS) == first and deploy.live(target) != first  # the old one is kept
    assert "server settings unchanged" in done.stdout

    # then a failed rebuild: nothing served changes; then a rollback, one command
    before, live = served_bytes(target), deploy.live(target)
    builds = sorted(p.name for p in (target / "builds").iterdir())
    page = council / LOCAL_PAGE
    good = page.read_text(encoding="utf-8")
    page.write_text(good + "\nSee [a page that is not there](../not-there.md).\n", encoding="utf-8")
    try:
        done = councils(work, url)
    finally:
        page.write_text(good, encoding="utf-8")
    assert done.returncode == 1 and "nothing served changed" in done.stderr, done.stdout + done.stderr
    assert deploy.live(target) == live and served_bytes(target) == before
    assert sorted(p.name for p in (target / "builds").iterdir()) == builds  # its folder is gone
    with urllib.request.urlopen(url + "local/allocation/") as response:
        assert b"<!-- build:two" in response.read()

    back = subprocess.run(
        [sys.executable, "-m", "toolkit_site.deploy", "rollback", str(target)], capture_output=True, text=True
    )
    assert back.returncode == 0, back.stderr
    with urllib.request.urlopen(url + "local/allocation/") as response:
        assert b"<!-- build:one" in response.read()
    assert deploy.rollback(target).startswith(f"{target}: live build is now {live.name}")  # and forward again
    with urllib.request.urlopen(url + "local/allocation/") as response:
        assert b"<!-- build:two" in response.read()


def test_make_build_is_atomic_too(tmp_path, monkeypatch):
    """The single site (`make build`): its settings beside the site, not in it; a failed build changes nothing."""
    target = tmp_path / "site"
    assert deploy.build_site(target, "http://127.0.0.1:1/") == 0
    live = deploy.live(target)
    assert (target / "current/site/index.html").is_file() and (target / "current/server/nginx.conf").is_file()
    assert not (target / "current/site/_server").exists()
    assert f"alias {target}/current/site/;" in (target / "current/server/nginx.conf").read_text(encoding="utf-8")
    before = served_bytes(target)
    real = subprocess.run

    def writes_then_fails(command, **kwargs):  # as mkdocs --strict does: every page written, then exit 1
        real(command, **kwargs)
        return subprocess.CompletedProcess(command, 1)

    monkeypatch.setattr(subprocess, "run", writes_then_fails)
    assert deploy.build_site(target, "http://127.0.0.1:1/") == 1
    assert deploy.live(target) == live and served_bytes(target) == before
    assert [p.name for p in (target / "builds").iterdir()] == [live.name]
