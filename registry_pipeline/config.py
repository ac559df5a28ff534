"""Run-time settings read from environment variables (never at import time)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    offline: bool
    # where the published API is served (attribution's link back); None when unknown
    public_url: str | None = None
    # a second process stages a cold build's sources into the caches beside the staging steps (parse_ahead.py)
    parse_ahead: bool = True

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def warehouse_dir(self) -> Path:
        return self.data_dir / "warehouse"

    @property
    def cache_dir(self) -> Path:
        """Derived data a run reuses (parsed snapshots, the staging fold) and the build's scratch files; safe
        to delete between runs."""
        return self.data_dir / "cache"

    @property
    def warehouse_path(self) -> Path:
        return self.warehouse_dir / "registry.duckdb"

    @property
    def api_dir(self) -> Path:
        return self.warehouse_dir / "api"


def settings_from_env(environ: dict[str, str] | None = None) -> Settings:
    """`REGISTRY_DATA_DIR` (default `./data`), `REGISTRY_OFFLINE=1`, `REGISTRY_PUBLIC_URL` (empty -> None) and
    `REGISTRY_PARSE_AHEAD` (default on; 0, false, no or off turns it off)."""
    env = os.environ if environ is None else environ
    data_dir = Path(env.get("REGISTRY_DATA_DIR") or "data").resolve()
    offline = env.get("REGISTRY_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}
    public_url = (env.get("REGISTRY_PUBLIC_URL") or "").strip() or None
    parse_ahead = env.get("REGISTRY_PARSE_AHEAD", "").strip().lower() not in {"0", "false", "no", "off"}
    return Settings(data_dir=data_dir, offline=offline, public_url=public_url, parse_ahead=parse_ahead)
