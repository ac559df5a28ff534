"""models.dev parser against the real recording and the hand-made snapshot shipped in data/raw."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import orjson
import polars as pl
import pytest

from registry_pipeline.schemas import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    ModelRecordSchema,
    split_valid,
)
from registry_pipeline.sources import get_source
from registry_pipeline.sources.base import ParseContext, SourceParseError
from registry_pipeline.sources.models_dev import MAKERS, SPEC, parse

from registry_pipeline_tests.conftest import SHARED_SNAPSHOTS as SNAPSHOTS  # noqa: E402
RECORDING = SNAPSHOTS / "models-dev" / "api.json"
REPO = Path(__file__).resolve().parents[1]
HAND_MADE = REPO / "data" / "raw" / "models-dev" / "2026-02-21" / "000000"
CTX = ParseContext(source_id="models-dev", fetched_on=dt.date(2026, 2, 21))


def _parse(body: bytes):
    return parse({"api.json": body}, CTX)


@pytest.fixture(scope="module")
def real():
    if not RECORDING.exists():
        pytest.skip(f"recording not available: {RECORDING}")
    return _parse(RECORDING.read_bytes())


def _row(models: pl.DataFrame, raw_model_id: str) -> dict:
    rows = models.filter(pl.col("raw_model_id") == raw_model_id).to_dicts()
    assert len(rows) == 1, raw_model_id
    return rows[0]


def test_registered_and_spec():
    assert get_source("models-dev").spec is SPEC
    assert SPEC.files[0].name == "api.json" and SPEC.provides == ("models",)
    assert SPEC.default_verification_level == "community"


# the recording's rows whose cache-read price is above their input price (the field is nulled, the row kept)
CACHE_READ_ABOVE_INPUT = {
    "aihubmix/coding-glm-4.7", "aihubmix/glm-4.7", "cloudflare-ai-gateway/openai/gpt-3.5-turbo",
    "novita-ai/xiaomimimo/mimo-v2-flash", "openai/gpt-3.5-turbo",
}


# the recording's routers, which pick another model per request: rejected rows, no model's listings
ROUTERS = {("azure", "model-router"), ("azure-cognitive-services", "model-router"), ("kilo", "kilo/auto"), ("morph", "auto"),
           ("abacus", "route-llm")}


def test_full_recording_parses_and_validates(real):
    routers = real.rejects.filter(pl.col("reason").str.contains("is a router that forwards to other models, not a model"))
    named = routers["reason"].str.extract_groups(r"provider '(?<provider>[^']+)' model '(?<model>[^']+)'").struct.unnest()
    assert set(named.rows()) == ROUTERS
    placeholders = real.rejects.filter(pl.col("reason").str.contains("not a training cutoff|the day the host listed them"))
    # test_a_hosts_one_cutoff_for_every_makers_models_is_a_placeholder, test_a_day_many_makers_models_share_is_a_listing_day
    assert placeholders.height == 6 + 7
    cache = real.rejects.filter(~pl.col("reason").is_in(pl.concat([routers["reason"], placeholders["reason"]]).implode()))
    assert all("field 'cost.cache_read'" in r and "above cost.input" in r for r in cache["reason"])
    assert cache.height == len(CACHE_READ_ABOVE_INPUT) and routers.height == len(ROUTERS)
    assert dict(real.rejects.schema) == REJECT_COLUMNS
    assert dict(real.scores.schema) == SCORE_OBSERVATION_COLUMNS and real.scores.is_empty()
    assert dict(real.models.schema) == MODEL_RECORD_COLUMNS
    assert real.models.height == 3031 - len(ROUTERS)
    assert real.models["raw_model_id"].is_unique().all()
    assert real.models.filter(pl.col("raw_model_id").is_in(list(CACHE_READ_ABOVE_INPUT)))["price_cache_input"].null_count() == 5
    gpt35 = real.models.filter(pl.col("raw_model_id") == "openai/gpt-3.5-turbo").row(0, named=True)
    assert (gpt35["price_input"], gpt35["price_output"], gpt35["price_cache_input"]) == (0.5, 1.5, None)
    valid, rejects = split_valid(real.models, ModelRecordSchema)
    assert rejects.height == 0
    assert valid.height == real.models.height


def test_known_maker_row_facts(real):
    opus = _row(real.models, "anthropic/claude-opus-4-5-20251101")
    assert opus["context_window"] == 200000
    assert opus["price_input"] == 5 and opus["price_output"] == 25
    assert opus["is_maker"] is True and opus["is_alias"] is False
    assert opus["provider_id"] == "anthropic" and opus["provider_name"] == "Anthropic"
    assert opus["release_date"] == dt.date(2025, 11, 1)  # as models.dev records it (Bedrock says 11-24)
    assert opus["training_cutoff"] == "2025-03"
    assert opus["status"] == "active"
    assert "image" in opus["input_modalities"] and opus["output_modalities"] == ["text"]
    assert orjson.loads(opus["raw_row"])["id"] == "claude-opus-4-5-20251101"

    alias = _row(real.models, "anthropic/claude-opus-4-5")
    assert alias["is_alias"] is True and alias["raw_name"].endswith("(latest)")

    reseller = _row(real.models, "openrouter/anthropic/claude-opus-4.5")
    assert reseller["is_maker"] is False and reseller["provider_name"] == "OpenRouter"

    for pid in ("azure", "amazon-bedrock", "togetherai", "openrouter"):
        assert not real.models.filter(pl.col("provider_id") == pid)["is_maker"].any()
    makers = set(real.models.filter(pl.col("is_maker"))["provider_id"].unique())
    assert makers == set(MAKERS) & set(real.models["provider_id"].unique())


def test_latest_ids_are_aliases(real):
    assert _row(real.models, "xai/grok-3-latest")["is_alias"] is True
    assert _row(real.models, "xai/grok-3")["is_alias"] is False


def test_month_only_release_date_is_null_not_invented(real):
    row = _row(real.models, "alibaba/qwen3-vl-235b-a22b")
    assert orjson.loads(row["raw_row"])["release_date"] == "2025-04"
    assert row["release_date"] is None
    # every month-only release date in the file stays null
    month_only = real.models.filter(
        pl.col("raw_row").str.json_path_match("$.release_date").str.len_chars() == 7
    )
    assert month_only.height > 0 and month_only["release_date"].null_count() == month_only.height


def test_prices_non_negative_and_zero_limits_null(real):
    for col in ("price_input", "price_output", "price_cache_input", "price_cache_output"):
        assert (real.models[col].drop_nulls() >= 0).all()
    assert (real.models["context_window"].drop_nulls() > 0).all()
    assert (real.models["max_output_tokens"].drop_nulls() > 0).all()
    # cost absent -> null prices, not 0
    no_cost = real.models.filter(pl.col("raw_row").str.json_path_match("$.cost").is_null())
    assert no_cost.height > 0 and no_cost["price_input"].null_count() == no_cost.height


def test_deprecated_status_kept(real):
    assert real.models.filter(pl.col("status") == "deprecated").height == 15
    assert set(real.models["status"].unique()) <= {"active", "deprecated", "preview"}


@pytest.mark.parametrize("body", [b"\x00\xffnot json", b"[1, 2, 3]", b'"x"'])
def test_garbage_raises_naming_source_and_file(body):
    with pytest.raises(SourceParseError) as exc:
        _parse(body)
    assert "models-dev" in str(exc.value) and "api.json" in str(exc.value)


def test_unreadable_model_rows_become_rejects():
    body = orjson.dumps({
        "anthropic": {"id": "anthropic", "name": "Anthropic", "models": {
            "bad": "not an object",
            "ctx": {"id": "ctx", "name": "X", "limit": {"context": "lots"}},
            "ok": {"id": "ok", "name": "OK", "release_date": "2025-01", "limit": {"context": 0, "output": 10},
                   "cost": {"input": 0, "output": 0}, "status": "beta"},
        }},
    })
    parsed = _parse(body)
    # a row that is not an object is rejected; a bad optional value only nulls that field
    assert parsed.models["raw_model_id"].to_list() == ["anthropic/ctx", "anthropic/ok"]
    ctx = parsed.models.row(0, named=True)
    assert ctx["context_window"] is None and ctx["raw_name"] == "X"
    ok = parsed.models.row(1, named=True)
    assert ok["context_window"] is None and ok["max_output_tokens"] == 10
    assert ok["price_input"] == 0 and ok["price_cache_input"] is None
    assert ok["release_date"] is None and ok["status"] == "preview"
    assert parsed.rejects.height == 2
    assert set(parsed.rejects["stage"]) == {"parse"}
    reason = next(r for r in parsed.rejects["reason"] if "limit.context" in r)
    assert "api.json" in reason and "'ctx'" in reason and "'lots'" in reason and "set to null" in reason


@pytest.mark.parametrize(
    ("patch", "field_name", "shown_value"),
    [
        ({"cost": {"input": "3 dollars", "output": 15}}, "cost.input", "'3 dollars'"),
        ({"limit": {"context": 1e30, "output": 8192}}, "limit.context", "1e+30"),
        ({"limit": {"context": -2.5, "output": 8192}}, "limit.context", "-2.5"),
    ],
)
def test_one_bad_value_on_a_maker_row_nulls_the_field_and_keeps_the_model(real, patch, field_name, shown_value):
    """A malformed price or an absurd limit on a maker row used to drop the model (and all its scores)
    or refuse the whole snapshot; now the field is null and a reject names the file, field and value."""
    body = orjson.loads(RECORDING.read_bytes())
    body["anthropic"]["models"]["claude-opus-4-5-20251101"].update(patch)
    parsed = _parse(orjson.dumps(body))
    row = parsed.models.filter(pl.col("raw_model_id") == "anthropic/claude-opus-4-5-20251101").row(0, named=True)
    assert row["is_maker"] and row["raw_name"] == "Claude Opus 4.5"
    column = {"cost.input": "price_input", "limit.context": "context_window"}[field_name]
    assert row[column] is None
    assert parsed.models.height == real.models.height  # nothing else lost
    reasons = [r for r in parsed.rejects["reason"] if "claude-opus-4-5-20251101" in r]
    assert len(reasons) == 1 and parsed.rejects.height == real.rejects.height + 1
    assert "api.json" in reasons[0] and field_name in reasons[0] and shown_value in reasons[0]


def test_hand_made_snapshot_parses_and_matches_manifest():
    body = (HAND_MADE / "api.json").read_bytes()
    manifest = orjson.loads((HAND_MADE / "manifest.json").read_bytes())
    entry = manifest["files"][0]
    assert manifest["source_id"] == "models-dev" and manifest["origin"] == "hand-made"
    assert entry["sha256"] == hashlib.sha256(body).hexdigest() and entry["bytes"] == len(body)
    parsed = _parse(body)
    assert parsed.rejects.height == 0
    _, rejects = split_valid(parsed.models, ModelRecordSchema)
    assert rejects.height == 0
    assert 95 <= parsed.models.height <= 115
    assert _row(parsed.models, "anthropic/claude-opus-4-5")["is_alias"] is True
    assert _row(parsed.models, "openrouter/anthropic/claude-opus-4.5")["is_maker"] is False
    assert _row(parsed.models, "anthropic/claude-opus-4-5-20251101")["is_maker"] is True
    assert parsed.models.filter(~pl.col("is_maker")).height >= 5


def test_hand_made_snapshot_facts_agree_with_recording(real):
    parsed = _parse((HAND_MADE / "api.json").read_bytes())
    cols = [c for c in MODEL_RECORD_COLUMNS if c != "raw_row"]
    joined = parsed.models.select(cols).join(real.models.select(cols), on="raw_model_id", how="left", suffix="_real")
    for c in cols:
        if c != "raw_model_id":
            assert joined[c].to_list() == joined[f"{c}_real"].to_list(), c


def test_a_makers_listing_of_a_copy_hosted_elsewhere_is_not_the_makers_record(real):
    llama = real.models.filter(pl.col("provider_id") == "llama")
    makers = dict(zip(llama["raw_model_id"], llama["is_maker"]))
    assert makers["llama/llama-4-maverick-17b-128e-instruct-fp8"] is True
    assert makers["llama/groq-llama-4-maverick-17b-128e-instruct"] is False  # served by groq
    assert makers["llama/cerebras-llama-4-scout-17b-16e-instruct"] is False  # served by cerebras


def test_a_hosts_one_cutoff_for_every_makers_models_is_a_placeholder(real):
    """ZenMux states 2025-01 as the cutoff of 64 of its 67 listings, Claude 3.5 Haiku (released 2024-10) and
    Claude Opus 4.6 alike, and Vultr 2024-10 for all 5 of its, Kimi K2 and gpt-oss among them. Vercel's 2024-10
    (55 listings), Helicone's 2025-01 (24) and two of 302.AI's values are not their only ones, but where the
    maker lists the same model with a cutoff, it is another one (Vercel's GPT-5.2, 2024-10; OpenAI's, 2025-08).
    Each is a default, not a fact: those listings state no cutoff (none of ZenMux' and Vultr's does), and one
    reject per host and value says so.
    A maker's one cutoff for its whole line (Cohere's) and the hosts' other values stay."""
    models = real.models
    cut = dict(models.select("raw_model_id", "training_cutoff").iter_rows())
    zenmux = models.filter(pl.col("provider_id") == "zenmux")
    # ZenMux' other three values are its listings' release month: none of its values is a cutoff
    assert zenmux.height >= 60 and zenmux["training_cutoff"].null_count() == zenmux.height
    assert models.filter(pl.col("provider_id") == "vultr")["training_cutoff"].null_count() == 5
    assert (cut["vercel/openai/gpt-5.2"], cut["openai/gpt-5.2"], cut["helicone/gpt-5"], cut["openai/gpt-5"]) == (None, "2025-08", None, "2024-09")
    assert cut["cohere/command-a-03-2025"] == "2024-06" and cut["vercel/anthropic/claude-sonnet-4"] == "2025-03"
    reasons = sorted(r.split(": ", 2)[1] + " " + re.search(r"is '([^']+)'", r)[1] for r in real.rejects["reason"]
                     if "not a training cutoff" in r)
    assert reasons == ["provider '302ai' 2024-10", "provider '302ai' 2025-06", "provider 'helicone' 2025-01",
                       "provider 'vercel' 2024-10", "provider 'vultr' 2024-10", "provider 'zenmux' 2025-01-01"]


