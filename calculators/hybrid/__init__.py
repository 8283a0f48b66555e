"""The hybrid working self-assessment calculator, assembled from its parts: rule.py (how the result
is worked out), settings.py (the conditions, scale and suggested actions in the data file), form.py
(the form, reading the answers and the "suggest actions" button) and report.py (the result as shown
and downloaded)."""

from .form import ACTIONS, CSV_TABLE, JSON_ROWS, OPTIONS, RECORD_FORMAT, act, csv_template, example, form, read
from .report import PLAN_COLUMNS, downloads, report
from .rule import NAME, TITLE, Inputs, Result, calculate
from .settings import DATA_FILE, DATA_SCHEMA, Settings, settings

__all__ = [
    "ACTIONS",
    "CSV_TABLE",
    "DATA_FILE",
    "DATA_SCHEMA",
    "JSON_ROWS",
    "NAME",
    "OPTIONS",
    "PLAN_COLUMNS",
    "RECORD_FORMAT",
    "TITLE",
    "Inputs",
    "Result",
    "Settings",
    "act",
    "calculate",
    "csv_template",
    "downloads",
    "example",
    "form",
    "read",
    "report",
    "settings",
]
