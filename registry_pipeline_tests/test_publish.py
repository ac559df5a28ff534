"""Builders, JSON Schemas, the URL rule and the atomic writer."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import shutil
from pathlib import Path

import jsonschema_rs
import orjson
import polars as pl
import pytest

from registry_pipeline.publish import builders, writer
from registry_pipeline.publish.routes import (
    API_PREFIX,
    CSV_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    content_type_for,
    file_for_url,
    schema_for_url,
    url_for_file,
)
from registry_pipeline.publish.schemas import SCHEMA_NAMES, schema, validator
from registry_pipeline.publish.writer import publish, serialize
from registry_pipeline_tests.registry_fixture import BENCHMARKS, MODELS, make_registry

T1 = dt.datetime(2026, 2, 21, 12, 0, tzinfo=dt.timezone.utc)
T2 = dt.datetime(2026, 2, 22, 12, 0, tzinfo=dt.timezone.utc)
STAMPED = {"v1/meta/index.json", "v1/export/index.json"}  # change with generatedAt


@pytest.fixture(scope="module")
def registry():
    return make_registry()


@pytest.fixture(scope="module")
def bodies(registry):
    return builders.build_all(registry, T1)


def validate(url: str, body) -> None:
    name = schema_for_url(url)
    assert name is not None, url
    validator(name).validate(body)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- URL rule


@pytest.mark.parametrize(
    "url,file",
    [
        ("/api/v1", "v1/index.json"),
        ("/api/v1/", "v1/index.json"),
        ("/api/v1/meta", "v1/meta/index.json"),
        ("/api/v1/models/gpt-4o", "v1/models/gpt-4o/index.json"),
        ("/api/v1/models/gemini-3.1-pro", "v1/models/gemini-3.1-pro/index.json"),
        ("/api/v1/models/gpt-4o.json", "v1/models/gpt-4o.json"),
        ("/api/v1/export.csv", "v1/export.csv"),
        ("/api/v1/leaderboards/all/", "v1/leaderboards/all/index.json"),
    ],
)
def test_file_for_url(url, file):
    assert file_for_url(url) == file
    assert url_for_file(file) == url.rstrip("/")


@pytest.mark.parametrize("url", ["/api/v2/meta", "/v1/meta", "/api/v1/../secret", "/api/v1/models/A B", "/api/v1//x"])
def test_file_for_url_rejects(url):
    with pytest.raises(ValueError):
        file_for_url(url)


def test_content_types():
    assert content_type_for("/api/v1/export.csv") == CSV_CONTENT_TYPE
    assert content_type_for("/api/v1/models/o3.json") == JSON_CONTENT_TYPE
    assert content_type_for("/api/v1/meta") == JSON_CONTENT_TYPE


# ---------------------------------------------------------------- builders


def test_every_endpoint_is_built(bodies):
    expected = {
        "/api/v1", "/api/v1/meta", "/api/v1/models", "/api/v1/benchmarks", "/api/v1/scores",
        "/api/v1/export", "/api/v1/export.csv", "/api/v1/export.parquet", "/api/v1/categories", "/api/v1/sources", "/api/v1/openapi.json", "/api/v1/crosswalk", "/api/v1/review", "/api/v1/conflicts", "/api/v1/changes", "/api/v1/changes.xml",
        "/api/v1/leaderboards/science", "/api/v1/leaderboards/coding", "/api/v1/leaderboards/all",
    } | {f"/api/v1/models/{m['id']}" for m in MODELS} | {f"/api/v1/models/{m['id']}.json" for m in MODELS} | {
        f"/api/v1/benchmarks/{b['id']}" for b in BENCHMARKS}  # fmt: skip
    assert set(bodies) == expected


def test_every_body_validates_against_its_schema(bodies):
    for url, body in bodies.items():
        if url.endswith((".csv", ".xml")):  # CSV export; the Atom feed (test_changes.py checks it against RFC 4287)
            assert isinstance(body, str)
            continue
        if url.endswith(".parquet"):
            assert isinstance(body, bytes)
            continue
        if url == "/api/v1/openapi.json":  # validated as OpenAPI 3.1 in test_openapi.py
            continue
        validate(url, orjson.loads(serialize(body)))


def test_schemas_are_strict():
    for name in ("meta", "models", "model-detail", "scores"):
        assert schema(name)["additionalProperties"] is False
    bad = builders.build_all(make_registry(), T1)["/api/v1/models/o3.json"] | {"extra": 1}
    with pytest.raises(jsonschema_rs.ValidationError):
        validate("/api/v1/models/o3.json", bad)
    wrong_status = builders.build_all(make_registry(), T1)["/api/v1/models/o3.json"] | {"status": "retired"}
    with pytest.raises(jsonschema_rs.ValidationError):
        validate("/api/v1/models/o3.json", wrong_status)


def test_every_route_has_a_schema(bodies):
    names = {schema_for_url(url) for url in bodies if not (url.endswith((".csv", ".xml", ".parquet")) or url == "/api/v1/openapi.json")}
    # a day's changes exist once a build has changed something (test_changes.py)
    assert names == set(SCHEMA_NAMES) - {"changes-day"}
    assert "common" not in SCHEMA_NAMES


def test_shared_definitions_are_followed_through_refs(bodies):
    """Rows and summaries are defined once in common.json; a bad one is caught through the `$ref`."""
    scores = orjson.loads(serialize(bodies["/api/v1/scores"]))
    assert scores["scores"]
    validate("/api/v1/scores", scores)
    row = scores["scores"][0]
    for bad_row in ({**row, "verificationLevel": "vibes"}, {**row, "extra": 1}, {k: v for k, v in row.items() if k != "modelId"}):
        with pytest.raises(jsonschema_rs.ValidationError):
            validate("/api/v1/scores", {**scores, "scores": [bad_row]})
        with pytest.raises(jsonschema_rs.ValidationError):
            validate("/api/v1/export", {**orjson.loads(serialize(bodies["/api/v1/export"])), "scores": [bad_row]})
    models = orjson.loads(serialize(bodies["/api/v1/models"]))
    with pytest.raises(jsonschema_rs.ValidationError, match="extra"):
        validate("/api/v1/models", {**models, "models": [{**models["models"][0], "extra": 1}]})
    detail = orjson.loads(serialize(bodies["/api/v1/models/o3"]))
    entry = next(iter(detail["model"]["scores"].values()))
    with pytest.raises(jsonschema_rs.ValidationError):
        validate("/api/v1/models/o3", {**detail, "model": {**detail["model"], "scores": {"x": {**entry, "modelId": "o3"}}}})
    with pytest.raises(jsonschema_rs.ValidationError):
        validate("/api/v1/models/o3", {**detail, "attribution": {**detail["attribution"], "extra": 1}})


def test_attribution_links_back_only_when_the_registry_has_a_public_url(registry):
    import dataclasses

    assert builders.attribution(registry)["registry"] == {"name": "registry-pipeline", "url": None}
    hosted = dataclasses.replace(registry, public_url="https://registry.example.org/")
    assert builders.attribution(hosted)["registry"]["url"] == "https://registry.example.org/"
    body = builders.build_all(hosted, T1)["/api/v1/meta"]
    validate("/api/v1/meta", orjson.loads(serialize(body)))


def test_public_url_setting_from_env(tmp_path):
    from registry_pipeline.config import Settings, settings_from_env

    assert settings_from_env({"REGISTRY_DATA_DIR": str(tmp_path)}).public_url is None
    assert settings_from_env({"REGISTRY_PUBLIC_URL": ""}).public_url is None
    assert settings_from_env({"REGISTRY_PUBLIC_URL": " https://r.example/ "}).public_url == "https://r.example/"
    assert Settings(data_dir=tmp_path, offline=True).public_url is None


def test_model_slices_are_small_summaries(bodies):
    listed = {m["id"]: m for m in bodies["/api/v1/models"]["models"]}
    for m in MODELS:
        data = serialize(bodies[f"/api/v1/models/{m['id']}.json"])
        assert len(data) < 1024
        assert orjson.loads(data) == listed[m["id"]]
        assert "attribution" not in orjson.loads(data)


def test_model_summary_fields(bodies):
    opus = bodies["/api/v1/models/claude-opus-4-5.json"]
    assert opus["specs"] == {
        "contextWindow": 200000,
        "maxOutputTokens": 64000,
        "parameters": None,  # closed weights: no source states a count
        "pricing": {"input": 5.0, "output": 25.0, "cacheInput": 0.5, "cacheOutput": 6.25},
    }
    assert opus["licence"] is None
    assert opus["releaseDate"] == "2025-11-24"
    assert opus["trainingCutoff"] is None  # unknown stays null
    assert opus["apiSupport"] == {"reasoning": True, "vision": True, "tools": True, "structuredOutput": True, "attachment": True}
    assert bodies["/api/v1/models/o3.json"]["specs"]["pricing"]["cacheOutput"] is None
    assert bodies["/api/v1/models/gpt-4-1.json"]["coverage"] == 66.7


def test_model_detail_scores(bodies):
    detail = bodies["/api/v1/models/o3"]["model"]
    assert set(detail["scores"]) == {"aider-polyglot", "gpqa-diamond", "webdev-arena"}
    assert detail["scores"]["gpqa-diamond"] == {
        "score": 82.7, "normalizedScore": 82.7, "verified": True, "verificationLevel": "third_party",
        "sourceId": "artificial-analysis", "sourceUrl": "https://artificialanalysis.ai/models/o3", "asOfDate": "2026-02-16",
        "variant": None, "benchmarkVersion": None,
    }  # fmt: skip
    assert detail["scores"]["webdev-arena"]["normalizedScore"] == 69.7  # (1418 - 1000) / 600 * 100
    assert detail["baseModel"] is None
    detail_only = ("baseModel", "scores", "variants", "disputedScores", "providers", "fieldSources")
    assert {k: v for k, v in detail.items() if k not in detail_only} == bodies["/api/v1/models/o3.json"]


def test_lists_are_ordered(bodies):
    assert [m["id"] for m in bodies["/api/v1/models"]["models"]] == ["claude-opus-4-5", "gpt-4-1", "o3"]
    models = bodies["/api/v1/models"]
    assert (models["total"], models["offset"], models["limit"]) == (3, 0, 3)
    rows = bodies["/api/v1/scores"]["scores"]
    assert [(r["modelId"], r["benchmarkId"]) for r in rows] == sorted((r["modelId"], r["benchmarkId"]) for r in rows)
    assert bodies["/api/v1/scores"]["total"] == len(rows) == 8
    # benchmarks by category position (Science, Coding), then id
    assert [b["id"] for b in bodies["/api/v1/benchmarks"]["benchmarks"]] == ["gpqa-diamond", "aider-polyglot", "webdev-arena"]
    assert bodies["/api/v1/benchmarks"]["categories"] == ["Science", "Coding"]
    board = bodies["/api/v1/leaderboards/coding"]
    assert [e["rank"] for e in board["leaderboard"]] == [1, 2, 3]
    assert board["leaderboard"][0]["modelId"] == "claude-opus-4-5"
    assert (board["category"], board["categorySlug"], board["benchmarkCount"], board["totalModelsRanked"]) == ("Coding", "coding", 2, 3)
    assert bodies["/api/v1/leaderboards/all"]["benchmarkCount"] == 3


def test_a_benchmarks_body_is_its_catalogue_entry_and_its_published_scores_best_first(bodies):
    """`/api/v1/benchmarks/{id}`: the benchmark as the catalogue lists it and exactly its rows of `/scores`, best first,
    so a static host serves one benchmark's table without the whole scores file."""
    catalogue = {b["id"]: b for b in bodies["/api/v1/benchmarks"]["benchmarks"]}
    rows = bodies["/api/v1/scores"]["scores"]
    for bid, entry in catalogue.items():
        body = bodies[f"/api/v1/benchmarks/{bid}"]
        assert body["benchmark"] == entry and body["attribution"] == bodies["/api/v1/scores"]["attribution"]
        mine = [r for r in rows if r["benchmarkId"] == bid]
        assert body["total"] == len(body["scores"]) == len(mine) > 0
        assert sorted(body["scores"], key=lambda r: r["modelId"]) == sorted(mine, key=lambda r: r["modelId"])
        assert [r["normalizedScore"] for r in body["scores"]] == sorted((r["normalizedScore"] for r in mine), reverse=True)
    # WebDev Arena's Elo ratings: the highest rating first
    assert [r["score"] for r in bodies["/api/v1/benchmarks/webdev-arena"]["scores"]] == sorted(
        (r["score"] for r in rows if r["benchmarkId"] == "webdev-arena"), reverse=True)


