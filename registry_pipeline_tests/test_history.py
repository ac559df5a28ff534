"""History: every accepted snapshot's observations in the warehouse, `scores_as_of(D)` with the live
build's dedupe, the series view and the removed-at-snapshot marker."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry_pipeline import history_runs
from registry_pipeline.raw_store import FetchedFile, RawStore
from registry_pipeline.recording import record
from registry_pipeline.sources import get_source
from registry_pipeline.staging import stage_source
from registry_pipeline.transform.build import HISTORY_COLUMNS, StagedSource, build_registry, model_history
from registry_pipeline.warehouse.load import SCHEMA_SQL, create_views, load_warehouse
from registry_pipeline_tests.conftest import copy_raw


def _con_with_history(rows: list[tuple]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(SCHEMA_SQL.read_text())
    frame = pl.DataFrame(
        rows,
        schema=["observation_id", "source_id", "snapshot", "fetched_on", "model_id", "benchmark_id", "score",
                "verification_level", "level_rank", "source_priority", "as_of_date", "removed_at_snapshot", "until_snapshot"],
        orient="row",
    ).with_columns(pl.col("fetched_on", "as_of_date").str.to_date(), normalized_score=pl.col("score"), raw_model_name=pl.col("model_id"),
                   last_snapshot=pl.col("snapshot"))
    full = frame.with_columns(pl.lit(None, t).alias(c) for c, t in HISTORY_COLUMNS.items() if c not in frame.columns).select(list(HISTORY_COLUMNS)).cast(HISTORY_COLUMNS)
    con.register("incoming", full.to_arrow())
    con.execute("INSERT INTO observation_history BY NAME SELECT * FROM incoming")
    # the sources' accepted snapshots: every snapshot a run begins or ends at
    con.execute("INSERT INTO source_snapshots BY NAME SELECT DISTINCT source_id, snapshot, CAST(left(snapshot, 10) AS DATE) AS fetched_on, "
                "true AS accepted FROM (SELECT source_id, snapshot FROM incoming UNION SELECT source_id, until_snapshot FROM incoming "
                "WHERE until_snapshot IS NOT NULL)")
    create_views(con)
    return con


def test_scores_as_of_three_snapshots_by_hand():
    """s1 (third party) fetched m on three days: 50, 60, 70; it dropped m2 at its third snapshot.
    s2 (the vendor, a provider claim) said 90 on 2026-02-15. As of 2026-01-15 the registry knew s1's
    first snapshot only (50); as of 2026-02-20 s1's second (60, which beats s2's provider 90 by level);
    as of 2026-03-05 s1's third (70), and m2 is gone. Each value is a run until the snapshot that changed it."""
    s1_2, s1_3 = "2026-02-01/000000", "2026-03-01/000000"
    con = _con_with_history([
        ("a1", "s1", "2026-01-01/000000", "2026-01-01", "m", "b", 50.0, "third_party", 0, 10, "2026-01-01", None, s1_2),
        ("a2", "s1", s1_2, "2026-02-01", "m", "b", 60.0, "third_party", 0, 10, "2026-02-01", None, s1_3),
        ("a3", "s1", s1_3, "2026-03-01", "m", "b", 70.0, "third_party", 0, 10, "2026-03-01", None, None),
        ("x1", "s1", "2026-01-01/000000", "2026-01-01", "m2", "b", 40.0, "third_party", 0, 10, "2026-01-01", s1_3, s1_2),
        ("x2", "s1", s1_2, "2026-02-01", "m2", "b", 41.0, "third_party", 0, 10, "2026-02-01", s1_3, s1_3),
        ("v1", "s2", "2026-02-15/000000", "2026-02-15", "m", "b", 90.0, "provider", 1, 60, "2026-02-15", None, None),
    ])
    def as_of(day: str) -> dict[str, tuple]:
        rows = con.execute(f"SELECT model_id, score, source_id FROM scores_as_of(DATE '{day}') ORDER BY model_id").fetchall()
        return {m: (s, src) for m, s, src in rows}
    assert as_of("2025-12-31") == {}
    assert as_of("2026-01-15") == {"m": (50.0, "s1"), "m2": (40.0, "s1")}
    assert as_of("2026-02-20") == {"m": (60.0, "s1"), "m2": (41.0, "s1")}
    assert as_of("2026-03-05") == {"m": (70.0, "s1")}
    series = con.execute("SELECT score FROM score_series WHERE model_id = 'm' AND source_id = 's1' ORDER BY snapshot").fetchall()
    assert [s for (s,) in series] == [50.0, 60.0, 70.0]
    # m2's one score is gone at the third snapshot, and with it every score of the name m2
    assert con.execute("SELECT what, model_id, removed_at_snapshot, last_seen_snapshot FROM removals ORDER BY what").fetchall() == [
        ("model", "m2", "2026-03-01/000000", "2026-02-01/000000"),
        ("score", "m2", "2026-03-01/000000", "2026-02-01/000000"),
    ]


