"""Model identity on the real recordings: maker records, canonical ids, resolution of source names."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry_pipeline import catalog
from registry_pipeline.sources import get_source
from registry_pipeline.sources.base import ParseContext
from registry_pipeline.transform import identity, model_metadata

PRIORITY = dict(zip(catalog.sources()["id"].to_list(), catalog.sources()["priority"].to_list()))


@pytest.fixture(scope="module")
def models_dev(shared_snapshots):
    body = (shared_snapshots / "models-dev" / "api.json").read_bytes()
    return get_source("models-dev").parse({"api.json": body}, ParseContext("models-dev", dt.date(2026, 2, 21))).models


@pytest.fixture(scope="module")
def canon(models_dev):
    """The models models.dev identifies (its makers' rows, and host-only models with a known maker)."""
    meta = model_metadata.build_models(models_dev, PRIORITY, ["models-dev"], catalog.model_aliases(), catalog.makers(), catalog.alias_history())
    # curated aliases naming models other sources define are reported as rejects here (models.dev alone)
    return meta.models, meta.aliases


def test_one_record_per_model_from_its_maker(models_dev, canon):
    models, _ = canon
    assert models["id"].is_unique().all()
    moving = identity.moving_keys(catalog.alias_history(), catalog.model_aliases())
    makers_only, _, _ = identity.canonical_models(models_dev, PRIORITY, moving)
    # ...except a maker's id a curated alias names another model by (Mistral's open-mixtral-8x7b: the open weights'
    # Mixtral 8x7B Instruct v0.1, which a host lists)
    joined = catalog.model_aliases().filter(pl.col("model_id").is_not_null()).select(identity.name_key(pl.col("alias")))["alias"]
    assert set(makers_only["id"]) - set(joined) <= set(models["id"])
    assert "open-mixtral-8x7b" in set(joined) and "mixtral-8x7b-instruct-v0-1" in set(models["id"])
    # 3,000 provider rows collapse to the models they list
    assert makers_only.height < models.height < models_dev.height / 3
    opus = models.filter(pl.col("id") == "claude-opus-4-5-20251101").row(0, named=True)
    assert opus["provider"] == "Anthropic"
    assert opus["name"] == "Claude Opus 4.5"
    assert (opus["context_window"], opus["price_input"], opus["price_output"]) == (200000, 5, 25)
    assert "vision" in opus["capabilities"] and "reasoning" in opus["capabilities"]


def test_ids_are_the_makers_own_ids(canon):
    """No id is shortened by counting snapshots: a snapshot keeps its date, the maker's alias is an alias."""
    ids = set(canon[0]["id"])
    assert {"claude-3-7-sonnet-20250219", "claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20241022"} <= ids
    assert not {"claude-3-7-sonnet", "claude-opus-4-5", "claude-3-5-sonnet"} & ids
    assert all(i == i.lower() and " " not in i and "/" not in i for i in ids)


def _resolve(aliases, names: list[tuple[str, str | None]], on: dt.date | None = None) -> dict[str, str | None]:
    obs = pl.DataFrame(
        {"source_id": ["t"] * len(names), "raw_model_name": [n for n, _ in names], "model_hint": [h for _, h in names],
         "as_of_date": [on] * len(names)},
        schema={"source_id": pl.String, "raw_model_name": pl.String, "model_hint": pl.String, "as_of_date": pl.Date},
    )
    resolved, review = identity.resolve(obs, aliases)
    return dict(zip(resolved["raw_model_name"], resolved["model_id"])), review


def test_real_source_spellings_resolve(canon):
    _, aliases = canon
    got, _ = _resolve(aliases, [
        ("claude-3-7-sonnet-20250219", None),  # aider, dated id
        ("claude-4-sonnet-thinking", None),  # AA: other word order plus a run setting
        ("gpt-5-nano-minimal", None),  # AA: run setting suffix
        ("o3-mini", None),  # AA docs example
        ("Claude Opus 4.5", None),  # display name
        ("anthropic/claude-opus-4-5", None),  # provider prefix, the maker's alias
        ("gpt-4o-2024-08-06", None),  # ISO date in the id
        ("claude-3-7-sonnet", None),  # undated: the only snapshot of that name
    ], on=dt.date(2026, 1, 15))
    assert got["claude-3-7-sonnet-20250219"] == "claude-3-7-sonnet-20250219"
    assert got["claude-4-sonnet-thinking"] == "claude-sonnet-4-20250514"
    assert got["gpt-5-nano-minimal"] == "gpt-5-nano"
    assert got["o3-mini"] == "o3-mini"
    assert got["Claude Opus 4.5"] == "claude-opus-4-5-20251101"
    assert got["anthropic/claude-opus-4-5"] == "claude-opus-4-5-20251101"
    assert got["gpt-4o-2024-08-06"] == "gpt-4o-20240806"
    assert got["claude-3-7-sonnet"] == "claude-3-7-sonnet-20250219"


def test_unresolvable_names_go_to_review_with_suggestions(canon):
    _, aliases = canon
    got, review = _resolve(aliases, [("DeepSeek R1 + claude-3-5-sonnet-20241022", None), ("Quasar Alpha", None)])
    assert got == {"DeepSeek R1 + claude-3-5-sonnet-20241022": None, "Quasar Alpha": None}
    assert set(review["raw_model_name"]) == set(got)
    assert "suggestions" in review.columns


def test_review_suggestions_name_the_models_family_and_each_part_of_a_pair():
    """A suggestion says the model's family: "Qwen2.5-Coder-3B-Instruct" gets Qwen2.5 models, not DeepSeek Coder
    1.3B (which shares "coder", "3b" and "instruct"); "Vicuna-13B" gets none (no model is a Vicuna; Alpaca 13B
    shares only "13b"); a version is no family ("v0.1" is not Vercel's v0); a name of two models gets each part's
    best first. A family's word may be common ("gpt" here, in more ids than COMMON_TOKEN_MODELS): it finds no
    candidates, but a candidate found by a rarer word ("4o") is still of the family the name says."""
    ids = ["qwen2-5-coder-7b-instruct", "qwen2-5-3b-instruct", "deepseek-coder-1-3b-instruct", "alpaca-13b", "v0-1-5-md",
           "claude-3-opus-20240229", "claude-3-sonnet-20240229", "gpt-4o-20240806"]
    gpt = [f"gpt-{i}" for i in range(identity.COMMON_TOKEN_MODELS + 1)]  # "gpt" is a common token
    aliases = pl.DataFrame({"key": ids + gpt, "model_id": ids + gpt, "rule": "id", "tier": 1})
    names = ["Qwen2.5-Coder-3B-Instruct", "Vicuna-13B", "openhands-lm-32b-v0.1", "claude-3-opus-20240229 + gpt-4o-2024-08-06"]
    unresolved = pl.DataFrame({"source_id": "x", "raw_model_name": names, "model_hint": None, "observations": 1},
                              schema_overrides={"model_hint": pl.String})
    got = dict(identity.review_table(unresolved, aliases).select("raw_model_name", "suggestions").iter_rows())
    assert got["Qwen2.5-Coder-3B-Instruct"] == ["qwen2-5-3b-instruct", "qwen2-5-coder-7b-instruct"]
    assert got["Vicuna-13B"] == [] and got["openhands-lm-32b-v0.1"] == []
    assert got["claude-3-opus-20240229 + gpt-4o-2024-08-06"] == ["claude-3-opus-20240229", "gpt-4o-20240806", "claude-3-sonnet-20240229"]


def test_a_key_that_fits_two_models_is_never_used():
    keys = pl.DataFrame({"key": ["gpt-4o", "gpt-4o", "o3"], "model_id": ["a", "b", "o3"], "rule": ["id", "name", "id"], "tier": [3, 3, 2]})
    got = identity.unambiguous(keys)
    assert got.filter(pl.col("model_id").is_not_null())["key"].to_list() == ["o3"]
    # the ambiguous key stays, without a model, so that the search stops there and says why
    gpt = got.filter(pl.col("key") == "gpt-4o").row(0, named=True)
    assert gpt["rule"] == "ambiguous" and gpt["note"] == "ambiguous: a, b"


def test_curated_alias_wins_and_a_bad_curated_id_is_reported(models_dev, canon):
    models, _ = canon
    _, keys, _ = identity.canonical_models(models_dev, PRIORITY)
    curated = pl.DataFrame({"alias": ["Grok 3 Beta", "Mystery"], "model_id": ["grok-3", "no-such-model"], "note": ["", ""]})
    aliases, bad = identity.alias_table(keys, curated, models["id"])
    assert bad["alias"].to_list() == ["Mystery"]
    got, _ = _resolve(aliases, [("Grok 3 Beta", None)])
    assert got["Grok 3 Beta"] == "grok-3"


def test_an_exact_id_is_never_lost_to_a_derived_key(canon):
    """`o1-preview` minus `-preview` is `o1`, and `gemini-2.5-flash-image-preview` minus it is
    `gemini-2.5-flash-image`: each model's own id still names it."""
    _, aliases = canon
    got, _ = _resolve(aliases, [("o1", None), ("gemini-2.5-flash-image", None), ("o1-preview", None),
                                ("gemini-2.5-flash-image-preview", None), ("o1-2024-12-17", None), ("gpt-4o-mini-2024-07-18", None)],
                      on=dt.date(2025, 1, 10))
    assert got["o1"] == "o1" and got["o1-preview"] == "o1-preview"
    assert got["gemini-2.5-flash-image"] == "gemini-2-5-flash-image"
    assert got["gemini-2.5-flash-image-preview"] == "gemini-2-5-flash-image-preview"
    # a dated name falls back to its undated model when the maker lists no dated snapshot of it
    assert got["o1-2024-12-17"] == "o1" and got["gpt-4o-mini-2024-07-18"] == "gpt-4o-mini"


def test_models_listed_only_under_a_latest_id_enter_the_registry(canon):
    ids = set(canon[0]["id"])
    assert {"codex-mini-latest", "gpt-5-chat-latest", "gpt-5-1-chat-latest", "gpt-5-2-chat-latest"} <= ids
    # ...but a moving name beside dated snapshots of the same model is no model
    assert not {"mistral-large-latest", "mistral-medium-latest", "mistral-small-latest", "gemini-flash-latest"} & ids
    # nor one whose dated releases the maker names where models.dev does not list them: Mistral's own model pages
    # (pixtral-large-2411; the alias history) or its moves between releases (curated blocks)
    assert not {"pixtral-large-latest", "codestral-latest", "magistral-medium-latest", "ministral-3b-latest", "ministral-8b-latest",
                "magistral-small"} & ids


def test_a_moving_alias_resolves_by_the_observations_date():
    meta = model_metadata.build_models(_deepseek_records(), PRIORITY, ["t"], catalog.model_aliases(), catalog.makers(), catalog.alias_history())
    obs = pl.DataFrame(
        {"source_id": ["t"] * 4, "raw_model_name": ["deepseek-chat", "deepseek-chat", "deepseek-reasoner", "deepseek-chat"],
         "model_hint": [None] * 4, "as_of_date": [dt.date(2025, 1, 5), dt.date(2025, 4, 1), dt.date(2025, 10, 1), dt.date(2024, 6, 1)]},
        schema={"source_id": pl.String, "raw_model_name": pl.String, "model_hint": pl.String, "as_of_date": pl.Date},
    )
    resolved, review = identity.resolve(obs, meta.aliases)
    got = resolved.select("as_of_date", "model_id", "variant").rows()
    assert got == [
        (dt.date(2025, 1, 5), "deepseek-v3", None),
        (dt.date(2025, 4, 1), "deepseek-v3-0324", None),
        (dt.date(2025, 10, 1), "deepseek-v3-2-exp", "thinking"),
        (dt.date(2024, 6, 1), None, None),  # before the dated history: unresolved, with the reason
    ]
    assert review["reason"].to_list() == ["moving alias with no dated entry for 2024-06-01"]


def test_a_display_name_names_no_score_dated_before_its_model(models_dev, canon):
    """Cohere lists only its 08-2024 snapshot as "Command R+" (released 2024-08-30): a score of
    `command-r-plus` run on 2024-05-06 (aider's) is of the April model, not of that one. From a month
    before the release the name holds; a listing's own dates do not count (hosts copy them)."""
    _, aliases = canon
    names = [("command-r-plus", None), ("Command R Plus", None), ("plus command r", None)]  # id-like, display, word order
    for on, expected in [(dt.date(2024, 8, 1), "command-r-plus-08-2024"), (dt.date(2025, 1, 1), "command-r-plus-08-2024"),
                         (None, "command-r-plus-08-2024"), (dt.date(2024, 5, 6), None)]:
        got, review = _resolve(aliases, names, on=on)
        assert set(got.values()) == {expected}, on
    assert set(review["reason"]) == {"command-r-plus-08-2024's display name names it from 2024-07-30 (a month before its release), "
                                     "not on 2024-05-06"}
    # a model's own undated id is no display name: it names the model at any date
    got, _ = _resolve(aliases, [("claude-opus-4-6", None)], on=dt.date(2025, 6, 1))
    assert got == {"claude-opus-4-6": "claude-opus-4-6"}
    # Bedrock's `cohere.command-r-plus-v1:0` (its release and last update 2024-04-04) still resolves by the name,
    # even dated by that day (its records are dated by their fetch; a listing dated earlier is no score). (The
    # build's erratum renames that row "Command R+ 04-2024", the snapshot its date and price are: test_identity_cases)
    bedrock = model_metadata.resolve_records(model_metadata.record_keys(
        models_dev.filter(pl.col("raw_model_id") == "amazon-bedrock/cohere.command-r-plus-v1:0")
        .with_columns(as_of_date=pl.lit(dt.date(2024, 4, 4)))), aliases)
    assert bedrock.select("as_of_date", "model_id").row(0) == (dt.date(2024, 4, 4), "command-r-plus-08-2024")


def test_a_dated_id_on_an_earlier_run_names_what_its_undated_name_named_that_day(canon):
    """SWE-bench tags its June 2024 runs (SWE-agent, MASAI) `claude-3-5-sonnet-20241022` and `gpt-4o-2024-08-06`:
    a run dated more than a month before the date its model's id states was of the snapshot its undated name
    (the alias history) named then. Without such a snapshot it names nothing, and says why."""
    _, aliases = canon
    names = [("claude-3-5-sonnet-20241022", None), ("gpt-4o-2024-08-06", None), ("claude-3-7-sonnet-20250219", None)]
    got, _ = _resolve(aliases, names, on=dt.date(2025, 3, 1))
    assert got == {"claude-3-5-sonnet-20241022": "claude-3-5-sonnet-20241022", "gpt-4o-2024-08-06": "gpt-4o-20240806",
                   "claude-3-7-sonnet-20250219": "claude-3-7-sonnet-20250219"}
    got, review = _resolve(aliases, names, on=dt.date(2024, 6, 20))
    assert got == {"claude-3-5-sonnet-20241022": "claude-3-5-sonnet-20240620", "gpt-4o-2024-08-06": "gpt-4o-20240513",
                   "claude-3-7-sonnet-20250219": None}
    assert review["reason"].to_list() == [
        "claude-3-7-sonnet-20250219 is dated 2024-06-20, more than a month before the date claude-3-7-sonnet-20250219's id "
        "states; its undated name names no model released by then"]
    # a month of early access is no contradiction
    got, _ = _resolve(aliases, names[:1], on=dt.date(2024, 10, 1))
    assert got == {"claude-3-5-sonnet-20241022": "claude-3-5-sonnet-20241022"}


def _deepseek_records() -> pl.DataFrame:
    """DeepSeek's open-weight releases as a host lists them (maker hint `deepseek-ai`)."""
    from registry_pipeline.schemas import MODEL_RECORD_COLUMNS

    ids = ["deepseek-ai/DeepSeek-V3", "deepseek-ai/DeepSeek-V3-0324", "deepseek-ai/DeepSeek-V3.2-Exp", "deepseek-ai/DeepSeek-R1"]
    rows = [{"source_id": "t", "raw_model_id": i, "raw_name": i.split("/")[1], "provider_id": "host", "is_maker": False,
             "is_alias": False, "maker_hint": "deepseek-ai", "as_of_date": dt.date(2026, 1, 1)} for i in ids]
    return pl.DataFrame(rows, schema=MODEL_RECORD_COLUMNS)


def test_one_setting_spelt_by_several_sources_is_one_value():
    """The spellings the recordings use for one setting: aider's "32k thinking tokens" and "24k think", ARC Prize's
    "Thinking 16K" of Claude 3.7 (its later models: `thinking-16k`, as LMArena writes it), aider's "no think",
    LiveBench's `nothinking`, the Kimi K2 card's Claude "w/o extended thinking", also as the first part of a
    setting of several; a reasoning effort as the effort alone; unknown settings stay as written, lowercased."""
    written = ["32k thinking tokens", "24k Think", "Thinking 16K", "no think", "nothinking", "No extended thinking",
               "No extended thinking; Agentic Coding, Single Attempt (Acc)", "Default", "", None, "thinking-64k-high-effort", "Float16, no chat template",
               # a reasoning effort: ARC Prize's GPT-5.2 (High) and GPT-5.1 (Thinking, None), LiveBench's Claude effort
               "thinking-high", "thinking-none", "medium-effort", "max-effort", "highthinking", "base",
               # Epoch AI's GPT-5.1 `_none` (reasoning effort none); llm-stats' tools, told apart: "no tools" is the
               # default of a benchmark answered without them (one run with a mode)
               "none", "with tools", "no tools", "thinking; no tools",
               # the Open LLM Leaderboard's precisions, as aider and LMArena spell them
               "bfloat16", "float16; no chat template", "bfloat16; no chat template; sha 7ae5576",
               # a thinking budget with an effort: LiveBench's, as ARC Prize spells Claude Opus 4.6's (120K, High)
               "thinking-auto-low-effort", "thinking-120k-high",
               # BigCodeBench's settings: the effort, and "w/ Reasoning" (thinking on) beside the length it allowed
               "reasoning=high", "W/ Reasoning; 64k tokens"]
    assert identity.normalized_variants(pl.Series(written, dtype=pl.String)).to_list() == [
        "thinking-32k", "thinking-24k", "thinking-16k", "non-thinking", "non-thinking", "non-thinking",
        "non-thinking; agentic coding, single attempt (acc)", None, None, None, "thinking-64k-high", "float16, no chat template",
        "high", "non-thinking", "medium", "max", "high", "non-thinking", "non-thinking", "with tools", None, "thinking",
        "bf16", "fp16; no chat template", "bf16; no chat template; sha 7ae5576", "thinking-auto-low", "thinking-120k-high",
        "high", "thinking; 64k tokens"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet="abcdefghiknort 0123456789;-,K", max_size=30)), max_size=20))