def test_a_benchmarks_body_puts_runs_off_its_protocol_last_and_reads_its_direction():
    """A run with tools on a benchmark answered without them (`variant` "with tools") follows every run under the
    protocol, however high; the runs of a release with fewer scores follow the release with most, however high; on a
    lower-is-better benchmark, of two equal normalized scores the lower score goes first; an empty benchmark still has
    its body; a former id answers with the benchmark's body."""
    registry = make_registry()
    scores = builders.score_frame(registry)
    gpqa = scores.filter(pl.col("benchmarkId") == "gpqa-diamond")
    extra = pl.concat([
        gpqa.head(1).with_columns(modelId=pl.lit("gpt-4-1"), score=pl.lit(99.0), normalizedScore=pl.lit(99.0), variant=pl.lit("with tools")),
        gpqa.head(1).with_columns(benchmarkId=pl.lit("aider-polyglot"), modelId=pl.lit("o3"), score=pl.lit(19.96), normalizedScore=pl.lit(20.0)),
        gpqa.head(1).with_columns(benchmarkId=pl.lit("aider-polyglot"), modelId=pl.lit("gpt-4-1"), score=pl.lit(20.04), normalizedScore=pl.lit(20.0)),
        gpqa.head(1).with_columns(modelId=pl.lit("claude-opus-4-5"), score=pl.lit(98.0), normalizedScore=pl.lit(98.0),
                                  benchmarkVersion=pl.lit("2023-11")),
    ])
    lower = registry.benchmarks.with_columns(higher_is_better=pl.col("id") != "aider-polyglot")
    registry = dataclasses.replace(registry, benchmarks=lower, benchmark_former_ids=pl.DataFrame(
        {"former_id": ["gpqa"], "benchmark_id": ["gpqa-diamond"]}))
    only = pl.concat([gpqa, extra])
    out = dict(builders.benchmark_detail_bodies(registry, only))
    assert set(out) == {"/api/v1/benchmarks/gpqa-diamond", "/api/v1/benchmarks/gpqa", "/api/v1/benchmarks/aider-polyglot",
                        "/api/v1/benchmarks/webdev-arena"}
    ordered = [(r["modelId"], r["variant"], r["benchmarkVersion"]) for r in out["/api/v1/benchmarks/gpqa-diamond"]["scores"]]
    assert ordered[-2:] == [("claude-opus-4-5", None, "2023-11"), ("gpt-4-1", "with tools", None)] and len(ordered) == gpqa.height + 2
    assert [r["normalizedScore"] for r in out["/api/v1/benchmarks/gpqa-diamond"]["scores"][:-2]] == sorted(gpqa["normalizedScore"], reverse=True)
    assert out["/api/v1/benchmarks/gpqa"] == out["/api/v1/benchmarks/gpqa-diamond"]
    assert out["/api/v1/benchmarks/gpqa"]["benchmark"]["formerIds"] == ["gpqa"]
    assert [r["modelId"] for r in out["/api/v1/benchmarks/aider-polyglot"]["scores"]] == ["o3", "gpt-4-1"]  # 19.96 before 20.04
    assert out["/api/v1/benchmarks/webdev-arena"]["scores"] == [] and out["/api/v1/benchmarks/webdev-arena"]["total"] == 0
    for url, body in out.items():
        validate(url, orjson.loads(serialize(body)))


