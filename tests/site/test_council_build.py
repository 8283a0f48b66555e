"""Many councils from one checkout, one command: each builds into its own site, a broken one is
reported by name without stopping the others, and nothing of one council appears in another's site."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from registry_helpers import calculator_pages

import calculators

pytestmark = pytest.mark.build

EXAMPLE = ROOT / "councils" / "example-anytown"


CALCULATOR_PAGES = calculator_pages()  # every registered calculator, where the pages place it


def own_data_for_every_calculator(council: Path) -> None:
    """The council supplies data for every calculator (ours, with its own version), as a council with its own
    frameworks, weights and figures would; the workload and supervision files are the example's own."""
    config = council / "council.yml"
    lines = []
    for name in CALCULATOR_PAGES:
        file = calculators.get(name).DATA_FILE  # the team calculator reads workload.json too
        if not (council / f"data/{file}").is_file():
            data = json.loads((ROOT / f"calculators/data/{file}").read_text(encoding="utf-8"))
            data["version"] = "2026-11-20"
            (council / f"data/{file}").write_text(json.dumps(data), encoding="utf-8")
            lines.append(f"  {name}: data/{file}\n")
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "calculator_data:               # paths are relative to this file's folder\n",
            "calculator_data:\n" + "".join(lines),
        ),
        encoding="utf-8",
    )


def complete_statement(council: Path) -> Path:
    """The two accessibility details only a council's own testing can give, which the example leaves out."""
    config = council / "council.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  tested_by: Anytown digital team\n",
            "  tested_by: Anytown digital team\n  compliance: partial\n"
            "  known_issues:\n    - Some tables are hard to read on a small screen\n",
        ),
        encoding="utf-8",
    )
    return council


def defaults_notes(page: str) -> str:
    """The text of the page's defaults notes: where it says whose data the calculator uses."""
    return " ".join(re.findall(r'<div class="calc-defaults-note">(.*?)</div>', page, re.S))


def make_council(parent: Path, folder: str, name: str, cap: int) -> Path:
    council = parent / folder
    shutil.copytree(EXAMPLE, council)
    config = council / "council.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        .replace("Anytown Children's Services", name)
        .replace("Anytown procedures", f"{name} procedures"),
        encoding="utf-8",
    )
    page = council / "content/local/allocation.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Anytown", name), encoding="utf-8")
    data = json.loads((council / "data/workload.json").read_text(encoding="utf-8"))
    data["points"]["full_time_maximum"] = cap
    (council / "data/workload.json").write_text(json.dumps(data), encoding="utf-8")
    return council


def site_text(site: Path) -> str:
    return "\n".join(
        f.read_text(encoding="utf-8", errors="replace")
        for f in site.rglob("*")
        if f.is_file() and f.suffix in {".html", ".json", ".xml", ".js"}
    )


