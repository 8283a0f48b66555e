"""The command line every calculator shares, for analysts running a whole service's data.

    python -m calculators.workload INPUT [INPUT ...] [--option model=time] [--data FILE] [--format csv]
    python -m calculators.team EXPORT.xlsx --mapping MAPPING.json

INPUT is a JSON file (one set of values, a list of them, or a file of answers saved from the web
page) or a CSV file (one set of values per row; for a calculator with a table, such as a team, the
CSV is that table), or an Excel workbook (.xlsx or .xlsm, with --sheet NAME when it has several
sheets). Files are read exactly as the web page's import reads them (calculators.io.files), so the
limits, the headings understood (calculators.io.mapping: the form's, the data file's
import_headings, the standard abbreviations) and the messages are the same; --mapping FILE gives a
JSON list of {"heading": ..., "field": ...} (the data file's format, "" for a column to leave out)
or the page's {heading: field}, and confirms that columns it does not fill take the form's default.
Columns left out are named on standard error; at most 50 problems are listed, then a count of the rest. A
missing optional value is noted on standard error. With --format csv, a single input is written
as the calculator's own CSV export where it has one (the same file as the web page's download);
several inputs are written one row each. Use - for standard input and --example to print the
worked example's input.
Exit status: 0 all calculated, 1 some input had problems (listed on standard error), 2 usage
or set-up problems.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..engine import as_plain, run
from ..io.csv_files import write_csv
from ..io.files import NOT_GIVEN, complete, label_column, load, named_rows
from ..io.limits import MAX_BYTES, capped
from ..io.mapping import Other, reading_for
from ..io.records import Loaded, defaults_notice
from ..kit.errors import ConfigError, FieldError, InputErrors
from ..registry import prepare


def main(name: str, argv: list[str] | None = None) -> int:
    """The command line of calculator `name` (`python -m calculators.NAME --help`); returns the exit code."""
    calc, _ = prepare(name)
    parser = _parser(name, calc.TITLE)
    args = parser.parse_args(argv)
    try:
        options = dict(_option(o) for o in args.option)
        data = json.loads(args.data.read_text(encoding="utf-8")) if args.data else None
        calc, settings = prepare(name, options, data)
        if args.example:
            print(json.dumps(calc.example(settings), indent=2))
            return 0
        if not args.input:
            parser.error("give an INPUT file, - for standard input, or --example")
        files = [("standard input" if p == "-" else Path(p).name, _read_bytes(p)) for p in args.input]
        chosen = json.loads(args.mapping.read_text(encoding="utf-8")) if args.mapping else None
        reading = reading_for(calc.DATA_FILE, data, chosen, False, lambda: _others(name))
    except (ConfigError, ValueError, OSError) as problem:
        where = f"--mapping {args.mapping}: " if args.mapping and not isinstance(problem, OSError) else ""
        print(f"error: {where}{problem}", file=sys.stderr)
        return 2
    try:
        # The same reading path as the browser's import, so both give the same messages.
        loaded = load(calc, settings, files, args.sheet, reading)
        batch, notices = complete(calc, settings, loaded)
    except FieldError as problem:
        print(f"{problem.field}: {problem.message}", file=sys.stderr)
        return 1
    except InputErrors as problems:
        for e in capped([e.as_dict() for e in problems.errors]):
            print(f"{e['field']}: {e['message']}", file=sys.stderr)
        return 1
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
    return _calculate_and_write(name, batch, options, data, args.format, (loaded, label_column(calc, settings)))


def _parser(name: str, title: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"python -m calculators.{name}", description=title)
    parser.add_argument(
        "input",
        nargs="*",
        help="JSON or CSV files of input values; - for standard input "
        "(several files are joined, for example one file per observation)",
    )
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a calculator option, as on the web page (e.g. model=time)",
    )
    parser.add_argument("--data", type=Path, help="a JSON data file replacing the default weights and thresholds")
    parser.add_argument("--format", choices=("json", "csv"), default="json", help="output format (default json)")
    parser.add_argument("--example", action="store_true", help="print the worked example's input as JSON and stop")
    parser.add_argument("--sheet", default="", help="the worksheet to read from an Excel workbook with several")
    parser.add_argument(
        "--mapping",
        type=Path,
        help='a JSON file of the columns a table file fills: [{"heading": "CIN", "field": "cases_cin"}, ...]',
    )
    return parser


def _others(name: str) -> list[Other]:
    from ..engine import other_tables  # only for a file that is not this calculator's

    return other_tables(name)


def _calculate_and_write(
    name: str,
    batch: list[dict[str, Any]],
    options: dict[str, str],
    data: dict[str, Any] | None,
    fmt: str,
    rows: tuple[Loaded, str],
) -> int:
    """Every set of answers calculated; problems and notes on standard error, results on standard output.
    A table file's rows are named in problems by their label and their row in the file (`rows`)."""
    outcomes = [run(name, values, options, data) for values in batch]
    loaded, label = rows
    if len(batch) == 1 and loaded.sources and outcomes[0].get("errors"):
        outcomes[0]["errors"] = named_rows(outcomes[0]["errors"], batch[0], loaded, label)
    failed = False
    own_csv = [
        d["text"] for d in outcomes[0].get("downloads", []) if d["mime"] == "text/csv" and d.get("kind") != "inputs"
    ]
    for n, outcome in enumerate(outcomes, start=1):
        outcome.pop("html", None)
        outcome.pop("downloads", None)
        where = f"input {n}: " if len(batch) > 1 else ""
        if outcome.get("defaults_used"):
            print(f"note: {where}{defaults_notice(outcome['defaults_used'], NOT_GIVEN)}", file=sys.stderr)
        for e in capped(outcome.get("errors", [])):  # the first MAX_MESSAGES, and how many more
            failed = True
            print(f"{where}{e['field']}: {e['message']}", file=sys.stderr)
    if fmt == "csv" and len(batch) == 1 and own_csv:
        sys.stdout.write(own_csv[0])  # the calculator's own export, e.g. one row per worker
    elif fmt == "csv":
        sys.stdout.write(write_csv([_flatten(n, o) for n, o in enumerate(outcomes, start=1)]))
    else:
        print(json.dumps(outcomes[0] if len(batch) == 1 else outcomes, indent=2))
    return 1 if failed else 0


def _option(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep:
        raise ValueError(f"--option {text!r} must look like KEY=VALUE")
    return key.strip(), value.strip()


def _read_bytes(path: str) -> bytes:
    """The file's bytes, read no further than the size limit (so a huge file is refused at once)."""
    if path == "-":
        return sys.stdin.buffer.read(MAX_BYTES + 1)
    with open(path, "rb") as handle:
        return handle.read(MAX_BYTES + 1)


def _flatten(n: int, outcome: dict[str, Any]) -> dict[str, Any]:
    """One CSV row per input: its scalar results, or its problems."""
    row: dict[str, Any] = {"input": n, "ok": outcome["ok"]}
    for key, value in as_plain(outcome.get("result", {})).items():
        if not isinstance(value, (list, dict)):
            row[key] = value
    row["problems"] = "; ".join(f"{e['field']}: {e['message']}" for e in outcome.get("errors", []))
    return row
