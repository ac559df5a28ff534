"""Reference data kept as files: benchmarks, categories, curated model aliases; sources from specs."""

from __future__ import annotations

from functools import cache
from importlib import resources

import orjson
import polars as pl

from registry_pipeline.registry import BENCHMARK_COLUMNS, CATEGORY_COLUMNS, SOURCE_COLUMNS
from registry_pipeline.sources import all_sources
from registry_pipeline.transform.slug import slugify

NORMALIZE_METHODS = ("max", "minmax", "inverse", "elo")


def _read(name: str) -> bytes:
    return resources.files(__name__).joinpath(name).read_bytes()


def benchmark_files() -> list[str]:
    """The benchmark catalogue is split by who measures: `benchmarks/core.json` (benchmarks many sources
    report) and one `benchmarks/<source-id>.json` per source with benchmarks of its own."""
    folder = resources.files(__name__).joinpath("benchmarks")
    return sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".json"))


@cache
def categories() -> pl.DataFrame:
    """The categories in display order; each slug is its name by the one rule (`slug.slugify`), so a
    name always finds its category ("Long Context" -> `long-context`)."""
    rows = orjson.loads(_read("categories.json"))
    wrong = [f"{r['name']!r}: {r['slug']!r} (the rule gives {slugify(r['name'])!r})" for r in rows if r["slug"] != slugify(r["name"])]
    if wrong:
        raise ValueError(f"catalog/categories.json: slugs that are not their names' slugs: {wrong}")
    return pl.DataFrame(
        [{**r, "position": i} for i, r in enumerate(rows)], schema=CATEGORY_COLUMNS
    )


@cache
def benchmarks() -> pl.DataFrame:
    """The benchmark catalogue with API field semantics; `category` is the category's display name."""
    rows = [row for name in benchmark_files() for row in orjson.loads(_read(f"benchmarks/{name}"))]
    raw = pl.DataFrame(rows, infer_schema_length=None)
    cats = categories().select(pl.col("slug").alias("category"), pl.col("name").alias("category_name"))
    unknown = raw.join(cats, on="category", how="anti")
    if unknown.height:
        raise ValueError(f"catalog/benchmarks: unknown category in {unknown['id'].to_list()}")
    bad = raw.filter(~pl.col("normalizeMethod").is_in(NORMALIZE_METHODS))
    if bad.height:
        raise ValueError(f"catalog/benchmarks: bad normalizeMethod in {bad['id'].to_list()}")
    if raw["id"].is_duplicated().any():
        dupes = sorted(set(raw.filter(pl.col("id").is_duplicated())["id"].to_list()))
        raise ValueError(f"catalog/benchmarks: duplicate benchmark ids {dupes}")
    return (
        raw.join(cats, on="category", how="left")
        .select(
            "id",
            "name",
            pl.col("category_name").alias("category"),
            "description",
            pl.col("maxScore").cast(pl.Float64).alias("max_score"),
            pl.col("minScore").cast(pl.Float64).alias("min_score"),
            pl.col("higherIsBetter").alias("higher_is_better"),
            pl.col("normalizeMethod").alias("normalize_method"),
            "unit",
            "link",
            pl.col("paperUrl").alias("paper_url"),
        )
        .cast(BENCHMARK_COLUMNS)
        .sort("id")
    )


BENCHMARK_FORMER_ID_COLUMNS: dict[str, pl.DataType] = {
    "former_id": pl.String, "benchmark_id": pl.String, "since": pl.Date, "note": pl.String,
}


