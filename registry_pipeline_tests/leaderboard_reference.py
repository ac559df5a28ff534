"""The leaderboards' fit written out plainly, to check `transform.leaderboards` against: on the log-odds of each
score (within 1-99), y ~ mu + a[model] + e[benchmark] (mu the mean of the benchmarks' means, of those a model with
another score has), each effect shrunk as if it had km (kb) more scores at the mean (a benchmark's from the models with another score only; a model's one score counting for as much as its
benchmark's effect is known), by alternating means until nothing moves (the module solves the same equations
directly)."""

from __future__ import annotations

import math

from registry_pipeline.transform.leaderboards import BENCHMARK_PRIOR_WEIGHT, MODEL_PRIOR_WEIGHT


def log_odds(score: float) -> float:
    p = min(max(score, 1.0), 99.0) / 100
    return math.log(p / (1 - p))


def on_score_scale(z: float) -> float:
    return 100 / (1 + math.exp(-z))


def weight(bench_rows: list[tuple[str, float]], by_model: dict[str, list], kb: float) -> float:
    """What a model's one score on a benchmark counts for: (nL + kb) / (nL + kb + 1), nL the benchmark's scores by
    models with another score (on a board of one benchmark, one: that benchmark's effect is 0 by the mean)."""
    linked = sum(len(by_model[m]) > 1 for m, _ in bench_rows)
    return (linked + kb) / (linked + kb + 1)


def reference_fit(scores: dict[tuple[str, str], float], km: float = MODEL_PRIOR_WEIGHT, kb: float = BENCHMARK_PRIOR_WEIGHT
                  ) -> tuple[float, dict[str, float], dict[str, float]]:
    """mu, a and e on the log-odds scale: a model's expected score on a benchmark of average difficulty is
    on_score_scale(mu + a[model])."""
    ys = {key: log_odds(y) for key, y in scores.items()}
    by_model: dict[str, list[tuple[str, float]]] = {}
    by_bench: dict[str, list[tuple[str, float]]] = {}
    for (m, b), y in ys.items():
        by_model.setdefault(m, []).append((b, y))
        by_bench.setdefault(b, []).append((m, y))
    # the board's mean: the mean of its benchmarks' means, of those a model with another score has (all when none has)
    measured = [[y for m, y in rows if len(by_model[m]) > 1] for rows in by_bench.values()]
    measured = [ys for ys in measured if ys] or [[y for _, y in rows] for rows in by_bench.values()]
    mu = sum(sum(ys) / len(ys) for ys in measured) / len(measured)
    a = dict.fromkeys(by_model, 0.0)
    e = dict.fromkeys(by_bench, 0.0)
    # what a model's one score on each benchmark counts for (every score of a board of one benchmark counts as one)
    counts = {b: 1.0 if len(by_bench) == 1 else weight(rows, by_model, kb) for b, rows in by_bench.items()}
    for _ in range(1_000_000):
        # a benchmark's effect from the models with another score only (one score says how good its model is)
        e = {b: sum(y - mu - a[m] for m, y in rows if len(by_model[m]) > 1) / (sum(len(by_model[m]) > 1 for m, _ in rows) + kb)
             for b, rows in by_bench.items()}
        new = {m: sum(y - mu - e[b] for b, y in rows) / (len(rows) + km) if len(rows) > 1 else
               # one score counts for as much as its benchmark's effect is known: nL linked scores tell it
               counts[rows[0][0]] * (rows[0][1] - mu - e[rows[0][0]]) / (counts[rows[0][0]] + km)
               for m, rows in by_model.items()}
        moved = max(abs(new[m] - a[m]) for m in a)
        a = new
        if moved < 1e-12:
            break
    return mu, a, e
