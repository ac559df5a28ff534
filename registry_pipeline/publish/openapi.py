"""The OpenAPI 3.1 document of the API (`/api/v1/openapi.json`), built from the JSON Schemas.

OpenAPI 3.1 speaks JSON Schema 2020-12, so every body schema (`publish/schemas/<name>.json`) goes into
`components/schemas` as it is, with `common.json`'s definitions beside them and the `$ref`s rewritten
to point there: one self-contained document a client generator can read.
"""

from __future__ import annotations

from typing import Any

from registry_pipeline.publish.routes import (
    API_PREFIX, API_VERSION, CSV_CONTENT_TYPE, ENDPOINTS, MAX_OFFSET, PAGE_LIMITS, PARQUET_CONTENT_TYPE,
)
from registry_pipeline.publish.schemas import COMMON, schema, schema_names

JSON = "application/json"
ATOM = "application/atom+xml"
SCORE_FILTERS = {
    "modelId": "only this model's rows (a moving alias or former id: the model it points to now)",
    "benchmarkId": "only this benchmark's rows (a former id: the benchmark it names now, see formerIds)",
    "category": "a category's name or slug, case-insensitive (unknown: 404)",
    "sourceId": "only this source's rows",
}

# endpoint name (routes.ENDPOINTS) -> (schema name or media type, summary, query parameters)
OPERATIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "index": ("index", "The API's endpoints", ()),
    "meta": ("meta", "Build, counts, categories, endpoints and sources", ()),
    "models": ("models", "Every model (ModelSummary)", ("limit", "offset")),
    "categories": ("categories", "Every category with its slug and benchmark count", ()),
    "sources": ("sources", "Every source: licence, attribution, cadence, state, freshness", ()),
    "model": ("model-detail", "One model with its scores (or a moving alias: the snapshot it names)", ()),
    "modelSlice": ("model-slice", "One model's summary, under 1 KB", ()),
    "benchmarks": ("benchmarks", "The benchmark catalogue", ("category",)),
    "benchmark": ("benchmark-detail", "One benchmark with its published scores, best first (a former id: the benchmark it names now)", ()),
    "scores": ("scores", "Published scores (ScoreRow)", ("modelId", "benchmarkId", "category", "sourceId", "limit", "offset")),
    "leaderboard": ("leaderboard", "A category's leaderboard (`all`: every benchmark)", ("limit", "offset")),
    "export": ("export", "Every published score, JSON or CSV", ("format", "modelId", "benchmarkId", "category", "sourceId")),
    "exportCsv": (CSV_CONTENT_TYPE, "Every published score as CSV", ()),
    "exportParquet": (PARQUET_CONTENT_TYPE, "Every published score as Parquet", ()),
    "crosswalk": ("crosswalk", "Every name each source uses, and the model it resolves to", ()),
    "review": ("review", "Names no model claims, with reasons and suggestions", ()),
    "conflicts": ("conflicts", "Where sources disagree beyond a benchmark's tolerance", ()),
    "changes": ("changes", "What the newest build changed", ()),
    "changesOfDay": ("changes-day", "Every change recorded on one day (30 days kept)", ()),
    "changesFeed": (ATOM, "The changes as an Atom feed", ()),
    "openapi": ("openapi", "This OpenAPI 3.1 document", ()),
}

PATH_PARAMETERS = {
    "id": "a model id or a moving alias (`gpt-4o`); case-insensitive",
    "benchmarkId": "a benchmark id (`/api/v1/benchmarks`) or a former id (its `formerIds`); case-insensitive",
    "category": "a category slug (`/api/v1/categories`), `all`, or a category name; case-insensitive",
    "date": "a day, YYYY-MM-DD",
}

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {"type": "string"}, "path": {"type": "string"}, "parameter": {"type": "string"},
        "value": {"type": "string"}, "limit": {},
    },
}


def _rewrite(node: Any) -> Any:
    """`common.json#/$defs/x` and `#/$defs/x` -> `#/components/schemas/x`; `$id`/`$schema` dropped."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ("$id", "$schema"):
                continue
            if key == "$ref" and isinstance(value, str):
                out[key] = "#/components/schemas/" + value.rsplit("/", 1)[-1]
            elif key == "$defs":
                continue  # lifted into components
            else:
                out[key] = _rewrite(value)
        return out
    if isinstance(node, list):
        return [_rewrite(v) for v in node]
    return node


def _query(name: str, endpoint: str) -> dict[str, Any]:
    if name in ("limit", "offset"):
        bounds = {"minimum": 1, "maximum": PAGE_LIMITS[endpoint][0]} if name == "limit" else {"minimum": 0, "maximum": MAX_OFFSET}
        described = "page size (with offset: a page of the list)" if name == "limit" else "rows to skip"
        return {"name": name, "in": "query", "required": False, "description": described, "schema": {"type": "integer", **bounds}}
    if name == "format":
        return {"name": name, "in": "query", "required": False, "schema": {"type": "string", "enum": ["json", "csv"]}}
    return {"name": name, "in": "query", "required": False, "description": SCORE_FILTERS.get(name, "a category name or slug"),
            "schema": {"type": "string", "minLength": 1}}


def _operation(endpoint: str, template: str) -> dict[str, Any]:
    body, summary, params = OPERATIONS[endpoint]
    if body == "openapi":
        content = {JSON: {"schema": {"type": "object", "description": "this document"}}}
    elif "/" in body:  # a media type, not a schema
        media = body.split(";")[0]
        content = {media: {"schema": {"type": "string", "format": "binary"} if media == PARQUET_CONTENT_TYPE else {"type": "string"}}}
    else:
        content = {JSON: {"schema": {"$ref": f"#/components/schemas/{body}"}}}
        if endpoint == "export":
            content[CSV_CONTENT_TYPE.split(";")[0]] = {"schema": {"type": "string"}}
    parameters = [
        {"name": p, "in": "path", "required": True, "description": PATH_PARAMETERS[p], "schema": {"type": "string", "minLength": 1}}
        for p in PATH_PARAMETERS if "{" + p + "}" in template
    ] + [_query(q, endpoint) for q in params]
    error = {JSON: {"schema": {"$ref": "#/components/schemas/error"}}}
    responses = {
        "200": {"description": summary, "headers": {"ETag": {"schema": {"type": "string"}}}, "content": content},
        "304": {"description": "Not modified (If-None-Match; If-Modified-Since is ignored: Last-Modified is the latest score date)"},
        "404": {"description": "No such resource", "content": error},
    }
    # every route refuses unknown query parameters; those that take some, bad values too
    responses["400"] = {"description": "A query parameter is unknown, repeated, empty or out of range", "content": error}
    return {"operationId": endpoint, "summary": summary, "parameters": parameters, "responses": responses}


def openapi_document() -> dict[str, Any]:
    common = schema(COMMON)
    components = {name: _rewrite(body) for name, body in common.get("$defs", {}).items()}
    components.update({name: _rewrite(schema(name)) for name in schema_names()})
    components["error"] = ERROR
    paths = {template: {"get": _operation(endpoint, template)} for endpoint, template in ENDPOINTS.items() if endpoint in OPERATIONS}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "registry-pipeline LLM registry API",
            "version": API_VERSION,
            "description": "Static JSON API of LLM models, prices and benchmark scores. Every JSON body carries `attribution`.",
        },
        "servers": [{"url": "/"}],
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": paths,
        "components": {"schemas": components},
        "x-api-prefix": API_PREFIX,
    }
