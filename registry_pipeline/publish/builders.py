"""Pure builders: `Registry` -> `{url: body}` for every endpoint of API.md.

Bodies are plain Python values (dicts/lists/str/float/int/bool/None) ready for orjson, or CSV text
for `/api/v1/export.csv`.  Frames are turned into camelCase records with polars expressions and
`to_dicts()`; Python only assembles the results.  Dates become `YYYY-MM-DD` strings here so the
bodies are identical after a JSON round trip (the local server re-serialises filtered bodies).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import polars as pl

from registry_pipeline.publish import csv_export, parquet_export
from registry_pipeline.publish.openapi import openapi_document
from registry_pipeline.sources._settings import off_protocol
from registry_pipeline.transform import changes as changes_mod
from registry_pipeline.transform import leaderboards as leaderboards_mod
from registry_pipeline.transform.scoring import one_decimal
from registry_pipeline.publish.routes import API_PREFIX, API_VERSION, ENDPOINTS, SEGMENT_RE
from registry_pipeline.registry import ALIAS_COLUMNS, CROSSWALK_COLUMNS, REVIEW_COLUMNS, Registry

Body = dict[str, Any] | str

REGISTRY_NAME = "registry-pipeline"
AA_SOURCE_ID = "artificial-analysis"
AA_URL = "https://artificialanalysis.ai/"
ATTRIBUTION_NOTE = (
    "Rows with isArtificialAnalysis=true are derived from Artificial Analysis (https://artificialanalysis.ai/)."
)
ALL_SLUG = "all"
ALL_NAME = "All"

SCORE_ROW_FIELDS: tuple[str, ...] = (
    "modelId", "modelName", "provider", "benchmarkId", "benchmarkName", "category", "score",
    "normalizedScore", "verified", "verificationLevel", "sourceId", "sourceUrl", "asOfDate",
    "isArtificialAnalysis", "variant", "benchmarkVersion",
)  # fmt: skip


def _date(col: str) -> pl.Expr:
    return pl.col(col).dt.to_string("%Y-%m-%d")


def stamp(ts: dt.datetime) -> str:
    """ISO 8601 UTC with a `Z`, second precision (a naive datetime is taken as UTC)."""
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=dt.timezone.utc)
    return ts.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# ---------------------------------------------------------------- shared pieces


def attribution(registry: Registry) -> dict[str, Any]:
    """Who to credit: Artificial Analysis first, then every source whose licence asks for credit
    (by priority, then id), a link back to the registry (`registry.public_url`, null when unknown),
    and the note on `isArtificialAnalysis`."""
    src = registry.sources
    required = (
        src.filter(pl.col("attribution_required").fill_null(False) | (pl.col("id") == AA_SOURCE_ID))
        .with_columns(_aa=pl.col("id") != AA_SOURCE_ID)
        .sort(["_aa", "priority", "id"], nulls_last=True)
        .select(
            sourceId="id",
            name="name",
            url=pl.when(pl.col("id") == AA_SOURCE_ID).then(pl.coalesce("url", pl.lit(AA_URL))).otherwise("url"),
            text=pl.when(pl.col("attribution").fill_null("") == "").then(None).otherwise("attribution"),
        )
        .to_dicts()
    )
    return {
        "required": required,
        "registry": {"name": REGISTRY_NAME, "url": registry.public_url or None},
        "note": ATTRIBUTION_NOTE,
    }


def category_names(registry: Registry) -> list[str]:
    return registry.categories.sort("position", "slug")["name"].to_list()


def _check_segments(kind: str, values: list[str]) -> None:
    bad = [v for v in values if v is None or not SEGMENT_RE.match(v) or v.endswith((".json", ".csv"))]
    if bad:
        raise ValueError(f"{kind}: not URL-safe slugs: {bad[:10]}")
    dupes = sorted(v for v, n in Counter(values).items() if n > 1)
    if dupes:
        raise ValueError(f"{kind}: duplicate ids: {dupes[:10]}")


def model_summaries(registry: Registry) -> list[dict[str, Any]]:
    """ModelSummary records ordered by id."""
    return (
        registry.models.sort("id")
        .select(
            "id",
            "name",
            "provider",
            "family",
            "status",
            releaseDate=_date("release_date"),
            trainingCutoff="training_cutoff",
            capabilities="capabilities",
            isOpenSource="is_open_source",
            licence="licence",
            specs=pl.struct(
                contextWindow="context_window",
                maxOutputTokens="max_output_tokens",
                parameters="parameters",
                pricing=pl.struct(
                    input="price_input",
                    output="price_output",
                    cacheInput="price_cache_input",
                    cacheOutput="price_cache_output",
                ),
            ),
            apiSupport=pl.struct(
                reasoning="api_reasoning",
                vision="api_vision",
                tools="api_tools",
                structuredOutput="api_structured_output",
                attachment="api_attachment",
            ),
            coverage="coverage",
        )
        .to_dicts()
    )


def score_frame(registry: Registry) -> pl.DataFrame:
    """ScoreRow columns ordered by modelId, then benchmarkId: the JSON, CSV and Parquet exports' rows."""
    return (
        registry.scores.sort("model_id", "benchmark_id")
        .select(
            modelId="model_id",
            modelName="model_name",
            provider="provider",
            benchmarkId="benchmark_id",
            benchmarkName="benchmark_name",
            category="category",
            score="score",
            normalizedScore="normalized_score",
            verified="verified",
            verificationLevel="verification_level",
            sourceId="source_id",
            sourceUrl="source_url",
            asOfDate=_date("as_of_date"),
            isArtificialAnalysis="is_artificial_analysis",
            variant="variant",
            benchmarkVersion="benchmark_version",
        )
    )


