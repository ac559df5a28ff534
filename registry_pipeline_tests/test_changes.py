"""The changes feed between two builds, worked out by hand on small registries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import polars as pl

from registry_pipeline import catalog
from registry_pipeline.publish import builders
from registry_pipeline.publish.routes import schema_for_url
from registry_pipeline.publish.schemas import validator
from registry_pipeline.publish.writer import serialize
from registry_pipeline.transform import changes
from registry_pipeline_tests.registry_fixture import make_registry

T1 = dt.datetime(2026, 3, 1, 12, tzinfo=dt.timezone.utc)
T2 = dt.datetime(2026, 3, 2, 12, tzinfo=dt.timezone.utc)


def _model(mid: str, name: str, price: float | None = 1.0) -> dict:
    return {"id": mid, "name": name, "provider": "P", "family": None, "status": "active", "releaseDate": None,
            "trainingCutoff": None, "isOpenSource": False, "capabilities": ["text"],
            "specs": {"contextWindow": 1000, "maxOutputTokens": None, "pricing": {"input": price, "output": None, "cacheInput": None, "cacheOutput": None}},
            "apiSupport": {"reasoning": None, "vision": None, "tools": None, "structuredOutput": None, "attachment": None}, "coverage": 1.0}


def _score(mid: str, bench: str, score: float, source: str = "aider", variant: str | None = None, version: str | None = None) -> dict:
    return {"modelId": mid, "benchmarkId": bench, "score": score, "sourceId": source, "variant": variant, "benchmarkVersion": version}


PREVIOUS = {
    "generated_at": "2026-03-01T12:00:00Z",
    "models": [_model("a", "A"), _model("b", "B")],
    "scores": [_score("a", "gpqa-diamond", 50.0), _score("a", "hle", 10.0), _score("b", "hle", 20.0)],
    "sources": [{"id": "aider", "status": "live"}, {"id": "lmarena", "status": "live"}],
}


def test_a_build_that_adds_a_model_removes_a_score_and_changes_a_value():
    """Build 2: model c is new; a's hle score is gone; b's hle went from 20 to 25; a's price changed;
    lmarena fell back to its snapshot. Nothing else is a change."""
    models = [_model("a", "A", price=2.0), _model("b", "B"), _model("c", "C")]
    scores = [_score("a", "gpqa-diamond", 50.0), _score("b", "hle", 25.0), _score("c", "hle", 5.0)]
    sources = [{"id": "aider", "status": "live"}, {"id": "lmarena", "status": "fallback"}]
    got = changes.diff(PREVIOUS, models, scores, sources)
    rows = got.select("kind", "model_id", "benchmark_id", "field", "old", "new").rows()
    assert rows == [
        ("model_added", "c", None, None, None, "C"),
        ("model_changed", "a", None, "specs", json.dumps(_model("a", "A")["specs"], sort_keys=True, separators=(",", ":")),
         json.dumps(_model("a", "A", 2.0)["specs"], sort_keys=True, separators=(",", ":"))),
        ("score_added", "c", "hle", None, None, "5.0"),
        ("score_removed", "a", "hle", None, "10.0", None),
        ("score_changed", "b", "hle", "score", '{"score":20.0,"sourceId":"aider"}', '{"score":25.0,"sourceId":"aider"}'),
        ("source_fallback", None, None, "status", "live", "fallback"),
    ]
    assert set(got["previous_generated_at"]) == {"2026-03-01T12:00:00Z"}


def test_facts_the_api_starts_publishing_re_describe_no_model_but_a_change_after_that_does():
    """When the API gained `licence` and `specs.parameters`, every open model's summary had values the previous build
    had no field for: none of that is a change (a consumer would have read 600 models re-described). Once both builds
    publish the fields, a value that moves is."""
    def gained(model, licence, parameters):
        return {**model, "licence": licence, "specs": {**model["specs"], "parameters": parameters}}

    models = [gained(_model("a", "A"), "apache-2.0", 7_000_000_000), gained(_model("b", "B"), None, None)]
    scores = PREVIOUS["scores"]
    assert changes.diff(PREVIOUS, models, scores, PREVIOUS["sources"]).is_empty()
    # a value the previous build had published changes as before, beside the new fields
    moved = [gained(_model("a", "A", price=2.0), "apache-2.0", 7_000_000_000), models[1]]
    got = changes.diff(PREVIOUS, moved, scores, PREVIOUS["sources"]).select("model_id", "field", "old", "new").rows()
    assert got == [("a", "specs", json.dumps(_model("a", "A")["specs"], sort_keys=True, separators=(",", ":")),
                    json.dumps(_model("a", "A", 2.0)["specs"], sort_keys=True, separators=(",", ":")))]
    # the next build, with both fields published before: a licence or a count that moves is a change
    after = {**PREVIOUS, "models": models}
    relicensed = [gained(_model("a", "A"), "mit", 7_000_000_000), gained(_model("b", "B"), None, 8_000_000_000)]
    rows = changes.diff(after, relicensed, scores, PREVIOUS["sources"]).select("model_id", "field", "old", "new").rows()
    assert [(m, f, o, n) for m, f, o, n in rows if f == "licence"] == [("a", "licence", '"apache-2.0"', '"mit"')]
    assert [(m, f) for m, f, _, _ in rows if f == "specs"] == [("b", "specs")]


def test_a_score_that_now_measures_another_setting_or_release_is_a_change():
    """The same value from the same source, now said to be in aider's whole-file format, is a change of the score
    (field `variant`, its old and new setting as JSON); a new value on LiveBench's next release is a change of both
    (`score` and `benchmarkVersion`); a score unchanged in every field is none."""
    previous = {**PREVIOUS, "scores": [_score("g", "aider-polyglot", 61.9, "llm-stats"),
                                       _score("c", "livebench", 75.9, "livebench", "thinking-64k-high", "2025-11-25"),
                                       _score("d", "hle", 10.0, "llm-stats", "with tools")]}
    scores = [_score("g", "aider-polyglot", 61.9, "llm-stats", "whole"),
              _score("c", "livebench", 76.8, "livebench", "thinking-64k-high", "2026-01-08"),
              _score("d", "hle", 10.0, "llm-stats", "with tools")]
    got = changes.diff(previous, previous["models"], scores, previous["sources"])
    assert got.select("kind", "model_id", "benchmark_id", "source_id", "field", "old", "new").rows() == [
        ("score_changed", "c", "livebench", "livebench", "score", '{"score":75.9,"sourceId":"livebench"}', '{"score":76.8,"sourceId":"livebench"}'),
        ("score_changed", "c", "livebench", "livebench", "benchmarkVersion", '"2025-11-25"', '"2026-01-08"'),
        ("score_changed", "g", "aider-polyglot", "llm-stats", "variant", "null", '"whole"'),
    ]


def test_two_names_of_one_benchmark_merged_are_one_change_and_moved_scores_none():
    """The build before published Nova Pro's BBH under llm-stats' `bbh` and Gemma 3n's under `big-bench-hard`;
    merged (catalog/benchmark_former_ids.csv), both are BIG-Bench Hard's: the feed says the id was merged,
    and a score that only moved is no change. A pair that had a score under both ids keeps the one under the
    benchmark's id, and the merged build's winner is compared with it."""
    former = dict(zip(*(catalog.benchmark_former_ids()[c].to_list() for c in ("former_id", "benchmark_id"))))
    previous = {**PREVIOUS, "benchmarks": ["bbh", "big-bench-hard", "hle"],
                "scores": [_score("nova-pro", "bbh", 86.9, "llm-stats"), _score("gemma-3n-e4b-it", "big-bench-hard", 52.9, "llm-stats"),
                           _score("x", "bbh", 80.0, "llm-stats"), _score("x", "big-bench-hard", 81.0, "llm-stats")]}
    scores = [_score("nova-pro", "big-bench-hard", 86.9, "llm-stats"), _score("gemma-3n-e4b-it", "big-bench-hard", 52.9, "llm-stats"),
              _score("x", "big-bench-hard", 80.0, "deepseek-v3-card")]
    got = changes.diff(previous, previous["models"], scores, previous["sources"], former)
    assert got.select("kind", "model_id", "benchmark_id", "field", "old", "new").rows() == [
        ("benchmark_merged", None, "big-bench-hard", "id", "bbh", "big-bench-hard"),
        ("score_changed", "x", "big-bench-hard", "source", '{"score":81.0,"sourceId":"llm-stats"}', '{"score":80.0,"sourceId":"deepseek-v3-card"}'),
    ]
    # without the former ids, the same builds read as a benchmark's scores removed and another's added
    plain = changes.diff(previous, previous["models"], scores, previous["sources"])
    assert sorted(set(plain["kind"])) == ["score_added", "score_changed", "score_removed"]


def test_an_unchanged_rebuild_records_nothing_and_the_first_build_is_the_baseline(tmp_path):
    same = changes.diff(PREVIOUS, PREVIOUS["models"], PREVIOUS["scores"], PREVIOUS["sources"])
    assert same.is_empty()
    assert changes.diff(None, PREVIOUS["models"], PREVIOUS["scores"], PREVIOUS["sources"]).is_empty()
    path = changes.log_path(tmp_path)
    assert changes.append_log(path, same) == 0 and not path.exists()


def test_the_log_feeds_the_latest_changes_and_a_day_per_body(tmp_path):
    path = changes.log_path(tmp_path)
    first = changes.stamped(changes.diff(PREVIOUS, PREVIOUS["models"] + [_model("c", "C")], PREVIOUS["scores"], PREVIOUS["sources"]),
                            "2026-03-01T13:00:00Z")
    after_first = {**PREVIOUS, "generated_at": "2026-03-01T13:00:00Z", "models": PREVIOUS["models"] + [_model("c", "C")]}
    second = changes.stamped(changes.diff(after_first, PREVIOUS["models"], PREVIOUS["scores"], PREVIOUS["sources"]), "2026-03-02T12:00:00Z")
    assert changes.append_log(path, first) == 1 and changes.append_log(path, second) == 1  # c added, then removed
    log = changes.read_log(path)
    assert changes.latest_build(log).select("kind", "model_id").rows() == [("model_removed", "c")]
    days = changes.by_day(log, T2.date())
    assert sorted(days) == ["2026-03-01", "2026-03-02"]
    # a day older than the retention window (30 days up to today) is no longer published
    assert sorted(changes.by_day(log, dt.date(2026, 3, 31))) == ["2026-03-02"]
    reg = dataclasses.replace(make_registry(), changes_log=log)
    bodies = builders.changes_bodies(reg, T2)
    assert bodies["/api/v1/changes"]["previousGeneratedAt"] == "2026-03-01T13:00:00Z"
    assert bodies["/api/v1/changes"]["generatedAt"] == "2026-03-02T12:00:00Z"
    for url, body in bodies.items():
        validator(schema_for_url(url)).validate(json.loads(serialize(body)))
    assert bodies["/api/v1/changes/2026-03-01"]["changes"][0]["kind"] == "model_added"


def test_two_runs_of_the_pipeline_publish_the_second_runs_changes(tmp_path):
    """Run 1 without aider's snapshot, run 2 with it: the changes feed lists aider's scores as added
    (and nothing else as removed), with run 1's generatedAt as the previous build; the warehouse keeps them."""
    import shutil

    import duckdb

    from registry_pipeline_tests.conftest import RAW, copy_raw
    from registry_pipeline_tests.pipeline_runner import run_pipeline

    others = [p.name for p in RAW.iterdir() if p.is_dir() and p.name != "aider"]
    data = copy_raw(tmp_path / "data", others)
    assert run_pipeline(data).success
    api = data / "warehouse" / "api" / "v1"
    first_meta = json.loads((api / "meta" / "index.json").read_bytes())
    assert json.loads((api / "changes" / "index.json").read_bytes())["total"] == 0  # the first build is the baseline
    shutil.copytree(RAW / "aider", data / "raw" / "aider")
    assert run_pipeline(data).success
    body = json.loads((api / "changes" / "index.json").read_bytes())
    validator("changes").validate(body)
    assert body["previousGeneratedAt"] == first_meta["generatedAt"]
    kinds = {c["kind"] for c in body["changes"]}
    assert "score_added" in kinds and "score_removed" not in kinds
    assert {c["sourceId"] for c in body["changes"] if c["kind"] == "score_added"} >= {"aider"}
    etree, atom = _atom()
    assert atom.validate(etree.parse(str(api / "changes.xml"))), atom.error_log
    day = body["generatedAt"][:10]
    validator("changes-day").validate(json.loads((api / "changes" / day / "index.json").read_bytes()))
    con = duckdb.connect(str(data / "warehouse" / "registry.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM changes WHERE kind = 'score_added'").fetchone()[0] == sum(
            c["kind"] == "score_added" for c in body["changes"])
    finally:
        con.close()


def _atom():
    from lxml import etree

    from registry_pipeline_tests.test_identity_cases import DATA

    return etree, etree.RelaxNG(etree.parse(str(DATA / "atom.rng")))


def test_the_changes_feed_is_valid_atom():
    """One entry per build that changed anything, newest first, valid against RFC 4287's schema; a
    feed with an entry that lacks `updated` is not (the schema can fail)."""
    etree, atom = _atom()
    log = pl.concat([
        changes.stamped(changes.diff(PREVIOUS, PREVIOUS["models"] + [_model("c", "C")], PREVIOUS["scores"], PREVIOUS["sources"]),
                        "2026-03-01T13:00:00Z"),
        changes.stamped(changes.diff(PREVIOUS, PREVIOUS["models"], PREVIOUS["scores"][:2], PREVIOUS["sources"]), "2026-03-02T12:00:00Z"),
    ])
    reg = dataclasses.replace(make_registry(), changes_log=log)
    xml = builders.changes_feed_body(reg)["/api/v1/changes.xml"]
    doc = etree.fromstring(xml.encode("utf-8"))
    assert atom.validate(doc), atom.error_log
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert doc.findtext("a:updated", namespaces=ns) == "2026-03-02T12:00:00Z"
    entries = doc.findall("a:entry", ns)
    assert [e.findtext("a:updated", namespaces=ns) for e in entries] == ["2026-03-02T12:00:00Z", "2026-03-01T13:00:00Z"]
    assert entries[0].findtext("a:title", namespaces=ns) == "1 changes: 1 score removed"
    assert "score_removed b hle aider: 20.0 -> (none)" in entries[0].findtext("a:content", namespaces=ns)
    broken = etree.fromstring(xml.encode("utf-8"))
    first = broken.find("a:entry", ns)
    first.remove(first.find("a:updated", ns))
    assert not atom.validate(broken)
    # unchanged input, same bytes
    assert builders.changes_feed_body(reg)["/api/v1/changes.xml"] == xml
