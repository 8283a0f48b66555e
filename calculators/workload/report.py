"""What the individual workload calculator shows for a result: one model's load and band, or both
models side by side with why they can differ."""

from __future__ import annotations

from ..kit import contract
from ..kit.report import Band, Figure, Report, TableView
from ..kit.text import fmt_number, percent_text
from .rule import Comparison, Result
from .settings import Settings

downloads = contract.downloads  # no files of its own (run() still offers the answers to save)


def report(r: Result | Comparison, s: Settings) -> Report:
    """The headline (share of capacity and band) and the breakdown by case type."""
    if isinstance(r, Comparison):
        return _compare(r)
    band = next(b for b in s.bands if b.label == r.band)
    return Report(
        headline=f"Capacity used: {percent_text(r.capacity_percent)}. {r.band}.",
        band=Band(r.band, r.level, band.description),
        figures=(
            Figure("Weighted load", f"{fmt_number(r.load)} {r.unit}", f"from {r.cases} cases"),
            Figure("Available capacity", f"{fmt_number(r.capacity)} {r.unit}"),
            Figure("Room left", room_text(r.room, r.unit)),
            Figure("Capacity used", percent_text(r.capacity_percent)),
        ),
        tables=(
            TableView(
                caption=f"How the load adds up ({r.model} model)",
                headers=("Case type", "Cases", f"Weight ({r.unit})", f"Load ({r.unit})"),
                rows=tuple(
                    (line.case_type, str(line.cases), fmt_number(line.weight), fmt_number(line.load))
                    for line in r.lines
                ),
                numeric=(False, True, True, True),
            ),
        ),
    )


def room_text(room: float, unit: str) -> str:
    """Room left, or how far over: "12.9 points", "none (3 points over)" (the team calculator's too)."""
    return f"{fmt_number(room)} {unit}" if room >= 0 else f"none ({fmt_number(-room)} {unit} over)"


def _compare(c: Comparison) -> Report:
    """Both models in one report, with why they can differ and which one to use."""
    p, t = c.points, c.time
    same = p.band == t.band
    return Report(
        headline=f"Points model: {percent_text(p.capacity_percent)} ({p.band}). "
        f"Time model: {percent_text(t.capacity_percent)} ({t.band}).",
        band=Band(p.band, p.level, "Both models put this worker in the same band.") if same else None,
        tables=(
            TableView(
                caption="The two models side by side",
                headers=("Measure", "Points model", "Time model"),
                rows=(
                    ("Weighted load", f"{fmt_number(p.load)} points", f"{fmt_number(t.load)} hours a month"),
                    (
                        "Available capacity",
                        f"{fmt_number(p.capacity)} points",
                        f"{fmt_number(t.capacity)} hours a month",
                    ),
                    ("Room left", room_text(p.room, p.unit), room_text(t.room, t.unit)),
                    ("Capacity used", percent_text(p.capacity_percent), percent_text(t.capacity_percent)),
                    ("Band", p.band, t.band),
                ),
                numeric=(False, True, True),
            ),
            TableView(
                caption=f"How the load adds up ({p.cases} cases)",
                headers=("Case type", "Cases", "Points", "Hours a month"),
                rows=tuple(
                    (a.case_type, str(a.cases), fmt_number(a.load), fmt_number(b.load))
                    for a, b in zip(p.lines, t.lines, strict=True)
                ),
                numeric=(False, True, True, True),
            ),
        ),
        notes=(
            "The models weigh cases differently: points compare how demanding each type of case is, hours "
            "estimate the time each takes in a month. A worker who holds many cases of a type one model "
            "weighs more heavily can fall in different bands under each.",
            "Use the model your council has adopted (and its agreed weights); read the other only as a check. "
            "Neither replaces a conversation in supervision.",
        ),
    )
