"""Supervision observation and its collation: worked example, bad input, framework data, properties,
exports that the collation imports, and the command line."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path

import pytest
from cli_helpers import run_cli
from example_helpers import download
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from calculators import ConfigError, act, prepare, run
from calculators import supervision as sv
from calculators.io.csv_files import read_csv
from calculators.kit.data import load_data

ROOT = Path(__file__).resolve().parents[2]
CALC, S = prepare("supervision")
DOMAINS = [d.id for d in S.domains]
KEYS = [lv.key for lv in S.scale.levels]


def data() -> dict:
    return copy.deepcopy(load_data("supervision.json"))


def observe(**ratings) -> dict:
    values = {f"rating_{d}": "" for d in DOMAINS}
    values.update({f"rating_{k}": v for k, v in ratings.items()})
    return values


# --- the observation, by hand ---------------------------------------------------------------


def test_worked_example_by_hand():
    out = run("supervision", sv.example(S))
    assert out["ok"]
    r = out["result"]
    # levels cycle 3, 2, 1, 3, 2, 1 over the six domains
    assert [x["value"] for x in r["profile"]] == [3, 2, 1, 3, 2, 1]
    assert r["summary"]["mean"] == 2 and r["summary"]["rated"] == 6
    assert r["summary"]["strongest"] == ["Safe space and agreed purpose", "Identity, anti-racism and rights"]
    # action list: the lowest first, framework order breaking ties, at most three
    assert [a["domain"] for a in r["actions"]] == [
        "Curiosity and more than one explanation",
        "From reflection to action",
        "Focus on the child and family",
    ]
    assert r["actions"][0]["prompts"][0].startswith("Before agreeing a plan")
    assert "6 of 6 domains rated" in out["html"]


def test_top_ratings_give_no_actions():
    out = run("supervision", observe(**{d: "3" for d in DOMAINS}))
    assert out["result"]["actions"] == []
    assert "Every rated domain is at the top of the scale" in out["html"]


def test_blank_observation_is_a_valid_empty_profile_so_a_half_finished_form_still_works():
    out = run("supervision", {})
    assert out["ok"]
    assert out["result"]["summary"]["rated"] == 0
    assert "No domains rated yet" in out["html"]


def test_not_observed_and_not_rated_are_told_apart():
    out = run("supervision", observe(safe_space="1", child_focus="not_observed"))
    profile = {x["id"]: x for x in out["result"]["profile"]}
    assert profile["child_focus"]["status"] == "not_observed" and profile["child_focus"]["label"] == "Not observed"
    assert profile["curiosity"]["status"] == "not_rated"
    assert out["result"]["summary"]["not_observed"] == 1
    assert "1 not observed" in out["html"]


def test_labels_are_accepted_as_ratings_for_the_command_line():
    out = run("supervision", observe(safe_space="Emerging", curiosity="well established"))
    values = {x["id"]: x["value"] for x in out["result"]["profile"]}
    assert values["safe_space"] == 2 and values["curiosity"] == 3


def test_prompts_fall_back_to_the_questions_when_a_council_gives_none():
    d = data()
    for domain in d["domains"]:
        domain.pop("prompts")
    out = run("supervision", observe(curiosity="1"), data=d)
    assert out["result"]["actions"][0]["prompts"][0] == "Reflect together: " + d["domains"][2]["questions"][0]


# --- bad input: field-level messages ------------------------------------------------------------


def test_bad_input_gets_a_message_at_each_field():
    out = run(
        "supervision",
        {
            **observe(safe_space="5", curiosity="Excellent"),
            "date": "31/02/2026",
            "session": "x" * 101,
            "strengths": "y" * 5001,
        },
    )
    assert not out["ok"]
    errors = {e["field"]: e["message"] for e in out["errors"]}
    assert errors["date"] == "Date of the session must be a real date, like 2026-03-14"
    assert errors["rating_safe_space"].startswith("Rating for Safe space and agreed purpose must be one of: 1 – ")
    assert "rating_curiosity" in errors
    assert errors["session"] == "Session label must be 100 characters or fewer"
    assert errors["strengths"] == "Strengths must be 5000 characters or fewer"
    assert all(e["row"] is None for e in out["errors"])


@pytest.mark.parametrize(
    ("raw", "iso"),
    [("2026-03-14", "2026-03-14"), ("14/03/2026", "2026-03-14"), ("1/2/2026", "2026-02-01"), ("", "")],
)
def test_dates_in_either_format(raw, iso):
    out = run("supervision", {"date": raw})
    assert out["result"]["date"] == iso


# --- the framework is data: a council's STAR template loads without code -----------------------


def council_framework() -> dict:
    """Shaped like a council's own file; the names here are placeholders, not STAR's."""
    return {
        "name": "Our council's observation template",
        "not_observed_label": "",
        "scale": [{"value": v, "label": f"Level {v}"} for v in (1, 2, 3, 4)],
        "domains": [{"id": f"domain_{n}", "name": f"Domain {n}", "questions": [f"Question {n}?"]} for n in range(1, 7)],
    }


def test_a_council_framework_replaces_domains_questions_and_scale():
    fw = council_framework()
    calc, s = prepare("supervision", {}, fw)
    fields = {f.name: f for f in calc.form(s)}
    assert [c.value for c in fields["rating_domain_1"].choices] == ["1", "2", "3", "4"]  # no "not observed"
    assert "Question 1?" in fields["rating_domain_1"].hint
    out = run("supervision", {"rating_domain_1": "4", "rating_domain_2": "1"}, data=fw)
    assert out["ok"] and out["result"]["framework"] == "Our council's observation template"
    assert not run("supervision", {"rating_domain_1": "not_observed"}, data=fw)["ok"]


def test_the_directive_accepts_a_council_file(tmp_path):
    from toolkit_site.directive import DirectiveError, load_council_data

    good = tmp_path / "star.json"
    good.write_text(json.dumps(council_framework()), encoding="utf-8")
    assert load_council_data({"supervision": str(good), "supervision_collate": str(good)})
    bad = council_framework()
    bad["scale"][2]["value"] = 1
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(DirectiveError, match=r"key `scale\[2\]\.value`"):
        load_council_data({"supervision": str(tmp_path / "bad.json")})


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d.pop("name"), "name"),
        (lambda d: d.pop("domains"), "domains"),
        (lambda d: d["domains"][1].update(prompts="Do better"), "domains[1].prompts"),
        (lambda d: d.update(max_actions=0), "max_actions"),
        (lambda d: d.update(not_observed_label=False), "not_observed_label"),
        (lambda d: d["domains"][0].update(id="safe space"), "domains[0].id"),
    ],
)
def test_framework_problems_name_the_key(change, key):
    d = data()
    change(d)
    with pytest.raises(ConfigError) as caught:
        prepare("supervision", {}, d)
    assert caught.value.key == key


def test_options_are_refused():
    with pytest.raises(ConfigError, match=r"options\.model"):
        prepare("supervision", {"model": "x"})


# --- every rating combination gives a valid summary --------------------------------------------

ANSWER = st.sampled_from(["", "not_observed", *KEYS])


@hsettings(deadline=None)
@given(st.lists(ANSWER, min_size=len(DOMAINS), max_size=len(DOMAINS)))
def test_every_rating_combination_gives_a_valid_summary(combo):
    out = run("supervision", observe(**dict(zip(DOMAINS, combo, strict=True))))
    assert out["ok"]
    r = out["result"]
    rated = [int(c) for c in combo if c in KEYS]
    assert r["summary"]["rated"] == len(rated)
    assert r["summary"]["not_observed"] == combo.count("not_observed")
    if rated:
        assert r["summary"]["mean"] == pytest.approx(sum(rated) / len(rated))
    # actions: at most max_actions, only domains below the top, lowest first
    values = [a["rating"].split(" ")[0] for a in r["actions"]]
    assert len(values) == min(S.max_actions, sum(1 for c in rated if c < 3))
    assert values == sorted(values) and "3" not in values
    assert out["html"] and len(out["downloads"]) == 3


@hsettings(max_examples=40, deadline=None)  # a busy machine must not fail it by time
@given(
    st.lists(st.integers(-5, 10), min_size=2, max_size=6, unique=True),
    st.integers(1, 8),
    st.data(),
)
def test_any_valid_framework_and_any_ratings_give_a_valid_summary(values, n_domains, draw):
    values.sort()
    fw = {
        "name": "Generated",
        "scale": [{"value": v, "label": f"L{v}"} for v in values],
        "domains": [{"id": f"d{i}", "name": f"D{i}"} for i in range(n_domains)],
    }
    combo = draw.draw(st.lists(st.sampled_from(["", *map(str, values)]), min_size=n_domains, max_size=n_domains))
    out = run("supervision", {f"rating_d{i}": c for i, c in enumerate(combo)}, data=fw)
    assert out["ok"]
    mean = out["result"]["summary"]["mean"]
    assert mean is None or values[0] <= mean <= values[-1]


# --- exports ------------------------------------------------------------------------------------


def test_exports_csv_json_and_markdown():
    out = run("supervision", {**sv.example(S), "notes_curiosity": "Only one explanation | considered"})
    row = read_csv(download(out, ".csv")["text"])
    assert row == [
        {
            "observation": "Example observation",
            "date": "2026-03-14",
            "safe_space": "3",
            "child_focus": "2",
            "curiosity": "1",
            "identity_rights": "3",
            "wellbeing_development": "2",
            "reflection_to_action": "1",
        }
    ]
    record = json.loads(download(out, ".json")["text"])
    assert record["format"] == sv.EXPORT_FORMAT and record["observation"] == row[0]
    assert record["values"]["notes_curiosity"] == "Only one explanation | considered"
    md = download(out, ".md")["text"]
    assert md.startswith("# Supervision observation: Example observation")
    assert "Only one explanation \\| considered" in md
    assert download(out, ".csv")["filename"] == "supervision-observation-2026-03-14.csv"


def test_the_json_record_loads_back_into_the_form():
    out = run("supervision", {**sv.example(S), "rating_curiosity": "not_observed", "notes_safe_space": "Agenda"})
    record = json.loads(download(out, ".json")["text"])
    again = run("supervision", record["values"])
    assert again["result"] == out["result"]


def test_exported_csv_is_formula_safe():
    out = run("supervision", {"session": '=HYPERLINK("http://x")', "rating_safe_space": "1"})
    text = download(out, ".csv")["text"]
    assert read_csv(text)[0]["observation"] == '\'=HYPERLINK("http://x")'


def test_user_text_is_escaped_in_the_result():
    out = run("supervision", {"notes_safe_space": "<img src=x onerror=alert(1)>", "rating_safe_space": "2"})
    assert "<img" not in out["html"] and "&lt;img" in out["html"]


# --- collation ----------------------------------------------------------------------------------


def test_collation_worked_example_by_hand():
    calc, s = prepare("supervision_collate")
    out = run("supervision_collate", calc.example(s))
    assert out["ok"]
    r = out["result"]
    assert r["observations"] == 4
    first = r["domains"][0]
    rows = calc.example(s)["observations"]
    given_ = [row["safe_space"] for row in rows]
    rated = [int(v) for v in given_ if v in KEYS]
    assert first["rated"] == len(rated) and first["mean"] == pytest.approx(sum(rated) / len(rated))
    assert first["not_observed"] == given_.count("not_observed")
    assert sum(first["distribution"]) == first["rated"]
    assert (
        r["priorities"][0]["domain"]
        == min((d for d in r["domains"] if d["mean"] is not None), key=lambda d: d["mean"])["name"]
    )
    assert "Employer Standard 5" in out["html"]


def observation_csv(**ratings) -> str:
    return download(run("supervision", observe(**ratings)), ".csv")["text"]


def test_collation_imports_joined_downloads_skipping_repeated_headers():
    joined = observation_csv(safe_space="1", curiosity="3") + observation_csv(safe_space="3", curiosity="3")
    imported = act("supervision_collate", "import_csv", {}, payload=joined)
    assert imported["ok"]
    out = run("supervision_collate", imported["values"])
    assert out["ok"], out
    by_id = {d["id"]: d for d in out["result"]["domains"]}
    assert out["result"]["observations"] == 2
    assert by_id["safe_space"]["mean"] == 2 and by_id["safe_space"]["distribution"] == [1, 0, 1]
    assert by_id["curiosity"]["mean"] == 3
    assert by_id["child_focus"]["rated"] == 0 and by_id["child_focus"]["mean"] is None


def test_collation_template_has_the_column_names():
    template = act("supervision_collate", "csv_template", {})["download"]["text"]
    assert template.strip() == ",".join(["observation", "date", *DOMAINS])


def test_collation_bad_cells_get_row_and_column_messages():
    rows = [
        {"observation": "A", "safe_space": "9"},
        {"observation": "B", "date": "yesterday", "curiosity": "2"},
    ]
    out = run("supervision_collate", {"observations": rows})
    assert not out["ok"]
    errors = {(e["row"], e["field"]): e for e in out["errors"]}
    assert errors[(0, "safe_space")]["message"].startswith(
        "Row 1: Safe space and agreed purpose must be one of 1, 2, 3, not_observed, or blank"
    )
    assert errors[(0, "safe_space")]["table"] == "observations"
    assert errors[(1, "date")]["message"] == "Row 2: Date must be a real date, like 2026-03-14"


def test_collation_needs_at_least_one_rating():
    out = run("supervision_collate", {"observations": [{"observation": "A"}]})
    assert out["errors"] == [
        {
            "field": "observations",
            "message": "Add at least one observation with a rating",
            "row": None,
            "table": None,
        }
    ]


@hsettings(deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["", "not_observed", *KEYS]), min_size=len(DOMAINS), max_size=len(DOMAINS)),
        min_size=1,
        max_size=12,
    )
)
def test_any_set_of_observations_collates_consistently(matrix):
    rows = [dict(zip(DOMAINS, combo, strict=True)) for combo in matrix]
    out = run("supervision_collate", {"observations": rows})
    if not any(c in KEYS for combo in matrix for c in combo):
        assert not out["ok"]
        return
    assert out["ok"]
    for j, d in enumerate(out["result"]["domains"]):
        column = [combo[j] for combo in matrix]
        assert d["rated"] == sum(c in KEYS for c in column) == sum(d["distribution"])
        assert d["not_observed"] == column.count("not_observed")
        assert d["rated"] + d["not_observed"] <= len(matrix)
    assert len(out["result"]["priorities"]) <= S.max_actions


def test_collation_downloads():
    calc, s = prepare("supervision_collate")
    out = run("supervision_collate", calc.example(s))
    summary = list(csv.DictReader(io.StringIO(download(out, ".csv")["text"])))
    assert [r["domain"] for r in summary] == [d.name for d in S.domains]
    assert set(summary[0]) == {
        "domain",
        "rated",
        "average",
        "1 Not yet seen",
        "2 Emerging",
        "3 Well established",
        "not_observed",
    }
    assert download(out, ".md")["text"].startswith("# Supervision action plan")


# --- command line -------------------------------------------------------------------------------


cli = run_cli


def test_cli_json_in_json_out():
    done = cli("supervision", "-", stdin=json.dumps(sv.example(S)))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["result"]["summary"]["mean"] == 2


def test_cli_csv_batch_in_csv_out(tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text("rating_safe_space,rating_curiosity\n1,3\n2,not_observed\n", encoding="utf-8")
    done = cli("supervision", str(path), "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["ok"] for r in rows] == ["True", "True"]
    assert rows[0]["framework"].startswith("Supervision observation framework")


def test_cli_reports_field_problems_and_exits_1():
    done = cli("supervision", "-", stdin=json.dumps({"rating_safe_space": "8"}))
    assert done.returncode == 1
    assert "rating_safe_space: Rating for Safe space and agreed purpose must be one of" in done.stderr


def test_cli_example():
    done = cli("supervision", "--example")
    assert json.loads(done.stdout) == sv.example(S)


def test_collation_cli_takes_several_downloaded_files(tmp_path):
    first = run("supervision", observe(safe_space="1", curiosity="2"))
    second = run("supervision", observe(safe_space="3", curiosity="2"))
    third = run("supervision", observe(safe_space="2"))
    (tmp_path / "a.csv").write_text(download(first, ".csv")["text"], encoding="utf-8")
    (tmp_path / "b.json").write_text(download(second, ".json")["text"], encoding="utf-8")
    (tmp_path / "c.json").write_text(download(third, ".json")["text"], encoding="utf-8")
    done = cli("supervision_collate", str(tmp_path / "a.csv"), str(tmp_path / "b.json"), str(tmp_path / "c.json"))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)["result"]
    by_id = {d["id"]: d for d in result["domains"]}
    assert result["observations"] == 3
    assert by_id["safe_space"]["mean"] == 2 and by_id["curiosity"]["mean"] == 2


def test_collation_cli_single_joined_csv_and_csv_output(tmp_path):
    path = tmp_path / "all.csv"
    path.write_text(observation_csv(safe_space="1") + observation_csv(safe_space="2"), encoding="utf-8")
    done = cli("supervision_collate", str(path), "--format", "csv")
    assert done.returncode == 0, done.stderr
    # one collation is written as the tool's own summary CSV: a row per domain, both observations counted
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows and all(row["rated"] == "2" for row in rows if row["domain"] == rows[0]["domain"])


def test_collation_cli_with_a_council_data_file(tmp_path):
    fw = council_framework()
    (tmp_path / "fw.json").write_text(json.dumps(fw), encoding="utf-8")
    (tmp_path / "o.csv").write_text("observation,domain_1\nA,4\nB,2\n", encoding="utf-8")
    done = cli("supervision_collate", str(tmp_path / "o.csv"), "--data", str(tmp_path / "fw.json"))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["result"]["domains"][0]["mean"] == 3


def test_collation_cli_refuses_a_file_that_is_not_a_record(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"something": 1}), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"something": 2}), encoding="utf-8")
    done = cli("supervision_collate", str(tmp_path / "a.json"), str(tmp_path / "b.json"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "a.json: The JSON file is not a record saved by the supervision observation tool" in done.stderr


def test_collation_accepts_level_labels_and_not_observed_wording():
    rows = [{"safe_space": "Emerging", "curiosity": "not observed"}, {"safe_space": "well established"}]
    out = run("supervision_collate", {"observations": rows})
    by_id = {d["id"]: d for d in out["result"]["domains"]}
    assert by_id["safe_space"]["mean"] == 2.5 and by_id["curiosity"]["not_observed"] == 1
