"""A council's branded copy: its own config inherits ours, adds its name, colours, weights and
local pages, and still builds from our content (so it keeps taking our updates)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, build_site

pytestmark = pytest.mark.build

LOCAL_PAGE = """---
title: Allocation meetings in Anytown
description: How our teams agree who takes each new case.
audiences: [Team managers]
tags: [Team managers]
last_reviewed: 2026-11-01
sources:
  - title: Anytown internal procedure
    url: https://example.org/procedure
---

# Allocation meetings in Anytown

Weekly meeting, chaired by the team manager.
"""


def council_copy(tmp_path: Path, extra: str) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    (tmp_path / "content" / "local").mkdir()
    (tmp_path / "content" / "local" / "allocation.md").write_text(LOCAL_PAGE, encoding="utf-8")
    for shared in ("scripts", "overrides", "calculators"):
        (tmp_path / shared).symlink_to(ROOT / shared)
    data = json.loads((ROOT / "calculators/data/workload.json").read_text())
    data["points"]["full_time_maximum"] = 80
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "weights.json").write_text(json.dumps(data))
    config = tmp_path / "council.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_name: Anytown Workload Toolkit\n"
        "theme:\n  palette:\n    - scheme: default\n      primary: teal\n" + extra,
        encoding="utf-8",
    )
    return config


def test_branded_copy_builds_with_its_name_colours_weights_and_pages(tmp_path: Path):
    config = council_copy(
        tmp_path,
        "extra:\n  calculator_data:\n    workload: data/weights.json\n"
        "  local_section: Anytown procedures\n"
        "  local_nav:\n    - Allocation meetings: local/allocation.md\n",
    )
    out = build_site(tmp_path / "site", "http://127.0.0.1:1/", config)
    assert out.returncode == 0, out.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Anytown Workload Toolkit" in home and 'data-md-color-primary="teal"' in home
    assert "Anytown procedures" in home and "local/allocation/" in home
    assert (tmp_path / "site" / "local" / "allocation" / "index.html").is_file()
    calculator = (tmp_path / "site" / "workload" / "individual-calculator" / "index.html").read_text()
    assert "&#34;full_time_maximum&#34;:80" in calculator
    # our pages, unchanged, are all still there
    assert (tmp_path / "site" / "supervision" / "index.html").is_file()


def test_branded_copy_with_a_missing_data_file_names_its_config_key_and_fix(tmp_path: Path):
    config = council_copy(tmp_path, "extra:\n  calculator_data:\n    workload: data/missing.json\n")
    out = build_site(tmp_path / "site", "http://127.0.0.1:1/", config)
    assert out.returncode != 0
    assert "council.yml → extra → calculator_data → workload: the file" in out.stderr
    assert "does not exist" in out.stderr and "Fix:" in out.stderr
    assert "Traceback" not in out.stderr


def test_branded_copy_with_a_bad_local_nav_says_what_it_expects(tmp_path: Path):
    config = council_copy(tmp_path, "extra:\n  local_nav: local/allocation.md\n")
    out = build_site(tmp_path / "site", "http://127.0.0.1:1/", config)
    assert out.returncode != 0 and "council.yml → extra → local_nav must be a list of pages" in out.stderr


@pytest.mark.parametrize(("wrong", "near"), [("calculator-data", "calculator_data"), ("local-nav", "local_nav")])
def test_branded_copy_with_a_misspelt_extra_key_fails_naming_the_right_one(tmp_path: Path, wrong: str, near: str):
    config = council_copy(tmp_path, f"extra:\n  {wrong}:\n    workload: data/weights.json\n")
    out = build_site(tmp_path / "site", "http://127.0.0.1:1/", config)
    assert out.returncode != 0
    assert f"council.yml → extra → {wrong}: not a setting this site knows" in out.stderr
    assert f"did you mean `{near}`?" in out.stderr


def test_branded_copy_with_a_missing_local_page_fails_even_when_quiet(tmp_path: Path):
    config = council_copy(tmp_path, "extra:\n  local_nav:\n    - Gone: local/gone.md\n")
    out = build_site(tmp_path / "site", "http://127.0.0.1:1/", config)  # --strict -q
    assert out.returncode != 0 and "local_nav: the page 'local/gone.md' does not exist" in out.stderr
