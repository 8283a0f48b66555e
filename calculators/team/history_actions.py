"""The team's buttons for its history: "Save this week" (a week's snapshot, to keep in the browser) and
the history's tasks: the trend, a comparison (two weeks, or a what-if with the real team), the report
with its trend since the weeks saved before it, and the history as one file (JSON, or a workbook with
a sheet per week) or inside the team's answers file. The browser keeps the snapshots (nothing is sent
anywhere); the arithmetic is history.py's."""

from __future__ import annotations

import base64
import dataclasses
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from ..io import answers, excel
from ..io.decoding import decode_text
from ..io.limits import MAX_BYTES, too_big
from ..kit.errors import FieldError
from ..kit.report import render
from .history import WEEK, Snapshot, Trend, compare, earlier_weeks, figures_of, plain, read_snapshot, trend
from .report import report
from .rule import NAME, Inputs, calculate, slug
from .settings import Settings

ACTIONS = {"save_week": "Save this week", "history": "Show the team over time"}
Reader = Callable[[dict[str, Any], Settings], Inputs]


def act(action: str, values: dict[str, Any], s: Settings, read: Reader) -> dict[str, Any]:
    """save_week: {"answers", "today"} -> {"snapshot"}, the week's record to keep (answers and figures).
    history: {"task": "trend", "snapshots"} -> {"trend"}; {"task": "compare", "before", "after"} (each a
    snapshot, or {"answers", "name"} to work out, as a what-if is) -> {"comparison"}; {"task": "export",
    "as": "json" | "xlsx", "snapshots"} and {"task": "answers_file", "answers", "mapping", "snapshots"} ->
    {"download"}; {"task": "import", "filename", "base64"} -> {"team_name", "snapshots", "mapping"};
    {"task": "report", "answers", "snapshots"} -> {"html"}, the result with its trend since those weeks."""
    if action == "save_week":
        return {"snapshot": snapshot_record(values.get("answers"), str(values.get("today") or ""), s, read)}
    task = values.get("task")
    if task == "trend":
        return {"trend": plain(trend([read_snapshot(x) for x in _list(values.get("snapshots"))]))}
    if task == "compare":
        before, before_name = _side(values.get("before"), s, read)
        after, after_name = _side(values.get("after"), s, read)
        return {"comparison": plain(compare(before, after, before_name, after_name))}
    if task == "report":
        return {"html": report_html(values, s, read)}
    if task == "export":
        return {"download": export(_list(values.get("snapshots")), str(values.get("as") or "json"), s)}
    if task == "answers_file":
        return {"download": answers_file(values, s)}
    if task == "import":
        return import_history(str(values.get("filename") or ""), str(values.get("base64") or ""), s, read)
    raise FieldError("history", f"There is no history task {str(task)[:40]!r}")


def report_html(values: dict[str, Any], s: Settings, read: Reader) -> str:
    """The team's report with its trend since the weeks saved before this one (the result the page shows
    once the team has saved weeks)."""
    given = values.get("answers")
    if not isinstance(given, dict):
        raise FieldError("answers", "There are no answers to report on")
    inputs = read(given, s)
    weeks = earlier_weeks([read_snapshot(x) for x in _list(values.get("snapshots"))], inputs.week_of)
    return render(report(calculate(dataclasses.replace(inputs, earlier=weeks), s), s))


def snapshot_record(answers: Any, today: str, s: Settings, read: Reader) -> dict[str, Any]:
    """A week's record: the answers as the form holds them and the figures Python worked out. The week
    is the form's "Week of", or `today` (the browser's date) when it is blank."""
    if not isinstance(answers, dict):
        raise FieldError("answers", "There are no answers to save")
    inputs = read(answers, s)
    week = inputs.week_of or today or date.today().isoformat()
    if not WEEK.fullmatch(week):
        raise FieldError("week_of", f"The week {week[:20]!r} is not a date like 2026-12-04")
    snap = figures_of(calculate(inputs, s), week, inputs.team_name)
    return {**plain(snap), "week_given": bool(inputs.week_of), "answers": answers}


def _side(value: Any, s: Settings, read: Reader) -> tuple[Snapshot, str]:
    """One side of a comparison: a kept snapshot, or answers worked out now (a what-if, the real team)."""
    if isinstance(value, dict) and "answers" in value and "team" not in value:
        record = snapshot_record(value["answers"], str(value.get("today") or ""), s, read)
        return read_snapshot(record), str(value.get("name") or "Now")
    snap = read_snapshot(value)
    return snap, f"Week of {snap.week}"


def export(records: list[Any], as_: str, s: Settings) -> dict[str, Any]:
    """The whole history as one file: JSON (HISTORY_FORMAT), or a workbook with a "Trend" sheet and a
    sheet per week holding that week's team table."""
    snaps = [read_snapshot(r) for r in records]
    team_name = next((x.team_name for x in sorted(snaps, key=lambda x: x.week, reverse=True) if x.team_name), "")
    stem = named("team-history", team_name)
    if as_ != "xlsx":
        text = answers.history_file(NAME, team_name, [r for r in records if isinstance(r, dict)])
        return {"label": "History (JSON)", "filename": f"{stem}.json", "mime": "application/json", "text": text}
    data = excel.write_sheets(history_sheets(records, snaps, team_name))
    return {
        "label": "History (Excel workbook)",
        "filename": f"{stem}.xlsx",
        "mime": excel.MIME,
        "text": "",
        "base64": base64.b64encode(data).decode(),
    }


