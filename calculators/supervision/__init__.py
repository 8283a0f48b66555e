"""The supervision observation calculator, assembled from its parts: rule.py (the profile and the
action list), settings.py (the framework in the data file), form.py (the form and reading the
answers) and report.py (the result as shown and downloaded). The collation, supervision_collate,
uses this package's names: the same data file and Settings, read_date and EXPORT_FORMAT."""

from .form import (
    ACTIONS,
    CSV_TABLE,
    JSON_ROWS,
    OPTIONS,
    RECORD_FORMAT,
    act,
    csv_template,
    example,
    form,
    read,
    read_date,
)
from .report import EXPORT_FORMAT, downloads, report
from .rule import NAME, TITLE, Inputs, Result, calculate
from .settings import DATA_FILE, DATA_SCHEMA, Settings, settings

__all__ = [
    "ACTIONS",
    "CSV_TABLE",
    "DATA_FILE",
    "DATA_SCHEMA",
    "EXPORT_FORMAT",
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
    "read_date",
    "report",
    "settings",
]
