"""CSV export: RFC 4180, ScoreRow columns in order, formula injection neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import io

import polars as pl
import pytest

from registry_pipeline.publish import builders
from registry_pipeline.publish.csv_export import SCORE_COLUMNS, frame_csv, scores_csv
from registry_pipeline_tests.registry_fixture import MODELS, make_registry

T = dt.datetime(2026, 2, 21, 12, 0, tzinfo=dt.timezone.utc)


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def row(**overrides):
    base = {
        "modelId": "o3", "modelName": "o3", "provider": "OpenAI", "benchmarkId": "gpqa-diamond",
        "benchmarkName": "GPQA Diamond", "category": "Science", "score": 82.7, "normalizedScore": 82.7,
        "verified": True, "verificationLevel": "third_party", "sourceId": "artificial-analysis",
        "sourceUrl": "https://artificialanalysis.ai/models/o3", "asOfDate": "2026-02-16", "isArtificialAnalysis": True,
    }  # fmt: skip
    return base | overrides


def test_columns_are_scorerow_fields_in_order():
    assert SCORE_COLUMNS == builders.SCORE_ROW_FIELDS
    header = read(scores_csv([]))[0]
    assert header == list(SCORE_COLUMNS)


@pytest.mark.parametrize(
    "name",
    ['=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(A1:A2)", "\tcmd", "\rcmd", "=1+1"],
)
def test_formula_prefixes_are_neutralised(name):
    text = scores_csv([row(modelName=name, provider=name)])
    parsed = read(text)[1]
    assert parsed[1] == "'" + name
    assert parsed[2] == "'" + name


def test_values_and_types():
    frame = pl.DataFrame({"none": [None], "yes": [True], "no": [False], "neg": [-1.5], "whole": [1493.0], "int": [200000],
                          "nan": [float("nan")], "plain": ["plain"], "inner": ["a=b"]},
                         schema_overrides={"none": pl.String})
    assert read(frame_csv(frame, frame.columns))[1] == ["", "true", "false", "-1.5", "1493.0", "200000", "", "plain", "a=b"]
    parsed = read(scores_csv([row(score=-3.0, sourceUrl=None, verified=False)]))[1]
    assert parsed[6] == "-3.0" and parsed[11] == "" and parsed[8] == "false" and parsed[13] == "true"


def test_rfc4180_quoting_and_crlf():
    text = scores_csv([row(modelName='Model "quoted", with comma', benchmarkName="two\nlines")])
    assert text.endswith("\r\n")
    assert text.split("\r\n")[0] == ",".join(SCORE_COLUMNS)
    assert '"Model ""quoted"", with comma"' in text
    assert '"two\nlines"' in text
    parsed = read(text)
    assert parsed[1][1] == 'Model "quoted", with comma' and parsed[1][4] == "two\nlines"


def test_export_csv_from_registry_round_trips():
    hostile = [dict(MODELS[0], name='=HYPERLINK("x")'), dict(MODELS[1], name="@evil"), MODELS[2]]
    bodies = builders.build_all(make_registry(hostile), T)
    text = bodies["/api/v1/export.csv"]
    parsed = read(text)
    rows = bodies["/api/v1/export"]["scores"]
    assert len(parsed) == len(rows) + 1
    assert [r[0] for r in parsed[1:]] == [r["modelId"] for r in rows]
    names = {r[0]: r[1] for r in parsed[1:]}
    assert names == {"claude-opus-4-5": "'=HYPERLINK(\"x\")", "gpt-4-1": "'@evil", "o3": "o3"}
    for line, r in zip(parsed[1:], rows):
        assert float(line[6]) == r["score"] and float(line[7]) == r["normalizedScore"]
        assert line[12] == r["asOfDate"]
        assert line[13] == ("true" if r["isArtificialAnalysis"] else "false")
