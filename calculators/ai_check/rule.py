"""AI in case recording: an ethics and readiness check (triage).

Each question is a choice; each answer carries a concern score (0 or more) and, optionally,
a minimum risk level of its own ("at_least"), a reason and a next step. Then

    total score = the sum of the answers' scores
    risk level  = the higher of: the highest level whose from_score the total reaches, and the
                  highest at_least of any answer
    reasons     = the reason of every answer that scored or set a minimum level
    next steps  = those answers' next steps, then the risk level's own next steps

The questions, answers, scores and levels are all data (calculators/data/ai_check.json) and
the default is the project's own: the DfE's ethics triage questions and scoring are not public
in the sources we reviewed.

Run `python -m calculators.ai_check --help` for the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..io.csv_files import write_csv
from ..kit.contract import ACTIONS, CSV_TABLE, JSON_ROWS, OPTIONS, RECORD_FORMAT, act, csv_template  # noqa: F401 - the contract's defaults (see kit.contract)
from ..kit.errors import ConfigError
from ..kit.fields import Choice, Field, Reader
from ..kit.report import Band, Download, Figure, Report, TableView
from ..kit.schema import ListOf, Number, Record, Text, TextList, TextMap, check
from ..kit.text import fmt_number, shown

NAME = "ai_check"
TITLE = "AI in case recording: ethics and readiness check"
DATA_FILE = "ai_check.json"
LEVEL_COLOURS = ("green", "amber", "red", "blue", "neutral")


@dataclass(frozen=True)
class Answer:
    """One possible answer to a question, with its concern score, minimum risk level, reason and next step."""

    value: str
    label: str
    score: float
    at_least: str | None
    reason: str
    next_step: str


@dataclass(frozen=True)
class Question:
    """One question of the check, in its theme, with its possible answers."""

    id: str
    theme: str
    label: str
    hint: str
    error: str  # shown when the question is left unanswered
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Level:
    """A risk level: from which total score it applies, and what it means."""

    id: str
    label: str
    level: str
    from_score: float
    description: str
    next_steps: tuple[str, ...]


@dataclass(frozen=True)
class Settings:
    """The checked data file: the questions and the risk levels, lowest first."""

    questions: tuple[Question, ...]
    levels: tuple[Level, ...]  # lowest first
    example: dict[str, str]


@dataclass(frozen=True)
class Inputs:
    """The answer chosen for each question."""

    answers: dict[str, str]  # question id -> answer value


@dataclass(frozen=True)
class Line:
    """One question's answer in the result, with its score and reason."""

    question: str
    theme: str
    answer: str
    score: float
    reason: str


@dataclass(frozen=True)
class Result:
    """The risk level, the total score, the answers that raised it and the next steps."""

    risk: str  # level id
    label: str
    level: str  # colour level for the band
    score: float
    max_score: float
    reasons: tuple[str, ...]
    next_steps: tuple[str, ...]
    lines: tuple[Line, ...]


# The data file (calculators/data/ai_check.json, or a council's copy), as a schema: settings()
# checks a file against it, and it is written out as councils/schemas/ai_check.schema.json.
LEVEL = Record(
    {
        "id": Text(id=True),
        "label": Text(),
        "level": Text(choices=LEVEL_COLOURS),
        "from_score": Number(minimum=0, description="the concern score from which this level applies"),
        "description": Text(),
        "next_steps": TextList(),
    },
    optional=("description",),
    defaults={"description": ""},
)
ANSWER = Record(
    {
        "value": Text(id=True),
        "label": Text(),
        "score": Number(minimum=0),
        "at_least": Text(description="the id of the lowest level this answer allows"),
        "reason": Text(description="needed when the answer scores or sets a level"),
        "next_step": Text(),
    },
    optional=("at_least", "reason", "next_step"),
    defaults={"reason": "", "next_step": ""},
)
QUESTION = Record(
    {
        "id": Text(id=True),
        "theme": Text(),
        "label": Text(),
        "hint": Text(),
        "error": Text(),
        "answers": ListOf(ANSWER, min_items=2, unique="value"),
    },
    optional=("hint", "error"),
    defaults={"hint": ""},
)
DATA_SCHEMA = Record(
    {
        "guidance_title": Text(),
        "guidance_url": Text(),
        "levels": ListOf(LEVEL, min_items=1, unique="id"),
        "questions": ListOf(QUESTION, min_items=1, unique="id"),
        "example": TextMap(description="the worked example: question id -> answer value"),
    },
    optional=("guidance_title", "guidance_url"),
)


