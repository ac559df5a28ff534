"""Benchmark data: every source's real recording scaled up K-fold in its own wire format, and a year of
daily snapshots. Used by `make bench`; never by the product.

`write_scaled(data_dir, K)` lands one raw snapshot per source in `data_dir/raw` (through `RawStore`, as a
fetch or `registry-pipeline record` lands one) whose files are the source's recording with every model
row copied K-1 times: JSON, YAML, CSV, the llm-stats tarball and the Epoch AI zip keep their format, so
the real parsers read them. `write_history(data_dir, days)` lands one snapshot per source and day, each
a copy of the day before with a few scores moved and, now and then, a model added or dropped.

Copy k (k = 1..K-1; copy 0 is the recording) of a model row is another model: every model id, name,
slug, repo or URL naming it gets the word `token(k)` ("atlas", "lumen", ...) right after the first word
of its model part (`gpt-4o-2024-08-06` -> `gpt-atlas-4o-2024-08-06`, `Claude 3.5 Sonnet (20241022)` ->
`Claude Atlas 3.5 Sonnet (20241022)`, `meta-llama/Meta-Llama-3.1-8B` -> `meta-llama/Meta-Llama-Atlas-3.1-8B`).
The rule is a pure function of the string, so a model is renamed the same way in every file of every
source, and the parts identity reads (provider prefixes, the maker's leading word, trailing dates, run
settings and "(latest)") stay where they were: copy k resolves across sources as the original does,
except through the curated catalog (`catalog/model_aliases.csv`, `alias_history.csv`), which names the
real models only. Maker names, benchmark names and column headers are never touched. Each copy's scores
(and the metadata sources' prices) get a little noise: a few per cent, inside the value's range, same
type and decimals. The hints per source (`HINTS`: where the rows are, which keys name a model or hold a
score) are data; the llm-stats tree and tau2-bench's submission files have their own small classes.

Sources that cannot grow: `huggingface-hub` reads a fixed list of repo files and the two model cards
(`deepseek-v3-card`, `kimi-k2-card`) read a fixed set of configured tables and model columns; they are
landed as recorded at any K (see `NOT_SCALABLE`). llm-stats' tarball unpacks to ~2.2 MB per K (215 MiB at
100x): past ~119x it exceeds the parser's 256 MiB cap (`llm_stats.MAX_ARCHIVE_BYTES`) and is refused whole.

Recordings come from `../shared/snapshots/<source>/` (`REGISTRY_SHARED_SNAPSHOTS` moves it); a source
without one uses its shipped hand-made snapshot in `data/raw/<source>/`. Nothing is copied into the
repository: the output goes to the data dir given.

    .venv/bin/python -m registry_pipeline_tests.synthetic scaled /tmp/bench-data 10
    .venv/bin/python -m registry_pipeline_tests.synthetic history /tmp/bench-data 365
"""

from __future__ import annotations

import csv
import datetime as dt
import fnmatch
import gzip
import io
import json
import math
import os
import random
import re
import sys
import tarfile
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import orjson
import yaml

from registry_pipeline.raw_store import FetchedFile, RawStore
from registry_pipeline.recording import files_for
from registry_pipeline.sources import Source, all_sources

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
_CANDIDATES = [
    Path(p) for p in (os.environ.get("REGISTRY_SHARED_SNAPSHOTS"), REPO.parent / "shared" / "snapshots") if p
]
SHARED_SNAPSHOTS = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])

# a source whose recording lives under another folder name: (folder, {spec file name: path in the folder})
RECORDING_FOLDERS: dict[str, tuple[str, dict[str, str]]] = {
    "deepseek-v3-card": ("vendor-model-cards/deepseek-v3", {"README.md": "README.md"}),
    "kimi-k2-card": ("vendor-model-cards/kimi-k2", {"README.md": "README.md"}),
}
NOT_SCALABLE: dict[str, str] = {
    "huggingface-hub": "its parser reads only the spec's fixed list of repo files (one model per file)",
    "deepseek-v3-card": "its parser reads the configured tables and model columns only; another column is a reject",
    "kimi-k2-card": "its parser reads the configured tables and model columns only; another column is a reject",
}
# payloads that change rarely (a curator's new file, a model card edit): a new version every ~30 days
RARE_SOURCES = frozenset({"huggingface-hub", "deepseek-v3-card", "kimi-k2-card"})
RARE_EVERY_DAYS = 30
COPY_NOISE = 0.03  # relative standard deviation of a copy's scores
ADD_CHANCE, DROP_CHANCE = 0.12, 0.06  # per day and source: a model row added / dropped
ADDED_K = 1000  # copies numbered from here are the models history adds (scale copies stay below)

# ---------------------------------------------------------------------------------------------------
# renaming: copy k of a model


WORDS: tuple[str, ...] = (
    "atlas", "lumen", "vega", "orion", "cobalt", "ember", "quill", "sable", "tundra", "willow", "breeze", "cedar",
    "fjord", "garnet", "harbor", "indigo", "kestrel", "lagoon", "nimbus", "onyx", "prism", "quartz", "raven", "wren",
    "zenith", "talon", "yarrow", "umber", "basalt", "cirrus", "dune", "elm", "flint", "glacier", "heron", "iris",
)  # no maker hint, family, run setting, month or host among them (catalog/makers.csv, identity.VARIANT_SUFFIX)


def token(k: int) -> str:
    """The word of copy k >= 1: `atlas`, `lumen`, ..., then `atlas2`, `lumen2`, ..."""
    if k < 1:
        raise ValueError(f"copy {k} has no token (copy 0 is the original)")
    word, lap = WORDS[(k - 1) % len(WORDS)], (k - 1) // len(WORDS)
    return word if lap == 0 else f"{word}{lap + 1}"


# maker namespaces written before a model's name: Bedrock's `anthropic.claude-...`, ARC Prize's
# `anthropic-claude-...`, Hugging Face's `Meta-Llama-...`
_NAMESPACE = re.compile(
    r"(?i)^(?:(?:[a-z]{2}\.)?(?:anthropic|meta|amazon|cohere|mistral|ai21|deepseek|openai|qwen|writer|google|xai|"
    r"moonshot|moonshotai|minimax|nvidia|zai|twelvelabs|stability)\.|(?:anthropic|openai|google|xai|meta)[-_ ](?=[A-Za-z]))"
)
_ALPHA = re.compile(r"[A-Za-z]+")


def _insert(body: str, tok: str) -> str:
    """`tok` after the first word of a model name (a one-letter word keeps its number: `o3`)."""
    ns = _NAMESPACE.match(body)
    word = _ALPHA.search(body, ns.end() if ns else 0)
    spaced = " " in body and "-" not in body
    sep = " " if spaced else "-"
    if word is None:
        return f"{body}{sep}{tok}"
    start, end = word.span()
    if end - start == 1:  # o1, o3, r1: the letter and its number are one word
        while end < len(body) and body[end].isdigit():
            end += 1
    tok = tok if body[start].islower() else tok.capitalize()
    rest = body[end:]
    if not rest:
        return f"{body}{sep}{tok}"
    if rest[0] in " -_":
        return f"{body[:end]}{rest[0]}{tok}{rest}"
    if rest[0].isdigit():  # Qwen2.5 -> Qwen-Atlas-2.5 (as qwen-2.5 -> qwen-atlas-2.5)
        return f"{body[:end]}{sep}{tok}{sep}{rest}"
    return f"{body[:end]}{sep}{tok}{rest}"