def score_rows(registry: Registry) -> list[dict[str, Any]]:
    """ScoreRow records ordered by modelId, then benchmarkId."""
    return score_frame(registry).to_dicts()


def latest_score_date(registry: Registry) -> str | None:
    latest = registry.scores["as_of_date"].max() if registry.scores.height else None
    return latest.isoformat() if latest is not None else None


# ---------------------------------------------------------------- endpoints


def index_body(registry: Registry) -> dict[str, Body]:
    return {API_PREFIX: {"apiVersion": API_VERSION, "endpoints": dict(ENDPOINTS), "attribution": attribution(registry)}}


def meta_body(registry: Registry, generated_at: dt.datetime) -> dict[str, Body]:
    sources = source_states(registry)
    body = {
        "apiVersion": API_VERSION,
        "generatedAt": stamp(generated_at),
        "buildId": registry.build_id,
        "latestScoreDate": latest_score_date(registry),
        "counts": {
            "models": registry.models.height,
            "benchmarks": registry.benchmarks.height,
            "categories": registry.categories.height,
            "sources": registry.sources.height,
        },
        "categories": category_names(registry),
        "endpoints": list(ENDPOINTS.values()),
        "sources": sources,
        "attribution": attribution(registry),
    }
    return {f"{API_PREFIX}/meta": body}


def models_body(registry: Registry, models: list[dict[str, Any]]) -> dict[str, Body]:
    """The complete list: `limit` is its size (the server's paged answers set their own)."""
    return {f"{API_PREFIX}/models": {"total": len(models), "offset": 0, "limit": len(models), "models": models,
                                     "attribution": attribution(registry)}}


def categories_body(registry: Registry) -> dict[str, Body]:
    """`/api/v1/categories`: every category in display order with its slug (the leaderboard URL segment,
    `slug.slugify` of its name), description and how many catalogue benchmarks it holds."""
    counts = registry.benchmarks.group_by("category").agg(benchmarkCount=pl.len().cast(pl.Int64))
    cats = (
        registry.categories.sort("position", "slug")
        .join(counts, left_on="name", right_on="category", how="left")
        .select("name", "slug", "description", pl.col("benchmarkCount").fill_null(0))
        .to_dicts()
    )
    return {f"{API_PREFIX}/categories": {"total": len(cats), "categories": cats, "attribution": attribution(registry)}}


def source_states(registry: Registry) -> list[dict[str, Any]]:
    """Each source with how the last run obtained it (meta's `sources`)."""
    status = registry.source_status or {}
    sources = registry.sources.sort("id").select("id", "name", "url", "publisher", "licence").to_dicts()
    for s in sources:
        st = status.get(s["id"]) or {}
        fetched_on = st.get("fetched_on")
        s.update(
            # `live`: the source answered this run and its newest payload is in use, whether it sent the bytes
            # again (200) or said they had not changed (304: mode `unchanged`, told apart in the run's log, the
            # Dagster metadata and the warehouse's source_runs), so an unchanged upstream rewrites no file
            status="live" if st.get("mode") == "unchanged" else st.get("mode"),
            snapshot=st.get("snapshot"),
            fetchedOn=fetched_on.isoformat() if isinstance(fetched_on, dt.date) else fetched_on,
            # why a source is not live: its fetch failed, or its newest payload was refused as degraded
            message=st.get("message") if st.get("mode") not in (None, "live", "unchanged") else None,
            degraded=bool(st.get("degraded")),
        )
    return sources


def sources_body(registry: Registry, generated_at: dt.datetime) -> dict[str, Body]:
    """`/api/v1/sources`: meta's sources plus licence terms, cadence and freshness: `freshUntil` is the
    last day its snapshot counts as fresh, `fresh` whether it still was when this build was made."""
    extra = {r["id"]: r for r in registry.sources.select(
        "id", "attribution", "attribution_required", "cadence", "freshness_days", "default_verification_level").to_dicts()}
    out = []
    for s in source_states(registry):
        e = extra[s["id"]]
        fetched = dt.date.fromisoformat(s["fetchedOn"]) if s["fetchedOn"] else None
        until = fetched + dt.timedelta(days=e["freshness_days"]) if fetched and e["freshness_days"] is not None else None
        out.append({
            **s, "attribution": e["attribution"] or None, "attributionRequired": bool(e["attribution_required"]),
            "verificationLevel": e["default_verification_level"], "cadence": e["cadence"], "freshnessDays": e["freshness_days"],
            "freshUntil": until.isoformat() if until else None, "fresh": until is not None and generated_at.date() <= until,
        })
    return {f"{API_PREFIX}/sources": {"total": len(out), "sources": out, "attribution": attribution(registry)}}


