"""Acquire many sources at once: a bounded thread pool, and a per-host rate limit they all share.

An online run then takes about as long as its slowest source, not the sum of all of them. One
source raising never touches the others: its result is a fallback to its newest snapshot, with
the reason. The rate limit of a host is the strictest `requests_per_second` among the specs whose
files live there, applied to every request the shared client sends to that host.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Mapping
from urllib.parse import urlsplit

import httpx

from registry_pipeline.acquire import Acquisition, acquire
from registry_pipeline.config import Settings
from registry_pipeline.http import redact
from registry_pipeline.raw_store import RawStore
from registry_pipeline.sources import Source

MAX_WORKERS = 8


class HostLimiter:
    """At most `rate` requests per second to each host: each request takes the next free slot."""

    def __init__(self, rates: Mapping[str, float], *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.rates, self.clock, self.sleep = dict(rates), clock, sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> float:
        """Block until `host` may be sent the next request; returns the seconds waited."""
        rate = self.rates.get(host)
        if not rate or rate <= 0:
            return 0.0
        with self._lock:  # reserve a slot under the lock, wait outside it
            now = self.clock()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + 1.0 / rate
        delay = slot - now
        if delay > 0:
            self.sleep(delay)
        return delay

    def hook(self, request: httpx.Request) -> None:
        self.wait(request.url.host)


def host_rates(sources: list[Source]) -> dict[str, float]:
    """host -> the strictest requests-per-second of the sources fetching from it."""
    rates: dict[str, float] = {}
    for source in sources:
        for f in source.spec.files:
            host = urlsplit(f.url).hostname or ""
            rate = source.spec.requests_per_second
            rates[host] = min(rates.get(host, rate), rate)
    return rates


def acquire_all(
    sources: list[Source],
    *,
    store: RawStore,
    client: httpx.Client,
    settings: Settings,
    environ: Mapping[str, str],
    now: dt.datetime,
    run_id: str | None = None,
    log: Callable[[str], None] = lambda _: None,
    max_workers: int = MAX_WORKERS,
    limiter: HostLimiter | None = None,
    sleep: Callable[[float], None] | None = None,
) -> dict[str, Acquisition]:
    """Acquire every source concurrently; returns source id -> Acquisition (never raises for one source)."""
    limiter = limiter or HostLimiter(host_rates(sources))
    client.event_hooks["request"] = [*client.event_hooks.get("request", []), limiter.hook]

    def one(source: Source) -> Acquisition:
        spec = source.spec
        try:
            return acquire(
                spec, store=store, client=client, settings=settings,
                environ={spec.auth_env_var: environ[spec.auth_env_var]} if spec.auth_env_var in environ else {},
                now=now, run_id=run_id, log=log, sleep=sleep, discover=source.discover,
            )
        except Exception as exc:  # noqa: BLE001 - one source's failure must not stop the others
            latest = store.latest(spec.id)
            detail = redact(f"{type(exc).__name__}: {exc}", [environ.get(spec.auth_env_var or "")])
            message = f"{spec.id}: acquiring failed ({detail}); " + (
                f"using snapshot {latest.key}" if latest else "no raw snapshot on disk"
            )
            log(message)
            return Acquisition(latest, "fallback", message)

    if not sources:
        return {}
    with ThreadPoolExecutor(max_workers=max(1, min(max_workers, len(sources))), thread_name_prefix="fetch") as pool:
        results = list(pool.map(one, sources))
    return {s.spec.id: r for s, r in zip(sources, results)}
