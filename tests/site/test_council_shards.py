"""Many councils built in parallel CI jobs: the shard script the GitLab CI and GitHub Actions files call,
run here for both halves of three councils (each council in exactly one shard, each built atomically,
identical files stored once), and the two CI files read back: a matrix of shards calling that script, a
--check job before it, and caches for .venv, node_modules and the build caches."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile

import pytest
import yaml
from conftest import ROOT

pytestmark = pytest.mark.build

CI = ROOT / "councils" / "ci"
SCRIPT = CI / "build-shard.sh"


def test_the_ci_files_run_a_matrix_of_shards_through_the_script_after_the_check():
    github = yaml.safe_load((CI / "github-actions.yml").read_text(encoding="utf-8"))
    shards = github["jobs"]["build"]["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, int(github["env"]["SHARDS"]) + 1))
    steps = github["jobs"]["build"]["steps"]
    assert any(s.get("run", "").startswith("councils/ci/build-shard.sh ${{ matrix.shard }}") for s in steps)
    cached = " ".join(s["with"]["path"] for s in steps if s.get("uses", "").startswith("actions/cache"))
    for folder in (".venv", "node_modules", "build/gzip-cache", "build/snapshot-cache"):
        assert folder in cached, folder
    assert github["jobs"]["build"]["needs"] == "check"
    assert "--check" in github["jobs"]["check"]["steps"][-1]["run"]

    gitlab = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))
    build = gitlab["build"]
    assert build["parallel"] >= 2 and build["stage"] == "build" and gitlab["stages"] == ["check", "build"]
    assert build["script"] == ['councils/ci/build-shard.sh "$CI_NODE_INDEX" "$CI_NODE_TOTAL"']
    paths = [p for cache in build["cache"] for p in cache["paths"]]
    assert {".venv/", "node_modules/", "build/gzip-cache/", "build/snapshot-cache/"} <= set(paths)
    assert "--check" in " ".join(gitlab["check"]["script"])


def test_the_shard_script_builds_each_council_once_across_the_shards(tmp_path):
    councils = tmp_path / "councils"
    for name in ("alpha", "beta", "gamma"):
        shutil.copytree(ROOT / "councils/example-anytown", councils / name)
    built: dict[str, set[str]] = {}
    for index in (1, 2):
        out = tmp_path / f"out-{index}"
        env = {**os.environ, "COUNCILS": str(councils), "OUT": str(out), "NO_MKDOCS_2_WARNING": "1"}
        done = subprocess.run([str(SCRIPT), str(index), "2"], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"shard {index} of 2:" in done.stdout
        built[str(index)] = {p.name for p in out.iterdir() if (p / "current/site/index.html").is_file()}
        with tarfile.open(f"{out}-{index}-of-2.tar") as pack:  # the `current` links travel as links
            members = pack.getmembers()
            assert any(m.issym() and m.name.endswith("/current") for m in members)
            assert any(m.islnk() for m in members)  # identical files packed once
    assert built == {"1": {"alpha", "gamma"}, "2": {"beta"}}
    site = tmp_path / "out-1"
    wasm = [site / name / "current/site/assets/pyodide/pyodide.asm.wasm" for name in ("alpha", "gamma")]
    assert wasm[0].stat().st_ino == wasm[1].stat().st_ino  # the runtime stored once for both councils
