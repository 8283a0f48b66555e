"""The shared rating-framework helpers: framework data checks, reading ratings, summaries, Markdown safety."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import ConfigError, prepare
from calculators.kit import ratings as rt
from calculators.kit.data import load_data
from calculators.kit.fields import Reader

SCALE = rt.parse_scale(
    {"scale": [{"value": 1, "label": "Low"}, {"value": 2, "label": "Mid"}, {"value": 3, "label": "High"}]}
)
ITEMS = rt.parse_items(
    {"items": [{"id": "a", "name": "Alpha"}, {"id": "b", "name": "Beta"}, {"id": "c", "name": "Gamma"}]},
    "items",
)


def scale_data(**changes):
    data = {"scale": [{"value": 1, "label": "Low"}, {"value": 2, "label": "High"}]}
    data["scale"][0].update(changes)
    return data


# --- framework data checks name the key -------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "key", "words"),
    [
        ({}, "scale", "is missing"),
        ({"scale": "1-3"}, "scale", "must be a list"),
        ({"scale": [{"value": 1, "label": "Only"}]}, "scale", "at least 2"),
        ({"scale": [{"value": 2, "label": "A"}, {"value": 1, "label": "B"}]}, "scale[1].value", "higher"),
        ({"scale": [{"value": 1, "label": "A"}, {"value": 2, "label": "a"}]}, "scale", "different label"),
        # "Café" composed (é) and decomposed (e + combining accent) are one label
        (
            {"scale": [{"value": 1, "label": "Caf\u00e9"}, {"value": 2, "label": "Cafe\u0301"}]},
            "scale",
            "different label",
        ),
        (scale_data(value="one"), "scale[0].value", "must be a number"),
        (scale_data(value=True), "scale[0].value", "not true/false"),
        (scale_data(label=""), "scale[0].label", "must not be empty"),
        (scale_data(level="purple"), "scale[0].level", "must be one of"),
        ({"scale": ["low", "high"]}, "scale[0]", "must be a table with value, label"),
    ],
)
def test_scale_problems_name_the_key(data, key, words):
    with pytest.raises(ConfigError) as caught:
        rt.parse_scale(data)
    assert caught.value.key == key
    assert words in caught.value.message


@pytest.mark.parametrize(
    ("items", "key", "words"),
    [
        ([], "items", "must list at least 1"),
        ([{"name": "No id"}], "items[0].id", "is missing"),
        ([{"id": "has space", "name": "X"}], "items[0].id", "letters, digits and underscores"),
        ([{"id": "not_observed", "name": "X"}], "items[0].id", "not_observed"),
        ([{"id": "a", "name": ""}], "items[0].name", "must not be empty"),
        ([{"id": "a", "name": "X", "questions": "Why?"}], "items[0].questions", "must be a list"),
        ([{"id": "a", "name": "X", "questions": ["Why?", ""]}], "items[0].questions[1]", "not empty"),
        ([{"id": "a", "name": "X"}, {"id": "a", "name": "Y"}], "items", "each id must be different"),
        ([{"id": "a", "name": "X"}, {"id": "b", "name": "x"}], "items", "each name must be different"),
        ([{"id": "a", "name": "Jos\u00e9"}, {"id": "b", "name": "JOSE\u0301"}], "items", "each name must be different"),
        (["just a name"], "items[0]", "must be a table with id, name"),
    ],
)
def test_item_problems_name_the_key(items, key, words):
    with pytest.raises(ConfigError) as caught:
        rt.parse_items({"items": items}, "items")
    assert caught.value.key == key
    assert words in caught.value.message


def test_scale_finds_by_value_or_label():
    assert SCALE.find("2").label == "Mid"
    assert SCALE.find("2.0").label == "Mid"
    assert SCALE.find(" high ").value == 3
    assert SCALE.find("4") is None
    assert SCALE.find("Excellent") is None
    assert SCALE.describe() == "1 (Low) to 3 (High)"


def test_fractional_scale_values_keep_their_text():
    scale = rt.parse_scale({"scale": [{"value": 0.5, "label": "A"}, {"value": 1.5, "label": "B"}]})
    assert [lv.key for lv in scale.levels] == ["0.5", "1.5"]
    assert scale.find("1.5").label == "B"


def test_options_are_refused_with_the_key():
    with pytest.raises(ConfigError) as caught:
        prepare("hybrid", {"model": "x"})
    assert caught.value.key == "options.model" and "takes no options" in caught.value.message


# --- reading ratings --------------------------------------------------------------------------


def test_read_rating_accepts_levels_not_observed_and_blank():
    field = rt.rating_field(ITEMS[0], SCALE, "Rating for Alpha", "", "Alpha", "Not observed")
    r = Reader({"rating_a": "3"})
    assert rt.read_rating(r, field, SCALE).label == "High"
    assert rt.read_rating(Reader({"rating_a": "not_observed"}), field, SCALE) == rt.NOT_OBSERVED
    assert rt.read_rating(Reader({}), field, SCALE) is None
    bad = Reader({"rating_a": "7"})
    assert rt.read_rating(bad, field, SCALE) is None
    assert bad.errors[0].field == "rating_a"
    assert bad.errors[0].message.startswith("Rating for Alpha must be one of: 1 – Low, 2 – Mid, 3 – High")


def test_not_observed_is_refused_when_the_framework_has_no_such_choice():
    field = rt.rating_field(ITEMS[0], SCALE, "Level for Alpha", "", "Alpha")
    r = Reader({"rating_a": "not_observed"})
    assert rt.read_rating(r, field, SCALE) is None
    assert r.errors and r.errors[0].field == "rating_a"


# --- summaries: every combination is valid ----------------------------------------------------

answers = st.sampled_from([None, rt.NOT_OBSERVED, *SCALE.levels])


@settings(deadline=None)
@given(st.lists(answers, min_size=3, max_size=3))
def test_every_combination_gives_a_valid_summary(combo):
    ratings = tuple(rt.rating_of(item, a) for item, a in zip(ITEMS, combo, strict=True))
    s = rt.summarise(ratings)
    levels = [a for a in combo if isinstance(a, rt.Level)]
    assert s.rated == len(levels) and s.total == 3
    assert s.not_observed == combo.count(rt.NOT_OBSERVED)
    if levels:
        assert SCALE.lowest.value <= s.mean <= SCALE.highest.value
        assert s.strongest and set(s.strongest) <= {x.name for x in ratings if x.value is not None}
        assert not set(s.strongest) & set(s.weakest)
    else:
        assert s.mean is None and s.strongest == () and s.weakest == ()
    low = rt.lowest_first(ratings, SCALE, 2)
    assert len(low) <= 2
    assert all(x.value < SCALE.highest.value for x in low)
    assert [x.value for x in low] == sorted(x.value for x in low)
    chart = rt.profile_chart("Profile", ratings, SCALE)
    assert len(chart.bars) == 3 and all(0 <= b.value <= len(SCALE.levels) for b in chart.bars)


def test_weakest_is_empty_when_everything_is_level():
    ratings = tuple(rt.rating_of(item, SCALE.levels[1]) for item in ITEMS)
    s = rt.summarise(ratings)
    assert s.strongest == ("Alpha", "Beta", "Gamma") and s.weakest == ()


# --- text safety ------------------------------------------------------------------------------


def test_markdown_cells_and_text_cannot_break_tables_or_run_html():
    assert rt.md_cell("a | b\nc") == "a \\| b c"
    assert rt.md_cell("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert rt.md_cell("") == " "
    table = rt.md_table(("A", "B"), [("x|y", "")])
    assert table.splitlines()[2] == "| x\\|y |   |"
    assert rt.md_text("# Not a heading\n<b>bold</b>") == "\\# Not a heading\n&lt;b&gt;bold&lt;/b&gt;"


@pytest.mark.parametrize(
    ("label", "expected"), [("Team B, obs 3", "team-b-obs-3"), ("", "x"), ("../../etc", "etc"), ("Ærø", "r")]
)
def test_slug_makes_safe_file_names(label, expected):
    assert rt.slug(label, "x") == expected


# --- the shipped defaults say they are the project's own --------------------------------------


@pytest.mark.parametrize("name", ["supervision", "hybrid"])
def test_default_frameworks_are_labelled_as_the_projects_own(name):
    data = load_data(f"{name}.json")
    assert "project's own" in data["about"]
    assert "own default" in data["name"] and "not the official" in data["name"]
    for key in ("scale_source", "name_source", "about"):
        assert data[key].strip()
    items_key = "domains" if name == "supervision" else "conditions"
    assert "project's own" in data[f"{items_key}_source"]
    assert "project's own" in data["scale_source"] or "Bostock" in data["scale_source"]


def test_hybrid_default_has_nine_conditions_and_supervision_six_domains():
    assert len(prepare("hybrid")[1].conditions) == 9
    assert len(prepare("supervision")[1].domains) == 6


def test_frameworks_are_pure_data_a_council_can_replace():
    data = copy.deepcopy(load_data("supervision.json"))
    data["domains"] = [{"id": "d1", "name": "Domain one", "questions": ["Q?"]}]
    data["scale"] = [{"value": 0, "label": "No"}, {"value": 1, "label": "Yes"}]
    s = prepare("supervision", {}, data)[1]
    assert [d.name for d in s.domains] == ["Domain one"] and s.scale.highest.label == "Yes"
