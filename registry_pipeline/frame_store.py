"""Step outputs on disk as Arrow IPC files: what the job's IO manager (`io_manager.FrameIOManager`) hands
from one asset to the next.

`save(obj, folder)` writes every polars DataFrame held by `obj` (directly, in a dataclass field, a dict
value or a list item, at any depth) as its own zstd-compressed Arrow IPC file (in record batches of
`BATCH_ROWS` rows) and pickles the rest, a skeleton holding a reference in each frame's place;
`load(folder)` puts the frames back. `load(folder, stored=True)` leaves them in their files
(`StoredFrame`): a step that only passes a large frame on (the warehouse copying the observations into
DuckDB) streams it batch by batch instead of holding it. Against pickling
the whole object (Dagster's default IO manager), a frame is written straight from its Arrow buffers:
no second in-memory copy as one pickle `bytes`, a tenth of the disk (the staged observations repeat
little but text), about a third of the time. The folder is written beside the target and renamed over it,
so a reader sees the previous output or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import functools
import os
import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import polars as pl
import pyarrow as pa
import pyarrow.ipc

SKELETON = "skeleton.pickle"
# rows per record batch of a frame's file: what a reader streaming the file holds at once (a few MB to some
# tens of MB of the widest frames)
BATCH_ROWS = 65_536


@dataclass(frozen=True)
class FrameRef:
    """Where a frame was in the skeleton: the name of its file in the folder (or its files', in order, for a
    frame that was a StoredFrame)."""

    name: str
    more: tuple[str, ...] = ()

    def paths(self, folder: Path) -> tuple[Path, ...]:
        return tuple(folder / n for n in (self.name, *self.more))


@dataclass(frozen=True)
class StoredFrame:
    """A frame left in Arrow IPC files (`load(folder, stored=True)`, `write_part`): the rows of its files
    one after the other, every file with the same columns."""

    paths: tuple[Path, ...]

    @functools.cached_property
    def height(self) -> int:
        """The rows of its files (counted once: the files never change; the build asks ~200 times a run)."""
        return self.lazy().select(pl.len()).collect().item()

    def lazy(self) -> pl.LazyFrame:
        return pl.scan_ipc(list(self.paths))

    def collect(self) -> pl.DataFrame:
        return self.lazy().collect()

    def batches(self) -> pa.RecordBatchReader:
        """The files' record batches, each read when it is consumed."""
        def read():
            for path in self.paths:
                with pa.ipc.open_file(path) as source:
                    for i in range(source.num_record_batches):
                        yield source.get_batch(i)

        with pa.ipc.open_file(self.paths[0]) as first:
            schema = first.schema
        return pa.RecordBatchReader.from_batches(schema, read())


def write_part(frame: pl.DataFrame, path: Path) -> StoredFrame:
    """`frame` written to `path` as `save` writes a frame: one part of a StoredFrame (`join_parts`)."""
    frame.write_ipc(path, compression="zstd", record_batch_size=BATCH_ROWS)
    return StoredFrame((Path(path),))


def store_fields(obj: Any, folder: Path, last: tuple[str, ...] = ()) -> None:
    """Each DataFrame field of the dataclass `obj` written to a file in `folder` and replaced by its
    StoredFrame, one after the other, the largest first and the fields named in `last` last. A frame nothing
    else holds is freed as soon as it is written, so the last ones are written beside files, not beside every
    other frame (a categorical column's whole dictionary is copied while it is written: ~0.9 GB of raw rows
    for the Open LLM Leaderboard at 100x the recordings). The IO manager links the files into its output."""
    names = [f.name for f in dataclasses.fields(obj) if isinstance(getattr(obj, f.name), pl.DataFrame)]
    for name in sorted(names, key=lambda n: (n in last, -getattr(obj, n).estimated_size())):
        path = folder / f"{name}.arrow"
        write_part(getattr(obj, name), path)
        setattr(obj, name, StoredFrame((path,)))


