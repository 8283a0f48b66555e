"""The team workload calculator (every worker's load and band, the team's totals and who has room
for the next case), assembled from its parts: rule.py (the formulas and the arithmetic, sharing the
individual calculator's), settings.py (its part of the shared data file workload.json), form.py
(the team table and reading its rows) and report.py (the result as shown and downloaded)."""

from .form import ACTIONS, CSV_TABLE, JSON_ROWS, RECORD_FORMAT, act, csv_template, example, form, read, workers_table
from .report import CHART_LIMIT, RESULT_COLUMNS, downloads, report
from .rule import (
    ABSENT,
    AVAILABLE,
    NAME,
    ON_LEAVE,
    STATUS_LABELS,
    TITLE,
    UNEVEN,
    Cover,
    Earlier,
    Inputs,
    Result,
    Worker,
    calculate,
    probation_available_points,
)
from .settings import DATA_FILE, DATA_SCHEMA, MODELS, OPTIONS, Settings, settings

__all__ = [
    "ABSENT",
    "ACTIONS",
    "AVAILABLE",
    "CHART_LIMIT",
    "CSV_TABLE",
    "DATA_FILE",
    "DATA_SCHEMA",
    "JSON_ROWS",
    "MODELS",
    "NAME",
    "ON_LEAVE",
    "OPTIONS",
    "RECORD_FORMAT",
    "RESULT_COLUMNS",
    "STATUS_LABELS",
    "TITLE",
    "UNEVEN",
    "Cover",
    "Earlier",
    "Inputs",
    "Result",
    "Settings",
    "Worker",
    "act",
    "calculate",
    "csv_template",
    "downloads",
    "example",
    "form",
    "probation_available_points",
    "read",
    "report",
    "settings",
    "workers_table",
]
