"""The site as Zensical builds it, finished by the one build step (`python -m toolkit_site.build`):
the same pages, the same calculator forms and the same content as the MkDocs build, and the bundle and
service worker in place. Also the step's own reading of the config file (no build needed)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT
from toolkit_site import build, bundle, csp
from zensical_helpers import ZensicalBuild, build_with_zensical

import calculators

build_test = pytest.mark.build


@pytest.fixture(scope="session")
def zensical(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> ZensicalBuild:
    # for the address the MkDocs build (conftest's built_site) is made for, so the two compare
    return build_with_zensical(tmp_path_factory.mktemp("zensical"), f"http://127.0.0.1:{site_port}/")


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


class CalculatorForms(HTMLParser):
    """Each calculator element on a page (`<div class="calc" ...>`) with its data attributes and the
    names, ids and actions of every control inside it: what the browser's code reads and fills."""

    def __init__(self) -> None:
        super().__init__()
        self.calculators: list[dict[str, object]] = []
        self.depth = 0  # how deep inside the current calculator element; 0 outside one

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self.depth == 0 and tag == "div" and a.get("class") == "calc":
            self.calculators.append({"data": {k: v for k, v in a.items() if k.startswith("data-")}, "controls": []})
            self.depth = 1
            return
        if self.depth:
            self.depth += tag == "div"
            if tag in ("input", "select", "textarea", "button"):
                control = (tag, a.get("name"), a.get("id"), a.get("type"), a.get("data-action"))
                self.calculators[-1]["controls"].append(control)  # type: ignore[union-attr]

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1


def forms(page: Path) -> list[dict[str, object]]:
    parser = CalculatorForms()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.calculators


def article(page: Path) -> str:
    """The page's own content, without what the two themes are known to do differently (README, "Building
    with Zensical"): where the tags sit, the skip-link anchor, `./` before a relative link, and permalinks
    on the tags page's headings. The review date must read the same ("3 December 2026") from both."""
    found = re.search(r"<article.*?</article>", page.read_text(encoding="utf-8"), re.S)
    text = found.group(0) if found else ""
    text = re.sub(r'<nav class="md-tags".*?</nav>|<a id="__skip"[^>]*></a>', "", text, flags=re.S)
    text = re.sub(r'href="(\./)+', 'href="', text)
    text = re.sub(r'<a class="headerlink" href="#tag:[^"]*"[^>]*>&para;</a>', "", text)
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", text))


@build_test
def test_zensical_builds_the_same_pages(built_site: Path, zensical: ZensicalBuild):
    assert pages(zensical.site) == pages(built_site)
    assert len(pages(built_site)) > 50


@build_test
def test_every_calculator_form_is_the_same(built_site: Path, zensical: ZensicalBuild):
    placed, different = set(), []
    for name in pages(built_site):
        ours = forms(built_site / name)
        placed |= {str(calc["data"]["data-calculator"]) for calc in ours}  # type: ignore[index]
        if forms(zensical.site / name) != ours:
            different.append(name)
    assert placed == set(calculators.CALCULATORS)  # every calculator was compared
    assert different == []


@build_test
def test_every_page_says_the_same(built_site: Path, zensical: ZensicalBuild):
    different = [name for name in pages(built_site) if article(zensical.site / name) != article(built_site / name)]
    assert different == []
    statement = (zensical.site / "reference/accessibility-statement/index.html").read_text(encoding="utf-8")
    assert "/// statement" not in statement and statement.count("Complete before publishing") >= 5


@build_test
def test_the_one_step_adds_the_runtime_wheel_and_service_worker(built_site: Path, zensical: ZensicalBuild):
    site = zensical.site
    for name in bundle.RUNTIME_FILES:
        assert (site / bundle.RUNTIME_URL / name).stat().st_size == (bundle.PYODIDE_DIR / name).stat().st_size
    bundles = sorted(p.relative_to(site).as_posix() for p in (site / bundle.BUNDLE_URL).rglob("*"))
    assert bundles == sorted(p.relative_to(built_site).as_posix() for p in (built_site / bundle.BUNDLE_URL).rglob("*"))
    wheels = {calc["data"]["data-wheel"] for name in pages(site) for calc in forms(site / name)}  # type: ignore[index]
    assert wheels == {bundle.wheel_path()} and (site / bundle.BUNDLE_URL / bundle.wheel_path()).is_file()
    worker = (site / "sw.js").read_text(encoding="utf-8")
    stored = json.loads(re.search(r"const BUILD = (\{.*?\n\});", worker, re.S).group(1))
    assert {"./", "workload/team-calculator/", "assets/js/calculators.js"} <= set(stored["pages"])
    assert f"{bundle.BUNDLE_URL}{bundle.wheel_path()}" in stored["runtimeFiles"]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'data-toolkit-build="{stored["version"]}"' in home  # pages marked with the version they belong to
    manifest = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == build.site_settings(ROOT / "mkdocs.yml")[0] == "Social Work Workload Toolkit"
    print(f"zensical build {zensical.render_seconds:.2f} s, then toolkit_site.build {zensical.finish_seconds:.2f} s")


def test_the_content_security_policy_allows_every_inline_script_zensical_writes(zensical: ZensicalBuild):
    hashes, refused = csp.inline_scripts(zensical.site)
    assert hashes and refused == []


def test_the_step_reads_name_and_logo_through_inherit_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "base.yml").write_text(
        "site_name: !ENV [TOOLKIT_TEST_NAME, Upstream]\ntheme:\n  name: material\n  font: false\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    (tmp_path / "council.yml").write_text("INHERIT: base.yml\ntheme:\n  logo: assets/logo.svg\n", encoding="utf-8")
    assert build.site_settings(tmp_path / "council.yml") == ("Upstream", "assets/logo.svg")
    assert build.read_config(tmp_path / "council.yml")["theme"] == {
        "name": "material",
        "font": False,
        "logo": "assets/logo.svg",
    }
    monkeypatch.setenv("TOOLKIT_TEST_NAME", "Anytown Workload Toolkit")
    assert build.site_settings(tmp_path / "base.yml") == ("Anytown Workload Toolkit", None)


def test_the_step_says_what_is_wrong_and_the_fix(tmp_path: Path):
    def step(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "toolkit_site.bundle", *args]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)

    not_built = step(str(tmp_path))
    assert not_built.returncode == 1 and "no built site (no index.html). Fix: build the site first" in not_built.stderr
    (tmp_path / "index.html").write_text("<p>built</p>", encoding="utf-8")
    no_config = step(str(tmp_path))
    assert no_config.returncode == 1 and "there is no config file mkdocs.yml" in no_config.stderr
    assert "name the file with -f" in no_config.stderr
    (tmp_path / "mkdocs.yml").write_text("docs_dir: content\n", encoding="utf-8")
    nameless = step(str(tmp_path))
    assert nameless.returncode == 1 and "mkdocs.yml sets no site_name. Fix: add `site_name: ...`" in nameless.stderr
