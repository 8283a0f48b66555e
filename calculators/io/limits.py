"""The limits every file is read within, and the problems a file can have.

Every limit is checked before rows are built, so a file too large or too deep is refused with a
message, never a traceback or a page that stops answering. However many problems a file has, at
most MAX_MESSAGES are shown, then a count of the rest (capped).
"""

from __future__ import annotations

from typing import Any

from ..kit.errors import FieldError

MAX_BYTES = 5 * 1024 * 1024
MAX_CELL = 10_000  # characters; the longest text field takes 5,000
MAX_DEPTH = 50  # JSON nesting; a saved answers file is 4 deep
MAX_ANSWER_SETS = 10_000  # rows of a command-line batch (one set of answers a row)

MAX_MESSAGES = 50  # problems shown at once; the rest are counted ("and 16,323 more problems")


class FileProblem(FieldError):
    """A problem with a whole file (its size, encoding or shape) rather than one value in it."""


class ChooseSheet(FileProblem):
    """An Excel workbook has several worksheets and none was chosen: the page asks which."""

    def __init__(self, sheets: list[str]):
        super().__init__("file", "The workbook has several sheets: choose one (" + ", ".join(sheets) + ")")
        self.sheets = sheets


class NeedsPackages(Exception):
    """Reading or writing Excel needs openpyxl, which the browser installs only when it is first needed."""

    def __init__(self, packages: list[str]):
        super().__init__(", ".join(packages))
        self.packages = packages


def too_big(size: int) -> FileProblem:
    """The problem for a file over MAX_BYTES."""
    return FileProblem(
        "file",
        f"The file is larger than the limit of {_mb(MAX_BYTES)} for a file. "
        "Split it into smaller files, or remove columns this calculator does not use",
    )


def capped(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """At most MAX_MESSAGES problems (as dicts), then one saying how many more there are: a page
    listing thousands of messages is unusable, and writing them blocks it."""
    if len(errors) <= MAX_MESSAGES:
        return errors
    more = len(errors) - MAX_MESSAGES
    last = errors[MAX_MESSAGES - 1]
    message = f"… and {more:,} more problem{'s' if more > 1 else ''} like these: fix the ones above, then try again"
    return [*errors[:MAX_MESSAGES], {"field": last["field"], "message": message, "row": None, "table": last["table"]}]


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".0 MB", " MB")
