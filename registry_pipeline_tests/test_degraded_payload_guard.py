"""A degraded payload never replaces good data: the acceptance guard of staging, on real payloads.

Each case lands a broken or shrunken payload after the shipped snapshot (the last good one) and checks
that the source stages the last accepted snapshot and says why.
"""

from __future__ import annotations

import datetime as dt

import orjson
import polars as pl
import pytest

from registry_pipeline.raw_store import FetchedFile, RawStore, record_operator_acceptance, operator_accepted
from registry_pipeline.sources import get_source
from registry_pipeline.staging import stage_source
from registry_pipeline_tests.conftest import copy_raw

T0 = dt.datetime(2099, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
def store(tmp_path) -> RawStore:
    return RawStore(copy_raw(tmp_path, ["artificial-analysis", "models-dev", "aider"]) / "raw")


def land(store: RawStore, source_id: str, body: bytes, when: dt.datetime = T0):
    spec = get_source(source_id).spec
    f = spec.files[0]
    return store.write_snapshot(source_id, [FetchedFile(f.name, f.url, body)], when)


def shipped(store: RawStore, source_id: str) -> bytes:
    return store.snapshots(source_id)[-1].read()[get_source(source_id).spec.files[0].name]


def stage(store: RawStore, source_id: str):
    snaps = store.snapshots(source_id)
    status = {"mode": "live", "snapshot": snaps[0].key, "message": f"{source_id}: fetched"}
    return stage_source(get_source(source_id), snaps, status, "run", operator_accepted=operator_accepted(store, source_id))


baseline = stage  # staging before anything is landed: the shipped snapshot, accepted


def assert_fell_back(staged, good, refused_key: str, why: str):
    assert staged.status["mode"] == "fallback"
    assert staged.status["degraded"] is True
    assert staged.status["snapshot"] == good.status["snapshot"]
    assert staged.scores.height == good.scores.height and staged.models.height == good.models.height
    assert refused_key in staged.status["message"] and why in staged.status["message"]
    refusal = staged.rejects.filter(pl.col("stage") == "accept")
    assert refusal.height == 1 and refused_key in refusal["reason"][0]


def test_artificial_analysis_empty_data_is_refused(store):
    good = baseline(store, "artificial-analysis")
    assert good.scores.height > 100 and good.status["degraded"] is False
    bad = land(store, "artificial-analysis", b'{"status": 200, "data": []}')
    assert_fell_back(stage(store, "artificial-analysis"), good, bad.key, "no usable rows")


def test_artificial_analysis_renamed_evaluations_field_is_refused(store):
    good = baseline(store, "artificial-analysis")
    body = orjson.loads(shipped(store, "artificial-analysis"))
    for row in body["data"]:
        row["evals"] = row.pop("evaluations")
    bad = land(store, "artificial-analysis", orjson.dumps(body))
    staged = stage(store, "artificial-analysis")
    # only the model rows are left (19 of 232): far fewer than half the last accepted snapshot
    assert_fell_back(staged, good, bad.key, "fewer than 0.5 x")


def test_models_dev_renamed_name_field_is_refused(store):
    good = baseline(store, "models-dev")
    body = orjson.loads(shipped(store, "models-dev"))
    for provider in body.values():
        for model in provider["models"].values():
            model["title"] = model.pop("name")
    bad = land(store, "models-dev", orjson.dumps(body))
    assert_fell_back(stage(store, "models-dev"), good, bad.key, "no usable rows")


def test_mostly_rejected_payload_is_refused(store):
    good = baseline(store, "aider")
    body = shipped(store, "aider").decode()
    # a third of the runs lose their score: rows still number more than half, but 33% are rejects
    lines = body.split("\n- dirname:")
    broken = [chunk.replace("pass_rate_2:", "pass_rate_two:") if i % 3 == 0 else chunk for i, chunk in enumerate(lines)]
    bad = land(store, "aider", "\n- dirname:".join(broken).encode())
    staged = stage(store, "aider")
    assert_fell_back(staged, good, bad.key, "rows were rejected")


def test_a_smaller_but_healthy_payload_is_accepted(store):
    body = orjson.loads(shipped(store, "artificial-analysis"))
    body["data"] = body["data"][: int(len(body["data"]) * 0.8)]
    newer = land(store, "artificial-analysis", orjson.dumps(body))
    staged = stage(store, "artificial-analysis")
    assert staged.status["snapshot"] == newer.key and staged.status["mode"] == "live"
    assert staged.status["degraded"] is False and staged.status["refused"] == []


def test_fallback_walks_back_over_any_number_of_bad_snapshots(store):
    good = baseline(store, "artificial-analysis")
    keys = [land(store, "artificial-analysis", b'{"data": [] , "n": %d}' % i, T0 + dt.timedelta(days=i)).key for i in range(8)]
    keys.append(land(store, "artificial-analysis", b"<html>maintenance</html>", T0 + dt.timedelta(days=9)).key)
    staged = stage(store, "artificial-analysis")
    assert staged.status["snapshot"] == good.status["snapshot"]
    assert [r["snapshot"] for r in staged.status["refused"]] == keys
    assert "could not be parsed" in staged.status["refused"][-1]["reason"]
    assert "8 other newer snapshot(s) refused" in staged.status["message"]


def test_a_degraded_payload_served_twice_is_still_compared_with_the_last_good_one(store):
    good = baseline(store, "artificial-analysis")
    body = orjson.loads(shipped(store, "artificial-analysis"))
    body["data"] = body["data"][:5]  # about a quarter of the rows
    first = land(store, "artificial-analysis", orjson.dumps(body))
    body["data"] = body["data"][:4]
    second = land(store, "artificial-analysis", orjson.dumps(body), T0 + dt.timedelta(days=1))
    staged = stage(store, "artificial-analysis")
    assert staged.status["snapshot"] == good.status["snapshot"]
    assert [r["snapshot"] for r in staged.status["refused"]] == [first.key, second.key]
    assert good.status["snapshot"] in staged.status["refused"][1]["reason"]


def test_an_operator_can_accept_a_legitimately_smaller_payload(store):
    body = orjson.loads(shipped(store, "artificial-analysis"))
    body["data"] = body["data"][:3]
    smaller = land(store, "artificial-analysis", orjson.dumps(body))
    assert stage(store, "artificial-analysis").status["degraded"] is True
    record_operator_acceptance(store, "artificial-analysis", smaller.key, "AA retired its legacy models", T0)
    staged = stage(store, "artificial-analysis")
    assert staged.status["snapshot"] == smaller.key and staged.status["degraded"] is False
    assert "accepted by an operator: AA retired its legacy models" in staged.status["message"]
    # the next payload is compared with the accepted smaller one, not with the old large one
    body["data"] = body["data"][:2]
    after = land(store, "artificial-analysis", orjson.dumps(body), T0 + dt.timedelta(days=1))
    assert stage(store, "artificial-analysis").status["snapshot"] == after.key


def test_operator_acceptance_needs_an_existing_snapshot(store):
    from registry_pipeline.raw_store import RawStoreError

    with pytest.raises(RawStoreError, match="no snapshot"):
        record_operator_acceptance(store, "aider", "2099-01-01/000000", "typo", T0)


def test_operator_cannot_accept_an_empty_payload(store):
    bad = land(store, "artificial-analysis", b'{"data": []}')
    record_operator_acceptance(store, "artificial-analysis", bad.key, "sure", T0)
    staged = stage(store, "artificial-analysis")
    assert staged.status["snapshot"] != bad.key and staged.status["degraded"] is True


def test_nothing_usable_at_all_is_failed_with_every_reason(tmp_path):
    store = RawStore(tmp_path / "raw")
    bad = land(store, "artificial-analysis", b'{"data": []}')
    staged = stage(store, "artificial-analysis")
    assert staged.status["mode"] == "failed" and staged.status["snapshot"] is None
    assert bad.key in staged.status["message"] and "no usable rows" in staged.status["message"]
    assert staged.scores.is_empty() and staged.rejects.filter(pl.col("stage") == "accept").height == 1


# --- through the real Dagster assets: published data unchanged, the check fails loudly, meta says why ---

from dagster import AssetCheckSeverity  # noqa: E402

from registry_pipeline_tests.pipeline_runner import run_pipeline  # noqa: E402


def _published(data) -> tuple[int, dict]:
    import json

    api = data / "warehouse" / "api" / "v1"
    scores = json.loads((api / "scores" / "index.json").read_bytes())
    meta = json.loads((api / "meta" / "index.json").read_bytes())
    return scores["total"], {s["id"]: s for s in meta["sources"]}


def test_an_empty_artificial_analysis_payload_does_not_take_its_scores_down(tmp_path):
    import duckdb

    data = copy_raw(tmp_path)
    assert run_pipeline(data).success
    before, _ = _published(data)
    bad = land(RawStore(data / "raw"), "artificial-analysis", b'{"status": 200, "data": []}')

    result = run_pipeline(data)
    assert result.success
    after, sources = _published(data)
    assert after == before  # 213 -> 17 before the guard
    aa = sources["artificial-analysis"]
    assert aa["status"] == "fallback" and aa["degraded"] is True
    assert bad.key in aa["message"] and "no usable rows" in aa["message"]
    check = next(
        e for e in result.get_asset_check_evaluations()
        if e.check_name == "contract" and e.asset_key.path[-1] == "artificial_analysis"
    )
    assert not check.passed and check.severity == AssetCheckSeverity.ERROR
    (refusal_shown,) = check.metadata["refused_snapshots"].value  # a JSON list an operator can read field by field
    assert refusal_shown["snapshot"] == bad.key and "no usable rows" in refusal_shown["reason"]
    con = duckdb.connect(str(data / "warehouse" / "registry.duckdb"), read_only=True)
    try:
        row = con.execute(
            "SELECT mode, degraded, refused_snapshots, message FROM source_runs WHERE source_id = 'artificial-analysis'"
        ).fetchone()
        refusal = con.execute("SELECT reason FROM rejects WHERE stage = 'accept'").fetchall()
    finally:
        con.close()
    assert row[0] == "fallback" and row[1] is True and row[2] == [bad.key] and "no usable rows" in row[3]
    assert len(refusal) == 1 and bad.key in refusal[0][0]
