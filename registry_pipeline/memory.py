"""Memory the libraries keep after a step, handed back to the system before the next one.

One process runs every step of a run in turn (`registry-pipeline run`, the in-process executor). What a
step frees, the allocator that held it may keep for itself: pyarrow's memory pool (mimalloc) and glibc's
malloc keep freed pages for later allocations of their own, which a step that allocates through another
library (polars, DuckDB) cannot use: ~150 MB at 10x the recordings, more at 100x. And the garbage
collector's time: it need not walk the imported modules again and again during a run.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import gc
import sys
from collections.abc import Iterator


@functools.cache
def _malloc_trim():
    """glibc's `malloc_trim`, or None where the C library has none (musl, macOS)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return getattr(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6"), "malloc_trim", None)
    except OSError:
        return None


def release_unused() -> None:
    """Give the pages pyarrow's pool and glibc's malloc keep free back to the system."""
    if "pyarrow" in sys.modules:
        sys.modules["pyarrow"].default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@contextlib.contextmanager
def imports_left_out_of_collections() -> Iterator[None]:
    """Python's cyclic garbage collector leaves what is alive now (the modules and Dagster's definitions,
    about 160,000 objects) out of its full collections until the block ends. A step that makes many
    container objects (a JSON or YAML body, the API's bodies) triggers full collections, and each one walked
    that heap again: at 10x the recordings, the run's full collections took 3.7 s, 2.0 s with this.
    Objects are still freed when their last reference goes; cycles among the frozen ones wait for the end."""
    if gc.get_freeze_count():  # frozen by the caller already: theirs to undo
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextlib.contextmanager
def collections_paused() -> Iterator[None]:
    """No cyclic garbage collection in the block; objects are still freed when their last reference goes. For
    blocks that make many objects that stay alive and few reference cycles: a run's start-up (importing the
    modules and making the Dagster instance: 4 full collections and ~580 younger ones, ~0.4 s of ~1.7 s) and the
    API's bodies as Python objects (at 10x the recordings ~1.2 s of full collections, at 100x ~21 s in 31, each
    walking every body made so far). The cycles a block leaves wait for the collector's next pass (start-up's
    ~5,000 objects for the end of the run: `imports_left_out_of_collections` freezes them with the imports)."""
    if not gc.isenabled():  # paused by the caller already: theirs to resume
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