def join_parts(parts: list[StoredFrame]) -> StoredFrame:
    """One StoredFrame of the parts' files, in order (at least one part: it gives the columns)."""
    return StoredFrame(tuple(p for part in parts for p in part.paths))


def scratch_folder(root: Path) -> Path:
    """An empty folder `root/scratch-<pid>` for files this process hands on as StoredFrames (the build's
    observations, written part by part); those of dead processes are removed. `save` hard-links such files
    into its output, so the scratch can go once the output is saved."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    for old in root.glob("scratch-*"):
        pid = old.name.rpartition("-")[2]
        if pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
            shutil.rmtree(old, ignore_errors=True)
    folder = root / f"scratch-{os.getpid()}"
    folder.mkdir()
    return folder


def read_text_columns(path: Path, columns: list[str]) -> pl.DataFrame:
    """`columns` of one stored frame's file, a categorical one as plain text taken from the file's own
    dictionary: reading it as a categorical would add every one of its values to polars' global categories,
    which keep every value added while any categorical column is alive."""
    with pa.ipc.open_file(path) as source:
        names = source.schema.names
    with pa.ipc.open_file(path, options=pa.ipc.IpcReadOptions(included_fields=[names.index(c) for c in columns])) as source:
        table = source.read_all()
    out = {}
    for name in columns:
        column = table.column(name)
        if pa.types.is_dictionary(column.type):  # codes into each batch's dictionary, decoded by polars (string views)
            parts = [pl.from_arrow(chunk.dictionary).cast(pl.String).gather(pl.from_arrow(chunk.indices)) for chunk in column.chunks]
            out[name] = pl.concat(parts) if parts else pl.Series(name, [], pl.String)
        else:
            out[name] = pl.from_arrow(column)
    return pl.DataFrame(out)


# a frame in memory or in its file: both have `height` and `lazy()`
Frame = pl.DataFrame | StoredFrame


def collect(frame: Frame) -> pl.DataFrame:
    """The frame in memory (a DataFrame is returned as it is)."""
    return frame if isinstance(frame, pl.DataFrame) else frame.collect()


def arrow(frame: Frame) -> pa.Table | pa.RecordBatchReader:
    """What DuckDB reads a frame from: a DataFrame's own buffers (string views, which DuckDB reads as they
    are; the default large strings are a copy of every text), a stored frame's batches one at a time."""
    if isinstance(frame, StoredFrame):
        return frame.batches()
    return frame.to_arrow(compat_level=pl.CompatLevel.newest())


def collected(obj: Any) -> Any:
    """`obj` with every StoredFrame it holds read into memory."""
    return _rebuilt(obj, lambda value: value.collect() if isinstance(value, StoredFrame) else _KEEP)


_KEEP = object()  # what a `leaf` function returns for a value it does not replace


def _rebuilt(obj: Any, leaf: Callable[[Any], Any]) -> Any:
    """`obj` with `leaf(value)` in place of each value `leaf` replaces, in dataclass fields (frozen ones too),
    dict values and list or tuple items at any depth; `obj` itself is left as it is."""
    replaced = leaf(obj)
    if replaced is not _KEEP:
        return replaced
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        clone = copy.copy(obj)
        for f in dataclasses.fields(obj):
            object.__setattr__(clone, f.name, _rebuilt(getattr(obj, f.name), leaf))
        return clone
    if isinstance(obj, dict):
        return {k: _rebuilt(v, leaf) for k, v in obj.items()}
    if type(obj) in (list, tuple):
        return type(obj)(_rebuilt(v, leaf) for v in obj)
    return obj


def _split(obj: Any, frames: dict[str, pl.DataFrame | Path]) -> Any:
    """`obj` with every DataFrame and StoredFrame it holds replaced by a FrameRef (the frames, or a stored
    frame's files, go to `frames`)."""

    def stash(value: Any) -> Any:
        if isinstance(value, pl.DataFrame):
            name = f"{len(frames):04d}.arrow"
            frames[name] = value
            return FrameRef(name)
        if isinstance(value, StoredFrame):
            names = []
            for path in value.paths:
                names.append(f"{len(frames):04d}.arrow")
                frames[names[-1]] = path
            return FrameRef(names[0], tuple(names[1:]))
        return _KEEP

    return _rebuilt(obj, stash)


