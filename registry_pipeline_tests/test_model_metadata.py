"""Model metadata across sources on the real models.dev recording: which models exist, which value of
each field wins and why, and who serves a model at what price."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry_pipeline import catalog
from registry_pipeline.schemas import MODEL_RECORD_COLUMNS
from registry_pipeline.sources import get_source
from registry_pipeline.sources.base import ParseContext
from registry_pipeline.transform import identity, model_metadata

PRIORITY = dict(zip(catalog.sources()["id"].to_list(), catalog.sources()["priority"].to_list()))


@pytest.fixture(scope="module")
def models_dev(shared_snapshots):
    body = (shared_snapshots / "models-dev" / "api.json").read_bytes()
    return get_source("models-dev").parse({"api.json": body}, ParseContext("models-dev", dt.date(2026, 2, 21))).models


@pytest.fixture(scope="module")
def meta(models_dev):
    return model_metadata.build_models(models_dev, PRIORITY, ["models-dev"], catalog.model_aliases(), catalog.makers())


def _model(meta, model_id):
    rows = meta.models.filter(pl.col("id") == model_id)
    assert rows.height == 1, f"{model_id} not in the registry"
    return rows.row(0, named=True)


def _source(meta, model_id, field):
    return meta.provenance.filter((pl.col("model_id") == model_id) & (pl.col("field") == field)).row(0, named=True)


def test_the_makers_latest_row_and_a_dozen_listings_beat_the_dated_rows_date(meta, models_dev):
    """claude-opus-4-5: the dated row says 2025-11-01 (its id's date); the maker's "(latest)" row and
    the providers say 2025-11-24, the day it was released."""
    dated = models_dev.filter(pl.col("raw_model_id") == "anthropic/claude-opus-4-5-20251101")["release_date"][0]
    assert dated == dt.date(2025, 11, 1)
    assert _model(meta, "claude-opus-4-5-20251101")["release_date"] == dt.date(2025, 11, 24)
    src = _source(meta, "claude-opus-4-5-20251101", "release_date")
    assert (src["source_id"], src["raw_model_id"], src["rule"]) == ("models-dev", "anthropic/claude-opus-4-5", "maker")


def test_a_maker_value_every_other_listing_contradicts_is_overruled(meta, models_dev):
    """glm-5: Z.ai's own row says closed weights; twice as many listings say open."""
    assert models_dev.filter(pl.col("raw_model_id") == "zai/glm-5")["open_weights"][0] is False
    assert _model(meta, "glm-5")["is_open_source"] is True
    assert _source(meta, "glm-5", "open_weights")["rule"] == "consensus-over-maker"
    # ...but its serving facts stay the maker's
    assert _source(meta, "glm-5", "price_input")["raw_model_id"] == "zai/glm-5"


def test_a_release_date_that_contradicts_the_models_id_is_no_candidate(meta, models_dev):
    """models.dev dates Mistral's own `mistral-large-2512` row 2024-11-01 (Mistral Large 3 came out in
    December 2025; two hosts say 2025-12-02) and Cohere's `command-r7b-12-2024` 2024-02-27: another model's
    date, never the release of the snapshot the id dates. With no date that fits, it stays unknown. (Bedrock's
    `mistral-large-2402`, 2024-12-01, ten months after February 2024, is the day Bedrock listed fifteen
    models: the parser reads it as none, `models_dev.placeholder_release_dates`.)"""
    def dated(raw_id):
        return models_dev.filter(pl.col("raw_model_id") == raw_id)["release_date"][0]

    assert dated("mistral/mistral-large-2512") == dt.date(2024, 11, 1)
    assert dated("vercel/mistral/mistral-large-3") == dt.date(2025, 12, 2)
    assert _model(meta, "mistral-large-2512")["release_date"] == dt.date(2025, 12, 2)
    assert _source(meta, "mistral-large-2512", "release_date")["rule"] != "maker"
    assert dated("amazon-bedrock/mistral.mistral-large-2402-v1:0") is None
    assert _model(meta, "mistral-large-2402")["release_date"] is None
    assert dated("cohere/command-r7b-12-2024") == dt.date(2024, 2, 27)
    assert _model(meta, "command-r7b-12-2024")["release_date"] is None
    # each such date is a reject naming the listing (the listing itself still gives its other fields)
    cohere = meta.rejects.filter(pl.col("reason").str.starts_with("'cohere/command-r7b-12-2024': "))
    assert cohere.select("source_id", "stage", "reason").rows() == [(
        "models-dev", "resolve", "'cohere/command-r7b-12-2024': release_date 2024-02-27 contradicts the date the id "
        "'command-r7b-12-2024' states; the model's release date is chosen without it")]
    assert meta.records.filter(pl.col("raw_model_id") == "cohere/command-r7b-12-2024")["model_id"].to_list() == ["command-r7b-12-2024"]
    # a day in the id: a host's listing date half a year after it is not the release
    assert dated("qiniu-ai/claude-3.5-haiku") == dt.date(2025, 8, 26)
    assert _model(meta, "claude-3-5-haiku-20241022")["release_date"] == dt.date(2024, 10, 22)


@pytest.mark.parametrize(("model_id", "release", "fits"), [
    ("claude-3-5-haiku-20241022", dt.date(2024, 10, 22), True),
    ("claude-3-5-haiku-20241022", dt.date(2024, 9, 21), True),  # 31 days before the id's day
    ("claude-3-5-haiku-20241022", dt.date(2024, 9, 20), False),
    ("claude-3-5-haiku-20241022", dt.date(2025, 1, 22), True),  # 92 days after
    ("claude-3-5-haiku-20241022", dt.date(2025, 1, 23), False),
    ("mistral-large-2402", dt.date(2024, 2, 26), True),
    ("mistral-large-2402", dt.date(2024, 5, 31), True),  # 92 days after February's end
    ("mistral-large-2402", dt.date(2024, 6, 1), False),
    ("magistral-small-2509", dt.date(2025, 6, 1), False),  # Magistral Small 2506's date
    ("command-r-plus-08-2024", dt.date(2024, 4, 4), False),  # the 04-2024 snapshot's date
    ("command-r-plus-08-2024", dt.date(2024, 8, 30), True),
    ("gpt-4-0613", dt.date(2020, 1, 1), True),  # MMDD: no year in the id, nothing to contradict
    ("gpt-4o", dt.date(2020, 1, 1), True),
])
def test_release_fits_id(model_id, release, fits):
    frame = pl.DataFrame({"id": [model_id], "release": [release]}, schema={"id": pl.String, "release": pl.Date})
    got = frame.select(model_metadata.release_fits_id(pl.col("id"), pl.col("release"))).item()
    assert got is fits


@settings(max_examples=200, deadline=None)
@given(day=st.dates(dt.date(2023, 1, 1), dt.date(2029, 12, 31)), offset=st.integers(-400, 400),
       form=st.sampled_from(["day", "year-month", "month-year"]))
def test_release_fits_id_is_the_window_around_the_ids_date(day, offset, form):
    """Any id date in any of the three forms: a release from 31 days before its first day to 92 days after
    its last fits, nothing outside; a release of an id with no date always fits."""
    first, last = day, day
    if form == "day":
        suffix = day.strftime("%Y%m%d")
    else:
        first = day.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        suffix = day.strftime("%y%m") if form == "year-month" else day.strftime("%m-%Y")
    release = (first if offset < 0 else last) + dt.timedelta(days=offset)
    frame = pl.DataFrame({"id": [f"some-model-{suffix}", "some-model"], "release": [release, release]})
    fits = frame.select(model_metadata.release_fits_id(pl.col("id"), pl.col("release")))["id"].to_list()
    assert fits == [-31 <= offset <= 92, True]


def test_a_free_listing_is_not_the_models_price(meta, models_dev):
    """Meta's Llama API lists Llama 3.3 70B at 0: that is a free preview, not the model's price."""
    maker_row = models_dev.filter(pl.col("raw_model_id") == "llama/llama-3.3-70b-instruct").row(0, named=True)
    assert maker_row["price_input"] == 0 and maker_row["is_maker"]
    llama = _model(meta, "llama-3-3-70b-instruct")
    assert llama["price_input"] is None and llama["price_output"] is None
    offers = meta.offers.filter(pl.col("model_id") == "llama-3-3-70b-instruct")
    assert offers.height >= 10  # served by many hosts, each with its own price
    assert (offers["price_input"] > 0).sum() >= 5


def test_summary_price_is_the_makers_and_every_offer_is_kept(meta):
    opus = _model(meta, "claude-opus-4-5-20251101")
    assert (opus["price_input"], opus["price_output"]) == (5, 25)
    offers = meta.offers.filter(pl.col("model_id") == "claude-opus-4-5-20251101")
    by_provider = {r["provider_id"]: r for r in offers.iter_rows(named=True)}
    assert by_provider["anthropic"]["is_maker"] and by_provider["anthropic"]["price_input"] == 5
    assert {"amazon-bedrock", "azure", "openrouter"} <= set(by_provider)
    assert not offers.select("provider_id", "source_id").is_duplicated().any()


@pytest.fixture(scope="module")
def with_router(models_dev, shared_snapshots):
    body = (shared_snapshots / "openrouter" / "models.json").read_bytes()
    router = get_source("openrouter").parse({"models.json": body}, ParseContext("openrouter", dt.date(2026, 5, 15))).models
    return model_metadata.build_models(pl.concat([models_dev, router]), PRIORITY, ["models-dev", "openrouter"], catalog.model_aliases(), catalog.makers())


def test_where_the_maker_lists_no_price_its_price_through_the_router_is_the_summarys(with_router):
    """GPT-5.4 and Claude Opus 4.7 are newer than the models.dev recording: OpenRouter's listings of them pass
    OpenAI's and Anthropic's prices on (rule `maker-via-router`), not the fast mode's 30/150. The maker's own
    listing still wins where there is one (Qwen3 Max: Alibaba's 1.2/6 in models.dev, OpenRouter's 0.78/3.9).
    Open weights OpenRouter links a repo for (Qwen3.5 27B) have hosts' prices only: offers, no summary price."""
    def priced(model_id):
        m = _model(with_router, model_id)
        return m["price_input"], m["price_output"]

    assert priced("gpt-5-4") == (2.5, 15.0) and priced("claude-opus-4-7") == (5.0, 25.0)
    chosen = _source(with_router, "claude-opus-4-7", "price_output")
    assert (chosen["source_id"], chosen["raw_model_id"], chosen["rule"]) == ("openrouter", "anthropic/claude-opus-4.7", "maker-via-router")
    assert priced("qwen3-max") == (1.2, 6.0) and _source(with_router, "qwen3-max", "price_input")["rule"] == "maker"
    assert priced("qwen3-5-27b") == (None, None) and _model(with_router, "qwen3-5-27b")["is_open_source"] is True
    assert with_router.offers.filter((pl.col("model_id") == "qwen3-5-27b") & (pl.col("provider_id") == "openrouter"))["price_input"].to_list() == [0.195]


def test_a_routers_variant_listing_or_open_weights_give_no_summary_price():
    def router(raw_id, price, repo=False):
        return {"source_id": "openrouter", "raw_model_id": raw_id, "raw_name": "Acme A 1", "provider_id": "openrouter", "is_maker": False,
                "maker_hint": "openai", "price_input": price, "price_output": price * 4, "open_weights": True if repo else None}

    def build(rows):
        meta = model_metadata.build_models(_records(rows), PRIORITY, ["openrouter"], catalog.model_aliases().head(0), catalog.makers())
        return meta.models.select("id", "price_input").row(0)

    assert build([router("openai/gpt-9", 2.0), router("openai/gpt-9:thinking", 3.0)]) == ("gpt-9", 2.0)
    assert build([router("openai/gpt-9:thinking", 3.0)]) == ("gpt-9", None)  # a variant's price is a setting's
    assert build([router("openai/gpt-9", 2.0, repo=True)]) == ("gpt-9", None)  # open weights: a host's price


def test_host_only_open_weight_models_are_admitted_once_with_their_maker(meta, models_dev):
    """Qwen3 Coder 480B is served by a dozen hosts under a dozen spellings (FP8, Turbo, TEE, hf:...):
    one model, its maker from the curated map, every host's listing resolved to it."""
    coder = _model(meta, "qwen3-coder-480b-a35b-instruct")
    assert coder["provider"] == "Alibaba" and coder["is_open_source"] is True
    spellings = [
        "togetherai/Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8",
        "deepinfra/Qwen/Qwen3-Coder-480B-A35B-Instruct-Turbo",
        "chutes/Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8-TEE",
        "synthetic/hf:Qwen/Qwen3-Coder-480B-A35B-Instruct",
    ]
    got = meta.records.filter(pl.col("raw_model_id").is_in(spellings))
    assert got.height == len(spellings) and set(got["model_id"]) == {"qwen3-coder-480b-a35b-instruct"}
    # Together's "Turbo" and Meta's "Meta-" prefix name the same Llama models
    llama = meta.records.filter(pl.col("raw_model_id").is_in(
        ["togetherai/meta-llama/Llama-3.3-70B-Instruct-Turbo", "abacus/meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo"]
    ))
    assert sorted(llama["model_id"]) == ["llama-3-1-405b-instruct", "llama-3-3-70b-instruct"]


def test_an_admitted_models_name_is_a_name_not_a_repo_path(meta):
    """A host listing a repo id as its display name ("Qwen/Qwen3-VL-32B-Thinking") names the model without the org."""
    assert _model(meta, "qwen3-vl-32b-thinking")["name"] == "Qwen3-VL-32B-Thinking"
    assert not meta.models.filter(pl.col("name").str.contains(r"^[^/\s]+/"))["name"].to_list()


def test_a_model_whose_maker_is_not_curated_is_not_admitted(meta):
    """Community fine-tunes (sao10k's Euryale) have no curated maker: their records stay data."""
    euryale = meta.records.filter(pl.col("raw_model_id").str.contains("(?i)euryale"))
    assert euryale.height >= 1 and euryale["model_id"].null_count() == euryale.height
    assert not meta.models["id"].str.contains("euryale").any()


def test_no_two_ids_name_the_same_model(meta):
    """Ids are unique, and the spellings hosts use for one model (Groq's context suffix, Fireworks'
    "v3p1", a Turbo or FP8 deployment, OpenRouter's deepseek-chat-v3.1) never become models of their own."""
    ids = set(meta.models["id"])
    assert meta.models["id"].is_unique().all()
    assert not {"llama3-70b-8192", "deepseek-chat-v3-1", "deepseek-v3p1", "qwen3-coder-480b-a35b-instruct-turbo",
                "meta-llama-3-1-405b-instruct", "llama-3-3-70b-instruct-turbo", "grok-4-0709"} & ids
    # a host's FP8 deployment of Meta's own FP8 id is that model, not another
    maverick = meta.records.filter(pl.col("raw_model_id").str.contains("(?i)/(meta-llama/)?llama-4-maverick-17b-128e-instruct$"))
    assert maverick.height >= 2 and set(maverick["model_id"]) == {"llama-4-maverick-17b-128e-instruct-fp8"}
    # Meta's listing of Groq's and Cerebras' copies names no model of its own
    assert not meta.models["id"].str.contains("^(groq|cerebras)-").any()
    # admitted models: one per host-free key in any word order
    defined = meta.records.filter(pl.col("resolution").str.starts_with("admitted"))["model_id"].unique()
    admitted = meta.models.filter(pl.col("id").is_in(defined.implode()))
    keyed = admitted.select(k=identity.word_order_key(pl.col("id").str.replace(model_metadata.HOST_SUFFIX, "")))
    assert admitted.height > 100 and not keyed["k"].is_duplicated().any()


def test_moving_aliases_never_define_a_model(meta, models_dev):
    assert "mistral-large" not in set(meta.models["id"])
    blocked = meta.records.filter(pl.col("raw_model_id").str.ends_with("/mistral-large"))
    assert blocked.height == 0 or blocked["model_id"].null_count() == blocked.height


def test_each_source_reports_what_it_defines_and_confirms(meta):
    counts = meta.contributions.group_by("role").len()
    roles = dict(zip(counts["role"], counts["len"]))
    assert roles["defines"] == meta.models.height  # every model exists through exactly one source's record
    assert meta.contributions.filter(pl.col("role") == "defines")["model_id"].is_unique().all()


def test_every_model_record_column_reaches_the_warehouse_records(meta):
    assert set(MODEL_RECORD_COLUMNS) <= set(meta.records.columns)
    assert {"model_id", "resolution", "maker"} <= set(meta.records.columns)


def _records(rows: list[dict]) -> pl.DataFrame:
    base = {c: None for c in MODEL_RECORD_COLUMNS}
    return pl.DataFrame([{**base, "is_alias": False, "raw_row": "{}", **r} for r in rows], schema=MODEL_RECORD_COLUMNS)


def test_without_a_maker_value_the_documented_source_order_decides():
    recs = _records([
        {"source_id": "openrouter", "raw_model_id": "qwen/qwen3-32b", "raw_name": "Qwen3 32B", "provider_id": "openrouter",
         "is_maker": False, "maker_hint": "qwen", "context_window": 40960, "release_date": dt.date(2025, 4, 30)},
        {"source_id": "llm-stats", "raw_model_id": "qwen3-32b", "raw_name": "Qwen3 32B", "is_maker": False,
         "maker_hint": "qwen", "context_window": 128000, "release_date": dt.date(2025, 4, 29), "param_count": 32_800_000_000},
        {"source_id": "huggingface-hub", "raw_model_id": "Qwen/Qwen3-32B", "raw_name": "Qwen3-32B", "provider_id": "huggingface",
         "is_maker": False, "maker_hint": "Qwen", "param_count": 32_762_123_264, "licence": "apache-2.0"},
    ])
    meta = model_metadata.build_models(recs, PRIORITY, ["openrouter", "llm-stats", "huggingface-hub"], catalog.model_aliases().head(0), catalog.makers())
    assert meta.models["id"].to_list() == ["qwen3-32b"]  # three sources, one model
    m = meta.models.row(0, named=True)
    assert m["provider"] == "Alibaba"
    assert m["release_date"] == dt.date(2025, 4, 29)  # llm-stats before openrouter
    assert m["context_window"] == 128000
    assert m["price_input"] is None  # no maker listing: no summary price
    prov = {r["field"]: r for r in meta.provenance.iter_rows(named=True)}
    assert prov["param_count"]["source_id"] == "huggingface-hub"  # the maker's repo decides what the weights are
    assert prov["release_date"]["rule"] == "source-order"
    roles = {(r["source_id"], r["role"]) for r in meta.contributions.iter_rows(named=True)}
    assert roles == {("llm-stats", "defines"), ("openrouter", "confirms"), ("huggingface-hub", "confirms")}


def test_the_page_that_released_a_model_dates_it_before_every_listing_the_makers_too():
    """Qwen2-72B-Instruct: llm-stats dates it 2024-07-23 and OpenRouter gives none; Qwen's "Hello Qwen2" post of
    2024-06-07 (a curated vendor file's `introduces`) released it, and its date comes first. Claude 3.7 Sonnet:
    Anthropic's own listing (models.dev's maker row) gives its snapshot's day, 2025-02-19; Anthropic's page
    released it on 2025-02-24, and the page wins. Of two pages introducing a model, the earlier."""
    rows = [
        {"source_id": "llm-stats", "raw_model_id": "qwen2-72b-instruct", "raw_name": "Qwen2 72B Instruct", "is_maker": False,
         "maker_hint": "qwen", "release_date": dt.date(2024, 7, 23)},
        {"source_id": "openrouter", "raw_model_id": "qwen/qwen-2-72b-instruct", "raw_name": "Qwen 2 72B Instruct", "is_maker": False,
         "maker_hint": "qwen", "provider_id": "openrouter"},
        {"source_id": "vendor-qwen", "raw_model_id": "qwen2-72b-instruct", "raw_name": "qwen2-72b-instruct", "is_maker": False,
         "maker_hint": "qwen", "release_date": dt.date(2024, 6, 7), "source_url": "https://qwenlm.github.io/blog/qwen2/"},
        {"source_id": "models-dev", "raw_model_id": "anthropic/claude-3-7-sonnet-20250219", "raw_name": "Claude Sonnet 3.7",
         "provider_id": "anthropic", "is_maker": True, "maker_hint": "anthropic", "release_date": dt.date(2025, 2, 19)},
        {"source_id": "models-dev", "raw_model_id": "vercel/anthropic/claude-3.7-sonnet", "raw_name": "Claude Sonnet 3.7",
         "provider_id": "vercel", "is_maker": False, "maker_hint": "anthropic", "release_date": dt.date(2025, 2, 19)},
        {"source_id": "vendor-anthropic", "raw_model_id": "claude-3-7-sonnet-20250219", "raw_name": "claude-3-7-sonnet-20250219",
         "is_maker": False, "maker_hint": "anthropic", "release_date": dt.date(2025, 2, 24),
         "source_url": "https://www.anthropic.com/news/claude-3-7-sonnet"},
    ]
    meta = model_metadata.build_models(_records(rows), PRIORITY, ["llm-stats", "openrouter", "models-dev"],
                                       catalog.model_aliases().head(0), catalog.makers())
    dates = dict(meta.models.select("id", "release_date").iter_rows())
    assert dates == {"qwen2-72b-instruct": dt.date(2024, 6, 7), "claude-3-7-sonnet-20250219": dt.date(2025, 2, 24)}
    for model_id, page in (("qwen2-72b-instruct", "vendor-qwen"), ("claude-3-7-sonnet-20250219", "vendor-anthropic")):
        chosen = _source(meta, model_id, "release_date")
        assert (chosen["source_id"], chosen["rule"]) == (page, "launch-page")
    assert _source(meta, "claude-3-7-sonnet-20250219", "release_date")["source_url"] == "https://www.anthropic.com/news/claude-3-7-sonnet"
    # without the page, llm-stats' date is the first the source order gives; the maker's listing dates Claude
    alone = model_metadata.build_models(_records(rows[:2] + rows[3:5]), PRIORITY, ["llm-stats", "openrouter", "models-dev"],
                                        catalog.model_aliases().head(0), catalog.makers())
    assert dict(alone.models.select("id", "release_date").iter_rows()) == {
        "qwen2-72b-instruct": dt.date(2024, 7, 23), "claude-3-7-sonnet-20250219": dt.date(2025, 2, 19)}
    assert _source(alone, "claude-3-7-sonnet-20250219", "release_date")["rule"] == "maker"
    # a later page introducing the model again (a second vendor file) does not move it
    again = {**rows[2], "source_id": "vendor-meta", "release_date": dt.date(2024, 9, 19), "source_url": "https://example.org/later"}
    both = model_metadata.build_models(_records([*rows, again]), PRIORITY, ["llm-stats", "openrouter", "models-dev"],
                                       catalog.model_aliases().head(0), catalog.makers())
    assert dict(both.models.select("id", "release_date").iter_rows())["qwen2-72b-instruct"] == dt.date(2024, 6, 7)


def test_a_routers_snapshot_day_dates_only_a_model_no_other_source_dates():
    """OpenRouter's snapshot days (its dated `canonical_slug`, openrouter.snapshot_date) are the last resort.
    Qwen3 14B: two models.dev listings say 2025-04-30, one 2025-04-28; OpenRouter's 2025-04-28 would tie the
    two days and win by order, but a model another source dates takes no snapshot day. Claude Opus 4.7: no
    other source dates it, and OpenRouter's listing of it does. Claude Opus 4.6: only its `-fast` listing
    (the fast mode, listed two months after the model) has a day, and it is not the model's."""
    def router(raw_id, name, day):
        return {"source_id": "openrouter", "raw_model_id": raw_id, "raw_name": name, "provider_id": "openrouter",
                "is_maker": False, "maker_hint": raw_id.split("/")[0], "release_date": day}

    def host(raw_id, day):
        return {"source_id": "models-dev", "raw_model_id": raw_id, "raw_name": "Qwen3 14B", "provider_id": raw_id.split("/")[0],
                "is_maker": False, "maker_hint": "qwen", "release_date": day}

    rows = [
        host("siliconflow/Qwen/Qwen3-14B", dt.date(2025, 4, 30)), host("siliconflow-cn/Qwen/Qwen3-14B", dt.date(2025, 4, 30)),
        host("openrouter/qwen/qwen3-14b:free", dt.date(2025, 4, 28)),
        router("qwen/qwen3-14b", "Qwen3 14B", dt.date(2025, 4, 28)),
        router("anthropic/claude-opus-4.7", "Claude Opus 4.7", dt.date(2026, 4, 16)),
        router("anthropic/claude-opus-4.7-fast", "Claude Opus 4.7 (Fast)", dt.date(2026, 5, 12)),
        router("anthropic/claude-opus-4.6", "Claude Opus 4.6", None),
        router("anthropic/claude-opus-4.6-fast", "Claude Opus 4.6 (Fast)", dt.date(2026, 4, 7)),
    ]
    meta = model_metadata.build_models(_records(rows), PRIORITY, ["openrouter", "models-dev"], catalog.model_aliases().head(0), catalog.makers())
    assert dict(meta.models.select("id", "release_date").iter_rows()) == {
        "qwen3-14b": dt.date(2025, 4, 30), "claude-opus-4-7": dt.date(2026, 4, 16), "claude-opus-4-6": None}
    chosen = _source(meta, "claude-opus-4-7", "release_date")
    assert (chosen["source_id"], chosen["raw_model_id"], chosen["rule"]) == ("openrouter", "anthropic/claude-opus-4.7", "router-snapshot")
    # the fast listings are the models' records (their other fields count), not models of their own
    assert meta.records.filter(pl.col("raw_model_id").str.ends_with("-fast"))["model_id"].to_list() == ["claude-opus-4-7", "claude-opus-4-6"]


def test_a_moving_alias_listing_leaves_a_routers_snapshot_day_the_last_resort():
    """DeepSeek's `deepseek-chat` row (its date 2024-12-26, V3's) serves V3.2 on its fetch day: no candidate for
    V3.2's release, so it does not stand in the way of OpenRouter's snapshot day for it."""
    rows = [
        {"source_id": "openrouter", "raw_model_id": "deepseek/deepseek-v3.2", "raw_name": "DeepSeek V3.2", "provider_id": "openrouter",
         "is_maker": False, "maker_hint": "deepseek", "release_date": dt.date(2025, 12, 1), "as_of_date": dt.date(2026, 2, 21)},
        {"source_id": "models-dev", "raw_model_id": "deepseek/deepseek-chat", "raw_name": "DeepSeek Chat", "provider_id": "deepseek",
         "is_maker": True, "maker_hint": "deepseek", "release_date": dt.date(2024, 12, 26), "as_of_date": dt.date(2026, 2, 21)},
    ]
    meta = model_metadata.build_models(_records(rows), PRIORITY, ["openrouter", "models-dev"], catalog.model_aliases().head(0),
                                       catalog.makers(), catalog.alias_history())
    assert meta.records.filter(pl.col("source_id") == "models-dev")["resolution"].to_list() == ["alias-history:deepseek-chat"]
    assert dict(meta.models.select("id", "release_date").iter_rows()) == {"deepseek-v3-2": dt.date(2025, 12, 1)}
    assert _source(meta, "deepseek-v3-2", "release_date")["rule"] == "router-snapshot"


def test_the_page_that_deprecated_a_model_sets_its_status_over_the_makers_listing():
    """models.dev's Anthropic row lists Claude 3 Opus as active; Anthropic's deprecations page deprecated it on
    2025-06-30 (a curated vendor file's `deprecates`): its status is the page's. A page that only released a
    model says nothing of its status; an admitted model (no maker row) is deprecated by the page the same way."""
    rows = [
        {"source_id": "models-dev", "raw_model_id": "anthropic/claude-3-opus-20240229", "raw_name": "Claude Opus 3",
         "provider_id": "anthropic", "is_maker": True, "maker_hint": "anthropic", "status": "active"},
        {"source_id": "vendor-anthropic", "raw_model_id": "claude-3-opus-20240229", "raw_name": "claude-3-opus-20240229",
         "is_maker": False, "maker_hint": "anthropic", "release_date": dt.date(2024, 3, 4), "source_url": "https://www.anthropic.com/news/claude-3-family"},
        {"source_id": "vendor-anthropic", "raw_model_id": "claude-3-opus-20240229", "raw_name": "claude-3-opus-20240229",
         "is_maker": False, "maker_hint": "anthropic", "status": "deprecated",
         "source_url": "https://docs.anthropic.com/en/docs/about-claude/model-deprecations"},
        {"source_id": "llm-stats", "raw_model_id": "gpt-4.5", "raw_name": "GPT-4.5", "is_maker": False, "maker_hint": "openai", "status": "active"},
        {"source_id": "vendor-openai", "raw_model_id": "gpt-4.5", "raw_name": "gpt-4.5", "is_maker": False, "maker_hint": "openai",
         "status": "deprecated", "source_url": "https://openai.com/index/gpt-4-1/"},
    ]
    meta = model_metadata.build_models(_records(rows), PRIORITY, ["llm-stats", "models-dev"], catalog.model_aliases().head(0), catalog.makers())
    assert dict(meta.models.select("id", "status").iter_rows()) == {"claude-3-opus-20240229": "deprecated", "gpt-4-5": "deprecated"}
    chosen = _source(meta, "claude-3-opus-20240229", "status")
    assert (chosen["source_id"], chosen["rule"]) == ("vendor-anthropic", "deprecation-page")
    assert _source(meta, "claude-3-opus-20240229", "release_date")["rule"] == "launch-page"
    # without the deprecation pages, the listings' status
    alone = model_metadata.build_models(_records([rows[0], rows[1], rows[3]]), PRIORITY, ["llm-stats", "models-dev"],
                                        catalog.model_aliases().head(0), catalog.makers())
    assert dict(alone.models.select("id", "status").iter_rows()) == {"claude-3-opus-20240229": "active", "gpt-4-5": "active"}
    assert _source(alone, "claude-3-opus-20240229", "status")["rule"] == "maker"


def test_a_dated_id_names_what_its_undated_name_named_on_the_ids_day_not_the_records():
    """A build without Claude 3.5 Sonnet's June snapshot (the shipped subset): Anthropic's deprecations notice of
    2025-08-13 names `claude-3-5-sonnet-20240620`. Its undated name, Claude 3.5 Sonnet, named 20241022 by then
    (catalog/alias_history.csv), so the record resolved to 20241022 and the October snapshot carried the June
    one's notice. On the id's own day the name named the June snapshot, which is no model here: unresolved. A
    maker's alias (no dates) still takes a dated id whose date the maker does not use (llm-stats'
    `claude-haiku-4-5-20251015` is Claude Haiku 4.5, 20251001)."""
    rows = [
        {"source_id": "models-dev", "raw_model_id": "anthropic/claude-3-5-sonnet-20241022", "raw_name": "Claude Sonnet 3.5 v2",
         "provider_id": "anthropic", "is_maker": True, "maker_hint": "anthropic", "status": "active"},
        {"source_id": "models-dev", "raw_model_id": "anthropic/claude-haiku-4-5-20251001", "raw_name": "Claude Haiku 4.5",
         "provider_id": "anthropic", "is_maker": True, "maker_hint": "anthropic"},
        {"source_id": "models-dev", "raw_model_id": "anthropic/claude-haiku-4-5", "raw_name": "Claude Haiku 4.5 (latest)",
         "provider_id": "anthropic", "is_maker": True, "is_alias": True, "maker_hint": "anthropic"},
        {"source_id": "vendor-anthropic", "raw_model_id": "claude-3-5-sonnet-20240620", "raw_name": "claude-3-5-sonnet-20240620",
         "is_maker": False, "maker_hint": "anthropic", "status": "deprecated", "as_of_date": dt.date(2025, 8, 13),
         "source_url": "https://docs.anthropic.com/en/docs/about-claude/model-deprecations"},
        {"source_id": "llm-stats", "raw_model_id": "claude-haiku-4-5-20251015", "raw_name": "Claude Haiku 4.5", "is_maker": False,
         "maker_hint": "anthropic", "as_of_date": dt.date(2026, 2, 21)},
    ]
    meta = model_metadata.build_models(_records(rows), PRIORITY, ["models-dev", "llm-stats"], catalog.model_aliases().head(0),
                                       catalog.makers(), catalog.alias_history())
    resolved = dict(meta.records.select("raw_model_id", "model_id").iter_rows())
    assert resolved["claude-3-5-sonnet-20240620"] is None and resolved["claude-haiku-4-5-20251015"] == "claude-haiku-4-5-20251001"
    reason = meta.records.filter(pl.col("raw_model_id") == "claude-3-5-sonnet-20240620")["resolution"][0]
    assert reason == "unresolved:alias target claude-3-5-sonnet-20240620 is not in the registry"
    assert dict(meta.models.select("id", "status").iter_rows())["claude-3-5-sonnet-20241022"] == "active"


def test_a_dated_id_is_no_record_of_the_snapshot_its_moving_alias_served_that_day():
    """OpenAI's deprecations notice of 2026-10-14 names `gpt-4o-2024-11-20`. On that id's own day OpenAI's `gpt-4o`
    served 2024-08-06 (catalog/alias_history.csv: from 2024-10-02), so in a build without the November snapshot the
    notice fell to the August one through the alias and deprecated it. A moving alias' snapshot of another day is
    not the dated id's: unresolved; the notice's own `gpt-4o-2024-08-06` deprecates that one."""
    rows = [
        {"source_id": "models-dev", "raw_model_id": "openai/gpt-4o-2024-08-06", "raw_name": "GPT-4o (2024-08-06)",
         "provider_id": "openai", "is_maker": True, "maker_hint": "openai", "status": "active"},
        {"source_id": "models-dev", "raw_model_id": "openai/gpt-4o-2024-05-13", "raw_name": "GPT-4o (2024-05-13)",
         "provider_id": "openai", "is_maker": True, "maker_hint": "openai", "status": "active"},
        {"source_id": "vendor-openai", "raw_model_id": "gpt-4o-2024-11-20", "raw_name": "gpt-4o-2024-11-20",
         "is_maker": False, "maker_hint": "openai", "status": "deprecated", "as_of_date": dt.date(2026, 10, 14),
         "source_url": "https://platform.openai.com/docs/deprecations"},
    ]
    meta = model_metadata.build_models(_records(rows), PRIORITY, ["models-dev"], catalog.model_aliases().head(0),
                                       catalog.makers(), catalog.alias_history())
    resolved = dict(meta.records.select("raw_model_id", "model_id").iter_rows())
    assert resolved["gpt-4o-2024-11-20"] is None
    reason = meta.records.filter(pl.col("raw_model_id") == "gpt-4o-2024-11-20")["resolution"][0]
    assert reason == "unresolved:gpt-4o on the id's day named gpt-4o-20240806, another snapshot"
    assert dict(meta.models.select("id", "status").iter_rows())["gpt-4o-20240806"] == "active"
    rows[2]["raw_model_id"] = rows[2]["raw_name"] = "gpt-4o-2024-08-06"
    meta = model_metadata.build_models(_records(rows), PRIORITY, ["models-dev"], catalog.model_aliases().head(0),
                                       catalog.makers(), catalog.alias_history())
    assert dict(meta.models.select("id", "status").iter_rows())["gpt-4o-20240806"] == "deprecated"


def test_a_launch_page_date_the_id_contradicts_is_no_candidate():
    """The page rule does not bypass the date rules: a page dated a year after the date Claude 3.7 Sonnet's id
    states (a page that is no launch) is a reject, and the maker's listing dates the model."""
    rows = [
        {"source_id": "models-dev", "raw_model_id": "anthropic/claude-3-7-sonnet-20250219", "raw_name": "Claude Sonnet 3.7",
         "provider_id": "anthropic", "is_maker": True, "maker_hint": "anthropic", "release_date": dt.date(2025, 2, 24)},
        {"source_id": "vendor-anthropic", "raw_model_id": "claude-3-7-sonnet-20250219", "raw_name": "claude-3-7-sonnet-20250219",
         "is_maker": False, "maker_hint": "anthropic", "release_date": dt.date(2026, 2, 24)},
    ]
    meta = model_metadata.build_models(_records(rows), PRIORITY, ["models-dev"], catalog.model_aliases().head(0), catalog.makers())
    assert meta.models["release_date"].to_list() == [dt.date(2025, 2, 24)]
    assert _source(meta, "claude-3-7-sonnet-20250219", "release_date")["rule"] == "maker"
    assert meta.rejects.filter(pl.col("source_id") == "vendor-anthropic")["reason"].str.contains("2026-02-24").to_list() == [True]


def test_as_many_hosts_saying_open_weights_as_closed_is_open_weights():
    """models.dev's hosts of DeepSeek V3.1 Terminus (MIT weights): eight listings say open, eight (their own
    serving) closed, and DeepSeek's own row says neither. A tie is open weights; more closed listings still win."""
    hosts = ["deepinfra", "helicone", "novita", "siliconflow"]
    rows = [{"source_id": "models-dev", "raw_model_id": f"{h}/deepseek/deepseek-v3.1-terminus", "raw_name": "DeepSeek V3.1 Terminus",
             "provider_id": h, "is_maker": False, "maker_hint": "deepseek", "open_weights": i % 2 == 0} for i, h in enumerate(hosts)]
    meta = model_metadata.build_models(_records(rows), PRIORITY, ["models-dev"], catalog.model_aliases().head(0), catalog.makers())
    assert meta.models.select("id", "is_open_source").rows() == [("deepseek-v3-1-terminus", True)]
    assert _source(meta, "deepseek-v3-1-terminus", "open_weights")["rule"] == "source-order"
    rows[0]["open_weights"] = False  # three closed, one open
    meta = model_metadata.build_models(_records(rows), PRIORITY, ["models-dev"], catalog.model_aliases().head(0), catalog.makers())
    assert meta.models["is_open_source"].to_list() == [False]


def test_a_makers_name_before_a_catalogues_id_is_dropped_an_uploaders_is_kept():
    recs = model_metadata.record_keys(_records([
        {"source_id": "models-dev", "raw_model_id": "sap-ai-core/anthropic--claude-3-haiku", "raw_name": "anthropic--claude-3-haiku"},
        {"source_id": "open-llm-leaderboard", "raw_model_id": "jebish7--gemma-2-9b-it", "raw_name": "jebish7--gemma-2-9b-it"},
    ]))
    assert recs["k_id"].to_list() == ["claude-3-haiku", "jebish7-gemma-2-9b-it"]


def test_a_release_date_weeks_after_a_run_of_the_weights_is_a_reject_and_no_candidate():
    recs = _records([
        {"source_id": "openrouter", "raw_model_id": "mistralai/mistral-7b-instruct-v0.3", "raw_name": "Mistral: Mistral 7B Instruct v0.3",
         "is_maker": False, "maker_hint": "mistralai", "release_date": dt.date(2025, 4, 1), "raw_row": '{"id":"kilo"}'},
        {"source_id": "open-llm-leaderboard", "raw_model_id": "mistralai/Mistral-7B-Instruct-v0.3", "raw_name": "mistralai/Mistral-7B-Instruct-v0.3",
         "is_maker": True, "provider_id": "mistralai", "open_weights": True, "as_of_date": dt.date(2024, 6, 12)},
        {"source_id": "openrouter", "raw_model_id": "qwen/qwen-2.5-72b-instruct", "raw_name": "Qwen2.5 72B Instruct",
         "is_maker": False, "maker_hint": "qwen", "release_date": dt.date(2024, 9, 19)},
        {"source_id": "open-llm-leaderboard", "raw_model_id": "Qwen/Qwen2.5-72B-Instruct", "raw_name": "Qwen/Qwen2.5-72B-Instruct",
         "is_maker": True, "provider_id": "Qwen", "open_weights": True, "as_of_date": dt.date(2024, 10, 16)},
    ])
    meta = model_metadata.build_models(recs, PRIORITY, ["openrouter"], catalog.model_aliases().head(0), catalog.makers())
    dates = dict(meta.models.select("id", "release_date").iter_rows())
    assert dates == {"mistral-7b-instruct-v0-3": None, "qwen-2-5-72b-instruct": dt.date(2024, 9, 19)}
    assert meta.rejects.to_dicts() == [{
        "source_id": "openrouter", "stage": "resolve",
        "reason": "'mistralai/mistral-7b-instruct-v0.3': release_date 2025-04-01 is more than two weeks after open-llm-leaderboard ran "
                  "'mistral-7b-instruct-v0-3' on 2024-06-12; the model's release date is chosen without it",
        "raw_row": '{"id":"kilo"}',
    }]
    # the same listing without the leaderboard's run: its date is the only candidate, and it stands
    alone = model_metadata.build_models(recs.filter(pl.col("source_id") == "openrouter"), PRIORITY, ["openrouter"],
                                        catalog.model_aliases().head(0), catalog.makers())
    assert alone.models.filter(pl.col("id") == "mistral-7b-instruct-v0-3")["release_date"].to_list() == [dt.date(2025, 4, 1)]
    assert alone.rejects.is_empty()


def test_an_admitted_id_keeps_a_model_name_word_every_listing_spells_and_drops_serving_words():
    """OpenRouter's `z-ai/glm-5v-turbo` is Z.ai's GLM-5V-Turbo (a later GLM-5V would be another model); Chutes'
    `-TEE` and Novita's `-turbo` DeepSeek-R1 listings are DeepSeek-R1 served two ways; Cloudflare's "Llama 2 7B
    Chat FP16" is Llama 2 7B Chat."""
    recs = _records([
        {"source_id": "openrouter", "raw_model_id": "z-ai/glm-5v-turbo", "raw_name": "GLM 5V Turbo", "is_maker": False, "maker_hint": "z-ai"},
        {"source_id": "models-dev", "raw_model_id": "chutes/deepseek-ai/DeepSeek-R1-TEE", "raw_name": "DeepSeek R1 TEE", "is_maker": False,
         "maker_hint": "deepseek-ai"},
        {"source_id": "models-dev", "raw_model_id": "novita-ai/deepseek/deepseek-r1-turbo", "raw_name": "DeepSeek R1 (Turbo)", "is_maker": False,
         "maker_hint": "deepseek"},
        {"source_id": "models-dev", "raw_model_id": "cloudflare-workers-ai/@cf/meta/llama-2-7b-chat-fp16", "raw_name": "Llama 2 7B Chat FP16",
         "is_maker": False, "maker_hint": "llama"},
    ])
    meta = model_metadata.build_models(recs, PRIORITY, ["openrouter", "models-dev"], catalog.model_aliases().head(0), catalog.makers())
    names = dict(meta.models.select("id", "name").iter_rows())
    assert names == {"glm-5v-turbo": "GLM 5V Turbo", "deepseek-r1": "DeepSeek R1", "llama-2-7b-chat": "Llama 2 7B Chat"}
    assert set(meta.records["model_id"]) == set(names)


def test_a_hosts_tier_word_is_dropped_but_a_makers_own_word_and_a_curated_ones_name_the_model():
    """Nebius' `qwen3-32b-fast` and OpenRouter's Claude Opus 4.6 (Fast) are the model served faster; xAI's page of
    `grok-4-fast` (dating and scoring Grok 4 Fast) is not about Grok 4, and OpenRouter's `z-ai/glm-5-turbo`, which the
    catalogue names, is GLM-5 Turbo, a model of its own. Before, both took the model their id names without the word:
    Grok 4's release date was Grok 4 Fast's, where no listing had Grok 4 Fast (`make run`'s data)."""
    recs = _records([
        {"source_id": "models-dev", "raw_model_id": "xai/grok-4", "raw_name": "Grok 4", "provider_id": "xai", "is_maker": True,
         "maker_hint": "xai", "release_date": dt.date(2025, 7, 9)},
        {"source_id": "vendor-xai", "raw_model_id": "grok-4-fast", "raw_name": "grok-4-fast", "is_maker": False, "maker_hint": "xai",
         "release_date": dt.date(2025, 9, 19), "source_url": "https://x.ai/news/grok-4-fast"},
        {"source_id": "models-dev", "raw_model_id": "zai/glm-5", "raw_name": "GLM-5", "provider_id": "zai", "is_maker": True,
         "maker_hint": "zai"},
        {"source_id": "openrouter", "raw_model_id": "z-ai/glm-5-turbo", "raw_name": "Z.ai: GLM 5 Turbo", "provider_id": "openrouter",
         "is_maker": False, "maker_hint": "z-ai"},
        {"source_id": "models-dev", "raw_model_id": "anthropic/claude-opus-4-6", "raw_name": "Claude Opus 4.6", "provider_id": "anthropic",
         "is_maker": True, "maker_hint": "anthropic"},
        {"source_id": "openrouter", "raw_model_id": "anthropic/claude-opus-4.6-fast", "raw_name": "Anthropic: Claude Opus 4.6 (Fast)",
         "provider_id": "openrouter", "is_maker": False, "maker_hint": "anthropic"},
        {"source_id": "models-dev", "raw_model_id": "qwen/qwen3-32b", "raw_name": "Qwen3 32B", "provider_id": "qwen", "is_maker": True,
         "maker_hint": "qwen"},
        {"source_id": "models-dev", "raw_model_id": "nebius/qwen/qwen3-32b-fast", "raw_name": "Qwen3-32B-fast", "provider_id": "nebius",
         "is_maker": False, "maker_hint": "qwen"},
    ])
    curated = catalog.model_aliases().filter(pl.col("alias") == "glm-5-turbo")
    assert curated.height == 1
    meta = model_metadata.build_models(recs, PRIORITY, ["models-dev", "openrouter"], curated, catalog.makers())
    resolved = dict(meta.records.select("raw_model_id", "model_id").iter_rows())
    assert resolved == {
        "xai/grok-4": "grok-4", "grok-4-fast": None, "zai/glm-5": "glm-5", "z-ai/glm-5-turbo": "glm-5-turbo",
        "anthropic/claude-opus-4-6": "claude-opus-4-6", "anthropic/claude-opus-4.6-fast": "claude-opus-4-6",
        "qwen/qwen3-32b": "qwen3-32b", "nebius/qwen/qwen3-32b-fast": "qwen3-32b",
    }
    models = {r["id"]: r for r in meta.models.iter_rows(named=True)}
    assert models["grok-4"]["release_date"] == dt.date(2025, 7, 9)
    assert (models["glm-5-turbo"]["name"], models["glm-5-turbo"]["provider"]) == ("GLM 5 Turbo", "Z.ai")


@pytest.mark.parametrize(("name", "shown"), [
    ("KAT-Coder-Pro V1(Free)", "KAT-Coder-Pro V1"),
    ("NVIDIA Nemotron Nano 12B v2 VL BF16", "NVIDIA Nemotron Nano 12B v2 VL"),
    ("Devstral 2 123B Instruct 2512 TEE", "Devstral 2 123B Instruct 2512"),
    ("Llama-4-Scout-17B-16E-Instruct-FP8", "Llama-4-Scout-17B-16E-Instruct"),
    ("DeepSeek V3 Base (free)", "DeepSeek V3 Base"),
    ("Freedom 7B", "Freedom 7B"),  # a word that only starts like one
    ("Qwen Math Turbo", "Qwen Math Turbo"),  # a model's name word, not a serving word
])
def test_serving_words_at_the_end_of_a_listings_name(name, shown):
    assert pl.Series([name]).str.replace(model_metadata.SERVING_NAME, "").to_list() == [shown]


def test_a_hosts_display_name_that_says_more_than_its_id_names_the_model():
    """Bedrock's `deepseek.v3-v1:0` is DeepSeek-V3.1 (its name says so; its id reads "deepseek-v3" once Bedrock's
    version is dropped) and Vercel's `deepseek-v3` "DeepSeek V3 0324"; a name that says less than the id (Abacus'
    `gemini-2.0-flash-001` "Gemini 2.0 Flash"), another version (Bedrock's v0:2 "...v0.3") or no model's key leaves
    the id deciding, and a maker's own row is its id's model whatever its name."""
    host = {"source_id": "models-dev", "is_maker": False, "maker_hint": "deepseek-ai"}
    maker = {"source_id": "models-dev", "is_maker": True, "provider_id": "alibaba", "maker_hint": "qwen"}
    recs = _records([
        {**host, "raw_model_id": "togetherai/deepseek-ai/DeepSeek-V3", "raw_name": "DeepSeek V3"},
        {**host, "raw_model_id": "togetherai/deepseek-ai/DeepSeek-V3-0324", "raw_name": "DeepSeek V3 0324"},
        {**host, "raw_model_id": "togetherai/deepseek-ai/DeepSeek-V3.1", "raw_name": "DeepSeek V3.1"},
        {**host, "raw_model_id": "amazon-bedrock/deepseek.v3-v1:0", "raw_name": "DeepSeek-V3.1"},
        {**host, "raw_model_id": "vercel/deepseek/deepseek-v3", "raw_name": "DeepSeek V3 0324"},
        {**host, "raw_model_id": "io-net/deepseek-ai/DeepSeek-V3-0324", "raw_name": "DeepSeek V3"},
        {**maker, "raw_model_id": "alibaba/qwen3-max-thinking", "raw_name": "Qwen3-Max-Thinking"},
        {**maker, "raw_model_id": "alibaba/qwen3-max", "raw_name": "Qwen3-Max-Thinking"},  # a maker's row: its id decides
        {**host, "raw_model_id": "zenmux/qwen/qwen3-max", "raw_name": "Qwen3-Max-Thinking", "maker_hint": "qwen"},
        {**host, "raw_model_id": "novita-ai/qwen/qwen3-max", "raw_name": "Qwen3 Max Preview", "maker_hint": "qwen"},  # names no model
    ])
    meta = model_metadata.build_models(recs, PRIORITY, ["models-dev"], catalog.model_aliases().head(0), catalog.makers())
    resolved = dict(meta.records.select("raw_model_id", "model_id").iter_rows())
    assert resolved == {
        "togetherai/deepseek-ai/DeepSeek-V3": "deepseek-v3", "togetherai/deepseek-ai/DeepSeek-V3-0324": "deepseek-v3-0324",
        "togetherai/deepseek-ai/DeepSeek-V3.1": "deepseek-v3-1",
        "amazon-bedrock/deepseek.v3-v1:0": "deepseek-v3-1", "vercel/deepseek/deepseek-v3": "deepseek-v3-0324",
        "io-net/deepseek-ai/DeepSeek-V3-0324": "deepseek-v3-0324",
        "alibaba/qwen3-max-thinking": "qwen3-max-thinking", "alibaba/qwen3-max": "qwen3-max",
        "zenmux/qwen/qwen3-max": "qwen3-max-thinking", "novita-ai/qwen/qwen3-max": "qwen3-max",
    }


def test_a_hosts_display_name_that_says_more_joins_the_model_another_listing_admits():
    """No maker row defines Qwen3-235B-A22B-Instruct-2507 here: Novita's listing admits it, and Vercel's
    `qwen-3-235b`, named "Qwen3 235B A22B Instruct 2507", is that model's listing, not a model of its own
    ("qwen-3" and "qwen3" are one spelling: the name says more than the id all the same)."""
    host = {"source_id": "models-dev", "is_maker": False, "maker_hint": "qwen"}
    recs = _records([
        {**host, "raw_model_id": "novita-ai/qwen/qwen3-235b-a22b-instruct-2507", "raw_name": "Qwen3 235B A22B Instruct 2507"},
        {**host, "raw_model_id": "vercel/alibaba/qwen-3-235b", "raw_name": "Qwen3 235B A22B Instruct 2507"},
    ])
    meta = model_metadata.build_models(recs, PRIORITY, ["models-dev"], catalog.model_aliases().head(0), catalog.makers())
    assert meta.models["id"].to_list() == ["qwen3-235b-a22b-instruct-2507"]
    assert meta.records["model_id"].to_list() == ["qwen3-235b-a22b-instruct-2507"] * 2


def test_an_admitted_model_is_named_by_a_listing_that_spells_its_id():
    """NVIDIA's `codellama-70b` "Codellama 70b" joins CodeLlama 70B Instruct's group at admission (a host's listing
    without "-instruct" names the instruct model) but is no name for it: a listing spelling its id names it."""
    recs = _records([
        {"source_id": "bigcodebench", "raw_model_id": "codellama/CodeLlama-70b-hf", "raw_name": "CodeLlama-70b-hf", "maker_hint": "codellama"},
        {"source_id": "bigcodebench", "raw_model_id": "codellama/CodeLlama-70b-Instruct-hf", "raw_name": "CodeLlama-70b-Instruct-hf",
         "maker_hint": "codellama"},
        {"source_id": "lmarena", "raw_model_id": "CodeLlama-70B-instruct", "raw_name": "CodeLlama-70B-instruct", "maker_hint": "Meta"},
        {"source_id": "models-dev", "raw_model_id": "nvidia/meta/codellama-70b", "raw_name": "Codellama 70b", "maker_hint": "meta"},
    ])
    meta = model_metadata.build_models(recs, PRIORITY, ["bigcodebench", "lmarena", "models-dev"], catalog.model_aliases().head(0),
                                       catalog.makers())
    # the repo's "-hf" (its weights in Hugging Face's format) is no part of the name, as of the id
    assert dict(meta.models.select("id", "name").iter_rows()) == {
        "codellama-70b": "CodeLlama-70b", "codellama-70b-instruct": "CodeLlama-70B-instruct",
    }


def test_a_makers_id_is_found_without_a_serving_suffix_but_not_without_a_model_name_word():
    aliases = pl.DataFrame({
        "key": ["llama-4-scout-17b-16e-instruct-fp8", "grok-4-1-fast", "grok-4", "grok-4-fast"],
        "model_id": ["llama-4-scout-17b-16e-instruct-fp8", "grok-4-1-fast", "grok-4", "grok-4-fast"],
        "rule": ["id"] * 4, "tier": [identity.TIER_OWN_ID] * 4,
    })
    free = model_metadata.host_free_keys(aliases)
    assert dict(free.select("key", "model_id").iter_rows()) == {"llama-4-scout-17b-16e-instruct": "llama-4-scout-17b-16e-instruct-fp8"}


def test_a_release_date_that_contradicts_the_listings_own_id_is_a_fault():
    """Qiniu lists `qwen-max-2025-01-25` (Alibaba's API name of Qwen2.5-Max, curated) with its own listing
    date 2025-08-05: the date the id states is no more than three months before the release."""
    records = model_metadata.record_keys(_records([
        {"source_id": "models-dev", "raw_model_id": "qiniu-ai/qwen-max-2025-01-25", "raw_name": "Qwen Max 2025-01-25",
         "release_date": dt.date(2025, 8, 5)},
        {"source_id": "models-dev", "raw_model_id": "openrouter/qwen/qwen-max-2025-01-25", "raw_name": "Qwen Max",
         "release_date": dt.date(2025, 1, 28)},
    ])).with_columns(model_id=pl.lit("qwen2-5-max"))
    faults = records.select("raw_model_id", fault=model_metadata.release_date_faults(records)).rows()
    assert faults == [
        ("qiniu-ai/qwen-max-2025-01-25", "release_date 2025-08-05 contradicts the date the listing's own id states"),
        ("openrouter/qwen/qwen-max-2025-01-25", None),
    ]


def test_a_1_january_that_another_listing_follows_is_a_year_not_a_day():
    """Hugging Face dates Qwen3-Embedding-4B 2025-01-01 and Firmware gpt-oss 1970-01-01 while other listings give the
    day (2025-06-05, 2025-08-05); a 1 January no listing follows (StepFun's own Step 2) stays a candidate."""
    records = model_metadata.record_keys(_records([
        {"source_id": "models-dev", "raw_model_id": "huggingface/Qwen/Qwen3-Embedding-4B", "raw_name": "Qwen 3 Embedding 4B",
         "release_date": dt.date(2025, 1, 1)},
        {"source_id": "models-dev", "raw_model_id": "deepinfra/Qwen/Qwen3-Embedding-4B", "raw_name": "Qwen3 Embedding 4B",
         "release_date": dt.date(2025, 6, 5)},
        {"source_id": "models-dev", "raw_model_id": "firmware/gpt-oss-20b", "raw_name": "gpt-oss-20b", "release_date": dt.date(1970, 1, 1)},
        {"source_id": "models-dev", "raw_model_id": "openai/gpt-oss-20b", "raw_name": "gpt-oss-20b", "release_date": dt.date(2025, 8, 5)},
        {"source_id": "models-dev", "raw_model_id": "stepfun/step-2-16k", "raw_name": "Step 2 (16K)", "release_date": dt.date(2025, 1, 1)},
    ])).with_columns(model_id=pl.Series(["qwen3-embedding-4b", "qwen3-embedding-4b", "gpt-oss-20b", "gpt-oss-20b", "step-2-16k"]))
    faults = dict(records.select("raw_model_id", fault=model_metadata.release_date_faults(records)).iter_rows())
    year = "is a 1 January that another listing of '{}' follows with a later day: a year, not a day"
    assert faults == {
        "huggingface/Qwen/Qwen3-Embedding-4B": "release_date 2025-01-01 " + year.format("qwen3-embedding-4b"),
        "deepinfra/Qwen/Qwen3-Embedding-4B": None,
        "firmware/gpt-oss-20b": "release_date 1970-01-01 " + year.format("gpt-oss-20b"),
        "openai/gpt-oss-20b": None,
        "stepfun/step-2-16k": None,
    }


def test_a_hosts_family_that_names_only_the_uploader_is_no_family():
    """Chutes lists Unsloth's upload of Mistral Small 3 with family "unsloth": the uploader, named in the middle of
    the listing's id, no maker, and not how the model's id begins. Chutes' Hermes 4 14B has family "nousresearch":
    Nous Research is a maker, but no model's id begins with its organisation's name (OpenRouter gives Hermes 4 70B
    "hermes"). Morph's and Qwen's families stay: models are named after them."""
    rows = pl.DataFrame({
        "raw_model_id": ["chutes/unsloth/Mistral-Small-24B-Instruct-2501", "chutes/chutesai/Mistral-Small-3.1-24B-Instruct-2503",
                         "vercel/morph/morph-v3-fast", "abacus/Qwen/QwQ-32B", "helicone/sonar", "mistral/open-mistral-7b", "qwen3-max",
                         "chutes/NousResearch/Hermes-4-14B", "openrouter/nousresearch/hermes-4-70b", "openrouter/allenai/molmo-2-8b:free"],
        "family": ["unsloth", "chutesai", "morph", "qwen", "sonar", "mistral", "qwen", "nousresearch", "hermes", "allenai"],
        "maker": [None, None, None, "Alibaba", None, "Mistral", "Alibaba", "Nous Research", "Nous Research", "Ai2"],
        "model_id": ["mistral-small-24b-instruct-2501", "mistral-small-2503", "morph-v3-fast", "qwq-32b", "sonar", "open-mistral-7b",
                     "qwen3-max", "hermes-4-14b", "hermes-4-70b", "molmo-2-8b"],
    })
    # an id without a folder (llm-stats' `qwen3-max`) names no uploader
    assert model_metadata.uploader_family(rows).to_list() == [True, True, False, False, False, False, False, True, False, True]


def test_a_training_cutoff_in_or_after_the_models_release_month_is_flagged():
    records = pl.DataFrame({
        "model_id": ["gpt-4-0613", "gpt-4-0613", "claude-2-0", "kimi-k2-thinking", "gemini-1-5-pro", "o3", None],
        "training_cutoff": ["2023-11", "2021-09", "2023-07", "2025-12", "2023-11", "2024-06", "2030-01"],
    })
    releases = pl.DataFrame({
        "model_id": ["gpt-4-0613", "claude-2-0", "kimi-k2-thinking", "gemini-1-5-pro", "o3"],
        "release_date": [dt.date(2023, 6, 13), dt.date(2023, 7, 11), dt.date(2025, 11, 6), dt.date(2024, 2, 15), None],
    })
    # the release month itself stands in for an unknown cutoff (Claude 2's 2023-07, released 2023-07-11); without
    # a release date there is nothing to contradict
    assert model_metadata.cutoff_after_release(records, releases).to_list() == [True, False, True, True, False, False, False]


def test_a_max_output_above_the_published_context_window_is_no_candidate():
    """OpenRouter's Mistral 7B Instruct v0.1 (first in the source order) has a 2,824-token context; Cloudflare's
    16,384 output tokens belong to its own 128K serving and would be published beside 2,824. The max output is
    chosen among the listings within the context window (Kilo's 565); a 4,096-token output beside a 4,095-token
    context is rounding; a TTS model's audio output may pass its text context. Nothing is rejected: each value
    is true of its own listing's serving."""
    def listing(source, rid, host, context, output, modalities=("text",)):
        return {"source_id": source, "raw_model_id": rid, "raw_name": "Mistral 7B Instruct v0.1", "provider_id": host, "is_maker": False,
                "maker_hint": "mistralai", "context_window": context, "max_output_tokens": output, "output_modalities": list(modalities)}
    rows = [listing("openrouter", "mistralai/mistral-7b-instruct-v0.1", "openrouter", 2824, None),
            listing("models-dev", "cloudflare-workers-ai/@cf/mistral/mistral-7b-instruct-v0.1", "cloudflare-workers-ai", 128000, 16384),
            listing("models-dev", "kilo/mistralai/mistral-7b-instruct-v0.1", "kilo", 2824, 565)]
    build = lambda rows: model_metadata.build_models(_records(rows), PRIORITY, ["openrouter", "models-dev"], catalog.model_aliases().head(0),
                                                     catalog.makers())
    meta = build(rows)
    assert meta.models.select("context_window", "max_output_tokens").rows() == [(2824, 565)]
    assert _source(meta, "mistral-7b-instruct-v0-1", "max_output_tokens")["raw_model_id"] == "kilo/mistralai/mistral-7b-instruct-v0.1"
    assert meta.rejects.filter(pl.col("reason").str.contains("max_output")).is_empty()
    rows[0]["context_window"] = 16383  # within 1%: rounding, so Cloudflare's value stands (the source order's first)
    assert build(rows).models.select("context_window", "max_output_tokens").rows() == [(16383, 16384)]
    rows[0]["context_window"] = 2824
    rows[1]["output_modalities"] = ["audio"]
    assert build(rows).models["max_output_tokens"].to_list() == [16384]


def test_an_embedding_model_has_no_max_output_tokens():
    """models.dev gives an embedding model's vector dimensions as its output limit (OpenAI's row of
    text-embedding-3-large: 3,072; Vercel's: 1,536): no number of tokens, so neither the model nor an offer has a max
    output, while its context window stands. A chat model's output limit is still chosen."""
    def listing(rid, host, name, context, output, maker=False):
        return {"source_id": "models-dev", "raw_model_id": rid, "raw_name": name, "provider_id": host, "is_maker": maker,
                "maker_hint": "openai", "context_window": context, "max_output_tokens": output, "output_modalities": ["text"]}
    rows = [listing("openai/text-embedding-3-large", "openai", "text-embedding-3-large", 8191, 3072, maker=True),
            listing("vercel/openai/text-embedding-3-large", "vercel", "text-embedding-3-large", 8192, 1536),
            listing("openai/gpt-4.1", "openai", "GPT-4.1", 1047576, 32768, maker=True)]
    meta = model_metadata.build_models(_records(rows), PRIORITY, ["models-dev"], catalog.model_aliases().head(0), catalog.makers())
    assert meta.models.select("id", "context_window", "max_output_tokens").rows() == [
        ("gpt-4-1", 1047576, 32768), ("text-embedding-3-large", 8191, None)]
    assert _source(meta, "gpt-4-1", "max_output_tokens")["raw_model_id"] == "openai/gpt-4.1"
    assert meta.provenance.filter((pl.col("model_id") == "text-embedding-3-large") & (pl.col("field") == "max_output_tokens")).is_empty()
    offers = meta.offers.filter(pl.col("model_id") == "text-embedding-3-large")
    assert offers.height == 2 and offers["max_output_tokens"].is_null().all() and offers["context_window"].to_list() != [None, None]


def test_no_two_models_share_a_name():
    """Hosts call MiniMax M1 and M1 80K both "MiniMax M1", and Cohere's 04-2024 and 08-2024 Command R+ both
    "Command R+": the model whose id is the name keeps it, each other takes a listing's name no other model has
    (one that spells its id first), else its id."""
    records = pl.DataFrame([
        {"model_id": "minimax-m1", "source_id": "openrouter", "raw_model_id": "minimax/minimax-m1", "raw_name": "MiniMax: MiniMax M1"},
        {"model_id": "minimax-m1-80k", "source_id": "models-dev", "raw_model_id": "novita-ai/minimaxai/minimax-m1-80k", "raw_name": "MiniMax M1"},
        {"model_id": "command-r-plus-04-2024", "source_id": "llm-stats", "raw_model_id": "command-r-plus-04-2024", "raw_name": "Command R+"},
        {"model_id": "command-r-plus-04-2024", "source_id": "bigcodebench", "raw_model_id": "CohereForAI/c4ai-command-r-plus", "raw_name": "c4ai-command-r-plus"},
        {"model_id": "command-r-plus-04-2024", "source_id": "lmarena", "raw_model_id": "Command R Plus 04-2024", "raw_name": "Command R Plus 04-2024"},
        {"model_id": "command-r-plus-08-2024", "source_id": "models-dev", "raw_model_id": "cohere/command-r-plus-08-2024", "raw_name": "Command R+"},
        {"model_id": "command-r-plus-08-2024", "source_id": "openrouter", "raw_model_id": "cohere/command-r-plus-08-2024", "raw_name": "Cohere: Command R+ (08-2024)"},
        # a listing name another model has is no name for this one
        {"model_id": "command-r-plus-08-2024", "source_id": "models-dev", "raw_model_id": "x/command-r", "raw_name": "Command R"},
    ])
    models = pl.DataFrame({
        "id": ["command-r", "command-r-plus-04-2024", "command-r-plus-08-2024", "minimax-m1", "minimax-m1-80k"],
        "name": ["Command R", "Command R+", "Command R+", "MiniMax M1", "MiniMax-M1"],
        "provider": ["Cohere", "Cohere", "Cohere", "MiniMax", "MiniMax"],
    })
    out = model_metadata.distinct_names(models, records)
    assert out.columns == models.columns
    assert dict(out.select("id", "name").iter_rows()) == {
        "command-r": "Command R", "command-r-plus-04-2024": "Command R Plus 04-2024", "command-r-plus-08-2024": "Command R+ (08-2024)",
        "minimax-m1": "MiniMax M1", "minimax-m1-80k": "minimax-m1-80k",
    }
    distinct = models.filter(pl.col("id").is_in(["command-r", "minimax-m1"]))
    assert model_metadata.distinct_names(distinct, records).equals(distinct)


def _arc(raw_model_id: str, name: str, maker: str) -> dict:
    return {"source_id": "arc-prize", "raw_model_id": raw_model_id, "raw_name": name, "is_maker": False, "maker_hint": maker,
            "source_url": "https://arcprize.org/leaderboard"}


def test_a_late_source_defines_only_the_models_no_other_source_has():
    """ARC Prize (`defines_late`) labels GPT-5.5 `gpt-5-5-2026-04-22`, a date no catalogue gives it, and Grok 4.20
    `grok-4.20-beta-0309b`: their records name the models OpenRouter's listings define ("GPT-5.5", "Grok 4.20"),
    as their scores do, not models of their own. Claude Opus 4.8, which no catalogue lists, is a model ARC Prize
    defines (under the curated id its short name `opus-4-8` has). Magistral Medium 2506, which both define, is
    OpenRouter's: a late source is the definer of last resort."""
    rows = [
        {"source_id": "openrouter", "raw_model_id": "openai/gpt-5.5", "raw_name": "OpenAI: GPT-5.5", "provider_id": "openai",
         "is_maker": False, "maker_hint": "openai", "context_window": 1_050_000},
        {"source_id": "openrouter", "raw_model_id": "x-ai/grok-4.20", "raw_name": "xAI: Grok 4.20", "provider_id": "xai",
         "is_maker": False, "maker_hint": "x-ai"},
        {"source_id": "openrouter", "raw_model_id": "mistralai/magistral-medium-2506", "raw_name": "Mistral: Magistral Medium 2506",
         "provider_id": "mistral", "is_maker": False, "maker_hint": "mistralai"},
        _arc("gpt-5-5-2026-04-22", "GPT-5.5", "OpenAI"),
        _arc("grok-4.20-beta-0309b", "Grok 4.20", "xAI"),
        _arc("opus-4-8", "Claude Opus 4.8", "Anthropic"),
        _arc("magistral-medium-2506", "Magistral", "Mistral"),
    ]
    creators = ["openrouter", "arc-prize"]
    meta = model_metadata.build_models(_records(rows), PRIORITY, creators, catalog.model_aliases(), catalog.makers(), late=("arc-prize",))
    models = dict(meta.models.select("id", "metadata_source_id").iter_rows())
    assert models == {"gpt-5-5": "openrouter", "grok-4-20": "openrouter", "magistral-medium-2506": "openrouter",
                      "claude-opus-4-8": "arc-prize"}
    arc = dict(meta.records.filter(pl.col("source_id") == "arc-prize").select("raw_model_id", "model_id").iter_rows())
    assert arc == {"gpt-5-5-2026-04-22": "gpt-5-5", "grok-4.20-beta-0309b": "grok-4-20", "opus-4-8": "claude-opus-4-8",
                   "magistral-medium-2506": "magistral-medium-2506"}
    assert _model(meta, "claude-opus-4-8")["name"] == "Claude Opus 4.8"
    # the same records from a source that is not late: each label its own model
    early = model_metadata.build_models(_records(rows), PRIORITY, creators, catalog.model_aliases(), catalog.makers())
    assert {"gpt-5-5-20260422", "grok-4-20-beta-0309b"} <= set(early.models["id"])


# llm-stats' records of Gemma 3n E2B: the instruction-tuned model and, under the plain id, the pre-trained one
GEMMA_3N_E2B_LLM_STATS = [
    {"source_id": "llm-stats", "raw_model_id": "gemma-3n-e2b-it", "raw_name": "Gemma 3n E2B Instructed", "maker_hint": "google",
     "is_maker": False, "release_date": dt.date(2025, 6, 26)},
    {"source_id": "llm-stats", "raw_model_id": "gemma-3n-e2b", "raw_name": "Gemma 3n E2B", "maker_hint": "google",
     "is_maker": False, "release_date": dt.date(2025, 6, 26)},
]


def test_a_catalogues_plain_name_beside_its_instruct_spelling_is_the_base_model():
    """llm-stats lists Google's pre-trained `gemma-3n-e2b` beside `gemma-3n-e2b-it`: two models, not one (its
    HellaSwag 72.2 is the pre-trained model's, on Google's card). A catalogue that lists no "-instruct" spelling
    of a name (llm-stats' `phi-4-mini`: Microsoft released Phi-4-mini-instruct) names the instruct model by it."""
    recs = _records([
        *GEMMA_3N_E2B_LLM_STATS,
        {"source_id": "huggingface-hub", "raw_model_id": "microsoft/Phi-4-mini-instruct", "raw_name": "Phi-4-mini-instruct",
         "maker_hint": "microsoft", "provider_id": "huggingface", "is_maker": False},
        {"source_id": "llm-stats", "raw_model_id": "phi-4-mini", "raw_name": "Phi 4 Mini", "maker_hint": "microsoft",
         "is_maker": False, "release_date": dt.date(2025, 2, 26)},
    ])
    plain = dict(model_metadata.record_keys(recs).select("raw_model_id", "k_plain").rows())
    assert plain["gemma-3n-e2b"] is None and plain["phi-4-mini"] is not None
    meta = model_metadata.build_models(recs, PRIORITY, ["llm-stats", "huggingface-hub"], catalog.model_aliases().head(0), catalog.makers())
    resolved = dict(meta.records.select("raw_model_id", "model_id").rows())
    assert resolved["gemma-3n-e2b-it"] == "gemma-3n-e2b-it" and resolved["gemma-3n-e2b"] == "gemma-3n-e2b"
    assert resolved["phi-4-mini"] == resolved["microsoft/Phi-4-mini-instruct"]
    assert meta.models.height == 3


def test_a_providers_plain_listing_serves_the_instruct_model_even_where_a_base_repo_has_its_id():
    """Google's pre-trained repo google/gemma-2-27b defines a model of its own (the Open LLM Leaderboard ran it); a
    provider's listing of plain `gemma-2-27b` (yamanahlawat's, Google its provider: what Google served) is still the
    instruct model's, as a host's plain listing is, unless its name says base (OpenRouter's "Llama 3.1 405B
    (base)"); a record with no provider, the maker's own page naming the pre-trained model, is the base model's."""
    hub = {"source_id": "huggingface-hub", "provider_id": "huggingface", "is_maker": False}
    recs = _records([
        {**hub, "raw_model_id": "google/gemma-2-27b", "raw_name": "gemma-2-27b", "maker_hint": "google"},
        {**hub, "raw_model_id": "google/gemma-2-27b-it", "raw_name": "gemma-2-27b-it", "maker_hint": "google"},
        {**hub, "raw_model_id": "meta-llama/Llama-3.1-405B", "raw_name": "Llama-3.1-405B", "maker_hint": "meta-llama"},
        {**hub, "raw_model_id": "meta-llama/Llama-3.1-405B-Instruct", "raw_name": "Llama-3.1-405B-Instruct", "maker_hint": "meta-llama"},
        {"source_id": "yamanahlawat-llm-registry", "raw_model_id": "gemma-2-27b", "raw_name": "gemma-2-27b", "maker_hint": "google",
         "provider_id": "google", "is_maker": False, "context_window": 8192},
        {"source_id": "openrouter", "raw_model_id": "meta-llama/llama-3.1-405b", "raw_name": "Meta: Llama 3.1 405B (base)",
         "maker_hint": "meta-llama", "provider_id": "openrouter", "is_maker": False},
        {"source_id": "vendor-google", "raw_model_id": "gemma-2-27b", "raw_name": "gemma-2-27b", "is_maker": False,
         "release_date": dt.date(2024, 6, 27)},
    ])
    meta = model_metadata.build_models(recs, PRIORITY, ["huggingface-hub"], catalog.model_aliases().head(0), catalog.makers())
    resolved = {(r, s): m for s, r, m in meta.records.select("source_id", "raw_model_id", "model_id").rows()}
    assert resolved[("gemma-2-27b", "yamanahlawat-llm-registry")] == "gemma-2-27b-it"
    assert resolved[("meta-llama/llama-3.1-405b", "openrouter")] == "llama-3-1-405b"
    assert resolved[("gemma-2-27b", "vendor-google")] == "gemma-2-27b"
    assert sorted(meta.models["id"]) == ["gemma-2-27b", "gemma-2-27b-it", "llama-3-1-405b", "llama-3-1-405b-instruct"]
    assert dict(meta.models.select("id", "context_window").rows())["gemma-2-27b-it"] == 8192


def test_a_model_no_source_describes_has_unknown_capabilities_not_none():
    """llm-stats' pre-trained Gemma 3n E2B says nothing of its input, tools or thinking: its capabilities are
    unknown (null), not an empty list. The instruction-tuned model, whose OpenRouter listing on models.dev takes
    text and neither tools nor thinking, has [text]."""
    recs = _records([
        *GEMMA_3N_E2B_LLM_STATS,
        {"source_id": "models-dev", "raw_model_id": "openrouter/google/gemma-3n-e2b-it:free", "raw_name": "Gemma 3n 2B (free)",
         "maker_hint": "google", "provider_id": "openrouter", "is_maker": False, "input_modalities": ["text"],
         "supports_tools": False, "supports_reasoning": False},
    ])
    meta = model_metadata.build_models(recs, PRIORITY, ["llm-stats", "models-dev"], catalog.model_aliases().head(0), catalog.makers())
    assert dict(meta.models.select("id", "capabilities").rows()) == {"gemma-3n-e2b": None, "gemma-3n-e2b-it": ["text"]}
    # a catalogue that says the model calls no tools and does not think, but not what it takes, knows no capability
    # it has: still unknown
    quiet = model_metadata.build_models(_records([{**GEMMA_3N_E2B_LLM_STATS[1], "supports_tools": False, "supports_reasoning": False}]),
                                        PRIORITY, ["llm-stats"], catalog.model_aliases().head(0), catalog.makers())
    assert quiet.models["capabilities"].to_list() == [None]


def _page(source_id: str, model: str, name: str, maker: str, day: dt.date, url: str) -> dict:
    """A vendor page's `introduces` record (vendor_pages._page_record): its name is the model's id unless the
    entry gives one."""
    return {"source_id": source_id, "raw_model_id": model, "raw_name": name, "is_maker": False, "maker_hint": maker,
            "release_date": day, "as_of_date": day, "source_url": url}


def test_a_launch_page_that_names_its_model_defines_it_where_no_catalogue_lists_it():
    """Gemini 2.5 Pro's 03-25 experiment was retired before any recorded catalogue: only Google's launch page
    (a vendor file's `introduces` entry with the name the page gives) says it existed, and that record defines it,
    with the maker, the id the page spells, its name and the page's date. A page's plain id (Gemini 2.0 Flash-Lite's
    preview, with no name) defines nothing, as before: a vendor file's ids are no names. A named entry of a model a
    catalogue lists (OpenRouter's Gemini 2.5 Pro Preview 05-06) is one more listing of that model: it keeps the
    catalogue's id and name. Without `namers`, the named record defines nothing either."""
    blog = "https://blog.google/technology/google-deepmind/gemini-model-thinking-updates-march-2025/"
    rows = [
        {"source_id": "openrouter", "raw_model_id": "google/gemini-2.5-pro-preview-05-06", "raw_name": "Google: Gemini 2.5 Pro Preview 05-06",
         "provider_id": "google-vertex", "is_maker": False, "maker_hint": "google", "context_window": 1_048_576},
        _page("vendor-google", "gemini-2.5-pro-exp-03-25", "Gemini 2.5 Pro Experimental 03-25", "google", dt.date(2025, 3, 25), blog),
        _page("vendor-google", "gemini-2.0-flash-lite-preview-02-05", "gemini-2.0-flash-lite-preview-02-05", "google",
              dt.date(2025, 2, 5), "https://ai.google.dev/gemini-api/docs/changelog"),
        _page("vendor-google", "gemini-2.5-pro-preview-05-06", "Gemini 2.5 Pro I/O Edition", "google", dt.date(2025, 5, 6),
              "https://ai.google.dev/gemini-api/docs/changelog"),
    ]
    meta = model_metadata.build_models(_records(rows), PRIORITY, ["openrouter"], catalog.model_aliases().head(0), catalog.makers(),
                                       namers=("vendor-google",))
    models = {r["id"]: r for r in meta.models.iter_rows(named=True)}
    assert set(models) == {"gemini-2-5-pro-exp-03-25", "gemini-2-5-pro-preview-05-06"}
    exp = models["gemini-2-5-pro-exp-03-25"]
    assert (exp["name"], exp["provider"], exp["release_date"], exp["status"], exp["metadata_source_id"]) == (
        "Gemini 2.5 Pro Experimental 03-25", "Google", dt.date(2025, 3, 25), "preview", "vendor-google")
    assert _source(meta, "gemini-2-5-pro-exp-03-25", "release_date")["source_url"] == blog
    listed = models["gemini-2-5-pro-preview-05-06"]
    assert (listed["name"], listed["metadata_source_id"], listed["release_date"]) == (
        "Gemini 2.5 Pro Preview 05-06", "openrouter", dt.date(2025, 5, 6))
    resolved = dict(meta.records.filter(pl.col("source_id") == "vendor-google").select("raw_model_id", "model_id").iter_rows())
    assert resolved == {"gemini-2.5-pro-exp-03-25": "gemini-2-5-pro-exp-03-25", "gemini-2.0-flash-lite-preview-02-05": None,
                        "gemini-2.5-pro-preview-05-06": "gemini-2-5-pro-preview-05-06"}
    without = model_metadata.build_models(_records(rows), PRIORITY, ["openrouter"], catalog.model_aliases().head(0), catalog.makers())
    assert without.models["id"].to_list() == ["gemini-2-5-pro-preview-05-06"]