TREND_SHEET = "Trend"


def history_sheets(
    records: list[Any], snaps: list[Snapshot], team_name: str
) -> list[tuple[str, list[str], list[dict[str, Any]]]]:
    """The workbook's sheets: the trend (a row per week, a column per worker's capacity used), then a
    sheet per week, named by its date, with the team table as the form held it."""
    shown_trend = trend(snaps)
    workers = [w.label for w in shown_trend.workers]
    columns = ["week", "team_name", "capacity_percent", "change_points", "load", "capacity", "cases", *workers]
    rows = [
        {
            "week": row.week,
            "team_name": team_name,
            "capacity_percent": row.team.capacity_percent,
            "change_points": "" if row.change is None else row.change,
            "load": round(row.team.load, 2),
            "capacity": round(row.team.capacity, 2),
            "cases": row.team.cases,
            **{
                w.label: "" if p is None else p
                for w, p in zip(shown_trend.workers, _column(shown_trend, n), strict=True)
            },
        }
        for n, row in enumerate(shown_trend.team)
    ]
    sheets = [(TREND_SHEET, columns, rows)]
    by_week = {r["week"]: r for r in records if isinstance(r, dict) and isinstance(r.get("answers"), dict)}
    for week in shown_trend.weeks:
        table = [row for row in by_week.get(week, {}).get("answers", {}).get("workers") or [] if isinstance(row, dict)]
        names = list(dict.fromkeys(k for row in table for k in row))
        sheets.append((week, names, [{k: _cell(v) for k, v in row.items()} for row in table]))
    return sheets


def _column(t: Trend, n: int) -> list[float | None]:
    return [w.percents[n] for w in t.workers]


def _cell(value: Any) -> Any:
    """A plain number as a number in the workbook (so Excel can add it up); anything else as its text."""
    text = "" if value is None else str(value)
    if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
        return int(text) if "." not in text else float(text)
    return text


def import_history(filename: str, encoded: str, s: Settings, read: Reader) -> dict[str, Any]:
    """The saved weeks in a history file (JSON or the workbook export wrote) or a team's answers file:
    {"team_name", "snapshots", "mapping", "notices"}. A workbook's weeks are worked out again from
    its tables (it holds the tables, not the figures)."""
    try:
        data = base64.b64decode(encoded, validate=True)
    except ValueError:
        raise FieldError("history", f"{filename or 'The file'} could not be read") from None
    if len(data) > MAX_BYTES:
        raise too_big(len(data))
    where = filename or "The file"
    if data[:4] == b"PK\x03\x04":
        return _from_workbook(data, where, s, read)
    text, _ = decode_text(data, filename)
    found = answers.read_history(NAME, text, where)
    snapshots = [dict(x, week_given=True) for x in found["snapshots"] if read_snapshot(x, f"week in {where}")]
    return {**found, "snapshots": snapshots, "notices": []}


def _from_workbook(data: bytes, where: str, s: Settings, read: Reader) -> dict[str, Any]:
    weeks = [name for name in excel.sheet_names(data) if WEEK.fullmatch(name)]
    if not weeks:
        raise FieldError(
            "history", f"{where} has no sheet named by a week (like 2026-12-04), so it is not a history workbook"
        )
    trend_rows = excel.read_records(data, TREND_SHEET, 1000, "weeks").records
    head = trend_rows[0] if trend_rows else []
    team_name = trend_rows[1][head.index("team_name")] if len(trend_rows) > 1 and "team_name" in head else ""
    snapshots = []
    for week in weeks:
        records = excel.read_records(data, week, 2000, "workers").records
        header = [c.strip() for c in records[0]] if records else []
        rows = [dict(zip(header, r, strict=False)) for r in records[1:] if any(c.strip() for c in r)]
        snapshots.append(snapshot_record({"team_name": team_name, "week_of": week, "workers": rows}, week, s, read))
    notice = f"The figures for {len(weeks)} weeks were worked out again from the tables in {where}."
    return {"team_name": team_name, "snapshots": snapshots, "mapping": None, "notices": [notice]}


def answers_file(values: dict[str, Any], s: Settings) -> dict[str, Any]:
    """ "Save my answers" for the team: the answers, with the remembered column mapping and the saved weeks."""
    given = values.get("answers")
    form_answers: dict[str, Any] = given if isinstance(given, dict) else {}
    history = [r for r in values.get("snapshots") or [] if isinstance(r, dict)]
    for record in history:
        read_snapshot(record)
    text = answers.inputs_file(NAME, form_answers, {"mapping": values.get("mapping"), "history": history})
    return {
        "label": "Save my answers (JSON)",
        "filename": named(
            "team-answers", str(form_answers.get("team_name") or ""), str(form_answers.get("week_of") or "")
        )
        + ".json",
        "mime": "application/json",
        "text": text,
        "kind": "inputs",
    }


def named(stem: str, team_name: str, week: str = "") -> str:
    """A download's name with the team and the week in it: "team-answers-north-team-2026-12-04"."""
    return "-".join(part for part in (stem, slug(team_name), slug(week)) if part)


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise FieldError("history", "There is no list of saved weeks")
    return value
