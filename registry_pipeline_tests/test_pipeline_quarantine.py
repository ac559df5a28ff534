"""A bad row is quarantined with its reason and raw row; the rest of its source still publishes."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import yaml

from registry_pipeline.raw_store import FetchedFile, RawStore
from registry_pipeline.sources.aider import SPEC
from registry_pipeline_tests.conftest import copy_raw
from registry_pipeline_tests.pipeline_runner import run_pipeline


def test_bad_rows_are_quarantined_not_dropped(tmp_path):
    data = copy_raw(tmp_path)
    store = RawStore(data / "raw")
    runs = yaml.safe_load(store.latest("aider").read()[SPEC.files[0].name])
    unreadable, out_of_range = runs[0], runs[1]
    unreadable["pass_rate_2"] = "n/a"  # parse cannot read it
    out_of_range["pass_rate_2"] = 151.1  # reads fine, breaks the contract (percent is 0-100)
    repeated = dict(runs[2])  # the same run listed twice: the repeat cannot be a second observation
    body = yaml.safe_dump([*runs, repeated], sort_keys=False).encode()
    shipped = store.latest("aider").read()  # the edit and refactor boards as shipped
    store.write_snapshot(
        "aider",
        [FetchedFile(f.name, f.url, body if f == SPEC.files[0] else shipped[f.name], 200, {}) for f in SPEC.files],
        dt.datetime(2099, 1, 1, tzinfo=dt.timezone.utc),
    )
    assert run_pipeline(data).success

    con = duckdb.connect(str(data / "warehouse" / "registry.duckdb"), read_only=True)
    try:
        rejects = con.execute("select stage, reason, raw_row from rejects where source_id = 'aider' order by stage").fetchall()
        kept = con.execute(
            "select count(*) from score_observations where source_id = 'aider' and benchmark_id = 'aider-polyglot'"
        ).fetchone()[0]
        snapshot = con.execute("select snapshot from source_runs where source_id = 'aider'").fetchone()[0]
    finally:
        con.close()
    assert snapshot.startswith("2099-01-01/")
    assert len(rejects) == 3
    by_reason = {reason: json.loads(raw)["dirname"] for _, reason, raw in rejects}
    parse_reason = next(r for stage, r, _ in rejects if stage == "parse")
    assert "pass_rate_2" in parse_reason and by_reason[parse_reason] == unreadable["dirname"]
    assert {d for r, d in by_reason.items() if "value_in_unit_range" in r} == {out_of_range["dirname"]}
    assert {d for r, d in by_reason.items() if "first_report_of_its_row_key" in r} == {repeated["dirname"]}
    assert kept == len(runs) - 2
