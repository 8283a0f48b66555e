"""The Apache settings the build writes, under a real Apache (Debian's apache2, where installed), at the
root and under a sub-path: the types, compression, caching and security headers they promise. Both ways:
`.htaccess` where the server reads it (`AllowOverride All`), and server/apache.conf's <Directory> block,
`Include`d, where it does not (Debian's default `AllowOverride None`), with the site reached through a
`current` link as a deploy serves it."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest
from conftest import free_port
from toolkit_site import server_config

pytestmark = pytest.mark.build

APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
MODULES = Path("/usr/lib/apache2/modules")
if not Path(APACHE).exists() or not MODULES.is_dir():
    pytest.skip("Debian's apache2 is not installed (apt-get install apache2 to run these)", allow_module_level=True)
# one of Material's own inline scripts (partials/javascripts/content.html): the policy hashes only those
THEME_SCRIPT = (
    "var target=document.getElementById(location.hash.slice(1));"
    'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))'
)
NEEDED = ("mpm_event", "authz_core", "mime", "dir", "headers", "rewrite", "deflate", "filter", "alias")


def small_site(folder: Path) -> None:
    (folder / "assets/pyodide").mkdir(parents=True)
    (folder / "assets/calculators/0123abcd").mkdir(parents=True)
    (folder / "index.html").write_text(
        f"<html><head><script>{THEME_SCRIPT}</script></head><body>" + "Anytown " * 300 + "</body></html>"
    )
    (folder / "404.html").write_text("<html><body>Not found</body></html>")
    (folder / "assets/pyodide/pyodide.asm.wasm").write_bytes(b"\0asm\1\0\0\0" + bytes(20000))
    (folder / "assets/pyodide/pyodide.mjs").write_text("export const x = 1;\n" * 200)
    (folder / "assets/calculators/0123abcd/toolkit.whl").write_bytes(os.urandom(3000))


@pytest.fixture(
    params=[("/", "htaccess"), ("/toolkit/", "htaccess"), ("/", "directory"), ("/toolkit/", "directory")],
    ids=["root", "sub-path", "root-no-htaccess", "sub-path-no-htaccess"],
)
def served(request):
    # Apache's workers run as www-data, which must read the site: a world-readable folder outside pytest's tmp.
    work = Path(tempfile.mkdtemp(prefix="toolkit-apache-"))
    work.chmod(0o755)
    prefix, how = request.param
    site = work / "builds/1/site"
    small_site(site)
    (work / "current").symlink_to("builds/1")
    port = free_port()
    server_config.write_server_configs(site, f"http://127.0.0.1:{port}{prefix}", served=work / "current/site")
    site = work / "current/site"
    modules = "\n".join(f"LoadModule {m}_module {MODULES}/mod_{m}.so" for m in NEEDED)
    if how == "directory":  # the snippet mounts the site itself; .htaccess is not read
        mount = f'DocumentRoot "{work}"\n<Directory "/">\n    AllowOverride None\n</Directory>\n'
        mount += f"Include {work}/current/server/apache.conf"
    elif prefix == "/":
        mount = f'DocumentRoot "{site}"'
    else:
        mount = f'DocumentRoot "{work}"\nAlias "{prefix}" "{site}/"'
    allow = "None" if how == "directory" else "All"
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    (work / "httpd.conf").write_text(f"""{modules}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {work}/httpd.pid
ErrorLog {work}/error.log
DefaultRuntimeDir {work}
Mutex file:{work}
{user}TypesConfig /etc/mime.types
DirectoryIndex index.html
{mount}
<Directory "{work}">
    Options FollowSymLinks
    AllowOverride {allow}
    Require all granted
</Directory>
""")
    args = [APACHE, "-f", str(work / "httpd.conf")]
    started = subprocess.run([*args, "-k", "start"], capture_output=True, text=True)
    assert started.returncode == 0, started.stderr + (work / "error.log").read_text(errors="replace")
    for _ in range(50):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{prefix}", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}{prefix}"
    subprocess.run([*args, "-k", "stop"], capture_output=True)
    for _ in range(50):
        if not (work / "httpd.pid").exists():
            break
        time.sleep(0.1)
    shutil.rmtree(work, ignore_errors=True)


def get(url: str, accept: str = "gzip") -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept})
    with urllib.request.urlopen(request) as response:
        return dict(response.headers), response.read()


def test_htaccess_under_a_real_apache(served):
    headers, body = get(served + "assets/pyodide/pyodide.asm.wasm")
    assert headers["Content-Type"] == "application/wasm" and headers.get("Content-Encoding") == "gzip"
    assert headers["Cache-Control"] == "no-cache"
    headers, body = get(served + "assets/pyodide/pyodide.asm.wasm", accept="gzip, deflate, br")
    assert headers["Content-Type"] == "application/wasm" and headers.get("Content-Encoding") == "br"
    assert brotli.decompress(body) == b"\0asm\1\0\0\0" + bytes(20000) and "Content-Language" not in headers
    assert "Accept-Encoding" in headers["Vary"]
    headers, _ = get(served + "assets/pyodide/pyodide.mjs", accept="br")
    assert headers["Content-Type"].startswith("text/javascript") and headers.get("Content-Encoding") == "br"
    headers, _ = get(served + "assets/calculators/0123abcd/toolkit.whl")
    assert headers["Content-Type"] == "application/zip" and "immutable" in headers["Cache-Control"]
    headers, _ = get(served)
    csp = headers["Content-Security-Policy"]
    assert "'sha256-" in csp and "img-src 'self' data:" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]
    assert headers["X-Content-Type-Options"] == "nosniff"
    with pytest.raises(urllib.error.HTTPError) as hidden:
        urllib.request.urlopen(served + "_server/nginx.conf")
    assert hidden.value.code == 404
