"""The whole pipeline, run as Dagster assets on the shipped raw snapshot (offline), checked end to end."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import duckdb
import httpx
import pytest

from registry_pipeline import catalog
from registry_pipeline.publish.routes import schema_for_url
from registry_pipeline.sources import all_sources
from registry_pipeline.publish.schemas import SCHEMA_NAMES, validator
from registry_pipeline.transform import id_ledger
from registry_pipeline_tests.conftest import RAW, copy_raw
from registry_pipeline_tests.leaderboard_reference import on_score_scale, reference_fit
from registry_pipeline_tests.pipeline_runner import RecordedHttp, run_pipeline

# the only files carrying generatedAt/exportedAt
STAMPED = {"v1/meta/index.json", "v1/export/index.json"}


def api_file(api: Path, url_path: str) -> Path:
    return api / "v1" / url_path / "index.json" if url_path else api / "v1" / "index.json"


def load(api: Path, url_path: str) -> dict:
    return json.loads(api_file(api, url_path).read_bytes())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    data = copy_raw(tmp_path_factory.mktemp("data"))
    result = run_pipeline(data)
    assert result.success
    return data


def tree_bytes(api: Path) -> dict[str, bytes]:
    return {str(p.relative_to(api)): p.read_bytes() for p in sorted(api.rglob("*")) if p.is_file()}


def test_every_body_validates_against_its_schema(built):
    api = built / "warehouse" / "api"
    assert SCHEMA_NAMES, "JSON Schemas ship with the package"
    routes = json.loads((api / "routes.json").read_text())
    checked = 0
    for url, route in routes.items():
        assert (api / route["file"]).is_file(), url
        if url.endswith((".csv", ".xml", ".parquet")) or url == "/api/v1/openapi.json":  # CSV, Atom, Parquet; OpenAPI (test_openapi)
            continue
        name = schema_for_url(url)
        assert name in SCHEMA_NAMES, f"no schema for {url}"
        validator(name).validate(json.loads((api / route["file"]).read_bytes()))
        checked += 1
    models = load(api, "models")["total"]
    aliases = sum(1 for url in routes if url.startswith("/api/v1/models/") and not url.endswith(".json")) - models
    # every model and alias twice (detail, slice); index, meta, models, categories, sources, benchmarks, scores,
    # export, crosswalk, review, conflicts, changes (and one body per day with changes); one board per category
    days = sum(1 for url in routes if url.startswith("/api/v1/changes/"))
    # and one body per benchmark and per former id of one
    benchmarks = load(api, "benchmarks")["benchmarks"]
    per_benchmark = len(benchmarks) + sum(len(b["formerIds"]) for b in benchmarks)
    assert per_benchmark == sum(1 for url in routes if url.startswith("/api/v1/benchmarks/")) > 0
    assert checked == 2 * (models + aliases) + 12 + days + len(list((api / "v1" / "leaderboards").iterdir())) + per_benchmark


def test_registry_has_models_scores_and_leaderboards(built):
    api = built / "warehouse" / "api"
    meta = load(api, "meta")
    assert meta["counts"]["models"] >= 20
    assert meta["counts"]["sources"] == len(all_sources())
    scores = load(api, "scores")["scores"]
    sources = {s["sourceId"] for s in scores}
    assert {"artificial-analysis", "aider"} <= sources
    # the maker's record, not a reseller's: Claude Opus 4.5 is listed once, with Anthropic's facts
    model = load(api, "models/claude-opus-4-5")["model"]
    assert model["provider"] == "Anthropic"
    assert model["specs"]["contextWindow"] == 200000
    assert model["specs"]["pricing"]["input"] == 5
    assert model["scores"]["gpqa-diamond"]["sourceId"] == "artificial-analysis"


def test_scores_reference_existing_models_and_benchmarks(built):
    api = built / "warehouse" / "api"
    models = {m["id"] for m in load(api, "models")["models"]}
    benchmarks = {b["id"]: b for b in load(api, "benchmarks")["benchmarks"]}
    scores = load(api, "scores")["scores"]
    assert scores
    for row in scores:
        assert row["modelId"] in models
        assert row["benchmarkId"] in benchmarks
        assert row["verified"] == (row["verificationLevel"] == "third_party")
        assert row["isArtificialAnalysis"] == (row["sourceId"] == "artificial-analysis")
    pairs = [(r["modelId"], r["benchmarkId"]) for r in scores]
    assert len(pairs) == len(set(pairs)), "one published score per (model, benchmark)"
    assert load(api, "meta")["latestScoreDate"] == max(r["asOfDate"] for r in scores)


def _normalized(score: float, b: dict, digits: int | None = 1) -> float:
    hi, lo, m = b["maxScore"], b["minScore"] or 0, b["normalizeMethod"]
    if m == "max":
        v = score / hi * 100
    elif m in ("minmax", "elo"):
        v = (score - lo) / (hi - lo) * 100
    else:
        v = (hi - score) / hi * 100
    if not b["higherIsBetter"] and m != "inverse":
        v = 100 - v
    v = min(100.0, max(0.0, v))
    return v if digits is None else round(v, digits)


def test_normalized_score_recomputed_from_the_formula(built):
    api = built / "warehouse" / "api"
    benchmarks = {b["id"]: b for b in load(api, "benchmarks")["benchmarks"]}
    for row in load(api, "scores")["scores"]:
        # published to one decimal: within half a step of the exact value (a value on the half rounds either way)
        assert row["normalizedScore"] == pytest.approx(_normalized(row["score"], benchmarks[row["benchmarkId"]], digits=None), abs=0.0501)


def _compared_on(scores: list[dict]) -> dict[tuple[str, str], str]:
    """Each score's benchmark as the fit compares it: a benchmark whose scores name dated releases (LiveBench's)
    is compared release by release, an older release or one not said being a benchmark of its own; a score on a
    window of LiveCodeBench's problems ("2024-08/2025-05") is compared on that window."""
    def day(v):
        try:
            return dt.date.fromisoformat(v) if v else None
        except ValueError:
            return None
    newest: dict[str, dt.date] = {}
    for r in scores:
        if (d := day(r["benchmarkVersion"])) is not None and d > newest.get(r["benchmarkId"], dt.date.min):
            newest[r["benchmarkId"]] = d
    def window(v):
        start, _, end = (v or "").partition("/")
        return all(len(m) == 7 and m[4] == "-" and m[:4].isdigit() and m[5:].isdigit() for m in (start, end))
    return {(r["modelId"], r["benchmarkId"]): r["benchmarkId"]
            if not window(r["benchmarkVersion"]) and (r["benchmarkId"] not in newest or day(r["benchmarkVersion"]) == newest[r["benchmarkId"]])
            else f"{r['benchmarkId']}@{r['benchmarkVersion'] or 'unnamed'}" for r in scores}


