"""What the rating-framework calculators share (supervision observation, its collation, and
the hybrid working self-assessment).

A framework is pure data, so a council can load its own without code:

- a list of items (supervision domains, hybrid working conditions), each with an ``id``, a
  ``name``, optional ``description`` and guiding ``questions``;
- a ``scale``: a list of levels, lowest first, each with a numeric ``value`` and a ``label``
  (and optional ``description`` and ``level``, a colour band the site knows).

This module checks that data (raising ConfigError naming the key), builds the rating fields,
reads ratings, and summarises them. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean
from typing import Any

from ._core import Choice, ConfigError, Field, Reader, fmt_number, identifier, plain_number, require
from ._report import LEVELS, Bar, BarChart, TableView
from ._schema import ListOf, Number, Record, Schema, Text, TextList

NOT_OBSERVED = "not_observed"


@dataclass(frozen=True)
class Level:
    value: float
    label: str
    description: str = ""
    level: str = "neutral"  # colour band for charts; the label always says the same in words

    @property
    def key(self) -> str:
        """The value as a form sends it: "2", or "2.5"."""
        return plain_number(self.value)


@dataclass(frozen=True)
class Scale:
    levels: tuple[Level, ...]  # lowest value first

    @property
    def lowest(self) -> Level:
        return self.levels[0]

    @property
    def highest(self) -> Level:
        return self.levels[-1]

    def find(self, text: Any) -> Level | None:
        """The level whose value or label is `text` (labels in any case), or None."""
        raw = str(text).strip()
        for level in self.levels:
            if raw == level.key or raw.lower() == level.label.lower():
                return level
        try:
            number = float(raw)
        except ValueError:
            return None
        return next((lv for lv in self.levels if lv.value == number), None)

    def describe(self) -> str:
        """'1 (Not yet seen) to 3 (Well established)'."""
        return f"{self.lowest.key} ({self.lowest.label}) to {self.highest.key} ({self.highest.label})"


@dataclass(frozen=True)
class Item:
    """One domain or condition of a framework."""

    id: str
    name: str
    description: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Rating:
    """One item's rating in one assessment. `status` is rated, not_observed or not_rated."""

    id: str
    name: str
    status: str
    value: float | None
    label: str
    notes: str = ""

    @property
    def text(self) -> str:
        """As a report shows it: "2 – Good", or the label alone when not rated ("Not observed")."""
        return f"{plain_number(self.value)} – {self.label}" if self.value is not None else self.label


@dataclass(frozen=True)
class Summary:
    rated: int
    total: int
    not_observed: int
    mean: float | None
    strongest: tuple[str, ...]  # names of the highest-rated items (empty if nothing rated)
    weakest: tuple[str, ...]  # names of the lowest-rated items (empty if nothing rated)


# ---- checking framework data ----


def text(raw: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    """A non-empty text value (or "" for a missing optional one)."""
    if not required and key not in raw:
        return ""
    value: str = require(raw, key, str, where).strip()
    if required and not value:
        raise ConfigError(f"{where}.{key}" if where else key, "must not be empty")
    return value


def text_list(raw: dict[str, Any], key: str, where: str, required: bool = False) -> tuple[str, ...]:
    """A list of non-empty texts (empty if missing and optional)."""
    path = f"{where}.{key}" if where else key
    if key not in raw and not required:
        return ()
    values = require(raw, key, list, where)
    for i, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}[{i}]", "must be text that is not empty")
    if required and not values:
        raise ConfigError(path, "must list at least one")
    return tuple(v.strip() for v in values)


def whole(raw: dict[str, Any], key: str, default: int, low: int, high: int) -> int:
    """An optional whole number setting."""
    if key not in raw:
        return default
    value: int = require(raw, key, int, "")
    if not low <= value <= high:
        raise ConfigError(key, f"must be a whole number from {low} to {high}, not {value}")
    return value


# The parts of a rating framework's data file every rating tool shares, as schema pieces (the
# calculators add their own keys; _schema writes them out as JSON Schema for councils' editors).
SCALE = ListOf(
    Record(
        {"value": Number(), "label": Text(), "level": Text(choices=LEVELS), "description": Text()},
        optional=("level", "description"),
    ),
    min_items=2,
    description="the rating scale, lowest level first",
)
ITEM_KEYS: dict[str, Schema] = {
    "id": Text(id=True, reserved=(NOT_OBSERVED,)),
    "name": Text(),
    "description": Text(),
    "questions": TextList(),
}
ITEM_OPTIONAL = ("description", "questions")


