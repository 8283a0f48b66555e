"""Business case for admin support: what dedicated support posts release and what they cost.

A service has social workers who spend a share of their time on tasks others could do.
Support posts (for example personal assistants, PAs) take those tasks on:

    support posts (FTE)      = social workers ÷ social workers per support post
    hours others could do    = social workers × weekly hours × share of time on those tasks
    support hours available  = support posts × support post's weekly hours
    hours released a week    = the smaller of those two
    hours released a year    = hours released a week × working weeks
    capacity released (FTE)  = hours released a week ÷ a social worker's weekly hours
    value of time released   = capacity released × a social worker's yearly cost (salary + on-costs)
    cost of support posts    = support posts × a support post's yearly cost (salary + on-costs)
    net saving               = value of time released − cost of support posts
    time with families after = time before + (hours released ÷ all hours) × share of released time
                               that goes to children and families (at most 100%)

The default example uses the published Hampshire and Isle of Wight PA pilot ratios; the
salaries are the project's own illustration (see calculators/data/admin_support.json).

Run `python -m calculators.admin_support --help` for the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..io.csv_files import write_csv
from ..kit.contract import ACTIONS, CSV_TABLE, JSON_ROWS, OPTIONS, RECORD_FORMAT, act, csv_template  # noqa: F401 - the contract's defaults (see kit.contract)
from ..kit.fields import Field, Reader, known
from ..kit.report import Band, Download, Figure, Report, TableView
from ..kit.schema import Number, Record, Text, check
from ..kit.text import fmt_number, money, plain_number, shown

NAME = "admin_support"
TITLE = "Business case for admin support"
DATA_FILE = "admin_support.json"

# The form's fields; settings() fills in each default from the data file.
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


@dataclass(frozen=True)
class Inputs:
    """One service's answers, as numbers."""

    social_workers: float
    hours_per_week: float
    working_weeks: float
    transferable_percent: float
    family_time_percent: float
    redirect_percent: float
    support_ratio: float
    support_hours: float
    social_worker_salary: float
    social_worker_oncost_percent: float
    support_salary: float
    support_oncost_percent: float


@dataclass(frozen=True)
class Result:
    """Support posts, the hours they release and take on, and the yearly cost and saving."""

    support_posts: float
    transferable_hours_per_week: float
    support_hours_per_week: float
    hours_released_per_week: float
    hours_released_per_year: float
    hours_released_per_social_worker_per_week: float
    unmet_hours_per_week: float
    spare_support_hours_per_week: float
    capacity_released_fte: float
    social_worker_cost: float
    support_post_cost: float
    value_of_time_released: float
    cost_of_support_posts: float
    net_saving: float
    cost_per_social_worker: float
    value_per_social_worker: float
    net_saving_per_social_worker: float
    family_time_percent_before: float
    family_time_percent_after: float


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


def _fields(defaults: dict[str, float]) -> tuple[Field, ...]:
    return tuple(replace(f, default=plain_number(defaults[f.name]) if f.name in defaults else "") for f in FIELDS)


def form(s: Settings) -> tuple[Field, ...]:
    """The form's fields, with the data file's defaults as hints."""
    return _fields(s.defaults)


def example(s: Settings) -> dict[str, Any]:
    """The worked example's answers: the pilot's figures."""
    return {f.name: f.default for f in form(s)}


def read(values: dict[str, Any], s: Settings) -> Inputs:
    """Turn the form's raw answers into numbers, naming every field that is missing or out of range."""
    r = Reader(values)
    fields = {f.name: f for f in form(s)}
    got = {name: r.number(fields[name]) for name in FIELD_NAMES}
    for name in MUST_BE_POSITIVE:
        if got[name] == 0:
            r.error(name, f"{fields[name].label} must be more than 0")
    transferable, family = got["transferable_percent"], got["family_time_percent"]
    if transferable is not None and family is not None and transferable + family > 100:
        r.error(
            "transferable_percent",
            f"{fields['transferable_percent'].label} ({fmt_number(transferable)}%) and time with children "
            f"and families ({fmt_number(family)}%) must add up to 100% or less",
        )
    r.done()
    checked: dict[str, Any] = {name: known(value) for name, value in got.items()}
    return Inputs(**checked)


