"""The OpenAPI 3.1 document (`/api/v1/openapi.json`): valid under an OpenAPI validator, covering every
endpoint, and the preview server conforms to it under a bounded Schemathesis run (status codes,
content types, response schemas, never a 5xx)."""

from __future__ import annotations

import datetime as dt
import os
import threading

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate

from registry_pipeline.publish import builders
from registry_pipeline.publish.openapi import openapi_document
from registry_pipeline.publish.routes import ENDPOINTS
from registry_pipeline.publish.server import make_server
from registry_pipeline.publish.writer import publish
from registry_pipeline_tests.registry_fixture import make_registry

T = dt.datetime(2026, 2, 21, 12, 0, tzinfo=dt.timezone.utc)
DOCUMENT = openapi_document()


def test_the_document_is_valid_openapi_3_1():
    validate(DOCUMENT)
    assert DOCUMENT["openapi"] == "3.1.0"
    assert set(DOCUMENT["paths"]) == set(ENDPOINTS.values())


def test_the_document_is_published():
    bodies = builders.build_all(make_registry(), T)
    assert bodies["/api/v1/openapi.json"] == DOCUMENT
    assert bodies["/api/v1"]["endpoints"]["openapi"] == "/api/v1/openapi.json"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    api_dir = tmp_path_factory.mktemp("openapi") / "api"
    publish(make_registry(), api_dir, T, durable=False)
    server = make_server(api_dir, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


schema = schemathesis.openapi.from_dict(DOCUMENT)


@schema.parametrize()
@settings(max_examples=int(os.environ.get("REGISTRY_FUZZ_EXAMPLES", "8")), deadline=None, suppress_health_check=list(HealthCheck))
def test_the_server_conforms_to_the_document(case, base_url):
    case.call_and_validate(base_url=base_url)
