"""registry-pipeline: the LLM registry's data pipeline."""

import os

# polars' allocator (jemalloc) returns the pages a step freed to the system within a second, from a thread
# of its own, instead of keeping them ten seconds: every step of a run shares one process, and the next
# step allocates through other libraries too (set before polars loads; an operator's own setting wins)
os.environ.setdefault("_RJEM_MALLOC_CONF", "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0")
