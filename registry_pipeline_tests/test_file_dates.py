"""A file whose rows carry no date is as of the day its server last changed it (`Last-Modified`), not the
day it was fetched: fboulnois' LMArena CSVs stopped changing on 2025-08-04 while the recordings were taken
on 2026-02-21, and a build on a later day must not present those ratings as that day's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest

from registry_pipeline.acquire import acquire
from registry_pipeline.config import Settings
from registry_pipeline.parse_cache import parse_key
from registry_pipeline.recording import files_for
from registry_pipeline.raw_store import RawStore, http_day
from registry_pipeline.sources import get_source
from registry_pipeline.sources.base import ParseContext
from registry_pipeline.staging import parse_snapshot
from registry_pipeline_tests.conftest import SHARED_SNAPSHOTS

LMARENA = SHARED_SNAPSHOTS / "lmarena"
NOW = dt.datetime(2026, 2, 21, 6, 0, 0, tzinfo=dt.timezone.utc)
# the day fboulnois/llm-leaderboard-csv's release 2025.08.04 was made (the CSVs in the recording)
UPLOADED = "Mon, 04 Aug 2025 06:41:27 GMT"


@pytest.mark.parametrize("value, day", [
    (UPLOADED, dt.date(2025, 8, 4)),
    ("Mon, 04 Aug 2025 23:30:00 -0200", dt.date(2025, 8, 5)),  # a zone other than GMT: its UTC day
    ("Sunday, 03-Aug-25 06:41:27 GMT", dt.date(2025, 8, 3)),  # HTTP's two older forms (RFC 9110 5.6.7)
    ("Sun Aug  3 06:41:27 2025", dt.date(2025, 8, 3)),
    ("yesterday", None), ("", None), (None, None), (1754289687, None),
])
def test_an_http_date_is_read_as_its_utc_day_or_not_at_all(value, day):
    assert http_day(value) == day


def test_a_file_is_dated_by_its_last_change_never_after_the_fetch():
    ctx = ParseContext(source_id="lmarena", fetched_on=dt.date(2026, 2, 21),
                       file_modified={"a.csv": dt.date(2025, 8, 4), "b.csv": dt.date(2025, 9, 1), "late.csv": dt.date(2026, 3, 1)})
    assert ctx.file_day("a.csv") == dt.date(2025, 8, 4)
    assert ctx.file_day("a.csv", "b.csv") == dt.date(2025, 9, 1)  # rows of both files: the later change
    assert ctx.file_day("late.csv") == dt.date(2026, 2, 21)  # a server's clock ahead of the fetch: the fetch
    assert ctx.file_day("unstated.csv") == dt.date(2026, 2, 21)


def _lmarena_handler(last_modified: str | None):
    """GitHub's `releases/latest/download/<file>` redirects to the release's asset, which the asset host
    serves with its upload time as `Last-Modified`."""
    def handler(request: httpx.Request) -> httpx.Response:
        name = request.url.path.rsplit("/", 1)[-1]
        if request.url.host == "github.com":
            return httpx.Response(302, headers={"location": f"https://release-assets.githubusercontent.com/2025.08.04/{name}"})
        headers = {"content-type": "application/octet-stream"}
        if last_modified:
            headers["last-modified"] = last_modified
        return httpx.Response(200, content=(LMARENA / name).read_bytes(), headers=headers)
    return handler


def _fetched(tmp_path: Path, last_modified: str | None):
    if not LMARENA.is_dir():
        pytest.skip(f"recording not available: {LMARENA}")
    source = get_source("lmarena")
    store = RawStore(tmp_path / "raw")
    result = acquire(source.spec, store=store, client=httpx.Client(transport=httpx.MockTransport(_lmarena_handler(last_modified))),
                     settings=Settings(data_dir=tmp_path, offline=False), environ={}, now=NOW, run_id="r", log=lambda _: None, sleep=lambda _: None)
    assert result.mode == "live"
    return source, store.snapshots("lmarena")[-1]


def test_a_stale_leaderboard_file_keeps_the_day_of_its_ratings_through_fetch_and_parse(tmp_path):
    source, snap = _fetched(tmp_path, UPLOADED)
    assert {f["name"]: f["last_modified"] for f in snap.manifest["files"]} == {
        "lmarena_text.csv": UPLOADED, "lmarena_vision.csv": UPLOADED}
    assert snap.fetched_on == dt.date(2026, 2, 21)
    scores = parse_snapshot(source, snap, "r").scores
    assert scores.height > 300
    assert scores["as_of_date"].unique().to_list() == [dt.date(2025, 8, 4)]


def test_a_file_its_server_does_not_date_is_as_of_the_fetch(tmp_path):
    source, snap = _fetched(tmp_path, None)
    assert snap.modified_days() == {}
    assert parse_snapshot(source, snap, "r").scores["as_of_date"].unique().to_list() == [dt.date(2026, 2, 21)]


def test_the_parse_cache_tells_a_snapshot_by_the_days_its_files_were_changed(tmp_path):
    source, dated = _fetched(tmp_path / "dated", UPLOADED)
    _, undated = _fetched(tmp_path / "undated", None)
    assert dated.sha256s() == undated.sha256s() and dated.fetched_on == undated.fetched_on
    assert parse_key(source, dated) != parse_key(source, undated)


def _recorded(source_id: str):
    folder = SHARED_SNAPSHOTS / source_id
    if not folder.is_dir():
        pytest.skip(f"recording not available: {folder}")
    source = get_source(source_id)
    return source, {f.name: f.content for f in files_for(source, [str(folder)])[0]}


@pytest.mark.parametrize("source_id, dated", [
    ("evalplus", {"results.json": dt.date(2024, 12, 26)}),
    ("arc-prize", {"evaluations.json": dt.date(2026, 2, 20)}),
])
def test_other_undated_leaderboards_date_their_rows_by_the_file_they_come_from(source_id, dated):
    """One file of the snapshot dated: each row takes the day of the file it comes from."""
    source, data = _recorded(source_id)
    fetched = dt.date(2026, 2, 21)
    plain = source.parse(data, ParseContext(source_id=source_id, fetched_on=fetched)).scores
    stated = source.parse(data, ParseContext(source_id=source_id, fetched_on=fetched, file_modified=dated)).scores
    assert plain["as_of_date"].unique().to_list() == [fetched]
    (day,) = dated.values()
    if source_id == "evalplus":  # its two files: each row by its own file
        from_results = stated["benchmark_id"] != "evalperf"
        assert stated.filter(from_results)["as_of_date"].unique().to_list() == [day]
        assert stated.filter(~from_results)["as_of_date"].unique().to_list() == [fetched]
    else:
        assert stated["as_of_date"].unique().to_list() == [day]
        assert "evaluations.json last changed 2026-02-20" in stated["details"][0]


@pytest.mark.parametrize("source_id", ["lmarena", "evalplus", "arc-prize", "bigcodebench", "swe-bench", "open-llm-leaderboard", "tau2-bench"])
def test_a_row_the_source_does_not_date_takes_its_files_day_and_no_dated_row_changes(source_id):
    """Every leaderboard that falls back on the fetch day for a row without a date of its own takes the day its
    file was last changed instead, when the server stated one; a row the source dates keeps its date."""
    source, data = _recorded(source_id)
    fetched, changed = dt.date(2026, 2, 21), dt.date(2024, 1, 2)
    plain = source.parse(data, ParseContext(source_id=source_id, fetched_on=fetched)).scores
    stated = source.parse(data, ParseContext(source_id=source_id, fetched_on=fetched, file_modified=dict.fromkeys(data, changed))).scores
    assert plain.height == stated.height > 0
    by_fetch = plain["as_of_date"] == fetched
    assert (stated.filter(by_fetch)["as_of_date"] == changed).all()
    assert stated.filter(~by_fetch)["as_of_date"].equals(plain.filter(~by_fetch)["as_of_date"])
    if "as_of_from" in (plain["details"][0] or ""):
        assert not stated["details"].str.contains('"as_of_from":"fetched_on"').any()
