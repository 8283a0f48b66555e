"""Running a calculator: raw form values in, a plain result (report, downloads, errors) out.

`run()` and `act()` are what the browser, the command line and the tests call."""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any

from .io.answers import inputs_downloads, inputs_workbook
from .io.decoding import decode_payload
from .io.files import import_files
from .io.limits import ChooseSheet, NeedsPackages
from .io.mapping import ChooseColumns, Other, reading_for
from .kit.contract import Calculator
from .kit.errors import ConfigError, FieldError, InputErrors
from .kit.fields import Field, Table, check_names
from .kit.report import Download, render
from .registry import CALCULATORS, prepare


def run(
    name: str,
    values: dict[str, Any],
    options: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    download_contents: bool = True,
) -> dict[str, Any]:
    """Calculate from raw values. Never raises for bad input: returns the problems instead.

    Returns {"ok": True, "result": {...}, "html": "...", "downloads": [...]} or {"ok": False,
    "errors": [...], "downloads": [...]}. Names that are not the calculator's fields, and missing
    required fields, are errors; optional fields that are missing take their default and are listed
    in "defaults_used" (see kit.fields.check_names).

    Each download has label, filename, mime, kind and bom, and its "text" unless download_contents
    is False: then the page asks for one file's text only when the user saves it (act "download"),
    so a big team's CSVs are not made on every keystroke.
    """
    outcome, offered = _outcome(name, values, options, data)
    if outcome["ok"] or offered:
        outcome["downloads"] = [_offered(d, download_contents) for d in offered]
    return outcome


def _outcome(
    name: str, values: Any, options: dict[str, Any] | None, data: dict[str, Any] | None
) -> tuple[dict[str, Any], list[Download]]:
    """run()'s answer without its downloads, and the downloads (their text not made yet)."""
    calc, settings = prepare(name, options, data)
    if not isinstance(values, dict):
        return {
            "ok": False,
            "errors": [
                FieldError(
                    "values", 'The input must be a set of named answers (in JSON, an object like {"field": "value"})'
                ).as_dict()
            ],
        }, []
    items = form_of(calc, settings)
    names, defaults = check_names(items, values)
    try:
        inputs = calc.read(values, settings)
        problems: list[FieldError] = []
    except InputErrors as read_problems:
        problems = read_problems.errors
    if names or problems:
        # The calculator's own message comes first where it has one ("Select an answer about ..."); a
        # name check adds what reading cannot see (an unknown key, a missing field that has a default).
        seen = {(e.field, e.row) for e in problems}
        problems += [e for e in names if (e.field, e.row) not in seen]
        # Half-finished answers can still be saved to a file, so no work is stuck in one browser.
        return {"ok": False, "errors": [e.as_dict() for e in problems]}, inputs_downloads(calc, items, values)
    result = calc.calculate(inputs, settings)
    outcome = {"ok": True, "result": as_plain(result), "html": render(calc.report(result, settings))}
    if defaults:
        outcome["defaults_used"] = defaults
    own = list(calc.downloads(inputs, result, settings))
    if not any(d.kind == "inputs" for d in own):  # every calculator's answers can be saved and loaded again
        own += inputs_downloads(calc, items, values)
    return outcome, own


def _offered(download: Download, contents: bool = True) -> dict[str, Any]:
    """A download as the page gets it. "bom": the page writes a UTF-8 byte-order mark before a CSV's
    text, so Excel shows "£", not "Â£" (kept out of the text, which the command line prints)."""
    offered = {
        "label": download.label,
        "filename": download.filename,
        "mime": download.mime,
        "kind": download.kind,
        "bom": download.mime == "text/csv",
    }
    if contents:
        offered["text"] = download.text
    return offered


def _download(
    name: str, values: Any, options: dict[str, Any] | None, data: dict[str, Any] | None, filename: Any
) -> dict[str, Any]:
    """The "download" action: one of run()'s downloads, with its text, made from the current answers."""
    _, offered = _outcome(name, values, options, data)
    for download in offered:
        if download.filename == filename:
            return {"ok": True, "download": _offered(download)}
    available = ", ".join(d.filename for d in offered) or "none"
    return {
        "ok": False,
        "errors": [
            FieldError(
                "download",
                f"There is no file called {str(filename)[:80]!r} for "
                f"these answers (files: {available}). Calculate "
                "again, then save the file",
            ).as_dict()
        ],
    }


def form_of(calc: Calculator, settings: Any) -> tuple[Field | Table, ...]:
    """calc.form(settings), built once per settings (it is checked against on every keystroke)."""
    key = id(settings)
    if key not in _forms:
        if len(_forms) >= 64:
            _forms.clear()
        _forms[key] = (settings, tuple(calc.form(settings)))  # holding settings keeps its id unique
    return _forms[key][1]


_forms: dict[int, tuple[Any, tuple[Field | Table, ...]]] = {}