def _host(models: dict) -> bytes:
    return orjson.dumps({"somehost": {"id": "somehost", "name": "Some Host", "models": models}})


def test_placeholder_cutoffs_need_several_makers_and_nearly_every_listing():
    orgs = ["meta-llama", "qwen", "mistralai", "google"]
    same = {f"{orgs[i % 4]}/m{i}": {"id": f"{orgs[i % 4]}/m{i}", "name": f"M{i}", "knowledge": "2024-10"} for i in range(9)}
    # nine of ten listings, four makers' models, one value: the host's field is a placeholder
    parsed = _parse(_host(same | {"deepseek/r1": {"id": "deepseek/r1", "name": "R1", "knowledge": "2024-07"}}))
    assert parsed.models["training_cutoff"].null_count() == 10  # the host's other value too
    assert parsed.rejects["reason"].to_list() == [
        "api.json: provider 'somehost': field 'knowledge' is '2024-10' in 9 of its 10 listings that state one, "
        "4 makers' models: a placeholder, not a training cutoff; none of its listings states one"]
    # three makers: a cutoff shared across a family is possible, and kept
    three = {k: v for k, v in same.items() if not k.startswith("google")}
    parsed = _parse(_host(three))
    assert parsed.models["training_cutoff"].to_list() == ["2024-10"] * len(three) and parsed.rejects.is_empty()
    # a value on fewer than 90% of the listings is kept
    parsed = _parse(_host(same | {f"x/y{i}": {"id": f"x/y{i}", "name": f"Y{i}", "knowledge": f"2025-0{i}"} for i in range(1, 3)}))
    assert parsed.models["training_cutoff"].null_count() == 0 and parsed.rejects.is_empty()
    # a maker's own listings never count (models.dev's `cohere` provider: one cutoff for its line)
    maker = orjson.dumps({"cohere": {"id": "cohere", "name": "Cohere", "models": {
        k.replace("/", "-"): {**v, "id": k.replace("/", "-")} for k, v in same.items()}}})
    assert _parse(maker).models["training_cutoff"].null_count() == 0


