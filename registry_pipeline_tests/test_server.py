"""The local server: exact URLs, headers, 304, 404/400 JSON errors, filters and paging."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import http.client
import io
import threading
from pathlib import Path

import orjson
import pytest

from registry_pipeline.publish.routes import file_for_url
from registry_pipeline.publish.server import make_server
from registry_pipeline.publish.writer import publish
from registry_pipeline_tests.registry_fixture import make_registry

T = dt.datetime(2026, 2, 21, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    root = tmp_path_factory.mktemp("publish")
    api_dir = root / "api"
    result = publish(make_registry(), api_dir, T, durable=False)
    server = make_server(api_dir, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"dir": api_dir, "port": server.server_address[1], "result": result}
    server.shutdown()
    server.server_close()


class Resp:
    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return orjson.loads(self.body)


def request(api, path: str, method: str = "GET", headers: dict[str, str] | None = None) -> Resp:
    conn = http.client.HTTPConnection("127.0.0.1", api["port"], timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        r = conn.getresponse()
        return Resp(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()


def static(api, url: str) -> bytes:
    return (Path(api["dir"]) / file_for_url(url)).read_bytes()


def test_every_route_is_served_as_the_static_file(api):
    routes = orjson.loads((Path(api["dir"]) / "routes.json").read_bytes())
    assert len(routes) == len(api["result"].routes)
    for url, route in routes.items():
        r = request(api, url)
        assert r.status == 200, url
        assert r.body == static(api, url)
        assert r.headers["etag"] == api["result"].routes[url].etag
        assert r.headers["content-type"] == route["contentType"]


def test_headers(api):
    r = request(api, "/api/v1/models/o3")
    assert r.status == 200
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert r.headers["cache-control"] == "public, max-age=300"
    assert r.headers["access-control-allow-origin"] == "*"
    assert r.headers["last-modified"] == "Fri, 20 Feb 2026 00:00:00 GMT"
    assert r.headers["etag"] == f'"{hashlib.sha256(r.body).hexdigest()}"'
    assert int(r.headers["content-length"]) == len(r.body)
    csv_resp = request(api, "/api/v1/export.csv")
    assert csv_resp.headers["content-type"] == "text/csv; charset=utf-8"


def test_trailing_slash_and_index(api):
    assert request(api, "/api/v1/meta/").body == static(api, "/api/v1/meta")
    index = request(api, "/api/v1")
    assert index.status == 200 and index.json()["apiVersion"] == "v1"
    assert request(api, "/api/v1/").body == index.body


def test_head(api):
    get = request(api, "/api/v1/scores")
    head = request(api, "/api/v1/scores", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-length"] == str(len(get.body))


def test_if_none_match(api):
    etag = request(api, "/api/v1/meta").headers["etag"]
    r = request(api, "/api/v1/meta", headers={"If-None-Match": etag})
    assert r.status == 304 and r.body == b""
    assert r.headers["etag"] == etag
    assert request(api, "/api/v1/meta", headers={"If-None-Match": f'"nope", {etag}'}).status == 304
    assert request(api, "/api/v1/meta", headers={"If-None-Match": '"other"'}).status == 200
    filtered = request(api, "/api/v1/scores?modelId=o3")
    assert request(api, "/api/v1/scores?modelId=o3", headers={"If-None-Match": filtered.headers["etag"]}).status == 304


@pytest.mark.parametrize(
    "path",
    ["/api/v1/models/not-a-model", "/api/v1/leaderboards/astrology", "/api/v1/nothing", "/", "/api/v1/benchmarks?category=astrology"],
)
def test_not_found(api, path):
    r = request(api, path)
    assert r.status == 404
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert r.headers["cache-control"] == "no-store"
    body = r.json()
    assert body["error"] == "not found" and body["path"] == path.split("?")[0]


@pytest.mark.parametrize(
    "path,parameter",
    [
        ("/api/v1/models?limit=0", "limit"),
        ("/api/v1/models?limit=abc", "limit"),
        ("/api/v1/models?limit=501", "limit"),
        ("/api/v1/models?offset=-1", "offset"),
        ("/api/v1/scores?limit=5001", "limit"),
        ("/api/v1/scores?limit=", "limit"),
        ("/api/v1/scores?limit=1&limit=2", "limit"),
        ("/api/v1/scores?model=o3", "model"),
        ("/api/v1/leaderboards/all?limit=0", "limit"),
        ("/api/v1/export?format=xml", "format"),
        ("/api/v1/meta?x=1", "x"),
    ],
)
def test_bad_parameters(api, path, parameter):
    r = request(api, path)
    assert r.status == 400
    assert r.headers["cache-control"] == "no-store"
    assert r.json()["parameter"] == parameter
    assert r.json()["error"]


def test_score_filters(api):
    by_model = request(api, "/api/v1/scores?modelId=o3").json()
    assert by_model["total"] == 3 and {s["modelId"] for s in by_model["scores"]} == {"o3"}
    assert "limit" not in by_model  # no pagination parameter: the complete filtered list
    by_cat = request(api, "/api/v1/scores?category=coding").json()
    assert by_cat["total"] == 5 and {s["category"] for s in by_cat["scores"]} == {"Coding"}
    assert request(api, "/api/v1/scores?category=Coding").body == request(api, "/api/v1/scores?category=coding").body
    by_source = request(api, "/api/v1/scores?sourceId=artificial-analysis").json()
    assert [(s["modelId"], s["benchmarkId"], s["isArtificialAnalysis"]) for s in by_source["scores"]] == [("o3", "gpqa-diamond", True)]
    both = request(api, "/api/v1/scores?modelId=o3&benchmarkId=webdev-arena").json()
    assert both["total"] == 1 and both["scores"][0]["score"] == 1418.0
    assert request(api, "/api/v1/scores?modelId=nobody").json()["total"] == 0
    assert request(api, "/api/v1/scores?category=astrology").status == 404


def test_score_paging(api):
    full = request(api, "/api/v1/scores").json()["scores"]
    page = request(api, "/api/v1/scores?limit=3&offset=2").json()
    assert page["total"] == 8 and (page["offset"], page["limit"]) == (2, 3)
    assert page["scores"] == full[2:5]
    default = request(api, "/api/v1/scores?offset=6").json()
    assert default["limit"] == 500 and default["scores"] == full[6:]
    filtered = request(api, "/api/v1/scores?category=coding&limit=2").json()
    assert filtered["total"] == 5 and len(filtered["scores"]) == 2
    assert request(api, "/api/v1/scores?offset=100").json()["scores"] == []


def test_models_paging(api):
    page = request(api, "/api/v1/models?limit=1&offset=1").json()
    assert (page["total"], page["offset"], page["limit"]) == (3, 1, 1)
    assert [m["id"] for m in page["models"]] == ["gpt-4-1"]


def test_benchmarks_category(api):
    for value in ("coding", "Coding"):
        body = request(api, f"/api/v1/benchmarks?category={value}").json()
        assert [b["id"] for b in body["benchmarks"]] == ["aider-polyglot", "webdev-arena"] and body["total"] == 2


def test_leaderboard_limit(api):
    body = request(api, "/api/v1/leaderboards/all?limit=2").json()
    assert body["totalModelsRanked"] == 3 and [e["rank"] for e in body["leaderboard"]] == [1, 2]


def test_export(api):
    assert request(api, "/api/v1/export").body == static(api, "/api/v1/export")
    assert request(api, "/api/v1/export?format=json").body == static(api, "/api/v1/export")
    full_csv = request(api, "/api/v1/export?format=csv")
    assert full_csv.body == static(api, "/api/v1/export.csv")
    assert full_csv.headers["content-type"] == "text/csv; charset=utf-8"
    filtered = request(api, "/api/v1/export?modelId=o3").json()
    assert filtered["total"] == 3 and filtered["filters"] == {"modelId": "o3"}
    assert filtered["exportedAt"] == "2026-02-21T12:00:00Z"
    rows = list(csv.reader(io.StringIO(request(api, "/api/v1/export?format=csv&category=science").body.decode(), newline="")))
    assert len(rows) == 4 and {r[5] for r in rows[1:]} == {"Science"}


def test_new_build_is_picked_up(tmp_path):
    api_dir = tmp_path / "api"
    publish(make_registry(), api_dir, T, durable=False)
    server = make_server(api_dir, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = {"port": server.server_address[1]}
        first = request(port, "/api/v1/meta").json()["generatedAt"]
        publish(make_registry(), api_dir, T + dt.timedelta(days=1), durable=False)
        second = request(port, "/api/v1/meta").json()["generatedAt"]
        assert (first, second) == ("2026-02-21T12:00:00Z", "2026-02-22T12:00:00Z")
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/models?limit=2",
        "/api/v1/benchmarks?category=science",
        "/api/v1/scores?modelId=o3&limit=2&offset=1",
        "/api/v1/leaderboards/coding?limit=1&offset=1",
        "/api/v1/export?sourceId=aider&category=coding",
    ],
)
def test_filtered_bodies_follow_the_schemas(api, path):
    import jsonschema_rs

    from registry_pipeline_tests.test_publish import validate

    r = request(api, path)
    assert r.status == 200
    validate(path.split("?")[0], r.json())
    with pytest.raises(jsonschema_rs.ValidationError):
        validate(path.split("?")[0], {**r.json(), "unexpected": True})


# ---------------------------------------------------------------- under abuse (bounded; the full load is `make faults`)


@pytest.fixture()
def guarded(tmp_path):
    """A server with short limits, to see them act within a test."""
    from registry_pipeline.publish.server import ServerLimits

    api_dir = tmp_path / "api"
    publish(make_registry(), api_dir, T, durable=False)
    servers = []

    def start(**limits):
        server = make_server(api_dir, port=0, limits=ServerLimits(**limits))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return {"dir": api_dir, "port": server.server_address[1]}

    yield start
    for s in servers:
        s.shutdown()
        s.server_close()


def raw_exchange(port: int, data: bytes, timeout: float = 5.0) -> bytes:
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


@pytest.mark.parametrize("offset", ["99999999999999999999999999", "1000000001", "-1", "1e3"])
def test_an_offset_out_of_range_is_a_400(api, offset):
    r = request(api, f"/api/v1/models?offset={offset}")
    assert r.status == 400 and r.json()["parameter"] == "offset"


@pytest.mark.parametrize("line", [b"GARBAGE\r\n\r\n", b"GET /api/v1/meta HTTP/9.9\r\n\r\n", b"GET \x00\x01 HTTP/1.1\r\nHost: x\r\n\r\n"])
def test_a_malformed_request_is_answered_in_json(api, line):
    reply = raw_exchange(api["port"], line)
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400") and b"application/json" in head.lower()
    assert orjson.loads(body) == {"error": "malformed HTTP request"}


def test_other_methods_are_a_json_405(api):
    r = request(api, "/api/v1/meta", method="POST")
    assert r.status == 405 and r.headers["allow"] == "GET, HEAD, OPTIONS" and r.json()["error"] == "method not allowed"


def test_idle_and_slow_sockets_are_closed_and_do_not_slow_others(guarded):
    import socket

    srv = guarded(head_timeout=1.0)
    idle = [socket.create_connection(("127.0.0.1", srv["port"]), timeout=5) for _ in range(50)]
    slow = socket.create_connection(("127.0.0.1", srv["port"]), timeout=5)
    slow.sendall(b"GET /api/v1/meta HTTP/1.1\r\nHost: x\r\n")  # a head that never ends
    try:
        assert all(request(srv, "/api/v1/meta").status == 200 for _ in range(50))
        for sock in [*idle, slow]:
            assert sock.recv(1) == b""  # closed by the server once the head deadline passed
    finally:
        for sock in [*idle, slow]:
            sock.close()


def test_connections_past_the_cap_get_a_json_503(guarded):
    import socket

    srv = guarded(max_connections=3)
    held = [socket.create_connection(("127.0.0.1", srv["port"]), timeout=5) for _ in range(3)]
    try:
        reply = raw_exchange(srv["port"], b"GET /api/v1/meta HTTP/1.1\r\nHost: x\r\n\r\n")
        assert reply.startswith(b"HTTP/1.1 503") and orjson.loads(reply.partition(b"\r\n\r\n")[2])["error"] == "too many connections"
    finally:
        for sock in held:
            sock.close()


def test_the_optional_rate_limit_answers_429(guarded):
    srv = guarded(rate_limit=5)
    statuses = [request(srv, "/api/v1/meta").status for _ in range(7)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
    r = request(srv, "/api/v1/meta")
    assert r.json()["error"] == "rate limited" and 1 <= int(r.headers["retry-after"]) <= 61


@pytest.mark.parametrize(("path", "served"), [
    ("/api/v1/Models/O3", "/api/v1/models/o3"),
    ("/api/v1/leaderboards/Coding", "/api/v1/leaderboards/coding"),
    ("/api/v1/leaderboards/SCIENCE/", "/api/v1/leaderboards/science"),
])
def test_path_lookups_are_case_insensitive(api, path, served):
    r = request(api, path.replace(" ", "%20"))
    assert r.status == 200 and r.body == static(api, served)


def test_a_leaderboard_by_its_category_name(api):
    name = request(api, "/api/v1/categories").json()["categories"][0]
    r = request(api, "/api/v1/leaderboards/" + name["name"].replace(" ", "%20"))
    assert r.status == 200 and r.json()["categorySlug"] == name["slug"]


def test_browser_code_can_read_etag_and_last_modified(api):
    r = request(api, "/api/v1/meta")
    assert r.headers["access-control-expose-headers"] == "ETag, Last-Modified"
    assert "If-Modified-Since" in request(api, "/api/v1/meta", method="OPTIONS").headers["access-control-allow-headers"]


def test_if_modified_since_is_ignored_only_the_etag_says_a_body_is_unchanged(api):
    """Last-Modified is the latest score date (API.md), not when the body changed: a rebuild that changes a price or
    `generatedAt` keeps it, and a 304 to If-Modified-Since kept a changed /meta stale in caches (found by an audit:
    304 for a body generated months after its Last-Modified). Only If-None-Match answers 304."""
    first = request(api, "/api/v1/meta")
    last = first.headers["last-modified"]
    assert request(api, "/api/v1/meta", headers={"If-Modified-Since": last}).status == 200
    assert request(api, "/api/v1/meta", headers={"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}).status == 200
    assert request(api, "/api/v1/meta", headers={"If-Modified-Since": last, "If-None-Match": first.headers["etag"]}).status == 304


def test_encoded_slashes_separate_no_segments(api):
    """`/api/v1%2Fmeta` served /meta: an encoded `/` was decoded before routing. A static host answers it 404."""
    for path in ("/api/v1%2Fmeta", "/api/v1%2fmeta", "/api/v1/models%2Fgpt-4-1", "/api%2Fv1%2Fleaderboards%2Fcoding"):
        r = request(api, path)
        assert r.status == 404 and r.json()["error"] == "not found", path
    assert request(api, "/api/v1/meta").status == 200


def test_id_filters_match_ids_in_any_case_as_the_paths_do(api):
    """`/models/GPT-4-1` answered while `?modelId=GPT-4-1` filtered to nothing, silently."""
    rows = request(api, "/api/v1/scores?modelId=gpt-4-1").json()
    assert rows["total"] > 0
    upper = request(api, "/api/v1/scores?modelId=GPT-4-1").json()
    assert upper["scores"] == rows["scores"]
    bench = rows["scores"][0]["benchmarkId"]
    assert request(api, f"/api/v1/scores?benchmarkId={bench.upper()}").json()["scores"] == \
        request(api, f"/api/v1/scores?benchmarkId={bench}").json()["scores"]
    source = rows["scores"][0]["sourceId"]
    assert request(api, f"/api/v1/export?sourceId={source.upper()}").json()["filters"] == {"sourceId": source}


def test_a_leaderboard_path_names_a_category_by_its_name_or_slug_only(api):
    """`/leaderboards/CODING!!` and `/leaderboards/long_context` answered a board (the path was slugged); as
    `?category=`, a path names a category by its name or slug, in any case, or answers 404."""
    assert request(api, "/api/v1/leaderboards/CODING").status == 200
    for junk in ("CODING!!", "co_ding", "%20coding%20", "Co--ding"):
        r = request(api, "/api/v1/leaderboards/" + junk)
        assert r.status == 404, junk


def test_an_error_body_repeats_at_most_200_characters_of_the_path(api):
    path = "/api/v1/models/" + "a" * 20_000
    r = request(api, path)
    assert r.status == 404 and len(r.json()["path"]) == 201 and r.json()["path"].endswith("…")
    assert len(r.body) < 400


def test_a_request_head_past_64_kib_is_answered_431(api):
    """300 headers of 100 KB each were read whole and answered 200: memory unbounded at 1,000 connections."""
    r = request(api, "/api/v1/meta", headers={f"X-Pad-{i}": "x" * 8_000 for i in range(10)})
    assert r.status == 431 and r.json()["error"] == "request head too large"
    assert request(api, "/api/v1/meta", headers={"X-Pad": "x" * 8_000}).status == 200


@pytest.mark.parametrize("path", ["/api/v1/models/%23x.json", "/api/v1/models/%3Fa", "/api/v1/meta%23", "/api/v1/models/%2F"])
def test_encoded_delimiters_belong_to_the_path(api, path):
    """Found by Schemathesis: a decoded `#` once cut the path, so `/models/%23....json` served the models list."""
    r = request(api, path)
    assert r.status == 404 and r.json()["error"] == "not found"
