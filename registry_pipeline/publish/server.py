"""The local preview server for the published API: a small Starlette app on uvicorn.

It serves every route of `routes.json` at its exact URL (trailing slash tolerated), honours the
query parameters of API.md, and follows the publish root's symlink on every request, so a new
build becomes visible as soon as it is swapped in.  Without pagination or filter parameters a
response is the static file's bytes; otherwise the static body is loaded, filtered, paged and
re-serialised with the same serialiser the writer uses.

Under abuse (see `ServerLimits`): a listen backlog of 2,048; a client must send a complete request
head within `head_timeout` seconds of connecting or of its previous response (idle and slow sockets
are closed; uvicorn's keep-alive timeout closes idle keep-alive sockets sooner); at most
`max_connections` open connections (beyond that a JSON 503); handlers run on anyio's bounded thread
pool. Every error is JSON, malformed requests included. `rate_limit` (off by default) answers a 429
to a client past that many requests per minute, like the product's edge.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from registry_pipeline.publish import csv_export
from registry_pipeline.publish.routes import (
    API_PREFIX,
    CACHE_CONTROL,
    CSV_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    MAX_OFFSET,
    NO_STORE,
    PAGE_LIMITS,
    http_date,
)
from registry_pipeline.publish.writer import etag_for, serialize
from registry_pipeline.transform.slug import slugify

log = logging.getLogger(__name__)

SCORE_FILTERS = ("modelId", "benchmarkId", "category", "sourceId")
FORMATS = ("json", "csv")
EXPOSED_HEADERS = "ETag, Last-Modified"  # what browser code may read (CORS hides the rest)


class ApiError(Exception):
    def __init__(self, status: int, body: dict[str, Any]):
        super().__init__(body.get("error"))
        self.status, self.body = status, body


def _bad(parameter: str, error: str) -> ApiError:
    return ApiError(400, {"error": error, "parameter": parameter})


MAX_ECHO = 200  # characters of a request's path or value an error body repeats


def _echo(value: str) -> str:
    """`value` as an error body repeats it: at most MAX_ECHO characters (a 60,000-character path was echoed whole)."""
    return value if len(value) <= MAX_ECHO else value[:MAX_ECHO] + "…"


def _not_found(path: str, **extra: Any) -> ApiError:
    return ApiError(404, {"error": "not found", "path": _echo(path), **{k: _echo(v) if isinstance(v, str) else v for k, v in extra.items()}})


@dataclass
class Build:
    """One published build, as seen through the publish root's symlink at some moment."""

    root: Path
    routes: dict[str, dict[str, Any]]
    last_modified: str | None
    _raw: dict[str, bytes] = field(default_factory=dict)
    _etags: dict[str, str] = field(default_factory=dict)
    _categories: dict[str, str] | None = None
    _former_benchmarks: dict[str, str] | None = None

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

    def etag(self, url: str, body: bytes) -> str:
        """The body's ETag; a static file's is computed once per build."""
        if self._raw.get(url) is not body:
            return etag_for(body)
        tag = self._etags.get(url)
        if tag is None:
            tag = self._etags[url] = etag_for(body)
        return tag

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


    def former_benchmark_ids(self) -> dict[str, str]:
        """A benchmark's former id -> its id now (each benchmark's `formerIds` on /api/v1/benchmarks)."""
        if self._former_benchmarks is None:
            url = f"{API_PREFIX}/benchmarks"
            body = orjson.loads(self.raw(url)) if url in self.routes else {"benchmarks": []}
            self._former_benchmarks = {old: b["id"] for b in body["benchmarks"] for old in b.get("formerIds") or ()}
        return self._former_benchmarks


    def model_id_of(self, value: str) -> str:
        """The model an id names: a moving alias or former id answers at `/api/v1/models/{alias}` with the model
        it points to now (its `alias.modelId`); any other value is itself."""
        url = f"{API_PREFIX}/models/{value}"
        if url not in self.routes:
            return value
        alias = orjson.loads(self.raw(url)).get("alias")
        return alias["modelId"] if alias else value


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
    if not re.fullmatch(r"[0-9]{1,18}", value):
        raise _bad(name, "must be an integer" if not re.fullmatch(r"[0-9]+", value) else f"must be between {lo} and {hi}")
    n = int(value)
    if n < lo or (hi is not None and n > hi):
        raise _bad(name, f"must be between {lo} and {hi}" if hi is not None else f"must be >= {lo}")
    return n


