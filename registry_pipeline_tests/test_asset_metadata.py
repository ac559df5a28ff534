"""The Dagster metadata made for a frame keeps nothing of the frame alive."""

from __future__ import annotations

import subprocess
import sys

# in a fresh interpreter: what matters is the first call of each Dagster record type in the process
_MATERIALISE = """
import gc
import polars as pl
from registry_pipeline.assets.metadata import column_schema, frame_metadata, path_links, table_preview

def materialise():
    frame = pl.DataFrame({"model": ["gpt-4o", "o3"], "score": [88.7, 91.2], "raw_row": ['{"m": 1}', '{"m": 2}']})
    frame = frame.with_columns(pl.col("raw_row").cast(pl.Categorical))
    return frame_metadata(frame), table_preview(frame), column_schema(frame), path_links(here=".")

metadata = materialise()
gc.collect()
print(sum(isinstance(o, pl.DataFrame) and "raw_row" in o.columns for o in gc.get_objects()))
"""


def test_a_frame_described_for_dagster_is_not_kept_to_the_end_of_the_process():
    # Dagster compiles a record's constructor on its first call in a copy of the caller's namespace and keeps
    # it; a frame kept that way held, through its categorical column, every raw row categorised after it
    done = subprocess.run([sys.executable, "-c", _MATERIALISE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"
