"""Atomic publication of the API.

Layout next to the publish root `api_dir` (e.g. `data/warehouse/api`):

    data/warehouse/.api-builds/<build-id>/   one complete build: v1/..., routes.json, _headers, _redirects
    data/warehouse/api -> .api-builds/<build-id>   a relative symlink to the current build

A build is written into `.api-builds/<build-id>.staging`, renamed to `<build-id>` once complete,
and swapped in with `os.replace(tmp_symlink, api_dir)` (atomic on POSIX).  Until the swap the
previous build stays served untouched; on any failure the staging directory is removed.  A file
whose bytes equal the previous build's file is hard-linked from it, so an unchanged rebuild only
writes the files carrying `generatedAt`/`exportedAt` (and `routes.json`, which lists their ETags).
The previous build is kept (readers that opened it finish undisturbed); older ones are deleted.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import fcntl
import hashlib
import logging
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from registry_pipeline.publish import builders
from registry_pipeline.publish.routes import (
    API_PREFIX,
    CACHE_CONTROL,
    ENDPOINTS,
    FILE_SUFFIXES,
    content_type_for,
    file_for_url,
    http_date,
)
from registry_pipeline.registry import Registry
from registry_pipeline.warehouse.swap import WarehouseSwap

log = logging.getLogger(__name__)

BUILDS_DIRNAME = ".api-builds"
STAGING_SUFFIX = ".staging"
LOCK_NAME = ".lock"
SLICE_MAX_BYTES = 1024
HOST_FILES = ("routes.json", "_headers", "_redirects")
_SLICE_RE = re.compile(rf"^{re.escape(API_PREFIX)}/models/[^/]+\.json$")


def serialize(body: Any) -> bytes:
    """The bytes of one published file: compact JSON with sorted keys and a final newline
    (orjson), or CSV text as UTF-8.  The local server re-serialises filtered bodies with this."""
    if isinstance(body, bytes):
        return body  # a binary file (Parquet)
    if isinstance(body, str):
        return body.encode("utf-8")
    return orjson.dumps(body, option=orjson.OPT_SORT_KEYS) + b"\n"


def etag_for(data: bytes) -> str:
    """Strong ETag: the quoted sha256 hex of the body."""
    return f'"{hashlib.sha256(data).hexdigest()}"'


@dataclass(frozen=True)
class Route:
    url: str
    file: str  # POSIX path relative to the publish root
    content_type: str
    etag: str
    size: int


@dataclass(frozen=True)
class PublishResult:
    build_dir: Path  # the build now served (what `api_dir` points to)
    build_id: str
    file_count: int  # every file of the build, host files included
    routes: dict[str, Route]  # URL -> route, sorted by URL
    written: int = 0  # files written anew
    linked: int = 0  # files hard-linked from the previous build
    previous_build: Path | None = None
    removed_builds: tuple[str, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------- host files


def routes_json(routes: dict[str, Route]) -> dict[str, Any]:
    """URL -> file and content type. No ETags or sizes: they would change with generatedAt, and a
    rebuild with unchanged inputs must leave this file byte-identical."""
    return {url: {"file": r.file, "contentType": r.content_type} for url, r in sorted(routes.items())}


MAX_HEADER_RULES = 100  # Cloudflare Pages skips the rules of `_headers` past its 100th


def header_rules(routes: dict[str, Route], latest_score_date: str | None) -> list[tuple[str, dict[str, str]]]:
    """Cloudflare Pages `_headers` rules: (URL pattern, headers).

    The routes of each templated endpoint of `ENDPOINTS` share one splat rule per family (`/api/v1/models/*`,
    `/api/v1/benchmarks/*`, `/api/v1/leaderboards/*`, `/api/v1/changes/*`; all JSON) so the file stays far below
    the host's 100 rules at any size (Cloudflare skips the rules past them); every other route has an exact
    rule.  No two rules match one URL (Cloudflare would join duplicated header values).  Raises ValueError
    past 100 rules."""
    common = {"Cache-Control": CACHE_CONTROL, "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag, Last-Modified"}
    last_modified = http_date(latest_score_date)
    if last_modified:
        common["Last-Modified"] = last_modified
    families = sorted({t[: t.index("{")] for t in ENDPOINTS.values() if "{" in t}, key=len, reverse=True)
    if any(not f.endswith("/") for f in families):
        raise ValueError(f"_headers: a templated endpoint whose placeholder does not start a path segment: {families}")
    rules: dict[str, dict[str, str]] = {}
    for url, r in sorted(routes.items()):
        family = next((f for f in families if url.startswith(f)), None)
        pattern = family + "*" if family else url
        ctype = {"Content-Type": r.content_type}
        if pattern in rules and rules[pattern]["Content-Type"] != r.content_type:
            raise ValueError(f"_headers: mixed content types under {pattern}")
        rules[pattern] = {**ctype, **common}
    if len(rules) > MAX_HEADER_RULES:
        raise ValueError(f"_headers: {len(rules)} rules, past Cloudflare Pages' {MAX_HEADER_RULES}")
    return sorted(rules.items())


def headers_file(routes: dict[str, Route], latest_score_date: str | None) -> str:
    blocks = []
    for pattern, headers in header_rules(routes, latest_score_date):
        blocks.append(pattern + "\n" + "".join(f"  {k}: {v}\n" for k, v in headers.items()))
    return "\n".join(blocks)


# Cloudflare Pages reads at most 2,000 static rules (exact paths), then at most 100 dynamic ones
# (with a `:placeholder` or a `*`), and a static rule after the first dynamic one counts as dynamic.
MAX_STATIC_REDIRECTS = 2000
MAX_DYNAMIC_REDIRECTS = 100
_TEMPLATE_PARAM = re.compile(r"\{(\w+)\}")
_PLACEHOLDER = re.compile(r":([A-Za-z]\w*)")  # a `_redirects` placeholder, as Cloudflare spells one


def _dynamic_redirects() -> list[tuple[str, str]]:
    """(source, destination) of one 200 rewrite per templated endpoint of `ENDPOINTS`
    (`/api/v1/models/{id}` -> `/api/v1/models/:id /v1/models/:id/index.json`): the families that grow
    with the data (models, their slices, benchmarks, leaderboards, days of changes). A template whose
    URL ends in a file suffix comes before the others, whose placeholder would match it too."""
    rules = []
    for template in ENDPOINTS.values():
        names = _TEMPLATE_PARAM.findall(template)
        if not names:
            continue
        # file_for_url's own rule, on a sample whose segments stand in for the placeholders
        samples = {name: f"p{i}-placeholder" for i, name in enumerate(names)}
        target = "/" + file_for_url(_TEMPLATE_PARAM.sub(lambda m: samples[m.group(1)], template))
        for name, sample in samples.items():
            target = target.replace(sample, f":{name}")
        rules.append((_TEMPLATE_PARAM.sub(r":\1", template), target))
    return sorted(rules, key=lambda rule: (not rule[0].endswith(FILE_SUFFIXES), rule[0]))


def redirect_pattern(source: str) -> re.Pattern[str]:
    """The path a `_redirects` source matches, as Cloudflare Pages reads it: `*` any characters,
    `:name` one path segment (no `/`), the rest literally."""
    regex = "(?P<splat>.*)".join(re.escape(part) for part in source.split("*"))
    return re.compile("^" + _PLACEHOLDER.sub(r"(?P<\1>[^/]+)", regex) + "$")


def redirect_rules(routes: dict[str, Route]) -> list[tuple[str, str]]:
    """Cloudflare Pages' 200 rewrites serving every route at its URL: an exact (static) rule for each
    route the templated rules do not serve (`/api/v1/meta`, `/api/v1/export.csv`, ...), sorted, then
    the templated (dynamic) rules. So the file stays a few dozen lines at any number of models (one
    rule per route was 2,847 at every recording's size: past the host's 2,000, whose rules beyond
    it are skipped). Raises ValueError if the routes would still need more rules than the host reads."""
    dynamic = [(source, target, redirect_pattern(source)) for source, target in _dynamic_redirects()]

    def served(url: str) -> str | None:
        for _source, target, pattern in dynamic:
            found = pattern.match(url)
            if found:  # the first matching dynamic rule applies
                return _PLACEHOLDER.sub(lambda m: found.group(m.group(1)), target)
        return None

    static = [(url, "/" + r.file) for url, r in sorted(routes.items()) if served(url) != "/" + r.file]
    if len(static) > MAX_STATIC_REDIRECTS or len(dynamic) > MAX_DYNAMIC_REDIRECTS:
        raise ValueError(f"_redirects: {len(static)} static and {len(dynamic)} dynamic rules, past Cloudflare Pages' "
                         f"{MAX_STATIC_REDIRECTS} and {MAX_DYNAMIC_REDIRECTS}")
    return static + [(source, target) for source, target, _ in dynamic]


def redirects_file(routes: dict[str, Route]) -> str:
    """Cloudflare Pages `_redirects`: `source destination 200` per line (`redirect_rules`)."""
    return "".join(f"{source} {target} 200\n" for source, target in redirect_rules(routes))


# ---------------------------------------------------------------- file system helpers


@contextlib.contextmanager
def _lock(builds: Path) -> Iterator[None]:
    """One publisher at a time per publish root."""
    with open(builds / LOCK_NAME, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_SYNCFS = getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)  # Linux; elsewhere sync(2)


def _sync_file_system(path: Path) -> None:
    """Flush every file and directory entry written on `path`'s file system to disk, in one call: Linux
    waits for the writes, so syncfs(2) holds what an fsync of each new file and each directory would
    (thousands of fsyncs took most of a publish)."""
    if _SYNCFS is None:
        os.sync()
        return
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if _SYNCFS(fd) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"syncfs {path}: {os.strerror(err)}")
    finally:
        os.close(fd)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.is_symlink() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _current_build(api_dir: Path) -> Path | None:
    if api_dir.is_symlink():
        target = Path(os.path.realpath(api_dir))
        return target if target.is_dir() else None
    if api_dir.is_dir():
        return api_dir  # a real directory from an older layout
    return None


class _Stager:
    """Writes a build's files (not synced: the publisher syncs the whole build once, see `publish`)."""

    def __init__(self, root: Path, previous: Path | None):
        self.root, self.previous = root, previous
        self.written = self.linked = 0
        self.dirs: set[Path] = set()

    def put(self, rel: str, data: bytes) -> None:
        dest = self.root / rel
        if dest.parent not in self.dirs:
            dest.parent.mkdir(parents=True, exist_ok=True)
            self.dirs.add(dest.parent)
        if self.previous is not None:
            old = self.previous / rel
            if _same_bytes(old, data):
                try:
                    os.link(old, dest)
                    self.linked += 1
                    return
                except OSError:
                    pass  # another file system, link limit, ...: write instead
        with open(dest, "xb") as fh:
            fh.write(data)
        self.written += 1