@cache
def benchmark_former_ids() -> pl.DataFrame:
    """Curated (`benchmark_former_ids.csv`): ids once published for a benchmark that is now published under
    another id, two names of one benchmark merged (llm-stats' `bbh` and `big-bench-hard`). A former id keeps
    answering for its benchmark (`formerIds` on /api/v1/benchmarks, the scores filters) and a row a source
    files under it is that benchmark's (`current_benchmark_id`). Checked: a former id is a slug, is no
    benchmark's id now, is given once, and names a benchmark of the catalogue; every row says why."""
    rows = pl.read_csv(_read("benchmark_former_ids.csv"), schema=BENCHMARK_FORMER_ID_COLUMNS)
    ids = set(benchmarks()["id"].to_list())
    problems = []
    for i, row in enumerate(rows.iter_rows(named=True), start=2):
        where = f"catalog/benchmark_former_ids.csv line {i} ({row['former_id']!r})"
        if not row["former_id"] or slugify(row["former_id"]) != row["former_id"]:
            problems.append(f"{where}: former_id is not an id slug")
        if row["former_id"] in ids:
            problems.append(f"{where}: former_id is a catalogue benchmark's id now")
        if row["benchmark_id"] not in ids:
            problems.append(f"{where}: benchmark_id {row['benchmark_id']!r} is no catalogue benchmark")
        if row["since"] is None or not (row["note"] or "").strip():
            problems.append(f"{where}: since and note (why the ids name one benchmark) are required")
    twice = rows.filter(pl.col("former_id").is_duplicated())["former_id"].unique().sort().to_list()
    if twice:
        problems.append(f"catalog/benchmark_former_ids.csv: former ids given twice: {twice}")
    if problems:
        raise ValueError("; ".join(problems))
    return rows.sort("former_id")


def current_benchmark_id(benchmark_id: pl.Expr) -> pl.Expr:
    """A benchmark id as the catalogue names the benchmark now: a former id (`benchmark_former_ids`) is
    replaced by its benchmark's id, every other id is kept as it is."""
    former = benchmark_former_ids()
    return benchmark_id.replace(former["former_id"].to_list(), former["benchmark_id"].to_list())


@cache
def benchmark_tolerances() -> pl.DataFrame:
    """(benchmark_id, tolerance): the optional `conflictTolerance` of a catalogue entry, in the
    benchmark's unit: how far two sources may disagree before it is a conflict (default in dedupe)."""
    rows = [
        {"benchmark_id": row["id"], "tolerance": float(row["conflictTolerance"])}
        for name in benchmark_files() for row in orjson.loads(_read(f"benchmarks/{name}"))
        if row.get("conflictTolerance") is not None
    ]
    return pl.DataFrame(rows, schema={"benchmark_id": pl.String, "tolerance": pl.Float64})


@cache
def benchmark_crosswalk(source_id: str) -> dict[str, str]:
    """A source's own benchmark ids -> catalogue ids (`benchmark_crosswalk.csv`), for sources that name
    hundreds of benchmarks (llm-stats). Curated: an id maps only where it measures the same thing."""
    rows = pl.read_csv(_read("benchmark_crosswalk.csv"), schema={"source_id": pl.String, "native_id": pl.String, "benchmark_id": pl.String})
    rows = rows.filter(pl.col("source_id") == source_id)
    return dict(zip(rows["native_id"].to_list(), rows["benchmark_id"].to_list()))


@cache
def makers() -> pl.DataFrame:
    """Curated, exact: a maker hint (organisation, id prefix, models.dev family) -> the maker's name."""
    return pl.read_csv(_read("makers.csv"), schema={"hint": pl.String, "maker": pl.String, "note": pl.String})


@cache
def model_names() -> pl.DataFrame:
    """Curated, per model: the name to publish, one of its listings' names, where the name rule picks a worse
    one (Seed 1.8, which Volcano Engine's listing names "Doubao-Seed-1.8"): model_id -> name."""
    return pl.read_csv(_read("model_names.csv"), schema={"model_id": pl.String, "name": pl.String, "note": pl.String})


@cache
def licences() -> pl.DataFrame:
    """Curated, exact: a source's name for a licence -> the Hugging Face Hub's id for it (`transform/licences.py`);
    an empty licence: the spelling says no licence is known."""
    return pl.read_csv(_read("licences.csv"), schema={"spelling": pl.String, "licence": pl.String, "note": pl.String})


@cache
def model_makers() -> pl.DataFrame:
    """Curated, per model: who made a model that a host lists under another maker's family (a fine-tune or
    merge of Llama, Mistral or DeepSeek; Deepgram's Nova 3 beside Amazon's Nova): model_id -> maker."""
    return pl.read_csv(_read("model_makers.csv"), schema={"model_id": pl.String, "maker": pl.String, "note": pl.String})


