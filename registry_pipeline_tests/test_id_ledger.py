"""Every model id ever published stays answerable: the ledger of published ids (real models.dev recording)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from registry_pipeline import catalog
from registry_pipeline.sources import get_source
from registry_pipeline.sources.base import ParseContext
from registry_pipeline.transform import id_ledger, model_metadata

PRIORITY = dict(zip(catalog.sources()["id"].to_list(), catalog.sources()["priority"].to_list()))


@pytest.fixture(scope="module")
def meta(shared_snapshots):
    body = (shared_snapshots / "models-dev" / "api.json").read_bytes()
    records = get_source("models-dev").parse({"api.json": body}, ParseContext("models-dev", dt.date(2026, 2, 21))).models
    return model_metadata.build_models(records, PRIORITY, ["models-dev"], catalog.model_aliases(), catalog.makers(), catalog.alias_history())


def test_the_ledger_is_append_only(tmp_path, meta):
    path = id_ledger.ledger_path(tmp_path)
    assert id_ledger.append_ledger(path, meta.models.head(3), dt.date(2026, 1, 1)) == 3
    first = path.read_bytes()
    # the same ids again add nothing; new ones are appended after the old rows, which keep their date
    assert id_ledger.append_ledger(path, meta.models.head(3), dt.date(2026, 2, 1)) == 0
    assert id_ledger.append_ledger(path, meta.models.head(5), dt.date(2026, 2, 1)) == 2
    assert path.read_bytes().startswith(first)
    ledger = id_ledger.read_ledger(path)
    assert ledger.height == 5 and ledger["id"].is_unique().all()
    assert ledger.filter(pl.col("first_published") == dt.date(2026, 1, 1)).height == 3


def test_an_id_that_left_the_model_list_answers_or_is_retired(meta):
    """`llama3-2-1b-instruct` was published by an earlier build (a host's spelling admitted as a model of
    its own) and is now merged into `llama-3-2-1b-instruct`; `gpt-4o` is an alias already; an id that
    names nothing any more is retired, never re-pointed."""
    ledger = pl.DataFrame(
        {"id": ["llama3-2-1b-instruct", "gpt-4o", "claude-opus-4-5-20251101", "no-such-model-9000"],
         "name": ["Llama 3.2 1B Instruct", "GPT-4o", "Claude Opus 4.5", "Gone"], "provider": ["Meta", "OpenAI", "Anthropic", "Nobody"],
         "first_published": [dt.date(2026, 1, 1)] * 4},
        schema=id_ledger.LEDGER_COLUMNS,
    )
    keys = model_metadata.record_aliases(meta.aliases)
    former, retired = id_ledger.former_ids(ledger, meta.models, meta.published_aliases, keys)
    assert former.select("alias", "model_id", "rule").rows() == [("llama3-2-1b-instruct", "llama-3-2-1b-instruct", "former-id")]
    assert retired["id"].to_list() == ["no-such-model-9000"] and retired["reason"][0].startswith("unknown")


def test_an_id_is_also_resolved_by_the_name_it_was_published_with_when_that_says_more(meta):
    """An earlier build published Bedrock's `nvidia.nemotron-nano-12b-v2` as a model of its own, named "NVIDIA
    Nemotron Nano 12B v2 VL"; a curated alias now joins that listing to `nemotron-nano-12b-v2-vl`. The id alone is
    the text model's name (NVIDIA-Nemotron-Nano-12B-v2) and names nothing; the name it was published with says
    which model it was, so the id answers for the VL model. A name saying less than its id ("GPT-4o") is never
    tried: it may name another model now, and the id is retired instead."""
    ledger = pl.DataFrame(
        {"id": ["nvidia-nemotron-nano-12b-v2", "no-such-model-9001"], "name": ["NVIDIA Nemotron Nano 12B v2 VL", "GPT-4o"],
         "provider": ["NVIDIA", "Nobody"], "first_published": [dt.date(2026, 1, 1)] * 2},
        schema=id_ledger.LEDGER_COLUMNS,
    )
    assert "nvidia-nemotron-nano-12b-v2" not in meta.models["id"].to_list()
    keys = model_metadata.record_aliases(meta.aliases)
    former, retired = id_ledger.former_ids(ledger, meta.models, meta.published_aliases, keys)
    assert former.select("alias", "model_id").rows() == [("nvidia-nemotron-nano-12b-v2", "nemotron-nano-12b-v2-vl")]
    assert retired["id"].to_list() == ["no-such-model-9001"]