def _paging(params: dict[str, str], max_limit: int, default_limit: int) -> tuple[int, int] | None:
    """(offset, limit) when any pagination parameter is given, else None (the complete list)."""
    limit = _int(params, "limit", 1, max_limit)
    offset = _int(params, "offset", 0, MAX_OFFSET)
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
    for key in ("modelId", "benchmarkId", "sourceId"):  # ids are lowercase: `GPT-4o` filters as /models/GPT-4o answers
        if key in filters:
            filters[key] = filters[key].lower()
    if "category" in filters:
        filters["category"] = _resolve_category(build, filters["category"], path)
    if "modelId" in filters:  # an alias filters by the model it points to now, as /models/{alias} answers
        filters["modelId"] = build.model_id_of(filters["modelId"])
    if "benchmarkId" in filters:  # a former id filters by the benchmark it names now
        filters["benchmarkId"] = build.former_benchmark_ids().get(filters["benchmarkId"], filters["benchmarkId"])
    if filters:
        rows = [r for r in rows if all(r.get(k) == v for k, v in filters.items())]
    return rows, filters


# ---------------------------------------------------------------- endpoints


def request_path(raw_path: bytes) -> str:
    """The request's path without its literal trailing slashes, then percent-decoded (as uvicorn decodes
    it). Nothing else is cut: an encoded `#`, `?` or `/` belongs to the path (`/models/%23x.json` and
    `/models/%2F` are not `/models`), and an encoded `/` stays encoded, so it separates no segments
    (`/api/v1%2Fmeta` is no route: a static host answers it 404 too)."""
    trimmed = raw_path.split(b"?", 1)[0].rstrip(b"/") or b"/"
    return unquote(re.sub(r"%2[fF]", "%252F", trimmed.decode("ascii", "replace")))


def route_for(build: Build, path: str) -> str | None:
    """The route a path names: exactly, else case-insensitively (ids and slugs are lowercase), else a
    leaderboard by its category's name, in any case (`/leaderboards/Long Context` -> `long-context`), as
    `?category=` matches one; a string that only slugs to a category (`long_context`, `CODING!!`) names none."""
    if path in build.routes:
        return path
    if path.lower() in build.routes:
        return path.lower()
    head, _, last = path.rpartition("/")
    name = build.categories().get(last.lower()) if head.lower() == f"{API_PREFIX}/leaderboards" else None
    if name is not None and f"{API_PREFIX}/leaderboards/{slugify(name)}" in build.routes:
        return f"{API_PREFIX}/leaderboards/{slugify(name)}"
    return None


def respond(build: Build, path: str, query: str) -> tuple[bytes, str, str]:
    """(body, content type, route) for a GET of `path?query`; raises ApiError for 400/404."""
    url = route_for(build, path)
    if url is None:
        raise _not_found(path)
    content_type = build.routes[url].get("contentType", JSON_CONTENT_TYPE)
    rest = url[len(API_PREFIX) :]

    if rest == "/models":
        params = _params(query, ("limit", "offset"))
        page = _paging(params, *PAGE_LIMITS["models"])
        return (build.raw(url) if page is None else _page(build, url, "models", page)), content_type, url

    if rest == "/benchmarks":
        params = _params(query, ("category",))
        if not params:
            return build.raw(url), content_type, url
        name = _resolve_category(build, params["category"], url)
        body = build.parsed(url)
        body["benchmarks"] = [b for b in body["benchmarks"] if b["category"] == name]
        body["total"] = len(body["benchmarks"])
        return serialize(body), content_type, url

    if rest == "/scores":
        params = _params(query, (*SCORE_FILTERS, "limit", "offset"))
        page = _paging(params, *PAGE_LIMITS["scores"])
        if not params:
            return build.raw(url), content_type, url
        body = build.parsed(url)
        rows, _ = _filter_scores(build, body["scores"], params, url)
        body["total"] = len(rows)
        if page is not None:
            offset, limit = page
            rows = rows[offset : offset + limit]
            body.update(offset=offset, limit=limit)
        body["scores"] = rows
        return serialize(body), content_type, url

    if rest.startswith("/leaderboards/"):
        params = _params(query, ("limit", "offset"))
        page = _paging(params, *PAGE_LIMITS["leaderboard"])
        return (build.raw(url) if page is None else _page(build, url, "leaderboard", page)), content_type, url

    if rest == "/export":
        params = _params(query, ("format", *SCORE_FILTERS))
        fmt = params.pop("format", "json")
        if fmt not in FORMATS:
            raise _bad("format", f"unknown format (allowed: {', '.join(FORMATS)})")
        csv_url = f"{API_PREFIX}/export.csv"
        if not params:
            if fmt == "csv":
                return build.raw(csv_url), CSV_CONTENT_TYPE, csv_url
            return build.raw(url), content_type, url
        body = build.parsed(url)
        rows, filters = _filter_scores(build, body["scores"], params, url)
        if fmt == "csv":
            return csv_export.scores_csv(rows).encode("utf-8"), CSV_CONTENT_TYPE, url
        body.update(total=len(rows), scores=rows, filters=filters)
        return serialize(body), content_type, url

    _params(query, ())  # every other route takes no parameters
    return build.raw(url), content_type, url


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    tags = [t.strip() for t in header.split(",")]
    return any((t[2:] if t.startswith("W/") else t) == etag for t in tags)


