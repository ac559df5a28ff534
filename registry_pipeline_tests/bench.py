"""`make bench`: the full build's cost, by phase, against the cost of its own input and output.

Every measurement is one real build (`registry-pipeline run`'s job, in process, with Dagster, offline, its
runs stored in a Dagster home of the data dir's own with the repository's dagster.yaml, as `make run` does)
in a subprocess of its own, so its peak memory is its own:

- **full**: every recording in ../shared/snapshots landed in a fresh data dir (`record`), built cold (no
  cache) three times (`--repeat`), each in a data dir of its own, the median compared, then rebuilt
  unchanged (caches warm; the API rewrites nothing but its stamps).
- **scale**: the recordings scaled to 10x, 30x and 100x their models and scores by the synthetic
  generator (`synthetic.write_scaled`: same wire formats, consistently renamed models, noisy scores),
  built cold, a scale whose build takes under two minutes (`REPEAT_UNDER_S`) `--repeat` times. The time
  ratio of each scale-up to the one before (their median builds) says whether the cost grows linearly.
- **history**: 365 daily snapshots of every source (`synthetic.write_history`: a few per cent of the
  score rows change each day), built cold, then one more day lands and it is rebuilt (warm caches),
  `--repeat` times, each in a copy of the cold build's data dir and right after a cold build of the
  recordings (the one-snapshot build it is compared with): the median of those ratios is compared.

Each build reports wall time, its CPU time (its parse-ahead worker's included: `parse_ahead.py`, a second
process that stages sources into the caches while the build stages them; its CPU time, its peak RSS and the
snapshots it parsed are columns of their own), the CPU time the host's hypervisor took from the machine
meanwhile (steal, both cores), peak RSS and its phases: start-up (imports and definitions), parse,
validate (pandera contracts), resolve (identity and model metadata), normalise (units, normalised
scores, the crosswalk: the rest of `build_registry`), history (folding snapshots into value runs, the
fold cache, resolving the runs), dedupe,
leaderboards, changes (the diff against the published build), warehouse (load and read-back), publish
(API files), check (the API bodies against their JSON Schemas) and the Dagster overhead (the rest:
storing the run's events, step outputs, the staged assets' checks). "work" is transform + publish: parse to publish.
Phase times are exclusive (a phase's time does not include the phases it calls). The I/O floor is measured in the same process after the build: reading every raw byte the
build read and parsing the JSON among it with orjson, then writing every byte the build wrote (each
published JSON body serialised by orjson into the API's tree of folders, each folder made once, the
warehouse and Parquet bytes copied), one pass, no fsync,
the best of three. Each build starts six minutes after the bench last removed files (`QUIET_S`, `discard`). "DuckDB alone" is DuckDB's own cost of storing the build's finished tables (`duckdb_alone`):
what the warehouse phase cannot go under while the warehouse is a DuckDB file with Parquet copies.

Results go to data/bench/results.json and results.csv (git-ignored), one row per build, and a
Markdown table is printed for the README. `python -m registry_pipeline_tests.bench --only full` runs
one part; `--factors 1 10 30 100` (the default; a factor whose projected peak memory exceeds 80% of
the machine's is skipped with the projection), `--days 365`, `--repeat 3` set the sizes.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import functools
import gc
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = ROOT.parent / "shared" / "snapshots"
OUT = ROOT / "data" / "bench"
RECORDED_AT = dt.datetime(2026, 2, 21, 12, 0, tzinfo=dt.timezone.utc)
# the day each recording's data stands for (its SOURCE.md: the upstream commit, the data's own `generatedAt` or
# `last_updated`), as the shipped snapshots in data/raw are dated: a recording landed on RECORDED_AT instead dated
# ARC Prize's scores of 2026-06-04 (Claude Opus 4.8, GPT-5.5) months before those models' releases
RECORDING_DAYS = {
    "aider": dt.date(2025, 10, 4), "arc-prize": dt.date(2026, 6, 4), "bigcodebench": dt.date(2025, 4, 17),
    "evalplus": dt.date(2024, 12, 26), "livebench": dt.date(2026, 2, 20), "llm-stats": dt.date(2025, 10, 16),
    "lmarena": dt.date(2025, 8, 4), "models-dev": dt.date(2026, 2, 21), "open-llm-leaderboard": dt.date(2025, 6, 9),
    "openrouter": dt.date(2026, 5, 15), "swe-bench": dt.date(2025, 12, 10), "tau2-bench": dt.date(2026, 1, 26),
    "yamanahlawat-llm-registry": dt.date(2026, 2, 7),
}

# (module, attribute, phase): the functions whose exclusive time makes each phase
PHASES = (
    ("registry_pipeline.staging", "parse_snapshots", "parse"),
    ("registry_pipeline.parse_cache", "ParseCache.get", "parse"),
    ("registry_pipeline.parse_cache", "ParseCache.put", "parse"),  # writing the parse cache is parse work too
    ("registry_pipeline.parse_cache", "ParseCache.wait", "parse"),  # (what its thread had not written by then)
    ("registry_pipeline.staging", "split_valid", "validate"),
    ("registry_pipeline.staging", "passes_each", "validate"),
    ("registry_pipeline.transform.build", "split_valid", "validate"),
    ("registry_pipeline.transform.model_metadata", "build_models", "resolve"),
    ("registry_pipeline.transform.identity", "resolve", "resolve"),
    ("registry_pipeline.transform.identity", "canonical_models", "resolve"),
    ("registry_pipeline.transform.dedupe", "rank_observations", "dedupe"),
    ("registry_pipeline.transform.dedupe", "winners", "dedupe"),
    ("registry_pipeline.transform.dedupe", "conflicts", "dedupe"),
    ("registry_pipeline.history_runs", "fold", "history"),
    ("registry_pipeline.history_runs", "fold_many", "history"),
    ("registry_pipeline.staging", "FoldCache.load", "history"),
    ("registry_pipeline.staging", "FoldCache.store", "history"),
    ("registry_pipeline.transform.build", "history", "history"),
    ("registry_pipeline.transform.build", "model_history", "history"),
    ("registry_pipeline.assets.registry_assets", "build_registry", "normalise"),
    ("registry_pipeline.assets.registry_assets", "with_changes", "changes"),
    ("registry_pipeline.transform.build", "leaderboards", "leaderboards"),
    ("registry_pipeline.transform.build", "model_coverage", "leaderboards"),
    ("registry_pipeline.assets.registry_assets", "stage_warehouse", "warehouse"),
    ("registry_pipeline.assets.registry_assets", "database_problems", "warehouse"),
    ("registry_pipeline.assets.registry_assets", "publish", "publish"),
    ("registry_pipeline.assets.registry_assets", "build_problems", "check"),
)
PHASE_NAMES = ("startup", "parse", "validate", "resolve", "normalise", "history", "dedupe", "leaderboards", "changes", "warehouse",
               "publish", "check", "dagster")
WORK = PHASE_NAMES[1:-2]  # transform + publish


class Phases:
    """Exclusive wall time per phase, from wrappers around the functions in PHASES."""

    def __init__(self):
        self.total: dict[str, float] = dict.fromkeys(PHASE_NAMES, 0.0)
        self._stack: list[list[float]] = []  # [start, time spent in nested phases]

    def wrap(self, fn, phase: str):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            self._stack.append([time.perf_counter(), 0.0])
            try:
                return fn(*args, **kwargs)
            finally:
                start, nested = self._stack.pop()
                spent = time.perf_counter() - start
                self.total[phase] += spent - nested
                if self._stack:
                    self._stack[-1][1] += spent
        return timed

    def install(self) -> None:
        import importlib

        for module_name, attr, phase in PHASES:
            owner = importlib.import_module(module_name)
            *path, name = attr.split(".")
            for part in path:
                owner = getattr(owner, part)
            setattr(owner, name, self.wrap(getattr(owner, name), phase))


def host_steal_s() -> float | None:
    """CPU time the hypervisor gave to other guests instead of this machine (steal), summed over its cores,
    since boot; None where /proc/stat does not say. Its growth during a build is wall time the build could
    not have: this host's timings swing by a quarter within an hour, and steal is much of why."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()  # cpu user nice system idle iowait irq softirq steal
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def reference_work() -> bytes:
    """A fixed piece of work of the kinds a build does most (Python objects made, sorted and encoded with
    orjson, bytes hashed): always the same, so its time says how fast the host is at that moment."""
    import orjson

    rows = [{"id": f"model-{i % 9973}-{i}", "score": (i * 7919) % 1000 / 10, "tags": [i % 3, i % 5]} for i in range(150_000)]
    rows.sort(key=lambda r: r["id"])
    encoded, digest = orjson.dumps(rows), hashlib.sha256()
    for _ in range(8):
        digest.update(encoded)
    return digest.digest()