def model_slice_bodies(models: list[dict[str, Any]]) -> dict[str, Body]:
    """`/api/v1/models/{id}.json`: the ModelSummary alone (no attribution; see README)."""
    return {f"{API_PREFIX}/models/{m['id']}.json": m for m in models}


def model_detail_bodies(registry: Registry, models: list[dict[str, Any]]) -> dict[str, Body]:
    """`/api/v1/models/{id}`: ModelSummary plus `scores` keyed by benchmarkId."""
    per_model = (
        registry.scores.sort("model_id", "benchmark_id")
        .select(
            "model_id",
            "benchmark_id",
            entry=pl.struct(
                score="score",
                normalizedScore="normalized_score",
                verified="verified",
                verificationLevel="verification_level",
                sourceId="source_id",
                sourceUrl="source_url",
                asOfDate=_date("as_of_date"),
                variant="variant",
                benchmarkVersion="benchmark_version",
            ),
        )
        .group_by("model_id", maintain_order=True)
        .agg("benchmark_id", "entry")
        .to_dicts()
    )
    scores_by_model = {r["model_id"]: dict(zip(r["benchmark_id"], r["entry"])) for r in per_model}
    offers, sources, settings = provider_offers(registry), field_sources(registry), variants(registry)
    disputed = disputed_scores(registry)
    attr = attribution(registry)
    base_models = dict(registry.models.select("id", "base_model").iter_rows())
    return {
        f"{API_PREFIX}/models/{m['id']}": {
            "model": {
                **m,
                "baseModel": base_models.get(m["id"]),
                "scores": scores_by_model.get(m["id"], {}),
                "variants": settings.get(m["id"], []),
                "disputedScores": disputed.get(m["id"], []),
                "providers": offers.get(m["id"], []),
                "fieldSources": sources.get(m["id"], {}),
            },
            "attribution": attr,
        }
        for m in models
    }


def disputed_scores(registry: Registry) -> dict[str, list[str]]:
    """Per model: the benchmarks on which its sources disagree beyond the tolerance (`/api/v1/conflicts`)."""
    if registry.conflicts is None or registry.conflicts.is_empty():
        return {}
    rows = registry.conflicts.select("model_id", "benchmark_id").unique().sort("model_id", "benchmark_id").group_by("model_id", maintain_order=True).agg("benchmark_id")
    return {r["model_id"]: r["benchmark_id"] for r in rows.to_dicts()}


def conflicts_body(registry: Registry) -> dict[str, Body]:
    """`/api/v1/conflicts`: every (model, benchmark, setting) whose sources disagree, largest normalised gap
    first, with every value, source, level and date, the published winner of the group and why."""
    frame = registry.conflicts if registry.conflicts is not None else pl.DataFrame()
    rows: list[dict[str, Any]] = []
    if frame.height:
        grouped = (
            frame.sort("normalized_gap", "model_id", "benchmark_id", "benchmark_version", "variant", "is_winner", "source_id",
                       descending=[True, False, False, False, False, True, False], nulls_last=True)
            .group_by("model_id", "benchmark_id", "benchmark_version", "variant", maintain_order=True)
            .agg(
                gap=pl.col("gap").first(), normalizedGap=pl.col("normalized_gap").first(), tolerance=pl.col("tolerance").first(),
                winner=pl.struct(sourceId=pl.col("winner_source_id").first(), reason=pl.col("winner_reason").first()),
                values=pl.struct(sourceId="source_id", score="score", normalizedScore="normalized_score",
                                 verificationLevel="verification_level", asOfDate=_date("as_of_date"), winner="is_winner"),
            )
        )
        rows = grouped.select(
            modelId="model_id", benchmarkId="benchmark_id", benchmarkVersion="benchmark_version", variant="variant", gap=pl.col("gap").round(4),
            normalizedGap=one_decimal(pl.col("normalizedGap")), tolerance=pl.col("tolerance").round(4), winner="winner", values="values",
        ).to_dicts()
    return {f"{API_PREFIX}/conflicts": {"total": len(rows), "conflicts": rows, "attribution": attribution(registry)}}


def _change_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return frame.select(
        generatedAt="generated_at", kind="kind", modelId="model_id", benchmarkId="benchmark_id", sourceId="source_id",
        field="field", old="old", new="new",
    ).to_dicts()


def changes_bodies(registry: Registry, generated_at: dt.datetime) -> dict[str, Body]:
    """`/api/v1/changes`: the newest build that changed anything, against the build before it;
    `/api/v1/changes/{YYYY-MM-DD}`: every change recorded that day, for the last RETENTION_DAYS days."""
    log = registry.changes_log if registry.changes_log is not None else pl.DataFrame(schema=changes_mod.CHANGE_COLUMNS)
    latest = changes_mod.latest_build(log)
    attr = attribution(registry)
    bodies: dict[str, Body] = {
        f"{API_PREFIX}/changes": {
            "generatedAt": latest["generated_at"][0] if latest.height else None,
            "previousGeneratedAt": latest["previous_generated_at"][0] if latest.height else None,
            "retentionDays": changes_mod.RETENTION_DAYS,
            "total": latest.height,
            "changes": _change_rows(latest),
            "attribution": attr,
        }
    }
    for day, frame in changes_mod.by_day(log, generated_at.date()).items():
        bodies[f"{API_PREFIX}/changes/{day}"] = {"date": day, "total": frame.height, "changes": _change_rows(frame), "attribution": attr}
    return bodies


ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_TAG = "tag:registry-pipeline.invalid,2026:changes"  # .invalid: an identifier, never resolved


