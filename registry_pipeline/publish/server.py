"""A small local server for the published API (stdlib `http.server` only).

It serves every route of `routes.json` at its exact URL (trailing slash tolerated), honours the
query parameters of API.md, and follows the publish root's symlink on every request, so a new
build becomes visible as soon as it is swapped in.  Without pagination or filter parameters a
response is the static file's bytes; otherwise the static body is loaded, filtered, paged and
re-serialised with the same serialiser the writer uses.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import orjson

from registry_pipeline.publish import csv_export
from registry_pipeline.publish.routes import (
    API_PREFIX,
    CACHE_CONTROL,
    CSV_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    NO_STORE,
    http_date,
    normalize_url,
)
from registry_pipeline.publish.writer import serialize

log = logging.getLogger(__name__)

SCORE_FILTERS = ("modelId", "benchmarkId", "category", "sourceId")
FORMATS = ("json", "csv")


class ApiError(Exception):
    def __init__(self, status: int, body: dict[str, Any]):
        super().__init__(body.get("error"))
        self.status, self.body = status, body


def _bad(parameter: str, error: str) -> ApiError:
    return ApiError(400, {"error": error, "parameter": parameter})


def _not_found(path: str, **extra: Any) -> ApiError:
    return ApiError(404, {"error": "not found", "path": path, **extra})


@dataclass
class Build:
    """One published build, as seen through the publish root's symlink at some moment."""

    root: Path
    routes: dict[str, dict[str, Any]]
    last_modified: str | None
    _raw: dict[str, bytes] = field(default_factory=dict)
    _categories: dict[str, str] | None = None

    @classmethod
    def load(cls, root: Path) -> Build:
        routes = orjson.loads((root / "routes.json").read_bytes())
        meta_route = routes.get(f"{API_PREFIX}/meta")
        latest = orjson.loads((root / meta_route["file"]).read_bytes()).get("latestScoreDate") if meta_route else None
        return cls(root=root, routes=routes, last_modified=http_date(latest))

    def raw(self, url: str) -> bytes:
        data = self._raw.get(url)
        if data is None:
            data = self._raw[url] = (self.root / self.routes[url]["file"]).read_bytes()
        return data

    def parsed(self, url: str) -> Any:
        """The static body as Python values (freshly parsed: callers may mutate it)."""
        return orjson.loads(self.raw(url))

    def categories(self) -> dict[str, str]:
        """lower-cased category name or slug -> category display name (from the leaderboards)."""
        if self._categories is None:
            prefix = f"{API_PREFIX}/leaderboards/"
            found: dict[str, str] = {}
            for url in self.routes:
                if url.startswith(prefix) and url != prefix + "all":
                    board = orjson.loads(self.raw(url))
                    found[board["categorySlug"].lower()] = board["category"]
                    found[board["category"].lower()] = board["category"]
            self._categories = found
        return self._categories


class ApiState:
    """Follows `api_dir` (a symlink to the current build) and caches the build it points to."""

    def __init__(self, api_dir: Path):
        self.api_dir = Path(api_dir)
        self._lock = threading.Lock()
        self._build: Build | None = None

    def current(self) -> Build | None:
        root = Path(os.path.realpath(self.api_dir))
        with self._lock:
            if self._build is not None and self._build.root == root:
                return self._build
            try:
                self._build = Build.load(root)
            except (OSError, ValueError, KeyError) as exc:
                log.warning("no API at %s: %s", self.api_dir, exc)
                self._build = None
            return self._build


# ---------------------------------------------------------------- query parameters


def _params(query: str, allowed: tuple[str, ...]) -> dict[str, str]:
    parsed = parse_qs(query, keep_blank_values=True)
    out: dict[str, str] = {}
    for name in sorted(parsed):
        values = parsed[name]
        if name not in allowed:
            raise _bad(name, f"unknown parameter (allowed: {', '.join(allowed) or 'none'})")
        if len(values) > 1:
            raise _bad(name, "parameter given more than once")
        if values[0] == "":
            raise _bad(name, "parameter must not be empty")
        out[name] = values[0]
    return out


def _int(params: dict[str, str], name: str, lo: int, hi: int | None) -> int | None:
    if name not in params:
        return None
    value = params[name]
    if not re.fullmatch(r"[0-9]+", value):
        raise _bad(name, "must be an integer")
    n = int(value)
    if n < lo or (hi is not None and n > hi):
        raise _bad(name, f"must be between {lo} and {hi}" if hi is not None else f"must be >= {lo}")
    return n


def _paging(params: dict[str, str], max_limit: int, default_limit: int) -> tuple[int, int] | None:
    """(offset, limit) when any pagination parameter is given, else None (the complete list)."""
    limit = _int(params, "limit", 1, max_limit)
    offset = _int(params, "offset", 0, None)
    if limit is None and offset is None:
        return None
    return (offset or 0, limit if limit is not None else default_limit)


def _page(build: Build, url: str, key: str, page: tuple[int, int]) -> bytes:
    """The static body with its `key` list sliced to `page` (offset, limit); `total` stays the full count."""
    body = build.parsed(url)
    offset, limit = page
    body.update(offset=offset, limit=limit, **{key: body[key][offset : offset + limit]})
    return serialize(body)


def _resolve_category(build: Build, value: str, path: str) -> str:
    name = build.categories().get(value.lower())
    if name is None:
        raise _not_found(path, parameter="category", value=value)
    return name