def act(
    name: str,
    action: str,
    values: dict[str, Any],
    options: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    payload: Any = "",
    filename: Any = "",
    sheet: str = "",
    mapping: Any = None,
) -> dict[str, Any]:
    """A form action: returns {"ok": True, "values": new raw values} (or "download"), or the problems.

    Built in: "download" (payload is a filename from run()'s "downloads": that file, with its text,
    made from these values), "import_file" (payload is the file's bytes as base64, or a list of them with a list of
    filenames; see io.files), "import_csv" (payload is CSV or JSON text; kept for older pages) and,
    for calculators with a CSV_TABLE, "csv_template" and "export_xlsx" (the table's inputs as an Excel
    workbook). Excel needs openpyxl: without it the answer is {"ok": False, "needs": [packages]}, for the
    browser to install them and ask again; a workbook with several sheets and no `sheet` chosen gives
    {"ok": False, "choose_sheet": [names]}; for `mapping`, see _import_file. Anything else must be one of the
    calculator's own ACTIONS.
    """
    calc, settings = prepare(name, options, data)
    values = values if isinstance(values, dict) else {}
    try:
        if action == "download":
            return _download(name, values, options, data, payload)
        if action == "import_file":
            return _import_file((calc, settings), values, data, (payload, filename, sheet), mapping)
        if action == "export_xlsx":
            return {"ok": True, "download": inputs_workbook(calc, form_of(calc, settings), values)}
        if action == "import_csv":
            text = payload if isinstance(payload, str) else ""
            return import_files(calc, settings, [(str(filename or "import.csv"), text.encode("utf-8"))], values)
        if action == "csv_template":
            csv_table(calc, settings)  # refuses a calculator without a table
            text = calc.csv_template(settings)
            return {
                "ok": True,
                "download": {
                    "label": "CSV template",
                    "filename": f"{name}-template.csv",
                    "mime": "text/csv",
                    "text": text,
                    "kind": "inputs",
                    "bom": True,
                },
            }
        if action not in calc.ACTIONS:
            raise ConfigError("action", f"{name} has no action {action!r}")
        return {"ok": True, "values": calc.act(action, values, settings)}
    except NeedsPackages as needed:
        return {"ok": False, "errors": [], "needs": needed.packages}
    except ChooseSheet as choose:
        return {"ok": False, "errors": [choose.as_dict()], "choose_sheet": choose.sheets}
    except FieldError as problem:
        return {"ok": False, "errors": [problem.as_dict()]}
    except InputErrors as problems:
        return {"ok": False, "errors": [e.as_dict() for e in problems.errors]}


def _import_file(
    prepared: tuple[Calculator, Any], values: dict[str, Any], data: dict[str, Any] | None, file: Any, mapping: Any
) -> dict[str, Any]:
    """The "import_file" action. `mapping` is the page's mapping step ({} at first, then {heading: field
    or ""}): a file whose headings are not the form's gets {"ok": False, "choose_columns": {...}}, each
    column's field proposed (io.mapping); None (older pages, tests) reads the headings with no step."""
    calc, settings = prepared
    payload, filename, sheet = file
    reading = reading_for(calc.DATA_FILE, data, mapping, mapping is not None, lambda: other_tables(calc.NAME))
    try:
        return import_files(calc, settings, decode_payload(payload, filename), values, str(sheet or ""), reading)
    except ChooseColumns as choose:
        return {"ok": False, "errors": [], "choose_columns": choose.proposal}


def other_tables(name: str) -> list[Other]:
    """Every other calculator that takes files, with its table's columns (to name the one a file is for)."""
    others = []
    for other in CALCULATORS:
        calc, settings = prepare(other)
        if other != name and calc.CSV_TABLE:
            others.append(Other(other, calc.TITLE, csv_table(calc, settings).columns))
    return others


def csv_table(calc: Calculator, settings: Any) -> Table:
    """The table field a calculator's CSV files fill."""
    for item in form_of(calc, settings):
        if isinstance(item, Table) and item.name == calc.CSV_TABLE:
            return item
    raise ConfigError("CSV_TABLE", f"{calc.NAME} does not take CSV files")


def as_plain(value: Any) -> Any:
    """A result as JSON-ready dicts and lists, rounded so native and browser runs compare exactly."""
    kind = type(value)
    if kind is float:
        return round(value, 6)
    if kind in _PLAIN or value is None:
        return value
    fields = _fields.get(kind)
    if fields is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = _fields[kind] = _fields_of(kind)
    if fields is not None:  # plain fields inline, nested ones recursively
        names, values_of, remembered = fields
        if remembered:
            known = _plain_forms.get(id(value))
            if known is not None and known[0] is value:
                return known[1]
        plain = {
            name: round(v, 6) if type(v) is float else v if type(v) in _PLAIN else as_plain(v)
            for name, v in zip(names, values_of(value), strict=True)
        }
        if remembered:
            if len(_plain_forms) >= PLAIN_FORMS_REMEMBERED:
                _plain_forms.clear()
            _plain_forms[id(value)] = (value, plain)  # the value kept alive: its id names no other
        return plain
    if isinstance(value, (list, tuple)):
        return [as_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): as_plain(v) for k, v in value.items()}
    if isinstance(value, float):
        return round(value, 6)
    return value


# as_plain runs over every worker of a big team on each keystroke: look each class's fields up once,
# with a getter that reads them all in one step. A class whose instances never change and come back
# again and again (a team's remembered worker results) says so with PLAIN_REMEMBERED = True, and the
# plain form of each instance is made once.
_PLAIN = (str, int, bool)
_fields: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]], bool]] = {}
_plain_forms: dict[int, tuple[Any, Any]] = {}  # id(value) -> (value, its plain form)
PLAIN_FORMS_REMEMBERED = 10_000


def _fields_of(kind: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]], bool]:
    """A dataclass's field names, a function giving an instance's values of them in that order, and
    whether its instances' plain forms are remembered."""
    names = tuple(f.name for f in dataclasses.fields(kind))
    remembered = getattr(kind, "PLAIN_REMEMBERED", False) is True
    if len(names) > 1:
        values_of: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(*names)
    else:  # attrgetter of one name gives the value, not a tuple
        values_of = lambda value: tuple(getattr(value, name) for name in names)  # noqa: E731
    return names, values_of, remembered
