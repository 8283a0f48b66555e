"""What the collation reads from its data file: the same framework as the supervision observation
(calculators/data/supervision.json, or a council's copy), checked by the same code, so a council
edits its domains and scale in one place and observations collate under the framework they used."""

from __future__ import annotations

from typing import Any

from .. import supervision

DATA_FILE = supervision.DATA_FILE
DATA_SCHEMA = supervision.DATA_SCHEMA  # the same file, so the same schema
Settings = supervision.Settings


def settings(options: dict[str, str], data: dict[str, Any]) -> Settings:
    """The supervision framework's checked data (the same file as the observation tool)."""
    return supervision.settings(options, data)