def rename(name: Any, k: int) -> Any:
    """Copy k's spelling of a model name or id; the same string always gives the same result.

    Prefixes that name a maker or a host stay (`anthropic/`, `Anthropic: `, `org--` of `org--repo`,
    `anthropic.` of Bedrock ids), the word goes after the model's first word, and everything after
    it (versions, dates, run settings, `:free`, `(latest)`) is kept. `A + B` pairs rename both."""
    if k == 0 or not isinstance(name, str) or not name.strip():
        return name
    if " + " in name:
        return " + ".join(rename(part, k) for part in name.split(" + "))
    core = name.strip()
    lead = name[: len(name) - len(name.lstrip())]
    trail = name[len(name.rstrip()):]
    cut = 0
    colon = core.find(": ")
    if colon >= 0:
        cut = colon + 2
    slash = core.rfind("/")
    if slash >= cut:
        cut = slash + 1
    else:
        dashes = core.rfind("--")
        if dashes > cut:
            cut = dashes + 2
    if cut >= len(core):
        return f"{name}-{token(k)}"
    return lead + core[:cut] + _insert(core[cut:], token(k)) + trail


_PARENS = re.compile(r"(\([^()]*\))")
_SETTING_WORDS = frozenset({
    "low", "medium", "high", "xhigh", "minimal", "max", "reasoning", "thinking", "think", "no", "non", "effort",
    "bash-only", "bash", "only", "chat", "reasoner", "preview", "default", "w/o", "with", "tools", "temperature",
})


def _names_model(inner: str) -> bool:
    words = re.findall(r"[A-Za-z][A-Za-z/-]*", inner)
    return bool(re.search(r"\d", inner)) and any(len(w) > 1 for w in words) and not all(
        w.lower() in _SETTING_WORDS for w in words
    )


def rename_composite(name: Any, k: int) -> Any:
    """An agent system's name (`OpenHands + CodeAct v2.1 (claude-3-5-sonnet-20241022)`): the text outside
    parentheses and every parenthesised model renamed; dates and run settings in parentheses kept."""
    if k == 0 or not isinstance(name, str) or not name.strip():
        return name
    out = []
    for part in _PARENS.split(name):
        if part.startswith("(") and part.endswith(")"):
            inner = part[1:-1]
            out.append(f"({rename(inner, k)})" if _names_model(inner) else part)
        elif part.strip():
            out.append(rename(part, k))
        else:
            out.append(part)
    return "".join(out)


_HF_URL = re.compile(r"^(https?://(?:www\.)?(?:huggingface\.co|hf\.co)/)([\w.-]+)/([\w.-]+)(.*)$", re.S)
_HF_SECTIONS = frozenset({"datasets", "spaces", "papers", "collections", "docs", "blog", "models", "organizations", "api"})
_QUERY_MODEL = re.compile(r"([?&]model=)([^&#]+)")
_XAI_PAGE = re.compile(r"^(https?://docs\.x\.ai/docs/models/)([^/?#]+)$")


def rename_url(url: Any, k: int) -> Any:
    """A link that names a model (a Hugging Face repo, an AI Studio `?model=`, an xAI model page) names copy k."""
    if k == 0 or not isinstance(url, str):
        return url
    m = _HF_URL.match(url)
    if m and m.group(2).lower() not in _HF_SECTIONS:
        return f"{m.group(1)}{m.group(2)}/{rename(m.group(3), k)}{m.group(4)}"
    if _QUERY_MODEL.search(url):
        return _QUERY_MODEL.sub(lambda q: q.group(1) + rename(q.group(2), k), url)
    m = _XAI_PAGE.match(url)
    if m:
        return m.group(1) + rename(m.group(2), k)
    return url


def scramble(value: Any, k: int) -> Any:
    """An opaque id (a run id, an Airtable record id) for copy k: same length and character classes."""
    if k == 0 or not isinstance(value, str) or not value:
        return value
    rng = random.Random(f"{value}/{k}")
    out = []
    for ch in value:
        if ch.isdigit():
            out.append(str(rng.randrange(10)))
        elif "a" <= ch <= "z":
            out.append(chr(97 + rng.randrange(26)))
        elif "A" <= ch <= "Z":
            out.append(chr(65 + rng.randrange(26)))
        else:
            out.append(ch)
    return "".join(out)


# a field's kind -> how copy k rewrites it: fn(value, k, renames) with `renames` the row's
# original -> new strings so far (row keys and references reuse them)
def _kind_name(value: Any, k: int, renames: dict[str, str]) -> Any:
    new = rename(value, k)
    if isinstance(value, str) and new != value:
        renames[value] = new
    return new


def _kind_composite(value: Any, k: int, renames: dict[str, str]) -> Any:
    new = rename_composite(value, k)
    if isinstance(value, str) and new != value:
        renames[value] = new
    return new


def _kind_tags(value: Any, k: int, renames: dict[str, str]) -> Any:
    """SWE-bench tags: `Model: <id>` entries renamed, `Org:`/`System:` kept."""
    if not isinstance(value, list):
        return value
    out = []
    for tag in value:
        if isinstance(tag, str) and tag.startswith("Model:"):
            inner = tag[len("Model:"):].strip()
            renames[inner] = rename(inner, k)
            out.append(tag[: len(tag) - len(tag[len("Model:"):].lstrip())] + renames[inner])
        else:
            out.append(tag)
    return out


def _kind_names(value: Any, k: int, renames: dict[str, str]) -> Any:
    return [_kind_name(v, k, renames) for v in value] if isinstance(value, list) else _kind_name(value, k, renames)


_MODEL_FLAG = re.compile(r"(--(?:editor-)?model(?:=|\s+))([^\s#'\"]+)")


def _kind_command(value: Any, k: int, renames: dict[str, str]) -> Any:
    """`aider --model openrouter/x-ai/grok-4`: the model after `--model` / `--editor-model`."""
    if not isinstance(value, str):
        return value
    return _MODEL_FLAG.sub(lambda m: m.group(1) + _kind_name(m.group(2), k, renames), value)


def _kind_url(value: Any, k: int, renames: dict[str, str]) -> Any:
    return rename_url(value, k)


def _kind_key(value: Any, k: int, renames: dict[str, str]) -> Any:
    """A row's unique key (`20251124_mini-v1.16.0_claude-opus-4-5-20251101`, aider's dirname): the
    model names it contains renamed, else the copy's word appended."""
    if not isinstance(value, str) or not value:
        return value
    new = None
    for orig in sorted(renames, key=len, reverse=True):
        if len(orig) > 2 and orig in value:
            new = value.replace(orig, renames[orig])
            break
    if new is None:
        sep = "_" if "_" in value and "-" not in value else "-"
        new = f"{value}{sep}{token(k)}"
    renames[value] = new
    return new


def _kind_ref(value: Any, k: int, renames: dict[str, str]) -> Any:
    """A string that mentions the row's names or keys (a link to its logs): the same replacements."""
    if not isinstance(value, str):
        return value
    for orig in sorted(renames, key=len, reverse=True):
        if len(orig) > 2 and orig in value:
            value = value.replace(orig, renames[orig])
    return value


def _kind_uuid(value: Any, k: int, renames: dict[str, str]) -> Any:
    if not isinstance(value, str):
        return value
    try:
        space = uuid.UUID(value)
    except ValueError:
        space = uuid.NAMESPACE_URL
    return str(uuid.uuid5(space, f"{value}/{k}"))


def _kind_scramble(value: Any, k: int, renames: dict[str, str]) -> Any:
    return scramble(value, k)


KINDS: dict[str, Callable[[Any, int, dict[str, str]], Any]] = {
    "name": _kind_name, "names": _kind_names, "composite": _kind_composite, "tags": _kind_tags, "cmd": _kind_command,
    "url": _kind_url, "key": _kind_key, "ref": _kind_ref, "uuid": _kind_uuid, "scramble": _kind_scramble,
}

# ---------------------------------------------------------------------------------------------------
# numbers: noise for copies, small moves for history

_NUM_TEXT = re.compile(r"^\s*-?\d+(?:\.(\d+))?\s*$")


