"""Checks of a published build, for the api asset's check: every route's file is there, inside the
build, and every JSON body validates against its JSON Schema."""

from __future__ import annotations

import os
from pathlib import Path

import orjson

from registry_pipeline.publish.routes import schema_for_url
from registry_pipeline.publish.schemas import validator


def build_problems(build_dir: Path, limit: int = 20) -> tuple[int, list[str]]:
    """(routes checked, problems): a missing file, a file outside the build, a body its schema refuses."""
    root = Path(os.path.realpath(build_dir))
    routes = orjson.loads((root / "routes.json").read_bytes())
    problems: list[str] = []
    for url, route in routes.items():
        path = root / route["file"]
        if not path.is_file() or not Path(os.path.realpath(path)).is_relative_to(root):
            problems.append(f"{url}: file {route['file']} missing or outside the build")
            continue
        name = schema_for_url(url)
        if name is not None:
            error = next(iter(validator(name).iter_errors(orjson.loads(path.read_bytes()))), None)
            if error is not None:
                problems.append(f"{url}: {error.message[:200]} at {'/'.join(map(str, error.instance_path))}")
        if len(problems) >= limit:
            break
    return len(routes), problems
