"""acquire(): live fetch, 304, fallback to the newest snapshot, offline — never touching the network."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import httpx
import pytest

from registry_pipeline.acquire import acquire
from registry_pipeline.config import Settings
from registry_pipeline.raw_store import RawStore
from registry_pipeline.sources.artificial_analysis import SPEC, parse
from registry_pipeline_tests.conftest import SHARED_SNAPSHOTS
from registry_pipeline.sources.base import ParseContext

REPO = Path(__file__).resolve().parents[1]
HAND_MADE = REPO / "data" / "raw" / "artificial-analysis"
KEY = "aa-key-SECRET-0123456789abcdef"
NOW = dt.datetime(2026, 2, 22, 6, 0, 0, tzinfo=dt.timezone.utc)
URL = SPEC.files[0].url


@pytest.fixture
def raw(tmp_path) -> Path:
    """A private raw dir holding a copy of the hand-made AA snapshot."""
    dest = tmp_path / "raw" / "artificial-analysis"
    shutil.copytree(HAND_MADE, dest)
    return tmp_path / "raw"


def settings(tmp_path: Path, offline: bool = False) -> Settings:
    return Settings(data_dir=tmp_path, offline=offline)


def client_for(handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def forbidden(request: httpx.Request) -> httpx.Response:
    pytest.fail(f"unexpected network call to {request.url}")


def run(tmp_path, raw, handler, environ, *, offline=False, logs=None):
    return acquire(
        SPEC,
        store=RawStore(raw),
        client=client_for(handler),
        settings=settings(tmp_path, offline),
        environ=environ,
        now=NOW,
        run_id="run-42",
        log=(logs.append if logs is not None else (lambda _: None)),
        sleep=lambda _: None,
    )


def test_offline_makes_no_request(tmp_path, raw):
    logs: list[str] = []
    result = run(tmp_path, raw, forbidden, {SPEC.auth_env_var: KEY}, offline=True, logs=logs)
    assert result.mode == "offline" and result.snapshot is not None
    assert result.snapshot.key == "2026-02-16/000000"
    assert logs and KEY not in " ".join(logs)


def test_missing_key_falls_back_to_snapshot(tmp_path, raw):
    for environ in ({}, {SPEC.auth_env_var: ""}, {SPEC.auth_env_var: "   "}):
        result = run(tmp_path, raw, forbidden, environ)
        assert result.mode == "fallback"
        assert result.message == "artificial-analysis: ARTIFICIAL_ANALYSIS_API_KEY is not set; using snapshot 2026-02-16/000000"
        snap = result.snapshot
        assert snap is not None and snap.verify() == []
        parsed = parse(snap.read(), ParseContext(SPEC.id, snap.fetched_on))
        assert parsed.scores.height > 200 and parsed.rejects.is_empty()


def test_no_snapshot_at_all(tmp_path):
    result = run(tmp_path, tmp_path / "empty", forbidden, {})
    assert result.snapshot is None and result.mode == "fallback"
    assert "ARTIFICIAL_ANALYSIS_API_KEY is not set" in result.message and "no raw snapshot" in result.message


def test_http_500_falls_back(tmp_path, raw):
    calls = []
    logs: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(500, text=f"internal error for key {request.headers['x-api-key']}")

    result = run(tmp_path, raw, handler, {SPEC.auth_env_var: KEY}, logs=logs)
    assert len(calls) == 4  # retried, then gave up
    assert result.mode == "fallback" and result.snapshot.key == "2026-02-16/000000"
    assert "artificial-analysis" in result.message and URL in result.message and "500" in result.message
    assert KEY not in result.message and KEY not in " ".join(logs)
    assert len(RawStore(raw).snapshots(SPEC.id)) == 1


def test_401_falls_back_without_leaking_key(tmp_path, raw):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, text="invalid key")

    logs: list[str] = []
    result = run(tmp_path, raw, handler, {SPEC.auth_env_var: KEY}, logs=logs)
    assert result.mode == "fallback" and "401" in result.message
    assert KEY not in result.message and KEY not in " ".join(logs)


def test_success_writes_new_snapshot_without_secrets(tmp_path, raw):
    old = RawStore(raw).latest(SPEC.id)
    body = SHARED_SNAPSHOTS / "artificial-analysis" / "docs-example-response.json"
    if not body.is_file():
        pytest.skip("real recording not found")
    payload = body.read_bytes()

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["x-api-key"] == KEY
        assert "if-none-match" not in request.headers  # the hand-made manifest has no etag
        return httpx.Response(200, content=payload, headers={"ETag": '"w1"', "Content-Type": "application/json"})

    logs: list[str] = []
    result = run(tmp_path, raw, handler, {SPEC.auth_env_var: KEY}, logs=logs)
    assert result.mode == "live"
    snap = result.snapshot
    assert snap.key == "2026-02-22/060000" and snap.key != old.key
    assert snap.read() == {"models.json": payload} and snap.verify() == []
    manifest_text = (snap.path / "manifest.json").read_text()
    assert KEY not in manifest_text and "x-api-key" not in manifest_text
    assert snap.manifest["origin"] == "live" and snap.manifest["run_id"] == "run-42"
    assert snap.manifest["files"][0]["etag"] == '"w1"' and snap.manifest["files"][0]["http_status"] == 200
    assert KEY not in " ".join(logs)
    assert [s.key for s in RawStore(raw).snapshots(SPEC.id)] == ["2026-02-22/060000", "2026-02-16/000000"]
    assert old.verify() == []  # the older snapshot is untouched


def test_conditional_get_304_is_unchanged(tmp_path, raw):
    first = run(tmp_path, raw, lambda r: httpx.Response(200, content=b'{"data": []}', headers={"ETag": '"v7"'}),
                {SPEC.auth_env_var: KEY})
    assert first.mode == "live"

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["if-none-match"] == '"v7"'
        return httpx.Response(304)

    result = run(tmp_path, raw, handler, {SPEC.auth_env_var: KEY})
    assert result.mode == "unchanged" and result.snapshot.key == first.snapshot.key
    assert len(RawStore(raw).snapshots(SPEC.id)) == 2


def test_identical_body_does_not_duplicate(tmp_path, raw):
    same = (HAND_MADE / "2026-02-16" / "000000" / "models.json").read_bytes()
    result = run(tmp_path, raw, lambda r: httpx.Response(200, content=same), {SPEC.auth_env_var: KEY})
    assert result.mode == "live" and result.snapshot.key == "2026-02-16/000000"
    assert len(RawStore(raw).snapshots(SPEC.id)) == 1


@pytest.mark.parametrize("bad_key", ["sk-abc\r\nX-Injected: 1", "sk-\x00nul", "sk-\u00e9t\u00e9", "sk-\x1b[31m"])
def test_a_key_with_control_characters_is_refused_without_echoing_it(tmp_path, raw, bad_key):
    logs: list[str] = []
    result = run(tmp_path, raw, forbidden, {"ARTIFICIAL_ANALYSIS_API_KEY": bad_key}, logs=logs)
    assert result.mode == "fallback" and result.snapshot is not None
    assert "ARTIFICIAL_ANALYSIS_API_KEY contains control or non-ASCII characters; not sent" in result.message
    secret = bad_key.strip()[3:]
    assert all(secret not in line for line in logs + [result.message])


# --- discovery: a manifest names further files, fetched into the same snapshot ---

from registry_pipeline.sources import get_source  # noqa: E402

TAU2 = get_source("tau2-bench")
BASE = TAU2.spec.files[0].url.rsplit("/", 1)[0]
MANIFEST = b'{"submissions": ["gpt-5_sierra_2025-08-09", "o3_openai_2025-01-15"], "last_updated": "2026-01-26"}'


def discover_run(tmp_path, handler):
    return acquire(
        TAU2.spec, store=RawStore(tmp_path / "raw"), client=client_for(handler), settings=settings(tmp_path),
        environ={}, now=NOW, run_id="r", sleep=lambda _: None, discover=TAU2.discover,
    )


def test_discovered_files_land_in_one_snapshot_and_304_carries_them_over(tmp_path):
    seen: list[str] = []

    def serve(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        seen.append(url)
        if request.headers.get("if-none-match") == '"same"':
            return httpx.Response(304)
        body = MANIFEST if url.endswith("/manifest.json") else b'{"model_name": "%s"}' % url.split("/")[-2].encode()
        return httpx.Response(200, content=body, headers={"etag": '"same"'})

    first = discover_run(tmp_path, serve)
    assert first.mode == "live"
    assert sorted(first.snapshot.file_names) == [
        "gpt-5_sierra_2025-08-09/submission.json", "o3_openai_2025-01-15/submission.json", "submissions-manifest.json",
    ]
    assert seen[1:] == [f"{BASE}/gpt-5_sierra_2025-08-09/submission.json", f"{BASE}/o3_openai_2025-01-15/submission.json"]
    # everything answers 304 the second time: unchanged, same snapshot, bytes intact
    second = discover_run(tmp_path, serve)
    assert second.mode == "unchanged" and second.snapshot.key == first.snapshot.key
    assert second.snapshot.read() == first.snapshot.read()


def test_a_discovered_file_that_fails_never_lands_a_partial_snapshot(tmp_path):
    def serve(request: httpx.Request) -> httpx.Response:
        if str(request.url).endswith("/manifest.json"):
            return httpx.Response(200, content=MANIFEST)
        if "o3_openai" in str(request.url):
            return httpx.Response(404)
        return httpx.Response(200, content=b"{}")

    result = discover_run(tmp_path, serve)
    assert result.mode == "fallback" and result.snapshot is None
    assert "o3_openai_2025-01-15/submission.json" in result.message and "404" in result.message
    assert RawStore(tmp_path / "raw").snapshots("tau2-bench") == []


@pytest.mark.parametrize(
    ("manifest", "why"),
    [(b"<html>not json</html>", "discovering its files failed"), (b'{"nothing": []}', "discovering its files failed")],
)
def test_a_bad_index_falls_back_with_a_reason(tmp_path, manifest, why):
    result = discover_run(tmp_path, lambda request: httpx.Response(200, content=manifest))
    assert result.mode == "fallback" and why in result.message
    assert RawStore(tmp_path / "raw").snapshots("tau2-bench") == []


def test_html_where_json_was_expected_lands_as_received_and_staging_falls_back(tmp_path, raw):
    """The raw zone keeps bytes exactly as received (an error page is evidence); the source then uses its
    last accepted snapshot, and the reason names the source, the file and the field."""
    from registry_pipeline.sources import get_source
    from registry_pipeline.staging import stage_source

    page = b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>"
    result = run(tmp_path, raw, lambda r: httpx.Response(200, content=page, headers={"content-type": "text/html"}),
                 {"ARTIFICIAL_ANALYSIS_API_KEY": KEY})
    assert result.mode == "live" and result.snapshot.read()["models.json"] == page
    store = RawStore(raw)
    staged = stage_source(get_source("artificial-analysis"), store.snapshots("artificial-analysis"),
                          {"mode": result.mode, "snapshot": result.snapshot.key, "message": result.message}, "r")
    assert staged.status["mode"] == "fallback" and staged.status["snapshot"] != result.snapshot.key
    reason = staged.status["refused"][0]["reason"]
    assert "artificial-analysis" in reason and "models.json" in reason and "not valid JSON" in reason