def _join(skeleton: Any, folder: Path, stored: bool) -> Any:
    """The skeleton with each FrameRef read back from its file (or a StoredFrame of it)."""
    def read(value: Any) -> Any:
        if not isinstance(value, FrameRef):
            return _KEEP
        frame = StoredFrame(value.paths(folder))
        return frame if stored else frame.collect()

    return _rebuilt(skeleton, read)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        pass
    return True


def _clear_leftovers(folder: Path) -> None:
    """Temporary and replaced folders beside `folder` that a killed process left behind."""
    for stale in folder.parent.glob(f".{folder.name}.*-*"):
        kind, _, pid = stale.name.rpartition("-")
        if kind.endswith((".tmp", ".old", ".read")) and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


# folders `save` replaced during a run, removed when it ends (`removals_after_the_run`); None outside a run
_replaced: list[Path] | None = None


@contextlib.contextmanager
def removals_after_the_run() -> Iterator[None]:
    """The output folders `save` replaces in the block are set aside and removed when it ends.

    On an ext4 file system without a journal (this project's machines), a new file does not reuse an inode
    freed in the last minute (six while its inode table is not yet written back): creating one walks past
    every such inode of its group, and a run that removed the previous run's outputs step by step created
    the rest of its ~3,800 files and folders at up to ~1 ms each instead of ~0.05 ms. A folder set aside
    is `.<name>.old-<pid>`: if the process dies first, the next save of that output clears it."""
    global _replaced
    if _replaced is not None:  # within a run already: its end removes them
        yield
        return
    _replaced = []
    try:
        yield
    finally:
        folders, _replaced = _replaced, None
        for old in folders:
            shutil.rmtree(old, ignore_errors=True)


def _remove(folder: Path) -> None:
    if _replaced is None:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        _replaced.append(folder)


def save(obj: Any, folder: Path) -> int:
    """Write `obj` to `folder` (replacing what was there); returns the bytes written."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(folder)
    tmp = folder.with_name(f".{folder.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    frames: dict[str, pl.DataFrame | Path] = {}
    skeleton = _split(obj, frames)
    size = 0
    try:
        for name, frame in frames.items():
            if isinstance(frame, Path):  # a stored frame's file: linked (copied across file systems)
                _link(frame, tmp / name)
            else:
                write_part(frame, tmp / name)
            size += (tmp / name).stat().st_size
        (tmp / SKELETON).write_bytes(pickle.dumps(skeleton, protocol=pickle.HIGHEST_PROTOCOL))
        size += (tmp / SKELETON).stat().st_size
    except BaseException:  # a full disk, an object that cannot be pickled: the previous output stays
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)  # set aside by an earlier save of it in this run
    replaced = folder.is_dir() and not folder.is_symlink()
    if replaced:
        folder.rename(old)
    elif folder.exists() or folder.is_symlink():
        folder.unlink()
    tmp.rename(folder)
    if replaced:
        _remove(old)  # now, or when the run ends
    return size


def _pinned(folder: Path) -> Path:
    """The files of `folder` hard-linked into a folder of this process (`.<name>.read-<pid>`, replacing the
    one an earlier load of it left): a new output saved over `folder` while the frames are still being read
    does not take them away. A dead process's such folder is cleared by the next save."""
    pin = folder.with_name(f".{folder.name}.read-{os.getpid()}")
    shutil.rmtree(pin, ignore_errors=True)
    pin.mkdir()
    for item in folder.iterdir():
        _link(item, pin / item.name)
    return pin


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)


def load(folder: Path, stored: bool = False) -> Any:
    """What `save` wrote to `folder`; with `stored`, each frame as a StoredFrame of its file (pinned, see
    `_pinned`) rather than read into memory."""
    folder = Path(folder)
    if stored:
        folder = _pinned(folder)
    return _join(pickle.loads((folder / SKELETON).read_bytes()), folder, stored)