def _number(value: Any) -> tuple[float, int, str] | None:
    """(value, decimals, type) of a score as the file writes it: an int, a float or a numeric string."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        text = repr(value)
        dot = text.find(".")
        decimals = 12 if "e" in text else (len(text) - dot - 1 if dot >= 0 else 0)
        return value, min(decimals, 15), "float"
    if isinstance(value, str):
        if not value or not (value[0].isdigit() or value[0] == "-") or not _NUM_TEXT.match(value):
            return None
        dot = value.find(".")
        return float(value), (len(value.rstrip()) - dot - 1 if dot >= 0 else 0), "str"
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value), 0, "int"
    return None


def _written(x: float, decimals: int, kind: str) -> Any:
    if kind == "int":
        return int(round(x))
    if kind == "float":
        return round(x, decimals)
    return f"{x:.{decimals}f}"


def _bounds(x: float, hi: Any) -> tuple[float | None, float | None]:
    if hi == "auto":
        hi = 1.0 if x <= 1 else 100.0 if x <= 100 else None
    return 0.0, hi


def _clip(x: float, lo: float | None, hi: float | None) -> float:
    if lo is not None and x < lo:
        x = lo
    if hi is not None and x > hi:
        x = hi
    return x


def _movable(x: float, hi: Any) -> bool:
    """A value that may move: not negative (OpenRouter's "-1" means variable), and an unbounded 0 (a
    free price) stays 0."""
    return x > 0 or (x == 0 and hi is not None)


def _scaled(value: Any, factor: float, hi: Any) -> Any:
    num = _number(value)
    if num is None or not _movable(num[0], hi):
        return value
    x, decimals, kind = num
    lo, top = _bounds(x, hi)
    return _written(_clip(x * factor, lo, top), decimals, kind)


def _moved(values: list[Any], rng: random.Random, hi: Any) -> list[Any]:
    """A day's move of a group of values that move together: +/- 0.5-4 %, and at least one unit of the
    last decimal, so that the value written does change."""
    sign = rng.choice((-1.0, 1.0))
    factor = 1.0 + sign * rng.uniform(0.005, 0.04)
    out = [_scaled(v, factor, hi) for v in values]
    if out and out[0] == values[0]:
        num = _number(values[0])
        if num is not None and _movable(num[0], hi):
            x, decimals, kind = num
            unit = 10.0 ** -decimals
            lo, top = _bounds(x, hi)
            for step in (sign * unit, -sign * unit):
                y = _clip(x + step, lo, top)
                if _written(y, decimals, kind) != values[0]:
                    out[0] = _written(y, decimals, kind)
                    break
    return out


# ---------------------------------------------------------------------------------------------------
# paths inside a row: tuples of keys, "*" = every key or index at that level


def _clone(obj: Any, paths: list[tuple]) -> Any:
    """`obj` with every container on one of `paths` copied (the rest shared): a row that may be edited."""
    if not isinstance(obj, (dict, list)):
        return obj
    new: Any = dict(obj) if isinstance(obj, dict) else list(obj)
    heads: dict[Any, list[tuple]] = {}
    for p in paths:
        if len(p) > 1:
            heads.setdefault(p[0], []).append(p[1:])
    if heads:
        keys = new.keys() if isinstance(new, dict) else range(len(new))
        for key in list(keys):
            tails = heads.get(key, []) + heads.get("*", [])
            if tails:
                new[key] = _clone(new[key], tails)
    return new


def _leaves(obj: Any, path: tuple) -> Iterator[tuple[Any, Any]]:
    """(parent, key) of every value at `path` that exists."""
    head, rest = path[0], path[1:]
    if isinstance(obj, dict):
        keys = list(obj) if head == "*" else ([head] if head in obj else [])
    elif isinstance(obj, list):
        keys = list(range(len(obj))) if head == "*" else ([head] if isinstance(head, int) and head < len(obj) else [])
    else:
        return
    for key in keys:
        if rest:
            yield from _leaves(obj[key], rest)
        else:
            yield obj, key


def _first(obj: Any, path: tuple) -> Any:
    for parent, key in _leaves(obj, path):
        value = parent[key]
        return tuple(value) if isinstance(value, list) else value
    return None


@dataclass(frozen=True)
class Rows:
    """Where a file's model rows are and what in a row names a model or holds a score (a source's hints)."""

    file: str  # file name in the snapshot (fnmatch pattern; zip members as `<zip>:<member>`)
    at: tuple = ()  # path to the container(s) of rows in the file: a list, or a dict keyed by model
    key: str | None = None  # a dict container: the kind of its keys ("name")
    fields: tuple[tuple[tuple, str], ...] = ()  # (path, kind) rewritten per copy, in this order
    scores: tuple[tuple[tuple, Any], ...] = ()  # (path, upper bound: 1, 100, None or "auto")
    ident: tuple | None = None  # the value naming a row's model (default: the key, else the first field)
    skip: frozenset = frozenset()  # keys of a dict container that are not model rows
    linked: bool = False  # the scores of one object move together (score/normalized_score, pass^1..4)


def _copy_row(row: Any, spec: Rows, k: int, rng: random.Random, renames: dict[str, str] | None = None) -> Any:
    new = _clone(row, [p for p, _ in spec.fields] + [p for p, _ in spec.scores])
    renames = {} if renames is None else renames
    for path, kind in spec.fields:
        fn = KINDS[kind]
        for parent, key in list(_leaves(new, path)):
            parent[key] = fn(parent[key], k, renames)
    for parent, keys, hi in _score_groups(new, spec, check=False):  # a value that is no number stays as it is
        if spec.linked:
            factor = 1.0 + rng.gauss(0.0, COPY_NOISE)
            for key in keys:
                parent[key] = _scaled(parent[key], factor, hi)
        else:
            for key in keys:
                parent[key] = _scaled(parent[key], 1.0 + rng.gauss(0.0, COPY_NOISE), hi)
    return new


def _score_groups(row: Any, spec: Rows, check: bool = True) -> list[tuple[Any, list, Any]]:
    """(parent, keys, bound) of a row's scores (numbers only when `check`); with `linked`, one group
    per parent object."""
    groups: list[tuple[Any, list, Any]] = []
    by_parent: dict[int, tuple[Any, list, Any]] = {}
    for path, hi in spec.scores:
        for parent, key in _leaves(row, path):
            if check:
                num = _number(parent[key])
                if num is None or not _movable(num[0], hi):
                    continue
            if spec.linked:
                group = by_parent.get(id(parent))
                if group is None:
                    group = by_parent[id(parent)] = (parent, [], hi)
                    groups.append(group)
                group[1].append(key)
            else:
                groups.append((parent, [key], hi))
    return groups


# ---------------------------------------------------------------------------------------------------
# documents: one file (or zip member) as data, written back in its own style


class Doc:
    dirty = False

    def dump(self) -> bytes:
        raise NotImplementedError


class RawDoc(Doc):
    def __init__(self, data: bytes):
        self.data = data

    def dump(self) -> bytes:
        return self.data


_INDENT = re.compile(rb"\n( +)\S")
_LEADING = re.compile(rb"(?m)^ +")


class JsonDoc(Doc):
    """A JSON file; written with its indentation (none, 2 or 4 spaces) and final newline."""

    def __init__(self, data: bytes | None = None, body: Any = None, style: tuple[int | None, bool] = (2, True)):
        if data is not None:
            self.body = orjson.loads(data)
            m = _INDENT.search(data[:8192])
            style = (len(m.group(1)) if m else None, data.endswith(b"\n"))
        else:
            self.body = body
        self.style = style
        self.original = data

    def dump(self) -> bytes:
        if not self.dirty and self.original is not None:
            return self.original
        return dump_json(self.body, self.style)


def dump_json(body: Any, style: tuple[int | None, bool]) -> bytes:
    indent, newline = style
    try:  # one buffer: a 100x file is hundreds of MB, so no copy is made to add the newline
        out = orjson.dumps(body, option=(orjson.OPT_INDENT_2 if indent else 0) | (orjson.OPT_APPEND_NEWLINE if newline else 0))
    except (orjson.JSONEncodeError, TypeError):  # an integer beyond 64 bits: the stdlib writes it
        text = json.dumps(body, indent=2 if indent else None, separators=None if indent else (",", ":"), ensure_ascii=False)
        out = (text + ("\n" if newline else "")).encode()
    if indent and indent != 2:
        out = _LEADING.sub(lambda m: b" " * (len(m.group(0)) // 2 * indent), out)
    return out


class YamlDoc(Doc):
    """A YAML file; written block style, keeping its leading comment and blank lines between list items."""

    def __init__(self, data: bytes):
        self.original = data
        self.body = yaml.safe_load(data)
        text = data.decode("utf-8")
        lines = text.splitlines(keepends=True)
        head = []
        for line in lines:
            if line.startswith("#") or (head and not line.strip()):
                head.append(line)
            else:
                break
        self.head = "".join(head)
        self.spaced = "\n\n- " in text

    def dump(self) -> bytes:
        if not self.dirty:
            return self.original
        Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        text = yaml.dump(self.body, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False)
        if self.spaced:
            text = text.replace("\n- ", "\n\n- ")
        return (self.head + text).encode("utf-8")


class CsvDoc(Doc):
    """A CSV file as dict rows (every value a string); copies can stay pending and be written as they
    are made, so a 100x table never sits in memory."""

    def __init__(self, data: bytes):
        self.original = data
        self.bom = data.startswith(b"\xef\xbb\xbf")
        text = data[3:].decode("utf-8") if self.bom else data.decode("utf-8")
        self.newline = "\r\n" if "\r\n" in text[:10000] else "\n"
        self.final_newline = text.endswith(("\n", "\r"))
        reader = csv.reader(io.StringIO(text, newline=""))
        self.header = next(reader)
        width = len(self.header)
        self.rows = [dict(zip(self.header, r + [""] * (width - len(r)))) for r in reader]
        self.pending: list[tuple[Rows, int, Callable[[int], random.Random]]] = []

    def _pending_rows(self) -> Iterator[dict]:
        originals = self.rows
        for spec, factor, rng_for in self.pending:
            for k in range(1, factor):
                rng = rng_for(k)
                for row in originals:
                    yield _copy_row(row, spec, k, rng)

    def materialize(self) -> None:
        if self.pending:
            self.rows = self.rows + list(self._pending_rows())
            self.pending = []

    def dump(self) -> bytes:
        if not self.dirty:
            return self.original
        out = io.BytesIO()  # getvalue() hands its buffer over without a copy
        if self.bom:
            out.write(b"\xef\xbb\xbf")
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator=self.newline)
        writer.writerow(self.header)
        header = self.header

        def flush() -> None:
            out.write(buf.getvalue().encode("utf-8"))
            buf.seek(0)
            buf.truncate()

        for i, row in enumerate(self._rows_out()):
            writer.writerow([row.get(c, "") for c in header])
            if i % 20000 == 19999:
                flush()
        flush()
        if not self.final_newline:
            size = out.tell()
            out.seek(max(0, size - 2))
            tail = out.read()
            out.truncate(size - (len(tail) - len(tail.rstrip(b"\r\n"))))
        return out.getvalue()

    def _rows_out(self) -> Iterator[dict]:
        yield from self.rows
        yield from self._pending_rows()


class TextDoc(Doc):
    """A model card (markdown with pipe and HTML tables): its decimal score cells can move."""

    _MD_CELL = re.compile(r"(?<=\|)(\s*(?:\*\*|__)?)(\d+\.\d+)((?:\*\*|__)?\s*)(?=\|)")
    _HTML_CELL = re.compile(r"(<td[^>]*>(?:\s|<(?!/td)[^>]+>)*)(\d+\.\d+)((?:\s|<(?!/td)[^>]+>)*</td>)")

    def __init__(self, data: bytes):
        self.original = data
        self.text = data.decode("utf-8")

    def dump(self) -> bytes:
        return self.text.encode("utf-8") if self.dirty else self.original

    def cells(self) -> list[tuple[int, int]]:
        spans = []
        for line in re.finditer(r"(?m)^\s*\|.*\|\s*$", self.text):
            for m in self._MD_CELL.finditer(line.group(0)):
                spans.append((line.start() + m.start(2), line.start() + m.end(2)))
        spans += [m.span(2) for m in self._HTML_CELL.finditer(self.text)]
        return sorted(spans)

    def move(self, rng: random.Random, rate: float) -> int:
        spans = self.cells()
        if not spans:
            return 0
        n = _how_many(len(spans), rate, rng)
        for start, end in sorted(rng.sample(spans, n), reverse=True):
            old = self.text[start:end]
            new = _moved([old], rng, "auto")[0]
            self.text = self.text[:start] + new + self.text[end:]
        self.dirty = True
        return n


class ZipDoc(Doc):
    """A zip archive; its CSV members are documents of their own (`<zip>:<member>`)."""

    def __init__(self, data: bytes):
        self.original = data
        archive = zipfile.ZipFile(io.BytesIO(data))
        self.members: list[tuple[zipfile.ZipInfo, Doc]] = []
        for info in archive.infolist():
            raw = archive.read(info)
            doc: Doc = CsvDoc(raw) if info.filename.lower().endswith(".csv") and not info.is_dir() else RawDoc(raw)
            self.members.append((info, doc))

    def dump(self) -> bytes:
        if not self.dirty and not any(d.dirty for _, d in self.members):
            return self.original
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for info, doc in self.members:
                clone = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                clone.compress_type, clone.external_attr, clone.create_system = info.compress_type, info.external_attr, info.create_system
                archive.writestr(clone, doc.dump())
        return out.getvalue()


def _how_many(n: int, rate: float, rng: random.Random) -> int:
    """How many of n values change today: about n x rate, at least one."""
    mean = n * rate
    drawn = round(rng.gauss(mean, math.sqrt(max(mean * (1 - rate), 1e-9)))) if mean > 0 else 0
    return max(1, min(n, drawn))


# ---------------------------------------------------------------------------------------------------
# payloads: one source's files as documents


class Payload:
    """One source's snapshot as data: scaled by copying model rows, moved a little day by day."""

    scalable = True

    def __init__(self, source: Source, files: list[FetchedFile], seed: int = 0):
        self.source, self.sid, self.seed = source, source.spec.id, seed
        self.originals = {f.name: f for f in files}
        self.order = [f.name for f in files]
        self.next_k = ADDED_K
        self._slots: list | None = None

    def rng(self, *parts: Any) -> random.Random:
        return random.Random("/".join(str(p) for p in (self.seed, self.sid, *parts)))

    # what a kind of payload implements
    def scale(self, factor: int) -> None:
        """Copy every model row so that there are `factor` x as many (copies 1..factor-1)."""
        raise NotImplementedError

    def contents(self) -> dict[str, bytes]:
        """File name -> bytes, every file of the payload (unchanged files as recorded)."""
        raise NotImplementedError

    def slots(self) -> list[tuple[Doc, Any, list, Any]]:
        """(document, parent, keys, bound) of every value a day may move (keys that move together)."""
        return []

    def add_model(self, rng: random.Random) -> bool:
        return False

    def drop_model(self, rng: random.Random) -> bool:
        return False

    def materialize(self) -> None:
        pass

    # shared
    def step(self, rng: random.Random, rate: float, structural: bool = True) -> int:
        """One day: about `rate` of the score values move (at least one), and now and then a model is
        added or dropped. Returns the number of values and models changed."""
        changed = 0
        slots = self.slots()
        if slots:
            for doc, parent, keys, hi in rng.sample(slots, _how_many(len(slots), rate, rng)):
                for key, value in zip(keys, _moved([parent[k] for k in keys], rng, hi)):
                    parent[key] = value
                doc.dirty = True
                changed += 1
        if structural and rng.random() < ADD_CHANCE and self.add_model(rng):
            changed += 1
            self._slots = None
        if structural and rng.random() < DROP_CHANCE and self.drop_model(rng):
            changed += 1
            self._slots = None
        return changed

    def files(self) -> list[FetchedFile]:
        """The snapshot's files: the spec's, then those the source's `discover()` names from them."""
        contents = self.contents()
        spec_names = [f.name for f in self.source.spec.files]
        out, seen = [], set()

        def add(name: str, url: str) -> None:
            if name in seen:
                return
            if name not in contents:
                raise ValueError(f"{self.sid}: {name} is named but not generated")
            seen.add(name)
            orig = self.originals.get(name)
            if orig is not None:
                out.append(FetchedFile(name, orig.url, contents[name], orig.http_status, dict(orig.headers)))
            else:
                out.append(FetchedFile(name, url, contents[name]))

        for f in self.source.spec.files:
            if f.name in contents:
                add(f.name, f.url)
        for name in self.order:  # files of the recording that the spec does not name (a keyed fetch)
            if name in contents and name not in spec_names and self.source.discover is None:
                add(name, self.originals[name].url)
        while self.source.discover is not None:
            named = [x for x in self.source.discover({f.name: f.content for f in out}) if x.name not in seen]
            if not named:
                break
            for extra in named:
                add(extra.name, extra.url)
        return out


