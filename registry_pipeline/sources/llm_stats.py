"""llm-stats (llm-stats.com): models, their makers, licences, per-provider prices, and benchmark scores
(mostly the makers' self-reported figures, each with the page it was copied from).

Two ways in, one parser:

* **The model API** (with `LLM_STATS_API_KEY`, sent as `Authorization: Bearer <key>`): the model list
  `GET {base}/v1/models` is cursor-paged; each page lands as `api/models-page-NNNN.json` and
  `discover()` names the next page (`?cursor=`) and one `GET {base}/v1/models/{id}` per listed model
  (`api/models/<id>.json`, the object of `docs/llm-stats-model.md`). The list's shape is not
  documented in detail; this module reads `{"data": [{"id": ...}], "next_cursor": ...}` (also
  `models` / `items` for the list and `cursor` / `next` for the cursor). `{base}` is
  `https://api.llm-stats.com`, overridden by `LLM_STATS_API_URL`. Requests stay within the documented
  "tens of requests per minute" (`requests_per_second=0.5`).
* **The public data tree** (no key, or the key refused: the fetch layer then falls back to it and
  says so): the GitHub repository behind the site, as one tarball. `data/organizations/<org>/models/<id>/`
  holds `model.json` and `benchmarks.json`; `data/providers/<p>/models.json` the serving offers;
  `data/licenses/` and `data/benchmarks/` the licences and benchmark definitions.

Units: a score's `normalized_score` is its fraction of the benchmark's `max_score` (codeforces 0.659
of 3000 is an Elo of 1977; cfeval's score 2071 has normalized 0.2071 of 10000; mbpp's 0.902 with
`max_score` 100 is 90.2 percent): it is published as a fraction, except the two rating benchmarks
(catalogue unit "points"), whose rating is normalized x max_score. Data-tree prices are **US cents**
per 1M tokens (divided by 100); the API's `*_price_per_m` are read as USD per 1M (the documentation
gives no unit; a value equal to the data tree's cents figure would be 100x off: see the test).

Level per row: `verified_by_llmstats` -> `third_party`, `is_self_reported` -> `provider`, otherwise
`community`. A score's date: its verification date when verified, else the model's announcement
(or release) date — the day the maker published the figure — else the day llm-stats recorded it.
Open weights: a licence other than "proprietary" (and "unknown") means published weights.
A row's setting: "with tools" when its `analysis_method` says the model had a search agent, a browser or
Python on a benchmark answered without them by definition (SimpleQA, HLE, AIME; not SWE-bench or
BrowseComp); a vote, pass@k or multiple attempts (`cons@64`, `pass@5`, "multiple attempts") where the
method says so; the mode ("thinking", "non-thinking") of a model whose rows name both (DeepSeek-V3.1);
a model's rows of one benchmark are told apart by those settings ("with tools", "no tools"): a row whose
setting no other row of it has keeps it, the others are told apart by their methods.
A row whose `analysis_method` says it measures something else than the benchmark's score is a reject (GPT-5's
hallucination rates under FActScore and LongFact, which score factual precision; a FLEURS accuracy "1 - WER"
beside the word error rates FLEURS is scored by; a LiveBench category's average under LiveBench, the global
average). A method that names a version or subset the catalogue has as a benchmark of its own files the row
there (`method_benchmark`: LiveCodeBench "v5", MathVista "mini", LiveBench "coding"); a LiveCodeBench row whose
method or benchmark name gives its window of problems ("2408-2505", "8/1/24–2/1/25", "v5 24.12-25.2") has it
as its `benchmark_version` ("2024-08/2025-05", `_settings.problem_window`). A source link on a
reserved example domain (`https://example.com/benchmark-image`, RFC 2606) is a placeholder, never a
`source_url`; a score of 0 whose only link is such a placeholder is a reject: llm-stats gives GPT-3.5 Turbo 0
on MMMU and MathVista, which it cannot take (no image input), not a measurement.
"""

from __future__ import annotations

import functools
import gzip
import io
import os
import re
import tarfile
import urllib.parse
from typing import Any