def test_a_host_value_the_makers_own_listings_contradict_is_a_default():
    """One maker (so no placeholder by share): the host says 2024-10 for ten of OpenAI's models, and OpenAI's
    own listings say otherwise for all of them but one; its 2025-08, which OpenAI's listing says too, stays."""
    own = {f"gpt-x{i}": {"id": f"gpt-x{i}", "name": f"GPT-X{i}", "knowledge": "2023-0" + str(i + 1)} for i in range(8)}
    own["gpt-x0"]["knowledge"] = "2024-10"
    own |= {f"gpt-z{i}": {"id": f"gpt-z{i}", "name": f"GPT-Z{i}", "knowledge": "2022-12"} for i in range(2)}
    own["gpt-y"] = {"id": "gpt-y", "name": "GPT-Y", "knowledge": "2025-08"}
    hosted = {f"openai/{k}": {**v, "id": f"openai/{k}", "knowledge": "2024-10"} for k, v in own.items() if k != "gpt-y"}
    # ten checked, one agreeing (10%)
    hosted["openai/gpt-y"] = {"id": "openai/gpt-y", "name": "GPT-Y", "knowledge": "2025-08"}
    body = orjson.dumps({"openai": {"id": "openai", "name": "OpenAI", "models": own},
                         "somehost": {"id": "somehost", "name": "Some Host", "models": hosted}})
    parsed = _parse(body)
    host = parsed.models.filter(pl.col("provider_id") == "somehost")
    assert host.filter(pl.col("training_cutoff").is_not_null()).select("raw_model_id", "training_cutoff").rows() == [
        ("somehost/openai/gpt-y", "2025-08")]
    assert parsed.models.filter(pl.col("provider_id") == "openai")["training_cutoff"].null_count() == 0
    assert parsed.rejects["reason"].to_list() == [
        "api.json: provider 'somehost': field 'knowledge' is '2024-10' in 10 of its listings; the makers' own listings give "
        "10 of those models a cutoff, and 1 the same one: a default, not a training cutoff; those listings state none"]
    # two agreeing of ten is more than a default's share
    hosted["openai/gpt-x1"]["knowledge"] = own["gpt-x1"]["knowledge"] = "2024-10"
    body = orjson.dumps({"openai": {"id": "openai", "name": "OpenAI", "models": own},
                         "somehost": {"id": "somehost", "name": "Some Host", "models": hosted}})
    assert _parse(body).rejects.is_empty()


