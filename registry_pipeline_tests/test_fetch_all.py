"""acquire_all: sources fetched concurrently, a per-host rate limit, one source's failure isolated."""

from __future__ import annotations

import datetime as dt
import threading
import time

import httpx

from registry_pipeline.config import Settings
from registry_pipeline.fetch_all import HostLimiter, acquire_all, host_rates
from registry_pipeline.raw_store import RawStore
from registry_pipeline.sources import all_sources, get_source

NOW = dt.datetime(2026, 2, 22, 6, 0, tzinfo=dt.timezone.utc)
KEYLESS = [s for s in all_sources() if not s.spec.auth_required and s.discover is None]


class InFlight:
    """Counts requests being served at the same time (the concurrency actually reached)."""

    def __init__(self, hold: float = 0.15):
        self.hold, self.now, self.peak = hold, 0, 0
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        time.sleep(self.hold)  # a slow upstream
        with self.lock:
            self.now -= 1
        return httpx.Response(200, content=b"payload of " + str(request.url).encode())


def run(tmp_path, sources, handler, **kwargs):
    return acquire_all(
        sources, store=RawStore(tmp_path / "raw"), client=httpx.Client(transport=httpx.MockTransport(handler)),
        settings=Settings(data_dir=tmp_path, offline=False), environ={}, now=NOW, run_id="r",
        limiter=HostLimiter({}), sleep=lambda _: None, **kwargs,
    )


def test_sources_are_fetched_concurrently(tmp_path):
    inflight = InFlight()
    results = run(tmp_path, KEYLESS[:6], inflight, max_workers=4)
    assert set(results) == {s.spec.id for s in KEYLESS[:6]}
    assert all(r.mode == "live" for r in results.values())
    assert inflight.peak >= 3  # several slow upstreams were being waited on at once, bounded by the pool
    assert inflight.peak <= 4


def test_one_source_failing_does_not_touch_the_others(tmp_path):
    broken = KEYLESS[0].spec.files[0].url

    def handler(request: httpx.Request) -> httpx.Response:
        if str(request.url) == broken:
            raise RuntimeError("upstream exploded")
        return httpx.Response(200, content=b"ok")

    results = run(tmp_path, KEYLESS[:3], handler)
    assert results[KEYLESS[0].spec.id].mode == "fallback"
    assert "upstream exploded" in results[KEYLESS[0].spec.id].message
    assert all(results[s.spec.id].mode == "live" for s in KEYLESS[1:3])


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_the_host_limiter_spaces_requests_per_host():
    clock = FakeClock()
    limiter = HostLimiter({"a.example": 2.0, "b.example": 1.0}, clock=clock, sleep=clock.sleep)
    starts = {"a.example": [], "b.example": []}
    for host in ["a.example"] * 5 + ["b.example"] * 2:
        limiter.wait(host)
        starts[host].append(clock.now)
    gaps_a = [round(b - a, 6) for a, b in zip(starts["a.example"], starts["a.example"][1:])]
    assert all(g >= 0.5 for g in gaps_a)  # 2 per second
    assert limiter.wait("unlimited.example") == 0.0


def test_the_limiter_is_shared_by_threads():
    limiter = HostLimiter({"h": 20.0})
    moments: list[float] = []
    lock = threading.Lock()

    def hit():
        limiter.wait("h")
        with lock:
            moments.append(time.monotonic())

    threads = [threading.Thread(target=hit) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    moments.sort()
    assert moments[-1] - moments[0] >= 5 / 20 * 0.9  # six requests at 20/s span at least 0.25 s


def test_host_rates_take_the_strictest_spec():
    rates = host_rates(list(all_sources()))
    github = [get_source(sid).spec.requests_per_second for sid in ("aider", "tau2-bench")]
    assert rates["raw.githubusercontent.com"] == min(github)