def changes_feed_body(registry: Registry) -> dict[str, Body]:
    """`/api/v1/changes.xml`: the change log as an Atom feed (RFC 4287), one entry per build that changed
    anything (newest first, the retention window's builds), linking to that day's changes. Its dates are
    the builds' own, so an unchanged rebuild writes the same bytes."""
    import xml.etree.ElementTree as ET

    log = registry.changes_log if registry.changes_log is not None else pl.DataFrame(schema=changes_mod.CHANGE_COLUMNS)
    line = pl.concat_str(
        pl.concat_str("kind", "model_id", "benchmark_id", "source_id", "field", separator=" ", ignore_nulls=True),
        pl.when(pl.col("old").is_not_null() | pl.col("new").is_not_null())
        .then(pl.format(": {} -> {}", pl.col("old").fill_null("(none)"), pl.col("new").fill_null("(none)"))).otherwise(pl.lit("")),
    )
    summary = (  # "2 score added, 1 model added": by count, then kind (deterministic bytes)
        log.group_by("generated_at", "kind").len()
        .sort(["generated_at", "len", "kind"], descending=[False, True, False])
        .group_by("generated_at", maintain_order=True)
        .agg(summary=pl.format("{} {}", "len", pl.col("kind").str.replace_all("_", " ")).str.join(", "))
    )
    builds = (
        log.with_columns(line=line)
        .group_by("generated_at", maintain_order=True)
        .agg(n=pl.len(), content=pl.col("line").str.join("\n"))
        .join(summary, on="generated_at")
        .sort("generated_at", descending=True)
    )
    latest = latest_score_date(registry)
    # the feed's date: its newest build's, else the newest score's; with neither there is nothing to date
    updated = builds["generated_at"][0] if builds.height else (f"{latest}T00:00:00Z" if latest else None)
    if updated is None:
        return {}
    ET.register_namespace("", ATOM_NS)
    q = lambda tag: f"{{{ATOM_NS}}}{tag}"  # noqa: E731
    feed = ET.Element(q("feed"))
    ET.SubElement(feed, q("id")).text = FEED_TAG
    ET.SubElement(feed, q("title")).text = "registry-pipeline: what changed in the LLM registry"
    ET.SubElement(feed, q("updated")).text = updated
    author = ET.SubElement(feed, q("author"))
    ET.SubElement(author, q("name")).text = "registry-pipeline"
    attr = attribution(registry)  # the feed's credit: the same attribution every JSON body carries
    credits = "; ".join(f"{r.get('name') or r['sourceId']} ({r['url']})" if r.get("url") else str(r.get("name") or r["sourceId"])
                        for r in attr.get("required", []))
    ET.SubElement(feed, q("rights")).text = " ".join(x for x in (f"Data from: {credits}." if credits else "", attr.get("note") or "") if x)
    base = registry.public_url.rstrip("/") if registry.public_url else ""
    ET.SubElement(feed, q("link"), rel="self", href=f"{base}{API_PREFIX}/changes.xml", type="application/atom+xml")
    ET.SubElement(feed, q("link"), rel="alternate", href=f"{base}{API_PREFIX}/changes", type="application/json")
    for b in builds.to_dicts():
        entry = ET.SubElement(feed, q("entry"))
        ET.SubElement(entry, q("id")).text = f"{FEED_TAG}/{b['generated_at']}"
        ET.SubElement(entry, q("title")).text = f"{b['n']} changes: {b['summary']}"
        ET.SubElement(entry, q("updated")).text = b["generated_at"]
        ET.SubElement(entry, q("link"), rel="alternate", href=f"{base}{API_PREFIX}/changes/{b['generated_at'][:10]}", type="application/json")
        ET.SubElement(entry, q("content"), type="text").text = b["content"]
    xml = ET.tostring(feed, encoding="unicode")
    return {f"{API_PREFIX}/changes.xml": '<?xml version="1.0" encoding="utf-8"?>\n' + xml + "\n"}


def variants(registry: Registry) -> dict[str, list[dict[str, Any]]]:
    """Per model: the settings that have scores (null: the default), with how many benchmarks each."""
    if registry.model_variants is None or registry.model_variants.is_empty():
        return {}
    rows = (
        registry.model_variants.sort("model_id", "variant", nulls_last=False)
        .select("model_id", entry=pl.struct(variant="variant", benchmarkCount="benchmark_count", sourceIds="source_ids"))
        .group_by("model_id", maintain_order=True)
        .agg("entry")
        .to_dicts()
    )
    return {r["model_id"]: r["entry"] for r in rows}