def test_meta(bodies):
    meta = bodies["/api/v1/meta"]
    assert meta["latestScoreDate"] == "2026-02-20"
    assert meta["generatedAt"] == "2026-02-21T12:00:00Z"
    assert meta["counts"] == {"models": 3, "benchmarks": 3, "categories": 2, "sources": 5}
    assert meta["categories"] == ["Science", "Coding"]
    assert "/api/v1/models/{id}" in meta["endpoints"]
    status = {s["id"]: (s["status"], s["snapshot"]) for s in meta["sources"]}
    assert status["artificial-analysis"] == ("snapshot", "2026-02-16T06-00-00Z")
    assert status["lmarena"] == ("failed", None)
    assert status["openai"] == (None, None)


def test_attribution_everywhere(bodies):
    for url, body in bodies.items():
        if url.endswith((".csv", ".parquet")) or re.fullmatch(r"/api/v1/models/[^/]+\.json|/api/v1/openapi\.json", url):
            continue
        if url.endswith(".xml"):  # the Atom feed credits the sources in its rights element
            assert "artificialanalysis.ai" in body and "isArtificialAnalysis" in body
            continue
        attr = body["attribution"]
        ids = [r["sourceId"] for r in attr["required"]]
        assert ids == ["artificial-analysis", "lmarena"], url
        assert attr["required"][0]["url"] == "https://artificialanalysis.ai/"
        assert attr["registry"]["name"] == "registry-pipeline"
        assert "isArtificialAnalysis" in attr["note"]
    aa = [r for r in bodies["/api/v1/scores"]["scores"] if r["isArtificialAnalysis"]]
    assert [(r["modelId"], r["benchmarkId"]) for r in aa] == [("o3", "gpqa-diamond")]


