"""A small made-up file in the shape of the DfE's children's social work workforce indicators file
(csww_indicators_*.csv): every column the department's file has, in its order, with its
geographic levels and symbols. THE FIGURES AND THE COUNCILS ARE TEST DATA, INVENTED FOR THESE TESTS:
they are not the department's statistics for any area."""

from __future__ import annotations

import csv
import io

# The department's columns, in its order (the data set page of csww_indicators_2017_to_2023.csv).
COLUMNS = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
    "inpost_fte",
    "inpost_headcount",
    "starters_fte",
    "starters_headcount",
    "leavers_fte",
    "leavers_headcount",
    "turnover_rate_fte",
    "turnover_rate_headcount",
    "agency_fte",
    "agency_headcount",
    "agency_rate_fte",
    "agency_rate_headcount",
    "agency_cover_fte",
    "agency_cover_rate_fte",
    "vacancy_fte",
    "vacancy_rate_fte",
    "vacancy_agency_cover_rate_fte",
    "case_holders_fte",
    "cases",
    "caseload_fte",
    "working_days_lost_fte",
    "absence_rate_fte",
]

# (year, level, region, council, vacancy, agency, turnover, caseload, absence): invented test data.
ROWS = (
    ("2022", "National", "", "", "20.0", "17.5", "16.0", "16.5", "3.1"),
    ("2023", "National", "", "", "19.0", "17.0", "15.0", "16.0", "3.2"),
    ("2022", "Regional", "North East", "", "15.0", "12.0", "14.0", "17.0", "3.5"),
    ("2023", "Regional", "North East", "", "14.0", "11.5", "13.0", "16.5", "3.6"),
    ("2022", "Regional", "London", "", "25.0", "24.0", "18.0", "15.0", "2.9"),
    ("2023", "Regional", "London", "", "24.0", "23.0", "17.0", "14.5", "3.0"),
    ("2022", "Local authority", "North East", "Ashdown", "22.5", "20.0", "c", "18.2", "4.0"),
    ("2023", "Local authority", "North East", "Ashdown", "21.0", "19.0", "12.0", "17.0", "x"),
    ("2022", "Local authority", "London", "Brookfield", "30.0", "28.0", "20.0", "14.0", "2.5"),
    ("2023", "Local authority", "London", "Brookfield", "19.0", "26.0", "19.5", "15.0", "2.6"),
)


def indicators_csv(rows: tuple[tuple[str, ...], ...] = ROWS) -> str:
    """The test file's text, as the department writes it (comma separated, every column)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for year, level, region, council, vacancy, agency, turnover, caseload, absence in rows:
        row = dict.fromkeys(COLUMNS, "1")
        row.update(
            time_period=year,
            time_identifier="Reporting year",
            geographic_level=level,
            country_code="E92000001",
            country_name="England",
            region_name=region,
            la_name=council,
            vacancy_rate_fte=vacancy,
            agency_rate_fte=agency,
            turnover_rate_fte=turnover,
            caseload_fte=caseload,
            absence_rate_fte=absence,
        )
        writer.writerow(row)
    return out.getvalue()