def current_aliases(registry: Registry) -> pl.DataFrame:
    """Each published alias's current entry (the newest `since` without an `until`), for aliases that
    are not model ids themselves and whose target is a model."""
    if registry.model_aliases is None or registry.model_aliases.is_empty():
        return pl.DataFrame(schema=ALIAS_COLUMNS)
    ids = registry.models["id"].implode()
    return (
        registry.model_aliases.filter(pl.col("until").is_null() & pl.col("model_id").is_in(ids) & ~pl.col("alias").is_in(ids))
        .sort("alias", "since", nulls_last=False)
        .group_by("alias", maintain_order=True).last()
        .filter(pl.col("alias").str.contains(r"^[a-z0-9][a-z0-9._-]*$"))
    )


def alias_bodies(registry: Registry, details: dict[str, Body], slices: dict[str, Body],
                 targets: list[str] | None = None) -> dict[str, Body]:
    """`/api/v1/models/{alias}` answers for a maker's moving alias: the detail of the snapshot it points
    to now, with `alias` saying which snapshot, with which setting, since when, and its history. `targets`:
    only the aliases of these models (whose bodies `details` and `slices` hold); None: every alias."""
    current = current_aliases(registry)
    if targets is not None:
        current = current.filter(pl.col("model_id").is_in(pl.Series(targets, dtype=pl.String).implode()))
    if current.is_empty():
        return {}
    history = (
        registry.model_aliases.filter(pl.col("alias").is_in(current["alias"].implode()))  # the histories of these aliases
        .sort("alias", "since", nulls_last=False)
        .select("alias", entry=pl.struct(modelId="model_id", variant="variant", since=_date("since"), until=_date("until")))
        .group_by("alias", maintain_order=True).agg("entry")
    )
    hist = {r["alias"]: r["entry"] for r in history.to_dicts()}
    bodies: dict[str, Body] = {}
    for a in current.to_dicts():
        detail = details[f"{API_PREFIX}/models/{a['model_id']}"]
        since = a["since"].isoformat() if a["since"] else None
        bodies[f"{API_PREFIX}/models/{a['alias']}"] = {
            "model": detail["model"],
            "alias": {"name": a["alias"], "modelId": a["model_id"], "variant": a["variant"], "since": since, "history": hist.get(a["alias"], [])},
            "attribution": detail["attribution"],
        }
        bodies[f"{API_PREFIX}/models/{a['alias']}.json"] = slices[f"{API_PREFIX}/models/{a['model_id']}.json"]
    return bodies


def crosswalk_body(registry: Registry) -> dict[str, Body]:
    """`/api/v1/crosswalk`: every name a source uses for a model, resolved or not."""
    frame = registry.crosswalk if registry.crosswalk is not None else pl.DataFrame(schema=CROSSWALK_COLUMNS)
    rows = frame.select(
        sourceId="source_id", nativeId="native_id", rawName="raw_name", modelId="model_id", variant="variant",
        rule="rule", reason="reason", observations="observations",
    ).to_dicts()
    return {f"{API_PREFIX}/crosswalk": {"total": len(rows), "crosswalk": rows, "attribution": attribution(registry)}}


def review_body(registry: Registry) -> dict[str, Body]:
    """`/api/v1/review`: names that did not resolve, with counts, reasons and suggested model ids."""
    frame = registry.review if registry.review is not None else pl.DataFrame(schema=REVIEW_COLUMNS)
    rows = frame.sort("observations", "source_id", "raw_model_name", "model_hint", descending=[True, False, False, False], nulls_last=True).select(
        sourceId="source_id", rawName="raw_model_name", hint="model_hint", observations=pl.col("observations").cast(pl.Int64),
        reason="reason", suggestions="suggestions",
    ).to_dicts()
    return {f"{API_PREFIX}/review": {"total": len(rows), "names": rows, "attribution": attribution(registry)}}


# published model fields -> their path in ModelSummary, for `fieldSources`
FIELD_PATHS: dict[str, str] = {
    "release_date": "releaseDate", "training_cutoff": "trainingCutoff", "open_weights": "isOpenSource", "family": "family",
    "licence": "licence", "param_count": "specs.parameters", "base_model": "baseModel",
    "context_window": "specs.contextWindow", "max_output_tokens": "specs.maxOutputTokens",
    "price_input": "specs.pricing.input", "price_output": "specs.pricing.output",
    "price_cache_input": "specs.pricing.cacheInput", "price_cache_output": "specs.pricing.cacheOutput",
    "input_modalities": "capabilities", "supports_reasoning": "apiSupport.reasoning", "supports_tools": "apiSupport.tools",
    "supports_structured_output": "apiSupport.structuredOutput", "supports_attachment": "apiSupport.attachment",
    "status": "status",
}


def provider_offers(registry: Registry) -> dict[str, list[dict[str, Any]]]:
    """Per model: who serves it at what price (USD per 1M tokens), ordered by provider then source."""
    if registry.providers is None or registry.providers.is_empty():
        return {}
    rows = (
        registry.providers.sort("model_id", "provider_id", "source_id")
        .select(
            "model_id",
            offer=pl.struct(
                providerId="provider_id",
                providerName="provider_name",
                pricing=pl.struct(input="price_input", output="price_output", cacheInput="price_cache_input", cacheOutput="price_cache_output"),
                contextWindow="context_window",
                sourceId="source_id",
            ),
        )
        .group_by("model_id", maintain_order=True)
        .agg("offer")
    )
    return dict(zip(rows["model_id"].to_list(), rows["offer"].to_list()))


