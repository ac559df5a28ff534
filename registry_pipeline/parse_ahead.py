"""A cold build's sources staged ahead by a second process, into the parse and fold caches.

A run parses and folds what its caches lack (a fresh clone's first `make run`, a cold `make bench` build: every
one of its 160 raw snapshots) in its staging steps, one after another, on one core of a two-core machine.
When a run executed in this process (`make run`) has at least MIN_SNAPSHOTS snapshots to parse, its raw step
starts `python -m registry_pipeline.parse_ahead`: a worker that stages the sources exactly as their staging steps
do (`staging.stage_from_store`, the same call with the same parse cache and staging fold cache: the same entries,
each renamed into place, so a reader never sees half of one), taking them in the reverse of the order the run
stages them. The staging steps go on from the front as before; a step whose source the worker has staged finds
its fold and its parse in the caches, as in an unchanged rebuild, and a step whose source it has not does the
work itself. So the two meet in the middle, and what both do is at most the source they meet at.

The worker is a help, never needed: the run's output is the same with it, without it (REGISTRY_PARSE_AHEAD=0),
or when it fails (the run logs its error as a warning). It leaves a source with a snapshot of more than
BATCH_BYTES of raw files to its step (two parses of a 100x payload at once would add up their memory). It stops
when it has done its list, when the run's process is gone, or when the run asks (`stop`: once every source is
staged, and at the run's exit); it looks between sources. Not in a run whose steps are processes of their own
(Dagster's multiprocess executor, the UI's default): its raw step's process, and the worker with it, ends before
the staging steps start.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

import orjson

if TYPE_CHECKING:
    from registry_pipeline.sources import Source

MIN_SNAPSHOTS = 24  # fewer to parse than this, and the staging steps stage alone: the worker's start costs ~1 s of a core
STOP_WAIT_S = 60.0  # how long `stop` waits for the worker to finish the source it is on before killing it
FOLDER = "parse-ahead"  # under the cache dir: the job, the worker's log and its summary


def batch_bytes() -> int:
    from registry_pipeline.staging import BATCH_BYTES

    return BATCH_BYTES


def staging_order(sources: Sequence["Source"]) -> list["Source"]:
    """The sources in the order a run in process stages them: its staging steps' keys (staged__<name>) sorted."""
    from registry_pipeline.assets.source_assets import asset_name

    return sorted(sources, key=lambda s: asset_name(s.spec.id))


def pending(sources: Sequence["Source"], raw_dir: Path, parse_root: Path) -> list[tuple[str, list[str]]]:
    """(source id, snapshot keys) of the sources with snapshots not in the parse cache at `parse_root` (those
    snapshots' keys), the sources in the reverse of their staging order. A source with a snapshot of more than
    `batch_bytes()` of raw files is left to its staging step."""
    from registry_pipeline.parse_cache import parse_key
    from registry_pipeline.raw_store import RawStore

    store, limit, out = RawStore(raw_dir), batch_bytes(), []
    for source in reversed(staging_order(sources)):
        sid = source.spec.id
        snaps = store.snapshots(sid)
        if any(snap.size > limit for snap in snaps):
            continue
        keys = [snap.key for snap in snaps if not (parse_root / sid / parse_key(source, snap)).is_dir()]
        if keys:
            out.append((sid, keys))
    return out


