"""The bench's scale ratios (`bench.scale_ratios`) compare each factor's median build, so one fast or slow
build of a short scale (the host's speed swings by a quarter within minutes) does not move the ratio."""

from registry_pipeline_tests import bench


def build(factor: int, wall: float, work: float) -> dict:
    return {"factor": factor, "wall_s": wall, "work_s": work}


def test_the_ratio_of_100x_to_10x_uses_the_median_10x_build():
    rows = [build(1, 10.9, 6.4), build(1, 9.2, 5.1), build(1, 12.5, 7.3),
            # the 10x builds of the two runs of 2026-12-04 (45.8 s, 34.8 s) and one between them
            build(10, 45.8, 37.5), build(10, 34.8, 27.0), build(10, 40.0, 31.0),
            build(100, 410.2, 363.0)]
    ratios = {(small, big): (wall, work) for small, big, wall, work in bench.scale_ratios(rows)}
    assert set(ratios) == {(1, 10), (10, 100)}
    wall, work = ratios[(10, 100)]
    assert wall == 410.2 / 40.0 and work == 363.0 / 31.0  # against the middle 10x build, neither 45.8 nor 34.8
    assert ratios[(1, 10)][0] == 40.0 / 10.9


def test_100x_is_set_against_10x_when_30x_sits_between_them():
    rows = [build(10, 40.0, 31.0), build(30, 120.0, 100.0), build(100, 410.0, 360.0)]
    pairs = [(small, big) for small, big, _, _ in bench.scale_ratios(rows)]
    assert pairs == [(10, 30), (30, 100), (10, 100)]