# ---------------------------------------------------------------- publish


def new_build_id(generated_at: dt.datetime) -> str:
    """`<UTC timestamp>-<8 hex>`: names the API build directory, `meta.buildId` and the warehouse's build."""
    ts = generated_at if generated_at.tzinfo else generated_at.replace(tzinfo=dt.timezone.utc)
    return f"{ts.astimezone(dt.timezone.utc):%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"


def publish(
    registry: Registry, api_dir: Path, generated_at: dt.datetime, *, durable: bool = True, warehouse: WarehouseSwap | None = None
) -> PublishResult:
    """Build every endpoint of `registry`, write it as a new build and swap it in atomically.

    `api_dir` (the publish root) becomes a symlink to `api_dir.parent/.api-builds/<build-id>`, the
    build id being `registry.build_id` (else a new one). `generated_at` stamps `meta.generatedAt` and
    `export.exportedAt`. `warehouse`, the build's staged database, is swapped in right before the API
    and put back if the API swap fails: both move, or neither. `durable=False` skips the syncs
    (tests). Raises on any failure; the previously published API (and warehouse) is then untouched."""
    api_dir = Path(api_dir)
    builders.check_registry(registry)  # ids that cannot be file names: refused before anything is touched
    builds = api_dir.parent / BUILDS_DIRNAME
    builds.mkdir(parents=True, exist_ok=True)
    with _lock(builds):
        for stale in builds.glob(f"*{STAGING_SUFFIX}"):  # left by an interrupted publisher
            shutil.rmtree(stale, ignore_errors=True)
        previous = _current_build(api_dir)
        build_id = registry.build_id or new_build_id(generated_at)
        staging = builds / f"{build_id}{STAGING_SUFFIX}"
        final = builds / build_id
        tmp_link = api_dir.parent / f".{api_dir.name}.tmp-{build_id}"
        staging.mkdir()
        try:
            stager = _Stager(staging, previous)
            routes: dict[str, Route] = {}
            latest = None
            # each body written as it is made (builders.iter_bodies); a failure on the way removes the staging
            for url, body in builders.iter_bodies(registry, generated_at):
                data = serialize(body)
                if _SLICE_RE.match(url) and len(data) >= SLICE_MAX_BYTES:
                    raise ValueError(f"{url}: per-model slice is {len(data)} bytes (limit {SLICE_MAX_BYTES - 1})")
                rel = file_for_url(url)
                stager.put(rel, data)
                routes[url] = Route(url, rel, content_type_for(url), etag_for(data), len(data))
                if url == f"{API_PREFIX}/meta" and isinstance(body, dict):
                    latest = body.get("latestScoreDate")
                del body, data
            routes = dict(sorted(routes.items()))
            stager.put("routes.json", serialize(routes_json(routes)))
            stager.put("_headers", headers_file(routes, latest).encode("utf-8"))
            stager.put("_redirects", redirects_file(routes).encode("utf-8"))
            if durable:  # every file and directory of the build on disk before it is renamed and swapped in
                _sync_file_system(staging)
            os.rename(staging, final)
            staging = final  # from here on a failure removes `final`
            if durable:
                _fsync_dir(builds)
            if previous is not None and not api_dir.is_symlink():
                # Older layout: a real directory. Move it aside (kept as the previous build).
                aside = builds / f"legacy-{build_id}"
                os.rename(api_dir, aside)
                previous = aside
            os.symlink(os.path.relpath(final, api_dir.parent), tmp_link)
            if warehouse is not None:
                warehouse.swap()
            os.replace(tmp_link, api_dir)  # the swap
        except BaseException:
            if warehouse is not None:
                warehouse.undo()
            with contextlib.suppress(OSError):
                os.unlink(tmp_link)
            if previous is not None and previous.name.startswith("legacy-") and not api_dir.exists():
                with contextlib.suppress(OSError):
                    os.rename(previous, api_dir)  # put the old layout back
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if durable:
            _fsync_dir(api_dir.parent)
        if warehouse is not None:
            warehouse.commit()
        in_builds = previous is not None and os.path.realpath(previous.parent) == os.path.realpath(builds)
        keep = {final.name} | ({previous.name} if in_builds else set())
        removed = []
        for entry in sorted(builds.iterdir()):
            if entry.name == LOCK_NAME or entry.name in keep:
                continue
            shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() and not entry.is_symlink() else entry.unlink(missing_ok=True)
            removed.append(entry.name)
        log.info("published %s: %d files (%d written, %d linked)", final, stager.written + stager.linked, stager.written, stager.linked)
        return PublishResult(
            build_dir=final,
            build_id=build_id,
            file_count=stager.written + stager.linked,
            routes=dict(sorted(routes.items())),
            written=stager.written,
            linked=stager.linked,
            previous_build=previous if previous is not None and previous.exists() else None,
            removed_builds=tuple(removed),
        )