def calculate(i: Inputs, s: Settings) -> Result:
    """Support posts needed, hours released and their cost, by the formulas in this module's docstring."""
    posts = i.social_workers / i.support_ratio
    all_hours = i.social_workers * i.hours_per_week
    transferable = all_hours * i.transferable_percent / 100
    support = posts * i.support_hours
    released = min(transferable, support)
    fte = released / i.hours_per_week
    sw_cost = i.social_worker_salary * (1 + i.social_worker_oncost_percent / 100)
    post_cost = i.support_salary * (1 + i.support_oncost_percent / 100)
    value = fte * sw_cost
    cost = posts * post_cost
    after = min(100.0, i.family_time_percent + released / all_hours * 100 * i.redirect_percent / 100)
    return Result(
        support_posts=posts,
        transferable_hours_per_week=transferable,
        support_hours_per_week=support,
        hours_released_per_week=released,
        hours_released_per_year=released * i.working_weeks,
        hours_released_per_social_worker_per_week=released / i.social_workers,
        unmet_hours_per_week=transferable - released,
        spare_support_hours_per_week=support - released,
        capacity_released_fte=fte,
        social_worker_cost=sw_cost,
        support_post_cost=post_cost,
        value_of_time_released=value,
        cost_of_support_posts=cost,
        net_saving=value - cost,
        cost_per_social_worker=cost / i.social_workers,
        value_per_social_worker=value / i.social_workers,
        net_saving_per_social_worker=(value - cost) / i.social_workers,
        family_time_percent_before=i.family_time_percent,
        family_time_percent_after=after,
    )


def report(r: Result, s: Settings) -> Report:
    """The headline (saves or costs money), the figures table and the notes shown with the result."""
    saves = shown(r.net_saving, 0) >= 0  # as shown, in whole pounds: a net "£0" is not a cost
    band = Band(
        "Pays for itself" if saves else "Costs more than the time it releases",
        "green" if saves else "amber",
        "The value of social work time released is at least the cost of the support posts."
        if saves
        else "The support posts cost more than the social work time they release is worth. "
        "The case may still rest on time with families, wellbeing or retention.",
    )
    return Report(
        headline=(
            f"{fmt_number(r.support_posts)} support posts release {fmt_number(r.hours_released_per_week)} "
            f"hours a week of social work time, worth {fmt_number(r.capacity_released_fte)} social workers. "
            f"Net {'saving' if saves else 'cost'}: {money(abs(r.net_saving))} a year."
        ),
        band=band,
        figures=_figures(r, saves),
        tables=(
            TableView(
                caption="Per social worker, a year",
                headers=("Measure", "Amount"),
                rows=(
                    ("Cost of support", money(r.cost_per_social_worker)),
                    ("Value of time released", money(r.value_per_social_worker)),
                    ("Net saving", money(r.net_saving_per_social_worker)),
                ),
                numeric=(False, True),
            ),
        ),
        notes=_notes(r, s),
    )


