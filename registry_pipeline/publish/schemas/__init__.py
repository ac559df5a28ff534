"""JSON Schemas (draft 2020-12) of the /api/v1 bodies, shipped as package data.

Each endpoint schema (`<name>.json`) refers to shared definitions in `common.json` with relative
`$ref`s ("common.json#/$defs/..."), resolved against the schema's `$id`.  `validator(name)` loads
every schema file from the package into a `referencing.Registry`, so references resolve offline.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

COMMON = "common"


@functools.cache
def _schemas() -> dict[str, dict]:
    files = resources.files(__name__)
    return {
        f.name.removesuffix(".json"): json.loads(f.read_text(encoding="utf-8"))
        for f in sorted(files.iterdir(), key=lambda f: f.name)
        if f.is_file() and f.name.endswith(".json")
    }


@functools.cache
def _registry() -> Registry:
    resources_ = [
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012))
        for schema in _schemas().values()
    ]
    return Registry().with_resources(resources_).crawl()


def schema_names() -> tuple[str, ...]:
    """Endpoint schema names (file stems), without the shared `common` definitions."""
    return tuple(name for name in _schemas() if name != COMMON)


SCHEMA_NAMES: tuple[str, ...] = schema_names()


def schema(name: str) -> dict:
    """The raw schema document `<name>.json` (its `$ref`s are not inlined)."""
    try:
        return _schemas()[name]
    except KeyError:
        raise KeyError(f"no JSON Schema named {name!r}; known: {sorted(_schemas())}") from None


@functools.cache
def validator(name: str) -> Draft202012Validator:
    """A validator for `<name>.json` whose `$ref`s (e.g. into `common.json`) resolve offline."""
    s = schema(name)
    Draft202012Validator.check_schema(s)
    return Draft202012Validator(s, registry=_registry())


__all__ = ["SCHEMA_NAMES", "schema", "schema_names", "validator"]
