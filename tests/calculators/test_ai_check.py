"""AI readiness check: worked example, levels and reasons, data checks, properties, command line."""

from __future__ import annotations

import copy
import csv
import io
import json
from functools import partial

import pytest
from cli_helpers import run_cli
from example_helpers import example_runner
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import ConfigError, prepare, run
from calculators.kit.data import load_data

CALC, SETTINGS = prepare("ai_check")
EXAMPLE = CALC.example(SETTINGS)
QUESTIONS = {q.id: q for q in SETTINGS.questions}
LEVEL_IDS = [lv.id for lv in SETTINGS.levels]
BEST = {q.id: min(q.answers, key=lambda a: a.score).value for q in SETTINGS.questions}
WORST = {q.id: max(q.answers, key=lambda a: a.score).value for q in SETTINGS.questions}


outcome, result, _ = example_runner("ai_check")


# --- the worked example and the levels -------------------------------------------------------


def test_the_default_covers_every_theme_in_the_brief():
    themes = {q.theme for q in SETTINGS.questions}
    assert {
        "Purpose and who benefits",
        "Data used",
        "Consent and transparency",
        "Human review of every output",
        "Accuracy checking",
        "Retention and deletion",
        "Bias",
        "Accountability",
    } <= themes


def test_example_by_hand():
    r = result()
    # families data 2 + privacy notice 1 + supplier testing 1 + deletion unconfirmed 1 + bias partly 1 = 6
    assert r["score"] == 6 and r["max_score"] == 24
    assert r["risk"] == "medium" and r["label"] == "Medium risk" and r["level"] == "amber"
    assert len(r["reasons"]) == 5
    assert r["reasons"][1] == "Consent and transparency: Children and families are told only through a privacy notice."
    # each answer's next step, then the level's own steps
    assert r["next_steps"][-2:] == list(SETTINGS.levels[1].next_steps)


def test_best_answers_are_lower_risk_with_a_reason():
    r = run("ai_check", BEST)["result"]
    assert r["risk"] == "lower" and r["score"] == 0
    assert r["reasons"] == ["No answer raised a concern."]
    assert r["next_steps"] == list(SETTINGS.levels[0].next_steps)


def test_worst_answers_are_high_risk():
    r = run("ai_check", WORST)["result"]
    assert r["risk"] == "high" and r["score"] == r["max_score"]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("review", "some"),
        ("review", "none"),
        ("consent", "not_told"),
        ("decisions", "decides"),
        ("supplier", "training"),
    ],
)
def test_a_single_serious_answer_makes_it_high_risk_whatever_the_total(question, answer):
    r = run("ai_check", {**BEST, question: answer})["result"]
    assert r["score"] == 3 and r["risk"] == "high"
    assert r["reasons"][0] == "At least one answer sets the risk level to high risk, whatever the total."


def test_an_unwritten_purpose_is_at_least_medium():
    r = run("ai_check", {**BEST, "purpose": "no"})["result"]
    assert r["score"] == 2 and r["risk"] == "medium"


def test_report_says_the_questions_are_the_projects_own():
    html = outcome()["html"]
    assert "project&#x27;s own" in html and "Medium risk" in html and "Why this risk level" in html


def test_downloads_csv_and_markdown():
    table, summary, answers = outcome()["downloads"]
    assert answers["kind"] == "inputs"
    rows = list(csv.DictReader(io.StringIO(table["text"])))
    assert [r["theme"] for r in rows] == [q.theme for q in SETTINGS.questions]
    assert summary["mime"] == "text/markdown" and "Risk level: **Medium risk**" in summary["text"]
    assert "project's own" in summary["text"]


# --- bad input --------------------------------------------------------------------------------


def test_an_unanswered_question_is_named():
    out = outcome(review="", bias=None)
    errors = {e["field"]: e["message"] for e in out["errors"]}
    assert errors == {
        "review": "Select whether a practitioner approves every output",
        "bias": "Select whether you have checked the tool works equally well for everyone",
    }


def test_an_unknown_answer_is_named_with_the_choices():
    out = outcome(consent="sometimes")
    [error] = out["errors"]
    assert error["field"] == "consent"
    assert error["message"].startswith("Select how children and families are told about the tool, using one of")
    assert "Told only through a privacy notice" in error["message"]


def test_nothing_answered_lists_every_question():
    out = run("ai_check", {})
    assert [e["field"] for e in out["errors"]] == list(QUESTIONS)


# --- data checks --------------------------------------------------------------------------------


