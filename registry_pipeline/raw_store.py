"""The append-only raw landing zone.

Layout: `<raw_dir>/<source_id>/<YYYY-MM-DD>/<HHMMSS>/<file name>` plus a `manifest.json` naming
each file's URL, HTTP status, etag, last-modified, content type, size and sha256. A snapshot is
written into a temporary directory and renamed into place, so readers only ever see complete
snapshots; an existing snapshot is never overwritten or edited. Manifests carry no request headers
and no secrets. A fetch whose bytes equal the newest snapshot lands nothing; the validators it came
with (etag, last-modified), when they differ from the manifest's, are appended to
`<raw_dir>/<source_id>/validators.jsonl` so that the next fetch can ask conditionally.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping

import orjson

MANIFEST = "manifest.json"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{6}$")


class RawStoreError(RuntimeError):
    pass


@dataclass(frozen=True)
class FetchedFile:
    name: str
    url: str
    content: bytes
    http_status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)  # response headers (etag, last-modified, ...)


@dataclass(frozen=True)
class Snapshot:
    source_id: str
    path: Path
    key: str  # "2026-02-21/000000"
    fetched_on: dt.date
    manifest: dict[str, Any]

    @property
    def file_names(self) -> list[str]:
        return [f["name"] for f in self.manifest.get("files", [])]

    def read(self) -> dict[str, bytes]:
        return {name: (self.path / _safe_name(name)).read_bytes() for name in self.file_names}

    @property
    def size(self) -> int:
        """The bytes of its files, as its manifest states them (or as the file on disk has them)."""
        total = 0
        for f in self.manifest.get("files", []):
            if isinstance(f.get("bytes"), int):
                total += f["bytes"]
                continue
            try:
                total += (self.path / _safe_name(f["name"])).stat().st_size
            except (OSError, KeyError, RawStoreError):  # a file the snapshot lacks: verify() names it
                pass
        return total

    def sha256s(self) -> dict[str, str]:
        return {f["name"]: f["sha256"] for f in self.manifest.get("files", [])}

    def modified_days(self) -> dict[str, dt.date]:
        """The day (UTC) each file's server last changed it, from its manifest's `last_modified` (an HTTP
        date); a file whose manifest states none, or a date that cannot be read, is left out."""
        days: dict[str, dt.date] = {}
        for f in self.manifest.get("files", []):
            day = http_day(f.get("last_modified"))
            if day is not None:
                days[f["name"]] = day
        return days

    def verify(self) -> list[str]:
        """Problems found checking the files against the manifest (empty list: intact)."""
        problems: list[str] = []
        for entry in self.manifest.get("files", []):
            path = self.path / entry["name"]
            if not path.is_file():
                problems.append(f"{self.source_id} {self.key}: {entry['name']} is missing")
                continue
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
                problems.append(f"{self.source_id} {self.key}: {entry['name']} sha256 does not match the manifest")
            elif entry.get("bytes") is not None and len(data) != entry["bytes"]:
                problems.append(f"{self.source_id} {self.key}: {entry['name']} size does not match the manifest")
        return problems

    @property
    def ok(self) -> bool:
        return not self.verify()


def http_day(value: Any) -> dt.date | None:
    """The UTC day of an HTTP date (`Mon, 04 Aug 2025 06:12:09 GMT`); None for none or one that cannot be read."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # an HTTP date is GMT even when it does not say so
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(dt.timezone.utc).date()


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for k, v in headers.items():
        if k.lower() == name:
            return v
    return None


_NAME_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.+=@,-]*$")


def _safe_name(name: str) -> str:
    """A relative POSIX path of plain parts (`results.json`, `gpt-5_sierra_2025-08-09/submission.json`):
    no absolute paths, no `.`/`..`, no backslashes or control characters, not the manifest itself."""
    parts = name.split("/") if isinstance(name, str) else []
    if (
        not name
        or name == MANIFEST
        or len(name) > 300
        or not all(_NAME_PART.match(part) and part not in {".", ".."} for part in parts)
    ):
        raise RawStoreError(f"invalid raw file name {name!r}")
    return name