def test_two_councils_and_a_broken_one_in_one_command(tmp_path: Path):
    own_data_for_every_calculator(complete_statement(make_council(tmp_path, "alpha", "Alphaborough", 91)))
    beta = make_council(tmp_path, "beta", "Betaford", 77)
    betas_own = {file.name for file in (beta / "data").glob("*.json")}  # the example's: workload and supervision
    (beta / "content/local/beta-only.md").write_text(
        (beta / "content/local/allocation.md")
        .read_text(encoding="utf-8")
        .replace("# Allocation meetings in Betaford", "# Betaford's own page"),
        encoding="utf-8",
    )
    config = beta / "council.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - Allocation meetings: local/allocation.md",
            "  - Allocation meetings: local/allocation.md\n  - Our own page: local/beta-only.md",
        ),
        encoding="utf-8",
    )
    broken = make_council(tmp_path, "broken", "Brokenham", 90)
    (broken / "council.yml").write_text(
        (broken / "council.yml").read_text(encoding="utf-8") + "local-nav: []\n", encoding="utf-8"
    )
    env = {**os.environ, "SITE_URL": "http://127.0.0.1:1/", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "toolkit_site.councils",
            "--councils",
            str(tmp_path),
            "--out",
            str(tmp_path / "out"),
            "--jobs",
            "2",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 of 3 councils failed: broken" in done.stderr, done.stderr
    assert "broken: FAILED" in done.stderr and "local-nav: is not a setting" in done.stderr
    assert "did you mean `local_nav`?" in done.stderr and "1 of 3 councils failed: broken" in done.stderr
    alpha_site, beta_site = tmp_path / "out/alpha/current/site", tmp_path / "out/beta/current/site"
    assert (alpha_site / "index.html").is_file() and (beta_site / "index.html").is_file()
    assert not (tmp_path / "out/broken/current").exists() and not list((tmp_path / "out/broken").rglob("*.html"))
    alpha, beta = site_text(alpha_site), site_text(beta_site)
    assert "Alphaborough" in alpha and "Betaford" in beta
    assert "Betaford" not in alpha and "Alphaborough" not in beta  # pages, search index, data
    assert not (alpha_site / "local/beta-only").exists() and (beta_site / "local/beta-only/index.html").is_file()
    assert "beta-only" not in (alpha_site / "search/search_index.json").read_text(encoding="utf-8")
    calculator = (alpha_site / "workload/individual-calculator/index.html").read_text(encoding="utf-8")
    assert "&#34;full_time_maximum&#34;:91" in calculator
    team = (alpha_site / "workload/team-calculator/index.html").read_text(encoding="utf-8")
    assert "no protected time has 91 points" in team  # the page's figures are the council's own data
    assert "The figures this calculator uses are Alphaborough" in calculator  # not "the project's own illustration"
    assert "The weights are illustrations, not agreed values" not in calculator
    assert "&#34;full_time_maximum&#34;:77" in (beta_site / "workload/individual-calculator/index.html").read_text()
    for name, page in CALCULATOR_PAGES.items():  # every calculator page says whose data it uses
        alpha_note = defaults_notes((alpha_site / page / "index.html").read_text(encoding="utf-8"))
        assert "Alphaborough" in alpha_note and "project's own" not in alpha_note.replace("&#39;", "'"), name
        beta_note = defaults_notes((beta_site / page / "index.html").read_text(encoding="utf-8")).replace("&#39;", "'")
        # Betaford's own data for these files only: the team calculator reads its workload.json too
        if calculators.get(name).DATA_FILE in betas_own:
            assert "Betaford" in beta_note and "project's own" not in beta_note, name
        else:
            assert "project's own" in beta_note and "Betaford" not in beta_note, name
    statement = (alpha_site / "reference/accessibility-statement/index.html").read_text(encoding="utf-8")
    for own in (
        "run by Anytown Borough Council",
        "Some tables are hard to read on a small screen",
        "mailto:workload-toolkit@anytown.example",
        "partially compliant",
        "prepared on 1 November 2026",
    ):
        assert own in statement.replace("&#39;", "'"), own  # the council's details, from its council.yml
    assert "Known problems." not in statement and "Dates and method." not in statement
    beta_statement = (beta_site / "reference/accessibility-statement/index.html").read_text(encoding="utf-8")
    assert "Known problems." in beta_statement and "Compliance status." in beta_statement  # Betaford set neither
    assert "accessibility: known_issues, compliance not set" in done.stdout  # and was told so
    home = (alpha_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>Alphaborough – Workload Toolkit<", home.replace("&ndash;", "–"))
    assert "Social Work Workload Toolkit" not in home.split("<footer")[0].split("</head>")[1]
    assert "workload-toolkit@anytown.example" in home  # the footer's contact details
    for kind in ("server/nginx.conf", "server/apache.conf", "site/.htaccess", "site/web.config"):
        assert (alpha_site.parent / kind).is_file()
    assert not (alpha_site / "_server").exists()  # settings are never published
    assert not list((ROOT / "content").glob("local"))  # nothing written into our own files
