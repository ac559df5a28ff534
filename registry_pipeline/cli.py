"""`registry-pipeline` command: run (materialise every asset in-process), serve (preview the API), record
(land local files as a raw snapshot), accept (overrule the degraded-payload guard for one snapshot), docs."""

from __future__ import annotations

import argparse
import os
import sys
import time


def failed_steps(result) -> list[str]:
    """`<step>: <error>` for each step of a Dagster run that failed, the error's own headline first
    (the cause a person can act on, such as a permission problem, not the framework's wrapper)."""
    lines = []
    for event in result.all_events:
        if event.event_type_value != "STEP_FAILURE" or event.step_failure_data is None:
            continue
        error = event.step_failure_data.error
        while error is not None and error.cause is not None and "dagster" in (error.cls_name or "").lower():
            error = error.cause
        message = (error.message if error is not None else "unknown error").strip().splitlines()[0]
        lines.append(f"{event.step_key}: {message}")
    return lines


def cmd_run(args: argparse.Namespace) -> int:
    from registry_pipeline.config import settings_from_env
    from registry_pipeline.run_lock import RunLockError, check_writable, run_lock

    if args.offline:
        os.environ["REGISTRY_OFFLINE"] = "1"
    s = settings_from_env()
    started = time.monotonic()
    try:
        with run_lock(s.data_dir, wait_seconds=args.wait):
            check_writable(s.raw_dir, s.warehouse_dir)
            print(f"registry-pipeline run: {'offline, from ' + str(s.raw_dir) if s.offline else 'fetching every source'}", flush=True)
            result = _run_job(args.verbose)
    except RunLockError as exc:
        print(f"registry-pipeline run: {exc}", file=sys.stderr)
        return 3
    from registry_pipeline.console import summary

    lines, blocking = summary(result, s, time.monotonic() - started)
    print("\n".join(lines), flush=True)
    if result.success and not blocking:
        print("registry built")
        return 0
    for line in failed_steps(result):
        print(f"failed: {line}", file=sys.stderr)
    print(f"registry run failed; served now: build {served_build(s.api_dir) or 'none'} (API and warehouse)", file=sys.stderr)
    return 1


def served_build(api_dir) -> str | None:
    """The build id the published API carries (`meta.buildId`), None when nothing readable is published."""
    import json

    try:
        routes = json.loads((api_dir / "routes.json").read_text())
        return json.loads((api_dir / routes["/api/v1/meta"]["file"]).read_text()).get("buildId")
    except (OSError, ValueError, KeyError):
        return None


def _run_job(verbose: int = 0):
    """The named job of the definitions (its runs read as such in the Dagster UI), in process."""
    from registry_pipeline.memory import collections_paused

    with collections_paused():  # start-up: the imports and the instance (memory.py)
        from dagster import DagsterInstance

        from registry_pipeline.definitions import execute_registry_run

        home = os.environ.get("DAGSTER_HOME")
        if home:
            os.makedirs(home, exist_ok=True)  # run history lives there; the Makefile sets it
        instance = DagsterInstance.get() if home else DagsterInstance.ephemeral()
    level = "DEBUG" if verbose else "INFO"
    return execute_registry_run(instance, level)


def cmd_serve(args: argparse.Namespace) -> int:
    from pathlib import Path

    from registry_pipeline.config import settings_from_env
    from registry_pipeline.publish.server import serve

    api_dir = Path(args.api_dir) if args.api_dir else settings_from_env().api_dir
    serve(api_dir, port=args.port, rate_limit=args.rate_limit)
    return 0


