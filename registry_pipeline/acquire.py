"""Get a raw snapshot for a source: fetch it live, or fall back to the newest one on disk.

Modes: "live" (fetched and landed, or identical to the newest snapshot), "unchanged" (the server
answered 304), "fallback" (no API key or the fetch failed: the newest snapshot is used),
"offline" (`REGISTRY_OFFLINE`: no network call at all). With no snapshot on disk the result has
`snapshot=None` and the caller reports the source as failed. Messages and logs name environment
variables and URLs, never a secret value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Literal, Mapping

import httpx

from registry_pipeline.config import Settings
from registry_pipeline.http import FetchError, fetch, redact
from registry_pipeline.raw_store import FetchedFile, RawStore, Snapshot
from registry_pipeline.sources.base import SourceSpec

Mode = Literal["live", "unchanged", "fallback", "offline"]


@dataclass(frozen=True)
class Acquisition:
    snapshot: Snapshot | None
    mode: Mode
    message: str


def _noop(_: str) -> None:
    return None


def _fallback(spec: SourceSpec, store: RawStore, mode: Mode, reason: str) -> Acquisition:
    latest = store.latest(spec.id)
    if latest is None:
        return Acquisition(None, mode, f"{reason}; no raw snapshot of {spec.id} on disk")
    return Acquisition(latest, mode, f"{reason}; using snapshot {latest.key}")


def _carried(file: FetchedFile, entry: Mapping[str, object], content: bytes) -> FetchedFile:
    names = {"etag": "etag", "last-modified": "last_modified", "content-type": "content_type"}
    headers = {h: str(entry[k]) for h, k in names.items() if entry.get(k)}
    status = entry.get("http_status")
    return FetchedFile(file.name, file.url, content, status if isinstance(status, int) else None, headers)


def acquire(
    spec: SourceSpec,
    *,
    store: RawStore,
    client: httpx.Client,
    settings: Settings,
    environ: Mapping[str, str],
    now: dt.datetime,
    run_id: str | None = None,
    log: Callable[[str], None] = _noop,
    sleep: Callable[[float], None] | None = None,
) -> Acquisition:
    key = (environ.get(spec.auth_env_var) or "").strip() if spec.auth_env_var else ""
    secrets = [key]

    def done(result: Acquisition) -> Acquisition:
        log(redact(f"{spec.id}: {result.mode}: {result.message}", secrets))
        return result

    if settings.offline:
        return done(_fallback(spec, store, "offline", f"{spec.id}: offline mode (REGISTRY_OFFLINE)"))
    if spec.auth_required and not key:
        return done(_fallback(spec, store, "fallback", f"{spec.auth_env_var} is not set"))

    headers: dict[str, str] = {}
    if key and spec.auth_header:
        headers[spec.auth_header] = key
    latest = store.latest(spec.id)
    previous = {f["name"]: f for f in latest.manifest.get("files", [])} if latest is not None else {}
    fetched: list[FetchedFile] = []
    all_not_modified = True
    extra = {} if sleep is None else {"sleep": sleep}
    for source_file in spec.files:
        prev = previous.get(source_file.name, {})
        try:
            result = fetch(
                client,
                source_file.url,
                headers=headers,
                etag=prev.get("etag"),
                last_modified=prev.get("last_modified"),
                **extra,
            )
        except (FetchError, httpx.HTTPError, OSError) as exc:
            detail = redact(str(exc), secrets)
            return done(_fallback(spec, store, "fallback", f"{spec.id}: fetching {source_file.url} failed: {detail}"))
        if result.not_modified:
            fetched.append(FetchedFile(source_file.name, source_file.url, b"", result.status, result.headers))
            continue
        all_not_modified = False
        fetched.append(FetchedFile(source_file.name, source_file.url, result.content or b"", result.status, result.headers))

    if all_not_modified and latest is not None:
        return done(Acquisition(latest, "unchanged", f"{spec.id}: not modified since snapshot {latest.key}"))
    if any(f.http_status == 304 for f in fetched):
        # some files changed and some did not: carry the unchanged ones over from the newest snapshot
        old = latest.read() if latest is not None else {}
        if any(f.http_status == 304 and f.name not in old for f in fetched):
            return done(_fallback(spec, store, "fallback", f"{spec.id}: server answered 304 for a file no snapshot holds"))
        fetched = [_carried(f, previous[f.name], old[f.name]) if f.http_status == 304 else f for f in fetched]
    snapshot = store.write_snapshot(spec.id, fetched, now, run_id)
    if latest is not None and snapshot.key == latest.key:
        return done(Acquisition(snapshot, "live", f"{spec.id}: fetched; identical to snapshot {snapshot.key}"))
    return done(Acquisition(snapshot, "live", f"{spec.id}: fetched snapshot {snapshot.key}"))
