"""Numbers never change silently: what our forms and exports write, the reader reads back as the
same number; what it accepts means what a person reading it would think it means."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from calculators._core import Field, Reader, fmt_number, parse_number, plain_number
from calculators._csv import csv_number

FIELD = Field("hours", "Hours", maximum=None, minimum=None)
# Figures as the forms hold them: up to a billion, to at most 6 decimal places.
amounts = st.decimals(min_value=-10**9, max_value=10**9, places=6, allow_nan=False, allow_infinity=False)


def read(raw) -> tuple[float | None, list[str]]:
    r = Reader({"hours": raw})
    value = r.number(FIELD)
    return value, [e.message for e in r.errors]


@given(amounts)
def test_every_way_we_write_a_number_reads_back_the_same(amount: Decimal):
    value = float(amount)
    for written in (plain_number(value), fmt_number(value, 6), str(csv_number(value)), f"£{fmt_number(value, 6)}"):
        assert read(written) == (float(fmt_number(value, 6).replace(",", "")), []), written


@given(st.integers(-10**12, 10**12))
def test_grouped_thousands_mean_what_they_say(n: int):
    assert read(f"{n:,}") == (float(n), [])
    assert read(f"{n:,}.25") == (float(n) + (0.25 if n >= 0 else -0.25), [])


@given(st.integers(0, 999), st.integers(1, 99))
def test_a_decimal_comma_is_refused_not_misread(whole: int, fraction: int):
    text = f"{whole},{fraction}"
    value, errors = read(text)
    assert value is None and errors == ["Hours must use a point for decimals, like 22.5 (not a comma)"]


@given(st.sampled_from(["1e2", "1E2", "NaN", "nan", "Infinity", "-inf", "0x10", "1_000", "1,50,000", "١٢",
                        "1.2.3", "12,34,567", "½", "--1", "1e308"]))
def test_exponents_specials_and_odd_grouping_are_refused(text: str):
    value, errors = read(text)
    assert value is None and errors, text


@given(st.text(max_size=30))
def test_any_text_is_a_number_or_a_message(text: str):
    value, errors = read(text)
    assert (value is None) == bool(errors)
    if value is not None:
        # Accepted text is exactly digits, an optional sign, grouping commas and one point.
        cleaned = text.strip().removeprefix("£").removesuffix("%").strip().replace(",", "")
        assert set(cleaned) <= set("0123456789.+-") and float(cleaned) == value


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_json_numbers_that_are_not_finite_are_refused(x: float):
    value, errors = read(x)
    if x != x or x in (float("inf"), float("-inf")):
        assert value is None and errors
    else:
        assert value == x and not errors


def test_spaces_inside_a_number_get_their_own_message():
    assert parse_number("1 500")[1] == "must be written without spaces, like 1500 or 1,500"