def test_a_normalised_setting_normalises_to_itself(written):
    once = identity.normalized_variants(pl.Series(written, dtype=pl.String))
    assert identity.normalized_variants(once).to_list() == once.to_list()


def test_a_makers_page_names_the_pretrained_model_where_a_hosts_plain_name_is_the_chat_model(canon):
    """Aider's `gemma-3n-e2b` (a host's plain name) is the chat model, Gemma 3n E2B IT, where no model has the
    name; Google's page's `gemma-3n-e2b` is its pre-trained E2B (its table of HellaSwag, PIQA, BoolQ), a name to
    review where the registry lacks that model. Before, `make run`'s data (no listing there of the pre-trained
    E2B) published eleven of its figures as Gemma 3n E2B IT's."""
    models, aliases = canon
    assert "gemma-3n-e2b-it" in set(models["id"]) and "gemma-3n-e2b" not in set(models["id"])
    obs = pl.DataFrame(
        {"source_id": ["aider", "vendor-google"], "raw_model_name": ["gemma-3n-e2b"] * 2, "model_hint": [None] * 2,
         "as_of_date": [dt.date(2025, 7, 1)] * 2},
        schema={"source_id": pl.String, "raw_model_name": pl.String, "model_hint": pl.String, "as_of_date": pl.Date},
    )
    resolved, review = identity.resolve(obs, model_metadata.record_aliases(aliases))  # the score keys of a build
    assert dict(resolved.select("source_id", "model_id").rows()) == {"aider": "gemma-3n-e2b-it", "vendor-google": None}
    assert review.select("source_id", "raw_model_name").rows() == [("vendor-google", "gemma-3n-e2b")]


