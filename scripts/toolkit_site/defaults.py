"""Our default data files, their versions, their JSON Schemas, and what changed since a council copied one.

Each file in calculators/data/ carries a `version` (the date it last changed). A council's copy
records what it was based on:

    "based_on": {"version": "2026-11-23", "values": {"points.full_time_maximum": 100, ...}}

and every build lists the defaults that changed upstream since (key, value then, value now).
`python -m toolkit_site.defaults based-on FILE NAME` writes that record into a council's file;
`python -m toolkit_site.defaults schemas` regenerates councils/schemas/ (a test checks they
are up to date), so an editor checks a council's file as it is typed (`"$schema": ...`).

A council is told about our changes only when the `version` moves, so the values of every file
are locked to its version in tests/calculators/data_versions.json: a test fails when a file's
values change but its version does not, and `python -m toolkit_site.defaults lock` (make data-lock)
refuses to write the lock until the version is moved on.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

import calculators
from calculators.kit.schema import file_schema

DATA = Path(calculators.__file__).parent / "data"
SCHEMAS = Path(__file__).resolve().parents[2] / "councils" / "schemas"  # outside the wheel
LOCK = Path(__file__).resolve().parents[2] / "tests" / "calculators" / "data_versions.json"
PROSE = ("about", "version", "based_on", "$schema", "data_used")  # not values a calculator computes with


def default(name: str) -> tuple[str, dict[str, Any]]:
    file = calculators.get(name).DATA_FILE
    if file is None:
        raise ValueError(f"calculator {name!r} has no data file")
    data: dict[str, Any] = json.loads((DATA / file).read_text(encoding="utf-8"))
    return file, data


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """{"points.full_time_maximum": 100, "case_types[0].points": 3, ...}: values only, sources and notes left out."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key in PROSE or key.endswith("_source") or key == "sources":
                continue
            out.update(flatten(item, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(value, list):
        out = {}
        for i, item in enumerate(value):
            out.update(flatten(item, f"{prefix}[{i}]"))
        return out
    return {prefix: value}


def based_on(name: str) -> dict[str, Any]:
    _, data = default(name)
    return {"version": data.get("version"), "values": flatten(data)}


def fingerprint(data: dict[str, Any]) -> str:
    """A hash of a data file's values (flatten: sources and notes left out, so rewording one needs no new version)."""
    return hashlib.sha256(json.dumps(flatten(data), sort_keys=True).encode()).hexdigest()


def current_versions() -> dict[str, dict[str, str]]:
    """file name -> {"version", "values": fingerprint} for every default data file."""
    files = sorted(DATA.glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no data files in {DATA}")
    return {
        f.name: {"version": str(d.get("version")), "values": fingerprint(d)}
        for f in files
        for d in [json.loads(f.read_text(encoding="utf-8"))]
    }


def unbumped(locked: dict[str, dict[str, str]], now: dict[str, dict[str, str]]) -> list[str]:
    """A message for each file whose values changed while its version stayed (or went back)."""
    problems = []
    for name, entry in now.items():
        before = locked.get(name)
        if before is None or (before["values"] == entry["values"] and before["version"] == entry["version"]):
            continue
        if entry["version"] <= before["version"]:
            problems.append(
                f'calculators/data/{name}: its values changed but "version" is still {entry["version"]!r}. '
                f'Fix: set "version" to today\'s date (YYYY-MM-DD, later than {before["version"]}), so councils '
                f"are told what changed, then run `make data-lock`."
            )
    return problems


def write_lock() -> int:
    locked = json.loads(LOCK.read_text(encoding="utf-8")) if LOCK.exists() else {}
    now = current_versions()
    if problems := unbumped(locked, now):
        print("\n".join(problems), file=sys.stderr)
        return 1
    LOCK.write_text(json.dumps(now, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {LOCK}")
    return 0


def by_id(flat: dict[str, Any]) -> dict[str, Any]:
    """List positions named by the entry's own id where it has one: `case_types[cp].points`, not
    `case_types[5].points` (an entry added upstream then does not shift every name after it)."""
    named = {}
    for key, value in flat.items():
        original = out = ""
        for part in re.split(r"(\[\d+\])", key):
            ident = flat.get(f"{original}{part}.id") if re.fullmatch(r"\[\d+\]", part) else None
            out += f"[{ident}]" if isinstance(ident, str) else part
            original += part
        named[out] = value
    return named


def changed_values(name: str, council_data: dict[str, Any]) -> list[str]:
    """`case_types[cp].points: 5 → 6` for each default that changed since the council's copy was taken."""
    _, now = default(name)
    record = council_data.get("based_on")
    if not isinstance(record, dict) or not isinstance(record.get("values"), dict):
        return []
    if record.get("version") == now.get("version"):
        return []
    then, current = by_id(record["values"]), by_id(flatten(now))
    return [
        f"{key}: {then.get(key, '(not there)')!r} → {current.get(key, '(removed)')!r}"
        for key in sorted(set(then) | set(current))
        if then.get(key, None) != current.get(key, None)
    ]


def changes_since(name: str, council_data: dict[str, Any], file: Path) -> list[str]:
    """One notice per data file whose defaults changed upstream since the council's copy was taken."""
    _, now = default(name)
    record = council_data.get("based_on")
    if not isinstance(record, dict) or not isinstance(record.get("values"), dict):
        return [
            f"{file}: records no `based_on`, so changes to our defaults cannot be shown to you. Fix: run "
            f"`python -m toolkit_site.defaults based-on {file} {name}` once, after checking your values."
        ]
    changed = changed_values(name, council_data)
    if not changed:
        return []
    return [
        f"{file}: our defaults for {name} changed since your copy (version {record.get('version')} then, "
        f"{now.get('version')} now). Review, then re-run `python -m toolkit_site.defaults based-on {file} {name}`:"
        + "".join(f"\n    {line}" for line in changed)
    ]


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of a calculator's data file, from the schema its settings() checks with."""
    calc = calculators.get(name)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{Path(calc.DATA_FILE or name).stem}.schema.json",
        "title": f"Data for the {name} calculator ({calc.DATA_FILE})",
        **file_schema(calc.DATA_SCHEMA),
    }


def schema_files() -> dict[Path, str]:
    names: dict[str, str] = {}
    for name in calculators.CALCULATORS:
        file = calculators.get(name).DATA_FILE
        if file and (file not in names or Path(file).stem == name):
            names[file] = name  # calculators sharing a file share its schema, titled for the file's namesake
    from .council_settings import schema as council_schema

    files = {
        SCHEMAS / f"{Path(file).stem}.schema.json": json.dumps(schema(name), indent=2) + "\n"
        for file, name in names.items()
    }
    files[SCHEMAS / "council.schema.json"] = json.dumps(council_schema(), indent=2, ensure_ascii=False) + "\n"
    return files


def main(argv: list[str]) -> int:
    if argv[:1] == ["schemas"]:
        SCHEMAS.mkdir(parents=True, exist_ok=True)
        for path, text in schema_files().items():
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
        return 0
    if argv[:1] == ["lock"]:
        return write_lock()
    if argv[:1] == ["based-on"] and len(argv) == 3:
        file, name = Path(argv[1]), argv[2]
        data = json.loads(file.read_text(encoding="utf-8"))
        data["based_on"] = based_on(name)
        file.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{file}: recorded based_on version {data['based_on']['version']}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