import polars as pl

from registry_pipeline import catalog
from registry_pipeline.schemas.contracts import REJECT_COLUMNS, SCORE_OBSERVATION_COLUMNS
from registry_pipeline.sources._parsing import (
    model_frame,
    FieldIssues,
    RowError,
    count,
    field,
    iso_date,
    load_json,
    number,
    raw_json,
    reject,
    shown,
    text,
)
from registry_pipeline.sources._settings import method_setting, problem_window, thinking_setting
from registry_pipeline.sources.base import ParseContext, ParsedSource, SourceFile, SourceParseError, SourceSpec

API_URL = os.environ.get("LLM_STATS_API_URL", "https://api.llm-stats.com").rstrip("/")
ARCHIVE = "llm-leaderboard.tar.gz"
FIRST_PAGE = "api/models-page-0001.json"

SPEC = SourceSpec(
    id="llm-stats",
    name="LLM Stats",
    publisher="llm-stats.com (JonathanChavezTamales/llm-leaderboard)",
    homepage="https://llm-stats.com",
    files=(SourceFile(ARCHIVE, "https://codeload.github.com/JonathanChavezTamales/llm-leaderboard/tar.gz/refs/heads/main"),),
    keyed_files=(SourceFile(FIRST_PAGE, f"{API_URL}/v1/models"),),
    format="json (API) / tar.gz of JSON files (data repository)",
    default_verification_level="provider",
    licence="CC BY 4.0",
    attribution="Model data and self-reported scores from LLM Stats (llm-stats.com), CC BY 4.0.",
    attribution_required=True,
    auth_env_var="LLM_STATS_API_KEY",
    auth_header="Authorization",
    auth_scheme="Bearer",
    priority=40,
    provides=("models", "scores"),
    requests_per_second=0.5,
    deadline_seconds=900.0,
    freshness_days=14,
)

MAX_ARCHIVE_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 50_000
RATING_BENCHMARKS = frozenset({"codeforces", "cfeval"})  # catalogue unit "points"
CLOSED_LICENCES = frozenset({"proprietary"})
UNKNOWN_LICENCES = frozenset({"unknown", ""})


# ------------------------------------------------------------------ the API path: pages and models


def _page_number(name: str) -> int:
    return int(re.fullmatch(r"api/models-page-(\d{4})\.json", name).group(1))  # type: ignore[union-attr]


def _list_items(body: Any) -> tuple[list[Any], str | None]:
    if not isinstance(body, dict):
        raise ValueError("a model list page is not an object")
    items = next((body[k] for k in ("data", "models", "items") if isinstance(body.get(k), list)), None)
    if items is None:
        raise ValueError("a model list page has no list of models")
    cursor = next((body[k] for k in ("next_cursor", "cursor", "next") if isinstance(body.get(k), str) and body[k]), None)
    return items, cursor


