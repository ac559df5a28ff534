"""The parse cache and the staging fold's cache: an unchanged snapshot is never parsed twice, a rebuild
after one new snapshot parses and folds that snapshot only, a parser's change invalidates its own
entries only, and what is staged from the caches is what a cold staging gives."""

from __future__ import annotations

import datetime as dt

import orjson
import polars as pl
import pyarrow.parquet as pq
import pytest
from polars.testing import assert_frame_equal

from registry_pipeline import parse_cache as pc
from registry_pipeline.parse_cache import ParseCache, parser_version
from registry_pipeline.raw_store import FetchedFile, RawStore
from registry_pipeline.sources import get_source
from registry_pipeline.staging import FoldCache, stage_source
from registry_pipeline_tests.conftest import copy_raw

SOURCE = "models-dev"
DAY0 = dt.datetime(2099, 1, 1, 6, tzinfo=dt.timezone.utc)


def renamed(body: bytes, day: int) -> bytes:
    """The shipped models.dev listing with one model's display name changed on each day (a small daily change)."""
    data = orjson.loads(body)
    provider = next(iter(data))
    model = next(iter(data[provider]["models"].values()))
    model["name"] = f"{model['name']} (rev {day})"
    return orjson.dumps(data)


@pytest.fixture
def store(tmp_path) -> RawStore:
    store = RawStore(copy_raw(tmp_path, [SOURCE]) / "raw")
    spec = get_source(SOURCE).spec
    shipped = store.snapshots(SOURCE)[0].read()[spec.files[0].name]
    for day in range(1, 5):
        store.write_snapshot(SOURCE, [FetchedFile(spec.files[0].name, spec.files[0].url, renamed(shipped, day))],
                             DAY0 + dt.timedelta(days=day))
    return store


def stage(store: RawStore, parse: ParseCache | None = None, fold: FoldCache | None = None):
    return stage_source(get_source(SOURCE), store.snapshots(SOURCE), {"mode": "offline"}, "run", parse_cache=parse, fold_cache=fold)


def assert_same(got, want):
    assert got.status == want.status
    for name in ("models", "scores", "rejects"):
        assert_frame_equal(getattr(got, name), getattr(want, name))
    assert got.history is None and want.history is None  # models.dev lists models, no scores
    for name in ("model_history",):
        key = ["snapshot", "source_id", "provider_id", "raw_model_id"] if name == "model_history" else ["snapshot"]
        assert_frame_equal(getattr(got, name).sort(key), getattr(want, name).sort(key))


def test_cached_staging_equals_cold_staging_and_parses_nothing_twice(store, tmp_path):
    cold = stage(store)
    assert len(cold.status["verdicts"]) == 5 and cold.model_history.height > cold.models.height
    parsed = ParseCache(tmp_path / "cache" / "parsed")
    first = stage(store, parsed, FoldCache(tmp_path / "cache" / "staged"))
    assert (parsed.hits, parsed.misses) == (0, 5)
    assert_same(first, cold)
    # a new fold (its cache lost) over the same snapshots reads every parse from the cache
    again = ParseCache(tmp_path / "cache" / "parsed")
    assert_same(stage(store, again, FoldCache(tmp_path / "other-fold")), cold)
    assert (again.hits, again.misses) == (5, 0)
    # with the fold's state kept too, nothing is read but that state (and the chosen snapshot's parse)
    resumed = ParseCache(tmp_path / "cache" / "parsed")
    assert_same(stage(store, resumed, FoldCache(tmp_path / "cache" / "staged")), cold)
    assert (resumed.hits, resumed.misses) == (1, 0)


def test_one_new_snapshot_is_the_only_one_parsed_and_folded(store, tmp_path):
    parsed, fold = ParseCache(tmp_path / "p"), FoldCache(tmp_path / "f")
    stage(store, parsed, fold)
    spec = get_source(SOURCE).spec
    body = store.snapshots(SOURCE)[0].read()[spec.files[0].name]
    store.write_snapshot(SOURCE, [FetchedFile(spec.files[0].name, spec.files[0].url, renamed(body, 9))], DAY0 + dt.timedelta(days=9))
    parsed = ParseCache(tmp_path / "p")
    got = stage(store, parsed, fold)
    assert (parsed.hits, parsed.misses) == (0, 1)
    assert_same(got, stage(store))
    # the renamed record has one run per name (shipped name, rev 1..4, rev 9); every other record one run
    runs = got.model_history.group_by("raw_model_id", "provider_id").len()
    assert sorted(runs["len"].to_list())[-2:] == [1, 6]
    assert got.model_history.filter(pl.col("until_snapshot").is_null()).height == got.models.unique(["provider_id", "raw_model_id"]).height