def test_a_day_many_makers_models_share_is_a_listing_day(real):
    """Chutes dates 52 listings of 15 makers' models 2025-12-29, Hermes 4 (August 2025) and Qwen2.5 (2024)
    among them; Bedrock 15 listings 2024-12-01, Mistral Large 2402 and Nemotron Nano 2 among them: the days
    the hosts listed them. Those listings state no release date, and one reject per host and day says so. A
    launch day one maker's models share (Vercel's 2025-08-07 for GPT-5's family) and makers' own rows stay."""
    days = dict(real.models.select("raw_model_id", "release_date").iter_rows())
    assert days["chutes/NousResearch/Hermes-4-14B"] is None and days["amazon-bedrock/mistral.mistral-large-2402-v1:0"] is None
    assert days["vercel/openai/gpt-5"] == dt.date(2025, 8, 7) and days["openai/gpt-5"] == dt.date(2025, 8, 7)
    found = sorted(re.search(r"provider '([^']+)': field 'release_date' is '([^']+)' in (\d+)", r).groups()
                   for r in real.rejects["reason"] if "the day the host listed them" in r)
    assert found == [("aihubmix", "2025-09-15", "8"), ("amazon-bedrock", "2024-12-01", "15"), ("chutes", "2025-12-29", "52"),
                     ("cloudflare-ai-gateway", "2025-04-03", "19"), ("cloudflare-workers-ai", "2025-04-03", "19"),
                     ("helicone", "2025-01-01", "17"), ("inference", "2025-01-01", "9")]


