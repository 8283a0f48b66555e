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

from .errors import ConfigError
from .fields import Choice, Field, Reader
from .report import LEVELS, Bar, BarChart, KeyEntry, TableView
from .schema import ListOf, Number, Record, Schema, Text, TextList, check
from .text import fmt_number, plain_number, same_text

NOT_OBSERVED = "not_observed"


@dataclass(frozen=True)
class Level:
    """One point of a rating scale: its value, its label, what it means, and its colour band."""

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
    """A rating scale: its levels, lowest value first."""

    levels: tuple[Level, ...]  # lowest value first

    @property
    def lowest(self) -> Level:
        """The level with the lowest value."""
        return self.levels[0]

    @property
    def highest(self) -> Level:
        """The level with the highest value."""
        return self.levels[-1]

    def find(self, text: Any) -> Level | None:
        """The level whose value or label is `text` (labels in any case), or None."""
        raw = str(text).strip()
        for level in self.levels:
            if raw == level.key or same_text(raw) == same_text(level.label):
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
    """What a set of ratings comes to: how many were rated, the mean, the strongest and weakest items."""

    rated: int
    total: int
    not_observed: int
    mean: float | None
    strongest: tuple[str, ...]  # names of the highest-rated items (empty if nothing rated)
    weakest: tuple[str, ...]  # names of the lowest-rated items (empty if nothing rated)


# ---- checking framework data ----


# The parts of a rating framework's data file every rating tool shares, as schema pieces (the
# calculators add their own keys; _schema writes them out as JSON Schema for councils' editors).
SCALE = ListOf(
    Record(
        {"value": Number(), "label": Text(blank=False), "level": Text(choices=LEVELS), "description": Text()},
        optional=("level", "description"),
        defaults={"level": "neutral", "description": ""},
    ),
    min_items=2,
    description="the rating scale, lowest level first",
)
ITEM_KEYS: dict[str, Schema] = {
    "id": Text(id=True, reserved=(NOT_OBSERVED,)),
    "name": Text(blank=False),
    "description": Text(),
    "questions": TextList(blank=False),
}
ITEM_OPTIONAL = ("description", "questions")
ITEM_DEFAULTS: dict[str, Any] = {"description": "", "questions": []}
ITEMS = ListOf(Record(ITEM_KEYS, optional=ITEM_OPTIONAL, defaults=ITEM_DEFAULTS), min_items=1, unique="id")


def parse_scale(data: dict[str, Any], key: str = "scale") -> Scale:
    """The scale under `key` (see SCALE): its levels must also rise and their labels differ."""
    raw_levels = check(Record({key: SCALE}), data)[key]
    levels = tuple(
        Level(float(lv["value"]), lv["label"].strip(), lv["description"].strip(), lv["level"]) for lv in raw_levels
    )
    for i in range(1, len(levels)):
        if levels[i].value <= levels[i - 1].value:
            raise ConfigError(f"{key}[{i}].value", "must be higher than the level before it (list levels lowest first)")
    labels = [same_text(lv.label) for lv in levels]
    if len(set(labels)) != len(labels):
        raise ConfigError(key, "each level needs a different label")
    return Scale(levels)


def parse_items(data: dict[str, Any], key: str) -> tuple[Item, ...]:
    """The items (conditions, domains) under `key` (see ITEMS): their names must also differ."""
    raw_items = check(Record({key: ITEMS}), data)[key]
    items = tuple(
        Item(
            id=raw["id"],
            name=raw["name"].strip(),
            description=raw["description"].strip(),
            questions=tuple(q.strip() for q in raw["questions"]),
        )
        for raw in raw_items
    )
    names = [same_text(item.name) for item in items]
    if len(set(names)) != len(names):
        raise ConfigError(key, "each name must be different")
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
    """The optional notes box that goes with an item's rating."""
    return Field(f"notes_{item.id}", label, "textarea", hint=hint, required=False, group=group)


def questions_hint(item: Item, lead: str) -> str:
    """The item's description followed by its prompting questions, as one hint."""
    parts = [item.description] if item.description else []
    if item.questions:
        parts.append(f"{lead} {' '.join(item.questions)}")
    return " ".join(parts)


def read_rating(r: Reader, field: Field, scale: Scale) -> Level | str | None:
    """A Level, NOT_OBSERVED, or None when not rated yet (errors recorded on the reader)."""
    raw = str(r.values.get(field.name, "") or "").strip()
    if raw == "":
        return None
    if (raw == NOT_OBSERVED or raw.lower() == "not observed") and any(c.value == NOT_OBSERVED for c in field.choices):
        return NOT_OBSERVED
    level = scale.find(raw)
    if level is None:
        options = ", ".join(c.label for c in field.choices)
        r.error(field, f"{field.label} must be one of: {options}")
    return level


def read_notes(r: Reader, field: Field, max_length: int = 5000) -> str:
    """An item's notes, read as text of at most `max_length` characters."""
    return r.text(field, max_length=max_length)


# ---- summaries ----


def rating_of(
    item: Item,
    answer: Level | str | None,
    notes: str = "",
    not_observed: str = "Not observed",
    not_rated: str = "Not rated yet",
) -> Rating:
    """One item's Rating from its answer: a level, not observed, or not rated yet."""
    if isinstance(answer, Level):
        return Rating(id=item.id, name=item.name, status="rated", value=answer.value, label=answer.label, notes=notes)
    if answer == NOT_OBSERVED:
        return Rating(id=item.id, name=item.name, status=NOT_OBSERVED, value=None, label=not_observed, notes=notes)
    return Rating(id=item.id, name=item.name, status="not_rated", value=None, label=not_rated, notes=notes)


def summarise(ratings: tuple[Rating, ...]) -> Summary:
    """The Summary of a set of ratings (items not observed or not rated are left out of the mean)."""
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
    key = tuple(KeyEntry(lv.level, f"{lv.key} – {lv.label}") for lv in scale.levels)
    return BarChart(caption, bars, key, marker=len(scale.levels), marker_label=scale.highest.label)


def mean_text(mean: float | None, scale: Scale) -> str:
    """The mean as the report shows it, with the scale: "2.5 (scale 1 to 4)"."""
    if mean is None:
        return "None yet"
    return f"{fmt_number(mean, 2)} (scale {plain_number(scale.lowest.value)} to {plain_number(scale.highest.value)})"


def names_text(names: tuple[str, ...], empty: str = "None yet") -> str:
    """Item names joined with semicolons, or `empty` when there are none."""
    return "; ".join(names) if names else empty


# ---- Markdown for downloads ----


def md_cell(value: Any) -> str:
    """Text safe inside a Markdown table cell: line breaks become spaces, pipes and HTML are escaped."""
    cell = " ".join(str(value).split()).replace("\\", "\\\\").replace("|", "\\|")
    return cell.replace("<", "&lt;").replace(">", "&gt;") or " "


def md_table(headers: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    """A Markdown table for a download, each cell escaped (md_cell)."""
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