def test_a_model_a_source_stops_listing_is_marked_removed_at_that_snapshot():
    """models.dev listed x and y on 1 March, only y on 2 March: x is removed at the 2 March snapshot."""
    def listing(ids: list[str]) -> pl.DataFrame:
        return pl.DataFrame({"source_id": "models-dev", "raw_model_id": ids, "raw_name": ids, "provider_id": "p"})
    runs = history_runs.Runs()
    for ids, key, day in ((["p/x", "p/y"], "2026-03-01/000000", dt.date(2026, 3, 1)), (["p/y"], "2026-03-02/000000", dt.date(2026, 3, 2))):
        runs = history_runs.fold(runs, listing(ids), history_runs.MODEL_KEY, key, day)
    staged = StagedSource("models-dev", pl.DataFrame(), pl.DataFrame(), pl.DataFrame(), model_history=runs.frame())
    records = pl.DataFrame({"source_id": ["models-dev"], "provider_id": ["p"], "raw_model_id": ["p/y"], "model_id": ["y"]})
    got = model_history([staged], records).select("raw_model_id", "snapshot", "last_snapshot", "model_id", "removed_at_snapshot").rows()
    assert got == [  # y listed unchanged in both snapshots: one run
        ("p/x", "2026-03-01/000000", "2026-03-01/000000", None, "2026-03-02/000000"),
        ("p/y", "2026-03-01/000000", "2026-03-02/000000", "y", None),
    ]


def test_runs_keep_one_row_per_value_and_close_at_the_snapshot_that_changed_it():
    """Four snapshots: a unchanged throughout; b changes at the second and back at the fourth; c is gone at
    the third and listed again at the fourth."""
    def rows(b: float, with_c: bool) -> pl.DataFrame:
        frame = pl.DataFrame({"source_id": "s", "raw_model_key": ["a", "b", "c"], "benchmark_id": "x",
                              "benchmark_version": None, "raw_value": [1.0, b, 3.0]}, schema_overrides={"benchmark_version": pl.String})
        return frame if with_c else frame.filter(pl.col("raw_model_key") != "c")
    runs = history_runs.Runs()
    for i, (b, with_c) in enumerate([(2.0, True), (2.5, True), (2.5, False), (2.0, True)], start=1):
        runs = history_runs.fold(runs, rows(b, with_c), history_runs.OBSERVATION_KEY, f"s{i}", dt.date(2026, 1, i))
    frame = history_runs.with_removed_at(runs.frame(), history_runs.OBSERVATION_KEY)
    got = sorted(frame.select("raw_model_key", "raw_value", "snapshot", "last_snapshot", "until_snapshot", "removed_at_snapshot").rows())
    assert got == [
        ("a", 1.0, "s1", "s4", None, None),
        ("b", 2.0, "s1", "s1", "s2", None),
        ("b", 2.0, "s4", "s4", None, None),
        ("b", 2.5, "s2", "s3", "s4", None),
        ("c", 3.0, "s1", "s2", "s3", None),
        ("c", 3.0, "s4", "s4", None, None),
    ]
    assert runs.open.height == 3  # what the newest snapshot has