def test_build_is_deterministic(registry):
    a = {u: serialize(b) for u, b in builders.build_all(registry, T1).items()}
    b = {u: serialize(b) for u, b in builders.build_all(make_registry(), T2).items()}
    assert {u for u in a if a[u] != b[u]} == {"/api/v1/meta", "/api/v1/export"}


def test_empty_category_still_has_a_board():
    r = make_registry()
    extra = pl.DataFrame([{"slug": "math", "name": "Math", "description": "x", "position": 2}], schema=r.categories.schema)
    r.categories = pl.concat([r.categories, extra])
    body = builders.build_all(r, T1)["/api/v1/leaderboards/math"]
    assert (body["benchmarkCount"], body["totalModelsRanked"], body["leaderboard"]) == (0, 0, [])


def test_unsafe_model_id_is_refused(tmp_path):
    bad = [dict(MODELS[0], id="Bad Id")] + MODELS[1:]
    with pytest.raises(ValueError, match="URL-safe"):
        publish(make_registry(bad), tmp_path / "api", T1, durable=False)
    assert not (tmp_path / "api").exists()


def test_duplicate_model_ids_are_refused_by_name(tmp_path):
    # two models sharing one id would publish one file for both: the build stops and names the id, once
    twice = [*MODELS, dict(MODELS[1], name="Another name"), dict(MODELS[1], name="A third name")]
    with pytest.raises(ValueError, match=rf"models.id: duplicate ids: \['{MODELS[1]['id']}'\]$"):
        publish(make_registry(twice), tmp_path / "api", T1, durable=False)
    assert not (tmp_path / "api").exists()


