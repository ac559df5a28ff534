"""Two names of one benchmark are one benchmark, and the id dropped keeps answering (real recordings).

llm-stats files BIG-Bench Hard under `bbh` for some makers and `big-bench-hard` for others, DeepSeek-V3's card
calls it BBH, Qwen's pages spell Video-MME `videomme`: each was a benchmark of its own, on the board twice, each
with part of the scores. Merged, the rows of every name are the benchmark's; the id published before is a
former id of it (`formerIds`, the scores filters, warehouse `benchmark_former_ids`); an id that the catalogue
drops without saying where it went is listed as retired.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from pathlib import Path

import orjson
import polars as pl
import pytest

from registry_pipeline import catalog, parse_cache
from registry_pipeline.publish.routes import file_for_url, schema_for_url
from registry_pipeline.publish.schemas import validator
from registry_pipeline.publish.server import make_server
from registry_pipeline.publish.writer import publish
from registry_pipeline.raw_store import RawStore
from registry_pipeline.recording import files_for
from registry_pipeline.schemas import ScoreObservationSchema, split_valid
from registry_pipeline.sources import get_source
from registry_pipeline.sources.base import ParsedSource
from registry_pipeline.staging import contract_columns, stage_source
from registry_pipeline.transform import benchmark_ledger
from registry_pipeline.transform.build import build_registry
from registry_pipeline_tests.conftest import RAW, REPO
from registry_pipeline_tests.recorded import FilesSnapshot

T = dt.datetime(2026, 2, 21, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def result(shared_snapshots):
    llm_stats = get_source("llm-stats")
    files, _ = files_for(llm_stats, [str(shared_snapshots / "llm-stats")])
    card = (shared_snapshots / "vendor-model-cards" / "deepseek-v3" / "README.md").read_bytes()
    qwen = RawStore(RAW).snapshots("vendor-qwen")[0]  # the shipped file: Qwen3.5's Video-MME filed as `videomme`
    models_dev = (shared_snapshots / "models-dev" / "api.json").read_bytes()  # the models the card's rows name
    staged = [
        stage_source(get_source("models-dev"), [FilesSnapshot({"api.json": models_dev}, dt.date(2026, 2, 21))], {"mode": "offline"}, "rec"),
        stage_source(llm_stats, [FilesSnapshot({f.name: f.content for f in files}, dt.date(2026, 2, 21))], {"mode": "offline"}, "rec"),
        stage_source(get_source("deepseek-v3-card"), [FilesSnapshot({"README.md": card}, dt.date(2025, 7, 29))], {"mode": "offline"}, "rec"),
        stage_source(get_source("vendor-qwen"), [qwen], {"mode": "offline"}, "rec"),
    ]
    # an earlier build published `bbh` and an id the catalogue has since dropped without a word
    ledger = pl.DataFrame({"id": ["bbh", "big-bench-hard", "no-such-benchmark"], "name": ["BBH", "BIG-Bench Hard", "Gone"],
                           "category": ["Reasoning"] * 3, "first_published": [dt.date(2026, 12, 5)] * 3}, schema=benchmark_ledger.LEDGER_COLUMNS)
    return build_registry(sorted(staged, key=lambda s: s.source_id), benchmark_ids=ledger)


def _rows(result, benchmark_id: str) -> set[tuple[str, str]]:
    """(model, source) of every observation of the benchmark (the published score is one of them)."""
    observations = result.observations.filter(pl.col("benchmark_id") == benchmark_id)
    return set(observations.select("model_id", "source_id").iter_rows())


def test_the_catalogue_publishes_no_former_id_and_every_former_id_names_a_benchmark():
    former = catalog.benchmark_former_ids()
    ids = set(catalog.benchmarks()["id"])
    assert former.height >= 12 and not set(former["former_id"]) & ids and set(former["benchmark_id"]) <= ids
    assert former["note"].str.len_chars().min() > 20
    # no source's crosswalk names a former id: a new row goes to the benchmark itself
    crosswalk = catalog.benchmark_crosswalk("llm-stats")
    assert not set(crosswalk.values()) & set(former["former_id"])
    assert crosswalk["bbh"] == crosswalk["big-bench-hard"] == "big-bench-hard"


def test_every_benchmark_id_ever_published_is_a_benchmark_or_a_former_id_of_one():
    """The shipped ledger holds every id the catalogue has published since 2026-12-05 (bbh, multilf, videomme
    ... among them): dropping a benchmark id without a former-id row fails here, before a build retires it."""
    ledger = benchmark_ledger.read_ledger(benchmark_ledger.ledger_path(REPO / "data"))
    assert {"bbh", "multilf", "videomme", "mmmuval", "big-bench-hard"} <= set(ledger["id"])
    assert benchmark_ledger.retired(ledger, catalog.benchmarks(), catalog.benchmark_former_ids())["id"].to_list() == []


def test_the_rows_of_both_names_are_one_benchmarks(result):
    """llm-stats' `bbh` rows (Nova Pro's) and DeepSeek-V3's card's "BBH" column join llm-stats' `big-bench-hard`
    rows (the pre-trained Gemma 3n E4B's); no score is published under a former id. (Qwen's Qwen3.5 "VideoMME"
    87.5, which a first file filed under the former id `videomme`, is the card's with-subtitles row: videomme-w-sub.)"""
    bbh = _rows(result, "big-bench-hard")
    assert {("nova-pro", "llm-stats"), ("deepseek-v3-base", "deepseek-v3-card"), ("gemma-3n-e4b", "llm-stats")} <= bbh
    assert ("qwen3-5-397b-a17b", "vendor-qwen") in _rows(result, "videomme-w-sub")
    assert ("qwen3-32b", "llm-stats") in _rows(result, "multi-if")  # llm-stats' "MultiLF"
    # Qwen's "CharXiv (RQ)" beside OpenAI's CharXiv-R (llm-stats): CharXiv's reasoning questions
    assert {("qwen3-5-397b-a17b", "vendor-qwen"), ("gpt-4-1", "llm-stats")} <= _rows(result, "charxiv-r")
    # llm-stats' HMMT25 (xAI's, Qwen's) and HMMT 2025 (OpenAI's): HMMT's February 2025 competition
    assert {("grok-4", "llm-stats"), ("gpt-5", "llm-stats")} <= _rows(result, "hmmt-2025")
    # Meta's MBPP on EvalPlus' base tests, which llm-stats files under three ids: the Llama 3.1 card's "MBPP ++ base
    # version" (70B), the Llama 3.3 card's "MBPP EvalPlus (base)" (3.3 70B, and 3.1 405B beside it), 3.1 8B's
    assert {("llama-3-1-70b-instruct", "llm-stats"), ("llama-3-3-70b-instruct", "llm-stats"), ("llama-3-1-405b-instruct", "llm-stats"),
            ("llama-3-1-8b-instruct", "llm-stats")} <= _rows(result, "mbpp-evalplus-base")
    # one row of Meta's Llama 3.1 card (GSM-8K (CoT)) and of its Llama 3.3 card (Multilingual MGSM), which llm-stats
    # files apart; GPT-4's "AI2 Reasoning Challenge (ARC)", the challenge set, beside Claude 3's ARC-Challenge (GPT-4's
    # research post is of its first release, gpt-4-0314: an erratum moves llm-stats' gpt-4-0613 rows of it there)
    assert {("llama-3-1-8b-instruct", "llm-stats"), ("llama-3-1-405b-instruct", "llm-stats")} <= _rows(result, "gsm8k")
    assert {("llama-3-1-8b-instruct", "llm-stats"), ("llama-3-3-70b-instruct", "llm-stats")} <= _rows(result, "mgsm")
    assert {("llama-3-1-70b-instruct", "llm-stats"), ("llama-3-1-405b-instruct", "llm-stats")} <= _rows(result, "math")
    assert ("claude-3-opus-20240229", "llm-stats") in _rows(result, "arc-c")
    # llm-stats' SWE-bench Verified (Agentic Coding): Kimi K2's card's agentic single attempt, the benchmark's protocol
    swe = result.observations.filter((pl.col("benchmark_id") == "swe-bench-verified") & (pl.col("source_id") == "llm-stats"))
    assert ("kimi-k2-0711-preview", 0.658) in set(swe.select("model_id", "raw_value").iter_rows())  # a fraction, as llm-stats writes it
    arc = result.observations.filter((pl.col("benchmark_id") == "arc-c") & (pl.col("source_id") == "llm-stats"))
    assert "gpt-4-0314" in set(arc["raw_model_name"])  # a model of another source: no model in this build
    former = set(catalog.benchmark_former_ids()["former_id"])
    assert not set(result.observations["benchmark_id"]) & former
    assert not set(result.history["benchmark_id"]) & former
    assert {("nova-pro", "big-bench-hard"), ("deepseek-v3-base", "big-bench-hard")} <= set(
        result.registry.scores.filter(pl.col("benchmark_id") == "big-bench-hard").select("model_id", "benchmark_id").iter_rows())
    # one benchmark on its board, counted once
    assert result.registry.benchmarks.filter(pl.col("id").is_in(["bbh", "big-bench-hard"]))["id"].to_list() == ["big-bench-hard"]


def test_an_id_dropped_without_a_word_is_retired_and_a_former_id_is_not(result):
    assert result.retired_benchmark_ids.select("id", "first_published").rows() == [("no-such-benchmark", dt.date(2026, 12, 5))]
    assert "benchmark_former_ids.csv" in result.retired_benchmark_ids["reason"][0]


def test_a_file_reporting_both_names_keeps_one_row_and_quarantines_the_other():
    """A vendor file written with `videomme` and, later in it, `video-mme` for the same model: staged, both are
    Video-MME; the repeat is the contract's reject, never a second score of one row."""
    row = {"source_id": "vendor-qwen", "raw_model_key": "Qwen3.5-397B-A17B", "raw_model_name": "Qwen3.5-397B-A17B",
           "model_hint": None, "provider_hint": "Qwen", "raw_value": 87.5, "raw_unit": "percent", "benchmark_version": None, "variant": None,
           "verification_level": "provider", "as_of_date": dt.date(2026, 2, 16), "source_url": "https://qwen.ai/blog?id=qwen3.5",
           "details": None, "raw_row": "{}"}
    scores = pl.DataFrame([{**row, "benchmark_id": "videomme"}, {**row, "benchmark_id": "video-mme", "raw_value": 84.0}],
                          infer_schema_length=None)
    parsed = ParsedSource(models=pl.DataFrame(), scores=scores, rejects=pl.DataFrame())
    _, staged = contract_columns(parsed)
    good, rejects = split_valid(staged, ScoreObservationSchema)
    assert good.select("benchmark_id", "raw_value").rows() == [("video-mme", 87.5)]
    assert rejects.height == 1


def test_the_former_ids_are_part_of_every_parsers_version():
    """Staging files rows under the current ids, so cached parses (and folds) of every source are redone when a
    former id is added."""
    shared = {p for rel in parse_cache.SHARED_CODE for p in parse_cache._files_of(parse_cache.PACKAGE / rel)}
    assert parse_cache.PACKAGE / "catalog" / "benchmark_former_ids.csv" in shared


@pytest.fixture(scope="module")
def api(result, tmp_path_factory):
    api_dir = tmp_path_factory.mktemp("former") / "api"
    publish(dataclasses.replace(result.registry, build_id="b1"), api_dir, T, durable=False)
    server = make_server(api_dir, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"dir": api_dir, "port": server.server_address[1]}
    server.shutdown()
    server.server_close()


def _get(api, path: str):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", api["port"], timeout=10)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, orjson.loads(r.read())
    finally:
        conn.close()


def test_the_benchmark_lists_its_former_ids_and_they_filter_its_scores(api):
    url = "/api/v1/benchmarks"
    body = orjson.loads((Path(api["dir"]) / file_for_url(url)).read_bytes())
    assert list(validator(schema_for_url(url)).iter_errors(body)) == []
    by_id = {b["id"]: b for b in body["benchmarks"]}
    assert by_id["big-bench-hard"]["formerIds"] == ["bbh"]
    assert by_id["mmmu-val"]["formerIds"] == ["mmmu-validation", "mmmuval"]
    assert by_id["gpqa-diamond"]["formerIds"] == [] and "bbh" not in by_id
    status, old = _get(api, "/api/v1/scores?benchmarkId=bbh")
    _, new = _get(api, "/api/v1/scores?benchmarkId=big-bench-hard")
    assert status == 200 and old == new and old["total"] >= 20
    _, export = _get(api, "/api/v1/export?benchmarkId=bbh")
    assert export["filters"] == {"benchmarkId": "big-bench-hard"} and export["total"] == new["total"]
    # the benchmark's own body answers at its id, its former id and in capitals, with the rows the filter gives
    status, own = _get(api, "/api/v1/benchmarks/big-bench-hard")
    assert status == 200 and own["benchmark"] == by_id["big-bench-hard"]
    assert _get(api, "/api/v1/benchmarks/bbh") == (200, own) == _get(api, "/api/v1/benchmarks/BIG-Bench-Hard")
    key = lambda r: (r["modelId"], r["sourceId"])  # noqa: E731
    assert own["total"] == new["total"] and sorted(own["scores"], key=key) == sorted(new["scores"], key=key)
    assert [r["normalizedScore"] for r in own["scores"]] == sorted((r["normalizedScore"] for r in own["scores"]), reverse=True)
    assert _get(api, "/api/v1/benchmarks/no-such-benchmark")[0] == 404


def test_a_former_id_that_is_a_benchmark_or_names_none_is_refused(monkeypatch):
    real = catalog._read
    bad = (b"former_id,benchmark_id,since,note\n"
           b"mmlu,mmlu-pro,2026-12-05,MMLU is not MMLU-Pro and is a benchmark of its own\n"
           b"bbh,no-such-benchmark,2026-12-05,a benchmark the catalogue does not have\n"
           b"BBH 2,big-bench-hard,2026-12-05,\n")
    monkeypatch.setattr(catalog, "_read", lambda name: bad if name == "benchmark_former_ids.csv" else real(name))
    with pytest.raises(ValueError) as refused:
        catalog.benchmark_former_ids.__wrapped__()
    message = str(refused.value)
    assert "line 2 ('mmlu'): former_id is a catalogue benchmark's id now" in message
    assert "line 3 ('bbh'): benchmark_id 'no-such-benchmark' is no catalogue benchmark" in message
    assert "line 4 ('BBH 2'): former_id is not an id slug" in message and "line 4 ('BBH 2'): since and note" in message


def test_a_models_alias_filters_the_scores_of_the_model_it_points_to(api, result):
    """models.dev's moving alias `claude-sonnet-4-5` answers at /models/claude-sonnet-4-5 with the snapshot it
    points to; the scores filter takes it the same way (it matched nothing before)."""
    aliases = result.registry.model_aliases.filter(pl.col("alias") == "claude-sonnet-4-5")
    assert aliases["model_id"].to_list() == ["claude-sonnet-4-5-20250929"]
    _, by_alias = _get(api, "/api/v1/scores?modelId=claude-sonnet-4-5")
    _, by_id = _get(api, "/api/v1/scores?modelId=claude-sonnet-4-5-20250929")
    assert by_alias == by_id and by_id["total"] >= 5
    _, export = _get(api, "/api/v1/export?modelId=claude-sonnet-4-5&benchmarkId=mmmuval")
    assert export["filters"] == {"modelId": "claude-sonnet-4-5-20250929", "benchmarkId": "mmmu-val"} and export["total"] == 1
    assert _get(api, "/api/v1/scores?modelId=claude-sonnet-9")[1]["total"] == 0


def test_a_run_warns_of_a_published_benchmark_id_that_names_nothing_and_records_the_ids_it_publishes(tmp_path):
    """Through Dagster: the ledger holds `bbh` (a former id: it answers) and an id the catalogue dropped without a
    former-id row; the registry's `benchmark_ids_answer` check warns and names it, and the publish appends every
    benchmark id it published to the ledger, once."""
    from dagster import AssetCheckSeverity

    from registry_pipeline_tests.conftest import copy_raw
    from registry_pipeline_tests.pipeline_runner import run_pipeline

    data = copy_raw(tmp_path, ["aider"])
    path = benchmark_ledger.ledger_path(data)
    path.parent.mkdir(parents=True)
    path.write_text("id,name,category,first_published\nbbh,BBH,Reasoning,2026-12-05\nno-such-benchmark,Gone,Reasoning,2026-12-05\n")
    result = run_pipeline(data)
    (check,) = [e for e in result.get_asset_check_evaluations() if e.check_name == "benchmark_ids_answer"]
    assert check.passed is False and check.severity == AssetCheckSeverity.WARN
    assert check.metadata["ids"].value == ["no-such-benchmark"] and "no-such-benchmark" in check.description
    ledger = benchmark_ledger.read_ledger(path)
    assert ledger.height == 2 + catalog.benchmarks().height and ledger["id"].is_unique().all()
    assert ledger["id"].head(2).to_list() == ["bbh", "no-such-benchmark"]  # appended after the rows before