def test_a_snapshot_listing_one_key_twice_keeps_its_first_row_and_the_first_snapshot_its_rows_as_they_are():
    """A key listed twice in one snapshot is one run, of its first row (in the first snapshot and in a later one,
    null release and all); a first snapshot's runs are its rows, in their order, with the run's columns."""
    def rows(values: list[float]) -> pl.DataFrame:
        return pl.DataFrame({"source_id": "s", "raw_model_key": ["a", "b", "a"][: len(values)], "benchmark_id": "x",
                             "benchmark_version": None, "raw_value": values}, schema_overrides={"benchmark_version": pl.String})
    first = history_runs.fold(history_runs.Runs(), rows([1.0, 2.0, 9.0]), history_runs.OBSERVATION_KEY, "s1", dt.date(2026, 1, 1))
    assert first.open.select("raw_model_key", "raw_value", "snapshot", "until_snapshot").rows() == [("a", 1.0, "s1", None), ("b", 2.0, "s1", None)]
    unique = history_runs.fold(history_runs.Runs(), rows([1.0, 2.0]), history_runs.OBSERVATION_KEY, "s1", dt.date(2026, 1, 1))
    assert unique.frame().columns == [*rows([1.0]).columns, *history_runs.RUN_COLUMNS]
    assert unique.frame().select("raw_model_key", "raw_value").rows() == [("a", 1.0), ("b", 2.0)]
    later = history_runs.fold(first, rows([1.0, 2.5, 7.0]), history_runs.OBSERVATION_KEY, "s2", dt.date(2026, 1, 2))
    assert sorted(later.frame().select("raw_model_key", "raw_value", "snapshot", "until_snapshot").rows(), key=str) == sorted(
        [("a", 1.0, "s1", None), ("b", 2.0, "s1", "s2"), ("b", 2.5, "s2", None)], key=str)


def test_several_snapshots_folded_at_once_make_the_runs_of_the_four_snapshots_above():
    """The four snapshots of the test above folded in one `fold_many`, and as two batches of two (the second
    continuing the first's open runs): the same six runs."""
    def rows(b: float, with_c: bool) -> pl.DataFrame:
        frame = pl.DataFrame({"source_id": "s", "raw_model_key": ["a", "b", "c"], "benchmark_id": "x",
                              "benchmark_version": None, "raw_value": [1.0, b, 3.0]}, schema_overrides={"benchmark_version": pl.String})
        return frame if with_c else frame.filter(pl.col("raw_model_key") != "c")
    snapshots = [(rows(b, with_c), f"s{i}", dt.date(2026, 1, i)) for i, (b, with_c) in enumerate([(2.0, True), (2.5, True), (2.5, False), (2.0, True)], start=1)]
    expected = [
        ("a", 1.0, "s1", "s4", None), ("b", 2.0, "s1", "s1", "s2"), ("b", 2.0, "s4", "s4", None),
        ("b", 2.5, "s2", "s3", "s4"), ("c", 3.0, "s1", "s2", "s3"), ("c", 3.0, "s4", "s4", None),
    ]
    at_once = history_runs.fold_many(history_runs.Runs(), snapshots, history_runs.OBSERVATION_KEY)
    in_two = history_runs.fold_many(history_runs.fold_many(history_runs.Runs(), snapshots[:2], history_runs.OBSERVATION_KEY),
                                    snapshots[2:], history_runs.OBSERVATION_KEY)
    for runs in (at_once, in_two):
        assert sorted(runs.frame().select("raw_model_key", "raw_value", "snapshot", "last_snapshot", "until_snapshot").rows()) == expected
        assert runs.frame().columns == [*snapshots[0][0].columns, *history_runs.RUN_COLUMNS]
        assert runs.open.height == 3
    assert at_once.frame().filter(pl.col("snapshot") == "s1")["fetched_on"].unique().to_list() == [dt.date(2026, 1, 1)]