def cmd_dev(args: argparse.Namespace) -> int:
    """`dg dev` (webserver, daemon, code server) in a process group of its own, stopped as a whole on
    Ctrl-C or SIGTERM: an interrupt first (Dagster's clean shutdown), then SIGTERM, then SIGKILL."""
    import signal
    import subprocess
    from pathlib import Path

    dg = Path(sys.executable).with_name("dg")
    env = {**os.environ, "VIRTUAL_ENV": str(Path(sys.executable).parent.parent)}
    proc = subprocess.Popen([str(dg), "dev", *args.dg_args], env=env, start_new_session=True)
    stopping = []

    def stop(signum, _frame):
        stopping.append(signum)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while proc.poll() is None and not stopping:
        try:
            proc.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            pass
    if proc.poll() is None:
        for sig, grace in ((signal.SIGINT, args.grace), (signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(timeout=grace)
                break
            except subprocess.TimeoutExpired:
                continue
        try:  # whatever dg started and left behind in its group
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return 0 if stopping else (proc.returncode or 0)


def cmd_docs(args: argparse.Namespace) -> int:
    from pathlib import Path

    from registry_pipeline.catalog import sources_markdown
    from registry_pipeline.warehouse.docs import warehouse_markdown

    Path(args.out).write_text(sources_markdown())
    Path(args.warehouse_out).write_text(warehouse_markdown())
    print(f"wrote {args.out} and {args.warehouse_out}")
    return 0


def _utc(value: str | None):
    import datetime as dt

    if not value:
        return dt.datetime.now(dt.timezone.utc)
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _source_or_exit(source_id: str):
    from registry_pipeline.sources import all_sources, get_source

    try:
        return get_source(source_id)
    except KeyError:
        ids = ", ".join(s.spec.id for s in all_sources())
        raise SystemExit(f"unknown source {source_id!r}; registered sources: {ids}") from None


def cmd_record(args: argparse.Namespace) -> int:
    from registry_pipeline.config import settings_from_env
    from registry_pipeline.raw_store import RawStore, RawStoreError
    from registry_pipeline.recording import RecordError, record

    source = _source_or_exit(args.source)
    store = RawStore(settings_from_env().raw_dir)
    latest = store.latest(source.spec.id)
    try:
        got = record(source, args.paths, store, _utc(args.fetched_at))
    except (RecordError, RawStoreError, OSError, ValueError) as exc:
        print(f"record {source.spec.id}: {exc}", file=sys.stderr)
        return 2
    for name in got.ignored:
        print(f"ignored {name}: not a file a fetch of {source.spec.id} lands")
    same = latest is not None and latest.key == got.snapshot.key
    print(f"{'identical to' if same else 'landed'} {got.snapshot.path}")
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    from registry_pipeline.config import settings_from_env
    from registry_pipeline.raw_store import RawStore, RawStoreError, record_operator_acceptance

    source = _source_or_exit(args.source)
    store = RawStore(settings_from_env().raw_dir)
    latest = store.latest(source.spec.id)
    key = args.snapshot or (latest.key if latest else None)
    if key is None:
        print(f"accept {source.spec.id}: no snapshot on disk", file=sys.stderr)
        return 2
    try:
        path = record_operator_acceptance(store, source.spec.id, key, args.reason, _utc(None))
    except RawStoreError as exc:
        print(f"accept {source.spec.id}: {exc}", file=sys.stderr)
        return 2
    print(f"{source.spec.id}: snapshot {key} accepted despite the degraded-payload guard (recorded in {path})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="registry-pipeline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="fetch every source (or use data/raw) and rebuild warehouse and API")
    run.add_argument("--offline", action="store_true", help="same as REGISTRY_OFFLINE=1: use data/raw only")
    run.add_argument("-v", "--verbose", action="count", default=0, help="also print Dagster's own events (DEBUG)")
    run.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                     help="when another run holds the data directory, wait up to SECONDS for it (default: exit at once)")
    run.set_defaults(func=cmd_run)
    serve = sub.add_parser("serve", help="serve the published API on localhost")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--rate-limit", type=int, default=None, metavar="N",
                       help="answer 429 to a client past N requests a minute (the public edge's rule is 100); default off")
    serve.add_argument("--api-dir", default=None, help="publish root (default: $REGISTRY_DATA_DIR/warehouse/api)")
    serve.set_defaults(func=cmd_serve)
    dev = sub.add_parser("dev", help="the Dagster UI (dg dev), stopped with all its processes on Ctrl-C or SIGTERM")
    dev.add_argument("--grace", type=float, default=15.0, help="seconds Dagster gets to shut down after an interrupt")
    dev.add_argument("dg_args", nargs="*", help="passed to `dg dev`")
    dev.set_defaults(func=cmd_dev)
    rec = sub.add_parser("record", help="land local files (or a recording folder) as a raw snapshot of a source")
    rec.add_argument("source", help="source id (the folder names of ../shared/snapshots)")
    rec.add_argument("paths", nargs="+", help="files, NAME=FILE pairs, or a folder laid out like ../shared/snapshots/<source>/")
    rec.add_argument("--fetched-at", default=None, help="when the files were downloaded (ISO 8601, UTC); default now")
    rec.set_defaults(func=cmd_record)
    acc = sub.add_parser("accept", help="accept a snapshot the degraded-payload guard refused (a legitimately smaller payload)")
    acc.add_argument("source")
    acc.add_argument("--snapshot", default=None, help="snapshot key YYYY-MM-DD/HHMMSS (default: the newest)")
    acc.add_argument("--reason", required=True, help="why the smaller payload is right (kept in the ledger)")
    acc.set_defaults(func=cmd_accept)
    docs = sub.add_parser("docs", help="write the sources table generated from the specs")
    docs.add_argument("--out", default="docs/sources.md")
    docs.add_argument("--warehouse-out", default="docs/warehouse.md", help="every warehouse table's columns, from the DDL")
    docs.set_defaults(func=cmd_docs)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
