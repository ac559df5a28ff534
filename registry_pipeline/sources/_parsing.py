"""Parsing helpers shared by the source modules (not a source: the leading underscore keeps it out of
discovery in `registry_pipeline.sources`).

Two kinds of failure, as `base` describes them:

* a whole payload cannot be read (file missing, body not JSON/YAML, wrong top-level shape) ->
  `SourceParseError` naming the source, the file and the field (`require_file`, `load_json`, `load_yaml`);
* one row cannot be read -> `RowError` naming the field, which the source turns into a reject row
  (`reject`). The typed getters (`field`, `number`, `text`, `sub_object`, `str_list`) raise it.

`where` is a prefix for the field name in messages, e.g. `where="limit."` gives `field 'limit.context'`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter
from typing import Any

import orjson
import polars as pl
import yaml

from registry_pipeline.sources.base import SourceParseError

# libyaml's parser (PyYAML's wheels ship it): the same safe constructor, about 5x faster than the pure-Python one
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class RowError(ValueError):
    """One row cannot be read; the source turns it into a reject whose reason is this message."""


# --- typed field getters: a missing key or null is None, a value of the wrong type is a RowError ---


# a router picks another model per request (OpenRouter's `openrouter/auto`, Kilo's `kilo/auto`, Morph's `auto`,
# Azure's `model-router`, `switchpoint/router` "Switchpoint Router", Abacus' `route-llm`, its RouteLLM): a listing of
# it is no model's
_ROUTER_ID = re.compile(r"(^|/)(auto|router|model-router|route-llm)$")


def check_not_router(model_id: str, name: str) -> None:
    """A RowError when the listing `model_id` named `name` is a router rather than a model."""
    if _ROUTER_ID.search(model_id.split(":", 1)[0].lower()) or name.endswith(" Router"):
        raise RowError(f"{model_id!r} ({name!r}) is a router that forwards to other models, not a model")


def _kind_names(kinds: tuple[type, ...]) -> str:
    return "/".join(k.__name__ for k in kinds)


def shown(value: Any, limit: int = 60) -> str:
    """A value as it appears in a message: its repr, cut to `limit` characters."""
    text_ = repr(value)
    return text_ if len(text_) <= limit else text_[: limit - 3] + "..."


def is_number(value: Any) -> bool:
    """An int or float, but not a bool (bool is an int subclass)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def field(obj: dict[str, Any], key: str, kinds: tuple[type, ...], *, where: str = "") -> Any:
    """`obj[key]` if it is one of `kinds`, None when missing/null.

    bool is never accepted where a number is expected (nor an int where a bool is), although
    `isinstance(True, int)` holds.
    """
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) and bool not in kinds:
        raise RowError(f"field {where + key!r}: expected {_kind_names(kinds)}, got bool ({shown(value)})")
    if not isinstance(value, kinds):
        raise RowError(f"field {where + key!r}: expected {_kind_names(kinds)}, got {type(value).__name__} ({shown(value)})")
    return value


def number(obj: dict[str, Any], key: str, *, where: str = "") -> float | None:
    """`obj[key]` as a float (int or float, not bool), None when missing/null."""
    value = obj.get(key)
    if value is None:
        return None
    if not is_number(value):
        raise RowError(f"field {where + key!r}: expected a number, got {type(value).__name__} ({shown(value)})")
    return float(value)


INT64_MAX = 2**63 - 1


def count(obj: dict[str, Any], key: str, *, where: str = "") -> int | None:
    """`obj[key]` as a whole number that fits a 64-bit integer (a token count, a limit), None when
    missing/null; `1e30`, `-1.5`, `inf` or a string is a RowError naming the value."""
    value = number(obj, key, where=where)
    if value is None:
        return None
    if not math.isfinite(value) or value != int(value) or abs(value) > INT64_MAX:
        raise RowError(f"field {where + key!r}: expected a whole number, got {shown(obj.get(key))}")
    return int(value)


class FieldIssues:
    """Bad optional values of one row. `get` calls a getter and, on a RowError, records the message and
    returns None: the row is kept with that field null and the source adds one reject per message."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def get(self, getter: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return getter(*args, **kwargs)
        except RowError as exc:
            self.messages.append(f"{exc}; the field is set to null, the row is kept")
            return None


def text(obj: dict[str, Any], key: str, *, where: str = "") -> str | None:
    """`obj[key]` stripped, None when missing/null/blank."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RowError(f"field {where + key!r}: expected str, got {type(value).__name__} ({shown(value)})")
    return value.strip() or None


def sub_object(obj: dict[str, Any], key: str, *, where: str = "") -> dict[str, Any]:
    """`obj[key]` if it is an object, `{}` when missing/null."""
    value = obj.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RowError(f"field {where + key!r}: expected an object, got {type(value).__name__} ({shown(value)})")
    return value