def field_sources(registry: Registry) -> dict[str, dict[str, Any]]:
    """Per model: for each published metadata field, the source, record and page its value came from."""
    if registry.field_sources is None or registry.field_sources.is_empty():
        return {}
    rows = (
        registry.field_sources.filter(pl.col("field").is_in(list(FIELD_PATHS)))
        .sort("model_id", "field")
        .select("model_id", path=pl.col("field").replace_strict(FIELD_PATHS),
                entry=pl.struct(sourceId="source_id", nativeId="raw_model_id", sourceUrl="source_url", rule="rule", corrected="corrected"))
        .group_by("model_id", maintain_order=True)
        .agg("path", "entry")
    )
    # `corrected: true` on a value a curated erratum corrected (transform/errata.py), absent elsewhere
    return {r["model_id"]: {p: e if e["corrected"] else {k: v for k, v in e.items() if k != "corrected"} for p, e in zip(r["path"], r["entry"])}
            for r in rows.iter_rows(named=True)}


def _benchmarks_ordered(registry: Registry) -> pl.DataFrame:
    pos = registry.categories.select(category="name", _pos="position")
    return registry.benchmarks.join(pos, on="category", how="left").sort(["_pos", "id"], nulls_last=True)


def benchmark_entries(registry: Registry) -> list[dict[str, Any]]:
    """Benchmark records (the catalogue's order: category position, then id), each with its former ids (sorted;
    none: []): ids an earlier build published for it, still answering."""
    former = registry.benchmark_former_ids
    if former is None:
        former = pl.DataFrame(schema={"former_id": pl.String, "benchmark_id": pl.String})
    former_ids = former.sort("former_id").group_by("benchmark_id", maintain_order=True).agg(formerIds="former_id")
    return (
        _benchmarks_ordered(registry)
        .join(former_ids.rename({"benchmark_id": "id"}), on="id", how="left", maintain_order="left")
        .with_columns(pl.col("formerIds").fill_null(pl.lit([], pl.List(pl.String))))
        .select(
            "id",
            "name",
            "category",
            "description",
            maxScore="max_score",
            minScore="min_score",
            higherIsBetter="higher_is_better",
            normalizeMethod="normalize_method",
            unit="unit",
            link="link",
            paperUrl="paper_url",
            formerIds="formerIds",
        )
        .to_dicts()
    )


def benchmarks_body(registry: Registry) -> dict[str, Body]:
    benchmarks = benchmark_entries(registry)
    body = {
        "total": len(benchmarks),
        "categories": category_names(registry),
        "benchmarks": benchmarks,
        "attribution": attribution(registry),
    }
    return {f"{API_PREFIX}/benchmarks": body}


def benchmark_detail_bodies(registry: Registry, scores: pl.DataFrame) -> Iterator[tuple[str, Body]]:
    """`/api/v1/benchmarks/{id}` for every catalogue benchmark, and the same body at each of its former ids: the
    benchmark (as `/api/v1/benchmarks` lists it) and its published scores (`scores`: ScoreRow columns, as
    `score_frame`), best first among the scores that compare: the runs under the benchmark's protocol
    (`sources._settings.off_protocol`) before those that depart from it (with tools, over several attempts, on a
    subset: their `variant` says how); within each, the runs of one release or window of problems
    (`benchmarkVersion`) together, the release with the most scores first (LiveBench's current table before the
    two rows of its previous one; LiveCodeBench's unsaid window before its named ones); within a release by
    normalizedScore, then the score in the benchmark's direction, then modelId. A static host serves one benchmark's
    table without the whole scores file. Yielded one benchmark at a time, so that the rows as Python objects are
    never all held at once (at 100x the recordings, 800,000 rows)."""
    entries = benchmark_entries(registry)
    lower = [e["id"] for e in entries if e["higherIsBetter"] is False]
    ordered = scores.with_columns(
        _off=off_protocol(pl.col("variant")),
        _n=pl.len().over("benchmarkId", "benchmarkVersion"),
        _worse=pl.when(pl.col("benchmarkId").is_in(lower)).then(pl.col("score")).otherwise(-pl.col("score")),
    ).sort(["benchmarkId", "_off", "_n", "benchmarkVersion", "normalizedScore", "_worse", "modelId"],
           descending=[False, False, True, True, True, False, False], nulls_last=True).drop("_off", "_n", "_worse")
    parts = ordered.partition_by("benchmarkId", as_dict=True, maintain_order=True)
    attr = attribution(registry)
    for entry in entries:
        part = parts.pop((entry["id"],), None)
        rows = part.to_dicts() if part is not None else []
        body = {"benchmark": entry, "total": len(rows), "scores": rows, "attribution": attr}
        for bid in (entry["id"], *entry["formerIds"]):
            yield f"{API_PREFIX}/benchmarks/{bid}", body


