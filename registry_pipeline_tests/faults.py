"""`make faults`: the fault matrix, run against the real command line on a private data directory.

Each row drives `registry-pipeline run --offline` (or `serve`) as a subprocess through one fault and
checks what must hold: the previous API intact or the new one complete, the warehouse from the same
build as the API, every bad row quarantined with a reason, an honest exit status. It prints a table
(fault, outcome, what was published, what was quarantined) and exits non-zero when a row did not hold.
Slow (about ten minutes): not part of `make test`, whose fast tests cover each fix one by one.

    python -m registry_pipeline_tests.faults [--only SUBSTRING]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import duckdb

from registry_pipeline_tests.conftest import copy_raw

BIN = Path(sys.executable).parent / "registry-pipeline"
SOURCES = ["models-dev", "aider", "lmarena", "swe-bench"]


@dataclass
class Row:
    fault: str
    held: bool
    outcome: str
    published: str = ""
    quarantined: str = ""


# ---------------------------------------------------------------- helpers


def env_for(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}  # an ephemeral Dagster instance
    return {**env, "REGISTRY_DATA_DIR": str(data), "REGISTRY_OFFLINE": "1"}


def start(data: Path, *args: str, wrap: list[str] | None = None, preexec: Callable | None = None) -> subprocess.Popen:
    cmd = [*(wrap or []), str(BIN), "run", "--offline", *args]
    return subprocess.Popen(cmd, env=env_for(data), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=preexec)


def run(data: Path, *args: str, **kw) -> tuple[int, str]:
    proc = start(data, *args, **kw)
    _, err = proc.communicate(timeout=600)
    return proc.returncode, err


@dataclass
class Served:
    api: str | None  # meta.buildId of the API served
    warehouse: str | None  # build_info.build_id of registry.duckdb
    complete: bool  # every route's file exists inside the build directory
    models: int

    @property
    def consistent(self) -> bool:
        return self.complete and self.api is not None and self.api == self.warehouse

    def __str__(self) -> str:
        state = "consistent" if self.consistent else f"INCONSISTENT (api {self.api}, warehouse {self.warehouse}, complete {self.complete})"
        return f"build {self.api or 'none'}: {self.models} models, {state}"


def served(data: Path) -> Served:
    api_dir = data / "warehouse" / "api"
    api = None
    complete, models = False, 0
    try:
        root = Path(os.path.realpath(api_dir))
        routes = json.loads((root / "routes.json").read_text())
        files = [root / r["file"] for r in routes.values()]
        complete = all(f.is_file() and Path(os.path.realpath(f)).is_relative_to(root) for f in files)
        meta = json.loads((root / routes["/api/v1/meta"]["file"]).read_text())
        api, models = meta.get("buildId"), meta["counts"]["models"]
    except (OSError, ValueError, KeyError):
        pass
    warehouse = None
    try:
        con = duckdb.connect(str(data / "warehouse" / "registry.duckdb"), read_only=True)
        try:
            warehouse = con.execute("select build_id from build_info").fetchone()[0]
        finally:
            con.close()
    except duckdb.Error:
        pass
    return Served(api, warehouse, complete, models)


def rejects(data: Path, like: str) -> int:
    con = duckdb.connect(str(data / "warehouse" / "registry.duckdb"), read_only=True)
    try:
        return con.execute("select count(*) from rejects where reason like ?", [like]).fetchone()[0]
    finally:
        con.close()


def headline(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith(("failed:", "registry-pipeline run:"))]
    return (lines[0] if lines else (err.strip().splitlines() or ["(nothing on stderr)"])[-1])[:150]


# ---------------------------------------------------------------- the rows


def baseline(data: Path) -> tuple[Row, float]:
    t = time.perf_counter()
    code, err = run(data)
    took = time.perf_counter() - t
    s = served(data)
    return Row("clean run", code == 0 and s.consistent, f"exit {code} in {took:.0f} s", str(s)), took


def hostile_rows(data: Path) -> list[Row]:
    from registry_pipeline_tests import test_hostile_ids as h

    body = h._shipped_models_dev(data)
    template = dict(body["openai"]["models"]["gpt-4o-2024-08-06"], name="Hijacker", cost={"input": 0.01, "output": 0.02})
    for raw in h.HOSTILE:
        body["deepseek"]["models"][raw] = dict(template, id=raw)
    body["deepseek"]["models"]["gpt-4o-2024-08-06"] = dict(template, id="gpt-4o-2024-08-06")
    h._land(data, body, dt.datetime(2099, 1, 1, tzinfo=dt.timezone.utc))
    code, err = run(data)
    s = served(data)
    gpt = json.loads((data / "warehouse" / "api" / "v1" / "models" / "gpt-4o-20240806.json").read_text())
    bad_ids = rejects(data, "%raw_model_id failed%")
    collided = rejects(data, "%slugs to the id 'gpt-4o-20240806'%")
    return [
        Row("hostile ids (empty slug, control/RTL, 5,000 chars)", code == 0 and s.consistent and bad_ids == len(h.HOSTILE),
            f"exit {code}", str(s), f"{bad_ids} rows: raw_model_id failed <check> (value ...)"),
        Row("id collision with another maker", code == 0 and gpt["provider"] == "OpenAI" and gpt["name"] != "Hijacker" and collided == 1,
            f"gpt-4o-20240806 stays {gpt['provider']}'s", f"{gpt['name']}, ${gpt['specs']['pricing']['input']}", f"{collided} row: id collision"),
    ]


def duplicate_keys(data: Path) -> list[Row]:
    import orjson

    from registry_pipeline_tests import test_hostile_ids as h

    text = orjson.dumps(h._shipped_models_dev(data))
    at = text.index(b'"limit":{"context":', text.index(b'"id":"o3",'))
    h._land(data, text[:at] + text[at:].replace(b'"limit":{"context":', b'"limit":{"context":1,"context":', 1),
            dt.datetime(2099, 1, 2, tzinfo=dt.timezone.utc))
    code, _ = run(data)
    n = rejects(data, "%duplicate key 'context'%")
    row = Row("duplicate key inside a row", code == 0 and n == 1 and served(data).consistent, f"exit {code}", str(served(data)), f"{n} row: duplicate key")
    h._land(data, b'{"openai":{"id":"openai","models":{}},' + text[1:], dt.datetime(2099, 1, 3, tzinfo=dt.timezone.utc))
    code, _ = run(data)
    con = duckdb.connect(str(data / "warehouse" / "registry.duckdb"), read_only=True)
    snapshot, message = con.execute("select snapshot, message from source_runs where source_id = 'models-dev'").fetchone()
    con.close()
    env = Row("duplicate key in the envelope", code == 0 and "duplicate key 'openai'" in message and not snapshot.startswith("2099-01-03"),
              f"exit {code}; snapshot refused, {snapshot} used", str(served(data)), "the file (source status says why)")
    return [row, env]


def _when(data: Path, before: str | None, phase: str) -> Callable[[], bool]:
    """A test for the moment a run reaches `phase` (seen from the files it writes)."""
    warehouse = data / "warehouse"
    if phase == "warehouse staged":
        return lambda: any(p.suffix == ".duckdb" and not p.name.startswith("previous-") for p in (warehouse / ".warehouse-builds").glob("*"))
    if phase == "API being written":
        return lambda: any(p.name.endswith(".staging") for p in (warehouse / ".api-builds").glob("*"))
    return lambda: any(p.name.startswith("previous-") for p in (warehouse / ".warehouse-builds").glob("*"))  # the swaps


def kills(data: Path, duration: float) -> list[Row]:
    out = []
    points: list[tuple[str, float | str]] = [(f"{f:.0%} of a run", f) for f in (0.1, 0.3, 0.5, 0.7, 0.9)]
    points += [(f"the moment the {p}", p) for p in ("warehouse staged", "API being written", "swaps happen")]
    for label, point in points:
        before = served(data)
        proc = start(data)
        if isinstance(point, float):
            time.sleep(duration * point)
        else:
            reached, deadline = _when(data, before.api, point), time.monotonic() + 120
            while not reached() and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # the run ended before the kill point (the moment passed between two polls)
        proc.wait()
        after = served(data)
        intact = after.consistent  # the previous build or the new one, whole, in both places
        code, _ = run(data)  # the next run recovers on its own
        recovered = served(data)
        leftovers = [p.name for p in (data / "warehouse" / ".warehouse-builds").glob("*")]
        out.append(Row(f"kill -9 at {label}", intact and code == 0 and recovered.consistent and not leftovers,
                       f"exit {proc.returncode}; next run exit {code}",
                       f"after kill: {'previous build' if after.api == before.api else 'new build'} {'consistent' if after.consistent else 'INCONSISTENT'}"))
    return out


def two_runs(data: Path) -> Row:
    first = start(data)
    time.sleep(1.0)
    t = time.perf_counter()
    code, err = run(data)
    waited = time.perf_counter() - t
    first.communicate(timeout=600)
    return Row("two runs at once", code == 3 and "another run is using" in err and f"pid {first.pid}" in err and first.returncode == 0,
               f"second: exit {code} after {waited:.1f} s; first: exit {first.returncode}", str(served(data)), headline(err))


READER = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1])
    q = "select (select build_id from build_info), (select count(*) from scores)"
    print(*con.execute(q).fetchone(), flush=True)
    sys.stdin.readline()
    print(*con.execute(q).fetchone(), flush=True)
""")


