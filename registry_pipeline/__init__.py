"""registry-pipeline: the LLM registry's data pipeline."""

import os

# polars' allocator (jemalloc) returns the pages a step freed to the system from a thread of its own, on
# time (polars' own decay, 500 ms), even while the next step allocates through other libraries (DuckDB,
# pyarrow) and polars' allocator sits idle: every step of a run shares one process. Set before polars loads,
# which puts its defaults before it; an operator's own setting is left as it is.
os.environ.setdefault("_RJEM_MALLOC_CONF", "background_thread:true,muzzy_decay_ms:0")