def json_error(status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    return Response(
        serialize(payload), status_code=status, media_type=None,
        headers={"Content-Type": JSON_CONTENT_TYPE, "Cache-Control": NO_STORE, "Access-Control-Allow-Origin": "*", **(headers or {})},
    )


def _error_bytes(status: int, reason: str, payload: dict[str, Any]) -> bytes:
    """A whole HTTP/1.1 error response, for the protocol layer (before any request reaches the app)."""
    body = serialize(payload)
    return (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: {JSON_CONTENT_TYPE}\r\ncontent-length: {len(body)}\r\n"
        f"cache-control: {NO_STORE}\r\naccess-control-allow-origin: *\r\nconnection: close\r\n\r\n"
    ).encode("ascii") + body


def _serve(state: ApiState, request: Request) -> Response:
    path = request_path(request.scope.get("raw_path") or request.scope["path"].encode())
    build = state.current()
    if build is None:
        return json_error(503, {"error": "no API published", "path": path})
    try:
        body, content_type, url = respond(build, path, request.url.query)
    except ApiError as exc:
        return json_error(exc.status, exc.body)
    etag = build.etag(url, body)
    headers = {"Cache-Control": CACHE_CONTROL, "ETag": etag, "Access-Control-Allow-Origin": "*",
               "Access-Control-Expose-Headers": EXPOSED_HEADERS}
    if build.last_modified:
        headers["Last-Modified"] = build.last_modified
    # only the ETag says a body is unchanged: Last-Modified is the latest score date (API.md), which a rebuild that
    # changes prices, names or generatedAt leaves alone, so If-Modified-Since is ignored (RFC 9110 allows it)
    if _etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=None, headers={**headers, "Content-Type": content_type})


def _preflight(request: Request) -> Response:
    return Response(status_code=204, headers={
        "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
        "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since", "Access-Control-Max-Age": "86400",
    })