def _folders_newest_first(folder: Path | str, name: re.Pattern) -> list[str]:
    """The paths of the folders in `folder` whose names match `name`, newest (greatest name) first; none
    when `folder` is gone (removed since it was listed)."""
    try:
        listing = os.scandir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    with listing:
        return [path for _, path in sorted(((e.name, e.path) for e in listing if name.match(e.name) and e.is_dir()), reverse=True)]


class RawStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    def source_dir(self, source_id: str) -> Path:
        return self.root / source_id

    def _load(self, source_id: str, path: Path) -> Snapshot | None:
        """The snapshot in folder `path`; None while it has no readable manifest (a folder in its place too)."""
        date_part, time_part = path.parent.name, path.name
        try:
            fetched_on = dt.date.fromisoformat(date_part)
            manifest = orjson.loads((path / MANIFEST).read_bytes())
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError, ValueError, orjson.JSONDecodeError):
            return None
        return Snapshot(source_id, path, f"{date_part}/{time_part}", fetched_on, manifest)

    def _complete(self, source_id: str) -> Iterator[Snapshot]:
        """Complete snapshots of a source, newest first, each day's folder listed and each manifest read
        only when it is reached (`latest` lists the newest day or two of a year of daily snapshots, not all
        of them). The folders are listed with `os.scandir`, whose entries know whether they are folders:
        `Path.is_dir` asked the file system once for each."""
        for day_path in _folders_newest_first(self.source_dir(source_id), _DATE):
            for path in _folders_newest_first(day_path, _TIME):
                snap = self._load(source_id, Path(path))
                if snap is not None:
                    yield snap

    def snapshots(self, source_id: str) -> list[Snapshot]:
        """Complete snapshots of a source, newest first."""
        return list(self._complete(source_id))

    def latest(self, source_id: str) -> Snapshot | None:
        """The newest complete snapshot: only its manifest (and those of newer incomplete folders) is read."""
        return next(self._complete(source_id), None)

    def write_snapshot(
        self,
        source_id: str,
        files: list[FetchedFile],
        fetched_at: dt.datetime,
        run_id: str | None = None,
        *,
        origin: str = "live",
        note: str | None = None,
    ) -> Snapshot:
        """Land `files` as a new snapshot; identical bytes to the latest snapshot -> that snapshot.

        `origin` says how the bytes came: "live" (fetched) or "recorded" (`registry-pipeline record`)."""
        if not files:
            raise RawStoreError(f"{source_id}: no files to write")
        names = [_safe_name(f.name) for f in files]
        if len(set(names)) != len(names):
            raise RawStoreError(f"{source_id}: duplicate file names {sorted(names)}")
        latest = self.latest(source_id)
        if latest is not None and not latest.verify() and sorted(latest.file_names) == sorted(names):
            current = latest.read()
            if all(current.get(f.name) == f.content for f in files):
                return latest

        if fetched_at.tzinfo is None:
            fetched_at = fetched_at.replace(tzinfo=dt.timezone.utc)
        fetched_at = fetched_at.astimezone(dt.timezone.utc).replace(microsecond=0)
        base = self.source_dir(source_id)
        base.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=base))
        try:
            entries = []
            for f in files:
                (tmp / f.name).parent.mkdir(parents=True, exist_ok=True)
                (tmp / f.name).write_bytes(f.content)
                entries.append(
                    {
                        "name": f.name,
                        "url": f.url,
                        "http_status": f.http_status,
                        "etag": _header(f.headers, "etag"),
                        "last_modified": _header(f.headers, "last-modified"),
                        "content_type": _header(f.headers, "content-type"),
                        "bytes": len(f.content),
                        "sha256": hashlib.sha256(f.content).hexdigest(),
                    }
                )
            moment = fetched_at
            while True:
                key = f"{moment:%Y-%m-%d}/{moment:%H%M%S}"
                target = base / key
                if not target.exists():
                    manifest = {
                        "source_id": source_id,
                        "snapshot": key,
                        "fetched_at": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "origin": origin,
                        "run_id": run_id,
                        "files": entries,
                    }
                    if note:
                        manifest["note"] = note
                    (tmp / MANIFEST).write_bytes(
                        orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
                    )
                    target.parent.mkdir(parents=True, exist_ok=True)
                    try:
                        tmp.rename(target)  # atomic; fails if target appeared meanwhile
                    except OSError:
                        if target.exists():
                            moment += dt.timedelta(seconds=1)
                            continue
                        raise
                    break
                moment += dt.timedelta(seconds=1)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        snap = self._load(source_id, target)
        assert snap is not None
        return snap


