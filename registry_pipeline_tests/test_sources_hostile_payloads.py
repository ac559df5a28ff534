"""Every source's parse against a hostile upstream (Hypothesis): arbitrary bytes, and payloads that
keep the source's structure but carry hostile values (wrong types, huge or negative numbers, invisible
characters, path traversal, formulas, deep nesting, missing keys). Parsing either raises the documented
`SourceParseError` or returns frames the contracts can judge row by row: never another exception, and
every model id that passes the contracts is a safe URL segment and file name."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tarfile
import zipfile
from typing import Any

import orjson
import polars as pl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from registry_pipeline.duplicate_keys import without_duplicate_keys
from registry_pipeline.publish.routes import SEGMENT_RE
from registry_pipeline.raw_store import RawStore
from registry_pipeline.schemas import ModelRecordSchema, ScoreObservationSchema, split_valid
from registry_pipeline.schemas.contracts import MAX_ID_CHARS
from registry_pipeline.sources import all_sources
from registry_pipeline.sources.base import ParseContext, SourceParseError
from registry_pipeline.transform.slug import own_id_key
from registry_pipeline_tests.conftest import RAW

SOURCES = {s.spec.id: s for s in all_sources()}
# examples per source and test: a few in `make test`; `make faults` runs many more
EXAMPLES = int(os.environ.get("REGISTRY_FUZZ_EXAMPLES", "12"))
CTX = {sid: ParseContext(source_id=sid, fetched_on=dt.date(2026, 1, 1), run_id="hostile") for sid in SOURCES}

HOSTILE_STRINGS = [
    "", " ", "\u202egpt-4o", "gpt-4o\u200b", "\x00", "../../../etc/passwd", "..", "/", "=HYPERLINK(\"http://x\")",
    "<script>alert(1)</script>", "x" * 5000, "模型", "\ufeff", "NaN", "Infinity", "-1", "1e309", "2026-13-45", "null",
]
HOSTILE_VALUES = st.one_of(
    st.sampled_from(HOSTILE_STRINGS),
    st.sampled_from([None, True, False, 0, -1, 2**63, -(2**70), 1e308, -1e308, 0.1, 10**30]),
    # containers built anew for each draw: a later mutation may write into one, and a shared constant would
    # carry that into the next example (Hypothesis: "FlakyStrategyDefinition")
    st.builds(dict), st.builds(list), st.builds(lambda: {"id": {"nested": [1, 2]}}), st.builds(lambda: [[[[[[[[[[[]]]]]]]]]]]),
    st.text(max_size=40),
)


def _shipped(source_id: str) -> dict[str, bytes]:
    store = RawStore(RAW)
    return store.latest(source_id).read()


SHIPPED = {sid: _shipped(sid) for sid in SOURCES}


def _judge(source_id: str, files: dict[str, bytes]) -> None:
    """What staging does with a payload: the only failure allowed is SourceParseError."""
    source = SOURCES[source_id]
    try:
        files, _ = without_duplicate_keys(files, source_id)
        parsed = source.parse(files, CTX[source_id])
    except SourceParseError as exc:
        assert source_id in str(exc)
        return
    models, _ = split_valid(parsed.models, ModelRecordSchema)
    split_valid(parsed.scores, ScoreObservationSchema)
    if models.height:
        slugs = models.select(own_id_key(pl.col("raw_model_id")))["raw_model_id"]
        assert all(SEGMENT_RE.match(s) and len(s) <= MAX_ID_CHARS and ".." not in s for s in slugs)


# ---------------------------------------------------------------- arbitrary bytes


@pytest.mark.parametrize("source_id", sorted(SOURCES))
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_arbitrary_bytes_raise_only_the_parse_error(source_id, data):
    names = list(SHIPPED[source_id])
    garbage = data.draw(st.one_of(st.binary(max_size=600), st.sampled_from([b"", b"{}", b"[]", b"null", b"\xff\xfe", b"a,b\n1", b"---\n- 1"])))
    which = data.draw(st.sampled_from(names))
    files = {n: (garbage if n == which or data.draw(st.booleans()) else b) for n, b in SHIPPED[source_id].items()}
    _judge(source_id, files)


# ---------------------------------------------------------------- the source's structure, hostile values


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    """Every path into a decoded JSON/YAML tree (containers and leaves), root excluded."""
    out = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        out.append((*path, key))
        out.extend(_paths(value, (*path, key)))
    return out


def _mutate_tree(body: Any, draw) -> Any:
    paths = _paths(body)
    if not paths:
        return draw(HOSTILE_VALUES)
    for _ in range(draw(st.integers(1, 6))):
        path = paths[draw(st.integers(0, len(paths) - 1))]
        parent = body
        try:
            for step in path[:-1]:
                parent = parent[step]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)  # a key the source always sends, missing
            else:
                parent[path[-1]] = draw(HOSTILE_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation replaced this path's parent
    return body


def _mutate_csv(data: bytes, draw) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8", errors="replace"))))
    if len(rows) < 2:
        return data
    for _ in range(draw(st.integers(1, 6))):
        r = draw(st.integers(0, len(rows) - 1))
        if rows[r]:
            c = draw(st.integers(0, len(rows[r]) - 1))
            value = draw(HOSTILE_VALUES)
            rows[r][c] = value if isinstance(value, str) else "" if value is None else str(value)
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode()


def _mutate_text(data: bytes, draw) -> bytes:
    lines = data.decode("utf-8", errors="replace").split("\n")
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        cells = lines[i].split("|")
        j = draw(st.integers(0, len(cells) - 1))
        cells[j] = f" {draw(st.sampled_from(HOSTILE_STRINGS))} "
        lines[i] = "|".join(cells)
    return "\n".join(lines).encode()


def _mutate_file(name: str, data: bytes, draw) -> bytes:
    lower = name.lower()
    if lower.endswith(".json"):
        try:
            return orjson.dumps(_mutate_tree(orjson.loads(data), draw))
        except (orjson.JSONDecodeError, orjson.JSONEncodeError):
            return data
    if lower.endswith((".yml", ".yaml")):
        return yaml.safe_dump(_mutate_tree(yaml.safe_load(data), draw), sort_keys=False).encode()
    if lower.endswith(".csv"):
        return _mutate_csv(data, draw)
    if lower.endswith(".zip"):
        src = zipfile.ZipFile(io.BytesIO(data))
        members = src.namelist()
        target = members[draw(st.integers(0, len(members) - 1))]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for m in members:
                body = src.read(m)
                dst.writestr(m, _mutate_file(m, body, draw) if m == target else body)
        return out.getvalue()
    if lower.endswith((".tar.gz", ".tgz")):
        src = tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")
        members = [m for m in src.getmembers() if m.isfile()]
        target = members[draw(st.integers(0, len(members) - 1))].name
        out = io.BytesIO()
        with tarfile.open(fileobj=out, mode="w:gz") as dst:
            for m in src.getmembers():
                body = src.extractfile(m).read() if m.isfile() else None
                if m.name == target:
                    body = _mutate_file(m.name, body, draw)
                    m.size = len(body)
                dst.addfile(m, io.BytesIO(body) if body is not None else None)
        return out.getvalue()
    return _mutate_text(data, draw)


@pytest.mark.parametrize("source_id", sorted(SOURCES))
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_values_in_the_real_structure_are_rejected_not_raised(source_id, data):
    files = dict(SHIPPED[source_id])
    which = data.draw(st.sampled_from(sorted(files)))
    files[which] = _mutate_file(which, files[which], data.draw)
    _judge(source_id, files)


def _csv_with_header_twice(data: bytes) -> bytes:
    """The CSV with its first column's name repeated, padded, as one more column (`model,...` -> `model,..., model `)."""
    lines = data.decode("utf-8-sig").splitlines()
    first = next(csv.reader([lines[0]]))[0]
    return "\n".join([f"{lines[0]}, {first} ", *(f"{line},x" for line in lines[1:])]).encode()