def test_a_makers_pages_model_name_is_never_another_model_with_a_setting():
    """Microsoft's page of Phi-4-reasoning and Moonshot's of Kimi K2 Thinking name models of their own (the page gives
    a figure's setting apart): where the registry lacks them (`make run`'s data), they are names to review, not
    Phi-4 and Kimi K2 with their thinking on (that build had published Kimi K2 Thinking's AIME 2025 94.5 as Kimi K2's).
    Another source's `-thinking` suffix is still a setting."""
    keys = pl.DataFrame({"key": ["phi-4", "kimi-k2"], "model_id": ["phi-4", "kimi-k2-0711-preview"], "rule": ["id", "curated"],
                         "tier": [identity.TIER_OWN_ID, identity.TIER_CURATED]})
    aliases, _ = identity.alias_table(keys, pl.DataFrame(schema={"alias": pl.String, "model_id": pl.String, "note": pl.String}),
                                      pl.Series(["phi-4", "kimi-k2-0711-preview"]))
    names = [("vendor-microsoft", "phi-4-reasoning"), ("vendor-moonshot", "kimi-k2-thinking"), ("artificial-analysis", "phi-4-reasoning")]
    obs = pl.DataFrame({"source_id": [s for s, _ in names], "raw_model_name": [n for _, n in names], "model_hint": [None] * 3,
                        "as_of_date": [dt.date(2025, 11, 6)] * 3},
                       schema={"source_id": pl.String, "raw_model_name": pl.String, "model_hint": pl.String, "as_of_date": pl.Date})
    resolved, review = identity.resolve(obs, aliases)
    assert resolved.select("source_id", "model_id", "variant").rows() == [
        ("vendor-microsoft", None, None), ("vendor-moonshot", None, None), ("artificial-analysis", "phi-4", "thinking")]
    assert sorted(review["raw_model_name"]) == ["kimi-k2-thinking", "phi-4-reasoning"]


