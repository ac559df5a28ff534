"""The append-only raw landing zone."""

from __future__ import annotations

import datetime as dt
import hashlib
import os

import orjson
import pytest

from registry_pipeline.raw_store import FetchedFile, RawStore, RawStoreError

URL = "https://artificialanalysis.ai/api/v2/data/llms/models"
T0 = dt.datetime(2026, 2, 21, 8, 30, 5, tzinfo=dt.timezone.utc)
HEADERS = {"ETag": '"e1"', "Last-Modified": "Sat, 21 Feb 2026 00:00:00 GMT", "Content-Type": "application/json"}


def files(body: bytes) -> list[FetchedFile]:
    return [FetchedFile("models.json", URL, body, 200, HEADERS)]


def test_layout_and_manifest(tmp_path):
    store = RawStore(tmp_path)
    snap = store.write_snapshot("artificial-analysis", files(b'{"data": []}'), T0, "run-1")
    assert snap.key == "2026-02-21/083005" and snap.fetched_on == dt.date(2026, 2, 21)
    assert snap.path == tmp_path / "artificial-analysis" / "2026-02-21" / "083005"
    assert sorted(p.name for p in snap.path.iterdir()) == ["manifest.json", "models.json"]
    manifest = orjson.loads((snap.path / "manifest.json").read_bytes())
    assert manifest == {
        "source_id": "artificial-analysis",
        "snapshot": "2026-02-21/083005",
        "fetched_at": "2026-02-21T08:30:05Z",
        "origin": "live",
        "run_id": "run-1",
        "files": [{
            "name": "models.json", "url": URL, "http_status": 200, "etag": '"e1"',
            "last_modified": "Sat, 21 Feb 2026 00:00:00 GMT", "content_type": "application/json",
            "bytes": 12, "sha256": hashlib.sha256(b'{"data": []}').hexdigest(),
        }],
    }
    assert snap.read() == {"models.json": b'{"data": []}'}
    assert snap.verify() == []
    # no temp dirs left behind
    assert [p.name for p in (tmp_path / "artificial-analysis").iterdir()] == ["2026-02-21"]


def test_write_once_bumps_the_second(tmp_path):
    store = RawStore(tmp_path)
    first = store.write_snapshot("s", files(b"one"), T0, None)
    before = {p.name: p.read_bytes() for p in first.path.iterdir()}
    second = store.write_snapshot("s", files(b"two"), T0, None)
    assert second.key == "2026-02-21/083006" and second.path != first.path
    assert {p.name: p.read_bytes() for p in first.path.iterdir()} == before  # untouched
    assert second.read() == {"models.json": b"two"}


def test_identical_bytes_are_not_duplicated(tmp_path):
    store = RawStore(tmp_path)
    first = store.write_snapshot("s", files(b"same"), T0, None)
    again = store.write_snapshot("s", files(b"same"), T0 + dt.timedelta(days=1), "run-2")
    assert again.key == first.key and again.path == first.path
    assert len(store.snapshots("s")) == 1
    changed = store.write_snapshot("s", files(b"different"), T0 + dt.timedelta(days=1), None)
    assert changed.key == "2026-02-22/083005"
    # back to the old bytes: compared with the latest only, so this is a new snapshot
    back = store.write_snapshot("s", files(b"same"), T0 + dt.timedelta(days=2), None)
    assert back.key == "2026-02-23/083005"


def test_newest_first_and_only_complete_snapshots(tmp_path):
    store = RawStore(tmp_path)
    for i, when in enumerate([T0, T0 - dt.timedelta(days=3), T0 + dt.timedelta(hours=2), T0 - dt.timedelta(seconds=1)]):
        store.write_snapshot("s", files(f"body {i}".encode()), when, None)
    (tmp_path / "s" / "2030-01-01" / "000000").mkdir(parents=True)  # no manifest: incomplete
    (tmp_path / "s" / "2030-01-02" / "000000" / "manifest.json").mkdir(parents=True)  # a folder in its place
    (tmp_path / "s" / "2030-01-03").write_text("a file named like a day")
    (tmp_path / "s" / "2026-02-21" / "235959").write_text("a file named like a moment")
    (tmp_path / "s" / ".tmp-abc").mkdir()
    keys = [s.key for s in store.snapshots("s")]
    assert keys == ["2026-02-21/103005", "2026-02-21/083005", "2026-02-21/083004", "2026-02-18/083005"]
    assert store.latest("s").key == "2026-02-21/103005"
    assert store.snapshots("missing") == [] and store.latest("missing") is None


def test_verify_catches_tampering(tmp_path):
    store = RawStore(tmp_path)
    snap = store.write_snapshot("s", files(b'{"data": [1]}'), T0, None)
    os.chmod(snap.path / "models.json", 0o644)
    (snap.path / "models.json").write_bytes(b'{"data": [2]}')
    problems = snap.verify()
    assert len(problems) == 1 and "sha256" in problems[0] and "models.json" in problems[0]
    (snap.path / "models.json").unlink()
    assert "missing" in snap.verify()[0]


def test_naive_datetime_is_utc_and_bad_names_refused(tmp_path):
    store = RawStore(tmp_path)
    snap = store.write_snapshot("s", files(b"x"), dt.datetime(2026, 1, 2, 3, 4, 5), None)
    assert snap.key == "2026-01-02/030405"
    for name in ["manifest.json", "../evil", ""]:
        with pytest.raises(RawStoreError):
            store.write_snapshot("s", [FetchedFile(name, URL, b"y")], T0, None)


def test_manifest_has_no_request_headers(tmp_path):
    store = RawStore(tmp_path)
    snap = store.write_snapshot("s", [FetchedFile("a.json", URL, b"{}", 200, {**HEADERS, "Date": "x"})], T0, None)
    entry = snap.manifest["files"][0]
    assert set(entry) == {"name", "url", "http_status", "etag", "last_modified", "content_type", "bytes", "sha256"}


def test_nested_file_names_land_in_subfolders(tmp_path):
    """tau2-bench's submissions are `<submission id>/submission.json`: one snapshot, subfolders inside."""
    store = RawStore(tmp_path)
    names = ["manifest.json.idx", "gpt-5_sierra_2025-08-09/submission.json", "o3_openai_2025-01-15/submission.json"]
    snap = store.write_snapshot("t", [FetchedFile(n, URL, n.encode()) for n in names], T0, None)
    assert snap.read() == {n: n.encode() for n in names}
    assert (snap.path / "gpt-5_sierra_2025-08-09" / "submission.json").is_file()
    assert snap.verify() == []


@pytest.mark.parametrize(
    "name",
    ["../evil", "a/../../evil", "/etc/passwd", "a//b", "a/./b", "a\\b", ".hidden", "a/\u202egpt", "x\n.json", "a" * 400, "a/"],
)
def test_unsafe_file_names_are_refused(tmp_path, name):
    with pytest.raises(RawStoreError, match="invalid raw file name"):
        RawStore(tmp_path).write_snapshot("s", [FetchedFile(name, URL, b"y")], T0, None)
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_a_tampered_manifest_cannot_read_outside_its_snapshot(tmp_path):
    store = RawStore(tmp_path)
    snap = store.write_snapshot("s", files(b"x"), T0, None)
    (tmp_path / "secret.txt").write_text("not yours")
    manifest = orjson.loads((snap.path / "manifest.json").read_bytes())
    manifest["files"][0]["name"] = "../../../secret.txt"
    (snap.path / "manifest.json").write_bytes(orjson.dumps(manifest))
    with pytest.raises(RawStoreError):
        store.latest("s").read()