# ---------------------------------------------------------------- writer


def test_publish_layout(tmp_path, registry, bodies):
    api = tmp_path / "warehouse" / "api"
    result = publish(registry, api, T1)
    assert api.is_symlink()
    assert Path(os.path.realpath(api)) == result.build_dir.resolve()
    assert result.build_dir.parent.name == ".api-builds"
    assert os.readlink(api) == f".api-builds/{result.build_id}"  # relative
    files = tree(api)
    assert result.file_count == len(files) == len(bodies) + 3
    for url, body in bodies.items():
        assert files[file_for_url(url)] == serialize(body)
        if not (url.endswith((".csv", ".xml", ".parquet")) or url == "/api/v1/openapi.json"):
            validate(url, orjson.loads(files[file_for_url(url)]))
    assert set(result.routes) == set(bodies)
    assert files["v1/meta/index.json"].endswith(b"\n")


def test_republish_rewrites_only_stamped_files(tmp_path, registry):
    api = tmp_path / "api"
    first = publish(registry, api, T1, durable=False)
    before = tree(first.build_dir)
    second = publish(make_registry(), api, T2, durable=False)
    after = tree(second.build_dir)
    assert second.build_dir != first.build_dir and first.build_dir.exists()  # previous kept
    assert set(before) == set(after)
    changed = {f for f in after if after[f] != before[f]}
    assert changed == STAMPED
    assert second.written == len(STAMPED) and second.linked == len(after) - len(STAMPED)
    for f in after:
        same_inode = (first.build_dir / f).stat().st_ino == (second.build_dir / f).stat().st_ino
        assert same_inode == (f not in STAMPED), f
    # a third publish keeps the previous build and deletes older ones
    third = publish(make_registry(), api, T1, durable=False)
    builds = sorted(p.name for p in (tmp_path / ".api-builds").iterdir() if p.is_dir())
    assert builds == sorted([second.build_id, third.build_id])
    assert third.removed_builds == (first.build_id,)
    scores_file = "v1/scores/index.json"
    assert (third.build_dir / scores_file).stat().st_ino == (second.build_dir / scores_file).stat().st_ino


def test_failure_midway_leaves_previous_api(tmp_path, registry, monkeypatch):
    api = tmp_path / "api"
    first = publish(registry, api, T1, durable=False)
    before = tree(api)
    real = writer.serialize
    calls = {"n": 0}

    def flaky(body):
        calls["n"] += 1
        if calls["n"] > 5:
            raise RuntimeError("disk on fire")
        return real(body)

    monkeypatch.setattr(writer, "serialize", flaky)
    with pytest.raises(RuntimeError, match="disk on fire"):
        publish(make_registry(), api, T2, durable=False)
    assert calls["n"] == 6
    assert Path(os.path.realpath(api)) == first.build_dir.resolve()
    assert tree(api) == before
    leftovers = sorted(p.name for p in (tmp_path / ".api-builds").iterdir() if p.name != ".lock")
    assert leftovers == [first.build_id]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".api-builds", "api"]  # no temp symlink


