"""Golden snapshots: every calculator × model × named example, inputs and full answer as JSON.

A change to a weight, a formula, a message or the report's HTML shows up as a diff of these
files in review. Regenerate them after a deliberate change, and read the diff before committing:

    .venv/bin/python -m tests.snapshots      (or: make snapshots)

tests/calculators/test_snapshots.py compares them with what the calculators give now.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import calculators

FOLDER = Path(__file__).resolve().parent


def cases() -> Iterator[tuple[str, dict[str, str], str, dict[str, Any]]]:
    """(calculator, options, example name, raw values) for every calculator × option value × example."""
    for name in sorted(calculators.CALCULATORS):
        calc = calculators.get(name)
        choices = [[(key, value) for value in values] for key, values in calc.OPTIONS.items()]
        for combination in itertools.product(*choices):
            options = dict(combination)
            _, settings = calculators.prepare(name, options)
            yield name, options, "example", calc.example(settings)


def path(name: str, options: dict[str, str], example: str) -> Path:
    stem = "-".join([name, *options.values(), example])
    return FOLDER / f"{stem}.json"


def snapshot(name: str, options: dict[str, str], example: str, values: dict[str, Any]) -> str:
    """The snapshot file's text: what went in and everything that came out, every download's text too."""
    outcome = calculators.run(name, values, options)
    record = {"calculator": name, "options": options, "example": example, "values": values, "outcome": outcome}
    return json.dumps(record, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> int:
    written = set()
    for name, options, example, values in cases():
        target = path(name, options, example)
        target.write_text(snapshot(name, options, example, values), encoding="utf-8")
        written.add(target)
    for stale in set(FOLDER.glob("*.json")) - written:
        stale.unlink()
        print(f"removed {stale.name} (no such calculator, model or example now)")
    print(f"wrote {len(written)} snapshots to {FOLDER}")
    return 0
