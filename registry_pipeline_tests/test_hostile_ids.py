"""Model ids and names from sources are hostile input: a bad id becomes a reject row with its reason,
a colliding id never takes over another maker's model, and a repeated JSON key is never resolved
silently. One bad row never blocks publishing."""

from __future__ import annotations

import datetime as dt
import json
import string

import duckdb
import orjson
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from registry_pipeline.duplicate_keys import without_duplicate_keys
from registry_pipeline.publish.routes import SEGMENT_RE
from registry_pipeline.raw_store import FetchedFile, RawStore
from registry_pipeline.schemas import ModelRecordSchema, split_valid
from registry_pipeline.schemas.contracts import MAX_ID_CHARS, MODEL_RECORD_COLUMNS
from registry_pipeline.sources.base import SourceParseError
from registry_pipeline.sources.models_dev import SPEC as MODELS_DEV
from registry_pipeline.transform.slug import name_key, own_id_key
from registry_pipeline_tests.conftest import copy_raw
from registry_pipeline_tests.pipeline_runner import run_pipeline

HOSTILE = {
    "..": "slugs_to_1_to_128",
    "/": "slugs_to_1_to_128",
    "\u202e\u202e": "no_invisible_characters",
    "\x00\x01": "no_invisible_characters",
    "\u202egpt-4o-2024-08-06": "no_invisible_characters",  # reads as another model's id
    "gpt-4o\u200b-2024-08-06": "no_invisible_characters",  # a zero-width space
    "x" * 5000: "str_length",
    "a+" * 70: "slugs_to_1_to_128",  # short raw id, but "+" slugs to "-plus": 349 characters
}


def _land(data, body: dict | bytes, when: dt.datetime) -> None:
    payload = body if isinstance(body, bytes) else json.dumps(body).encode()
    RawStore(data / "raw").write_snapshot("models-dev", [FetchedFile("api.json", MODELS_DEV.files[0].url, payload, 200, {})], when)