def _under_protocol(variant: str | None) -> bool:
    """A setting none of whose parts names tools, more than one attempt (`cons@64`, `pass@5`) or a subset of
    the questions (`text-only`)."""
    for part in (variant or "").split("; "):
        if part in ("with tools", "multiple attempts", "text-only"):
            return False
        kind, _, k = part.partition("@")
        if kind in ("cons", "maj", "pass") and k.isdigit() and int(k) > 1:
            return False
    return True


def test_leaderboards_recomputed_from_the_scores(built):
    api = built / "warehouse" / "api"
    benchmarks = load(api, "benchmarks")["benchmarks"]
    scores = load(api, "scores")["scores"]
    compared_on = _compared_on(scores)
    categories = {}
    for b in benchmarks:
        categories.setdefault(b["category"], set()).add(b["id"])
    boards = {p.parent.name: json.loads(p.read_bytes()) for p in (api / "v1" / "leaderboards").glob("*/index.json")}
    # every catalogue category has a board, even one with no benchmark yet
    assert "all" in boards and len(boards) == catalog.categories().height + 1
    for slug, board in boards.items():
        bench_ids = {b["id"] for b in benchmarks} if slug == "all" else categories.get(board["category"], set())
        assert board["benchmarkCount"] == len(bench_ids)
        by_model: dict[str, list[float]] = {}
        for r in scores:
            if r["benchmarkId"] in bench_ids:
                by_model.setdefault(r["modelId"], []).append(r["normalizedScore"])
        # the fit sees scores under each benchmark's protocol only (not with tools, over several attempts or on a subset)
        # and compares a benchmark's releases apart
        on_board = {(r["modelId"], compared_on[(r["modelId"], r["benchmarkId"])]): r["normalizedScore"] for r in scores
                    if r["benchmarkId"] in bench_ids and _under_protocol(r["variant"])}
        mu, effect, _ = reference_fit(on_board) if on_board else (None, {}, {})
        assert {e["modelId"] for e in board["leaderboard"]} == set(by_model)
        for e in board["leaderboard"]:
            vals = by_model[e["modelId"]]
            assert e["scoreCount"] == len(vals)
            # rounded to 1 dp: within 0.05 of the exact mean
            assert e["average"] == pytest.approx(sum(vals) / len(vals), abs=0.0501)
            assert e["coverage"] == pytest.approx(round(len(vals) / len(bench_ids) * 100, 1), abs=0.051)
            # the benchmark-adjusted fit, worked out independently (leaderboard_reference.py)
            # (a board with no score under its benchmarks' protocol has no fit: its entries stand at their average)
            expected = on_score_scale(mu + effect.get(e["modelId"], 0.0)) if mu is not None else e["average"]
            assert e["rankScore"] == pytest.approx(expected, abs=0.06)
        ranks = [e["rank"] for e in board["leaderboard"]]
        assert ranks == list(range(1, len(ranks) + 1))
        keys = [(-e["rankScore"], -e["average"], -e["coverage"], e["modelName"]) for e in board["leaderboard"]]
        assert keys == sorted(keys)