def model_aliases() -> pl.DataFrame:
    """Curated aliases: a spelling used by some source -> canonical model id, and the setting the
    spelling names (`deepseek-v3.2-thinking` -> deepseek-v3-2, `thinking`); an empty id blocks it."""
    return pl.read_csv(
        _read("model_aliases.csv"), schema={"alias": pl.String, "model_id": pl.String, "variant": pl.String, "note": pl.String}
    )


ALIAS_HISTORY_COLUMNS: dict[str, pl.DataType] = {
    "alias": pl.String, "model_id": pl.String, "variant": pl.String, "since": pl.Date, "note": pl.String,
}


@cache
def alias_history() -> pl.DataFrame:
    """Curated, dated history of the makers' moving aliases: from `since`, `alias` points to `model_id`
    (with `variant`, the setting it serves). A row without a model id declares a moving alias whose
    targets are not known: names using it stay unresolved."""
    return pl.read_csv(_read("alias_history.csv"), schema=ALIAS_HISTORY_COLUMNS)


@cache
def source_errata() -> pl.DataFrame:
    """Curated: known errors in a source's data, each with its evidence, corrected at build time while the
    source still states them (`transform/errata.py`)."""
    from registry_pipeline.transform import errata

    rows = errata.checked(pl.read_csv(_read("source_errata.csv"), schema=errata.ERRATA_COLUMNS))
    refiled = pl.col("field") == "benchmark_id"
    rows = rows.with_columns(  # rows file under current ids, and are refiled under one
        benchmark_id=current_benchmark_id(pl.col("benchmark_id")),
        wrong=pl.when(refiled).then(current_benchmark_id(pl.col("wrong"))).otherwise(pl.col("wrong")),
        corrected=pl.when(refiled).then(current_benchmark_id(pl.col("corrected"))).otherwise(pl.col("corrected")),
    )
    unknown = rows.filter(refiled & ~pl.col("corrected").is_in(benchmarks()["id"].implode()))
    if unknown.height:
        raise ValueError("; ".join(f"source_errata.csv: {r['source_id']}, {r['key']}: benchmark_id is refiled under "
                                   f"{r['corrected']!r}, not a catalogue benchmark" for r in unknown.iter_rows(named=True)))
    return rows


def sources() -> pl.DataFrame:
    """The sources table, derived from the source specs (one file per source)."""
    return pl.DataFrame(
        [
            {
                "id": s.spec.id,
                "name": s.spec.name,
                "url": s.spec.homepage,
                "publisher": s.spec.publisher,
                "default_verification_level": s.spec.default_verification_level,
                "licence": s.spec.licence,
                "attribution": s.spec.attribution,
                "attribution_required": s.spec.attribution_required,
                "priority": s.spec.priority,
                "cadence": s.spec.cadence,
                "freshness_days": s.spec.freshness_days,
            }
            for s in all_sources()
        ],
        schema=SOURCE_COLUMNS,
    )


def sources_markdown() -> str:
    """The sources table for docs/sources.md, generated from the specs (`make docs`)."""
    lines = [
        "# Sources",
        "",
        "Generated from `registry_pipeline/sources/*.py` by `make docs`; do not edit by hand.",
        "",
        "| id | name | publisher | files | auth | verification | licence | attribution | priority | fresh within |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in all_sources():
        spec = s.spec
        files = "<br>".join(f"[`{f.name}`]({f.url})" for f in spec.files)
        auth = f"`{spec.auth_header}` from `{spec.auth_env_var}`" if spec.auth_env_var else "none"
        attribution = (spec.attribution or "—") + (" (required)" if spec.attribution_required else "")
        lines.append(
            f"| `{spec.id}` | [{spec.name}]({spec.homepage}) | {spec.publisher} | {files} | {auth} | "
            f"{spec.default_verification_level} | {spec.licence} | {attribution} | {spec.priority} | {spec.freshness_days} days |"
        )
    return "\n".join(lines) + "\n"
