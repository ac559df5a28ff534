"""CSV export of ScoreRows: RFC 4180 (CRLF, minimal quoting), safe to open in a spreadsheet.

Any text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` so a
spreadsheet shows it as text instead of evaluating a formula (OWASP "CSV injection").  Numbers are
written as they are (a negative score stays `-1.5`), booleans as `true`/`false`, null as empty.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

SCORE_COLUMNS: tuple[str, ...] = (
    "modelId", "modelName", "provider", "benchmarkId", "benchmarkName", "category", "score",
    "normalizedScore", "verified", "verificationLevel", "sourceId", "sourceUrl", "asOfDate",
    "isArtificialAnalysis", "variant",
)  # fmt: skip

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """One CSV cell: neutralised text, `true`/`false`, numbers via repr, null as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if value == value else ""  # NaN -> empty, like JSON null
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str] = SCORE_COLUMNS) -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    writer.writerows([cell(row.get(c)) for c in columns] for row in rows)
    return buf.getvalue()


def scores_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    """The export CSV: ScoreRow columns in API.md order."""
    return to_csv(rows, SCORE_COLUMNS)