def test_listing_days_need_several_makers_and_listings():
    orgs = ["meta-llama", "qwen", "mistralai", "google", "deepseek-ai"]
    rows = {f"{orgs[i % 5]}/m{i}": {"id": f"{orgs[i % 5]}/m{i}", "name": f"M{i}", "release_date": "2025-12-29"} for i in range(8)}
    parsed = _parse(_host(rows | {"qwen/q": {"id": "qwen/q", "name": "Q", "release_date": "2025-04-29"}}))
    assert parsed.models.filter(pl.col("release_date").is_not_null())["raw_model_id"].to_list() == ["somehost/qwen/q"]
    assert parsed.rejects["reason"].to_list() == [
        "api.json: provider 'somehost': field 'release_date' is '2025-12-29' in 8 of its listings, 5 makers' models: "
        "the day the host listed them, not a release; those listings state none"]
    # four makers' models, or seven listings: a day several launches may share, kept
    four = {k: v for k, v in rows.items() if not k.startswith("deepseek")}
    assert _parse(_host(four | {"qwen/x": {**rows["qwen/m1"], "id": "qwen/x"}, "google/y": {**rows["google/m3"], "id": "google/y"}})).rejects.is_empty()
    assert _parse(_host(dict(list(rows.items())[:7]))).rejects.is_empty()
