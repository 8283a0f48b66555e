"""The council story end to end, as the README tells it, in a git clone of this repository:

1. two web teams each start a council folder (copied from the example, renamed) in their checkout;
2. one command builds both, in parallel; Newtown's copy is served by a real nginx with the settings the
   build wrote (strict Content-Security-Policy), and in Chromium its own weights and rating scale reach
   the calculators on every path (direct load, menu link, back, forward, reload);
3. neither site holds a page, search entry or data file of the other;
4. upstream then changes a page both councils replaced and a default both based their data on; each
   council commits its folder and runs `git pull`: no merge conflict, and the check names the page and
   the default (key, value then, value now) for both.
The seconds from an empty folder to a served site are printed (scripts/bench_council.py measures them).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, free_port
from council_paths import CSP_LISTENER, on_every_path
from local_nginx import NGINX, LocalNginx

pytestmark = pytest.mark.browser

if not Path(NGINX).exists() or not shutil.which("git"):
    pytest.skip(
        "needs nginx and git (scripts/setup.sh --test installs nginx where apt-get exists)", allow_module_level=True
    )
if not (ROOT / ".git").exists():
    pytest.skip("needs this checkout to be a git repository (it is cloned)", allow_module_level=True)

REPLACED = "workload/croydon.md"  # a page both councils replace with their own version
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(tree: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(["git", *args], cwd=tree, env={**os.environ, **GIT_ENV}, capture_output=True, text=True)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stdout}{done.stderr}"
    return done


def toolkit(tree: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    """`python -m toolkit_site.councils ...` run from the clone, with the clone's own code."""
    env = {
        **os.environ,
        "SITE_URL": url,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": os.pathsep.join([str(tree / "scripts"), str(tree)]),
    }
    return subprocess.run(
        [sys.executable, "-m", "toolkit_site.councils", *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
    )


def start_council(checkout: Path, folder: str, town: str) -> Path:
    """What the README says: copy the example folder and make it the council's own; replace one of our pages
    (recording which version of ours it was taken from); record which defaults its data was based on."""
    council = checkout / "councils" / folder
    shutil.copytree(checkout / "councils/example-anytown", council)
    for file in [council / "council.yml", *council.rglob("*.md"), *(council / "data").glob("*.json")]:
        file.write_text(
            file.read_text(encoding="utf-8").replace("Anytown", town).replace("anytown", folder), encoding="utf-8"
        )
    ours = (checkout / "content" / REPLACED).read_text(encoding="utf-8")
    fingerprint = hashlib.sha256((checkout / "content" / REPLACED).read_bytes()).hexdigest()[:12]
    replaced = council / "content" / REPLACED
    replaced.parent.mkdir(parents=True, exist_ok=True)
    replaced.write_text(
        ours.replace("---\n", f"---\nreplaces_upstream: {fingerprint}\n", 1)
        + f"\n{town} follows this approach in its own way.\n",
        encoding="utf-8",
    )
    return council


@pytest.fixture(scope="module")
def clones():
    work = Path(tempfile.mkdtemp(prefix="toolkit-story-"))
    work.chmod(0o755)  # nginx's workers (www-data when root) read the site from here
    upstream, checkout = work / "upstream", work / "checkout"
    git(work, "clone", "--quiet", str(ROOT), str(upstream))
    git(work, "clone", "--quiet", str(upstream), str(checkout))
    (ROOT / "build").mkdir(exist_ok=True)  # a fresh checkout has none yet
    for tree in (upstream, checkout):  # installed, not committed: shared with this checkout
        (tree / "node_modules").symlink_to(ROOT / "node_modules")
        (tree / "build").symlink_to(ROOT / "build")  # content-addressed caches (snapshot, compressed runtime)
    yield upstream, checkout
    shutil.rmtree(work, ignore_errors=True)


def test_from_an_empty_folder_to_two_served_councils_and_an_upstream_change(clones, browser):
    upstream, checkout = clones
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    started = time.monotonic()
    newtown = start_council(checkout, "newtown", "Newtown")
    oldtown = start_council(checkout, "oldtown", "Oldtown")
    data = json.loads((oldtown / "data/workload.json").read_text(encoding="utf-8"))
    data["points"]["full_time_maximum"] = 77  # Oldtown's own cap: a leak of its data would show
    (oldtown / "data/workload.json").write_text(json.dumps(data, indent=2), encoding="utf-8")

    # each council keeps its own address; Newtown is served here, so it is given this one
    built = toolkit(checkout, url, "--out", str(checkout / "site-councils"), "--site-url", f"newtown={url}")
    assert built.returncode == 0, built.stdout + built.stderr
    sites = {name: checkout / "site-councils" / name / "current/site" for name in ("newtown", "oldtown")}
    server = LocalNginx(sites["newtown"], port, checkout / "nginx")
    try:
        with urllib.request.urlopen(url) as response:
            assert "Newtown" in response.read().decode()
            csp = response.headers["Content-Security-Policy"]
        print(f"\nempty council folders to Newtown served under nginx: {time.monotonic() - started:.0f} s")
        assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]

        context = browser.new_context()  # no request guard: the served site alone, as a visitor sees it
        context.add_init_script(CSP_LISTENER)
        offsite: list[str] = []
        context.on(
            "request",
            lambda r: offsite.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None,
        )
        page = context.new_page()
        page.set_default_timeout(90_000)
        on_every_path(page, url, newtown, "Newtown")
        assert offsite == []
        context.close()
    finally:
        server.stop()

    for name, other in (("newtown", "Oldtown"), ("oldtown", "Newtown")):  # no leaks either way
        text = "\n".join(
            f.read_text(encoding="utf-8", errors="replace")
            for f in sites[name].rglob("*")
            if f.is_file() and f.suffix in {".html", ".json", ".xml", ".js", ".txt"}
        )
        assert other not in text, f"{other} appears in {name}'s site"
    assert "&#34;full_time_maximum&#34;:77" in (
        sites["oldtown"] / "workload/individual-calculator/index.html"
    ).read_text(encoding="utf-8")

    # Upstream changes a page both replaced and a default both based their data on.
    defaults = upstream / "calculators/data/workload.json"
    ours = json.loads(defaults.read_text(encoding="utf-8"))
    then = data["based_on"]["values"]["case_types[0].points"]  # what Oldtown's (and Newtown's) copy recorded
    ours["case_types"][0]["points"] = then + 1
    ours["version"] = "2099-01-01"
    defaults.write_text(json.dumps(ours, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    page_file = upstream / "content" / REPLACED
    page_file.write_text(page_file.read_text(encoding="utf-8") + "\nA sentence added upstream.\n", encoding="utf-8")
    git(upstream, "commit", "--quiet", "-am", "Upstream: a weight and a page change")

    git(checkout, "add", "councils/newtown", "councils/oldtown")
    git(checkout, "commit", "--quiet", "-m", "Our councils")
    pulled = git(checkout, "pull", "--no-rebase", "--no-edit")
    assert "CONFLICT" not in pulled.stdout + pulled.stderr
    assert "A sentence added upstream." in (checkout / "content" / REPLACED).read_text(encoding="utf-8")

    checked = toolkit(checkout, url, "--check")  # fails, so a council's CI job stops until someone looks
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert toolkit(checkout, url, "--check", "--warn-only").returncode == 0
    reports = {
        part.split(":", 1)[0]: part
        for part in re.split(r"^(?=\S)", checked.stdout + checked.stderr, flags=re.M)
        if part
    }
    for name in ("newtown", "oldtown"):
        report = reports[name]
        assert f"replaces our content/{REPLACED}, which has changed since you copied it" in report, report
        assert "our defaults for workload changed since your copy" in report, report
        assert f"case_types[{ours['case_types'][0]['id']}].points: {then!r} → {then + 1!r}" in report, report
        assert "+A sentence added upstream." in report, report  # the upstream difference, line by line