def settings(options: dict[str, str], data: dict[str, Any]) -> Settings:
    """Check the data file (calculators/data/ai_check.json or a council's copy)."""
    raw = check(DATA_SCHEMA, data)
    levels = sorted((_level(lv) for lv in raw["levels"]), key=lambda lv: lv.from_score)
    if levels[0].from_score != 0:
        raise ConfigError("levels", "must include a level with from_score 0, so every total has a level")
    level_ids = [lv.id for lv in levels]
    questions = tuple(_question(q, f"questions[{i}]", level_ids) for i, q in enumerate(raw["questions"]))
    for q in questions:
        if raw["example"].get(q.id) not in {a.value for a in q.answers}:
            raise ConfigError(f"example.{q.id}", f"must be one of {', '.join(a.value for a in q.answers)}")
    return Settings(questions, tuple(levels), {q.id: raw["example"][q.id] for q in questions})


def _level(raw: dict[str, Any]) -> Level:
    return Level(
        id=raw["id"],
        label=raw["label"],
        level=raw["level"],
        from_score=raw["from_score"],
        description=raw["description"],
        next_steps=tuple(raw["next_steps"]),
    )


def _question(raw: dict[str, Any], where: str, level_ids: list[str]) -> Question:
    answers = []
    for j, a in enumerate(raw["answers"]):
        here = f"{where}.answers[{j}]"
        at_least = a.get("at_least")
        if at_least is not None and at_least not in level_ids:
            raise ConfigError(
                f"{here}.at_least", f"must be one of the level ids {', '.join(level_ids)}, not {at_least!r}"
            )
        if (a["score"] > 0 or at_least) and not a["reason"]:
            raise ConfigError(f"{here}.reason", "is needed for an answer that scores or sets a level")
        answers.append(
            Answer(
                value=a["value"],
                label=a["label"],
                score=a["score"],
                at_least=at_least,
                reason=a["reason"],
                next_step=a["next_step"],
            )
        )
    return Question(
        id=raw["id"],
        theme=raw["theme"],
        label=raw["label"],
        hint=raw["hint"],
        error=raw.get("error") or f"Select an answer about {raw['theme'].lower()}",
        answers=tuple(answers),
    )


def form(s: Settings) -> tuple[Field, ...]:
    """One choice field per question."""
    return tuple(
        Field(
            q.id,
            q.label,
            "choice",
            hint=q.hint,
            group=q.theme,
            default="",
            choices=tuple(Choice(a.value, a.label) for a in q.answers),
        )
        for q in s.questions
    )


def example(s: Settings) -> dict[str, Any]:
    """The worked example's answers (made up, for showing how the check works)."""
    return dict(s.example)


def read(values: dict[str, Any], s: Settings) -> Inputs:
    """The chosen answers, naming every question left unanswered or answered with an unknown value."""
    r = Reader(values)
    answers = {}
    for q in s.questions:
        raw = r.values.get(q.id)
        if raw is None or str(raw).strip() == "":
            r.error(q.id, q.error)
            continue
        value = str(raw).strip()
        if value not in {a.value for a in q.answers}:
            r.error(q.id, f"{q.error}, using one of the answers given: {'; '.join(a.label for a in q.answers)}")
            continue
        answers[q.id] = value
    r.done()
    return Inputs(answers)


def calculate(i: Inputs, s: Settings) -> Result:
    """Add the answers' scores and take the higher of the total's level and any answer's minimum level."""
    rank = {lv.id: n for n, lv in enumerate(s.levels)}
    lines, reasons, steps = [], [], []
    floor = 0
    for q in s.questions:
        a = next(a for a in q.answers if a.value == i.answers[q.id])
        lines.append(Line(question=q.label, theme=q.theme, answer=a.label, score=a.score, reason=a.reason))
        if a.score > 0 or a.at_least:
            reasons.append(f"{q.theme}: {a.reason}")
            if a.next_step and a.next_step not in steps:
                steps.append(a.next_step)
        if a.at_least:
            floor = max(floor, rank[a.at_least])
    score = shown(sum(line.score for line in lines))  # as the headline shows it, then compared
    by_score = max(n for n, lv in enumerate(s.levels) if score >= lv.from_score)
    level = s.levels[max(by_score, floor)]
    if not reasons:
        reasons.append("No answer raised a concern.")
    if floor > by_score:
        reasons.insert(0, f"At least one answer sets the risk level to {level.label.lower()}, whatever the total.")
    steps.extend(step for step in level.next_steps if step not in steps)
    max_score = sum(max(a.score for a in q.answers) for q in s.questions)
    return Result(
        risk=level.id,
        label=level.label,
        level=level.level,
        score=score,
        max_score=max_score,
        reasons=tuple(reasons),
        next_steps=tuple(steps),
        lines=tuple(lines),
    )


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
        Download("Summary (Markdown)", "ai-readiness-check.md", "text/markdown", "\n".join(lines)),
    ]