def _notes(r: Result, s: Settings) -> tuple[str, ...]:
    notes = []
    if shown(r.unmet_hours_per_week) > 0:  # a note only for a figure that shows as more than 0
        notes.append(
            f"The support posts cannot take on all the tasks others could do: "
            f"{fmt_number(r.unmet_hours_per_week)} hours a week stay with social workers. "
            "Add support posts (fewer social workers per post) to release them."
        )
    if shown(r.spare_support_hours_per_week) > 0:
        notes.append(
            f"The support posts have {fmt_number(r.spare_support_hours_per_week)} hours a week more than "
            "the tasks available to them. Those hours may go on other work for the team (our inference); "
            "if not, fewer posts (more social workers per post) would cost less."
        )
    p = s.pilot
    notes.append(
        f"For comparison, the {p.title} (one PA for every {fmt_number(p.support_ratio)} social workers) "
        f"reported admin time falling from {fmt_number(p.admin_percent_before)}% to "
        f"{fmt_number(p.admin_percent_after)}%, time with families rising from "
        f"{fmt_number(p.family_time_percent_before)}% to {fmt_number(p.family_time_percent_after)}%, "
        f"a cost of about {money(p.cost_per_social_worker)} and a saving of about "
        f"{money(p.saving_per_social_worker)} per social worker ({p.source}). "
        "We have not seen how the evaluation worked out its cost and saving, so compare with care."
    )
    notes.append(
        "The value of time released is capacity, not cash: it is cashable only if it avoids "
        "recruitment or agency spending (our inference)."
    )
    return tuple(notes)


def _figures(r: Result, saves: bool) -> tuple[Figure, ...]:
    return (
        Figure(
            "Hours released a week",
            fmt_number(r.hours_released_per_week),
            f"{fmt_number(r.hours_released_per_social_worker_per_week)} per social worker",
        ),
        Figure("Hours released a year", fmt_number(r.hours_released_per_year, 0)),
        Figure("Social work capacity released", f"{fmt_number(r.capacity_released_fte)} FTE"),
        Figure(
            "Cost of support posts",
            f"{money(r.cost_of_support_posts)} a year",
            f"{fmt_number(r.support_posts)} posts at {money(r.support_post_cost)} each",
        ),
        Figure(
            "Value of time released",
            f"{money(r.value_of_time_released)} a year",
            f"at {money(r.social_worker_cost)} per social worker",
        ),
        Figure(
            "Net saving" if saves else "Net cost",
            f"{money(abs(r.net_saving))} a year",
            f"{money(r.net_saving_per_social_worker)} per social worker",
        ),
        Figure(
            "Time with children and families",
            f"{fmt_number(r.family_time_percent_before)}% → {fmt_number(r.family_time_percent_after)}%",
        ),
    )


def result_rows(r: Result) -> list[dict[str, Any]]:
    """The result as measure/value/unit rows (for the CSV download)."""
    rows = (
        ("Support posts", r.support_posts, "FTE"),
        ("Hours others could do", r.transferable_hours_per_week, "hours a week"),
        ("Support hours available", r.support_hours_per_week, "hours a week"),
        ("Hours released", r.hours_released_per_week, "hours a week"),
        ("Hours released", r.hours_released_per_year, "hours a year"),
        ("Hours released per social worker", r.hours_released_per_social_worker_per_week, "hours a week"),
        ("Social work capacity released", r.capacity_released_fte, "FTE"),
        ("Yearly cost of one social worker", r.social_worker_cost, "£"),
        ("Yearly cost of one support post", r.support_post_cost, "£"),
        ("Value of time released", r.value_of_time_released, "£ a year"),
        ("Cost of support posts", r.cost_of_support_posts, "£ a year"),
        ("Net saving", r.net_saving, "£ a year"),
        ("Cost per social worker", r.cost_per_social_worker, "£ a year"),
        ("Value per social worker", r.value_per_social_worker, "£ a year"),
        ("Net saving per social worker", r.net_saving_per_social_worker, "£ a year"),
        ("Time with children and families before", r.family_time_percent_before, "%"),
        ("Time with children and families after", r.family_time_percent_after, "%"),
    )
    return [{"measure": m, "value": round(v, 2), "unit": u} for m, v, u in rows]


def downloads(i: Inputs, r: Result, s: Settings) -> list[Download]:
    """The answers and results as a CSV a council can keep or put in a business case."""
    inputs = [{"measure": f"Input: {f.label}", "value": getattr(i, f.name), "unit": f.unit} for f in form(s)]
    return [
        Download(
            "Business case (CSV)",
            "admin-support-business-case.csv",
            "text/csv",
            write_csv(inputs + result_rows(r), ["measure", "value", "unit"]),
        )
    ]
