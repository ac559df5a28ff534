"""Get a raw snapshot for a source: fetch it live, or fall back to the newest one on disk.

Modes: "live" (fetched and landed, or identical to the newest snapshot), "unchanged" (the server
answered 304), "fallback" (no API key or the fetch failed: the newest snapshot is used),
"offline" (`REGISTRY_OFFLINE`: no network call at all), "curated" (a hand-curated source, see
`SourceSpec.curated`: the newest snapshot on disk, never fetched). With no snapshot on disk the result has
`snapshot=None` and the caller reports the source as failed. Messages and logs name environment
variables and URLs, never a secret value.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass
from typing import Callable, Literal, Mapping

import httpx

from registry_pipeline.config import Settings
from registry_pipeline.http import FetchError, fetch, redact
from registry_pipeline.raw_store import FetchedFile, RawStore, Snapshot, learned_validators, record_validators
from registry_pipeline.raw_store import _header as header
from registry_pipeline.raw_store import _safe_name as safe_name
from registry_pipeline.sources.base import SourceFile, SourceSpec

MAX_DISCOVERED_FILES = 1000
_PRINTABLE_ASCII = re.compile(r"[\x21-\x7e]+(?: [\x21-\x7e]+)*")

Mode = Literal["live", "unchanged", "fallback", "offline", "curated"]


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
    discover: Callable[[dict[str, bytes]], list[SourceFile]] | None = None,
) -> Acquisition:
    key = (environ.get(spec.auth_env_var) or "").strip() if spec.auth_env_var else ""
    secrets = [key]

    def done(result: Acquisition) -> Acquisition:
        log(redact(f"{spec.id}: {result.mode}: {result.message}", secrets))
        return result

    if spec.curated:
        return done(_fallback(spec, store, "curated", f"{spec.id}: curated by hand, never fetched"))
    if settings.offline:
        return done(_fallback(spec, store, "offline", f"{spec.id}: offline mode (REGISTRY_OFFLINE)"))
    if spec.auth_required and not key:
        return done(_fallback(spec, store, "fallback", f"{spec.id}: {spec.auth_env_var} is not set"))
    if key and not _PRINTABLE_ASCII.fullmatch(key):
        # never sent, never echoed: httpx's "Illegal header value" message would carry the key into the log
        return done(_fallback(spec, store, "fallback", f"{spec.id}: {spec.auth_env_var} contains control or non-ASCII characters; not sent"))

    headers: dict[str, str] = {}
    if key and spec.auth_header:
        headers[spec.auth_header] = f"{spec.auth_scheme} {key}" if spec.auth_scheme else key
        secrets.append(headers[spec.auth_header])
    latest = store.latest(spec.id)
    previous = {f["name"]: f for f in latest.manifest.get("files", [])} if latest is not None else {}
    if latest is not None:  # validators sent since for the same bytes (which landed no new snapshot)
        for name, learned in learned_validators(store, spec.id, latest.key).items():
            if name in previous:
                previous[name] = {**previous[name], **learned}
    extra = {} if sleep is None else {"sleep": sleep}
    # one deadline for the whole source: retries, Retry-After and slow bodies of all its files share it
    ends_at = time.monotonic() + spec.deadline_seconds
    old: dict[str, bytes] | None = None
    not_modified: set[str] = set()  # files the server answered 304 for

    def get(files: list[SourceFile], headers: dict[str, str] = headers) -> tuple[list[FetchedFile], str | None]:
        """Fetch `files` (conditional GET against the newest snapshot); a 304 carries its bytes over.
        Returns (files, None) or ([], the reason the source must fall back)."""
        nonlocal old
        got: list[FetchedFile] = []
        for source_file in files:
            prev = previous.get(source_file.name, {})
            try:
                result = fetch(
                    client, source_file.url, headers=headers,
                    etag=prev.get("etag"), last_modified=prev.get("last_modified"),
                    deadline_seconds=max(0.0, ends_at - time.monotonic()), **extra,
                )
            except (FetchError, httpx.HTTPError, OSError) as exc:
                return [], f"{spec.id}: fetching {source_file.url} failed: {redact(str(exc), secrets)}"
            if not result.not_modified:
                got.append(FetchedFile(source_file.name, source_file.url, result.content or b"", result.status, result.headers))
                continue
            if old is None:
                old = latest.read() if latest is not None else {}
            if source_file.name not in old:
                return [], f"{spec.id}: server answered 304 for {source_file.name}, which no snapshot holds"
            not_modified.add(source_file.name)
            got.append(_carried(FetchedFile(source_file.name, source_file.url, b"", 304, result.headers),
                                previous[source_file.name], old[source_file.name]))
        return got, None

    def collect(files: list[SourceFile], headers: dict[str, str]) -> tuple[list[FetchedFile], str | None]:
        """Fetch `files`, then what `discover` names from everything fetched, until it names nothing new."""
        fetched, failure = get(files, headers)
        if failure or discover is None:
            return fetched, failure
        # the files name further files (a manifest of submissions, the next page of a cursor-paged list):
        # fetch those into the same snapshot, asking again until nothing new is named
        while True:
            have = {f.name for f in fetched}
            try:
                named = [f for f in discover({f.name: f.content for f in fetched}) if f.name not in have]
                if len(have) + len(named) > MAX_DISCOVERED_FILES:
                    raise ValueError(f"names {len(have) + len(named)} files, more than {MAX_DISCOVERED_FILES}")
                for f in named:
                    safe_name(f.name)
            except Exception as exc:  # noqa: BLE001 - a bad index must not stop the run
                return [], f"{spec.id}: discovering its files failed: {redact(str(exc), secrets)}"
            if not named:
                return fetched, None
            more, failure = get(list({f.name: f for f in named}.values()), headers)
            if failure:  # never land a partial snapshot
                return [], failure
            fetched += more

    prefix = ""
    if key and spec.keyed_files:
        fetched, failure = collect(list(spec.keyed_files), headers)
        if failure:
            # the keyed API failed (a refused key, an outage): the public files, without the key
            prefix = f"{spec.id}: the API with {spec.auth_env_var} failed ({failure}); used the public files instead. "
            not_modified.clear()
            fetched, failure = collect(list(spec.files), {})
    else:
        fetched, failure = collect(list(spec.files), headers)
    if failure:
        return done(_fallback(spec, store, "fallback", prefix + failure))
    if latest is not None and not_modified == set(previous) == {f.name for f in fetched}:
        return done(Acquisition(latest, "unchanged", prefix + f"{spec.id}: not modified since snapshot {latest.key}"))
    snapshot = store.write_snapshot(spec.id, fetched, now, run_id)
    if latest is not None and snapshot.key == latest.key:
        # the same bytes: nothing landed, but the validators they came with are kept for the next conditional GET
        sent = {f.name: {"etag": header(f.headers, "etag"), "last_modified": header(f.headers, "last-modified")} for f in fetched}
        if any(v != {k: previous.get(name, {}).get(k) for k in v} for name, v in sent.items()):
            record_validators(store, spec.id, snapshot.key, sent, now)
        return done(Acquisition(snapshot, "live", prefix + f"{spec.id}: fetched; identical to snapshot {snapshot.key}"))
    return done(Acquisition(snapshot, "live", prefix + f"{spec.id}: fetched snapshot {snapshot.key}"))
