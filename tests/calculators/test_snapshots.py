"""Every calculator × model × named example still gives exactly its committed snapshot.

A failure shows the difference; if the change is meant (a new weight, a reworded message),
regenerate with `make snapshots` (python -m tests.snapshots) and commit the reviewed diff."""

from __future__ import annotations

import difflib

import pytest

from tests.snapshots import cases, path, snapshot

CASES = list(cases())


@pytest.mark.parametrize(
    ("name", "options", "example", "values"), CASES, ids=[path(n, o, e).stem for n, o, e, _ in CASES]
)
def test_result_matches_its_snapshot(name, options, example, values):
    stored = path(name, options, example)
    assert stored.exists(), f"no snapshot {stored.name}: run `make snapshots` and commit it"
    expected = stored.read_text(encoding="utf-8")
    actual = snapshot(name, options, example, values)
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                f"{stored.name} (committed)",
                f"{stored.name} (now)",
                n=2,
            )
        )
        pytest.fail(
            f"{stored.name} changed; if that is meant, run `make snapshots` and commit the diff:\n{diff}", pytrace=False
        )


def test_no_snapshot_is_left_without_its_case():
    expected = {path(n, o, e) for n, o, e, _ in CASES}
    stale = sorted(p.name for p in path("x", {}, "x").parent.glob("*.json") if p not in expected)
    assert not stale, f"snapshots with no calculator, model or example: {stale}; run `make snapshots`"