def _load_doc(name: str, data: bytes, parse: bool) -> Doc:
    if not parse:
        return RawDoc(data)
    low = name.lower()
    if low.endswith(".json"):
        return JsonDoc(data)
    if low.endswith((".yml", ".yaml")):
        return YamlDoc(data)
    if low.endswith(".csv"):
        return CsvDoc(data)
    if low.endswith(".zip"):
        return ZipDoc(data)
    if low.endswith(".md"):
        return TextDoc(data)
    return RawDoc(data)


def _containers(body: Any, at: tuple) -> list[Any]:
    if not at:
        return [body] if isinstance(body, (list, dict)) else []
    found = []
    for parent, key in _leaves(body, at):
        if isinstance(parent[key], (list, dict)):
            found.append(parent[key])
    return found


class RowsPayload(Payload):
    """A source whose files hold lists or dicts of model rows, described by `Rows` hints."""

    def __init__(self, source: Source, files: list[FetchedFile], specs: tuple[Rows, ...], seed: int = 0):
        super().__init__(source, files, seed)
        self.specs = specs
        self.docs: dict[str, Doc] = {}
        for f in files:
            wanted = any(fnmatch.fnmatch(f.name, s.file.split(":", 1)[0]) for s in specs)
            self.docs[f.name] = _load_doc(f.name, f.content, wanted)

    def _docs(self, spec: Rows) -> Iterator[tuple[Doc, Doc]]:
        """(document, the file's document it lives in) for every document the spec points at."""
        outer, _, member = spec.file.partition(":")
        for name, doc in self.docs.items():
            if not fnmatch.fnmatch(name, outer):
                continue
            if member:
                if isinstance(doc, ZipDoc):
                    for info, m in doc.members:
                        if fnmatch.fnmatch(info.filename, member):
                            yield m, doc
            else:
                yield doc, doc

    def _tables(self) -> Iterator[tuple[int, Rows, Doc, Doc, Any]]:
        """(spec index, spec, document, file document, container) of every container of rows."""
        for i, spec in enumerate(self.specs):
            for doc, top in self._docs(spec):
                if isinstance(doc, CsvDoc):
                    yield i, spec, doc, top, doc.rows
                elif isinstance(doc, (JsonDoc, YamlDoc)):
                    for container in _containers(doc.body, spec.at):
                        yield i, spec, doc, top, container

    @staticmethod
    def _items(spec: Rows, container: Any) -> list[tuple[Any, Any]]:
        if isinstance(container, dict):
            return [(key, value) for key, value in container.items() if key not in spec.skip]
        return [(None, row) for row in container]

    @staticmethod
    def _ident(spec: Rows, key: Any, row: Any) -> Any:
        if spec.ident is not None:
            return _first(row, spec.ident)
        if spec.key is not None and key is not None:
            return key
        return _first(row, spec.fields[0][0]) if spec.fields else None

    def _put(self, spec: Rows, container: Any, key: Any, row: Any, k: int, rng: random.Random) -> None:
        renames: dict[str, str] = {}
        if isinstance(container, dict):
            new_key = KINDS[spec.key or "name"](key, k, renames)
            container[new_key] = _copy_row(row, spec, k, rng, renames)
        else:
            container.append(_copy_row(row, spec, k, rng, renames))

    def scale(self, factor: int) -> None:
        if factor <= 1:
            return
        for i, spec, doc, top, container in list(self._tables()):
            if isinstance(doc, CsvDoc):
                doc.pending.append((spec, factor, lambda k, i=i: self.rng("copy", i, k)))
            else:
                items = self._items(spec, container)
                for k in range(1, factor):
                    rng = self.rng("copy", i, k)
                    for key, row in items:
                        self._put(spec, container, key, row, k, rng)
            doc.dirty = top.dirty = True
        self._slots = None

    def materialize(self) -> None:
        for doc in self.docs.values():
            for d in ([m for _, m in doc.members] if isinstance(doc, ZipDoc) else [doc]):
                if isinstance(d, CsvDoc):
                    d.materialize()

    def contents(self) -> dict[str, bytes]:
        return {name: doc.dump() for name, doc in self.docs.items()}

    def slots(self) -> list[tuple[Doc, Any, list, Any]]:
        if self._slots is None:
            self.materialize()
            found = []
            for _, spec, doc, top, container in self._tables():
                for _, row in self._items(spec, container):
                    for parent, keys, hi in _score_groups(row, spec):
                        found.append((_Both(doc, top), parent, keys, hi))
            self._slots = found
        return self._slots

    def _pick(self, rng: random.Random) -> tuple[Any, list] | None:
        self.materialize()
        tables = [t for t in self._tables() if self._items(t[1], t[4])]
        if not tables:
            return None
        _, spec, _, _, container = tables[0]
        key, row = rng.choice(self._items(spec, container))
        return self._ident(spec, key, row), tables

    def add_model(self, rng: random.Random) -> bool:
        picked = self._pick(rng)
        if picked is None:
            return False
        ident, tables = picked
        k, self.next_k = self.next_k, self.next_k + 1
        for _, spec, doc, top, container in tables:
            for key, row in self._items(spec, container):
                if self._ident(spec, key, row) == ident:
                    self._put(spec, container, key, row, k, rng)
                    doc.dirty = top.dirty = True
        return True

    def drop_model(self, rng: random.Random) -> bool:
        picked = self._pick(rng)
        if picked is None:
            return False
        ident, tables = picked
        for _, spec, doc, top, container in tables:
            items = self._items(spec, container)
            gone = [(key, row) for key, row in items if self._ident(spec, key, row) == ident]
            if not gone or len(gone) >= len(items) - 1:
                continue
            if isinstance(container, dict):
                for key, _ in gone:
                    del container[key]
            else:
                ids = {id(row) for _, row in gone}
                container[:] = [row for row in container if id(row) not in ids]
            doc.dirty = top.dirty = True
        return True