def _each_csv(files: dict[str, bytes], change) -> dict[str, bytes]:
    """The source's files with `change` applied to every CSV, inside a zip archive too (epoch-ai's)."""
    out_files = dict(files)
    for name, data in files.items():
        if name.endswith(".csv"):
            out_files[name] = change(data)
        elif name.endswith(".zip"):
            source = zipfile.ZipFile(io.BytesIO(data))
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as target:
                for info in source.infolist():
                    body = source.read(info)
                    target.writestr(info.filename, change(body) if info.filename.endswith(".csv") else body)
            out_files[name] = out.getvalue()
    return out_files


@pytest.mark.parametrize("source_id", ["lmarena", "livebench", "open-llm-leaderboard", "epoch-ai"])
def test_a_header_naming_a_column_twice_once_trimmed_is_a_parse_error(source_id):
    """Found by Hypothesis (epoch-ai: two blank column names): every CSV's header is trimmed, and two names that
    trim to one are refused with the file and the name, not a crash of the frame build."""
    files = _each_csv(SHIPPED[source_id], _csv_with_header_twice)
    with pytest.raises(SourceParseError, match="one name once trimmed"):
        SOURCES[source_id].parse(files, CTX[source_id])


def _csv_with_header_cell(data: bytes, column: int, name: str) -> bytes:
    """The CSV with the name of its `column`-th column replaced by `name`."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    rows[0][column] = name
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode()


@pytest.mark.parametrize("name", ["*", "^.*$", " * "])
@pytest.mark.parametrize("source_id", ["lmarena", "livebench", "open-llm-leaderboard", "epoch-ai"])
def test_a_header_that_polars_reads_as_a_pattern_is_a_parse_error(source_id, name):
    """Found by Hypothesis (epoch-ai: a column named `*`, which `pl.col` reads as every column, so the raw row's
    struct named every column twice): a header polars would read as a pattern is refused with the file and the
    name, not a crash of the frame build and never a selection of other columns."""
    files = _each_csv(SHIPPED[source_id], lambda body: _csv_with_header_cell(body, 2, name))
    with pytest.raises(SourceParseError, match="patterns, not names") as err:
        SOURCES[source_id].parse(files, CTX[source_id])
    assert source_id in str(err.value) and "'" + name.strip() in str(err.value)
