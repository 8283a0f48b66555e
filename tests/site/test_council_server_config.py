"""The server settings the build writes, on a small built site: types, compression, caching and a
Content-Security-Policy that allows exactly the inline scripts in the pages (by hash)."""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import brotli
import pytest
from local_nginx import BROTLI_MODULE
from toolkit_site import compress, server_config
from toolkit_site import csp as csp_module

# one of Material's inline scripts as it renders two folders down (its template holds `{{ ... | d(base_url) }}`)
THEME_SCRIPT = '__md_scope=new URL("../..",location)'
FOREIGN_SCRIPT = "window.__ran = 1"  # as a council page or setting might put into a page


@pytest.fixture
def site(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(compress, "COMPRESSED_CACHE", tmp_path / "compressed")  # not the project's
    site = tmp_path / "site"
    (site / "assets/pyodide").mkdir(parents=True)
    (site / "index.html").write_text(
        f"<html><head><script>{THEME_SCRIPT}</script><script src='x.js'></script><script>{FOREIGN_SCRIPT}</script>"
        '<script id="__config" type="application/json">{"a": 1}</script></head>'
        "<body>" + "text " * 500 + "</body></html>"
    )
    (site / "assets/pyodide/pyodide.asm.wasm").write_bytes(b"\0asm" + bytes(5000))
    (site / "assets/pyodide/python_stdlib.zip").write_bytes(bytes(range(256)) * 10)
    (site / "assets/icon.bin").write_bytes(os.urandom(5000))  # incompressible: no copy
    return site


def test_csp_allows_the_themes_inline_script_by_hash_and_nothing_inline_else(site, monkeypatch):
    theme = site.parent / "theme"
    (theme / "partials").mkdir(parents=True)
    (theme / "partials/base.html").write_text(
        '<script>__md_scope=new URL("{{ config.extra.scope | d(base_url) }}",location)</script>'
    )
    monkeypatch.setattr(csp_module, "TEMPLATE_FOLDERS", (theme,))
    csp_module.template_scripts.cache_clear()
    csp = server_config.content_security_policy(site)
    assert csp_module.inline_scripts(site)[1] == ["index.html"]  # the page with a script not the theme's
    csp_module.template_scripts.cache_clear()
    digest = base64.b64encode(hashlib.sha256(THEME_SCRIPT.encode()).digest()).decode()
    script_src = csp.split("script-src ")[1].split(";")[0].split()
    assert script_src == ["'self'", "'wasm-unsafe-eval'", f"'sha256-{digest}'"]  # the JSON block is not a script
    assert "img-src 'self' data:" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]


def test_the_real_themes_scripts_are_recognised_as_rendered_and_an_injected_one_is_not():
    """Material's own inline scripts, filled as a page renders them, are allowed; the same with a value that
    leaves its string (a quote) or a script of a council's own is not."""
    base = (csp_module.TEMPLATE_FOLDERS[0] / "partials/javascripts/base.html").read_text(encoding="utf-8")
    body = base.split("<script>", 1)[1].split("</script>", 1)[0]
    rendered = body.replace("{{ config.extra.scope | d(base_url) }}", "../..")
    assert csp_module.is_template_script(rendered)
    assert not csp_module.is_template_script(body.replace("{{ config.extra.scope | d(base_url) }}", '",alert(1),"'))
    assert not csp_module.is_template_script(FOREIGN_SCRIPT)


