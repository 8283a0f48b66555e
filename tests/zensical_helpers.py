"""The site built by Zensical instead of MkDocs, then finished by the one build step (toolkit_site.build),
for tests/site/test_zensical_build.py and tests/browser/test_zensical_browser.py.

Zensical builds only inside the folder of its config file and keeps a `.cache/` there, so the site's
config, pages and theme overrides are copied into a folder of the test's own: tests running at the same
time never share a cache or an output folder, and nothing is written into the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("mkdocs.yml", "content", "overrides")  # what `zensical build` reads (it runs no hooks)


@dataclass
class ZensicalBuild:
    site: Path  # the finished site
    render_seconds: float  # `zensical build` alone
    finish_seconds: float  # `python -m toolkit_site.build`


def build_with_zensical(folder: Path, site_url: str) -> ZensicalBuild:
    """Copy the project's site sources into `folder`, build them with Zensical, then run the one
    build step on the result, as the README says; fails with each tool's own output."""
    for name in COPIED:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    env = {**os.environ, "SITE_URL": site_url}
    started = time.perf_counter()
    rendered = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rendered.returncode == 0, f"zensical build failed:\n{rendered.stdout}\n{rendered.stderr}"
    render_seconds = time.perf_counter() - started
    site = folder / "build" / "site"  # mkdocs.yml's site_dir
    started = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, "-m", "toolkit_site.build", str(site)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert finished.returncode == 0, f"python -m toolkit_site.build failed:\n{finished.stdout}\n{finished.stderr}"
    return ZensicalBuild(site, render_seconds, time.perf_counter() - started)
