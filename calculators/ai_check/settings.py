"""What the AI readiness check reads from its data file: the questions with their answers, and the risk levels.

Every answer's score, minimum level, reason and next step is data, so a council can replace the
project's own questions with its own; settings() checks that the levels and answers fit together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kit.errors import ConfigError
from ..kit.schema import ListOf, Number, Record, Text, TextList, TextMap, check

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