class RateLimit:
    """At most `per_minute` requests per client address in each fixed minute; past it a 429 with
    Retry-After (the product's edge rule, for trying clients against it locally)."""

    def __init__(self, app: ASGIApp, per_minute: int):
        self.app, self.per_minute = app, per_minute
        self.window = 0
        self.counts: dict[str, int] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        now = time.monotonic()
        window = int(now // 60)
        if window != self.window:
            self.window, self.counts = window, {}  # a new minute: every count starts again (bounded memory)
        client = (scope.get("client") or ("?", 0))[0]
        n = self.counts[client] = self.counts.get(client, 0) + 1
        if n > self.per_minute:
            retry = str(int(60 - now % 60) + 1)
            await json_error(429, {"error": "rate limited", "limit": f"{self.per_minute} requests a minute"}, {"Retry-After": retry})(scope, receive, send)
            return
        await self.app(scope, receive, send)


def make_app(api_dir: Path, *, rate_limit: int | None = None) -> ASGIApp:
    """The ASGI app serving the API published at `api_dir`."""
    state = ApiState(Path(api_dir))

    async def http_error(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        if status == 405:
            return json_error(405, {"error": "method not allowed", "path": request.url.path}, {"Allow": "GET, HEAD, OPTIONS"})
        return json_error(status, {"error": "not found" if status == 404 else "error", "path": request.url.path})

    async def internal(request: Request, exc: Exception) -> Response:
        log.error("error serving %s", request.url.path, exc_info=exc)
        return json_error(500, {"error": "internal error", "path": request.url.path})

    app = Starlette(
        routes=[
            Route("/{path:path}", lambda request: _serve(state, request), methods=["GET", "HEAD"]),
            Route("/{path:path}", _preflight, methods=["OPTIONS"]),
        ],
        exception_handlers={404: http_error, 405: http_error, Exception: internal},
    )
    return RateLimit(app, rate_limit) if rate_limit else app


@dataclass(frozen=True)
class ServerLimits:
    backlog: int = 2048
    head_timeout: float = 10.0  # seconds to send a request head, after connecting or after a response
    keep_alive: float = 5.0  # seconds an idle keep-alive connection stays open
    max_connections: int = 1000
    max_head_bytes: int = 64 * 1024  # a request head (request line and headers) past this is answered 431
    rate_limit: int | None = None  # requests per client per minute; None: off


def _guarded_protocol(limits: ServerLimits) -> type[HttpToolsProtocol]:
    class GuardedProtocol(HttpToolsProtocol):
        """uvicorn's httptools protocol, plus: a deadline for each request head, a connection cap, and
        JSON for the errors the protocol layer answers itself."""

        _head_timer: asyncio.TimerHandle | None = None
        _over_cap = False
        _head_bytes = 0  # bytes received since the last request head was complete

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            # past the cap, the client's request is read (so that closing does not reset the connection
            # under its response) and answered with a 503
            self._over_cap = len(self.connections) > limits.max_connections
            self._arm_head_timer()

        def data_received(self, data: bytes) -> None:
            if not self._over_cap:
                # the head so far: what came since the last complete head, up to this chunk's blank line if it has one
                end = data.find(b"\r\n\r\n")
                if self._head_bytes + (end + 4 if end >= 0 else len(data)) > limits.max_head_bytes:
                    if not self.transport.is_closing():
                        self.transport.write(_error_bytes(431, "Request Header Fields Too Large",
                                                          {"error": "request head too large", "limit": limits.max_head_bytes}))
                        self.transport.close()
                    return
                self._head_bytes += len(data)  # back to 0 when the parser completes a head (on_headers_complete)
                super().data_received(data)
            elif not self.transport.is_closing():
                self.transport.write(_error_bytes(503, "Service Unavailable", {"error": "too many connections", "limit": limits.max_connections}))
                self.transport.close()

        def _arm_head_timer(self) -> None:
            self._cancel_head_timer()
            self._head_timer = self.loop.call_later(limits.head_timeout, self._head_timed_out)

        def _cancel_head_timer(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_timed_out(self) -> None:
            self._head_timer = None
            if (self.cycle is None or self.cycle.response_complete) and not self.transport.is_closing():
                self.transport.close()

        def on_headers_complete(self) -> None:
            self._cancel_head_timer()
            self._head_bytes = 0
            super().on_headers_complete()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing() and not self.pipeline:
                self._arm_head_timer()

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_head_timer()
            super().connection_lost(exc)

        def send_400_response(self, msg: str) -> None:
            self.transport.write(_error_bytes(400, "Bad Request", {"error": "malformed HTTP request"}))
            self.transport.close()

    return GuardedProtocol


class ApiServer:
    """uvicorn serving `make_app(api_dir)`: bound on construction (port 0 picks a free port, read it
    from `server_address`), `serve_forever()` until `shutdown()` (from another thread) or Ctrl-C."""

    def __init__(self, api_dir: Path, host: str = "127.0.0.1", port: int = 8000, *, verbose: bool = False,
                 limits: ServerLimits = ServerLimits()):
        self.config = uvicorn.Config(
            make_app(api_dir, rate_limit=limits.rate_limit), host=host, port=port, http=_guarded_protocol(limits),
            backlog=limits.backlog, timeout_keep_alive=limits.keep_alive, lifespan="off", access_log=verbose,
            log_level="info" if verbose else "warning", server_header=False,
        )
        self.server = uvicorn.Server(self.config)
        self.socket = self.config.bind_socket()
        self.socket.listen(limits.backlog)  # clients queue from now on, before the event loop starts
        self.server_address = self.socket.getsockname()[:2]
        self._stopped = threading.Event()

    def serve_forever(self) -> None:
        try:
            self.server.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        self._stopped.wait(timeout)

    def server_close(self) -> None:
        self.socket.close()


def make_server(api_dir: Path, host: str = "127.0.0.1", port: int = 8000, *, verbose: bool = False,
                limits: ServerLimits = ServerLimits()) -> ApiServer:
    return ApiServer(api_dir, host, port, verbose=verbose, limits=limits)


def serve(api_dir: Path, port: int = 8000, host: str = "127.0.0.1", *, rate_limit: int | None = None) -> None:
    """Serve until interrupted (Ctrl-C)."""
    server = make_server(api_dir, host, port, verbose=True, limits=ServerLimits(rate_limit=rate_limit))
    limit = f", at most {rate_limit} requests a minute per client" if rate_limit else ""
    print(f"Serving {api_dir} at http://{server.server_address[0]}:{server.server_address[1]}{API_PREFIX}{limit}")
    try:
        server.serve_forever()
    finally:
        server.server_close()