def _filter_scores(build: Build, rows: list[dict], params: dict[str, str], path: str) -> tuple[list[dict], dict[str, str]]:
    filters = {k: params[k] for k in SCORE_FILTERS if k in params}
    if "category" in filters:
        filters["category"] = _resolve_category(build, filters["category"], path)
    if filters:
        rows = [r for r in rows if all(r.get(k) == v for k, v in filters.items())]
    return rows, filters


# ---------------------------------------------------------------- endpoints


def respond(build: Build, path: str, query: str) -> tuple[bytes, str]:
    """(body, content type) for a GET of `path?query`; raises ApiError for 400/404."""
    url = normalize_url(path)
    if url not in build.routes:
        raise _not_found(url)
    content_type = build.routes[url].get("contentType", JSON_CONTENT_TYPE)
    rest = url[len(API_PREFIX) :]

    if rest == "/models":
        params = _params(query, ("limit", "offset"))
        page = _paging(params, 500, 500)
        return (build.raw(url) if page is None else _page(build, url, "models", page)), content_type

    if rest == "/benchmarks":
        params = _params(query, ("category",))
        if not params:
            return build.raw(url), content_type
        name = _resolve_category(build, params["category"], url)
        body = build.parsed(url)
        body["benchmarks"] = [b for b in body["benchmarks"] if b["category"] == name]
        body["total"] = len(body["benchmarks"])
        return serialize(body), content_type

    if rest == "/scores":
        params = _params(query, (*SCORE_FILTERS, "limit", "offset"))
        page = _paging(params, 5000, 500)
        if not params:
            return build.raw(url), content_type
        body = build.parsed(url)
        rows, _ = _filter_scores(build, body["scores"], params, url)
        body["total"] = len(rows)
        if page is not None:
            offset, limit = page
            rows = rows[offset : offset + limit]
            body.update(offset=offset, limit=limit)
        body["scores"] = rows
        return serialize(body), content_type

    if rest.startswith("/leaderboards/"):
        params = _params(query, ("limit", "offset"))
        page = _paging(params, 500, 100)
        return (build.raw(url) if page is None else _page(build, url, "leaderboard", page)), content_type

    if rest == "/export":
        params = _params(query, ("format", *SCORE_FILTERS))
        fmt = params.pop("format", "json")
        if fmt not in FORMATS:
            raise _bad("format", f"unknown format (allowed: {', '.join(FORMATS)})")
        csv_url = f"{API_PREFIX}/export.csv"
        if not params:
            if fmt == "csv":
                return build.raw(csv_url), CSV_CONTENT_TYPE
            return build.raw(url), content_type
        body = build.parsed(url)
        rows, filters = _filter_scores(build, body["scores"], params, url)
        if fmt == "csv":
            return csv_export.scores_csv(rows).encode("utf-8"), CSV_CONTENT_TYPE
        body.update(total=len(rows), scores=rows, filters=filters)
        return serialize(body), content_type

    _params(query, ())  # every other route takes no parameters
    return build.raw(url), content_type


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    tags = [t.strip() for t in header.split(",")]
    return any((t[2:] if t.startswith("W/") else t) == etag for t in tags)


class ApiHandler(BaseHTTPRequestHandler):
    server_version = "registry-pipeline"
    protocol_version = "HTTP/1.1"
    state: ApiState  # set on the subclass by make_server
    verbose: bool = False

    def do_GET(self) -> None:
        self._handle(head=False)

    def do_HEAD(self) -> None:
        self._handle(head=True)

    def do_OPTIONS(self) -> None:
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "If-None-Match")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _handle(self, head: bool) -> None:
        split = urlsplit(self.path)
        path = unquote(split.path)
        build = self.state.current()
        if build is None:
            self._error(503, {"error": "no API published", "path": path}, head)
            return
        try:
            body, content_type = respond(build, path, split.query)
        except ApiError as exc:
            self._error(exc.status, exc.body, head)
            return
        except Exception:  # noqa: BLE001 - a bug must not kill the server thread silently
            log.exception("error serving %s", self.path)
            self._error(500, {"error": "internal error", "path": path}, head)
            return
        etag = f'"{hashlib.sha256(body).hexdigest()}"'
        not_modified = _etag_matches(self.headers.get("If-None-Match"), etag)
        self.send_response(HTTPStatus.NOT_MODIFIED if not_modified else HTTPStatus.OK)
        if not not_modified:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", CACHE_CONTROL)
        if build.last_modified:
            self.send_header("Last-Modified", build.last_modified)
        self.send_header("ETag", etag)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if not head and not not_modified:
            self.wfile.write(body)

    def _error(self, status: int, payload: dict[str, Any], head: bool) -> None:
        body = serialize(payload)
        self.send_response(status)
        self.send_header("Content-Type", JSON_CONTENT_TYPE)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", NO_STORE)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        if self.verbose:
            super().log_message(format, *args)


def make_server(api_dir: Path, host: str = "127.0.0.1", port: int = 8000, *, verbose: bool = False) -> ThreadingHTTPServer:
    """A threading HTTP server for the API published at `api_dir` (port 0 picks a free port;
    read it back from `server.server_address`).  Call `serve_forever()` / `shutdown()`."""
    handler = type("BoundApiHandler", (ApiHandler,), {"state": ApiState(Path(api_dir)), "verbose": verbose})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve(api_dir: Path, port: int = 8000, host: str = "127.0.0.1") -> None:
    """Serve until interrupted (Ctrl-C)."""
    server = make_server(api_dir, host, port, verbose=True)
    print(f"Serving {api_dir} at http://{server.server_address[0]}:{server.server_address[1]}{API_PREFIX}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