def test_a_parser_change_invalidates_its_own_entries_only(store, tmp_path, monkeypatch):
    other = get_source("livebench")
    assert parser_version(get_source(SOURCE).module) != parser_version(other.module)
    snap = store.snapshots(SOURCE)[0]
    before = pc.parse_key(get_source(SOURCE), snap)
    versions = {get_source(SOURCE).module: "changed"}
    monkeypatch.setattr(pc, "parser_version", lambda module: versions.get(module) or "same")
    assert pc.parse_key(get_source(SOURCE), snap) != before
    # what one parser refers to is part of its version: llm-stats reads the catalog, bigcodebench evalplus' helpers
    assert any(p.name == "benchmark_crosswalk.csv" for p in pc._referenced_files(get_source("llm-stats").module))
    assert any(p.name == "evalplus.py" for p in pc._referenced_files(get_source("bigcodebench").module))
    assert not any(p.name == "evalplus.py" for p in pc._referenced_files(get_source("livebench").module))
    # and what a parsing helper it uses refers to: vendor pages read settings through `_settings.py`, which
    # reads the benchmark catalogue's categories (a benchmark run with tools by definition)
    vendor = pc._referenced_files(get_source("vendor-openai").module)
    assert {"_settings.py", "llm-stats.json"} <= {p.name for p in vendor}


def test_a_damaged_entry_is_parsed_again(store, tmp_path):
    parsed = ParseCache(tmp_path / "p")
    want = stage(store, parsed)
    for path in (tmp_path / "p" / SOURCE).rglob("scores.parquet"):
        path.write_bytes(b"not parquet")
    again = ParseCache(tmp_path / "p")
    assert_same(stage(store, again), want)
    assert again.misses == 5


def test_an_unwritable_cache_is_skipped(store, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory would be")
    assert_same(stage(store, ParseCache(blocker / "parsed"), FoldCache(blocker / "staged")), stage(store))


def test_a_large_frame_is_cached_in_row_groups_and_read_back_whole(tmp_path):
    """The writer copies a row group's text before encoding it: a large frame goes in groups of
    ROW_GROUP_ROWS rows (one group of a whole large source meant a second copy of its raw rows), and
    reads back row for row."""
    rows = 2 * pc.ROW_GROUP_ROWS + 5
    frame = pl.DataFrame({"raw_row": [orjson.dumps({"id": i, "text": "x" * (i % 50)}).decode() for i in range(rows)],
                          "raw_value": [i / 7 for i in range(rows)]})
    assert pc.write_entry(tmp_path / "entry", {"scores.parquet": frame})
    meta = pq.ParquetFile(tmp_path / "entry" / "scores.parquet").metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [pc.ROW_GROUP_ROWS, pc.ROW_GROUP_ROWS, 5]
    assert_frame_equal(pl.read_parquet(tmp_path / "entry" / "scores.parquet"), frame)


def slowed(monkeypatch, seconds: float, fail_on: str | None = None) -> list[str]:
    """`write_entry` taking `seconds` an entry (raising for a folder named `fail_on`); the folders written, in order."""
    import time

    real, written = pc.write_entry, []

    def slow(folder, files):
        time.sleep(seconds)
        if folder.name == fail_on:
            raise ValueError(f"cannot encode {folder.name}")
        written.append(folder.name)
        return real(folder, files)

    monkeypatch.setattr(pc, "write_entry", slow)
    return written


def test_staging_returns_once_every_parse_it_put_is_written(store, tmp_path, monkeypatch):
    """The parses are written by a thread of their own while the snapshots are folded; staging waits for them, so
    a run that ends (or a staging that follows) finds every entry whole, however slow the writes."""
    written = slowed(monkeypatch, 0.2)
    parsed = ParseCache(tmp_path / "p")
    want = stage(store, parsed)
    assert len(written) == 5 and parsed._writes == {}
    assert sorted(p.name for p in (tmp_path / "p" / SOURCE).iterdir()) == sorted(written)
    for entry in (tmp_path / "p" / SOURCE).iterdir():
        assert sorted(p.name for p in entry.iterdir()) == ["models.parquet", "rejects.parquet", "scores.parquet"]
    again = ParseCache(tmp_path / "p")
    assert_same(stage(store, again), want)
    assert (again.hits, again.misses) == (5, 0)


def test_entries_waiting_to_be_written_are_few_and_read_back_once_written(tmp_path, monkeypatch):
    """At most QUEUED entries (each holding its frames) wait for the writer; an entry read while it is being
    written is read once it is whole, never parsed again; an entry put twice is written once."""
    monkeypatch.setattr(pc, "QUEUED", 2)
    written = slowed(monkeypatch, 0.2)  # k5 cannot be written by the time it is read below
    cache = ParseCache(tmp_path / "p")
    frames = {name: pl.DataFrame({"i": [n]}) for n, name in enumerate(pc.FRAMES)}
    for i in range(6):
        cache.put("src", f"k{i}", frames)
        cache.put("src", f"k{i}", frames)
        assert len(cache._writes) <= 2
    assert "k5" not in written  # still waiting to be written when it is read
    got = cache.get("src", "k5")
    assert got is not None and all(got[name].equals(frames[name]) for name in pc.FRAMES)
    assert (cache.hits, cache.misses) == (1, 0)
    cache.wait()
    assert written == [f"k{i}" for i in range(6)]


def test_an_error_writing_an_entry_is_raised_by_wait(tmp_path, monkeypatch):
    """An error other than the disk's (which `write_entry` skips) is not lost in the writer's thread: `wait`, and
    so the staging, raises it."""
    slowed(monkeypatch, 0, fail_on="k1")
    cache = ParseCache(tmp_path / "p")
    frames = {name: pl.DataFrame({"i": [1]}) for name in pc.FRAMES}
    for i in range(3):
        cache.put("src", f"k{i}", frames)
    with pytest.raises(ValueError, match="cannot encode k1"):
        cache.wait()
    assert cache._writes == {} and cache._writer is None
