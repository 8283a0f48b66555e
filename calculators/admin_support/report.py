"""What the admin support calculator shows for a result, and the business case it offers as a CSV file."""

from __future__ import annotations

from typing import Any

from ..io.csv_files import write_csv
from ..kit.report import Band, Download, Figure, Report, TableView
from ..kit.text import fmt_number, money, shown
from .rule import Inputs, Result
from .settings import FIELDS, Settings


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
    inputs = [{"measure": f"Input: {f.label}", "value": getattr(i, f.name), "unit": f.unit} for f in FIELDS]
    return [
        Download(
            "Business case (CSV)",
            "admin-support-business-case.csv",
            "text/csv",
            write_csv(inputs + result_rows(r), ["measure", "value", "unit"]),
        )
    ]
