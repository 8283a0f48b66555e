"""The bad-input corpus (tests/corpus): each file with the message or result expected beside it in
manifest.json. Shared by tests/io/test_corpus.py (command line and calculators.hosts.browser.handle) and the
browser tests that drive the same files through the page: `corpus_cases(tmp_path)` gives every case,
making the files too big to keep in the repository."""

from __future__ import annotations

import io
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
    for name, build in WORKBOOKS.items():
        path = folder / name
        if not path.exists():
            path.write_bytes(build())


def corpus_cases(folder: Path) -> list[Case]:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    generate(folder)
    cases = [Case(CORPUS / e["file"], e["calculator"], e["expect"], e.get("notice", "")) for e in manifest["files"]]
    cases += [
        Case(folder / e["file"], e["calculator"], e["expect"], e.get("notice", "")) for e in manifest["generated"]
    ]
    return cases


# ---- hostile Excel workbooks, written part by part so each one holds exactly the XML at fault ----

WORKER = ["Worker A", 37, 3, "no", 1, 2, 2, 1, 0, 0, 0]
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA (Excel's column names)."""
    name = ""
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


def cell_xml(ref: str, value: object, style: int = 0, formula: str = "") -> str:
    """One <c>: text inline, numbers as numbers, True/False as booleans, "#N/A" as an error;
    a formula with `value` as its cached result (None: no cached value at all)."""
    s = f' s="{style}"' if style else ""
    f = f"<f>{formula}</f>" if formula else ""
    if value is None:
        return f'<c r="{ref}"{s}>{f}</c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b">{f}<v>{int(value)}</v></c>'
    if isinstance(value, str) and value.startswith("#"):
        return f'<c r="{ref}"{s} t="e">{f}<v>{value}</v></c>'
    if isinstance(value, str):
        if formula:
            return f'<c r="{ref}"{s} t="str">{f}<v>{value}</v></c>'
        return f'<c r="{ref}"{s} t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"{s}>{f}<v>{value}</v></c>'


def row_xml(r: int, values: list, styles: dict[int, int] | None = None, attrs: str = "") -> str:
    cells = "".join(
        cell_xml(f"{column_letter(n)}{r}", v, (styles or {}).get(n, 0))
        for n, v in enumerate(values, start=1)
        if v is not None
    )
    return f'<row r="{r}"{attrs}>{cells}</row>'


def team_rows(workers: int = 2, start: int = 2) -> list[str]:
    """The header row and `workers` plain rows, as sheet XML rows."""
    rows = [row_xml(1, TEAM_HEADER.split(","))]
    rows += [row_xml(start + i, [f"W{i + 1}", *WORKER[1:]]) for i in range(workers)]
    return rows


STYLES = (
    f'<styleSheet xmlns="{_MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="14"/><xf numFmtId="20"/>'
    '<xf numFmtId="164"/><xf numFmtId="2"/></cellXfs></styleSheet>'
)  # style 1: 10 %; 2: a date; 3: a time (h:mm); 4: a custom date; 5: 0.00


def xlsx(
    rows: list[str] | str,
    *,
    shared: str | None = None,
    calc_pr: str = "",
    before_data: str = "",
    after_data: str = "",
    doctype: str = "",
) -> bytes:
    """A one-sheet workbook from sheet XML rows (a list, or one string: the whole sheetData body);
    `shared` is the sharedStrings part's body, `before_data` goes before <sheetData> (e.g. <cols>),
    `after_data` after it (e.g. <autoFilter>)."""
    import zipfile

    body = rows if isinstance(rows, str) else "".join(rows)
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Target="xl/workbook.xml" '
        f'Type="{_REL}/officeDocument"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        f'<sheet name="Team" sheetId="1" r:id="rId1"/></sheets>{calc_pr}</workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
        + (f'<Relationship Id="rId3" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>' if shared else "")
        + "</Relationships>",
        "xl/styles.xml": STYLES,
        "xl/worksheets/sheet1.xml": f'{doctype}<worksheet xmlns="{_MAIN}" xmlns:x14ac="{_X14AC}">{before_data}'
        f"<sheetData>{body}</sheetData>{after_data}</worksheet>",
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{_MAIN}">{shared}</sst>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return out.getvalue()


def bomb_xlsx(expanded_mb: int) -> bytes:
    """A workbook whose shared strings expand to `expanded_mb` MB (about 1 KB zipped for each MB),
    written in pieces so making it never holds the whole text in memory."""
    import zipfile

    normal = xlsx(team_rows(1), shared="<si><t>x</t></si>")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(normal)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            if info.filename != "xl/sharedStrings.xml":
                z.writestr(info.filename, source.read(info))
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<sst xmlns="{_MAIN}"><si><t>'.encode())
            chunk = b"A" * (1024 * 1024)
            for _ in range(expanded_mb):
                part.write(chunk)
            part.write(b"</t></si></sst>")
    return out.getvalue()


def _formula_rows(cached: bool) -> list[str]:
    """Five workers whose assessments and children-in-need cases (E2:F6) are formulas."""
    rows = [row_xml(1, TEAM_HEADER.split(","))]
    for r in range(2, 7):
        cells = [cell_xml(f"{column_letter(n)}{r}", v) for n, v in enumerate(WORKER[:4], start=1)]
        cells[0] = cell_xml(f"A{r}", f"W{r - 1}")
        cells += [cell_xml(f"E{r}", 2 if cached else None, formula="1+1")]
        cells += [cell_xml(f"F{r}", 4 if cached else None, formula=f"E{r}*2")]
        cells += [cell_xml(f"{column_letter(n)}{r}", v) for n, v in enumerate(WORKER[6:], start=7)]
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    return rows


def _styled(column: int, value: object, style: int) -> list[str]:
    """A header and one worker whose cell in `column` (from 1) holds `value` in cell style `style`."""
    worker = list(WORKER)
    worker[column - 1] = value
    return [row_xml(1, TEAM_HEADER.split(",")), row_xml(2, worker, {column: style})]


def _hidden_rows(filtered: bool) -> bytes:
    rows = team_rows(4)
    rows[2] = rows[2].replace('<row r="3"', '<row r="3" hidden="1"')
    rows[3] = rows[3].replace('<row r="4"', '<row r="4" hidden="1"')
    return xlsx(rows, after_data='<autoFilter ref="A1:K5"/>' if filtered else "")


def _many_problems() -> bytes:
    worker = list(WORKER)
    worker[1] = "lots"
    rows = [row_xml(1, TEAM_HEADER.split(","))] + [row_xml(r, [f"W{r}", *worker[1:]]) for r in range(2, 2002)]
    return xlsx(rows)


def compound_file(streams: list[str]) -> bytes:
    """A minimal compound (OLE) file, as Excel writes an encrypted workbook or an old .xls: the
    header, then a directory sector naming each stream (names in UTF-16)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    header = header.ljust(512, b"\x00")
    entries = b""
    for name in ["Root Entry", *streams]:
        encoded = (name + "\x00").encode("utf-16-le")
        entries += (encoded.ljust(64, b"\x00") + len(encoded).to_bytes(2, "little")).ljust(128, b"\x00")
    return header + entries.ljust(512, b"\x00")


def blank_rows_xlsx() -> bytes:
    """Two workers, then empty rows with a set height down to Excel's last row, 1,048,576, as Excel
    writes them (about 80 MB of XML)."""
    row = '<row r="{}" spans="1:11" ht="15" customHeight="1" x14ac:dyDescent="0.25"/>'
    tail = "".join(row.format(r) for r in range(4, 1_048_577))
    return xlsx("".join(team_rows(2)) + tail)


def wide_xlsx() -> bytes:
    """A header row across all 16,384 of Excel's columns (16,373 of them unknown), and one worker."""
    header = TEAM_HEADER.split(",") + [f"x{n}" for n in range(1, 16_374)]
    return xlsx([row_xml(1, header), row_xml(2, WORKER)])


def most_cells_xlsx() -> bytes:
    """Nearly the most cells a sheet may have (calculators.io.excel_sheet.MAX_CELLS), each 300 characters of
    text, across 200 columns: the slowest workbook to read that is not refused by its size."""
    from calculators.io.excel_sheet import MAX_CELLS

    letters = [column_letter(c) for c in range(1, 201)]
    rows = [
        f'<row r="{r}">'
        + "".join(f'<c r="{c}{r}" t="inlineStr"><is><t>{c}{r}{"x" * 300}</t></is></c>' for c in letters)
        + "</row>"
        for r in range(1, MAX_CELLS // 200 + 1)
    ]
    return xlsx(rows)


WORKBOOKS = {
    "xlsx-plain.xlsx": lambda: xlsx(team_rows(3), shared="<si><t>unused</t></si>"),
    "xlsx-formulas-uncalculated.xlsx": lambda: xlsx(_formula_rows(cached=False)),
    "xlsx-formulas-recalculate-on-open.xlsx": lambda: xlsx(
        _formula_rows(cached=True), calc_pr='<calcPr calcId="191029" fullCalcOnLoad="1"/>'
    ),
    "xlsx-formulas-calculated.xlsx": lambda: xlsx(_formula_rows(cached=True), calc_pr='<calcPr calcId="191029"/>'),
    "xlsx-hidden-rows.xlsx": lambda: _hidden_rows(filtered=False),
    "xlsx-filtered-rows.xlsx": lambda: _hidden_rows(filtered=True),
    "xlsx-hidden-column.xlsx": lambda: xlsx(team_rows(2), before_data='<cols><col min="7" max="7" hidden="1"/></cols>'),
    "xlsx-percentage.xlsx": lambda: xlsx(_styled(2, 0.1, 1)),
    "xlsx-date.xlsx": lambda: xlsx(_styled(3, 46095, 4)),
    "xlsx-time.xlsx": lambda: xlsx(_styled(2, 1.5625, 3)),
    "xlsx-boolean.xlsx": lambda: xlsx(_styled(7, True, 0)),
    "xlsx-error-cell.xlsx": lambda: xlsx(_styled(6, "#N/A", 0)),
    "xlsx-bad-number.xlsx": lambda: xlsx([team_rows(1)[0], team_rows(1)[1].replace("<v>37</v>", "<v>37,5x</v>", 1)]),
    "xlsx-shared-string-out-of-range.xlsx": lambda: xlsx(
        [team_rows(1)[0], team_rows(1)[1].replace('t="inlineStr"><is><t>W1</t></is>', 't="s"><v>99</v>')],
        shared="<si><t>only one</t></si>",
    ),
    "xlsx-entity.xlsx": lambda: xlsx(
        team_rows(1), doctype='<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    ),
    "xlsx-shared-strings-bomb.xlsx": lambda: bomb_xlsx(200),
    "xlsx-encrypted.xlsx": lambda: compound_file(["EncryptionInfo", "EncryptedPackage"]),
    "old-workbook.xls": lambda: compound_file(["Workbook", "\x05SummaryInformation"]),
    "xlsx-wide-header.xlsx": wide_xlsx,
    "xlsx-2000-bad-rows.xlsx": _many_problems,
    "xlsx-1048576-blank-rows.xlsx": blank_rows_xlsx,
}
