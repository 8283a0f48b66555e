"""Numbers and words as the pages show them: rounding half up the way people do (shown), money,
percentages, and the helpers that keep labels and messages consistent."""

from __future__ import annotations

import math
import unicodedata
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

# A team's result writes a few hundred different figures thousands of times (the same loads, capacities
# and percentages in its tables, chart and rows): each is worked out once and then looked up. The
# functions are pure, so a remembered answer is the answer.
FIGURES_REMEMBERED = 8192


def lower_first(text: str) -> str:
    """The text with its first letter in lower case ("Contracted hours" -> "contracted hours"), acronyms kept."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


@lru_cache(maxsize=FIGURES_REMEMBERED)
def fmt_number(value: float, places: int = 1) -> str:
    """The one way a figure is written for people: thousands separators, at most `places`
    decimals, no trailing '.0' ("1,234.5", "12"), rounded as shown() rounds (so a figure reads as the
    value compared with any threshold). Numbers a form reads back use plain_number."""
    text = f"{shown(value, places):,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def money(value: float) -> str:
    """Pounds, whole (rounded as shown() rounds), with a real minus sign: "£1,234", "−£50"."""
    pounds = shown(value, 0)
    sign = "−" if pounds < 0 else ""
    return f"{sign}£{abs(pounds):,.0f}"


# Exact decimal arithmetic for shown(): enough digits for any figure a calculator can reach.
_EXACT = Context(prec=60)


_NOISE = Decimal("1e-9")


def shown(value: float, places: int = 1) -> float:
    """`value` as people are shown it: rounded to `places` decimals, halves away from zero (99.95 is
    100.0). The one place a figure is rounded before it is compared with a threshold: every band,
    level and count ("at or over 100%") is read from this figure, so a band always follows the number
    on screen. Float arithmetic's last-digit noise goes first (to 9 decimals), so 30 points against a
    capacity of 29.999999999999996 is 100.0, and 94.94999999999999 (94.95 worked in floats) is 95.0."""
    if not math.isfinite(value) or abs(value) >= 1e15:
        return value  # no decimals left to round
    factor = 10.0**places
    scaled = abs(value) * factor
    whole = math.floor(scaled)
    # Most figures are clearly not a half: round those quickly (a team of 2,000 shows 12,000 figures).
    # One within a hair of a half goes the exact way, through decimals.
    if scaled < 1e9 and abs(scaled - whole - 0.5) > 1e-5:
        return math.copysign(whole + (scaled - whole > 0.5), value) / factor + 0.0
    exact = _EXACT.quantize(Decimal(repr(value)), _NOISE)  # repr: the float's shortest exact spelling
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return float(rounded) + 0.0  # + 0.0: -0.0 becomes 0.0


def same_text(text: str) -> str:
    """A label as duplicates are found: Unicode composed (NFC), so "José" typed with an accented é and
    "José" with an e and a combining accent are one label, and case folded, so "ab" and "AB" are one."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())


@lru_cache(maxsize=FIGURES_REMEMBERED)
def percent_text(value: float) -> str:
    """A percentage always to one decimal place ("62.0%" beside "73.2%"), so figures line up; it is
    shown(value), the figure bands are read from, so 99.96% shows as 100.0% and is banded as 100%."""
    return f"{shown(value, 1):,.1f}%"


def plain_number(value: float) -> str:
    """A default as a form shows it: 42000, not 42000.0 or 42,000."""
    if value == int(value):
        return str(int(value))
    text = repr(float(value))
    # repr writes 0.00001 as 1e-05, which the reader (rightly) refuses; spell it out instead.
    return format(Decimal(text), "f") if "e" in text else text