def _query(data, sql: str) -> list[tuple]:
    con = duckdb.connect(str(data / "warehouse" / "registry.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _shipped_models_dev(data) -> dict:
    return json.loads(RawStore(data / "raw").latest("models-dev").read()["api.json"])


def _model(data, model_id: str) -> dict:
    return json.loads((data / "warehouse" / "api" / "v1" / "models" / f"{model_id}.json").read_text())


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """models-dev as shipped plus hostile rows under other makers: unusable ids, a right-to-left
    override in front of OpenAI's id, and clean ids of OpenAI's and Anthropic's models."""
    data = copy_raw(tmp_path_factory.mktemp("hostile"), ["models-dev"])
    body = _shipped_models_dev(data)
    template = dict(body["openai"]["models"]["gpt-4o-2024-08-06"], name="Hijacker", cost={"input": 0.01, "output": 0.02})
    for raw in HOSTILE:
        body["deepseek"]["models"][raw] = dict(template, id=raw)
    body["deepseek"]["models"]["gpt-4o-2024-08-06"] = dict(template, id="gpt-4o-2024-08-06")
    body["xai"]["models"]["claude-opus-4-5-20251101"] = dict(template, id="claude-opus-4-5-20251101")
    _land(data, body, dt.datetime(2099, 1, 1, tzinfo=dt.timezone.utc))
    assert run_pipeline(data).success  # one bad row never blocks publishing
    return data, body


def test_unusable_ids_become_rejects_with_their_reason(hostile_build):
    data, _ = hostile_build
    rejects = _query(data, "select reason, raw_row from rejects where source_id = 'models-dev' and stage = 'validate'")
    by_id = {json.loads(raw)["id"]: reason for reason, raw in rejects}
    for raw, check in HOSTILE.items():
        assert raw in by_id, f"no reject for {raw[:20]!r}"
        assert check in by_id[raw] and "raw_model_id" in by_id[raw]
    # the reason shows the value readably (cut, invisible characters replaced); the raw row keeps it exactly
    assert "(5009 characters)" in by_id["x" * 5000] and "\u202e" not in by_id["\u202egpt-4o-2024-08-06"]
    published = {p.stem for p in (data / "warehouse" / "api" / "v1" / "models").iterdir()}
    assert all(SEGMENT_RE.match(i) and len(i) <= MAX_ID_CHARS for i in published)


def test_a_colliding_id_keeps_its_makers_model(hostile_build):
    data, body = hostile_build
    gpt, opus = _model(data, "gpt-4o-20240806"), _model(data, "claude-opus-4-5-20251101")
    assert (gpt["name"], gpt["provider"], gpt["specs"]["pricing"]["input"]) == (
        body["openai"]["models"]["gpt-4o-2024-08-06"]["name"], "OpenAI", body["openai"]["models"]["gpt-4o-2024-08-06"]["cost"]["input"])
    assert (opus["provider"], opus["name"]) == ("Anthropic", body["anthropic"]["models"]["claude-opus-4-5-20251101"]["name"])
    collisions = _query(data, "select reason from rejects where source_id = 'models-dev' and stage = 'resolve' "
                              "and reason like '%slugs to the id%' order by reason")
    assert [r for (r,) in collisions] == [
        "models-dev: deepseek/gpt-4o-2024-08-06 (listed by deepseek) slugs to the id 'gpt-4o-20240806', which openai lists as "
        "openai/gpt-4o-2024-08-06; the row is rejected, the id keeps that model",
        "models-dev: xai/claude-opus-4-5-20251101 (listed by xai) slugs to the id 'claude-opus-4-5-20251101', which anthropic "
        "lists as anthropic/claude-opus-4-5-20251101; the row is rejected, the id keeps that model",
    ]
    # the losing rows are no records of the model either: no host offer, no field from them
    offers = _query(data, "select provider_id from model_providers where model_id = 'gpt-4o-20240806'")
    assert ("deepseek",) not in offers


def test_duplicate_key_in_a_row_rejects_that_row_only(tmp_path):
    data = copy_raw(tmp_path, ["models-dev"])
    shipped = RawStore(data / "raw").latest("models-dev").read()["api.json"]
    # "context" given twice inside o3's limits: the parser would keep the second silently
    marker = b'"id":"o3",'
    text = orjson.dumps(orjson.loads(shipped))
    assert text.count(marker) == 1
    row = orjson.loads(text)["openai"]["models"]["o3"]
    context = row["limit"]["context"]
    at = text.index(b'"limit":{"context":%d' % context, text.index(marker))  # o3's own limits, after its id
    doubled = text[:at] + text[at:].replace(b'"limit":{"context":', b'"limit":{"context":1,"context":', 1)
    _land(data, doubled, dt.datetime(2099, 1, 1, tzinfo=dt.timezone.utc))
    assert run_pipeline(data).success
    reasons = _query(data, "select reason from rejects where source_id = 'models-dev' and reason like '%duplicate key%'")
    assert reasons == [(f"models-dev: api.json: duplicate key 'context' at $.openai.models.o3.limit (values 1, {context}); "
                        "the row at $.openai.models.o3 is rejected",)]
    assert not (data / "warehouse" / "api" / "v1" / "models" / "o3.json").exists()
    assert (data / "warehouse" / "api" / "v1" / "models" / "o3-mini.json").exists()
    assert _query(data, "select snapshot from source_runs where source_id = 'models-dev'")[0][0].startswith("2099-01-01/")


def test_duplicate_key_in_the_envelope_refuses_the_file(tmp_path):
    """The newest snapshot cannot be read: the source keeps its last accepted one and says why."""
    data = copy_raw(tmp_path, ["models-dev"])
    shipped = RawStore(data / "raw").latest("models-dev").read()["api.json"]
    text = orjson.dumps(orjson.loads(shipped))
    doubled = b'{"openai":{"id":"openai","models":{}},' + text[1:]
    _land(data, doubled, dt.datetime(2099, 1, 1, tzinfo=dt.timezone.utc))
    assert run_pipeline(data).success
    (snapshot, message), = _query(data, "select snapshot, message from source_runs where source_id = 'models-dev'")
    assert not snapshot.startswith("2099") and "duplicate key 'openai' at $" in message and "api.json" in message
    assert (data / "warehouse" / "api" / "v1" / "models" / "gpt-4o-20240806.json").exists()


def test_duplicate_keys_unit():
    files = {
        "a.json": b'{"data":[{"id":"x","score":1,"score":2},{"id":"y","score":3},{"id":"z","m":{"k":1,"k":2}}]}',
        "notes.csv": b"a,a\n1,2\n",
    }
    out, rejects = without_duplicate_keys(files, "src")
    assert orjson.loads(out["a.json"]) == {"data": [{"id": "y", "score": 3}]}
    assert out["notes.csv"] is files["notes.csv"]
    assert sorted(r["reason"] for r in rejects) == [
        "src: a.json: duplicate key 'k' at $.data[2].m (values 1, 2); the row at $.data[2] is rejected",
        "src: a.json: duplicate key 'score' at $.data[0] (values 1, 2); the row at $.data[0] is rejected",
    ]
    clean = {"a.json": b'{"data":[{"id":"x"}]}'}
    assert without_duplicate_keys(clean, "src") == (clean, [])
    with pytest.raises(SourceParseError, match=r"src: b.json: field '\$.v'.*duplicate key 'v'"):
        without_duplicate_keys({"b.json": b'{"v":1,"data":[],"v":2}'}, "src")


# ---------------------------------------------------------------- properties of the slugger and the contract


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_the_slug_of_any_text_is_a_url_segment_or_empty(text):
    slug = pl.select(name_key(pl.lit(text, pl.String))).item()
    assert slug == "" or (SEGMENT_RE.match(slug) and "--" not in slug and not slug.endswith("-") and ".." not in slug)


_ID_ALPHABET = st.sampled_from(list(string.ascii_letters + string.digits + "-._/:+ ") + ["\u202e", "\u200b", "\x00", "\u212a", "é", "模"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(_ID_ALPHABET, min_size=0, max_size=160), min_size=1, max_size=8))
def test_a_record_id_either_is_rejected_or_slugs_to_a_publishable_id(ids):
    rows = [{"source_id": "s", "raw_model_id": i, "raw_name": "n", "is_maker": True, "is_alias": False, "raw_row": "{}"} for i in ids]
    frame = pl.DataFrame(rows, schema={k: MODEL_RECORD_COLUMNS[k] for k in rows[0]}).with_columns(
        pl.lit(None, t).alias(c) for c, t in MODEL_RECORD_COLUMNS.items() if c not in rows[0]
    ).select(list(MODEL_RECORD_COLUMNS))
    good, rejects = split_valid(frame, ModelRecordSchema)
    assert good.height + rejects.height == len(ids)  # nothing vanishes
    slugs = good.select(own_id_key(pl.col("raw_model_id")))["raw_model_id"].to_list()
    assert all(SEGMENT_RE.match(s) and len(s) <= MAX_ID_CHARS for s in slugs)
