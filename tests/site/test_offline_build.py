"""What the build adds for speed and offline use: the Python snapshot (and a build that goes on
without one), the service worker's version and file list, the web app manifest and icons."""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zlib
from pathlib import Path

import pytest
from conftest import ROOT
from toolkit_site import bundle, offline

pytestmark = pytest.mark.build


def fake_site(tmp_path: Path) -> Path:
    """The shape of a built site, without running MkDocs."""
    site = tmp_path / "site"
    for page in (
        "index.html",
        "workload/index.html",
        "404.html",
        "search/search_index.json",
        "assets/javascripts/bundle.1234.min.js",
        "assets/javascripts/bundle.1234.min.js.map",
        "assets/javascripts/lunr/min/lunr.de.min.js",
    ):
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text(f"<p>{page}</p>", encoding="utf-8")
    return site


def worker_build(site: Path) -> dict:
    source = (site / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"const BUILD = (\{.*?\n\});", source, re.S).group(1))


@pytest.fixture
def no_node(monkeypatch, tmp_path):
    monkeypatch.setenv("TOOLKIT_NODE", str(tmp_path / "no-such-node"))
    monkeypatch.setattr(bundle, "SNAPSHOT_CACHE", tmp_path / "empty-cache")


def test_without_node_the_build_goes_on_without_a_snapshot(tmp_path, no_node, capsys):
    site = fake_site(tmp_path)
    bundle.write_bundle(site, "Anytown Workload Toolkit")
    folder = site / bundle.BUNDLE_URL / bundle.bundle_id()
    assert (folder / bundle.WHEEL_NAME).is_file()
    assert not (folder / bundle.SNAPSHOT).exists() and not (folder / bundle.SNAPSHOT_META).exists()
    assert "no Python snapshot" in capsys.readouterr().err
    # the service worker keeps what there is, and no snapshot it could never fetch
    build = worker_build(site)
    assert f"{bundle.BUNDLE_URL}{bundle.bundle_id()}/{bundle.WHEEL_NAME}" in build["runtimeFiles"]
    assert not any(path.endswith(bundle.SNAPSHOT) for path in build["runtimeFiles"])


def test_service_worker_stores_pages_not_the_runtime_and_changes_with_any_page(tmp_path, no_node):
    site = fake_site(tmp_path)
    bundle.write_bundle(site)
    build = worker_build(site)
    assert {"./", "workload/", "404.html", "search/search_index.json", "manifest.webmanifest"} <= set(build["pages"])
    assert not [p for p in build["pages"] if p.startswith(("assets/pyodide/", "assets/calculators/"))]
    assert not [p for p in build["pages"] if p.endswith(".map") or "/lunr/" in p]
    assert f"{bundle.RUNTIME_URL}pyodide.asm.wasm" in build["runtimeFiles"]
    (site / "workload" / "index.html").write_text("<p>changed</p>", encoding="utf-8")
    bundle.write_bundle(site)
    assert worker_build(site)["version"] != build["version"]
    assert worker_build(site)["runtime"] == build["runtime"]  # the runtime is not downloaded again


def test_manifest_has_the_site_name_and_real_icons(tmp_path, no_node):
    site = fake_site(tmp_path)
    bundle.write_bundle(site, "Anytown Children's Services Workload Toolkit")
    manifest = json.loads((site / offline.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["name"] == "Anytown Children's Services Workload Toolkit"
    assert manifest["start_url"] == "./" and manifest["scope"] == "./"  # works on a sub-path
    for icon in manifest["icons"]:
        data = (site / icon["src"]).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = struct.unpack(">II", data[16:24])
        assert f"{width}x{height}" == icon["sizes"]
        pixels = zlib.decompress(data[data.index(b"IDAT") + 4 : -16])
        assert len(pixels) == height * (1 + 3 * width)


def test_a_council_logo_becomes_the_app_icon(tmp_path, no_node):
    site = fake_site(tmp_path)
    (site / "assets/logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    bundle.write_bundle(site, "Anytown", icon="assets/logo.svg")
    icons = json.loads((site / offline.MANIFEST).read_text(encoding="utf-8"))["icons"]
    assert icons[0] == {"src": "assets/logo.svg", "sizes": "any", "type": "image/svg+xml"}


@pytest.mark.skipif(not (ROOT / "node_modules" / "pyodide").is_dir(), reason="needs npm ci")
def test_snapshot_records_the_runtime_it_was_made_with(built_site):
    meta = json.loads((built_site / bundle.BUNDLE_URL / bundle.bundle_id() / bundle.SNAPSHOT_META).read_text())
    assert meta["pyodide"] == bundle.pyodide_version()
    assert meta["runtime_sha256"] == bundle.runtime_hash()
    assert meta["bundle"] == bundle.bundle_id()
    assert (built_site / bundle.BUNDLE_URL / bundle.bundle_id() / meta["file"]).stat().st_size == meta["bytes"]


def test_the_worker_knows_each_runtime_file_by_its_hash(tmp_path, no_node):
    """A new version copies a file from the old version's cache only when its hash is this one's."""
    site = fake_site(tmp_path)
    bundle.write_bundle(site)
    build = worker_build(site)
    assert set(build["hashes"]) == {*build["runtimeFiles"], *build["onDemand"]}
    for path, digest in build["hashes"].items():
        assert digest == hashlib.sha256((site / path).read_bytes()).hexdigest(), path


def test_each_page_is_marked_with_the_version_it_belongs_to(tmp_path, no_node):
    site = fake_site(tmp_path)
    page = '<div class="md-container" data-md-component="container"><p>a page</p></div>'
    (site / "workload" / "index.html").write_text(page, encoding="utf-8")
    bundle.write_bundle(site)
    first = worker_build(site)["version"]
    marked = (site / "workload" / "index.html").read_text(encoding="utf-8")
    assert f'data-md-component="container" {offline.BUILD_ATTRIBUTE}="{first}"' in marked
    assert (site / "index.html").read_text(encoding="utf-8") == "<p>index.html</p>"  # no container: left as it is
    (site / "workload" / "index.html").write_text(page.replace("a page", "a changed page"), encoding="utf-8")
    bundle.write_bundle(site)  # a rebuild over the same folder marks the page once, with the new version
    second = worker_build(site)["version"]
    marked = (site / "workload" / "index.html").read_text(encoding="utf-8")
    assert second != first and marked.count(offline.BUILD_ATTRIBUTE) == 1 and second in marked