def test_one_high_score_does_not_top_the_global_board(built):
    """Thin coverage is pulled towards the board mean: a single score cannot outrank a model with
    a slightly lower average over many benchmarks. (Two scores on hard benchmarks can: Claude Opus 4.8's
    ARC-AGI-2 72.1, the board's best, leads the shipped registry.)"""
    board = load(built / "warehouse" / "api", "leaderboards/all")["leaderboard"]
    top = board[0]
    assert top["scoreCount"] > 1
    thin = [e for e in board if e["scoreCount"] <= 2]
    # a high average over one or two scores is ranked below a lower average over many benchmarks
    assert any(
        e["scoreCount"] >= 5 and e["average"] < few["average"] and e["rank"] < few["rank"] for few in thin for e in board
    )


def test_model_coverage_and_slices(built):
    api = built / "warehouse" / "api"
    n_bench = len(load(api, "benchmarks")["benchmarks"])
    scores = load(api, "scores")["scores"]
    for m in load(api, "models")["models"]:
        n = sum(1 for r in scores if r["modelId"] == m["id"])
        assert m["coverage"] == pytest.approx(round(n / n_bench * 100, 1), abs=0.051)
        slice_file = api / "v1" / "models" / f"{m['id']}.json"
        assert slice_file.stat().st_size < 1024, slice_file
        assert json.loads(slice_file.read_bytes())["id"] == m["id"]


def test_warehouse_tables_and_views(built):
    con = duckdb.connect(str(built / "warehouse" / "registry.duckdb"), read_only=True)
    try:
        counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in (
            "models", "benchmarks", "categories", "sources", "score_observations", "scores", "rejects",
            "model_aliases", "model_review", "score_conflicts", "source_runs", "leaderboards")}
        assert counts["scores"] > 0 and counts["score_observations"] >= counts["scores"]
        # every observation keeps its provenance
        missing = con.execute(
            "select count(*) from score_observations where source_id is null or raw_model_name is null "
            "or raw_value is null or verification_level is null or as_of_date is null or file_sha256 is null"
        ).fetchone()[0]
        assert missing == 0
        # published scores match the API
        api_scores = load(built / "warehouse" / "api", "scores")["total"]
        assert counts["scores"] == api_scores
        wide = con.execute("select * from model_benchmark_wide").fetchall()
        assert len(wide) == counts["models"]  # models without scores too
        # plain identifiers: no quoting for hyphenated benchmark ids
        aider = con.execute("select aider_polyglot from model_benchmark_wide where model_id = 'gpt-5'").fetchone()[0]
        assert aider == con.execute(
            "select normalized_score from scores where model_id = 'gpt-5' and benchmark_id = 'aider-polyglot'").fetchone()[0]
        assert con.execute("select count(*) from latest_scores_per_source").fetchone()[0] > 0
        # the architect pair cannot be one model: it waits for review, it is not dropped
        review = con.execute("select raw_model_name from model_review where source_id = 'aider'").fetchall()
        assert any("+" in r[0] for r in review)
    finally:
        con.close()