def scores_body(registry: Registry, rows: list[dict[str, Any]]) -> dict[str, Body]:
    return {f"{API_PREFIX}/scores": {"total": len(rows), "scores": rows, "attribution": attribution(registry)}}


RANKING_METHOD: dict[str, Any] = {
    "name": leaderboards_mod.METHOD,
    "priorWeight": leaderboards_mod.MODEL_PRIOR_WEIGHT,
    "benchmarkPriorWeight": leaderboards_mod.BENCHMARK_PRIOR_WEIGHT,
    "intervalZ": leaderboards_mod.INTERVAL_Z,
    "description": (
        "rankScore = 100 / (1 + exp(-(boardMean + the model's effect))) in the fit logOdds ~ boardMean + model effect +"
        " benchmark effect, logOdds = ln(s / (100 - s)) of each normalizedScore s (taken within 1-99) on the board "
        "measured under its benchmark's protocol (a score with tools on a benchmark answered without them, over "
        "several attempts or on a subset of its questions, counts in average and scoreCount but not in the fit; a score "
        "on an older release of a benchmark with dated releases, LiveBench's, or on a release not said, and a score on "
        "a window of LiveCodeBench's problems, is fitted and ranked as a benchmark of its own; "
        "a model with no other score gets the "
        "board's mean): the score the fit expects of the model on a benchmark of the board's average difficulty. "
        "boardMean is the mean of the board's benchmarks' mean logOdds over the scores of models with another score on "
        "the board (of all its scores when it has none), each benchmark counted once: a model with one score on the "
        "board moves no other model's rankScore. Each "
        "effect is shrunk towards 0 as if it had priorWeight (a benchmark's: benchmarkPriorWeight) more scores at the "
        "board's mean, the ratio of the fit's residual variance to the variance of the models' (benchmarks') effects, "
        "estimated on the global board of the build of every recorded source; a benchmark's effect is measured on the "
        "models with another score on the board only (one score says how good its model is, not how hard the benchmark "
        "is); the effects solve the fit's equations exactly. A model with one score on the board has no say in its "
        "benchmark's effect, and that score counts for (nL + benchmarkPriorWeight) / (nL + benchmarkPriorWeight + 1) of"
        " a score, nL the benchmark's scores by models with another score (one on a board of one benchmark): a "
        "benchmark whose difficulty nothing else measures says little about its model. A model scored only on easy "
        "benchmarks is not ranked above models scored on hard ones for it, and a model with one score on a "
        "well-measured benchmark keeps about 1 / (1 + priorWeight) of its distance from the mean. rank orders by "
        "rankScore, then average, coverage and name. interval is 100 / (1 + exp(-(boardMean + effect -/+ intervalZ * "
        "residualSd / sqrt(n + priorWeight)))) (n: the model's scores in the fit, each counted as above; residualSd: "
        "the standard deviation of the fit's residuals, in log-odds, over the scores of models with another score on "
        "the board, the global board's where it has fewer than two). A board with no score under its benchmarks' "
        "protocols has no fit: its rankScore and interval are the average. benchmarkRanks gives the rank of each of the"
        " model's scores the fit sees among every model with such a score on that benchmark (on its release, "
        "benchmarkVersion, for a benchmark with dated releases or windows of problems)."
    ),
}


def leaderboard_bodies(registry: Registry) -> dict[str, Body]:
    """One board per category slug (in position order) plus `all`; entries by rank."""
    cats = registry.categories.sort("position", "slug").select("slug", "name")
    counts = registry.benchmarks.group_by("category").agg(n=pl.len())
    boards = pl.concat(
        [
            cats.join(counts, left_on="name", right_on="category", how="left").with_columns(pl.col("n").fill_null(0)),
            pl.DataFrame({"slug": [ALL_SLUG], "name": [ALL_NAME], "n": [registry.benchmarks.height]}),
        ],
        how="vertical_relaxed",
    )
    entries = (
        registry.leaderboards.sort("category_slug", "rank")
        .select(
            "category_slug",
            entry=pl.struct(
                rank="rank",
                modelId="model_id",
                modelName="model_name",
                provider="provider",
                releaseDate=_date("release_date"),
                average="average",
                rankScore="rank_score",
                coverage="coverage",
                scoreCount="score_count",
                interval=pl.struct(low="interval_low", high="interval_high"),
                benchmarkRanks=pl.col("benchmark_ranks").list.eval(
                    pl.struct(benchmarkId=pl.element().struct.field("benchmark_id"), rank=pl.element().struct.field("rank"),
                              of=pl.element().struct.field("of"), benchmarkVersion=pl.element().struct.field("benchmark_version"))
                ),
            ),
        )
        .group_by("category_slug", maintain_order=True)
        .agg("entry")
        .to_dicts()
    )
    by_slug = {r["category_slug"]: r["entry"] for r in entries}
    attr = attribution(registry)
    out: dict[str, Body] = {}
    for b in boards.to_dicts():
        board = by_slug.get(b["slug"], [])
        out[f"{API_PREFIX}/leaderboards/{b['slug']}"] = {
            "category": b["name"],
            "categorySlug": b["slug"],
            "benchmarkCount": b["n"],
            "totalModelsRanked": len(board),
            "method": RANKING_METHOD,
            "leaderboard": board,
            "attribution": attr,
        }
    return out


