"""Source registry: every module in this package with a `SPEC` and a `parse` is a source.

Adding a source is one new file here; Dagster assets, contract tests and docs pick it up.

A module whose file list is not fixed (a manifest of submissions, a list of releases) also defines
`discover(files: dict[str, bytes]) -> list[SourceFile]`: given the bytes of the spec's files, the
further files to fetch. The fetch layer calls it after fetching the spec's files, and again with
everything fetched so far until it names nothing new (a cursor-paged list names its next page).

A module that serves several sources with one parser (one source per vendor page) exposes
`SPECS: tuple[SourceSpec, ...]` instead of `SPEC`; `parse` tells them apart by `context.source_id`.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Callable, Optional

from registry_pipeline.sources.base import ParseContext, ParsedSource, SourceFile, SourceSpec

Discover = Callable[[dict[str, bytes]], list[SourceFile]]


@dataclass(frozen=True)
class Source:
    spec: SourceSpec
    parse: Callable[[dict[str, bytes], ParseContext], ParsedSource]
    module: ModuleType
    discover: Optional[Discover] = None  # further files named by the spec's files (see module docstring)


@cache
def all_sources() -> tuple[Source, ...]:
    """Every registered source, sorted by id."""
    found: list[Source] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        parse = getattr(module, "parse", None)
        specs = getattr(module, "SPECS", None) or (getattr(module, "SPEC", None),)
        discover = getattr(module, "discover", None)
        for spec in specs:
            if isinstance(spec, SourceSpec) and callable(parse):
                found.append(Source(spec=spec, parse=parse, module=module, discover=discover if callable(discover) else None))
    ids = [s.spec.id for s in found]
    if len(ids) != len(set(ids)):
        raise RuntimeError(f"duplicate source ids: {sorted(ids)}")
    return tuple(sorted(found, key=lambda s: s.spec.id))


def get_source(source_id: str) -> Source:
    for source in all_sources():
        if source.spec.id == source_id:
            return source
    raise KeyError(f"unknown source {source_id!r}")