def safe_id(model_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", model_id)


def discover(files: dict[str, bytes]) -> list[SourceFile]:
    """From the list pages fetched so far: the next page, and every listed model's object."""
    pages = sorted((n for n in files if n.startswith("api/models-page-")), key=_page_number)
    named: list[SourceFile] = []
    for name in pages:
        items, cursor = _list_items(load_json(files[name], SPEC.id, name, "<body>"))
        for item in items:
            model_id = item.get("id") if isinstance(item, dict) else item
            if not isinstance(model_id, str) or not model_id.strip():
                raise ValueError(f"{name}: a listed model has no id ({shown(item)})")
            named.append(SourceFile(f"api/models/{safe_id(model_id)}.json", f"{API_URL}/v1/models/{urllib.parse.quote(model_id, safe='')}"))
        if cursor and name == pages[-1]:
            nxt = f"api/models-page-{_page_number(name) + 1:04d}.json"
            named.append(SourceFile(nxt, f"{API_URL}/v1/models?cursor={urllib.parse.quote(cursor, safe='')}"))
    return named


# ------------------------------------------------------------------ the data tree


def read_archive(data: bytes) -> dict[str, bytes]:
    """`data/...` path -> bytes, from the repository tarball (its single top folder dropped)."""
    try:
        raw = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
        if len(raw) > MAX_ARCHIVE_BYTES:
            raise SourceParseError(SPEC.id, ARCHIVE, "<archive>", f"more than {MAX_ARCHIVE_BYTES} bytes unpacked")
        tar = tarfile.open(fileobj=io.BytesIO(raw), mode="r:")
        members = tar.getmembers()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise SourceParseError(SPEC.id, ARCHIVE, "<archive>", f"not a tar.gz archive: {exc}") from None
    if len(members) > MAX_MEMBERS:
        raise SourceParseError(SPEC.id, ARCHIVE, "<archive>", f"more than {MAX_MEMBERS} members")
    out: dict[str, bytes] = {}
    for m in members:
        if not m.isfile():
            continue
        parts = m.name.split("/")
        if m.name.startswith("/") or ".." in parts:
            raise SourceParseError(SPEC.id, ARCHIVE, m.name, "unsafe member path")
        rel = "/".join(parts[1:])
        if rel.startswith("data/") and rel.endswith(".json"):
            out[rel] = tar.extractfile(m).read()  # type: ignore[union-attr]
    if not out:
        raise SourceParseError(SPEC.id, ARCHIVE, "data/", "no data/*.json files in the archive")
    return out


def _json_files(tree: dict[str, bytes], pattern: str) -> list[tuple[str, Any, str | None]]:
    """(path, decoded JSON or None, error) for every path matching `pattern`."""
    out = []
    rx = re.compile(pattern)
    for path in sorted(tree):
        if rx.fullmatch(path):
            try:
                out.append((path, load_json(tree[path], SPEC.id, path, "<body>"), None))
            except SourceParseError as exc:
                out.append((path, None, exc.reason))
    return out


# ------------------------------------------------------------------ rows


def _usd(cents: float | None) -> float | None:
    return None if cents is None else round(cents / 100.0, 6)


def _cutoff(value: str | None) -> str | None:
    return value[:7] if value and re.match(r"^\d{4}-(0[1-9]|1[0-2])", value) else None


def _open_weights(licence_id: str | None) -> bool | None:
    if licence_id is None or licence_id.lower() in UNKNOWN_LICENCES:
        return None
    return licence_id.lower() not in CLOSED_LICENCES


def _model_row(model: dict[str, Any], licences: dict[str, str], issues: FieldIssues) -> dict[str, Any]:
    soft = issues.get
    model_id = text(model, "model_id") or text(model, "id")
    name = text(model, "name")
    if not model_id or not name:
        raise RowError("field 'model_id'/'name': missing")
    org = model.get("organization")
    org_id = text(org, "id") if isinstance(org, dict) else soft(text, model, "organization_id")
    lic = model.get("license")
    lic_id = (text(lic, "id") if isinstance(lic, dict) else soft(text, model, "license_id"))
    lic_name = (text(lic, "name") if isinstance(lic, dict) else (licences.get(lic_id or "") or lic_id))
    fam = model.get("family")
    open_weight = soft(field, model, "open_weight", (bool,))
    modalities = soft(field, model, "modalities", (list,))
    return {
        "source_id": SPEC.id,
        "raw_model_id": model_id,
        "raw_name": name,
        "provider_id": None,
        "provider_name": None,
        "is_maker": False,
        "is_alias": False,
        "maker_hint": org_id,
        "family": text(fam, "id") if isinstance(fam, dict) else soft(text, model, "model_family_id"),
        "release_date": iso_date(model.get("release_date")),
        "training_cutoff": _cutoff(soft(text, model, "knowledge_cutoff")),
        "context_window": soft(count, model, "context_window") or None,
        "param_count": soft(count, model, "param_count") or None,
        "licence": lic_name,
        "open_weights": open_weight if open_weight is not None else _open_weights(lic_id),
        "input_modalities": [m for m in modalities if isinstance(m, str)] if modalities else None,
        "base_model": soft(text, model, "fine_tuned_from_model_id"),
        "source_url": text(model, "url") or f"https://llm-stats.com/models/{model_id}",
        "raw_row": raw_json({k: v for k, v in model.items() if k not in ("description", "scores", "providers", "top_scores")}),
    }


def _offer_row(offer: dict[str, Any], model_id: str, org_id: str | None, provider_names: dict[str, str],
               issues: FieldIssues, *, cents: bool) -> dict[str, Any]:
    soft = issues.get
    provider_id = text(offer, "provider_id")
    if not provider_id:
        raise RowError("field 'provider_id': missing")
    if cents:
        price_in = _usd(soft(number, offer, "input_cents_per_million_tokens"))
        price_out = _usd(soft(number, offer, "output_cents_per_million_tokens"))
    else:
        price_in, price_out = soft(number, offer, "input_price_per_m"), soft(number, offer, "output_price_per_m")
    for price in (price_in, price_out):
        if price is not None and price < 0:
            raise RowError(f"negative price ({price})")
    modal = lambda kind: [m for m in ("text", "image", "audio", "video") if offer.get(f"{kind}_modality_{m}") is True] or None  # noqa: E731
    status = "deprecated" if offer.get("deprecated_at") or offer.get("status") == "deprecated" else "active"
    return {
        "source_id": SPEC.id,
        "raw_model_id": f"{provider_id}/{model_id}",
        "raw_name": text(offer, "model_name") or model_id,
        "provider_id": provider_id,
        "provider_name": text(offer, "provider_name") or provider_names.get(provider_id),
        # llm-stats' record of an offer, even the maker's: the maker's own listing is models.dev's maker row
        "is_maker": False,
        "is_alias": False,
        "maker_hint": org_id,
        "context_window": soft(count, offer, "max_input_tokens") or None,
        "max_output_tokens": soft(count, offer, "max_output_tokens") or None,
        "price_input": price_in,
        "price_output": price_out,
        "input_modalities": modal("input"),
        "output_modalities": modal("output"),
        "supports_tools": soft(field, offer, "feature_function_calling", (bool,)),
        "supports_structured_output": soft(field, offer, "feature_structured_output", (bool,)),
        "output_tokens_per_second": soft(number, offer, "throughput"),
        "time_to_first_token_s": soft(number, offer, "latency"),
        "status": status,
        "source_url": f"https://llm-stats.com/models/{model_id}",
        "raw_row": raw_json(offer),
    }


# reserved example and test hosts (RFC 2606, RFC 6761): a link there is a placeholder, not a source
PLACEHOLDER_LINK = re.compile(r"^https?://([^/?#]*\.)?(example\.(com|net|org)|example|test|invalid|localhost)(:\d+)?([/?#]|$)", re.I)
# an analysis method saying the value counts errors (a hallucination or error rate, a WER), or is an
# accuracy computed as 1 - WER: another quantity than the score of a benchmark scored the other way
ERROR_MEASURE = re.compile(r"hallucinat|inaccurac|error rate|\bWER\b", re.I)
ACCURACY_OF_ERRORS = re.compile(r"1\s*-\s*WER", re.I)
# a method that is only the name of one of LiveBench's categories: the value is that category's average, not
# the global average the registry's `livebench` is. OpenAI's announcements report the coding category alone
# (o1-preview's "Coding" 0.523, o1's "coding" 0.67): `method_benchmark` files those under `livebench-coding`;
# a category it cannot file ("math": the catalogue's is `livebench-mathematics`) is a reject
LIVEBENCH_CATEGORY = re.compile(r"\s*(coding|math(?:ematics)?|reasoning|language|data analysis|instruction following)\s*", re.I)
GLOBAL_AVERAGES = ("livebench", "livebench-20241125")
# a method naming one of Video-MME's duration categories (short, medium, long videos) on a benchmark that is its
# overall score: OpenAI's GPT-5 "VideoMME (long) with subtitles category" 86.7 under Video-MME (with subtitles),
# beside Qwen2.5-VL's overall 71.6-77.9. The catalogue's category benchmark is `video-mme-long-no-subtitles` alone
VIDEO_MME_OVERALL = ("video-mme", "videomme-w-sub", "videomme-w-o-sub")
VIDEO_MME_DURATION = re.compile(r"\((short|medium|long)\)|\b(short|medium|long)[- ]video", re.I)


@functools.cache
def _higher_is_better() -> dict[str, bool | None]:
    b = catalog.benchmarks()
    return dict(zip(b["id"].to_list(), b["higher_is_better"].to_list()))


def method_benchmark(method: str | None, benchmark_id: str) -> str:
    """The benchmark a row's method names as a version or subset of its own when the catalogue has it as a
    benchmark of its own (`livecodebench` + "v5": `livecodebench-v5`; `mathvista` + "mini": `mathvista-mini`;
    `mrcr` + "1M-pointwise": `mrcr-1m-pointwise`), else the row's benchmark."""
    slug = re.sub(r"[^a-z0-9]+", "-", (method or "").lower()).strip("-")
    named = f"{benchmark_id}-{slug}"
    return named if slug and named in _higher_is_better() else benchmark_id  # its keys: the catalogue's ids


def _measure_problem(method: str | None, benchmark_id: str) -> str | None:
    """Why a row's value is not the benchmark's score, by its analysis method (GPT-5's hallucination
    rates filed under FActScore and LongFact, which score factual precision), else None."""
    if not method:
        return None
    higher = _higher_is_better().get(benchmark_id)
    if higher is True and ERROR_MEASURE.search(method) and not ACCURACY_OF_ERRORS.search(method):
        return f"field 'analysis_method' {method[:120]!r}: the value is an error or hallucination rate, and {benchmark_id} is scored higher-is-better"
    if higher is False and ACCURACY_OF_ERRORS.search(method):
        return f"field 'analysis_method' {method[:120]!r}: the value is an accuracy (1 - WER), and {benchmark_id} is scored as an error rate"
    if benchmark_id in VIDEO_MME_OVERALL and (duration := VIDEO_MME_DURATION.search(method)):
        return (f"field 'analysis_method' {method[:120]!r}: the value is Video-MME's {(duration[1] or duration[2]).lower()}-video "
                f"category, and {benchmark_id} is its overall score")
    if benchmark_id in GLOBAL_AVERAGES and (category := LIVEBENCH_CATEGORY.fullmatch(method)):
        return (f"field 'analysis_method' {method[:120]!r}: the value is an average of LiveBench's {category[1].lower()} "
                f"category, and {benchmark_id} is LiveBench's global average")
    return None


def _link(row: dict[str, Any], key: str) -> str | None:
    """`row[key]` as a link, None when missing or a placeholder (`PLACEHOLDER_LINK`)."""
    value = text(row, key)
    return None if value is None or PLACEHOLDER_LINK.match(value) else value


def _score_row(row: dict[str, Any], model: dict[str, Any], max_scores: dict[str, float], crosswalk: dict[str, str]) -> dict[str, Any]:
    bench = text(row, "benchmark_id")
    if not bench:
        raise RowError("field 'benchmark_id': missing")
    benchmark_id = crosswalk.get(bench)
    if benchmark_id is None:
        raise RowError(f"benchmark {bench!r} is not in the catalogue crosswalk (catalog/benchmark_crosswalk.csv)")
    method = text(row, "analysis_method")
    benchmark_id = method_benchmark(method, benchmark_id)
    problem = _measure_problem(method, benchmark_id)
    if problem is not None:
        raise RowError(problem)
    max_score = number(row, "max_score") or max_scores.get(bench)
    frac = number(row, "normalized_score")
    score = number(row, "score")
    if frac is None and score is not None and max_score:
        frac = score / max_score
    if frac is None:
        raise RowError("fields 'normalized_score' and 'score': missing")
    if bench in RATING_BENCHMARKS:
        if not max_score:
            raise RowError(f"rating benchmark {bench!r} without a max_score")
        # the rating itself when the row gives it (cfeval's 2071); else its fraction of the maximum
        value, unit = (score if score is not None and score > 1 else round(frac * max_score, 1)), "points"
    else:
        value, unit = frac, "fraction"
    link = _link(row, "self_reported_source_link") or _link(row, "source_url")
    placeholder = text(row, "self_reported_source_link") or text(row, "source_url")
    if value == 0 and link is None and placeholder:
        raise RowError(f"field 'score': 0 with only a placeholder source link ({placeholder}): no measured value")
    verified = row.get("verified_by_llmstats") is True
    level = "third_party" if verified else "provider" if row.get("is_self_reported") is True else "community"
    when = (
        (iso_date(str(row.get("verification_date") or "")[:10]) if verified else None)
        or iso_date(str(row.get("scored_at") or "")[:10])
        or iso_date(model.get("announcement_date")) or iso_date(model.get("release_date"))
        or iso_date(str(row.get("created_at") or "")[:10])
    )
    if when is None:
        raise RowError("no date: neither a verification, announcement, release nor record date")
    return {
        "source_id": SPEC.id,
        "raw_model_name": model["_id"],
        "raw_model_key": model["_id"],
        "model_hint": text(model, "name"),
        "provider_hint": text(model, "_org"),
        "variant": None,
        "benchmark_id": benchmark_id,
        "benchmark_version": None,
        "raw_value": value,
        "raw_unit": unit,
        "as_of_date": when,
        "verification_level": level,
        "source_url": link,
        "details": raw_json({k: row.get(k) for k in ("analysis_method", "benchmark_name", "model_benchmark_id", "verification_provider_id",
                                                      "verification_notes", "category", "rank", "score", "max_score") if row.get(k) is not None}
                            | {"llm_stats_benchmark_id": bench}),
        "raw_row": raw_json(row),
        "_method": method,
        "_words": " ".join(w for w in (text(row, "benchmark_name"), method) if w),  # a window of problems, if any
        "_setting": method_setting(method, benchmark_id),
        "_mode": thinking_setting(method),
    }


# ------------------------------------------------------------------ parse


def _frames(models: list[dict], offers: list[dict], scores: list[dict], rejects: list[dict], fetched_on) -> ParsedSource:
    obs = pl.DataFrame(scores, schema={**SCORE_OBSERVATION_COLUMNS, "_method": pl.String, "_words": pl.String, "_setting": pl.String,
                                       "_mode": pl.String}, strict=False)
    # the window of LiveCodeBench's problems a run drew, where its benchmark's name or method says it ("2408-2505")
    obs = obs.with_columns(benchmark_version=problem_window(pl.col("benchmark_id"), pl.col("_words")))
    # a model reporting one benchmark twice (with and without tools): each row keeps its own key, so neither is
    # lost, and the setting its analysis method says of the mode, tools and attempts where no other row of the
    # benchmark says the same ("with tools", "no tools"), else what the setting says beyond "no tools".
    # A row of its own gets the setting its method names ("with tools", "cons@64"; "no tools" alone is the
    # benchmark's default); its method is kept in `details` either way. The mode ("thinking", "non-thinking") is named only for a model
    # whose rows name both (a hybrid model: DeepSeek-V3.1, Claude Opus 4.1); o3's "thinking mode" and GPT-4o's
    # "without thinking mode" are the only mode each has, their default.
    # (llm-stats' own row ids repeat, so the key numbers the rows in a fixed order: method, then value)
    pair = ("raw_model_key", "benchmark_id")
    hybrid = pl.col("_mode").drop_nulls().n_unique().over("raw_model_key") == 2
    obs = obs.with_columns(_setting=pl.concat_str(pl.when(hybrid).then(pl.col("_mode")), "_setting", separator="; ", ignore_nulls=True))
    obs = obs.with_columns(_setting=pl.when(pl.col("_setting") != "").then(pl.col("_setting")))
    # a row of its own: its setting without "no tools" (the benchmark's default)
    alone = pl.col("_setting").str.split("; ").list.filter(pl.element() != "no tools").list.join("; ")
    obs = (
        obs.sort(*pair, "_method", "raw_value", nulls_last=True, maintain_order=True)
        .with_columns(_n=pl.len().over(pair), _i=pl.int_range(1, pl.len() + 1).over(pair),
                      _own=pl.col("_setting").is_not_null() & (pl.len().over(*pair, "_setting") == 1))
        .with_columns(
            variant=pl.when((pl.col("_n") == 1) | ~pl.col("_own")).then(pl.when(alone != "").then(alone))
            # rows the settings do not tell apart are runs of one setting, what it says beyond "no tools" (o3's HLE:
            # 24.3 is "with tools"; its runs without tools, OpenAI's 20.2 in April 2025 and 14.7 in August, are the
            # default's, the dedupe's to choose between; their methods stay in `details`)
            .otherwise(pl.col("_setting")),
            raw_model_key=pl.when(pl.col("_n") > 1).then(pl.format("{}#{}", "raw_model_key", "_i")).otherwise(pl.col("raw_model_key")),
        )
    )
    return ParsedSource(
        models=model_frame(models + offers, fetched_on),
        scores=obs.select([pl.col(c).cast(t) for c, t in SCORE_OBSERVATION_COLUMNS.items()]),
        rejects=pl.DataFrame(rejects, schema=REJECT_COLUMNS),
    )


def _collect(entries, rejects, where, fn):
    """Call fn(); a RowError becomes a reject naming `where`."""
    try:
        return fn()
    except RowError as exc:
        rejects.append(reject(SPEC.id, f"{where}: {exc}", entries))
        return None


def parse_tree(tree: dict[str, bytes], fetched_on) -> ParsedSource:
    crosswalk = catalog.benchmark_crosswalk(SPEC.id)
    rejects: list[dict] = []
    # a licence's display name by its id (a name that is not text is no name: the id stands for it)
    licences = {
        d["license_id"]: d["name"] for _, d, _ in _json_files(tree, r"data/licenses/[^/]+\.json")
        if isinstance(d, dict) and isinstance(d.get("license_id"), str) and isinstance(d.get("name"), str)
    }
    max_scores = {d["benchmark_id"]: float(d["max_score"]) for _, d, _ in _json_files(tree, r"data/benchmarks/[^/]+\.json")
                  if isinstance(d, dict) and isinstance(d.get("benchmark_id"), str) and isinstance(d.get("max_score"), (int, float))}
    provider_names = {d["provider_id"]: d["name"] for _, d, _ in _json_files(tree, r"data/providers/[^/]+/provider\.json")
                      if isinstance(d, dict) and isinstance(d.get("provider_id"), str) and isinstance(d.get("name"), str)}
    models, offers, scores = [], [], []
    by_id: dict[str, dict] = {}
    for path, body, err in _json_files(tree, r"data/organizations/[^/]+/models/[^/]+/model\.json"):
        if err or not isinstance(body, dict):
            rejects.append(reject(SPEC.id, f"{ARCHIVE}: {path}: {err or 'not an object'}", {"file": path}))
            continue
        issues = FieldIssues()
        row = _collect(body, rejects, f"{ARCHIVE}: {path}", lambda: _model_row(body, licences, issues))
        rejects.extend(reject(SPEC.id, f"{ARCHIVE}: {path}: {m}", body) for m in issues.messages)
        if row:
            models.append(row)
            by_id[path.rsplit("/", 1)[0]] = {**body, "_id": row["raw_model_id"], "_org": row["maker_hint"]}
    for path, body, err in _json_files(tree, r"data/organizations/[^/]+/models/[^/]+/benchmarks\.json"):
        model = by_id.get(path.rsplit("/", 1)[0])
        if err or not isinstance(body, list) or model is None:
            why = err or ("not a list" if not isinstance(body, list) else "its model.json is missing or rejected")
            rejects.append(reject(SPEC.id, f"{ARCHIVE}: {path}: {why}", {"file": path}))
            continue
        for i, row in enumerate(body):
            if not isinstance(row, dict):
                rejects.append(reject(SPEC.id, f"{ARCHIVE}: {path}[{i}]: not an object", row))
                continue
            got = _collect(row, rejects, f"{ARCHIVE}: {path}[{i}] {shown(row.get('benchmark_id'))}", lambda: _score_row(row, model, max_scores, crosswalk))
            if got:
                scores.append(got)
    orgs = {m["_id"]: m["_org"] for m in by_id.values()}
    for path, body, err in _json_files(tree, r"data/providers/[^/]+/models\.json"):
        if err or not isinstance(body, list):
            rejects.append(reject(SPEC.id, f"{ARCHIVE}: {path}: {err or 'not a list'}", {"file": path}))
            continue
        for i, offer in enumerate(body):
            where = f"{ARCHIVE}: {path}[{i}]"
            if not isinstance(offer, dict) or not isinstance(offer.get("model_id"), str):
                rejects.append(reject(SPEC.id, f"{where}: not an offer with a model_id", offer))
                continue
            issues = FieldIssues()
            mid = offer["model_id"]
            row = _collect(offer, rejects, where, lambda: _offer_row(offer, mid, issues.get(text, offer, "organization_id") or orgs.get(mid), provider_names, issues, cents=True))
            rejects.extend(reject(SPEC.id, f"{where}: {m}", offer) for m in issues.messages)
            if row:
                offers.append(row)
    return _frames(models, offers, scores, rejects, fetched_on)


def parse_api(files: dict[str, bytes], fetched_on) -> ParsedSource:
    crosswalk = catalog.benchmark_crosswalk(SPEC.id)
    rejects: list[dict] = []
    models, offers, scores = [], [], []
    for name in sorted(n for n in files if n.startswith("api/models/")):
        body = load_json(files[name], SPEC.id, name, "<body>")
        if isinstance(body, dict) and isinstance(body.get("data"), dict):
            body = body["data"]
        if not isinstance(body, dict):
            rejects.append(reject(SPEC.id, f"{name}: not a model object", {"file": name}))
            continue
        issues = FieldIssues()
        row = _collect(body, rejects, name, lambda: _model_row(body, {}, issues))
        rejects.extend(reject(SPEC.id, f"{name}: {m}", {"file": name}) for m in issues.messages)
        if not row:
            continue
        models.append(row)
        model = {**body, "_id": row["raw_model_id"], "_org": row["maker_hint"]}
        for i, offer in enumerate(body.get("providers") or []):
            if not isinstance(offer, dict):
                rejects.append(reject(SPEC.id, f"{name}: providers[{i}]: not an object", offer))
                continue
            oi = FieldIssues()
            got = _collect(offer, rejects, f"{name}: providers[{i}]", lambda: _offer_row(offer, row["raw_model_id"], row["maker_hint"], {}, oi, cents=False))
            rejects.extend(reject(SPEC.id, f"{name}: providers[{i}]: {m}", offer) for m in oi.messages)
            if got:
                offers.append(got)
        for i, s in enumerate(body.get("scores") or []):
            if not isinstance(s, dict):
                rejects.append(reject(SPEC.id, f"{name}: scores[{i}]: not an object", s))
                continue
            got = _collect(s, rejects, f"{name}: scores[{i}] {shown(s.get('benchmark_id'))}", lambda: _score_row({**s, "model_benchmark_id": s.get("model_benchmark_id") or i}, model, {}, crosswalk))
            if got:
                scores.append(got)
    return _frames(models, offers, scores, rejects, fetched_on)


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    if any(n.startswith("api/models/") for n in files):
        return parse_api(files, context.fetched_on)
    if ARCHIVE not in files:
        if FIRST_PAGE in files:
            raise SourceParseError(SPEC.id, FIRST_PAGE, "data", "the model list names no models")
        raise SourceParseError(SPEC.id, ARCHIVE, "<file>", "file missing from snapshot")
    return parse_tree(read_archive(files[ARCHIVE]), context.fetched_on)