def test_bodies_failing_half_way_leave_the_published_build(tmp_path, monkeypatch):
    """The publisher writes each body as it is made (builders.iter_bodies): a body that cannot be made after
    many were written leaves the previous build served and no staging behind."""
    api = tmp_path / "api"
    first = publish(make_registry(), api, T1, durable=False)
    before = tree(api)
    real = builders.iter_bodies

    def half_way(*args, **kwargs):
        for n, pair in enumerate(real(*args, **kwargs)):
            if n == 20:
                raise ValueError("a body that cannot be made")
            yield pair

    monkeypatch.setattr(builders, "iter_bodies", half_way)
    with pytest.raises(ValueError, match="cannot be made"):
        publish(make_registry(), api, T2, durable=False)
    assert tree(api) == before and Path(os.path.realpath(api)) == first.build_dir.resolve()
    assert sorted(p.name for p in (tmp_path / ".api-builds").iterdir() if p.name != ".lock") == [first.build_id]


def test_failure_on_first_publish_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "os", _FailingOs())
    with pytest.raises(OSError):
        publish(make_registry(), tmp_path / "api", T1, durable=False)
    assert not (tmp_path / "api").exists()
    assert [p.name for p in (tmp_path / ".api-builds").iterdir()] == [".lock"]


class _FailingOs:
    """`os` whose `replace` (the swap) fails: nothing may be left behind."""

    def __getattr__(self, name):
        return getattr(os, name)

    @staticmethod
    def replace(src, dst):
        raise OSError("swap failed")


def test_oversized_slice_fails_the_build(tmp_path, registry):
    api = tmp_path / "api"
    first = publish(registry, api, T1, durable=False)
    huge = [dict(MODELS[0], capabilities=[f"capability-{i:03d}" for i in range(60)])] + MODELS[1:]
    with pytest.raises(ValueError, match="per-model slice"):
        publish(make_registry(huge), api, T2, durable=False)
    assert Path(os.path.realpath(api)) == first.build_dir.resolve()


def test_legacy_directory_is_moved_aside(tmp_path, registry):
    api = tmp_path / "api"
    (api / "v1").mkdir(parents=True)
    (api / "v1" / "old.json").write_text("{}")
    result = publish(registry, api, T1, durable=False)
    assert api.is_symlink()
    assert result.previous_build is not None and (result.previous_build / "v1" / "old.json").exists()
    assert not (api / "v1" / "old.json").exists()


# ---------------------------------------------------------------- host files


def test_host_files_cover_every_route(tmp_path, registry, bodies):
    api = tmp_path / "api"
    result = publish(registry, api, T1, durable=False)
    routes = orjson.loads((api / "routes.json").read_bytes())
    assert set(routes) == set(bodies)
    for url, r in routes.items():
        data = (api / r["file"]).read_bytes()
        assert r["file"] == file_for_url(url)
        assert r["contentType"] == content_type_for(url)
        assert result.routes[url].etag == f'"{hashlib.sha256(data).hexdigest()}"'
        assert result.routes[url].size == len(data)

    redirects = (api / "_redirects").read_text()
    for url, r in routes.items():  # each route's URL is rewritten to its file, as Cloudflare Pages reads the rules
        assert cloudflare_rewrite(redirects, url) == "/" + r["file"], url
    assert cloudflare_rewrite(redirects, "/api/v1/models/no-such-model") == "/v1/models/no-such-model/index.json"
    assert not (api / "v1/models/no-such-model/index.json").exists()  # so the host answers 404
    assert "/api/v1/meta /v1/meta/index.json 200" in redirects.splitlines()
    assert "/api/v1/models/:id /v1/models/:id/index.json 200" in redirects.splitlines()

    rules = parse_headers((api / "_headers").read_text())
    for url in bodies:
        matching = [h for pattern, h in rules if header_pattern_matches(pattern, url)]
        assert len(matching) == 1, url
        h = matching[0]
        assert h["Content-Type"] == content_type_for(url)
        assert h["Cache-Control"] == "public, max-age=300"
        assert h["Access-Control-Allow-Origin"] == "*"
        assert h["Last-Modified"] == "Fri, 20 Feb 2026 00:00:00 GMT"
    assert len(rules) <= 100  # Cloudflare Pages' limit

    second = publish(make_registry(), api, T2, durable=False)
    for name in ("_headers", "_redirects"):
        assert (second.build_dir / name).read_bytes() == (result.build_dir / name).read_bytes()