def str_list(obj: dict[str, Any], key: str, *, where: str = "") -> list[str] | None:
    """`obj[key]` if it is a list of strings, None when missing/null."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RowError(f"field {where + key!r}: expected a list of strings, got {shown(value)}")
    return value


# --- values ---


def iso_date(value: Any) -> dt.date | None:
    """A full `YYYY-MM-DD` string (surrounding blanks allowed) or a date/datetime (as YAML gives them)
    as a date; anything else (`"2025-04"`, `"20250401"`, a number, None) is None. Never invents a day."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    stripped = value.strip()
    if not _ISO_DATE.fullmatch(stripped):
        return None
    try:
        return dt.date.fromisoformat(stripped)
    except ValueError:  # "2025-02-30"
        return None


def raw_json(value: Any) -> str:
    """`value` as compact JSON with sorted keys: the `raw_row` of a record or reject.

    Non-string keys and values JSON cannot hold (YAML dates, ...) are written as `str()`.
    """
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS, default=str).decode()
    except (orjson.JSONEncodeError, TypeError):  # an integer past 64 bits (orjson's limit): the stdlib writes it
        try:
            return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
        except (TypeError, ValueError, RecursionError):  # keys of mixed types, a YAML alias cycle: its repr, as a string
            return json.dumps(repr(value)[:10_000], ensure_ascii=False)


def reject(source_id: str, reason: str, raw: Any) -> dict[str, Any]:
    """A parse-stage reject row (shaped like `REJECT_COLUMNS`) for the unreadable `raw` value."""
    return {"source_id": source_id, "stage": "parse", "reason": reason, "raw_row": raw_json(raw)}


# --- whole payloads: failures are SourceParseError(source_id, file name, field, reason) ---


def require_file(files: dict[str, bytes], source_id: str, name: str, *, field: str = "<file>") -> bytes:
    """The bytes of file `name` of the snapshot."""
    if name not in files:
        raise SourceParseError(source_id, name, field, "file missing from snapshot")
    return files[name]


def _expect(body: Any, source_id: str, name: str, field: str, kind: type | None, what: str) -> Any:
    if kind is not None and not isinstance(body, kind):
        raise SourceParseError(source_id, name, field, f"expected {what}, got {type(body).__name__}")
    return body


def load_json(
    data: bytes, source_id: str, name: str, field: str, *, kind: type | None = None, what: str = ""
) -> Any:
    """Decode JSON `data` (file `name`); with `kind`, the top level must be that type, described as `what`
    ("an object of providers") in the error."""
    try:
        body = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise SourceParseError(source_id, name, field, f"not valid JSON: {exc}") from None
    return _expect(body, source_id, name, field, kind, what)


def load_yaml(
    data: bytes, source_id: str, name: str, field: str, *, kind: type | None = None, what: str = ""
) -> Any:
    """Decode YAML `data` (file `name`, safe loader); `kind` and `what` as in `load_json`."""
    try:
        body = yaml.load(data, Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        raise SourceParseError(source_id, name, field, f"not valid YAML: {exc}") from None
    return _expect(body, source_id, name, field, kind, what)


def model_frame(rows: list[dict[str, Any]], as_of: dt.date) -> pl.DataFrame:
    """Model-record rows (dicts with any subset of the contract's columns) as a frame with exactly
    `MODEL_RECORD_COLUMNS`: a column a row does not give is null, `as_of_date` is `as_of`."""
    from registry_pipeline.schemas.contracts import MODEL_RECORD_COLUMNS

    schema = {k: v for k, v in MODEL_RECORD_COLUMNS.items() if k != "as_of_date"}
    frame = pl.DataFrame(rows, schema=schema, strict=False).with_columns(as_of_date=pl.lit(as_of, pl.Date))
    return frame.select([pl.col(c).cast(t) for c, t in MODEL_RECORD_COLUMNS.items()])


def polars_pattern(name: str) -> bool:
    """Whether polars reads `name` as a pattern rather than a name in `pl.col`: `*` is every column and
    `^...$` a regular expression (`pl.col("^b.*$")` selects `bc`, never a column of that name)."""
    return name == "*" or (len(name) > 1 and name.startswith("^") and name.endswith("$"))


def stripped_header(frame: pl.DataFrame, source_id: str, file: str) -> pl.DataFrame:
    """`frame` with its column names trimmed of blanks; names that trim to one name (`a` and ` a `, or two
    blank names) are a SourceParseError naming them, never a crash. So is a name polars would read as a
    pattern (`polars_pattern`): no source's header has one, and selecting it would select other columns."""
    names = [c.strip() for c in frame.columns]
    twice = sorted(n for n, k in Counter(names).items() if k > 1)
    if twice:
        raise SourceParseError(source_id, file, "<header>", f"column names that are one name once trimmed of blanks: {twice}")
    patterns = [n for n in names if polars_pattern(n)]
    if patterns:
        raise SourceParseError(source_id, file, "<header>", f"column names that are patterns, not names (every column, a regular expression): {patterns}")
    return frame.rename(dict(zip(frame.columns, names)))
