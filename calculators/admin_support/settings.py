"""What the admin support calculator reads from its data file: each input's default and the published pilot.

The form's fields are declared here because the data file's schema is built from them: each default
is checked against its own field's bounds, so a bound is written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kit.fields import Field
from ..kit.schema import Number, Record, Text, check

DATA_FILE = "admin_support.json"

# The form's fields, in order; form.py fills in each default from the data file.
FIELDS = (
    Field(
        name="social_workers",
        label="Number of social workers",
        unit="social workers",
        hint="Headcount or FTE of the social workers the support posts would serve.",
        minimum=1,
        maximum=100_000,
        group="Your service",
    ),
    Field(
        name="hours_per_week",
        label="Social worker's weekly hours",
        unit="hours a week",
        hint="Contracted hours of a full-time social worker.",
        minimum=0,
        maximum=60,
        group="Your service",
    ),
    Field(
        name="working_weeks",
        label="Working weeks a year",
        unit="weeks",
        hint="52 weeks less annual leave and bank holidays.",
        minimum=1,
        maximum=52,
        group="Your service",
    ),
    Field(
        name="transferable_percent",
        label="Share of time on tasks others could do",
        unit="%",
        hint="Admin and other tasks that a support post could take on, as a percentage of a social worker's time.",
        minimum=0,
        maximum=100,
        group="How social workers spend their time",
    ),
    Field(
        name="family_time_percent",
        label="Share of time with children and families now",
        unit="%",
        hint="Direct time with children and families today, as a percentage of a social worker's time.",
        minimum=0,
        maximum=100,
        group="How social workers spend their time",
    ),
    Field(
        name="redirect_percent",
        label="Share of released time that goes to children and families",
        unit="%",
        hint="100 means every hour released becomes direct work. Lower it if some goes to other tasks.",
        minimum=0,
        maximum=100,
        group="How social workers spend their time",
    ),
    Field(
        name="support_ratio",
        label="Social workers per support post",
        unit="social workers",
        hint="For example 3 means one full-time support post for every three social workers.",
        minimum=0,
        maximum=100,
        group="Support posts",
    ),
    Field(
        name="support_hours",
        label="Support post's weekly hours",
        unit="hours a week",
        hint="Hours a full-time support post spends on tasks taken from social workers.",
        minimum=0,
        maximum=60,
        group="Support posts",
    ),
    Field(
        name="social_worker_salary",
        label="Social worker's yearly salary",
        unit="£ a year",
        hint="Use your council's pay scale, for example the grade mid-point.",
        minimum=0,
        maximum=250_000,
        group="Pay",
    ),
    Field(
        name="social_worker_oncost_percent",
        label="Social worker's on-costs",
        unit="%",
        hint="Employer National Insurance, pension and other employment costs, as a percentage of salary.",
        minimum=0,
        maximum=100,
        group="Pay",
    ),
    Field(
        name="support_salary",
        label="Support post's yearly salary",
        unit="£ a year",
        hint="Use your council's pay scale for the support role.",
        minimum=0,
        maximum=250_000,
        group="Pay",
    ),
    Field(
        name="support_oncost_percent",
        label="Support post's on-costs",
        unit="%",
        hint="Employer National Insurance, pension and other employment costs, as a percentage of salary.",
        minimum=0,
        maximum=100,
        group="Pay",
    ),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
# Fields where 0 makes no sense (it would divide by zero or mean there is nothing to cost).
MUST_BE_POSITIVE = (
    "hours_per_week",
    "support_ratio",
    "support_hours",
    "social_worker_salary",
    "support_salary",
)


@dataclass(frozen=True)
class Pilot:
    """The published pilot the worked example comes from, with its figures and source."""

    title: str
    support_ratio: float
    admin_percent_before: float
    admin_percent_after: float
    family_time_percent_before: float
    family_time_percent_after: float
    cost_per_social_worker: float
    saving_per_social_worker: float
    source: str


@dataclass(frozen=True)
class Settings:
    """The checked data file: each input's default and the pilot."""

    defaults: dict[str, float]
    pilot: Pilot


# The data file (calculators/data/admin_support.json, or a council's copy), as a schema: each
# field's default within the field's own bounds, and the pilot the report compares with.
PILOT_NUMBERS = (
    "support_ratio",
    "admin_percent_before",
    "admin_percent_after",
    "family_time_percent_before",
    "family_time_percent_after",
    "cost_per_social_worker",
    "saving_per_social_worker",
)
DATA_SCHEMA = Record(
    {
        **{
            f.name: Number(
                minimum=f.minimum,
                maximum=f.maximum,
                above=0 if f.name in MUST_BE_POSITIVE else None,
                description=f.label,
            )
            for f in FIELDS
        },
        "pilot": Record(
            {
                "title": Text(),
                **dict.fromkeys(PILOT_NUMBERS, Number()),
                "source": Text(),
                "source_url": Text(),
                "evaluation_url": Text(),
            },
            optional=("source_url", "evaluation_url"),
        ),
    }
)


def settings(options: dict[str, str], data: dict[str, Any]) -> Settings:
    """Check the data file (calculators/data/admin_support.json or a council's copy)."""
    raw = check(DATA_SCHEMA, data)
    pilot = raw["pilot"]
    return Settings(
        defaults={name: raw[name] for name in FIELD_NAMES},
        pilot=Pilot(title=pilot["title"], source=pilot["source"], **{key: pilot[key] for key in PILOT_NUMBERS}),
    )