def test_a_curated_alias_to_a_model_the_build_lacks_stops_the_search():
    """Where a build lacks Kimi K2 Thinking (`make run`'s data), LiveBench's `kimi-k2-thinking`, curated as that
    model, is a name to review, not Kimi K2 with its thinking on (its setting suffix stripped); with the model, the
    curated alias names it. A curated alias to a model the build has is kept as it is."""
    keys = pl.DataFrame({"key": ["kimi-k2", "kimi-k2-thinking"], "model_id": ["kimi-k2-0711-preview", "kimi-k2-thinking"],
                         "rule": ["id", "id"], "tier": [identity.TIER_OWN_ID] * 2})
    curated = pl.DataFrame({"alias": ["kimi-k2-thinking", "Kimi K2"], "model_id": ["kimi-k2-thinking", "kimi-k2-0711-preview"],
                            "note": ["", ""]})
    obs = pl.DataFrame({"source_id": ["livebench"] * 2, "raw_model_name": ["kimi-k2-thinking", "Kimi K2"], "model_hint": [None] * 2,
                        "as_of_date": [dt.date(2025, 11, 20)] * 2},
                       schema={"source_id": pl.String, "raw_model_name": pl.String, "model_hint": pl.String, "as_of_date": pl.Date})
    for present in (["kimi-k2-0711-preview"], ["kimi-k2-0711-preview", "kimi-k2-thinking"]):
        ids = pl.Series(present)
        aliases, _ = identity.alias_table(keys.filter(pl.col("model_id").is_in(present)), curated, ids)
        resolved, review = identity.resolve(obs, identity.block_missing_curated(aliases, curated, ids))
        got = resolved.select("raw_model_name", "model_id", "variant").rows()
        if len(present) == 1:
            assert got == [("kimi-k2-thinking", None, None), ("Kimi K2", "kimi-k2-0711-preview", None)]
            assert review["reason"].to_list() == [
                "blocked alias: catalog/model_aliases.csv names kimi-k2-thinking, a model this build does not have"]
            # without the block, the suffix is a setting of Kimi K2's
            loose, _ = identity.resolve(obs.head(1), aliases)
            assert loose.select("model_id", "variant").row(0) == ("kimi-k2-0711-preview", "thinking")
        else:
            assert got == [("kimi-k2-thinking", "kimi-k2-thinking", None), ("Kimi K2", "kimi-k2-0711-preview", None)]


