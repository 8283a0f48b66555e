"""The bad-input corpus (tests/corpus): each file with the message or result expected beside it in
manifest.json. Shared by tests/test_corpus.py (command line and calculators.browser.handle) and the
browser tests that drive the same files through the page: `corpus_cases(tmp_path)` gives every case,
making the files too big to keep in the repository."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
TEAM_HEADER = (
    "label,contracted_hours,protected_hours,asye,cases_assessment,cases_cin,cases_cp,cases_cla,"
    "extra_court,extra_siblings,extra_travel"
)


@dataclass(frozen=True)
class Case:
    path: Path
    calculator: str
    expect: str  # "ok", or a piece of the message expected
    notice: str = ""  # a piece of a notice expected (e.g. "read as Windows-1252")

    @property
    def id(self) -> str:
        return self.path.name


def team_csv(rows: int) -> str:
    return TEAM_HEADER + "\r\n" + "".join(f"W{i},37,3,no,1,2,2,1,0,0,0\r\n" for i in range(1, rows + 1))


def generate(folder: Path) -> None:
    """The big files: written once into a temporary folder, never committed."""
    makers = {
        "cell-200000.csv": lambda: TEAM_HEADER + "\r\n" + "A" * 200_000 + ",37,3,no,1,2,2,1,0,0,0\r\n",
        "cell-20000.csv": lambda: TEAM_HEADER + "\r\n" + "A" * 20_000 + ",37,3,no,1,2,2,1,0,0,0\r\n",
        "nested-10000.json": lambda: "[" * 10_000 + "]" * 10_000,
        "rows-100000.csv": lambda: team_csv(100_000),
        "rows-2000.csv": lambda: team_csv(2000),
        "size-50mb.csv": lambda: team_csv(2) + ("," * 10 + "\r\n") * (50 * 1024 * 1024 // 12),
    }
    for name, make in makers.items():
        path = folder / name
        if not path.exists():
            path.write_text(make(), encoding="utf-8", newline="")


def corpus_cases(folder: Path) -> list[Case]:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    generate(folder)
    cases = [Case(CORPUS / e["file"], e["calculator"], e["expect"], e.get("notice", "")) for e in manifest["files"]]
    cases += [
        Case(folder / e["file"], e["calculator"], e["expect"], e.get("notice", "")) for e in manifest["generated"]
    ]
    return cases
