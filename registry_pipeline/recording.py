"""Replay a recording: land local files as a raw snapshot of a source, exactly as a fetch would.

`registry-pipeline record SOURCE PATH...` calls `record`. PATH is a file, a `NAME=FILE` pair (the
file lands under the spec's file name NAME), or a folder laid out like `../shared/snapshots/<source>/`
(its files are matched to the spec's file names by their relative path). Like a fetch, a snapshot
holds the spec's files plus the files the source's `discover()` names from them, and nothing else;
files of a folder that a fetch would not have fetched are reported as ignored.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import tarfile
from dataclasses import dataclass
from pathlib import Path

from registry_pipeline.raw_store import FetchedFile, RawStore, Snapshot
from registry_pipeline.sources import Source

IGNORED_NAMES = {"SOURCE.md", "README.md"}


class RecordError(ValueError):
    """The files given cannot form a snapshot of the source (a spec file is missing, a name is unsafe)."""


@dataclass(frozen=True)
class Recorded:
    snapshot: Snapshot
    ignored: tuple[str, ...]  # files given that a fetch would not have fetched


def _candidates(paths: list[str]) -> dict[str, Path]:
    """Relative name -> local file for every path given (folders walked recursively)."""
    found: dict[str, Path] = {}
    for arg in paths:
        if "=" in arg and not Path(arg).exists():
            name, _, file = arg.partition("=")
            found[name] = Path(file)
            continue
        path = Path(arg)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = file.relative_to(path).as_posix()
                if file.name not in IGNORED_NAMES and not any(part.startswith(".") for part in rel.split("/")):
                    found[rel] = file
        elif path.is_file():
            found[path.name] = path
        else:
            raise RecordError(f"{arg}: no such file or folder")
    return found


class _Packed:
    """Bytes standing in for a local file (an archive packed from a folder)."""

    def __init__(self, data: bytes):
        self.data = data

    def read_bytes(self) -> bytes:
        return self.data


def pack_tar_gz(files: dict[str, Path], top: str) -> bytes:
    """A deterministic .tar.gz of `files` under one top folder: sorted members, mtime 0, owner 0, mode
    0644 — the same folder always packs to the same bytes (and so lands as the same snapshot)."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for rel in sorted(files):
            data = files[rel].read_bytes()
            info = tarfile.TarInfo(f"{top}/{rel}")
            info.size, info.mtime, info.mode, info.uid, info.gid, info.uname, info.gname = len(data), 0, 0o644, 0, 0, "", ""
            tar.addfile(info, io.BytesIO(data))
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") as gz:
        gz.write(raw.getvalue())
    return out.getvalue()


def files_for(source: Source, paths: list[str]) -> tuple[list[FetchedFile], tuple[str, ...]]:
    """The files a fetch of `source` would land, taken from `paths`; and the names left out."""
    spec = source.spec
    found = _candidates(paths)
    # a source fetched as one archive (llm-stats' repository tarball), given as a folder of its files:
    # the folder is packed into that archive, as the host would have served it
    archive = spec.files[0].name if len(spec.files) == 1 and spec.files[0].name.endswith(".tar.gz") else None
    if archive and archive not in found and len(found) > 1:
        found = {archive: _Packed(pack_tar_gz(found, archive.removesuffix(".tar.gz") + "-main"))}  # type: ignore[dict-item]
    wanted = {f.name: f.url for f in spec.files}
    # a recording keeps the live file's own name; the spec may land it under another one
    # (tau2-bench's `manifest.json` is `submissions-manifest.json`: the snapshot's manifest owns that name)
    for f in spec.files:
        live_name = f.url.rstrip("/").rsplit("/", 1)[-1]
        if f.name not in found and live_name in found:
            found[f.name] = found.pop(live_name)
    data_files = [n for n in found if n not in wanted]
    # one spec file and one unmatched data file given: that file is the payload (a recording's own name)
    if len(wanted) == 1 and not set(wanted) & set(found) and len(data_files) == 1:
        only = next(iter(wanted))
        found = {only: found[data_files[0]]}
    missing = sorted(set(wanted) - set(found))
    if missing:
        raise RecordError(f"{spec.id}: the spec's file(s) {missing} are not among the files given ({sorted(found)})")
    contents = {name: found[name].read_bytes() for name in wanted}
    while source.discover is not None:  # as the fetch layer does: ask again until nothing new is named
        named = [extra for extra in source.discover(dict(contents)) if extra.name not in wanted]
        if not named:
            break
        for extra in named:
            if extra.name not in found:
                raise RecordError(f"{spec.id}: {extra.name} is named by the source's index but is not among the files given")
            wanted[extra.name] = extra.url
            contents[extra.name] = found[extra.name].read_bytes()
    ignored = tuple(sorted(set(found) - set(wanted)))
    return [FetchedFile(name, wanted[name], contents[name]) for name in wanted], ignored


def record(source: Source, paths: list[str], store: RawStore, fetched_at: dt.datetime) -> Recorded:
    files, ignored = files_for(source, paths)
    snapshot = store.write_snapshot(
        source.spec.id, files, fetched_at, origin="recorded", note="landed from local files by `registry-pipeline record`"
    )
    return Recorded(snapshot, ignored)
