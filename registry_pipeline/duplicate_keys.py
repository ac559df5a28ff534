"""Duplicate keys in a source's JSON: detected before parsing, never resolved silently.

JSON parsers (orjson included) keep the last of two values under one key, so `{"score": 91, "score": 12}`
would publish 12 without a trace. Before a source parses a snapshot, every JSON file is scanned:

* a row with a duplicate key anywhere inside it is removed and becomes a reject naming the source, the
  file, the path, the key and both values; the rest of the file parses as usual;
* a duplicate key in the envelope (outside any row) makes the whole file unreadable: `SourceParseError`.

A *row* is the nearest element of a collection around the duplicate: an element of a list, or a value
of an object whose values are all objects (a keyed collection such as models.dev's providers and models).
Files that are not JSON, or JSON the source's own parser would refuse anyway (NaN, invalid syntax), are
left for that parser to judge.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from registry_pipeline.sources._parsing import raw_json, shown
from registry_pipeline.sources.base import SourceParseError


class _Duplicated(dict):
    """An object that had repeated keys: `repeats` maps each such key to every value it was given."""

    repeats: dict[str, list[Any]]


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _load(data: bytes) -> tuple[Any, bool]:
    """(body, has duplicates) with the stdlib decoder, keeping every value of a repeated key."""
    found = False

    def hook(pairs: list[tuple[str, Any]]) -> dict:
        nonlocal found
        obj = dict(pairs)
        if len(obj) == len(pairs):
            return obj
        found = True
        dup = _Duplicated(obj)
        dup.repeats = {}
        for key, value in pairs:
            dup.repeats.setdefault(key, []).append(value)
        dup.repeats = {k: v for k, v in dup.repeats.items() if len(v) > 1}
        return dup

    return json.loads(data, object_pairs_hook=hook, parse_constant=_no_constants), found


def _is_collection(container: Any) -> bool:
    if isinstance(container, list):
        return True
    return isinstance(container, dict) and bool(container) and all(isinstance(v, dict) for v in container.values())


def _path_text(path: list[Any]) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _duplicates(node: Any, path: list[Any], out: list[tuple[list[Any], _Duplicated]]) -> None:
    if isinstance(node, _Duplicated):
        out.append((path, node))
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                _duplicates(value, [*path, key], out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, (dict, list)):
                _duplicates(value, [*path, i], out)


def _row_of(body: Any, path: list[Any]) -> int | None:
    """How many steps of `path` lead to the row holding it (the deepest collection element), None when
    no collection encloses it (the envelope)."""
    nodes = [body]
    for step in path:
        nodes.append(nodes[-1][step])
    for depth in range(len(path), 0, -1):
        if _is_collection(nodes[depth - 1]):
            return depth
    return None


def without_duplicate_keys(files: dict[str, bytes], source_id: str) -> tuple[dict[str, bytes], list[dict[str, Any]]]:
    """`files` with every row that repeats a key removed (as JSON re-serialised by orjson; files with no
    repeated key are returned untouched), and one reject row (REJECT_COLUMNS) per removed row.
    Raises SourceParseError when the envelope of a file repeats a key."""
    out, rejects = dict(files), []
    for name, data in files.items():
        if not data.lstrip()[:1] in (b"{", b"["):
            continue
        try:
            body, found = _load(data)
        except (ValueError, RecursionError):
            continue  # not JSON this scan can read: the source's parser reports it
        if not found:
            continue
        dups: list[tuple[list[Any], _Duplicated]] = []
        try:
            _duplicates(body, [], dups)
        except RecursionError:
            continue  # nested deeper than any parser here reads: the source's parser reports it
        rows: dict[tuple, list[str]] = {}
        for path, obj in dups:
            depth = _row_of(body, path)
            key, values = next(iter(obj.repeats.items()))
            what = f"duplicate key {key!r} at {_path_text(path)} (values {', '.join(shown(v, 40) for v in values)})"
            if depth is None:
                raise SourceParseError(source_id, name, _path_text([*path, key]), f"{what}: the file's envelope is ambiguous")
            rows.setdefault(tuple(path[:depth]), []).append(what)
        # deepest and last rows first, so that removing one never shifts the path of another
        for row_path in sorted(rows, key=lambda p: (len(p), [str(s).zfill(12) if isinstance(s, int) else s for s in p]), reverse=True):
            parent = body
            for step in row_path[:-1]:
                parent = parent[step]
            row = parent[row_path[-1]]
            del parent[row_path[-1]]
            reason = f"{source_id}: {name}: {'; '.join(rows[row_path])}; the row at {_path_text(list(row_path))} is rejected"
            rejects.append({"source_id": source_id, "stage": "parse", "reason": reason, "raw_row": raw_json(row)})
        try:
            out[name] = orjson.dumps(body)
        except (orjson.JSONEncodeError, TypeError) as exc:
            raise SourceParseError(source_id, name, "<file>", f"cannot re-serialise after removing rows with duplicate keys: {exc}") from None
    return out, rejects