@dataclass
class ParseAhead:
    """The worker of one run: its process and its folder (job.json, worker.log, summary.json)."""

    proc: subprocess.Popen
    folder: Path
    cache_dir: Path
    snapshots: int

    def stop(self, log: Callable[[str], None] = lambda _: None, warn: Callable[[str], None] = lambda _: None) -> dict | None:
        """Ask the worker to end (it finishes the source it is on), wait for it, and say what it did (its summary),
        or warn with its error when it failed. Idempotent."""
        global _running
        if _running is self:
            _running = None
        asked = self.proc.poll() is None
        if asked:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(STOP_WAIT_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.returncode == -signal.SIGKILL:
            # killed between making an entry's temporary folder and renaming it: those folders are no entries
            from registry_pipeline.staging import PARSED, STAGED

            for root in (PARSED, STAGED):
                for tmp in (self.cache_dir / root).glob("*/.*"):
                    shutil.rmtree(tmp, ignore_errors=True)
        summary = None
        try:
            summary = orjson.loads((self.folder / "summary.json").read_bytes())
        except (OSError, orjson.JSONDecodeError):
            pass
        if asked and self.proc.returncode == -signal.SIGTERM:  # asked before it could listen (starting up)
            log("parse-ahead: the worker was stopped while it started; the staging steps staged every source")
        elif self.proc.returncode != 0 or summary is None:
            try:
                tail = (self.folder / "worker.log").read_text(errors="replace")[-2000:].strip()
            except OSError:
                tail = ""
            warn(f"parse-ahead: the worker ended with exit code {self.proc.returncode}; the staging steps staged what it did "
                 f"not (nothing is lost). Its log ({self.folder / 'worker.log'}): {tail or 'empty'}")
        elif summary:
            log(f"parse-ahead: a second process staged {summary['sources']} sources into the caches in {summary['seconds']:.1f} s, "
                f"parsing {summary['parsed']} of the {self.snapshots} snapshots to parse ({summary['found']} sources the staging steps "
                "had staged first)")
        return summary


_running: ParseAhead | None = None


def start(sources: Sequence["Source"], raw_dir: Path, cache_dir: Path, run_id: str,
          log: Callable[[str], None] = lambda _: None) -> ParseAhead | None:
    """Start the worker for the snapshots `sources` have to parse (`pending`) when there are at least
    MIN_SNAPSHOTS of them; None when there are fewer, or when this process's worker of an earlier run still runs."""
    global _running
    if _running is not None:
        if _running.proc.poll() is None:
            return None
        _running.stop()
    from registry_pipeline.staging import PARSED

    todo = pending(sources, raw_dir, cache_dir / PARSED)
    count = sum(len(keys) for _, keys in todo)
    if count < MIN_SNAPSHOTS:
        return None
    try:
        folder = write_job(cache_dir, raw_dir, run_id, [sid for sid, _ in todo])
        with open(folder / "worker.log", "wb") as err:
            # this process's own code first on the path: its parse keys are the worker's
            path = os.pathsep.join(p for p in (str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH")) if p)
            proc = subprocess.Popen([sys.executable, "-m", "registry_pipeline.parse_ahead", str(folder)], env={**os.environ, "PYTHONPATH": path},
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, close_fds=True)
    except OSError as exc:  # a cache that cannot be written, no process to be had: the steps stage alone, as without it
        log(f"parse-ahead: not started ({exc}); the staging steps stage every source themselves")
        return None
    _running = ParseAhead(proc, folder, cache_dir, count)
    atexit.register(_running.stop)
    log(f"parse-ahead: {count} snapshots of {len(todo)} sources to parse; a second process stages them from the last source")
    return _running


def write_job(cache_dir: Path, raw_dir: Path, run_id: str, source_ids: list[str]) -> Path:
    """The worker's job (`<cache_dir>/parse-ahead/job.json`): the sources to stage in that order, from where into
    which caches, for which run, and the process it works for."""
    folder = cache_dir / FOLDER
    shutil.rmtree(folder, ignore_errors=True)  # the previous run's job, log and summary
    folder.mkdir(parents=True)
    (folder / "job.json").write_bytes(orjson.dumps(
        {"raw_dir": str(raw_dir), "cache_dir": str(cache_dir), "run_id": run_id, "parent": os.getpid(), "sources": source_ids}))
    return folder


def stop_running(log: Callable[[str], None] = lambda _: None, warn: Callable[[str], None] = lambda _: None) -> dict | None:
    """Stop this process's worker, if it started one (`ParseAhead.stop`)."""
    return _running.stop(log, warn) if _running is not None else None


# --- the worker ---


def work(folder: Path, should_stop: Callable[[], bool]) -> dict:
    """Stage the job's sources as their staging steps do (`staging.stage_from_store` with the run's caches), each
    source unless the caches hold it already (the run's step staged it meanwhile), and asked after each source
    whether to stop. What it leaves is the caches' entries."""
    from registry_pipeline.raw_store import RawStore
    from registry_pipeline.sources import all_sources
    from registry_pipeline.staging import stage_from_store, staged_in_cache

    t0 = time.perf_counter()
    job = orjson.loads((folder / "job.json").read_bytes())
    store, cache_dir = RawStore(Path(job["raw_dir"])), Path(job["cache_dir"])
    sources = {s.spec.id: s for s in all_sources()}
    staged = parsed = found = 0
    for sid in job["sources"]:
        if should_stop():
            break
        if staged_in_cache(sources[sid], store, cache_dir):
            found += 1
            continue
        _, cache = stage_from_store(sources[sid], store, cache_dir, {}, job["run_id"])
        staged, parsed = staged + 1, parsed + cache.misses
    return {"sources": staged, "parsed": parsed, "found": found, "seconds": round(time.perf_counter() - t0, 3)}


def main(argv: list[str] | None = None) -> int:
    asked = []
    signal.signal(signal.SIGTERM, lambda *_: asked.append(True))  # first: `stop` may come while it starts
    folder = Path((argv or sys.argv[1:])[0])
    job_parent = orjson.loads((folder / "job.json").read_bytes())["parent"]
    summary = work(folder, lambda: bool(asked) or os.getppid() != job_parent)
    (folder / "summary.json").write_bytes(orjson.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