@st.composite
def _snapshot_rows(draw) -> pl.DataFrame:
    """A snapshot's rows over a few keys: values that repeat, change, go null or vanish; a key now and then twice."""
    rows = draw(st.lists(st.tuples(st.sampled_from(["a", "b", None]), st.just("x"), st.sampled_from([None, "v1"]),
                                   st.sampled_from([1.0, 2.0, None])), max_size=6))
    return pl.DataFrame(rows, schema={"raw_model_key": pl.String, "benchmark_id": pl.String, "benchmark_version": pl.String,
                                      "raw_value": pl.Float64}, orient="row").with_columns(source_id=pl.lit("s")).select(
        "source_id", "raw_model_key", "benchmark_id", "benchmark_version", "raw_value")


@settings(max_examples=200, deadline=None)
@given(snapshots=st.lists(_snapshot_rows(), min_size=1, max_size=7), cuts=st.sets(st.integers(1, 6), max_size=3))
def test_folding_snapshots_together_makes_the_runs_of_folding_them_one_by_one(snapshots, cuts):
    """However the snapshots are batched (`cuts`: where a batch ends), `fold_many` keeps the runs `fold` makes one
    snapshot at a time: the same closed and open runs, each with where it began, was last seen and ended."""
    dated = [(rows, f"2026-01-{i:02d}/000000", dt.date(2026, 1, i)) for i, rows in enumerate(snapshots, start=1)]
    one_by_one = history_runs.Runs()
    for rows, snapshot, day in dated:
        one_by_one = history_runs.fold(one_by_one, rows, history_runs.OBSERVATION_KEY, snapshot, day)
    batched, start = history_runs.Runs(), 0
    for end in [*sorted(c for c in cuts if 0 < c < len(dated)), len(dated)]:
        batched, start = history_runs.fold_many(batched, dated[start:end], history_runs.OBSERVATION_KEY), end

    def runs(frame: pl.DataFrame | None) -> list[tuple]:
        return sorted(frame.rows(), key=repr) if frame is not None else []
    assert runs(batched.frame()) == runs(one_by_one.frame())
    assert runs(batched.open) == runs(one_by_one.open)


@pytest.fixture(scope="module")
def two_livebench_recordings(tmp_path_factory, shared_snapshots):
    """LiveBench recorded twice, one release at a time: 2025-11-25's table fetched on 2025-11-26, then
    2026-01-08's table fetched on 2026-01-09 (which no longer carries the older release)."""
    data = tmp_path_factory.mktemp("history")
    store = RawStore(data / "raw")
    folder = shared_snapshots / "livebench"
    spec_urls = {f.name: f.url for f in get_source("livebench").spec.files}
    for release, day in (("2025_11_25", dt.datetime(2025, 11, 26, 9, tzinfo=dt.timezone.utc)),
                         ("2026_01_08", dt.datetime(2026, 1, 9, 9, tzinfo=dt.timezone.utc))):
        names = [f"table_{release}.csv", f"categories_{release}.json"]
        # what the site served that day: one release's pair (the spec's other release is not there yet, or no longer)
        files = [FetchedFile(n, spec_urls[n], (folder / n).read_bytes(), 200) for n in names]
        store.write_snapshot("livebench", files, day, origin="recorded", note="one release of the real recording")
    record(get_source("models-dev"), [str(shared_snapshots / "models-dev" / "api.json")], store, dt.datetime(2026, 2, 21, tzinfo=dt.timezone.utc))
    staged = [stage_source(get_source(sid), store.snapshots(sid), {"mode": "offline"}, "history") for sid in ("livebench", "models-dev")]
    result = build_registry(staged)
    load_warehouse(data / "registry.duckdb", result)
    return duckdb.connect(str(data / "registry.duckdb"), read_only=True)


