"""Run the real Dagster assets in-process against a private data dir and a recorded HTTP client."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import httpx
from dagster import materialize

from registry_pipeline.definitions import ALL_ASSETS
from registry_pipeline.resources import SettingsResource


class RecordedHttp:
    """Stands in for HttpResource: an httpx client on a MockTransport."""

    def __init__(self, handler: Callable[[httpx.Request], httpx.Response]):
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def client(self) -> httpx.Client:
        def record(request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            return self.handler(request)

        return httpx.Client(transport=httpx.MockTransport(record))


class Secrets:
    def __init__(self, environ: dict[str, str] | None = None):
        self._environ = environ or {}

    def lookup(self, *names: str | None) -> dict[str, str]:
        return {n: self._environ[n] for n in names if n and self._environ.get(n)}


def no_network(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"unexpected request to {request.url}")


def run_pipeline(data_dir: Path, *, offline: bool = True, http: RecordedHttp | None = None, environ: dict | None = None):
    return materialize(
        ALL_ASSETS,
        resources={
            "settings": SettingsResource(data_dir=str(data_dir), offline=offline),
            "http": http or RecordedHttp(no_network),
            "secrets": Secrets(environ),
        },
        raise_on_error=True,
    )
