"""The bench's measure of the host's speed beside each build (`bench.host_reference_s`)."""

import time

from registry_pipeline_tests import bench


def test_the_reference_work_is_the_same_work_each_time():
    assert bench.reference_work() == bench.reference_work()


def test_the_host_reference_is_the_median_of_its_rounds(monkeypatch):
    pauses = iter([0.02, 0.01, 0.15])
    monkeypatch.setattr(bench, "reference_work", lambda: time.sleep(next(pauses)))
    took = bench.host_reference_s(rounds=3)
    assert 0.02 <= took < 0.05  # the middle round's: not the fastest, the slowest, nor their mean (0.06)


def test_a_row_without_a_host_reference_still_makes_its_table_line():
    row = {"label": "full, cold", "wall_s": 12.0, "cpu_s": 13.0, "steal_s": 0.0, "peak_rss_mb": 700,
           **{f"{p}_s": 0.1 for p in bench.PHASE_NAMES}, "work_s": 7.0, "floor_s": 0.3, "work_over_floor": 23.3,
           "duckdb_alone_s": 1.1, "api_files_written": 2849, "api_files": 2849, "models": 1120, "scores": 8863}
    line = bench.markdown([row]).splitlines()[-1]
    assert line.startswith("| full, cold | 12.0 | 13.0 | 0.0 |  | 700 |")
    assert bench.markdown([{**row, "host_reference_s": 0.337}]).splitlines()[-1].startswith("| full, cold | 12.0 | 13.0 | 0.0 | 0.34 | 700 |")
