"""An online rebuild with nothing changed upstream, end to end through the real Dagster assets.

A small fake upstream serves every fetched source's files (the spec's files and those its `discover`
names: all of them are in the shipped raw snapshot) with the shipped bytes, an ETag and a
Last-Modified. Run 1 fetches them (200). Runs 2 and 3 find nothing changed: every request is
conditional and answered 304, no raw snapshot is written, the warehouse and the API are a new build
(a new buildId) with the same row counts, and the API publish hard-links every file from the previous
build but the stamped ones (meta, export). A 304 is published as `live` like a 200 (the source answered
and its newest payload is in use), so /sources does not change either.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import httpx
import pytest
from dagster import AssetKey

from registry_pipeline import fetch_all
from registry_pipeline.acquire import acquire
from registry_pipeline.assets.registry_assets import API_KEY
from registry_pipeline.assets.source_assets import raw_key
from registry_pipeline.config import Settings
from registry_pipeline.publish.writer import BUILDS_DIRNAME
from registry_pipeline.raw_store import VALIDATORS, RawStore
from registry_pipeline.sources import all_sources
from registry_pipeline.sources.artificial_analysis import SPEC as AA
from registry_pipeline_tests.conftest import copy_raw
from registry_pipeline_tests.pipeline_runner import RecordedHttp, run_pipeline

# the only files of a build carrying the build's stamps (generatedAt/buildId in meta, exportedAt in export)
STAMPED = {"v1/meta/index.json", "v1/export/index.json"}
SOURCES = "v1/sources/index.json"
LAST_MODIFIED = "Wed, 01 Oct 2025 00:00:00 GMT"
# artificial-analysis is fetched only with its key; llm-stats is left without one (its public files are shipped)
ENVIRON = {"ARTIFICIAL_ANALYSIS_API_KEY": "sk-test-unchanged"}
FETCHED = sorted(s.spec.id for s in all_sources() if not s.spec.curated)  # curated sources are never fetched


class Upstream:
    """Serves `payloads` (URL -> bytes) with a content ETag and a fixed Last-Modified; answers 304 to a
    conditional request whose validator matches. Records (url, conditional, status) of every request."""

    def __init__(self, payloads: dict[str, bytes]):
        self.payloads = payloads
        self.seen: list[tuple[str, bool, int]] = []

    @staticmethod
    def etag(body: bytes) -> str:
        return f'"{hashlib.sha256(body).hexdigest()[:32]}"'

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        inm, ims = request.headers.get("if-none-match"), request.headers.get("if-modified-since")
        if url not in self.payloads:
            self.seen.append((url, bool(inm or ims), 404))
            return httpx.Response(404)
        body = self.payloads[url]
        validators = {"etag": self.etag(body), "last-modified": LAST_MODIFIED}
        if (inm == validators["etag"]) if inm is not None else (ims == LAST_MODIFIED):
            self.seen.append((url, True, 304))
            return httpx.Response(304, headers=validators)
        self.seen.append((url, bool(inm or ims), 200))
        return httpx.Response(200, content=body, headers={**validators, "content-type": "application/octet-stream"})


def upstream_payloads(raw: Path) -> dict[str, bytes]:
    """URL -> the shipped bytes, for every file of every fetched source's newest snapshot."""
    store = RawStore(raw)
    payloads: dict[str, bytes] = {}
    for sid in FETCHED:
        snap = store.latest(sid)
        assert snap is not None, sid
        files = snap.read()
        for entry in snap.manifest["files"]:
            payloads[entry["url"]] = files[entry["name"]]
    return payloads


def snapshot_dirs(raw: Path) -> dict[str, set[str]]:
    return {src.name: {str(p.relative_to(src)) for p in src.glob("*/*") if p.is_dir()} for src in raw.iterdir() if src.is_dir()}


def materializations(result) -> dict[AssetKey, dict]:
    """asset key -> its materialization metadata (plain values)."""
    out = {}
    for event in result.get_asset_materialization_events():
        mat = event.materialization
        out[mat.asset_key] = {k: getattr(v, "value", v) for k, v in mat.metadata.items()}
    return out


def warehouse_counts(db: Path) -> tuple[str, dict[str, int]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_type = 'BASE TABLE' and table_schema = 'main'"
        ).fetchall()]
        counts = {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}
        build_id = con.execute("select build_id from build_info").fetchone()[0]
    finally:
        con.close()
    return build_id, counts


@dataclass
class Run:
    seen: list[tuple[str, bool, int]]
    modes: dict[str, str]  # fetched source -> its raw asset's mode
    api: dict  # the api asset's materialization metadata
    build: Path
    meta: dict
    warehouse_build: str
    counts: dict[str, int]
    inodes: dict[str, int]  # file of the build -> inode
    bodies: dict[str, bytes]
    snapshots: dict[str, set[str]]