def parse_scale(data: dict[str, Any], key: str = "scale") -> Scale:
    levels = []
    raw_levels = require(data, key, list)
    for i, raw in enumerate(raw_levels):
        where = f"{key}[{i}]"
        if not isinstance(raw, dict):
            raise ConfigError(where, "must be a table with value and label")
        value = require(raw, "value", (int, float), where)
        if value != value or value in (float("inf"), float("-inf")):
            raise ConfigError(f"{where}.value", "must be a number")
        colour = raw.get("level", "neutral")
        if colour not in LEVELS:
            raise ConfigError(f"{where}.level", f"must be one of {', '.join(LEVELS)}, not {colour!r}")
        levels.append(Level(float(value), text(raw, "label", where), text(raw, "description", where, False), colour))
    if len(levels) < 2:
        raise ConfigError(key, "must list at least two levels, lowest first")
    for i in range(1, len(levels)):
        if levels[i].value <= levels[i - 1].value:
            raise ConfigError(f"{key}[{i}].value", "must be higher than the level before it (list levels lowest first)")
    labels = [lv.label.lower() for lv in levels]
    if len(set(labels)) != len(labels):
        raise ConfigError(key, "each level needs a different label")
    return Scale(tuple(levels))


def parse_items(data: dict[str, Any], key: str, low: int = 1, high: int = 30) -> tuple[Item, ...]:
    raw_items = require(data, key, list)
    if not low <= len(raw_items) <= high:
        raise ConfigError(key, f"must list from {low} to {high} entries, not {len(raw_items)}")
    items = []
    for i, raw in enumerate(raw_items):
        where = f"{key}[{i}]"
        if not isinstance(raw, dict):
            raise ConfigError(where, "must be a table with id, name and questions")
        items.append(
            Item(
                id=identifier(require(raw, "id", str, where).strip(), f"{where}.id", reserved=(NOT_OBSERVED,)),
                name=text(raw, "name", where),
                description=text(raw, "description", where, False),
                questions=text_list(raw, "questions", where),
            )
        )
    ids = [item.id for item in items]
    duplicate = next((x for x in ids if ids.count(x) > 1), None)
    if duplicate:
        raise ConfigError(key, f"each id must be different; {duplicate!r} is used twice")
    names = [item.name.lower() for item in items]
    if len(set(names)) != len(names):
        raise ConfigError(key, "each name must be different")
    return tuple(items)


