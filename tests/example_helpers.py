"""Run a calculator on its worked example with a few answers changed, as unit tests do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from calculators import prepare, run


def example_runner(name: str) -> tuple[Callable[..., dict], Callable[..., dict], Callable[..., dict[str, str]]]:
    """(outcome, result, errors) functions taking changed answers as keyword arguments."""
    calc, settings = prepare(name)
    example = calc.example(settings)

    def outcome(**changes: Any) -> dict:
        return run(name, {**example, **{k: v if v is None else str(v) for k, v in changes.items()}})

    def result(**changes: Any) -> dict:
        out = outcome(**changes)
        assert out["ok"], out
        return out["result"]

    def errors(**changes: Any) -> dict[str, str]:
        out = outcome(**changes)
        assert not out["ok"]
        return {e["field"]: e["message"] for e in out["errors"]}

    return outcome, result, errors


def download(outcome: dict, suffix: str) -> dict:
    """The one download in an outcome whose file name ends with suffix."""
    return next(d for d in outcome["downloads"] if d["filename"].endswith(suffix))