def readme_sql_examples() -> list[str]:
    """The statements of the README's ```sql blocks (the warehouse examples a newcomer copies), comments dropped."""
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```sql\n(.*?)^```", text, flags=re.S | re.M)
    statements = [s.strip() for b in blocks for s in re.sub(r"--[^\n]*", "", b).split(";")]
    return [s for s in statements if s]


def test_every_readme_sql_example_answers_on_the_shipped_build(built):
    examples = readme_sql_examples()
    assert len(examples) >= 10
    con = duckdb.connect(str(built / "warehouse" / "registry.duckdb"), read_only=True)
    try:
        empty = [sql for sql in examples if not con.execute(sql).fetchall()]
    finally:
        con.close()
    assert not empty, f"README examples with no rows on the shipped build: {empty}"


def test_reject_summary_counts_rejects_by_cause_not_by_row(built):
    con = duckdb.connect(str(built / "warehouse" / "registry.duckdb"), read_only=True)
    try:
        rejects = con.execute("select count(*), count(distinct reason) from rejects").fetchone()
        summary = con.execute("select source_id, stage, kind, n, example from reject_summary").fetchall()
        aliases = con.execute(
            "select count(*), count(distinct reject_kind(reason)) from rejects where source_id = 'catalog' "
            "and reason like 'catalog/model_aliases.csv: %'").fetchone()
    finally:
        con.close()
    # a reason names its row and values: grouped by reason, the rows would hardly add up
    assert rejects[1] > len(summary) * 2 and sum(r[3] for r in summary) == rejects[0]
    # the curated aliases whose model the shipped snapshot lacks: one cause, each naming another model id
    assert aliases[0] > 1 and aliases[1] == 1
    assert not [r[2] for r in summary if re.search(r"[0-9]", r[2])]  # no dates, numbers or versioned ids left
    assert [r[3] for r in summary] == sorted((r[3] for r in summary), reverse=True)
    # the example keeps what the kind masks: the model id the catalog's entry names
    alias = [r for r in summary if r[2].startswith("curated alias points at")]
    assert len(alias) == 1 and re.search(r"not in the registry: \S*[0-9]", alias[0][4]) and alias[0][2].endswith(": #")


def test_a_cards_base_model_table_is_never_the_chat_models_scores(built):
    """The card's base-model column ("DeepSeek-V3") is DeepSeek-V3 Base's (a listing of it is shipped; before it was,
    the column waited for review) and never DeepSeek-V3's scores, and the base columns of Qwen2.5 72B and Llama 3.1
    405B are their base models (the Hub source reads their repos), never their instruct models'."""
    con = duckdb.connect(str(built / "warehouse" / "registry.duckdb"), read_only=True)
    try:
        rows = con.execute(
            "select distinct raw_model_name, model_id from score_observations where source_id = 'deepseek-v3-card' "
            "and raw_model_name in ('deepseek-v3-base', 'qwen2.5-72b', 'llama-3.1-405b')"
        ).fetchall()
        chat = con.execute(
            "select count(*) from score_observations where source_id = 'deepseek-v3-card' and raw_model_name = 'deepseek-v3' "
            "and model_id = 'deepseek-v3'"
        ).fetchone()[0]
    finally:
        con.close()
    assert sorted(rows) == [("deepseek-v3-base", "deepseek-v3-base"), ("llama-3.1-405b", "llama-3-1-405b"), ("qwen2.5-72b", "qwen2-5-72b")]
    assert chat > 0  # the chat table's column is DeepSeek-V3's


