"""What the AI readiness check shows for a result, and the CSV and Markdown files it offers."""

from __future__ import annotations

from ..io.csv_files import write_csv
from ..kit.report import Band, Download, Figure, Report, TableView
from ..kit.text import fmt_number
from .rule import TITLE, Inputs, Result
from .settings import Settings


def report(r: Result, s: Settings) -> Report:
    """The risk level as the headline, the reasons and the next steps."""
    level = next(lv for lv in s.levels if lv.id == r.risk)
    return Report(
        headline=f"{r.label}. Concern score {fmt_number(r.score)} out of {fmt_number(r.max_score)}.",
        band=Band(r.label, r.level, level.description),
        figures=(
            Figure("Risk level", r.label),
            Figure("Concern score", f"{fmt_number(r.score)} of {fmt_number(r.max_score)}"),
            Figure("Reasons", str(len([x for x in r.lines if x.reason]))),
        ),
        tables=(
            TableView("Why this risk level", ("Theme", "Reason"), tuple(_reason_row(x) for x in r.reasons)),
            TableView(
                "Next steps",
                ("Step", "What to do"),
                tuple((str(n), step) for n, step in enumerate(r.next_steps, 1)),
            ),
            TableView(
                "Your answers",
                ("Theme", "Question", "Answer", "Score"),
                tuple((x.theme, x.question, x.answer, fmt_number(x.score)) for x in r.lines),
                numeric=(False, False, False, True),
            ),
        ),
        notes=(
            "These questions and scores are the project's own, not the Department for Education's "
            "ethics triage, which is not public in the sources we reviewed. "
            "A council can replace them with its own.",
        ),
    )


def _reason_row(reason: str) -> tuple[str, str]:
    theme, sep, text = reason.partition(": ")
    return (theme, text) if sep else ("Overall", reason)


def downloads(i: Inputs, r: Result, s: Settings) -> list[Download]:
    """Each answer with its score and reason as CSV, and the whole check as Markdown."""
    rows = [
        {"theme": x.theme, "question": x.question, "answer": x.answer, "score": x.score, "reason": x.reason}
        for x in r.lines
    ]
    lines = [
        f"# {TITLE}",
        "",
        f"Risk level: **{r.label}** (concern score {fmt_number(r.score)} of {fmt_number(r.max_score)}).",
        "",
        "## Why",
        "",
    ]
    lines += [f"- {reason}" for reason in r.reasons]
    lines += ["", "## Next steps", ""]
    lines += [f"{n}. {step}" for n, step in enumerate(r.next_steps, 1)]
    lines += ["", "## Answers", ""]
    lines += [f"- {x.theme}. {x.question} {x.answer}" for x in r.lines]
    lines += [
        "",
        "The questions and scoring are the project's own, not the Department for Education's ethics triage.",
        "",
    ]
    return [
        Download("Answers and reasons (CSV)", "ai-readiness-check.csv", "text/csv", write_csv(rows)),
        Download(
            "Summary as text for a document (Markdown)", "ai-readiness-check.md", "text/markdown", "\n".join(lines)
        ),
    ]