def test_scores_as_of_between_two_recordings_returns_the_older_values(two_livebench_recordings):
    con = two_livebench_recordings
    both = con.execute(
        "SELECT model_id FROM observation_history WHERE source_id = 'livebench' AND benchmark_id = 'livebench' AND variant IS NULL "
        "AND model_id IS NOT NULL GROUP BY model_id HAVING count(DISTINCT snapshot) = 2 ORDER BY model_id LIMIT 1"
    ).fetchone()
    assert both, "a model scored in both releases"
    model = both[0]
    def value(snapshot_day: str) -> float:
        # one source, one run per setting in a snapshot: the published value is the model's best setting
        return con.execute(
            "SELECT max(score) FROM observation_history WHERE source_id = 'livebench' AND benchmark_id = 'livebench' "
            "AND model_id = ? AND snapshot LIKE ?", [model, f"{snapshot_day}%"]
        ).fetchone()[0]
    older, newer = value("2025-11-26"), value("2026-01-09")
    def as_of(day: str):
        return con.execute(
            f"SELECT score, as_of_date FROM scores_as_of(DATE '{day}') WHERE model_id = ? AND benchmark_id = 'livebench'", [model]
        ).fetchone()
    assert as_of("2025-11-20") is None  # nothing fetched yet
    assert as_of("2025-12-15") == (older, dt.date(2025, 11, 25))
    assert as_of("2026-02-01") == (newer, dt.date(2026, 1, 8))
    # the newer snapshot no longer carries the 2025-11-25 release: those observations are marked removed there
    removed = con.execute(
        "SELECT DISTINCT removed_at_snapshot FROM observation_history WHERE source_id = 'livebench' AND benchmark_version = '2025-11-25'"
    ).fetchall()
    assert removed == [("2026-01-09/090000",)]
    # today's scores_as_of is the live build's published scores for the source's models
    live = con.execute("SELECT model_id, benchmark_id, score FROM scores ORDER BY 1, 2").fetchall()
    today = con.execute("SELECT model_id, benchmark_id, score FROM scores_as_of(current_date) ORDER BY 1, 2").fetchall()
    assert today == live


def test_a_source_dating_rows_by_its_fetch_keeps_an_unchanged_value_as_one_run(tmp_path):
    """LMArena dates every score by the day it was fetched. After the shipped snapshot, three daily fetches in
    which Gemini-2.5-Pro's score moves on days 1 and 2 (and GLM-4.5's vote count, no part of a score, on day
    3): GLM-4.5 is one run over the four snapshots, Gemini three; on each day scores_as_of dates an unmoved
    score by that day's snapshot, as the build of that day did."""
    store = RawStore(copy_raw(tmp_path, ["lmarena", "models-dev"]) / "raw")
    spec = get_source("lmarena").spec
    first = store.latest("lmarena").read()
    day = [dt.datetime(2099, 3, d, 6, tzinfo=dt.timezone.utc) for d in (1, 2, 3)]
    for when, gemini, glm_votes in ((day[0], b"1471", b"4112"), (day[1], b"1480", b"4112"), (day[2], b"1480", b"4200")):
        text = first["lmarena_text.csv"].replace(b"Gemini-2.5-Pro,1470", b"Gemini-2.5-Pro," + gemini).replace(b"1434,+9/-9,4112", b"1434,+9/-9," + glm_votes)
        files = [FetchedFile(f.name, f.url, text if f.name == "lmarena_text.csv" else first[f.name]) for f in spec.files if f.name in first]
        store.write_snapshot("lmarena", files, when)
    staged = [stage_source(get_source(sid), store.snapshots(sid), {"mode": "offline"}, "h") for sid in ("lmarena", "models-dev")]
    load_warehouse(tmp_path / "registry.duckdb", build_registry(staged))
    con = duckdb.connect(str(tmp_path / "registry.duckdb"), read_only=True)
    runs = dict(con.execute(
        "SELECT raw_model_name, count(*) FROM observation_history WHERE benchmark_id = 'lmarena-text' "
        "AND raw_model_name IN ('GLM-4.5', 'Gemini-2.5-Pro') GROUP BY 1").fetchall())
    assert runs == {"GLM-4.5": 1, "Gemini-2.5-Pro": 3}
    # a resolved model whose score never moved (one run from the shipped snapshot on)
    model, benchmark, score = con.execute(
        "SELECT model_id, benchmark_id, score FROM observation_history WHERE benchmark_id = 'lmarena-text' AND model_id IS NOT NULL "
        "AND raw_model_name <> 'Gemini-2.5-Pro' AND until_snapshot IS NULL AND snapshot < '2099' ORDER BY model_id LIMIT 1").fetchone()

    def as_of(d: str):
        return con.execute(f"SELECT score, as_of_date FROM scores_as_of(DATE '{d}') WHERE model_id = ? AND benchmark_id = ?",
                           [model, benchmark]).fetchone()
    assert as_of("2099-03-01") == (score, dt.date(2099, 3, 1))
    assert as_of("2099-03-02") == (score, dt.date(2099, 3, 2))
    live = con.execute("SELECT score, as_of_date FROM scores WHERE model_id = ? AND benchmark_id = ?", [model, benchmark]).fetchone()
    assert as_of("2099-03-05") == live == (score, dt.date(2099, 3, 3))