def cloudflare_rewrite(redirects: str, url: str) -> str | None:
    """Where Cloudflare Pages rewrites `url` by a `_redirects` file (None: no rule), read as its parser and
    asset server do (workers-sdk's parseRedirects and rules engine): rules without `:name` or `*` are static
    until the first one with either, at most 2,000 static and 100 dynamic rules (the rest are skipped); a
    static rule of the URL's exact path applies first, else the first dynamic one that matches (`*` any
    characters, `:name` one path segment), its destination's placeholders filled in."""
    static: dict[str, str] = {}
    dynamic: list[tuple[re.Pattern[str], str]] = []
    for line in redirects.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, target, status = line.split()
        assert status == "200"
        if not dynamic and ":" not in source and "*" not in source:
            assert len(static) < 2000, "a static rule past Cloudflare's 2,000"
            static.setdefault(source, target)
        else:
            assert len(dynamic) < 100, "a dynamic rule past Cloudflare's 100"
            parts = [re.escape(part) for part in source.split("*")]
            regex = "(?P<splat>.*)".join(re.sub(r"\\?:([A-Za-z]\w*)", r"(?P<\1>[^/]+)", part) for part in parts)
            dynamic.append((re.compile(f"^{regex}$"), target))
    if url in static:
        return static[url]
    for pattern, target in dynamic:
        if found := pattern.match(url):
            return re.sub(r":([A-Za-z]\w*)", lambda m: found.group(m.group(1)), target)
    return None


def test_host_files_stay_within_the_host_limits_at_any_size():
    """Five thousand models, each with an alias, 700 benchmarks, leaderboards and a year of days of changes: still a
    few dozen rules in `_redirects`, every route rewritten to its own file, and one `_headers` rule for each route
    among at most 100 (the build of every recording had 509 header rules before benchmarks shared one; Cloudflare
    Pages skips those past its 100th, and with them the CORS headers of every route sorted after them)."""
    urls = {f"{API_PREFIX}/{name}" for name in ("meta", "models", "benchmarks", "changes", "export")}
    urls |= {f"{API_PREFIX}/export.csv", f"{API_PREFIX}/changes.xml", API_PREFIX}
    for i in range(5000):
        urls |= {f"{API_PREFIX}/models/model-{i}", f"{API_PREFIX}/models/model-{i}.json", f"{API_PREFIX}/models/alias-{i}",
                 f"{API_PREFIX}/models/alias-{i}.json", f"{API_PREFIX}/benchmarks/bench-{i % 700}.v2"}
    urls |= {f"{API_PREFIX}/changes/{dt.date(2026, 1, 1) + dt.timedelta(days=d)}" for d in range(365)}
    urls |= {f"{API_PREFIX}/leaderboards/{c}" for c in ("coding", "math", "long-context")}
    routes = {u: writer.Route(u, file_for_url(u), content_type_for(u), '"x"', 1) for u in urls}
    redirects = writer.redirects_file(routes)
    assert len(redirects.splitlines()) < 30
    for url in urls:
        assert cloudflare_rewrite(redirects, url) == "/" + file_for_url(url), url
    rules = parse_headers(writer.headers_file(routes, "2026-02-20"))
    assert len(rules) < 30
    for url in urls:
        matching = [h for pattern, h in rules if header_pattern_matches(pattern, url)]
        assert len(matching) == 1 and matching[0]["Access-Control-Allow-Origin"] == "*", url


def parse_headers(text: str) -> list[tuple[str, dict[str, str]]]:
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            rules.append((line.strip(), {}))
        else:
            k, _, v = line.strip().partition(": ")
            rules[-1][1][k] = v
    return rules


def header_pattern_matches(pattern: str, url: str) -> bool:
    if pattern.endswith("*"):
        return url.startswith(pattern[:-1]) and len(url) > len(pattern) - 1
    return pattern == url


def test_api_prefix():
    assert API_PREFIX == "/api/v1"