class _Both:
    """Marks a document and the file it lives in (a zip member and its zip) changed together."""

    def __init__(self, doc: Doc, top: Doc):
        self.doc, self.top = doc, top

    @property
    def dirty(self) -> bool:
        return self.doc.dirty

    @dirty.setter
    def dirty(self, value: bool) -> None:
        self.doc.dirty = self.top.dirty = value


class FixedPayload(Payload):
    """A source whose parser reads a fixed file list or fixed tables (see NOT_SCALABLE): landed as
    recorded; a model card's decimal cells can still move."""

    scalable = False

    def __init__(self, source: Source, files: list[FetchedFile], seed: int = 0):
        super().__init__(source, files, seed)
        self.docs = {f.name: (TextDoc(f.content) if f.name.lower().endswith(".md") else RawDoc(f.content)) for f in files}

    def scale(self, factor: int) -> None:
        pass

    def contents(self) -> dict[str, bytes]:
        return {name: doc.dump() for name, doc in self.docs.items()}

    def step(self, rng: random.Random, rate: float, structural: bool = True) -> int:
        return sum(doc.move(rng, rate) for doc in self.docs.values() if isinstance(doc, TextDoc))


def _renamed_entry(entry: Any, k: int) -> Any:
    """Copy k of a vendor page's `introduces` or `deprecates` entry: a model id, or `{model, name}` with both renamed."""
    if isinstance(entry, dict):
        return {key: rename(value, k) if key in ("model", "name") else value for key, value in entry.items()}
    return rename(entry, k)


