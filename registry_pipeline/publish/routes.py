"""The URL <-> file rule of the published API, content types and the schema of each endpoint.

The publish root (e.g. `data/warehouse/api/`) holds `v1/...`.  A JSON endpoint URL
`/api/v1/<path>` is the file `v1/<path>/index.json` (`/api/v1` is `v1/index.json`); a URL ending
in `.json` or `.csv` is that file itself (`/api/v1/models/gpt-4o.json` is `v1/models/gpt-4o.json`).
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import format_datetime

API_VERSION = "v1"
API_PREFIX = "/api/v1"

JSON_CONTENT_TYPE = "application/json; charset=utf-8"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8"
PARQUET_CONTENT_TYPE = "application/vnd.apache.parquet"
CACHE_CONTROL = "public, max-age=300"
NO_STORE = "no-store"

# Templates as published in `/api/v1` (name -> template) and `/api/v1/meta` (list).
ENDPOINTS: dict[str, str] = {
    "index": API_PREFIX,
    "meta": f"{API_PREFIX}/meta",
    "models": f"{API_PREFIX}/models",
    "categories": f"{API_PREFIX}/categories",
    "sources": f"{API_PREFIX}/sources",
    "model": f"{API_PREFIX}/models/{{id}}",
    "modelSlice": f"{API_PREFIX}/models/{{id}}.json",
    "benchmarks": f"{API_PREFIX}/benchmarks",
    "benchmark": f"{API_PREFIX}/benchmarks/{{benchmarkId}}",
    "scores": f"{API_PREFIX}/scores",
    "leaderboard": f"{API_PREFIX}/leaderboards/{{category}}",
    "export": f"{API_PREFIX}/export",
    "exportCsv": f"{API_PREFIX}/export.csv",
    "exportParquet": f"{API_PREFIX}/export.parquet",
    "crosswalk": f"{API_PREFIX}/crosswalk",
    "review": f"{API_PREFIX}/review",
    "conflicts": f"{API_PREFIX}/conflicts",
    "changes": f"{API_PREFIX}/changes",
    "changesOfDay": f"{API_PREFIX}/changes/{{date}}",
    "changesFeed": f"{API_PREFIX}/changes.xml",
    "openapi": f"{API_PREFIX}/openapi.json",
}

# Paging of the lists the server pages: endpoint -> (largest limit, default limit once paging is asked for)
PAGE_LIMITS: dict[str, tuple[int, int]] = {"models": (500, 500), "scores": (5000, 500), "leaderboard": (500, 100)}
MAX_OFFSET = 1_000_000_000  # far past any list; a larger offset is a 400, not an overflow

# What may appear as one path segment (a model id or a category slug).
SEGMENT_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
FILE_SUFFIXES = (".json", ".csv", ".xml", ".parquet")


def normalize_url(url: str) -> str:
    """Drop query/fragment and a trailing slash: `/api/v1/meta/?x=1` -> `/api/v1/meta`."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    while len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return path


def file_for_url(url: str) -> str:
    """The file (POSIX path relative to the publish root) that serves `url`.

    Raises ValueError for a URL outside `/api/v1` or with an unsafe segment."""
    path = normalize_url(url)
    if path == API_PREFIX:
        return f"{API_VERSION}/index.json"
    if not path.startswith(API_PREFIX + "/"):
        raise ValueError(f"not an API URL: {url!r}")
    rest = path[len(API_PREFIX) + 1 :]
    segments = rest.split("/")
    if any(not SEGMENT_RE.match(s) for s in segments):
        raise ValueError(f"unsafe URL path: {url!r}")
    if rest.endswith(FILE_SUFFIXES):
        return f"{API_VERSION}/{rest}"
    return f"{API_VERSION}/{rest}/index.json"


def url_for_file(file: str) -> str:
    """Inverse of `file_for_url`."""
    if not file.startswith(API_VERSION + "/"):
        raise ValueError(f"not an API file: {file!r}")
    rest = file[len(API_VERSION) + 1 :]
    if rest == "index.json":
        return API_PREFIX
    if rest.endswith("/index.json"):
        return f"{API_PREFIX}/{rest[: -len('/index.json')]}"
    return f"{API_PREFIX}/{rest}"


def content_type_for(file_or_url: str) -> str:
    path = normalize_url(file_or_url)
    if path.endswith(".csv"):
        return CSV_CONTENT_TYPE
    if path.endswith(".parquet"):
        return PARQUET_CONTENT_TYPE
    return ATOM_CONTENT_TYPE if path.endswith(".xml") else JSON_CONTENT_TYPE


def schema_for_url(url: str) -> str | None:
    """Name of the JSON Schema (`publish/schemas/<name>.json`) of the body at `url`; None for CSV and the
    Atom feed (XML, checked against RFC 4287's schema in the tests)."""
    path = normalize_url(url)
    if path.endswith((".csv", ".xml", ".parquet")):
        return None
    if path == API_PREFIX:
        return "index"
    rest = path[len(API_PREFIX) + 1 :]
    head, _, tail = rest.partition("/")
    if not tail:
        return {"meta": "meta", "models": "models", "benchmarks": "benchmarks", "scores": "scores", "export": "export",
                "crosswalk": "crosswalk", "review": "review", "conflicts": "conflicts", "changes": "changes",
                "categories": "categories", "sources": "sources"}.get(head)
    if head == "models" and "/" not in tail:
        return "model-slice" if tail.endswith(".json") else "model-detail"
    if head == "benchmarks" and "/" not in tail:
        return "benchmark-detail"
    if head == "leaderboards" and "/" not in tail:
        return "leaderboard"
    if head == "changes" and "/" not in tail:
        return "changes-day"
    return None


def http_date(iso_date: str | None) -> str | None:
    """`2026-02-20` -> `Fri, 20 Feb 2026 00:00:00 GMT` (for `Last-Modified`)."""
    if not iso_date:
        return None
    day = dt.date.fromisoformat(iso_date[:10])
    return format_datetime(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc), usegmt=True)
