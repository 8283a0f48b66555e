"""A default data file's values never change without its version (councils are told only when it moves)."""

from __future__ import annotations

import copy
import json

from toolkit_site import defaults


def test_every_data_file_is_locked_to_its_version():
    locked = json.loads(defaults.LOCK.read_text(encoding="utf-8"))
    now = defaults.current_versions()
    assert defaults.unbumped(locked, now) == []
    assert locked == now, "a data file's version moved on: run `make data-lock` and commit the lock"


def test_a_changed_weight_without_a_new_version_is_refused():
    locked = defaults.current_versions()
    data = json.loads((defaults.DATA / "workload.json").read_text(encoding="utf-8"))
    changed = copy.deepcopy(data)
    changed["case_types"][0]["points"] += 1
    now = {**locked, "workload.json": {"version": data["version"], "values": defaults.fingerprint(changed)}}
    [problem] = defaults.unbumped(locked, now)
    assert problem.startswith("calculators/data/workload.json: its values changed") and "make data-lock" in problem
    now["workload.json"]["version"] = "9999-01-01"
    assert defaults.unbumped(locked, now) == []


def test_rewording_a_source_needs_no_new_version():
    data = json.loads((defaults.DATA / "workload.json").read_text(encoding="utf-8"))
    reworded = {**data, "about": "Other words", "bands_source": "Elsewhere"}
    assert defaults.fingerprint(reworded) == defaults.fingerprint(data)