class VendorPayload(RowsPayload):
    """A curated vendor file (`pages[]`, each with its publication date and scores). In a history a
    page is in the file from its own date on: a curator cannot have copied it before it existed."""

    def __init__(self, source: Source, files: list[FetchedFile], specs: tuple[Rows, ...], seed: int = 0):
        super().__init__(source, files, specs, seed)
        self.doc = self.docs["scores.yaml"]
        body = getattr(self.doc, "body", None)
        self.pages = list(body["pages"]) if isinstance(body, dict) and isinstance(body.get("pages"), list) else None

    def scale(self, factor: int) -> None:
        """The scores' rows are copied (`_VENDOR`); so are the models a page introduces or deprecates, renamed
        as their scores are (copy k of a model is introduced, or deprecated, by the page that did the model; an
        entry that names its model, `{model, name}`, has both renamed, so that copy k defines a model too)."""
        super().scale(factor)
        for page in self.pages or []:
            for says in ("introduces", "deprecates"):
                names = page.get(says) if isinstance(page, dict) else None
                if isinstance(names, list) and factor > 1:
                    page[says] = names + [_renamed_entry(n, k) for k in range(1, factor) for n in names]
                    self.doc.dirty = True

    @staticmethod
    def _date(page: Any) -> dt.date | None:
        value = page.get("date") if isinstance(page, dict) else None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            return None

    def show(self, day: dt.date) -> tuple[bool, int]:
        """Keep the pages published by `day`: (whether the file changed, how many pages it has)."""
        if self.pages is None:
            return False, 1
        visible = [p for p in self.pages if (self._date(p) or dt.date.min) <= day]
        body = self.doc.body  # type: ignore[attr-defined]
        if [id(p) for p in visible] == [id(p) for p in body["pages"]]:
            return False, len(visible)
        body["pages"] = visible
        self.doc.dirty = True
        self._slots = None
        return True, len(visible)


TAU2_SUBMISSION = Rows(
    "*/submission.json",
    fields=((("model_name",), "name"),),
    scores=((("results", "*", "pass_1"), 100), (("results", "*", "pass_2"), 100), (("results", "*", "pass_3"), 100),
            (("results", "*", "pass_4"), 100)),
    linked=True,
)


class Tau2Payload(Payload):
    """tau2-bench: a manifest of submission ids and one file per submission (the id opens with the model's slug)."""

    MANIFEST = "submissions-manifest.json"

    def __init__(self, source: Source, files: list[FetchedFile], seed: int = 0):
        super().__init__(source, files, seed)
        self.manifest = JsonDoc(self.originals[self.MANIFEST].content)
        self.subs: dict[str, JsonDoc] = {
            f.name.rsplit("/", 1)[0]: JsonDoc(f.content) for f in files if f.name.endswith("/submission.json")
        }

    @staticmethod
    def rename_id(sid: str, k: int) -> str:
        slug, sep, rest = sid.partition("_")
        return rename(slug, k) + sep + rest

    def _copy(self, sid: str, k: int, rng: random.Random) -> str:
        new = self.rename_id(sid, k)
        orig = self.subs[sid]
        doc = JsonDoc(body=_copy_row(orig.body, TAU2_SUBMISSION, k, rng), style=orig.style)
        doc.dirty = True
        self.subs[new] = doc
        self.manifest.body["submissions"].append(new)
        self.manifest.dirty = True
        return new

    def _listed(self) -> list[str]:
        return [s for s in self.manifest.body.get("submissions", []) if isinstance(s, str) and s in self.subs]

    def scale(self, factor: int) -> None:
        listed = self._listed()
        for k in range(1, factor):
            rng = self.rng("copy", k)
            for sid in listed:
                self._copy(sid, k, rng)
        self._slots = None

    def contents(self) -> dict[str, bytes]:
        out = {self.MANIFEST: self.manifest.dump()}
        out.update({f"{sid}/submission.json": doc.dump() for sid, doc in self.subs.items()})
        return out

    def slots(self) -> list[tuple[Doc, Any, list, Any]]:
        if self._slots is None:
            self._slots = [
                (self.subs[sid], parent, keys, hi)
                for sid in self._listed()
                for parent, keys, hi in _score_groups(self.subs[sid].body, TAU2_SUBMISSION)
            ]
        return self._slots

    def add_model(self, rng: random.Random) -> bool:
        listed = self._listed()
        if not listed:
            return False
        self._copy(rng.choice(listed), self.next_k, rng)
        self.next_k += 1
        return True

    def drop_model(self, rng: random.Random) -> bool:
        listed = self._listed()
        if len(listed) < 3:
            return False
        gone = rng.choice(listed)
        self.manifest.body["submissions"] = [s for s in self.manifest.body["submissions"] if s != gone]
        self.manifest.dirty = True
        del self.subs[gone]
        return True


LLM_STATS_MODEL = Rows(
    "model.json",
    fields=((("model_id",), "name"), (("name",), "name"), (("fine_tuned_from_model_id",), "name")),
)
LLM_STATS_SCORES = Rows(
    "benchmarks.json", fields=((("model_id",), "name"),),
    scores=((("score",), "auto"), (("normalized_score",), "auto")), linked=True,
)
LLM_STATS_OFFERS = Rows(
    "models.json", fields=((("model_id",), "name"), (("model_name",), "name"), (("provider_model_id_used",), "name")),
)
_MODEL_DIR = re.compile(r"^data/organizations/([^/]+)/models/([^/]+)/(model|benchmarks)\.json$")
_OFFERS = re.compile(r"^data/providers/[^/]+/models\.json$")