# --- operator decisions: a snapshot accepted although the degraded-payload guard refused it ---

OPERATOR_ACCEPTED = "operator-accepted.jsonl"


def operator_accepted(store: RawStore, source_id: str) -> dict[str, str]:
    """Snapshot key -> the operator's reason, from `<raw>/<source>/operator-accepted.jsonl` (append-only)."""
    path = store.source_dir(source_id) / OPERATOR_ACCEPTED
    if not path.is_file():
        return {}
    accepted: dict[str, str] = {}
    for line in path.read_bytes().splitlines():
        try:
            entry = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue  # a torn last line from a crash: ignored, the rest still counts
        if isinstance(entry, dict) and isinstance(entry.get("snapshot"), str):
            accepted[entry["snapshot"]] = str(entry.get("reason") or "")
    return accepted


def record_operator_acceptance(store: RawStore, source_id: str, snapshot_key: str, reason: str, at: dt.datetime) -> Path:
    """Append the operator's acceptance of `snapshot_key` (which must exist) to the source's ledger."""
    if snapshot_key not in {s.key for s in store.snapshots(source_id)}:
        raise RawStoreError(f"{source_id}: no snapshot {snapshot_key!r} in {store.source_dir(source_id)}")
    path = store.source_dir(source_id) / OPERATOR_ACCEPTED
    line = orjson.dumps({"snapshot": snapshot_key, "reason": reason, "at": at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")})
    with path.open("ab") as fh:
        fh.write(line + b"\n")
    return path


# --- validators a server sent for bytes equal to a snapshot (which is not written again) ---

VALIDATORS = "validators.jsonl"
_VALIDATOR_FIELDS = ("etag", "last_modified")


def learned_validators(store: RawStore, source_id: str, snapshot_key: str) -> dict[str, dict[str, str | None]]:
    """File name -> {"etag", "last_modified"} last recorded for `snapshot_key` ({}: none recorded)."""
    path = store.source_dir(source_id) / VALIDATORS
    if not path.is_file():
        return {}
    found: dict[str, dict[str, str | None]] = {}
    for line in path.read_bytes().splitlines():
        try:
            entry = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue  # a torn last line from a crash: ignored, the rest still counts
        if not (isinstance(entry, dict) and entry.get("snapshot") == snapshot_key and isinstance(entry.get("files"), dict)):
            continue
        found = {
            name: {k: v if isinstance(v, str) else None for k, v in ((k, got.get(k)) for k in _VALIDATOR_FIELDS)}
            for name, got in entry["files"].items() if isinstance(got, dict)
        }
    return found


def record_validators(
    store: RawStore, source_id: str, snapshot_key: str, files: Mapping[str, Mapping[str, str | None]], at: dt.datetime
) -> Path:
    """Append the validators the server sent for `snapshot_key`'s unchanged files to the source's ledger."""
    path = store.source_dir(source_id) / VALIDATORS
    line = orjson.dumps({
        "snapshot": snapshot_key,
        "at": at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "files": {name: {k: v.get(k) for k in _VALIDATOR_FIELDS} for name, v in files.items()},
    })
    with path.open("ab") as fh:
        fh.write(line + b"\n")
    return path
