"""The `web.config` the build writes for IIS, checked as strictly as this machine allows (IIS does not run
on Linux): well-formed XML, and the same types, compression, caching, headers and Content-Security-Policy
as the nginx and Apache settings written from the same source, read back out of each file. The URL Rewrite
rules that send the build's .br and .gz copies are played through a small model of the module's rules
(first matching rule, conditions ANDed) for every compressible file, and must give the type and encoding
the nginx settings give. What is NOT tested: IIS itself accepting the file (locked sections, installed
modules) and its regular expressions' dialect beyond what Python's `re` shares with it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from toolkit_site import server_config

# one of Material's own inline scripts (partials/javascripts/content.html): the policy hashes only those
THEME_SCRIPT = (
    "var target=document.getElementById(location.hash.slice(1));"
    'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))'
)


@pytest.fixture
def written(tmp_path: Path) -> dict[str, Path]:
    site = tmp_path / "site"
    (site / "assets/pyodide").mkdir(parents=True)
    (site / "assets/calculators/0123abcd").mkdir(parents=True)
    (site / "assets/stylesheets").mkdir(parents=True)
    (site / "index.html").write_text(
        f"<html><head><script>{THEME_SCRIPT}</script></head><body>" + "text " * 500 + "</body></html>"
    )
    (site / "assets/pyodide/pyodide.asm.wasm").write_bytes(b"\0asm" + bytes(5000))
    (site / "assets/pyodide/pyodide.mjs").write_text("export const x = 1;\n" * 200)
    (site / "assets/stylesheets/main.0123abcd.min.css").write_text("body { color: black; }\n" * 200)
    (site / "assets/calculators/0123abcd/snapshot.bin").write_bytes(bytes(5000))
    return server_config.write_server_configs(site, "https://intranet.anytown.example/toolkit/")


def nginx_types(text: str) -> dict[str, str]:
    block = text.split("types {", 1)[1].split("}", 1)[0]
    return {
        suffix: kind
        for kind, *suffixes in (line.strip(" ;").split() for line in block.splitlines() if line.strip())
        for suffix in suffixes
    }


def nginx_headers(text: str) -> dict[str, str]:
    return dict(re.findall(r'add_header (\S+) "([^"]*)" always;', text))


def test_web_config_is_well_formed_and_says_what_nginx_and_apache_say(written):
    config = ET.parse(written["iis"]).getroot()
    nginx, apache = written["nginx"].read_text(), written["apache"].read_text()
    csp = written["csp"].read_text().strip()

    # types: every suffix the site serves, each with the type nginx and Apache give it
    maps = {m.get("fileExtension").lstrip("."): m.get("mimeType") for m in config.iter("mimeMap")}
    removed = {r.get("fileExtension").lstrip(".") for r in config.find("system.webServer/staticContent").iter("remove")}
    apache_types = dict((suffix, kind) for kind, suffix in re.findall(r"^AddType (\S+) \.(\S+)$", apache, re.M))
    assert nginx_types(nginx) == apache_types == {s: k for s, k in maps.items() if s not in ("br", "gz")}
    assert set(maps) == set(removed), "each mimeMap is preceded by a <remove> (IIS refuses a duplicate)"
    assert {suffix for suffix in server_config.TYPES if suffix != "gz"} <= set(maps)

    # compression: the same types compressed by IIS, nginx and Apache
    static = {t.get("mimeType") for t in config.iter("add") if t.get("enabled") == "true"}
    gzip_types = set(nginx.split("gzip_types", 1)[1].split(";", 1)[0].split())
    deflate = set(re.search(r"AddOutputFilterByType DEFLATE (.*)", apache).group(1).split()) - {"text/html"}
    assert static == gzip_types == deflate == set(server_config.COMPRESSED_TYPES)
    assert "application/wasm" in static

    # headers: the same policy everywhere, and it is the strict one
    headers = {h.get("name"): h.get("value") for h in config.find("system.webServer/httpProtocol/customHeaders")}
    apache_headers = dict(re.findall(r'Header always set (\S+) "([^"]*)"', apache))
    assert headers == {k: v for k, v in nginx_headers(nginx).items() if k != "Cache-Control"} == apache_headers
    assert headers["Content-Security-Policy"] == csp
    script_src = csp.split("script-src ", 1)[1].split(";", 1)[0]
    assert "'unsafe-inline'" not in script_src and "'sha256-" in script_src and "img-src 'self' data:" in csp

    # caching: revalidate by default, a year for folders that hold only fingerprinted files
    default = config.find("system.webServer/staticContent/clientCache")
    assert default.get("cacheControlCustom") == "no-cache"
    for location in config.findall("location"):
        cache = location.find("system.webServer/staticContent/clientCache")
        assert cache.get("cacheControlMaxAge") == "365.00:00:00" and "immutable" in cache.get("cacheControlCustom")
        assert re.search(server_config.IMMUTABLE, f"/{location.get('path')}/0123abcd/x.js") or re.search(
            server_config.IMMUTABLE, f"/{location.get('path')}/main.0123abcd.min.css"
        )

    # the settings for nginx and Apache are written beside the site, never into it
    site = written["iis"].parent
    assert all(path.parent != site for kind, path in written.items() if kind not in ("iis", "apache"))


def answer(config: ET.Element, site: Path, path: str, accept: str) -> tuple[str, str | None]:
    """(Content-Type, Content-Encoding) IIS would send for `path` by the rules in `config`: the first
    inbound rule whose conditions all hold rewrites the URL; the static file's type comes from its
    mimeMap; then every outbound rule whose precondition and conditions hold rewrites its header."""
    rules = config.find("system.webServer/rewrite")
    url = path
    for rule in rules.find("rules"):
        match = re.search(rule.find("match").get("url"), url)
        if not match:
            continue
        holds = True
        for condition in rule.find("conditions"):
            value = (
                condition.get("input")
                .replace("{HTTP_ACCEPT_ENCODING}", accept)
                .replace("{REQUEST_FILENAME}", str(site / url))
            )
            if condition.get("matchType") == "IsFile":
                holds &= Path(value).is_file()
            else:
                holds &= bool(re.search(condition.get("pattern"), value))
        if holds:
            url = rule.find("action").get("url").replace("{R:1}", match.group(1))
            if rule.get("stopProcessing") == "true":
                break
    maps = {m.get("fileExtension"): m.get("mimeType") for m in config.iter("mimeMap")}
    response = {"RESPONSE_Content_Type": maps["." + url.rsplit(".", 1)[1]], "RESPONSE_Content_Encoding": None}
    outbound = rules.find("outboundRules")
    preconditions = {p.get("name"): p for p in outbound.find("preConditions")}
    for rule in outbound.findall("rule"):
        conditions = rule.find("conditions")
        checks = [*preconditions[rule.get("preCondition")], *(conditions if conditions is not None else [])]
        if all(re.search(c.get("pattern"), url) for c in checks if c.get("input") == "{HTTP_URL}"):
            response[rule.find("match").get("serverVariable")] = rule.find("action").get("value")
    return response["RESPONSE_Content_Type"], response["RESPONSE_Content_Encoding"]


def test_rewrite_rules_send_each_copy_with_the_original_type(written):
    config = ET.parse(written["iis"]).getroot()
    site = written["iis"].parent
    types = server_config.TYPES
    checked = 0
    for file in site.rglob("*"):
        suffix = file.suffix.lstrip(".")
        if not file.is_file() or suffix not in types or suffix == "gz":
            continue
        path = file.relative_to(site).as_posix()
        has = {enc: file.with_name(f"{file.name}.{enc}").is_file() for enc in ("br", "gz")}
        assert answer(config, site, path, "gzip, deflate, br") == (
            types[suffix],
            "br" if has["br"] else "gzip" if has["gz"] else None,
        ), path
        assert answer(config, site, path, "gzip") == (types[suffix], "gzip" if has["gz"] else None), path
        assert answer(config, site, path, "identity") == (types[suffix], None), path
        checked += has["br"]
    assert checked >= 4  # the page, the runtime, its module, the stylesheet
