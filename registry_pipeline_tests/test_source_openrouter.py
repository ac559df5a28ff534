"""OpenRouter on its real recording: every listing a record or a reject, prices converted exactly."""

from __future__ import annotations

import datetime as dt

import orjson
import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from registry_pipeline.sources import get_source
from registry_pipeline.sources.base import ParseContext, SourceParseError

SOURCE = get_source("openrouter")
CTX = ParseContext("openrouter", dt.date(2026, 5, 15))


@pytest.fixture(scope="module")
def recording(shared_snapshots):
    return (shared_snapshots / "openrouter" / "models.json").read_bytes()


@pytest.fixture(scope="module")
def parsed(recording):
    return SOURCE.parse({"models.json": recording}, CTX)


def _row(parsed, model_id):
    return parsed.models.filter(pl.col("raw_model_id") == model_id).row(0, named=True)


def test_every_listing_is_a_record_or_a_reject_with_a_reason(recording, parsed):
    listed = orjson.loads(recording)["data"]
    assert parsed.models.height + parsed.rejects.height == len(listed) == 364
    # only OpenRouter's own entries (routers such as openrouter/auto) and third-party routers are rejected
    assert parsed.rejects.height == 6
    assert parsed.rejects["reason"].str.contains("listed under OpenRouter itself").sum() == 5
    third_party = parsed.rejects.filter(pl.col("reason").str.contains("'switchpoint/router'"))
    assert third_party.height == 1 and "a router that forwards to other models" in third_party["reason"][0]
    assert parsed.models.filter(pl.col("raw_model_id").str.contains("router")).is_empty()


def test_prices_per_token_become_usd_per_million(parsed):
    opus = _row(parsed, "anthropic/claude-opus-4.5")  # prompt "0.000005", completion "0.000025"
    assert (opus["price_input"], opus["price_output"], opus["price_cache_input"]) == (5.0, 25.0, 0.5)
    assert opus["raw_name"] == "Claude Opus 4.5" and opus["maker_hint"] == "anthropic" and not opus["is_maker"]
    assert opus["context_window"] == 200000 and opus["provider_id"] == "openrouter"
    free = _row(parsed, "openai/gpt-oss-120b:free")
    assert free["price_input"] == 0.0 and free["raw_name"] == "gpt-oss-120b"
    # no float noise from per-token strings such as "0.00000008333333333333334"
    assert parsed.models.filter((pl.col("price_input") * 1e6).round(0) != pl.col("price_input") * 1e6)["price_input"].is_null().all()


def test_variable_price_is_null_and_a_bad_price_a_field_reject():
    body = {"data": [
        {"id": "acme/a-1", "name": "Acme: A 1", "pricing": {"prompt": "-1", "completion": "0.000002"}},
        {"id": "acme/b-1", "name": "Acme: B 1", "pricing": {"prompt": "cheap", "completion": 3}},
    ]}
    parsed = SOURCE.parse({"models.json": orjson.dumps(body)}, CTX)
    a, b = parsed.models.sort("raw_model_id").iter_rows(named=True)
    assert a["price_input"] is None and a["price_output"] == 2.0
    assert b["price_input"] is None and b["price_output"] is None  # kept, with the bad values null
    reasons = parsed.rejects["reason"].to_list()
    assert any("pricing.prompt" in r and "'cheap'" in r for r in reasons)
    assert any("pricing.completion" in r and "expected a decimal string" in r for r in reasons)


def test_moving_aliases_are_marked(parsed):
    latest = _row(parsed, "~anthropic/claude-sonnet-latest")
    assert latest["is_alias"] and latest["maker_hint"] == "anthropic"


def test_a_payload_without_data_is_a_clear_error():
    with pytest.raises(SourceParseError, match="openrouter: models.json: field 'data'"):
        SOURCE.parse({"models.json": b'{"models": []}'}, CTX)


def test_a_snapshot_day_its_listing_day_confirms_is_the_release_date(parsed):
    day = {r["raw_model_id"]: r["release_date"] for r in parsed.models.iter_rows(named=True)}
    # the slug's words in another order are the listing's own name: `claude-4.7-opus-20260416`
    assert day["anthropic/claude-opus-4.7"] == dt.date(2026, 4, 16)
    assert day["openai/gpt-5.4"] == dt.date(2026, 3, 5)
    assert day["openai/gpt-5"] == dt.date(2025, 8, 7)  # `gpt-5-2025-08-07`
    assert day["x-ai/grok-4"] == dt.date(2025, 7, 9)  # `grok-4-07-09`: the year is the listing's (2025-07-09)
    assert day["openai/gpt-5.5"] == dt.date(2026, 4, 23)  # listed 2026-04-24 (UTC): a day after is the same release
    # a slug re-pointed to a snapshot a week after its listing's day, mistyped years, another name: no date
    assert day["qwen/qwen3.5-plus-20260420"] is None  # listed 2026-04-27
    assert day["nvidia/nemotron-3-super-120b-a12b"] is None  # `-20230311`, listed 2026-03-11
    assert day["qwen/qwen3-coder-next"] is None  # `-2025-02-03`, listed 2026-02-04
    assert day["qwen/qwen3-coder"] is None  # `qwen3-coder-480b-a35b-07-25` names more than the listing
    assert day["~anthropic/claude-sonnet-latest"] is None  # a moving alias has no release
    # every date in the recording is its listing's day or within two days of it, and spelled in its slug
    dated = parsed.models.filter(pl.col("release_date").is_not_null())
    assert dated.height == 117
    rows = dated.select("raw_model_id", "release_date", raw=pl.col("raw_row").str.json_decode(
        pl.Struct({"canonical_slug": pl.String, "created": pl.Int64})))
    for r in rows.iter_rows(named=True):
        on = dt.datetime.fromtimestamp(r["raw"]["created"], dt.timezone.utc).date()
        assert abs((r["release_date"] - on).days) <= 2, r
        assert r["release_date"].strftime("%m-%d") in r["raw"]["canonical_slug"] or r["release_date"].strftime("%Y%m%d") in r["raw"]["canonical_slug"], r


