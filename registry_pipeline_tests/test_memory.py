"""Memory handed back between the steps of one process (`registry_pipeline.memory`, the package's allocator
setting)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_SETTING = "import os, registry_pipeline, polars; print(os.environ['_RJEM_MALLOC_CONF'])"


def _setting(env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-c", _SETTING], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_polars_allocator_returns_freed_pages_unless_an_operator_set_it_otherwise():
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    # polars puts its own defaults first; the last value of an option is the one jemalloc takes
    assert _setting(env).split(",")[-2:] == ["background_thread:true", "muzzy_decay_ms:0"]
    operator = _setting({**env, "_RJEM_MALLOC_CONF": "narenas:1"}).split(",")
    assert operator[-1] == "narenas:1" and "background_thread:true" not in operator


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/statm")
def test_release_unused_hands_back_what_the_arrow_pool_kept():
    import pyarrow as pa

    from registry_pipeline.memory import release_unused

    release_unused()
    buffers = [pa.allocate_buffer(1 << 20) for _ in range(256)]
    for buffer in buffers:  # written, so its pages are resident
        view = memoryview(buffer).cast("B")
        view[:] = b"\x01" * len(view)
    del buffers, buffer, view
    kept = _resident_mb()  # freed, but pyarrow's pool keeps the pages for itself
    release_unused()
    assert kept - _resident_mb() > 128


class _Node:
    def __init__(self):
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_what_lived_before_a_run_is_left_out_of_its_collections_and_collected_after():
    import gc
    import weakref

    from registry_pipeline.memory import imports_left_out_of_collections

    gc.collect()
    before = weakref.ref(_Node())  # unreachable already, but only a collection would free it
    with imports_left_out_of_collections():
        during = weakref.ref(_Node())
        gc.collect()
        assert during() is None  # the run's own garbage is collected as usual
        assert before() is not None  # what was there when the block began is not walked
    gc.collect()
    assert before() is None and gc.get_freeze_count() == 0


def test_collections_paused_lets_cycles_wait_and_resumes_the_collector():
    import gc
    import weakref

    from registry_pipeline.memory import collections_paused

    assert gc.isenabled()
    with collections_paused():
        assert not gc.isenabled()
        for _ in range(50_000):  # far past the collector's thresholds
            _Node()
        made = weakref.ref(_Node())
        with collections_paused():  # nested: the outer block resumes it
            pass
        assert not gc.isenabled() and made() is not None
    assert gc.isenabled()
    gc.collect()
    assert made() is None


def test_collections_paused_resumes_the_collector_after_an_error():
    import gc

    from registry_pipeline.memory import collections_paused

    with pytest.raises(RuntimeError), collections_paused():
        raise RuntimeError("a step failed")
    assert gc.isenabled()


def test_collections_paused_leaves_a_callers_pause_to_the_caller():
    import gc

    from registry_pipeline.memory import collections_paused

    gc.disable()
    try:
        with collections_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
