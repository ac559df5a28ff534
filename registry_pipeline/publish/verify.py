"""Checks of a published build, for the api asset's check: every route's file is there, inside the
build, and every JSON body validates against its JSON Schema."""

from __future__ import annotations

import os
from pathlib import Path

import orjson

from registry_pipeline.publish.routes import schema_for_url
from registry_pipeline.publish.schemas import validator


def regular_files(root: Path) -> set[str]:
    """The POSIX paths, relative to `root`, of the regular files under it, found without following a
    symbolic link: a link (to a file or a folder, inside the build or out) is not among them. One walk
    of the folders, where resolving each route's path took longer than validating its body."""
    found: set[str] = set()
    folders = [("", str(root))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    found.add(f"{prefix}{entry.name}")
    return found


def _refusal(url: str, path: Path, name: str) -> str | None:
    """Why the schema `name` refuses the body in `path`, or None. A body lives only while it is checked: a
    large one read while the one before it was still alive held both (at 100x the recordings the crosswalk's
    363 MB of JSON is ~1.7 GB of Python objects; holding the one before it as well cost ~0.8 GB more)."""
    body = orjson.loads(path.read_bytes())
    check = validator(name)
    if check.is_valid(body):  # the errors are looked for only in a body that has one
        return None
    error = next(iter(check.iter_errors(body)), None)
    return (f"{url}: {error.message[:200]} at {'/'.join(map(str, error.instance_path))}"
            if error is not None else f"{url}: refused by its schema {name}")


def build_problems(build_dir: Path, limit: int = 20) -> tuple[int, list[str]]:
    """(routes checked, problems): a missing file, a file outside the build (a symbolic link), a body its
    schema refuses."""
    root = Path(os.path.realpath(build_dir))
    routes = orjson.loads((root / "routes.json").read_bytes())
    files = regular_files(root)
    problems: list[str] = []
    for url, route in routes.items():
        if route["file"] not in files:
            problems.append(f"{url}: file {route['file']} missing or outside the build")
            continue
        name = schema_for_url(url)
        problem = _refusal(url, root / route["file"], name) if name is not None else None
        if problem is not None:
            problems.append(problem)
        if len(problems) >= limit:
            break
    return len(routes), problems
