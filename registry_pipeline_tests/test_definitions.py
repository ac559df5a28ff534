"""The Dagster definitions: loadable, and the asset graph others rely on (keys, checks, automation, the job)."""

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


def test_each_source_runs_on_its_cadence_and_downstream_follows():
    from registry_pipeline.automation import CRON, DEFAULT_CRON

    graph = defs.resolve_asset_graph()
    for s in all_sources():
        raw = graph.get(AssetKey(["raw", s.spec.id.replace("-", "_")]))
        cron = CRON.get(s.spec.cadence, DEFAULT_CRON)
        assert raw.automation_condition is not None and cron in str(raw.automation_condition), s.spec.id
        staged = graph.get(AssetKey(["staged", s.spec.id.replace("-", "_")]))
        assert "cron" not in str(staged.automation_condition).lower() and staged.automation_condition is not None
    for key in (["registry", "build"], ["warehouse", "registry_duckdb"], ["api", "v1"]):
        assert graph.get(AssetKey(key)).automation_condition is not None
    # a weekly source on Mondays, a daily one every day, a curated vendor file weekly from data/raw
    conditions = {k: str(graph.get(AssetKey(["raw", k])).automation_condition) for k in ("arc_prize", "models_dev", "vendor_openai")}
    assert "0 6 * * 1" in conditions["arc_prize"] and "0 6 * * *" in conditions["models_dev"] and "0 6 * * 1" in conditions["vendor_openai"]


def test_the_named_job_runs_everything_and_failures_are_reported():
    job = defs.resolve_job_def("registry_run")
    assert len(job.asset_layer.executable_asset_keys) == len(defs.resolve_asset_graph().get_all_asset_keys())
    assert defs.resolve_sensor_def("report_failed_runs").default_status.value == "RUNNING"


def test_a_failed_run_alert_reaches_the_webhook_without_the_url_in_logs():
    import httpx

    from registry_pipeline.automation import alert_payload, post_alert

    seen = []
    client = httpx.Client(transport=httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(200)))
    payload = alert_payload("registry_run", "abc", "ValueError: boom", ["api__v1"])
    outcome = post_alert(client, "https://hooks.example.invalid/secret-token", payload)
    assert outcome == "alert posted: HTTP 200" and "secret-token" not in outcome
    assert seen[0].method == "POST" and httpx.Response(200, content=seen[0].content).json()["text"] == (
        "registry-pipeline: run abc of registry_run failed (steps: api__v1): ValueError: boom")
    down = httpx.Client(transport=httpx.MockTransport(lambda r: (_ for _ in ()).throw(httpx.ConnectError("no route"))))
    assert post_alert(down, "https://hooks.example.invalid/secret-token", payload) == "alert not posted: ConnectError"


def test_the_failure_sensor_reports_a_failed_run(monkeypatch):
    import httpx
    from dagster import DagsterInstance, build_run_status_sensor_context, job, op

    from registry_pipeline import automation

    @op
    def fetch_everything():
        raise ValueError("the disk is full")

    @job
    def registry_like():
        fetch_everything()

    instance = DagsterInstance.ephemeral()
    result = registry_like.execute_in_process(instance=instance, raise_on_error=False)
    posted = []
    monkeypatch.setenv(automation.WEBHOOK_ENV, "https://hooks.example.invalid/T0/secret")
    real_client = httpx.Client
    monkeypatch.setattr(automation.httpx, "Client", lambda: real_client(transport=httpx.MockTransport(
        lambda r: posted.append(r) or httpx.Response(204))))
    context = build_run_status_sensor_context(
        sensor_name="report_failed_runs", dagster_instance=instance, dagster_run=result.dagster_run,
        dagster_event=result.get_run_failure_event(),
    ).for_run_failure()
    automation.report_failed_runs(context)
    (request,) = posted
    body = httpx.Response(200, content=request.content).json()
    assert body["job"] == "registry_like" and body["failedSteps"] == ["fetch_everything"]
    assert body["text"].startswith(f"registry-pipeline: run {result.run_id} of registry_like failed (steps: fetch_everything)")
