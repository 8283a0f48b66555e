"""What the comparison reads from the workforce calculator's data file (workforce.json): which
column of the DfE's indicators file holds each figure, the words for its geographic levels, and
England's published figures (the worked example). One data file, one schema: the schema is the
workforce calculator's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kit.schema import check
from ..workforce import DATA_FILE, DATA_SCHEMA

__all__ = ["DATA_FILE", "DATA_SCHEMA", "England", "Settings", "settings"]


@dataclass(frozen=True)
class England:
    """One year of England's figures from the data file, with its source."""

    year: int
    vacancy_rate: float | None
    turnover_rate: float | None
    agency_rate: float | None
    source_title: str


@dataclass(frozen=True)
class Settings:
    """The indicators file's column names and levels, and England's figures from the data file."""

    columns: dict[str, str]  # measure or key (year, level, region, council) -> the file's column
    levels: dict[str, str]  # national | regional | council -> the file's geographic_level word
    england: tuple[England, ...]  # oldest first


def settings(options: dict[str, str], data: dict[str, Any]) -> Settings:
    """Check the data file (calculators/data/workforce.json or a council's copy)."""
    raw = check(DATA_SCHEMA, data)
    england = sorted(
        (
            England(n["year"], n["vacancy_rate"], n["turnover_rate"], n["agency_rate"], n["source_title"])
            for n in raw["national"]
        ),
        key=lambda n: n.year,
    )
    return Settings(
        columns=dict(raw["indicators_file"]["columns"]),
        levels=dict(raw["indicators_file"]["levels"]),
        england=tuple(england),
    )