def test_export_parquet_holds_the_export_rows(bodies):
    import io

    import polars as pl

    frame = pl.read_parquet(io.BytesIO(bodies["/api/v1/export.parquet"]))
    rows = bodies["/api/v1/export"]["scores"]
    assert frame.height == len(rows) > 0
    assert frame.schema["asOfDate"] == pl.Date and frame.schema["score"] == pl.Float64
    first = frame.row(0, named=True)
    assert {**first, "asOfDate": first["asOfDate"].isoformat()} == rows[0]
    assert builders.build_all(make_registry(), T2)["/api/v1/export.parquet"] == bodies["/api/v1/export.parquet"]  # same rows, same bytes


def test_categories_and_sources_endpoints(bodies):
    cats = bodies["/api/v1/categories"]
    boards = {b["categorySlug"]: b["category"] for u, b in bodies.items() if u.startswith("/api/v1/leaderboards/") and u != "/api/v1/leaderboards/all"}
    assert {c["slug"]: c["name"] for c in cats["categories"]} == boards
    assert [c["name"] for c in cats["categories"]] == bodies["/api/v1/meta"]["categories"]  # display order
    assert sum(c["benchmarkCount"] for c in cats["categories"]) == bodies["/api/v1/benchmarks"]["total"]
    sources = {s["id"]: s for s in bodies["/api/v1/sources"]["sources"]}
    meta = {s["id"]: s for s in bodies["/api/v1/meta"]["sources"]}
    assert set(sources) == set(meta)
    for sid, s in sources.items():
        assert {k: s[k] for k in meta[sid]} == meta[sid]  # what meta says, and more
        if s["fetchedOn"]:
            until = dt.date.fromisoformat(s["fetchedOn"]) + dt.timedelta(days=s["freshnessDays"])
            assert s["freshUntil"] == until.isoformat() and s["fresh"] == (T1.date() <= until)



def test_the_api_check_finds_missing_files_and_bodies_out_of_schema(tmp_path):
    from registry_pipeline.publish.verify import build_problems

    result = publish(make_registry(), tmp_path / "api", T1, durable=False)
    checked, problems = build_problems(result.build_dir)
    assert checked == len(result.routes) and problems == []
    (result.build_dir / "v1" / "models" / "o3.json").unlink()
    meta = result.build_dir / "v1" / "meta" / "index.json"
    meta.write_bytes(orjson.dumps({**orjson.loads(meta.read_bytes()), "apiVersion": 2}))
    _, problems = build_problems(result.build_dir)
    assert sorted(p.split(":")[0] for p in problems) == ["/api/v1/meta", "/api/v1/models/o3.json"]


def test_the_api_check_holds_one_body_at_a_time(tmp_path, monkeypatch):
    """Each body is let go once checked, before the next is read: at 100x the recordings the crosswalk's body
    is ~1.7 GB of Python objects, and holding the body before it as well was the build's peak."""
    import gc
    import weakref

    from registry_pipeline.publish import verify

    class Body(dict):  # a dict that can be watched
        pass

    bodies: list[weakref.ref] = []
    held_at_a_read: list[int] = []
    real_loads = orjson.loads

    def loads(data):
        gc.collect()
        held_at_a_read.append(sum(ref() is not None for ref in bodies))
        body = real_loads(data)
        if isinstance(body, dict):
            body = Body(body)
            bodies.append(weakref.ref(body))
        return body

    result = publish(make_registry(), tmp_path / "api", T1, durable=False)
    monkeypatch.setattr(verify.orjson, "loads", loads)
    checked, problems = verify.build_problems(result.build_dir)
    assert problems == [] and len(held_at_a_read) > 10
    assert max(held_at_a_read) == 1  # the route table only, never the body checked before


def test_the_api_check_refuses_a_route_whose_file_is_a_link_out_of_the_build(tmp_path):
    from registry_pipeline.publish.verify import build_problems

    result = publish(make_registry(), tmp_path / "api", T1, durable=False)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    meta = result.build_dir / "v1" / "meta" / "index.json"
    (outside / "index.json").write_bytes(meta.read_bytes())  # a valid body, but not the build's
    meta.unlink()
    meta.symlink_to(outside / "index.json")
    models = result.build_dir / "v1" / "models"
    shutil.copytree(models, outside / "models")
    shutil.rmtree(models)
    models.symlink_to(outside / "models", target_is_directory=True)
    _, problems = build_problems(result.build_dir)
    assert "/api/v1/meta: file v1/meta/index.json missing or outside the build" in problems
    assert any(p.startswith("/api/v1/models/o3.json: file v1/models/o3.json missing or outside") for p in problems)
    assert all("outside the build" in p for p in problems)
