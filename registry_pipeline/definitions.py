"""Thin root: collect assets, checks, the job, automation and resources."""

from dagster import AssetSelection, Definitions, define_asset_job

from registry_pipeline.assets.registry_assets import api, registry_build, warehouse
from registry_pipeline.assets.source_assets import all_source_assets
from registry_pipeline.automation import report_failed_runs
from registry_pipeline.console import progress_console_logger
from registry_pipeline.io_manager import FrameIOManager
from registry_pipeline.resources import HttpResource, SecretsResource, SettingsResource

ALL_ASSETS = [*all_source_assets(), registry_build, warehouse, api]

# every asset at once: what `make run` runs; without a person, automation conditions run each source
# on its cadence and everything downstream when its inputs change (registry_pipeline.automation)
JOB_NAME = "registry_run"
registry_job = define_asset_job(JOB_NAME, selection=AssetSelection.all(), description="Fetch every source and rebuild the registry (`make run`).")

defs = Definitions(
    assets=ALL_ASSETS,
    jobs=[registry_job],
    sensors=[report_failed_runs],
    resources={"settings": SettingsResource(), "http": HttpResource(), "secrets": SecretsResource(), "io_manager": FrameIOManager()},
    loggers={"console": progress_console_logger},
)


def registry_run_job():
    """The job, for `dagster.reconstructable` (`execute_registry_run`)."""
    return defs.resolve_job_def(JOB_NAME)


def execute_registry_run(instance, log_level: str = "INFO"):
    """One run of the job in this process, as `registry-pipeline run` and `make bench` do it: `execute_job`
    with the in-process executor, not `execute_in_process`, which also keeps every step's output in memory
    until the run ends (to answer `output_for_node`), i.e. all 36 staged sources and the build at once;
    here each output lives in the IO manager's files and is freed once handed on."""
    from dagster import execute_job, reconstructable

    from registry_pipeline.frame_store import removals_after_the_run
    from registry_pipeline.memory import imports_left_out_of_collections

    with imports_left_out_of_collections(), removals_after_the_run():
        return execute_job(
            reconstructable(registry_run_job), instance=instance, raise_on_error=False,
            run_config={"execution": {"config": {"in_process": {}}}, "loggers": {"console": {"config": {"log_level": log_level}}}},
        )
