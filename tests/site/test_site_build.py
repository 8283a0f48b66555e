"""The site as MkDocs builds it: strict build, prerendered results, self-hosted runtime,
no third-party resources, and bad configuration that fails with file, key and fix."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, build_site
from toolkit_site import bundle

import calculators
from calculators import run

pytestmark = pytest.mark.build


class ResourceFinder(HTMLParser):
    """Collects the URLs a browser would fetch by itself (not links a user may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.urls.append(a["src"])
        if (
            tag == "link"
            and a.get("href")
            and set((a.get("rel") or "").split())
            & {"stylesheet", "preload", "icon", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest"}
        ):
            self.urls.append(a["href"])


def test_every_page_loads_only_its_own_files(built_site: Path):
    foreign = []
    for page in built_site.rglob("*.html"):
        finder = ResourceFinder()
        text = page.read_text(encoding="utf-8")
        finder.feed(text)
        foreign += [(page.name, u) for u in finder.urls if re.match(r"(https?:)?//", u)]
        foreign += [(page.name, u) for u in re.findall(r"@import\s+url\((['\"]?https?://[^)]+)\)", text)]
    for css in built_site.rglob("*.css"):
        foreign += [(css.name, u) for u in re.findall(r"url\(['\"]?((?:https?:)?//[^)'\"]+)", css.read_text())]
    assert foreign == []
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in home and "Made with" not in home


def test_runtime_is_the_five_pyodide_files_and_one_wheel(built_site: Path):
    runtime = sorted(p.name for p in (built_site / "assets/pyodide").iterdir())
    assert runtime == sorted(bundle.RUNTIME_FILES)
    wheels = list((built_site / "assets/calculators").rglob(bundle.WHEEL_NAME))  # (+ packages.json's, on demand)
    assert [w.relative_to(built_site / "assets/calculators").as_posix() for w in wheels] == [bundle.wheel_path()]


def test_calculator_page_shows_the_natively_computed_example(built_site: Path):
    html = (built_site / "workload/individual-calculator/index.html").read_text(encoding="utf-8")
    calc, settings = calculators.prepare("workload", {"model": "both"})  # the page shows both models
    native = run("workload", calc.example(settings), {"model": "both"})
    shown = re.search(r'data-result="([^"]*)"', html).group(1)
    assert json.loads(shown.replace("&#34;", '"').replace("&quot;", '"')) == native["result"]
    assert native["html"].split("\n")[0] in html
    assert f'data-wheel="{bundle.wheel_path()}"' in html
    assert "<noscript>" in html


def test_wheel_is_reproducible_and_installs_with_pip(tmp_path: Path):
    first = bundle.build_wheel(tmp_path / "a").read_bytes()
    second = bundle.build_wheel(tmp_path / "b").read_bytes()
    assert first == second
    wheel = tmp_path / "a" / bundle.WHEEL_NAME
    names = zipfile.ZipFile(wheel).namelist()
    assert "calculators/workload/rule.py" in names and "calculators/data/workload.json" in names
    assert not any(n.startswith("toolkit_site") for n in names)
    target = tmp_path / "installed"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=120,
    )
    probe = (
        "import json, calculators, calculators.hosts.browser as b; c, s = calculators.prepare('workload'); "
        "print(json.loads(b.handle(json.dumps({'calculator': 'workload', 'values': c.example(s)})))['ok'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0 and out.stdout.strip() == "True", out.stderr


def test_calculators_import_only_the_standard_library():
    for path in (ROOT / "calculators").rglob("*.py"):
        if path.relative_to(ROOT / "calculators").as_posix() == "io/excel.py":
            continue  # Excel in and out needs openpyxl, imported only when a user gives or asks for a workbook
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top == "calculators", f"{path.name} imports {name}"


def test_missing_runtime_says_how_to_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(bundle, "PYODIDE_DIR", tmp_path / "node_modules" / "pyodide")
    with pytest.raises(bundle.BundleError, match=r"npm ci"):
        bundle.write_bundle(tmp_path / "site")


def small_site(tmp_path: Path, page: str, extension_config: str = "") -> subprocess.CompletedProcess:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: t\ndocs_dir: {tmp_path / 'docs'}\nmarkdown_extensions:\n"
        f"  - toolkit_site.directive{extension_config}\n",
        encoding="utf-8",
    )
    return build_site(tmp_path / "site", "http://127.0.0.1:1/", config)


def test_unknown_calculator_fails_naming_page_and_fix(tmp_path: Path):
    out = small_site(tmp_path, "# T\n\n/// calculator | workloadz\n///\n")
    assert out.returncode != 0
    assert "Error reading page 'index.md'" in out.stderr
    assert "unknown calculator 'workloadz'. Fix: use one of" in out.stderr
    assert "Traceback" not in out.stderr


def test_bad_option_fails_naming_the_option(tmp_path: Path):
    out = small_site(tmp_path, "# T\n\n/// calculator | workload model=magic\n///\n")
    assert out.returncode != 0 and "options.model: must be one of points, time" in out.stderr


def test_missing_council_data_file_fails_naming_key_and_fix(tmp_path: Path):
    out = small_site(tmp_path, "# T\n", ":\n      data:\n        workload: council/weights.json")
    assert out.returncode != 0
    assert "toolkit_site.directive → data → workload: the file 'council/weights.json' does not exist" in out.stderr
    assert "Fix:" in out.stderr


def test_bad_council_data_fails_naming_file_key_and_fix(tmp_path: Path):
    data = json.loads((ROOT / "calculators/data/workload.json").read_text())
    data["case_types"][0]["points"] = "five"
    (tmp_path / "weights.json").write_text(json.dumps(data))
    out = small_site(tmp_path, "# T\n", f":\n      data:\n        workload: {tmp_path / 'weights.json'}")
    assert out.returncode != 0
    assert "weights.json: key `case_types[0].points` must be a number, not str. Fix:" in out.stderr


def test_council_data_reaches_the_page(tmp_path: Path):
    data = json.loads((ROOT / "calculators/data/workload.json").read_text())
    data["points"]["full_time_maximum"] = 80
    (tmp_path / "weights.json").write_text(json.dumps(data))
    out = small_site(
        tmp_path,
        "# T\n\n/// calculator | workload\n///\n",
        f":\n      data:\n        workload: {tmp_path / 'weights.json'}",
    )
    assert out.returncode == 0, out.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert "data-calc-data=" in html  # an attribute: instant navigation drops inline JSON scripts' type
    assert "&#34;full_time_maximum&#34;:80" in html
