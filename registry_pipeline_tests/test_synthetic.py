"""The benchmark data generator (`synthetic.py`): scaled recordings parse to K x the rows in their own
wire format, a copy renames a model the same way in every source, and a history moves a few scores a day."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from registry_pipeline.raw_store import RawStore
from registry_pipeline.sources import all_sources, get_source
from registry_pipeline.staging import parse_snapshot, stage_source
from registry_pipeline.transform.slug import name_key, own_id_key
from registry_pipeline_tests import synthetic
from registry_pipeline_tests.synthetic import rename, rename_url, token, write_history, write_scaled

AT = dt.datetime(2026, 6, 10, 12, 0, tzinfo=dt.timezone.utc)


def _parsed(data_dir, sid):
    source = get_source(sid)
    snap = RawStore(data_dir / "raw").latest(sid)
    assert snap is not None and snap.ok, sid
    return parse_snapshot(source, snap, "test")


def _key(text: str) -> str:
    return pl.select(name_key(pl.lit(text))).item()


# --- the renaming rule


def test_rename_keeps_what_identity_reads_and_changes_the_model():
    assert rename("gpt-4o-2024-08-06", 1) == "gpt-atlas-4o-2024-08-06"
    assert rename("GPT-4o (2024-08-06)", 1) == "GPT-Atlas-4o (2024-08-06)"
    assert rename("Claude 3.5 Sonnet (20241022)", 2) == "Claude Lumen 3.5 Sonnet (20241022)"
    # provider prefixes, maker display prefixes, maker namespaces and run settings stay in place
    assert rename("anthropic/claude-opus-4.5", 1) == "anthropic/claude-atlas-opus-4.5"
    assert rename("Anthropic: Claude Opus 4.5 (latest)", 1) == "Anthropic: Claude Atlas Opus 4.5 (latest)"
    assert rename("meta-llama/Meta-Llama-3.1-8B-Instruct", 1) == "meta-llama/Meta-Llama-Atlas-3.1-8B-Instruct"
    assert rename("meta-llama--Llama-3.1-70B-Instruct", 1) == "meta-llama--Llama-Atlas-3.1-70B-Instruct"
    assert rename("anthropic-claude-opus-4-5-20251101-thinking-16k", 1) == "anthropic-claude-atlas-opus-4-5-20251101-thinking-16k"
    assert rename("o3-mini-high", 1) == "o3-atlas-mini-high"
    assert rename("openai/gpt-oss-120b:free", 1) == "openai/gpt-atlas-oss-120b:free"
    assert rename("DeepSeek R1 + claude-3-5-sonnet-20241022", 1) == "DeepSeek Atlas R1 + claude-atlas-3-5-sonnet-20241022"
    assert rename_url("https://huggingface.co/Qwen/Qwen2.5-72B-Instruct", 1) == "https://huggingface.co/Qwen/Qwen-Atlas-2.5-72B-Instruct"
    assert rename("gpt-4o", 0) == "gpt-4o"
    # spellings identity treats as one model stay one model in every copy; copies differ from each other
    for a, b in [
        ("claude-3-5-sonnet-20241022", "Claude-3.5-Sonnet-20241022"),
        ("qwen2.5-72b-instruct", "Qwen2.5 72B Instruct"),
        ("gpt-4.1", "GPT-4.1"),
        ("o3-2025-04-16", "O3 2025-04-16"),
    ]:
        assert _key(a) == _key(b)
        for k in (1, 7, 40):
            assert _key(rename(a, k)) == _key(rename(b, k)) != _key(a)
    assert len({token(k) for k in range(1, 300)}) == 299
    assert len({rename("gpt-4o", k) for k in range(1, 120)}) == 119


# --- scaled recordings


def test_factor_1_lands_every_recording_unchanged(tmp_path, shared_snapshots):
    written = write_scaled(tmp_path, 1, fetched_at=AT, shared=shared_snapshots)
    store = RawStore(tmp_path / "raw")
    assert set(written) == {s.spec.id for s in all_sources()}
    for source in all_sources():
        snap = store.latest(source.spec.id)
        assert snap is not None and snap.ok and snap.manifest["origin"] == "recorded"
        original = {f.name: f.content for f in synthetic.recording(source, shared_snapshots)}
        assert snap.read() == original, source.spec.id
        assert written[source.spec.id] == sum(len(v) for v in original.values())


# one source per wire format: YAML runs, two joined JSON tables, a JSON object keyed by name, a compact
# JSON tree, CSV (with a link column), a tarball of JSON files, CSVs in a zip, discovered files, curated YAML (and
# vendor-google's, whose launch pages name models no catalogue lists: `{model, name}` entries)
VARIED = ["aider", "arc-prize", "bigcodebench", "models-dev", "lmarena", "llm-stats", "epoch-ai", "tau2-bench", "vendor-openai",
          "vendor-google"]


@pytest.fixture(scope="module")
def scaled_pair(tmp_path_factory, shared_snapshots):
    one, two = tmp_path_factory.mktemp("x1"), tmp_path_factory.mktemp("x2")
    write_scaled(one, 1, fetched_at=AT, sources=VARIED, shared=shared_snapshots)
    write_scaled(two, 2, fetched_at=AT, sources=VARIED, shared=shared_snapshots)
    return one, two


@pytest.mark.parametrize("sid", VARIED)
def test_factor_2_parses_to_twice_the_rows(scaled_pair, sid):
    one, two = scaled_pair
    a, b = _parsed(one, sid), _parsed(two, sid)
    assert a.models.height + a.scores.height > 0
    for before, after in ((a.models.height, b.models.height), (a.scores.height, b.scores.height)):
        assert abs(after - 2 * before) <= 0.15 * 2 * before, (sid, before, after)
    assert b.rejects.height <= 2 * a.rejects.height, sid
    # the copies are other models: as many distinct names again, none of them an original's
    names_a = set(a.scores["raw_model_name"].drop_nulls()) | set(a.models["raw_model_id"].drop_nulls())
    names_b = set(b.scores["raw_model_name"].drop_nulls()) | set(b.models["raw_model_id"].drop_nulls())
    assert names_a <= names_b
    assert len(names_b - names_a) >= 0.85 * len(names_a), sid
    # the copies' scores are near, not equal to, the originals'
    if a.scores.height:
        va, vb = a.scores["raw_value"].mean(), b.scores["raw_value"].mean()
        assert abs(vb - va) <= 0.05 * abs(va) + 1e-9, sid
        assert sorted(b.scores["raw_value"].to_list()) != sorted(a.scores["raw_value"].to_list() * 2), sid


def test_a_vendor_pages_named_introduction_is_copied_with_its_name(scaled_pair):
    """A launch page's `{model, name}` entry (a model no catalogue lists) is copied renamed, id and name both, so
    each copy defines a model of its own as the original does: no copy is a second introduction of the original."""
    one, two = scaled_pair
    a, b = _parsed(one, "vendor-google"), _parsed(two, "vendor-google")
    named_a = a.models.filter(pl.col("raw_name") != pl.col("raw_model_id"))
    named_b = b.models.filter(pl.col("raw_name") != pl.col("raw_model_id"))
    assert named_a.height >= 3 and named_b.height == 2 * named_a.height
    assert named_b["raw_model_id"].is_unique().all() and named_b["raw_name"].is_unique().all()
    assert not b.rejects["reason"].str.contains("introduced already").any()


def test_a_copy_is_renamed_the_same_way_in_every_source(tmp_path, shared_snapshots):
    """A model record of llm-stats and LMArena's rating of the same model: their copies share a key."""
    sources = ["llm-stats", "lmarena"]
    write_scaled(tmp_path / "x1", 1, fetched_at=AT, sources=sources, shared=shared_snapshots)
    write_scaled(tmp_path / "x3", 3, fetched_at=AT, sources=sources, shared=shared_snapshots)

    def shared_keys(data_dir):
        models = _parsed(data_dir, "llm-stats").models.filter(pl.col("provider_id").is_null())
        model_keys = set(models.select(own_id_key(pl.col("raw_model_id")))["raw_model_id"])
        score_keys = set(_parsed(data_dir, "lmarena").scores.select(name_key(pl.col("raw_model_name")))["raw_model_name"])
        return model_keys & score_keys

    before, after = shared_keys(tmp_path / "x1"), shared_keys(tmp_path / "x3")
    assert "claude-3-5-sonnet-20241022" in before
    assert len(after) >= 3 * len(before) * 0.9
    for k in (1, 2):
        copy = _key(rename("claude-3-5-sonnet-20241022", k))
        assert copy in after and copy not in before
    # LMArena's own spelling of that copy
    lmarena = _parsed(tmp_path / "x3", "lmarena").scores
    assert "Claude Atlas 3.5 Sonnet 20241022" in set(lmarena["raw_model_name"])


