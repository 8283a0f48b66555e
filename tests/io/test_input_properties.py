"""Numbers never change silently: what our forms and exports write, the reader reads back as the
same number; what it accepts means what a person reading it would think it means."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.io.csv_files import csv_number
from calculators.kit.fields import Field, Reader, parse_number
from calculators.kit.text import fmt_number, plain_number

FIELD = Field("hours", "Hours", maximum=None, minimum=None)
# Figures as the forms hold them: up to a billion, to at most 6 decimal places.
amounts = st.decimals(min_value=-(10**9), max_value=10**9, places=6, allow_nan=False, allow_infinity=False)


def read(raw) -> tuple[float | None, list[str]]:
    r = Reader({"hours": raw})
    value = r.number(FIELD)
    return value, [e.message for e in r.errors]


@settings(deadline=None)
@given(amounts)
def test_every_way_we_write_a_number_reads_back_the_same(amount: Decimal):
    value = float(amount)
    for written in (plain_number(value), fmt_number(value, 6), str(csv_number(value)), f"£{fmt_number(value, 6)}"):
        assert read(written) == (float(fmt_number(value, 6).replace(",", "")), []), written


@settings(deadline=None)
@given(st.integers(-(10**12), 10**12))
def test_grouped_thousands_mean_what_they_say(n: int):
    assert read(f"{n:,}") == (float(n), [])
    assert read(f"{n:,}.25") == (float(n) + (0.25 if n >= 0 else -0.25), [])


@settings(deadline=None)
@given(st.integers(0, 999), st.integers(1, 99))
def test_a_decimal_comma_is_refused_not_misread(whole: int, fraction: int):
    text = f"{whole},{fraction}"
    value, errors = read(text)
    assert value is None and errors == ["Hours must use a point for decimals, like 22.5 (not a comma)"]


@settings(deadline=None)
@given(
    st.sampled_from(
        [
            "1e2",
            "1E2",
            "NaN",
            "nan",
            "Infinity",
            "-inf",
            "0x10",
            "1_000",
            "1,50,000",
            "١٢",
            "1.2.3",
            "12,34,567",
            "½",
            "--1",
            "1e308",
        ]
    )
)
def test_exponents_specials_and_odd_grouping_are_refused(text: str):
    value, errors = read(text)
    assert value is None and errors, text


@settings(deadline=None)
@given(st.text(max_size=30))
def test_any_text_is_a_number_or_a_message(text: str):
    value, errors = read(text)
    assert (value is None) == bool(errors)
    if value is not None:
        # Accepted text is exactly digits, an optional sign, grouping commas and one point.
        cleaned = text.strip().removeprefix("£").removesuffix("%").strip().replace(",", "")
        assert set(cleaned) <= set("0123456789.+-") and float(cleaned) == value


@settings(deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_json_numbers_that_are_not_finite_are_refused(x: float):
    value, errors = read(x)
    if x != x or x in (float("inf"), float("-inf")):
        assert value is None and errors
    else:
        assert value == x and not errors


def test_spaces_inside_a_number_get_their_own_message():
    assert parse_number("1 500")[1] == "must be written without spaces, like 1500 or 1,500"


# ---- any input, for every calculator: a result or a clear message, never a traceback ----------------

from calculators import CALCULATORS, prepare  # noqa: E402 - the section's own imports
from calculators.kit.fields import Table  # noqa: E402

NAMES = sorted(CALCULATORS)


def names_of(name: str) -> list[str]:
    """The names and labels a calculator knows (fields, tables and columns), so generated input is
    often nearly right, which is where the interesting mistakes are."""
    calc, settings = prepare(name)
    out = []
    for item in calc.form(settings):
        out += [item.name, item.label]
        if isinstance(item, Table):
            out += [n for c in item.columns for n in (c.name, c.label)]
    return out


cells = st.one_of(
    st.sampled_from(
        [
            "",
            "37",
            "1,500",
            "22,5",
            "1e2",
            "NaN",
            "-1",
            "yes",
            "No",
            "=1+1",
            "'=x",
            "2026-03-14",
            "4",
            "not_observed",
            '"',
            "\n",
        ]
    ),
    st.text(max_size=12),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@st.composite
def csv_files(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(NAMES))
    known = names_of(name)
    header = draw(st.lists(st.one_of(st.sampled_from(known), st.text(max_size=8)), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(cells, max_size=len(header) + 2), max_size=5))
    sep = draw(st.sampled_from([",", ";", "\t"]))
    quote = lambda c: '"' + c.replace('"', '""') + '"' if any(x in c for x in ',;\t"\n') else c  # noqa: E731
    text = "\r\n".join(sep.join(quote(c) for c in line) for line in [header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return name, text.encode(encoding, errors="replace")


@st.composite
def json_files(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(NAMES))
    known = names_of(name)
    answers = st.dictionaries(
        st.one_of(st.sampled_from(known), st.text(max_size=8)), st.one_of(cells, json_values), max_size=8
    )
    value = draw(
        st.one_of(
            answers,
            st.lists(answers, max_size=3),
            json_values,
            st.fixed_dictionaries(
                {
                    "format": st.sampled_from(
                        ["social-work-workload-toolkit/inputs", "social-work-workload-toolkit/x"]
                    ),
                    "calculator": st.sampled_from(NAMES),
                    "values": answers,
                }
            ),
        )
    )
    return name, json.dumps(value).encode()


def answers_clearly(name: str, files: list[tuple[str, bytes]]) -> None:
    """The page's import, then (if it worked) its calculation: each gives a result or named problems."""
    from base64 import b64encode

    from calculators.hosts.browser import handle

    request = {
        "calculator": name,
        "values": {},
        "action": "import_file",
        "payload": [b64encode(b).decode() for _, b in files],
        "filename": [n for n, _ in files],
    }
    for response in [json.loads(handle(json.dumps(request)))]:
        assert "failure" not in response, response
        if response["ok"]:
            outcome = json.loads(handle(json.dumps({"calculator": name, "values": response["values"]})))
            assert "failure" not in outcome, outcome
            assert outcome["ok"] or all(e["message"] for e in outcome["errors"])
        else:
            assert response["errors"] and all(e["message"] for e in response["errors"])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(NAMES), st.binary(max_size=400), st.sampled_from(["a.csv", "a.json", "a.txt", "a", "a.xlsx"]))
def test_any_bytes_give_a_result_or_a_message(name, data, filename):
    answers_clearly(name, [(filename, data)])


@settings(max_examples=300, deadline=None)
@given(csv_files())
def test_any_csv_gives_a_result_or_a_message(file):
    name, data = file
    answers_clearly(name, [("answers.csv", data)])


@settings(max_examples=300, deadline=None)
@given(json_files())
def test_any_json_gives_a_result_or_a_message(file):
    name, data = file
    answers_clearly(name, [("answers.json", data)])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(NAMES), json_values)
def test_any_json_values_sent_to_calculate_give_a_result_or_a_message(name, values):
    from calculators.hosts.browser import handle

    outcome = json.loads(handle(json.dumps({"calculator": name, "values": values})))
    assert "failure" not in outcome, outcome
    assert outcome["ok"] or all(e["message"] for e in outcome["errors"])