@dataclass
class Runs:
    payloads: dict[str, bytes]  # what the fake upstream serves
    shipped: dict[str, set[str]]  # the snapshot dirs before run 1
    runs: list[Run]

    def __getitem__(self, n: int) -> Run:
        return self.runs[n]


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> Runs:
    data = copy_raw(tmp_path_factory.mktemp("unchanged") / "data")
    raw, api = data / "raw", data / "warehouse" / "api"
    payloads, shipped = upstream_payloads(raw), snapshot_dirs(raw)
    done = []
    for _ in range(3):
        upstream = Upstream(payloads)
        with pytest.MonkeyPatch.context() as mp:  # no per-host pacing against the fake upstream (~5 s a run)
            mp.setattr(fetch_all, "host_rates", lambda sources: {})
            result = run_pipeline(data, offline=False, http=RecordedHttp(upstream), environ=ENVIRON)
        assert result.success
        mats = materializations(result)
        build = api.parent / BUILDS_DIRNAME / mats[API_KEY]["build_id"]
        assert api.resolve() == build.resolve()
        files = {str(p.relative_to(build)): p for p in sorted(build.rglob("*")) if p.is_file()}
        warehouse_build, counts = warehouse_counts(data / "warehouse" / "registry.duckdb")
        done.append(Run(
            seen=upstream.seen, modes={sid: mats[raw_key(sid)]["mode"] for sid in FETCHED}, api=mats[API_KEY], build=build,
            meta=json.loads((api / "v1" / "meta" / "index.json").read_bytes()),
            warehouse_build=warehouse_build, counts=counts,
            inodes={rel: p.stat().st_ino for rel, p in files.items()}, bodies={rel: p.read_bytes() for rel, p in files.items()},
            snapshots=snapshot_dirs(raw),
        ))
    return Runs(payloads, shipped, done)


def rewritten(run: Run, previous: Run) -> set[str]:
    """Files of `run`'s build that are not a hard link of `previous`'s file."""
    return {rel for rel, ino in run.inodes.items() if previous.inodes.get(rel) != ino}


def test_run_1_fetches_every_file_once(runs):
    first = runs[0]
    assert sorted(u for u, _, _ in first.seen) == sorted(runs.payloads)
    assert {s for _, _, s in first.seen} == {200}
    assert set(first.modes.values()) == {"live"}


@pytest.mark.parametrize("n", [1, 2])
def test_an_unchanged_rerun_asks_conditionally_and_gets_only_304s(runs, n):
    run = runs[n]
    assert sorted(u for u, _, _ in run.seen) == sorted(runs.payloads), "every fetched file asked for once"
    assert not [u for u, conditional, _ in run.seen if not conditional], "unconditional requests"
    assert not [u for u, _, status in run.seen if status != 304], "full bodies served"
    assert run.modes == {sid: "unchanged" for sid in FETCHED}


def test_no_raw_snapshot_is_written(runs):
    # run 1's bytes equal the shipped snapshots (nothing landed); nor did runs 2 and 3 land anything
    assert runs[0].snapshots == runs[1].snapshots == runs[2].snapshots == runs.shipped


@pytest.mark.parametrize("n", [1, 2])
def test_an_unchanged_rerun_is_a_new_build_with_the_same_rows(runs, n):
    run, previous = runs[n], runs[n - 1]
    assert run.build != previous.build
    assert run.meta["buildId"] != previous.meta["buildId"]
    assert run.warehouse_build == run.meta["buildId"] == run.api["build_id"]
    assert run.counts == previous.counts and run.counts["scores"] > 0
    assert run.meta["counts"] == previous.meta["counts"]


@pytest.mark.parametrize("n", [1, 2])
def test_an_unchanged_rebuild_publishes_only_the_stamps(runs, n):
    """Nothing changed upstream since the previous run (run 2: a 304 where run 1 had a 200, published as
    `live` both times; run 3: nothing at all): every file but the stamped ones is a hard link of the
    previous build's file, and the api asset's metadata says so."""
    run, previous = runs[n], runs[n - 1]
    assert run.inodes.keys() == previous.inodes.keys() and STAMPED <= run.inodes.keys()
    assert rewritten(run, previous) == STAMPED
    assert {rel for rel in run.bodies if run.bodies[rel] != previous.bodies[rel]} == STAMPED
    assert run.api["written"] == len(STAMPED)
    assert run.api["hard_linked"] == len(run.inodes) - len(STAMPED)
    statuses = {s["id"]: s["status"] for s in json.loads(run.bodies[SOURCES])["sources"]}
    assert {statuses[sid] for sid in FETCHED} == {"live"}


def test_validators_of_an_identical_body_are_kept_for_the_next_conditional_get(tmp_path):
    """A 200 whose bytes equal the newest snapshot lands no snapshot, but its ETag and Last-Modified are
    kept (validators.jsonl beside the snapshots): the next fetch asks conditionally and gets a 304."""
    raw = copy_raw(tmp_path / "data", [AA.id]) / "raw"
    store = RawStore(raw)
    shipped = store.latest(AA.id)
    assert shipped.manifest["files"][0]["etag"] is None  # a hand-made snapshot: no validators
    upstream = Upstream({AA.files[0].url: shipped.read()[AA.files[0].name]})

    def once(day: int):
        with httpx.Client(transport=httpx.MockTransport(upstream)) as client:
            return acquire(AA, store=store, client=client, settings=Settings(data_dir=tmp_path / "data", offline=False),
                           environ=ENVIRON, now=dt.datetime(2026, 3, day, tzinfo=dt.timezone.utc), sleep=lambda _: None)

    first, second, third = once(1), once(2), once(3)
    assert [(c, s) for _, c, s in upstream.seen] == [(False, 200), (True, 304), (True, 304)]
    assert (first.mode, second.mode, third.mode) == ("live", "unchanged", "unchanged")
    assert {first.snapshot.key, second.snapshot.key, third.snapshot.key} == {shipped.key}
    assert [s.key for s in store.snapshots(AA.id)] == [shipped.key]
    assert shipped.manifest == store.latest(AA.id).manifest  # the snapshot itself is never edited
    ledger = [json.loads(line) for line in (raw / AA.id / VALIDATORS).read_text().splitlines()]
    assert len(ledger) == 1 and ledger[0]["snapshot"] == shipped.key  # the 304s add nothing