def test_history_day_one_is_the_scaled_recording(tmp_path, shared_snapshots):
    """The history's first snapshot is what write_scaled lands (the CSV copies are written as they are made)."""
    sources = ["lmarena", "swe-bench"]
    write_scaled(tmp_path / "scaled", 2, fetched_at=AT, sources=sources, shared=shared_snapshots)
    write_history(tmp_path / "hist", 1, factor=2, end=AT.date(), sources=sources, shared=shared_snapshots)
    for sid in sources:
        a = RawStore(tmp_path / "scaled" / "raw").latest(sid).read()
        b = RawStore(tmp_path / "hist" / "raw").latest(sid).read()
        assert a == b, sid


# --- history


def test_history_of_three_days(tmp_path, shared_snapshots):
    end = dt.date(2026, 11, 30)
    stats = write_history(tmp_path, 3, end=end, shared=shared_snapshots)
    store = RawStore(tmp_path / "raw")
    days = [end - dt.timedelta(days=2), end - dt.timedelta(days=1), end]
    changed = compared = 0
    for source in all_sources():
        sid = source.spec.id
        snaps = store.snapshots(sid)[::-1]  # oldest first
        assert stats["per_source"][sid]["snapshots"] == len(snaps)
        assert all(s.ok for s in snaps)
        if source.spec.curated or sid in synthetic.RARE_SOURCES:  # a new version about every 30 days
            assert 1 <= len(snaps) <= 3 and snaps[0].fetched_on == days[0], sid
            continue
        assert [s.fetched_on for s in snaps] == days, sid
        # every day is accepted by the degraded-payload guard
        staged = stage_source(source, store.snapshots(sid), {"mode": "offline"}, "test")
        assert not staged.status.get("refused") and not staged.status.get("degraded"), sid
        if "scores" not in source.spec.provides:
            continue
        keys = ["raw_model_key", "benchmark_id", "variant", "benchmark_version"]
        a, b = (parse_snapshot(source, s, "test").scores.select(*keys, "raw_value") for s in snaps[:2])
        both = a.join(b, on=keys, how="inner", nulls_equal=True)
        assert both.height >= 0.9 * a.height, sid
        changed += int((both["raw_value"] != both["raw_value_right"]).sum())
        compared += both.height
    # a small but non-zero share of the scores moved from day 1 to day 2 (change_rate 3 %; LiveBench's
    # category averages move with any of their tasks)
    assert compared > 10_000
    assert 0.01 <= changed / compared <= 0.1, (changed, compared)
    assert stats["snapshots"] == sum(v["snapshots"] for v in stats["per_source"].values())