def test_configs_for_a_sub_path(site):
    written = server_config.write_server_configs(site, "https://intranet.anytown.example/toolkit/")
    nginx = written["nginx"].read_text()
    assert "location ^~ /toolkit/ {" in nginx and f"alias {site.resolve()}/;" in nginx
    assert "text/javascript mjs;" in nginx and "application/wasm wasm;" in nginx
    assert "application/wasm" in nginx.split("gzip_types")[1].split(";")[0] and "gzip_static on;" in nginx
    assert "immutable" in nginx and '"no-cache"' in nginx
    htaccess = written["apache"].read_text()
    assert "AddType text/javascript .mjs" in htaccess and "AddType application/wasm .wasm" in htaccess
    assert "Content-Security-Policy" in htaccess and "immutable" in htaccess
    config = ET.parse(written["iis"]).getroot()  # well-formed XML
    maps = {m.get("fileExtension"): m.get("mimeType") for m in config.iter("mimeMap")}
    assert maps[".wasm"] == "application/wasm" and maps[".mjs"] == "text/javascript"
    assert any(h.get("name") == "Content-Security-Policy" for h in config.iter("add"))
    wasm = site / "assets/pyodide/pyodide.asm.wasm"
    assert gzip.decompress((site / "assets/pyodide/pyodide.asm.wasm.gz").read_bytes()) == wasm.read_bytes()
    assert brotli.decompress((site / "assets/pyodide/pyodide.asm.wasm.br").read_bytes()) == wasm.read_bytes()
    assert (site / "index.html.gz").exists() and (site / "index.html.br").exists()
    assert not (site / "assets/icon.bin.gz").exists() and not (site / "assets/icon.bin.br").exists()
    with_brotli = written["nginx-brotli"].read_text()
    assert "brotli_static on;" in with_brotli and "brotli" not in nginx.split("location")[1]
    body = [line for line in with_brotli.split("\nlocation", 1)[1].splitlines() if "brotli" not in line]
    assert body == nginx.split("\nlocation", 1)[1].splitlines(), "the two differ only in brotli_static"


@pytest.mark.skipif(not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()), reason="nginx not installed")
@pytest.mark.parametrize("name", ["nginx.conf", "nginx-brotli.conf"])
def test_nginx_accepts_the_generated_config(site, tmp_path, name):
    """nginx.conf on any nginx; nginx-brotli.conf where the brotli_static module is loaded, and refused
    with a message naming the directive where it is not (the comment at its top says what to do)."""
    server_config.write_server_configs(site, "http://127.0.0.1:8080/")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"

    def check(load_module: str) -> subprocess.CompletedProcess:
        conf = tmp_path / "nginx.conf"
        conf.write_text(
            f"{load_module}pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
            f"http {{ server {{ listen 127.0.0.1:8080; include {tmp_path}/server/{name}; }} }}\n"
        )
        return subprocess.run(
            [nginx, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")],
            capture_output=True,
            text=True,
        )

    without = check("")
    if name == "nginx.conf":
        assert without.returncode == 0, without.stderr
    else:
        assert without.returncode != 0 and 'unknown directive "brotli_static"' in without.stderr
        if not BROTLI_MODULE.is_file():
            pytest.skip("the brotli_static module is not installed (setup.sh --test installs it)")
        loaded = check(f"load_module {BROTLI_MODULE};\n")
        assert loaded.returncode == 0, loaded.stderr


def test_compressed_copies_are_made_once_and_the_least_recently_used_go_first(tmp_path, monkeypatch):
    monkeypatch.setattr(compress, "COMPRESSED_CACHE", tmp_path / "cache")
    made = []
    real = compress._compress
    monkeypatch.setattr(compress, "_compress", lambda *args: made.append(args[2]) or real(*args))
    page, script = b"<p>a page</p>" * 1000, b"let x = 1;\n" * 1000
    for _ in range(2):  # the second build finds both copies of both files in the cache
        for name, raw in (("index.html", page), ("app.js", script)):
            for suffix in compress.ENCODINGS:
                packed = compress.compressed(raw, suffix, name)
                assert (brotli.decompress if suffix == "br" else gzip.decompress)(packed) == raw
    assert made == ["index.html", "index.html", "app.js", "app.js"]
    # pages are compressed every build, so more quickly than what is cached once for every build
    assert compress._level(page, "br", "index.html") < compress._level(script, "br", "app.js")
    cached = sorted((tmp_path / "cache").iterdir(), key=lambda f: f.stat().st_mtime)
    os.utime(cached[0], (1, 1))  # the longest unused
    monkeypatch.setattr(compress, "CACHE_LIMIT_BYTES", sum(f.stat().st_size for f in cached) - 1)
    compress.sweep_cache()
    assert sorted((tmp_path / "cache").iterdir()) == sorted(cached[1:])
