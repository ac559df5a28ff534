"""Parsed snapshots cached as Parquet, so an unchanged snapshot is never parsed twice.

A snapshot's parse (its model records, score observations and rejects, after the contracts) depends on
its bytes, the day it was fetched, the day its server last changed each file and the code that parses it.
The cache key is the sha256 of: the source id, the fetch day, every file's name and sha256 from the
snapshot's manifest (the raw zone is append-only: a file is never rewritten under the same snapshot) and
the day of its `last_modified` when it has one, and the source's parser version.
A parser's version is the hash of its own module, of every `registry_pipeline` module it refers to
(one level: bigcodebench's use of evalplus, llm-stats' use of the catalog and its data files), of the
shared parsing code (`sources/base.py`, `sources/_*.py`, `schemas/`, `duplicate_keys.py`, the slug
rule, the benchmarks' former ids, `staging.parse_snapshot`, the two steps it takes and `staging.contract_columns`) and of the polars and pandera versions. So a change to one parser
invalidates that parser's entries only; a change to the shared code invalidates all.

Entries live in `data/cache/parsed/<source>/<key>/` as three Parquet files written to a temporary
directory and renamed into place (a reader never sees half an entry), by a thread of their own while the
snapshots are folded: the staging of a source waits for its entries before it returns. The cache is derived data:
deleting `data/cache` costs one full parse, nothing else.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import os
import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import polars as pl

from registry_pipeline.raw_store import Snapshot

if TYPE_CHECKING:
    from registry_pipeline.sources import Source

PACKAGE = Path(__file__).resolve().parent
FRAMES = ("models", "scores", "rejects")
QUEUED = 16  # entries put and not yet written, at most (`ParseCache.put`)
# code every parse runs through, whatever the source
SHARED_CODE = (
    "sources/base.py", "sources/_parsing.py", "sources/_tables.py", "schemas", "duplicate_keys.py", "transform/slug.py",
    "catalog/benchmark_former_ids.csv",  # staging files a row under a former id as its benchmark's
)


@functools.cache
def _files_of(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if path.is_dir() else [path]


@functools.cache
def _module_path(file: str) -> Path:
    """A module's file, resolved once (a parser's globals name the same few modules hundreds of times)."""
    return Path(file).resolve()


def _referenced_files(module: ModuleType, helpers: bool = True) -> set[Path]:
    """The files of the module and of the `registry_pipeline` modules its globals come from (a package:
    every file in it, its data included); for a parsing helper of `sources/` (`_settings.py`, which reads
    the benchmark catalogue), the files it refers to as well."""
    found = {_module_path(module.__file__)}
    for value in vars(module).values():
        name = value.__name__ if isinstance(value, ModuleType) else getattr(value, "__module__", None)
        if not isinstance(name, str) or not name.startswith("registry_pipeline."):
            continue
        other = value if isinstance(value, ModuleType) else inspect.getmodule(value)
        if other is None or getattr(other, "__file__", None) is None:
            continue
        path = _module_path(other.__file__)
        found.update(_files_of(path.parent) if path.name == "__init__.py" else [path])
        if helpers and other.__name__.startswith("registry_pipeline.sources._") and other is not module:
            found |= _referenced_files(other, helpers=False)
    return found


@functools.cache
def _shared_digest() -> str:
    from registry_pipeline import staging

    h = hashlib.sha256()
    for rel in SHARED_CODE:
        for path in _files_of(PACKAGE / rel):
            h.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes())
    for step in (staging.parse_snapshot, staging._unchecked, staging._validated, staging.contract_columns):
        h.update(inspect.getsource(step).encode())
    for dist in ("polars", "pandera"):
        h.update(f"{dist}=={metadata.version(dist)}".encode())
    return h.hexdigest()


@functools.cache
def parser_version(module: ModuleType) -> str:
    """The version of a source module's parser: a hash of its code, what it refers to and the shared parsing code."""
    h = hashlib.sha256(_shared_digest().encode())
    for path in sorted(_referenced_files(module)):
        h.update(str(path).removeprefix(str(PACKAGE)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def parse_key(source: "Source", snap: Snapshot) -> str:
    """The cache key of one snapshot's parse by the source's current parser."""
    h = hashlib.sha256(f"{source.spec.id}\0{snap.fetched_on.isoformat()}\0{parser_version(source.module)}".encode())
    for name, sha256 in sorted(snap.sha256s().items()):
        h.update(f"\0{name}\0{sha256}".encode())
    for name, day in sorted(snap.modified_days().items()):  # the day a file was last changed dates its rows
        h.update(f"\0modified\0{name}\0{day.isoformat()}".encode())
    return h.hexdigest()[:32]


class ParseCache:
    """Parsed frames by key under `root/<source>/<key>/`. `root=None` caches nothing."""

    def __init__(self, root: Path | None):
        self.root = Path(root) if root is not None else None
        self.hits = 0
        self.misses = 0
        self._writer: ThreadPoolExecutor | None = None
        self._writes: dict[Path, Future] = {}  # by folder, oldest first: entries put and not yet waited for

    def _dir(self, source_id: str, key: str) -> Path:
        assert self.root is not None
        return self.root / source_id / key

    def get(self, source_id: str, key: str) -> dict[str, pl.DataFrame] | None:
        if self.root is None:
            return None
        folder = self._dir(source_id, key)
        if folder in self._writes:  # put and still being written
            self._writes.pop(folder).result()
        try:
            frames = {name: pl.read_parquet(folder / f"{name}.parquet") for name in FRAMES}
        except (OSError, pl.exceptions.PolarsError):  # absent, or damaged: parse again
            self.misses += 1
            return None
        self.hits += 1
        return frames

    def put(self, source_id: str, key: str, frames: dict[str, pl.DataFrame]) -> None:
        """Store an entry, written by a thread of its own while the caller goes on (`wait` for it): encoding
        Parquet leaves Python's lock, and a cold build's 160 entries cost ~0.5 s written in line. At most
        QUEUED entries wait to be written (each holds its frames). A cache that cannot be written (read-only,
        full disk) is skipped, never fatal."""
        folder = self._dir(source_id, key) if self.root is not None else None
        if folder is None or folder in self._writes or folder.is_dir():
            return
        if self._writer is None:
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="parse-cache")
        while len(self._writes) >= QUEUED:
            self._writes.pop(next(iter(self._writes))).result()
        self._writes[folder] = self._writer.submit(write_entry, folder, {f"{name}.parquet": frames[name] for name in FRAMES})

    def wait(self) -> None:
        """Every entry put so far written (or skipped, as `write_entry` skips); an error writing one is raised here."""
        writes, self._writes = self._writes, {}
        try:
            for write in writes.values():
                write.result()
        finally:
            if self._writer is not None:
                self._writer.shutdown()
                self._writer = None


# Parquet row groups of at most this many rows: the writer copies each row group's text before encoding it,
# and polars' default group (the whole of a frame this size) meant a second copy of the largest column while a
# frame was cached: the Open LLM Leaderboard's model records at 30x the recordings (raw rows, 218 MB) took
# +256 MB to write, +65 MB in groups of 16,384 rows (and 0.67 -> 0.43 s); its 960,960 observations +146 ->
# +28 MB. The same files' size; read as fast or faster.
ROW_GROUP_ROWS = 16_384


def write_entry(folder: Path, files: dict[str, pl.DataFrame | bytes]) -> bool:
    """Write a cache entry: each frame as Parquet, bytes as they are, into a temporary directory renamed to
    `folder` (a reader never sees half an entry). False when it could not be written (never fatal)."""
    tmp = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        for name, content in files.items():
            if isinstance(content, bytes):
                (tmp / name).write_bytes(content)
            else:
                # zstd level 1: at 10x, 108 files written in 0.64 s instead of 0.83 s at the default level (3),
                # 5% smaller, read as fast (docs/performance.md); row groups of ROW_GROUP_ROWS
                content.write_parquet(tmp / name, compression="zstd", compression_level=1, statistics=False,
                                      row_group_size=ROW_GROUP_ROWS)
        os.rename(tmp, folder)
        return True
    except OSError:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        return False
