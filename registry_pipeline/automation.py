"""When assets run without a person: each source on its own cadence, everything downstream when its
inputs change, and a report of every failed run.

* A source's raw asset runs on the cron of its spec's `cadence` (`daily` 06:00 UTC, `weekly` Monday
  06:00 UTC); a source with another cadence (`manual` vendor files, a `retired` leaderboard) is
  re-read from `data/raw` weekly, so a curator's newly recorded file is picked up.
* Staged, registry, warehouse and API assets follow their inputs (`AutomationCondition.eager()`).
* `report_failed_runs` logs each failed run and, when `REGISTRY_ALERT_WEBHOOK` is set, posts a JSON
  message to it (Slack-compatible `text`). The URL is a secret: never logged.
"""

from __future__ import annotations

import os
from typing import Any

import httpx
from dagster import AutomationCondition, DefaultSensorStatus, RunFailureSensorContext, run_failure_sensor

from registry_pipeline.sources.base import SourceSpec

WEBHOOK_ENV = "REGISTRY_ALERT_WEBHOOK"
CRON = {"daily": "0 6 * * *", "weekly": "0 6 * * 1"}
DEFAULT_CRON = CRON["weekly"]


def source_condition(spec: SourceSpec) -> AutomationCondition:
    """The raw asset's schedule: the cron of its cadence."""
    return AutomationCondition.on_cron(CRON.get(spec.cadence, DEFAULT_CRON), cron_timezone="UTC")


def downstream_condition() -> AutomationCondition:
    return AutomationCondition.eager()


def alert_payload(job: str, run_id: str, error: str | None, failed_steps: list[str]) -> dict[str, Any]:
    steps = ", ".join(failed_steps) or "none recorded"
    text = f"registry-pipeline: run {run_id} of {job} failed (steps: {steps}): {error or 'no error message'}"
    return {"text": text[:3000], "job": job, "runId": run_id, "failedSteps": failed_steps, "error": error}


def post_alert(client: httpx.Client, url: str, payload: dict[str, Any]) -> str:
    """POST the payload; the outcome as a short text (the URL is never part of it)."""
    try:
        response = client.post(url, json=payload, timeout=10.0)
        return f"alert posted: HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        return f"alert not posted: {type(exc).__name__}"


@run_failure_sensor(name="report_failed_runs", default_status=DefaultSensorStatus.RUNNING,
                    description=f"Logs every failed run; posts it to ${WEBHOOK_ENV} when that is set.")
def report_failed_runs(context: RunFailureSensorContext) -> None:
    run = context.dagster_run
    failed = sorted({e.step_key for e in context.get_step_failure_events() if e.step_key})
    payload = alert_payload(run.job_name, run.run_id, context.failure_event.message, failed)
    context.log.error(payload["text"])
    url = os.environ.get(WEBHOOK_ENV)
    if url:
        with httpx.Client() as client:
            context.log.info(post_alert(client, url, payload))
