"""The comparison with the DfE's published workforce figures, assembled from its parts: indicators.py
(reading the department's file), rule.py (the council beside its region and England), settings.py
(the data file it shares with the workforce calculator), form.py (the form and reading the answers)
and report.py (the result as shown and downloaded)."""

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
