"""The Dagster definitions: loadable, and the asset graph others rely on (keys, checks, schedule)."""

from __future__ import annotations

from dagster import AssetKey, Definitions

from registry_pipeline.definitions import defs
from registry_pipeline.sources import all_sources


def test_definitions_load():
    Definitions.validate_loadable(defs)


def test_asset_graph_is_generated_from_the_source_specs():
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    per_source = {f"{layer}/{s.spec.id.replace('-', '_')}" for s in all_sources() for layer in ("raw", "staged")}
    assert keys == per_source | {"registry/build", "warehouse/registry_duckdb", "api/v1"}
    build = graph.get(AssetKey(["registry", "build"]))
    assert {k.to_user_string() for k in build.parent_keys} == {k for k in per_source if k.startswith("staged/")}
    assert {k.to_user_string() for k in graph.get(AssetKey(["api", "v1"])).parent_keys} == {"registry/build", "warehouse/registry_duckdb"}


def test_checks_wrap_contracts_and_freshness():
    graph = defs.resolve_asset_graph()
    checks = {(c.asset_key.to_user_string(), c.name) for c in graph.asset_check_keys}
    for s in all_sources():
        staged = f"staged/{s.spec.id.replace('-', '_')}"
        assert {(staged, "contract"), (staged, "freshness")} <= checks
    assert ("registry/build", "published_scores_contract") in checks


def test_daily_schedule_runs_everything():
    schedule = defs.resolve_schedule_def("registry_daily_schedule")
    assert schedule.cron_schedule == "0 6 * * *"
    assert schedule.job_name == "registry_daily"
