"""Thin root: collect assets, checks, the daily schedule and resources."""

from dagster import AssetSelection, Definitions, ScheduleDefinition, define_asset_job

from registry_pipeline.assets.registry_assets import api, registry_build, warehouse
from registry_pipeline.assets.source_assets import all_source_assets
from registry_pipeline.console import progress_console_logger
from registry_pipeline.resources import HttpResource, SecretsResource, SettingsResource

ALL_ASSETS = [*all_source_assets(), registry_build, warehouse, api]

JOB_NAME = "registry_daily"
registry_job = define_asset_job(JOB_NAME, selection=AssetSelection.all(), description="Fetch every source and rebuild the registry (`make run` runs it too).")

defs = Definitions(
    assets=ALL_ASSETS,
    jobs=[registry_job],
    schedules=[ScheduleDefinition(name="registry_daily_schedule", job=registry_job, cron_schedule="0 6 * * *", execution_timezone="UTC")],
    resources={"settings": SettingsResource(), "http": HttpResource(), "secrets": SecretsResource()},
    loggers={"console": progress_console_logger},
)
