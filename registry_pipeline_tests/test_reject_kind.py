"""The warehouse macro `reject_kind(reason)` (views.sql), which `reject_summary` groups rejects by: one cause is
one kind whatever row and values its reasons name; two causes stay two kinds. Reasons as the build writes them
(on the full recordings)."""

from __future__ import annotations

import duckdb
import pytest

from registry_pipeline.warehouse.load import VIEWS_SQL


@pytest.fixture(scope="module")
def con():
    sql = VIEWS_SQL.read_text()
    start = sql.index("CREATE OR REPLACE MACRO reject_kind")
    macro = sql[start:sql.index(";\n", start) + 1]
    c = duckdb.connect()
    c.execute(macro)
    yield c
    c.close()


def kind(con, reason: str) -> str:
    return con.execute("SELECT reject_kind(?)", [reason]).fetchone()[0]


SAME_CAUSE = [
    (  # ARC Prize's refinement systems, each named with its quoted ids and a nested parenthesis
        "evaluations.json: row #278 ('jeremy_sept_2025' on 'v1_Semi_Private'): not a language model: a third-party "
        "refinement system built around an LLM (its score is the system's) ('Grok 4 (Refine.)'; providerId "
        "'j_berman', modelType 'Refinement', modelGroup '')",
        "evaluations.json: row #376 ('poetiq-arc-agi-gemini-3-d_v1' on 'v2_Semi_Private'): not a language model: a "
        "third-party refinement system built around an LLM (its score is the system's) ('Gemini 3 Pro (Refine.)'; "
        "providerId 'poetiq', modelType 'Refinement', modelGroup '')",
    ),
    (  # a listing's cutoff after the model's release: the listing's id, the cutoff and the model differ
        # (quoted: a listing LMArena names in words, a one-word model id)
        "'togetherai/openai/gpt-oss-120b': training_cutoff 2025-08 is not before the release of 'gpt-oss-120b' "
        "(2025-08-05); its cutoff is chosen without it",
        "'Command R Plus 08-2024': training_cutoff 2024-08 is not before the release of 'command-r-plus-08-2024' "
        "(2024-08-30); its cutoff is chosen without it",
    ),
    (
        "'gemini-3-pro': training_cutoff 2025-11 is not before the release of 'gemini-3-pro-preview' (2025-11-18); its "
        "cutoff is chosen without it",
        "'perplexity/sonar': training_cutoff 2025-09 is not before the release of 'sonar' (2025-01-27); its cutoff is "
        "chosen without it",
    ),
    (  # a release date a later listing's day shows to be a year: the listing and the model named, one-word or not
        "'kilo/perplexity/sonar': release_date 2024-01-01 is a 1 January that another listing of 'sonar' follows "
        "with a later day: a year, not a day; the model's release date is chosen without it",
        "'alibaba-cn/deepseek-r1-distill-llama-70b': release_date 2025-01-01 is a 1 January that another listing of "
        "'deepseek-r1-distill-llama-70b' follows with a later day: a year, not a day; the model's release date is "
        "chosen without it",
    ),
    (  # a base model's copied scores: the benchmark (quoted, a one-word id too) and the values differ, the possessives
       # stay words
        "llm-stats: granite-3.3-8b-base's score 81.2 on 'aime-2024' is granite-3-3-8b-instruct's, as are 10 of its 20 "
        "scores there: the instruct model's, copied to the base model",
        "llm-stats: granite-3.3-8b-base's score 89.73 on 'humaneval' is granite-3-3-8b-instruct's, as are 10 of its "
        "20 scores there: the instruct model's, copied to the base model",
    ),
    (  # a value an erratum removed: the benchmark quoted, a one-word id (`mmlu`) as much as a hyphenated one
        "mistral-large-2407: the value filed under 'mmlu' is not a score of it (removed by a curated erratum: "
        "catalog/source_errata.csv)",
        "nova-pro-v1: the value filed under 'gpqa-diamond' is not a score of it (removed by a curated erratum: "
        "catalog/source_errata.csv)",
    ),
    (
        "catalog/model_aliases.csv: curated alias points at a model id that is not in the registry: "
        "claude-3-5-sonnet-20240620",
        "catalog/model_aliases.csv: curated alias points at a model id that is not in the registry: gpt-4o-20240806",
    ),
]


@pytest.mark.parametrize(("one", "other"), SAME_CAUSE)
def test_one_cause_is_one_kind_whatever_row_it_names(con, one, other):
    assert kind(con, one) == kind(con, other)
    assert not any(ch.isdigit() for ch in kind(con, one))


def test_the_kind_keeps_the_words_of_the_cause(con):
    assert kind(con, SAME_CAUSE[1][0]) == "training_cutoff # is not before the release of … (…); its cutoff is chosen without it"
    assert kind(con, SAME_CAUSE[4][0]).endswith("the instruct model's, copied to the base model")
    assert kind(con, SAME_CAUSE[0][0]).startswith("not a language model: a # refinement system")


def test_two_causes_are_two_kinds(con):
    kinds = {kind(con, one) for one, _ in SAME_CAUSE}
    assert len(kinds) == len(SAME_CAUSE) - 1  # two pairs of one cause: the cutoffs after a release