def test_a_model_the_shipped_listings_lack_is_no_neighbours_and_no_score_predates_its_model(built):
    """`make run`'s data lists fewer models than the recordings, and a maker's page, a leaderboard or a catalogue
    named models it lacked before its excerpts listed them (Grok 4 Fast, Kimi K2 Thinking, the November GPT-4o,
    Phi-4-reasoning, the pre-trained Gemma 3n E2B). Each is its own model now, and was a name to review then, never the
    neighbour its name contains: Grok 4 (whose release date was Grok 4 Fast's), Kimi K2 or Phi-4 with their thinking
    on, Gemma 3n E2B IT, the August GPT-4o (the mechanisms, for a build that lacks the model: test_identity,
    test_model_metadata). And no published score is dated before its model existed: LiveBench's shipped snapshot,
    dated 2026-01-08 though its table carried Claude Opus 4.6 (released 2026-02-05), is LiveBench's commit of
    2026-02-20."""
    con = duckdb.connect(str(built / "warehouse" / "registry.duckdb"), read_only=True)
    try:
        names = con.execute(
            "select distinct source_id, raw_model_name, model_id from score_observations where (source_id, raw_model_name) in "
            "(('vendor-xai', 'grok-4-fast'), ('vendor-moonshot', 'kimi-k2-thinking'), ('livebench', 'kimi-k2-thinking'), "
            "('vendor-microsoft', 'phi-4-reasoning'), ('vendor-google', 'gemma-3n-e2b'), ('llm-stats', 'gpt-4o-2024-11-20'))"
        ).fetchall()
        grok = con.execute("select release_date from models where id = 'grok-4'").fetchone()[0]
        early = con.execute(
            "select s.model_id, s.benchmark_id, s.source_id, s.as_of_date, m.release_date from scores s join models m on m.id = s.model_id "
            "where s.as_of_date < m.release_date - interval 3 day"
        ).fetchall()
    finally:
        con.close()
    assert sorted(names, key=str) == sorted([
        ("vendor-xai", "grok-4-fast", "grok-4-fast"), ("vendor-moonshot", "kimi-k2-thinking", "kimi-k2-thinking"),
        ("livebench", "kimi-k2-thinking", "kimi-k2-thinking"), ("vendor-microsoft", "phi-4-reasoning", "phi-4-reasoning"),
        ("vendor-google", "gemma-3n-e2b", "gemma-3n-e2b"), ("llm-stats", "gpt-4o-2024-11-20", "gpt-4o-20241120")], key=str)
    assert grok == dt.date(2025, 7, 9)
    assert early == []


def test_rerun_is_byte_identical_apart_from_stamps(built):
    api = built / "warehouse" / "api"
    before = tree_bytes(api)
    inodes = {k: (api / k).stat().st_ino for k in before}
    assert run_pipeline(built).success
    after = tree_bytes(api)
    assert before.keys() == after.keys()
    changed = {k for k in before if before[k] != after[k]}
    assert changed <= STAMPED, changed
    unchanged_rewritten = {k for k in before if k not in STAMPED and (api / k).stat().st_ino != inodes[k]}
    assert not unchanged_rewritten


def test_garbage_payload_does_not_stop_the_run(tmp_path):
    data = copy_raw(tmp_path)
    # a newer aider snapshot whose body is garbage: aider falls back to its older good snapshot
    bad = data / "raw" / "aider" / "2099-01-01" / "000000"
    bad.mkdir(parents=True)
    (bad / "polyglot_leaderboard.yml").write_bytes(b"\x00\x01 not: [yaml")
    good_manifest = json.loads(next((data / "raw" / "aider").glob("*/*/manifest.json")).read_text())
    good_manifest["files"][0]["sha256"] = "0" * 64
    (bad / "manifest.json").write_text(json.dumps(good_manifest))
    # artificial-analysis has nothing but garbage: it fails, the rest still publishes
    for f in (data / "raw" / "artificial-analysis").glob("*/*/models.json"):
        f.write_bytes(b"<html>502 Bad Gateway</html>")
    assert run_pipeline(data).success
    api = data / "warehouse" / "api"
    scores = load(api, "scores")["scores"]
    assert "aider" in {s["sourceId"] for s in scores} and "artificial-analysis" not in {s["sourceId"] for s in scores}
    assert load(api, "meta")["counts"]["models"] >= 20
    con = duckdb.connect(str(data / "warehouse" / "registry.duckdb"), read_only=True)
    try:
        runs = dict(con.execute("select source_id, mode from source_runs").fetchall())
        reasons = [r[0] for r in con.execute("select reason from rejects where source_id = 'artificial-analysis'").fetchall()]
    finally:
        con.close()
    assert runs["artificial-analysis"] == "failed"
    assert runs["aider"] == "fallback"
    assert any("models.json" in r for r in reasons)


