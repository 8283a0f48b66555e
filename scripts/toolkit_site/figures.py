"""Figures quoted from the calculators' data files, so a page never repeats a weight by hand:

    Capacity is {{ workload: points.full_time_maximum }} × hours ÷ {{ workload: full_time_hours }}.

`{{ NAME: PATH }}` is the figure calculator NAME uses on this site: a council's own data when it
supplies one, so "how it is worked out" always matches the arithmetic. `{{ NAME defaults: PATH }}`
is always the project's default, for the tables that say where each default comes from.

A PATH walks the data file: keys by name, list items by their "id" or by their "label" in lower
case with underscores ("bands.over_capacity.from_percent"); `*` takes every item of a list, and a
final `min` or `max` the smallest or largest ("case_types.*.points.min": the lowest weight). A path
that finds nothing, or finds a list or an object, fails the build naming the figure and the fix.
Numbers are written as the pages write them: 2,176; 4.333; 10.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown.inlinepatterns import InlineProcessor

import calculators
from calculators.kit.data import load_data

FIGURE = r"\{\{\s*(?P<name>[a-z_]+)(?P<defaults>\s+defaults)?\s*:\s*(?P<path>[^}\s]+)\s*\}\}"


class FigureError(ValueError):
    """A figure names a calculator or a path its data file does not have."""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def look_up(data: Any, path: str) -> Any:
    """The value at a dotted path ("case_types.cin.points"), or FigureError naming where it stopped."""
    if ".*." in path:
        items, _, rest = path.partition(".*.")
        rest, _, pick = rest.rpartition(".")
        if pick not in ("min", "max") or not rest:
            raise FigureError(f"{path}: after `*` name a value and then min or max, e.g. case_types.*.points.min")
        found = [look_up(item, rest) for item in look_up_list(data, items)]
        return min(found) if pick == "min" else max(found)
    value = data
    for i, step in enumerate(path.split(".")):
        if isinstance(value, dict) and step in value:
            value = value[step]
        elif isinstance(value, list):
            found = [v for v in value if isinstance(v, dict) and step in (v.get("id"), slug(str(v.get("label", ""))))]
            if not found:
                known = ", ".join(
                    str(v.get("id") or slug(str(v.get("label", "")))) for v in value if isinstance(v, dict)
                )
                raise FigureError(
                    f"{'.'.join(path.split('.')[:i]) or 'the file'} has no item {step!r} (it has: {known})"
                )
            value = found[0]
        else:
            keys = ", ".join(value) if isinstance(value, dict) else "none: it is a single value"
            raise FigureError(f"{'.'.join(path.split('.')[:i]) or 'the file'} has no key {step!r} (its keys: {keys})")
    if isinstance(value, (dict, list)) or value is None:
        raise FigureError(f"{path} is a list or a group of values, not one figure: name one value inside it")
    return value


def look_up_list(data: Any, path: str) -> list[Any]:
    value = data
    for step in path.split("."):
        value = value.get(step) if isinstance(value, dict) else None
    if not isinstance(value, list) or not value:
        raise FigureError(f"{path} is not a list of items, so `*` cannot take them")
    return value


def written(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.10f}".rstrip("0").rstrip(".")
    return str(value)


class FigureProcessor(InlineProcessor):
    """Replaces each `{{ NAME: PATH }}` with the figure, as plain text."""

    def __init__(self, council_data: dict[str, dict[str, Any]], data_for: Any, error: type[Exception]) -> None:
        super().__init__(FIGURE)
        self.council_data = council_data
        self.data_for = data_for  # directive.council_data_for: a council's data shared between calculators
        self.error = error  # the host's build error (MkDocs': the build stops with the message, no traceback)

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | str, int, int]:
        try:
            return self.figure(m), m.start(0), m.end(0)
        except FigureError as problem:
            raise self.error(str(problem)) from None

    def figure(self, m: re.Match[str]) -> str:
        name, path = m.group("name"), m.group("path")
        if name not in calculators.CALCULATORS:
            raise FigureError(
                f"figure `{m.group(0)}`: unknown calculator {name!r}. "
                f"Fix: use one of {', '.join(sorted(calculators.CALCULATORS))}."
            )
        source = None if m.group("defaults") else self.data_for(name, self.council_data)
        file = calculators.get(name).DATA_FILE
        if source is None:
            if file is None:
                raise FigureError(f"figure `{m.group(0)}`: calculator {name!r} has no data file to quote.")
            source = load_data(file)
        try:
            return written(look_up(source, path))
        except FigureError as problem:
            raise FigureError(
                f"figure `{m.group(0)}`: {problem}. Fix: give a path inside calculators/data/{file}."
            ) from None