def reader_holding(data: Path) -> Row:
    reader = subprocess.Popen([sys.executable, "-c", READER, str(data / "warehouse" / "registry.duckdb")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        first = reader.stdout.readline().split()
        code, err = run(data)
        reader.stdin.write("\n")
        reader.stdin.flush()
        second = reader.stdout.readline().split()
    finally:
        reader.kill()
        reader.wait()
    s = served(data)
    return Row("analyst holds the database (read-write) through a run", code == 0 and first == second and s.consistent and s.api != first[0],
               f"run exit {code}; reader saw {first[0]} before and after", str(s))


def damaged(data: Path) -> list[Row]:
    out = []
    path = data / "warehouse" / "registry.duckdb"
    for name, damage in (("zeroed", lambda: path.write_bytes(b"\0" * path.stat().st_size)),
                         ("truncated", lambda: os.truncate(path, path.stat().st_size // 3)),
                         ("a directory in its place", lambda: (path.unlink(), path.mkdir()))):
        damage()
        code, _ = run(data)
        s = served(data)
        aside = sorted(p.name for p in path.parent.glob("registry.duckdb.corrupt-*"))
        out.append(Row(f"warehouse file {name}", code == 0 and s.consistent, f"exit {code}; set aside: {len(aside)}", str(s)))
        for p in path.parent.glob("registry.duckdb.corrupt-*"):
            shutil.rmtree(p) if p.is_dir() else p.unlink()
    return out


def read_only(data: Path) -> list[Row]:
    out = []
    for label, target in (("data directory", data), ("warehouse directory", data / "warehouse")):
        before = served(data)
        wrap = ["unshare", "-m", "sh", "-c", f'mount --bind "{target}" "{target}" && mount -o remount,ro,bind "{target}" "{target}" && exec "$0" "$@"']
        if shutil.which("unshare") is None:
            out.append(Row(f"read-only {label}", True, "skipped: no unshare here"))
            continue
        code, err = run(data, wrap=wrap)
        if "mount" in err and "permission denied" in err.lower() and code != 3:
            out.append(Row(f"read-only {label}", True, "skipped: cannot mount read-only here"))
            continue
        after = served(data)
        out.append(Row(f"read-only {label}", code == 3 and "not writable (Read-only file system)" in err and after.api == before.api and after.consistent,
                       f"exit {code}", f"previous build kept: {after.api == before.api}", headline(err)))
    return out


def full_disk(data: Path) -> Row:
    before = served(data)
    limit = (data / "warehouse" / "registry.duckdb").stat().st_size // 2  # the warehouse cannot be written whole

    def limit_file_size():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    code, err = run(data, preexec=limit_file_size)
    after = served(data)
    return Row(f"disk full (file-size limit {limit // 1000} kB)", code == 1 and after.api == before.api and after.consistent and "File too large" in err,
               f"exit {code}", f"previous build kept: {after.api == before.api} ({after})", headline(err))


def parsers(examples: int = 40) -> Row:
    """Every source's parse fuzzed (test_sources_hostile_payloads) and the server against its OpenAPI document
    (test_openapi, Schemathesis), with many more examples than `make test`."""
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:logging", "-o", "addopts=", "-p", "no:cacheprovider",
         str(Path(__file__).with_name("test_sources_hostile_payloads.py")), str(Path(__file__).with_name("test_openapi.py"))],
        env={**os.environ, "REGISTRY_FUZZ_EXAMPLES": str(examples)}, capture_output=True, text=True, timeout=3600,
    )
    summary = (proc.stdout.strip().splitlines() or ["no output"])[-1]
    failing = [line.split("::")[-1] for line in proc.stdout.splitlines() if line.startswith("FAILED")]
    return Row(f"parsers ({examples} hostile payloads x 2 per source), server vs OpenAPI ({examples} per operation)", proc.returncode == 0,
               f"{summary} in {time.perf_counter() - t:.0f} s", "", ", ".join(failing)[:110])


# ---------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(data: Path, *args: str) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    proc = subprocess.Popen([str(BIN), "serve", "--port", str(port), "--api-dir", str(data / "warehouse" / "api"), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def _load(port: int, clients: int, per_client: int) -> tuple[int, list, float, list[float]]:
    import http.client

    paths = ["/api/v1/meta", "/api/v1/models", "/api/v1/scores?modelId=o3", "/api/v1/models/o3.json", "/api/v1/benchmarks", "/api/v1/nope"]
    errors, latencies, lock = [], [], threading.Lock()

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for k in range(per_client):
            t = time.perf_counter()
            try:
                conn.request("GET", paths[(i + k) % len(paths)])
                r = conn.getresponse()
                r.read()
                if r.status not in (200, 404):
                    errors.append(r.status)
            except Exception as exc:  # noqa: BLE001 - counted as an error
                errors.append(type(exc).__name__)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                latencies.append(time.perf_counter() - t)
        conn.close()

    t = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return clients * per_client, errors, time.perf_counter() - t, sorted(latencies)


def _exchange(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=15) as s:
        s.sendall(data)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
        return out


def server_rows(data: Path) -> list[Row]:
    proc, port = _serve(data)
    rows = []
    try:
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(50)]
        n, errors, took, lat = _load(port, 200, 25)
        rows.append(Row("200 keep-alive clients, 5,000 requests, 50 idle sockets", not errors,
                        f"{len(errors)} errors; {n / took:.0f} req/s", f"p50 {lat[len(lat) // 2] * 1000:.0f} ms, p99 {lat[int(len(lat) * 0.99)] * 1000:.0f} ms"))
        t = time.perf_counter()
        closed = sum(s.recv(1) == b"" for s in idle)  # the head deadline closes them
        rows.append(Row("idle sockets", closed == 50, f"{closed} of 50 closed by the server within {time.perf_counter() - t + took:.0f} s"))
        for s in idle:
            s.close()
        reply = _exchange(port, b"GARBAGE\r\n\r\n")
        rows.append(Row("malformed request line", reply.startswith(b"HTTP/1.1 400") and b'{"error":"malformed HTTP request"}' in reply, reply.split(b"\r\n")[0].decode()))
        reply = _exchange(port, b"GET /api/v1/models?offset=99999999999999999999999999 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        rows.append(Row("offset=99999999999999999999999999", reply.startswith(b"HTTP/1.1 400") and b'"parameter":"offset"' in reply, reply.split(b"\r\n")[0].decode()))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
    proc, port = _serve(data, "--rate-limit", "100")
    try:
        _, errors, _, _ = _load(port, 1, 101)
        rows.append(Row("--rate-limit 100: the 101st request of a minute", errors == [429], f"statuses past the limit: {errors}"))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
    return rows


# ---------------------------------------------------------------- main


def table(rows: list[Row]) -> str:
    cols = ("fault", "held", "outcome", "published", "quarantined")
    cells = [[r.fault, "yes" if r.held else "NO", r.outcome, r.published, r.quarantined] for r in rows]
    widths = [min(64 if i < 4 else 110, max(len(c), *(len(x[i]) for x in cells))) for i, c in enumerate(cols)]
    line = lambda xs: " | ".join(str(x)[:w].ljust(w) for x, w in zip(xs, widths))  # noqa: E731
    return "\n".join([line(cols), "-+-".join("-" * w for w in widths), *(line(c) for c in cells)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run the groups whose name contains this (ids, keys, kill, runs, reader, damage, read-only, disk, server, parsers)")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="registry-faults-") as tmp:
        data = copy_raw(Path(tmp) / "data", SOURCES)
        first, duration = baseline(data)
        rows.append(first)
        groups = [
            ("ids", lambda: hostile_rows(data)), ("keys", lambda: duplicate_keys(data)), ("kill", lambda: kills(data, duration)),
            ("runs", lambda: [two_runs(data)]), ("reader", lambda: [reader_holding(data)]), ("damage", lambda: damaged(data)),
            ("read-only", lambda: read_only(data)), ("disk", lambda: [full_disk(data)]), ("server", lambda: server_rows(data)),
            ("parsers", lambda: [parsers()]),
        ]
        for name, group in groups:
            if args.only in name:
                print(f"... {name}", file=sys.stderr, flush=True)
                rows.extend(group())
    print(table(rows))
    failed = [r.fault for r in rows if not r.held]
    print(f"\n{len(rows) - len(failed)} of {len(rows)} faults held" + (f"; did not hold: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
