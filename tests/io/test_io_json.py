"""JSON is read strictly (calculators.io.json_files.strict_json), for any JSON a person or a program
might write: valid JSON reads back exactly; a key given twice anywhere, a number too big for the
arithmetic, NaN and Infinity are each a message naming what (and where), never a silent last value,
an infinity passed on, or a traceback."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.io.json_files import strict_json
from calculators.io.limits import FileProblem

keys = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF, exclude_characters='"\\'), min_size=1, max_size=8)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**300), max_value=10**300)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
documents = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4), max_leaves=20
)


def objects_in(value):
    """Every object in a document."""
    if isinstance(value, dict):
        yield value
    for inner in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
        yield from objects_in(inner)


@settings(deadline=None, max_examples=200)
@given(documents)
def test_valid_json_reads_back_exactly(document):
    assert strict_json(json.dumps(document)) == document


@settings(deadline=None, max_examples=200)
@given(documents.filter(lambda d: any(objects_in(d))), st.data())
def test_a_key_given_twice_anywhere_is_named(document, data):
    target = data.draw(st.sampled_from([o for o in objects_in(document) if o]))
    key = data.draw(st.sampled_from(sorted(target)))
    text = json.dumps(document)
    # The same object written again with its key given twice (once more, as its last member).
    inner = json.dumps(target)
    doubled = inner[:-1] + ", " + json.dumps(key) + ": 0}"
    assert inner in text
    with pytest.raises(FileProblem) as refused:
        strict_json(text.replace(inner, doubled, 1))
    assert "gives the key" in refused.value.message and "twice" in refused.value.message


def test_where_a_duplicate_is_is_said():
    with pytest.raises(FileProblem, match=r"gives the key 'cases_cp' twice in 'workers', item 2"):
        strict_json('{"workers": [{"cases_cp": 1}, {"cases_cp": 1, "cases_cp": 9}]}')
    with pytest.raises(FileProblem, match=r"gives the key 'workers' twice in its top level"):
        strict_json('{"workers": [], "workers": [{}]}')
    with pytest.raises(FileProblem, match=r"twice in item 1"):
        strict_json('[{"a": 1, "a": 1}]')


@settings(deadline=None)
@given(st.integers(min_value=309, max_value=5000), st.booleans())
def test_a_whole_number_longer_than_a_float_holds_is_refused(digits, negative):
    literal = ("-" if negative else "") + "9" * digits
    with pytest.raises(FileProblem, match=f"a whole number {digits:,} digits long, too big to calculate with"):
        strict_json('{"cases": ' + literal + "}")


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=308))
def test_a_whole_number_a_float_holds_is_read_as_written(digits):
    literal = "9" * digits
    value = strict_json("[" + literal + "]")[0]
    assert value == int(literal) and math.isfinite(float(value))


@settings(deadline=None)
@given(st.integers(min_value=309, max_value=100_000), st.sampled_from(["1e", "-2.5E+", "9.99e"]))
def test_a_number_past_the_largest_float_is_refused_with_its_line(exponent, mantissa):
    literal = f"{mantissa}{exponent}"
    with pytest.raises(FileProblem) as refused:
        strict_json('{\n  "hours":\n    ' + literal + "\n}")
    assert f"holds the number {literal}, too big to calculate with" in refused.value.message
    assert "(line 3, column 5)" in refused.value.message


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(constant):
    with pytest.raises(FileProblem, match=f"holds {constant}, which is not a number this toolkit accepts"):
        strict_json('{"a": [1, ' + constant + "]}")


def test_broken_json_still_says_where():
    with pytest.raises(
        FileProblem,
        match=r"The file is not valid JSON: Expecting property name enclosed in double quotes \(line 2, column 6\)",
    ):
        strict_json('{"a":\n  1, ]}')
