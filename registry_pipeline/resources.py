"""Dagster resources: settings, the HTTP client and secrets — read at run time, never at import."""

from __future__ import annotations

import os
from typing import Optional

import httpx
from dagster import ConfigurableResource

from registry_pipeline.config import Settings, settings_from_env


class SettingsResource(ConfigurableResource):
    """Where raw, warehouse and API live. Empty fields fall back to REGISTRY_DATA_DIR / REGISTRY_OFFLINE;
    the public URL always comes from REGISTRY_PUBLIC_URL, parse-ahead from REGISTRY_PARSE_AHEAD."""

    data_dir: Optional[str] = None
    offline: Optional[bool] = None

    def settings(self) -> Settings:
        env = settings_from_env()
        return Settings(
            data_dir=env.data_dir if not self.data_dir else settings_from_env({"REGISTRY_DATA_DIR": self.data_dir}).data_dir,
            offline=env.offline if self.offline is None else self.offline,
            public_url=env.public_url,
            parse_ahead=env.parse_ahead,
        )


class HttpResource(ConfigurableResource):
    """The live httpx client. Tests pass any object with the same `client()` method that builds an
    `httpx.Client` on an `httpx.MockTransport` serving recorded payloads."""

    timeout_seconds: float = 30.0

    def client(self) -> httpx.Client:
        from registry_pipeline.http import make_client

        return make_client(timeout=self.timeout_seconds)


class SecretsResource(ConfigurableResource):
    """API keys come from environment variables, looked up at run time when a fetch needs them
    (not `EnvVar` fields: a missing key must make that source fall back, not fail the run)."""

    def lookup(self, *names: str | None) -> dict[str, str]:
        """Only the named variables that are set, e.g. `{"ARTIFICIAL_ANALYSIS_API_KEY": ...}`."""
        return {n: os.environ[n] for n in names if n and os.environ.get(n)}