def host_reference_s(rounds: int = 3) -> float:
    """The median time of `reference_work`, taken by the bench right before it starts a build (in its own
    process: the build's memory and start-up are the build's): this host's speed swings by a third within an
    hour, and set beside a build's wall it tells a slow build from a slow host. Without the collector: its
    passes would walk whatever the bench process holds at the time (a scale's generated data, ...)."""
    from registry_pipeline.memory import collections_paused

    times = []
    for _ in range(rounds):
        with collections_paused():
            t0 = time.perf_counter()
            reference_work()
            times.append(time.perf_counter() - t0)
    return sorted(times)[rounds // 2]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def raw_bytes_read(parsed_snapshots: list[Path]) -> list[Path]:
    return [p for snap in parsed_snapshots for p in sorted(snap.iterdir()) if p.is_file() and p.name != "manifest.json"]


def io_floor(inputs: list[Path], api_build: Path, binary_outputs: list[Path], scratch: Path) -> dict:
    """Read and orjson-parse every input, then serialise every published JSON body with orjson and write it,
    and write the binary outputs' bytes (warehouse, Parquet, CSV): one pass, no fsync. Making the API's
    folders is timed, each once (the build makes them too: ~900 at 1x, ~9,200 at 10x). One file at a time,
    so the floor's own memory stays small; reading the bodies back to have them to serialise is not timed.
    What it writes stays under `scratch` (the data dir, removed by the parent later, see `discard`)."""
    import orjson

    spent, read = 0.0, 0
    for path in inputs:
        t0 = time.perf_counter()
        data = path.read_bytes()
        if path.suffix == ".json":
            with contextlib.suppress(orjson.JSONDecodeError):
                orjson.loads(data)
        spent += time.perf_counter() - t0
        read += len(data)
    written = files = 0
    tmp = tempfile.mkdtemp(dir=scratch, prefix="floor-")
    made: set[Path] = set()
    outputs = [(p, p.relative_to(api_build)) for p in sorted(api_build.rglob("*")) if p.is_file()]
    outputs += [(p, Path(f"blob-{p.name}")) for p in binary_outputs if p.is_file()]
    for path, rel in outputs:
        data = path.read_bytes()
        body = orjson.loads(data) if path.suffix == ".json" else None
        target = Path(tmp) / rel
        t0 = time.perf_counter()
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        out = orjson.dumps(body) if body is not None else data
        target.write_bytes(out)
        spent += time.perf_counter() - t0
        written += len(out)
        files += 1
    return {"floor_s": spent, "bytes_read": read, "bytes_written": written, "files_written": files}


def duckdb_alone(parquet: list[Path], scratch: Path) -> float:
    """DuckDB's own cost of storing the build's tables, with nothing else of the build: each table is first
    written from its Parquet copy to an uncompressed Arrow IPC stream (not timed; the raw rows
    dictionary-encoded, as the warehouse step is handed them), then, timed, streamed from the memory-mapped file
    into a new database file with the warehouse's schema and settings in one transaction, checkpointed, and
    copied to Parquet as the warehouse step copies it. What the warehouse phase cannot go under while the
    warehouse is a DuckDB file and its Parquet copies. One table at a time, from a mapped file: at 100x the
    process's resident size reached 10.5 GB during it (13 GB with every table read into memory first); the
    build's peak memory is taken before it."""
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq

    from registry_pipeline.warehouse import load

    spent = 0.0
    with tempfile.TemporaryDirectory(dir=scratch) as tmp:
        database = Path(tmp) / "alone.duckdb"
        t0 = time.perf_counter()
        con = duckdb.connect(str(database), config=load.WRITE_CONFIG)
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute(load.SCHEMA_SQL.read_text())
            spent += time.perf_counter() - t0
            for path in parquet:
                raw_rows = ["raw_row"] if "raw_row" in pq.read_schema(path).names else None  # the tables that carry raw rows
                source = pq.ParquetFile(path, read_dictionary=raw_rows)
                stream = Path(tmp) / f"{path.stem}.arrows"
                with pa.ipc.new_stream(stream, source.schema_arrow) as out:
                    for batch in source.iter_batches(batch_size=65_536):
                        out.write_batch(batch)
                with pa.memory_map(str(stream)) as mapped:
                    t0 = time.perf_counter()
                    load.insert_arrow(con, path.stem, pa.ipc.open_stream(mapped))
                    spent += time.perf_counter() - t0
                stream.unlink()
            t0 = time.perf_counter()
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        load.write_parquet_copies(database, Path(tmp) / "parquet", dict.fromkeys(p.stem for p in parquet))
        return spent + time.perf_counter() - t0


def build_once(data_dir: Path) -> dict:
    """One build in this process (the child of `measure`): phases, wall, peak memory, I/O floor."""
    t0, wall0 = time.perf_counter(), time.time()
    steal0 = host_steal_s()
    os.environ.update(REGISTRY_DATA_DIR=str(data_dir), REGISTRY_OFFLINE="1")
    from registry_pipeline.memory import collections_paused

    with collections_paused():  # as cli._run_job starts: its imports and its instance without collections
        from dagster import DagsterInstance

        from registry_pipeline.definitions import execute_registry_run

        phases = Phases()
        phases.install()
        startup = time.perf_counter() - t0
        started = time.perf_counter()
        # as `make run` runs it (cli._run_job): in process, outputs handed on through the IO manager, the runs
        # and their events stored in a DAGSTER_HOME of the data dir's own with the repository's dagster.yaml
        # (the storages there cost a third of the run before they kept their connections: dagster_storage.py)
        home = data_dir / "dagster_home"
        home.mkdir(exist_ok=True)
        shutil.copyfile(ROOT / "dagster.yaml", home / "dagster.yaml")
        os.environ["DAGSTER_HOME"] = str(home)
        instance = DagsterInstance.get()
    with instance:
        result = execute_registry_run(instance, "ERROR")
        run = time.perf_counter() - started
        phases.total["startup"] = startup
        phases.total["dagster"] = run - sum(v for k, v in phases.total.items() if k not in ("startup", "dagster"))
        from registry_pipeline.assets.source_assets import asset_name
        from registry_pipeline.sources import all_sources

        success = result.success
        api_event = result.asset_materializations_for_node("api__v1")
        api = {k: v.value for k, v in api_event[0].metadata.items()} if api_event else {}
        written = api.get("written")
        # each source's staged snapshot, from the staging steps' metadata
        snapshots = []
        for s in all_sources():
            event = result.asset_materializations_for_node(f"staged__{asset_name(s.spec.id)}")
            snap = event[0].metadata["snapshot"].value if event else None
            if snap is not None:
                snapshots.append(data_dir / "raw" / s.spec.id / snap)
        del result
    peak = peak_rss_mb()  # the build's peak, before the floor's own reading
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # the parse-ahead worker (parse_ahead.py), a second process the build waited for: its CPU time is the build's
    # too; its peak is its own, while the build staged (the build's own peak comes later, in the build and API
    # steps). Only when this build started one: its summary is newer than the build (an earlier build's stays), and
    # a process the build forked for anything else would count as a child of its size (fork copies the parent's RSS)
    summary = data_dir / "cache" / "parse-ahead" / "summary.json"
    ahead = resource.getrusage(resource.RUSAGE_CHILDREN) if summary.is_file() and summary.stat().st_mtime >= wall0 else None
    ahead_parsed = json.loads(summary.read_text())["parsed"] if ahead is not None else 0
    steal1 = host_steal_s()
    warehouse = data_dir / "warehouse"
    parquet = sorted((warehouse / "parquet").resolve().glob("*.parquet"))
    api_build = (warehouse / "api").resolve()
    # the floor starts from a collected heap, whatever the run left to the collector (it pauses the collector
    # while it starts and while it publishes: memory.collections_paused)
    gc.collect()
    # the floor is a few tenths of a second at 1x and noisy (page cache, write-back): the best of three
    floor = min((io_floor(raw_bytes_read(snapshots), api_build, [warehouse / "registry.duckdb", *parquet], data_dir)
                 for _ in range(3)), key=lambda f: f["floor_s"])
    alone = duckdb_alone(parquet, data_dir)
    import duckdb

    with duckdb.connect(str(warehouse / "registry.duckdb"), read_only=True) as con:
        models, scores, observations, history = con.execute(
            "SELECT (SELECT count(*) FROM models), (SELECT count(*) FROM scores), (SELECT count(*) FROM score_observations), "
            "(SELECT count(*) FROM observation_history)").fetchone()
    work = sum(phases.total[p] for p in WORK)
    from registry_pipeline.raw_store import RawStore

    store = RawStore(data_dir / "raw")  # every snapshot a cold build parses (the recordings: 1-9 a source)
    raw_snapshots = sum(len(store.snapshots(s.spec.id)) for s in all_sources())
    return {
        "success": success, "wall_s": round(startup + run, 3), "peak_rss_mb": round(peak),
        "cpu_s": round(usage.ru_utime + usage.ru_stime + (ahead.ru_utime + ahead.ru_stime if ahead else 0), 3),
        "parse_ahead_snapshots": ahead_parsed, "parse_ahead_cpu_s": round(ahead.ru_utime + ahead.ru_stime, 3) if ahead else None,
        "parse_ahead_peak_mb": round(ahead.ru_maxrss / 1024) if ahead else None, "steal_s": None if steal0 is None or steal1 is None else round(steal1 - steal0, 2),
        **{f"{k}_s": round(v, 3) for k, v in phases.total.items()},
        "work_s": round(work, 3), "floor_s": round(floor["floor_s"], 3), "work_over_floor": round(work / floor["floor_s"], 2),
        "duckdb_alone_s": round(alone, 3), "duckdb_alone_over_floor": round(alone / floor["floor_s"], 2),
        "bytes_read": floor["bytes_read"], "bytes_written": floor["bytes_written"],
        "api_files": api.get("files"), "api_files_written": written, "models": models, "scores": scores,
        "observations": observations, "history_rows": history, "raw_snapshots": raw_snapshots,
    }


# This machine's ext4 has no journal, and ext4 without one does not reuse an inode freed in the last 60 s, or in
# the last 360 s while the block of the inode table that holds it is dirty (fs/ext4/ialloc.c, `recently_deleted`:
# RECENTCY_MIN, RECENTCY_DIRTY): a new file walks past every such inode of its block group, at up to ~1 ms a file
# instead of ~0.05 ms (why a run removes what it replaced when it ends: frame_store.removals_after_the_run). A
# sync does not shorten the wait: a build's first new files dirty those blocks again. 12,000 inodes removed, a
# sync, then 4,000 new files and folders: 1.0-1.2 s a pass after 61 s (three passes), 0.08-0.12 s after 365 s,
# and 0.08 s with no removal before (2026-12-08). No run of the registry follows such a removal, so the bench
# removes nothing between builds but through `discard` (between parts and scales; and the dozen or so files of
# `duckdb_alone`'s temporary directory), and a build starts six minutes after its last removal.
QUIET_S = 361
_last_removal = time.monotonic()  # the bench may start right after its caller removed a work dir


def discard(path: Path) -> None:
    """Remove what the bench wrote, its inodes written back, and note when (see QUIET_S)."""
    global _last_removal
    shutil.rmtree(path, ignore_errors=True)
    os.sync()
    _last_removal = time.monotonic()


def wait_for_quiet_disk() -> None:
    """Everything written on disk, and six minutes passed since the bench's last removal (`QUIET_S`)."""
    os.sync()
    left = QUIET_S - (time.monotonic() - _last_removal)
    if left > 0:
        time.sleep(left)


def measure(data_dir: Path, label: str, **extra) -> dict:
    """Run `build_once` in a child process (its own peak memory), six minutes after the bench last removed
    files (`discard`), and return its row."""
    wait_for_quiet_disk()
    reference = host_reference_s()
    proc = subprocess.run([sys.executable, "-m", "registry_pipeline_tests.bench", "--child", str(data_dir)],
                          capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"bench build of {label} failed:\n{proc.stderr[-3000:]}")
    row = json.loads(proc.stdout.strip().splitlines()[-1])
    row.update(label=label, host_reference_s=round(reference, 3), **extra)
    host = "" if row.get("steal_s") is None else f", the host stole {row['steal_s']:.1f} s of CPU"
    host += f", the host's reference work {row['host_reference_s']:.2f} s"
    print(f"  {label}: {row['wall_s']:.1f} s wall ({row['cpu_s']:.1f} s CPU{host}), {row['peak_rss_mb']} MB peak, work {row['work_s']:.2f} s = "
          f"{row['work_over_floor']}x the I/O floor {row['floor_s']:.2f} s (DuckDB alone {row['duckdb_alone_s']:.2f} s = "
          f"{row['duckdb_alone_over_floor']}x); {row['models']} models, {row['scores']} scores, {row['raw_snapshots']} raw snapshots"
          + (f"; parse-ahead: {row['parse_ahead_snapshots']} snapshots parsed by a second process ({row['parse_ahead_cpu_s']:.1f} s CPU, "
             f"{row['parse_ahead_peak_mb']} MB peak)" if row.get("parse_ahead_snapshots") else ""), flush=True)
    return row


def land_recordings(data_dir: Path) -> None:
    from registry_pipeline.raw_store import RawStore
    from registry_pipeline.recording import record
    from registry_pipeline.sources import all_sources

    store = RawStore(data_dir / "raw")
    for source in all_sources():
        folder = SNAPSHOTS / source.spec.id
        if folder.is_dir():
            day = RECORDING_DAYS.get(source.spec.id)
            at = dt.datetime.combine(day, RECORDED_AT.timetz()) if day else RECORDED_AT
            record(source, [str(folder)], store, at)
        else:  # no public recording (epoch-ai): its shipped hand-made snapshot stands in
            shutil.copytree(ROOT / "data" / "raw" / source.spec.id, store.source_dir(source.spec.id))


def part_full(work: Path, repeat: int = 1) -> list[dict]:
    """The recordings built cold `repeat` times, each in a data dir of its own (this host's timings swing by
    a quarter within minutes: one build says little about a goal of 15 s), then rebuilt unchanged once."""
    data = work / "full"
    land_recordings(data)
    colds, copies = [], []
    for k in range(1, repeat):  # the earlier builds in copies (hard links) of the data dir, the last in it
        copy = work / f"full-{k}"
        shutil.copytree(data / "raw", copy / "raw", copy_function=os.link)
        colds.append(measure(copy, "full, cold", factor=1, snapshots=1, repeat=k))
        copies.append(copy)  # removed after the last build of the part (`discard`)
    colds.append(measure(data, "full, cold", factor=1, snapshots=1, repeat=repeat))
    if repeat > 1:
        walls = sorted(r["wall_s"] for r in colds)
        print(f"  full, cold over {repeat} builds: median {median_row(colds)['wall_s']:.1f} s wall "
              f"(fastest {walls[0]:.1f} s, slowest {walls[-1]:.1f} s)", flush=True)
    warm = measure(data, "full, unchanged rebuild", factor=1, snapshots=1)
    for copy in copies:
        discard(copy)
    return [*colds, warm]


def median_row(rows: list[dict], key: str = "wall_s") -> dict:
    """The row of the median `key` (the lower middle one of an even count)."""
    ranked = sorted(rows, key=lambda r: r[key])
    return ranked[(len(ranked) - 1) // 2]


def project_peak(rows: list[dict], factor: int) -> tuple[float, str]:
    """The peak memory (MB) of a build at `factor`, on the line through the last two builds' peaks (a fixed
    part and a part per 1x of data), or proportional to the last one when only one was measured."""
    last = rows[-1]
    if len(rows) == 1 or rows[-2]["factor"] == last["factor"]:
        return last["peak_rss_mb"] * factor / last["factor"], f"{last['factor']}x ({last['peak_rss_mb']} MB)"
    before = rows[-2]
    slope = (last["peak_rss_mb"] - before["peak_rss_mb"]) / (last["factor"] - before["factor"])
    projected = last["peak_rss_mb"] + max(slope, 0) * (factor - last["factor"])
    return projected, f"{before['factor']}x and {last['factor']}x ({before['peak_rss_mb']} and {last['peak_rss_mb']} MB)"


# a scale whose first build took less than this is built `--repeat` times and its median compared: the host's
# speed moves a short build by a quarter from one minute to the next (the 10x build took 45.8 s at 05:25 and
# 34.8 s at 10:35 on 2026-12-04, the 100x build 410 s and 421 s), and a ratio over one short build with it
REPEAT_UNDER_S = 120


def part_scale(work: Path, factors: list[int], repeat: int = 1) -> list[dict]:
    """The recordings scaled by each factor, built cold; a short build (under REPEAT_UNDER_S) `repeat` times,
    each in a data dir of its own (hard links to the generated raw files). Returns every build's row."""
    from registry_pipeline_tests import synthetic

    rows: list[dict] = []
    ram_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    for factor in factors:
        if rows:  # memory grows about linearly: a build projected past 80% of this machine's memory is not started
            projected, basis = project_peak(list(median_by_factor(rows).values()), factor)
            if projected > 0.8 * ram_mb:
                print(f"  synthetic {factor}x: not run: its peak memory, projected from {basis}, is "
                      f"{projected / 1024:.0f} GB, more than 80% of this machine's {ram_mb / 1024:.0f} GB", flush=True)
                continue
        data = work / f"scale-{factor}"
        t0 = time.perf_counter()
        synthetic.write_scaled(data, factor, fetched_at=RECORDED_AT)
        generated = time.perf_counter() - t0
        label = f"synthetic {factor}x, cold"
        builds = [measure(data, label, factor=factor, snapshots=1, generate_s=round(generated, 1), repeat=1)]
        short = builds[0]["wall_s"] < REPEAT_UNDER_S
        copies = []
        for k in range(2, repeat + 1) if short else ():
            copy = work / f"scale-{factor}-{k}"
            shutil.copytree(data / "raw", copy / "raw", copy_function=os.link)
            builds.append(measure(copy, label, factor=factor, snapshots=1, generate_s=round(generated, 1), repeat=k))
            copies.append(copy)  # removed with the scale's data dir, after its last build (`QUIET_S`)
        if len(builds) > 1:
            walls = sorted(r["wall_s"] for r in builds)
            print(f"  {label} over {len(builds)} builds: median {median_row(builds)['wall_s']:.1f} s wall "
                  f"(fastest {walls[0]:.1f} s, slowest {walls[-1]:.1f} s)", flush=True)
        rows += builds
        for folder in (*copies, data):
            discard(folder)
    return rows


def median_by_factor(rows: list[dict]) -> dict[int, dict]:
    """Each factor's median build, smallest factor first."""
    return {factor: median_row([r for r in rows if r["factor"] == factor]) for factor in sorted({r["factor"] for r in rows})}


def scale_ratios(rows: list[dict]) -> list[tuple[int, int, float, float]]:
    """(small, big, wall ratio, work ratio) of each factor to the one before it, and of 100x to 10x (the issue's
    measure of linear growth), each factor by its median build."""
    by = median_by_factor(rows)
    done = sorted(by)
    pairs = list(zip(done, done[1:]))
    if 10 in by and 100 in by and (10, 100) not in pairs:
        pairs.append((10, 100))
    return [(small, big, by[big]["wall_s"] / by[small]["wall_s"], by[big]["work_s"] / by[small]["work_s"]) for small, big in pairs]


def hold_back_newest(data_dir: Path, day: dt.date, holding: Path) -> list[tuple[Path, Path]]:
    """Move every source's snapshot of `day` out of the raw zone (to land it later): [(held, home)]."""
    moved = []
    for snap in sorted((data_dir / "raw").glob(f"*/{day.isoformat()}/*")):
        held = holding / snap.relative_to(data_dir)
        held.parent.mkdir(parents=True, exist_ok=True)
        os.rename(snap, held)
        moved.append((held, snap))
    return moved


def rebuild_copy(built: Path, to: Path, held: list[tuple[Path, Path]]) -> None:
    """A copy of the built data dir `built` at `to`, with the `held` snapshots landed in it: its raw zone
    and those snapshots hard-linked (append-only, never written in place), the rest (caches, Dagster home,
    warehouse) copied; the floor's passes are left out. Then written back, so that the build that follows
    does not share the disk with the copy's write-back."""
    to.mkdir(parents=True)
    for entry in built.iterdir():
        if entry.name == "raw":
            shutil.copytree(entry, to / "raw", copy_function=os.link)
        elif entry.is_dir() and not entry.name.startswith("floor-"):
            shutil.copytree(entry, to / entry.name, symlinks=True)
        elif entry.is_file():
            shutil.copy2(entry, to / entry.name)
    for snap, home in held:
        shutil.copytree(snap, to / home.relative_to(built), copy_function=os.link)
    os.sync()


def part_history(work: Path, days: int, repeat: int = 1) -> list[dict]:
    """`days` daily snapshots built cold; then, `repeat` times, the recordings built cold (the one-snapshot
    build) and right after it one more day landed in a copy of the cold history's data dir and rebuilt
    (`rebuild_copy`, warm caches). Each rebuild is set against the one-snapshot build beside it, a minute or
    two apart: this host's speed drifts by a third over half an hour (builds of the same data took a
    median 12.0 s in one run and 16.6 s in the next), and the cold builds of the `full` part are half an
    hour before these. The median of the ratios is the one compared."""
    from registry_pipeline_tests import synthetic

    rows = []
    recordings = work / "history-one-snapshot"
    land_recordings(recordings)
    data = work / f"history-{days}"
    t0 = time.perf_counter()
    synthetic.write_history(data, days=days + 1, end=RECORDED_AT.date())
    generated = round(time.perf_counter() - t0, 1)
    held = hold_back_newest(data, RECORDED_AT.date(), work / "held")
    rows.append(measure(data, f"{days} daily snapshots, cold", factor=1, snapshots=days, generate_s=generated))
    pairs = []
    for k in range(1, repeat + 1):
        one = work / f"history-one-snapshot-{k}"
        shutil.copytree(recordings / "raw", one / "raw", copy_function=os.link)
        reference = measure(one, "full, cold, beside a rebuild", factor=1, snapshots=1, repeat=k)
        copy = work / f"history-{days}-rebuild-{k}"
        rebuild_copy(data, copy, held)  # the next day's snapshot of every source lands
        warm = measure(copy, f"{days} snapshots + 1 new, rebuild", factor=1, snapshots=days + 1, repeat=k)
        warm["over_one_snapshot_build"] = round(warm["wall_s"] / reference["wall_s"], 2)
        rows += [reference, warm]
        pairs.append((reference, warm))
    median = median_row([warm for _, warm in pairs], "over_one_snapshot_build")["over_one_snapshot_build"]
    listed = ", ".join(f"{warm['wall_s']:.1f} s / {reference['wall_s']:.1f} s" for reference, warm in pairs)
    print(f"  rebuild after one new snapshot = {median}x a one-snapshot build "
          f"(median of {repeat} pairs of builds taken in turn: {listed})", flush=True)
    return rows


COLUMNS = ("taken", "machine", "label", "factor", "snapshots", "raw_snapshots", "success", "wall_s", "cpu_s", "steal_s", "host_reference_s", "peak_rss_mb",
           "parse_ahead_snapshots", "parse_ahead_cpu_s", "parse_ahead_peak_mb", *(f"{p}_s" for p in PHASE_NAMES),
           "work_s", "floor_s", "work_over_floor", "duckdb_alone_s", "duckdb_alone_over_floor", "bytes_read", "bytes_written", "api_files", "api_files_written", "models", "scores",
           "observations", "history_rows", "generate_s", "over_one_snapshot_build", "repeat")


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Python {platform.python_version()}, {platform.system()}"


def save(rows: list[dict]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    taken = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    for row in rows:
        row.setdefault("taken", taken)
        row.setdefault("machine", machine())
    (OUT / "results.json").write_text(json.dumps(rows, indent=2))
    with (OUT / "results.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def markdown(rows: list[dict]) -> str:
    head = ("| build | wall s | CPU s | host steal s | host reference s | peak MB | " + " | ".join(PHASE_NAMES) + " | work / I/O floor (s) | DuckDB alone s | API files written | models | scores |")
    lines = [head, "|" + "|".join("---" for _ in range(head.count("|") - 1)) + "|"]
    for r in rows:
        lines.append("| " + " | ".join([
            r["label"], f"{r['wall_s']:.1f}", f"{r['cpu_s']:.1f}", "" if r.get("steal_s") is None else f"{r['steal_s']:.1f}",
            "" if r.get("host_reference_s") is None else f"{r['host_reference_s']:.2f}", str(r["peak_rss_mb"]), *(f"{r[f'{p}_s']:.2f}" for p in PHASE_NAMES),
            f"{r['work_s']:.2f} / {r['floor_s']:.2f} = {r['work_over_floor']}x", f"{r['duckdb_alone_s']:.2f}",
            f"{r['api_files_written']} of {r['api_files']}",
            str(r["models"]), str(r["scores"]),
        ]) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("full", "scale", "history"), action="append")
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 30, 100])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=3, help="cold builds of the recordings, of each scale whose build is short (under REPEAT_UNDER_S), and "
                        "rebuilds after a new day of history (the medians are compared)")
    parser.add_argument("--work", type=Path, help="where the bench's data dirs go (default: a temporary directory)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(build_once(args.child)))
        return 0
    parts = args.only or ["full", "scale", "history"]
    print(f"make bench on {machine()}", flush=True)
    rows: list[dict] = []
    work = args.work or Path(tempfile.mkdtemp(prefix="registry-bench-"))
    try:
        if "full" in parts:
            print("full build from every recording:", flush=True)
            rows += part_full(work, args.repeat)
        if "scale" in parts:
            print(f"synthetic scale {args.factors}:", flush=True)
            scaled = part_scale(work, args.factors, args.repeat)
            rows += scaled
            for small, big, wall, work_ratio in scale_ratios(scaled):
                print(f"  {big}x/{small}x time ratio (median builds): {wall:.1f} (work {work_ratio:.1f})", flush=True)
        if "history" in parts:
            print(f"history of {args.days} daily snapshots:", flush=True)
            rows += part_history(work, args.days, args.repeat)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
        if rows:
            save(rows)
    print(markdown(rows))
    print(f"results: {OUT / 'results.json'}, {OUT / 'results.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