def test_a_livebench_row_added_to_a_table_after_its_date_is_dated_by_its_model_release_or_fetch(two_livebench_recordings):
    """LiveBench adds models to a release's table after the release: DeepSeek V3.2 (released 2025-12-01) is in
    the table of 2025-11-25, which this history fetched on 2025-11-26 (in truth the recording is of 2026-02,
    the rows were there by then). A row dated before its model's release is dated by the release, or by the
    fetch that had it when that is earlier (here: a release date after the fetch cannot be the row's date), in
    the history, the observations and on every day of scores_as_of; a model released before the table
    (Claude Opus 4.5, the day before) keeps the table's date."""
    con = two_livebench_recordings
    for table in ("observation_history", "score_observations"):
        early = con.execute(
            f"SELECT count(*) FROM {table} o JOIN models m ON m.id = o.model_id WHERE o.source_id = 'livebench' "
            "AND o.as_of_date < least(m.release_date, CAST(left(o.snapshot, 10) AS DATE))"
        ).fetchone()[0]
        assert early == 0, table
    def dates(table: str, model: str) -> set:
        return set(con.execute(
            f"SELECT DISTINCT benchmark_version, as_of_date FROM {table} WHERE source_id = 'livebench' AND model_id = ?", [model]
        ).fetchall())
    assert dates("observation_history", "deepseek-v3-2") == {("2025-11-25", dt.date(2025, 11, 26)), ("2026-01-08", dt.date(2026, 1, 8))}
    assert dates("observation_history", "claude-opus-4-5-20251101") == {("2025-11-25", dt.date(2025, 11, 25)), ("2026-01-08", dt.date(2026, 1, 8))}
    # Claude Sonnet 4.6 (2026-02-17) in the table of 2026-01-08, fetched 2026-01-09
    assert dates("observation_history", "claude-sonnet-4-6") == {("2026-01-08", dt.date(2026, 1, 9))}
    assert dates("score_observations", "claude-sonnet-4-6") == {("2026-01-08", dt.date(2026, 1, 9))}
    # the newer release's score stays the newer one: the re-dated row does not outdate it
    def published_on(day: str):
        return con.execute(
            f"SELECT as_of_date FROM scores_as_of(DATE '{day}') WHERE model_id = 'deepseek-v3-2' AND benchmark_id = 'livebench'"
        ).fetchone()
    assert published_on("2025-12-15") == (dt.date(2025, 11, 26),)
    assert published_on("2026-02-01") == (dt.date(2026, 1, 8),)