def test_live_fetch_through_a_recorded_client(tmp_path):
    """Online mode with the real assets: every source answered from recorded payloads."""
    payloads = {}
    curated = [s.spec.id for s in all_sources() if s.spec.curated]  # never fetched: their files ship in data/raw
    for manifest in RAW.glob("*/*/*/manifest.json"):
        if manifest.parents[2].name in curated:
            continue
        m = json.loads(manifest.read_text())
        for f in m["files"]:
            payloads[f["url"]] = (manifest.parent / f["name"]).read_bytes()
    seen_keys = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen_keys.append(request.headers.get("x-api-key"))
        return httpx.Response(200, content=payloads[str(request.url)], headers={"etag": '"v1"'})

    http = RecordedHttp(handler)
    data = copy_raw(tmp_path / "data", curated)
    result = run_pipeline(data, offline=False, http=http, environ={"ARTIFICIAL_ANALYSIS_API_KEY": "sk-test-secret"})
    assert result.success
    assert len(http.requests) == len(payloads)
    assert "sk-test-secret" in seen_keys
    manifests = list((data / "raw").glob("*/*/*/manifest.json"))
    # every source has its snapshots: one just fetched for each fetched source, the shipped ones of a curated one
    assert {m.parents[2].name for m in manifests} == {s.spec.id for s in all_sources()}
    fetched = [m for m in manifests if m.parents[2].name not in curated]
    assert len(fetched) == len(all_sources()) - len(curated)
    for m in manifests:
        assert "sk-test-secret" not in m.read_text()
    assert load(data / "warehouse" / "api", "meta")["counts"]["sources"] == len(all_sources())
    assert os.listdir(data / "warehouse" / "api")


def test_an_unexpected_fetch_error_falls_back_to_the_snapshot(tmp_path):
    data = copy_raw(tmp_path)

    def explode(request: httpx.Request) -> httpx.Response:
        raise RuntimeError("disk on fire")

    assert run_pipeline(data, offline=False, http=RecordedHttp(explode), environ={"ARTIFICIAL_ANALYSIS_API_KEY": "sk-test"}).success
    con = duckdb.connect(str(data / "warehouse" / "registry.duckdb"), read_only=True)
    try:
        runs = con.execute("select source_id, mode, message from source_runs order by source_id").fetchall()
    finally:
        con.close()
    curated = {s.spec.id for s in all_sources() if s.spec.curated}
    assert [r[1] for r in runs] == ["curated" if sid in curated else "fallback" for sid, *_ in runs]
    assert len(runs) == len(all_sources())
    assert all("disk on fire" in msg for sid, _, msg in runs if sid not in curated)
    assert load(data / "warehouse" / "api", "meta")["counts"]["models"] >= 20


def test_moving_aliases_and_earlier_ids_still_answer(built):
    """`/api/v1/models/{alias}`: the snapshot a maker's alias points to now, and since when; the
    undated names earlier builds published as ids (`claude-3-7-sonnet`) answer with their snapshot."""
    api = built / "warehouse" / "api"
    gpt = load(api, "models/gpt-4o")
    assert gpt["model"]["id"] == "gpt-4o-20240806"
    assert gpt["alias"]["modelId"] == "gpt-4o-20240806" and gpt["alias"]["since"] == "2024-10-02"
    # the history lists the entries whose snapshot is in the registry (both are in the shipped listing)
    assert [(h["modelId"], h["since"]) for h in gpt["alias"]["history"]] == [
        ("gpt-4o-20240513", "2024-05-13"), ("gpt-4o-20240806", "2024-10-02")]
    assert load(api, "models/claude-3-7-sonnet")["model"]["id"] == "claude-3-7-sonnet-20250219"
    opus = load(api, "models/claude-opus-4-5")
    assert opus["model"]["id"] == "claude-opus-4-5-20251101" and opus["alias"]["modelId"] == "claude-opus-4-5-20251101"
    models = {m["id"] for m in load(api, "models")["models"]}
    assert not {"gpt-4o", "claude-opus-4-5", "deepseek-chat", "deepseek-reasoner"} & models  # aliases, not models
    crosswalk = load(api, "crosswalk")
    assert crosswalk["total"] == len(crosswalk["crosswalk"]) > 0
    review = load(api, "review")
    assert all(r["reason"] for r in review["names"])


