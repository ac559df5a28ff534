"""Start-up: `registry-pipeline --help` imports none of the pipeline's libraries, and `serve` neither
Dagster, pandera nor DuckDB (it reads the published files; polars comes with the shared slug rule and
the CSV export): the preview server starts in a fraction of the time a build's imports take. Each case
runs in a fresh interpreter, so the modules it lists are the ones that command imported."""

from __future__ import annotations

import json
import subprocess
import sys

from registry_pipeline.publish.writer import publish
from registry_pipeline_tests.test_publish import T1, make_registry

HEAVY = ("dagster", "pandera", "duckdb")


def imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_help_imports_no_pipeline_library():
    code = "from registry_pipeline import cli\ntry:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass"
    assert not imported_after(code) & {*HEAVY, "polars"}


def test_serve_imports_no_pipeline_library(tmp_path):
    publish(make_registry(), tmp_path / "api", T1, durable=False)
    # everything `registry-pipeline serve` does before it blocks: settings, the server, a first answer
    code = (
        "from pathlib import Path\nfrom registry_pipeline import cli\nfrom registry_pipeline.publish import server\n"
        f"s = server.make_server(Path({str(tmp_path / 'api')!r}), port=0)\n"
        "state = server.ApiState(Path(" + repr(str(tmp_path / "api")) + "))\n"
        "body, _, _ = server.respond(state.current(), '/api/v1/meta', '')\nassert b'generatedAt' in body\ns.server_close()"
    )
    loaded = imported_after(code)
    assert "starlette" in loaded and "uvicorn" in loaded  # the probe did load the server
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_build_imports_no_web_stack():
    """A build publishes through `publish.writer` and `publish.builders`; the preview server's web stack
    (uvicorn, starlette: ~45 ms of a build's start-up) is for `serve` only."""
    loaded = imported_after("import registry_pipeline.definitions")
    assert "dagster" in loaded  # the probe did load the build's definitions
    assert not loaded & {"uvicorn", "starlette"}, loaded & {"uvicorn", "starlette"}
