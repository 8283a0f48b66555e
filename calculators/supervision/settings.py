"""What the supervision observation reads from its data file: the framework's domains, rating scale
and prompts (the collation, supervision_collate, reads the same file)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kit import ratings as rt
from ..kit.schema import ListOf, Number, Record, Text, TextList, check

DATA_FILE = "supervision.json"


@dataclass(frozen=True)
class Settings:
    """The checked framework: its domains, rating scale and prompts."""

    name: str
    about: str
    scale: rt.Scale
    domains: tuple[rt.Item, ...]
    prompts: dict[str, tuple[str, ...]]
    not_observed_label: str
    max_actions: int


# The data file (calculators/data/supervision.json, or a council's copy; the collation reads it too),
# as a schema: checked first by settings(), and written out as councils/schemas/supervision.schema.json.
DATA_SCHEMA = Record(
    {
        "name": Text(blank=False),
        "not_observed_label": Text(description='the "not observed" choice; "" leaves it out'),
        "max_actions": Number(minimum=1, maximum=20, whole=True, description="how many domains get prompts"),
        "scale": rt.SCALE,
        "domains": ListOf(
            Record(
                {**rt.ITEM_KEYS, "prompts": TextList(blank=False)},
                optional=(*rt.ITEM_OPTIONAL, "prompts"),
                defaults={**rt.ITEM_DEFAULTS, "prompts": []},
            ),
            min_items=1,
            max_items=20,
            unique="id",
        ),
    },
    optional=("not_observed_label", "max_actions"),
    defaults={"not_observed_label": "Not observed", "max_actions": 3},
)


def settings(options: dict[str, str], data: dict[str, Any]) -> Settings:
    """Check the framework data (calculators/data/supervision.json or a council's copy)."""
    raw = check(DATA_SCHEMA, data)
    domains = rt.parse_items(raw, "domains")  # names must differ
    return Settings(
        name=raw["name"].strip(),
        about=str(data.get("about", "")).strip(),
        scale=rt.parse_scale(raw),  # levels must rise
        domains=domains,
        prompts={
            item.id: tuple(p.strip() for p in d["prompts"]) for item, d in zip(domains, raw["domains"], strict=True)
        },
        not_observed_label=raw["not_observed_label"].strip(),
        max_actions=raw["max_actions"],
    )
