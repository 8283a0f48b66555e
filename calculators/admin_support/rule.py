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

from dataclasses import dataclass

from .settings import Settings

NAME = "admin_support"
TITLE = "Business case for admin support"


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
