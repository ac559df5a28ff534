"""Where a warehouse build lives until it is swapped in, and the swap.

A build's database is written complete into `data/warehouse/.warehouse-builds/<build-id>.duckdb`
(never into the file analysts have open), then renamed over `registry.duckdb` (atomic on POSIX).
An analyst's open connection keeps reading the file it opened, undisturbed, and the writer never waits
on its lock. The API publisher (`publish.writer.publish`) swaps the database in right before it swaps
the API, and puts the previous database back if the API swap fails: the warehouse and the API move to
a build together or not at all (both carry its build id: table `build_info`, `meta.buildId`).

The file the swap replaces is never opened, so a corrupt, truncated or zeroed `registry.duckdb`
cannot block a run; one that is not a DuckDB file at all (zeroed, a directory in its place) is set
aside as `registry.duckdb.corrupt-<build-id>` with a warning, for whoever wants to look at it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

BUILDS_DIRNAME = ".warehouse-builds"
PARQUET_BUILDS_DIRNAME = ".parquet-builds"
PARQUET_DIRNAME = "parquet"  # data/warehouse/parquet -> .parquet-builds/<build-id>: one file per table
DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


def builds_dir(target: Path) -> Path:
    return target.parent / BUILDS_DIRNAME


def staged_path(target: Path, build_id: str) -> Path:
    return builds_dir(target) / f"{build_id}.duckdb"


def parquet_build_dir(target: Path, build_id: str) -> Path:
    return target.parent / PARQUET_BUILDS_DIRNAME / build_id


def is_duckdb_file(path: Path) -> bool:
    """A regular file carrying DuckDB's magic bytes (a zeroed or foreign file does not)."""
    if path.is_symlink() or not path.is_file():
        return False
    try:
        with open(path, "rb") as fh:
            return fh.read(12)[8:12] == DUCKDB_MAGIC
    except OSError:
        return False


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


@dataclass
class WarehouseSwap:
    """Swap a staged database in for `target`; `undo` restores the previous one; `commit` tidies up."""

    staged: Path
    target: Path
    build_id: str
    messages: list[str] = field(default_factory=list)  # what an operator should know (a file set aside)
    _previous: Path | None = None

    def swap(self) -> None:
        target, builds = self.target, builds_dir(self.target)
        if not self.staged.is_file():
            raise FileNotFoundError(
                f"staged warehouse {self.staged} is missing: the warehouse and the api assets publish one build "
                "together, materialise both"
            )
        if os.path.lexists(target) and not is_duckdb_file(target):
            aside = target.with_name(f"{target.name}.corrupt-{self.build_id}")
            os.replace(target, aside)
            self.messages.append(f"{target} was not a DuckDB database file; set aside as {aside.name} and rebuilt from raw")
            log.warning(self.messages[-1])
        wal = target.with_name(target.name + ".wal")
        if os.path.lexists(wal):  # a crashed writer's log belongs to the old file, never to the new one
            os.replace(wal, builds / f"stale-{self.build_id}.duckdb.wal")
        if target.is_file():
            self._previous = builds / f"previous-{self.build_id}.duckdb"
            os.link(target, self._previous)  # kept (a hard link, no copy) so that `undo` can put it back
        os.replace(self.staged, target)

    def undo(self) -> None:
        """The API could not be published: the previous database is served again, the staged one goes."""
        if self._previous is not None and self._previous.exists():
            os.replace(self._previous, self.target)
            self._previous = None
        discard(self.staged)

    def commit(self) -> None:
        """After the API swap: the Parquet copies of this build are swapped in (a symlink, like the API),
        and nothing but the served database and copies is kept."""
        builds = builds_dir(self.target)
        for entry in builds.iterdir() if builds.is_dir() else ():
            _remove(entry)
        copies = parquet_build_dir(self.target, self.build_id)
        if copies.is_dir():
            link = self.target.parent / PARQUET_DIRNAME
            tmp = link.with_name(f".{PARQUET_DIRNAME}.tmp-{self.build_id}")
            os.symlink(os.path.relpath(copies, link.parent), tmp)
            if link.exists() and not link.is_symlink():
                _remove(link)  # a real folder from elsewhere: the copies are derived data
            os.replace(tmp, link)
            for entry in copies.parent.iterdir():
                if entry != copies:
                    _remove(entry)


def discard(staged: Path) -> None:
    """Remove a staged database that will not be swapped in (a failed load or publish)."""
    for p in (staged, staged.with_name(staged.name + ".wal")):
        _remove(p)
