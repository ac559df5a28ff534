"""`registry-pipeline run` as a person sees it: one line per step, Dagster's own events only with -v,
a closing summary (sources, counts, failing checks with their reason, where the outputs are), and an
exit status that says whether the registry was built."""

from __future__ import annotations

import gc
import re

from registry_pipeline import cli
from registry_pipeline.publish import builders
from registry_pipeline.sources import all_sources
from registry_pipeline_tests.conftest import copy_raw


def test_a_run_prints_steps_and_a_summary(tmp_path, monkeypatch, capsys):
    data = copy_raw(tmp_path, ["models-dev", "aider"])
    monkeypatch.setenv("REGISTRY_DATA_DIR", str(data))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)  # an ephemeral instance, whatever make exported
    made, collecting = builders.iter_bodies, []

    def bodies(*args, **kwargs):  # the collector while the API's bodies are made
        for body in made(*args, **kwargs):
            collecting.append(gc.isenabled())
            yield body

    monkeypatch.setattr(builders, "iter_bodies", bodies)
    assert cli.main(["run", "--offline"]) == 0
    # no full collections walk the bodies made so far (memory.collections_paused); on again after the run
    assert collecting and not any(collecting) and gc.isenabled()
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == f"registry-pipeline run: offline, from {data / 'raw'}"
    step = {m.group(1): m.group(2) for m in (re.match(r"  (\S+)\s+(.*)", line) for line in lines) if m}
    assert step["staged__aider"].startswith("aider: offline, snapshot ") and "score rows" in step["staged__aider"]
    assert re.match(r"build \d{8}T\d{6}Z-[0-9a-f]{8}: \d+ models", step["registry__build"])
    assert step["api__v1"].startswith("published build ")
    assert "STEP_START" not in out and "__ephemeral_asset_job__" not in out  # Dagster's own events are DEBUG
    # every other source has no snapshot in this data dir: it fails, and the run goes on
    assert re.search(rf"^sources: {len(all_sources()) - 2} failed, 2 offline$", out, re.M)
    assert re.search(r"^models \d+, scores \d+ \(from \d+ observations\), rejects \d+, names to review \d+$", out, re.M)
    # a stale snapshot says how old it is, the limit, and how to refresh
    assert re.search(rf"WARN freshness \({len(all_sources())}\): aider: snapshot \S+ is \d+ days old, the limit is 30; `make run` on a machine with network", out)
    assert re.search(rf"^warehouse {re.escape(str(data))}/warehouse/registry.duckdb \(build \d{{8}}T", out, re.M)
    assert lines[-1] == "registry built" and re.search(r"^took \d+\.\d s$", out, re.M)


def test_a_failed_run_says_why_and_exits_1(tmp_path, monkeypatch, capsys):
    data = copy_raw(tmp_path, ["models-dev"])
    monkeypatch.setenv("REGISTRY_DATA_DIR", str(data))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))  # created by the run when missing
    monkeypatch.setattr(builders, "iter_bodies", lambda *a, **k: (_ for _ in ()).throw(ValueError("no room for the API")))
    assert cli.main(["run", "--offline"]) == 1
    err = capsys.readouterr().err
    assert "failed: api__v1: ValueError: no room for the API" in err
    assert "registry run failed; served now: build none" in err
    assert gc.isenabled()  # the step paused the collector, and failed: it runs again