class LlmStatsPayload(Payload):
    """llm-stats' data tree (one tarball): a folder per model (`model.json`, `benchmarks.json`) and the
    providers' offer lists. Copies are written to bytes as they are made (a 100x tree is ~220 MB)."""

    ARCHIVE = "llm-leaderboard.tar.gz"

    def __init__(self, source: Source, files: list[FetchedFile], seed: int = 0):
        super().__init__(source, files, seed)
        self.tree: dict[str, Any] = {}  # path -> bytes, or a JsonDoc once read
        self.top = "llm-leaderboard-main"
        data = self.originals[self.ARCHIVE].content
        with tarfile.open(fileobj=io.BytesIO(gzip.decompress(data)), mode="r:") as tar:
            for m in tar.getmembers():
                if m.isfile():
                    top, _, rel = m.name.partition("/")
                    self.top = top
                    self.tree[rel] = tar.extractfile(m).read()  # type: ignore[union-attr]
        self.dirty = False

    def doc(self, path: str) -> JsonDoc:
        value = self.tree[path]
        if not isinstance(value, JsonDoc):
            value = self.tree[path] = JsonDoc(value)
        return value

    def model_dirs(self) -> list[str]:
        return sorted({m.group(0).rsplit("/", 1)[0] for p in self.tree if (m := _MODEL_DIR.match(p))})

    def _copy_model(self, folder: str, k: int, rng: random.Random, offers: dict[str, list]) -> None:
        base, mid = folder.rsplit("/", 1)
        new_folder = f"{base}/{rename(mid, k)}"
        for name, spec in (("model.json", LLM_STATS_MODEL), ("benchmarks.json", LLM_STATS_SCORES)):
            path = f"{folder}/{name}"
            if path not in self.tree:
                continue
            doc = self.doc(path)
            body = doc.body
            if isinstance(body, list):
                new = [_copy_row(r, spec, k, rng) if isinstance(r, dict) else r for r in body]
            else:
                new = _copy_row(body, spec, k, rng)
            self.tree[f"{new_folder}/{name}"] = dump_json(new, doc.style)
        model_id = _first(self.doc(f"{folder}/model.json").body, ("model_id",)) if f"{folder}/model.json" in self.tree else mid
        for path, rows in offers.items():
            doc = self.doc(path)
            added = [_copy_row(r, LLM_STATS_OFFERS, k, rng) for r in rows if isinstance(r, dict) and r.get("model_id") == model_id]
            if added:
                doc.body.extend(added)
                doc.dirty = True

    def _offers(self) -> dict[str, list]:
        return {p: list(self.doc(p).body) for p in sorted(self.tree) if _OFFERS.match(p) and isinstance(self.doc(p).body, list)}

    def scale(self, factor: int) -> None:
        if factor <= 1:
            return
        folders = self.model_dirs()
        offers = self._offers()
        for k in range(1, factor):
            rng = self.rng("copy", k)
            for folder in folders:
                self._copy_model(folder, k, rng, offers)
        # the offer lists: dumped now, so that the tree holds bytes only
        for path in offers:
            doc = self.doc(path)
            self.tree[path] = dump_json(doc.body, doc.style)
        self.dirty = True
        self._slots = None

    def contents(self) -> dict[str, bytes]:
        if not self.dirty and not any(isinstance(v, JsonDoc) and v.dirty for v in self.tree.values()):
            return {self.ARCHIVE: self.originals[self.ARCHIVE].content}
        return {self.ARCHIVE: pack_tree(self.tree, self.top)}

    def slots(self) -> list[tuple[Doc, Any, list, Any]]:
        if self._slots is None:
            found = []
            for path in sorted(self.tree):
                if path.endswith("/benchmarks.json") and _MODEL_DIR.match(path):
                    doc = self.doc(path)
                    for row in doc.body if isinstance(doc.body, list) else []:
                        found += [(doc, parent, keys, hi) for parent, keys, hi in _score_groups(row, LLM_STATS_SCORES)]
            self._slots = found
        return self._slots

    def add_model(self, rng: random.Random) -> bool:
        folders = self.model_dirs()
        if not folders:
            return False
        self._copy_model(rng.choice(folders), self.next_k, rng, self._offers())
        self.next_k += 1
        self.dirty = True
        return True

    def drop_model(self, rng: random.Random) -> bool:
        folders = self.model_dirs()
        if len(folders) < 3:
            return False
        folder = rng.choice(folders)
        model_id = _first(self.doc(f"{folder}/model.json").body, ("model_id",)) if f"{folder}/model.json" in self.tree else None
        for path in [p for p in self.tree if p.startswith(folder + "/")]:
            del self.tree[path]
        for path in self._offers():
            doc = self.doc(path)
            kept = [r for r in doc.body if not (isinstance(r, dict) and r.get("model_id") == model_id)]
            if len(kept) != len(doc.body):
                doc.body[:] = kept
                doc.dirty = True
        self.dirty = True
        return True


def pack_tree(tree: dict[str, Any], top: str) -> bytes:
    """A deterministic .tar.gz of the tree under one top folder (sorted members, mtime 0, mode 0644),
    as `recording.pack_tar_gz` packs a recorded folder; written member by member."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="", compresslevel=6) as gz:
        with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for rel in sorted(tree):
                value = tree[rel]
                data = value.dump() if isinstance(value, JsonDoc) else value
                info = tarfile.TarInfo(f"{top}/{rel}")
                info.size, info.mtime, info.mode, info.uid, info.gid, info.uname, info.gname = len(data), 0, 0o644, 0, 0, "", ""
                tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------
# the per-source hints: which containers hold model rows, which keys name models and hold scores

_AIDER = tuple(
    Rows(
        f,
        fields=((("model",), "name"), (("editor_model",), "name"), (("command",), "cmd"), (("dirname",), "key")),
        scores=((("pass_rate_1",), 100), (("pass_rate_2",), 100), (("percent_cases_well_formed",), 100)),
    )
    for f in ("polyglot_leaderboard.yml", "edit_leaderboard.yml", "refactor_leaderboard.yml")
)
_EPOCH_SCORES = (
    (("mean_score",), "auto"), (("Best score (across scorers)",), "auto"), (("Accuracy",), "auto"), (("Percent correct",), 100),
    (("Unguided % Solved",), "auto"), (("Subtask-Guided % Solved",), "auto"), (("Subtasks % Solved",), "auto"),
)

HINTS: dict[str, tuple[Rows, ...]] = {
    "aider": _AIDER,
    "arc-prize": (
        Rows("models.json", fields=((("id",), "name"), (("displayName",), "name"))),
        Rows("evaluations.json", fields=((("modelId",), "name"),), scores=((("score",), 1), (("costPerTask",), None))),
    ),
    "artificial-analysis": (
        Rows("models.json", at=("data",), fields=((("slug",), "name"), (("name",), "name"), (("id",), "uuid")),
             scores=((("evaluations", "*"), "auto"), (("median_output_tokens_per_second",), None))),
    ),
    "bigcodebench": tuple(
        Rows(f, key="name", fields=((("link",), "url"),), scores=((("pass@1", "*"), 100),))
        for f in ("results.json", "results-hard.json")
    ),
    "epoch-ai": (
        Rows("benchmark_data.zip:*.csv", fields=((("Model version",), "name"), (("Name",), "name"), (("id",), "scramble")),
             scores=_EPOCH_SCORES),
    ),
    "evalplus": (
        Rows("results.json", key="name", fields=((("link",), "url"),),
             scores=((("pass@1", "*"), 100), (("pass@1_base", "*"), 100), (("pass@1_plus", "*"), 100))),
        Rows("evalperf-COMBINED-RESULTS.json", key="name", skip=frozenset({"heatmap_data"}),
             scores=((("dps",), 100), (("dps_norm",), 100), (("pass@1",), 100), (("model_win_rate",), 1), (("task_win_rate",), 1))),
    ),
    "livebench": tuple(
        Rows(f"table_{r}.csv", fields=((("model",), "name"),), scores=((("*",), 100),))
        for r in ("2025_11_25", "2026_01_08")
    ),
    "lmarena": tuple(
        Rows(f, fields=((("model",), "name"), (("url",), "url")), scores=((("arena_score",), 5000),))
        for f in ("lmarena_text.csv", "lmarena_vision.csv")
    ),
    "models-dev": (
        Rows("api.json", at=("*", "models"), key="name", fields=((("id",), "name"), (("name",), "name")),
             # a row's prices move together (a cached read stays at most the input price, as the parser checks)
             scores=tuple(((("cost", c), None)) for c in ("input", "output", "cache_read", "cache_write")), linked=True),
    ),
    "open-llm-leaderboard": (
        Rows(
            "huggingface_v2.csv",
            fields=((("model_name",), "name"), (("metadata_base_model",), "name"), (("id",), "key")),
            scores=(
                *((((f"evaluations_{t}_value",), 1)) for t in ("ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro")),
                *((((f"evaluations_{t}_normalized_score",), 100)) for t in ("ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro")),
                (("model_average_score",), 100),
            ),
        ),
    ),
    "openrouter": (
        Rows("models.json", at=("data",), fields=(
            (("id",), "name"), (("canonical_slug",), "name"), (("name",), "name"), (("hugging_face_id",), "name"),
            (("links", "details"), "ref"),
        ), scores=tuple(((("pricing", c), None)) for c in ("prompt", "completion", "input_cache_read", "input_cache_write")), linked=True),
    ),
    "swe-bench": (
        Rows("leaderboards.json", at=("leaderboards", "*", "results"), ident=("folder",), fields=(
            (("tags",), "tags"), (("name",), "composite"), (("folder",), "key"), (("logs",), "ref"), (("trajs",), "ref"),
            (("trajs_docent",), "ref"),
        ), scores=((("resolved",), 100),)),
    ),
    "yamanahlawat-llm-registry": (
        Rows("models.json", at=("models",), key="name",
             scores=tuple(((("token_costs", c), None)) for c in ("input_cost", "output_cost", "cache_input_cost", "cache_output_cost")),
             linked=True),
    ),
}
_VENDOR = (Rows("scores.yaml", at=("pages", "*", "scores"), fields=((("model",), "name"),), scores=((("value",), "auto"),)),)


def payload(source: Source, files: list[FetchedFile], seed: int = 0) -> Payload:
    """The source's files as a Payload that can be scaled and moved."""
    sid = source.spec.id
    if sid in NOT_SCALABLE:
        return FixedPayload(source, files, seed)
    if sid == "tau2-bench":
        return Tau2Payload(source, files, seed)
    if sid == "llm-stats" and any(f.name == LlmStatsPayload.ARCHIVE for f in files):
        return LlmStatsPayload(source, files, seed)
    if source.spec.curated and sid not in HINTS:
        return VendorPayload(source, files, _VENDOR, seed)
    specs = HINTS.get(sid)
    if specs is None:
        raise KeyError(f"{sid}: no hints for this source in registry_pipeline_tests/synthetic.py")
    return RowsPayload(source, files, specs, seed)


