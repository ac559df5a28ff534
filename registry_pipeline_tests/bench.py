"""`make bench`: time the transform, load and publish steps on the shipped snapshot scaled up.

The shipped raw snapshot is parsed once, then every model record and score observation is copied
K times under new model names (`<id>-xK`), so the registry grows K-fold in models and scores. Each
step is timed at several K; time per score should stay flat as K grows (linear cost).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from registry_pipeline.publish.writer import publish
from registry_pipeline.raw_store import RawStore
from registry_pipeline.sources import all_sources
from registry_pipeline.staging import stage_source
from registry_pipeline.transform.build import StagedSource, build_registry
from registry_pipeline.warehouse.load import load_warehouse

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def staged_sources() -> list[StagedSource]:
    store = RawStore(RAW)
    return [stage_source(s, store.snapshots(s.spec.id), {"mode": "offline"}, "bench") for s in all_sources()]


def scaled(staged: list[StagedSource], k: int) -> list[StagedSource]:
    out = []
    for s in staged:
        copies = pl.DataFrame({"copy": list(range(k))}, schema={"copy": pl.Int64})
        suffix = pl.when(pl.col("copy") == 0).then(pl.lit("")).otherwise(pl.format("-x{}", "copy"))
        models = s.models.join(copies, how="cross").with_columns(
            raw_model_id=pl.concat_str("raw_model_id", suffix), raw_name=pl.concat_str("raw_name", suffix)
        ).drop("copy")
        scores = s.scores.join(copies, how="cross").with_columns(
            raw_model_name=pl.concat_str("raw_model_name", suffix),
            raw_model_key=pl.concat_str("raw_model_key", suffix),
            model_hint=pl.concat_str("model_hint", suffix),
        ).drop("copy")
        out.append(StagedSource(s.source_id, models, scores, s.rejects, s.status))
    return out


def main(factors: list[int]) -> None:
    base = staged_sources()
    print(f"{'K':>4} {'models':>7} {'observations':>12} {'published':>9} {'build s':>8} {'load s':>7} {'publish s':>9} {'us/obs':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for k in factors:
            staged = scaled(base, k)
            t0 = time.perf_counter()
            result = build_registry(staged)
            t1 = time.perf_counter()
            load_warehouse(Path(tmp) / f"bench-{k}.duckdb", result)
            t2 = time.perf_counter()
            publish(result.registry, Path(tmp) / f"api-{k}", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), durable=False)
            t3 = time.perf_counter()
            n = result.observations.height
            print(f"{k:>4} {result.registry.models.height:>7} {n:>12} {result.registry.scores.height:>9} "
                  f"{t1 - t0:>8.2f} {t2 - t1:>7.2f} {t3 - t2:>9.2f} {(t3 - t0) / n * 1e6:>7.0f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 10, 50, 200])
