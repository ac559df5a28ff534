"""The leaderboards' fit written out plainly, to check `transform.leaderboards` against: score ~ mu +
a[model] + e[benchmark], each effect shrunk as if it had k more scores at the mean (a benchmark's from the models
with another score only), by alternating means until nothing moves."""

from __future__ import annotations

from registry_pipeline.transform.leaderboards import PRIOR_WEIGHT


def reference_fit(scores: dict[tuple[str, str], float], k: float = PRIOR_WEIGHT) -> tuple[float, dict[str, float], dict[str, float]]:
    mu = sum(scores.values()) / len(scores)
    by_model: dict[str, list[tuple[str, float]]] = {}
    by_bench: dict[str, list[tuple[str, float]]] = {}
    for (m, b), y in scores.items():
        by_model.setdefault(m, []).append((b, y))
        by_bench.setdefault(b, []).append((m, y))
    a = dict.fromkeys(by_model, 0.0)
    e = dict.fromkeys(by_bench, 0.0)
    for _ in range(100_000):
        # a benchmark's effect from the models with another score only (one score says how good its model is)
        e = {b: sum(y - mu - a[m] for m, y in rows if len(by_model[m]) > 1) / (sum(len(by_model[m]) > 1 for m, _ in rows) + k)
             for b, rows in by_bench.items()}
        new = {m: sum(y - mu - e[b] for b, y in rows) / (len(rows) + k) for m, rows in by_model.items()}
        moved = max(abs(new[m] - a[m]) for m in a)
        a = new
        if moved < 1e-12:
            break
    return mu, a, e