def test_default_data_is_labelled_as_the_projects_own_and_links_the_dfe_guidance():
    data = load_data("ai_check.json")
    assert "project's own" in data["about"] and "not public" in data["about"]
    assert "project's own" in data["questions_source"] and "project's own" in data["scoring_source"]
    assert "16 April 2024" in data["guidance_title"]
    assert data["guidance_url"].startswith("https://rtau.blog.gov.uk/2024/04/16/")


def broken(**change) -> dict:
    data = copy.deepcopy(load_data("ai_check.json"))
    for key, value in change.items():
        target = data
        *path, last = key.split(".")
        for part in path:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    return data


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"levels.0.from_score": 1}, "levels"),
        ({"levels.0.level": "purple"}, "levels[0].level"),
        ({"questions.0.answers.1.at_least": "severe"}, "questions[0].answers[1].at_least"),
        ({"questions.0.answers.1.score": -1}, "questions[0].answers[1].score"),
        ({"questions.0.answers.1.reason": ""}, "questions[0].answers[1].reason"),
        ({"questions.1.id": "purpose"}, "questions"),
        ({"questions.0.id": "has space"}, "questions[0].id"),
        ({"example.purpose": "maybe"}, "example.purpose"),
    ],
)
def test_bad_data_is_a_config_error(change, key):
    with pytest.raises(ConfigError) as problem:
        prepare("ai_check", {}, broken(**change))
    assert problem.value.key == key


def test_a_council_can_load_its_own_questions():
    data = {
        "levels": [
            {"id": "ok", "label": "Go", "level": "green", "from_score": 0, "next_steps": ["Proceed."]},
            {"id": "stop", "label": "Stop", "level": "red", "from_score": 5, "next_steps": ["Stop."]},
        ],
        "questions": [
            {
                "id": "q1",
                "theme": "Our theme",
                "label": "Our question?",
                "answers": [
                    {"value": "a", "label": "A", "score": 0},
                    {"value": "b", "label": "B", "score": 5, "reason": "B is risky."},
                ],
            }
        ],
        "example": {"q1": "a"},
    }
    assert run("ai_check", {"q1": "b"}, {}, data)["result"]["label"] == "Stop"
    out = run("ai_check", {}, {}, data)
    assert out["errors"][0]["message"] == "Select an answer about our theme"


# --- properties -----------------------------------------------------------------------------------

answers = st.fixed_dictionaries({q.id: st.sampled_from([a.value for a in q.answers]) for q in SETTINGS.questions})


@settings(max_examples=300, deadline=None)
@given(answers)
def test_any_answers_give_a_valid_level_with_reasons_and_next_steps(values):
    out = run("ai_check", values)
    assert out["ok"]
    r = out["result"]
    assert r["risk"] in LEVEL_IDS
    assert r["reasons"] and all(reason for reason in r["reasons"])
    assert r["next_steps"] and len(set(r["next_steps"])) == len(r["next_steps"])
    assert 0 <= r["score"] <= r["max_score"]
    level = next(lv for lv in SETTINGS.levels if lv.id == r["risk"])
    assert r["score"] >= level.from_score or r["reasons"][0].startswith("At least one answer")


@settings(max_examples=200, deadline=None)
@given(answers, st.sampled_from(list(QUESTIONS)))
def test_a_worse_answer_never_lowers_the_risk_level(values, question):
    better = {**values, question: min(QUESTIONS[question].answers, key=lambda a: a.score).value}
    worse = {**values, question: max(QUESTIONS[question].answers, key=lambda a: a.score).value}
    a, b = run("ai_check", better)["result"], run("ai_check", worse)["result"]
    assert LEVEL_IDS.index(b["risk"]) >= LEVEL_IDS.index(a["risk"])
    assert b["score"] >= a["score"]


# --- command line -----------------------------------------------------------------------------------


cli = partial(run_cli, "ai_check")


def test_cli_csv_in_csv_out_one_row_per_tool(tmp_path):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(QUESTIONS))
    writer.writeheader()
    writer.writerows([EXAMPLE, BEST, WORST])
    (tmp_path / "tools.csv").write_text(buffer.getvalue())
    out = cli(str(tmp_path / "tools.csv"), "--format", "csv")
    assert out.returncode == 0, out.stderr
    assert [line["risk"] for line in csv.DictReader(io.StringIO(out.stdout))] == ["medium", "lower", "high"]


def test_cli_bad_input_exit_1_with_messages():
    out = cli("-", stdin=json.dumps({**EXAMPLE, "review": ""}))
    assert out.returncode == 1
    assert "review: Select whether a practitioner approves every output" in out.stderr
    assert "Traceback" not in out.stderr