def export_body(registry: Registry, rows: list[dict[str, Any]], exported_at: dt.datetime) -> dict[str, Body]:
    body = {
        "total": len(rows),
        "exportedAt": stamp(exported_at),
        "filters": {},
        "scores": rows,
        "attribution": attribution(registry),
    }
    return {f"{API_PREFIX}/export": body}


def export_csv_body(scores: pl.DataFrame) -> dict[str, Body]:
    """`/api/v1/export.csv`: the export's ScoreRows (`score_frame`) as CSV."""
    return {f"{API_PREFIX}/export.csv": csv_export.frame_csv(scores)}


def export_parquet_body(scores: pl.DataFrame) -> dict[str, Body]:
    """`/api/v1/export.parquet`: the export's ScoreRows (`score_frame`) as one Parquet table (columns as in the JSON)."""
    return {f"{API_PREFIX}/export.parquet": parquet_export.scores_parquet(scores)}


def check_registry(registry: Registry) -> None:
    """Refuse ids that cannot be URL path segments (they become file names)."""
    _check_segments("models.id", registry.models["id"].to_list())
    former = registry.benchmark_former_ids["former_id"].to_list() if registry.benchmark_former_ids is not None else []
    _check_segments("benchmarks.id and former ids", registry.benchmarks["id"].to_list() + former)
    slugs = registry.categories["slug"].to_list()
    _check_segments("categories.slug", slugs)
    if ALL_SLUG in slugs:
        raise ValueError(f"categories.slug: {ALL_SLUG!r} is reserved for the global leaderboard")


# models whose detail bodies are made at once: a detail holds the model's every score, offer and field source as
# Python objects (at 100x the recordings, 126,000 models' details were ~3 GB, the API step's peak)
MODELS_AT_ONCE = 4096


def _of_models(registry: Registry, ids: list[str]) -> Registry:
    """`registry` with the frames a model's detail reads by model (scores, offers, field sources, settings,
    conflicts) kept to the models `ids`; the rest as they are."""
    kept = pl.col("model_id").is_in(pl.Series(ids, dtype=pl.String).implode())

    def only(frame: pl.DataFrame | None) -> pl.DataFrame | None:
        return None if frame is None else frame.filter(kept)

    return dataclasses.replace(registry, scores=registry.scores.filter(kept), providers=only(registry.providers),
                               field_sources=only(registry.field_sources), model_variants=only(registry.model_variants),
                               conflicts=only(registry.conflicts))


def iter_bodies(registry: Registry, generated_at: dt.datetime) -> Iterator[tuple[str, Body]]:
    """Every endpoint body as (URL, body), in no particular order, one group of endpoints at a time: a
    group's bodies are made when the one before has been consumed, and each body is let go once handed
    over, so that a publisher writing them as they come never holds every body at once (at 30x the
    recordings the bodies as Python objects were ~1.6 GB). `generated_at` stamps meta (`generatedAt`)
    and export (`exportedAt`); nothing else carries a timestamp."""
    check_registry(registry)
    models = model_summaries(registry)
    for at in range(0, len(models), MODELS_AT_ONCE):
        some = models[at:at + MODELS_AT_ONCE]
        ids = [m["id"] for m in some]
        details, slices = model_detail_bodies(_of_models(registry, ids), some), model_slice_bodies(some)
        aliases = alias_bodies(registry, details, slices, targets=ids)
        for group in (details, slices, aliases):
            yield from _handed_over(group)
        del details, slices, aliases
    yield from _handed_over(models_body(registry, models))
    del models
    for make in (
        lambda: index_body(registry),
        lambda: meta_body(registry, generated_at),
        lambda: categories_body(registry),
        lambda: sources_body(registry, generated_at),
        lambda: crosswalk_body(registry),
        lambda: conflicts_body(registry),
        lambda: changes_bodies(registry, generated_at),
        lambda: changes_feed_body(registry),
        lambda: review_body(registry),
        lambda: benchmarks_body(registry),
        lambda: leaderboard_bodies(registry),
        lambda: {f"{API_PREFIX}/openapi.json": openapi_document()},
    ):
        yield from _handed_over(make())
    scores = score_frame(registry)
    yield from benchmark_detail_bodies(registry, scores)
    rows = scores.to_dicts()  # built once, shared by the two bodies listing every score
    yield from _handed_over(scores_body(registry, rows))
    yield from _handed_over(export_body(registry, rows, generated_at))
    del rows
    yield from _handed_over(export_csv_body(scores))
    yield from _handed_over(export_parquet_body(scores))


def _handed_over(group: dict[str, Body]) -> Iterator[tuple[str, Body]]:
    """The group's (URL, body) pairs, each taken out of the group as it is handed over."""
    while group:
        yield group.popitem()


def build_all(registry: Registry, generated_at: dt.datetime) -> dict[str, Body]:
    """Every endpoint body, keyed by URL (sorted): `iter_bodies` collected."""
    return dict(sorted(iter_bodies(registry, generated_at)))
