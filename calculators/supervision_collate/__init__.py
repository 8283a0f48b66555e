"""The supervision collation calculator, assembled from its parts: rule.py (the summary by domain and
the priorities), settings.py (the observation tool's framework, the same data file), form.py (the
observations' table, reading it and the files that fill it) and report.py (the result as shown and
downloaded)."""

from .form import ACTIONS, CSV_TABLE, JSON_ROWS, OPTIONS, RECORD_FORMAT, act, csv_template, example, form, read
from .report import downloads, report
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