@pytest.mark.parametrize(("slug", "created", "day"), [
    ("acme/a-1-20260231", "2026-02-28", None),  # no such day: null, never a crash
    ("acme/a-1-02-30", "2026-02-28", None),
    ("acme/a-1-12-31", "2026-01-01", dt.date(2025, 12, 31)),  # across a new year, the year before the listing's
    ("acme/a-1-01-01", "2025-12-31", dt.date(2026, 1, 1)),
    ("acme/1-a-20260101", "2026-01-01", dt.date(2026, 1, 1)),  # its words in another order
    ("acme/a-2-20260101", "2026-01-01", None),  # another version
    ("acme/a-1-20260101", "2026-01-04", None),  # three days off its listing day
    ("acme/a-1-20260101", "not a time", None),
    ("acme/a-1-20260101", True, None),
    ("acme/a-1-20260101", 10**15, None),  # a timestamp out of any calendar's range
    ("acme/a-1-20260101", 1e300, None),
    (None, "2026-01-01", None),
])
def test_a_snapshot_day_is_read_only_from_a_slug_naming_the_listing_and_a_listing_day_near_it(slug, created, day):
    if isinstance(created, str) and created[:4].isdigit():
        created = int(dt.datetime.fromisoformat(created).replace(tzinfo=dt.timezone.utc).timestamp()) + 3600
    body = {"data": [{"id": "acme/a-1", "name": "Acme: A 1", "canonical_slug": slug, "created": created}]}
    parsed = SOURCE.parse({"models.json": orjson.dumps(body)}, CTX)
    assert parsed.models["release_date"].to_list() == [day]


def test_a_listing_linking_the_weights_repo_says_open_weights_and_one_linking_none_says_nothing(parsed):
    open_ = {r["raw_model_id"]: r["open_weights"] for r in parsed.models.iter_rows(named=True)}
    assert open_["xiaomi/mimo-v2.5-pro"] is True  # XiaomiMiMo/MiMo-V2.5-Pro
    assert open_["xiaomi/mimo-v2-pro"] is None and open_["openai/gpt-5.4"] is None  # null and "" are no claim
    assert set(open_.values()) == {True, None}


DAY_FORMS = st.one_of(*(st.dates().map(lambda d, f=f: d.strftime(f)) for f in ("%Y%m%d", "%Y-%m-%d", "%m-%d")), st.text(max_size=10))
SLUGS = st.one_of(st.none(), st.integers(min_value=-(2**63), max_value=2**63 - 1), st.text(max_size=60),
                  st.builds(lambda name, day: f"acme/{name}-{day}", st.sampled_from(["a-1", "1-a", "a-2", "b"]), DAY_FORMS))
LISTING_TIMES = st.one_of(st.none(), st.booleans(), st.text(max_size=10), st.integers(min_value=-(2**63), max_value=2**63 - 1),
                          st.floats(allow_nan=True, allow_infinity=True))


@settings(max_examples=300, deadline=None)
@given(slug=SLUGS, created=LISTING_TIMES)
def test_a_snapshot_day_from_any_slug_and_listing_time_is_null_or_within_two_days_of_the_listing(slug, created):
    """Whatever a hostile upstream puts in `canonical_slug` and `created`, the listing is a record (never a reject
    or a crash for these fields), and a date it gets is its listing's day or within two days of it."""
    body = {"data": [{"id": "acme/a-1", "name": "Acme: A 1", "canonical_slug": slug, "created": created}]}
    parsed = SOURCE.parse({"models.json": orjson.dumps(body)}, CTX)
    assert parsed.models.height == 1 and parsed.rejects.is_empty()
    day = parsed.models["release_date"][0]
    if day is not None:
        listed = dt.datetime.fromtimestamp(created, dt.timezone.utc).date()
        assert abs((day - listed).days) <= 2 and isinstance(slug, str) and (day.strftime("%m-%d") in slug or day.strftime("%Y%m%d") in slug)


@settings(max_examples=300, deadline=None)
@example(day=dt.date(2024, 2, 29), offset=0, seconds=0, form="%m-%d", name="a-1")  # 2023 has no 29 February
@given(day=st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2099, 12, 31)), offset=st.integers(-5, 5),
       seconds=st.integers(0, 86_399), form=st.sampled_from(["%Y%m%d", "%Y-%m-%d", "%m-%d"]), name=st.sampled_from(["a-1", "1-a", "a-2"]))
def test_a_snapshot_day_is_taken_exactly_when_its_listing_day_is_near_it_and_the_slug_names_the_listing(day, offset, seconds, form, name):
    listed = dt.datetime.combine(day + dt.timedelta(days=offset), dt.time(), dt.timezone.utc) + dt.timedelta(seconds=seconds)
    body = {"data": [{"id": "acme/a-1", "name": "Acme: A 1", "canonical_slug": f"acme/{name}-{day.strftime(form)}",
                      "created": int(listed.timestamp())}]}
    got = SOURCE.parse({"models.json": orjson.dumps(body)}, CTX).models["release_date"][0]
    assert got == (day if name != "a-2" and abs(offset) <= 2 else None)
