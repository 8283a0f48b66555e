"""The deployment check (`python -m toolkit_site.check_deploy URL`) against real servers: it passes on the
generated nginx and Apache settings, and fails, naming the setting that fixes it, on a stock nginx and
on Apache with Debian's default `AllowOverride None` (where .htaccess is silently ignored)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, free_port
from local_nginx import NGINX, LocalNginx
from toolkit_site import check_deploy, server_config

pytestmark = pytest.mark.build

APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
MODULES = Path("/usr/lib/apache2/modules")
NEEDED = ("mpm_event", "authz_core", "mime", "dir", "headers", "rewrite", "deflate", "filter", "alias")
THEME_SCRIPT = (  # one of Material's own inline scripts (partials/javascripts/content.html)
    "var target=document.getElementById(location.hash.slice(1));"
    'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))'
)


def small_site(site: Path) -> None:
    """The files the check asks for, as a build lays them out."""
    for folder in ("assets/pyodide", "assets/calculators/0123abcd", "workload/individual-calculator"):
        (site / folder).mkdir(parents=True)
    page = f"<html><head><script>{THEME_SCRIPT}</script></head><body>" + "Anytown " * 300
    (site / "index.html").write_text(page + "</body></html>")
    (site / "404.html").write_text("<html><body>Not found</body></html>")
    (site / "workload/individual-calculator/index.html").write_text(
        page + '<div data-runtime="assets/calculators/0123abcd/"></div></body></html>'
    )
    (site / "sw.js").write_text("self.addEventListener('fetch', () => {});\n" * 100)
    (site / "assets/pyodide/pyodide.mjs").write_text("export const x = 1;\n" * 200)
    (site / "assets/pyodide/pyodide.asm.wasm").write_bytes(b"\0asm\1\0\0\0" + bytes(20000))
    (site / "assets/pyodide/pyodide-lock.json").write_text('{"packages": {}}' + " " * 3000)
    (site / "assets/calculators/0123abcd/packages.json").write_text("[]\n")


def apache(work: Path, site: Path, port: int, mount: str, allow: str) -> list[str]:
    modules = "\n".join(f"LoadModule {m}_module {MODULES}/mod_{m}.so" for m in NEEDED)
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    (work / "httpd.conf").write_text(
        f"{modules}\nServerName 127.0.0.1\nListen 127.0.0.1:{port}\nPidFile {work}/httpd.pid\n"
        f"ErrorLog {work}/error.log\nDefaultRuntimeDir {work}\nMutex file:{work}\n{user}"
        f"TypesConfig /etc/mime.types\nDirectoryIndex index.html\n{mount}\n"
        f'<Directory "{work}">\n    Options FollowSymLinks\n    AllowOverride {allow}\n    Require all granted\n'
        "</Directory>\n"
    )
    args = [APACHE, "-f", str(work / "httpd.conf")]
    started = subprocess.run([*args, "-k", "start"], capture_output=True, text=True)
    assert started.returncode == 0, started.stderr
    return args


def wait_for(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)


SERVERS = ["nginx, generated", "nginx, stock", "Apache, .htaccess", "Apache, AllowOverride None", "Apache, Include"]


@pytest.fixture(params=SERVERS)
def deployed(request) -> Iterator[tuple[str, str]]:
    server = request.param
    if server.startswith("nginx") and not Path(NGINX).exists():
        pytest.skip("nginx is not installed")
    if server.startswith("Apache") and not (Path(APACHE).exists() and MODULES.is_dir()):
        pytest.skip("Debian's apache2 is not installed")
    work = Path(tempfile.mkdtemp(prefix="toolkit-check-"))
    work.chmod(0o755)  # the servers' workers (www-data when root) read the site from here
    small_site(work / "builds/1/site")
    (work / "current").symlink_to("builds/1")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site = work / "current/site"
    server_config.write_server_configs(work / "builds/1/site", url, served=site)
    stop = start(server, work, site, port)
    wait_for(url)
    yield server, url
    stop()
    shutil.rmtree(work, ignore_errors=True)


def start(server: str, work: Path, site: Path, port: int):
    if server == "nginx, generated":
        return LocalNginx(site, port, work / "nginx").stop
    if server == "nginx, stock":  # Debian's own types and nothing else, as a default server block has
        stock = f"include /etc/nginx/mime.types; location / {{ root {site}; }}"
        return LocalNginx(site, port, work / "nginx", server=stock).stop
    mount = {
        "Apache, .htaccess": (f'DocumentRoot "{site}"', "All"),
        "Apache, AllowOverride None": (f'DocumentRoot "{site}"', "None"),
        "Apache, Include": (f"Include {work}/current/server/apache.conf", "None"),
    }[server]
    args = apache(work, site, port, *mount)
    return lambda: subprocess.run([*args, "-k", "stop"], capture_output=True)


def test_the_check_passes_on_the_generated_settings_and_names_the_fix_elsewhere(deployed):
    server, url = deployed
    done = subprocess.run(
        [sys.executable, "-m", "toolkit_site.check_deploy", url], cwd=ROOT, capture_output=True, text=True
    )
    problems = check_deploy.check(url)
    if server in ("nginx, generated", "Apache, .htaccess", "Apache, Include"):
        assert problems == [] and done.returncode == 0, done.stdout
        assert "served as the build intends" in done.stdout
        return
    assert done.returncode == 1 and problems, done.stdout
    assert done.stdout.count("Fix: ") == 1  # the same fix for all, said once
    assert any("no Content-Security-Policy header" in p for p in problems), problems
    if server == "nginx, stock":
        assert any(p.startswith("assets/pyodide/pyodide.mjs: answered 200 with type") for p in problems), problems
        assert all("include /path/to/TARGET/current/server/nginx.conf;" in p for p in problems), problems
    else:
        assert all("`AllowOverride None` (Debian's default) .htaccess is ignored" in p for p in problems), problems
        assert any("current/server/apache.conf" in p for p in problems)