def test_a_dated_name_is_not_the_snapshot_its_moving_alias_named_that_day(canon):
    """llm-stats' `gpt-4o-2024-11-20` with its hint "GPT-4o": where the build lacks the November snapshot, the hint's
    moving alias names gpt-4o-2024-08-06 on the name's day, another snapshot: a name to review (`make run`'s data had
    published twenty of its figures as the August snapshot's). An undated name keeps the alias' snapshot."""
    _, aliases = canon
    aliases = aliases.filter(pl.col("model_id").fill_null("") != "gpt-4o-20241120")
    names = [("gpt-4o-2024-11-20", "GPT-4o"), ("gpt-4o", "GPT-4o")]
    obs = pl.DataFrame({"source_id": ["llm-stats"] * 2, "raw_model_name": [n for n, _ in names], "model_hint": [h for _, h in names],
                        "as_of_date": [dt.date(2024, 11, 20)] * 2},
                       schema={"source_id": pl.String, "raw_model_name": pl.String, "model_hint": pl.String, "as_of_date": pl.Date})
    resolved, review = identity.resolve(obs, aliases)
    assert resolved.select("raw_model_name", "model_id").rows() == [("gpt-4o-2024-11-20", None), ("gpt-4o", "gpt-4o-20240806")]
    assert review["reason"].to_list() == [
        "gpt-4o-2024-11-20 is the snapshot of that day; the moving alias gpt-4o then named gpt-4o-20240806, another snapshot"]