def raw_items(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The raw entries behind parse_items (call after it), for calculator-specific keys."""
    items: list[dict[str, Any]] = data[key]
    return items


# ---- form fields and reading ----


def rating_field(item: Item, scale: Scale, label: str, hint: str, group: str, not_observed: str = "") -> Field:
    """A rating for one item: the scale's levels (and "not observed" if given). Optional, so a
    half-finished assessment still gives a summary of what is rated so far."""
    choices = tuple(Choice(lv.key, f"{lv.key} – {lv.label}", lv.description) for lv in scale.levels)
    if not_observed:
        choices += (Choice(NOT_OBSERVED, not_observed),)
    return Field(f"rating_{item.id}", label, "choice", hint=hint, choices=choices, required=False, group=group)


def notes_field(item: Item, label: str, hint: str, group: str) -> Field:
    return Field(f"notes_{item.id}", label, "textarea", hint=hint, required=False, group=group)


def questions_hint(item: Item, lead: str) -> str:
    parts = [item.description] if item.description else []
    if item.questions:
        parts.append(f"{lead} {' '.join(item.questions)}")
    return " ".join(parts)


def read_rating(r: Reader, field: Field, scale: Scale) -> Level | str | None:
    """A Level, NOT_OBSERVED, or None when not rated yet (errors recorded on the reader)."""
    raw = str(r.values.get(field.name, "") or "").strip()
    if raw == "":
        return None
    if raw == NOT_OBSERVED or raw.lower() == "not observed":
        if any(c.value == NOT_OBSERVED for c in field.choices):
            return NOT_OBSERVED
    level = scale.find(raw)
    if level is None:
        options = ", ".join(c.label for c in field.choices)
        r.error(field, f"{field.label} must be one of: {options}")
    return level


def read_notes(r: Reader, field: Field, max_length: int = 5000) -> str:
    return r.text(field, max_length=max_length)


# ---- summaries ----


def rating_of(
    item: Item,
    answer: Level | str | None,
    notes: str = "",
    not_observed: str = "Not observed",
    not_rated: str = "Not rated yet",
) -> Rating:
    if isinstance(answer, Level):
        return Rating(id=item.id, name=item.name, status="rated", value=answer.value, label=answer.label, notes=notes)
    if answer == NOT_OBSERVED:
        return Rating(id=item.id, name=item.name, status=NOT_OBSERVED, value=None, label=not_observed, notes=notes)
    return Rating(id=item.id, name=item.name, status="not_rated", value=None, label=not_rated, notes=notes)


def summarise(ratings: tuple[Rating, ...]) -> Summary:
    rated = [x for x in ratings if x.value is not None]
    if not rated:
        return Summary(
            rated=0,
            total=len(ratings),
            not_observed=sum(x.status == NOT_OBSERVED for x in ratings),
            mean=None,
            strongest=(),
            weakest=(),
        )
    values = [x.value for x in rated if x.value is not None]
    top, bottom = max(values), min(values)
    return Summary(
        rated=len(rated),
        total=len(ratings),
        not_observed=sum(x.status == NOT_OBSERVED for x in ratings),
        mean=fmean(values),
        strongest=tuple(x.name for x in rated if x.value == top),
        weakest=tuple(x.name for x in rated if x.value == bottom) if bottom < top else (),
    )


def lowest_first(ratings: tuple[Rating, ...], scale: Scale, limit: int) -> tuple[Rating, ...]:
    """Rated items below the top of the scale, lowest first (framework order breaks ties), at most `limit`."""
    below = [x for x in ratings if x.value is not None and x.value < scale.highest.value]
    order = {x.id: i for i, x in enumerate(ratings)}
    below.sort(key=lambda x: (x.value, order[x.id]))
    return tuple(below[:limit])


def profile_table(caption: str, headers: tuple[str, str, str], ratings: tuple[Rating, ...]) -> TableView:
    """One row per item: its name, its rating's text and the evidence noted ("–" when none)."""
    return TableView(caption=caption, headers=headers, rows=tuple((x.name, x.text, x.notes or "–") for x in ratings))


def profile_chart(caption: str, ratings: tuple[Rating, ...], scale: Scale) -> BarChart:
    """One bar per item, its length the level's position on the scale (so the lowest level still
    shows), coloured by the level's band; unrated items show as an empty bar with words."""
    position = {lv.value: i + 1 for i, lv in enumerate(scale.levels)}
    colour = {lv.value: lv.level for lv in scale.levels}
    bars = tuple(
        Bar(x.name, position[x.value], f"{plain_number(x.value)} – {x.label}", colour[x.value])
        if x.value is not None
        else Bar(x.name, 0, x.label)
        for x in ratings
    )
    return BarChart(caption, bars, marker=len(scale.levels), marker_label=scale.highest.label)


def mean_text(mean: float | None, scale: Scale) -> str:
    if mean is None:
        return "None yet"
    return f"{fmt_number(mean, 2)} (scale {plain_number(scale.lowest.value)} to {plain_number(scale.highest.value)})"


def names_text(names: tuple[str, ...], empty: str = "None yet") -> str:
    return "; ".join(names) if names else empty


# ---- Markdown for downloads ----


def md_cell(value: Any) -> str:
    """Text safe inside a Markdown table cell: line breaks become spaces, pipes and HTML are escaped."""
    cell = " ".join(str(value).split()).replace("\\", "\\\\").replace("|", "\\|")
    return cell.replace("<", "&lt;").replace(">", "&gt;") or " "


def md_table(headers: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    lines = [
        "| " + " | ".join(md_cell(h) for h in headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
    ]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def md_text(value: str) -> str:
    """Free text typed by a user, kept as plain paragraphs in Markdown (no headings or HTML run)."""
    out = []
    for line in str(value).splitlines():
        line = line.replace("<", "&lt;").replace(">", "&gt;")
        if line.lstrip().startswith(("#", "=", "-", "*", "+", ">", "|")):
            line = "\\" + line.lstrip()
        out.append(line)
    return "\n".join(out).strip()


def slug(value: str, fallback: str) -> str:
    """A safe piece of a file name from a user's label."""
    kept = "".join(c.lower() if c.isascii() and c.isalnum() else "-" for c in value.strip())
    kept = "-".join(part for part in kept.split("-") if part)[:40]
    return kept or fallback
