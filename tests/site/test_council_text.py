"""A council's settings are text, and its hidden pages are gone without a broken link, in a real build served
by nginx with its generated policy and driven in Chromium.

Straight quotes and attribute-like text go through every setting that allows a quote (a `<` is refused at
the check, tests/site/test_council_checks.py); a council page carries an inline script of its own; the README's
`hide: [workload/croydon.md]` is used. Then: no element of any page gains an attribute from a setting, the
Content-Security-Policy hashes only the theme's scripts, the page's script does not run, the hidden page is
not built and no page links to it.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, free_port
from council_paths import CSP_LISTENER, csp_violations
from local_nginx import NGINX, LocalNginx

pytestmark = pytest.mark.browser
if not Path(NGINX).exists():
    pytest.skip("nginx is not installed (scripts/setup.sh --test installs it)", allow_module_level=True)

PAYLOAD = '" data-pwned="1'  # what would become an attribute if a value were written into one unescaped
QUOTED = {  # settings that reach pages only as text: a quote is allowed in them, and must stay text
    "  name: Anytown Children's Services workforce team": f"  name: 'Othertown {PAYLOAD} team'",
    "  run_by: Anytown Borough Council": f"  run_by: 'Othertown {PAYLOAD} Council'",
    "  tested_by: Anytown digital team": f"  tested_by: 'Othertown {PAYLOAD} testers'\n"
    f"  known_issues: ['The {PAYLOAD} charts']\n  compliance: partial",
    "  phone: 01234 567890": f"  phone: 01234 567890\n  address: 'Town Hall {PAYLOAD}'",
}
PAGE_SCRIPT = "window.__ran = 1"


class Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.names.update(name for name, _ in attrs)


def make_council(work: Path) -> Path:
    council = work / "councils" / "othertown"
    shutil.copytree(ROOT / "councils/example-anytown", council)
    config = council / "council.yml"
    text = config.read_text(encoding="utf-8").replace("hide: []", "hide: [workload/croydon.md]")
    for old, new in QUOTED.items():
        assert old in text
        text = text.replace(old, new)
    config.write_text(text.replace("local_nav:\n", "local_nav:\n  - Our script: local/script.md\n"), encoding="utf-8")
    page = council / "content/local/script.md"
    page.write_text(
        "---\ntitle: A page with a script\ndescription: d\nlast_reviewed: 2026-11-01\n---\n\n# Script\n\n"
        f"<script>{PAGE_SCRIPT}</script>\n",
        encoding="utf-8",
    )
    return council


def test_settings_stay_text_page_scripts_do_not_run_and_hidden_pages_leave_no_link(browser):
    work = Path(tempfile.mkdtemp(prefix="toolkit-text-"))
    work.chmod(0o755)  # nginx's workers (www-data when root) read the site from here
    try:
        make_council(work)
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
        command = [sys.executable, "-m", "toolkit_site.councils", "--councils", str(work / "councils")]
        done = subprocess.run(
            [*command, "--out", str(work / "out")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "turned into plain text in reference/sources.md" in done.stdout  # listed in the build output
        assert "inline scripts that will not run (not the theme's): local/script/index.html" in done.stdout
        site = work / "out/othertown/current/site"
        check_pages(site)
        served_in_chromium(browser, site, port, url)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check_pages(site: Path) -> None:
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    for name, html in pages.items():
        parser = Attributes()
        parser.feed(html)
        assert "data-pwned" not in parser.names, f"a setting became an attribute in {name}"
        assert not re.search(r'href="(?!https?://)[^"]*croydon', html), f"{name} links to the hidden page"
    assert "Othertown &#34; data-pwned=&#34;1 team" in pages["index.html"].replace("&quot;", "&#34;")  # as text
    assert not (site / "workload/croydon").exists()
    assert "Case study: Croydon" in pages["reference/sources/index.html"]  # the words stay, not the link
    policy = (site.parent / "server/csp.txt").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(PAGE_SCRIPT.encode()).digest()).decode()
    assert f"'sha256-{digest}'" not in policy and "'sha256-" in policy  # the theme's are hashed, not the page's


def served_in_chromium(browser, site: Path, port: int, url: str) -> None:
    server = LocalNginx(site, port, site.parents[3] / "nginx")
    context = browser.new_context()
    try:
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        page.goto(url + "local/script/")
        page.wait_for_selector("h1")
        assert page.evaluate("typeof window.__ran") == "undefined"  # refused by the policy
        assert any(v.startswith("script-src") for v in csp_violations(page)), csp_violations(page)
        page.goto(url)
        assert page.evaluate("typeof __md_scope") == "object"  # the theme's own inline scripts ran
        label = page.get_attribute("header .md-logo", "aria-label")
        assert label == "Anytown Children's Services – Workload Toolkit"
    finally:
        context.close()
        server.stop()
