"""One run at a time per data directory: `data/.run.lock`, taken before any work.

The lock is an advisory `flock` on the file, so it is released when the holder exits, however it
exits (kill -9 included): a stale lock file never blocks a run. The holder writes who it is (pid,
host, command, start time) into the file, so a second run can say whom it is waiting for.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import os
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".run.lock"


class RunLockError(RuntimeError):
    """The run cannot start: another run holds the lock, or the data directory cannot be written."""


def _not_writable(directory: Path, exc: OSError) -> RunLockError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return RunLockError(f"{directory} is not writable ({exc.strerror}): a run writes raw snapshots, the warehouse "
                            "and the API under the data directory; fix its permissions or set REGISTRY_DATA_DIR")
    return RunLockError(f"cannot write to {directory}: {exc.strerror or exc}")


def check_writable(*directories: Path) -> None:
    """Each directory exists (created if missing) and takes a new file; else RunLockError naming the
    directory and the cause (permission denied, read-only file system), before a run does any work."""
    for directory in directories:
        try:
            Path(directory).mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=directory, prefix=".write-check-"):
                pass
        except OSError as exc:
            raise _not_writable(Path(directory), exc) from None


def lock_path(data_dir: Path) -> Path:
    return Path(data_dir) / LOCK_NAME


def holder(data_dir: Path) -> str:
    """Who holds (or last held) the lock, as its holder wrote it; empty when unknown."""
    try:
        return lock_path(data_dir).read_text().strip()
    except OSError:
        return ""


@contextlib.contextmanager
def run_lock(data_dir: Path, *, wait_seconds: float = 0.0, poll: float = 0.5) -> Iterator[Path]:
    """Hold the data directory's run lock for the block. With `wait_seconds` > 0, wait that long for
    another run to finish; otherwise fail at once. Raises RunLockError naming the holder, or naming
    the permission problem when the data directory is read-only."""
    data_dir = Path(data_dir)
    path = lock_path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fh = open(path, "a+")  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        raise _not_writable(data_dir, exc) from None
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    who = holder(data_dir) or "an unknown process"
                    raise RunLockError(f"another run is using {data_dir}: {who}. Wait for it to finish "
                                       "(or pass --wait SECONDS); the lock is released when that process exits.") from None
                time.sleep(poll)
        fh.seek(0)
        fh.truncate()
        started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        fh.write(f"pid {os.getpid()} on {socket.gethostname()} since {started}: {' '.join(sys.argv) or 'python'}\n")
        fh.flush()
        yield path
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()
