"""What the hybrid working self-assessment reads from its data file: the conditions, the rating scale
and the suggested actions for each condition."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kit import ratings as rt
from ..kit.schema import ListOf, Number, Record, Text, check

DATA_FILE = "hybrid.json"


@dataclass(frozen=True)
class Suggestion:
    """A suggested action for a condition, used to pre-fill the development plan."""

    action: str
    how_we_will_know: str


@dataclass(frozen=True)
class Settings:
    """The checked framework: its conditions, rating scale and suggestions."""

    name: str
    about: str
    scale: rt.Scale
    conditions: tuple[rt.Item, ...]
    suggestions: dict[str, tuple[Suggestion, ...]]
    suggest_for: int


# The data file (calculators/data/hybrid.json, or a council's copy), as a schema: checked first by
# settings(), and written out as councils/schemas/hybrid.schema.json for editors.
DATA_SCHEMA = Record(
    {
        "name": Text(blank=False),
        "suggest_for": Number(minimum=1, maximum=30, whole=True, description="how many weakest conditions get actions"),
        "scale": rt.SCALE,
        "conditions": ListOf(
            Record(
                {
                    **rt.ITEM_KEYS,
                    "suggested_actions": ListOf(
                        Record(
                            {"action": Text(blank=False), "how_we_will_know": Text()},
                            optional=("how_we_will_know",),
                            defaults={"how_we_will_know": ""},
                        )
                    ),
                },
                optional=(*rt.ITEM_OPTIONAL, "suggested_actions"),
                defaults={**rt.ITEM_DEFAULTS, "suggested_actions": []},
            ),
            min_items=1,
            max_items=30,
            unique="id",
        ),
    },
    optional=("suggest_for",),
    defaults={"suggest_for": 3},
)


def settings(options: dict[str, str], data: dict[str, Any]) -> Settings:
    """Check the framework data (calculators/data/hybrid.json or a council's copy)."""
    raw = check(DATA_SCHEMA, data)
    conditions = rt.parse_items(raw, "conditions")  # names must differ
    suggestions = {
        item.id: tuple(Suggestion(s["action"].strip(), s["how_we_will_know"].strip()) for s in c["suggested_actions"])
        for item, c in zip(conditions, raw["conditions"], strict=True)
    }
    return Settings(
        name=raw["name"].strip(),
        about=str(data.get("about", "")).strip(),
        scale=rt.parse_scale(raw),  # levels must rise
        conditions=conditions,
        suggestions=suggestions,
        suggest_for=raw["suggest_for"],
    )
