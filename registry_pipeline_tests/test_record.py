"""`registry-pipeline record` lands local files as a raw snapshot exactly as a fetch would."""

from __future__ import annotations

import hashlib

import orjson
import pytest

from registry_pipeline.cli import main
from registry_pipeline.raw_store import RawStore


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("REGISTRY_DATA_DIR", str(tmp_path))
    return tmp_path


def test_record_a_recording_folder(data_dir, shared_snapshots, capsys):
    folder = shared_snapshots / "aider"
    assert main(["record", "aider", str(folder), "--fetched-at", "2025-10-04T08:30:00Z"]) == 0
    out = capsys.readouterr().out
    snap = RawStore(data_dir / "raw").latest("aider")
    assert snap.key == "2025-10-04/083000" and f"landed {snap.path}" in out
    manifest = snap.manifest
    assert manifest["origin"] == "recorded" and manifest["source_id"] == "aider"
    assert snap.verify() == []
    for entry in manifest["files"]:
        data = (folder / entry["name"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["bytes"] == len(data)
        assert entry["url"].startswith("https://raw.githubusercontent.com/Aider-AI/")
    assert "SOURCE.md" not in snap.file_names
    # recording the same bytes again lands nothing new
    assert main(["record", "aider", str(folder)]) == 0
    assert "identical to" in capsys.readouterr().out
    assert len(RawStore(data_dir / "raw").snapshots("aider")) == 1


def test_a_single_file_recording_lands_under_the_spec_name(data_dir, shared_snapshots):
    recording = shared_snapshots / "artificial-analysis" / "docs-example-response.json"
    assert main(["record", "artificial-analysis", str(recording.parent)]) == 0
    snap = RawStore(data_dir / "raw").latest("artificial-analysis")
    assert snap.file_names == ["models.json"]
    assert snap.read()["models.json"] == recording.read_bytes()
    assert "x-api-key" not in orjson.dumps(snap.manifest).decode().lower()


def test_name_equals_file_maps_a_download_to_a_spec_file(data_dir, tmp_path):
    download = tmp_path / "Downloads-polyglot (1).yml"
    download.write_bytes(b"- dirname: 2025-01-01-00-00-00--x\n  model: o3\n  pass_rate_2: 50.0\n  date: 2025-01-01\n")
    from registry_pipeline.sources import get_source

    names = [f.name for f in get_source("aider").spec.files]
    args = [f"{name}={download}" for name in names]
    assert main(["record", "aider", *args]) == 0
    snap = RawStore(data_dir / "raw").latest("aider")
    assert sorted(snap.file_names) == sorted(names)


def test_unknown_source_and_missing_files_are_clear_errors(data_dir, tmp_path, capsys):
    with pytest.raises(SystemExit, match="unknown source 'nope'; registered sources: .*aider"):
        main(["record", "nope", str(tmp_path)])
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "other.json").write_text("{}")
    (empty / "more.json").write_text("{}")
    assert main(["record", "models-dev", str(empty)]) == 2
    assert "api.json" in capsys.readouterr().err
    assert RawStore(data_dir / "raw").latest("models-dev") is None
    assert main(["record", "models-dev", str(tmp_path / "absent")]) == 2


def test_accept_records_the_operator_decision(data_dir, shared_snapshots, capsys):
    assert main(["accept", "aider", "--reason", "x"]) == 2  # nothing to accept yet
    main(["record", "aider", str(shared_snapshots / "aider")])
    assert main(["accept", "aider", "--reason", "upstream dropped old runs"]) == 0
    ledger = (data_dir / "raw" / "aider" / "operator-accepted.jsonl").read_bytes().splitlines()
    entry = orjson.loads(ledger[-1])
    assert entry["reason"] == "upstream dropped old runs"
    assert entry["snapshot"] == RawStore(data_dir / "raw").latest("aider").key
    # the ledger is beside the snapshots, not one of them
    assert len(RawStore(data_dir / "raw").snapshots("aider")) == 1