def test_a_model_only_a_router_prices_is_priced_from_its_listing_and_dated_by_its_launch_page(built):
    """The shipped OpenRouter listing of GPT-5.5 passes OpenAI's price on (rule `maker-via-router`); OpenAI's
    GPT-5.5 page (vendor-openai, 2026-04-23) dates it, the day the listing's snapshot states too
    (`openai/gpt-5.5-20260423`, listed the next day; rule `router-snapshot` where no page dates a model). (The id
    earlier builds published for it from ARC Prize's dated label, `gpt-5-5-20260423`, is a former id in the
    shipped ledger, data/ids/models.csv.)"""
    api = built / "warehouse" / "api"
    gpt = load(api, "models/gpt-5-5")["model"]
    assert gpt["releaseDate"] == "2026-04-23" and (gpt["specs"]["pricing"]["input"], gpt["specs"]["pricing"]["output"]) == (5.0, 30.0)
    sources = gpt["fieldSources"]
    assert {sources[f]["rule"] for f in ("specs.pricing.input", "specs.pricing.output")} == {"maker-via-router"}
    assert sources["specs.pricing.input"]["nativeId"] == "openai/gpt-5.5"
    assert (sources["releaseDate"]["rule"], sources["releaseDate"]["sourceId"]) == ("launch-page", "vendor-openai")


def test_every_published_model_id_is_in_the_ledger(built):
    """The ledger of published ids (data/ids/models.csv) holds every model id the API publishes."""
    ledger = id_ledger.read_ledger(id_ledger.ledger_path(built))
    models = {m["id"] for m in load(built / "warehouse" / "api", "models")["models"]}
    assert models <= set(ledger["id"]) and ledger["id"].is_unique().all()


def test_settings_are_visible_on_every_score_and_listed_on_the_model(built):
    """aider's 32k-thinking run of Claude 3.7 Sonnet ("32k thinking tokens", published as LMArena and ARC Prize
    write a thinking budget: `thinking-32k`) and AA's default runs share one model page: each score says which
    setting it measured, and the model lists the settings that have scores."""
    detail = load(built / "warehouse" / "api", "models/claude-3-7-sonnet-20250219")["model"]
    assert detail["scores"]["aider-polyglot"]["variant"] == "thinking-32k"
    assert detail["scores"]["gpqa-diamond"]["variant"] is None  # AA's default setting
    settings = {v["variant"] for v in detail["variants"]}
    assert {None, "thinking-32k", "non-thinking"} <= settings
    rows = [r for r in load(built / "warehouse" / "api", "scores")["scores"] if r["modelId"] == "claude-3-7-sonnet-20250219"]
    assert {r["benchmarkId"]: r["variant"] for r in rows}["aider-polyglot"] == "thinking-32k"


def test_conflicts_are_published_largest_gap_first_and_marked_on_the_model(built):
    api = built / "warehouse" / "api"
    body = load(api, "conflicts")
    assert body["total"] == len(body["conflicts"])
    gaps = [c["normalizedGap"] for c in body["conflicts"]]
    assert gaps == sorted(gaps, reverse=True)
    for c in body["conflicts"]:
        assert c["gap"] > c["tolerance"] and len({v["sourceId"] for v in c["values"]}) >= 2
        assert sum(v["winner"] for v in c["values"]) == 1
        detail = load(api, f"models/{c['modelId']}")["model"]
        assert c["benchmarkId"] in detail["disputedScores"]
