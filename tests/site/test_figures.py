"""Figures on the pages come from the data files at build time (toolkit_site.figures): a page that
quotes a weight or a threshold by hand would go on saying the old figure after the data changed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
import pytest
from toolkit_site.defaults import DATA, flatten
from toolkit_site.directive import DirectiveError
from toolkit_site.figures import FIGURE, look_up, written

import calculators

ROOT = Path(__file__).resolve().parents[2]
WORKLOAD = json.loads((DATA / "workload.json").read_text(encoding="utf-8"))


def render(text: str, data: dict[str, str] | None = None) -> str:
    config = {"toolkit_site.directive": {"data": data or {}}}
    return markdown.Markdown(extensions=["toolkit_site.directive", "tables"], extension_configs=config).convert(text)


def test_a_figure_is_the_data_s_value_written_as_the_pages_write_numbers():
    assert look_up(WORKLOAD, "points.full_time_maximum") == WORKLOAD["points"]["full_time_maximum"]
    assert (
        look_up(WORKLOAD, "case_types.cin.points")
        == next(c for c in WORKLOAD["case_types"] if c["id"] == "cin")["points"]
    )
    assert look_up(WORKLOAD, "bands.over_capacity.from_percent") == 100  # an item by its label
    assert look_up(WORKLOAD, "case_types.*.points.max") == max(c["points"] for c in WORKLOAD["case_types"])
    assert [written(v) for v in (2176, 4.333, 10, 0.5, True)] == ["2,176", "4.333", "10", "0.5", "yes"]


def test_a_figure_in_a_table_cell_is_replaced():
    html = render("| a | b |\n|---|---|\n| x | {{ workload: asye_reduction_percent }}% |\n")
    assert f"<td>{WORKLOAD['asye_reduction_percent']}%</td>" in html


def test_a_council_s_data_changes_the_site_s_figures_but_not_the_defaults(tmp_path: Path):
    own = {**WORKLOAD, "full_time_hours": 35}
    (tmp_path / "workload.json").write_text(json.dumps(own), encoding="utf-8")
    html = render(
        "{{ workload: full_time_hours }} and {{ workload defaults: full_time_hours }}",
        {"workload": str(tmp_path / "workload.json")},
    )
    assert f"<p>35 and {WORKLOAD['full_time_hours']}</p>" in html


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        ("{{ workload: points.nope }}", "points has no key 'nope' (its keys: full_time_maximum, source)"),
        ("{{ workloadz: x }}", "unknown calculator 'workloadz'. Fix: use one of"),
        ("{{ workload: bands }}", "bands is a list or a group of values, not one figure"),
        ("{{ workload: case_types.zz.points }}", "case_types has no item 'zz' (it has: assessment, cin"),
        ("{{ workload: case_types.*.points }}", "after `*` name a value and then min or max"),
    ],
)
def test_a_figure_that_finds_nothing_stops_the_build_naming_it(figure: str, message: str):
    with pytest.raises(DirectiveError, match=re.escape(message)) as raised:
        render(figure)
    assert f"figure `{figure}`" in str(raised.value)


# --- the guard: no page repeats a data value by hand in a table of defaults ----------------------


def defaults_tables(text: str) -> list[list[str]]:
    """The value cells (second column) of each table under a heading that mentions defaults."""
    cells, heading, header_seen = [], "", False
    for line in text.splitlines():
        if line.startswith("#"):
            heading, header_seen = line.lower(), False
        elif line.startswith("|") and "default" in heading:
            row = [c.strip() for c in line.strip().strip("|").split("|")]
            if not header_seen:
                header_seen = len(row) > 1 and row[1].lower() in ("value", "default")
            elif set(row[0]) - set("-: ") and len(row) > 1:
                cells.append([row[0], row[1]])
        else:  # any other line ends the table
            header_seen = False
    return cells


def numbers_in(text: str) -> list[float]:
    return [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


def data_values(names: set[str]) -> dict[float, list[str]]:
    """Every number in the data files of these calculators -> the figures that would quote it."""
    values: dict[float, list[str]] = {}
    for name in sorted(names):
        file = calculators.get(name).DATA_FILE
        if file:
            data = json.loads((DATA / file).read_text(encoding="utf-8"))
            for key, value in flatten(data).items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    values.setdefault(float(value), []).append(f"{{{{ {name} defaults: {key} }}}}")
    return values


PAGES = sorted((ROOT / "content").rglob("*.md"))


def test_the_guard_reads_the_defaults_tables():
    pages = {p.relative_to(ROOT / "content").as_posix(): defaults_tables(p.read_text(encoding="utf-8")) for p in PAGES}
    assert PAGES and pages["workload/team-calculator.md"] and pages["admin-support/business-case-calculator.md"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT / "content").as_posix())
def test_no_defaults_table_copies_a_data_value_by_hand(page: Path):
    text = page.read_text(encoding="utf-8")
    names = set(re.findall(r"^/// (?:calculator|defaults) \| (\w+)", text, re.M))
    names |= {m.group("name") for m in re.finditer(FIGURE, text)}
    values = data_values(names & set(calculators.CALCULATORS))
    copied = [
        f"{label}: {number:g} (write it as {' or '.join(values[number][:2])}, with the item's id in the path)"
        for label, cell in defaults_tables(text)
        for number in numbers_in(re.sub(FIGURE, "", cell))
        if number in values
    ]
    assert not copied, "figures copied from the data by hand:\n" + "\n".join(copied)