# ---------------------------------------------------------------------------------------------------
# recordings and landing


def recording(source: Source, shared: Path | None = None) -> list[FetchedFile]:
    """The source's real recording as the files a fetch would land (or its shipped snapshot in data/raw)."""
    shared = SHARED_SNAPSHOTS if shared is None else Path(shared)
    sid = source.spec.id
    folder_name, named = RECORDING_FOLDERS.get(sid, (sid, {}))
    folder = shared / folder_name
    if folder.is_dir():
        args = [f"{name}={folder / rel}" for name, rel in named.items()] or [str(folder)]
        files, _ = files_for(source, args)
        return files
    snap = RawStore(RAW).latest(sid)
    if snap is None:
        raise FileNotFoundError(f"{sid}: no recording in {shared} and no shipped snapshot in {RAW}")
    data = snap.read()
    out = []
    for entry in snap.manifest.get("files", []):
        headers = {h: entry[k] for h, k in (("etag", "etag"), ("last-modified", "last_modified"), ("content-type", "content_type")) if entry.get(k)}
        out.append(FetchedFile(entry["name"], entry.get("url") or "", data[entry["name"]], entry.get("http_status"), headers))
    return out


def _selected(sources: Iterable[str] | None) -> list[Source]:
    every = list(all_sources())
    if sources is None:
        return every
    wanted = list(sources)
    known = {s.spec.id for s in every}
    unknown = sorted(set(wanted) - known)
    if unknown:
        raise KeyError(f"unknown source(s) {unknown}")
    return [s for s in every if s.spec.id in wanted]


def _utc(moment: dt.datetime | None) -> dt.datetime:
    moment = moment or dt.datetime.now(dt.timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def write_scaled(
    data_dir: Path,
    factor: int,
    *,
    seed: int = 0,
    fetched_at: dt.datetime | None = None,
    sources: Iterable[str] | None = None,
    shared: Path | None = None,
) -> dict[str, int]:
    """Land one snapshot per source in `data_dir/raw`: its recording with every model row copied so that
    it has `factor` x the model and score rows, in the source's own wire format. One source at a time.
    Returns the bytes of each source's snapshot files."""
    if factor < 1:
        raise ValueError(f"factor must be >= 1, got {factor}")
    store = RawStore(Path(data_dir) / "raw")
    moment = _utc(fetched_at)
    written: dict[str, int] = {}
    for source in _selected(sources):
        p = payload(source, recording(source, shared), seed)
        p.scale(factor)
        files = p.files()
        del p
        note = (
            f"synthetic benchmark data (registry_pipeline_tests/synthetic.py): the recording scaled {factor}x, seed {seed}"
            if factor > 1 and source.spec.id not in NOT_SCALABLE else "synthetic benchmark data: the recording as recorded"
        )
        store.write_snapshot(source.spec.id, files, moment, origin="recorded", note=note)
        written[source.spec.id] = sum(len(f.content) for f in files)
        del files
    return written


def write_history(
    data_dir: Path,
    days: int = 365,
    *,
    change_rate: float = 0.03,
    factor: int = 1,
    seed: int = 0,
    end: dt.date | None = None,
    sources: Iterable[str] | None = None,
    shared: Path | None = None,
) -> dict[str, Any]:
    """Land `days` daily snapshots of every source (06:00 UTC on consecutive days ending at `end`): the
    first is the (scaled) recording, each next one the day before with about `change_rate` of its score
    values moved a little and, now and then, a model row added or dropped. A curated vendor file, a model
    card and the Hub's repo files change about every 30 days (an unchanged payload lands no new snapshot,
    as with a real fetch), and a vendor page is in its file from its publication date on. Returns {"days", "snapshots", "bytes", "per_source": {id: {"snapshots", "bytes"}}}."""
    if days < 1:
        raise ValueError(f"days must be >= 1, got {days}")
    store = RawStore(Path(data_dir) / "raw")
    last = end or dt.datetime.now(dt.timezone.utc).date()
    first = last - dt.timedelta(days=days - 1)
    per_source: dict[str, dict[str, int]] = {}
    for source in _selected(sources):
        sid = source.spec.id
        rare = source.spec.curated or sid in RARE_SOURCES
        p = payload(source, recording(source, shared), seed)
        p.scale(factor)
        rng = p.rng("history")
        snapshots = size = 0
        landed = False
        for day in range(days):
            today = first + dt.timedelta(days=day)
            published, pages = p.show(today) if isinstance(p, VendorPayload) else (False, 1)
            if not pages:
                continue  # none of the vendor's pages exists yet: no file to land
            if landed and not published:
                if rare and rng.random() >= 1 / RARE_EVERY_DAYS:
                    continue
                if not p.step(rng, change_rate, structural=not rare or source.spec.curated):
                    continue
            landed = True
            moment = dt.datetime.combine(today, dt.time(6, 0), dt.timezone.utc)
            files = p.files()
            before = store.latest(sid)
            snap = store.write_snapshot(sid, files, moment, origin="recorded", note=f"synthetic history day {day + 1} of {days} (seed {seed})")
            if before is None or snap.key != before.key:
                snapshots += 1
                size += sum(len(f.content) for f in files)
        per_source[sid] = {"snapshots": snapshots, "bytes": size}
        del p
    return {
        "days": days,
        "first": first.isoformat(),
        "last": last.isoformat(),
        "snapshots": sum(v["snapshots"] for v in per_source.values()),
        "bytes": sum(v["bytes"] for v in per_source.values()),
        "per_source": per_source,
    }


def main(argv: list[str]) -> int:
    usage = "usage: python -m registry_pipeline_tests.synthetic (scaled DATA_DIR FACTOR | history DATA_DIR DAYS [FACTOR])"
    if len(argv) < 3 or argv[0] not in ("scaled", "history"):
        print(usage, file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    if argv[0] == "scaled":
        written = write_scaled(Path(argv[1]), int(argv[2]))
        for sid, n in written.items():
            print(f"{sid:<28}{n:>14,} bytes")
        total = sum(written.values())
    else:
        stats = write_history(Path(argv[1]), int(argv[2]), factor=int(argv[3]) if len(argv) > 3 else 1)
        for sid, s in stats["per_source"].items():
            print(f"{sid:<28}{s['snapshots']:>6} snapshots{s['bytes']:>14,} bytes")
        total = stats["bytes"]
    print(f"total {total:,} bytes in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