def test_the_ui_sees_tables_standard_keys_and_the_checks(tmp_path):
    from dagster import NullMetadataValue, TableMetadataValue, TableSchemaMetadataValue

    from registry_pipeline_tests.pipeline_runner import run_pipeline

    data = copy_raw(tmp_path, ["models-dev", "aider"])
    result = run_pipeline(data)
    checks = {(e.asset_key.to_user_string(), e.check_name): e.passed for e in result.get_asset_check_evaluations()}
    assert checks[("warehouse/registry_duckdb", "tables_match_the_build")] is True
    assert checks[("api/v1", "bodies_match_their_schemas")] is True
    assert checks[("registry/build", "published_scores_contract")] is True

    def metadata(key: str) -> dict:
        (event,) = [e for e in result.asset_materializations_for_node(key.replace("/", "__")) if e.asset_key.to_user_string() == key]
        return event.metadata

    staged = metadata("staged/aider")
    assert isinstance(staged["preview"], TableMetadataValue) and staged["preview"].records
    assert isinstance(staged["dagster/column_schema"], TableSchemaMetadataValue)
    assert staged["dagster/row_count"].value > 0
    warehouse = metadata("warehouse/registry_duckdb")
    assert warehouse["dagster/uri"].value == (data / "warehouse" / "registry.duckdb").as_uri()
    assert {r.data["table"] for r in warehouse["tables"].records} >= {"models", "scores", "build_info"}
    # why rows were quarantined, the most frequent cause first: the catalog's entries for models these two sources lack
    kinds = [r.data for r in warehouse["reject_kinds"].records]
    assert kinds and [k["n"] for k in kinds] == sorted((k["n"] for k in kinds), reverse=True)
    assert (kinds[0]["source_id"], kinds[0]["stage"]) == ("catalog", "resolve") and kinds[0]["n"] > 1
    assert kinds[0]["kind"].endswith("points at a model id that is not in the registry: #")  # the id masked
    assert kinds[0]["example"].startswith("catalog/") and not kinds[0]["example"].endswith("#")  # one in full
    api = metadata("api/v1")
    assert api["meta"].value.endswith("/v1/meta/index.json") and api["dagster/uri"].value.endswith("/warehouse/api")
    (raw,) = [e for e in result.asset_materializations_for_node("raw_sources") if e.asset_key.to_user_string() == "raw/aider"]
    assert raw.metadata["mode"].value == "offline" and raw.metadata["snapshot"].value == metadata("staged/aider")["snapshot"].value
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}/\d{6}", raw.metadata["snapshot"].value)
    # a source with nothing on disk (34 of them here) has no snapshot and no age: null, not a made-up text or number
    (lost,) = [e for e in result.asset_materializations_for_node("raw_sources") if e.asset_key.to_user_string() == "raw/epoch_ai"]
    assert isinstance(lost.metadata["snapshot"], NullMetadataValue)
    assert metadata("staged/epoch_ai")["mode"].value == "failed" and isinstance(metadata("staged/epoch_ai")["snapshot"], NullMetadataValue)
    (fresh,) = [e for e in result.get_asset_check_evaluations()
                if e.asset_key.to_user_string() == "staged/epoch_ai" and e.check_name == "freshness"]
    assert not fresh.passed and isinstance(fresh.metadata["age_days"], NullMetadataValue)
    assert isinstance(fresh.metadata["snapshot"], NullMetadataValue)
    (fresh,) = [e for e in result.get_asset_check_evaluations()
                if e.asset_key.to_user_string() == "staged/aider" and e.check_name == "freshness"]
    assert fresh.metadata["age_days"].value > 30 and fresh.metadata["snapshot"].value == raw.metadata["snapshot"].value
    assert fresh.metadata["mode"].value == "offline"
    (contract,) = [e for e in result.get_asset_check_evaluations()
                   if e.asset_key.to_user_string() == "staged/aider" and e.check_name == "contract"]
    assert contract.passed and contract.metadata["status"].value == raw.metadata["message"].value  # what acquisition said
    # nothing to report is an empty list, not a made-up text such as "none"
    assert contract.metadata["errors"].value == [] and contract.metadata["refused_snapshots"].value == []
    (published,) = [e for e in result.get_asset_check_evaluations() if e.check_name == "published_scores_contract"]
    assert published.metadata["errors"].value == []
    assert isinstance(api["warehouse_messages"].value, list)
    # each asset's metadata is stored once, on its materialization (assets/metadata.py): no step output event repeats it
    outputs = [e for e in result.all_events if e.is_successful_output]
    assert outputs and all(not e.step_output_data.metadata for e in outputs)


def test_each_warehouse_table_shows_its_rows_and_columns(tmp_path):
    import duckdb
    from dagster import AssetKey, TableSchemaMetadataValue

    from registry_pipeline_tests.pipeline_runner import run_pipeline

    data = copy_raw(tmp_path, ["models-dev"])
    result = run_pipeline(data)
    events = {e.asset_key: e for e in result.asset_materializations_for_node("warehouse__registry_duckdb")}
    con = duckdb.connect(str(data / "warehouse" / "registry.duckdb"), read_only=True)
    try:
        tables = [r[0] for r in con.execute("select table_name from duckdb_tables() order by 1").fetchall()]
        scores_columns = [r[0] for r in con.execute("select column_name from duckdb_columns() where table_name = 'scores' order by column_index").fetchall()]
        model_rows = con.execute("select count(*) from models").fetchone()[0]
    finally:
        con.close()
    assert {k for k in events if k.path[:2] == ["warehouse", "tables"]} == {AssetKey(["warehouse", "tables", t]) for t in tables}
    scores = events[AssetKey(["warehouse", "tables", "scores"])].metadata
    assert isinstance(scores["dagster/column_schema"], TableSchemaMetadataValue)
    assert [c.name for c in scores["dagster/column_schema"].schema.columns] == scores_columns
    assert events[AssetKey(["warehouse", "tables", "models"])].metadata["dagster/row_count"].value == model_rows > 0


def test_a_vendor_page_curated_by_hand_is_progress_and_a_source_with_no_snapshot_a_warning(tmp_path, monkeypatch, capsys):
    """Vendor pages are curated, never fetched: reading their snapshot is how every run goes, not a warning
    (eighteen of them drowned the run's real warnings). A source with nothing on disk still warns."""
    data = copy_raw(tmp_path, ["vendor-google", "aider"])
    monkeypatch.setenv("REGISTRY_DATA_DIR", str(data))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    cli.main(["run", "--offline"])
    raw = [line.split(None, 1)[1] for line in capsys.readouterr().out.splitlines() if line.startswith("  raw_sources ")]
    (google,) = [line for line in raw if "vendor-google:" in line]
    assert google.startswith("vendor-google: curated by hand, never fetched; using snapshot ")
    (openai,) = [line for line in raw if "vendor-openai:" in line]
    assert openai == "warning: vendor-openai: curated by hand, never fetched; no raw snapshot of vendor-openai on disk"
    (aider,) = [line for line in raw if "aider:" in line]
    assert aider.startswith("aider: offline mode (REGISTRY_OFFLINE); using snapshot ")
