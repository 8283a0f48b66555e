"""List the pages whose `review_due` date has passed, so whoever runs the site knows what to check.

    .venv/bin/python scripts/review_due.py                  # list pages due for review today
    .venv/bin/python scripts/review_due.py --on 2027-06-01  # as on another date
    .venv/bin/python scripts/review_due.py -d council/docs  # another docs folder

Being past due is a reminder, not an error: the command always exits 0, and a build that calls
`review_report` logs the list without failing `mkdocs build --strict`. The content check
(tests/content_check.py) is what makes every page carry a valid `review_due` date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

CONTENT = Path(__file__).resolve().parents[1] / "content"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


@dataclass(frozen=True)
class Due:
    page: str  # path relative to the docs folder
    title: str
    review_due: dt.date


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def pages_past_review(docs_dir: Path = CONTENT, today: dt.date | None = None) -> list[Due]:
    """Pages whose review_due is before `today`, oldest first. Pages without a readable date are
    left to the content check."""
    today = today or dt.date.today()
    due: list[Due] = []
    for path in sorted(docs_dir.rglob("*.md")):
        match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        try:
            meta = yaml.safe_load(match.group(1)) if match else None
        except yaml.YAMLError:
            meta = None
        if not isinstance(meta, dict):
            continue
        when = _date(meta.get("review_due"))
        if when is not None and when < today:
            rel = path.relative_to(docs_dir).as_posix()
            due.append(Due(rel, str(meta.get("title") or rel), when))
    return sorted(due, key=lambda d: (d.review_due, d.page))


def review_report(docs_dir: Path = CONTENT, today: dt.date | None = None) -> str:
    """One line per overdue page, or an empty string. A build hook can log this at INFO level."""
    due = pages_past_review(docs_dir, today)
    if not due:
        return ""
    lines = [
        f"{len(due)} page(s) past their review date; check their facts and figures, then update "
        "last_reviewed and review_due:"
    ]
    lines += [f"  {d.page} ({d.title}): due {d.review_due.isoformat()}" for d in due]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--docs", type=Path, default=CONTENT, help="docs folder (default: content/)")
    parser.add_argument("--on", type=dt.date.fromisoformat, default=None, help="date to check against (ISO)")
    args = parser.parse_args(argv)
    report = review_report(args.docs, args.on)
    print(report or "No page is past its review date.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
